// SPDX-License-Identifier: MIT
/*
 * certify diff A B: what changed between two signed reports (the same
 * config under two module versions, before and after a fix...).  Like
 * diff(1): 0 when they agree, 1 when they differ.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report_file.h"
#include "../../reports/report_diff.h"

static const char diff_usage[] =
	"certify diff A B [--pubkey PEM] [-o FILE]\n"
	"Exit status: 0 no differences, 1 differences, 2 usage error, 3 a "
	"file that is not\na valid report.\n";

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pubkey = NULL, *output = "-";
	struct strbuf out = STRBUF_INIT;
	struct cose_key key = { 0 };
	struct cose_sign1 ma, mb;
	struct input fa = { 0 }, fb = { 0 };
	struct report a, b;
	struct diag d;
	int opt, ret;
	size_t n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			pubkey = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(diff_usage, stdout);
			return 0;
		default:
			return cli_usage_error(diff_usage, "bad option");
		}
	}
	if (optind + 2 != argc)
		return cli_usage_error(diff_usage, "two reports are needed");
	diag_clear(&d);
	report_init(&a);
	report_init(&b);
	if (pubkey && cose_key_load_public(pubkey, &key, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	ret = EXIT_BAD_INPUT;
	if (report_file_read(argv[optind], pubkey ? &key : NULL, &fa, &ma, &a,
			     &d)) {
		fprintf(stderr, "%s: %s\n", argv[optind], d.msg);
		goto out;
	}
	if (report_file_read(argv[optind + 1], pubkey ? &key : NULL, &fb, &mb,
			     &b, &d)) {
		fprintf(stderr, "%s: %s\n", argv[optind + 1], d.msg);
		goto out;
	}
	strbuf_printf(&out, "--- %s\n+++ %s\n", argv[optind],
		      argv[optind + 1]);
	n = report_diff(&a, &b, &out);
	if (!n)
		strbuf_puts(&out, "no differences\n");
	ret = cli_write_output(output, &out);
	if (!ret && n)
		ret = EXIT_NOT_CERTIFIED;
out:
	strbuf_release(&out);
	report_release(&a);
	report_release(&b);
	input_release(&fa);
	input_release(&fb);
	cose_key_release(&key);
	return ret;
}
