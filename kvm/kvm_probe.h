/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform kvm (DESIGN.md §6): the request through this
 * machine's real KVM.  A VM with one vCPU gets the config with
 * KVM_SET_CPUID2 and runs a few bytes of guest code that executes CPUID
 * for every configured (leaf, sub-leaf) and hands the four registers
 * back (kvm/kvm_guest.h).
 *
 * The model (kvm_check, with this KVM's KVM_GET_SUPPORTED_CPUID and
 * KVM_GET_EMULATED_CPUID added when the rule set has none) runs beside
 * it, and the result is the model's with the hardware's answer put in
 * (certify/probe.h):
 *
 *  - status: KVM_SET_CPUID2's errno; where it differs from the model's
 *    prediction the status is the hardware's, its message says what the
 *    model predicted, and a warning names model-mismatch;
 *  - final: what the guest read, for every configured entry; every bit
 *    the model predicted otherwise is a model-mismatch finding;
 *  - findings keep the model's attribution where it agrees: run-time
 *    fields (OSXSAVE, APIC IDs, XSAVE sizes) as runtime, requested
 *    features KVM does not list as untrusted (kvm-unsupported), those it
 *    emulates as kvm-emulated;
 *  - facts: kernel, KVM API, VM types, host signature and vendor, the
 *    supported/emulated entry counts, the probe guest's state, model.
 */
#ifndef CERTIFY_KVM_PROBE_H
#define CERTIFY_KVM_PROBE_H

#include "certify/check.h"
#include "certify/kvm.h"

/*
 * Runs @req (a config; req->rules a kvm rule set) on the KVM behind
 * @sys into @res.  Returns 0, PROBE_BAD_INPUT or PROBE_ENVIRONMENT
 * (certify/probe.h) with @d saying why.
 */
int kvm_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d);

#endif
