// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "reports/render.h"

static const char note_xfam[] = "AVX-512 needs XFAM bits 5-7";

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
		.class = "allow-direct",
		.layer = "tdx-module",
		.rule = "cpuid_lookup[0]",
		.source = "s",
	};

	return f;
}

static void add(struct check_result *r, const struct finding *f)
{
	assert_int_equal(check_result_add(r, f), 0);
}

static void put(struct cpuid_set *s, uint32_t leaf, bool indexed,
		uint32_t ebx, uint32_t ecx, uint32_t unknown_eax)
{
	struct cpuid_entry e = {
		.leaf = leaf,
		.indexed = indexed,
		.regs = { 0, ebx, ecx, 0 },
		.unknown = { unknown_eax, 0, 0, 0 },
	};

	assert_int_equal(cpuid_set_put(s, &e), 0);
}

static void header(struct check_result *r)
{
	check_result_init(r);
	r->platform = "tdx";
	r->ruleset = "tdx-2.0.18";
	r->ruleset_version = "2.0.18";
	r->ruleset_source = "intel/tdx-module@abc include/x.c";
	r->vmm = "qemu";
	r->kvm = "mainline";
}

/*
 * A rejected request with, in order:
 *   leaf 1 eax[3:0] stepping       native, host-dependent   (not notable)
 *   leaf 1 ecx[21] x2apic          forced 0 -> 1
 *   leaf 1 ecx[22] movbe           as-configured            (not notable)
 *   leaf 7.0 ebx[16,17,18] avx512f avx512dq rdseed  dropped, rule xfam
 *   leaf 7.0 ebx[19] adx           as-configured            (not notable)
 *   leaf 7.0 ebx[21] avx512ifma    dropped, rule xfam
 *   leaf 0xd.0 (xcr0_in 0x7) eax[31:0]  untrusted 0x240 -> 0x340
 */
static void sample(struct check_result *r)
{
	struct finding f;
	static const struct {
		unsigned int bit;
		const char *name;
	} avx[] = {
		{ 16, "avx512f" }, { 17, "avx512dq" }, { 18, "rdseed" },
		{ 19, "adx" }, { 21, "avx512ifma" },
	};
	size_t i;

	header(r);
	r->outcome = OUTCOME_REJECTED;
	r->status.layer = "tdx-module";
	r->status.code = UINT64_C(0xc000010000000045);
	r->status.name = "TDX_OPERAND_INVALID";
	r->status.has_leaf = true;
	r->status.leaf = 1;
	r->status.message = "the request sets a fixed-0 bit";
	assert_int_equal(check_result_param(r, "attributes", "0x%x",
					    0x10000000), 0);
	assert_int_equal(check_result_param(r, "xfam", "0x%x", 0x207), 0);
	assert_int_equal(check_result_warn(r, "leaf 0x%x: %s", 7,
					   "AVX-512 without XFAM"), 0);
	assert_int_equal(check_result_warn(r, "second"), 0);

	f = bit(1, false, CPUID_REG_EAX, 0, "stepping", VERDICT_NATIVE, 0, 0);
	f.width = 4;
	f.has_requested = false;
	f.has_final = false;
	f.class = "native";
	add(r, &f);
	f = bit(1, false, CPUID_REG_ECX, 21, "x2apic", VERDICT_FORCED, 0, 1);
	f.class = "native+verified1";
	f.note = "why";
	add(r, &f);
	f = bit(1, false, CPUID_REG_ECX, 22, "movbe", VERDICT_AS_CONFIGURED,
		1, 1);
	add(r, &f);
	for (i = 0; i < ARRAY_SIZE(avx); i++) {
		bool keep = avx[i].bit == 19;

		f = bit(7, true, CPUID_REG_EBX, avx[i].bit, avx[i].name,
			keep ? VERDICT_AS_CONFIGURED : VERDICT_DROPPED, 1,
			keep);
		if (!keep) {
			f.class = "xfam";
			f.rule = "xfam";
			f.note = note_xfam;
		}
		add(r, &f);
	}
	f = bit(0xd, true, CPUID_REG_EAX, 0, NULL, VERDICT_UNTRUSTED, 0x240,
		0x340);
	f.width = 32;
	f.xcr0_in = 0x7;
	f.class = "untrusted";
	f.layer = "guest";
	f.rule = "xsave-size";
	add(r, &f);

	put(&r->final, 1, false, 0, 0x00600000, 0xf);
	put(&r->final, 7, true, 0x00080000, 0, 0);
}

static void test_text_default(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;

	(void)state;
	sample(&r);
	render_check_text(&r, false, &sb);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb),
		"certify check: platform tdx, rule set tdx-2.0.18 "
		"(intel/tdx-module@abc include/x.c), vmm qemu, kvm mainline\n"
		"outcome: rejected\n"
		"status: 0xc000010000000045 TDX_OPERAND_INVALID at leaf "
		"0x00000001 (tdx-module)\n"
		"  the request sets a fixed-0 bit\n"
		"parameters: attributes=0x10000000 xfam=0x207\n"
		"warning: leaf 0x7: AVX-512 without XFAM\n"
		"warning: second\n"
		"\n"
		"findings (verdict, leaf.sub-leaf.register[bits] names: "
		"requested -> final):\n"
		"forced     0x00000001.ecx[21] x2apic: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (native+verified1): "
		"why\n"
		"dropped    0x00000007.0x0.ebx[16-18,21] avx512f avx512dq "
		"rdseed avx512ifma: 1 -> 0\n"
		"           tdx-module xfam (xfam): AVX-512 needs XFAM bits "
		"5-7\n"
		"untrusted  0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0).eax[31:0]: "
		"0x240 -> 0x340\n"
		"           guest xsave-size (untrusted)\n"
		"\n"
		"summary: 2 as-configured, 1 forced, 4 dropped, 1 native, "
		"1 untrusted (findings; 1 with a final value not known in advance)\n"
		"(--all lists every bit, as-configured and native ones too)\n");
	strbuf_release(&sb);
	check_result_release(&r);
}

static void test_text_all(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;
	const char *s;

	(void)state;
	sample(&r);
	render_check_text(&r, true, &sb);
	s = strbuf_str(&sb);
	/* Every finding; runs merge only where nothing comes between. */
	assert_non_null(strstr(s,
		"requested -> final):\n"
		"native     0x00000001.eax[3:0] stepping: - -> ?\n"
		"           tdx-module cpuid_lookup[0] (native)\n"
		"forced     0x00000001.ecx[21] x2apic: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (native+verified1): "
		"why\n"
		"as-configured 0x00000001.ecx[22] movbe: 1 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"dropped    0x00000007.0x0.ebx[16-18] avx512f avx512dq rdseed: "
		"1 -> 0\n"
		"           tdx-module xfam (xfam): AVX-512 needs XFAM bits "
		"5-7\n"
		"as-configured 0x00000007.0x0.ebx[19] adx: 1 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"dropped    0x00000007.0x0.ebx[21] avx512ifma: 1 -> 0\n"
		"           tdx-module xfam (xfam): AVX-512 needs XFAM bits "
		"5-7\n"
		"untrusted  0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0).eax[31:0]: "
		"0x240 -> 0x340\n"
		"           guest xsave-size (untrusted)\n"
		"\n"
		"summary: 2 as-configured, 1 forced, 4 dropped, 1 native, "
		"1 untrusted (findings; 1 with a final value not known in "
		"advance)\n"));
	/* The hint about --all is not repeated with --all; nothing after. */
	assert_null(strstr(s, "--all"));
	assert_string_equal(s + strlen(s) - strlen("advance)\n"),
			    "advance)\n");
	strbuf_release(&sb);
	check_result_release(&r);
}

/* What a text line merges: one register, one rule, one story. */
static void test_text_merge_rules(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;
	struct finding f;

	(void)state;
	header(&r);
	r.status.name = "TDX_SUCCESS";
	r.status.layer = "tdx-module";
	r.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	/* ebx 0, 1: one rule; 2: another rule; 3: another note */
	f = bit(7, true, CPUID_REG_EBX, 0, "fsgsbase", VERDICT_DROPPED, 1, 0);
	add(&r, &f);
	f.bit = 1;
	f.name = "tsc_adjust";
	add(&r, &f);
	f.bit = 2;
	f.name = "sgx";
	f.rule = "other";
	add(&r, &f);
	f.bit = 3;
	f.name = "bmi1";
	f.note = "a note";
	add(&r, &f);
	/* ebx 5, 7: the same story, bits apart */
	f = bit(7, true, CPUID_REG_EBX, 5, "avx2", VERDICT_FORCED, 0, 1);
	add(&r, &f);
	f.bit = 7;
	f.name = "smep";
	add(&r, &f);
	/* ecx 7: the same story in another register */
	f.reg = CPUID_REG_ECX;
	f.name = "cet_ss";
	add(&r, &f);
	/* ecx 8 joins 7 (an unnamed bit adds no name); 9: other values */
	f = bit(7, true, CPUID_REG_ECX, 8, NULL, VERDICT_FORCED, 0, 1);
	add(&r, &f);
	f = bit(7, true, CPUID_REG_ECX, 9, NULL, VERDICT_FORCED, 1, 0);
	add(&r, &f);
	/* ecx 10, 11: same rule, one value unknown */
	f = bit(7, true, CPUID_REG_ECX, 10, NULL, VERDICT_RUNTIME, 1, 1);
	add(&r, &f);
	f.bit = 11;
	f.has_final = false;
	add(&r, &f);

	render_check_text(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"outcome: accepted-with-changes\n"
		"status: 0x0 TDX_SUCCESS (tdx-module)\n"
		"parameters:\n"
		"\n"
		"findings (verdict, leaf.sub-leaf.register[bits] names: "
		"requested -> final):\n"
		"dropped    0x00000007.0x0.ebx[0-1] fsgsbase tsc_adjust: "
		"1 -> 0\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"dropped    0x00000007.0x0.ebx[2] sgx: 1 -> 0\n"
		"           tdx-module other (allow-direct)\n"
		"dropped    0x00000007.0x0.ebx[3] bmi1: 1 -> 0\n"
		"           tdx-module other (allow-direct): a note\n"
		"forced     0x00000007.0x0.ebx[5,7] avx2 smep: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"forced     0x00000007.0x0.ecx[7-8] cet_ss: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"forced     0x00000007.0x0.ecx[9]: 1 -> 0\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"runtime    0x00000007.0x0.ecx[10]: 1 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"runtime    0x00000007.0x0.ecx[11]: 1 -> ?\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"\n"
		"summary: 5 forced, 4 dropped, 2 runtime (findings; 1 with a "
		"final value not known in advance)\n"));
	strbuf_release(&sb);
	check_result_release(&r);
}

static void test_text_nothing_notable(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;
	struct finding f;
	const char *s;

	(void)state;
	header(&r);
	r.status.code = 0;
	/* No name, no layer, no message. */
	f = bit(1, false, CPUID_REG_ECX, 0, "pni", VERDICT_AS_CONFIGURED, 1,
		1);
	add(&r, &f);
	f = bit(1, false, CPUID_REG_ECX, 1, "pclmulqdq", VERDICT_NATIVE, 1,
		1);
	add(&r, &f);
	render_check_text(&r, false, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "outcome: accepted\nstatus: 0x0  (-)\n"
				  "parameters:\n\nfindings"));
	assert_non_null(strstr(s, "final):\n"
				  "(no finding other than as-configured or "
				  "native)\n"
				  "\n"
				  "summary: 1 as-configured, 1 native "
				  "(findings; 0 with a final value not known in advance)\n"
				  "(--all lists every bit, as-configured and "
				  "native ones too)\n"));
	assert_null(strstr(s, "pni"));
	strbuf_reset(&sb);

	/* --all shows them; they tell different stories. */
	render_check_text(&r, true, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "final):\n"
		"as-configured 0x00000001.ecx[0] pni: 1 -> 1\n"
		"           tdx-module cpuid_lookup[0] (allow-direct)\n"
		"native     0x00000001.ecx[1] pclmulqdq: 1 -> 1\n"));
	assert_null(strstr(s, "no finding"));
	strbuf_release(&sb);
	check_result_release(&r);

	/* No findings at all. */
	header(&r);
	render_check_text(&r, true, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"final):\n"
		"(no finding other than as-configured or native)\n"
		"\n"
		"summary: (findings; 0 with a final value not known in advance)\n"));
	strbuf_release(&sb);
	check_result_release(&r);
}

static void test_json_default(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;

	(void)state;
	sample(&r);
	render_check_json(&r, false, &sb);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb),
		"{\n"
		"  \"format\": \"certify-check/2\",\n"
		"  \"platform\": \"tdx\",\n"
		"  \"ruleset\": {\n"
		"    \"name\": \"tdx-2.0.18\",\n"
		"    \"version\": \"2.0.18\",\n"
		"    \"source\": \"intel/tdx-module@abc include/x.c\"\n"
		"  },\n"
		"  \"vmm\": \"qemu\",\n"
		"  \"kvm\": \"mainline\",\n"
		"  \"observed\": \"model\",\n"
		"  \"facts\": {},\n"
		"  \"outcome\": \"rejected\",\n"
		"  \"status\": {\n"
		"    \"code\": \"0xc000010000000045\",\n"
		"    \"name\": \"TDX_OPERAND_INVALID\",\n"
		"    \"leaf\": \"0x00000001\",\n"
		"    \"subleaf\": null,\n"
		"    \"layer\": \"tdx-module\",\n"
		"    \"message\": \"the request sets a fixed-0 bit\"\n"
		"  },\n"
		"  \"parameters\": {\n"
		"    \"attributes\": \"0x10000000\",\n"
		"    \"xfam\": \"0x207\"\n"
		"  },\n"
		"  \"warnings\": [\n"
		"    \"leaf 0x7: AVX-512 without XFAM\",\n"
		"    \"second\"\n"
		"  ],\n"
		"  \"all\": false,\n"
		"  \"findings\": [\n"
		"    { \"leaf\": \"0x00000001\", \"subleaf\": null, "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"ecx\", \"bit\": 21, \"width\": 1, "
		"\"name\": \"x2apic\", \"requested\": 0, \"final\": 1, "
		"\"verdict\": \"forced\", \"class\": \"native+verified1\", "
		"\"layer\": \"tdx-module\", \"rule\": \"cpuid_lookup[0]\", "
		"\"source\": \"s\", \"note\": \"why\" },\n"
		"    { \"leaf\": \"0x00000007\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"ebx\", \"bit\": 16, \"width\": 1, "
		"\"name\": \"avx512f\", \"requested\": 1, \"final\": 0, "
		"\"verdict\": \"dropped\", \"class\": \"xfam\", "
		"\"layer\": \"tdx-module\", \"rule\": \"xfam\", "
		"\"source\": \"s\", "
		"\"note\": \"AVX-512 needs XFAM bits 5-7\" },\n"
		"    { \"leaf\": \"0x00000007\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"ebx\", \"bit\": 17, \"width\": 1, "
		"\"name\": \"avx512dq\", \"requested\": 1, \"final\": 0, "
		"\"verdict\": \"dropped\", \"class\": \"xfam\", "
		"\"layer\": \"tdx-module\", \"rule\": \"xfam\", "
		"\"source\": \"s\", "
		"\"note\": \"AVX-512 needs XFAM bits 5-7\" },\n"
		"    { \"leaf\": \"0x00000007\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"ebx\", \"bit\": 18, \"width\": 1, "
		"\"name\": \"rdseed\", \"requested\": 1, \"final\": 0, "
		"\"verdict\": \"dropped\", \"class\": \"xfam\", "
		"\"layer\": \"tdx-module\", \"rule\": \"xfam\", "
		"\"source\": \"s\", "
		"\"note\": \"AVX-512 needs XFAM bits 5-7\" },\n"
		"    { \"leaf\": \"0x00000007\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"ebx\", \"bit\": 21, \"width\": 1, "
		"\"name\": \"avx512ifma\", \"requested\": 1, \"final\": 0, "
		"\"verdict\": \"dropped\", \"class\": \"xfam\", "
		"\"layer\": \"tdx-module\", \"rule\": \"xfam\", "
		"\"source\": \"s\", "
		"\"note\": \"AVX-512 needs XFAM bits 5-7\" },\n"
		"    { \"leaf\": \"0x0000000d\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000007\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"eax\", \"bit\": 0, \"width\": 32, "
		"\"name\": null, \"requested\": 576, \"final\": 832, "
		"\"verdict\": \"untrusted\", \"class\": \"untrusted\", "
		"\"layer\": \"guest\", \"rule\": \"xsave-size\", "
		"\"source\": \"s\", \"note\": null }\n"
		"  ],\n"
		"  \"corrections\": [],\n"
		"  \"final_cpuid\": [\n"
		"    { \"leaf\": \"0x00000001\", \"subleaf\": null, "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"eax\": \"0x00000000\", \"ebx\": \"0x00000000\", "
		"\"ecx\": \"0x00600000\", \"edx\": \"0x00000000\", "
		"\"host_dependent\": { \"eax\": \"0x0000000f\", "
		"\"ebx\": \"0x00000000\", \"ecx\": \"0x00000000\", "
		"\"edx\": \"0x00000000\" } },\n"
		"    { \"leaf\": \"0x00000007\", \"subleaf\": \"0x00000000\", "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"eax\": \"0x00000000\", \"ebx\": \"0x00080000\", "
		"\"ecx\": \"0x00000000\", \"edx\": \"0x00000000\", "
		"\"host_dependent\": null }\n"
		"  ]\n"
		"}\n");
	strbuf_release(&sb);
	check_result_release(&r);
}

static void test_json_all(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;
	const char *s, *p;
	size_t n = 0;

	(void)state;
	sample(&r);
	render_check_json(&r, true, &sb);
	s = strbuf_str(&sb);
	assert_non_null(strstr(s, "\n  \"all\": true,\n"));
	/* All nine findings, one object per line, never merged. */
	p = strstr(s, "\"findings\": [\n");
	assert_non_null(p);
	for (; (p = strstr(p, "\n    { \"leaf\": ")) &&
	       p < strstr(s, "\"final_cpuid\""); p++)
		n++;
	assert_int_equal(n, 9);
	/* Unknown values are null. */
	assert_non_null(strstr(s,
		"    { \"leaf\": \"0x00000001\", \"subleaf\": null, "
		"\"xcr0_in\": \"0x0000000000000000\", "
		"\"xss_in\": \"0x0000000000000000\", "
		"\"reg\": \"eax\", \"bit\": 0, \"width\": 4, "
		"\"name\": \"stepping\", \"requested\": null, "
		"\"final\": null, \"verdict\": \"native\", "
		"\"class\": \"native\", \"layer\": \"tdx-module\", "
		"\"rule\": \"cpuid_lookup[0]\", \"source\": \"s\", "
		"\"note\": null },\n"));
	assert_non_null(strstr(s, "\"bit\": 19, \"width\": 1, "
				  "\"name\": \"adx\", \"requested\": 1, "
				  "\"final\": 1, "
				  "\"verdict\": \"as-configured\""));
	strbuf_release(&sb);
	check_result_release(&r);
}

static void test_json_status_and_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;

	(void)state;
	header(&r);
	r.outcome = OUTCOME_ACCEPTED;
	/* A sub-leaf without a leaf is not shown. */
	r.status.has_subleaf = true;
	r.status.subleaf = 3;
	render_check_json(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"  \"outcome\": \"accepted\",\n"
		"  \"status\": {\n"
		"    \"code\": \"0x0\",\n"
		"    \"name\": \"\",\n"
		"    \"leaf\": null,\n"
		"    \"subleaf\": null,\n"
		"    \"layer\": \"\",\n"
		"    \"message\": \"\"\n"
		"  },\n"
		"  \"parameters\": {},\n"
		"  \"warnings\": [],\n"
		"  \"all\": false,\n"
		"  \"findings\": [],\n"
		"  \"corrections\": [],\n"
		"  \"final_cpuid\": []\n"
		"}\n"));
	strbuf_reset(&sb);

	/* With its leaf, the sub-leaf as 8 hex digits. */
	r.status.has_leaf = true;
	r.status.leaf = 0xd;
	r.status.code = 0x8000000000000000ull;
	render_check_json(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"    \"code\": \"0x8000000000000000\",\n"
		"    \"name\": \"\",\n"
		"    \"leaf\": \"0x0000000d\",\n"
		"    \"subleaf\": \"0x00000003\",\n"));
	strbuf_reset(&sb);
	render_check_text(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
			       "status: 0x8000000000000000  at leaf "
			       "0x0000000d sub-leaf 0x3 (-)\n"
			       "parameters:\n"));
	strbuf_release(&sb);
	check_result_release(&r);
}

/* Text in the JSON is escaped. */
static void test_json_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;

	(void)state;
	header(&r);
	r.status.message = "say \"no\"\n\tthen C:\\x";
	assert_int_equal(check_result_warn(&r, "bell\x07"), 0);
	render_check_json(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"\"message\": \"say \\\"no\\\"\\n\\tthen C:\\\\x\"\n"));
	assert_non_null(strstr(strbuf_str(&sb),
		"  \"warnings\": [\n    \"bell\\u0007\"\n  ],\n"));
	strbuf_release(&sb);
	check_result_release(&r);
}

/* Marks @r observed on hardware, with two platform facts. */
static void observed(struct check_result *r)
{
	r->hardware = true;
	assert_int_equal(check_result_fact(r, "kernel", "%s", "6.18.44"), 0);
	assert_int_equal(check_result_fact(r, "vm types",
					   "0x%x (KVM_CAP_VM_TYPES)", 1), 0);
}

/*
 * A probe's result: "certify probe:" first, then what was observed, one
 * fact a line in the order recorded; the rest as for a model's result.
 */
static void test_text_hardware(void **state)
{
	struct strbuf model = STRBUF_INIT, hw = STRBUF_INIT;
	struct check_result r;
	const char *rest;

	(void)state;
	sample(&r);
	render_check_text(&r, false, &model);
	assert_null(strstr(strbuf_str(&model), "observed"));
	assert_null(strstr(strbuf_str(&model), "probe"));
	rest = strchr(strbuf_str(&model), '\n');
	assert_non_null(rest);
	assert_string_equal(rest + 1,
		"outcome: rejected\n"
		"status: 0xc000010000000045 TDX_OPERAND_INVALID at leaf "
		"0x00000001 (tdx-module)\n"
		"  the request sets a fixed-0 bit\n"
		"parameters: attributes=0x10000000 xfam=0x207\n"
		"warning: leaf 0x7: AVX-512 without XFAM\n"
		"warning: second\n"
		"\n"
		"findings (verdict, leaf.sub-leaf.register[bits] names: "
		"requested -> final):\n"
		"forced     0x00000001.ecx[21] x2apic: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (native+verified1): "
		"why\n"
		"dropped    0x00000007.0x0.ebx[16-18,21] avx512f avx512dq "
		"rdseed avx512ifma: 1 -> 0\n"
		"           tdx-module xfam (xfam): AVX-512 needs XFAM bits "
		"5-7\n"
		"untrusted  0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0).eax[31:0]: "
		"0x240 -> 0x340\n"
		"           guest xsave-size (untrusted)\n"
		"\n"
		"summary: 2 as-configured, 1 forced, 4 dropped, 1 native, "
		"1 untrusted (findings; 1 with a final value not known in "
		"advance)\n"
		"(--all lists every bit, as-configured and native ones too)\n");

	observed(&r);
	render_check_text(&r, false, &hw);
	assert_false(strbuf_failed(&hw));
	assert_string_equal(strbuf_str(&hw),
		"certify probe: platform tdx, rule set tdx-2.0.18 "
		"(intel/tdx-module@abc include/x.c), vmm qemu, kvm mainline\n"
		"observed on hardware (KVM):\n"
		"  kernel: 6.18.44\n"
		"  vm types: 0x1 (KVM_CAP_VM_TYPES)\n"
		"outcome: rejected\n"
		"status: 0xc000010000000045 TDX_OPERAND_INVALID at leaf "
		"0x00000001 (tdx-module)\n"
		"  the request sets a fixed-0 bit\n"
		"parameters: attributes=0x10000000 xfam=0x207\n"
		"warning: leaf 0x7: AVX-512 without XFAM\n"
		"warning: second\n"
		"\n"
		"findings (verdict, leaf.sub-leaf.register[bits] names: "
		"requested -> final):\n"
		"forced     0x00000001.ecx[21] x2apic: 0 -> 1\n"
		"           tdx-module cpuid_lookup[0] (native+verified1): "
		"why\n"
		"dropped    0x00000007.0x0.ebx[16-18,21] avx512f avx512dq "
		"rdseed avx512ifma: 1 -> 0\n"
		"           tdx-module xfam (xfam): AVX-512 needs XFAM bits "
		"5-7\n"
		"untrusted  0x0000000d.0x0(xcr0_in=0x7,xss_in=0x0).eax[31:0]: "
		"0x240 -> 0x340\n"
		"           guest xsave-size (untrusted)\n"
		"\n"
		"summary: 2 as-configured, 1 forced, 4 dropped, 1 native, "
		"1 untrusted (findings; 1 with a final value not known in "
		"advance)\n"
		"(--all lists every bit, as-configured and native ones too)\n");
	strbuf_release(&model);
	strbuf_release(&hw);
	check_result_release(&r);

	/* Observed, with no fact recorded: the heading alone. */
	header(&r);
	r.hardware = true;
	render_check_text(&r, false, &hw);
	assert_true(strbuf_str(&hw) == strstr(strbuf_str(&hw),
		"certify probe: platform tdx, rule set tdx-2.0.18 "
		"(intel/tdx-module@abc include/x.c), vmm qemu, kvm mainline\n"
		"observed on hardware (KVM):\n"
		"outcome: accepted\n"));
	strbuf_release(&hw);
	check_result_release(&r);
}

/* "observed" and "facts" right after "kvm", always there. */
static void test_json_hardware(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct check_result r;

	(void)state;
	header(&r);
	observed(&r);
	render_check_json(&r, false, &sb);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb),
		"{\n"
		"  \"format\": \"certify-check/2\",\n"
		"  \"platform\": \"tdx\",\n"
		"  \"ruleset\": {\n"
		"    \"name\": \"tdx-2.0.18\",\n"
		"    \"version\": \"2.0.18\",\n"
		"    \"source\": \"intel/tdx-module@abc include/x.c\"\n"
		"  },\n"
		"  \"vmm\": \"qemu\",\n"
		"  \"kvm\": \"mainline\",\n"
		"  \"observed\": \"hardware\",\n"
		"  \"facts\": {\n"
		"    \"kernel\": \"6.18.44\",\n"
		"    \"vm types\": \"0x1 (KVM_CAP_VM_TYPES)\"\n"
		"  },\n"
		"  \"outcome\": \"accepted\",\n"
		"  \"status\": {\n"
		"    \"code\": \"0x0\",\n"
		"    \"name\": \"\",\n"
		"    \"leaf\": null,\n"
		"    \"subleaf\": null,\n"
		"    \"layer\": \"\",\n"
		"    \"message\": \"\"\n"
		"  },\n"
		"  \"parameters\": {},\n"
		"  \"warnings\": [],\n"
		"  \"all\": false,\n"
		"  \"findings\": [],\n"
		"  \"corrections\": [],\n"
		"  \"final_cpuid\": []\n"
		"}\n");
	strbuf_reset(&sb);

	/* Facts are strings, escaped as any other. */
	assert_int_equal(check_result_fact(&r, "say \"x\"", "a\\b\n"), 0);
	render_check_json(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"    \"vm types\": \"0x1 (KVM_CAP_VM_TYPES)\",\n"
		"    \"say \\\"x\\\"\": \"a\\\\b\\n\"\n"
		"  },\n"));
	strbuf_reset(&sb);

	/* A model's result: "model" and no facts. */
	r.hardware = false;
	render_check_json(&r, false, &sb);
	assert_non_null(strstr(strbuf_str(&sb),
		"  \"kvm\": \"mainline\",\n"
		"  \"observed\": \"model\",\n"
		"  \"facts\": {},\n"
		"  \"outcome\": \"accepted\",\n"));
	strbuf_release(&sb);
	check_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_default),
		cmocka_unit_test(test_text_all),
		cmocka_unit_test(test_text_merge_rules),
		cmocka_unit_test(test_text_nothing_notable),
		cmocka_unit_test(test_json_default),
		cmocka_unit_test(test_json_all),
		cmocka_unit_test(test_json_status_and_empty),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_text_hardware),
		cmocka_unit_test(test_json_hardware),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
