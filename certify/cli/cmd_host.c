// SPDX-License-Identifier: MIT
/* certify host: this machine's CPUID as a config. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "../config_write.h"
#include "../host.h"

static const char host_usage[] = "certify host [-o FILE]\n";

int cmd_host(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf out = STRBUF_INIT;
	const char *output = "-";
	struct config cfg;
	char header[128];
	int opt, cpu, ret;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(host_usage, stdout);
			return 0;
		default:
			return cli_usage_error(host_usage, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error(host_usage, "unexpected argument '%s'",
				       argv[optind]);

	config_init(&cfg);
	ret = host_cpuid_read(&cfg.cpuid, &cpu);
	if (ret == -ENOSYS) {
		cli_error("host: this machine has no CPUID instruction "
			  "(not x86)");
		ret = EXIT_ENVIRONMENT;
		goto out;
	}
	if (ret) {
		cli_error("host: out of memory");
		ret = EXIT_ENVIRONMENT;
		goto out;
	}
	if (cpu >= 0)
		snprintf(header, sizeof(header),
			 "certify host: CPUID of this machine, logical CPU %d",
			 cpu);
	else
		snprintf(header, sizeof(header),
			 "certify host: CPUID of this machine");
	config_write(&cfg, header, &out);
	ret = cli_write_output(output, &out);
out:
	strbuf_release(&out);
	config_release(&cfg);
	return ret;
}
