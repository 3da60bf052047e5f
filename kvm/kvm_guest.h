/* SPDX-License-Identifier: MIT */
/*
 * A real guest that reads its own CPUID (DESIGN.md §6): a VM with one
 * vCPU in real mode and a few bytes of code that runs CPUID for every
 * (leaf, sub-leaf) of a list and stores the four registers, then halts.
 *
 * The guest's state is fixed, so what KVM computes at run time is known:
 * CR4 = 0 (OSXSAVE and OSPKE read 0), XCR0 = 1 and XSS = 0 (0xD sizes
 * for x87 alone), vCPU 0, no in-kernel APIC.
 */
#ifndef CERTIFY_KVM_GUEST_H
#define CERTIFY_KVM_GUEST_H

#include "certify/cpuid_set.h"
#include "certify/diag.h"
#include "certify/kvm.h"

/* The most (leaf, sub-leaf) pairs one run asks for. */
#define KVM_GUEST_MAX_QUERIES 1024

/*
 * Creates a VM, sets @table with KVM_SET_CPUID2, runs CPUID in the guest
 * for each entry of @queries (the sub-leaf of indexed entries, ECX 0 for
 * the others; NULL: @table's entries) and puts what the guest saw in
 * @seen (same keys).  Where @table has AMX tile data (0xD.0 EAX bit 18)
 * it first asks for the permission a VMM needs, as QEMU does.
 *
 * Returns 0 when KVM took the table and the guest ran, or when KVM
 * refused it: then *@set_err is the positive errno of KVM_SET_CPUID2 and
 * @seen is left empty.  PROBE_BAD_INPUT when there are too many queries,
 * PROBE_ENVIRONMENT when the VM cannot be made or run; @d says why.
 */
int kvm_guest_cpuid(struct kvm *k, const struct cpuid_set *table,
		    const struct cpuid_set *queries, struct cpuid_set *seen,
		    int *set_err, struct diag *d);

#endif
