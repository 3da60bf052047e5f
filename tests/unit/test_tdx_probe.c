// SPDX-License-Identifier: MIT
/*
 * certify probe --platform tdx (tdx/tdx_probe.c) end to end through the
 * fake kernel (fake_kvm.c, fake_tdx.c), whose TDX module is the model: the
 * whole backend (marshalling, buffer growth, error mapping, the cross-check)
 * runs.  Expected values come from research/tdx.md (cited per test), the
 * example config and the reference host (models/examples/tdx-example.cfg,
 * models/hosts/intel-xeon-6788p.cfg: 1.EAX 0x000a06d1), and the rule set.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "fake_tdx.h"
#include "certify/probe.h"
#include "tdx/tdx_check.h"
#include "tdx/tdx_probe.h"

#define RULES "tdx-2.0.18"
#define GNR "embedded:intel-xeon-6788p"
#define EPYC "embedded:amd-epyc-9334"
#define EXAMPLE "embedded:tdx-example"
#define EXAMPLE_FILE "models/examples/tdx-example.cfg"

static struct config host;

struct env {
	struct fake_kvm f;
	struct fake_tdx t;
	struct ruleset rs;
	struct config cfg;
	const struct cpuid_set *host;	/* the model's (and the fake's) */
	struct check_result res;
	struct diag d;
};

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

/* A TDX host running the rule set's module, the example config. */
static void env_init(struct env *e)
{
	struct diag d;

	memset(e, 0, sizeof(*e));
	e->host = &host.cpuid;
	fake_kvm_init(&e->f);
	fake_tdx_attach(&e->f, &e->t, RULES, e->host);
	if (ruleset_load_embedded(RULES, &e->rs, &d))
		fail_msg("%s", d.msg);
	test_read_file(EXAMPLE, DUMP_AUTO, -1, &e->cfg);
	check_result_init(&e->res);
	diag_clear(&e->d);
}

static int env_probe(struct env *e)
{
	struct check_request req = {
		.config = &e->cfg,
		.host = e->host,
		.rules = &e->rs,
		.vmm = "none",
		.kvm = "mainline",
	};

	return tdx_probe(&e->f.sys, &req, &e->res, &e->d);
}

/* What `certify check` says of the same request. */
static void env_model(struct env *e, struct check_result *model)
{
	struct check_request req = {
		.config = &e->cfg,
		.host = e->host,
		.rules = &e->rs,
		.vmm = "none",
		.kvm = "mainline",
	};
	struct diag d;

	check_result_init(model);
	if (tdx_check(&req, model, &d))
		fail_msg("%s", d.msg);
}

static void env_release(struct env *e)
{
	check_result_release(&e->res);
	config_release(&e->cfg);
	ruleset_release(&e->rs);
	fake_kvm_release(&e->f);
	fake_tdx_release(&e->t);
}

static const char *fact(const struct check_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nfacts; i++)
		if (!strcmp(r->facts[i].key, key))
			return r->facts[i].value;
	fail_msg("no fact \"%s\"", key);
	return NULL;
}

static size_t mismatches(const struct check_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].class, PROBE_MISMATCH_CLASS))
			n++;
	return n;
}

/* The warnings that start with @prefix. */
static size_t warnings(const struct check_result *r, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < r->nwarnings; i++)
		if (!strncmp(r->warnings[i], prefix, strlen(prefix)))
			n++;
	return n;
}

static void expect_no_mismatch(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		if (strstr(r->warnings[i], PROBE_MISMATCH_CLASS))
			fail_msg("warning: %s", r->warnings[i]);
	assert_int_equal(mismatches(r), 0);
}

static size_t config_slots(void)
{
	struct tdx_rules rules;
	struct ruleset rs;
	struct diag d;
	size_t n;

	if (ruleset_load_embedded(RULES, &rs, &d) ||
	    tdx_rules_read(&rs, &rules, &d))
		fail_msg("%s", d.msg);
	n = rules.nconfig;
	tdx_rules_release(&rules);
	ruleset_release(&rs);
	return n;
}

/*
 * §7 item 7 on a platform that is the model: the probe runs, nothing
 * differs, the TD's CPUID read back is the model's final CPUID, and the
 * platform is recorded.  Both buffers start small and grow on -E2BIG
 * (§3.3, §3.5).
 */
static void test_example_agrees(void **state)
{
	struct check_result model;
	struct env e;
	char want[64];

	(void)state;
	env_init(&e);
	assert_int_equal(env_probe(&e), 0);
	env_model(&e, &model);

	assert_true(e.res.hardware);
	expect_no_mismatch(&e.res);
	assert_int_equal(e.res.status.code, 0);
	assert_int_equal(e.res.outcome, model.outcome);
	assert_true(cpuid_set_equal(&e.res.final, &model.final));
	assert_int_equal(e.res.nfindings, model.nfindings);

	/* Facts: KVM_CAP_VM_TYPES bit n is type n, default 0 and TDX 5
	 * (§3.2); KVM offers SEPT_VE_DISABLE only (bit 28, §3.3). */
	assert_string_equal(fact(&e.res, "kernel"), e.f.release);
	assert_string_equal(fact(&e.res, "vm types"), "0x21");
	assert_string_equal(fact(&e.res, "supported_attrs"),
			    "0x0000000010000000");
	assert_non_null(strstr(fact(&e.res, "tdx module"), RULES));
	assert_non_null(strstr(fact(&e.res, "tdx module"),
			       "does not report"));
	assert_int_equal(strncmp(fact(&e.res, "host family/model/stepping"),
				 "0x000a06d1", 10), 0);
	fact(&e.res, "supported_xfam");
	snprintf(want, sizeof(want), "%zu", config_slots());
	assert_string_equal(fact(&e.res, "capabilities cpuid entries"), want);
	assert_string_equal(fact(&e.res, "KVM_TDX_INIT_VM"), "0");
	/* The example asks for GPAW 52; KVM reports it, the module not. */
	assert_int_equal(strncmp(fact(&e.res, "gpaw"), "52 ", 3), 0);
	snprintf(want, sizeof(want), "%u", e.t.get_cpuid_nent);
	assert_string_equal(fact(&e.res, "td cpuid entries"), want);

	/* The buffers grew; one TD, one vCPU, torn down. */
	assert_true(e.t.caps_e2big >= 1);
	assert_true(e.t.caps_first_nent < config_slots());
	assert_true(e.t.get_cpuid_calls >= 2);
	assert_true(e.t.get_cpuid_first_nent < e.t.get_cpuid_nent);
	assert_int_equal(e.t.tds, 1);
	assert_int_equal(e.t.init_vcpus, 1);
	assert_int_equal(e.f.open_fds, 0);

	check_result_release(&model);
	env_release(&e);
}

/* 6.16's KVM_TDX_CAPABILITIES does not write the count back on -E2BIG. */
static void test_caps_growth_without_count(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	e.t.caps_no_count = true;
	assert_int_equal(env_probe(&e), 0);
	assert_true(e.t.caps_e2big >= 1);
	expect_no_mismatch(&e.res);
	assert_int_equal(e.t.tds, 1);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/*
 * §2.4: x2APIC (1.ECX[21]) is not configurable, so TDH.MNG.INIT fails with
 * TDX_OPERAND_INVALID | CPUID_CONFIG (0xC000010000000045); §3.4 step 6:
 * KVM returns -EINVAL with that in hw_error but drops RCX, and the probe
 * names the leaf the model names, leaf 1.
 */
static void test_x2apic_rejected(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	test_set_bit(&e.cfg.cpuid, 1, 0, CPUID_REG_ECX, 21, true);
	assert_int_equal(env_probe(&e), 0);
	assert_true(e.res.hardware);
	assert_int_equal(e.res.outcome, OUTCOME_REJECTED);
	assert_true(e.res.status.code == 0xC000010000000045ull);
	assert_string_equal(e.res.status.layer, "tdx-module");
	assert_true(e.res.status.has_leaf);
	assert_int_equal(e.res.status.leaf, 1);
	assert_false(e.res.status.has_subleaf);
	assert_string_equal(fact(&e.res, "KVM_TDX_INIT_VM"),
			    "-EINVAL, hw_error 0xc000010000000045");
	expect_no_mismatch(&e.res);
	/* No TD, so no vCPU; everything closed. */
	assert_int_equal(e.t.init_vms, 1);
	assert_int_equal(e.t.tds, 0);
	assert_int_equal(e.t.get_cpuid_calls, 0);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/*
 * §3.4 step 5: KVM itself refuses TSX (7.0.EBX HLE, bit 4) with -EINVAL
 * and no hw_error; the model says the same, so its status stands.
 */
static void test_kvm_refusal_agrees(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	test_set_bit(&e.cfg.cpuid, 7, 0, CPUID_REG_EBX, 4, true);
	assert_int_equal(env_probe(&e), 0);
	assert_int_equal(e.res.outcome, OUTCOME_REJECTED);
	assert_string_equal(e.res.status.layer, "kvm");
	assert_int_equal(e.res.status.code, EINVAL);
	assert_string_equal(fact(&e.res, "KVM_TDX_INIT_VM"),
			    "-EINVAL, hw_error 0x0000000000000000");
	expect_no_mismatch(&e.res);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/*
 * A module that differs from the model: the TD's CPUID comes back with
 * 1.ECX MONITOR (bit 3) and FMA (bit 12) flipped, and OSXSAVE (bit 27),
 * which the module computes at each CPUID exit (§2.6).  The two launch
 * bits are model-mismatch findings with the hardware's values; OSXSAVE
 * is not compared, since GET_CPUID does not say what the guest reads.
 */
static void test_deviation_is_mismatch(void **state)
{
	const uint32_t flipped = 1u << 3 | 1u << 12;
	const struct cpuid_entry *hw, *mod;
	const struct finding *f;
	struct check_result model;
	struct env e;
	unsigned int bit;

	(void)state;
	env_init(&e);
	e.t.cpuid_xor = (struct fake_tdx_xor){
		.on = true, .leaf = 1, .reg = CPUID_REG_ECX,
		.mask = flipped | 1u << 27,
	};
	assert_int_equal(env_probe(&e), 0);
	env_model(&e, &model);

	assert_int_equal(mismatches(&e.res), 2);
	assert_int_equal(warnings(&e.res, "2 bits of what the hardware "
					  "reported differ from the model"), 1);
	hw = cpuid_set_find(&e.res.final, 1, false, 0);
	mod = cpuid_set_find(&model.final, 1, false, 0);
	assert_non_null(hw);
	assert_non_null(mod);
	assert_int_equal(hw->regs[CPUID_REG_ECX] ^ mod->regs[CPUID_REG_ECX],
			 flipped);
	assert_true(hw->unknown[CPUID_REG_ECX] & 1u << 27);
	for (bit = 3; bit <= 12; bit += 9) {
		uint32_t want = !((mod->regs[CPUID_REG_ECX] >> bit) & 1);

		f = test_find(&e.res, 1, 0, CPUID_REG_ECX, bit);
		assert_string_equal(f->class, PROBE_MISMATCH_CLASS);
		assert_string_equal(f->layer, "hardware");
		assert_true(f->has_final);
		assert_int_equal(f->final, want);
		assert_non_null(strstr(f->note, "the model predicted"));
	}
	f = test_find(&e.res, 1, 0, CPUID_REG_ECX, 27);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_false(f->has_final);
	/* The launch itself agreed. */
	assert_int_equal(e.res.status.code, 0);
	assert_int_equal(e.f.open_fds, 0);

	check_result_release(&model);
	env_release(&e);
}

/*
 * A module that fails where the model accepts: the hardware's code is the
 * status, without a leaf (KVM drops RCX), and a model-mismatch warning.
 */
static void test_hw_error_differs(void **state)
{
	const uint64_t xfam_invalid = TDX_OPERAND_INVALID |
				      TDX_OPERAND_ID_XFAM;
	struct env e;

	(void)state;
	env_init(&e);
	e.t.mng_init_status = xfam_invalid;
	assert_int_equal(env_probe(&e), 0);
	assert_int_equal(e.res.outcome, OUTCOME_REJECTED);
	assert_true(e.res.status.code == xfam_invalid);
	assert_string_equal(e.res.status.layer, "tdx-module");
	assert_string_equal(e.res.status.name, "TDX_OPERAND_INVALID");
	assert_false(e.res.status.has_leaf);
	assert_non_null(strstr(e.res.status.message, "operand XFAM"));
	assert_int_equal(warnings(&e.res, "model-mismatch: KVM_TDX_INIT_VM "
					  "fails with -EINVAL, hw_error "
					  "0xc000010000000041; the model "
					  "predicted success"), 1);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/*
 * A module that accepts what the model rejects: success is the status, a
 * model-mismatch warning quotes the model, and the TD's CPUID is read.
 */
static void test_hw_accepts(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	test_set_bit(&e.cfg.cpuid, 1, 0, CPUID_REG_ECX, 21, true);
	e.t.mng_init_accepts = true;
	assert_int_equal(env_probe(&e), 0);
	assert_int_equal(e.res.status.code, 0);
	assert_false(e.res.status.has_leaf);
	assert_int_not_equal(e.res.outcome, OUTCOME_REJECTED);
	assert_int_equal(warnings(&e.res, "model-mismatch: the model "
					  "predicted that KVM_TDX_INIT_VM "
					  "fails (tdx-module 0xc000010000000045"),
			 1);
	assert_int_equal(e.t.tds, 1);
	assert_int_equal(e.t.get_cpuid_calls >= 1, 1);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/* When the TD's CPUID cannot be read, the final CPUID is the model's. */
static void test_get_cpuid_fails(void **state)
{
	struct check_result model;
	struct env e;

	(void)state;
	env_init(&e);
	e.t.get_cpuid_errno = EIO;
	assert_int_equal(env_probe(&e), 0);
	env_model(&e, &model);
	assert_true(e.res.hardware);
	assert_int_equal(warnings(&e.res, "KVM_TDX_GET_CPUID fails with -EIO"),
			 1);
	expect_no_mismatch(&e.res);
	assert_true(cpuid_set_equal(&e.res.final, &model.final));
	assert_int_equal(e.t.init_vcpus, 1);
	assert_int_equal(e.f.open_fds, 0);
	check_result_release(&model);
	env_release(&e);
}

/* The hardware's KVM_TDX_CAPABILITIES is compared with the model's. */
static void test_caps_differ(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	e.t.caps_xfam_xor = 1ull << 9;
	e.t.caps_xor = (struct fake_tdx_xor){
		.on = true, .leaf = 7, .subleaf = 0, .reg = CPUID_REG_EBX,
		.mask = 1u << 2,
	};
	assert_int_equal(env_probe(&e), 0);
	assert_int_equal(warnings(&e.res, "model-mismatch: "
					  "KVM_TDX_CAPABILITIES reports "
					  "supported_xfam"), 1);
	assert_int_equal(warnings(&e.res, "model-mismatch: "
					  "KVM_TDX_CAPABILITIES CPUID 0x7.0x0 "
					  "ebx"), 1);
	/* The launch is unaffected: nothing else differs. */
	assert_int_equal(mismatches(&e.res), 0);
	assert_int_equal(e.f.open_fds, 0);
	env_release(&e);
}

/* tdx.tsc_frequency goes to KVM_SET_TSC_KHZ, in 25 MHz units (§3.4). */
static void test_tsc_frequency(void **state)
{
	size_t len;
	char *text = test_slurp(EXAMPLE_FILE, &len);
	char *full = malloc(len + 64);
	struct env e;

	(void)state;
	assert_non_null(full);
	memcpy(full, text, len);
	strcpy(full + len, "\ntdx.tsc_frequency = 80\n");
	env_init(&e);
	config_release(&e.cfg);
	if (test_read_text(full, DUMP_CONFIG, -1, &e.cfg, &e.d))
		fail_msg("%s", e.d.msg);
	assert_int_equal(env_probe(&e), 0);
	assert_int_equal(e.t.tsc_khz, 80 * 25000);
	expect_no_mismatch(&e.res);
	assert_int_equal(e.t.tds, 1);
	env_release(&e);
	free(full);
	free(text);
}

static void expect_environment(struct env *e, const char *msg)
{
	assert_int_equal(env_probe(e), PROBE_ENVIRONMENT);
	assert_string_equal(e->d.msg, msg);
	assert_int_equal(e->f.open_fds, 0);
	assert_int_equal(e->t.init_vms, 0);
}

/* kvm_open's words (certify/kvm.c). */
static void test_no_device(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	e.f.no_device = true;
	expect_environment(&e, "/dev/kvm: absent: this kernel has no KVM, "
			       "or its module (kvm_intel or kvm_amd) is not "
			       "loaded, or this is a container without the "
			       "device");
	env_release(&e);
}

static void test_no_permission(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	e.f.no_permission = true;
	expect_environment(&e, "/dev/kvm: no permission to open it: run as "
			       "root or as a member of its group (usually "
			       "kvm)");
	env_release(&e);
}

/* §3.1-3.2: mainline TDX is VM type 5, advertised in KVM_CAP_VM_TYPES. */
static void test_no_tdx_vm_type(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	e.t.abi = FAKE_TDX_NONE;
	expect_environment(&e, "/dev/kvm: KVM does not create TDX VMs "
			       "(KVM_CAP_VM_TYPES 0x1: no bit 5): the kernel "
			       "predates 6.16, kvm_intel.tdx is off, or the "
			       "TDX module is not loaded");
	env_release(&e);
}

/* §3.1: the out-of-tree kernels made TDX VMs of type 2. */
static void test_old_abi(void **state)
{
	static const struct {
		enum fake_tdx_abi abi;
		const char *types;
	} cases[] = {
		{ FAKE_TDX_OLD, "KVM_CAP_VM_TYPES 0x5" },
		{ FAKE_TDX_OLD_NO_CAP, "no KVM_CAP_VM_TYPES" },
	};
	char msg[512];
	struct env e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		env_init(&e);
		e.t.abi = cases[i].abi;
		snprintf(msg, sizeof(msg), "/dev/kvm: unsupported out-of-tree "
			 "TDX ABI: this kernel creates VMs of type 2 on an "
			 "Intel host (%s), as the out-of-tree TDX kernels did "
			 "(KVM_X86_TDX_VM 2, Intel/Canonical 6.8-based); "
			 "certify speaks the mainline ABI of Linux 6.16 and "
			 "later (VM type 5)", cases[i].types);
		expect_environment(&e, msg);
		env_release(&e);
	}
}

/* On an AMD host type 2 is an SEV VM: never taken for old TDX. */
static void test_type2_on_amd_is_not_tdx(void **state)
{
	struct config amd;
	struct env e;

	(void)state;
	test_read_file(EPYC, DUMP_AUTO, -1, &amd);
	env_init(&e);
	e.host = &amd.cpuid;
	e.t.abi = FAKE_TDX_OLD;
	expect_environment(&e, "/dev/kvm: KVM does not create TDX VMs "
			       "(KVM_CAP_VM_TYPES 0x5: no bit 5): the kernel "
			       "predates 6.16, kvm_intel.tdx is off, or the "
			       "TDX module is not loaded");
	env_release(&e);
	config_release(&amd);
}

/* A TDX probe needs a config: nothing is opened without one. */
static void test_no_config(void **state)
{
	struct check_request req = { .rules = NULL };
	struct env e;

	(void)state;
	env_init(&e);
	req.host = e.host;
	req.rules = &e.rs;
	assert_int_equal(tdx_probe(&e.f.sys, &req, &e.res, &e.d),
			 PROBE_BAD_INPUT);
	assert_string_equal(e.d.msg, "certify: probe --platform tdx needs a "
				     "config (the KVM_TDX_INIT_VM request)");
	assert_int_equal(e.f.open_fds, 0);
	assert_int_equal(e.f.calls, 0);
	env_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_agrees),
		cmocka_unit_test(test_caps_growth_without_count),
		cmocka_unit_test(test_x2apic_rejected),
		cmocka_unit_test(test_kvm_refusal_agrees),
		cmocka_unit_test(test_deviation_is_mismatch),
		cmocka_unit_test(test_hw_error_differs),
		cmocka_unit_test(test_hw_accepts),
		cmocka_unit_test(test_get_cpuid_fails),
		cmocka_unit_test(test_caps_differ),
		cmocka_unit_test(test_tsc_frequency),
		cmocka_unit_test(test_no_device),
		cmocka_unit_test(test_no_permission),
		cmocka_unit_test(test_no_tdx_vm_type),
		cmocka_unit_test(test_old_abi),
		cmocka_unit_test(test_type2_on_amd_is_not_tdx),
		cmocka_unit_test(test_no_config),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
