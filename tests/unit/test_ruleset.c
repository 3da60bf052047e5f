// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "certify/cpuid.h"
#include "certify/ruleset.h"

/* The four header records, lines 1 to 4 of every text below. */
#define HDR "ruleset tdx-test\nplatform tdx\nversion 1.2.3\n" \
	    "source repo@abc path/x.c\n"

static int parse_n(const char *text, size_t len, struct ruleset *rs,
		   struct diag *d)
{
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, "t.rules", text, len), 0);
	diag_clear(d);
	ret = ruleset_parse(&in, "t.rules", rs, d);
	input_release(&in);
	return ret;
}

static int parse(const char *text, struct ruleset *rs, struct diag *d)
{
	return parse_n(text, strlen(text), rs, d);
}

static void parse_ok(const char *text, struct ruleset *rs)
{
	struct diag d;

	if (parse(text, rs, &d))
		fail_msg("%s", d.msg);
}

/* Asserts that @text is refused with exactly @msg and leaves nothing. */
static void expect_error_n(const char *text, size_t len, const char *msg)
{
	struct ruleset rs;
	struct diag d;

	if (parse_n(text, len, &rs, &d) == 0) {
		ruleset_release(&rs);
		fail_msg("accepted bad rules, expected \"%s\"", msg);
	}
	assert_string_equal(d.msg, msg);
	assert_null(rs.name);
	assert_null(rs.platform);
	assert_null(rs.version);
	assert_null(rs.source);
	assert_null(rs.origin);
	assert_null(rs.bytes);
	assert_null(rs.lines);
	assert_int_equal(rs.nlines, 0);
}

static void expect_error(const char *text, const char *msg)
{
	expect_error_n(text, strlen(text), msg);
}

/* A whole file, relative to the repository root; fails the test if absent. */
/*
 * The line of the file that starts with @prefix: its number in @lineno and
 * the text after the prefix (allocated).
 */
static char *header_line(const char *buf, size_t len, const char *prefix,
			 unsigned int *lineno)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t n = strlen(prefix);
	unsigned int i = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		i++;
		if ((size_t)(nl - p) > n && !memcmp(p, prefix, n)) {
			*lineno = i;
			return strndup(p + n, (size_t)(nl - p - n));
		}
		p = nl + 1;
	}
	fail_msg("no '%s' line", prefix);
	return NULL;
}

static void test_parse_records(void **state)
{
	static const char text[] =
		HDR
		"# a comment line\n"
		"\n"
		"entry 0x00000001 - lookup=0 config=0\n"
		"  \tconst   attributes_fixed0\t0x5\n"
		"special 0x7 eax 3 some free  text\n"
		"   # indented comment\n"
		"flag\tx # comment right after a token\n";
	struct ruleset rs;
	const struct rule_line *l;

	(void)state;
	parse_ok(text, &rs);
	assert_string_equal(rs.name, "tdx-test");
	assert_string_equal(rs.platform, "tdx");
	assert_string_equal(rs.version, "1.2.3");
	assert_string_equal(rs.source, "repo@abc path/x.c");
	assert_string_equal(rs.origin, "t.rules");
	/* The exact bytes are kept. */
	assert_int_equal(rs.len, strlen(text));
	assert_memory_equal(rs.bytes, text, rs.len);
	/* Header records are not records; comments and blanks are none. */
	assert_int_equal(rs.nlines, 4);

	l = &rs.lines[0];
	assert_int_equal(l->lineno, 7);
	assert_int_equal(l->ntok, 5);
	assert_string_equal(l->tok[0], "entry");
	assert_string_equal(l->tok[1], "0x00000001");
	assert_string_equal(l->tok[2], "-");
	assert_string_equal(l->tok[3], "lookup=0");
	assert_string_equal(l->tok[4], "config=0");
	assert_string_equal(l->rest[0], "entry 0x00000001 - lookup=0 config=0");
	assert_string_equal(l->rest[3], "lookup=0 config=0");
	assert_string_equal(l->rest[4], "config=0");

	/* Leading blanks, tabs and runs of blanks separate tokens. */
	l = &rs.lines[1];
	assert_int_equal(l->lineno, 8);
	assert_int_equal(l->ntok, 3);
	assert_string_equal(l->tok[0], "const");
	assert_string_equal(l->tok[1], "attributes_fixed0");
	assert_string_equal(l->tok[2], "0x5");
	assert_string_equal(l->rest[1], "attributes_fixed0\t0x5");

	/* rest[] keeps the blanks inside the text. */
	l = &rs.lines[2];
	assert_int_equal(l->lineno, 9);
	assert_int_equal(l->ntok, 7);
	assert_string_equal(l->tok[4], "some");
	assert_string_equal(l->tok[5], "free");
	assert_string_equal(l->tok[6], "text");
	assert_string_equal(l->rest[4], "some free  text");
	assert_string_equal(l->rest[6], "text");

	/* A comment may follow a token directly. */
	l = &rs.lines[3];
	assert_int_equal(l->lineno, 11);
	assert_int_equal(l->ntok, 2);
	assert_string_equal(l->tok[0], "flag");
	assert_string_equal(l->tok[1], "x");
	ruleset_release(&rs);
	assert_null(rs.lines);
	assert_int_equal(rs.nlines, 0);
}

/* Headers may come in any order and anywhere; CR LF and a BOM are fine. */
static void test_header_anywhere_crlf_bom(void **state)
{
	static const char text[] =
		"\xef\xbb\xbf# certify rule set\r\n"
		"entry 0x1 -\r\n"
		"version 2.0.18\r\n"
		"source   a  b\tc\r\n"
		"platform snp\r\n"
		"ruleset x_y-1.0\r\n";
	struct ruleset rs;

	(void)state;
	parse_ok(text, &rs);
	assert_string_equal(rs.name, "x_y-1.0");
	assert_string_equal(rs.platform, "snp");
	assert_string_equal(rs.version, "2.0.18");
	/* source is the rest of the line, its inner blanks kept. */
	assert_string_equal(rs.source, "a  b\tc");
	assert_int_equal(rs.nlines, 1);
	assert_int_equal(rs.lines[0].lineno, 2);
	assert_int_equal(rs.lines[0].ntok, 3);
	assert_string_equal(rs.lines[0].tok[2], "-");
	assert_int_equal(rs.len, sizeof(text) - 1);
	assert_memory_equal(rs.bytes, text, rs.len);
	ruleset_release(&rs);
}

static void test_no_trailing_newline(void **state)
{
	struct ruleset rs;

	(void)state;
	parse_ok(HDR "entry 0x1 -", &rs);
	assert_int_equal(rs.nlines, 1);
	assert_int_equal(rs.lines[0].lineno, 5);
	assert_string_equal(rs.lines[0].tok[2], "-");
	ruleset_release(&rs);
}

static void test_header_errors(void **state)
{
	(void)state;
	expect_error("", "t.rules:1: empty file");
	expect_error("# only a comment\n",
		     "t.rules:1: missing header: a rule set needs 'ruleset', "
		     "'platform', 'version' and 'source' lines");
	expect_error("ruleset a\nplatform tdx\nversion 1\n",
		     "t.rules:3: missing header: a rule set needs 'ruleset', "
		     "'platform', 'version' and 'source' lines");
	expect_error("platform tdx\nversion 1\nsource s\n\nx 1\n",
		     "t.rules:5: missing header: a rule set needs 'ruleset', "
		     "'platform', 'version' and 'source' lines");
	expect_error("ruleset a\nsource s\nversion 1\n",
		     "t.rules:3: missing header: a rule set needs 'ruleset', "
		     "'platform', 'version' and 'source' lines");
	expect_error("ruleset a\nsource s\nplatform tdx\n",
		     "t.rules:3: missing header: a rule set needs 'ruleset', "
		     "'platform', 'version' and 'source' lines");
	/* Each header once. */
	expect_error(HDR "ruleset tdx-test\n",
		     "t.rules:5: 'ruleset' given twice");
	expect_error(HDR "platform snp\n",
		     "t.rules:5: 'platform' given twice");
	expect_error(HDR "entry 0x1 -\nversion 1.2.3\n",
		     "t.rules:6: 'version' given twice");
	expect_error(HDR "source other place\n",
		     "t.rules:5: 'source' given twice");
	/* Names: one token of a-z, 0-9, '-', '.', '_'. */
	expect_error("ruleset Tdx\n",
		     "t.rules:1: 'ruleset' takes one name of a-z, 0-9, '-', "
		     "'.', '_'");
	expect_error("ruleset a\nplatform tdx snp\n",
		     "t.rules:2: 'platform' takes one name of a-z, 0-9, '-', "
		     "'.', '_'");
	expect_error("version 1.0/2\n",
		     "t.rules:1: 'version' takes one name of a-z, 0-9, '-', "
		     "'.', '_'");
	/* A keyword alone. */
	expect_error("ruleset\n", "t.rules:1: 'ruleset' needs a value");
	expect_error("ruleset # a comment is no value\n",
		     "t.rules:1: 'ruleset' needs a value");
	expect_error("ruleset a\nsource\n",
		     "t.rules:2: 'source' needs a value");
	expect_error(HDR "\n  entry   \n", "t.rules:6: 'entry' needs a value");
}

/* What the line iterator refuses, with the rule set's name and line. */
static void test_input_errors(void **state)
{
	char *text;
	size_t len;

	(void)state;
	expect_error("ruleset a\x01\n",
		     "t.rules:1: binary data (byte 0x01 at column 10)");
	expect_error_n(HDR "x \0\n", sizeof(HDR) - 1 + 4,
		       "t.rules:5: binary data (byte 0x00 at column 3)");
	len = strlen(HDR) + 5000;
	text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, HDR, strlen(HDR));
	memset(text + strlen(HDR), 'a', 5000);
	text[len] = '\0';
	expect_error(text, "t.rules:5: line longer than 4096 bytes");
	free(text);
}

/* A line of @ntok tokens "k v v v ..." after the header. */
static char *tokens_text(unsigned int ntok)
{
	size_t len = strlen(HDR) + 2 * ntok + 1, pos;
	char *text = malloc(len);
	unsigned int i;

	assert_non_null(text);
	pos = (size_t)sprintf(text, "%s", HDR);
	for (i = 0; i < ntok; i++)
		pos += (size_t)sprintf(text + pos, "%c%c", i ? 'v' : 'k',
				       i + 1 < ntok ? ' ' : '\n');
	return text;
}

static void test_token_limit(void **state)
{
	struct ruleset rs;
	struct diag d;
	char *text;
	int ret;

	(void)state;
	text = tokens_text(RULE_MAX_TOKENS);
	parse_ok(text, &rs);
	assert_int_equal(rs.nlines, 1);
	assert_int_equal(rs.lines[0].ntok, RULE_MAX_TOKENS);
	assert_string_equal(rs.lines[0].tok[RULE_MAX_TOKENS - 1], "v");
	ruleset_release(&rs);
	free(text);

	/*
	 * One token too many is an input error, not a lack of memory: the
	 * "more than %u tokens" message of parse_line().
	 */
	text = tokens_text(RULE_MAX_TOKENS + 1);
	ret = parse(text, &rs, &d);
	free(text);
	if (ret == 0) {
		ruleset_release(&rs);
		fail_msg("accepted %u tokens", RULE_MAX_TOKENS + 1);
	}
	assert_string_equal(d.msg, "t.rules:5: more than 1024 tokens");
}

/* HDR and @n records "x 1". */
static char *records_text(size_t n, size_t *len)
{
	size_t hdr = strlen(HDR), i;
	char *text;

	*len = hdr + 4 * n;
	text = malloc(*len + 1);
	assert_non_null(text);
	memcpy(text, HDR, hdr);
	for (i = 0; i < n; i++)
		memcpy(text + hdr + 4 * i, "x 1\n", 4);
	text[*len] = '\0';
	return text;
}

/* At most 100000 records (RULE_MAX_LINES in ruleset.c). */
static void test_record_limit(void **state)
{
	struct ruleset rs;
	struct diag d;
	size_t len;
	char *text;
	int ret;

	(void)state;
	text = records_text(100000, &len);
	assert_int_equal(parse_n(text, len, &rs, &d), 0);
	assert_int_equal(rs.nlines, 100000);
	assert_int_equal(rs.lines[99999].lineno, 100004);
	ruleset_release(&rs);
	free(text);

	text = records_text(100001, &len);
	ret = parse_n(text, len, &rs, &d);
	free(text);
	if (ret == 0) {
		ruleset_release(&rs);
		fail_msg("accepted 100001 records");
	}
	assert_string_equal(d.msg, "t.rules:100005: more than 100000 records");
}

static void test_expect_tokens(void **state)
{
	struct ruleset rs;
	const struct rule_line *l;
	struct diag d;

	(void)state;
	parse_ok(HDR "entry 0x1 - lookup=0\n", &rs);
	l = &rs.lines[0];
	assert_int_equal(rule_expect_tokens(&rs, l, 4, 4, &d), 0);
	assert_int_equal(rule_expect_tokens(&rs, l, 2, 6, &d), 0);
	assert_int_equal(rule_expect_tokens(&rs, l, 3, 3, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'entry' takes 2 values, not 3");
	assert_int_equal(rule_expect_tokens(&rs, l, 5, 5, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'entry' takes 4 values, not 3");
	assert_int_equal(rule_expect_tokens(&rs, l, 2, 3, &d), -1);
	assert_string_equal(d.msg,
			    "t.rules:5: 'entry' takes 1 to 2 values, not 3");
	assert_int_equal(rule_expect_tokens(&rs, l, 5, 7, &d), -1);
	assert_string_equal(d.msg,
			    "t.rules:5: 'entry' takes 4 to 6 values, not 3");
	ruleset_release(&rs);
}

static void test_rule_hex(void **state)
{
	struct ruleset rs;
	const struct rule_line *l;
	struct diag d;
	uint64_t v;

	(void)state;
	parse_ok(HDR "\nhex 0x1f 0XAb 12 0x 0x1g 0x100000000 "
		 "0xffffffffffffffff 0x10000000000000000 -\n", &rs);
	l = &rs.lines[0];
	assert_int_equal(rule_hex(&rs, l, 1, 32, &v, &d), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(rule_hex(&rs, l, 2, 32, &v, &d), 0);
	assert_int_equal(v, 0xab);
	assert_int_equal(rule_hex(&rs, l, 3, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: '12' is not a 0x hex number");
	assert_int_equal(rule_hex(&rs, l, 4, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: '0x' is not a 0x hex number");
	assert_int_equal(rule_hex(&rs, l, 5, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: '0x1g' is not a 0x hex number");
	assert_int_equal(rule_hex(&rs, l, 6, 32, &v, &d), -1);
	assert_string_equal(d.msg,
			    "t.rules:6: '0x100000000' wider than 32 bits");
	assert_int_equal(rule_hex(&rs, l, 6, 64, &v, &d), 0);
	assert_int_equal(v, UINT64_C(0x100000000));
	assert_int_equal(rule_hex(&rs, l, 7, 64, &v, &d), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(rule_hex(&rs, l, 8, 64, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: '0x10000000000000000' wider "
				   "than 64 bits");
	assert_int_equal(rule_hex(&rs, l, 9, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: '-' is not a 0x hex number");
	assert_int_equal(rule_hex(&rs, l, 10, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:6: value 10 missing");
	ruleset_release(&rs);
}

static void test_rule_number(void **state)
{
	struct ruleset rs;
	const struct rule_line *l;
	struct diag d;
	uint64_t v;

	(void)state;
	parse_ok(HDR "num 12 0x10 abc 256 -1 12x 255\n", &rs);
	l = &rs.lines[0];
	assert_int_equal(rule_number(&rs, l, 1, 32, &v, &d), 0);
	assert_int_equal(v, 12);
	assert_int_equal(rule_number(&rs, l, 2, 32, &v, &d), 0);
	assert_int_equal(v, 16);
	assert_int_equal(rule_number(&rs, l, 3, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'abc' is not a number");
	assert_int_equal(rule_number(&rs, l, 4, 8, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: '256' wider than 8 bits");
	assert_int_equal(rule_number(&rs, l, 4, 16, &v, &d), 0);
	assert_int_equal(v, 256);
	assert_int_equal(rule_number(&rs, l, 5, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: '-1' is not a number");
	assert_int_equal(rule_number(&rs, l, 6, 32, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: '12x' is not a number");
	assert_int_equal(rule_number(&rs, l, 7, 8, &v, &d), 0);
	assert_int_equal(v, 255);
	assert_int_equal(rule_number(&rs, l, 8, 8, &v, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: value 8 missing");
	ruleset_release(&rs);
}

static void test_rule_subleaf(void **state)
{
	struct ruleset rs;
	const struct rule_line *l;
	struct diag d;
	uint32_t sub = 99;
	bool has = true;

	(void)state;
	parse_ok(HDR "sub - 0x3 3 0x100000000 0xffffffff\n", &rs);
	l = &rs.lines[0];
	assert_int_equal(rule_subleaf(&rs, l, 1, &has, &sub, &d), 0);
	assert_false(has);
	assert_int_equal(sub, 0);
	assert_int_equal(rule_subleaf(&rs, l, 2, &has, &sub, &d), 0);
	assert_true(has);
	assert_int_equal(sub, 3);
	assert_int_equal(rule_subleaf(&rs, l, 3, &has, &sub, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: '3' is not a 0x hex number");
	assert_int_equal(rule_subleaf(&rs, l, 4, &has, &sub, &d), -1);
	assert_string_equal(d.msg,
			    "t.rules:5: '0x100000000' wider than 32 bits");
	assert_int_equal(rule_subleaf(&rs, l, 5, &has, &sub, &d), 0);
	assert_true(has);
	assert_int_equal(sub, 0xffffffff);
	assert_int_equal(rule_subleaf(&rs, l, 6, &has, &sub, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: value 6 missing");
	ruleset_release(&rs);
}

static void test_rule_reg(void **state)
{
	static const char *const names[] = { "eax", "ebx", "ecx", "edx" };
	struct ruleset rs;
	const struct rule_line *l;
	struct diag d;
	unsigned int reg, i;

	(void)state;
	parse_ok(HDR "reg eax ebx ecx edx EAX esp eaxx\n", &rs);
	l = &rs.lines[0];
	for (i = 0; i < 4; i++) {
		assert_int_equal(rule_reg(&rs, l, i + 1, &reg, &d), 0);
		assert_int_equal(reg, i);
		assert_string_equal(cpuid_reg_name(reg), names[i]);
	}
	assert_int_equal(rule_reg(&rs, l, 5, &reg, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'EAX' is not a register (eax, "
				   "ebx, ecx, edx)");
	assert_int_equal(rule_reg(&rs, l, 6, &reg, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'esp' is not a register (eax, "
				   "ebx, ecx, edx)");
	assert_int_equal(rule_reg(&rs, l, 7, &reg, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: 'eaxx' is not a register (eax, "
				   "ebx, ecx, edx)");
	assert_int_equal(rule_reg(&rs, l, 8, &reg, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: '' is not a register (eax, "
				   "ebx, ecx, edx)");
	ruleset_release(&rs);
}

static void test_rule_bit_range(void **state)
{
	static const struct {
		unsigned int i;
		uint32_t mask;
	} good[] = {
		{ 1, 0x00000001 },	/* 0 */
		{ 2, 0x80000000 },	/* 31 */
		{ 3, 0x000000f0 },	/* 4-7 */
		{ 4, 0xffffffff },	/* 0-31 */
		{ 5, 0x00000008 },	/* 3-3 */
		{ 6, 0xffff0000 },	/* 16-31 */
	};
	static const char *const bad[] = {
		"7-4", "32", "1-", "-1", "a", "3-3x", "0-32", "256", "1:0",
	};
	struct ruleset rs;
	const struct rule_line *l;
	char msg[256];
	struct diag d;
	uint32_t mask;
	unsigned int i;

	(void)state;
	parse_ok(HDR "bits 0 31 4-7 0-31 3-3 16-31 "
		 "7-4 32 1- -1 a 3-3x 0-32 256 1:0\n", &rs);
	l = &rs.lines[0];
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		mask = 0;
		assert_int_equal(rule_bit_range(&rs, l, good[i].i, &mask, &d),
				 0);
		assert_int_equal(mask, good[i].mask);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(msg, sizeof(msg), "t.rules:5: '%s' is not a bit range "
			 "(N or LO-HI, 0..31)", bad[i]);
		assert_string_equal(l->tok[7 + i], bad[i]);
		assert_int_equal(rule_bit_range(&rs, l, 7 + i, &mask, &d), -1);
		assert_string_equal(d.msg, msg);
	}
	assert_int_equal(rule_bit_range(&rs, l, 16, &mask, &d), -1);
	assert_string_equal(d.msg, "t.rules:5: bit range missing");
	ruleset_release(&rs);
}

static void test_rule_error(void **state)
{
	struct ruleset rs;
	struct diag d;

	(void)state;
	/* No origin: "rules"; no line: the file as a whole. */
	ruleset_init(&rs);
	assert_int_equal(rule_error(&rs, NULL, &d, "bad %s %d", "thing", 3),
			 -1);
	assert_string_equal(d.msg, "rules: bad thing 3");
	parse_ok(HDR "x 1\n", &rs);
	assert_int_equal(rule_error(&rs, &rs.lines[0], &d, "no %s", "good"),
			 -1);
	assert_string_equal(d.msg, "t.rules:5: no good");
	assert_int_equal(rule_error(&rs, NULL, &d, "whole"), -1);
	assert_string_equal(d.msg, "t.rules: whole");
	ruleset_release(&rs);
}

static void test_version_cmp(void **state)
{
	/* The TDX module versions of models/tdx, in increasing order. */
	static const char *const order[] = {
		"1.0.00", "1.0.3", "1.5.01", "1.5.05", "1.5.06", "1.5.34",
		"2.0.18",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		assert_int_equal(ruleset_version_cmp(order[i], order[i]), 0);
		for (j = i + 1; j < ARRAY_SIZE(order); j++) {
			const char *a = order[i], *b = order[j];

			assert_true(ruleset_version_cmp(a, b) < 0);
			assert_true(ruleset_version_cmp(b, a) > 0);
		}
	}
	/* Numerically, not as text. */
	assert_true(ruleset_version_cmp("1.5.34", "1.5.4") > 0);
	assert_true(ruleset_version_cmp("10.0", "9.9") > 0);
	assert_true(ruleset_version_cmp("2", "10") < 0);
	assert_int_equal(ruleset_version_cmp("1.5.06", "1.5.6"), 0);
	assert_int_equal(ruleset_version_cmp("1.0.00", "1.0.0"), 0);
	/* A longer version with the same prefix is newer. */
	assert_true(ruleset_version_cmp("1.5", "1.5.1") < 0);
	assert_true(ruleset_version_cmp("1.5.1", "1.5") > 0);
	assert_int_equal(ruleset_version_cmp("", ""), 0);
}

static void test_load_by_name(void **state)
{
	struct ruleset rs;
	struct diag d;
	size_t len;
	char *file = test_slurp("models/tdx/tdx-1.5.06.rules", &len);
	unsigned int lineno;
	char *source = header_line(file, len, "source ", &lineno);

	(void)state;
	diag_clear(&d);
	if (ruleset_load("tdx-1.5.06", "tdx", &rs, &d))
		fail_msg("%s", d.msg);
	assert_string_equal(rs.name, "tdx-1.5.06");
	assert_string_equal(rs.platform, "tdx");
	assert_string_equal(rs.version, "1.5.06");
	assert_string_equal(rs.source, source);
	assert_string_equal(rs.origin, "embedded");
	assert_true(rs.nlines > 0);
	/* The embedded bytes are the file's, exactly. */
	assert_int_equal(rs.len, len);
	assert_memory_equal(rs.bytes, file, len);
	ruleset_release(&rs);

	/* No platform asked: any. */
	assert_int_equal(ruleset_load("tdx-1.5.06", NULL, &rs, &d), 0);
	ruleset_release(&rs);

	assert_int_equal(ruleset_load_embedded("tdx-1.5.06", &rs, &d), 0);
	assert_string_equal(rs.origin, "embedded");
	assert_int_equal(rs.len, len);
	assert_memory_equal(rs.bytes, file, len);
	ruleset_release(&rs);
	free(source);
	free(file);
}

static void test_load_by_path(void **state)
{
	static const char path[] = "models/tdx/tdx-1.5.06.rules";
	struct ruleset rs, emb;
	struct diag d;
	size_t len, i;
	char *file = test_slurp(path, &len);

	(void)state;
	if (ruleset_load(path, "tdx", &rs, &d))
		fail_msg("%s", d.msg);
	assert_string_equal(rs.origin, path);
	assert_string_equal(rs.name, "tdx-1.5.06");
	assert_int_equal(rs.len, len);
	assert_memory_equal(rs.bytes, file, len);
	/* The same records as the embedded copy. */
	assert_int_equal(ruleset_load_embedded("tdx-1.5.06", &emb, &d), 0);
	assert_int_equal(rs.nlines, emb.nlines);
	for (i = 0; i < rs.nlines; i++) {
		assert_int_equal(rs.lines[i].lineno, emb.lines[i].lineno);
		assert_string_equal(rs.lines[i].rest[0],
				    emb.lines[i].rest[0]);
	}
	ruleset_release(&emb);
	ruleset_release(&rs);
	free(file);
}

static void test_load_errors(void **state)
{
	static const char rules[] = "models/tdx/tdx-1.5.06.rules";
	char path[] = "/tmp/certify-test-ruleset-XXXXXX";
	static const char bad[] = "ruleset x\nbogus\n";
	unsigned int lineno;
	struct ruleset rs;
	char msg[1024];
	struct diag d;
	size_t len;
	char *file = test_slurp(rules, &len);
	int fd;

	(void)state;
	/* A platform mismatch points at the rule set's 'platform' line. */
	free(header_line(file, len, "platform ", &lineno));
	free(file);
	snprintf(msg, sizeof(msg), "embedded:%u: rule set tdx-1.5.06 is for "
		 "platform tdx, not snp", lineno);
	assert_int_equal(ruleset_load("tdx-1.5.06", "snp", &rs, &d), -1);
	assert_string_equal(d.msg, msg);
	assert_null(rs.name);
	snprintf(msg, sizeof(msg), "%s:%u: rule set tdx-1.5.06 is for "
		 "platform tdx, not snp", rules, lineno);
	assert_int_equal(ruleset_load(rules, "snp", &rs, &d), -1);
	assert_string_equal(d.msg, msg);
	assert_null(rs.name);

	/* Neither an embedded name nor an existing file. */
	assert_int_equal(ruleset_load("nope", "tdx", &rs, &d), -1);
	assert_string_equal(d.msg, "nope: no such rule set or file (certify "
				   "rules list shows the rule sets)");
	assert_int_equal(ruleset_load("tdx-9.9.99", "tdx", &rs, &d), -1);
	assert_string_equal(d.msg, "tdx-9.9.99: no such rule set or file "
				   "(certify rules list shows the rule sets)");
	assert_int_equal(ruleset_load_embedded("nope", &rs, &d), -1);
	assert_string_equal(d.msg, "nope: no such rule set (certify rules "
				   "list shows them)");
	/* With a '/' it is a file name. */
	snprintf(msg, sizeof(msg), "./nope.rules: cannot open: %s",
		 strerror(ENOENT));
	assert_int_equal(ruleset_load("./nope.rules", NULL, &rs, &d), -1);
	assert_string_equal(d.msg, msg);

	/* A file's errors name the file. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, sizeof(bad) - 1),
			 (ssize_t)(sizeof(bad) - 1));
	close(fd);
	snprintf(msg, sizeof(msg), "%s:2: 'bogus' needs a value", path);
	assert_int_equal(ruleset_load(path, NULL, &rs, &d), -1);
	unlink(path);
	assert_string_equal(d.msg, msg);
	assert_null(rs.name);
}

static void test_newest(void **state)
{
	(void)state;
	assert_non_null(ruleset_newest("tdx"));
	assert_string_equal(ruleset_newest("tdx"), "tdx-2.0.18");
	assert_null(ruleset_newest("no-such-platform"));
	assert_null(ruleset_newest(""));
}

/* Every embedded rule set parses, names itself, and is its file's bytes. */
static void test_every_embedded(void **state)
{
	struct ruleset rs;
	char path[512];
	struct diag d;
	size_t i, len;
	char *file;

	(void)state;
	assert_true(embedded_rulesets_count >= 7);
	for (i = 0; i < embedded_rulesets_count; i++) {
		const struct embedded_file *e = &embedded_rulesets[i];

		if (ruleset_load_embedded(e->name, &rs, &d))
			fail_msg("%s", d.msg);
		assert_string_equal(rs.name, e->name);
		assert_int_equal(rs.len, e->len);
		assert_memory_equal(rs.bytes, e->data, e->len);
		snprintf(path, sizeof(path), "models/%s/%s.rules", rs.platform,
			 e->name);
		file = test_slurp(path, &len);
		assert_int_equal(len, e->len);
		assert_memory_equal(file, e->data, len);
		free(file);
		ruleset_release(&rs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_records),
		cmocka_unit_test(test_header_anywhere_crlf_bom),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_input_errors),
		cmocka_unit_test(test_token_limit),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_expect_tokens),
		cmocka_unit_test(test_rule_hex),
		cmocka_unit_test(test_rule_number),
		cmocka_unit_test(test_rule_subleaf),
		cmocka_unit_test(test_rule_reg),
		cmocka_unit_test(test_rule_bit_range),
		cmocka_unit_test(test_rule_error),
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_load_by_name),
		cmocka_unit_test(test_load_by_path),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_newest),
		cmocka_unit_test(test_every_embedded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
