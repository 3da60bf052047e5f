// SPDX-License-Identifier: MIT
/*
 * A report as JUnit XML (research/reports.md §5.1): the subset GitLab and
 * Jenkins both read, and nothing that changes from run to run (no
 * timestamp, no hostname, time="0").
 *
 *   <testsuites name="certify" tests failures errors="0" time="0">
 *     <testsuite name="certify/PLATFORM/RULESET" tests failures
 *                errors="0" skipped="0" time="0">
 *       <properties>  outcome, certified, strict, observed ("model" or
 *                     "hardware": seen through KVM by certify probe),
 *                     one "fact.KEY" per platform fact of a hardware
 *                     result (its value), tool, rule-set digest, one
 *                     "input:ROLE" per input (name and SHA-256)
 *       <testcase classname="RULESET" name="outcome">
 *       <testcase classname="RULESET" name="LEAF.SUB REG[BITS] NAME">...
 *
 * The first test case is the outcome: it fails (type "rejected", the
 * platform status as message, its words as text) when the outcome is
 * rejected, and also (type "accepted-with-changes") when --strict makes
 * an accepted-with-changes request not certified, so that the test cases
 * agree with certify's exit status.  Then one test case per notable
 * finding (verdict other than as-configured and native), in the report's
 * order (leaf, sub-leaf, register, bit):
 *
 *   rejected                      fails: <failure type="rejected">
 *   forced, dropped, runtime,     passes, with a <system-out> saying what
 *   untrusted                     happens to the bit and why: launch
 *                                 succeeds; whether a forced or dropped
 *                                 bit matters is the outcome's business
 *                                 (accepted-with-changes, --strict)
 *
 * Nothing is skipped and nothing is an error: a report exists only when
 * the check ran.  GitLab keeps the first of two test cases with the same
 * classname and name; two findings at the same place (none today) would
 * be told apart by " #2", " #3", ... after the name.
 *
 * Text is escaped for XML 1.0: & < > as entities, and " ' too in
 * attributes; tab, line feed and carriage return as character references
 * in attributes (and carriage return in text, which XML would fold);
 * other control characters (which XML 1.0 cannot carry at all) and bad
 * UTF-8 as U+FFFD.
 */
#include <inttypes.h>
#include <string.h>

#include "render.h"
#include "render_util.h"

static void xml_text(struct strbuf *out, const char *s, bool attr)
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
		} else if (c == '"' && attr) {
			strbuf_puts(out, "&quot;");
		} else if (c == '\'' && attr) {
			strbuf_puts(out, "&apos;");
		} else if (c == '\r') {
			strbuf_puts(out, "&#13;");
		} else if (c == '\n' || c == '\t') {
			if (attr)
				strbuf_printf(out, "&#%u;", c);
			else
				strbuf_putc(out, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_puts(out, RENDER_REPLACEMENT);
		} else {
			strbuf_putc(out, (char)c);
		}
	}
}

/* Escapes what @tmp holds into @out, then empties @tmp. */
static void xml_flush(struct strbuf *out, struct strbuf *tmp, bool attr)
{
	xml_text(out, strbuf_str(tmp), attr);
	if (strbuf_failed(tmp))
		out->failed = true;
	strbuf_reset(tmp);
}

static void xml_property(struct strbuf *out, const char *name,
			 struct strbuf *value)
{
	strbuf_puts(out, "      <property name=\"");
	xml_text(out, name, true);
	strbuf_puts(out, "\" value=\"");
	xml_flush(out, value, true);
	strbuf_puts(out, "\"/>\n");
}

static void junit_properties(const struct report *r, struct strbuf *out)
{
	struct strbuf v = STRBUF_INIT, name = STRBUF_INIT;
	size_t i;

	strbuf_puts(out, "    <properties>\n");
	strbuf_puts(&v, outcome_name(r->res.outcome));
	xml_property(out, "outcome", &v);
	strbuf_puts(&v, report_certified(r) ? "true" : "false");
	xml_property(out, "certified", &v);
	strbuf_puts(&v, r->strict ? "true" : "false");
	xml_property(out, "strict", &v);
	strbuf_puts(&v, r->res.hardware ? "hardware" : "model");
	xml_property(out, "observed", &v);
	for (i = 0; r->res.hardware && i < r->res.nfacts; i++) {
		const struct check_param *f = &r->res.facts[i];

		strbuf_reset(&name);
		strbuf_printf(&name, "fact.%s", render_str(f->key));
		strbuf_puts(&v, render_str(f->value));
		xml_property(out, strbuf_str(&name), &v);
	}
	strbuf_printf(&v, "%s %s", render_str(r->tool),
		      render_str(r->tool_version));
	xml_property(out, "tool", &v);
	render_hex(&v, r->ruleset_sha256, sizeof(r->ruleset_sha256));
	xml_property(out, "ruleset_sha256", &v);
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		strbuf_reset(&name);
		strbuf_printf(&name, "input:%s", render_str(in->role));
		strbuf_printf(&v, "%s sha256:", render_str(in->name));
		render_hex(&v, in->sha256, sizeof(in->sha256));
		xml_property(out, strbuf_str(&name), &v);
	}
	strbuf_puts(out, "    </properties>\n");
	if (strbuf_failed(&name))
		out->failed = true;
	strbuf_release(&v);
	strbuf_release(&name);
}

static void testcase_open(struct strbuf *out, const struct report *r,
			  struct strbuf *name)
{
	strbuf_puts(out, "    <testcase classname=\"");
	xml_text(out, r->res.ruleset, true);
	strbuf_puts(out, "\" name=\"");
	xml_flush(out, name, true);
	strbuf_puts(out, "\" time=\"0\">\n");
}

static void junit_outcome(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;
	struct strbuf t = STRBUF_INIT;

	strbuf_puts(&t, "outcome");
	testcase_open(out, r, &t);
	render_status(&t, &c->status);
	strbuf_printf(&t, " (%s)", c->status.layer ? c->status.layer : "-");
	if (c->outcome == OUTCOME_REJECTED || !report_certified(r)) {
		strbuf_printf(out, "      <failure type=\"%s\" message=\"%s: ",
			      outcome_name(c->outcome),
			      outcome_name(c->outcome));
		xml_flush(out, &t, true);
		if (c->outcome != OUTCOME_REJECTED)
			strbuf_puts(out, "; not certified: strict");
		strbuf_puts(out, "\">");
		xml_text(out, c->status.message, false);
		strbuf_puts(out, "</failure>\n");
	} else {
		strbuf_printf(out, "      <system-out>%s: ",
			      outcome_name(c->outcome));
		xml_flush(out, &t, false);
		if (c->status.message && *c->status.message) {
			strbuf_putc(out, '\n');
			xml_text(out, c->status.message, false);
		}
		strbuf_puts(out, "</system-out>\n");
	}
	strbuf_puts(out, "    </testcase>\n");
	if (strbuf_failed(&t))
		out->failed = true;
	strbuf_release(&t);
}

static bool same_place(const struct finding *a, const struct finding *b)
{
	return a->leaf == b->leaf && a->indexed == b->indexed &&
	       a->subleaf == b->subleaf && a->xcr0_in == b->xcr0_in &&
	       a->xss_in == b->xss_in && a->reg == b->reg &&
	       a->bit == b->bit && a->width == b->width;
}

/* "1 -> 0" */
static void change(struct strbuf *t, const struct finding *f)
{
	render_value(t, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(t, " -> ");
	render_value(t, f->has_final, f->final, f->width, "?");
}

/* What the finding says, for a failure's or system-out's text. */
static void details(struct strbuf *t, const struct finding *f)
{
	strbuf_printf(t, "%s: ", verdict_name(f->verdict));
	change(t, f);
	strbuf_printf(t, "\n%s %s (%s), from %s", render_str(f->layer),
		      render_str(f->rule), render_str(f->class),
		      render_str(f->source));
	if (f->note)
		strbuf_printf(t, "\n%s", f->note);
}

static void junit_finding(const struct report *r, const struct finding *f,
			  unsigned int dup, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;

	render_label(&t, f);
	if (dup)
		strbuf_printf(&t, " #%u", dup + 1);
	testcase_open(out, r, &t);
	if (f->verdict == VERDICT_REJECTED) {
		strbuf_puts(out, "      <failure type=\"rejected\" message=\"");
		change(&t, f);
		strbuf_printf(&t, ", rejected by %s %s", render_str(f->layer),
			      render_str(f->rule));
		xml_flush(out, &t, true);
		strbuf_puts(out, "\">");
		details(&t, f);
		xml_flush(out, &t, false);
		strbuf_puts(out, "</failure>\n");
	} else {
		strbuf_puts(out, "      <system-out>");
		details(&t, f);
		xml_flush(out, &t, false);
		strbuf_puts(out, "</system-out>\n");
	}
	strbuf_puts(out, "    </testcase>\n");
	if (strbuf_failed(&t))
		out->failed = true;
	strbuf_release(&t);
}

void render_report_junit(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;
	const struct finding *prev = NULL;
	size_t i, tests = 1, failures = 0;
	unsigned int dup = 0;

	for (i = 0; i < c->nfindings; i++) {
		if (!finding_is_notable(&c->findings[i]))
			continue;
		tests++;
		failures += c->findings[i].verdict == VERDICT_REJECTED;
	}
	failures += c->outcome == OUTCOME_REJECTED || !report_certified(r);
	strbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<testsuites name=\"certify\" tests=\"%zu\" "
		      "failures=\"%zu\" errors=\"0\" time=\"0\">\n"
		      "  <testsuite name=\"certify/", tests, failures);
	xml_text(out, c->platform, true);
	strbuf_putc(out, '/');
	xml_text(out, c->ruleset, true);
	strbuf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		      "skipped=\"0\" time=\"0\">\n", tests, failures);
	junit_properties(r, out);
	junit_outcome(r, out);
	for (i = 0; i < c->nfindings; i++) {
		const struct finding *f = &c->findings[i];

		if (!finding_is_notable(f))
			continue;
		dup = prev && same_place(prev, f) ? dup + 1 : 0;
		junit_finding(r, f, dup, out);
		prev = f;
	}
	strbuf_puts(out, "  </testsuite>\n</testsuites>\n");
}
