// SPDX-License-Identifier: MIT
/*
 * The mocked TDX module.  Every step cites the part of research/tdx.md it
 * implements; the rule set supplies the tables and names the source files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certify/feature_table.h"
#include "tdx_module.h"

#define LEAF_EXT_BASE 0x80000000u
/* CPUID.1.EAX bits the FMS rules compare (research/tdx.md §2.4). */
#define FMS_CONFIG_MASK 0x0fff3fffu
#define FMS_STEPPING_MASK 0x0000000fu
/* A leaf whose sub-leaf the module does not use: 0xFFFFFFFF in RCX. */
#define TDX_NO_SUBLEAF 0xffffffffu

struct cpuid_entry tdx_entry_key(const struct tdx_entry *e)
{
	struct cpuid_entry k = {
		.leaf = e->leaf,
		.indexed = e->has_subleaf,
		.subleaf = e->has_subleaf ? e->subleaf : 0,
	};

	return k;
}

/* ---- TDH.SYS.INIT / TDH.SYS.CONFIG: the host's values ---- */

static bool host_reg(const struct cpuid_set *host, struct cpuid_field f,
		     uint32_t *v)
{
	return host && cpuid_set_get(host, f, v);
}

/*
 * The host's raw value of a table entry as TDH.SYS.INIT samples it: a leaf
 * above its range's maximum reads 0; a sub-leaf a dump left out reads 0 (a
 * CPU returns 0 for invalid sub-leaves, and dumps skip them); a plain leaf
 * a dump left out is unknown (FORMATS.md: missing is not zero).
 */
static void sample_entry(const struct cpuid_set *host,
			 const struct tdx_entry *e, uint32_t raw[CPUID_NR_REGS],
			 uint32_t unk[CPUID_NR_REGS])
{
	struct cpuid_field max_f = e->leaf >= LEAF_EXT_BASE ?
					   CPUID_FIELD_MAX_EXT_LEAF :
					   CPUID_FIELD_MAX_STD_LEAF;
	const struct cpuid_entry *h;
	uint32_t max;
	unsigned int r;

	memset(raw, 0, CPUID_NR_REGS * sizeof(*raw));
	memset(unk, 0, CPUID_NR_REGS * sizeof(*unk));
	if (cpuid_set_get(host, max_f, &max) && e->leaf > max)
		return;
	h = cpuid_set_lookup(host, e->leaf, e->subleaf);
	if (h) {
		for (r = 0; r < CPUID_NR_REGS; r++) {
			raw[r] = h->regs[r];
			unk[r] = h->unknown[r];
		}
		return;
	}
	if (!e->has_subleaf)
		for (r = 0; r < CPUID_NR_REGS; r++)
			unk[r] = 0xffffffffu;
}

static void sample_host_facts(const struct cpuid_set *host,
			      struct tdx_native *n)
{
	uint32_t a, b, c, d, num, den, hz;
	struct cpuid_field lass = CPUID_FEATURE_LASS;
	struct cpuid_field la57 = CPUID_FEATURE_LA57;

	n->fms_known = host_reg(host, CPUID_REG_VALUE(1, 0, CPUID_REG_EAX),
				&n->fms);
	n->maxpa_known = host_reg(host, CPUID_FIELD_PHYS_ADDR_BITS, &n->maxpa);
	if (host_reg(host, CPUID_REG_VALUE(0xd, 0, CPUID_REG_EAX), &a) &&
	    host_reg(host, CPUID_REG_VALUE(0xd, 0, CPUID_REG_EDX), &b) &&
	    host_reg(host, CPUID_REG_VALUE(0xd, 1, CPUID_REG_ECX), &c) &&
	    host_reg(host, CPUID_REG_VALUE(0xd, 1, CPUID_REG_EDX), &d)) {
		n->xfam_support_known = true;
		n->xfam_support = ((uint64_t)b << 32 | a) |
				  ((uint64_t)d << 32 | c);
	}
	n->lass_known = host_reg(host, lass, &a);
	n->lass = n->lass_known && a;
	n->la57_known = host_reg(host, la57, &a);
	n->la57 = n->la57_known && a;
	/* TSC Hz = crystal * numerator / denominator (SDM CPUID 15H). */
	if (host_reg(host, CPUID_FIELD_TSC_DENOMINATOR, &den) &&
	    host_reg(host, CPUID_FIELD_TSC_NUMERATOR, &num) &&
	    host_reg(host, CPUID_FIELD_CPU_CRYSTAL_HZ, &hz) && den && num &&
	    hz) {
		uint64_t tsc = (uint64_t)hz * num / den;

		n->tsc_known = true;
		n->tsc_frequency = (uint32_t)((tsc + 12500000) / 25000000);
	} else if (host_reg(host, CPUID_FIELD_CPU_BASE_MHZ, &a) && a) {
		n->tsc_known = true;
		n->tsc_frequency = (a + 12) / 25;
	}
}

int tdx_native_sample(const struct tdx_rules *rules,
		      const struct cpuid_set *host, struct tdx_native *n)
{
	struct cpuid_field syscall = CPUID_FEATURE_SYSCALL;
	struct cpuid_field lm = CPUID_FEATURE_LM;
	size_t i;
	unsigned int r;

	memset(n, 0, sizeof(*n));
	n->n = rules->n;
	n->v = calloc(rules->n, sizeof(*n->v));
	n->unknown = calloc(rules->n, sizeof(*n->unknown));
	if (!n->v || !n->unknown) {
		tdx_native_release(n);
		return -1;
	}
	n->has_host = host != NULL;
	if (host)
		sample_host_facts(host, n);

	for (i = 0; i < rules->n; i++) {
		const struct tdx_entry *e = &rules->entries[i];
		uint32_t raw[CPUID_NR_REGS], unk[CPUID_NR_REGS];

		if (host) {
			sample_entry(host, e, raw, unk);
		} else {
			/* Only what TDH.SYS.INIT verifies is known. */
			for (r = 0; r < CPUID_NR_REGS; r++) {
				raw[r] = e->regs[r].verify_value;
				unk[r] = ~e->regs[r].verify_mask;
			}
		}
		/*
		 * SYSCALL reads 1 only in 64-bit mode (SDM CPUID 80000001H),
		 * where the module samples; AIDA64 dumps show it 0
		 * (FORMATS.md §1).
		 */
		if (host && e->leaf == syscall.leaf &&
		    (raw[lm.reg] & cpuid_field_mask(&lm)) &&
		    !(raw[syscall.reg] & cpuid_field_mask(&syscall))) {
			raw[syscall.reg] |= cpuid_field_mask(&syscall);
			n->syscall_fixed_up = true;
		}
		for (r = 0; r < CPUID_NR_REGS; r++) {
			const struct tdx_reg_rule *rr = &e->regs[r];
			uint32_t bad = (raw[r] ^ rr->verify_value) &
				       rr->verify_mask & ~unk[r];

			if (host && bad && !n->verify_failed) {
				n->verify_failed = true;
				n->verify_leaf = e->leaf;
				n->verify_subleaf = e->subleaf;
				n->verify_has_subleaf = e->has_subleaf;
				n->verify_reg = r;
				n->verify_bits = bad;
			}
			/* TDH.SYS.CONFIG: native &= ~fixed0; native |= fixed1 */
			n->v[i][r] = (raw[r] & ~rr->fixed0 & ~unk[r]) |
				     rr->fixed1;
			n->unknown[i][r] = unk[r] & ~rr->fixed0 & ~rr->fixed1;
		}
	}
	return 0;
}

void tdx_native_release(struct tdx_native *n)
{
	free(n->v);
	free(n->unknown);
	memset(n, 0, sizeof(*n));
}

static size_t entry_index(const struct tdx_rules *rules,
			  const struct tdx_entry *e)
{
	return (size_t)(e - rules->entries);
}

void tdx_sysrd_config(const struct tdx_rules *rules,
		      const struct tdx_native *n, size_t slot,
		      uint32_t value[CPUID_NR_REGS],
		      uint32_t unknown[CPUID_NR_REGS])
{
	const struct tdx_entry *e = rules->config[slot];
	size_t i = entry_index(rules, e);
	bool bug = tdx_has(rules, TDX_SP_SYSRD_CONFIG_DIRECT_ONLY);
	unsigned int r;

	for (r = 0; r < CPUID_NR_REGS; r++) {
		const struct tdx_reg_rule *rr = &e->regs[r];

		value[r] = rr->direct;
		unknown[r] = 0;
		if (bug)
			continue;
		value[r] |= rr->allow & n->v[i][r];
		unknown[r] = rr->allow & n->unknown[i][r];
	}
}

int tdx_td_params_alloc(struct tdx_td_params *p, size_t nslots)
{
	memset(p, 0, sizeof(*p));
	p->nslots = nslots;
	p->cpuid = calloc(nslots ? nslots : 1, sizeof(*p->cpuid));
	p->given = calloc(nslots ? nslots : 1, sizeof(*p->given));
	if (!p->cpuid || !p->given) {
		tdx_td_params_release(p);
		return -1;
	}
	return 0;
}

void tdx_td_params_release(struct tdx_td_params *p)
{
	free(p->cpuid);
	free(p->given);
	memset(p, 0, sizeof(*p));
}

/* ---- TDH.MNG.INIT ---- */

struct mctx {
	const struct tdx_rules *r;
	const struct tdx_native *n;
	const struct tdx_td_params *p;
	struct trace *t;
	struct strpool *pool;
	struct tdx_status *st;
	const char *src_table;	/* cpuid_configurations.c */
	const char *src_init;	/* tdh_mng_init.c */
	uint32_t (*in)[CPUID_NR_REGS];	/* module input per entry */
	uint32_t (*v)[CPUID_NR_REGS];	/* the TD's values */
	uint32_t (*unk)[CPUID_NR_REGS];
};

static void fail(struct mctx *c, uint64_t code, const char *name,
		 bool rcx_set, uint64_t rcx, const char *fmt, ...)
	__printf(6, 7);

/* The first error is the module's status; later ones are findings only. */
static void fail(struct mctx *c, uint64_t code, const char *name,
		 bool rcx_set, uint64_t rcx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->st->code != TDX_SUCCESS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->st->code = code;
	c->st->name = name;
	c->st->rcx_set = rcx_set;
	c->st->rcx = rcx;
	c->st->message = strpool_intern(c->pool, msg);
}

static uint64_t entry_rcx(const struct tdx_entry *e)
{
	return e->leaf | (uint64_t)(e->has_subleaf ? e->subleaf :
						     TDX_NO_SUBLEAF) << 32;
}

/*
 * Notes bits of an entry.  A rejection is final; anything else is a change
 * (the module set the value) unless @strength says the value only passed
 * through.  Plain "native" bits hold the host's value.
 */
static void note(struct mctx *c, const struct tdx_entry *e, unsigned int reg,
		 uint32_t mask, enum note_strength strength, enum verdict v,
		 const char *cls, const char *rule, const char *source,
		 const char *text)
{
	struct cpuid_entry key = tdx_entry_key(e);
	struct bit_note bn = {
		.strength = v == VERDICT_REJECTED ? NOTE_REJECT : strength,
		.verdict = v,
		.host_value = !strcmp(cls, "native"),
		.class = cls,
		.layer = "tdx-module",
		.rule = rule,
		.source = source,
		.note = text,
	};

	trace_note(c->t, &key, reg, mask, &bn);
}

static const char *special_source(struct mctx *c, enum tdx_special sp)
{
	return strpool_printf(c->pool, "%s %s", c->r->repo,
			      c->r->special[sp].file);
}

/* Notes the bits a special rule set, with the rule's id. */
static void note_special(struct mctx *c, const struct tdx_entry *e,
			 unsigned int reg, uint32_t mask, enum verdict v,
			 const char *cls, enum tdx_special sp,
			 const char *text)
{
	note(c, e, reg, mask, NOTE_CHANGE, v, cls, tdx_special_name(sp),
	     special_source(c, sp), text);
}

static const struct tdx_entry *entry_of(const struct tdx_rules *r,
					uint32_t leaf, bool has_sub,
					uint32_t sub)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct tdx_entry *e = &r->entries[i];

		if (e->leaf == leaf && e->has_subleaf == has_sub &&
		    (!has_sub || e->subleaf == sub))
			return e;
	}
	return NULL;
}

/* Sets a whole field of the TD value, known. */
static void set_field(struct mctx *c, const struct tdx_entry *e,
		      struct cpuid_field f, uint32_t value)
{
	size_t i = entry_index(c->r, e);

	c->v[i][f.reg] = cpuid_field_insert(&f, c->v[i][f.reg], value);
	c->unk[i][f.reg] &= ~cpuid_field_mask(&f);
}

/* Zeroes a whole entry (leaf-zeroing special rules). */
static void zero_entry(struct mctx *c, const struct tdx_entry *e,
		       enum tdx_special sp, const char *why)
{
	size_t i = entry_index(c->r, e);
	unsigned int r;

	for (r = 0; r < CPUID_NR_REGS; r++) {
		c->v[i][r] = 0;
		c->unk[i][r] = 0;
		note_special(c, e, r, 0xffffffffu, VERDICT_FORCED,
			     strpool_intern(c->pool, c->r->special[sp].kind),
			     sp, why);
	}
}

static bool xfam_has(const struct mctx *c, unsigned int bit)
{
	return c->p->xfam & (1ull << bit);
}

/*
 * The rule of every bit of one entry: a change where the module's value
 * differs from its input, the class otherwise.  Special rules and gates
 * note over it afterwards.
 */
static void note_table(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e);
	const char *rule = strpool_printf(c->pool, "cpuid_lookup[%u]",
					  e->lookup);
	unsigned int r, b;

	for (r = 0; r < CPUID_NR_REGS; r++) {
		const struct tdx_reg_rule *rr = &e->regs[r];
		uint32_t changed = (c->in[i][r] ^ c->v[i][r]) & ~c->unk[i][r];

		for (b = 0; b < 32; b++) {
			uint32_t m = 1u << b;

			note(c, e, r, m, changed & m ? NOTE_CHANGE : NOTE_CLASS,
			     VERDICT_AS_CONFIGURED, tdx_bit_class_name(rr, b),
			     rule, c->src_table, NULL);
		}
	}
}

/* ---- TD_PARAMS checks before the CPUID configuration ---- */

/* Attribute pairs helpers.c verify_td_attributes() refuses together. */
struct attr_pair {
	enum tdx_special sp;	/* the versions that check it */
	uint64_t a, b;
	const char *why;
};

static const struct attr_pair attr_pairs[] = {
	{ TDX_SP_ATTR_MIGRATABLE_NO_DEBUG, TDX_ATTR_MIGRATABLE, TDX_ATTR_DEBUG,
	  "a migratable TD (ATTRIBUTES bit 29) cannot be a debug TD (bit 0)" },
	{ TDX_SP_ATTR_MIGRATABLE_NO_PERFMON, TDX_ATTR_MIGRATABLE,
	  TDX_ATTR_PERFMON,
	  "a migratable TD (ATTRIBUTES bit 29) cannot have PERFMON (bit 63)" },
	{ TDX_SP_ATTR_PERFMON_NO_ICSSD, TDX_ATTR_PERFMON, TDX_ATTR_ICSSD,
	  "PERFMON (ATTRIBUTES bit 63) and ICSSD (bit 16) cannot be set "
	  "together" },
};

static void check_attributes(struct mctx *c)
{
	uint64_t attr = c->p->attributes, fixed0 = c->r->attributes_fixed0;
	uint64_t bad;
	size_t i;

	/* LASS is allowed only on hosts that have it (§2.5). */
	if (c->n->lass_known && !c->n->lass)
		fixed0 &= ~TDX_ATTR_LASS;
	bad = attr & ~fixed0;
	if (bad || (c->r->attributes_fixed1 & ~attr)) {
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_ATTRIBUTES,
		     "TDX_OPERAND_INVALID(ATTRIBUTES)", false, 0,
		     "ATTRIBUTES 0x%016llx: bits 0x%016llx are not supported "
		     "(ATTRIBUTES_FIXED0 0x%016llx%s); clear them in "
		     "tdx.attributes", (unsigned long long)attr,
		     (unsigned long long)bad, (unsigned long long)fixed0,
		     c->n->lass_known && !c->n->lass ?
			     ", without LASS: the host lacks it" : "");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(attr_pairs); i++) {
		const struct attr_pair *ap = &attr_pairs[i];

		if (tdx_has(c->r, ap->sp) && (attr & ap->a) && (attr & ap->b))
			fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_ATTRIBUTES,
			     "TDX_OPERAND_INVALID(ATTRIBUTES)", false, 0,
			     "%s", ap->why);
	}
}

static void check_xfam(struct mctx *c)
{
	uint64_t xfam = c->p->xfam, fixed0 = c->r->xfam_fixed0, bad;
	const char *why = NULL;
	char buf[160];

	/* XFAM_FIXED0 as reported: the static mask & host XCR0|XSS (§2.5). */
	if (c->n->xfam_support_known)
		fixed0 &= c->n->xfam_support;
	bad = xfam & ~fixed0;
	if (bad) {
		snprintf(buf, sizeof(buf), "bits 0x%llx are not supported "
			 "(XFAM_FIXED0 0x%llx)", (unsigned long long)bad,
			 (unsigned long long)fixed0);
		why = buf;
	} else if (c->r->xfam_fixed1 & ~xfam) {
		snprintf(buf, sizeof(buf), "bits 0x%llx (x87, SSE) must be set",
			 (unsigned long long)(c->r->xfam_fixed1 & ~xfam));
		why = buf;
	} else if (((xfam >> 5) & 7) != 0 && ((xfam >> 5) & 7) != 7) {
		why = "AVX-512 needs bits 5, 6 and 7 (opmask, ZMM_Hi256, "
		      "Hi16_ZMM) all set or all clear";
	} else if (((xfam >> 5) & 7) == 7 && !(xfam & (1ull << 2))) {
		why = "AVX-512 (bits 5-7) needs AVX (bit 2)";
	} else if (!!(xfam & (1ull << 11)) != !!(xfam & (1ull << 12))) {
		why = "CET needs bits 11 (CET_U) and 12 (CET_S) both set or "
		      "both clear";
	} else if (!!(xfam & (1ull << 17)) != !!(xfam & (1ull << 18))) {
		why = "AMX needs bits 17 (XTILECFG) and 18 (XTILEDATA) both "
		      "set or both clear";
	}
	if (why)
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_XFAM,
		     "TDX_OPERAND_INVALID(XFAM)", false, 0,
		     "XFAM 0x%llx: %s; fix tdx.xfam", (unsigned long long)xfam,
		     why);
}

static void check_config_flags(struct mctx *c)
{
	uint64_t f = c->p->config_flags;
	uint64_t bad = f & ~c->r->config_flags_fixed0;

	if (bad)
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_EXEC_CONTROLS,
		     "TDX_OPERAND_INVALID(EXEC_CONTROLS)", false, 0,
		     "CONFIG_FLAGS 0x%llx: bits 0x%llx are not supported by "
		     "this module (CONFIG_FLAGS_FIXED0 0x%llx)",
		     (unsigned long long)f, (unsigned long long)bad,
		     (unsigned long long)c->r->config_flags_fixed0);
	else if (tdx_has(c->r, TDX_SP_CONFIG_FLAGS_MAXPA_XOR_MAXGPA) &&
		 (f & TDX_CONFIG_MAXPA_VIRT) && (f & TDX_CONFIG_MAXGPA_VIRT))
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_EXEC_CONTROLS,
		     "TDX_OPERAND_INVALID(EXEC_CONTROLS)", false, 0,
		     "CONFIG_FLAGS: MAXPA_VIRT (bit 3) and MAXGPA_VIRT (bit 4) "
		     "cannot be set together");
}

static void check_tsc(struct mctx *c)
{
	if (c->p->tsc_known &&
	    (c->p->tsc_frequency < c->r->tsc_frequency_min ||
	     c->p->tsc_frequency > c->r->tsc_frequency_max))
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_TSC_FREQUENCY,
		     "TDX_OPERAND_INVALID(TSC_FREQUENCY)", false, 0,
		     "TSC_FREQUENCY %u (x 25 MHz) is outside %u..%u "
		     "(100 MHz to 10 GHz); fix tdx.tsc_frequency",
		     c->p->tsc_frequency, c->r->tsc_frequency_min,
		     c->r->tsc_frequency_max);
}

/* ---- CPUID_CONFIG, in cpuid_lookup order ---- */

/*
 * check_fms_config() for migratable TDs (cpuid_fms.c, research helper
 * note): the configured family/model must be the platform's, with a
 * stepping no higher, or an older row of the allowed list.
 */
static bool fms_allowed(const struct tdx_rules *r, uint32_t platform,
			uint32_t cfg)
{
	uint32_t pfm = platform & ~FMS_STEPPING_MASK;
	uint32_t cfm = cfg & ~FMS_STEPPING_MASK;
	size_t i = 0;

	if (cfm == pfm && (cfg & FMS_STEPPING_MASK) >
				  (platform & FMS_STEPPING_MASK))
		return false;
	while (i < r->nfms_allowed &&
	       (r->fms_allowed[i] & ~FMS_STEPPING_MASK) != pfm)
		i++;
	for (; i < r->nfms_allowed; i++)
		if ((r->fms_allowed[i] & ~FMS_STEPPING_MASK) == cfm)
			return (cfg & FMS_STEPPING_MASK) <=
			       (r->fms_allowed[i] & FMS_STEPPING_MASK);
	return false;
}

static void config_fms(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e);
	uint32_t cfg = c->in[i][CPUID_REG_EAX] & FMS_CONFIG_MASK;
	uint32_t native = c->n->fms & FMS_CONFIG_MASK;
	bool migratable = c->p->attributes & TDX_ATTR_MIGRATABLE;
	enum tdx_special sp = TDX_SP_FMS_CONFIG;
	const char *why;
	bool ok;

	if (cfg == 0) {
		/* 0: the platform's F/M/S. */
		if (c->n->fms_known)
			set_field(c, e, CPUID_FIELD(1, 0, CPUID_REG_EAX, 0, 28),
				  native);
		else
			c->unk[i][CPUID_REG_EAX] |= FMS_CONFIG_MASK;
		note_special(c, e, CPUID_REG_EAX, FMS_CONFIG_MASK,
			     c->n->fms_known ? VERDICT_FORCED : VERDICT_NATIVE,
			     "config-direct", sp,
			     "0 means the host's family/model/stepping");
		return;
	}
	if (!c->n->fms_known) {
		note_special(c, e, CPUID_REG_EAX, FMS_CONFIG_MASK,
			     VERDICT_AS_CONFIGURED, "config-direct", sp,
			     migratable ?
				     "accepted only if check_fms_config allows "
				     "it on the host (host-dependent: pass "
				     "--host)" :
				     "accepted only if it is the host's own "
				     "signature (host-dependent: pass --host)");
		return;
	}
	if (!migratable) {
		ok = cfg == native;
		why = "a non-migratable TD takes 0 (the host's) or exactly "
		      "the host's signature";
	} else if (c->r->nfms_allowed) {
		ok = fms_allowed(c->r, c->n->fms, cfg);
		why = "a migratable TD may claim the host's CPU or an older "
		      "one of the module's allowed list, never a newer one";
	} else {
		note_special(c, e, CPUID_REG_EAX, FMS_CONFIG_MASK,
			     VERDICT_AS_CONFIGURED, "config-direct", sp,
			     "migratable TD: accepted if on the module's "
			     "ALLOWED_FMS list (not in this rule set)");
		return;
	}
	if (ok)
		return;
	fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_CPUID_CONFIG,
	     "TDX_OPERAND_INVALID(CPUID_CONFIG)", true, entry_rcx(e),
	     "CPUID.1.EAX family/model/stepping 0x%07x is not accepted: %s "
	     "(host 0x%07x); set it to 0 or 0x%07x", cfg, why, native, native);
	note_special(c, e, CPUID_REG_EAX, c->in[i][CPUID_REG_EAX] &
					       FMS_CONFIG_MASK,
		     VERDICT_REJECTED, "config-direct", sp,
		     strpool_printf(c->pool, "%s: set CPUID.1.EAX to 0 or "
				    "0x%07x", why, native));
	set_field(c, e, CPUID_FIELD(1, 0, CPUID_REG_EAX, 0, 28), native);
}

static void config_tsx(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field hle = CPUID_FEATURE_HLE, rtm = CPUID_FEATURE_RTM;
	size_t i = entry_index(c->r, e);
	uint32_t v = c->v[i][hle.reg], u = c->unk[i][hle.reg];
	uint32_t both = cpuid_field_mask(&hle) | cpuid_field_mask(&rtm);
	bool h = v & cpuid_field_mask(&hle), t = v & cpuid_field_mask(&rtm);

	if (!(u & both) && h != t) {
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_CPUID_CONFIG,
		     "TDX_OPERAND_INVALID(CPUID_CONFIG)", true, entry_rcx(e),
		     "CPUID.7.0.EBX: HLE (bit 4) and RTM (bit 11) must be "
		     "equal; set both or neither");
		note_special(c, e, hle.reg, both & c->in[i][hle.reg],
			     VERDICT_REJECTED, "allow-direct", TDX_SP_TSX_PAIR,
			     "HLE and RTM must be set together");
		c->v[i][hle.reg] &= ~both;
		return;
	}
	if (u & both)
		note_special(c, e, hle.reg, both & c->in[i][hle.reg],
			     VERDICT_NATIVE, "allow-direct", TDX_SP_TSX_PAIR,
			     "rejected if the host has only one of HLE and "
			     "RTM (host-dependent: pass --host)");
	else if (h)
		note_special(c, e, hle.reg, both, VERDICT_AS_CONFIGURED,
			     "allow-direct", TDX_SP_TSX_PAIR,
			     "also needs IA32_ARCH_CAPABILITIES.TSX_CTRL on "
			     "the host, else TDX_INCORRECT_MSR_VALUE "
			     "0xC00009210000010A (not checked: no MSR data)");
}

static void config_maxpa(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field pa = CPUID_FIELD_PHYS_ADDR_BITS;
	size_t i = entry_index(c->r, e);
	uint32_t cfg = cpuid_field_extract(&pa, c->in[i][pa.reg]);
	uint32_t limit = (c->p->config_flags & TDX_CONFIG_GPAW) ? 52 : 48;
	uint32_t min = c->r->min_virt_maxpa;
	const char *why = NULL;

	if (!(c->p->config_flags & TDX_CONFIG_MAXPA_VIRT)) {
		/* Without MAXPA_VIRT the TD sees the host's MAXPA. */
		if (c->n->maxpa_known)
			set_field(c, e, pa, c->n->maxpa);
		else
			c->unk[i][pa.reg] |= cpuid_field_mask(&pa);
		note_special(c, e, pa.reg, cpuid_field_mask(&pa),
			     c->n->maxpa_known ? VERDICT_FORCED :
						 VERDICT_NATIVE,
			     "configured+validated", TDX_SP_MAXPA_VIRT,
			     "the host's MAXPHYADDR (CONFIG_FLAGS.MAXPA_VIRT "
			     "is clear)");
		return;
	}
	if (cfg == 0) {
		if (c->n->maxpa_known)
			set_field(c, e, pa, c->n->maxpa < limit ?
						    c->n->maxpa : limit);
		else
			c->unk[i][pa.reg] |= cpuid_field_mask(&pa);
		note_special(c, e, pa.reg, cpuid_field_mask(&pa),
			     c->n->maxpa_known ? VERDICT_FORCED :
						 VERDICT_NATIVE,
			     "configured+validated", TDX_SP_MAXPA_VIRT,
			     "0 means min(host MAXPHYADDR, GPAW limit)");
		return;
	}
	if (cfg < min)
		why = "below MIN_VIRT_MAXPA";
	else if (cfg > limit)
		why = "above the GPAW limit";
	else if (c->n->maxpa_known && cfg > c->n->maxpa)
		why = "above the host's MAXPHYADDR";
	if (why) {
		/* This path does not set RCX (research/tdx.md §2.4). */
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_CPUID_CONFIG,
		     "TDX_OPERAND_INVALID(CPUID_CONFIG)", false, 0,
		     "CPUID.0x80000008.EAX[7:0] MAXPA %u is %s: with "
		     "CONFIG_FLAGS.MAXPA_VIRT it must be in [%u, %s] and <= %u",
		     cfg, why, min,
		     c->n->maxpa_known ?
			     strpool_printf(c->pool, "%u (host)", c->n->maxpa) :
			     "host MAXPHYADDR",
		     limit);
		note_special(c, e, pa.reg, cpuid_field_mask(&pa),
			     VERDICT_REJECTED, "configured+validated",
			     TDX_SP_MAXPA_VIRT,
			     strpool_printf(c->pool, "MAXPA %u is %s", cfg,
					    why));
		if (c->n->maxpa_known)
			set_field(c, e, pa, c->n->maxpa);
		return;
	}
	if (!c->n->maxpa_known)
		note_special(c, e, pa.reg, cpuid_field_mask(&pa),
			     VERDICT_AS_CONFIGURED, "configured+validated",
			     TDX_SP_MAXPA_VIRT,
			     "accepted only if <= the host's MAXPHYADDR "
			     "(host-dependent: pass --host)");
}

/* "ecx bit 21 (x2apic)" for the first bits of @bad, for messages. */
static const char *bits_words(struct mctx *c, const struct tdx_entry *e,
			      const uint32_t bad[CPUID_NR_REGS])
{
	char buf[256] = "";
	unsigned int r, b, n = 0, total = 0;

	for (r = 0; r < CPUID_NR_REGS; r++)
		total += (unsigned int)__builtin_popcount(bad[r]);
	for (r = 0; r < CPUID_NR_REGS; r++)
		for (b = 0; b < 32; b++) {
			const struct cpuid_feature *f;
			size_t len = strlen(buf);

			if (!(bad[r] & (1u << b)) || n == 3)
				continue;
			f = cpuid_feature_at(e->leaf, e->subleaf, r, b);
			snprintf(buf + len, sizeof(buf) - len, "%s%s bit %u%s%s%s",
				 n ? ", " : "", cpuid_reg_name(r), b,
				 f ? " (" : "", f ? f->name : "", f ? ")" : "");
			n++;
		}
	if (total > n) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, " and %u more",
			 total - n);
	}
	return strpool_intern(c->pool, buf);
}

/* The per-entry loop of read_and_set_cpuid_configurations(). */
static void config_entry(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e);
	const uint32_t *cfg = c->p->cpuid[e->config];
	uint32_t bad_all[CPUID_NR_REGS] = { 0 };
	bool rejected = false, many;
	unsigned int r;

	for (r = 0; r < CPUID_NR_REGS; r++) {
		const struct tdx_reg_rule *rr = &e->regs[r];
		uint32_t bad = cfg[r] & ~(rr->direct | rr->allow);
		uint32_t ok = cfg[r] & ~bad, v, u;

		bad_all[r] = bad;
		if (bad) {
			unsigned int b;

			rejected = true;
			for (b = 0; b < 32; b++)
				if (bad & (1u << b))
					note(c, e, r, 1u << b, NOTE_REJECT,
					     VERDICT_REJECTED,
					     tdx_bit_class_name(rr, b),
					     strpool_printf(c->pool,
							    "cpuid_lookup[%u]",
							    e->lookup),
					     c->src_table,
					     strpool_printf(c->pool,
							    "not configurable"
							    " (%s): "
							    "TD_PARAMS must "
							    "carry 0 here; "
							    "clear bit %u",
							    tdx_bit_class_name(
								    rr, b),
							    b));
		}
		/* v = native (fixed masks applied at TDH.SYS.CONFIG) */
		v = c->n->v[i][r];
		u = c->n->unknown[i][r];
		v = (v & ~rr->direct) | (ok & rr->direct);
		u &= ~rr->direct;
		v &= ok | ~rr->allow;
		u &= ok | ~rr->allow;
		c->v[i][r] = v & ~u;
		c->unk[i][r] = u;
	}
	many = __builtin_popcount(bad_all[0]) + __builtin_popcount(bad_all[1]) +
	       __builtin_popcount(bad_all[2]) +
	       __builtin_popcount(bad_all[3]) > 1;
	if (rejected)
		fail(c, TDX_OPERAND_INVALID | TDX_OPERAND_ID_CPUID_CONFIG,
		     "TDX_OPERAND_INVALID(CPUID_CONFIG)", true, entry_rcx(e),
		     "CPUID leaf 0x%x%s: %s %s not configurable in this module "
		     "(neither config-direct nor allow-direct); clear %s",
		     e->leaf,
		     e->has_subleaf ?
			     strpool_printf(c->pool, " sub-leaf 0x%x",
					    e->subleaf) :
			     "",
		     bits_words(c, e, bad_all), many ? "are" : "is",
		     many ? "them" : "it");
}

static void start_entry(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e);
	unsigned int r;

	if (e->config >= 0) {
		memcpy(c->in[i], c->p->cpuid[e->config], sizeof(c->in[i]));
		config_entry(c, e);
	} else {
		memset(c->in[i], 0, sizeof(c->in[i]));
		for (r = 0; r < CPUID_NR_REGS; r++) {
			c->v[i][r] = c->n->v[i][r];
			c->unk[i][r] = c->n->unknown[i][r];
		}
	}
}

/* Leaf-specific checks, in the module's lookup order. */
static void check_entry(struct mctx *c, const struct tdx_entry *e)
{
	if (e->leaf == 1 && tdx_has(c->r, TDX_SP_FMS_CONFIG) &&
	    e->config >= 0)
		config_fms(c, e);
	if (e->leaf == 7 && e->has_subleaf && e->subleaf == 0 &&
	    tdx_has(c->r, TDX_SP_TSX_PAIR))
		config_tsx(c, e);
	if (e->leaf == 0x80000008 && tdx_has(c->r, TDX_SP_MAXPA_VIRT) &&
	    e->config >= 0)
		config_maxpa(c, e);
}

/* ---- Values the module computes after the configuration ---- */

/*
 * What to set in tdx.xfam for a gated bit: whole groups, since TDH.MNG.INIT
 * wants XFAM[7:5] equal (with AVX), XFAM[11] == XFAM[12] and XFAM[17] ==
 * XFAM[18] (research/tdx.md §2.4; constants.xfam_combination_rules).
 */
static const char *xfam_hint(struct mctx *c, unsigned int bit)
{
	switch (bit) {
	case 5: case 6: case 7:
		return "needs AVX-512 state: set XFAM bits 5-7 together (and "
		       "bit 2, AVX) in tdx.xfam";
	case 11: case 12:
		return "needs CET state: set XFAM bits 11 and 12 together in "
		       "tdx.xfam";
	case 17: case 18:
		return "needs AMX state: set XFAM bits 17 and 18 together in "
		       "tdx.xfam";
	}
	return strpool_printf(c->pool, "needs XFAM bit %u: set it in tdx.xfam",
			      bit);
}

static void apply_xfam_gates(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e), g;

	for (g = 0; g < e->ngates; g++) {
		const struct tdx_xfam_gate *gate = &e->gates[g];
		uint32_t had = (c->v[i][gate->reg] | c->unk[i][gate->reg]) &
			       gate->mask;

		if (xfam_has(c, gate->xfam_bit) || !had)
			continue;
		c->v[i][gate->reg] &= ~gate->mask;
		c->unk[i][gate->reg] &= ~gate->mask;
		note(c, e, gate->reg, had, NOTE_CHANGE, VERDICT_DROPPED, "xfam",
		     strpool_printf(c->pool, "xfam_mask[%u]", gate->xfam_bit),
		     strpool_printf(c->pool, "%s %s", c->r->repo,
				    c->src_init),
		     xfam_hint(c, gate->xfam_bit));
	}
}

static uint32_t td_bit(const struct mctx *c, struct cpuid_field f,
		       bool *known)
{
	const struct tdx_entry *e = tdx_rules_find(c->r, f.leaf, f.subleaf);
	size_t i;

	if (!e) {
		*known = false;
		return 0;
	}
	i = entry_index(c->r, e);
	*known = !(c->unk[i][f.reg] & cpuid_field_mask(&f));
	return cpuid_field_extract(&f, c->v[i][f.reg]);
}

static void special_leaf5(struct mctx *c, const struct tdx_entry *e)
{
	bool known;
	uint32_t monitor = td_bit(c, CPUID_FEATURE_MWAIT, &known);
	size_t i = entry_index(c->r, e);
	unsigned int r;

	if (known && monitor)
		return;
	if (known) {
		zero_entry(c, e, TDX_SP_MONITOR_LEAF5,
			   "leaf 5 is zero because CPUID.1.ECX MONITOR (bit 3)"
			   " is 0 in the TD");
		return;
	}
	for (r = 0; r < CPUID_NR_REGS; r++) {
		c->unk[i][r] |= c->v[i][r];
		c->v[i][r] = 0;
		note_special(c, e, r, c->unk[i][r], VERDICT_NATIVE,
			     "dependency", TDX_SP_MONITOR_LEAF5,
			     "zero unless the TD's MONITOR bit is 1, which is "
			     "host-dependent (pass --host)");
	}
}

/* Size of the XSAVE area for the XFAM-enabled XCR0 components (§2.4). */
static void special_xsave_d0_ecx(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field ecx = CPUID_REG_VALUE(0xd, 0, CPUID_REG_ECX);
	uint32_t size = 512 + 64;	/* legacy area + XSAVE header */
	unsigned int n;

	for (n = 2; n < 19; n++) {
		const struct tdx_entry *sub;
		size_t i;

		/* XCR0 (user) components only: XSS ones are not in ECX. */
		if (!xfam_has(c, n) || !((0x602ffull >> n) & 1))
			continue;
		sub = entry_of(c->r, 0xd, true, n);
		if (!sub)
			continue;
		i = entry_index(c->r, sub);
		if (c->n->unknown[i][CPUID_REG_EAX] ||
		    c->n->unknown[i][CPUID_REG_EBX]) {
			size_t k = entry_index(c->r, e);

			c->unk[k][CPUID_REG_ECX] = 0xffffffffu;
			c->v[k][CPUID_REG_ECX] = 0;
			note_special(c, e, CPUID_REG_ECX, 0xffffffffu,
				     VERDICT_NATIVE, "calculated",
				     TDX_SP_XSAVE_D0_ECX,
				     "computed from the host's XSAVE layout "
				     "for the XFAM components (host-dependent:"
				     " pass --host)");
			return;
		}
		/* offset (EBX) + size (EAX) of component n */
		if (c->n->v[i][CPUID_REG_EBX] + c->n->v[i][CPUID_REG_EAX] >
		    size)
			size = c->n->v[i][CPUID_REG_EBX] +
			       c->n->v[i][CPUID_REG_EAX];
	}
	set_field(c, e, ecx, size);
	note_special(c, e, CPUID_REG_ECX, 0xffffffffu, VERDICT_FORCED,
		     "calculated", TDX_SP_XSAVE_D0_ECX,
		     "the XSAVE area size of the XCR0 components XFAM "
		     "enables");
}

static void special_xfd(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field xfd = CPUID_FIELD(0xd, 1, CPUID_REG_EAX, 4, 1);
	size_t i = entry_index(c->r, e);
	bool any = false, unknown = c->n->unknown[i][xfd.reg] &
				    cpuid_field_mask(&xfd);
	unsigned int n;

	for (n = 2; n < 19 && !unknown; n++) {
		const struct tdx_entry *sub = entry_of(c->r, 0xd, true, n);
		size_t k;

		if (!sub || !xfam_has(c, n))
			continue;
		k = entry_index(c->r, sub);
		if (c->n->unknown[k][CPUID_REG_ECX] & (1u << 2))
			unknown = true;
		else if (c->n->v[k][CPUID_REG_ECX] & (1u << 2))
			any = true;
	}
	if (unknown) {
		c->v[i][xfd.reg] &= ~cpuid_field_mask(&xfd);
		c->unk[i][xfd.reg] |= cpuid_field_mask(&xfd);
		note_special(c, e, xfd.reg, cpuid_field_mask(&xfd),
			     VERDICT_NATIVE, "calculated", TDX_SP_XFD_SUPPORT,
			     "1 if the host has XFD and an XFAM component "
			     "supports it (host-dependent: pass --host)");
		return;
	}
	set_field(c, e, xfd, (c->n->v[i][xfd.reg] & cpuid_field_mask(&xfd)) &&
				     any);
	note_special(c, e, xfd.reg, cpuid_field_mask(&xfd), VERDICT_FORCED,
		     "calculated", TDX_SP_XFD_SUPPORT,
		     "1 only if the host has XFD and an XFAM-enabled "
		     "component supports XFD");
}

static void special_tsc(struct mctx *c, const struct tdx_entry *e)
{
	size_t i = entry_index(c->r, e);

	if (!c->p->tsc_known) {
		c->v[i][CPUID_REG_EBX] = 0;
		c->unk[i][CPUID_REG_EBX] = 0xffffffffu;
		note_special(c, e, CPUID_REG_EBX, 0xffffffffu, VERDICT_NATIVE,
			     "calculated", TDX_SP_TSC_LEAF_15,
			     "TD_PARAMS.TSC_FREQUENCY, by default the host's "
			     "TSC (set tdx.tsc_frequency or pass --host)");
		return;
	}
	set_field(c, e, CPUID_REG_VALUE(0x15, 0, CPUID_REG_EBX),
		  c->p->tsc_frequency);
	note_special(c, e, CPUID_REG_EBX, 0xffffffffu, VERDICT_FORCED,
		     "calculated", TDX_SP_TSC_LEAF_15,
		     "TD_PARAMS.TSC_FREQUENCY: TSC = EBX x 25 MHz");
}

static void special_la_bits(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field la = CPUID_FIELD_VIRT_ADDR_BITS;
	bool known;
	uint32_t la57 = td_bit(c, CPUID_FEATURE_LA57, &known);
	size_t i = entry_index(c->r, e);

	if (!known) {
		c->v[i][la.reg] &= ~cpuid_field_mask(&la);
		c->unk[i][la.reg] |= cpuid_field_mask(&la);
		note_special(c, e, la.reg, cpuid_field_mask(&la),
			     VERDICT_NATIVE, "calculated", TDX_SP_LA_BITS,
			     "57 with LA57, else 48; LA57 is host-dependent");
		return;
	}
	set_field(c, e, la, la57 ? 57 : 48);
	note_special(c, e, la.reg, cpuid_field_mask(&la), VERDICT_FORCED,
		     "calculated", TDX_SP_LA_BITS,
		     "57 if the TD has LA57 (CPUID.7.0.ECX[16]), else 48");
}

static void special_maxgpa(struct mctx *c, const struct tdx_entry *e)
{
	struct cpuid_field gpa = CPUID_FIELD_GUEST_PHYS_ADDR_BITS;
	uint32_t limit = (c->p->config_flags & TDX_CONFIG_GPAW) ? 52 : 48;
	size_t i = entry_index(c->r, e);

	if (!(c->p->config_flags & TDX_CONFIG_MAXGPA_VIRT)) {
		set_field(c, e, gpa, 0);
		note_special(c, e, gpa.reg, cpuid_field_mask(&gpa),
			     c->in[i][gpa.reg] & cpuid_field_mask(&gpa) ?
				     VERDICT_FORCED :
				     VERDICT_AS_CONFIGURED,
			     "calculated", TDX_SP_MAXGPA_VIRT,
			     "0 without CONFIG_FLAGS.MAXGPA_VIRT");
		return;
	}
	if (!c->n->maxpa_known) {
		c->v[i][gpa.reg] &= ~cpuid_field_mask(&gpa);
		c->unk[i][gpa.reg] |= cpuid_field_mask(&gpa);
		note_special(c, e, gpa.reg, cpuid_field_mask(&gpa),
			     VERDICT_NATIVE, "calculated", TDX_SP_MAXGPA_VIRT,
			     "min(host MAXPHYADDR, GPAW limit): "
			     "host-dependent");
		return;
	}
	set_field(c, e, gpa, c->n->maxpa < limit ? c->n->maxpa : limit);
	note_special(c, e, gpa.reg, cpuid_field_mask(&gpa), VERDICT_FORCED,
		     "calculated", TDX_SP_MAXGPA_VIRT,
		     "min(host MAXPHYADDR, 52 with GPAW else 48)");
}

/* ATTRIBUTES-gated bits and leaves (§2.4). */
static void special_attributes(struct mctx *c, const struct tdx_entry *e)
{
	uint64_t attr = c->p->attributes;
	size_t i = entry_index(c->r, e);

	if (e->leaf == 7 && e->subleaf == 0 && tdx_has(c->r, TDX_SP_PKS_ATTR)) {
		struct cpuid_field pks = CPUID_FEATURE_PKS;

		set_field(c, e, pks, !!(attr & TDX_ATTR_PKS));
		note_special(c, e, pks.reg, cpuid_field_mask(&pks),
			     (attr & TDX_ATTR_PKS) ||
					     !(c->in[i][pks.reg] &
					       cpuid_field_mask(&pks)) ?
				     VERDICT_FORCED :
				     VERDICT_DROPPED,
			     "attributes", TDX_SP_PKS_ATTR,
			     "equals ATTRIBUTES.PKS (bit 30)");
	}
	if (e->leaf == 7 && e->subleaf == 0 && tdx_has(c->r, TDX_SP_KL_ZERO)) {
		struct cpuid_field kl = CPUID_FEATURE_KEY_LOCKER;

		if ((c->v[i][kl.reg] | c->unk[i][kl.reg]) &
		    cpuid_field_mask(&kl)) {
			set_field(c, e, kl, 0);
			note_special(c, e, kl.reg, cpuid_field_mask(&kl),
				     VERDICT_FORCED, "fixed", TDX_SP_KL_ZERO,
				     "Key Locker is never offered to a TD");
		}
	}
	if (e->leaf == 7 && e->subleaf == 1 &&
	    tdx_has(c->r, TDX_SP_LASS_ATTR)) {
		struct cpuid_field lass = CPUID_FEATURE_LASS;

		set_field(c, e, lass, !!(attr & TDX_ATTR_LASS));
		note_special(c, e, lass.reg, cpuid_field_mask(&lass),
			     VERDICT_FORCED, "attributes", TDX_SP_LASS_ATTR,
			     "equals ATTRIBUTES.LASS (bit 27)");
	}
	if (e->leaf == 0xa && tdx_has(c->r, TDX_SP_PERFMON_LEAF_A) &&
	    !(attr & TDX_ATTR_PERFMON))
		zero_entry(c, e, TDX_SP_PERFMON_LEAF_A,
			   "zero unless ATTRIBUTES.PERFMON (bit 63), which "
			   "mainline KVM never sets");
	if (e->leaf == 0x1a && tdx_has(c->r, TDX_SP_MODEL_LEAF_1A) &&
	    (attr & TDX_ATTR_MIGRATABLE))
		zero_entry(c, e, TDX_SP_MODEL_LEAF_1A,
			   "zero for a migratable TD");
	if (e->leaf == 0x23 && tdx_has(c->r, TDX_SP_PERFMON_EXT_LEAF_23)) {
		bool known;
		uint32_t ext = td_bit(c, CPUID_FEATURE_ARCH_PERFMON_EXT, &known);

		if (!(attr & TDX_ATTR_PERFMON) || (known && !ext))
			zero_entry(c, e, TDX_SP_PERFMON_EXT_LEAF_23,
				   "zero unless ATTRIBUTES.PERFMON and "
				   "CPUID.7.1.EAX[8]");
	}
}

/* Leaves XFAM zeroes whole (§2.4). */
static void special_xfam_leaves(struct mctx *c, const struct tdx_entry *e)
{
	if (e->leaf == 0xd && e->has_subleaf && e->subleaf >= 2 &&
	    e->subleaf <= 18 && tdx_has(c->r, TDX_SP_XSAVE_SUBLEAF_N) &&
	    !xfam_has(c, e->subleaf))
		zero_entry(c, e, TDX_SP_XSAVE_SUBLEAF_N,
			   strpool_printf(c->pool, "zero unless XFAM bit %u",
					  e->subleaf));
	if (e->leaf == 0x14 && tdx_has(c->r, TDX_SP_PT_LEAF_14) &&
	    !xfam_has(c, 8))
		zero_entry(c, e, TDX_SP_PT_LEAF_14,
			   "zero unless XFAM bit 8 (PT)");
	if (e->leaf == 0x1c && tdx_has(c->r, TDX_SP_LBR_LEAF_1C) &&
	    !xfam_has(c, 15))
		zero_entry(c, e, TDX_SP_LBR_LEAF_1C,
			   "zero unless XFAM bit 15 (LBR)");
	if (e->leaf == 0x1d && tdx_has(c->r, TDX_SP_AMX_LEAF_1D) &&
	    !(xfam_has(c, 17) && xfam_has(c, 18)))
		zero_entry(c, e, TDX_SP_AMX_LEAF_1D,
			   "zero unless XFAM bits 17 and 18 (AMX)");
	if (e->leaf == 0x19 && tdx_has(c->r, TDX_SP_KEYLOCKER_LEAF_19))
		zero_entry(c, e, TDX_SP_KEYLOCKER_LEAF_19, "always zero");
}

static void compute_entry(struct mctx *c, const struct tdx_entry *e)
{
	apply_xfam_gates(c, e);
	special_attributes(c, e);
	special_xfam_leaves(c, e);
	if (e->leaf == 5 && tdx_has(c->r, TDX_SP_MONITOR_LEAF5))
		special_leaf5(c, e);
	if (e->leaf == 0xd && e->subleaf == 0 &&
	    tdx_has(c->r, TDX_SP_XSAVE_D0_ECX))
		special_xsave_d0_ecx(c, e);
	if (e->leaf == 0xd && e->subleaf == 1 &&
	    tdx_has(c->r, TDX_SP_XFD_SUPPORT))
		special_xfd(c, e);
	if (e->leaf == 0x15 && tdx_has(c->r, TDX_SP_TSC_LEAF_15))
		special_tsc(c, e);
	if (e->leaf == 0x80000008 && tdx_has(c->r, TDX_SP_LA_BITS))
		special_la_bits(c, e);
	if (e->leaf == 0x80000008 && tdx_has(c->r, TDX_SP_MAXGPA_VIRT))
		special_maxgpa(c, e);
}


/* ---- 0x1F and 0xB: check_cpuid_1f_and_compute_cpuid_0b() ---- */

#define TOPO_LEVELS 6	/* sub-leaves 0..5; level types INVALID..DIE */
#define TOPO_SMT 1
#define TOPO_CORE 2

/* The format rules of helpers.c (research helper note on 2.0.18). */
static const char *topology_error(uint32_t ecx[TOPO_LEVELS])
{
	unsigned int n, prev = 0;
	bool core = false;

	for (n = 0; n < TOPO_LEVELS; n++) {
		unsigned int type = (ecx[n] >> 8) & 0xff;

		if (type == 0) {
			if (n == 0)
				return "sub-leaf 0 has level type INVALID";
			if (!core)
				return "no CORE level (type 2) before the first "
				       "INVALID level";
			prev = 0;
			continue;
		}
		if (type <= prev)
			return "level types must strictly increase";
		if (type >= TOPO_LEVELS)
			return "level type above DIE (5)";
		if ((ecx[n] & 0xff) != n)
			return "ECX[7:0] (level number) must equal the "
			       "sub-leaf";
		if (type == TOPO_SMT && n != 0)
			return "an SMT level (type 1) is allowed only at "
			       "sub-leaf 0";
		if (type == TOPO_CORE)
			core = true;
		prev = type;
	}
	return NULL;
}

/* 0xB from 0x1F: SMT copied, then the last level as CORE, then ends. */
static void derive_0b(struct mctx *c, size_t idx1f[TOPO_LEVELS],
		      bool unknown)
{
	const struct tdx_entry *b[3];
	size_t last = 0, bi, n;
	unsigned int level = 0, r;

	for (n = 0; n < 3; n++) {
		b[n] = entry_of(c->r, 0xb, true, (uint32_t)n);
		if (!b[n])
			return;
	}
	for (n = 0; n < TOPO_LEVELS; n++)
		if ((c->v[idx1f[n]][CPUID_REG_ECX] >> 8) & 0xff)
			last = idx1f[n];
	for (n = 0; n < 3; n++) {
		bi = entry_index(c->r, b[n]);
		for (r = 0; r < CPUID_NR_REGS; r++) {
			c->v[bi][r] = 0;
			c->unk[bi][r] = unknown ? 0xffffffffu : 0;
		}
	}
	if (!unknown) {
		if (((c->v[idx1f[0]][CPUID_REG_ECX] >> 8) & 0xff) == TOPO_SMT) {
			memcpy(c->v[entry_index(c->r, b[0])], c->v[idx1f[0]],
			       sizeof(c->v[0]));
			level = 1;
		}
		bi = entry_index(c->r, b[level]);
		c->v[bi][CPUID_REG_EAX] = c->v[last][CPUID_REG_EAX];
		c->v[bi][CPUID_REG_EBX] = c->v[last][CPUID_REG_EBX];
		c->v[bi][CPUID_REG_EDX] = c->v[last][CPUID_REG_EDX];
		c->v[bi][CPUID_REG_ECX] = level | TOPO_CORE << 8;
		for (n = level + 1; n < 3; n++) {
			bi = entry_index(c->r, b[n]);
			c->v[bi][CPUID_REG_ECX] = (uint32_t)n;
			c->v[bi][CPUID_REG_EDX] = c->v[last][CPUID_REG_EDX];
		}
	}
	for (n = 0; n < 3; n++)
		for (r = 0; r < CPUID_NR_REGS; r++)
			note_special(c, b[n], r, 0xffffffffu,
				     unknown ? VERDICT_NATIVE : VERDICT_FORCED,
				     "calculated", TDX_SP_TOPOLOGY_1F,
				     unknown ? "derived from the host's 0x1F "
					       "(host-dependent)" :
					       "derived by the module from "
					       "0x1F");
}

static void topology_1f(struct mctx *c)
{
	size_t idx[TOPO_LEVELS];
	uint32_t ecx[TOPO_LEVELS];
	bool null_config, any = false, unknown = false;
	const char *why;
	unsigned int n, r;

	for (n = 0; n < TOPO_LEVELS; n++) {
		const struct tdx_entry *e = entry_of(c->r, 0x1f, true, n);

		if (!e || e->config < 0)
			return;
		idx[n] = entry_index(c->r, e);
	}
	null_config = !(c->v[idx[0]][0] | c->v[idx[0]][1] |
			c->v[idx[0]][2] | c->v[idx[0]][3]);
	for (n = 1; n < TOPO_LEVELS; n++)
		for (r = 0; r < CPUID_NR_REGS; r++)
			any |= c->in[idx[n]][r] != 0;
	if (null_config && any) {
		fail(c, TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED,
		     "TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED", false, 0,
		     "CPUID 0x1F: sub-leaf 0 is zero (use the host's topology) "
		     "but later sub-leaves are not; zero them all or configure "
		     "a full topology");
		return;
	}
	if (null_config) {
		/* All zero: the host's topology, checked the same way. */
		for (n = 0; n < TOPO_LEVELS; n++) {
			const struct tdx_entry *e = &c->r->entries[idx[n]];

			for (r = 0; r < CPUID_NR_REGS; r++) {
				c->v[idx[n]][r] = c->n->v[idx[n]][r];
				c->unk[idx[n]][r] = c->n->unknown[idx[n]][r];
				unknown |= c->unk[idx[n]][r] != 0;
			}
			note_special(c, e, CPUID_REG_ECX, 0xffff,
				     c->n->has_host ? VERDICT_FORCED :
						      VERDICT_NATIVE,
				     "configured+validated", TDX_SP_TOPOLOGY_1F,
				     "all zero: the host's topology");
		}
	}
	if (!unknown) {
		for (n = 0; n < TOPO_LEVELS; n++)
			ecx[n] = c->v[idx[n]][CPUID_REG_ECX];
		why = topology_error(ecx);
		if (why) {
			fail(c, TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED,
			     "TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED", false, 0,
			     "CPUID 0x1F topology: %s", why);
			for (n = 0; n < TOPO_LEVELS; n++)
				note_special(c, &c->r->entries[idx[n]],
					     CPUID_REG_ECX,
					     c->in[idx[n]][CPUID_REG_ECX],
					     VERDICT_REJECTED,
					     "configured+validated",
					     TDX_SP_TOPOLOGY_1F, why);
			return;
		}
	}
	derive_0b(c, idx, unknown);
}

int tdx_mng_init(const struct tdx_rules *rules, const struct tdx_native *n,
		 const struct tdx_td_params *p, struct trace *t,
		 struct strpool *pool, struct cpuid_set *td,
		 struct tdx_status *status)
{
	struct mctx c = {
		.r = rules,
		.n = n,
		.p = p,
		.t = t,
		.pool = pool,
		.st = status,
	};
	size_t i;
	int ret = -1;

	memset(status, 0, sizeof(*status));
	status->name = "TDX_SUCCESS";
	c.src_table = strpool_printf(pool, "%s %s", rules->repo,
				     rules->table_file);
	c.src_init = "src/vmm_dispatcher/api_calls/tdh_mng_init.c";
	c.in = calloc(rules->n, sizeof(*c.in));
	c.v = calloc(rules->n, sizeof(*c.v));
	c.unk = calloc(rules->n, sizeof(*c.unk));
	if (!c.in || !c.v || !c.unk)
		goto out;

	/* read_and_set_td_configurations(), in its order (§2.4). */
	check_attributes(&c);
	check_xfam(&c);
	check_config_flags(&c);
	check_tsc(&c);

	/* read_and_set_cpuid_configurations(): lookup order. */
	for (i = 0; i < rules->n; i++) {
		start_entry(&c, &rules->entries[i]);
		note_table(&c, &rules->entries[i]);
		check_entry(&c, &rules->entries[i]);
	}
	for (i = 0; i < rules->n; i++)
		compute_entry(&c, &rules->entries[i]);
	if (tdx_has(rules, TDX_SP_TOPOLOGY_1F))
		topology_1f(&c);

	for (i = 0; i < rules->n; i++) {
		struct cpuid_entry e = tdx_entry_key(&rules->entries[i]);

		memcpy(e.regs, c.v[i], sizeof(e.regs));
		memcpy(e.unknown, c.unk[i], sizeof(e.unknown));
		if (cpuid_set_put(td, &e))
			goto out;
	}
	ret = 0;
out:
	free(c.in);
	free(c.v);
	free(c.unk);
	return ret;
}
