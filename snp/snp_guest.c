// SPDX-License-Identifier: MIT
/*
 * torvalds/linux@8d73829 arch/x86/boot/startup/sev-shared.c:
 * setup_cpuid_table, snp_cpuid_get_validated_func, snp_cpuid_postprocess,
 * snp_cpuid_calc_xsave_size, do_vc_no_ghcb; arch/x86/boot/compressed/sev.c
 * sev_check_cpu_support.  research/snp.md §6.
 */
#include <inttypes.h>
#include <string.h>

#include "certify/leaves.h"
#include "snp_guest.h"

#define GUEST_SOURCE "torvalds/linux@8d73829b78ca1a0e6eb93380f3bf5193d58c281c " \
		     "arch/x86/boot/startup/sev-shared.c"
/* XCR0 components Linux may enable that have a 0xD sub-leaf: YMM, MPX,
 * AVX-512 (3), PKRU, AMX (XFEATURE_MASK_USER_SUPPORTED). */
#define LINUX_XCR0_COMPONENTS 0x602fcull
#define XSS_CET_USER (1u << 11)

struct gctx {
	const struct snp_page *p;
	unsigned int n;
	struct trace *t;
	struct strpool *pool;
	struct snp_guest_status *st;
};

/* snp_cpuid_get_validated_func(): the first entry that matches. */
static const struct snp_page_entry *glookup(const struct gctx *c, uint32_t fn,
					    uint32_t sub)
{
	bool indexed = cpuid_leaf_is_indexed(fn);
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		const struct snp_page_entry *e = &c->p->e[i];

		if (e->eax_in != fn || (indexed && e->ecx_in != sub))
			continue;
		if (fn == 0xd && sub <= 1 &&
		    ((e->xcr0_in != 1 && e->xcr0_in != 3) || e->xss_in))
			continue;
		return e;
	}
	return NULL;
}

static void gnote(struct gctx *c, const struct snp_page_entry *e,
		  unsigned int reg, uint32_t mask, enum note_strength s,
		  enum verdict v, const char *cls, const char *rule,
		  const char *text)
{
	struct cpuid_entry key = snp_page_key(e);
	struct bit_note bn = {
		.strength = s,
		.verdict = v,
		.class = cls,
		.layer = "guest",
		.rule = rule,
		.source = GUEST_SOURCE,
		.note = text,
	};

	memset(key.regs, 0, sizeof(key.regs));
	trace_note(c->t, &key, reg, mask, &bn);
}

static void terminate(struct gctx *c, uint64_t term, const char *name,
		      uint32_t leaf, const char *message)
{
	if (c->st->term)
		return;		/* the guest stops at the first one */
	c->st->term = term;
	c->st->name = name;
	c->st->has_leaf = true;
	c->st->leaf = leaf;
	c->st->message = message;
}

static void sev_detection(struct gctx *c)
{
	const struct snp_page_entry *e;

	/* A table entry is found whatever the range; the range only makes a
	 * missing leaf read 0 (snp_cpuid). */
	e = glookup(c, 0x80000000u, 0);
	if (!e || e->regs[0] < 0x8000001fu) {
		if (e)
			gnote(c, e, CPUID_REG_EAX, 0xffffffffu, NOTE_REJECT,
			      VERDICT_REJECTED, "guest-requires",
			      "sev_check_cpu_support",
			      "the SNP guest needs 0x80000000.EAX >= "
			      "0x8000001F");
		terminate(c, SNP_TERM_GEN_REQ, "GHCB_SEV_ES_GEN_REQ",
			  0x80000000u, e ? "0x80000000.EAX is below 0x8000001F:"
			  " the guest cannot see the SEV leaf and stops" :
			  "no 0x80000000 entry: the extended range is empty, "
			  "the guest cannot see the SEV leaf and stops");
		return;
	}
	e = glookup(c, 0x8000001fu, 0);
	if (e && (e->regs[0] & 0x2))
		return;
	if (e)
		gnote(c, e, CPUID_REG_EAX, 0x2, NOTE_REJECT, VERDICT_REJECTED,
		      "guest-requires", "sev_check_cpu_support",
		      "the SNP guest needs SEV (0x8000001F.EAX bit 1): set it");
	terminate(c, SNP_TERM_GEN_REQ, "GHCB_SEV_ES_GEN_REQ", 0x8000001fu,
		  e ? "0x8000001F.EAX bit 1 (SEV) is clear: the guest stops" :
		  "no 0x8000001F entry: the guest reads SEV as absent and "
		  "stops");
}

/* snp_cpuid_calc_xsave_size(): every enabled component has a sub-leaf. */
static void xsave(struct gctx *c)
{
	const struct snp_page_entry *l1 = glookup(c, 1, 0), *d0, *d1, *l7;
	uint64_t enabled;
	unsigned int bit;

	if (!l1 || !(l1->regs[CPUID_REG_ECX] & (1u << 26)))
		return;		/* no XSAVE: leaf 0xD is not used */
	d1 = glookup(c, 0xd, 1);
	if (!d1 || !(d1->regs[CPUID_REG_EAX] & 0xa)) {
		if (d1)
			gnote(c, d1, CPUID_REG_EAX, 0xa, NOTE_REJECT,
			      VERDICT_REJECTED, "guest-requires",
			      "snp_cpuid_postprocess",
			      "the guest needs XSAVEC or XSAVES (0xD/1 EAX bit "
			      "1 or 3) to size its XSAVE area");
		terminate(c, SNP_TERM_GEN_REQ, "GHCB_SEV_ES_GEN_REQ", 0xd,
			  d1 ? "0xD/1 has neither XSAVEC nor XSAVES: the "
			  "guest's CPUID 0xD fails and it stops" :
			  "XSAVE is on but no 0xD/1 entry has xcr0_in 1 or 3 "
			  "and xss_in 0 (the only ones the Linux guest uses): "
			  "its CPUID 0xD fails and it stops");
		return;
	}
	d0 = glookup(c, 0xd, 0);
	enabled = d0 ? ((uint64_t)d0->regs[CPUID_REG_EDX] << 32 |
			d0->regs[CPUID_REG_EAX]) & LINUX_XCR0_COMPONENTS : 0;
	l7 = glookup(c, 7, 0);
	if (l7 && (l7->regs[CPUID_REG_ECX] & (1u << 7)) &&
	    (d1->regs[CPUID_REG_EAX] & 0x8) &&
	    (d1->regs[CPUID_REG_ECX] & XSS_CET_USER))
		enabled |= XSS_CET_USER;	/* shadow stacks: CET_U in XSS */
	for (bit = 2; bit < 64; bit++) {
		unsigned int i;
		bool found = false;

		if (!((enabled >> bit) & 1))
			continue;
		for (i = 0; i < c->n && !found; i++)
			found = c->p->e[i].eax_in == 0xd &&
				c->p->e[i].ecx_in == bit;
		if (found)
			continue;
		terminate(c, SNP_TERM_GEN_REQ, "GHCB_SEV_ES_GEN_REQ", 0xd,
			  strpool_printf(c->pool, "XSAVE component %u is "
					 "enabled but 0xD sub-leaf %u is "
					 "missing: the guest cannot size its "
					 "XSAVE area and stops; add the "
					 "sub-leaf or clear the component in "
					 "0xD/0", bit, bit));
		return;
	}
}

/* snp_cpuid_postprocess(): what the table does not decide. */
static void runtime_fields(struct gctx *c)
{
	static const char from_hv[] = "taken from the hypervisor at run time "
				      "(untrusted), not from the table";
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		const struct snp_page_entry *e = &c->p->e[i];

		switch (e->eax_in) {
		case 1:
			gnote(c, e, CPUID_REG_EBX, 0xff000000u, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      "initial APIC ID: " "taken from the hypervisor at "
			      "run time (untrusted)");
			gnote(c, e, CPUID_REG_EDX, 1u << 9, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      from_hv);
			gnote(c, e, CPUID_REG_ECX, 1u << 27, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      "OSXSAVE: set when the guest's CR4.OSXSAVE is "
			      "(a table value of 1 stays 1)");
			break;
		case 7:
			gnote(c, e, CPUID_REG_ECX, 1u << 4, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      "OSPKE: follows the guest's CR4.PKE");
			break;
		case 0xb:
			gnote(c, e, CPUID_REG_EDX, 0xffffffffu, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      "x2APIC ID: " "taken from the hypervisor at run "
			      "time (untrusted)");
			break;
		case 0xd:
			if (e->ecx_in > 1)
				break;
			gnote(c, e, CPUID_REG_EBX, 0xffffffffu, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      e->ecx_in ? "the guest recomputes the compacted "
			      "XSAVE size from the table's sub-leaves for its "
			      "XCR0|XSS" : "the guest recomputes the XSAVE "
			      "size from the table's sub-leaves for its XCR0");
			break;
		case 0x8000001eu:
			gnote(c, e, CPUID_REG_EAX, 0xffffffffu, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      from_hv);
			gnote(c, e, CPUID_REG_EBX, 0xff, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      from_hv);
			gnote(c, e, CPUID_REG_ECX, 0xff, NOTE_FINAL,
			      VERDICT_RUNTIME, "runtime", "snp_cpuid_postprocess",
			      from_hv);
			break;
		}
	}
}

int snp_guest_view(const struct snp_page *page, struct trace *t,
		   struct strpool *pool, struct snp_guest_status *st)
{
	struct gctx c = { .p = page, .t = t, .pool = pool, .st = st };

	memset(st, 0, sizeof(*st));
	c.n = page->count < SNP_PAGE_ENTRIES ? page->count : SNP_PAGE_ENTRIES;
	if (page->count == 0 || page->count > SNP_PAGE_ENTRIES) {
		terminate(&c, SNP_TERM_CPUID, "GHCB_TERM_CPUID", 0,
			  strpool_printf(pool, "the table has %" PRIu32
					 " entries: the guest needs 1 to 64 "
					 "and stops (setup_cpuid_table)",
					 page->count));
		st->has_leaf = false;
		return t->failed ? -1 : 0;
	}
	runtime_fields(&c);
	sev_detection(&c);
	xsave(&c);
	return t->failed || pool->failed ? -1 : 0;
}
