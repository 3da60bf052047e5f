// SPDX-License-Identifier: MIT
/*
 * Reading TDX rule sets (tdx/tdx_rules.c).  Expected values are the ones
 * research/tdx.md gives for each module version (§1, §2.5, §2.7).
 */
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_check.h"
#include "tdx/tdx_rules.h"

static void load(const char *name, struct ruleset *rs, struct tdx_rules *r)
{
	struct diag d;

	if (ruleset_load_embedded(name, rs, &d) || tdx_rules_read(rs, r, &d))
		fail_msg("%s", d.msg);
}

/* §1: cpuid_lookup / configurable entries per version. */
static void test_table_sizes(void **state)
{
	static const struct {
		const char *name;
		size_t lookup, config;
	} v[] = {
		{ "tdx-1.0.00", 57, 6 }, { "tdx-1.0.3", 58, 7 },
		{ "tdx-1.5.01", 64, 12 }, { "tdx-1.5.05", 68, 18 },
		{ "tdx-1.5.06", 69, 18 }, { "tdx-1.5.34", 79, 28 },
		{ "tdx-2.0.18", 79, 28 },
	};
	struct ruleset rs;
	struct tdx_rules r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		load(v[i].name, &rs, &r);
		assert_int_equal(r.n, v[i].lookup);
		assert_int_equal(r.nconfig, v[i].config);
		tdx_rules_release(&r);
		ruleset_release(&rs);
	}
}

/* §2.5 ATTRIBUTES_FIXED0 and CONFIG_FLAGS_FIXED0 per version. */
static void test_constants(void **state)
{
	struct ruleset rs;
	struct tdx_rules r;

	(void)state;
	load("tdx-1.0.00", &rs, &r);
	assert_true(r.attributes_fixed0 == 0x8000000050000001ull);
	assert_false(r.has_min_virt_maxpa);
	tdx_rules_release(&r);
	ruleset_release(&rs);
	load("tdx-1.5.06", &rs, &r);
	assert_true(r.attributes_fixed0 == 0x8000000078010001ull);
	assert_true(r.config_flags_fixed0 == 0xf);
	assert_true(r.xfam_fixed0 == 0x6dbe7 && r.xfam_fixed1 == 0x3);
	assert_int_equal(r.min_virt_maxpa, 45);
	assert_int_equal(r.tsc_frequency_min, 4);
	assert_int_equal(r.tsc_frequency_max, 400);
	assert_false(r.has_fixed0_bitmap);
	tdx_rules_release(&r);
	ruleset_release(&rs);
	load("tdx-2.0.18", &rs, &r);
	assert_true(r.has_fixed0_bitmap);
	assert_true(r.fixed0_bitmap == 0x0380000508cfd308ull);
	assert_int_equal(r.last_base_leaf, 0x23);
	assert_int_equal(r.nfms_allowed, 6);
	assert_string_equal(r.repo, "intel/tdx-module@"
			    "e69a4391305e993a7c646eb5eee15f2c47a649c4");
	tdx_rules_release(&r);
	ruleset_release(&rs);
}

/*
 * §2.2/§6: 1.ECX[21] x2APIC is NATIVE+VERIFIED1, 1.ECX[31] HYPERVISOR is
 * FIXED1; the first configurable slot is leaf 1 (TD_PARAMS order).
 */
static void test_classes(void **state)
{
	const struct tdx_entry *e;
	struct ruleset rs;
	struct tdx_rules r;

	(void)state;
	load("tdx-2.0.18", &rs, &r);
	e = tdx_rules_find(&r, 1, 0);
	assert_non_null(e);
	assert_false(e->has_subleaf);
	assert_int_equal(e->config, 0);
	assert_ptr_equal(r.config[0], e);
	assert_string_equal(tdx_bit_class_name(&e->regs[CPUID_REG_ECX], 21),
			    "native+verified1");
	assert_string_equal(tdx_bit_class_name(&e->regs[CPUID_REG_ECX], 31),
			    "fixed1");
	assert_int_equal(tdx_bit_class(&e->regs[CPUID_REG_ECX], 3),
			 TDX_CLASS_ALLOW_DIRECT);
	/* 1.EAX FMS config-direct mask 0x0fff3fff (§2.4). */
	assert_int_equal(e->regs[CPUID_REG_EAX].direct, 0x0fff3fff);
	/* leaf 7 has sub-leaves; sub-leaf 1 is a different row. */
	assert_int_equal(tdx_rules_find(&r, 7, 1)->subleaf, 1);
	assert_null(tdx_rules_find(&r, 0x40000000, 0));
	assert_true(tdx_has(&r, TDX_SP_FMS_CONFIG));
	assert_false(tdx_has(&r, TDX_SP_SYSRD_CONFIG_DIRECT_ONLY));
	tdx_rules_release(&r);
	ruleset_release(&rs);
	/* §2.5: the 1.5.01 TDH.SYS.RD bug is a rule of that version. */
	load("tdx-1.5.01", &rs, &r);
	assert_true(tdx_has(&r, TDX_SP_SYSRD_CONFIG_DIRECT_ONLY));
	/* §2.7: 1.5.01 faults on leaf 6 and 0x1F. */
	assert_true(tdx_rules_find(&r, 6, 0)->faulting);
	assert_true(tdx_rules_find(&r, 0x1f, 3)->faulting);
	tdx_rules_release(&r);
	ruleset_release(&rs);
}

static int read_text(const char *text, struct ruleset *rs,
		     struct tdx_rules *r, struct diag *d)
{
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, "t.rules", text, strlen(text)),
			 0);
	ret = ruleset_parse(&in, "t.rules", rs, d);
	input_release(&in);
	if (ret)
		return ret;
	return tdx_rules_read(rs, r, d);
}

#define HEAD "ruleset t\nplatform tdx\nversion 1\nsource a/b@c f.c\n" \
	     "const attributes_fixed0 0x1\nconst attributes_fixed1 0\n" \
	     "const xfam_fixed0 0x3\nconst xfam_fixed1 0x3\n" \
	     "const config_flags_fixed0 0x1\nconst tsc_frequency_min 4\n" \
	     "const tsc_frequency_max 400\nconst last_base_leaf 0x1\n" \
	     "const last_extended_leaf 0x80000008\n"
#define ENTRY "entry 0x1 - lookup=0 config=0\n"
#define ALLBITS "bits 0x1 - eax 0-31 native\nbits 0x1 - ebx 0-31 native\n" \
		"bits 0x1 - ecx 0-31 native\nbits 0x1 - edx 0-31 native\n"

static void expect(const char *text, const char *msg)
{
	struct ruleset rs;
	struct tdx_rules r;
	struct diag d;

	diag_clear(&d);
	if (read_text(text, &rs, &r, &d) == 0) {
		tdx_rules_release(&r);
		ruleset_release(&rs);
		fail_msg("accepted, expected \"%s\"", msg);
	}
	assert_string_equal(d.msg, msg);
	ruleset_release(&rs);
}

static void test_errors(void **state)
{
	struct ruleset rs;
	struct tdx_rules r;
	struct diag d;

	(void)state;
	assert_int_equal(read_text(HEAD ENTRY ALLBITS, &rs, &r, &d), 0);
	tdx_rules_release(&r);
	ruleset_release(&rs);
	expect(HEAD ENTRY, "t.rules:14: entry has eax bits without a class "
	       "(0xffffffff)");
	expect(HEAD ENTRY ALLBITS "bits 0x1 - eax 3 fixed1\n",
	       "t.rules:19: bits 3 of eax already have a class");
	expect(HEAD ENTRY "bits 0x1 - eax 0-31 shiny\n",
	       "t.rules:15: unknown class 'shiny'");
	expect(HEAD "bits 0x2 - eax 0-31 native\n",
	       "t.rules:14: no entry line for 0x2 - before");
	expect(HEAD ENTRY ENTRY, "t.rules:15: entry 0x1 - given twice");
	expect(HEAD "entry 0x1 - config=0\n",
	       "t.rules:14: entry lacks lookup=N");
	expect(HEAD ENTRY ALLBITS "special NOPE kind f.c text\n",
	       "t.rules:19: unknown special rule 'NOPE' (tdx/tdx_rules.h "
	       "lists the ones certify implements)");
	expect(HEAD ENTRY ALLBITS "const shiny 1\n",
	       "t.rules:19: unknown constant 'shiny'");
	expect(HEAD ENTRY ALLBITS "frob 1 2\n",
	       "t.rules:19: unknown record 'frob' in a tdx rule set");
	expect("ruleset t\nplatform tdx\nversion 1\nsource a/b@c f.c\n" ENTRY
	       ALLBITS, "t.rules: missing constants: a TDX rule set needs "
	       "attributes_fixed0/1, xfam_fixed0/1, config_flags_fixed0, "
	       "tsc_frequency_min/max, last_base_leaf and "
	       "last_extended_leaf");
	expect(HEAD "entry 0x1 - lookup=0 config=1\n" ALLBITS,
	       "t.rules: config slot 0 unused");
}

/*
 * A rule set without special records still describes a module whose
 * guest faults on leaves outside the table: the check runs and notes
 * those leaves with words (a fuzzed rule set once made that a NULL).
 */
static void test_no_special_records(void **state)
{
	struct check_request req = { .vmm = "qemu", .kvm = "none" };
	struct check_result res;
	struct ruleset rs;
	struct tdx_rules r;
	struct config cfg;
	struct diag d;
	unsigned int i;
	const struct finding *f;

	(void)state;
	assert_int_equal(read_text(HEAD ENTRY ALLBITS, &rs, &r, &d), 0);
	for (i = 0; i < TDX_SP_COUNT; i++) {
		assert_false(tdx_has(&r, (enum tdx_special)i));
		assert_string_equal(r.special[i].kind, "unlisted");
		assert_non_null(r.special[i].file);
	}
	tdx_rules_release(&r);
	/* A hypervisor leaf goes to the untrusted VMM (research/tdx.md
	 * §2.3 step 7) whatever the rule set says. */
	if (test_read_text("0x00000001 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
			   "0x40000000 0x00: eax=0x40000001 ebx=0x0 ecx=0x0 "
			   "edx=0x0\n", DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	req.config = &cfg;
	req.rules = &rs;
	check_result_init(&res);
	assert_int_equal(tdx_check(&req, &res, &d), 0);
	f = test_find(&res, 0x40000000, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(f->class, "unlisted");
	check_result_release(&res);
	config_release(&cfg);
	ruleset_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sizes),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_no_special_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
