// SPDX-License-Identifier: MIT
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "cpuid_enum.h"
#include "host.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static void cpuid_instruction(uint32_t leaf, uint32_t subleaf,
			      uint32_t regs[CPUID_NR_REGS], void *ctx)
{
	unsigned int a, b, c, d;

	(void)ctx;
	__cpuid_count(leaf, subleaf, a, b, c, d);
	regs[CPUID_REG_EAX] = a;
	regs[CPUID_REG_EBX] = b;
	regs[CPUID_REG_ECX] = c;
	regs[CPUID_REG_EDX] = d;
}

int host_cpuid_read(struct cpuid_set *out, int *cpu)
{
	cpu_set_t old, one;
	bool pinned = false;
	int ret;

	*cpu = sched_getcpu();
	if (*cpu >= 0 && *cpu < CPU_SETSIZE &&
	    sched_getaffinity(0, sizeof(old), &old) == 0) {
		CPU_ZERO(&one);
		CPU_SET(*cpu, &one);
		pinned = sched_setaffinity(0, sizeof(one), &one) == 0;
	}
	if (!pinned)
		*cpu = -1;
	ret = cpuid_enumerate(cpuid_instruction, NULL, out);
	if (pinned)
		sched_setaffinity(0, sizeof(old), &old);
	return ret;
}
#else
int host_cpuid_read(struct cpuid_set *out, int *cpu)
{
	(void)out;
	*cpu = -1;
	return -ENOSYS;
}
#endif
