/* SPDX-License-Identifier: MIT */
/*
 * The TDX part of the fake kernel (fake_kvm.h): VM type 5
 * (KVM_X86_TDX_VM) and KVM_MEMORY_ENCRYPT_OP answered as mainline KVM's
 * arch/x86/kvm/vmx/tdx.c does (research/tdx.md §3.2-3.5), with the
 * mocked TDX module (tdx/tdx_kvm.c, tdx/tdx_module.c) behind it:
 *
 *  - every command: hw_error must come in 0 (-EINVAL), unknown ids are
 *    -EINVAL;
 *  - KVM_TDX_CAPABILITIES (VM): flags 0; cpuid.nent smaller than the
 *    module's list is -E2BIG with the count written back (unless
 *    @caps_no_count, as 6.16 does); otherwise supported_attrs,
 *    supported_xfam and one entry per TD_PARAMS slot from
 *    tdx_kvm_capabilities, whose flags KVM leaves unset (here: a junk
 *    pattern, so a reader that trusts them fails);
 *  - KVM_TDX_INIT_VM (VM): once (-EINVAL), flags, reserved and padding 0
 *    (-EINVAL), cpuid.nent at most 256 (-E2BIG), a duplicate entry
 *    -EINVAL (KVM's copy count), then the model's KVM checks
 *    (tdx_kvm_init_vm: its errno, hw_error 0) and TDH.MNG.INIT
 *    (tdx_mng_init): TDX_OPERAND_INVALID is -EINVAL with the status in
 *    hw_error, another status -EIO with hw_error 0;
 *  - KVM_CREATE_VCPU before INIT_VM is -EIO, without the split IRQ chip
 *    (KVM_ENABLE_CAP KVM_CAP_SPLIT_IRQCHIP) -EINVAL;
 *  - KVM_SET_CPUID2 on the vCPU records x2APIC (1.ECX[21]);
 *  - KVM_TDX_INIT_VCPU (vCPU): flags 0, once, and -EINVAL unless the
 *    vCPU's CPUID has x2APIC;
 *  - KVM_TDX_GET_CPUID (vCPU): the TD's CPUID read as tdx_vcpu_get_cpuid()
 *    reads it: leaves 0..CPUID(0).EAX and 0x80000000..CPUID(0x80000000).EAX,
 *    each without a sub-leaf or else sub-leaves 0, 1, ... up to the first
 *    the module does not have; faulting and invalid leaves are omitted;
 *    0x80000008.EAX[23:16] is KVM's GPAW (48 or 52); -E2BIG with the
 *    count written back when the buffer is too small;
 *  - KVM_SET_TSC_KHZ on the VM sets the TSC the TD gets.
 *
 * The fake interposes on the generic fake's ioctl for the calls it adds
 * (VM types, KVM_ENABLE_CAP, KVM_SET_TSC_KHZ, KVM_CREATE_VCPU, KVM_SET_CPUID2
 * on a TDX vCPU) and passes the rest on.
 *
 * The model behind the fake is the one tdx_probe runs beside the
 * hardware, so the two agree unless a knob makes them differ.
 */
#ifndef CERTIFY_FAKE_TDX_H
#define CERTIFY_FAKE_TDX_H

#include <stdbool.h>
#include <stdint.h>

#include "fake_kvm.h"
#include "certify/ruleset.h"
#include "tdx/tdx_kvm.h"
#include "tdx/tdx_module.h"
#include "tdx/tdx_rules.h"

enum fake_tdx_abi {
	FAKE_TDX_MAINLINE,	/* KVM_CAP_VM_TYPES 0x21: default and TDX */
	FAKE_TDX_NONE,		/* 0x1: no TDX (old kernel, tdx off) */
	FAKE_TDX_OLD,		/* out-of-tree: 0x5, TDX VMs are type 2 */
	FAKE_TDX_OLD_NO_CAP,	/* out-of-tree, no KVM_CAP_VM_TYPES */
};

/* XOR @mask into register @reg of the entry (@leaf, @subleaf). */
struct fake_tdx_xor {
	bool on;
	uint32_t leaf;
	uint32_t subleaf;	/* ignored for leaves without sub-leaves */
	unsigned int reg;
	uint32_t mask;
};

struct fake_tdx {
	struct fake_platform platform;
	struct fake_kvm *f;
	int (*next_ioctl)(struct kvm_sys *s, int fd, unsigned long req,
			  void *arg);
	struct ruleset rs;
	struct tdx_rules rules;
	struct tdx_native native;
	struct tdx_kvm_caps caps;
	/* Knobs, set after fake_tdx_attach. */
	enum fake_tdx_abi abi;
	bool caps_no_count;	/* -E2BIG without the count written back */
	struct fake_tdx_xor cpuid_xor;	/* into KVM_TDX_GET_CPUID's */
	struct fake_tdx_xor caps_xor;	/* into KVM_TDX_CAPABILITIES' */
	uint64_t caps_xfam_xor;		/* into supported_xfam */
	/* Non-zero: TDH.MNG.INIT returns this status whatever the model
	 * says (after KVM's own checks passed). */
	uint64_t mng_init_status;
	bool mng_init_accepts;	/* TDH.MNG.INIT succeeds whatever it is */
	int get_cpuid_errno;	/* non-zero: KVM_TDX_GET_CPUID fails so */
	/* What happened. */
	unsigned int caps_calls;
	unsigned int caps_e2big;
	uint32_t caps_first_nent;	/* the nent of the first call */
	unsigned int init_vms;		/* KVM_TDX_INIT_VM calls */
	unsigned int tds;		/* ... that succeeded */
	unsigned int init_vcpus;	/* KVM_TDX_INIT_VCPU that succeeded */
	unsigned int get_cpuid_calls;
	uint32_t get_cpuid_first_nent;
	uint32_t get_cpuid_nent;	/* entries of the last answer */
	uint64_t tsc_khz;		/* the last KVM_SET_TSC_KHZ */
};

/*
 * Makes @f a TDX host: KVM_CAP_VM_TYPES has bit 5 and the TDX module is
 * the embedded rule set @rules_name on @host (its CPUID, what TDH.SYS.INIT
 * samples; NULL: none).  @host is read at once, not kept.  Fails the test
 * if the rule set does not read.
 */
void fake_tdx_attach(struct fake_kvm *f, struct fake_tdx *t,
		     const char *rules_name, const struct cpuid_set *host);
/* Before fake_kvm_release. */
void fake_tdx_release(struct fake_tdx *t);

#endif
