// SPDX-License-Identifier: MIT
/*
 * Reading SEV-SNP firmware CPUID policies (snp/snp_rules.c).  Expected
 * values come from models/snp/snp-genoa-1.55.25.rules (the record format in
 * models/README.md) and research/snp.md §0 and §3.3 (the firmware's
 * 57-entry lookup table, 8 custom functions, the checked eax_in ranges).
 */
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "snp/snp_rules.h"

#define GENOA "snp-genoa-1.55.25"

static void load(struct ruleset *rs, struct snp_rules *r)
{
	struct diag d;

	diag_clear(&d);
	if (ruleset_load_embedded(GENOA, rs, &d) || snp_rules_read(rs, r, &d))
		fail_msg("%s", d.msg);
}

/*
 * Parses @text as the file "t.rules", then reads it as an SNP rule set.
 * On failure of the second step @rs stays parsed: the caller releases it.
 */
static int read_text(const char *text, struct ruleset *rs,
		     struct snp_rules *r, struct diag *d)
{
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, "t.rules", text, strlen(text)),
			 0);
	diag_clear(d);
	ret = ruleset_parse(&in, "t.rules", rs, d);
	input_release(&in);
	if (ret)
		fail_msg("the record layer refused it: %s", d->msg);
	return snp_rules_read(rs, r, d);
}

/* Asserts that reading @text fails with exactly @msg and leaves nothing. */
static void expect(const char *text, const char *msg)
{
	struct snp_rules r;
	struct ruleset rs;
	struct diag d;

	if (read_text(text, &rs, &r, &d) == 0) {
		snp_rules_release(&r);
		ruleset_release(&rs);
		fail_msg("accepted, expected \"%s\"", msg);
	}
	assert_string_equal(d.msg, msg);
	/* A failed read releases what it built. */
	assert_null(r.entries);
	assert_int_equal(r.n, 0);
	assert_null(r.repo);
	assert_null(r.file);
	ruleset_release(&rs);
}

/* ---- the embedded Genoa 1.55.25 policy ---- */

/*
 * research/snp.md §0.1: 57 (leaf, sub-leaf) pairs and 8 custom functions.
 * Counted in the rule file: 49 table entries (four 'reg' lines each) and 8
 * 'custom' lines, FN00000001_CUSTOM first, FN80000022_CUSTOM last.
 */
static void test_embedded_shape(void **state)
{
	static const char *const customs[] = {
		"FN00000001_CUSTOM", "FN00000007_x00_CUSTOM",
		"FN0000000D_X00_CUSTOM", "FN0000000D_X01_CUSTOM",
		"FN80000001_CUSTOM", "FN80000008_CUSTOM",
		"FN8000001F_CUSTOM", "FN80000022_CUSTOM",
	};
	struct snp_rules r;
	struct ruleset rs;
	size_t i, k = 0;

	(void)state;
	load(&rs, &r);
	assert_ptr_equal(r.rs, &rs);
	assert_int_equal(r.n, 57);
	for (i = 0; i < r.n; i++) {
		/* index is the position in the firmware's lookup_table[] */
		assert_int_equal(r.entries[i].index, i);
		if (!r.entries[i].custom)
			continue;
		assert_true(k < ARRAY_SIZE(customs));
		assert_string_equal(r.entries[i].custom, customs[k]);
		k++;
	}
	assert_int_equal(k, 8);
	/* "const max_count 64" (§2: count must be <= 64). */
	assert_int_equal(r.max_count, 64);
	/* §3.1 step 2: [0x0, 0xFFFF] and [0x80000000, 0x8000FFFF]. */
	assert_int_equal(r.nranges, 2);
	assert_int_equal(r.ranges[0].lo, 0x0);
	assert_int_equal(r.ranges[0].hi, 0xffff);
	assert_int_equal(r.ranges[1].lo, 0x80000000);
	assert_int_equal(r.ranges[1].hi, 0x8000ffff);
	/* source amd/AMD-ASPFW@3ca6650... fw/.../cpuid_lookup.c (§1 FW) */
	assert_string_equal(r.repo, "amd/AMD-ASPFW@"
			    "3ca6650dd35d878b3fcbe5c7f58b145eed042bbf");
	assert_string_equal(r.file,
			    "fw/psp_bl_uapps/sev_uapp/src/cpuid_lookup.c");
	/* The first and last table rows (§3.3: 0x0 first, 0x80000026/3
	 * last). */
	assert_int_equal(r.entries[0].leaf, 0);
	assert_int_equal(r.entries[0].subleaf, 0);
	assert_int_equal(r.entries[56].leaf, 0x80000026);
	assert_int_equal(r.entries[56].subleaf, 3);
	snp_rules_release(&r);
	assert_null(r.entries);
	assert_int_equal(r.n, 0);
	ruleset_release(&rs);
}

/* The eight product constants besides max_count, in file order. */
static void test_embedded_constants(void **state)
{
	static const struct {
		const char *name;
		uint64_t value;
	} c[] = {
		/* §3.3: 0x0 EAX <= 0x10, 0x80000000 EAX <= 0x80000028 */
		{ "max_std_leaf", 0x10 },
		{ "max_ext_leaf", 0x80000028 },
		/* 0x8000001F EBX[5:0] = 0x33 */
		{ "cbit", 51 },
		/* 0x80000008 EAX PhysAddr <= 52, LinAddr <= 57 */
		{ "max_phys_addr_bits", 52 },
		{ "max_lin_addr_bits", 57 },
		/* 0x8000001F EBX[15:12] <= 4 */
		{ "num_vmpl_max", 4 },
		/* 0x80000008 EDX InvlpgbCnt <= 7, RdpruMax <= 1 */
		{ "invlpgb_count_max", 7 },
		{ "rdpru_max", 1 },
	};
	struct snp_rules r;
	struct ruleset rs;
	size_t i;

	(void)state;
	load(&rs, &r);
	assert_int_equal(r.nconsts, ARRAY_SIZE(c));
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		assert_string_equal(r.consts[i].name, c[i].name);
		assert_true(r.consts[i].value == c[i].value);
	}
	snp_rules_release(&r);
	ruleset_release(&rs);
}

/* Table rows and custom steps as the rule file writes them. */
static void test_embedded_records(void **state)
{
	const struct snp_entry *e;
	const struct snp_step *s;
	struct snp_rules r;
	struct ruleset rs;

	(void)state;
	load(&rs, &r);
	/* "reg 0x00000000 0x00 eax le 0x00000010 0x00000000" */
	e = snp_rules_find(&r, 0, 0);
	assert_non_null(e);
	assert_null(e->custom);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 0x10);
	assert_int_equal(e->regs[CPUID_REG_EAX].mbz, 0);
	assert_int_equal(e->regs[CPUID_REG_EBX].rule, SNP_RULE_UNCHECKED);
	/* "reg 0x8000001d 0x04 ebx exact 0x00000000 0xffffffff" */
	e = snp_rules_find(&r, 0x8000001d, 4);
	assert_non_null(e);
	assert_int_equal(e->regs[CPUID_REG_EBX].rule, SNP_RULE_EXACT);
	assert_int_equal(e->regs[CPUID_REG_EBX].value, 0);
	assert_int_equal(e->regs[CPUID_REG_EBX].mbz, 0xffffffff);
	/* "reg 0x80000021 0x00 eax mask 0x18062fcf 0xe7f9d020" */
	e = snp_rules_find(&r, 0x80000021, 0);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_MASK);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 0x18062fcf);
	assert_int_equal(e->regs[CPUID_REG_EAX].mbz, 0xe7f9d020);

	/* FN00000001_CUSTOM: nine steps, fms-le-host first. */
	e = snp_rules_find(&r, 1, 0);
	assert_non_null(e);
	assert_string_equal(e->custom, "FN00000001_CUSTOM");
	assert_int_equal(e->nsteps, 9);
	assert_int_equal(e->steps[0].op, SNP_OP_FMS_LE_HOST);
	assert_int_equal(e->steps[0].reg, CPUID_REG_EAX);
	/* "step 0x00000001 0x00 ebx field-exact 15:8 8" */
	s = &e->steps[2];
	assert_int_equal(s->op, SNP_OP_FIELD_EXACT);
	assert_int_equal(s->reg, CPUID_REG_EBX);
	assert_int_equal(s->field, 0x0000ff00);
	assert_int_equal(s->shift, 8);
	assert_int_equal(s->a, 8);
	/* "step 0x00000001 0x00 ecx mask 0x76fa320b ignore=0x88000000" */
	s = &e->steps[5];
	assert_int_equal(s->op, SNP_OP_MASK);
	assert_int_equal(s->a, 0x76fa320b);
	assert_int_equal(s->b, 0x88000000);

	/* FN00000007_x00_CUSTOM: "step ... edx mask-inverted 0x10000010" */
	e = snp_rules_find(&r, 7, 0);
	assert_int_equal(e->nsteps, 8);
	assert_int_equal(e->steps[6].op, SNP_OP_MASK_INVERTED);
	assert_int_equal(e->steps[6].reg, CPUID_REG_EDX);
	assert_int_equal(e->steps[6].a, 0x10000010);

	/* FN0000000D_X00_CUSTOM: "xsave-standard 0x240 9=0x988 7=0x980
	 * 6=0x580 5=0x380 2=0x340" */
	e = snp_rules_find(&r, 0xd, 0);
	s = &e->steps[3];
	assert_int_equal(s->op, SNP_OP_XSAVE_STANDARD);
	assert_int_equal(s->a, 0x240);
	assert_int_equal(s->nterms, 5);
	assert_false(s->terms[0].xss);
	assert_int_equal(s->terms[0].bit, 9);
	assert_int_equal(s->terms[0].value, 0x988);
	assert_int_equal(s->terms[4].bit, 2);
	assert_int_equal(s->terms[4].value, 0x340);

	/* FN0000000D_X01_CUSTOM: "xsave-compacted 0x240 xcr0.9=0x8 ...
	 * xss.11=0x10 xss.12=0x18" (§3.3: CET_U 0x10, CET_S 0x18) */
	e = snp_rules_find(&r, 0xd, 1);
	s = &e->steps[2];
	assert_int_equal(s->op, SNP_OP_XSAVE_COMPACTED);
	assert_int_equal(s->nterms, 7);
	assert_false(s->terms[0].xss);
	assert_int_equal(s->terms[0].bit, 9);
	assert_int_equal(s->terms[0].value, 0x8);
	assert_true(s->terms[5].xss);
	assert_int_equal(s->terms[5].bit, 11);
	assert_int_equal(s->terms[5].value, 0x10);
	assert_true(s->terms[6].xss);
	assert_int_equal(s->terms[6].bit, 12);
	assert_int_equal(s->terms[6].value, 0x18);

	/* FN8000001F_CUSTOM: "exact-or 0x0000ffc0 0x00000033 0x00000fc0"
	 * (§3.4: bits other than [11:6], [15:12] must be 0x33) */
	e = snp_rules_find(&r, 0x8000001f, 0);
	s = &e->steps[2];
	assert_int_equal(s->op, SNP_OP_EXACT_OR);
	assert_int_equal(s->a, 0xffc0);
	assert_int_equal(s->b, 0x33);
	assert_int_equal(s->c, 0xfc0);
	/* "field-le 15:12 4" */
	s = &e->steps[3];
	assert_int_equal(s->op, SNP_OP_FIELD_LE);
	assert_int_equal(s->field, 0xf000);
	assert_int_equal(s->shift, 12);
	assert_int_equal(s->a, 4);
	snp_rules_release(&r);
	ruleset_release(&rs);
}

/* §3.1 step 4: the lookup key is the exact pair (eax_in, ecx_in). */
static void test_lookup(void **state)
{
	const struct snp_entry *e;
	struct snp_rules r;
	struct ruleset rs;

	(void)state;
	load(&rs, &r);
	/* 0xD/0xC is the 20th pair of the table (§3.3 order): index 19. */
	e = snp_rules_find(&r, 0xd, 0xc);
	assert_non_null(e);
	assert_int_equal(e->leaf, 0xd);
	assert_int_equal(e->subleaf, 0xc);
	assert_int_equal(e->index, 19);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_EXACT);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 0x18);
	/* 0x8000001D sub-leaves 0..4 are separate rows. */
	assert_int_equal(snp_rules_find(&r, 0x8000001d, 3)->subleaf, 3);
	/* §0.4: a non-indexed leaf with ecx_in != 0 counts as unknown. */
	assert_non_null(snp_rules_find(&r, 0x80000001, 0));
	assert_null(snp_rules_find(&r, 0x80000001, 1));
	/* §3.3: pairs not in the table (0xD/3, 0x7/2, 0x80000025,
	 * 0x8000001D/5) and hypervisor leaves. */
	assert_null(snp_rules_find(&r, 0xd, 3));
	assert_null(snp_rules_find(&r, 7, 2));
	assert_null(snp_rules_find(&r, 0x80000025, 0));
	assert_null(snp_rules_find(&r, 0x8000001d, 5));
	assert_null(snp_rules_find(&r, 0x40000000, 0));
	snp_rules_release(&r);
	ruleset_release(&rs);
}

/* §3.1 step 2 / §0.4: only [0, 0xFFFF] and [0x80000000, 0x8000FFFF]. */
static void test_checked(void **state)
{
	struct snp_rules r;
	struct ruleset rs;

	(void)state;
	load(&rs, &r);
	assert_true(snp_rules_checked(&r, 0x0));
	assert_true(snp_rules_checked(&r, 0xffff));
	assert_true(snp_rules_checked(&r, 0x80000000));
	assert_true(snp_rules_checked(&r, 0x8000ffff));
	assert_false(snp_rules_checked(&r, 0x10000));
	assert_false(snp_rules_checked(&r, 0x40000000));
	assert_false(snp_rules_checked(&r, 0x7fffffff));
	assert_false(snp_rules_checked(&r, 0x80010000));
	assert_false(snp_rules_checked(&r, 0xffffffff));
	snp_rules_release(&r);
	ruleset_release(&rs);
}

static uint32_t checked_bits(const struct snp_rules *r, uint32_t leaf,
			     uint32_t sub, unsigned int reg)
{
	const struct snp_entry *e = snp_rules_find(r, leaf, sub);

	if (!e)
		fail_msg("no entry 0x%x/0x%x", leaf, sub);
	return snp_entry_checked_bits(e, reg);
}

/* §3.3 "Things the firmware does not check". */
static void test_checked_bits(void **state)
{
	struct snp_rules r;
	struct ruleset rs;

	(void)state;
	load(&rs, &r);
	/* 1.EBX: [7:0] mbz, [15:8] = 8, "unchecked 0xffff0000" (APIC id,
	 * count): 0x0000FFFF. */
	assert_int_equal(checked_bits(&r, 1, 0, CPUID_REG_EBX), 0x0000ffff);
	/* 1.ECX: "mask 0x76fa320b ignore=0x88000000" (OSXSAVE b27,
	 * hypervisor b31): everything but those two bits. */
	assert_int_equal(checked_bits(&r, 1, 0, CPUID_REG_ECX), 0x77ffffff);
	/* 1.EAX: fms-le-host and mbz check all of it. */
	assert_int_equal(checked_bits(&r, 1, 0, CPUID_REG_EAX), 0xffffffff);
	/* 7.0 ECX "ignore=0x00000010" (OSPKE b4). */
	assert_int_equal(checked_bits(&r, 7, 0, CPUID_REG_ECX), 0xffffffef);
	/* Unchecked table registers: only their mbz bits are checked. */
	assert_int_equal(checked_bits(&r, 5, 0, CPUID_REG_EAX), 0xffff0000);
	assert_int_equal(checked_bits(&r, 0xb, 0, CPUID_REG_EAX), 0xffffffe0);
	assert_int_equal(checked_bits(&r, 0, 0, CPUID_REG_EBX), 0);
	assert_int_equal(checked_bits(&r, 0x80000006, 0, CPUID_REG_EDX),
			 0x00030000);
	/* 0x8000001E EDX: unchecked with mbz 0xffffffff, "must be 0". */
	assert_int_equal(checked_bits(&r, 0x8000001e, 0, CPUID_REG_EDX),
			 0xffffffff);
	/* Table registers under exact/mask/le: all 32 bits. */
	assert_int_equal(checked_bits(&r, 6, 0, CPUID_REG_EAX), 0xffffffff);
	assert_int_equal(checked_bits(&r, 0xd, 2, CPUID_REG_EBX), 0xffffffff);
	assert_int_equal(checked_bits(&r, 0x80000000, 0, CPUID_REG_EAX),
			 0xffffffff);
	/* 0x8000001F EBX: "unchecked 0x00000fc0" (PhysAddrReduction). */
	assert_int_equal(checked_bits(&r, 0x8000001f, 0, CPUID_REG_EBX),
			 0xfffff03f);
	/* 0x8000001F ECX/EDX (ASIDs) and 0xD/0 ECX (max size): none. */
	assert_int_equal(checked_bits(&r, 0x8000001f, 0, CPUID_REG_ECX), 0);
	assert_int_equal(checked_bits(&r, 0x8000001f, 0, CPUID_REG_EDX), 0);
	assert_int_equal(checked_bits(&r, 0xd, 0, CPUID_REG_ECX), 0);
	/* 0x80000001 EBX "unchecked 0xf0000000" (PkgType). */
	assert_int_equal(checked_bits(&r, 0x80000001, 0, CPUID_REG_EBX),
			 0x0fffffff);
	/* 0x80000008 ECX "unchecked 0x0003f0ff": its mbz 0xfffc0f00. */
	assert_int_equal(checked_bits(&r, 0x80000008, 0, CPUID_REG_ECX),
			 0xfffc0f00);
	/* 0x80000022 EBX: fields 3:0 and 9:4, "unchecked 0xfffffc00". */
	assert_int_equal(checked_bits(&r, 0x80000022, 0, CPUID_REG_EBX),
			 0x000003ff);
	snp_rules_release(&r);
	ruleset_release(&rs);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(snp_rule_name(SNP_RULE_EXACT), "exact");
	assert_string_equal(snp_rule_name(SNP_RULE_MASK), "mask");
	assert_string_equal(snp_rule_name(SNP_RULE_LE), "le");
	assert_string_equal(snp_rule_name(SNP_RULE_UNCHECKED), "unchecked");
	assert_string_equal(snp_op_name(SNP_OP_MASK_INVERTED),
			    "mask-inverted");
	assert_string_equal(snp_op_name(SNP_OP_FMS_LE_HOST), "fms-le-host");
	assert_string_equal(snp_op_name(SNP_OP_XSAVE_COMPACTED),
			    "xsave-compacted");
	assert_string_equal(snp_op_name(SNP_OP_EXACT_OR), "exact-or");
}

/* ---- small rule sets in memory ---- */

/* Lines 1-4. */
#define HEAD "ruleset t\nplatform snp\nversion 1\nsource a/b@c f.c\n"
/* Line 5. */
#define MAXC "const max_count 64\n"
/* Line 6. */
#define RANGE "checked-range 0x0 0xffff\n"
/* Lines 7-10: one complete table entry. */
#define LEAF0 "reg 0x0 0x0 eax le 0x10 0x0\n" \
	      "reg 0x0 0x0 ebx unchecked - 0x0\n" \
	      "reg 0x0 0x0 ecx unchecked - 0x0\n" \
	      "reg 0x0 0x0 edx unchecked - 0x0\n"
/* Lines 1-10: the smallest rule set that reads; the next line is 11. */
#define GOOD HEAD MAXC RANGE LEAF0
/* Line 11. */
#define CUSTOM1 "custom 0x1 0x0 FN1\n"
/* Lines 12-15: a step for each register. */
#define STEPS1 "step 0x1 0x0 eax fms-le-host\n" \
	       "step 0x1 0x0 ebx mbz 0xff\n" \
	       "step 0x1 0x0 ecx mask 0x1\n" \
	       "step 0x1 0x0 edx mask 0x1\n"

static void test_small_set(void **state)
{
	const struct snp_entry *e;
	struct snp_rules r;
	struct ruleset rs;
	struct diag d;

	(void)state;
	if (read_text(GOOD CUSTOM1 STEPS1, &rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.max_count, 64);
	/* max_count is not one of the named constants */
	assert_int_equal(r.nconsts, 0);
	assert_int_equal(r.nranges, 1);
	assert_string_equal(r.repo, "a/b@c");
	assert_string_equal(r.file, "f.c");
	e = &r.entries[0];
	assert_int_equal(e->line, 7);
	assert_int_equal(e->regs[CPUID_REG_EAX].line, 7);
	assert_int_equal(e->regs[CPUID_REG_EDX].line, 10);
	/* '-' reads as value 0 */
	assert_int_equal(e->regs[CPUID_REG_EBX].value, 0);
	e = &r.entries[1];
	assert_int_equal(e->index, 1);
	assert_int_equal(e->line, 11);
	assert_string_equal(e->custom, "FN1");
	assert_int_equal(e->nsteps, 4);
	assert_int_equal(e->steps[0].line, 12);
	assert_int_equal(e->steps[1].op, SNP_OP_MBZ);
	assert_int_equal(e->steps[1].a, 0xff);
	assert_int_equal(e->steps[3].reg, CPUID_REG_EDX);
	/* max_count 1 and 64 are the limits (a page holds 64, §2). */
	snp_rules_release(&r);
	ruleset_release(&rs);
	if (read_text(HEAD "const max_count 1\n" RANGE LEAF0, &rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(r.max_count, 1);
	snp_rules_release(&r);
	ruleset_release(&rs);
	/* A mask may overlap its mbz bits: only exact and le values are
	 * refused (the firmware would clear the value it demands). */
	if (read_text(GOOD "reg 0x2 0x0 eax mask 0x3 0x1\n"
		      "reg 0x2 0x0 ebx unchecked - 0x0\n"
		      "reg 0x2 0x0 ecx unchecked - 0x0\n"
		      "reg 0x2 0x0 edx unchecked - 0x0\n", &rs, &r, &d))
		fail_msg("%s", d.msg);
	snp_rules_release(&r);
	ruleset_release(&rs);
}

static void test_limits(void **state)
{
	char text[4096];
	struct snp_rules r;
	struct ruleset rs;
	struct diag d;
	int i, n;

	(void)state;
	/* 16 constants read ... */
	n = snprintf(text, sizeof(text), "%s", GOOD);
	for (i = 0; i < 16; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "const c%d %d\n", i, i);
	if (read_text(text, &rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(r.nconsts, 16);
	assert_string_equal(r.consts[15].name, "c15");
	assert_true(r.consts[15].value == 15);
	snp_rules_release(&r);
	ruleset_release(&rs);
	/* ... the 17th, on line 11 + 16 = 27, is one too many. */
	snprintf(text + n, sizeof(text) - (size_t)n, "const c16 16\n");
	expect(text, "t.rules:27: more than 16 constants");

	/* 8 ranges read (line 6 and lines 11-17) ... */
	n = snprintf(text, sizeof(text), "%s", GOOD);
	for (i = 1; i < 8; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "checked-range 0x%x 0x%x\n", 0x10000 * i,
			      0x10000 * i + 1);
	if (read_text(text, &rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(r.nranges, 8);
	assert_int_equal(r.ranges[7].lo, 0x70000);
	assert_int_equal(r.ranges[7].hi, 0x70001);
	snp_rules_release(&r);
	ruleset_release(&rs);
	/* ... the 9th, on line 18, is one too many. */
	snprintf(text + n, sizeof(text) - (size_t)n,
		 "checked-range 0x90000 0x90000\n");
	expect(text, "t.rules:18: more than 8 ranges");
}

/* Records, rules and table entries. */
static void test_errors_records(void **state)
{
	(void)state;
	expect(GOOD "frob 1\n",
	       "t.rules:11: unknown record 'frob' in an SNP rule set");
	/* A TDX record is not an SNP record. */
	expect(GOOD "entry 0x1 - lookup=0\n",
	       "t.rules:11: unknown record 'entry' in an SNP rule set");
	expect(GOOD "reg 0x2 0x0 eax shiny 0x1 0x0\n",
	       "t.rules:11: unknown rule 'shiny' (exact, mask, le or "
	       "unchecked)");
	expect(GOOD "reg 0x2 0x0 eax unchecked 0x0 0x0\n",
	       "t.rules:11: an unchecked register takes '-' as its value");
	expect(GOOD "reg 0x2 0x0 eax exact - 0x0\n",
	       "t.rules:11: '-' is not a 0x hex number");
	/* exact 0x3 with mbz bit 0, le 0x10 with mbz bit 4. */
	expect(GOOD "reg 0x2 0x0 eax exact 0x3 0xfffffffe\n",
	       "t.rules:11: value 0x3 has must-be-zero bits");
	expect(GOOD "reg 0x2 0x0 eax le 0x10 0x10\n",
	       "t.rules:11: value 0x10 has must-be-zero bits");
	expect(GOOD "reg 0x0 0x0 eax le 0x10 0x0\n",
	       "t.rules:11: 0x0/0x0 eax given twice (line 7)");
	expect(GOOD "reg 0x0 0x0 edx exact 0x0 0x0\n",
	       "t.rules:11: 0x0/0x0 edx given twice (line 10)");
	expect(GOOD "reg 0x2 0x0 eax exact 0x1\n",
	       "t.rules:11: 'reg' takes 6 values, not 5");
	expect(GOOD "reg 0x2 0x0 exx exact 0x1 0x0\n",
	       "t.rules:11: 'exx' is not a register (eax, ebx, ecx, edx)");
	expect(GOOD "reg 0x100000000 0x0 eax exact 0x1 0x0\n",
	       "t.rules:11: '0x100000000' wider than 32 bits");
	expect(GOOD "reg 2 0x0 eax exact 0x1 0x0\n",
	       "t.rules:11: '2' is not a 0x hex number");
	/* A custom entry takes steps only. */
	expect(GOOD CUSTOM1 STEPS1 "reg 0x1 0x0 eax exact 0x0 0x0\n",
	       "t.rules:16: 0x1/0x0 is a custom entry: it takes steps, not "
	       "table rules");
	/* One 'custom' per pair, and not on a table entry. */
	expect(GOOD CUSTOM1 STEPS1 "custom 0x1 0x0 FN1B\n",
	       "t.rules:16: 0x1/0x0 already has rules (line 11)");
	expect(GOOD "custom 0x0 0x0 FN0\n",
	       "t.rules:11: 0x0/0x0 already has rules (line 7)");
	expect(GOOD "custom 0x1 0x0\n",
	       "t.rules:11: 'custom' takes 3 values, not 2");
}

/* Steps of custom functions. */
static void test_errors_steps(void **state)
{
	(void)state;
	expect(GOOD "step 0x2 0x0 eax mbz 0x1\n",
	       "t.rules:11: step for 0x2/0x0, which has no 'custom' line "
	       "before it");
	/* The 'custom' line must come first ... */
	expect(GOOD "step 0x1 0x0 eax fms-le-host\n" CUSTOM1,
	       "t.rules:11: step for 0x1/0x0, which has no 'custom' line "
	       "before it");
	/* ... and a table entry takes no steps. */
	expect(GOOD "step 0x0 0x0 eax mbz 0x1\n",
	       "t.rules:11: step for 0x0/0x0, which has no 'custom' line "
	       "before it");
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax frob 0x1\n",
	       "t.rules:12: unknown step 'frob'");
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax\n",
	       "t.rules:12: 'step' takes 4 to 1023 values, not 3");

	/* Arguments: fms-le-host none, the one-mask ops one 0x number. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax fms-le-host 0x1\n",
	       "t.rules:12: 'step' takes 4 values, not 5");
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax le\n",
	       "t.rules:12: 'step' takes 5 values, not 4");
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax mbz 255\n",
	       "t.rules:12: '255' is not a 0x hex number");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx exact-or 0xffc0 0x33\n",
	       "t.rules:12: 'step' takes 7 values, not 6");

	/* field-exact / field-le: HI:LO with 31 >= HI >= LO. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-exact 8:15 8\n",
	       "t.rules:12: bad field '8:15': HI:LO with 31 >= HI >= LO");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le 32:0 1\n",
	       "t.rules:12: bad field '32:0': HI:LO with 31 >= HI >= LO");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le 15 1\n",
	       "t.rules:12: bad field '15': HI:LO with 31 >= HI >= LO");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le :8 1\n",
	       "t.rules:12: bad field ':8': HI:LO with 31 >= HI >= LO");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le 15:x 1\n",
	       "t.rules:12: bad field '15:x': HI:LO with 31 >= HI >= LO");
	/* The value must fit: 8 bits hold 255, 4 bits 15. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-exact 15:8 256\n",
	       "t.rules:12: value 256 does not fit the field");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le 3:0 0x10\n",
	       "t.rules:12: value 16 does not fit the field");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx field-le 3:0\n",
	       "t.rules:12: 'step' takes 6 values, not 5");

	/* mask: an optional ignore=NUMBER. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 ecx mask 0x1 ignor=0x2\n",
	       "t.rules:12: expected ignore=0x...");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ecx mask 0x1 ignore=\n",
	       "t.rules:12: expected ignore=0x...");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ecx mask 0x1 ignore=0x2z\n",
	       "t.rules:12: expected ignore=0x...");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ecx mask 0x1 ignore=0x2 x\n",
	       "t.rules:12: 'step' takes 5 to 6 values, not 7");

	/* xsave-standard: BIT=VALUE terms, BIT 0..63. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx xsave-standard 0x240 9:0x988\n",
	       "t.rules:12: bad term '9:0x988': BIT=VALUE");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx xsave-standard 0x240 64=0x1\n",
	       "t.rules:12: bad term '64=0x1': BIT=VALUE");
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx xsave-standard 0x240 9=\n",
	       "t.rules:12: bad term '9=': BIT=VALUE");
	expect(GOOD CUSTOM1
	       "step 0x1 0x0 ebx xsave-standard 0x240 xcr0.9=0x8\n",
	       "t.rules:12: bad term 'xcr0.9=0x8': BIT=VALUE");
	/* xsave-compacted: each term names xcr0 or xss. */
	expect(GOOD CUSTOM1 "step 0x1 0x0 ebx xsave-compacted 0x240 9=0x8\n",
	       "t.rules:12: bad term '9=0x8': xcr0. or xss. then BIT=VALUE");
	expect(GOOD CUSTOM1
	       "step 0x1 0x0 ebx xsave-compacted 0x240 foo.1=0x2\n",
	       "t.rules:12: bad term 'foo.1=0x2': xcr0. or xss. then "
	       "BIT=VALUE");
	expect(GOOD CUSTOM1
	       "step 0x1 0x0 ebx xsave-compacted 0x240 xss.12=\n",
	       "t.rules:12: bad term 'xss.12=': xcr0. or xss. then "
	       "BIT=VALUE");
	expect(GOOD CUSTOM1
	       "step 0x1 0x0 ebx xsave-compacted 0x240 xcr0.64=0x1\n",
	       "t.rules:12: bad term 'xcr0.64=0x1': xcr0. or xss. then "
	       "BIT=VALUE");
	/* At most SNP_MAX_TERMS (16) terms: 5 + 16 values. */
	expect(GOOD CUSTOM1
	       "step 0x1 0x0 ebx xsave-standard 0x240 0=1 1=1 2=1 3=1 4=1 "
	       "5=1 6=1 7=1 8=1 9=1 10=1 11=1 12=1 13=1 14=1 15=1 16=1\n",
	       "t.rules:12: 'step' takes 5 to 21 values, not 22");
}

/* Constants, ranges, completeness, the header. */
static void test_errors_set(void **state)
{
	(void)state;
	expect(HEAD RANGE LEAF0, "t.rules: missing 'const max_count'");
	expect(HEAD "const max_count 0\n" RANGE LEAF0,
	       "t.rules:5: max_count must be 1 to 64: a CPUID page holds 64 "
	       "entries");
	expect(HEAD "const max_count 65\n" RANGE LEAF0,
	       "t.rules:5: max_count must be 1 to 64: a CPUID page holds 64 "
	       "entries");
	expect(GOOD "const max_count 64\n",
	       "t.rules:11: constant 'max_count' given twice");
	expect(GOOD "const cbit 51\nconst cbit 51\n",
	       "t.rules:12: constant 'cbit' given twice");
	expect(GOOD "const cbit\n", "t.rules:11: 'const' takes 2 values, "
	       "not 1");
	expect(GOOD "const cbit 5x\n", "t.rules:11: '5x' is not a number");
	expect(GOOD "checked-range 0x10 0xf\n",
	       "t.rules:11: range 0x10-0xf is empty");
	expect(GOOD "checked-range 0x10\n",
	       "t.rules:11: 'checked-range' takes 2 values, not 1");
	expect(HEAD MAXC LEAF0, "t.rules: no checked-range lines");
	expect(HEAD MAXC RANGE, "t.rules: no entries");
	/* A register without any rule: the entry's first line. */
	expect(HEAD MAXC RANGE "reg 0x0 0x0 eax le 0x10 0x0\n"
	       "reg 0x0 0x0 ebx unchecked - 0x0\n"
	       "reg 0x0 0x0 ecx unchecked - 0x0\n",
	       "t.rules:7: 0x0/0x0 has no rule for edx");
	expect(GOOD CUSTOM1 "step 0x1 0x0 eax fms-le-host\n"
	       "step 0x1 0x0 ebx mbz 0xff\nstep 0x1 0x0 edx mask 0x1\n",
	       "t.rules:11: 0x1/0x0 has no rule for ecx");
	expect(GOOD CUSTOM1, "t.rules:11: 0x1/0x0 has no rule for eax");
	/* source: "owner/name@commit path" (models/README.md). */
	expect("ruleset t\nplatform snp\nversion 1\nsource a/b f.c\n"
	       MAXC RANGE LEAF0,
	       "t.rules: source must be 'owner/name@commit path'");
	expect("ruleset t\nplatform snp\nversion 1\nsource a/b@c\n"
	       MAXC RANGE LEAF0,
	       "t.rules: source must be 'owner/name@commit path'");
	/* platform on line 2 */
	expect("ruleset t\nplatform tdx\nversion 1\nsource a/b@c f.c\n"
	       MAXC RANGE LEAF0,
	       "t.rules:2: rule set t is for platform tdx, not snp");
}

/*
 * The '@' belongs to the repository token, not to the path: "a/b f@c.c"
 * names no commit, yet split_source() (snp/snp_rules.c) only asks for an
 * '@' anywhere in the line, so it reads with repo "a/b", file "f@c.c".
 */
static void test_source_commit_in_repo(void **state)
{
	(void)state;
	expect("ruleset t\nplatform snp\nversion 1\nsource a/b f@c.c\n"
	       MAXC RANGE LEAF0,
	       "t.rules: source must be 'owner/name@commit path'");
}

/* An embedded TDX rule set is refused by name and platform line. */
static void test_tdx_refused(void **state)
{
	struct snp_rules r;
	struct ruleset rs;
	struct diag d;

	(void)state;
	if (ruleset_load_embedded("tdx-2.0.18", &rs, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(snp_rules_read(&rs, &r, &d), -1);
	/* models/tdx/tdx-2.0.18.rules has 'platform tdx' on line 10. */
	assert_string_equal(d.msg, "embedded:10: rule set tdx-2.0.18 is for "
			    "platform tdx, not snp");
	assert_int_equal(r.n, 0);
	ruleset_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_shape),
		cmocka_unit_test(test_embedded_constants),
		cmocka_unit_test(test_embedded_records),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_checked),
		cmocka_unit_test(test_checked_bits),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_small_set),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_errors_records),
		cmocka_unit_test(test_errors_steps),
		cmocka_unit_test(test_errors_set),
		cmocka_unit_test(test_source_commit_in_repo),
		cmocka_unit_test(test_tdx_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
