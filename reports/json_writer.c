// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "json_writer.h"

void json_init(struct json_writer *w, struct strbuf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
	w->compact = false;
}

void json_escape(struct strbuf *out, const char *s)
{
	strbuf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			strbuf_putc(out, '\\');
			strbuf_putc(out, (char)c);
		} else if (c == '\n') {
			strbuf_puts(out, "\\n");
		} else if (c == '\t') {
			strbuf_puts(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_printf(out, "\\u%04x", c);
		} else {
			strbuf_putc(out, (char)c);
		}
	}
	strbuf_putc(out, '"');
}

static void indent(struct json_writer *w)
{
	unsigned int i;

	strbuf_putc(w->out, '\n');
	for (i = 0; i < w->depth; i++)
		strbuf_puts(w->out, "  ");
}

/* The separator and key before a value. */
static void member(struct json_writer *w, const char *key)
{
	if (w->depth) {
		if (!w->first[w->depth])
			strbuf_putc(w->out, ',');
		if (w->compact && w->depth > 2)
			strbuf_putc(w->out, ' ');
		else
			indent(w);
	}
	w->first[w->depth] = false;
	if (key) {
		json_escape(w->out, key);
		strbuf_puts(w->out, ": ");
	}
}

static void begin(struct json_writer *w, const char *key, char open)
{
	member(w, key);
	strbuf_putc(w->out, open);
	/* The renderers' shapes are fixed and shallow: deeper is a bug. */
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		fputs("certify: internal error: JSON nested too deeply\n",
		      stderr);
		abort();
	}
	w->depth++;
	w->first[w->depth] = true;
}

static void end(struct json_writer *w, char close)
{
	bool empty = w->first[w->depth];

	if (w->depth)
		w->depth--;
	if (!empty && !(w->compact && w->depth > 1))
		indent(w);
	else if (!empty)
		strbuf_putc(w->out, ' ');
	strbuf_putc(w->out, close);
	if (!w->depth)
		strbuf_putc(w->out, '\n');
}

void json_begin_object(struct json_writer *w, const char *key)
{
	begin(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	end(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	begin(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	end(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *v)
{
	member(w, key);
	json_escape(w->out, v);
}

void json_uint(struct json_writer *w, const char *key, uint64_t v)
{
	member(w, key);
	strbuf_printf(w->out, "%" PRIu64, v);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	member(w, key);
	strbuf_puts(w->out, v ? "true" : "false");
}

void json_null(struct json_writer *w, const char *key)
{
	member(w, key);
	strbuf_puts(w->out, "null");
}

void json_hex(struct json_writer *w, const char *key, uint64_t v,
	      unsigned int digits)
{
	member(w, key);
	strbuf_printf(w->out, "\"0x%0*" PRIx64 "\"", (int)digits, v);
}
