// SPDX-License-Identifier: MIT
#include "probe.h"

static uint32_t mask_of(const struct finding *f)
{
	return f->width == 32 ? 0xffffffffu : ((1u << f->width) - 1) << f->bit;
}

static uint32_t field_of(const struct finding *f, uint32_t reg)
{
	return (reg & mask_of(f)) >> f->bit;
}

/* Requested vs observed, as a check decides it (certify/trace.h). */
static enum verdict observed_verdict(const struct finding *f, uint32_t v)
{
	if (f->has_requested && f->requested == v)
		return VERDICT_AS_CONFIGURED;
	if (f->width == 1 && f->has_requested && f->requested == 1 && v == 0)
		return VERDICT_DROPPED;
	return VERDICT_FORCED;
}

static int popcount(uint32_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

int probe_cross_check(struct check_result *res, const struct cpuid_set *hw)
{
	size_t i;
	int bits = 0;

	for (i = 0; i < res->nfindings; i++) {
		struct finding *f = &res->findings[i];
		const struct cpuid_entry *e =
			cpuid_set_find(hw, f->leaf, f->indexed, f->subleaf);
		uint32_t v;

		/* Only what the hardware reported can disagree. */
		if (!e || e->xcr0_in != f->xcr0_in || e->xss_in != f->xss_in ||
		    (e->unknown[f->reg] & mask_of(f)))
			continue;
		v = field_of(f, e->regs[f->reg]);
		if (!f->has_final) {
			/* The model could not know (the host's, run time):
			 * the hardware tells. */
			f->has_final = true;
			f->final = v;
			if (res->host_dependent)
				res->host_dependent--;
			continue;
		}
		if (f->final == v)
			continue;
		bits += popcount((f->final ^ v) & (f->width == 32 ?
						   0xffffffffu :
						   (1u << f->width) - 1));
		f->note = strpool_printf(&res->pool, "the model predicted "
					 "0x%x (%s, %s %s); the hardware gave "
					 "0x%x", f->final,
					 verdict_name(f->verdict), f->layer,
					 f->rule, v);
		f->verdict = observed_verdict(f, v);
		f->final = v;
		f->class = PROBE_MISMATCH_CLASS;
		f->layer = "hardware";
		if (res->pool.failed)
			return -1;
	}
	if (bits && check_result_warn(res, "%d bit%s of what the hardware "
				      "reported differ%s from the model: see "
				      "the %s findings", bits,
				      bits == 1 ? "" : "s",
				      bits == 1 ? "s" : "",
				      PROBE_MISMATCH_CLASS))
		return -1;
	return bits;
}
