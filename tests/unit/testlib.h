/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the cmocka unit tests.
 */
#ifndef CERTIFY_TESTLIB_H
#define CERTIFY_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "certify/config.h"
#include "certify/dump.h"

/* A fixture under tests/data (or $CERTIFY_TESTDATA). */
const char *test_data(const char *rel);
/* A file of the shared corpus, or NULL (and a note) when it is absent. */
const char *test_corpus(const char *rel);

/* Reads @text as if it were a file named "t.cfg"; returns dump_read(). */
int test_read_text(const char *text, int format, int cpu, struct config *cfg,
		   struct diag *d);
int test_read_text_n(const char *text, size_t len, int format, int cpu,
		     struct config *cfg, struct diag *d);
/* Reads a file; fails the test on error. */
void test_read_file(const char *path, int format, int cpu,
		    struct config *cfg);
/* Asserts that reading @text fails with exactly @msg. */
void test_expect_error(const char *text, int format, const char *msg);
/* The same for input that holds NUL bytes. */
void test_expect_error_n(const char *text, size_t len, int format,
			 const char *msg);

/* The register of CPUID(leaf, subleaf); fails the test if absent. */
uint32_t test_reg(const struct config *cfg, uint32_t leaf, uint32_t subleaf,
		  unsigned int reg);

#endif
