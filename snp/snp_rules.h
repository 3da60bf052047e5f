/* SPDX-License-Identifier: MIT */
/*
 * An SEV-SNP firmware CPUID policy read from a rule set (models/snp/,
 * format in models/README.md): the firmware's lookup table in its order,
 * each entry either four table rules (exact, mask, le, unchecked, each with
 * a must-be-zero mask) or a custom function written as steps.
 *
 * The semantics are those of cpuid_lookup.c in AMD's Genoa SEV firmware
 * 1.55.25 (research/snp.md §3); a firmware whose source is not public is
 * added as data in the same vocabulary.
 */
#ifndef CERTIFY_SNP_RULES_H
#define CERTIFY_SNP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/cpuid.h"
#include "certify/diag.h"
#include "certify/ruleset.h"

/* cpuid_entry_rule_check(): one rule, then the reserved bits. */
enum snp_rule {
	SNP_RULE_EXACT,		/* reg must equal value, else := value */
	SNP_RULE_MASK,		/* reg must be within value, else &= value */
	SNP_RULE_LE,		/* reg <= value (unsigned), else := value */
	SNP_RULE_UNCHECKED,	/* only the reserved bits are checked */
};

/* The operations custom functions are made of, each with its correction. */
enum snp_op {
	SNP_OP_EXACT,		/* a: value */
	SNP_OP_MASK,		/* a: allowed, b: ignored bits */
	SNP_OP_MASK_INVERTED,	/* a: allowed; on failure reg &= ~a (7.0 EDX) */
	SNP_OP_LE,		/* a: maximum */
	SNP_OP_MBZ,		/* a: bits that must be zero, else cleared */
	SNP_OP_UNCHECKED,	/* a: bits not checked (no effect) */
	SNP_OP_FMS_LE_HOST,	/* family/model/stepping <= the host's */
	SNP_OP_FIELD_EXACT,	/* field, a: value */
	SNP_OP_FIELD_LE,	/* field, a: maximum */
	SNP_OP_REQUIRED,	/* a: bits that must be set, else set */
	SNP_OP_XSAVE_STANDARD,	/* a: default; terms: first XCR0 bit wins */
	SNP_OP_XSAVE_COMPACTED,	/* a: base; terms: sums over XCR0 and XSS */
	/* (reg & ~a) must be b; else reg &= ~c, reg |= b (0x8000001F EBX) */
	SNP_OP_EXACT_OR,
};

#define SNP_MAX_TERMS 16

struct snp_size_term {
	bool xss;		/* the bit is of xss_in, else of xcr0_in */
	uint8_t bit;
	uint32_t value;
};

struct snp_step {
	unsigned int reg;
	enum snp_op op;
	uint32_t a, b, c;
	uint32_t field;		/* the field's bits, for FIELD_* */
	unsigned int shift;	/* its lowest bit */
	struct snp_size_term terms[SNP_MAX_TERMS];
	unsigned int nterms;
	unsigned int line;
};

struct snp_table_reg {
	enum snp_rule rule;
	uint32_t value;
	uint32_t mbz;
	unsigned int line;
};

struct snp_entry {
	uint32_t leaf;
	uint32_t subleaf;
	const char *custom;	/* the custom function, or NULL */
	struct snp_table_reg regs[CPUID_NR_REGS];
	struct snp_step *steps;	/* custom entries */
	size_t nsteps;
	size_t index;		/* in the lookup table */
	unsigned int line;
};

struct snp_range {
	uint32_t lo, hi;
};

/* Named constants besides max_count, kept for reports and diffs. */
struct snp_const {
	const char *name;
	uint64_t value;
};

#define SNP_MAX_RANGES 8
#define SNP_MAX_CONSTS 16

struct snp_rules {
	const struct ruleset *rs;
	char *repo;		/* "owner/name@commit" */
	char *file;		/* the source file */
	uint32_t max_count;
	struct snp_range ranges[SNP_MAX_RANGES];
	size_t nranges;
	struct snp_const consts[SNP_MAX_CONSTS];
	size_t nconsts;
	struct snp_entry *entries;
	size_t n;
};

/* Reads @rs (platform snp); -1 with @d set as file:line. */
int snp_rules_read(const struct ruleset *rs, struct snp_rules *rules,
		   struct diag *d);
void snp_rules_release(struct snp_rules *rules);

/* The table entry for the exact pair (eax_in, ecx_in), or NULL. */
const struct snp_entry *snp_rules_find(const struct snp_rules *rules,
				       uint32_t eax_in, uint32_t ecx_in);
/* True when the firmware validates entries with this eax_in. */
bool snp_rules_checked(const struct snp_rules *rules, uint32_t eax_in);

const char *snp_rule_name(enum snp_rule rule);
const char *snp_op_name(enum snp_op op);
/* The bits of @reg the entry's rules check (the rest are unchecked). */
uint32_t snp_entry_checked_bits(const struct snp_entry *e, unsigned int reg);

#endif
