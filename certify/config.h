/* SPDX-License-Identifier: MIT */
/*
 * A configuration: the CPUID set a VMM hands to the platform plus the
 * platform parameters given as "key = value" directives (DESIGN.md §3).
 *
 * Directive keys are checked against one table (config.c) so that a typo is
 * an error at its line rather than a silently ignored setting.  Values are
 * validated by type when read and kept as written, so that a config written
 * back out says what its author said.
 */
#ifndef CERTIFY_CONFIG_H
#define CERTIFY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpuid_set.h"
#include "diag.h"

enum directive_type {
	DIRECTIVE_U64,		/* a number: 0x hex or decimal */
	DIRECTIVE_BOOL,		/* 0 or 1 */
	DIRECTIVE_LEAF_LIST,	/* comma-separated 0x hex leaves */
};

struct directive_spec {
	const char *key;
	enum directive_type type;
	const char *help;
};

struct directive {
	char *key;
	char *value;
	unsigned int line;
};

struct config {
	struct cpuid_set cpuid;
	struct directive *directives;	/* sorted by key */
	size_t ndirectives;
	char *source;		/* input name */
	const char *format;	/* "config", "cpuid -r", "aida64", "libvirt" */
	int cpu;		/* logical CPU picked from the dump, -1 if none */
};

/* The directives every config may carry, in key order. */
extern const struct directive_spec config_directive_specs[];
extern const size_t config_directive_specs_count;

const struct directive_spec *config_directive_spec(const char *key,
						   size_t len);

void config_init(struct config *cfg);
void config_release(struct config *cfg);

/*
 * Checks @value against @key's type and adds the directive.  On error
 * sets @d as "@file:@line: ..." and returns -1.
 */
int config_add_directive(struct config *cfg, const char *key, size_t keylen,
			 const char *value, size_t valuelen, const char *file,
			 unsigned int line, struct diag *d);
const struct directive *config_directive(const struct config *cfg,
					 const char *key);
/*
 * Reads a DIRECTIVE_U64 or DIRECTIVE_BOOL directive.  Returns false (and
 * leaves @value alone) when the config does not set it.
 */
bool config_get_u64(const struct config *cfg, const char *key,
		    uint64_t *value);

/* Parses a directive value of @type; used by the reader and the getters. */
bool directive_parse_u64(const char *value, size_t len, uint64_t *out);
/* Calls @fn for each leaf of a leaf list; false on a syntax error. */
bool directive_parse_leaf_list(const char *value, size_t len,
			       bool (*fn)(uint32_t leaf, void *arg),
			       void *arg);

#endif
