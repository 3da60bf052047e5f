// SPDX-License-Identifier: MIT
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "certify/config_write.h"
#include "certify/leaves.h"
#include "snp_check.h"
#include "snp_firmware.h"
#include "snp_guest.h"
#include "snp_launch.h"
#include "snp_page.h"
#include "snp_params.h"
#include "snp_qemu.h"
#include "snp_rules.h"

struct snp_run {
	const struct check_request *req;
	struct check_result *res;
	struct snp_rules rules;
	struct snp_params params;
	struct snp_host host;
	struct snp_page page;		/* what the VMM passes */
	struct snp_page out;		/* what the firmware leaves */
	bool have_page;
	struct cpuid_set request;	/* the request, in page keys */
	struct trace trace;
	struct diag *d;
};

static void set_status(struct check_result *res, const char *layer,
		       uint64_t code, const char *name, const char *message)
{
	if (res->status.code != 0)
		return;		/* the first failure is the one seen */
	res->status.layer = layer;
	res->status.code = code;
	res->status.name = name;
	res->status.message = message;
}

/* The config's entries keyed as page entries (and, for QEMU, as the
 * entries QEMU writes for them). */
static int request_keys(struct snp_run *run, bool qemu)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, &run->req->config->cpuid) {
		struct cpuid_entry k = *e;

		if (!k.indexed && cpuid_leaf_is_indexed(k.leaf))
			k.indexed = true;	/* ecx_in 0 on the page */
		if (qemu)
			k = snp_qemu_request_key(&k);
		if (cpuid_set_put(&run->request, &k))
			return -1;
	}
	return 0;
}

static void read_host(struct snp_run *run)
{
	const struct cpuid_entry *e =
		run->req->host ? cpuid_set_lookup(run->req->host, 1, 0) : NULL;

	run->host.fms_known = e != NULL;
	run->host.fms = e ? e->regs[CPUID_REG_EAX] : 0;
}

/* The page (or page-as-config) the firmware would accept. */
static int corrected_output(struct snp_run *run,
			    const struct snp_fw_status *fst)
{
	struct check_result *res = run->res;
	struct snp_page ok;
	unsigned int dups;
	int ret;

	if (!run->have_page) {
		res->corrected_none = "no CPUID page was built (the VMM "
				      "stopped first)";
		return 0;
	}
	if (fst->code && !fst->written_back) {
		res->corrected_none = strpool_printf(&res->pool, "the firmware "
						     "writes nothing back: %s",
						     fst->message);
		return 0;
	}
	ret = snp_firmware_accepted_page(&run->rules, &run->host, &run->page,
					 &ok);
	if (ret < 0)
		return -1;
	if (ret) {
		res->corrected_none = "no page passes: the firmware's "
				      "corrections do not converge";
		return 0;
	}
	if (run->req->page) {
		res->corrected = malloc(SNP_PAGE_SIZE);
		if (!res->corrected)
			return -1;
		snp_page_encode(&ok, res->corrected);
		res->corrected_len = SNP_PAGE_SIZE;
	} else {
		struct strbuf sb = STRBUF_INIT;
		struct config cfg;
		size_t k;

		config_init(&cfg);
		if (snp_page_to_set(&ok, &cfg.cpuid, &dups))
			goto oom;
		for (k = 0; k < run->req->config->ndirectives; k++) {
			const struct directive *dir =
				&run->req->config->directives[k];
			struct diag d;

			if (config_add_directive(&cfg, dir->key,
						 strlen(dir->key), dir->value,
						 strlen(dir->value), "config",
						 dir->line, &d))
				goto oom;
		}
		config_write(&cfg, "certify check --platform snp: the CPUID "
			     "page the firmware accepts, as a config for "
			     "--vmm none", &sb);
		config_release(&cfg);
		if (strbuf_failed(&sb)) {
			strbuf_release(&sb);
			return -1;
		}
		res->corrected = (unsigned char *)sb.buf;
		res->corrected_len = sb.len;
		return 0;
oom:
		config_release(&cfg);
		return -1;
	}
	return 0;
}

static void add_params(struct snp_run *run)
{
	struct check_result *res = run->res;
	const struct snp_params *p = &run->params;

	check_result_param(res, "policy", "0x%" PRIx64, p->policy);
	check_result_param(res, "vmsa_features", "0x%" PRIx64,
			   p->vmsa_features);
	if (!strcmp(run->req->vmm, "qemu")) {
		if (p->has_cbitpos)
			check_result_param(res, "cbitpos", "%" PRIu32,
					   p->cbitpos);
		else
			check_result_param(res, "cbitpos", "the host's");
		check_result_param(res, "reduced_phys_bits", "%" PRIu32,
				   p->reduced_phys_bits);
	}
	if (run->have_page)
		check_result_param(res, "page_entries", "%" PRIu32,
				   run->page.count);
}

static int page_stage(struct snp_run *run)
{
	const struct check_request *req = run->req;
	struct check_result *res = run->res;
	unsigned int dups;

	if (req->page) {
		struct cpuid_set s = CPUID_SET_INIT;

		if (snp_page_read(req->page, &run->page, run->d))
			return 1;
		if (snp_page_to_set(&run->page, &s, &dups) ||
		    cpuid_set_copy(&run->request, &s)) {
			cpuid_set_release(&s);
			return -1;
		}
		cpuid_set_release(&s);
		if (dups)
			check_result_warn(res, "%u page entr%s shadowed by "
					  "an earlier one the guest's lookup "
					  "finds first: the firmware checks "
					  "each, the guest uses the first",
					  dups, dups == 1 ? "y is" : "ies are");
		run->have_page = true;
		return 0;
	}
	if (!strcmp(req->vmm, "qemu")) {
		struct snp_qemu_status qst;

		if (request_keys(run, true) ||
		    snp_qemu_build(&req->config->cpuid, req->host, &run->params,
				   &run->trace, &res->pool, &run->page, &qst))
			return -1;
		if (qst.err) {
			set_status(res, "vmm", (uint64_t)qst.err,
				   qst.err == E2BIG ? "E2BIG" : "EINVAL",
				   qst.message);
			return 0;
		}
		run->have_page = true;
		return 0;
	}
	if (request_keys(run, false))
		return -1;
	snp_page_from_set(&run->request, &run->page);
	run->have_page = true;
	return 0;
}

/*
 * A requested entry the page lacks reads as 0 in the guest, in range or
 * not (snp_cpuid: missing leaves are zeros).
 */
static int absent_read_zero(struct snp_run *run)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, &run->request) {
		struct cpuid_entry z = *e;
		int ret;

		memset(z.regs, 0, sizeof(z.regs));
		memset(z.unknown, 0, sizeof(z.unknown));
		ret = cpuid_set_insert(&run->res->final, &z);
		if (ret && ret != -EEXIST)
			return -1;
	}
	return 0;
}

/* Requested entries the VMM left out of the page: the guest reads 0. */
static void note_absent(struct snp_run *run)
{
	struct cpuid_set keys = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	bool qemu = !strcmp(run->req->vmm, "qemu");
	unsigned int dups, reg;

	if (snp_page_to_set(&run->page, &keys, &dups)) {
		run->trace.failed = true;
		goto out;
	}
	cpuid_set_for_each(e, &run->request) {
		struct cpuid_entry k = *e;
		struct bit_note bn = {
			.strength = NOTE_CHANGE,
			.class = "not-in-page",
			.layer = qemu ? "vmm" : "config",
			.rule = qemu ? "kvm_x86_build_cpuid" : "snp_page_from_set",
			.source = qemu ? "qemu/qemu target/i386/kvm/kvm.c" :
					 "certify snp/snp_page.c",
			.note = qemu ? "QEMU does not put this entry in the "
				       "page (its enumeration stops before it "
				       "or drops it): the guest reads 0" :
				       "beyond the 64 entries a page holds: "
				       "the guest reads 0",
		};

		if (cpuid_set_find(&keys, k.leaf, k.indexed, k.subleaf))
			continue;
		memset(k.regs, 0, sizeof(k.regs));
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			trace_note(&run->trace, &k, reg, 0xffffffffu, &bn);
	}
out:
	cpuid_set_release(&keys);
}

static int run_stages(struct snp_run *run)
{
	struct check_result *res = run->res;
	struct snp_launch_status lst;
	struct snp_guest_status gst;
	struct snp_fw_status fst = { 0 };
	unsigned int dups;
	int ret;

	read_host(run);
	snp_launch_start(&run->params, run->req->rules->version, run->req->host,
			 !strcmp(run->req->kvm, "mainline"), res, &lst);
	if (lst.layer)
		set_status(res, lst.layer, lst.code, lst.name, lst.message);
	ret = page_stage(run);
	if (ret)
		return ret;
	if (run->have_page) {
		note_absent(run);
		if (snp_firmware_launch_update(&run->rules, &run->host,
					       &run->page, &run->out,
					       &run->trace, res, &fst))
			return -1;
		if (fst.code)
			set_status(res, "sev-firmware", fst.code,
				   "INVALID_PARAM", fst.message);
		if (!run->host.fms_known)
			check_result_warn(res, "no --host: the firmware "
					  "compares leaf 1 and 0x80000001 "
					  "F/M/S with the host's; assumed "
					  "not newer");
		if (snp_guest_view(&run->out, &run->trace, &res->pool, &gst))
			return -1;
		if (gst.term && !fst.code) {
			set_status(res, "guest", gst.term, gst.name,
				   gst.message);
			if (gst.has_leaf) {
				res->status.has_leaf = true;
				res->status.leaf = gst.leaf;
			}
		}
		if (!cpuid_set_lookup(&run->request, 0, 0) &&
		    !run->req->page)
			check_result_warn(res, "no leaf 0x0: the guest's "
					  "standard range is empty, every "
					  "standard leaf reads 0");
		if (snp_page_to_set(&run->out, &res->final, &dups) ||
		    absent_read_zero(run))
			return -1;
	}
	add_params(run);
	if (corrected_output(run, &fst) ||
	    trace_to_findings(&run->trace, &run->request, res, NULL, NULL))
		return -1;
	check_result_finish(res, &run->request);
	return 0;
}

int snp_check(const struct check_request *req, struct check_result *res,
	      struct diag *d)
{
	struct snp_run *run = calloc(1, sizeof(*run));
	struct config none;
	int ret = -1;

	if (!run) {
		diag_set(d, "certify", 0, "out of memory");
		return -1;
	}
	config_init(&none);
	run->req = req;
	run->res = res;
	run->d = d;
	cpuid_set_init(&run->request);
	trace_init(&run->trace);
	if (snp_rules_read(req->rules, &run->rules, d))
		goto out;
	if (snp_params_read(req->config ? req->config : &none, &run->params,
			    d))
		goto out_rules;
	res->platform = "snp";
	res->ruleset = req->rules->name;
	res->ruleset_version = req->rules->version;
	res->ruleset_source = req->rules->source;
	res->vmm = req->vmm;
	res->kvm = req->kvm;
	res->status.name = "SUCCESS";
	res->status.layer = "sev-firmware";
	ret = run_stages(run);
	if (ret < 0)
		diag_set(d, "certify", 0, "out of memory");
	else if (ret > 0)
		ret = -1;	/* bad input, @d says why */
out_rules:
	snp_rules_release(&run->rules);
out:
	cpuid_set_release(&run->request);
	trace_release(&run->trace);
	config_release(&none);
	free(run);
	return ret;
}

int snp_check_page(const struct check_request *req, struct snp_page *page,
		   struct diag *d)
{
	struct snp_run *run = calloc(1, sizeof(*run));
	struct check_result scratch;
	struct config none;
	int ret = -1;

	if (!run) {
		diag_set(d, "certify", 0, "out of memory");
		return -1;
	}
	config_init(&none);
	check_result_init(&scratch);
	run->req = req;
	run->res = &scratch;
	run->d = d;
	cpuid_set_init(&run->request);
	trace_init(&run->trace);
	if (snp_params_read(req->config ? req->config : &none, &run->params,
			    d))
		goto out;
	ret = page_stage(run);
	if (ret < 0) {
		diag_set(d, "certify", 0, "out of memory");
	} else if (ret > 0) {
		ret = -1;	/* bad input, @d says why */
	} else if (!run->have_page) {
		diag_set(d, req->vmm, 0, "builds no CPUID page: %s",
			 scratch.status.message ? scratch.status.message :
						  "it stops first");
		ret = 1;
	} else {
		*page = run->page;
	}
out:
	cpuid_set_release(&run->request);
	trace_release(&run->trace);
	check_result_release(&scratch);
	config_release(&none);
	free(run);
	return ret;
}
