// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "reports/json_writer.h"

static void expect_escape(const char *in, const char *out)
{
	struct strbuf sb = STRBUF_INIT;

	json_escape(&sb, in);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb), out);
	strbuf_release(&sb);
}

static void test_escape(void **state)
{
	(void)state;
	expect_escape("", "\"\"");
	expect_escape("plain text 0-9", "\"plain text 0-9\"");
	expect_escape("say \"hi\"", "\"say \\\"hi\\\"\"");
	expect_escape("a\\b", "\"a\\\\b\"");
	expect_escape("\\\"", "\"\\\\\\\"\"");
	expect_escape("l1\nl2\tx", "\"l1\\nl2\\tx\"");
	/* Other control characters as \u00XX. */
	expect_escape("\x01", "\"\\u0001\"");
	expect_escape("a\x1f" "b", "\"a\\u001fb\"");
	expect_escape("\r", "\"\\u000d\"");
	expect_escape("\b\f", "\"\\u0008\\u000c\"");
	expect_escape("\x7f", "\"\\u007f\"");
	/* '/' and UTF-8 need no escape. */
	expect_escape("a/b", "\"a/b\"");
	expect_escape("caf\xc3\xa9", "\"caf\xc3\xa9\"");
}

static void test_scalars(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &sb);
	json_begin_object(&w, NULL);
	json_string(&w, "s", "v\"");
	json_uint(&w, "zero", 0);
	json_uint(&w, "max", UINT64_MAX);
	json_bool(&w, "t", true);
	json_bool(&w, "f", false);
	json_null(&w, "n");
	json_hex(&w, "leaf", 1, 8);
	json_hex(&w, "code", UINT64_C(0xc000010000000045), 1);
	json_hex(&w, "small", 0, 1);
	json_hex(&w, "wide", 0xabc, 2);
	json_string(&w, "k\"ey", "x");
	json_end_object(&w);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb),
			    "{\n"
			    "  \"s\": \"v\\\"\",\n"
			    "  \"zero\": 0,\n"
			    "  \"max\": 18446744073709551615,\n"
			    "  \"t\": true,\n"
			    "  \"f\": false,\n"
			    "  \"n\": null,\n"
			    "  \"leaf\": \"0x00000001\",\n"
			    "  \"code\": \"0xc000010000000045\",\n"
			    "  \"small\": \"0x0\",\n"
			    "  \"wide\": \"0xabc\",\n"
			    "  \"k\\\"ey\": \"x\"\n"
			    "}\n");
	strbuf_release(&sb);
}

static void test_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &sb);
	json_begin_object(&w, NULL);
	json_begin_object(&w, "a");
	json_begin_array(&w, "b");
	json_uint(&w, NULL, 1);
	json_bool(&w, NULL, true);
	json_begin_object(&w, NULL);
	json_null(&w, "c");
	json_end_object(&w);
	json_string(&w, NULL, "s");
	json_end_array(&w);
	json_begin_object(&w, "empty");
	json_end_object(&w);
	json_begin_array(&w, "none");
	json_end_array(&w);
	json_end_object(&w);
	json_uint(&w, "after", 2);
	json_end_object(&w);
	assert_string_equal(strbuf_str(&sb),
			    "{\n"
			    "  \"a\": {\n"
			    "    \"b\": [\n"
			    "      1,\n"
			    "      true,\n"
			    "      {\n"
			    "        \"c\": null\n"
			    "      },\n"
			    "      \"s\"\n"
			    "    ],\n"
			    "    \"empty\": {},\n"
			    "    \"none\": []\n"
			    "  },\n"
			    "  \"after\": 2\n"
			    "}\n");
	assert_int_equal(w.depth, 0);
	strbuf_release(&sb);
}

static void test_top_level_values(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &sb);
	json_begin_array(&w, NULL);
	json_end_array(&w);
	assert_string_equal(strbuf_str(&sb), "[]\n");
	strbuf_reset(&sb);
	json_init(&w, &sb);
	json_begin_array(&w, NULL);
	json_hex(&w, NULL, 0x1f, 4);
	json_end_array(&w);
	assert_string_equal(strbuf_str(&sb), "[\n  \"0x001f\"\n]\n");
	strbuf_release(&sb);
}

/*
 * Compact mode: members of the top two levels one per line; an object or
 * array below them (an object of an array) on one line, members separated
 * by ", " and the closing bracket after a space.
 */
static void test_compact(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &sb);
	w.compact = true;
	json_begin_object(&w, NULL);
	json_string(&w, "format", "f/1");
	json_begin_object(&w, "status");
	json_hex(&w, "code", 0, 1);
	json_null(&w, "leaf");
	json_end_object(&w);
	json_begin_array(&w, "findings");
	json_begin_object(&w, NULL);
	json_hex(&w, "leaf", 1, 8);
	json_null(&w, "subleaf");
	json_uint(&w, "bit", 21);
	json_end_object(&w);
	json_begin_object(&w, NULL);
	json_string(&w, "reg", "ecx");
	json_begin_object(&w, "host_dependent");
	json_hex(&w, "eax", 0, 8);
	json_hex(&w, "ebx", 0xff, 8);
	json_end_object(&w);
	json_bool(&w, "last", false);
	json_end_object(&w);
	json_begin_object(&w, NULL);
	json_end_object(&w);
	json_end_array(&w);
	json_begin_array(&w, "warnings");
	json_string(&w, NULL, "w1");
	json_string(&w, NULL, "w2");
	json_end_array(&w);
	json_begin_array(&w, "empty");
	json_end_array(&w);
	json_end_object(&w);
	assert_string_equal(strbuf_str(&sb),
		"{\n"
		"  \"format\": \"f/1\",\n"
		"  \"status\": {\n"
		"    \"code\": \"0x0\",\n"
		"    \"leaf\": null\n"
		"  },\n"
		"  \"findings\": [\n"
		"    { \"leaf\": \"0x00000001\", \"subleaf\": null, "
		"\"bit\": 21 },\n"
		"    { \"reg\": \"ecx\", \"host_dependent\": "
		"{ \"eax\": \"0x00000000\", \"ebx\": \"0x000000ff\" "
		"}, \"last\": false },\n"
		"    {}\n"
		"  ],\n"
		"  \"warnings\": [\n"
		"    \"w1\",\n"
		"    \"w2\"\n"
		"  ],\n"
		"  \"empty\": []\n"
		"}\n");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_top_level_values),
		cmocka_unit_test(test_compact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
