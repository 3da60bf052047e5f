/* SPDX-License-Identifier: MIT */
/*
 * A TDX module rule set (models/tdx/tdx-*.rules) read into tables: the
 * module's cpuid_lookup rows with their per-bit value classes, the
 * xfam_mask gates, the constants, and which special rules this module
 * version applies.  What the classes and rules do is tdx_module.c's job;
 * research/tdx.md §2 is the specification of both.
 */
#ifndef CERTIFY_TDX_RULES_H
#define CERTIFY_TDX_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/cpuid.h"
#include "certify/diag.h"
#include "certify/ruleset.h"

/* The special rules of research/tdx.md §2.4-2.6, by id. */
#define TDX_SPECIALS(X)							\
	X(INITIAL_APIC_ID) X(OSXSAVE) X(FMS_CONFIG) X(AVX_XFAM_LEAF1)	\
	X(MONITOR_LEAF5) X(TSX_PAIR) X(OSPKE) X(PKS_ATTR) X(KL_ZERO)	\
	X(XFAM_7_0) X(XFAM_7_1) X(LASS_ATTR) X(DDPD) X(PERFMON_LEAF_A)	\
	X(XSAVE_D0_ECX) X(XSAVE_EBX) X(XFAM_D) X(XFD_SUPPORT)		\
	X(XSAVE_SUBLEAF_N) X(PT_LEAF_14) X(TSC_LEAF_15)			\
	X(KEYLOCKER_LEAF_19) X(LBR_LEAF_1C) X(AMX_LEAF_1D)		\
	X(MODEL_LEAF_1A) X(PERFMON_EXT_LEAF_23) X(TOPOLOGY_1F)		\
	X(CPUID2_VIRT) X(LA_BITS) X(MAXPA_VIRT) X(MAXGPA_VIRT)		\
	X(SYSCALL) X(REDUCE_VE) X(FEATURE_PARAVIRT_CTLS)		\
	X(HYPERVISOR_LEAVES) X(NOT_IN_TABLE) X(CPUIDVE_SET)		\
	X(ATTR_MIGRATABLE_NO_DEBUG) X(ATTR_MIGRATABLE_NO_PERFMON)	\
	X(ATTR_PERFMON_NO_ICSSD) X(CONFIG_FLAGS_MAXPA_XOR_MAXGPA)	\
	X(SYSRD_CONFIG_DIRECT_ONLY)

#define TDX_SPECIAL_ENUM(id) TDX_SP_##id,
enum tdx_special { TDX_SPECIALS(TDX_SPECIAL_ENUM) TDX_SP_COUNT };
#undef TDX_SPECIAL_ENUM

const char *tdx_special_name(enum tdx_special sp);

/* The value class of a bit (the module's masks). */
enum tdx_class {
	TDX_CLASS_FIXED0,	/* FIXED0_OR_DYNAMIC */
	TDX_CLASS_FIXED1,
	TDX_CLASS_CONFIG_DIRECT,
	TDX_CLASS_ALLOW_DIRECT,
	TDX_CLASS_NATIVE,
};

struct tdx_reg_rule {
	uint32_t fixed0;	/* FIXED0_OR_DYNAMIC */
	uint32_t fixed1;
	uint32_t direct;	/* CONFIG_DIRECT */
	uint32_t allow;		/* ALLOW_DIRECT */
	uint32_t verify_mask;	/* TDH.SYS.INIT: native & mask == value */
	uint32_t verify_value;
	uint32_t assigned;	/* bits the rule set gave a class (all) */
};

struct tdx_xfam_gate {
	uint8_t reg;
	uint8_t xfam_bit;
	uint32_t mask;		/* cleared unless XFAM[xfam_bit] */
};

struct tdx_entry {
	uint32_t leaf;
	uint32_t subleaf;	/* 0 when !has_subleaf */
	bool has_subleaf;	/* the module encodes "none" as 0xFFFFFFFF */
	unsigned int lookup;	/* cpuid_lookup index */
	int config;		/* TD_PARAMS.CPUID_CONFIG slot, -1 if none */
	bool faulting;		/* guest CPUID raises #VE */
	bool invalid;
	unsigned int line;	/* in the rule set */
	struct tdx_reg_rule regs[CPUID_NR_REGS];
	struct tdx_xfam_gate *gates;
	size_t ngates;
};

struct tdx_rules {
	const struct ruleset *rs;
	struct tdx_entry *entries;	/* in lookup order */
	size_t n;
	struct tdx_entry **config;	/* in TD_PARAMS order */
	size_t nconfig;
	uint64_t attributes_fixed0;
	uint64_t attributes_fixed1;
	uint64_t xfam_fixed0;
	uint64_t xfam_fixed1;
	uint64_t config_flags_fixed0;
	uint32_t tsc_frequency_min;
	uint32_t tsc_frequency_max;
	bool has_min_virt_maxpa;
	uint32_t min_virt_maxpa;
	uint32_t last_base_leaf;
	uint32_t last_extended_leaf;
	bool has_fixed0_bitmap;
	uint64_t fixed0_bitmap;
	uint32_t *fms_allowed;		/* newest first */
	size_t nfms_allowed;
	struct rule_special special[TDX_SP_COUNT];
	const char *repo;		/* "owner/name@commit" of the source */
	const char *table_file;		/* cpuid_configurations.c path */
	char *buf;			/* owns repo and table_file */
};

/* Reads @rs (platform tdx); @rs must outlive @rules. */
int tdx_rules_read(const struct ruleset *rs, struct tdx_rules *rules,
		   struct diag *d);
void tdx_rules_release(struct tdx_rules *rules);

/* The lookup row for (leaf, sub-leaf), sub-leaf ignored where the module
 * has none; NULL when the leaf is not in the table. */
const struct tdx_entry *tdx_rules_find(const struct tdx_rules *rules,
				       uint32_t leaf, uint32_t subleaf);
enum tdx_class tdx_bit_class(const struct tdx_reg_rule *r, unsigned int bit);
/* "native+verified1", "allow-direct", ...: the class as the rule set
 * writes it. */
const char *tdx_bit_class_name(const struct tdx_reg_rule *r, unsigned int bit);
static inline bool tdx_has(const struct tdx_rules *rules, enum tdx_special sp)
{
	return rules->special[sp].present;
}
/* A leaf that raises #VE until the guest sets TD_CTLS.REDUCE_VE, in a
 * module that has REDUCE_VE (td_cpuid.c; research/tdx.md §2.6). */
bool tdx_reduce_ve_leaf(const struct tdx_rules *rules, uint32_t leaf);

#endif
