/* SPDX-License-Identifier: MIT */
/*
 * Shared KVM plumbing for the hardware path (DESIGN.md §6): opening
 * /dev/kvm, capabilities and VM types, KVM_GET_SUPPORTED/EMULATED_CPUID,
 * kvm_cpuid2 marshalling, VMs and vCPUs.  The kvm, tdx and snp backends
 * build on it.
 *
 * Every system call goes through a struct kvm_sys, so that tests can put
 * a fake kernel (answering from the module and firmware models) where
 * Linux would be, and the same backend code runs in CI.
 */
#ifndef CERTIFY_KVM_H
#define CERTIFY_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cpuid_set.h"
#include "diag.h"
#include "kvm_uapi.h"

/*
 * The system calls the hardware path makes.  ioctl returns the call's
 * non-negative result or -errno.  mmap returns NULL on failure.
 */
struct kvm_sys {
	int (*open)(struct kvm_sys *s, const char *path, int flags);
	int (*close)(struct kvm_sys *s, int fd);
	int (*ioctl)(struct kvm_sys *s, int fd, unsigned long req, void *arg);
	void *(*mmap)(struct kvm_sys *s, size_t len, int prot, int flags,
		      int fd, off_t off);
	int (*munmap)(struct kvm_sys *s, void *p, size_t len);
	/* uname's release, for reports ("6.18.4-..."); may be NULL. */
	const char *(*kernel_release)(struct kvm_sys *s);
	/*
	 * arch_prctl(ARCH_REQ_XCOMP_GUEST_PERM, @xfeature): the permission a
	 * VMM needs before its guests may use a dynamic XSAVE feature (AMX
	 * tile data); 0 or -errno.  May be NULL (no such permission).
	 */
	int (*xcomp_guest_perm)(struct kvm_sys *s, unsigned int xfeature);
	void *priv;
};

/* Linux itself. */
extern struct kvm_sys kvm_sys_linux;

struct kvm {
	struct kvm_sys *sys;
	int fd;			/* /dev/kvm */
};

#define KVM_DEVICE_PATH "/dev/kvm"

/*
 * Opens /dev/kvm and checks the API version.  On failure @d says exactly
 * what is missing (no device, no permission, an old API) and -1 is
 * returned: callers exit with status 4 (environment).
 */
int kvm_open(struct kvm *k, struct kvm_sys *sys, struct diag *d);
void kvm_close(struct kvm *k);

/* KVM_CHECK_EXTENSION: the capability's value, 0 when absent. */
int kvm_check_extension(struct kvm *k, int cap);
/* KVM_CAP_VM_TYPES: a bitmask of the VM types KVM creates (bit n: type
 * n); 1 (default VM only) on kernels that predate the capability. */
uint32_t kvm_vm_types(struct kvm *k);

/*
 * KVM_GET_SUPPORTED_CPUID or KVM_GET_EMULATED_CPUID into @out (which is
 * emptied first), growing the buffer on -E2BIG.  0, or -1 with @d set.
 */
int kvm_get_cpuid(struct kvm *k, unsigned long req, struct cpuid_set *out,
		  struct diag *d);

/*
 * A struct kvm_cpuid2 with @set's entries (KVM_CPUID_FLAG_SIGNIFCANT_INDEX
 * for indexed ones), placed @header bytes into a zeroed buffer of its
 * own (TDX's init_vm and capabilities put a header first).  NULL when out
 * of memory or @set has more than @max entries.
 */
void *kvm_cpuid2_build(const struct cpuid_set *set, size_t header,
		       size_t max, size_t *size);
/* The entries of a struct kvm_cpuid2 into @out; -1 on a duplicate. */
int kvm_cpuid2_read(const struct certify_kvm_cpuid2 *c, struct cpuid_set *out);

/* KVM_CREATE_VM of @type: the VM fd, or -errno. */
int kvm_create_vm(struct kvm *k, unsigned long type);

/* "6.18.4" for reports, or "unknown". */
const char *kvm_kernel_release(struct kvm *k);

/* The errno's name ("EINVAL"), or "error". */
const char *kvm_errno_name(int err);

#endif
