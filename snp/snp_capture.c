// SPDX-License-Identifier: MIT
/*
 * --capture (snp_capture.h): crafted CPUID pages through the SNP launch
 * of snp_probe.c, the corrections read back, a rule set written.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "certify/leaves.h"
#include "certify/probe.h"
#include "snp_capture.h"
#include "snp_firmware.h"
#include "snp_probe.h"
#include "snp_rules.h"

#define ONES 0xffffffffu
#define SCAN_STD_LAST 0x3fu
#define SCAN_EXT_FIRST 0x80000000u
#define SCAN_EXT_LAST 0x8000003fu
#define SCAN_SUBLEAVES 8u		/* of an indexed leaf */
#define SCAN_SUBLEAVES_XSAVE 0x20u	/* of 0xD: XSAVE components */

/* What a register reads as. */
enum reading {
	READ_EXACT,		/* exact value */
	READ_UNCHECKED,		/* unchecked, mbz */
	READ_LE,		/* le value */
	READ_CUSTOM,		/* fits no table rule */
};

struct cand {
	uint32_t leaf, sub;
	bool ref;			/* a pair of the reference rule set */
	uint32_t ones[CPUID_NR_REGS];	/* O */
	uint32_t zeros[CPUID_NR_REGS];	/* Z */
	uint32_t xones[CPUID_NR_REGS];	/* X: xcr0_in = xss_in = ~0 */
	uint32_t p[CPUID_NR_REGS];	/* sent in the split probe, 0: none */
	uint32_t split[CPUID_NR_REGS];	/* P */
	uint32_t q[CPUID_NR_REGS];	/* sent in the clamp probe, 0: none */
	uint32_t clamp[CPUID_NR_REGS];	/* Q */
	uint32_t passed[CPUID_NR_REGS];	/* single bits taken as sent */
};

struct probe_rec {
	struct snp_page sent;
	struct snp_page got;
};

/* The pages that verify the checked ranges (snp_capture.h). */
static const uint32_t range_leaves[] = {
	0x0000ffffu, 0x00010000u, 0x40000000u, 0x7fffffffu,
	0x8000ffffu, 0x80010000u, 0xffffffffu,
};

struct capture {
	const struct check_request *req;
	struct snp_hw hw;
	struct snp_params params;
	struct cand *c;
	size_t n, cap;
	struct probe_rec *probes;
	size_t nprobes;
	bool range_checked[ARRAY_SIZE(range_leaves)];
	struct snp_page page, got;	/* scratch */
	struct diag *d;
};

static int oom(struct capture *cap)
{
	diag_set(cap->d, "certify", 0, "out of memory");
	return PROBE_BAD_INPUT;
}

/* ---- candidates ---- */

static int add(struct capture *cap, uint32_t leaf, uint32_t sub, bool ref)
{
	size_t i;

	for (i = 0; i < cap->n; i++)
		if (cap->c[i].leaf == leaf && cap->c[i].sub == sub) {
			cap->c[i].ref |= ref;
			return 0;
		}
	if (cap->n == cap->cap) {
		size_t ncap = cap->cap ? cap->cap * 2 : 256;
		struct cand *p = realloc(cap->c, ncap * sizeof(*p));

		if (!p)
			return -1;
		cap->c = p;
		cap->cap = ncap;
	}
	memset(&cap->c[cap->n], 0, sizeof(cap->c[0]));
	cap->c[cap->n].leaf = leaf;
	cap->c[cap->n].sub = sub;
	cap->c[cap->n].ref = ref;
	cap->n++;
	return 0;
}

static int add_leaf(struct capture *cap, uint32_t leaf)
{
	uint32_t sub, nsub = 2;

	if (cpuid_leaf_is_indexed(leaf))
		nsub = leaf == 0xd ? SCAN_SUBLEAVES_XSAVE : SCAN_SUBLEAVES;
	for (sub = 0; sub < nsub; sub++)
		if (add(cap, leaf, sub, false))
			return -1;
	return 0;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	return x->sub < y->sub ? -1 : x->sub > y->sub;
}

static int candidates(struct capture *cap)
{
	struct snp_rules ref;
	uint32_t leaf;
	size_t i;

	if (cap->req->rules) {
		if (snp_rules_read(cap->req->rules, &ref, cap->d))
			return PROBE_BAD_INPUT;
		for (i = 0; i < ref.n; i++)
			if (add(cap, ref.entries[i].leaf,
				ref.entries[i].subleaf, true)) {
				snp_rules_release(&ref);
				return oom(cap);
			}
		snp_rules_release(&ref);
	}
	for (leaf = 0; leaf <= SCAN_STD_LAST; leaf++)
		if (add_leaf(cap, leaf))
			return oom(cap);
	for (leaf = SCAN_EXT_FIRST; leaf <= SCAN_EXT_LAST; leaf++)
		if (add_leaf(cap, leaf))
			return oom(cap);
	qsort(cap->c, cap->n, sizeof(cap->c[0]), cand_cmp);
	return 0;
}

/* ---- probes ---- */

/* One page, one VM: @got is what the guest would get or what came back. */
static int send(struct capture *cap, const struct snp_page *page,
		struct snp_page *got)
{
	struct snp_hw_launch *l = malloc(sizeof(*l));
	struct probe_rec *p;
	int ret;

	if (!l)
		return oom(cap);
	ret = snp_hw_launch(&cap->hw, &cap->params, page, l, cap->d);
	if (ret)
		goto out;
	ret = PROBE_ENVIRONMENT;
	if (!l->validated) {
		const char *name = snp_sev_error_name(l->fw_error);

		if (l->fw_error)
			diag_set(cap->d, l->step, 0, "-%s, firmware error 0x%"
				 PRIx32 " (%s): the firmware never saw a page "
				 "to learn from", kvm_errno_name(l->err),
				 l->fw_error, name ? name : "unnamed");
		else
			diag_set(cap->d, l->step, 0, "-%s: the firmware never "
				 "saw a page to learn from",
				 kvm_errno_name(l->err));
		goto out;
	}
	if (l->read_back && !memcmp(&l->page, page, sizeof(*page))) {
		diag_set(cap->d, "KVM_SEV_SNP_LAUNCH_UPDATE", 0, "the firmware "
			 "refused a page of %" PRIu32 " entries and wrote "
			 "nothing back: it takes fewer entries than the "
			 "format's 64, or checks the page otherwise; the "
			 "capture cannot go on", page->count);
		goto out;
	}
	*got = l->page;
	p = realloc(cap->probes, (cap->nprobes + 1) * sizeof(*p));
	if (!p) {
		ret = oom(cap);
		goto out;
	}
	cap->probes = p;
	p[cap->nprobes].sent = *page;
	p[cap->nprobes].got = *got;
	cap->nprobes++;
	ret = 0;
out:
	free(l);
	return ret;
}

static uint32_t lowest_clear_bit(uint32_t v)
{
	return ~v & (v + 1);
}

static bool ambiguous(const struct cand *c, unsigned int reg)
{
	return !c->zeros[reg] && c->ones[reg] && c->ones[reg] != ONES;
}

enum way { WAY_ONES, WAY_ZEROS, WAY_XONES, WAY_SPLIT, WAY_CLAMP };

/* Every bit below @v's highest: a value under a clamp of @v that a
 * field-wise rule (0x80000008.EAX) still corrects. */
static uint32_t below_top(uint32_t v)
{
	uint32_t top = 1u << 31;

	while (top && !(v & top))
		top >>= 1;
	return top ? top - 1 : 0;
}

/* Candidates [first, first + n) one way; the split probe takes only
 * those with an ambiguous register. */
static int batch(struct capture *cap, size_t first, size_t n, enum way way)
{
	struct snp_page *page = &cap->page, *got = &cap->got;
	size_t idx[SNP_PAGE_ENTRIES];
	unsigned int i, k = 0, reg;
	int ret;

	memset(page, 0, sizeof(*page));
	for (i = 0; i < n; i++) {
		struct cand *c = &cap->c[first + i];
		struct snp_page_entry *e = &page->e[k];
		bool any = false;

		e->eax_in = c->leaf;
		e->ecx_in = c->sub;
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			switch (way) {
			case WAY_ONES:
				e->regs[reg] = ONES;
				break;
			case WAY_ZEROS:
				break;
			case WAY_XONES:
				e->regs[reg] = ONES;
				e->xcr0_in = ~UINT64_C(0);
				e->xss_in = ~UINT64_C(0);
				break;
			case WAY_SPLIT:
				if (!ambiguous(c, reg))
					break;
				c->p[reg] = lowest_clear_bit(c->ones[reg]);
				e->regs[reg] = c->p[reg];
				any = true;
				break;
			case WAY_CLAMP:
				if (!ambiguous(c, reg) ||
				    !below_top(c->ones[reg]))
					break;
				c->q[reg] = below_top(c->ones[reg]);
				e->regs[reg] = c->q[reg];
				any = true;
				break;
			}
		}
		if ((way == WAY_SPLIT || way == WAY_CLAMP) && !any) {
			memset(e, 0, sizeof(*e));
			continue;
		}
		idx[k++] = first + i;
	}
	if (!k)
		return 0;
	page->count = k;
	ret = send(cap, page, got);
	if (ret)
		return ret;
	for (i = 0; i < k; i++) {
		struct cand *c = &cap->c[idx[i]];
		uint32_t *to = way == WAY_ONES ? c->ones :
			       way == WAY_ZEROS ? c->zeros :
			       way == WAY_XONES ? c->xones :
			       way == WAY_SPLIT ? c->split : c->clamp;

		memcpy(to, got->e[i].regs, sizeof(got->e[i].regs));
	}
	return 0;
}

static int ranges(struct capture *cap)
{
	struct snp_page *page = &cap->page, *got = &cap->got;
	unsigned int i, reg;
	int ret;

	memset(page, 0, sizeof(*page));
	page->count = ARRAY_SIZE(range_leaves);
	for (i = 0; i < ARRAY_SIZE(range_leaves); i++) {
		page->e[i].eax_in = range_leaves[i];
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			page->e[i].regs[reg] = ONES;
	}
	ret = send(cap, page, got);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(range_leaves); i++)
		cap->range_checked[i] = memcmp(got->e[i].regs,
					       page->e[i].regs,
					       sizeof(page->e[i].regs)) != 0;
	return 0;
}

/* Not in the table (or every register must be 0). */
static bool all_zero(const struct cand *c)
{
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++)
		if (c->ones[reg] || c->zeros[reg] || c->xones[reg])
			return false;
	return true;
}

/* A register that reads as "must be 0" on ones and zeros. */
static bool zero_reg(const struct cand *c, unsigned int reg)
{
	return !c->ones[reg] && !c->zeros[reg];
}

/*
 * The walk: one bit at a time, in every register of the table's entries
 * that came back 0 from both ones and zeros, for the bits the firmware
 * takes as sent although it zeroes all-ones (7.0.EDX's inverted mask).
 * One page per bit, up to 64 entries each.
 */
static int walk_bit(struct capture *cap, const size_t *idx, size_t m,
		    unsigned int bit)
{
	struct snp_page *page = &cap->page, *got = &cap->got;
	unsigned int reg;
	size_t k;
	int ret;

	memset(page, 0, sizeof(*page));
	page->count = (uint32_t)m;
	for (k = 0; k < m; k++) {
		const struct cand *c = &cap->c[idx[k]];

		page->e[k].eax_in = c->leaf;
		page->e[k].ecx_in = c->sub;
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (zero_reg(c, reg))
				page->e[k].regs[reg] = 1u << bit;
	}
	ret = send(cap, page, got);
	for (k = 0; !ret && k < m; k++) {
		struct cand *c = &cap->c[idx[k]];

		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (zero_reg(c, reg) &&
			    got->e[k].regs[reg] == 1u << bit)
				c->passed[reg] |= 1u << bit;
	}
	return ret;
}

static int walk(struct capture *cap)
{
	size_t idx[SNP_PAGE_ENTRIES], i = 0, m;
	unsigned int bit, reg;
	int ret = 0;

	while (!ret && i < cap->n) {
		for (m = 0; i < cap->n && m < SNP_PAGE_ENTRIES; i++) {
			const struct cand *c = &cap->c[i];
			bool any = false;

			for (reg = 0; reg < CPUID_NR_REGS; reg++)
				any |= zero_reg(c, reg);
			if (any && !all_zero(c))
				idx[m++] = i;
		}
		for (bit = 0; !ret && m && bit < 32; bit++)
			ret = walk_bit(cap, idx, m, bit);
	}
	return ret;
}

static int probe_all(struct capture *cap)
{
	static const enum way ways[] = {
		WAY_ONES, WAY_ZEROS, WAY_XONES, WAY_SPLIT, WAY_CLAMP,
	};
	size_t first, n, w;
	int ret;

	ret = ranges(cap);
	for (first = 0; !ret && first < cap->n; first += n) {
		n = cap->n - first;
		if (n > SNP_PAGE_ENTRIES)
			n = SNP_PAGE_ENTRIES;
		/* The split and clamp probes need ones and zeros first. */
		for (w = 0; !ret && w < ARRAY_SIZE(ways); w++)
			ret = batch(cap, first, n, ways[w]);
	}
	return ret ? ret : walk(cap);
}

/* ---- reading the answers ---- */

/* 1.EAX and 0x80000001.EAX: compared with the host's F/M/S (research/snp.md
 * §0.2, §3.4), which the probes see as a clamp. */
static bool is_fms(const struct cand *c, unsigned int reg)
{
	return (c->leaf == 1 || c->leaf == 0x80000001u) && !c->sub &&
	       reg == CPUID_REG_EAX;
}

/*
 * A register's rule from its answers (snp_capture.h): *value and *mbz as
 * the record takes them.  What fits no table rule is written as
 * "unchecked" with the bits its probes never kept as must-be-zero.
 */
static enum reading read_reg(const struct cand *c, unsigned int reg,
			     uint32_t *value, uint32_t *mbz)
{
	uint32_t o = c->ones[reg], z = c->zeros[reg], p = c->p[reg];
	uint32_t q = c->q[reg], got = c->split[reg], got2 = c->clamp[reg];

	*value = o;
	*mbz = ~o;
	if (z && o == z) {
		*mbz = 0;
		return READ_EXACT;
	}
	if (z)
		return READ_CUSTOM;	/* required bits, an OR */
	if (o == ONES)
		return READ_UNCHECKED;
	if (is_fms(c, reg) && o) {
		/* The nearest table rule: F/M/S in numeric order. */
		*mbz = 0;
		return READ_LE;
	}
	if (!o) {
		*mbz = 0;
		if (!c->passed[reg])
			return READ_EXACT;
		*mbz = ~c->passed[reg];
		return READ_CUSTOM;
	}
	/* A mask or must-be-zero bits clear p and keep q's allowed bits;
	 * a clamp takes both as sent (or clamps p when it is above). */
	if (!got && got2 == (q & o))
		return READ_UNCHECKED;
	if (got == (p <= o ? p : o) && got2 == q) {
		*mbz = 0;
		return READ_LE;
	}
	return READ_CUSTOM;
}

static bool depends_on_xsave(const struct cand *c)
{
	return memcmp(c->ones, c->xones, sizeof(c->ones)) != 0;
}

/* ---- writing ---- */

static void header(struct capture *cap, const struct snp_capture_opts *opts,
		   struct strbuf *sb)
{
	const struct cpuid_entry *h = cap->req->host ?
		cpuid_set_lookup(cap->req->host, 1, 0) : NULL;
	const char *rel = kvm_kernel_release(&cap->hw.kvm);
	size_t i;

	strbuf_printf(sb, "# certify rule set: an SEV firmware's CPUID policy, "
		      "captured from the hardware.\n#\n"
		      "# Captured by certify (snp_capture) through KVM "
		      "(kernel %s)\n# in %u launches, one VM and one CPUID "
		      "page each.\n", rel,
		      cap->hw.launches);
	if (h)
		strbuf_printf(sb, "# Host (--host): CPUID 1.EAX 0x%08" PRIx32
			      ".\n", h->regs[CPUID_REG_EAX]);
	for (i = 0; i < cap->n; i++)
		if (cap->c[i].leaf == 1 && !cap->c[i].sub &&
		    cap->c[i].ones[CPUID_REG_EAX])
			strbuf_printf(sb, "# The firmware clamped 1.EAX to "
				      "0x%08" PRIx32 ": the host's "
				      "family/model/stepping\n# as it sees "
				      "them.  This rule set is for parts of "
				      "that F/M/S.\n",
				      cap->c[i].ones[CPUID_REG_EAX]);
	strbuf_printf(sb, "#\n"
		      "# Every record is observed behaviour, not the "
		      "firmware's source: a table rule\n"
		      "# that corrects as the firmware did on the probes "
		      "(all-ones, all-zeros,\n"
		      "# all-ones with xcr0_in/xss_in set, one bit).  A "
		      "mask rule and \"unchecked\n"
		      "# with must-be-zero bits\" correct alike and are "
		      "written as the latter.\n"
		      "# Custom functions cannot be recovered: entries that "
		      "behave as one say so.\n"
		      "# Method and limits: snp/snp_capture.h, "
		      "models/README.md (captured rule sets).\n");
	strbuf_printf(sb, "ruleset %s\nplatform snp\nversion %s\n"
		      "source certify/capture@%s KVM_SEV_SNP_LAUNCH_UPDATE "
		      "write-back\n\n",
		      opts && opts->name ? opts->name : "snp-captured",
		      opts && opts->version ? opts->version : "0", rel);
}

static void write_ranges(struct capture *cap, struct strbuf *sb)
{
	/* 0xFFFF and 0x8000FFFF checked, their neighbours not: the two
	 * ranges of research/snp.md §3.1. */
	static const bool expect[ARRAY_SIZE(range_leaves)] = {
		true, false, false, false, true, false, false,
	};
	size_t i;

	strbuf_puts(sb, "# The page: the format's 64 entries (a full page "
		    "was taken); only entries\n# whose eax_in is in a "
		    "checked range are validated.\n"
		    "const max_count 64\n");
	for (i = 0; i < ARRAY_SIZE(range_leaves); i++)
		if (cap->range_checked[i] != expect[i])
			strbuf_printf(sb, "# NOTE: eax_in 0x%08" PRIx32
				      " was %s; the ranges below do not say "
				      "so.\n",
				      range_leaves[i], cap->range_checked[i] ?
				      "corrected (checked)" :
				      "passed through unchecked");
	strbuf_puts(sb, "checked-range 0x00000000 0x0000ffff\n"
		    "checked-range 0x80000000 0x8000ffff\n\n");
}

static void write_entry(const struct cand *c, struct strbuf *sb)
{
	static const char *const rule_names[] = {
		[READ_EXACT] = "exact", [READ_UNCHECKED] = "unchecked",
		[READ_LE] = "le", [READ_CUSTOM] = "unchecked",
	};
	enum reading r[CPUID_NR_REGS];
	uint32_t v[CPUID_NR_REGS], mbz[CPUID_NR_REGS];
	bool custom = depends_on_xsave(c), fms = false;
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		r[reg] = read_reg(c, reg, &v[reg], &mbz[reg]);
		custom |= r[reg] == READ_CUSTOM;
		fms |= is_fms(c, reg);
	}
	if (custom || fms) {
		strbuf_printf(sb, "# 0x%08" PRIx32 "/0x%02" PRIx32 ": the "
			      "firmware checks this entry with its own "
			      "function:\n", c->leaf, c->sub);
		if (depends_on_xsave(c))
			strbuf_puts(sb, "#   the answer depends on xcr0_in/"
				    "xss_in (XSAVE sizes): the rules hold\n"
				    "#   for 0 only;\n");
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			if (is_fms(c, reg))
				strbuf_printf(sb, "#   %s (F/M/S) is compared "
					      "with the host's family, model, "
					      "stepping, not\n#   clamped to "
					      "0x%08" PRIx32 " as written "
					      "(fms-le-host);\n",
					      cpuid_reg_name(reg), v[reg]);
			else if (r[reg] == READ_CUSTOM && c->passed[reg])
				strbuf_printf(sb, "#   %s takes the bits of "
					      "0x%08" PRIx32 " one at a time "
					      "but zeroes all-ones:\n#   "
					      "written as those bits "
					      "allowed;\n",
					      cpuid_reg_name(reg),
					      c->passed[reg]);
			else if (r[reg] == READ_CUSTOM)
				strbuf_printf(sb, "#   %s fits no table rule "
					      "(all-ones gave 0x%08" PRIx32
					      ", all-zeros 0x%08" PRIx32
					      "):\n#   written as its all-ones "
					      "answer;\n", cpuid_reg_name(reg),
					      c->ones[reg], c->zeros[reg]);
		}
		strbuf_puts(sb, "#   the records reproduce the probes, not "
			    "the function.\n");
	}
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		uint32_t m = mbz[reg];

		strbuf_printf(sb, "reg 0x%08" PRIx32 " 0x%02" PRIx32 " %s "
			      "%-9s ", c->leaf, c->sub, cpuid_reg_name(reg),
			      rule_names[r[reg]]);
		if (r[reg] == READ_UNCHECKED || r[reg] == READ_CUSTOM)
			strbuf_puts(sb, "-         ");
		else
			strbuf_printf(sb, "0x%08" PRIx32, v[reg]);
		strbuf_printf(sb, " 0x%08" PRIx32 "\n", m);
	}
}

static void write_entries(struct capture *cap, struct strbuf *sb)
{
	size_t i, zero = 0, ref_zero = 0;

	strbuf_puts(sb, "# The entries the firmware's table has, in "
		    "(leaf, sub-leaf) order:\n"
		    "#   reg LEAF SUBLEAF REG RULE VALUE MBZ\n");
	for (i = 0; i < cap->n; i++) {
		const struct cand *c = &cap->c[i];

		if (all_zero(c)) {
			zero++;
			ref_zero += c->ref;
			continue;
		}
		if (!c->ref && c->sub == 1 && !cpuid_leaf_is_indexed(c->leaf))
			strbuf_printf(sb, "# 0x%08" PRIx32 " takes sub-leaf 1: "
				      "its sub-leaves above 1 were not "
				      "probed.\n", c->leaf);
		write_entry(c, sb);
	}
	strbuf_printf(sb, "\n# Probed: the standard leaves 0x0-0x%x and the "
		      "extended leaves\n# 0x%08x-0x%08x with their "
		      "sub-leaves.\n", SCAN_STD_LAST, SCAN_EXT_FIRST,
		      SCAN_EXT_LAST);
	if (cap->req->rules)
		strbuf_printf(sb, "# And the pairs of the reference rule set "
			      "%s.\n", cap->req->rules->name);
	strbuf_printf(sb, "# %zu pairs came back all zero from all-ones: not "
		      "in the table, or every\n# register must be 0, which "
		      "the firmware enforces alike; left out.\n", zero);
	if (ref_zero)
		strbuf_printf(sb, "# %zu of them are in the reference rule set "
			      "%s.\n", ref_zero, cap->req->rules->name);
}

/* ---- self-check: the rules written, replayed on every probe ---- */

static int self_check(struct capture *cap, const char *text, size_t len,
		      struct strbuf *sb)
{
	struct snp_page *out = &cap->page;
	struct snp_host host = { 0 };
	struct snp_rules rules;
	struct ruleset rs;
	struct input in;
	struct cpuid_set bad = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	size_t i, k;
	int ret = -1;

	if (input_from_buffer(&in, "captured.rules", text, len))
		return oom(cap);
	if (ruleset_parse(&in, "captured.rules", &rs, cap->d)) {
		input_release(&in);
		return PROBE_BAD_INPUT;	/* a bug: the text is ours */
	}
	input_release(&in);
	if (snp_rules_read(&rs, &rules, cap->d)) {
		ruleset_release(&rs);
		return PROBE_BAD_INPUT;
	}
	for (i = 0; i < cap->nprobes; i++) {
		const struct probe_rec *p = &cap->probes[i];
		struct check_result scratch;
		struct snp_fw_status st;
		struct trace t;
		int r;

		check_result_init(&scratch);
		trace_init(&t);
		r = snp_firmware_launch_update(&rules, &host, &p->sent, out,
					       &t, &scratch, &st);
		trace_release(&t);
		check_result_release(&scratch);
		if (r)
			goto out;
		for (k = 0; k < p->sent.count && k < SNP_PAGE_ENTRIES; k++) {
			struct cpuid_entry key = {
				.leaf = p->sent.e[k].eax_in,
				.subleaf = p->sent.e[k].ecx_in,
				.indexed = true,
			};

			if (!memcmp(out->e[k].regs, p->got.e[k].regs,
				    sizeof(out->e[k].regs)))
				continue;
			if (cpuid_set_put(&bad, &key))
				goto out;
		}
	}
	strbuf_printf(sb, "\n# Self-check: replayed on the %zu probe pages, "
		      "these rules give back what\n# the firmware did%s",
		      cap->nprobes, bad.n ? " except for:\n" : ".\n");
	cpuid_set_for_each(e, &bad)
		strbuf_printf(sb, "#   0x%08" PRIx32 "/0x%02" PRIx32 "\n",
			      e->leaf, e->subleaf);
	ret = 0;
out:
	cpuid_set_release(&bad);
	snp_rules_release(&rules);
	ruleset_release(&rs);
	return ret < 0 ? oom(cap) : 0;
}

int snp_capture(struct kvm_sys *sys, const struct check_request *req,
		const struct snp_capture_opts *opts, struct strbuf *out,
		struct diag *d)
{
	struct capture *cap = calloc(1, sizeof(*cap));
	struct strbuf sb = STRBUF_INIT;
	struct config none;
	int ret;

	if (!cap) {
		diag_set(d, "certify", 0, "out of memory");
		return PROBE_BAD_INPUT;
	}
	cap->req = req;
	cap->d = d;
	config_init(&none);
	if (snp_params_read(req->config ? req->config : &none, &cap->params,
			    d)) {
		ret = PROBE_BAD_INPUT;
		goto out;
	}
	ret = candidates(cap);
	if (ret)
		goto out;
	ret = snp_hw_open(&cap->hw, sys, d);
	if (ret)
		goto out;
	ret = probe_all(cap);
	if (!ret) {
		header(cap, opts, &sb);
		write_ranges(cap, &sb);
		write_entries(cap, &sb);
		ret = strbuf_failed(&sb) ? oom(cap) :
		      self_check(cap, sb.buf, sb.len, &sb);
	}
	snp_hw_close(&cap->hw);
	if (!ret && strbuf_failed(&sb))
		ret = oom(cap);
	if (!ret)
		strbuf_add(out, sb.buf, sb.len);
out:
	strbuf_release(&sb);
	config_release(&none);
	free(cap->c);
	free(cap->probes);
	free(cap);
	return ret;
}
