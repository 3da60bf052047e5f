// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "scan.h"
#include "util.h"

/*
 * Every directive certify understands, sorted by key.  Platform parameters
 * (tdx.*, snp.*) join this table with the platforms that read them.
 */
const struct directive_spec config_directive_specs[] = {
	{
		.key = "cpuid.indexed",
		.type = DIRECTIVE_LEAF_LIST,
		.help = "leaves whose sub-leaf is significant although "
			"models/cpuid-leaves.txt does not say so",
	},
	{
		.key = "snp.cbitpos",
		.type = DIRECTIVE_U64,
		.help = "QEMU sev-snp-guest cbitpos (default: the host's "
			"CPUID 0x8000001F EBX[5:0], else 51)",
	},
	{
		.key = "snp.policy",
		.type = DIRECTIVE_U64,
		.help = "SNP guest policy for SNP_LAUNCH_START (default "
			"0x30000: SMT allowed, bit 17 set)",
	},
	{
		.key = "snp.reduced_phys_bits",
		.type = DIRECTIVE_U64,
		.help = "QEMU sev-snp-guest reduced-phys-bits (default 1)",
	},
	{
		.key = "snp.vmsa_features",
		.type = DIRECTIVE_U64,
		.help = "SEV_FEATURES for KVM_SEV_INIT2 (default 0)",
	},
	{
		.key = "tdx.attributes",
		.type = DIRECTIVE_U64,
		.help = "TD_PARAMS.ATTRIBUTES (default 0x10000000, "
			"SEPT_VE_DISABLE)",
	},
	{
		.key = "tdx.config_flags",
		.type = DIRECTIVE_U64,
		.help = "TD_PARAMS.CONFIG_FLAGS; mainline KVM sets its own "
			"(used with --kvm none)",
	},
	{
		.key = "tdx.migratable",
		.type = DIRECTIVE_BOOL,
		.help = "1: a migratable TD (ATTRIBUTES.MIGRATABLE, bit 29)",
	},
	{
		.key = "tdx.tsc_frequency",
		.type = DIRECTIVE_U64,
		.help = "TD_PARAMS.TSC_FREQUENCY in units of 25 MHz (default: "
			"the host's TSC)",
	},
	{
		.key = "tdx.xfam",
		.type = DIRECTIVE_U64,
		.help = "TD_PARAMS.XFAM (default 0x3, x87 and SSE)",
	},
};

const size_t config_directive_specs_count = ARRAY_SIZE(config_directive_specs);

const struct directive_spec *config_directive_spec(const char *key,
						   size_t len)
{
	size_t i;

	for (i = 0; i < config_directive_specs_count; i++) {
		const char *k = config_directive_specs[i].key;

		if (strlen(k) == len && memcmp(k, key, len) == 0)
			return &config_directive_specs[i];
	}
	return NULL;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cpuid_set_init(&cfg->cpuid);
	cfg->format = "config";
	cfg->cpu = -1;
}

void config_release(struct config *cfg)
{
	size_t i;

	cpuid_set_release(&cfg->cpuid);
	for (i = 0; i < cfg->ndirectives; i++) {
		free(cfg->directives[i].key);
		free(cfg->directives[i].value);
	}
	free(cfg->directives);
	free(cfg->source);
	config_init(cfg);
}

bool directive_parse_u64(const char *value, size_t len, uint64_t *out)
{
	struct scan s;

	scan_init(&s, value, len);
	return scan_number(&s, 64, out) == SCAN_NUM_OK && scan_eof(&s);
}

bool directive_parse_leaf_list(const char *value, size_t len,
			       bool (*fn)(uint32_t leaf, void *arg),
			       void *arg)
{
	struct scan s;

	scan_init(&s, value, len);
	for (;;) {
		uint64_t leaf;

		scan_ws(&s);
		if (scan_hex(&s, 32, &leaf) != SCAN_NUM_OK)
			return false;
		if (fn && !fn((uint32_t)leaf, arg))
			return false;
		scan_ws(&s);
		if (scan_eof(&s))
			return true;
		if (!scan_lit(&s, ","))
			return false;
	}
}

static bool value_is_valid(const struct directive_spec *spec,
			   const char *value, size_t len)
{
	uint64_t v;

	switch (spec->type) {
	case DIRECTIVE_U64:
		return directive_parse_u64(value, len, &v);
	case DIRECTIVE_BOOL:
		return directive_parse_u64(value, len, &v) && v <= 1;
	case DIRECTIVE_LEAF_LIST:
		return directive_parse_leaf_list(value, len, NULL, NULL);
	}
	return false;
}

static const char *type_words(enum directive_type type)
{
	switch (type) {
	case DIRECTIVE_U64:
		return "a number (0x hex or decimal, up to 64 bits)";
	case DIRECTIVE_BOOL:
		return "0 or 1";
	case DIRECTIVE_LEAF_LIST:
		return "a comma-separated list of 0x hex leaves";
	}
	return "?";
}

int config_add_directive(struct config *cfg, const char *key, size_t keylen,
			 const char *value, size_t valuelen, const char *file,
			 unsigned int line, struct diag *d)
{
	const struct directive_spec *spec = config_directive_spec(key, keylen);
	struct directive *dirs, nd;
	size_t pos;

	if (!spec) {
		diag_set(d, file, line, "unknown directive '%.*s'",
			 (int)keylen, key);
		return -1;
	}
	for (pos = 0; pos < cfg->ndirectives; pos++) {
		int c = strcmp(cfg->directives[pos].key, spec->key);

		if (c == 0) {
			diag_set(d, file, line,
				 "directive '%s' set twice (first at line %u)",
				 spec->key, cfg->directives[pos].line);
			return -1;
		}
		if (c > 0)
			break;
	}
	if (!value_is_valid(spec, value, valuelen)) {
		diag_set(d, file, line, "bad value '%.*s' for %s: expected %s",
			 (int)valuelen, value, spec->key,
			 type_words(spec->type));
		return -1;
	}
	nd.key = strdup(spec->key);
	nd.value = strndup(value, valuelen);
	nd.line = line;
	dirs = realloc(cfg->directives,
		       (cfg->ndirectives + 1) * sizeof(*dirs));
	if (!nd.key || !nd.value || !dirs) {
		free(nd.key);
		free(nd.value);
		if (dirs)
			cfg->directives = dirs;
		diag_set(d, file, line, "out of memory");
		return -1;
	}
	cfg->directives = dirs;
	memmove(&dirs[pos + 1], &dirs[pos],
		(cfg->ndirectives - pos) * sizeof(*dirs));
	dirs[pos] = nd;
	cfg->ndirectives++;
	return 0;
}

const struct directive *config_directive(const struct config *cfg,
					 const char *key)
{
	size_t i;

	for (i = 0; i < cfg->ndirectives; i++)
		if (strcmp(cfg->directives[i].key, key) == 0)
			return &cfg->directives[i];
	return NULL;
}

bool config_get_u64(const struct config *cfg, const char *key,
		    uint64_t *value)
{
	const struct directive *dir = config_directive(cfg, key);

	if (!dir)
		return false;
	return directive_parse_u64(dir->value, strlen(dir->value), value);
}
