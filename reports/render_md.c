// SPDX-License-Identifier: MIT
/*
 * A report as GitHub-flavoured Markdown, for a pull-request comment:
 *
 *   ## certify: tdx, rule set tdx-2.0.18: REJECTED (not certified)
 *   - Status, message, rule set, VMM and KVM, observed (model, or
 *     hardware (KVM) and then one "Fact: KEY: VALUE" item per platform
 *     fact), parameters, warnings
 *   ### Corrections   (a table, when the platform writes some back)
 *   ### Findings      (a table: the notable ones, or all; merged as the
 *                      text merges them: one register, one rule, one story)
 *   ### Inputs        (a table: role, name, size, SHA-256; then tool, rule
 *                      set digest, iat)
 *   ### Signature     (when the report came signed)
 *
 * Every string that is not ours is escaped: Markdown's inline markup
 * characters with a backslash (CommonMark allows it before any ASCII
 * punctuation), '&' too so that no entity forms, '$' for GitHub's math,
 * line breaks as <br>, other control characters and bad UTF-8 as U+FFFD.
 * Such strings never start a line: each follows a fixed label or a cell
 * separator, so none can open a heading, list, quote or code block.
 * Digests and CPUID locations, which are ours, are code spans.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render_util.h"

static void md_text(struct strbuf *out, const char *s)
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
		} else if (c == '\r' && s[1] == '\n') {
			strbuf_puts(out, "<br>");
			n = 2;
		} else if (c == '\n' || c == '\r') {
			strbuf_puts(out, "<br>");
		} else if (c == '\t') {
			strbuf_putc(out, ' ');
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_puts(out, RENDER_REPLACEMENT);
		} else if (strchr("\\`*_[]<>|~&$", c)) {
			strbuf_putc(out, '\\');
			strbuf_putc(out, (char)c);
		} else {
			strbuf_putc(out, (char)c);
		}
	}
}

/* "| a | b |" cells: each @s escaped. */
static void md_cell(struct strbuf *out, const char *s)
{
	strbuf_putc(out, ' ');
	md_text(out, s);
	strbuf_puts(out, " |");
}

static const char *outcome_words(enum outcome o)
{
	switch (o) {
	case OUTCOME_ACCEPTED:
		return "ACCEPTED";
	case OUTCOME_ACCEPTED_WITH_CHANGES:
		return "ACCEPTED WITH CHANGES";
	case OUTCOME_REJECTED:
		return "REJECTED";
	}
	return "UNKNOWN";
}

static void md_summary(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	strbuf_puts(out, "## certify: ");
	md_text(out, c->platform);
	strbuf_puts(out, ", rule set ");
	md_text(out, c->ruleset);
	strbuf_printf(out, ": %s (%s)\n\n", outcome_words(c->outcome),
		      report_certified(r) ? "certified" :
		      c->outcome == OUTCOME_REJECTED ? "not certified" :
		      "not certified: strict");

	render_status(&tmp, &c->status);
	strbuf_puts(out, "- Status: ");
	md_text(out, strbuf_str(&tmp));
	strbuf_puts(out, " (");
	md_text(out, c->status.layer ? c->status.layer : "-");
	strbuf_puts(out, ")\n");
	if (c->status.message && *c->status.message) {
		strbuf_puts(out, "- Message: ");
		md_text(out, c->status.message);
		strbuf_putc(out, '\n');
	}
	strbuf_puts(out, "- Rule set: ");
	md_text(out, c->ruleset);
	strbuf_puts(out, " version ");
	md_text(out, c->ruleset_version);
	strbuf_puts(out, ", from ");
	md_text(out, c->ruleset_source);
	strbuf_puts(out, "\n- VMM: ");
	md_text(out, c->vmm);
	strbuf_puts(out, ", KVM: ");
	md_text(out, c->kvm);
	strbuf_printf(out, "\n- Observed: %s\n",
		      c->hardware ? "hardware (KVM)" : "model");
	for (i = 0; c->hardware && i < c->nfacts; i++) {
		strbuf_puts(out, "- Fact: ");
		md_text(out, c->facts[i].key);
		strbuf_puts(out, ": ");
		md_text(out, c->facts[i].value);
		strbuf_putc(out, '\n');
	}
	strbuf_puts(out, "- Parameters:");
	for (i = 0; i < c->nparams; i++) {
		strbuf_puts(out, i ? ", " : " ");
		md_text(out, c->params[i].key);
		strbuf_putc(out, '=');
		md_text(out, c->params[i].value);
	}
	if (!c->nparams)
		strbuf_puts(out, " none");
	strbuf_putc(out, '\n');
	for (i = 0; i < c->nwarnings; i++) {
		strbuf_puts(out, "- Warning: ");
		md_text(out, c->warnings[i]);
		strbuf_putc(out, '\n');
	}
	if (strbuf_failed(&tmp))
		out->failed = true;
	strbuf_release(&tmp);
}

static void md_corrections(const struct check_result *r, struct strbuf *out)
{
	size_t i;

	if (!r->ncorrections)
		return;
	strbuf_puts(out, "\n### Corrections\n\nWhat ");
	md_text(out, r->corrections[0].layer);
	strbuf_puts(out, " writes back, entry by entry.\n\n"
		    "| entry | CPUID | register | provided | corrected | rule "
		    "| source | note |\n"
		    "|---:|---|---|---|---|---|---|---|\n");
	for (i = 0; i < r->ncorrections; i++) {
		const struct check_correction *c = &r->corrections[i];
		int digits = c->field && !strcmp(c->field, "reserved") ? 16 : 8;

		strbuf_printf(out, "| %u | `0x%08" PRIx32 " 0x%02" PRIx32,
			      c->index, c->key.leaf, c->key.subleaf);
		if (c->key.xcr0_in || c->key.xss_in)
			strbuf_printf(out, " (xcr0_in=0x%" PRIx64 ",xss_in=0x%"
				      PRIx64 ")", c->key.xcr0_in,
				      c->key.xss_in);
		strbuf_puts(out, "` |");
		md_cell(out, c->field);
		strbuf_printf(out, " `0x%0*" PRIx64 "` | `0x%0*" PRIx64 "` |",
			      digits, c->provided, digits, c->corrected);
		md_cell(out, c->rule);
		md_cell(out, c->source);
		md_cell(out, c->note);
		strbuf_putc(out, '\n');
	}
}

/* A table row for @n merged findings (see render_mergeable). */
static void md_finding(struct strbuf *out, const struct finding *f,
		       size_t n)
{
	struct strbuf names = STRBUF_INIT;
	size_t i;

	strbuf_printf(out, "| %s | `", verdict_name(f->verdict));
	render_where(out, f, ' ');
	if (n > 1) {
		render_bit_list(out, f, n);
	} else {
		strbuf_putc(out, '[');
		render_bits(out, f);
		strbuf_putc(out, ']');
	}
	strbuf_puts(out, "` |");
	for (i = 0; i < n; i++)
		if (f[i].name)
			strbuf_printf(&names, "%s%s", names.len ? " " : "",
				      f[i].name);
	md_cell(out, strbuf_str(&names));
	strbuf_putc(out, ' ');
	render_value(out, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(out, " | ");
	render_value(out, f->has_final, f->final, f->width, "?");
	strbuf_puts(out, " |");
	md_cell(out, f->class);
	md_cell(out, f->layer);
	md_cell(out, f->rule);
	md_cell(out, f->note);
	strbuf_putc(out, '\n');
	if (strbuf_failed(&names))
		out->failed = true;
	strbuf_release(&names);
}

static void md_findings(const struct check_result *r, bool all,
			struct strbuf *out)
{
	size_t i, n, run, hidden;
	struct finding *sel;

	sel = malloc((r->nfindings ? r->nfindings : 1) * sizeof(*sel));
	if (!sel) {
		out->failed = true;
		return;
	}
	for (i = 0, n = 0; i < r->nfindings; i++)
		if (all || finding_is_notable(&r->findings[i]))
			sel[n++] = r->findings[i];
	hidden = r->nfindings - n;
	strbuf_printf(out, "\n### Findings\n\n%zu of %zu findings shown", n,
		      r->nfindings);
	if (hidden)
		strbuf_printf(out, "; the other %zu are as-configured or "
			      "native", hidden);
	strbuf_puts(out, ".\n");
	if (n)
		strbuf_puts(out, "\n| verdict | bits | names | requested | "
			    "final | class | layer | rule | note |\n"
			    "|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n &&
			      render_mergeable(&sel[i], &sel[i + run]); run++)
			;
		md_finding(out, &sel[i], run);
	}
	free(sel);
}

static void md_inputs(const struct report *r, struct strbuf *out)
{
	size_t i;

	strbuf_puts(out, "\n### Inputs\n\n");
	if (r->ninputs)
		strbuf_puts(out, "| role | name | bytes | SHA-256 |\n"
			    "|---|---|---:|---|\n");
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		strbuf_putc(out, '|');
		md_cell(out, in->role);
		md_cell(out, in->name);
		strbuf_printf(out, " %zu | `", in->len);
		render_hex(out, in->sha256, sizeof(in->sha256));
		strbuf_puts(out, "` |\n");
	}
	if (r->ninputs)
		strbuf_putc(out, '\n');
	strbuf_puts(out, "- Tool: ");
	md_text(out, r->tool);
	strbuf_putc(out, ' ');
	md_text(out, r->tool_version);
	strbuf_puts(out, "\n- Rule set SHA-256: `");
	render_hex(out, r->ruleset_sha256, sizeof(r->ruleset_sha256));
	strbuf_printf(out, "` (%s)\n", r->ruleset_embedded ?
		      "embedded in certify" : "a file, among the inputs");
	if (r->has_iat) {
		strbuf_puts(out, "- Issued at: ");
		render_time(out, r->iat);
		strbuf_putc(out, '\n');
	}
}

static void md_signature(const struct report *r, struct strbuf *out)
{
	if (!r->sig.present)
		return;
	strbuf_printf(out, "\n### Signature\n\n"
		      "- Algorithm: %s (%d)\n- Key id: `",
		      render_alg_name(r->sig.alg), r->sig.alg);
	render_hex(out, r->sig.kid, sizeof(r->sig.kid));
	strbuf_printf(out, "`\n- Verified: %s\n", r->sig.verified ?
		      "yes, with the key given" :
		      "NO: the signature was not checked or did not verify");
}

void render_report_md(const struct report *r, bool all, struct strbuf *out)
{
	md_summary(r, out);
	md_corrections(&r->res, out);
	md_findings(&r->res, all, out);
	md_inputs(r, out);
	md_signature(r, out);
}
