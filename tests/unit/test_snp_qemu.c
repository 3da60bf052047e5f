// SPDX-License-Identifier: MIT
/*
 * QEMU's SNP CPUID page (snp/snp_qemu.c) against research/snp.md §5 and
 * QEMU qemu/qemu@00001a22:
 *  - target/i386/kvm/kvm.c kvm_arch_init_vcpu: the KVM hypervisor leaves
 *    (0x40000000 EAX 0x40000001, "KVMKVMKVM\0\0\0"; 0x40000001 EAX
 *    env->features[FEAT_KVM], EDX FEAT_KVM_HINTS) go first, then
 *    kvm_x86_build_cpuid(): leaves 0..level, leaf 2 EAX[7:0] stateful
 *    copies (one when 0), 4/0xB/0x1F looped up to and including their
 *    terminator (4: EAX 0; 0xB/0x1F: ECX[15:8] 0), 0x1F only when the
 *    model has it, 0xD j = 0..63 with every EAX-0 sub-leaf left out, 0x12
 *    up to the first j > 1 whose EAX[3:0] is not 1, 7/0x14/0x1D/0x1E/0x24
 *    sub-leaves 0..EAX(sub-leaf 0), every other all-zero leaf left out;
 *    then 0x80000000..xlevel with 0x8000001D looped to its EAX-0
 *    terminator and all-zero leaves left out;
 *  - target/i386/sev.c sev_snp_mask_cpuid_features (1.ECX[24],
 *    7.0.EBX[1], 7.0.EDX[31:26], 0x80000008.EBX[25]),
 *    sev_snp_cpuid_info_fill (ecx_in only for SIGNIFCANT_INDEX entries,
 *    0xD/0 and 0xD/1 EBX 0x240 with xcr0_in 1 and xss_in 0, more than 64
 *    entries: "SEV-SNP: CPUID entry count (%d) exceeds max (%d)"),
 *    sev_common_kvm_init (cbitpos == the host's 0x8000001F EBX[5:0],
 *    reduced-phys-bits >= 1);
 *  - target/i386/cpu.c cpu_x86_cpuid 0x8000001F: EAX SEV (bit 1) |
 *    SEV-ES (bit 3) | SNP (bit 4) = 0x1A, EBX cbitpos | reduced << 6,
 *    ECX = EDX = 0; x86_cpu_expand_features raises xlevel to 0x8000001F.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "snp/snp_qemu.h"

/* "AuthenticAMD" as leaf 0 / 0x80000000 EBX, EDX, ECX. */
#define AMD "ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65"
#define V_EBX 0x68747541u
#define V_ECX 0x444d4163u
#define V_EDX 0x69746e65u
#define ZERO "eax=0x0 ebx=0x0 ecx=0x0 edx=0x0"

/* KVM_CPUID_SIGNATURE: EAX KVM_CPUID_FEATURES, "KVMK" "VMKV" "M\0\0\0". */
#define KVM_SIG { 0x40000001u, 0x4b4d564bu, 0x564b4d56u, 0x0000004du }
/*
 * KVM_CPUID_FEATURES EAX: QEMU's kvm_default_props turn on kvmclock (bits
 * 0 and 3), kvm-nopiodelay (1), kvm-asyncpf (4), kvm-steal-time (5),
 * kvm-pv-eoi (6) and kvmclock-stable-bit (24):
 * 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x1000000 = 0x0100007b.
 */
#define KVM_FEATURES { 0x0100007bu, 0, 0, 0 }

struct run {
	struct config model;
	struct config host;
	bool has_host;
	struct snp_params p;
	struct trace t;
	struct strpool pool;
	struct snp_page page;
	struct snp_qemu_status st;
};

/* What a page entry must be. */
struct want {
	uint32_t fn, idx;
	uint64_t xcr0;
	uint32_t regs[CPUID_NR_REGS];
};

/* QEMU's -object sev-snp-guest with reduced-phys-bits=1, cbitpos unset. */
static void params(struct snp_params *p)
{
	memset(p, 0, sizeof(*p));
	p->policy = SNP_DEFAULT_POLICY;
	p->reduced_phys_bits = 1;
}

static void read_cfg(const char *text, struct config *cfg)
{
	struct diag d;

	if (test_read_text(text, DUMP_CONFIG, -1, cfg, &d))
		fail_msg("%s", d.msg);
}

static void start(struct run *r, const char *model, const char *host)
{
	memset(r, 0, sizeof(*r));
	params(&r->p);
	read_cfg(model, &r->model);
	config_init(&r->host);
	if (host) {
		config_release(&r->host);
		read_cfg(host, &r->host);
		r->has_host = true;
	}
	trace_init(&r->t);
}

static void build(struct run *r)
{
	assert_int_equal(snp_qemu_build(&r->model.cpuid,
					r->has_host ? &r->host.cpuid : NULL,
					&r->p, &r->t, &r->pool, &r->page,
					&r->st), 0);
}

static void finish(struct run *r)
{
	trace_release(&r->t);
	strpool_release(&r->pool);
	config_release(&r->model);
	config_release(&r->host);
}

/* Builds and expects success. */
static void build_ok(struct run *r)
{
	build(r);
	if (r->st.err)
		fail_msg("QEMU error %d: %s", r->st.err, r->st.message);
	assert_int_equal(r->page.count, r->st.nent);
}

static void expect_entry(const struct snp_page *pg, unsigned int i,
			 const struct want *w)
{
	const struct snp_page_entry *e = &pg->e[i];
	unsigned int reg;

	if (e->eax_in != w->fn || e->ecx_in != w->idx || e->xcr0_in != w->xcr0)
		fail_msg("entry %u is 0x%x/0x%x xcr0_in 0x%llx, expected "
			 "0x%x/0x%x xcr0_in 0x%llx", i, e->eax_in, e->ecx_in,
			 (unsigned long long)e->xcr0_in, w->fn, w->idx,
			 (unsigned long long)w->xcr0);
	assert_int_equal(e->xss_in, 0);
	assert_int_equal(e->reserved, 0);
	for (reg = 0; reg < CPUID_NR_REGS; reg++)
		if (e->regs[reg] != w->regs[reg])
			fail_msg("entry %u (0x%x/0x%x) %s is 0x%08x, expected "
				 "0x%08x", i, w->fn, w->idx,
				 cpuid_reg_name(reg), e->regs[reg],
				 w->regs[reg]);
}

/* The page is exactly @w, in order. */
static void expect_page(const struct snp_page *pg, const struct want *w,
			unsigned int n)
{
	unsigned int i;

	assert_int_equal(pg->count, n);
	for (i = 0; i < n; i++)
		expect_entry(pg, i, &w[i]);
	assert_int_equal(pg->reserved1, 0);
	assert_int_equal(pg->reserved2, 0);
}

/* The position of (fn, idx) in the page, or -1. */
static int find(const struct snp_page *pg, uint32_t fn, uint32_t idx)
{
	unsigned int i;

	for (i = 0; i < pg->count; i++)
		if (pg->e[i].eax_in == fn && pg->e[i].ecx_in == idx)
			return (int)i;
	return -1;
}

static unsigned int count_fn(const struct snp_page *pg, uint32_t fn)
{
	unsigned int i, n = 0;

	for (i = 0; i < pg->count; i++)
		n += pg->e[i].eax_in == fn;
	return n;
}

/* The entries of @fn are exactly sub-leaves 0..n-1, consecutive, in
 * order, with ecx_in = the sub-leaf. */
static void expect_subleaves(const struct snp_page *pg, uint32_t fn,
			     unsigned int n)
{
	int at = find(pg, fn, 0);
	unsigned int j;

	if (at < 0)
		fail_msg("no 0x%x/0 entry", fn);
	if (count_fn(pg, fn) != n)
		fail_msg("0x%x has %u entries, expected %u", fn,
			 count_fn(pg, fn), n);
	for (j = 0; j < n; j++) {
		assert_int_equal(pg->e[at + (int)j].eax_in, fn);
		assert_int_equal(pg->e[at + (int)j].ecx_in, j);
	}
}

static const struct snp_page_entry *entry(const struct snp_page *pg,
					  uint32_t fn, uint32_t idx)
{
	int at = find(pg, fn, idx);

	if (at < 0)
		fail_msg("no 0x%x/0x%x entry in the page", fn, idx);
	return &pg->e[at];
}

static struct cpuid_entry key(uint32_t leaf, uint32_t sub, bool indexed,
			      uint64_t xcr0)
{
	struct cpuid_entry k = {
		.leaf = leaf,
		.subleaf = sub,
		.indexed = indexed,
		.xcr0_in = xcr0,
	};

	return k;
}

/* Every bit of @mask carries a vmm note of @cls and @rule, a change. */
static void expect_note(const struct trace *t, struct cpuid_entry k,
			unsigned int reg, uint32_t mask, const char *cls,
			const char *rule)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		const struct bit_note *n;

		if (!(mask & (1u << bit)))
			continue;
		n = trace_get(t, &k, reg, bit);
		if (!n)
			fail_msg("no note on 0x%x/0x%x %s bit %u", k.leaf,
				 k.subleaf, cpuid_reg_name(reg), bit);
		assert_string_equal(n->layer, "vmm");
		assert_string_equal(n->class, cls);
		assert_string_equal(n->rule, rule);
		assert_int_equal(n->strength, NOTE_CHANGE);
		assert_string_equal(n->source, "qemu/qemu target/i386");
	}
}

static void expect_no_note(const struct trace *t, struct cpuid_entry k,
			   unsigned int reg, uint32_t mask)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++)
		if ((mask & (1u << bit)) && trace_get(t, &k, reg, bit))
			fail_msg("unexpected note on 0x%x/0x%x %s bit %u",
				 k.leaf, k.subleaf, cpuid_reg_name(reg), bit);
}

/*
 * The whole page of a small model, entry by entry: hypervisor leaves,
 * then 0..level, then 0x80000000..xlevel.
 */
static void test_order_and_count(void **state)
{
	static const char model[] =
		"0x00000000 0x00: eax=0x0000000d " AMD "\n"
		"0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 "
		"ecx=0x00000001 edx=0x178bfbff\n"
		"0x00000005 0x00: " ZERO "\n"
		"0x00000006 0x00: eax=0x00000004 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x00000007 0x00: eax=0x00000001 ebx=0x00000209 ecx=0x0 "
		"edx=0x00000010\n"
		"0x00000007 0x01: eax=0x00000020 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x0000000d 0x00: eax=0x00000007 ebx=0x00000340 "
		"ecx=0x00000340 edx=0x0\n"
		"0x0000000d 0x01: eax=0x0000000f ebx=0x00000340 ecx=0x0 "
		"edx=0x0\n"
		"0x0000000d 0x02: eax=0x00000100 ebx=0x00000240 ecx=0x0 "
		"edx=0x0\n"
		"0x80000000 0x00: eax=0x80000008 " AMD "\n"
		"0x80000001 0x00: eax=0x00a10f11 ebx=0x0 ecx=0x00000001 "
		"edx=0x0\n"
		"0x80000008 0x00: eax=0x00003030 ebx=0x0 ecx=0x0 edx=0x0\n";
	static const struct want w[] = {
		/* kvm_arch_init_vcpu, expose_kvm: the model has none. */
		{ 0x40000000, 0, 0, KVM_SIG },
		{ 0x40000001, 0, 0, KVM_FEATURES },
		{ 0x0, 0, 0, { 0xd, V_EBX, V_ECX, V_EDX } },
		{ 0x1, 0, 0, { 0x00a10f11, 0x800, 0x1, 0x178bfbff } },
		/* Leaf 2: EAX[7:0] 0 -> one copy, kept although zero. */
		{ 0x2, 0, 0, { 0 } },
		/* 3: absent, so zero, left out.  4: sub-leaf 0 answers EAX
		 * 0, the terminator, kept.  5: all zero, left out. */
		{ 0x4, 0, 0, { 0 } },
		{ 0x6, 0, 0, { 0x4, 0, 0, 0 } },
		/* 7: sub-leaves 0..EAX(7/0) = 0..1. */
		{ 0x7, 0, 0, { 0x1, 0x209, 0, 0x10 } },
		{ 0x7, 1, 0, { 0x20, 0, 0, 0 } },
		/* 8, 9, 0xA: zero, left out.  0xB/0 zero: ECX[15:8] 0,
		 * the terminator, kept.  0xC: left out. */
		{ 0xb, 0, 0, { 0 } },
		/* 0xD/0 and 0xD/1: EBX 0x240, xcr0_in 1; 0xD/2 as is; 0xD/3
		 * .. 0xD/63 have EAX 0 and are left out. */
		{ 0xd, 0, 1, { 0x7, 0x240, 0x340, 0 } },
		{ 0xd, 1, 1, { 0xf, 0x240, 0, 0 } },
		{ 0xd, 2, 0, { 0x100, 0x240, 0, 0 } },
		/* xlevel 0x80000008 raised to 0x8000001F. */
		{ 0x80000000, 0, 0, { 0x8000001f, V_EBX, V_ECX, V_EDX } },
		{ 0x80000001, 0, 0, { 0x00a10f11, 0, 0x1, 0 } },
		/* 0x80000002..7: zero, left out. */
		{ 0x80000008, 0, 0, { 0x3030, 0, 0, 0 } },
		/* 0x80000009..0x8000001C zero; 0x8000001D/0 answers EAX 0,
		 * its terminator, kept; 0x8000001E zero. */
		{ 0x8000001d, 0, 0, { 0 } },
		/* cpu_x86_cpuid: 0x1A; cbitpos 51 (no host, no snp.cbitpos)
		 * | reduced-phys-bits 1 << 6 = 0x33 | 0x40 = 0x73. */
		{ 0x8000001f, 0, 0, { 0x1a, 0x73, 0, 0 } },
	};
	struct run r;

	(void)state;
	start(&r, model, NULL);
	build_ok(&r);
	expect_page(&r.page, w, ARRAY_SIZE(w));
	assert_int_equal(r.st.nent, ARRAY_SIZE(w));
	assert_null(r.st.message);

	/* The raised xlevel and the 0xD overrides are QEMU's changes. */
	expect_note(&r.t, key(0x80000000, 0, false, 0), CPUID_REG_EAX,
		    0xffffffffu, "vmm-set", "cpuid_min_xlevel");
	/* 0x340 -> 0x240: only bit 8 changes, in the xcr0_in 1 entries. */
	expect_note(&r.t, key(0xd, 0, true, 1), CPUID_REG_EBX, 0x100,
		    "vmm-set", "sev_snp_cpuid_info_fill");
	expect_note(&r.t, key(0xd, 1, true, 1), CPUID_REG_EBX, 0x100,
		    "vmm-set", "sev_snp_cpuid_info_fill");
	expect_no_note(&r.t, key(0xd, 0, true, 1), CPUID_REG_EBX, ~0x100u);
	/* 0xD/2 is not rewritten. */
	expect_no_note(&r.t, key(0xd, 2, true, 0), CPUID_REG_EBX, ~0u);
	/* Nothing masked: the model had none of those bits. */
	expect_no_note(&r.t, key(1, 0, false, 0), CPUID_REG_ECX, ~0u);
	finish(&r);
}

/* Leaf 2: EAX[7:0] copies of (2, 0), ecx_in 0 (stateful, not
 * SIGNIFCANT_INDEX), one when the count is 0 or 1, zero ones kept. */
static void test_leaf2_copies(void **state)
{
	static const struct {
		const char *leaf2;
		unsigned int copies;
		uint32_t eax;
	} cases[] = {
		{ "0x00000002 0x00: eax=0x00000003 ebx=0x00000011 "
		  "ecx=0x00000022 edx=0x00000033\n", 3, 0x3 },
		{ "0x00000002 0x00: eax=0x00000001 ebx=0x00000011 "
		  "ecx=0x00000022 edx=0x00000033\n", 1, 0x1 },
		{ "", 1, 0x0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char model[512];
		struct run r;
		unsigned int j;
		int at;

		snprintf(model, sizeof(model),
			 "0x00000000 0x00: eax=0x00000002 " AMD "\n%s",
			 cases[i].leaf2);
		start(&r, model, NULL);
		build_ok(&r);
		/* hv 2, leaf 0, the copies, 0x80000000, 0x8000001D/0,
		 * 0x8000001F. */
		assert_int_equal(r.page.count, 3 + cases[i].copies + 3);
		at = find(&r.page, 2, 0);
		assert_int_equal(at, 3);
		assert_int_equal(count_fn(&r.page, 2), cases[i].copies);
		for (j = 0; j < cases[i].copies; j++) {
			const struct snp_page_entry *e = &r.page.e[at + (int)j];
			struct want w = { 2, 0, 0, { cases[i].eax, 0x11, 0x22,
						     0x33 } };

			/* No leaf 2 in the model: it answers zero. */
			if (!*cases[i].leaf2)
				memset(w.regs, 0, sizeof(w.regs));
			assert_int_equal(e->eax_in, 2);
			expect_entry(&r.page, (unsigned int)at + j, &w);
		}
		assert_int_equal(r.page.e[at + (int)cases[i].copies].eax_in,
				 0x80000000);
		finish(&r);
	}
}

/* Leaves 4, 0xB, 0x1F: up to and including the terminator, nothing
 * after it; 0x1F only when the model has it. */
static void test_terminated_loops(void **state)
{
	static const char base[] =
		"0x00000000 0x00: eax=0x0000001f " AMD "\n"
		"0x00000004 0x00: eax=0x00000121 ebx=0x01c0003f "
		"ecx=0x0000003f edx=0x0\n"
		"0x00000004 0x01: eax=0x00000122 ebx=0x01c0003f "
		"ecx=0x0000003f edx=0x0\n"
		/* EAX 0: the terminator, kept with its other registers. */
		"0x00000004 0x02: eax=0x00000000 ebx=0x00000001 ecx=0x0 "
		"edx=0x0\n"
		"0x00000004 0x03: eax=0x00000163 ebx=0x03c0003f "
		"ecx=0x00003fff edx=0x00000006\n"
		"0x0000000b 0x00: eax=0x00000001 ebx=0x00000002 "
		"ecx=0x00000100 edx=0x0\n"
		"0x0000000b 0x01: eax=0x00000004 ebx=0x00000008 "
		"ecx=0x00000201 edx=0x0\n"
		/* ECX[15:8] 0: the terminator. */
		"0x0000000b 0x02: eax=0x0 ebx=0x0 ecx=0x00000002 edx=0x0\n"
		"0x0000000b 0x03: eax=0x0 ebx=0x0 ecx=0x00000303 edx=0x0\n";
	static const char has_1f[] =
		"0x0000001f 0x00: eax=0x00000001 ebx=0x00000002 "
		"ecx=0x00000100 edx=0x0\n"
		"0x0000001f 0x01: eax=0x00000004 ebx=0x00000008 "
		"ecx=0x00000201 edx=0x0\n"
		"0x0000001f 0x02: eax=0x00000006 ebx=0x00000010 "
		"ecx=0x00000502 edx=0x0\n";
	char model[2048];
	struct run r;

	(void)state;
	snprintf(model, sizeof(model), "%s%s", base, has_1f);
	start(&r, model, NULL);
	build_ok(&r);
	expect_subleaves(&r.page, 4, 3);
	expect_entry(&r.page, (unsigned int)find(&r.page, 4, 2),
		     &(struct want){ 4, 2, 0, { 0, 1, 0, 0 } });
	expect_subleaves(&r.page, 0xb, 3);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0xb, 2),
		     &(struct want){ 0xb, 2, 0, { 0, 0, 2, 0 } });
	/* 0x1F/3 is absent: it answers zero, ECX[15:8] 0, kept. */
	expect_subleaves(&r.page, 0x1f, 4);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0x1f, 3),
		     &(struct want){ 0x1f, 3, 0, { 0 } });
	/* In leaf order: 4 before 0xB before 0x1F. */
	assert_true(find(&r.page, 4, 2) < find(&r.page, 0xb, 0));
	assert_true(find(&r.page, 0xb, 2) < find(&r.page, 0x1f, 0));
	finish(&r);

	/* Without 0x1F in the model (x86_has_cpuid_0x1f false) the leaf is
	 * skipped even though the level reaches it. */
	start(&r, base, NULL);
	build_ok(&r);
	assert_int_equal(count_fn(&r.page, 0x1f), 0);
	expect_subleaves(&r.page, 0xb, 3);
	finish(&r);
}

/* 0xD: j = 0..63, every sub-leaf with EAX 0 left out, 0 and 1 too. */
static void test_leaf_d(void **state)
{
	static const char dropped[] =
		"0x00000000 0x00: eax=0x0000000d " AMD "\n"
		"0x0000000d 0x00: eax=0x00000000 ebx=0x00000240 "
		"ecx=0x00000240 edx=0x0\n"
		"0x0000000d 0x01: eax=0x00000000 ebx=0x0 ecx=0x00001800 "
		"edx=0x0\n"
		"0x0000000d 0x02: eax=0x00000100 ebx=0x00000240 ecx=0x0 "
		"edx=0x0\n"
		"0x0000000d 0x03: eax=0x00000000 ebx=0x0 ecx=0x00000001 "
		"edx=0x0\n"
		"0x0000000d 0x0b: eax=0x00000010 ebx=0x0 ecx=0x00000001 "
		"edx=0x0\n"
		"0x0000000d 0x3f: eax=0x00000008 ebx=0x0 ecx=0x0 edx=0x0\n";
	static const char kept[] =
		"0x00000000 0x00: eax=0x0000000d " AMD "\n"
		"0x0000000d 0x00: eax=0x00000003 ebx=0x00000240 "
		"ecx=0x00000240 edx=0x0\n"
		"0x0000000d 0x01: eax=0x00000001 ebx=0x00000000 ecx=0x0 "
		"edx=0x0\n";
	struct run r;
	int at;

	(void)state;
	start(&r, dropped, NULL);
	build_ok(&r);
	assert_int_equal(count_fn(&r.page, 0xd), 3);
	at = find(&r.page, 0xd, 2);
	assert_true(at >= 0);
	/* Sub-leaf 2 and up keep their EBX and xcr0_in 0. */
	expect_entry(&r.page, (unsigned int)at,
		     &(struct want){ 0xd, 2, 0, { 0x100, 0x240, 0, 0 } });
	expect_entry(&r.page, (unsigned int)at + 1,
		     &(struct want){ 0xd, 0xb, 0, { 0x10, 0, 1, 0 } });
	/* Sub-leaf 63 is the loop's last. */
	expect_entry(&r.page, (unsigned int)at + 2,
		     &(struct want){ 0xd, 0x3f, 0, { 0x8, 0, 0, 0 } });
	finish(&r);

	/* EAX non-zero: 0xD/0 and 0xD/1 stay, EBX 0x240 (here 0x240 and 0
	 * before), xcr0_in 1, xss_in 0. */
	start(&r, kept, NULL);
	build_ok(&r);
	assert_int_equal(count_fn(&r.page, 0xd), 2);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0xd, 0),
		     &(struct want){ 0xd, 0, 1, { 0x3, 0x240, 0x240, 0 } });
	expect_entry(&r.page, (unsigned int)find(&r.page, 0xd, 1),
		     &(struct want){ 0xd, 1, 1, { 0x1, 0x240, 0, 0 } });
	/* 0xD/0 EBX was already 0x240: no change, no note; 0xD/1 EBX went
	 * 0 -> 0x240: bits 6 and 9. */
	expect_no_note(&r.t, key(0xd, 0, true, 1), CPUID_REG_EBX, ~0u);
	expect_note(&r.t, key(0xd, 1, true, 1), CPUID_REG_EBX, 0x240,
		    "vmm-set", "sev_snp_cpuid_info_fill");
	expect_no_note(&r.t, key(0xd, 1, true, 1), CPUID_REG_EBX, ~0x240u);
	finish(&r);
}

/* 7, 0x14, 0x1D, 0x1E, 0x24: sub-leaves 0..EAX of sub-leaf 0, absent
 * ones as zero, sub-leaf 0 always; 0x12 up to the first j > 1 whose
 * EAX[3:0] is not 1. */
static void test_counted_loops(void **state)
{
	static const char model[] =
		"0x00000000 0x00: eax=0x00000024 " AMD "\n"
		"0x00000007 0x00: eax=0x00000002 ebx=0x00000001 ecx=0x0 "
		"edx=0x0\n"
		"0x00000007 0x02: eax=0x0 ebx=0x0 ecx=0x0 edx=0x00000010\n"
		"0x00000007 0x03: eax=0x0 ebx=0x00000005 ecx=0x0 edx=0x0\n"
		"0x00000014 0x00: eax=0x00000001 ebx=0x00000001 ecx=0x0 "
		"edx=0x0\n"
		"0x00000014 0x01: eax=0x00000002 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x00000014 0x02: eax=0x00000007 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x0000001e 0x00: eax=0x00000000 ebx=0x00004010 ecx=0x0 "
		"edx=0x0\n"
		"0x00000024 0x00: eax=0x00000000 ebx=0x00040004 ecx=0x0 "
		"edx=0x0\n";
	static const char sgx[] =
		"0x00000000 0x00: eax=0x00000012 " AMD "\n"
		"0x00000012 0x00: eax=0x00000001 ebx=0x0 ecx=0x0 "
		"edx=0x0000241f\n"
		"0x00000012 0x01: eax=0x00000036 ebx=0x0 ecx=0x000000e7 "
		"edx=0x0\n"
		"0x00000012 0x02: eax=0x00000001 ebx=0x00000040 ecx=0x1 "
		"edx=0x0\n"
		"0x00000012 0x03: eax=0x00000001 ebx=0x00000080 ecx=0x1 "
		"edx=0x0\n"
		"0x00000012 0x04: eax=0x00000000 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x00000012 0x05: eax=0x00000001 ebx=0x000000c0 ecx=0x1 "
		"edx=0x0\n";
	struct run r;

	(void)state;
	start(&r, model, NULL);
	build_ok(&r);
	/* 7/1 is absent: kept as zero; 7/3 is past EAX(7/0) = 2. */
	expect_subleaves(&r.page, 7, 3);
	expect_entry(&r.page, (unsigned int)find(&r.page, 7, 1),
		     &(struct want){ 7, 1, 0, { 0 } });
	expect_entry(&r.page, (unsigned int)find(&r.page, 7, 2),
		     &(struct want){ 7, 2, 0, { 0, 0, 0, 0x10 } });
	expect_subleaves(&r.page, 0x14, 2);
	/* 0x1D is absent: sub-leaf 0 still goes in, zero. */
	expect_subleaves(&r.page, 0x1d, 1);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0x1d, 0),
		     &(struct want){ 0x1d, 0, 0, { 0 } });
	expect_subleaves(&r.page, 0x1e, 1);
	expect_subleaves(&r.page, 0x24, 1);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0x24, 0),
		     &(struct want){ 0x24, 0, 0, { 0, 0x40004, 0, 0 } });
	/* No SGX: 0x12/0 and /1 go in, /2 answers EAX 0 and ends it. */
	expect_subleaves(&r.page, 0x12, 3);
	finish(&r);

	/* EPC sections (EAX[3:0] 1) continue the loop; the first other
	 * one ends it, kept. */
	start(&r, sgx, NULL);
	build_ok(&r);
	expect_subleaves(&r.page, 0x12, 5);
	expect_entry(&r.page, (unsigned int)find(&r.page, 0x12, 4),
		     &(struct want){ 0x12, 4, 0, { 0 } });
	finish(&r);
}

/* 0x80000000..xlevel: all-zero leaves out, 0x8000001D to its terminator,
 * an xlevel at or above 0x8000001F kept. */
static void test_extended(void **state)
{
	static const char model[] =
		"0x00000000 0x00: eax=0x00000001 " AMD "\n"
		"0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ecx=0x0 "
		"edx=0x0\n"
		"0x80000000 0x00: eax=0x80000021 " AMD "\n"
		"0x80000001 0x00: eax=0x00a10f11 ebx=0x0 ecx=0x00000001 "
		"edx=0x0\n"
		"0x80000002 0x00: " ZERO "\n"
		"0x80000005 0x00: eax=0xff40ff40 ebx=0xff40ff40 "
		"ecx=0x20080140 edx=0x20080140\n"
		"0x8000001d 0x00: eax=0x00004121 ebx=0x01c0003f "
		"ecx=0x0000003f edx=0x0\n"
		"0x8000001d 0x01: eax=0x00004122 ebx=0x01c0003f "
		"ecx=0x0000003f edx=0x0\n"
		"0x8000001d 0x02: eax=0x00004143 ebx=0x01c0003f "
		"ecx=0x000007ff edx=0x00000002\n"
		"0x8000001d 0x03: eax=0x0001c163 ebx=0x03c0003f "
		"ecx=0x00007fff edx=0x00000001\n"
		"0x8000001d 0x05: eax=0x00000001 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x8000001e 0x00: eax=0x00000000 ebx=0x00000100 ecx=0x0 "
		"edx=0x0\n"
		"0x80000021 0x00: eax=0x00000045 ebx=0x0 ecx=0x0 edx=0x0\n";
	static const uint32_t order[][2] = {
		{ 0x80000000, 0 }, { 0x80000001, 0 }, { 0x80000005, 0 },
		{ 0x8000001d, 0 }, { 0x8000001d, 1 }, { 0x8000001d, 2 },
		{ 0x8000001d, 3 }, { 0x8000001d, 4 }, { 0x8000001e, 0 },
		{ 0x8000001f, 0 }, { 0x80000021, 0 },
	};
	struct run r;
	int at;
	size_t i;

	(void)state;
	start(&r, model, NULL);
	build_ok(&r);
	at = find(&r.page, 0x80000000, 0);
	/* hv 2, leaf 0, leaf 1: the standard range ends at 1. */
	assert_int_equal(at, 4);
	assert_int_equal(r.page.count, at + ARRAY_SIZE(order));
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		assert_int_equal(r.page.e[at + (int)i].eax_in, order[i][0]);
		assert_int_equal(r.page.e[at + (int)i].ecx_in, order[i][1]);
	}
	/* 0x8000001D/4 is absent: EAX 0, the terminator, zero. */
	expect_entry(&r.page, (unsigned int)at + 7,
		     &(struct want){ 0x8000001d, 4, 0, { 0 } });
	/* xlevel 0x80000021 is above 0x8000001F: as is, no note. */
	assert_int_equal(r.page.e[at].regs[CPUID_REG_EAX], 0x80000021);
	expect_no_note(&r.t, key(0x80000000, 0, false, 0), CPUID_REG_EAX,
		       ~0u);
	finish(&r);

	/* No 0x80000000 in the model: QEMU's xlevel is its minimum,
	 * 0x8000001F, with zero EBX..EDX. */
	start(&r, "0x00000000 0x00: eax=0x00000000 " AMD "\n", NULL);
	build_ok(&r);
	{
		static const struct want w[] = {
			{ 0x40000000, 0, 0, KVM_SIG },
			{ 0x40000001, 0, 0, KVM_FEATURES },
			{ 0x0, 0, 0, { 0, V_EBX, V_ECX, V_EDX } },
			{ 0x80000000, 0, 0, { 0x8000001f, 0, 0, 0 } },
			{ 0x8000001d, 0, 0, { 0 } },
			{ 0x8000001f, 0, 0, { 0x1a, 0x73, 0, 0 } },
		};

		expect_page(&r.page, w, ARRAY_SIZE(w));
	}
	expect_note(&r.t, key(0x80000000, 0, false, 0), CPUID_REG_EAX,
		    0xffffffffu, "vmm-set", "cpuid_min_xlevel");
	finish(&r);
}

/* The model's own hypervisor leaves replace KVM's (Hyper-V, ...). */
static void test_hypervisor_leaves(void **state)
{
	static const char model[] =
		"0x00000000 0x00: eax=0x00000000 " AMD "\n"
		/* "Microsoft Hv" */
		"0x40000000 0x00: eax=0x40000005 ebx=0x7263694d "
		"ecx=0x666f736f edx=0x76482074\n"
		"0x40000003 0x00: eax=0x00000001 ebx=0x0 ecx=0x0 edx=0x0\n";
	static const struct want w[] = {
		{ 0x40000000, 0, 0, { 0x40000005, 0x7263694d, 0x666f736f,
				      0x76482074 } },
		{ 0x40000003, 0, 0, { 0x1, 0, 0, 0 } },
		{ 0x0, 0, 0, { 0, V_EBX, V_ECX, V_EDX } },
		{ 0x80000000, 0, 0, { 0x8000001f, 0, 0, 0 } },
		{ 0x8000001d, 0, 0, { 0 } },
		{ 0x8000001f, 0, 0, { 0x1a, 0x73, 0, 0 } },
	};
	struct run r;

	(void)state;
	start(&r, model, NULL);
	build_ok(&r);
	expect_page(&r.page, w, ARRAY_SIZE(w));
	assert_int_equal(count_fn(&r.page, 0x40000001), 0);
	finish(&r);
}

/* sev_snp_mask_cpuid_features: TSC_DEADLINE (1.ECX[24]), TSC_ADJUST
 * (7.0.EBX[1]), SPEC_CTRL..SSBD (7.0.EDX[31:26]), VIRT_SSBD
 * (0x80000008.EBX[25]); the other bits stay. */
static void test_snp_mask(void **state)
{
	static const char model[] =
		"0x00000000 0x00: eax=0x00000007 " AMD "\n"
		"0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 "
		"ecx=0x01000001 edx=0x178bfbff\n"
		"0x00000007 0x00: eax=0x00000000 ebx=0x00000003 ecx=0x0 "
		"edx=0xfc000010\n"
		"0x80000000 0x00: eax=0x80000008 " AMD "\n"
		"0x80000008 0x00: eax=0x00003030 ebx=0x02000001 ecx=0x0 "
		"edx=0x0\n";
	static const char clean[] =
		"0x00000000 0x00: eax=0x00000007 " AMD "\n"
		"0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 "
		"ecx=0x00000001 edx=0x178bfbff\n"
		"0x00000007 0x00: eax=0x00000000 ebx=0x00000001 ecx=0x0 "
		"edx=0x00000010\n";
	static const char rule[] = "sev_snp_mask_cpuid_features";
	struct run r;

	(void)state;
	start(&r, model, NULL);
	build_ok(&r);
	/* 0x01000001 & ~(1 << 24) */
	assert_int_equal(entry(&r.page, 1, 0)->regs[CPUID_REG_ECX], 0x1);
	/* 0x3 & ~(1 << 1) */
	assert_int_equal(entry(&r.page, 7, 0)->regs[CPUID_REG_EBX], 0x1);
	/* 0xfc000010 & ~0xfc000000 */
	assert_int_equal(entry(&r.page, 7, 0)->regs[CPUID_REG_EDX], 0x10);
	/* 0x02000001 & ~(1 << 25) */
	assert_int_equal(entry(&r.page, 0x80000008, 0)->regs[CPUID_REG_EBX],
			 0x1);
	/* Untouched: 1.EDX, 1.EBX. */
	assert_int_equal(entry(&r.page, 1, 0)->regs[CPUID_REG_EDX],
			 0x178bfbff);

	expect_note(&r.t, key(1, 0, false, 0), CPUID_REG_ECX, 1u << 24,
		    "vmm-mask", rule);
	expect_no_note(&r.t, key(1, 0, false, 0), CPUID_REG_ECX, ~(1u << 24));
	expect_note(&r.t, key(7, 0, true, 0), CPUID_REG_EBX, 1u << 1,
		    "vmm-mask", rule);
	expect_no_note(&r.t, key(7, 0, true, 0), CPUID_REG_EBX, ~(1u << 1));
	expect_note(&r.t, key(7, 0, true, 0), CPUID_REG_EDX, 0xfc000000u,
		    "vmm-mask", rule);
	expect_no_note(&r.t, key(7, 0, true, 0), CPUID_REG_EDX, 0x03ffffffu);
	expect_note(&r.t, key(0x80000008, 0, false, 0), CPUID_REG_EBX,
		    1u << 25, "vmm-mask", rule);
	expect_no_note(&r.t, key(0x80000008, 0, false, 0), CPUID_REG_EBX,
		       ~(1u << 25));
	finish(&r);

	/* Bits that are clear are not noted. */
	start(&r, clean, NULL);
	build_ok(&r);
	expect_no_note(&r.t, key(1, 0, false, 0), CPUID_REG_ECX, ~0u);
	expect_no_note(&r.t, key(7, 0, true, 0), CPUID_REG_EBX, ~0u);
	expect_no_note(&r.t, key(7, 0, true, 0), CPUID_REG_EDX, ~0u);
	finish(&r);
}

#define MODEL_1F \
	"0x00000000 0x00: eax=0x00000001 " AMD "\n" \
	"0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ecx=0x0 edx=0x0\n" \
	"0x80000000 0x00: eax=0x80000028 " AMD "\n" \
	"0x8000001f 0x00: eax=0x0101fd3f ebx=0x00004173 ecx=0x000003ee " \
	"edx=0x00000001\n"
/* A host whose C-bit is 47 (0x2f), and one with no C-bit. */
#define HOST_CBIT47 "0x8000001f 0x00: eax=0x0001000f ebx=0x0000402f " \
		    "ecx=0x0000000f edx=0x00000001\n"
#define HOST_CBIT0 "0x8000001f 0x00: eax=0x00000001 ebx=0x00004000 " \
		   "ecx=0x0 edx=0x0\n"
#define HOST_NO_1F "0x00000000 0x00: eax=0x00000010 " AMD "\n"

static const uint32_t *regs_1f(const struct run *r)
{
	return entry(&r->page, 0x8000001f, 0)->regs;
}

/* cpu_x86_cpuid(0x8000001F): EAX 0x1A, EBX cbitpos | reduced << 6,
 * ECX = EDX = 0, whatever the model says; cbitpos is snp.cbitpos, else
 * the host's 0x8000001F EBX[5:0], else 51. */
static void test_8000001f(void **state)
{
	static const struct {
		const char *host;
		bool has_cbitpos;
		uint32_t cbitpos, reduced, ebx;
	} cases[] = {
		/* 51 | 5 << 6 = 0x33 | 0x140 */
		{ NULL, true, 51, 5, 0x173 },
		/* the host's 47: 0x2f | 1 << 6 */
		{ HOST_CBIT47, false, 0, 1, 0x6f },
		/* snp.cbitpos equal to the host's */
		{ HOST_CBIT47, true, 47, 1, 0x6f },
		/* no host, no snp.cbitpos: 51 */
		{ NULL, false, 0, 1, 0x73 },
		/* a host without 0x8000001F, or with EBX[5:0] 0: 51 */
		{ HOST_NO_1F, false, 0, 1, 0x73 },
		{ HOST_CBIT0, false, 0, 1, 0x73 },
		{ HOST_CBIT0, true, 48, 63, 0x30 | 63u << 6 },
	};
	size_t i;
	unsigned int reg;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct run r;

		start(&r, MODEL_1F, cases[i].host);
		r.p.has_cbitpos = cases[i].has_cbitpos;
		r.p.cbitpos = cases[i].cbitpos;
		r.p.reduced_phys_bits = cases[i].reduced;
		build_ok(&r);
		assert_int_equal(regs_1f(&r)[CPUID_REG_EAX], 0x1a);
		if (regs_1f(&r)[CPUID_REG_EBX] != cases[i].ebx)
			fail_msg("case %zu: EBX 0x%x, expected 0x%x", i,
				 regs_1f(&r)[CPUID_REG_EBX], cases[i].ebx);
		assert_int_equal(regs_1f(&r)[CPUID_REG_ECX], 0);
		assert_int_equal(regs_1f(&r)[CPUID_REG_EDX], 0);
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			expect_note(&r.t, key(0x8000001f, 0, false, 0), reg,
				    0xffffffffu, "vmm-set",
				    "cpu_x86_cpuid(0x8000001F)");
		/* The model's xlevel 0x80000028 stays. */
		assert_int_equal(entry(&r.page, 0x80000000, 0)->regs[0],
				 0x80000028);
		finish(&r);
	}
}

/* sev_common_kvm_init: "cbitpos check failed, host '%d' requested
 * '%d'" when snp.cbitpos is not the host's; QEMU exits, no page. */
static void test_cbitpos_mismatch(void **state)
{
	struct run r;

	(void)state;
	start(&r, MODEL_1F, HOST_CBIT47);
	r.p.has_cbitpos = true;
	r.p.cbitpos = 51;
	build(&r);
	assert_int_equal(r.st.err, EINVAL);
	assert_non_null(strstr(r.st.message,
			       "cbitpos check failed, host '47' requested "
			       "'51'"));
	assert_int_equal(r.page.count, 0);
	finish(&r);

	/* The C-bit is checked before reduced-phys-bits. */
	start(&r, MODEL_1F, HOST_CBIT47);
	r.p.has_cbitpos = true;
	r.p.cbitpos = 51;
	r.p.reduced_phys_bits = 0;
	build(&r);
	assert_int_equal(r.st.err, EINVAL);
	assert_non_null(strstr(r.st.message, "cbitpos check failed"));
	finish(&r);
}

/* sev_common_kvm_init: reduced-phys-bits below 1 is refused. */
static void test_reduced_phys_bits_zero(void **state)
{
	struct run r;

	(void)state;
	start(&r, MODEL_1F, NULL);
	r.p.reduced_phys_bits = 0;
	build(&r);
	assert_int_equal(r.st.err, EINVAL);
	/* QEMU's words: "%s: reduced_phys_bits check failed, ..." */
	assert_non_null(strstr(r.st.message, "reduced_phys_bits check "
			       "failed"));
	assert_int_equal(r.page.count, 0);
	finish(&r);
}

/*
 * sev_snp_cpuid_info_fill: at most SNP_CPUID_FUNCTION_MAXCOUNT (64)
 * entries.  Leaf 2 with EAX[7:0] = N gives N copies; with level 2 the
 * page is hv 2 + leaf 0 + N + 0x80000000, 0x8000001D/0, 0x8000001F:
 * N + 6 entries.
 */
static void test_entry_limit(void **state)
{
	struct run r;
	char model[256];

	(void)state;
	/* N = 58: 64 entries, accepted. */
	snprintf(model, sizeof(model),
		 "0x00000000 0x00: eax=0x00000002 " AMD "\n"
		 "0x00000002 0x00: eax=0x0000003a ebx=0x0 ecx=0x0 edx=0x0\n");
	start(&r, model, NULL);
	build_ok(&r);
	assert_int_equal(r.page.count, 64);
	assert_int_equal(count_fn(&r.page, 2), 58);
	finish(&r);

	/* N = 59: 65 entries, QEMU exits. */
	snprintf(model, sizeof(model),
		 "0x00000000 0x00: eax=0x00000002 " AMD "\n"
		 "0x00000002 0x00: eax=0x0000003b ebx=0x0 ecx=0x0 edx=0x0\n");
	start(&r, model, NULL);
	build(&r);
	assert_int_equal(r.st.err, E2BIG);
	assert_int_equal(r.st.nent, 65);
	assert_non_null(r.st.message);
	if (strncmp(r.st.message, "SEV-SNP: CPUID entry count (65) exceeds "
		    "max (64)", 45))
		fail_msg("message: %s", r.st.message);
	assert_int_equal(r.page.count, 0);
	finish(&r);
}

/* The configured entry a page entry stands for: 0xD/0 and 0xD/1 without
 * xcr0_in/xss_in become xcr0_in 1 (QEMU's page entry); the rest as is. */
static void test_request_key(void **state)
{
	static const struct {
		uint32_t leaf, sub;
		bool indexed;
		uint64_t xcr0, xss, want_xcr0;
	} cases[] = {
		{ 0xd, 0, true, 0, 0, 1 },
		{ 0xd, 1, true, 0, 0, 1 },
		{ 0xd, 2, true, 0, 0, 0 },
		{ 0xd, 0, true, 7, 0, 7 },
		{ 0xd, 1, true, 0, 0x800, 0 },
		{ 0xd, 0, false, 0, 0, 0 },
		{ 0x7, 0, true, 0, 0, 0 },
		{ 0x1, 0, false, 0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct cpuid_entry e = {
			.leaf = cases[i].leaf,
			.subleaf = cases[i].sub,
			.indexed = cases[i].indexed,
			.xcr0_in = cases[i].xcr0,
			.xss_in = cases[i].xss,
			.regs = { 1, 2, 3, 4 },
		};
		struct cpuid_entry k = snp_qemu_request_key(&e);

		assert_int_equal(k.leaf, e.leaf);
		assert_int_equal(k.subleaf, e.subleaf);
		assert_int_equal(k.indexed, e.indexed);
		if (k.xcr0_in != cases[i].want_xcr0)
			fail_msg("case %zu: xcr0_in 0x%llx", i,
				 (unsigned long long)k.xcr0_in);
		assert_int_equal(k.xss_in, e.xss_in);
		assert_memory_equal(k.regs, e.regs, sizeof(e.regs));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_count),
		cmocka_unit_test(test_leaf2_copies),
		cmocka_unit_test(test_terminated_loops),
		cmocka_unit_test(test_leaf_d),
		cmocka_unit_test(test_counted_loops),
		cmocka_unit_test(test_extended),
		cmocka_unit_test(test_hypervisor_leaves),
		cmocka_unit_test(test_snp_mask),
		cmocka_unit_test(test_8000001f),
		cmocka_unit_test(test_cbitpos_mismatch),
		cmocka_unit_test(test_reduced_phys_bits_zero),
		cmocka_unit_test(test_entry_limit),
		cmocka_unit_test(test_request_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
