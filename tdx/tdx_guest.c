// SPDX-License-Identifier: MIT
/*
 * The guest's CPUID exit as src/td_dispatcher/vm_exits/td_cpuid.c handles
 * it, per the rule set's special rules (research/tdx.md §2.3, §2.6).
 */
#include <string.h>

#include "certify/feature_table.h"
#include "tdx_guest.h"
#include "tdx_module.h"

struct gctx {
	const struct tdx_rules *r;
	struct trace *t;
	struct strpool *pool;
	const char *source;
};

static void mark(struct gctx *c, const struct cpuid_entry *key,
		 unsigned int reg, uint32_t mask, enum verdict v,
		 enum tdx_special sp, const char *text)
{
	struct bit_note bn = {
		.strength = NOTE_FINAL,
		.verdict = v,
		/* The result outlives the rule set: its strings live in
		 * the pool. */
		.class = strpool_intern(c->pool, c->r->special[sp].kind),
		.layer = "guest",
		.rule = tdx_special_name(sp),
		.source = c->source,
		.note = text,
	};

	trace_note(c->t, key, reg, mask, &bn);
}

/* A field computed at each CPUID exit: runtime, and not known at launch. */
static void dynamic(struct gctx *c, struct cpuid_entry *e, enum tdx_special sp,
		    struct cpuid_field f, const char *text)
{
	uint32_t m = cpuid_field_mask(&f);

	if (!tdx_has(c->r, sp) || e->leaf != f.leaf)
		return;
	e->regs[f.reg] &= ~m;
	e->unknown[f.reg] |= m;
	mark(c, e, f.reg, m, VERDICT_RUNTIME, sp, text);
}

/* FEATURE_PARAVIRT_CTLS: bits the guest can change (§2.6). */
static const struct cpuid_field paravirt_bits[] = {
	CPUID_FEATURE_EST, CPUID_FEATURE_TM2, CPUID_FEATURE_DCA,
	CPUID_FEATURE_TSC_DEADLINE_TIMER, CPUID_FEATURE_MCE,
	CPUID_FEATURE_MTRR, CPUID_FEATURE_MCA, CPUID_FEATURE_ACPI,
	CPUID_FEATURE_CQM, CPUID_FEATURE_RDT_A, CPUID_FEATURE_TME,
	CPUID_FEATURE_PCONFIG, CPUID_FEATURE_CORE_CAPABILITIES,
};

static void runtime_fields(struct gctx *c, struct cpuid_entry *e)
{
	size_t i;

	dynamic(c, e, TDX_SP_INITIAL_APIC_ID, CPUID_FIELD_LOCAL_APIC_ID,
		"the vCPU's initial APIC ID, set per vCPU");
	dynamic(c, e, TDX_SP_OSXSAVE, CPUID_FEATURE_OSXSAVE,
		"follows the guest's CR4.OSXSAVE");
	if (e->indexed && e->subleaf == 0)
		dynamic(c, e, TDX_SP_OSPKE, CPUID_FEATURE_OSPKE,
			"follows the guest's CR4.PKE");
	if (e->indexed && e->subleaf <= 1)
		dynamic(c, e, TDX_SP_XSAVE_EBX,
			CPUID_REG_VALUE(0xd, e->subleaf, CPUID_REG_EBX),
			"the XSAVE size for the guest's current XCR0/XSS");
	dynamic(c, e, TDX_SP_SYSCALL, CPUID_FEATURE_SYSCALL,
		"1 only while the guest runs in 64-bit mode");
	if (e->leaf == 0xb || e->leaf == 0x1f)
		dynamic(c, e, TDX_SP_TOPOLOGY_1F,
			CPUID_REG_VALUE(e->leaf, e->subleaf, CPUID_REG_EDX),
			"the vCPU's x2APIC ID");
	if (!tdx_has(c->r, TDX_SP_FEATURE_PARAVIRT_CTLS))
		return;
	for (i = 0; i < ARRAY_SIZE(paravirt_bits); i++) {
		const struct cpuid_field *f = &paravirt_bits[i];

		if (f->leaf == e->leaf && (f->leaf != 7 || e->subleaf == 0))
			mark(c, e, f->reg, cpuid_field_mask(f),
			     VERDICT_RUNTIME, TDX_SP_FEATURE_PARAVIRT_CTLS,
			     "the guest can change it at run time through "
			     "FEATURE_PARAVIRT_CTLS; the launch value is only "
			     "the starting point");
	}
}

/* A leaf the VMM answers: untrusted, with the VMM's value if known. */
static int untrusted(struct gctx *c, const struct cpuid_entry *key,
		     const struct cpuid_set *vmm, enum tdx_special sp,
		     const char *text, struct cpuid_set *guest)
{
	const struct cpuid_entry *v = cpuid_set_lookup(vmm, key->leaf,
						       key->subleaf);
	struct cpuid_entry e = *key;
	unsigned int r;

	for (r = 0; r < CPUID_NR_REGS; r++) {
		e.regs[r] = v ? v->regs[r] : 0;
		e.unknown[r] = v ? v->unknown[r] : 0xffffffffu;
		mark(c, &e, r, 0xffffffffu, VERDICT_UNTRUSTED, sp, text);
	}
	return cpuid_set_put(guest, &e);
}

/* CPUID_FIXED0_BITMAP: ordered index of base leaves, then extended. */
static bool fixed0_leaf(const struct tdx_rules *r, uint32_t leaf)
{
	uint32_t idx;

	if (!r->has_fixed0_bitmap)
		return false;
	if (leaf <= r->last_base_leaf)
		idx = leaf;
	else if (leaf >= 0x80000000u && leaf <= r->last_extended_leaf)
		idx = r->last_base_leaf + 1 + (leaf - 0x80000000u);
	else
		return false;
	return idx < 64 && (r->fixed0_bitmap >> idx) & 1;
}

int tdx_guest_view(const struct tdx_rules *rules, const struct cpuid_set *td,
		   const struct cpuid_set *vmm, struct trace *t,
		   struct strpool *pool, struct cpuid_set *guest)
{
	struct gctx c = { .r = rules, .t = t, .pool = pool };
	static const struct cpuid_set none = CPUID_SET_INIT;
	const struct cpuid_entry *v;
	size_t i;

	c.source = strpool_printf(pool, "%s %s", rules->repo,
				  "src/td_dispatcher/vm_exits/td_cpuid.c");
	if (!vmm)
		vmm = &none;
	for (i = 0; i < rules->n; i++) {
		const struct tdx_entry *te = &rules->entries[i];
		struct cpuid_entry key = tdx_entry_key(te);
		const struct cpuid_entry *e = cpuid_set_find(td, key.leaf,
							     key.indexed,
							     key.subleaf);
		struct cpuid_entry g;
		int ret = 0;

		if (!e)
			continue;
		if (te->faulting)
			ret = untrusted(&c, &key, vmm, TDX_SP_NOT_IN_TABLE,
					"faulting leaf: CPUID raises #VE and "
					"the untrusted VMM answers",
					guest);
		else if (tdx_reduce_ve_leaf(rules, te->leaf))
			ret = untrusted(&c, &key, vmm, TDX_SP_REDUCE_VE,
					"raises #VE (the VMM answers) unless "
					"the guest sets TD_CTLS.REDUCE_VE, "
					"then the module's value", guest);
		else if (tdx_has(rules, TDX_SP_CPUID2_VIRT) && te->leaf == 2)
			ret = untrusted(&c, &key, vmm, TDX_SP_CPUID2_VIRT,
					"raises #VE (the VMM answers) unless "
					"the guest sets TD_CTLS.VIRT_CPUID2, "
					"then 0x00feff01/0/0/0", guest);
		if (ret)
			return -1;
		if (te->faulting || cpuid_set_find(guest, key.leaf,
						   key.indexed, key.subleaf))
			continue;
		g = *e;
		runtime_fields(&c, &g);
		if (cpuid_set_put(guest, &g))
			return -1;
	}

	/* Leaves outside the module's table: the VMM answers them. */
	cpuid_set_for_each(v, vmm) {
		struct cpuid_entry key = *v;

		if (tdx_rules_find(rules, v->leaf, v->subleaf))
			continue;
		if (v->leaf >= 0x40000000u && v->leaf <= 0x4fffffffu) {
			if (untrusted(&c, &key, vmm, TDX_SP_HYPERVISOR_LEAVES,
				      "hypervisor leaf: always #VE, answered "
				      "by the untrusted VMM", guest))
				return -1;
		} else if (tdx_reduce_ve_leaf(rules, v->leaf)) {
			/* td_cpuid.c checks REDUCE_VE after the bitmap. */
			if (untrusted(&c, &key, vmm, TDX_SP_REDUCE_VE,
				      "not in the module's table: raises #VE "
				      "(the VMM answers) unless the guest sets "
				      "TD_CTLS.REDUCE_VE, then all-zero", guest))
				return -1;
		} else if (fixed0_leaf(rules, v->leaf)) {
			memset(key.regs, 0, sizeof(key.regs));
			memset(key.unknown, 0, sizeof(key.unknown));
			if (cpuid_set_put(guest, &key))
				return -1;
		} else if (untrusted(&c, &key, vmm, TDX_SP_NOT_IN_TABLE,
				     tdx_has(rules, TDX_SP_REDUCE_VE) ?
				     "not in the module's table: CPUID raises "
				     "#VE and the untrusted VMM answers "
				     "(all-zero once the guest sets "
				     "TD_CTLS.REDUCE_VE)" :
				     "not in the module's table: CPUID raises "
				     "#VE and the untrusted VMM answers",
				     guest)) {
			return -1;
		}
	}
	return 0;
}
