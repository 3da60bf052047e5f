// SPDX-License-Identifier: MIT
#include <string.h>
#include <strings.h>

#include "feature_table.h"

#define FEATURE_ROW(id_, leaf_, first_, last_, reg_, bit_, width_, name_,  \
		    db_, qemu_, desc_)					   \
	{ .id = #id_, .leaf = (leaf_), .subleaf_first = (first_),	   \
	  .subleaf_last = (last_), .reg = (reg_), .bit = (bit_),	   \
	  .width = (width_), .name = (name_), .db_name = (db_),	   \
	  .qemu_name = (qemu_), .description = (desc_) },

const struct cpuid_feature cpuid_features[] = {
	CPUID_FEATURE_TABLE(FEATURE_ROW)
};

const size_t cpuid_features_count =
	sizeof(cpuid_features) / sizeof(cpuid_features[0]);

static bool covers(const struct cpuid_feature *f, uint32_t leaf,
		   uint32_t subleaf, unsigned int reg)
{
	return f->leaf == leaf && f->reg == reg &&
	       subleaf >= f->subleaf_first && subleaf <= f->subleaf_last;
}

/* First table index of @leaf; the table is sorted by leaf. */
static size_t first_of_leaf(uint32_t leaf)
{
	size_t lo = 0, hi = cpuid_features_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cpuid_features[mid].leaf < leaf)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void cpuid_features_for_reg(uint32_t leaf, uint32_t subleaf, unsigned int reg,
			    void (*fn)(const struct cpuid_feature *f, void *arg),
			    void *arg)
{
	unsigned int bit;

	/*
	 * The table is sorted by sub-leaf range before register, so walk the
	 * bits in order and pick each bit's row.
	 */
	for (bit = 0; bit < 32; bit++) {
		const struct cpuid_feature *f =
			cpuid_feature_at(leaf, subleaf, reg, bit);

		if (f && f->bit == bit)
			fn(f, arg);
	}
}

const struct cpuid_feature *cpuid_feature_at(uint32_t leaf, uint32_t subleaf,
					     unsigned int reg,
					     unsigned int bit)
{
	size_t i;

	for (i = first_of_leaf(leaf);
	     i < cpuid_features_count && cpuid_features[i].leaf == leaf; i++) {
		const struct cpuid_feature *f = &cpuid_features[i];

		if (covers(f, leaf, subleaf, reg) && bit >= f->bit &&
		    bit < (unsigned int)f->bit + f->width)
			return f;
	}
	return NULL;
}

const struct cpuid_feature *cpuid_feature_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < cpuid_features_count; i++) {
		const struct cpuid_feature *f = &cpuid_features[i];

		if (strcmp(f->name, name) == 0 ||
		    strcmp(f->db_name, name) == 0 ||
		    strcmp(f->qemu_name, name) == 0 ||
		    strcasecmp(f->id, name) == 0)
			return f;
	}
	return NULL;
}

struct cpuid_field cpuid_feature_field(const struct cpuid_feature *f)
{
	return CPUID_FIELD(f->leaf, f->subleaf_first, f->reg, f->bit,
			   f->width);
}
