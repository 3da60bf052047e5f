// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>

#include "certify/feature_table.h"
#include "tdx_rules.h"
#include "tdx_rules_diff.h"

int tdx_rules_validate(const struct ruleset *rs, struct diag *d)
{
	struct tdx_rules rules;

	if (tdx_rules_read(rs, &rules, d))
		return -1;
	tdx_rules_release(&rules);
	return 0;
}

static void put_entry(struct strbuf *out, const struct tdx_entry *e)
{
	strbuf_printf(out, "0x%08" PRIx32 " ", e->leaf);
	if (e->has_subleaf)
		strbuf_printf(out, "0x%02" PRIx32, e->subleaf);
	else
		strbuf_puts(out, "-");
}

static const char *entry_kind(const struct tdx_entry *e)
{
	if (e->faulting)
		return "faulting (#VE)";
	if (e->config >= 0)
		return "configurable";
	return "in the table";
}

static void diff_u64(struct strbuf *out, const char *name, bool ha,
		     uint64_t a, bool hb, uint64_t b)
{
	if (ha == hb && (!ha || a == b))
		return;
	strbuf_printf(out, "  %s: ", name);
	if (ha)
		strbuf_printf(out, "0x%" PRIx64, a);
	else
		strbuf_puts(out, "-");
	strbuf_puts(out, " -> ");
	if (hb)
		strbuf_printf(out, "0x%" PRIx64 "\n", b);
	else
		strbuf_puts(out, "-\n");
}

static void diff_constants(const struct tdx_rules *a,
			   const struct tdx_rules *b, struct strbuf *out)
{
	strbuf_puts(out, "constants:\n");
	diff_u64(out, "attributes_fixed0", true, a->attributes_fixed0, true,
		 b->attributes_fixed0);
	diff_u64(out, "xfam_fixed0", true, a->xfam_fixed0, true,
		 b->xfam_fixed0);
	diff_u64(out, "config_flags_fixed0", true, a->config_flags_fixed0,
		 true, b->config_flags_fixed0);
	diff_u64(out, "last_base_leaf", true, a->last_base_leaf, true,
		 b->last_base_leaf);
	diff_u64(out, "last_extended_leaf", true, a->last_extended_leaf, true,
		 b->last_extended_leaf);
	diff_u64(out, "min_virt_maxpa", a->has_min_virt_maxpa,
		 a->min_virt_maxpa, b->has_min_virt_maxpa, b->min_virt_maxpa);
	diff_u64(out, "fixed0_bitmap", a->has_fixed0_bitmap, a->fixed0_bitmap,
		 b->has_fixed0_bitmap, b->fixed0_bitmap);
}

static const struct tdx_entry *twin(const struct tdx_rules *r,
				    const struct tdx_entry *e)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->entries[i].leaf == e->leaf &&
		    r->entries[i].has_subleaf == e->has_subleaf &&
		    r->entries[i].subleaf == e->subleaf)
			return &r->entries[i];
	return NULL;
}

static void diff_entries(const struct tdx_rules *a, const struct tdx_rules *b,
			 struct strbuf *out)
{
	size_t i;

	strbuf_puts(out, "leaves:\n");
	for (i = 0; i < a->n; i++) {
		const struct tdx_entry *ea = &a->entries[i];
		const struct tdx_entry *eb = twin(b, ea);

		if (!eb) {
			strbuf_puts(out, "  - ");
			put_entry(out, ea);
			strbuf_printf(out, ": %s -> not in the table (#VE)\n",
				      entry_kind(ea));
			continue;
		}
		if (ea->faulting == eb->faulting &&
		    (ea->config >= 0) == (eb->config >= 0))
			continue;
		strbuf_puts(out, "    ");
		put_entry(out, ea);
		strbuf_printf(out, ": %s -> %s", entry_kind(ea),
			      entry_kind(eb));
		if (ea->faulting && !eb->faulting)
			strbuf_puts(out, tdx_reduce_ve_leaf(b, eb->leaf) ?
				    " (stops raising #VE once the guest sets "
				    "TD_CTLS.REDUCE_VE)" :
				    " (stops raising #VE)");
		if (eb->config >= 0)
			strbuf_printf(out, " (TD_PARAMS slot %d)", eb->config);
		strbuf_putc(out, '\n');
	}
	for (i = 0; i < b->n; i++) {
		const struct tdx_entry *eb = &b->entries[i];

		if (twin(a, eb))
			continue;
		strbuf_puts(out, "  + ");
		put_entry(out, eb);
		strbuf_printf(out, ": not in the table -> %s", entry_kind(eb));
		if (eb->config >= 0)
			strbuf_printf(out, " (TD_PARAMS slot %d)", eb->config);
		strbuf_putc(out, '\n');
	}
}

/* One line per run of bits with the same change; named where named. */
static void diff_reg(const struct tdx_entry *ea, const struct tdx_entry *eb,
		     unsigned int reg, struct strbuf *out)
{
	const struct tdx_reg_rule *ra = &ea->regs[reg], *rb = &eb->regs[reg];
	unsigned int b = 0, end;

	while (b < 32) {
		const char *ca = tdx_bit_class_name(ra, b);
		const char *cb = tdx_bit_class_name(rb, b);
		const struct cpuid_feature *f;

		if (!strcmp(ca, cb)) {
			b++;
			continue;
		}
		f = cpuid_feature_at(ea->leaf, ea->subleaf, reg, b);
		for (end = b + 1; end < 32; end++) {
			if (strcmp(tdx_bit_class_name(ra, end), ca) ||
			    strcmp(tdx_bit_class_name(rb, end), cb))
				break;
			/* A named single bit stands on its own line. */
			if (f && f->width == 1)
				break;
			if (cpuid_feature_at(ea->leaf, ea->subleaf, reg,
					     end) != f)
				break;
		}
		strbuf_puts(out, "  ");
		put_entry(out, ea);
		strbuf_printf(out, " %s[%u", cpuid_reg_name(reg), b);
		if (end - 1 > b)
			strbuf_printf(out, "-%u", end - 1);
		strbuf_printf(out, "] %s: %s -> %s\n", f ? f->name : "-", ca,
			      cb);
		b = end;
	}
}

static void diff_bits(const struct tdx_rules *a, const struct tdx_rules *b,
		      struct strbuf *out)
{
	unsigned int r;
	size_t i;

	strbuf_puts(out, "bits:\n");
	for (i = 0; i < a->n; i++) {
		const struct tdx_entry *eb = twin(b, &a->entries[i]);

		if (!eb)
			continue;
		for (r = 0; r < CPUID_NR_REGS; r++)
			diff_reg(&a->entries[i], eb, r, out);
	}
}

static bool has_gate(const struct tdx_entry *e, const struct tdx_xfam_gate *g)
{
	size_t i;

	for (i = 0; e && i < e->ngates; i++)
		if (e->gates[i].reg == g->reg &&
		    e->gates[i].xfam_bit == g->xfam_bit &&
		    e->gates[i].mask == g->mask)
			return true;
	return false;
}

static void diff_gates_one(const struct tdx_rules *from,
			   const struct tdx_rules *to, char sign,
			   struct strbuf *out)
{
	size_t i, g;

	for (i = 0; i < from->n; i++) {
		const struct tdx_entry *e = &from->entries[i];

		for (g = 0; g < e->ngates; g++) {
			if (has_gate(twin(to, e), &e->gates[g]))
				continue;
			strbuf_printf(out, "  %c ", sign);
			put_entry(out, e);
			strbuf_printf(out, " %s 0x%08" PRIx32
				      " cleared unless XFAM[%u]\n",
				      cpuid_reg_name(e->gates[g].reg),
				      e->gates[g].mask, e->gates[g].xfam_bit);
		}
	}
}

static void diff_specials(const struct tdx_rules *a,
			  const struct tdx_rules *b, struct strbuf *out)
{
	unsigned int i;

	strbuf_puts(out, "special rules:\n");
	for (i = 0; i < TDX_SP_COUNT; i++) {
		const struct rule_special *sa = &a->special[i];
		const struct rule_special *sb = &b->special[i];

		if (sa->present == sb->present &&
		    (!sa->present || !strcmp(sa->text, sb->text)))
			continue;
		if (sa->present && sb->present)
			strbuf_printf(out, "  ~ %s: %s\n",
				      tdx_special_name((enum tdx_special)i),
				      sb->text);
		else
			strbuf_printf(out, "  %c %s: %s\n",
				      sb->present ? '+' : '-',
				      tdx_special_name((enum tdx_special)i),
				      sb->present ? sb->text : sa->text);
	}
}

int tdx_rules_diff(const struct ruleset *rsa, const struct ruleset *rsb,
		   struct strbuf *out, struct diag *d)
{
	struct tdx_rules a, b;
	size_t start, mark;

	if (tdx_rules_read(rsa, &a, d))
		return -1;
	if (tdx_rules_read(rsb, &b, d)) {
		tdx_rules_release(&a);
		return -1;
	}
	strbuf_printf(out, "%s -> %s\n", rsa->name, rsb->name);
	start = out->len;
	mark = out->len;
	diff_constants(&a, &b, out);
	mark = strbuf_drop_lone_line(out, mark);
	diff_entries(&a, &b, out);
	mark = strbuf_drop_lone_line(out, mark);
	diff_bits(&a, &b, out);
	mark = strbuf_drop_lone_line(out, mark);
	strbuf_puts(out, "xfam gates:\n");
	diff_gates_one(&a, &b, '-', out);
	diff_gates_one(&b, &a, '+', out);
	mark = strbuf_drop_lone_line(out, mark);
	diff_specials(&a, &b, out);
	strbuf_drop_lone_line(out, mark);
	if (out->len == start)
		strbuf_puts(out, "no differences\n");
	tdx_rules_release(&a);
	tdx_rules_release(&b);
	return 0;
}
