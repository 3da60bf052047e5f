// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the report payload (reports/report_cbor.c) and its
 * renderings (reports/render*.c).  Invariants, not only "no crash":
 *   - report_decode() refuses whatever cbor_validate() refuses, and every
 *     refusal says why;
 *   - what it accepts encodes back to exactly the input: the payload is
 *     deterministic CBOR (one encoding per value) and the schema has one
 *     encoding per report, so decode(x) = decode(y) only if x = y;
 *   - the report renders in every format, twice the same;
 *   - the input as the payload of a COSE_Sign1 is taken apart by
 *     cose_parse1() into the very bytes, which decode as they did bare;
 *     the input as a whole COSE_Sign1 message, when cose_parse1() takes
 *     it, has a payload that goes through the same checks.
 */
#include <cbor.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/cbor.h"
#include "reports/cose.h"
#include "reports/render.h"
#include "reports/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum render_format formats[] = {
	RENDER_TEXT, RENDER_JSON, RENDER_MD, RENDER_HTML, RENDER_JUNIT,
	RENDER_SARIF,
};

/* Every format, with and without --all, twice the same bytes. */
static void render_all(const struct report *r)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i;
	int all;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		for (all = 0; all < 2; all++) {
			strbuf_reset(&a);
			strbuf_reset(&b);
			render_report(r, formats[i], all, &a);
			render_report(r, formats[i], all, &b);
			if (strbuf_failed(&a) || strbuf_failed(&b) || !a.len ||
			    a.len != b.len || memcmp(a.buf, b.buf, a.len))
				abort();
		}
	strbuf_release(&a);
	strbuf_release(&b);
}

/* The payload @data, read; 0 if it decoded, with @msg its refusal. */
static int payload(const uint8_t *data, size_t size, struct diag *msg)
{
	struct strbuf out = STRBUF_INIT;
	struct cbor_fault err;
	struct report r;
	int valid, rc, enc;

	valid = cbor_validate(data, size, CBOR_NO_TAGS, &err) == 0;
	diag_clear(msg);
	rc = report_decode(data, size, &r, msg);
	if (rc) {
		/* Refused: said why, and nothing left to release. */
		if (!diag_is_set(msg) || r.ninputs || r.res.nfindings ||
		    r.storage)
			abort();
		report_release(&r);
		return rc;
	}
	if (!valid)
		abort();
	render_all(&r);
	/* One encoding per report: it comes back as the very bytes. */
	enc = report_encode(&r, &out);
	if (enc || out.len != size || memcmp(out.buf, data, size))
		abort();
	report_release(&r);
	strbuf_release(&out);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sig[64];
	struct strbuf msg = STRBUF_INIT, prot = STRBUF_INIT;
	struct cose_sign1 m;
	struct diag bare, wrapped, d;
	int rc;

	rc = payload(data, size, &bare);

	/* The input as the payload of a COSE_Sign1 (signature not
	 * checked): the parts come back as they went in. */
	cbor_put_map(&prot, 2);
	cbor_put_uint(&prot, 1);
	cbor_put_int(&prot, COSE_ALG_EDDSA);
	cbor_put_uint(&prot, 3);
	cbor_put_tstr(&prot, REPORT_CONTENT_TYPE);
	cbor_put_tag(&msg, 18);
	cbor_put_array(&msg, 4);
	cbor_put_bstr(&msg, prot.buf, prot.len);
	cbor_put_map(&msg, 0);
	cbor_put_bstr(&msg, data, size);
	cbor_put_bstr(&msg, sig, sizeof(sig));
	if (strbuf_failed(&msg) ||
	    cose_parse1((const uint8_t *)msg.buf, msg.len, &m, &d) ||
	    m.payload_len != size || (size && memcmp(m.payload, data, size)) ||
	    m.alg != COSE_ALG_EDDSA || !m.content_type ||
	    strcmp(m.content_type, REPORT_CONTENT_TYPE))
		abort();
	if (payload(m.payload, m.payload_len, &wrapped) != rc ||
	    strcmp(bare.msg, wrapped.msg))
		abort();

	/* The input as a whole message, as `certify show` reads a file. */
	diag_clear(&d);
	if (cose_parse1(data, size, &m, &d) == 0)
		payload(m.payload, m.payload_len, &wrapped);
	else if (!diag_is_set(&d))
		abort();

	strbuf_release(&msg);
	strbuf_release(&prot);
	return 0;
}
