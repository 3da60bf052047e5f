/* SPDX-License-Identifier: MIT */
/*
 * A certification report: everything a check decided (struct
 * check_result) plus what it was decided from: the tool, the rule set and
 * the SHA-256 of its bytes, the options, and the inputs themselves with
 * their SHA-256, so that `certify verify --reproduce` can run the check
 * again and compare bytes (DESIGN.md §5; research/reports.md §7).
 *
 * The payload is deterministic CBOR (reports/cbor.h) in the shape of
 * reports/certify-report.cddl; signed, it is the payload of a COSE_Sign1
 * (reports/cose.h).  Every rendering is a view of this structure.
 */
#ifndef CERTIFY_REPORT_H
#define CERTIFY_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/check.h"
#include "certify/diag.h"
#include "certify/strbuf.h"

#define REPORT_FORMAT_VERSION 1
#define REPORT_EAT_PROFILE "tag:certify.invalid,2026:certify-report/1"
#define REPORT_CONTENT_TYPE "application/vnd.certify.report+cbor"
#define REPORT_MAX_INPUTS 4

struct report_input {
	const char *role;	/* "config", "host", "page" or "rules" */
	const char *name;	/* the name it was given by, without dirs */
	uint8_t sha256[32];
	const uint8_t *bytes;	/* the input itself */
	size_t len;
};

/* Who signed a report read from a file, once its signature is known. */
struct report_signature {
	bool present;		/* the report came in a COSE_Sign1 */
	bool verified;		/* ... whose signature checked out */
	int alg;
	uint8_t kid[32];
};

struct report {
	struct check_result res;
	const char *tool;
	const char *tool_version;
	uint8_t ruleset_sha256[32];
	bool ruleset_embedded;	/* the binary's own rule set, by name */
	struct report_input inputs[REPORT_MAX_INPUTS];
	size_t ninputs;
	bool strict;		/* accepted-with-changes is not certified */
	int host_cpu;		/* --host-cpu, -1 if not given */
	bool has_iat;		/* SOURCE_DATE_EPOCH was set */
	uint64_t iat;
	struct report_signature sig;
	uint8_t *storage;	/* owns decoded bytes */
};

void report_init(struct report *r);
void report_release(struct report *r);
/* Adds an input (its bytes are referred to, not copied) with its digest. */
int report_add_input(struct report *r, const char *role, const char *name,
		     const uint8_t *bytes, size_t len);

/* True when the report certifies: accepted, or accepted with changes
 * unless strict. */
bool report_certified(const struct report *r);

/* Appends the deterministic CBOR payload of @r to @out. */
int report_encode(const struct report *r, struct strbuf *out);
/*
 * Reads a payload (already through cbor_validate) into @r.  Strings and
 * inputs point into @r's own storage.  Returns 0, or -1 with @d saying
 * what does not fit the schema.
 */
int report_decode(const uint8_t *p, size_t len, struct report *r,
		  struct diag *d);

/*
 * SOURCE_DATE_EPOCH (reproducible-builds.org): decimal seconds since the
 * epoch.  Returns 0 with @set false when unset, 0 with the value, or -1
 * when it is malformed.
 */
int report_source_date_epoch(bool *set, uint64_t *t);

#endif
