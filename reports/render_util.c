// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>

#include "cose.h"
#include "render_util.h"

void render_value(struct strbuf *out, bool has, uint32_t v,
		  unsigned int width, const char *none)
{
	if (!has)
		strbuf_puts(out, none);
	else if (width == 1)
		strbuf_printf(out, "%" PRIu32, v);
	else
		strbuf_printf(out, "0x%" PRIx32, v);
}

void render_bits(struct strbuf *out, const struct finding *f)
{
	if (f->width == 1)
		strbuf_printf(out, "%u", f->bit);
	else
		strbuf_printf(out, "%u:%u", f->bit + f->width - 1, f->bit);
}

void render_key(struct strbuf *out, uint32_t leaf, bool indexed,
		uint32_t subleaf, uint64_t xcr0_in, uint64_t xss_in)
{
	strbuf_printf(out, "0x%08" PRIx32, leaf);
	if (indexed)
		strbuf_printf(out, ".0x%" PRIx32, subleaf);
	if (xcr0_in || xss_in)
		strbuf_printf(out, "(xcr0_in=0x%" PRIx64 ",xss_in=0x%" PRIx64
			      ")", xcr0_in, xss_in);
}

void render_where(struct strbuf *out, const struct finding *f, char sep)
{
	const char *reg = cpuid_reg_name(f->reg);

	render_key(out, f->leaf, f->indexed, f->subleaf, f->xcr0_in,
		   f->xss_in);
	strbuf_printf(out, "%c%s", sep, reg ? reg : "?");
}

void render_label(struct strbuf *out, const struct finding *f)
{
	render_where(out, f, ' ');
	strbuf_putc(out, '[');
	render_bits(out, f);
	strbuf_putc(out, ']');
	if (f->name)
		strbuf_printf(out, " %s", f->name);
}

void render_status(struct strbuf *out, const struct check_status *s)
{
	strbuf_printf(out, "0x%" PRIx64, s->code);
	if (s->name && *s->name)
		strbuf_printf(out, " %s", s->name);
	if (s->has_leaf) {
		strbuf_printf(out, " at leaf 0x%08" PRIx32, s->leaf);
		if (s->has_subleaf)
			strbuf_printf(out, " sub-leaf 0x%" PRIx32, s->subleaf);
	}
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool render_mergeable(const struct finding *a, const struct finding *b)
{
	return a->leaf == b->leaf && a->subleaf == b->subleaf &&
	       a->indexed == b->indexed && a->xcr0_in == b->xcr0_in &&
	       a->xss_in == b->xss_in && a->reg == b->reg &&
	       a->width == 1 && b->width == 1 && a->verdict == b->verdict &&
	       a->has_requested == b->has_requested &&
	       a->requested == b->requested && a->has_final == b->has_final &&
	       a->final == b->final && same_str(a->class, b->class) &&
	       same_str(a->layer, b->layer) && same_str(a->rule, b->rule) &&
	       same_str(a->note, b->note);
}

void render_bit_list(struct strbuf *out, const struct finding *f, size_t n)
{
	size_t i = 0, j;

	strbuf_putc(out, '[');
	while (i < n) {
		for (j = i; j + 1 < n && f[j + 1].bit == f[j].bit + 1; j++)
			;
		strbuf_printf(out, "%s%u", i ? "," : "", f[i].bit);
		if (j > i)
			strbuf_printf(out, "-%u", f[j].bit);
		i = j + 1;
	}
	strbuf_putc(out, ']');
}

void render_hex(struct strbuf *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		strbuf_putc(out, digits[p[i] >> 4]);
		strbuf_putc(out, digits[p[i] & 0xf]);
	}
}

/*
 * Days since 1970-01-01 to a proleptic Gregorian date, in integers
 * (H. Hinnant's civil_from_days), so that no time zone, locale or time_t
 * width plays a part.
 */
static void civil_from_days(uint64_t days, uint64_t *y, unsigned int *m,
			    unsigned int *d)
{
	uint64_t z = days + 719468, era = z / 146097, doe, yoe, doy, mp;

	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void render_time(struct strbuf *out, uint64_t t)
{
	uint64_t y, s = t % 86400;
	unsigned int m, d;

	civil_from_days(t / 86400, &y, &m, &d);
	strbuf_printf(out, "%" PRIu64 " (%04" PRIu64 "-%02u-%02uT%02u:%02u:"
		      "%02uZ)", t, y, m, d, (unsigned int)(s / 3600),
		      (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
}

const char *render_alg_name(int alg)
{
	const char *name = cose_alg_name(alg);

	return name ? name : "unknown";
}

const struct report_input *render_subject(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->ninputs; i++) {
		const char *role = r->inputs[i].role;

		if (role && (!strcmp(role, "config") || !strcmp(role, "page")))
			return &r->inputs[i];
	}
	return NULL;
}

static bool cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t render_utf8_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return cont(s[1]) ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
		if (s[1] < lo || s[1] > hi || !cont(s[2]))
			return 0;
		/* U+FFFE, U+FFFF */
		if (s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* up to U+10FFFF */
		if (s[1] < lo || s[1] > hi || !cont(s[2]) || !cont(s[3]))
			return 0;
		return 4;
	}
	return 0;
}

const char *render_utf8_clean(struct strbuf *tmp, const char *s)
{
	size_t n;

	strbuf_reset(tmp);
	for (; *s; s += n ? n : 1) {
		n = render_utf8_len(s);
		if (n)
			strbuf_add(tmp, s, n);
		else
			strbuf_puts(tmp, RENDER_REPLACEMENT);
	}
	return strbuf_str(tmp);
}
