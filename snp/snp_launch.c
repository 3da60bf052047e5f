// SPDX-License-Identifier: MIT
/*
 * KVM: gregkh/linux@00b9744a arch/x86/kvm/svm/sev.c (__sev_guest_init,
 * snp_launch_start); firmware: AMD-ASPFW@3ca6650 sev_mcmd.c
 * snp_mcmd_launch_start (~l.6560); research/snp.md §3.5, §4.3, §7.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "snp_firmware.h"
#include "snp_launch.h"

/* SEV_FEATURES KVM can offer (sev_supported_vmsa_features). */
#define SVM_SEV_FEAT_DEBUG_SWAP (UINT64_C(1) << 5)
#define SVM_SEV_FEAT_SECURE_TSC (UINT64_C(1) << 9)
/* KVM_SNP_POLICY_MASK_VALID in mainline: ABI, SMT, MBO, MIGRATE_MA,
 * DEBUG, SINGLE_SOCKET (bits 0-20); newer kernels add 21-25 when the
 * firmware advertises them. */
#define KVM_SNP_POLICY_MASK_VALID UINT64_C(0x1fffff)
#define SNP_POLICY_RESERVED (~UINT64_C(0x3ffffff))	/* 63:26 */

static void fail(struct snp_launch_status *st, const char *layer,
		 uint64_t code, const char *name, const char *message)
{
	if (st->layer)
		return;		/* the first failure is what the VMM sees */
	st->layer = layer;
	st->code = code;
	st->name = name;
	st->message = message;
}

static bool host_bit(const struct cpuid_set *host, uint32_t leaf,
		     unsigned int reg, unsigned int bit, bool *known)
{
	const struct cpuid_entry *e = host ? cpuid_set_lookup(host, leaf, 0)
					   : NULL;

	*known = e != NULL;
	return e && ((e->regs[reg] >> bit) & 1);
}

static void kvm_init2(const struct snp_params *p, const struct cpuid_set *host,
		      struct check_result *res, struct snp_launch_status *st)
{
	uint64_t supported = SVM_SEV_FEAT_DEBUG_SWAP | SVM_SEV_FEAT_SECURE_TSC;
	bool k1 = false, k2 = false, k3 = false, dswap, stsc;

	if (p->vmsa_features & ~supported) {
		fail(st, "kvm", EINVAL, "EINVAL", strpool_printf(
			&res->pool, "KVM_SEV_INIT2: vmsa_features 0x%" PRIx64
			" are not SEV features KVM supports (DEBUG_SWAP bit 5, "
			"SECURE_TSC bit 9); clear them in snp.vmsa_features",
			p->vmsa_features & ~supported));
		return;
	}
	if (!(p->vmsa_features & supported))
		return;
	/* DEBUG_SWAP needs DebugSwap (0x8000001F EAX[14]) and
	 * NoNestedDataBp (0x80000021 EAX[0]); SECURE_TSC needs SecureTsc
	 * (0x8000001F EAX[8]). */
	dswap = host_bit(host, 0x8000001fu, CPUID_REG_EAX, 14, &k1) &&
		host_bit(host, 0x80000021u, CPUID_REG_EAX, 0, &k2);
	stsc = host_bit(host, 0x8000001fu, CPUID_REG_EAX, 8, &k3);
	if ((p->vmsa_features & SVM_SEV_FEAT_DEBUG_SWAP) && !dswap && k1)
		fail(st, "kvm", EINVAL, "EINVAL", "KVM_SEV_INIT2: the host "
		     "lacks DebugSwap or NoNestedDataBp, so KVM does not offer "
		     "DEBUG_SWAP (bit 5); clear it in snp.vmsa_features");
	if ((p->vmsa_features & SVM_SEV_FEAT_SECURE_TSC) && !stsc && k3)
		fail(st, "kvm", EINVAL, "EINVAL", "KVM_SEV_INIT2: the host "
		     "lacks SecureTsc (0x8000001F EAX bit 8), so KVM does not "
		     "offer SECURE_TSC (bit 9); clear it in "
		     "snp.vmsa_features");
	if (!host)
		check_result_warn(res, "snp.vmsa_features 0x%" PRIx64 " needs "
				  "host support (DebugSwap, SecureTsc in "
				  "0x8000001F EAX): pass --host to check it",
				  p->vmsa_features);
}

static void kvm_launch_start(const struct snp_params *p,
			     struct check_result *res,
			     struct snp_launch_status *st)
{
	if (!(p->policy & SNP_POLICY_RSVD_MBO))
		fail(st, "kvm", EINVAL, "EINVAL", "KVM_SEV_SNP_LAUNCH_START: "
		     "policy bit 17 must be 1; set it in snp.policy");
	else if (p->policy & ~KVM_SNP_POLICY_MASK_VALID)
		fail(st, "kvm", EINVAL, "EINVAL", strpool_printf(
			&res->pool, "KVM_SEV_SNP_LAUNCH_START: policy bits 0x%"
			PRIx64 " are outside KVM_SNP_POLICY_MASK_VALID (bits "
			"0-20; kernels from late 2025 add 21-25 when the "
			"firmware offers them)", p->policy &
			~KVM_SNP_POLICY_MASK_VALID));
}

/* "1.55.25" -> 1, 55 */
static void fw_api(const char *version, unsigned long *major,
		   unsigned long *minor)
{
	char *end;

	*major = strtoul(version, &end, 10);
	*minor = *end == '.' ? strtoul(end + 1, NULL, 10) : 0;
}

static void fw_launch_start(const struct snp_params *p, const char *fw_version,
			    const struct cpuid_set *host,
			    struct check_result *res,
			    struct snp_launch_status *st)
{
	unsigned long major, minor;
	uint64_t pmajor = (p->policy & SNP_POLICY_ABI_MAJOR) >> 8;
	uint64_t pminor = p->policy & SNP_POLICY_ABI_MINOR;
	const struct cpuid_entry *e;

	fw_api(fw_version, &major, &minor);
	if (!(p->policy & SNP_POLICY_RSVD_MBO) ||
	    (p->policy & SNP_POLICY_RESERVED))
		fail(st, "sev-firmware", SNP_SEV_POLICY_FAILURE,
		     "POLICY_FAILURE", "SNP_LAUNCH_START: policy bit 17 must be "
		     "1 and bits 63:26 0");
	if (pmajor > major || (pmajor == major && pminor > minor))
		fail(st, "sev-firmware", SNP_SEV_POLICY_FAILURE,
		     "POLICY_FAILURE", strpool_printf(
			     &res->pool, "SNP_LAUNCH_START: the policy asks "
			     "for ABI %" PRIu64 ".%" PRIu64 ", newer than the "
			     "firmware's %lu.%lu; lower snp.policy bits 15:0",
			     pmajor, pminor, major, minor));
	if (p->policy & SNP_POLICY_SMT)
		return;
	/* SMT not allowed, but the platform runs SMT: 0x8000001E
	 * EBX[15:8] is threads per core minus one. */
	e = host ? cpuid_set_lookup(host, 0x8000001eu, 0) : NULL;
	if (e && (e->regs[1] >> 8) & 0xff)
		fail(st, "sev-firmware", SNP_SEV_POLICY_FAILURE,
		     "POLICY_FAILURE", "SNP_LAUNCH_START: the policy forbids "
		     "SMT (bit 16 clear) but the host runs two threads per "
		     "core; set bit 16 or disable SMT on the host");
	else if (!e)
		check_result_warn(res, "snp.policy forbids SMT: the firmware "
				  "refuses it on a host with SMT enabled "
				  "(pass --host to check)");
}

void snp_launch_start(const struct snp_params *p, const char *fw_version,
		      const struct cpuid_set *host, bool kvm,
		      struct check_result *res, struct snp_launch_status *st)
{
	memset(st, 0, sizeof(*st));
	if (kvm) {
		kvm_init2(p, host, res, st);
		kvm_launch_start(p, res, st);
	}
	fw_launch_start(p, fw_version, host, res, st);
}
