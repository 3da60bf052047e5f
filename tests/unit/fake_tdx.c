// SPDX-License-Identifier: MIT
/*
 * The TDX part of the fake kernel (fake_tdx.h).  Every answer follows
 * torvalds/linux arch/x86/kvm/vmx/tdx.c (tdx_vm_ioctl, tdx_vcpu_ioctl,
 * tdx_get_capabilities, tdx_td_init, tdx_vcpu_create, tdx_vcpu_init,
 * tdx_vcpu_get_cpuid) as research/tdx.md §3 describes it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "fake_tdx.h"
#include "certify/feature_table.h"

/* KVM leaves the flags of capability entries unset (fake_tdx.h). */
#define CAPS_JUNK_FLAGS 0xa5a5a5a5u
#define STATUS_CLASS_MASK 0xffffffff00000000ull
/* tdx_read_cpuid(): TDH.MNG.RD names leaf bits 6:0 and 31, sub-leaf 6:0. */
#define UNREADABLE_LEAF_MASK 0x7fffff80u
#define UNREADABLE_SUBLEAF_MASK 0xffffff80u

struct fake_td {
	bool initialized;
	bool split_irqchip;
	unsigned int vcpus;
	uint64_t tsc_khz;
	bool gpaw52;
	struct cpuid_set td;	/* the TD's CPUID from TDH.MNG.INIT */
};

struct fake_tdx_vcpu {
	bool x2apic;
	bool initialized;
};

static struct fake_tdx *tdx_of(struct fake_kvm *f)
{
	return f->platform->priv;
}

static void tdx_release_state(struct fake_kvm *f, struct fake_fd *r)
{
	(void)f;
	if (r->kind == FAKE_FD_VM) {
		struct fake_td *td = r->state;

		cpuid_set_release(&td->td);
	}
	free(r->state);
	r->state = NULL;
}

static struct fake_td *td_state(struct fake_fd *vm)
{
	struct fake_td *td = vm->state;

	if (!td) {
		td = calloc(1, sizeof(*td));
		if (td)
			cpuid_set_init(&td->td);
		vm->state = td;
	}
	return td;
}

static struct fake_tdx_vcpu *vcpu_state(struct fake_fd *vcpu)
{
	if (!vcpu->state)
		vcpu->state = calloc(1, sizeof(struct fake_tdx_vcpu));
	return vcpu->state;
}

static void apply_xor(const struct fake_tdx_xor *x,
		      struct certify_kvm_cpuid_entry2 *ke)
{
	uint32_t *regs[CPUID_NR_REGS] = { &ke->eax, &ke->ebx, &ke->ecx,
					  &ke->edx };

	if (x->on && ke->function == x->leaf && ke->index == x->subleaf)
		*regs[x->reg] ^= x->mask;
}

/* ---- KVM_TDX_CAPABILITIES ---- */

static int caps_op(struct fake_tdx *t, struct certify_kvm_tdx_cmd *cmd)
{
	struct certify_kvm_tdx_capabilities *c =
		(void *)(uintptr_t)cmd->data;
	const struct cpuid_entry *e;
	uint32_t n = (uint32_t)t->caps.cpuid.n, i = 0;

	if (!t->caps_calls++)
		t->caps_first_nent = c->cpuid.nent;
	if (cmd->flags)
		return -EINVAL;
	/* init_kvm_tdx_caps(): nothing KVM supports is -EIO. */
	if (!t->caps.supported_attrs || !t->caps.supported_xfam)
		return -EIO;
	if (c->cpuid.nent < n) {
		t->caps_e2big++;
		if (!t->caps_no_count)
			c->cpuid.nent = n;
		return -E2BIG;
	}
	c->supported_attrs = t->caps.supported_attrs;
	c->supported_xfam = t->caps.supported_xfam ^ t->caps_xfam_xor;
	c->cpuid.nent = n;
	cpuid_set_for_each(e, &t->caps.cpuid) {
		struct certify_kvm_cpuid_entry2 *ke = &c->cpuid.entries[i++];

		memset(ke, 0, sizeof(*ke));
		ke->function = e->leaf;
		ke->index = e->subleaf;
		ke->flags = CAPS_JUNK_FLAGS;
		ke->eax = e->regs[CPUID_REG_EAX];
		ke->ebx = e->regs[CPUID_REG_EBX];
		ke->ecx = e->regs[CPUID_REG_ECX];
		ke->edx = e->regs[CPUID_REG_EDX];
		apply_xor(&t->caps_xor, ke);
	}
	return 0;
}

/* ---- KVM_TDX_INIT_VM ---- */

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* setup_tdparams() and __tdx_td_init(), the model doing their work. */
static int run_init(struct fake_tdx *t, struct fake_td *td,
		    const struct cpuid_set *entries,
		    const struct certify_kvm_tdx_init_vm *iv,
		    uint64_t *hw_error)
{
	struct tdx_params params = {
		.attributes = iv->attributes,
		.xfam = iv->xfam,
		.has_xfam = true,
	};
	struct tdx_td_params tdp = { 0 };
	struct tdx_kvm_status kst;
	struct tdx_status mst;
	struct strpool pool = STRPOOL_INIT;
	struct trace tr;
	uint64_t code;
	int ret = -ENOMEM;

	if (td->tsc_khz) {
		/* TDX_TSC_KHZ_TO_25MHZ() */
		params.has_tsc = true;
		params.tsc_frequency = (uint32_t)(td->tsc_khz / 25000);
	}
	trace_init(&tr);
	if (tdx_kvm_init_vm(&t->rules, &t->native, &t->caps, entries, &params,
			    &tr, &pool, &tdp, &kst))
		goto out;
	if (kst.err) {
		ret = -kst.err;
		goto out;
	}
	if (tdx_mng_init(&t->rules, &t->native, &tdp, &tr, &pool, &td->td,
			 &mst))
		goto out;
	code = t->mng_init_status ? t->mng_init_status : mst.code;
	if (t->mng_init_accepts)
		code = TDX_SUCCESS;
	if ((code & STATUS_CLASS_MASK) == TDX_OPERAND_INVALID) {
		*hw_error = code;
		ret = -EINVAL;
	} else {
		ret = code ? -EIO : 0;
	}
	td->gpaw52 = tdp.config_flags & TDX_CONFIG_GPAW;
out:
	if (ret) {
		cpuid_set_release(&td->td);
		cpuid_set_init(&td->td);
	}
	tdx_td_params_release(&tdp);
	trace_release(&tr);
	strpool_release(&pool);
	return ret;
}

static int init_vm_op(struct fake_tdx *t, struct fake_td *td,
		      struct certify_kvm_tdx_cmd *cmd)
{
	const struct certify_kvm_tdx_init_vm *iv =
		(const void *)(uintptr_t)cmd->data;
	struct cpuid_set entries = CPUID_SET_INIT;
	int ret;

	t->init_vms++;
	if (td->initialized || cmd->flags)
		return -EINVAL;
	if (iv->cpuid.nent > CERTIFY_KVM_MAX_CPUID_ENTRIES)
		return -E2BIG;
	if (!all_zero(iv->reserved, sizeof(iv->reserved)) ||
	    iv->cpuid.padding)
		return -EINVAL;
	if (td->vcpus)
		return -EBUSY;
	/* A duplicate makes KVM's copy count differ from nent. */
	if (kvm_cpuid2_read(&iv->cpuid, &entries)) {
		cpuid_set_release(&entries);
		return -EINVAL;
	}
	ret = run_init(t, td, &entries, iv, &cmd->hw_error);
	cpuid_set_release(&entries);
	if (!ret) {
		td->initialized = true;
		t->tds++;
	}
	return ret;
}

static int tdx_vm_op(struct fake_kvm *f, int fd, void *arg)
{
	struct fake_tdx *t = tdx_of(f);
	struct certify_kvm_tdx_cmd *cmd = arg;
	struct fake_td *td = td_state(fake_kvm_fd(f, fd));

	if (!td)
		return -ENOMEM;
	/* "Userspace should never set hw_error." */
	if (cmd->hw_error)
		return -EINVAL;
	switch (cmd->id) {
	case CERTIFY_KVM_TDX_CAPABILITIES:
		return caps_op(t, cmd);
	case CERTIFY_KVM_TDX_INIT_VM:
		return init_vm_op(t, td, cmd);
	}
	return -EINVAL;
}

/* ---- KVM_TDX_GET_CPUID ---- */

static const struct tdx_entry *table_entry(const struct tdx_rules *rules,
					   uint32_t leaf, bool sub_set,
					   uint32_t sub)
{
	size_t i;

	for (i = 0; i < rules->n; i++) {
		const struct tdx_entry *e = &rules->entries[i];

		if (e->leaf == leaf && e->has_subleaf == sub_set &&
		    (!sub_set || e->subleaf == sub))
			return e;
	}
	return NULL;
}

/* tdx_read_cpuid(): one TDH.MNG.RD of the TD's CPUID values. */
static int read_one(struct fake_tdx *t, const struct fake_td *td,
		    uint32_t leaf, uint32_t sub, bool sub_set,
		    struct certify_kvm_cpuid_entry2 *buf, unsigned int *i)
{
	struct cpuid_field gpaw = CPUID_FIELD_GUEST_PHYS_ADDR_BITS;
	const struct tdx_entry *te;
	const struct cpuid_entry *e;
	struct certify_kvm_cpuid_entry2 *ke;
	uint32_t v[CPUID_NR_REGS];
	unsigned int r;

	if (sub > 0x7f || *i >= CERTIFY_KVM_MAX_CPUID_ENTRIES ||
	    (leaf & UNREADABLE_LEAF_MASK) || (sub & UNREADABLE_SUBLEAF_MASK))
		return -EINVAL;
	te = table_entry(&t->rules, leaf, sub_set, sub);
	if (!te || te->faulting || te->invalid)
		return -EIO;
	e = cpuid_set_find(&td->td, leaf, sub_set, sub_set ? sub : 0);
	if (!e)
		return -EIO;
	for (r = 0; r < CPUID_NR_REGS; r++)
		v[r] = e->regs[r] & ~e->unknown[r];
	ke = &buf[(*i)++];
	memset(ke, 0, sizeof(*ke));
	ke->function = leaf;
	ke->index = sub_set ? sub : 0;
	ke->flags = sub_set ? CERTIFY_KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
	ke->eax = v[CPUID_REG_EAX];
	ke->ebx = v[CPUID_REG_EBX];
	ke->ecx = v[CPUID_REG_ECX];
	ke->edx = v[CPUID_REG_EDX];
	/* KVM's GPAW from its shared bit (§3.5). */
	if (leaf == gpaw.leaf)
		ke->eax = cpuid_field_insert(&gpaw, ke->eax,
					     td->gpaw52 ? 52 : 48);
	apply_xor(&t->cpuid_xor, ke);
	return 0;
}

/* tdx_vcpu_get_cpuid_leaf(): no sub-leaf, else sub-leaves 0, 1, ... */
static int read_leaf(struct fake_tdx *t, const struct fake_td *td,
		     uint32_t leaf, struct certify_kvm_cpuid_entry2 *buf,
		     unsigned int *i)
{
	uint32_t sub;
	int ret = read_one(t, td, leaf, 0, false, buf, i);

	if (ret != -EIO)
		return ret;
	for (sub = 0;; sub++)
		if (read_one(t, td, leaf, sub, true, buf, i))
			return !sub;
}

static int get_cpuid_op(struct fake_tdx *t, const struct fake_td *td,
			struct certify_kvm_cpuid2 *out)
{
	struct certify_kvm_cpuid_entry2 *buf;
	unsigned int i = 0;
	uint32_t leaf, level;
	int ret = -EIO;

	if (!t->get_cpuid_calls++)
		t->get_cpuid_first_nent = out->nent;
	if (t->get_cpuid_errno)
		return -t->get_cpuid_errno;
	buf = calloc(CERTIFY_KVM_MAX_CPUID_ENTRIES, sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	if (read_leaf(t, td, 0, buf, &i))
		goto out;
	level = buf[0].eax;
	for (leaf = 1; leaf <= level; leaf++)
		read_leaf(t, td, leaf, buf, &i);
	if (read_leaf(t, td, 0x80000000u, buf, &i))
		goto out;
	level = buf[i - 1].eax;
	for (leaf = 0x80000001u; leaf <= level && leaf > 0x80000000u; leaf++)
		read_leaf(t, td, leaf, buf, &i);
	t->get_cpuid_nent = i;
	if (out->nent < i) {
		out->nent = i;
		ret = -E2BIG;
		goto out;
	}
	out->nent = i;
	memcpy(out->entries, buf, i * sizeof(*buf));
	ret = 0;
out:
	free(buf);
	return ret;
}

static int tdx_vcpu_op(struct fake_kvm *f, int fd, void *arg)
{
	struct fake_tdx *t = tdx_of(f);
	struct fake_fd *r = fake_kvm_fd(f, fd);
	struct fake_fd *vm = fake_kvm_fd(f, r->vm);
	struct fake_td *td = vm ? vm->state : NULL;
	struct fake_tdx_vcpu *v = vcpu_state(r);
	struct certify_kvm_tdx_cmd *cmd = arg;

	if (!v)
		return -ENOMEM;
	if (!td || !td->initialized || cmd->hw_error)
		return -EINVAL;
	switch (cmd->id) {
	case CERTIFY_KVM_TDX_INIT_VCPU:
		/* kvm_apic_set_base() refuses x2APIC mode without it. */
		if (cmd->flags || v->initialized || !v->x2apic)
			return -EINVAL;
		v->initialized = true;
		t->init_vcpus++;
		return 0;
	case CERTIFY_KVM_TDX_GET_CPUID:
		return get_cpuid_op(t, td, (void *)(uintptr_t)cmd->data);
	}
	return -EINVAL;
}

/* ---- the calls the generic fake does not make ---- */

static bool vm_type_created(const struct fake_tdx *t, unsigned long type)
{
	switch (t->abi) {
	case FAKE_TDX_MAINLINE:
		return type == CERTIFY_KVM_X86_DEFAULT_VM ||
		       type == CERTIFY_KVM_X86_TDX_VM;
	case FAKE_TDX_NONE:
		return type == CERTIFY_KVM_X86_DEFAULT_VM;
	case FAKE_TDX_OLD:
	case FAKE_TDX_OLD_NO_CAP:
		return type == CERTIFY_KVM_X86_DEFAULT_VM ||
		       type == CERTIFY_KVM_X86_TDX_VM_OLD;
	}
	return false;
}

static int vm_types(const struct fake_tdx *t)
{
	switch (t->abi) {
	case FAKE_TDX_MAINLINE:
		return 1 << CERTIFY_KVM_X86_DEFAULT_VM |
		       1 << CERTIFY_KVM_X86_TDX_VM;
	case FAKE_TDX_NONE:
		return 1 << CERTIFY_KVM_X86_DEFAULT_VM;
	case FAKE_TDX_OLD:
		return 1 << CERTIFY_KVM_X86_DEFAULT_VM |
		       1 << CERTIFY_KVM_X86_TDX_VM_OLD;
	case FAKE_TDX_OLD_NO_CAP:
		return 0;
	}
	return 0;
}

static int system_call(struct fake_tdx *t, unsigned long req, void *arg,
		       bool *handled)
{
	*handled = true;
	if (req == CERTIFY_KVM_CHECK_EXTENSION &&
	    (uintptr_t)arg == CERTIFY_KVM_CAP_VM_TYPES)
		return vm_types(t);
	if (req == CERTIFY_KVM_CREATE_VM &&
	    !vm_type_created(t, (unsigned long)(uintptr_t)arg))
		return -EINVAL;
	*handled = false;
	return 0;
}

/* Calls on a TDX VM; KVM_CREATE_VCPU is passed on once it may be made. */
static int vm_call(struct fake_tdx *t, struct fake_fd *vm, unsigned long req,
		   void *arg, bool *handled)
{
	struct fake_td *td = td_state(vm);
	struct certify_kvm_enable_cap *cap = arg;

	*handled = true;
	if (!td)
		return -ENOMEM;
	switch (req) {
	case CERTIFY_KVM_ENABLE_CAP:
		if (cap->cap != CERTIFY_KVM_CAP_SPLIT_IRQCHIP || cap->flags ||
		    td->vcpus)
			return -EINVAL;
		td->split_irqchip = true;
		return 0;
	case CERTIFY_KVM_SET_TSC_KHZ:
		if (!arg || td->vcpus)
			return -EINVAL;
		td->tsc_khz = (uintptr_t)arg;
		t->tsc_khz = td->tsc_khz;
		return 0;
	case CERTIFY_KVM_CREATE_VCPU:
		/* tdx_vcpu_create() */
		if (!td->initialized)
			return -EIO;
		if (!td->split_irqchip)
			return -EINVAL;
		break;
	}
	*handled = false;
	return 0;
}

static int vcpu_call(struct fake_tdx *t, struct fake_fd *vcpu,
		     unsigned long req, void *arg, bool *handled)
{
	struct cpuid_field x2apic = CPUID_FEATURE_X2APIC;
	const struct certify_kvm_cpuid2 *c = arg;
	struct fake_tdx_vcpu *v;
	uint32_t i;

	(void)t;
	*handled = req == CERTIFY_KVM_SET_CPUID2;
	if (!*handled)
		return 0;
	v = vcpu_state(vcpu);
	if (!v)
		return -ENOMEM;
	if (c->nent > CERTIFY_KVM_MAX_CPUID_ENTRIES)
		return -E2BIG;
	v->x2apic = false;
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == x2apic.leaf &&
		    (c->entries[i].ecx & cpuid_field_mask(&x2apic)))
			v->x2apic = true;
	return 0;
}

static int tdx_ioctl(struct kvm_sys *s, int fd, unsigned long req, void *arg)
{
	struct fake_kvm *f = s->priv;
	struct fake_tdx *t = tdx_of(f);
	struct fake_fd *r = fake_kvm_fd(f, fd), *vm;
	bool handled = false;
	int ret = 0;

	if (r && r->kind == FAKE_FD_SYSTEM) {
		ret = system_call(t, req, arg, &handled);
	} else if (r && r->kind == FAKE_FD_VM &&
		   r->vm_type == CERTIFY_KVM_X86_TDX_VM) {
		ret = vm_call(t, r, req, arg, &handled);
		if (!handled && req == CERTIFY_KVM_CREATE_VCPU) {
			ret = t->next_ioctl(s, fd, req, arg);
			if (ret >= 0)
				((struct fake_td *)r->state)->vcpus++;
			return ret;
		}
	} else if (r && r->kind == FAKE_FD_VCPU) {
		vm = fake_kvm_fd(f, r->vm);
		if (vm && vm->vm_type == CERTIFY_KVM_X86_TDX_VM)
			ret = vcpu_call(t, r, req, arg, &handled);
	}
	if (!handled)
		return t->next_ioctl(s, fd, req, arg);
	f->calls++;
	return ret;
}

void fake_tdx_attach(struct fake_kvm *f, struct fake_tdx *t,
		     const char *rules_name, const struct cpuid_set *host)
{
	struct diag d;

	memset(t, 0, sizeof(*t));
	if (ruleset_load_embedded(rules_name, &t->rs, &d) ||
	    tdx_rules_read(&t->rs, &t->rules, &d))
		fail_msg("%s", d.msg);
	if (tdx_native_sample(&t->rules, host, &t->native) ||
	    tdx_kvm_capabilities(&t->rules, &t->native, &t->caps))
		fail_msg("out of memory");
	t->platform.vm_type = CERTIFY_KVM_X86_TDX_VM;
	t->platform.vm_op = tdx_vm_op;
	t->platform.vcpu_op = tdx_vcpu_op;
	t->platform.release_state = tdx_release_state;
	t->platform.priv = t;
	t->f = f;
	f->platform = &t->platform;
	/* What the generic fake may create; the ABI knob says the rest. */
	f->vm_types |= 1u << CERTIFY_KVM_X86_DEFAULT_VM |
		       1u << CERTIFY_KVM_X86_TDX_VM_OLD |
		       1u << CERTIFY_KVM_X86_TDX_VM;
	t->next_ioctl = f->sys.ioctl;
	f->sys.ioctl = tdx_ioctl;
}

void fake_tdx_release(struct fake_tdx *t)
{
	tdx_kvm_caps_release(&t->caps);
	tdx_native_release(&t->native);
	tdx_rules_release(&t->rules);
	ruleset_release(&t->rs);
}
