// SPDX-License-Identifier: MIT
#include "testlib.h"
#include "certify/cpuid.h"
#include "certify/feature_table.h"

static void test_reg_names(void **state)
{
	(void)state;
	assert_string_equal(cpuid_reg_name(CPUID_REG_EAX), "eax");
	assert_string_equal(cpuid_reg_name(CPUID_REG_EDX), "edx");
	assert_null(cpuid_reg_name(CPUID_NR_REGS));
	assert_int_equal(cpuid_reg_parse("ecx", 3), CPUID_REG_ECX);
	assert_int_equal(cpuid_reg_parse("ebx", 3), CPUID_REG_EBX);
	assert_int_equal(cpuid_reg_parse("esi", 3), -1);
	assert_int_equal(cpuid_reg_parse("ea", 2), -1);
}

/* Intel SDM Vol. 2A, CPUID: 01H:ECX.XSAVE is bit 26; EAX[3:0] stepping. */
static void test_field_bits(void **state)
{
	struct cpuid_field xsave = CPUID_FIELD(1, 0, CPUID_REG_ECX, 26, 1);
	struct cpuid_field stepping = CPUID_FIELD(1, 0, CPUID_REG_EAX, 0, 4);
	struct cpuid_field whole = CPUID_REG_VALUE(1, 0, CPUID_REG_EAX);
	struct cpuid_field top = CPUID_FIELD(1, 0, CPUID_REG_EAX, 24, 8);

	(void)state;
	assert_int_equal(cpuid_field_mask(&xsave), 1u << 26);
	assert_int_equal(cpuid_field_mask(&whole), 0xffffffffu);
	assert_int_equal(cpuid_field_mask(&top), 0xff000000u);
	/* Genoa's signature 0x00A10F11 (shared corpus SOURCES.md) */
	assert_int_equal(cpuid_field_extract(&stepping, 0x00a10f11), 1);
	assert_int_equal(cpuid_field_extract(&top, 0xab000000u), 0xab);
	assert_int_equal(cpuid_field_insert(&xsave, 0, 1), 1u << 26);
	assert_int_equal(cpuid_field_insert(&stepping, 0x00a10f11, 0xf),
			 0x00a10f1f);
	/* Values wider than the field are cut to it. */
	assert_int_equal(cpuid_field_insert(&stepping, 0, 0x13), 0x3);
	assert_int_equal(cpuid_field_insert(&whole, 5, 0xdeadbeef),
			 0xdeadbeef);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reg_names),
		cmocka_unit_test(test_field_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
