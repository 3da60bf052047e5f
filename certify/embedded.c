// SPDX-License-Identifier: MIT
#include <string.h>

#include "embedded.h"

const struct embedded_file *embedded_input(const char *name)
{
	size_t i;

	for (i = 0; i < embedded_inputs_count; i++)
		if (!strcmp(embedded_inputs[i].name, name))
			return &embedded_inputs[i];
	return NULL;
}
