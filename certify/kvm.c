// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kvm.h"

/* ---- Linux ---- */

static int linux_open(struct kvm_sys *s, const char *path, int flags)
{
	int fd;

	(void)s;
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int linux_close(struct kvm_sys *s, int fd)
{
	(void)s;
	return close(fd) ? -errno : 0;
}

static int linux_ioctl(struct kvm_sys *s, int fd, unsigned long req,
		       void *arg)
{
	int ret;

	(void)s;
	ret = ioctl(fd, req, arg);
	return ret < 0 ? -errno : ret;
}

static void *linux_mmap(struct kvm_sys *s, size_t len, int prot, int flags,
			int fd, off_t off)
{
	void *p;

	(void)s;
	p = mmap(NULL, len, prot, flags, fd, off);
	return p == MAP_FAILED ? NULL : p;
}

static int linux_munmap(struct kvm_sys *s, void *p, size_t len)
{
	(void)s;
	return munmap(p, len) ? -errno : 0;
}

static const char *linux_release(struct kvm_sys *s)
{
	static struct utsname u;

	(void)s;
	if (uname(&u))
		return NULL;
	return u.release;
}

/* arch/x86/include/uapi/asm/prctl.h */
#define ARCH_REQ_XCOMP_GUEST_PERM 0x1025

static int linux_xcomp_guest_perm(struct kvm_sys *s, unsigned int xfeature)
{
	(void)s;
	return syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_GUEST_PERM,
		       (unsigned long)xfeature) ? -errno : 0;
}

struct kvm_sys kvm_sys_linux = {
	.open = linux_open,
	.close = linux_close,
	.ioctl = linux_ioctl,
	.mmap = linux_mmap,
	.munmap = linux_munmap,
	.kernel_release = linux_release,
	.xcomp_guest_perm = linux_xcomp_guest_perm,
};

/* ---- helpers ---- */

const char *kvm_errno_name(int err)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EIO: return "EIO";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ENOTTY: return "ENOTTY";
	case ENXIO: return "ENXIO";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	return "error";
}

int kvm_open(struct kvm *k, struct kvm_sys *sys, struct diag *d)
{
	int fd, ver;

	k->sys = sys;
	k->fd = -1;
	fd = sys->open(sys, KVM_DEVICE_PATH, O_RDWR);
	if (fd == -ENOENT || fd == -ENODEV || fd == -ENXIO) {
		diag_set(d, KVM_DEVICE_PATH, 0, "absent: this kernel has no KVM,"
			 " or its module (kvm_intel or kvm_amd) is not loaded, "
			 "or this is a container without the device");
		return -1;
	}
	if (fd == -EACCES || fd == -EPERM) {
		diag_set(d, KVM_DEVICE_PATH, 0, "no permission to open it: run "
			 "as root or as a member of its group (usually kvm)");
		return -1;
	}
	if (fd < 0) {
		diag_set(d, KVM_DEVICE_PATH, 0, "cannot open: %s",
			 strerror(-fd));
		return -1;
	}
	ver = sys->ioctl(sys, fd, CERTIFY_KVM_GET_API_VERSION, NULL);
	if (ver != CERTIFY_KVM_API_VERSION) {
		sys->close(sys, fd);
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM API version %d, not %d",
			 ver, CERTIFY_KVM_API_VERSION);
		return -1;
	}
	k->fd = fd;
	return 0;
}

void kvm_close(struct kvm *k)
{
	if (k->fd >= 0)
		k->sys->close(k->sys, k->fd);
	k->fd = -1;
}

int kvm_check_extension(struct kvm *k, int cap)
{
	int r = k->sys->ioctl(k->sys, k->fd, CERTIFY_KVM_CHECK_EXTENSION,
			      (void *)(uintptr_t)cap);

	return r < 0 ? 0 : r;
}

uint32_t kvm_vm_types(struct kvm *k)
{
	int r = kvm_check_extension(k, CERTIFY_KVM_CAP_VM_TYPES);

	return r > 0 ? (uint32_t)r : 1u << CERTIFY_KVM_X86_DEFAULT_VM;
}

int kvm_cpuid2_read(const struct certify_kvm_cpuid2 *c, struct cpuid_set *out)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		const struct certify_kvm_cpuid_entry2 *ke = &c->entries[i];
		struct cpuid_entry e = {
			.leaf = ke->function,
			.indexed = ke->flags &
				   CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
			.regs = { ke->eax, ke->ebx, ke->ecx, ke->edx },
		};

		e.subleaf = e.indexed ? ke->index : 0;
		if (cpuid_set_insert(out, &e))
			return -1;
	}
	return 0;
}

void *kvm_cpuid2_build(const struct cpuid_set *set, size_t header,
		       size_t max, size_t *size)
{
	const struct cpuid_entry *e;
	struct certify_kvm_cpuid2 *c;
	uint8_t *buf;
	size_t i = 0;

	if (set->n > max)
		return NULL;
	*size = header + sizeof(*c) + set->n * sizeof(c->entries[0]);
	buf = calloc(1, *size);
	if (!buf)
		return NULL;
	c = (struct certify_kvm_cpuid2 *)(void *)(buf + header);
	c->nent = (uint32_t)set->n;
	cpuid_set_for_each(e, set) {
		struct certify_kvm_cpuid_entry2 *ke = &c->entries[i++];

		ke->function = e->leaf;
		ke->index = e->subleaf;
		ke->flags = e->indexed ? CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX
				       : 0;
		ke->eax = e->regs[0];
		ke->ebx = e->regs[1];
		ke->ecx = e->regs[2];
		ke->edx = e->regs[3];
	}
	return buf;
}

int kvm_get_cpuid(struct kvm *k, unsigned long req, struct cpuid_set *out,
		  struct diag *d)
{
	const char *what = req == CERTIFY_KVM_GET_EMULATED_CPUID ?
			   "KVM_GET_EMULATED_CPUID" : "KVM_GET_SUPPORTED_CPUID";
	struct certify_kvm_cpuid2 *c = NULL;
	uint32_t nent;
	int ret = -E2BIG;

	cpuid_set_release(out);
	cpuid_set_init(out);
	/* The kernel says -E2BIG until the buffer holds every entry. */
	for (nent = 64; ret == -E2BIG && nent <= 4096;) {
		free(c);
		c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
		if (!c) {
			diag_set(d, what, 0, "out of memory");
			return -1;
		}
		c->nent = nent;
		ret = k->sys->ioctl(k->sys, k->fd, req, c);
		if (ret == -E2BIG)
			nent *= 2;
	}
	if (ret < 0) {
		diag_set(d, what, 0, "%s", strerror(-ret));
		free(c);
		return -1;
	}
	if (c->nent > nent || kvm_cpuid2_read(c, out)) {
		diag_set(d, what, 0, "the kernel's answer does not read");
		free(c);
		return -1;
	}
	free(c);
	return 0;
}

int kvm_create_vm(struct kvm *k, unsigned long type)
{
	return k->sys->ioctl(k->sys, k->fd, CERTIFY_KVM_CREATE_VM,
			     (void *)(uintptr_t)type);
}

const char *kvm_kernel_release(struct kvm *k)
{
	const char *r = k->sys->kernel_release ?
			k->sys->kernel_release(k->sys) : NULL;

	return r ? r : "unknown";
}
