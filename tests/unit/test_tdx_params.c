// SPDX-License-Identifier: MIT
/*
 * TD parameters from directives and the TD_PARAMS layout
 * (tdx/tdx_params.c; research/tdx.md §2.4 td_params_s table).
 */
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_params.h"

static int read_params(const char *text, struct tdx_params *p,
		       struct diag *d)
{
	struct config cfg;
	int ret;

	if (test_read_text(text, DUMP_CONFIG, -1, &cfg, d))
		fail_msg("%s", d->msg);
	ret = tdx_params_read(&cfg, p, d);
	config_release(&cfg);
	return ret;
}

#define L1 "0x1 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"

static void test_defaults_and_values(void **state)
{
	struct tdx_params p;
	struct diag d;

	(void)state;
	assert_int_equal(read_params(L1, &p, &d), 0);
	assert_true(p.attributes == 0x10000000ull);	/* SEPT_VE_DISABLE */
	assert_true(p.xfam == 0x3);
	assert_false(p.has_xfam || p.has_tsc || p.has_config_flags);
	assert_false(p.migratable);
	assert_int_equal(read_params("tdx.attributes = 0x40000000\n"
				     "tdx.xfam = 0xe7\ntdx.tsc_frequency = 100\n"
				     "tdx.config_flags = 8\n"
				     "tdx.migratable = 1\n" L1, &p, &d), 0);
	assert_true(p.attributes == 0x60000000ull);	/* + MIGRATABLE */
	assert_true(p.migratable);
	assert_true(p.xfam == 0xe7 && p.has_xfam);
	assert_int_equal(p.tsc_frequency, 100);
	assert_true(p.config_flags == 8);
}

static void test_errors(void **state)
{
	struct tdx_params p;
	struct diag d;

	(void)state;
	assert_int_equal(read_params("tdx.tsc_frequency = 65536\n" L1, &p, &d),
			 -1);
	assert_string_equal(d.msg, "t.cfg:1: tdx.tsc_frequency 65536 does not "
				   "fit TD_PARAMS.TSC_FREQUENCY (16 bits, "
				   "units of 25 MHz)");
	assert_int_equal(read_params("tdx.attributes = 0x20000000\n"
				     "tdx.migratable = 0\n" L1, &p, &d), -1);
	assert_string_equal(d.msg, "t.cfg:2: tdx.migratable = 0 but "
				   "tdx.attributes sets MIGRATABLE (bit 29)");
}

static uint64_t le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Offsets: attributes 0, xfam 8, max_vcpus 16, eptp_controls 24,
 * config_flags 32, tsc_frequency 40, cpuid_config_vals 256 (16 bytes). */
static void test_encode(void **state)
{
	uint8_t out[TDX_TD_PARAMS_SIZE];
	struct tdx_td_params p;
	size_t i;

	(void)state;
	assert_int_equal(tdx_td_params_alloc(&p, 2), 0);
	p.attributes = 0x10000000;
	p.xfam = 0x2e7;
	p.config_flags = 0x5;
	p.tsc_known = true;
	p.tsc_frequency = 80;
	p.cpuid[1][CPUID_REG_EDX] = 0xdeadbeef;
	assert_int_equal(tdx_td_params_encode(&p, 8, 0x18, out), 0);
	assert_true(le(out, 8) == 0x10000000);
	assert_true(le(out + 8, 8) == 0x2e7);
	assert_true(le(out + 16, 2) == 8);
	assert_true(le(out + 24, 8) == 0x18);
	assert_true(le(out + 32, 8) == 5);
	assert_true(le(out + 40, 2) == 80);
	assert_true(le(out + 256 + 16 + 12, 4) == 0xdeadbeef);
	for (i = 42; i < 256; i++)
		assert_int_equal(out[i], 0);
	tdx_td_params_release(&p);
	assert_int_equal(tdx_td_params_alloc(&p, TDX_TD_PARAMS_MAX_SLOTS + 1),
			 0);
	assert_int_equal(tdx_td_params_encode(&p, 1, 0, out), -1);
	tdx_td_params_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
