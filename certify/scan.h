/* SPDX-License-Identifier: MIT */
/*
 * A cursor over one line of text, with the number syntax every reader shares.
 * Nothing here allocates; a scan never reads past the end of its line.
 */
#ifndef CERTIFY_SCAN_H
#define CERTIFY_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scan {
	const char *p;
	const char *end;
};

enum scan_num {
	SCAN_NUM_OK = 0,
	SCAN_NUM_NONE,		/* no digits where a number must be */
	SCAN_NUM_TOO_WIDE,	/* more bits than the field holds */
};

void scan_init(struct scan *s, const char *line, size_t len);
bool scan_eof(const struct scan *s);
size_t scan_left(const struct scan *s);
char scan_peek(const struct scan *s);
/* Skips spaces and tabs; returns how many. */
size_t scan_ws(struct scan *s);
/* Consumes @lit if the text continues with it. */
bool scan_lit(struct scan *s, const char *lit);
/* Consumes @lit if the text continues with it, ignoring ASCII case. */
bool scan_lit_nocase(struct scan *s, const char *lit);
/* Skips trailing blanks and a '#' comment; true if nothing else is left. */
bool scan_rest_is_blank(struct scan *s);
/*
 * "0x" followed by hex digits (either case), stopping at the first
 * non-hex-digit.  @max_bits is 32 or 64: a larger value is TOO_WIDE.
 */
enum scan_num scan_hex(struct scan *s, unsigned int max_bits, uint64_t *v);
/* Hex digits with no prefix; exactly @ndigits of them unless 0 (any). */
enum scan_num scan_hex_digits(struct scan *s, unsigned int ndigits,
			      unsigned int max_bits, uint64_t *v);
/* Decimal digits. */
enum scan_num scan_dec(struct scan *s, unsigned int max_bits, uint64_t *v);
/* A number in C syntax: 0x hex or decimal. */
enum scan_num scan_number(struct scan *s, unsigned int max_bits, uint64_t *v);

#endif
