// SPDX-License-Identifier: MIT
/*
 * SNP_LAUNCH_UPDATE of a CPUID page, modelled on AMD-ASPFW@3ca6650
 * fw/psp_bl_uapps/sev_uapp/src/cpuid_lookup.c (sanitize_cpuid_list,
 * sanitize_cpuid_entry, cpuid_entry_rule_check and the custom functions)
 * and sev_mcmd.c (snp_mcmd_launch_update); research/snp.md §3.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "snp_firmware.h"

#define FMS_BITS 0x0fff0fffu	/* family, model, stepping fields */

struct fctx {
	const struct snp_rules *r;
	const struct snp_host *host;
	struct trace *t;
	struct check_result *res;
	struct strpool *pool;
	const char *source;
	unsigned int index;		/* page entry */
	struct cpuid_entry key;
	bool failed;
	bool oom;
	/*
	 * Correct so that the result passes: where the firmware's own
	 * correction would fail again (the 0x8000001F C-bit OR, the inverted
	 * mask, a table mask overlapping its reserved bits), do what it asks.
	 */
	bool repair;
};

bool snp_fms_le(uint32_t host, uint32_t guest)
{
	uint32_t hf = ((host >> 20) & 0xff) + ((host >> 8) & 0xf);
	uint32_t gf = ((guest >> 20) & 0xff) + ((guest >> 8) & 0xf);
	uint32_t hm = ((host >> 16) & 0xf) + ((host >> 4) & 0xf);
	uint32_t gm = ((guest >> 16) & 0xf) + ((guest >> 4) & 0xf);

	return gf < hf || (gf == hf && gm < hm) ||
	       (gf == hf && gm == hm && (guest & 0xf) <= (host & 0xf));
}

static void note(struct fctx *c, unsigned int reg, uint32_t mask,
		 enum note_strength strength, enum verdict v, const char *cls,
		 const char *rule, const char *text)
{
	struct bit_note bn = {
		.strength = strength,
		.verdict = v,
		.class = cls,
		.layer = "sev-firmware",
		.rule = rule,
		.source = c->source,
		.note = text,
	};

	if (mask)
		trace_note(c->t, &c->key, reg, mask, &bn);
}

/* A failed check: the bits it changed are rejected, the change listed. */
static void corrected(struct fctx *c, unsigned int reg, uint32_t before,
		      uint32_t after, const char *cls, const char *rule,
		      const char *why)
{
	struct check_correction cc = {
		.index = c->index,
		.key = c->key,
		.field = cpuid_reg_name(reg),
		.provided = before,
		.corrected = after,
		.layer = "sev-firmware",
		.rule = rule,
		.source = c->source,
		.note = why,
	};

	c->failed = true;
	note(c, reg, before ^ after, NOTE_REJECT, VERDICT_REJECTED, cls, rule,
	     why);
	if (check_result_correction(c->res, &cc))
		c->oom = true;
}

/* ---- table entries: cpuid_entry_rule_check() ---- */

static const char *rule_text(struct fctx *c, const struct snp_table_reg *tr)
{
	switch (tr->rule) {
	case SNP_RULE_EXACT:
		return strpool_printf(c->pool, "the firmware requires exactly "
				      "0x%08" PRIx32, tr->value);
	case SNP_RULE_MASK:
		return strpool_printf(c->pool, "the firmware allows only the "
				      "bits of 0x%08" PRIx32, tr->value);
	case SNP_RULE_LE:
		return strpool_printf(c->pool, "the firmware requires at most "
				      "0x%08" PRIx32, tr->value);
	case SNP_RULE_UNCHECKED:
		break;
	}
	return "not checked by the firmware: a guest must not rely on it";
}

static void table_reg(struct fctx *c, const struct snp_entry *e,
		      unsigned int reg, uint32_t *v)
{
	const struct snp_table_reg *tr = &e->regs[reg];
	const char *rule = strpool_printf(c->pool, "lookup_table[%zu].%s",
					  e->index, cpuid_reg_name(reg));
	const char *cls = snp_rule_name(tr->rule);
	uint32_t before = *v, want = *v;
	bool fail = false;

	if (tr->rule == SNP_RULE_UNCHECKED)
		note(c, reg, ~tr->mbz, NOTE_FINAL, VERDICT_UNTRUSTED, cls, rule,
		     rule_text(c, tr));
	else
		note(c, reg, ~tr->mbz, NOTE_CLASS, VERDICT_AS_CONFIGURED, cls,
		     rule, rule_text(c, tr));
	note(c, reg, tr->mbz, NOTE_CLASS, VERDICT_AS_CONFIGURED, "mbz", rule,
	     "reserved: must be 0");
	switch (tr->rule) {
	case SNP_RULE_EXACT:
		fail = *v != tr->value;
		want = tr->value;
		break;
	case SNP_RULE_MASK:
		fail = (*v & tr->value) != *v;
		want = *v & tr->value;
		break;
	case SNP_RULE_LE:
		fail = *v > tr->value;
		want = tr->value;
		break;
	case SNP_RULE_UNCHECKED:
		break;
	}
	if (fail) {
		/* A failed rule returns before the reserved check. */
		*v = want;
		corrected(c, reg, before, *v, cls, rule, rule_text(c, tr));
		if (!c->repair)
			return;
		before = *v;
	}
	if (*v & tr->mbz) {
		*v &= ~tr->mbz;
		corrected(c, reg, before, *v, "mbz", rule,
			  strpool_printf(c->pool, "reserved bits 0x%08" PRIx32
					 " must be 0", before & tr->mbz));
	}
}

/* ---- custom entries: the steps of the firmware's function ---- */

static uint32_t field_get(const struct snp_step *s, uint32_t v)
{
	return (v & s->field) >> s->shift;
}

static uint32_t xsave_expected(const struct snp_step *s,
			       const struct cpuid_entry *key)
{
	uint32_t size = s->a;
	unsigned int i;

	for (i = 0; i < s->nterms; i++) {
		uint64_t src = s->terms[i].xss ? key->xss_in : key->xcr0_in;

		if (!((src >> s->terms[i].bit) & 1))
			continue;
		if (s->op == SNP_OP_XSAVE_STANDARD)
			return s->terms[i].value;	/* first match wins */
		size += s->terms[i].value;
	}
	return size;
}

/* The bits a step checks, for the class notes. */
static uint32_t step_bits(const struct snp_step *s)
{
	switch (s->op) {
	case SNP_OP_MASK:
		return ~s->b;
	case SNP_OP_MBZ:
	case SNP_OP_UNCHECKED:
	case SNP_OP_REQUIRED:
		return s->a;
	case SNP_OP_FMS_LE_HOST:
		return FMS_BITS;
	case SNP_OP_FIELD_EXACT:
	case SNP_OP_FIELD_LE:
		return s->field;
	case SNP_OP_EXACT_OR:
		return ~s->a;
	default:
		return 0xffffffffu;
	}
}

static const char *step_text(struct fctx *c, const struct snp_step *s,
			     uint32_t v)
{
	unsigned int lo = s->shift, hi = lo;

	while (hi < 31 && (s->field >> (hi + 1)) & 1)
		hi++;
	switch (s->op) {
	case SNP_OP_EXACT:
		return strpool_printf(c->pool, "the firmware requires exactly "
				      "0x%08" PRIx32, s->a);
	case SNP_OP_MASK:
		return strpool_printf(c->pool, "the firmware allows only the "
				      "bits of 0x%08" PRIx32 "%s", s->a,
				      s->b ? strpool_printf(c->pool, " (bits "
					     "0x%08" PRIx32 " unchecked)",
					     s->b) : "");
	case SNP_OP_MASK_INVERTED:
		return strpool_printf(c->pool, "the firmware allows only the "
				      "bits of 0x%08" PRIx32 "; on a failure "
				      "it ANDs with the inverted mask, so the "
				      "allowed bits go too", s->a);
	case SNP_OP_LE:
		return strpool_printf(c->pool, "the firmware requires at most "
				      "0x%08" PRIx32, s->a);
	case SNP_OP_MBZ:
		return "reserved: must be 0";
	case SNP_OP_UNCHECKED:
		return "not checked by the firmware: a guest must not rely on "
		       "it";
	case SNP_OP_FMS_LE_HOST:
		if (!c->host->fms_known)
			return "accepted only if not newer than the host's "
			       "family/model/stepping (host-dependent: pass "
			       "--host)";
		return strpool_printf(c->pool, "family/model/stepping must "
				      "not be newer than the host's 0x%08"
				      PRIx32 " (the firmware compares family "
				      "= base + extended, model = base + "
				      "extended, then stepping)",
				      c->host->fms);
	case SNP_OP_FIELD_EXACT:
		return strpool_printf(c->pool, "bits %u-%u must be %" PRIu32,
				      lo, hi, s->a);
	case SNP_OP_FIELD_LE:
		return strpool_printf(c->pool, "bits %u-%u must be at most %"
				      PRIu32, lo, hi, s->a);
	case SNP_OP_REQUIRED:
		return strpool_printf(c->pool, "bits 0x%08" PRIx32 " must be "
				      "set", s->a);
	case SNP_OP_XSAVE_STANDARD:
		return strpool_printf(c->pool, "must be 0x%" PRIx32 ", the "
				      "XSAVE area size for xcr0_in 0x%" PRIx64,
				      xsave_expected(s, &c->key),
				      c->key.xcr0_in);
	case SNP_OP_XSAVE_COMPACTED:
		return strpool_printf(c->pool, "must be 0x%" PRIx32 ", the "
				      "compacted XSAVE size for xcr0_in 0x%"
				      PRIx64 " and xss_in 0x%" PRIx64,
				      xsave_expected(s, &c->key),
				      c->key.xcr0_in, c->key.xss_in);
	case SNP_OP_EXACT_OR:
		return strpool_printf(c->pool, "the bits outside 0x%08" PRIx32
				      " must be 0x%" PRIx32 "; on a failure the "
				      "firmware clears 0x%" PRIx32 " and ORs "
				      "0x%" PRIx32 " in (was 0x%08" PRIx32 ")",
				      s->a, s->b, s->c, s->b, v);
	}
	return "";
}

/* One step: true when it failed, with *v corrected as the firmware does. */
static bool run_step(struct fctx *c, const struct snp_step *s, uint32_t *v)
{
	uint32_t x = *v, f;

	switch (s->op) {
	case SNP_OP_EXACT:
		if (x == s->a)
			return false;
		*v = s->a;
		return true;
	case SNP_OP_MASK:
		if (((x & ~s->b) & s->a) == (x & ~s->b))
			return false;
		*v = x & (s->a | s->b);
		return true;
	case SNP_OP_MASK_INVERTED:
		if ((x & s->a) == x)
			return false;
		*v = c->repair ? x & s->a : x & ~s->a;
		return true;
	case SNP_OP_LE:
		if (x <= s->a)
			return false;
		*v = s->a;
		return true;
	case SNP_OP_MBZ:
		if (!(x & s->a))
			return false;
		*v = x & ~s->a;
		return true;
	case SNP_OP_UNCHECKED:
		return false;
	case SNP_OP_FMS_LE_HOST:
		if (!c->host->fms_known || snp_fms_le(c->host->fms, x))
			return false;
		*v = c->host->fms;
		return true;
	case SNP_OP_FIELD_EXACT:
	case SNP_OP_FIELD_LE:
		f = field_get(s, x);
		if (s->op == SNP_OP_FIELD_EXACT ? f == s->a : f <= s->a)
			return false;
		*v = (x & ~s->field) | (s->a << s->shift);
		return true;
	case SNP_OP_REQUIRED:
		if ((x & s->a) == s->a)
			return false;
		*v = x | s->a;
		return true;
	case SNP_OP_XSAVE_STANDARD:
	case SNP_OP_XSAVE_COMPACTED:
		f = xsave_expected(s, &c->key);
		if (x == f)
			return false;
		*v = f;
		return true;
	case SNP_OP_EXACT_OR:
		if ((x & ~s->a) == s->b)
			return false;
		*v = c->repair ? (x & s->a & ~s->c) | s->b : (x & ~s->c) | s->b;
		return true;
	}
	return false;
}

static void custom_entry(struct fctx *c, const struct snp_entry *e,
			 uint32_t regs[CPUID_NR_REGS])
{
	/* The result outlives the rule set: its strings live in the pool. */
	const char *fn = strpool_intern(c->pool, e->custom);
	size_t i;

	/* Classes first, in step order: the last step on a bit names it. */
	for (i = 0; i < e->nsteps; i++) {
		const struct snp_step *s = &e->steps[i];

		if (s->op == SNP_OP_UNCHECKED)
			note(c, s->reg, s->a, NOTE_FINAL, VERDICT_UNTRUSTED,
			     "unchecked", fn, step_text(c, s, 0));
		else
			note(c, s->reg, step_bits(s), NOTE_CLASS,
			     VERDICT_AS_CONFIGURED, snp_op_name(s->op),
			     fn, step_text(c, s, regs[s->reg]));
	}
	for (i = 0; i < e->nsteps; i++) {
		const struct snp_step *s = &e->steps[i];
		uint32_t before = regs[s->reg];
		const char *why = step_text(c, s, before);

		if (run_step(c, s, &regs[s->reg]))
			corrected(c, s->reg, before, regs[s->reg],
				  snp_op_name(s->op), fn, why);
	}
}

/* sanitize_cpuid_entry(): an unknown pair must be all zero. */
static void unknown_entry(struct fctx *c, const struct snp_page_entry *pe,
			  uint32_t regs[CPUID_NR_REGS])
{
	const char *why = strpool_printf(
		c->pool, "(0x%" PRIx32 ", 0x%" PRIx32 ") is not in the "
		"firmware's table: the entry must be all zero or left out%s",
		pe->eax_in, pe->ecx_in,
		pe->ecx_in && snp_rules_find(c->r, pe->eax_in, 0) ?
			"; a leaf without sub-leaves needs ecx_in 0" : "");
	unsigned int reg;
	bool nonzero = false;

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		note(c, reg, 0xffffffffu, NOTE_CLASS, VERDICT_AS_CONFIGURED,
		     "not-in-table", "sanitize_cpuid_entry", why);
		nonzero |= regs[reg] != 0;
	}
	if (!nonzero)
		return;
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		uint32_t before = regs[reg];

		regs[reg] = 0;
		if (before)
			corrected(c, reg, before, 0, "not-in-table",
				  "sanitize_cpuid_entry", why);
	}
}

static void skipped_entry(struct fctx *c)
{
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++)
		note(c, reg, 0xffffffffu, NOTE_FINAL, VERDICT_UNTRUSTED,
		     "unchecked-range", "sanitize_cpuid_list",
		     "outside the ranges the firmware checks (e.g. a "
		     "hypervisor leaf): not validated, a guest must not rely "
		     "on it");
}

static void reserved_field(struct fctx *c, const struct snp_page_entry *pe)
{
	struct check_correction cc = {
		.index = c->index,
		.key = c->key,
		.field = "reserved",
		.provided = pe->reserved,
		.corrected = pe->reserved,
		.layer = "sev-firmware",
		.rule = "sanitize_cpuid_list",
		.source = c->source,
		.note = "the entry's reserved field must be 0: the firmware "
			"fails but does not clear it, so the write-back shows "
			"no difference",
	};

	c->failed = true;
	if (check_result_correction(c->res, &cc))
		c->oom = true;
}

static const char *header_error(const struct snp_rules *r,
				const struct snp_page *in, struct strpool *pool)
{
	if (in->count > r->max_count)
		return strpool_printf(pool, "count %" PRIu32 " is more than "
				      "the %" PRIu32 " entries the firmware "
				      "takes: it refuses the page and writes "
				      "nothing back", in->count,
				      r->max_count);
	if (in->reserved1 || in->reserved2)
		return strpool_printf(pool, "the page header's reserved fields "
				      "(0x%08" PRIx32 ", 0x%016" PRIx64 ") "
				      "must be 0: the firmware refuses the "
				      "page and writes nothing back",
				      in->reserved1, in->reserved2);
	return NULL;
}

/* sanitize_cpuid_list() over [0, count), after the header checks. */
static void validate(struct fctx *c, const struct snp_page *in,
		     struct snp_page *out, struct snp_fw_status *st)
{
	unsigned int i;

	for (i = 0; i < in->count; i++) {
		struct snp_page_entry *pe = &out->e[i];
		const struct snp_entry *e;
		size_t before = c->res->ncorrections;

		c->index = i;
		c->key = snp_page_key(pe);
		memset(c->key.regs, 0, sizeof(c->key.regs));
		c->failed = false;
		if (!snp_rules_checked(c->r, pe->eax_in)) {
			skipped_entry(c);
			continue;
		}
		if (pe->reserved)
			reserved_field(c, pe);
		e = snp_rules_find(c->r, pe->eax_in, pe->ecx_in);
		if (!e) {
			unknown_entry(c, pe, pe->regs);
		} else if (e->custom) {
			custom_entry(c, e, pe->regs);
		} else {
			unsigned int reg;

			for (reg = 0; reg < CPUID_NR_REGS; reg++)
				table_reg(c, e, reg, &pe->regs[reg]);
		}
		if (c->failed) {
			st->failed_entries++;
			if (pe->reserved && c->res->ncorrections == before + 1)
				st->reserved_entries++;
		}
	}
}

int snp_firmware_launch_update(const struct snp_rules *rules,
			       const struct snp_host *host,
			       const struct snp_page *in, struct snp_page *out,
			       struct trace *t, struct check_result *res,
			       struct snp_fw_status *st)
{
	struct fctx c = {
		.r = rules, .host = host, .t = t, .res = res,
		.pool = &res->pool,
	};

	memset(st, 0, sizeof(*st));
	*out = *in;
	c.source = strpool_printf(c.pool, "%s %s", rules->repo, rules->file);
	st->message = header_error(rules, in, c.pool);
	if (st->message) {
		st->code = SNP_SEV_INVALID_PARAM;
		return 0;
	}
	validate(&c, in, out, st);
	if (c.oom || t->failed || res->pool.failed)
		return -1;
	if (st->failed_entries) {
		st->code = SNP_SEV_INVALID_PARAM;
		st->written_back = true;
		st->message = strpool_printf(c.pool, "%u CPUID page entr%s "
					     "failed validation: the firmware "
					     "writes the corrected page back "
					     "(KVM_SEV_SNP_LAUNCH_UPDATE fails "
					     "with -EIO, error 0x16)",
					     st->failed_entries,
					     st->failed_entries == 1 ? "y" :
								      "ies");
	} else {
		/* Success: the page is encrypted in place, nothing returns. */
		*out = *in;
	}
	return 0;
}

int snp_firmware_accepted_page(const struct snp_rules *rules,
			       const struct snp_host *host,
			       const struct snp_page *in, struct snp_page *ok)
{
	struct check_result scratch;
	struct snp_fw_status st = { 0 };
	struct snp_page again;
	struct trace t;
	struct fctx c = {
		.r = rules, .host = host, .t = &t, .res = &scratch,
		.pool = &scratch.pool,
	};
	unsigned int i;
	int ret = 1;

	*ok = *in;
	check_result_init(&scratch);
	trace_init(&t);
	c.source = "";
	if (header_error(rules, in, c.pool))
		goto out;
	/* The write-back; the firmware leaves reserved fields, which it
	 * would refuse again. */
	validate(&c, in, ok, &st);
	for (i = 0; i < ok->count; i++)
		if (snp_rules_checked(rules, ok->e[i].eax_in))
			ok->e[i].reserved = 0;
	/* Where the write-back would fail again, do what is asked. */
	memset(&st, 0, sizeof(st));
	again = *ok;
	validate(&c, ok, &again, &st);
	if (st.failed_entries) {
		struct snp_page wb = *ok;

		c.repair = true;
		validate(&c, &wb, ok, &st);
		c.repair = false;
	}
	memset(&st, 0, sizeof(st));
	again = *ok;
	validate(&c, ok, &again, &st);
	ret = st.failed_entries ? 1 : 0;
	if (c.oom || t.failed || scratch.pool.failed)
		ret = -1;
out:
	trace_release(&t);
	check_result_release(&scratch);
	return ret;
}
