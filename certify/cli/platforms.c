// SPDX-License-Identifier: MIT
#include <string.h>

#include "platforms.h"
#include "../../snp/snp_check.h"
#include "../../snp/snp_rules_diff.h"
#include "../../tdx/tdx_check.h"
#include "../../tdx/tdx_rules_diff.h"

const struct platform platforms[] = {
	{
		.name = "snp",
		.check = snp_check,
		.rules_diff = snp_rules_diff,
		.rules_validate = snp_rules_validate,
	},
	{
		.name = "tdx",
		.check = tdx_check,
		.rules_diff = tdx_rules_diff,
		.rules_validate = tdx_rules_validate,
	},
};

const size_t platforms_count = ARRAY_SIZE(platforms);

const struct platform *platform_find(const char *name)
{
	size_t i;

	for (i = 0; i < platforms_count; i++)
		if (!strcmp(platforms[i].name, name))
			return &platforms[i];
	return NULL;
}
