// SPDX-License-Identifier: MIT
/*
 * reports/cbor.c: the writer against RFC 8949 (§3 heads, §4.2.1 key order,
 * Appendix A examples) and the strict validator against every row of
 * research/reports.md §2.3 and §2.5.  Expected bytes come from those texts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "reports/cbor.h"

/* Hex (spaces allowed) to bytes; returns the length. */
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int v;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		assert_true(n < cap);
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s++;
	}
	return n;
}

static void assert_hex(const struct strbuf *b, const char *hex)
{
	uint8_t want[64];
	size_t n = unhex(hex, want, sizeof(want));

	assert_false(strbuf_failed(b));
	assert_int_equal(b->len, n);
	assert_memory_equal(b->buf, want, n);
}

static void assert_valid_hex(const char *hex, enum cbor_tags tags)
{
	uint8_t p[128];
	size_t n = unhex(hex, p, sizeof(p));
	struct cbor_fault err = { 0, NULL };

	if (cbor_validate(p, n, tags, &err))
		fail_msg("%s refused: %s at byte %zu", hex, err.what,
			 err.offset);
}

static void assert_refused(const uint8_t *p, size_t n, enum cbor_tags tags,
			   size_t offset, const char *what)
{
	struct cbor_fault err = { 0, NULL };

	assert_int_equal(cbor_validate(p, n, tags, &err), -1);
	assert_non_null(err.what);
	assert_string_equal(err.what, what);
	assert_int_equal(err.offset, offset);
}

static void assert_refused_hex(const char *hex, enum cbor_tags tags,
			       size_t offset, const char *what)
{
	uint8_t p[128];
	size_t n = unhex(hex, p, sizeof(p));

	assert_refused(p, n, tags, offset, what);
}

/*
 * RFC 8949 §4.2.1: "10, encoded as 0x0a. 100, encoded as 0x1864. -1,
 * encoded as 0x20. "z", encoded as 0x617a. "aa", encoded as 0x626161.
 * [100], encoded as 0x811864. [-1], encoded as 0x8120. false, encoded as
 * 0xf4."
 */
static const char *const rfc_keys[] = {
	"0a", "1864", "20", "617a", "626161", "811864", "8120", "f4",
};

static void put_rfc_key(struct strbuf *b, unsigned int i)
{
	switch (i) {
	case 0:
		cbor_put_uint(b, 10);
		break;
	case 1:
		cbor_put_uint(b, 100);
		break;
	case 2:
		cbor_put_int(b, -1);
		break;
	case 3:
		cbor_put_tstr(b, "z");
		break;
	case 4:
		cbor_put_tstr(b, "aa");
		break;
	case 5:
		cbor_put_array(b, 1);
		cbor_put_uint(b, 100);
		break;
	case 6:
		cbor_put_array(b, 1);
		cbor_put_nint(b, 0);
		break;
	default:
		cbor_put_bool(b, false);
		break;
	}
}

static void test_rfc8949_key_order(void **state)
{
	unsigned int order[8], i, j, k;
	struct strbuf b = STRBUF_INIT;
	struct cbor_fault err;
	size_t at[8];

	(void)state;
	for (i = 0; i < 8; i++) {
		strbuf_reset(&b);
		put_rfc_key(&b, i);
		assert_hex(&b, rfc_keys[i]);
	}

	/* In the RFC's order the map is deterministic. */
	strbuf_reset(&b);
	cbor_put_map(&b, 8);
	for (i = 0; i < 8; i++) {
		put_rfc_key(&b, i);
		cbor_put_uint(&b, i);
	}
	assert_int_equal(cbor_validate((const uint8_t *)b.buf, b.len,
				       CBOR_NO_TAGS, &err), 0);

	/* Any two keys swapped: out of order at the slot after the first. */
	for (i = 0; i < 8; i++) {
		for (j = i + 1; j < 8; j++) {
			for (k = 0; k < 8; k++)
				order[k] = k;
			order[i] = j;
			order[j] = i;
			strbuf_reset(&b);
			cbor_put_map(&b, 8);
			for (k = 0; k < 8; k++) {
				at[k] = b.len;
				put_rfc_key(&b, order[k]);
				cbor_put_uint(&b, k);
			}
			assert_refused((const uint8_t *)b.buf, b.len,
				       CBOR_NO_TAGS, at[i + 1],
				       "map keys out of order");
		}
	}

	/* A key twice. */
	strbuf_reset(&b);
	cbor_put_map(&b, 2);
	put_rfc_key(&b, 5);
	cbor_put_uint(&b, 0);
	at[0] = b.len;
	put_rfc_key(&b, 5);
	cbor_put_uint(&b, 1);
	assert_refused((const uint8_t *)b.buf, b.len, CBOR_NO_TAGS, at[0],
		       "duplicate map key");
	strbuf_release(&b);
}

/* RFC 8949 §3.1: arguments 0-23 inline, then 1, 2, 4 or 8 bytes. */
static const struct {
	uint64_t v;
	const char *uint_hex;
	const char *nint_hex;	/* -1 - v */
} widths[] = {
	{ 0, "00", "20" },
	{ 23, "17", "37" },
	{ 24, "1818", "3818" },
	{ 255, "18ff", "38ff" },
	{ 256, "190100", "390100" },
	{ 65535, "19ffff", "39ffff" },
	{ 65536, "1a00010000", "3a00010000" },
	{ 0xffffffffu, "1affffffff", "3affffffff" },
	{ 0x100000000u, "1b0000000100000000", "3b0000000100000000" },
	{ UINT64_MAX, "1bffffffffffffffff", "3bffffffffffffffff" },
};

static void test_integer_widths(void **state)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(widths); i++) {
		strbuf_reset(&b);
		cbor_put_uint(&b, widths[i].v);
		assert_hex(&b, widths[i].uint_hex);
		assert_valid_hex(widths[i].uint_hex, CBOR_NO_TAGS);
		strbuf_reset(&b);
		cbor_put_nint(&b, widths[i].v);
		assert_hex(&b, widths[i].nint_hex);
		assert_valid_hex(widths[i].nint_hex, CBOR_NO_TAGS);
		if (widths[i].v <= INT64_MAX) {
			strbuf_reset(&b);
			cbor_put_int(&b, (int64_t)widths[i].v);
			assert_hex(&b, widths[i].uint_hex);
			strbuf_reset(&b);
			cbor_put_int(&b, -1 - (int64_t)widths[i].v);
			assert_hex(&b, widths[i].nint_hex);
		}
	}
	strbuf_reset(&b);
	cbor_put_int(&b, INT64_MIN);
	assert_hex(&b, "3b7fffffffffffffff");
	strbuf_reset(&b);
	cbor_put_int(&b, INT64_MAX);
	assert_hex(&b, "1b7fffffffffffffff");
	strbuf_release(&b);
}

/* RFC 8949 Appendix A, the examples inside certify's profile. */
static void test_rfc8949_examples(void **state)
{
	static const struct {
		int64_t v;
		const char *hex;
	} ints[] = {
		{ 0, "00" }, { 1, "01" }, { 10, "0a" }, { 23, "17" },
		{ 24, "1818" }, { 25, "1819" }, { 100, "1864" },
		{ 1000, "1903e8" }, { 1000000, "1a000f4240" },
		{ 1000000000000, "1b000000e8d4a51000" }, { -1, "20" },
		{ -10, "29" }, { -100, "3863" }, { -1000, "3903e7" },
	};
	static const char *const valid[] = {
		"f4", "f5", "f6", "40", "4401020304", "60", "6161",
		"6449455446", "62225c", "62c3bc", "63e6b0b4", "64f0908591",
		"80", "83010203", "8301820203820405",
		"98190102030405060708090a0b0c0d0e0f101112131415161718181819",
		"a0", "a201020304", "a26161016162820203", "826161a161626163",
		"a56161614161626142616361436164614461656145",
	};
	struct strbuf b = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ints); i++) {
		strbuf_reset(&b);
		cbor_put_int(&b, ints[i].v);
		assert_hex(&b, ints[i].hex);
	}
	for (i = 0; i < ARRAY_SIZE(valid); i++)
		assert_valid_hex(valid[i], CBOR_NO_TAGS);

	strbuf_reset(&b);
	cbor_put_bool(&b, false);
	cbor_put_bool(&b, true);
	cbor_put_null(&b);
	cbor_put_bstr(&b, "\x01\x02\x03\x04", 4);
	cbor_put_tstr(&b, "IETF");
	cbor_put_tstr(&b, "\xc3\xbc");
	assert_hex(&b, "f4 f5 f6 4401020304 6449455446 62c3bc");
	strbuf_reset(&b);
	cbor_put_map(&b, 2);
	cbor_put_tstr(&b, "a");
	cbor_put_uint(&b, 1);
	cbor_put_tstr(&b, "b");
	cbor_put_array(&b, 2);
	cbor_put_uint(&b, 2);
	cbor_put_uint(&b, 3);
	assert_hex(&b, "a26161016162820203");
	strbuf_reset(&b);
	cbor_put_tag(&b, 18);
	cbor_put_array(&b, 0);
	assert_hex(&b, "d280");
	strbuf_release(&b);
}

/* Heads of byte and text strings at the width boundaries. */
static void test_string_lengths(void **state)
{
	static const struct {
		size_t len;
		const char *bhead, *thead;
	} lens[] = {
		{ 0, "40", "60" },
		{ 23, "57", "77" },
		{ 24, "5818", "7818" },
		{ 255, "58ff", "78ff" },
		{ 256, "590100", "790100" },
		{ 65535, "59ffff", "79ffff" },
		{ 65536, "5a00010000", "7a00010000" },
	};
	struct strbuf b = STRBUF_INIT;
	struct cbor_fault err;
	uint8_t head[8];
	char *text;
	size_t i, hn;
	int kind;

	(void)state;
	text = malloc(65536);
	assert_non_null(text);
	memset(text, 'a', 65536);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		for (kind = 0; kind < 2; kind++) {
			strbuf_reset(&b);
			if (kind)
				cbor_put_tstrn(&b, text, lens[i].len);
			else
				cbor_put_bstr(&b, text, lens[i].len);
			hn = unhex(kind ? lens[i].thead : lens[i].bhead, head,
				   sizeof(head));
			assert_false(strbuf_failed(&b));
			assert_int_equal(b.len, hn + lens[i].len);
			assert_memory_equal(b.buf, head, hn);
			assert_int_equal(cbor_validate((const uint8_t *)b.buf,
						       b.len, CBOR_NO_TAGS,
						       &err), 0);
			/* One byte short: the length is beyond the data. */
			if (lens[i].len)
				assert_refused((const uint8_t *)b.buf,
					       b.len - 1, CBOR_NO_TAGS, 0,
					       "string longer than the data");
		}
	}
	/* 2^32 and more: heads only, nothing to hold such a string. */
	assert_refused_hex("5b0000000100000000", CBOR_NO_TAGS, 0,
			   "string longer than the data");
	assert_refused_hex("7bffffffffffffffff", CBOR_NO_TAGS, 0,
			   "string longer than the data");
	free(text);
	strbuf_release(&b);
}

static const struct refusal {
	const char *hex;
	enum cbor_tags tags;
	size_t offset;
	const char *what;
} refusals[] = {
	/* Non-preferred heads (research §2.3: 18 05 and 19 00 05). */
	{ "1805", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "190005", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "1a00000005", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "1b0000000000000005", CBOR_NO_TAGS, 0,
	  "a longer head than the value needs" },
	{ "1817", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "1900ff", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "1a0000ffff", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "1b00000000ffffffff", CBOR_NO_TAGS, 0,
	  "a longer head than the value needs" },
	{ "3817", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "5800", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "7800", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "9800", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "b800", CBOR_NO_TAGS, 0, "a longer head than the value needs" },
	{ "8201 1805", CBOR_NO_TAGS, 2, "a longer head than the value needs" },
	{ "d81280", CBOR_TOP_TAG_18, 0, "a longer head than the value needs" },
	/* Duplicate and unsorted keys. */
	{ "a201010102", CBOR_NO_TAGS, 3, "duplicate map key" },
	{ "a202000100", CBOR_NO_TAGS, 3, "map keys out of order" },
	{ "a2 1864 00 0a 00", CBOR_NO_TAGS, 4, "map keys out of order" },
	{ "a2 20 00 1864 00", CBOR_NO_TAGS, 3, "map keys out of order" },
	/* Indefinite lengths, and a stray break. */
	{ "bf0102ff", CBOR_NO_TAGS, 0, "indefinite length" },
	{ "9f01ff", CBOR_NO_TAGS, 0, "indefinite length" },
	{ "5f4101ff", CBOR_NO_TAGS, 0, "indefinite length" },
	{ "7f6161ff", CBOR_NO_TAGS, 0, "indefinite length" },
	{ "ff", CBOR_NO_TAGS, 0, "indefinite length" },
	{ "82 01 9fff", CBOR_NO_TAGS, 2, "indefinite length" },
	/* Trailing bytes. */
	{ "0102", CBOR_NO_TAGS, 1, "trailing bytes after the item" },
	{ "80 00", CBOR_NO_TAGS, 1, "trailing bytes after the item" },
	/* Text that is not UTF-8: invalid, overlong, surrogate, too high. */
	{ "62c328", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "62c080", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "63e08080", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "63eda080", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "64f4908080", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "6180", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "61ff", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "61c3", CBOR_NO_TAGS, 0, "text string is not UTF-8" },
	{ "a1 62c328 00", CBOR_NO_TAGS, 1, "text string is not UTF-8" },
	/* Lengths beyond the data: the 5-byte array bomb and its kin. */
	{ "9a02000000", CBOR_NO_TAGS, 0, "array longer than the data" },
	{ "9bffffffffffffffff", CBOR_NO_TAGS, 0, "array longer than the data" },
	{ "ba02000000", CBOR_NO_TAGS, 0, "map longer than the data" },
	{ "a1 00", CBOR_NO_TAGS, 0, "map longer than the data" },
	{ "5a02000000", CBOR_NO_TAGS, 0, "string longer than the data" },
	{ "7a02000000", CBOR_NO_TAGS, 0, "string longer than the data" },
	{ "8301 02", CBOR_NO_TAGS, 0, "array longer than the data" },
	/* Floats (RFC 8949 Appendix A: 0.0, 100000.0, 1.1) and simple
	 * values other than false, true and null. */
	{ "f90000", CBOR_NO_TAGS, 0, "floating-point number" },
	{ "f93c00", CBOR_NO_TAGS, 0, "floating-point number" },
	{ "fa47c35000", CBOR_NO_TAGS, 0, "floating-point number" },
	{ "fb3ff199999999999a", CBOR_NO_TAGS, 0, "floating-point number" },
	{ "f7", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "e0", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "f0", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "f3", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "f8ff", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "f814", CBOR_NO_TAGS, 0, "simple value other than false, true, null" },
	{ "81 f7", CBOR_NO_TAGS, 1, "simple value other than false, true, null" },
	/* Reserved additional information 28-30, in every major type. */
	{ "1c", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "1d", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "1e", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "3c", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "5d", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "7e", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "9c", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "bd", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "de", CBOR_TOP_TAG_18, 0, "malformed or truncated head" },
	{ "fc", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "fe", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	/* Tags: only 18, only around the top item, only when allowed. */
	{ "c100", CBOR_TOP_TAG_18, 0, "tag not allowed here" },
	{ "c249010000000000000000", CBOR_TOP_TAG_18, 0,
	  "tag not allowed here" },
	{ "d380", CBOR_TOP_TAG_18, 0, "tag not allowed here" },
	{ "d280", CBOR_NO_TAGS, 0, "tag not allowed here" },
	{ "81d280", CBOR_TOP_TAG_18, 1, "tag not allowed here" },
	{ "d2d280", CBOR_TOP_TAG_18, 1, "tag not allowed here" },
	{ "a1 01 d280", CBOR_TOP_TAG_18, 2, "tag not allowed here" },
	/* Truncated items. */
	{ "", CBOR_NO_TAGS, 0, "the data ends inside an item" },
	{ "19 01", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "1b 0000000000", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "f8", CBOR_NO_TAGS, 0, "malformed or truncated head" },
	{ "6261", CBOR_NO_TAGS, 0, "string longer than the data" },
	{ "82 81 01", CBOR_NO_TAGS, 3, "the data ends inside an item" },
	{ "a1 81 01", CBOR_NO_TAGS, 3, "the data ends inside an item" },
	{ "d2", CBOR_TOP_TAG_18, 1, "the data ends inside an item" },
	{ "82 01 19", CBOR_NO_TAGS, 2, "malformed or truncated head" },
};

static void test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		uint8_t p[128];
		size_t n = unhex(refusals[i].hex, p, sizeof(p));
		struct cbor_fault err = { 0, NULL };

		if (cbor_validate(p, n, refusals[i].tags, &err) != -1)
			fail_msg("%s accepted", refusals[i].hex);
		if (!err.what || strcmp(err.what, refusals[i].what) ||
		    err.offset != refusals[i].offset)
			fail_msg("%s: got \"%s\" at %zu, want \"%s\" at %zu",
				 refusals[i].hex, err.what ? err.what : "",
				 err.offset, refusals[i].what,
				 refusals[i].offset);
	}
	/* Tag 18 around the top item is what COSE_Sign1 needs. */
	assert_valid_hex("d280", CBOR_TOP_TAG_18);
	assert_valid_hex("d2 84 43a10127 a0 40 40", CBOR_TOP_TAG_18);
}

/* CBOR_MAX_DEPTH levels of nesting pass; one more is refused. */
static void test_depth(void **state)
{
	uint8_t p[CBOR_MAX_DEPTH + 4];
	struct cbor_fault err;
	size_t n;

	(void)state;
	/* 16 arrays: the innermost item sits at depth 16. */
	memset(p, 0x81, CBOR_MAX_DEPTH);
	p[CBOR_MAX_DEPTH] = 0x00;
	n = CBOR_MAX_DEPTH + 1;
	assert_int_equal(cbor_validate(p, n, CBOR_NO_TAGS, &err), 0);
	/* 17: refused where the 18th level begins. */
	memset(p, 0x81, CBOR_MAX_DEPTH + 1);
	p[CBOR_MAX_DEPTH + 1] = 0x00;
	assert_refused(p, CBOR_MAX_DEPTH + 2, CBOR_NO_TAGS,
		       CBOR_MAX_DEPTH + 1, "nested too deeply");
	/* Maps count alike: {0: {0: ... 0}}. */
	{
		uint8_t q[2 * (CBOR_MAX_DEPTH + 1) + 1];
		size_t i;

		for (i = 0; i <= CBOR_MAX_DEPTH; i++) {
			q[2 * i] = 0xa1;
			q[2 * i + 1] = 0x00;
		}
		q[2 * (CBOR_MAX_DEPTH + 1)] = 0x00;
		/* The 17th map's key is the first item 17 deep. */
		assert_refused(q, sizeof(q), CBOR_NO_TAGS,
			       2 * CBOR_MAX_DEPTH + 1, "nested too deeply");
		assert_int_equal(cbor_validate(q + 2, sizeof(q) - 2,
					       CBOR_NO_TAGS, &err), 0);
	}
	/* The tag takes a level too. */
	p[0] = 0xd2;
	memset(p + 1, 0x81, CBOR_MAX_DEPTH);
	p[CBOR_MAX_DEPTH + 1] = 0x00;
	assert_refused(p, CBOR_MAX_DEPTH + 2, CBOR_TOP_TAG_18,
		       CBOR_MAX_DEPTH + 1, "nested too deeply");
}

static void test_head(void **state)
{
	uint8_t p[16];
	unsigned int major;
	uint64_t arg;
	size_t size, n;

	(void)state;
	n = unhex("3b 0102030405060708", p, sizeof(p));
	assert_int_equal(cbor_head(p, n, &major, &arg, &size), 0);
	assert_int_equal(major, 1);
	assert_true(arg == 0x0102030405060708u);
	assert_int_equal(size, 9);
	assert_int_equal(cbor_head(p, n - 1, &major, &arg, &size), -1);
	n = unhex("d2", p, sizeof(p));
	assert_int_equal(cbor_head(p, n, &major, &arg, &size), 0);
	assert_int_equal(major, 6);
	assert_int_equal(arg, 18);
	assert_int_equal(size, 1);
	/* A head need not be preferred to be read: the validator judges. */
	n = unhex("1805", p, sizeof(p));
	assert_int_equal(cbor_head(p, n, &major, &arg, &size), 0);
	assert_int_equal(arg, 5);
	assert_int_equal(size, 2);
	assert_int_equal(cbor_head(p, 0, &major, &arg, &size), -1);
	p[0] = 0x1c;
	assert_int_equal(cbor_head(p, 1, &major, &arg, &size), -1);
	p[0] = 0x9f;
	assert_int_equal(cbor_head(p, 1, &major, &arg, &size), -1);
	p[0] = 0x18;
	assert_int_equal(cbor_head(p, 1, &major, &arg, &size), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8949_key_order),
		cmocka_unit_test(test_integer_widths),
		cmocka_unit_test(test_rfc8949_examples),
		cmocka_unit_test(test_string_lengths),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_head),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
