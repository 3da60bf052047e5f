// SPDX-License-Identifier: MIT
/*
 * certify check: what a platform does with a CPUID configuration
 * (DESIGN.md §1, §4); certify probe: the same on this machine's hardware
 * through KVM, the model beside it (DESIGN.md §6).  One command line,
 * one report: a probe's report is a check's with the hardware's answer.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "cli.h"
#include "platforms.h"
#include "../kvm.h"
#include "../probe.h"
#include "../../reports/cose.h"
#include "../../reports/render.h"

static const char check_usage[] =
	"certify check --platform tdx|snp|kvm --config FILE [--rules NAME|FILE] "
	"[--host DUMP]\n"
	"       [--host-cpu N] [--vmm none|qemu] [--kvm mainline|none] "
	"[--format text|json]\n"
	"       [--all] [--strict] [-o FILE] [--sign KEY [--alg ALG] -o REPORT]\n"
	"certify check --platform snp --page PAGE [...] [--write-corrected "
	"FILE]\n"
	"--format: text, json, md, html, junit, sarif.  With --sign, -o is "
	"the signed\n"
	"report (COSE_Sign1) and the rendering goes to standard output.\n"
	"FILE and DUMP are configs or dumps ('-' is standard input, "
	"embedded:NAME an\n"
	"embedded example or reference host); PAGE is a 4096-byte SNP CPUID "
	"page.\n"
	"Exit status: 0 accepted, 1 rejected (--strict: also when accepted "
	"with\n"
	"changes), 3 bad input.\n";

static const char probe_usage[] =
	"certify probe --platform kvm|tdx|snp --config FILE [--rules "
	"NAME|FILE]\n"
	"       [--host DUMP] [--host-cpu N] [--vmm none|qemu] "
	"[--format FORMAT] [--all]\n"
	"       [--strict] [-o FILE] [--sign KEY [--alg ALG] -o REPORT]\n"
	"certify probe --platform snp --page PAGE [...]\n"
	"certify probe --platform kvm|snp --capture FILE [--rules NAME|FILE]\n"
	"Runs the request through this machine's KVM (/dev/kvm; TDX and SNP "
	"need their\n"
	"VM types) with the model beside it: what the hardware did, and every "
	"bit where\n"
	"the model says otherwise (model-mismatch).  --capture writes what "
	"this machine\n"
	"does as a rule set for certify check --rules.\n"
	"Exit status: 0 accepted, 1 rejected, 2 usage, 3 bad input, 4 no "
	"such hardware.\n";

struct check_args {
	bool probe;
	const char *usage;
	const char *capture;
	const char *platform;
	const char *config;
	const char *rules;
	const char *host;
	int host_cpu;
	const char *vmm;
	const char *kvm;
	const char *format;
	const char *output;
	const char *page;
	const char *write_corrected;
	const char *sign;
	const char *alg;
	int alg_id;
	enum render_format fmt;
	bool all;
	bool strict;
};

static int parse(int argc, char **argv, struct check_args *a)
{
	static const struct option longopts[] = {
		{ "platform", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "host", required_argument, NULL, 'H' },
		{ "host-cpu", required_argument, NULL, 'C' },
		{ "vmm", required_argument, NULL, 'v' },
		{ "kvm", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "strict", no_argument, NULL, 's' },
		{ "page", required_argument, NULL, 'P' },
		{ "write-corrected", required_argument, NULL, 'W' },
		{ "sign", required_argument, NULL, 'S' },
		{ "alg", required_argument, NULL, 'A' },
		{ "capture", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct platform *p;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			a->platform = optarg;
			break;
		case 'c':
			a->config = optarg;
			break;
		case 'r':
			a->rules = optarg;
			break;
		case 'H':
			a->host = optarg;
			break;
		case 'C':
			a->host_cpu = cli_parse_cpu(optarg);
			if (a->host_cpu < 0)
				return cli_usage_error(a->usage,
						       "bad --host-cpu '%s'",
						       optarg);
			break;
		case 'v':
			a->vmm = optarg;
			break;
		case 'k':
			a->kvm = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'a':
			a->all = true;
			break;
		case 's':
			a->strict = true;
			break;
		case 'P':
			a->page = optarg;
			break;
		case 'W':
			a->write_corrected = optarg;
			break;
		case 'S':
			a->sign = optarg;
			break;
		case 'A':
			a->alg = optarg;
			break;
		case 'X':
			if (!a->probe)
				return cli_usage_error(a->usage, "--capture is "
						       "for certify probe");
			a->capture = optarg;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(a->usage, stdout);
			return -1;
		default:
			return cli_usage_error(a->usage, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error(a->usage, "unexpected argument '%s'",
				       argv[optind]);
	if (!a->platform || (!a->config && !a->page && !a->capture))
		return cli_usage_error(a->usage, "--platform and --config "
				       "(or --page) are needed");
	p = platform_find(a->platform);
	if (!p)
		return cli_usage_error(a->usage, "unknown platform '%s'",
				       a->platform);
	if (a->probe && !p->probe)
		return cli_usage_error(a->usage, "platform %s has no probe",
				       a->platform);
	if (a->capture && !p->capture)
		return cli_usage_error(a->usage, "platform %s has no capture",
				       a->platform);
	if (a->capture && (a->page || a->sign || a->write_corrected))
		return cli_usage_error(a->usage, "--capture writes a rule set: "
				       "no --page, --sign or "
				       "--write-corrected");
	if (!strcmp(a->platform, "kvm") && strcmp(a->vmm, "none"))
		return cli_usage_error(a->usage, "platform kvm takes the table "
				       "a VMM hands KVM_SET_CPUID2: --vmm "
				       "none only");
	if ((a->probe || !strcmp(a->platform, "kvm")) &&
	    strcmp(a->kvm, "mainline"))
		return cli_usage_error(a->usage, "%s goes through KVM: --kvm "
				       "mainline only", a->probe ?
				       "certify probe" : "platform kvm");
	if (a->page && strcmp(a->platform, "snp"))
		return cli_usage_error(a->usage, "--page is for --platform "
				       "snp");
	if (a->page && a->config)
		return cli_usage_error(a->usage, "--config and --page "
				       "exclude each other");
	if (a->page && !strcmp(a->vmm, "qemu"))
		return cli_usage_error(a->usage, "--vmm qemu builds the page"
				       " from a --config");
	if (a->write_corrected && strcmp(a->platform, "snp"))
		return cli_usage_error(a->usage, "--write-corrected is for "
				       "--platform snp");
	if (strcmp(a->vmm, "none") && strcmp(a->vmm, "qemu"))
		return cli_usage_error(a->usage, "--vmm is none or qemu");
	if (strcmp(a->kvm, "mainline") && strcmp(a->kvm, "none"))
		return cli_usage_error(a->usage,
				       "--kvm is mainline or none");
	if (render_format_parse(a->format) < 0)
		return cli_usage_error(a->usage, "--format is text, json, "
				       "md, html, junit or sarif");
	a->fmt = (enum render_format)render_format_parse(a->format);
	if (a->alg && cose_alg_parse(a->alg, &a->alg_id))
		return cli_usage_error(a->usage, "--alg is EdDSA (-8), "
				       "Ed25519 (-19), ES384 (-35) or ESP384 "
				       "(-51)");
	if (a->alg && !a->sign)
		return cli_usage_error(a->usage, "--alg goes with --sign");
	if (a->sign && !strcmp(a->output, "-"))
		return cli_usage_error(a->usage, "--sign KEY needs -o REPORT"
				       " (the signed report is binary)");
	return 0;
}

/* --write-corrected: what the platform would accept, or why there is
 * nothing (then exit 1: the request cannot be made acceptable here). */
static int write_corrected(const char *path, const struct check_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (!res->corrected) {
		cli_error("--write-corrected: %s", res->corrected_none ?
			  res->corrected_none : "nothing to write");
		return EXIT_NOT_CERTIFIED;
	}
	strbuf_add(&sb, res->corrected, res->corrected_len);
	ret = cli_write_output(path, &sb);
	strbuf_release(&sb);
	return ret;
}

/* The signed report: COSE_Sign1 over the payload, written whole. */
static int sign_report(const struct check_args *a, const struct report *rep)
{
	struct strbuf payload = STRBUF_INIT, msg = STRBUF_INIT;
	struct cose_key key = { 0 };
	bool loose = false;
	struct diag d;
	int alg, ret = EXIT_ENVIRONMENT;

	diag_clear(&d);
	if (cose_key_load_private(a->sign, &key, &loose, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	if (loose)
		cli_error("warning: %s is readable by group or others; a "
			  "signing key should be mode 0600", a->sign);
	alg = a->alg ? a->alg_id : key.ed25519 ? COSE_ALG_EDDSA :
						  COSE_ALG_ES384;
	if (!cose_alg_fits(alg, &key)) {
		cli_error("--alg %s does not fit the key in %s (%s)",
			  cose_alg_name(alg), a->sign,
			  key.ed25519 ? "Ed25519" : "P-384");
		ret = EXIT_USAGE;
		goto out;
	}
	if (report_encode(rep, &payload)) {
		cli_error("cannot encode the report");
		goto out;
	}
	if (cose_sign1(&key, alg, REPORT_CONTENT_TYPE,
		       (const uint8_t *)strbuf_str(&payload), payload.len, &msg,
		       &d)) {
		fprintf(stderr, "%s\n", d.msg);
		goto out;
	}
	ret = cli_write_output(a->output, &msg);
out:
	strbuf_release(&payload);
	strbuf_release(&msg);
	cose_key_release(&key);
	return ret;
}

/* "kvm-here" of "captures/kvm-here.rules": a rule-set name. */
static void capture_name(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n = 0;

	base = base ? base + 1 : path;
	for (; *base && *base != '.' && n + 1 < len; base++) {
		char c = (char)tolower((unsigned char)*base);

		buf[n++] = (isalnum((unsigned char)c) || c == '-' ||
			    c == '_') ? c : '-';
	}
	buf[n] = '\0';
	if (!n)
		snprintf(buf, len, "captured");
}

/* certify probe --capture FILE: the rule set this machine answers to. */
static int capture(const struct check_args *a, const struct check_spec *spec)
{
	const struct platform *p = platform_find(a->platform);
	struct check_request req = { .vmm = a->vmm, .kvm = a->kvm };
	struct strbuf out = STRBUF_INIT;
	struct config cfg;
	struct ruleset rs;
	struct diag d;
	char name[64];
	int ret = EXIT_BAD_INPUT;

	config_init(&cfg);
	ruleset_init(&rs);
	diag_clear(&d);
	if (spec->config) {
		struct dump_opts opts = DUMP_OPTS_DEFAULT;

		if (dump_read(spec->config, &opts, &cfg, &d))
			goto bad;
		req.config = &cfg;
	}
	if (check_run_rules(spec, &rs, &d))
		goto bad;
	req.rules = &rs;
	capture_name(a->capture, name, sizeof(name));
	ret = p->capture(&kvm_sys_linux, &req, name, &out, &d);
	if (ret) {
		ret = ret == PROBE_ENVIRONMENT ? EXIT_ENVIRONMENT :
						 EXIT_BAD_INPUT;
		goto bad;
	}
	ret = cli_write_output(a->capture, &out);
	if (!ret)
		printf("certify probe: wrote rule set %s to %s; predict with "
		       "certify check --platform %s --rules %s\n", name,
		       a->capture, a->platform, a->capture);
	goto out;
bad:
	fprintf(stderr, "%s\n", d.msg);
out:
	strbuf_release(&out);
	ruleset_release(&rs);
	config_release(&cfg);
	return ret;
}

static int run(int argc, char **argv, bool probe)
{
	struct check_args a = {
		.probe = probe,
		.usage = probe ? probe_usage : check_usage,
		.host_cpu = -1,
		.vmm = "none",
		.kvm = "mainline",
		.format = "text",
		.output = "-",
	};
	struct input config = { 0 }, page = { 0 }, host = { 0 };
	struct input rules_file = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct check_spec spec = { 0 };
	struct report rep;
	struct ruleset rs;
	struct diag d;
	int ret;

	ret = parse(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	report_init(&rep);
	ruleset_init(&rs);
	diag_clear(&d);
	spec.platform = a.platform;
	spec.vmm = a.vmm;
	spec.kvm = a.kvm;
	spec.strict = a.strict;
	spec.host_cpu = a.host_cpu;
	spec.probe = a.probe;
	spec.sys = &kvm_sys_linux;
	if (report_source_date_epoch(&spec.has_iat, &spec.iat)) {
		ret = cli_usage_error(a.usage, "SOURCE_DATE_EPOCH must be "
				      "decimal seconds since 1970-01-01 UTC");
		goto out;
	}
	ret = EXIT_BAD_INPUT;
	if (a.config && input_load(&config, a.config, &d))
		goto bad;
	if (a.page && input_load(&page, a.page, &d))
		goto bad;
	if (a.host && input_load(&host, a.host, &d))
		goto bad;
	spec.config = a.config ? &config : NULL;
	spec.page = a.page ? &page : NULL;
	spec.host = a.host ? &host : NULL;
	/* A rule-set file (a name with '/', or an existing file with a
	 * '.') goes into the report; an embedded one is named. */
	if (a.rules && !ruleset_is_embedded(a.rules)) {
		if (input_load(&rules_file, a.rules, &d)) {
			if (!strchr(a.rules, '/'))
				diag_set(&d, a.rules, 0, "no such rule set or "
					 "file (certify rules list shows the "
					 "rule sets)");
			goto bad;
		}
		spec.rules_file = &rules_file;
	} else {
		spec.rules_name = a.rules;
	}
	if (a.capture) {
		ret = capture(&a, &spec);
		goto out;
	}
	ret = check_run(&spec, &rep, &rs, &d);
	if (ret) {
		ret = ret > 0 ? EXIT_ENVIRONMENT : EXIT_BAD_INPUT;
		goto bad;
	}
	render_report(&rep, a.fmt, a.all, &out);
	if (a.write_corrected) {
		ret = write_corrected(a.write_corrected, &rep.res);
		if (ret)
			goto out;
	}
	if (a.sign) {
		ret = sign_report(&a, &rep);
		if (ret)
			goto out;
		ret = cli_write_output("-", &out);
	} else {
		ret = cli_write_output(a.output, &out);
	}
	if (!ret && !report_certified(&rep))
		ret = EXIT_NOT_CERTIFIED;
	goto out;
bad:
	fprintf(stderr, "%s\n", d.msg);
out:
	strbuf_release(&out);
	report_release(&rep);
	ruleset_release(&rs);
	input_release(&config);
	input_release(&page);
	input_release(&host);
	input_release(&rules_file);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	return run(argc, argv, false);
}

int cmd_probe(int argc, char **argv)
{
	return run(argc, argv, true);
}
