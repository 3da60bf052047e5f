// SPDX-License-Identifier: MIT
/*
 * The config reader (and `cpuid -r`).  Expected register values are the ones
 * written in the fixtures (tests/data/README.md gives their origin).
 */
#include <string.h>

#include "testlib.h"

#define LINE1 "0x00000001 0x00: eax=0x00b00f21 ebx=0x00020800 " \
	      "ecx=0xfffa3203 edx=0x178bfbff\n"

static void test_cpuid_r_fixture(void **state)
{
	struct config cfg;

	(void)state;
	test_read_file(test_data("cpuid-r/local-2cpu.txt"), DUMP_CONFIG, -1,
		       &cfg);
	assert_string_equal(cfg.format, "cpuid -r");
	assert_int_equal(cfg.cpu, 0);
	assert_int_equal(cfg.cpuid.n, 19);
	/* CPU 0's initial APIC ID (1.EBX[31:24]) is 0, CPU 1's is 1. */
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EBX), 0x00020800);
	assert_int_equal(test_reg(&cfg, 0xb, 2, CPUID_REG_ECX), 0x00000002);
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0xb, true, 2));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 1, false, 0));
	config_release(&cfg);

	test_read_file(test_data("cpuid-r/local-2cpu.txt"), DUMP_CONFIG, 1,
		       &cfg);
	assert_int_equal(cfg.cpu, 1);
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EBX), 0x01020800);
	assert_int_equal(test_reg(&cfg, 0xb, 0, CPUID_REG_EDX), 1);
	config_release(&cfg);
}

static void test_config_fixture(void **state)
{
	const struct cpuid_entry *e;
	struct config cfg;

	(void)state;
	test_read_file(test_data("config/example.cfg"), DUMP_AUTO, -1, &cfg);
	assert_string_equal(cfg.format, "config");
	assert_int_equal(cfg.cpu, -1);
	assert_int_equal(cfg.cpuid.n, 11);
	assert_int_equal(cfg.ndirectives, 1);
	/* "0x1 0x0:" with upper-case hex and a trailing comment */
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_ECX), 0xfffa3203);
	/* Two 0xD/0 entries for two XCR0 values, ordered by xcr0_in. */
	e = cpuid_set_find(&cfg.cpuid, 0xd, true, 0);
	assert_non_null(e);
	assert_int_equal(e->xcr0_in, 0x1);
	assert_int_equal(e->regs[CPUID_REG_EBX], 0x240);
	assert_int_equal(e[1].xcr0_in, 0x7);
	assert_int_equal(e[1].regs[CPUID_REG_EBX], 0x340);
	e = cpuid_set_lookup(&cfg.cpuid, 0xd, 1);
	assert_int_equal(e->xss_in, 0x1800);
	/* '*' on leaf 0x14; cpuid.indexed makes 0x80000027/0 significant. */
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x14, false, 0));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x80000027, true, 0));
	config_release(&cfg);
}

static void test_single_cpu_header(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	/* `cpuid -1 -r` prints "CPU:" */
	assert_int_equal(test_read_text("CPU:\n   " LINE1, DUMP_AUTO, -1, &cfg,
					&d), 0);
	assert_int_equal(cfg.cpuid.n, 1);
	config_release(&cfg);
	assert_int_equal(test_read_text("CPU:\n   " LINE1, DUMP_AUTO, 0, &cfg,
					&d), 0);
	config_release(&cfg);
	assert_int_equal(test_read_text(LINE1, DUMP_AUTO, 0, &cfg, &d), 0);
	config_release(&cfg);
	assert_int_equal(test_read_text(LINE1, DUMP_AUTO, 2, &cfg, &d), -1);
	assert_string_equal(d.msg, "t.cfg: no CPU 2: this dump holds one CPU");
	assert_int_equal(test_read_text("CPU 0:\n" LINE1, DUMP_AUTO, 3, &cfg,
					&d), -1);
	assert_string_equal(d.msg, "t.cfg: no CPU 3 in this dump");
}

/* The bad-input classes of the foundation issue, each with its message. */
static void test_errors(void **state)
{
	(void)state;
	test_expect_error("", DUMP_CONFIG, "t.cfg:1: empty file");
	test_expect_error("# only a comment\n\n", DUMP_CONFIG,
			  "t.cfg:2: no CPUID entries");
	test_expect_error("0x00000001 0x00: eax=0x00b00f21 ebx=0x00020800\n",
			  DUMP_CONFIG,
			  "t.cfg:1: truncated line: expected 'ecx=0x...'");
	test_expect_error("0x00000001 0x00: eax=0x00b00f2g ebx=0x0 ecx=0x0 "
			  "edx=0x0\n", DUMP_CONFIG,
			  "t.cfg:1: bad eax value: unexpected 'g' after the "
			  "digits");
	test_expect_error("0x00000001 0x00: eax=zz ebx=0x0 ecx=0x0 edx=0x0\n",
			  DUMP_CONFIG,
			  "t.cfg:1: bad eax value: expected 0x and hex "
			  "digits");
	test_expect_error(LINE1 "0x2 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
			  LINE1, DUMP_CONFIG,
			  "t.cfg:3: duplicate entry for leaf 0x00000001 "
			  "sub-leaf 0x0 (first at line 1)");
	test_expect_error("0x00000001 0x00: eax=0x100000000 ebx=0x0 ecx=0x0 "
			  "edx=0x0\n", DUMP_CONFIG,
			  "t.cfg:1: eax value wider than 32 bits");
	test_expect_error("0x100000000 0x00: eax=0x0 ebx=0x0 ecx=0x0 "
			  "edx=0x0\n", DUMP_CONFIG,
			  "t.cfg:1: leaf wider than 32 bits");
	test_expect_error("0xd 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0 "
			  "xcr0_in=0x10000000000000000\n", DUMP_CONFIG,
			  "t.cfg:1: xcr0_in wider than 64 bits");
	test_expect_error("tdx.xfm = 0x3\n" LINE1, DUMP_CONFIG,
			  "t.cfg:1: unknown directive 'tdx.xfm'");
	test_expect_error("cpuid.indexed =\n" LINE1, DUMP_CONFIG,
			  "t.cfg:1: directive 'cpuid.indexed' has no value");
	test_expect_error(LINE1 "\x7f\x45LF\x02\x01\x01", DUMP_CONFIG,
			  "t.cfg:2: binary data (byte 0x7f at column 1)");
	test_expect_error_n(LINE1 "\0", sizeof(LINE1), DUMP_CONFIG,
			    "t.cfg:2: binary data (byte 0x00 at column 1)");
	test_expect_error("\x89PNG\r\n", DUMP_CONFIG,
			  "t.cfg:1: unrecognised line: expected a CPUID line "
			  "('0xLEAF 0xSUBLEAF: eax=...'), a directive "
			  "('key = value') or a comment");
	test_expect_error(LINE1 " trailing", DUMP_CONFIG,
			  "t.cfg:2: unrecognised line: expected a CPUID line "
			  "('0xLEAF 0xSUBLEAF: eax=...'), a directive "
			  "('key = value') or a comment");
	test_expect_error("0x00000001 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0 "
			  "esi=0x0\n", DUMP_CONFIG,
			  "t.cfg:1: unexpected text after the registers");
	test_expect_error("0x00000001 0x00 eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n",
			  DUMP_CONFIG,
			  "t.cfg:1: expected ':' after the sub-leaf");
	test_expect_error("0x00000001\n", DUMP_CONFIG,
			  "t.cfg:1: expected a sub-leaf after the leaf");
}

static void test_cpu_section_errors(void **state)
{
	(void)state;
	test_expect_error("CPU 0:\n" LINE1 "CPU 0:\n" LINE1, DUMP_CONFIG,
			  "t.cfg:3: CPU 0 listed twice");
	test_expect_error(LINE1 "CPU 0:\n" LINE1, DUMP_CONFIG,
			  "t.cfg:2: CPU header after CPUID lines that belong "
			  "to no CPU (first at line 1)");
	test_expect_error("CPU zero:\n", DUMP_CONFIG,
			  "t.cfg:1: bad CPU header: expected 'CPU <n>:'");
	test_expect_error("CPU 99999:\n", DUMP_CONFIG,
			  "t.cfg:1: CPU number 99999 out of range (at most "
			  "4095)");
}

/* Lines of CPUs not picked are still checked. */
static void test_other_cpus_checked(void **state)
{
	(void)state;
	test_expect_error("CPU 0:\n" LINE1 "CPU 1:\n   0x1 0x0: eax=0x0\n",
			  DUMP_CONFIG,
			  "t.cfg:4: truncated line: expected 'ebx=0x...'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpuid_r_fixture),
		cmocka_unit_test(test_config_fixture),
		cmocka_unit_test(test_single_cpu_header),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cpu_section_errors),
		cmocka_unit_test(test_other_cpus_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
