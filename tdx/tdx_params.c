// SPDX-License-Identifier: MIT
#include <string.h>

#include "tdx_params.h"

/* The line of a directive for messages, or 0. */
static unsigned int line_of(const struct config *cfg, const char *key)
{
	const struct directive *dir = config_directive(cfg, key);

	return dir ? dir->line : 0;
}

int tdx_params_read(const struct config *cfg, struct tdx_params *p,
		    struct diag *d)
{
	const char *file = cfg->source ? cfg->source : "config";
	uint64_t v;

	memset(p, 0, sizeof(*p));
	p->attributes = TDX_DEFAULT_ATTRIBUTES;
	p->xfam = TDX_DEFAULT_XFAM;
	config_get_u64(cfg, "tdx.attributes", &p->attributes);
	p->has_xfam = config_get_u64(cfg, "tdx.xfam", &p->xfam);
	p->has_config_flags = config_get_u64(cfg, "tdx.config_flags",
					     &p->config_flags);
	if (config_get_u64(cfg, "tdx.tsc_frequency", &v)) {
		/* TD_PARAMS.TSC_FREQUENCY is a 16-bit field. */
		if (v > 0xffff) {
			diag_set(d, file, line_of(cfg, "tdx.tsc_frequency"),
				 "tdx.tsc_frequency %llu does not fit "
				 "TD_PARAMS.TSC_FREQUENCY (16 bits, units of "
				 "25 MHz)", (unsigned long long)v);
			return -1;
		}
		p->has_tsc = true;
		p->tsc_frequency = (uint32_t)v;
	}
	if (config_get_u64(cfg, "tdx.migratable", &v)) {
		p->migratable = v;
		if (!v && (p->attributes & TDX_ATTR_MIGRATABLE)) {
			diag_set(d, file, line_of(cfg, "tdx.migratable"),
				 "tdx.migratable = 0 but tdx.attributes sets "
				 "MIGRATABLE (bit 29)");
			return -1;
		}
		if (v)
			p->attributes |= TDX_ATTR_MIGRATABLE;
	} else {
		p->migratable = p->attributes & TDX_ATTR_MIGRATABLE;
	}
	return 0;
}

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Offsets from td_params_s (include/tdx_api_defs.h, 1.5.06), as listed in
 * research/tdx.md §2.4; every reserved byte stays 0.
 */
int tdx_td_params_encode(const struct tdx_td_params *p, uint16_t max_vcpus,
			 uint64_t eptp_controls,
			 uint8_t out[TDX_TD_PARAMS_SIZE])
{
	size_t i;
	unsigned int r;

	if (p->nslots > TDX_TD_PARAMS_MAX_SLOTS)
		return -1;
	memset(out, 0, TDX_TD_PARAMS_SIZE);
	put_le(out + 0, p->attributes, 8);
	put_le(out + 8, p->xfam, 8);
	put_le(out + 16, max_vcpus, 2);
	put_le(out + 24, eptp_controls, 8);
	put_le(out + 32, p->config_flags, 8);
	put_le(out + 40, p->tsc_known ? p->tsc_frequency : 0, 2);
	for (i = 0; i < p->nslots; i++)
		for (r = 0; r < CPUID_NR_REGS; r++)
			put_le(out + TDX_TD_PARAMS_CPUID_OFFSET + 16 * i + 4 * r,
			       p->cpuid[i][r], 4);
	return 0;
}
