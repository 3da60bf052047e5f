/* SPDX-License-Identifier: MIT */
/*
 * The mocked SEV firmware: SNP_LAUNCH_UPDATE of a CPUID page
 * (snp_mcmd_launch_update -> sanitize_cpuid_list -> sanitize_cpuid_entry in
 * AMD's Genoa SEV firmware; research/snp.md §3), driven by a rule set.
 *
 * It checks the header, then every entry in [0, count) whose eax_in is in a
 * checked range, corrects what fails in place, and returns SUCCESS or
 * INVALID_PARAM with the corrected page, as the firmware writes it back.
 * Every correction is a check_correction and, per bit, a trace note.
 */
#ifndef CERTIFY_SNP_FIRMWARE_H
#define CERTIFY_SNP_FIRMWARE_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/check.h"
#include "certify/trace.h"
#include "snp_page.h"
#include "snp_rules.h"

/* Linux include/uapi/linux/psp-sev.h SEV_RET_* */
#define SNP_SEV_SUCCESS 0x00
#define SNP_SEV_POLICY_FAILURE 0x07
#define SNP_SEV_INVALID_PARAM 0x16

/* What the firmware knows of the host: its FMS register. */
struct snp_host {
	bool fms_known;
	uint32_t fms;		/* CPUID 1.EAX of the host */
};

struct snp_fw_status {
	uint32_t code;		/* SNP_SEV_SUCCESS or SNP_SEV_INVALID_PARAM */
	bool written_back;	/* the corrected page went back to the VMM */
	unsigned int failed_entries;
	unsigned int reserved_entries;	/* failed on the reserved field only */
	const char *message;	/* in words; NULL on success */
};

/*
 * Validates @in; @out is the page as the firmware leaves the source page
 * (corrected when written back, else @in).  Returns -1 only when out of
 * memory.
 */
int snp_firmware_launch_update(const struct snp_rules *rules,
			       const struct snp_host *host,
			       const struct snp_page *in, struct snp_page *out,
			       struct trace *t, struct check_result *res,
			       struct snp_fw_status *st);

/*
 * The page the firmware accepts, nearest to @in: its write-back, with the
 * per-entry reserved fields cleared and, where its own correction would
 * fail again (a wrong C-bit in 0x8000001F EBX, which it ORs rather than
 * replaces), the value it asks for.  Returns 0, 1 when no such page
 * exists (the header fails: count or reserved), -1 when out of memory.
 */
int snp_firmware_accepted_page(const struct snp_rules *rules,
			       const struct snp_host *host,
			       const struct snp_page *in, struct snp_page *ok);

/* compare_FMS(): @guest's family, then model, then stepping <= @host's,
 * with the firmware's sums (family = ext + base, model = ext + base). */
bool snp_fms_le(uint32_t host, uint32_t guest);

#endif
