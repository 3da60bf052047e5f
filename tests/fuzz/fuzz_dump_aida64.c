// SPDX-License-Identifier: MIT
/* libFuzzer target for the aida64 reader (certify/dump_aida64.c). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(DUMP_AIDA64, -1, data, size);
	/* A second CPU exercises the section selection. */
	fuzz_reader(DUMP_AIDA64, 1, data, size);
	return 0;
}
