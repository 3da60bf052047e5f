// SPDX-License-Identifier: MIT
/*
 * A check's result as text and as JSON (render.h).
 *
 *   text  "certify check: platform ..., rule set ..., vmm ..., kvm ...",
 *         or "certify probe: ..." for a result observed on hardware,
 *         then for those "observed on hardware (KVM):" and one
 *         "  KEY: VALUE" line per platform fact, in the order recorded;
 *         the outcome, the status, the parameters, the warnings, the
 *         corrections, the findings (runs merged) and a summary;
 *   json  one object, CHECK_JSON_FORMAT: format, platform, ruleset, vmm,
 *         kvm, observed ("model" or "hardware"), facts (an object of
 *         strings, in the order recorded; empty for a model), outcome,
 *         status, parameters, warnings, all, findings, corrections,
 *         final_cpuid, then what the caller adds (render_report: report).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "render.h"
#include "render_util.h"

static void text_status(const struct check_result *r, struct strbuf *out)
{
	const struct check_status *s = &r->status;

	strbuf_printf(out, "status: 0x%" PRIx64 " %s", s->code,
		      s->name ? s->name : "");
	if (s->has_leaf) {
		strbuf_printf(out, " at leaf 0x%08" PRIx32, s->leaf);
		if (s->has_subleaf)
			strbuf_printf(out, " sub-leaf 0x%" PRIx32, s->subleaf);
	}
	strbuf_printf(out, " (%s)\n", s->layer ? s->layer : "-");
	if (s->message)
		strbuf_printf(out, "  %s\n", s->message);
}

static void text_counts(const struct check_result *r, struct strbuf *out)
{
	size_t count[VERDICT_COUNT] = { 0 }, unknown = 0, i;
	bool first = true;
	int v;

	for (i = 0; i < r->nfindings; i++) {
		count[r->findings[i].verdict]++;
		unknown += !r->findings[i].has_final;
	}
	strbuf_puts(out, "summary:");
	for (v = 0; v < VERDICT_COUNT; v++) {
		if (!count[v])
			continue;
		strbuf_printf(out, "%s %zu %s", first ? "" : ",", count[v],
			      verdict_name((enum verdict)v));
		first = false;
	}
	/* Unknown: the host's (no --host), computed at run time, or the
	 * VMM's answer to a #VE. */
	strbuf_printf(out, " (findings; %zu with a final value not known "
		      "in advance)\n", unknown);
}

/*
 * One finding, or a run of merged ones:
 *   forced     0x00000001.ecx[21] x2apic: 0 -> 1
 *              tdx-module cpuid_lookup[0] (native+verified1): why
 */
static void text_finding(struct strbuf *out, const struct finding *f,
			 size_t n)
{
	size_t i;

	strbuf_printf(out, "%-10s ", verdict_name(f->verdict));
	render_where(out, f, '.');
	if (n > 1) {
		render_bit_list(out, f, n);
	} else {
		strbuf_putc(out, '[');
		render_bits(out, f);
		strbuf_putc(out, ']');
	}
	for (i = 0; i < n; i++)
		if (f[i].name)
			strbuf_printf(out, " %s", f[i].name);
	strbuf_puts(out, ": ");
	render_value(out, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(out, " -> ");
	render_value(out, f->has_final, f->final, f->width, "?");
	strbuf_printf(out, "\n           %s %s (%s)", f->layer, f->rule,
		      f->class);
	if (f->note)
		strbuf_printf(out, ": %s", f->note);
	strbuf_putc(out, '\n');
}

/* What the platform writes back, entry by entry, as QEMU would report it
 * but with the rule behind each change. */
static void text_corrections(const struct check_result *r,
			     struct strbuf *out)
{
	size_t i;

	if (!r->ncorrections)
		return;
	strbuf_printf(out, "\ncorrections (%s writes back; entry: function "
		      "index register: provided -> expected, rule):\n",
		      r->corrections[0].layer);
	for (i = 0; i < r->ncorrections; i++) {
		const struct check_correction *c = &r->corrections[i];
		bool wide = !strcmp(c->field, "reserved");

		strbuf_printf(out, "  %2u: 0x%08" PRIx32 " 0x%02" PRIx32,
			      c->index, c->key.leaf, c->key.subleaf);
		if (c->key.xcr0_in || c->key.xss_in)
			strbuf_printf(out, " (xcr0_in=0x%" PRIx64 ",xss_in=0x%"
				      PRIx64 ")", c->key.xcr0_in,
				      c->key.xss_in);
		strbuf_printf(out, wide ? " %s: 0x%016" PRIx64 " -> 0x%016"
					  PRIx64 "\n" :
					  " %s: 0x%08" PRIx64 " -> 0x%08"
					  PRIx64 "\n",
			      c->field, c->provided, c->corrected);
		strbuf_printf(out, "      %s (%s): %s\n", c->rule, c->source,
			      c->note ? c->note : "");
	}
}

void render_check_text(const struct check_result *r, bool all,
		       struct strbuf *out)
{
	size_t i, n, run, shown = 0;
	struct finding *sel;

	strbuf_printf(out, "certify %s: platform %s, rule set %s (%s), "
		      "vmm %s, kvm %s\n", r->hardware ? "probe" : "check",
		      r->platform, r->ruleset, r->ruleset_source, r->vmm,
		      r->kvm);
	if (r->hardware) {
		strbuf_puts(out, "observed on hardware (KVM):\n");
		for (i = 0; i < r->nfacts; i++)
			strbuf_printf(out, "  %s: %s\n", r->facts[i].key,
				      r->facts[i].value);
	}
	strbuf_printf(out, "outcome: %s\n", outcome_name(r->outcome));
	text_status(r, out);
	strbuf_puts(out, "parameters:");
	for (i = 0; i < r->nparams; i++)
		strbuf_printf(out, " %s=%s", r->params[i].key,
			      r->params[i].value);
	strbuf_putc(out, '\n');
	for (i = 0; i < r->nwarnings; i++)
		strbuf_printf(out, "warning: %s\n", r->warnings[i]);
	text_corrections(r, out);
	strbuf_puts(out, "\nfindings (verdict, leaf.sub-leaf.register[bits] "
			 "names: requested -> final):\n");
	/* Shown findings, in order; a run of mergeable ones is one line. */
	sel = malloc((r->nfindings ? r->nfindings : 1) * sizeof(*sel));
	if (!sel) {
		out->failed = true;
		return;
	}
	for (i = 0, n = 0; i < r->nfindings; i++)
		if (all || finding_is_notable(&r->findings[i]))
			sel[n++] = r->findings[i];
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n &&
			      render_mergeable(&sel[i], &sel[i + run]); run++)
			;
		text_finding(out, &sel[i], run);
		shown++;
	}
	free(sel);
	if (!shown)
		strbuf_puts(out, "(no finding other than as-configured or "
				 "native)\n");
	strbuf_putc(out, '\n');
	text_counts(r, out);
	if (!all)
		strbuf_puts(out, "(--all lists every bit, as-configured and "
				 "native ones too)\n");
}

static void json_inputs(struct json_writer *w, uint64_t xcr0_in,
			uint64_t xss_in)
{
	json_hex(w, "xcr0_in", xcr0_in, 16);
	json_hex(w, "xss_in", xss_in, 16);
}

static void json_status(struct json_writer *w, const struct check_result *r)
{
	const struct check_status *s = &r->status;

	json_begin_object(w, "status");
	json_hex(w, "code", s->code, 1);
	json_string(w, "name", s->name ? s->name : "");
	if (s->has_leaf)
		json_hex(w, "leaf", s->leaf, 8);
	else
		json_null(w, "leaf");
	if (s->has_leaf && s->has_subleaf)
		json_hex(w, "subleaf", s->subleaf, 8);
	else
		json_null(w, "subleaf");
	json_string(w, "layer", s->layer ? s->layer : "");
	json_string(w, "message", s->message ? s->message : "");
	json_end_object(w);
}

static void json_finding(struct json_writer *w, const struct finding *f)
{
	json_begin_object(w, NULL);
	json_hex(w, "leaf", f->leaf, 8);
	if (f->indexed)
		json_hex(w, "subleaf", f->subleaf, 8);
	else
		json_null(w, "subleaf");
	json_inputs(w, f->xcr0_in, f->xss_in);
	json_string(w, "reg", cpuid_reg_name(f->reg));
	json_uint(w, "bit", f->bit);
	json_uint(w, "width", f->width);
	if (f->name)
		json_string(w, "name", f->name);
	else
		json_null(w, "name");
	if (f->has_requested)
		json_uint(w, "requested", f->requested);
	else
		json_null(w, "requested");
	if (f->has_final)
		json_uint(w, "final", f->final);
	else
		json_null(w, "final");
	json_string(w, "verdict", verdict_name(f->verdict));
	json_string(w, "class", f->class);
	json_string(w, "layer", f->layer);
	json_string(w, "rule", f->rule);
	json_string(w, "source", f->source);
	if (f->note)
		json_string(w, "note", f->note);
	else
		json_null(w, "note");
	json_end_object(w);
}

static void json_correction(struct json_writer *w,
			    const struct check_correction *c)
{
	unsigned int width = strcmp(c->field, "reserved") ? 8 : 16;

	json_begin_object(w, NULL);
	json_uint(w, "index", c->index);
	json_hex(w, "leaf", c->key.leaf, 8);
	json_hex(w, "subleaf", c->key.subleaf, 8);
	json_inputs(w, c->key.xcr0_in, c->key.xss_in);
	json_string(w, "field", c->field);
	json_hex(w, "provided", c->provided, width);
	json_hex(w, "corrected", c->corrected, width);
	json_string(w, "layer", c->layer);
	json_string(w, "rule", c->rule);
	json_string(w, "source", c->source);
	if (c->note)
		json_string(w, "note", c->note);
	else
		json_null(w, "note");
	json_end_object(w);
}

static void json_final(struct json_writer *w, const struct cpuid_entry *e)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	bool unknown = e->unknown[0] | e->unknown[1] | e->unknown[2] |
		       e->unknown[3];
	unsigned int r;

	json_begin_object(w, NULL);
	json_hex(w, "leaf", e->leaf, 8);
	if (e->indexed)
		json_hex(w, "subleaf", e->subleaf, 8);
	else
		json_null(w, "subleaf");
	json_inputs(w, e->xcr0_in, e->xss_in);
	for (r = 0; r < CPUID_NR_REGS; r++)
		json_hex(w, regs[r], e->regs[r], 8);
	if (unknown) {
		json_begin_object(w, "host_dependent");
		for (r = 0; r < CPUID_NR_REGS; r++)
			json_hex(w, regs[r], e->unknown[r], 8);
		json_end_object(w);
	} else {
		json_null(w, "host_dependent");
	}
	json_end_object(w);
}

void render_check_json_with(const struct check_result *r, bool all,
			    void (*extra)(struct json_writer *w,
					  const void *ctx),
			    const void *ctx, struct strbuf *out)
{
	const struct cpuid_entry *e;
	struct json_writer w;
	size_t i;

	json_init(&w, out);
	w.compact = true;
	json_begin_object(&w, NULL);
	json_string(&w, "format", CHECK_JSON_FORMAT);
	json_string(&w, "platform", r->platform);
	json_begin_object(&w, "ruleset");
	json_string(&w, "name", r->ruleset);
	json_string(&w, "version", r->ruleset_version);
	json_string(&w, "source", r->ruleset_source);
	json_end_object(&w);
	json_string(&w, "vmm", r->vmm);
	json_string(&w, "kvm", r->kvm);
	json_string(&w, "observed", r->hardware ? "hardware" : "model");
	json_begin_object(&w, "facts");
	for (i = 0; r->hardware && i < r->nfacts; i++)
		json_string(&w, r->facts[i].key, r->facts[i].value);
	json_end_object(&w);
	json_string(&w, "outcome", outcome_name(r->outcome));
	json_status(&w, r);
	json_begin_object(&w, "parameters");
	for (i = 0; i < r->nparams; i++)
		json_string(&w, r->params[i].key, r->params[i].value);
	json_end_object(&w);
	json_begin_array(&w, "warnings");
	for (i = 0; i < r->nwarnings; i++)
		json_string(&w, NULL, r->warnings[i]);
	json_end_array(&w);
	json_bool(&w, "all", all);
	json_begin_array(&w, "findings");
	for (i = 0; i < r->nfindings; i++)
		if (all || finding_is_notable(&r->findings[i]))
			json_finding(&w, &r->findings[i]);
	json_end_array(&w);
	json_begin_array(&w, "corrections");
	for (i = 0; i < r->ncorrections; i++)
		json_correction(&w, &r->corrections[i]);
	json_end_array(&w);
	json_begin_array(&w, "final_cpuid");
	cpuid_set_for_each(e, &r->final)
		json_final(&w, e);
	json_end_array(&w);
	if (extra)
		extra(&w, ctx);
	json_end_object(&w);
}

void render_check_json(const struct check_result *r, bool all,
		       struct strbuf *out)
{
	render_check_json_with(r, all, NULL, NULL, out);
}
