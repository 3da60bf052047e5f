// SPDX-License-Identifier: MIT
/*
 * reports/render_util.c: the spelling every rendering shares.  Expected
 * values: the finding format of README ("0x00000007.0x0.ebx[21] name:
 * requested -> final"), RFC 3629 §3-4 for UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) plus XML 1.0's exclusion of U+FFFE
 * and U+FFFF, and the Unix epoch: 1700000000 s is 2023-11-14T22:13:20Z,
 * 951782400 s is 2000-02-29T00:00:00Z (a leap day), 0 is 1970-01-01.
 */
#include <string.h>

#include "testlib.h"
#include "certify/strbuf.h"
#include "reports/render_util.h"

static struct strbuf sb;

static const char *fresh(void)
{
	strbuf_reset(&sb);
	return "";
}

static void test_finding_spelling(void **state)
{
	struct finding f = { .leaf = 7, .subleaf = 0, .indexed = true,
			     .reg = CPUID_REG_EBX, .bit = 21, .width = 1,
			     .name = "avx512ifma" };
	struct finding g = { .leaf = 0xd, .subleaf = 1, .indexed = true,
			     .xcr0_in = 7, .reg = CPUID_REG_EBX, .bit = 0,
			     .width = 32 };

	(void)state;
	fresh();
	render_label(&sb, &f);
	assert_string_equal(strbuf_str(&sb), "0x00000007.0x0 ebx[21] "
			    "avx512ifma");
	fresh();
	render_where(&sb, &g, '.');
	assert_string_equal(strbuf_str(&sb), "0x0000000d.0x1(xcr0_in=0x7,"
			    "xss_in=0x0).ebx");
	fresh();
	render_bits(&sb, &g);
	assert_string_equal(strbuf_str(&sb), "31:0");
	fresh();
	f.indexed = false;
	render_where(&sb, &f, '.');
	assert_string_equal(strbuf_str(&sb), "0x00000007.ebx");
	fresh();
	render_value(&sb, true, 1, 1, "?");
	render_value(&sb, true, 0x240, 32, "?");
	render_value(&sb, false, 5, 1, "?");
	assert_string_equal(strbuf_str(&sb), "10x240?");
}

static void test_status(void **state)
{
	struct check_status s = { .code = 0xc000010000000045ull,
				  .name = "TDX_OPERAND_INVALID",
				  .has_leaf = true, .leaf = 7,
				  .has_subleaf = true, .subleaf = 0 };

	(void)state;
	fresh();
	render_status(&sb, &s);
	assert_string_equal(strbuf_str(&sb), "0xc000010000000045 "
			    "TDX_OPERAND_INVALID at leaf 0x00000007 sub-leaf "
			    "0x0");
	s.has_subleaf = false;
	s.has_leaf = false;
	s.name = NULL;
	s.code = 0;
	fresh();
	render_status(&sb, &s);
	assert_string_equal(strbuf_str(&sb), "0x0");
}

/* Runs of single bits with one story merge: "[0-2,4,9]". */
static void test_merge(void **state)
{
	struct finding f[5];
	static const unsigned int bits[] = { 0, 1, 2, 4, 9 };
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].leaf = 1;
		f[i].reg = CPUID_REG_ECX;
		f[i].bit = (uint8_t)bits[i];
		f[i].width = 1;
		f[i].verdict = VERDICT_DROPPED;
		f[i].class = "allow-direct";
		f[i].layer = "tdx-module";
		f[i].rule = "r";
	}
	for (i = 1; i < 5; i++)
		assert_true(render_mergeable(&f[0], &f[i]));
	fresh();
	render_bit_list(&sb, f, 5);
	assert_string_equal(strbuf_str(&sb), "[0-2,4,9]");
	f[1].verdict = VERDICT_FORCED;
	assert_false(render_mergeable(&f[0], &f[1]));
	f[1].verdict = VERDICT_DROPPED;
	f[1].reg = CPUID_REG_EDX;
	assert_false(render_mergeable(&f[0], &f[1]));
	f[1].reg = CPUID_REG_ECX;
	f[1].width = 2;
	assert_false(render_mergeable(&f[0], &f[1]));
	f[1].width = 1;
	f[1].note = "other";
	assert_false(render_mergeable(&f[0], &f[1]));
}

static void test_hex_time_alg(void **state)
{
	static const uint8_t b[] = { 0x00, 0xab, 0x0f, 0xf0 };

	(void)state;
	fresh();
	render_hex(&sb, b, sizeof(b));
	assert_string_equal(strbuf_str(&sb), "00ab0ff0");
	fresh();
	render_time(&sb, 1700000000);
	assert_string_equal(strbuf_str(&sb), "1700000000 "
			    "(2023-11-14T22:13:20Z)");
	fresh();
	render_time(&sb, 951782400);
	assert_string_equal(strbuf_str(&sb), "951782400 "
			    "(2000-02-29T00:00:00Z)");
	fresh();
	render_time(&sb, 0);
	assert_string_equal(strbuf_str(&sb), "0 (1970-01-01T00:00:00Z)");
	/* COSE algorithm names (RFC 9053, RFC 9864), else "unknown". */
	assert_string_equal(render_alg_name(-8), "EdDSA");
	assert_string_equal(render_alg_name(-35), "ES384");
	assert_string_equal(render_alg_name(12345), "unknown");
	assert_string_equal(render_str(NULL), "");
}

static void test_subject(void **state)
{
	struct report r;

	(void)state;
	report_init(&r);
	assert_null(render_subject(&r));
	assert_int_equal(report_add_input(&r, "host", "h", (const uint8_t *)"x",
					  1), 0);
	assert_null(render_subject(&r));
	assert_int_equal(report_add_input(&r, "page", "p", (const uint8_t *)"y",
					  1), 0);
	assert_string_equal(render_subject(&r)->name, "p");
	report_release(&r);
}

static void test_utf8(void **state)
{
	struct strbuf tmp = STRBUF_INIT;

	(void)state;
	assert_int_equal(render_utf8_len("a"), 1);
	assert_int_equal(render_utf8_len("\xc3\xa9"), 2);		/* é */
	assert_int_equal(render_utf8_len("\xe2\x82\xac"), 3);	/* € */
	assert_int_equal(render_utf8_len("\xf0\x9f\x98\x80"), 4);	/* U+1F600 */
	assert_int_equal(render_utf8_len("\xf4\x8f\xbf\xbf"), 4);	/* U+10FFFF */
	assert_int_equal(render_utf8_len("\xc0\xaf"), 0);	/* overlong '/' */
	assert_int_equal(render_utf8_len("\xe0\x80\xaf"), 0);	/* overlong */
	assert_int_equal(render_utf8_len("\xed\xa0\x80"), 0);	/* U+D800 */
	assert_int_equal(render_utf8_len("\xf4\x90\x80\x80"), 0);	/* >10FFFF */
	assert_int_equal(render_utf8_len("\xef\xbf\xbe"), 0);	/* U+FFFE */
	assert_int_equal(render_utf8_len("\xef\xbf\xbf"), 0);	/* U+FFFF */
	assert_int_equal(render_utf8_len("\xef\xbf\xbd"), 3);	/* U+FFFD */
	assert_int_equal(render_utf8_len("\xc3"), 0);		/* cut short */
	assert_int_equal(render_utf8_len("\x80"), 0);		/* lone cont. */
	assert_string_equal(render_utf8_clean(&tmp, "a\xc3\xa9\xff" "b"),
			    "a\xc3\xa9" RENDER_REPLACEMENT "b");
	strbuf_release(&tmp);
}

static int teardown(void **state)
{
	(void)state;
	strbuf_release(&sb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding_spelling),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_hex_time_alg),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
