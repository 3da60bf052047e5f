// SPDX-License-Identifier: MIT
/*
 * The KVM SNP backend (snp_probe.h): research/snp.md §4.3 and its
 * "hardware-path recipe"; the uAPI is certify/kvm_uapi.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "certify/host.h"
#include "certify/probe.h"
#include "snp_check.h"
#include "snp_firmware.h"
#include "snp_probe.h"

#define PAGE 4096u

/* ---- names ---- */

const char *snp_sev_error_name(uint32_t code)
{
	/* psp-sev.h sev_ret_code, 0x00-0x1A in enum order */
	static const char *const names[] = {
		"SUCCESS", "INVALID_PLATFORM_STATE", "INVALID_GUEST_STATE",
		"INVALID_CONFIG", "INVALID_LEN", "ALREADY_OWNED",
		"INVALID_CERTIFICATE", "POLICY_FAILURE", "INACTIVE",
		"INVALID_ADDRESS", "BAD_SIGNATURE", "BAD_MEASUREMENT",
		"ASID_OWNED", "INVALID_ASID", "WBINVD_REQUIRED",
		"DFFLUSH_REQUIRED", "INVALID_GUEST", "INVALID_COMMAND",
		"ACTIVE", "HWSEV_RET_PLATFORM", "HWSEV_RET_UNSAFE",
		"UNSUPPORTED", "INVALID_PARAM", "RESOURCE_LIMIT",
		"SECURE_DATA_INVALID", "INVALID_PAGE_SIZE",
		"INVALID_PAGE_STATE",
	};

	return code < ARRAY_SIZE(names) ? names[code] : NULL;
}

static const char *vm_type_names(struct strpool *pool, uint32_t types)
{
	static const char *const names[] = {
		"default", "sw-protected", "sev", "sev-es", "snp", "tdx",
	};
	char buf[128] = "";
	size_t i, n = 0;

	for (i = 0; i < 32; i++) {
		if (!(types & (1u << i)))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      n ? ", " : "",
				      i < ARRAY_SIZE(names) ? names[i] : "?");
		if (n >= sizeof(buf))
			break;
	}
	return strpool_printf(pool, "0x%" PRIx32 " (%s)", types, buf);
}

/* ---- the hardware ---- */

static int vm_types_missing(uint32_t cap, struct diag *d)
{
	const uint32_t sev = 1u << CERTIFY_KVM_X86_SEV_VM |
			     1u << CERTIFY_KVM_X86_SEV_ES_VM;

	if (!cap)
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM_CAP_VM_TYPES is absent: "
			 "this kernel predates VM types (Linux 6.10) and SNP "
			 "guests (KVM_X86_SNP_VM, Linux 6.11); SNP needs Linux "
			 "6.11 or later");
	else if (cap & sev)
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM offers VM types 0x%" PRIx32
			 " but not SNP (bit 4, KVM_X86_SNP_VM): kvm_amd is "
			 "loaded with sev_snp=0 "
			 "(/sys/module/kvm_amd/parameters/sev_snp), or the "
			 "BIOS or the SEV firmware did not initialise SNP (SNP "
			 "and the RMP table must be enabled in the BIOS; see "
			 "dmesg for \"SEV-SNP\"), or the kernel predates SNP "
			 "guests (6.11)", cap);
	else
		diag_set(d, KVM_DEVICE_PATH, 0, "KVM offers VM types 0x%" PRIx32
			 " and none of SEV, SEV-ES or SNP (bits 2-4): this is "
			 "not an AMD host with SEV enabled in the BIOS, "
			 "kvm_amd is loaded with sev=0 or sev_snp=0, KVM runs "
			 "nested (SNP is not offered to a guest), or the "
			 "kernel predates SNP guests (6.11)", cap);
	return PROBE_ENVIRONMENT;
}

int snp_hw_open(struct snp_hw *hw, struct kvm_sys *sys, struct diag *d)
{
	int cap, fd;

	memset(hw, 0, sizeof(*hw));
	hw->sev_fd = -1;
	if (kvm_open(&hw->kvm, sys, d))
		return PROBE_ENVIRONMENT;
	cap = kvm_check_extension(&hw->kvm, CERTIFY_KVM_CAP_VM_TYPES);
	hw->vm_types = (uint32_t)cap;
	if (!(hw->vm_types & (1u << CERTIFY_KVM_X86_SNP_VM))) {
		kvm_close(&hw->kvm);
		return vm_types_missing(hw->vm_types, d);
	}
	fd = sys->open(sys, SNP_SEV_DEVICE_PATH, O_RDWR);
	if (fd < 0) {
		if (fd == -ENOENT || fd == -ENODEV || fd == -ENXIO)
			diag_set(d, SNP_SEV_DEVICE_PATH, 0, "absent: the AMD "
				 "Secure Processor driver (ccp) is not loaded "
				 "or found no SEV firmware; KVM needs it to "
				 "issue the SNP launch commands");
		else if (fd == -EACCES || fd == -EPERM)
			diag_set(d, SNP_SEV_DEVICE_PATH, 0, "no permission to "
				 "open it: run as root (the device is usually "
				 "root-only, as for QEMU)");
		else
			diag_set(d, SNP_SEV_DEVICE_PATH, 0, "cannot open: %s",
				 strerror(-fd));
		kvm_close(&hw->kvm);
		return PROBE_ENVIRONMENT;
	}
	hw->sev_fd = fd;
	hw->mem = sys->mmap(sys, PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!hw->mem) {
		diag_set(d, "mmap", 0, "cannot map one page of anonymous "
			 "memory for the guest");
		snp_hw_close(hw);
		return PROBE_ENVIRONMENT;
	}
	return 0;
}

void snp_hw_close(struct snp_hw *hw)
{
	struct kvm_sys *sys = hw->kvm.sys;

	if (hw->mem)
		sys->munmap(sys, hw->mem, PAGE);
	hw->mem = NULL;
	if (hw->sev_fd >= 0)
		sys->close(sys, hw->sev_fd);
	hw->sev_fd = -1;
	kvm_close(&hw->kvm);
}

static int sev_op(struct snp_hw *hw, int vm, uint32_t id, void *data,
		  uint32_t *fw_error)
{
	struct certify_kvm_sev_cmd cmd = {
		.id = id,
		.data = (uint64_t)(uintptr_t)data,
		.sev_fd = (uint32_t)hw->sev_fd,
	};
	int r;

	r = hw->kvm.sys->ioctl(hw->kvm.sys, vm, CERTIFY_KVM_MEMORY_ENCRYPT_OP,
			       &cmd);
	*fw_error = cmd.error;
	return r;
}

static void refused(struct snp_hw_launch *l, const char *step, int r,
		    uint32_t fw_error)
{
	l->step = step;
	l->err = -r;
	l->fw_error = fw_error;
}

/* The guest_memfd slot at SNP_PROBE_GPA, private: 0 or -1 with @d set. */
static int private_page(struct snp_hw *hw, int vm, int *gmem,
			struct diag *d)
{
	struct kvm_sys *sys = hw->kvm.sys;
	struct certify_kvm_create_guest_memfd gm = { .size = PAGE };
	struct certify_kvm_userspace_memory_region2 mr = {
		.slot = 0,
		.flags = CERTIFY_KVM_MEM_GUEST_MEMFD,
		.guest_phys_addr = SNP_PROBE_GPA,
		.memory_size = PAGE,
		.userspace_addr = (uint64_t)(uintptr_t)hw->mem,
	};
	struct certify_kvm_memory_attributes ma = {
		.address = SNP_PROBE_GPA,
		.size = PAGE,
		.attributes = CERTIFY_KVM_MEMORY_ATTRIBUTE_PRIVATE,
	};
	const char *what;
	int r;

	r = sys->ioctl(sys, vm, CERTIFY_KVM_CREATE_GUEST_MEMFD, &gm);
	if (r < 0) {
		what = "KVM_CREATE_GUEST_MEMFD";
		goto fail;
	}
	*gmem = r;
	mr.guest_memfd = (uint32_t)r;
	r = sys->ioctl(sys, vm, CERTIFY_KVM_SET_USER_MEMORY_REGION2, &mr);
	if (r < 0) {
		what = "KVM_SET_USER_MEMORY_REGION2 (KVM_MEM_GUEST_MEMFD)";
		goto fail;
	}
	r = sys->ioctl(sys, vm, CERTIFY_KVM_SET_MEMORY_ATTRIBUTES, &ma);
	if (r < 0) {
		what = "KVM_SET_MEMORY_ATTRIBUTES (PRIVATE)";
		goto fail;
	}
	return 0;
fail:
	diag_set(d, what, 0, "%s (%s): the kernel refuses the SNP guest's "
		 "private memory (guest_memfd, Linux 6.8+, and memory "
		 "attributes for SNP VMs, 6.11+)", strerror(-r),
		 kvm_errno_name(-r));
	return -1;
}

int snp_hw_launch(struct snp_hw *hw, const struct snp_params *p,
		  const struct snp_page *page, struct snp_hw_launch *l,
		  struct diag *d)
{
	struct kvm_sys *sys = hw->kvm.sys;
	struct certify_kvm_sev_init init = {
		.vmsa_features = p->vmsa_features,
	};
	struct certify_kvm_sev_snp_launch_start start = {
		.policy = p->policy,
	};
	struct certify_kvm_sev_snp_launch_update up = {
		.gfn_start = SNP_PROBE_GPA / PAGE,
		.uaddr = (uint64_t)(uintptr_t)hw->mem,
		.len = PAGE,
		.type = CERTIFY_KVM_SEV_SNP_PAGE_TYPE_CPUID,
	};
	uint32_t fw_error;
	int vm, gmem = -1, r, ret = 0;

	memset(l, 0, sizeof(*l));
	l->page = *page;
	hw->launches++;
	vm = kvm_create_vm(&hw->kvm, CERTIFY_KVM_X86_SNP_VM);
	if (vm < 0) {
		diag_set(d, "KVM_CREATE_VM", 0, "KVM_X86_SNP_VM (4): %s (%s)",
			 strerror(-vm), kvm_errno_name(-vm));
		return PROBE_ENVIRONMENT;
	}
	r = sev_op(hw, vm, CERTIFY_KVM_SEV_INIT2, &init, &fw_error);
	if (r < 0) {
		refused(l, "KVM_SEV_INIT2", r, fw_error);
		goto out;
	}
	r = sev_op(hw, vm, CERTIFY_KVM_SEV_SNP_LAUNCH_START, &start,
		   &fw_error);
	if (r < 0) {
		refused(l, "KVM_SEV_SNP_LAUNCH_START", r, fw_error);
		goto out;
	}
	if (private_page(hw, vm, &gmem, d)) {
		ret = PROBE_ENVIRONMENT;
		goto out;
	}
	snp_page_encode(page, hw->mem);
	r = sev_op(hw, vm, CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE, &up, &fw_error);
	if (r == 0) {
		l->validated = true;
	} else {
		refused(l, "KVM_SEV_SNP_LAUNCH_UPDATE", r, fw_error);
		/* KVM copied the firmware's page back (research/snp.md
		 * §4.3). */
		if (r == -EIO && fw_error == SNP_SEV_INVALID_PARAM) {
			l->validated = true;
			l->read_back = true;
			snp_page_decode(hw->mem, &l->page);
		}
	}
out:
	if (gmem >= 0)
		sys->close(sys, gmem);
	sys->close(sys, vm);
	return ret;
}

/* ---- the probe ---- */

struct probe {
	const struct check_request *req;
	struct check_result *res;
	struct snp_page sent;
	struct snp_page model;		/* the model's page, as left */
	struct snp_hw_launch hw;
	struct snp_page ha, ma;		/* scratch */
	uint8_t a[SNP_PAGE_SIZE], b[SNP_PAGE_SIZE];
	bool status_differs;
	unsigned int regs_differ;	/* and bytes outside registers */
};

/* The hardware's status in certify's words. */
static void hw_status(const struct snp_hw_launch *l, const char **layer,
		      uint64_t *code, const char **name)
{
	if (!l->step) {
		*layer = "sev-firmware";
		*code = 0;
		*name = "SUCCESS";
	} else if (l->fw_error) {
		*layer = "sev-firmware";
		*code = l->fw_error;
		*name = snp_sev_error_name(l->fw_error);
		if (!*name)
			*name = "SEV error";
	} else {
		*layer = "kvm";
		*code = (uint64_t)l->err;
		*name = kvm_errno_name(l->err);
	}
}

static bool launch_layer(const char *layer)
{
	return layer && (!strcmp(layer, "kvm") ||
			 !strcmp(layer, "sev-firmware"));
}

static const char *launch_text(struct probe *c)
{
	const struct snp_hw_launch *l = &c->hw;
	struct strpool *pool = &c->res->pool;
	const char *name;

	if (!l->step)
		return "KVM_SEV_SNP_LAUNCH_UPDATE succeeded: the firmware "
		       "accepted the page as sent";
	if (l->read_back)
		return "KVM_SEV_SNP_LAUNCH_UPDATE failed with -EIO, firmware "
		       "error 0x16 (INVALID_PARAM): the firmware wrote the "
		       "page back, KVM copied it to the source page, read "
		       "back here";
	if (!l->fw_error)
		return strpool_printf(pool, "%s failed with -%s (%s)", l->step,
				      kvm_errno_name(l->err),
				      strerror(l->err));
	name = snp_sev_error_name(l->fw_error);
	return strpool_printf(pool, "%s failed with -%s, firmware error 0x%"
			      PRIx32 " (%s)", l->step, kvm_errno_name(l->err),
			      l->fw_error, name ? name : "unnamed");
}

/* Status: the hardware's where it differs from the model's. */
static int compare_status(struct probe *c)
{
	struct check_result *res = c->res;
	const char *layer, *name, *model;
	bool model_failed = res->status.code && launch_layer(res->status.layer);
	uint64_t code;

	hw_status(&c->hw, &layer, &code, &name);
	if (!c->hw.step && !model_failed)
		return 0;
	if (c->hw.step && model_failed && code == res->status.code &&
	    !strcmp(layer, res->status.layer))
		return 0;
	model = model_failed ?
		strpool_printf(&res->pool, "%s 0x%" PRIx64 " %s",
			       res->status.layer, res->status.code,
			       res->status.name) :
		"the launch to succeed";
	c->status_differs = true;
	if (check_result_warn(res, "the hardware's launch status differs "
			      "from the model's (%s): %s; the model "
			      "predicted %s", PROBE_MISMATCH_CLASS,
			      launch_text(c), model))
		return -1;
	res->status.layer = layer;
	res->status.code = code;
	res->status.name = name;
	res->status.has_leaf = false;
	res->status.has_subleaf = false;
	res->status.message = strpool_printf(&res->pool, "%s (observed on "
					     "the hardware; the model "
					     "predicted %s)", launch_text(c),
					     model);
	return res->pool.failed ? -1 : 0;
}

/* The page the model says the firmware leaves: the page sent with the
 * model's corrections applied, in order. */
static void model_page(struct probe *c)
{
	const struct check_result *res = c->res;
	size_t i;
	unsigned int reg;

	c->model = c->sent;
	for (i = 0; i < res->ncorrections; i++) {
		const struct check_correction *cc = &res->corrections[i];

		if (!launch_layer(cc->layer) || cc->index >= SNP_PAGE_ENTRIES)
			continue;
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			if (!strcmp(cc->field, cpuid_reg_name(reg)))
				c->model.e[cc->index].regs[reg] =
					(uint32_t)cc->corrected;
	}
}

/* The model's rule for a register of an entry, for notes. */
static const char *model_rule(const struct check_result *res,
			      unsigned int index, const char *field)
{
	const char *rule = NULL;
	size_t i;

	for (i = 0; i < res->ncorrections; i++)
		if (res->corrections[i].index == index &&
		    !strcmp(res->corrections[i].field, field))
			rule = res->corrections[i].rule;
	return rule;
}

static void sort_corrections(struct check_result *res)
{
	size_t i, j;

	/* Insertion sort: stable, and the list is short. */
	for (i = 1; i < res->ncorrections; i++) {
		struct check_correction x = res->corrections[i];

		for (j = i; j > 0 && res->corrections[j - 1].index > x.index;
		     j--)
			res->corrections[j] = res->corrections[j - 1];
		res->corrections[j] = x;
	}
}

/* Register by register: the written-back page against the model's. */
static int compare_page(struct probe *c)
{
	struct check_result *res = c->res;
	const struct snp_page *hw = &c->hw.page;
	unsigned int i, reg, n = c->sent.count, changed = 0, differ = 0;
	size_t k;

	model_page(c);
	if (n > SNP_PAGE_ENTRIES)
		n = SNP_PAGE_ENTRIES;
	for (i = 0; i < n; i++) {
		for (reg = 0; reg < CPUID_NR_REGS; reg++) {
			uint32_t sent = c->sent.e[i].regs[reg];
			uint32_t got = hw->e[i].regs[reg];
			uint32_t want = c->model.e[i].regs[reg];
			const char *field = cpuid_reg_name(reg);
			const char *rule = model_rule(res, i, field);
			struct check_correction cc = {
				.index = i,
				.key = snp_page_key(&c->sent.e[i]),
				.field = field,
				.provided = sent,
				.corrected = got,
				.layer = "hardware",
				.rule = PROBE_MISMATCH_CLASS,
				.source = "KVM_SEV_SNP_LAUNCH_UPDATE: the page "
					  "the firmware wrote back",
			};

			changed += got != sent;
			if (got == want)
				continue;
			differ++;
			memset(cc.key.regs, 0, sizeof(cc.key.regs));
			cc.note = strpool_printf(&res->pool, "the model "
				"predicted 0x%08" PRIx32 " (%s); the hardware "
				"%s 0x%08" PRIx32, want,
				rule ? rule : "accepted as sent",
				got == sent ? "left it at" : "wrote back", got);
			if (check_result_correction(res, &cc))
				return -1;
		}
	}
	/* Anything else that came back different (header, input fields,
	 * reserved fields, entries beyond count, the tail). */
	c->ha = *hw;
	c->ma = c->model;
	for (i = 0; i < SNP_PAGE_ENTRIES; i++)
		for (reg = 0; reg < CPUID_NR_REGS; reg++)
			c->ha.e[i].regs[reg] = c->ma.e[i].regs[reg] = 0;
	snp_page_encode(&c->ha, c->a);
	snp_page_encode(&c->ma, c->b);
	for (k = 0; k < SNP_PAGE_SIZE && c->a[k] == c->b[k]; k++)
		;
	if (k < SNP_PAGE_SIZE) {
		differ++;
		if (check_result_warn(res, "the page read back differs from "
				      "the page sent outside the CPUID "
				      "registers, first at byte 0x%zx (the "
				      "firmware changes only registers): %s",
				      k, PROBE_MISMATCH_CLASS))
			return -1;
	}
	sort_corrections(res);
	c->regs_differ = differ;
	if (differ && check_result_warn(res, "%u register%s of the page the "
					"firmware wrote back differ%s from "
					"the model's prediction: see the "
					"corrections of layer hardware (%s)",
					differ, differ == 1 ? "" : "s",
					differ == 1 ? "s" : "",
					PROBE_MISMATCH_CLASS))
		return -1;
	if (!c->hw.read_back)
		return check_result_fact(res, "corrections", "none: the "
					 "firmware accepted the page");
	return check_result_fact(res, "corrections", "the firmware changed "
				 "%u register%s; %u differ%s from the model",
				 changed, changed == 1 ? "" : "s", differ,
				 differ == 1 ? "s" : "");
}

/* The bits: the guest's page replaces the model's in res->final. */
static int compare_bits(struct probe *c)
{
	struct cpuid_set hw = CPUID_SET_INIT;
	const struct cpuid_entry *e;
	unsigned int dups;
	int bits = -1;

	if (snp_page_to_set(&c->hw.page, &hw, &dups))
		goto out;
	cpuid_set_for_each(e, &hw)
		if (cpuid_set_put(&c->res->final, e))
			goto out;
	bits = probe_cross_check(c->res, &hw);
out:
	cpuid_set_release(&hw);
	return bits;
}

/* The request's keys, for the outcome (check_result_finish). */
static int request_set(struct probe *c, struct cpuid_set *out)
{
	unsigned int dups;

	if (c->req->page)
		return snp_page_to_set(&c->sent, out, &dups);
	return cpuid_set_copy(out, &c->req->config->cpuid);
}

static int cross_check(struct probe *c)
{
	struct check_result *res = c->res;
	struct cpuid_set request = CPUID_SET_INIT;
	int bits = 0, ret = -1;

	if (compare_status(c))
		goto out;
	if (c->hw.validated) {
		if (compare_page(c))
			goto out;
		bits = compare_bits(c);
		if (bits < 0)
			goto out;
	} else if (check_result_warn(res, "the hardware stopped before the "
				     "firmware saw the CPUID page (%s): the "
				     "findings are the model's alone",
				     launch_text(c))) {
		goto out;
	}
	if (!c->status_differs && !c->regs_differ && !bits)
		ret = check_result_fact(res, "model", "agrees with the "
					"hardware");
	else
		ret = check_result_fact(res, "model", "disagrees (%s): %s%u "
					"register%s of the page, %d bit%s",
					PROBE_MISMATCH_CLASS,
					c->status_differs ? "the launch "
					"status, " : "", c->regs_differ,
					c->regs_differ == 1 ? "" : "s", bits,
					bits == 1 ? "" : "s");
	if (ret || request_set(c, &request))
		goto out;
	check_result_finish(res, &request);
	ret = 0;
out:
	cpuid_set_release(&request);
	return ret;
}

static const char *fms_text(struct strpool *pool, const struct cpuid_set *host,
			    const char *from)
{
	const struct cpuid_entry *e = host ? cpuid_set_lookup(host, 1, 0) :
					     NULL;
	uint32_t eax, fam, model;

	if (!e)
		return "unknown: no --host and this machine's CPUID could not "
		       "be read; the model did not compare F/M/S";
	eax = e->regs[CPUID_REG_EAX];
	fam = (eax >> 8) & 0xf;
	model = (eax >> 4) & 0xf;
	if (fam == 0xf)
		fam += (eax >> 20) & 0xff;
	if (fam >= 0xf || fam == 6)
		model |= ((eax >> 16) & 0xf) << 4;
	return strpool_printf(pool, "0x%08" PRIx32 " (family 0x%" PRIx32
			      ", model 0x%" PRIx32 ", stepping %" PRIu32
			      "), from %s", eax, fam, model, eax & 0xf, from);
}

static int facts(struct probe *c, struct snp_hw *hw,
		 const struct snp_params *p, const struct cpuid_set *host,
		 const char *host_from)
{
	struct check_result *res = c->res;
	const struct ruleset *rs = c->req->rules;
	const char *name;

	if (check_result_fact(res, "kernel", "%s",
			      kvm_kernel_release(&hw->kvm)) ||
	    check_result_fact(res, "vm types", "%s",
			      vm_type_names(&res->pool, hw->vm_types)) ||
	    check_result_fact(res, "launch", "KVM_CREATE_VM(KVM_X86_SNP_VM), "
			      "KVM_SEV_INIT2 (vmsa_features 0x%" PRIx64 "), "
			      "KVM_SEV_SNP_LAUNCH_START (policy 0x%" PRIx64
			      "), a guest_memfd page at GPA 0x%x set private, "
			      "KVM_SEV_SNP_LAUNCH_UPDATE (type 6): %s",
			      p->vmsa_features, p->policy, SNP_PROBE_GPA,
			      launch_text(c)) ||
	    check_result_fact(res, "firmware", "not read: KVM does not report "
			      "the running SEV firmware's version "
			      "(SNP_PLATFORM_STATUS on /dev/sev does); the "
			      "model used rule set %s, version %s", rs->name,
			      rs->version) ||
	    check_result_fact(res, "host family/model/stepping", "%s",
			      fms_text(&res->pool, host, host_from)))
		return -1;
	if (!c->hw.fw_error)
		return 0;
	name = snp_sev_error_name(c->hw.fw_error);
	return check_result_fact(res, "SEV firmware error", "0x%" PRIx32
				 " (%s) from %s", c->hw.fw_error,
				 name ? name : "unnamed", c->hw.step);
}

int snp_probe(struct kvm_sys *sys, const struct check_request *req,
	      struct check_result *res, struct diag *d)
{
	struct cpuid_set own = CPUID_SET_INIT;
	struct check_request mreq = *req;
	const char *host_from = "--host";
	struct snp_params params;
	struct config none;
	struct snp_hw hw;
	struct probe *c;
	int ret = PROBE_BAD_INPUT, cpu;

	if (!req->page && !req->config) {
		diag_set(d, "certify", 0, "a probe needs a config or a page");
		return PROBE_BAD_INPUT;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		diag_set(d, "certify", 0, "out of memory");
		return PROBE_BAD_INPUT;
	}
	c->req = req;
	c->res = res;
	config_init(&none);
	if (!mreq.host) {
		if (host_cpuid_read(&own, &cpu) == 0)
			mreq.host = &own;
		host_from = "this machine's CPUID";
	}
	/* Bad input stops before the hardware is touched. */
	if (snp_params_read(req->config ? req->config : &none, &params, d) ||
	    snp_check_page(&mreq, &c->sent, d) ||
	    snp_check(&mreq, res, d))
		goto fail;
	ret = snp_hw_open(&hw, sys, d);
	if (ret)
		goto fail;
	ret = snp_hw_launch(&hw, &params, &c->sent, &c->hw, d);
	if (!ret) {
		res->hardware = true;
		ret = facts(c, &hw, &params, mreq.host, host_from) ||
		      cross_check(c) ? -1 : 0;
		if (ret) {
			diag_set(d, "certify", 0, "out of memory");
			ret = PROBE_BAD_INPUT;
		}
	}
	snp_hw_close(&hw);
	if (ret)
		goto fail;
	cpuid_set_release(&own);
	config_release(&none);
	free(c);
	return 0;
fail:
	check_result_release(res);
	cpuid_set_release(&own);
	config_release(&none);
	free(c);
	return ret;
}
