// SPDX-License-Identifier: MIT
/*
 * certify/cli/check_run.c: one check from raw inputs to a report, as
 * `certify check`, `certify probe` and `verify --reproduce` run it.  What
 * a report must record is README "Signed reports" (the rule set by name
 * and digest, the inputs with their digests and bytes); the errors are the
 * contract's: bad input is file:line, a probe without hardware says what
 * is missing (exit 4).
 */
#include <string.h>

#include "testlib.h"
#include "certify/cli/check_run.h"
#include "fake_guest.h"
#include "fake_kvm.h"
#include "reports/cose.h"

/* As the command line names them. */
static void embedded_input_of(const char *name, struct input *in)
{
	struct diag d;

	if (input_load(in, name, &d))
		fail_msg("%s", d.msg);
}

static void text_input(const char *name, const char *text, struct input *in)
{
	assert_int_equal(input_from_buffer(in, name, text, strlen(text)), 0);
}

static void test_tdx_report(void **state)
{
	struct check_spec s = { .platform = "tdx", .vmm = "none",
				.kvm = "mainline", .host_cpu = -1,
				.has_iat = true, .iat = 1700000000 };
	struct input config, host;
	struct ruleset rs, embedded;
	uint8_t digest[32];
	struct report rep;
	struct diag d;

	(void)state;
	embedded_input_of("embedded:tdx-example", &config);
	embedded_input_of("embedded:intel-xeon-6788p", &host);
	s.config = &config;
	s.host = &host;
	report_init(&rep);
	if (check_run(&s, &rep, &rs, &d))
		fail_msg("%s", d.msg);
	/* The newest embedded module, named and digested. */
	assert_string_equal(rep.res.platform, "tdx");
	assert_string_equal(rep.res.ruleset, "tdx-2.0.18");
	assert_true(rep.ruleset_embedded);
	assert_int_equal(ruleset_load_embedded("tdx-2.0.18", &embedded, &d), 0);
	assert_int_equal(cose_sha256(embedded.bytes, embedded.len, digest), 0);
	assert_memory_equal(rep.ruleset_sha256, digest, 32);
	/* Inputs in order, with their bytes. */
	assert_int_equal(rep.ninputs, 2);
	assert_string_equal(rep.inputs[0].role, "config");
	assert_int_equal(rep.inputs[0].len, config.len);
	assert_string_equal(rep.inputs[1].role, "host");
	assert_true(rep.has_iat);
	assert_int_equal(rep.iat, 1700000000);
	assert_false(rep.res.hardware);
	report_release(&rep);
	ruleset_release(&rs);
	ruleset_release(&embedded);
	input_release(&config);
	input_release(&host);
}

static void test_errors(void **state)
{
	struct check_spec s = { .platform = "nope", .vmm = "none",
				.kvm = "mainline", .host_cpu = -1 };
	struct input config, rules;
	struct report rep;
	struct ruleset rs;
	struct diag d;

	(void)state;
	text_input("a.cfg", "0x00000001 0x00: eax=0x0 ebx=0x0 ecx=0x0 "
		   "edx=0x0\n", &config);
	s.config = &config;
	report_init(&rep);
	assert_int_equal(check_run(&s, &rep, &rs, &d), -1);
	assert_string_equal(d.msg, "certify: unknown platform 'nope'");
	report_release(&rep);
	ruleset_release(&rs);

	/* A rule-set file of another platform. */
	text_input("t.rules", "ruleset t\nplatform kvm\nversion 1\nsource s\n"
		   "special MAX_ENTRIES refusal f.c text\n", &rules);
	s.platform = "tdx";
	s.rules_file = &rules;
	report_init(&rep);
	assert_int_equal(check_run(&s, &rep, &rs, &d), -1);
	assert_string_equal(d.msg, "t.rules:2: rule set t is for platform "
			    "kvm, not tdx");
	report_release(&rep);
	ruleset_release(&rs);
	input_release(&config);

	/* A config that does not read: file:line. */
	text_input("b.cfg", "0x00000001 0x00: eax=zz\n", &config);
	s.platform = "kvm";
	s.config = &config;
	report_init(&rep);
	assert_int_equal(check_run(&s, &rep, &rs, &d), -1);
	assert_non_null(strstr(d.msg, "b.cfg:1: "));
	report_release(&rep);
	ruleset_release(&rs);
	input_release(&config);
	input_release(&rules);
}

/* A probe: hardware-marked when the kernel has KVM, 1 when it has not. */
static void test_probe(void **state)
{
	struct check_spec s = { .platform = "kvm", .vmm = "none",
				.kvm = "mainline", .host_cpu = -1,
				.probe = true };
	struct fake_guest g = { 0 };
	struct fake_kvm f;
	struct input config;
	struct report rep;
	struct ruleset rs;
	struct diag d;

	(void)state;
	fake_kvm_init(&f);
	fake_guest_attach(&f, &g);
	s.sys = &f.sys;
	text_input("a.cfg", "0x00000002 0x00: eax=0x1 ebx=0x2 ecx=0x3 "
		   "edx=0x4\n", &config);
	s.config = &config;
	report_init(&rep);
	if (check_run(&s, &rep, &rs, &d))
		fail_msg("%s", d.msg);
	assert_true(rep.res.hardware);
	assert_int_equal(g.runs, 1);
	assert_int_equal(cpuid_set_lookup(&rep.res.final, 2, 0)->regs[3], 4);
	report_release(&rep);
	ruleset_release(&rs);

	f.no_device = true;
	report_init(&rep);
	assert_int_equal(check_run(&s, &rep, &rs, &d), 1);
	assert_non_null(strstr(d.msg, "/dev/kvm: absent"));
	report_release(&rep);
	ruleset_release(&rs);
	assert_int_equal(f.open_fds, 0);
	fake_kvm_release(&f);
	fake_guest_release(&g);
	input_release(&config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tdx_report),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
