/* SPDX-License-Identifier: MIT */
/*
 * The launch before the CPUID page: KVM_SEV_INIT2 and
 * KVM_SEV_SNP_LAUNCH_START in mainline KVM (Linux 6.11+), then the
 * firmware's SNP_LAUNCH_START policy checks (research/snp.md §3.5, §4.3,
 * §7).  These decide whether a page is ever looked at.
 */
#ifndef CERTIFY_SNP_LAUNCH_H
#define CERTIFY_SNP_LAUNCH_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/check.h"
#include "certify/cpuid_set.h"
#include "snp_params.h"

struct snp_launch_status {
	const char *layer;	/* "kvm" or "sev-firmware"; NULL: success */
	uint64_t code;		/* errno for KVM, SEV status for firmware */
	const char *name;
	const char *message;
};

/*
 * Checks @p against KVM (unless !@kvm: --kvm none) and a firmware of version @fw_version ("1.55.25":
 * API 1.55).  @host (may be NULL) tells the platform's SMT and SEV
 * features; what needs it without one becomes a warning in @res.
 */
void snp_launch_start(const struct snp_params *p, const char *fw_version,
		      const struct cpuid_set *host, bool kvm,
		      struct check_result *res, struct snp_launch_status *st);

#endif
