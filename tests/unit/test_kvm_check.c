// SPDX-License-Identifier: MIT
/*
 * The KVM model and check (kvm/kvm_model.c, kvm/kvm_check.c).  Expected
 * values come from Linux v6.18 as models/kvm/kvm-6.18.rules cites it:
 *  - kvm_vcpu_ioctl_set_cpuid2: more than 256 entries, -E2BIG;
 *  - kvm_check_cpuid: 0x80000008 EAX[15:8] other than 0, 48, 57, -EINVAL;
 *    0xD.0 EAX bit 18 (AMX tile data) without arch_prctl permission,
 *    -EPERM;
 *  - kvm_update_cpuid_runtime, for a vCPU at reset (CR4 = 0, XCR0 = 1,
 *    XSS = 0, APIC base 0xFEE00900): OSXSAVE 0, OSPKE 0, APIC 1, 0xD.0
 *    EBX 576 (0x240), 0xD.1 EBX 576 only with XSAVES or XSAVEC;
 *  - KVM_GET_EMULATED_CPUID: MOVBE (1.ECX bit 22), RDPID (7.0.ECX 22).
 */
#include <errno.h>
#include <string.h>

#include "testlib.h"
#include "certify/strbuf.h"
#include "kvm/kvm_check.h"
#include "kvm/kvm_model.h"
#include "kvm/kvm_rules.h"

#define HEADER "ruleset cap\nplatform kvm\nversion 6.18\nsource test\n"

static void parse_rules(const char *text, struct ruleset *rs)
{
	struct input in;
	struct diag d;

	assert_int_equal(input_from_buffer(&in, "cap.rules", text,
					   strlen(text)), 0);
	diag_clear(&d);
	if (ruleset_parse(&in, "cap.rules", rs, &d))
		fail_msg("%s", d.msg);
	input_release(&in);
}

/* The embedded rule set's records, then @extra (a capture's). */
static void capture_rules(const char *extra, struct ruleset *rs)
{
	struct ruleset base;
	struct strbuf sb = STRBUF_INIT;
	struct diag d;
	size_t i;

	if (ruleset_load_embedded("kvm-6.18", &base, &d))
		fail_msg("%s", d.msg);
	strbuf_puts(&sb, HEADER);
	for (i = 0; i < base.nlines; i++)
		strbuf_printf(&sb, "%s\n", base.lines[i].rest[0]);
	strbuf_puts(&sb, extra);
	parse_rules(strbuf_str(&sb), rs);
	strbuf_release(&sb);
	ruleset_release(&base);
}

static void run_check(const struct ruleset *rs, const char *config,
		      struct check_result *res)
{
	struct check_request req = { .rules = rs, .vmm = "none",
				     .kvm = "mainline" };
	struct config cfg;
	struct diag d;

	config_init(&cfg);
	if (test_read_text(config, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	req.config = &cfg;
	check_result_init(res);
	if (kvm_check(&req, res, &d))
		fail_msg("%s", d.msg);
	config_release(&cfg);
}

static void embedded(struct ruleset *rs)
{
	struct diag d;

	if (ruleset_load_embedded("kvm-6.18", rs, &d))
		fail_msg("%s", d.msg);
}

static uint32_t final_reg(const struct check_result *r, uint32_t leaf,
			  uint32_t sub, unsigned int reg)
{
	const struct cpuid_entry *e = cpuid_set_lookup(&r->final, leaf, sub);

	assert_non_null(e);
	return e->regs[reg];
}

/* Run-time fields at reset, whatever the table says. */
static void test_runtime_fields(void **state)
{
	struct check_result res;
	struct ruleset rs;
	const struct finding *f;

	(void)state;
	embedded(&rs);
	run_check(&rs,
		  "0x00000001 0x00: eax=0x00a10f11 ebx=0x05000800 "
		  "ecx=0x0c000000 edx=0x00000000\n"
		  "0x00000007 0x00: eax=0x0 ebx=0x0 ecx=0x00000010 edx=0x0\n"
		  "0x0000000b 0x01: eax=0x0 ebx=0x0 ecx=0x0 edx=0x00000007\n"
		  "0x0000000d 0x00: eax=0x7 ebx=0x00000988 ecx=0x988 edx=0x0\n"
		  "0x0000000d 0x01: eax=0x00000000 ebx=0x00000998 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_int_equal(res.outcome, OUTCOME_ACCEPTED);
	assert_string_equal(res.status.name, "SUCCESS");
	/* OSXSAVE requested 1 reads 0; XSAVE (bit 26) is the table's. */
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 27);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_int_equal(f->final, 0);
	assert_string_equal(f->rule, "OSXSAVE");
	assert_int_equal(final_reg(&res, 1, 0, CPUID_REG_ECX), 0x04000000);
	/* APIC requested 0 reads 1: the APIC base is enabled at reset. */
	f = test_find(&res, 1, 0, CPUID_REG_EDX, 9);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_int_equal(f->final, 1);
	assert_int_equal(final_reg(&res, 1, 0, CPUID_REG_EDX), 0x200);
	/* The initial APIC ID is the VMM's per vCPU: kept, runtime. */
	f = test_find(&res, 1, 0, CPUID_REG_EBX, 24);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_string_equal(f->layer, "vmm");
	assert_int_equal(f->final, 5);
	f = test_find(&res, 0xb, 1, CPUID_REG_EDX, 0);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_int_equal(f->final, 7);
	/* OSPKE from CR4.PKE = 0. */
	f = test_find(&res, 7, 0, CPUID_REG_ECX, 4);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_int_equal(final_reg(&res, 7, 0, CPUID_REG_ECX), 0);
	/* 0xD.0 EBX: 576 for XCR0 = 1; 0xD.1 EBX stays without XSAVES/C. */
	assert_int_equal(final_reg(&res, 0xd, 0, CPUID_REG_EBX), 0x240);
	assert_int_equal(test_find(&res, 0xd, 0, CPUID_REG_EBX, 0)->verdict,
			 VERDICT_RUNTIME);
	assert_int_equal(final_reg(&res, 0xd, 1, CPUID_REG_EBX), 0x998);
	assert_int_equal(test_find(&res, 0xd, 1, CPUID_REG_EBX, 3)->verdict,
			 VERDICT_AS_CONFIGURED);
	/* Other bits as configured, KVM's table. */
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 26);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_string_equal(f->class, "kvm-table");
	/* Without a capture, both warnings say what is not predicted. */
	assert_int_equal(res.nwarnings, 2);
	assert_non_null(strstr(res.warnings[0], "no KVM_GET_SUPPORTED_CPUID"));
	assert_non_null(strstr(res.warnings[1], "no capture"));
	check_result_release(&res);

	/* With XSAVEC (0xD.1 EAX bit 1), KVM computes 0xD.1 EBX. */
	run_check(&rs, "0x0000000d 0x01: eax=0x2 ebx=0x998 ecx=0x0 edx=0x0\n",
		  &res);
	assert_int_equal(final_reg(&res, 0xd, 1, CPUID_REG_EBX), 0x240);
	assert_int_equal(test_find(&res, 0xd, 1, CPUID_REG_EBX, 0)->verdict,
			 VERDICT_RUNTIME);
	check_result_release(&res);
	ruleset_release(&rs);
}

static void test_refusals(void **state)
{
	struct check_result res;
	struct strbuf sb = STRBUF_INIT;
	struct ruleset rs;
	const struct finding *f;
	unsigned int i;

	(void)state;
	embedded(&rs);
	/* 48 and 57 and 0 pass; 0x31 (49) does not. */
	run_check(&rs, "0x80000008 0x00: eax=0x00003930 ebx=0x0 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_string_equal(res.status.name, "SUCCESS");
	check_result_release(&res);
	run_check(&rs, "0x80000008 0x00: eax=0x00000030 ebx=0x0 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_string_equal(res.status.name, "SUCCESS");
	check_result_release(&res);
	run_check(&rs, "0x80000008 0x00: eax=0x00003130 ebx=0x0 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_int_equal(res.outcome, OUTCOME_REJECTED);
	assert_string_equal(res.status.layer, "kvm");
	assert_int_equal(res.status.code, EINVAL);
	assert_string_equal(res.status.name, "EINVAL");
	assert_true(res.status.has_leaf);
	assert_int_equal(res.status.leaf, 0x80000008);
	f = test_find(&res, 0x80000008, 0, CPUID_REG_EAX, 8);
	assert_int_equal(f->verdict, VERDICT_REJECTED);
	assert_int_equal(f->width, 8);
	assert_string_equal(f->rule, "VADDR_BITS");
	check_result_release(&res);

	/* AMX tile data without a host that grants it: -EPERM. */
	run_check(&rs, "0x0000000d 0x00: eax=0x00060007 ebx=0x0 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_int_equal(res.status.code, EPERM);
	assert_string_equal(res.status.name, "EPERM");
	assert_int_equal(test_find(&res, 0xd, 0, CPUID_REG_EAX, 18)->verdict,
			 VERDICT_REJECTED);
	/* Bit 17 (tile config) is not a dynamic feature. */
	assert_int_equal(test_find(&res, 0xd, 0, CPUID_REG_EAX, 17)->verdict,
			 VERDICT_AS_CONFIGURED);
	check_result_release(&res);

	/* 257 entries: -E2BIG before anything else. */
	for (i = 0; i < 257; i++)
		strbuf_printf(&sb, "0x%08x 0x00: eax=0x0 ebx=0x0 ecx=0x0 "
			      "edx=0x0\n", 0x40000100 + i);
	run_check(&rs, strbuf_str(&sb), &res);
	assert_int_equal(res.status.code, E2BIG);
	assert_false(res.status.has_leaf);
	check_result_release(&res);
	strbuf_release(&sb);
	ruleset_release(&rs);
}

/* A capture: supported and emulated lists, and what is under KVM. */
static const char capture[] =
	"supported 0x00000001 - 0x0 0x0 0x80000001 0x0\n"
	"supported 0x0000000d 0x0 0x00060007 0x0 0x0 0x0\n"
	"emulated 0x00000001 - 0x0 0x0 0x00400000 0x0\n"
	"below 0x00000001 - ecx=0x00000002/0x00000004\n"
	"below 0x00000007 0x0 ebx=0x0/0x0/0x00000100\n";

static void test_capture(void **state)
{
	struct check_result res;
	struct ruleset rs;
	const struct finding *f;

	(void)state;
	capture_rules(capture, &rs);
	run_check(&rs,
		  "0x00000001 0x00: eax=0x0 ebx=0x0 ecx=0x80400103 edx=0x0\n"
		  "0x00000007 0x00: eax=0x0 ebx=0x00000101 ecx=0x0 edx=0x0\n"
		  "0x00000008 0x00: eax=0x1 ebx=0x0 ecx=0x0 edx=0x0\n", &res);
	/* bit 0 supported; 22 emulated (MOVBE); 8 unsupported; 1 forced
	 * to 0 below KVM; 2 forced to 1; 31 supported. */
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 0);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_string_equal(f->class, "kvm-supported");
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 22);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_string_equal(f->class, "kvm-emulated");
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 8);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(f->class, "kvm-unsupported");
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 1);
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_string_equal(f->class, "below-kvm");
	assert_string_equal(f->layer, "host");
	f = test_find(&res, 1, 0, CPUID_REG_ECX, 2);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	assert_int_equal(f->final, 1);
	assert_int_equal(final_reg(&res, 1, 0, CPUID_REG_ECX), 0x80400105);
	/* A bit that varied under KVM is not predicted. */
	f = test_find(&res, 7, 0, CPUID_REG_EBX, 8);
	assert_false(f->has_final);
	assert_string_equal(f->class, "below-kvm-varies");
	assert_true(res.host_dependent > 0);
	/* 7.0.EBX bit 0 (FSGSBASE) is a feature word bit KVM did not list. */
	assert_int_equal(test_find(&res, 7, 0, CPUID_REG_EBX, 0)->verdict,
			 VERDICT_UNTRUSTED);
	/* Leaf 8 was not probed: one warning, KVM's value kept. */
	assert_int_equal(res.nwarnings, 1);
	assert_string_equal(res.warnings[0], "1 requested entry was not "
			    "probed by the capture: predicted as KVM hands it "
			    "on");
	assert_int_equal(res.outcome, OUTCOME_ACCEPTED_WITH_CHANGES);
	check_result_release(&res);

	/* Where the host lists AMX tile data, the VMM gets permission. */
	run_check(&rs, "0x0000000d 0x00: eax=0x00060007 ebx=0x0 ecx=0x0 "
		  "edx=0x0\n", &res);
	assert_string_equal(res.status.name, "SUCCESS");
	check_result_release(&res);
	ruleset_release(&rs);
}

static void test_bad_requests(void **state)
{
	struct check_request req = { .vmm = "qemu", .kvm = "mainline" };
	struct check_result res;
	struct ruleset rs;
	struct config cfg;
	struct input page;
	struct diag d;

	(void)state;
	embedded(&rs);
	config_init(&cfg);
	req.rules = &rs;
	check_result_init(&res);
	assert_int_equal(kvm_check(&req, &res, &d), -1);
	assert_string_equal(d.msg, "certify: platform kvm needs --config");
	req.config = &cfg;
	assert_int_equal(kvm_check(&req, &res, &d), -1);
	assert_string_equal(d.msg, "certify: platform kvm models the table a "
			    "VMM hands KVM_SET_CPUID2 (--vmm none), not --vmm "
			    "qemu");
	assert_int_equal(input_from_buffer(&page, "p.bin", "x", 1), 0);
	req.page = &page;
	assert_int_equal(kvm_check(&req, &res, &d), -1);
	assert_string_equal(d.msg, "p.bin: platform kvm takes a config "
			    "(--config), not an SNP CPUID page");
	input_release(&page);
	check_result_release(&res);
	config_release(&cfg);
	ruleset_release(&rs);
}

/* tdx.* and snp.* directives mean nothing to KVM_SET_CPUID2. */
static void test_foreign_directives(void **state)
{
	struct check_result res;
	struct ruleset rs;

	(void)state;
	embedded(&rs);
	run_check(&rs, "tdx.xfam = 0x3\n"
		  "0x00000002 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n", &res);
	assert_string_equal(res.warnings[0], "t.cfg:1: tdx.xfam does nothing "
			    "on platform kvm (KVM_SET_CPUID2 takes only the "
			    "CPUID table)");
	check_result_release(&res);
	ruleset_release(&rs);
}

/* kvm_model_below applies exactly the captured masks. */
static void test_model_below(void **state)
{
	struct cpuid_entry e = { .leaf = 1, .regs = { 0, 0, 0xff, 0 } };
	uint32_t v[4];
	struct kvm_rules r;
	struct ruleset rs;
	struct diag d;

	(void)state;
	capture_rules(capture, &rs);
	if (kvm_rules_read(&rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_true(kvm_model_below(&r, &e, v));
	assert_int_equal(e.regs[CPUID_REG_ECX], 0xfd);
	e.leaf = 0x99;
	assert_false(kvm_model_below(&r, &e, v));
	assert_true(kvm_model_xtile_permitted(&r));
	kvm_rules_release(&r);
	ruleset_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtime_fields),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_foreign_directives),
		cmocka_unit_test(test_model_below),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
