// SPDX-License-Identifier: MIT
/*
 * Sub-leaf enumeration rules, from the Intel SDM Vol. 2A "CPUID" and the AMD
 * APM Vol. 3 "CPUID" leaf descriptions.  Where a rule stops at an invalid
 * sub-leaf, the walk keeps the invalid one when the architecture defines it
 * as the end marker (topology level type 0), as `cpuid -r` prints it.
 */
#include <errno.h>
#include <string.h>

#include "cpuid_decode.h"
#include "cpuid_enum.h"
#include "feature_table.h"
#include "leaves.h"
#include "util.h"

enum subleaf_rule {
	SUB_COUNT,	/* 0..sub-leaf 0's EAX */
	SUB_UNTIL_ZERO,	/* until @field is 0; the zero one is not kept */
	SUB_UNTIL_END,	/* until @field is 0; the zero one is kept */
	SUB_BITMAP,	/* 0, then each set bit i>0 of sub-leaf 0's @field */
	SUB_XSAVE,	/* 0, 1, then each XCR0|XSS component bit >= 2 */
	SUB_SGX,	/* 0, 1, then EPC sections until type 0 (kept) */
};

struct leaf_rule {
	uint32_t leaf;
	enum subleaf_rule rule;
	struct cpuid_field field;	/* of the rule, sub-leaf ignored */
};

static const struct leaf_rule leaf_rules[] = {
	{ 0x4, SUB_UNTIL_ZERO, CPUID_FIELD_CACHE_TYPE },
	{ 0x7, SUB_COUNT, CPUID_FIELD_LEAF7_N_SUBLEAVES },
	{ 0xb, SUB_UNTIL_END, CPUID_FIELD_DOMAIN_TYPE },
	{ 0xd, SUB_XSAVE, CPUID_FIELD(0xd, 0, CPUID_REG_EAX, 0, 32) },
	{ 0xf, SUB_BITMAP, CPUID_FIELD(0xf, 0, CPUID_REG_EDX, 0, 32) },
	{ 0x10, SUB_BITMAP, CPUID_FIELD(0x10, 0, CPUID_REG_EBX, 0, 32) },
	{ 0x12, SUB_SGX, CPUID_FIELD_SUBLEAF_TYPE },
	{ 0x14, SUB_COUNT, CPUID_FIELD_PT_MAX_SUBLEAF },
	{ 0x17, SUB_COUNT, CPUID_FIELD_SOC_MAX_SUBLEAF },
	{ 0x18, SUB_COUNT, CPUID_FIELD_TLB_MAX_SUBLEAF },
	{ 0x1b, SUB_UNTIL_END, CPUID_FIELD_PCONFIG_SUBLEAF_TYPE },
	{ 0x1d, SUB_COUNT, CPUID_FIELD_AMX_MAX_PALETTE },
	{ 0x1e, SUB_COUNT, CPUID_REG_VALUE(0x1e, 0, CPUID_REG_EAX) },
	{ 0x1f, SUB_UNTIL_END, CPUID_FIELD_DOMAIN_TYPE_1F },
	{ 0x23, SUB_BITMAP, CPUID_REG_VALUE(0x23, 0, CPUID_REG_EAX) },
	{ 0x24, SUB_COUNT, CPUID_REG_VALUE(0x24, 0, CPUID_REG_EAX) },
	{ 0x8000001d, SUB_UNTIL_ZERO, CPUID_FIELD_CACHE_TYPE_8000001D },
	{ 0x80000020, SUB_BITMAP,
	  CPUID_REG_VALUE(0x80000020, 0, CPUID_REG_EBX) },
	{ 0x80000026, SUB_UNTIL_END, CPUID_FIELD_DOMAIN_TYPE_80000026 },
};

struct walk {
	cpuid_query_fn query;
	void *ctx;
	struct cpuid_set *out;
	int err;
};

static void get(struct walk *w, uint32_t leaf, uint32_t subleaf,
		uint32_t regs[CPUID_NR_REGS])
{
	memset(regs, 0, CPUID_NR_REGS * sizeof(*regs));
	w->query(leaf, subleaf, regs, w->ctx);
}

static void keep(struct walk *w, uint32_t leaf, bool indexed,
		 uint32_t subleaf, const uint32_t regs[CPUID_NR_REGS])
{
	struct cpuid_entry e = {
		.leaf = leaf,
		.subleaf = subleaf,
		.indexed = indexed,
	};

	memcpy(e.regs, regs, sizeof(e.regs));
	if (!w->err && cpuid_set_insert(w->out, &e) == -ENOMEM)
		w->err = -ENOMEM;
}

static uint32_t field_of(const struct cpuid_field *f,
			 const uint32_t regs[CPUID_NR_REGS])
{
	return cpuid_field_extract(f, regs[f->reg]);
}

static void walk_xsave(struct walk *w, uint32_t leaf,
		       const uint32_t sub0[CPUID_NR_REGS])
{
	uint32_t regs[CPUID_NR_REGS];
	uint64_t components;
	unsigned int i;

	get(w, leaf, 1, regs);
	keep(w, leaf, true, 1, regs);
	/* XCR0-managed (0.EDX:EAX) and XSS-managed (1.EDX:ECX) states. */
	components = ((uint64_t)sub0[CPUID_REG_EDX] << 32 |
		      sub0[CPUID_REG_EAX]) |
		     ((uint64_t)regs[CPUID_REG_EDX] << 32 |
		      regs[CPUID_REG_ECX]);
	for (i = 2; i < 64; i++) {
		if (!(components & (UINT64_C(1) << i)))
			continue;
		get(w, leaf, i, regs);
		keep(w, leaf, true, i, regs);
	}
}

static void walk_indexed(struct walk *w, uint32_t leaf)
{
	const struct leaf_rule *rule = NULL;
	uint32_t sub0[CPUID_NR_REGS], regs[CPUID_NR_REGS], n, i;
	size_t k;

	for (k = 0; k < ARRAY_SIZE(leaf_rules); k++)
		if (leaf_rules[k].leaf == leaf)
			rule = &leaf_rules[k];
	get(w, leaf, 0, sub0);
	keep(w, leaf, true, 0, sub0);
	if (!rule)	/* only sub-leaf 0 is defined for all CPUs */
		return;

	switch (rule->rule) {
	case SUB_COUNT:
		n = field_of(&rule->field, sub0);
		if (n >= CPUID_ENUM_MAX_SUBLEAVES)
			n = CPUID_ENUM_MAX_SUBLEAVES - 1;
		for (i = 1; i <= n; i++) {
			get(w, leaf, i, regs);
			keep(w, leaf, true, i, regs);
		}
		break;
	case SUB_UNTIL_ZERO:
	case SUB_UNTIL_END:
		if (!field_of(&rule->field, sub0))
			break;
		for (i = 1; i < CPUID_ENUM_MAX_SUBLEAVES; i++) {
			bool end;

			get(w, leaf, i, regs);
			end = !field_of(&rule->field, regs);
			if (!end || rule->rule == SUB_UNTIL_END)
				keep(w, leaf, true, i, regs);
			if (end)
				break;
		}
		break;
	case SUB_BITMAP:
		n = field_of(&rule->field, sub0);
		for (i = 1; i < 32; i++) {
			if (!(n & (1u << i)))
				continue;
			get(w, leaf, i, regs);
			keep(w, leaf, true, i, regs);
		}
		break;
	case SUB_XSAVE:
		walk_xsave(w, leaf, sub0);
		break;
	case SUB_SGX:
		get(w, leaf, 1, regs);
		keep(w, leaf, true, 1, regs);
		for (i = 2; i < CPUID_ENUM_MAX_SUBLEAVES; i++) {
			get(w, leaf, i, regs);
			keep(w, leaf, true, i, regs);
			if (!field_of(&rule->field, regs))
				break;
		}
		break;
	}
}

static void walk_leaf(struct walk *w, uint32_t leaf)
{
	uint32_t regs[CPUID_NR_REGS];

	if (cpuid_leaf_is_indexed(leaf)) {
		walk_indexed(w, leaf);
		return;
	}
	get(w, leaf, 0, regs);
	keep(w, leaf, false, 0, regs);
}

/*
 * Walks base..max(base), where max is base's EAX; a maximum outside
 * [base, base + CPUID_ENUM_MAX_PER_RANGE) means the range does not exist
 * (or the answer is garbage) and only @base itself is kept when @keep_base.
 */
static uint32_t walk_range(struct walk *w, uint32_t base, bool keep_base)
{
	uint32_t regs[CPUID_NR_REGS], max, leaf;

	get(w, base, 0, regs);
	max = regs[CPUID_REG_EAX];
	if (max < base || max - base >= CPUID_ENUM_MAX_PER_RANGE) {
		if (keep_base)
			keep(w, base, false, 0, regs);
		return 0;
	}
	for (leaf = base; leaf <= max; leaf++)
		walk_leaf(w, leaf);
	return max;
}

int cpuid_enumerate(cpuid_query_fn query, void *ctx, struct cpuid_set *out)
{
	struct walk w = { .query = query, .ctx = ctx, .out = out };
	struct cpuid_field hypervisor = CPUID_FEATURE_HYPERVISOR;
	uint32_t regs[CPUID_NR_REGS], max_basic, base;
	char vendor[13];

	/* Basic range: leaf 0's EAX is the maximum basic leaf. */
	get(&w, 0, 0, regs);
	max_basic = regs[CPUID_REG_EAX];
	if (max_basic >= CPUID_ENUM_MAX_PER_RANGE)
		max_basic = CPUID_ENUM_MAX_PER_RANGE - 1;
	for (base = 0; base <= max_basic; base++)
		walk_leaf(&w, base);

	/*
	 * Hypervisor ranges only under a hypervisor: on bare metal these
	 * leaves answer with the highest basic leaf's data.  Hypervisors
	 * stack interfaces at 0x100 steps (e.g. Hyper-V at 0x40000000 and
	 * KVM at 0x40000100).
	 */
	get(&w, 1, 0, regs);
	if (max_basic >= 1 && field_of(&hypervisor, regs)) {
		for (base = 0x40000000u; base < 0x40010000u; base += 0x100)
			walk_range(&w, base, false);
	}

	walk_range(&w, 0x80000000u, true);

	/* Vendor ranges, only on the vendors that define them. */
	if (cpuid_decode_vendor(out, vendor)) {
		if (!strcmp(vendor, "GenuineTMx86") ||
		    !strcmp(vendor, "TransmetaCPU"))
			walk_range(&w, 0x80860000u, false);
		if (!strcmp(vendor, "CentaurHauls") ||
		    !strcmp(vendor, "  Shanghai  "))
			walk_range(&w, 0xc0000000u, false);
	}
	return w.err;
}
