/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by every part of certify.
 */
#ifndef CERTIFY_UTIL_H
#define CERTIFY_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))

/* Exit statuses of the certify program (DESIGN.md §4). */
enum certify_exit {
	EXIT_CERTIFIED = 0,
	EXIT_NOT_CERTIFIED = 1,
	EXIT_USAGE = 2,
	EXIT_BAD_INPUT = 3,
	EXIT_ENVIRONMENT = 4,
};

#endif
