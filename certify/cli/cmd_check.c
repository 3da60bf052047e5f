// SPDX-License-Identifier: MIT
/*
 * certify check: what a platform does with a CPUID configuration
 * (DESIGN.md §1, §4).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "platforms.h"
#include "../../reports/render.h"

static const char check_usage[] =
	"certify check --platform tdx|snp --config FILE [--rules NAME|FILE] "
	"[--host DUMP]\n"
	"       [--host-cpu N] [--vmm none|qemu] [--kvm mainline|none] "
	"[--format text|json]\n"
	"       [--all] [--strict] [-o FILE]\n"
	"certify check --platform snp --page PAGE [...] [--write-corrected "
	"FILE]\n"
	"FILE and DUMP are configs or dumps ('-' is standard input, "
	"embedded:NAME an\n"
	"embedded example or reference host); PAGE is a 4096-byte SNP CPUID "
	"page.\n"
	"Exit status: 0 accepted, 1 rejected (--strict: also when accepted "
	"with\n"
	"changes), 3 bad input.\n";

struct check_args {
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
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
				return cli_usage_error(check_usage,
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
		case 'h':
			fputs("usage: ", stdout);
			fputs(check_usage, stdout);
			return -1;
		default:
			return cli_usage_error(check_usage, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error(check_usage, "unexpected argument '%s'",
				       argv[optind]);
	if (!a->platform || (!a->config && !a->page))
		return cli_usage_error(check_usage, "--platform and --config "
				       "(or --page) are needed");
	if (!platform_find(a->platform))
		return cli_usage_error(check_usage, "unknown platform '%s'",
				       a->platform);
	if (a->page && strcmp(a->platform, "snp"))
		return cli_usage_error(check_usage, "--page is for --platform "
				       "snp");
	if (a->page && a->config)
		return cli_usage_error(check_usage, "--config and --page "
				       "exclude each other");
	if (a->page && !strcmp(a->vmm, "qemu"))
		return cli_usage_error(check_usage, "--vmm qemu builds the page"
				       " from a --config");
	if (a->write_corrected && strcmp(a->platform, "snp"))
		return cli_usage_error(check_usage, "--write-corrected is for "
				       "--platform snp");
	if (strcmp(a->vmm, "none") && strcmp(a->vmm, "qemu"))
		return cli_usage_error(check_usage, "--vmm is none or qemu");
	if (strcmp(a->kvm, "mainline") && strcmp(a->kvm, "none"))
		return cli_usage_error(check_usage,
				       "--kvm is mainline or none");
	if (strcmp(a->format, "text") && strcmp(a->format, "json"))
		return cli_usage_error(check_usage,
				       "--format is text or json");
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

int cmd_check(int argc, char **argv)
{
	struct check_args a = {
		.host_cpu = -1,
		.vmm = "none",
		.kvm = "mainline",
		.format = "text",
		.output = "-",
	};
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct strbuf out = STRBUF_INIT;
	struct config cfg, host;
	struct input page = { 0 };
	struct check_result res;
	struct check_request req;
	struct ruleset rs;
	const struct platform *p;
	struct diag d;
	int ret;

	ret = parse(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	p = platform_find(a.platform);
	config_init(&cfg);
	config_init(&host);
	ruleset_init(&rs);
	check_result_init(&res);
	diag_clear(&d);

	if (a.config) {
		ret = cli_read_dump(a.config, &opts, &cfg);
		if (ret)
			goto out;
	} else if (input_load(&page, a.page, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		ret = EXIT_BAD_INPUT;
		goto out;
	}
	if (a.host) {
		opts.cpu = a.host_cpu;
		ret = cli_read_dump(a.host, &opts, &host);
		if (ret)
			goto out;
	}
	if (!a.rules)
		a.rules = ruleset_newest(a.platform);
	if (!a.rules || ruleset_load(a.rules, a.platform, &rs, &d)) {
		fprintf(stderr, "%s\n", a.rules ? d.msg :
			"certify: no rule set for this platform");
		ret = EXIT_BAD_INPUT;
		goto out;
	}
	req.config = a.config ? &cfg : NULL;
	req.page = a.page ? &page : NULL;
	req.host = a.host ? &host.cpuid : NULL;
	req.rules = &rs;
	req.vmm = a.vmm;
	req.kvm = a.kvm;
	if (p->check(&req, &res, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		ret = EXIT_BAD_INPUT;
		goto out;
	}
	if (!strcmp(a.format, "json"))
		render_check_json(&res, a.all, &out);
	else
		render_check_text(&res, a.all, &out);
	if (a.write_corrected) {
		ret = write_corrected(a.write_corrected, &res);
		if (ret)
			goto out;
	}
	ret = cli_write_output(a.output, &out);
	if (ret)
		goto out;
	if (res.outcome == OUTCOME_REJECTED ||
	    (a.strict && res.outcome == OUTCOME_ACCEPTED_WITH_CHANGES))
		ret = EXIT_NOT_CERTIFIED;
out:
	strbuf_release(&out);
	check_result_release(&res);
	ruleset_release(&rs);
	config_release(&cfg);
	config_release(&host);
	input_release(&page);
	return ret;
}
