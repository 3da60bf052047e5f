// SPDX-License-Identifier: MIT
/*
 * The SNP part of the fake kernel (fake_snp.h).  KVM's checks follow
 * research/snp.md §4.3 (arch/x86/kvm/svm/sev.c: __sev_guest_init,
 * snp_launch_start, snp_launch_update, sev_gmem_post_populate); the
 * firmware is the model, snp/snp_launch.c and snp/snp_firmware.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "fake_snp.h"
#include "snp/snp_launch.h"
#include "snp/snp_params.h"

#define PAGE 4096u
/* KVM_SEV_PAGE_TYPE_*: NORMAL 1, ZERO 3, UNMEASURED 4, SECRETS 5,
 * CPUID 6 (research/snp.md §4.1). */
#define PAGE_TYPE_ZERO 3

struct snp_vm {
	bool init;
	bool started;
	uint64_t vmsa_features;
	uint64_t policy;
};

static struct fake_snp *snp_of(struct fake_kvm *f)
{
	return f->platform->priv;
}

static int snp_open(struct fake_kvm *f, const char *path, int flags)
{
	struct fake_snp *s = snp_of(f);
	int fd;

	(void)flags;
	if (strcmp(path, FAKE_SEV_DEVICE_PATH) || s->no_sev_device)
		return -ENOENT;
	if (s->sev_no_permission)
		return -EACCES;
	fd = fake_kvm_new_fd(f, FAKE_FD_DEVICE);
	if (fd >= 0)
		s->sev_opens++;
	return fd;
}

static bool is_sev_fd(struct fake_kvm *f, uint32_t fd)
{
	struct fake_fd *r = fake_kvm_fd(f, (int)fd);

	return r && r->kind == FAKE_FD_DEVICE;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* KVM's and the firmware's launch checks, from the model: the layer
 * that refuses and its code (errno or SEV status); NULL layer: passes. */
static void launch_checks(struct fake_snp *s, uint64_t policy,
			  uint64_t vmsa_features,
			  struct snp_launch_status *st)
{
	struct snp_params p = {
		.policy = policy,
		.vmsa_features = vmsa_features,
	};
	struct check_result scratch;

	check_result_init(&scratch);
	snp_launch_start(&p, s->rs.version, NULL, true, &scratch, st);
	/* The status's strings live in the scratch pool: keep the codes. */
	st->message = NULL;
	check_result_release(&scratch);
}

static int init2(struct fake_snp *s, struct snp_vm *vm,
		 struct certify_kvm_sev_cmd *cmd)
{
	struct certify_kvm_sev_init *in =
		(struct certify_kvm_sev_init *)(uintptr_t)cmd->data;
	struct snp_launch_status st;

	if (vm->init)
		return -EINVAL;
	if (in->flags || in->pad1 || !all_zero(in->pad2, sizeof(in->pad2)))
		return -EINVAL;
	/* SNP needs GHCB version 2 (0: the default, 2). */
	if (in->ghcb_version == 1 || in->ghcb_version > 2)
		return -EINVAL;
	launch_checks(s, SNP_DEFAULT_POLICY, in->vmsa_features, &st);
	if (st.layer && !strcmp(st.layer, "kvm"))
		return -EINVAL;
	vm->init = true;
	vm->vmsa_features = in->vmsa_features;
	s->vms++;
	return 0;
}

static int launch_start(struct fake_kvm *f, struct fake_snp *s,
			struct snp_vm *vm, struct certify_kvm_sev_cmd *cmd)
{
	struct certify_kvm_sev_snp_launch_start *in =
		(struct certify_kvm_sev_snp_launch_start *)(uintptr_t)
		cmd->data;
	struct snp_launch_status st;

	if (vm->started || in->flags)
		return -EINVAL;
	launch_checks(s, in->policy, vm->vmsa_features, &st);
	if (st.layer && !strcmp(st.layer, "kvm"))
		return -EINVAL;
	if (!is_sev_fd(f, cmd->sev_fd))
		return -EBADF;
	if (st.layer) {
		cmd->error = (uint32_t)st.code;
		return -EIO;
	}
	vm->started = true;
	vm->policy = in->policy;
	return 0;
}

/* The GFN is in a guest_memfd slot of this VM and set PRIVATE. */
static bool gfn_private(struct fake_kvm *f, int vmfd, uint64_t gfn)
{
	uint64_t gpa = gfn * PAGE;
	struct fake_fd *gmem;

	if (!f->slot.set || f->slot.vm != vmfd || f->slot.gmem < 0)
		return false;
	gmem = fake_kvm_fd(f, f->slot.gmem);
	if (!gmem || gmem->kind != FAKE_FD_GMEM || gmem->vm != vmfd)
		return false;
	if (gpa < f->slot.gpa || gpa - f->slot.gpa >= f->slot.size)
		return false;
	if (!f->attrs.set || f->attrs.vm != vmfd ||
	    !(f->attrs.attributes & CERTIFY_KVM_MEMORY_ATTRIBUTE_PRIVATE))
		return false;
	return gpa >= f->attrs.address &&
	       gpa - f->attrs.address < f->attrs.size;
}

/* One CPUID page through the firmware model: 0, or -EIO with the page
 * the firmware leaves copied back to @src. */
static int cpuid_page(struct fake_snp *s, uint8_t *src,
		      struct certify_kvm_sev_cmd *cmd)
{
	struct snp_page in, out;
	struct check_result scratch;
	struct snp_fw_status st;
	struct trace t;
	int ret;

	if (s->update_error) {
		cmd->error = s->update_error;
		return -EIO;
	}
	snp_page_decode(src, &in);
	s->last_page = in;
	s->updates++;
	check_result_init(&scratch);
	trace_init(&t);
	ret = snp_firmware_launch_update(&s->rules, &s->host, &in, &out, &t,
					 &scratch, &st);
	trace_release(&t);
	check_result_release(&scratch);
	if (ret)
		return -ENOMEM;
	if (s->deviation.on && s->deviation.entry < SNP_PAGE_ENTRIES &&
	    s->deviation.reg < CPUID_NR_REGS) {
		out.e[s->deviation.entry].regs[s->deviation.reg] ^=
			s->deviation.xor;
		st.code = SNP_SEV_INVALID_PARAM;
	}
	if (st.code == SNP_SEV_SUCCESS)
		return 0;
	/* KVM reclaims the page and, for a CPUID page refused with
	 * INVALID_PARAM, copies what the firmware left back to the source. */
	if (st.code == SNP_SEV_INVALID_PARAM)
		snp_page_encode(&out, src);
	cmd->error = st.code;
	return -EIO;
}

static int launch_update(struct fake_kvm *f, int vmfd, struct fake_snp *s,
			 struct snp_vm *vm, struct certify_kvm_sev_cmd *cmd)
{
	struct certify_kvm_sev_snp_launch_update *in =
		(struct certify_kvm_sev_snp_launch_update *)(uintptr_t)
		cmd->data;
	uint64_t i, npages;
	int ret;

	if (!vm->started)
		return -EINVAL;
	if (!in->len || (in->len & (PAGE - 1)) || in->flags || in->pad0 ||
	    in->pad1 || !all_zero(in->pad2, sizeof(in->pad2)))
		return -EINVAL;
	if (in->type != 1 && (in->type < 3 || in->type > 6))
		return -EINVAL;
	if (in->type != PAGE_TYPE_ZERO && (in->uaddr & (PAGE - 1)))
		return -EINVAL;
	npages = in->len / PAGE;
	for (i = 0; i < npages; i++)
		if (!gfn_private(f, vmfd, in->gfn_start + i))
			return -EINVAL;
	if (!is_sev_fd(f, cmd->sev_fd))
		return -EBADF;
	for (i = 0; i < npages; i++) {
		uint8_t *src = (uint8_t *)(uintptr_t)(in->uaddr + i * PAGE);

		if (in->type != CERTIFY_KVM_SEV_SNP_PAGE_TYPE_CPUID)
			continue;	/* measured; nothing to model */
		ret = cpuid_page(s, src, cmd);
		if (ret)
			return ret;
	}
	in->gfn_start += npages;
	in->uaddr += in->len;
	in->len = 0;
	return 0;
}

static int snp_vm_op(struct fake_kvm *f, int fd, void *arg)
{
	struct certify_kvm_sev_cmd *cmd = arg;
	struct fake_snp *s = snp_of(f);
	struct fake_fd *r = fake_kvm_fd(f, fd);
	struct snp_vm *vm = r->state;

	if (!vm) {
		vm = calloc(1, sizeof(*vm));
		if (!vm)
			return -ENOMEM;
		r->state = vm;
	}
	cmd->error = 0;
	if (!vm->init && cmd->id != CERTIFY_KVM_SEV_INIT2)
		return -ENOTTY;
	if (vm->init && cmd->id < 100)
		return cmd->id == CERTIFY_KVM_SEV_INIT2 ? -EINVAL : -EPERM;
	switch (cmd->id) {
	case CERTIFY_KVM_SEV_INIT2:
		return init2(s, vm, cmd);
	case CERTIFY_KVM_SEV_SNP_LAUNCH_START:
		return launch_start(f, s, vm, cmd);
	case CERTIFY_KVM_SEV_SNP_LAUNCH_UPDATE:
		return launch_update(f, fd, s, vm, cmd);
	}
	return -EINVAL;
}

static void snp_release_state(struct fake_kvm *f, struct fake_fd *fd)
{
	(void)f;
	free(fd->state);
	fd->state = NULL;
}

static void attach(struct fake_kvm *f, struct fake_snp *s, uint32_t host_fms)
{
	struct diag d;

	if (snp_rules_read(&s->rs, &s->rules, &d))
		fail_msg("%s", d.msg);
	s->host.fms_known = host_fms != 0;
	s->host.fms = host_fms;
	s->platform.vm_type = CERTIFY_KVM_X86_SNP_VM;
	s->platform.open = snp_open;
	s->platform.vm_op = snp_vm_op;
	s->platform.release_state = snp_release_state;
	s->platform.priv = s;
	f->platform = &s->platform;
	f->vm_types |= 1u << CERTIFY_KVM_X86_DEFAULT_VM |
		       1u << CERTIFY_KVM_X86_SEV_VM |
		       1u << CERTIFY_KVM_X86_SEV_ES_VM |
		       1u << CERTIFY_KVM_X86_SNP_VM;
}

void fake_snp_attach(struct fake_kvm *f, struct fake_snp *s,
		     const char *rules_name, uint32_t host_fms)
{
	struct diag d;

	memset(s, 0, sizeof(*s));
	if (ruleset_load_embedded(rules_name, &s->rs, &d))
		fail_msg("%s", d.msg);
	attach(f, s, host_fms);
}

void fake_snp_attach_text(struct fake_kvm *f, struct fake_snp *s,
			  const char *rules_text, uint32_t host_fms)
{
	struct input in;
	struct diag d;

	memset(s, 0, sizeof(*s));
	assert_int_equal(input_from_buffer(&in, "firmware.rules", rules_text,
					   strlen(rules_text)), 0);
	if (ruleset_parse(&in, "firmware.rules", &s->rs, &d))
		fail_msg("%s", d.msg);
	input_release(&in);
	attach(f, s, host_fms);
}

void fake_snp_release(struct fake_snp *s)
{
	snp_rules_release(&s->rules);
	ruleset_release(&s->rs);
}
