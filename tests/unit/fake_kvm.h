/* SPDX-License-Identifier: MIT */
/*
 * A fake kernel for the hardware path's tests (DESIGN.md §6): a struct
 * kvm_sys that answers /dev/kvm, VM and vCPU ioctls from memory, so the
 * backends' own code (marshalling, buffer growth, error mapping, page
 * read-back, the model cross-check) runs in CI without TDX or SNP.
 *
 * The generic part here knows file descriptors, capabilities, VM types,
 * KVM_GET_SUPPORTED/EMULATED_CPUID, vCPUs, memory slots, guest_memfd and
 * memory attributes.  KVM_MEMORY_ENCRYPT_OP goes to a platform part
 * (fake_tdx.c, fake_snp.c) that answers from the module or firmware
 * model.
 */
#ifndef CERTIFY_FAKE_KVM_H
#define CERTIFY_FAKE_KVM_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/cpuid_set.h"
#include "certify/kvm.h"

#define FAKE_KVM_MAX_FDS 32
#define FAKE_KVM_FD_BASE 100

enum fake_fd_kind {
	FAKE_FD_FREE,
	FAKE_FD_SYSTEM,		/* /dev/kvm */
	FAKE_FD_VM,
	FAKE_FD_VCPU,
	FAKE_FD_GMEM,		/* guest_memfd */
	FAKE_FD_DEVICE,		/* a platform's device (/dev/sev), by ->open */
};

struct fake_fd {
	enum fake_fd_kind kind;
	unsigned long vm_type;	/* VM: its type */
	int vm;			/* vCPU, guest_memfd: the VM's fd */
	uint64_t size;		/* guest_memfd */
	void *state;		/* the platform part's, per VM or vCPU */
};

struct fake_kvm;

/*
 * A platform part: answers KVM_MEMORY_ENCRYPT_OP on a VM or vCPU fd, and
 * (@open, may be NULL) the open() of a path other than /dev/kvm, such as
 * SNP's /dev/sev: it returns fake_kvm_new_fd(f, FAKE_FD_DEVICE) or -errno.
 */
struct fake_platform {
	unsigned long vm_type;
	int (*open)(struct fake_kvm *f, const char *path, int flags);
	int (*vm_op)(struct fake_kvm *f, int fd, void *arg);
	int (*vcpu_op)(struct fake_kvm *f, int fd, void *arg);
	void (*release_state)(struct fake_kvm *f, struct fake_fd *fd);
	void *priv;
};

/*
 * What runs default VMs (type 0) and their vCPUs (fake_guest.c), or
 * NULL: then their ioctls are -ENOTTY.  @vm_ioctl and @vcpu_ioctl return
 * -ENOTTY for requests they leave to the generic part; @mmap maps a vCPU
 * fd's kvm_run; @closed hears of every fd closed.
 */
struct fake_vm_ops {
	int (*vm_ioctl)(struct fake_kvm *f, int fd, unsigned long req,
			void *arg);
	int (*vcpu_ioctl)(struct fake_kvm *f, int fd, unsigned long req,
			  void *arg);
	void *(*mmap)(struct fake_kvm *f, int fd, size_t len);
	void (*closed)(struct fake_kvm *f, int fd);
	void *priv;
};

struct fake_kvm {
	struct kvm_sys sys;	/* what the code under test is given */
	/* Knobs, set before use. */
	bool no_device;		/* open fails with -ENOENT */
	bool no_permission;	/* ... with -EACCES */
	int api_version;	/* 12 */
	uint32_t vm_types;	/* KVM_CAP_VM_TYPES, 0: capability absent */
	const char *release;	/* uname release */
	struct cpuid_set supported;
	struct cpuid_set emulated;
	struct fake_platform *platform;
	struct fake_vm_ops *default_vm;
	/* State. */
	struct fake_fd fds[FAKE_KVM_MAX_FDS];
	unsigned int calls;		/* ioctls answered */
	unsigned int open_fds;		/* leak check: 0 after the code ran */
	/* The last VM's (@vm) memory slot and attributes; closing the VM
	 * clears them, as its memory goes with it. */
	struct {
		bool set;
		uint64_t gpa, size;
		int gmem;
		int vm;
	} slot;
	struct {
		bool set;
		uint64_t address, size, attributes;
		int vm;
	} attrs;
};

/* Defaults: a Linux that has /dev/kvm, API 12, default VMs only. */
void fake_kvm_init(struct fake_kvm *f);
void fake_kvm_release(struct fake_kvm *f);
/* The fd's record, or NULL if it is not one of the fake's. */
struct fake_fd *fake_kvm_fd(struct fake_kvm *f, int fd);
/* A new fd of @kind (for a platform's ->open), or -EMFILE. */
int fake_kvm_new_fd(struct fake_kvm *f, enum fake_fd_kind kind);

#endif
