// SPDX-License-Identifier: MIT
/*
 * certify probe --platform snp (snp/snp_probe.c) end to end through the
 * fake kernel (fake_kvm.c, fake_snp.c): the marshalling of KVM_SEV_INIT2,
 * KVM_SEV_SNP_LAUNCH_START and KVM_SEV_SNP_LAUNCH_UPDATE, the guest_memfd
 * slot set private, the corrected page read back on -EIO/0x16, the model
 * cross-check, the facts, and what a host without SNP is told.
 *
 * Expected values come from the sources, cited per test:
 *   NOTE  research/snp.md (§3 firmware, §4.1-4.3 KVM uAPI and semantics,
 *         §9.1 nvtrust #91)
 *   RULES models/snp/snp-genoa-1.55.25.rules (the firmware's table)
 *   HOST  models/hosts/amd-epyc-9334.cfg (CPUID.1:EAX 0x00a10f11)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "testlib.h"
#include "fake_snp.h"
#include "certify/probe.h"
#include "snp/snp_probe.h"

#define GENOA "snp-genoa-1.55.25"
#define GENOA_FMS 0x00a10f11u		/* HOST 1.EAX */
#define INVALID_PARAM 0x16		/* NOTE §3.2 SEV_RET_INVALID_PARAM */
#define POLICY_FAILURE 0x07		/* NOTE §4.3 */
#define INVALID_PAGE_STATE 0x1a		/* NOTE §4.3 */
/* RULES: 0x8000001D/3 is lookup_table[40] (the 41st entry). */
#define LT_8000001D_3 "lookup_table[40].edx"

struct env {
	struct fake_kvm f;
	struct fake_snp s;
	struct ruleset rs;
	struct config cfg;
	struct config host;
	struct input page;
	struct check_request req;
	struct check_result res;
	struct diag d;
};

static struct env *env_new(void)
{
	struct env *e = calloc(1, sizeof(*e));
	struct diag d;

	assert_non_null(e);
	fake_kvm_init(&e->f);
	fake_snp_attach(&e->f, &e->s, GENOA, GENOA_FMS);
	if (ruleset_load_embedded(GENOA, &e->rs, &d))
		fail_msg("%s", d.msg);
	config_init(&e->cfg);
	test_read_file("embedded:amd-epyc-9334", DUMP_CONFIG, -1, &e->host);
	e->req.rules = &e->rs;
	e->req.vmm = "none";
	e->req.kvm = "mainline";
	e->req.host = &e->host.cpuid;
	check_result_init(&e->res);
	diag_clear(&e->d);
	return e;
}

/* Everything the probe opened is closed again: one VM per probe. */
static void env_free(struct env *e)
{
	assert_int_equal(e->f.open_fds, 0);
	check_result_release(&e->res);
	fake_snp_release(&e->s);
	fake_kvm_release(&e->f);
	ruleset_release(&e->rs);
	config_release(&e->cfg);
	config_release(&e->host);
	input_release(&e->page);
	free(e);
}

static void use_page(struct env *e, const struct snp_page *p)
{
	static uint8_t bytes[SNP_PAGE_SIZE];

	snp_page_encode(p, bytes);
	assert_int_equal(input_from_buffer(&e->page, "page", bytes,
					   sizeof(bytes)), 0);
	e->req.page = &e->page;
}

static void use_config(struct env *e, const char *text)
{
	struct diag d;

	config_release(&e->cfg);
	if (test_read_text(text, DUMP_CONFIG, -1, &e->cfg, &d))
		fail_msg("%s", d.msg);
	e->req.config = &e->cfg;
}

static int probe(struct env *e)
{
	return snp_probe(&e->f.sys, &e->req, &e->res, &e->d);
}

static void probe_ok(struct env *e)
{
	if (probe(e))
		fail_msg("%s", e->d.msg);
	assert_true(e->res.hardware);
}

static const char *fact(const struct check_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nfacts; i++)
		if (!strcmp(r->facts[i].key, key))
			return r->facts[i].value;
	return NULL;
}

static bool has_warning(const struct check_result *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		if (strstr(r->warnings[i], text))
			return true;
	return false;
}

static size_t count_mismatch_findings(const struct check_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		n += !strcmp(r->findings[i].class, PROBE_MISMATCH_CLASS);
	return n;
}

static void expect_agreement(const struct env *e)
{
	assert_string_equal(fact(&e->res, "model"), "agrees with the hardware");
	assert_false(has_warning(&e->res, PROBE_MISMATCH_CLASS));
	assert_int_equal(count_mismatch_findings(&e->res), 0);
}

/*
 * NOTE §9.1, nvtrust #91 (EPYC 7443P, QEMU -cpu EPYC): "CPUID validation
 * failed for function 0x8000001d, index: 0x3 ... provided edx 0x6,
 * expected 0x2".  RULES 0x8000001D/3 EDX: unchecked, mbz 0xfffffffc, so
 * bit 2 is cleared; EAX 0x0003c163 is clear of mbz 0xfc003c00, EBX and
 * ECX are unchecked.
 */
static void nvtrust_page(struct snp_page *p)
{
	memset(p, 0, sizeof(*p));
	p->count = 1;
	p->e[0].eax_in = 0x8000001d;
	p->e[0].ecx_in = 3;
	p->e[0].regs[0] = 0x0003c163;
	p->e[0].regs[1] = 0x03c0003f;
	p->e[0].regs[2] = 0x00007fff;
	p->e[0].regs[3] = 0x6;
}

/* ---- pages the firmware accepts ---- */

/*
 * The page QEMU builds for -cpu host on HOST (snp_qemu_build through
 * snp_check_page), probed on a Genoa firmware whose host is HOST:
 * accepted, nothing written back, and the model agrees.
 */
static void test_qemu_page_accepted(void **state)
{
	struct env *e = env_new();
	const struct snp_page *sent = &e->s.last_page;
	unsigned int i;
	bool c_bit = false;

	(void)state;
	e->req.vmm = "qemu";
	e->req.config = &e->host;
	probe_ok(e);
	assert_int_equal(e->res.status.code, 0);
	assert_string_equal(e->res.status.name, "SUCCESS");
	assert_string_equal(e->res.status.layer, "sev-firmware");
	assert_int_not_equal(e->res.outcome, OUTCOME_REJECTED);
	expect_agreement(e);
	/* One VM: INIT2 once, one CPUID page, one /dev/sev. */
	assert_int_equal(e->s.vms, 1);
	assert_int_equal(e->s.updates, 1);
	assert_int_equal(e->s.sev_opens, 1);
	/* The page that reached the firmware is QEMU's: C-bit 51 from the
	 * host in 0x8000001F EBX[5:0] (NOTE §3.3). */
	assert_true(sent->count > 4 && sent->count <= SNP_PAGE_ENTRIES);
	for (i = 0; i < sent->count; i++)
		if (sent->e[i].eax_in == 0x8000001f)
			c_bit = (sent->e[i].regs[1] & 0x3f) == 51;
	assert_true(c_bit);
	assert_int_equal(e->res.ncorrections, 0);
	assert_string_equal(fact(&e->res, "corrections"),
			    "none: the firmware accepted the page");
	assert_string_equal(fact(&e->res, "kernel"), "6.18.0-fake");
	/* fake_snp_attach: default, SEV, SEV-ES, SNP (NOTE §4.1) */
	assert_string_equal(fact(&e->res, "vm types"),
			    "0x1d (default, sev, sev-es, snp)");
	assert_non_null(strstr(fact(&e->res, "firmware"), "not read"));
	assert_non_null(strstr(fact(&e->res, "firmware"), GENOA));
	assert_string_equal(fact(&e->res, "host family/model/stepping"),
			    "0x00a10f11 (family 0x19, model 0x11, stepping 1),"
			    " from --host");
	assert_non_null(strstr(fact(&e->res, "launch"),
			       "KVM_SEV_SNP_LAUNCH_UPDATE succeeded"));
	assert_null(fact(&e->res, "SEV firmware error"));
	env_free(e);
}

/* A config with --vmm none: its entries are the page (snp_page_from_set).
 * Every value is within RULES: 0x0 EAX <= 0x10, 1.EAX the host's F/M/S,
 * 1.EBX[15:8] 8, 0x8000001F EAX 0x1A within 0x030fffff, EBX 0x33. */
static void test_config_page_accepted(void **state)
{
	struct env *e = env_new();

	(void)state;
	use_config(e, "0x00000000 0x00: eax=0x00000010 ebx=0x0 ecx=0x0 "
		   "edx=0x0\n"
		   "0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ecx=0x0 "
		   "edx=0x0\n"
		   "0x80000000 0x00: eax=0x8000001f ebx=0x0 ecx=0x0 "
		   "edx=0x0\n"
		   "0x8000001f 0x00: eax=0x0000001a ebx=0x00000033 ecx=0x0 "
		   "edx=0x0\n");
	probe_ok(e);
	assert_int_equal(e->res.status.code, 0);
	assert_int_equal(e->s.last_page.count, 4);
	assert_int_equal(e->s.last_page.e[3].eax_in, 0x8000001f);
	expect_agreement(e);
	env_free(e);
}

/* ---- a page the firmware corrects ---- */

static void test_nvtrust_91_read_back(void **state)
{
	struct env *e = env_new();
	const struct check_correction *c;
	const struct cpuid_entry *fe;
	struct snp_page p;

	(void)state;
	nvtrust_page(&p);
	use_page(e, &p);
	probe_ok(e);
	/* NOTE §4.3: -EIO with kvm_sev_cmd.error 0x16 */
	assert_int_equal(e->res.status.code, INVALID_PARAM);
	assert_string_equal(e->res.status.name, "INVALID_PARAM");
	assert_string_equal(e->res.status.layer, "sev-firmware");
	assert_int_equal(e->res.outcome, OUTCOME_REJECTED);
	assert_string_equal(fact(&e->res, "SEV firmware error"),
			    "0x16 (INVALID_PARAM) from "
			    "KVM_SEV_SNP_LAUNCH_UPDATE");
	assert_non_null(strstr(fact(&e->res, "launch"), "read back"));
	/* The correction, attributed to the firmware's rule, confirmed. */
	assert_int_equal(e->res.ncorrections, 1);
	c = &e->res.corrections[0];
	assert_string_equal(c->layer, "sev-firmware");
	assert_string_equal(c->rule, LT_8000001D_3);
	assert_string_equal(c->field, "edx");
	assert_int_equal(c->provided, 0x6);
	assert_int_equal(c->corrected, 0x2);
	assert_string_equal(fact(&e->res, "corrections"),
			    "the firmware changed 1 register; 0 differ from "
			    "the model");
	/* The guest's view is the page read back: EDX 0x2. */
	fe = cpuid_set_find(&e->res.final, 0x8000001d, true, 3);
	assert_non_null(fe);
	assert_int_equal(fe->regs[CPUID_REG_EDX], 0x2);
	assert_int_equal(fe->regs[CPUID_REG_EAX], 0x0003c163);
	expect_agreement(e);
	env_free(e);
}

/*
 * A firmware that differs from the model: the written-back EDX has bit 0
 * flipped (0x2 ^ 0x1 = 0x3).  The cross-check finds exactly that bit, the
 * finding takes the hardware's value, and the register is listed as a
 * correction of layer "hardware".
 */
static void test_deviation_is_a_mismatch(void **state)
{
	struct env *e = env_new();
	const struct check_correction *hw = NULL;
	size_t i, n = 0;
	struct snp_page p;

	(void)state;
	nvtrust_page(&p);
	use_page(e, &p);
	e->s.deviation.on = true;
	e->s.deviation.entry = 0;
	e->s.deviation.reg = CPUID_REG_EDX;
	e->s.deviation.xor = 0x1;
	probe_ok(e);
	/* both say INVALID_PARAM: the status agrees */
	assert_int_equal(e->res.status.code, INVALID_PARAM);
	assert_false(has_warning(&e->res, "launch status differs"));
	for (i = 0; i < e->res.nfindings; i++) {
		const struct finding *f = &e->res.findings[i];

		if (strcmp(f->class, PROBE_MISMATCH_CLASS))
			continue;
		n++;
		assert_int_equal(f->leaf, 0x8000001d);
		assert_int_equal(f->subleaf, 3);
		assert_int_equal(f->reg, CPUID_REG_EDX);
		assert_true(f->bit == 0 && f->width <= 2);
		assert_string_equal(f->layer, "hardware");
		/* the hardware's bits: 0x3 in the finding's field */
		assert_int_equal(f->final, 0x3u >> f->bit &
					   ((1u << f->width) - 1));
		assert_non_null(strstr(f->note, "the model predicted"));
	}
	assert_int_equal(n, 1);
	assert_true(has_warning(&e->res, "1 bit of what the hardware reported "
				"differs from the model"));
	assert_true(has_warning(&e->res, "1 register of the page the firmware "
				"wrote back differs"));
	for (i = 0; i < e->res.ncorrections; i++)
		if (!strcmp(e->res.corrections[i].layer, "hardware"))
			hw = &e->res.corrections[i];
	assert_non_null(hw);
	assert_string_equal(hw->rule, PROBE_MISMATCH_CLASS);
	assert_string_equal(hw->field, "edx");
	assert_int_equal(hw->provided, 0x6);
	assert_int_equal(hw->corrected, 0x3);
	assert_non_null(strstr(hw->note, "predicted 0x00000002 ("
			       LT_8000001D_3 ")"));
	/* page order: the model's correction first, then the hardware's */
	assert_int_equal(e->res.ncorrections, 2);
	assert_string_equal(e->res.corrections[0].layer, "sev-firmware");
	assert_string_equal(fact(&e->res, "model"), "disagrees "
			    "(model-mismatch): 1 register of the page, 1 bit");
	env_free(e);
}

/* A firmware stricter than the model: it refuses a page the model takes.
 * The status is the hardware's, and says what the model predicted. */
static void test_status_mismatch(void **state)
{
	struct env *e = env_new();

	(void)state;
	use_config(e, "0x00000006 0x00: eax=0x00000004 ebx=0x0 ecx=0x0 "
		   "edx=0x0\n");
	e->s.deviation.on = true;
	e->s.deviation.entry = 0;
	e->s.deviation.reg = CPUID_REG_EAX;
	e->s.deviation.xor = 0x4;	/* RULES 0x6 EAX: mask 0x4 */
	probe_ok(e);
	assert_int_equal(e->res.status.code, INVALID_PARAM);
	assert_string_equal(e->res.status.layer, "sev-firmware");
	assert_non_null(strstr(e->res.status.message,
			       "the model predicted the launch to succeed"));
	assert_true(has_warning(&e->res, "launch status differs from the "
				"model's (model-mismatch)"));
	assert_int_equal(e->res.outcome, OUTCOME_REJECTED);
	assert_non_null(strstr(fact(&e->res, "model"), "the launch status"));
	env_free(e);
}

/* ---- launch refusals: recorded as the status, model beside ---- */

/* NOTE §4.3: KVM's checks (-EINVAL) and the firmware's SNP_LAUNCH_START
 * policy checks (-EIO, error POLICY_FAILURE); the page never reaches the
 * firmware. */
static void test_launch_refused(void **state)
{
	static const struct {
		const char *directive;
		uint64_t code;
		const char *name, *layer, *step, *fw;
	} cases[] = {
		/* policy bit 17 (must be one) clear */
		{ "snp.policy = 0x10000\n", EINVAL, "EINVAL", "kvm",
		  "KVM_SEV_SNP_LAUNCH_START failed with -EINVAL", NULL },
		/* SEV feature bit 0 is none KVM offers */
		{ "snp.vmsa_features = 0x1\n", EINVAL, "EINVAL", "kvm",
		  "KVM_SEV_INIT2 failed with -EINVAL", NULL },
		/* ABI major 2 > the firmware's 1 (1.55) */
		{ "snp.policy = 0x30200\n", POLICY_FAILURE, "POLICY_FAILURE",
		  "sev-firmware", "KVM_SEV_SNP_LAUNCH_START failed with -EIO, "
		  "firmware error 0x7 (POLICY_FAILURE)",
		  "0x7 (POLICY_FAILURE) from KVM_SEV_SNP_LAUNCH_START" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct env *e = env_new();
		char cfg[256];

		snprintf(cfg, sizeof(cfg), "%s0x00000000 0x00: "
			 "eax=0x00000010 ebx=0x0 ecx=0x0 edx=0x0\n",
			 cases[i].directive);
		use_config(e, cfg);
		probe_ok(e);
		assert_int_equal(e->res.status.code, cases[i].code);
		assert_string_equal(e->res.status.name, cases[i].name);
		assert_string_equal(e->res.status.layer, cases[i].layer);
		assert_int_equal(e->s.updates, 0);
		if (!strstr(fact(&e->res, "launch"), cases[i].step))
			fail_msg("case %zu: %s", i, fact(&e->res, "launch"));
		if (cases[i].fw)
			assert_string_equal(fact(&e->res, "SEV firmware error"),
					    cases[i].fw);
		else
			assert_null(fact(&e->res, "SEV firmware error"));
		assert_true(has_warning(&e->res, "stopped before the firmware "
					"saw the CPUID page"));
		expect_agreement(e);
		env_free(e);
	}
}

/* Another firmware error on LAUNCH_UPDATE: no page comes back; the
 * status is the hardware's (INVALID_PAGE_STATE), a model mismatch. */
static void test_other_firmware_error(void **state)
{
	struct env *e = env_new();
	struct snp_page p;

	(void)state;
	nvtrust_page(&p);
	p.e[0].regs[3] = 0x2;	/* a page the model accepts */
	use_page(e, &p);
	e->s.update_error = INVALID_PAGE_STATE;
	probe_ok(e);
	assert_int_equal(e->res.status.code, INVALID_PAGE_STATE);
	assert_string_equal(e->res.status.name, "INVALID_PAGE_STATE");
	assert_string_equal(e->res.status.layer, "sev-firmware");
	assert_string_equal(fact(&e->res, "SEV firmware error"),
			    "0x1a (INVALID_PAGE_STATE) from "
			    "KVM_SEV_SNP_LAUNCH_UPDATE");
	assert_true(has_warning(&e->res, "stopped before the firmware saw"));
	assert_true(has_warning(&e->res, "launch status differs"));
	env_free(e);
}

/* ---- the fake kernel keeps KVM's rules (NOTE §4.3) ---- */

static int sev_cmd(struct env *e, int vm, int sev, uint32_t id, void *data,
		   uint32_t *error)
{
	struct certify_kvm_sev_cmd cmd = {
		.id = id,
		.data = (uint64_t)(uintptr_t)data,
		.sev_fd = (uint32_t)sev,
	};
	int r = e->f.sys.ioctl(&e->f.sys, vm, CERTIFY_KVM_MEMORY_ENCRYPT_OP,
			       &cmd);

	*error = cmd.error;
	return r;
}

/*
 * Commands before INIT2 are -ENOTTY, SEV commands (id < 100) after it
 * -EPERM; LAUNCH_UPDATE needs LAUNCH_START, a guest_memfd slot over the
 * GFN and the PRIVATE attribute (-EINVAL otherwise); then a CPUID page
 * the firmware takes comes back advanced, len 0.
 */
static void test_fake_kvm_rules(void **state)
{
	struct env *e = env_new();
	struct kvm_sys *sys = &e->f.sys;
	struct certify_kvm_sev_init init = { 0 };
	struct certify_kvm_sev_snp_launch_start start = {
		.policy = 0x30000,	/* QEMU's default (NOTE §5) */
	};
	struct certify_kvm_create_guest_memfd gm = { .size = 4096 };
	struct certify_kvm_userspace_memory_region2 mr = {
		.flags = CERTIFY_KVM_MEM_GUEST_MEMFD,
		.guest_phys_addr = 0x1000,
		.memory_size = 4096,
	};
	struct certify_kvm_memory_attributes ma = {
		.address = 0x1000,
		.size = 4096,
	};
	struct certify_kvm_sev_snp_launch_update up = {
		.gfn_start = 1,
		.len = 4096,
		.type = CERTIFY_KVM_SEV_SNP_PAGE_TYPE_CPUID,
	};
	struct snp_page p;
	uint8_t *mem;
	uint32_t err;
	int kvm, sev, vm, gmem;

	(void)state;
	kvm = sys->open(sys, "/dev/kvm", 0);
	sev = sys->open(sys, "/dev/sev", 0);
	assert_true(kvm >= 0 && sev >= 0);
	vm = sys->ioctl(sys, kvm, CERTIFY_KVM_CREATE_VM,
			(void *)(uintptr_t)CERTIFY_KVM_X86_SNP_VM);
	assert_true(vm >= 0);
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_START,
				 &start, &err), -ENOTTY);
	init.flags = 1;
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_INIT2, &init,
				 &err), -EINVAL);
	init.flags = 0;
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_INIT2, &init,
				 &err), 0);
	assert_int_equal(sev_cmd(e, vm, sev, 2 /* LAUNCH_START */, &start,
				 &err), -EPERM);
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE,
				 &up, &err), -EINVAL);
	assert_int_equal(sev_cmd(e, vm, -1, CERTIFY_KVM_SEV_SNP_LAUNCH_START,
				 &start, &err), -EBADF);
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_START,
				 &start, &err), 0);
	mem = sys->mmap(sys, 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_non_null(mem);
	nvtrust_page(&p);
	p.e[0].regs[CPUID_REG_EDX] = 0x2;	/* as the firmware wants */
	snp_page_encode(&p, mem);
	up.uaddr = (uint64_t)(uintptr_t)mem;
	/* no memory slot */
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE,
				 &up, &err), -EINVAL);
	gmem = sys->ioctl(sys, vm, CERTIFY_KVM_CREATE_GUEST_MEMFD, &gm);
	assert_true(gmem >= 0);
	mr.guest_memfd = (uint32_t)gmem;
	mr.userspace_addr = (uint64_t)(uintptr_t)mem;
	assert_int_equal(sys->ioctl(sys, vm,
				    CERTIFY_KVM_SET_USER_MEMORY_REGION2, &mr),
			 0);
	/* not private */
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE,
				 &up, &err), -EINVAL);
	ma.attributes = CERTIFY_KVM_MEMORY_ATTRIBUTE_PRIVATE;
	assert_int_equal(sys->ioctl(sys, vm, CERTIFY_KVM_SET_MEMORY_ATTRIBUTES,
				    &ma), 0);
	/* a GFN outside the slot */
	up.gfn_start = 2;
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE,
				 &up, &err), -EINVAL);
	up.gfn_start = 1;
	assert_int_equal(sev_cmd(e, vm, sev, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE,
				 &up, &err), 0);
	assert_int_equal(up.gfn_start, 2);
	assert_int_equal(up.uaddr, (uint64_t)(uintptr_t)mem + 4096);
	assert_int_equal(up.len, 0);
	assert_int_equal(sys->munmap(sys, mem, 4096), 0);
	sys->close(sys, gmem);
	sys->close(sys, vm);
	sys->close(sys, sev);
	sys->close(sys, kvm);
	env_free(e);
}

/* ---- where the hardware is missing: exactly what, exit 4 ---- */

static void expect_environment(struct env *e, const char *msg)
{
	struct snp_page p;

	nvtrust_page(&p);
	use_page(e, &p);
	assert_int_equal(probe(e), PROBE_ENVIRONMENT);
	assert_string_equal(e->d.msg, msg);
	/* nothing half-done is left in the result */
	assert_int_equal(e->res.nfindings, 0);
	assert_int_equal(e->res.nfacts, 0);
	assert_false(e->res.hardware);
	env_free(e);
}

static void test_no_kvm(void **state)
{
	struct env *e = env_new();

	(void)state;
	e->f.no_device = true;
	expect_environment(e, "/dev/kvm: absent: this kernel has no KVM, or "
			   "its module (kvm_intel or kvm_amd) is not loaded, "
			   "or this is a container without the device");
}

static void test_no_permission(void **state)
{
	struct env *e = env_new();

	(void)state;
	e->f.no_permission = true;
	expect_environment(e, "/dev/kvm: no permission to open it: run as "
			   "root or as a member of its group (usually kvm)");
}

/* NOTE §4.1: VM type 4 is KVM_X86_SNP_VM, 2 and 3 SEV and SEV-ES. */
static void test_no_snp_vm_type(void **state)
{
	struct env *e = env_new();

	(void)state;
	e->f.vm_types &= ~(1u << 4);
	expect_environment(e, "/dev/kvm: KVM offers VM types 0xd but not SNP "
			   "(bit 4, KVM_X86_SNP_VM): kvm_amd is loaded with "
			   "sev_snp=0 (/sys/module/kvm_amd/parameters/sev_snp),"
			   " or the BIOS or the SEV firmware did not "
			   "initialise SNP (SNP and the RMP table must be "
			   "enabled in the BIOS; see dmesg for \"SEV-SNP\"), "
			   "or the kernel predates SNP guests (6.11)");

	e = env_new();
	e->f.vm_types = 1;	/* default VMs only: not an SEV host */
	expect_environment(e, "/dev/kvm: KVM offers VM types 0x1 and none of "
			   "SEV, SEV-ES or SNP (bits 2-4): this is not an AMD "
			   "host with SEV enabled in the BIOS, kvm_amd is "
			   "loaded with sev=0 or sev_snp=0, KVM runs nested "
			   "(SNP is not offered to a guest), or the kernel "
			   "predates SNP guests (6.11)");

	e = env_new();
	e->f.vm_types = 0;	/* the capability is absent */
	expect_environment(e, "/dev/kvm: KVM_CAP_VM_TYPES is absent: this "
			   "kernel predates VM types (Linux 6.10) and SNP "
			   "guests (KVM_X86_SNP_VM, Linux 6.11); SNP needs "
			   "Linux 6.11 or later");
}

static void test_no_sev_device(void **state)
{
	struct env *e = env_new();

	(void)state;
	e->s.no_sev_device = true;
	expect_environment(e, "/dev/sev: absent: the AMD Secure Processor "
			   "driver (ccp) is not loaded or found no SEV "
			   "firmware; KVM needs it to issue the SNP launch "
			   "commands");

	e = env_new();
	e->s.sev_no_permission = true;
	expect_environment(e, "/dev/sev: no permission to open it: run as "
			   "root (the device is usually root-only, as for "
			   "QEMU)");
}

/* Bad input stops before the hardware is touched. */
static void test_bad_input(void **state)
{
	struct env *e = env_new();
	static const char short_page[100];

	(void)state;
	assert_int_equal(input_from_buffer(&e->page, "short.bin", short_page,
					   sizeof(short_page)), 0);
	e->req.page = &e->page;
	assert_int_equal(probe(e), PROBE_BAD_INPUT);
	assert_string_equal(e->d.msg, "short.bin: a CPUID page is 4096 bytes, "
			    "this file has 100");
	assert_int_equal(e->f.calls, 0);
	env_free(e);
}

/*
 * QEMU builds no page (research/snp.md §5: more than 64 entries, "SEV-SNP:
 * CPUID entry count (65) exceeds max (64)": 2 hypervisor leaves, leaf 0,
 * 59 copies of leaf 2, 0x80000000, 0x8000001D/0, 0x8000001F): nothing
 * to send, bad input, the hardware untouched.
 */
static void test_vmm_builds_no_page(void **state)
{
	struct env *e = env_new();

	(void)state;
	use_config(e, "0x00000000 0x00: eax=0x00000002 ebx=0x0 ecx=0x0 "
		   "edx=0x0\n"
		   "0x00000002 0x00: eax=0x0000003b ebx=0x0 ecx=0x0 "
		   "edx=0x0\n");
	e->req.vmm = "qemu";
	assert_int_equal(probe(e), PROBE_BAD_INPUT);
	assert_non_null(strstr(e->d.msg, "qemu: builds no CPUID page: "
			       "SEV-SNP: CPUID entry count (65) exceeds max "
			       "(64)"));
	assert_int_equal(e->f.calls, 0);
	assert_int_equal(e->res.nfindings, 0);
	env_free(e);
}

/* Without --host the model takes this machine's CPUID for the F/M/S; a
 * page without leaf 1 or 0x80000001 does not depend on it. */
static void test_host_from_this_machine(void **state)
{
	struct env *e = env_new();
	const char *fms;
	struct snp_page p;

	(void)state;
	nvtrust_page(&p);
	use_page(e, &p);
	e->req.host = NULL;
	probe_ok(e);
	assert_int_equal(e->res.status.code, INVALID_PARAM);
	fms = fact(&e->res, "host family/model/stepping");
	assert_non_null(fms);
	assert_true(strstr(fms, "from this machine's CPUID") ||
		    strstr(fms, "unknown"));
	expect_agreement(e);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_page_accepted),
		cmocka_unit_test(test_config_page_accepted),
		cmocka_unit_test(test_nvtrust_91_read_back),
		cmocka_unit_test(test_deviation_is_a_mismatch),
		cmocka_unit_test(test_status_mismatch),
		cmocka_unit_test(test_launch_refused),
		cmocka_unit_test(test_other_firmware_error),
		cmocka_unit_test(test_fake_kvm_rules),
		cmocka_unit_test(test_no_kvm),
		cmocka_unit_test(test_no_permission),
		cmocka_unit_test(test_no_snp_vm_type),
		cmocka_unit_test(test_no_sev_device),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_vmm_builds_no_page),
		cmocka_unit_test(test_host_from_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
