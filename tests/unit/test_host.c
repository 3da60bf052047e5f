// SPDX-License-Identifier: MIT
/*
 * `certify host` against Todd Allen's `cpuid -1 -r` (Debian package cpuid)
 * on this machine: every (leaf, sub-leaf) both print has the same values,
 * apart from the per-CPU fields.  Both run pinned to one CPU.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "certify/feature_table.h"
#include "certify/host.h"

/* Fields that differ from one logical CPU to the next. */
static const struct cpuid_field per_cpu[] = {
	CPUID_FIELD_LOCAL_APIC_ID,
	CPUID_FIELD_X2APIC_ID,
	CPUID_FIELD_X2APIC_ID_1F,
	CPUID_FIELD_EXT_APIC_ID,
	CPUID_FIELD_CORE_ID,
	CPUID_FIELD_NODE_ID,
	CPUID_FIELD_X2APIC_ID_80000026,
};

static uint32_t per_cpu_mask(uint32_t leaf, unsigned int reg)
{
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(per_cpu); i++)
		if (per_cpu[i].leaf == leaf && per_cpu[i].reg == reg)
			mask |= cpuid_field_mask(&per_cpu[i]);
	return mask;
}

static char *run_cpuid_tool(size_t *len)
{
	FILE *p = popen("cpuid -1 -r 2>/dev/null", "r");
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap);

	assert_non_null(p);
	while ((r = fread(buf + n, 1, cap - n, p)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	assert_int_equal(pclose(p), 0);
	*len = n;
	return buf;
}

static void pin_to_first_cpu(void)
{
	cpu_set_t set;
	int cpu;

	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
		;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	assert_int_equal(sched_setaffinity(0, sizeof(set), &set), 0);
}

static void test_matches_cpuid_tool(void **state)
{
	struct cpuid_set host = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct config tool;
	struct input in;
	struct diag d;
	unsigned int compared = 0, reg;
	size_t len;
	char *text;
	int cpu;

	(void)state;
	if (system("command -v cpuid >/dev/null 2>&1") != 0) {
		printf("note: the cpuid tool is not installed: comparison "
		       "skipped\n");
		skip();
	}
	pin_to_first_cpu();
	assert_int_equal(host_cpuid_read(&host, &cpu), 0);
	text = run_cpuid_tool(&len);
	assert_int_equal(input_from_buffer(&in, "cpuid -1 -r", text, len), 0);
	free(text);
	config_init(&tool);
	/* Its output is itself a valid config (DESIGN.md §3). */
	if (dump_read(&in, &opts, &tool, &d))
		fail_msg("%s", d.msg);
	input_release(&in);

	cpuid_set_for_each(e, &tool.cpuid) {
		const struct cpuid_entry *h =
			cpuid_set_lookup(&host, e->leaf,
					 e->indexed ? e->subleaf : 0);

		if (!h)
			continue;
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			uint32_t mask = ~per_cpu_mask(e->leaf, reg);

			if ((h->regs[reg] & mask) != (e->regs[reg] & mask))
				fail_msg("0x%08x/0x%x %s: certify 0x%08x, "
					 "cpuid 0x%08x", e->leaf, e->subleaf,
					 cpuid_reg_name(reg), h->regs[reg],
					 e->regs[reg]);
		}
		compared++;
	}
	/* Leaves 0, 1, 0x80000000.. at the very least. */
	assert_true(compared >= 10);
	printf("note: %u (leaf, sub-leaf) pairs agree with cpuid -1 -r\n",
	       compared);
	cpuid_set_release(&host);
	config_release(&tool);
}

static void test_host_basics(void **state)
{
	struct cpuid_set host = CPUID_SET_INIT;
	int cpu;

	(void)state;
	assert_int_equal(host_cpuid_read(&host, &cpu), 0);
	assert_true(cpu >= 0);
	/* Leaf 0 and leaf 1 exist on every x86 CPU since the Pentium. */
	assert_non_null(cpuid_set_find(&host, 0, false, 0));
	assert_non_null(cpuid_set_find(&host, 1, false, 0));
	assert_non_null(cpuid_set_find(&host, 0x80000000, false, 0));
	cpuid_set_release(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_basics),
		cmocka_unit_test(test_matches_cpuid_tool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
