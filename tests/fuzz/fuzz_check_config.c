// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for `certify check --config FILE`: a config (CPUID lines
 * and tdx.* / snp.* directives) through both platforms' pipelines, every
 * VMM and KVM layer, against embedded hosts, rendered as text and JSON.
 * A config that reads must give a result or a clear error, never a crash;
 * for SNP, a written-back page always has an accepted form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certify/dump.h"
#include "certify/embedded.h"
#include "reports/render.h"
#include "snp/snp_check.h"
#include "tdx/tdx_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_embedded(const char *name, struct config *cfg)
{
	const struct embedded_file *f = embedded_input(name);
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct input in;
	struct diag d;

	config_init(cfg);
	if (!f || input_from_buffer(&in, name, f->data, f->len) ||
	    dump_read(&in, &opts, cfg, &d))
		abort();
	input_release(&in);
}

static void run(int (*check)(const struct check_request *,
			     struct check_result *, struct diag *),
		const struct check_request *req, bool all)
{
	struct strbuf out = STRBUF_INIT;
	struct check_result res;
	struct diag d;

	check_result_init(&res);
	diag_clear(&d);
	if (check(req, &res, &d) == 0) {
		if (!strcmp(res.platform, "snp") &&
		    res.status.code == 0x16 && !strcmp(res.status.layer,
						       "sev-firmware") &&
		    res.ncorrections && !res.corrected &&
		    !res.corrected_none)
			abort();	/* a write-back, but nothing to write */
		render_check_text(&res, all, &out);
		render_check_json(&res, !all, &out);
		if (strbuf_failed(&out))
			abort();
	} else if (!diag_is_set(&d)) {
		abort();
	}
	strbuf_release(&out);
	check_result_release(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config intel, amd;
	static struct ruleset tdx, snp;
	static int ready;
	struct dump_opts opts = { .format = DUMP_CONFIG, .cpu = -1 };
	struct check_request req = { 0 };
	struct config cfg;
	struct input in;
	struct diag d;

	if (!ready) {
		read_embedded("intel-xeon-6788p", &intel);
		read_embedded("amd-epyc-9334", &amd);
		if (ruleset_load_embedded(ruleset_newest("tdx"), &tdx, &d) ||
		    ruleset_load_embedded(ruleset_newest("snp"), &snp, &d))
			abort();
		ready = 1;
	}
	if (input_from_buffer(&in, "fuzz", data, size))
		return 0;
	config_init(&cfg);
	if (dump_read(&in, &opts, &cfg, &d))
		goto out;
	req.config = &cfg;
	req.kvm = size & 1 ? "none" : "mainline";
	req.vmm = size & 2 ? "qemu" : "none";
	req.host = size & 4 ? &intel.cpuid : NULL;
	req.rules = &tdx;
	run(tdx_check, &req, size & 8);
	req.host = size & 4 ? &amd.cpuid : NULL;
	req.rules = &snp;
	run(snp_check, &req, size & 8);
out:
	config_release(&cfg);
	input_release(&in);
	return 0;
}
