// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "certify/scan.h"
#include "snp_rules.h"

static const char *const rule_names[] = {
	[SNP_RULE_EXACT] = "exact",
	[SNP_RULE_MASK] = "mask",
	[SNP_RULE_LE] = "le",
	[SNP_RULE_UNCHECKED] = "unchecked",
};

static const char *const op_names[] = {
	[SNP_OP_EXACT] = "exact",
	[SNP_OP_MASK] = "mask",
	[SNP_OP_MASK_INVERTED] = "mask-inverted",
	[SNP_OP_LE] = "le",
	[SNP_OP_MBZ] = "mbz",
	[SNP_OP_UNCHECKED] = "unchecked",
	[SNP_OP_FMS_LE_HOST] = "fms-le-host",
	[SNP_OP_FIELD_EXACT] = "field-exact",
	[SNP_OP_FIELD_LE] = "field-le",
	[SNP_OP_REQUIRED] = "required",
	[SNP_OP_XSAVE_STANDARD] = "xsave-standard",
	[SNP_OP_XSAVE_COMPACTED] = "xsave-compacted",
	[SNP_OP_EXACT_OR] = "exact-or",
};

const char *snp_rule_name(enum snp_rule rule)
{
	return rule_names[rule];
}

const char *snp_op_name(enum snp_op op)
{
	return op_names[op];
}

void snp_rules_release(struct snp_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->n; i++)
		free(rules->entries[i].steps);
	free(rules->entries);
	free(rules->repo);
	free(rules->file);
	memset(rules, 0, sizeof(*rules));
}

const struct snp_entry *snp_rules_find(const struct snp_rules *rules,
				       uint32_t eax_in, uint32_t ecx_in)
{
	size_t i;

	for (i = 0; i < rules->n; i++)
		if (rules->entries[i].leaf == eax_in &&
		    rules->entries[i].subleaf == ecx_in)
			return &rules->entries[i];
	return NULL;
}

bool snp_rules_checked(const struct snp_rules *rules, uint32_t eax_in)
{
	size_t i;

	for (i = 0; i < rules->nranges; i++)
		if (eax_in >= rules->ranges[i].lo &&
		    eax_in <= rules->ranges[i].hi)
			return true;
	return false;
}

uint32_t snp_entry_checked_bits(const struct snp_entry *e, unsigned int reg)
{
	uint32_t checked = 0xffffffffu;
	size_t i;

	if (!e->custom) {
		if (e->regs[reg].rule == SNP_RULE_UNCHECKED)
			return e->regs[reg].mbz;
		return 0xffffffffu;
	}
	/* A custom function checks what its steps do not leave unchecked. */
	for (i = 0; i < e->nsteps; i++) {
		const struct snp_step *s = &e->steps[i];

		if (s->reg != reg)
			continue;
		if (s->op == SNP_OP_UNCHECKED)
			checked &= ~s->a;
		else if (s->op == SNP_OP_MASK)
			checked &= ~s->b;
	}
	return checked;
}

/* ---- reading ---- */

struct reader {
	struct snp_rules *r;
	const struct ruleset *rs;
	struct diag *d;
	bool have_max_count;
};

static struct snp_entry *find_entry(struct snp_rules *r, uint32_t leaf,
				    uint32_t sub)
{
	return (struct snp_entry *)snp_rules_find(r, leaf, sub);
}

static struct snp_entry *new_entry(struct reader *rd,
				   const struct rule_line *l, uint32_t leaf,
				   uint32_t sub)
{
	struct snp_rules *r = rd->r;
	struct snp_entry *p;

	if (r->n % 16 == 0) {
		p = realloc(r->entries, (r->n + 16) * sizeof(*p));
		if (!p) {
			rule_error(rd->rs, l, rd->d, "out of memory");
			return NULL;
		}
		r->entries = p;
	}
	p = &r->entries[r->n];
	memset(p, 0, sizeof(*p));
	p->leaf = leaf;
	p->subleaf = sub;
	p->index = r->n++;
	p->line = l->lineno;
	return p;
}

static int leaf_sub(struct reader *rd, const struct rule_line *l,
		    uint32_t *leaf, uint32_t *sub)
{
	uint64_t a, b;

	if (rule_hex(rd->rs, l, 1, 32, &a, rd->d) ||
	    rule_hex(rd->rs, l, 2, 32, &b, rd->d))
		return -1;
	*leaf = (uint32_t)a;
	*sub = (uint32_t)b;
	return 0;
}

static int read_const(struct reader *rd, const struct rule_line *l)
{
	struct snp_rules *r = rd->r;
	uint64_t v;
	size_t i;

	if (rule_expect_tokens(rd->rs, l, 3, 3, rd->d) ||
	    rule_number(rd->rs, l, 2, 64, &v, rd->d))
		return -1;
	if (!strcmp(l->tok[1], "max_count")) {
		if (rd->have_max_count)
			return rule_error(rd->rs, l, rd->d,
					  "constant 'max_count' given twice");
		if (v == 0 || v > 64)
			return rule_error(rd->rs, l, rd->d, "max_count must be "
					  "1 to 64: a CPUID page holds 64 "
					  "entries");
		r->max_count = (uint32_t)v;
		rd->have_max_count = true;
		return 0;
	}
	for (i = 0; i < r->nconsts; i++)
		if (!strcmp(r->consts[i].name, l->tok[1]))
			return rule_error(rd->rs, l, rd->d,
					  "constant '%s' given twice",
					  l->tok[1]);
	if (r->nconsts == SNP_MAX_CONSTS)
		return rule_error(rd->rs, l, rd->d, "more than %d constants",
				  SNP_MAX_CONSTS);
	r->consts[r->nconsts].name = l->tok[1];
	r->consts[r->nconsts].value = v;
	r->nconsts++;
	return 0;
}

static int read_range(struct reader *rd, const struct rule_line *l)
{
	struct snp_rules *r = rd->r;
	uint64_t lo, hi;

	if (rule_expect_tokens(rd->rs, l, 3, 3, rd->d) ||
	    rule_hex(rd->rs, l, 1, 32, &lo, rd->d) ||
	    rule_hex(rd->rs, l, 2, 32, &hi, rd->d))
		return -1;
	if (lo > hi)
		return rule_error(rd->rs, l, rd->d, "range 0x%llx-0x%llx is "
				  "empty", (unsigned long long)lo,
				  (unsigned long long)hi);
	if (r->nranges == SNP_MAX_RANGES)
		return rule_error(rd->rs, l, rd->d, "more than %d ranges",
				  SNP_MAX_RANGES);
	r->ranges[r->nranges].lo = (uint32_t)lo;
	r->ranges[r->nranges].hi = (uint32_t)hi;
	r->nranges++;
	return 0;
}

/* "reg LEAF SUBLEAF REG RULE VALUE MBZ" */
static int read_reg(struct reader *rd, const struct rule_line *l)
{
	struct snp_table_reg *tr;
	struct snp_entry *e;
	uint32_t leaf, sub;
	unsigned int reg, i;
	uint64_t v = 0, mbz;

	if (rule_expect_tokens(rd->rs, l, 7, 7, rd->d) ||
	    leaf_sub(rd, l, &leaf, &sub) ||
	    rule_reg(rd->rs, l, 3, &reg, rd->d))
		return -1;
	for (i = 0; i < ARRAY_SIZE(rule_names); i++)
		if (!strcmp(l->tok[4], rule_names[i]))
			break;
	if (i == ARRAY_SIZE(rule_names))
		return rule_error(rd->rs, l, rd->d, "unknown rule '%s' (exact, "
				  "mask, le or unchecked)", l->tok[4]);
	if (i == SNP_RULE_UNCHECKED) {
		if (strcmp(l->tok[5], "-"))
			return rule_error(rd->rs, l, rd->d, "an unchecked "
					  "register takes '-' as its value");
	} else if (rule_hex(rd->rs, l, 5, 32, &v, rd->d)) {
		return -1;
	}
	if (rule_hex(rd->rs, l, 6, 32, &mbz, rd->d))
		return -1;
	e = find_entry(rd->r, leaf, sub);
	if (e && e->custom)
		return rule_error(rd->rs, l, rd->d, "0x%x/0x%x is a custom "
				  "entry: it takes steps, not table rules",
				  leaf, sub);
	if (!e) {
		e = new_entry(rd, l, leaf, sub);
		if (!e)
			return -1;
	}
	tr = &e->regs[reg];
	if (tr->line)
		return rule_error(rd->rs, l, rd->d, "0x%x/0x%x %s given twice "
				  "(line %u)", leaf, sub, cpuid_reg_name(reg),
				  tr->line);
	/* The firmware would clear the value it demands: refuse it. */
	if (i != SNP_RULE_UNCHECKED && i != SNP_RULE_MASK && (v & mbz))
		return rule_error(rd->rs, l, rd->d, "value 0x%llx has "
				  "must-be-zero bits", (unsigned long long)v);
	tr->rule = (enum snp_rule)i;
	tr->value = (uint32_t)v;
	tr->mbz = (uint32_t)mbz;
	tr->line = l->lineno;
	return 0;
}

static int read_custom(struct reader *rd, const struct rule_line *l)
{
	struct snp_entry *e;
	uint32_t leaf, sub;

	if (rule_expect_tokens(rd->rs, l, 4, 4, rd->d) ||
	    leaf_sub(rd, l, &leaf, &sub))
		return -1;
	e = find_entry(rd->r, leaf, sub);
	if (e)
		return rule_error(rd->rs, l, rd->d, "0x%x/0x%x already has "
				  "rules (line %u)", leaf, sub, e->line);
	e = new_entry(rd, l, leaf, sub);
	if (!e)
		return -1;
	e->custom = l->tok[3];
	return 0;
}

/* A number token inside a step argument ("9=0x988"). */
static bool parse_num(const char *s, size_t len, unsigned int bits,
		      uint64_t *v)
{
	struct scan sc;

	scan_init(&sc, s, len);
	return scan_number(&sc, bits, v) == SCAN_NUM_OK && scan_eof(&sc);
}

/* "HI:LO" */
static int parse_field(struct reader *rd, const struct rule_line *l,
		       unsigned int i, struct snp_step *s)
{
	const char *t = i < l->ntok ? l->tok[i] : "";
	const char *colon = strchr(t, ':');
	uint64_t hi, lo;

	if (!colon || !parse_num(t, (size_t)(colon - t), 32, &hi) ||
	    !parse_num(colon + 1, strlen(colon + 1), 32, &lo) || lo > hi ||
	    hi > 31)
		return rule_error(rd->rs, l, rd->d, "bad field '%s': HI:LO "
				  "with 31 >= HI >= LO", t);
	s->shift = (unsigned int)lo;
	s->field = (uint32_t)((hi - lo == 31 ? 0xffffffffu :
			       ((1u << (hi - lo + 1)) - 1)) << lo);
	return 0;
}

/* "BIT=VALUE" or "xcr0.BIT=VALUE" / "xss.BIT=VALUE" */
static int parse_term(struct reader *rd, const struct rule_line *l,
		      unsigned int i, bool prefixed, struct snp_size_term *t)
{
	const char *s = l->tok[i], *eq = strchr(s, '=');
	uint64_t bit, v;

	t->xss = false;
	if (prefixed) {
		if (!strncmp(s, "xcr0.", 5)) {
			s += 5;
		} else if (!strncmp(s, "xss.", 4)) {
			t->xss = true;
			s += 4;
		} else {
			goto bad;
		}
	}
	if (!eq || eq < s || !parse_num(s, (size_t)(eq - s), 32, &bit) ||
	    bit > 63 || !parse_num(eq + 1, strlen(eq + 1), 32, &v))
		goto bad;
	t->bit = (uint8_t)bit;
	t->value = (uint32_t)v;
	return 0;
bad:
	return rule_error(rd->rs, l, rd->d, "bad term '%s': %sBIT=VALUE",
			  l->tok[i], prefixed ? "xcr0. or xss. then " : "");
}

static int step_args(struct reader *rd, const struct rule_line *l,
		     struct snp_step *s)
{
	const struct ruleset *rs = rd->rs;
	struct diag *d = rd->d;
	uint64_t a = 0, b = 0, c = 0;
	unsigned int i;

	switch (s->op) {
	case SNP_OP_FMS_LE_HOST:
		return rule_expect_tokens(rs, l, 5, 5, d);
	case SNP_OP_EXACT:
	case SNP_OP_MASK_INVERTED:
	case SNP_OP_LE:
	case SNP_OP_MBZ:
	case SNP_OP_UNCHECKED:
	case SNP_OP_REQUIRED:
		if (rule_expect_tokens(rs, l, 6, 6, d) ||
		    rule_hex(rs, l, 5, 32, &a, d))
			return -1;
		break;
	case SNP_OP_MASK:
		if (rule_expect_tokens(rs, l, 6, 7, d) ||
		    rule_hex(rs, l, 5, 32, &a, d))
			return -1;
		if (l->ntok == 7 &&
		    (strncmp(l->tok[6], "ignore=", 7) ||
		     !parse_num(l->tok[6] + 7, strlen(l->tok[6] + 7), 32, &b)))
			return rule_error(rs, l, d, "expected ignore=0x...");
		break;
	case SNP_OP_FIELD_EXACT:
	case SNP_OP_FIELD_LE:
		if (rule_expect_tokens(rs, l, 7, 7, d) ||
		    parse_field(rd, l, 5, s) ||
		    rule_number(rs, l, 6, 32, &a, d))
			return -1;
		if ((a << s->shift) & ~(uint64_t)s->field)
			return rule_error(rs, l, d, "value %llu does not fit "
					  "the field", (unsigned long long)a);
		break;
	case SNP_OP_EXACT_OR:
		if (rule_expect_tokens(rs, l, 8, 8, d) ||
		    rule_hex(rs, l, 5, 32, &a, d) ||
		    rule_hex(rs, l, 6, 32, &b, d) ||
		    rule_hex(rs, l, 7, 32, &c, d))
			return -1;
		break;
	case SNP_OP_XSAVE_STANDARD:
	case SNP_OP_XSAVE_COMPACTED:
		if (rule_expect_tokens(rs, l, 6, 6 + SNP_MAX_TERMS, d) ||
		    rule_hex(rs, l, 5, 32, &a, d))
			return -1;
		for (i = 6; i < l->ntok; i++)
			if (parse_term(rd, l, i,
				       s->op == SNP_OP_XSAVE_COMPACTED,
				       &s->terms[s->nterms++]))
				return -1;
		break;
	}
	s->a = (uint32_t)a;
	s->b = (uint32_t)b;
	s->c = (uint32_t)c;
	return 0;
}

/* "step LEAF SUBLEAF REG OP [ARGS]" */
static int read_step(struct reader *rd, const struct rule_line *l)
{
	struct snp_step s = { 0 }, *p;
	struct snp_entry *e;
	uint32_t leaf, sub;
	unsigned int i;

	if (rule_expect_tokens(rd->rs, l, 5, RULE_MAX_TOKENS, rd->d) ||
	    leaf_sub(rd, l, &leaf, &sub) ||
	    rule_reg(rd->rs, l, 3, &s.reg, rd->d))
		return -1;
	e = find_entry(rd->r, leaf, sub);
	if (!e || !e->custom)
		return rule_error(rd->rs, l, rd->d, "step for 0x%x/0x%x, which "
				  "has no 'custom' line before it", leaf, sub);
	for (i = 0; i < ARRAY_SIZE(op_names); i++)
		if (!strcmp(l->tok[4], op_names[i]))
			break;
	if (i == ARRAY_SIZE(op_names))
		return rule_error(rd->rs, l, rd->d, "unknown step '%s'",
				  l->tok[4]);
	s.op = (enum snp_op)i;
	s.line = l->lineno;
	if (step_args(rd, l, &s))
		return -1;
	if (e->nsteps % 8 == 0) {
		p = realloc(e->steps, (e->nsteps + 8) * sizeof(*p));
		if (!p)
			return rule_error(rd->rs, l, rd->d, "out of memory");
		e->steps = p;
	}
	e->steps[e->nsteps++] = s;
	return 0;
}

/* Every register of every entry is described. */
static int check_complete(struct reader *rd)
{
	struct snp_rules *r = rd->r;
	size_t i, k;
	unsigned int reg;

	if (!rd->have_max_count)
		return rule_error(rd->rs, NULL, rd->d, "missing 'const "
				  "max_count'");
	if (!r->nranges)
		return rule_error(rd->rs, NULL, rd->d, "no checked-range lines");
	if (!r->n)
		return rule_error(rd->rs, NULL, rd->d, "no entries");
	for (i = 0; i < r->n; i++) {
		const struct snp_entry *e = &r->entries[i];

		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			bool have = false;

			if (!e->custom) {
				have = e->regs[reg].line != 0;
			} else {
				for (k = 0; k < e->nsteps; k++)
					have |= e->steps[k].reg == reg;
			}
			if (!have) {
				diag_set(rd->d, rd->rs->origin, e->line,
					 "0x%x/0x%x has no rule for %s",
					 e->leaf, e->subleaf,
					 cpuid_reg_name(reg));
				return -1;
			}
		}
	}
	return 0;
}

/* "owner/name@commit path" */
static int split_source(struct snp_rules *r, struct diag *d)
{
	const char *src = r->rs->source, *sp = strchr(src, ' ');
	const char *at = strchr(src, '@');

	if (!sp || !at || at > sp)
		return rule_error(r->rs, NULL, d, "source must be "
				  "'owner/name@commit path'");
	r->repo = strndup(src, (size_t)(sp - src));
	r->file = strdup(sp + 1);
	if (!r->repo || !r->file)
		return rule_error(r->rs, NULL, d, "out of memory");
	return 0;
}

int snp_rules_read(const struct ruleset *rs, struct snp_rules *rules,
		   struct diag *d)
{
	struct reader rd = { .r = rules, .rs = rs, .d = d };
	size_t i;
	int ret = 0;

	memset(rules, 0, sizeof(*rules));
	rules->rs = rs;
	if (strcmp(rs->platform, "snp")) {
		diag_set(d, rs->origin, rs->platform_lineno, "rule set %s is "
			 "for platform %s, not snp", rs->name, rs->platform);
		return -1;
	}
	for (i = 0; i < rs->nlines && !ret; i++) {
		const struct rule_line *l = &rs->lines[i];
		const char *k = l->tok[0];

		if (!strcmp(k, "const"))
			ret = read_const(&rd, l);
		else if (!strcmp(k, "checked-range"))
			ret = read_range(&rd, l);
		else if (!strcmp(k, "reg"))
			ret = read_reg(&rd, l);
		else if (!strcmp(k, "custom"))
			ret = read_custom(&rd, l);
		else if (!strcmp(k, "step"))
			ret = read_step(&rd, l);
		else
			ret = rule_error(rs, l, d, "unknown record '%s' in an "
					 "SNP rule set", k);
	}
	if (!ret)
		ret = check_complete(&rd);
	if (!ret)
		ret = split_source(rules, d);
	if (ret)
		snp_rules_release(rules);
	return ret;
}
