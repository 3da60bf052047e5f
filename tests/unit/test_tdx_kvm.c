// SPDX-License-Identifier: MIT
/*
 * KVM's TDX layer (tdx/tdx_kvm.c) against research/tdx.md §3.3-3.4.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_kvm.h"

struct fixture {
	struct config host;
	struct ruleset rs;
	struct tdx_rules rules;
	struct tdx_native n;
	struct tdx_kvm_caps caps;
};

static void open_kvm(struct fixture *f, bool host)
{
	struct diag d;

	memset(f, 0, sizeof(*f));
	test_read_file("embedded:intel-xeon-6788p", DUMP_AUTO, -1, &f->host);
	if (ruleset_load_embedded("tdx-2.0.18", &f->rs, &d) ||
	    tdx_rules_read(&f->rs, &f->rules, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(tdx_native_sample(&f->rules,
					   host ? &f->host.cpuid : NULL,
					   &f->n), 0);
	assert_int_equal(tdx_kvm_capabilities(&f->rules, &f->n, &f->caps), 0);
}

static void close_kvm(struct fixture *f)
{
	tdx_kvm_caps_release(&f->caps);
	tdx_native_release(&f->n);
	tdx_rules_release(&f->rules);
	ruleset_release(&f->rs);
	config_release(&f->host);
}

/*
 * §3.3: supported_attrs is SEPT_VE_DISABLE only; supported_xfam is KVM's
 * XCR0|XSS within the module's XFAM_FIXED0; one cpuid entry per TD_PARAMS
 * slot, "no sub-leaf" as index 0 without the significant-index flag; TSX
 * and WAITPKG cleared; 0x80000008.EAX[23:16] reported as 0xFF.
 */
static void test_capabilities(void **state)
{
	const struct cpuid_entry *e;
	struct fixture f;

	(void)state;
	open_kvm(&f, true);
	assert_true(f.caps.supported_attrs == 0x10000000ull);
	assert_true(f.caps.xfam_known);
	/* x87 SSE AVX AVX-512 PKRU CET AMX: 0x61ae7 (the host has all) */
	assert_true(f.caps.supported_xfam == 0x61ae7ull);
	assert_int_equal(f.caps.cpuid.n, f.rules.nconfig);
	e = cpuid_set_lookup(&f.caps.cpuid, 1, 0);
	assert_false(e->indexed);
	assert_int_equal(e->regs[CPUID_REG_EAX], 0x0fff3fff);
	e = cpuid_set_find(&f.caps.cpuid, 7, true, 0);
	assert_non_null(e);
	assert_int_equal(e->regs[CPUID_REG_EBX] & ((1u << 4) | (1u << 11)), 0);
	assert_int_equal(e->regs[CPUID_REG_ECX] & (1u << 5), 0);
	e = cpuid_set_lookup(&f.caps.cpuid, 0x80000008, 0);
	assert_int_equal((e->regs[CPUID_REG_EAX] >> 16) & 0xff, 0xff);
	close_kvm(&f);
}

static int init_vm(struct fixture *f, const char *text, uint64_t attr,
		   uint64_t xfam, struct tdx_td_params *td,
		   struct tdx_kvm_status *st)
{
	struct tdx_params p = { .attributes = attr, .xfam = xfam };
	struct strpool pool = STRPOOL_INIT;
	struct config cfg;
	struct trace t;
	struct diag d;
	int ret;

	if (test_read_text(text, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	trace_init(&t);
	ret = tdx_kvm_init_vm(&f->rules, &f->n, &f->caps, &cfg.cpuid, &p, &t,
			      &pool, td, st);
	/* The status message lives in the pool: keep what tests read. */
	st->message = st->message ? strdup(st->message) : NULL;
	trace_release(&t);
	strpool_release(&pool);
	config_release(&cfg);
	return ret;
}

#define GPAW(w) "0x80000008 0x0: eax=0x" #w "0000 ebx=0x0 ecx=0x0 edx=0x0\n"

/* §3.4: the checks of KVM_TDX_INIT_VM and what it hands the module. */
static void test_init_vm(void **state)
{
	struct tdx_kvm_status st;
	struct tdx_td_params td;
	struct fixture f;

	(void)state;
	open_kvm(&f, true);
	assert_int_equal(init_vm(&f, "0x1 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
				 GPAW(34), 0x10000000, 0x7, &td, &st), 0);
	assert_int_equal(st.err, 0);
	/* GPAW 52 (0x34): GPAW flag, NO_RBP_MOD; the field goes as 0 */
	assert_true(td.config_flags == 0x5);
	assert_true(td.xfam == 0x7);
	assert_true(td.tsc_known && td.tsc_frequency == 80);
	assert_int_equal(td.cpuid[tdx_rules_find(&f.rules, 0x80000008, 0)
					   ->config][CPUID_REG_EAX], 0);
	assert_true(td.given[0]);
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* 48: no GPAW flag */
	assert_int_equal(init_vm(&f, GPAW(30), 0x10000000, 0x3, &td, &st), 0);
	assert_int_equal(st.err, 0);
	assert_true(td.config_flags == 0x4);
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* DEBUG is not in supported_attrs */
	init_vm(&f, GPAW(30), 0x10000001, 0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	assert_non_null(strstr(st.message, "supported_attrs"));
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* PT (XFAM 8) is not KVM's */
	init_vm(&f, GPAW(30), 0x10000000, 0x103, &td, &st);
	assert_int_equal(st.err, EINVAL);
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* 0x80000008 missing, or a width other than 48/52 */
	init_vm(&f, "0x1 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n", 0x10000000, 0x3,
		&td, &st);
	assert_int_equal(st.err, EINVAL);
	tdx_td_params_release(&td);
	free((char *)st.message);
	init_vm(&f, GPAW(2e), 0x10000000, 0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* a leaf the capabilities do not list */
	init_vm(&f, GPAW(30) "0x2 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n", 0x10000000,
		0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	assert_non_null(strstr(st.message, "not in KVM_TDX_CAPABILITIES"));
	tdx_td_params_release(&td);
	free((char *)st.message);

	/* §3.4 step 5: WAITPKG (7.0.ECX[5]) set -> -EINVAL */
	init_vm(&f, GPAW(30) "0x7 0x0: eax=0x0 ebx=0x0 ecx=0x20 edx=0x0\n",
		0x10000000, 0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	assert_non_null(strstr(st.message, "WAITPKG"));
	tdx_td_params_release(&td);
	free((char *)st.message);

	/*
	 * §3.4 step 5, "no duplicates": an entry without a significant
	 * sub-leaf matches both 7.0 and 7.1, so KVM's copied count differs
	 * from nent -> -EINVAL.
	 */
	init_vm(&f, GPAW(30) "0x7 *: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n",
		0x10000000, 0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	assert_non_null(strstr(st.message, "several"));
	tdx_td_params_release(&td);
	free((char *)st.message);
	close_kvm(&f);
}

/* A GPAW of 52 needs 5-level EPT: a host without LA57 refuses it. */
static void test_gpaw52_needs_la57(void **state)
{
	struct tdx_kvm_status st;
	struct tdx_td_params td;
	struct fixture f;

	(void)state;
	open_kvm(&f, true);
	f.n.la57 = false;
	init_vm(&f, GPAW(34), 0x10000000, 0x3, &td, &st);
	assert_int_equal(st.err, EINVAL);
	assert_non_null(strstr(st.message, "5-level EPT"));
	tdx_td_params_release(&td);
	free((char *)st.message);
	close_kvm(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_init_vm),
		cmocka_unit_test(test_gpaw52_needs_la57),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
