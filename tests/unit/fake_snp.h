/* SPDX-License-Identifier: MIT */
/*
 * The SNP part of the fake kernel (fake_kvm.h): VM type 4
 * (KVM_X86_SNP_VM), /dev/sev, and KVM_MEMORY_ENCRYPT_OP with
 * KVM_SEV_INIT2, KVM_SEV_SNP_LAUNCH_START and KVM_SEV_SNP_LAUNCH_UPDATE
 * answered as mainline KVM does (research/snp.md §4.3), with the mocked
 * SEV firmware (snp/snp_firmware.c, snp/snp_launch.c) behind them:
 *
 *  - INIT2: flags and padding 0, ghcb_version at most 2, vmsa_features
 *    that KVM offers (snp_launch_start's KVM checks); twice is -EINVAL.
 *  - Before INIT2 every other command is -ENOTTY; after it, a command id
 *    below 100 is -EPERM (SNP VMs take only the SNP commands).
 *  - LAUNCH_START: flags 0, sev_fd the fake's /dev/sev (-EBADF, as
 *    sev_issue_cmd_external_user), the policy through KVM's and the
 *    firmware's checks (snp_launch_start): KVM's refusals are -EINVAL,
 *    the firmware's -EIO with kvm_sev_cmd.error (POLICY_FAILURE 7).
 *  - LAUNCH_UPDATE: after LAUNCH_START (-EINVAL), len non-zero and
 *    page-aligned, flags 0, type one of 1, 3, 4, 5, 6, uaddr page-aligned
 *    (-EINVAL); every GFN in a guest_memfd memory slot of this VM and set
 *    PRIVATE (-EINVAL otherwise, as kvm_gmem_populate).  A CPUID page
 *    (type 6) is decoded from uaddr and validated by
 *    snp_firmware_launch_update with the rule set and host F/M/S given to
 *    fake_snp_attach; on INVALID_PARAM the page the firmware leaves
 *    (corrected when it writes back) is copied back to uaddr and the call
 *    fails with -EIO, kvm_sev_cmd.error 0x16.  On success KVM's struct
 *    comes back advanced (gfn_start, uaddr) with len 0.
 *
 * The model behind the fake is the same as the one snp_probe runs beside
 * the hardware, so the two agree unless a knob makes them differ.
 */
#ifndef CERTIFY_FAKE_SNP_H
#define CERTIFY_FAKE_SNP_H

#include <stdbool.h>
#include <stdint.h>

#include "fake_kvm.h"
#include "certify/ruleset.h"
#include "snp/snp_firmware.h"
#include "snp/snp_rules.h"

#define FAKE_SEV_DEVICE_PATH "/dev/sev"

struct fake_snp {
	struct fake_platform platform;
	struct ruleset rs;
	struct snp_rules rules;
	struct snp_host host;
	/* Knobs, set after fake_snp_attach. */
	bool no_sev_device;	/* open("/dev/sev") fails with -ENOENT */
	bool sev_no_permission;	/* ... with -EACCES */
	/*
	 * A firmware that differs from the model: after the model ran,
	 * register @reg of page entry @entry of the page written back is
	 * XORed with @xor (a page the model accepts is then written back
	 * and refused, as a stricter firmware would).
	 */
	struct {
		bool on;
		unsigned int entry;
		unsigned int reg;
		uint32_t xor;
	} deviation;
	/* Non-zero: LAUNCH_UPDATE fails with -EIO and this firmware error,
	 * nothing copied back (e.g. 0x1A INVALID_PAGE_STATE). */
	uint32_t update_error;
	/* What happened. */
	unsigned int sev_opens;
	unsigned int vms;		/* INIT2s that succeeded */
	unsigned int updates;		/* CPUID pages the firmware saw */
	struct snp_page last_page;	/* the last of them, as sent */
};

/*
 * Makes @f an SNP host: KVM_CAP_VM_TYPES gains SEV (2), SEV-ES (3) and
 * SNP (4) (clear bit 4 of f->vm_types afterwards for a kernel that
 * refuses SNP VMs), /dev/sev opens, and the firmware is the embedded rule
 * set @rules_name on a host whose CPUID 1.EAX is @host_fms (0: unknown,
 * F/M/S not compared).  Fails the test if the rule set does not read.
 */
void fake_snp_attach(struct fake_kvm *f, struct fake_snp *s,
		     const char *rules_name, uint32_t host_fms);
/* The same with a firmware written as rule-set text (a firmware certify
 * has no rule set for, to capture). */
void fake_snp_attach_text(struct fake_kvm *f, struct fake_snp *s,
			  const char *rules_text, uint32_t host_fms);
void fake_snp_release(struct fake_snp *s);

#endif
