// SPDX-License-Identifier: MIT
/*
 * A report as one HTML5 page for an auditor: nothing loaded from
 * elsewhere (one inline <style>, no scripts, no URLs), the same bytes for
 * the same report (no clock, no locale, no floats).
 *
 *   summary       outcome, status, rule set, tool, observed (model, or
 *                 hardware (KVM) and then one "Fact" row "KEY: VALUE"
 *                 per platform fact), parameters, warnings, inputs with
 *                 their SHA-256, signature, corrections
 *   CPUID bits    per CPUID entry (leaf, sub-leaf, and xcr0_in/xss_in when
 *                 set) one row of 32 cells per register, bit 31 on the
 *                 left; a cell shows the bit's final value (? when it is
 *                 not known in advance) and is coloured by the verdict of
 *                 the finding that covers it (neutral: no finding); its
 *                 title (shown on hover) says what the finding says.  The
 *                 entries are those of the final CPUID and of the findings.
 *   findings      a table: the notable ones, then the as-configured and
 *                 native ones inside a <details> element.
 *
 * A bit covered by several findings takes the colour of the gravest
 * (rejected, dropped, forced, untrusted, runtime, native, as-configured)
 * and its title lists them all.  Every string is escaped: & < > " ' as
 * entities, line breaks as &#10;, other control characters and bad UTF-8
 * as U+FFFD.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render_util.h"

static const char html_style[] =
	"body{font-family:system-ui,sans-serif;margin:1.5em;color:#111;"
	"background:#fff}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
	"vertical-align:top}\n"
	"code,.grid td,.grid th{font-family:ui-monospace,monospace}\n"
	"table.grid td{width:1.5em;padding:1px 0;text-align:center}\n"
	"table.grid td.b{border-left:2px solid #444}\n"
	"table.grid tbody{border-top:2px solid #444}\n"
	".legend span{display:inline-block;padding:1px 8px;margin-right:4px;"
	"border:1px solid #bbb}\n"
	".v-as-configured{background:#c8e6c9}\n"
	".v-forced{background:#ffe082}\n"
	".v-dropped{background:#ffab91}\n"
	".v-rejected{background:#c62828;color:#fff}\n"
	".v-native{background:#bbdefb}\n"
	".v-runtime{background:#e1bee7}\n"
	".v-untrusted{background:#9e9e9e;color:#fff}\n"
	".v-none{background:#fafafa;color:#888}\n"
	".o-accepted{background:#c8e6c9}\n"
	".o-accepted-with-changes{background:#ffe082}\n"
	".o-rejected{background:#c62828;color:#fff}\n";

/* Gravest first: the colour of a bit several findings cover. */
static const unsigned int gravity[VERDICT_COUNT] = {
	[VERDICT_AS_CONFIGURED] = 0,
	[VERDICT_NATIVE] = 1,
	[VERDICT_RUNTIME] = 2,
	[VERDICT_UNTRUSTED] = 3,
	[VERDICT_FORCED] = 4,
	[VERDICT_DROPPED] = 5,
	[VERDICT_REJECTED] = 6,
};

static unsigned int grave(enum verdict v)
{
	return (unsigned int)v < VERDICT_COUNT ? gravity[v] : 0;
}

static void html_text(struct strbuf *out, const char *s)
{
	size_t n;

	if (!s)
		return;
	for (; *s; s += n) {
		unsigned char c = (unsigned char)*s;

		n = render_utf8_len(s);
		if (!n) {
			strbuf_puts(out, RENDER_REPLACEMENT);
			n = 1;
		} else if (n > 1) {
			strbuf_add(out, s, n);
		} else if (c == '&') {
			strbuf_puts(out, "&amp;");
		} else if (c == '<') {
			strbuf_puts(out, "&lt;");
		} else if (c == '>') {
			strbuf_puts(out, "&gt;");
		} else if (c == '"') {
			strbuf_puts(out, "&quot;");
		} else if (c == '\'') {
			strbuf_puts(out, "&#39;");
		} else if (c == '\r' && s[1] == '\n') {
			strbuf_puts(out, "&#10;");
			n = 2;
		} else if (c == '\n' || c == '\r') {
			strbuf_puts(out, "&#10;");
		} else if (c == '\t') {
			strbuf_putc(out, '\t');
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_puts(out, RENDER_REPLACEMENT);
		} else {
			strbuf_putc(out, (char)c);
		}
	}
}

/* Escapes what @tmp holds into @out, then empties @tmp. */
static void html_flush(struct strbuf *out, struct strbuf *tmp)
{
	html_text(out, strbuf_str(tmp));
	if (strbuf_failed(tmp))
		out->failed = true;
	strbuf_reset(tmp);
}

static void html_row(struct strbuf *out, const char *th, const char *td)
{
	strbuf_printf(out, "<tr><th>%s</th><td>", th);
	html_text(out, td);
	strbuf_puts(out, "</td></tr>\n");
}

static void html_hex_row(struct strbuf *out, const char *th,
			 const uint8_t *p, size_t n, const char *after)
{
	strbuf_printf(out, "<tr><th>%s</th><td><code>", th);
	render_hex(out, p, n);
	strbuf_printf(out, "</code>%s</td></tr>\n", after);
}

static void html_head(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;

	strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n<title>certify report: ");
	html_text(out, c->platform);
	strbuf_puts(out, ", ");
	html_text(out, c->ruleset);
	strbuf_printf(out, ": %s</title>\n<style>\n%s</style>\n</head>\n"
		      "<body>\n", outcome_name(c->outcome), html_style);
}

static void html_counts(const struct check_result *c, struct strbuf *out)
{
	size_t count[VERDICT_COUNT] = { 0 }, i;
	bool first = true;
	int v;

	for (i = 0; i < c->nfindings; i++)
		if ((unsigned int)c->findings[i].verdict < VERDICT_COUNT)
			count[c->findings[i].verdict]++;
	strbuf_puts(out, "<tr><th>Findings</th><td>");
	for (v = 0; v < VERDICT_COUNT; v++) {
		if (!count[v])
			continue;
		strbuf_printf(out, "%s%zu %s", first ? "" : ", ", count[v],
			      verdict_name((enum verdict)v));
		first = false;
	}
	if (first)
		strbuf_puts(out, "none");
	strbuf_puts(out, "</td></tr>\n");
}

static void html_summary(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	strbuf_puts(out, "<h1>certify report</h1>\n<h2 id=\"summary\">"
		    "Summary</h2>\n<table class=\"summary\">\n");
	strbuf_printf(out, "<tr><th>Outcome</th><td class=\"o-%s\">%s (%s)"
		      "</td></tr>\n", outcome_name(c->outcome),
		      outcome_name(c->outcome),
		      report_certified(r) ? "certified" : "not certified");
	render_status(&tmp, &c->status);
	strbuf_printf(&tmp, " (%s)", c->status.layer ? c->status.layer : "-");
	if (c->status.message && *c->status.message)
		strbuf_printf(&tmp, ": %s", c->status.message);
	strbuf_puts(out, "<tr><th>Status</th><td>");
	html_flush(out, &tmp);
	strbuf_puts(out, "</td></tr>\n");
	html_row(out, "Platform", c->platform);
	strbuf_printf(&tmp, "%s version %s, from %s", render_str(c->ruleset),
		      render_str(c->ruleset_version),
		      render_str(c->ruleset_source));
	html_row(out, "Rule set", strbuf_str(&tmp));
	strbuf_reset(&tmp);
	html_hex_row(out, "Rule set SHA-256", r->ruleset_sha256,
		     sizeof(r->ruleset_sha256), r->ruleset_embedded ?
		     " (embedded in certify)" : " (a file, among the inputs)");
	html_row(out, "VMM", c->vmm);
	html_row(out, "KVM", c->kvm);
	strbuf_printf(&tmp, "%s %s", render_str(r->tool),
		      render_str(r->tool_version));
	html_row(out, "Tool", strbuf_str(&tmp));
	strbuf_reset(&tmp);
	html_row(out, "Strict", r->strict ? "yes: accepted with changes "
		 "does not certify" : "no");
	if (r->has_iat) {
		render_time(&tmp, r->iat);
		html_row(out, "Issued at", strbuf_str(&tmp));
		strbuf_reset(&tmp);
	}
	html_row(out, "Observed", c->hardware ? "hardware (KVM)" : "model");
	for (i = 0; c->hardware && i < c->nfacts; i++) {
		strbuf_puts(out, "<tr><th>Fact</th><td>");
		html_text(out, c->facts[i].key);
		strbuf_puts(out, ": ");
		html_text(out, c->facts[i].value);
		strbuf_puts(out, "</td></tr>\n");
	}
	strbuf_puts(out, "<tr><th>Parameters</th><td>");
	for (i = 0; i < c->nparams; i++) {
		strbuf_puts(out, i ? "<br>" : "");
		html_text(out, c->params[i].key);
		strbuf_putc(out, '=');
		html_text(out, c->params[i].value);
	}
	strbuf_puts(out, c->nparams ? "</td></tr>\n" : "none</td></tr>\n");
	for (i = 0; i < c->nwarnings; i++)
		html_row(out, "Warning", c->warnings[i]);
	html_counts(c, out);
	strbuf_puts(out, "</table>\n");
	if (strbuf_failed(&tmp))
		out->failed = true;
	strbuf_release(&tmp);
}

static void html_inputs(const struct report *r, struct strbuf *out)
{
	size_t i;

	strbuf_puts(out, "<h2 id=\"inputs\">Inputs</h2>\n");
	if (!r->ninputs) {
		strbuf_puts(out, "<p>None recorded.</p>\n");
		return;
	}
	strbuf_puts(out, "<table class=\"inputs\">\n<tr><th>role</th>"
		    "<th>name</th><th>bytes</th><th>SHA-256</th></tr>\n");
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		strbuf_puts(out, "<tr><td>");
		html_text(out, in->role);
		strbuf_puts(out, "</td><td>");
		html_text(out, in->name);
		strbuf_printf(out, "</td><td>%zu</td><td><code>", in->len);
		render_hex(out, in->sha256, sizeof(in->sha256));
		strbuf_puts(out, "</code></td></tr>\n");
	}
	strbuf_puts(out, "</table>\n");
}

static void html_signature(const struct report *r, struct strbuf *out)
{
	strbuf_puts(out, "<h2 id=\"signature\">Signature</h2>\n");
	if (!r->sig.present) {
		strbuf_puts(out, "<p>None: this report was not read from a "
			    "signed file.</p>\n");
		return;
	}
	strbuf_printf(out, "<table class=\"signature\">\n"
		      "<tr><th>Algorithm</th><td>%s (%d)</td></tr>\n",
		      render_alg_name(r->sig.alg), r->sig.alg);
	html_hex_row(out, "Key id", r->sig.kid, sizeof(r->sig.kid), "");
	strbuf_printf(out, "<tr><th>Verified</th><td>%s</td></tr>\n"
		      "</table>\n", r->sig.verified ?
		      "yes, with the key given" :
		      "NO: not checked, or it did not verify");
}

static void html_corrections(const struct check_result *c,
			     struct strbuf *out)
{
	size_t i;

	if (!c->ncorrections)
		return;
	strbuf_puts(out, "<h2 id=\"corrections\">Corrections</h2>\n<p>What ");
	html_text(out, c->corrections[0].layer);
	strbuf_puts(out, " writes back, entry by entry.</p>\n"
		    "<table class=\"corrections\">\n<tr><th>entry</th>"
		    "<th>CPUID</th><th>register</th><th>provided</th>"
		    "<th>corrected</th><th>rule</th><th>source</th>"
		    "<th>note</th></tr>\n");
	for (i = 0; i < c->ncorrections; i++) {
		const struct check_correction *k = &c->corrections[i];
		int digits = k->field && !strcmp(k->field, "reserved") ? 16 : 8;

		strbuf_printf(out, "<tr><td>%u</td><td><code>0x%08" PRIx32
			      " 0x%02" PRIx32, k->index, k->key.leaf,
			      k->key.subleaf);
		if (k->key.xcr0_in || k->key.xss_in)
			strbuf_printf(out, " (xcr0_in=0x%" PRIx64 ",xss_in=0x%"
				      PRIx64 ")", k->key.xcr0_in,
				      k->key.xss_in);
		strbuf_puts(out, "</code></td><td>");
		html_text(out, k->field);
		strbuf_printf(out, "</td><td><code>0x%0*" PRIx64 "</code></td>"
			      "<td><code>0x%0*" PRIx64 "</code></td><td>",
			      digits, k->provided, digits, k->corrected);
		html_text(out, k->rule);
		strbuf_puts(out, "</td><td>");
		html_text(out, k->source);
		strbuf_puts(out, "</td><td>");
		html_text(out, k->note);
		strbuf_puts(out, "</td></tr>\n");
	}
	strbuf_puts(out, "</table>\n");
}

/* The grid's rows: one per CPUID entry key. */
struct grid_key {
	uint32_t leaf;
	uint32_t subleaf;
	bool indexed;
	uint64_t xcr0_in;
	uint64_t xss_in;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct grid_key *a = pa, *b = pb;

	if (a->leaf != b->leaf)
		return a->leaf < b->leaf ? -1 : 1;
	if (a->subleaf != b->subleaf)
		return a->subleaf < b->subleaf ? -1 : 1;
	if (a->xcr0_in != b->xcr0_in)
		return a->xcr0_in < b->xcr0_in ? -1 : 1;
	if (a->xss_in != b->xss_in)
		return a->xss_in < b->xss_in ? -1 : 1;
	return (int)a->indexed - (int)b->indexed;
}

static bool finding_has_key(const struct finding *f,
			    const struct grid_key *k)
{
	return f->leaf == k->leaf && f->indexed == k->indexed &&
	       (!f->indexed || f->subleaf == k->subleaf) &&
	       f->xcr0_in == k->xcr0_in && f->xss_in == k->xss_in;
}

static bool covers(const struct finding *f, unsigned int reg,
		   unsigned int bit)
{
	return f->reg == reg && bit >= f->bit &&
	       bit - f->bit < (f->width ? f->width : 1u);
}

static struct grid_key key_of(uint32_t leaf, bool indexed, uint32_t subleaf,
			      uint64_t xcr0_in, uint64_t xss_in)
{
	struct grid_key k = {
		.leaf = leaf,
		.subleaf = indexed ? subleaf : 0,
		.indexed = indexed,
		.xcr0_in = xcr0_in,
		.xss_in = xss_in,
	};

	return k;
}

/* The keys of the final CPUID and of the findings, sorted, unique. */
static struct grid_key *grid_keys(const struct check_result *c, size_t *n)
{
	const struct cpuid_entry *e;
	struct grid_key *k;
	size_t i, m = 0, u;

	k = malloc((c->final.n + c->nfindings + 1) * sizeof(*k));
	if (!k)
		return NULL;
	cpuid_set_for_each(e, &c->final)
		k[m++] = key_of(e->leaf, e->indexed, e->subleaf, e->xcr0_in,
				e->xss_in);
	for (i = 0; i < c->nfindings; i++) {
		const struct finding *f = &c->findings[i];

		k[m++] = key_of(f->leaf, f->indexed, f->subleaf, f->xcr0_in,
				f->xss_in);
	}
	qsort(k, m, sizeof(*k), key_cmp);
	for (i = 0, u = 0; i < m; i++)
		if (!u || key_cmp(&k[u - 1], &k[i]))
			k[u++] = k[i];
	*n = u;
	return k;
}

static const struct cpuid_entry *grid_entry(const struct check_result *c,
					    const struct grid_key *k)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, &c->final)
		if (e->leaf == k->leaf && e->indexed == k->indexed &&
		    (!e->indexed || e->subleaf == k->subleaf) &&
		    e->xcr0_in == k->xcr0_in && e->xss_in == k->xss_in)
			return e;
	return NULL;
}

/* One finding's story for a cell's title. */
static void cell_story(struct strbuf *t, const struct finding *f,
		       unsigned int bit)
{
	render_where(t, f, ' ');
	strbuf_printf(t, "[%u]", bit);
	if (f->width > 1)
		strbuf_printf(t, " in [%u:%u]", f->bit + f->width - 1, f->bit);
	if (f->name)
		strbuf_printf(t, " %s", f->name);
	strbuf_puts(t, ": ");
	render_value(t, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(t, " -> ");
	render_value(t, f->has_final, f->final, f->width, "?");
	strbuf_printf(t, ", %s, %s, %s %s (%s)", verdict_name(f->verdict),
		      render_str(f->class), render_str(f->layer),
		      render_str(f->rule), render_str(f->source));
	if (f->note)
		strbuf_printf(t, ": %s", f->note);
}

static void grid_cell(struct strbuf *out, struct strbuf *t,
		      const struct grid_key *k, const struct cpuid_entry *e,
		      const struct finding *const *kf, size_t nkf,
		      unsigned int reg, unsigned int bit)
{
	const struct finding *top = NULL;
	char value = '-';
	size_t i;

	for (i = 0; i < nkf; i++) {
		if (!covers(kf[i], reg, bit))
			continue;
		if (top)
			strbuf_putc(t, '\n');
		cell_story(t, kf[i], bit);
		if (!top || grave(kf[i]->verdict) > grave(top->verdict))
			top = kf[i];
	}
	if (e && !(e->unknown[reg] >> bit & 1))
		value = (char)('0' + (e->regs[reg] >> bit & 1));
	else if (e)
		value = '?';
	else if (top && top->has_final)
		value = (char)('0' + (top->final >> (bit - top->bit) & 1));
	else if (top)
		value = '?';
	if (!top) {
		render_key(t, k->leaf, k->indexed, k->subleaf, k->xcr0_in,
			   k->xss_in);
		strbuf_printf(t, " %s[%u]: ", cpuid_reg_name(reg), bit);
		if (e)
			strbuf_printf(t, "%c, no finding", value);
		else
			strbuf_puts(t, "not in the final CPUID, no finding");
	}
	strbuf_printf(out, "<td class=\"v-%s%s\" title=\"",
		      top ? verdict_name(top->verdict) : "none",
		      bit % 4 == 3 && bit != 31 ? " b" : "");
	html_flush(out, t);
	strbuf_printf(out, "\">%c</td>", value);
}

static void html_legend(struct strbuf *out)
{
	int v;

	strbuf_puts(out, "<p class=\"legend\">");
	for (v = 0; v < VERDICT_COUNT; v++)
		strbuf_printf(out, "<span class=\"v-%s\">%s</span>",
			      verdict_name((enum verdict)v),
			      verdict_name((enum verdict)v));
	strbuf_puts(out, "<span class=\"v-none\">no finding</span></p>\n");
}

static void html_grid(const struct check_result *c, struct strbuf *out)
{
	const struct finding **kf = NULL;
	struct strbuf t = STRBUF_INIT;
	struct grid_key *keys;
	size_t nkeys = 0, nkf, i, j;
	unsigned int reg, bit;

	strbuf_puts(out, "<h2 id=\"bits\">CPUID bits</h2>\n<p>Each cell is a "
		    "bit of the final CPUID (? when it is not known in "
		    "advance, - when the entry is absent), coloured by the "
		    "verdict of its finding; hover for the finding.</p>\n");
	html_legend(out);
	keys = grid_keys(c, &nkeys);
	kf = malloc((c->nfindings + 1) * sizeof(*kf));
	if (!keys || !kf) {
		out->failed = true;
		goto out;
	}
	strbuf_puts(out, "<table class=\"grid\">\n<thead><tr><th>CPUID</th>"
		    "<th>reg</th>");
	for (bit = 32; bit-- > 0;)
		strbuf_printf(out, "<th>%u</th>", bit);
	strbuf_puts(out, "</tr></thead>\n");
	for (i = 0; i < nkeys; i++) {
		const struct cpuid_entry *e = grid_entry(c, &keys[i]);

		for (j = 0, nkf = 0; j < c->nfindings; j++)
			if (finding_has_key(&c->findings[j], &keys[i]))
				kf[nkf++] = &c->findings[j];
		strbuf_puts(out, "<tbody>\n");
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			strbuf_puts(out, "<tr class=\"reg\">");
			if (!reg) {
				render_key(&t, keys[i].leaf, keys[i].indexed,
					   keys[i].subleaf, keys[i].xcr0_in,
					   keys[i].xss_in);
				strbuf_puts(out, "<th rowspan=\"4\">");
				html_flush(out, &t);
				strbuf_puts(out, "</th>");
			}
			strbuf_printf(out, "<th>%s</th>", cpuid_reg_name(reg));
			for (bit = 32; bit-- > 0;)
				grid_cell(out, &t, &keys[i], e, kf, nkf, reg,
					  bit);
			strbuf_puts(out, "</tr>\n");
		}
		strbuf_puts(out, "</tbody>\n");
	}
	strbuf_puts(out, "</table>\n");
out:
	if (strbuf_failed(&t))
		out->failed = true;
	strbuf_release(&t);
	free(keys);
	free(kf);
}

static void html_finding(struct strbuf *out, struct strbuf *t,
			 const struct finding *f)
{
	strbuf_printf(out, "<tr><td class=\"v-%s\">%s</td><td><code>",
		      verdict_name(f->verdict), verdict_name(f->verdict));
	render_where(t, f, ' ');
	strbuf_putc(t, '[');
	render_bits(t, f);
	strbuf_putc(t, ']');
	html_flush(out, t);
	strbuf_puts(out, "</code></td><td>");
	html_text(out, f->name);
	strbuf_puts(out, "</td><td>");
	render_value(out, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(out, "</td><td>");
	render_value(out, f->has_final, f->final, f->width, "?");
	strbuf_puts(out, "</td><td>");
	html_text(out, f->class);
	strbuf_puts(out, "</td><td>");
	html_text(out, f->layer);
	strbuf_puts(out, "</td><td>");
	html_text(out, f->rule);
	strbuf_puts(out, "</td><td>");
	html_text(out, f->source);
	strbuf_puts(out, "</td><td>");
	html_text(out, f->note);
	strbuf_puts(out, "</td></tr>\n");
}

static void html_findings_table(const struct check_result *c, bool notable,
				struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	size_t i;

	strbuf_puts(out, "<table class=\"findings\">\n<tr><th>verdict</th>"
		    "<th>bits</th><th>name</th><th>requested</th>"
		    "<th>final</th><th>class</th><th>layer</th><th>rule</th>"
		    "<th>source</th><th>note</th></tr>\n");
	for (i = 0; i < c->nfindings; i++)
		if (finding_is_notable(&c->findings[i]) == notable)
			html_finding(out, &t, &c->findings[i]);
	strbuf_puts(out, "</table>\n");
	if (strbuf_failed(&t))
		out->failed = true;
	strbuf_release(&t);
}

static void html_findings(const struct check_result *c, struct strbuf *out)
{
	size_t i, notable = 0;

	for (i = 0; i < c->nfindings; i++)
		notable += finding_is_notable(&c->findings[i]);
	strbuf_puts(out, "<h2 id=\"findings\">Findings</h2>\n");
	if (notable)
		html_findings_table(c, true, out);
	else
		strbuf_puts(out, "<p>No finding other than as-configured or "
			    "native.</p>\n");
	if (notable < c->nfindings) {
		strbuf_printf(out, "<details>\n<summary>%zu as-configured or "
			      "native findings</summary>\n",
			      c->nfindings - notable);
		html_findings_table(c, false, out);
		strbuf_puts(out, "</details>\n");
	}
}

void render_report_html(const struct report *r, struct strbuf *out)
{
	html_head(r, out);
	html_summary(r, out);
	html_inputs(r, out);
	html_signature(r, out);
	html_corrections(&r->res, out);
	html_grid(&r->res, out);
	html_findings(&r->res, out);
	strbuf_puts(out, "</body>\n</html>\n");
}
