// SPDX-License-Identifier: MIT
/*
 * QEMU's SNP CPUID page, from QEMU target/i386/kvm/kvm.c @00001a22
 * (kvm_x86_build_cpuid, kvm_arch_init_vcpu), target/i386/sev.c
 * (sev_snp_cpuid_info_fill, sev_snp_mask_cpuid_features,
 * sev_common_kvm_init) and target/i386/cpu.c (cpu_x86_cpuid 0x8000001F);
 * research/snp.md §5.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "certify/feature_table.h"
#include "snp_qemu.h"

#define QEMU_SOURCE "qemu/qemu target/i386"
#define KVM_MAX_CPUID_ENTRIES 100	/* kvm.c: cpuid_data's size */
#define SNP_CPUID_FUNCTION_MAXCOUNT 64	/* sev.c */
#define SNP_DEFAULT_CBITPOS 51		/* Milan, Genoa, Turin */
/* QEMU's kvm_default_props: kvmclock (bits 0, 3), kvm-nopiodelay (1),
 * kvm-asyncpf (4), kvm-steal-time (5), kvm-pv-eoi (6),
 * kvmclock-stable-bit (24). */
#define QEMU_DEFAULT_KVM_FEATURES 0x0100007bu

struct qent {
	uint32_t fn, idx;
	bool significant;	/* KVM_CPUID_FLAG_SIGNIFCANT_INDEX alone */
	uint32_t regs[CPUID_NR_REGS];
};

struct qctx {
	const struct cpuid_set *cpu;	/* what cpu_x86_cpuid() answers */
	struct qent ents[KVM_MAX_CPUID_ENTRIES];
	unsigned int n;
	bool full;
	uint32_t full_fn, full_idx;
	struct trace *t;
};

static void vmm_note(struct trace *t, const struct cpuid_entry *key,
		     unsigned int reg, uint32_t mask, const char *cls,
		     const char *rule, const char *text)
{
	struct bit_note bn = {
		.strength = NOTE_CHANGE,
		.class = cls,
		.layer = "vmm",
		.rule = rule,
		.source = QEMU_SOURCE,
		.note = text,
	};

	if (mask)
		trace_note(t, key, reg, mask, &bn);
}

static void query(const struct qctx *c, uint32_t fn, uint32_t idx,
		  uint32_t regs[CPUID_NR_REGS])
{
	const struct cpuid_entry *e = cpuid_set_lookup(c->cpu, fn, idx);

	if (e)
		memcpy(regs, e->regs, sizeof(e->regs));
	else
		memset(regs, 0, CPUID_NR_REGS * sizeof(regs[0]));
}

static bool emit(struct qctx *c, uint32_t fn, uint32_t idx, bool significant)
{
	struct qent *q;

	if (c->n == KVM_MAX_CPUID_ENTRIES) {
		if (!c->full) {
			c->full = true;
			c->full_fn = fn;
			c->full_idx = idx;
		}
		return false;
	}
	q = &c->ents[c->n++];
	q->fn = fn;
	q->idx = idx;
	q->significant = significant;
	query(c, fn, idx, q->regs);
	return true;
}

static bool all_zero(const uint32_t r[CPUID_NR_REGS])
{
	return !(r[0] | r[1] | r[2] | r[3]);
}

/* Leaves 4, 0xB, 0x1F, 0xD: sub-leaves up to a terminator. */
static void sub_loop(struct qctx *c, uint32_t fn)
{
	uint32_t j, r[CPUID_NR_REGS];

	/* No bound but the list's size, as in QEMU (full: it aborts). */
	for (j = 0; !c->full; j++) {
		query(c, fn, j, r);
		if (fn == 0xd) {
			/* Every sub-leaf with EAX 0 is left out, 0 and 1 too;
			 * QEMU stops at 63 unless that one is kept. */
			if (!r[0] && j >= 63)
				return;
			if (r[0] && !emit(c, fn, j, true))
				return;
			continue;
		}
		if (!emit(c, fn, j, true))
			return;
		if (fn == 4 && r[0] == 0)
			return;
		if ((fn == 0xb || fn == 0x1f) && (r[2] & 0xff00) == 0)
			return;
	}
}

/* Leaves 7, 0x14, 0x1D, 0x1E, 0x24: sub-leaves 0 .. EAX of sub-leaf 0. */
static void count_loop(struct qctx *c, uint32_t fn)
{
	uint32_t j, times, r[CPUID_NR_REGS];

	query(c, fn, 0, r);
	times = r[0];
	for (j = 0; j <= times && !c->full; j++)
		if (!emit(c, fn, j, true))
			return;
}

/*
 * The last leaf below @top that can make an entry: one the model has, or
 * @special (the highest leaf QEMU lists even when the model lacks it).
 * Beyond it every leaf is all-zero and dropped.
 */
static uint32_t last_leaf(const struct qctx *c, uint32_t base, uint32_t top,
			  uint32_t special)
{
	const struct cpuid_entry *e;
	uint32_t last = special;

	cpuid_set_for_each(e, c->cpu)
		if (e->leaf >= base && e->leaf <= top && e->leaf > last)
			last = e->leaf;
	return last;
}

static void standard(struct qctx *c, bool has_1f)
{
	uint32_t i, j, limit, r[CPUID_NR_REGS];

	query(c, 0, 0, r);
	limit = r[0];
	if (limit > 0x3fffffffu)
		limit = 0x3fffffffu;
	limit = limit < last_leaf(c, 0, limit, 0x24) ? limit :
		last_leaf(c, 0, limit, 0x24);
	for (i = 0; i <= limit && !c->full; i++) {
		switch (i) {
		case 2:
			/* Stateful: EAX[7:0] copies; AMD models answer 0. */
			query(c, 2, 0, r);
			for (j = 0; j < ((r[0] & 0xff) ? (r[0] & 0xff) : 1);
			     j++)
				if (!emit(c, 2, 0, false))
					break;
			break;
		case 0x1f:
			if (!has_1f)
				break;
			/* fall through */
		case 4:
		case 0xb:
		case 0xd:
			sub_loop(c, i);
			break;
		case 0x12:
			for (j = 0; !c->full; j++) {
				query(c, i, j, r);
				if (!emit(c, i, j, true) ||
				    (j > 1 && (r[0] & 0xf) != 1))
					break;
			}
			break;
		case 7:
		case 0x14:
		case 0x1d:
		case 0x1e:
		case 0x24:
			count_loop(c, i);
			break;
		default:
			query(c, i, 0, r);
			if (!all_zero(r))
				emit(c, i, 0, false);
			break;
		}
		if (i == 0xffffffffu)
			break;
	}
}

static void extended(struct qctx *c)
{
	uint32_t i, limit, r[CPUID_NR_REGS];

	query(c, 0x80000000u, 0, r);
	limit = r[0];
	if (limit > last_leaf(c, 0x80000000u, limit, 0x8000001du))
		limit = last_leaf(c, 0x80000000u, limit, 0x8000001du);
	for (i = 0x80000000u; i <= limit && !c->full; i++) {
		if (i == 0x8000001du) {
			uint32_t j;

			for (j = 0;; j++) {
				query(c, i, j, r);
				if (!emit(c, i, j, true) || r[0] == 0)
					break;
			}
		} else {
			query(c, i, 0, r);
			if (!all_zero(r))
				emit(c, i, 0, false);
		}
		if (i == 0xffffffffu)
			break;
	}
	/* Centaur leaves when the model has them, zero ones kept. */
	query(c, 0xc0000000u, 0, r);
	if (r[0] >= 0xc0000000u)
		for (i = 0xc0000000u; i <= r[0] && !c->full; i++) {
			/* Zero leaves are kept here: the list fills up. */
			emit(c, i, 0, false);
			if (i == 0xffffffffu)
				break;
		}
}

/* KVM's (or the model's own) hypervisor leaves go first. */
static void hypervisor(struct qctx *c)
{
	const struct cpuid_entry *e;
	bool any = false;

	cpuid_set_for_each(e, c->cpu) {
		if (e->leaf < 0x40000000u || e->leaf > 0x4fffffffu)
			continue;
		any = true;
		if (c->n < KVM_MAX_CPUID_ENTRIES) {
			struct qent *q = &c->ents[c->n++];

			q->fn = e->leaf;
			q->idx = e->subleaf;
			q->significant = e->indexed;
			memcpy(q->regs, e->regs, sizeof(q->regs));
		}
	}
	if (any)
		return;
	/* expose_kvm: "KVMKVMKVM\0\0\0" and the default KVM features. */
	c->ents[c->n++] = (struct qent){
		.fn = 0x40000000u,
		.regs = { 0x40000001u, 0x4b4d564bu, 0x564b4d56u, 0x4du },
	};
	c->ents[c->n++] = (struct qent){
		.fn = 0x40000001u,
		.regs = { QEMU_DEFAULT_KVM_FEATURES, 0, 0, 0 },
	};
}

/* sev_snp_mask_cpuid_features(): bits KVM emulates, the firmware refuses. */
static const struct cpuid_field snp_masked[] = {
	CPUID_FEATURE_TSC_DEADLINE_TIMER,
	CPUID_FEATURE_TSC_ADJUST,
	CPUID_FEATURE_SPEC_CTRL,
	CPUID_FEATURE_INTEL_STIBP,
	CPUID_FEATURE_FLUSH_L1D,
	CPUID_FEATURE_ARCH_CAPABILITIES,
	CPUID_FEATURE_CORE_CAPABILITIES,
	CPUID_FEATURE_SPEC_CTRL_SSBD,
	CPUID_FEATURE_VIRT_SSBD,
};

static int set_entry(struct cpuid_set *s, uint32_t leaf, bool indexed,
		     const uint32_t regs[CPUID_NR_REGS])
{
	struct cpuid_entry e = { .leaf = leaf, .indexed = indexed };

	memcpy(e.regs, regs, sizeof(e.regs));
	return cpuid_set_put(s, &e);
}

/* The model as QEMU adjusts it for an SNP guest; st set on QEMU errors. */
static int adjust(struct cpuid_set *m, const struct cpuid_set *host,
		  const struct snp_params *p, struct trace *t,
		  struct strpool *pool, struct snp_qemu_status *st)
{
	const struct cpuid_entry *e;
	uint32_t r[CPUID_NR_REGS], host_cbit = 0, cbit;
	bool host_known = false;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(snp_masked); i++) {
		const struct cpuid_field *f = &snp_masked[i];
		struct cpuid_entry *me;

		e = cpuid_set_lookup(m, f->leaf, f->subleaf);
		if (!e || !(e->regs[f->reg] & cpuid_field_mask(f)))
			continue;
		me = (struct cpuid_entry *)e;
		me->regs[f->reg] &= ~cpuid_field_mask(f);
		vmm_note(t, me, f->reg, cpuid_field_mask(f), "vmm-mask",
			 "sev_snp_mask_cpuid_features",
			 "QEMU hides it from SNP guests (KVM can emulate it, "
			 "the firmware refuses it)");
	}
	/* x86_cpu_expand_features(): SEV needs the 0x8000001F leaf. */
	e = cpuid_set_lookup(m, 0x80000000u, 0);
	if (!e || e->regs[0] < 0x8000001fu) {
		struct cpuid_entry key = { .leaf = 0x80000000u };

		memset(r, 0, sizeof(r));
		if (e)
			memcpy(r, e->regs, sizeof(r));
		r[0] = 0x8000001fu;
		if (set_entry(m, 0x80000000u, false, r))
			return -1;
		vmm_note(t, &key, CPUID_REG_EAX, 0xffffffffu, "vmm-set",
			 "cpuid_min_xlevel", "QEMU raises the extended level "
			 "to 0x8000001F for an SEV guest");
	}
	if (host) {
		e = cpuid_set_lookup(host, 0x8000001fu, 0);
		if (e && (e->regs[1] & 0x3f)) {
			host_cbit = e->regs[1] & 0x3f;
			host_known = true;
		}
	}
	cbit = p->has_cbitpos ? p->cbitpos :
	       host_known ? host_cbit : SNP_DEFAULT_CBITPOS;
	if (host_known && cbit != host_cbit) {
		st->err = EINVAL;
		st->message = strpool_printf(pool, "sev: cbitpos check failed, "
					     "host '%" PRIu32 "' requested '%"
					     PRIu32 "' (QEMU exits; set "
					     "snp.cbitpos to the host's)",
					     host_cbit, cbit);
	}
	if (p->reduced_phys_bits < 1 && !st->err) {
		st->err = EINVAL;
		st->message = strpool_printf(pool, "sev: reduced_phys_bits "
					     "check failed, it should be >=1, "
					     "found %" PRIu32 " (QEMU exits)",
					     p->reduced_phys_bits);
	}
	/* cpu_x86_cpuid(0x8000001F) for an SEV-ES/SNP guest. */
	{
		struct cpuid_entry key = { .leaf = 0x8000001fu };
		unsigned int reg;

		r[0] = 0x2 | 0x8 | 0x10;
		r[1] = (cbit & 0x3f) | ((p->reduced_phys_bits & 0x3f) << 6);
		r[2] = 0;
		r[3] = 0;
		if (set_entry(m, 0x8000001fu, false, r))
			return -1;
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			vmm_note(t, &key, reg, 0xffffffffu, "vmm-set",
				 "cpu_x86_cpuid(0x8000001F)",
				 strpool_printf(pool, "QEMU sets it for an SNP "
						"guest: EAX SEV|SEV-ES|SNP, "
						"EBX cbitpos %" PRIu32 " | "
						"reduced-phys-bits %" PRIu32
						" << 6", cbit,
						p->reduced_phys_bits));
	}
	return 0;
}

struct cpuid_entry snp_qemu_request_key(const struct cpuid_entry *e)
{
	struct cpuid_entry k = *e;

	if (k.leaf == 0xd && k.indexed && k.subleaf <= 1 && !k.xcr0_in &&
	    !k.xss_in)
		k.xcr0_in = 1;
	return k;
}

int snp_qemu_build(const struct cpuid_set *model, const struct cpuid_set *host,
		   const struct snp_params *p, struct trace *t,
		   struct strpool *pool, struct snp_page *page,
		   struct snp_qemu_status *st)
{
	struct cpuid_set m = CPUID_SET_INIT;
	struct qctx *c;
	unsigned int i;
	int ret = -1;

	memset(st, 0, sizeof(*st));
	memset(page, 0, sizeof(*page));
	c = calloc(1, sizeof(*c));
	if (!c || cpuid_set_copy(&m, model) ||
	    adjust(&m, host, p, t, pool, st))
		goto out;
	c->cpu = &m;
	c->t = t;
	hypervisor(c);
	standard(c, cpuid_set_lookup(&m, 0x1f, 0) != NULL);
	extended(c);
	ret = 0;
	st->nent = c->n;
	if (c->full && !st->err) {
		st->err = E2BIG;
		st->message = strpool_printf(pool, "cpuid_data is full, no "
					     "space for cpuid(eax:0x%" PRIx32
					     ",ecx:0x%" PRIx32 ") (QEMU aborts)",
					     c->full_fn, c->full_idx);
	}
	if (c->n > SNP_CPUID_FUNCTION_MAXCOUNT && !st->err) {
		st->err = E2BIG;
		st->message = strpool_printf(pool, "SEV-SNP: CPUID entry count "
					     "(%u) exceeds max (%d): remove "
					     "leaves from the CPU model (QEMU "
					     "exits)", c->n,
					     SNP_CPUID_FUNCTION_MAXCOUNT);
	}
	if (st->err)
		goto out;
	page->count = c->n;
	for (i = 0; i < c->n; i++) {
		struct snp_page_entry *pe = &page->e[i];
		const struct qent *q = &c->ents[i];

		pe->eax_in = q->fn;
		pe->ecx_in = q->significant ? q->idx : 0;
		memcpy(pe->regs, q->regs, sizeof(pe->regs));
		if (q->fn == 0xd && pe->ecx_in <= 1) {
			struct cpuid_entry key;

			pe->xcr0_in = 1;
			key = snp_page_key(pe);
			vmm_note(t, &key, CPUID_REG_EBX, pe->regs[1] ^ 0x240,
				 "vmm-set", "sev_snp_cpuid_info_fill",
				 "QEMU writes 0x240 (the x87|SSE size) for "
				 "xcr0_in 1");
			pe->regs[1] = 0x240;
		}
	}
out:
	free(c);
	cpuid_set_release(&m);
	return t->failed || pool->failed ? -1 : ret;
}
