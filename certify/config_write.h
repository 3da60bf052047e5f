/* SPDX-License-Identifier: MIT */
/*
 * The config writer.  Its output reads back (dump_read_config) as the same
 * CPUID set and directives; CPUID lines keep the `cpuid -r` layout.
 */
#ifndef CERTIFY_CONFIG_WRITE_H
#define CERTIFY_CONFIG_WRITE_H

#include "config.h"
#include "strbuf.h"

/*
 * Appends @cfg to @out.  @header, if not NULL, is written first as comment
 * lines (one per '\n'-separated line).
 */
void config_write(const struct config *cfg, const char *header,
		  struct strbuf *out);

#endif
