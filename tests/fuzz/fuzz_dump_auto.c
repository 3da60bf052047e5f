// SPDX-License-Identifier: MIT
/* libFuzzer target for format detection and dispatch (certify/dump.c). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(DUMP_AUTO, -1, data, size);
	return 0;
}
