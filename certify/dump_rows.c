// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "leaves.h"

int dump_rows_add(struct dump_rows *rows, const struct dump_row *row,
		  const char *file, struct diag *d)
{
	if (rows->n >= DUMP_MAX_ENTRIES) {
		diag_set(d, file, row->line, "more than %u CPUID entries",
			 DUMP_MAX_ENTRIES);
		return -1;
	}
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 128;
		struct dump_row *p = realloc(rows->rows, cap * sizeof(*p));

		if (!p) {
			diag_set(d, file, row->line, "out of memory");
			return -1;
		}
		rows->rows = p;
		rows->cap = cap;
	}
	rows->rows[rows->n++] = *row;
	return 0;
}

void dump_rows_release(struct dump_rows *rows)
{
	free(rows->rows);
	memset(rows, 0, sizeof(*rows));
}

/* Orders rows by leaf, sub-leaf, xcr0_in, xss_in, then input line. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct dump_row *a = pa, *b = pb;
	const struct cpuid_entry *x = &a->entry, *y = &b->entry;

	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	if (x->subleaf != y->subleaf)
		return x->subleaf < y->subleaf ? -1 : 1;
	if (x->xcr0_in != y->xcr0_in)
		return x->xcr0_in < y->xcr0_in ? -1 : 1;
	if (x->xss_in != y->xss_in)
		return x->xss_in < y->xss_in ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

struct leaf_match {
	uint32_t leaf;
	bool found;
};

static bool match_leaf(uint32_t leaf, void *arg)
{
	struct leaf_match *m = arg;

	if (leaf == m->leaf)
		m->found = true;
	return true;
}

static bool directive_indexes(const struct config *cfg, uint32_t leaf)
{
	const struct directive *dir = config_directive(cfg, "cpuid.indexed");
	struct leaf_match m = { .leaf = leaf, .found = false };

	if (!dir)
		return false;
	directive_parse_leaf_list(dir->value, strlen(dir->value), match_leaf,
				  &m);
	return m.found;
}

/* A row of the same leaf with another sub-leaf than @r, or NULL. */
static const struct dump_row *other_subleaf(const struct dump_rows *rows,
					    size_t first, size_t end,
					    const struct dump_row *r)
{
	/* Rows of one leaf are sorted by sub-leaf: check both ends. */
	if (rows->rows[first].entry.subleaf != r->entry.subleaf)
		return &rows->rows[first];
	if (rows->rows[end - 1].entry.subleaf != r->entry.subleaf)
		return &rows->rows[end - 1];
	return NULL;
}

int dump_rows_to_set(struct dump_rows *rows, const struct config *cfg,
		     const char *file, unsigned int last_line,
		     struct cpuid_set *set, struct diag *d)
{
	const struct dump_row *dup = NULL, *dup_first = NULL;
	size_t i, first;

	if (rows->n == 0) {
		diag_set(d, file, last_line ? last_line : 1,
			 "no CPUID entries");
		return -1;
	}
	qsort(rows->rows, rows->n, sizeof(*rows->rows), row_cmp);

	/* Report the duplicate that appears earliest in the input. */
	for (i = 1; i < rows->n; i++) {
		const struct dump_row *a = &rows->rows[i - 1];
		const struct dump_row *b = &rows->rows[i];

		if (row_cmp(a, b) != 0 && a->entry.leaf == b->entry.leaf &&
		    a->entry.subleaf == b->entry.subleaf &&
		    a->entry.xcr0_in == b->entry.xcr0_in &&
		    a->entry.xss_in == b->entry.xss_in &&
		    (!dup || b->line < dup->line)) {
			dup = b;
			dup_first = a;
		}
	}
	if (dup) {
		diag_set(d, file, dup->line,
			 "duplicate entry for leaf 0x%08x sub-leaf 0x%x "
			 "(first at line %u)", dup->entry.leaf,
			 dup->entry.subleaf, dup_first->line);
		return -1;
	}

	for (first = 0; first < rows->n; first = i) {
		uint32_t leaf = rows->rows[first].entry.leaf;
		bool listed = cpuid_leaf_is_indexed(leaf) ||
			      directive_indexes(cfg, leaf);
		size_t end;

		for (end = first; end < rows->n &&
				  rows->rows[end].entry.leaf == leaf; end++)
			;
		for (i = first; i < end; i++) {
			struct dump_row *r = &rows->rows[i];
			const struct dump_row *o =
				other_subleaf(rows, first, end, r);

			if (r->any_subleaf && o) {
				diag_set(d, file, r->line,
					 "leaf 0x%08x has sub-leaf '*' and "
					 "sub-leaf 0x%x (line %u)", leaf,
					 o->entry.subleaf, o->line);
				return -1;
			}
			r->entry.indexed = !r->any_subleaf &&
					   (listed || r->entry.subleaf != 0 ||
					    o != NULL);
		}
		for (i = first; i < end; i++) {
			int ret = cpuid_set_insert(set, &rows->rows[i].entry);

			if (ret == -ENOMEM) {
				diag_set(d, file, rows->rows[i].line,
					 "out of memory");
				return -1;
			}
			if (ret) {
				diag_set(d, file, rows->rows[i].line,
					 "entry for leaf 0x%08x conflicts "
					 "with another entry", leaf);
				return -1;
			}
		}
	}
	return 0;
}
