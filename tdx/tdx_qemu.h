/* SPDX-License-Identifier: MIT */
/*
 * The QEMU layer of a TD launch (--vmm qemu; research/tdx.md §4, QEMU
 * target/i386/kvm/tdx.c): how QEMU turns a CPU model into the
 * KVM_TDX_INIT_VM request, and what it prints once the TD exists.
 */
#ifndef CERTIFY_TDX_QEMU_H
#define CERTIFY_TDX_QEMU_H

#include <stdint.h>

#include "certify/cpuid_set.h"
#include "certify/strpool.h"
#include "certify/trace.h"
#include "tdx_kvm.h"
#include "tdx_params.h"

/* TDX_SUPPORTED_TD_ATTRS: SEPT_VE_DISABLE | PKS | PERFMON. */
#define QEMU_TDX_SUPPORTED_TD_ATTRS 0x8000000050000000ull

struct tdx_qemu_status {
	int err;		/* 0 or EINVAL: QEMU refuses to start */
	const char *message;
};

/*
 * tdx_filter_cpuid(): of the CPU model @model, the leaves
 * KVM_TDX_CAPABILITIES lists, ANDed with it, into @out; and the TD
 * attributes and XFAM QEMU derives from the model (unless tdx.* set them).
 */
int tdx_qemu_prepare(const struct tdx_kvm_caps *caps,
		     const struct tdx_native *n, const struct cpuid_set *model,
		     struct tdx_params *params, struct cpuid_set *out,
		     struct trace *t, struct strpool *pool,
		     struct tdx_qemu_status *st);

/*
 * tdx_check_features(): QEMU's warnings comparing the model with
 * KVM_TDX_GET_CPUID (@td): "TDX doesn't support requested feature: ..."
 * and "TDX forcibly sets the feature: ...".  Calls @warn for each.
 */
void tdx_qemu_check_features(const struct cpuid_set *model,
			     const struct cpuid_set *td,
			     void (*warn)(const char *msg, void *ctx),
			     void *ctx);

#endif
