// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embedded.h"
#include "input.h"

static char *display_name(const char *path)
{
	return strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
}

static int read_all(int fd, struct input *in, struct diag *d)
{
	size_t cap = 65536;
	char *buf = malloc(cap + 1);
	size_t len = 0;

	if (!buf)
		goto oom;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *p;

			if (cap >= INPUT_MAX_BYTES) {
				diag_set(d, in->name, 0,
					 "input larger than %u MiB",
					 INPUT_MAX_BYTES >> 20);
				free(buf);
				return -1;
			}
			cap *= 2;
			p = realloc(buf, cap + 1);
			if (!p)
				goto oom;
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_set(d, in->name, 0, "cannot read: %s",
				 strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	in->data = buf;
	in->len = len;
	return 0;
oom:
	free(buf);
	diag_set(d, in->name, 0, "out of memory");
	return -1;
}

int input_load(struct input *in, const char *path, struct diag *d)
{
	int fd, ret;

	if (!strncmp(path, INPUT_EMBEDDED_PREFIX,
		     strlen(INPUT_EMBEDDED_PREFIX))) {
		const char *name = path + strlen(INPUT_EMBEDDED_PREFIX);
		const struct embedded_file *e = embedded_input(name);

		if (!e) {
			diag_set(d, path, 0, "no such embedded input");
			return -1;
		}
		if (input_from_buffer(in, path, e->data, e->len)) {
			diag_set(d, path, 0, "out of memory");
			return -1;
		}
		return 0;
	}

	memset(in, 0, sizeof(*in));
	in->name = display_name(path);
	if (!in->name) {
		diag_set(d, path, 0, "out of memory");
		return -1;
	}
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			diag_set(d, in->name, 0, "cannot open: %s",
				 strerror(errno));
			goto fail;
		}
	}
	ret = read_all(fd, in, d);
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret < 0)
		goto fail;
	return 0;
fail:
	input_release(in);
	return -1;
}

int input_from_buffer(struct input *in, const char *name, const void *data,
		      size_t len)
{
	memset(in, 0, sizeof(*in));
	in->name = strdup(name);
	in->data = malloc(len + 1);
	if (!in->name || !in->data) {
		input_release(in);
		return -1;
	}
	if (len)
		memcpy(in->data, data, len);
	in->data[len] = '\0';
	in->len = len;
	return 0;
}

void input_release(struct input *in)
{
	free(in->name);
	free(in->data);
	memset(in, 0, sizeof(*in));
}

size_t input_text_start(const struct input *in)
{
	/* Windows tools (AIDA64 among them) may start a file with a BOM. */
	if (in->len >= 3 && memcmp(in->data, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

void line_iter_init(struct line_iter *it, const struct input *in)
{
	it->in = in;
	it->pos = input_text_start(in);
	it->lineno = 0;
}

int line_next(struct line_iter *it, const char **line, size_t *len,
	      struct diag *d)
{
	const char *data = it->in->data;
	size_t end = it->in->len;
	size_t start = it->pos, i;

	if (start >= end)
		return 0;
	it->lineno++;
	for (i = start; i < end && data[i] != '\n'; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\r' && (i + 1 == end || data[i + 1] == '\n'))
			continue;
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			diag_set(d, it->in->name, it->lineno,
				 "binary data (byte 0x%02x at column %zu)", c,
				 i - start + 1);
			return -1;
		}
		if (i - start >= INPUT_MAX_LINE) {
			diag_set(d, it->in->name, it->lineno,
				 "line longer than %u bytes", INPUT_MAX_LINE);
			return -1;
		}
	}
	it->pos = i < end ? i + 1 : end;
	*line = data + start;
	*len = i - start;
	if (*len && data[start + *len - 1] == '\r')
		(*len)--;
	return 1;
}
