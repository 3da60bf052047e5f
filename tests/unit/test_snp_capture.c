// SPDX-License-Identifier: MIT
/*
 * --capture (snp/snp_capture.c) end to end through the fake kernel: the
 * firmware behind it is a rule set (the Genoa model, or one written
 * here), the capture learns it from the pages it writes back, and the rule
 * set it writes is read back and run beside the original.
 *
 * Expected values come from the rule sets (RULES: models/snp/
 * snp-genoa-1.55.25.rules; its 8 custom entries are the firmware's
 * FN*_CUSTOM functions, research/snp.md §3.3), the rule semantics of
 * research/snp.md §3.2, and the firmware written below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "fake_snp.h"
#include "certify/probe.h"
#include "snp/snp_capture.h"
#include "snp/snp_firmware.h"

#define GENOA "snp-genoa-1.55.25"
#define GENOA_FMS 0x00a10f11u

struct cap {
	struct fake_kvm f;
	struct fake_snp s;
	struct ruleset ref;		/* the reference rule set, if any */
	struct check_request req;
	struct strbuf out;
	struct diag d;
	/* the rule set captured, read back */
	struct ruleset rs;
	struct snp_rules rules;
};

static struct cap *cap_new(const char *firmware_text)
{
	struct cap *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	fake_kvm_init(&c->f);
	if (firmware_text)
		fake_snp_attach_text(&c->f, &c->s, firmware_text, GENOA_FMS);
	else
		fake_snp_attach(&c->f, &c->s, GENOA, GENOA_FMS);
	c->req.vmm = "none";
	c->req.kvm = "mainline";
	diag_clear(&c->d);
	return c;
}

static void use_reference(struct cap *c, const char *name)
{
	if (ruleset_load_embedded(name, &c->ref, &c->d))
		fail_msg("%s", c->d.msg);
	c->req.rules = &c->ref;
}

/* Captures and reads what was written as a rule set. */
static void capture(struct cap *c)
{
	struct input in;
	int ret;

	ret = snp_capture(&c->f.sys, &c->req, NULL, &c->out, &c->d);
	if (ret)
		fail_msg("%d: %s", ret, c->d.msg);
	assert_false(strbuf_failed(&c->out));
	assert_int_equal(input_from_buffer(&in, "captured.rules", c->out.buf,
					   c->out.len), 0);
	if (ruleset_parse(&in, "captured.rules", &c->rs, &c->d) ||
	    snp_rules_read(&c->rs, &c->rules, &c->d))
		fail_msg("%s", c->d.msg);
	input_release(&in);
	/* one VM per page, each closed again */
	assert_int_equal(c->f.open_fds, 0);
}

static void cap_free(struct cap *c)
{
	assert_int_equal(c->f.open_fds, 0);
	if (c->rs.name)
		snp_rules_release(&c->rules);
	ruleset_release(&c->rs);
	strbuf_release(&c->out);
	if (c->req.rules)
		ruleset_release(&c->ref);
	fake_snp_release(&c->s);
	fake_kvm_release(&c->f);
	free(c);
}

/* ---- the two rule sets beside each other ---- */

static uint64_t lcg = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
	lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(lcg >> 32);
}

/* SNP_LAUNCH_UPDATE of @in by both: the same status, the same page back
 * and the same corrections, register by register. */
static void expect_same(const struct snp_rules *a, const struct snp_rules *b,
			const struct snp_page *in, const char *what)
{
	static struct snp_page oa, ob;
	struct snp_host host = { .fms_known = true, .fms = GENOA_FMS };
	struct check_result ra, rb;
	struct snp_fw_status sa, sb;
	struct trace ta, tb;
	unsigned int i, reg;
	size_t k;

	check_result_init(&ra);
	check_result_init(&rb);
	trace_init(&ta);
	trace_init(&tb);
	assert_int_equal(snp_firmware_launch_update(a, &host, in, &oa, &ta,
						    &ra, &sa), 0);
	assert_int_equal(snp_firmware_launch_update(b, &host, in, &ob, &tb,
						    &rb, &sb), 0);
	for (i = 0; i < in->count; i++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (oa.e[i].regs[reg] != ob.e[i].regs[reg])
				fail_msg("%s: 0x%x/0x%x %s 0x%08x: the "
					 "firmware gives 0x%08x, the capture "
					 "0x%08x",
					 what, in->e[i].eax_in, in->e[i].ecx_in,
					 cpuid_reg_name(reg),
					 in->e[i].regs[reg], oa.e[i].regs[reg],
					 ob.e[i].regs[reg]);
	assert_memory_equal(&oa, &ob, sizeof(oa));
	assert_int_equal(sa.code, sb.code);
	assert_int_equal(sa.written_back, sb.written_back);
	assert_int_equal(ra.ncorrections, rb.ncorrections);
	for (k = 0; k < ra.ncorrections; k++) {
		assert_int_equal(ra.corrections[k].index,
				 rb.corrections[k].index);
		assert_string_equal(ra.corrections[k].field,
				    rb.corrections[k].field);
		assert_int_equal(ra.corrections[k].provided,
				 rb.corrections[k].provided);
		assert_int_equal(ra.corrections[k].corrected,
				 rb.corrections[k].corrected);
	}
	trace_release(&ta);
	trace_release(&tb);
	check_result_release(&ra);
	check_result_release(&rb);
}

enum pattern { P_ONES, P_ZEROS, P_BIT, P_ALL_BUT, P_RANDOM, P_SPARSE,
	       P_NEAR };

/*
 * Test pages over the entries of @rules that are table rules, all on one
 * page (64 at most): every register set by @pattern (@arg: the bit, or
 * -1/0/+1 around the rule's value for P_NEAR).
 */
static void fill(const struct snp_rules *rules, struct snp_page *p,
		 enum pattern pattern, int arg)
{
	unsigned int k = 0, reg;
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < rules->n && k < SNP_PAGE_ENTRIES; i++) {
		const struct snp_entry *e = &rules->entries[i];
		struct snp_page_entry *pe = &p->e[k++];

		if (e->custom) {
			k--;
			continue;
		}
		pe->eax_in = e->leaf;
		pe->ecx_in = e->subleaf;
		pe->xcr0_in = rnd() & 0x2e7;
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			uint32_t v = 0;

			switch (pattern) {
			case P_ONES:
				v = 0xffffffffu;
				break;
			case P_ZEROS:
				break;
			case P_BIT:
				v = 1u << arg;
				break;
			case P_ALL_BUT:
				v = ~(1u << arg);
				break;
			case P_RANDOM:
				v = rnd();
				break;
			case P_SPARSE:
				v = rnd() & rnd() & rnd();
				break;
			case P_NEAR:
				v = e->regs[reg].value + (uint32_t)arg;
				if (rnd() & 1)
					v &= ~e->regs[reg].mbz;
				break;
			}
			pe->regs[reg] = v;
		}
	}
	p->count = k;
}

/* Every table entry of @fw, predicted alike by @captured on pages of
 * every pattern. */
static void expect_plain_entries_reproduced(const struct snp_rules *fw,
					    const struct snp_rules *captured)
{
	static struct snp_page p;
	int i;

	fill(fw, &p, P_ONES, 0);
	expect_same(fw, captured, &p, "all-ones");
	fill(fw, &p, P_ZEROS, 0);
	expect_same(fw, captured, &p, "all-zeros");
	for (i = 0; i < 32; i++) {
		fill(fw, &p, P_BIT, i);
		expect_same(fw, captured, &p, "one bit");
		fill(fw, &p, P_ALL_BUT, i);
		expect_same(fw, captured, &p, "all but one bit");
	}
	for (i = -2; i <= 2; i++) {
		fill(fw, &p, P_NEAR, i);
		expect_same(fw, captured, &p, "near the rule's value");
	}
	for (i = 0; i < 500; i++) {
		fill(fw, &p, P_RANDOM, 0);
		expect_same(fw, captured, &p, "random");
		fill(fw, &p, P_SPARSE, 0);
		expect_same(fw, captured, &p, "sparse");
	}
}

/* ---- the text written ---- */

/* The pairs of "# 0xLEAF/0xSUB: ..." comment lines holding @words. */
static size_t commented_pairs(const struct cap *c, const char *words,
			      uint32_t (*pairs)[2], size_t max)
{
	const char *line = c->out.buf;
	size_t n = 0;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		unsigned int leaf, sub;
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[256];

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			if (strstr(buf, words) &&
			    sscanf(buf, "# 0x%x/0x%x", &leaf, &sub) == 2 &&
			    n < max) {
				pairs[n][0] = leaf;
				pairs[n][1] = sub;
				n++;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return n;
}

/* The pairs the self-check lists ("#   0xLEAF/0xSUB" after it). */
static size_t self_check_pairs(const struct cap *c, uint32_t (*pairs)[2],
			       size_t max)
{
	const char *p = strstr(c->out.buf, "# Self-check:");
	unsigned int leaf, sub;
	size_t n = 0;

	assert_non_null(p);
	while ((p = strstr(p, "\n#   0x")) && n < max) {
		p++;
		if (sscanf(p, "#   0x%x/0x%x", &leaf, &sub) != 2)
			break;
		pairs[n][0] = leaf;
		pairs[n][1] = sub;
		n++;
	}
	return n;
}

static unsigned int launches_said(const struct cap *c)
{
	const char *p = strstr(c->out.buf, "# in ");
	unsigned int n = 0;

	assert_non_null(p);
	assert_int_equal(sscanf(p, "# in %u launches", &n), 1);
	return n;
}

/* ---- Genoa ---- */

/*
 * The capture on the Genoa firmware model, with Genoa as the reference:
 * the same table entries, the same ranges, every table-rule entry
 * predicted alike on every test page, and the entries it calls the
 * firmware's own function exactly Genoa's 8 custom entries.
 */
static void test_genoa_captured(void **state)
{
	struct cap *c = cap_new(NULL);
	const struct snp_rules *fw = &c->s.rules;
	uint32_t pairs[64][2];
	size_t i, n, customs = 0;

	(void)state;
	use_reference(c, GENOA);
	capture(c);
	assert_string_equal(c->rs.name, "snp-captured");
	assert_string_equal(c->rs.platform, "snp");
	/* one VM per probe page, as many as the header says */
	assert_int_equal(launches_said(c), c->s.vms);
	assert_int_equal(c->s.vms, c->s.updates);
	/* RULES: max_count 64, the two checked ranges */
	assert_int_equal(c->rules.max_count, fw->max_count);
	assert_int_equal(c->rules.nranges, fw->nranges);
	for (i = 0; i < fw->nranges; i++) {
		assert_int_equal(c->rules.ranges[i].lo, fw->ranges[i].lo);
		assert_int_equal(c->rules.ranges[i].hi, fw->ranges[i].hi);
	}
	assert_null(strstr(c->out.buf, "# NOTE: eax_in"));
	/* the same (leaf, sub-leaf) pairs: Genoa has no entry whose every
	 * register must be 0, which the capture would leave out */
	assert_int_equal(c->rules.n, fw->n);
	for (i = 0; i < fw->n; i++) {
		if (!snp_rules_find(&c->rules, fw->entries[i].leaf,
				    fw->entries[i].subleaf))
			fail_msg("0x%x/0x%x not captured", fw->entries[i].leaf,
				 fw->entries[i].subleaf);
		customs += fw->entries[i].custom != NULL;
	}
	assert_int_equal(customs, 8);	/* research/snp.md §0.1 */
	/* the entries called custom are Genoa's custom entries */
	n = commented_pairs(c, "checks this entry with its own function",
			    pairs, 64);
	assert_int_equal(n, customs);
	for (i = 0; i < n; i++) {
		const struct snp_entry *e =
			snp_rules_find(fw, pairs[i][0], pairs[i][1]);

		assert_non_null(e);
		if (!e->custom)
			fail_msg("0x%x/0x%x called custom", pairs[i][0],
				 pairs[i][1]);
	}
	/* the self-check fails only where a custom function is */
	n = self_check_pairs(c, pairs, 64);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		const struct snp_entry *e =
			snp_rules_find(fw, pairs[i][0], pairs[i][1]);

		assert_non_null(e);
		assert_non_null(e->custom);
	}
	expect_plain_entries_reproduced(fw, &c->rules);
	cap_free(c);
}

/*
 * Register readings on Genoa (RULES, research §3.2): an exact value, a
 * clamp, a mask written as must-be-zero bits, nothing checked, the
 * inverted mask of 7.0.EDX found by the one-bit walk, and F/M/S.
 */
static void test_genoa_readings(void **state)
{
	struct cap *c = cap_new(NULL);
	const struct snp_entry *e;

	(void)state;
	use_reference(c, GENOA);
	capture(c);
	/* 0xD/2: EAX exact 0x100, EBX exact 0x240 */
	e = snp_rules_find(&c->rules, 0xd, 2);
	assert_non_null(e);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_EXACT);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 0x100);
	assert_int_equal(e->regs[CPUID_REG_EBX].value, 0x240);
	/* 0x0: EAX le 0x10; 0x80000024/0: EAX le 1 */
	e = snp_rules_find(&c->rules, 0, 0);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 0x10);
	e = snp_rules_find(&c->rules, 0x80000024, 0);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, 1);
	/* 0x6: EAX mask 0x4 -> unchecked, ~0x4 must be zero */
	e = snp_rules_find(&c->rules, 6, 0);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EAX].mbz, 0xfffffffb);
	/* 0x8000001D/3 EDX: unchecked, mbz 0xfffffffc (nvtrust #91) */
	e = snp_rules_find(&c->rules, 0x8000001d, 3);
	assert_int_equal(e->regs[CPUID_REG_EDX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EDX].mbz, 0xfffffffc);
	/* 0x80000002: nothing checked */
	e = snp_rules_find(&c->rules, 0x80000002, 0);
	assert_int_equal(e->regs[CPUID_REG_EBX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EBX].mbz, 0);
	/* 7.0.EDX: all-ones comes back 0 (research §3.4), but 0x10000010's
	 * bits are taken one at a time */
	e = snp_rules_find(&c->rules, 7, 0);
	assert_int_equal(e->regs[CPUID_REG_EDX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EDX].mbz, ~0x10000010u);
	assert_non_null(strstr(c->out.buf, "#   edx takes the bits of "
			       "0x10000010 one at a time"));
	/* 1.EAX: the host's F/M/S as a clamp, said to be a comparison */
	e = snp_rules_find(&c->rules, 1, 0);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_EAX].value, GENOA_FMS);
	assert_non_null(strstr(c->out.buf, "# The firmware clamped 1.EAX to "
			       "0x00a10f11"));
	/* 0xD/0: XSAVE sizes depend on xcr0_in */
	assert_non_null(strstr(c->out.buf, "# 0x0000000d/0x00: the firmware "
			       "checks this entry with its own function:\n"
			       "#   the answer depends on xcr0_in/xss_in"));
	cap_free(c);
}

/* ---- a firmware certify has no rule set for ---- */

/*
 * Leaves Genoa lacks (0x21, 0x7/2, 0x80000030), found by the scan alone
 * (no reference rule set), each rule kind once.
 */
static const char other_firmware[] =
	"ruleset fw-other\nplatform snp\nversion 9.9.9\n"
	"source test/firmware@0 test_snp_capture.c\n"
	"const max_count 64\n"
	"checked-range 0x00000000 0x0000ffff\n"
	"checked-range 0x80000000 0x8000ffff\n"
	"reg 0x00000000 0x00 eax le        0x00000021 0x00000000\n"
	"reg 0x00000000 0x00 ebx unchecked -          0x00000000\n"
	"reg 0x00000000 0x00 ecx unchecked -          0x00000000\n"
	"reg 0x00000000 0x00 edx unchecked -          0x00000000\n"
	"reg 0x00000007 0x02 eax exact     0x00000000 0xffffffff\n"
	"reg 0x00000007 0x02 ebx exact     0x00000000 0xffffffff\n"
	"reg 0x00000007 0x02 ecx exact     0x00000000 0xffffffff\n"
	"reg 0x00000007 0x02 edx mask      0x0000003f 0xffffffc0\n"
	"reg 0x00000021 0x00 eax mask      0x000000f0 0x00000000\n"
	"reg 0x00000021 0x00 ebx exact     0x12345678 0x00000000\n"
	"reg 0x00000021 0x00 ecx le        0x00000100 0x00000000\n"
	"reg 0x00000021 0x00 edx unchecked -          0xffff0000\n"
	"reg 0x80000030 0x00 eax exact     0x00000000 0x00000000\n"
	"reg 0x80000030 0x00 ebx mask      0x0000ff00 0xffff0000\n"
	"reg 0x80000030 0x00 ecx unchecked -          0x00000000\n"
	"reg 0x80000030 0x00 edx le        0x00000007 0x00000000\n";

static void test_other_firmware(void **state)
{
	struct cap *c = cap_new(other_firmware);
	const struct snp_entry *e;

	(void)state;
	capture(c);
	assert_int_equal(c->rules.n, 4);
	/* 0x21: mask 0xf0 (as unchecked, ~0xf0 must be zero), exact
	 * 0x12345678, le 0x100, unchecked with 0xffff0000 must be zero */
	e = snp_rules_find(&c->rules, 0x21, 0);
	assert_non_null(e);
	assert_int_equal(e->regs[CPUID_REG_EAX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EAX].mbz, 0xffffff0f);
	assert_int_equal(e->regs[CPUID_REG_EBX].rule, SNP_RULE_EXACT);
	assert_int_equal(e->regs[CPUID_REG_EBX].value, 0x12345678);
	assert_int_equal(e->regs[CPUID_REG_ECX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_ECX].value, 0x100);
	assert_int_equal(e->regs[CPUID_REG_EDX].rule, SNP_RULE_UNCHECKED);
	assert_int_equal(e->regs[CPUID_REG_EDX].mbz, 0xffff0000);
	/* 0x80000030 EDX le 7, not a mask of 7 */
	e = snp_rules_find(&c->rules, 0x80000030, 0);
	assert_non_null(e);
	assert_int_equal(e->regs[CPUID_REG_EDX].rule, SNP_RULE_LE);
	assert_int_equal(e->regs[CPUID_REG_EDX].value, 7);
	assert_non_null(snp_rules_find(&c->rules, 7, 2));
	assert_null(strstr(c->out.buf, "its own function"));
	assert_non_null(strstr(c->out.buf, "give back what\n# the firmware "
			       "did.\n"));
	expect_plain_entries_reproduced(&c->s.rules, &c->rules);
	cap_free(c);
}

/* ---- what stops a capture ---- */

static void test_no_snp(void **state)
{
	struct cap *c = cap_new(NULL);

	(void)state;
	c->f.vm_types &= ~(1u << 4);
	assert_int_equal(snp_capture(&c->f.sys, &c->req, NULL, &c->out,
				     &c->d), PROBE_ENVIRONMENT);
	assert_non_null(strstr(c->d.msg, "/dev/kvm: KVM offers VM types 0xd "
			       "but not SNP (bit 4, KVM_X86_SNP_VM)"));
	assert_int_equal(c->out.len, 0);
	cap_free(c);
}

/* KVM refuses the launch (policy bit 17 clear, research §4.3): no page
 * reaches the firmware, nothing can be learnt. */
static void test_launch_refused(void **state)
{
	struct cap *c = cap_new(NULL);
	struct config cfg;
	struct diag d;

	(void)state;
	if (test_read_text("snp.policy = 0x10000\n0x00000000 0x00: "
			   "eax=0x00000010 ebx=0x0 ecx=0x0 edx=0x0\n",
			   DUMP_CONFIG, -1, &cfg, &d))
		fail_msg("%s", d.msg);
	c->req.config = &cfg;
	assert_int_equal(snp_capture(&c->f.sys, &c->req, NULL, &c->out,
				     &c->d), PROBE_ENVIRONMENT);
	assert_string_equal(c->d.msg, "KVM_SEV_SNP_LAUNCH_START: -EINVAL: the "
			    "firmware never saw a page to learn from");
	assert_int_equal(c->out.len, 0);
	config_release(&cfg);
	cap_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genoa_captured),
		cmocka_unit_test(test_genoa_readings),
		cmocka_unit_test(test_other_firmware),
		cmocka_unit_test(test_no_snp),
		cmocka_unit_test(test_launch_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
