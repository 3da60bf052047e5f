// SPDX-License-Identifier: MIT
/*
 * `make bench`: throughput of each reader and of the config writer, on the
 * fixtures and, when present, the largest shared-corpus dumps.  Prints
 * figures; never fails on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certify/config_write.h"
#include "certify/dump.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_file(const char *path, const char *label, int cpu)
{
	struct dump_opts opts = { .format = DUMP_AUTO, .cpu = cpu };
	struct strbuf sb = STRBUF_INIT;
	double start, read_s, write_s;
	unsigned int i, rounds;
	struct config cfg;
	struct input in;
	struct diag d;
	size_t entries = 0;

	if (input_load(&in, path, &d)) {
		printf("%-60s skipped (%s)\n", path, d.msg);
		return;
	}
	/* About 64 MiB of input per file, at least 20 rounds. */
	rounds = (unsigned int)(64u * 1024 * 1024 / (in.len + 1));
	if (rounds < 20)
		rounds = 20;
	if (rounds > 20000)
		rounds = 20000;
	start = now();
	for (i = 0; i < rounds; i++) {
		config_init(&cfg);
		if (dump_read(&in, &opts, &cfg, &d)) {
			printf("%s: %s\n", path, d.msg);
			exit(1);
		}
		entries = cfg.cpuid.n;
		config_release(&cfg);
	}
	read_s = (now() - start) / rounds;

	config_init(&cfg);
	dump_read(&in, &opts, &cfg, &d);
	start = now();
	for (i = 0; i < rounds; i++) {
		strbuf_reset(&sb);
		config_write(&cfg, NULL, &sb);
	}
	write_s = (now() - start) / rounds;
	config_release(&cfg);
	strbuf_release(&sb);

	printf("%-60s %8zu bytes %4zu entries  read %9.1f us (%7.1f MB/s)"
	       "  write %6.1f us\n", label, in.len, entries, read_s * 1e6, in.len / read_s / 1e6,
	       write_s * 1e6);
	input_release(&in);
}

int main(void)
{
	static const char *const fixtures[] = {
		"tests/data/config/example.cfg",
		"tests/data/cpuid-r/local-2cpu.txt",
		"tests/data/aida64/local-2cpu.txt",
		"tests/data/libvirt/local.xml",
	};
	static const char *const corpus[] = {
		"cpuid-dumps/instlatx64-amd-genoa-epyc-9654-2p-A10F11-aida64.txt",
		"cpuid-dumps/libvirt-intel-graniterapids-xeon-6788p-A06D1-cpudata.xml",
		"cpuid-dumps/local-host-cpuid-r.txt",
	};
	const char *dir = getenv("CERTIFY_CORPUS");
	char path[4096];
	size_t i;

	printf("bench_readers: per-file read and config-write time\n");
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		bench_file(fixtures[i], fixtures[i], -1);
	for (i = 0; dir && i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, corpus[i]);
		bench_file(path, corpus[i], -1);
	}
	/* The last CPU of the largest dump: the whole file is scanned. */
	if (dir) {
		snprintf(path, sizeof(path), "%s/%s", dir, corpus[0]);
		bench_file(path, "(same, last logical CPU #383)", 383);
	}
	return 0;
}
