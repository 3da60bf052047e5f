/* SPDX-License-Identifier: MIT */
/*
 * Interned strings that live as long as the pool: rule ids and notes built
 * at run time and shared by many findings.
 */
#ifndef CERTIFY_STRPOOL_H
#define CERTIFY_STRPOOL_H

#include <stdarg.h>

#include "util.h"

struct strpool {
	struct strpool_chunk *chunks;
	unsigned int count;
	unsigned int failed;	/* allocation failures, sticky */
};

#define STRPOOL_INIT { NULL, 0, 0 }

/* The pool's copy of @s; equal strings share one copy.  "" if out of
 * memory (and ->failed is set). */
const char *strpool_intern(struct strpool *p, const char *s);
const char *strpool_printf(struct strpool *p, const char *fmt, ...)
	__printf(2, 3);
const char *strpool_vprintf(struct strpool *p, const char *fmt, va_list ap)
	__printf(2, 0);
void strpool_release(struct strpool *p);

#endif
