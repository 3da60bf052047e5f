// SPDX-License-Identifier: MIT
/*
 * certify rules diff and validation for SNP (snp/snp_rules_diff.c).  The
 * modified copies below are the embedded Genoa 1.55.25 rule set
 * (models/snp/snp-genoa-1.55.25.rules) with single records edited; the
 * expected lines are those records' values in the diff's format:
 *
 *   "A -> B", then "constants:" and "entries:" sections, each left out
 *   when it has no line;
 *   "  NAME: OLD -> NEW" (max_count in decimal, others 0x hex, '-' absent),
 *   "  checked-range: 0xLO-0xHI -> 0xLO-0xHI",
 *   "    LEAF SUB REG: OLD -> NEW" for a register whose rules changed,
 *   "  - LEAF SUB: must now be all zero" for a removed entry (research/snp.md
 *   §3.3: pairs not in the table must be all-zero),
 *   "  + LEAF SUB: eax ..., ebx ..., ecx ..., edx ..." for an added one;
 *   a table register reads "RULE [0xVALUE] mbz 0xMBZ", a custom one
 *   "FUNCTION: OP ARGS; OP ARGS;" over its steps for that register.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "snp/snp_rules_diff.h"

#define GENOA "snp-genoa-1.55.25"

/* The embedded rule set's text, NUL-terminated (caller frees). */
static char *genoa_text(void)
{
	size_t i;
	char *t;

	for (i = 0; i < embedded_rulesets_count; i++) {
		const struct embedded_file *e = &embedded_rulesets[i];

		if (strcmp(e->name, GENOA))
			continue;
		t = malloc(e->len + 1);
		assert_non_null(t);
		memcpy(t, e->data, e->len);
		t[e->len] = '\0';
		return t;
	}
	fail_msg("no embedded %s", GENOA);
	return NULL;
}

/* Replaces the one occurrence of @old in @text by @new (frees @text). */
static char *edit(char *text, const char *old, const char *new)
{
	char *at = strstr(text, old), *out;
	size_t lo = strlen(old), ln = strlen(new), lt = strlen(text);

	if (!at || strstr(at + 1, old))
		fail_msg("\"%s\" is not in the rule set exactly once", old);
	out = malloc(lt - lo + ln + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), new, ln);
	strcpy(out + (at - text) + ln, at + lo);
	free(text);
	return out;
}

/* The Genoa text renamed "snp-test", so that diffs name both sides. */
static char *copy(void)
{
	return edit(genoa_text(), "ruleset " GENOA "\n", "ruleset snp-test\n");
}

static void parse(const char *text, struct ruleset *rs)
{
	struct input in;
	struct diag d;

	assert_int_equal(input_from_buffer(&in, "t.rules", text, strlen(text)),
			 0);
	diag_clear(&d);
	if (ruleset_parse(&in, "t.rules", rs, &d))
		fail_msg("%s", d.msg);
	input_release(&in);
}

static void load(struct ruleset *rs)
{
	struct diag d;

	if (ruleset_load_embedded(GENOA, rs, &d))
		fail_msg("%s", d.msg);
}

/* diff(Genoa, @text) or, with @reverse, diff(@text, Genoa). */
static char *diff_text(const char *text, bool reverse)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset g, m;
	struct diag d;
	char *s;

	load(&g);
	parse(text, &m);
	diag_clear(&d);
	if (reverse ? snp_rules_diff(&m, &g, &out, &d) :
		      snp_rules_diff(&g, &m, &out, &d))
		fail_msg("%s", d.msg);
	s = strdup(strbuf_str(&out));
	assert_non_null(s);
	strbuf_release(&out);
	ruleset_release(&g);
	ruleset_release(&m);
	return s;
}

static void expect_diff(char *text, const char *want)
{
	char *got = diff_text(text, false);

	assert_string_equal(got, want);
	free(got);
	free(text);
}

static void test_same(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset a, b;
	struct diag d;

	(void)state;
	load(&a);
	load(&b);
	assert_int_equal(snp_rules_diff(&a, &b, &out, &d), 0);
	assert_string_equal(strbuf_str(&out), GENOA " -> " GENOA
			    "\nno differences\n");
	strbuf_release(&out);
	/* The same set under another name: the names only. */
	ruleset_release(&b);
	{
		char *t = copy();

		parse(t, &b);
		free(t);
	}
	assert_int_equal(snp_rules_diff(&a, &b, &out, &d), 0);
	assert_string_equal(strbuf_str(&out), GENOA " -> snp-test\n"
			    "no differences\n");
	strbuf_release(&out);
	ruleset_release(&a);
	ruleset_release(&b);
}

#define HDR GENOA " -> snp-test\n"

/* One table mask: "reg 0x80000023 0x00 eax mask 0x00000001 0xfffffffe". */
static void test_mask(void **state)
{
	(void)state;
	expect_diff(edit(copy(),
			 "reg 0x80000023 0x00 eax mask      0x00000001 "
			 "0xfffffffe\n",
			 "reg 0x80000023 0x00 eax mask      0x00000003 "
			 "0xfffffffc\n"),
		    HDR "entries:\n"
		    "    0x80000023 0x00 eax: mask 0x00000001 mbz 0xfffffffe "
		    "-> mask 0x00000003 mbz 0xfffffffc\n");
	/* A rule that becomes unchecked shows no value. */
	expect_diff(edit(copy(),
			 "reg 0x80000019 0x00 ecx exact     0x00000000 "
			 "0xffffffff\n",
			 "reg 0x80000019 0x00 ecx unchecked - 0xffffffff\n"),
		    HDR "entries:\n"
		    "    0x80000019 0x00 ecx: exact 0x00000000 mbz 0xffffffff "
		    "-> unchecked mbz 0xffffffff\n");
}

/* 0x80000019 leaves the table: the firmware then wants it all zero. */
static void test_remove_entry(void **state)
{
	char *t = copy();

	(void)state;
	t = edit(t, "reg 0x80000019 0x00 eax unchecked -          "
		 "0x00000000\n", "");
	t = edit(t, "reg 0x80000019 0x00 ebx unchecked -          "
		 "0x00000000\n", "");
	t = edit(t, "reg 0x80000019 0x00 ecx exact     0x00000000 "
		 "0xffffffff\n", "");
	t = edit(t, "reg 0x80000019 0x00 edx exact     0x00000000 "
		 "0xffffffff\n", "");
	expect_diff(t, HDR "entries:\n"
		    "  - 0x80000019 0x00: must now be all zero\n");
}

static void test_add_entry(void **state)
{
	char *t = copy();

	(void)state;
	t = edit(t, "reg 0x80000026 0x03 edx unchecked -          "
		 "0x00000000\n",
		 "reg 0x80000026 0x03 edx unchecked -          0x00000000\n"
		 "reg 0x80000025 0x00 eax unchecked - 0x0\n"
		 "reg 0x80000025 0x00 ebx exact 0x0 0xffffffff\n"
		 "reg 0x80000025 0x00 ecx mask 0x3 0xfffffffc\n"
		 "reg 0x80000025 0x00 edx le 0x5 0x0\n");
	expect_diff(t, HDR "entries:\n"
		    "  + 0x80000025 0x00: eax unchecked mbz 0x00000000, "
		    "ebx exact 0x00000000 mbz 0xffffffff, "
		    "ecx mask 0x00000003 mbz 0xfffffffc, "
		    "edx le 0x00000005 mbz 0x00000000\n");
}

static void test_constants(void **state)
{
	(void)state;
	expect_diff(edit(copy(), "const cbit 51\n", "const cbit 52\n"),
		    HDR "constants:\n  cbit: 0x33 -> 0x34\n");
	expect_diff(edit(copy(), "const max_count 64\n",
			 "const max_count 63\n"),
		    HDR "constants:\n  max_count: 64 -> 63\n");
	/* One constant gone, one new. */
	expect_diff(edit(copy(), "const rdpru_max 1\n", "const foo 5\n"),
		    HDR "constants:\n  rdpru_max: 0x1 -> -\n"
		    "  foo: - -> 0x5\n");
	/* Ranges are compared in order. */
	expect_diff(edit(copy(), "checked-range 0x80000000 0x8000ffff\n",
			 "checked-range 0x80000000 0x8000fffe\n"),
		    HDR "constants:\n  checked-range: 0x80000000-0x8000ffff "
		    "-> 0x80000000-0x8000fffe\n");
	expect_diff(edit(copy(), "checked-range 0x80000000 0x8000ffff\n", ""),
		    HDR "constants:\n  checked-range: 0x80000000-0x8000ffff "
		    "-> -\n");
	expect_diff(edit(copy(), "checked-range 0x80000000 0x8000ffff\n",
			 "checked-range 0x80000000 0x8000ffff\n"
			 "checked-range 0x40000000 0x400000ff\n"),
		    HDR "constants:\n  checked-range: - -> "
		    "0x40000000-0x400000ff\n");
}

/* Custom functions: every step of the register, in order. */
static void test_steps(void **state)
{
	(void)state;
	/* field-le 3:0 is the field 0x0000000f, 9:4 is 0x000003f0. */
	expect_diff(edit(copy(), "step 0x80000022 0x00 ebx field-le 3:0 6\n",
			 "step 0x80000022 0x00 ebx field-le 3:0 5\n"),
		    HDR "entries:\n"
		    "    0x80000022 0x00 ebx: FN80000022_CUSTOM: field-le "
		    "0x0000000f=6; field-le 0x000003f0=16; unchecked "
		    "0xfffffc00; -> FN80000022_CUSTOM: field-le 0x0000000f=5; "
		    "field-le 0x000003f0=16; unchecked 0xfffffc00;\n");
	/* mask with ignore=, then the mbz step of the same register. */
	expect_diff(edit(copy(), "ignore=0x88000000\n", "ignore=0x80000000\n"),
		    HDR "entries:\n"
		    "    0x00000001 0x00 ecx: FN00000001_CUSTOM: mask "
		    "0x76fa320b ignore 0x88000000; mbz 0x0105cdf4; -> "
		    "FN00000001_CUSTOM: "
		    "mask 0x76fa320b ignore 0x80000000; mbz 0x0105cdf4;\n");
	/* A step removed. */
	expect_diff(edit(copy(), "step 0x00000007 0x00 edx mbz 0xefffffef\n",
			 ""),
		    HDR "entries:\n"
		    "    0x00000007 0x00 edx: FN00000007_x00_CUSTOM: "
		    "mask-inverted 0x10000010; mbz 0xefffffef; -> "
		    "FN00000007_x00_CUSTOM: mask-inverted 0x10000010;\n");
	/* An XSAVE term: §3.3 CET_S adds 0x18. */
	expect_diff(edit(copy(), "xss.12=0x18\n", "xss.12=0x20\n"),
		    HDR "entries:\n"
		    "    0x0000000d 0x01 ebx: FN0000000D_X01_CUSTOM: "
		    "xsave-compacted 0x240 9=0x8 7=0x400 6=0x200 5=0x40 "
		    "2=0x100 xss.11=0x10 xss.12=0x18; -> "
		    "FN0000000D_X01_CUSTOM: "
		    "xsave-compacted 0x240 9=0x8 7=0x400 6=0x200 5=0x40 "
		    "2=0x100 xss.11=0x10 xss.12=0x20;\n");
	/* exact-or prints its three masks. */
	expect_diff(edit(copy(), "exact-or 0x0000ffc0 0x00000033 0x00000fc0\n",
			 "exact-or 0x0000ffc0 0x00000034 0x00000fc0\n"),
		    HDR "entries:\n"
		    "    0x8000001f 0x00 ebx: FN8000001F_CUSTOM: exact-or "
		    "0x0000ffc0 0x33 0xfc0; field-le 0x0000f000=4; mbz "
		    "0xffff0000; unchecked 0x00000fc0; -> FN8000001F_CUSTOM: "
		    "exact-or 0x0000ffc0 0x34 0xfc0; field-le 0x0000f000=4; "
		    "mbz 0xffff0000; unchecked 0x00000fc0;\n");
	/* The function's name is part of the rule. */
	expect_diff(edit(copy(), "custom 0x80000022 0x00 FN80000022_CUSTOM\n",
			 "custom 0x80000022 0x00 FN80000022_V2\n"),
		    HDR "entries:\n"
		    "    0x80000022 0x00 eax: FN80000022_CUSTOM: mask "
		    "0x00000007; mbz 0xfffffff8; -> FN80000022_V2: mask "
		    "0x00000007; mbz 0xfffffff8;\n"
		    "    0x80000022 0x00 ebx: FN80000022_CUSTOM: field-le "
		    "0x0000000f=6; field-le 0x000003f0=16; unchecked "
		    "0xfffffc00; -> FN80000022_V2: field-le 0x0000000f=6; "
		    "field-le 0x000003f0=16; unchecked 0xfffffc00;\n"
		    "    0x80000022 0x00 ecx: FN80000022_CUSTOM: unchecked "
		    "0xffffffff; -> FN80000022_V2: unchecked 0xffffffff;\n"
		    "    0x80000022 0x00 edx: FN80000022_CUSTOM: exact "
		    "0x00000000; -> FN80000022_V2: exact 0x00000000;\n");
}

/* All of the above at once, both ways. */
static char *combined(void)
{
	char *t = copy();

	t = edit(t, "const max_count 64\n", "const max_count 63\n");
	t = edit(t, "const cbit 51\n", "const cbit 52\n");
	t = edit(t, "const rdpru_max 1\n", "const foo 5\n");
	t = edit(t, "checked-range 0x80000000 0x8000ffff\n",
		 "checked-range 0x80000000 0x8000fffe\n");
	t = edit(t, "xss.12=0x18\n", "xss.12=0x20\n");
	t = edit(t, "reg 0x80000019 0x00 eax unchecked -          "
		 "0x00000000\n", "");
	t = edit(t, "reg 0x80000019 0x00 ebx unchecked -          "
		 "0x00000000\n", "");
	t = edit(t, "reg 0x80000019 0x00 ecx exact     0x00000000 "
		 "0xffffffff\n", "");
	t = edit(t, "reg 0x80000019 0x00 edx exact     0x00000000 "
		 "0xffffffff\n", "");
	t = edit(t, "step 0x80000022 0x00 ebx field-le 3:0 6\n",
		 "step 0x80000022 0x00 ebx field-le 3:0 5\n");
	t = edit(t, "reg 0x80000023 0x00 eax mask      0x00000001 "
		 "0xfffffffe\n",
		 "reg 0x80000023 0x00 eax mask      0x00000003 0xfffffffc\n");
	t = edit(t, "reg 0x80000026 0x03 edx unchecked -          "
		 "0x00000000\n",
		 "reg 0x80000026 0x03 edx unchecked -          0x00000000\n"
		 "reg 0x80000025 0x00 eax unchecked - 0x0\n"
		 "reg 0x80000025 0x00 ebx exact 0x0 0xffffffff\n"
		 "reg 0x80000025 0x00 ecx mask 0x3 0xfffffffc\n"
		 "reg 0x80000025 0x00 edx le 0x5 0x0\n");
	return t;
}

#define XSAVE1(v) "FN0000000D_X01_CUSTOM: xsave-compacted 0x240 9=0x8 " \
		  "7=0x400 6=0x200 5=0x40 2=0x100 xss.11=0x10 xss.12=" v ";"
#define FN22(v) "FN80000022_CUSTOM: field-le 0x0000000f=" v "; field-le " \
		"0x000003f0=16; unchecked 0xfffffc00;"

static void test_combined(void **state)
{
	char *t = combined(), *got;

	(void)state;
	/*
	 * Constants: max_count first, then the old set's constants in
	 * order (cbit before rdpru_max), then the new ones, then ranges.
	 * Entries: in the old set's (lookup table) order, then the added.
	 */
	got = diff_text(t, false);
	assert_string_equal(got, HDR
		"constants:\n"
		"  max_count: 64 -> 63\n"
		"  cbit: 0x33 -> 0x34\n"
		"  rdpru_max: 0x1 -> -\n"
		"  foo: - -> 0x5\n"
		"  checked-range: 0x80000000-0x8000ffff -> "
		"0x80000000-0x8000fffe\n"
		"entries:\n"
		"    0x0000000d 0x01 ebx: " XSAVE1("0x18") " -> "
		XSAVE1("0x20") "\n"
		"  - 0x80000019 0x00: must now be all zero\n"
		"    0x80000022 0x00 ebx: " FN22("6") " -> " FN22("5") "\n"
		"    0x80000023 0x00 eax: mask 0x00000001 mbz 0xfffffffe -> "
		"mask 0x00000003 mbz 0xfffffffc\n"
		"  + 0x80000025 0x00: eax unchecked mbz 0x00000000, "
		"ebx exact 0x00000000 mbz 0xffffffff, "
		"ecx mask 0x00000003 mbz 0xfffffffc, "
		"edx le 0x00000005 mbz 0x00000000\n");
	free(got);
	got = diff_text(t, true);
	assert_string_equal(got, "snp-test -> " GENOA "\n"
		"constants:\n"
		"  max_count: 63 -> 64\n"
		"  cbit: 0x34 -> 0x33\n"
		"  foo: 0x5 -> -\n"
		"  rdpru_max: - -> 0x1\n"
		"  checked-range: 0x80000000-0x8000fffe -> "
		"0x80000000-0x8000ffff\n"
		"entries:\n"
		"    0x0000000d 0x01 ebx: " XSAVE1("0x20") " -> "
		XSAVE1("0x18") "\n"
		"    0x80000022 0x00 ebx: " FN22("5") " -> " FN22("6") "\n"
		"    0x80000023 0x00 eax: mask 0x00000003 mbz 0xfffffffc -> "
		"mask 0x00000001 mbz 0xfffffffe\n"
		"  - 0x80000025 0x00: must now be all zero\n"
		"  + 0x80000019 0x00: eax unchecked mbz 0x00000000, "
		"ebx unchecked mbz 0x00000000, "
		"ecx exact 0x00000000 mbz 0xffffffff, "
		"edx exact 0x00000000 mbz 0xffffffff\n");
	free(got);
	free(t);
}

/* Lines 1-10 of a small rule set that reads (as in test_snp_rules.c). */
#define SMALL "ruleset t\nplatform snp\nversion 1\nsource a/b@c f.c\n" \
	      "const max_count 64\nchecked-range 0x0 0xffff\n" \
	      "reg 0x0 0x0 eax le 0x10 0x0\n" \
	      "reg 0x0 0x0 ebx unchecked - 0x0\n" \
	      "reg 0x0 0x0 ecx unchecked - 0x0\n" \
	      "reg 0x0 0x0 edx unchecked - 0x0\n"

static void test_validate(void **state)
{
	struct ruleset rs;
	struct diag d;

	(void)state;
	load(&rs);
	diag_clear(&d);
	assert_int_equal(snp_rules_validate(&rs, &d), 0);
	assert_false(diag_is_set(&d));
	ruleset_release(&rs);
	parse(SMALL, &rs);
	assert_int_equal(snp_rules_validate(&rs, &d), 0);
	ruleset_release(&rs);
	parse(SMALL "reg 0x2 0x0 eax exact 0x3 0x1\n", &rs);
	assert_int_equal(snp_rules_validate(&rs, &d), -1);
	assert_string_equal(d.msg,
			    "t.rules:11: value 0x3 has must-be-zero bits");
	ruleset_release(&rs);
	parse(SMALL "step 0x0 0x0 eax mbz 0x1\n", &rs);
	assert_int_equal(snp_rules_validate(&rs, &d), -1);
	assert_string_equal(d.msg, "t.rules:11: step for 0x0/0x0, which has "
			    "no 'custom' line before it");
	ruleset_release(&rs);
	/* The whole Genoa set with one bad line. */
	{
		char *t = edit(copy(), "const cbit 51\n", "const cbit 0x\n");

		parse(t, &rs);
		free(t);
		assert_int_equal(snp_rules_validate(&rs, &d), -1);
		/* models/snp/snp-genoa-1.55.25.rules line 23 */
		assert_string_equal(d.msg, "t.rules:23: '0x' is not a number");
		ruleset_release(&rs);
	}
	/* A TDX rule set is not an SNP one. */
	if (ruleset_load_embedded("tdx-1.5.06", &rs, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(snp_rules_validate(&rs, &d), -1);
	assert_non_null(strstr(d.msg, "rule set tdx-1.5.06 is for platform "
			       "tdx, not snp"));
	ruleset_release(&rs);
}

/* A side that does not read: -1 with its error, no output. */
static void test_diff_errors(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset good, bad;
	struct diag d;

	(void)state;
	load(&good);
	parse(SMALL "frob 1\n", &bad);
	assert_int_equal(snp_rules_diff(&good, &bad, &out, &d), -1);
	assert_string_equal(d.msg, "t.rules:11: unknown record 'frob' in an "
			    "SNP rule set");
	assert_int_equal(out.len, 0);
	assert_int_equal(snp_rules_diff(&bad, &good, &out, &d), -1);
	assert_string_equal(d.msg, "t.rules:11: unknown record 'frob' in an "
			    "SNP rule set");
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
	ruleset_release(&good);
	ruleset_release(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_remove_entry),
		cmocka_unit_test(test_add_entry),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_combined),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_diff_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
