/* SPDX-License-Identifier: MIT */
/*
 * The body every reader's libFuzzer target shares: read the input with one
 * reader; when it is accepted, show it, write it as a config and check that
 * the config reads back as the same set (an invariant, not only "no
 * crash").
 */
#ifndef CERTIFY_FUZZ_READER_H
#define CERTIFY_FUZZ_READER_H

#include <stdint.h>
#include <stdlib.h>

#include "certify/config_write.h"
#include "certify/cpuid_show.h"
#include "certify/dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_reader(enum dump_format format, int cpu, const uint8_t *data,
			size_t size)
{
	struct dump_opts opts = { .format = format, .cpu = cpu };
	struct strbuf out = STRBUF_INIT;
	struct config cfg, back;
	struct input in, again;
	struct diag d;

	if (input_from_buffer(&in, "fuzz", data, size))
		return;
	config_init(&cfg);
	if (dump_read(&in, &opts, &cfg, &d) == 0) {
		cpuid_show(&cfg, &out);
		strbuf_reset(&out);
		config_write(&cfg, "fuzz", &out);
		if (strbuf_failed(&out) ||
		    input_from_buffer(&again, "again", strbuf_str(&out),
				      out.len))
			abort();
		opts.format = DUMP_CONFIG;
		opts.cpu = -1;
		config_init(&back);
		if (dump_read(&again, &opts, &back, &d) ||
		    !cpuid_set_equal(&cfg.cpuid, &back.cpuid))
			abort();
		config_release(&back);
		input_release(&again);
		config_release(&cfg);
	} else if (!diag_is_set(&d)) {
		abort();	/* every failure explains itself */
	}
	strbuf_release(&out);
	input_release(&in);
}

#endif
