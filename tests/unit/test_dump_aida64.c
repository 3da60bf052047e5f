// SPDX-License-Identifier: MIT
/*
 * The AIDA64 reader, on the fixture (tests/data/README.md) and on inputs
 * built after shared/corpus/cpuid-dumps/FORMATS.md §1.
 */
#include "testlib.h"

#define HDR "------[ CPUID Registers / Logical CPU #0 ]------\n\n"
#define TOPO "allcpu: Package 0 / Core 0 / Thread 0: Valid\n\n"
#define L0 "CPUID 00000000: 0000001C-68747541-444D4163-69746E65 " \
	   "[AuthenticAMD]\n"

static void test_fixture(void **state)
{
	struct config cfg;

	(void)state;
	test_read_file(test_data("aida64/local-2cpu.txt"), DUMP_AUTO, -1,
		       &cfg);
	assert_string_equal(cfg.format, "aida64");
	assert_int_equal(cfg.cpu, 0);
	assert_int_equal(cfg.cpuid.n, 19);
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EBX), 0x00020800);
	/* "[SL 02]" gives the sub-leaf. */
	assert_int_equal(test_reg(&cfg, 0xb, 2, CPUID_REG_ECX), 0x2);
	config_release(&cfg);

	test_read_file(test_data("aida64/local-2cpu.txt"), DUMP_AIDA64, 1,
		       &cfg);
	assert_int_equal(cfg.cpu, 1);
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EBX), 0x01020800);
	config_release(&cfg);
}

static void test_annotations(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	/* Unbalanced annotations (FORMATS.md: leaf 0x80000006) are text. */
	assert_int_equal(test_read_text(
		HDR TOPO L0
		"CPUID 80000006: 48002200-68004200-02006140-01009140 "
		"[L2: 2048 KB] / L3: 0 KB]\n"
		"CPUID 00000007: 00000001-F1BF97AB-19415FCE-10000110 [SL 00]\n"
		"CPUID 0000000D: 000002E7-00000980-00000988-00000000 [SL 00] "
		"[x87]\n"
		"\nL1    Data Cache:    48 KB, 12-way Associative, 64-byte "
		"Line\n", DUMP_AUTO, -1, &cfg, &d), 0);
	assert_int_equal(cfg.cpuid.n, 4);
	assert_int_equal(test_reg(&cfg, 0x80000006, 0, CPUID_REG_EDX),
			 0x01009140);
	assert_non_null(cpuid_set_find(&cfg.cpuid, 7, true, 0));
	config_release(&cfg);
}

static void test_errors(void **state)
{
	(void)state;
	test_expect_error("", DUMP_AIDA64, "t.cfg:1: empty file");
	test_expect_error("CPUID 00000000: 0-0-0-0\n", DUMP_AIDA64,
			  "t.cfg:1: not an AIDA64 dump: expected a "
			  "'------[ title ]------' section header");
	test_expect_error(HDR TOPO "CPUID 00000001: 00B00F21-00020800\n",
			  DUMP_AIDA64,
			  "t.cfg:5: truncated CPUID line: expected four "
			  "registers separated by '-'");
	test_expect_error(HDR TOPO "CPUID 00000001: 00B00F2G-0-0-0\n",
			  DUMP_AIDA64,
			  "t.cfg:5: bad EAX in CPUID line: expected 8 hex "
			  "digits");
	test_expect_error(HDR TOPO "CPUID 0001: 00000000-00000000-00000000-"
			  "00000000\n", DUMP_AIDA64,
			  "t.cfg:5: bad leaf in CPUID line: expected 8 hex "
			  "digits");
	test_expect_error(HDR TOPO "CPUID 00000001: 00000000-00000000-"
			  "100000000-00000000\n", DUMP_AIDA64,
			  "t.cfg:5: ECX wider than 32 bits");
	/* Nine digits that fit are still not the format. */
	test_expect_error(HDR TOPO "CPUID 00000001: 000000000-00000000-"
			  "00000000-00000000\n", DUMP_AIDA64,
			  "t.cfg:5: bad EAX in CPUID line: expected 8 hex "
			  "digits");
	test_expect_error(HDR TOPO "CPUID 00000007: 00000000-00000000-00000000-"
			  "00000000 [SL 1X]\n", DUMP_AIDA64,
			  "t.cfg:5: bad sub-leaf tag: expected '[SL hh]'");
	test_expect_error(HDR TOPO "CPUID 00000007: 00000000-00000000-00000000-"
			  "00000000 [SL 100000000]\n", DUMP_AIDA64,
			  "t.cfg:5: sub-leaf wider than 32 bits");
	test_expect_error(HDR TOPO L0 L0, DUMP_AIDA64,
			  "t.cfg:6: duplicate entry for leaf 0x00000000 "
			  "sub-leaf 0x0 (first at line 5)");
	test_expect_error(HDR "garbage\n" L0, DUMP_AIDA64,
			  "t.cfg:3: unexpected line in CPUID Registers "
			  "section: expected 'allcpu:' or 'CPUID ...'");
	test_expect_error_n(HDR TOPO "CPUID \0", sizeof(HDR TOPO "CPUID \0"),
			    DUMP_AIDA64,
			    "t.cfg:5: binary data (byte 0x00 at column 7)");
	test_expect_error(HDR TOPO L0 "\x01\x02\x03", DUMP_AIDA64,
			  "t.cfg:6: binary data (byte 0x01 at column 1)");
	test_expect_error("------[ All CPUs ]------\n", DUMP_AIDA64,
			  "t.cfg:1: no 'CPUID Registers' section");
	test_expect_error(HDR TOPO, DUMP_AIDA64,
			  "t.cfg:4: no CPUID entries");
	test_expect_error("------[ CPUID Registers / Logical CPU #x ]------\n",
			  DUMP_AIDA64,
			  "t.cfg:1: bad CPUID Registers section title: "
			  "expected 'Logical CPU #<n>'");
}

static void test_missing_cpu(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	assert_int_equal(test_read_text(HDR TOPO L0, DUMP_AIDA64, 5, &cfg, &d),
			 -1);
	assert_string_equal(d.msg, "t.cfg: no 'CPUID Registers / Logical CPU "
				   "#5' section");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_annotations),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
