// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/strbuf.h"

static void test_append(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_puts(&sb, "leaf ");
	strbuf_printf(&sb, "0x%08x", 7u);
	strbuf_putc(&sb, '!');
	strbuf_add(&sb, "xyz", 2);
	assert_string_equal(strbuf_str(&sb), "leaf 0x00000007!xy");
	assert_int_equal(sb.len, strlen("leaf 0x00000007!xy"));
	assert_false(strbuf_failed(&sb));
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_release(&sb);
	assert_null(sb.buf);
}

static void test_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		strbuf_printf(&sb, "%04d", i % 10000);
	assert_int_equal(sb.len, 40000);
	assert_memory_equal(sb.buf + 39996, "9999", 4);
	strbuf_release(&sb);
}

static void test_pad(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_puts(&sb, "first line\nab");
	strbuf_pad_to(&sb, 5);
	strbuf_putc(&sb, '|');
	strbuf_pad_to(&sb, 2);	/* already past: nothing */
	assert_string_equal(strbuf_str(&sb), "first line\nab   |");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_pad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
