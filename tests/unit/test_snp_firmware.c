// SPDX-License-Identifier: MIT
/*
 * The mocked SEV firmware (snp/snp_firmware.c): SNP_LAUNCH_UPDATE of a
 * CPUID page, on pages built here, and end to end through
 * test_snp_check().
 *
 * Every expected value is derived from the sources, cited next to it:
 *
 *   FW   amd/AMD-ASPFW@3ca6650dd35d878b3fcbe5c7f58b145eed042bbf
 *        fw/psp_bl_uapps/sev_uapp/src/cpuid_lookup.c (lookup_table[],
 *        cpuid_entry_rule_check, sanitize_cpuid_entry, sanitize_cpuid_list,
 *        the FN*_CUSTOM functions) and cpuid_lookup.h (the FN*_DEFAULT /
 *        FN*_RESERVED constants, FMS_FAMILY/FMS_MODEL, XCR0_* and CET_*)
 *   NOTE research/snp.md (../shared/research/snp.md): §2 the page, §3 the
 *        firmware, §9 the pain points
 *   RULES models/snp/snp-genoa-1.55.25.rules, the FW table as data
 *
 * lookup_table[] order (FW; RULES keeps it), the indices used below:
 *   0 0x0  1 0x1  2 0x2  3 0x4  4 0x5  5 0x6  6 0x7/0  7 0x7/1
 *   8-10 0xB/0-2  11 0xD/0  12 0xD/1  13 0xD/2  14 0xD/5  15 0xD/6
 *   16 0xD/7  17 0xD/9  18 0xD/B  19 0xD/C  20-21 0xF/0-1  22-23 0x10/0-1
 *   24 0x80000000  25 0x80000001  26-28 0x80000002-4  29 0x80000005
 *   30 0x80000006  31 0x80000007  32 0x80000008  33 0x8000000A
 *   34 0x80000019  35 0x8000001A  36 0x8000001B  37-41 0x8000001D/0-4
 *   42 0x8000001E  43 0x8000001F  44-47 0x80000020/0-3  48 0x80000021
 *   49 0x80000022  50 0x80000023  51-52 0x80000024/0-1  53-56 0x80000026/0-3
 * (57 entries, NOTE §0.1).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "certify/util.h"
#include "snp/snp_firmware.h"

#define GENOA "snp-genoa-1.55.25"
#define FW_SOURCE "amd/AMD-ASPFW@3ca6650dd35d878b3fcbe5c7f58b145eed042bbf " \
		  "fw/psp_bl_uapps/sev_uapp/src/cpuid_lookup.c"
/* NOTE §3.2: Linux SEV_RET_INVALID_PARAM, QEMU "fw_error=22" */
#define INVALID_PARAM 0x16

/* Lookup-table indices, counted in FW's lookup_table[] (see above). */
#define LT_0 0
#define LT_5 4
#define LT_6 5
#define LT_D5 14
#define LT_80000000 24
#define LT_80000007 31
#define LT_8000001B 36
#define LT_8000001D_3 40
#define LT_8000001E 42

/* Host FMS values (NOTE §3.4, §7: Milan 00a00f11, Genoa 00a10f11). */
#define MILAN 0x00a00f11u
#define GENOA_FMS 0x00a10f11u

struct fw {
	struct ruleset rs;
	struct snp_rules rules;
	struct snp_host host;
	struct snp_page in;
	struct snp_page out;
	struct trace t;
	struct check_result res;
	struct snp_fw_status st;
};

static struct fw *fw_open_rs(struct fw *f)
{
	struct diag d;

	if (snp_rules_read(&f->rs, &f->rules, &d))
		fail_msg("%s", d.msg);
	trace_init(&f->t);
	check_result_init(&f->res);
	return f;
}

static struct fw *fw_open(void)
{
	struct fw *f = calloc(1, sizeof(*f));
	struct diag d;

	assert_non_null(f);
	if (ruleset_load_embedded(GENOA, &f->rs, &d))
		fail_msg("%s", d.msg);
	return fw_open_rs(f);
}

/* A rule set written here, for rules the Genoa table does not have. */
static struct fw *fw_open_text(const char *text)
{
	struct fw *f = calloc(1, sizeof(*f));
	struct input in;
	struct diag d;

	assert_non_null(f);
	assert_int_equal(input_from_buffer(&in, "t.rules", text, strlen(text)),
			 0);
	diag_clear(&d);
	if (ruleset_parse(&in, "t.rules", &f->rs, &d))
		fail_msg("%s", d.msg);
	input_release(&in);
	return fw_open_rs(f);
}

static void fw_close(struct fw *f)
{
	trace_release(&f->t);
	check_result_release(&f->res);
	snp_rules_release(&f->rules);
	ruleset_release(&f->rs);
	free(f);
}

/* SNP_LAUNCH_UPDATE of f->in; the trace and result start afresh. */
static void fw_run(struct fw *f)
{
	trace_release(&f->t);
	check_result_release(&f->res);
	trace_init(&f->t);
	check_result_init(&f->res);
	assert_int_equal(snp_firmware_launch_update(&f->rules, &f->host,
						    &f->in, &f->out, &f->t,
						    &f->res, &f->st), 0);
}

static void put_x(struct snp_page *p, unsigned int i, uint32_t leaf,
		  uint32_t sub, uint64_t xcr0, uint64_t xss, uint32_t eax,
		  uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	struct snp_page_entry *e = &p->e[i];

	e->eax_in = leaf;
	e->ecx_in = sub;
	e->xcr0_in = xcr0;
	e->xss_in = xss;
	e->regs[CPUID_REG_EAX] = eax;
	e->regs[CPUID_REG_EBX] = ebx;
	e->regs[CPUID_REG_ECX] = ecx;
	e->regs[CPUID_REG_EDX] = edx;
	e->reserved = 0;
	if (p->count < i + 1)
		p->count = i + 1;
}

static void put(struct snp_page *p, unsigned int i, uint32_t leaf,
		uint32_t sub, uint32_t eax, uint32_t ebx, uint32_t ecx,
		uint32_t edx)
{
	put_x(p, i, leaf, sub, 0, 0, eax, ebx, ecx, edx);
}

static void page_bytes(const struct snp_page *p, uint8_t out[SNP_PAGE_SIZE])
{
	snp_page_encode(p, out);
}

static bool page_equal(const struct snp_page *a, const struct snp_page *b)
{
	static uint8_t x[SNP_PAGE_SIZE], y[SNP_PAGE_SIZE];

	page_bytes(a, x);
	page_bytes(b, y);
	return memcmp(x, y, SNP_PAGE_SIZE) == 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* NOTE §2: entry i at 16 + 48 * i; eax_in 0, ecx_in 4, xcr0_in 8,
 * xss_in 16, eax 24, ebx 28, ecx 32, edx 36, reserved 40. */
static size_t off(unsigned int i, size_t field)
{
	return SNP_PAGE_HEADER_SIZE + (size_t)SNP_PAGE_ENTRY_SIZE * i + field;
}

static uint32_t reg_of(const struct fw *f, unsigned int i, unsigned int reg)
{
	return f->out.e[i].regs[reg];
}

/* The @nth correction of entry @index's @field, or NULL. */
static const struct check_correction *corr(const struct fw *f,
					   unsigned int index,
					   const char *field, unsigned int nth)
{
	size_t i;

	for (i = 0; i < f->res.ncorrections; i++) {
		const struct check_correction *c = &f->res.corrections[i];

		if (c->index == index && !strcmp(c->field, field) && !nth--)
			return c;
	}
	return NULL;
}

static unsigned int ncorr(const struct fw *f, unsigned int index,
			  const char *field)
{
	unsigned int n = 0;

	while (corr(f, index, field, n))
		n++;
	return n;
}

static void expect_corr(const struct fw *f, unsigned int index,
			const char *field, unsigned int nth, uint64_t provided,
			uint64_t corrected, const char *rule)
{
	const struct check_correction *c = corr(f, index, field, nth);
	char source[512];

	if (!c)
		fail_msg("no correction %u of entry %u %s", nth, index, field);
	assert_int_equal(c->provided, provided);
	assert_int_equal(c->corrected, corrected);
	assert_string_equal(c->rule, rule);
	assert_string_equal(c->layer, "sev-firmware");
	/* the rule set's source line: "owner/name@commit path" */
	snprintf(source, sizeof(source), "%s", f->rs.source);
	assert_string_equal(c->source, source);
	assert_int_equal(c->key.leaf, f->in.e[index].eax_in);
	assert_int_equal(c->key.xcr0_in, f->in.e[index].xcr0_in);
	assert_int_equal(c->key.xss_in, f->in.e[index].xss_in);
}

static const char *lt(unsigned int index, const char *reg)
{
	static char buf[4][64];
	static unsigned int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "lookup_table[%u].%s", index, reg);
	return p;
}

static void expect_ok(const struct fw *f)
{
	assert_int_equal(f->st.code, 0);
	assert_false(f->st.written_back);
	assert_int_equal(f->st.failed_entries, 0);
	assert_int_equal(f->res.ncorrections, 0);
	assert_null(f->st.message);
	/* NOTE §3.1 step 5: on success nothing goes back; out is the input */
	assert_true(page_equal(&f->in, &f->out));
}

static void expect_written_back(const struct fw *f, unsigned int failed)
{
	unsigned int i;

	assert_int_equal(f->st.code, INVALID_PARAM);
	assert_true(f->st.written_back);
	assert_int_equal(f->st.failed_entries, failed);
	assert_non_null(f->st.message);
	/* NOTE §3.1 step 6: the input fields are never modified; the header
	 * and the bytes after the entries go back as they were (the whole
	 * page is copied back) */
	assert_int_equal(f->out.count, f->in.count);
	assert_int_equal(f->out.reserved1, f->in.reserved1);
	assert_true(f->out.reserved2 == f->in.reserved2);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++) {
		assert_int_equal(f->out.e[i].eax_in, f->in.e[i].eax_in);
		assert_int_equal(f->out.e[i].ecx_in, f->in.e[i].ecx_in);
		assert_true(f->out.e[i].xcr0_in == f->in.e[i].xcr0_in);
		assert_true(f->out.e[i].xss_in == f->in.e[i].xss_in);
		assert_true(f->out.e[i].reserved == f->in.e[i].reserved);
	}
	assert_memory_equal(f->out.tail, f->in.tail, sizeof(f->in.tail));
}

/*
 * Idempotence: the page the firmware wrote back, with the per-entry
 * reserved fields cleared (the firmware never clears them, NOTE §3.1
 * step 3), passes unchanged.  It holds because every correction writes a
 * value its own check accepts: a table rule writes its value (EXACT, LE)
 * or reg & value (MASK), and no Genoa value overlaps its MBZ mask (NOTE
 * §3.4, checked in test_table_values_clear_of_mbz); a custom step writes
 * what it checks for, and later steps only clear bits.  The one exception
 * is the 0x8000001F C-bit (test_8000001f_ebx).
 */
static void expect_fixed_point(struct fw *f)
{
	unsigned int i;

	assert_true(f->st.written_back);
	f->in = f->out;
	for (i = 0; i < f->in.count && i < SNP_PAGE_ENTRIES; i++)
		if (snp_rules_checked(&f->rules, f->in.e[i].eax_in))
			f->in.e[i].reserved = 0;
	fw_run(f);
	expect_ok(f);
}

/* ---- 1. NVIDIA/nvtrust #91 ---- */

/*
 * NOTE §9.1: nvtrust #91 (EPYC 7443P, QEMU -cpu EPYC): "CPUID validation
 * failed for function 0x8000001d, index: 0x3 ... provided edx 0x6,
 * expected 0x2".  FW lookup_table[40] is 0x8000001D_x03: EDX rule
 * UNCHECKED, reserved FN8000001D_x03_EDX_RESERVED 0xFFFFFFFC; so
 * cpuid_entry_rule_check clears bit 2: 0x6 & ~0xFFFFFFFC = 0x2.  The entry
 * fails, sanitize_cpuid_entry maps it to SEV_STATUS_INVALID_PARAM and the
 * corrected page is written back (NOTE §0.3, §3.1 step 5).
 */
static void fill_nvtrust(struct snp_page *p)
{
	/* EAX 0x0003c163 leaves FN8000001D_x03_EAX_RESERVED 0xFC003C00
	 * clear; EBX and ECX are UNCHECKED with reserved 0 */
	put(p, 0, 0x8000001d, 3, 0x0003c163, 0x03c0003f, 0x00007fff, 0x6);
}

static void test_nvtrust_91(void **state)
{
	struct fw *f = fw_open();
	const struct snp_entry *e;

	(void)state;
	assert_string_equal(f->rs.source, FW_SOURCE);
	e = snp_rules_find(&f->rules, 0x8000001d, 3);
	assert_non_null(e);
	assert_int_equal(e->index, LT_8000001D_3);
	fill_nvtrust(&f->in);
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0x2);
	/* the other registers pass and stay */
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0x0003c163);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EBX), 0x03c0003f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_ECX), 0x00007fff);
	assert_int_equal(f->res.ncorrections, 1);
	expect_corr(f, 0, "edx", 0, 0x6, 0x2, lt(LT_8000001D_3, "edx"));
	assert_int_equal(f->res.corrections[0].key.subleaf, 3);
	assert_true(f->res.corrections[0].key.indexed);
	expect_fixed_point(f);
	fw_close(f);
}

/* The same page end to end: the status, the correction and the page
 * certify writes back (--write-corrected), byte for byte. */
static void test_nvtrust_91_check(void **state)
{
	static struct snp_page p;
	static uint8_t bytes[SNP_PAGE_SIZE];
	struct check_result r;
	const struct finding *fi;

	(void)state;
	memset(&p, 0, sizeof(p));
	fill_nvtrust(&p);
	snp_page_encode(&p, bytes);
	test_snp_check(NULL, bytes, NULL, "none", &r);
	assert_int_equal(r.status.code, INVALID_PARAM);
	assert_string_equal(r.status.layer, "sev-firmware");
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	assert_int_equal(r.ncorrections, 1);
	assert_int_equal(r.corrections[0].index, 0);
	assert_string_equal(r.corrections[0].field, "edx");
	assert_int_equal(r.corrections[0].provided, 0x6);
	assert_int_equal(r.corrections[0].corrected, 0x2);
	assert_string_equal(r.corrections[0].rule, lt(LT_8000001D_3, "edx"));
	/* bit 2 made the launch fail; bits 1:0 are UNCHECKED (untrusted) */
	fi = test_find(&r, 0x8000001d, 3, CPUID_REG_EDX, 2);
	assert_int_equal(fi->verdict, VERDICT_REJECTED);
	fi = test_find(&r, 0x8000001d, 3, CPUID_REG_EDX, 1);
	assert_int_equal(fi->verdict, VERDICT_UNTRUSTED);
	/* NOTE §2: entry 0's EDX at 16 + 36 = 52, little-endian */
	assert_int_equal(r.corrected_len, SNP_PAGE_SIZE);
	assert_non_null(r.corrected);
	assert_int_equal(r.corrected[52], 0x02);
	assert_int_equal(r.corrected[53], 0x00);
	assert_int_equal(r.corrected[54], 0x00);
	assert_int_equal(r.corrected[55], 0x00);
	assert_int_equal(le32(r.corrected + off(0, 0)), 0x8000001d);
	assert_int_equal(le32(r.corrected + off(0, 4)), 3);
	assert_int_equal(le32(r.corrected), 1);	/* count */
	check_result_release(&r);
}

/* ---- 2. 7.0.EDX: the inverted mask ---- */

/*
 * FW FN00000007_x00_CUSTOM: EDX fails the bitmask when (edx &
 * FN00000007_x00_EDX_DEFAULT 0x10000010) != edx, and then does
 * "*edx_out = *edx_out & ~(FN00000007_x00_EDX_DEFAULT)" (inverted, NOTE
 * §3.4); then the reserved check clears FN00000007_x00_EDX_RESERVED
 * 0xEFFFFFEF.  0x10000011: & ~0x10000010 = 0x1, & ~0xEFFFFFEF = 0.  An
 * allowed-only value (0x10, 0x10000000, 0x10000010) passes both.
 */
static void test_leaf7_edx_inverted_mask(void **state)
{
	static const uint32_t allowed[] = { 0x10, 0x10000000, 0x10000010, 0 };
	struct fw *f = fw_open();
	size_t i;

	(void)state;
	/* EAX 1 <= FN00000007_x00_EAX_DEFAULT 1; EBX, ECX 0 */
	put(&f->in, 0, 7, 0, 1, 0, 0, 0x10000011);
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0);
	assert_int_equal(ncorr(f, 0, "edx"), 2);
	expect_corr(f, 0, "edx", 0, 0x10000011, 0x1, "FN00000007_x00_CUSTOM");
	expect_corr(f, 0, "edx", 1, 0x1, 0x0, "FN00000007_x00_CUSTOM");
	assert_int_equal(f->res.ncorrections, 2);
	expect_fixed_point(f);

	/* one disallowed bit alone: & ~0x10000010 keeps it, mbz clears it */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 7, 0, 1, 0, 0, 0x80000000);
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0);
	assert_true(ncorr(f, 0, "edx") >= 1);
	expect_corr(f, 0, "edx", ncorr(f, 0, "edx") - 1, 0x80000000, 0,
		    "FN00000007_x00_CUSTOM");

	for (i = 0; i < ARRAY_SIZE(allowed); i++) {
		memset(&f->in, 0, sizeof(f->in));
		put(&f->in, 0, 7, 0, 1, 0, 0, allowed[i]);
		fw_run(f);
		expect_ok(f);
	}

	/* The other registers: EAX LESSTHAN 1 -> 1; EBX mask 0xF1BF97A9
	 * (& mask); ECX mask 0x00415FCE with OSPKE (bit 4) unchecked. */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 7, 0, 2, 0xffffffff, 0xffffffff, 0);
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 1);
	/* 0xF1BF97A9 & FN00000007_x00_EBX_RESERVED 0x0E006846 = 0 */
	assert_int_equal(reg_of(f, 0, CPUID_REG_EBX), 0xf1bf97a9);
	/* & (0x00415FCE | OSPKE 0x10); & 0xFFBEA021 = 0 */
	assert_int_equal(reg_of(f, 0, CPUID_REG_ECX), 0x00415fde);
	expect_fixed_point(f);
	/* OSPKE alone passes (FN00000007_x00_ECX_OSPKE is not checked) */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 7, 0, 0, 0, 0x10, 0);
	fw_run(f);
	expect_ok(f);
	fw_close(f);
}

/* ---- 3. 0x8000001F EBX ---- */

/*
 * FW FN8000001F_CUSTOM: ebx_check = ebx & ~UNCHECKED_MASK (0x3F << 6) &
 * ~VMPL_SUP_MASK (0xF << 12); if it is not FN8000001F_EBX_DEFAULT 0x33 the
 * firmware does "ebx &= ~UNCHECKED_MASK; ebx |= 0x33" (clears [11:6] and
 * ORs, it does not replace [5:0]: NOTE §3.4); then VMPL_SUP > 4 is set to
 * 4; then FN8000001F_EBX_RESERVED 0xFFFF0000 is cleared.  EAX is a mask
 * of FN8000001F_EAX_DEFAULT 0x030FFFFF; ECX and EDX are unchecked.
 */
static void test_8000001f_ebx(void **state)
{
	struct fw *f = fw_open();
	struct snp_page first;
	const char *fn = "FN8000001F_CUSTOM";

	(void)state;
	/* C-bit 0x2F, PhysAddrReduction 6, NumVMPL 4:
	 * 0x2F | 6 << 6 | 4 << 12 = 0x41AF; check 0x2F != 0x33:
	 * (0x41AF & ~0xFC0) | 0x33 = 0x402F | 0x33 = 0x403F */
	put(&f->in, 0, 0x8000001f, 0, 0x1b, 0x41af, 0x1fd, 0x1);
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EBX), 0x403f);
	assert_int_equal(f->res.ncorrections, 1);
	expect_corr(f, 0, "ebx", 0, 0x41af, 0x403f, fn);
	/* SME|SEV|SEV-ES|SNP 0x1B within the mask; ECX/EDX unchecked */
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0x1b);
	assert_int_equal(reg_of(f, 0, CPUID_REG_ECX), 0x1fd);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0x1);
	/* The C-bit quirk has no fixed point: 0x3F & ~0xFFC0 = 0x3F is
	 * still not 0x33, and the correction writes 0x3F again.  The
	 * written-back page fails again, unchanged. */
	first = f->out;
	f->in = f->out;
	fw_run(f);
	expect_written_back(f, 1);
	assert_true(page_equal(&f->out, &first));
	expect_corr(f, 0, "ebx", 0, 0x403f, 0x403f, fn);

	/* the right value: 0x33 | 5 << 6 | 4 << 12 = 0x4173 (the Milan
	 * hosts' own EBX) passes: [11:6] is not checked */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x8000001f, 0, 0x1b, 0x33 | 5 << 6 | 4 << 12, 0, 0);
	fw_run(f);
	expect_ok(f);
	/* every PhysAddrReduction passes: 0x33 | 0x3F << 6 = 0xFF3 */
	f->in.e[0].regs[CPUID_REG_EBX] = 0xff3;
	fw_run(f);
	expect_ok(f);

	/* NumVMPL 5 > FN8000001F_EBX_VMPL_SUP_MAX 4: 0x5173 -> 0x4173 */
	f->in.e[0].regs[CPUID_REG_EBX] = 0x33 | 5 << 6 | 5 << 12;
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EBX), 0x4173);
	expect_corr(f, 0, "ebx", 0, 0x5173, 0x4173, fn);
	assert_int_equal(f->res.ncorrections, 1);
	expect_fixed_point(f);

	/* bits 16-31: 0x14173 & ~0xFFC0 = 0x10033 != 0x33, so [11:6] goes
	 * (0x14033), then the reserved 0xFFFF0000 (0x4033): the
	 * PhysAddrReduction is lost with the high bits */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x8000001f, 0, 0x1b, 0x00014173, 0, 0);
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EBX), 0x4033);
	assert_int_equal(ncorr(f, 0, "ebx"), 2);
	expect_corr(f, 0, "ebx", 0, 0x14173, 0x14033, fn);
	expect_corr(f, 0, "ebx", 1, 0x14033, 0x4033, fn);
	expect_fixed_point(f);

	/* EAX beyond 0x030FFFFF (bit 28, SVSM in newer parts, NOTE §7) */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x8000001f, 0, 0x1000001b, 0x4173, 0, 0);
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0x1b);
	expect_corr(f, 0, "eax", 0, 0x1000001b, 0x1b, fn);
	expect_fixed_point(f);
	fw_close(f);
}

/* ---- 4. 0xD/0 and 0xD/1 ---- */

struct xsave_case {
	uint64_t xcr0, xss;
	uint32_t ebx;
};

/*
 * FW FN0000000D_X00_CUSTOM: EBX is chosen by the highest of XCR0_MPK
 * (bit 9) 0x988, XCR0_HIZMM (7) 0x980, XCR0_ZMMHI (6) 0x580, XCR0_KREGS
 * (5) 0x380, XCR0_AVX (2) 0x340, else 0x240; a wrong EBX is replaced.
 */
static const struct xsave_case standard[] = {
	{ 0x1, 0, 0x240 },
	{ 0x3, 0, 0x240 },
	{ 0x7, 0, 0x340 },
	{ 0x27, 0, 0x380 },
	{ 0x67, 0, 0x580 },
	{ 0xe7, 0, 0x980 },
	{ 0x2e7, 0, 0x988 },
	/* only the highest counts: MPK alone is 0x988 */
	{ 0x203, 0, 0x988 },
	/* xss_in plays no part in sub-leaf 0 */
	{ 0x7, 0x1800, 0x340 },
};

/*
 * FW FN0000000D_X01_CUSTOM: EBX = 0x240 + MPK 0x8 + HIZMM 0x400 + ZMMHI
 * 0x200 + KREGS 0x40 + AVX 0x100 + xss CET_U (bit 11) 0x10 + CET_S (bit
 * 12) 0x18.
 */
static const struct xsave_case compacted[] = {
	{ 0x3, 0, 0x240 },
	{ 0x7, 0, 0x340 },
	{ 0x7, 0x1800, 0x340 + 0x10 + 0x18 },	/* 0x368 */
	{ 0x7, 0x800, 0x350 },			/* CET_U only */
	{ 0x7, 0x1000, 0x358 },			/* CET_S only */
	{ 0x27, 0, 0x380 },
	{ 0xe7, 0, 0x240 + 0x100 + 0x40 + 0x200 + 0x400 },	/* 0x980 */
	{ 0x2e7, 0, 0x988 },
	{ 0x2e7, 0x1800, 0x988 + 0x28 },	/* 0x9B0 */
	/* other XSS bits are ignored (NOTE §3.3 "Named values") */
	{ 0x3, 0x100, 0x240 },
};

static void test_leaf_d_sizes(void **state)
{
	struct fw *f = fw_open();
	unsigned int i, n;

	(void)state;
	/* 0xD/0: EAX 0x2E7 (within FN0000000D_x00_EAX_DEFAULT, X87|SSE
	 * set), ECX unchecked, EDX exactly 0; EBX wrong (0) in every
	 * duplicate entry: each is checked and corrected on its own
	 * (NOTE §3.1 step 6) */
	n = ARRAY_SIZE(standard);
	for (i = 0; i < n; i++)
		put_x(&f->in, i, 0xd, 0, standard[i].xcr0, standard[i].xss,
		      0x2e7, 0, 0x988, 0);
	fw_run(f);
	expect_written_back(f, n);
	assert_int_equal(f->res.ncorrections, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(reg_of(f, i, CPUID_REG_EBX), standard[i].ebx);
		expect_corr(f, i, "ebx", 0, 0, standard[i].ebx,
			    "FN0000000D_X00_CUSTOM");
	}
	expect_fixed_point(f);
	/* the right EBX passes (expect_fixed_point ran exactly that page);
	 * so does a page of the right values written here */
	for (i = 0; i < n; i++)
		f->in.e[i].regs[CPUID_REG_EBX] = standard[i].ebx;
	fw_run(f);
	expect_ok(f);

	memset(&f->in, 0, sizeof(f->in));
	n = ARRAY_SIZE(compacted);
	/* 0xD/1: EAX 0xF (XSAVEOPT|XSAVEC|XGETBV|XSAVES, the mask), ECX
	 * 0x1800 (the mask), EDX 0 */
	for (i = 0; i < n; i++)
		put_x(&f->in, i, 0xd, 1, compacted[i].xcr0, compacted[i].xss,
		      0xf, 0x1, 0x1800, 0);
	fw_run(f);
	expect_written_back(f, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(reg_of(f, i, CPUID_REG_EBX),
				 compacted[i].ebx);
		expect_corr(f, i, "ebx", 0, 0x1, compacted[i].ebx,
			    "FN0000000D_X01_CUSTOM");
	}
	expect_fixed_point(f);

	/* 0xD/0 EAX: X87|SSE are required (set on failure), the rest is a
	 * mask of 0x2E7: EAX 0x4 -> 0x7; 0 -> 0x3; 0x602E7 (AMX bits 17,
	 * 18 are not in the Genoa mask) -> 0x2E7.  xcr0_in is not checked
	 * against EAX (NOTE §3.3): EAX 0x3 with xcr0_in 0x2E7 and EBX
	 * 0x988 passes. */
	memset(&f->in, 0, sizeof(f->in));
	put_x(&f->in, 0, 0xd, 0, 0x7, 0, 0x4, 0x340, 0x988, 0);
	put_x(&f->in, 1, 0xd, 0, 0x3, 0, 0x0, 0x240, 0x988, 0);
	put_x(&f->in, 2, 0xd, 0, 0x3, 0, 0x602e7, 0x240, 0x988, 0);
	put_x(&f->in, 3, 0xd, 0, 0x2e7, 0, 0x3, 0x988, 0x988, 0);
	fw_run(f);
	expect_written_back(f, 3);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0x7);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EAX), 0x3);
	assert_int_equal(reg_of(f, 2, CPUID_REG_EAX), 0x2e7);
	assert_int_equal(reg_of(f, 3, CPUID_REG_EAX), 0x3);
	expect_corr(f, 0, "eax", 0, 0x4, 0x7, "FN0000000D_X00_CUSTOM");
	expect_corr(f, 1, "eax", 0, 0x0, 0x3, "FN0000000D_X00_CUSTOM");
	expect_corr(f, 2, "eax", 0, 0x602e7, 0x2e7, "FN0000000D_X00_CUSTOM");
	assert_int_equal(ncorr(f, 3, "eax"), 0);
	expect_fixed_point(f);

	/* 0xD/0 EDX is exactly 0 (FN0000000D_x00_EDX_DEFAULT); 0xD/1
	 * EAX/ECX/EDX are masks 0xF / 0x1800 / 0 */
	memset(&f->in, 0, sizeof(f->in));
	put_x(&f->in, 0, 0xd, 0, 0x3, 0, 0x3, 0x240, 0, 0x1);
	put_x(&f->in, 1, 0xd, 1, 0x3, 0, 0xff, 0x240, 0xffff, 0xff);
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EAX), 0xf);
	assert_int_equal(reg_of(f, 1, CPUID_REG_ECX), 0x1800);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EDX), 0);
	expect_fixed_point(f);
	fw_close(f);
}

/* ---- 5. header errors: nothing written back ---- */

static void expect_refused(struct fw *f)
{
	fw_run(f);
	assert_int_equal(f->st.code, INVALID_PARAM);
	assert_false(f->st.written_back);
	assert_int_equal(f->st.failed_entries, 0);
	assert_int_equal(f->res.ncorrections, 0);
	assert_non_null(f->st.message);
	/* NOTE §2, §3.1 step 1: the page is untouched, even its bad
	 * entries */
	assert_true(page_equal(&f->out, &f->in));
}

/*
 * NOTE §2: count must be <= 64 (SNP_CPUID_COUNT_MAX, FW cpuid_lookup.h),
 * reserved1 and reserved2 must be 0, else INVALID_PARAM with no
 * write-back.  Count 0 is accepted by the firmware (the Linux guest stops
 * on it).
 */
static void test_header(void **state)
{
	struct fw *f = fw_open();

	(void)state;
	fill_nvtrust(&f->in);	/* a bad entry that stays bad */
	f->in.count = 65;
	expect_refused(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EDX), 0x6);
	f->in.count = 0xffffffff;
	expect_refused(f);

	f->in.count = 1;
	f->in.reserved1 = 1;
	expect_refused(f);
	f->in.reserved1 = 0;
	f->in.reserved2 = 1ull << 40;
	expect_refused(f);
	f->in.reserved2 = 0;
	fw_run(f);	/* the header is fine again: the entry is checked */
	expect_written_back(f, 1);

	/* count 0: nothing to check, even with a bad entry at index 0 */
	f->in.count = 0;
	fw_run(f);
	expect_ok(f);

	/* count 64: every entry is (0x0, 0x0) with EAX 0 <= 0x10, EBX-EDX
	 * unchecked: accepted */
	memset(&f->in, 0, sizeof(f->in));
	f->in.count = 64;
	fw_run(f);
	expect_ok(f);
	/* ... and the 64th is checked: entry 63 (0x0) with EAX 0x11 */
	f->in.e[63].regs[CPUID_REG_EAX] = 0x11;
	fw_run(f);
	expect_written_back(f, 1);
	expect_corr(f, 63, "eax", 0, 0x11, 0x10, lt(LT_0, "eax"));
	fw_close(f);
}

/* ---- 6. leaves outside the checked ranges ---- */

/*
 * FW sanitize_cpuid_list: only eax_in in [0x0, 0xFFFF] or [0x80000000,
 * 0x8000FFFF] (CPUID_STD/EXT_RANGE_MIN/MAX) is validated, the reserved
 * field included; the others pass as they are (NOTE §3.1 step 2, §9.9:
 * report them untrusted).  The range ends are inclusive: 0xFFFF and
 * 0x8000FFFF are checked (and unknown: zeroed).
 */
static void test_unchecked_ranges(void **state)
{
	struct fw *f = fw_open();
	struct cpuid_entry key;
	const struct bit_note *n;
	unsigned int reg, bit;

	(void)state;
	put(&f->in, 0, 0x40000000, 0, 0xffffffff, 0xffffffff, 0xffffffff,
	    0xffffffff);
	f->in.e[0].reserved = 0x1234;
	put(&f->in, 1, 0x40000001, 5, 1, 2, 3, 4);
	put(&f->in, 2, 0x00010000, 0, 1, 2, 3, 4);
	put(&f->in, 3, 0x8fffffff, 0, 1, 2, 3, 4);
	put(&f->in, 4, 0xc0000000, 0, 1, 2, 3, 4);
	put(&f->in, 5, 0x7fffffff, 0, 1, 2, 3, 4);
	fw_run(f);
	expect_ok(f);
	key = snp_page_key(&f->in.e[0]);
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		for (bit = 0; bit < 32; bit++) {
			n = trace_get(&f->t, &key, reg, bit);
			assert_non_null(n);
			assert_int_equal(n->verdict, VERDICT_UNTRUSTED);
			assert_int_equal(n->strength, NOTE_FINAL);
			assert_string_equal(n->layer, "sev-firmware");
		}
	}

	/* the last leaves of the ranges are checked: not in the table and
	 * not zero, so zeroed */
	put(&f->in, 6, 0x0000ffff, 0, 1, 0, 0, 0);
	put(&f->in, 7, 0x8000ffff, 0, 0, 0, 0, 1);
	fw_run(f);
	expect_written_back(f, 2);
	assert_int_equal(f->res.ncorrections, 2);
	expect_corr(f, 6, "eax", 0, 1, 0, "sanitize_cpuid_entry");
	expect_corr(f, 7, "edx", 0, 1, 0, "sanitize_cpuid_entry");
	/* the unchecked ones go back as they were, reserved field too */
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0xffffffff);
	assert_true(f->out.e[0].reserved == 0x1234);
	assert_int_equal(reg_of(f, 3, CPUID_REG_EDX), 4);
	fw_close(f);
}

/* The same through certify check: the hypervisor leaf's findings. */
static void test_unchecked_ranges_check(void **state)
{
	struct check_result r;
	const struct finding *fi;
	unsigned int reg;

	(void)state;
	test_snp_check("0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b "
		       "ecx=0x564b4d56 edx=0x0000004d\n"
		       "0x40000001 0x00: eax=0xffffffff ebx=0x1 ecx=0x2 "
		       "edx=0x3\n", NULL, NULL, "none", &r);
	/* the firmware accepts it; no correction */
	assert_int_equal(r.ncorrections, 0);
	assert_true(r.status.code == 0 ||
		    strcmp(r.status.layer, "sev-firmware") != 0);
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		fi = test_find(&r, 0x40000000, 0, reg, 0);
		assert_int_equal(fi->verdict, VERDICT_UNTRUSTED);
		assert_string_equal(fi->layer, "sev-firmware");
		fi = test_find(&r, 0x40000001, 0, reg, 31);
		assert_int_equal(fi->verdict, VERDICT_UNTRUSTED);
	}
	check_result_release(&r);
}

/* ---- 7. unknown pairs ---- */

/*
 * FW sanitize_cpuid_entry: "Any architectural leaf not listed in the
 * table must have all output values equal to 0", else all four are zeroed
 * and the entry fails.  The key is (eax_in, ecx_in) exactly, so a leaf
 * without sub-leaves with ecx_in 1 is unknown (NOTE §0.4, §9.5).
 */
static void test_unknown_pairs(void **state)
{
	struct fw *f = fw_open();
	unsigned int i, reg;

	(void)state;
	put(&f->in, 0, 0x3, 0, 1, 0, 0, 0);
	put(&f->in, 1, 0x80000001, 1, MILAN, 0, 0x1, 0x1);
	put(&f->in, 2, 0xd, 3, 0x40, 0x3c0, 0, 0);	/* BNDREGS: not in */
	put(&f->in, 3, 0x7, 2, 0, 0, 0, 0x1);		/* 7/2: not in */
	/* all zero: accepted */
	put(&f->in, 4, 0x3, 0, 0, 0, 0, 0);
	put(&f->in, 5, 0x8000001d, 5, 0, 0, 0, 0);
	put(&f->in, 6, 0xb, 3, 0, 0, 0, 0);
	put(&f->in, 7, 0x80000001, 1, 0, 0, 0, 0);
	fw_run(f);
	expect_written_back(f, 4);
	/* one correction per non-zero register */
	assert_int_equal(f->res.ncorrections, 1 + 3 + 2 + 1);
	expect_corr(f, 0, "eax", 0, 1, 0, "sanitize_cpuid_entry");
	expect_corr(f, 1, "eax", 0, MILAN, 0, "sanitize_cpuid_entry");
	expect_corr(f, 1, "ecx", 0, 1, 0, "sanitize_cpuid_entry");
	expect_corr(f, 1, "edx", 0, 1, 0, "sanitize_cpuid_entry");
	assert_int_equal(ncorr(f, 1, "ebx"), 0);
	assert_int_equal(f->res.corrections[1].key.subleaf, 1);
	expect_corr(f, 2, "eax", 0, 0x40, 0, "sanitize_cpuid_entry");
	expect_corr(f, 2, "ebx", 0, 0x3c0, 0, "sanitize_cpuid_entry");
	expect_corr(f, 3, "edx", 0, 1, 0, "sanitize_cpuid_entry");
	for (i = 0; i < 4; i++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			assert_int_equal(reg_of(f, i, reg), 0);
	for (i = 4; i < 8; i++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			assert_int_equal(ncorr(f, i, cpuid_reg_name(reg)), 0);
	expect_fixed_point(f);

	/* 0x80000001 with ecx_in 0 is the table's entry: the same values
	 * pass there (FMS unchecked without a host; ECX bit 0 LAHF/SAHF and
	 * EDX bit 0 FPU are in the masks 0x75C237FF / 0x2FD3FBFF) */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x80000001, 0, MILAN, 0, 0x1, 0x1);
	fw_run(f);
	expect_ok(f);
	fw_close(f);
}

/* ---- 8. TSC_DEADLINE, end to end ---- */

/*
 * NOTE §9.2 and §5 (QEMU clears it for SNP): 1.ECX bit 24 TSC_DEADLINE is
 * outside FN00000001_ECX_DEFAULT 0x76FA320B (FW lists no TSC-deadline
 * bit), so ECX &= (DEFAULT | OSXSAVE | RESHV) = 0.  1.EBX[15:8] must be
 * FN00000001_EBX_CFLUSH_EXACT 8 (0x800); [7:0] are reserved.  Without
 * --host the FMS check has nothing to compare (NOTE §0.2: the host FMS is
 * the only live value).
 */
static void test_tsc_deadline_check(void **state)
{
	struct check_result r;
	const struct finding *fi;

	(void)state;
	test_snp_check("0x00000001 0x00: eax=0x00a00f11 ebx=0x00000800 "
		       "ecx=0x01000000 edx=0x00000000\n", NULL, NULL, "none",
		       &r);
	assert_int_equal(r.status.code, INVALID_PARAM);
	assert_string_equal(r.status.layer, "sev-firmware");
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	assert_int_equal(r.ncorrections, 1);
	assert_string_equal(r.corrections[0].field, "ecx");
	assert_int_equal(r.corrections[0].provided, 0x01000000);
	assert_int_equal(r.corrections[0].corrected, 0);
	/* (the rule's name: test_result_strings_outlive_ruleset) */
	fi = test_find(&r, 1, 0, CPUID_REG_ECX, 24);
	assert_int_equal(fi->verdict, VERDICT_REJECTED);
	assert_string_equal(fi->layer, "sev-firmware");
	assert_true(fi->has_requested);
	assert_int_equal(fi->requested, 1);
	check_result_release(&r);

	/* CLFLUSH 0 is corrected too: EBX 0 -> 0x800 */
	test_snp_check("0x00000001 0x00: eax=0x00a00f11 ebx=0x00000000 "
		       "ecx=0x01000000 edx=0x00000000\n", NULL, NULL, "none",
		       &r);
	assert_int_equal(r.status.code, INVALID_PARAM);
	assert_int_equal(r.ncorrections, 2);
	assert_string_equal(r.corrections[0].field, "ebx");
	assert_int_equal(r.corrections[0].provided, 0);
	assert_int_equal(r.corrections[0].corrected, 0x800);
	assert_string_equal(r.corrections[1].field, "ecx");
	check_result_release(&r);

	/* without bit 24 the same leaf is accepted by the firmware */
	test_snp_check("0x00000001 0x00: eax=0x00a00f11 ebx=0x00000800 "
		       "ecx=0x00000000 edx=0x00000000\n", NULL, NULL, "none",
		       &r);
	assert_int_equal(r.ncorrections, 0);
	assert_true(r.status.code == 0 ||
		    strcmp(r.status.layer, "sev-firmware") != 0);
	check_result_release(&r);
}

/* ---- 9. FMS ---- */

/*
 * FW compare_FMS(host, guest): family = FMS_FAMILY = ExtFamily (27:20) +
 * BaseFamily (11:8); model = FMS_MODEL = ExtModel (19:16) + BaseModel
 * (7:4), a sum, not ExtModel << 4 | BaseModel (NOTE §3.4); stepping 3:0;
 * the guest passes when (family, model, stepping) is lexicographically <=
 * the host's.
 */
static void test_fms_le(void **state)
{
	(void)state;
	/* equal */
	assert_true(snp_fms_le(MILAN, MILAN));
	/* NOTE §3.4's example: Milan 0x00A00F11 (model 0+1 = 1) rejects the
	 * EPYC-Genoa signature 0x00A10F10 (model 1+1 = 2) */
	assert_false(snp_fms_le(MILAN, 0x00a10f10));
	assert_true(snp_fms_le(GENOA_FMS, MILAN));
	/* the sum against the real order: host ext 1 base 0 (0x00A10F00,
	 * real model 0x10, sum 1) rejects guest ext 0 base 2 (0x00A00F20,
	 * real model 0x02, sum 2) ... */
	assert_false(snp_fms_le(0x00a10f00, 0x00a00f20));
	/* ... and host 0x00A00F20 (sum 2) accepts the real model 0x10
	 * (0x00A10F00, sum 1) */
	assert_true(snp_fms_le(0x00a00f20, 0x00a10f00));
	/* same sums, different encodings: ext 1 base 1 (0x00A10F10) and
	 * ext 0 base 2 (0x00A00F20) compare equal in model */
	assert_true(snp_fms_le(0x00a10f10, 0x00a00f20));
	assert_true(snp_fms_le(0x00a00f20, 0x00a10f10));
	/* stepping decides only at equal family and model */
	assert_false(snp_fms_le(MILAN, 0x00a00f12));
	assert_true(snp_fms_le(MILAN, 0x00a00f10));
	assert_true(snp_fms_le(0x00a00f21, 0x00a00f1f));
	/* family: Turin 0x00B00F21 (0xB + 0xF = 0x1A) > Genoa (0x19) */
	assert_false(snp_fms_le(GENOA_FMS, 0x00b00f21));
	assert_true(snp_fms_le(0x00b00f21, GENOA_FMS));
	/* Zen 2 0x00830F10 (0x8 + 0xF = 0x17) < 0x19 whatever the model */
	assert_true(snp_fms_le(MILAN, 0x00830f10));
	/* family is a sum too: ext 0xB base 0xE = 0x19, model 0 < 1 */
	assert_true(snp_fms_le(MILAN, 0x00b00e00));
	assert_false(snp_fms_le(0x00b00e00, MILAN));
	/* the reserved bits 0xF000F000 are not part of the compare */
	assert_true(snp_fms_le(MILAN, 0xf0a0ff11));
}

/*
 * FN00000001_CUSTOM / FN80000001_CUSTOM: a guest newer than the host gets
 * EAX = the host FMS (get_fms), then the reserved bits 0xF000F000
 * (FN00000001_EAX_RESERVED) are cleared.
 */
static void test_fms_firmware(void **state)
{
	struct fw *f = fw_open();

	(void)state;
	f->host.fms_known = true;
	f->host.fms = MILAN;
	put(&f->in, 0, 1, 0, 0x00a10f10, 0x800, 0, 0);
	put(&f->in, 1, 0x80000001, 0, 0x00a10f10, 0, 0, 0);
	fw_run(f);
	expect_written_back(f, 2);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), MILAN);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EAX), MILAN);
	expect_corr(f, 0, "eax", 0, 0x00a10f10, MILAN, "FN00000001_CUSTOM");
	expect_corr(f, 1, "eax", 0, 0x00a10f10, MILAN, "FN80000001_CUSTOM");
	assert_int_equal(f->res.ncorrections, 2);
	expect_fixed_point(f);

	/* the quirk through the firmware: host 0x00A10F00 (real model
	 * 0x10) rejects 0x00A00F20 (real model 0x02) */
	f->host.fms = 0x00a10f00;
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 1, 0, 0x00a00f20, 0x800, 0, 0);
	fw_run(f);
	expect_corr(f, 0, "eax", 0, 0x00a00f20, 0x00a10f00,
		    "FN00000001_CUSTOM");
	expect_fixed_point(f);
	/* and host 0x00A00F20 accepts 0x00A10F00 */
	f->host.fms = 0x00a00f20;
	f->in.e[0].regs[CPUID_REG_EAX] = 0x00a10f00;
	fw_run(f);
	expect_ok(f);

	/* same FMS with reserved bits: the compare passes, then 0xF000F000
	 * is cleared */
	f->host.fms = MILAN;
	f->in.e[0].regs[CPUID_REG_EAX] = 0xf000f000 | MILAN;
	fw_run(f);
	expect_corr(f, 0, "eax", 0, 0xf000f000 | MILAN, MILAN,
		    "FN00000001_CUSTOM");
	assert_int_equal(f->res.ncorrections, 1);

	/* Turin's signature on a Genoa host: corrected to Genoa's */
	f->host.fms = GENOA_FMS;
	f->in.e[0].regs[CPUID_REG_EAX] = 0x00b00f21;
	fw_run(f);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), GENOA_FMS);

	/* an older or equal guest passes */
	f->in.e[0].regs[CPUID_REG_EAX] = GENOA_FMS;
	fw_run(f);
	expect_ok(f);
	f->in.e[0].regs[CPUID_REG_EAX] = MILAN;
	fw_run(f);
	expect_ok(f);

	/* no host FMS known: the compare cannot run, the value passes
	 * (certify warns "assumed not newer") */
	f->host.fms_known = false;
	f->in.e[0].regs[CPUID_REG_EAX] = 0x00b00f21;
	fw_run(f);
	expect_ok(f);
	fw_close(f);
}

/* ---- 10. the per-entry reserved field ---- */

/*
 * FW sanitize_cpuid_list: "if (cpuid_function[i].reserved != 0) failed =
 * true" and nothing clears it (NOTE §3.1 step 3, §5 caveat: QEMU's diff
 * shows nothing).  A non-zero reserved field on an unchecked leaf is not
 * looked at (test_unchecked_ranges).
 */
static void test_entry_reserved(void **state)
{
	static uint8_t bytes[SNP_PAGE_SIZE];
	struct fw *f = fw_open();
	const struct check_correction *c;

	(void)state;
	put(&f->in, 0, 0x0, 0, 0x10, 0x68747541, 0x444d4163, 0x69746e65);
	put(&f->in, 1, 0x0, 0, 0x10, 0, 0, 0);
	f->in.e[1].reserved = 0x8000000000000001ull;
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(f->st.reserved_entries, 1);
	assert_int_equal(f->res.ncorrections, 1);
	c = corr(f, 1, "reserved", 0);
	assert_non_null(c);
	assert_true(c->provided == 0x8000000000000001ull);
	assert_true(c->corrected == 0x8000000000000001ull);
	assert_string_equal(c->layer, "sev-firmware");
	/* the write-back keeps it, and the registers are unchanged: the
	 * page goes back byte for byte as it came */
	assert_true(f->out.e[1].reserved == 0x8000000000000001ull);
	assert_true(page_equal(&f->out, &f->in));
	page_bytes(&f->out, bytes);
	assert_true(le64(bytes + off(1, 40)) == 0x8000000000000001ull);
	assert_int_equal(bytes[off(1, 40)], 0x01);
	assert_int_equal(bytes[off(1, 47)], 0x80);
	/* sent again unchanged, it fails again */
	f->in = f->out;
	fw_run(f);
	expect_written_back(f, 1);
	/* with the field cleared it passes */
	expect_fixed_point(f);

	/* a reserved field and a register failure in one entry: one failed
	 * entry, not a reserved-only one */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x0, 0, 0x11, 0, 0, 0);
	f->in.e[0].reserved = 1;
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(f->st.reserved_entries, 0);
	assert_int_equal(ncorr(f, 0, "reserved"), 1);
	expect_corr(f, 0, "eax", 0, 0x11, 0x10, lt(LT_0, "eax"));
	assert_true(f->out.e[0].reserved == 1);
	fw_close(f);
}

/* ---- 11. table rules ---- */

/*
 * FW cpuid_entry_rule_check: MASK (reg & value) != reg -> reg &= value;
 * EXACT reg != value -> reg = value; LESSTHAN reg > value (unsigned) ->
 * reg = value; each of those returns at once; UNCHECKED does nothing;
 * then (only when the rule passed) the reserved bits are cleared.
 */
static void test_table_rules(void **state)
{
	struct fw *f = fw_open();

	(void)state;
	/* 0x6 (lookup_table[5]): EAX MASK 0x4, EBX EXACT 0, ECX MASK 0x1,
	 * EDX EXACT 0 */
	put(&f->in, 0, 0x6, 0, 0x5, 0x5, 0x3, 0x80000000);
	/* 0x5 (lookup_table[4]): UNCHECKED with reserved 0xFFFF0000,
	 * 0xFFFF0000, 0xFFFFFFFC, 0xFFFFFF00 */
	put(&f->in, 1, 0x5, 0, 0x00010040, 0x40, 0x7, 0x00000111);
	/* 0x0 (lookup_table[0]): EAX LESSTHAN 0x10, the rest UNCHECKED
	 * with no reserved bits: any vendor string */
	put(&f->in, 2, 0x0, 0, 0xffffffff, 0xdeadbeef, 0x1, 0x2);
	/* 0x80000000 (lookup_table[24]): LESSTHAN 0x80000028 */
	put(&f->in, 3, 0x80000000, 0, 0x80000029, 0, 0, 0);
	/* 0xD/5 (lookup_table[14]) zero-filled: EAX EXACT 0x40, EBX EXACT
	 * 0x340 (NOTE §9.3: zero-filled 0xD sub-leaves fail) */
	put(&f->in, 4, 0xd, 5, 0, 0, 0, 0);
	/* 0x80000007 (lookup_table[31]): EAX EXACT 0, EBX MASK 0x3B, EDX
	 * MASK 0x6799 */
	put(&f->in, 5, 0x80000007, 0, 0, 0xff, 0x12345678, 0xffff);
	/* 0x8000001E (lookup_table[42]): EDX UNCHECKED with reserved
	 * 0xFFFFFFFF: must be 0 (NOTE §3.2) */
	put(&f->in, 6, 0x8000001e, 0, 0xffffffff, 0x0000ffff, 0x7ff, 0x5);
	/* 0x8000001B (lookup_table[36]): EAX MASK FN8000001B_EAX_DEFAULT
	 * 0xBFF (IBSOPDATA4 is "0 << 10": bit 10 is not allowed); 0x1401
	 * & 0xBFF = 0x1: the allowed bits stay, the others go */
	put(&f->in, 7, 0x8000001b, 0, 0x1401, 0, 0, 0);
	fw_run(f);
	expect_written_back(f, 8);

	expect_corr(f, 0, "eax", 0, 0x5, 0x4, lt(LT_6, "eax"));
	expect_corr(f, 0, "ebx", 0, 0x5, 0x0, lt(LT_6, "ebx"));
	expect_corr(f, 0, "ecx", 0, 0x3, 0x1, lt(LT_6, "ecx"));
	expect_corr(f, 0, "edx", 0, 0x80000000, 0x0, lt(LT_6, "edx"));

	/* UNCHECKED + reserved: 0x00010040 & ~0xFFFF0000 = 0x40; EBX 0x40
	 * passes; ECX 0x7 & ~0xFFFFFFFC = 0x3; EDX 0x111 & ~0xFFFFFF00 =
	 * 0x11 */
	expect_corr(f, 1, "eax", 0, 0x00010040, 0x40, lt(LT_5, "eax"));
	assert_int_equal(ncorr(f, 1, "ebx"), 0);
	expect_corr(f, 1, "ecx", 0, 0x7, 0x3, lt(LT_5, "ecx"));
	expect_corr(f, 1, "edx", 0, 0x111, 0x11, lt(LT_5, "edx"));

	/* LESSTHAN is unsigned: 0xFFFFFFFF -> 0x10 */
	expect_corr(f, 2, "eax", 0, 0xffffffff, 0x10, lt(LT_0, "eax"));
	assert_int_equal(ncorr(f, 2, "ebx") + ncorr(f, 2, "ecx") +
			 ncorr(f, 2, "edx"), 0);
	expect_corr(f, 3, "eax", 0, 0x80000029, 0x80000028,
		    lt(LT_80000000, "eax"));

	expect_corr(f, 4, "eax", 0, 0, 0x40, lt(LT_D5, "eax"));
	expect_corr(f, 4, "ebx", 0, 0, 0x340, lt(LT_D5, "ebx"));
	assert_int_equal(ncorr(f, 4, "ecx") + ncorr(f, 4, "edx"), 0);

	/* 0xFF & 0x3B = 0x3B; ECX UNCHECKED; 0xFFFF & 0x6799 = 0x6799 */
	expect_corr(f, 5, "ebx", 0, 0xff, 0x3b, lt(LT_80000007, "ebx"));
	assert_int_equal(ncorr(f, 5, "ecx"), 0);
	expect_corr(f, 5, "edx", 0, 0xffff, 0x6799, lt(LT_80000007, "edx"));

	/* EAX UNCHECKED, EBX 0xFFFF / ECX 0x7FF within their reserved
	 * masks' complements; EDX 5 -> 0 */
	expect_corr(f, 6, "edx", 0, 0x5, 0, lt(LT_8000001E, "edx"));
	assert_int_equal(ncorr(f, 6, "eax") + ncorr(f, 6, "ebx") +
			 ncorr(f, 6, "ecx"), 0);

	expect_corr(f, 7, "eax", 0, 0x1401, 0x1, lt(LT_8000001B, "eax"));

	/* one correction per failed register: the rule's, nothing more */
	assert_int_equal(f->res.ncorrections, 4 + 3 + 1 + 1 + 2 + 2 + 1 + 1);
	expect_fixed_point(f);

	/* UNCHECKED means any value: the brand string leaves */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x80000002, 0, 0xffffffff, 0x12345678, 0x9abcdef0, 1);
	put(&f->in, 1, 0x80000003, 0, 1, 2, 3, 4);
	put(&f->in, 2, 0x80000004, 0, 0xffffffff, 0xffffffff, 0xffffffff,
	    0xffffffff);
	fw_run(f);
	expect_ok(f);
	fw_close(f);
}

/*
 * The rule-table path returns right after a rule correction, before the
 * reserved check (FW cpuid_entry_rule_check "return
 * SEV_STATUS_INVALID_CONFIG" in each case; NOTE §3.2, §3.4).  No Genoa
 * value overlaps its reserved mask, so a rule set written here makes it
 * visible: MASK 0xFF with reserved 0x0F.  0x1FF fails the mask -> 0xFF
 * and returns, leaving the reserved bits 0xF; sent again, 0xFF passes the
 * mask and the reserved check clears 0x0F -> 0xF0.  A custom function
 * runs every check in order (FN00000001_CUSTOM: the mask, then the
 * reserved bits) - see test_leaf7_edx_inverted_mask.
 */
static void test_table_rule_returns_before_mbz(void **state)
{
	struct fw *f = fw_open_text(
		"ruleset snp-test\nplatform snp\nversion 0.0.1\n"
		"source test/fw@0123abcd src/cpuid_lookup.c\n"
		"const max_count 64\n"
		"checked-range 0x00000000 0x0000ffff\n"
		"reg 0x00000001 0x00 eax mask      0x000000ff 0x0000000f\n"
		"reg 0x00000001 0x00 ebx le        0x00000010 0x00000000\n"
		"reg 0x00000001 0x00 ecx exact     0x00000020 0x00000000\n"
		"reg 0x00000001 0x00 edx unchecked -          0x0000ff00\n");

	(void)state;
	put(&f->in, 0, 1, 0, 0x1ff, 0x10, 0x20, 0);
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0xff);
	assert_int_equal(f->res.ncorrections, 1);
	expect_corr(f, 0, "eax", 0, 0x1ff, 0xff, "lookup_table[0].eax");
	f->in = f->out;
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(reg_of(f, 0, CPUID_REG_EAX), 0xf0);
	expect_corr(f, 0, "eax", 0, 0xff, 0xf0, "lookup_table[0].eax");
	/* the corrected values of LE, EXACT and UNCHECKED */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 1, 0, 0, 0x11, 0x21, 0x1234);
	fw_run(f);
	expect_corr(f, 0, "ebx", 0, 0x11, 0x10, "lookup_table[0].ebx");
	expect_corr(f, 0, "ecx", 0, 0x21, 0x20, "lookup_table[0].ecx");
	expect_corr(f, 0, "edx", 0, 0x1234, 0x34, "lookup_table[0].edx");
	expect_fixed_point(f);
	fw_close(f);
}

/*
 * NOTE §3.4: "no value overlaps its reserved mask" in the Genoa table
 * (EXACT and LESSTHAN values cannot, the reader refuses them; MASK values
 * could): so a table correction always passes the next time.
 */
static void test_table_values_clear_of_mbz(void **state)
{
	struct fw *f = fw_open();
	size_t i;
	unsigned int reg;

	(void)state;
	assert_int_equal(f->rules.n, 57);
	for (i = 0; i < f->rules.n; i++) {
		const struct snp_entry *e = &f->rules.entries[i];

		assert_int_equal(e->index, i);
		if (e->custom)
			continue;
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (e->regs[reg].rule != SNP_RULE_UNCHECKED)
				assert_int_equal(e->regs[reg].value &
						 e->regs[reg].mbz, 0);
	}
	fw_close(f);
}

/* ---- 12. duplicates and entries past count ---- */

static void test_duplicates_and_count(void **state)
{
	struct fw *f = fw_open();

	(void)state;
	/* NOTE §3.1 step 6: duplicate keys are allowed and each is
	 * checked: 0xD/0 for xcr0_in 0x3 and 0x7 with their EBX swapped */
	put_x(&f->in, 0, 0xd, 0, 0x3, 0, 0x7, 0x340, 0x340, 0);
	put_x(&f->in, 1, 0xd, 0, 0x7, 0, 0x7, 0x240, 0x340, 0);
	/* the same key twice, both bad (nvtrust #91) */
	put(&f->in, 2, 0x8000001d, 3, 0x0003c163, 0x03c0003f, 0x00007fff, 0x6);
	put(&f->in, 3, 0x8000001d, 3, 0x0003c163, 0x03c0003f, 0x00007fff, 0x6);
	fw_run(f);
	expect_written_back(f, 4);
	expect_corr(f, 0, "ebx", 0, 0x340, 0x240, "FN0000000D_X00_CUSTOM");
	expect_corr(f, 1, "ebx", 0, 0x240, 0x340, "FN0000000D_X00_CUSTOM");
	expect_corr(f, 2, "edx", 0, 0x6, 0x2, lt(LT_8000001D_3, "edx"));
	expect_corr(f, 3, "edx", 0, 0x6, 0x2, lt(LT_8000001D_3, "edx"));
	expect_fixed_point(f);

	/* NOTE §2: entries >= count are ignored: a bad entry at index 1
	 * with count 1 does not fail the page */
	memset(&f->in, 0, sizeof(f->in));
	put(&f->in, 0, 0x0, 0, 0x10, 0, 0, 0);
	put(&f->in, 1, 0x3, 0, 0xffffffff, 1, 1, 1);
	f->in.e[1].reserved = 1;
	f->in.count = 1;
	memset(f->in.tail, 0xa5, sizeof(f->in.tail));
	fw_run(f);
	expect_ok(f);
	/* ... nor is it corrected when an entry before it fails */
	f->in.e[0].regs[CPUID_REG_EAX] = 0x11;
	fw_run(f);
	expect_written_back(f, 1);
	assert_int_equal(f->res.ncorrections, 1);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EAX), 0xffffffff);
	assert_int_equal(reg_of(f, 1, CPUID_REG_EDX), 1);
	fw_close(f);
}

/* ---- 13, 14. many corrections at once, byte for byte ---- */

struct sink {
	uint32_t leaf, sub;
	uint64_t xcr0, xss;
	uint32_t in[4];
	uint32_t out[4];
};

/* Host Milan 0x00A00F11.  Each row's corrections, from FW: */
static const struct sink sink[] = {
	/* 0x0: LESSTHAN 0x10 */
	{ 0x0, 0, 0, 0, { 0x1f, 0x68747541, 0x444d4163, 0x69746e65 },
	  { 0x10, 0x68747541, 0x444d4163, 0x69746e65 } },
	/* 0x1: FMS newer -> host; CLFLUSH 0 -> 8 (EBX[31:16] unchecked);
	 * ECX & (0x76FA320B | 0x88000000), reserved 0x0105CDF4 then clear;
	 * EDX & 0x178BFBFF, reserved 0xE8740400 clear */
	{ 0x1, 0, 0, 0, { 0x00a10f10, 0x00ff0000, 0xffffffff, 0xffffffff },
	  { MILAN, 0x00ff0800, 0xfefa320b, 0x178bfbff } },
	/* 0x3: not in the table */
	{ 0x3, 0, 0, 0, { 1, 2, 3, 4 }, { 0, 0, 0, 0 } },
	/* 0x7/0: EAX <= 1; EBX & 0xF1BF97A9; ECX & 0x00415FDE; EDX
	 * inverted mask then reserved: 0 */
	{ 0x7, 0, 0, 0, { 2, 0xffffffff, 0xffffffff, 0xffffffff },
	  { 1, 0xf1bf97a9, 0x00415fde, 0 } },
	/* 0xD/0 xcr0 0x7: EAX |= X87|SSE; EBX 0x340; EDX exactly 0 */
	{ 0xd, 0, 0x7, 0, { 0x4, 0, 0, 1 }, { 0x7, 0x340, 0, 0 } },
	/* 0xD/1 xcr0 0x7 xss CET_U|CET_S: EAX & 0xF; EBX 0x368; ECX &
	 * 0x1800; EDX & 0 */
	{ 0xd, 1, 0x7, 0x1800, { 0xff, 0, 0xffff, 0xff },
	  { 0xf, 0x368, 0x1800, 0 } },
	/* 0xD/5 zero: EXACT 0x40 / 0x340 */
	{ 0xd, 5, 0, 0, { 0, 0, 0, 0 }, { 0x40, 0x340, 0, 0 } },
	/* 0x80000008: PhysAddr 0xFF -> 0x34, LinAddr 0xFF -> 0x39,
	 * GuestPhys 0xFF <= 0xFF, reserved 0xFF000000: 0x00FF3934; EBX &
	 * 0x79BEF35F; ECX & ~0xFFFC0F00; EDX InvlpgbCnt 0xFFFF -> 7,
	 * RdpruMax 0xFF -> 1, reserved 0xFF000000: 0x00010007 */
	{ 0x80000008, 0, 0, 0,
	  { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	  { 0x00ff3934, 0x79bef35f, 0x0003f0ff, 0x00010007 } },
	/* nvtrust #91 */
	{ 0x8000001d, 3, 0, 0, { 0x0003c163, 0x03c0003f, 0x7fff, 0x6 },
	  { 0x0003c163, 0x03c0003f, 0x7fff, 0x2 } },
	/* 0x8000001F: EAX & 0x030FFFFF; EBX C-bit 0x33 right, bits 16-31
	 * set, NumVMPL 5: (x & ~0xFC0) | 0x33 = 0xFFFF5033, VMPL 4 =
	 * 0xFFFF4033, reserved 0xFFFF0000: 0x4033 */
	{ 0x8000001f, 0, 0, 0, { 0xffffffff, 0xffff5173, 0x1fd, 1 },
	  { 0x030fffff, 0x4033, 0x1fd, 1 } },
	/* 0x80000022: EAX & 0x7; EBX NumPerfCtrCore 0xF -> 6, LbrV2StackSz
	 * 0x3F -> 0x10 ((x & ~0x3F0) | 0x100), the rest unchecked; EDX
	 * exactly 0 */
	{ 0x80000022, 0, 0, 0, { 0xff, 0xffffffff, 0x12345678, 1 },
	  { 0x7, 0xfffffd06, 0x12345678, 0 } },
	/* 0x80000001 with ecx_in 1: unknown */
	{ 0x80000001, 1, 0, 0, { MILAN, 0, 1, 1 }, { 0, 0, 0, 0 } },
	/* 0x80000000: LESSTHAN 0x80000028 */
	{ 0x80000000, 0, 0, 0, { 0xffffffff, 0, 0, 0 },
	  { 0x80000028, 0, 0, 0 } },
	/* 0x8000001E: EDX must be 0 */
	{ 0x8000001e, 0, 0, 0, { 0x12, 0x0102, 0x0304, 5 },
	  { 0x12, 0x0102, 0x0304, 0 } },
	/* a hypervisor leaf: untouched */
	{ 0x40000001, 0, 0, 0, { 0xffffffff, 1, 2, 3 },
	  { 0xffffffff, 1, 2, 3 } },
	/* a passing entry among them: untouched */
	{ 0x6, 0, 0, 0, { 0x4, 0, 0x1, 0 }, { 0x4, 0, 0x1, 0 } },
};

static void test_many_and_bytes(void **state)
{
	static uint8_t bytes[SNP_PAGE_SIZE];
	struct fw *f = fw_open();
	struct snp_page back;
	unsigned int i, reg;

	(void)state;
	f->host.fms_known = true;
	f->host.fms = MILAN;
	for (i = 0; i < ARRAY_SIZE(sink); i++)
		put_x(&f->in, i, sink[i].leaf, sink[i].sub, sink[i].xcr0,
		      sink[i].xss, sink[i].in[0], sink[i].in[1],
		      sink[i].in[2], sink[i].in[3]);
	memset(f->in.tail, 0x5a, sizeof(f->in.tail));
	fw_run(f);
	/* all but the last two fail */
	expect_written_back(f, ARRAY_SIZE(sink) - 2);
	for (i = 0; i < ARRAY_SIZE(sink); i++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (reg_of(f, i, reg) != sink[i].out[reg])
				fail_msg("entry %u (0x%x/0x%x) %s: 0x%08x, "
					 "expected 0x%08x", i, sink[i].leaf,
					 sink[i].sub, cpuid_reg_name(reg),
					 reg_of(f, i, reg), sink[i].out[reg]);

	/* 14: the encoded write-back, at NOTE §2's offsets */
	page_bytes(&f->out, bytes);
	assert_int_equal(le32(bytes), ARRAY_SIZE(sink));
	assert_int_equal(le32(bytes + 4), 0);
	assert_true(le64(bytes + 8) == 0);
	for (i = 0; i < ARRAY_SIZE(sink); i++) {
		assert_int_equal(le32(bytes + off(i, 0)), sink[i].leaf);
		assert_int_equal(le32(bytes + off(i, 4)), sink[i].sub);
		assert_true(le64(bytes + off(i, 8)) == sink[i].xcr0);
		assert_true(le64(bytes + off(i, 16)) == sink[i].xss);
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			assert_int_equal(le32(bytes + off(i, 24 + 4 * reg)),
					 sink[i].out[reg]);
		assert_true(le64(bytes + off(i, 40)) == 0);
	}
	/* entry 8 (nvtrust) EDX at 16 + 48 * 8 + 36 = 436: 02 00 00 00 */
	assert_int_equal(bytes[436], 0x02);
	assert_int_equal(bytes[437], 0);
	assert_int_equal(bytes[438], 0);
	assert_int_equal(bytes[439], 0);
	/* entry 7 (0x80000008) EDX 0x00010007 at 388: 07 00 01 00 */
	assert_int_equal(bytes[388], 0x07);
	assert_int_equal(bytes[389], 0x00);
	assert_int_equal(bytes[390], 0x01);
	assert_int_equal(bytes[391], 0x00);
	/* entry 4's xcr0_in 0x7 at 16 + 192 + 8 = 216 */
	assert_int_equal(bytes[216], 0x07);
	/* the unused bytes after 0xC10 go back as they came */
	assert_int_equal(bytes[SNP_PAGE_USED], 0x5a);
	assert_int_equal(bytes[SNP_PAGE_SIZE - 1], 0x5a);
	/* the bytes decode to the same page */
	snp_page_decode(bytes, &back);
	assert_true(page_equal(&back, &f->out));

	/* 13: and that page passes unchanged */
	expect_fixed_point(f);
	fw_close(f);
}

/* ---- 13. idempotence over the AMD hosts of the corpus ---- */

static bool amd_dump(const char *name)
{
	size_t n = strlen(name);

	if (!strstr(name, "amd"))
		return false;
	return (n > 11 && !strcmp(name + n - 11, "-aida64.txt")) ||
	       (n > 12 && !strcmp(name + n - 12, "-cpudata.xml"));
}

/*
 * Each AMD host dump as a page: the entries the firmware checks (NOTE §2:
 * the others pass untouched anyway), at most the 64 a page holds.  The
 * firmware's write-back must be a fixed point.
 */
static void corpus_page(struct fw *f, const char *path)
{
	struct cpuid_set s = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	struct config cfg;
	unsigned int i;

	test_read_file(path, DUMP_AUTO, -1, &cfg);
	cpuid_set_for_each(e, &cfg.cpuid) {
		if (s.n == SNP_PAGE_ENTRIES)
			break;
		if (snp_rules_checked(&f->rules, e->leaf))
			assert_int_equal(cpuid_set_insert(&s, e), 0);
	}
	assert_true(s.n > 0);
	memset(&f->in, 0, sizeof(f->in));
	assert_int_equal(snp_page_from_set(&s, &f->in), 0);
	assert_int_equal(f->in.count, s.n);
	f->host.fms_known = true;
	f->host.fms = test_reg(&cfg, 1, 0, CPUID_REG_EAX);
	fw_run(f);
	if (f->st.written_back) {
		expect_written_back(f, f->st.failed_entries);
		assert_true(f->st.failed_entries > 0);
		for (i = 0; i < f->res.ncorrections; i++)
			assert_true(f->res.corrections[i].index < f->in.count);
		expect_fixed_point(f);
	} else {
		expect_ok(f);
	}
	cpuid_set_release(&s);
	config_release(&cfg);
}

static void test_corpus_fixed_point(void **state)
{
	const char *dir = test_corpus("cpuid-dumps");
	char dirbuf[4096], path[4096 + 256];
	struct dirent *de;
	unsigned int n = 0;
	struct fw *f;
	DIR *dh;

	(void)state;
	if (!dir)
		skip();
	snprintf(dirbuf, sizeof(dirbuf), "%s", dir);
	dh = opendir(dirbuf);
	assert_non_null(dh);
	f = fw_open();
	while ((de = readdir(dh))) {
		if (!amd_dump(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirbuf, de->d_name);
		corpus_page(f, path);
		n++;
	}
	closedir(dh);
	fw_close(f);
	printf("note: %u AMD host dumps checked for a fixed point\n", n);
	assert_true(n > 0);
}

/*
 * certify/check.h: a correction's strings "must live in r->pool or be
 * static", and the result's pool "owns the strings above": a result
 * outlives the rule set it was checked against (test_snp_check releases
 * the rule set before it returns, as any library caller may).  The rule
 * of a custom entry is the firmware function's name (RULES "custom
 * 0x00000001 0x00 FN00000001_CUSTOM", FW FN00000001_CUSTOM), for the
 * correction and for the finding.  Last in the list: a dangling string
 * stops the program under AddressSanitizer.
 */
/*
 * snp_firmware_accepted_page(): the page --write-corrected writes.  It is
 * the firmware's write-back with the reserved fields it leaves cleared and,
 * where that write-back would fail again, the value the check asks for.
 */
static void test_accepted_page(void **state)
{
	struct fw *f = fw_open();
	struct snp_page ok;

	(void)state;
	/* 0x8000001F EBX 0x41AF: the write-back 0x403F fails again (see
	 * test_8000001f_ebx); the accepted value keeps [15:12] (4 << 12),
	 * has [11:6] cleared as the firmware does, and bits 5:0 = 0x33:
	 * 0x4000 | 0x33 = 0x4033. */
	put(&f->in, 0, 0x8000001f, 0, 0x1b, 0x41af, 0, 0);
	/* 7.0 EDX 0x10000011: the write-back is 0 (inverted mask, then
	 * MBZ 0xEFFFFFEF), which passes: it stays 0. */
	put(&f->in, 1, 0x7, 0, 0, 0, 0, 0x10000011);
	/* A reserved field the firmware refuses but never clears. */
	put(&f->in, 2, 0x80000000, 0, 0x80000021, 0, 0, 0);
	f->in.e[2].reserved = 0x5;
	/* A hypervisor leaf's reserved field is not checked: kept. */
	put(&f->in, 3, 0x40000000, 0, 0x40000001, 0, 0, 0);
	f->in.e[3].reserved = 0x7;
	assert_int_equal(snp_firmware_accepted_page(&f->rules, &f->host,
						    &f->in, &ok), 0);
	assert_int_equal(ok.e[0].regs[CPUID_REG_EBX], 0x4033);
	assert_int_equal(ok.e[1].regs[CPUID_REG_EDX], 0);
	assert_true(ok.e[2].reserved == 0);
	assert_true(ok.e[3].reserved == 7);
	/* ... and the firmware takes it as it is. */
	f->in = ok;
	fw_run(f);
	expect_ok(f);

	/* A page the firmware refuses without a write-back has none. */
	f->in.count = 65;
	assert_int_equal(snp_firmware_accepted_page(&f->rules, &f->host,
						    &f->in, &ok), 1);
	f->in.count = 4;
	f->in.reserved1 = 1;
	assert_int_equal(snp_firmware_accepted_page(&f->rules, &f->host,
						    &f->in, &ok), 1);
	fw_close(f);
}

static void test_result_strings_outlive_ruleset(void **state)
{
	struct check_result r;
	const struct finding *fi;

	(void)state;
	test_snp_check("0x00000001 0x00: eax=0x00a00f11 ebx=0x00000800 "
		       "ecx=0x01000000 edx=0x00000000\n", NULL, NULL, "none",
		       &r);
	assert_int_equal(r.ncorrections, 1);
	assert_string_equal(r.corrections[0].rule, "FN00000001_CUSTOM");
	assert_string_equal(r.corrections[0].source, FW_SOURCE);
	fi = test_find(&r, 1, 0, CPUID_REG_ECX, 24);
	assert_string_equal(fi->rule, "FN00000001_CUSTOM");
	check_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvtrust_91),
		cmocka_unit_test(test_nvtrust_91_check),
		cmocka_unit_test(test_leaf7_edx_inverted_mask),
		cmocka_unit_test(test_8000001f_ebx),
		cmocka_unit_test(test_leaf_d_sizes),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_unchecked_ranges),
		cmocka_unit_test(test_unchecked_ranges_check),
		cmocka_unit_test(test_unknown_pairs),
		cmocka_unit_test(test_tsc_deadline_check),
		cmocka_unit_test(test_fms_le),
		cmocka_unit_test(test_fms_firmware),
		cmocka_unit_test(test_entry_reserved),
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_table_rule_returns_before_mbz),
		cmocka_unit_test(test_table_values_clear_of_mbz),
		cmocka_unit_test(test_duplicates_and_count),
		cmocka_unit_test(test_many_and_bytes),
		cmocka_unit_test(test_corpus_fixed_point),
		cmocka_unit_test(test_accepted_page),
		cmocka_unit_test(test_result_strings_outlive_ruleset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
