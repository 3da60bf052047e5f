/* SPDX-License-Identifier: MIT */
/*
 * The KVM layer of a TD launch, mainline ABI (Linux 6.16+): what
 * KVM_TDX_CAPABILITIES reports and what KVM_TDX_INIT_VM checks and changes
 * before TDH.MNG.INIT (research/tdx.md §3.3-3.4).
 */
#ifndef CERTIFY_TDX_KVM_H
#define CERTIFY_TDX_KVM_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/cpuid_set.h"
#include "certify/strpool.h"
#include "certify/trace.h"
#include "tdx_module.h"
#include "tdx_params.h"

/* KVM_MAX_CPUID_ENTRIES */
#define TDX_KVM_MAX_CPUID_ENTRIES 256

struct tdx_kvm_caps {
	uint64_t supported_attrs;
	uint64_t supported_xfam;
	bool xfam_known;		/* false: needs the host's XCR0|XSS */
	struct cpuid_set cpuid;		/* one entry per TD_PARAMS slot */
};

/* KVM_TDX_CAPABILITIES from the module's TDH.SYS.RD report. */
int tdx_kvm_capabilities(const struct tdx_rules *rules,
			 const struct tdx_native *n, struct tdx_kvm_caps *caps);
void tdx_kvm_caps_release(struct tdx_kvm_caps *caps);

struct tdx_kvm_status {
	int err;		/* 0, EINVAL or E2BIG, as the ioctl fails */
	const char *message;
};

/*
 * KVM_TDX_INIT_VM with @entries (the kvm_cpuid2 list), @params and the VM's
 * TSC.  Fills @td (TD_PARAMS for TDH.MNG.INIT; allocated here) and notes in
 * @t what KVM refuses or changes.  The first failure is the status; the
 * model goes on with the offending parts removed.
 */
int tdx_kvm_init_vm(const struct tdx_rules *rules, const struct tdx_native *n,
		    const struct tdx_kvm_caps *caps,
		    const struct cpuid_set *entries,
		    const struct tdx_params *params, struct trace *t,
		    struct strpool *pool, struct tdx_td_params *td,
		    struct tdx_kvm_status *st);

/*
 * The same without KVM (--kvm none): @entries are TD_PARAMS as given;
 * entries without a TD_PARAMS slot cannot be passed and are noted so.
 */
int tdx_td_params_direct(const struct tdx_rules *rules,
			 const struct tdx_native *n,
			 const struct cpuid_set *entries,
			 const struct tdx_params *params, struct trace *t,
			 struct tdx_td_params *td);

#endif
