// SPDX-License-Identifier: MIT
/* Writing a config and reading it back gives the same set. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "certify/config_write.h"

static void round_trip(const struct config *cfg)
{
	struct strbuf sb = STRBUF_INIT;
	struct config back;
	struct diag d;

	config_write(cfg, "round trip", &sb);
	assert_false(strbuf_failed(&sb));
	if (test_read_text(strbuf_str(&sb), DUMP_CONFIG, -1, &back, &d))
		fail_msg("%s\n%s", d.msg, strbuf_str(&sb));
	assert_true(cpuid_set_equal(&cfg->cpuid, &back.cpuid));
	config_release(&back);
	strbuf_release(&sb);
}

static void test_fixtures_round_trip(void **state)
{
	static const char *const files[] = {
		"config/example.cfg", "cpuid-r/local-2cpu.txt",
		"aida64/local-2cpu.txt", "libvirt/local.xml",
	};
	struct config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		test_read_file(test_data(files[i]), DUMP_AUTO, -1, &cfg);
		round_trip(&cfg);
		config_release(&cfg);
	}
}

static void test_layout(void **state)
{
	static const char expect[] =
		"# first\n#\n# third\n"
		"cpuid.indexed = 0x80000027\n\n"
		"0x00000000 0x00: eax=0x0000001c ebx=0x68747541 "
		"ecx=0x444d4163 edx=0x69746e65\n";
	struct strbuf sb = STRBUF_INIT;
	struct config cfg;

	(void)state;
	test_read_file(test_data("config/example.cfg"), DUMP_AUTO, -1, &cfg);
	config_write(&cfg, "first\n\nthird", &sb);
	/* Comments first, then directives, a blank line, the entries as
	 * `cpuid -r` prints them. */
	assert_true(strncmp(strbuf_str(&sb), expect, strlen(expect)) == 0);
	assert_non_null(strstr(strbuf_str(&sb),
			       "\n0x00000014 *: eax=0x00000000"));
	assert_non_null(strstr(strbuf_str(&sb),
			       "edx=0x00000000 xcr0_in=0x7 xss_in=0x1800\n"));
	config_release(&cfg);
	strbuf_release(&sb);
}

/* Sets that no reader makes, built by hand, still come back the same. */
static void test_edge_sets(void **state)
{
	struct cpuid_entry e[] = {
		{ .leaf = 0x7, .indexed = false },		/* '*' */
		{ .leaf = 0x22, .indexed = true },		/* directive */
		{ .leaf = 0x23, .indexed = true, .subleaf = 0 },
		{ .leaf = 0x23, .indexed = true, .subleaf = 2 },
		{ .leaf = 0x40000100, .indexed = false, .xss_in = 0x100 },
		{ .leaf = 0x80000099, .indexed = true, .subleaf = 0xabcd },
	};
	struct config cfg;
	size_t i;

	(void)state;
	config_init(&cfg);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		e[i].regs[0] = (uint32_t)i * 0x11111111u;
		assert_int_equal(cpuid_set_insert(&cfg.cpuid, &e[i]), 0);
	}
	round_trip(&cfg);
	config_release(&cfg);
}

static void test_corpus_round_trip(void **state)
{
	const char *dir = test_corpus("cpuid-dumps");
	struct dirent *de;
	char path[4096];
	unsigned int n = 0;
	DIR *dh;

	(void)state;
	if (!dir)
		skip();
	dh = opendir(dir);
	assert_non_null(dh);
	while ((de = readdir(dh))) {
		struct config cfg;
		const char *ext = strrchr(de->d_name, '.');

		if (!ext || (!strstr(de->d_name, "aida64") &&
			     !strstr(de->d_name, "cpudata") &&
			     !strstr(de->d_name, "cpuid-r")))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		test_read_file(path, DUMP_AUTO, -1, &cfg);
		round_trip(&cfg);
		config_release(&cfg);
		n++;
	}
	closedir(dh);
	assert_int_equal(n, 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_round_trip),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_edge_sets),
		cmocka_unit_test(test_corpus_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
