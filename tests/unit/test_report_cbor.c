// SPDX-License-Identifier: MIT
/*
 * reports/report_cbor.c: the report payload.
 *
 * Expected bytes and refusals come from reports/certify-report.cddl (the
 * payload schema), RFC 8949 (§3 heads, §4.2.1 deterministic encoding,
 * §5.6 duplicate keys), research/reports.md §1.2, §2.3 (libcbor 0.8.0's
 * lenient decoding), §7.3 (the claims set) and §7.7, written out by hand
 * below; real check results come from test_tdx_check()/test_snp_check().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "testlib.h"
#include "reports/cbor.h"
#include "reports/cose.h"
#include "reports/report.h"
#include "tdx/tdx_check.h"

#define PROFILE "tag:certify.invalid,2026:certify-report/1"
/* "tag:certify.invalid,2026:certify-report/1" is 41 (0x29) bytes. */
#define PROFILE_CLAIM "19 0109 7829 \"" PROFILE "\""
/* -70000 = -1 - 69999 = -1 - 0x1116F: major type 1, 4-byte argument. */
#define BODY_CLAIM "3A 0001116F"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define H32_11 "1111111111111111111111111111111111111111111111111111111111111111"

/* ---- helpers ---- */

/*
 * Appends bytes written as hex pairs (blanks ignored) and "text" copied as
 * it is, so that expected CBOR reads like the CDDL it follows.
 */
static void hexs(struct strbuf *b, const char *s)
{
	unsigned int v;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n')
			continue;
		if (*s == '"') {
			const char *end = strchr(s + 1, '"');

			assert_non_null(end);
			strbuf_add(b, s + 1, (size_t)(end - s - 1));
			s = end;
			continue;
		}
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		strbuf_putc(b, (char)v);
		s++;
	}
}

static const uint8_t *bytes_of(const struct strbuf *b)
{
	return (const uint8_t *)strbuf_str(b);
}

static void dump_hex(const char *what, const struct strbuf *b)
{
	size_t i;

	printf("%s (%zu bytes):", what, b->len);
	for (i = 0; i < b->len; i++)
		printf("%s%02x", i % 32 ? "" : "\n  ", bytes_of(b)[i]);
	printf("\n");
}

static void assert_same_bytes(const struct strbuf *got,
			      const struct strbuf *want)
{
	size_t i;

	assert_false(strbuf_failed(got));
	assert_false(strbuf_failed(want));
	for (i = 0; i < got->len && i < want->len; i++)
		if (bytes_of(got)[i] != bytes_of(want)[i])
			break;
	if (i < got->len || i < want->len) {
		dump_hex("got", got);
		dump_hex("want", want);
		fail_msg("bytes differ from offset %zu (lengths %zu, %zu)", i,
			 got->len, want->len);
	}
}

static void str_eq(const char *a, const char *b, const char *what)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s: \"%s\" vs \"%s\"", what,
				 a ? a : "(null)", b ? b : "(null)");
		return;
	}
	if (strcmp(a, b))
		fail_msg("%s: \"%s\" vs \"%s\"", what, a, b);
}

#define assert_str_eq(a, b) str_eq((a), (b), #a)
/* A tstr the schema requires: a NULL in the result is written as "". */
#define assert_req_eq(a, b) str_eq((a) ? (a) : "", (b) ? (b) : "", #a)

/* Every field a payload carries, equal in @a and @b. */
static void assert_report_equal(const struct report *a,
				const struct report *b)
{
	const struct check_result *x = &a->res, *y = &b->res;
	size_t i;

	assert_req_eq(a->tool, b->tool);
	assert_req_eq(a->tool_version, b->tool_version);
	assert_memory_equal(a->ruleset_sha256, b->ruleset_sha256, 32);
	assert_int_equal(a->ruleset_embedded, b->ruleset_embedded);
	assert_int_equal(a->strict, b->strict);
	assert_int_equal(a->host_cpu, b->host_cpu);
	assert_int_equal(a->has_iat, b->has_iat);
	if (a->has_iat)
		assert_true(a->iat == b->iat);
	assert_int_equal(a->ninputs, b->ninputs);
	for (i = 0; i < a->ninputs; i++) {
		const struct report_input *p = &a->inputs[i], *q = &b->inputs[i];

		assert_req_eq(p->role, q->role);
		assert_req_eq(p->name, q->name);
		assert_memory_equal(p->sha256, q->sha256, 32);
		assert_int_equal(p->len, q->len);
		if (p->len)
			assert_memory_equal(p->bytes, q->bytes, p->len);
	}

	assert_req_eq(x->platform, y->platform);
	assert_req_eq(x->ruleset, y->ruleset);
	assert_req_eq(x->ruleset_version, y->ruleset_version);
	assert_req_eq(x->ruleset_source, y->ruleset_source);
	assert_req_eq(x->vmm, y->vmm);
	assert_req_eq(x->kvm, y->kvm);
	assert_int_equal(x->outcome, y->outcome);

	assert_req_eq(x->status.layer, y->status.layer);
	assert_true(x->status.code == y->status.code);
	assert_req_eq(x->status.name, y->status.name);
	assert_req_eq(x->status.message, y->status.message);
	assert_int_equal(x->status.has_leaf, y->status.has_leaf);
	if (x->status.has_leaf) {
		assert_int_equal(x->status.leaf, y->status.leaf);
		assert_int_equal(x->status.has_subleaf, y->status.has_subleaf);
		if (x->status.has_subleaf)
			assert_int_equal(x->status.subleaf,
					 y->status.subleaf);
	}

	assert_int_equal(x->nfindings, y->nfindings);
	for (i = 0; i < x->nfindings; i++) {
		const struct finding *f = &x->findings[i], *g = &y->findings[i];

		assert_int_equal(f->leaf, g->leaf);
		assert_int_equal(f->indexed, g->indexed);
		if (f->indexed)
			assert_int_equal(f->subleaf, g->subleaf);
		assert_true(f->xcr0_in == g->xcr0_in);
		assert_true(f->xss_in == g->xss_in);
		assert_int_equal(f->reg, g->reg);
		assert_int_equal(f->bit, g->bit);
		assert_int_equal(f->width, g->width);
		assert_str_eq(f->name, g->name);
		assert_int_equal(f->has_requested, g->has_requested);
		if (f->has_requested)
			assert_int_equal(f->requested, g->requested);
		assert_int_equal(f->has_final, g->has_final);
		if (f->has_final)
			assert_int_equal(f->final, g->final);
		assert_int_equal(f->verdict, g->verdict);
		assert_req_eq(f->class, g->class);
		assert_req_eq(f->layer, g->layer);
		assert_req_eq(f->rule, g->rule);
		assert_req_eq(f->source, g->source);
		assert_str_eq(f->note, g->note);
	}
	assert_int_equal(x->host_dependent, y->host_dependent);

	assert_int_equal(x->final.n, y->final.n);
	for (i = 0; i < x->final.n; i++) {
		const struct cpuid_entry *e = &x->final.entries[i];
		const struct cpuid_entry *f = &y->final.entries[i];

		assert_int_equal(e->leaf, f->leaf);
		assert_int_equal(e->indexed, f->indexed);
		assert_int_equal(e->subleaf, f->subleaf);
		assert_true(e->xcr0_in == f->xcr0_in);
		assert_true(e->xss_in == f->xss_in);
		assert_memory_equal(e->regs, f->regs, sizeof(e->regs));
		assert_memory_equal(e->unknown, f->unknown,
				    sizeof(e->unknown));
	}

	assert_int_equal(x->nwarnings, y->nwarnings);
	for (i = 0; i < x->nwarnings; i++)
		assert_req_eq(x->warnings[i], y->warnings[i]);
	assert_int_equal(x->nparams, y->nparams);
	for (i = 0; i < x->nparams; i++) {
		assert_req_eq(x->params[i].key, y->params[i].key);
		assert_req_eq(x->params[i].value, y->params[i].value);
	}
	assert_int_equal(x->ncorrections, y->ncorrections);
	for (i = 0; i < x->ncorrections; i++) {
		const struct check_correction *c = &x->corrections[i];
		const struct check_correction *d = &y->corrections[i];

		assert_int_equal(c->index, d->index);
		assert_int_equal(c->key.leaf, d->key.leaf);
		assert_int_equal(c->key.subleaf, d->key.subleaf);
		assert_true(c->key.xcr0_in == d->key.xcr0_in);
		assert_true(c->key.xss_in == d->key.xss_in);
		assert_req_eq(c->field, d->field);
		assert_true(c->provided == d->provided);
		assert_true(c->corrected == d->corrected);
		assert_req_eq(c->layer, d->layer);
		assert_req_eq(c->rule, d->rule);
		assert_req_eq(c->source, d->source);
		assert_str_eq(c->note, d->note);
	}
}

static void encode(const struct report *r, struct strbuf *out)
{
	strbuf_reset(out);
	assert_int_equal(report_encode(r, out), 0);
	assert_false(strbuf_failed(out));
}

static void decode_ok(const struct strbuf *b, struct report *r)
{
	struct diag d;

	diag_clear(&d);
	if (report_decode(bytes_of(b), b->len, r, &d))
		fail_msg("refused: %s", d.msg);
}

/*
 * encode -> decode -> encode: the same bytes, twice the same, valid
 * deterministic CBOR, and every field back as it was.
 */
static void round_trip(const struct report *r)
{
	struct strbuf one = STRBUF_INIT, two = STRBUF_INIT, three = STRBUF_INIT;
	struct cbor_fault err;
	struct report back;

	encode(r, &one);
	encode(r, &two);
	assert_same_bytes(&two, &one);
	if (cbor_validate(bytes_of(&one), one.len, CBOR_NO_TAGS, &err))
		fail_msg("not deterministic CBOR: %s at byte %zu", err.what,
			 err.offset);
	/* The payload is never tagged: tag 18 belongs to COSE_Sign1. */
	assert_int_equal(bytes_of(&one)[0] >> 5, 5);

	decode_ok(&one, &back);
	assert_report_equal(r, &back);
	/* Decoded strings and inputs are the report's own. */
	if (back.ninputs)
		assert_ptr_not_equal(back.inputs[0].bytes, r->inputs[0].bytes);
	assert_false(back.sig.present);
	encode(&back, &three);
	assert_same_bytes(&three, &one);

	report_release(&back);
	strbuf_release(&one);
	strbuf_release(&two);
	strbuf_release(&three);
}

/* An embedded example or host: its bytes and its config. */
static void load_embedded(const char *name, struct input *in,
			  struct config *cfg)
{
	struct dump_opts opts = { .format = DUMP_CONFIG, .cpu = -1 };
	struct diag d;

	if (input_load(in, name, &d))
		fail_msg("%s", d.msg);
	if (!cfg)
		return;
	config_init(cfg);
	if (dump_read(in, &opts, cfg, &d))
		fail_msg("%s", d.msg);
}

/*
 * `certify check --platform tdx` as the CLI runs it: the rule set stays
 * loaded until the report is done with, since the result's strings may
 * point into it (see test_result_strings_outlive_ruleset).
 */
static void tdx_run(const char *rules, const char *text,
		    const struct cpuid_set *host, const char *vmm,
		    struct ruleset *rs, struct check_result *res)
{
	struct check_request req = { .vmm = vmm, .kvm = "mainline",
				     .host = host };
	struct config cfg;
	struct diag d;

	if (test_read_text(text, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	if (ruleset_load_embedded(rules, rs, &d))
		fail_msg("%s", d.msg);
	req.config = &cfg;
	req.rules = rs;
	check_result_init(res);
	if (tdx_check(&req, res, &d))
		fail_msg("%s", d.msg);
	config_release(&cfg);
}

/* The report options every real report here carries. */
static void set_options(struct report *r, uint8_t seed)
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		r->ruleset_sha256[i] = (uint8_t)(seed + i * 7);
	r->ruleset_embedded = seed & 1;
	r->strict = seed & 2;
	r->host_cpu = seed & 4 ? -1 : seed;
	r->has_iat = !(seed & 8);
	r->iat = 1700000000ull + seed;
}

/* ---- SNP pages (research/snp.md §2; layout as test_snp_check.c) ---- */

struct pent {
	uint32_t fn, sub;
	uint64_t xcr0, xss;
	uint32_t regs[4];
	uint64_t reserved;
};

static void put32(uint8_t *p, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void make_page(uint8_t page[4096], const struct pent *e, size_t n)
{
	size_t i;
	unsigned int r;

	memset(page, 0, 4096);
	put32(page, (uint32_t)n);
	for (i = 0; i < n; i++) {
		uint8_t *q = page + 16 + 48 * i;

		put32(q, e[i].fn);
		put32(q + 4, e[i].sub);
		put64(q + 8, e[i].xcr0);
		put64(q + 16, e[i].xss);
		for (r = 0; r < 4; r++)
			put32(q + 24 + 4 * r, e[i].regs[r]);
		put64(q + 40, e[i].reserved);
	}
}

#define V_EBX 0x68747541u
#define V_ECX 0x444d4163u
#define V_EDX 0x69746e65u
#define P_L0 { 0x0, 0, 0, 0, { 0x10, V_EBX, V_ECX, V_EDX }, 0 }
#define P_L1 { 0x1, 0, 0, 0, { 0x00a10f11, 0x800, 0, 0 }, 0 }
#define P_E0 { 0x80000000, 0, 0, 0, { 0x8000001f, V_EBX, V_ECX, V_EDX }, 0 }
#define P_E1F { 0x8000001f, 0, 0, 0, { 0x1a, 0x33, 0, 0 }, 0 }

/* ---- round trips of real checks ---- */

static void test_round_trip_tdx(void **state)
{
	struct input ex, host_in;
	struct ruleset rs;
	struct config host;
	struct report r;
	unsigned int seed;

	(void)state;
	load_embedded("embedded:tdx-example", &ex, NULL);
	load_embedded("embedded:intel-xeon-6788p", &host_in, &host);

	for (seed = 0; seed < 16; seed += 5) {
		report_init(&r);
		tdx_run("tdx-2.0.18", ex.data, &host.cpuid, "none", &rs,
			&r.res);
		/* What the example shows: AVX-512 requested without its XFAM
		 * bits, so there are findings of every kind. */
		assert_true(r.res.nfindings > 100);
		assert_true(r.res.final.n > 10);
		assert_true(r.res.nparams > 0);
		assert_int_equal(report_add_input(&r, "config",
						  "models/examples/tdx-example.cfg",
						  (const uint8_t *)ex.data,
						  ex.len), 0);
		assert_int_equal(report_add_input(&r, "host",
						  "embedded:intel-xeon-6788p",
						  (const uint8_t *)host_in.data,
						  host_in.len), 0);
		set_options(&r, (uint8_t)seed);
		round_trip(&r);
		report_release(&r);
		ruleset_release(&rs);
	}

	/* No host: host-dependent bits, unknown masks in the final CPUID;
	 * QEMU in front: its warnings. */
	report_init(&r);
	tdx_run("tdx-1.5.06", ex.data, NULL, "qemu", &rs, &r.res);
	assert_true(r.res.host_dependent > 0);
	assert_true(r.res.nwarnings > 0);
	{
		const struct cpuid_entry *e;
		bool unknown = false;

		cpuid_set_for_each(e, &r.res.final)
			unknown |= (e->unknown[0] | e->unknown[1] |
				    e->unknown[2] | e->unknown[3]) != 0;
		assert_true(unknown);
	}
	assert_int_equal(report_add_input(&r, "config", "a/b/tdx.cfg",
					  (const uint8_t *)ex.data, ex.len),
			 0);
	set_options(&r, 6);
	round_trip(&r);
	report_release(&r);
	ruleset_release(&rs);

	config_release(&host);
	input_release(&host_in);
	input_release(&ex);
}

static void test_round_trip_snp(void **state)
{
	/* test_snp_check.c's firmware-corrected page: three corrections,
	 * INVALID_PARAM, a hypervisor leaf. */
	static const struct pent fixed[] = {
		P_L0,
		P_L1,
		{ 0x7, 0, 0, 0, { 0, 0, 0, 0x04000010 }, 0 },
		{ 0x40000000, 0, 0, 0, { 0x40000001, 0, 0, 0 }, 0x9 },
		P_E0,
		{ 0x80000001, 0, 0, 0, { 0x00a10f11, 0, 0, 0 }, 0x5 },
		P_E1F,
	};
	static const struct pent min[] = { P_L0, P_L1, P_E0, P_E1F };
	static uint8_t page[4096], page2[4096];
	static const uint8_t rules[] = "ruleset x\n";
	struct report r;

	(void)state;
	make_page(page, fixed, ARRAY_SIZE(fixed));
	report_init(&r);
	test_snp_check(NULL, page, NULL, "none", &r.res);
	assert_int_equal(r.res.outcome, OUTCOME_REJECTED);
	assert_int_equal(r.res.ncorrections, 3);
	assert_int_equal(report_add_input(&r, "page", "p.bin", page, 4096), 0);
	assert_int_equal(report_add_input(&r, "rules", "x.rules", rules,
					  sizeof(rules) - 1), 0);
	set_options(&r, 1);
	round_trip(&r);
	report_release(&r);

	make_page(page2, min, ARRAY_SIZE(min));
	report_init(&r);
	test_snp_check(NULL, page2, NULL, "qemu", &r.res);
	assert_int_equal(report_add_input(&r, "page", "min.page", page2, 4096),
			 0);
	set_options(&r, 12);
	round_trip(&r);
	report_release(&r);
}

/* @p lies in the memory of one of @rs's records. */
static bool in_ruleset(const struct ruleset *rs, const char *p)
{
	uintptr_t x = (uintptr_t)p;
	size_t i, j;

	for (i = 0; p && i < rs->nlines; i++) {
		const struct rule_line *l = &rs->lines[i];
		uintptr_t lo = (uintptr_t)l->buf, hi = lo;

		for (j = 0; j < l->ntok; j++) {
			uintptr_t t = (uintptr_t)l->tok[j] +
				      strlen(l->tok[j]) + 1;
			uintptr_t r = (uintptr_t)l->rest[j] +
				      strlen(l->rest[j]) + 1;

			hi = t > hi ? t : hi;
			hi = r > hi ? r : hi;
		}
		if (x >= lo && x < hi)
			return true;
	}
	return false;
}

/*
 * check.h: the result's pool "owns the strings above".  Findings must not
 * point into the rule set's records, or a result that outlives its rule
 * set (testlib's test_tdx_check() releases it before returning) holds
 * dangling pointers: the class of every finding a special rule of kind
 * "dynamic", "mutable", "ve_control", ... decides (tdx/tdx_guest.c mark(),
 * tdx/tdx_module.c zero_entry() take c->r->special[sp].kind as is).
 */
static void test_result_strings_outlive_ruleset(void **state)
{
	struct input ex;
	struct ruleset rs;
	struct check_result res;
	size_t i, bad = 0;

	(void)state;
	load_embedded("embedded:tdx-example", &ex, NULL);
	tdx_run("tdx-2.0.18", ex.data, NULL, "none", &rs, &res);
	for (i = 0; i < res.nfindings; i++) {
		const struct finding *f = &res.findings[i];

		if (in_ruleset(&rs, f->class) || in_ruleset(&rs, f->layer) ||
		    in_ruleset(&rs, f->rule) || in_ruleset(&rs, f->source) ||
		    in_ruleset(&rs, f->note) || in_ruleset(&rs, f->name)) {
			if (!bad++)
				printf("note: finding 0x%x.%s[%u] class \"%s\" "
				       "rule %s points into the rule set\n",
				       f->leaf, cpuid_reg_name(f->reg), f->bit,
				       f->class, f->rule);
		}
	}
	for (i = 0; i < res.nwarnings; i++)
		bad += in_ruleset(&rs, res.warnings[i]);
	bad += in_ruleset(&rs, res.status.message);
	check_result_release(&res);
	ruleset_release(&rs);
	input_release(&ex);
	if (bad) {
		printf("note: %zu strings point into the rule set\n", bad);
		fail_msg("%zu strings of the result point into the rule set",
			 bad);
	}
}

/* ---- a report written out by hand from the CDDL ---- */

/* One of everything, each optional member present. */
static void small_report(struct report *r, const uint8_t *abc)
{
	struct finding f = {
		.leaf = 7,
		.indexed = true,
		.reg = CPUID_REG_EBX,
		.bit = 16,
		.width = 2,
		.name = "f",
		.has_requested = true,
		.requested = 3,
		.has_final = true,
		.final = 1,
		.verdict = VERDICT_FORCED,
		.class = "c",
		.layer = "kvm",
		.rule = "r",
		.source = "s",
		.note = "n",
	};
	struct cpuid_entry e = {
		.leaf = 7,
		.indexed = true,
		.regs = { 1, 2, 3, 4 },
		.unknown = { 0, 0, 0, 0xffffffffu },
	};
	struct check_correction c = {
		.index = 0,
		.key = { .leaf = 7 },
		.field = "ebx",
		.provided = 0x30000,
		.corrected = 0x10000,
		.layer = "sev-firmware",
		.rule = "r",
		.source = "s",
	};

	report_init(r);
	r->tool_version = "9.9";
	memset(r->ruleset_sha256, 0x11, 32);
	r->ruleset_embedded = true;
	r->strict = true;
	r->host_cpu = 3;
	r->has_iat = true;
	r->iat = 1700000000;
	r->res.platform = "snp";
	r->res.ruleset = "r";
	r->res.ruleset_version = "1";
	r->res.ruleset_source = "s";
	r->res.vmm = "none";
	r->res.kvm = "none";
	r->res.outcome = OUTCOME_REJECTED;
	r->res.status.layer = "kvm";
	r->res.status.code = 22;
	r->res.status.name = "EINVAL";
	r->res.status.has_leaf = true;
	r->res.status.leaf = 7;
	r->res.status.has_subleaf = true;
	r->res.status.subleaf = 0;
	r->res.status.message = "m";
	assert_int_equal(check_result_add(&r->res, &f), 0);
	assert_int_equal(cpuid_set_insert(&r->res.final, &e), 0);
	assert_int_equal(check_result_warn(&r->res, "w"), 0);
	assert_int_equal(check_result_param(&r->res, "k", "v"), 0);
	assert_int_equal(check_result_correction(&r->res, &c), 0);
	assert_int_equal(report_add_input(r, "config", "dir/a", abc, 3), 0);
}

/* small_report(), byte by byte from the CDDL. */
static const char small_hex[] =
	"A3"					/* claims set, 3 pairs */
	" 06 1A 6553F100"			/* iat: 1700000000 */
	" " PROFILE_CLAIM			/* eat_profile */
	" " BODY_CLAIM " AD"			/* body, 13 pairs */
	" 00 01"				/* format 1 */
	" 01 A2 00 67\"certify\" 01 63\"9.9\""	/* tool */
	" 02 63\"snp\""				/* platform */
	" 03 A5 00 61\"r\" 01 61\"1\" 02 61\"s\" 03 5820" H32_11 " 04 F5"
	" 04 A4 00 64\"none\" 01 64\"none\" 02 F5 03 03"	/* options */
	" 05 81 A4 00 66\"config\" 01 61\"a\" 02 5820" SHA_ABC " 03 43\"abc\""
	" 06 68\"rejected\""
	" 07 A6 00 63\"kvm\" 01 16 02 66\"EINVAL\" 03 07 04 00 05 61\"m\""
	" 08 81 B0"				/* a finding, 16 pairs */
	"  00 07 01 00 02 00 03 00 04 01 05 10 06 02 07 61\"f\" 08 03 09 01"
	"  0A 66\"forced\" 0B 61\"c\" 0C 63\"kvm\" 0D 61\"r\" 0E 61\"s\""
	"  0F 61\"n\""
	" 09 81 A6 00 07 01 00 02 00 03 00"	/* final CPUID */
	"  04 84 01 02 03 04 05 84 00 00 00 1A FFFFFFFF"
	" 0A 81 61\"w\""			/* warnings */
	" 0B 81 82 61\"k\" 61\"v\""		/* parameters */
	" 0C 81 AB 00 00 01 07 02 00 03 00 04 00 05 63\"ebx\""
	"  06 1A 00030000 07 1A 00010000 08 6C\"sev-firmware\""
	"  09 61\"r\" 0A 61\"s\"";

static void test_known_bytes(void **state)
{
	static const uint8_t abc[] = "abc";
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	struct report r, back;

	(void)state;
	small_report(&r, abc);
	hexs(&want, small_hex);
	encode(&r, &got);
	assert_same_bytes(&got, &want);
	round_trip(&r);

	/* The bytes written by hand read back as the report. */
	decode_ok(&want, &back);
	assert_report_equal(&r, &back);
	report_release(&back);
	report_release(&r);
	strbuf_release(&got);
	strbuf_release(&want);
}

/*
 * Determinism: the top map holds the claims in the order 6 (only with
 * iat), 265, -70000, which sort the same bytewise and length-first
 * (research/reports.md §1.2, §7.3).
 */
static void test_claims_order(void **state)
{
	static const uint8_t abc[] = "abc";
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	struct report r;

	(void)state;
	small_report(&r, abc);
	r.has_iat = false;
	encode(&r, &got);
	hexs(&want, "A2 " PROFILE_CLAIM " " BODY_CLAIM " AD 00 01 01 A2 00 67"
		    "\"certify\" 01 63\"9.9\"");
	assert_true(got.len > want.len);
	assert_memory_equal(got.buf, want.buf, want.len);

	/* iat widths: each the shortest head (RFC 8949 §4.2.1). */
	r.has_iat = true;
	r.iat = 0;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "A3 06 00 19 0109");
	assert_memory_equal(got.buf, want.buf, want.len);
	r.iat = 23;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "A3 06 17 19 0109");
	assert_memory_equal(got.buf, want.buf, want.len);
	r.iat = 24;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "A3 06 18 18 19 0109");
	assert_memory_equal(got.buf, want.buf, want.len);
	r.iat = 0xffffffffu;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "A3 06 1A FFFFFFFF 19 0109");
	assert_memory_equal(got.buf, want.buf, want.len);
	r.iat = 0x100000000ull;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "A3 06 1B 0000000100000000 19 0109");
	assert_memory_equal(got.buf, want.buf, want.len);
	round_trip(&r);

	/* No host CPU: options have three members. */
	r.host_cpu = -1;
	r.strict = false;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "04 A3 00 64\"none\" 01 64\"none\" 02 F4 05");
	assert_non_null(memmem(got.buf, got.len, want.buf, want.len));
	round_trip(&r);

	report_release(&r);
	strbuf_release(&got);
	strbuf_release(&want);
}

/* Optional members absent: name, requested, final, note, sub-leaf. */
static void test_optional_members(void **state)
{
	static const uint8_t abc[] = "abc";
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	struct report r;

	(void)state;
	small_report(&r, abc);
	r.res.findings[0].indexed = false;
	r.res.findings[0].subleaf = 0;
	r.res.findings[0].name = NULL;
	r.res.findings[0].has_requested = false;
	r.res.findings[0].has_final = false;
	r.res.findings[0].note = NULL;
	r.res.host_dependent = 1;
	r.res.status.has_subleaf = false;
	encode(&r, &got);
	hexs(&want, " 07 A5 00 63\"kvm\" 01 16 02 66\"EINVAL\" 03 07 05 61\"m\""
		    " 08 81 AB 00 07 02 00 03 00 04 01 05 10 06 02"
		    "  0A 66\"forced\" 0B 61\"c\" 0C 63\"kvm\" 0D 61\"r\""
		    "  0E 61\"s\" 09");
	assert_non_null(memmem(got.buf, got.len, want.buf, want.len));
	round_trip(&r);

	/* A status without a leaf, and so without a sub-leaf either. */
	r.res.status.has_leaf = false;
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, " 07 A4 00 63\"kvm\" 01 16 02 66\"EINVAL\" 05 61\"m\" 08");
	assert_non_null(memmem(got.buf, got.len, want.buf, want.len));
	round_trip(&r);

	/* No inputs, findings, ... at all: empty arrays. */
	report_release(&r);
	report_init(&r);
	r.res.platform = "tdx";
	r.res.ruleset = r.res.ruleset_version = r.res.ruleset_source = "";
	r.res.vmm = "none";
	r.res.kvm = "mainline";
	r.res.status.layer = r.res.status.name = r.res.status.message = "";
	encode(&r, &got);
	strbuf_reset(&want);
	hexs(&want, "05 80 06 68\"accepted\" 07 A4 00 60 01 00 02 60 05 60"
		    " 08 80 09 80 0A 80 0B 80 0C 80");
	assert_true(got.len > want.len);
	assert_memory_equal(got.buf + got.len - want.len, want.buf, want.len);
	round_trip(&r);

	report_release(&r);
	strbuf_release(&got);
	strbuf_release(&want);
}

/* ---- payloads built by hand, each with one thing wrong ---- */

struct pl {
	bool iat;
	unsigned int extra_claim;	/* 0: none; else its (uint) key */
	const char *profile;		/* NULL: no eat_profile */
	bool profile_int;
	bool no_body;
	uint64_t version;
	const char *tool;
	const char *platform;
	const char *vmm, *kvm;
	uint64_t host_cpu;		/* UINT64_MAX: absent */
	size_t ninputs;
	const char *role;
	bool bad_sha;
	const char *outcome;
	bool status_leaf, status_sub;
	const char *status_name;
	size_t status_name_len;
	uint64_t reg, bit, width;
	const char *verdict;
	bool finding_key16;
	unsigned int final_regs;
	const uint32_t *final_leaves;
	size_t nfinal;
	const char *warning;
	const char *param_value;
	const char *field;
	uint64_t body_extra_key;	/* 0: none */
};

static const uint32_t one_final[] = { 7 };

static struct pl good(void)
{
	struct pl p = {
		.iat = true,
		.profile = PROFILE,
		.version = 1,
		.tool = "certify",
		.platform = "snp",
		.vmm = "none",
		.kvm = "none",
		.host_cpu = 3,
		.ninputs = 1,
		.role = "config",
		.outcome = "rejected",
		.status_leaf = true,
		.status_sub = true,
		.status_name = "EINVAL",
		.status_name_len = 6,
		.reg = 1,
		.bit = 16,
		.width = 2,
		.verdict = "forced",
		.final_regs = 4,
		.final_leaves = one_final,
		.nfinal = 1,
		.warning = "w",
		.param_value = "v",
		.field = "ebx",
	};

	return p;
}

static void put_kt(struct strbuf *b, uint64_t k, const char *s)
{
	cbor_put_uint(b, k);
	cbor_put_tstr(b, s);
}

static void put_ku(struct strbuf *b, uint64_t k, uint64_t v)
{
	cbor_put_uint(b, k);
	cbor_put_uint(b, v);
}

/* The payload of @p: with good(), exactly small_hex. */
static void build(struct strbuf *b, const struct pl *p)
{
	static const uint8_t abc[] = "abc";
	uint8_t sha[32], h11[32];
	size_t i;
	unsigned int r;

	memset(h11, 0x11, sizeof(h11));
	assert_int_equal(cose_sha256(abc, 3, sha), 0);
	if (p->bad_sha)
		sha[31] ^= 1;
	strbuf_reset(b);
	cbor_put_map(b, p->iat + !!p->extra_claim + !!p->profile +
			!p->no_body);
	if (p->iat)
		put_ku(b, 6, 1700000000);
	if (p->extra_claim)
		put_ku(b, p->extra_claim, 0);
	if (p->profile) {
		cbor_put_uint(b, 265);
		if (p->profile_int)
			cbor_put_uint(b, 1);
		else
			cbor_put_tstr(b, p->profile);
	}
	if (p->no_body)
		return;
	cbor_put_nint(b, 69999);
	cbor_put_map(b, 13 + !!p->body_extra_key);
	put_ku(b, 0, p->version);
	cbor_put_uint(b, 1);
	cbor_put_map(b, 2);
	put_kt(b, 0, p->tool);
	put_kt(b, 1, "9.9");
	put_kt(b, 2, p->platform);
	cbor_put_uint(b, 3);
	cbor_put_map(b, 5);
	put_kt(b, 0, "r");
	put_kt(b, 1, "1");
	put_kt(b, 2, "s");
	cbor_put_uint(b, 3);
	cbor_put_bstr(b, h11, 32);
	cbor_put_uint(b, 4);
	cbor_put_bool(b, true);
	cbor_put_uint(b, 4);
	cbor_put_map(b, 3 + (p->host_cpu != UINT64_MAX));
	put_kt(b, 0, p->vmm);
	put_kt(b, 1, p->kvm);
	cbor_put_uint(b, 2);
	cbor_put_bool(b, true);
	if (p->host_cpu != UINT64_MAX)
		put_ku(b, 3, p->host_cpu);
	cbor_put_uint(b, 5);
	cbor_put_array(b, p->ninputs);
	for (i = 0; i < p->ninputs; i++) {
		cbor_put_map(b, 4);
		put_kt(b, 0, p->role);
		put_kt(b, 1, "a");
		cbor_put_uint(b, 2);
		cbor_put_bstr(b, sha, 32);
		cbor_put_uint(b, 3);
		cbor_put_bstr(b, abc, 3);
	}
	put_kt(b, 6, p->outcome);
	cbor_put_uint(b, 7);
	cbor_put_map(b, 4 + p->status_leaf + p->status_sub);
	put_kt(b, 0, "kvm");
	put_ku(b, 1, 22);
	cbor_put_uint(b, 2);
	cbor_put_tstrn(b, p->status_name, p->status_name_len);
	if (p->status_leaf)
		put_ku(b, 3, 7);
	if (p->status_sub)
		put_ku(b, 4, 0);
	put_kt(b, 5, "m");
	cbor_put_uint(b, 8);
	cbor_put_array(b, 1);
	cbor_put_map(b, 16 + p->finding_key16);
	put_ku(b, 0, 7);
	put_ku(b, 1, 0);
	put_ku(b, 2, 0);
	put_ku(b, 3, 0);
	put_ku(b, 4, p->reg);
	put_ku(b, 5, p->bit);
	put_ku(b, 6, p->width);
	put_kt(b, 7, "f");
	put_ku(b, 8, 3);
	put_ku(b, 9, 1);
	put_kt(b, 10, p->verdict);
	put_kt(b, 11, "c");
	put_kt(b, 12, "kvm");
	put_kt(b, 13, "r");
	put_kt(b, 14, "s");
	put_kt(b, 15, "n");
	if (p->finding_key16)
		put_kt(b, 16, "x");
	cbor_put_uint(b, 9);
	cbor_put_array(b, p->nfinal);
	for (i = 0; i < p->nfinal; i++) {
		cbor_put_map(b, 6);
		put_ku(b, 0, p->final_leaves[i]);
		put_ku(b, 1, 0);
		put_ku(b, 2, 0);
		put_ku(b, 3, 0);
		cbor_put_uint(b, 4);
		cbor_put_array(b, p->final_regs);
		for (r = 0; r < p->final_regs; r++)
			cbor_put_uint(b, r + 1);
		cbor_put_uint(b, 5);
		cbor_put_array(b, p->final_regs);
		for (r = 0; r < p->final_regs; r++)
			cbor_put_uint(b, r == 3 ? 0xffffffffu : 0);
	}
	cbor_put_uint(b, 10);
	cbor_put_array(b, 1);
	cbor_put_tstr(b, p->warning);
	cbor_put_uint(b, 11);
	cbor_put_array(b, 1);
	cbor_put_array(b, 2);
	cbor_put_tstr(b, "k");
	cbor_put_tstr(b, p->param_value);
	cbor_put_uint(b, 12);
	cbor_put_array(b, 1);
	cbor_put_map(b, 11);
	put_ku(b, 0, 0);
	put_ku(b, 1, 7);
	put_ku(b, 2, 0);
	put_ku(b, 3, 0);
	put_ku(b, 4, 0);
	put_kt(b, 5, p->field);
	put_ku(b, 6, 0x30000);
	put_ku(b, 7, 0x10000);
	put_kt(b, 8, "sev-firmware");
	put_kt(b, 9, "r");
	put_kt(b, 10, "s");
	if (p->body_extra_key)
		put_ku(b, p->body_extra_key, 0);
}

/* report_decode() refuses @b, valid CBOR, with "payload: @msg". */
static void expect_refused_bytes(const struct strbuf *b, const char *msg)
{
	struct report r;
	struct diag d;
	char want[256];

	assert_false(strbuf_failed(b));
	diag_clear(&d);
	if (report_decode(bytes_of(b), b->len, &r, &d) == 0) {
		report_release(&r);
		fail_msg("accepted, expected \"%s\"", msg);
	}
	snprintf(want, sizeof(want), "report: payload: %s", msg);
	if (strcmp(d.msg, want))
		fail_msg("refused with \"%s\", expected \"%s\"", d.msg, want);
	/* Nothing is left behind. */
	assert_int_equal(r.ninputs, 0);
	assert_int_equal(r.res.nfindings, 0);
	assert_int_equal(r.res.final.n, 0);
	assert_null(r.storage);
	report_release(&r);
}

static void expect_refused(const struct pl *p, const char *msg)
{
	struct strbuf b = STRBUF_INIT;
	struct cbor_fault err;

	build(&b, p);
	/* Deterministic CBOR: the schema refuses it, not the validator. */
	if (cbor_validate(bytes_of(&b), b.len, CBOR_NO_TAGS, &err))
		fail_msg("the test payload is not valid: %s at %zu", err.what,
			 err.offset);
	expect_refused_bytes(&b, msg);
	strbuf_release(&b);
}

static void test_builder_is_small_hex(void **state)
{
	struct strbuf b = STRBUF_INIT, want = STRBUF_INIT;
	struct pl p = good();
	struct report r;

	(void)state;
	build(&b, &p);
	hexs(&want, small_hex);
	assert_same_bytes(&b, &want);
	decode_ok(&b, &r);
	report_release(&r);
	strbuf_release(&b);
	strbuf_release(&want);
}

static void test_schema_refusals(void **state)
{
	static const uint32_t repeated[] = { 7, 7 };
	struct strbuf b = STRBUF_INIT;
	struct pl p;

	(void)state;

	/* Not a map at all. */
	hexs(&b, "80");
	expect_refused_bytes(&b, "not a map");
	strbuf_reset(&b);
	hexs(&b, "01");
	expect_refused_bytes(&b, "not a map");
	strbuf_reset(&b);
	hexs(&b, "63\"abc\"");
	expect_refused_bytes(&b, "not a map");
	strbuf_reset(&b);

	/* A claim the profile does not have (iss, 1; 7 is cti) : "unknown
	 * claims rejected" (research §7.3). */
	p = good();
	p.extra_claim = 7;
	expect_refused(&p, "unknown claim");
	p = good();
	p.iat = false;
	p.extra_claim = 1;
	expect_refused(&p, "unknown claim");
	strbuf_reset(&b);
	hexs(&b, "A1 20 00");	/* -1 */
	expect_refused_bytes(&b, "unknown claim");
	strbuf_reset(&b);
	hexs(&b, "A1 61\"a\" 00");
	expect_refused_bytes(&b, "unknown claim");
	strbuf_reset(&b);
	/* iat is a uint (RFC 8392 NumericDate without fractions here). */
	hexs(&b, "A1 06 20");
	expect_refused_bytes(&b, "iat");
	strbuf_reset(&b);

	/* eat_profile: required, and exactly certify's. */
	p = good();
	p.profile = NULL;
	expect_refused(&p, "eat_profile or body missing");
	p = good();
	p.no_body = true;
	expect_refused(&p, "eat_profile or body missing");
	hexs(&b, "A0");
	expect_refused_bytes(&b, "eat_profile or body missing");
	strbuf_reset(&b);
	p = good();
	p.profile = "tag:certify.invalid,2026:certify-report/2";
	expect_refused(&p, "not a certify report (eat_profile)");
	p = good();
	p.profile = "";
	expect_refused(&p, "not a certify report (eat_profile)");
	p = good();
	p.profile_int = true;
	expect_refused(&p, "eat_profile");

	/* body: format 1 only. */
	p = good();
	p.version = 2;
	expect_refused(&p, "format version is not 1");
	p = good();
	p.version = 0;
	expect_refused(&p, "format version is not 1");
	/* Key 13 is a probe's observation; 14 is nothing. */
	p = good();
	p.body_extra_key = 14;
	expect_refused(&p, "the body is not the expected map");
	p = good();
	p.body_extra_key = 13;
	expect_refused(&p, "observation");
	strbuf_reset(&b);
	hexs(&b, "A2 " PROFILE_CLAIM " " BODY_CLAIM " 80");
	expect_refused_bytes(&b, "the body is not the expected map");
	strbuf_reset(&b);

	/* verdict: one of the seven words. */
	p = good();
	p.verdict = "passed";
	expect_refused(&p, "unknown verdict");
	p = good();
	p.verdict = "Forced";
	expect_refused(&p, "unknown verdict");
	p = good();
	p.verdict = "";
	expect_refused(&p, "unknown verdict");

	/* Bits: 5 => 0..31, 6 => 1..32, and bit + width <= 32. */
	p = good();
	p.bit = 31;
	p.width = 2;
	expect_refused(&p, "finding width");
	p = good();
	p.bit = 32;
	p.width = 1;
	expect_refused(&p, "finding bit");
	p = good();
	p.bit = 0;
	p.width = 33;
	expect_refused(&p, "finding width");
	p = good();
	p.width = 0;
	expect_refused(&p, "bad finding bit or width");
	/* ... and bit 31 width 1, bit 0 width 32 fit. */
	p = good();
	p.bit = 31;
	p.width = 1;
	build(&b, &p);
	{
		struct report r;

		decode_ok(&b, &r);
		report_release(&r);
		p.bit = 0;
		p.width = 32;
		build(&b, &p);
		decode_ok(&b, &r);
		report_release(&r);
	}

	/* Register: 0..3. */
	p = good();
	p.reg = 4;
	expect_refused(&p, "finding register");

	/* A finding with a key the schema does not have. */
	p = good();
	p.finding_key16 = true;
	expect_refused(&p, "bad finding");

	/* Inputs: the digest must be the bytes'; a known role; at most 4. */
	p = good();
	p.bad_sha = true;
	expect_refused(&p, "an input's SHA-256 is not its bytes'");
	p = good();
	p.role = "key";
	expect_refused(&p, "unknown input role");
	p = good();
	p.role = "Config";
	expect_refused(&p, "unknown input role");
	p = good();
	p.ninputs = 5;
	expect_refused(&p, "inputs");
	p = good();
	p.ninputs = 4;
	build(&b, &p);
	{
		struct report r;

		decode_ok(&b, &r);
		assert_int_equal(r.ninputs, 4);
		report_release(&r);
	}

	/* Status: a sub-leaf only with a leaf. */
	p = good();
	p.status_leaf = false;
	expect_refused(&p, "status sub-leaf without a leaf");

	/* A text string with NUL in it (a C string would cut it short). */
	p = good();
	p.status_name = "EIN\0VAL";
	p.status_name_len = 7;
	expect_refused(&p, "status name");
	p = good();
	p.warning = "";
	p.status_name = "\0";
	p.status_name_len = 1;
	expect_refused(&p, "status name");

	/* Outcome: one of three words. */
	p = good();
	p.outcome = "certified";
	expect_refused(&p, "unknown outcome");

	/* Final CPUID: four registers, each key once. */
	p = good();
	p.final_regs = 3;
	expect_refused(&p, "final CPUID registers");
	p = good();
	p.final_regs = 5;
	expect_refused(&p, "final CPUID registers");
	p = good();
	p.final_leaves = repeated;
	p.nfinal = 2;
	expect_refused(&p, "final CPUID entries out of order or repeated");

	/* Options: --host-cpu is an int. */
	p = good();
	p.host_cpu = 0x80000000u;
	expect_refused(&p, "host cpu");
	p = good();
	p.host_cpu = 0x7fffffff;
	build(&b, &p);
	{
		struct report r;

		decode_ok(&b, &r);
		assert_int_equal(r.host_cpu, 0x7fffffff);
		report_release(&r);
	}
	strbuf_release(&b);
}

/*
 * Values the CDDL enumerates that report_decode() does not check: tool
 * 0 => "certify", platform "tdx" / "snp", options 0 => "none" / "qemu",
 * 1 => "mainline" / "none", correction 5 => "eax" ... "reserved".
 */
static void test_schema_enumerations(void **state)
{
	struct pl p;

	(void)state;
	p = good();
	p.tool = "other";
	expect_refused(&p, "tool");
	p = good();
	p.platform = "sev";
	expect_refused(&p, "platform");
	p = good();
	p.vmm = "firecracker";
	expect_refused(&p, "options");
	p = good();
	p.kvm = "6.18";
	expect_refused(&p, "options");
	p = good();
	p.field = "esi";
	expect_refused(&p, "correction field");
}

/*
 * The final CPUID is "by key" (CDDL body 9): entries out of key order are
 * another encoding of the same report, so a decoder that sorts them
 * silently gives decode(x) whose encoding is not x.
 */
static void test_final_order(void **state)
{
	static const uint32_t unsorted[] = { 7, 1 };
	struct strbuf b = STRBUF_INIT, again = STRBUF_INIT;
	struct report r;
	struct diag d;
	struct pl p = good();

	(void)state;
	p.final_leaves = unsorted;
	p.nfinal = 2;
	build(&b, &p);
	diag_clear(&d);
	if (report_decode(bytes_of(&b), b.len, &r, &d) == 0) {
		encode(&r, &again);
		report_release(&r);
		assert_same_bytes(&again, &b);
	}
	strbuf_release(&b);
	strbuf_release(&again);
}

/*
 * Text is read in full: a warning longer than 511 bytes or a parameter
 * value longer than 255 must come back whole (or the payload be refused),
 * never cut short; cut at 511 bytes, a warning of 510 ASCII bytes and a
 * 2-byte character is not even UTF-8 any more, and the report it decoded
 * to does not encode.
 */
static void test_long_strings(void **state)
{
	struct strbuf b = STRBUF_INIT, again = STRBUF_INIT;
	char long_text[1001], cut[513];
	struct report r;
	struct diag d;
	struct pl p;
	int which;

	(void)state;
	memset(long_text, 'w', 1000);
	long_text[1000] = '\0';
	memset(cut, 'w', 510);
	memcpy(cut + 510, "\xc3\xa9", 3);	/* U+00E9, then NUL */
	for (which = 0; which < 3; which++) {
		const char *want = which == 2 ? cut : long_text;

		p = good();
		if (which == 1)
			p.param_value = want;
		else
			p.warning = want;
		build(&b, &p);
		diag_clear(&d);
		if (report_decode(bytes_of(&b), b.len, &r, &d) == 0) {
			if (which == 1)
				assert_string_equal(r.res.params[0].value,
						    want);
			else
				assert_string_equal(r.res.warnings[0], want);
			encode(&r, &again);
			assert_same_bytes(&again, &b);
			report_release(&r);
		}
	}
	strbuf_release(&b);
	strbuf_release(&again);
}

/* ---- what the validator refuses before libcbor sees anything ---- */

static void expect_invalid(const char *hex, const char *what, size_t at)
{
	struct strbuf b = STRBUF_INIT;
	char want[256];

	hexs(&b, hex);
	snprintf(want, sizeof(want), "%s at byte %zu", what, at);
	expect_refused_bytes(&b, want);
	strbuf_release(&b);
}

/* The good payload with @len bytes at @off replaced by @hex. */
static void edit(struct strbuf *b, size_t off, size_t len, const char *hex)
{
	struct strbuf good_b = STRBUF_INIT;
	struct pl p = good();

	build(&good_b, &p);
	assert_true(off + len <= good_b.len);
	strbuf_reset(b);
	strbuf_add(b, good_b.buf, off);
	hexs(b, hex);
	strbuf_add(b, good_b.buf + off + len, good_b.len - off - len);
	strbuf_release(&good_b);
}

static void expect_invalid_edit(size_t off, size_t len, const char *hex,
				const char *what, size_t at)
{
	struct strbuf b = STRBUF_INIT;
	char want[256];

	edit(&b, off, len, hex);
	snprintf(want, sizeof(want), "%s at byte %zu", what, at);
	expect_refused_bytes(&b, want);
	strbuf_release(&b);
}

/*
 * Offsets in small_hex: 0 map head, 1 iat key, 2..6 iat, 7..9 key 265,
 * 10..52 profile, 53..57 key -70000, 58 body head, 59 key 0, 60 format.
 */
#define OFF_IAT 2
#define OFF_BODY 58
#define OFF_FORMAT 60

static void test_not_deterministic(void **state)
{
	(void)state;
	/* Non-shortest integers (RFC 8949 §4.2.1): format 1 as 18 01, as
	 * 19 0001; iat as an 8-byte head. */
	expect_invalid_edit(OFF_FORMAT, 1, "18 01",
			    "a longer head than the value needs", OFF_FORMAT);
	expect_invalid_edit(OFF_FORMAT, 1, "19 0001",
			    "a longer head than the value needs", OFF_FORMAT);
	expect_invalid_edit(OFF_IAT, 5, "1B 000000006553F100",
			    "a longer head than the value needs", OFF_IAT);
	/* The body's map head 13 as 18 0D. */
	expect_invalid_edit(OFF_BODY, 1, "B8 0D",
			    "a longer head than the value needs", OFF_BODY);
	/* Unsorted keys: 265 before 6. */
	expect_invalid("A2 " PROFILE_CLAIM " 06 00",
		       "map keys out of order", 47);
	/* -70000 before 265: the order of RFC 7049's length-first rule is
	 * the same here, and bytewise 0x19 < 0x3A. */
	expect_invalid("A2 " BODY_CLAIM " A0 " PROFILE_CLAIM,
		       "map keys out of order", 7);
	/* In the body: format (0) after tool (1). */
	expect_invalid("A1 " BODY_CLAIM " A2 01 A0 00 01",
		       "map keys out of order", 9);
}

/* research/reports.md §2.3: what libcbor 0.8.0 would take. */
static void test_libcbor_pitfalls(void **state)
{
	struct strbuf good_b = STRBUF_INIT, b = STRBUF_INIT;
	struct pl p = good();
	struct rusage before, after;

	(void)state;
	build(&good_b, &p);

	/* An indefinite map (BF ... FF) around the good claims. */
	hexs(&b, "BF");
	strbuf_add(&b, good_b.buf + 1, good_b.len - 1);
	hexs(&b, "FF");
	expect_refused_bytes(&b, "indefinite length at byte 0");
	/* An indefinite array inside (the findings). */
	strbuf_reset(&b);
	hexs(&b, "A1 " BODY_CLAIM " A1 08 9F FF");
	expect_refused_bytes(&b, "indefinite length at byte 8");
	/* An indefinite text string. */
	strbuf_reset(&b);
	hexs(&b, "A1 19 0109 7F 61\"a\" FF");
	expect_refused_bytes(&b, "indefinite length at byte 4");

	/* Duplicate keys (RFC 8949 §5.6): 265 twice. */
	strbuf_reset(&b);
	hexs(&b, "A3 " PROFILE_CLAIM " " PROFILE_CLAIM " " BODY_CLAIM " A0");
	expect_refused_bytes(&b, "duplicate map key at byte 47");
	/* ... inside the body. */
	strbuf_reset(&b);
	hexs(&b, "A1 " BODY_CLAIM " A2 00 01 00 01");
	expect_refused_bytes(&b, "duplicate map key at byte 9");

	/* Trailing bytes after the good payload. */
	strbuf_reset(&b);
	strbuf_add(&b, good_b.buf, good_b.len);
	hexs(&b, "00");
	{
		char want[64];

		snprintf(want, sizeof(want),
			 "trailing bytes after the item at byte %zu",
			 good_b.len);
		expect_refused_bytes(&b, want);
	}

	/*
	 * The 5-byte array "of 33,554,432 items": libcbor allocates and
	 * zero-fills 256 MiB before reading one.  Refused first, with no
	 * large allocation: the peak RSS does not move by much.
	 */
	getrusage(RUSAGE_SELF, &before);
	strbuf_reset(&b);
	hexs(&b, "9A 02000000");
	expect_refused_bytes(&b, "array longer than the data at byte 0");
	strbuf_reset(&b);
	hexs(&b, "A1 " BODY_CLAIM " A1 08 9A 02000000");
	expect_refused_bytes(&b, "array longer than the data at byte 8");
	strbuf_reset(&b);
	hexs(&b, "BA 02000000");
	expect_refused_bytes(&b, "map longer than the data at byte 0");
	strbuf_reset(&b);
	hexs(&b, "5A 02000000");
	expect_refused_bytes(&b, "string longer than the data at byte 0");
	getrusage(RUSAGE_SELF, &after);
	if (after.ru_maxrss - before.ru_maxrss > 32 * 1024)
		fail_msg("peak RSS grew by %ld KiB",
			 after.ru_maxrss - before.ru_maxrss);

	/* Floats, of every width, where a uint belongs. */
	expect_invalid("F9 3C00", "floating-point number", 0);
	expect_invalid_edit(OFF_IAT, 5, "FA 4ECAA7E2",
			    "floating-point number", OFF_IAT);
	expect_invalid_edit(OFF_IAT, 5, "FB 41D954FC40000000",
			    "floating-point number", OFF_IAT);
	expect_invalid_edit(OFF_FORMAT, 1, "F9 3C00",
			    "floating-point number", OFF_FORMAT);

	/* Tags: none in the payload, not even COSE_Sign1's 18 (which
	 * libcbor 0.8.0 misreads, PJK/libcbor#307), nor 55799. */
	strbuf_reset(&b);
	hexs(&b, "D2");
	strbuf_add(&b, good_b.buf, good_b.len);
	expect_refused_bytes(&b, "tag not allowed here at byte 0");
	strbuf_reset(&b);
	hexs(&b, "D9 D9F7");
	strbuf_add(&b, good_b.buf, good_b.len);
	expect_refused_bytes(&b, "tag not allowed here at byte 0");
	expect_invalid_edit(OFF_IAT, 5, "C1 1A 6553F100",
			    "tag not allowed here", OFF_IAT);

	/* Invalid UTF-8 (62 C3 28): libcbor 0.8.0 refuses it, later ones
	 * would not; the validator does, first. */
	expect_invalid("A1 19 0109 62 C328", "text string is not UTF-8", 4);
	/* Simple values other than false/true/null; undefined (F7). */
	expect_invalid_edit(OFF_FORMAT, 1, "F7",
			    "simple value other than false, true, null",
			    OFF_FORMAT);
	/* null is CBOR the validator allows, but not the schema's: the
	 * format version must be 1; so are false and true. */
	edit(&b, OFF_FORMAT, 1, "F6");
	expect_refused_bytes(&b, "format version");
	edit(&b, OFF_FORMAT, 1, "F5");
	expect_refused_bytes(&b, "format version");

	/* Nothing, and a truncated payload. */
	strbuf_reset(&b);
	expect_refused_bytes(&b, "the data ends inside an item at byte 0");
	strbuf_reset(&b);
	strbuf_add(&b, good_b.buf, good_b.len - 1);
	{
		struct report r;
		struct diag d;

		assert_int_equal(report_decode(bytes_of(&b), b.len, &r, &d),
				 -1);
		assert_non_null(strstr(d.msg, "report: payload: "));
		report_release(&r);
	}

	strbuf_release(&good_b);
	strbuf_release(&b);
}

/* ---- every single-bit flip of a small signed report fails ---- */

static void key_file(char path[64], EVP_PKEY *pkey, bool private)
{
	FILE *f;
	int fd, ok;

	strcpy(path, "/tmp/certify-report-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0600), 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	ok = private ? PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) :
		       PEM_write_PUBKEY(f, pkey);
	assert_int_equal(ok, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_bit_flips(void **state)
{
	static const uint8_t abc[] = "abc";
	struct strbuf payload = STRBUF_INIT, msg = STRBUF_INIT;
	struct cose_key priv = { 0 }, pub = { 0 };
	struct cose_sign1 m;
	struct report r, back;
	char path[64];
	EVP_PKEY *pkey;
	struct diag d;
	bool loose;
	uint8_t *buf;
	size_t i, refused = 0;
	unsigned int bit;
	int rc;

	(void)state;
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	assert_non_null(pkey);
	key_file(path, pkey, true);
	if (cose_key_load_private(path, &priv, &loose, &d))
		fail_msg("%s", d.msg);
	unlink(path);
	key_file(path, pkey, false);
	if (cose_key_load_public(path, &pub, &d))
		fail_msg("%s", d.msg);
	unlink(path);
	EVP_PKEY_free(pkey);

	small_report(&r, abc);
	encode(&r, &payload);
	if (cose_sign1(&priv, COSE_ALG_EDDSA, REPORT_CONTENT_TYPE,
		       bytes_of(&payload), payload.len, &msg, &d))
		fail_msg("%s", d.msg);
	assert_true(msg.len < 1024);

	/* As signed: valid, and the payload is the report. */
	assert_int_equal(cose_verify1(bytes_of(&msg), msg.len, &pub, &m, &d),
			 0);
	assert_int_equal(m.payload_len, payload.len);
	assert_memory_equal(m.payload, payload.buf, payload.len);
	assert_string_equal(m.content_type, REPORT_CONTENT_TYPE);
	if (report_decode(m.payload, m.payload_len, &back, &d))
		fail_msg("%s", d.msg);
	assert_report_equal(&r, &back);
	report_release(&back);

	buf = malloc(msg.len);
	assert_non_null(buf);
	memcpy(buf, msg.buf, msg.len);
	for (i = 0; i < msg.len; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (uint8_t)(1u << bit);
			diag_clear(&d);
			rc = cose_verify1(buf, msg.len, &pub, NULL, &d);
			if (rc != 1)
				fail_msg("flip of byte %zu bit %u: %s (%d)", i,
					 bit, rc ? "error" : "VALID", rc);
			assert_true(diag_is_set(&d));
			buf[i] ^= (uint8_t)(1u << bit);
			refused++;
		}
	}
	assert_int_equal(refused, msg.len * 8);
	/* Unflipped, it is still valid. */
	assert_int_equal(cose_verify1(buf, msg.len, &pub, NULL, &d), 0);

	free(buf);
	cose_key_release(&priv);
	cose_key_release(&pub);
	report_release(&r);
	strbuf_release(&payload);
	strbuf_release(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_tdx),
		cmocka_unit_test(test_round_trip_snp),
		cmocka_unit_test(test_result_strings_outlive_ruleset),
		cmocka_unit_test(test_known_bytes),
		cmocka_unit_test(test_claims_order),
		cmocka_unit_test(test_optional_members),
		cmocka_unit_test(test_builder_is_small_hex),
		cmocka_unit_test(test_schema_refusals),
		cmocka_unit_test(test_schema_enumerations),
		cmocka_unit_test(test_final_order),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_not_deterministic),
		cmocka_unit_test(test_libcbor_pitfalls),
		cmocka_unit_test(test_bit_flips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
