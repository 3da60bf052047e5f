// SPDX-License-Identifier: MIT
#include <string.h>

#include "dump.h"

int dump_format_parse(const char *name)
{
	if (strcmp(name, "auto") == 0)
		return DUMP_AUTO;
	if (strcmp(name, "config") == 0 || strcmp(name, "cpuid-r") == 0)
		return DUMP_CONFIG;
	if (strcmp(name, "aida64") == 0)
		return DUMP_AIDA64;
	if (strcmp(name, "libvirt") == 0)
		return DUMP_LIBVIRT;
	return -1;
}

enum dump_format dump_format_detect(const struct input *in)
{
	const char *p = in->data + input_text_start(in);
	const char *end = in->data + in->len;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
			   *p == '\n'))
		p++;
	if ((size_t)(end - p) >= 7 && memcmp(p, "------[", 7) == 0)
		return DUMP_AIDA64;
	if (p < end && *p == '<')
		return DUMP_LIBVIRT;
	return DUMP_CONFIG;
}

int dump_read(const struct input *in, const struct dump_opts *opts,
	      struct config *cfg, struct diag *d)
{
	enum dump_format fmt = opts->format;
	int ret;

	/* Said once here: an empty file is a mistake in every format. */
	if (in->len == 0) {
		diag_set(d, in->name, 1, "empty file");
		return -1;
	}
	if (fmt == DUMP_AUTO)
		fmt = dump_format_detect(in);
	switch (fmt) {
	case DUMP_AIDA64:
		ret = dump_read_aida64(in, opts, cfg, d);
		break;
	case DUMP_LIBVIRT:
		ret = dump_read_libvirt(in, opts, cfg, d);
		break;
	default:
		ret = dump_read_config(in, opts, cfg, d);
		break;
	}
	if (ret == 0) {
		cfg->source = strdup(in->name);
		if (!cfg->source) {
			diag_set(d, in->name, 0, "out of memory");
			ret = -1;
		}
	}
	if (ret)
		config_release(cfg);
	return ret;
}
