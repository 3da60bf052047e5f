// SPDX-License-Identifier: MIT
/*
 * certify probe --platform kvm and its capture (kvm/kvm_probe.c,
 * kvm/kvm_capture.c, kvm/kvm_guest.c) on the fake kernel: the probe
 * guest's marshalling, KVM_SET_CPUID2's refusals, the model cross-check,
 * and a capture that makes the offline check predict the probe bit for
 * bit.  The fake (fake_guest.c) answers as Linux v6.18 KVM does; its
 * "below" hook plays an outer hypervisor, as on the nested build
 * machines where leaves 1, 7 and 0xD come from the layer under KVM.
 * The same path on real /dev/kvm: tests/e2e/test_cmd_probe_kvm.sh.
 */
#include <errno.h>
#include <string.h>

#include "testlib.h"
#include "certify/probe.h"
#include "certify/strbuf.h"
#include "fake_guest.h"
#include "fake_kvm.h"
#include "kvm/kvm_capture.h"
#include "kvm/kvm_check.h"
#include "kvm/kvm_probe.h"

struct env {
	struct fake_kvm f;
	struct fake_guest g;
	struct ruleset rules;
	struct config cfg;
};

static const char config_text[] =
	"0x00000000 0x00: eax=0x0000000d ebx=0x68747541 ecx=0x444d4163 "
	"edx=0x69746e65\n"
	"0x00000001 0x00: eax=0x00a10f11 ebx=0x00020800 ecx=0x7ed8320b "
	"edx=0x178bfbff\n"
	"0x00000007 0x00: eax=0x00000001 ebx=0xf1bf07ab ecx=0x00405fc6 "
	"edx=0x00000110\n"
	"0x0000000d 0x00: eax=0x000000e7 ebx=0x00000980 ecx=0x00000980 "
	"edx=0x0\n"
	"0x0000000d 0x01: eax=0x0000000f ebx=0x000009a8 ecx=0x00001800 "
	"edx=0x0\n"
	"0x80000000 0x00: eax=0x80000008 ebx=0x0 ecx=0x0 edx=0x0\n"
	"0x80000008 0x00: eax=0x00003030 ebx=0x0 ecx=0x0 edx=0x0\n";

/* KVM_GET_SUPPORTED_CPUID of the fake: fewer features than asked. */
static const char supported_text[] =
	"0x00000000 0x00: eax=0x0000000d ebx=0x68747541 ecx=0x444d4163 "
	"edx=0x69746e65\n"
	"0x00000001 0x00: eax=0x00a10f11 ebx=0x0 ecx=0x76d81203 "
	"edx=0x178bfbff\n"
	"0x00000007 0x00: eax=0x00000001 ebx=0xf1bf03ab ecx=0x00005f46 "
	"edx=0x00000110\n"
	"0x0000000d 0x00: eax=0x000000e7 ebx=0x00000980 ecx=0x00000980 "
	"edx=0x0\n"
	"0x80000008 0x00: eax=0x00003030 ebx=0x0 ecx=0x0 edx=0x0\n";

/* An outer hypervisor that answers leaf 7.0 EBX itself and hides bit 1
 * of 1.ECX. */
static void outer(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	if (leaf == 7 && subleaf == 0)
		r[1] = 0xf1bf03ab;
	if (leaf == 1)
		r[2] &= ~2u;
}

static void read_set(const char *text, struct cpuid_set *out)
{
	struct config c;
	struct diag d;

	config_init(&c);
	if (test_read_text(text, DUMP_CONFIG, -1, &c, &d))
		fail_msg("%s", d.msg);
	if (cpuid_set_copy(out, &c.cpuid))
		fail_msg("out of memory");
	config_release(&c);
}

static void env_init(struct env *e, fake_below_fn below)
{
	struct diag d;

	memset(e, 0, sizeof(*e));
	fake_kvm_init(&e->f);
	fake_guest_attach(&e->f, &e->g);
	e->g.below = below;
	read_set(supported_text, &e->f.supported);
	config_init(&e->cfg);
	if (test_read_text(config_text, DUMP_CONFIG, -1, &e->cfg, &d))
		fail_msg("%s", d.msg);
	if (ruleset_load_embedded("kvm-6.18", &e->rules, &d))
		fail_msg("%s", d.msg);
}

static void env_release(struct env *e)
{
	/* Everything the code opened it closed. */
	assert_int_equal(e->f.open_fds, 0);
	fake_kvm_release(&e->f);
	fake_guest_release(&e->g);
	config_release(&e->cfg);
	ruleset_release(&e->rules);
}

static int probe(struct env *e, const struct ruleset *rs,
		 struct check_result *res, struct diag *d)
{
	struct check_request req = { .config = &e->cfg, .rules = rs,
				     .vmm = "none", .kvm = "mainline" };

	check_result_init(res);
	diag_clear(d);
	return kvm_probe(&e->f.sys, &req, res, d);
}

static const char *fact(const struct check_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nfacts; i++)
		if (!strcmp(r->facts[i].key, key))
			return r->facts[i].value;
	fail_msg("no fact '%s'", key);
	return NULL;
}

static size_t mismatches(const struct check_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		n += !strcmp(r->findings[i].class, PROBE_MISMATCH_CLASS);
	return n;
}

static void test_no_device(void **state)
{
	struct check_result res;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, NULL);
	e.f.no_device = true;
	assert_int_equal(probe(&e, &e.rules, &res, &d), PROBE_ENVIRONMENT);
	assert_string_equal(d.msg, "/dev/kvm: absent: this kernel has no KVM, "
			    "or its module (kvm_intel or kvm_amd) is not "
			    "loaded, or this is a container without the "
			    "device");
	check_result_release(&res);
	e.f.no_device = false;
	e.f.no_permission = true;
	assert_int_equal(probe(&e, &e.rules, &res, &d), PROBE_ENVIRONMENT);
	assert_string_equal(d.msg, "/dev/kvm: no permission to open it: run "
			    "as root or as a member of its group (usually "
			    "kvm)");
	check_result_release(&res);
	env_release(&e);
}

/* The probe reads what the guest reads, marks it hardware, and agrees
 * with the model where nothing under KVM interferes. */
static void test_probe_plain(void **state)
{
	const struct cpuid_entry *seven;
	struct check_result res;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, NULL);
	assert_int_equal(probe(&e, &e.rules, &res, &d), 0);
	assert_true(res.hardware);
	assert_int_equal(e.g.set_cpuid, 1);
	assert_int_equal(e.g.runs, 1);
	assert_string_equal(res.platform, "kvm");
	assert_string_equal(fact(&res, "kernel"), "6.18.0-fake");
	assert_string_equal(fact(&res, "model"),
			    "agrees with every bit the guest read");
	assert_string_equal(fact(&res, "supported lists"),
			    "this machine's KVM (the rule set has none)");
	assert_int_equal(mismatches(&res), 0);
	/* What the guest read: OSXSAVE 0 (bit 27 of 0x7ed8320b), 0xD.0
	 * EBX 576, 0xD.1 EBX 576 (XSAVES set). */
	assert_int_equal(cpuid_set_lookup(&res.final, 1, 0)->regs[2],
			 0x76d8320b);
	assert_int_equal(cpuid_set_lookup(&res.final, 0xd, 0)->regs[1], 0x240);
	assert_int_equal(cpuid_set_lookup(&res.final, 0xd, 1)->regs[1], 0x240);
	seven = cpuid_set_lookup(&res.final, 7, 0);
	assert_int_equal(seven->regs[1], 0xf1bf07ab);
	/* 7.0.EBX bit 10 (INVPCID) is not in the fake's supported list. */
	assert_int_equal(test_find(&res, 7, 0, CPUID_REG_EBX, 10)->verdict,
			 VERDICT_UNTRUSTED);
	assert_int_equal(test_find(&res, 1, 0, CPUID_REG_ECX, 27)->verdict,
			 VERDICT_RUNTIME);
	check_result_release(&res);
	env_release(&e);
}

/* An outer hypervisor the model does not know of: every bit it changes
 * is a model-mismatch finding with the hardware's value. */
static void test_probe_mismatch(void **state)
{
	const struct finding *f;
	struct check_result res;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, outer);
	assert_int_equal(probe(&e, &e.rules, &res, &d), 0);
	/* 7.0.EBX: 0xf1bf07ab -> 0xf1bf03ab (bit 10); 1.ECX bit 1. */
	assert_string_equal(fact(&res, "model"), "2 bits differ");
	assert_int_equal(mismatches(&res), 2);
	f = test_find(&res, 7, 0, CPUID_REG_EBX, 10);
	assert_string_equal(f->class, PROBE_MISMATCH_CLASS);
	assert_int_equal(f->final, 0);
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_string_equal(f->layer, "hardware");
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 1);
	assert_string_equal(f->class, PROBE_MISMATCH_CLASS);
	assert_int_equal(res.outcome, OUTCOME_ACCEPTED_WITH_CHANGES);
	check_result_release(&res);
	env_release(&e);
}

/* A capture on the fake, then the check predicts the probe exactly. */
static void test_capture_predicts(void **state)
{
	struct cpuid_set host = CPUID_SET_INIT;
	struct strbuf out = STRBUF_INIT;
	struct kvm_capture_stats st;
	struct check_result res, offline;
	struct ruleset cap;
	struct input in;
	struct kvm k;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, outer);
	read_set(config_text, &host);
	assert_int_equal(kvm_open(&k, &e.f.sys, &d), 0);
	assert_int_equal(kvm_capture(&k, &e.rules, &host, "fake-cap", &out, &st,
				     &d), 0);
	kvm_close(&k);
	/* Two guests per register of every probed entry. */
	assert_true(st.entries > host.n);
	assert_int_equal(st.guests, st.entries * 8);
	assert_int_equal(st.refused, 0);
	/* It learned the outer hypervisor: 7.0.EBX fixed, 1.ECX bit 1 0. */
	assert_non_null(strstr(strbuf_str(&out), "\nbelow 0x00000007 0x0 "
			       "ebx=0x0e40fc54/0xf1bf03ab\n"));
	assert_non_null(strstr(strbuf_str(&out), "\nbelow 0x00000001 - "
			       "ecx=0x00000002/0x00000000\n"));
	assert_non_null(strstr(strbuf_str(&out), "\nsupported 0x00000007 0x0 "
			       "0x00000001 0xf1bf03ab 0x00005f46 "
			       "0x00000110\n"));
	assert_non_null(strstr(strbuf_str(&out), "\nfact kernel 6.18.0-fake\n"));
	assert_int_equal(input_from_buffer(&in, "fake-cap.rules",
					   strbuf_str(&out), out.len), 0);
	if (ruleset_parse(&in, "fake-cap.rules", &cap, &d))
		fail_msg("%s", d.msg);
	input_release(&in);
	/* The probe with the capture: no disagreement. */
	assert_int_equal(probe(&e, &cap, &res, &d), 0);
	assert_string_equal(fact(&res, "model"),
			    "agrees with every bit the guest read");
	assert_string_equal(fact(&res, "supported lists"),
			    "the rule set's capture");
	assert_int_equal(mismatches(&res), 0);
	/* Offline, the same final CPUID. */
	{
		struct check_request req = { .config = &e.cfg, .rules = &cap,
					     .vmm = "none",
					     .kvm = "mainline" };

		check_result_init(&offline);
		assert_int_equal(kvm_check(&req, &offline, &d), 0);
	}
	assert_true(cpuid_set_equal(&offline.final, &res.final));
	assert_int_equal(test_find(&offline, 7, 0, CPUID_REG_EBX, 10)->verdict,
			 VERDICT_DROPPED);
	assert_string_equal(test_find(&offline, 7, 0, CPUID_REG_EBX,
				      10)->class, "below-kvm");
	check_result_release(&offline);
	check_result_release(&res);
	ruleset_release(&cap);
	strbuf_release(&out);
	cpuid_set_release(&host);
	env_release(&e);
}

/* KVM refuses: the status is KVM_SET_CPUID2's, no guest runs. */
static void test_refusal(void **state)
{
	struct check_result res;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, NULL);
	test_set_bit(&e.cfg.cpuid, 0x80000008, 0, CPUID_REG_EAX, 8, true);
	assert_int_equal(probe(&e, &e.rules, &res, &d), 0);
	assert_int_equal(e.g.runs, 0);
	assert_int_equal(res.status.code, EINVAL);
	assert_string_equal(fact(&res, "model"), "predicted the refusal");
	assert_int_equal(res.outcome, OUTCOME_REJECTED);
	check_result_release(&res);
	env_release(&e);
}

/*
 * The model says -EPERM for AMX tile data (the supported list lacks it)
 * but this host grants the permission: the status is the hardware's and
 * a warning names the mismatch.
 */
static void test_status_mismatch(void **state)
{
	struct check_result res;
	struct env e;
	struct diag d;
	size_t i;
	bool warned = false;

	(void)state;
	env_init(&e, NULL);
	e.g.amx = true;
	test_set_bit(&e.cfg.cpuid, 0xd, 0, CPUID_REG_EAX, 18, true);
	assert_int_equal(probe(&e, &e.rules, &res, &d), 0);
	assert_int_equal(res.status.code, 0);
	assert_string_equal(res.status.name, "SUCCESS");
	assert_non_null(strstr(res.status.message, "KVM_SET_CPUID2 takes the "
			       "table; the model predicted a refusal: "));
	for (i = 0; i < res.nwarnings; i++)
		warned |= strstr(res.warnings[i], PROBE_MISMATCH_CLASS) != NULL;
	assert_true(warned);
	assert_int_equal(e.g.runs, 1);
	check_result_release(&res);
	env_release(&e);
}

static void test_guest_fails(void **state)
{
	struct check_result res;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, NULL);
	e.g.exit_reason = CERTIFY_KVM_EXIT_SHUTDOWN;
	assert_int_equal(probe(&e, &e.rules, &res, &d), PROBE_ENVIRONMENT);
	assert_string_equal(d.msg, "/dev/kvm: the probe guest stopped with "
			    "exit reason 8, not HLT");
	check_result_release(&res);
	env_release(&e);
}

/* A host whose own table KVM refuses: every probe refused, said so. */
static void test_capture_refused(void **state)
{
	struct cpuid_set host = CPUID_SET_INIT;
	struct strbuf out = STRBUF_INIT;
	struct kvm_capture_stats st;
	struct kvm k;
	struct env e;
	struct diag d;

	(void)state;
	env_init(&e, NULL);
	read_set("0x0000000d 0x00: eax=0x00060007 ebx=0x0 ecx=0x0 edx=0x0\n",
		 &host);
	assert_int_equal(kvm_open(&k, &e.f.sys, &d), 0);
	assert_int_equal(kvm_capture(&k, &e.rules, &host, "x", &out, &st, &d),
			 0);
	kvm_close(&k);
	assert_int_equal(st.refused, st.guests);
	assert_non_null(strstr(strbuf_str(&out), "# 0x0000000d 0x0 eax: KVM "
			       "refused a probe; taken as passing\n"));
	strbuf_release(&out);
	cpuid_set_release(&host);
	env_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_device),
		cmocka_unit_test(test_probe_plain),
		cmocka_unit_test(test_probe_mismatch),
		cmocka_unit_test(test_capture_predicts),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_status_mismatch),
		cmocka_unit_test(test_guest_fails),
		cmocka_unit_test(test_capture_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
