// SPDX-License-Identifier: MIT
/*
 * `certify rules diff` for SNP firmware policies: constants, checked
 * ranges, entries added or removed, and per register what the rule,
 * value or must-be-zero mask became (a firmware captured on hardware
 * against the Genoa source, for example).
 */
#include <inttypes.h>
#include <string.h>

#include "snp_rules.h"
#include "snp_rules_diff.h"

int snp_rules_validate(const struct ruleset *rs, struct diag *d)
{
	struct snp_rules r;

	if (snp_rules_read(rs, &r, d))
		return -1;
	snp_rules_release(&r);
	return 0;
}

/* One register's rules as one line of text, for comparing and showing. */
static void reg_text(const struct snp_entry *e, unsigned int reg,
		     struct strbuf *out)
{
	size_t i;
	unsigned int k;

	if (!e->custom) {
		const struct snp_table_reg *tr = &e->regs[reg];

		strbuf_printf(out, "%s", snp_rule_name(tr->rule));
		if (tr->rule != SNP_RULE_UNCHECKED)
			strbuf_printf(out, " 0x%08" PRIx32, tr->value);
		strbuf_printf(out, " mbz 0x%08" PRIx32, tr->mbz);
		return;
	}
	strbuf_printf(out, "%s:", e->custom);
	for (i = 0; i < e->nsteps; i++) {
		const struct snp_step *s = &e->steps[i];

		if (s->reg != reg)
			continue;
		strbuf_printf(out, " %s", snp_op_name(s->op));
		switch (s->op) {
		case SNP_OP_FMS_LE_HOST:
			break;
		case SNP_OP_FIELD_EXACT:
		case SNP_OP_FIELD_LE:
			strbuf_printf(out, " 0x%08" PRIx32 "=%" PRIu32, s->field,
				      s->a);
			break;
		case SNP_OP_XSAVE_STANDARD:
		case SNP_OP_XSAVE_COMPACTED:
			strbuf_printf(out, " 0x%" PRIx32, s->a);
			for (k = 0; k < s->nterms; k++)
				strbuf_printf(out, " %s%u=0x%" PRIx32,
					      s->terms[k].xss ? "xss." : "",
					      s->terms[k].bit,
					      s->terms[k].value);
			break;
		case SNP_OP_MASK:
			strbuf_printf(out, " 0x%08" PRIx32, s->a);
			if (s->b)
				strbuf_printf(out, " ignore 0x%08" PRIx32,
					      s->b);
			break;
		case SNP_OP_EXACT_OR:
			strbuf_printf(out, " 0x%08" PRIx32 " 0x%" PRIx32
				      " 0x%" PRIx32, s->a, s->b, s->c);
			break;
		default:
			strbuf_printf(out, " 0x%08" PRIx32, s->a);
			break;
		}
		strbuf_putc(out, ';');
	}
}

static void diff_consts(const struct snp_rules *a, const struct snp_rules *b,
			struct strbuf *out)
{
	size_t i, j;

	strbuf_puts(out, "constants:\n");
	if (a->max_count != b->max_count)
		strbuf_printf(out, "  max_count: %" PRIu32 " -> %" PRIu32 "\n",
			      a->max_count, b->max_count);
	for (i = 0; i < a->nconsts; i++) {
		for (j = 0; j < b->nconsts; j++)
			if (!strcmp(a->consts[i].name, b->consts[j].name))
				break;
		if (j == b->nconsts)
			strbuf_printf(out, "  %s: 0x%" PRIx64 " -> -\n",
				      a->consts[i].name, a->consts[i].value);
		else if (a->consts[i].value != b->consts[j].value)
			strbuf_printf(out, "  %s: 0x%" PRIx64 " -> 0x%" PRIx64
				      "\n", a->consts[i].name,
				      a->consts[i].value, b->consts[j].value);
	}
	for (j = 0; j < b->nconsts; j++) {
		for (i = 0; i < a->nconsts; i++)
			if (!strcmp(a->consts[i].name, b->consts[j].name))
				break;
		if (i == a->nconsts)
			strbuf_printf(out, "  %s: - -> 0x%" PRIx64 "\n",
				      b->consts[j].name, b->consts[j].value);
	}
	for (i = 0; i < a->nranges || i < b->nranges; i++) {
		bool ina = i < a->nranges, inb = i < b->nranges;

		if (ina && inb && a->ranges[i].lo == b->ranges[i].lo &&
		    a->ranges[i].hi == b->ranges[i].hi)
			continue;
		strbuf_puts(out, "  checked-range: ");
		if (ina)
			strbuf_printf(out, "0x%08" PRIx32 "-0x%08" PRIx32,
				      a->ranges[i].lo, a->ranges[i].hi);
		else
			strbuf_putc(out, '-');
		strbuf_puts(out, " -> ");
		if (inb)
			strbuf_printf(out, "0x%08" PRIx32 "-0x%08" PRIx32 "\n",
				      b->ranges[i].lo, b->ranges[i].hi);
		else
			strbuf_puts(out, "-\n");
	}
}

static void diff_entries(const struct snp_rules *a, const struct snp_rules *b,
			 struct strbuf *out)
{
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
	unsigned int reg;
	size_t i;

	strbuf_puts(out, "entries:\n");
	for (i = 0; i < a->n; i++) {
		const struct snp_entry *ea = &a->entries[i];
		const struct snp_entry *eb = snp_rules_find(b, ea->leaf,
							    ea->subleaf);

		if (!eb) {
			strbuf_printf(out, "  - 0x%08" PRIx32 " 0x%02" PRIx32
				      ": must now be all zero\n", ea->leaf,
				      ea->subleaf);
			continue;
		}
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			strbuf_reset(&ta);
			strbuf_reset(&tb);
			reg_text(ea, reg, &ta);
			reg_text(eb, reg, &tb);
			if (!strcmp(strbuf_str(&ta), strbuf_str(&tb)))
				continue;
			strbuf_printf(out, "    0x%08" PRIx32 " 0x%02" PRIx32
				      " %s: %s -> %s\n", ea->leaf, ea->subleaf,
				      cpuid_reg_name(reg), strbuf_str(&ta),
				      strbuf_str(&tb));
		}
	}
	for (i = 0; i < b->n; i++) {
		const struct snp_entry *eb = &b->entries[i];

		if (snp_rules_find(a, eb->leaf, eb->subleaf))
			continue;
		strbuf_printf(out, "  + 0x%08" PRIx32 " 0x%02" PRIx32 ":",
			      eb->leaf, eb->subleaf);
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			strbuf_reset(&tb);
			reg_text(eb, reg, &tb);
			strbuf_printf(out, " %s %s%s", cpuid_reg_name(reg),
				      strbuf_str(&tb),
				      reg + 1 < CPUID_NR_REGS ? "," : "");
		}
		strbuf_putc(out, '\n');
	}
	strbuf_release(&ta);
	strbuf_release(&tb);
}

int snp_rules_diff(const struct ruleset *rsa, const struct ruleset *rsb,
		   struct strbuf *out, struct diag *d)
{
	struct snp_rules a, b;
	size_t start, mark;

	if (snp_rules_read(rsa, &a, d))
		return -1;
	if (snp_rules_read(rsb, &b, d)) {
		snp_rules_release(&a);
		return -1;
	}
	strbuf_printf(out, "%s -> %s\n", rsa->name, rsb->name);
	start = mark = out->len;
	diff_consts(&a, &b, out);
	mark = strbuf_drop_lone_line(out, mark);
	diff_entries(&a, &b, out);
	strbuf_drop_lone_line(out, mark);
	if (out->len == start)
		strbuf_puts(out, "no differences\n");
	snp_rules_release(&a);
	snp_rules_release(&b);
	return 0;
}
