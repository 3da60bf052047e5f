// SPDX-License-Identifier: MIT
#include "testlib.h"
#include "certify/leaves.h"

/* Linux cpuid_function_is_indexed() and the SNP firmware table. */
static void test_indexed(void **state)
{
	(void)state;
	assert_true(cpuid_leaf_is_indexed(0x4));
	assert_true(cpuid_leaf_is_indexed(0x7));
	assert_true(cpuid_leaf_is_indexed(0xd));
	assert_true(cpuid_leaf_is_indexed(0x1f));
	assert_true(cpuid_leaf_is_indexed(0x8000001d));
	assert_true(cpuid_leaf_is_indexed(0x80000026));
	assert_false(cpuid_leaf_is_indexed(0x0));
	assert_false(cpuid_leaf_is_indexed(0x1));
	assert_false(cpuid_leaf_is_indexed(0x80000001));
	assert_false(cpuid_leaf_is_indexed(0x40000000));
	assert_false(cpuid_leaf_is_indexed(0x12345678));
}

static void test_titles(void **state)
{
	(void)state;
	assert_string_equal(cpuid_leaf_title(0x8000001f),
			    "AMD encrypted memory capabilities (SME/SEV)");
	assert_string_equal(cpuid_leaf_title(0),
			    "Maximum standard leaf + CPU vendor string");
	assert_null(cpuid_leaf_title(0x12345678));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indexed),
		cmocka_unit_test(test_titles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
