// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/diag.h"

static void test_format(void **state)
{
	struct diag d;

	(void)state;
	diag_clear(&d);
	assert_false(diag_is_set(&d));
	diag_set(&d, "a.cfg", 12, "bad %s", "hex");
	assert_true(diag_is_set(&d));
	assert_string_equal(d.msg, "a.cfg:12: bad hex");
	diag_set(&d, "a.cfg", 0, "cannot open: %s", "No such file");
	assert_string_equal(d.msg, "a.cfg: cannot open: No such file");
	/* A NULL diag is allowed: callers that only want the status. */
	diag_set(NULL, "x", 1, "ignored");
}

static void test_truncation(void **state)
{
	char name[2000];
	struct diag d;

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	diag_set(&d, name, 1, "what");
	assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
