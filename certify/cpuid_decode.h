/* SPDX-License-Identifier: MIT */
/*
 * Decoding of the CPUID values that are more than bits: vendor and brand
 * strings, family/model/stepping, maximum leaves, address sizes.
 */
#ifndef CERTIFY_CPUID_DECODE_H
#define CERTIFY_CPUID_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpuid_set.h"

struct cpuid_fms {
	uint32_t family;	/* base family + extended family */
	uint32_t model;		/* with the extended model where it applies */
	uint32_t stepping;
};

/*
 * Family/model/stepping from a CPUID.1:EAX (or 0x80000001:EAX) signature,
 * as the Intel SDM (CPUID, "Version Information") and AMD APM define it:
 * the extended family counts only when the base family is 0xF, the
 * extended model only when the base family is 0x6 or 0xF.
 */
struct cpuid_fms cpuid_decode_fms(uint32_t signature);

/*
 * A 12-byte vendor string from leaf 0 (order EBX, EDX, ECX), or from a
 * hypervisor leaf 0x4000xx00 (order EBX, ECX, EDX).  @buf gets at least 13
 * bytes; unprintable bytes become '.'.  False if the leaf is absent.
 */
bool cpuid_decode_vendor(const struct cpuid_set *set, char buf[13]);
bool cpuid_decode_hypervisor(const struct cpuid_set *set, uint32_t base,
			     char buf[13]);
/*
 * The 48-byte brand string of leaves 0x80000002..4 with leading blanks
 * dropped.  False if any of the three leaves is absent.
 */
bool cpuid_decode_brand(const struct cpuid_set *set, char buf[49]);

#endif
