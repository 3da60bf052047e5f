// SPDX-License-Identifier: MIT
#include "testlib.h"
#include "certify/cpuid_decode.h"

/*
 * Signatures from shared/corpus/cpuid-dumps/SOURCES.md with the family and
 * model their vendors give them: Genoa is family 19h model 11h (AMD,
 * research/snp.md §7 "fam 25 model 16-31 Genoa"), Turin family 1Ah model
 * 02h (FORMATS.md §2), Sapphire Rapids family 6 model 8Fh.
 */
static void test_fms(void **state)
{
	struct cpuid_fms f;

	(void)state;
	f = cpuid_decode_fms(0x00a10f11);
	assert_int_equal(f.family, 0x19);
	assert_int_equal(f.model, 0x11);
	assert_int_equal(f.stepping, 1);
	f = cpuid_decode_fms(0x00b00f21);
	assert_int_equal(f.family, 0x1a);
	assert_int_equal(f.model, 0x02);
	assert_int_equal(f.stepping, 1);
	f = cpuid_decode_fms(0x000806f8);
	assert_int_equal(f.family, 6);
	assert_int_equal(f.model, 0x8f);
	assert_int_equal(f.stepping, 8);
	/* Family 5: neither extended field counts. */
	f = cpuid_decode_fms(0x0ff50543);
	assert_int_equal(f.family, 5);
	assert_int_equal(f.model, 4);
	assert_int_equal(f.stepping, 3);
}

/* FORMATS.md §2: the build machine is "KVMKVMKVM" with brand "AMD EPYC". */
static void test_strings(void **state)
{
	struct config cfg;
	char buf[49];

	(void)state;
	test_read_file(test_data("cpuid-r/local-2cpu.txt"), DUMP_AUTO, -1,
		       &cfg);
	assert_true(cpuid_decode_vendor(&cfg.cpuid, buf));
	assert_string_equal(buf, "AuthenticAMD");
	assert_true(cpuid_decode_hypervisor(&cfg.cpuid, 0x40000000, buf));
	assert_string_equal(buf, "KVMKVMKVM");
	assert_true(cpuid_decode_brand(&cfg.cpuid, buf));
	assert_string_equal(buf, "AMD EPYC");
	assert_false(cpuid_decode_hypervisor(&cfg.cpuid, 0x40000100, buf));
	config_release(&cfg);
}

static void test_unprintable_and_missing(void **state)
{
	struct config cfg;
	struct diag d;
	char buf[49];

	(void)state;
	assert_int_equal(test_read_text(
		"0x0 0x0: eax=0x1 ebx=0x00410a42 ecx=0x0 edx=0x43\n"
		"0x80000002 0x0: eax=0x20202020 ebx=0x41 ecx=0x0 edx=0x0\n",
		DUMP_AUTO, -1, &cfg, &d), 0);
	assert_true(cpuid_decode_vendor(&cfg.cpuid, buf));
	assert_string_equal(buf, "B.A.C");
	/* The brand needs all three leaves. */
	assert_false(cpuid_decode_brand(&cfg.cpuid, buf));
	config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fms),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_unprintable_and_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
