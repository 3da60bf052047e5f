// SPDX-License-Identifier: MIT
#include <string.h>

#include "snp_params.h"

static int bad(const struct config *cfg, const char *key, struct diag *d,
	       const char *what)
{
	const struct directive *dir = config_directive(cfg, key);

	diag_set(d, cfg->source ? cfg->source : "config", dir ? dir->line : 0,
		 "%s %s", key, what);
	return -1;
}

int snp_params_read(const struct config *cfg, struct snp_params *p,
		    struct diag *d)
{
	uint64_t v;

	memset(p, 0, sizeof(*p));
	p->policy = SNP_DEFAULT_POLICY;
	p->reduced_phys_bits = 1;
	config_get_u64(cfg, "snp.policy", &p->policy);
	config_get_u64(cfg, "snp.vmsa_features", &p->vmsa_features);
	if (config_get_u64(cfg, "snp.cbitpos", &v)) {
		/* CPUID 0x8000001F EBX[5:0] holds it. */
		if (v > 63)
			return bad(cfg, "snp.cbitpos", d, "must be 0 to 63");
		p->has_cbitpos = true;
		p->cbitpos = (uint32_t)v;
	}
	if (config_get_u64(cfg, "snp.reduced_phys_bits", &v)) {
		if (v > 63)
			return bad(cfg, "snp.reduced_phys_bits", d,
				   "must be 0 to 63");
		p->reduced_phys_bits = (uint32_t)v;
	}
	return 0;
}
