// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpuid.h"
#include "ruleset.h"
#include "scan.h"

/* At most this many records: the largest rule set has about 1200. */
#define RULE_MAX_LINES 100000u

void ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void ruleset_release(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nlines; i++)
		free(rs->lines[i].buf);
	free(rs->lines);
	free(rs->name);
	free(rs->platform);
	free(rs->version);
	free(rs->source);
	free(rs->origin);
	free(rs->bytes);
	ruleset_init(rs);
}

int rule_error(const struct ruleset *rs, const struct rule_line *l,
	       struct diag *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(d, rs->origin ? rs->origin : "rules", l ? l->lineno : 0, "%s",
		 msg);
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Splits a line (without comment) into tokens, in one allocation that
 * holds the token pointers, the split copy and the unsplit copy (for
 * rest[]).  Returns 0, TOKENIZE_TOO_MANY or TOKENIZE_NO_MEMORY (then
 * l->buf is NULL).
 */
enum { TOKENIZE_TOO_MANY = 1, TOKENIZE_NO_MEMORY };

static int tokenize(const char *line, size_t len, struct rule_line *l)
{
	size_t i = 0, n = 0, start;
	char *split, *whole;

	l->buf = NULL;
	while (len && is_blank(line[len - 1]))
		len--;		/* rest[] ends at the last token */
	for (i = 0; i < len; i++)
		if (!is_blank(line[i]) && (i == 0 || is_blank(line[i - 1])))
			n++;
	if (n > RULE_MAX_TOKENS)
		return TOKENIZE_TOO_MANY;
	l->buf = malloc(n * (sizeof(char *) + sizeof(const char *)) +
			2 * len + 2);
	if (!l->buf)
		return TOKENIZE_NO_MEMORY;
	l->tok = (char **)(void *)l->buf;
	l->rest = (const char **)(void *)(l->tok + n);
	split = (char *)(l->rest + n);
	whole = split + len + 1;
	memcpy(split, line, len);
	split[len] = '\0';
	memcpy(whole, line, len);
	whole[len] = '\0';
	l->ntok = 0;
	i = 0;
	while (i < len) {
		while (i < len && is_blank(line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_blank(line[i]))
			i++;
		l->tok[l->ntok] = split + start;
		l->rest[l->ntok] = whole + start;
		split[i] = '\0';
		l->ntok++;
	}
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.' || *s == '_'))
			return false;
	return true;
}

static int set_header(const struct ruleset *rs, const struct rule_line *l,
		      char **field, const char *value, bool name_like,
		      struct diag *d)
{
	if (*field)
		return rule_error(rs, l, d, "'%s' given twice", l->tok[0]);
	if (name_like && (l->ntok != 2 || !valid_name(value)))
		return rule_error(rs, l, d,
				  "'%s' takes one name of a-z, 0-9, '-', '.', "
				  "'_'", l->tok[0]);
	*field = strdup(value);
	if (!*field)
		return rule_error(rs, l, d, "out of memory");
	return 0;
}

static int add_line(struct ruleset *rs, struct rule_line *l, struct diag *d)
{
	if (rs->nlines >= RULE_MAX_LINES)
		return rule_error(rs, l, d, "more than %u records",
				  RULE_MAX_LINES);
	if (rs->nlines % 256 == 0) {
		struct rule_line *p;

		p = realloc(rs->lines, (rs->nlines + 256) * sizeof(*p));
		if (!p)
			return rule_error(rs, l, d, "out of memory");
		rs->lines = p;
	}
	rs->lines[rs->nlines++] = *l;
	return 0;
}

static int parse_line(struct ruleset *rs, const char *line, size_t len,
		      unsigned int lineno, struct diag *d)
{
	struct rule_line l = { .lineno = lineno };
	const char *hash = memchr(line, '#', len);
	int ret = 0;

	if (hash)
		len = (size_t)(hash - line);
	switch (tokenize(line, len, &l)) {
	case TOKENIZE_TOO_MANY:
		return rule_error(rs, &l, d, "more than %u tokens",
				  RULE_MAX_TOKENS);
	case TOKENIZE_NO_MEMORY:
		return rule_error(rs, &l, d, "out of memory");
	}
	if (l.ntok == 0) {
		free(l.buf);
		return 0;
	}
	if (l.ntok < 2) {
		ret = rule_error(rs, &l, d, "'%s' needs a value", l.tok[0]);
	} else if (!strcmp(l.tok[0], "ruleset")) {
		ret = set_header(rs, &l, &rs->name, l.tok[1], true, d);
	} else if (!strcmp(l.tok[0], "platform")) {
		ret = set_header(rs, &l, &rs->platform, l.tok[1], true, d);
		rs->platform_lineno = l.lineno;
	} else if (!strcmp(l.tok[0], "version")) {
		ret = set_header(rs, &l, &rs->version, l.tok[1], true, d);
	} else if (!strcmp(l.tok[0], "source")) {
		ret = set_header(rs, &l, &rs->source, l.rest[1], false, d);
	} else {
		return add_line(rs, &l, d) ? (free(l.buf), -1) : 0;
	}
	free(l.buf);
	return ret;
}

int ruleset_parse(const struct input *in, const char *origin,
		  struct ruleset *rs, struct diag *d)
{
	struct line_iter it;
	const char *line;
	size_t len;
	int more;

	ruleset_init(rs);
	rs->origin = strdup(origin);
	rs->bytes = malloc(in->len + 1);
	if (!rs->origin || !rs->bytes) {
		diag_set(d, origin, 0, "out of memory");
		goto fail;
	}
	memcpy(rs->bytes, in->data, in->len);
	rs->len = in->len;
	if (in->len == 0) {
		diag_set(d, origin, 1, "empty file");
		goto fail;
	}
	line_iter_init(&it, in);
	while ((more = line_next(&it, &line, &len, d)) > 0)
		if (parse_line(rs, line, len, it.lineno, d))
			goto fail;
	if (more < 0)
		goto fail;
	if (!rs->name || !rs->platform || !rs->version || !rs->source) {
		diag_set(d, origin, it.lineno,
			 "missing header: a rule set needs 'ruleset', "
			 "'platform', 'version' and 'source' lines");
		goto fail;
	}
	return 0;
fail:
	ruleset_release(rs);
	return -1;
}

int ruleset_load_embedded(const char *name, struct ruleset *rs,
			  struct diag *d)
{
	struct input in;
	size_t i;
	int ret;

	for (i = 0; i < embedded_rulesets_count; i++) {
		const struct embedded_file *e = &embedded_rulesets[i];

		if (strcmp(e->name, name) != 0)
			continue;
		if (input_from_buffer(&in, e->name, e->data, e->len)) {
			diag_set(d, name, 0, "out of memory");
			return -1;
		}
		ret = ruleset_parse(&in, "embedded", rs, d);
		input_release(&in);
		if (ret == 0 && strcmp(rs->name, name) != 0) {
			diag_set(d, name, 0, "embedded rule set names itself "
				 "'%s'", rs->name);
			ruleset_release(rs);
			return -1;
		}
		if (ret == 0) {
			free(rs->origin);
			rs->origin = strdup("embedded");
		}
		return ret;
	}
	diag_set(d, name, 0, "no such rule set (certify rules list shows "
		 "them)");
	return -1;
}

bool ruleset_is_embedded(const char *name)
{
	size_t i;

	for (i = 0; i < embedded_rulesets_count; i++)
		if (!strcmp(embedded_rulesets[i].name, name))
			return true;
	return false;
}

int ruleset_load(const char *name_or_file, const char *platform,
		 struct ruleset *rs, struct diag *d)
{
	struct input in;
	size_t i;
	int ret = -1;

	for (i = 0; i < embedded_rulesets_count; i++)
		if (!strcmp(embedded_rulesets[i].name, name_or_file))
			break;
	if (i < embedded_rulesets_count) {
		ret = ruleset_load_embedded(name_or_file, rs, d);
	} else if (strchr(name_or_file, '/') ||
		   (strchr(name_or_file, '.') && access(name_or_file, F_OK) == 0)) {
		if (input_load(&in, name_or_file, d))
			return -1;
		ret = ruleset_parse(&in, in.name, rs, d);
		input_release(&in);
	} else {
		diag_set(d, name_or_file, 0, "no such rule set or file "
			 "(certify rules list shows the rule sets)");
	}
	if (ret == 0 && platform && strcmp(rs->platform, platform) != 0) {
		diag_set(d, rs->origin, rs->platform_lineno,
			 "rule set %s is for platform %s, not %s", rs->name,
			 rs->platform, platform);
		ruleset_release(rs);
		ret = -1;
	}
	return ret;
}

int ruleset_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		unsigned long x = strtoul(a, (char **)&a, 10);
		unsigned long y = strtoul(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((*a && (*a < '0' || *a > '9')) ||
		    (*b && (*b < '0' || *b > '9')))
			return strcmp(a, b);
	}
	return 0;
}

const char *ruleset_newest(const char *platform)
{
	const char *best = NULL, *best_version = NULL;
	struct ruleset rs;
	struct diag d;
	size_t i;

	for (i = 0; i < embedded_rulesets_count; i++) {
		if (ruleset_load_embedded(embedded_rulesets[i].name, &rs, &d))
			continue;
		if (!strcmp(rs.platform, platform) &&
		    (!best_version ||
		     ruleset_version_cmp(rs.version, best_version) > 0)) {
			best = embedded_rulesets[i].name;
			free((char *)best_version);
			best_version = strdup(rs.version);
		}
		ruleset_release(&rs);
	}
	free((char *)best_version);
	return best;
}

int rule_expect_tokens(const struct ruleset *rs, const struct rule_line *l,
		       unsigned int min, unsigned int max, struct diag *d)
{
	if (l->ntok < min || l->ntok > max) {
		if (min == max)
			return rule_error(rs, l, d, "'%s' takes %u values, "
					  "not %u", l->tok[0], min - 1,
					  l->ntok - 1);
		return rule_error(rs, l, d, "'%s' takes %u to %u values, "
				  "not %u", l->tok[0], min - 1, max - 1,
				  l->ntok - 1);
	}
	return 0;
}

static int number_at(const struct ruleset *rs, const struct rule_line *l,
		     unsigned int i, unsigned int bits, uint64_t *v,
		     struct diag *d, bool hex_only)
{
	enum scan_num r;
	struct scan s;

	if (i >= l->ntok)
		return rule_error(rs, l, d, "value %u missing", i);
	scan_init(&s, l->tok[i], strlen(l->tok[i]));
	r = hex_only ? scan_hex(&s, bits, v) : scan_number(&s, bits, v);
	if (r == SCAN_NUM_TOO_WIDE)
		return rule_error(rs, l, d, "'%s' wider than %u bits",
				  l->tok[i], bits);
	if (r != SCAN_NUM_OK || !scan_eof(&s))
		return rule_error(rs, l, d, "'%s' is not a %snumber",
				  l->tok[i], hex_only ? "0x hex " : "");
	return 0;
}

int rule_hex(const struct ruleset *rs, const struct rule_line *l,
	     unsigned int i, unsigned int bits, uint64_t *v, struct diag *d)
{
	return number_at(rs, l, i, bits, v, d, true);
}

int rule_number(const struct ruleset *rs, const struct rule_line *l,
		unsigned int i, unsigned int bits, uint64_t *v,
		struct diag *d)
{
	return number_at(rs, l, i, bits, v, d, false);
}

int rule_subleaf(const struct ruleset *rs, const struct rule_line *l,
		 unsigned int i, bool *has, uint32_t *sub, struct diag *d)
{
	uint64_t v;

	if (i < l->ntok && !strcmp(l->tok[i], "-")) {
		*has = false;
		*sub = 0;
		return 0;
	}
	if (rule_hex(rs, l, i, 32, &v, d))
		return -1;
	*has = true;
	*sub = (uint32_t)v;
	return 0;
}

int rule_reg(const struct ruleset *rs, const struct rule_line *l,
	     unsigned int i, unsigned int *reg, struct diag *d)
{
	int r = i < l->ntok ? cpuid_reg_parse(l->tok[i], strlen(l->tok[i]))
			    : -1;

	if (r < 0)
		return rule_error(rs, l, d, "'%s' is not a register (eax, ebx, "
				  "ecx, edx)", i < l->ntok ? l->tok[i] : "");
	*reg = (unsigned int)r;
	return 0;
}

int rule_bit_range(const struct ruleset *rs, const struct rule_line *l,
		   unsigned int i, uint32_t *mask, struct diag *d)
{
	uint64_t lo, hi;
	struct scan s;

	if (i >= l->ntok)
		return rule_error(rs, l, d, "bit range missing");
	scan_init(&s, l->tok[i], strlen(l->tok[i]));
	if (scan_dec(&s, 8, &lo) != SCAN_NUM_OK)
		goto bad;
	hi = lo;
	if (scan_lit(&s, "-") && scan_dec(&s, 8, &hi) != SCAN_NUM_OK)
		goto bad;
	if (!scan_eof(&s) || lo > hi || hi > 31)
		goto bad;
	*mask = (uint32_t)((hi == 31 ? 0xffffffffu : (1u << (hi + 1)) - 1) &
			   ~((1u << lo) - 1));
	return 0;
bad:
	return rule_error(rs, l, d, "'%s' is not a bit range (N or LO-HI, "
			  "0..31)", l->tok[i]);
}

int rule_read_special(const struct ruleset *rs, const struct rule_line *l,
		      const char *const *names, unsigned int n,
		      const char *where, struct rule_special *specials,
		      struct diag *d)
{
	struct rule_special *sp;
	unsigned int i;

	if (rule_expect_tokens(rs, l, 5, RULE_MAX_TOKENS, d))
		return -1;
	for (i = 0; i < n; i++)
		if (!strcmp(l->tok[1], names[i]))
			break;
	if (i == n)
		return rule_error(rs, l, d, "unknown special rule '%s' (%s lists "
				  "the ones certify implements)", l->tok[1],
				  where);
	sp = &specials[i];
	if (sp->present)
		return rule_error(rs, l, d, "special rule %s given twice",
				  l->tok[1]);
	sp->present = true;
	sp->kind = l->tok[2];
	sp->file = l->tok[3];
	sp->text = l->rest[4];
	sp->line = l->lineno;
	return 0;
}

void rule_specials_unlisted(struct rule_special *specials, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (specials[i].present)
			continue;
		specials[i].kind = "unlisted";
		specials[i].file = "(no special record in this rule set)";
		specials[i].text = "";
	}
}
