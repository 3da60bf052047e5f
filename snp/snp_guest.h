/* SPDX-License-Identifier: MIT */
/*
 * The Linux SNP guest's use of the CPUID table (research/snp.md §6;
 * torvalds/linux@8d73829 arch/x86/boot/startup/sev-shared.c): what it
 * requires of the table before it trusts it, and the fields it takes at
 * run time from the hypervisor or the CPU state instead of the table.
 */
#ifndef CERTIFY_SNP_GUEST_H
#define CERTIFY_SNP_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/strpool.h"
#include "certify/trace.h"
#include "snp_page.h"

/*
 * The guest's termination request, the value it writes to the GHCB MSR:
 * GHCB_MSR_TERM_REQ (0x100) | reason set << 12 | reason code << 16.
 */
#define SNP_GUEST_TERM(set, code) \
	(0x100ull | ((uint64_t)(set) << 12) | ((uint64_t)(code) << 16))
/* Set 0 (SEV_TERM_SET_GEN) code 0: GHCB_SEV_ES_GEN_REQ. */
#define SNP_TERM_GEN_REQ SNP_GUEST_TERM(0, 0)
/* Set 1 (SEV_TERM_SET_LINUX) code 4: GHCB_TERM_CPUID. */
#define SNP_TERM_CPUID SNP_GUEST_TERM(1, 4)

struct snp_guest_status {
	uint64_t term;		/* 0: the guest boots */
	const char *name;
	bool has_leaf;
	uint32_t leaf;
	const char *message;
};

/* The guest's view of @page (the page it receives).  Returns -1 only when
 * out of memory. */
int snp_guest_view(const struct snp_page *page, struct trace *t,
		   struct strpool *pool, struct snp_guest_status *st);

#endif
