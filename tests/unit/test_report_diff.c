// SPDX-License-Identifier: MIT
/*
 * reports/report_diff.c: `certify diff A B`.
 *
 * Expected lines follow reports/report_diff.h and the format of
 * report_diff.c's header and bits section; for real checks, the verdicts
 * come from the rule files (models/tdx/tdx-1.5.06.rules and
 * tdx-1.5.34.rules, leaf 1 EDX) and research/tdx.md §2.6-2.7, read by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "reports/report.h"
#include "reports/report_diff.h"
#include "tdx/tdx_check.h"
#include "tdx/tdx_module.h"

#define BITS_HEAD "bits (verdict and final value, A -> B):\n"
#define NONE BITS_HEAD "  (none)\n"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- hand-built reports ---- */

static void base(struct report *r)
{
	report_init(r);
	r->res.platform = "tdx";
	r->res.ruleset = "tdx-2.0.18";
	r->res.ruleset_version = "2.0.18";
	r->res.ruleset_source = "intel/tdx-module@e69a439";
	r->res.vmm = "none";
	r->res.kvm = "mainline";
	r->res.outcome = OUTCOME_ACCEPTED;
	r->res.status.layer = "tdx-module";
	r->res.status.name = "TDX_SUCCESS";
	r->res.status.message = "";
}

struct fspec {
	uint32_t leaf;
	int sub;		/* -1: not indexed */
	unsigned int reg, bit, width;
	enum verdict v;
	int final;		/* -1: not known */
	const char *name;
	const char *rule;
	uint64_t xcr0;
};

static void add(struct report *r, const struct fspec *s)
{
	struct finding f = {
		.leaf = s->leaf,
		.indexed = s->sub >= 0,
		.subleaf = s->sub >= 0 ? (uint32_t)s->sub : 0,
		.xcr0_in = s->xcr0,
		.reg = (uint8_t)s->reg,
		.bit = (uint8_t)s->bit,
		.width = (uint8_t)s->width,
		.name = s->name,
		.has_final = s->final >= 0,
		.final = s->final >= 0 ? (uint32_t)s->final : 0,
		.verdict = s->v,
		.class = "c",
		.layer = "tdx-module",
		.rule = s->rule ? s->rule : "r",
		.source = "s",
	};

	assert_int_equal(check_result_add(&r->res, &f), 0);
}

/* report_diff(@a, @b) is @want, with a count that is 0 exactly when
 * nothing differs. */
static size_t expect_diff(const struct report *a, const struct report *b,
			  const char *want)
{
	struct strbuf out = STRBUF_INIT;
	size_t n = report_diff(a, b, &out);

	assert_false(strbuf_failed(&out));
	if (strcmp(strbuf_str(&out), want))
		fail_msg("diff:\n%s\nexpected:\n%s", strbuf_str(&out), want);
	if (strcmp(want, NONE))
		assert_true(n > 0);
	else
		assert_int_equal(n, 0);
	strbuf_release(&out);
	return n;
}

static void test_identical(void **state)
{
	static const struct fspec fs[] = {
		{ 1, -1, CPUID_REG_ECX, 5, 1, VERDICT_FORCED, 1, "vmx", NULL, 0 },
		{ 7, 0, CPUID_REG_EBX, 16, 2, VERDICT_NATIVE, -1, NULL, NULL,
		  0 },
	};
	struct report a, b;
	size_t i;

	(void)state;
	base(&a);
	base(&b);
	for (i = 0; i < ARRAY_SIZE(fs); i++) {
		add(&a, &fs[i]);
		add(&b, &fs[i]);
	}
	expect_diff(&a, &b, NONE);
	expect_diff(&a, &a, NONE);
	/* Empty reports agree too. */
	report_release(&b);
	base(&b);
	expect_diff(&b, &b, NONE);

	/* What is not compared: iat, the signature, the tool's name, the
	 * rule set's source text, warnings and parameters. */
	report_release(&b);
	base(&b);
	for (i = 0; i < ARRAY_SIZE(fs); i++)
		add(&b, &fs[i]);
	b.has_iat = true;
	b.iat = 1;
	b.sig.present = true;
	b.res.ruleset_source = "elsewhere";
	assert_int_equal(check_result_warn(&b.res, "w"), 0);
	expect_diff(&a, &b, NONE);
	report_release(&a);
	report_release(&b);
}

static void test_header_lines(void **state)
{
	static const uint8_t abc[] = "abc";
	struct report a, b;

	(void)state;
	base(&a);
	base(&b);
	b.res.ruleset = "tdx-1.5.34";
	expect_diff(&a, &b, "rule set: tdx-2.0.18 -> tdx-1.5.34\n" NONE);
	b.res.ruleset = a.res.ruleset;

	b.ruleset_sha256[0] = 0x01;
	b.ruleset_sha256[31] = 0xff;
	expect_diff(&a, &b, "rule set (sha-256): " ZERO64 " -> 01"
		    "000000000000000000000000000000" /* 15 bytes */
		    "000000000000000000000000000000" /* 15 more */
		    "ff\n" NONE);
	memset(b.ruleset_sha256, 0, 32);

	b.res.platform = "snp";
	b.tool_version = "0.0.1";
	b.res.vmm = "qemu";
	b.res.kvm = "none";
	expect_diff(&a, &b, "platform: tdx -> snp\n"
			    "tool version: " CERTIFY_VERSION " -> 0.0.1\n"
			    "vmm: none -> qemu\n"
			    "kvm: mainline -> none\n" NONE);
	report_release(&b);

	/* Inputs by role, "-" where one side has none. */
	base(&b);
	assert_int_equal(report_add_input(&a, "config", "a.cfg", abc, 3), 0);
	assert_int_equal(report_add_input(&a, "host", "h.cfg", abc, 3), 0);
	assert_int_equal(report_add_input(&b, "config", "a.cfg", abc, 0), 0);
	assert_int_equal(report_add_input(&b, "rules", "x.rules", abc, 3), 0);
	expect_diff(&a, &b, "config (sha-256): " SHA_ABC " -> " SHA_EMPTY "\n"
			    "host (sha-256): " SHA_ABC " -> -\n"
			    "rules (sha-256): - -> " SHA_ABC "\n" NONE);
	/* Names are not compared, only the bytes' digests. */
	report_release(&b);
	base(&b);
	assert_int_equal(report_add_input(&b, "config", "other.cfg", abc, 3),
			 0);
	assert_int_equal(report_add_input(&b, "host", "dir/h2.cfg", abc, 3),
			 0);
	expect_diff(&a, &b, NONE);
	report_release(&a);
	report_release(&b);

	/* Outcome and status, each of its parts, and the corrections. */
	base(&a);
	base(&b);
	b.res.outcome = OUTCOME_REJECTED;
	b.res.status.layer = "sev-firmware";
	b.res.status.code = 0x16;
	b.res.status.name = "INVALID_PARAM";
	b.res.status.message = "fix it";
	{
		struct check_correction c = {
			.field = "edx", .layer = "sev-firmware", .rule = "r",
			.source = "s",
		};

		assert_int_equal(check_result_correction(&b.res, &c), 0);
	}
	expect_diff(&a, &b, "outcome: accepted -> rejected\n"
			    "status code: 0x0 -> 0x16\n"
			    "status: TDX_SUCCESS -> INVALID_PARAM\n"
			    "status layer: tdx-module -> sev-firmware\n"
			    "status message:  -> fix it\n"
			    "corrections: 0 -> 1\n" NONE);
	/* A NULL message is shown as "-", and equals "". */
	a.res.status.message = NULL;
	b.res.status.message = NULL;
	b.res.status.layer = "tdx-module";
	b.res.status.code = 0xc000010000000045ull;
	b.res.status.name = "TDX_OPERAND_INVALID(CPUID_CONFIG)";
	b.res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	b.res.ncorrections = 0;
	expect_diff(&a, &b, "outcome: accepted -> accepted-with-changes\n"
			    "status code: 0x0 -> 0xc000010000000045\n"
			    "status: TDX_SUCCESS -> "
			    "TDX_OPERAND_INVALID(CPUID_CONFIG)\n" NONE);
	a.res.status.message = "";
	b.res.status.message = "x";
	b.res.status.code = 0;
	b.res.status.name = "TDX_SUCCESS";
	b.res.outcome = OUTCOME_ACCEPTED;
	expect_diff(&a, &b, "status message:  -> x\n" NONE);
	a.res.status.message = NULL;
	expect_diff(&a, &b, "status message: - -> x\n" NONE);
	report_release(&a);
	report_release(&b);
}

/* The options report_diff.h names: --strict and --host-cpu are options
 * too (CDDL options 2 and 3), and strict changes what certifies. */
static void test_options(void **state)
{
	struct report a, b;
	struct strbuf out = STRBUF_INIT;
	size_t n;

	(void)state;
	base(&a);
	base(&b);
	b.strict = true;
	b.res.outcome = a.res.outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
	/* The two reports disagree on whether this certifies. */
	assert_true(report_certified(&a));
	assert_false(report_certified(&b));
	n = report_diff(&a, &b, &out);
	if (!n || !strstr(strbuf_str(&out), "strict")) {
		strbuf_release(&out);
		report_release(&a);
		report_release(&b);
		fail_msg("--strict differs and report_diff says nothing");
	}
	strbuf_reset(&out);
	b.strict = false;
	b.host_cpu = 3;
	n = report_diff(&a, &b, &out);
	assert_true(n > 0);
	assert_non_null(strstr(strbuf_str(&out), "host"));
	strbuf_release(&out);
	report_release(&a);
	report_release(&b);
}

/* ---- bits ---- */

/* A field in A, its bits one by one in B: the same bits, no difference. */
static void test_field_vs_bits(void **state)
{
	struct fspec field = { 7, 0, CPUID_REG_EBX, 0, 4, VERDICT_FORCED, 0xa,
			       "fld", NULL, 0 };
	struct report a, b;
	unsigned int i;

	(void)state;
	base(&a);
	base(&b);
	add(&a, &field);
	for (i = 0; i < 4; i++) {
		struct fspec one = { 7, 0, CPUID_REG_EBX, i, 1, VERDICT_FORCED,
				     (0xa >> i) & 1, NULL, NULL, 0 };

		add(&b, &one);
	}
	expect_diff(&a, &b, NONE);
	expect_diff(&b, &a, NONE);

	/* The order findings come in does not matter either. */
	report_release(&b);
	base(&b);
	for (i = 4; i-- > 0;) {
		struct fspec one = { 7, 0, CPUID_REG_EBX, i, 1, VERDICT_FORCED,
				     (0xa >> i) & 1, NULL, NULL, 0 };

		add(&b, &one);
	}
	expect_diff(&a, &b, NONE);

	/* One bit's final value differs: that bit alone. */
	b.res.findings[1].final ^= 1;	/* bit 2: 0 -> 1 */
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000007.0x0.ebx[2] fld: forced 0 -> forced 1\n");
	report_release(&a);
	report_release(&b);
}

static void test_ranges(void **state)
{
	struct fspec fa = { 7, 0, CPUID_REG_EBX, 16, 2, VERDICT_AS_CONFIGURED,
			    3, "f", NULL, 0 };
	struct fspec fb = fa;
	struct report a, b;

	(void)state;
	/* A verdict change on bits 16-17: one line. */
	base(&a);
	base(&b);
	add(&a, &fa);
	fb.v = VERDICT_FORCED;
	add(&b, &fb);
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000007.0x0.ebx[16-17] f: as-configured 1 -> "
		    "forced 1\n");
	/* The same with single-bit findings in B. */
	report_release(&b);
	base(&b);
	{
		struct fspec b16 = { 7, 0, CPUID_REG_EBX, 16, 1, VERDICT_FORCED,
				     1, NULL, NULL, 0 };
		struct fspec b17 = b16;

		b17.bit = 17;
		add(&b, &b16);
		add(&b, &b17);
	}
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000007.0x0.ebx[16-17] f: as-configured 1 -> "
		    "forced 1\n");
	report_release(&a);
	report_release(&b);

	/* Adjacent bits that change differently: two runs. */
	base(&a);
	base(&b);
	fa.width = 4;
	fa.final = 0xf;
	add(&a, &fa);
	{
		struct fspec f1 = { 7, 0, CPUID_REG_EBX, 16, 2, VERDICT_FORCED,
				    3, "f", NULL, 0 };
		struct fspec f2 = { 7, 0, CPUID_REG_EBX, 18, 2, VERDICT_DROPPED,
				    0, "g", NULL, 0 };

		add(&b, &f1);
		add(&b, &f2);
	}
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000007.0x0.ebx[16-17] f: as-configured 1 -> "
		    "forced 1\n"
		    "  0x00000007.0x0.ebx[18-19] g: as-configured 1 -> "
		    "dropped 0\n");
	report_release(&a);
	report_release(&b);

	/* The same change on bits that are not adjacent, or adjacent only
	 * across registers or sub-leaves: separate lines. */
	base(&a);
	base(&b);
	{
		static const struct fspec as[] = {
			{ 1, -1, CPUID_REG_EBX, 31, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
			{ 1, -1, CPUID_REG_ECX, 0, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
			{ 1, -1, CPUID_REG_ECX, 3, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
			{ 1, -1, CPUID_REG_ECX, 5, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
			{ 4, 0, CPUID_REG_EAX, 31, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
			{ 4, 1, CPUID_REG_EAX, 0, 1, VERDICT_NATIVE, 0, NULL,
			  NULL, 0 },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(as); i++) {
			struct fspec x = as[i];

			add(&a, &x);
			x.final = 1;
			add(&b, &x);
		}
	}
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000001.ebx[31]: native 0 -> native 1\n"
		    "  0x00000001.ecx[0]: native 0 -> native 1\n"
		    "  0x00000001.ecx[3]: native 0 -> native 1\n"
		    "  0x00000001.ecx[5]: native 0 -> native 1\n"
		    "  0x00000004.0x0.eax[31]: native 0 -> native 1\n"
		    "  0x00000004.0x1.eax[0]: native 0 -> native 1\n");
	report_release(&a);
	report_release(&b);
}

static void test_absent_and_unknown(void **state)
{
	struct fspec vmx = { 1, -1, CPUID_REG_ECX, 5, 1, VERDICT_FORCED, 1,
			     "vmx", NULL, 0 };
	struct fspec host = { 1, -1, CPUID_REG_EDX, 0, 1, VERDICT_NATIVE, -1,
			      "fpu", NULL, 0 };
	struct report a, b;

	(void)state;
	/* Absent on one side: "(absent)" with no value ("-"). */
	base(&a);
	base(&b);
	add(&a, &vmx);
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000001.ecx[5] vmx: forced 1 -> (absent) -\n");
	expect_diff(&b, &a, BITS_HEAD
		    "  0x00000001.ecx[5] vmx: (absent) - -> forced 1\n");

	/* A final value not known in advance: "?". */
	add(&a, &host);
	host.final = 1;
	add(&b, &vmx);
	add(&b, &host);
	expect_diff(&a, &b, BITS_HEAD
		    "  0x00000001.edx[0] fpu: native ? -> native 1\n");
	report_release(&a);
	report_release(&b);

	/* An unknown field on both sides: no difference, whatever the
	 * ignored final bits hold. */
	base(&a);
	base(&b);
	host.final = -1;
	host.width = 8;
	add(&a, &host);
	add(&b, &host);
	b.res.findings[0].final = 0xff;
	expect_diff(&a, &b, NONE);
	report_release(&a);
	report_release(&b);
}

static void test_keys_and_rules(void **state)
{
	struct fspec x = { 0xd, 1, CPUID_REG_EAX, 3, 1, VERDICT_AS_CONFIGURED,
			   1, "xsaves", "r1", 0x7 };
	struct fspec y = x;
	struct report a, b;

	(void)state;
	/* xcr0_in shown when not 0; a changed rule named. */
	base(&a);
	base(&b);
	add(&a, &x);
	y.v = VERDICT_DROPPED;
	y.final = 0;
	y.rule = "r2";
	add(&b, &y);
	expect_diff(&a, &b, BITS_HEAD
		    "  0x0000000d.0x1(xcr0_in=0x7,xss_in=0x0).eax[3] xsaves: "
		    "as-configured 1 -> dropped 0 (rule r1 -> r2)\n");
	report_release(&b);

	/* The same bit for another xcr0_in is another bit. */
	base(&b);
	y = x;
	y.xcr0 = 0x3;
	add(&b, &y);
	expect_diff(&a, &b, BITS_HEAD
		    "  0x0000000d.0x1(xcr0_in=0x3,xss_in=0x0).eax[3] xsaves: "
		    "(absent) - -> as-configured 1\n"
		    "  0x0000000d.0x1(xcr0_in=0x7,xss_in=0x0).eax[3] xsaves: "
		    "as-configured 1 -> (absent) -\n");
	report_release(&b);

	/* Only the rule differs: not a difference of the bit. */
	base(&b);
	y = x;
	y.rule = "r3";
	add(&b, &y);
	expect_diff(&a, &b, NONE);
	report_release(&a);
	report_release(&b);
}

/* ---- the same config under two TDX modules ---- */

/*
 * A request for MCE (bit 7), MTRR (12) and MCA (14) of leaf 1 EDX, which
 * tdx-1.5.06.rules has as "native+verified1" (0-8, 11-16: not
 * configurable) and tdx-1.5.34.rules as "allow-direct+verified1"
 * (research/tdx.md §2.7: 1.EDX allow_direct 0xB8445080 in 1.5.34), and
 * which 1.5.34's FEATURE_PARAVIRT_CTLS special makes guest-mutable with
 * ACPI (22) (§2.6).  The host (embedded:intel-xeon-6788p) has 1.EDX
 * 0xbfebfbff: bits 7, 12, 14 and 22 set.  0x80000008 carries KVM's GPAW
 * (48); XFAM is x87|SSE, the fixed-1 bits.
 */
static const char two_module_config[] =
	"tdx.attributes = 0x10000000\n"
	"tdx.xfam = 0x3\n"
	"0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00000000 "
	"edx=0x00005080\n"
	"0x80000008 0x00: eax=0x00300000 ebx=0x00000000 ecx=0x00000000 "
	"edx=0x00000000\n";

static void tdx_run(const char *rules, const struct cpuid_set *host,
		    struct ruleset *rs, struct report *r)
{
	struct check_request req = { .vmm = "none", .kvm = "mainline",
				     .host = host };
	struct config cfg;
	struct diag d;

	if (test_read_text(two_module_config, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	/* The rule set outlives the report: findings may point into it. */
	if (ruleset_load_embedded(rules, rs, &d))
		fail_msg("%s", d.msg);
	req.config = &cfg;
	req.rules = rs;
	report_init(r);
	if (tdx_check(&req, &r->res, &d))
		fail_msg("%s", d.msg);
	config_release(&cfg);
}

static void expect_line(const char *out, const char *line)
{
	if (!strstr(out, line))
		fail_msg("no line \"%s\" in:\n%s", line, out);
}

static void test_tdx_modules(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset rs_a, rs_b;
	struct dump_opts opts = { .format = DUMP_CONFIG, .cpu = -1 };
	struct input host_in;
	struct config host;
	struct report a, b;
	struct diag d;
	const char *s;
	char code[64];
	size_t n;

	(void)state;
	if (input_load(&host_in, "embedded:intel-xeon-6788p", &d))
		fail_msg("%s", d.msg);
	config_init(&host);
	if (dump_read(&host_in, &opts, &host, &d))
		fail_msg("%s", d.msg);

	tdx_run("tdx-1.5.06", &host.cpuid, &rs_a, &a);
	tdx_run("tdx-1.5.34", &host.cpuid, &rs_b, &b);
	n = report_diff(&a, &b, &out);
	assert_false(strbuf_failed(&out));
	s = strbuf_str(&out);
	assert_true(n > 0);
	if (getenv("CERTIFY_TEST_VERBOSE"))
		printf("%s", s);

	/* The header: only the rule set, the outcome and the status. */
	assert_true(!strncmp(s, "rule set: tdx-1.5.06 -> tdx-1.5.34\n"
			     "outcome: rejected -> accepted-with-changes\n",
			     strlen("rule set: tdx-1.5.06 -> tdx-1.5.34\n"
				    "outcome: rejected -> "
				    "accepted-with-changes\n")));
	snprintf(code, sizeof(code), "\nstatus code: 0x%llx -> 0x0\n",
		 (unsigned long long)(TDX_OPERAND_INVALID |
				      TDX_OPERAND_ID_CPUID_CONFIG));
	expect_line(s, code);
	expect_line(s, "\nstatus: TDX_OPERAND_INVALID(CPUID_CONFIG) -> "
		       "TDX_SUCCESS\n");
	/* 1.5.06 names the three bits it cannot configure. */
	expect_line(s, "\nstatus message: CPUID leaf 0x1: edx bit 7 (mce), "
		       "edx bit 12 (mtrr), edx bit 14 (mca) are not "
		       "configurable");
	assert_null(strstr(s, "platform:"));
	assert_null(strstr(s, "vmm:"));
	assert_null(strstr(s, "status layer:"));
	assert_null(strstr(s, "corrections:"));

	/*
	 * Per bit: 1.5.06 rejects the request (the host's 1 stays the
	 * value); 1.5.34 takes it (request 1 AND host 1) and the guest may
	 * change it at run time.  ACPI, not requested: as configured (0)
	 * under 1.5.06's allow-direct, then run time under 1.5.34.
	 */
	expect_line(s, "\n  0x00000001.edx[7] mce: rejected 1 -> runtime 1 "
		       "(rule cpuid_lookup[0] -> FEATURE_PARAVIRT_CTLS)\n");
	expect_line(s, "\n  0x00000001.edx[12] mtrr: rejected 1 -> runtime 1 "
		       "(rule cpuid_lookup[0] -> FEATURE_PARAVIRT_CTLS)\n");
	expect_line(s, "\n  0x00000001.edx[14] mca: rejected 1 -> runtime 1 "
		       "(rule cpuid_lookup[0] -> FEATURE_PARAVIRT_CTLS)\n");
	expect_line(s, "\n  0x00000001.edx[22] acpi: as-configured 0 -> "
		       "runtime 0 (rule cpuid_lookup[0] -> "
		       "FEATURE_PARAVIRT_CTLS)\n");
	/* Bits whose class and value are the same in both (8 CX8, 13 PGE,
	 * native+verified1; 18 PN, allow-direct) are not listed. */
	assert_null(strstr(s, "0x00000001.edx[8]"));
	assert_null(strstr(s, "0x00000001.edx[13]"));
	assert_null(strstr(s, "0x00000001.edx[18]"));
	assert_null(strstr(s, "0x00000001.edx[7-"));
	/*
	 * 7.0.EDX[30] CORE_CAPABILITIES, not requested: native+verified1 in
	 * 1.5.06 (the host's 1, edx 0xffdd4432), allow-direct+verified1 in
	 * 1.5.34, so 0 unless the VMM sets it (research/tdx.md §3.8: "an
	 * unchanged VMM configuration silently loses features"), and
	 * guest-mutable.
	 */
	expect_line(s, "\n  0x00000007.0x0.edx[30] core_capabilities: forced 1 "
		       "-> runtime 0 (rule cpuid_lookup[5] -> "
		       "FEATURE_PARAVIRT_CTLS)\n");

	/* B against itself: nothing. */
	strbuf_reset(&out);
	assert_int_equal(report_diff(&b, &b, &out), 0);
	assert_string_equal(strbuf_str(&out), NONE);

	strbuf_release(&out);
	report_release(&a);
	report_release(&b);
	ruleset_release(&rs_a);
	ruleset_release(&rs_b);
	config_release(&host);
	input_release(&host_in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_header_lines),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_field_vs_bits),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_absent_and_unknown),
		cmocka_unit_test(test_keys_and_rules),
		cmocka_unit_test(test_tdx_modules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
