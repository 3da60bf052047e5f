// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_AS_CONFIGURED] = "as-configured",
	[VERDICT_FORCED] = "forced",
	[VERDICT_DROPPED] = "dropped",
	[VERDICT_REJECTED] = "rejected",
	[VERDICT_NATIVE] = "native",
	[VERDICT_RUNTIME] = "runtime",
	[VERDICT_UNTRUSTED] = "untrusted",
};

const char *verdict_name(enum verdict v)
{
	return (unsigned int)v < VERDICT_COUNT ? verdict_names[v] : "?";
}

const char *outcome_name(enum outcome o)
{
	switch (o) {
	case OUTCOME_ACCEPTED:
		return "accepted";
	case OUTCOME_ACCEPTED_WITH_CHANGES:
		return "accepted-with-changes";
	case OUTCOME_REJECTED:
		return "rejected";
	}
	return "?";
}

void check_result_init(struct check_result *r)
{
	memset(r, 0, sizeof(*r));
	cpuid_set_init(&r->final);
}

void check_result_release(struct check_result *r)
{
	free(r->findings);
	free(r->params);
	free(r->warnings);
	free(r->corrections);
	free(r->facts);
	free(r->corrected);
	cpuid_set_release(&r->final);
	strpool_release(&r->pool);
	check_result_init(r);
}

int check_result_add(struct check_result *r, const struct finding *f)
{
	if (r->nfindings == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct finding *p = realloc(r->findings, cap * sizeof(*p));

		if (!p)
			return -1;
		r->findings = p;
		r->cap = cap;
	}
	r->findings[r->nfindings++] = *f;
	if (!f->has_final)
		r->host_dependent++;
	return 0;
}

int check_result_param(struct check_result *r, const char *key,
		       const char *fmt, ...)
{
	struct check_param *p;
	const char *value;
	va_list ap;

	va_start(ap, fmt);
	value = strpool_vprintf(&r->pool, fmt, ap);
	va_end(ap);
	p = realloc(r->params, (r->nparams + 1) * sizeof(*p));
	if (!p)
		return -1;
	r->params = p;
	p[r->nparams].key = strpool_intern(&r->pool, key);
	p[r->nparams].value = value;
	r->nparams++;
	return r->pool.failed ? -1 : 0;
}

int check_result_fact(struct check_result *r, const char *key,
		      const char *fmt, ...)
{
	struct check_param *p;
	const char *value;
	va_list ap;

	va_start(ap, fmt);
	value = strpool_vprintf(&r->pool, fmt, ap);
	va_end(ap);
	p = realloc(r->facts, (r->nfacts + 1) * sizeof(*p));
	if (!p)
		return -1;
	r->facts = p;
	p[r->nfacts].key = strpool_intern(&r->pool, key);
	p[r->nfacts].value = value;
	r->nfacts++;
	return r->pool.failed ? -1 : 0;
}

int check_result_correction(struct check_result *r,
			    const struct check_correction *c)
{
	struct check_correction *p;

	p = realloc(r->corrections, (r->ncorrections + 1) * sizeof(*p));
	if (!p)
		return -1;
	r->corrections = p;
	p[r->ncorrections++] = *c;
	return 0;
}

int check_result_warn(struct check_result *r, const char *fmt, ...)
{
	const char **p, *text;
	va_list ap;

	va_start(ap, fmt);
	text = strpool_vprintf(&r->pool, fmt, ap);
	va_end(ap);
	p = realloc(r->warnings, (r->nwarnings + 1) * sizeof(*p));
	if (!p)
		return -1;
	r->warnings = p;
	p[r->nwarnings++] = text;
	return r->pool.failed ? -1 : 0;
}

bool finding_is_notable(const struct finding *f)
{
	return f->verdict != VERDICT_AS_CONFIGURED &&
	       f->verdict != VERDICT_NATIVE;
}

void check_result_finish(struct check_result *r,
			 const struct cpuid_set *request)
{
	size_t i;

	if (r->status.code != 0) {
		r->outcome = OUTCOME_REJECTED;
		return;
	}
	r->outcome = OUTCOME_ACCEPTED;
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		if ((f->verdict == VERDICT_FORCED ||
		     f->verdict == VERDICT_DROPPED) &&
		    cpuid_set_lookup(request, f->leaf, f->subleaf)) {
			r->outcome = OUTCOME_ACCEPTED_WITH_CHANGES;
			return;
		}
	}
}
