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

#endif
