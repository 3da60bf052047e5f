// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>

#include "certify/leaves.h"
#include "snp_page.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

void snp_page_encode(const struct snp_page *p, uint8_t out[SNP_PAGE_SIZE])
{
	unsigned int i, r;

	put32(out, p->count);
	put32(out + 4, p->reserved1);
	put64(out + 8, p->reserved2);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++) {
		const struct snp_page_entry *e = &p->e[i];
		uint8_t *q = out + SNP_PAGE_HEADER_SIZE +
			     i * SNP_PAGE_ENTRY_SIZE;

		put32(q, e->eax_in);
		put32(q + 4, e->ecx_in);
		put64(q + 8, e->xcr0_in);
		put64(q + 16, e->xss_in);
		for (r = 0; r < 4; r++)
			put32(q + 24 + 4 * r, e->regs[r]);
		put64(q + 40, e->reserved);
	}
	memcpy(out + SNP_PAGE_USED, p->tail, sizeof(p->tail));
}

void snp_page_decode(const uint8_t in[SNP_PAGE_SIZE], struct snp_page *p)
{
	unsigned int i, r;

	p->count = get32(in);
	p->reserved1 = get32(in + 4);
	p->reserved2 = get64(in + 8);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++) {
		struct snp_page_entry *e = &p->e[i];
		const uint8_t *q = in + SNP_PAGE_HEADER_SIZE +
				   i * SNP_PAGE_ENTRY_SIZE;

		e->eax_in = get32(q);
		e->ecx_in = get32(q + 4);
		e->xcr0_in = get64(q + 8);
		e->xss_in = get64(q + 16);
		for (r = 0; r < 4; r++)
			e->regs[r] = get32(q + 24 + 4 * r);
		e->reserved = get64(q + 40);
	}
	memcpy(p->tail, in + SNP_PAGE_USED, sizeof(p->tail));
}

int snp_page_read(const struct input *in, struct snp_page *p, struct diag *d)
{
	if (in->len != SNP_PAGE_SIZE) {
		diag_set(d, in->name, 0, "a CPUID page is %d bytes, this file "
			 "has %zu", SNP_PAGE_SIZE, in->len);
		return -1;
	}
	snp_page_decode((const uint8_t *)in->data, p);
	return 0;
}

struct cpuid_entry snp_page_key(const struct snp_page_entry *pe)
{
	struct cpuid_entry e = {
		.leaf = pe->eax_in,
		.subleaf = pe->ecx_in,
		.indexed = pe->ecx_in != 0 || cpuid_leaf_is_indexed(pe->eax_in),
		.xcr0_in = pe->xcr0_in,
		.xss_in = pe->xss_in,
	};

	memcpy(e.regs, pe->regs, sizeof(e.regs));
	return e;
}

int snp_page_to_set(const struct snp_page *p, struct cpuid_set *set,
		    unsigned int *dups)
{
	unsigned int i, n = p->count < SNP_PAGE_ENTRIES ? p->count
							: SNP_PAGE_ENTRIES;
	int ret;

	*dups = 0;
	for (i = 0; i < n; i++) {
		struct cpuid_entry e = snp_page_key(&p->e[i]);

		ret = cpuid_set_insert(set, &e);
		if (ret == -EEXIST)
			(*dups)++;
		else if (ret)
			return ret;
	}
	return 0;
}

int snp_page_from_set(const struct cpuid_set *set, struct snp_page *p)
{
	const struct cpuid_entry *e;
	unsigned int i = 0;

	memset(p, 0, sizeof(*p));
	p->count = (uint32_t)set->n;
	cpuid_set_for_each(e, set) {
		if (i == SNP_PAGE_ENTRIES)
			break;
		p->e[i].eax_in = e->leaf;
		p->e[i].ecx_in = e->indexed ? e->subleaf : 0;
		p->e[i].xcr0_in = e->xcr0_in;
		p->e[i].xss_in = e->xss_in;
		memcpy(p->e[i].regs, e->regs, sizeof(p->e[i].regs));
		i++;
	}
	return 0;
}
