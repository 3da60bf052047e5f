// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "certify/trace.h"

/*
 * Notes name their layer, rule, source and note by pointer, as interned
 * strings do: one array each, so that equal means the same pointer.
 */
static const char layer_mod[] = "tdx-module";
static const char layer_kvm[] = "kvm";
static const char rule_a[] = "cpuid_lookup[0]";
static const char rule_b[] = "xfam";
static const char rule_c[] = "attributes";
static const char src[] = "tdx-module@abc cpuid_configurations.c";
static const char text_a[] = "configurable";
static const char text_b[] = "needs the XFAM bit";

static struct cpuid_entry key(uint32_t leaf, bool indexed, uint32_t sub)
{
	struct cpuid_entry k = {
		.leaf = leaf,
		.indexed = indexed,
		.subleaf = sub,
	};

	return k;
}

static struct bit_note note(enum note_strength s, const char *class,
			    const char *rule, const char *text)
{
	struct bit_note n = {
		.strength = s,
		.verdict = VERDICT_AS_CONFIGURED,
		.class = class,
		.layer = layer_mod,
		.rule = rule,
		.source = src,
		.note = text,
	};

	return n;
}

static struct bit_note final_note(enum note_strength s, enum verdict v,
				  const char *rule)
{
	struct bit_note n = note(s, "fixed", rule, NULL);

	n.verdict = v;
	return n;
}

static void put(struct cpuid_set *s, uint32_t leaf, bool indexed,
		uint32_t sub, uint32_t eax, uint32_t ebx, uint32_t ecx,
		uint32_t edx)
{
	struct cpuid_entry e = key(leaf, indexed, sub);

	e.regs[CPUID_REG_EAX] = eax;
	e.regs[CPUID_REG_EBX] = ebx;
	e.regs[CPUID_REG_ECX] = ecx;
	e.regs[CPUID_REG_EDX] = edx;
	assert_int_equal(cpuid_set_put(s, &e), 0);
}

/* The finding that starts at @bit of this register; fails if none. */
static const struct finding *get(const struct check_result *r, uint32_t leaf,
				 uint32_t sub, unsigned int reg,
				 unsigned int bit)
{
	const struct finding *found = NULL;
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		if (f->leaf != leaf || f->subleaf != sub || f->reg != reg ||
		    f->bit != bit)
			continue;
		if (found)
			fail_msg("two findings at 0x%x.0x%x reg %u bit %u",
				 leaf, sub, reg, bit);
		found = f;
	}
	if (!found)
		fail_msg("no finding at 0x%x.0x%x reg %u bit %u", leaf, sub,
			 reg, bit);
	return found;
}

/* Findings come sorted by leaf, sub-leaf, register, bit, none overlapping. */
static void check_sorted(const struct check_result *r)
{
	size_t i;

	for (i = 1; i < r->nfindings; i++) {
		const struct finding *a = &r->findings[i - 1];
		const struct finding *b = &r->findings[i];

		if (a->leaf != b->leaf) {
			assert_true(a->leaf < b->leaf);
		} else if (a->subleaf != b->subleaf) {
			assert_true(a->subleaf < b->subleaf);
		} else if (a->indexed == b->indexed &&
			   a->xcr0_in == b->xcr0_in &&
			   a->xss_in == b->xss_in) {
			if (a->reg != b->reg)
				assert_true(a->reg < b->reg);
			else
				assert_int_equal(a->bit + a->width, b->bit);
		}
	}
}

static void test_note_strength(void **state)
{
	struct cpuid_entry k = key(1, false, 0);
	struct trace t;
	struct bit_note n;
	const struct bit_note *g;

	(void)state;
	trace_init(&t);
	n = note(NOTE_CLASS, "native", rule_a, text_a);
	trace_note(&t, &k, CPUID_REG_ECX, 0x3, &n);
	g = trace_get(&t, &k, CPUID_REG_ECX, 0);
	assert_non_null(g);
	assert_true(g->set);
	assert_int_equal(g->strength, NOTE_CLASS);
	assert_ptr_equal(g->rule, rule_a);
	assert_ptr_equal(g->layer, layer_mod);
	assert_ptr_equal(g->source, src);
	assert_ptr_equal(g->note, text_a);
	assert_string_equal(g->class, "native");
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 1)->rule, rule_a);
	assert_null(trace_get(&t, &k, CPUID_REG_ECX, 2));

	/* A stronger note replaces a weaker one. */
	n = note(NOTE_CHANGE, "native", rule_b, NULL);
	trace_note(&t, &k, CPUID_REG_ECX, 0x1, &n);
	assert_int_equal(trace_get(&t, &k, CPUID_REG_ECX, 0)->strength,
			 NOTE_CHANGE);
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 0)->rule, rule_b);
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 1)->rule, rule_a);

	/* A weaker one never replaces it; an equal one does. */
	n = note(NOTE_CLASS, "native", rule_c, NULL);
	trace_note(&t, &k, CPUID_REG_ECX, 0x3, &n);
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 0)->rule, rule_b);
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 1)->rule, rule_c);
	n = note(NOTE_CHANGE, "native", rule_a, NULL);
	n.layer = layer_kvm;
	trace_note(&t, &k, CPUID_REG_ECX, 0x1, &n);
	g = trace_get(&t, &k, CPUID_REG_ECX, 0);
	assert_ptr_equal(g->rule, rule_a);
	assert_ptr_equal(g->layer, layer_kvm);

	/* NOTE_REJECT wins over everything; nothing weaker overrides it. */
	n = final_note(NOTE_REJECT, VERDICT_REJECTED, rule_c);
	trace_note(&t, &k, CPUID_REG_ECX, 0x1, &n);
	n = final_note(NOTE_FINAL, VERDICT_RUNTIME, rule_b);
	trace_note(&t, &k, CPUID_REG_ECX, 0x3, &n);
	n = note(NOTE_CHANGE, "native", rule_a, NULL);
	trace_note(&t, &k, CPUID_REG_ECX, 0x3, &n);
	g = trace_get(&t, &k, CPUID_REG_ECX, 0);
	assert_int_equal(g->strength, NOTE_REJECT);
	assert_int_equal(g->verdict, VERDICT_REJECTED);
	assert_ptr_equal(g->rule, rule_c);
	/* Bit 1 took the final note and kept it against the change. */
	g = trace_get(&t, &k, CPUID_REG_ECX, 1);
	assert_int_equal(g->strength, NOTE_FINAL);
	assert_int_equal(g->verdict, VERDICT_RUNTIME);
	assert_ptr_equal(g->rule, rule_b);
	n = final_note(NOTE_REJECT, VERDICT_REJECTED, rule_a);
	trace_note(&t, &k, CPUID_REG_ECX, 0x3, &n);
	assert_ptr_equal(trace_get(&t, &k, CPUID_REG_ECX, 0)->rule, rule_a);
	assert_int_equal(trace_get(&t, &k, CPUID_REG_ECX, 1)->strength,
			 NOTE_REJECT);
	/* Other registers are untouched. */
	assert_null(trace_get(&t, &k, CPUID_REG_EAX, 0));
	assert_null(trace_get(&t, &k, CPUID_REG_EDX, 1));
	assert_int_equal(t.n, 1);
	trace_release(&t);
	assert_int_equal(t.n, 0);
	assert_null(t.entries);
}

static void test_keys_and_get(void **state)
{
	struct cpuid_entry any1 = key(1, false, 9), one = key(1, false, 0);
	struct cpuid_entry s0 = key(7, true, 0), s1 = key(7, true, 1);
	struct cpuid_entry x7 = key(0xd, true, 0), x207 = key(0xd, true, 0);
	struct bit_note a = note(NOTE_CLASS, "fixed1", rule_a, NULL);
	struct bit_note b = note(NOTE_CLASS, "fixed0", rule_b, NULL);
	struct trace t;
	unsigned int i;

	(void)state;
	trace_init(&t);
	/* Nothing to note: no entry. */
	trace_note(&t, &one, CPUID_REG_EAX, 0, &a);
	trace_note(&t, &one, CPUID_NR_REGS, 0x1, &a);
	assert_int_equal(t.n, 0);
	assert_null(trace_get(&t, &one, CPUID_REG_EAX, 0));

	/* A non-indexed key's sub-leaf does not count. */
	trace_note(&t, &any1, CPUID_REG_EDX, 0x80000000, &a);
	assert_int_equal(t.n, 1);
	assert_non_null(trace_get(&t, &one, CPUID_REG_EDX, 31));
	assert_non_null(trace_get(&t, &any1, CPUID_REG_EDX, 31));
	assert_null(trace_get(&t, &one, CPUID_REG_EDX, 30));
	assert_null(trace_get(&t, &one, CPUID_NR_REGS, 31));
	assert_null(trace_get(&t, &one, CPUID_REG_EDX, 32));

	/* Indexed sub-leaves and xcr0_in values are keys of their own. */
	trace_note(&t, &s0, CPUID_REG_EBX, 0x1, &a);
	trace_note(&t, &s1, CPUID_REG_EBX, 0x1, &b);
	x7.xcr0_in = 0x7;
	x207.xcr0_in = 0x207;
	trace_note(&t, &x7, CPUID_REG_EAX, 0x1, &a);
	trace_note(&t, &x207, CPUID_REG_EAX, 0x1, &b);
	assert_int_equal(t.n, 5);
	assert_ptr_equal(trace_get(&t, &s0, CPUID_REG_EBX, 0)->rule, rule_a);
	assert_ptr_equal(trace_get(&t, &s1, CPUID_REG_EBX, 0)->rule, rule_b);
	assert_ptr_equal(trace_get(&t, &x7, CPUID_REG_EAX, 0)->rule, rule_a);
	assert_ptr_equal(trace_get(&t, &x207, CPUID_REG_EAX, 0)->rule, rule_b);
	assert_null(trace_get(&t, &s0, CPUID_REG_EBX, 1));
	s0 = key(7, false, 0);
	assert_null(trace_get(&t, &s0, CPUID_REG_EBX, 0));
	s0 = key(7, true, 2);
	assert_null(trace_get(&t, &s0, CPUID_REG_EBX, 0));

	/* Many entries. */
	for (i = 0; i < 300; i++) {
		struct cpuid_entry k = key(0x40000000 + i, false, 0);

		trace_note(&t, &k, i % 4, 1u << (i % 32), &b);
	}
	assert_int_equal(t.n, 305);
	for (i = 0; i < 300; i++) {
		struct cpuid_entry k = key(0x40000000 + i, false, 0);

		assert_non_null(trace_get(&t, &k, i % 4, i % 32));
		assert_null(trace_get(&t, &k, (i + 1) % 4, i % 32));
	}
	assert_false(t.failed);
	trace_release(&t);
}

/*
 * Single bits of CPUID.1:ECX (models/cpuid-features.txt names them all):
 *
 *   bit  name       requested  final  note                  verdict
 *   0    pni        1          1      class A               as-configured
 *   1    pclmulqdq  1          0      change B              dropped
 *   2    dtes64     0          1      change B              forced
 *   3    monitor    1          ?      class A               native
 *   4    ds_cpl     0          1      class, host value     native
 *   5    vmx        1          1      final runtime         runtime
 *   6    smx        1          0      reject                rejected
 *   7    est        0          0      final untrusted       untrusted
 *   8    tm2        0          1      none                  forced
 *   9    ssse3      0          0      none                  as-configured
 *   11   sdbg       1          1      change, host value    native
 */
static void test_verdicts(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(1, false, 0);
	struct check_result r;
	const struct finding *f;
	struct trace t;
	struct bit_note n;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 1, false, 0, 0, 0, 0x86b, 0);
	put(&r.final, 1, false, 0, 0, 0, 0x935, 0);
	r.final.entries[0].unknown[CPUID_REG_ECX] = 0x8;

	n = note(NOTE_CLASS, "fixed1", rule_a, text_a);
	trace_note(&t, &k, CPUID_REG_ECX, 0x9, &n);
	n = note(NOTE_CHANGE, "fixed0", rule_b, text_b);
	trace_note(&t, &k, CPUID_REG_ECX, 0x6, &n);
	n = note(NOTE_CLASS, "native", rule_a, NULL);
	n.host_value = true;
	trace_note(&t, &k, CPUID_REG_ECX, 0x10, &n);
	n = note(NOTE_CHANGE, "native", rule_c, NULL);
	n.host_value = true;
	trace_note(&t, &k, CPUID_REG_ECX, 0x800, &n);
	n = final_note(NOTE_FINAL, VERDICT_RUNTIME, rule_c);
	trace_note(&t, &k, CPUID_REG_ECX, 0x20, &n);
	n = final_note(NOTE_REJECT, VERDICT_REJECTED, rule_c);
	trace_note(&t, &k, CPUID_REG_ECX, 0x40, &n);
	n = final_note(NOTE_FINAL, VERDICT_UNTRUSTED, rule_a);
	trace_note(&t, &k, CPUID_REG_ECX, 0x80, &n);

	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	check_sorted(&r);

	f = get(&r, 1, 0, CPUID_REG_ECX, 0);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_int_equal(f->width, 1);
	assert_false(f->indexed);
	assert_string_equal(f->name, "pni");
	assert_true(f->has_requested);
	assert_int_equal(f->requested, 1);
	assert_true(f->has_final);
	assert_int_equal(f->final, 1);
	assert_string_equal(f->class, "fixed1");
	assert_ptr_equal(f->layer, layer_mod);
	assert_ptr_equal(f->rule, rule_a);
	assert_ptr_equal(f->source, src);
	assert_ptr_equal(f->note, text_a);

	f = get(&r, 1, 0, CPUID_REG_ECX, 1);
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_string_equal(f->name, "pclmulqdq");
	assert_int_equal(f->requested, 1);
	assert_int_equal(f->final, 0);
	assert_ptr_equal(f->rule, rule_b);
	assert_ptr_equal(f->note, text_b);

	f = get(&r, 1, 0, CPUID_REG_ECX, 2);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	assert_string_equal(f->name, "dtes64");
	assert_int_equal(f->requested, 0);
	assert_int_equal(f->final, 1);

	f = get(&r, 1, 0, CPUID_REG_ECX, 3);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	assert_string_equal(f->name, "monitor");
	assert_true(f->has_requested);
	assert_false(f->has_final);

	f = get(&r, 1, 0, CPUID_REG_ECX, 4);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	assert_true(f->has_final);
	assert_int_equal(f->final, 1);

	f = get(&r, 1, 0, CPUID_REG_ECX, 5);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);
	assert_string_equal(f->name, "vmx");
	assert_null(f->note);

	f = get(&r, 1, 0, CPUID_REG_ECX, 6);
	assert_int_equal(f->verdict, VERDICT_REJECTED);
	assert_ptr_equal(f->rule, rule_c);

	f = get(&r, 1, 0, CPUID_REG_ECX, 7);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_string_equal(f->name, "est");

	/* Bits no layer touched: compared all the same. */
	f = get(&r, 1, 0, CPUID_REG_ECX, 8);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	assert_string_equal(f->name, "tm2");
	assert_string_equal(f->class, "-");
	assert_string_equal(f->layer, "-");
	assert_string_equal(f->rule, "-");
	assert_string_equal(f->source, "-");
	assert_null(f->note);
	f = get(&r, 1, 0, CPUID_REG_ECX, 9);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);

	/* The host's value is native even when it equals the request. */
	f = get(&r, 1, 0, CPUID_REG_ECX, 11);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	assert_string_equal(f->name, "sdbg");
	assert_int_equal(f->requested, 1);
	assert_int_equal(f->final, 1);

	/* Bit 16 has no name; the rest of the register is as configured. */
	f = get(&r, 1, 0, CPUID_REG_ECX, 16);
	assert_null(f->name);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	f = get(&r, 1, 0, CPUID_REG_ECX, 31);
	assert_string_equal(f->name, "hypervisor");
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	/* Only bit 3's value is unknown. */
	assert_int_equal(r.host_dependent, 1);

	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

/* Keys only in the request, only in the final set, only in the trace. */
static void test_absent_sides(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(0x14, true, 0);
	struct check_result r;
	const struct finding *f;
	struct trace t;
	struct bit_note n;
	size_t i;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 6, false, 0, 0x4, 0, 0, 0);
	put(&r.final, 0x80000001, false, 0, 0, 0, 0x1, 0);
	n = note(NOTE_CLASS, "native", rule_a, NULL);
	trace_note(&t, &k, CPUID_REG_EBX, 0x1, &n);

	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	check_sorted(&r);
	/* In key order: 6, 0x14.0, 0x80000001. */
	assert_int_equal(r.findings[0].leaf, 6);
	assert_int_equal(r.findings[r.nfindings - 1].leaf, 0x80000001);

	/* Requested, not in the guest's set: its value is not known. */
	f = get(&r, 6, 0, CPUID_REG_EAX, 2);
	assert_string_equal(f->name, "arat");
	assert_true(f->has_requested);
	assert_int_equal(f->requested, 1);
	assert_false(f->has_final);
	assert_int_equal(f->verdict, VERDICT_NATIVE);

	/* Not requested: compared with 0. */
	f = get(&r, 0x80000001, 0, CPUID_REG_ECX, 0);
	assert_string_equal(f->name, "lahf_lm");
	assert_false(f->has_requested);
	assert_true(f->has_final);
	assert_int_equal(f->final, 1);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	f = get(&r, 0x80000001, 0, CPUID_REG_ECX, 1);
	assert_false(f->has_requested);
	assert_int_equal(f->final, 0);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);

	/* Only noted: neither side. */
	f = get(&r, 0x14, 0, CPUID_REG_EBX, 0);
	assert_true(f->indexed);
	assert_string_equal(f->name, "cr3_filtering");
	assert_false(f->has_requested);
	assert_false(f->has_final);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	assert_ptr_equal(f->rule, rule_a);

	/* Every finding of leaves 6 and 0x14 lacks a final value. */
	for (i = 0; i < r.nfindings; i++)
		assert_int_equal(r.findings[i].has_final,
				 r.findings[i].leaf == 0x80000001);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

/*
 * Multi-bit fields of CPUID.1:EAX (models/cpuid-features.txt): stepping
 * 3:0, base_model 7:4, base_family_id 11:8, cpu_type 13:12, ext_model
 * 19:16, ext_family 27:20.
 */
static void test_fields(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(1, false, 0);
	struct check_result r;
	const struct finding *f;
	struct trace t;
	struct bit_note n;
	unsigned int i;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	/* stepping 5 -> 4, model 3 -> 0, family 0xf -> 3, ext_family same */
	put(&req, 1, false, 0, 0x00b00f35, 0, 0, 0);
	put(&r.final, 1, false, 0, 0x00b00304, 0, 0, 0);
	n = note(NOTE_CHANGE, "native", rule_a, text_a);
	trace_note(&t, &k, CPUID_REG_EAX, 0x0000000f, &n);
	n = note(NOTE_CLASS, "native", rule_a, text_a);
	trace_note(&t, &k, CPUID_REG_EAX, 0x000000f0, &n);
	/* The family's bits by two rules. */
	n = note(NOTE_CLASS, "native", rule_a, text_a);
	trace_note(&t, &k, CPUID_REG_EAX, 0x00000300, &n);
	n = note(NOTE_CHANGE, "fixed0", rule_b, text_b);
	trace_note(&t, &k, CPUID_REG_EAX, 0x00000c00, &n);
	n = note(NOTE_CLASS, "native", rule_c, NULL);
	trace_note(&t, &k, CPUID_REG_EAX, 0x0ff00000, &n);
	/* cpu_type: one rule, but a final note on one bit only. */
	n = note(NOTE_CLASS, "native", rule_c, NULL);
	trace_note(&t, &k, CPUID_REG_EAX, 0x00001000, &n);
	n = final_note(NOTE_FINAL, VERDICT_RUNTIME, rule_c);
	n.class = "native";
	trace_note(&t, &k, CPUID_REG_EAX, 0x00002000, &n);

	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	check_sorted(&r);

	/* One rule decided the whole field: one finding, values in hex. */
	f = get(&r, 1, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->width, 4);
	assert_string_equal(f->name, "stepping");
	assert_int_equal(f->requested, 5);
	assert_int_equal(f->final, 4);
	/* A field that changed is forced, never dropped. */
	assert_int_equal(f->verdict, VERDICT_FORCED);
	assert_ptr_equal(f->rule, rule_a);
	assert_ptr_equal(f->note, text_a);
	f = get(&r, 1, 0, CPUID_REG_EAX, 4);
	assert_int_equal(f->width, 4);
	assert_string_equal(f->name, "base_model");
	assert_int_equal(f->requested, 3);
	assert_int_equal(f->final, 0);
	assert_int_equal(f->verdict, VERDICT_FORCED);

	/* Two rules: one finding per bit, each with the field's name. */
	for (i = 8; i < 12; i++) {
		f = get(&r, 1, 0, CPUID_REG_EAX, i);
		assert_int_equal(f->width, 1);
		assert_string_equal(f->name, "base_family_id");
		assert_int_equal(f->requested, 1);
		assert_int_equal(f->final, i < 10);
		assert_int_equal(f->verdict, i < 10 ? VERDICT_AS_CONFIGURED :
						      VERDICT_DROPPED);
		assert_ptr_equal(f->rule, i < 10 ? rule_a : rule_b);
	}

	/* A final note and a class note do not speak as one. */
	f = get(&r, 1, 0, CPUID_REG_EAX, 12);
	assert_int_equal(f->width, 1);
	assert_string_equal(f->name, "cpu_type");
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	f = get(&r, 1, 0, CPUID_REG_EAX, 13);
	assert_int_equal(f->width, 1);
	assert_int_equal(f->verdict, VERDICT_RUNTIME);

	f = get(&r, 1, 0, CPUID_REG_EAX, 20);
	assert_int_equal(f->width, 8);
	assert_string_equal(f->name, "ext_family");
	assert_int_equal(f->requested, 0xb);
	assert_int_equal(f->final, 0xb);
	assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
	assert_ptr_equal(f->rule, rule_c);

	/* Bits 14 and 15 belong to no field. */
	f = get(&r, 1, 0, CPUID_REG_EAX, 14);
	assert_int_equal(f->width, 1);
	assert_null(f->name);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

/* A field's unknown bit makes the whole field's value unknown. */
static void test_field_unknown(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(1, false, 0);
	struct check_result r;
	const struct finding *f;
	struct trace t;
	struct bit_note n;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 1, false, 0, 0, 0, 0, 0);
	put(&r.final, 1, false, 0, 0x5, 0, 0, 0);
	r.final.entries[0].unknown[CPUID_REG_EAX] = 0xf0;
	n = note(NOTE_CLASS, "native", rule_a, NULL);
	trace_note(&t, &k, CPUID_REG_EAX, 0xff, &n);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	f = get(&r, 1, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->width, 4);
	assert_true(f->has_final);
	assert_int_equal(f->final, 5);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	f = get(&r, 1, 0, CPUID_REG_EAX, 4);
	assert_int_equal(f->width, 4);
	assert_false(f->has_final);
	assert_int_equal(f->verdict, VERDICT_NATIVE);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

/*
 * The bits of a field may differ in class: the finding's class lists
 * them in bit order, once each, '|'-joined (trace.c field_class()).
 */
static void test_field_classes(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(1, false, 0);
	struct check_result r;
	const struct finding *f;
	char family[256];
	struct trace t;
	struct bit_note n;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 1, false, 0, 0, 0, 0, 0);
	put(&r.final, 1, false, 0, 0, 0, 0, 0);
	/* stepping: two classes */
	n = note(NOTE_CLASS, "native+verified0", rule_a, NULL);
	trace_note(&t, &k, CPUID_REG_EAX, 0x5, &n);
	n.class = "native+verified1";
	trace_note(&t, &k, CPUID_REG_EAX, 0xa, &n);
	/* base_model: one class */
	n.class = "fixed1";
	trace_note(&t, &k, CPUID_REG_EAX, 0xf0, &n);
	/* base_family_id: one class the prefix of the other */
	n.class = "native+verified1";
	trace_note(&t, &k, CPUID_REG_EAX, 0x300, &n);
	n.class = "native";
	trace_note(&t, &k, CPUID_REG_EAX, 0xc00, &n);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);

	f = get(&r, 1, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->width, 4);
	assert_string_equal(f->class, "native+verified0|native+verified1");
	f = get(&r, 1, 0, CPUID_REG_EAX, 4);
	assert_int_equal(f->width, 4);
	assert_string_equal(f->class, "fixed1");
	f = get(&r, 1, 0, CPUID_REG_EAX, 8);
	assert_int_equal(f->width, 4);
	/* Copied out, so that a failure below leaks nothing. */
	snprintf(family, sizeof(family), "%s", f->class);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
	/* "native" is a class of its own, not a part of "native+verified1". */
	assert_string_equal(family, "native+verified1|native");
}

/* A register whose 32 bits share one final note is one 32-bit finding. */
static void test_whole_register(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k1 = key(1, false, 0), k0 = key(0, false, 0);
	struct check_result r;
	const struct finding *f;
	struct trace t;
	struct bit_note n;
	size_t i, nedx = 0, necx = 0, nebx = 0;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 0, false, 0, 0x20, 0, 0, 0);
	put(&req, 1, false, 0, 0, 0, 0xfffa3203, 0x178bfbff);
	put(&r.final, 0, false, 0, 0x21, 0, 0, 0);
	put(&r.final, 1, false, 0, 0, 0, 0xfffa3203, 0x078bfbff);
	/* EDX: settled whole. */
	n = final_note(NOTE_FINAL, VERDICT_UNTRUSTED, rule_a);
	trace_note(&t, &k1, CPUID_REG_EDX, 0xffffffff, &n);
	/* ECX: one note, but not a final one. */
	n = note(NOTE_CHANGE, "native", rule_a, NULL);
	trace_note(&t, &k1, CPUID_REG_ECX, 0xffffffff, &n);
	/* EBX: final, but bit 31 by another rule. */
	n = final_note(NOTE_FINAL, VERDICT_UNTRUSTED, rule_a);
	trace_note(&t, &k1, CPUID_REG_EBX, 0x7fffffff, &n);
	n = final_note(NOTE_FINAL, VERDICT_UNTRUSTED, rule_b);
	trace_note(&t, &k1, CPUID_REG_EBX, 0x80000000, &n);
	/* Leaf 0 EAX is a 32-bit field of the table. */
	n = note(NOTE_CLASS, "native", rule_c, NULL);
	trace_note(&t, &k0, CPUID_REG_EAX, 0xffffffff, &n);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	check_sorted(&r);

	for (i = 0; i < r.nfindings; i++) {
		if (r.findings[i].leaf != 1)
			continue;
		nedx += r.findings[i].reg == CPUID_REG_EDX;
		necx += r.findings[i].reg == CPUID_REG_ECX;
		nebx += r.findings[i].reg == CPUID_REG_EBX;
	}
	assert_int_equal(nedx, 1);
	f = get(&r, 1, 0, CPUID_REG_EDX, 0);
	assert_int_equal(f->width, 32);
	assert_null(f->name);
	assert_int_equal(f->requested, 0x178bfbff);
	assert_int_equal(f->final, 0x078bfbff);
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	assert_ptr_equal(f->rule, rule_a);

	/* Not final: a finding per bit (leaf 1 ECX has no wider field). */
	assert_int_equal(necx, 32);
	f = get(&r, 1, 0, CPUID_REG_ECX, 31);
	assert_int_equal(f->width, 1);
	assert_string_equal(f->name, "hypervisor");

	/* Two rules: fields as the table has them (leaf 1 EBX: 4 fields). */
	assert_true(nebx > 1);
	f = get(&r, 1, 0, CPUID_REG_EBX, 0);
	assert_int_equal(f->width, 8);
	assert_string_equal(f->name, "brand_id");
	assert_int_equal(f->verdict, VERDICT_UNTRUSTED);
	f = get(&r, 1, 0, CPUID_REG_EBX, 31);
	assert_int_equal(f->width, 1);
	assert_string_equal(f->name, "local_apic_id");
	assert_ptr_equal(f->rule, rule_b);

	f = get(&r, 0, 0, CPUID_REG_EAX, 0);
	assert_int_equal(f->width, 32);
	assert_string_equal(f->name, "max_std_leaf");
	assert_int_equal(f->requested, 0x20);
	assert_int_equal(f->final, 0x21);
	assert_int_equal(f->verdict, VERDICT_FORCED);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

struct explain_ctx {
	struct check_result *r;
	unsigned int calls;
};

static const char *explain(const struct finding *f, void *arg)
{
	struct explain_ctx *c = arg;

	c->calls++;
	/* Called with the verdict decided. */
	return strpool_printf(&c->r->pool, "%s at bit %u",
			      verdict_name(f->verdict), f->bit);
}

static void test_explain(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct cpuid_entry k = key(7, true, 0);
	struct check_result r;
	struct explain_ctx c;
	const struct finding *f;
	struct trace t;
	struct bit_note n;
	size_t i;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	c.r = &r;
	c.calls = 0;
	put(&req, 7, true, 0, 0, 0x00010000, 0, 0);
	put(&r.final, 7, true, 0, 0, 0x00000008, 0, 0);
	n = note(NOTE_CHANGE, "xfam", rule_b, text_b);
	trace_note(&t, &k, CPUID_REG_EBX, 0x00010000, &n);
	n = note(NOTE_CHANGE, "native", rule_a, NULL);
	trace_note(&t, &k, CPUID_REG_EBX, 0x00000008, &n);
	assert_int_equal(trace_to_findings(&t, &req, &r, explain, &c), 0);

	/* A note of the trace is kept. */
	f = get(&r, 7, 0, CPUID_REG_EBX, 16);
	assert_string_equal(f->name, "avx512f");
	assert_int_equal(f->verdict, VERDICT_DROPPED);
	assert_ptr_equal(f->note, text_b);
	/* A note the trace has none for comes from the callback. */
	f = get(&r, 7, 0, CPUID_REG_EBX, 3);
	assert_string_equal(f->name, "bmi1");
	assert_string_equal(f->note, "forced at bit 3");
	f = get(&r, 7, 0, CPUID_REG_EBX, 0);
	assert_string_equal(f->note, "as-configured at bit 0");
	/* Called once for each finding but the one with a note. */
	assert_true(r.nfindings > 1);
	assert_int_equal(c.calls, r.nfindings - 1);
	for (i = 0; i < r.nfindings; i++)
		assert_non_null(r.findings[i].note);
	check_result_release(&r);

	/* Without a callback, notes stay NULL. */
	check_result_init(&r);
	put(&r.final, 7, true, 0, 0, 0x00000008, 0, 0);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	f = get(&r, 7, 0, CPUID_REG_EBX, 3);
	assert_null(f->note);
	f = get(&r, 7, 0, CPUID_REG_EBX, 16);
	assert_ptr_equal(f->note, text_b);
	check_result_release(&r);
	trace_release(&t);
	cpuid_set_release(&req);
}

/* xcr0_in/xss_in variants are separate keys, carried by the findings. */
static void test_xcr0_keys(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct check_result r;
	struct cpuid_entry e;
	struct trace t;
	size_t i, n7 = 0, n207 = 0;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	e = key(0xd, true, 0);
	e.xcr0_in = 0x207;
	e.regs[CPUID_REG_EAX] = 0x207;
	assert_int_equal(cpuid_set_put(&req, &e), 0);
	assert_int_equal(cpuid_set_put(&r.final, &e), 0);
	e.xcr0_in = 0x7;
	e.regs[CPUID_REG_EAX] = 0x7;
	assert_int_equal(cpuid_set_put(&req, &e), 0);
	assert_int_equal(cpuid_set_put(&r.final, &e), 0);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	for (i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];

		assert_int_equal(f->leaf, 0xd);
		assert_true(f->indexed);
		assert_int_equal(f->verdict, VERDICT_AS_CONFIGURED);
		if (f->xcr0_in == 0x7)
			n7++;
		else if (f->xcr0_in == 0x207)
			n207++;
		else
			fail_msg("xcr0_in 0x%llx",
				 (unsigned long long)f->xcr0_in);
		/* The 0x7 variant's findings come first. */
		if (i && r.findings[i - 1].xcr0_in == 0x207)
			assert_int_equal(f->xcr0_in, 0x207);
		/* xcr0_pkru, bit 9: requested only in the 0x207 variant */
		if (f->reg == CPUID_REG_EAX && f->bit == 9)
			assert_int_equal(f->requested, f->xcr0_in == 0x207);
	}
	assert_true(n7 > 0);
	assert_int_equal(n7, n207);
	trace_release(&t);
	check_result_release(&r);
	cpuid_set_release(&req);
}

static void test_failed_trace(void **state)
{
	struct cpuid_set req = CPUID_SET_INIT;
	struct check_result r;
	struct trace t;

	(void)state;
	trace_init(&t);
	check_result_init(&r);
	put(&req, 1, false, 0, 0, 0, 0, 0);
	/* A trace that lost a note cannot make findings. */
	t.failed = true;
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), -1);
	assert_int_equal(r.nfindings, 0);
	trace_release(&t);
	/* Nothing anywhere: no findings. */
	cpuid_set_release(&req);
	assert_int_equal(trace_to_findings(&t, &req, &r, NULL, NULL), 0);
	assert_int_equal(r.nfindings, 0);
	check_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_note_strength),
		cmocka_unit_test(test_keys_and_get),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_absent_sides),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_field_unknown),
		cmocka_unit_test(test_field_classes),
		cmocka_unit_test(test_whole_register),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_xcr0_keys),
		cmocka_unit_test(test_failed_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
