// SPDX-License-Identifier: MIT
/*
 * certify rules list | show NAME|FILE | diff A B
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "platforms.h"

static const char rules_usage[] =
	"certify rules list\n"
	"       certify rules show NAME|FILE\n"
	"       certify rules diff NAME|FILE NAME|FILE\n";

static int load(const char *name, struct ruleset *rs)
{
	const struct platform *p;
	struct diag d;

	diag_clear(&d);
	if (ruleset_load(name, NULL, rs, &d))
		goto bad;
	p = platform_find(rs->platform);
	if (!p) {
		diag_set(&d, rs->origin, rs->platform_lineno,
			 "unknown platform '%s'", rs->platform);
		ruleset_release(rs);
		goto bad;
	}
	if (p->rules_validate(rs, &d)) {
		ruleset_release(rs);
		goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "%s\n", d.msg);
	return EXIT_BAD_INPUT;
}

static int rules_list(void)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset rs;
	struct diag d;
	size_t i;
	int ret;

	for (i = 0; i < embedded_rulesets_count; i++) {
		if (ruleset_load_embedded(embedded_rulesets[i].name, &rs, &d)) {
			fprintf(stderr, "%s\n", d.msg);
			strbuf_release(&out);
			return EXIT_BAD_INPUT;
		}
		strbuf_printf(&out, "%-20s %-8s %s\n", rs.name, rs.platform,
			      rs.source);
		ruleset_release(&rs);
	}
	ret = cli_write_output("-", &out);
	strbuf_release(&out);
	return ret;
}

static int rules_show(const char *name)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset rs;
	int ret = load(name, &rs);

	if (ret)
		return ret;
	strbuf_add(&out, rs.bytes, rs.len);
	ret = cli_write_output("-", &out);
	strbuf_release(&out);
	ruleset_release(&rs);
	return ret;
}

static int rules_diff(const char *a, const char *b)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset ra, rb;
	struct diag d;
	int ret = load(a, &ra);

	if (ret)
		return ret;
	ret = load(b, &rb);
	if (ret) {
		ruleset_release(&ra);
		return ret;
	}
	diag_clear(&d);
	if (strcmp(ra.platform, rb.platform)) {
		fprintf(stderr, "certify: %s is for %s and %s for %s: only "
			"rule sets of one platform compare\n", ra.name,
			ra.platform, rb.name, rb.platform);
		ret = EXIT_USAGE;
	} else if (platform_find(ra.platform)->rules_diff(&ra, &rb, &out,
							   &d)) {
		fprintf(stderr, "%s\n", d.msg);
		ret = EXIT_BAD_INPUT;
	} else {
		ret = cli_write_output("-", &out);
	}
	strbuf_release(&out);
	ruleset_release(&ra);
	ruleset_release(&rb);
	return ret;
}

int cmd_rules(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "list"))
		return rules_list();
	if (argc == 3 && !strcmp(argv[1], "show"))
		return rules_show(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "diff"))
		return rules_diff(argv[2], argv[3]);
	if (argc == 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help"))) {
		fputs("usage: ", stdout);
		fputs(rules_usage, stdout);
		return 0;
	}
	return cli_usage_error(rules_usage, "bad arguments");
}
