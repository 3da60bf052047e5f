// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "report.h"

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	check_result_init(&r->res);
	r->tool = "certify";
	r->tool_version = CERTIFY_VERSION;
	r->host_cpu = -1;
}

void report_release(struct report *r)
{
	check_result_release(&r->res);
	free(r->storage);
	report_init(r);
}

int report_add_input(struct report *r, const char *role, const char *name,
		     const uint8_t *bytes, size_t len)
{
	struct report_input *in;
	const char *slash = strrchr(name, '/');

	if (r->ninputs == REPORT_MAX_INPUTS)
		return -1;
	in = &r->inputs[r->ninputs];
	in->role = role;
	/* No directories: the same file checked from elsewhere is the same
	 * report. */
	in->name = strpool_intern(&r->res.pool, slash ? slash + 1 : name);
	in->bytes = bytes;
	in->len = len;
	if (cose_sha256(bytes, len, in->sha256))
		return -1;
	r->ninputs++;
	return 0;
}

bool report_certified(const struct report *r)
{
	return r->res.outcome == OUTCOME_ACCEPTED ||
	       (r->res.outcome == OUTCOME_ACCEPTED_WITH_CHANGES && !r->strict);
}

int report_source_date_epoch(bool *set, uint64_t *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v = 0;

	*set = false;
	if (!s)
		return 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		uint64_t digit = (uint64_t)(*s - '0');

		if (*s < '0' || *s > '9' || v > (UINT64_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	*set = true;
	*t = v;
	return 0;
}
