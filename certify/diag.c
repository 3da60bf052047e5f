// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

void diag_set(struct diag *d, const char *file, unsigned int line,
	      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!d)
		return;
	if (line)
		n = snprintf(d->msg, sizeof(d->msg), "%s:%u: ", file, line);
	else
		n = snprintf(d->msg, sizeof(d->msg), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(d->msg))
		return;
	va_start(ap, fmt);
	vsnprintf(d->msg + n, sizeof(d->msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

void diag_clear(struct diag *d)
{
	d->msg[0] = '\0';
}

bool diag_is_set(const struct diag *d)
{
	return d->msg[0] != '\0';
}
