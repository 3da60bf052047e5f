// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>

#include "cpuid_decode.h"
#include "cpuid_show.h"
#include "feature_table.h"
#include "leaves.h"

static void show_summary(const struct config *cfg, struct strbuf *out)
{
	const struct cpuid_set *set = &cfg->cpuid;
	struct cpuid_field f_hyp = CPUID_FEATURE_HYPERVISOR;
	uint32_t v, max_ext;
	char text[49];

	strbuf_printf(out, "source: %s (%s", cfg->source ? cfg->source : "-",
		      cfg->format);
	if (cfg->cpu >= 0)
		strbuf_printf(out, ", CPU %d", cfg->cpu);
	strbuf_puts(out, ")\n");
	if (cpuid_decode_vendor(set, text))
		strbuf_printf(out, "vendor: %s\n", text);
	if (cpuid_decode_brand(set, text))
		strbuf_printf(out, "brand: %s\n", text);
	if (cpuid_set_get(set, CPUID_REG_VALUE(1, 0, CPUID_REG_EAX), &v)) {
		struct cpuid_fms fms = cpuid_decode_fms(v);

		strbuf_printf(out,
			      "signature: 0x%08" PRIx32 " (family 0x%" PRIx32
			      ", model 0x%" PRIx32 ", stepping %" PRIu32 ")\n",
			      v, fms.family, fms.model, fms.stepping);
	}
	if (cpuid_set_get(set, CPUID_FIELD_MAX_STD_LEAF, &v)) {
		strbuf_printf(out, "max leaves: basic 0x%" PRIx32, v);
		if (cpuid_set_get(set, CPUID_FIELD_MAX_EXT_LEAF, &max_ext))
			strbuf_printf(out, ", extended 0x%08" PRIx32, max_ext);
		strbuf_putc(out, '\n');
	}
	if (cpuid_set_get(set, f_hyp, &v) && v &&
	    cpuid_decode_hypervisor(set, 0x40000000u, text) &&
	    cpuid_set_get(set, CPUID_FIELD_MAX_HYP_LEAF, &v))
		strbuf_printf(out, "hypervisor: %s (max leaf 0x%08" PRIx32
			      ")\n", text, v);
	if (cpuid_set_get(set, CPUID_FIELD_PHYS_ADDR_BITS, &v)) {
		uint32_t lin = 0;

		cpuid_set_get(set, CPUID_FIELD_VIRT_ADDR_BITS, &lin);
		strbuf_printf(out, "address sizes: %" PRIu32
			      " bits physical, %" PRIu32 " bits linear\n",
			      v, lin);
	}
	strbuf_printf(out, "entries: %zu\n", set->n);
}

struct reg_show {
	struct strbuf *out;
	uint32_t value;
	uint32_t named;	/* bits some feature covers */
};

/* Registers that hold four characters of a vendor or brand string. */
static bool is_text_field(const struct cpuid_feature *f)
{
	return strstr(f->name, "vendorid") || strstr(f->name, "brandid") ||
	       strstr(f->name, "hypervisor_id");
}

static void show_feature(const struct cpuid_feature *f, void *arg)
{
	struct reg_show *rs = arg;
	struct cpuid_field field = cpuid_feature_field(f);
	uint32_t v = cpuid_field_extract(&field, rs->value);

	rs->named |= cpuid_field_mask(&field);
	if (f->width == 32 && is_text_field(f)) {
		char text[5];

		for (int i = 0; i < 4; i++) {
			unsigned char c = (unsigned char)(v >> (8 * i));

			text[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		text[4] = '\0';
		strbuf_printf(rs->out, " %s=\"%s\"", f->name, text);
	} else if (f->width == 1) {
		if (v)
			strbuf_printf(rs->out, " %s", f->name);
	} else if (f->width < 12) {
		strbuf_printf(rs->out, " %s=%" PRIu32, f->name, v);
	} else {
		strbuf_printf(rs->out, " %s=0x%" PRIx32, f->name, v);
	}
}

static void show_entry(const struct cpuid_entry *e, struct strbuf *out)
{
	const char *title = cpuid_leaf_title(e->leaf);
	unsigned int reg, bit;

	strbuf_printf(out, "\n0x%08" PRIx32, e->leaf);
	if (e->indexed)
		strbuf_printf(out, " sub-leaf 0x%02" PRIx32, e->subleaf);
	else if (cpuid_leaf_is_indexed(e->leaf))
		strbuf_puts(out, " sub-leaf *");
	if (e->xcr0_in || e->xss_in)
		strbuf_printf(out, " (xcr0_in 0x%" PRIx64 ", xss_in 0x%" PRIx64
			      ")", e->xcr0_in, e->xss_in);
	strbuf_printf(out, ": %s\n", title ? title : "(unknown leaf)");

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		struct reg_show rs = { .out = out, .value = e->regs[reg] };
		uint32_t unnamed;

		strbuf_printf(out, "  %s 0x%08" PRIx32, cpuid_reg_name(reg),
			      e->regs[reg]);
		cpuid_features_for_reg(e->leaf, e->indexed ? e->subleaf : 0,
				       reg, show_feature, &rs);
		unnamed = e->regs[reg] & ~rs.named;
		for (bit = 0; bit < 32; bit++)
			if (unnamed & (1u << bit))
				strbuf_printf(out, " bit%u", bit);
		strbuf_putc(out, '\n');
	}
}

void cpuid_show(const struct config *cfg, struct strbuf *out)
{
	const struct cpuid_entry *e;

	show_summary(cfg, out);
	cpuid_set_for_each(e, &cfg->cpuid)
		show_entry(e, out);
}
