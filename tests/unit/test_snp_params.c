// SPDX-License-Identifier: MIT
/*
 * SNP launch parameters from snp.* directives (snp/snp_params.c).
 * Defaults: QEMU's sev-snp-guest policy 0x30000 (research/snp.md §7: bit 16
 * SMT allowed, bit 17 reserved must-be-one), no SEV_FEATURES, QEMU's
 * reduced-phys-bits 1 (§9.7: "users pass 1"), and cbitpos taken from the
 * host unless given (certify/config.c help text).  cbitpos and
 * reduced-phys-bits are 6-bit fields of 0x8000001F EBX (§7: [5:0] C-bit
 * position, [11:6] reduction), hence 0..63.
 */
#include <string.h>

#include "testlib.h"
#include "snp/snp_params.h"

#define L1 "0x1 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"

static int read_params(const char *text, struct snp_params *p,
		       struct diag *d)
{
	struct config cfg;
	int ret;

	if (test_read_text(text, DUMP_CONFIG, -1, &cfg, d))
		fail_msg("%s", d->msg);
	diag_clear(d);
	ret = snp_params_read(&cfg, p, d);
	config_release(&cfg);
	return ret;
}

static void test_defaults(void **state)
{
	struct snp_params p;
	struct diag d;

	(void)state;
	memset(&p, 0xaa, sizeof(p));
	assert_int_equal(read_params(L1, &p, &d), 0);
	assert_true(p.policy == 0x30000);
	assert_true(p.policy == SNP_DEFAULT_POLICY);
	assert_true(p.policy & SNP_POLICY_SMT);
	assert_true(p.policy & SNP_POLICY_RSVD_MBO);
	assert_true(p.vmsa_features == 0);
	assert_int_equal(p.reduced_phys_bits, 1);
	assert_false(p.has_cbitpos);
	assert_int_equal(p.cbitpos, 0);
	/* A config with nothing at all reads the same. */
	{
		struct config cfg;

		config_init(&cfg);
		memset(&p, 0xaa, sizeof(p));
		assert_int_equal(snp_params_read(&cfg, &p, &d), 0);
		assert_true(p.policy == 0x30000);
		assert_false(p.has_cbitpos);
		config_release(&cfg);
	}
}

/* The policy bit names of §7 / Linux psp-sev.h. */
static void test_policy_bits(void **state)
{
	(void)state;
	assert_true(SNP_POLICY_ABI_MINOR == 0xff);
	assert_true(SNP_POLICY_ABI_MAJOR == 0xff00);
	assert_true(SNP_POLICY_SMT == 0x10000);
	assert_true(SNP_POLICY_RSVD_MBO == 0x20000);
	assert_true(SNP_POLICY_DEBUG == 0x80000);
}

static void test_each_directive(void **state)
{
	struct snp_params p;
	struct diag d;

	(void)state;
	assert_int_equal(read_params("snp.policy = 0xb0155\n" L1, &p, &d), 0);
	assert_true(p.policy == 0xb0155);
	/* the others keep their defaults */
	assert_true(p.vmsa_features == 0);
	assert_int_equal(p.reduced_phys_bits, 1);
	assert_false(p.has_cbitpos);

	assert_int_equal(read_params("snp.vmsa_features = 0x220\n" L1, &p, &d),
			 0);
	assert_true(p.vmsa_features == 0x220);
	assert_true(p.policy == 0x30000);

	assert_int_equal(read_params("snp.cbitpos = 51\n" L1, &p, &d), 0);
	assert_true(p.has_cbitpos);
	assert_int_equal(p.cbitpos, 51);
	assert_int_equal(p.reduced_phys_bits, 1);

	assert_int_equal(read_params("snp.reduced_phys_bits = 5\n" L1, &p, &d),
			 0);
	assert_int_equal(p.reduced_phys_bits, 5);
	assert_false(p.has_cbitpos);

	/* All four, decimal and hex, 64-bit values kept whole. */
	assert_int_equal(read_params("snp.policy = 0xffffffffffffffff\n"
				     "snp.vmsa_features = 512\n"
				     "snp.cbitpos = 0x2f\n"
				     "snp.reduced_phys_bits = 0\n" L1, &p, &d),
			 0);
	assert_true(p.policy == 0xffffffffffffffffull);
	assert_true(p.vmsa_features == 0x200);
	assert_true(p.has_cbitpos);
	assert_int_equal(p.cbitpos, 47);
	assert_int_equal(p.reduced_phys_bits, 0);

	/* The limits: 0 and 63 are 6-bit values. */
	assert_int_equal(read_params("snp.cbitpos = 0\n" L1, &p, &d), 0);
	assert_true(p.has_cbitpos);
	assert_int_equal(p.cbitpos, 0);
	assert_int_equal(read_params("snp.cbitpos = 63\n"
				     "snp.reduced_phys_bits = 63\n" L1, &p, &d),
			 0);
	assert_int_equal(p.cbitpos, 63);
	assert_int_equal(p.reduced_phys_bits, 63);
}

static void test_errors(void **state)
{
	struct snp_params p;
	struct diag d;

	(void)state;
	assert_int_equal(read_params("snp.cbitpos = 64\n" L1, &p, &d), -1);
	assert_string_equal(d.msg, "t.cfg:1: snp.cbitpos must be 0 to 63");
	/* The line is the directive's. */
	assert_int_equal(read_params(L1 "snp.policy = 0x30000\n"
				     "snp.cbitpos = 0xffffffffffffffff\n",
				     &p, &d), -1);
	assert_string_equal(d.msg, "t.cfg:3: snp.cbitpos must be 0 to 63");
	assert_int_equal(read_params("snp.reduced_phys_bits = 64\n" L1, &p,
				     &d), -1);
	assert_string_equal(d.msg,
			    "t.cfg:1: snp.reduced_phys_bits must be 0 to 63");
	assert_int_equal(read_params("snp.cbitpos = 51\n"
				     "snp.reduced_phys_bits = 100\n" L1, &p,
				     &d), -1);
	assert_string_equal(d.msg,
			    "t.cfg:2: snp.reduced_phys_bits must be 0 to 63");
}

/* A config made in code has no source name: "config:LINE". */
static void test_error_without_source(void **state)
{
	struct snp_params p;
	struct config cfg;
	struct diag d;

	(void)state;
	config_init(&cfg);
	if (config_add_directive(&cfg, "snp.cbitpos", 11, "99", 2, "x", 7, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(snp_params_read(&cfg, &p, &d), -1);
	assert_string_equal(d.msg, "config:7: snp.cbitpos must be 0 to 63");
	config_release(&cfg);
}

/* Bad numbers are the config reader's: they never reach snp_params. */
static void test_bad_values(void **state)
{
	struct config cfg;
	struct diag d;

	(void)state;
	assert_int_equal(test_read_text("snp.policy = 0x3000z\n" L1,
					DUMP_CONFIG, -1, &cfg, &d), -1);
	assert_string_equal(d.msg, "t.cfg:1: bad value '0x3000z' for "
			    "snp.policy: expected a number (0x hex or decimal, "
			    "up to 64 bits)");
	assert_int_equal(test_read_text("snp.cbitpos = 51\nsnp.cbitpos = 51\n"
					L1, DUMP_CONFIG, -1, &cfg, &d), -1);
	assert_string_equal(d.msg, "t.cfg:2: directive 'snp.cbitpos' set "
			    "twice (first at line 1)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_policy_bits),
		cmocka_unit_test(test_each_directive),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_without_source),
		cmocka_unit_test(test_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
