// SPDX-License-Identifier: MIT
/*
 * What mainline KVM does with a KVM_SET_CPUID2 table, from its source
 * (arch/x86/kvm/cpuid.c; the rule set's special records cite the
 * functions): the checks of kvm_vcpu_ioctl_set_cpuid2 and
 * kvm_check_cpuid, and the fields __kvm_update_cpuid_runtime rewrites in
 * the table while the guest runs.  Everything else KVM hands the guest as
 * the table says: kvm_cpuid() answers CPUID from the entry that matches
 * (leaf, and sub-leaf where KVM_CPUID_FLAG_SIGNIFCANT_INDEX is set).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "certify/feature_table.h"
#include "certify/kvm_uapi.h"
#include "certify/util.h"
#include "kvm_model.h"

static void refuse(struct kvm_refusal *r, int err, enum kvm_special rule,
		   const struct cpuid_field *at, const char *fmt, ...)
	__printf(5, 6);

static void refuse(struct kvm_refusal *r, int err, enum kvm_special rule,
		   const struct cpuid_field *at, const char *fmt, ...)
{
	va_list ap;

	r->err = err;
	r->rule = rule;
	if (at) {
		r->has_leaf = true;
		r->leaf = at->leaf;
		r->subleaf = at->subleaf;
	}
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
}

bool kvm_model_xtile_permitted(const struct kvm_rules *rules)
{
	uint32_t xcr0_lo;

	return rules->has_support &&
	       cpuid_set_get(&rules->supported, CPUID_FEATURE_XCR0_TILEDATA,
			     &xcr0_lo) && xcr0_lo;
}

int kvm_model_refusal(const struct kvm_rules *rules,
		      const struct cpuid_set *table, bool perm_xtile,
		      struct kvm_refusal *r)
{
	const struct cpuid_field vaddr = CPUID_FIELD_VIRT_ADDR_BITS;
	const struct cpuid_field tiledata = CPUID_FEATURE_XCR0_TILEDATA;
	uint32_t v;

	memset(r, 0, sizeof(*r));
	/* kvm_vcpu_ioctl_set_cpuid2: before anything is copied in. */
	if (table->n > CERTIFY_KVM_MAX_CPUID_ENTRIES) {
		refuse(r, E2BIG, KVM_SP_MAX_ENTRIES, NULL, "%zu entries: "
		       "KVM_SET_CPUID2 takes at most %d "
		       "(KVM_MAX_CPUID_ENTRIES)", table->n,
		       CERTIFY_KVM_MAX_CPUID_ENTRIES);
		return r->err;
	}
	/* kvm_check_cpuid: the guest's linear-address width. */
	if (kvm_has(rules, KVM_SP_VADDR_BITS) &&
	    cpuid_set_get(table, vaddr, &v) && v != 0 && v != 48 && v != 57) {
		refuse(r, EINVAL, KVM_SP_VADDR_BITS, &vaddr, "CPUID "
		       "0x80000008 EAX[15:8] (virtual address bits) is %u: "
		       "KVM takes only 48, 57 or 0", v);
		return r->err;
	}
	/*
	 * kvm_check_cpuid: dynamic XSAVE features (AMX tile data, XCR0 bit
	 * 18) need the process's guest permission, which the VMM asks for
	 * with arch_prctl(ARCH_REQ_XCOMP_GUEST_PERM) and gets only where the
	 * host has AMX.
	 */
	if (kvm_has(rules, KVM_SP_XFD_PERMISSION) &&
	    cpuid_set_get(table, tiledata, &v) && v && !perm_xtile) {
		refuse(r, EPERM, KVM_SP_XFD_PERMISSION, &tiledata, "CPUID "
		       "0xD.0 EAX bit 18 (AMX tile data) needs the VMM's "
		       "arch_prctl(ARCH_REQ_XCOMP_GUEST_PERM) permission, "
		       "which a host without AMX does not give");
		return r->err;
	}
	return 0;
}

/* A run-time field: KVM rewrites it, or the VMM sets it per vCPU. */
struct runtime_field {
	enum kvm_special sp;
	struct cpuid_field f;
	bool all_subleaves;	/* every sub-leaf of the leaf */
};

static const struct runtime_field runtime_fields[] = {
	{ KVM_SP_OSXSAVE, CPUID_FEATURE_OSXSAVE, false },
	{ KVM_SP_APIC_BASE, CPUID_FEATURE_APIC, false },
	{ KVM_SP_APIC_ID, CPUID_FIELD_LOCAL_APIC_ID, false },
	{ KVM_SP_OSPKE, CPUID_FEATURE_OSPKE, false },
	{ KVM_SP_APIC_ID, CPUID_FIELD_X2APIC_ID, true },
	{ KVM_SP_XSAVE_SIZE, CPUID_FIELD_XSAVE_SZ_XCR0, false },
	{ KVM_SP_XSAVE_SIZE_COMPACTED, CPUID_FIELD_XSAVE_SZ_XCR0_XSS, false },
	{ KVM_SP_APIC_ID, CPUID_FIELD_X2APIC_ID_1F, true },
	{ KVM_SP_APIC_ID, CPUID_FIELD_EXT_APIC_ID, false },
};

/*
 * __kvm_update_cpuid_runtime computes 0xD.1 EBX only when the table's
 * 0xD.1 EAX has XSAVES or XSAVEC; the other fields whenever their entry
 * exists.
 */
static bool field_applies(const struct runtime_field *rf,
			  const struct cpuid_set *table)
{
	uint32_t xsaves = 0, xsavec = 0;

	if (rf->sp != KVM_SP_XSAVE_SIZE_COMPACTED)
		return true;
	cpuid_set_get(table, CPUID_FEATURE_XSAVES, &xsaves);
	cpuid_set_get(table, CPUID_FEATURE_XSAVEC, &xsavec);
	return xsaves || xsavec;
}

static bool field_matches(const struct runtime_field *rf, uint32_t leaf,
			  uint32_t subleaf, unsigned int reg)
{
	return rf->f.leaf == leaf && rf->f.reg == reg &&
	       (rf->all_subleaves || rf->f.subleaf == subleaf);
}

static uint32_t field_mask(const struct cpuid_field *f)
{
	return cpuid_field_mask(f);
}

uint32_t kvm_model_runtime_mask(const struct kvm_rules *rules,
				const struct cpuid_set *table, uint32_t leaf,
				uint32_t subleaf, unsigned int reg,
				enum kvm_special *sp)
{
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(runtime_fields); i++) {
		const struct runtime_field *rf = &runtime_fields[i];

		if (!kvm_has(rules, rf->sp) ||
		    !field_matches(rf, leaf, subleaf, reg) ||
		    !field_applies(rf, table))
			continue;
		if (!mask && sp)
			*sp = rf->sp;
		mask |= field_mask(&rf->f);
	}
	return mask;
}

/* The value KVM gives a run-time field in the probe guest's state. */
static uint32_t reset_value(const struct runtime_field *rf, uint32_t table)
{
	switch (rf->sp) {
	case KVM_SP_OSXSAVE:		/* CR4.OSXSAVE = 0 */
	case KVM_SP_OSPKE:		/* CR4.PKE = 0 */
		return 0;
	case KVM_SP_APIC_BASE:
		return KVM_RESET_APIC_ENABLED;
	case KVM_SP_XSAVE_SIZE:
	case KVM_SP_XSAVE_SIZE_COMPACTED:
		return KVM_RESET_XSAVE_SIZE;
	default:			/* per vCPU: the VMM's, as given */
		return table;
	}
}

int kvm_model_kvm_view(const struct kvm_rules *rules,
		       const struct cpuid_set *table, struct cpuid_set *out)
{
	struct cpuid_entry *e;
	size_t i;

	if (cpuid_set_copy(out, table))
		return -1;
	cpuid_set_for_each(e, out) {
		for (i = 0; i < ARRAY_SIZE(runtime_fields); i++) {
			const struct runtime_field *rf = &runtime_fields[i];
			const struct cpuid_field *f = &rf->f;
			uint32_t *r = &e->regs[f->reg];

			/* KVM finds leaf 1 by leaf alone, 7 and 0xD by
			 * sub-leaf: a non-indexed 7 or 0xD entry answers. */
			if (!kvm_has(rules, rf->sp) || e->leaf != f->leaf ||
			    (!rf->all_subleaves && e->indexed &&
			     e->subleaf != f->subleaf) ||
			    !field_applies(rf, table))
				continue;
			*r = cpuid_field_insert(f, *r,
						reset_value(rf,
							    cpuid_field_extract(f, *r)));
			e->unknown[f->reg] &= ~field_mask(f);
		}
	}
	return 0;
}

bool kvm_model_below(const struct kvm_rules *rules, struct cpuid_entry *e,
		     uint32_t varies[CPUID_NR_REGS])
{
	uint32_t f0[CPUID_NR_REGS], f1[CPUID_NR_REGS], v[CPUID_NR_REGS];
	unsigned int reg;

	if (varies)
		memset(varies, 0, sizeof(uint32_t) * CPUID_NR_REGS);
	if (!kvm_below(rules, e->leaf, e->subleaf, f0, f1, v))
		return false;
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		e->regs[reg] = (e->regs[reg] & ~f0[reg]) | f1[reg];
		e->unknown[reg] &= ~(f0[reg] | f1[reg]);
		if (varies)
			varies[reg] = v[reg];
	}
	return true;
}
