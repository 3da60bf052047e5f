/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform tdx: the KVM TDX backend (mainline uAPI, Linux
 * 6.16+; research/tdx.md §3): KVM_CAP_VM_TYPES bit 5, KVM_CREATE_VM(5),
 * KVM_TDX_CAPABILITIES (growing the buffer on -E2BIG), KVM_TDX_INIT_VM
 * with the request, a vCPU with KVM_TDX_INIT_VCPU, KVM_TDX_GET_CPUID, and
 * tear-down without running the guest.  The module model runs beside it
 * (certify/probe.h); hw_error is mapped back to the leaf the model names
 * (KVM does not pass RCX on).
 */
#ifndef CERTIFY_TDX_PROBE_H
#define CERTIFY_TDX_PROBE_H

#include "certify/check.h"
#include "certify/kvm.h"

/*
 * Runs @req (a config; req->host, or this machine's CPUID when NULL, is
 * the host the model assumes) on the TDX platform behind @sys into @res.
 * The probe is the VMM: it passes the config on as it is, and the model
 * beside it runs with --vmm none --kvm mainline whatever @req says (a
 * warning says so).  Returns 0, PROBE_BAD_INPUT or PROBE_ENVIRONMENT
 * (certify/probe.h) with @d saying why; every fd it opened is closed.
 */
int tdx_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d);

#endif
