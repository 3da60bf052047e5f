/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform kvm --capture FILE: records what this
 * machine's KVM and the layers under it do with CPUID, as a KVM rule set
 * (models/README.md) that `certify check --platform kvm --rules FILE`
 * then predicts from, offline and anywhere.
 *
 * What a capture holds besides the base rule set's records (KVM's code):
 *
 *  - supported / emulated: KVM_GET_SUPPORTED_CPUID and
 *    KVM_GET_EMULATED_CPUID as this KVM reports them;
 *  - below: for every entry it probes, what the layers under KVM (the
 *    CPU, or the hypervisor KVM itself runs in, as on a nested build
 *    machine) did to each bit KVM handed the guest: forced to 0, forced
 *    to 1, passed, or neither.
 *
 * How "below" is learned.  The starting table is the host's own CPUID
 * (what `certify host` prints).  For every entry of a catalogue (the
 * host's entries, KVM's, and every leaf of the standard and extended
 * ranges up to 0x3F or the host's maximum, whichever is higher, with
 * sub-leaves 0-15 of indexed leaves and 0-63 of 0xD, and the hypervisor
 * leaves 0x40000000-0x4000000F) and every register, two probe guests
 * run: one with that
 * register all 0, one with it all 1, the rest of the table as the host's.
 * The KVM model (kvm_model.h) says what KVM itself hands the guest in
 * each case; each bit the guest read is compared with that:
 *
 *   read as KVM handed it in both    -> passes
 *   read the same value in both      -> forced to that value
 *   anything else                    -> varies (not predicted)
 *
 * Fields KVM refuses all-1 in (0x80000008 EAX[15:0], the address
 * widths; 0xD.0 EAX bit 18, AMX tile data) keep the host's value in both
 * probes, and 0xD.1 EBX is probed with XSAVES and XSAVEC clear so that
 * KVM does not compute it.  The learned effect is per bit and assumes
 * bits do not depend on each other; the probe's cross-check shows where
 * that assumption fails.
 */
#ifndef CERTIFY_KVM_CAPTURE_H
#define CERTIFY_KVM_CAPTURE_H

#include "certify/check.h"
#include "certify/cpuid_set.h"
#include "certify/diag.h"
#include "certify/kvm.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"

struct kvm_capture_stats {
	unsigned int entries;		/* probed */
	unsigned int guests;		/* probe guests run */
	unsigned int refused;		/* probes KVM refused */
	unsigned int changed;		/* registers with a below effect */
};

/*
 * Writes the rule set text of a capture to @out: named @name, with the
 * records of @base (the embedded KVM rule set for this kernel), @host as
 * the starting table.  Returns 0, or PROBE_ENVIRONMENT with @d set when
 * KVM cannot be asked or a probe guest does not run, or PROBE_BAD_INPUT
 * when out of memory or @host is unusable.
 */
int kvm_capture(struct kvm *k, const struct ruleset *base,
		const struct cpuid_set *host, const char *name,
		struct strbuf *out, struct kvm_capture_stats *st,
		struct diag *d);

/*
 * The capture of `certify probe --platform kvm --capture`: this machine's
 * KVM behind @sys, its own CPUID as the starting table, req->rules as the
 * base rule set.  Returns as kvm_capture.
 */
int kvm_capture_run(struct kvm_sys *sys, const struct check_request *req,
		    const char *name, struct strbuf *out, struct diag *d);

#endif
