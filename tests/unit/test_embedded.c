// SPDX-License-Identifier: MIT
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "certify/embedded.h"
#include "certify/input.h"

/* A whole file, relative to the repository root; fails the test if absent. */
static void expect_file(const struct embedded_file *e, const char *path)
{
	size_t len;
	char *file = test_slurp(path, &len);

	assert_int_equal(e->len, len);
	assert_memory_equal(e->data, file, len);
	free(file);
}

static void test_lookup(void **state)
{
	const struct embedded_file *e;

	(void)state;
	e = embedded_input("tdx-example");
	assert_non_null(e);
	assert_string_equal(e->name, "tdx-example");
	expect_file(e, "models/examples/tdx-example.cfg");
	e = embedded_input("intel-xeon-6788p");
	assert_non_null(e);
	assert_string_equal(e->name, "intel-xeon-6788p");
	expect_file(e, "models/hosts/intel-xeon-6788p.cfg");
	/* Exact names without their extension only. */
	assert_null(embedded_input("nope"));
	assert_null(embedded_input(""));
	assert_null(embedded_input("tdx-example.cfg"));
	assert_null(embedded_input("tdx-exampl"));
	assert_null(embedded_input("TDX-EXAMPLE"));
	assert_null(embedded_input("examples/tdx-example"));
	/* Rule sets are not inputs. */
	assert_null(embedded_input("tdx-1.5.06"));
}

/* Tables sorted by name (scripts/embed.sh), one entry per file. */
static void check_table(const struct embedded_file *t, size_t n,
			const char *pattern1, const char *pattern2)
{
	glob_t g;
	size_t i, j;

	for (i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	assert_int_equal(glob(pattern1, 0, NULL, &g), 0);
	if (pattern2)
		assert_int_equal(glob(pattern2, GLOB_APPEND, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, n);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		/* The name is the file name without its extension. */
		size_t len = (size_t)(strrchr(base, '.') - base);
		bool found = false;

		for (j = 0; j < n && !found; j++) {
			if (strlen(t[j].name) != len ||
			    strncmp(t[j].name, base, len))
				continue;
			expect_file(&t[j], g.gl_pathv[i]);
			found = true;
		}
		if (!found) {
			globfree(&g);
			fail_msg("%s is not embedded", base);
		}
	}
	globfree(&g);
}

static void test_tables(void **state)
{
	(void)state;
	check_table(embedded_inputs, embedded_inputs_count,
		    "models/examples/*.cfg", "models/hosts/*.cfg");
	check_table(embedded_rulesets, embedded_rulesets_count,
		    "models/*/*.rules", NULL);
}

static void test_input_load_embedded(void **state)
{
	struct input in;
	struct diag d;
	size_t len;
	char *file;

	(void)state;
	diag_clear(&d);
	if (input_load(&in, "embedded:tdx-example", &d))
		fail_msg("%s", d.msg);
	assert_string_equal(in.name, "embedded:tdx-example");
	file = test_slurp("models/examples/tdx-example.cfg", &len);
	assert_int_equal(in.len, len);
	assert_memory_equal(in.data, file, len);
	assert_int_equal(in.data[in.len], '\0');
	free(file);
	input_release(&in);

	assert_int_equal(input_load(&in, "embedded:intel-xeon-6788p", &d), 0);
	assert_string_equal(in.name, "embedded:intel-xeon-6788p");
	input_release(&in);
}

static void test_input_load_errors(void **state)
{
	struct input in;
	struct diag d;

	(void)state;
	assert_int_equal(input_load(&in, "embedded:nope", &d), -1);
	assert_string_equal(d.msg, "embedded:nope: no such embedded input");
	assert_int_equal(input_load(&in, "embedded:", &d), -1);
	assert_string_equal(d.msg, "embedded:: no such embedded input");
	/* Only examples and hosts: a rule set is loaded by ruleset_load(). */
	assert_int_equal(input_load(&in, "embedded:tdx-1.5.06", &d), -1);
	assert_string_equal(d.msg,
			    "embedded:tdx-1.5.06: no such embedded input");
}

/* The embedded example reads as the config it is. */
static void test_example_reads(void **state)
{
	struct config cfg;

	(void)state;
	test_read_file("embedded:tdx-example", DUMP_AUTO, -1, &cfg);
	/* models/examples/tdx-example.cfg: CPUID.1 and 0x80000008. */
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EAX), 0);
	assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EBX), 0x00ff0000);
	assert_int_equal(test_reg(&cfg, 7, 1, CPUID_REG_EAX), 0x00201d30);
	assert_int_equal(test_reg(&cfg, 0x80000008, 0, CPUID_REG_EAX),
			 0x00340000);
	assert_non_null(config_directive(&cfg, "tdx.xfam"));
	config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_input_load_embedded),
		cmocka_unit_test(test_input_load_errors),
		cmocka_unit_test(test_example_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
