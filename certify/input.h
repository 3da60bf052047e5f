/* SPDX-License-Identifier: MIT */
/*
 * External input held in memory, and the line iterator every text reader
 * uses.  The iterator is where binary garbage and over-long lines are turned
 * into "file:line: ..." errors, once for all readers.
 */
#ifndef CERTIFY_INPUT_H
#define CERTIFY_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Larger inputs are refused: the biggest real dump (AIDA64, 384 CPUs) is
 * under 3 MiB. */
#define INPUT_MAX_BYTES (64u << 20)
/* Longer lines are refused; real dump lines are under 200 bytes. */
#define INPUT_MAX_LINE 4096u

struct input {
	char *name;	/* as given by the user; "-" is shown as "<stdin>" */
	char *data;	/* NUL-terminated copy; may contain NULs itself */
	size_t len;
};

/* A path of this form names a file compiled into the binary. */
#define INPUT_EMBEDDED_PREFIX "embedded:"

/*
 * Reads @path, standard input for "-", or an embedded example or reference
 * host for "embedded:NAME" (models/examples, models/hosts).
 */
int input_load(struct input *in, const char *path, struct diag *d);
/* Copies a buffer (tests, fuzz targets, embedded data). */
int input_from_buffer(struct input *in, const char *name, const void *data,
		      size_t len);
void input_release(struct input *in);

/* Offset of the text after a UTF-8 byte order mark, if there is one. */
size_t input_text_start(const struct input *in);

struct line_iter {
	const struct input *in;
	size_t pos;
	unsigned int lineno;	/* of the line last returned */
};

void line_iter_init(struct line_iter *it, const struct input *in);
/*
 * Returns 1 with the next line (without its end of line, CR LF accepted),
 * 0 at the end, or -1 with @d set for a line that holds a NUL or control
 * byte or is longer than INPUT_MAX_LINE.
 */
int line_next(struct line_iter *it, const char **line, size_t *len,
	      struct diag *d);

#endif
