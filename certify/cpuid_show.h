/* SPDX-License-Identifier: MIT */
/*
 * `certify cpuid show`: a CPUID set decoded for people, leaf by leaf and
 * register by register, with the names of set bits and the values of
 * multi-bit fields.
 */
#ifndef CERTIFY_CPUID_SHOW_H
#define CERTIFY_CPUID_SHOW_H

#include "config.h"
#include "strbuf.h"

void cpuid_show(const struct config *cfg, struct strbuf *out);

#endif
