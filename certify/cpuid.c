// SPDX-License-Identifier: MIT
#include <string.h>

#include "cpuid.h"

static const char *const reg_names[CPUID_NR_REGS] = {
	[CPUID_REG_EAX] = "eax",
	[CPUID_REG_EBX] = "ebx",
	[CPUID_REG_ECX] = "ecx",
	[CPUID_REG_EDX] = "edx",
};

const char *cpuid_reg_name(unsigned int reg)
{
	return reg < CPUID_NR_REGS ? reg_names[reg] : NULL;
}

int cpuid_reg_parse(const char *s, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < CPUID_NR_REGS; i++)
		if (len == 3 && memcmp(s, reg_names[i], 3) == 0)
			return (int)i;
	return -1;
}
