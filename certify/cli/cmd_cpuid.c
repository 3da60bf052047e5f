// SPDX-License-Identifier: MIT
/*
 * certify cpuid show DUMP      decode a dump or config for people
 * certify cpuid convert DUMP   rewrite it as a config
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../config_write.h"
#include "../cpuid_show.h"

static const char cpuid_usage[] =
	"certify cpuid show DUMP [--cpu N] [--from FORMAT] [-o FILE]\n"
	"       certify cpuid convert DUMP --to config [--cpu N] "
	"[--from FORMAT] [-o FILE]\n"
	"DUMP is a config, `cpuid -r` output, an AIDA64 dump or libvirt "
	"cpudata XML;\n"
	"'-' reads standard input.  FORMAT: auto (default), config, cpuid-r, "
	"aida64, libvirt.\n";

struct cpuid_args {
	struct dump_opts opts;
	const char *dump;
	const char *output;
	const char *to;
};

static int parse_args(int argc, char **argv, bool convert,
		      struct cpuid_args *a)
{
	static const struct option longopts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, fmt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			a->opts.cpu = cli_parse_cpu(optarg);
			if (a->opts.cpu < 0)
				return cli_usage_error(cpuid_usage,
						       "bad --cpu '%s'",
						       optarg);
			break;
		case 'f':
			fmt = dump_format_parse(optarg);
			if (fmt < 0)
				return cli_usage_error(cpuid_usage,
						       "unknown format '%s'",
						       optarg);
			a->opts.format = (enum dump_format)fmt;
			break;
		case 't':
			if (!convert)
				return cli_usage_error(cpuid_usage,
						       "--to is for convert");
			a->to = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(cpuid_usage, stdout);
			return -1;
		default:
			return cli_usage_error(cpuid_usage, "bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cpuid_usage,
				       optind == argc ? "no DUMP given" :
						       "more than one DUMP");
	a->dump = argv[optind];
	if (convert && (!a->to || strcmp(a->to, "config") != 0))
		return cli_usage_error(cpuid_usage,
				       "convert needs --to config");
	return 0;
}

static int run(int argc, char **argv, bool convert)
{
	struct cpuid_args a = {
		.opts = DUMP_OPTS_DEFAULT,
		.output = "-",
	};
	struct strbuf out = STRBUF_INIT;
	struct config cfg;
	int ret;

	ret = parse_args(argc, argv, convert, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	config_init(&cfg);
	ret = cli_read_dump(a.dump, &a.opts, &cfg);
	if (ret)
		goto out;
	if (convert) {
		char cpu[32] = "";
		char header[512];

		if (cfg.cpu >= 0)
			snprintf(cpu, sizeof(cpu), ", CPU %d", cfg.cpu);
		snprintf(header, sizeof(header),
			 "certify config converted from %s (%s%s)",
			 cfg.source, cfg.format, cpu);
		config_write(&cfg, header, &out);
	} else {
		cpuid_show(&cfg, &out);
	}
	ret = cli_write_output(a.output, &out);
out:
	strbuf_release(&out);
	config_release(&cfg);
	return ret;
}

int cmd_cpuid(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cpuid_usage, "missing subcommand");
	if (strcmp(argv[1], "show") == 0)
		return run(argc - 1, argv + 1, false);
	if (strcmp(argv[1], "convert") == 0)
		return run(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs("usage: ", stdout);
		fputs(cpuid_usage, stdout);
		return 0;
	}
	return cli_usage_error(cpuid_usage, "unknown subcommand '%s'",
			       argv[1]);
}
