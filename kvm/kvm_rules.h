/* SPDX-License-Identifier: MIT */
/*
 * A KVM rule set (models/kvm/kvm-VERSION.rules, format in
 * models/README.md), read into what kvm_check() uses:
 *
 *  - the special rules: what mainline KVM's code does with a CPUID table
 *    at KVM_SET_CPUID2 and while the guest runs (refusals, run-time
 *    fields), each applied by the code that names it;
 *  - the feature words: the registers KVM_GET_SUPPORTED_CPUID reports
 *    feature by feature (KVM's reverse_cpuid.h), where a bit it does not
 *    list means KVM does not back the feature;
 *  - and, in a rule set `certify probe --platform kvm --capture` wrote on
 *    a machine: that machine's KVM_GET_SUPPORTED_CPUID and
 *    KVM_GET_EMULATED_CPUID, and what the layers under KVM (the CPU, or
 *    the hypervisor KVM itself runs in) did to the bits KVM handed the
 *    probe guest.
 */
#ifndef CERTIFY_KVM_RULES_H
#define CERTIFY_KVM_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/cpuid_set.h"
#include "certify/diag.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"

#define KVM_SPECIALS(X)							\
	X(MAX_ENTRIES)		/* > 256 entries: E2BIG */		\
	X(VADDR_BITS)		/* 0x80000008 EAX[15:8] not 0/48/57: EINVAL */ \
	X(XFD_PERMISSION)	/* AMX tile data without permission: EPERM */ \
	X(OSXSAVE)		/* 1.ECX[27] = CR4.OSXSAVE */		\
	X(OSPKE)		/* 7.0.ECX[4] = CR4.PKE */		\
	X(APIC_BASE)		/* 1.EDX[9] = APIC base MSR enable */	\
	X(XSAVE_SIZE)		/* 0xD.0 EBX from XCR0 */		\
	X(XSAVE_SIZE_COMPACTED)	/* 0xD.1 EBX from XCR0 | XSS */		\
	X(APIC_ID)		/* per-vCPU APIC IDs the VMM sets */

#define KVM_SPECIAL_ENUM(x) KVM_SP_##x,
enum kvm_special { KVM_SPECIALS(KVM_SPECIAL_ENUM) KVM_SP_COUNT };
#undef KVM_SPECIAL_ENUM

const char *kvm_special_name(enum kvm_special sp);

/* A register KVM_GET_SUPPORTED_CPUID reports as feature bits. */
struct kvm_feature_word {
	uint32_t leaf;
	bool indexed;
	uint32_t subleaf;
	unsigned int reg;
	const char *name;	/* KVM's name for the word: CPUID_7_0_EBX */
};

struct kvm_fact {
	const char *key;
	const char *value;
};

struct kvm_rules {
	const struct ruleset *rs;
	struct rule_special special[KVM_SP_COUNT];	/* kind: refusal, runtime, per-vcpu */
	struct kvm_feature_word *words;
	size_t nwords;
	/*
	 * KVM_GET_SUPPORTED_CPUID and KVM_GET_EMULATED_CPUID of one machine
	 * (@has_support): a capture's, or a probe's own.
	 */
	bool has_support;
	struct cpuid_set supported;
	struct cpuid_set emulated;
	/* A capture's below records (@captured). */
	bool captured;
	/*
	 * What the layers under KVM did to the bits KVM handed the probe
	 * guest, per register of every entry the capture probed: bits
	 * forced to 0, bits forced to 1, bits that did neither (see
	 * kvm/kvm_capture.h).  Other bits pass.  Every probed entry is in
	 * all three sets.
	 */
	struct cpuid_set force0, force1, varies;
	struct kvm_fact *facts;
	size_t nfacts;
};

/* Reads @rs (platform kvm) into @rules, which borrows @rs's strings. */
int kvm_rules_read(const struct ruleset *rs, struct kvm_rules *rules,
		   struct diag *d);
void kvm_rules_release(struct kvm_rules *rules);
/* For `certify rules`: checks that @rs reads as a KVM rule set. */
int kvm_rules_validate(const struct ruleset *rs, struct diag *d);

static inline bool kvm_has(const struct kvm_rules *rules, enum kvm_special sp)
{
	return rules->special[sp].present;
}

/* "0x00000007 0x0" or "0x00000001 -": a record's LEAF SUBLEAF. */
void kvm_rules_put_key(struct strbuf *out, const struct cpuid_entry *e);

/* The feature word of (leaf, sub-leaf, reg), or NULL. */
const struct kvm_feature_word *
kvm_feature_word(const struct kvm_rules *rules, uint32_t leaf,
		 uint32_t subleaf, unsigned int reg);
/*
 * What the layers under KVM do to CPUID(@leaf, @subleaf) as the capture
 * learned it: false when it did not probe that entry.
 */
bool kvm_below(const struct kvm_rules *rules, uint32_t leaf, uint32_t subleaf,
	       uint32_t force0[CPUID_NR_REGS], uint32_t force1[CPUID_NR_REGS],
	       uint32_t varies[CPUID_NR_REGS]);

#endif
