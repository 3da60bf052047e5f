/* SPDX-License-Identifier: MIT */
/*
 * The fake kernel's default VMs (fake_kvm.h): enough of KVM for the kvm
 * probe's guest to run without /dev/kvm, so that the probe, the capture
 * and their error paths are tested the same everywhere.
 *
 * It is written from KVM's behaviour (Linux v6.18 arch/x86/kvm/cpuid.c,
 * as models/kvm/kvm-6.18.rules cites), not from certify's model, so that
 * the model is checked against an independent account:
 *
 *  - KVM_SET_CPUID2: more than 256 entries -E2BIG; 0x80000008 EAX[15:8]
 *    other than 0, 48 or 57 -EINVAL; 0xD.0 EAX bit 18 without the AMX
 *    permission -EPERM;
 *  - KVM_RUN "executes" the probe guest's loop: for each (EAX, ECX) at
 *    SI it answers as kvm_cpuid() does (the first entry of the leaf that
 *    is not indexed or has that index; else zeros), with the run-time
 *    fields of a vCPU at reset (OSXSAVE 0, APIC 1, OSPKE 0, 0xD.0 EBX and,
 *    with XSAVES or XSAVEC, 0xD.1 EBX 0x240), then the @below hook (an
 *    outer hypervisor), writes EAX..EDX at DI and exits with HLT.
 */
#ifndef CERTIFY_FAKE_GUEST_H
#define CERTIFY_FAKE_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "fake_kvm.h"

/* What the layers under the fake KVM do to an answer, or NULL. */
typedef void (*fake_below_fn)(uint32_t leaf, uint32_t subleaf,
			      uint32_t regs[4]);

/* Per fd (VM or vCPU) state. */
struct fake_guest_fd {
	/* VM: its memory slot. */
	bool has_mem;
	uint64_t gpa, size;
	uint8_t *mem;
	/* vCPU */
	bool has_cpuid;
	struct cpuid_set cpuid;
	struct certify_kvm_regs regs;
	struct certify_kvm_sregs sregs;
	struct certify_kvm_run_head *run;
};

struct fake_guest {
	fake_below_fn below;
	bool amx;		/* the host has AMX: permission is granted */
	bool amx_permitted;	/* it was asked for */
	uint32_t exit_reason;	/* 0: HLT as the loop ends; else this */
	unsigned int runs;	/* KVM_RUNs answered */
	unsigned int set_cpuid;	/* KVM_SET_CPUID2s taken */
	/* State. */
	struct fake_vm_ops ops;
	struct fake_guest_fd fds[FAKE_KVM_MAX_FDS];
};

/* Makes @f's default VMs runnable; @g lives as long as @f is used and
 * is released after it. */
void fake_guest_attach(struct fake_kvm *f, struct fake_guest *g);
void fake_guest_release(struct fake_guest *g);

#endif
