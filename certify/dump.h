/* SPDX-License-Identifier: MIT */
/*
 * Readers of CPUID dumps and configs (DESIGN.md §3).
 *
 * Every reader fills a struct config from a struct input or fails with
 * "file:line: what is wrong"; none of them stops half-way with a partial
 * result.  The formats:
 *
 *   config    certify's config: a superset of `cpuid -r` lines with
 *             "key = value" directives, '#' comments and an optional
 *             xcr0_in/xss_in per line (dump_text.c)
 *   cpuid -r  Todd Allen's cpuid tool, raw mode; read by the config reader
 *   aida64    AIDA64 "CPUID Registers" dumps as InstLatx64 publishes them
 *   libvirt   libvirt's tests/cputestdata cpudata XML
 *
 * Multi-CPU dumps hold one CPUID set per logical CPU; @cpu picks one.
 */
#ifndef CERTIFY_DUMP_H
#define CERTIFY_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "input.h"

enum dump_format {
	DUMP_AUTO,
	DUMP_CONFIG,	/* also reads `cpuid -r` */
	DUMP_AIDA64,
	DUMP_LIBVIRT,
};

struct dump_opts {
	enum dump_format format;
	int cpu;	/* logical CPU to read; -1 for the first in the dump */
};

#define DUMP_OPTS_DEFAULT { .format = DUMP_AUTO, .cpu = -1 }

/* Parses "config", "cpuid-r", "aida64", "libvirt", "auto"; -1 if unknown. */
int dump_format_parse(const char *name);
/* Guesses the format from the first non-blank line. */
enum dump_format dump_format_detect(const struct input *in);

/* Reads @in into @cfg (which must be initialised and empty). */
int dump_read(const struct input *in, const struct dump_opts *opts,
	      struct config *cfg, struct diag *d);

int dump_read_config(const struct input *in, const struct dump_opts *opts,
		     struct config *cfg, struct diag *d);
int dump_read_aida64(const struct input *in, const struct dump_opts *opts,
		     struct config *cfg, struct diag *d);
int dump_read_libvirt(const struct input *in, const struct dump_opts *opts,
		      struct config *cfg, struct diag *d);

/*
 * CPUID lines as a reader saw them, before they become a set: a dump prints a
 * sub-leaf for every leaf, so whether it is significant is only known once
 * all lines of the leaf are in (dump_rows.c).
 */
/*
 * More entries than any CPU or platform has (KVM takes at most 256, an SNP
 * page 64) is an input error, and keeps hostile input from costing
 * quadratic time.
 */
#define DUMP_MAX_ENTRIES 4096u

struct dump_row {
	struct cpuid_entry entry;	/* entry.indexed is decided later */
	bool any_subleaf;		/* written as '*' */
	unsigned int line;
};

struct dump_rows {
	struct dump_row *rows;
	size_t n;
	size_t cap;
};

/* Adds a row; fails with @d set past DUMP_MAX_ENTRIES or out of memory. */
int dump_rows_add(struct dump_rows *rows, const struct dump_row *row,
		  const char *file, struct diag *d);
void dump_rows_release(struct dump_rows *rows);
/*
 * Decides which sub-leaves are significant and fills @set, or fails on a
 * duplicate or conflicting entry.  A sub-leaf is significant when the leaf
 * is indexed in models/cpuid-leaves.txt or in @cfg's cpuid.indexed
 * directive, when it is not 0, or when the leaf has other sub-leaves; '*'
 * marks it not significant.  An empty set is an error at @last_line.
 */
int dump_rows_to_set(struct dump_rows *rows, const struct config *cfg,
		     const char *file, unsigned int last_line,
		     struct cpuid_set *set, struct diag *d);

#endif
