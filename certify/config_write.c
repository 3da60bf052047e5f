// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>

#include "config_write.h"
#include "leaves.h"

static void write_header(const char *header, struct strbuf *out)
{
	const char *p = header;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		strbuf_puts(out, n ? "# " : "#");
		strbuf_add(out, p, n);
		strbuf_putc(out, '\n');
		p += n + (nl ? 1 : 0);
	}
}

/*
 * A sub-leaf written as "0x00" reads back as not significant for a leaf
 * that models/cpuid-leaves.txt does not index and that has no other
 * sub-leaf; such leaves go into a cpuid.indexed directive.
 */
static bool needs_indexed_directive(const struct cpuid_set *set,
				    const struct cpuid_entry *e)
{
	return e->indexed && e->subleaf == 0 &&
	       !cpuid_leaf_is_indexed(e->leaf) &&
	       !cpuid_set_has_other_subleaf(set, e);
}

static void write_indexed_directive(const struct cpuid_set *set,
				    struct strbuf *out)
{
	const struct cpuid_entry *e;
	uint32_t last = 0;
	bool any = false;

	cpuid_set_for_each(e, set) {
		if (!needs_indexed_directive(set, e) || (any && e->leaf == last))
			continue;
		strbuf_puts(out, any ? ", " : "cpuid.indexed = ");
		strbuf_printf(out, "0x%08" PRIx32, e->leaf);
		last = e->leaf;
		any = true;
	}
	if (any)
		strbuf_putc(out, '\n');
}

static void write_entry(const struct cpuid_entry *e, struct strbuf *out)
{
	strbuf_printf(out, "0x%08" PRIx32 " ", e->leaf);
	if (e->indexed)
		strbuf_printf(out, "0x%02" PRIx32, e->subleaf);
	else if (cpuid_leaf_is_indexed(e->leaf))
		strbuf_putc(out, '*');
	else
		strbuf_puts(out, "0x00");
	strbuf_printf(out, ": eax=0x%08" PRIx32 " ebx=0x%08" PRIx32
		      " ecx=0x%08" PRIx32 " edx=0x%08" PRIx32,
		      e->regs[CPUID_REG_EAX], e->regs[CPUID_REG_EBX],
		      e->regs[CPUID_REG_ECX], e->regs[CPUID_REG_EDX]);
	if (e->xcr0_in)
		strbuf_printf(out, " xcr0_in=0x%" PRIx64, e->xcr0_in);
	if (e->xss_in)
		strbuf_printf(out, " xss_in=0x%" PRIx64, e->xss_in);
	strbuf_putc(out, '\n');
}

void config_write(const struct config *cfg, const char *header,
		  struct strbuf *out)
{
	const struct cpuid_entry *e;
	size_t before, i;

	if (header)
		write_header(header, out);
	before = out->len;
	write_indexed_directive(&cfg->cpuid, out);
	for (i = 0; i < cfg->ndirectives; i++) {
		const struct directive *dir = &cfg->directives[i];

		/* Recomputed above from the set itself. */
		if (strcmp(dir->key, "cpuid.indexed") == 0)
			continue;
		strbuf_printf(out, "%s = %s\n", dir->key, dir->value);
	}
	if (out->len != before)
		strbuf_putc(out, '\n');
	cpuid_set_for_each(e, &cfg->cpuid)
		write_entry(e, out);
}
