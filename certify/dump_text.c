// SPDX-License-Identifier: MIT
/*
 * The config reader, which also reads `cpuid -r` output (Todd Allen's cpuid
 * tool, Debian package "cpuid"; shared/corpus/cpuid-dumps/FORMATS.md §2):
 *
 *   CPU 0:                    (or "CPU:" from `cpuid -1 -r`)
 *      0x00000007 0x00: eax=0x00000001 ebx=0x... ecx=0x... edx=0x...
 *
 * A config adds, on any line:
 *   # comment                 (also at the end of a line)
 *   key = value               a directive (config.c lists the keys)
 *   0x0000000d 0x00: eax=... ebx=... ecx=... edx=... xcr0_in=0x3 xss_in=0x0
 *   0x00000007 *: ...         '*': the sub-leaf is not significant
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "scan.h"

/* CPU headers seen so far, to report a repeated one. */
#define MAX_CPU_HEADERS 4096

struct text_reader {
	const struct input *in;
	const struct dump_opts *opts;
	struct config *cfg;
	struct dump_rows rows;
	struct diag *d;
	unsigned int line;
	int cur_cpu;		/* -1 before any "CPU n:" header */
	int picked_cpu;		/* the section whose rows are kept */
	bool saw_header;
	unsigned int rows_outside;	/* CPUID lines before any header */
	unsigned int first_outside_line;
	unsigned char seen_cpu[MAX_CPU_HEADERS];
};

static int fail(struct text_reader *r, const char *what)
{
	diag_set(r->d, r->in->name, r->line, "%s", what);
	return -1;
}

/* "CPU:" or "CPU <n>:" */
static int read_cpu_header(struct text_reader *r, struct scan *s)
{
	uint64_t n = 0;

	if (scan_ws(s)) {
		if (scan_dec(s, 31, &n) != SCAN_NUM_OK)
			return fail(r, "bad CPU header: expected 'CPU <n>:'");
	}
	if (!scan_lit(s, ":") || !scan_rest_is_blank(s))
		return fail(r, "bad CPU header: expected 'CPU <n>:'");
	if (n >= MAX_CPU_HEADERS) {
		diag_set(r->d, r->in->name, r->line,
			 "CPU number %u out of range (at most %u)",
			 (unsigned int)n, MAX_CPU_HEADERS - 1);
		return -1;
	}
	if (r->seen_cpu[n]) {
		diag_set(r->d, r->in->name, r->line, "CPU %u listed twice",
			 (unsigned int)n);
		return -1;
	}
	if (r->rows_outside) {
		diag_set(r->d, r->in->name, r->line,
			 "CPU header after CPUID lines that belong to no CPU "
			 "(first at line %u)", r->first_outside_line);
		return -1;
	}
	r->seen_cpu[n] = 1;
	r->saw_header = true;
	r->cur_cpu = (int)n;
	if (r->picked_cpu < 0 && r->opts->cpu < 0)
		r->picked_cpu = (int)n;
	return 0;
}

static int hex_error(struct text_reader *r, enum scan_num res,
		     const char *what, unsigned int bits)
{
	if (res == SCAN_NUM_TOO_WIDE) {
		diag_set(r->d, r->in->name, r->line,
			 "%s wider than %u bits", what, bits);
		return -1;
	}
	diag_set(r->d, r->in->name, r->line, "bad %s: expected 0x and hex digits",
		 what);
	return -1;
}

/* A number must end at a blank, a comment or the end of the line. */
static int read_hex(struct text_reader *r, struct scan *s, const char *what,
		    unsigned int bits, uint64_t *v)
{
	enum scan_num res = scan_hex(s, bits, v);
	char c = scan_peek(s);

	if (res == SCAN_NUM_OK && c && c != ' ' && c != '\t' && c != '#' &&
	    !(c == ':' && strcmp(what, "sub-leaf") == 0)) {
		diag_set(r->d, r->in->name, r->line,
			 "bad %s: unexpected '%c' after the digits", what, c);
		return -1;
	}
	if (res != SCAN_NUM_OK)
		return hex_error(r, res, what, bits);
	return 0;
}

static int read_cpuid_line(struct text_reader *r, struct scan *s)
{
	static const char *const regs[CPUID_NR_REGS] = {
		"eax=", "ebx=", "ecx=", "edx=",
	};
	struct dump_row row = { .line = r->line };
	unsigned int i;
	uint64_t v;
	bool ws;

	if (read_hex(r, s, "leaf", 32, &v))
		return -1;
	row.entry.leaf = (uint32_t)v;
	if (!scan_ws(s))
		return fail(r, "expected a sub-leaf after the leaf");
	if (scan_lit(s, "*")) {
		row.any_subleaf = true;
	} else {
		if (read_hex(r, s, "sub-leaf", 32, &v))
			return -1;
		row.entry.subleaf = (uint32_t)v;
	}
	if (!scan_lit(s, ":"))
		return fail(r, "expected ':' after the sub-leaf");
	for (i = 0; i < CPUID_NR_REGS; i++) {
		char what[32];

		if (!scan_ws(s) || !scan_lit(s, regs[i])) {
			diag_set(r->d, r->in->name, r->line,
				 "truncated line: expected '%s0x...'",
				 regs[i]);
			return -1;
		}
		snprintf(what, sizeof(what), "%.3s value", regs[i]);
		if (read_hex(r, s, what, 32, &v))
			return -1;
		row.entry.regs[i] = (uint32_t)v;
	}
	ws = scan_ws(s);
	if (ws && scan_lit(s, "xcr0_in=")) {
		if (read_hex(r, s, "xcr0_in", 64, &row.entry.xcr0_in))
			return -1;
		ws = scan_ws(s);
	}
	if (ws && scan_lit(s, "xss_in=")) {
		if (read_hex(r, s, "xss_in", 64, &row.entry.xss_in))
			return -1;
	}
	if (!scan_rest_is_blank(s))
		return fail(r, "unexpected text after the registers");

	if (!r->saw_header && !r->rows_outside++)
		r->first_outside_line = r->line;
	if (r->saw_header && r->cur_cpu != r->picked_cpu)
		return 0;
	return dump_rows_add(&r->rows, &row, r->in->name, r->d);
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.';
}

static int read_directive(struct text_reader *r, struct scan *s)
{
	const char *key = s->p, *value, *vend;
	size_t keylen;

	while (!scan_eof(s) && is_key_char(*s->p))
		s->p++;
	keylen = (size_t)(s->p - key);
	scan_ws(s);
	if (!scan_lit(s, "="))
		return fail(r, "unrecognised line: expected a CPUID line "
			       "('0xLEAF 0xSUBLEAF: eax=...'), a directive "
			       "('key = value') or a comment");
	scan_ws(s);
	value = s->p;
	vend = memchr(value, '#', scan_left(s));
	if (!vend)
		vend = s->end;
	while (vend > value && (vend[-1] == ' ' || vend[-1] == '\t'))
		vend--;
	if (vend == value) {
		diag_set(r->d, r->in->name, r->line,
			 "directive '%.*s' has no value", (int)keylen, key);
		return -1;
	}
	return config_add_directive(r->cfg, key, keylen, value,
				    (size_t)(vend - value), r->in->name,
				    r->line, r->d);
}

static int read_line(struct text_reader *r, const char *line, size_t len)
{
	struct scan s;
	char c;

	scan_init(&s, line, len);
	if (scan_rest_is_blank(&s))
		return 0;
	if (scan_lit(&s, "CPU"))
		return read_cpu_header(r, &s);
	c = scan_peek(&s);
	if (c == '0')
		return read_cpuid_line(r, &s);
	if (c >= 'a' && c <= 'z')
		return read_directive(r, &s);
	return fail(r, "unrecognised line: expected a CPUID line "
		       "('0xLEAF 0xSUBLEAF: eax=...'), a directive "
		       "('key = value') or a comment");
}

int dump_read_config(const struct input *in, const struct dump_opts *opts,
		     struct config *cfg, struct diag *d)
{
	struct text_reader *r;
	struct line_iter it;
	const char *line;
	size_t len;
	int ret = -1, more;

	r = calloc(1, sizeof(*r));
	if (!r) {
		diag_set(d, in->name, 0, "out of memory");
		return -1;
	}
	r->in = in;
	r->opts = opts;
	r->cfg = cfg;
	r->d = d;
	r->cur_cpu = -1;
	r->picked_cpu = opts->cpu;

	line_iter_init(&it, in);
	while ((more = line_next(&it, &line, &len, d)) > 0) {
		r->line = it.lineno;
		if (read_line(r, line, len))
			goto out;
	}
	if (more < 0)
		goto out;
	if (opts->cpu >= 0 && r->saw_header &&
	    (opts->cpu >= MAX_CPU_HEADERS || !r->seen_cpu[opts->cpu])) {
		diag_set(d, in->name, 0, "no CPU %d in this dump", opts->cpu);
		goto out;
	}
	if (opts->cpu > 0 && !r->saw_header) {
		diag_set(d, in->name, 0,
			 "no CPU %d: this dump holds one CPU", opts->cpu);
		goto out;
	}
	if (dump_rows_to_set(&r->rows, cfg, in->name, it.lineno, &cfg->cpuid,
			     d))
		goto out;
	cfg->cpu = r->saw_header ? r->picked_cpu : -1;
	cfg->format = r->saw_header && cfg->ndirectives == 0 ? "cpuid -r" :
							       "config";
	ret = 0;
out:
	dump_rows_release(&r->rows);
	free(r);
	return ret;
}
