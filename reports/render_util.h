/* SPDX-License-Identifier: MIT */
/*
 * What the renderings (reports/render_*.c) share: how a finding's place,
 * bits and values are spelled, which findings merge into one line, text
 * checks for the escapers of each format, and the check's JSON with an
 * extra top-level member.  Internal to reports/.
 */
#ifndef CERTIFY_RENDER_UTIL_H
#define CERTIFY_RENDER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/check.h"
#include "certify/strbuf.h"
#include "json_writer.h"
#include "report.h"

/* @s, or "" for NULL (hand-built results may leave strings out). */
static inline const char *render_str(const char *s)
{
	return s ? s : "";
}

/* A value: decimal for one bit, "0x%x" for a field, @none if unknown. */
void render_value(struct strbuf *out, bool has, uint32_t v,
		  unsigned int width, const char *none);
/* "21" for one bit, "31:0" for a field. */
void render_bits(struct strbuf *out, const struct finding *f);
/* A CPUID entry's key: "0x00000007.0x0", "(xcr0_in=0x7,xss_in=0x0)". */
void render_key(struct strbuf *out, uint32_t leaf, bool indexed,
		uint32_t subleaf, uint64_t xcr0_in, uint64_t xss_in);
/*
 * The entry and register of a finding: "0x00000007.0x0" (sub-leaf when
 * significant), "(xcr0_in=0x7,xss_in=0x0)" when either is set, then @sep
 * and the register: "0x00000007.0x0.ebx" with '.', as text shows it.
 */
void render_where(struct strbuf *out, const struct finding *f, char sep);
/* "0x00000007.0x0 ebx[16] avx512f": where, bits and name, one finding. */
void render_label(struct strbuf *out, const struct finding *f);
/* The status: "0x16 EINVAL at leaf 0x00000007 sub-leaf 0x0". */
void render_status(struct strbuf *out, const struct check_status *s);

/* Findings one line can show: one register, one rule, one story. */
bool render_mergeable(const struct finding *a, const struct finding *b);
/* "[0-2,4,9]": the bits of @n merged single-bit findings. */
void render_bit_list(struct strbuf *out, const struct finding *f, size_t n);

/* Lower-case hex of @n bytes. */
void render_hex(struct strbuf *out, const uint8_t *p, size_t n);
/* "1700000000 (2023-11-14T22:13:20Z)": seconds and their UTC date. */
void render_time(struct strbuf *out, uint64_t t);
/* The name of a COSE algorithm, or "unknown". */
const char *render_alg_name(int alg);
/* The input a finding is located in: the config or page, else NULL. */
const struct report_input *render_subject(const struct report *r);

/*
 * Length (1-4) of the well-formed UTF-8 character at @s (RFC 3629: no
 * overlong forms, surrogates or values above U+10FFFF; U+FFFE and U+FFFF,
 * which XML forbids, also count as bad), 0 if it is not one.  For ASCII,
 * 1.  The escapers write U+FFFD for each bad byte and for control
 * characters their format cannot carry.
 */
size_t render_utf8_len(const char *s);
#define RENDER_REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */
/* @s with bad UTF-8 replaced, into @tmp (reset first); for JSON. */
const char *render_utf8_clean(struct strbuf *tmp, const char *s);

/*
 * The check's JSON (render_check_json), with @extra called to write more
 * members of the top-level object after the check's own.
 */
void render_check_json_with(const struct check_result *r, bool all,
			    void (*extra)(struct json_writer *w,
					  const void *ctx),
			    const void *ctx, struct strbuf *out);

#endif
