/* SPDX-License-Identifier: MIT */
/*
 * certify check --platform kvm: the KVM pipeline of DESIGN.md §1, the
 * table the VMM passes to KVM_SET_CPUID2 -> KVM (its checks and run-time
 * fields) -> the layers under KVM as a capture learned them -> what the
 * guest reads with CPUID.
 *
 * With the embedded rule set (mainline KVM's code) the check says what
 * KVM itself does.  With a rule set `certify probe --platform kvm
 * --capture` wrote, it also says which requested features that machine's
 * KVM does not back (KVM_GET_SUPPORTED_CPUID), which it emulates
 * (KVM_GET_EMULATED_CPUID), and what the CPU or the hypervisor under KVM
 * changes: on the machine of the capture it predicts the probe bit for
 * bit.
 */
#ifndef CERTIFY_KVM_CHECK_H
#define CERTIFY_KVM_CHECK_H

#include "certify/check.h"
#include "certify/diag.h"
#include "kvm_rules.h"

/*
 * Runs @req (a config) through the KVM stages into @res.  Returns 0
 * whatever the outcome, or -1 with @d set for bad input (no config, an
 * SNP page, a rule set that is not for kvm) or when out of memory.
 */
int kvm_check(const struct check_request *req, struct check_result *res,
	      struct diag *d);

/* kvm_check with the rule set already read: the probe adds its own
 * machine's KVM_GET_SUPPORTED/EMULATED_CPUID to @rules. */
int kvm_check_rules(const struct check_request *req,
		    const struct kvm_rules *rules, struct check_result *res,
		    struct diag *d);

#endif
