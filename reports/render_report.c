// SPDX-License-Identifier: MIT
/*
 * A report in the format asked for.  Text and JSON are the check's own
 * renderings (render_check.c) plus what only a report knows:
 *
 *   text  a "report:" section after the check: tool and version, the rule
 *         set's SHA-256, each input (role, name, SHA-256, size), iat when
 *         set, the signature when the report came signed;
 *   json  the check's object with one more member, last: "report":
 *         {tool, version, ruleset_sha256, inputs: [{role, name, sha256,
 *         size}], iat (seconds, or null), signature ({alg, kid, verified},
 *         or null)}; digests are lower-case hex.
 *
 * The other formats have a file each: render_md.c, render_html.c,
 * render_junit.c, render_sarif.c.
 */
#include <inttypes.h>
#include <string.h>

#include "json_writer.h"
#include "render.h"
#include "render_util.h"

static const char *const format_names[] = {
	[RENDER_TEXT] = "text",
	[RENDER_JSON] = "json",
	[RENDER_MD] = "md",
	[RENDER_HTML] = "html",
	[RENDER_JUNIT] = "junit",
	[RENDER_SARIF] = "sarif",
};

int render_format_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(format_names); i++)
		if (!strcmp(s, format_names[i]))
			return (int)i;
	return -1;
}

static void text_report(const struct report *r, struct strbuf *out)
{
	size_t i;

	strbuf_printf(out, "\nreport:\n  tool: %s %s\n  rule set sha256: ",
		      render_str(r->tool), render_str(r->tool_version));
	render_hex(out, r->ruleset_sha256, sizeof(r->ruleset_sha256));
	strbuf_printf(out, " (%s)\n", r->ruleset_embedded ? "embedded" :
		      "file");
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		strbuf_printf(out, "  input: %s %s sha256 ",
			      render_str(in->role), render_str(in->name));
		render_hex(out, in->sha256, sizeof(in->sha256));
		strbuf_printf(out, " (%zu bytes)\n", in->len);
	}
	if (r->has_iat) {
		strbuf_puts(out, "  iat: ");
		render_time(out, r->iat);
		strbuf_putc(out, '\n');
	}
	if (r->sig.present) {
		strbuf_printf(out, "  signature: %s (%d), kid ",
			      render_alg_name(r->sig.alg), r->sig.alg);
		render_hex(out, r->sig.kid, sizeof(r->sig.kid));
		strbuf_printf(out, ", %s\n", r->sig.verified ? "verified" :
			      "NOT verified");
	}
}

static void json_hex_bytes(struct json_writer *w, const char *key,
			   const uint8_t *p, size_t n)
{
	struct strbuf t = STRBUF_INIT;

	render_hex(&t, p, n);
	json_string(w, key, strbuf_str(&t));
	if (strbuf_failed(&t))
		w->out->failed = true;
	strbuf_release(&t);
}

static void json_report(struct json_writer *w, const void *ctx)
{
	const struct report *r = ctx;
	size_t i;

	json_begin_object(w, "report");
	json_string(w, "tool", render_str(r->tool));
	json_string(w, "version", render_str(r->tool_version));
	json_hex_bytes(w, "ruleset_sha256", r->ruleset_sha256,
		       sizeof(r->ruleset_sha256));
	json_begin_array(w, "inputs");
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		json_begin_object(w, NULL);
		json_string(w, "role", render_str(in->role));
		json_string(w, "name", render_str(in->name));
		json_hex_bytes(w, "sha256", in->sha256, sizeof(in->sha256));
		json_uint(w, "size", in->len);
		json_end_object(w);
	}
	json_end_array(w);
	if (r->has_iat)
		json_uint(w, "iat", r->iat);
	else
		json_null(w, "iat");
	if (r->sig.present) {
		json_begin_object(w, "signature");
		json_string(w, "alg", render_alg_name(r->sig.alg));
		json_hex_bytes(w, "kid", r->sig.kid, sizeof(r->sig.kid));
		json_bool(w, "verified", r->sig.verified);
		json_end_object(w);
	} else {
		json_null(w, "signature");
	}
	json_end_object(w);
}

void render_report(const struct report *r, enum render_format fmt, bool all,
		   struct strbuf *out)
{
	switch (fmt) {
	case RENDER_JSON:
		render_check_json_with(&r->res, all, json_report, r, out);
		return;
	case RENDER_MD:
		render_report_md(r, all, out);
		return;
	case RENDER_HTML:
		render_report_html(r, out);
		return;
	case RENDER_JUNIT:
		render_report_junit(r, out);
		return;
	case RENDER_SARIF:
		render_report_sarif(r, out);
		return;
	case RENDER_TEXT:
		break;
	}
	render_check_text(&r->res, all, out);
	text_report(r, out);
}
