/* SPDX-License-Identifier: MIT */
/*
 * A set of CPUID entries: what a config asks for, what a dump holds, what a
 * platform stage passes on.
 *
 * Entries are kept sorted by (leaf, sub-leaf, xcr0_in, xss_in).  The set
 * tells "sub-leaf not significant" (@indexed false: the entry answers every
 * ECX) apart from "sub-leaf 0", as the platforms do: TDX encodes the former
 * as sub-leaf 0xFFFFFFFF, KVM clears KVM_CPUID_FLAG_SIGNIFCANT_INDEX, SNP
 * looks the pair (eax_in, ecx_in) up in its own table.
 *
 * xcr0_in and xss_in are the XCR0/XSS values an entry holds for: leaf 0xD's
 * sizes depend on them, and an SNP CPUID page may carry one 0xD entry per
 * XCR0 the guest will use.  They are 0 when not given.
 */
#ifndef CERTIFY_CPUID_SET_H
#define CERTIFY_CPUID_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpuid.h"

struct cpuid_entry {
	uint32_t leaf;
	uint32_t subleaf;	/* 0 when !indexed */
	bool indexed;		/* the sub-leaf is significant */
	uint64_t xcr0_in;
	uint64_t xss_in;
	uint32_t regs[CPUID_NR_REGS];
	/*
	 * Bits whose value is not known, e.g. taken from a host no dump was
	 * given for; their bits in regs[] are 0.
	 */
	uint32_t unknown[CPUID_NR_REGS];
};

struct cpuid_set {
	struct cpuid_entry *entries;
	size_t n;
	size_t cap;
};

#define CPUID_SET_INIT { NULL, 0, 0 }

#define cpuid_set_for_each(e, s) \
	for ((e) = (s)->entries; (e) && (e) < (s)->entries + (s)->n; (e)++)

void cpuid_set_init(struct cpuid_set *s);
void cpuid_set_release(struct cpuid_set *s);
/* @dst must be initialised; its old entries are dropped. */
int cpuid_set_copy(struct cpuid_set *dst, const struct cpuid_set *src);

/* Orders two entries by key: leaf, sub-leaf, xcr0_in, xss_in. */
int cpuid_entry_key_cmp(const struct cpuid_entry *a,
			const struct cpuid_entry *b);
/*
 * True when the two entries would answer the same CPUID query: same leaf,
 * same xcr0_in/xss_in, and the same sub-leaf or one of them not indexed.
 */
bool cpuid_entry_conflicts(const struct cpuid_entry *a,
			   const struct cpuid_entry *b);

/*
 * Adds @e.  Returns 0, -EEXIST when an entry already answers the same query
 * (see cpuid_entry_conflicts), or -ENOMEM.  A non-indexed entry is stored
 * with sub-leaf 0.
 */
int cpuid_set_insert(struct cpuid_set *s, const struct cpuid_entry *e);
/* Adds @e or replaces the entry that conflicts with it. */
int cpuid_set_put(struct cpuid_set *s, const struct cpuid_entry *e);
/* Removes the entry with @e's key; false if there was none. */
bool cpuid_set_remove(struct cpuid_set *s, const struct cpuid_entry *e);

/*
 * The entry with exactly this leaf, significance and sub-leaf (of several
 * xcr0_in/xss_in variants, the first in key order), or NULL.
 */
const struct cpuid_entry *cpuid_set_find(const struct cpuid_set *s,
					 uint32_t leaf, bool indexed,
					 uint32_t subleaf);
/*
 * The entry that answers CPUID(@leaf, @subleaf) as a CPU would: an indexed
 * entry for that sub-leaf, else the leaf's non-indexed entry.  Of several
 * xcr0_in/xss_in variants the first in key order answers.
 */
const struct cpuid_entry *cpuid_set_lookup(const struct cpuid_set *s,
					   uint32_t leaf, uint32_t subleaf);
/* Reads a field through cpuid_set_lookup; false if no entry answers. */
bool cpuid_set_get(const struct cpuid_set *s, struct cpuid_field f,
		   uint32_t *value);
/* True if some entry answers for @leaf with other sub-leaves than @e's. */
bool cpuid_set_has_other_subleaf(const struct cpuid_set *s,
				 const struct cpuid_entry *e);

/* Same entries, keys, values and unknown bits. */
bool cpuid_set_equal(const struct cpuid_set *a, const struct cpuid_set *b);

#endif
