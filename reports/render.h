/* SPDX-License-Identifier: MIT */
/*
 * Renderings of a check result: text for terminals and JSON for machines.
 * Both are views of the same struct check_result; the JSON shape is
 * documented in README.md and changes only with its "format" version.
 */
#ifndef CERTIFY_RENDER_H
#define CERTIFY_RENDER_H

#include <stdbool.h>

#include "certify/check.h"
#include "certify/strbuf.h"

#define CHECK_JSON_FORMAT "certify-check/1"

/* @all: every finding, not only those whose verdict is notable. */
void render_check_text(const struct check_result *r, bool all,
		       struct strbuf *out);
void render_check_json(const struct check_result *r, bool all,
		       struct strbuf *out);

#endif
