// SPDX-License-Identifier: MIT
/*
 * The guest's view (tdx/tdx_guest.c) against research/tdx.md §2.3 step 7
 * and §2.6: faulting, hypervisor and unknown leaves raise #VE and the VMM
 * answers (untrusted); dynamic fields are runtime; newer modules return 0
 * for leaves of CPUID_FIXED0_BITMAP (0x0380000508cfd308), but td_cpuid.c
 * still raises #VE for the REDUCE_VE leaves among them (9, 0xc, 0xf, 0x10,
 * 0x16, 0x17, 0x1b: exactly the bitmap's leaves missing from the table).
 */
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_guest.h"
#include "tdx/tdx_module.h"

static void view(const char *rules_name, const struct cpuid_set *td,
		 const struct cpuid_set *vmm, struct cpuid_set *guest,
		 struct trace *t, struct strpool *pool)
{
	struct tdx_rules rules;
	struct ruleset rs;
	struct diag d;

	if (ruleset_load_embedded(rules_name, &rs, &d) ||
	    tdx_rules_read(&rs, &rules, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(tdx_guest_view(&rules, td, vmm, t, pool, guest), 0);
	tdx_rules_release(&rules);
	ruleset_release(&rs);
}

static void put(struct cpuid_set *s, uint32_t leaf, bool indexed,
		uint32_t sub, uint32_t v)
{
	struct cpuid_entry e = {
		.leaf = leaf, .indexed = indexed, .subleaf = sub,
		.regs = { v, v, v, v },
	};

	assert_int_equal(cpuid_set_put(s, &e), 0);
}

static void test_untrusted_and_runtime(void **state)
{
	struct cpuid_set td = CPUID_SET_INIT, vmm = CPUID_SET_INIT;
	struct cpuid_set guest = CPUID_SET_INIT;
	struct strpool pool = STRPOOL_INIT;
	const struct bit_note *n;
	const struct cpuid_entry *g;
	struct cpuid_entry k6 = { .leaf = 6 }, khv = { .leaf = 0x40000000 };
	struct cpuid_entry k9 = { .leaf = 9 };
	struct cpuid_entry k1 = { .leaf = 1 };
	struct trace t;

	(void)state;
	trace_init(&t);
	put(&td, 1, false, 0, 0xffffffff);
	put(&td, 6, false, 0, 0x4);
	put(&vmm, 6, false, 0, 0x77);
	put(&vmm, 0x40000000, false, 0, 0x40000001);
	put(&vmm, 0x9, false, 0, 0x5);
	/* 1.5.06: leaf 6 faults (§2.7). */
	view("tdx-1.5.06", &td, &vmm, &guest, &t, &pool);
	g = cpuid_set_lookup(&guest, 6, 0);
	assert_non_null(g);
	assert_int_equal(g->regs[0], 0x77);	/* the VMM's answer */
	n = trace_get(&t, &k6, CPUID_REG_EAX, 0);
	assert_int_equal(n->verdict, VERDICT_UNTRUSTED);
	n = trace_get(&t, &khv, CPUID_REG_EBX, 3);
	assert_int_equal(n->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(n->rule, "HYPERVISOR_LEAVES");
	/* OSXSAVE and the initial APIC ID are computed at run time. */
	g = cpuid_set_lookup(&guest, 1, 0);
	assert_true(g->unknown[CPUID_REG_ECX] & (1u << 27));
	assert_int_equal(g->unknown[CPUID_REG_EBX], 0xff000000);
	n = trace_get(&t, &k1, CPUID_REG_ECX, 27);
	assert_int_equal(n->verdict, VERDICT_RUNTIME);
	/* 9 is not in 1.5.06's table, which has no REDUCE_VE: #VE. */
	assert_int_equal(cpuid_set_lookup(&guest, 0x9, 0)->regs[0], 5);
	n = trace_get(&t, &k9, CPUID_REG_EAX, 0);
	assert_int_equal(n->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(n->rule, "NOT_IN_TABLE");
	cpuid_set_release(&guest);
	trace_release(&t);

	/*
	 * 2.0.18: 9 is in CPUID_FIXED0_BITMAP, yet td_cpuid.c's REDUCE_VE
	 * switch still raises #VE first: the VMM answers.
	 */
	trace_init(&t);
	view("tdx-2.0.18", &td, &vmm, &guest, &t, &pool);
	assert_int_equal(cpuid_set_lookup(&guest, 0x9, 0)->regs[0], 5);
	n = trace_get(&t, &k9, CPUID_REG_EAX, 0);
	assert_int_equal(n->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(n->rule, "REDUCE_VE");
	/* Leaf 6 raises #VE until the guest sets REDUCE_VE. */
	n = trace_get(&t, &k6, CPUID_REG_EAX, 0);
	assert_string_equal(n->rule, "REDUCE_VE");
	/* MCE is guest-mutable through FEATURE_PARAVIRT_CTLS. */
	n = trace_get(&t, &k1, CPUID_REG_EDX, 7);
	assert_int_equal(n->verdict, VERDICT_RUNTIME);
	assert_string_equal(n->rule, "FEATURE_PARAVIRT_CTLS");

	cpuid_set_release(&guest);
	cpuid_set_release(&td);
	cpuid_set_release(&vmm);
	trace_release(&t);
	strpool_release(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untrusted_and_runtime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
