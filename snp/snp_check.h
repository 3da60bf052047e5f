/* SPDX-License-Identifier: MIT */
/*
 * certify check --platform snp: the SNP pipeline of DESIGN.md §1, VMM ->
 * KVM -> SEV firmware -> guest run time, as one call.
 */
#ifndef CERTIFY_SNP_CHECK_H
#define CERTIFY_SNP_CHECK_H

#include "certify/check.h"
#include "certify/diag.h"
#include "snp_page.h"

/*
 * Runs @req (a config, or req->page) through the SNP stages into @res.
 * Returns 0 whatever the outcome, or -1 with @d set for bad input (an
 * snp.* directive, a page file that is not 4096 bytes, a rule set that is
 * not for snp) or when out of memory.
 */
int snp_check(const struct check_request *req, struct check_result *res,
	      struct diag *d);

/*
 * The CPUID page snp_check hands the firmware for @req: req->page, QEMU's
 * page for --vmm qemu (with req->host for the C-bit), else the config's
 * entries as --vmm none lays them out.  For a probe, which sends the same
 * page to the hardware.  Returns 0; 1 when the VMM builds no page (@d
 * says why, in QEMU's words); -1 with @d set for bad input (as snp_check)
 * or when out of memory.
 */
int snp_check_page(const struct check_request *req, struct snp_page *page,
		   struct diag *d);

#endif
