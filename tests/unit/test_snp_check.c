// SPDX-License-Identifier: MIT
/*
 * The SNP pipeline end to end (snp/snp_check.c): launch parameters (KVM,
 * firmware SNP_LAUNCH_START), the page (config, --page or QEMU), the Genoa
 * firmware's SNP_LAUNCH_UPDATE of it and the Linux guest's use of what it
 * accepts; the corrections the firmware writes back and the page or
 * config --write-corrected makes of them.
 *
 * Expected values come from research/snp.md (§2 page layout, §3 firmware
 * rules and quirks, §4.3 KVM, §5 QEMU, §6 guest) and the rule set
 * models/snp/snp-genoa-1.55.25.rules, cited per test.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "certify/config_write.h"

/*
 * A config the firmware and the guest take as it is:
 *  - 0x0 EAX 0x10: "le 0x10";
 *  - 0x1 EAX 0x00a10f11 (Genoa; no host, so the FMS is not compared) with
 *    nothing in mbz 0xf000f000, EBX[15:8] 8 (CLFLUSH) and EBX[7:0] 0,
 *    ECX = EDX = 0 (within any mask);
 *  - 0x80000000 EAX 0x8000001F: "le 0x80000028", and what the guest needs;
 *  - 0x8000001F EAX 0x1A (SEV|SEV-ES|SNP) within 0x030fffff, EBX 0x33:
 *    (EBX & ~0xffc0) == 0x33, VMPLs [15:12] 0 <= 4.
 */
#define AMD "ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65"
#define L0 "0x00000000 0x00: eax=0x00000010 " AMD "\n"
#define L1(ebx, ecx) "0x00000001 0x00: eax=0x00a10f11 ebx=" ebx " ecx=" \
		     ecx " edx=0x00000000\n"
#define E0 "0x80000000 0x00: eax=0x8000001f " AMD "\n"
#define E1F(eax) "0x8000001f 0x00: eax=" eax " ebx=0x00000033 " \
		 "ecx=0x00000000 edx=0x00000000\n"
#define MIN L0 L1("0x00000800", "0x00000000") E0 E1F("0x0000001a")

#define INVALID_PARAM 0x16	/* SEV_RET_INVALID_PARAM */
#define POLICY_FAILURE 0x07	/* SEV_RET_POLICY_FAILURE */
#define GEN_REQ 0x100		/* GHCB_MSR_TERM_REQ, set 0, reason 0 */

static void expect_status(const struct check_result *r, uint64_t code,
			  const char *name, const char *layer)
{
	if (r->status.code != code)
		fail_msg("status 0x%llx %s (%s), expected 0x%llx",
			 (unsigned long long)r->status.code,
			 r->status.name ? r->status.name : "",
			 r->status.message ? r->status.message : "",
			 (unsigned long long)code);
	assert_string_equal(r->status.name, name);
	assert_string_equal(r->status.layer, layer);
	assert_int_equal(r->outcome, code ? OUTCOME_REJECTED :
					    r->outcome);
}

static bool has_warning(const struct check_result *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		if (strstr(r->warnings[i], text))
			return true;
	return false;
}

static const char *param(const struct check_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nparams; i++)
		if (!strcmp(r->params[i].key, key))
			return r->params[i].value;
	return NULL;
}

/* The corrected config as a C string. */
static char *corrected_text(const struct check_result *r)
{
	char *s;

	assert_non_null(r->corrected);
	s = malloc(r->corrected_len + 1);
	assert_non_null(s);
	memcpy(s, r->corrected, r->corrected_len);
	s[r->corrected_len] = '\0';
	return s;
}

static void expect_correction(const struct check_result *r, size_t i,
			      unsigned int index, uint32_t leaf,
			      uint32_t subleaf, const char *field,
			      uint64_t provided, uint64_t corrected,
			      const char *rule)
{
	const struct check_correction *c;

	if (i >= r->ncorrections)
		fail_msg("only %zu corrections", r->ncorrections);
	c = &r->corrections[i];
	if (c->index != index || c->key.leaf != leaf ||
	    c->key.subleaf != subleaf || strcmp(c->field, field) ||
	    c->provided != provided || c->corrected != corrected)
		fail_msg("correction %zu: %u 0x%x/0x%x %s 0x%llx -> 0x%llx, "
			 "expected %u 0x%x/0x%x %s 0x%llx -> 0x%llx", i,
			 c->index, c->key.leaf, c->key.subleaf, c->field,
			 (unsigned long long)c->provided,
			 (unsigned long long)c->corrected, index, leaf,
			 subleaf, field, (unsigned long long)provided,
			 (unsigned long long)corrected);
	assert_string_equal(c->layer, "sev-firmware");
	assert_string_equal(c->rule, rule);
	assert_non_null(strstr(c->source, "amd/AMD-ASPFW@3ca6650"));
	assert_non_null(c->note);
}

static void expect_verdict(const struct check_result *r, uint32_t leaf,
			   uint32_t sub, unsigned int reg, unsigned int bit,
			   enum verdict v, const char *layer)
{
	const struct finding *f = test_find(r, leaf, sub, reg, bit);

	if (f->verdict != v)
		fail_msg("0x%x/0x%x %s[%u]: %s (%s %s), expected %s", leaf, sub,
			 cpuid_reg_name(reg), bit, verdict_name(f->verdict),
			 f->layer, f->rule, verdict_name(v));
	if (layer)
		assert_string_equal(f->layer, layer);
}

/* ---- the page, research/snp.md §2: little-endian, packed ---- */

struct pent {
	uint32_t fn, sub;
	uint64_t xcr0, xss;
	uint32_t regs[CPUID_NR_REGS];
	uint64_t reserved;
};

static void put32(uint8_t *p, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* count 0x00, reserved1 0x04, reserved2 0x08, entries of 48 bytes from
 * 0x10: eax_in 0, ecx_in 4, xcr0_in 8, xss_in 16, eax..edx 24..36,
 * reserved 40. */
static void make_page(uint8_t page[4096], uint32_t count, uint32_t res1,
		      uint64_t res2, const struct pent *e, size_t n)
{
	size_t i;
	unsigned int r;

	memset(page, 0, 4096);
	put32(page, count);
	put32(page + 4, res1);
	put64(page + 8, res2);
	for (i = 0; i < n; i++) {
		uint8_t *q = page + 16 + 48 * i;

		put32(q, e[i].fn);
		put32(q + 4, e[i].sub);
		put64(q + 8, e[i].xcr0);
		put64(q + 16, e[i].xss);
		for (r = 0; r < CPUID_NR_REGS; r++)
			put32(q + 24 + 4 * r, e[i].regs[r]);
		put64(q + 40, e[i].reserved);
	}
}

static struct pent page_entry(const uint8_t *page, unsigned int i)
{
	const uint8_t *q = page + 16 + 48 * i;
	struct pent e = {
		.fn = get32(q),
		.sub = get32(q + 4),
		.xcr0 = get64(q + 8),
		.xss = get64(q + 16),
		.reserved = get64(q + 40),
	};
	unsigned int r;

	for (r = 0; r < CPUID_NR_REGS; r++)
		e.regs[r] = get32(q + 24 + 4 * r);
	return e;
}

#define V_EBX 0x68747541u
#define V_ECX 0x444d4163u
#define V_EDX 0x69746e65u
/* MIN as page entries. */
#define P_L0 { 0x0, 0, 0, 0, { 0x10, V_EBX, V_ECX, V_EDX }, 0 }
#define P_L1 { 0x1, 0, 0, 0, { 0x00a10f11, 0x800, 0, 0 }, 0 }
#define P_E0 { 0x80000000, 0, 0, 0, { 0x8000001f, V_EBX, V_ECX, V_EDX }, 0 }
#define P_E1F { 0x8000001f, 0, 0, 0, { 0x1a, 0x33, 0, 0 }, 0 }

/* ---- tests ---- */

static void test_minimal_accepted(void **state)
{
	struct check_result r, again;
	struct config cfg, back;
	struct diag d;
	char *text;

	(void)state;
	test_snp_check(MIN, NULL, NULL, "none", &r);
	expect_status(&r, 0, "SUCCESS", "sev-firmware");
	assert_int_equal(r.outcome, OUTCOME_ACCEPTED);
	assert_string_equal(r.platform, "snp");
	assert_string_equal(r.ruleset, "snp-genoa-1.55.25");
	assert_int_equal(r.ncorrections, 0);
	assert_string_equal(param(&r, "page_entries"), "4");
	assert_string_equal(param(&r, "policy"), "0x30000");
	/* The FMS rule needs the host's. */
	assert_true(has_warning(&r, "no --host"));
	/* CLFLUSH (1.EBX[15:8] = 8) is checked and as configured. */
	expect_verdict(&r, 1, 0, CPUID_REG_EBX, 11, VERDICT_AS_CONFIGURED,
		       "sev-firmware");
	/* The initial APIC ID comes from the hypervisor at run time. */
	expect_verdict(&r, 1, 0, CPUID_REG_EBX, 31, VERDICT_RUNTIME, "guest");
	/* Unchecked: the vendor string, 0x8000001F ECX. */
	expect_verdict(&r, 0, 0, CPUID_REG_EBX, 0, VERDICT_UNTRUSTED,
		       "sev-firmware");
	expect_verdict(&r, 0x8000001f, 0, CPUID_REG_ECX, 0,
		       VERDICT_UNTRUSTED, "sev-firmware");

	/* Accepted, the page is the request: the config reads back as it. */
	assert_null(r.corrected_none);
	text = corrected_text(&r);
	if (test_read_text(text, DUMP_CONFIG, -1, &back, &d))
		fail_msg("%s", d.msg);
	if (test_read_text(MIN, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	assert_true(cpuid_set_equal(&back.cpuid, &cfg.cpuid));
	test_snp_check(text, NULL, NULL, "none", &again);
	expect_status(&again, 0, "SUCCESS", "sev-firmware");
	assert_int_equal(again.outcome, OUTCOME_ACCEPTED);
	assert_int_equal(again.ncorrections, 0);
	check_result_release(&again);

	/* With the host (here itself) the FMS is compared: no warning. */
	test_snp_check(MIN, NULL, &cfg.cpuid, "none", &again);
	assert_int_equal(again.outcome, OUTCOME_ACCEPTED);
	assert_false(has_warning(&again, "no --host"));
	check_result_release(&again);

	free(text);
	config_release(&back);
	config_release(&cfg);
	check_result_release(&r);
}

/*
 * Three failing entries, in page (key) order 0x0, 0x1, 0x3, 0x7/0,
 * 0x80000000, 0x8000001F:
 *  - 1.EBX 0: field-exact 15:8 = 8 -> (0 & ~0xff00) | 8 << 8 = 0x800;
 *  - 0x3 is not in the table: non-zero registers are zeroed
 *    (sanitize_cpuid_entry);
 *  - 7.0.EDX 0x04000010 (SPEC_CTRL, FSRM): the mask 0x10000010 fails and
 *    the firmware ANDs with the inverted mask (§3.4): 0x04000000; then
 *    mbz 0xefffffef clears that: 0.  Two corrections, FSRM lost too.
 */
#define BAD L0 L1("0x00000000", "0x00000000") \
	"0x00000003 0x00: eax=0x00000001 ebx=0x0 ecx=0x0 edx=0x0\n" \
	"0x00000007 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x04000010\n" \
	E0 E1F("0x0000001a")

static void test_firmware_rejection(void **state)
{
	struct check_result r, again;
	struct config back;
	const struct finding *f;
	struct diag d;
	char *text;
	char *cfg;

	(void)state;
	/* A directive rides along into the corrected config. */
	cfg = malloc(sizeof("snp.policy = 0x30000\n" BAD));
	assert_non_null(cfg);
	strcpy(cfg, "snp.policy = 0x30000\n" BAD);
	test_snp_check(cfg, NULL, NULL, "none", &r);
	expect_status(&r, INVALID_PARAM, "INVALID_PARAM", "sev-firmware");
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	assert_false(r.status.has_leaf);
	assert_non_null(strstr(r.status.message, "3 CPUID page entries"));

	assert_int_equal(r.ncorrections, 4);
	expect_correction(&r, 0, 1, 0x1, 0, "ebx", 0x0, 0x800,
			  "FN00000001_CUSTOM");
	expect_correction(&r, 1, 2, 0x3, 0, "eax", 0x1, 0x0,
			  "sanitize_cpuid_entry");
	expect_correction(&r, 2, 3, 0x7, 0, "edx", 0x04000010, 0x04000000,
			  "FN00000007_x00_CUSTOM");
	expect_correction(&r, 3, 3, 0x7, 0, "edx", 0x04000000, 0x0,
			  "FN00000007_x00_CUSTOM");

	/* The changed bits are rejected, the firmware's value shown. */
	f = test_find(&r, 1, 0, CPUID_REG_EBX, 11);
	assert_int_equal(f->verdict, VERDICT_REJECTED);
	assert_string_equal(f->layer, "sev-firmware");
	assert_true(f->has_final);
	expect_verdict(&r, 3, 0, CPUID_REG_EAX, 0, VERDICT_REJECTED,
		       "sev-firmware");
	expect_verdict(&r, 7, 0, CPUID_REG_EDX, 26, VERDICT_REJECTED,
		       "sev-firmware");
	expect_verdict(&r, 7, 0, CPUID_REG_EDX, 4, VERDICT_REJECTED,
		       "sev-firmware");
	/* Unchanged bits are not. */
	f = test_find(&r, 1, 0, CPUID_REG_EBX, 10);
	assert_int_not_equal(f->verdict, VERDICT_REJECTED);
	f = test_find(&r, 7, 0, CPUID_REG_EDX, 5);
	assert_int_not_equal(f->verdict, VERDICT_REJECTED);

	/* The corrected config: the firmware's values and the directive;
	 * it checks as accepted with nothing to correct. */
	text = corrected_text(&r);
	assert_non_null(strstr(text, "snp.policy = 0x30000"));
	if (test_read_text(text, DUMP_CONFIG, -1, &back, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(test_reg(&back, 1, 0, CPUID_REG_EBX), 0x800);
	assert_int_equal(test_reg(&back, 3, 0, CPUID_REG_EAX), 0);
	assert_int_equal(test_reg(&back, 7, 0, CPUID_REG_EDX), 0);
	assert_int_equal(back.cpuid.n, 6);
	test_snp_check(text, NULL, NULL, "none", &again);
	expect_status(&again, 0, "SUCCESS", "sev-firmware");
	assert_int_equal(again.outcome, OUTCOME_ACCEPTED);
	assert_int_equal(again.ncorrections, 0);
	check_result_release(&again);

	config_release(&back);
	free(text);
	free(cfg);
	check_result_release(&r);
}

/*
 * A page with a reserved field set (§2: "must be 0 ... never corrected
 * in the write-back") in 0x80000001, the 7.0.EDX quirk, and a hypervisor
 * entry with a reserved field, which the firmware does not look at (§3.1
 * step 2).  The written-back page has the firmware's registers; the
 * reserved field it checks is cleared so that the page passes, the
 * other kept; checking it again changes nothing.
 */
static void test_page_corrected_idempotent(void **state)
{
	const struct pent in[] = {
		P_L0,
		P_L1,
		{ 0x7, 0, 0, 0, { 0, 0, 0, 0x04000010 }, 0 },
		{ 0x40000000, 0, 0, 0, { 0x40000001, 0, 0, 0 }, 0x9 },
		P_E0,
		/* FMS as leaf 1's; nothing else set. */
		{ 0x80000001, 0, 0, 0, { 0x00a10f11, 0, 0, 0 }, 0x5 },
		P_E1F,
	};
	uint8_t page[4096];
	struct check_result r, again;
	struct pent e;
	unsigned int i;

	(void)state;
	make_page(page, ARRAY_SIZE(in), 0, 0, in, ARRAY_SIZE(in));
	test_snp_check(NULL, page, NULL, "none", &r);
	expect_status(&r, INVALID_PARAM, "INVALID_PARAM", "sev-firmware");
	assert_int_equal(r.ncorrections, 3);
	expect_correction(&r, 0, 2, 0x7, 0, "edx", 0x04000010, 0x04000000,
			  "FN00000007_x00_CUSTOM");
	expect_correction(&r, 1, 2, 0x7, 0, "edx", 0x04000000, 0,
			  "FN00000007_x00_CUSTOM");
	/* The reserved field: a failure with no visible difference. */
	expect_correction(&r, 2, 5, 0x80000001, 0, "reserved", 0x5, 0x5,
			  "sanitize_cpuid_list");

	assert_non_null(r.corrected);
	assert_int_equal(r.corrected_len, 4096);
	/* Header as given. */
	assert_int_equal(get32(r.corrected), ARRAY_SIZE(in));
	assert_int_equal(get32(r.corrected + 4), 0);
	assert_int_equal(get64(r.corrected + 8), 0);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		struct pent want = in[i];

		e = page_entry(r.corrected, i);
		if (i == 2)
			want.regs[CPUID_REG_EDX] = 0;
		if (i == 5)
			want.reserved = 0;
		assert_memory_equal(&e, &want, sizeof(e));
	}
	/* Past count: zero as given. */
	for (i = 16 + 48 * ARRAY_SIZE(in); i < 4096; i++)
		assert_int_equal(r.corrected[i], 0);

	test_snp_check(NULL, r.corrected, NULL, "none", &again);
	expect_status(&again, 0, "SUCCESS", "sev-firmware");
	assert_int_equal(again.outcome, OUTCOME_ACCEPTED);
	assert_int_equal(again.ncorrections, 0);
	/* Accepted: the page it would write is the page itself. */
	assert_non_null(again.corrected);
	assert_int_equal(again.corrected_len, 4096);
	assert_memory_equal(again.corrected, r.corrected, 4096);
	/* The hypervisor leaf is not validated. */
	expect_verdict(&again, 0x40000000, 0, CPUID_REG_EAX, 0,
		       VERDICT_UNTRUSTED, "sev-firmware");
	check_result_release(&again);
	check_result_release(&r);
}

/* §2: count > 64 or a reserved header field: INVALID_PARAM with no
 * write-back, so nothing to write. */
static void test_nothing_written_back(void **state)
{
	const struct pent in[] = { P_L0, P_L1, P_E0, P_E1F };
	static const struct {
		uint32_t count, res1;
		uint64_t res2;
	} cases[] = {
		{ 65, 0, 0 },
		{ 4, 1, 0 },
		{ 4, 0, 1ull << 63 },
	};
	uint8_t page[4096];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct check_result r;

		make_page(page, cases[i].count, cases[i].res1, cases[i].res2,
			  in, ARRAY_SIZE(in));
		test_snp_check(NULL, page, NULL, "none", &r);
		expect_status(&r, INVALID_PARAM, "INVALID_PARAM",
			      "sev-firmware");
		assert_int_equal(r.ncorrections, 0);
		assert_null(r.corrected);
		assert_non_null(r.corrected_none);
		assert_non_null(strstr(r.corrected_none,
				       "writes nothing back"));
		check_result_release(&r);
	}

	/* 64 is the most it takes. */
	{
		struct pent many[64];
		struct check_result r;

		for (i = 0; i < 64; i++) {
			memset(&many[i], 0, sizeof(many[i]));
			many[i].fn = 0x40000100 + (uint32_t)i;
		}
		memcpy(many, in, sizeof(in));
		make_page(page, 64, 0, 0, many, 64);
		test_snp_check(NULL, page, NULL, "none", &r);
		expect_status(&r, 0, "SUCCESS", "sev-firmware");
		check_result_release(&r);
	}
}

/* The firmware takes the page; the guest does not (§6). */
static void test_guest_termination(void **state)
{
	struct check_result r;

	(void)state;
	/* SEV-ES|SNP without SEV: allowed by the mask 0x030fffff, but the
	 * guest needs bit 1. */
	test_snp_check(L0 L1("0x00000800", "0x00000000") E0
		       E1F("0x00000018"), NULL, NULL, "none", &r);
	expect_status(&r, GEN_REQ, "GHCB_SEV_ES_GEN_REQ", "guest");
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	assert_true(r.status.has_leaf);
	assert_int_equal(r.status.leaf, 0x8000001f);
	assert_int_equal(r.ncorrections, 0);
	expect_verdict(&r, 0x8000001f, 0, CPUID_REG_EAX, 1, VERDICT_REJECTED,
		       "guest");
	/* The firmware took it: the corrected config is the request. */
	assert_non_null(r.corrected);
	check_result_release(&r);

	/* XSAVE (1.ECX[26]) and no 0xD/1: the guest's CPUID 0xD fails. */
	test_snp_check(L0 L1("0x00000800", "0x04000000") E0
		       E1F("0x0000001a"), NULL, NULL, "none", &r);
	expect_status(&r, GEN_REQ, "GHCB_SEV_ES_GEN_REQ", "guest");
	assert_int_equal(r.status.leaf, 0xd);
	check_result_release(&r);

	/* An empty page passes the firmware (count 0 is allowed) but not
	 * setup_cpuid_table: GHCB_TERM_CPUID, 0x41100. */
	{
		uint8_t page[4096];

		make_page(page, 0, 0, 0, NULL, 0);
		test_snp_check(NULL, page, NULL, "none", &r);
		expect_status(&r, 0x41100, "GHCB_TERM_CPUID", "guest");
		assert_false(r.status.has_leaf);
		check_result_release(&r);
	}
}

/* §5: QEMU's own errors; no page is built. */
static void test_vmm_errors(void **state)
{
	struct check_result r;
	struct config host;
	struct diag d;

	(void)state;
	test_snp_check("snp.reduced_phys_bits = 0\n" MIN, NULL, NULL, "qemu",
		       &r);
	expect_status(&r, EINVAL, "EINVAL", "vmm");
	assert_non_null(strstr(r.status.message, "reduced_phys_bits"));
	assert_int_equal(r.ncorrections, 0);
	assert_null(r.corrected);
	assert_non_null(strstr(r.corrected_none, "no CPUID page was built"));
	check_result_release(&r);

	/* cbitpos 51 on a host whose C-bit is 47. */
	if (test_read_text("0x8000001f 0x00: eax=0x0001000f ebx=0x0000402f "
			   "ecx=0x0000000f edx=0x00000001\n", DUMP_CONFIG, -1,
			   &host, &d))
		fail_msg("%s", d.msg);
	test_snp_check("snp.cbitpos = 51\n" MIN, NULL, &host.cpuid, "qemu",
		       &r);
	expect_status(&r, EINVAL, "EINVAL", "vmm");
	assert_non_null(strstr(r.status.message, "cbitpos check failed"));
	check_result_release(&r);
	config_release(&host);

	/* 65 entries: hv 2 + leaf 0 + 59 leaf-2 copies + 0x80000000,
	 * 0x8000001D/0, 0x8000001F. */
	test_snp_check("0x00000000 0x00: eax=0x00000002 " AMD "\n"
		       "0x00000002 0x00: eax=0x0000003b ebx=0x0 ecx=0x0 "
		       "edx=0x0\n", NULL, NULL, "qemu", &r);
	expect_status(&r, E2BIG, "E2BIG", "vmm");
	assert_non_null(strstr(r.status.message, "SEV-SNP: CPUID entry count "
			       "(65) exceeds max (64)"));
	check_result_release(&r);

	/* The same config through QEMU otherwise: its page passes (zero
	 * leaves 2, 4/0, 7/0, 0xB/0, 0x8000001D/0 are in the table or
	 * unknown and zero; 0x8000001F EBX 0x33 | 1 << 6 = 0x73 keeps
	 * 0x33 outside [15:6]). */
	test_snp_check(MIN, NULL, NULL, "qemu", &r);
	expect_status(&r, 0, "SUCCESS", "sev-firmware");
	assert_int_not_equal(r.outcome, OUTCOME_REJECTED);
	assert_string_equal(param(&r, "cbitpos"), "the host's");
	assert_string_equal(param(&r, "reduced_phys_bits"), "1");
	/* 0x40000000, 0x40000001, 0, 1, 2, 4/0, 7/0, 0xB/0, 0x80000000,
	 * 0x8000001D/0, 0x8000001F */
	assert_string_equal(param(&r, "page_entries"), "11");
	{
		const struct finding *f =
			test_find(&r, 0x8000001f, 0, CPUID_REG_EBX, 6);

		/* reduced-phys-bits: QEMU's 1 where 0 was asked. */
		assert_true(f->has_requested && f->has_final);
		assert_int_equal(f->final & 1, 1);
	}
	check_result_release(&r);
}

/* §4.3: KVM refuses the launch parameters before the page is looked at;
 * the firmware's SNP_LAUNCH_START policy checks (§3.5). */
static void test_launch_errors(void **state)
{
	static const struct {
		const char *directive;
		uint64_t code;
		const char *name, *layer, *words;
	} cases[] = {
		/* bit 17 (must be one) clear */
		{ "snp.policy = 0x10000\n", EINVAL, "EINVAL", "kvm",
		  "bit 17" },
		/* bit 21 (CXL_ALLOW) is outside KVM_SNP_POLICY_MASK_VALID */
		{ "snp.policy = 0x230000\n", EINVAL, "EINVAL", "kvm",
		  "KVM_SNP_POLICY_MASK_VALID" },
		/* bit 0 is no SEV feature KVM offers */
		{ "snp.vmsa_features = 0x1\n", EINVAL, "EINVAL", "kvm",
		  "KVM_SEV_INIT2" },
		/* ABI major 2 > the firmware's 1 (1.55) */
		{ "snp.policy = 0x30200\n", POLICY_FAILURE, "POLICY_FAILURE",
		  "sev-firmware", "ABI 2.0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char cfg[512];
		struct check_result r;

		snprintf(cfg, sizeof(cfg), "%s%s", cases[i].directive, MIN);
		test_snp_check(cfg, NULL, NULL, "none", &r);
		expect_status(&r, cases[i].code, cases[i].name,
			      cases[i].layer);
		if (!strstr(r.status.message, cases[i].words))
			fail_msg("case %zu: %s", i, r.status.message);
		assert_int_equal(r.outcome, OUTCOME_REJECTED);
		check_result_release(&r);
	}
}

/*
 * The first failure is the one the VMM sees: KVM refuses LAUNCH_START
 * (policy bit 17 clear), so no page reaches the firmware although BAD's
 * would be rejected; a firmware rejection hides what the guest would do.
 */
static void test_first_failure_wins(void **state)
{
	struct check_result r;

	(void)state;
	test_snp_check("snp.policy = 0x10000\n" BAD, NULL, NULL, "none", &r);
	expect_status(&r, EINVAL, "EINVAL", "kvm");
	check_result_release(&r);

	/* BAD with 0x8000001F without SEV: the firmware speaks first. */
	test_snp_check(L0 L1("0x00000000", "0x00000000") E0 E1F("0x00000018"),
		       NULL, NULL, "none", &r);
	expect_status(&r, INVALID_PARAM, "INVALID_PARAM", "sev-firmware");
	check_result_release(&r);
}

/*
 * An indexed leaf written with a '*' sub-leaf (not significant) goes into
 * the page with ecx_in 0, and the page entry is read back as sub-leaf 0
 * of the leaf: the request and the final value meet on one key.
 */
static void test_star_subleaf(void **state)
{
	struct check_result r;
	size_t i, n = 0;

	(void)state;
	test_snp_check(MIN "0x00000004 *: eax=0x00000121 ebx=0x01c0003f "
		       "ecx=0x0000003f edx=0x00000000\n", NULL, NULL, "none",
		       &r);
	expect_status(&r, 0, "SUCCESS", "sev-firmware");
	for (i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];

		if (f->leaf != 4)
			continue;
		n++;
		assert_true(f->indexed);
		assert_int_equal(f->subleaf, 0);
		assert_true(f->has_requested);
		assert_true(f->has_final);
		assert_int_equal(f->requested, f->final);
	}
	assert_true(n > 0);
	check_result_release(&r);
}

/* ---- the corpus: AMD hosts as CPU model (-cpu host) and host ---- */

struct key_mask {
	struct cpuid_entry key;
	uint32_t mask[CPUID_NR_REGS];
};

static bool same_key(const struct cpuid_entry *a, const struct finding *f)
{
	return a->leaf == f->leaf && a->indexed == f->indexed &&
	       (!a->indexed || a->subleaf == f->subleaf) &&
	       a->xcr0_in == f->xcr0_in && a->xss_in == f->xss_in;
}

/* The finding for one bit of an exact key, or NULL. */
static const struct finding *find_exact(const struct check_result *r,
					const struct cpuid_entry *k,
					unsigned int reg, unsigned int bit)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		if (same_key(k, f) && f->reg == reg && bit >= f->bit &&
		    bit < f->bit + f->width)
			return f;
	}
	return NULL;
}

static uint32_t finding_mask(const struct finding *f)
{
	struct cpuid_field fl = CPUID_FIELD(f->leaf, f->subleaf, f->reg, f->bit,
					    f->width);

	return cpuid_field_mask(&fl);
}

/* One bit of a corrected entry: rejected if and only if it changed, by a
 * finding no wider than the change. */
static void check_bit(const char *dump, const struct check_result *r,
		      const struct key_mask *km, unsigned int reg,
		      unsigned int bit)
{
	const struct finding *f = find_exact(r, &km->key, reg, bit);
	bool changed = km->mask[reg] & (1u << bit);

	if (!changed) {
		if (f && f->verdict == VERDICT_REJECTED &&
		    !strcmp(f->layer, "sev-firmware"))
			fail_msg("%s: 0x%x/0x%x %s[%u] rejected, unchanged",
				 dump, km->key.leaf, km->key.subleaf,
				 cpuid_reg_name(reg), bit);
		return;
	}
	if (!f || f->verdict != VERDICT_REJECTED)
		fail_msg("%s: 0x%x/0x%x %s[%u] changed by the firmware, not "
			 "rejected", dump, km->key.leaf, km->key.subleaf,
			 cpuid_reg_name(reg), bit);
	if (finding_mask(f) & ~km->mask[reg])
		fail_msg("%s: 0x%x %s[%u+%u] wider than the change", dump,
			 f->leaf, cpuid_reg_name(reg), f->bit, f->width);
}

/*
 * Every register the firmware corrected is a correction, and its
 * changed bits (over all corrections of the entry) are exactly the bits
 * the firmware's findings reject.
 */
static void check_corrections_are_findings(const char *dump,
					   const struct check_result *r)
{
	struct key_mask *km = calloc(r->ncorrections + 1, sizeof(*km));
	size_t n = 0, i, j;
	unsigned int reg, bit;

	assert_non_null(km);
	for (i = 0; i < r->ncorrections; i++) {
		const struct check_correction *c = &r->corrections[i];
		int cr = cpuid_reg_parse(c->field, strlen(c->field));

		if (cr < 0) {
			assert_string_equal(c->field, "reserved");
			continue;
		}
		for (j = 0; j < n; j++)
			if (!cpuid_entry_key_cmp(&km[j].key, &c->key))
				break;
		if (j == n)
			km[n++].key = c->key;
		km[j].mask[cr] |= (uint32_t)(c->provided ^ c->corrected);
	}
	for (j = 0; j < n; j++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			for (bit = 0; bit < 32; bit++)
				check_bit(dump, r, &km[j], reg, bit);
	/* No rejected firmware finding outside a correction. */
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		if (f->verdict != VERDICT_REJECTED ||
		    strcmp(f->layer, "sev-firmware"))
			continue;
		for (j = 0; j < n; j++)
			if (same_key(&km[j].key, f))
				break;
		if (j == n || !(km[j].mask[f->reg] & finding_mask(f)))
			fail_msg("%s: 0x%x/0x%x %s[%u] rejected without a "
				 "correction", dump, f->leaf, f->subleaf,
				 cpuid_reg_name(f->reg), f->bit);
	}
	free(km);
}

static void test_corpus_qemu(void **state)
{
	static const char *const dumps[] = {
		"instlatx64-amd-bergamo-epyc-9754-AA0F02-aida64.txt",
		"instlatx64-amd-genoa-epyc-9654-2p-A10F11-aida64.txt",
		"instlatx64-amd-milan-epyc-7713-A00F11-aida64.txt",
		"instlatx64-amd-milan-epyc-7763-2p-A00F11-aida64.txt",
		"instlatx64-amd-turin-epyc-9655-B00F21-aida64.txt",
		"libvirt-amd-genoa-epyc-9334-A10F11-cpudata.xml",
	};
	char rel[256];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(dumps); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct check_result r, again;
		struct config h;
		const char *path;
		char *text;

		snprintf(rel, sizeof(rel), "cpuid-dumps/%s", dumps[i]);
		path = test_corpus(rel);
		if (!path)
			skip();
		test_read_file(path, DUMP_AUTO, -1, &h);
		config_write(&h, NULL, &sb);
		assert_false(strbuf_failed(&sb));

		test_snp_check(sb.buf, NULL, &h.cpuid, "qemu", &r);
		if (!strcmp(r.status.layer, "vmm"))
			fail_msg("%s: QEMU stops: %s", dumps[i],
				 r.status.message);
		check_corrections_are_findings(dumps[i], &r);
		if (r.status.code)
			assert_int_equal(r.status.code, INVALID_PARAM);
		assert_int_equal(r.status.code ? 1 : 0,
				 r.ncorrections ? 1 : 0);

		/* What the firmware wrote back, as a config for --vmm none,
		 * is what it takes. */
		text = corrected_text(&r);
		test_snp_check(text, NULL, &h.cpuid, "none", &again);
		if (again.status.code || again.ncorrections)
			fail_msg("%s: the corrected config: %s (%zu "
				 "corrections)", dumps[i],
				 again.status.message ? again.status.message :
							"",
				 again.ncorrections);
		assert_int_equal(again.outcome, OUTCOME_ACCEPTED);
		check_result_release(&again);

		free(text);
		check_result_release(&r);
		strbuf_release(&sb);
		config_release(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_accepted),
		cmocka_unit_test(test_firmware_rejection),
		cmocka_unit_test(test_page_corrected_idempotent),
		cmocka_unit_test(test_nothing_written_back),
		cmocka_unit_test(test_guest_termination),
		cmocka_unit_test(test_vmm_errors),
		cmocka_unit_test(test_launch_errors),
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_star_subleaf),
		cmocka_unit_test(test_corpus_qemu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
