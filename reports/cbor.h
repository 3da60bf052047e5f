/* SPDX-License-Identifier: MIT */
/*
 * Deterministic CBOR (RFC 8949 §4.2.1) for reports: a writer that always
 * emits preferred serialization (shortest heads, definite lengths), and a
 * strict validator that accepts nothing else.
 *
 * libcbor 0.8.0 keeps map keys in insertion order, serializes integers at
 * the width they were built with and decodes leniently (research/
 * reports.md §2), so certify writes CBOR itself and runs every byte it
 * reads through cbor_validate() before libcbor sees it.
 *
 * The profile (reports/certify-report.cddl): unsigned and negative
 * integers, byte and text strings, arrays, maps, false/true/null; no
 * floats, no indefinite lengths, no tags except COSE_Sign1's 18 at the
 * top; map keys strictly increasing in bytewise order of their encoding.
 */
#ifndef CERTIFY_CBOR_H
#define CERTIFY_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/strbuf.h"

#define CBOR_MAX_DEPTH 16

/* ---- writing: heads and items appended to a buffer ---- */

void cbor_put_uint(struct strbuf *b, uint64_t v);
/* The negative integer -1 - @n (major type 1 with argument @n). */
void cbor_put_nint(struct strbuf *b, uint64_t n);
void cbor_put_int(struct strbuf *b, int64_t v);
void cbor_put_bstr(struct strbuf *b, const void *p, size_t len);
void cbor_put_tstr(struct strbuf *b, const char *s);
void cbor_put_tstrn(struct strbuf *b, const char *s, size_t len);
/* Heads of containers: the caller appends @n items (maps: @n key-value
 * pairs, keys in increasing bytewise order of their encodings). */
void cbor_put_array(struct strbuf *b, uint64_t n);
void cbor_put_map(struct strbuf *b, uint64_t n);
void cbor_put_tag(struct strbuf *b, uint64_t tag);
void cbor_put_bool(struct strbuf *b, bool v);
void cbor_put_null(struct strbuf *b);

/* ---- validating ---- */

/* (Not cbor_error: libcbor has a struct of that name.) */
struct cbor_fault {
	size_t offset;		/* of the item at fault */
	const char *what;	/* static text */
};

/* Tags the validator accepts: none, or COSE_Sign1 (18) around the top
 * item only. */
enum cbor_tags {
	CBOR_NO_TAGS,
	CBOR_TOP_TAG_18,
};

/*
 * Checks that @p[0..@len) is exactly one well-formed item in certify's
 * deterministic profile, nested at most CBOR_MAX_DEPTH deep, with every
 * length within the bytes left (so no decoder allocates more than the
 * input warrants).  Returns 0, or -1 with @err set.
 */
int cbor_validate(const uint8_t *p, size_t len, enum cbor_tags tags,
		  struct cbor_fault *err);

/*
 * Reads one head at @p[0..@len): major type, argument, and the head's
 * size.  Returns 0, or -1 when the bytes end or the head is not in the
 * profile (a reserved or indefinite additional-information value).
 */
int cbor_head(const uint8_t *p, size_t len, unsigned int *major,
	      uint64_t *arg, size_t *size);

#endif
