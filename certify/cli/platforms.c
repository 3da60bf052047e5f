// SPDX-License-Identifier: MIT
#include <string.h>

#include "platforms.h"
#include "../../kvm/kvm_capture.h"
#include "../../kvm/kvm_check.h"
#include "../../kvm/kvm_probe.h"
#include "../../kvm/kvm_rules.h"
#include "../../kvm/kvm_rules_diff.h"
#include "../../snp/snp_capture.h"
#include "../../snp/snp_check.h"
#include "../../snp/snp_probe.h"
#include "../../snp/snp_rules_diff.h"
#include "../../tdx/tdx_check.h"
#include "../../tdx/tdx_probe.h"
#include "../../tdx/tdx_rules_diff.h"

/* The SNP capture with the rule-set name the command line gives. */
static int snp_capture_run(struct kvm_sys *sys, const struct check_request *req,
			   const char *name, struct strbuf *out,
			   struct diag *d)
{
	struct snp_capture_opts opts = { .name = name };

	return snp_capture(sys, req, &opts, out, d);
}

const struct platform platforms[] = {
	{
		.name = "kvm",
		.check = kvm_check,
		.probe = kvm_probe,
		.capture = kvm_capture_run,
		.rules_diff = kvm_rules_diff,
		.rules_validate = kvm_rules_validate,
	},
	{
		.name = "snp",
		.check = snp_check,
		.probe = snp_probe,
		.capture = snp_capture_run,
		.rules_diff = snp_rules_diff,
		.rules_validate = snp_rules_validate,
	},
	{
		.name = "tdx",
		.check = tdx_check,
		.probe = tdx_probe,
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
