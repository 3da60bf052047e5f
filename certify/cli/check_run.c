// SPDX-License-Identifier: MIT
/*
 * One check from raw inputs to a report: what `certify check` does, and
 * what `certify verify --reproduce` does again from the inputs a report
 * carries.  Both must go the same way for the bytes to match.
 */
#include <string.h>

#include "check_run.h"
#include "../dump.h"
#include "../probe.h"
#include "platforms.h"
#include "../../reports/cose.h"

static int read_config(const struct input *in, int cpu, struct config *cfg,
		       struct diag *d)
{
	struct dump_opts opts = DUMP_OPTS_DEFAULT;

	opts.cpu = cpu;
	return dump_read(in, &opts, cfg, d);
}

int check_run_rules(const struct check_spec *s, struct ruleset *rs,
		    struct diag *d)
{
	const char *name = s->rules_name;

	if (s->rules_file) {
		if (ruleset_parse(s->rules_file, s->rules_file->name, rs, d))
			return -1;
		if (strcmp(rs->platform, s->platform)) {
			diag_set(d, rs->origin, rs->platform_lineno, "rule set "
				 "%s is for platform %s, not %s", rs->name,
				 rs->platform, s->platform);
			return -1;
		}
		return 0;
	}
	if (!name)
		name = ruleset_newest(s->platform);
	if (!name) {
		diag_set(d, "certify", 0, "no rule set for platform %s",
			 s->platform);
		return -1;
	}
	return ruleset_load(name, s->platform, rs, d);
}

int check_run(const struct check_spec *s, struct report *rep,
	      struct ruleset *rs, struct diag *d)
{
	const struct platform *p = platform_find(s->platform);
	struct check_request req = { .vmm = s->vmm, .kvm = s->kvm };
	struct config cfg, host;
	int ret = -1;

	config_init(&cfg);
	config_init(&host);
	ruleset_init(rs);
	if (!p) {
		diag_set(d, "certify", 0, "unknown platform '%s'", s->platform);
		goto out;
	}
	if (s->config && read_config(s->config, -1, &cfg, d))
		goto out;
	if (s->host && read_config(s->host, s->host_cpu, &host, d))
		goto out;
	if (check_run_rules(s, rs, d))
		goto out;
	req.config = s->config ? &cfg : NULL;
	req.page = s->page;
	req.host = s->host ? &host.cpuid : NULL;
	req.rules = rs;
	if (s->probe) {
		int pr = p->probe(s->sys, &req, &rep->res, d);

		if (pr == PROBE_ENVIRONMENT)
			ret = 1;
		if (pr)
			goto out;
	} else if (p->check(&req, &rep->res, d)) {
		goto out;
	}
	rep->strict = s->strict;
	rep->host_cpu = s->host ? s->host_cpu : -1;
	rep->has_iat = s->has_iat;
	rep->iat = s->iat;
	rep->ruleset_embedded = !s->rules_file;
	if (cose_sha256(rs->bytes, rs->len, rep->ruleset_sha256) ||
	    (s->config && report_add_input(rep, "config", s->config->name,
					   (const uint8_t *)s->config->data,
					   s->config->len)) ||
	    (s->page && report_add_input(rep, "page", s->page->name,
					 (const uint8_t *)s->page->data,
					 s->page->len)) ||
	    (s->host && report_add_input(rep, "host", s->host->name,
					 (const uint8_t *)s->host->data,
					 s->host->len)) ||
	    (s->rules_file && report_add_input(rep, "rules",
					       s->rules_file->name,
					       (const uint8_t *)
					       s->rules_file->data,
					       s->rules_file->len))) {
		diag_set(d, "certify", 0, "out of memory");
		goto out;
	}
	ret = 0;
out:
	config_release(&cfg);
	config_release(&host);
	return ret;
}
