// SPDX-License-Identifier: MIT
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

static void put(struct report *r, uint32_t leaf, bool indexed,
		uint64_t xcr0_in, uint32_t eax, uint32_t ecx,
		uint32_t unknown_eax)
{
	struct cpuid_entry e = {
		.leaf = leaf,
		.indexed = indexed,
		.xcr0_in = xcr0_in,
		.regs = { eax, 0, ecx, 0 },
		.unknown = { unknown_eax, 0, 0, 0 },
	};

	assert_int_equal(cpuid_set_put(&r->res.final, &e), 0);
}

/*
 * Final CPUID: leaf 1 (ecx bits 21 and 22 set; eax bit 0 unknown), leaf
 * 0xd.0 with xcr0_in 7 (eax 0x340).  Findings:
 *   leaf 1 eax[3:0] stepping       native, final unknown
 *   leaf 1 ecx[21] x2apic          forced 0 -> 1
 *   leaf 1 ecx[22] movbe           as-configured, and dropped (two rules)
 *   leaf 0xd.0 xcr0_in 7 eax[31:0] untrusted
 *   leaf 0x80000008 eax[7:0]       forced 0 -> 0x34, no final entry
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
	r->res.vmm = "none";
	r->res.kvm = "mainline";
	r->res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	r->res.status.layer = "tdx-module";
	r->res.status.name = "TDX_SUCCESS";
	f = bit(1, false, CPUID_REG_EAX, 0, "stepping", VERDICT_NATIVE, 0, 0);
	f.width = 4;
	f.has_requested = false;
	f.has_final = false;
	f.class = "native";
	add(r, &f);
	f = bit(1, false, CPUID_REG_ECX, 21, "x2apic", VERDICT_FORCED, 0, 1);
	f.note = "why";
	add(r, &f);
	f = bit(1, false, CPUID_REG_ECX, 22, "movbe", VERDICT_AS_CONFIGURED, 1,
		1);
	add(r, &f);
	f.verdict = VERDICT_DROPPED;
	f.rule = "r2";
	add(r, &f);
	f = bit(0xd, true, CPUID_REG_EAX, 0, NULL, VERDICT_UNTRUSTED, 0x340,
		0x340);
	f.width = 32;
	f.xcr0_in = 7;
	add(r, &f);
	f = bit(0x80000008, false, CPUID_REG_EAX, 0, "phys_addr_bits",
		VERDICT_FORCED, 0, 0x34);
	f.width = 8;
	add(r, &f);
	put(r, 1, false, 0, 0, 0x00600000, 0x1);
	put(r, 0xd, true, 7, 0x340, 0, 0);
	assert_int_equal(report_add_input(r, "config", "t.cfg", abc, 3), 0);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void render(const struct report *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	render_report_html(r, sb);
	assert_false(strbuf_failed(sb));
}

static void test_html_page(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_true(starts_with(s, "<!DOCTYPE html>\n<html lang=\"en\">\n"
				"<head>\n<meta charset=\"utf-8\">\n"));
	assert_non_null(strstr(s, "<title>certify report: tdx, tdx-2.0.18: "
				  "accepted-with-changes</title>\n<style>\n"));
	assert_non_null(strstr(s,
		"<table class=\"summary\">\n"
		"<tr><th>Outcome</th><td class=\"o-accepted-with-changes\">"
		"accepted-with-changes (certified)</td></tr>\n"
		"<tr><th>Status</th><td>0x0 TDX_SUCCESS (tdx-module)</td></tr>\n"
		"<tr><th>Platform</th><td>tdx</td></tr>\n"
		"<tr><th>Rule set</th><td>tdx-2.0.18 version 2.0.18, from src"
		"</td></tr>\n"
		"<tr><th>Rule set SHA-256</th><td><code>" SHA_RULES "</code> "
		"(embedded in certify)</td></tr>\n"
		"<tr><th>VMM</th><td>none</td></tr>\n"
		"<tr><th>KVM</th><td>mainline</td></tr>\n"
		"<tr><th>Tool</th><td>certify 9.9</td></tr>\n"
		"<tr><th>Strict</th><td>no</td></tr>\n"
		"<tr><th>Observed</th><td>model</td></tr>\n"
		"<tr><th>Parameters</th><td>none</td></tr>\n"
		"<tr><th>Findings</th><td>1 as-configured, 2 forced, "
		"1 dropped, 1 native, 1 untrusted</td></tr>\n"
		"</table>\n"
		"<h2 id=\"inputs\">Inputs</h2>\n"
		"<table class=\"inputs\">\n"
		"<tr><th>role</th><th>name</th><th>bytes</th><th>SHA-256</th>"
		"</tr>\n"
		"<tr><td>config</td><td>t.cfg</td><td>3</td><td><code>"
		SHA_ABC "</code></td></tr>\n"
		"</table>\n"
		"<h2 id=\"signature\">Signature</h2>\n"
		"<p>None: this report was not read from a signed file.</p>\n"
		"<h2 id=\"bits\">CPUID bits</h2>\n"));
	/* Nothing from elsewhere. */
	assert_null(strstr(s, "src="));
	assert_null(strstr(s, "href="));
	assert_null(strstr(s, "url("));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<link"));
	/* It ends with the findings: notable ones, then the others. */
	assert_non_null(strstr(s,
		"<h2 id=\"findings\">Findings</h2>\n"
		"<table class=\"findings\">\n"
		"<tr><th>verdict</th><th>bits</th><th>name</th>"
		"<th>requested</th><th>final</th><th>class</th><th>layer</th>"
		"<th>rule</th><th>source</th><th>note</th></tr>\n"
		"<tr><td class=\"v-forced\">forced</td><td><code>0x00000001 "
		"ecx[21]</code></td><td>x2apic</td><td>0</td><td>1</td>"
		"<td>fixed1</td><td>tdx-module</td><td>r1</td><td>s1</td>"
		"<td>why</td></tr>\n"));
	assert_non_null(strstr(s,
		"</table>\n"
		"<details>\n<summary>2 as-configured or native findings"
		"</summary>\n"
		"<table class=\"findings\">\n"));
	assert_non_null(strstr(s,
		"<tr><td class=\"v-native\">native</td><td><code>0x00000001 "
		"eax[3:0]</code></td><td>stepping</td><td>-</td><td>?</td>"
		"<td>native</td><td>tdx-module</td><td>r1</td><td>s1</td>"
		"<td></td></tr>\n"));
	assert_true(ends_with(s, "</table>\n</details>\n</body>\n</html>\n"));
	strbuf_release(&sb);
	report_release(&r);
}

static void test_html_grid_cells(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"<p class=\"legend\"><span class=\"v-as-configured\">"
		"as-configured</span><span class=\"v-forced\">forced</span>"
		"<span class=\"v-dropped\">dropped</span><span "
		"class=\"v-rejected\">rejected</span><span class=\"v-native\">"
		"native</span><span class=\"v-runtime\">runtime</span><span "
		"class=\"v-untrusted\">untrusted</span><span class=\"v-none\">"
		"no finding</span></p>\n"));
	assert_non_null(strstr(s, "<thead><tr><th>CPUID</th><th>reg</th>"
				  "<th>31</th><th>30</th>"));
	assert_non_null(strstr(s, "<th>1</th><th>0</th></tr></thead>\n"
				  "<tbody>\n<tr class=\"reg\"><th rowspan=\"4\">"
				  "0x00000001</th><th>eax</th>"));
	/* A forced bit; its neighbours; a nibble boundary. */
	assert_non_null(strstr(s,
		"<td class=\"v-none b\" title=\"0x00000001 ecx[23]: 0, no "
		"finding\">0</td>"
		"<td class=\"v-dropped\" title=\"0x00000001 ecx[22] movbe: "
		"1 -&gt; 1, as-configured, fixed1, tdx-module r1 (s1)&#10;"
		"0x00000001 ecx[22] movbe: 1 -&gt; 1, dropped, fixed1, "
		"tdx-module r2 (s1)\">1</td>"
		"<td class=\"v-forced\" title=\"0x00000001 ecx[21] x2apic: "
		"0 -&gt; 1, forced, fixed1, tdx-module r1 (s1): why\">1</td>"
		"<td class=\"v-none\" title=\"0x00000001 ecx[20]: 0, no "
		"finding\">0</td>"));
	/* A field: each bit says which; the unknown bit shows '?'. */
	assert_non_null(strstr(s,
		"<td class=\"v-native b\" title=\"0x00000001 eax[3] in [3:0] "
		"stepping: - -&gt; ?, native, native, tdx-module r1 (s1)\">0"
		"</td>"));
	assert_non_null(strstr(s,
		"<td class=\"v-native\" title=\"0x00000001 eax[0] in [3:0] "
		"stepping: - -&gt; ?, native, native, tdx-module r1 (s1)\">?"
		"</td></tr>\n"));
	/* xcr0_in in the key. */
	assert_non_null(strstr(s,
		"<tr class=\"reg\"><th rowspan=\"4\">0x0000000d.0x0(xcr0_in=0x7,"
		"xss_in=0x0)</th><th>eax</th><td class=\"v-untrusted\" "
		"title=\"0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0) eax[31] in "
		"[31:0]: 0x340 -&gt; 0x340, untrusted, fixed1, tdx-module r1 "
		"(s1)\">0</td>"));
	/* An entry only the findings know: values from the finding. */
	assert_non_null(strstr(s,
		"<td class=\"v-none b\" title=\"0x80000008 eax[11]: not in the "
		"final CPUID, no finding\">-</td>"));
	assert_non_null(strstr(s,
		"<td class=\"v-forced\" title=\"0x80000008 eax[2] in [7:0] "
		"phys_addr_bits: 0x0 -&gt; 0x34, forced, fixed1, tdx-module r1 "
		"(s1)\">1</td><td class=\"v-forced\" title=\"0x80000008 eax[1] "
		"in [7:0] phys_addr_bits: 0x0 -&gt; 0x34, forced, fixed1, "
		"tdx-module r1 (s1)\">0</td>"));
	strbuf_release(&sb);
	report_release(&r);
}

/* Counts what the grid holds: rows of exactly 32 cells with titles. */
static void test_html_grid_structure(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s, *row, *end, *p;
	size_t rows = 0, cells, titled, tbodies = 0;

	(void)state;
	sample(&r);
	render(&r, &sb);
	s = strbuf_str(&sb);
	for (row = strstr(s, "<tr class=\"reg\">"); row;
	     row = strstr(end, "<tr class=\"reg\">")) {
		end = strstr(row, "</tr>");
		assert_non_null(end);
		cells = titled = 0;
		for (p = row; (p = strstr(p, "<td")) && p < end; p++) {
			const char *gt = strchr(p, '>');
			const char *title = strstr(p, "\" title=\"");

			cells++;
			titled += starts_with(p, "<td class=\"v-") && title &&
				  title < gt;
		}
		assert_int_equal(cells, 32);
		assert_int_equal(titled, 32);
		rows++;
	}
	for (p = s; (p = strstr(p, "<tbody>")); p++)
		tbodies++;
	/* Three entries: leaf 1, 0xd.0 (xcr0_in 7), 0x80000008. */
	assert_int_equal(tbodies, 3);
	assert_int_equal(rows, 12);
	strbuf_release(&sb);
	report_release(&r);
}

static void test_html_signature_rejected(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.outcome = OUTCOME_REJECTED;
	r.res.status.code = 0x16;
	r.res.status.name = "EINVAL";
	r.res.status.layer = "kvm";
	r.res.status.message = "clear it";
	r.strict = true;
	r.has_iat = true;
	r.iat = 0;
	r.sig.present = true;
	r.sig.verified = true;
	r.sig.alg = -19;
	memset(r.sig.kid, 0x0f, sizeof(r.sig.kid));
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "<td class=\"o-rejected\">rejected (not "
				  "certified)</td>"));
	assert_non_null(strstr(s, "<tr><th>Status</th><td>0x16 EINVAL (kvm): "
				  "clear it</td></tr>\n"));
	assert_non_null(strstr(s, "<tr><th>Strict</th><td>yes: accepted "
				  "with changes does not certify</td></tr>\n"
				  "<tr><th>Issued at</th><td>0 "
				  "(1970-01-01T00:00:00Z)</td></tr>\n"));
	assert_non_null(strstr(s,
		"<h2 id=\"signature\">Signature</h2>\n"
		"<table class=\"signature\">\n"
		"<tr><th>Algorithm</th><td>Ed25519 (-19)</td></tr>\n"
		"<tr><th>Key id</th><td><code>0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
		"0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f</code></td></tr>\n"
		"<tr><th>Verified</th><td>yes, with the key given</td></tr>\n"
		"</table>\n"));
	strbuf_release(&sb);
	report_release(&r);
}

/* Hostile strings stay text, in elements and in attributes. */
static void test_html_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;
	size_t i;

	(void)state;
	sample(&r);
	/* ecx[21] x2apic */
	r.res.findings[1].note = "<script>alert(\"x\")</script> & 'q'\r\n"
				 "l2\x01\x7f\xfe";
	r.res.findings[1].name = "\"><img src=x onerror=alert(1)>";
	r.inputs[0].name = "<b>&amp;";
	r.res.ruleset = "</title><script>";
	assert_int_equal(check_result_warn(&r.res, "w<1>"), 0);
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<img"));
	assert_non_null(strstr(s,
		"title=\"0x00000001 ecx[21] &quot;&gt;&lt;img src=x "
		"onerror=alert(1)&gt;: 0 -&gt; 1, forced, fixed1, tdx-module r1 "
		"(s1): &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
		"&amp; &#39;q&#39;&#10;l2\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		"\">1</td>"));
	assert_non_null(strstr(s, "<td>&lt;b&gt;&amp;amp;</td>"));
	assert_non_null(strstr(s, "<title>certify report: tdx, &lt;/title&gt;"
				  "&lt;script&gt;: "));
	assert_non_null(strstr(s, "<tr><th>Warning</th><td>w&lt;1&gt;</td>"
				  "</tr>\n"));
	/* No control character but newline is left. */
	for (i = 0; s[i]; i++)
		assert_true((unsigned char)s[i] >= 0x20 || s[i] == '\n');
	strbuf_release(&sb);
	report_release(&r);
}

/*
 * Observed on hardware: a row that says so before the parameters, then a
 * "Fact" row per fact, in order, escaped; a model's result says "model".
 */
static void test_html_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.hardware = true;
	assert_int_equal(check_result_fact(&r.res, "kernel", "6.18.44"), 0);
	assert_int_equal(check_result_fact(&r.res, "model", "agrees with "
					   "every bit the guest read"), 0);
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"<tr><th>Strict</th><td>no</td></tr>\n"
		"<tr><th>Observed</th><td>hardware (KVM)</td></tr>\n"
		"<tr><th>Fact</th><td>kernel: 6.18.44</td></tr>\n"
		"<tr><th>Fact</th><td>model: agrees with every bit the guest "
		"read</td></tr>\n"
		"<tr><th>Parameters</th><td>none</td></tr>\n"
		"<tr><th>Findings</th><td>1 as-configured, 2 forced, "
		"1 dropped, 1 native, 1 untrusted</td></tr>\n"
		"</table>\n"));

	r.res.facts[0].key = "<k>";
	r.res.facts[1].value = "a & \"b\"\n";
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"<tr><th>Fact</th><td>&lt;k&gt;: 6.18.44</td></tr>\n"
		"<tr><th>Fact</th><td>model: a &amp; &quot;b&quot;&#10;"
		"</td></tr>\n"));

	r.res.hardware = false;
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"<tr><th>Strict</th><td>no</td></tr>\n"
		"<tr><th>Observed</th><td>model</td></tr>\n"
		"<tr><th>Parameters</th><td>none</td></tr>\n"));
	assert_null(strstr(s, "<th>Fact</th>"));
	strbuf_release(&sb);
	report_release(&r);
}

static void test_html_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	report_init(&r);
	r.res.outcome = OUTCOME_ACCEPTED;
	render(&r, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "<h2 id=\"inputs\">Inputs</h2>\n"
				  "<p>None recorded.</p>\n"));
	assert_non_null(strstr(s, "</tr></thead>\n</table>\n"
				  "<h2 id=\"findings\">Findings</h2>\n"
				  "<p>No finding other than as-configured or "
				  "native.</p>\n</body>\n</html>\n"));
	/* Deterministic. */
	render(&r, &again);
	assert_string_equal(strbuf_str(&again), s);
	strbuf_release(&sb);
	strbuf_release(&again);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_page),
		cmocka_unit_test(test_html_grid_cells),
		cmocka_unit_test(test_html_grid_structure),
		cmocka_unit_test(test_html_signature_rejected),
		cmocka_unit_test(test_html_escapes),
		cmocka_unit_test(test_html_hardware),
		cmocka_unit_test(test_html_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
