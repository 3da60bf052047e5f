// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/config.h"

static int add(struct config *cfg, const char *key, const char *value,
	       unsigned int line, struct diag *d)
{
	return config_add_directive(cfg, key, strlen(key), value,
				    strlen(value), "c.cfg", line, d);
}

static void test_known_directive(void **state)
{
	struct config cfg;
	struct diag d;
	const struct directive *dir;

	(void)state;
	config_init(&cfg);
	assert_int_equal(add(&cfg, "cpuid.indexed", "0x21, 0x80000027", 3, &d),
			 0);
	dir = config_directive(&cfg, "cpuid.indexed");
	assert_non_null(dir);
	assert_string_equal(dir->value, "0x21, 0x80000027");
	assert_int_equal(dir->line, 3);
	assert_null(config_directive(&cfg, "tdx.xfam"));
	config_release(&cfg);
	assert_int_equal(cfg.ndirectives, 0);
}

static void test_bad_directives(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	assert_int_equal(add(&cfg, "cpuid.indexd", "0x21", 4, &d), -1);
	assert_string_equal(d.msg, "c.cfg:4: unknown directive 'cpuid.indexd'");
	assert_int_equal(add(&cfg, "cpuid.indexed", "0x21,", 5, &d), -1);
	assert_string_equal(d.msg, "c.cfg:5: bad value '0x21,' for "
				   "cpuid.indexed: expected a comma-separated "
				   "list of 0x hex leaves");
	assert_int_equal(add(&cfg, "cpuid.indexed", "0x100000000", 6, &d), -1);
	assert_int_equal(add(&cfg, "cpuid.indexed", "0x21", 7, &d), 0);
	assert_int_equal(add(&cfg, "cpuid.indexed", "0x22", 9, &d), -1);
	assert_string_equal(d.msg, "c.cfg:9: directive 'cpuid.indexed' set "
				   "twice (first at line 7)");
	assert_int_equal(cfg.ndirectives, 1);
	config_release(&cfg);
}

static bool collect(uint32_t leaf, void *arg)
{
	uint32_t *sum = arg;

	*sum += leaf;
	return true;
}

static void test_value_parsers(void **state)
{
	uint32_t sum = 0;
	uint64_t v;

	(void)state;
	assert_true(directive_parse_u64("0x10", 4, &v));
	assert_int_equal(v, 16);
	assert_true(directive_parse_u64("25", 2, &v));
	assert_int_equal(v, 25);
	assert_false(directive_parse_u64("25 MHz", 6, &v));
	assert_false(directive_parse_u64("", 0, &v));
	assert_true(directive_parse_leaf_list("0x1 ,0x2,  0x3", 14, collect,
					      &sum));
	assert_int_equal(sum, 6);
	assert_false(directive_parse_leaf_list("1, 2", 4, NULL, NULL));
	assert_false(directive_parse_leaf_list("", 0, NULL, NULL));
}

static void test_spec_table(void **state)
{
	size_t i;

	(void)state;
	/* Sorted by key, so that config output is in a stable order. */
	for (i = 1; i < config_directive_specs_count; i++)
		assert_true(strcmp(config_directive_specs[i - 1].key,
				   config_directive_specs[i].key) < 0);
	assert_non_null(config_directive_spec("cpuid.indexed", 13));
	assert_null(config_directive_spec("cpuid.indexed", 12));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_directive),
		cmocka_unit_test(test_bad_directives),
		cmocka_unit_test(test_value_parsers),
		cmocka_unit_test(test_spec_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
