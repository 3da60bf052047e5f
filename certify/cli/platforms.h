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

struct kvm_sys;

struct platform {
	const char *name;
	int (*check)(const struct check_request *req, struct check_result *res,
		     struct diag *d);
	/*
	 * `certify probe`: the request on this machine's hardware through
	 * KVM (certify/probe.h); NULL where the platform has no probe.
	 */
	int (*probe)(struct kvm_sys *sys, const struct check_request *req,
		     struct check_result *res, struct diag *d);
	/*
	 * `certify probe --capture`: what this machine's platform does,
	 * written to @out as the text of a rule set named @name, from the
	 * base rule set req->rules; NULL where the platform has none.
	 * Returns as ->probe does.
	 */
	int (*capture)(struct kvm_sys *sys, const struct check_request *req,
		       const char *name, struct strbuf *out, struct diag *d);
	int (*rules_diff)(const struct ruleset *a, const struct ruleset *b,
			  struct strbuf *out, struct diag *d);
	/* Checks that a rule set reads as this platform's. */
	int (*rules_validate)(const struct ruleset *rs, struct diag *d);
};

const struct platform *platform_find(const char *name);
extern const struct platform platforms[];
extern const size_t platforms_count;

#endif
