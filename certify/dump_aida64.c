// SPDX-License-Identifier: MIT
/*
 * AIDA64 "CPUID Registers" dumps, as InstLatx64 publishes them
 * (shared/corpus/cpuid-dumps/FORMATS.md §1):
 *
 *   ------[ CPUID Registers / Logical CPU #0 ]------
 *   allcpu: Package 0 / Core 0 / Thread 0: Valid
 *   CPUID 00000007: 00000001-F1BF97AB-19415FCE-10000110 [SL 00]
 *   L1    Data Cache:    48 KB, ...          (summary text, ignored)
 *
 * A section per logical CPU; other sections (All CPUs, MSR Registers, ...)
 * are skipped.  Annotations after the registers are AIDA's own decoding and
 * are dropped, except a leading "[SL hh]" which gives the sub-leaf.
 */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "scan.h"

struct aida_reader {
	const struct input *in;
	struct diag *d;
	unsigned int line;
	bool in_section;	/* inside a picked CPUID Registers section */
	bool section_has_cpuid;
	bool found;		/* the picked CPU's section was seen */
	int want_cpu;
	int picked_cpu;
};

static int fail(struct aida_reader *r, const char *what)
{
	diag_set(r->d, r->in->name, r->line, "%s", what);
	return -1;
}

/* "------[ <title> ]------"; returns the title. */
static bool section_title(const char *line, size_t len, const char **title,
			  size_t *tlen)
{
	static const char open[] = "------[ ", close[] = " ]------";
	size_t no = sizeof(open) - 1, nc = sizeof(close) - 1;

	if (len < no + nc || memcmp(line, open, no) != 0 ||
	    memcmp(line + len - nc, close, nc) != 0)
		return false;
	*title = line + no;
	*tlen = len - no - nc;
	return true;
}

static int read_section_header(struct aida_reader *r, const char *title,
			       size_t tlen)
{
	static const char cpuid_title[] = "CPUID Registers / Logical CPU #";
	size_t n = sizeof(cpuid_title) - 1;
	struct scan s;
	uint64_t cpu;

	r->in_section = false;
	if (tlen < n || memcmp(title, cpuid_title, n) != 0)
		return 0;
	scan_init(&s, title + n, tlen - n);
	if (scan_dec(&s, 31, &cpu) != SCAN_NUM_OK || !scan_eof(&s))
		return fail(r, "bad CPUID Registers section title: expected "
			       "'Logical CPU #<n>'");
	if (r->found)
		return 0;
	if (r->want_cpu >= 0 && cpu != (uint64_t)r->want_cpu)
		return 0;
	r->found = true;
	r->picked_cpu = (int)cpu;
	r->in_section = true;
	r->section_has_cpuid = false;
	return 0;
}

/*
 * Exactly 8 hex digits (FORMATS.md); more digits are a value wider than 32
 * bits when they do not fit, a malformed number otherwise.
 */
static int read_hex8(struct aida_reader *r, struct scan *s, const char *what,
		     uint32_t *v)
{
	const char *start = s->p;
	enum scan_num res;
	uint64_t val;

	res = scan_hex_digits(s, 0, 32, &val);
	if (res == SCAN_NUM_TOO_WIDE) {
		diag_set(r->d, r->in->name, r->line, "%s wider than 32 bits",
			 what);
		return -1;
	}
	if (res != SCAN_NUM_OK || s->p - start != 8) {
		diag_set(r->d, r->in->name, r->line,
			 "bad %s in CPUID line: expected 8 hex digits", what);
		return -1;
	}
	*v = (uint32_t)val;
	return 0;
}

/* "CPUID LLLLLLLL: AAAAAAAA-BBBBBBBB-CCCCCCCC-DDDDDDDD[ annotations]" */
static int read_cpuid_line(struct aida_reader *r, struct scan *s,
			   struct dump_rows *rows)
{
	static const char *const regs[CPUID_NR_REGS] = {
		"EAX", "EBX", "ECX", "EDX",
	};
	struct dump_row row = { .line = r->line };
	enum scan_num res;
	unsigned int i;
	uint64_t v;

	if (read_hex8(r, s, "leaf", &row.entry.leaf))
		return -1;
	if (!scan_lit(s, ": "))
		return fail(r, "bad CPUID line: expected ': ' after the leaf");
	for (i = 0; i < CPUID_NR_REGS; i++) {
		if (i && !scan_lit(s, "-"))
			return fail(r, "truncated CPUID line: expected four "
				       "registers separated by '-'");
		if (read_hex8(r, s, regs[i], &row.entry.regs[i]))
			return -1;
	}
	if (!scan_eof(s)) {
		if (!scan_lit(s, " "))
			return fail(r, "bad CPUID line: unexpected text after "
				       "the registers");
		if (scan_lit(s, "[SL ")) {
			res = scan_hex_digits(s, 0, 32, &v);
			if (res == SCAN_NUM_TOO_WIDE)
				return fail(r, "sub-leaf wider than 32 bits");
			if (res != SCAN_NUM_OK || !scan_lit(s, "]"))
				return fail(r, "bad sub-leaf tag: expected "
					       "'[SL hh]'");
			row.entry.subleaf = (uint32_t)v;
		}
	}
	r->section_has_cpuid = true;
	return dump_rows_add(rows, &row, r->in->name, r->d);
}

int dump_read_aida64(const struct input *in, const struct dump_opts *opts,
		     struct config *cfg, struct diag *d)
{
	struct aida_reader r = {
		.in = in,
		.d = d,
		.want_cpu = opts->cpu,
		.picked_cpu = -1,
	};
	struct dump_rows rows = { 0 };
	struct line_iter it;
	bool saw_section = false;
	const char *line;
	size_t len;
	int ret = -1, more;

	line_iter_init(&it, in);
	while ((more = line_next(&it, &line, &len, d)) > 0) {
		const char *title;
		size_t tlen;
		struct scan s;

		r.line = it.lineno;
		scan_init(&s, line, len);
		scan_ws(&s);
		if (scan_eof(&s))
			continue;
		if (section_title(line, len, &title, &tlen)) {
			saw_section = true;
			if (read_section_header(&r, title, tlen))
				goto out;
			continue;
		}
		if (!saw_section) {
			fail(&r, "not an AIDA64 dump: expected a "
				 "'------[ title ]------' section header");
			goto out;
		}
		if (!r.in_section)
			continue;
		if (scan_lit(&s, "CPUID ")) {
			if (read_cpuid_line(&r, &s, &rows))
				goto out;
		} else if (!r.section_has_cpuid &&
			   !scan_lit(&s, "allcpu:")) {
			/*
			 * Free text (cache summaries) follows the CPUID
			 * lines; before them only the topology line may
			 * stand.
			 */
			fail(&r, "unexpected line in CPUID Registers section: "
				 "expected 'allcpu:' or 'CPUID ...'");
			goto out;
		}
	}
	if (more < 0)
		goto out;
	if (!r.found) {
		if (opts->cpu >= 0)
			diag_set(d, in->name, 0,
				 "no 'CPUID Registers / Logical CPU #%d' "
				 "section", opts->cpu);
		else
			diag_set(d, in->name, it.lineno,
				 "no 'CPUID Registers' section");
		goto out;
	}
	if (dump_rows_to_set(&rows, cfg, in->name, it.lineno, &cfg->cpuid, d))
		goto out;
	cfg->cpu = r.picked_cpu;
	cfg->format = "aida64";
	ret = 0;
out:
	dump_rows_release(&rows);
	return ret;
}
