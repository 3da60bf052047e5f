// SPDX-License-Identifier: MIT
/*
 * Reading KVM rule sets (kvm/kvm_rules.c): the embedded kvm-6.18, whose
 * records come from Linux v6.18 (arch/x86/kvm/cpuid.c and
 * reverse_cpuid.h, cited in the file), and a capture's records, in the
 * format models/README.md gives; every malformed record is an error at
 * its line.
 */
#include <string.h>

#include "testlib.h"
#include "kvm/kvm_rules.h"
#include "kvm/kvm_rules_diff.h"

#define HEADER "ruleset t\nplatform kvm\nversion 1\nsource test\n"
#define MAX_ENTRIES "special MAX_ENTRIES refusal f.c more than 256: E2BIG\n"

static int read_text(const char *text, struct ruleset *rs,
		     struct kvm_rules *r, struct diag *d)
{
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, "t.rules", text, strlen(text)),
			 0);
	diag_clear(d);
	ret = ruleset_parse(&in, "t.rules", rs, d);
	input_release(&in);
	if (ret)
		fail_msg("the record layer refused it: %s", d->msg);
	return kvm_rules_read(rs, r, d);
}

static void expect(const char *text, const char *msg)
{
	struct kvm_rules r;
	struct ruleset rs;
	struct diag d;

	if (read_text(text, &rs, &r, &d) == 0) {
		kvm_rules_release(&r);
		ruleset_release(&rs);
		fail_msg("accepted, expected \"%s\"", msg);
	}
	assert_string_equal(d.msg, msg);
	assert_null(r.words);
	assert_int_equal(r.supported.n, 0);
	ruleset_release(&rs);
}

static void test_embedded(void **state)
{
	struct kvm_rules r;
	struct ruleset rs;
	struct diag d;
	const struct kvm_feature_word *w;
	unsigned int i;

	(void)state;
	diag_clear(&d);
	if (ruleset_load_embedded("kvm-6.18", &rs, &d) ||
	    kvm_rules_read(&rs, &r, &d))
		fail_msg("%s", d.msg);
	/* Every rule the model implements is in the 6.18 file. */
	for (i = 0; i < KVM_SP_COUNT; i++)
		assert_true(r.special[i].present);
	assert_string_equal(r.special[KVM_SP_VADDR_BITS].kind, "refusal");
	assert_string_equal(r.special[KVM_SP_OSXSAVE].kind, "runtime");
	assert_string_equal(r.special[KVM_SP_APIC_ID].kind, "per-vcpu");
	assert_string_equal(r.special[KVM_SP_OSXSAVE].file,
			    "arch/x86/kvm/cpuid.c");
	/* reverse_cpuid[]: 22 hardware feature words. */
	assert_int_equal(r.nwords, 22);
	w = kvm_feature_word(&r, 7, 0, CPUID_REG_EBX);
	assert_non_null(w);
	assert_string_equal(w->name, "CPUID_7_0_EBX");
	w = kvm_feature_word(&r, 0xd, 1, CPUID_REG_EAX);
	assert_non_null(w);
	assert_string_equal(w->name, "CPUID_D_1_EAX");
	assert_null(kvm_feature_word(&r, 7, 1, CPUID_REG_EBX));
	assert_null(kvm_feature_word(&r, 0xd, 0, CPUID_REG_EAX));
	/* No capture in a source-derived rule set. */
	assert_false(r.has_support);
	assert_false(r.captured);
	kvm_rules_release(&r);
	ruleset_release(&rs);
}

static void test_capture_records(void **state)
{
	uint32_t f0[4], f1[4], v[4];
	struct kvm_rules r;
	struct ruleset rs;
	struct diag d;

	(void)state;
	if (read_text(HEADER MAX_ENTRIES
		      "fact kernel 6.18.44-test x\n"
		      "supported 0x00000001 - 0x00b00f21 0x0 0x81202000 "
		      "0x078bfbff\n"
		      "emulated 0x00000007 0x0 0x0 0x0 0x00400000 0x0\n"
		      "below 0x00000001 - edx=0xa0600000/0x178bf9ff\n"
		      "below 0x00000007 0x0 eax=0x0/0x1/0x2 ecx=0x10/0x0\n"
		      "below 0x00000002 -\n", &rs, &r, &d))
		fail_msg("%s", d.msg);
	assert_true(r.has_support);
	assert_true(r.captured);
	assert_int_equal(r.nfacts, 1);
	assert_string_equal(r.facts[0].key, "kernel");
	assert_string_equal(r.facts[0].value, "6.18.44-test x");
	assert_int_equal(cpuid_set_lookup(&r.supported, 1, 0)->regs[3],
			 0x078bfbff);
	assert_int_equal(cpuid_set_lookup(&r.emulated, 7, 0)->regs[2],
			 0x00400000);
	assert_true(kvm_below(&r, 1, 0, f0, f1, v));
	assert_int_equal(f0[CPUID_REG_EDX], 0xa0600000);
	assert_int_equal(f1[CPUID_REG_EDX], 0x178bf9ff);
	assert_int_equal(f0[CPUID_REG_EAX] | f1[CPUID_REG_EAX], 0);
	/* A non-indexed entry answers every sub-leaf. */
	assert_true(kvm_below(&r, 1, 5, f0, f1, v));
	assert_true(kvm_below(&r, 7, 0, f0, f1, v));
	assert_int_equal(f1[CPUID_REG_EAX], 1);
	assert_int_equal(v[CPUID_REG_EAX], 2);
	assert_int_equal(f0[CPUID_REG_ECX], 0x10);
	/* Probed, nothing changed; and never probed. */
	assert_true(kvm_below(&r, 2, 0, f0, f1, v));
	assert_int_equal(f0[0] | f0[1] | f0[2] | f0[3] | f1[0] | f1[3], 0);
	assert_false(kvm_below(&r, 7, 1, f0, f1, v));
	assert_false(kvm_below(&r, 3, 0, f0, f1, v));
	kvm_rules_release(&r);
	ruleset_release(&rs);
}

static void test_errors(void **state)
{
	(void)state;
	expect(HEADER MAX_ENTRIES "frob 1 2\n",
	       "t.rules:6: unknown record 'frob' in a kvm rule set");
	expect(HEADER MAX_ENTRIES "special NOPE runtime f.c text\n",
	       "t.rules:6: unknown special rule 'NOPE' (kvm/kvm_rules.h lists "
	       "the ones certify implements)");
	expect(HEADER MAX_ENTRIES MAX_ENTRIES,
	       "t.rules:6: special rule MAX_ENTRIES given twice");
	expect(HEADER "special OSXSAVE runtime f.c text\n",
	       "t.rules: no special MAX_ENTRIES: every KVM refuses more than "
	       "KVM_MAX_CPUID_ENTRIES entries");
	expect(HEADER MAX_ENTRIES "feature-word 0x1 - ecx A\n"
	       "feature-word 0x1 - ecx B\n",
	       "t.rules:7: feature word B given twice");
	expect(HEADER MAX_ENTRIES "feature-word 0x1 - exx A\n",
	       "t.rules:6: 'exx' is not a register (eax, ebx, ecx, edx)");
	expect(HEADER MAX_ENTRIES "supported 0x1 - 0x0 0x0 0x0\n",
	       "t.rules:6: 'supported' takes 6 values, not 5");
	expect(HEADER MAX_ENTRIES "supported 0x1 - 0x0 0x0 0x0 0x0\n"
	       "supported 0x1 - 0x0 0x0 0x0 0x0\n",
	       "t.rules:7: a second supported record for leaf 0x00000001 "
	       "sub-leaf 0x0");
	expect(HEADER MAX_ENTRIES "below 0x1 - edx=0x1\n",
	       "t.rules:6: 'edx=0x1': expected REG=FORCE0/FORCE1[/VARIES]");
	expect(HEADER MAX_ENTRIES "below 0x1 - edx=0x1/0x2/0x4/0x8\n",
	       "t.rules:6: 'edx=0x1/0x2/0x4/0x8': expected "
	       "REG=FORCE0/FORCE1[/VARIES], 0x hex masks of 32 bits");
	expect(HEADER MAX_ENTRIES "below 0x1 - edx=0x1/zz\n",
	       "t.rules:6: 'edx=0x1/zz': expected REG=FORCE0/FORCE1[/VARIES], "
	       "0x hex masks of 32 bits");
	expect(HEADER MAX_ENTRIES "below 0x1 - edx=0x3/0x2\n",
	       "t.rules:6: 'edx=0x3/0x2': a bit is in two masks");
	expect(HEADER MAX_ENTRIES "below 0x1 - eax=0x1/0x0 eax=0x2/0x0\n",
	       "t.rules:6: eax given twice");
	expect(HEADER MAX_ENTRIES "below 0x1 - esp=0x1/0x0\n",
	       "t.rules:6: 'esp=0x1/0x0': expected "
	       "REG=FORCE0/FORCE1[/VARIES]");
	expect(HEADER MAX_ENTRIES "below 0x1 -\nbelow 0x1 -\n",
	       "t.rules:7: a second below record for leaf 0x00000001 "
	       "sub-leaf 0x0");
	expect(HEADER MAX_ENTRIES "fact k v\nfact k w\n",
	       "t.rules:7: fact k given twice");
	expect("ruleset t\nplatform tdx\nversion 1\nsource s\n" MAX_ENTRIES,
	       "t.rules: rule set t is not for kvm");
}

/* Two captures that differ in one supported bit and one forced bit. */
static void test_diff(void **state)
{
	struct ruleset a, b;
	struct kvm_rules ra, rb;
	struct strbuf out = STRBUF_INIT;
	struct diag d;

	(void)state;
	if (read_text(HEADER MAX_ENTRIES
		      "supported 0x00000007 0x0 0x0 0x00000001 0x0 0x0\n"
		      "below 0x00000001 - ecx=0x0/0x80000000\n", &a, &ra, &d) ||
	    read_text("ruleset u\nplatform kvm\nversion 2\nsource test\n"
		      MAX_ENTRIES
		      "supported 0x00000007 0x0 0x0 0x00000021 0x0 0x0\n"
		      "below 0x00000001 -\n", &b, &rb, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(kvm_rules_diff(&a, &b, &out, &d), 0);
	assert_string_equal(strbuf_str(&out),
			    "t -> u\n"
			    "KVM_GET_SUPPORTED_CPUID:\n"
			    "    0x00000007 0x0 ebx: 0x00000001 -> 0x00000021; "
			    "+0x00000020 (avx2)\n"
			    "under KVM (captured):\n"
			    "  0x00000001 - ecx: forced 0=0x00000000 "
			    "1=0x80000000 varies=0x00000000 -> 0=0x00000000 "
			    "1=0x00000000 varies=0x00000000\n");
	strbuf_release(&out);
	kvm_rules_release(&ra);
	kvm_rules_release(&rb);
	ruleset_release(&a);
	ruleset_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_capture_records),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
