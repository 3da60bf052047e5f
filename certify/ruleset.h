/* SPDX-License-Identifier: MIT */
/*
 * Rule sets: the platform rules certify checks against, as text files
 * (models/PLATFORM/NAME.rules, format in models/README.md).  Each line is a
 * record: a keyword and whitespace-separated tokens; '#' starts a comment.
 * Four header records say what the file is:
 *
 *   ruleset NAME        e.g. tdx-1.5.06 (the file is NAME.rules)
 *   platform PLATFORM   tdx, snp or kvm
 *   version VERSION     module or firmware version
 *   source TEXT         where the facts come from (repo@commit path)
 *
 * This file reads the record structure strictly (file:line on error); what
 * the records mean is the platform's business (tdx/tdx_rules.c,
 * snp/snp_rules.c).  The exact bytes are kept: reports record their digest.
 * Rule sets are compiled into the binary (embedded_rules, generated from
 * models/) and can also be read from a file with --rules FILE.
 */
#ifndef CERTIFY_RULESET_H
#define CERTIFY_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "embedded.h"
#include "input.h"

/* A line has at most this many tokens (free text included). */
#define RULE_MAX_TOKENS 1024

struct rule_line {
	unsigned int lineno;
	unsigned int ntok;		/* tokens, the keyword first */
	char **tok;			/* NUL-terminated copies */
	const char **rest;		/* the line from token i on */
	char *buf;			/* owns everything above */
};

struct ruleset {
	char *name;
	char *platform;
	char *version;
	char *source;
	char *origin;		/* "embedded" or the file it was read from */
	unsigned int platform_lineno;	/* of the 'platform' line, for errors */
	unsigned char *bytes;	/* the file exactly as read */
	size_t len;
	struct rule_line *lines;	/* records other than the header */
	size_t nlines;
};

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);
/* Reads the records of @in; @origin is recorded as given. */
int ruleset_parse(const struct input *in, const char *origin,
		  struct ruleset *rs, struct diag *d);
/* Parses an embedded rule set by name; -1 with @d set if it has none. */
int ruleset_load_embedded(const char *name, struct ruleset *rs,
			  struct diag *d);
/*
 * --rules NAME|FILE: an embedded name, else a file.  @platform, if not
 * NULL, must match the rule set's.
 */
int ruleset_load(const char *name_or_file, const char *platform,
		 struct ruleset *rs, struct diag *d);
/* True when the binary has a rule set of this name. */
bool ruleset_is_embedded(const char *name);
/* The embedded rule set of @platform with the highest version, or NULL. */
const char *ruleset_newest(const char *platform);
/* Compares dotted version strings numerically ("1.5.06" < "2.0.18"). */
int ruleset_version_cmp(const char *a, const char *b);

/* Line helpers for platform readers: each sets @d as file:line on error. */
int rule_expect_tokens(const struct ruleset *rs, const struct rule_line *l,
		       unsigned int min, unsigned int max, struct diag *d);
int rule_hex(const struct ruleset *rs, const struct rule_line *l,
	     unsigned int i, unsigned int bits, uint64_t *v, struct diag *d);
int rule_number(const struct ruleset *rs, const struct rule_line *l,
		unsigned int i, unsigned int bits, uint64_t *v,
		struct diag *d);
/* "-" (no sub-leaf) or 0x hex. */
int rule_subleaf(const struct ruleset *rs, const struct rule_line *l,
		 unsigned int i, bool *has, uint32_t *sub, struct diag *d);
/* eax..edx */
int rule_reg(const struct ruleset *rs, const struct rule_line *l,
	     unsigned int i, unsigned int *reg, struct diag *d);
/* "N" or "LO-HI" (0..31): the mask of those bits. */
int rule_bit_range(const struct ruleset *rs, const struct rule_line *l,
		   unsigned int i, uint32_t *mask, struct diag *d);
/*
 * A rule a rule set names for the code to apply (TDX and KVM rule sets:
 * `special ID KIND FILE TEXT`): whether the set has it, and its words.
 */
struct rule_special {
	bool present;
	const char *kind;	/* as the rule set says */
	const char *file;	/* the source file the rule comes from */
	const char *text;	/* what the code does, shown in findings */
	unsigned int line;
};

/*
 * Reads `special ID KIND FILE TEXT` into specials[i], @names[i] being ID.
 * An unknown ID is an error naming @where (the header that lists the IDs
 * certify implements); so is an ID given twice.
 */
int rule_read_special(const struct ruleset *rs, const struct rule_line *l,
		      const char *const *names, unsigned int n,
		      const char *where, struct rule_special *specials,
		      struct diag *d);
/*
 * Behaviour every module or kernel has is still noted when a rule set
 * leaves its special record out: gives such records words, never NULL.
 */
void rule_specials_unlisted(struct rule_special *specials, unsigned int n);

/* An error at @l, "file:line: ..." with the rule set's origin. */
int rule_error(const struct ruleset *rs, const struct rule_line *l,
	       struct diag *d, const char *fmt, ...) __printf(4, 5);

#endif
