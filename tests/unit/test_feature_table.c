// SPDX-License-Identifier: MIT
#include <string.h>

#include "testlib.h"
#include "certify/feature_table.h"

static void assert_field(struct cpuid_field f, uint32_t leaf, uint32_t sub,
			 unsigned int reg, unsigned int bit,
			 unsigned int width)
{
	assert_int_equal(f.leaf, leaf);
	assert_int_equal(f.subleaf, sub);
	assert_int_equal(f.reg, reg);
	assert_int_equal(f.bit, bit);
	assert_int_equal(f.width, width);
}

/*
 * Positions from the Intel SDM Vol. 2A CPUID tables, the AMD APM Vol. 3
 * CPUID appendix and research/snp.md §7 (0x8000001F EAX bit 4 = SNP).
 */
static void test_generated_values(void **state)
{
	(void)state;
	assert_field(CPUID_FEATURE_XSAVE, 1, 0, CPUID_REG_ECX, 26, 1);
	assert_field(CPUID_FEATURE_OSXSAVE, 1, 0, CPUID_REG_ECX, 27, 1);
	assert_field(CPUID_FEATURE_HYPERVISOR, 1, 0, CPUID_REG_ECX, 31, 1);
	assert_field(CPUID_FEATURE_X2APIC, 1, 0, CPUID_REG_ECX, 21, 1);
	assert_field(CPUID_FEATURE_LA57, 7, 0, CPUID_REG_ECX, 16, 1);
	assert_field(CPUID_FEATURE_SEV_SNP, 0x8000001f, 0, CPUID_REG_EAX, 4,
		     1);
	assert_field(CPUID_FIELD_STEPPING, 1, 0, CPUID_REG_EAX, 0, 4);
	assert_field(CPUID_FIELD_EXT_FAMILY, 1, 0, CPUID_REG_EAX, 20, 8);
	assert_field(CPUID_FIELD_PHYS_ADDR_BITS, 0x80000008, 0, CPUID_REG_EAX,
		     0, 8);
	assert_field(CPUID_FIELD_MAX_EXT_LEAF, 0x80000000, 0, CPUID_REG_EAX,
		     0, 32);
}

static void test_table_is_sorted_and_disjoint(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(cpuid_features_count > 900);
	for (i = 1; i < cpuid_features_count; i++) {
		const struct cpuid_feature *a = &cpuid_features[i - 1];
		const struct cpuid_feature *b = &cpuid_features[i];

		assert_true(a->leaf <= b->leaf);
	}
	for (i = 0; i < cpuid_features_count; i++) {
		const struct cpuid_feature *a = &cpuid_features[i];

		assert_true(a->width >= 1 && a->bit + a->width <= 32);
		assert_true(a->subleaf_first <= a->subleaf_last);
		assert_true(a->name[0] != '\0');
		for (j = i + 1; j < cpuid_features_count &&
				cpuid_features[j].leaf == a->leaf; j++) {
			const struct cpuid_feature *b = &cpuid_features[j];
			bool subs = a->subleaf_first <= b->subleaf_last &&
				    b->subleaf_first <= a->subleaf_last;
			bool bits = a->bit < b->bit + b->width &&
				    b->bit < a->bit + a->width;

			if (a->reg == b->reg && subs && bits)
				fail_msg("%s overlaps %s", a->id, b->id);
		}
	}
}

static void test_lookup_by_position(void **state)
{
	const struct cpuid_feature *f;

	(void)state;
	f = cpuid_feature_at(1, 0, CPUID_REG_ECX, 26);
	assert_non_null(f);
	assert_string_equal(f->name, "xsave");
	/* A bit inside a multi-bit field finds the field. */
	f = cpuid_feature_at(1, 0, CPUID_REG_EAX, 22);
	assert_non_null(f);
	assert_string_equal(f->id, "EXT_FAMILY");
	/* Leaf 4's layout holds for every sub-leaf (x86-cpuid-db: 0-31). */
	f = cpuid_feature_at(4, 3, CPUID_REG_EAX, 0);
	assert_non_null(f);
	assert_string_equal(f->name, "cache_type");
	/* 1.ECX bit 16 is reserved in the SDM: nothing is named there. */
	assert_null(cpuid_feature_at(1, 0, CPUID_REG_ECX, 16));
	assert_null(cpuid_feature_at(0x12345678, 0, CPUID_REG_EAX, 0));
}

static void test_lookup_by_name(void **state)
{
	const struct cpuid_feature *f;

	(void)state;
	/* QEMU calls 1.ECX[19] "sse4.1", Linux "sse4_1", the id XMM4_1. */
	f = cpuid_feature_by_name("sse4.1");
	assert_non_null(f);
	assert_int_equal(f->leaf, 1);
	assert_int_equal(f->bit, 19);
	assert_ptr_equal(cpuid_feature_by_name("sse4_1"), f);
	assert_ptr_equal(cpuid_feature_by_name("xmm4_1"), f);
	/* x86-cpuid-db calls the hypervisor bit guest_status. */
	f = cpuid_feature_by_name("guest_status");
	assert_non_null(f);
	assert_int_equal(f->bit, 31);
	assert_null(cpuid_feature_by_name("no-such-feature"));
}

struct seen {
	unsigned int n;
	int last_bit;
	bool ordered;
};

static void count(const struct cpuid_feature *f, void *arg)
{
	struct seen *s = arg;

	if ((int)f->bit <= s->last_bit)
		s->ordered = false;
	s->last_bit = f->bit;
	s->n++;
}

static void test_features_for_reg(void **state)
{
	struct seen s = { .last_bit = -1, .ordered = true };

	(void)state;
	/* 1.EAX: stepping, model, family, type, ext model, ext family. */
	cpuid_features_for_reg(1, 0, CPUID_REG_EAX, count, &s);
	assert_int_equal(s.n, 6);
	assert_true(s.ordered);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_values),
		cmocka_unit_test(test_table_is_sorted_and_disjoint),
		cmocka_unit_test(test_lookup_by_position),
		cmocka_unit_test(test_lookup_by_name),
		cmocka_unit_test(test_features_for_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
