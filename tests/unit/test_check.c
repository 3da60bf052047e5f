// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/check.h"

static struct finding finding(uint32_t leaf, uint32_t subleaf, bool indexed,
			      unsigned int bit, enum verdict v)
{
	struct finding f = {
		.leaf = leaf,
		.subleaf = subleaf,
		.indexed = indexed,
		.reg = CPUID_REG_ECX,
		.bit = (uint8_t)bit,
		.width = 1,
		.has_requested = true,
		.requested = 1,
		.has_final = true,
		.final = 1,
		.verdict = v,
		.class = "fixed1",
		.layer = "tdx-module",
		.rule = "r",
		.source = "s",
	};

	return f;
}

static void add_entry(struct cpuid_set *s, uint32_t leaf, bool indexed,
		      uint32_t subleaf)
{
	struct cpuid_entry e = {
		.leaf = leaf,
		.indexed = indexed,
		.subleaf = subleaf,
	};

	assert_int_equal(cpuid_set_insert(s, &e), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(verdict_name(VERDICT_AS_CONFIGURED),
			    "as-configured");
	assert_string_equal(verdict_name(VERDICT_FORCED), "forced");
	assert_string_equal(verdict_name(VERDICT_DROPPED), "dropped");
	assert_string_equal(verdict_name(VERDICT_REJECTED), "rejected");
	assert_string_equal(verdict_name(VERDICT_NATIVE), "native");
	assert_string_equal(verdict_name(VERDICT_RUNTIME), "runtime");
	assert_string_equal(verdict_name(VERDICT_UNTRUSTED), "untrusted");
	assert_string_equal(verdict_name(VERDICT_COUNT), "?");
	assert_string_equal(verdict_name((enum verdict)-1), "?");
	assert_string_equal(outcome_name(OUTCOME_ACCEPTED), "accepted");
	assert_string_equal(outcome_name(OUTCOME_ACCEPTED_WITH_CHANGES),
			    "accepted-with-changes");
	assert_string_equal(outcome_name(OUTCOME_REJECTED), "rejected");
	assert_string_equal(outcome_name((enum outcome)42), "?");
}

static void test_init_release(void **state)
{
	struct check_result r;

	(void)state;
	memset(&r, 0xa5, sizeof(r));
	check_result_init(&r);
	assert_int_equal(r.nfindings, 0);
	assert_null(r.findings);
	assert_int_equal(r.nparams, 0);
	assert_int_equal(r.nwarnings, 0);
	assert_int_equal(r.final.n, 0);
	assert_int_equal(r.host_dependent, 0);
	assert_int_equal(r.outcome, OUTCOME_ACCEPTED);
	assert_int_equal(r.status.code, 0);
	check_result_release(&r);
	assert_null(r.findings);
}

/* Findings are kept in order however many there are. */
static void test_add_grows(void **state)
{
	struct check_result r;
	struct finding f;
	unsigned int i;

	(void)state;
	check_result_init(&r);
	for (i = 0; i < 1000; i++) {
		f = finding(i, 0, false, i % 32, VERDICT_AS_CONFIGURED);
		/* Every third one's value is the host's, not known. */
		f.has_final = i % 3 != 0;
		assert_int_equal(check_result_add(&r, &f), 0);
		assert_true(r.cap >= r.nfindings);
	}
	assert_int_equal(r.nfindings, 1000);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(r.findings[i].leaf, i);
		assert_int_equal(r.findings[i].bit, i % 32);
		assert_int_equal(r.findings[i].has_final, i % 3 != 0);
		assert_string_equal(r.findings[i].layer, "tdx-module");
	}
	/* host_dependent counts the findings without a final value. */
	assert_int_equal(r.host_dependent, 334);
	check_result_release(&r);
	assert_int_equal(r.nfindings, 0);
	assert_int_equal(r.host_dependent, 0);
}

static void test_params_and_warnings(void **state)
{
	struct check_result r;
	char key[] = "attributes";

	(void)state;
	check_result_init(&r);
	assert_int_equal(check_result_param(&r, key, "0x%llx",
					    0x10000000ull), 0);
	assert_int_equal(check_result_param(&r, "xfam", "0x%x", 0x207), 0);
	assert_int_equal(check_result_param(&r, "tsc", "%s", "25 MHz"), 0);
	/* The result keeps its own copies. */
	key[0] = 'X';
	assert_int_equal(r.nparams, 3);
	assert_string_equal(r.params[0].key, "attributes");
	assert_string_equal(r.params[0].value, "0x10000000");
	assert_string_equal(r.params[1].key, "xfam");
	assert_string_equal(r.params[1].value, "0x207");
	assert_string_equal(r.params[2].key, "tsc");
	assert_string_equal(r.params[2].value, "25 MHz");

	assert_int_equal(check_result_warn(&r, "leaf 0x%x: %s", 7, "one"), 0);
	assert_int_equal(check_result_warn(&r, "two"), 0);
	assert_int_equal(check_result_warn(&r, "leaf 0x7: one"), 0);
	/* In order, repeats included. */
	assert_int_equal(r.nwarnings, 3);
	assert_string_equal(r.warnings[0], "leaf 0x7: one");
	assert_string_equal(r.warnings[1], "two");
	assert_string_equal(r.warnings[2], "leaf 0x7: one");
	check_result_release(&r);
	assert_int_equal(r.nparams, 0);
	assert_int_equal(r.nwarnings, 0);
	assert_null(r.params);
	assert_null(r.warnings);
}

static enum outcome finish(enum verdict v, uint32_t leaf, uint32_t subleaf,
			   bool indexed, const struct cpuid_set *request,
			   uint64_t code)
{
	struct check_result r;
	struct finding f = finding(leaf, subleaf, indexed, 3, v);
	struct finding ok = finding(1, 0, false, 0, VERDICT_AS_CONFIGURED);
	enum outcome o;

	check_result_init(&r);
	r.status.code = code;
	assert_int_equal(check_result_add(&r, &ok), 0);
	assert_int_equal(check_result_add(&r, &f), 0);
	check_result_finish(&r, request);
	o = r.outcome;
	check_result_release(&r);
	return o;
}

static void test_finish(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct check_result r;
	int v;

	(void)state;
	add_entry(&req, 1, false, 0);
	add_entry(&req, 7, true, 0);

	/* A failing status rejects, whatever the findings. */
	check_result_init(&r);
	r.status.code = 0xc000010000000045ull;
	check_result_finish(&r, &req);
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	check_result_release(&r);
	for (v = 0; v < VERDICT_COUNT; v++)
		assert_int_equal(finish((enum verdict)v, 1, 0, false, &req,
					0xc000010000000045ull),
				 OUTCOME_REJECTED);

	/* No finding at all: accepted. */
	check_result_init(&r);
	r.outcome = OUTCOME_REJECTED;
	check_result_finish(&r, &req);
	assert_int_equal(r.outcome, OUTCOME_ACCEPTED);
	check_result_release(&r);

	/* Forced or dropped on a leaf of the request: changes. */
	assert_int_equal(finish(VERDICT_FORCED, 1, 0, false, &req, 0),
			 OUTCOME_ACCEPTED_WITH_CHANGES);
	assert_int_equal(finish(VERDICT_DROPPED, 1, 0, false, &req, 0),
			 OUTCOME_ACCEPTED_WITH_CHANGES);
	assert_int_equal(finish(VERDICT_DROPPED, 7, 0, true, &req, 0),
			 OUTCOME_ACCEPTED_WITH_CHANGES);
	/* The request's leaf 1 answers every sub-leaf. */
	assert_int_equal(finish(VERDICT_FORCED, 1, 5, true, &req, 0),
			 OUTCOME_ACCEPTED_WITH_CHANGES);

	/* Forced on a leaf the request lacks: the platform's own value. */
	assert_int_equal(finish(VERDICT_FORCED, 0x80000001, 0, false, &req, 0),
			 OUTCOME_ACCEPTED);
	assert_int_equal(finish(VERDICT_DROPPED, 0xd, 1, true, &req, 0),
			 OUTCOME_ACCEPTED);
	/* Leaf 7 sub-leaf 1 is not in the request (only sub-leaf 0 is). */
	assert_int_equal(finish(VERDICT_FORCED, 7, 1, true, &req, 0),
			 OUTCOME_ACCEPTED);

	/* Other verdicts change nothing the request carried. */
	assert_int_equal(finish(VERDICT_AS_CONFIGURED, 1, 0, false, &req, 0),
			 OUTCOME_ACCEPTED);
	assert_int_equal(finish(VERDICT_NATIVE, 1, 0, false, &req, 0),
			 OUTCOME_ACCEPTED);
	assert_int_equal(finish(VERDICT_RUNTIME, 1, 0, false, &req, 0),
			 OUTCOME_ACCEPTED);
	assert_int_equal(finish(VERDICT_UNTRUSTED, 7, 0, true, &req, 0),
			 OUTCOME_ACCEPTED);
	cpuid_set_release(&req);
}

static void test_notable(void **state)
{
	struct finding f = finding(1, 0, false, 0, VERDICT_AS_CONFIGURED);
	int v;

	(void)state;
	for (v = 0; v < VERDICT_COUNT; v++) {
		f.verdict = (enum verdict)v;
		assert_int_equal(finding_is_notable(&f),
				 v != VERDICT_AS_CONFIGURED &&
				 v != VERDICT_NATIVE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_init_release),
		cmocka_unit_test(test_add_grows),
		cmocka_unit_test(test_params_and_warnings),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_notable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
