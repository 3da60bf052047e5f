/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform snp: the KVM SNP backend (Linux 6.11+;
 * research/snp.md §4): KVM_CREATE_VM(KVM_X86_SNP_VM = 4), KVM_SEV_INIT2,
 * KVM_SEV_SNP_LAUNCH_START, a guest_memfd memory slot set private,
 * KVM_SEV_SNP_LAUNCH_UPDATE of the CPUID page (page type 6); on -EIO with
 * firmware error 0x16 the corrected page KVM copied back is read.  One VM
 * per probe.  The firmware model runs beside it (certify/probe.h).
 */
#ifndef CERTIFY_SNP_PROBE_H
#define CERTIFY_SNP_PROBE_H

#include "certify/check.h"
#include "certify/kvm.h"
#include "certify/strbuf.h"

/*
 * Runs @req (a config or req->page) on the SNP platform behind @sys into
 * @res.  Returns 0, PROBE_BAD_INPUT or PROBE_ENVIRONMENT
 * (certify/probe.h) with @d saying why.
 */
int snp_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d);

#endif
