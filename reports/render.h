/* SPDX-License-Identifier: MIT */
/*
 * Renderings of a check result or report: text for terminals, JSON for
 * machines, Markdown for pull-request comments, one self-contained HTML
 * audit page, JUnit XML and SARIF 2.1.0 for CI systems.  All are views of
 * the same data and deterministic: the same report gives the same bytes.
 * Each says whether the result was predicted from the model alone or
 * observed on hardware through KVM (certify probe), and then lists the
 * platform facts the probe recorded (kernel, KVM capabilities, ...).
 * The JSON shape is documented in README.md and changes only with its
 * "format" version.
 */
#ifndef CERTIFY_RENDER_H
#define CERTIFY_RENDER_H

#include <stdbool.h>

#include "certify/check.h"
#include "certify/strbuf.h"
#include "report.h"

#define CHECK_JSON_FORMAT "certify-check/2"

enum render_format {
	RENDER_TEXT,
	RENDER_JSON,
	RENDER_MD,
	RENDER_HTML,
	RENDER_JUNIT,
	RENDER_SARIF,
};

/* "text", "json", "md", "html", "junit", "sarif"; -1 if none. */
int render_format_parse(const char *s);

/* @all: every finding, not only those whose verdict is notable. */
void render_check_text(const struct check_result *r, bool all,
		       struct strbuf *out);
void render_check_json(const struct check_result *r, bool all,
		       struct strbuf *out);

/* A report in @fmt; text and JSON add what the report records (inputs,
 * digests, signature) to the check's own rendering. */
void render_report(const struct report *r, enum render_format fmt, bool all,
		   struct strbuf *out);

/*
 * Markdown for a pull-request comment: outcome and status, then a table of
 * the notable findings (all with @all), then the inputs and digests.
 */
void render_report_md(const struct report *r, bool all, struct strbuf *out);
/*
 * One HTML page that needs nothing else (no scripts or styles from
 * elsewhere, no network): the summary, and a picture of the CPUID bits,
 * a grid per leaf and register of 32 cells coloured by verdict, each cell
 * with its bit, value, verdict and rule on hover (title attribute), then
 * the findings as a table.
 */
void render_report_html(const struct report *r, struct strbuf *out);
/* JUnit XML: one test case per notable finding, failed when rejected. */
void render_report_junit(const struct report *r, struct strbuf *out);
/* SARIF 2.1.0: one run, a rule per rule id, a result per notable finding. */
void render_report_sarif(const struct report *r, struct strbuf *out);

#endif
