// SPDX-License-Identifier: MIT
/*
 * The probe guest.  Guest memory (64 KiB at GPA 0, real mode, all
 * segments based at 0):
 *   0x1000  code
 *   0x2000  queries: (eax, ecx) pairs, 8 bytes each
 *   0x4000  results: (eax, ebx, ecx, edx), 16 bytes each
 * SI, DI and BP (the count) are set through KVM_SET_REGS.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "certify/feature_table.h"
#include "certify/probe.h"
#include "kvm_guest.h"

#define MEM_SIZE 0x10000u
#define CODE_GPA 0x1000u
#define QUERY_GPA 0x2000u
#define RESULT_GPA 0x4000u
#define MAX_ENTRIES ((MEM_SIZE - RESULT_GPA) / 16)

/*
 * 16-bit code; 0x66 makes an instruction use 32-bit registers.
 *   loop: mov eax, [si]        66 8b 04
 *         mov ecx, [si+4]      66 8b 4c 04
 *         cpuid                0f a2
 *         mov [di], eax        66 89 05
 *         mov [di+4], ebx      66 89 5d 04
 *         mov [di+8], ecx      66 89 4d 08
 *         mov [di+12], edx     66 89 55 0c
 *         add si, 8            83 c6 08
 *         add di, 16           83 c7 10
 *         dec bp               4d
 *         jnz loop             75 df  (-33: back to the first byte)
 *         hlt                  f4
 */
static const uint8_t guest_code[] = {
	0x66, 0x8b, 0x04,
	0x66, 0x8b, 0x4c, 0x04,
	0x0f, 0xa2,
	0x66, 0x89, 0x05,
	0x66, 0x89, 0x5d, 0x04,
	0x66, 0x89, 0x4d, 0x08,
	0x66, 0x89, 0x55, 0x0c,
	0x83, 0xc6, 0x08,
	0x83, 0xc7, 0x10,
	0x4d,
	0x75, 0xdf,
	0xf4,
};

/* jnz ends at byte 33: its -33 lands on the first byte. */
_Static_assert(sizeof(guest_code) == 34, "the loop is 33 bytes and hlt");

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* x86: little-endian like the guest */
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void flat_segment(struct certify_kvm_segment *s)
{
	s->base = 0;
	s->selector = 0;
}

struct vm {
	struct kvm *k;
	int vm, vcpu;
	uint8_t *mem;
	struct certify_kvm_run_head *run;
	size_t run_size;
};

static void vm_close(struct vm *v)
{
	struct kvm_sys *s = v->k->sys;

	if (v->run)
		s->munmap(s, v->run, v->run_size);
	if (v->mem)
		s->munmap(s, v->mem, MEM_SIZE);
	if (v->vcpu >= 0)
		s->close(s, v->vcpu);
	if (v->vm >= 0)
		s->close(s, v->vm);
}

static int env(struct diag *d, const char *what, int err)
{
	diag_set(d, KVM_DEVICE_PATH, 0, "%s: %s", what, strerror(-err));
	return PROBE_ENVIRONMENT;
}

/* A VM with its memory and one vCPU at the code, in real mode. */
static int vm_open(struct vm *v, struct diag *d)
{
	struct kvm_sys *s = v->k->sys;
	struct certify_kvm_userspace_memory_region mr = { 0 };
	struct certify_kvm_sregs sregs;
	int ret;

	v->vm = kvm_create_vm(v->k, CERTIFY_KVM_X86_DEFAULT_VM);
	if (v->vm < 0)
		return env(d, "KVM_CREATE_VM", v->vm);
	v->mem = s->mmap(s, MEM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!v->mem)
		return env(d, "guest memory", -ENOMEM);
	mr.memory_size = MEM_SIZE;
	mr.userspace_addr = (uint64_t)(uintptr_t)v->mem;
	ret = s->ioctl(s, v->vm, CERTIFY_KVM_SET_USER_MEMORY_REGION, &mr);
	if (ret < 0)
		return env(d, "KVM_SET_USER_MEMORY_REGION", ret);
	v->vcpu = s->ioctl(s, v->vm, CERTIFY_KVM_CREATE_VCPU, NULL);
	if (v->vcpu < 0)
		return env(d, "KVM_CREATE_VCPU", v->vcpu);
	ret = s->ioctl(s, v->k->fd, CERTIFY_KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (ret < (int)sizeof(*v->run))
		return env(d, "KVM_GET_VCPU_MMAP_SIZE", ret < 0 ? ret : -EIO);
	v->run_size = (size_t)ret;
	v->run = s->mmap(s, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 v->vcpu, 0);
	if (!v->run)
		return env(d, "mapping the vCPU's kvm_run", -ENOMEM);
	ret = s->ioctl(s, v->vcpu, CERTIFY_KVM_GET_SREGS, &sregs);
	if (ret < 0)
		return env(d, "KVM_GET_SREGS", ret);
	flat_segment(&sregs.cs);
	flat_segment(&sregs.ds);
	flat_segment(&sregs.es);
	flat_segment(&sregs.ss);
	ret = s->ioctl(s, v->vcpu, CERTIFY_KVM_SET_SREGS, &sregs);
	if (ret < 0)
		return env(d, "KVM_SET_SREGS", ret);
	return 0;
}

static int run_guest(struct vm *v, uint32_t n, struct diag *d)
{
	struct kvm_sys *s = v->k->sys;
	struct certify_kvm_regs regs = {
		.rip = CODE_GPA,
		.rflags = 0x2,
		.rsi = QUERY_GPA,
		.rdi = RESULT_GPA,
		.rbp = n,
	};
	int ret;

	ret = s->ioctl(s, v->vcpu, CERTIFY_KVM_SET_REGS, &regs);
	if (ret < 0)
		return env(d, "KVM_SET_REGS", ret);
	do {
		ret = s->ioctl(s, v->vcpu, CERTIFY_KVM_RUN, NULL);
	} while (ret == -EINTR);
	if (ret < 0)
		return env(d, "KVM_RUN", ret);
	if (v->run->exit_reason != CERTIFY_KVM_EXIT_HLT) {
		diag_set(d, KVM_DEVICE_PATH, 0, "the probe guest stopped with "
			 "exit reason %u, not HLT", v->run->exit_reason);
		return PROBE_ENVIRONMENT;
	}
	return 0;
}

/* What a VMM does before a table with AMX tile data: ask for it. */
static void request_xtile(struct kvm *k, const struct cpuid_set *table)
{
	uint32_t tiledata = 0;

	if (k->sys->xcomp_guest_perm &&
	    cpuid_set_get(table, CPUID_FEATURE_XCR0_TILEDATA, &tiledata) &&
	    tiledata)
		k->sys->xcomp_guest_perm(k->sys, CPUID_FEATURE_XCR0_TILEDATA.bit);
}

int kvm_guest_cpuid(struct kvm *k, const struct cpuid_set *table,
		    const struct cpuid_set *queries, struct cpuid_set *seen,
		    int *set_err, struct diag *d)
{
	struct vm v = { .k = k, .vm = -1, .vcpu = -1 };
	const struct cpuid_entry *e;
	struct kvm_sys *s = k->sys;
	size_t size, i = 0;
	void *cpuid = NULL;
	int ret;

	*set_err = 0;
	if (!queries)
		queries = table;
	if (queries->n > MAX_ENTRIES) {
		diag_set(d, "config", 0, "%zu entries: the probe guest reads "
			 "at most %u", queries->n, MAX_ENTRIES);
		return PROBE_BAD_INPUT;
	}
	ret = vm_open(&v, d);
	if (ret)
		goto out;
	/* More than KVM takes is KVM's -E2BIG, as the ioctl would say. */
	cpuid = kvm_cpuid2_build(table, 0, table->n, &size);
	if (!cpuid) {
		diag_set(d, "config", 0, "out of memory");
		ret = PROBE_BAD_INPUT;
		goto out;
	}
	request_xtile(k, table);
	ret = s->ioctl(s, v.vcpu, CERTIFY_KVM_SET_CPUID2, cpuid);
	if (ret < 0) {
		*set_err = -ret;
		ret = 0;
		goto out;
	}
	memcpy(v.mem + CODE_GPA, guest_code, sizeof(guest_code));
	cpuid_set_for_each(e, queries) {
		put32(v.mem + QUERY_GPA + 8 * i, e->leaf);
		put32(v.mem + QUERY_GPA + 8 * i + 4, e->indexed ? e->subleaf : 0);
		i++;
	}
	if (queries->n) {
		ret = run_guest(&v, (uint32_t)queries->n, d);
		if (ret)
			goto out;
	}
	i = 0;
	cpuid_set_for_each(e, queries) {
		struct cpuid_entry o = *e;
		const uint8_t *r = v.mem + RESULT_GPA + 16 * i++;
		unsigned int reg;

		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			o.regs[reg] = get32(r + 4 * reg);
			o.unknown[reg] = 0;
		}
		if (cpuid_set_insert(seen, &o)) {
			ret = PROBE_BAD_INPUT;
			diag_set(d, "config", 0, "out of memory");
			goto out;
		}
	}
	ret = 0;
out:
	free(cpuid);
	vm_close(&v);
	return ret;
}
