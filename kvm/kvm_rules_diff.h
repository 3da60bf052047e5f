/* SPDX-License-Identifier: MIT */
/*
 * `certify rules diff` for KVM rule sets: what differs between two
 * kernels' rules or two machines' captures, per bit.
 */
#ifndef CERTIFY_KVM_RULES_DIFF_H
#define CERTIFY_KVM_RULES_DIFF_H

#include "certify/diag.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"

int kvm_rules_diff(const struct ruleset *a, const struct ruleset *b,
		   struct strbuf *out, struct diag *d);

#endif
