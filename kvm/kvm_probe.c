// SPDX-License-Identifier: MIT
#include <string.h>

#include "certify/cpuid_decode.h"
#include "certify/probe.h"
#include "kvm_check.h"
#include "kvm_guest.h"
#include "kvm_probe.h"
#include "kvm_rules.h"

struct probe_run {
	struct kvm kvm;
	struct kvm_rules rules;
	struct cpuid_set seen;
	int set_err;		/* KVM_SET_CPUID2's errno, 0: took it */
	bool live_support;	/* the lists are this machine's, not the file's */
};

/* This KVM's lists, for the model, where the rule set has none. */
static int live_support(struct probe_run *p, struct check_result *res,
			struct diag *d)
{
	struct cpuid_set sup = CPUID_SET_INIT, emu = CPUID_SET_INIT;
	const struct cpuid_entry *e1;
	char vendor[13];
	int ret = PROBE_ENVIRONMENT;

	if (kvm_get_cpuid(&p->kvm, CERTIFY_KVM_GET_SUPPORTED_CPUID, &sup, d) ||
	    kvm_get_cpuid(&p->kvm, CERTIFY_KVM_GET_EMULATED_CPUID, &emu, d))
		goto out;
	/* KVM reports the host's vendor and signature in leaves 0 and 1. */
	if (!cpuid_decode_vendor(&sup, vendor))
		vendor[0] = '\0';
	e1 = cpuid_set_lookup(&sup, 1, 0);
	check_result_fact(res, "host vendor", "%s", vendor[0] ? vendor : "?");
	if (e1)
		check_result_fact(res, "host signature", "0x%08x "
				  "(CPUID.1:EAX, family/model/stepping)",
				  e1->regs[CPUID_REG_EAX]);
	check_result_fact(res, "KVM_GET_SUPPORTED_CPUID", "%zu entries", sup.n);
	check_result_fact(res, "KVM_GET_EMULATED_CPUID", "%zu entries", emu.n);
	ret = 0;
	if (p->rules.has_support)
		goto out;
	p->live_support = true;
	p->rules.has_support = true;
	if (cpuid_set_copy(&p->rules.supported, &sup) ||
	    cpuid_set_copy(&p->rules.emulated, &emu)) {
		diag_set(d, "certify", 0, "out of memory");
		ret = PROBE_BAD_INPUT;
	}
out:
	cpuid_set_release(&sup);
	cpuid_set_release(&emu);
	return ret;
}

/* KVM_SET_CPUID2's answer against the model's. */
static int status_cross_check(struct probe_run *p, struct check_result *res)
{
	uint64_t predicted = res->status.code;
	const char *said = res->status.message;

	if ((uint64_t)p->set_err == predicted)
		return 0;
	res->status.layer = "kvm";
	res->status.code = (uint64_t)p->set_err;
	res->status.name = p->set_err ? kvm_errno_name(p->set_err) :
					"SUCCESS";
	res->status.has_leaf = false;
	res->status.has_subleaf = false;
	if (p->set_err)
		res->status.message = strpool_printf(
			&res->pool, "KVM_SET_CPUID2 fails with -%s; the model "
			"predicted %s%s", kvm_errno_name(p->set_err),
			predicted ? "another refusal: " : "that KVM takes the "
							  "table",
			predicted && said ? said : "");
	else
		res->status.message = strpool_printf(
			&res->pool, "KVM_SET_CPUID2 takes the table; the model "
			"predicted a refusal: %s", said ? said : "?");
	return check_result_warn(res, "KVM_SET_CPUID2's answer differs from "
				 "the model's (%s): the status is the "
				 "hardware's", PROBE_MISMATCH_CLASS);
}

static void facts(struct probe_run *p, const struct check_request *req,
		  struct check_result *res)
{
	check_result_fact(res, "kernel", "%s", kvm_kernel_release(&p->kvm));
	check_result_fact(res, "KVM API", "%d",
			  CERTIFY_KVM_API_VERSION);
	check_result_fact(res, "vm types", "0x%x (KVM_CAP_VM_TYPES)",
			  kvm_vm_types(&p->kvm));
	check_result_fact(res, "probe guest", "1 vCPU in real mode at reset "
			  "(CR4 = 0, XCR0 = 1, XSS = 0), CPUID of each of "
			  "the %zu configured entries",
			  req->config->cpuid.n);
	check_result_fact(res, "supported lists", "%s",
			  p->live_support ? "this machine's KVM (the rule "
					    "set has none)" :
					    "the rule set's capture");
}

int kvm_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d)
{
	struct probe_run p = { .seen = CPUID_SET_INIT };
	int ret, bits;

	if (!req->config) {
		diag_set(d, "certify", 0, "platform kvm needs --config");
		return PROBE_BAD_INPUT;
	}
	if (kvm_rules_read(req->rules, &p.rules, d))
		return PROBE_BAD_INPUT;
	ret = kvm_open(&p.kvm, sys, d) ? PROBE_ENVIRONMENT : 0;
	if (ret)
		goto out_rules;
	ret = live_support(&p, res, d);
	if (ret)
		goto out;
	if (kvm_check_rules(req, &p.rules, res, d)) {
		ret = PROBE_BAD_INPUT;
		goto out;
	}
	ret = kvm_guest_cpuid(&p.kvm, &req->config->cpuid, NULL, &p.seen,
			      &p.set_err, d);
	if (ret)
		goto out;
	res->hardware = true;
	facts(&p, req, res);
	if (status_cross_check(&p, res)) {
		ret = PROBE_BAD_INPUT;
		goto out;
	}
	if (!p.set_err) {
		/* What the guest read is the final CPUID. */
		if (cpuid_set_copy(&res->final, &p.seen)) {
			ret = PROBE_BAD_INPUT;
			goto out;
		}
		bits = probe_cross_check(res, &p.seen);
		if (bits < 0) {
			ret = PROBE_BAD_INPUT;
			goto out;
		}
		check_result_fact(res, "model", "%s", bits ?
				  strpool_printf(&res->pool, "%d bit%s "
						 "differ%s", bits,
						 bits == 1 ? "" : "s",
						 bits == 1 ? "s" : "") :
				  "agrees with every bit the guest read");
	} else {
		check_result_fact(res, "guest", "not run: KVM refused the "
				  "table; the final CPUID shown is the model's "
				  "for the table once KVM takes it");
		check_result_fact(res, "model", "%s",
				  res->status.code == (uint64_t)p.set_err ?
				  "predicted the refusal" :
				  "predicted otherwise (see the status)");
	}
	check_result_finish(res, &req->config->cpuid);
	if (res->pool.failed) {
		diag_set(d, "certify", 0, "out of memory");
		ret = PROBE_BAD_INPUT;
	}
out:
	kvm_close(&p.kvm);
out_rules:
	kvm_rules_release(&p.rules);
	cpuid_set_release(&p.seen);
	return ret;
}
