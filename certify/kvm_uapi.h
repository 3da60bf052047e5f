/* SPDX-License-Identifier: MIT */
/*
 * The Linux KVM uAPI certify speaks, defined here because Debian 12's
 * kernel headers (linux-libc-dev 6.1) predate VM types, guest_memfd, TDX
 * (Linux 6.16) and SNP launch (6.11).  Every value and layout is from the
 * mainline headers as research/tdx.md §3.2 and research/snp.md §4.1-4.2
 * give them (include/uapi/linux/kvm.h, arch/x86/include/uapi/asm/kvm.h);
 * the static asserts below pin sizes and offsets to those notes, so a
 * mistake cannot compile.
 *
 * Names carry a CERTIFY_ prefix / certify_ tag so they never clash with
 * <linux/kvm.h> where a newer system has both.
 */
#ifndef CERTIFY_KVM_UAPI_H
#define CERTIFY_KVM_UAPI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#define CERTIFY_KVMIO 0xAE

/* ---- system, VM and vCPU ioctls (include/uapi/linux/kvm.h) ---- */

#define CERTIFY_KVM_API_VERSION 12

#define CERTIFY_KVM_GET_API_VERSION _IO(CERTIFY_KVMIO, 0x00)
#define CERTIFY_KVM_CREATE_VM _IO(CERTIFY_KVMIO, 0x01)
#define CERTIFY_KVM_CHECK_EXTENSION _IO(CERTIFY_KVMIO, 0x03)
#define CERTIFY_KVM_GET_VCPU_MMAP_SIZE _IO(CERTIFY_KVMIO, 0x04)
#define CERTIFY_KVM_GET_SUPPORTED_CPUID \
	_IOWR(CERTIFY_KVMIO, 0x05, struct certify_kvm_cpuid2)
#define CERTIFY_KVM_GET_EMULATED_CPUID \
	_IOWR(CERTIFY_KVMIO, 0x09, struct certify_kvm_cpuid2)
#define CERTIFY_KVM_CREATE_VCPU _IO(CERTIFY_KVMIO, 0x41)
#define CERTIFY_KVM_SET_USER_MEMORY_REGION \
	_IOW(CERTIFY_KVMIO, 0x46, struct certify_kvm_userspace_memory_region)
#define CERTIFY_KVM_SET_USER_MEMORY_REGION2 \
	_IOW(CERTIFY_KVMIO, 0x49, struct certify_kvm_userspace_memory_region2)
#define CERTIFY_KVM_RUN _IO(CERTIFY_KVMIO, 0x80)
#define CERTIFY_KVM_GET_REGS _IOR(CERTIFY_KVMIO, 0x81, struct certify_kvm_regs)
#define CERTIFY_KVM_SET_REGS _IOW(CERTIFY_KVMIO, 0x82, struct certify_kvm_regs)
#define CERTIFY_KVM_GET_SREGS \
	_IOR(CERTIFY_KVMIO, 0x83, struct certify_kvm_sregs)
#define CERTIFY_KVM_SET_SREGS \
	_IOW(CERTIFY_KVMIO, 0x84, struct certify_kvm_sregs)
#define CERTIFY_KVM_SET_CPUID2 \
	_IOW(CERTIFY_KVMIO, 0x90, struct certify_kvm_cpuid2)
#define CERTIFY_KVM_GET_CPUID2 \
	_IOWR(CERTIFY_KVMIO, 0x91, struct certify_kvm_cpuid2)
/* On a VM fd (KVM_CAP_VM_TSC_CONTROL): the TSC a TD gets (tdx.md §3.4). */
#define CERTIFY_KVM_SET_TSC_KHZ _IO(CERTIFY_KVMIO, 0xa2)
#define CERTIFY_KVM_ENABLE_CAP \
	_IOW(CERTIFY_KVMIO, 0xa3, struct certify_kvm_enable_cap)
#define CERTIFY_KVM_MEMORY_ENCRYPT_OP _IOWR(CERTIFY_KVMIO, 0xba, unsigned long)
#define CERTIFY_KVM_SET_MEMORY_ATTRIBUTES \
	_IOW(CERTIFY_KVMIO, 0xd2, struct certify_kvm_memory_attributes)
#define CERTIFY_KVM_CREATE_GUEST_MEMFD \
	_IOWR(CERTIFY_KVMIO, 0xd4, struct certify_kvm_create_guest_memfd)
#define CERTIFY_KVM_GET_DEVICE_ATTR \
	_IOW(CERTIFY_KVMIO, 0xe2, struct certify_kvm_device_attr)

#define CERTIFY_KVM_CAP_VM_TYPES 235
#define CERTIFY_KVM_CAP_GUEST_MEMFD 232
#define CERTIFY_KVM_CAP_MEMORY_ATTRIBUTES 231
#define CERTIFY_KVM_CAP_MAX_VCPUS 66
/* KVM_ENABLE_CAP on a VM: a TDX vCPU needs the split IRQ chip (args[0]:
 * the IOAPIC routes), arch/x86/kvm/vmx/tdx.c tdx_vcpu_create(). */
#define CERTIFY_KVM_CAP_SPLIT_IRQCHIP 121

/* KVM_CREATE_VM types (arch/x86/include/uapi/asm/kvm.h). */
#define CERTIFY_KVM_X86_DEFAULT_VM 0
#define CERTIFY_KVM_X86_SW_PROTECTED_VM 1
#define CERTIFY_KVM_X86_SEV_VM 2
#define CERTIFY_KVM_X86_SEV_ES_VM 3
#define CERTIFY_KVM_X86_SNP_VM 4
#define CERTIFY_KVM_X86_TDX_VM 5

#define CERTIFY_KVM_EXIT_IO 2
#define CERTIFY_KVM_EXIT_HLT 5
#define CERTIFY_KVM_EXIT_SHUTDOWN 8
#define CERTIFY_KVM_EXIT_FAIL_ENTRY 9
#define CERTIFY_KVM_EXIT_INTERNAL_ERROR 17

#define CERTIFY_KVM_MEM_GUEST_MEMFD (1u << 2)
#define CERTIFY_KVM_MEMORY_ATTRIBUTE_PRIVATE (1ull << 3)

/* The misspelling is the header's. */
#define CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX 1u
#define CERTIFY_KVM_MAX_CPUID_ENTRIES 256

struct certify_kvm_cpuid_entry2 {
	uint32_t function;
	uint32_t index;
	uint32_t flags;
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
	uint32_t padding[3];
};

struct certify_kvm_cpuid2 {
	uint32_t nent;
	uint32_t padding;
	struct certify_kvm_cpuid_entry2 entries[];
};

struct certify_kvm_enable_cap {
	uint32_t cap;
	uint32_t flags;
	uint64_t args[4];
	uint8_t pad[64];
};

struct certify_kvm_userspace_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};

struct certify_kvm_userspace_memory_region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};

struct certify_kvm_memory_attributes {
	uint64_t address;
	uint64_t size;
	uint64_t attributes;
	uint64_t flags;
};

struct certify_kvm_create_guest_memfd {
	uint64_t size;
	uint64_t flags;
	uint64_t reserved[6];
};

struct certify_kvm_device_attr {
	uint32_t flags;
	uint32_t group;
	uint64_t attr;
	uint64_t addr;
};

struct certify_kvm_regs {
	uint64_t rax, rbx, rcx, rdx;
	uint64_t rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11;
	uint64_t r12, r13, r14, r15;
	uint64_t rip, rflags;
};

struct certify_kvm_segment {
	uint64_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t type;
	uint8_t present, dpl, db, s, l, g, avl;
	uint8_t unusable;
	uint8_t padding;
};

struct certify_kvm_dtable {
	uint64_t base;
	uint16_t limit;
	uint16_t padding[3];
};

struct certify_kvm_sregs {
	struct certify_kvm_segment cs, ds, es, fs, gs, ss;
	struct certify_kvm_segment tr, ldt;
	struct certify_kvm_dtable gdt, idt;
	uint64_t cr0, cr2, cr3, cr4, cr8;
	uint64_t efer;
	uint64_t apic_base;
	uint64_t interrupt_bitmap[4];	/* (KVM_NR_INTERRUPTS + 63) / 64 */
};

/* The start of struct kvm_run, as far as certify reads it. */
struct certify_kvm_run_head {
	uint8_t request_interrupt_window;
	uint8_t immediate_exit;
	uint8_t padding1[6];
	uint32_t exit_reason;
	uint8_t ready_for_interrupt_injection;
	uint8_t if_flag;
	uint16_t flags;
	uint64_t cr8;
	uint64_t apic_base;
	union {
		struct {
			uint64_t hardware_exit_reason;
		} hw;
		struct {
			uint64_t hardware_entry_failure_reason;
			uint32_t cpu;
		} fail_entry;
		struct {
			uint8_t direction;
			uint8_t size;
			uint16_t port;
			uint32_t count;
			uint64_t data_offset;
		} io;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[16];
		} internal;
	};
};

/* ---- TDX (research/tdx.md §3.2) ---- */

enum certify_kvm_tdx_cmd_id {
	CERTIFY_KVM_TDX_CAPABILITIES = 0,
	CERTIFY_KVM_TDX_INIT_VM = 1,
	CERTIFY_KVM_TDX_INIT_VCPU = 2,
	CERTIFY_KVM_TDX_INIT_MEM_REGION = 3,
	CERTIFY_KVM_TDX_FINALIZE_VM = 4,
	CERTIFY_KVM_TDX_GET_CPUID = 5,
	CERTIFY_KVM_TDX_TERMINATE_VM = 6,
};

struct certify_kvm_tdx_cmd {
	uint32_t id;
	uint32_t flags;
	uint64_t data;
	uint64_t hw_error;
};

struct certify_kvm_tdx_capabilities {
	uint64_t supported_attrs;
	uint64_t supported_xfam;
	uint64_t kernel_tdvmcallinfo_1_r11;
	uint64_t user_tdvmcallinfo_1_r11;
	uint64_t kernel_tdvmcallinfo_1_r12;
	uint64_t user_tdvmcallinfo_1_r12;
	uint64_t reserved[250];
	struct certify_kvm_cpuid2 cpuid;
};

struct certify_kvm_tdx_init_vm {
	uint64_t attributes;
	uint64_t xfam;
	uint64_t mrconfigid[6];
	uint64_t mrowner[6];
	uint64_t mrownerconfig[6];
	uint64_t reserved[12];
	struct certify_kvm_cpuid2 cpuid;
};

/* The old out-of-tree ABI (Intel/Canonical 6.8 kernels): VM type 2 and
 * a struct with kvm_tdx_cmd.error instead of hw_error.  certify only
 * recognises it, to say it is unsupported. */
#define CERTIFY_KVM_X86_TDX_VM_OLD 2

/* ---- SEV / SNP (research/snp.md §4.1-4.2) ---- */

enum certify_sev_cmd_id {
	CERTIFY_KVM_SEV_INIT2 = 22,
	CERTIFY_KVM_SEV_SNP_LAUNCH_START = 100,
	CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE = 101,
	CERTIFY_KVM_SEV_SNP_LAUNCH_FINISH = 102,
};

#define CERTIFY_KVM_SEV_SNP_PAGE_TYPE_CPUID 6
#define CERTIFY_KVM_X86_GRP_SEV 1
#define CERTIFY_KVM_X86_SEV_VMSA_FEATURES 0
#define CERTIFY_KVM_X86_SNP_POLICY_BITS 1

struct certify_kvm_sev_cmd {
	uint32_t id;
	uint32_t pad0;
	uint64_t data;
	uint32_t error;
	uint32_t sev_fd;
};

struct certify_kvm_sev_init {
	uint64_t vmsa_features;
	uint32_t flags;
	uint16_t ghcb_version;
	uint16_t pad1;
	uint32_t pad2[8];
};

struct certify_kvm_sev_snp_launch_start {
	uint64_t policy;
	uint8_t gosvw[16];
	uint16_t flags;
	uint8_t pad0[6];
	uint64_t pad1[4];
};

struct certify_kvm_sev_snp_launch_update {
	uint64_t gfn_start;
	uint64_t uaddr;
	uint64_t len;
	uint8_t type;
	uint8_t pad0;
	uint16_t flags;
	uint32_t pad1;
	uint64_t pad2[4];
};

/* ---- layouts pinned to the research notes ---- */

#define CERTIFY_UAPI_SIZE(t, n) \
	_Static_assert(sizeof(struct t) == (n), #t " is " #n " bytes")
#define CERTIFY_UAPI_AT(t, f, n) \
	_Static_assert(offsetof(struct t, f) == (n), #t "." #f " at " #n)

CERTIFY_UAPI_SIZE(certify_kvm_cpuid_entry2, 40);
CERTIFY_UAPI_SIZE(certify_kvm_cpuid2, 8);
CERTIFY_UAPI_AT(certify_kvm_cpuid2, entries, 8);
/* include/uapi/linux/kvm.h: cap, flags, args[4], pad[64]. */
CERTIFY_UAPI_SIZE(certify_kvm_enable_cap, 104);
CERTIFY_UAPI_SIZE(certify_kvm_userspace_memory_region, 32);
CERTIFY_UAPI_SIZE(certify_kvm_userspace_memory_region2, 160);
CERTIFY_UAPI_AT(certify_kvm_userspace_memory_region2, guest_memfd, 40);
CERTIFY_UAPI_SIZE(certify_kvm_memory_attributes, 32);
CERTIFY_UAPI_SIZE(certify_kvm_create_guest_memfd, 64);
CERTIFY_UAPI_SIZE(certify_kvm_regs, 144);
CERTIFY_UAPI_SIZE(certify_kvm_segment, 24);
CERTIFY_UAPI_SIZE(certify_kvm_sregs, 312);
CERTIFY_UAPI_AT(certify_kvm_run_head, exit_reason, 8);
CERTIFY_UAPI_AT(certify_kvm_run_head, io, 32);
CERTIFY_UAPI_SIZE(certify_kvm_tdx_cmd, 24);
CERTIFY_UAPI_AT(certify_kvm_tdx_cmd, hw_error, 16);
/* §3.2: a 2048-byte header, then struct kvm_cpuid2. */
CERTIFY_UAPI_AT(certify_kvm_tdx_capabilities, cpuid, 2048);
/* §3.2: a 256-byte header, then struct kvm_cpuid2. */
CERTIFY_UAPI_AT(certify_kvm_tdx_init_vm, cpuid, 256);
CERTIFY_UAPI_SIZE(certify_kvm_sev_cmd, 24);
CERTIFY_UAPI_AT(certify_kvm_sev_cmd, error, 16);
CERTIFY_UAPI_SIZE(certify_kvm_sev_init, 48);
CERTIFY_UAPI_SIZE(certify_kvm_sev_snp_launch_start, 64);
CERTIFY_UAPI_SIZE(certify_kvm_sev_snp_launch_update, 64);
CERTIFY_UAPI_AT(certify_kvm_sev_snp_launch_update, type, 24);

#endif
