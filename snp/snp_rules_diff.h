/* SPDX-License-Identifier: MIT */
/*
 * `certify rules diff` and validation for SNP firmware policies.
 */
#ifndef CERTIFY_SNP_RULES_DIFF_H
#define CERTIFY_SNP_RULES_DIFF_H

#include "certify/diag.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"

int snp_rules_diff(const struct ruleset *a, const struct ruleset *b,
		   struct strbuf *out, struct diag *d);
/* Reads @rs as an SNP rule set; -1 with @d set if it does not read. */
int snp_rules_validate(const struct ruleset *rs, struct diag *d);

#endif
