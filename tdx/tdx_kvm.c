// SPDX-License-Identifier: MIT
/*
 * KVM's TDX layer as torvalds/linux@3829d81b arch/x86/kvm/vmx/tdx.c has it
 * (research/tdx.md §3.3-3.4).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certify/feature_table.h"
#include "tdx_kvm.h"

#define KVM_SOURCE "torvalds/linux@3829d81b arch/x86/kvm/vmx/tdx.c"

/* KVM_SUPPORTED_TD_ATTRS: SEPT_VE_DISABLE only (§3.3). */
#define KVM_SUPPORTED_TD_ATTRS TDX_ATTR_SEPT_VE_DISABLE
/*
 * kvm_caps.supported_xcr0 | supported_xss as the host allows: the XCR0
 * features KVM virtualizes (x87, SSE, AVX, AVX-512, PKRU, AMX) and CET's
 * XSS features (CET virtualization, Linux 6.18).  PT, ULI and LBR are not.
 */
#define KVM_SUPPORTED_XCR0_XSS 0x61ae7ull

/* 0x80000008.EAX[23:16]: KVM's guest physical address width field. */
#define GPAW_FIELD CPUID_FIELD_GUEST_PHYS_ADDR_BITS

void tdx_kvm_caps_release(struct tdx_kvm_caps *caps)
{
	cpuid_set_release(&caps->cpuid);
	memset(caps, 0, sizeof(*caps));
}

int tdx_kvm_capabilities(const struct tdx_rules *rules,
			 const struct tdx_native *n, struct tdx_kvm_caps *caps)
{
	struct cpuid_field hle = CPUID_FEATURE_HLE, rtm = CPUID_FEATURE_RTM;
	struct cpuid_field waitpkg = CPUID_FEATURE_WAITPKG;
	struct cpuid_field gpaw = GPAW_FIELD;
	uint64_t fixed0 = rules->xfam_fixed0;
	size_t s;

	memset(caps, 0, sizeof(*caps));
	cpuid_set_init(&caps->cpuid);
	caps->supported_attrs = KVM_SUPPORTED_TD_ATTRS &
				rules->attributes_fixed0;
	if ((caps->supported_attrs & rules->attributes_fixed1) !=
	    rules->attributes_fixed1)
		caps->supported_attrs = 0;
	caps->xfam_known = n->xfam_support_known;
	if (n->xfam_support_known)
		fixed0 &= n->xfam_support;
	caps->supported_xfam = KVM_SUPPORTED_XCR0_XSS & fixed0;
	if ((caps->supported_xfam & rules->xfam_fixed1) != rules->xfam_fixed1)
		caps->supported_xfam = 0;

	for (s = 0; s < rules->nconfig; s++) {
		const struct tdx_entry *te = rules->config[s];
		struct cpuid_entry e = tdx_entry_key(te);

		tdx_sysrd_config(rules, n, s, e.regs, e.unknown);
		/* KVM refuses TSX and WAITPKG for TDs and hides them. */
		if (e.leaf == hle.leaf && e.subleaf == hle.subleaf) {
			e.regs[hle.reg] &= ~(cpuid_field_mask(&hle) |
					     cpuid_field_mask(&rtm));
			e.unknown[hle.reg] &= ~(cpuid_field_mask(&hle) |
						cpuid_field_mask(&rtm));
			e.regs[waitpkg.reg] &= ~cpuid_field_mask(&waitpkg);
			e.unknown[waitpkg.reg] &= ~cpuid_field_mask(&waitpkg);
		}
		/* KVM's own GPAW encoding: reported as configurable. */
		if (e.leaf == gpaw.leaf)
			e.regs[gpaw.reg] |= cpuid_field_mask(&gpaw);
		if (cpuid_set_put(&caps->cpuid, &e))
			return -1;
	}
	return 0;
}

struct kctx {
	struct trace *t;
	struct strpool *pool;
	struct tdx_kvm_status *st;
};

static void kvm_fail(struct kctx *c, int err, const char *fmt, ...)
	__printf(3, 4);

static void kvm_fail(struct kctx *c, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->st->err)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->st->err = err;
	c->st->message = strpool_intern(c->pool, msg);
}

static void kvm_note(struct kctx *c, const struct cpuid_entry *key,
		     unsigned int reg, uint32_t mask, bool reject,
		     const char *cls, const char *rule, const char *text)
{
	struct bit_note bn = {
		.strength = reject ? NOTE_REJECT : NOTE_CHANGE,
		.verdict = reject ? VERDICT_REJECTED : VERDICT_FORCED,
		.class = cls,
		.layer = "kvm",
		.rule = rule,
		.source = KVM_SOURCE,
		.note = text,
	};

	trace_note(c->t, key, reg, mask, &bn);
}

/* The caps entry KVM matches a user entry with (function, index). */
static const struct cpuid_entry *caps_match(const struct tdx_kvm_caps *caps,
					    const struct cpuid_entry *e,
					    unsigned int *count)
{
	const struct cpuid_entry *c, *found = NULL;

	*count = 0;
	cpuid_set_for_each(c, &caps->cpuid) {
		if (c->leaf != e->leaf)
			continue;
		if (e->indexed && c->indexed && c->subleaf != e->subleaf)
			continue;
		found = c;
		(*count)++;
	}
	return found;
}

static int slot_of(const struct tdx_rules *rules, const struct cpuid_entry *c)
{
	const struct tdx_entry *te = tdx_rules_find(rules, c->leaf,
						    c->subleaf);

	return te ? te->config : -1;
}

/* setup_tdparams_cpuids(): only capability leaves, no TSX or WAITPKG. */
static void kvm_cpuids(struct kctx *c, const struct tdx_rules *rules,
		       const struct tdx_kvm_caps *caps,
		       const struct cpuid_set *entries,
		       struct tdx_td_params *td)
{
	struct cpuid_field hle = CPUID_FEATURE_HLE, rtm = CPUID_FEATURE_RTM;
	struct cpuid_field waitpkg = CPUID_FEATURE_WAITPKG;
	struct cpuid_field gpaw = GPAW_FIELD;
	const struct cpuid_entry *e;
	unsigned int r;

	cpuid_set_for_each(e, entries) {
		unsigned int count;
		const struct cpuid_entry *cap = caps_match(caps, e, &count);
		struct cpuid_entry v = *e;
		int slot;

		if (!cap || count > 1) {
			const char *why = !cap ?
				"not in KVM_TDX_CAPABILITIES: KVM_TDX_INIT_VM "
				"takes only the configurable leaves; remove "
				"this leaf (or use --vmm qemu, which filters)" :
				"this entry matches several configurable "
				"sub-leaves: give it a significant sub-leaf";

			kvm_fail(c, EINVAL, "KVM_TDX_INIT_VM: CPUID leaf 0x%x%s: "
				 "%s", e->leaf,
				 e->indexed ?
					 strpool_printf(c->pool,
							" sub-leaf 0x%x",
							e->subleaf) :
					 "",
				 why);
			for (r = 0; r < CPUID_NR_REGS; r++)
				kvm_note(c, e, r, 0xffffffffu, true,
					 "capabilities", "tdx_cpuid_config",
					 why);
			continue;
		}
		if (e->leaf == hle.leaf && e->subleaf == hle.subleaf) {
			uint32_t tsx = cpuid_field_mask(&hle) |
				       cpuid_field_mask(&rtm);
			uint32_t wp = cpuid_field_mask(&waitpkg);

			if ((v.regs[hle.reg] & tsx) ||
			    (v.regs[waitpkg.reg] & wp)) {
				kvm_fail(c, EINVAL, "KVM_TDX_INIT_VM: CPUID.7.0 "
					 "sets TSX (EBX HLE/RTM) or WAITPKG "
					 "(ECX bit 5), which mainline KVM "
					 "refuses for TDs; clear them");
				kvm_note(c, e, hle.reg, v.regs[hle.reg] & tsx,
					 true, "kvm-refused", "tsx",
					 "mainline KVM refuses TSX for TDs: "
					 "clear it");
				kvm_note(c, e, waitpkg.reg,
					 v.regs[waitpkg.reg] & wp, true,
					 "kvm-refused", "waitpkg",
					 "mainline KVM refuses WAITPKG for "
					 "TDs: clear it");
				v.regs[hle.reg] &= ~tsx;
				v.regs[waitpkg.reg] &= ~wp;
			}
		}
		if (e->leaf == gpaw.leaf) {
			/* KVM takes the GPAW from here and passes 0 on. */
			kvm_note(c, e, gpaw.reg, cpuid_field_mask(&gpaw), false,
				 "kvm-gpaw", "gpaw",
				 "KVM's guest physical address width (48 or "
				 "52) selects GPAW; the module gets 0");
			v.regs[gpaw.reg] &= ~cpuid_field_mask(&gpaw);
		}
		slot = slot_of(rules, cap);
		if (slot < 0)
			continue;
		memcpy(td->cpuid[slot], v.regs, sizeof(td->cpuid[slot]));
		td->given[slot] = true;
	}
}

/* setup_tdparams_eptp_controls(): GPAW from 0x80000008.EAX[23:16]. */
static bool kvm_gpaw52(struct kctx *c, const struct tdx_native *n,
		       const struct cpuid_set *entries)
{
	struct cpuid_field gpaw = GPAW_FIELD;
	const struct cpuid_entry *e = cpuid_set_lookup(entries, gpaw.leaf, 0);
	uint32_t width;

	if (!e) {
		kvm_fail(c, EINVAL, "KVM_TDX_INIT_VM needs a CPUID 0x80000008 "
			 "entry whose EAX[23:16] is the guest physical address "
			 "width, 48 or 52");
		return false;
	}
	width = cpuid_field_extract(&gpaw, e->regs[gpaw.reg]);
	if (width != 48 && width != 52) {
		kvm_fail(c, EINVAL, "KVM_TDX_INIT_VM: CPUID.0x80000008.EAX"
			 "[23:16] is %u; KVM takes only 48 or 52", width);
		kvm_note(c, e, gpaw.reg, cpuid_field_mask(&gpaw), true,
			 "kvm-gpaw", "gpaw", "must be 48 or 52");
		return false;
	}
	if (width == 52 && n->la57_known && !n->la57) {
		kvm_fail(c, EINVAL, "KVM_TDX_INIT_VM: a GPAW of 52 needs "
			 "5-level EPT, which this host lacks (no LA57); use 48");
		kvm_note(c, e, gpaw.reg, cpuid_field_mask(&gpaw), true,
			 "kvm-gpaw", "gpaw", "52 needs 5-level EPT: use 48");
		return false;
	}
	return width == 52;
}

static void set_tsc(struct tdx_td_params *td, const struct tdx_native *n,
		    const struct tdx_params *params)
{
	/* The VM's TSC: KVM_SET_TSC_KHZ, by default the host's. */
	if (params->has_tsc) {
		td->tsc_known = true;
		td->tsc_frequency = params->tsc_frequency;
	} else if (n->tsc_known) {
		td->tsc_known = true;
		td->tsc_frequency = n->tsc_frequency;
	}
}

int tdx_kvm_init_vm(const struct tdx_rules *rules, const struct tdx_native *n,
		    const struct tdx_kvm_caps *caps,
		    const struct cpuid_set *entries,
		    const struct tdx_params *params, struct trace *t,
		    struct strpool *pool, struct tdx_td_params *td,
		    struct tdx_kvm_status *st)
{
	struct kctx c = { .t = t, .pool = pool, .st = st };
	uint64_t attr = params->attributes, xfam = params->xfam;
	bool gpaw52;

	memset(st, 0, sizeof(*st));
	if (tdx_td_params_alloc(td, rules->nconfig))
		return -1;
	if (entries->n > TDX_KVM_MAX_CPUID_ENTRIES)
		kvm_fail(&c, E2BIG, "KVM_TDX_INIT_VM takes at most %u CPUID "
			 "entries, not %zu", TDX_KVM_MAX_CPUID_ENTRIES,
			 entries->n);
	if (attr & ~caps->supported_attrs) {
		kvm_fail(&c, EINVAL, "KVM_TDX_INIT_VM: attributes 0x%llx are "
			 "not supported by KVM (supported_attrs 0x%llx: only "
			 "SEPT_VE_DISABLE); clear them in tdx.attributes",
			 (unsigned long long)(attr & ~caps->supported_attrs),
			 (unsigned long long)caps->supported_attrs);
		attr &= caps->supported_attrs;
	}
	if (caps->xfam_known && (xfam & ~caps->supported_xfam)) {
		kvm_fail(&c, EINVAL, "KVM_TDX_INIT_VM: XFAM bits 0x%llx are "
			 "not supported by KVM on this host (supported_xfam "
			 "0x%llx); clear them in tdx.xfam",
			 (unsigned long long)(xfam & ~caps->supported_xfam),
			 (unsigned long long)caps->supported_xfam);
	} else if (!caps->xfam_known &&
		   (xfam & ~(KVM_SUPPORTED_XCR0_XSS | rules->xfam_fixed1))) {
		kvm_fail(&c, EINVAL, "KVM_TDX_INIT_VM: XFAM bits 0x%llx "
			 "(PT, ULI or LBR) are never supported by KVM for TDs",
			 (unsigned long long)(xfam & ~(KVM_SUPPORTED_XCR0_XSS |
						       rules->xfam_fixed1)));
	}
	gpaw52 = kvm_gpaw52(&c, n, entries);
	kvm_cpuids(&c, rules, caps, entries, td);

	/* KVM adds the fixed-1 bits so that userspace need not. */
	td->attributes = attr | rules->attributes_fixed1;
	td->xfam = xfam | rules->xfam_fixed1;
	td->config_flags = TDX_CONFIG_NO_RBP_MOD |
			   (gpaw52 ? TDX_CONFIG_GPAW : 0);
	set_tsc(td, n, params);
	return 0;
}

int tdx_td_params_direct(const struct tdx_rules *rules,
			 const struct tdx_native *n,
			 const struct cpuid_set *entries,
			 const struct tdx_params *params, struct trace *t,
			 struct tdx_td_params *td)
{
	const struct cpuid_entry *e;

	(void)t;
	if (tdx_td_params_alloc(td, rules->nconfig))
		return -1;
	cpuid_set_for_each(e, entries) {
		const struct tdx_entry *te = tdx_rules_find(rules, e->leaf,
							    e->subleaf);

		if (!te || te->config < 0)
			continue;	/* no slot: the module decides */
		memcpy(td->cpuid[te->config], e->regs,
		       sizeof(td->cpuid[te->config]));
		td->given[te->config] = true;
	}
	td->attributes = params->attributes;
	td->xfam = params->xfam;
	td->config_flags = params->config_flags;
	set_tsc(td, n, params);
	return 0;
}
