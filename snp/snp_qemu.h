/* SPDX-License-Identifier: MIT */
/*
 * --vmm qemu for SNP: the CPUID page QEMU builds for a guest whose CPU
 * model answers CPUID with the configured set (research/snp.md §5):
 *
 *  1. SNP adjustments of the model: sev_snp_mask_cpuid_features() clears
 *     what the firmware forbids (1.ECX TSC_DEADLINE, 7.0.EBX TSC_ADJUST,
 *     7.0.EDX[31:26], 0x80000008.EBX VIRT_SSBD); cpu_x86_cpuid() makes
 *     0x8000001F EAX=0x1A, EBX=cbitpos|reduced_phys_bits<<6, ECX=EDX=0;
 *     the extended level is raised to at least 0x8000001F.
 *  2. kvm_arch_init_vcpu(): KVM's hypervisor leaves first, then
 *     kvm_x86_build_cpuid()'s enumeration of the standard and extended
 *     ranges, with its loops, terminators and all-zero drops.
 *  3. sev_snp_cpuid_info_fill(): ecx_in only for entries flagged with a
 *     significant index; 0xD/0 and 0xD/1 get EBX 0x240, xcr0_in 1,
 *     xss_in 0; more than 64 entries is an error.
 */
#ifndef CERTIFY_SNP_QEMU_H
#define CERTIFY_SNP_QEMU_H

#include "certify/cpuid_set.h"
#include "certify/strpool.h"
#include "certify/trace.h"
#include "snp_page.h"
#include "snp_params.h"

struct snp_qemu_status {
	int err;		/* 0, or an errno-like code: QEMU exits */
	const char *message;	/* QEMU's own words */
	unsigned int nent;	/* entries built */
};

/*
 * Builds @page from the CPU model's CPUID @model.  @host (may be NULL)
 * gives the C-bit position when snp.cbitpos is not set.
 */
int snp_qemu_build(const struct cpuid_set *model, const struct cpuid_set *host,
		   const struct snp_params *p, struct trace *t,
		   struct strpool *pool, struct snp_page *page,
		   struct snp_qemu_status *st);

/* The configured entry a page entry stands for: 0xD/0 and 0xD/1 in the
 * page hold for xcr0_in 1, a config line for "any". */
struct cpuid_entry snp_qemu_request_key(const struct cpuid_entry *e);

#endif
