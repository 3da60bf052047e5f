/* SPDX-License-Identifier: MIT */
/*
 * Reading a signed report file for verify, show and diff.
 */
#ifndef CERTIFY_REPORT_FILE_H
#define CERTIFY_REPORT_FILE_H

#include "../input.h"
#include "../../reports/cose.h"
#include "../../reports/report.h"

/*
 * Reads the COSE_Sign1 report at @path into @rep (whose inputs live in
 * its own storage) and @payload (pointers into @file, which the caller
 * releases after).  With @key, checks the signature.  Returns 0; 1 when
 * the file is not a valid report (@d says why: format, signature,
 * schema); -1 when it cannot be read (@d says why).
 */
int report_file_read(const char *path, const struct cose_key *key,
		     struct input *file, struct cose_sign1 *msg,
		     struct report *rep, struct diag *d);

#endif
