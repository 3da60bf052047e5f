// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "reports/render.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_RULES "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

/* An accepted report with one forced bit, a config "abc" and an empty
 * rule-set file. */
static void sample(struct report *r)
{
	static const uint8_t abc[] = "abc";
	struct finding f = {
		.leaf = 1,
		.reg = CPUID_REG_ECX,
		.bit = 21,
		.width = 1,
		.name = "x2apic",
		.has_requested = true,
		.requested = 0,
		.has_final = true,
		.final = 1,
		.verdict = VERDICT_FORCED,
		.class = "fixed1",
		.layer = "tdx-module",
		.rule = "r1",
		.source = "s1",
	};
	unsigned int i;

	report_init(r);
	r->tool_version = "9.9";
	for (i = 0; i < 32; i++)
		r->ruleset_sha256[i] = (uint8_t)i;
	r->res.platform = "tdx";
	r->res.ruleset = "tdx-2.0.18";
	r->res.ruleset_version = "2.0.18";
	r->res.ruleset_source = "src";
	r->res.vmm = "none";
	r->res.kvm = "mainline";
	r->res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	r->res.status.layer = "tdx-module";
	r->res.status.name = "TDX_SUCCESS";
	assert_int_equal(check_result_add(&r->res, &f), 0);
	assert_int_equal(report_add_input(r, "config", "/tmp/x/t.cfg", abc, 3),
			 0);
	assert_int_equal(report_add_input(r, "rules", "my.rules", abc, 0), 0);
}

static void test_format_parse(void **state)
{
	(void)state;
	assert_int_equal(render_format_parse("text"), RENDER_TEXT);
	assert_int_equal(render_format_parse("json"), RENDER_JSON);
	assert_int_equal(render_format_parse("md"), RENDER_MD);
	assert_int_equal(render_format_parse("html"), RENDER_HTML);
	assert_int_equal(render_format_parse("junit"), RENDER_JUNIT);
	assert_int_equal(render_format_parse("sarif"), RENDER_SARIF);
	assert_int_equal(render_format_parse("JSON"), -1);
	assert_int_equal(render_format_parse("markdown"), -1);
	assert_int_equal(render_format_parse(""), -1);
	assert_int_equal(render_format_parse("text "), -1);
	assert_int_equal(render_format_parse(NULL), -1);
}

static void test_text(void **state)
{
	struct strbuf sb = STRBUF_INIT, check = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	render_report(&r, RENDER_TEXT, false, &sb);
	render_check_text(&r.res, false, &check);
	assert_false(strbuf_failed(&sb));
	/* The check's text, then the report's. */
	assert_true(sb.len > check.len);
	assert_memory_equal(sb.buf, check.buf, check.len);
	assert_string_equal(sb.buf + check.len,
		"\n"
		"report:\n"
		"  tool: certify 9.9\n"
		"  rule set sha256: " SHA_RULES " (file)\n"
		"  input: config t.cfg sha256 " SHA_ABC " (3 bytes)\n"
		"  input: rules my.rules sha256 " SHA_EMPTY " (0 bytes)\n");

	/* iat and a signature when there are some. */
	r.ruleset_embedded = true;
	r.has_iat = true;
	r.iat = 951782400;	/* 2000-02-29, a leap day */
	r.sig.present = true;
	r.sig.alg = -8;
	memset(r.sig.kid, 0xc3, sizeof(r.sig.kid));
	strbuf_reset(&sb);
	render_report(&r, RENDER_TEXT, true, &sb);
	strbuf_reset(&check);
	render_check_text(&r.res, true, &check);
	assert_memory_equal(sb.buf, check.buf, check.len);
	assert_string_equal(sb.buf + check.len,
		"\n"
		"report:\n"
		"  tool: certify 9.9\n"
		"  rule set sha256: " SHA_RULES " (embedded)\n"
		"  input: config t.cfg sha256 " SHA_ABC " (3 bytes)\n"
		"  input: rules my.rules sha256 " SHA_EMPTY " (0 bytes)\n"
		"  iat: 951782400 (2000-02-29T00:00:00Z)\n"
		"  signature: EdDSA (-8), kid c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
		"c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3, NOT verified\n");
	r.sig.verified = true;
	r.iat = 4102444799;	/* 2099-12-31T23:59:59Z */
	strbuf_reset(&sb);
	render_report(&r, RENDER_TEXT, true, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
			       "  iat: 4102444799 (2099-12-31T23:59:59Z)\n"));
	assert_non_null(strstr(strbuf_str(&sb), "c3c3, verified\n"));
	strbuf_release(&sb);
	strbuf_release(&check);
	report_release(&r);
}

/* JSON: the check's object, byte for byte, with "report" last. */
static void test_json(void **state)
{
	static const char report_member[] =
		",\n"
		"  \"report\": {\n"
		"    \"tool\": \"certify\",\n"
		"    \"version\": \"9.9\",\n"
		"    \"ruleset_sha256\": \"" SHA_RULES "\",\n"
		"    \"inputs\": [ { \"role\": \"config\", \"name\": \"t.cfg\", "
		"\"sha256\": \"" SHA_ABC "\", \"size\": 3 }, "
		"{ \"role\": \"rules\", \"name\": \"my.rules\", "
		"\"sha256\": \"" SHA_EMPTY "\", \"size\": 0 } ],\n"
		"    \"iat\": null,\n"
		"    \"signature\": null\n"
		"  }\n"
		"}\n";
	struct strbuf sb = STRBUF_INIT, check = STRBUF_INIT;
	struct report r;
	size_t keep;

	(void)state;
	sample(&r);
	render_report(&r, RENDER_JSON, false, &sb);
	render_check_json(&r.res, false, &check);
	assert_false(strbuf_failed(&sb));
	/* render_check_json ends "  ]\n}\n"; the report goes before "\n}". */
	keep = check.len - strlen("\n}\n");
	assert_memory_equal(sb.buf, check.buf, keep);
	assert_string_equal(sb.buf + keep, report_member);
	assert_non_null(strstr(check.buf, "\"final_cpuid\": []\n}\n"));

	r.has_iat = true;
	r.iat = 1700000000;
	r.sig.present = true;
	r.sig.verified = true;
	r.sig.alg = -35;
	memset(r.sig.kid, 0x01, sizeof(r.sig.kid));
	strbuf_reset(&sb);
	render_report(&r, RENDER_JSON, true, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"    \"iat\": 1700000000,\n"
		"    \"signature\": { \"alg\": \"ES384\", "
		"\"kid\": \"0101010101010101010101010101010101010101010101"
		"010101010101010101\", \"verified\": true }\n"
		"  }\n"
		"}\n"));
	assert_non_null(strstr(strbuf_str(&sb), "\n  \"all\": true,\n"));
	strbuf_release(&sb);
	strbuf_release(&check);
	report_release(&r);
}

/* Each other format is its own renderer's output. */
static void test_dispatch(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	render_report(&r, RENDER_MD, true, &a);
	render_report_md(&r, true, &b);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	strbuf_reset(&a);
	strbuf_reset(&b);
	render_report(&r, RENDER_HTML, false, &a);
	render_report_html(&r, &b);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	assert_true(!strncmp(strbuf_str(&a), "<!DOCTYPE html>\n", 16));
	strbuf_reset(&a);
	strbuf_reset(&b);
	render_report(&r, RENDER_JUNIT, false, &a);
	render_report_junit(&r, &b);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	assert_true(!strncmp(strbuf_str(&a), "<?xml ", 6));
	strbuf_reset(&a);
	strbuf_reset(&b);
	render_report(&r, RENDER_SARIF, false, &a);
	render_report_sarif(&r, &b);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	assert_non_null(strstr(strbuf_str(&a), "\"version\": \"2.1.0\""));
	strbuf_release(&a);
	strbuf_release(&b);
	report_release(&r);
}

/* A report of a probe: the check's renderings say it was observed. */
static void test_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	r.res.hardware = true;
	assert_int_equal(check_result_fact(&r.res, "kernel", "6.18.44"), 0);
	assert_int_equal(check_result_fact(&r.res, "vm types",
					   "0x1 (KVM_CAP_VM_TYPES)"), 0);
	render_report(&r, RENDER_TEXT, false, &sb);
	assert_true(strbuf_str(&sb) == strstr(strbuf_str(&sb),
		"certify probe: platform tdx, rule set tdx-2.0.18 (src), "
		"vmm none, kvm mainline\n"
		"observed on hardware (KVM):\n"
		"  kernel: 6.18.44\n"
		"  vm types: 0x1 (KVM_CAP_VM_TYPES)\n"
		"outcome: accepted-with-changes\n"));
	assert_non_null(strstr(strbuf_str(&sb), "\nreport:\n"));
	strbuf_reset(&sb);
	render_report(&r, RENDER_JSON, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"  \"format\": \"certify-check/2\",\n"));
	assert_non_null(strstr(strbuf_str(&sb),
		"  \"kvm\": \"mainline\",\n"
		"  \"observed\": \"hardware\",\n"
		"  \"facts\": {\n"
		"    \"kernel\": \"6.18.44\",\n"
		"    \"vm types\": \"0x1 (KVM_CAP_VM_TYPES)\"\n"
		"  },\n"
		"  \"outcome\": \"accepted-with-changes\",\n"));
	assert_non_null(strstr(strbuf_str(&sb), "\n  \"report\": {\n"));
	strbuf_release(&sb);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_hardware),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
