/* SPDX-License-Identifier: MIT */
/*
 * CPUID vocabulary: registers, and a field as a value.
 *
 * As in KVM selftests' processor.h, a CPUID feature is a value
 * (leaf, sub-leaf, register, bit[, width]), defined once, in the table that
 * features.h generates from models/cpuid-features.txt; code never spells a
 * mask by hand.
 */
#ifndef CERTIFY_CPUID_H
#define CERTIFY_CPUID_H

#include <stdbool.h>
#include <stdint.h>

enum cpuid_reg {
	CPUID_REG_EAX,
	CPUID_REG_EBX,
	CPUID_REG_ECX,
	CPUID_REG_EDX,
	CPUID_NR_REGS,
};

struct cpuid_field {
	uint32_t leaf;
	uint32_t subleaf;
	uint8_t reg;	/* enum cpuid_reg */
	uint8_t bit;	/* lowest bit */
	uint8_t width;	/* 1 for a feature flag */
};

#define CPUID_FIELD(l, s, r, b, w) \
	((struct cpuid_field){ .leaf = (l), .subleaf = (s), .reg = (r), \
			       .bit = (b), .width = (w) })

/* A whole register, e.g. the CPUID.1:EAX signature. */
#define CPUID_REG_VALUE(l, s, r) CPUID_FIELD(l, s, r, 0, 32)

/* "eax", "ebx", ...; NULL for a bad register. */
const char *cpuid_reg_name(unsigned int reg);
/* Parses "eax".."edx" (lower case); -1 when it is none of them. */
int cpuid_reg_parse(const char *s, unsigned int len);

static inline uint32_t cpuid_field_mask(const struct cpuid_field *f)
{
	return (f->width >= 32 ? 0xffffffffu : ((1u << f->width) - 1))
	       << f->bit;
}

static inline uint32_t cpuid_field_extract(const struct cpuid_field *f,
					   uint32_t reg)
{
	return (reg & cpuid_field_mask(f)) >> f->bit;
}

static inline uint32_t cpuid_field_insert(const struct cpuid_field *f,
					  uint32_t reg, uint32_t value)
{
	uint32_t mask = cpuid_field_mask(f);

	return (reg & ~mask) | ((value << f->bit) & mask);
}

#endif
