#!/bin/sh
# certify probe --platform kvm on this machine's real /dev/kvm
# (DESIGN.md §6): real guests read CPUID, the capture records what this
# KVM and the layers under it do, and the offline check with that capture
# predicts every probe bit for bit (same status, same final CPUID, no
# model-mismatch finding), for this machine's own CPUID (`certify host`),
# the reference hosts and the corpus dumps.  Run-time fields follow
# Linux v6.18 kvm_update_cpuid_runtime() for a vCPU at reset (CR4 = 0,
# XCR0 = 1): OSXSAVE reads 0, 0xD.0 EBX reads 576.
# Skipped with a note where /dev/kvm cannot be opened.
. tests/e2e/lib.sh
PY=/usr/bin/python3
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "note: /dev/kvm absent or not ours: real KVM probe tests skipped"
	exit 0
fi

# The usage contract.
run 2 "$CERTIFY" probe --platform kvm
err_has "--platform and --config (or --page) are needed"
run 2 "$CERTIFY" probe --platform kvm --config embedded:amd-epyc-9334 \
	--vmm qemu
err_has "platform kvm takes the table a VMM hands KVM_SET_CPUID2"
run 2 "$CERTIFY" check --platform kvm --capture "$TMP/x.rules"
err_has "--capture is for certify probe"
run 2 "$CERTIFY" probe --platform tdx --capture "$TMP/x.rules"
err_has "platform tdx has no capture"

# The capture: a rule set certify reads back.
run 0 "$CERTIFY" probe --platform kvm --capture "$TMP/here.rules"
out_has "wrote rule set here to $TMP/here.rules"
run 0 "$CERTIFY" rules show "$TMP/here.rules"
out_has "platform kvm"
out_has "fact kernel $(uname -r)"
grep -q '^supported 0x00000001 - ' "$TMP/here.rules" ||
	fail "no KVM_GET_SUPPORTED_CPUID leaf 1 in the capture"
grep -q '^below 0x00000001 - ' "$TMP/here.rules" ||
	fail "leaf 1 was not probed"
run 0 "$CERTIFY" rules diff kvm-6.18 "$TMP/here.rules"
out_has "kvm-6.18 -> here"
out_has "KVM_GET_SUPPORTED_CPUID:"

run 0 "$CERTIFY" host -o "$TMP/host.cfg"

# probe and check agree: same exit status, status, final CPUID.
agree() {
	name=$1
	cfg=$2
	"$CERTIFY" probe --platform kvm --rules "$TMP/here.rules" \
		--config "$cfg" --format json -o "$TMP/probe.json" \
		2>"$TMP/err"
	ps=$?
	"$CERTIFY" check --platform kvm --rules "$TMP/here.rules" \
		--config "$cfg" --format json -o "$TMP/check.json" \
		2>"$TMP/err"
	cs=$?
	checks=$((checks + 1))
	[ "$ps" -le 1 ] || fail "$name: probe exited $ps: $(cat "$TMP/err")"
	[ "$ps" -eq "$cs" ] || fail "$name: probe exited $ps, check $cs"
	$PY - "$TMP/probe.json" "$TMP/check.json" "$name" <<'PY' ||
import json, sys
p = json.load(open(sys.argv[1]))
c = json.load(open(sys.argv[2]))
name = sys.argv[3]
assert p["observed"] == "hardware", name
assert c["observed"] == "model", name
assert p["status"] == c["status"] or \
    (p["status"]["code"] == c["status"]["code"]), (name, p["status"], c["status"])
model = p["facts"]["model"]
assert model in ("agrees with every bit the guest read",
                 "predicted the refusal"), (name, model)
mism = [f for f in p["findings"] if f["class"] == "model-mismatch"]
assert not mism, (name, mism[:3])
if p["status"]["code"] == "0x0":
    assert p["final_cpuid"] == c["final_cpuid"], name
    assert len(p["final_cpuid"]) > 0, name
print("%s: %s, %d entries, %s" % (name, p["outcome"],
                                   len(p["final_cpuid"]), model))
PY
		fail "$name: the probe and the offline check differ"
}

# agree, and where a host without AMX refuses AMX tile data (-EPERM), agree
# again without it: then the rest of the Intel table runs too.
agree_all() {
	agree "$1" "$2"
	grep -q '"name": "EPERM"' "$TMP/probe.json" || return 0
	"$CERTIFY" cpuid convert "$2" --to config -o "$TMP/amx.cfg" ||
		fail "$1: convert"
	$PY - "$TMP/amx.cfg" >"$TMP/noamx.cfg" <<'PY' || fail "no-AMX copy"
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"0x0000000d 0x00: eax=0x([0-9a-f]{8})", line)
    if m:
        v = int(m.group(1), 16) & ~(1 << 18)
        line = line.replace(m.group(0), "0x0000000d 0x00: eax=0x%08x" % v)
    sys.stdout.write(line)
PY
	agree "$1 without AMX" "$TMP/noamx.cfg"
}

agree_all host "$TMP/host.cfg"
agree_all amd-epyc-9334 embedded:amd-epyc-9334
agree_all intel-xeon-6788p embedded:intel-xeon-6788p
DIR=${CERTIFY_CORPUS:-../shared/corpus}/cpuid-dumps
n=0
if [ -d "$DIR" ]; then
	for f in "$DIR"/*-aida64.txt "$DIR"/*-cpudata.xml "$DIR"/*-cpuid-r.txt; do
		[ -f "$f" ] || continue
		run 0 "$CERTIFY" cpuid convert "$f" --to config -o "$TMP/c.cfg"
		agree_all "$(basename "$f")" "$TMP/c.cfg"
		n=$((n + 1))
	done
	echo "note: $n corpus dumps probed"
else
	echo "note: $DIR absent: corpus probes skipped"
fi

# Without a capture: KVM's own run-time fields, from its source.
run 0 "$CERTIFY" probe --platform kvm --config "$TMP/host.cfg" --all \
	--format json -o "$TMP/plain.json"
$PY - "$TMP/plain.json" <<'PY' || fail "run-time fields"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["observed"] == "hardware"
assert p["facts"]["supported lists"].startswith("this machine's KVM")
def find(leaf, sub, reg, bit):
    for f in p["findings"]:
        if f["leaf"] == leaf and f["reg"] == reg and f["bit"] <= bit < f["bit"] + f["width"] \
           and (f["subleaf"] is None or f["subleaf"] == sub):
            return f
    raise AssertionError((leaf, reg, bit))
osx = find("0x00000001", None, "ecx", 27)
assert osx["final"] == 0 and osx["verdict"] == "runtime", osx
size = [e for e in p["final_cpuid"]
        if e["leaf"] == "0x0000000d" and e["subleaf"] == "0x00000000"]
assert size and size[0]["ebx"] == "0x00000240", size
PY
checks=$((checks + 1))

# A probe is a report like any other: signed, verified, not replayable.
umask 077
openssl genpkey -algorithm ED25519 -out "$TMP/ed.pem" 2>/dev/null ||
	fail "openssl genpkey"
openssl pkey -in "$TMP/ed.pem" -pubout -out "$TMP/ed.pub" 2>/dev/null
run 0 "$CERTIFY" probe --platform kvm --config "$TMP/host.cfg" \
	--rules "$TMP/here.rules" --sign "$TMP/ed.pem" -o "$TMP/p.cose"
out_has "certify probe: platform kvm"
out_has "observed on hardware (KVM):"
run 0 "$CERTIFY" verify "$TMP/p.cose" --pubkey "$TMP/ed.pub"
out_has "platform kvm (observed on hardware)"
run 1 "$CERTIFY" verify "$TMP/p.cose" --pubkey "$TMP/ed.pub" --reproduce
out_has "not reproduced: observed on hardware (certify probe, kvm)"
run 0 "$CERTIFY" show "$TMP/p.cose"
out_has "kernel: $(uname -r)"
run 0 $PY tests/interop/verify_report.py "$TMP/p.cose" "$TMP/ed.pub"
out_has "valid: kvm here"

# What is missing is said, exit 4: this machine has no TDX or SNP VMs.
if ! grep -qw -e tdx_host_platform -e sev_snp /proc/cpuinfo; then
	run 4 "$CERTIFY" probe --platform tdx --config embedded:tdx-example
	[ -s "$TMP/err" ] || fail "tdx: no word on what is missing"
	run 4 "$CERTIFY" probe --platform snp --config embedded:amd-epyc-9334
	[ -s "$TMP/err" ] || fail "snp: no word on what is missing"
fi
done_ok
