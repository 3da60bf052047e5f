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

#include "certify/check.h"
#include "certify/config.h"
#include "certify/dump.h"

/* A fixture under tests/data (or $CERTIFY_TESTDATA). */
const char *test_data(const char *rel);
/* A file of the shared corpus, or NULL (and a note) when it is absent. */
const char *test_corpus(const char *rel);
/* A whole file, relative to the repository root; the caller frees it. */
char *test_slurp(const char *path, size_t *len);

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

/*
 * Runs `certify check --platform tdx` on @config_text with the embedded
 * rule set @rules, @host (NULL: none), @vmm and @kvm; fails the test if
 * the check cannot run.
 */
void test_tdx_check(const char *rules, const char *config_text,
		    const struct cpuid_set *host, const char *vmm,
		    const char *kvm, struct check_result *res);
/*
 * Runs `certify check --platform snp` with the embedded Genoa rule set on
 * @config_text, or on the 4096-byte @page when @config_text is NULL, with
 * @host (NULL: none) and @vmm ("none" or "qemu"); fails the test if the
 * check cannot run.
 */
void test_snp_check(const char *config_text, const uint8_t *page,
		    const struct cpuid_set *host, const char *vmm,
		    struct check_result *res);
/* The finding that covers (leaf, sub-leaf, reg, bit); fails if none. */
const struct finding *test_find(const struct check_result *r, uint32_t leaf,
				uint32_t subleaf, unsigned int reg,
				unsigned int bit);
/* Sets or clears a bit of an entry of @set; fails if the entry is absent. */
void test_set_bit(struct cpuid_set *set, uint32_t leaf, uint32_t subleaf,
		  unsigned int reg, unsigned int bit, bool on);

#endif
