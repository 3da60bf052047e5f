// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>

#include "certify/feature_table.h"
#include "certify/kvm.h"
#include "certify/trace.h"
#include "kvm_check.h"
#include "kvm_model.h"
#include "kvm_rules.h"

#define KVM_CPUID_SOURCE "torvalds/linux arch/x86/kvm/cpuid.c"

struct kvm_run {
	const struct check_request *req;
	struct check_result *res;
	const struct kvm_rules *rules;
	struct cpuid_set request;
	struct cpuid_set kvm_view;	/* what KVM hands the guest */
	struct trace trace;
	const char *capture_source;	/* "captured ... (rule set NAME)" */
	unsigned int not_probed;	/* requested entries the capture lacks */
};

static void note(struct kvm_run *run, const struct cpuid_entry *key,
		 unsigned int reg, uint32_t mask, enum note_strength strength,
		 enum verdict v, bool host_value, const char *cls,
		 const char *layer, const char *rule, const char *source,
		 const char *text)
{
	struct bit_note bn = {
		.strength = strength,
		.verdict = v,
		.host_value = host_value,
		.class = cls,
		.layer = layer,
		.rule = rule,
		.source = source,
		.note = text,
	};

	if (mask)
		trace_note(&run->trace, key, reg, mask, &bn);
}

static const char *special_source(struct kvm_run *run, enum kvm_special sp)
{
	return strpool_printf(&run->res->pool, "%s %s",
			      run->rules->rs->source, run->rules->special[sp].file);
}

/* Every bit of a requested register: KVM hands the table's value on. */
static void note_table(struct kvm_run *run, const struct cpuid_entry *e)
{
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++)
		note(run, e, reg, 0xffffffffu, NOTE_CLASS, VERDICT_AS_CONFIGURED,
		     false, "kvm-table", "kvm", "kvm_cpuid", KVM_CPUID_SOURCE,
		     NULL);
}

/*
 * Requested features of KVM's feature words that this machine's KVM does
 * not list in KVM_GET_SUPPORTED_CPUID: the guest sees them (KVM passes
 * the table on) but nothing backs them, except what KVM emulates.
 */
static void note_support(struct kvm_run *run, const struct cpuid_entry *e,
			 const struct cpuid_entry *fin)
{
	const struct kvm_rules *rules = run->rules;
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		const struct kvm_feature_word *w =
			kvm_feature_word(rules, e->leaf, e->subleaf, reg);
		const struct cpuid_entry *s, *m;
		uint32_t want, sup, emu;
		const char *src;

		if (!w)
			continue;
		s = cpuid_set_lookup(&rules->supported, e->leaf, e->subleaf);
		m = cpuid_set_lookup(&rules->emulated, e->leaf, e->subleaf);
		sup = s ? s->regs[reg] : 0;
		emu = m ? m->regs[reg] : 0;
		want = e->regs[reg] & (fin ? fin->regs[reg] : 0);
		src = strpool_printf(&run->res->pool, "KVM_GET_SUPPORTED_CPUID "
				     "%s (%s)", w->name, rules->rs->name);
		note(run, e, reg, want & sup, NOTE_CLASS, VERDICT_AS_CONFIGURED,
		     false, "kvm-supported", "kvm", "KVM_GET_SUPPORTED_CPUID",
		     src, NULL);
		note(run, e, reg, want & ~sup & emu, NOTE_CLASS,
		     VERDICT_AS_CONFIGURED, false, "kvm-emulated", "kvm",
		     "KVM_GET_EMULATED_CPUID", src,
		     "not in KVM_GET_SUPPORTED_CPUID but in "
		     "KVM_GET_EMULATED_CPUID: KVM emulates the instruction "
		     "(each use traps), the CPU does not run it for the guest");
		note(run, e, reg, want & ~sup & ~emu, NOTE_FINAL,
		     VERDICT_UNTRUSTED, false, "kvm-unsupported", "kvm",
		     "KVM_GET_SUPPORTED_CPUID", src,
		     "KVM_GET_SUPPORTED_CPUID does not list it: the guest "
		     "sees the bit because the table says so, but KVM does "
		     "not back the feature; a guest that uses it may fault "
		     "or misbehave");
	}
}

static void note_runtime(struct kvm_run *run, const struct cpuid_entry *e)
{
	unsigned int reg;

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		enum kvm_special sp = KVM_SP_COUNT;
		uint32_t mask = kvm_model_runtime_mask(run->rules,
						       &run->request, e->leaf,
						       e->subleaf, reg, &sp);
		bool vcpu = sp == KVM_SP_APIC_ID;

		if (!mask)
			continue;
		note(run, e, reg, mask, NOTE_FINAL, VERDICT_RUNTIME, false,
		     vcpu ? "per-vcpu" : "runtime", vcpu ? "vmm" : "kvm",
		     kvm_special_name(sp), special_source(run, sp),
		     strpool_printf(&run->res->pool, "%s%s",
				    run->rules->special[sp].text,
				    vcpu ? " (vCPU 0 reads the configured value)"
					 : " (shown for a vCPU just out of "
					   "reset: CR4 = 0, XCR0 = 1, XSS = 0)"));
	}
}

/* The layers under KVM, as captured: the final value of @e's entry. */
static void below_stage(struct kvm_run *run, const struct cpuid_entry *e,
			struct cpuid_entry *fin)
{
	uint32_t f0[CPUID_NR_REGS], f1[CPUID_NR_REGS], v[CPUID_NR_REGS];
	unsigned int reg;

	if (!run->rules->captured)
		return;
	if (!kvm_below(run->rules, e->leaf, e->subleaf, f0, f1, v)) {
		run->not_probed++;
		return;
	}
	kvm_model_below(run->rules, fin, NULL);
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		note(run, e, reg, f0[reg] | f1[reg], NOTE_CHANGE,
		     VERDICT_FORCED, false, "below-kvm", "host", "captured",
		     run->capture_source,
		     "the layers under KVM (the CPU, or the hypervisor KVM "
		     "itself runs in) give the guest this value whatever "
		     "KVM's table says; learned by the capture's probe guest");
		fin->regs[reg] &= ~v[reg];
		fin->unknown[reg] |= v[reg];
		note(run, e, reg, v[reg], NOTE_FINAL, VERDICT_NATIVE, true,
		     "below-kvm-varies", "host", "captured",
		     run->capture_source,
		     "the capture saw the layers under KVM change this bit in "
		     "a way that neither passes nor fixes it: not predicted");
	}
}

static void set_refusal(struct kvm_run *run, const struct kvm_refusal *r)
{
	struct check_result *res = run->res;
	const struct cpuid_entry *e;

	res->status.layer = "kvm";
	res->status.code = (uint64_t)r->err;
	res->status.name = kvm_errno_name(r->err);
	res->status.message = strpool_printf(&res->pool, "KVM_SET_CPUID2 "
					     "fails with -%s: %s",
					     kvm_errno_name(r->err),
					     r->message);
	if (!r->has_leaf)
		return;
	res->status.has_leaf = true;
	res->status.leaf = r->leaf;
	res->status.has_subleaf = r->leaf == 0xd;
	res->status.subleaf = r->subleaf;
	e = cpuid_set_lookup(&run->request, r->leaf, r->subleaf);
	if (!e)
		return;
	switch (r->rule) {
	case KVM_SP_VADDR_BITS: {
		struct cpuid_field f = CPUID_FIELD_VIRT_ADDR_BITS;

		note(run, e, f.reg, cpuid_field_mask(&f), NOTE_REJECT,
		     VERDICT_REJECTED, false, "kvm-check", "kvm",
		     kvm_special_name(r->rule), special_source(run, r->rule),
		     run->rules->special[r->rule].text);
		break;
	}
	case KVM_SP_XFD_PERMISSION: {
		struct cpuid_field f = CPUID_FEATURE_XCR0_TILEDATA;

		note(run, e, f.reg, cpuid_field_mask(&f), NOTE_REJECT,
		     VERDICT_REJECTED, false, "kvm-check", "kvm",
		     kvm_special_name(r->rule), special_source(run, r->rule),
		     run->rules->special[r->rule].text);
		break;
	}
	default:
		break;
	}
}

static void add_params(struct kvm_run *run)
{
	struct check_result *res = run->res;
	size_t i;

	check_result_param(res, "entries", "%zu", run->request.n);
	check_result_param(res, "captured", "%s",
			   run->rules->captured ? "yes" : "no");
	for (i = 0; i < run->rules->nfacts; i++)
		check_result_param(res, strpool_printf(&res->pool,
						       "captured_%s",
						       run->rules->facts[i].key),
				   "%s", run->rules->facts[i].value);
}

static void warn_foreign_directives(struct kvm_run *run)
{
	const struct config *cfg = run->req->config;
	size_t i;

	for (i = 0; i < cfg->ndirectives; i++) {
		const struct directive *dir = &cfg->directives[i];

		check_result_warn(run->res, "%s:%u: %s does nothing on "
				  "platform kvm (KVM_SET_CPUID2 takes only "
				  "the CPUID table)", cfg->source ?
				  cfg->source : "config", dir->line, dir->key);
	}
}

static int run_stages(struct kvm_run *run)
{
	struct check_result *res = run->res;
	struct kvm_refusal refusal;
	const struct cpuid_entry *e;

	warn_foreign_directives(run);
	if (cpuid_set_copy(&run->request, &run->req->config->cpuid))
		return -1;
	if (kvm_model_refusal(run->rules, &run->request,
			      kvm_model_xtile_permitted(run->rules), &refusal))
		set_refusal(run, &refusal);
	if (kvm_model_kvm_view(run->rules, &run->request, &run->kvm_view))
		return -1;
	cpuid_set_for_each(e, &run->request) {
		struct cpuid_entry fin =
			*cpuid_set_find(&run->kvm_view, e->leaf, e->indexed,
					e->subleaf);

		note_table(run, e);
		below_stage(run, e, &fin);
		if (run->rules->has_support)
			note_support(run, e, &fin);
		note_runtime(run, e);
		if (cpuid_set_insert(&res->final, &fin))
			return -1;
	}
	if (!run->rules->has_support)
		check_result_warn(res, "rule set %s has no KVM_GET_SUPPORTED_"
				  "CPUID: which requested features the host's "
				  "KVM backs is not checked (capture it on "
				  "the host with certify probe --platform kvm "
				  "--capture FILE, then --rules FILE)",
				  run->rules->rs->name);
	if (!run->rules->captured)
		check_result_warn(res, "rule set %s has no capture of what "
				  "the layers under KVM (the CPU, an outer "
				  "hypervisor) change: predicted as KVM hands "
				  "the table on", run->rules->rs->name);
	if (run->not_probed)
		check_result_warn(res, "%u requested entr%s not probed by "
				  "the capture: predicted as KVM hands %s on",
				  run->not_probed,
				  run->not_probed == 1 ? "y was" : "ies were",
				  run->not_probed == 1 ? "it" : "them");
	add_params(run);
	if (trace_to_findings(&run->trace, &run->request, res, NULL, NULL))
		return -1;
	check_result_finish(res, &run->request);
	return res->pool.failed ? -1 : 0;
}

int kvm_check_rules(const struct check_request *req,
		    const struct kvm_rules *rules, struct check_result *res,
		    struct diag *d)
{
	struct kvm_run run = { .req = req, .res = res, .rules = rules };
	int ret;

	if (req->page) {
		diag_set(d, req->page->name, 0, "platform kvm takes a config "
			 "(--config), not an SNP CPUID page");
		return -1;
	}
	if (!req->config) {
		diag_set(d, "certify", 0, "platform kvm needs --config");
		return -1;
	}
	if (strcmp(req->vmm, "none")) {
		diag_set(d, "certify", 0, "platform kvm models the table a "
			 "VMM hands KVM_SET_CPUID2 (--vmm none), not --vmm %s",
			 req->vmm);
		return -1;
	}
	trace_init(&run.trace);
	res->platform = "kvm";
	res->ruleset = rules->rs->name;
	res->ruleset_version = rules->rs->version;
	res->ruleset_source = rules->rs->source;
	res->vmm = req->vmm;
	res->kvm = "mainline";
	res->status.layer = "kvm";
	res->status.name = "SUCCESS";
	run.capture_source = strpool_printf(&res->pool, "certify probe "
					    "--capture (rule set %s)",
					    rules->rs->name);
	ret = run_stages(&run);
	if (ret)
		diag_set(d, "certify", 0, "out of memory");
	cpuid_set_release(&run.request);
	cpuid_set_release(&run.kvm_view);
	trace_release(&run.trace);
	return ret;
}

int kvm_check(const struct check_request *req, struct check_result *res,
	      struct diag *d)
{
	struct kvm_rules rules;
	int ret;

	if (kvm_rules_read(req->rules, &rules, d))
		return -1;
	ret = kvm_check_rules(req, &rules, res, d);
	kvm_rules_release(&rules);
	return ret;
}
