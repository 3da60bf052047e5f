// SPDX-License-Identifier: MIT
/*
 * The CPUID walk on a fake CPU that answers from a recorded set (zeros for
 * what the set lacks).  The expected walk follows the SDM/APM rules
 * documented in certify/cpuid_enum.c, applied by hand to the fixture.
 */
#include <string.h>

#include "testlib.h"
#include "certify/cpuid_enum.h"

struct fake_cpu {
	const struct cpuid_set *set;
	unsigned int calls;
};

static void fake_query(uint32_t leaf, uint32_t subleaf,
		       uint32_t regs[CPUID_NR_REGS], void *ctx)
{
	struct fake_cpu *cpu = ctx;
	const struct cpuid_entry *e = cpuid_set_lookup(cpu->set, leaf,
						       subleaf);

	cpu->calls++;
	if (e)
		memcpy(regs, e->regs, CPUID_NR_REGS * sizeof(*regs));
}

static size_t count_leaf(const struct cpuid_set *s, uint32_t leaf)
{
	const struct cpuid_entry *e;
	size_t n = 0;

	cpuid_set_for_each(e, s)
		n += e->leaf == leaf;
	return n;
}

static void test_walk_fixture(void **state)
{
	struct cpuid_set out = CPUID_SET_INIT;
	struct config cfg;
	struct fake_cpu cpu;

	(void)state;
	test_read_file(test_data("cpuid-r/local-2cpu.txt"), DUMP_AUTO, 0,
		       &cfg);
	cpu.set = &cfg.cpuid;
	cpu.calls = 0;
	assert_int_equal(cpuid_enumerate(fake_query, &cpu, &out), 0);
	/*
	 * Basic 0..0x1c: 16 plain leaves and 25 sub-leaves of the indexed
	 * ones (7: 0-1 by 7.0.EAX=1; 0xB: 0-2, 2 being the level-type-0
	 * end; 0xD: 0, 1 and components 2, 5, 6, 7 of 0xD.0.EAX=0xe7 and
	 * 11, 12 of 0xD.1.ECX=0x1800; 0x12: 0, 1 and the type-0 end 2; one
	 * each for 4, 0xF, 0x10, 0x14, 0x17, 0x18, 0x1B, 0x1D, 0x1E).
	 * Hypervisor 0x40000000-1.  Extended 0x80000000..0x80000021: 32
	 * plain, 0x8000001D 0-1 (sub-leaf 2 has cache type 0), 0x80000020/0.
	 */
	assert_int_equal(out.n, 41 + 2 + 35);
	assert_int_equal(count_leaf(&out, 0xd), 8);
	assert_non_null(cpuid_set_find(&out, 0xd, true, 0xc));
	assert_null(cpuid_set_find(&out, 0xd, true, 3));
	assert_int_equal(count_leaf(&out, 0xb), 3);
	assert_int_equal(count_leaf(&out, 0x8000001d), 2);
	assert_int_equal(count_leaf(&out, 0x12), 3);
	assert_non_null(cpuid_set_find(&out, 0x40000001, false, 0));
	assert_null(cpuid_set_find(&out, 0x40000002, false, 0));
	assert_non_null(cpuid_set_find(&out, 0x80000021, false, 0));
	assert_null(cpuid_set_find(&out, 0x80000022, false, 0));
	assert_null(cpuid_set_find(&out, 0x1d, true, 1));
	/* Values come through unchanged. */
	assert_int_equal(cpuid_set_lookup(&out, 0x80000008, 0)->regs[0],
			 0x00303030);
	cpuid_set_release(&out);
	config_release(&cfg);
}

static void test_no_hypervisor_no_garbage(void **state)
{
	struct cpuid_set out = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	struct fake_cpu cpu;
	struct config cfg;
	struct diag d;

	(void)state;
	/*
	 * Leaf 0 claims a maximum of 0x12345678 and 0x80000000 one of 5:
	 * the basic walk stops at 0xff, the extended range is absent but
	 * its leaf is kept, and with HYPERVISOR clear no 0x4000xxxx leaf
	 * is read even though the fake CPU has one.
	 */
	assert_int_equal(test_read_text(
		"0x0 0x0: eax=0x12345678 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x1 0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x40000000 0x0: eax=0x40000001 ebx=0x0 ecx=0x0 edx=0x0\n"
		"0x80000000 0x0: eax=0x5 ebx=0x0 ecx=0x0 edx=0x0\n",
		DUMP_AUTO, -1, &cfg, &d), 0);
	cpu.set = &cfg.cpuid;
	cpu.calls = 0;
	assert_int_equal(cpuid_enumerate(fake_query, &cpu, &out), 0);
	cpuid_set_for_each(e, &out)
		assert_true(e->leaf <= 0xff || e->leaf == 0x80000000);
	assert_non_null(cpuid_set_find(&out, 0xff, false, 0));
	assert_non_null(cpuid_set_find(&out, 0x80000000, false, 0));
	assert_true(cpu.calls < 2000);
	cpuid_set_release(&out);
	config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_fixture),
		cmocka_unit_test(test_no_hypervisor_no_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
