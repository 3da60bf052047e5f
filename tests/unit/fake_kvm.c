// SPDX-License-Identifier: MIT
/*
 * The generic part of the fake kernel (fake_kvm.h).  Answers follow
 * Linux: include/uapi/linux/kvm.h and Documentation/virt/kvm/api.rst
 * (KVM_GET_SUPPORTED_CPUID fails with -E2BIG and writes the needed nent
 * back when the buffer is too small; an unknown ioctl is -ENOTTY).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fake_kvm.h"

static struct fake_kvm *of(struct kvm_sys *s)
{
	return s->priv;
}

struct fake_fd *fake_kvm_fd(struct fake_kvm *f, int fd)
{
	int i = fd - FAKE_KVM_FD_BASE;

	if (i < 0 || i >= FAKE_KVM_MAX_FDS || f->fds[i].kind == FAKE_FD_FREE)
		return NULL;
	return &f->fds[i];
}

int fake_kvm_new_fd(struct fake_kvm *f, enum fake_fd_kind kind)
{
	int i;

	for (i = 0; i < FAKE_KVM_MAX_FDS; i++)
		if (f->fds[i].kind == FAKE_FD_FREE) {
			memset(&f->fds[i], 0, sizeof(f->fds[i]));
			f->fds[i].kind = kind;
			f->open_fds++;
			return FAKE_KVM_FD_BASE + i;
		}
	return -EMFILE;
}

static int fake_open(struct kvm_sys *s, const char *path, int flags)
{
	struct fake_kvm *f = of(s);

	if (strcmp(path, KVM_DEVICE_PATH) && f->platform &&
	    f->platform->open)
		return f->platform->open(f, path, flags);
	if (strcmp(path, KVM_DEVICE_PATH) || f->no_device)
		return -ENOENT;
	if (f->no_permission)
		return -EACCES;
	return fake_kvm_new_fd(f, FAKE_FD_SYSTEM);
}

static int fake_close(struct kvm_sys *s, int fd)
{
	struct fake_kvm *f = of(s);
	struct fake_fd *r = fake_kvm_fd(f, fd);

	if (!r)
		return -EBADF;
	if (f->default_vm && f->default_vm->closed)
		f->default_vm->closed(f, fd);
	if (f->platform && f->platform->release_state && r->state)
		f->platform->release_state(f, r);
	if (r->kind == FAKE_FD_VM && f->slot.vm == fd)
		memset(&f->slot, 0, sizeof(f->slot));
	if (r->kind == FAKE_FD_VM && f->attrs.vm == fd)
		memset(&f->attrs, 0, sizeof(f->attrs));
	r->kind = FAKE_FD_FREE;
	f->open_fds--;
	return 0;
}

static int get_cpuid(const struct cpuid_set *set,
		     struct certify_kvm_cpuid2 *c)
{
	const struct cpuid_entry *e;
	uint32_t i = 0;

	if (c->nent < set->n) {
		c->nent = (uint32_t)set->n;
		return -E2BIG;
	}
	cpuid_set_for_each(e, set) {
		struct certify_kvm_cpuid_entry2 *ke = &c->entries[i++];

		memset(ke, 0, sizeof(*ke));
		ke->function = e->leaf;
		ke->index = e->subleaf;
		ke->flags = e->indexed ? CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX
				       : 0;
		ke->eax = e->regs[0];
		ke->ebx = e->regs[1];
		ke->ecx = e->regs[2];
		ke->edx = e->regs[3];
	}
	c->nent = (uint32_t)set->n;
	return 0;
}

static int system_ioctl(struct fake_kvm *f, unsigned long req, void *arg)
{
	struct fake_fd *r;
	unsigned long type = (unsigned long)(uintptr_t)arg;
	int fd;

	switch (req) {
	case CERTIFY_KVM_GET_API_VERSION:
		return f->api_version;
	case CERTIFY_KVM_CHECK_EXTENSION:
		if ((uintptr_t)arg == CERTIFY_KVM_CAP_VM_TYPES)
			return (int)f->vm_types;
		return 0;
	case CERTIFY_KVM_GET_SUPPORTED_CPUID:
		return get_cpuid(&f->supported, arg);
	case CERTIFY_KVM_GET_EMULATED_CPUID:
		return get_cpuid(&f->emulated, arg);
	case CERTIFY_KVM_GET_VCPU_MMAP_SIZE:
		return 4096;
	case CERTIFY_KVM_CREATE_VM:
		if (type >= 32 || !((f->vm_types ? f->vm_types : 1u) &
				    (1u << type)))
			return -EINVAL;
		fd = fake_kvm_new_fd(f, FAKE_FD_VM);
		if (fd < 0)
			return fd;
		r = fake_kvm_fd(f, fd);
		r->vm_type = type;
		return fd;
	}
	return -ENOTTY;
}

static int vm_ioctl(struct fake_kvm *f, int vmfd, struct fake_fd *vm,
		    unsigned long req, void *arg)
{
	struct certify_kvm_userspace_memory_region2 *mr;
	struct certify_kvm_create_guest_memfd *gm;
	struct certify_kvm_memory_attributes *ma;
	int fd;

	if (vm->vm_type == CERTIFY_KVM_X86_DEFAULT_VM && f->default_vm) {
		fd = f->default_vm->vm_ioctl(f, vmfd, req, arg);
		if (fd != -ENOTTY)
			return fd;
	}
	switch (req) {
	case CERTIFY_KVM_CREATE_VCPU:
		fd = fake_kvm_new_fd(f, FAKE_FD_VCPU);
		if (fd >= 0)
			fake_kvm_fd(f, fd)->vm = vmfd;
		return fd;
	case CERTIFY_KVM_CREATE_GUEST_MEMFD:
		gm = arg;
		if (!gm->size || gm->flags || (gm->size & 4095))
			return -EINVAL;
		fd = fake_kvm_new_fd(f, FAKE_FD_GMEM);
		if (fd >= 0) {
			fake_kvm_fd(f, fd)->vm = vmfd;
			fake_kvm_fd(f, fd)->size = gm->size;
		}
		return fd;
	case CERTIFY_KVM_SET_USER_MEMORY_REGION2:
		mr = arg;
		if ((mr->flags & CERTIFY_KVM_MEM_GUEST_MEMFD) &&
		    !fake_kvm_fd(f, (int)mr->guest_memfd))
			return -EINVAL;
		f->slot.set = true;
		f->slot.gpa = mr->guest_phys_addr;
		f->slot.size = mr->memory_size;
		f->slot.gmem = (mr->flags & CERTIFY_KVM_MEM_GUEST_MEMFD) ?
			       (int)mr->guest_memfd : -1;
		f->slot.vm = vmfd;
		return 0;
	case CERTIFY_KVM_SET_MEMORY_ATTRIBUTES:
		ma = arg;
		if (ma->flags)
			return -EINVAL;
		f->attrs.set = true;
		f->attrs.address = ma->address;
		f->attrs.size = ma->size;
		f->attrs.attributes = ma->attributes;
		f->attrs.vm = vmfd;
		return 0;
	case CERTIFY_KVM_MEMORY_ENCRYPT_OP:
		if (!f->platform || vm->vm_type != f->platform->vm_type)
			return -ENOTTY;
		return f->platform->vm_op(f, vmfd, arg);
	}
	return -ENOTTY;
}

static int fake_ioctl(struct kvm_sys *s, int fd, unsigned long req,
		      void *arg)
{
	struct fake_kvm *f = of(s);
	struct fake_fd *r = fake_kvm_fd(f, fd), *vm;

	f->calls++;
	if (!r)
		return -EBADF;
	switch (r->kind) {
	case FAKE_FD_SYSTEM:
		return system_ioctl(f, req, arg);
	case FAKE_FD_VM:
		return vm_ioctl(f, fd, r, req, arg);
	case FAKE_FD_VCPU:
		vm = fake_kvm_fd(f, r->vm);
		if (vm && vm->vm_type == CERTIFY_KVM_X86_DEFAULT_VM &&
		    f->default_vm)
			return f->default_vm->vcpu_ioctl(f, fd, req, arg);
		if (req == CERTIFY_KVM_MEMORY_ENCRYPT_OP && f->platform &&
		    vm && vm->vm_type == f->platform->vm_type &&
		    f->platform->vcpu_op)
			return f->platform->vcpu_op(f, fd, arg);
		return -ENOTTY;
	default:
		return -ENOTTY;
	}
}

/* Anonymous memory is real memory; only a default VM's vCPU fd maps. */
static void *fake_mmap(struct kvm_sys *s, size_t len, int prot, int flags,
		       int fd, off_t off)
{
	struct fake_kvm *f = of(s);
	void *p;

	if (fd != -1)
		return f->default_vm && f->default_vm->mmap ?
		       f->default_vm->mmap(f, fd, len) : NULL;
	p = mmap(NULL, len, prot, flags, fd, off);
	return p == MAP_FAILED ? NULL : p;
}

static int fake_munmap(struct kvm_sys *s, void *p, size_t len)
{
	(void)s;
	return munmap(p, len) ? -errno : 0;
}

static const char *fake_release(struct kvm_sys *s)
{
	return of(s)->release;
}

void fake_kvm_init(struct fake_kvm *f)
{
	memset(f, 0, sizeof(*f));
	f->sys.open = fake_open;
	f->sys.close = fake_close;
	f->sys.ioctl = fake_ioctl;
	f->sys.mmap = fake_mmap;
	f->sys.munmap = fake_munmap;
	f->sys.kernel_release = fake_release;
	f->sys.priv = f;
	f->api_version = CERTIFY_KVM_API_VERSION;
	f->release = "6.18.0-fake";
	cpuid_set_init(&f->supported);
	cpuid_set_init(&f->emulated);
}

void fake_kvm_release(struct fake_kvm *f)
{
	int i;

	for (i = 0; i < FAKE_KVM_MAX_FDS; i++)
		if (f->fds[i].kind != FAKE_FD_FREE && f->platform &&
		    f->platform->release_state && f->fds[i].state)
			f->platform->release_state(f, &f->fds[i]);
	cpuid_set_release(&f->supported);
	cpuid_set_release(&f->emulated);
}
