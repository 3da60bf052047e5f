/* SPDX-License-Identifier: MIT */
/*
 * What certify knows about each CPUID leaf, generated at build time from
 * models/cpuid-leaves.txt: whether ECX selects a sub-leaf, and a title.
 */
#ifndef CERTIFY_LEAVES_H
#define CERTIFY_LEAVES_H

#include <stdbool.h>
#include <stdint.h>

/* True if ECX selects a sub-leaf of @leaf on some CPU or platform. */
bool cpuid_leaf_is_indexed(uint32_t leaf);
/* The leaf's title, or NULL for a leaf the table does not know. */
const char *cpuid_leaf_title(uint32_t leaf);

#endif
