// SPDX-License-Identifier: MIT
/*
 * certify verify REPORT --pubkey PEM [--reproduce]: is this a report
 * certify wrote, signed by this key, unchanged; and, with --reproduce,
 * does this binary reach the same bytes from the inputs it carries
 * (DESIGN.md §5; research/reports.md §7.4).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "cli.h"
#include "report_file.h"
#include "../../reports/report_diff.h"

static const char verify_usage[] =
	"certify verify REPORT --pubkey PEM [--reproduce]\n"
	"Exit status: 0 valid (and reproduced), 1 invalid, 2 usage error, "
	"3 bad key file.\n";

static void hex(char *buf, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
}

static const struct report_input *input_of(const struct report *r,
					   const char *role)
{
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		if (!strcmp(r->inputs[i].role, role))
			return &r->inputs[i];
	return NULL;
}

/* The report's own inputs as inputs again, named as they were. */
static int as_input(const struct report_input *ri, struct input *in)
{
	return ri ? input_from_buffer(in, ri->name, ri->bytes, ri->len) : 0;
}

/* Runs the check again; 0 reproduced, 1 not (said why), -1 error. */
static int reproduce(const char *path, const struct report *rep,
		     const struct cose_sign1 *msg)
{
	struct input config = { 0 }, page = { 0 }, host = { 0 }, rules = { 0 };
	struct strbuf payload = STRBUF_INIT, diff = STRBUF_INIT;
	struct check_spec s = {
		.platform = rep->res.platform,
		.vmm = rep->res.vmm,
		.kvm = rep->res.kvm,
		.strict = rep->strict,
		.host_cpu = rep->host_cpu,
		.has_iat = rep->has_iat,
		.iat = rep->iat,
	};
	struct report again;
	struct ruleset rs;
	struct diag d;
	size_t i;
	int ret = -1;

	/* A probe's answer came from hardware: nothing here can make it
	 * again, and claiming to would be false. */
	if (rep->res.hardware) {
		printf("%s: not reproduced: observed on hardware (certify "
		       "probe, %s): only a probe on that machine can observe "
		       "it again; the signature above is what vouches for "
		       "it\n", path, rep->res.platform);
		return 1;
	}
	report_init(&again);
	diag_clear(&d);
	if (as_input(input_of(rep, "config"), &config) ||
	    as_input(input_of(rep, "page"), &page) ||
	    as_input(input_of(rep, "host"), &host) ||
	    as_input(input_of(rep, "rules"), &rules))
		goto out;
	s.config = input_of(rep, "config") ? &config : NULL;
	s.page = input_of(rep, "page") ? &page : NULL;
	s.host = input_of(rep, "host") ? &host : NULL;
	if (rep->ruleset_embedded) {
		if (!ruleset_is_embedded(rep->res.ruleset)) {
			printf("%s: not reproduced: this certify has no rule "
			       "set %s\n", path, rep->res.ruleset);
			ret = 1;
			goto out;
		}
		s.rules_name = rep->res.ruleset;
	} else {
		s.rules_file = input_of(rep, "rules") ? &rules : NULL;
	}
	if (check_run(&s, &again, &rs, &d)) {
		printf("%s: not reproduced: %s\n", path, d.msg);
		ret = 1;
		goto out_rules;
	}
	if (report_encode(&again, &payload))
		goto out_rules;
	if (payload.len == msg->payload_len &&
	    !memcmp(strbuf_str(&payload), msg->payload, payload.len)) {
		printf("%s: reproduced: this certify %s makes the same %zu "
		       "payload bytes from the report's inputs\n", path,
		       CERTIFY_VERSION, payload.len);
		ret = 0;
		goto out_rules;
	}
	for (i = 0; i < payload.len && i < msg->payload_len; i++)
		if (strbuf_str(&payload)[i] != (char)msg->payload[i])
			break;
	printf("%s: not reproduced: the payload differs from byte %zu "
	       "(report by certify %s, this is certify %s); what differs:\n",
	       path, i, rep->tool_version, CERTIFY_VERSION);
	if (!report_diff(rep, &again, &diff))
		strbuf_puts(&diff, "(the encodings differ, not the content)\n");
	fputs(strbuf_str(&diff), stdout);
	ret = 1;
out_rules:
	ruleset_release(&rs);
out:
	report_release(&again);
	strbuf_release(&payload);
	strbuf_release(&diff);
	input_release(&config);
	input_release(&page);
	input_release(&host);
	input_release(&rules);
	return ret;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'k' },
		{ "reproduce", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pubkey = NULL;
	bool again = false;
	struct cose_key key = { 0 };
	struct cose_sign1 msg;
	struct input file;
	struct report rep;
	struct diag d;
	char kid[65];
	int opt, ret;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			pubkey = optarg;
			break;
		case 'r':
			again = true;
			break;
		case 'h':
			fputs("usage: ", stdout);
			fputs(verify_usage, stdout);
			return 0;
		default:
			return cli_usage_error(verify_usage, "bad option");
		}
	}
	if (optind + 1 != argc || !pubkey)
		return cli_usage_error(verify_usage, "one REPORT and --pubkey "
				       "PEM are needed");
	diag_clear(&d);
	if (cose_key_load_public(pubkey, &key, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return EXIT_BAD_INPUT;
	}
	ret = report_file_read(argv[optind], &key, &file, &msg, &rep, &d);
	if (ret) {
		/* Unreadable or not valid: either way, not a valid report. */
		printf("%s: invalid: %s\n", argv[optind], d.msg);
		ret = EXIT_NOT_CERTIFIED;
		goto out;
	}
	hex(kid, key.kid, sizeof(key.kid));
	printf("%s: valid: %s signature by key %s; platform %s%s, rule set "
	       "%s, outcome %s (%s)\n", argv[optind], cose_alg_name(msg.alg),
	       kid, rep.res.platform,
	       rep.res.hardware ? " (observed on hardware)" : "",
	       rep.res.ruleset,
	       outcome_name(rep.res.outcome),
	       report_certified(&rep) ? "certified" : "not certified");
	if (again) {
		ret = reproduce(argv[optind], &rep, &msg);
		if (ret < 0) {
			cli_error("out of memory");
			ret = EXIT_ENVIRONMENT;
		} else if (ret) {
			ret = EXIT_NOT_CERTIFIED;
		}
	}
out:
	report_release(&rep);
	input_release(&file);
	cose_key_release(&key);
	return ret;
}
