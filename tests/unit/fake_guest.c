// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "fake_guest.h"

static struct fake_guest *guest_of(struct fake_kvm *f)
{
	return f->default_vm->priv;
}

static struct fake_guest_fd *state(struct fake_kvm *f, int fd)
{
	int i = fd - FAKE_KVM_FD_BASE;

	if (i < 0 || i >= FAKE_KVM_MAX_FDS)
		return NULL;
	return &guest_of(f)->fds[i];
}

static int vm_ioctl(struct fake_kvm *f, int fd, unsigned long req, void *arg)
{
	struct certify_kvm_userspace_memory_region *mr = arg;
	struct fake_guest_fd *s = state(f, fd);

	if (req != CERTIFY_KVM_SET_USER_MEMORY_REGION)
		return -ENOTTY;
	if (mr->flags || (mr->memory_size & 4095) || (mr->guest_phys_addr & 4095))
		return -EINVAL;
	s->has_mem = true;
	s->gpa = mr->guest_phys_addr;
	s->size = mr->memory_size;
	s->mem = (uint8_t *)(uintptr_t)mr->userspace_addr;
	return 0;
}

/* KVM_SET_CPUID2's checks (kvm_vcpu_ioctl_set_cpuid2, kvm_check_cpuid). */
static int set_cpuid(struct fake_guest *g, struct fake_guest_fd *s,
		     const struct certify_kvm_cpuid2 *c)
{
	uint32_t i;

	if (c->nent > 256)
		return -E2BIG;
	for (i = 0; i < c->nent; i++) {
		const struct certify_kvm_cpuid_entry2 *e = &c->entries[i];
		uint32_t vaddr = (e->eax >> 8) & 0xff;

		if (e->function == 0x80000008 && vaddr != 0 && vaddr != 48 &&
		    vaddr != 57)
			return -EINVAL;
		if (e->function == 0xd && e->index == 0 &&
		    (e->eax & (1u << 18)) && !g->amx_permitted)
			return -EPERM;
	}
	cpuid_set_release(&s->cpuid);
	for (i = 0; i < c->nent; i++) {
		const struct certify_kvm_cpuid_entry2 *e = &c->entries[i];
		struct cpuid_entry x = {
			.leaf = e->function,
			.indexed = e->flags &
				   CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
			.subleaf = e->index,
			.regs = { e->eax, e->ebx, e->ecx, e->edx },
		};

		if (!x.indexed)
			x.subleaf = 0;
		/* KVM keeps duplicates; the first answers, as here. */
		if (cpuid_set_insert(&s->cpuid, &x) == -ENOMEM)
			return -ENOMEM;
	}
	s->has_cpuid = true;
	g->set_cpuid++;
	return 0;
}

/* kvm_cpuid() for a vCPU at reset. */
static void answer(struct fake_guest *g, const struct cpuid_set *t,
		   uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	const struct cpuid_entry *e, *hit = NULL;

	memset(r, 0, 4 * sizeof(*r));
	cpuid_set_for_each(e, t)
		if (e->leaf == leaf && (!e->indexed || e->subleaf == sub)) {
			hit = e;
			break;
		}
	if (hit)
		memcpy(r, hit->regs, 4 * sizeof(*r));
	if (hit && leaf == 1) {
		r[2] &= ~(1u << 27);	/* OSXSAVE: CR4.OSXSAVE = 0 */
		r[3] |= 1u << 9;	/* APIC: the APIC base enable bit */
	}
	if (hit && leaf == 7 && sub == 0)
		r[2] &= ~(1u << 4);	/* OSPKE: CR4.PKE = 0 */
	if (hit && leaf == 0xd && sub == 0)
		r[1] = 0x240;		/* XSAVE size for XCR0 = 1 */
	if (hit && leaf == 0xd && sub == 1 && (r[0] & 0xa))
		r[1] = 0x240;		/* XSAVES/XSAVEC: XCR0 | XSS = 1 */
	if (g->below)
		g->below(leaf, sub, r);
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The probe guest's loop, as kvm/kvm_guest.c's code would run it. */
static int run(struct fake_kvm *f, struct fake_guest_fd *s,
	       struct fake_guest_fd *vm)
{
	struct fake_guest *g = guest_of(f);
	uint64_t si = s->regs.rsi, di = s->regs.rdi, n = s->regs.rbp & 0xffff;

	if (!s->run)
		return -EFAULT;
	g->runs++;
	if (g->exit_reason) {
		s->run->exit_reason = g->exit_reason;
		return 0;
	}
	if (!vm || !vm->has_mem || !n || si + 8 * n > vm->size ||
	    di + 16 * n > vm->size) {
		s->run->exit_reason = CERTIFY_KVM_EXIT_SHUTDOWN;
		return 0;
	}
	for (; n; n--, si += 8, di += 16) {
		uint32_t r[4];

		answer(g, &s->cpuid, rd32(vm->mem + si), rd32(vm->mem + si + 4),
		       r);
		memcpy(vm->mem + di, r, sizeof(r));
	}
	s->run->exit_reason = CERTIFY_KVM_EXIT_HLT;
	return 0;
}

static int vcpu_ioctl(struct fake_kvm *f, int fd, unsigned long req,
		      void *arg)
{
	struct fake_guest_fd *s = state(f, fd);
	struct fake_fd *r = fake_kvm_fd(f, fd);

	switch (req) {
	case CERTIFY_KVM_SET_CPUID2:
		return set_cpuid(guest_of(f), s, arg);
	case CERTIFY_KVM_GET_SREGS:
		memcpy(arg, &s->sregs, sizeof(s->sregs));
		return 0;
	case CERTIFY_KVM_SET_SREGS:
		memcpy(&s->sregs, arg, sizeof(s->sregs));
		return 0;
	case CERTIFY_KVM_SET_REGS:
		memcpy(&s->regs, arg, sizeof(s->regs));
		return 0;
	case CERTIFY_KVM_RUN:
		return run(f, s, r ? state(f, r->vm) : NULL);
	}
	return -ENOTTY;
}

static void *map_run(struct fake_kvm *f, int fd, size_t len)
{
	struct fake_guest_fd *s = state(f, fd);
	void *p;

	if (!s || !fake_kvm_fd(f, fd) || len < sizeof(*s->run))
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	s->run = p;
	return p;
}

static void closed(struct fake_kvm *f, int fd)
{
	struct fake_guest_fd *s = state(f, fd);

	if (!s)
		return;
	cpuid_set_release(&s->cpuid);
	memset(s, 0, sizeof(*s));
}

static int xcomp_perm(struct kvm_sys *sys, unsigned int xfeature)
{
	struct fake_kvm *f = sys->priv;
	struct fake_guest *g = guest_of(f);

	if (xfeature != 18 || !g->amx)
		return -EINVAL;
	g->amx_permitted = true;
	return 0;
}

void fake_guest_attach(struct fake_kvm *f, struct fake_guest *g)
{
	g->ops.vm_ioctl = vm_ioctl;
	g->ops.vcpu_ioctl = vcpu_ioctl;
	g->ops.mmap = map_run;
	g->ops.closed = closed;
	g->ops.priv = g;
	f->default_vm = &g->ops;
	f->sys.xcomp_guest_perm = xcomp_perm;
}

void fake_guest_release(struct fake_guest *g)
{
	size_t i;

	for (i = 0; i < FAKE_KVM_MAX_FDS; i++)
		cpuid_set_release(&g->fds[i].cpuid);
}
