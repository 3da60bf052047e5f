// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "certify/cpuid_show.h"

static char *show(const char *path, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	struct config cfg;
	struct diag d;
	char *out;

	if (path)
		test_read_file(path, DUMP_AUTO, -1, &cfg);
	else
		assert_int_equal(test_read_text(text, DUMP_AUTO, -1, &cfg, &d),
				 0);
	cpuid_show(&cfg, &sb);
	assert_false(strbuf_failed(&sb));
	out = strdup(strbuf_str(&sb));
	strbuf_release(&sb);
	config_release(&cfg);
	return out;
}

static void has(const char *out, const char *what)
{
	if (!strstr(out, what))
		fail_msg("missing \"%s\" in:\n%s", what, out);
}

/*
 * The fixture's values (tests/data/README.md), decoded by the SDM and APM:
 * 1.EAX 0x00b00f21 is family 1Ah model 02h stepping 1; 0x80000008.EAX
 * 0x00303030 gives 48 physical and 48 linear address bits; 1.ECX
 * 0xfffa3203 has XSAVE (26) and HYPERVISOR (31) set and VMX (5) clear.
 */
static void test_summary_and_bits(void **state)
{
	char *out = show(test_data("cpuid-r/local-2cpu.txt"), NULL);
	const char *ecx;

	(void)state;
	has(out, "source: tests/data/cpuid-r/local-2cpu.txt (cpuid -r, "
		 "CPU 0)\n");
	has(out, "\nvendor: AuthenticAMD\n");
	has(out, "\nbrand: AMD EPYC\n");
	has(out, "\nsignature: 0x00b00f21 (family 0x1a, model 0x2, "
		 "stepping 1)\n");
	has(out, "\nmax leaves: basic 0x1c, extended 0x80000021\n");
	has(out, "\nhypervisor: KVMKVMKVM (max leaf 0x40000001)\n");
	has(out, "\naddress sizes: 48 bits physical, 48 bits linear\n");
	has(out, "\nentries: 19\n");
	has(out, "\n0x00000001: CPU FMS (Family/Model/Stepping) + standard "
		 "feature flags\n  eax 0x00b00f21 stepping=1 base_model=2 "
		 "base_family_id=15 cpu_type=0 ext_model=0 ext_family=11\n");
	has(out, "\n0x0000000b sub-leaf 0x02: CPU extended topology v1\n");
	has(out, "  ebx 0x68747541 cpu_vendorid_0=\"Auth\"\n");
	ecx = strstr(out, "  ecx 0xfffa3203");
	assert_non_null(ecx);
	assert_non_null(strstr(ecx, " xsave "));
	assert_non_null(strstr(ecx, " hypervisor\n"));
	assert_true(strstr(ecx, " vmx ") == NULL ||
		    strstr(ecx, " vmx ") > strchr(ecx, '\n'));
	free(out);
}

static void test_unnamed_and_variants(void **state)
{
	char *out = show(NULL,
		"0x1 0x0: eax=0x0 ebx=0x0 ecx=0x00010000 edx=0x0\n"
		"0x7 *: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0xd 0x0: eax=0x3 ebx=0x240 ecx=0x0 edx=0x0 xcr0_in=0x3\n"
		"0x12345678 0x0: eax=0x5 ebx=0x0 ecx=0x0 edx=0x0\n");

	(void)state;
	/* 1.ECX[16] is reserved: shown as a bare bit number. */
	has(out, "  ecx 0x00010000 bit16\n");
	has(out, "\n0x00000007 sub-leaf *: Extended CPU features\n");
	has(out, "\n0x0000000d sub-leaf 0x00 (xcr0_in 0x3, xss_in 0x0): CPU "
		 "extended state\n");
	has(out, "\n0x12345678: (unknown leaf)\n  eax 0x00000005 bit0 bit2\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_and_bits),
		cmocka_unit_test(test_unnamed_and_variants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
