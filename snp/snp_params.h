/* SPDX-License-Identifier: MIT */
/*
 * The SNP guest's launch parameters, from the config's snp.* directives:
 * the guest policy (SNP_LAUNCH_START), the VMSA SEV_FEATURES
 * (KVM_SEV_INIT2), and QEMU's sev-snp-guest cbitpos and reduced-phys-bits
 * (research/snp.md §4, §5, §7).
 */
#ifndef CERTIFY_SNP_PARAMS_H
#define CERTIFY_SNP_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/config.h"
#include "certify/diag.h"

/* Guest policy bits (Linux include/linux/psp-sev.h SNP_POLICY_MASK_*). */
#define SNP_POLICY_ABI_MINOR UINT64_C(0xff)
#define SNP_POLICY_ABI_MAJOR UINT64_C(0xff00)
#define SNP_POLICY_SMT (UINT64_C(1) << 16)
#define SNP_POLICY_RSVD_MBO (UINT64_C(1) << 17)
#define SNP_POLICY_DEBUG (UINT64_C(1) << 19)

/* QEMU's default policy: SMT allowed, the must-be-one bit. */
#define SNP_DEFAULT_POLICY UINT64_C(0x30000)

struct snp_params {
	uint64_t policy;
	uint64_t vmsa_features;
	bool has_cbitpos;
	uint32_t cbitpos;
	uint32_t reduced_phys_bits;
};

/* Reads the snp.* directives; a bad value is "file:line: ...". */
int snp_params_read(const struct config *cfg, struct snp_params *p,
		    struct diag *d);

#endif
