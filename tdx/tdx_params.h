/* SPDX-License-Identifier: MIT */
/*
 * The TD's launch parameters, from the config's tdx.* directives, and the
 * TD_PARAMS structure TDH.MNG.INIT takes (research/tdx.md §2.4).
 */
#ifndef CERTIFY_TDX_PARAMS_H
#define CERTIFY_TDX_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/config.h"
#include "certify/diag.h"
#include "tdx_module.h"

/* Defaults: QEMU's default TD (SEPT_VE_DISABLE) and the x87|SSE XFAM
 * every TD has (XFAM_FIXED1). */
#define TDX_DEFAULT_ATTRIBUTES TDX_ATTR_SEPT_VE_DISABLE
#define TDX_DEFAULT_XFAM 0x3ull

struct tdx_params {
	uint64_t attributes;
	uint64_t xfam;
	bool has_xfam;		/* given, not the default */
	bool has_config_flags;
	uint64_t config_flags;
	bool has_tsc;
	uint32_t tsc_frequency;	/* 25 MHz units */
	bool migratable;
};

/* Reads the tdx.* directives; a bad value is "file:line: ...". */
int tdx_params_read(const struct config *cfg, struct tdx_params *p,
		    struct diag *d);

/* TD_PARAMS as the module reads it: 1024 bytes, little-endian. */
#define TDX_TD_PARAMS_SIZE 1024
#define TDX_TD_PARAMS_CPUID_OFFSET 256
#define TDX_TD_PARAMS_MAX_SLOTS \
	((TDX_TD_PARAMS_SIZE - TDX_TD_PARAMS_CPUID_OFFSET) / 16)

/* Encodes TD_PARAMS; -1 if there are more slots than the structure has. */
int tdx_td_params_encode(const struct tdx_td_params *p, uint16_t max_vcpus,
			 uint64_t eptp_controls,
			 uint8_t out[TDX_TD_PARAMS_SIZE]);

#endif
