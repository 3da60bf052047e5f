/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform snp --capture: learn a running SEV firmware's
 * CPUID policy from what it does with crafted CPUID pages, and write it
 * as an SNP rule set (models/README.md).  For the firmwares whose source
 * is not public (Milan, Turin; research/snp.md §10 item 3, §11).
 *
 * Method.  Every probe is one VM and one page (snp_hw_launch, as
 * snp_probe: KVM_SEV_SNP_LAUNCH_UPDATE, the page read back on
 * -EIO/0x16).  The firmware corrects each entry on its own (research §3.1:
 * sanitize_cpuid_entry per entry, each register with its own rule), so a
 * page carries up to 64 candidates at once.  The candidates are the
 * (eax_in, ecx_in) pairs of the standard leaves 0x0-0x3F and the extended
 * leaves 0x80000000-0x8000003F: sub-leaves 0-7 of the leaves certify
 * knows as indexed (0-0x1F for 0xD), sub-leaves 0 and 1 of the others,
 * and every pair of the reference rule set (req->rules) if one is given.
 * Each batch of candidates is sent five ways:
 *
 *   ones   every register 0xFFFFFFFF, xcr0_in = xss_in = 0: O
 *   zeros  every register 0: Z
 *   xones  every register 0xFFFFFFFF, xcr0_in = xss_in = ~0: X
 *   split  for each register with Z = 0 and O neither 0 nor ~0: the
 *          lowest bit clear in O, p (0 in the other registers): P
 *   clamp  for the same registers: every bit under O's highest, q: Q
 *
 * then the table's entries (those not all zero) are walked one bit at a
 * time in every register with O = Z = 0 (32 pages): W, the bits taken as
 * sent.  Each register is read as (research §3.2, the rule semantics):
 *
 *   Z != 0, O == Z         exact Z (a failed exact rule sets the value)
 *   Z == 0, O == ~0        unchecked, nothing must be zero
 *   Z == 0, O == 0, W == 0 exact 0 (exact 0, mask 0 and must-be-zero
 *                          correct alike)
 *   Z == 0, O other, P == 0, Q == q & O
 *                          unchecked, O's clear bits must be zero: a mask
 *                          rule M corrects exactly as "unchecked, ~M must
 *                          be zero", so the two cannot be told apart; the
 *                          capture writes the weaker claim (the bits are
 *                          reported untrusted, not enforced)
 *   Z == 0, O other, P == p (p <= O) or P == O (p > O), Q == q
 *                          le O: a numeric clamp (a mask clears p; a
 *                          field-wise clamp corrects q)
 *   1.EAX, 0x80000001.EAX  le O, O being the host's F/M/S (see below)
 *   anything else          not a table rule (see below); O == 0 with
 *                          W != 0 (7.0.EDX's inverted mask) is written
 *                          as W allowed
 *
 * An entry whose four registers all come back 0 from ones is left out: it
 * is not in the firmware's table, or every register must be 0, which the
 * firmware enforces alike (an unknown pair must be all zero).  The checked
 * ranges are verified on one more page (eax_in 0xFFFF, 0x10000,
 * 0x40000000, 0x8000FFFF, 0x80010000, 0xFFFFFFFF: corrected, or passed
 * through unchecked).
 *
 * Limits, stated in the rule set written:
 *  - Custom functions cannot be recovered from corrections.  A register
 *    whose answers fit no table rule (required bits, Z != 0 but O != Z;
 *    field-wise clamps; an inverted mask), or an entry whose answer
 *    changes with xcr0_in/xss_in (the XSAVE sizes of 0xD/0 and 0xD/1),
 *    is written as "unchecked" with the bits its probes kept allowed,
 *    with a comment saying it is the firmware's own function.  On Genoa
 *    these are exactly its 8 custom entries.
 *  - F/M/S (1.EAX, 0x80000001.EAX) is compared with the host's: the
 *    capture sees this host's F/M/S as a clamp and says so; a rule set
 *    captured on one part is for parts of that F/M/S.
 *  - The xcr0_in/xss_in-dependent sizes are captured for xcr0_in = 0 only.
 *  - Quirks of the correction itself (7.0.EDX's inverted mask, the C-bit
 *    OR) show as what they write back, not as the rule checked.
 *  - The per-entry reserved field, the header and max_count are the page
 *    format's (64), not probed beyond a full page being taken.
 *  - A pair outside the candidates is not found; pass a reference rule
 *    set whose pairs are added.
 *
 * Every probe is kept and replayed through the rule set written: the
 * entries the rules do not reproduce are listed at its end (the
 * "self-check").  On the fake kernel with the Genoa firmware model the
 * captured rules reproduce Genoa's corrections for every plain table
 * entry (tests/unit/test_snp_capture.c).
 */
#ifndef CERTIFY_SNP_CAPTURE_H
#define CERTIFY_SNP_CAPTURE_H

#include "certify/check.h"
#include "certify/kvm.h"
#include "certify/strbuf.h"

struct snp_capture_opts {
	const char *name;	/* ruleset NAME; NULL: "snp-captured" */
	const char *version;	/* version; NULL: "0" */
};

/*
 * Captures the policy of the SEV firmware behind @sys into @out, as the
 * text of a rule set.  @req gives the reference rule set whose pairs are
 * probed too (req->rules, may be NULL), the host (req->host, for the
 * header; may be NULL) and the launch parameters (snp.* of req->config,
 * may be NULL: QEMU's defaults).  @opts may be NULL.  Returns 0,
 * PROBE_BAD_INPUT or PROBE_ENVIRONMENT (certify/probe.h) with @d saying
 * why.
 */
int snp_capture(struct kvm_sys *sys, const struct check_request *req,
		const struct snp_capture_opts *opts, struct strbuf *out,
		struct diag *d);

#endif
