// SPDX-License-Identifier: MIT
/*
 * The TDX pipeline end to end (tdx/tdx_check.c), on the cases the TDX issue
 * names.  Expected values come from research/tdx.md (cited per test) and
 * the rule sets in models/tdx; the host is the embedded reference host
 * (models/hosts/intel-xeon-6788p.cfg: 1.EAX 0x000a06d1, 1.ECX 0x7ffefbff,
 * 7.0.EBX 0xf3bfb7ef with HLE but not RTM, 0x80000008.EAX 0x3934: MAXPA 52).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_module.h"

#define GNR "embedded:intel-xeon-6788p"
/* A minimal KVM_TDX_INIT_VM list: FMS 0 (the host's), GPAW 48. */
#define LEAF1(ecx, edx) \
	"0x00000001 0x00: eax=0x0 ebx=0x0 ecx=" ecx " edx=" edx "\n"
#define GPAW48 "0x80000008 0x00: eax=0x00300000 ebx=0x0 ecx=0x0 edx=0x0\n"
/* Without KVM the field is TD_PARAMS' own: 0 (EAX[23:16] is native). */
#define NO_GPAW "0x80000008 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"

static struct config host;

static int setup(void **state)
{
	(void)state;
	test_read_file(GNR, DUMP_AUTO, -1, &host);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_release(&host);
	return 0;
}

static void expect_status(const struct check_result *r, uint64_t code,
			  const char *layer)
{
	if (r->status.code != code)
		fail_msg("status 0x%llx (%s), expected 0x%llx",
			 (unsigned long long)r->status.code,
			 r->status.message ? r->status.message : "",
			 (unsigned long long)code);
	assert_string_equal(r->status.layer, layer);
}

/*
 * §2.4 "Hard rule": a non-configurable position set to 1, fixed-1 bits
 * such as 1.ECX[21] x2APIC and 1.ECX[31] HYPERVISOR included, is
 * rejected with 0xC000010000000045 and RCX = the leaf.
 */
static void test_x2apic_or_hypervisor_requested(void **state)
{
	static const char *const configs[] = {
		LEAF1("0x00200000", "0x0") GPAW48,
		LEAF1("0x80000000", "0x0") GPAW48,
	};
	static const unsigned int bits[] = { 21, 31 };
	static const char *const classes[] = { "native+verified1", "fixed1" };
	struct check_result r;
	const struct finding *f;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		test_tdx_check("tdx-2.0.18", configs[i], &host.cpuid, "none",
			       "mainline", &r);
		assert_int_equal(r.outcome, OUTCOME_REJECTED);
		expect_status(&r, 0xC000010000000045ull, "tdx-module");
		assert_true(r.status.has_leaf);
		assert_int_equal(r.status.leaf, 1);
		assert_false(r.status.has_subleaf);
		f = test_find(&r, 1, 0, CPUID_REG_ECX, bits[i]);
		assert_int_equal(f->verdict, VERDICT_REJECTED);
		assert_string_equal(f->class, classes[i]);
		assert_string_equal(f->layer, "tdx-module");
		/* What to change: the bit, by number. */
		assert_non_null(strstr(f->note, "clear bit"));
		check_result_release(&r);
	}
}

/* The same bits not requested: forced to 1 (fixed1, native+verified1). */
static void test_x2apic_and_hypervisor_forced(void **state)
{
	const struct cpuid_set *hosts[] = { &host.cpuid, NULL };
	struct check_result r;
	const struct finding *f;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0") GPAW48,
			       hosts[i], "none", "mainline", &r);
		assert_int_equal(r.status.code, 0);
		assert_int_equal(r.outcome, OUTCOME_ACCEPTED_WITH_CHANGES);
		f = test_find(&r, 1, 0, CPUID_REG_ECX, 21);
		assert_int_equal(f->verdict, VERDICT_FORCED);
		assert_true(f->has_final);
		assert_int_equal(f->final, 1);
		f = test_find(&r, 1, 0, CPUID_REG_ECX, 31);
		assert_int_equal(f->verdict, VERDICT_FORCED);
		assert_int_equal(f->final, 1);
		check_result_release(&r);
	}
}

/*
 * §2.4 "Silent case": an allow-direct bit requested on a host without it
 * becomes 0 with no error; and "Leaf 5 is zeroed if MONITOR=0".  MONITOR
 * (1.ECX[3]) is allow-direct in 2.0.18.
 */
static void test_allow_direct_dropped_and_leaf5(void **state)
{
	struct cpuid_set lacking = CPUID_SET_INIT;
	struct check_result r;
	const struct finding *f;
	const struct cpuid_entry *l5;

	(void)state;
	assert_int_equal(cpuid_set_copy(&lacking, &host.cpuid), 0);
	test_set_bit(&lacking, 1, 0, CPUID_REG_ECX, 3, false);
	test_tdx_check("tdx-2.0.18", LEAF1("0x8", "0x0") GPAW48, &lacking,
		       "none", "mainline", &r);
	assert_int_equal(r.status.code, 0);
	f = test_find(&r, 1, 0, CPUID_REG_ECX, 3);
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_int_equal(f->requested, 1);
	assert_int_equal(f->final, 0);
	assert_string_equal(f->class, "allow-direct");
	l5 = cpuid_set_lookup(&r.final, 5, 0);
	assert_non_null(l5);
	assert_int_equal(l5->regs[0] | l5->regs[1] | l5->regs[2] | l5->regs[3],
			 0);
	assert_string_equal(test_find(&r, 5, 0, CPUID_REG_EAX, 0)->rule,
			    "MONITOR_LEAF5");
	check_result_release(&r);

	/* The host has MONITOR: leaf 5 is the host's (EAX 0x40). */
	test_tdx_check("tdx-2.0.18", LEAF1("0x8", "0x0") GPAW48, &host.cpuid,
		       "none", "mainline", &r);
	assert_int_equal(test_find(&r, 1, 0, CPUID_REG_ECX, 3)->verdict,
			 VERDICT_AS_CONFIGURED);
	l5 = cpuid_set_lookup(&r.final, 5, 0);
	assert_int_equal(l5->regs[CPUID_REG_EAX], 0x40);
	check_result_release(&r);
	cpuid_set_release(&lacking);
}

/* §2.4 step 2: XFAM[17] (XTILECFG) must equal XFAM[18] (XTILEDATA). */
static void test_xfam_amx_halves(void **state)
{
	struct check_result r;

	(void)state;
	test_tdx_check("tdx-2.0.18", "tdx.xfam = 0x20003\n" LEAF1("0x0", "0x0")
		       GPAW48, &host.cpuid, "none", "mainline", &r);
	assert_int_equal(r.outcome, OUTCOME_REJECTED);
	expect_status(&r, 0xC000010000000041ull, "tdx-module");
	assert_false(r.status.has_leaf);
	assert_non_null(strstr(r.status.message, "AMX"));
	check_result_release(&r);
}

/*
 * xfam_mask tables: 7.0.EBX 0xdc230000 (AVX512F bit 16 among them) is
 * cleared unless XFAM bits 5, 6 and 7.
 */
static void test_avx512_needs_xfam(void **state)
{
	static const char cfg[] = LEAF1("0x0", "0x0")
		"0x00000007 0x00: eax=0x0 ebx=0x00010000 ecx=0x0 edx=0x0\n"
		GPAW48;
	struct check_result r;
	const struct finding *f;
	char text[512];

	(void)state;
	test_tdx_check("tdx-2.0.18", cfg, &host.cpuid, "none", "mainline", &r);
	f = test_find(&r, 7, 0, CPUID_REG_EBX, 16);
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_string_equal(f->class, "xfam");
	assert_string_equal(f->rule, "xfam_mask[5]");
	check_result_release(&r);

	snprintf(text, sizeof(text), "tdx.xfam = 0xe7\n%s", cfg);
	test_tdx_check("tdx-2.0.18", text, &host.cpuid, "none", "mainline", &r);
	assert_int_equal(r.status.code, 0);
	f = test_find(&r, 7, 0, CPUID_REG_EBX, 16);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_int_equal(f->final, 1);
	check_result_release(&r);
}

/*
 * §2.4: "HLE != RTM -> 0x...45 (RCX = 7)"; §3.4: mainline KVM refuses TSX
 * first (-EINVAL).  HLE and RTM are allow-direct: on a host with both, a
 * request for HLE alone leaves HLE 1 and RTM 0 in the TD.
 */
static void test_hle_rtm(void **state)
{
	struct cpuid_set tsx = CPUID_SET_INIT;
	struct check_result r;

	(void)state;
	assert_int_equal(cpuid_set_copy(&tsx, &host.cpuid), 0);
	test_set_bit(&tsx, 7, 0, CPUID_REG_EBX, 4, true);
	test_set_bit(&tsx, 7, 0, CPUID_REG_EBX, 11, true);
	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0")
		       "0x00000007 0x00: eax=0x0 ebx=0x00000010 ecx=0x0 "
		       "edx=0x0\n" NO_GPAW, &tsx, "none", "none", &r);
	expect_status(&r, 0xC000010000000045ull, "tdx-module");
	assert_true(r.status.has_leaf);
	assert_int_equal(r.status.leaf, 7);
	assert_true(r.status.has_subleaf);
	assert_int_equal(r.status.subleaf, 0);
	assert_int_equal(test_find(&r, 7, 0, CPUID_REG_EBX, 4)->verdict,
			 VERDICT_REJECTED);
	check_result_release(&r);

	/* Both requested: equal, accepted by the module. */
	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0")
		       "0x00000007 0x00: eax=0x0 ebx=0x00000810 ecx=0x0 "
		       "edx=0x0\n" NO_GPAW, &tsx, "none", "none", &r);
	assert_int_equal(r.status.code, 0);
	check_result_release(&r);

	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0")
		       "0x00000007 0x00: eax=0x0 ebx=0x00000810 ecx=0x0 "
		       "edx=0x0\n" GPAW48, &tsx, "none", "mainline", &r);
	expect_status(&r, 22 /* EINVAL */, "kvm");
	assert_string_equal(test_find(&r, 7, 0, CPUID_REG_EBX, 11)->layer,
			    "kvm");
	check_result_release(&r);
	cpuid_set_release(&tsx);
}

/*
 * §2.4 1.EAX (FMS): "For a non-migratable TD, anything other than 0 or
 * the native FMS is rejected (0x...45, RCX = leaf 1)".
 */
static void test_fms_non_migratable(void **state)
{
	struct check_result r;

	(void)state;
	test_tdx_check("tdx-2.0.18",
		       "0x1 0x0: eax=0x000806f8 ebx=0x0 ecx=0x0 edx=0x0\n"
		       GPAW48, &host.cpuid, "none", "mainline", &r);
	expect_status(&r, 0xC000010000000045ull, "tdx-module");
	assert_int_equal(r.status.leaf, 1);
	assert_int_equal(test_find(&r, 1, 0, CPUID_REG_EAX, 4)->verdict,
			 VERDICT_REJECTED);
	check_result_release(&r);

	test_tdx_check("tdx-2.0.18",
		       "0x1 0x0: eax=0x000a06d1 ebx=0x0 ecx=0x0 edx=0x0\n"
		       GPAW48, &host.cpuid, "none", "mainline", &r);
	assert_int_equal(r.status.code, 0);
	check_result_release(&r);

	/* 0: the host's signature. */
	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0") GPAW48, &host.cpuid,
		       "none", "mainline", &r);
	assert_int_equal(cpuid_set_lookup(&r.final, 1, 0)->regs[0], 0xa06d1);
	check_result_release(&r);
}

/*
 * Migratable TDs: check_fms_config (cpuid_fms.c) allows the host's CPU or
 * an older row of allowed_fms (CWF, GNR-D, GNR-SP, SRF, EMR, SPR), never a
 * newer one.  Mainline KVM has no migratable TDs, hence --kvm none.
 */
static void test_fms_migratable(void **state)
{
	struct check_result r;

	(void)state;
	test_tdx_check("tdx-2.0.18", "tdx.migratable = 1\n"
		       "0x1 0x0: eax=0x000806f8 ebx=0x0 ecx=0x0 edx=0x0\n"
		       NO_GPAW, &host.cpuid, "none", "none", &r);
	assert_int_equal(r.status.code, 0);
	check_result_release(&r);
	test_tdx_check("tdx-2.0.18", "tdx.migratable = 1\n"
		       "0x1 0x0: eax=0x000d06d1 ebx=0x0 ecx=0x0 edx=0x0\n"
		       NO_GPAW, &host.cpuid, "none", "none", &r);
	expect_status(&r, 0xC000010000000045ull, "tdx-module");
	assert_int_equal(r.status.leaf, 1);
	check_result_release(&r);
}

/*
 * §2.4 0x80000008: with CONFIG_FLAGS.MAXPA_VIRT a configured MAXPA must be
 * in [45, native MAXPA] and within the GPAW limit, else 0x...45 with RCX
 * not set; 0 means min(native, limit); without the flag, the native
 * value.  Mainline KVM never sets MAXPA_VIRT: --kvm none.
 */
static void test_maxpa_virt(void **state)
{
	static const struct {
		const char *flags;
		uint32_t cfg;
		bool ok;
		uint32_t final;
	} cases[] = {
		{ "0x9", 44, false, 0 },	/* below 45 */
		{ "0x9", 53, false, 0 },	/* above native 52 */
		{ "0x8", 50, false, 0 },	/* GPAW 48 limits to 48 */
		{ "0x9", 46, true, 46 },
		{ "0x9", 0, true, 52 },		/* min(52, 52) */
		{ "0x0", 46, true, 52 },	/* no MAXPA_VIRT: native */
	};
	struct check_result r;
	char text[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(text, sizeof(text), "tdx.config_flags = %s\n"
			 LEAF1("0x0", "0x0")
			 "0x80000008 0x00: eax=0x%x ebx=0x0 ecx=0x0 edx=0x0\n",
			 cases[i].flags, cases[i].cfg);
		test_tdx_check("tdx-2.0.18", text, &host.cpuid, "none", "none",
			       &r);
		if (!cases[i].ok) {
			expect_status(&r, 0xC000010000000045ull, "tdx-module");
			assert_false(r.status.has_leaf);
		} else {
			assert_int_equal(r.status.code, 0);
			assert_int_equal(cpuid_set_lookup(&r.final, 0x80000008,
							  0)->regs[0] & 0xff,
					 cases[i].final);
		}
		check_result_release(&r);
	}
}

/*
 * §2.5: TDH.SYS.RD reports config_direct | (allow_direct & native), and a
 * VMM may set exactly those bits.  Taken literally the report is not a
 * valid request: its all-ones fields for FMS and 0x1F topology are values
 * that the special rules check (0 means "the host's"), KVM refuses TSX
 * and WAITPKG, and KVM needs its GPAW in 0x80000008.EAX[23:16].  With
 * those fields set as §2.4/§3.4 require, the report is accepted.
 */
static void test_report_is_accepted(void **state)
{
	struct tdx_rules rules;
	struct tdx_native n;
	struct ruleset rs;
	struct check_result r;
	struct diag d;
	char text[8192];
	size_t s, len = 0;

	(void)state;
	assert_int_equal(ruleset_load_embedded("tdx-2.0.18", &rs, &d), 0);
	assert_int_equal(tdx_rules_read(&rs, &rules, &d), 0);
	assert_int_equal(tdx_native_sample(&rules, &host.cpuid, &n), 0);
	for (s = 0; s < rules.nconfig; s++) {
		const struct tdx_entry *e = rules.config[s];
		uint32_t v[CPUID_NR_REGS], u[CPUID_NR_REGS];

		tdx_sysrd_config(&rules, &n, s, v, u);
		assert_int_equal(u[0] | u[1] | u[2] | u[3], 0);
		if (e->leaf == 1)
			v[CPUID_REG_EAX] = 0;
		if (e->leaf == 0x1f)
			v[0] = v[1] = v[2] = v[3] = 0;
		if (e->leaf == 7 && e->subleaf == 0) {
			v[CPUID_REG_EBX] &= ~((1u << 4) | (1u << 11));
			v[CPUID_REG_ECX] &= ~(1u << 5);
		}
		if (e->leaf == 0x80000008)
			v[CPUID_REG_EAX] |= 48u << 16;
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"0x%x 0x%x: eax=0x%x ebx=0x%x ecx=0x%x "
					"edx=0x%x\n", e->leaf, e->subleaf,
					v[0], v[1], v[2], v[3]);
	}
	tdx_native_release(&n);
	tdx_rules_release(&rules);
	ruleset_release(&rs);
	test_tdx_check("tdx-2.0.18", text, &host.cpuid, "none", "mainline",
		       &r);
	if (r.status.code)
		fail_msg("%s", r.status.message);
	assert_int_not_equal(r.outcome, OUTCOME_REJECTED);
	check_result_release(&r);
}

/*
 * §2.7 and §3.8: from 1.5.06 to 1.5.34, 1.EDX MCE/MTRR/MCA go from
 * native+verified1 (always 1) to allow-direct (0 unless the VMM asks), so
 * an unchanged request loses them; and leaf 6 stops faulting (it raises
 * #VE only until the guest sets REDUCE_VE).
 */
static void test_same_config_two_modules(void **state)
{
	static const unsigned int bits[] = { 7, 12, 14 };
	struct check_result a, b;
	const struct finding *f;
	size_t i;

	(void)state;
	test_tdx_check("tdx-1.5.06", LEAF1("0x0", "0x0") GPAW48, &host.cpuid,
		       "none", "mainline", &a);
	test_tdx_check("tdx-1.5.34", LEAF1("0x0", "0x0") GPAW48, &host.cpuid,
		       "none", "mainline", &b);
	assert_int_equal(a.status.code, 0);
	assert_int_equal(b.status.code, 0);
	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		f = test_find(&a, 1, 0, CPUID_REG_EDX, bits[i]);
		assert_string_equal(f->class, "native+verified1");
		assert_int_equal(f->final, 1);
		assert_int_equal(f->verdict, VERDICT_FORCED);
		/* The TD starts without it; the guest may turn it on
		 * (FEATURE_PARAVIRT_CTLS, §2.6). */
		f = test_find(&b, 1, 0, CPUID_REG_EDX, bits[i]);
		assert_true(f->has_final);
		assert_int_equal(f->final, 0);
		assert_int_equal(f->verdict, VERDICT_RUNTIME);
		assert_string_equal(f->rule, "FEATURE_PARAVIRT_CTLS");
	}
	f = test_find(&a, 6, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(f->rule, "NOT_IN_TABLE");
	assert_non_null(strstr(f->note, "faulting"));
	f = test_find(&b, 6, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(f->rule, "REDUCE_VE");
	check_result_release(&a);
	check_result_release(&b);
}

/* Without --host the host's bits are reported as such, never guessed. */
static void test_no_host(void **state)
{
	struct check_result r;
	const struct finding *f;

	(void)state;
	test_tdx_check("tdx-2.0.18", LEAF1("0x8", "0x0") GPAW48, NULL, "none",
		       "mainline", &r);
	assert_int_equal(r.status.code, 0);
	f = test_find(&r, 1, 0, CPUID_REG_ECX, 3);
	assert_false(f->has_final);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	assert_non_null(strstr(f->note, "host-dependent"));
	/* 1.EAX FMS 0 means the host's: unknown too. */
	assert_false(test_find(&r, 1, 0, CPUID_REG_EAX, 0)->has_final);
	assert_true(r.host_dependent > 0);
	assert_true(r.nwarnings >= 1);
	assert_non_null(strstr(r.warnings[0], "no --host"));
	check_result_release(&r);
}

/* §3.4: KVM takes only leaves KVM_TDX_CAPABILITIES lists, needs
 * 0x80000008 with a GPAW of 48 or 52, and at most 256 entries. */
static void test_kvm_rules(void **state)
{
	struct check_result r;
	char *big;
	size_t i, len = 0;

	(void)state;
	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0") GPAW48
		       "0x0 0x0: eax=0x23 ebx=0x0 ecx=0x0 edx=0x0\n",
		       &host.cpuid, "none", "mainline", &r);
	expect_status(&r, 22, "kvm");
	assert_int_equal(test_find(&r, 0, 0, CPUID_REG_EAX, 0)->verdict,
			 VERDICT_REJECTED);
	check_result_release(&r);

	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0"), &host.cpuid, "none",
		       "mainline", &r);
	expect_status(&r, 22, "kvm");
	assert_non_null(strstr(r.status.message, "0x80000008"));
	check_result_release(&r);

	test_tdx_check("tdx-2.0.18", LEAF1("0x0", "0x0")
		       "0x80000008 0x00: eax=0x00320000 ebx=0x0 ecx=0x0 "
		       "edx=0x0\n", &host.cpuid, "none", "mainline", &r);
	expect_status(&r, 22, "kvm");
	check_result_release(&r);

	big = malloc(300 * 80);
	assert_non_null(big);
	for (i = 0; i < 300; i++)
		len += (size_t)sprintf(big + len, "0x%zx 0x0: eax=0x0 ebx=0x0 "
				       "ecx=0x0 edx=0x0\n", 0x40000100 + i);
	test_tdx_check("tdx-2.0.18", big, &host.cpuid, "none", "mainline", &r);
	expect_status(&r, 7 /* E2BIG */, "kvm");
	free(big);
	check_result_release(&r);
}

/* Every TDX-capable Intel host of the corpus initialises TDX (its dump
 * passes TDH.SYS.INIT's verify masks) and takes a plain request. */
static void test_corpus_hosts(void **state)
{
	static const char *const dumps[] = {
		"instlatx64-intel-sapphirerapids-xeon-w7-2475x-806F8-aida64.txt",
		"instlatx64-intel-emeraldrapids-xeon-gold-5520plus-C06F2-aida64.txt",
		"instlatx64-intel-emeraldrapids-xeon-silver-4514y-C06F2-aida64.txt",
		"instlatx64-intel-graniterapids-xeon-658x-A06D1-aida64.txt",
		"libvirt-intel-sierraforest-xeon-6731e-A06F3-cpudata.xml",
		"libvirt-intel-graniterapids-xeon-6788p-A06D1-cpudata.xml",
		"libvirt-intel-sapphirerapids-xeon-bronze-3408u-806F7-cpudata.xml",
	};
	static const char *const modules[] = { "tdx-1.5.06", "tdx-2.0.18" };
	char rel[256];
	size_t i, m;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(dumps); i++) {
		struct config h;
		const char *path;

		snprintf(rel, sizeof(rel), "cpuid-dumps/%s", dumps[i]);
		path = test_corpus(rel);
		if (!path)
			skip();
		test_read_file(path, DUMP_AUTO, -1, &h);
		for (m = 0; m < ARRAY_SIZE(modules); m++) {
			struct check_result r;

			test_tdx_check(modules[m], LEAF1("0x0", "0x0") GPAW48,
				       &h.cpuid, "none", "mainline", &r);
			if (r.status.code)
				fail_msg("%s on %s: %s", dumps[i], modules[m],
					 r.status.message);
			assert_int_equal(r.outcome,
					 OUTCOME_ACCEPTED_WITH_CHANGES);
			check_result_release(&r);
		}
		config_release(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x2apic_or_hypervisor_requested),
		cmocka_unit_test(test_x2apic_and_hypervisor_forced),
		cmocka_unit_test(test_allow_direct_dropped_and_leaf5),
		cmocka_unit_test(test_xfam_amx_halves),
		cmocka_unit_test(test_avx512_needs_xfam),
		cmocka_unit_test(test_hle_rtm),
		cmocka_unit_test(test_fms_non_migratable),
		cmocka_unit_test(test_fms_migratable),
		cmocka_unit_test(test_maxpa_virt),
		cmocka_unit_test(test_report_is_accepted),
		cmocka_unit_test(test_same_config_two_modules),
		cmocka_unit_test(test_no_host),
		cmocka_unit_test(test_kvm_rules),
		cmocka_unit_test(test_corpus_hosts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
