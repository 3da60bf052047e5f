// SPDX-License-Identifier: MIT
/*
 * libvirt cpudata XML (tests/cputestdata/x86_64-cpuid-*.xml;
 * shared/corpus/cpuid-dumps/FORMATS.md §3):
 *
 *   <!-- AMD EPYC 9334 32-Core Processor -->
 *   <cpudata arch='x86'>
 *     <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x...' ebx='0x...'
 *            ecx='0x...' edx='0x...'/>
 *     <msr index='0x10a' edx='0x00000000' eax='0x...'/>
 *   </cpudata>
 *
 * This is not a general XML parser: it reads exactly this vocabulary
 * (comments, an optional XML declaration, <cpudata>, <cpuid>, <msr>) and
 * rejects anything else at its line.  MSRs are checked and not kept.
 */
#include <string.h>

#include "dump.h"
#include "scan.h"

#define MAX_ATTRS 8
#define MAX_NAME 32

struct xml_attr {
	char name[MAX_NAME];
	const char *value;
	size_t len;
	unsigned int line;
};

struct xml_reader {
	const struct input *in;
	struct diag *d;
	const char *p, *end;
	unsigned int line;
};

static int fail(struct xml_reader *x, const char *what)
{
	diag_set(x->d, x->in->name, x->line, "%s", what);
	return -1;
}

static void advance(struct xml_reader *x, size_t n)
{
	while (n-- && x->p < x->end)
		if (*x->p++ == '\n')
			x->line++;
}

static void skip_space(struct xml_reader *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' ||
				 *x->p == '\n' || *x->p == '\r'))
		advance(x, 1);
}

static bool starts(struct xml_reader *x, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(x->end - x->p) >= n && memcmp(x->p, lit, n) == 0;
}

/* Skips "<!-- ... -->" or "<?xml ... ?>" at the cursor. */
static int skip_markup(struct xml_reader *x, const char *open,
		       const char *close)
{
	unsigned int start = x->line;

	advance(x, strlen(open));
	while (x->p < x->end && !starts(x, close))
		advance(x, 1);
	if (x->p >= x->end) {
		diag_set(x->d, x->in->name, start, "unterminated '%s'", open);
		return -1;
	}
	advance(x, strlen(close));
	return 0;
}

/* Comments and blanks between elements. */
static int skip_misc(struct xml_reader *x)
{
	for (;;) {
		skip_space(x);
		if (starts(x, "<!--")) {
			if (skip_markup(x, "<!--", "-->"))
				return -1;
		} else {
			return 0;
		}
	}
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int read_name(struct xml_reader *x, char *name)
{
	size_t n = 0;

	while (x->p < x->end && is_name_char(*x->p)) {
		if (n + 1 >= MAX_NAME)
			return fail(x, "name too long");
		name[n++] = *x->p;
		advance(x, 1);
	}
	name[n] = '\0';
	if (!n)
		return fail(x, "expected a name");
	return 0;
}

/*
 * Reads the attributes of an element up to ">" or "/>".  Returns 1 for an
 * empty element ("/>"), 0 for an open one, -1 on error.
 */
static int read_attrs(struct xml_reader *x, struct xml_attr *attrs,
		      size_t *nattrs)
{
	*nattrs = 0;
	for (;;) {
		struct xml_attr *a;
		char quote;

		skip_space(x);
		if (starts(x, "/>")) {
			advance(x, 2);
			return 1;
		}
		if (starts(x, ">")) {
			advance(x, 1);
			return 0;
		}
		if (x->p >= x->end)
			return fail(x, "unterminated element");
		if (*nattrs == MAX_ATTRS)
			return fail(x, "too many attributes");
		a = &attrs[(*nattrs)++];
		a->line = x->line;
		if (read_name(x, a->name))
			return -1;
		skip_space(x);
		if (!starts(x, "="))
			return fail(x, "expected '=' after an attribute name");
		advance(x, 1);
		skip_space(x);
		if (x->p >= x->end || (*x->p != '\'' && *x->p != '"'))
			return fail(x, "expected a quoted attribute value");
		quote = *x->p;
		advance(x, 1);
		a->value = x->p;
		while (x->p < x->end && *x->p != quote) {
			if (*x->p == '<' || *x->p == '&' || *x->p == '\n')
				return fail(x, "unexpected character in an "
					       "attribute value");
			advance(x, 1);
		}
		if (x->p >= x->end)
			return fail(x, "unterminated attribute value");
		a->len = (size_t)(x->p - a->value);
		advance(x, 1);
	}
}

/* Finds @names[i] in @attrs and parses it as 0x hex into @vals[i]. */
static int hex_attrs(struct xml_reader *x, const char *elem,
		     const struct xml_attr *attrs, size_t nattrs,
		     const char *const *names, size_t nnames,
		     const unsigned int *bits, uint64_t *vals)
{
	size_t i, j;

	for (i = 0; i < nattrs; i++) {
		for (j = 0; j < nnames; j++)
			if (strcmp(attrs[i].name, names[j]) == 0)
				break;
		if (j == nnames) {
			diag_set(x->d, x->in->name, attrs[i].line,
				 "unknown attribute '%s' of <%s>",
				 attrs[i].name, elem);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(attrs[i].name, attrs[j].name) == 0) {
				diag_set(x->d, x->in->name, attrs[i].line,
					 "attribute '%s' given twice",
					 attrs[i].name);
				return -1;
			}
	}
	for (j = 0; j < nnames; j++) {
		const struct xml_attr *a = NULL;
		enum scan_num res;
		struct scan s;

		for (i = 0; i < nattrs; i++)
			if (strcmp(attrs[i].name, names[j]) == 0)
				a = &attrs[i];
		if (!a) {
			diag_set(x->d, x->in->name, x->line,
				 "<%s> lacks attribute '%s'", elem, names[j]);
			return -1;
		}
		scan_init(&s, a->value, a->len);
		res = scan_hex(&s, bits[j], &vals[j]);
		if (res == SCAN_NUM_TOO_WIDE) {
			diag_set(x->d, x->in->name, a->line,
				 "%s='%.*s' wider than %u bits", a->name,
				 (int)a->len, a->value, bits[j]);
			return -1;
		}
		if (res != SCAN_NUM_OK || !scan_eof(&s)) {
			diag_set(x->d, x->in->name, a->line,
				 "bad %s='%.*s': expected 0x and hex digits",
				 a->name, (int)a->len, a->value);
			return -1;
		}
	}
	return 0;
}

static int read_cpuid(struct xml_reader *x, const struct xml_attr *attrs,
		      size_t nattrs, unsigned int line, struct dump_rows *rows)
{
	static const char *const names[] = {
		"eax_in", "ecx_in", "eax", "ebx", "ecx", "edx",
	};
	static const unsigned int bits[] = { 32, 32, 32, 32, 32, 32 };
	struct dump_row row = { .line = line };
	uint64_t v[ARRAY_SIZE(names)];
	unsigned int i;

	if (hex_attrs(x, "cpuid", attrs, nattrs, names, ARRAY_SIZE(names),
		      bits, v))
		return -1;
	row.entry.leaf = (uint32_t)v[0];
	row.entry.subleaf = (uint32_t)v[1];
	for (i = 0; i < CPUID_NR_REGS; i++)
		row.entry.regs[i] = (uint32_t)v[2 + i];
	return dump_rows_add(rows, &row, x->in->name, x->d);
}

static int read_msr(struct xml_reader *x, const struct xml_attr *attrs,
		    size_t nattrs)
{
	static const char *const names[] = { "index", "edx", "eax" };
	static const unsigned int bits[] = { 32, 32, 32 };
	uint64_t v[ARRAY_SIZE(names)];

	return hex_attrs(x, "msr", attrs, nattrs, names, ARRAY_SIZE(names),
			 bits, v);
}

static int read_cpudata(struct xml_reader *x, struct dump_rows *rows)
{
	struct xml_attr attrs[MAX_ATTRS];
	char name[MAX_NAME];
	size_t nattrs;
	int empty;

	if (!starts(x, "<cpudata"))
		return fail(x, "not a libvirt cpudata file: expected "
			       "<cpudata arch='x86'>");
	advance(x, 1);
	if (read_name(x, name))
		return -1;
	if (strcmp(name, "cpudata") != 0)
		return fail(x, "not a libvirt cpudata file: expected "
			       "<cpudata arch='x86'>");
	empty = read_attrs(x, attrs, &nattrs);
	if (empty < 0)
		return -1;
	if (nattrs != 1 || strcmp(attrs[0].name, "arch") != 0 ||
	    attrs[0].len != 3 || memcmp(attrs[0].value, "x86", 3) != 0)
		return fail(x, "<cpudata> must have exactly arch='x86'");
	if (empty)
		return 0;
	for (;;) {
		unsigned int line;

		if (skip_misc(x))
			return -1;
		if (x->p >= x->end)
			return fail(x, "unterminated <cpudata>: expected "
				       "</cpudata>");
		if (starts(x, "</cpudata")) {
			advance(x, strlen("</cpudata"));
			skip_space(x);
			if (!starts(x, ">"))
				return fail(x, "expected '>' after </cpudata");
			advance(x, 1);
			return 0;
		}
		if (*x->p != '<')
			return fail(x, "unexpected text inside <cpudata>");
		line = x->line;
		advance(x, 1);
		if (read_name(x, name))
			return -1;
		empty = read_attrs(x, attrs, &nattrs);
		if (empty < 0)
			return -1;
		if (!empty) {
			diag_set(x->d, x->in->name, line,
				 "<%s> must be an empty element ('/>')",
				 name);
			return -1;
		}
		if (strcmp(name, "cpuid") == 0) {
			if (read_cpuid(x, attrs, nattrs, line, rows))
				return -1;
		} else if (strcmp(name, "msr") == 0) {
			if (read_msr(x, attrs, nattrs))
				return -1;
		} else {
			diag_set(x->d, x->in->name, line,
				 "unknown element <%s> in <cpudata>", name);
			return -1;
		}
	}
}

int dump_read_libvirt(const struct input *in, const struct dump_opts *opts,
		      struct config *cfg, struct diag *d)
{
	struct xml_reader x = {
		.in = in,
		.d = d,
		.p = in->data + input_text_start(in),
		.end = in->data + in->len,
		.line = 1,
	};
	struct dump_rows rows = { 0 };
	struct line_iter it;
	const char *line;
	size_t len;
	int ret = -1, more;

	/* Binary garbage and over-long lines are refused line by line. */
	line_iter_init(&it, in);
	while ((more = line_next(&it, &line, &len, d)) > 0)
		;
	if (more < 0)
		return -1;
	if (opts->cpu > 0) {
		diag_set(d, in->name, 0,
			 "no CPU %d: libvirt cpudata holds one CPU", opts->cpu);
		return -1;
	}

	skip_space(&x);
	if (starts(&x, "<?xml") && skip_markup(&x, "<?xml", "?>"))
		goto out;
	if (skip_misc(&x) || read_cpudata(&x, &rows) || skip_misc(&x))
		goto out;
	if (x.p < x.end) {
		fail(&x, "unexpected text after </cpudata>");
		goto out;
	}
	if (dump_rows_to_set(&rows, cfg, in->name, x.line, &cfg->cpuid, d))
		goto out;
	cfg->format = "libvirt";
	cfg->cpu = -1;
	ret = 0;
out:
	dump_rows_release(&rows);
	return ret;
}
