// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/scan.h"

static enum scan_num hex(const char *text, unsigned int bits, uint64_t *v,
			 size_t *left)
{
	struct scan s;
	enum scan_num r;

	scan_init(&s, text, strlen(text));
	r = scan_hex(&s, bits, v);
	*left = scan_left(&s);
	return r;
}

static void test_hex(void **state)
{
	uint64_t v = 0;
	size_t left;

	(void)state;
	assert_int_equal(hex("0x1F", 32, &v, &left), SCAN_NUM_OK);
	assert_int_equal(v, 0x1f);
	assert_int_equal(left, 0);
	assert_int_equal(hex("0Xffffffff rest", 32, &v, &left), SCAN_NUM_OK);
	assert_int_equal(v, 0xffffffffu);
	assert_int_equal(left, 5);
	/* Leading zeros do not make a value wide. */
	assert_int_equal(hex("0x000000001", 32, &v, &left), SCAN_NUM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(hex("0x100000000", 32, &v, &left), SCAN_NUM_TOO_WIDE);
	assert_int_equal(hex("0x10000000000000000", 64, &v, &left),
			 SCAN_NUM_TOO_WIDE);
	assert_int_equal(hex("0xffffffffffffffff", 64, &v, &left),
			 SCAN_NUM_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(hex("0x", 32, &v, &left), SCAN_NUM_NONE);
	assert_int_equal(left, 2);
	assert_int_equal(hex("12", 32, &v, &left), SCAN_NUM_NONE);
	assert_int_equal(hex("0xg", 32, &v, &left), SCAN_NUM_NONE);
}

static void test_fixed_digits(void **state)
{
	struct scan s;
	uint64_t v;

	(void)state;
	scan_init(&s, "0000000DAB", 10);
	assert_int_equal(scan_hex_digits(&s, 8, 32, &v), SCAN_NUM_OK);
	assert_int_equal(v, 0xd);
	assert_int_equal(scan_left(&s), 2);
	scan_init(&s, "123", 3);
	assert_int_equal(scan_hex_digits(&s, 8, 32, &v), SCAN_NUM_NONE);
	assert_int_equal(scan_left(&s), 3);
}

static void test_decimal_and_number(void **state)
{
	struct scan s;
	uint64_t v;

	(void)state;
	scan_init(&s, "18446744073709551615", 20);
	assert_int_equal(scan_dec(&s, 64, &v), SCAN_NUM_OK);
	assert_true(v == UINT64_MAX);
	scan_init(&s, "18446744073709551616", 20);
	assert_int_equal(scan_dec(&s, 64, &v), SCAN_NUM_TOO_WIDE);
	scan_init(&s, "256", 3);
	assert_int_equal(scan_dec(&s, 8, &v), SCAN_NUM_TOO_WIDE);
	scan_init(&s, "255", 3);
	assert_int_equal(scan_dec(&s, 8, &v), SCAN_NUM_OK);
	assert_int_equal(v, 255);
	scan_init(&s, "0x10", 4);
	assert_int_equal(scan_number(&s, 64, &v), SCAN_NUM_OK);
	assert_int_equal(v, 16);
	scan_init(&s, "10", 2);
	assert_int_equal(scan_number(&s, 64, &v), SCAN_NUM_OK);
	assert_int_equal(v, 10);
	scan_init(&s, "x", 1);
	assert_int_equal(scan_number(&s, 64, &v), SCAN_NUM_NONE);
}

static void test_literals_and_blanks(void **state)
{
	struct scan s;

	(void)state;
	scan_init(&s, " \teax=1", 7);
	assert_int_equal(scan_ws(&s), 2);
	assert_false(scan_lit(&s, "ebx="));
	assert_true(scan_lit(&s, "eax="));
	assert_int_equal(scan_peek(&s), '1');
	scan_init(&s, "CpU", 3);
	assert_true(scan_lit_nocase(&s, "cpu"));
	assert_true(scan_eof(&s));
	assert_int_equal(scan_peek(&s), '\0');
	scan_init(&s, "   # a comment", 14);
	assert_true(scan_rest_is_blank(&s));
	scan_init(&s, "  x # c", 7);
	assert_false(scan_rest_is_blank(&s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_fixed_digits),
		cmocka_unit_test(test_decimal_and_number),
		cmocka_unit_test(test_literals_and_blanks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
