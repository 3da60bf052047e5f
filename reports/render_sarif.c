// SPDX-License-Identifier: MIT
/*
 * A report as SARIF 2.1.0 (research/reports.md §5.2), for GitHub code
 * scanning and other SARIF viewers: one run whose
 *
 *   tool.driver   name "certify", version, and one rule per distinct rule
 *                 id among the results, sorted by id: "LAYER/RULE" (e.g.
 *                 "tdx-module/cpuid_lookup[0]"), with a description, and
 *                 as default level the gravest of its results';
 *   artifacts     the inputs, in the report's order: name (as a relative
 *                 URI, percent-encoded), length, {"sha-256": hex}, the
 *                 config or page marked "analysisTarget";
 *   results       one per notable finding, in the report's order: level
 *                 "error" for rejected, "warning" for dropped and forced,
 *                 "note" for runtime and untrusted; ruleId and ruleIndex;
 *                 the finding in words; located in the config (or page)
 *                 input, by name only: the report records no line
 *                 numbers, so there is no region; the CPUID place as
 *                 properties; partialFingerprints "certifyFinding/v1" =
 *                 hex SHA-256 of "RULEID|LEAF|SUBLEAF|REG|BIT" (0x%08x,
 *                 "-" for a sub-leaf that is not significant, eax..edx,
 *                 the lowest bit in decimal), with "|XCR0_IN|XSS_IN"
 *                 (0x%x) appended when either is set, so that the alert
 *                 of a bit stays the same alert from run to run;
 *                 and, when the report does not certify, one more result,
 *                 rule "certify/outcome", level "error", saying why;
 *   properties    platform, rule set and its SHA-256, outcome, status,
 *                 observed ("model", or "hardware": seen through KVM by
 *                 certify probe) and facts (the platform facts of a
 *                 hardware result, strings by name, in the order
 *                 recorded; {} for a model).
 *
 * No time, no absolute path: the same report gives the same bytes.
 * Strings go through json_writer; bad UTF-8 becomes U+FFFD first.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "json_writer.h"
#include "render.h"
#include "render_util.h"

#define OUTCOME_RULE "certify/outcome"

struct sarif_rule {
	char *id;
	const struct finding *first;	/* NULL: the outcome rule */
	int level;
};

struct sarif {
	struct json_writer w;
	struct strbuf tmp;
	struct strbuf tmp2;
	const struct report *r;
	const struct report_input *subject;
	size_t subject_index;
	struct sarif_rule *rules;
	size_t nrules;
	bool failed;
};

static const char *const level_names[] = { "note", "warning", "error" };

static int level_of(enum verdict v)
{
	switch (v) {
	case VERDICT_REJECTED:
		return 2;
	case VERDICT_FORCED:
	case VERDICT_DROPPED:
		return 1;
	default:
		return 0;
	}
}

/* A string, with bad UTF-8 replaced. */
static void sj(struct sarif *s, const char *key, const char *v)
{
	json_string(&s->w, key, render_utf8_clean(&s->tmp2, render_str(v)));
	if (strbuf_failed(&s->tmp2))
		s->failed = true;
}

/* What @s->tmp holds, as a string; empties it. */
static void sj_tmp(struct sarif *s, const char *key)
{
	if (strbuf_failed(&s->tmp))
		s->failed = true;
	sj(s, key, strbuf_str(&s->tmp));
	strbuf_reset(&s->tmp);
}

static void rule_id(struct strbuf *t, const struct finding *f)
{
	strbuf_printf(t, "%s/%s", render_str(f->layer), render_str(f->rule));
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct sarif_rule *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

static struct sarif_rule *find_rule(const struct sarif *s, const char *id)
{
	struct sarif_rule key = { .id = (char *)id };

	if (!s->nrules)
		return NULL;
	return bsearch(&key, s->rules, s->nrules, sizeof(key), rule_cmp);
}

static int add_rule(struct sarif *s, const char *id, const struct finding *f,
		    int level)
{
	struct sarif_rule *k = &s->rules[s->nrules];

	k->id = strdup(id);
	if (!k->id)
		return -1;
	k->first = f;
	k->level = level;
	s->nrules++;
	return 0;
}

/* The rules of the results: distinct ids, sorted; then unique. */
static int collect_rules(struct sarif *s)
{
	const struct check_result *c = &s->r->res;
	size_t i, u;

	s->rules = calloc(c->nfindings + 2, sizeof(*s->rules));
	if (!s->rules)
		return -1;
	for (i = 0; i < c->nfindings; i++) {
		const struct finding *f = &c->findings[i];

		if (!finding_is_notable(f))
			continue;
		strbuf_reset(&s->tmp);
		rule_id(&s->tmp, f);
		if (strbuf_failed(&s->tmp) ||
		    add_rule(s, strbuf_str(&s->tmp), f, level_of(f->verdict)))
			return -1;
	}
	strbuf_reset(&s->tmp);
	if (!report_certified(s->r) && add_rule(s, OUTCOME_RULE, NULL, 2))
		return -1;
	qsort(s->rules, s->nrules, sizeof(*s->rules), rule_cmp);
	/* Merged: the gravest level, the first finding (qsort is not
	 * stable, the findings' order is). */
	for (i = 0, u = 0; i < s->nrules; i++) {
		struct sarif_rule *prev = u ? &s->rules[u - 1] : NULL;
		const struct sarif_rule *k = &s->rules[i];

		if (!prev || strcmp(prev->id, k->id)) {
			s->rules[u++] = *k;
			continue;
		}
		if (k->level > prev->level)
			prev->level = k->level;
		if (!prev->first || (k->first && k->first < prev->first))
			prev->first = k->first;
		free(k->id);
	}
	s->nrules = u;
	return 0;
}

static void sarif_rule(struct sarif *s, const struct sarif_rule *k)
{
	const struct finding *f = k->first;

	json_begin_object(&s->w, NULL);
	sj(s, "id", k->id);
	json_begin_object(&s->w, "shortDescription");
	if (f)
		strbuf_printf(&s->tmp, "%s rule %s", render_str(f->layer),
			      render_str(f->rule));
	else
		strbuf_puts(&s->tmp, "the launch outcome: certified or not");
	sj_tmp(s, "text");
	json_end_object(&s->w);
	json_begin_object(&s->w, "fullDescription");
	if (f)
		strbuf_printf(&s->tmp, "%s rule %s, from %s",
			      render_str(f->layer), render_str(f->rule),
			      render_str(f->source));
	else
		strbuf_puts(&s->tmp, "Fails when the platform rejects the "
			    "request, or when --strict refuses a request "
			    "accepted with changes.");
	sj_tmp(s, "text");
	json_end_object(&s->w);
	json_begin_object(&s->w, "defaultConfiguration");
	json_string(&s->w, "level", level_names[k->level]);
	json_end_object(&s->w);
	json_end_object(&s->w);
}

static void sarif_uri(struct sarif *s, const char *name)
{
	static const char digits[] = "0123456789ABCDEF";
	const char *p = render_utf8_clean(&s->tmp2, name);

	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			strbuf_putc(&s->tmp, (char)c);
		} else {
			strbuf_putc(&s->tmp, '%');
			strbuf_putc(&s->tmp, digits[c >> 4]);
			strbuf_putc(&s->tmp, digits[c & 0xf]);
		}
	}
	sj_tmp(s, "uri");
}

static void sarif_artifacts(struct sarif *s)
{
	size_t i;

	json_begin_array(&s->w, "artifacts");
	for (i = 0; i < s->r->ninputs; i++) {
		const struct report_input *in = &s->r->inputs[i];

		json_begin_object(&s->w, NULL);
		json_begin_object(&s->w, "location");
		sarif_uri(s, render_str(in->name));
		json_end_object(&s->w);
		json_uint(&s->w, "length", in->len);
		if (in == s->subject) {
			json_begin_array(&s->w, "roles");
			json_string(&s->w, NULL, "analysisTarget");
			json_end_array(&s->w);
		}
		json_begin_object(&s->w, "hashes");
		render_hex(&s->tmp, in->sha256, sizeof(in->sha256));
		sj_tmp(s, "sha-256");
		json_end_object(&s->w);
		json_begin_object(&s->w, "properties");
		sj(s, "role", in->role);
		json_end_object(&s->w);
		json_end_object(&s->w);
	}
	json_end_array(&s->w);
}

static void sarif_location(struct sarif *s)
{
	if (!s->subject || !s->subject->name || !*s->subject->name)
		return;
	json_begin_array(&s->w, "locations");
	json_begin_object(&s->w, NULL);
	json_begin_object(&s->w, "physicalLocation");
	json_begin_object(&s->w, "artifactLocation");
	sarif_uri(s, s->subject->name);
	json_uint(&s->w, "index", s->subject_index);
	json_end_object(&s->w);
	json_end_object(&s->w);
	json_end_object(&s->w);
	json_end_array(&s->w);
}

/* partialFingerprints: SHA-256 of @s->tmp, which is emptied. */
static void sarif_fingerprint(struct sarif *s)
{
	uint8_t md[32];

	if (strbuf_failed(&s->tmp) ||
	    cose_sha256(strbuf_str(&s->tmp), s->tmp.len, md)) {
		s->failed = true;
		memset(md, 0, sizeof(md));
	}
	strbuf_reset(&s->tmp);
	json_begin_object(&s->w, "partialFingerprints");
	render_hex(&s->tmp, md, sizeof(md));
	sj_tmp(s, "certifyFinding/v1");
	json_end_object(&s->w);
}

static void sarif_result_head(struct sarif *s, const char *id, int level)
{
	const struct sarif_rule *k = find_rule(s, id);

	json_begin_object(&s->w, NULL);
	sj(s, "ruleId", id);
	json_uint(&s->w, "ruleIndex", k ? (uint64_t)(k - s->rules) : 0);
	json_string(&s->w, "level", level_names[level]);
	if (!k)
		s->failed = true;
}

static void sarif_result(struct sarif *s, const struct finding *f)
{
	const char *reg = cpuid_reg_name(f->reg);
	char *id;

	rule_id(&s->tmp, f);
	id = strdup(strbuf_str(&s->tmp));
	strbuf_reset(&s->tmp);
	if (!id) {
		s->failed = true;
		return;
	}
	sarif_result_head(s, id, level_of(f->verdict));
	json_begin_object(&s->w, "message");
	strbuf_printf(&s->tmp, "%s: ", verdict_name(f->verdict));
	render_label(&s->tmp, f);
	strbuf_puts(&s->tmp, ": ");
	render_value(&s->tmp, f->has_requested, f->requested, f->width, "-");
	strbuf_puts(&s->tmp, " -> ");
	render_value(&s->tmp, f->has_final, f->final, f->width, "?");
	strbuf_printf(&s->tmp, " (%s %s, class %s)", render_str(f->layer),
		      render_str(f->rule), render_str(f->class));
	if (f->note)
		strbuf_printf(&s->tmp, ": %s", f->note);
	sj_tmp(s, "text");
	json_end_object(&s->w);
	sarif_location(s);
	strbuf_printf(&s->tmp, "%s|0x%08" PRIx32 "|", id, f->leaf);
	if (f->indexed)
		strbuf_printf(&s->tmp, "0x%08" PRIx32, f->subleaf);
	else
		strbuf_putc(&s->tmp, '-');
	strbuf_printf(&s->tmp, "|%s|%u", reg ? reg : "?", f->bit);
	if (f->xcr0_in || f->xss_in)
		strbuf_printf(&s->tmp, "|0x%" PRIx64 "|0x%" PRIx64, f->xcr0_in,
			      f->xss_in);
	sarif_fingerprint(s);
	json_begin_object(&s->w, "properties");
	json_string(&s->w, "verdict", verdict_name(f->verdict));
	json_hex(&s->w, "leaf", f->leaf, 8);
	if (f->indexed)
		json_hex(&s->w, "subleaf", f->subleaf, 8);
	else
		json_null(&s->w, "subleaf");
	json_hex(&s->w, "xcr0_in", f->xcr0_in, 16);
	json_hex(&s->w, "xss_in", f->xss_in, 16);
	json_string(&s->w, "reg", reg ? reg : "?");
	json_uint(&s->w, "bit", f->bit);
	json_uint(&s->w, "width", f->width);
	json_end_object(&s->w);
	json_end_object(&s->w);
	free(id);
}

static void sarif_outcome_result(struct sarif *s)
{
	const struct check_result *c = &s->r->res;

	sarif_result_head(s, OUTCOME_RULE, 2);
	json_begin_object(&s->w, "message");
	strbuf_printf(&s->tmp, "%s, not certified%s: ",
		      outcome_name(c->outcome),
		      c->outcome == OUTCOME_REJECTED ? "" : " (strict)");
	render_status(&s->tmp, &c->status);
	strbuf_printf(&s->tmp, " (%s)", c->status.layer ? c->status.layer :
					 "-");
	if (c->status.message && *c->status.message)
		strbuf_printf(&s->tmp, ": %s", c->status.message);
	sj_tmp(s, "text");
	json_end_object(&s->w);
	sarif_location(s);
	strbuf_printf(&s->tmp, "%s|%s|%s", OUTCOME_RULE,
		      render_str(c->platform), render_str(c->ruleset));
	sarif_fingerprint(s);
	json_end_object(&s->w);
}

static void sarif_properties(struct sarif *s)
{
	const struct check_result *c = &s->r->res;
	size_t i;

	json_begin_object(&s->w, "properties");
	sj(s, "platform", c->platform);
	json_begin_object(&s->w, "ruleset");
	sj(s, "name", c->ruleset);
	sj(s, "version", c->ruleset_version);
	sj(s, "source", c->ruleset_source);
	render_hex(&s->tmp, s->r->ruleset_sha256,
		   sizeof(s->r->ruleset_sha256));
	sj_tmp(s, "sha256");
	json_bool(&s->w, "embedded", s->r->ruleset_embedded);
	json_end_object(&s->w);
	json_string(&s->w, "outcome", outcome_name(c->outcome));
	json_bool(&s->w, "certified", report_certified(s->r));
	json_begin_object(&s->w, "status");
	json_hex(&s->w, "code", c->status.code, 1);
	sj(s, "name", c->status.name);
	sj(s, "layer", c->status.layer);
	sj(s, "message", c->status.message);
	json_end_object(&s->w);
	json_string(&s->w, "observed", c->hardware ? "hardware" : "model");
	json_begin_object(&s->w, "facts");
	/* Each key cleaned into tmp, its value into tmp2 (by sj). */
	for (i = 0; c->hardware && i < c->nfacts; i++) {
		const struct check_param *f = &c->facts[i];
		const char *key = render_utf8_clean(&s->tmp,
						    render_str(f->key));

		sj(s, key, f->value);
		if (strbuf_failed(&s->tmp))
			s->failed = true;
		strbuf_reset(&s->tmp);
	}
	json_end_object(&s->w);
	json_end_object(&s->w);
}

void render_report_sarif(const struct report *r, struct strbuf *out)
{
	const struct check_result *c = &r->res;
	struct sarif s = {
		.tmp = STRBUF_INIT,
		.tmp2 = STRBUF_INIT,
		.r = r,
		.subject = render_subject(r),
	};
	size_t i;

	if (s.subject)
		s.subject_index = (size_t)(s.subject - r->inputs);
	if (collect_rules(&s)) {
		out->failed = true;
		goto out;
	}
	json_init(&s.w, out);
	json_begin_object(&s.w, NULL);
	json_string(&s.w, "$schema",
		    "https://json.schemastore.org/sarif-2.1.0.json");
	json_string(&s.w, "version", "2.1.0");
	json_begin_array(&s.w, "runs");
	json_begin_object(&s.w, NULL);
	json_begin_object(&s.w, "tool");
	json_begin_object(&s.w, "driver");
	sj(&s, "name", r->tool ? r->tool : "certify");
	sj(&s, "version", r->tool_version);
	json_begin_array(&s.w, "rules");
	for (i = 0; i < s.nrules; i++)
		sarif_rule(&s, &s.rules[i]);
	json_end_array(&s.w);
	json_end_object(&s.w);
	json_end_object(&s.w);
	sarif_artifacts(&s);
	json_begin_array(&s.w, "results");
	if (!report_certified(r))
		sarif_outcome_result(&s);
	for (i = 0; i < c->nfindings; i++)
		if (finding_is_notable(&c->findings[i]))
			sarif_result(&s, &c->findings[i]);
	json_end_array(&s.w);
	sarif_properties(&s);
	json_end_object(&s.w);
	json_end_array(&s.w);
	json_end_object(&s.w);
	if (s.failed)
		out->failed = true;
out:
	for (i = 0; s.rules && i < s.nrules; i++)
		free(s.rules[i].id);
	free(s.rules);
	strbuf_release(&s.tmp);
	strbuf_release(&s.tmp2);
}
