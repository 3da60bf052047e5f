/* SPDX-License-Identifier: MIT */
/*
 * A check from raw inputs to a report, shared by `certify check` and
 * `certify verify --reproduce`.
 */
#ifndef CERTIFY_CHECK_RUN_H
#define CERTIFY_CHECK_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "../input.h"
#include "../kvm.h"
#include "../ruleset.h"
#include "../../reports/report.h"

struct check_spec {
	const char *platform;
	const char *vmm;
	const char *kvm;
	bool strict;
	int host_cpu;			/* -1: the dump's first CPU */
	const struct input *config;	/* a config or dump, or NULL */
	const struct input *page;	/* an SNP page, or NULL */
	const struct input *host;	/* a host dump, or NULL */
	const char *rules_name;		/* embedded rule set; NULL: newest */
	const struct input *rules_file;	/* a rule-set file instead */
	bool has_iat;
	uint64_t iat;
	/* certify probe: the platform's hardware behind @sys, not only its
	 * model. */
	bool probe;
	struct kvm_sys *sys;
};

/*
 * Runs the check into @rep (initialised by the caller) and records the
 * inputs (referred to, not copied: they must outlive @rep's encoding).
 * @rs receives the rule set, which @rep's strings refer to: release it
 * after @rep.  Returns 0, or -1 with @d set (bad input or no memory),
 * or 1 with @d saying what is missing when a probe finds no hardware.
 */
int check_run(const struct check_spec *s, struct report *rep,
	      struct ruleset *rs, struct diag *d);

/*
 * The rule set @s names (s->rules_file, else s->rules_name, else the
 * newest embedded one of s->platform) into @rs, which must be of
 * s->platform.  0, or -1 with @d set.
 */
int check_run_rules(const struct check_spec *s, struct ruleset *rs,
		    struct diag *d);

#endif
