/* SPDX-License-Identifier: MIT */
/*
 * The mocked TDX module: what TDH.SYS.INIT samples from the host, what
 * TDH.SYS.RD reports as configurable, and what TDH.MNG.INIT does with a
 * TD_PARAMS: its checks in the module's own order with the module's exact
 * status, and the TD's CPUID (research/tdx.md §2.3-2.5).
 *
 * Values the host decides are unknown without a host dump and stay so:
 * they are never guessed (struct cpuid_entry.unknown).
 */
#ifndef CERTIFY_TDX_MODULE_H
#define CERTIFY_TDX_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/cpuid_set.h"
#include "certify/strpool.h"
#include "certify/trace.h"
#include "tdx_rules.h"

/* TDX status codes (tdx_error_codes_defs.h; research/tdx.md §2.3-2.4). */
#define TDX_SUCCESS			0x0000000000000000ull
#define TDX_OPERAND_INVALID		0xC000010000000000ull
#define TDX_OPERAND_ID_ATTRIBUTES	64
#define TDX_OPERAND_ID_XFAM		65
#define TDX_OPERAND_ID_EXEC_CONTROLS	66
#define TDX_OPERAND_ID_EPTP_CONTROLS	67
#define TDX_OPERAND_ID_CPUID_CONFIG	69
#define TDX_OPERAND_ID_TSC_FREQUENCY	70
#define TDX_INCORRECT_CPUID_VALUE	0xC000090000000000ull
#define TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED 0xC000090400000000ull
#define TDX_INCORRECT_MSR_VALUE		0xC000092100000000ull
#define MSR_IA32_ARCH_CAPABILITIES	0x10a

/* TD ATTRIBUTES bits (research/tdx.md §2.5). */
#define TDX_ATTR_DEBUG		(1ull << 0)
#define TDX_ATTR_ICSSD		(1ull << 16)
#define TDX_ATTR_LASS		(1ull << 27)
#define TDX_ATTR_SEPT_VE_DISABLE (1ull << 28)
#define TDX_ATTR_MIGRATABLE	(1ull << 29)
#define TDX_ATTR_PKS		(1ull << 30)
#define TDX_ATTR_PERFMON	(1ull << 63)

/* TD_PARAMS.CONFIG_FLAGS bits (research/tdx.md §2.4). */
#define TDX_CONFIG_GPAW		(1ull << 0)
#define TDX_CONFIG_NO_RBP_MOD	(1ull << 2)
#define TDX_CONFIG_MAXPA_VIRT	(1ull << 3)
#define TDX_CONFIG_MAXGPA_VIRT	(1ull << 4)

/* What TDH.SYS.INIT and TDH.SYS.CONFIG leave as "native" per entry. */
struct tdx_native {
	bool has_host;
	uint32_t (*v)[CPUID_NR_REGS];	/* per rules entry, masked */
	uint32_t (*unknown)[CPUID_NR_REGS];
	size_t n;
	bool fms_known;
	uint32_t fms;			/* platform CPUID.1.EAX */
	bool maxpa_known;
	uint32_t maxpa;			/* 0x80000008.EAX[7:0] */
	bool xfam_support_known;
	uint64_t xfam_support;		/* host XCR0|XSS components */
	bool lass_known;
	bool lass;
	bool la57_known;
	bool la57;
	bool tsc_known;
	uint32_t tsc_frequency;		/* host TSC, 25 MHz units */
	/* TDH.SYS.INIT's verify_mask check on the host, if it fails. */
	bool verify_failed;
	uint32_t verify_leaf;
	uint32_t verify_subleaf;
	bool verify_has_subleaf;
	unsigned int verify_reg;
	uint32_t verify_bits;
	/* The dump showed SYSCALL clear with long mode: taken as 1. */
	bool syscall_fixed_up;
};

int tdx_native_sample(const struct tdx_rules *rules,
		      const struct cpuid_set *host, struct tdx_native *n);
void tdx_native_release(struct tdx_native *n);

/*
 * TDH.SYS.RD CPUID_CONFIG_VALUES for slot @slot: config_direct |
 * (allow_direct & native), config_direct only where the module has the
 * 1.5.01 bug.  Unknown bits (no host) are in @unknown.
 */
void tdx_sysrd_config(const struct tdx_rules *rules,
		      const struct tdx_native *n, size_t slot,
		      uint32_t value[CPUID_NR_REGS],
		      uint32_t unknown[CPUID_NR_REGS]);

struct tdx_td_params {
	uint64_t attributes;
	uint64_t xfam;
	uint64_t config_flags;
	bool tsc_known;
	uint32_t tsc_frequency;		/* 25 MHz units */
	size_t nslots;
	uint32_t (*cpuid)[CPUID_NR_REGS];	/* TD_PARAMS.CPUID_CONFIG */
	bool *given;		/* the slot came from the request */
};

int tdx_td_params_alloc(struct tdx_td_params *p, size_t nslots);
void tdx_td_params_release(struct tdx_td_params *p);

struct tdx_status {
	uint64_t code;
	const char *name;
	bool rcx_set;		/* the module returns the failing leaf */
	uint64_t rcx;		/* leaf | subleaf << 32 */
	const char *message;
};

/*
 * TDH.MNG.INIT.  Fills @td with the TD's CPUID (every table entry, faulting
 * ones included) and notes every bit in @t.  The status is the first error
 * in the module's order; the model goes on past it (with the offending
 * bits cleared) so that every problem of the request is reported at once.
 */
int tdx_mng_init(const struct tdx_rules *rules, const struct tdx_native *n,
		 const struct tdx_td_params *p, struct trace *t,
		 struct strpool *pool, struct cpuid_set *td,
		 struct tdx_status *status);

/* The key of a rule entry in CPUID sets and traces. */
struct cpuid_entry tdx_entry_key(const struct tdx_entry *e);

#endif
