// SPDX-License-Identifier: MIT
/*
 * The mocked TDX module (tdx/tdx_module.c) step by step: TDH.SYS.INIT's
 * sampling, TDH.SYS.RD's report and TDH.MNG.INIT's checks and computed
 * leaves.  Expected values come from research/tdx.md (cited per test),
 * the rule sets, and the reference host's own values
 * (models/hosts/intel-xeon-6788p.cfg: 0xD.2 is 0x100 bytes at 0x240, 0xD.5
 * 0x40 at 0x440, 0xD.6 0x200 at 0x480, 0xD.7 0x400 at 0x680, 0xD.17 0x40
 * at 0xac0, 0xD.18 0x2000 at 0xb00 with XFD (ECX bit 2); 0x15 is
 * 2/160/25 MHz, a 2 GHz TSC; MAXPA 52; LA57).
 */
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_module.h"

struct fixture {
	struct config host;
	struct ruleset rs;
	struct tdx_rules rules;
	struct tdx_native n;
	struct tdx_td_params p;
	struct trace t;
	struct strpool pool;
	struct cpuid_set td;
	struct tdx_status st;
};

static void open_module(struct fixture *f, const char *name, bool host)
{
	struct diag d;

	memset(f, 0, sizeof(*f));
	test_read_file("embedded:intel-xeon-6788p", DUMP_AUTO, -1, &f->host);
	if (ruleset_load_embedded(name, &f->rs, &d) ||
	    tdx_rules_read(&f->rs, &f->rules, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(tdx_native_sample(&f->rules,
					   host ? &f->host.cpuid : NULL,
					   &f->n), 0);
	assert_int_equal(tdx_td_params_alloc(&f->p, f->rules.nconfig), 0);
	f->p.attributes = TDX_ATTR_SEPT_VE_DISABLE;
	f->p.xfam = 0x3;
	f->p.tsc_known = true;
	f->p.tsc_frequency = 80;
	trace_init(&f->t);
	cpuid_set_init(&f->td);
}

static void run(struct fixture *f)
{
	cpuid_set_release(&f->td);
	trace_release(&f->t);
	assert_int_equal(tdx_mng_init(&f->rules, &f->n, &f->p, &f->t,
				      &f->pool, &f->td, &f->st), 0);
}

static void close_module(struct fixture *f)
{
	cpuid_set_release(&f->td);
	trace_release(&f->t);
	strpool_release(&f->pool);
	tdx_td_params_release(&f->p);
	tdx_native_release(&f->n);
	tdx_rules_release(&f->rules);
	ruleset_release(&f->rs);
	config_release(&f->host);
}

static uint32_t *slot(struct fixture *f, uint32_t leaf, uint32_t sub)
{
	const struct tdx_entry *e = tdx_rules_find(&f->rules, leaf, sub);

	assert_non_null(e);
	assert_true(e->config >= 0);
	return f->p.cpuid[e->config];
}

static uint32_t td(struct fixture *f, uint32_t leaf, uint32_t sub,
		   unsigned int reg)
{
	const struct cpuid_entry *e = cpuid_set_lookup(&f->td, leaf, sub);

	assert_non_null(e);
	return e->regs[reg];
}

/* §2.3 steps 1 and 3: without a host only verified and fixed bits are
 * known; with it, the host's values masked by fixed0/fixed1. */
static void test_native_sampling(void **state)
{
	struct fixture f;
	const struct tdx_entry *e;
	size_t i;

	(void)state;
	open_module(&f, "tdx-2.0.18", false);
	e = tdx_rules_find(&f.rules, 1, 0);
	i = (size_t)(e - f.rules.entries);
	/* x2APIC native+verified1: known 1; MONITOR allow-direct: unknown */
	assert_true(f.n.v[i][CPUID_REG_ECX] & (1u << 21));
	assert_false(f.n.unknown[i][CPUID_REG_ECX] & (1u << 21));
	assert_true(f.n.unknown[i][CPUID_REG_ECX] & (1u << 3));
	/* HYPERVISOR fixed1 */
	assert_true(f.n.v[i][CPUID_REG_ECX] & (1u << 31));
	assert_false(f.n.fms_known);
	close_module(&f);

	open_module(&f, "tdx-2.0.18", true);
	assert_true(f.n.fms_known);
	assert_int_equal(f.n.fms, 0xa06d1);
	assert_int_equal(f.n.maxpa, 52);
	assert_true(f.n.la57);
	assert_int_equal(f.n.tsc_frequency, 80);
	/* 0xD.0 EAX 0x602e7 | 0xD.1 ECX 0x1dd00 */
	assert_true(f.n.xfam_support == (0x602e7ull | 0x1dd00ull));
	assert_false(f.n.verify_failed);
	assert_false(f.n.syscall_fixed_up);
	e = tdx_rules_find(&f.rules, 1, 0);
	i = (size_t)(e - f.rules.entries);
	assert_int_equal(f.n.unknown[i][CPUID_REG_ECX], 0);
	/* 1.ECX VMX (bit 5) is FIXED0_OR_DYNAMIC: cleared though the host
	 * has it (0x7ffefbff). */
	assert_false(f.n.v[i][CPUID_REG_ECX] & (1u << 5));
	close_module(&f);
}

/* FORMATS.md §1: AIDA64 shows SYSCALL 0; the module samples in 64-bit
 * mode, where it is 1.  A host failing a verify mask cannot run TDX. */
static void test_native_fixups_and_verify(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	tdx_native_release(&f.n);
	test_set_bit(&f.host.cpuid, 0x80000001, 0, CPUID_REG_EDX, 11, false);
	assert_int_equal(tdx_native_sample(&f.rules, &f.host.cpuid, &f.n), 0);
	assert_true(f.n.syscall_fixed_up);
	assert_false(f.n.verify_failed);
	tdx_native_release(&f.n);
	/* SSE3 (1.ECX[0]) is native+verified1 */
	test_set_bit(&f.host.cpuid, 1, 0, CPUID_REG_ECX, 0, false);
	assert_int_equal(tdx_native_sample(&f.rules, &f.host.cpuid, &f.n), 0);
	assert_true(f.n.verify_failed);
	assert_int_equal(f.n.verify_leaf, 1);
	assert_int_equal(f.n.verify_reg, CPUID_REG_ECX);
	assert_int_equal(f.n.verify_bits, 1);
	close_module(&f);
}

/*
 * §2.5: TDH.SYS.RD reports config_direct | (allow_direct & native); 1.5.01
 * reports config_direct only.  1.ECX allow-direct in 2.0.18 is 0x31044d88
 * (research §0 JSON), which the host (0x7ffefbff) has all but bit 11 of.
 */
static void test_sysrd_report(void **state)
{
	uint32_t v[CPUID_NR_REGS], u[CPUID_NR_REGS];
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	tdx_sysrd_config(&f.rules, &f.n, 0, v, u);
	assert_int_equal(v[CPUID_REG_EAX], 0x0fff3fff);
	assert_int_equal(v[CPUID_REG_ECX], 0x31044d88 & 0x7ffefbff);
	assert_int_equal(u[CPUID_REG_ECX], 0);
	close_module(&f);

	open_module(&f, "tdx-2.0.18", false);
	tdx_sysrd_config(&f.rules, &f.n, 0, v, u);
	/* Without a host only TSC_DEADLINE (bit 24, allow-direct+verified1:
	 * every TDX host has it) is known. */
	assert_int_equal(v[CPUID_REG_ECX], 1u << 24);
	assert_int_equal(u[CPUID_REG_ECX], 0x31044d88 & ~(1u << 24));
	close_module(&f);

	open_module(&f, "tdx-1.5.01", true);
	tdx_sysrd_config(&f.rules, &f.n, 0, v, u);
	assert_int_equal(v[CPUID_REG_ECX], 0);
	assert_int_equal(v[CPUID_REG_EDX], 0);
	assert_int_equal(v[CPUID_REG_EAX], 0x0fff3fff);
	close_module(&f);
}

/* §2.4 steps 1, 2, 4, 6: ATTRIBUTES, XFAM, CONFIG_FLAGS, TSC_FREQUENCY. */
static void test_td_params_checks(void **state)
{
	static const struct {
		const char *module;
		uint64_t attr, xfam, flags;
		uint32_t tsc;
		uint64_t status;
	} cases[] = {
		/* bit 1 is outside every ATTRIBUTES_FIXED0 */
		{ "tdx-2.0.18", 0x2, 0x3, 0, 80, 0xC000010000000040ull },
		/* MIGRATABLE is not in 1.0's fixed0 */
		{ "tdx-1.0.00", TDX_ATTR_MIGRATABLE, 0x3, 0, 80,
		  0xC000010000000040ull },
		/* migratable and debug: 1.5.x; migratable and perfmon */
		{ "tdx-1.5.06", TDX_ATTR_MIGRATABLE | TDX_ATTR_DEBUG, 0x3, 0,
		  80, 0xC000010000000040ull },
		{ "tdx-2.0.18", TDX_ATTR_MIGRATABLE | TDX_ATTR_DEBUG, 0x3, 0,
		  80, 0 },
		{ "tdx-2.0.18", TDX_ATTR_MIGRATABLE | TDX_ATTR_PERFMON, 0x3, 0,
		  80, 0xC000010000000040ull },
		/* PERFMON with ICSSD: refused from 2.0 (verify_td_attributes) */
		{ "tdx-2.0.18", TDX_ATTR_PERFMON | TDX_ATTR_ICSSD, 0x3, 0, 80,
		  0xC000010000000040ull },
		{ "tdx-1.5.34", TDX_ATTR_PERFMON | TDX_ATTR_ICSSD, 0x3, 0, 80,
		  0 },
		/* XFAM: fixed1, AVX-512 all or none, AVX under it, CET */
		{ "tdx-2.0.18", 0, 0x1, 0, 80, 0xC000010000000041ull },
		{ "tdx-2.0.18", 0, 0x23, 0, 80, 0xC000010000000041ull },
		{ "tdx-2.0.18", 0, 0xe3, 0, 80, 0xC000010000000041ull },
		{ "tdx-2.0.18", 0, 0x803, 0, 80, 0xC000010000000041ull },
		{ "tdx-2.0.18", 0, 0x1807, 0, 80, 0 },
		/* CONFIG_FLAGS: 1.5.06 fixed0 0xf has no MAXGPA_VIRT */
		{ "tdx-1.5.06", 0, 0x3, TDX_CONFIG_MAXGPA_VIRT, 80,
		  0xC000010000000042ull },
		{ "tdx-2.0.18", 0, 0x3,
		  TDX_CONFIG_MAXGPA_VIRT | TDX_CONFIG_MAXPA_VIRT, 80,
		  0xC000010000000042ull },
		/* TSC_FREQUENCY 4..400 */
		{ "tdx-2.0.18", 0, 0x3, 0, 3, 0xC000010000000046ull },
		{ "tdx-2.0.18", 0, 0x3, 0, 401, 0xC000010000000046ull },
		{ "tdx-2.0.18", 0, 0x3, 0, 400, 0 },
	};
	struct fixture f;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		open_module(&f, cases[i].module, true);
		f.p.attributes = cases[i].attr;
		f.p.xfam = cases[i].xfam;
		f.p.config_flags = cases[i].flags;
		f.p.tsc_frequency = cases[i].tsc;
		run(&f);
		if (f.st.code != cases[i].status)
			fail_msg("case %zu: 0x%llx (%s)", i,
				 (unsigned long long)f.st.code,
				 f.st.message ? f.st.message : "");
		assert_false(f.st.rcx_set);
		close_module(&f);
	}
}

/* §2.4: 0xD.0.ECX is the XSAVE size of the XFAM components; 0xD.1.EAX[4]
 * XFD only with an XFAM component that has XFD; 0xD.n zero unless
 * XFAM[n]; 0x15.EBX is TSC_FREQUENCY. */
static void test_xsave_and_tsc(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	f.p.xfam = 0x7;
	f.p.tsc_frequency = 100;
	run(&f);
	assert_int_equal(f.st.code, 0);
	assert_int_equal(td(&f, 0xd, 0, CPUID_REG_ECX), 0x240 + 0x100);
	assert_int_equal(td(&f, 0xd, 1, CPUID_REG_EAX) & 0x10, 0);
	assert_int_equal(td(&f, 0xd, 5, CPUID_REG_EAX), 0);
	assert_int_equal(td(&f, 0xd, 2, CPUID_REG_EAX), 0x100);
	assert_int_equal(td(&f, 0x15, 0, CPUID_REG_EBX), 100);
	assert_int_equal(td(&f, 0x15, 0, CPUID_REG_EAX), 1);
	assert_int_equal(td(&f, 0x15, 0, CPUID_REG_ECX), 25000000);
	/* AMX and AVX-512: the layout ends with tile data at 0xb00+0x2000 */
	f.p.xfam = 0x600e7;
	run(&f);
	assert_int_equal(f.st.code, 0);
	assert_int_equal(td(&f, 0xd, 0, CPUID_REG_ECX), 0x2b00);
	assert_int_equal(td(&f, 0xd, 1, CPUID_REG_EAX) & 0x10, 0x10);
	assert_int_equal(td(&f, 0xd, 18, CPUID_REG_EAX), 0x2000);
	close_module(&f);
}

/* §2.4 0x80000008: LA bits 57 with LA57 else 48; GPA bits 0 without
 * MAXGPA_VIRT, else min(MAXPA, 52 with GPAW else 48). */
static void test_address_widths(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	run(&f);
	assert_int_equal((td(&f, 0x80000008, 0, CPUID_REG_EAX) >> 8) & 0xff,
			 48);
	assert_int_equal(td(&f, 0x80000008, 0, CPUID_REG_EAX) & 0xff, 52);
	assert_int_equal((td(&f, 0x80000008, 0, CPUID_REG_EAX) >> 16) & 0xff,
			 0);
	slot(&f, 7, 0)[CPUID_REG_ECX] = 1u << 16;	/* LA57 */
	f.p.config_flags = TDX_CONFIG_MAXGPA_VIRT;
	run(&f);
	assert_int_equal(f.st.code, 0);
	assert_int_equal((td(&f, 0x80000008, 0, CPUID_REG_EAX) >> 8) & 0xff,
			 57);
	assert_int_equal((td(&f, 0x80000008, 0, CPUID_REG_EAX) >> 16) & 0xff,
			 48);
	f.p.config_flags = TDX_CONFIG_MAXGPA_VIRT | TDX_CONFIG_GPAW;
	run(&f);
	assert_int_equal((td(&f, 0x80000008, 0, CPUID_REG_EAX) >> 16) & 0xff,
			 52);
	close_module(&f);
}

/* §2.4: PKS equals ATTRIBUTES.PKS; leaf 0xA is zero without PERFMON;
 * 0x1A zero for a migratable TD. */
static void test_attribute_gates(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	run(&f);
	assert_int_equal(td(&f, 7, 0, CPUID_REG_ECX) & (1u << 31), 0);
	assert_int_equal(td(&f, 0xa, 0, CPUID_REG_EAX), 0);
	f.p.attributes |= TDX_ATTR_PKS;
	run(&f);
	assert_int_equal(f.st.code, 0);
	assert_true(td(&f, 7, 0, CPUID_REG_ECX) & (1u << 31));
	close_module(&f);
}

/*
 * §2.4 0x1F: all zero means the host's topology; otherwise the format
 * rules of check_cpuid_1f_and_compute_cpuid_0b() (TDX_CPUID_LEAF_1F_
 * FORMAT_UNRECOGNIZED 0xC000090400000000, RCX not set), and 0xB derived:
 * SMT copied, then the last level as CORE, then INVALID.
 */
static void test_topology(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	run(&f);
	assert_int_equal(f.st.code, 0);
	/* The host's 0x1F: SMT (shift 1, 2 threads), CORE (shift 8) */
	assert_int_equal(td(&f, 0xb, 0, CPUID_REG_ECX), 0x100);
	assert_int_equal(td(&f, 0xb, 1, CPUID_REG_ECX), 0x201);
	assert_int_equal(td(&f, 0xb, 1, CPUID_REG_EAX), 8);
	assert_int_equal(td(&f, 0xb, 2, CPUID_REG_ECX), 2);

	/* SMT, CORE, DIE (5) */
	slot(&f, 0x1f, 0)[CPUID_REG_EAX] = 1;
	slot(&f, 0x1f, 0)[CPUID_REG_ECX] = 0x100;
	slot(&f, 0x1f, 1)[CPUID_REG_EAX] = 4;
	slot(&f, 0x1f, 1)[CPUID_REG_ECX] = 0x201;
	slot(&f, 0x1f, 2)[CPUID_REG_EAX] = 6;
	slot(&f, 0x1f, 2)[CPUID_REG_EBX] = 64;
	slot(&f, 0x1f, 2)[CPUID_REG_ECX] = 0x502;
	slot(&f, 0x1f, 3)[CPUID_REG_ECX] = 0x3;
	run(&f);
	assert_int_equal(f.st.code, 0);
	assert_int_equal(td(&f, 0xb, 0, CPUID_REG_EAX), 1);
	/* 0xB.1 takes the last level (DIE) as CORE */
	assert_int_equal(td(&f, 0xb, 1, CPUID_REG_EAX), 6);
	assert_int_equal(td(&f, 0xb, 1, CPUID_REG_EBX), 64);
	assert_int_equal(td(&f, 0xb, 1, CPUID_REG_ECX), 0x201);

	/* SMT at sub-leaf 1 */
	slot(&f, 0x1f, 0)[CPUID_REG_ECX] = 0x200;
	slot(&f, 0x1f, 1)[CPUID_REG_ECX] = 0x101;
	run(&f);
	assert_true(f.st.code == 0xC000090400000000ull);
	assert_false(f.st.rcx_set);
	/* sub-leaf 0 zero but not the rest */
	memset(slot(&f, 0x1f, 0), 0, 16);
	run(&f);
	assert_true(f.st.code == 0xC000090400000000ull);
	close_module(&f);
}

/* §2.4 per-entry loop: the first error in lookup order wins, and RCX is
 * the leaf | sub-leaf << 32 (sub-leaf 0xFFFFFFFF for leaves without). */
static void test_first_error_and_rcx(void **state)
{
	struct fixture f;

	(void)state;
	open_module(&f, "tdx-2.0.18", true);
	/* 7.0 (lookup 5) and 1 (lookup 0): leaf 1 is first */
	slot(&f, 7, 0)[CPUID_REG_EAX] = 0xffffffff;
	slot(&f, 1, 0)[CPUID_REG_ECX] = 1u << 21;
	run(&f);
	assert_true(f.st.code == 0xC000010000000045ull);
	assert_true(f.st.rcx_set);
	assert_true(f.st.rcx == 0xffffffff00000001ull);
	slot(&f, 1, 0)[CPUID_REG_ECX] = 0;
	run(&f);
	assert_true(f.st.rcx == 0x0000000000000007ull);
	/* An ATTRIBUTES error comes before any CPUID error. */
	f.p.attributes = 0x2;
	run(&f);
	assert_true(f.st.code == 0xC000010000000040ull);
	assert_false(f.st.rcx_set);
	close_module(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_sampling),
		cmocka_unit_test(test_native_fixups_and_verify),
		cmocka_unit_test(test_sysrd_report),
		cmocka_unit_test(test_td_params_checks),
		cmocka_unit_test(test_xsave_and_tsc),
		cmocka_unit_test(test_address_widths),
		cmocka_unit_test(test_attribute_gates),
		cmocka_unit_test(test_topology),
		cmocka_unit_test(test_first_error_and_rcx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
