// SPDX-License-Identifier: MIT
/*
 * `make bench`: how many checks per second (rule-set parse, the VMM, KVM,
 * module or firmware and guest layers, findings, text and JSON rendering):
 * TDX on the embedded example and Intel host per module version, SNP on
 * the embedded AMD host as QEMU's CPU model; each per VMM layer; KVM on
 * the embedded AMD host as a KVM_SET_CPUID2 table.  Prints
 * figures; never fails on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "certify/dump.h"
#include "certify/embedded.h"
#include "certify/ruleset.h"
#include "kvm/kvm_check.h"
#include "reports/render.h"
#include "snp/snp_check.h"
#include "tdx/tdx_check.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void read_embedded(const char *name, struct config *cfg)
{
	const struct embedded_file *f = embedded_input(name);
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct input in;
	struct diag d;

	config_init(cfg);
	if (!f || input_from_buffer(&in, name, f->data, f->len) ||
	    dump_read(&in, &opts, cfg, &d)) {
		printf("embedded:%s unreadable\n", name);
		exit(1);
	}
	input_release(&in);
}

static void bench(int (*check)(const struct check_request *,
			       struct check_result *, struct diag *),
		  const char *rules, const char *vmm,
		  const struct config *cfg, const struct config *host)
{
	struct check_request req = {
		.config = cfg, .host = &host->cpuid, .vmm = vmm,
		.kvm = "mainline",
	};
	unsigned int i, rounds = 200;
	size_t bytes = 0, findings = 0;
	double start, secs;

	start = now();
	for (i = 0; i < rounds; i++) {
		struct strbuf out = STRBUF_INIT;
		struct check_result res;
		struct ruleset rs;
		struct diag d;

		check_result_init(&res);
		if (ruleset_load_embedded(rules, &rs, &d)) {
			printf("%s: %s\n", rules, d.msg);
			exit(1);
		}
		req.rules = &rs;
		if (check(&req, &res, &d)) {
			printf("%s: %s\n", rules, d.msg);
			exit(1);
		}
		render_check_text(&res, false, &out);
		render_check_json(&res, true, &out);
		bytes += out.len;
		findings = res.nfindings;
		strbuf_release(&out);
		check_result_release(&res);
		ruleset_release(&rs);
	}
	secs = now() - start;
	printf("check %-12s --vmm %-5s %8.0f checks/s  %6.2f ms each  "
	       "(%zu findings, %zu output bytes each)\n", rules, vmm,
	       rounds / secs, 1e3 * secs / rounds, findings, bytes / rounds);
}

int main(void)
{
	static const char *const versions[] = {
		"tdx-1.0.00", "tdx-1.5.06", "tdx-1.5.34", "tdx-2.0.18",
	};
	struct config cfg, host, amd;
	size_t i;

	read_embedded("tdx-example", &cfg);
	read_embedded("intel-xeon-6788p", &host);
	read_embedded("amd-epyc-9334", &amd);
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		bench(tdx_check, versions[i], "none", &cfg, &host);
		bench(tdx_check, versions[i], "qemu", &cfg, &host);
	}
	bench(snp_check, "snp-genoa-1.55.25", "none", &amd, &amd);
	bench(snp_check, "snp-genoa-1.55.25", "qemu", &amd, &amd);
	bench(kvm_check, "kvm-6.18", "none", &amd, &amd);
	config_release(&cfg);
	config_release(&host);
	config_release(&amd);
	return 0;
}
