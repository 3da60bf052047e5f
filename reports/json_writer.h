/* SPDX-License-Identifier: MIT */
/*
 * A small JSON writer for the renderings: strings escaped per RFC 8259,
 * keys in the order the caller writes them (the shape is documented and
 * stable), two-space indentation.
 */
#ifndef CERTIFY_JSON_WRITER_H
#define CERTIFY_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/strbuf.h"

#define JSON_MAX_DEPTH 16

struct json_writer {
	struct strbuf *out;
	unsigned int depth;
	bool first[JSON_MAX_DEPTH];	/* no member written yet */
	bool compact;			/* one line per object of an array */
};

void json_init(struct json_writer *w, struct strbuf *out);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
/* @key is NULL inside arrays. */
void json_string(struct json_writer *w, const char *key, const char *v);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* "0x%0*x" as a string */
void json_hex(struct json_writer *w, const char *key, uint64_t v,
	      unsigned int digits);
/* Escapes @s into @out as a JSON string. */
void json_escape(struct strbuf *out, const char *s);

#endif
