/* SPDX-License-Identifier: MIT */
/*
 * Files compiled into the binary from models/ (scripts/embed.sh): rule sets,
 * example configs and reference hosts, so that certify needs no installed
 * data.
 */
#ifndef CERTIFY_EMBEDDED_H
#define CERTIFY_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	/* file name without its extension */
	const unsigned char *data;
	size_t len;
};

/* models/PLATFORM/NAME.rules */
extern const struct embedded_file embedded_rulesets[];
extern const size_t embedded_rulesets_count;
/* models/examples/NAME.cfg and models/hosts/NAME.cfg: embedded:NAME */
extern const struct embedded_file embedded_inputs[];
extern const size_t embedded_inputs_count;

const struct embedded_file *embedded_input(const char *name);

#endif
