// SPDX-License-Identifier: MIT
/*
 * The libvirt cpudata reader, on the fixture (tests/data/README.md) and on
 * inputs built after shared/corpus/cpuid-dumps/FORMATS.md §3.
 */
#include "testlib.h"

#define OPEN "<cpudata arch='x86'>\n"
#define CLOSE "</cpudata>\n"
#define C0 "  <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x0000001c' " \
	   "ebx='0x68747541' ecx='0x444d4163' edx='0x69746e65'/>\n"

static void test_fixture(void **state)
{
	struct config cfg;

	(void)state;
	test_read_file(test_data("libvirt/local.xml"), DUMP_AUTO, -1, &cfg);
	assert_string_equal(cfg.format, "libvirt");
	assert_int_equal(cfg.cpuid.n, 19);
	assert_int_equal(test_reg(&cfg, 0x80000008, 0, CPUID_REG_EAX),
			 0x00303030);
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x8000001d, true, 1));
	config_release(&cfg);
}

static void test_syntax_variants(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	/* XML declaration, double quotes, attributes in any order, a
	 * comment spanning lines. */
	assert_int_equal(test_read_text(
		"<?xml version=\"1.0\"?>\n<!-- brand\n string -->\n" OPEN
		"<cpuid edx=\"0x1\" ecx=\"0x2\" ebx=\"0x3\" eax=\"0x4\" "
		"ecx_in=\"0x01\" eax_in=\"0x7\" />\n<!-- x -->\n" CLOSE,
		DUMP_AUTO, -1, &cfg, &d), 0);
	assert_int_equal(test_reg(&cfg, 7, 1, CPUID_REG_EAX), 4);
	assert_int_equal(test_reg(&cfg, 7, 1, CPUID_REG_EDX), 1);
	config_release(&cfg);
}

static void test_errors(void **state)
{
	(void)state;
	test_expect_error("", DUMP_LIBVIRT, "t.cfg:1: empty file");
	test_expect_error("<cpudata arch='arm'>\n" CLOSE, DUMP_LIBVIRT,
			  "t.cfg:1: <cpudata> must have exactly arch='x86'");
	test_expect_error("<domain>\n", DUMP_LIBVIRT,
			  "t.cfg:1: not a libvirt cpudata file: expected "
			  "<cpudata arch='x86'>");
	test_expect_error(OPEN C0, DUMP_LIBVIRT,
			  "t.cfg:3: unterminated <cpudata>: expected "
			  "</cpudata>");
	test_expect_error(OPEN "  <cpuid eax_in='0x0' ecx_in='0x0' eax='0x0' "
			  "ebx='0x0' ecx='0x0'/>\n" CLOSE, DUMP_LIBVIRT,
			  "t.cfg:2: <cpuid> lacks attribute 'edx'");
	test_expect_error(OPEN "  <cpuid eax_in='0x0' ecx_in='0x0' eax='0x0' "
			  "ebx='0x0' ecx='0x0' edx='0x0' esi='0x0'/>\n" CLOSE,
			  DUMP_LIBVIRT,
			  "t.cfg:2: unknown attribute 'esi' of <cpuid>");
	test_expect_error(OPEN "  <cpuid eax_in='0x0' ecx_in='0x0' eax='0xq' "
			  "ebx='0x0' ecx='0x0' edx='0x0'/>\n" CLOSE,
			  DUMP_LIBVIRT,
			  "t.cfg:2: bad eax='0xq': expected 0x and hex "
			  "digits");
	test_expect_error(OPEN "  <cpuid eax_in='0x0' ecx_in='0x0' "
			  "eax='0x123456789' ebx='0x0' ecx='0x0' edx='0x0'/>\n"
			  CLOSE, DUMP_LIBVIRT,
			  "t.cfg:2: eax='0x123456789' wider than 32 bits");
	test_expect_error(OPEN C0 C0 CLOSE, DUMP_LIBVIRT,
			  "t.cfg:3: duplicate entry for leaf 0x00000000 "
			  "sub-leaf 0x0 (first at line 2)");
	test_expect_error(OPEN "  <feature name='x'/>\n" CLOSE, DUMP_LIBVIRT,
			  "t.cfg:2: unknown element <feature> in <cpudata>");
	test_expect_error(OPEN "  <cpuid eax_in='0x0'>\n" CLOSE, DUMP_LIBVIRT,
			  "t.cfg:2: <cpuid> must be an empty element ('/>')");
	test_expect_error(OPEN C0 CLOSE "trailing", DUMP_LIBVIRT,
			  "t.cfg:4: unexpected text after </cpudata>");
	test_expect_error(OPEN "<!-- never closed\n", DUMP_LIBVIRT,
			  "t.cfg:2: unterminated '<!--'");
	test_expect_error(OPEN "  <cpuid eax_in='0x0\n", DUMP_LIBVIRT,
			  "t.cfg:2: unexpected character in an attribute "
			  "value");
	test_expect_error_n(OPEN C0 "\xff\x00\xfe" CLOSE,
			    sizeof(OPEN C0 "\xff\x00\xfe" CLOSE) - 1,
			    DUMP_LIBVIRT,
			    "t.cfg:3: binary data (byte 0x00 at column 2)");
	test_expect_error(OPEN CLOSE, DUMP_LIBVIRT,
			  "t.cfg:3: no CPUID entries");
}

static void test_one_cpu_only(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	assert_int_equal(test_read_text(OPEN C0 CLOSE, DUMP_LIBVIRT, 1, &cfg,
					&d), -1);
	assert_string_equal(d.msg,
			    "t.cfg: no CPU 1: libvirt cpudata holds one CPU");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_syntax_variants),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_one_cpu_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
