// SPDX-License-Identifier: MIT
/*
 * RFC 8949 §3 (encoding), §4.1 (preferred serialization), §4.2.1 (core
 * deterministic encoding); the validator follows research/reports.md §2.5.
 */
#include <string.h>

#include "cbor.h"

static void put_head(struct strbuf *b, unsigned int major, uint64_t v)
{
	uint8_t h[9];
	size_t n;

	major <<= 5;
	if (v < 24) {
		h[0] = (uint8_t)(major | v);
		n = 1;
	} else if (v <= 0xff) {
		h[0] = (uint8_t)(major | 24);
		h[1] = (uint8_t)v;
		n = 2;
	} else if (v <= 0xffff) {
		h[0] = (uint8_t)(major | 25);
		h[1] = (uint8_t)(v >> 8);
		h[2] = (uint8_t)v;
		n = 3;
	} else if (v <= 0xffffffffu) {
		h[0] = (uint8_t)(major | 26);
		for (n = 0; n < 4; n++)
			h[1 + n] = (uint8_t)(v >> (24 - 8 * n));
		n = 5;
	} else {
		h[0] = (uint8_t)(major | 27);
		for (n = 0; n < 8; n++)
			h[1 + n] = (uint8_t)(v >> (56 - 8 * n));
		n = 9;
	}
	strbuf_add(b, h, n);
}

void cbor_put_uint(struct strbuf *b, uint64_t v)
{
	put_head(b, 0, v);
}

void cbor_put_nint(struct strbuf *b, uint64_t n)
{
	put_head(b, 1, n);
}

void cbor_put_int(struct strbuf *b, int64_t v)
{
	if (v >= 0)
		put_head(b, 0, (uint64_t)v);
	else
		put_head(b, 1, (uint64_t)(-(v + 1)));
}

void cbor_put_bstr(struct strbuf *b, const void *p, size_t len)
{
	put_head(b, 2, len);
	strbuf_add(b, p, len);
}

void cbor_put_tstrn(struct strbuf *b, const char *s, size_t len)
{
	put_head(b, 3, len);
	strbuf_add(b, s, len);
}

void cbor_put_tstr(struct strbuf *b, const char *s)
{
	cbor_put_tstrn(b, s, strlen(s));
}

void cbor_put_array(struct strbuf *b, uint64_t n)
{
	put_head(b, 4, n);
}

void cbor_put_map(struct strbuf *b, uint64_t n)
{
	put_head(b, 5, n);
}

void cbor_put_tag(struct strbuf *b, uint64_t tag)
{
	put_head(b, 6, tag);
}

void cbor_put_bool(struct strbuf *b, bool v)
{
	uint8_t c = v ? 0xf5 : 0xf4;

	strbuf_add(b, &c, 1);
}

void cbor_put_null(struct strbuf *b)
{
	uint8_t c = 0xf6;

	strbuf_add(b, &c, 1);
}

int cbor_head(const uint8_t *p, size_t len, unsigned int *major,
	      uint64_t *arg, size_t *size)
{
	unsigned int ai, i, n;
	uint64_t v = 0;

	if (!len)
		return -1;
	*major = p[0] >> 5;
	ai = p[0] & 0x1f;
	if (ai < 24) {
		*arg = ai;
		*size = 1;
		return 0;
	}
	if (ai > 27)
		return -1;	/* 28-30 reserved, 31 indefinite */
	n = 1u << (ai - 24);
	if (len < 1 + (size_t)n)
		return -1;
	for (i = 0; i < n; i++)
		v = v << 8 | p[1 + i];
	*arg = v;
	*size = 1 + n;
	return 0;
}

/* The smallest head for @v must have been used. */
static bool preferred(uint64_t v, size_t size)
{
	switch (size) {
	case 1:
		return true;
	case 2:
		return v >= 24;
	case 3:
		return v > 0xff;
	case 5:
		return v > 0xffff;
	default:
		return v > 0xffffffffu;
	}
}

/* RFC 3629: shortest forms only, no surrogates, at most U+10FFFF. */
static bool utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t c = s[i];
		uint32_t cp;
		unsigned int n, k;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

struct vctx {
	const uint8_t *base;
	size_t len;
	enum cbor_tags tags;
	struct cbor_fault *err;
};

static int fail(struct vctx *c, size_t at, const char *what)
{
	c->err->offset = at;
	c->err->what = what;
	return -1;
}

/* Validates the item at @*pos; advances @*pos past it. */
static int item(struct vctx *c, size_t *pos, unsigned int depth)
{
	size_t at = *pos, hs, left, i, prev = 0, prev_len = 0;
	unsigned int major;
	uint64_t arg;

	if (depth > CBOR_MAX_DEPTH)
		return fail(c, at, "nested too deeply");
	if (at >= c->len)
		return fail(c, at, "the data ends inside an item");
	if ((c->base[at] & 0x1f) == 31)
		return fail(c, at, "indefinite length");
	if (cbor_head(c->base + at, c->len - at, &major, &arg, &hs))
		return fail(c, at, "malformed or truncated head");
	if (major == 7) {
		/* Simple values: only false, true and null; no floats. */
		*pos = at + hs;
		if (hs == 1 && arg >= 20 && arg <= 22)
			return 0;
		return fail(c, at, hs == 1 || hs == 2 ?
			    "simple value other than false, true, null" :
			    "floating-point number");
	}
	if (!preferred(arg, hs))
		return fail(c, at, "a longer head than the value needs");
	*pos = at + hs;
	left = c->len - *pos;
	switch (major) {
	case 0:
	case 1:
		return 0;
	case 2:
	case 3:
		if (arg > left)
			return fail(c, at, "string longer than the data");
		if (major == 3 && !utf8_valid(c->base + *pos, (size_t)arg))
			return fail(c, at, "text string is not UTF-8");
		*pos += (size_t)arg;
		return 0;
	case 4:
		if (arg > left)
			return fail(c, at, "array longer than the data");
		for (i = 0; i < arg; i++)
			if (item(c, pos, depth + 1))
				return -1;
		return 0;
	case 5:
		if (arg > left / 2)
			return fail(c, at, "map longer than the data");
		for (i = 0; i < arg; i++) {
			size_t key = *pos, klen;
			int cmp;

			if (item(c, pos, depth + 1))
				return -1;
			klen = *pos - key;
			if (i) {
				cmp = memcmp(c->base + prev, c->base + key,
					     prev_len < klen ? prev_len : klen);
				if (cmp > 0 || (cmp == 0 && prev_len >= klen))
					return fail(c, key, cmp == 0 &&
						    prev_len == klen ?
						    "duplicate map key" :
						    "map keys out of order");
			}
			prev = key;
			prev_len = klen;
			if (item(c, pos, depth + 1))
				return -1;
		}
		return 0;
	default:	/* 6: tags */
		if (c->tags != CBOR_TOP_TAG_18 || depth != 0 || arg != 18)
			return fail(c, at, "tag not allowed here");
		return item(c, pos, depth + 1);
	}
}

int cbor_validate(const uint8_t *p, size_t len, enum cbor_tags tags,
		  struct cbor_fault *err)
{
	struct vctx c = { .base = p, .len = len, .tags = tags, .err = err };
	size_t pos = 0;

	if (item(&c, &pos, 0))
		return -1;
	if (pos != len)
		return fail(&c, pos, "trailing bytes after the item");
	return 0;
}
