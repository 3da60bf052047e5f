// SPDX-License-Identifier: MIT
/*
 * QEMU's TDX CPUID handling, from qemu/qemu@05caf269
 * target/i386/kvm/tdx.c (tdx_filter_cpuid, setup_td_guest_attributes,
 * tdx_check_features) and research/tdx.md §4.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "certify/feature_table.h"
#include "tdx_qemu.h"

#define QEMU_SOURCE "qemu/qemu@05caf269 target/i386/kvm/tdx.c"

static void qemu_note(struct trace *t, const struct cpuid_entry *key,
		      unsigned int reg, uint32_t mask, const char *rule,
		      const char *text)
{
	struct bit_note bn = {
		.strength = NOTE_CHANGE,
		.verdict = VERDICT_DROPPED,
		.class = "vmm-filter",
		.layer = "vmm",
		.rule = rule,
		.source = QEMU_SOURCE,
		.note = text,
	};

	trace_note(t, key, reg, mask, &bn);
}

static const struct cpuid_entry *cap_of(const struct tdx_kvm_caps *caps,
					const struct cpuid_entry *e)
{
	const struct cpuid_entry *c;

	cpuid_set_for_each(c, &caps->cpuid)
		if (c->leaf == e->leaf &&
		    (!c->indexed || !e->indexed || c->subleaf == e->subleaf))
			return c;
	return NULL;
}

static uint64_t model_xfam(const struct cpuid_set *model)
{
	uint32_t a = 0, d = 0, c = 0, d1 = 0;

	/* FEAT_XSAVE_XCR0_LO/HI and FEAT_XSAVE_XSS_LO/HI, ORed. */
	cpuid_set_get(model, CPUID_REG_VALUE(0xd, 0, CPUID_REG_EAX), &a);
	cpuid_set_get(model, CPUID_REG_VALUE(0xd, 0, CPUID_REG_EDX), &d);
	cpuid_set_get(model, CPUID_REG_VALUE(0xd, 1, CPUID_REG_ECX), &c);
	cpuid_set_get(model, CPUID_REG_VALUE(0xd, 1, CPUID_REG_EDX), &d1);
	return ((uint64_t)d << 32 | a) | ((uint64_t)d1 << 32 | c);
}

/*
 * The guest physical address width QEMU puts in 0x80000008.EAX[23:16]:
 * the model's own, else what KVM reports (host MAXPHYADDR, at most 48
 * without 5-level EPT).
 */
static uint32_t qemu_gpaw(const struct cpuid_entry *e,
			  const struct tdx_native *n)
{
	struct cpuid_field f = CPUID_FIELD_GUEST_PHYS_ADDR_BITS;
	uint32_t v = e ? cpuid_field_extract(&f, e->regs[f.reg]) : 0;

	if (v)
		return v;
	if (!n->maxpa_known)
		return 48;
	if (n->la57_known && !n->la57 && n->maxpa > 48)
		return 48;
	return n->maxpa;
}

int tdx_qemu_prepare(const struct tdx_kvm_caps *caps,
		     const struct tdx_native *n, const struct cpuid_set *model,
		     struct tdx_params *params, struct cpuid_set *out,
		     struct trace *t, struct strpool *pool,
		     struct tdx_qemu_status *st)
{
	struct cpuid_field pks = CPUID_FEATURE_PKS;
	struct cpuid_field gpaw = CPUID_FIELD_GUEST_PHYS_ADDR_BITS;
	const struct cpuid_entry *e;
	uint64_t allowed;
	uint32_t v;

	memset(st, 0, sizeof(*st));
	cpuid_set_for_each(e, model) {
		const struct cpuid_entry *cap = cap_of(caps, e);
		struct cpuid_entry f = *e;
		unsigned int r;

		if (!cap) {
			for (r = 0; r < CPUID_NR_REGS; r++)
				qemu_note(t, e, r, e->regs[r],
					  "tdx_filter_cpuid",
					  "QEMU passes only the leaves "
					  "KVM_TDX_CAPABILITIES lists; the "
					  "module decides this one");
			continue;
		}
		f.indexed = cap->indexed;
		f.subleaf = cap->subleaf;
		for (r = 0; r < CPUID_NR_REGS; r++) {
			/* Unknown capability bits pass: the module ANDs
			 * them with the host anyway. */
			uint32_t keep = cap->regs[r] | cap->unknown[r];

			qemu_note(t, &f, r, e->regs[r] & ~keep,
				  "tdx_filter_cpuid",
				  "not configurable for TDs "
				  "(KVM_TDX_CAPABILITIES): QEMU clears it");
			f.regs[r] &= keep;
		}
		if (f.leaf == gpaw.leaf)
			f.regs[gpaw.reg] = cpuid_field_insert(
				&gpaw, f.regs[gpaw.reg], qemu_gpaw(e, n));
		if (cpuid_set_put(out, &f))
			return -1;
	}
	if (!cpuid_set_lookup(out, gpaw.leaf, 0) && cap_of(caps, &(struct cpuid_entry){ .leaf = gpaw.leaf })) {
		struct cpuid_entry f = { .leaf = gpaw.leaf };

		f.regs[gpaw.reg] = cpuid_field_insert(&gpaw, 0,
						      qemu_gpaw(NULL, n));
		if (cpuid_set_put(out, &f))
			return -1;
	}

	/*
	 * setup_td_guest_attributes(): PKS from the model, pmu=off.  QEMU
	 * builds the model from what the TD supports (tdx_get_supported_cpuid:
	 * PKS only with ATTRIBUTES.PKS, XSAVE components capped by
	 * supported_xfam), so a model bit beyond that never gets here.
	 */
	allowed = caps->supported_attrs & QEMU_TDX_SUPPORTED_TD_ATTRS;
	if (cpuid_set_get(model, pks, &v) && v) {
		if (allowed & TDX_ATTR_PKS)
			params->attributes |= TDX_ATTR_PKS;
	}
	if (params->attributes & ~allowed) {
		st->err = EINVAL;
		st->message = strpool_printf(
			pool, "QEMU: invalid attributes 0x%llx for TDX VM (KVM "
			      "supported 0x%llx); fix tdx.attributes",
			(unsigned long long)params->attributes,
			(unsigned long long)allowed);
		params->attributes &= allowed;
	}
	if (!params->has_xfam) {
		params->xfam = model_xfam(model);
		if (caps->xfam_known)
			params->xfam &= caps->supported_xfam;
		params->xfam |= 0x3;
	}
	if (caps->xfam_known && (params->xfam & ~caps->supported_xfam) &&
	    !st->err) {
		st->err = EINVAL;
		st->message = strpool_printf(
			pool, "QEMU: invalid XFAM 0x%llx: components 0x%llx are "
			      "not supported (supported_xfam 0x%llx); fix "
			      "tdx.xfam",
			(unsigned long long)params->xfam,
			(unsigned long long)(params->xfam &
					     ~caps->supported_xfam),
			(unsigned long long)caps->supported_xfam);
	}
	return 0;
}

/* feature_word_description(): "CPUID[eax=07h,ecx=00h].EBX" */
static void word_name(const struct cpuid_entry *e, unsigned int reg,
		      char *buf, size_t len)
{
	char r[4];
	unsigned int i;

	for (i = 0; i < 3; i++)
		r[i] = (char)(cpuid_reg_name(reg)[i] - 'a' + 'A');
	r[3] = '\0';
	if (e->indexed)
		snprintf(buf, len, "CPUID[eax=%02Xh,ecx=%02Xh].%s", e->leaf,
			 e->subleaf, r);
	else
		snprintf(buf, len, "CPUID[eax=%02Xh].%s", e->leaf, r);
}

void tdx_qemu_check_features(const struct cpuid_set *model,
			     const struct cpuid_set *td,
			     void (*warn)(const char *msg, void *ctx),
			     void *ctx)
{
	struct cpuid_field syscall = CPUID_FEATURE_SYSCALL;
	const struct cpuid_entry *m;
	unsigned int r, b;
	char word[64], msg[256];

	cpuid_set_for_each(m, model) {
		/* Leaves KVM_TDX_GET_CPUID does not return are skipped. */
		const struct cpuid_entry *a =
			cpuid_set_lookup(td, m->leaf, m->subleaf);

		if (!a)
			continue;
		for (r = 0; r < CPUID_NR_REGS; r++) {
			uint32_t actual = a->regs[r], known = ~a->unknown[r];

			if (m->leaf == syscall.leaf && r == syscall.reg)
				actual |= cpuid_field_mask(&syscall);
			for (b = 0; b < 32; b++) {
				const struct cpuid_feature *f =
					cpuid_feature_at(m->leaf, m->subleaf,
							 r, b);
				uint32_t bit = 1u << b;
				const char *prefix;

				/* Only bits of QEMU feature words. */
				if (!f || !f->qemu_name[0] || f->width != 1 ||
				    !(known & bit))
					continue;
				if ((m->regs[r] & bit) && !(actual & bit))
					prefix = "TDX doesn't support "
						 "requested feature";
				else if (!(m->regs[r] & bit) && (actual & bit))
					prefix = "TDX forcibly sets the "
						 "feature";
				else
					continue;
				word_name(a, r, word, sizeof(word));
				snprintf(msg, sizeof(msg), "%s: %s.%s [bit %u]",
					 prefix, word, f->qemu_name, b);
				warn(msg, ctx);
			}
		}
	}
}
