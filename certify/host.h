/* SPDX-License-Identifier: MIT */
/*
 * This machine's CPUID, read with the CPUID instruction.
 */
#ifndef CERTIFY_HOST_H
#define CERTIFY_HOST_H

#include "cpuid_set.h"

/*
 * Reads every leaf and sub-leaf (cpuid_enum.c) on one logical CPU: the
 * thread is pinned to the CPU it runs on for the walk, so per-CPU fields
 * (APIC IDs) all come from that CPU, which is returned in @cpu (-1 if the
 * kernel would not say).  Returns 0, -ENOSYS on a machine that is not x86,
 * or -ENOMEM.
 */
int host_cpuid_read(struct cpuid_set *out, int *cpu);

#endif
