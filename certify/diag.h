/* SPDX-License-Identifier: MIT */
/*
 * A diagnostic: the one error a reader or command stops at, already phrased
 * as "file:line: what is wrong" so that every caller prints it the same way.
 */
#ifndef CERTIFY_DIAG_H
#define CERTIFY_DIAG_H

#include <stdbool.h>

#include "util.h"

struct diag {
	char msg[1024];
};

/* line 0 means the problem is with the file as a whole: "file: what". */
void diag_set(struct diag *d, const char *file, unsigned int line,
	      const char *fmt, ...) __printf(4, 5);
void diag_clear(struct diag *d);
bool diag_is_set(const struct diag *d);

#endif
