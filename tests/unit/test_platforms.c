// SPDX-License-Identifier: MIT
/*
 * certify/cli/platforms.c: the platforms the program knows (DESIGN.md
 * §1, §4: tdx, snp, kvm) and what each offers: every one a check, a
 * probe (§6), a rule-set reader and diff; a capture where a machine's
 * behaviour can be learned (kvm, snp: README "certify probe").
 */
#include <string.h>

#include "testlib.h"
#include "certify/cli/platforms.h"

static void test_table(void **state)
{
	static const char *const names[] = { "kvm", "snp", "tdx" };
	size_t i;

	(void)state;
	assert_int_equal(platforms_count, 3);
	for (i = 0; i < 3; i++) {
		const struct platform *p = platform_find(names[i]);

		assert_non_null(p);
		assert_string_equal(p->name, names[i]);
		assert_non_null(p->check);
		assert_non_null(p->probe);
		assert_non_null(p->rules_diff);
		assert_non_null(p->rules_validate);
	}
	assert_non_null(platform_find("kvm")->capture);
	assert_non_null(platform_find("snp")->capture);
	assert_null(platform_find("tdx")->capture);
	assert_null(platform_find("sev"));
	assert_null(platform_find(""));
}

/* Each platform's reader takes its embedded rule sets and no other's. */
static void test_validate(void **state)
{
	static const char *const sets[][2] = {
		{ "kvm", "kvm-6.18" },
		{ "snp", "snp-genoa-1.55.25" },
		{ "tdx", "tdx-2.0.18" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct ruleset rs;
		struct diag d;

		if (ruleset_load_embedded(sets[i][1], &rs, &d))
			fail_msg("%s", d.msg);
		for (j = 0; j < 3; j++) {
			int ret = platform_find(sets[j][0])->rules_validate(
				&rs, &d);

			assert_int_equal(ret, i == j ? 0 : -1);
		}
		ruleset_release(&rs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_validate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
