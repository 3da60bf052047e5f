// SPDX-License-Identifier: MIT
/* libFuzzer target for the libvirt reader (certify/dump_libvirt.c). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(DUMP_LIBVIRT, -1, data, size);
	/* A second CPU exercises the section selection. */
	fuzz_reader(DUMP_LIBVIRT, 1, data, size);
	return 0;
}
