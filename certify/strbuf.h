/* SPDX-License-Identifier: MIT */
/*
 * A growable text buffer.  Output is built in memory and written only once it
 * is complete, so a failed run never leaves partial output.  An allocation
 * failure is sticky: later appends do nothing and strbuf_failed() says so,
 * which keeps formatting code free of per-call error checks.
 */
#ifndef CERTIFY_STRBUF_H
#define CERTIFY_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct strbuf {
	char *buf;	/* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
	bool failed;
};

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __printf(2, 3);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
/* Pads with spaces up to column @col of the current line. */
void strbuf_pad_to(struct strbuf *sb, size_t col);
bool strbuf_failed(const struct strbuf *sb);
/* The text so far; "" for an empty buffer. */
const char *strbuf_str(const struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Cuts the text back to its first @len bytes (no-op if shorter). */
void strbuf_truncate(struct strbuf *sb, size_t len);
/*
 * Cuts the text after @mark if it is one line (a section title with
 * nothing under it); returns the length after, where the next section
 * starts.
 */
size_t strbuf_drop_lone_line(struct strbuf *sb, size_t mark);
void strbuf_release(struct strbuf *sb);

#endif
