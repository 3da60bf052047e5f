// SPDX-License-Identifier: MIT
#include <errno.h>

#include "testlib.h"
#include "certify/cpuid_set.h"

static struct cpuid_entry entry(uint32_t leaf, bool indexed, uint32_t sub,
				uint32_t eax)
{
	struct cpuid_entry e = {
		.leaf = leaf,
		.indexed = indexed,
		.subleaf = sub,
		.regs = { eax, 0, 0, 0 },
	};

	return e;
}

static void test_sorted_insert(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	struct cpuid_entry e[] = {
		entry(0x80000000, false, 0, 1),
		entry(7, true, 1, 2),
		entry(0, false, 0, 3),
		entry(7, true, 0, 4),
		entry(0x40000000, false, 0, 5),
	};
	uint32_t order[] = { 3, 4, 2, 5, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(e); i++)
		assert_int_equal(cpuid_set_insert(&s, &e[i]), 0);
	assert_int_equal(s.n, 5);
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.entries[i].regs[0], order[i]);
	cpuid_set_release(&s);
}

/*
 * KVM and the CPU answer a non-indexed leaf for any ECX; an indexed entry
 * answers only its own sub-leaf.
 */
static void test_lookup_semantics(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	struct cpuid_entry one = entry(1, false, 0, 0x11);
	struct cpuid_entry seven = entry(7, true, 0, 0x70);
	uint32_t v;

	(void)state;
	assert_int_equal(cpuid_set_insert(&s, &one), 0);
	assert_int_equal(cpuid_set_insert(&s, &seven), 0);
	assert_int_equal(cpuid_set_lookup(&s, 1, 0)->regs[0], 0x11);
	assert_int_equal(cpuid_set_lookup(&s, 1, 5)->regs[0], 0x11);
	assert_int_equal(cpuid_set_lookup(&s, 7, 0)->regs[0], 0x70);
	assert_null(cpuid_set_lookup(&s, 7, 1));
	assert_null(cpuid_set_lookup(&s, 2, 0));
	/* find() wants the exact key, significance included. */
	assert_non_null(cpuid_set_find(&s, 1, false, 0));
	assert_null(cpuid_set_find(&s, 1, true, 0));
	assert_non_null(cpuid_set_find(&s, 7, true, 0));
	assert_null(cpuid_set_find(&s, 7, false, 0));
	assert_true(cpuid_set_get(&s, CPUID_FIELD(7, 0, CPUID_REG_EAX, 4, 4),
				  &v));
	assert_int_equal(v, 0x7);
	assert_false(cpuid_set_get(&s, CPUID_FIELD(7, 3, CPUID_REG_EAX, 0, 1),
				   &v));
	cpuid_set_release(&s);
}

static void test_conflicts(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	struct cpuid_entry any7 = entry(7, false, 0, 1);
	struct cpuid_entry sub7 = entry(7, true, 3, 2);
	struct cpuid_entry sub7b = entry(7, true, 3, 9);
	struct cpuid_entry d0 = entry(0xd, true, 0, 1);
	struct cpuid_entry d0x = entry(0xd, true, 0, 2);

	(void)state;
	/* Non-indexed: answers every sub-leaf, so it conflicts with any. */
	assert_int_equal(cpuid_set_insert(&s, &any7), 0);
	assert_int_equal(cpuid_set_insert(&s, &sub7), -EEXIST);
	assert_true(cpuid_entry_conflicts(&any7, &sub7));
	assert_false(cpuid_entry_conflicts(&sub7, &d0));
	/* put() replaces what answers the same query. */
	assert_int_equal(cpuid_set_put(&s, &sub7), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.entries[0].indexed);
	assert_int_equal(cpuid_set_insert(&s, &sub7b), -EEXIST);
	/* The same 0xD sub-leaf for two XCR0 values (an SNP page may). */
	d0x.xcr0_in = 0x7;
	assert_int_equal(cpuid_set_insert(&s, &d0x), 0);
	d0.xcr0_in = 0x1;
	assert_int_equal(cpuid_set_insert(&s, &d0), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.entries[1].xcr0_in, 0x1);
	assert_int_equal(s.entries[2].xcr0_in, 0x7);
	assert_true(cpuid_set_remove(&s, &d0));
	assert_false(cpuid_set_remove(&s, &d0));
	assert_int_equal(s.n, 2);
	cpuid_set_release(&s);
}

static void test_nonindexed_stored_as_zero(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	struct cpuid_entry e = entry(1, false, 9, 1);

	(void)state;
	assert_int_equal(cpuid_set_insert(&s, &e), 0);
	assert_int_equal(s.entries[0].subleaf, 0);
	cpuid_set_release(&s);
}

static void test_copy_equal_other(void **state)
{
	struct cpuid_set a = CPUID_SET_INIT, b = CPUID_SET_INIT;
	struct cpuid_entry b0 = entry(0xb, true, 0, 1);
	struct cpuid_entry b1 = entry(0xb, true, 1, 2);
	struct cpuid_entry one = entry(1, false, 0, 3);

	(void)state;
	assert_int_equal(cpuid_set_insert(&a, &b0), 0);
	assert_int_equal(cpuid_set_insert(&a, &one), 0);
	assert_false(cpuid_set_has_other_subleaf(&a, &b0));
	assert_int_equal(cpuid_set_insert(&a, &b1), 0);
	assert_true(cpuid_set_has_other_subleaf(&a, &b0));
	assert_false(cpuid_set_has_other_subleaf(&a, &one));
	assert_int_equal(cpuid_set_copy(&b, &a), 0);
	assert_true(cpuid_set_equal(&a, &b));
	b.entries[2].regs[3] ^= 1;
	assert_false(cpuid_set_equal(&a, &b));
	b.entries[2].regs[3] ^= 1;
	assert_true(cpuid_set_remove(&b, &b1));
	assert_false(cpuid_set_equal(&a, &b));
	b1.indexed = false;
	b1.subleaf = 0;
	assert_int_equal(cpuid_set_insert(&b, &b1), -EEXIST);
	cpuid_set_release(&a);
	cpuid_set_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_insert),
		cmocka_unit_test(test_lookup_semantics),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_nonindexed_stored_as_zero),
		cmocka_unit_test(test_copy_equal_other),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
