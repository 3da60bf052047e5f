// SPDX-License-Identifier: MIT
/*
 * certify show REPORT [--format ...] [--all] [--pubkey PEM] [-o FILE]:
 * renders a signed report.  Without --pubkey the signature is not checked
 * (the rendering says so); `certify verify` is what trusts a report.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report_file.h"
#include "../../reports/render.h"

static const char show_usage[] =
	"certify show REPORT [--format text|json|md|html|junit|sarif] [--all] "
	"[--pubkey PEM]\n"
	"       [-o FILE]\n"
	"Exit status: 0 shown, 1 not a valid report, 2 usage error, 3 bad "
	"key file.\n";

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "pubkey", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *pubkey = NULL, *output = "-";
	struct strbuf out = STRBUF_INIT;
	struct cose_key key = { 0 };
	struct cose_sign1 msg;
	struct input file;
	struct report rep;
	struct diag d;
	bool all = false;
	int opt, fmt, ret;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'k':
			pubkey = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(show_usage, stdout);
			return 0;
		default:
			return cli_usage_error(show_usage, "bad option");
		}
	}
	fmt = render_format_parse(format);
	if (fmt < 0)
		return cli_usage_error(show_usage, "--format is text, json, md, "
				       "html, junit or sarif");
	if (optind + 1 != argc)
		return cli_usage_error(show_usage, "one REPORT is needed");
	diag_clear(&d);
	if (pubkey && cose_key_load_public(pubkey, &key, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	ret = report_file_read(argv[optind], pubkey ? &key : NULL, &file, &msg,
			       &rep, &d);
	if (ret) {
		fprintf(stderr, "%s: %s\n", argv[optind], d.msg);
		ret = EXIT_NOT_CERTIFIED;
		goto out;
	}
	render_report(&rep, (enum render_format)fmt, all, &out);
	ret = cli_write_output(output, &out);
out:
	strbuf_release(&out);
	report_release(&rep);
	input_release(&file);
	cose_key_release(&key);
	return ret;
}
