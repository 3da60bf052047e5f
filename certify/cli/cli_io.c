// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../atomic_file.h"
#include "../scan.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("certify: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("certify: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s", usage);
	return EXIT_USAGE;
}

int cli_read_dump(const char *path, const struct dump_opts *opts,
		  struct config *cfg)
{
	struct input in;
	struct diag d;
	int ret;

	diag_clear(&d);
	if (input_load(&in, path, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	ret = dump_read(&in, opts, cfg, &d);
	input_release(&in);
	if (ret) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	return 0;
}

int cli_write_output(const char *path, const struct strbuf *sb)
{
	struct diag d;

	if (strbuf_failed(sb)) {
		cli_error("out of memory");
		return EXIT_ENVIRONMENT;
	}
	diag_clear(&d);
	if (atomic_write(path, strbuf_str(sb), sb->len, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_ENVIRONMENT;
	}
	return 0;
}

int cli_parse_cpu(const char *s)
{
	struct scan sc;
	uint64_t v;

	scan_init(&sc, s, strlen(s));
	if (scan_dec(&sc, 31, &v) != SCAN_NUM_OK || !scan_eof(&sc))
		return -1;
	return (int)v;
}
