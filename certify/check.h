/* SPDX-License-Identifier: MIT */
/*
 * The answer of a check (DESIGN.md §1): the outcome, the platform status,
 * per-bit findings in the verdict words, and the final CPUID, whatever the
 * platform.  Platforms fill it (tdx/tdx_check.c, snp/snp_check.c); reports
 * render it (reports/).
 */
#ifndef CERTIFY_CHECK_H
#define CERTIFY_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "cpuid_set.h"
#include "input.h"
#include "ruleset.h"
#include "strpool.h"

enum verdict {
	VERDICT_AS_CONFIGURED,	/* guest sees the request, enforced */
	VERDICT_FORCED,		/* the platform overrides the request */
	VERDICT_DROPPED,	/* requested 1, silently 0 */
	VERDICT_REJECTED,	/* the request makes launch fail */
	VERDICT_NATIVE,		/* the value comes from the host */
	VERDICT_RUNTIME,	/* computed while the guest runs */
	VERDICT_UNTRUSTED,	/* not enforced by the platform */
	VERDICT_COUNT,
};

enum outcome {
	OUTCOME_ACCEPTED,
	OUTCOME_ACCEPTED_WITH_CHANGES,
	OUTCOME_REJECTED,
};

const char *verdict_name(enum verdict v);
const char *outcome_name(enum outcome o);

struct finding {
	uint32_t leaf;
	uint32_t subleaf;
	bool indexed;		/* sub-leaf significant */
	uint64_t xcr0_in;
	uint64_t xss_in;
	uint8_t reg;
	uint8_t bit;		/* lowest bit */
	uint8_t width;		/* a multi-bit field is one finding */
	const char *name;	/* feature or field name, NULL if unnamed */
	bool has_requested;
	uint32_t requested;
	bool has_final;		/* false: host-dependent, not guessed */
	uint32_t final;
	enum verdict verdict;
	const char *class;	/* the rule class: fixed1, allow-direct, ... */
	const char *layer;	/* vmm, kvm, tdx-module, sev-firmware, guest */
	const char *rule;	/* rule id */
	const char *source;	/* where the rule comes from */
	const char *note;	/* what it means, what to change; may be NULL */
};

/* What the platform said; code 0 is success. */
struct check_status {
	const char *layer;	/* who decided: kvm, tdx-module, ... */
	uint64_t code;
	const char *name;
	bool has_leaf;		/* the platform names the failing leaf */
	uint32_t leaf;
	bool has_subleaf;
	uint32_t subleaf;
	const char *message;	/* in words, with what to change */
};

/*
 * A change a platform writes back to the VMM, register by register: the
 * SEV firmware's corrected CPUID page (research/snp.md §3.1).  @index is
 * the entry's position in what the VMM passed.
 */
struct check_correction {
	unsigned int index;
	struct cpuid_entry key;		/* leaf, sub-leaf, xcr0_in, xss_in */
	const char *field;		/* eax..edx, or "reserved" */
	uint64_t provided;
	uint64_t corrected;
	const char *layer;
	const char *rule;
	const char *source;
	const char *note;
};

/* Effective launch parameters, shown with the result (attributes, ...). */
struct check_param {
	const char *key;
	const char *value;
};

struct check_result {
	const char *platform;
	const char *ruleset;		/* name */
	const char *ruleset_version;
	const char *ruleset_source;
	const char *vmm;
	const char *kvm;
	enum outcome outcome;
	struct check_status status;
	struct finding *findings;	/* sorted by leaf, sub-leaf, reg, bit */
	size_t nfindings;
	size_t cap;
	struct check_param *params;
	size_t nparams;
	const char **warnings;		/* things to know, in order */
	size_t nwarnings;
	struct check_correction *corrections;	/* in page order */
	size_t ncorrections;
	/*
	 * A probe's result: observed on hardware (through KVM), not only
	 * predicted; @facts records the platform (kernel, module or firmware
	 * version, host F/M/S) as name-value pairs.
	 */
	bool hardware;
	struct check_param *facts;
	size_t nfacts;
	struct cpuid_set final;		/* what the guest sees */
	/*
	 * What the platform would accept, for --write-corrected: a page or
	 * a config (malloc'ed), or NULL with @corrected_none saying why.
	 */
	unsigned char *corrected;
	size_t corrected_len;
	const char *corrected_none;
	unsigned int host_dependent;	/* findings whose value needs --host */
	struct strpool pool;		/* owns the strings above */
};

/* What a platform's check is asked (certify check). */
struct check_request {
	const struct config *config;	/* the request */
	const struct input *page;	/* a raw launch input (SNP --page) */
	const struct cpuid_set *host;	/* native values, NULL if none */
	const struct ruleset *rules;
	const char *vmm;		/* "none" or "qemu" */
	const char *kvm;		/* "mainline" or "none" */
};

void check_result_init(struct check_result *r);
void check_result_release(struct check_result *r);
int check_result_add(struct check_result *r, const struct finding *f);
int check_result_param(struct check_result *r, const char *key,
		       const char *fmt, ...) __printf(3, 4);
int check_result_warn(struct check_result *r, const char *fmt, ...)
	__printf(2, 3);
/* Records a platform fact of a hardware probe. */
int check_result_fact(struct check_result *r, const char *key,
		      const char *fmt, ...) __printf(3, 4);
/* Adds @c; its strings must live in r->pool or be static. */
int check_result_correction(struct check_result *r,
			    const struct check_correction *c);
/*
 * Sets the outcome from the status and the findings: rejected when the
 * status is not success, accepted-with-changes when a bit the request
 * carried was forced or dropped, accepted otherwise.
 */
void check_result_finish(struct check_result *r,
			 const struct cpuid_set *request);
/* True for verdicts shown without --all. */
bool finding_is_notable(const struct finding *f);

#endif
