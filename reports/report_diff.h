/* SPDX-License-Identifier: MIT */
/*
 * What changed between two reports (`certify diff A B`).
 */
#ifndef CERTIFY_REPORT_DIFF_H
#define CERTIFY_REPORT_DIFF_H

#include <stddef.h>

#include "certify/strbuf.h"
#include "report.h"

/*
 * Appends the differences from @a to @b to @out: platform, rule set and
 * its digest, tool version, options, inputs' digests, outcome, status,
 * the number of corrections, then every bit whose verdict or final value
 * changed (adjacent bits with the same change on one line).  Returns the
 * number of differences, 0 when the two agree.
 */
size_t report_diff(const struct report *a, const struct report *b,
		   struct strbuf *out);

#endif
