// SPDX-License-Identifier: MIT
#include <string.h>

#include "certify/feature_table.h"
#include "kvm_rules.h"
#include "kvm_rules_diff.h"

/* " (name, name, ...)" of the named bits of @mask, if any. */
static void put_names(struct strbuf *out, const struct cpuid_entry *e,
		      unsigned int reg, uint32_t mask)
{
	const char *sep = " (";
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		const struct cpuid_feature *f;

		if (!(mask & (1u << bit)))
			continue;
		f = cpuid_feature_at(e->leaf, e->subleaf, reg, bit);
		if (!f || f->width != 1)
			continue;
		strbuf_printf(out, "%s%s", sep, f->name);
		sep = ", ";
	}
	if (strcmp(sep, " ("))
		strbuf_putc(out, ')');
}

static void diff_specials(const struct kvm_rules *a, const struct kvm_rules *b,
			  struct strbuf *out)
{
	size_t mark = out->len;
	unsigned int i;

	strbuf_puts(out, "special rules:\n");
	for (i = 0; i < KVM_SP_COUNT; i++) {
		const struct rule_special *x = &a->special[i];
		const struct rule_special *y = &b->special[i];

		if (x->present && !y->present)
			strbuf_printf(out, "  - %s\n", kvm_special_name(i));
		else if (!x->present && y->present)
			strbuf_printf(out, "  + %s: %s\n", kvm_special_name(i),
				      y->text);
		else if (x->present && strcmp(x->text, y->text))
			strbuf_printf(out, "  ~ %s: %s\n", kvm_special_name(i),
				      y->text);
	}
	strbuf_drop_lone_line(out, mark);
}

static void diff_words(const struct kvm_rules *a, const struct kvm_rules *b,
		       struct strbuf *out)
{
	size_t mark = out->len, i;

	strbuf_puts(out, "feature words:\n");
	for (i = 0; i < a->nwords; i++) {
		const struct kvm_feature_word *w = &a->words[i];

		if (!kvm_feature_word(b, w->leaf, w->subleaf, w->reg))
			strbuf_printf(out, "  - %s\n", w->name);
	}
	for (i = 0; i < b->nwords; i++) {
		const struct kvm_feature_word *w = &b->words[i];

		if (!kvm_feature_word(a, w->leaf, w->subleaf, w->reg))
			strbuf_printf(out, "  + %s\n", w->name);
	}
	strbuf_drop_lone_line(out, mark);
}

/* Bits B has that A lacks (+) and the other way (-), per register. */
static void diff_lists(const char *title, const struct cpuid_set *a,
		       const struct cpuid_set *b, struct strbuf *out)
{
	size_t mark = out->len;
	const struct cpuid_entry *e;

	strbuf_printf(out, "%s:\n", title);
	cpuid_set_for_each(e, a)
		if (!cpuid_set_find(b, e->leaf, e->indexed, e->subleaf)) {
			strbuf_puts(out, "  - ");
			kvm_rules_put_key(out, e);
			strbuf_putc(out, '\n');
		}
	cpuid_set_for_each(e, b) {
		const struct cpuid_entry *x =
			cpuid_set_find(a, e->leaf, e->indexed, e->subleaf);
		unsigned int reg;

		if (!x) {
			strbuf_puts(out, "  + ");
			kvm_rules_put_key(out, e);
			strbuf_putc(out, '\n');
			continue;
		}
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			uint32_t add = e->regs[reg] & ~x->regs[reg];
			uint32_t del = x->regs[reg] & ~e->regs[reg];

			if (!add && !del)
				continue;
			strbuf_puts(out, "    ");
			kvm_rules_put_key(out, e);
			strbuf_printf(out, " %s: 0x%08x -> 0x%08x", 
				      cpuid_reg_name(reg), x->regs[reg],
				      e->regs[reg]);
			if (add) {
				strbuf_printf(out, "; +0x%08x", add);
				put_names(out, e, reg, add);
			}
			if (del) {
				strbuf_printf(out, "; -0x%08x", del);
				put_names(out, e, reg, del);
			}
			strbuf_putc(out, '\n');
		}
	}
	strbuf_drop_lone_line(out, mark);
}

static void put_below(struct strbuf *out, const struct kvm_rules *r,
		      const struct cpuid_entry *e, unsigned int reg)
{
	const struct cpuid_entry *f0, *f1, *v;

	f0 = cpuid_set_find(&r->force0, e->leaf, e->indexed, e->subleaf);
	f1 = cpuid_set_find(&r->force1, e->leaf, e->indexed, e->subleaf);
	v = cpuid_set_find(&r->varies, e->leaf, e->indexed, e->subleaf);
	if (!f0)
		strbuf_puts(out, "not probed");
	else
		strbuf_printf(out, "0=0x%08x 1=0x%08x varies=0x%08x",
			      f0->regs[reg], f1->regs[reg], v->regs[reg]);
}

static bool below_differs(const struct kvm_rules *a,
			  const struct kvm_rules *b,
			  const struct cpuid_entry *e, unsigned int reg)
{
	const struct cpuid_set *sa[] = { &a->force0, &a->force1, &a->varies };
	const struct cpuid_set *sb[] = { &b->force0, &b->force1, &b->varies };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		const struct cpuid_entry *x =
			cpuid_set_find(sa[i], e->leaf, e->indexed, e->subleaf);
		const struct cpuid_entry *y =
			cpuid_set_find(sb[i], e->leaf, e->indexed, e->subleaf);

		if (!x != !y || (x && x->regs[reg] != y->regs[reg]))
			return true;
	}
	return false;
}

static void diff_below_of(const struct kvm_rules *a, const struct kvm_rules *b,
			  const struct cpuid_set *keys, bool skip_common,
			  struct strbuf *out)
{
	const struct cpuid_entry *e;
	unsigned int reg;

	cpuid_set_for_each(e, keys) {
		if (skip_common &&
		    cpuid_set_find(&b->force0, e->leaf, e->indexed, e->subleaf))
			continue;
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			if (!below_differs(a, b, e, reg))
				continue;
			strbuf_puts(out, "  ");
			kvm_rules_put_key(out, e);
			strbuf_printf(out, " %s: forced ", cpuid_reg_name(reg));
			put_below(out, a, e, reg);
			strbuf_puts(out, " -> ");
			put_below(out, b, e, reg);
			strbuf_putc(out, '\n');
		}
	}
}

static void diff_below(const struct kvm_rules *a, const struct kvm_rules *b,
		       struct strbuf *out)
{
	size_t mark = out->len;

	strbuf_puts(out, "under KVM (captured):\n");
	diff_below_of(a, b, &a->force0, false, out);
	diff_below_of(a, b, &b->force0, true, out);
	strbuf_drop_lone_line(out, mark);
}

int kvm_rules_diff(const struct ruleset *a, const struct ruleset *b,
		   struct strbuf *out, struct diag *d)
{
	struct kvm_rules ra, rb;

	if (kvm_rules_read(a, &ra, d))
		return -1;
	if (kvm_rules_read(b, &rb, d)) {
		kvm_rules_release(&ra);
		return -1;
	}
	strbuf_printf(out, "%s -> %s\n", a->name, b->name);
	diff_specials(&ra, &rb, out);
	diff_words(&ra, &rb, out);
	diff_lists("KVM_GET_SUPPORTED_CPUID", &ra.supported, &rb.supported,
		   out);
	diff_lists("KVM_GET_EMULATED_CPUID", &ra.emulated, &rb.emulated, out);
	diff_below(&ra, &rb, out);
	kvm_rules_release(&ra);
	kvm_rules_release(&rb);
	if (strbuf_failed(out)) {
		diag_set(d, "certify", 0, "out of memory");
		return -1;
	}
	return 0;
}
