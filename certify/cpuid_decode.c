// SPDX-License-Identifier: MIT
#include <string.h>

#include "cpuid_decode.h"
#include "feature_table.h"

struct cpuid_fms cpuid_decode_fms(uint32_t signature)
{
	struct cpuid_field f_stepping = CPUID_FIELD_STEPPING;
	struct cpuid_field f_model = CPUID_FIELD_BASE_MODEL;
	struct cpuid_field f_family = CPUID_FIELD_BASE_FAMILY_ID;
	struct cpuid_field f_ext_model = CPUID_FIELD_EXT_MODEL;
	struct cpuid_field f_ext_family = CPUID_FIELD_EXT_FAMILY;
	uint32_t base_family = cpuid_field_extract(&f_family, signature);
	struct cpuid_fms fms = {
		.family = base_family,
		.model = cpuid_field_extract(&f_model, signature),
		.stepping = cpuid_field_extract(&f_stepping, signature),
	};

	if (base_family == 0xf)
		fms.family += cpuid_field_extract(&f_ext_family, signature);
	if (base_family == 0x6 || base_family == 0xf)
		fms.model |= cpuid_field_extract(&f_ext_model, signature) << 4;
	return fms;
}

static void put_reg(char *dst, uint32_t reg)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)(reg >> (8 * i));

		dst[i] = (c >= 0x20 && c < 0x7f) || c == 0 ? (char)c : '.';
	}
}

/* Copies with NULs in the middle shown as '.', trailing NULs dropped. */
static void finish_string(char *buf, size_t len)
{
	size_t end = len, i;

	while (end > 0 && buf[end - 1] == '\0')
		end--;
	for (i = 0; i < end; i++)
		if (buf[i] == '\0')
			buf[i] = '.';
	buf[end] = '\0';
}

bool cpuid_decode_vendor(const struct cpuid_set *set, char buf[13])
{
	const struct cpuid_entry *e = cpuid_set_lookup(set, 0, 0);

	if (!e)
		return false;
	put_reg(buf, e->regs[CPUID_REG_EBX]);
	put_reg(buf + 4, e->regs[CPUID_REG_EDX]);
	put_reg(buf + 8, e->regs[CPUID_REG_ECX]);
	finish_string(buf, 12);
	return true;
}

bool cpuid_decode_hypervisor(const struct cpuid_set *set, uint32_t base,
			     char buf[13])
{
	const struct cpuid_entry *e = cpuid_set_lookup(set, base, 0);

	if (!e)
		return false;
	put_reg(buf, e->regs[CPUID_REG_EBX]);
	put_reg(buf + 4, e->regs[CPUID_REG_ECX]);
	put_reg(buf + 8, e->regs[CPUID_REG_EDX]);
	finish_string(buf, 12);
	return true;
}

bool cpuid_decode_brand(const struct cpuid_set *set, char buf[49])
{
	char raw[49];
	unsigned int i, r;
	size_t start = 0;

	for (i = 0; i < 3; i++) {
		const struct cpuid_entry *e =
			cpuid_set_lookup(set, 0x80000002u + i, 0);

		if (!e)
			return false;
		for (r = 0; r < CPUID_NR_REGS; r++)
			put_reg(raw + 16 * i + 4 * r, e->regs[r]);
	}
	raw[48] = '\0';
	/* The string ends at its first NUL, as the SDM defines it. */
	for (i = 0; i < 48 && raw[i]; i++)
		;
	raw[i] = '\0';
	while (raw[start] == ' ')
		start++;
	memmove(buf, raw + start, strlen(raw + start) + 1);
	return true;
}
