/* SPDX-License-Identifier: MIT */
/*
 * The CPUID feature table: every named bit and multi-bit field, generated at
 * build time from models/cpuid-features.txt (see its header for provenance).
 *
 * Code names a feature as a value, e.g. CPUID_FEATURE_XSAVE or
 * CPUID_FIELD_STEPPING (a struct cpuid_field); output names it through
 * cpuid_feature_lookup().
 */
#ifndef CERTIFY_FEATURE_TABLE_H
#define CERTIFY_FEATURE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "cpuid.h"
#include "cpuid_features_gen.h"

struct cpuid_feature {
	const char *id;		/* C identifier without its prefix */
	uint32_t leaf;
	uint32_t subleaf_first;	/* the layout holds for these sub-leaves */
	uint32_t subleaf_last;
	uint8_t reg;
	uint8_t bit;
	uint8_t width;
	const char *name;	/* display name */
	const char *db_name;	/* x86-cpuid-db name, "" if none */
	const char *qemu_name;	/* QEMU property name, "" if none */
	const char *description;
};

/* All features, sorted by leaf, first sub-leaf, register, bit. */
extern const struct cpuid_feature cpuid_features[];
extern const size_t cpuid_features_count;

/*
 * Calls @fn for each feature of (@leaf, @subleaf, @reg), lowest bit first.
 */
void cpuid_features_for_reg(uint32_t leaf, uint32_t subleaf, unsigned int reg,
			    void (*fn)(const struct cpuid_feature *f, void *arg),
			    void *arg);
/* The named feature or field covering this bit, or NULL. */
const struct cpuid_feature *cpuid_feature_at(uint32_t leaf, uint32_t subleaf,
					     unsigned int reg,
					     unsigned int bit);
/* Finds a feature by display name, x86-cpuid-db name, QEMU name or id. */
const struct cpuid_feature *cpuid_feature_by_name(const char *name);
/* The field value of a table row, for use with cpuid_set_get(). */
struct cpuid_field cpuid_feature_field(const struct cpuid_feature *f);

#endif
