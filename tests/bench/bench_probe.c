// SPDX-License-Identifier: MIT
/*
 * `make bench`: the real KVM probe on this machine's /dev/kvm, when there
 * is one: probe guests per second (a VM, KVM_SET_CPUID2, the CPUID loop
 * over this host's own table), and how long a whole capture takes.
 * Prints figures; never fails on speed, and says so when there is no KVM.
 */
#include <stdio.h>
#include <time.h>

#include "certify/host.h"
#include "certify/kvm.h"
#include "certify/ruleset.h"
#include "certify/strbuf.h"
#include "kvm/kvm_capture.h"
#include "kvm/kvm_guest.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	struct cpuid_set host = CPUID_SET_INIT;
	struct strbuf out = STRBUF_INIT;
	struct kvm_capture_stats st;
	struct ruleset rs;
	struct kvm k;
	struct diag d;
	double t0, secs;
	int cpu, err, i, rounds = 200;

	if (kvm_open(&k, &kvm_sys_linux, &d)) {
		printf("bench_probe: skipped: %s\n", d.msg);
		return 0;
	}
	if (host_cpuid_read(&host, &cpu) ||
	    ruleset_load_embedded("kvm-6.18", &rs, &d)) {
		printf("bench_probe: skipped: no host CPUID or rule set\n");
		kvm_close(&k);
		return 0;
	}
	t0 = now();
	for (i = 0; i < rounds; i++) {
		struct cpuid_set seen = CPUID_SET_INIT;

		if (kvm_guest_cpuid(&k, &host, NULL, &seen, &err, &d) || err) {
			printf("bench_probe: the guest did not run: %s\n",
			       err ? kvm_errno_name(err) : d.msg);
			cpuid_set_release(&seen);
			goto out;
		}
		cpuid_set_release(&seen);
	}
	secs = now() - t0;
	printf("probe guest (%zu CPUID queries)  %8.0f guests/s  %7.2f ms "
	       "each\n", host.n, rounds / secs, 1e3 * secs / rounds);
	t0 = now();
	if (kvm_capture(&k, &rs, &host, "bench", &out, &st, &d)) {
		printf("bench_probe: capture failed: %s\n", d.msg);
		goto out;
	}
	secs = now() - t0;
	printf("capture: %u entries, %u guests  %7.2f s  (%zu bytes of rules)\n",
	       st.entries, st.guests, secs, out.len);
out:
	strbuf_release(&out);
	ruleset_release(&rs);
	cpuid_set_release(&host);
	kvm_close(&k);
	return 0;
}
