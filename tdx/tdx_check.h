/* SPDX-License-Identifier: MIT */
/*
 * certify check --platform tdx: the TDX pipeline of DESIGN.md §1, VMM ->
 * KVM -> TDX module -> guest run time, as one call.
 */
#ifndef CERTIFY_TDX_CHECK_H
#define CERTIFY_TDX_CHECK_H

#include "certify/check.h"
#include "certify/diag.h"

/*
 * Runs @req through the TDX stages into @res.  Returns 0 (whatever the
 * outcome), or -1 with @d set for bad input (a tdx.* directive, a rule set
 * that is not for tdx) or when out of memory.
 */
int tdx_check(const struct check_request *req, struct check_result *res,
	      struct diag *d);

struct tdx_rules;

/*
 * The config's CPUID entries as KVM_TDX_INIT_VM receives them from a VMM
 * that passes them on as they are (--vmm none): with the sub-leaf
 * significance of the module's table, since a config read from `cpuid -r`
 * marks sub-leaves by its own rules.  @out must be initialised.
 */
int tdx_request_entries(const struct tdx_rules *rules,
			const struct cpuid_set *config, struct cpuid_set *out);

#endif
