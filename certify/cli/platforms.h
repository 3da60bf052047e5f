/* SPDX-License-Identifier: MIT */
/*
 * The table of platforms the program knows: what `certify check` and
 * `certify rules diff` call for each.
 */
#ifndef CERTIFY_PLATFORMS_H
#define CERTIFY_PLATFORMS_H

#include "../check.h"
#include "../diag.h"
#include "../ruleset.h"
#include "../strbuf.h"

struct platform {
	const char *name;
	int (*check)(const struct check_request *req, struct check_result *res,
		     struct diag *d);
	int (*rules_diff)(const struct ruleset *a, const struct ruleset *b,
			  struct strbuf *out, struct diag *d);
	/* Checks that a rule set reads as this platform's. */
	int (*rules_validate)(const struct ruleset *rs, struct diag *d);
};

const struct platform *platform_find(const char *name);
extern const struct platform platforms[];
extern const size_t platforms_count;

#endif
