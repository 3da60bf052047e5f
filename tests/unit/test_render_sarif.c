// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "reports/render.h"

static struct finding bit(uint32_t leaf, bool indexed, unsigned int reg,
			  unsigned int b, const char *name, enum verdict v,
			  uint32_t requested, uint32_t final)
{
	struct finding f = {
		.leaf = leaf,
		.indexed = indexed,
		.reg = (uint8_t)reg,
		.bit = (uint8_t)b,
		.width = 1,
		.name = name,
		.has_requested = true,
		.requested = requested,
		.has_final = true,
		.final = final,
		.verdict = v,
		.class = "fixed1",
		.layer = "tdx-module",
		.rule = "r1",
		.source = "s1",
	};

	return f;
}

static void add(struct report *r, const struct finding *f)
{
	assert_int_equal(check_result_add(&r->res, f), 0);
}

/*
 * As in test_render_md.c (forced x2apic, as-configured movbe, rejected
 * waitpkg; rejected by KVM), with a config "abc" and an empty host dump
 * whose name needs percent-encoding.
 */
static void sample(struct report *r)
{
	static const uint8_t abc[] = "abc";
	struct finding f;
	unsigned int i;

	report_init(r);
	r->tool_version = "9.9";
	for (i = 0; i < 32; i++)
		r->ruleset_sha256[i] = (uint8_t)i;
	r->ruleset_embedded = true;
	r->res.platform = "tdx";
	r->res.ruleset = "tdx-2.0.18";
	r->res.ruleset_version = "2.0.18";
	r->res.ruleset_source = "src";
	r->res.outcome = OUTCOME_REJECTED;
	r->res.status.layer = "kvm";
	r->res.status.code = 0x16;
	r->res.status.name = "EINVAL";
	r->res.status.has_leaf = true;
	r->res.status.leaf = 7;
	r->res.status.has_subleaf = true;
	r->res.status.message = "clear WAITPKG";
	f = bit(1, false, CPUID_REG_ECX, 21, "x2apic", VERDICT_FORCED, 0, 1);
	f.note = "why";
	add(r, &f);
	f = bit(1, false, CPUID_REG_ECX, 22, "movbe", VERDICT_AS_CONFIGURED, 1,
		1);
	add(r, &f);
	f = bit(7, true, CPUID_REG_ECX, 5, "waitpkg", VERDICT_REJECTED, 1, 0);
	f.class = "kvm-refused";
	f.layer = "kvm";
	f.rule = "waitpkg";
	f.source = "s2";
	f.note = "clear it";
	add(r, &f);
	assert_int_equal(report_add_input(r, "config", "dir/t.cfg", abc, 3),
			 0);
	assert_int_equal(report_add_input(r, "host", "h:1.cfg", abc, 0), 0);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void render(const struct report *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	render_report_sarif(r, sb);
	assert_false(strbuf_failed(sb));
}

/*
 * The whole document.  Fingerprints: SHA-256 of
 *   "certify/outcome|tdx|tdx-2.0.18"
 *   "tdx-module/r1|0x00000001|-|ecx|21"
 *   "kvm/waitpkg|0x00000007|0x00000000|ecx|5"
 * and the digests of "abc" and "", computed with Python's hashlib.
 */
static void test_sarif_sample(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	render(&r, &sb);
	assert_string_equal(strbuf_str(&sb),
		"{\n"
		"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		"  \"version\": \"2.1.0\",\n"
		"  \"runs\": [\n"
		"    {\n"
		"      \"tool\": {\n"
		"        \"driver\": {\n"
		"          \"name\": \"certify\",\n"
		"          \"version\": \"9.9\",\n"
		"          \"rules\": [\n"
		"            {\n"
		"              \"id\": \"certify/outcome\",\n"
		"              \"shortDescription\": {\n"
		"                \"text\": \"the launch outcome: certified or not\"\n"
		"              },\n"
		"              \"fullDescription\": {\n"
		"                \"text\": \"Fails when the platform rejects the request, or when --strict refuses a request accepted with changes.\"\n"
		"              },\n"
		"              \"defaultConfiguration\": {\n"
		"                \"level\": \"error\"\n"
		"              }\n"
		"            },\n"
		"            {\n"
		"              \"id\": \"kvm/waitpkg\",\n"
		"              \"shortDescription\": {\n"
		"                \"text\": \"kvm rule waitpkg\"\n"
		"              },\n"
		"              \"fullDescription\": {\n"
		"                \"text\": \"kvm rule waitpkg, from s2\"\n"
		"              },\n"
		"              \"defaultConfiguration\": {\n"
		"                \"level\": \"error\"\n"
		"              }\n"
		"            },\n"
		"            {\n"
		"              \"id\": \"tdx-module/r1\",\n"
		"              \"shortDescription\": {\n"
		"                \"text\": \"tdx-module rule r1\"\n"
		"              },\n"
		"              \"fullDescription\": {\n"
		"                \"text\": \"tdx-module rule r1, from s1\"\n"
		"              },\n"
		"              \"defaultConfiguration\": {\n"
		"                \"level\": \"warning\"\n"
		"              }\n"
		"            }\n"
		"          ]\n"
		"        }\n"
		"      },\n"
		"      \"artifacts\": [\n"
		"        {\n"
		"          \"location\": {\n"
		"            \"uri\": \"t.cfg\"\n"
		"          },\n"
		"          \"length\": 3,\n"
		"          \"roles\": [\n"
		"            \"analysisTarget\"\n"
		"          ],\n"
		"          \"hashes\": {\n"
		"            \"sha-256\": \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"\n"
		"          },\n"
		"          \"properties\": {\n"
		"            \"role\": \"config\"\n"
		"          }\n"
		"        },\n"
		"        {\n"
		"          \"location\": {\n"
		"            \"uri\": \"h%3A1.cfg\"\n"
		"          },\n"
		"          \"length\": 0,\n"
		"          \"hashes\": {\n"
		"            \"sha-256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"\n"
		"          },\n"
		"          \"properties\": {\n"
		"            \"role\": \"host\"\n"
		"          }\n"
		"        }\n"
		"      ],\n"
		"      \"results\": [\n"
		"        {\n"
		"          \"ruleId\": \"certify/outcome\",\n"
		"          \"ruleIndex\": 0,\n"
		"          \"level\": \"error\",\n"
		"          \"message\": {\n"
		"            \"text\": \"rejected, not certified: 0x16 EINVAL at leaf 0x00000007 sub-leaf 0x0 (kvm): clear WAITPKG\"\n"
		"          },\n"
		"          \"locations\": [\n"
		"            {\n"
		"              \"physicalLocation\": {\n"
		"                \"artifactLocation\": {\n"
		"                  \"uri\": \"t.cfg\",\n"
		"                  \"index\": 0\n"
		"                }\n"
		"              }\n"
		"            }\n"
		"          ],\n"
		"          \"partialFingerprints\": {\n"
		"            \"certifyFinding/v1\": \"c608f69714d53e1a1d7eb1a1b8db6234f6d9bd3e4e8b231f1ffa0817ee345163\"\n"
		"          }\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"tdx-module/r1\",\n"
		"          \"ruleIndex\": 2,\n"
		"          \"level\": \"warning\",\n"
		"          \"message\": {\n"
		"            \"text\": \"forced: 0x00000001 ecx[21] x2apic: 0 -> 1 (tdx-module r1, class fixed1): why\"\n"
		"          },\n"
		"          \"locations\": [\n"
		"            {\n"
		"              \"physicalLocation\": {\n"
		"                \"artifactLocation\": {\n"
		"                  \"uri\": \"t.cfg\",\n"
		"                  \"index\": 0\n"
		"                }\n"
		"              }\n"
		"            }\n"
		"          ],\n"
		"          \"partialFingerprints\": {\n"
		"            \"certifyFinding/v1\": \"bf702f7883ba6743ead0f96b5e69066993674b67cab843c8211aad986836a6cd\"\n"
		"          },\n"
		"          \"properties\": {\n"
		"            \"verdict\": \"forced\",\n"
		"            \"leaf\": \"0x00000001\",\n"
		"            \"subleaf\": null,\n"
		"            \"xcr0_in\": \"0x0000000000000000\",\n"
		"            \"xss_in\": \"0x0000000000000000\",\n"
		"            \"reg\": \"ecx\",\n"
		"            \"bit\": 21,\n"
		"            \"width\": 1\n"
		"          }\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"kvm/waitpkg\",\n"
		"          \"ruleIndex\": 1,\n"
		"          \"level\": \"error\",\n"
		"          \"message\": {\n"
		"            \"text\": \"rejected: 0x00000007.0x0 ecx[5] waitpkg: 1 -> 0 (kvm waitpkg, class kvm-refused): clear it\"\n"
		"          },\n"
		"          \"locations\": [\n"
		"            {\n"
		"              \"physicalLocation\": {\n"
		"                \"artifactLocation\": {\n"
		"                  \"uri\": \"t.cfg\",\n"
		"                  \"index\": 0\n"
		"                }\n"
		"              }\n"
		"            }\n"
		"          ],\n"
		"          \"partialFingerprints\": {\n"
		"            \"certifyFinding/v1\": \"6224e7b918e3cf4b04f428dd77687892800916949444c2e05eddfd7c01b8126e\"\n"
		"          },\n"
		"          \"properties\": {\n"
		"            \"verdict\": \"rejected\",\n"
		"            \"leaf\": \"0x00000007\",\n"
		"            \"subleaf\": \"0x00000000\",\n"
		"            \"xcr0_in\": \"0x0000000000000000\",\n"
		"            \"xss_in\": \"0x0000000000000000\",\n"
		"            \"reg\": \"ecx\",\n"
		"            \"bit\": 5,\n"
		"            \"width\": 1\n"
		"          }\n"
		"        }\n"
		"      ],\n"
		"      \"properties\": {\n"
		"        \"platform\": \"tdx\",\n"
		"        \"ruleset\": {\n"
		"          \"name\": \"tdx-2.0.18\",\n"
		"          \"version\": \"2.0.18\",\n"
		"          \"source\": \"src\",\n"
		"          \"sha256\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\",\n"
		"          \"embedded\": true\n"
		"        },\n"
		"        \"outcome\": \"rejected\",\n"
		"        \"certified\": false,\n"
		"        \"status\": {\n"
		"          \"code\": \"0x16\",\n"
		"          \"name\": \"EINVAL\",\n"
		"          \"layer\": \"kvm\",\n"
		"          \"message\": \"clear WAITPKG\"\n"
		"        },\n"
		"        \"observed\": \"model\",\n"
		"        \"facts\": {}\n"
		"      }\n"
		"    }\n"
		"  ]\n"
		"}\n");
	strbuf_release(&sb);
	report_release(&r);
}

/* Accepted: no outcome result; levels; one rule for several results;
 * xcr0_in in the fingerprint; no config: no location. */
static void test_sarif_levels_and_rules(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	struct finding f;
	const char *s;

	(void)state;
	report_init(&r);
	r.res.platform = "snp";
	r.res.ruleset = "snp-x";
	r.res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	f = bit(1, false, CPUID_REG_ECX, 1, NULL, VERDICT_RUNTIME, 0, 0);
	f.layer = "x";
	f.rule = "y";
	add(&r, &f);
	f.bit = 2;
	f.verdict = VERDICT_DROPPED;
	add(&r, &f);
	f = bit(0xd, true, CPUID_REG_EAX, 0, NULL, VERDICT_UNTRUSTED, 1, 1);
	f.subleaf = 1;
	f.xcr0_in = 7;
	f.layer = "x";
	f.rule = "y";
	add(&r, &f);
	f = bit(0xd, true, CPUID_REG_EAX, 1, NULL, VERDICT_NATIVE, 1, 1);
	add(&r, &f);
	render(&r, &sb);
	s = strbuf_str(&sb);
	/* One rule, at the gravest level of its results. */
	assert_non_null(strstr(s,
		"          \"rules\": [\n"
		"            {\n"
		"              \"id\": \"x/y\",\n"
		"              \"shortDescription\": {\n"
		"                \"text\": \"x rule y\"\n"
		"              },\n"
		"              \"fullDescription\": {\n"
		"                \"text\": \"x rule y, from s1\"\n"
		"              },\n"
		"              \"defaultConfiguration\": {\n"
		"                \"level\": \"warning\"\n"
		"              }\n"
		"            }\n"
		"          ]\n"));
	assert_null(strstr(s, "certify/outcome"));
	assert_null(strstr(s, "\"locations\""));
	assert_non_null(strstr(s, "\"artifacts\": [],\n"));
	assert_non_null(strstr(s, "\"ruleIndex\": 0,\n          \"level\": "
				  "\"note\",\n"));
	assert_non_null(strstr(s, "\"ruleIndex\": 0,\n          \"level\": "
				  "\"warning\",\n"));
	/* SHA-256 of "x/y|0x0000000d|0x00000001|eax|0|0x7|0x0" */
	assert_non_null(strstr(s, "\"certifyFinding/v1\": \"91cf02194a2b9b5e7"
				  "69a395da863e7d96aa6db06848b30c27b9dc392132"
				  "37794\"\n"));
	/* Three results: native is not one. */
	assert_non_null(strstr(s, "\"level\": \"note\""));
	assert_null(strstr(s, "\"verdict\": \"native\""));
	assert_non_null(strstr(s, "\n      \"properties\": {\n"
				  "        \"platform\": \"snp\",\n"));
	assert_non_null(strstr(s, "\"outcome\": \"accepted-with-changes\",\n"
				  "        \"certified\": true,\n"));

	/* --strict: the outcome is an error. */
	r.strict = true;
	render(&r, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"\"message\": {\n"
		"            \"text\": \"accepted-with-changes, not certified "
		"(strict): 0x0 (-)\"\n"));
	strbuf_release(&sb);
	report_release(&r);
}

/* Strings that are not ours: JSON-escaped, bad UTF-8 replaced, URIs
 * percent-encoded. */
static void test_sarif_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.findings[0].note = "\"q\" \\ \n\x01\xff</x>";
	r.inputs[0].name = "a b/\xc3\xa9%\xfe.cfg";
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "(tdx-module r1, class fixed1): \\\"q\\\" "
				  "\\\\ \\n\\u0001\xef\xbf\xbd</x>\"\n"));
	assert_non_null(strstr(s, "\"uri\": \"a%20b%2F%C3%A9%25%EF%BF%BD.cfg\""));
	strbuf_release(&sb);
	report_release(&r);
}

/*
 * Observed on hardware: the run's properties say so, and hold the facts
 * as an object, in order; keys and values cleaned and escaped.
 */
static void test_sarif_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.hardware = true;
	assert_int_equal(check_result_fact(&r.res, "kernel", "6.18.44"), 0);
	assert_int_equal(check_result_fact(&r.res, "vm types",
					   "0x1 (KVM_CAP_VM_TYPES)"), 0);
	render(&r, &sb);
	assert_true(ends_with(strbuf_str(&sb),
		"        \"status\": {\n"
		"          \"code\": \"0x16\",\n"
		"          \"name\": \"EINVAL\",\n"
		"          \"layer\": \"kvm\",\n"
		"          \"message\": \"clear WAITPKG\"\n"
		"        },\n"
		"        \"observed\": \"hardware\",\n"
		"        \"facts\": {\n"
		"          \"kernel\": \"6.18.44\",\n"
		"          \"vm types\": \"0x1 (KVM_CAP_VM_TYPES)\"\n"
		"        }\n"
		"      }\n"
		"    }\n"
		"  ]\n"
		"}\n"));

	r.res.facts[0].key = "k\"\xff";
	r.res.facts[1].value = "v\\\n\xc0";
	render(&r, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"        \"facts\": {\n"
		"          \"k\\\"\xef\xbf\xbd\": \"6.18.44\",\n"
		"          \"vm types\": \"v\\\\\\n\xef\xbf\xbd\"\n"
		"        }\n"));

	r.res.hardware = false;
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_true(ends_with(s,
		"        },\n"
		"        \"observed\": \"model\",\n"
		"        \"facts\": {}\n"
		"      }\n"
		"    }\n"
		"  ]\n"
		"}\n"));
	assert_null(strstr(s, "6.18.44"));
	strbuf_release(&sb);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_sample),
		cmocka_unit_test(test_sarif_levels_and_rules),
		cmocka_unit_test(test_sarif_escapes),
		cmocka_unit_test(test_sarif_hardware),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
