// SPDX-License-Identifier: MIT
/*
 * The report payload, reports/certify-report.cddl: written with certify's
 * own deterministic encoder, read with libcbor behind cbor_validate()
 * (research/reports.md §2.5).  Keys of every map are small unsigned
 * integers written in increasing order, so the bytewise order RFC 8949
 * §4.2.1 wants is the numeric one.
 */
#include <cbor.h>
#include <stdlib.h>
#include <string.h>

#include "cbor.h"
#include "cose.h"
#include "report.h"

#define CLAIM_IAT 6
#define CLAIM_EAT_PROFILE 265
#define CLAIM_BODY_N 69999	/* private claim -70000 = -1 - 69999 */

static const char *const roles[] = { "config", "page", "host", "rules" };
static const char *const outcomes[] = {
	[OUTCOME_ACCEPTED] = "accepted",
	[OUTCOME_ACCEPTED_WITH_CHANGES] = "accepted-with-changes",
	[OUTCOME_REJECTED] = "rejected",
};

/* ---- writing ---- */

static void put_key(struct strbuf *b, unsigned int k)
{
	cbor_put_uint(b, k);
}

static void put_str(struct strbuf *b, unsigned int k, const char *s)
{
	put_key(b, k);
	cbor_put_tstr(b, s ? s : "");
}

static void put_u(struct strbuf *b, unsigned int k, uint64_t v)
{
	put_key(b, k);
	cbor_put_uint(b, v);
}

static void put_entry_key(struct strbuf *b, uint32_t leaf, bool indexed,
			  uint32_t subleaf, uint64_t xcr0, uint64_t xss,
			  unsigned int first)
{
	put_u(b, first, leaf);
	if (indexed)
		put_u(b, first + 1, subleaf);
	put_u(b, first + 2, xcr0);
	put_u(b, first + 3, xss);
}

static void put_finding(struct strbuf *b, const struct finding *f)
{
	cbor_put_map(b, 11 + f->indexed + !!f->name + f->has_requested +
			    f->has_final + !!f->note);
	put_entry_key(b, f->leaf, f->indexed, f->subleaf, f->xcr0_in,
		      f->xss_in, 0);
	put_u(b, 4, f->reg);
	put_u(b, 5, f->bit);
	put_u(b, 6, f->width);
	if (f->name)
		put_str(b, 7, f->name);
	if (f->has_requested)
		put_u(b, 8, f->requested);
	if (f->has_final)
		put_u(b, 9, f->final);
	put_str(b, 10, verdict_name(f->verdict));
	put_str(b, 11, f->class);
	put_str(b, 12, f->layer);
	put_str(b, 13, f->rule);
	put_str(b, 14, f->source);
	if (f->note)
		put_str(b, 15, f->note);
}

static void put_final(struct strbuf *b, const struct cpuid_entry *e)
{
	unsigned int r;

	cbor_put_map(b, 5 + e->indexed);
	put_entry_key(b, e->leaf, e->indexed, e->subleaf, e->xcr0_in,
		      e->xss_in, 0);
	put_key(b, 4);
	cbor_put_array(b, CPUID_NR_REGS);
	for (r = 0; r < CPUID_NR_REGS; r++)
		cbor_put_uint(b, e->regs[r]);
	put_key(b, 5);
	cbor_put_array(b, CPUID_NR_REGS);
	for (r = 0; r < CPUID_NR_REGS; r++)
		cbor_put_uint(b, e->unknown[r]);
}

static void put_correction(struct strbuf *b, const struct check_correction *c)
{
	cbor_put_map(b, 11 + !!c->note);
	put_u(b, 0, c->index);
	put_u(b, 1, c->key.leaf);
	put_u(b, 2, c->key.subleaf);
	put_u(b, 3, c->key.xcr0_in);
	put_u(b, 4, c->key.xss_in);
	put_str(b, 5, c->field);
	put_u(b, 6, c->provided);
	put_u(b, 7, c->corrected);
	put_str(b, 8, c->layer);
	put_str(b, 9, c->rule);
	put_str(b, 10, c->source);
	if (c->note)
		put_str(b, 11, c->note);
}

static void put_status(struct strbuf *b, const struct check_status *s)
{
	bool sub = s->has_leaf && s->has_subleaf;

	cbor_put_map(b, 4 + s->has_leaf + sub);
	put_str(b, 0, s->layer);
	put_u(b, 1, s->code);
	put_str(b, 2, s->name);
	if (s->has_leaf)
		put_u(b, 3, s->leaf);
	if (sub)
		put_u(b, 4, s->subleaf);
	put_str(b, 5, s->message);
}

static void put_body(struct strbuf *b, const struct report *r)
{
	const struct check_result *res = &r->res;
	const struct cpuid_entry *e;
	size_t i;

	cbor_put_map(b, 13 + res->hardware);
	put_u(b, 0, REPORT_FORMAT_VERSION);
	put_key(b, 1);
	cbor_put_map(b, 2);
	put_str(b, 0, r->tool);
	put_str(b, 1, r->tool_version);
	put_str(b, 2, res->platform);
	put_key(b, 3);
	cbor_put_map(b, 5);
	put_str(b, 0, res->ruleset);
	put_str(b, 1, res->ruleset_version);
	put_str(b, 2, res->ruleset_source);
	put_key(b, 3);
	cbor_put_bstr(b, r->ruleset_sha256, sizeof(r->ruleset_sha256));
	put_key(b, 4);
	cbor_put_bool(b, r->ruleset_embedded);
	put_key(b, 4);
	cbor_put_map(b, 3 + (r->host_cpu >= 0));
	put_str(b, 0, res->vmm);
	put_str(b, 1, res->kvm);
	put_key(b, 2);
	cbor_put_bool(b, r->strict);
	if (r->host_cpu >= 0)
		put_u(b, 3, (uint64_t)r->host_cpu);
	put_key(b, 5);
	cbor_put_array(b, r->ninputs);
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];

		cbor_put_map(b, 4);
		put_str(b, 0, in->role);
		put_str(b, 1, in->name);
		put_key(b, 2);
		cbor_put_bstr(b, in->sha256, sizeof(in->sha256));
		put_key(b, 3);
		cbor_put_bstr(b, in->bytes, in->len);
	}
	put_str(b, 6, outcome_name(res->outcome));
	put_key(b, 7);
	put_status(b, &res->status);
	put_key(b, 8);
	cbor_put_array(b, res->nfindings);
	for (i = 0; i < res->nfindings; i++)
		put_finding(b, &res->findings[i]);
	put_key(b, 9);
	cbor_put_array(b, res->final.n);
	cpuid_set_for_each(e, &res->final)
		put_final(b, e);
	put_key(b, 10);
	cbor_put_array(b, res->nwarnings);
	for (i = 0; i < res->nwarnings; i++)
		cbor_put_tstr(b, res->warnings[i]);
	put_key(b, 11);
	cbor_put_array(b, res->nparams);
	for (i = 0; i < res->nparams; i++) {
		cbor_put_array(b, 2);
		cbor_put_tstr(b, res->params[i].key);
		cbor_put_tstr(b, res->params[i].value);
	}
	put_key(b, 12);
	cbor_put_array(b, res->ncorrections);
	for (i = 0; i < res->ncorrections; i++)
		put_correction(b, &res->corrections[i]);
	if (!res->hardware)
		return;
	/* Observed on hardware: what the platform was. */
	put_key(b, 13);
	cbor_put_map(b, 2);
	put_str(b, 0, "hardware");
	put_key(b, 1);
	cbor_put_array(b, res->nfacts);
	for (i = 0; i < res->nfacts; i++) {
		cbor_put_array(b, 2);
		cbor_put_tstr(b, res->facts[i].key);
		cbor_put_tstr(b, res->facts[i].value);
	}
}

int report_encode(const struct report *r, struct strbuf *out)
{
	struct cbor_fault err;
	size_t start = out->len;

	cbor_put_map(out, 2 + r->has_iat);
	if (r->has_iat) {
		cbor_put_uint(out, CLAIM_IAT);
		cbor_put_uint(out, r->iat);
	}
	cbor_put_uint(out, CLAIM_EAT_PROFILE);
	cbor_put_tstr(out, REPORT_EAT_PROFILE);
	cbor_put_nint(out, CLAIM_BODY_N);
	put_body(out, r);
	if (strbuf_failed(out))
		return -1;
	/* What we write, we must be able to read: the profile's own check. */
	if (cbor_validate((const uint8_t *)strbuf_str(out) + start,
			  out->len - start, CBOR_NO_TAGS, &err))
		return -1;
	return 0;
}

/* ---- reading ---- */

struct rd {
	struct report *r;
	struct diag *d;
	int failed;
};

static int bad(struct rd *c, const char *what)
{
	if (!c->failed)
		diag_set(c->d, "report", 0, "payload: %s", what);
	c->failed = 1;
	return -1;
}

/* The value of unsigned key @k in map @m, or NULL. */
static cbor_item_t *get(const cbor_item_t *m, uint64_t k)
{
	struct cbor_pair *p = cbor_map_handle(m);
	size_t i, n = cbor_map_size(m);

	for (i = 0; i < n; i++)
		if (cbor_isa_uint(p[i].key) && cbor_get_int(p[i].key) == k)
			return p[i].value;
	return NULL;
}

/* Every key of @m is one of the first @nkeys unsigned integers. */
static bool only_keys(const cbor_item_t *m, uint64_t nkeys)
{
	struct cbor_pair *p = cbor_map_handle(m);
	size_t i, n = cbor_map_size(m);

	for (i = 0; i < n; i++)
		if (!cbor_isa_uint(p[i].key) || cbor_get_int(p[i].key) >= nkeys)
			return false;
	return true;
}

static bool is_map(const cbor_item_t *i)
{
	return i && cbor_isa_map(i) && cbor_map_is_definite(i);
}

static bool is_array(const cbor_item_t *i)
{
	return i && cbor_isa_array(i) && cbor_array_is_definite(i);
}

static int u64(struct rd *c, const cbor_item_t *m, uint64_t k, uint64_t max,
	       uint64_t *v, const char *what)
{
	cbor_item_t *i = get(m, k);

	if (!i || !cbor_isa_uint(i) || cbor_get_int(i) > max)
		return bad(c, what);
	*v = cbor_get_int(i);
	return 0;
}

static int opt_u64(struct rd *c, const cbor_item_t *m, uint64_t k,
		   uint64_t max, bool *has, uint64_t *v, const char *what)
{
	*has = get(m, k) != NULL;
	return *has ? u64(c, m, k, max, v, what) : 0;
}

/* A text string, interned in the result's pool; NUL bytes refused. */
static const char *str(struct rd *c, const cbor_item_t *i, const char *what)
{
	size_t n;
	char *tmp;
	const char *s;

	if (!i || !cbor_isa_string(i) || !cbor_string_is_definite(i)) {
		bad(c, what);
		return NULL;
	}
	n = cbor_string_length(i);
	if (memchr(cbor_string_handle(i), 0, n)) {
		bad(c, what);
		return NULL;
	}
	tmp = malloc(n + 1);
	if (!tmp) {
		bad(c, "out of memory");
		return NULL;
	}
	memcpy(tmp, cbor_string_handle(i), n);
	tmp[n] = '\0';
	s = strpool_intern(&c->r->res.pool, tmp);
	free(tmp);
	return s;
}

static const char *key_str(struct rd *c, const cbor_item_t *m, uint64_t k,
			   const char *what)
{
	return str(c, get(m, k), what);
}

static int bytes32(struct rd *c, const cbor_item_t *i, uint8_t out[32],
		   const char *what)
{
	if (!i || !cbor_isa_bytestring(i) || !cbor_bytestring_is_definite(i) ||
	    cbor_bytestring_length(i) != 32)
		return bad(c, what);
	memcpy(out, cbor_bytestring_handle(i), 32);
	return 0;
}

static int read_bool(struct rd *c, const cbor_item_t *i, bool *v,
		     const char *what)
{
	if (!i || !cbor_is_bool(i))
		return bad(c, what);
	*v = cbor_get_bool(i);
	return 0;
}

/* @s is one of @n words, else refused. */
static const char *one_of(struct rd *c, const char *s,
			  const char *const *words, size_t n,
			  const char *what)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(s, words[i]))
			return words[i];
	if (s)
		bad(c, what);
	return NULL;
}

static int entry_key(struct rd *c, const cbor_item_t *m, uint32_t *leaf,
		     bool *indexed, uint32_t *sub, uint64_t *xcr0,
		     uint64_t *xss)
{
	uint64_t v;

	if (u64(c, m, 0, UINT32_MAX, &v, "leaf"))
		return -1;
	*leaf = (uint32_t)v;
	if (opt_u64(c, m, 1, UINT32_MAX, indexed, &v, "sub-leaf"))
		return -1;
	*sub = *indexed ? (uint32_t)v : 0;
	if (u64(c, m, 2, UINT64_MAX, xcr0, "xcr0_in") ||
	    u64(c, m, 3, UINT64_MAX, xss, "xss_in"))
		return -1;
	return 0;
}

static int read_verdict(struct rd *c, const cbor_item_t *m, uint64_t k,
			enum verdict *v)
{
	const char *s = key_str(c, m, k, "verdict");
	int i;

	for (i = 0; s && i < VERDICT_COUNT; i++)
		if (!strcmp(s, verdict_name((enum verdict)i))) {
			*v = (enum verdict)i;
			return 0;
		}
	return bad(c, "unknown verdict");
}

static int read_finding(struct rd *c, const cbor_item_t *m)
{
	struct finding f = { 0 };
	uint64_t v, w;

	if (!is_map(m) || !only_keys(m, 16) ||
	    entry_key(c, m, &f.leaf, &f.indexed, &f.subleaf, &f.xcr0_in,
		      &f.xss_in) ||
	    u64(c, m, 4, CPUID_NR_REGS - 1, &v, "finding register"))
		return bad(c, "bad finding");
	f.reg = (uint8_t)v;
	if (u64(c, m, 5, 31, &v, "finding bit") ||
	    u64(c, m, 6, 32 - v, &w, "finding width") || !w)
		return bad(c, "bad finding bit or width");
	f.bit = (uint8_t)v;
	f.width = (uint8_t)w;
	if (get(m, 7) && !(f.name = key_str(c, m, 7, "finding name")))
		return -1;
	if (opt_u64(c, m, 8, UINT32_MAX, &f.has_requested, &v, "requested"))
		return -1;
	f.requested = (uint32_t)v;
	if (opt_u64(c, m, 9, UINT32_MAX, &f.has_final, &v, "final"))
		return -1;
	f.final = (uint32_t)v;
	if (read_verdict(c, m, 10, &f.verdict) ||
	    !(f.class = key_str(c, m, 11, "finding class")) ||
	    !(f.layer = key_str(c, m, 12, "finding layer")) ||
	    !(f.rule = key_str(c, m, 13, "finding rule")) ||
	    !(f.source = key_str(c, m, 14, "finding source")))
		return -1;
	if (get(m, 15) && !(f.note = key_str(c, m, 15, "finding note")))
		return -1;
	if (check_result_add(&c->r->res, &f))
		return bad(c, "out of memory");
	return 0;
}

static int read_final(struct rd *c, const cbor_item_t *m)
{
	struct cpuid_entry e = { 0 };
	cbor_item_t *regs, *unk;
	unsigned int r;

	if (!is_map(m) || !only_keys(m, 6) ||
	    entry_key(c, m, &e.leaf, &e.indexed, &e.subleaf, &e.xcr0_in,
		      &e.xss_in))
		return bad(c, "bad final CPUID entry");
	regs = get(m, 4);
	unk = get(m, 5);
	if (!is_array(regs) || !is_array(unk) ||
	    cbor_array_size(regs) != CPUID_NR_REGS ||
	    cbor_array_size(unk) != CPUID_NR_REGS)
		return bad(c, "final CPUID registers");
	for (r = 0; r < CPUID_NR_REGS; r++) {
		cbor_item_t *a = cbor_array_handle(regs)[r];
		cbor_item_t *b = cbor_array_handle(unk)[r];

		if (!cbor_isa_uint(a) || !cbor_isa_uint(b) ||
		    cbor_get_int(a) > UINT32_MAX || cbor_get_int(b) > UINT32_MAX)
			return bad(c, "final CPUID register value");
		e.regs[r] = (uint32_t)cbor_get_int(a);
		e.unknown[r] = (uint32_t)cbor_get_int(b);
	}
	/* One encoding per report: entries in key order, each once. */
	if (c->r->res.final.n &&
	    cpuid_entry_key_cmp(&c->r->res.final.entries[c->r->res.final.n - 1],
				&e) >= 0)
		return bad(c, "final CPUID entries out of order or repeated");
	if (cpuid_set_insert(&c->r->res.final, &e))
		return bad(c, "final CPUID entry repeated");
	return 0;
}

static int read_correction(struct rd *c, const cbor_item_t *m)
{
	static const char *const fields[] = {
		"eax", "ebx", "ecx", "edx", "reserved",
	};
	struct check_correction cc = { 0 };
	uint64_t v;

	if (!is_map(m) || !only_keys(m, 12) ||
	    u64(c, m, 0, UINT32_MAX, &v, "correction index"))
		return bad(c, "bad correction");
	cc.index = (unsigned int)v;
	if (u64(c, m, 1, UINT32_MAX, &v, "correction leaf"))
		return -1;
	cc.key.leaf = (uint32_t)v;
	if (u64(c, m, 2, UINT32_MAX, &v, "correction sub-leaf"))
		return -1;
	cc.key.subleaf = (uint32_t)v;
	if (u64(c, m, 3, UINT64_MAX, &cc.key.xcr0_in, "correction xcr0_in") ||
	    u64(c, m, 4, UINT64_MAX, &cc.key.xss_in, "correction xss_in") ||
	    !(cc.field = one_of(c, key_str(c, m, 5, "correction field"),
				fields, ARRAY_SIZE(fields),
				"correction field")) ||
	    u64(c, m, 6, UINT64_MAX, &cc.provided, "correction provided") ||
	    u64(c, m, 7, UINT64_MAX, &cc.corrected, "correction corrected") ||
	    !(cc.layer = key_str(c, m, 8, "correction layer")) ||
	    !(cc.rule = key_str(c, m, 9, "correction rule")) ||
	    !(cc.source = key_str(c, m, 10, "correction source")))
		return -1;
	if (get(m, 11) && !(cc.note = key_str(c, m, 11, "correction note")))
		return -1;
	if (check_result_correction(&c->r->res, &cc))
		return bad(c, "out of memory");
	return 0;
}

static int read_status(struct rd *c, const cbor_item_t *m)
{
	struct check_status *s = &c->r->res.status;
	uint64_t v;

	if (!is_map(m) || !only_keys(m, 6) ||
	    !(s->layer = key_str(c, m, 0, "status layer")) ||
	    u64(c, m, 1, UINT64_MAX, &s->code, "status code") ||
	    !(s->name = key_str(c, m, 2, "status name")) ||
	    opt_u64(c, m, 3, UINT32_MAX, &s->has_leaf, &v, "status leaf"))
		return bad(c, "bad status");
	s->leaf = (uint32_t)v;
	if (opt_u64(c, m, 4, UINT32_MAX, &s->has_subleaf, &v,
		    "status sub-leaf"))
		return -1;
	s->subleaf = (uint32_t)v;
	if (s->has_subleaf && !s->has_leaf)
		return bad(c, "status sub-leaf without a leaf");
	if (!(s->message = key_str(c, m, 5, "status message")))
		return -1;
	return 0;
}

static const char *role_of(struct rd *c, const cbor_item_t *i)
{
	const char *s = str(c, i, "input role");
	size_t k;

	for (k = 0; s && k < ARRAY_SIZE(roles); k++)
		if (!strcmp(s, roles[k]))
			return roles[k];
	bad(c, "unknown input role");
	return NULL;
}

static int read_inputs(struct rd *c, const cbor_item_t *a)
{
	struct report *r = c->r;
	size_t i, n, total = 0, off = 0;

	if (!is_array(a) || cbor_array_size(a) > REPORT_MAX_INPUTS)
		return bad(c, "inputs");
	n = cbor_array_size(a);
	for (i = 0; i < n; i++) {
		cbor_item_t *m = cbor_array_handle(a)[i], *b;

		if (!is_map(m) || !only_keys(m, 4) || !(b = get(m, 3)) ||
		    !cbor_isa_bytestring(b) || !cbor_bytestring_is_definite(b))
			return bad(c, "bad input");
		total += cbor_bytestring_length(b);
	}
	r->storage = malloc(total ? total : 1);
	if (!r->storage)
		return bad(c, "out of memory");
	for (i = 0; i < n; i++) {
		cbor_item_t *m = cbor_array_handle(a)[i], *b = get(m, 3);
		struct report_input *in = &r->inputs[i];
		uint8_t digest[32];

		in->len = cbor_bytestring_length(b);
		memcpy(r->storage + off, cbor_bytestring_handle(b), in->len);
		in->bytes = r->storage + off;
		off += in->len;
		if (!(in->role = role_of(c, get(m, 0))) ||
		    !(in->name = key_str(c, m, 1, "input name")) ||
		    bytes32(c, get(m, 2), in->sha256, "input sha-256"))
			return -1;
		/* The digest must be the bytes' own. */
		if (cose_sha256(in->bytes, in->len, digest) ||
		    memcmp(digest, in->sha256, 32))
			return bad(c, "an input's SHA-256 is not its bytes'");
		r->ninputs++;
	}
	return 0;
}

static int read_params(struct rd *c, const cbor_item_t *a)
{
	size_t i;

	if (!is_array(a))
		return bad(c, "parameters");
	for (i = 0; i < cbor_array_size(a); i++) {
		cbor_item_t *p = cbor_array_handle(a)[i];
		const char *k, *v;

		if (!is_array(p) || cbor_array_size(p) != 2 ||
		    !(k = str(c, cbor_array_handle(p)[0], "parameter")) ||
		    !(v = str(c, cbor_array_handle(p)[1], "parameter")))
			return bad(c, "bad parameter");
		if (check_result_param(&c->r->res, k, "%s", v))
			return bad(c, "out of memory");
	}
	return 0;
}

static int read_list(struct rd *c, const cbor_item_t *a,
		     int (*fn)(struct rd *, const cbor_item_t *),
		     const char *what)
{
	size_t i;

	if (!is_array(a))
		return bad(c, what);
	for (i = 0; i < cbor_array_size(a); i++)
		if (fn(c, cbor_array_handle(a)[i]))
			return -1;
	return 0;
}

static int read_warning(struct rd *c, const cbor_item_t *i)
{
	const char *s = str(c, i, "warning");

	if (!s)
		return -1;
	return check_result_warn(&c->r->res, "%s", s) ? bad(c, "out of "
							   "memory") : 0;
}

static int read_observation(struct rd *c, const cbor_item_t *m)
{
	const cbor_item_t *a;
	const char *s;
	size_t i;

	if (!is_map(m) || !only_keys(m, 2) ||
	    !(s = key_str(c, m, 0, "observation")) || strcmp(s, "hardware"))
		return bad(c, "observation");
	a = get(m, 1);
	if (!is_array(a))
		return bad(c, "platform facts");
	for (i = 0; i < cbor_array_size(a); i++) {
		cbor_item_t *p = cbor_array_handle(a)[i];
		const char *k, *v;

		if (!is_array(p) || cbor_array_size(p) != 2 ||
		    !(k = str(c, cbor_array_handle(p)[0], "fact")) ||
		    !(v = str(c, cbor_array_handle(p)[1], "fact")))
			return bad(c, "bad platform fact");
		if (check_result_fact(&c->r->res, k, "%s", v))
			return bad(c, "out of memory");
	}
	c->r->res.hardware = true;
	return 0;
}

static int read_body(struct rd *c, const cbor_item_t *m)
{
	static const char *const tools[] = { "certify" };
	static const char *const platforms[] = { "tdx", "snp", "kvm" };
	static const char *const vmms[] = { "none", "qemu" };
	static const char *const kvms[] = { "mainline", "none" };
	struct report *r = c->r;
	struct check_result *res = &r->res;
	const cbor_item_t *t;
	const char *s;
	uint64_t v;
	bool has;
	size_t i;

	if (!is_map(m) || !only_keys(m, 14))
		return bad(c, "the body is not the expected map");
	if (u64(c, m, 0, UINT64_MAX, &v, "format version"))
		return -1;
	if (v != REPORT_FORMAT_VERSION)
		return bad(c, "format version is not 1");
	t = get(m, 1);
	if (!is_map(t) || !only_keys(t, 2) ||
	    !(r->tool = one_of(c, key_str(c, t, 0, "tool"), tools,
			       ARRAY_SIZE(tools), "tool")) ||
	    !(r->tool_version = key_str(c, t, 1, "tool version")))
		return bad(c, "tool");
	if (!(res->platform = one_of(c, key_str(c, m, 2, "platform"),
				     platforms, ARRAY_SIZE(platforms),
				     "platform")))
		return bad(c, "platform");
	t = get(m, 3);
	if (!is_map(t) || !only_keys(t, 5) ||
	    !(res->ruleset = key_str(c, t, 0, "rule set")) ||
	    !(res->ruleset_version = key_str(c, t, 1, "rule set version")) ||
	    !(res->ruleset_source = key_str(c, t, 2, "rule set source")) ||
	    bytes32(c, get(t, 3), r->ruleset_sha256, "rule-set SHA-256") ||
	    read_bool(c, get(t, 4), &r->ruleset_embedded, "rule set"))
		return bad(c, "rule set");
	t = get(m, 4);
	if (!is_map(t) || !only_keys(t, 4) ||
	    !(res->vmm = one_of(c, key_str(c, t, 0, "vmm"), vmms,
				ARRAY_SIZE(vmms), "options")) ||
	    !(res->kvm = one_of(c, key_str(c, t, 1, "kvm"), kvms,
				ARRAY_SIZE(kvms), "options")) ||
	    read_bool(c, get(t, 2), &r->strict, "strict") ||
	    opt_u64(c, t, 3, INT32_MAX, &has, &v, "host cpu"))
		return bad(c, "options");
	r->host_cpu = has ? (int)v : -1;
	if (read_inputs(c, get(m, 5)))
		return -1;
	s = key_str(c, m, 6, "outcome");
	for (i = 0; s && i < ARRAY_SIZE(outcomes); i++)
		if (!strcmp(s, outcomes[i]))
			break;
	if (!s || i == ARRAY_SIZE(outcomes))
		return bad(c, "unknown outcome");
	res->outcome = (enum outcome)i;
	if (read_status(c, get(m, 7)) ||
	    read_list(c, get(m, 8), read_finding, "findings") ||
	    read_list(c, get(m, 9), read_final, "final CPUID") ||
	    read_list(c, get(m, 10), read_warning, "warnings") ||
	    read_params(c, get(m, 11)) ||
	    read_list(c, get(m, 12), read_correction, "corrections") ||
	    (get(m, 13) && read_observation(c, get(m, 13))))
		return -1;
	return res->pool.failed ? bad(c, "out of memory") : 0;
}

int report_decode(const uint8_t *p, size_t len, struct report *r,
		  struct diag *d)
{
	struct rd c = { .r = r, .d = d };
	struct cbor_load_result lr;
	struct cbor_fault err;
	cbor_item_t *top, *body = NULL, *prof = NULL, *iat = NULL;
	struct cbor_pair *pairs;
	size_t i, n;
	int ret = -1;

	report_init(r);
	/* libcbor reads only what the strict validator passed. */
	if (cbor_validate(p, len, CBOR_NO_TAGS, &err)) {
		diag_set(d, "report", 0, "payload: %s at byte %zu", err.what,
			 err.offset);
		return -1;
	}
	top = cbor_load(p, len, &lr);
	if (!top || lr.error.code != CBOR_ERR_NONE || lr.read != len) {
		diag_set(d, "report", 0, "payload: CBOR does not load");
		if (top)
			cbor_decref(&top);
		return -1;
	}
	if (!is_map(top)) {
		bad(&c, "not a map");
		goto out;
	}
	pairs = cbor_map_handle(top);
	n = cbor_map_size(top);
	for (i = 0; i < n; i++) {
		cbor_item_t *k = pairs[i].key;

		if (cbor_isa_uint(k) && cbor_get_int(k) == CLAIM_IAT)
			iat = pairs[i].value;
		else if (cbor_isa_uint(k) &&
			 cbor_get_int(k) == CLAIM_EAT_PROFILE)
			prof = pairs[i].value;
		else if (cbor_isa_negint(k) &&
			 cbor_get_int(k) == CLAIM_BODY_N)
			body = pairs[i].value;
		else {
			bad(&c, "unknown claim");
			goto out;
		}
	}
	if (iat) {
		if (!cbor_isa_uint(iat)) {
			bad(&c, "iat");
			goto out;
		}
		r->has_iat = true;
		r->iat = cbor_get_int(iat);
	}
	if (!prof || !body) {
		bad(&c, "eat_profile or body missing");
		goto out;
	}
	{
		const char *s = str(&c, prof, "eat_profile");

		if (!s || strcmp(s, REPORT_EAT_PROFILE)) {
			bad(&c, "not a certify report (eat_profile)");
			goto out;
		}
	}
	ret = read_body(&c, body);
out:
	cbor_decref(&top);
	if (ret)
		report_release(r);
	return ret;
}
