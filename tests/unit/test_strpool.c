// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "certify/strpool.h"

/* Equal strings share one copy; the copy is the pool's, not the caller's. */
static void test_intern_shares(void **state)
{
	struct strpool p = STRPOOL_INIT;
	char buf[] = "tdx-module";
	const char *a, *b, *c;

	(void)state;
	a = strpool_intern(&p, buf);
	assert_string_equal(a, "tdx-module");
	assert_ptr_not_equal(a, buf);
	assert_int_equal(p.count, 1);
	b = strpool_intern(&p, "tdx-module");
	assert_ptr_equal(a, b);
	assert_int_equal(p.count, 1);
	c = strpool_intern(&p, "kvm");
	assert_ptr_not_equal(a, c);
	assert_string_equal(c, "kvm");
	assert_int_equal(p.count, 2);
	/* Changing the caller's buffer leaves the pool's copy alone. */
	buf[0] = 'X';
	assert_string_equal(a, "tdx-module");
	assert_ptr_not_equal(strpool_intern(&p, buf), a);
	assert_int_equal(p.count, 3);
	assert_int_equal(p.failed, 0);
	strpool_release(&p);
}

static void test_intern_empty_and_prefixes(void **state)
{
	struct strpool p = STRPOOL_INIT;
	const char *e, *a, *ab;

	(void)state;
	e = strpool_intern(&p, "");
	assert_string_equal(e, "");
	assert_ptr_equal(strpool_intern(&p, ""), e);
	/* A prefix is another string. */
	a = strpool_intern(&p, "a");
	ab = strpool_intern(&p, "ab");
	assert_ptr_not_equal(a, ab);
	assert_string_equal(a, "a");
	assert_string_equal(ab, "ab");
	assert_ptr_equal(strpool_intern(&p, "a"), a);
	assert_ptr_equal(strpool_intern(&p, "ab"), ab);
	assert_int_equal(p.count, 3);
	strpool_release(&p);
}

static void test_printf(void **state)
{
	struct strpool p = STRPOOL_INIT;
	const char *s;

	(void)state;
	s = strpool_printf(&p, "leaf 0x%08x %s[%u]", 7u, "ebx", 16u);
	assert_string_equal(s, "leaf 0x00000007 ebx[16]");
	/* printf interns: the same text is the same copy. */
	assert_ptr_equal(strpool_intern(&p, "leaf 0x00000007 ebx[16]"), s);
	assert_ptr_equal(strpool_printf(&p, "leaf 0x%08x ebx[%d]", 7u, 16), s);
	assert_int_equal(p.count, 1);
	strpool_release(&p);
}

static void test_many(void **state)
{
	struct strpool p = STRPOOL_INIT;
	const char *s[500];
	char buf[32];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(s); i++)
		s[i] = strpool_printf(&p, "rule-%u", i);
	assert_int_equal(p.count, ARRAY_SIZE(s));
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		snprintf(buf, sizeof(buf), "rule-%u", i);
		assert_string_equal(s[i], buf);
		assert_ptr_equal(strpool_intern(&p, buf), s[i]);
	}
	assert_int_equal(p.count, ARRAY_SIZE(s));
	assert_int_equal(p.failed, 0);
	strpool_release(&p);
}

static void test_release_and_reuse(void **state)
{
	struct strpool p = STRPOOL_INIT;

	(void)state;
	/* Releasing an empty pool is fine. */
	strpool_release(&p);
	assert_null(p.chunks);
	strpool_intern(&p, "one");
	strpool_intern(&p, "two");
	strpool_release(&p);
	assert_null(p.chunks);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.failed, 0);
	/* The pool is usable again. */
	assert_string_equal(strpool_intern(&p, "three"), "three");
	assert_int_equal(p.count, 1);
	strpool_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern_shares),
		cmocka_unit_test(test_intern_empty_and_prefixes),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_release_and_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
