/* SPDX-License-Identifier: MIT */
/*
 * The KVM model (DESIGN.md §1, platform kvm): what KVM_SET_CPUID2 does
 * with a CPUID table, and what a guest then reads with CPUID.  Shared by
 * the offline check (kvm_check.c), the probe's cross-check and the
 * capture, so that all three predict alike.
 *
 * The model answers for the probe guest's state (kvm/kvm_guest.h): a
 * vCPU just out of reset, CR4 = 0, XCR0 = 1, XSS = 0, APIC base MSR at
 * its reset value.  The run-time fields KVM computes are predicted for
 * that state and reported as such.
 */
#ifndef CERTIFY_KVM_MODEL_H
#define CERTIFY_KVM_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/cpuid_set.h"
#include "kvm_rules.h"

/* The values KVM computes for the probe guest's state. */
#define KVM_RESET_XSAVE_SIZE 0x240u	/* 512 legacy + 64 header, XCR0 = 1 */
#define KVM_RESET_APIC_ENABLED 1u	/* APIC base MSR bit 11 at reset */

/* Why KVM_SET_CPUID2 refuses a table. */
struct kvm_refusal {
	int err;			/* positive errno; 0: accepted */
	enum kvm_special rule;
	bool has_leaf;
	uint32_t leaf;
	uint32_t subleaf;
	char message[256];
};

/*
 * The checks of KVM_SET_CPUID2 on @table, in KVM's order.  @perm_xtile
 * says whether the VMM holds permission for AMX tile data
 * (arch_prctl(ARCH_REQ_XCOMP_GUEST_PERM), which certify, as the VMM of
 * its probe guest, asks for when the table has it and the host backs it:
 * see kvm_model_xtile_permitted).  Fills @r; returns r->err.
 */
int kvm_model_refusal(const struct kvm_rules *rules,
		      const struct cpuid_set *table, bool perm_xtile,
		      struct kvm_refusal *r);

/* Whether the VMM can get AMX tile-data permission on the host the rule
 * set describes: KVM_GET_SUPPORTED_CPUID lists XCR0 bit 18.  Without
 * those lists, assumed not. */
bool kvm_model_xtile_permitted(const struct kvm_rules *rules);

/*
 * What the probe guest reads for every entry of @table once KVM holds it
 * (KVM's run-time fields applied), before the layers under KVM: into
 * @out, emptied first.  0, or -1 when out of memory.
 */
int kvm_model_kvm_view(const struct kvm_rules *rules,
		       const struct cpuid_set *table, struct cpuid_set *out);

/*
 * The captured effect of the layers under KVM on @e, in place.  Bits the
 * capture saw vary are left alone and returned in @varies (per register,
 * may be NULL).  Returns false when the capture did not probe @e's entry
 * (then @e is unchanged).
 */
bool kvm_model_below(const struct kvm_rules *rules, struct cpuid_entry *e,
		     uint32_t varies[CPUID_NR_REGS]);

/*
 * Bits of register @reg of (leaf, sub-leaf) KVM computes at run time or
 * the VMM sets per vCPU, and the special that does (the first, for a
 * register with several).  0 when none.
 */
uint32_t kvm_model_runtime_mask(const struct kvm_rules *rules,
				const struct cpuid_set *table, uint32_t leaf,
				uint32_t subleaf, unsigned int reg,
				enum kvm_special *sp);

#endif
