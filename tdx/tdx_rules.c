// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "tdx_rules.h"

#define TDX_SPECIAL_NAME(id) #id,
static const char *const special_names[TDX_SP_COUNT] = {
	TDX_SPECIALS(TDX_SPECIAL_NAME)
};
#undef TDX_SPECIAL_NAME

const char *tdx_special_name(enum tdx_special sp)
{
	return (unsigned int)sp < TDX_SP_COUNT ? special_names[sp] : "?";
}

enum tdx_class tdx_bit_class(const struct tdx_reg_rule *r, unsigned int bit)
{
	uint32_t m = 1u << bit;

	if (r->fixed0 & m)
		return TDX_CLASS_FIXED0;
	if (r->fixed1 & m)
		return TDX_CLASS_FIXED1;
	if (r->direct & m)
		return TDX_CLASS_CONFIG_DIRECT;
	if (r->allow & m)
		return TDX_CLASS_ALLOW_DIRECT;
	return TDX_CLASS_NATIVE;
}

const char *tdx_bit_class_name(const struct tdx_reg_rule *r, unsigned int bit)
{
	static const char *const names[][3] = {
		[TDX_CLASS_FIXED0] = { "fixed0", "fixed0+verified0",
				       "fixed0+verified1" },
		[TDX_CLASS_FIXED1] = { "fixed1", "fixed1+verified0",
				       "fixed1+verified1" },
		[TDX_CLASS_CONFIG_DIRECT] = { "config-direct",
					      "config-direct+verified0",
					      "config-direct+verified1" },
		[TDX_CLASS_ALLOW_DIRECT] = { "allow-direct",
					     "allow-direct+verified0",
					     "allow-direct+verified1" },
		[TDX_CLASS_NATIVE] = { "native", "native+verified0",
				       "native+verified1" },
	};
	uint32_t m = 1u << bit;
	unsigned int v = !(r->verify_mask & m) ? 0 :
			 (r->verify_value & m) ? 2 : 1;

	return names[tdx_bit_class(r, bit)][v];
}

struct class_token {
	const char *name;
	enum tdx_class cls;
	int verified;	/* -1 none, 0, 1 */
};

static const struct class_token class_tokens[] = {
	{ "fixed0", TDX_CLASS_FIXED0, -1 },
	{ "fixed0+verified0", TDX_CLASS_FIXED0, 0 },
	{ "fixed0+verified1", TDX_CLASS_FIXED0, 1 },
	{ "fixed1", TDX_CLASS_FIXED1, -1 },
	{ "fixed1+verified0", TDX_CLASS_FIXED1, 0 },
	{ "fixed1+verified1", TDX_CLASS_FIXED1, 1 },
	{ "config-direct", TDX_CLASS_CONFIG_DIRECT, -1 },
	{ "config-direct+verified0", TDX_CLASS_CONFIG_DIRECT, 0 },
	{ "config-direct+verified1", TDX_CLASS_CONFIG_DIRECT, 1 },
	{ "allow-direct", TDX_CLASS_ALLOW_DIRECT, -1 },
	{ "allow-direct+verified0", TDX_CLASS_ALLOW_DIRECT, 0 },
	{ "allow-direct+verified1", TDX_CLASS_ALLOW_DIRECT, 1 },
	{ "native", TDX_CLASS_NATIVE, -1 },
	{ "native+verified0", TDX_CLASS_NATIVE, 0 },
	{ "native+verified1", TDX_CLASS_NATIVE, 1 },
};

static struct tdx_entry *find_entry(struct tdx_rules *rules, uint32_t leaf,
				    bool has_sub, uint32_t sub)
{
	size_t i;

	for (i = 0; i < rules->n; i++) {
		struct tdx_entry *e = &rules->entries[i];

		if (e->leaf == leaf && e->has_subleaf == has_sub &&
		    (!has_sub || e->subleaf == sub))
			return e;
	}
	return NULL;
}

const struct tdx_entry *tdx_rules_find(const struct tdx_rules *rules,
				       uint32_t leaf, uint32_t subleaf)
{
	size_t i;

	for (i = 0; i < rules->n; i++) {
		const struct tdx_entry *e = &rules->entries[i];

		if (e->leaf == leaf && (!e->has_subleaf || e->subleaf == subleaf))
			return e;
	}
	return NULL;
}

/* "entry LEAF SUBLEAF lookup=N [config=N] [faulting] [invalid]" */
static int read_entry(struct tdx_rules *rules, const struct rule_line *l,
		      struct diag *d)
{
	const struct ruleset *rs = rules->rs;
	struct tdx_entry e = { .config = -1, .line = l->lineno };
	bool has_lookup = false;
	uint64_t v;
	unsigned int i;

	if (rule_expect_tokens(rs, l, 4, 6, d) ||
	    rule_hex(rs, l, 1, 32, &v, d) ||
	    rule_subleaf(rs, l, 2, &e.has_subleaf, &e.subleaf, d))
		return -1;
	e.leaf = (uint32_t)v;
	if (find_entry(rules, e.leaf, e.has_subleaf, e.subleaf))
		return rule_error(rs, l, d, "entry %s %s given twice",
				  l->tok[1], l->tok[2]);
	for (i = 3; i < l->ntok; i++) {
		const char *t = l->tok[i];
		char *end;

		if (!strncmp(t, "lookup=", 7) || !strncmp(t, "config=", 7)) {
			unsigned long n = strtoul(t + 7, &end, 10);

			if (end == t + 7 || *end || n > 1000)
				return rule_error(rs, l, d, "bad '%s'", t);
			if (t[0] == 'l') {
				e.lookup = (unsigned int)n;
				has_lookup = true;
			} else {
				e.config = (int)n;
			}
		} else if (!strcmp(t, "faulting")) {
			e.faulting = true;
		} else if (!strcmp(t, "invalid")) {
			e.invalid = true;
		} else {
			return rule_error(rs, l, d, "unknown entry flag '%s'", t);
		}
	}
	if (!has_lookup)
		return rule_error(rs, l, d, "entry lacks lookup=N");
	if (rules->n && e.lookup <= rules->entries[rules->n - 1].lookup)
		return rule_error(rs, l, d, "entries must be in lookup order");
	rules->entries[rules->n++] = e;
	return 0;
}

static struct tdx_entry *entry_at(struct tdx_rules *rules,
				  const struct rule_line *l, struct diag *d)
{
	struct tdx_entry *e;
	bool has_sub;
	uint32_t sub;
	uint64_t leaf;

	if (rule_hex(rules->rs, l, 1, 32, &leaf, d) ||
	    rule_subleaf(rules->rs, l, 2, &has_sub, &sub, d))
		return NULL;
	e = find_entry(rules, (uint32_t)leaf, has_sub, sub);
	if (!e)
		rule_error(rules->rs, l, d, "no entry line for %s %s before",
			   l->tok[1], l->tok[2]);
	return e;
}

/* "bits LEAF SUBLEAF REG LO[-HI] CLASS" */
static int read_bits(struct tdx_rules *rules, const struct rule_line *l,
		     struct diag *d)
{
	const struct class_token *ct = NULL;
	struct tdx_reg_rule *r;
	struct tdx_entry *e;
	unsigned int reg;
	uint32_t mask;
	size_t i;

	if (rule_expect_tokens(rules->rs, l, 6, 6, d))
		return -1;
	e = entry_at(rules, l, d);
	if (!e || rule_reg(rules->rs, l, 3, &reg, d) ||
	    rule_bit_range(rules->rs, l, 4, &mask, d))
		return -1;
	for (i = 0; i < ARRAY_SIZE(class_tokens); i++)
		if (!strcmp(l->tok[5], class_tokens[i].name))
			ct = &class_tokens[i];
	if (!ct)
		return rule_error(rules->rs, l, d, "unknown class '%s'",
				  l->tok[5]);
	r = &e->regs[reg];
	if (r->assigned & mask)
		return rule_error(rules->rs, l, d,
				  "bits %s of %s already have a class",
				  l->tok[4], l->tok[3]);
	r->assigned |= mask;
	switch (ct->cls) {
	case TDX_CLASS_FIXED0:
		r->fixed0 |= mask;
		break;
	case TDX_CLASS_FIXED1:
		r->fixed1 |= mask;
		break;
	case TDX_CLASS_CONFIG_DIRECT:
		r->direct |= mask;
		break;
	case TDX_CLASS_ALLOW_DIRECT:
		r->allow |= mask;
		break;
	case TDX_CLASS_NATIVE:
		break;
	}
	if (ct->verified >= 0) {
		r->verify_mask |= mask;
		if (ct->verified)
			r->verify_value |= mask;
	}
	return 0;
}

/* "xfam LEAF SUBLEAF REG MASK XFAM_BIT" */
static int read_xfam(struct tdx_rules *rules, const struct rule_line *l,
		     struct diag *d)
{
	struct tdx_xfam_gate g, *p;
	struct tdx_entry *e;
	unsigned int reg;
	uint64_t mask, bit;

	if (rule_expect_tokens(rules->rs, l, 6, 6, d))
		return -1;
	e = entry_at(rules, l, d);
	if (!e || rule_reg(rules->rs, l, 3, &reg, d) ||
	    rule_hex(rules->rs, l, 4, 32, &mask, d) ||
	    rule_number(rules->rs, l, 5, 6, &bit, d))
		return -1;
	g.reg = (uint8_t)reg;
	g.xfam_bit = (uint8_t)bit;
	g.mask = (uint32_t)mask;
	p = realloc(e->gates, (e->ngates + 1) * sizeof(*p));
	if (!p)
		return rule_error(rules->rs, l, d, "out of memory");
	e->gates = p;
	e->gates[e->ngates++] = g;
	return 0;
}

struct const_def {
	const char *name;
	unsigned int bits;
	size_t offset;
	bool required;
};

#define CONST(n, b, req) { #n, b, offsetof(struct tdx_rules, n), req }

static const struct const_def const_defs[] = {
	CONST(attributes_fixed0, 64, true),
	CONST(attributes_fixed1, 64, true),
	CONST(xfam_fixed0, 64, true),
	CONST(xfam_fixed1, 64, true),
	CONST(config_flags_fixed0, 64, true),
	CONST(tsc_frequency_min, 32, true),
	CONST(tsc_frequency_max, 32, true),
	CONST(min_virt_maxpa, 32, false),
	CONST(last_base_leaf, 32, true),
	CONST(last_extended_leaf, 32, true),
	CONST(fixed0_bitmap, 64, false),
};

static int read_const(struct tdx_rules *rules, const struct rule_line *l,
		      uint32_t *seen, struct diag *d)
{
	const struct const_def *defs = const_defs;
	uint64_t v;
	size_t i;

	if (rule_expect_tokens(rules->rs, l, 3, 3, d))
		return -1;
	for (i = 0; i < ARRAY_SIZE(const_defs); i++)
		if (!strcmp(l->tok[1], defs[i].name))
			break;
	if (i == ARRAY_SIZE(const_defs))
		return rule_error(rules->rs, l, d, "unknown constant '%s'",
				  l->tok[1]);
	if (*seen & (1u << i))
		return rule_error(rules->rs, l, d, "constant '%s' given twice",
				  l->tok[1]);
	if (rule_number(rules->rs, l, 2, defs[i].bits, &v, d))
		return -1;
	*seen |= 1u << i;
	if (defs[i].bits == 64)
		*(uint64_t *)((char *)rules + defs[i].offset) = v;
	else
		*(uint32_t *)((char *)rules + defs[i].offset) = (uint32_t)v;
	if (!strcmp(defs[i].name, "min_virt_maxpa"))
		rules->has_min_virt_maxpa = true;
	if (!strcmp(defs[i].name, "fixed0_bitmap"))
		rules->has_fixed0_bitmap = true;
	return 0;
}

static uint32_t required_consts(void)
{
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(const_defs); i++)
		if (const_defs[i].required)
			mask |= 1u << i;
	return mask;
}

static int read_special(struct tdx_rules *rules, const struct rule_line *l,
			struct diag *d)
{
	return rule_read_special(rules->rs, l, special_names, TDX_SP_COUNT, "tdx/tdx_rules.h",
				 rules->special, d);
}

static int read_fms(struct tdx_rules *rules, const struct rule_line *l,
		    struct diag *d)
{
	uint32_t *p;
	uint64_t v;

	if (rule_expect_tokens(rules->rs, l, 2, 2, d) ||
	    rule_hex(rules->rs, l, 1, 32, &v, d))
		return -1;
	p = realloc(rules->fms_allowed, (rules->nfms_allowed + 1) * sizeof(*p));
	if (!p)
		return rule_error(rules->rs, l, d, "out of memory");
	rules->fms_allowed = p;
	p[rules->nfms_allowed++] = (uint32_t)v;
	return 0;
}

/* Entries complete, configuration slots 0..n-1 each once. */
static int check_complete(struct tdx_rules *rules, uint32_t seen,
			  struct diag *d)
{
	const struct ruleset *rs = rules->rs;
	size_t i, max = 0;
	unsigned int reg;

	if ((seen & required_consts()) != required_consts())
		return rule_error(rs, NULL, d, "missing constants: a TDX rule "
				  "set needs attributes_fixed0/1, xfam_fixed0/1,"
				  " config_flags_fixed0, tsc_frequency_min/max, "
				  "last_base_leaf and last_extended_leaf");
	if (!rules->n)
		return rule_error(rs, NULL, d, "no entry lines");
	for (i = 0; i < rules->n; i++) {
		const struct tdx_entry *e = &rules->entries[i];

		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (e->regs[reg].assigned != 0xffffffffu) {
				diag_set(d, rs->origin, e->line,
					 "entry has %s bits without a class "
					 "(0x%08x)", cpuid_reg_name(reg),
					 ~e->regs[reg].assigned);
				return -1;
			}
		if (e->config >= 0 && (size_t)e->config + 1 > max)
			max = (size_t)e->config + 1;
	}
	rules->config = calloc(max ? max : 1, sizeof(*rules->config));
	if (!rules->config)
		return rule_error(rs, NULL, d, "out of memory");
	for (i = 0; i < rules->n; i++) {
		struct tdx_entry *e = &rules->entries[i];

		if (e->config < 0)
			continue;
		if (rules->config[e->config]) {
			diag_set(d, rs->origin, e->line, "config slot %d used "
				 "twice", e->config);
			return -1;
		}
		rules->config[e->config] = e;
	}
	for (i = 0; i < max; i++)
		if (!rules->config[i])
			return rule_error(rs, NULL, d, "config slot %zu unused",
					  i);
	rules->nconfig = max;
	return 0;
}

/* "owner/name@commit path": the two halves of the source line. */
static int split_source(struct tdx_rules *rules, struct diag *d)
{
	char *sp;

	rules->buf = strdup(rules->rs->source);
	if (!rules->buf)
		return rule_error(rules->rs, NULL, d, "out of memory");
	sp = strchr(rules->buf, ' ');
	if (!sp || !strchr(rules->buf, '@'))
		return rule_error(rules->rs, NULL, d,
				  "source must be 'owner/repo@commit path'");
	*sp = '\0';
	rules->repo = rules->buf;
	rules->table_file = sp + 1;
	return 0;
}

int tdx_rules_read(const struct ruleset *rs, struct tdx_rules *rules,
		   struct diag *d)
{
	uint32_t seen = 0;
	size_t i;

	memset(rules, 0, sizeof(*rules));
	rules->rs = rs;
	if (strcmp(rs->platform, "tdx") != 0) {
		diag_set(d, rs->origin, 0, "rule set %s is not for tdx",
			 rs->name);
		return -1;
	}
	rules->entries = calloc(rs->nlines ? rs->nlines : 1,
				sizeof(*rules->entries));
	if (!rules->entries || split_source(rules, d))
		goto fail;
	for (i = 0; i < rs->nlines; i++) {
		const struct rule_line *l = &rs->lines[i];
		const char *k = l->tok[0];
		int ret;

		if (!strcmp(k, "entry"))
			ret = read_entry(rules, l, d);
		else if (!strcmp(k, "bits"))
			ret = read_bits(rules, l, d);
		else if (!strcmp(k, "xfam"))
			ret = read_xfam(rules, l, d);
		else if (!strcmp(k, "const"))
			ret = read_const(rules, l, &seen, d);
		else if (!strcmp(k, "special"))
			ret = read_special(rules, l, d);
		else if (!strcmp(k, "fms-allowed"))
			ret = read_fms(rules, l, d);
		else
			ret = rule_error(rs, l, d, "unknown record '%s' in a tdx "
					 "rule set", k);
		if (ret)
			goto fail;
	}
	if (check_complete(rules, seen, d))
		goto fail;
	rule_specials_unlisted(rules->special, TDX_SP_COUNT);
	return 0;
fail:
	tdx_rules_release(rules);
	return -1;
}

void tdx_rules_release(struct tdx_rules *rules)
{
	size_t i;

	for (i = 0; rules->entries && i < rules->n; i++)
		free(rules->entries[i].gates);
	free(rules->entries);
	free(rules->config);
	free(rules->fms_allowed);
	free(rules->buf);
	memset(rules, 0, sizeof(*rules));
}

bool tdx_reduce_ve_leaf(const struct tdx_rules *rules, uint32_t leaf)
{
	if (!tdx_has(rules, TDX_SP_REDUCE_VE))
		return false;
	switch (leaf) {
	case 0x6: case 0x9: case 0xc: case 0xf: case 0x10: case 0x16:
	case 0x17: case 0x1b: case 0x80000002: case 0x80000003:
	case 0x80000004: case 0x80000005:
		return true;
	}
	return false;
}
