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

const char *strpool_vprintf(struct strpool *p, const char *fmt, va_list ap)
{
	char buf[1024], *big;
	const char *s;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0) {
		va_end(again);
		p->failed++;
		return "";
	}
	if ((size_t)n < sizeof(buf)) {
		va_end(again);
		return strpool_intern(p, buf);
	}
	/* Longer than the stack buffer: never cut a string short. */
	big = malloc((size_t)n + 1);
	if (!big) {
		va_end(again);
		p->failed++;
		return "";
	}
	vsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	s = strpool_intern(p, big);
	free(big);
	return s;
}

const char *strpool_printf(struct strpool *p, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = strpool_vprintf(p, fmt, ap);
	va_end(ap);
	return s;
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
