/* SPDX-License-Identifier: MIT */
/*
 * The certify program: subcommands and the helpers they share.
 */
#ifndef CERTIFY_CLI_H
#define CERTIFY_CLI_H

#include "../config.h"
#include "../dump.h"
#include "../strbuf.h"
#include "../util.h"

#ifndef CERTIFY_VERSION
#define CERTIFY_VERSION "0.0.0"
#endif

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;	/* lines after "certify " */
};

int cmd_host(int argc, char **argv);
int cmd_cpuid(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* Prints "certify: ..." to stderr. */
void cli_error(const char *fmt, ...) __printf(1, 2);
/* Prints a usage error and the command's usage; returns EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __printf(2, 3);

/*
 * Reads a dump or config.  Returns 0, or prints the reader's
 * "file:line: ..." and returns EXIT_BAD_INPUT.
 */
int cli_read_dump(const char *path, const struct dump_opts *opts,
		  struct config *cfg);
/*
 * Writes the finished buffer to @path ("-" for standard output) in one
 * piece.  Returns 0 or an exit status after printing the error.
 */
int cli_write_output(const char *path, const struct strbuf *sb);
/* Parses a non-negative decimal option value; -1 if it is not one. */
int cli_parse_cpu(const char *s);

#endif
