// SPDX-License-Identifier: MIT
/*
 * certify: predicts what the TDX module, the SEV-SNP firmware and KVM do
 * with a confidential VM's CPUID configuration, and checks it on the
 * hardware.  This file is the table of
 * subcommands (DESIGN.md §4).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_command commands[] = {
	{ "check", cmd_check,
	  "certify check --platform tdx|snp|kvm --config FILE [--rules NAME|FILE] "
	  "[--host DUMP]\n"
	  "    [--host-cpu N] [--vmm none|qemu] [--kvm mainline|none]\n"
	  "    [--format text|json|md|html|junit|sarif] [--all] [--strict] "
	  "[-o FILE]\n"
	  "    [--sign KEY [--alg ALG] -o REPORT]\n"
	  "certify check --platform snp --page PAGE [...] [--write-corrected "
	  "FILE]\n" },
	{ "probe", cmd_probe,
	  "certify probe --platform kvm|tdx|snp --config FILE [--rules "
	  "NAME|FILE]\n"
	  "    [--host DUMP] [--vmm none|qemu] [--format FORMAT] [--all] "
	  "[--strict]\n"
	  "    [-o FILE] [--sign KEY [--alg ALG] -o REPORT]\n"
	  "certify probe --platform kvm|snp --capture FILE [--rules "
	  "NAME|FILE]\n" },
	{ "verify", cmd_verify,
	  "certify verify REPORT --pubkey PEM [--reproduce]\n" },
	{ "show", cmd_show,
	  "certify show REPORT [--format text|json|md|html|junit|sarif] "
	  "[--all] [--pubkey PEM]\n" },
	{ "diff", cmd_diff, "certify diff A B [--pubkey PEM]\n" },
	{ "rules", cmd_rules,
	  "certify rules list | show NAME|FILE | diff NAME|FILE NAME|FILE\n" },
	{ "host", cmd_host, "certify host [-o FILE]\n" },
	{ "cpuid", cmd_cpuid,
	  "certify cpuid show DUMP [--cpu N] [--from FORMAT] [-o FILE]\n"
	  "certify cpuid convert DUMP --to config [--cpu N] [--from FORMAT] "
	  "[-o FILE]\n" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		const char *u = commands[i].usage;

		while (*u) {
			const char *nl = strchr(u, '\n');
			size_t n = nl ? (size_t)(nl - u) : strlen(u);

			fprintf(f, "  %.*s\n", (int)n, u);
			u += n + (nl ? 1 : 0);
		}
	}
	fputs("  certify --version\n"
	      "exit status: 0 certified, 1 not certified, 2 usage error, "
	      "3 bad input, 4 environment\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("certify %s\n", CERTIFY_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "certify: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
