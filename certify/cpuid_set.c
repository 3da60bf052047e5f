// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_set.h"

void cpuid_set_init(struct cpuid_set *s)
{
	s->entries = NULL;
	s->n = 0;
	s->cap = 0;
}

void cpuid_set_release(struct cpuid_set *s)
{
	free(s->entries);
	cpuid_set_init(s);
}

static int cpuid_set_reserve(struct cpuid_set *s, size_t want)
{
	struct cpuid_entry *p;
	size_t cap;

	if (want <= s->cap)
		return 0;
	cap = s->cap ? s->cap : 64;
	while (cap < want) {
		if (cap > ((size_t)-1) / 2 / sizeof(*p))
			return -ENOMEM;
		cap *= 2;
	}
	p = realloc(s->entries, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->entries = p;
	s->cap = cap;
	return 0;
}

int cpuid_set_copy(struct cpuid_set *dst, const struct cpuid_set *src)
{
	dst->n = 0;
	if (cpuid_set_reserve(dst, src->n))
		return -ENOMEM;
	if (src->n)
		memcpy(dst->entries, src->entries,
		       src->n * sizeof(*src->entries));
	dst->n = src->n;
	return 0;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

int cpuid_entry_key_cmp(const struct cpuid_entry *a,
			const struct cpuid_entry *b)
{
	uint32_t sa = a->indexed ? a->subleaf : 0;
	uint32_t sb = b->indexed ? b->subleaf : 0;

	if (a->leaf != b->leaf)
		return CMP(a->leaf, b->leaf);
	if (sa != sb)
		return CMP(sa, sb);
	if (a->indexed != b->indexed)
		return CMP(a->indexed, b->indexed);
	if (a->xcr0_in != b->xcr0_in)
		return CMP(a->xcr0_in, b->xcr0_in);
	return CMP(a->xss_in, b->xss_in);
}

bool cpuid_entry_conflicts(const struct cpuid_entry *a,
			   const struct cpuid_entry *b)
{
	if (a->leaf != b->leaf || a->xcr0_in != b->xcr0_in ||
	    a->xss_in != b->xss_in)
		return false;
	return !a->indexed || !b->indexed || a->subleaf == b->subleaf;
}

/* Index of the first entry whose key is not below @e's. */
static size_t lower_bound(const struct cpuid_set *s,
			  const struct cpuid_entry *e)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cpuid_entry_key_cmp(&s->entries[mid], e) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first entry of @leaf (or where it would go). */
static size_t leaf_start(const struct cpuid_set *s, uint32_t leaf)
{
	struct cpuid_entry key = { .leaf = leaf, .indexed = false };

	return lower_bound(s, &key);
}

static struct cpuid_entry *find_conflict(const struct cpuid_set *s,
					 const struct cpuid_entry *e)
{
	size_t i;

	for (i = leaf_start(s, e->leaf);
	     i < s->n && s->entries[i].leaf == e->leaf; i++)
		if (cpuid_entry_conflicts(&s->entries[i], e))
			return &s->entries[i];
	return NULL;
}

static int insert_at(struct cpuid_set *s, const struct cpuid_entry *e)
{
	struct cpuid_entry norm = *e;
	size_t pos;

	if (!norm.indexed)
		norm.subleaf = 0;
	if (cpuid_set_reserve(s, s->n + 1))
		return -ENOMEM;
	pos = lower_bound(s, &norm);
	memmove(&s->entries[pos + 1], &s->entries[pos],
		(s->n - pos) * sizeof(*s->entries));
	s->entries[pos] = norm;
	s->n++;
	return 0;
}

int cpuid_set_insert(struct cpuid_set *s, const struct cpuid_entry *e)
{
	if (find_conflict(s, e))
		return -EEXIST;
	return insert_at(s, e);
}

int cpuid_set_put(struct cpuid_set *s, const struct cpuid_entry *e)
{
	struct cpuid_entry *old;

	while ((old = find_conflict(s, e)))
		cpuid_set_remove(s, old);
	return insert_at(s, e);
}

bool cpuid_set_remove(struct cpuid_set *s, const struct cpuid_entry *e)
{
	size_t pos = lower_bound(s, e);

	if (pos >= s->n || cpuid_entry_key_cmp(&s->entries[pos], e) != 0)
		return false;
	memmove(&s->entries[pos], &s->entries[pos + 1],
		(s->n - pos - 1) * sizeof(*s->entries));
	s->n--;
	return true;
}

const struct cpuid_entry *cpuid_set_find(const struct cpuid_set *s,
					 uint32_t leaf, bool indexed,
					 uint32_t subleaf)
{
	struct cpuid_entry key = {
		.leaf = leaf,
		.indexed = indexed,
		.subleaf = indexed ? subleaf : 0,
	};
	size_t pos = lower_bound(s, &key);
	const struct cpuid_entry *e;

	if (pos >= s->n)
		return NULL;
	/* The key with xcr0_in = xss_in = 0 sorts before its variants. */
	e = &s->entries[pos];
	if (e->leaf == leaf && e->indexed == indexed &&
	    e->subleaf == key.subleaf)
		return e;
	return NULL;
}

const struct cpuid_entry *cpuid_set_lookup(const struct cpuid_set *s,
					   uint32_t leaf, uint32_t subleaf)
{
	const struct cpuid_entry *e = NULL;
	size_t i;

	for (i = leaf_start(s, leaf);
	     i < s->n && s->entries[i].leaf == leaf; i++) {
		const struct cpuid_entry *c = &s->entries[i];

		if (c->indexed && c->subleaf == subleaf)
			return c;
		if (!c->indexed && !e)
			e = c;
	}
	return e;
}

bool cpuid_set_get(const struct cpuid_set *s, struct cpuid_field f,
		   uint32_t *value)
{
	const struct cpuid_entry *e = cpuid_set_lookup(s, f.leaf, f.subleaf);

	if (!e || f.reg >= CPUID_NR_REGS)
		return false;
	*value = cpuid_field_extract(&f, e->regs[f.reg]);
	return true;
}

bool cpuid_set_has_other_subleaf(const struct cpuid_set *s,
				 const struct cpuid_entry *e)
{
	size_t i;

	for (i = leaf_start(s, e->leaf);
	     i < s->n && s->entries[i].leaf == e->leaf; i++) {
		const struct cpuid_entry *c = &s->entries[i];

		if ((c->indexed ? c->subleaf : 0) != (e->indexed ? e->subleaf : 0))
			return true;
	}
	return false;
}

bool cpuid_set_equal(const struct cpuid_set *a, const struct cpuid_set *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct cpuid_entry *x = &a->entries[i];
		const struct cpuid_entry *y = &b->entries[i];

		if (cpuid_entry_key_cmp(x, y) != 0 ||
		    memcmp(x->regs, y->regs, sizeof(x->regs)) != 0 ||
		    memcmp(x->unknown, y->unknown, sizeof(x->unknown)) != 0)
			return false;
	}
	return true;
}
