// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>

#include "tdx_check.h"
#include "tdx_guest.h"
#include "tdx_kvm.h"
#include "tdx_module.h"
#include "tdx_params.h"
#include "tdx_qemu.h"
#include "tdx_rules.h"

struct tdx_run {
	const struct check_request *req;
	struct check_result *res;
	struct tdx_rules rules;
	struct tdx_native native;
	struct tdx_params params;
	struct tdx_kvm_caps caps;
	struct tdx_td_params td_params;
	struct cpuid_set request;	/* the config, in the module's keys */
	struct cpuid_set vmm_out;	/* what the VMM passes to KVM */
	struct cpuid_set td;		/* the TD's CPUID (TDCS) */
	struct trace trace;
};

int tdx_request_entries(const struct tdx_rules *rules,
			const struct cpuid_set *config, struct cpuid_set *out)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, config) {
		const struct tdx_entry *te =
			tdx_rules_find(rules, e->leaf, e->subleaf);
		struct cpuid_entry n = *e;

		if (te) {
			struct cpuid_entry k = tdx_entry_key(te);

			n.indexed = k.indexed;
			n.subleaf = k.subleaf;
		}
		if (cpuid_set_put(out, &n))
			return -1;
	}
	return 0;
}

static int normalize_request(struct tdx_run *run)
{
	return tdx_request_entries(&run->rules, &run->req->config->cpuid,
				   &run->request);
}

static const char *errno_name(int err)
{
	switch (err) {
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case EIO:
		return "EIO";
	}
	return "?";
}

static void set_status(struct check_result *res, const char *layer,
		       uint64_t code, const char *name, const char *message)
{
	if (res->status.code != 0)
		return;
	res->status.layer = layer;
	res->status.code = code;
	res->status.name = name;
	res->status.message = message;
}

/* TDH.MNG.INIT's status, as it reaches the user through KVM. */
static void module_status(struct tdx_run *run, const struct tdx_status *st)
{
	struct check_result *res = run->res;
	bool via_kvm = !strcmp(run->req->kvm, "mainline");
	const char *msg = st->message;

	if (st->code == TDX_SUCCESS || res->status.code != 0)
		return;
	/*
	 * KVM passes TDX_OPERAND_INVALID on in hw_error with -EINVAL; any
	 * other failure of TDH.MNG.INIT is -EIO with hw_error 0, the status
	 * only in the kernel log (tdx.c __tdx_td_init(), research/tdx.md
	 * §3.4 step 6).
	 */
	if (via_kvm && (st->code & 0xffffffff00000000ull) ==
		       TDX_OPERAND_INVALID)
		msg = strpool_printf(
			&res->pool, "%s [KVM_TDX_INIT_VM fails with -EINVAL, "
				    "hw_error 0x%016llx%s]", st->message,
			(unsigned long long)st->code,
			st->rcx_set ? "; KVM does not pass the leaf (RCX) on, "
				      "certify names it" : "");
	else if (via_kvm)
		msg = strpool_printf(
			&res->pool, "%s [KVM_TDX_INIT_VM fails with -EIO and "
				    "hw_error 0: KVM writes this status only "
				    "to the kernel log]", st->message);
	set_status(res, "tdx-module", st->code, st->name, msg);
	if (st->rcx_set) {
		uint32_t sub = (uint32_t)(st->rcx >> 32);

		res->status.has_leaf = true;
		res->status.leaf = (uint32_t)st->rcx;
		res->status.has_subleaf = sub != 0xffffffffu;
		res->status.subleaf = sub;
	}
}

static void host_warnings(struct tdx_run *run)
{
	struct check_result *res = run->res;
	struct tdx_native *n = &run->native;

	if (!n->has_host) {
		check_result_warn(res, "no --host: bits whose value is the "
				  "host's are reported as host-dependent, not "
				  "guessed");
		return;
	}
	if (n->syscall_fixed_up)
		check_result_warn(res, "the host dump shows SYSCALL "
				  "(0x80000001.EDX[11]) clear with long mode "
				  "set, as a dump taken outside 64-bit mode "
				  "does; the module samples in 64-bit mode, "
				  "so it is taken as 1");
	if (n->verify_failed) {
		const char *msg = strpool_printf(
			&res->pool,
			"this host cannot initialise TDX: TDH.SYS.INIT "
			"requires other values of CPUID 0x%x%s %s bits "
			"0x%08x (verify_mask)", n->verify_leaf,
			n->verify_has_subleaf ?
				strpool_printf(&res->pool, ".0x%x",
					       n->verify_subleaf) :
				"",
			cpuid_reg_name(n->verify_reg), n->verify_bits);

		set_status(res, "tdx-module", TDX_INCORRECT_CPUID_VALUE,
			   "TDX_INCORRECT_CPUID_VALUE", msg);
		res->status.has_leaf = true;
		res->status.leaf = n->verify_leaf;
		res->status.has_subleaf = n->verify_has_subleaf;
		res->status.subleaf = n->verify_subleaf;
	}
}

static void qemu_warn(const char *msg, void *ctx)
{
	check_result_warn(ctx, "qemu: %s", msg);
}

/* Words for findings whose deciding note has none (trace.h). */
static const char *explain(const struct finding *f, void *ctx)
{
	(void)ctx;
	switch (f->verdict) {
	case VERDICT_FORCED:
		if (!strcmp(f->class, "fixed1") ||
		    !strcmp(f->class, "fixed1+verified1"))
			return "fixed1: the module always sets it";
		if (strstr(f->class, "+verified1"))
			return "every host that runs TDX has it, and the "
			       "module passes the host's value "
			       "(TDH.SYS.INIT verifies it)";
		if (!strncmp(f->class, "fixed0", 6))
			return "fixed0: the module always clears it";
		if (strstr(f->class, "fixed"))
			return "fixed: the module always sets this value";
		return "the module sets this value";
	case VERDICT_DROPPED:
		if (!strncmp(f->class, "allow-direct", 12))
			return "allow-direct: the host lacks it, so the module "
			       "clears it without an error";
		return "cleared on the way to the guest";
	case VERDICT_NATIVE:
		return f->has_final ? "the host's value" :
				      "the host's value (host-dependent: pass "
				      "--host)";
	default:
		return NULL;
	}
}

static void add_params(struct tdx_run *run)
{
	struct check_result *res = run->res;
	struct tdx_td_params *p = &run->td_params;

	check_result_param(res, "attributes", "0x%016llx",
			   (unsigned long long)p->attributes);
	check_result_param(res, "xfam", "0x%016llx",
			   (unsigned long long)p->xfam);
	check_result_param(res, "config_flags", "0x%llx",
			   (unsigned long long)p->config_flags);
	if (p->tsc_known)
		check_result_param(res, "tsc_frequency", "%u (%u MHz)",
				   p->tsc_frequency, p->tsc_frequency * 25);
	else
		check_result_param(res, "tsc_frequency", "host-dependent");
	check_result_param(res, "migratable", "%d",
			   !!(p->attributes & TDX_ATTR_MIGRATABLE));
}

static int run_stages(struct tdx_run *run)
{
	const struct check_request *req = run->req;
	struct check_result *res = run->res;
	const struct cpuid_set *kvm_in = &run->request;
	struct tdx_qemu_status qst = { 0 };
	struct tdx_kvm_status kst = { 0 };
	struct tdx_status mst;
	bool qemu = !strcmp(req->vmm, "qemu");

	if (tdx_native_sample(&run->rules, req->host, &run->native) ||
	    normalize_request(run) ||
	    tdx_kvm_capabilities(&run->rules, &run->native, &run->caps))
		return -1;
	host_warnings(run);

	/* VMM */
	if (qemu) {
		if (tdx_qemu_prepare(&run->caps, &run->native, &run->request,
				     &run->params, &run->vmm_out, &run->trace,
				     &res->pool, &qst))
			return -1;
		kvm_in = &run->vmm_out;
		if (qst.err)
			set_status(res, "vmm", (uint64_t)qst.err,
				   errno_name(qst.err), qst.message);
	}
	/* KVM */
	if (!strcmp(req->kvm, "mainline")) {
		if (tdx_kvm_init_vm(&run->rules, &run->native, &run->caps,
				    kvm_in, &run->params, &run->trace,
				    &res->pool, &run->td_params, &kst))
			return -1;
		if (kst.err)
			set_status(res, "kvm", (uint64_t)kst.err,
				   errno_name(kst.err), kst.message);
		if (run->params.has_config_flags)
			check_result_warn(res, "tdx.config_flags is ignored: "
					  "mainline KVM sets CONFIG_FLAGS "
					  "itself (use --kvm none to pass it)");
	} else if (tdx_td_params_direct(&run->rules, &run->native, kvm_in,
					&run->params, &run->trace,
					&run->td_params)) {
		return -1;
	}
	/* TDX module */
	if (tdx_mng_init(&run->rules, &run->native, &run->td_params,
			 &run->trace, &res->pool, &run->td, &mst))
		return -1;
	module_status(run, &mst);
	/* Guest run time: the VMM answers #VE from KVM_SET_CPUID2, which
	 * QEMU fills from its CPU model. */
	if (tdx_guest_view(&run->rules, &run->td, qemu ? &run->request : NULL,
			   &run->trace, &res->pool, &res->final))
		return -1;
	if (qemu)
		tdx_qemu_check_features(&run->request, &run->td, qemu_warn,
					res);
	add_params(run);
	if (trace_to_findings(&run->trace, &run->request, res, explain, NULL))
		return -1;
	check_result_finish(res, &run->request);
	return 0;
}

int tdx_check(const struct check_request *req, struct check_result *res,
	      struct diag *d)
{
	struct tdx_run run = { .req = req, .res = res };
	int ret = -1;

	cpuid_set_init(&run.request);
	cpuid_set_init(&run.vmm_out);
	cpuid_set_init(&run.td);
	trace_init(&run.trace);
	if (tdx_rules_read(req->rules, &run.rules, d))
		goto out_rules;
	if (tdx_params_read(req->config, &run.params, d))
		goto out;
	res->platform = "tdx";
	res->ruleset = req->rules->name;
	res->ruleset_version = req->rules->version;
	res->ruleset_source = req->rules->source;
	res->vmm = req->vmm;
	res->kvm = req->kvm;
	res->status.name = "TDX_SUCCESS";
	res->status.layer = "tdx-module";
	ret = run_stages(&run);
	if (ret)
		diag_set(d, "certify", 0, "out of memory");
out:
	tdx_rules_release(&run.rules);
out_rules:
	tdx_native_release(&run.native);
	tdx_kvm_caps_release(&run.caps);
	tdx_td_params_release(&run.td_params);
	cpuid_set_release(&run.request);
	cpuid_set_release(&run.vmm_out);
	cpuid_set_release(&run.td);
	trace_release(&run.trace);
	return ret;
}
