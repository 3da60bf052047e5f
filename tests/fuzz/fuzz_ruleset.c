// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for rule-set files (--rules FILE, certify rules show and
 * diff): the record reader, the TDX, SNP or KVM semantic reader, and then
 * a whole check with the fuzzed rules (TDX: the embedded example on the
 * embedded Intel host; SNP: QEMU's page for the embedded AMD host; KVM:
 * the embedded AMD host as the table, as a capture file would be used),
 * through both VMM layers, rendered as text and JSON.  A rule set the
 * readers accept must never make the module model misbehave; a refused one
 * must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certify/check.h"
#include "certify/dump.h"
#include "certify/embedded.h"
#include "certify/ruleset.h"
#include "kvm/kvm_check.h"
#include "kvm/kvm_rules.h"
#include "kvm/kvm_rules_diff.h"
#include "reports/render.h"
#include "snp/snp_check.h"
#include "snp/snp_rules_diff.h"
#include "tdx/tdx_check.h"
#include "tdx/tdx_rules_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_embedded(const char *name, struct config *cfg)
{
	const struct embedded_file *f = embedded_input(name);
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct input in;
	struct diag d;

	config_init(cfg);
	if (!f || input_from_buffer(&in, name, f->data, f->len))
		abort();
	if (dump_read(&in, &opts, cfg, &d))
		abort();
	input_release(&in);
}

static void run_check(int (*check)(const struct check_request *,
				   struct check_result *, struct diag *),
		      const struct ruleset *rs, const struct config *cfg,
		      const struct config *host, const char *vmm,
		      const char *kvm)
{
	struct check_request req = {
		.config = cfg, .host = &host->cpuid, .rules = rs,
		.vmm = vmm, .kvm = kvm,
	};
	struct strbuf out = STRBUF_INIT;
	struct check_result res;
	struct diag d;

	check_result_init(&res);
	diag_clear(&d);
	if (check(&req, &res, &d) == 0) {
		render_check_text(&res, true, &out);
		render_check_json(&res, false, &out);
	} else if (!diag_is_set(&d)) {
		abort();
	}
	strbuf_release(&out);
	check_result_release(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg, host, amd;
	static struct ruleset newest, snp_newest, kvm_newest;
	static int ready;
	struct strbuf out = STRBUF_INIT;
	struct ruleset rs;
	struct input in;
	struct diag d;

	if (!ready) {
		read_embedded("tdx-example", &cfg);
		read_embedded("intel-xeon-6788p", &host);
		read_embedded("amd-epyc-9334", &amd);
		if (ruleset_load_embedded(ruleset_newest("tdx"), &newest, &d) ||
		    ruleset_load_embedded(ruleset_newest("snp"), &snp_newest,
					  &d) ||
		    ruleset_load_embedded(ruleset_newest("kvm"), &kvm_newest,
					  &d))
			abort();
		ready = 1;
	}
	if (input_from_buffer(&in, "fuzz", data, size))
		return 0;
	ruleset_init(&rs);
	diag_clear(&d);
	if (ruleset_parse(&in, "fuzz", &rs, &d)) {
		if (!diag_is_set(&d))
			abort();
		goto out;
	}
	if (!strcmp(rs.platform, "snp")) {
		if (snp_rules_validate(&rs, &d)) {
			if (!diag_is_set(&d))
				abort();
			goto out;
		}
		if (snp_rules_diff(&snp_newest, &rs, &out, &d) ||
		    strbuf_failed(&out))
			abort();
		run_check(snp_check, &rs, &amd, &amd, "none", "mainline");
		run_check(snp_check, &rs, &amd, &amd, "qemu", "mainline");
		goto out;
	}
	if (!strcmp(rs.platform, "kvm")) {
		if (kvm_rules_validate(&rs, &d)) {
			if (!diag_is_set(&d))
				abort();
			goto out;
		}
		if (kvm_rules_diff(&kvm_newest, &rs, &out, &d) ||
		    strbuf_failed(&out))
			abort();
		run_check(kvm_check, &rs, &amd, &amd, "none", "mainline");
		goto out;
	}
	if (strcmp(rs.platform, "tdx"))
		goto out;
	if (tdx_rules_validate(&rs, &d)) {
		if (!diag_is_set(&d))
			abort();
		goto out;
	}
	if (tdx_rules_diff(&newest, &rs, &out, &d) || strbuf_failed(&out))
		abort();
	run_check(tdx_check, &rs, &cfg, &host, "none", "mainline");
	run_check(tdx_check, &rs, &cfg, &host, "qemu", "mainline");
	run_check(tdx_check, &rs, &cfg, &host, "none", "none");
out:
	strbuf_release(&out);
	ruleset_release(&rs);
	input_release(&in);
	return 0;
}
