/* SPDX-License-Identifier: MIT */
/*
 * Output files are written whole or not at all: to a temporary file in the
 * target's directory, flushed to disk, then renamed over the target.  An
 * interrupted run leaves the old file (or none), never a partial one.
 */
#ifndef CERTIFY_ATOMIC_FILE_H
#define CERTIFY_ATOMIC_FILE_H

#include <stddef.h>

#include "diag.h"

/* Writes @len bytes to @path ("-" is standard output); 0 or -1 with @d. */
int atomic_write(const char *path, const void *data, size_t len,
		 struct diag *d);

#endif
