// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_rules.h"

#define KVM_SPECIAL_NAME(x) #x,
static const char *const special_names[KVM_SP_COUNT] = {
	KVM_SPECIALS(KVM_SPECIAL_NAME)
};
#undef KVM_SPECIAL_NAME

const char *kvm_special_name(enum kvm_special sp)
{
	return (unsigned int)sp < KVM_SP_COUNT ? special_names[sp] : "?";
}

static int read_special(struct kvm_rules *rules, const struct rule_line *l,
			struct diag *d)
{
	return rule_read_special(rules->rs, l, special_names, KVM_SP_COUNT,
				 "kvm/kvm_rules.h", rules->special, d);
}

/* "LEAF SUB" at token @i into @key. */
static int read_key(struct kvm_rules *rules, const struct rule_line *l,
		    unsigned int i, struct cpuid_entry *key, struct diag *d)
{
	uint64_t leaf;

	memset(key, 0, sizeof(*key));
	if (rule_hex(rules->rs, l, i, 32, &leaf, d) ||
	    rule_subleaf(rules->rs, l, i + 1, &key->indexed, &key->subleaf, d))
		return -1;
	key->leaf = (uint32_t)leaf;
	return 0;
}

static int read_word(struct kvm_rules *rules, const struct rule_line *l,
		     struct diag *d)
{
	struct kvm_feature_word *w;
	struct cpuid_entry key;
	unsigned int reg;

	if (rule_expect_tokens(rules->rs, l, 5, 5, d) ||
	    read_key(rules, l, 1, &key, d) ||
	    rule_reg(rules->rs, l, 3, &reg, d))
		return -1;
	if (kvm_feature_word(rules, key.leaf, key.subleaf, reg))
		return rule_error(rules->rs, l, d, "feature word %s given "
				  "twice", l->tok[4]);
	w = realloc(rules->words, (rules->nwords + 1) * sizeof(*w));
	if (!w)
		return rule_error(rules->rs, l, d, "out of memory");
	rules->words = w;
	w += rules->nwords++;
	w->leaf = key.leaf;
	w->indexed = key.indexed;
	w->subleaf = key.subleaf;
	w->reg = reg;
	w->name = l->tok[4];
	return 0;
}

static int insert(struct kvm_rules *rules, const struct rule_line *l,
		  struct cpuid_set *set, const struct cpuid_entry *e,
		  const char *what, struct diag *d)
{
	int ret = cpuid_set_insert(set, e);

	if (ret == -EEXIST)
		return rule_error(rules->rs, l, d, "a second %s record for "
				  "leaf 0x%08x sub-leaf 0x%x", what, e->leaf,
				  e->subleaf);
	if (ret)
		return rule_error(rules->rs, l, d, "out of memory");
	return 0;
}

/* supported|emulated LEAF SUB EAX EBX ECX EDX */
static int read_cpuid(struct kvm_rules *rules, const struct rule_line *l,
		      struct cpuid_set *set, struct diag *d)
{
	struct cpuid_entry e;
	unsigned int reg;

	if (rule_expect_tokens(rules->rs, l, 7, 7, d) ||
	    read_key(rules, l, 1, &e, d))
		return -1;
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		uint64_t v;

		if (rule_hex(rules->rs, l, 3 + reg, 32, &v, d))
			return -1;
		e.regs[reg] = (uint32_t)v;
	}
	rules->has_support = true;
	return insert(rules, l, set, &e, l->tok[0], d);
}

/* A hex number of @len characters at @s; -1 if it is not one. */
static int parse_hex(const char *s, size_t len, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (len < 3 || len > 10 || s[0] != '0' || s[1] != 'x')
		return -1;
	for (i = 2; i < len; i++) {
		char c = s[i];
		unsigned int digit;

		if (c >= '0' && c <= '9')
			digit = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = (unsigned int)(c - 'A' + 10);
		else
			return -1;
		x = x * 16 + digit;
	}
	*v = (uint32_t)x;
	return 0;
}

/* REG=FORCE0/FORCE1[/VARIES] */
static int read_below_reg(struct kvm_rules *rules, const struct rule_line *l,
			  unsigned int i, struct cpuid_entry *f0,
			  struct cpuid_entry *f1, struct cpuid_entry *v,
			  uint32_t *seen, struct diag *d)
{
	const char *t = l->tok[i], *eq = strchr(t, '='), *p;
	uint32_t vals[3] = { 0, 0, 0 };
	unsigned int n = 0;
	int reg;

	reg = eq ? cpuid_reg_parse(t, (unsigned int)(eq - t)) : -1;
	if (reg < 0)
		return rule_error(rules->rs, l, d, "'%s': expected "
				  "REG=FORCE0/FORCE1[/VARIES]", t);
	if (*seen & (1u << reg))
		return rule_error(rules->rs, l, d, "%s given twice",
				  cpuid_reg_name((unsigned int)reg));
	*seen |= 1u << reg;
	for (p = eq + 1;; p = strchr(p, '/') + 1) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (n == 3 || parse_hex(p, len, &vals[n]))
			return rule_error(rules->rs, l, d, "'%s': expected "
					  "REG=FORCE0/FORCE1[/VARIES], 0x hex "
					  "masks of 32 bits", t);
		n++;
		if (!end)
			break;
	}
	if (n < 2)
		return rule_error(rules->rs, l, d, "'%s': expected "
				  "REG=FORCE0/FORCE1[/VARIES]", t);
	if ((vals[0] & vals[1]) || (vals[0] & vals[2]) || (vals[1] & vals[2]))
		return rule_error(rules->rs, l, d, "'%s': a bit is in two "
				  "masks", t);
	f0->regs[reg] = vals[0];
	f1->regs[reg] = vals[1];
	v->regs[reg] = vals[2];
	return 0;
}

/* below LEAF SUB [REG=FORCE0/FORCE1[/VARIES]]... */
static int read_below(struct kvm_rules *rules, const struct rule_line *l,
		      struct diag *d)
{
	struct cpuid_entry f0, f1, v;
	uint32_t seen = 0;
	unsigned int i;

	if (rule_expect_tokens(rules->rs, l, 3, 3 + CPUID_NR_REGS, d) ||
	    read_key(rules, l, 1, &f0, d))
		return -1;
	f1 = f0;
	v = f0;
	for (i = 3; i < l->ntok; i++)
		if (read_below_reg(rules, l, i, &f0, &f1, &v, &seen, d))
			return -1;
	rules->captured = true;
	if (insert(rules, l, &rules->force0, &f0, "below", d) ||
	    insert(rules, l, &rules->force1, &f1, "below", d) ||
	    insert(rules, l, &rules->varies, &v, "below", d))
		return -1;
	return 0;
}

/* fact KEY VALUE... */
static int read_fact(struct kvm_rules *rules, const struct rule_line *l,
		     struct diag *d)
{
	struct kvm_fact *f;
	size_t i;

	if (rule_expect_tokens(rules->rs, l, 3, RULE_MAX_TOKENS, d))
		return -1;
	for (i = 0; i < rules->nfacts; i++)
		if (!strcmp(rules->facts[i].key, l->tok[1]))
			return rule_error(rules->rs, l, d, "fact %s given "
					  "twice", l->tok[1]);
	f = realloc(rules->facts, (rules->nfacts + 1) * sizeof(*f));
	if (!f)
		return rule_error(rules->rs, l, d, "out of memory");
	rules->facts = f;
	f[rules->nfacts].key = l->tok[1];
	f[rules->nfacts].value = l->rest[2];
	rules->nfacts++;
	return 0;
}

int kvm_rules_read(const struct ruleset *rs, struct kvm_rules *rules,
		   struct diag *d)
{
	size_t i;

	memset(rules, 0, sizeof(*rules));
	rules->rs = rs;
	if (strcmp(rs->platform, "kvm") != 0) {
		diag_set(d, rs->origin, 0, "rule set %s is not for kvm",
			 rs->name);
		return -1;
	}
	for (i = 0; i < rs->nlines; i++) {
		const struct rule_line *l = &rs->lines[i];
		const char *k = l->tok[0];
		int ret;

		if (!strcmp(k, "special"))
			ret = read_special(rules, l, d);
		else if (!strcmp(k, "feature-word"))
			ret = read_word(rules, l, d);
		else if (!strcmp(k, "supported"))
			ret = read_cpuid(rules, l, &rules->supported, d);
		else if (!strcmp(k, "emulated"))
			ret = read_cpuid(rules, l, &rules->emulated, d);
		else if (!strcmp(k, "below"))
			ret = read_below(rules, l, d);
		else if (!strcmp(k, "fact"))
			ret = read_fact(rules, l, d);
		else
			ret = rule_error(rs, l, d, "unknown record '%s' in a kvm "
					 "rule set", k);
		if (ret)
			goto fail;
	}
	if (!kvm_has(rules, KVM_SP_MAX_ENTRIES)) {
		rule_error(rs, NULL, d, "no special MAX_ENTRIES: every KVM "
			   "refuses more than KVM_MAX_CPUID_ENTRIES entries");
		goto fail;
	}
	rule_specials_unlisted(rules->special, KVM_SP_COUNT);
	return 0;
fail:
	kvm_rules_release(rules);
	return -1;
}

void kvm_rules_release(struct kvm_rules *rules)
{
	free(rules->words);
	free(rules->facts);
	cpuid_set_release(&rules->supported);
	cpuid_set_release(&rules->emulated);
	cpuid_set_release(&rules->force0);
	cpuid_set_release(&rules->force1);
	cpuid_set_release(&rules->varies);
	memset(rules, 0, sizeof(*rules));
}

int kvm_rules_validate(const struct ruleset *rs, struct diag *d)
{
	struct kvm_rules rules;

	if (kvm_rules_read(rs, &rules, d))
		return -1;
	kvm_rules_release(&rules);
	return 0;
}

const struct kvm_feature_word *
kvm_feature_word(const struct kvm_rules *rules, uint32_t leaf,
		 uint32_t subleaf, unsigned int reg)
{
	size_t i;

	for (i = 0; i < rules->nwords; i++) {
		const struct kvm_feature_word *w = &rules->words[i];

		if (w->leaf == leaf && w->reg == reg &&
		    (!w->indexed || w->subleaf == subleaf))
			return w;
	}
	return NULL;
}

bool kvm_below(const struct kvm_rules *rules, uint32_t leaf, uint32_t subleaf,
	       uint32_t force0[CPUID_NR_REGS], uint32_t force1[CPUID_NR_REGS],
	       uint32_t varies[CPUID_NR_REGS])
{
	const struct cpuid_entry *f0, *f1, *v;

	f0 = cpuid_set_lookup(&rules->force0, leaf, subleaf);
	f1 = cpuid_set_lookup(&rules->force1, leaf, subleaf);
	v = cpuid_set_lookup(&rules->varies, leaf, subleaf);
	if (!f0 || !f1 || !v)
		return false;
	memcpy(force0, f0->regs, sizeof(f0->regs));
	memcpy(force1, f1->regs, sizeof(f1->regs));
	memcpy(varies, v->regs, sizeof(v->regs));
	return true;
}

void kvm_rules_put_key(struct strbuf *out, const struct cpuid_entry *e)
{
	strbuf_printf(out, "0x%08x ", e->leaf);
	if (e->indexed)
		strbuf_printf(out, "0x%x", e->subleaf);
	else
		strbuf_puts(out, "-");
}
