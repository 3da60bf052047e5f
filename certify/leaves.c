// SPDX-License-Identifier: MIT
#include <stddef.h>

#include "leaves.h"
#include "cpuid_leaves_gen.h"
#include "util.h"

struct leaf_info {
	uint32_t leaf;
	bool indexed;
	const char *title;
};

#define LEAF_ROW(leaf_, indexed_, title_) \
	{ .leaf = (leaf_), .indexed = (indexed_), .title = (title_) },

static const struct leaf_info leaf_table[] = {
	CPUID_LEAF_TABLE(LEAF_ROW)
};

static const struct leaf_info *leaf_info(uint32_t leaf)
{
	size_t lo = 0, hi = ARRAY_SIZE(leaf_table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (leaf_table[mid].leaf == leaf)
			return &leaf_table[mid];
		if (leaf_table[mid].leaf < leaf)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool cpuid_leaf_is_indexed(uint32_t leaf)
{
	const struct leaf_info *li = leaf_info(leaf);

	return li && li->indexed;
}

const char *cpuid_leaf_title(uint32_t leaf)
{
	const struct leaf_info *li = leaf_info(leaf);

	return li ? li->title : NULL;
}
