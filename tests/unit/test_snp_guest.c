// SPDX-License-Identifier: MIT
/*
 * The Linux SNP guest's view of its CPUID table (snp/snp_guest.c) against
 * research/snp.md §6 and torvalds/linux@8d73829
 * arch/x86/boot/startup/sev-shared.c:
 *  - setup_cpuid_table: count 0 or > SNP_CPUID_COUNT_MAX (64) ->
 *    sev_es_terminate(SEV_TERM_SET_LINUX, GHCB_TERM_CPUID);
 *  - snp_cpuid_get_validated_func: the first entry with the same eax_in
 *    (and ecx_in for indexed leaves) answers, whatever the range; for 0xD/0
 *    and 0xD/1 only entries with xcr0_in 1 or 3 and xss_in 0;
 *  - snp_cpuid_postprocess: 1.EBX[31:24] and 1.EDX[9] from the
 *    hypervisor, 1.ECX[27] from CR4.OSXSAVE, 7.x.ECX[4] from CR4.PKE,
 *    0xB.EDX from the hypervisor, 0xD/0 and 0xD/1 EBX recomputed (0xD/1
 *    needs XSAVEC or XSAVES, EAX bit 1 or 3, else -EINVAL), 0x8000001E
 *    EAX and EBX/ECX[7:0] from the hypervisor;
 *  - snp_cpuid_calc_xsave_size: every enabled XCR0/XSS component >= 2
 *    needs its 0xD sub-leaf, else 0 -> -EINVAL;
 *  - do_vc_no_ghcb: a failed snp_cpuid(), 0x80000000.EAX < 0x8000001F or
 *    0x8000001F.EAX bit 1 clear -> sev_es_terminate(SEV_TERM_SET_GEN,
 *    GHCB_SEV_ES_GEN_REQ) (the checks sev_check_cpu_support makes).
 * The termination value is GHCB_MSR_TERM_REQ (0x100) | set << 12 |
 * reason << 16 (GHCB_SEV_TERM_REASON).
 */
#include <string.h>

#include "testlib.h"
#include "snp/snp_guest.h"

#define SEV_TERM_SET_GEN 0
#define SEV_TERM_SET_LINUX 1
#define GHCB_SEV_ES_GEN_REQ 0
#define GHCB_TERM_CPUID 4
/* 0x100 | 0 << 12 | 0 << 16 */
#define TERM_GEN 0x100ull
/* 0x100 | 1 << 12 | 4 << 16 = 0x100 | 0x1000 | 0x40000 */
#define TERM_CPUID 0x41100ull

#define XSAVE (1u << 26)	/* 1.ECX */

struct view {
	struct snp_page page;
	struct trace t;
	struct strpool pool;
	struct snp_guest_status st;
};

static struct snp_page_entry *add(struct snp_page *p, uint32_t fn,
				  uint32_t sub, uint64_t xcr0, uint64_t xss,
				  uint32_t eax, uint32_t ebx, uint32_t ecx,
				  uint32_t edx)
{
	struct snp_page_entry *e;

	assert_true(p->count < SNP_PAGE_ENTRIES);
	e = &p->e[p->count++];
	e->eax_in = fn;
	e->ecx_in = sub;
	e->xcr0_in = xcr0;
	e->xss_in = xss;
	e->regs[CPUID_REG_EAX] = eax;
	e->regs[CPUID_REG_EBX] = ebx;
	e->regs[CPUID_REG_ECX] = ecx;
	e->regs[CPUID_REG_EDX] = edx;
	return e;
}

/* The one table the tests look at; a failed test leaves it to the next
 * blank() or to teardown(). */
static struct view the_view;

static void done(struct view *v)
{
	trace_release(&v->t);
	strpool_release(&v->pool);
}

static void blank(struct view *v)
{
	done(v);
	memset(v, 0, sizeof(*v));
	trace_init(&v->t);
}

/*
 * A table the guest takes: leaf 0 (std max 0xD), leaf 1 with @ecx1,
 * 0x80000000 (ext max 0x8000001F), 0x8000001F with SEV|SEV-ES|SNP.
 */
static void base(struct view *v, uint32_t ecx1)
{
	blank(v);
	add(&v->page, 0x0, 0, 0, 0, 0xd, 0x68747541, 0x444d4163, 0x69746e65);
	add(&v->page, 0x1, 0, 0, 0, 0x00a10f11, 0x00000800, ecx1,
	    0x178bfbff);
	add(&v->page, 0x80000000, 0, 0, 0, 0x8000001f, 0x68747541,
	    0x444d4163, 0x69746e65);
	add(&v->page, 0x8000001f, 0, 0, 0, 0x1a, 0x73, 0, 0);
}

static int teardown(void **state)
{
	(void)state;
	done(&the_view);
	return 0;
}

static void see(struct view *v)
{
	assert_int_equal(snp_guest_view(&v->page, &v->t, &v->pool, &v->st),
			 0);
}

/* Looks again at the same (since changed) table. */
static void again(struct view *v)
{
	done(v);
	trace_init(&v->t);
}

static void expect_boots(struct view *v)
{
	see(v);
	if (v->st.term)
		fail_msg("guest stops: 0x%llx %s: %s",
			 (unsigned long long)v->st.term, v->st.name,
			 v->st.message);
}

static void expect_term(struct view *v, uint64_t term, const char *name,
			uint32_t leaf)
{
	see(v);
	if (v->st.term != term)
		fail_msg("term 0x%llx, expected 0x%llx",
			 (unsigned long long)v->st.term,
			 (unsigned long long)term);
	assert_string_equal(v->st.name, name);
	assert_non_null(v->st.message);
	assert_true(v->st.has_leaf);
	assert_int_equal(v->st.leaf, leaf);
}

static struct cpuid_entry key_of(const struct snp_page_entry *e)
{
	struct cpuid_entry k = snp_page_key(e);

	memset(k.regs, 0, sizeof(k.regs));
	return k;
}

/* Every bit of @mask has a guest note of @v verdict and @strength. */
static void expect_note(const struct view *v, const struct snp_page_entry *e,
			unsigned int reg, uint32_t mask, enum verdict verdict,
			enum note_strength strength, const char *rule)
{
	struct cpuid_entry k = key_of(e);
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		const struct bit_note *n;

		if (!(mask & (1u << bit)))
			continue;
		n = trace_get(&v->t, &k, reg, bit);
		if (!n)
			fail_msg("no note on 0x%x/0x%x %s bit %u", e->eax_in,
				 e->ecx_in, cpuid_reg_name(reg), bit);
		assert_string_equal(n->layer, "guest");
		assert_int_equal(n->verdict, verdict);
		assert_int_equal(n->strength, strength);
		assert_string_equal(n->rule, rule);
	}
}

static void expect_no_note(const struct view *v,
			   const struct snp_page_entry *e, unsigned int reg,
			   uint32_t mask)
{
	struct cpuid_entry k = key_of(e);
	unsigned int bit;

	for (bit = 0; bit < 32; bit++)
		if ((mask & (1u << bit)) && trace_get(&v->t, &k, reg, bit))
			fail_msg("unexpected note on 0x%x/0x%x %s bit %u",
				 e->eax_in, e->ecx_in, cpuid_reg_name(reg),
				 bit);
}

static void expect_runtime(const struct view *v,
			   const struct snp_page_entry *e, unsigned int reg,
			   uint32_t mask)
{
	expect_note(v, e, reg, mask, VERDICT_RUNTIME, NOTE_FINAL,
		    "snp_cpuid_postprocess");
	expect_no_note(v, e, reg, ~mask);
}

static void expect_rejected(const struct view *v,
			    const struct snp_page_entry *e, unsigned int reg,
			    uint32_t mask, const char *rule)
{
	expect_note(v, e, reg, mask, VERDICT_REJECTED, NOTE_REJECT, rule);
}

static void test_term_values(void **state)
{
	(void)state;
	assert_int_equal(SNP_TERM_CPUID, TERM_CPUID);
	assert_int_equal(SNP_TERM_GEN_REQ, TERM_GEN);
	assert_int_equal(SNP_GUEST_TERM(SEV_TERM_SET_LINUX, GHCB_TERM_CPUID),
			 TERM_CPUID);
	assert_int_equal(SNP_GUEST_TERM(SEV_TERM_SET_GEN, GHCB_SEV_ES_GEN_REQ),
			 TERM_GEN);
}

static void test_base_boots(void **state)
{
	struct view *v = &the_view;

	(void)state;
	base(v, 0);
	expect_boots(v);
	assert_null(v->st.name);
	done(v);
}

/* setup_cpuid_table: 1 to 64 entries. */
static void test_count(void **state)
{
	static const uint32_t bad[] = { 0, 65, 0xffffffffu };
	struct view *v = &the_view;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		base(v, 0);
		v->page.count = bad[i];
		see(v);
		if (v->st.term != TERM_CPUID)
			fail_msg("count %u: term 0x%llx", bad[i],
				 (unsigned long long)v->st.term);
		assert_string_equal(v->st.name, "GHCB_TERM_CPUID");
		/* The table as a whole, no leaf. */
		assert_false(v->st.has_leaf);
		assert_non_null(v->st.message);
		done(v);
	}

	/* 64 entries: the base and 60 hypervisor-range ones. */
	base(v, 0);
	for (i = 0; i < 60; i++)
		add(&v->page, 0x40000100 + (uint32_t)i, 0, 0, 0, 1, 0, 0, 0);
	assert_int_equal(v->page.count, 64);
	expect_boots(v);
	done(v);
}

/* do_vc_no_ghcb: 0x80000000.EAX must reach 0x8000001F. */
static void test_ext_range(void **state)
{
	struct view *v = &the_view;

	(void)state;
	/* No 0x80000000: the guest reads zeros. */
	blank(v);
	add(&v->page, 0x0, 0, 0, 0, 0xd, 0, 0, 0);
	add(&v->page, 0x1, 0, 0, 0, 0x00a10f11, 0x800, 0, 0);
	add(&v->page, 0x8000001f, 0, 0, 0, 0x1a, 0x73, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x80000000);
	done(v);

	/* EAX 0x80000008: below, the entry's EAX is rejected. */
	base(v, 0);
	v->page.e[2].regs[CPUID_REG_EAX] = 0x80000008;
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x80000000);
	expect_rejected(v, &v->page.e[2], CPUID_REG_EAX, 0xffffffffu,
			"sev_check_cpu_support");
	done(v);

	/* Exactly 0x8000001F boots. */
	base(v, 0);
	expect_boots(v);
	done(v);
}

/*
 * An 0x80000000 entry whose EAX is below 0x80000000 (here 0) is still
 * the entry snp_cpuid_get_validated_func() returns: the range only
 * matters for leaves missing from the table.  The guest reads EAX 0 and
 * stops, and that EAX is what is rejected.
 */
static void test_ext_range_entry_below_base(void **state)
{
	struct view *v = &the_view;

	(void)state;
	base(v, 0);
	v->page.e[2].regs[CPUID_REG_EAX] = 0;
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x80000000);
	/* The entry is there: the words must not say it is missing. */
	if (strstr(v->st.message, "no 0x80000000 entry"))
		fail_msg("message: %s", v->st.message);
	expect_rejected(v, &v->page.e[2], CPUID_REG_EAX, 0xffffffffu,
			"sev_check_cpu_support");
	done(v);
}

/* do_vc_no_ghcb: 0x8000001F.EAX bit 1 (SEV) must be set. */
static void test_sev_bit(void **state)
{
	struct view *v = &the_view;

	(void)state;
	/* No 0x8000001F entry: zeros, no note on anything. */
	blank(v);
	add(&v->page, 0x0, 0, 0, 0, 0xd, 0, 0, 0);
	add(&v->page, 0x80000000, 0, 0, 0, 0x8000001f, 0, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x8000001f);
	{
		struct snp_page_entry ghost = { .eax_in = 0x8000001f };

		expect_no_note(v, &ghost, CPUID_REG_EAX, ~0u);
	}
	done(v);

	/* SEV-ES and SNP without SEV (0x18): bit 1 rejected, only it. */
	base(v, 0);
	v->page.e[3].regs[CPUID_REG_EAX] = 0x18;
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x8000001f);
	expect_rejected(v, &v->page.e[3], CPUID_REG_EAX, 0x2,
			"sev_check_cpu_support");
	expect_no_note(v, &v->page.e[3], CPUID_REG_EAX, ~0x2u);
	done(v);

	/* The first entry answers: a later one with SEV does not help. */
	base(v, 0);
	v->page.e[3].regs[CPUID_REG_EAX] = 0x18;
	add(&v->page, 0x8000001f, 0, 0, 0, 0x1a, 0x73, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0x8000001f);
	done(v);

	/* ... and a later one without it does not hurt. */
	base(v, 0);
	add(&v->page, 0x8000001f, 0, 0, 0, 0x18, 0x73, 0, 0);
	expect_boots(v);
	done(v);
}

/*
 * XSAVE on: the guest reads 0xD/1 (xcr0_in 1 or 3, xss_in 0) and needs
 * XSAVEC or XSAVES in it (snp_cpuid_postprocess), else it stops.
 */
static void test_xsave_needs_d1(void **state)
{
	static const struct {
		uint64_t xcr0, xss;
		uint32_t eax;
		bool boots;
	} cases[] = {
		{ 1, 0, 0xf, true },
		{ 3, 0, 0xf, true },
		{ 1, 0, 0x2, true },	/* XSAVEC alone */
		{ 1, 0, 0x8, true },	/* XSAVES alone */
		{ 0, 0, 0xf, false },	/* not an entry the guest uses */
		{ 7, 0, 0xf, false },
		{ 1, 0x800, 0xf, false },
		{ 3, 0x1800, 0xf, false },
	};
	struct view *v = &the_view;
	size_t i;

	(void)state;
	/* No 0xD at all. */
	base(v, XSAVE);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0xd);
	done(v);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		base(v, XSAVE);
		add(&v->page, 0xd, 0, 1, 0, 0x3, 0x240, 0x240, 0);
		add(&v->page, 0xd, 1, cases[i].xcr0, cases[i].xss,
		    cases[i].eax, 0x240, 0, 0);
		see(v);
		if (cases[i].boots != !v->st.term)
			fail_msg("case %zu: term 0x%llx (%s)", i,
				 (unsigned long long)v->st.term,
				 v->st.message ? v->st.message : "");
		if (!cases[i].boots) {
			assert_int_equal(v->st.term, TERM_GEN);
			assert_int_equal(v->st.leaf, 0xd);
		}
		done(v);
	}

	/* XSAVEOPT only (EAX 0x1): the guest cannot size a compacted
	 * area; bits 1 and 3 are what is missing. */
	base(v, XSAVE);
	add(&v->page, 0xd, 0, 1, 0, 0x3, 0x240, 0x240, 0);
	add(&v->page, 0xd, 1, 1, 0, 0x1, 0x240, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0xd);
	expect_rejected(v, &v->page.e[5], CPUID_REG_EAX, 0xa,
			"snp_cpuid_postprocess");
	expect_no_note(v, &v->page.e[5], CPUID_REG_EAX, ~0xau);
	done(v);

	/* Without XSAVE the guest never reads 0xD. */
	base(v, 0);
	expect_boots(v);
	done(v);
}

/* snp_cpuid_calc_xsave_size: each enabled component >= 2 needs its
 * sub-leaf; XCR0 is what the table's 0xD/0 (xcr0_in 1 or 3) offers. */
static void test_xsave_components(void **state)
{
	struct view *v = &the_view;

	(void)state;
	/* x87|SSE|AVX without 0xD/2. */
	base(v, XSAVE);
	add(&v->page, 0xd, 0, 1, 0, 0x7, 0x240, 0x340, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0xd);
	assert_non_null(strstr(v->st.message, "component 2"));
	done(v);

	/* With it. */
	base(v, XSAVE);
	add(&v->page, 0xd, 0, 1, 0, 0x7, 0x240, 0x340, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0, 0);
	add(&v->page, 0xd, 2, 0, 0, 0x100, 0x240, 0, 0);
	expect_boots(v);
	done(v);

	/* PKRU (bit 9) too: 0xD/2 is not enough. */
	base(v, XSAVE);
	add(&v->page, 0xd, 0, 1, 0, 0x207, 0x240, 0x988, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0, 0);
	add(&v->page, 0xd, 2, 0, 0, 0x100, 0x240, 0, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0xd);
	assert_non_null(strstr(v->st.message, "component 9"));
	add(&v->page, 0xd, 9, 0, 0, 0x8, 0x980, 0, 0);
	again(v);
	expect_boots(v);
	done(v);

	/* Only the xcr0_in 1/3 variant of 0xD/0 counts: an xcr0_in 7 one
	 * with AVX is not what the guest reads. */
	base(v, XSAVE);
	add(&v->page, 0xd, 0, 7, 0, 0x7, 0x340, 0x340, 0);
	add(&v->page, 0xd, 0, 3, 0, 0x3, 0x240, 0x240, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0, 0);
	expect_boots(v);
	done(v);
}

/* User shadow stacks (7.0.ECX[7] CET_SS, XSAVES, 0xD/1 ECX[11] CET_U):
 * XSS.CET_U is enabled and needs 0xD/11. */
static void test_xsave_cet_user(void **state)
{
	struct view *v = &the_view;

	(void)state;
	base(v, XSAVE);
	add(&v->page, 0x7, 0, 0, 0, 0, 0, 1u << 7, 0);
	add(&v->page, 0xd, 0, 1, 0, 0x3, 0x240, 0x240, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0x1800, 0);
	expect_term(v, TERM_GEN, "GHCB_SEV_ES_GEN_REQ", 0xd);
	assert_non_null(strstr(v->st.message, "component 11"));
	add(&v->page, 0xd, 0xb, 0, 0, 0x10, 0, 1, 0);
	again(v);
	expect_boots(v);
	done(v);

	/* Without CET_SS the guest does not enable it. */
	base(v, XSAVE);
	add(&v->page, 0x7, 0, 0, 0, 0, 0, 0, 0);
	add(&v->page, 0xd, 0, 1, 0, 0x3, 0x240, 0x240, 0);
	add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0x1800, 0);
	expect_boots(v);
	done(v);
}

/* snp_cpuid_postprocess: the fields the table does not decide. */
static void test_runtime_notes(void **state)
{
	struct snp_page_entry *l1, *l70, *l71, *b0, *b1, *d0, *d1, *d2, *e1e;
	struct view *v = &the_view;

	(void)state;
	base(v, XSAVE);
	l1 = &v->page.e[1];
	l70 = add(&v->page, 0x7, 0, 0, 0, 1, 0x209, 0x10, 0);
	l71 = add(&v->page, 0x7, 1, 0, 0, 0x20, 0, 0, 0);
	b0 = add(&v->page, 0xb, 0, 0, 0, 1, 2, 0x100, 3);
	b1 = add(&v->page, 0xb, 1, 0, 0, 4, 8, 0x201, 3);
	d0 = add(&v->page, 0xd, 0, 1, 0, 0x7, 0x240, 0x340, 0);
	d1 = add(&v->page, 0xd, 1, 1, 0, 0xf, 0x240, 0, 0);
	d2 = add(&v->page, 0xd, 2, 0, 0, 0x100, 0x240, 0, 0);
	e1e = add(&v->page, 0x8000001e, 0, 0, 0, 0, 0x100, 0, 0);
	expect_boots(v);

	/* 1: initial APIC ID EBX[31:24], APIC EDX[9], OSXSAVE ECX[27]. */
	expect_runtime(v, l1, CPUID_REG_EBX, 0xff000000u);
	expect_runtime(v, l1, CPUID_REG_EDX, 1u << 9);
	expect_runtime(v, l1, CPUID_REG_ECX, 1u << 27);
	expect_no_note(v, l1, CPUID_REG_EAX, ~0u);
	/* 7, every sub-leaf: OSPKE ECX[4]. */
	expect_runtime(v, l70, CPUID_REG_ECX, 1u << 4);
	expect_runtime(v, l71, CPUID_REG_ECX, 1u << 4);
	expect_no_note(v, l70, CPUID_REG_EBX, ~0u);
	/* 0xB, every sub-leaf: the x2APIC ID EDX. */
	expect_runtime(v, b0, CPUID_REG_EDX, 0xffffffffu);
	expect_runtime(v, b1, CPUID_REG_EDX, 0xffffffffu);
	expect_no_note(v, b0, CPUID_REG_ECX, ~0u);
	/* 0xD/0 and 0xD/1 EBX; not 0xD/2. */
	expect_runtime(v, d0, CPUID_REG_EBX, 0xffffffffu);
	expect_runtime(v, d1, CPUID_REG_EBX, 0xffffffffu);
	expect_no_note(v, d0, CPUID_REG_EAX, ~0u);
	expect_no_note(v, d2, CPUID_REG_EBX, ~0u);
	/* 0x8000001E: EAX, EBX[7:0], ECX[7:0]. */
	expect_runtime(v, e1e, CPUID_REG_EAX, 0xffffffffu);
	expect_runtime(v, e1e, CPUID_REG_EBX, 0xff);
	expect_runtime(v, e1e, CPUID_REG_ECX, 0xff);
	expect_no_note(v, e1e, CPUID_REG_EDX, ~0u);
	/* Nothing on the leaves the guest takes as they are. */
	expect_no_note(v, &v->page.e[0], CPUID_REG_EAX, ~0u);
	expect_no_note(v, &v->page.e[3], CPUID_REG_EBX, ~0u);
	{
		const struct bit_note *n;
		struct cpuid_entry k = key_of(l1);

		n = trace_get(&v->t, &k, CPUID_REG_EBX, 31);
		assert_string_equal(n->class, "runtime");
		assert_non_null(strstr(n->source, "torvalds/linux@8d73829b"));
	}
	done(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_values),
		cmocka_unit_test(test_base_boots),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_ext_range),
		cmocka_unit_test(test_ext_range_entry_below_base),
		cmocka_unit_test(test_sev_bit),
		cmocka_unit_test(test_xsave_needs_d1),
		cmocka_unit_test(test_xsave_components),
		cmocka_unit_test(test_xsave_cet_user),
		cmocka_unit_test(test_runtime_notes),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
