// SPDX-License-Identifier: MIT
/*
 * reports/report.c: the report around a check result.
 *
 * Expected values come from reports/report.h, reports/certify-report.cddl,
 * FIPS 180-2 Appendix B.1 (SHA-256 of "abc") and the SOURCE_DATE_EPOCH
 * specification (reproducible-builds.org/specs/source-date-epoch: "an
 * ASCII representation of an integer with no fractional component,
 * identical to the output format of `date +%s`"), never from the code.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "reports/report.h"

/* FIPS 180-2 Appendix B.1. */
static const uint8_t sha_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
	0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

/* SHA-256 of no bytes (FIPS 180-4 examples, e3b0c442...b855). */
static const uint8_t sha_empty[32] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

static void test_init_defaults(void **state)
{
	static const uint8_t zero[32];
	struct report r;

	(void)state;
	memset(&r, 0xa5, sizeof(r));
	report_init(&r);
	assert_string_equal(r.tool, "certify");
	assert_string_equal(r.tool_version, CERTIFY_VERSION);
	assert_int_equal(r.host_cpu, -1);
	assert_false(r.strict);
	assert_false(r.has_iat);
	assert_int_equal(r.iat, 0);
	assert_false(r.ruleset_embedded);
	assert_memory_equal(r.ruleset_sha256, zero, 32);
	assert_int_equal(r.ninputs, 0);
	assert_false(r.sig.present);
	assert_false(r.sig.verified);
	assert_null(r.storage);
	/* The result is an empty one. */
	assert_int_equal(r.res.nfindings, 0);
	assert_int_equal(r.res.nwarnings, 0);
	assert_int_equal(r.res.nparams, 0);
	assert_int_equal(r.res.ncorrections, 0);
	assert_int_equal(r.res.final.n, 0);
	assert_null(r.res.findings);
	report_release(&r);

	/* Released, it is initialised again: usable and releasable twice. */
	assert_string_equal(r.tool, "certify");
	assert_int_equal(r.host_cpu, -1);
	report_release(&r);
}

static void test_add_input(void **state)
{
	static const uint8_t abc[] = "abc";
	struct report r;

	(void)state;
	report_init(&r);
	assert_int_equal(report_add_input(&r, "config", "/tmp/dir/sub/t.cfg",
					  abc, 3), 0);
	assert_int_equal(report_add_input(&r, "host", "host.cfg", abc, 0), 0);
	assert_int_equal(report_add_input(&r, "rules", "rel/x.rules", abc, 3),
			 0);
	assert_int_equal(report_add_input(&r, "page", "embedded:p", abc, 3),
			 0);
	assert_int_equal(r.ninputs, 4);

	/* Names lose their directories: the same file from elsewhere is the
	 * same report. */
	assert_string_equal(r.inputs[0].name, "t.cfg");
	assert_string_equal(r.inputs[1].name, "host.cfg");
	assert_string_equal(r.inputs[2].name, "x.rules");
	assert_string_equal(r.inputs[3].name, "embedded:p");
	assert_string_equal(r.inputs[0].role, "config");
	assert_string_equal(r.inputs[1].role, "host");
	assert_string_equal(r.inputs[2].role, "rules");
	assert_string_equal(r.inputs[3].role, "page");

	/* The bytes are referred to, with their SHA-256. */
	assert_ptr_equal(r.inputs[0].bytes, abc);
	assert_int_equal(r.inputs[0].len, 3);
	assert_memory_equal(r.inputs[0].sha256, sha_abc, 32);
	assert_int_equal(r.inputs[1].len, 0);
	assert_memory_equal(r.inputs[1].sha256, sha_empty, 32);
	assert_memory_equal(r.inputs[2].sha256, sha_abc, 32);

	/* REPORT_MAX_INPUTS (4): the fifth is refused and changes nothing. */
	assert_int_equal(REPORT_MAX_INPUTS, 4);
	assert_int_equal(report_add_input(&r, "config", "five.cfg", abc, 3),
			 -1);
	assert_int_equal(r.ninputs, 4);
	assert_string_equal(r.inputs[3].name, "embedded:p");
	report_release(&r);
	assert_int_equal(r.ninputs, 0);
}

/* The name is the report's own copy, not the caller's buffer. */
static void test_add_input_copies_name(void **state)
{
	static const uint8_t abc[] = "abc";
	char name[] = "/a/b/c.cfg";
	struct report r;

	(void)state;
	report_init(&r);
	assert_int_equal(report_add_input(&r, "config", name, abc, 3), 0);
	memset(name, 'x', sizeof(name) - 1);
	assert_string_equal(r.inputs[0].name, "c.cfg");
	report_release(&r);
}

static void test_certified(void **state)
{
	static const struct {
		enum outcome o;
		bool strict, certified;
	} cases[] = {
		{ OUTCOME_ACCEPTED, false, true },
		{ OUTCOME_ACCEPTED, true, true },
		{ OUTCOME_ACCEPTED_WITH_CHANGES, false, true },
		{ OUTCOME_ACCEPTED_WITH_CHANGES, true, false },
		{ OUTCOME_REJECTED, false, false },
		{ OUTCOME_REJECTED, true, false },
	};
	struct report r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		report_init(&r);
		r.res.outcome = cases[i].o;
		r.strict = cases[i].strict;
		if (report_certified(&r) != cases[i].certified)
			fail_msg("%s%s: certified %d", outcome_name(cases[i].o),
				 cases[i].strict ? " strict" : "",
				 !cases[i].certified);
		report_release(&r);
	}
}

/* Runs report_source_date_epoch() with SOURCE_DATE_EPOCH as @value (NULL:
 * unset). */
static int sde(const char *value, bool *set, uint64_t *t)
{
	int ret;

	if (value)
		assert_int_equal(setenv("SOURCE_DATE_EPOCH", value, 1), 0);
	else
		assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);
	*set = true;
	*t = 12345;
	ret = report_source_date_epoch(set, t);
	unsetenv("SOURCE_DATE_EPOCH");
	return ret;
}

static void test_source_date_epoch(void **state)
{
	static const char *const bad[] = {
		"", "12a", " 1", "1 ", "-1", "+1", "0x10", "1.5", "1e9",
		"99999999999999999999",		/* 20 digits > UINT64_MAX */
		"18446744073709551616",		/* UINT64_MAX + 1 */
		"184467440737095516150",
	};
	bool set;
	uint64_t t;
	size_t i;

	(void)state;
	/* Unset: 0, not set, @t untouched. */
	assert_int_equal(sde(NULL, &set, &t), 0);
	assert_false(set);

	assert_int_equal(sde("0", &set, &t), 0);
	assert_true(set);
	assert_int_equal(t, 0);

	assert_int_equal(sde("1700000000", &set, &t), 0);
	assert_true(set);
	assert_int_equal(t, 1700000000);

	/* Beyond 32 bits (2106 and later) is still a time. */
	assert_int_equal(sde("4294967296", &set, &t), 0);
	assert_true(set);
	assert_int_equal(t, 4294967296ull);

	/* Every 64-bit value reads, up to UINT64_MAX itself. */
	assert_int_equal(sde("18446744073709551609", &set, &t), 0);
	assert_true(set);
	assert_true(t == 18446744073709551609ull);
	assert_int_equal(sde("18446744073709551615", &set, &t), 0);
	assert_true(t == UINT64_MAX);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (sde(bad[i], &set, &t) != -1)
			fail_msg("SOURCE_DATE_EPOCH=\"%s\" accepted", bad[i]);
		assert_false(set);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_add_input),
		cmocka_unit_test(test_add_input_copies_name),
		cmocka_unit_test(test_certified),
		cmocka_unit_test(test_source_date_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
