// SPDX-License-Identifier: MIT
/*
 * certify probe --platform tdx: the KVM TDX backend (tdx_probe.h), mainline
 * uAPI as research/tdx.md §3 and torvalds/linux arch/x86/kvm/vmx/tdx.c
 * have it.  The steps are §7 item 7's:
 *
 *  1. /dev/kvm and KVM_CAP_VM_TYPES bit 5 (KVM_X86_TDX_VM);
 *  2. KVM_CREATE_VM(5);
 *  3. KVM_TDX_CAPABILITIES, growing the buffer on -E2BIG;
 *  4. KVM_SET_TSC_KHZ when the config sets tdx.tsc_frequency, then
 *     KVM_TDX_INIT_VM with the config's CPUID list, attributes and XFAM,
 *     as the model's KVM layer gets them with --vmm none;
 *  5. the split IRQ chip a TDX vCPU needs (tdx_vcpu_create() refuses a
 *     vCPU without it), KVM_CREATE_VCPU, KVM_SET_CPUID2 with x2APIC
 *     (tdx_vcpu_init() sets an x2APIC-mode APIC base, which KVM refuses
 *     unless the vCPU's CPUID has x2APIC), KVM_TDX_INIT_VCPU and
 *     KVM_TDX_GET_CPUID, growing the buffer on -E2BIG;
 *  6. closing every fd: the TD is torn down and never runs.
 *
 * The model (tdx_check) runs the same request beside it; its result is
 * then rewritten with what the platform did (certify/probe.h).
 *
 * Which ABI the kernel speaks.  Mainline (Linux 6.16+) advertises TDX as
 * bit 5 of KVM_CAP_VM_TYPES.  The out-of-tree TDX kernels (Intel's and
 * Canonical's 6.8-based ones, research/tdx.md §3.1) used KVM_X86_TDX_VM = 2
 * with other structures.  Mainline never creates a VM of type 2 on Intel
 * (type 2 is KVM_X86_SEV_VM, an AMD type; kernels before VM types take
 * type 0 only), so on an Intel host without bit 5, a kernel whose
 * KVM_CAP_VM_TYPES is absent or has bit 2 and that creates a type-2 VM is
 * an out-of-tree TDX kernel, and the probe says that ABI is unsupported.
 * That VM is closed at once: no command of the old ABI is sent to it, so
 * its layouts are never guessed at.  On a non-Intel host type 2 is never
 * tried (it would be an SEV VM).
 *
 * What KVM_TDX_GET_CPUID returns is the TD's CPUID as the module keeps it
 * (TDH.MNG.RD), with two differences from what the guest sees, which are
 * therefore not compared: 0x80000008.EAX[23:16] is KVM's own guest
 * physical address width, patched in by KVM (§3.5); and fields the module
 * computes at each CPUID exit or leaves to the VMM (the model's runtime
 * fields without a launch value, and its untrusted leaves) are not what
 * the guest reads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certify/cpuid_decode.h"
#include "certify/feature_table.h"
#include "certify/host.h"
#include "certify/probe.h"
#include "tdx_check.h"
#include "tdx_kvm.h"
#include "tdx_module.h"
#include "tdx_params.h"
#include "tdx_probe.h"
#include "tdx_rules.h"

/* First buffer sizes: small, so a real module's list grows them once. */
#define CAPS_NENT_FIRST 8
#define TD_NENT_FIRST 32
#define NENT_MAX CERTIFY_KVM_MAX_CPUID_ENTRIES
/* IOAPIC routes of the split IRQ chip, QEMU's default. */
#define SPLIT_IRQCHIP_ROUTES 24
#define STATUS_CLASS_MASK 0xffffffff00000000ull

struct hw_caps {
	uint64_t attrs;
	uint64_t xfam;
	uint32_t nent;
	struct cpuid_set cpuid;		/* keyed as the module's table */
};

struct probe {
	const struct check_request *req;
	struct check_result *res;
	const struct cpuid_set *host;
	struct cpuid_set own_host;
	struct tdx_rules rules;
	struct tdx_native native;
	struct tdx_params params;
	struct tdx_kvm_caps model_caps;
	struct cpuid_set request;	/* what KVM_TDX_INIT_VM gets */
	struct kvm kvm;
	int vm;
	int vcpu;
	int vm_types_raw;		/* KVM_CAP_VM_TYPES, 0: absent */
	struct hw_caps caps;
	int init_err;			/* KVM_TDX_INIT_VM's errno or 0 */
	uint64_t hw_error;
	bool have_td;
	struct cpuid_set td;		/* KVM_TDX_GET_CPUID */
};

static const char *leaf_words(struct check_result *res,
			      const struct cpuid_entry *e)
{
	if (e->indexed)
		return strpool_printf(&res->pool, "0x%x.0x%x", e->leaf,
				      e->subleaf);
	return strpool_printf(&res->pool, "0x%x", e->leaf);
}

static int tdx_op(struct probe *p, int fd, uint32_t id, void *data,
		  uint64_t *hw_error)
{
	struct certify_kvm_tdx_cmd cmd = {
		.id = id,
		.data = (uint64_t)(uintptr_t)data,
	};
	int ret = p->kvm.sys->ioctl(p->kvm.sys, fd,
				    CERTIFY_KVM_MEMORY_ENCRYPT_OP, &cmd);

	if (hw_error)
		*hw_error = cmd.hw_error;
	return ret;
}

static void close_fd(struct probe *p, int *fd)
{
	if (*fd >= 0)
		p->kvm.sys->close(p->kvm.sys, *fd);
	*fd = -1;
}

/* ---- which ABI ---- */

static bool intel_host(const struct probe *p)
{
	char vendor[13];

	return p->host && cpuid_decode_vendor(p->host, vendor) &&
	       !strcmp(vendor, "GenuineIntel");
}

/* See the top of this file. */
static bool old_abi(struct probe *p)
{
	int fd;

	if (!intel_host(p))
		return false;
	if (p->vm_types_raw &&
	    !(p->vm_types_raw & (1 << CERTIFY_KVM_X86_TDX_VM_OLD)))
		return false;
	fd = kvm_create_vm(&p->kvm, CERTIFY_KVM_X86_TDX_VM_OLD);
	if (fd < 0)
		return false;
	close_fd(p, &fd);
	return true;
}

static int check_vm_types(struct probe *p, struct diag *d)
{
	char types[64];

	p->vm_types_raw = kvm_check_extension(&p->kvm,
					      CERTIFY_KVM_CAP_VM_TYPES);
	if (p->vm_types_raw & (1 << CERTIFY_KVM_X86_TDX_VM))
		return 0;
	if (p->vm_types_raw)
		snprintf(types, sizeof(types), "KVM_CAP_VM_TYPES 0x%x",
			 (unsigned int)p->vm_types_raw);
	else
		snprintf(types, sizeof(types), "no KVM_CAP_VM_TYPES");
	if (old_abi(p)) {
		diag_set(d, KVM_DEVICE_PATH, 0, "unsupported out-of-tree TDX "
			 "ABI: this kernel creates VMs of type 2 on an Intel "
			 "host (%s), as the out-of-tree TDX kernels did "
			 "(KVM_X86_TDX_VM 2, Intel/Canonical 6.8-based); "
			 "certify speaks the mainline ABI of Linux 6.16 and "
			 "later (VM type 5)", types);
		return PROBE_ENVIRONMENT;
	}
	diag_set(d, KVM_DEVICE_PATH, 0, "KVM does not create TDX VMs (%s%s): "
		 "the kernel predates 6.16, kvm_intel.tdx is off, or the TDX "
		 "module is not loaded", types,
		 p->vm_types_raw ? ": no bit 5" : "");
	return PROBE_ENVIRONMENT;
}

/* ---- KVM_TDX_CAPABILITIES ---- */

/*
 * KVM fills neither flags nor padding of these entries (tdx.c
 * td_init_cpuid_entry2(): the buffer is not zeroed), so the module's
 * table says which leaves have sub-leaves; index is 0 for those without.
 */
static int caps_entries(struct probe *p,
			const struct certify_kvm_tdx_capabilities *c)
{
	uint32_t i;

	for (i = 0; i < c->cpuid.nent; i++) {
		const struct certify_kvm_cpuid_entry2 *ke =
			&c->cpuid.entries[i];
		const struct tdx_entry *te =
			tdx_rules_find(&p->rules, ke->function, ke->index);
		struct cpuid_entry e = {
			.leaf = ke->function,
			.indexed = te ? te->has_subleaf : ke->index != 0,
			.regs = { ke->eax, ke->ebx, ke->ecx, ke->edx },
		};

		e.subleaf = e.indexed ? ke->index : 0;
		if (cpuid_set_put(&p->caps.cpuid, &e))
			return -1;
	}
	return 0;
}

static int read_caps(struct probe *p, struct diag *d)
{
	struct certify_kvm_tdx_capabilities *c = NULL;
	uint32_t nent = CAPS_NENT_FIRST;
	int ret;

	for (;;) {
		c = calloc(1, sizeof(*c) + nent * sizeof(c->cpuid.entries[0]));
		if (!c) {
			diag_set(d, "certify", 0, "out of memory");
			return PROBE_ENVIRONMENT;
		}
		c->cpuid.nent = nent;
		ret = tdx_op(p, p->vm, CERTIFY_KVM_TDX_CAPABILITIES, c, NULL);
		if (ret != -E2BIG)
			break;
		/*
		 * Kernels that write the count back say how much; 6.16's
		 * tdx_get_capabilities() does not, so double.
		 */
		nent = c->cpuid.nent > nent ? c->cpuid.nent : nent * 2;
		free(c);
		c = NULL;
		if (nent > NENT_MAX) {
			diag_set(d, KVM_DEVICE_PATH, 0, "KVM_TDX_CAPABILITIES "
				 "wants room for more than %u CPUID entries",
				 NENT_MAX);
			return PROBE_ENVIRONMENT;
		}
	}
	if (ret < 0) {
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM_TDX_CAPABILITIES fails "
			 "with -%s (%s)%s", kvm_errno_name(-ret),
			 strerror(-ret), ret == -EIO ?
			 ": KVM supports none of the TD attributes or XFAM "
			 "this TDX module allows" : "");
		goto fail;
	}
	if (c->cpuid.nent > nent) {
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM_TDX_CAPABILITIES reports "
			 "%u CPUID entries in a buffer of %u", c->cpuid.nent,
			 nent);
		goto fail;
	}
	p->caps.attrs = c->supported_attrs;
	p->caps.xfam = c->supported_xfam;
	p->caps.nent = c->cpuid.nent;
	if (caps_entries(p, c)) {
		diag_set(d, "certify", 0, "out of memory");
		goto fail;
	}
	free(c);
	return 0;
fail:
	free(c);
	return PROBE_ENVIRONMENT;
}

/* ---- KVM_TDX_INIT_VM ---- */

static int init_vm(struct probe *p, struct diag *d)
{
	struct certify_kvm_tdx_init_vm *iv;
	size_t size;
	int ret;

	if (p->params.has_tsc) {
		/* TD_PARAMS.TSC_FREQUENCY is in 25 MHz units. */
		ret = p->kvm.sys->ioctl(p->kvm.sys, p->vm,
					CERTIFY_KVM_SET_TSC_KHZ,
					(void *)(uintptr_t)
					(p->params.tsc_frequency * 25000ul));
		if (ret < 0)
			check_result_warn(p->res, "KVM_SET_TSC_KHZ %lu fails "
					  "with -%s: the TD gets this host's "
					  "TSC, not tdx.tsc_frequency",
					  p->params.tsc_frequency * 25000ul,
					  kvm_errno_name(-ret));
	}
	iv = kvm_cpuid2_build(&p->request,
			      offsetof(struct certify_kvm_tdx_init_vm, cpuid),
			      p->request.n, &size);
	if (!iv) {
		diag_set(d, "certify", 0, "out of memory");
		return -1;
	}
	iv->attributes = p->params.attributes;
	iv->xfam = p->params.xfam;
	ret = tdx_op(p, p->vm, CERTIFY_KVM_TDX_INIT_VM, iv, &p->hw_error);
	p->init_err = ret < 0 ? -ret : 0;
	free(iv);
	return 0;
}

/* ---- the vCPU and KVM_TDX_GET_CPUID ---- */

static int set_x2apic_cpuid(struct probe *p)
{
	struct cpuid_field x2apic = CPUID_FEATURE_X2APIC;
	struct cpuid_entry e = { .leaf = x2apic.leaf };
	struct cpuid_set one = CPUID_SET_INIT;
	size_t size;
	void *c;
	int ret = -ENOMEM;

	e.regs[x2apic.reg] = cpuid_field_mask(&x2apic);
	if (cpuid_set_insert(&one, &e))
		goto out;
	c = kvm_cpuid2_build(&one, 0, 1, &size);
	if (!c)
		goto out;
	ret = p->kvm.sys->ioctl(p->kvm.sys, p->vcpu, CERTIFY_KVM_SET_CPUID2, c);
	free(c);
out:
	cpuid_set_release(&one);
	return ret;
}

static int get_cpuid(struct probe *p)
{
	struct certify_kvm_cpuid2 *c = NULL;
	uint32_t nent = TD_NENT_FIRST;
	int ret;

	for (;;) {
		c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
		if (!c)
			return -ENOMEM;
		c->nent = nent;
		ret = tdx_op(p, p->vcpu, CERTIFY_KVM_TDX_GET_CPUID, c, NULL);
		if (ret != -E2BIG)
			break;
		/* KVM writes the count back (research/tdx.md §3.5). */
		nent = c->nent > nent ? c->nent : nent * 2;
		free(c);
		c = NULL;
		if (nent > NENT_MAX)
			return -E2BIG;
	}
	if (ret >= 0 && (c->nent > nent || kvm_cpuid2_read(c, &p->td)))
		ret = -EPROTO;
	free(c);
	return ret < 0 ? ret : 0;
}

static void read_td(struct probe *p)
{
	struct certify_kvm_enable_cap cap = {
		.cap = CERTIFY_KVM_CAP_SPLIT_IRQCHIP,
		.args = { SPLIT_IRQCHIP_ROUTES },
	};
	struct kvm_sys *sys = p->kvm.sys;
	const char *what;
	int ret;

	what = "KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP)";
	ret = sys->ioctl(sys, p->vm, CERTIFY_KVM_ENABLE_CAP, &cap);
	if (ret < 0)
		goto fail;
	what = "KVM_CREATE_VCPU";
	ret = sys->ioctl(sys, p->vm, CERTIFY_KVM_CREATE_VCPU, (void *)0);
	if (ret < 0)
		goto fail;
	p->vcpu = ret;
	what = "KVM_SET_CPUID2";
	ret = set_x2apic_cpuid(p);
	if (ret < 0)
		goto fail;
	ret = tdx_op(p, p->vcpu, CERTIFY_KVM_TDX_INIT_VCPU, NULL, NULL);
	if (ret < 0)
		check_result_warn(p->res, "KVM_TDX_INIT_VCPU fails with -%s; "
				  "the TD's CPUID is read all the same",
				  kvm_errno_name(-ret));
	what = "KVM_TDX_GET_CPUID";
	ret = get_cpuid(p);
	if (ret < 0)
		goto fail;
	p->have_td = true;
	return;
fail:
	cpuid_set_release(&p->td);
	cpuid_set_init(&p->td);
	if (ret == -EPROTO)
		check_result_warn(p->res, "%s answers with a list that does "
				  "not read (a duplicate entry, or more "
				  "entries than the buffer holds): what the "
				  "guest sees is the model's only", what);
	else
		check_result_warn(p->res, "%s fails with -%s (%s): the TD's "
				  "CPUID could not be read; what the guest "
				  "sees is the model's only", what,
				  kvm_errno_name(-ret), strerror(-ret));
}

/* Steps 1-6; every fd is closed on return. */
static int run_hardware(struct probe *p, struct kvm_sys *sys, struct diag *d)
{
	int ret;

	if (kvm_open(&p->kvm, sys, d))
		return PROBE_ENVIRONMENT;
	ret = check_vm_types(p, d);
	if (ret)
		goto out;
	p->vm = kvm_create_vm(&p->kvm, CERTIFY_KVM_X86_TDX_VM);
	if (p->vm < 0) {
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM_CREATE_VM(5) fails with "
			 "-%s (%s)", kvm_errno_name(-p->vm), strerror(-p->vm));
		ret = PROBE_ENVIRONMENT;
		goto out;
	}
	ret = read_caps(p, d);
	if (ret)
		goto out;
	ret = init_vm(p, d);
	if (ret)
		goto out;
	if (!p->init_err)
		read_td(p);
out:
	close_fd(p, &p->vcpu);
	close_fd(p, &p->vm);
	kvm_close(&p->kvm);
	return ret;
}

/* ---- hardware beside the model ---- */

static const char *tdx_status_name(uint64_t code)
{
	switch (code & STATUS_CLASS_MASK) {
	case TDX_OPERAND_INVALID:
		return "TDX_OPERAND_INVALID";
	case TDX_INCORRECT_CPUID_VALUE:
		return "TDX_INCORRECT_CPUID_VALUE";
	case TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED:
		return "TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED";
	case TDX_INCORRECT_MSR_VALUE:
		return "TDX_INCORRECT_MSR_VALUE";
	}
	return "TDX error";
}

static const char *operand_name(uint64_t code)
{
	switch ((uint32_t)code) {
	case TDX_OPERAND_ID_ATTRIBUTES:
		return "ATTRIBUTES";
	case TDX_OPERAND_ID_XFAM:
		return "XFAM";
	case TDX_OPERAND_ID_EXEC_CONTROLS:
		return "EXEC_CONTROLS";
	case TDX_OPERAND_ID_EPTP_CONTROLS:
		return "EPTP_CONTROLS";
	case TDX_OPERAND_ID_CPUID_CONFIG:
		return "CPUID_CONFIG";
	case TDX_OPERAND_ID_TSC_FREQUENCY:
		return "TSC_FREQUENCY";
	}
	return "operand";
}

static void set_status(struct check_result *res, const char *layer,
		       uint64_t code, const char *name, const char *message)
{
	memset(&res->status, 0, sizeof(res->status));
	res->status.layer = layer;
	res->status.code = code;
	res->status.name = name;
	res->status.message = message;
}

static const char *model_said(struct probe *p)
{
	const struct check_status *st = &p->res->status;

	if (!st->code)
		return "success";
	return strpool_printf(&p->res->pool, "%s 0x%llx %s: %s", st->layer,
			      (unsigned long long)st->code, st->name,
			      st->message);
}

/*
 * KVM_TDX_INIT_VM's answer against the model's status.  When they agree
 * the model's status stays: it names the leaf, which KVM does not pass on.
 */
static void map_status(struct probe *p)
{
	struct check_result *res = p->res;
	const struct check_status *st = &res->status;
	const char *msg;

	if (!p->init_err) {
		if (!st->code)
			return;
		check_result_warn(res, "%s: the model predicted that "
				  "KVM_TDX_INIT_VM fails (%s); on this "
				  "platform it succeeds", PROBE_MISMATCH_CLASS,
				  model_said(p));
		set_status(res, "tdx-module", TDX_SUCCESS, "TDX_SUCCESS",
			   "KVM_TDX_INIT_VM succeeds on this platform");
		return;
	}
	if (p->hw_error) {
		if (st->code == p->hw_error && !strcmp(st->layer, "tdx-module"))
			return;
		check_result_warn(res, "%s: KVM_TDX_INIT_VM fails with -%s, "
				  "hw_error 0x%016llx; the model predicted %s",
				  PROBE_MISMATCH_CLASS,
				  kvm_errno_name(p->init_err),
				  (unsigned long long)p->hw_error,
				  model_said(p));
		msg = strpool_printf(
			&res->pool, "KVM_TDX_INIT_VM fails with -%s, hw_error "
				    "0x%016llx (%s%s%s); KVM does not pass the "
				    "failing leaf (RCX) on and the model did "
				    "not predict this status",
			kvm_errno_name(p->init_err),
			(unsigned long long)p->hw_error,
			tdx_status_name(p->hw_error),
			(p->hw_error & STATUS_CLASS_MASK) ==
					TDX_OPERAND_INVALID ? ", operand " : "",
			(p->hw_error & STATUS_CLASS_MASK) ==
					TDX_OPERAND_INVALID ?
				operand_name(p->hw_error) : "");
		set_status(res, "tdx-module", p->hw_error,
			   tdx_status_name(p->hw_error), msg);
		return;
	}
	/* KVM refused, or TDH.MNG.INIT failed other than OPERAND_INVALID:
	 * then KVM says -EIO and leaves hw_error 0. */
	if (st->code && !strcmp(st->layer, "kvm") &&
	    st->code == (uint64_t)p->init_err)
		return;
	if (st->code && !strcmp(st->layer, "tdx-module") &&
	    (st->code & STATUS_CLASS_MASK) != TDX_OPERAND_INVALID &&
	    p->init_err == EIO)
		return;
	check_result_warn(res, "%s: KVM_TDX_INIT_VM fails with -%s and no "
			  "hw_error; the model predicted %s",
			  PROBE_MISMATCH_CLASS, kvm_errno_name(p->init_err),
			  model_said(p));
	msg = strpool_printf(&res->pool, "KVM_TDX_INIT_VM fails with -%s (%s) "
					 "and no hw_error; the model did not "
					 "predict it",
			     kvm_errno_name(p->init_err),
			     strerror(p->init_err));
	set_status(res, "kvm", (uint64_t)p->init_err,
		   kvm_errno_name(p->init_err), msg);
}

/* The hardware's KVM_TDX_CAPABILITIES against the model's. */
static void compare_caps(struct probe *p)
{
	struct check_result *res = p->res;
	const struct tdx_kvm_caps *m = &p->model_caps;
	const char *rs = p->req->rules->name;
	const struct cpuid_entry *e, *h;
	unsigned int r;

	if (p->caps.attrs != m->supported_attrs)
		check_result_warn(res, "%s: KVM_TDX_CAPABILITIES reports "
				  "supported_attrs 0x%016llx; the model (%s) "
				  "expects 0x%016llx", PROBE_MISMATCH_CLASS,
				  (unsigned long long)p->caps.attrs, rs,
				  (unsigned long long)m->supported_attrs);
	if (m->xfam_known && p->caps.xfam != m->supported_xfam)
		check_result_warn(res, "%s: KVM_TDX_CAPABILITIES reports "
				  "supported_xfam 0x%016llx; the model (%s) "
				  "expects 0x%016llx", PROBE_MISMATCH_CLASS,
				  (unsigned long long)p->caps.xfam, rs,
				  (unsigned long long)m->supported_xfam);
	cpuid_set_for_each(e, &m->cpuid) {
		h = cpuid_set_find(&p->caps.cpuid, e->leaf, e->indexed,
				   e->subleaf);
		if (!h) {
			check_result_warn(res, "%s: KVM_TDX_CAPABILITIES lacks "
					  "CPUID %s, which the model (%s) "
					  "reports configurable",
					  PROBE_MISMATCH_CLASS,
					  leaf_words(res, e), rs);
			continue;
		}
		for (r = 0; r < CPUID_NR_REGS; r++)
			if ((h->regs[r] ^ e->regs[r]) & ~e->unknown[r])
				check_result_warn(
					res, "%s: KVM_TDX_CAPABILITIES CPUID "
					     "%s %s: configurable bits "
					     "0x%08x; the model (%s) expects "
					     "0x%08x", PROBE_MISMATCH_CLASS,
					leaf_words(res, e), cpuid_reg_name(r),
					h->regs[r], rs, e->regs[r]);
	}
	cpuid_set_for_each(h, &p->caps.cpuid)
		if (!cpuid_set_find(&m->cpuid, h->leaf, h->indexed, h->subleaf))
			check_result_warn(res, "%s: KVM_TDX_CAPABILITIES "
					  "reports CPUID %s configurable, "
					  "which the model (%s) does not",
					  PROBE_MISMATCH_CLASS,
					  leaf_words(res, h), rs);
}

static void record_facts(struct probe *p)
{
	struct check_result *res = p->res;
	const struct ruleset *rs = p->req->rules;
	const struct cpuid_entry *one =
		p->host ? cpuid_set_lookup(p->host, 1, 0) : NULL;

	check_result_fact(res, "kernel", "%s", kvm_kernel_release(&p->kvm));
	check_result_fact(res, "vm types", "0x%x",
			  (unsigned int)p->vm_types_raw);
	check_result_fact(res, "tdx module", "modelled by rule set %s (%s); "
			  "KVM's uAPI does not report the loaded module's "
			  "version: compare it with the kernel log", rs->name,
			  rs->version ? rs->version : "no version");
	if (one) {
		struct cpuid_fms fms =
			cpuid_decode_fms(one->regs[CPUID_REG_EAX]);

		check_result_fact(res, "host family/model/stepping",
				  "0x%08x: family 0x%x, model 0x%x, stepping "
				  "0x%x%s", one->regs[CPUID_REG_EAX],
				  fms.family, fms.model, fms.stepping,
				  p->req->host ? " (the given host, not read "
						 "from this machine)" : "");
	} else {
		check_result_fact(res, "host family/model/stepping",
				  "unknown");
	}
	check_result_fact(res, "supported_attrs", "0x%016llx",
			  (unsigned long long)p->caps.attrs);
	check_result_fact(res, "supported_xfam", "0x%016llx",
			  (unsigned long long)p->caps.xfam);
	check_result_fact(res, "capabilities cpuid entries", "%u",
			  p->caps.nent);
	if (!p->init_err)
		check_result_fact(res, "KVM_TDX_INIT_VM", "0");
	else
		check_result_fact(res, "KVM_TDX_INIT_VM",
				  "-%s, hw_error 0x%016llx",
				  kvm_errno_name(p->init_err),
				  (unsigned long long)p->hw_error);
	if (p->have_td)
		check_result_fact(res, "td cpuid entries", "%zu", p->td.n);
}

static struct cpuid_entry *find_mut(struct cpuid_set *s, uint32_t leaf,
				    bool indexed, uint32_t subleaf)
{
	return (struct cpuid_entry *)cpuid_set_find(s, leaf, indexed, subleaf);
}

/*
 * The TD's CPUID as the guest sees it, as far as KVM_TDX_GET_CPUID tells:
 * what it reads, less the fields it cannot tell (top of this file), which
 * are marked unknown.
 */
static int comparable_td(struct probe *p, struct cpuid_set *cmp)
{
	struct cpuid_field gpaw = CPUID_FIELD_GUEST_PHYS_ADDR_BITS;
	struct check_result *res = p->res;
	struct cpuid_entry *e;
	size_t i;

	if (cpuid_set_copy(cmp, &p->td))
		return -1;
	e = find_mut(cmp, gpaw.leaf, false, 0);
	if (e) {
		check_result_fact(res, "gpaw", "%u (KVM's, in "
				  "KVM_TDX_GET_CPUID 0x80000008.EAX[23:16])",
				  cpuid_field_extract(&gpaw,
						      e->regs[gpaw.reg]));
		e->unknown[gpaw.reg] |= cpuid_field_mask(&gpaw);
	}
	for (i = 0; i < res->nfindings; i++) {
		const struct finding *f = &res->findings[i];
		struct cpuid_field fld = CPUID_FIELD(f->leaf, f->subleaf,
						     f->reg, f->bit, f->width);

		if (f->verdict != VERDICT_UNTRUSTED &&
		    (f->verdict != VERDICT_RUNTIME || f->has_final))
			continue;
		e = find_mut(cmp, f->leaf, f->indexed, f->subleaf);
		if (e)
			e->unknown[f->reg] |= cpuid_field_mask(&fld);
	}
	return 0;
}

/* res->final takes what the hardware tells; the rest stays the model's. */
static int merge_final(struct check_result *res, const struct cpuid_set *cmp)
{
	const struct cpuid_entry *e;
	unsigned int r;

	cpuid_set_for_each(e, cmp) {
		const struct cpuid_entry *m = cpuid_set_find(&res->final,
							     e->leaf,
							     e->indexed,
							     e->subleaf);
		struct cpuid_entry n = m ? *m : *e;

		for (r = 0; r < CPUID_NR_REGS; r++) {
			uint32_t known = ~e->unknown[r];

			n.regs[r] = (n.regs[r] & ~known) | (e->regs[r] & known);
			n.unknown[r] &= ~known;
		}
		if (cpuid_set_put(&res->final, &n))
			return -1;
	}
	return 0;
}

static int beside_model(struct probe *p)
{
	struct check_result *res = p->res;
	struct cpuid_set cmp = CPUID_SET_INIT;
	int ret = -1;

	record_facts(p);
	compare_caps(p);
	map_status(p);
	if (p->have_td) {
		if (comparable_td(p, &cmp) || merge_final(res, &cmp) ||
		    probe_cross_check(res, &cmp) < 0)
			goto out;
	}
	check_result_finish(res, &p->request);
	res->hardware = true;
	ret = res->pool.failed ? -1 : 0;
out:
	cpuid_set_release(&cmp);
	return ret;
}

/* ---- the probe ---- */

static int prepare(struct probe *p, struct diag *d)
{
	const struct check_request *req = p->req;
	int ret, cpu;

	if (!req->config) {
		diag_set(d, "certify", 0, "probe --platform tdx needs a config "
			 "(the KVM_TDX_INIT_VM request)");
		return PROBE_BAD_INPUT;
	}
	p->host = req->host;
	if (!p->host) {
		ret = host_cpuid_read(&p->own_host, &cpu);
		if (ret)
			check_result_warn(p->res, "this machine's CPUID cannot "
					  "be read (%s): the model runs "
					  "without a host", strerror(-ret));
		else
			p->host = &p->own_host;
	}
	if (tdx_rules_read(req->rules, &p->rules, d) ||
	    tdx_params_read(req->config, &p->params, d))
		return PROBE_BAD_INPUT;
	if (tdx_request_entries(&p->rules, &req->config->cpuid,
				&p->request) ||
	    tdx_native_sample(&p->rules, p->host, &p->native) ||
	    tdx_kvm_capabilities(&p->rules, &p->native, &p->model_caps)) {
		diag_set(d, "certify", 0, "out of memory");
		return PROBE_BAD_INPUT;
	}
	return 0;
}

static int run_model(struct probe *p, struct diag *d)
{
	const struct check_request *req = p->req;
	struct check_request mreq = *req;

	mreq.host = p->host;
	mreq.vmm = "none";
	mreq.kvm = "mainline";
	if (tdx_check(&mreq, p->res, d))
		return PROBE_BAD_INPUT;
	if (req->vmm && strcmp(req->vmm, "none"))
		check_result_warn(p->res, "the probe is the VMM: it passes "
				  "the config to KVM_TDX_INIT_VM as it is, "
				  "and the model runs with --vmm none, not "
				  "--vmm %s", req->vmm);
	if (req->kvm && strcmp(req->kvm, "mainline"))
		check_result_warn(p->res, "the probe talks to this machine's "
				  "KVM: the model runs with --kvm mainline, "
				  "not --kvm %s", req->kvm);
	return 0;
}

int tdx_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d)
{
	struct probe p = {
		.req = req,
		.res = res,
		.kvm = { .sys = sys, .fd = -1 },
		.vm = -1,
		.vcpu = -1,
	};
	int ret;

	cpuid_set_init(&p.own_host);
	cpuid_set_init(&p.request);
	cpuid_set_init(&p.caps.cpuid);
	cpuid_set_init(&p.td);
	ret = prepare(&p, d);
	if (!ret)
		ret = run_model(&p, d);
	if (!ret)
		ret = run_hardware(&p, sys, d);
	if (!ret && beside_model(&p)) {
		diag_set(d, "certify", 0, "out of memory");
		ret = PROBE_BAD_INPUT;
	}
	tdx_rules_release(&p.rules);
	tdx_native_release(&p.native);
	tdx_kvm_caps_release(&p.model_caps);
	cpuid_set_release(&p.own_host);
	cpuid_set_release(&p.request);
	cpuid_set_release(&p.caps.cpuid);
	cpuid_set_release(&p.td);
	return ret;
}
