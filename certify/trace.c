// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "feature_table.h"
#include "trace.h"

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
}

void trace_release(struct trace *t)
{
	free(t->entries);
	trace_init(t);
}

static struct cpuid_entry key_of(const struct cpuid_entry *e)
{
	struct cpuid_entry k = {
		.leaf = e->leaf,
		.indexed = e->indexed,
		.subleaf = e->indexed ? e->subleaf : 0,
		.xcr0_in = e->xcr0_in,
		.xss_in = e->xss_in,
	};

	return k;
}

static struct trace_entry *find(const struct trace *t,
				const struct cpuid_entry *key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (cpuid_entry_key_cmp(&t->entries[i].key, key) == 0)
			return &t->entries[i];
	return NULL;
}

void trace_note(struct trace *t, const struct cpuid_entry *key,
		unsigned int reg, uint32_t mask, const struct bit_note *n)
{
	struct cpuid_entry k = key_of(key);
	struct trace_entry *e = find(t, &k);
	unsigned int bit;

	if (!mask || reg >= CPUID_NR_REGS)
		return;
	if (!e) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 64;
			struct trace_entry *p =
				realloc(t->entries, cap * sizeof(*p));

			if (!p) {
				t->failed = true;
				return;
			}
			t->entries = p;
			t->cap = cap;
		}
		e = &t->entries[t->n++];
		memset(e, 0, sizeof(*e));
		e->key = k;
	}
	for (bit = 0; bit < 32; bit++) {
		struct bit_note *old = &e->bits[reg][bit];

		if (!(mask & (1u << bit)))
			continue;
		if (old->set && old->strength > n->strength)
			continue;
		*old = *n;
		old->set = true;
	}
}

const struct bit_note *trace_get(const struct trace *t,
				 const struct cpuid_entry *key,
				 unsigned int reg, unsigned int bit)
{
	struct cpuid_entry k = key_of(key);
	const struct trace_entry *e = find(t, &k);

	if (!e || reg >= CPUID_NR_REGS || bit >= 32 || !e->bits[reg][bit].set)
		return NULL;
	return &e->bits[reg][bit];
}

/* The entry with exactly @key's leaf, sub-leaf and xcr0/xss, or NULL. */
static const struct cpuid_entry *find_exact(const struct cpuid_set *s,
					    const struct cpuid_entry *key)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, s)
		if (cpuid_entry_key_cmp(e, key) == 0)
			return e;
	return NULL;
}

static int key_sort(const void *a, const void *b)
{
	return cpuid_entry_key_cmp(a, b);
}

/* The union of the keys of the request, the final set and the trace. */
static struct cpuid_entry *all_keys(const struct trace *t,
				    const struct cpuid_set *req,
				    const struct cpuid_set *fin, size_t *n)
{
	size_t cap = t->n + req->n + fin->n, i, k = 0, out = 0;
	struct cpuid_entry *keys = calloc(cap ? cap : 1, sizeof(*keys));
	const struct cpuid_entry *e;

	if (!keys)
		return NULL;
	for (i = 0; i < t->n; i++)
		keys[k++] = t->entries[i].key;
	cpuid_set_for_each(e, req)
		keys[k++] = key_of(e);
	cpuid_set_for_each(e, fin)
		keys[k++] = key_of(e);
	qsort(keys, k, sizeof(*keys), key_sort);
	for (i = 0; i < k; i++)
		if (!out || cpuid_entry_key_cmp(&keys[out - 1], &keys[i]) != 0)
			keys[out++] = keys[i];
	*n = out;
	return keys;
}

/* The verdict of a field whose note is not final (see trace.h). */
static enum verdict decide(const struct finding *f, bool host_value)
{
	uint32_t req = f->has_requested ? f->requested : 0;

	if (!f->has_final || host_value)
		return VERDICT_NATIVE;
	if (req == f->final)
		return VERDICT_AS_CONFIGURED;
	if (f->width == 1 && req && !f->final)
		return VERDICT_DROPPED;
	return VERDICT_FORCED;
}

struct field_ctx {
	trace_explain_fn explain;
	void *explain_ctx;
	const struct trace *t;
	const struct cpuid_entry *key;
	const struct cpuid_entry *req;
	const struct cpuid_entry *fin;
	struct check_result *r;
	unsigned int reg;
};

/*
 * The bits of a field speak as one when one rule of one layer decided
 * them all; their classes may differ (a vendor string mixes
 * native+verified0 and native+verified1 bits).
 */
static bool same_decider(const struct bit_note *a, const struct bit_note *b)
{
	if (!a || !b)
		return a == b;
	if ((a->strength >= NOTE_FINAL || b->strength >= NOTE_FINAL) &&
	    (a->strength != b->strength || a->verdict != b->verdict))
		return false;
	return a->host_value == b->host_value && a->layer == b->layer &&
	       a->rule == b->rule && a->source == b->source &&
	       a->note == b->note;
}

/* The classes of a field's bits, in bit order, once each, '|'-joined. */
static const char *field_class(struct field_ctx *c, unsigned int bit,
			       unsigned int width)
{
	const struct bit_note *first = trace_get(c->t, c->key, c->reg, bit);
	const char *seen[32];
	unsigned int i, j, nseen = 0;
	char buf[256] = "";

	for (i = 0; i < width; i++) {
		const struct bit_note *n =
			trace_get(c->t, c->key, c->reg, bit + i);

		if (!n)
			continue;
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j], n->class))
				break;
		if (j < nseen)
			continue;
		seen[nseen++] = n->class;
		if (buf[0])
			strncat(buf, "|", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, n->class, sizeof(buf) - strlen(buf) - 1);
	}
	if (!first || !strcmp(buf, first->class))
		return first ? first->class : "-";
	return strpool_intern(&c->r->pool, buf);
}

static int emit(struct field_ctx *c, unsigned int bit, unsigned int width,
		const char *name)
{
	struct cpuid_field f = CPUID_FIELD(c->key->leaf, c->key->subleaf,
					   c->reg, bit, width);
	const struct bit_note *n = trace_get(c->t, c->key, c->reg, bit);
	uint32_t mask = cpuid_field_mask(&f);
	struct finding out = {
		.leaf = c->key->leaf,
		.subleaf = c->key->subleaf,
		.indexed = c->key->indexed,
		.xcr0_in = c->key->xcr0_in,
		.xss_in = c->key->xss_in,
		.reg = (uint8_t)c->reg,
		.bit = (uint8_t)bit,
		.width = (uint8_t)width,
		.name = name,
	};

	if (c->req) {
		out.has_requested = true;
		out.requested = cpuid_field_extract(&f, c->req->regs[c->reg]);
	}
	if (c->fin && !(c->fin->unknown[c->reg] & mask)) {
		out.has_final = true;
		out.final = cpuid_field_extract(&f, c->fin->regs[c->reg]);
	}
	if (n) {
		out.verdict = n->strength >= NOTE_FINAL ?
				      n->verdict :
				      decide(&out, n->host_value);
		out.class = field_class(c, bit, width);
		out.layer = n->layer;
		out.rule = n->rule;
		out.source = n->source;
		out.note = n->note;
	} else {
		out.verdict = decide(&out, false);
		out.class = "-";
		out.layer = "-";
		out.rule = "-";
		out.source = "-";
	}
	if (!out.note && c->explain)
		out.note = c->explain(&out, c->explain_ctx);
	return check_result_add(c->r, &out);
}

static int reg_findings(struct field_ctx *c)
{
	const struct bit_note *n0 = trace_get(c->t, c->key, c->reg, 0);
	unsigned int bit = 0, i;

	/* A register settled whole (an untrusted leaf) is one finding. */
	if (n0 && n0->strength >= NOTE_FINAL) {
		for (i = 1; i < 32; i++)
			if (!same_decider(n0, trace_get(c->t, c->key, c->reg,
							i)))
				break;
		if (i == 32)
			return emit(c, 0, 32, NULL);
	}

	while (bit < 32) {
		const struct cpuid_feature *f =
			cpuid_feature_at(c->key->leaf, c->key->subleaf, c->reg,
					 bit);
		const char *name = f ? f->name : NULL;
		bool whole = f && f->width > 1 && f->bit == bit;

		for (i = 1; whole && i < f->width; i++)
			whole = same_decider(
				trace_get(c->t, c->key, c->reg, bit),
				trace_get(c->t, c->key, c->reg, bit + i));
		if (whole) {
			if (emit(c, bit, f->width, name))
				return -1;
			bit += f->width;
			continue;
		}
		if (emit(c, bit, 1, name))
			return -1;
		bit++;
	}
	return 0;
}

int trace_to_findings(const struct trace *t,
		      const struct cpuid_set *requested,
		      struct check_result *r, trace_explain_fn explain,
		      void *ctx)
{
	struct cpuid_entry *keys;
	size_t n, i;
	int ret = 0;

	if (t->failed)
		return -1;
	keys = all_keys(t, requested, &r->final, &n);
	if (!keys)
		return -1;
	for (i = 0; i < n && !ret; i++) {
		struct field_ctx c = {
			.explain = explain,
			.explain_ctx = ctx,
			.t = t,
			.key = &keys[i],
			.req = find_exact(requested, &keys[i]),
			.fin = find_exact(&r->final, &keys[i]),
			.r = r,
		};

		for (c.reg = 0; c.reg < CPUID_NR_REGS && !ret; c.reg++)
			ret = reg_findings(&c);
	}
	free(keys);
	return ret;
}
