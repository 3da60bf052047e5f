/* SPDX-License-Identifier: MIT */
/*
 * What every hardware probe (`certify probe --platform kvm|tdx|snp`)
 * shares: how it reports, and the model cross-check (DESIGN.md §1, §6).
 *
 * A probe runs the request through the real layer (KVM, and the TDX
 * module or SEV firmware behind it) and fills a struct check_result as a
 * check does, with res->hardware set and platform facts recorded.  The
 * model runs beside it: where hardware and model disagree, the finding
 * takes the hardware's value, its class is "model-mismatch" and its note
 * says what the model predicted, and a warning counts the disagreements.
 */
#ifndef CERTIFY_PROBE_H
#define CERTIFY_PROBE_H

#include "check.h"
#include "diag.h"
#include "kvm.h"

/* A probe's return values besides 0 (ran; the result says how it went). */
#define PROBE_BAD_INPUT (-1)	/* @d: file:line, exit 3 */
#define PROBE_ENVIRONMENT 1	/* @d: what is missing, exit 4 */

#define PROBE_MISMATCH_CLASS "model-mismatch"

/*
 * Compares the model's result @model with what the hardware gave (@hw:
 * the TD's or guest's CPUID as read back), bit by bit over the entries
 * @hw holds (a field with a bit @hw marks unknown is not compared: the
 * hardware's answer does not tell what the guest sees there), and
 * rewrites @res (a copy of the model's result with the hardware's final
 * CPUID already in res->final): every finding whose final value differs
 * becomes a model-mismatch finding with the hardware's value and a
 * verdict from requested vs observed.  Returns the number of bits that
 * differ, or -1 when out of memory.
 */
int probe_cross_check(struct check_result *res, const struct cpuid_set *hw);

#endif
