// SPDX-License-Identifier: MIT
#include <string.h>

#include "scan.h"

void scan_init(struct scan *s, const char *line, size_t len)
{
	s->p = line;
	s->end = line + len;
}

bool scan_eof(const struct scan *s)
{
	return s->p >= s->end;
}

size_t scan_left(const struct scan *s)
{
	return (size_t)(s->end - s->p);
}

char scan_peek(const struct scan *s)
{
	return scan_eof(s) ? '\0' : *s->p;
}

size_t scan_ws(struct scan *s)
{
	size_t n = 0;

	while (!scan_eof(s) && (*s->p == ' ' || *s->p == '\t')) {
		s->p++;
		n++;
	}
	return n;
}

bool scan_lit(struct scan *s, const char *lit)
{
	size_t n = strlen(lit);

	if (scan_left(s) < n || memcmp(s->p, lit, n) != 0)
		return false;
	s->p += n;
	return true;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool scan_lit_nocase(struct scan *s, const char *lit)
{
	size_t n = strlen(lit), i;

	if (scan_left(s) < n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(s->p[i]) != lower(lit[i]))
			return false;
	s->p += n;
	return true;
}

bool scan_rest_is_blank(struct scan *s)
{
	scan_ws(s);
	if (!scan_eof(s) && *s->p == '#')
		s->p = s->end;
	return scan_eof(s);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum scan_num scan_hex_digits(struct scan *s, unsigned int ndigits,
			      unsigned int max_bits, uint64_t *v)
{
	const char *start = s->p;
	uint64_t limit = max_bits >= 64 ? UINT64_MAX :
					  (UINT64_C(1) << max_bits) - 1;
	uint64_t val = 0;
	bool too_wide = false;
	unsigned int n = 0;
	int d;

	while (!scan_eof(s) && (d = hex_value(*s->p)) >= 0) {
		if (ndigits && n == ndigits)
			break;
		if (val > (limit >> 4))
			too_wide = true;
		val = (val << 4) | (unsigned int)d;
		if (val > limit)
			too_wide = true;
		s->p++;
		n++;
	}
	if (n == 0 || (ndigits && n != ndigits)) {
		s->p = start;
		return SCAN_NUM_NONE;
	}
	if (too_wide)
		return SCAN_NUM_TOO_WIDE;
	*v = val;
	return SCAN_NUM_OK;
}

enum scan_num scan_hex(struct scan *s, unsigned int max_bits, uint64_t *v)
{
	const char *start = s->p;
	enum scan_num r;

	if (!scan_lit(s, "0x") && !scan_lit(s, "0X"))
		return SCAN_NUM_NONE;
	r = scan_hex_digits(s, 0, max_bits, v);
	if (r == SCAN_NUM_NONE)
		s->p = start;
	return r;
}

enum scan_num scan_dec(struct scan *s, unsigned int max_bits, uint64_t *v)
{
	uint64_t limit = max_bits >= 64 ? UINT64_MAX :
					  (UINT64_C(1) << max_bits) - 1;
	uint64_t val = 0;
	bool too_wide = false;
	unsigned int n = 0;

	while (!scan_eof(s) && *s->p >= '0' && *s->p <= '9') {
		unsigned int d = (unsigned int)(*s->p - '0');

		if (val > (limit - d) / 10)
			too_wide = true;
		else
			val = val * 10 + d;
		s->p++;
		n++;
	}
	if (n == 0)
		return SCAN_NUM_NONE;
	if (too_wide)
		return SCAN_NUM_TOO_WIDE;
	*v = val;
	return SCAN_NUM_OK;
}

enum scan_num scan_number(struct scan *s, unsigned int max_bits, uint64_t *v)
{
	if (scan_left(s) >= 2 && s->p[0] == '0' &&
	    (s->p[1] == 'x' || s->p[1] == 'X'))
		return scan_hex(s, max_bits, v);
	return scan_dec(s, max_bits, v);
}
