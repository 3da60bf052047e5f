// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for SNP CPUID page files (--page FILE): the page reader,
 * the firmware model and the guest layer, then the whole `check --platform
 * snp --page` with both renderings.  Invariants, not only "no crash":
 *  - for a page the firmware writes back there is an accepted page
 *    (snp_firmware_accepted_page), and it passes the firmware unchanged;
 *  - a page it refuses outright comes back untouched;
 *  - decode then encode gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certify/dump.h"
#include "certify/embedded.h"
#include "reports/render.h"
#include "snp/snp_check.h"
#include "snp/snp_firmware.h"
#include "snp/snp_guest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct snp_rules rules;
static struct ruleset rs;
static struct config host;

static void setup(void)
{
	const struct embedded_file *f = embedded_input("amd-epyc-9334");
	struct dump_opts opts = DUMP_OPTS_DEFAULT;
	struct input in;
	struct diag d;

	config_init(&host);
	if (ruleset_load_embedded("snp-genoa-1.55.25", &rs, &d) ||
	    snp_rules_read(&rs, &rules, &d) || !f ||
	    input_from_buffer(&in, "host", f->data, f->len) ||
	    dump_read(&in, &opts, &host, &d))
		abort();
	input_release(&in);
}

static void firmware(const struct snp_page *in, const struct snp_host *h)
{
	struct snp_page out, again, out2;
	struct snp_fw_status st, st2;
	struct snp_guest_status gst;
	struct check_result res;
	struct trace t;

	check_result_init(&res);
	trace_init(&t);
	if (snp_firmware_launch_update(&rules, h, in, &out, &t, &res, &st))
		abort();
	if (snp_guest_view(&out, &t, &res.pool, &gst))
		abort();
	if (st.code && !st.written_back && memcmp(&out, in, sizeof(out)))
		abort();
	/* A page the firmware writes back can always be made acceptable. */
	if (st.written_back) {
		if (snp_firmware_accepted_page(&rules, h, in, &again))
			abort();
		check_result_release(&res);
		check_result_init(&res);
		if (snp_firmware_launch_update(&rules, h, &again, &out2, &t,
					       &res, &st2))
			abort();
		if (st2.code || memcmp(&out2, &again, sizeof(out2)))
			abort();
	}
	trace_release(&t);
	check_result_release(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	uint8_t raw[SNP_PAGE_SIZE] = { 0 }, back[SNP_PAGE_SIZE];
	struct check_request req = { .kvm = "mainline", .vmm = "none" };
	struct strbuf out = STRBUF_INIT;
	struct check_result res;
	struct snp_host h = { .fms_known = true, .fms = 0x00a10f11 };
	struct snp_page p;
	struct input in;
	struct diag d;

	if (!ready) {
		setup();
		ready = 1;
	}
	/* The reader takes exactly a page; anything else is refused. */
	if (input_from_buffer(&in, "fuzz", data, size))
		return 0;
	if ((snp_page_read(&in, &p, &d) == 0) != (size == SNP_PAGE_SIZE))
		abort();
	input_release(&in);
	/* The models run on every input, padded to a page. */
	memcpy(raw, data, size < SNP_PAGE_SIZE ? size : SNP_PAGE_SIZE);
	snp_page_decode(raw, &p);
	snp_page_encode(&p, back);
	if (memcmp(raw, back, SNP_PAGE_SIZE))
		abort();
	h.fms_known = size % 2;
	firmware(&p, &h);

	if (input_from_buffer(&in, "fuzz", raw, SNP_PAGE_SIZE))
		return 0;
	req.page = &in;
	req.rules = &rs;
	req.host = size % 2 ? &host.cpuid : NULL;
	check_result_init(&res);
	if (snp_check(&req, &res, &d))
		abort();	/* a 4096-byte page always reads */
	if (size % 3)
		render_check_text(&res, size % 3 == 1, &out);
	else
		render_check_json(&res, size % 5 == 0, &out);
	if (strbuf_failed(&out))
		abort();
	strbuf_release(&out);
	check_result_release(&res);
	input_release(&in);
	return 0;
}
