// SPDX-License-Identifier: MIT
/*
 * Format detection, and every reader against the others and against the
 * shared corpus (skipped with a note when ../shared is absent).  Expected
 * corpus values are the CPUID.1:EAX signatures and brand strings that
 * shared/corpus/cpuid-dumps/SOURCES.md lists for each file.
 */
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "certify/cpuid_decode.h"

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(dump_format_parse("auto"), DUMP_AUTO);
	assert_int_equal(dump_format_parse("config"), DUMP_CONFIG);
	assert_int_equal(dump_format_parse("cpuid-r"), DUMP_CONFIG);
	assert_int_equal(dump_format_parse("aida64"), DUMP_AIDA64);
	assert_int_equal(dump_format_parse("libvirt"), DUMP_LIBVIRT);
	assert_int_equal(dump_format_parse("json"), -1);
}

static enum dump_format detect(const char *text)
{
	struct input in;
	enum dump_format f;

	assert_int_equal(input_from_buffer(&in, "t", text, strlen(text)), 0);
	f = dump_format_detect(&in);
	input_release(&in);
	return f;
}

static void test_detection(void **state)
{
	(void)state;
	assert_int_equal(detect("\n\n------[ CPUID Registers ]------"),
			 DUMP_AIDA64);
	assert_int_equal(detect("\xef\xbb\xbf------[ x ]------"), DUMP_AIDA64);
	assert_int_equal(detect("  <!-- x -->\n<cpudata>"), DUMP_LIBVIRT);
	assert_int_equal(detect("CPU 0:\n"), DUMP_CONFIG);
	assert_int_equal(detect("# comment"), DUMP_CONFIG);
	assert_int_equal(detect(""), DUMP_CONFIG);
}

/* The three fixtures hold the same registers (tests/data/README.md). */
static void test_readers_agree(void **state)
{
	struct config a, b, c;

	(void)state;
	test_read_file(test_data("cpuid-r/local-2cpu.txt"), DUMP_AUTO, 0, &a);
	test_read_file(test_data("aida64/local-2cpu.txt"), DUMP_AUTO, 0, &b);
	test_read_file(test_data("libvirt/local.xml"), DUMP_AUTO, -1, &c);
	assert_true(cpuid_set_equal(&a.cpuid, &b.cpuid));
	assert_true(cpuid_set_equal(&a.cpuid, &c.cpuid));
	assert_string_equal(a.source, test_data("cpuid-r/local-2cpu.txt"));
	config_release(&a);
	config_release(&b);
	config_release(&c);
}

struct corpus_dump {
	const char *file;
	uint32_t signature;	/* CPUID.1:EAX per SOURCES.md */
	const char *brand;	/* the SKU as SOURCES.md names the CPU */
	int last_cpu;		/* highest logical CPU number, -1: one CPU */
};

static const struct corpus_dump corpus[] = {
	{ "instlatx64-intel-sapphirerapids-xeon-w7-2475x-806F8-aida64.txt",
	  0x000806f8, "w7-2475X", 39 },
	{ "instlatx64-intel-emeraldrapids-xeon-gold-5520plus-C06F2-aida64.txt",
	  0x000c06f2, "GOLD 5520+", 111 },
	{ "instlatx64-intel-emeraldrapids-xeon-silver-4514y-C06F2-aida64.txt",
	  0x000c06f2, "SILVER 4514Y", 63 },
	{ "instlatx64-intel-graniterapids-xeon-658x-A06D1-aida64.txt",
	  0x000a06d1, "Xeon(R) 658X", 47 },
	{ "instlatx64-amd-milan-epyc-7713-A00F11-aida64.txt",
	  0x00a00f11, "AMD EPYC 7713 64-Core", 127 },
	{ "instlatx64-amd-milan-epyc-7763-2p-A00F11-aida64.txt",
	  0x00a00f11, "AMD EPYC 7763 64-Core", 255 },
	{ "instlatx64-amd-genoa-epyc-9654-2p-A10F11-aida64.txt",
	  0x00a10f11, "AMD EPYC 9654 96-Core", 383 },
	{ "instlatx64-amd-bergamo-epyc-9754-AA0F02-aida64.txt",
	  0x00aa0f02, "AMD EPYC 9754 128-Core", 255 },
	{ "instlatx64-amd-turin-epyc-9655-B00F21-aida64.txt",
	  0x00b00f21, "AMD EPYC 9655 96-Core", 63 },
	{ "libvirt-intel-sierraforest-xeon-6731e-A06F3-cpudata.xml",
	  0x000a06f3, "6731E", -1 },
	{ "libvirt-intel-graniterapids-xeon-6788p-A06D1-cpudata.xml",
	  0x000a06d1, "6788P", -1 },
	{ "libvirt-intel-sapphirerapids-xeon-bronze-3408u-806F7-cpudata.xml",
	  0x000806f7, "Bronze 3408U", -1 },
	{ "libvirt-amd-genoa-epyc-9334-A10F11-cpudata.xml",
	  0x00a10f11, "AMD EPYC 9334 32-Core", -1 },
	{ "local-host-cpuid-r.txt", 0x00b00f21, "AMD EPYC", 1 },
};

static void test_corpus_dumps(void **state)
{
	size_t i;
	char rel[256];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(corpus); i++) {
		const struct corpus_dump *c = &corpus[i];
		struct config cfg;
		char brand[49];
		const char *path;
		struct diag d;
		struct input in;
		struct dump_opts opts = DUMP_OPTS_DEFAULT;

		snprintf(rel, sizeof(rel), "cpuid-dumps/%s", c->file);
		path = test_corpus(rel);
		if (!path)
			skip();
		test_read_file(path, DUMP_AUTO, -1, &cfg);
		assert_int_equal(test_reg(&cfg, 1, 0, CPUID_REG_EAX),
				 c->signature);
		assert_true(cpuid_decode_brand(&cfg.cpuid, brand));
		/* SOURCES.md names each CPU by (part of) its brand. */
		if (!strcasestr(brand, c->brand))
			fail_msg("%s: brand '%s', expected '%s'", c->file,
				 brand, c->brand);
		config_release(&cfg);
		if (c->last_cpu < 0)
			continue;
		/* The last logical CPU is there; one past it is not. */
		test_read_file(path, DUMP_AUTO, c->last_cpu, &cfg);
		assert_int_equal(cfg.cpu, c->last_cpu);
		config_release(&cfg);
		assert_int_equal(input_load(&in, path, &d), 0);
		opts.cpu = c->last_cpu + 1;
		config_init(&cfg);
		assert_int_equal(dump_read(&in, &opts, &cfg, &d), -1);
		input_release(&in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_detection),
		cmocka_unit_test(test_readers_agree),
		cmocka_unit_test(test_corpus_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
