/* SPDX-License-Identifier: MIT */
/*
 * The TD guest's run-time view of CPUID (research/tdx.md §2.3 step 7 and
 * §2.6): fields computed at each CPUID exit, leaves that raise #VE and are
 * answered by the untrusted VMM, and leaves the guest itself can change.
 */
#ifndef CERTIFY_TDX_GUEST_H
#define CERTIFY_TDX_GUEST_H

#include "certify/cpuid_set.h"
#include "certify/strpool.h"
#include "certify/trace.h"
#include "tdx_rules.h"

/*
 * Notes the run-time and #VE bits and makes @guest, what the guest sees:
 * the TD's values (@td) for leaves the module answers, and for leaves that
 * raise #VE the VMM's answer, @vmm (KVM_SET_CPUID2; unknown if absent).
 */
int tdx_guest_view(const struct tdx_rules *rules, const struct cpuid_set *td,
		   const struct cpuid_set *vmm, struct trace *t,
		   struct strpool *pool, struct cpuid_set *guest);

#endif
