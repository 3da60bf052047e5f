// SPDX-License-Identifier: MIT
/*
 * `certify diff A B`: what changed between two reports, bit by bit: the
 * same config under two module versions, two firmware policies, with and
 * without --vmm qemu...  Findings may group bits differently in the two
 * reports (a field in one, single bits in the other), so both are taken
 * apart into bits and compared as bits.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_diff.h"

struct bitrec {
	uint32_t leaf, subleaf;
	bool indexed;
	uint64_t xcr0_in, xss_in;
	uint8_t reg, bit;
	enum verdict verdict;
	bool has_final;
	bool final;
	const char *name;
	const char *rule;
};

static int key_cmp(const struct bitrec *a, const struct bitrec *b)
{
	if (a->leaf != b->leaf)
		return a->leaf < b->leaf ? -1 : 1;
	if (a->indexed != b->indexed)
		return a->indexed ? 1 : -1;
	if (a->subleaf != b->subleaf)
		return a->subleaf < b->subleaf ? -1 : 1;
	if (a->xcr0_in != b->xcr0_in)
		return a->xcr0_in < b->xcr0_in ? -1 : 1;
	if (a->xss_in != b->xss_in)
		return a->xss_in < b->xss_in ? -1 : 1;
	if (a->reg != b->reg)
		return a->reg < b->reg ? -1 : 1;
	if (a->bit != b->bit)
		return a->bit < b->bit ? -1 : 1;
	return 0;
}

static int qsort_cmp(const void *a, const void *b)
{
	return key_cmp(a, b);
}

/* Every bit of every finding, in key order. */
static struct bitrec *bits_of(const struct check_result *r, size_t *n)
{
	struct bitrec *v;
	size_t i, k = 0, total = 0;
	unsigned int j;

	for (i = 0; i < r->nfindings; i++)
		total += r->findings[i].width;
	v = calloc(total ? total : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		for (j = 0; j < f->width; j++) {
			struct bitrec *b = &v[k++];

			b->leaf = f->leaf;
			b->subleaf = f->subleaf;
			b->indexed = f->indexed;
			b->xcr0_in = f->xcr0_in;
			b->xss_in = f->xss_in;
			b->reg = f->reg;
			b->bit = (uint8_t)(f->bit + j);
			b->verdict = f->verdict;
			b->has_final = f->has_final;
			b->final = f->has_final && ((f->final >> j) & 1);
			b->name = f->name;
			b->rule = f->rule;
		}
	}
	qsort(v, k, sizeof(*v), qsort_cmp);
	*n = k;
	return v;
}

static const char *bit_value(const struct bitrec *b)
{
	if (!b)
		return "-";
	if (!b->has_final)
		return "?";
	return b->final ? "1" : "0";
}

/* One change of one bit, in words that merge with its neighbours'. */
static void describe(const struct bitrec *a, const struct bitrec *b,
		     char *buf, size_t size)
{
	snprintf(buf, size, "%s %s -> %s %s",
		 a ? verdict_name(a->verdict) : "(absent)", bit_value(a),
		 b ? verdict_name(b->verdict) : "(absent)", bit_value(b));
}

static void put_where(struct strbuf *out, const struct bitrec *k,
		      unsigned int lo, unsigned int hi)
{
	strbuf_printf(out, "  0x%08" PRIx32, k->leaf);
	if (k->indexed)
		strbuf_printf(out, ".0x%" PRIx32, k->subleaf);
	if (k->xcr0_in || k->xss_in)
		strbuf_printf(out, "(xcr0_in=0x%" PRIx64 ",xss_in=0x%" PRIx64
			      ")", k->xcr0_in, k->xss_in);
	strbuf_printf(out, ".%s[", cpuid_reg_name(k->reg));
	if (lo == hi)
		strbuf_printf(out, "%u]", lo);
	else
		strbuf_printf(out, "%u-%u]", lo, hi);
}

static bool same_reg(const struct bitrec *a, const struct bitrec *b)
{
	struct bitrec x = *a, y = *b;

	x.bit = y.bit = 0;
	return key_cmp(&x, &y) == 0;
}

static bool same_change(const struct bitrec *a1, const struct bitrec *b1,
			const struct bitrec *a2, const struct bitrec *b2)
{
	char s1[96], s2[96];

	describe(a1, b1, s1, sizeof(s1));
	describe(a2, b2, s2, sizeof(s2));
	return !strcmp(s1, s2);
}

struct change {
	const struct bitrec *a, *b;
};

static size_t diff_bits(const struct check_result *ra,
			const struct check_result *rb, struct strbuf *out)
{
	size_t na = 0, nb = 0, i = 0, j = 0, n = 0, k, run, count = 0;
	struct bitrec *va = bits_of(ra, &na), *vb = bits_of(rb, &nb);
	struct change *ch = calloc(na + nb + 1, sizeof(*ch));
	char text[96];

	if (!va || !vb || !ch) {
		out->failed = true;
		goto out;
	}
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : key_cmp(&va[i], &vb[j]);
		const struct bitrec *a = c <= 0 ? &va[i] : NULL;
		const struct bitrec *b = c >= 0 ? &vb[j] : NULL;

		i += c <= 0;
		j += c >= 0;
		if (a && b && a->verdict == b->verdict &&
		    a->has_final == b->has_final && a->final == b->final)
			continue;
		ch[n].a = a;
		ch[n].b = b;
		n++;
	}
	strbuf_puts(out, "bits (verdict and final value, A -> B):\n");
	for (k = 0; k < n; k += run) {
		const struct bitrec *key = ch[k].a ? ch[k].a : ch[k].b;
		const char *name;

		for (run = 1; k + run < n; run++) {
			const struct bitrec *next =
				ch[k + run].a ? ch[k + run].a : ch[k + run].b;

			if (!same_reg(key, next) ||
			    next->bit != key->bit + run ||
			    !same_change(ch[k].a, ch[k].b, ch[k + run].a,
					 ch[k + run].b))
				break;
		}
		put_where(out, key, key->bit,
			  (unsigned int)(key->bit + run - 1));
		name = ch[k].b && ch[k].b->name ? ch[k].b->name :
		       ch[k].a && ch[k].a->name ? ch[k].a->name : NULL;
		if (name)
			strbuf_printf(out, " %s", name);
		describe(ch[k].a, ch[k].b, text, sizeof(text));
		strbuf_printf(out, ": %s", text);
		if (ch[k].b && ch[k].a && ch[k].a->rule && ch[k].b->rule &&
		    strcmp(ch[k].a->rule, ch[k].b->rule))
			strbuf_printf(out, " (rule %s -> %s)", ch[k].a->rule,
				      ch[k].b->rule);
		strbuf_putc(out, '\n');
		count++;
	}
	if (!count)
		strbuf_puts(out, "  (none)\n");
out:
	free(va);
	free(vb);
	free(ch);
	return n;
}

static size_t diff_str(struct strbuf *out, const char *what, const char *a,
		       const char *b)
{
	if (!strcmp(a ? a : "", b ? b : ""))
		return 0;
	strbuf_printf(out, "%s: %s -> %s\n", what, a ? a : "-", b ? b : "-");
	return 1;
}

static void hex(char *buf, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
}

static const struct report_input *input_of(const struct report *r,
					   const char *role)
{
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		if (!strcmp(r->inputs[i].role, role))
			return &r->inputs[i];
	return NULL;
}

static size_t diff_inputs(const struct report *a, const struct report *b,
			  struct strbuf *out)
{
	static const char *const roles[] = { "config", "page", "host",
					     "rules" };
	char ha[65] = "-", hb[65] = "-", what[32];
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(roles); i++) {
		const struct report_input *ia = input_of(a, roles[i]);
		const struct report_input *ib = input_of(b, roles[i]);

		strcpy(ha, "-");
		strcpy(hb, "-");
		if (ia)
			hex(ha, ia->sha256, 32);
		if (ib)
			hex(hb, ib->sha256, 32);
		snprintf(what, sizeof(what), "%s (sha-256)", roles[i]);
		n += diff_str(out, what, ha, hb);
	}
	return n;
}

size_t report_diff(const struct report *a, const struct report *b,
		   struct strbuf *out)
{
	const struct check_result *ra = &a->res, *rb = &b->res;
	char ha[65], hb[65], ca[32], cb[32];
	size_t n = 0;

	n += diff_str(out, "platform", ra->platform, rb->platform);
	n += diff_str(out, "rule set", ra->ruleset, rb->ruleset);
	hex(ha, a->ruleset_sha256, 32);
	hex(hb, b->ruleset_sha256, 32);
	n += diff_str(out, "rule set (sha-256)", ha, hb);
	n += diff_str(out, "tool version", a->tool_version, b->tool_version);
	n += diff_str(out, "vmm", ra->vmm, rb->vmm);
	n += diff_str(out, "kvm", ra->kvm, rb->kvm);
	n += diff_str(out, "strict", a->strict ? "yes" : "no",
		      b->strict ? "yes" : "no");
	snprintf(ca, sizeof(ca), "%d", a->host_cpu);
	snprintf(cb, sizeof(cb), "%d", b->host_cpu);
	n += diff_str(out, "host cpu", a->host_cpu < 0 ? "-" : ca,
		      b->host_cpu < 0 ? "-" : cb);
	n += diff_inputs(a, b, out);
	n += diff_str(out, "outcome", outcome_name(ra->outcome),
		      outcome_name(rb->outcome));
	snprintf(ca, sizeof(ca), "0x%" PRIx64, ra->status.code);
	snprintf(cb, sizeof(cb), "0x%" PRIx64, rb->status.code);
	n += diff_str(out, "status code", ca, cb);
	n += diff_str(out, "status", ra->status.name, rb->status.name);
	n += diff_str(out, "status layer", ra->status.layer,
		      rb->status.layer);
	n += diff_str(out, "status message", ra->status.message,
		      rb->status.message);
	snprintf(ca, sizeof(ca), "%zu", ra->ncorrections);
	snprintf(cb, sizeof(cb), "%zu", rb->ncorrections);
	n += diff_str(out, "corrections", ca, cb);
	n += diff_bits(ra, rb, out);
	return n;
}
