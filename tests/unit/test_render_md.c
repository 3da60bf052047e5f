// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "reports/render.h"

/* SHA-256 of "abc" (FIPS 180-2 B.1) and of nothing. */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define KID_AB "abababababababababababababababababababababababababababababababab"
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

/*
 * A report by hand: tdx, rejected by KVM at leaf 7.0, with
 *   leaf 1 ecx[21] x2apic     forced 0 -> 1
 *   leaf 1 ecx[22] movbe      as-configured (not notable)
 *   leaf 7.0 ecx[5] waitpkg   rejected 1 -> 0
 * a config "abc" and an empty host dump.
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
	r->res.outcome = OUTCOME_REJECTED;
	r->res.status.layer = "kvm";
	r->res.status.code = 0x16;
	r->res.status.name = "EINVAL";
	r->res.status.has_leaf = true;
	r->res.status.leaf = 7;
	r->res.status.has_subleaf = true;
	r->res.status.message = "clear WAITPKG";
	assert_int_equal(check_result_param(&r->res, "xfam", "0x%x", 0x207),
			 0);
	assert_int_equal(check_result_warn(&r->res, "w1"), 0);
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
	assert_int_equal(report_add_input(r, "host", "h.cfg", abc, 0), 0);
}

static const char sample_md_head[] =
	"## certify: tdx, rule set tdx-2.0.18: REJECTED (not certified)\n"
	"\n"
	"- Status: 0x16 EINVAL at leaf 0x00000007 sub-leaf 0x0 (kvm)\n"
	"- Message: clear WAITPKG\n"
	"- Rule set: tdx-2.0.18 version 2.0.18, from src\n"
	"- VMM: none, KVM: mainline\n"
	"- Observed: model\n"
	"- Parameters: xfam=0x207\n"
	"- Warning: w1\n"
	"\n"
	"### Findings\n"
	"\n";

static const char sample_md_tail[] =
	"\n"
	"### Inputs\n"
	"\n"
	"| role | name | bytes | SHA-256 |\n"
	"|---|---|---:|---|\n"
	"| config | t.cfg | 3 | `" SHA_ABC "` |\n"
	"| host | h.cfg | 0 | `" SHA_EMPTY "` |\n"
	"\n"
	"- Tool: certify 9.9\n"
	"- Rule set SHA-256: `" SHA_RULES "` (embedded in certify)\n";

static void test_md_sample(void **state)
{
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	render_report_md(&r, false, &sb);
	assert_false(strbuf_failed(&sb));
	strbuf_puts(&want, sample_md_head);
	strbuf_puts(&want,
		"2 of 3 findings shown; the other 1 are as-configured or "
		"native.\n"
		"\n"
		"| verdict | bits | names | requested | final | class | layer "
		"| rule | note |\n"
		"|---|---|---|---|---|---|---|---|---|\n"
		"| forced | `0x00000001 ecx[21]` | x2apic | 0 | 1 | fixed1 | "
		"tdx-module | r1 | why |\n"
		"| rejected | `0x00000007.0x0 ecx[5]` | waitpkg | 1 | 0 | "
		"kvm-refused | kvm | waitpkg | clear it |\n");
	strbuf_puts(&want, sample_md_tail);
	assert_string_equal(strbuf_str(&sb), strbuf_str(&want));

	/* With every finding. */
	strbuf_reset(&sb);
	render_report_md(&r, true, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"3 of 3 findings shown.\n\n"
		"| verdict | bits | names | requested | final | class | layer "
		"| rule | note |\n"
		"|---|---|---|---|---|---|---|---|---|\n"
		"| forced | `0x00000001 ecx[21]` | x2apic | 0 | 1 | fixed1 | "
		"tdx-module | r1 | why |\n"
		"| as-configured | `0x00000001 ecx[22]` | movbe | 1 | 1 | "
		"fixed1 | tdx-module | r1 |  |\n"
		"| rejected |"));
	strbuf_release(&sb);
	strbuf_release(&want);
	report_release(&r);
}

/* Runs merge as in the text; fields show in hex; unknown values. */
static void test_md_merge_and_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	struct finding f;

	(void)state;
	report_init(&r);
	r.res.platform = "snp";
	r.res.ruleset = "snp-x";
	r.res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	f = bit(7, true, CPUID_REG_EBX, 16, "avx512f", VERDICT_DROPPED, 1, 0);
	add(&r, &f);
	f.bit = 17;
	f.name = "avx512dq";
	add(&r, &f);
	f.bit = 19;
	f.name = NULL;
	add(&r, &f);
	f = bit(0xd, true, CPUID_REG_EAX, 0, NULL, VERDICT_UNTRUSTED, 0x240,
		0);
	f.width = 32;
	f.has_final = false;
	f.xcr0_in = 7;
	add(&r, &f);
	render_report_md(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"## certify: snp, rule set snp-x: ACCEPTED WITH CHANGES "
		"(certified)\n\n- Status: 0x0 (-)\n- Rule set: snp-x version , "
		"from \n- VMM: , KVM: \n- Observed: model\n- Parameters: none\n"
		"\n"));
	assert_non_null(strstr(strbuf_str(&sb),
		"| dropped | `0x00000007.0x0 ebx[16-17,19]` | avx512f avx512dq "
		"| 1 | 0 | fixed1 | tdx-module | r1 |  |\n"
		"| untrusted | `0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0) "
		"eax[31:0]` |  | 0x240 | ? | fixed1 | tdx-module | r1 |  |\n"
		"\n### Inputs\n\n- Tool: certify "));
	strbuf_reset(&sb);

	/* --strict: accepted with changes does not certify. */
	r.strict = true;
	render_report_md(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
			       "ACCEPTED WITH CHANGES (not certified: "
			       "strict)\n"));
	strbuf_release(&sb);
	report_release(&r);
}

static void test_md_corrections(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	struct check_correction c = {
		.index = 2,
		.key = { .leaf = 0x80000008, .subleaf = 0 },
		.field = "ebx",
		.provided = 0x1234,
		.corrected = 0x200,
		.layer = "sev-firmware",
		.rule = "lookup|x",
		.source = "fw",
		.note = NULL,
	};

	(void)state;
	report_init(&r);
	r.res.outcome = OUTCOME_REJECTED;
	assert_int_equal(check_result_correction(&r.res, &c), 0);
	c.index = 3;
	c.key.leaf = 0xd;
	c.key.xcr0_in = 3;
	c.field = "reserved";
	c.provided = 1;
	c.corrected = 0;
	c.note = "must be 0";
	assert_int_equal(check_result_correction(&r.res, &c), 0);
	render_report_md(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"\n### Corrections\n\nWhat sev-firmware writes back, entry by "
		"entry.\n\n"
		"| entry | CPUID | register | provided | corrected | rule | "
		"source | note |\n"
		"|---:|---|---|---|---|---|---|---|\n"
		"| 2 | `0x80000008 0x00` | ebx | `0x00001234` | `0x00000200` "
		"| lookup\\|x | fw |  |\n"
		"| 3 | `0x0000000d 0x00 (xcr0_in=0x3,xss_in=0x0)` | reserved | "
		"`0x0000000000000001` | `0x0000000000000000` | lookup\\|x | fw "
		"| must be 0 |\n"
		"\n### Findings\n\n0 of 0 findings shown.\n\n### Inputs\n"));
	strbuf_release(&sb);
	report_release(&r);
}

static void test_md_signature_and_iat(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	r.has_iat = true;
	r.iat = 1700000000;
	r.sig.present = true;
	r.sig.alg = -8;
	memset(r.sig.kid, 0xab, sizeof(r.sig.kid));
	render_report_md(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"(embedded in certify)\n"
		"- Issued at: 1700000000 (2023-11-14T22:13:20Z)\n"
		"\n### Signature\n\n"
		"- Algorithm: EdDSA (-8)\n"
		"- Key id: `" KID_AB "`\n"
		"- Verified: NO: the signature was not checked or did not "
		"verify\n"));
	strbuf_reset(&sb);
	r.sig.verified = true;
	r.sig.alg = -35;
	render_report_md(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "- Algorithm: ES384 (-35)\n"));
	assert_non_null(strstr(strbuf_str(&sb),
			       "- Verified: yes, with the key given\n"));
	strbuf_release(&sb);
	report_release(&r);
}

/* Strings that are not ours cannot break out of their cell or line. */
static void test_md_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.findings[0].note = "<script>alert(1)</script> | a & b\r\n"
				 "l2 *x* _y_ `z` [l](u) $m$ ~s~ \\ \x07\t#"
				 "\xff\xc3\xa9";
	r.res.findings[0].rule = "r|1";
	r.res.ruleset = "## x\n- y";
	r.inputs[0].name = "a|b`c";
	r.res.status.message = "m1\nm2";
	render_report_md(&r, false, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s,
		"| tdx-module | r\\|1 | \\<script\\>alert(1)\\</script\\> \\| "
		"a \\& b<br>l2 \\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\$m\\$ "
		"\\~s\\~ \\\\ \xef\xbf\xbd #\xef\xbf\xbd\xc3\xa9 |\n"));
	assert_non_null(strstr(s, "## certify: tdx, rule set ## x<br>- y: "
				  "REJECTED"));
	assert_non_null(strstr(s, "- Message: m1<br>m2\n"));
	assert_non_null(strstr(s, "| config | a\\|b\\`c | 3 |"));
	/* No line of the findings table has other cells than its own. */
	assert_null(strstr(s, "<script>"));
	strbuf_release(&sb);
	report_release(&r);
}

/*
 * Observed on hardware: said after the VMM and KVM, then a "Fact" item
 * per fact, in order, escaped as any other string; the rest unchanged.
 */
static void test_md_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct report r;
	const char *s;

	(void)state;
	sample(&r);
	r.res.hardware = true;
	assert_int_equal(check_result_fact(&r.res, "kernel", "6.18.44"), 0);
	assert_int_equal(check_result_fact(&r.res, "model", "agrees with "
					   "every bit the guest read"), 0);
	render_report_md(&r, false, &sb);
	assert_false(strbuf_failed(&sb));
	strbuf_puts(&want,
		"## certify: tdx, rule set tdx-2.0.18: REJECTED (not "
		"certified)\n"
		"\n"
		"- Status: 0x16 EINVAL at leaf 0x00000007 sub-leaf 0x0 (kvm)\n"
		"- Message: clear WAITPKG\n"
		"- Rule set: tdx-2.0.18 version 2.0.18, from src\n"
		"- VMM: none, KVM: mainline\n"
		"- Observed: hardware (KVM)\n"
		"- Fact: kernel: 6.18.44\n"
		"- Fact: model: agrees with every bit the guest read\n"
		"- Parameters: xfam=0x207\n"
		"- Warning: w1\n"
		"\n"
		"### Findings\n"
		"\n"
		"2 of 3 findings shown; the other 1 are as-configured or "
		"native.\n"
		"\n"
		"| verdict | bits | names | requested | final | class | layer "
		"| rule | note |\n"
		"|---|---|---|---|---|---|---|---|---|\n"
		"| forced | `0x00000001 ecx[21]` | x2apic | 0 | 1 | fixed1 | "
		"tdx-module | r1 | why |\n"
		"| rejected | `0x00000007.0x0 ecx[5]` | waitpkg | 1 | 0 | "
		"kvm-refused | kvm | waitpkg | clear it |\n");
	strbuf_puts(&want, sample_md_tail);
	assert_string_equal(strbuf_str(&sb), strbuf_str(&want));

	/* Markup in a fact is escaped. */
	r.res.facts[0].key = "# k|1";
	r.res.facts[1].value = "<b>*x*</b>\nl2";
	strbuf_reset(&sb);
	render_report_md(&r, false, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "- Observed: hardware (KVM)\n"
				  "- Fact: # k\\|1: 6.18.44\n"
				  "- Fact: model: \\<b\\>\\*x\\*\\</b\\>"
				  "<br>l2\n"
				  "- Parameters: "));

	/* A model's result: "model", and no fact even if some were left. */
	r.res.hardware = false;
	strbuf_reset(&sb);
	render_report_md(&r, false, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "- VMM: none, KVM: mainline\n"
				  "- Observed: model\n"
				  "- Parameters: xfam=0x207\n"));
	assert_null(strstr(s, "Fact"));
	strbuf_release(&sb);
	strbuf_release(&want);
	report_release(&r);
}

/* The same report gives the same bytes. */
static void test_md_deterministic(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct report r;

	(void)state;
	sample(&r);
	render_report_md(&r, true, &a);
	render_report_md(&r, true, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_sample),
		cmocka_unit_test(test_md_merge_and_fields),
		cmocka_unit_test(test_md_corrections),
		cmocka_unit_test(test_md_signature_and_iat),
		cmocka_unit_test(test_md_escapes),
		cmocka_unit_test(test_md_hardware),
		cmocka_unit_test(test_md_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
