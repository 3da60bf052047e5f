/* SPDX-License-Identifier: MIT */
/*
 * Walks a CPU's CPUID the way `cpuid -r` does: every basic, hypervisor and
 * extended leaf up to its range's maximum, and the sub-leaves of indexed
 * leaves by each leaf's own enumeration rule.  The CPU is a function, so the
 * walk runs on the CPUID instruction (host.c) or on a recorded set (tests).
 */
#ifndef CERTIFY_CPUID_ENUM_H
#define CERTIFY_CPUID_ENUM_H

#include <stdint.h>

#include "cpuid_set.h"

typedef void (*cpuid_query_fn)(uint32_t leaf, uint32_t subleaf,
			       uint32_t regs[CPUID_NR_REGS], void *ctx);

/* Walks the ranges a range-maximum leaf must land in, to bound the walk. */
#define CPUID_ENUM_MAX_PER_RANGE 0x100u
/* Sub-leaves tried per leaf at most. */
#define CPUID_ENUM_MAX_SUBLEAVES 64u

/* Fills @out (initialised, empty); returns 0 or -ENOMEM. */
int cpuid_enumerate(cpuid_query_fn query, void *ctx, struct cpuid_set *out);

#endif
