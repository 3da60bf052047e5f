// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"
#include "snp/snp_check.h"
#include "tdx/tdx_check.h"

static char path_buf[4][4096];
static unsigned int path_next;

static const char *join(const char *dir, const char *rel)
{
	char *p = path_buf[path_next++ % 4];

	snprintf(p, sizeof(path_buf[0]), "%s/%s", dir, rel);
	return p;
}

const char *test_data(const char *rel)
{
	const char *dir = getenv("CERTIFY_TESTDATA");

	return join(dir ? dir : "tests/data", rel);
}

const char *test_corpus(const char *rel)
{
	const char *dir = getenv("CERTIFY_CORPUS");
	const char *p;
	struct stat st;

	if (!dir || !*dir)
		dir = "../shared/corpus";
	p = join(dir, rel);
	if (stat(p, &st) != 0) {
		printf("note: %s absent, corpus check skipped\n", p);
		return NULL;
	}
	return p;
}

int test_read_text(const char *text, int format, int cpu, struct config *cfg,
		   struct diag *d)
{
	return test_read_text_n(text, strlen(text), format, cpu, cfg, d);
}

int test_read_text_n(const char *text, size_t len, int format, int cpu,
		     struct config *cfg, struct diag *d)
{
	struct dump_opts opts = { .format = format, .cpu = cpu };
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, "t.cfg", text, len), 0);
	config_init(cfg);
	diag_clear(d);
	ret = dump_read(&in, &opts, cfg, d);
	input_release(&in);
	return ret;
}

void test_read_file(const char *path, int format, int cpu,
		    struct config *cfg)
{
	struct dump_opts opts = { .format = format, .cpu = cpu };
	struct input in;
	struct diag d;

	diag_clear(&d);
	if (input_load(&in, path, &d))
		fail_msg("%s", d.msg);
	config_init(cfg);
	if (dump_read(&in, &opts, cfg, &d)) {
		input_release(&in);
		fail_msg("%s", d.msg);
	}
	input_release(&in);
}

void test_expect_error(const char *text, int format, const char *msg)
{
	test_expect_error_n(text, strlen(text), format, msg);
}

void test_expect_error_n(const char *text, size_t len, int format,
			 const char *msg)
{
	struct config cfg;
	struct diag d;

	if (test_read_text_n(text, len, format, -1, &cfg, &d) == 0) {
		config_release(&cfg);
		fail_msg("accepted bad input, expected \"%s\"", msg);
	}
	assert_string_equal(d.msg, msg);
	/* A failed read leaves nothing behind. */
	assert_int_equal(cfg.cpuid.n, 0);
	assert_int_equal(cfg.ndirectives, 0);
}

uint32_t test_reg(const struct config *cfg, uint32_t leaf, uint32_t subleaf,
		  unsigned int reg)
{
	const struct cpuid_entry *e =
		cpuid_set_lookup(&cfg->cpuid, leaf, subleaf);

	if (!e)
		fail_msg("no entry for 0x%x/0x%x", leaf, subleaf);
	return e->regs[reg];
}

/* The rule set's strings must outlive it in @res. */
static void keep_ruleset(struct check_result *res, const struct ruleset *rs)
{
	res->ruleset = strpool_intern(&res->pool, rs->name);
	res->ruleset_version = strpool_intern(&res->pool, rs->version);
	res->ruleset_source = strpool_intern(&res->pool, rs->source);
}

void test_tdx_check(const char *rules, const char *config_text,
		    const struct cpuid_set *host, const char *vmm,
		    const char *kvm, struct check_result *res)
{
	struct check_request req = { .vmm = vmm, .kvm = kvm, .host = host };
	struct ruleset rs;
	struct config cfg;
	struct diag d;

	if (test_read_text(config_text, DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	if (ruleset_load_embedded(rules, &rs, &d))
		fail_msg("%s", d.msg);
	req.config = &cfg;
	req.rules = &rs;
	check_result_init(res);
	if (tdx_check(&req, res, &d))
		fail_msg("%s", d.msg);
	keep_ruleset(res, &rs);
	ruleset_release(&rs);
	config_release(&cfg);
}

void test_snp_check(const char *config_text, const uint8_t *page,
		    const struct cpuid_set *host, const char *vmm,
		    struct check_result *res)
{
	struct check_request req = { .vmm = vmm, .kvm = "mainline",
				     .host = host };
	struct input in = { 0 };
	struct ruleset rs;
	struct config cfg;
	struct diag d;

	config_init(&cfg);
	if (config_text && test_read_text(config_text, DUMP_CONFIG, -1, &cfg,
					  &d))
		fail_msg("%s", d.msg);
	if (page && input_from_buffer(&in, "page", page, 4096))
		fail_msg("out of memory");
	if (ruleset_load_embedded("snp-genoa-1.55.25", &rs, &d))
		fail_msg("%s", d.msg);
	req.config = config_text ? &cfg : NULL;
	req.page = page ? &in : NULL;
	req.rules = &rs;
	check_result_init(res);
	if (snp_check(&req, res, &d))
		fail_msg("%s", d.msg);
	keep_ruleset(res, &rs);
	ruleset_release(&rs);
	config_release(&cfg);
	input_release(&in);
}

const struct finding *test_find(const struct check_result *r, uint32_t leaf,
				uint32_t subleaf, unsigned int reg,
				unsigned int bit)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		if (f->leaf == leaf && (!f->indexed || f->subleaf == subleaf) &&
		    f->reg == reg && bit >= f->bit && bit < f->bit + f->width)
			return f;
	}
	fail_msg("no finding for 0x%x/0x%x reg %u bit %u", leaf, subleaf, reg,
		 bit);
	return NULL;
}

void test_set_bit(struct cpuid_set *set, uint32_t leaf, uint32_t subleaf,
		  unsigned int reg, unsigned int bit, bool on)
{
	struct cpuid_entry *e =
		(struct cpuid_entry *)cpuid_set_lookup(set, leaf, subleaf);

	if (!e)
		fail_msg("no entry 0x%x/0x%x", leaf, subleaf);
	if (on)
		e->regs[reg] |= 1u << bit;
	else
		e->regs[reg] &= ~(1u << bit);
}

char *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		fail_msg("cannot open %s (tests run from the repo root)", path);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}
