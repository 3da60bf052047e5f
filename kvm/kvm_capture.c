// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certify/cpuid_decode.h"
#include "certify/feature_table.h"
#include "certify/host.h"
#include "certify/leaves.h"
#include "certify/probe.h"
#include "kvm_capture.h"
#include "kvm_guest.h"
#include "kvm_model.h"
#include "kvm_rules.h"

/* Sub-leaves probed of an indexed leaf: XSAVE components go up to 63. */
#define SUBLEAVES_XSAVE 64u
#define SUBLEAVES_OTHER 16u
/* Leaves probed of the standard and extended ranges at least, and of
 * the hypervisor range (KVM's own leaves and what VMMs add). */
#define RANGE_LEAVES 0x40u
#define HYPERVISOR_LEAVES 0x10u

/* Bits a probe keeps at the host's value: KVM refuses other values. */
static uint32_t kept_bits(const struct cpuid_entry *key, unsigned int reg)
{
	const struct cpuid_field vaddr = CPUID_FIELD_VIRT_ADDR_BITS;
	const struct cpuid_field paddr = CPUID_FIELD_PHYS_ADDR_BITS;
	const struct cpuid_field tiledata = CPUID_FEATURE_XCR0_TILEDATA;
	uint32_t keep = 0;

	/* The address widths: KVM checks the virtual one, and with a
	 * physical width of 0 every guest address would be reserved. */
	if (key->leaf == vaddr.leaf && reg == vaddr.reg)
		keep |= cpuid_field_mask(&vaddr) | cpuid_field_mask(&paddr);
	/* AMX tile data needs a permission the host may not give. */
	if (key->leaf == tiledata.leaf && key->subleaf == tiledata.subleaf &&
	    reg == tiledata.reg)
		keep |= cpuid_field_mask(&tiledata);
	return keep;
}

/* The probe table: @base with @key's register @reg set to @value. */
static int probe_table(const struct cpuid_set *base,
		       const struct cpuid_entry *key, unsigned int reg,
		       uint32_t value, struct cpuid_set *out)
{
	const struct cpuid_entry *b =
		cpuid_set_find(base, key->leaf, key->indexed, key->subleaf);
	struct cpuid_entry e = b ? *b : *key;
	uint32_t keep = kept_bits(key, reg);

	if (!b)
		memset(e.regs, 0, sizeof(e.regs));
	memset(e.unknown, 0, sizeof(e.unknown));
	e.regs[reg] = (value & ~keep) | (e.regs[reg] & keep);
	if (cpuid_set_copy(out, base) || cpuid_set_put(out, &e))
		return -1;
	/* So that KVM hands 0xD.1 EBX on rather than computing it. */
	if (key->leaf == 0xd && key->indexed && key->subleaf == 1 &&
	    reg == CPUID_REG_EBX) {
		struct cpuid_entry *d1 = (struct cpuid_entry *)
			cpuid_set_find(out, 0xd, true, 1);
		const struct cpuid_field xsaves = CPUID_FEATURE_XSAVES;
		const struct cpuid_field xsavec = CPUID_FEATURE_XSAVEC;

		d1->regs[CPUID_REG_EAX] &= ~(cpuid_field_mask(&xsaves) |
					      cpuid_field_mask(&xsavec));
	}
	return 0;
}

struct probe_out {
	bool refused;
	uint32_t kvm;	/* what KVM hands the guest, by the model */
	uint32_t seen;	/* what the guest read */
};

static int probe_one(struct kvm *k, const struct kvm_rules *rules,
		     const struct cpuid_set *base,
		     const struct cpuid_entry *key, unsigned int reg,
		     uint32_t value, struct probe_out *o,
		     struct kvm_capture_stats *st, struct diag *d)
{
	struct cpuid_set table = CPUID_SET_INIT, view = CPUID_SET_INIT;
	struct cpuid_set query = CPUID_SET_INIT, seen = CPUID_SET_INIT;
	const struct cpuid_entry *v, *s;
	int ret, err;

	memset(o, 0, sizeof(*o));
	ret = PROBE_BAD_INPUT;
	if (probe_table(base, key, reg, value, &table) ||
	    kvm_model_kvm_view(rules, &table, &view) ||
	    cpuid_set_insert(&query, key)) {
		diag_set(d, "certify", 0, "out of memory");
		goto out;
	}
	ret = kvm_guest_cpuid(k, &table, &query, &seen, &err, d);
	st->guests++;
	if (ret)
		goto out;
	if (err) {
		o->refused = true;
		st->refused++;
		goto out;
	}
	v = cpuid_set_find(&view, key->leaf, key->indexed, key->subleaf);
	s = cpuid_set_find(&seen, key->leaf, key->indexed, key->subleaf);
	o->kvm = v->regs[reg];
	o->seen = s->regs[reg];
out:
	cpuid_set_release(&table);
	cpuid_set_release(&view);
	cpuid_set_release(&query);
	cpuid_set_release(&seen);
	return ret;
}

/*
 * Per bit: passes when the guest read what KVM handed it both times,
 * forced when it read the same value both times, else varies.
 */
static void derive(const struct probe_out *z, const struct probe_out *o,
		   uint32_t *f0, uint32_t *f1, uint32_t *var)
{
	uint32_t pass = ~(z->seen ^ z->kvm) & ~(o->seen ^ o->kvm);
	uint32_t same = ~(z->seen ^ o->seen);

	*f0 = ~pass & same & ~z->seen;
	*f1 = ~pass & same & z->seen;
	*var = ~pass & ~same;
}

static int capture_entry(struct kvm *k, const struct kvm_rules *rules,
			 const struct cpuid_set *base,
			 const struct cpuid_entry *key, struct strbuf *out,
			 struct kvm_capture_stats *st, struct diag *d)
{
	uint32_t f0[CPUID_NR_REGS], f1[CPUID_NR_REGS], var[CPUID_NR_REGS];
	bool refused[CPUID_NR_REGS];
	unsigned int reg;
	int ret;

	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		struct probe_out z, o;

		ret = probe_one(k, rules, base, key, reg, 0, &z, st, d);
		if (!ret)
			ret = probe_one(k, rules, base, key, reg, 0xffffffffu,
					&o, st, d);
		if (ret)
			return ret;
		refused[reg] = z.refused || o.refused;
		f0[reg] = f1[reg] = var[reg] = 0;
		if (!refused[reg])
			derive(&z, &o, &f0[reg], &f1[reg], &var[reg]);
	}
	for (reg = 0; reg < CPUID_NR_REGS; reg++)
		if (refused[reg]) {
			strbuf_puts(out, "# ");
			kvm_rules_put_key(out, key);
			strbuf_printf(out, " %s: KVM refused a probe; taken as "
				      "passing\n", cpuid_reg_name(reg));
		}
	strbuf_puts(out, "below ");
	kvm_rules_put_key(out, key);
	for (reg = 0; reg < CPUID_NR_REGS; reg++) {
		if (!f0[reg] && !f1[reg] && !var[reg])
			continue;
		st->changed++;
		strbuf_printf(out, " %s=0x%08x/0x%08x", cpuid_reg_name(reg),
			      f0[reg], f1[reg]);
		if (var[reg])
			strbuf_printf(out, "/0x%08x", var[reg]);
	}
	strbuf_putc(out, '\n');
	st->entries++;
	return 0;
}

static int add_key(struct cpuid_set *keys, uint32_t leaf, bool indexed,
		   uint32_t subleaf)
{
	struct cpuid_entry e = { .leaf = leaf, .indexed = indexed,
				 .subleaf = indexed ? subleaf : 0 };
	int ret = cpuid_set_insert(keys, &e);

	return ret == -EEXIST ? 0 : ret;
}

static int add_keys_of(struct cpuid_set *keys, const struct cpuid_set *s)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, s)
		if (add_key(keys, e->leaf, e->indexed, e->subleaf))
			return -1;
	return 0;
}

/*
 * Every leaf of one range: the sub-leaves of the indexed ones, sub-leaf
 * 0 of the others.  A range covers at least @min leaves whatever the
 * host's maximum says: a VMM may configure leaves the host lacks, and
 * the layers under KVM may answer them (on nested build machines they
 * do).
 */
static int add_range(struct cpuid_set *keys, uint32_t first, uint32_t last)
{
	uint32_t leaf, sub;

	for (leaf = first; leaf <= last && leaf >= first; leaf++) {
		uint32_t n = leaf == 0xd ? SUBLEAVES_XSAVE : SUBLEAVES_OTHER;
		bool indexed = cpuid_leaf_is_indexed(leaf);

		for (sub = 0; sub < (indexed ? n : 1); sub++)
			if (add_key(keys, leaf, indexed, sub))
				return -1;
	}
	return 0;
}

static uint32_t range_end(const struct cpuid_set *a, const struct cpuid_set *b,
			  uint32_t range, uint32_t min)
{
	const struct cpuid_entry *e;
	uint32_t max = range + min - 1;

	e = cpuid_set_lookup(a, range, 0);
	if (e && e->regs[CPUID_REG_EAX] > max)
		max = e->regs[CPUID_REG_EAX];
	e = cpuid_set_lookup(b, range, 0);
	if (e && e->regs[CPUID_REG_EAX] > max)
		max = e->regs[CPUID_REG_EAX];
	/* A wild maximum must not make the catalogue huge. */
	return max - range > 0xff ? range + 0xff : max;
}

static int catalogue(const struct cpuid_set *host,
		     const struct cpuid_set *supported,
		     const struct cpuid_set *emulated, struct cpuid_set *keys)
{
	if (add_keys_of(keys, host) || add_keys_of(keys, supported) ||
	    add_keys_of(keys, emulated) ||
	    add_range(keys, 0, range_end(host, supported, 0, RANGE_LEAVES)) ||
	    add_range(keys, 0x40000000u, 0x40000000u + HYPERVISOR_LEAVES - 1) ||
	    add_range(keys, 0x80000000u,
		      range_end(host, supported, 0x80000000u, RANGE_LEAVES)))
		return -1;
	return 0;
}

static void put_cpuid(struct strbuf *out, const char *what,
		      const struct cpuid_set *s)
{
	const struct cpuid_entry *e;

	cpuid_set_for_each(e, s) {
		strbuf_printf(out, "%s ", what);
		kvm_rules_put_key(out, e);
		strbuf_printf(out, " 0x%08x 0x%08x 0x%08x 0x%08x\n", e->regs[0],
			      e->regs[1], e->regs[2], e->regs[3]);
	}
}

/* "6.18.44" of "6.18.44-fc-v657": a version the rule-set header takes. */
static void kernel_version(const char *release, char *buf, size_t len)
{
	size_t n = strspn(release, "0123456789.");

	while (n && release[n - 1] == '.')
		n--;
	if (!n || n >= len) {
		snprintf(buf, len, "0");
		return;
	}
	memcpy(buf, release, n);
	buf[n] = '\0';
}

/* The base rule set's records, as written (without comments). */
static void put_base(struct strbuf *out, const struct ruleset *base)
{
	size_t i;

	for (i = 0; i < base->nlines; i++) {
		const char *s = base->lines[i].rest[0];
		size_t n = strlen(s);

		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		strbuf_add(out, s, n);
		strbuf_putc(out, '\n');
	}
}

static void put_header(struct strbuf *out, struct kvm *k,
		       const struct ruleset *base,
		       const struct cpuid_set *host, const char *name)
{
	const char *release = kvm_kernel_release(k);
	const struct cpuid_entry *e1 = cpuid_set_lookup(host, 1, 0);
	char version[64], vendor[13];
	bool has_vendor = cpuid_decode_vendor(host, vendor);
	char *hash;

	kernel_version(release, version, sizeof(version));
	if (!has_vendor)
		vendor[0] = '\0';
	/* '#' would start a comment in the record. */
	while ((hash = strchr(vendor, '#')))
		*hash = '.';
	strbuf_printf(out,
		      "# What this machine's KVM, and the layers under it, do "
		      "with CPUID:\n"
		      "# written by certify %s probe --platform kvm --capture "
		      "(format: models/README.md).\n"
		      "# Predict with: certify check --platform kvm --rules "
		      "THIS-FILE --config CONFIG\n"
		      "ruleset %s\nplatform kvm\nversion %s\n"
		      "source certify probe --capture on Linux %s; KVM's code "
		      "from %s (%s)\n",
		      CERTIFY_VERSION, name, version, release, base->name,
		      base->source);
	strbuf_printf(out, "fact kernel %s\n", release);
	strbuf_printf(out, "fact base-rules %s\n", base->name);
	if (has_vendor)
		strbuf_printf(out, "fact host-vendor %s\n", vendor);
	if (e1)
		strbuf_printf(out, "fact host-signature 0x%08x\n",
			      e1->regs[CPUID_REG_EAX]);
	strbuf_printf(out, "fact kvm-vm-types 0x%x\n", kvm_vm_types(k));
}

int kvm_capture(struct kvm *k, const struct ruleset *base,
		const struct cpuid_set *host, const char *name,
		struct strbuf *out, struct kvm_capture_stats *st,
		struct diag *d)
{
	struct cpuid_set supported = CPUID_SET_INIT, emulated = CPUID_SET_INIT;
	struct cpuid_set keys = CPUID_SET_INIT;
	const struct cpuid_entry *key;
	struct kvm_rules rules;
	int ret;

	memset(st, 0, sizeof(*st));
	if (host->n >= CERTIFY_KVM_MAX_CPUID_ENTRIES) {
		diag_set(d, "certify", 0, "the host has %zu CPUID entries: a "
			 "probe table of them and one more exceeds KVM's %d",
			 host->n, CERTIFY_KVM_MAX_CPUID_ENTRIES);
		return PROBE_BAD_INPUT;
	}
	if (kvm_rules_read(base, &rules, d))
		return PROBE_BAD_INPUT;
	ret = PROBE_ENVIRONMENT;
	if (kvm_get_cpuid(k, CERTIFY_KVM_GET_SUPPORTED_CPUID, &supported, d) ||
	    kvm_get_cpuid(k, CERTIFY_KVM_GET_EMULATED_CPUID, &emulated, d))
		goto out;
	ret = PROBE_BAD_INPUT;
	if (catalogue(host, &supported, &emulated, &keys)) {
		diag_set(d, "certify", 0, "out of memory");
		goto out;
	}
	put_header(out, k, base, host, name);
	strbuf_puts(out, "\n# KVM's code, from the base rule set\n");
	put_base(out, base);
	strbuf_puts(out, "\n# KVM_GET_SUPPORTED_CPUID\n");
	put_cpuid(out, "supported", &supported);
	strbuf_puts(out, "\n# KVM_GET_EMULATED_CPUID\n");
	put_cpuid(out, "emulated", &emulated);
	strbuf_puts(out, "\n# below LEAF SUBLEAF [REG=FORCE0/FORCE1[/VARIES]]"
		    "...: what the layers under KVM did to the bits KVM\n"
		    "# handed the probe guest (kvm/kvm_capture.h); an entry "
		    "without registers passes\n");
	cpuid_set_for_each(key, &keys) {
		ret = capture_entry(k, &rules, host, key, out, st, d);
		if (ret)
			goto out;
	}
	ret = 0;
	if (strbuf_failed(out)) {
		diag_set(d, "certify", 0, "out of memory");
		ret = PROBE_BAD_INPUT;
	}
out:
	kvm_rules_release(&rules);
	cpuid_set_release(&supported);
	cpuid_set_release(&emulated);
	cpuid_set_release(&keys);
	return ret;
}

int kvm_capture_run(struct kvm_sys *sys, const struct check_request *req,
		    const char *name, struct strbuf *out, struct diag *d)
{
	struct cpuid_set host = CPUID_SET_INIT;
	struct kvm_capture_stats st;
	struct kvm k;
	int cpu, ret;

	if (kvm_open(&k, sys, d))
		return PROBE_ENVIRONMENT;
	ret = host_cpuid_read(&host, &cpu);
	if (ret) {
		diag_set(d, "certify", 0, "cannot read this machine's CPUID "
			 "(%s)", ret == -ENOSYS ? "not x86" : "out of memory");
		ret = PROBE_ENVIRONMENT;
		goto out;
	}
	ret = kvm_capture(&k, req->rules, &host, name, out, &st, d);
	if (!ret)
		strbuf_printf(out, "\n# %u entries probed with %u guests; %u "
			      "registers changed under KVM; %u probes "
			      "refused\n", st.entries, st.guests, st.changed,
			      st.refused);
out:
	cpuid_set_release(&host);
	kvm_close(&k);
	return ret;
}
