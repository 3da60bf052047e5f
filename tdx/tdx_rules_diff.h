/* SPDX-License-Identifier: MIT */
/*
 * `certify rules diff` for TDX rule sets: what changed, per bit, between
 * two module versions (research/tdx.md §2.7, §7 item 9).
 */
#ifndef CERTIFY_TDX_RULES_DIFF_H
#define CERTIFY_TDX_RULES_DIFF_H

#include "certify/diag.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"

int tdx_rules_diff(const struct ruleset *a, const struct ruleset *b,
		   struct strbuf *out, struct diag *d);
/* Reads @rs as a TDX rule set; -1 with @d set if it does not read. */
int tdx_rules_validate(const struct ruleset *rs, struct diag *d);

#endif
