// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strpool.h"

/* A list is enough: a check interns a few hundred strings. */
struct strpool_chunk {
	struct strpool_chunk *next;
	char text[];
};

const char *strpool_intern(struct strpool *p, const char *s)
{
	struct strpool_chunk *c;
	size_t len = strlen(s);

	for (c = p->chunks; c; c = c->next)
		if (!strcmp(c->text, s))
			return c->text;
	c = malloc(sizeof(*c) + len + 1);
	if (!c) {
		p->failed++;
		return "";
	}
	memcpy(c->text, s, len + 1);
	c->next = p->chunks;
	p->chunks = c;
	p->count++;
	return c->text;
}

const char *strpool_printf(struct strpool *p, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strpool_intern(p, buf);
}

void strpool_release(struct strpool *p)
{
	struct strpool_chunk *c = p->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	p->chunks = NULL;
	p->count = 0;
	p->failed = 0;
}
