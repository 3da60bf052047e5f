// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "certify/input.h"

static struct input make(const char *text, size_t len)
{
	struct input in;

	assert_int_equal(input_from_buffer(&in, "t", text, len), 0);
	return in;
}

static void test_lines(void **state)
{
	struct input in = make("one\r\ntwo\n\nlast", 14);
	struct line_iter it;
	const char *line;
	size_t len;
	struct diag d;

	(void)state;
	line_iter_init(&it, &in);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_int_equal(len, 3);
	assert_memory_equal(line, "one", 3);
	assert_int_equal(it.lineno, 1);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_memory_equal(line, "two", 3);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_int_equal(len, 0);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_int_equal(len, 4);
	assert_int_equal(it.lineno, 4);
	assert_int_equal(line_next(&it, &line, &len, &d), 0);
	input_release(&in);
}

static void test_binary_is_refused(void **state)
{
	struct input in = make("ok\nab\0cd\n", 9);
	struct line_iter it;
	const char *line;
	size_t len;
	struct diag d;

	(void)state;
	line_iter_init(&it, &in);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_int_equal(line_next(&it, &line, &len, &d), -1);
	assert_string_equal(d.msg, "t:2: binary data (byte 0x00 at column 3)");
	input_release(&in);

	/* A carriage return that does not end a line is binary too. */
	in = make("a\rb\n", 4);
	line_iter_init(&it, &in);
	assert_int_equal(line_next(&it, &line, &len, &d), -1);
	assert_string_equal(d.msg, "t:1: binary data (byte 0x0d at column 2)");
	input_release(&in);
}

static void test_long_line(void **state)
{
	size_t n = INPUT_MAX_LINE + 10;
	char *text = malloc(n);
	struct line_iter it;
	struct input in;
	const char *line;
	size_t len;
	struct diag d;

	(void)state;
	memset(text, 'x', n);
	in = make(text, n);
	line_iter_init(&it, &in);
	assert_int_equal(line_next(&it, &line, &len, &d), -1);
	assert_string_equal(d.msg, "t:1: line longer than 4096 bytes");
	input_release(&in);
	free(text);
}

static void test_bom(void **state)
{
	struct input in = make("\xef\xbb\xbf" "CPU 0:\n", 10);
	struct line_iter it;
	const char *line;
	size_t len;
	struct diag d;

	(void)state;
	assert_int_equal(input_text_start(&in), 3);
	line_iter_init(&it, &in);
	assert_int_equal(line_next(&it, &line, &len, &d), 1);
	assert_int_equal(len, 6);
	assert_memory_equal(line, "CPU 0:", 6);
	input_release(&in);
}

static void test_load(void **state)
{
	char path[] = "/tmp/certify-input-XXXXXX";
	struct input in;
	struct diag d;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0x1 0x0: x\n", 11), 11);
	close(fd);
	assert_int_equal(input_load(&in, path, &d), 0);
	assert_int_equal(in.len, 11);
	assert_string_equal(in.name, path);
	input_release(&in);
	unlink(path);

	assert_int_equal(input_load(&in, "/nonexistent/x.cfg", &d), -1);
	assert_string_equal(d.msg, "/nonexistent/x.cfg: cannot open: "
				   "No such file or directory");
	assert_int_equal(input_load(&in, "/", &d), -1);
	assert_string_equal(d.msg, "/: cannot read: Is a directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_binary_is_refused),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
