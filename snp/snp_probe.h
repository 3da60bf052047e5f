/* SPDX-License-Identifier: MIT */
/*
 * certify probe --platform snp: the KVM SNP backend (Linux 6.11+;
 * research/snp.md §4): KVM_CREATE_VM(KVM_X86_SNP_VM = 4), KVM_SEV_INIT2,
 * KVM_SEV_SNP_LAUNCH_START, a guest_memfd memory slot set private,
 * KVM_SEV_SNP_LAUNCH_UPDATE of the CPUID page (page type 6); on -EIO with
 * firmware error 0x16 the corrected page KVM copied back is read.  One VM
 * per probe.  The firmware model runs beside it (certify/probe.h).
 *
 * How the hardware's answer and the model's are put together in @res:
 *
 *  - @res is the model's result (snp_check on the same request, with
 *    req->host or else this machine's CPUID for the F/M/S), with
 *    res->hardware set and the facts below.
 *  - Status: where the hardware's launch status (the failing command's
 *    layer and code: "kvm" and an errno, or "sev-firmware" and the
 *    firmware error) differs from the model's prediction, the status is
 *    the hardware's, its message says what the model predicted, and a
 *    warning names model-mismatch.  Where they agree the model's status
 *    stays (it explains more; a guest-stage status the hardware cannot
 *    see, since no guest runs, stays too).
 *  - Page: when the firmware saw the page, the page the guest would get
 *    (the page sent on success, the page read back on -EIO/0x16) replaces
 *    those entries in res->final and probe_cross_check() turns every
 *    finding whose bits differ into a model-mismatch finding.
 *  - Corrections: res->corrections keeps the model's, each attributed to
 *    its firmware rule.  The written-back page is compared with the
 *    model's prediction register by register (the page sent with the
 *    model's corrections applied); every register where they differ adds
 *    a correction of layer "hardware", rule "model-mismatch", with the
 *    hardware's value as corrected and the model's prediction in its
 *    note; corrections stay in page order.  The fact "corrections" says
 *    how many registers the firmware changed and how many of them the
 *    model predicted.
 *  - Facts: "kernel", "vm types", "launch" (what was done, what failed),
 *    "firmware" (the rule set the model used: the running firmware's
 *    version is not read through KVM), "host family/model/stepping",
 *    "SEV firmware error" (when a command returned one), "corrections"
 *    and "model" (agrees, or what differs).
 */
#ifndef CERTIFY_SNP_PROBE_H
#define CERTIFY_SNP_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/check.h"
#include "certify/kvm.h"
#include "certify/strbuf.h"
#include "snp_page.h"
#include "snp_params.h"

/*
 * Runs @req (a config or req->page) on the SNP platform behind @sys into
 * @res.  Returns 0, PROBE_BAD_INPUT or PROBE_ENVIRONMENT
 * (certify/probe.h) with @d saying why; @res is then left empty.
 */
int snp_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d);

/* ---- the machinery snp_probe and snp_capture share ---- */

#define SNP_SEV_DEVICE_PATH "/dev/sev"
/* Where the probe's CPUID page lives in the guest: 1 MiB, away from
 * everything a VMM places (any GPA would do for a VM that never runs). */
#define SNP_PROBE_GPA 0x100000u

/* A session: /dev/kvm, /dev/sev and the page the launches use. */
struct snp_hw {
	struct kvm kvm;
	int sev_fd;
	uint32_t vm_types;	/* KVM_CAP_VM_TYPES */
	/* One page of anonymous memory: the memory slot's shared backing
	 * and the LAUNCH_UPDATE source, as QEMU uses the RAM's. */
	uint8_t *mem;
	unsigned int launches;
};

/* What one launch did. */
struct snp_hw_launch {
	const char *step;	/* the command that failed; NULL: success */
	int err;		/* its errno (positive); 0 on success */
	uint32_t fw_error;	/* its kvm_sev_cmd.error */
	bool validated;		/* the firmware saw the page */
	bool read_back;		/* -EIO/0x16: @page is what came back */
	struct snp_page page;	/* the page the guest gets or came back */
};

/*
 * Opens /dev/kvm, checks that KVM offers SNP VMs (KVM_CAP_VM_TYPES bit
 * 4), opens /dev/sev and maps the page.  Returns 0 or PROBE_ENVIRONMENT
 * with @d saying exactly what is missing.
 */
int snp_hw_open(struct snp_hw *hw, struct kvm_sys *sys, struct diag *d);
void snp_hw_close(struct snp_hw *hw);
/*
 * One VM: KVM_CREATE_VM(4), KVM_SEV_INIT2 (@p's vmsa_features),
 * KVM_SEV_SNP_LAUNCH_START (@p's policy), a guest_memfd slot at
 * SNP_PROBE_GPA set private, KVM_SEV_SNP_LAUNCH_UPDATE of @page (type 6),
 * then everything closed.  A command's refusal is recorded in @l (0 is
 * returned); PROBE_ENVIRONMENT with @d set when the VM or its memory
 * cannot be made.
 */
int snp_hw_launch(struct snp_hw *hw, const struct snp_params *p,
		  const struct snp_page *page, struct snp_hw_launch *l,
		  struct diag *d);

/* SEV_RET_* names (Linux include/uapi/linux/psp-sev.h): "INVALID_PARAM";
 * NULL for a code it does not name. */
const char *snp_sev_error_name(uint32_t code);

#endif
