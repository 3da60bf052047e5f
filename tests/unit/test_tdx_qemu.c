// SPDX-License-Identifier: MIT
/*
 * QEMU's TDX layer (tdx/tdx_qemu.c) against research/tdx.md §4 and QEMU
 * target/i386/kvm/tdx.c: tdx_filter_cpuid keeps only capability leaves
 * ANDed with them; attributes start at SEPT_VE_DISABLE (+PKS only when
 * KVM offers it); XFAM is the model's XSAVE components; the warnings read
 * "%s: CPUID[eax=%02Xh,ecx=%02Xh].%s.%s [bit %d]".
 */
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_qemu.h"

struct fixture {
	struct config host;
	struct ruleset rs;
	struct tdx_rules rules;
	struct tdx_native n;
	struct tdx_kvm_caps caps;
	struct strpool pool;
	struct trace t;
	struct cpuid_set out;
};

static void open_qemu(struct fixture *f)
{
	struct diag d;

	memset(f, 0, sizeof(*f));
	test_read_file("embedded:intel-xeon-6788p", DUMP_AUTO, -1, &f->host);
	if (ruleset_load_embedded("tdx-2.0.18", &f->rs, &d) ||
	    tdx_rules_read(&f->rs, &f->rules, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(tdx_native_sample(&f->rules, &f->host.cpuid, &f->n),
			 0);
	assert_int_equal(tdx_kvm_capabilities(&f->rules, &f->n, &f->caps), 0);
	trace_init(&f->t);
	cpuid_set_init(&f->out);
}

static void close_qemu(struct fixture *f)
{
	cpuid_set_release(&f->out);
	trace_release(&f->t);
	strpool_release(&f->pool);
	tdx_kvm_caps_release(&f->caps);
	tdx_native_release(&f->n);
	tdx_rules_release(&f->rules);
	ruleset_release(&f->rs);
	config_release(&f->host);
}

/* The host's CPUID as the CPU model, as with -cpu host. */
static void test_filter(void **state)
{
	struct tdx_params p = { .attributes = 0x10000000 };
	struct tdx_qemu_status st;
	const struct cpuid_entry *e, *cap;
	struct fixture f;

	(void)state;
	open_qemu(&f);
	assert_int_equal(tdx_qemu_prepare(&f.caps, &f.n, &f.host.cpuid, &p,
					  &f.out, &f.t, &f.pool, &st), 0);
	assert_int_equal(st.err, 0);
	/* Only capability leaves remain: leaf 0 is not one. */
	assert_null(cpuid_set_lookup(&f.out, 0, 0));
	/* Every remaining leaf is a capability leaf the host also has. */
	assert_true(f.out.n > 0 && f.out.n <= f.rules.nconfig);
	cpuid_set_for_each(e, &f.out) {
		assert_non_null(cpuid_set_lookup(&f.caps.cpuid, e->leaf,
						 e->subleaf));
		assert_non_null(cpuid_set_lookup(&f.host.cpuid, e->leaf,
						 e->subleaf));
	}
	/* ANDed: the host's 1.ECX (0x7ffefbff) within the capability. */
	e = cpuid_set_lookup(&f.out, 1, 0);
	cap = cpuid_set_lookup(&f.caps.cpuid, 1, 0);
	assert_int_equal(e->regs[CPUID_REG_ECX],
			 0x7ffefbff & cap->regs[CPUID_REG_ECX]);
	assert_int_equal(e->regs[CPUID_REG_ECX] & (1u << 5), 0);	/* VMX */
	/* XFAM: the model's 0xD components within supported_xfam */
	assert_true(p.xfam == 0x61ae7ull);
	/* The model has PKS, KVM does not offer ATTRIBUTES.PKS. */
	assert_true(p.attributes == 0x10000000ull);
	/* The GPAW: the host's MAXPA, 52 with 5-level EPT */
	e = cpuid_set_lookup(&f.out, 0x80000008, 0);
	assert_int_equal((e->regs[CPUID_REG_EAX] >> 16) & 0xff, 52);
	close_qemu(&f);
}

static void test_bad_attributes(void **state)
{
	struct tdx_params p = { .attributes = 0x10000001 };
	struct tdx_qemu_status st;
	struct fixture f;

	(void)state;
	open_qemu(&f);
	assert_int_equal(tdx_qemu_prepare(&f.caps, &f.n, &f.host.cpuid, &p,
					  &f.out, &f.t, &f.pool, &st), 0);
	assert_int_equal(st.err, 22);
	assert_non_null(strstr(st.message, "invalid attributes 0x10000001"));
	close_qemu(&f);
}

struct warnings {
	char buf[8192];
};

static void collect(const char *msg, void *ctx)
{
	struct warnings *w = ctx;

	strncat(w->buf, msg, sizeof(w->buf) - strlen(w->buf) - 2);
	strcat(w->buf, "\n");
}

static void test_check_features(void **state)
{
	struct warnings w = { "" };
	struct cpuid_set model = CPUID_SET_INIT, td = CPUID_SET_INIT;
	struct cpuid_entry m1 = { .leaf = 1 }, t1 = { .leaf = 1 };
	struct cpuid_entry m7 = { .leaf = 7, .indexed = true };
	struct cpuid_entry t7 = { .leaf = 7, .indexed = true };

	(void)state;
	m1.regs[CPUID_REG_ECX] = 1u << 5;		/* vmx, not in the TD */
	t1.regs[CPUID_REG_ECX] = 1u << 31;		/* hypervisor, forced */
	m7.regs[CPUID_REG_EBX] = 1u << 4;		/* hle */
	assert_int_equal(cpuid_set_insert(&model, &m1), 0);
	assert_int_equal(cpuid_set_insert(&model, &m7), 0);
	assert_int_equal(cpuid_set_insert(&td, &t1), 0);
	assert_int_equal(cpuid_set_insert(&td, &t7), 0);
	tdx_qemu_check_features(&model, &td, collect, &w);
	assert_string_equal(w.buf,
		"TDX doesn't support requested feature: "
		"CPUID[eax=01h].ECX.vmx [bit 5]\n"
		"TDX forcibly sets the feature: "
		"CPUID[eax=01h].ECX.hypervisor [bit 31]\n"
		"TDX doesn't support requested feature: "
		"CPUID[eax=07h,ecx=00h].EBX.hle [bit 4]\n");
	cpuid_set_release(&model);
	cpuid_set_release(&td);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_bad_attributes),
		cmocka_unit_test(test_check_features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
