// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "reports/render.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_RULES "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

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

/* As in test_render_md.c: forced, as-configured, rejected; rejected. */
static void sample(struct report *r)
{
	static const uint8_t abc[] = "abc";
	struct finding f;
	unsigned int i;

	report_init(r);
	r->tool_version = "9.9";
	for (i = 0; i < 32; i++)
		r->ruleset_sha256[i] = (uint8_t)i;
	r->res.platform = "tdx";
	r->res.ruleset = "tdx-2.0.18";
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
}

/*
 * A small XML reader, enough to check what JUnit consumers parse: every
 * element closed in order, attributes quoted, no raw '<' or '&' where
 * XML forbids them, only the five entities and numeric references, no
 * control character XML 1.0 refuses.  Counts the testcase and failure
 * elements and returns the testsuite's tests= and failures=.
 */
struct xml_counts {
	int testcases;
	int failures;
	int suite_tests;
	int suite_failures;
	int suites_tests;
	int suites_failures;
};

static bool xml_entity_ok(const char *p)
{
	static const char *const ents[] = {
		"&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ents); i++)
		if (!strncmp(p, ents[i], strlen(ents[i])))
			return true;
	if (p[1] != '#')
		return false;
	for (p += 2; *p >= '0' && *p <= '9'; p++)
		;
	return *p == ';';
}

static int xml_attr_int(const char *tag, size_t len, const char *name)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(tag, key);
	assert_non_null(p);
	assert_true(p < tag + len);
	return atoi(p + strlen(key));
}

static void xml_check(const char *s, struct xml_counts *c)
{
	const char *stack[16];
	size_t depth = 0, n;
	const char *p = s, *q;

	memset(c, 0, sizeof(*c));
	assert_true(!strncmp(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
			     39));
	p += 39;
	while (*p) {
		unsigned char ch = (unsigned char)*p;

		assert_true(ch >= 0x20 || ch == '\n' || ch == '\t');
		if (ch == '&') {
			assert_true(xml_entity_ok(p));
			p++;
			continue;
		}
		if (ch == '>') {
			/* Allowed in text, but "]]>" is not. */
			assert_false(p >= s + 2 && !strncmp(p - 2, "]]>", 3));
			p++;
			continue;
		}
		if (ch != '<') {
			p++;
			continue;
		}
		if (p[1] == '/') {
			assert_true(depth > 0);
			depth--;
			n = strcspn(stack[depth], " />");
			assert_true(!strncmp(p + 2, stack[depth], n));
			assert_true(p[2 + n] == '>');
			p += 3 + n;
			continue;
		}
		/* A start tag: name, then name="value" pairs. */
		q = p + 1;
		n = strcspn(q, " />");
		if (n == 8 && !strncmp(q, "testcase", 8))
			c->testcases++;
		if (n == 7 && !strncmp(q, "failure", 7))
			c->failures++;
		if (n == 9 && !strncmp(q, "testsuite", 9)) {
			c->suite_tests = xml_attr_int(q, strcspn(q, ">"),
						      "tests");
			c->suite_failures = xml_attr_int(q, strcspn(q, ">"),
							 "failures");
		}
		if (n == 10 && !strncmp(q, "testsuites", 10)) {
			c->suites_tests = xml_attr_int(q, strcspn(q, ">"),
						       "tests");
			c->suites_failures = xml_attr_int(q, strcspn(q, ">"),
							  "failures");
		}
		for (q += n; *q == ' ';) {
			q++;
			q += strcspn(q, "=");
			assert_true(q[0] == '=' && q[1] == '"');
			for (q += 2; *q != '"'; q++) {
				assert_true(*q && *q != '<' && *q != '\n' &&
					    *q != '\t');
				if (*q == '&')
					assert_true(xml_entity_ok(q));
			}
			q++;
		}
		if (q[0] == '/' && q[1] == '>') {
			p = q + 2;
			continue;
		}
		assert_true(*q == '>');
		assert_true(depth < ARRAY_SIZE(stack));
		stack[depth++] = p + 1;
		p = q + 1;
	}
	assert_int_equal(depth, 0);
}

static void render(const struct report *r, struct strbuf *sb,
		   struct xml_counts *c)
{
	strbuf_reset(sb);
	render_report_junit(r, sb);
	assert_false(strbuf_failed(sb));
	xml_check(strbuf_str(sb), c);
	assert_int_equal(c->testcases, c->suite_tests);
	assert_int_equal(c->failures, c->suite_failures);
	assert_int_equal(c->testcases, c->suites_tests);
	assert_int_equal(c->failures, c->suites_failures);
}

static void test_junit_sample(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml_counts c;
	struct report r;

	(void)state;
	sample(&r);
	render(&r, &sb, &c);
	assert_string_equal(strbuf_str(&sb),
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"certify\" tests=\"3\" failures=\"2\" "
		"errors=\"0\" time=\"0\">\n"
		"  <testsuite name=\"certify/tdx/tdx-2.0.18\" tests=\"3\" "
		"failures=\"2\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
		"    <properties>\n"
		"      <property name=\"outcome\" value=\"rejected\"/>\n"
		"      <property name=\"certified\" value=\"false\"/>\n"
		"      <property name=\"strict\" value=\"false\"/>\n"
		"      <property name=\"observed\" value=\"model\"/>\n"
		"      <property name=\"tool\" value=\"certify 9.9\"/>\n"
		"      <property name=\"ruleset_sha256\" value=\"" SHA_RULES
		"\"/>\n"
		"      <property name=\"input:config\" value=\"t.cfg sha256:"
		SHA_ABC "\"/>\n"
		"    </properties>\n"
		"    <testcase classname=\"tdx-2.0.18\" name=\"outcome\" "
		"time=\"0\">\n"
		"      <failure type=\"rejected\" message=\"rejected: 0x16 "
		"EINVAL at leaf 0x00000007 sub-leaf 0x0 (kvm)\">clear WAITPKG"
		"</failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"tdx-2.0.18\" name=\"0x00000001 "
		"ecx[21] x2apic\" time=\"0\">\n"
		"      <system-out>forced: 0 -&gt; 1\n"
		"tdx-module r1 (fixed1), from s1\n"
		"why</system-out>\n"
		"    </testcase>\n"
		"    <testcase classname=\"tdx-2.0.18\" name=\"0x00000007.0x0 "
		"ecx[5] waitpkg\" time=\"0\">\n"
		"      <failure type=\"rejected\" message=\"1 -&gt; 0, "
		"rejected by kvm waitpkg\">rejected: 1 -&gt; 0\n"
		"kvm waitpkg (kvm-refused), from s2\n"
		"clear it</failure>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
	assert_int_equal(c.testcases, 3);
	assert_int_equal(c.failures, 2);
	strbuf_release(&sb);
	report_release(&r);
}

/* Accepted: the outcome passes; forced, dropped, runtime, untrusted pass
 * with what they mean; --strict fails accepted-with-changes. */
static void test_junit_accepted_and_strict(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml_counts c;
	struct report r;
	struct finding f;
	const char *s;

	(void)state;
	report_init(&r);
	r.res.platform = "snp";
	r.res.ruleset = "snp-x";
	r.res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	r.res.status.layer = "sev-firmware";
	r.res.status.name = "SUCCESS";
	f = bit(7, true, CPUID_REG_EBX, 16, "avx512f", VERDICT_DROPPED, 1, 0);
	add(&r, &f);
	f = bit(0xb, true, CPUID_REG_EDX, 0, NULL, VERDICT_RUNTIME, 0, 0);
	f.width = 32;
	f.has_requested = false;
	f.has_final = false;
	add(&r, &f);
	f = bit(0xd, true, CPUID_REG_EBX, 0, NULL, VERDICT_UNTRUSTED, 0x240,
		0x240);
	f.width = 32;
	f.xcr0_in = 0x7;
	add(&r, &f);
	render(&r, &sb, &c);
	s = strbuf_str(&sb);
	assert_int_equal(c.testcases, 4);
	assert_int_equal(c.failures, 0);
	assert_non_null(strstr(s,
		"<testsuite name=\"certify/snp/snp-x\" tests=\"4\" "
		"failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n"));
	assert_non_null(strstr(s,
		"    <testcase classname=\"snp-x\" name=\"outcome\" "
		"time=\"0\">\n"
		"      <system-out>accepted-with-changes: 0x0 SUCCESS "
		"(sev-firmware)</system-out>\n"
		"    </testcase>\n"
		"    <testcase classname=\"snp-x\" name=\"0x00000007.0x0 "
		"ebx[16] avx512f\" time=\"0\">\n"
		"      <system-out>dropped: 1 -&gt; 0\n"
		"tdx-module r1 (fixed1), from s1</system-out>\n"
		"    </testcase>\n"
		"    <testcase classname=\"snp-x\" name=\"0x0000000b.0x0 "
		"edx[31:0]\" time=\"0\">\n"
		"      <system-out>runtime: - -&gt; ?\n"));
	assert_non_null(strstr(s, "name=\"0x0000000d.0x0(xcr0_in=0x7,"
				  "xss_in=0x0) ebx[31:0]\" time=\"0\">\n"
				  "      <system-out>untrusted: 0x240 -&gt; "
				  "0x240\n"));

	r.strict = true;
	render(&r, &sb, &c);
	assert_int_equal(c.failures, 1);
	assert_non_null(strstr(strbuf_str(&sb),
		"      <failure type=\"accepted-with-changes\" "
		"message=\"accepted-with-changes: 0x0 SUCCESS (sev-firmware); "
		"not certified: strict\"></failure>\n"));
	strbuf_release(&sb);
	report_release(&r);
}

/* Two findings at the same place get distinct test names. */
static void test_junit_duplicate_names(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml_counts c;
	struct report r;
	struct finding f;

	(void)state;
	report_init(&r);
	r.res.ruleset = "x";
	f = bit(1, false, CPUID_REG_ECX, 3, NULL, VERDICT_FORCED, 0, 1);
	add(&r, &f);
	f.rule = "r2";
	add(&r, &f);
	f.rule = "r3";
	add(&r, &f);
	render(&r, &sb, &c);
	assert_int_equal(c.testcases, 4);
	assert_non_null(strstr(strbuf_str(&sb), "name=\"0x00000001 ecx[3]\""));
	assert_non_null(strstr(strbuf_str(&sb),
			       "name=\"0x00000001 ecx[3] #2\""));
	assert_non_null(strstr(strbuf_str(&sb),
			       "name=\"0x00000001 ecx[3] #3\""));
	strbuf_release(&sb);
	report_release(&r);
}

/* Hostile strings: markup, quotes, control characters, bad UTF-8. */
static void test_junit_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml_counts c;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.ruleset = "a\"b'<c>&d\n";
	r.res.findings[2].note = "]]> <![CDATA[x]]> </failure>\x01\x1f\xc0\xaf"
				 "\r\n\t&amp;";
	r.res.findings[2].name = "n\"'\t\n";
	r.res.status.message = "<b>\x7f";
	r.inputs[0].name = "\x1b[31m.cfg";
	render(&r, &sb, &c);
	s = strbuf_str(&sb);
	assert_int_equal(c.testcases, 3);
	assert_int_equal(c.failures, 2);
	assert_non_null(strstr(s, "<testsuite name=\"certify/tdx/a&quot;b&apos;"
				  "&lt;c&gt;&amp;d&#10;\" tests=\"3\""));
	assert_non_null(strstr(s, "<testcase classname=\"a&quot;b&apos;&lt;c"
				  "&gt;&amp;d&#10;\" name=\"0x00000007.0x0 "
				  "ecx[5] n&quot;&apos;&#9;&#10;\" "
				  "time=\"0\">\n"));
	assert_null(strstr(s, "clear WAITPKG"));
	assert_non_null(strstr(s, ">&lt;b&gt;\xef\xbf\xbd</failure>\n"));
	assert_non_null(strstr(s,
		"from s2\n]]&gt; &lt;![CDATA[x]]&gt; &lt;/failure&gt;"
		"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&#13;\n\t"
		"&amp;amp;</failure>\n"));
	assert_non_null(strstr(s, "value=\"\xef\xbf\xbd[31m.cfg sha256:"));
	strbuf_release(&sb);
	report_release(&r);
}

/*
 * Observed on hardware: "observed" says so and each fact is a property
 * "fact.KEY", in order, escaped as attributes; a model has no fact.
 */
static void test_junit_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml_counts c;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.hardware = true;
	assert_int_equal(check_result_fact(&r.res, "kernel", "6.18.44"), 0);
	assert_int_equal(check_result_fact(&r.res, "vm types",
					   "0x1 (KVM_CAP_VM_TYPES)"), 0);
	render(&r, &sb, &c);
	assert_int_equal(c.testcases, 3);
	assert_int_equal(c.failures, 2);
	assert_non_null(strstr(strbuf_str(&sb),
		"    <properties>\n"
		"      <property name=\"outcome\" value=\"rejected\"/>\n"
		"      <property name=\"certified\" value=\"false\"/>\n"
		"      <property name=\"strict\" value=\"false\"/>\n"
		"      <property name=\"observed\" value=\"hardware\"/>\n"
		"      <property name=\"fact.kernel\" value=\"6.18.44\"/>\n"
		"      <property name=\"fact.vm types\" "
		"value=\"0x1 (KVM_CAP_VM_TYPES)\"/>\n"
		"      <property name=\"tool\" value=\"certify 9.9\"/>\n"
		"      <property name=\"ruleset_sha256\" value=\"" SHA_RULES
		"\"/>\n"
		"      <property name=\"input:config\" value=\"t.cfg sha256:"
		SHA_ABC "\"/>\n"
		"    </properties>\n"));

	r.res.facts[0].key = "a\"<b>";
	r.res.facts[1].value = "x & 'y'\n\x01";
	render(&r, &sb, &c);
	assert_non_null(strstr(strbuf_str(&sb),
		"      <property name=\"fact.a&quot;&lt;b&gt;\" "
		"value=\"6.18.44\"/>\n"
		"      <property name=\"fact.vm types\" value=\"x &amp; "
		"&apos;y&apos;&#10;\xef\xbf\xbd\"/>\n"));

	r.res.hardware = false;
	render(&r, &sb, &c);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"      <property name=\"strict\" value=\"false\"/>\n"
		"      <property name=\"observed\" value=\"model\"/>\n"
		"      <property name=\"tool\" value=\"certify 9.9\"/>\n"));
	assert_null(strstr(s, "fact."));
	strbuf_release(&sb);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_junit_sample),
		cmocka_unit_test(test_junit_accepted_and_strict),
		cmocka_unit_test(test_junit_duplicate_names),
		cmocka_unit_test(test_junit_escapes),
		cmocka_unit_test(test_junit_hardware),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
