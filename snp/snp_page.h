/* SPDX-License-Identifier: MIT */
/*
 * The SEV-SNP CPUID page: 4 KiB, little-endian, packed (research/snp.md
 * §2; SNP firmware ABI spec 56860, Linux struct snp_cpuid_table):
 *
 *   0x00 count u32   0x04 reserved1 u32   0x08 reserved2 u64
 *   0x10 64 entries of 48 bytes:
 *        eax_in u32, ecx_in u32, xcr0_in u64, xss_in u64,
 *        eax u32, ebx u32, ecx u32, edx u32, reserved u64
 *   0xC10..0xFFF unused (kept as read, so a page reads back byte-exact)
 */
#ifndef CERTIFY_SNP_PAGE_H
#define CERTIFY_SNP_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "certify/config.h"
#include "certify/diag.h"
#include "certify/input.h"
#include "certify/strbuf.h"

#define SNP_PAGE_SIZE 4096
#define SNP_PAGE_ENTRIES 64
#define SNP_PAGE_HEADER_SIZE 16
#define SNP_PAGE_ENTRY_SIZE 48
#define SNP_PAGE_USED (SNP_PAGE_HEADER_SIZE + \
		       SNP_PAGE_ENTRIES * SNP_PAGE_ENTRY_SIZE)

struct snp_page_entry {
	uint32_t eax_in;
	uint32_t ecx_in;
	uint64_t xcr0_in;
	uint64_t xss_in;
	uint32_t regs[4];	/* eax, ebx, ecx, edx */
	uint64_t reserved;
};

struct snp_page {
	uint32_t count;
	uint32_t reserved1;
	uint64_t reserved2;
	struct snp_page_entry e[SNP_PAGE_ENTRIES];
	uint8_t tail[SNP_PAGE_SIZE - SNP_PAGE_USED];
};

void snp_page_encode(const struct snp_page *p, uint8_t out[SNP_PAGE_SIZE]);
void snp_page_decode(const uint8_t in[SNP_PAGE_SIZE], struct snp_page *p);
/* --page FILE: exactly 4096 bytes, else -1 with @d set. */
int snp_page_read(const struct input *in, struct snp_page *p, struct diag *d);

/*
 * The CPUID set a page stands for, as config entries with xcr0_in/xss_in:
 * entries [0, min(count, 64)).  An entry the guest's lookup can never
 * reach (the same key as an earlier one, or a sub-leaf of a leaf an earlier
 * entry answers for every ECX) is left out, as the Linux guest takes the
 * first match; @dups counts them.
 */
int snp_page_to_set(const struct snp_page *p, struct cpuid_set *set,
		    unsigned int *dups);
/* The key certify uses for a page entry: the sub-leaf is significant for
 * indexed leaves and whenever ecx_in is not 0. */
struct cpuid_entry snp_page_key(const struct snp_page_entry *pe);
/*
 * The page of a config with --vmm none: its entries as given, in key
 * order, with ecx_in = the sub-leaf (0 when not significant).  count is
 * the number of entries even above 64, as a VMM would pass it; the page
 * holds the first 64 (and the firmware refuses such a count).
 */
int snp_page_from_set(const struct cpuid_set *set, struct snp_page *p);

#endif
