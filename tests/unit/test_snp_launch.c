// SPDX-License-Identifier: MIT
/*
 * The launch before the CPUID page (snp/snp_launch.c): KVM_SEV_INIT2 and
 * KVM_SEV_SNP_LAUNCH_START in mainline KVM, then the firmware's
 * SNP_LAUNCH_START policy checks.  Sources, all in research/snp.md:
 *
 *  - §4.3 __sev_guest_init: vmsa_features must be a subset of
 *    sev_supported_vmsa_features = DEBUG_SWAP (bit 5, needs the CPU's
 *    DEBUG_SWAP and NO_NESTED_DATA_BP) and SECURE_TSC (bit 9, needs
 *    SNP_SECURE_TSC), else -EINVAL;
 *  - §4.3 snp_launch_start: policy & ~snp_supported_policy_bits -> -EINVAL,
 *    policy bit 17 (RSVD_MBO) must be 1; §7: the kernel's base mask covers
 *    bits 0-20;
 *  - §3.5 SNP_LAUNCH_START: POLICY_FAILURE when bit 17 is clear, when
 *    POLICY.SMT = 0 while SMT is enabled, when the policy's ABI major.minor
 *    is greater than the firmware's, when reserved bits are set;
 *  - §4.3: POLICY_FAILURE is 7 (psp-sev.h order);
 *  - §7: 0x8000001F EAX bit 8 SecureTsc, bit 14 DebugSwap; §7 policy bits
 *    63:26 must be zero.
 *
 * The KVM checks run first (INIT2 precedes LAUNCH_START, which precedes
 * the firmware command), and the first failure is what the VMM sees.
 */
#include <errno.h>
#include <string.h>

#include "testlib.h"
#include "snp/snp_firmware.h"
#include "snp/snp_launch.h"

#define FW "1.55.25"	/* Genoa SEV FW 1.55.25: API 1.55 (§0.1) */

/* 0x8000001F EAX of a Genoa-like host: SME, SEV, ES, SNP (bits 0-4),
 * SecureTsc (8), DebugSwap (14). */
#define SEV_EAX (0x1fu | 1u << 8 | 1u << 14)
#define DEBUG_SWAP (UINT64_C(1) << 5)
#define SECURE_TSC (UINT64_C(1) << 9)

static void put(struct cpuid_set *s, uint32_t leaf, uint32_t eax,
		uint32_t ebx)
{
	struct cpuid_entry e = { .leaf = leaf, .regs = { eax, ebx, 0, 0 } };

	assert_int_equal(cpuid_set_put(s, &e), 0);
}

/*
 * A host: 0x8000001F EAX @sev_eax, 0x80000021 EAX bit 0 NoNestedDataBp
 * as @nnbp, 0x8000001E EBX[15:8] threads per core minus one @smt.
 */
static void host(struct cpuid_set *s, uint32_t sev_eax, bool nnbp,
		 unsigned int smt)
{
	cpuid_set_init(s);
	put(s, 0x8000001f, sev_eax, 0x33 | 1u << 6 | 4u << 12);
	put(s, 0x80000021, nnbp ? 1 : 0, 0);
	put(s, 0x8000001e, 0, smt << 8);
}

static struct snp_params params(uint64_t policy, uint64_t vmsa_features)
{
	struct snp_params p = {
		.policy = policy,
		.vmsa_features = vmsa_features,
		.reduced_phys_bits = 1,
	};

	return p;
}

/* Runs snp_launch_start; the caller releases @res. */
static void run(uint64_t policy, uint64_t vmsa, const struct cpuid_set *h,
		bool kvm, struct check_result *res,
		struct snp_launch_status *st)
{
	struct snp_params p = params(policy, vmsa);

	check_result_init(res);
	memset(st, 0xaa, sizeof(*st));
	snp_launch_start(&p, FW, h, kvm, res, st);
}

static void expect_ok(uint64_t policy, uint64_t vmsa,
		      const struct cpuid_set *h, bool kvm, size_t nwarnings)
{
	struct snp_launch_status st;
	struct check_result res;

	run(policy, vmsa, h, kvm, &res, &st);
	if (st.layer)
		fail_msg("policy 0x%llx vmsa 0x%llx: %s %s",
			 (unsigned long long)policy, (unsigned long long)vmsa,
			 st.layer, st.message);
	assert_int_equal(st.code, 0);
	assert_null(st.name);
	assert_null(st.message);
	assert_int_equal(res.nwarnings, nwarnings);
	check_result_release(&res);
}

static void expect_kvm(uint64_t policy, uint64_t vmsa,
		       const struct cpuid_set *h, const char *message)
{
	struct snp_launch_status st;
	struct check_result res;

	run(policy, vmsa, h, true, &res, &st);
	if (!st.layer)
		fail_msg("accepted, expected \"%s\"", message);
	assert_string_equal(st.layer, "kvm");
	assert_int_equal(st.code, EINVAL);
	assert_string_equal(st.name, "EINVAL");
	assert_string_equal(st.message, message);
	check_result_release(&res);
}

static void expect_fw(uint64_t policy, uint64_t vmsa,
		      const struct cpuid_set *h, bool kvm, const char *message)
{
	struct snp_launch_status st;
	struct check_result res;

	run(policy, vmsa, h, kvm, &res, &st);
	if (!st.layer)
		fail_msg("accepted, expected \"%s\"", message);
	assert_string_equal(st.layer, "sev-firmware");
	assert_int_equal(st.code, 0x7);	/* §4.3 POLICY_FAILURE */
	assert_int_equal(SNP_SEV_POLICY_FAILURE, 0x7);
	assert_string_equal(st.name, "POLICY_FAILURE");
	assert_string_equal(st.message, message);
	check_result_release(&res);
}

#define MSG_KVM_MBO "KVM_SEV_SNP_LAUNCH_START: policy bit 17 must be 1; set " \
		    "it in snp.policy"
#define MSG_FW_MBO "SNP_LAUNCH_START: policy bit 17 must be 1 and bits " \
		   "63:26 0"
#define MSG_FW_SMT "SNP_LAUNCH_START: the policy forbids SMT (bit 16 " \
		   "clear) but the host runs two threads per core; set bit " \
		   "16 or disable SMT on the host"
#define MSG_DSWAP "KVM_SEV_INIT2: the host lacks DebugSwap or " \
		  "NoNestedDataBp, so KVM does not offer DEBUG_SWAP (bit 5); " \
		  "clear it in snp.vmsa_features"
#define MSG_STSC "KVM_SEV_INIT2: the host lacks SecureTsc (0x8000001F EAX " \
		 "bit 8), so KVM does not offer SECURE_TSC (bit 9); clear " \
		 "it in snp.vmsa_features"

/* QEMU's default policy 0x30000 (§7) launches, host or not. */
static void test_default_ok(void **state)
{
	struct cpuid_set h;

	(void)state;
	expect_ok(0x30000, 0, NULL, true, 0);
	expect_ok(0x30000, 0, NULL, false, 0);
	host(&h, SEV_EAX, true, 1);
	expect_ok(0x30000, 0, &h, true, 0);
	/* Both SEV features on a host that has them. */
	expect_ok(0x30000, DEBUG_SWAP | SECURE_TSC, &h, true, 0);
	/* DEBUG (bit 19) is a policy bit KVM takes (bits 0-20). */
	expect_ok(0xb0000, 0, &h, true, 0);
	cpuid_set_release(&h);
}

/* §4.3 / §3.5: bit 17 is reserved, must be one. */
static void test_policy_mbo(void **state)
{
	(void)state;
	expect_kvm(0x10000, 0, NULL, MSG_KVM_MBO);
	expect_kvm(0x0, 0, NULL, MSG_KVM_MBO);
	/* Without KVM the firmware refuses it. */
	expect_fw(0x10000, 0, NULL, false, MSG_FW_MBO);
}

/* §4.3, §7: KVM_SNP_POLICY_MASK_VALID is bits 0-20 in mainline. */
static void test_policy_kvm_bits(void **state)
{
	(void)state;
	/* bit 21 CXL_ALLOW */
	expect_kvm(0x230000, 0, NULL, "KVM_SEV_SNP_LAUNCH_START: policy bits "
		   "0x200000 are outside KVM_SNP_POLICY_MASK_VALID (bits "
		   "0-20; kernels from late 2025 add 21-25 when the firmware "
		   "offers them)");
	/* bits 24 and 63 together */
	expect_kvm(0x8000000001030000ull, 0, NULL, "KVM_SEV_SNP_LAUNCH_START: "
		   "policy bits 0x8000000001000000 are outside "
		   "KVM_SNP_POLICY_MASK_VALID (bits 0-20; kernels from late "
		   "2025 add 21-25 when the firmware offers them)");
	/* Without KVM, the firmware refuses the reserved bits 63:26 (§7
	 * "63:26 must be zero", §3.5 "reserved policy bits are set"). */
	expect_fw(0x4030000, 0, NULL, false, MSG_FW_MBO);
	expect_fw(0x8000000000030000ull, 0, NULL, false, MSG_FW_MBO);
}

/* §4.3: only DEBUG_SWAP (5) and SECURE_TSC (9) are ever offered. */
static void test_vmsa_features_unsupported(void **state)
{
	struct cpuid_set h;

	(void)state;
	host(&h, SEV_EAX, true, 0);
	/* SNP_ACTIVE (0) is KVM's to set, BTB_ISOLATION (7) unmerged. */
	expect_kvm(0x30000, 0x1, &h, "KVM_SEV_INIT2: vmsa_features 0x1 are "
		   "not SEV features KVM supports (DEBUG_SWAP bit 5, "
		   "SECURE_TSC bit 9); clear them in snp.vmsa_features");
	expect_kvm(0x30000, 0x2a0, &h, "KVM_SEV_INIT2: vmsa_features 0x80 "
		   "are not SEV features KVM supports (DEBUG_SWAP bit 5, "
		   "SECURE_TSC bit 9); clear them in snp.vmsa_features");
	/* No host needed to refuse them. */
	expect_kvm(0x30000, 0x4000, NULL, "KVM_SEV_INIT2: vmsa_features "
		   "0x4000 are not SEV features KVM supports (DEBUG_SWAP bit "
		   "5, SECURE_TSC bit 9); clear them in snp.vmsa_features");
	cpuid_set_release(&h);
}

/* §4.3: DEBUG_SWAP needs DebugSwap (0x8000001F EAX 14) and NoNestedDataBp. */
static void test_debug_swap(void **state)
{
	struct cpuid_set h;

	(void)state;
	host(&h, SEV_EAX & ~(1u << 14), true, 0);
	expect_kvm(0x30000, DEBUG_SWAP, &h, MSG_DSWAP);
	/* SECURE_TSC alone is fine on that host. */
	expect_ok(0x30000, SECURE_TSC, &h, true, 0);
	cpuid_set_release(&h);
	host(&h, SEV_EAX, false, 0);
	expect_kvm(0x30000, DEBUG_SWAP, &h, MSG_DSWAP);
	cpuid_set_release(&h);
	host(&h, SEV_EAX, true, 0);
	expect_ok(0x30000, DEBUG_SWAP, &h, true, 0);
	cpuid_set_release(&h);
}

/* §4.3: SECURE_TSC needs SecureTsc (0x8000001F EAX 8). */
static void test_secure_tsc(void **state)
{
	struct cpuid_set h;

	(void)state;
	host(&h, SEV_EAX & ~(1u << 8), true, 0);
	expect_kvm(0x30000, SECURE_TSC, &h, MSG_STSC);
	expect_ok(0x30000, DEBUG_SWAP, &h, true, 0);
	cpuid_set_release(&h);
	host(&h, SEV_EAX, true, 0);
	expect_ok(0x30000, SECURE_TSC, &h, true, 0);
	cpuid_set_release(&h);
}

/* §3.5: the policy's ABI major.minor must not exceed the firmware's. */
static void test_abi(void **state)
{
	(void)state;
	/* 1.55 is the firmware's own: fine; so are 1.0 and 0.255. */
	expect_ok(0x30000 | 0x0137, 0, NULL, true, 0);
	expect_ok(0x30000 | 0x0100, 0, NULL, true, 0);
	expect_ok(0x30000 | 0x00ff, 0, NULL, true, 0);
	expect_fw(0x30000 | 0x0138, 0, NULL, true, "SNP_LAUNCH_START: the "
		  "policy asks for ABI 1.56, newer than the firmware's 1.55; "
		  "lower snp.policy bits 15:0");
	expect_fw(0x30000 | 0x0200, 0, NULL, true, "SNP_LAUNCH_START: the "
		  "policy asks for ABI 2.0, newer than the firmware's 1.55; "
		  "lower snp.policy bits 15:0");
	expect_fw(0x30000 | 0xffff, 0, NULL, false, "SNP_LAUNCH_START: the "
		  "policy asks for ABI 255.255, newer than the firmware's "
		  "1.55; lower snp.policy bits 15:0");
}

/* §3.5: POLICY.SMT = 0 while the platform runs SMT. */
static void test_smt(void **state)
{
	struct cpuid_set h;

	(void)state;
	/* 0x8000001E EBX[15:8] = 1: two threads per core. */
	host(&h, SEV_EAX, true, 1);
	expect_fw(0x20000, 0, &h, true, MSG_FW_SMT);
	expect_fw(0x20000, 0, &h, false, MSG_FW_SMT);
	/* SMT allowed: fine. */
	expect_ok(0x30000, 0, &h, true, 0);
	cpuid_set_release(&h);
	/* One thread per core: SMT may be forbidden. */
	host(&h, SEV_EAX, true, 0);
	expect_ok(0x20000, 0, &h, true, 0);
	cpuid_set_release(&h);
}

static void expect_warnings(uint64_t policy, uint64_t vmsa, bool kvm,
			    const char *w0, const char *w1)
{
	struct snp_launch_status st;
	struct check_result res;

	run(policy, vmsa, NULL, kvm, &res, &st);
	assert_null(st.layer);
	assert_int_equal(res.nwarnings, w1 ? 2 : w0 ? 1 : 0);
	if (w0)
		assert_string_equal(res.warnings[0], w0);
	if (w1)
		assert_string_equal(res.warnings[1], w1);
	check_result_release(&res);
}

#define WARN_VMSA(v) "snp.vmsa_features " v " needs host support " \
		     "(DebugSwap, SecureTsc in 0x8000001F EAX): pass --host " \
		     "to check it"
#define WARN_SMT "snp.policy forbids SMT: the firmware refuses it on a " \
		 "host with SMT enabled (pass --host to check)"

/* Without a host, what depends on it is a warning, not a verdict. */
static void test_no_host_warnings(void **state)
{
	(void)state;
	expect_warnings(0x30000, DEBUG_SWAP, true, WARN_VMSA("0x20"), NULL);
	expect_warnings(0x30000, SECURE_TSC, true, WARN_VMSA("0x200"), NULL);
	expect_warnings(0x30000, DEBUG_SWAP | SECURE_TSC, true,
			WARN_VMSA("0x220"), NULL);
	expect_warnings(0x20000, 0, true, WARN_SMT, NULL);
	expect_warnings(0x20000, DEBUG_SWAP, true, WARN_VMSA("0x20"),
			WARN_SMT);
	/* --kvm none: the SEV features are not KVM's question then. */
	expect_warnings(0x20000, DEBUG_SWAP, false, WARN_SMT, NULL);
}

/* The first failure is what the VMM sees. */
static void test_first_failure_wins(void **state)
{
	struct snp_launch_status st;
	struct check_result res;
	struct cpuid_set h;

	(void)state;
	/* INIT2 before LAUNCH_START: an unsupported feature beats bit 17. */
	expect_kvm(0x10000, 0x1, NULL, "KVM_SEV_INIT2: vmsa_features 0x1 are "
		   "not SEV features KVM supports (DEBUG_SWAP bit 5, "
		   "SECURE_TSC bit 9); clear them in snp.vmsa_features");
	/* Both features missing on the host: DEBUG_SWAP is checked first. */
	host(&h, 0x1f, true, 1);
	expect_kvm(0x30000, DEBUG_SWAP | SECURE_TSC, &h, MSG_DSWAP);
	/* KVM before the firmware: bit 17 clear with SMT forbidden on an
	 * SMT host and a too new ABI. */
	expect_kvm(0x00138, 0, &h, MSG_KVM_MBO);
	/* Without KVM, the firmware's checks in order: bit 17 first, then
	 * the ABI, then SMT. */
	expect_fw(0x00138, 0, &h, false, MSG_FW_MBO);
	expect_fw(0x20138, 0, &h, false, "SNP_LAUNCH_START: the policy asks "
		  "for ABI 1.56, newer than the firmware's 1.55; lower "
		  "snp.policy bits 15:0");
	/* A later failure leaves no warning behind either way. */
	run(0x20000, DEBUG_SWAP, &h, true, &res, &st);
	assert_string_equal(st.layer, "kvm");
	assert_string_equal(st.message, MSG_DSWAP);
	assert_int_equal(res.nwarnings, 0);
	check_result_release(&res);
	cpuid_set_release(&h);
}

/* --kvm none: only the firmware's checks. */
static void test_kvm_none(void **state)
{
	struct cpuid_set h;

	(void)state;
	host(&h, 0x1f, false, 0);
	/* Unsupported or unavailable SEV features are KVM's to refuse. */
	expect_ok(0x30000, 0x1, &h, false, 0);
	expect_ok(0x30000, DEBUG_SWAP | SECURE_TSC, &h, false, 0);
	/* Bit 17 clear: the firmware's POLICY_FAILURE, not KVM's EINVAL. */
	expect_fw(0x10000, 0, &h, false, MSG_FW_MBO);
	cpuid_set_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_ok),
		cmocka_unit_test(test_policy_mbo),
		cmocka_unit_test(test_policy_kvm_bits),
		cmocka_unit_test(test_vmsa_features_unsupported),
		cmocka_unit_test(test_debug_swap),
		cmocka_unit_test(test_secure_tsc),
		cmocka_unit_test(test_abi),
		cmocka_unit_test(test_smt),
		cmocka_unit_test(test_no_host_warnings),
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_kvm_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
