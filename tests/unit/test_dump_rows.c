// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/dump.h"

static void add(struct dump_rows *rows, uint32_t leaf, uint32_t sub,
		bool any, unsigned int line)
{
	struct dump_row r = {
		.entry = { .leaf = leaf, .subleaf = sub },
		.any_subleaf = any,
		.line = line,
	};
	struct diag d;

	assert_int_equal(dump_rows_add(rows, &r, "r", &d), 0);
}

static int convert(struct dump_rows *rows, struct config *cfg,
		   struct diag *d)
{
	return dump_rows_to_set(rows, cfg, "r", 99, &cfg->cpuid, d);
}

/*
 * A dump prints "0x00" for every leaf: the sub-leaf counts when the leaf is
 * indexed (models/cpuid-leaves.txt), when it is not 0, or when the leaf has
 * other sub-leaves.
 */
static void test_inference(void **state)
{
	struct dump_rows rows = { 0 };
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	add(&rows, 1, 0, false, 1);		/* not indexed */
	add(&rows, 7, 0, false, 2);		/* indexed leaf */
	add(&rows, 0x22, 0, false, 3);		/* unknown leaf, two subs */
	add(&rows, 0x22, 1, false, 4);
	add(&rows, 0x25, 3, false, 5);		/* non-zero sub-leaf */
	add(&rows, 0x14, 0, true, 6);		/* '*' on an indexed leaf */
	assert_int_equal(convert(&rows, &cfg, &d), 0);
	assert_non_null(cpuid_set_find(&cfg.cpuid, 1, false, 0));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 7, true, 0));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x22, true, 0));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x22, true, 1));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x25, true, 3));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x14, false, 0));
	dump_rows_release(&rows);
	config_release(&cfg);
}

static void test_indexed_directive(void **state)
{
	struct dump_rows rows = { 0 };
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_add_directive(&cfg, "cpuid.indexed", 13,
					      "0x30", 4, "r", 1, &d), 0);
	add(&rows, 0x30, 0, false, 2);
	add(&rows, 0x31, 0, false, 3);
	assert_int_equal(convert(&rows, &cfg, &d), 0);
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x30, true, 0));
	assert_non_null(cpuid_set_find(&cfg.cpuid, 0x31, false, 0));
	dump_rows_release(&rows);
	config_release(&cfg);
}

static void test_duplicates(void **state)
{
	struct dump_rows rows = { 0 };
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	add(&rows, 0xb, 1, false, 10);
	add(&rows, 1, 0, false, 11);
	add(&rows, 0xb, 1, false, 12);
	add(&rows, 1, 0, false, 20);
	assert_int_equal(convert(&rows, &cfg, &d), -1);
	/* The earliest second occurrence is the one reported. */
	assert_string_equal(d.msg, "r:12: duplicate entry for leaf 0x0000000b "
				   "sub-leaf 0x1 (first at line 10)");
	dump_rows_release(&rows);
	config_release(&cfg);
}

static void test_star_conflict(void **state)
{
	struct dump_rows rows = { 0 };
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	add(&rows, 7, 1, false, 1);
	add(&rows, 7, 0, true, 2);
	assert_int_equal(convert(&rows, &cfg, &d), -1);
	assert_string_equal(d.msg, "r:2: leaf 0x00000007 has sub-leaf '*' and "
				   "sub-leaf 0x1 (line 1)");
	dump_rows_release(&rows);
	config_release(&cfg);
}

static void test_empty_and_limit(void **state)
{
	struct dump_rows rows = { 0 };
	struct dump_row r = { .line = 1 };
	struct config cfg;
	struct diag d;
	unsigned int i;

	(void)state;
	config_init(&cfg);
	assert_int_equal(convert(&rows, &cfg, &d), -1);
	assert_string_equal(d.msg, "r:99: no CPUID entries");
	for (i = 0; i < DUMP_MAX_ENTRIES; i++) {
		r.entry.leaf = i;
		assert_int_equal(dump_rows_add(&rows, &r, "r", &d), 0);
	}
	r.line = 5000;
	assert_int_equal(dump_rows_add(&rows, &r, "r", &d), -1);
	assert_string_equal(d.msg, "r:5000: more than 4096 CPUID entries");
	dump_rows_release(&rows);
	config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inference),
		cmocka_unit_test(test_indexed_directive),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_star_conflict),
		cmocka_unit_test(test_empty_and_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
