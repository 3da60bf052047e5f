#!/bin/sh
# certify/cli/cmd_check.c: `certify check --platform tdx`, its exit status,
# its text and JSON output.  Expected values: research/tdx.md §2.4 (status
# codes), §3 (KVM), and the rule tables in models/tdx/.
. tests/e2e/lib.sh
HOST=embedded:intel-xeon-6788p

# The demo: the embedded example asks for AVX-512 while its XFAM leaves
# bits 5-7 out, so the module drops them (xfam_mask_0x7_0x0) and the TD
# still launches.
run 0 "$CERTIFY" check --platform tdx --config embedded:tdx-example \
	--host "$HOST"
out_has "outcome: accepted-with-changes"
out_has "status: 0x0 TDX_SUCCESS (tdx-module)"
out_has "rule set tdx-2.0.18"
grep -q '^dropped  *0x00000007\.0x0\.ebx\[16-17\] avx512f' "$TMP/out" ||
	fail "AVX512F (7.0.EBX[16]) not reported dropped"
out_has "set XFAM bits 5-7 together"
# --strict turns "accepted with changes" into "not certified".
run 1 "$CERTIFY" check --platform tdx --config embedded:tdx-example \
	--host "$HOST" --strict

# x2APIC (1.ECX[21]) is native+verified1, not configurable: TDH.MNG.INIT
# fails with TDX_OPERAND_INVALID + OPERAND_ID_CPUID_CONFIG at leaf 1.
cat >"$TMP/x2apic.cfg" <<'CFG'
0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00200000 edx=0x00000000
0x80000008 0x00: eax=0x00340000 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
CFG
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" --host "$HOST"
out_has "outcome: rejected"
out_has "status: 0xc000010000000045 TDX_OPERAND_INVALID(CPUID_CONFIG) at leaf 0x00000001"
grep -q '^rejected  *0x00000001\.ecx\[21\] x2apic' "$TMP/out" ||
	fail "x2apic not reported rejected"
out_has "clear bit 21"

# The same as JSON: the documented shape.
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--host "$HOST" --format json
cp "$TMP/out" "$TMP/x2apic.json"
python3 - "$TMP/x2apic.json" <<'PY' || fail "JSON shape"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["outcome"] == "rejected", d["outcome"]
s = d["status"]
assert s["code"] == "0xc000010000000045", s
assert s["leaf"] == "0x00000001" and s["subleaf"] is None, s
assert isinstance(s["name"], str)
hexs = re.compile(r"^0x[0-9a-f]{8}$")
for f in d["findings"]:
    assert hexs.match(f["leaf"]), f
    assert f["subleaf"] is None or hexs.match(f["subleaf"]), f
    assert f["reg"] in ("eax", "ebx", "ecx", "edx"), f
    assert isinstance(f["bit"], int) and isinstance(f["width"], int), f
    assert 1 <= f["width"] <= 32 and f["bit"] + f["width"] <= 32, f
    for k in ("requested", "final"):
        assert f[k] is None or isinstance(f[k], int), f
    for k in ("verdict", "class", "layer", "rule", "source"):
        assert isinstance(f[k], str) and f[k], (k, f)
    assert f["verdict"] in ("as-configured", "forced", "dropped", "rejected",
                            "native", "runtime", "untrusted"), f
    assert f["verdict"] not in ("as-configured", "native"), "default hides these"
x = [f for f in d["findings"] if f["leaf"] == "0x00000001" and
     f["reg"] == "ecx" and f["bit"] == 21]
assert len(x) == 1 and x[0]["verdict"] == "rejected", x
assert x[0]["requested"] == 1 and x[0]["name"] == "x2apic", x
for e in d["final_cpuid"]:
    assert hexs.match(e["leaf"])
    for r in ("eax", "ebx", "ecx", "edx"):
        assert hexs.match(e[r]), e
PY

# --all prints every bit, as-configured and native ones too.
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--host "$HOST" --format json --all
python3 - "$TMP/out" <<'PY' || fail "--all"
import json, sys
d = json.load(open(sys.argv[1]))
v = {f["verdict"] for f in d["findings"]}
assert "native" in v, v
PY

# Without --host, bits that come from the host are host-dependent, never
# guessed: the output says so and leaves their final value unknown.
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg"
out_has "no --host"
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--format json --all
python3 - "$TMP/out" <<'PY' || fail "no host"
import json, sys
d = json.load(open(sys.argv[1]))
n = [f for f in d["findings"] if f["verdict"] == "native"]
assert n and all(f["final"] is None for f in n), n[:3]
PY

# XFAM bit 17 (XTILECFG) without 18 (XTILEDATA): TDX_OPERAND_INVALID +
# OPERAND_ID_XFAM (research/tdx.md §2.4).  --kvm none: straight to the
# module (mainline KVM would refuse the missing 0x80000008 first).
printf 'tdx.xfam = 0x20003\n0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n' >"$TMP/amx.cfg"
run 1 "$CERTIFY" check --platform tdx --config "$TMP/amx.cfg" --host "$HOST" \
	--kvm none
out_has "status: 0xc000010000000041 TDX_OPERAND_INVALID(XFAM)"
# Through mainline KVM the missing 0x80000008 is -EINVAL first.
run 1 "$CERTIFY" check --platform tdx --config "$TMP/amx.cfg" --host "$HOST"
out_has "EINVAL (kvm)"
out_has "0x80000008"

# An explicit older module.  1.EDX MCE/MTRR/MCA became allow-direct only
# in 1.5.34 (rules diff): under 1.5.06 the example's request is rejected.
run 1 "$CERTIFY" check --platform tdx --config embedded:tdx-example \
	--host "$HOST" --rules tdx-1.5.06
out_has "rule set tdx-1.5.06"
out_has "status: 0xc000010000000045 TDX_OPERAND_INVALID(CPUID_CONFIG) at leaf 0x00000001"
out_has "edx bit 7 (mce), edx bit 12 (mtrr), edx bit 14 (mca)"
# 1.5.06 faults on leaf 6 (the guest asks the VMM); 1.5.34 has it in the
# table, but td_cpuid.c still raises #VE until the guest sets REDUCE_VE.
cat >"$TMP/plain.cfg" <<'CFG'
0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
0x80000008 0x00: eax=0x00300000 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
CFG
run 0 "$CERTIFY" check --platform tdx --config "$TMP/plain.cfg" \
	--host "$HOST" --rules tdx-1.5.06 --all
grep -A1 '^untrusted  *0x00000006\.eax' "$TMP/out" | grep -q "faulting leaf" ||
	fail "1.5.06 leaf 6 not a faulting, untrusted leaf"
run 0 "$CERTIFY" check --platform tdx --config "$TMP/plain.cfg" \
	--host "$HOST" --rules tdx-1.5.34 --all
grep -A1 '^untrusted  *0x00000006\.eax' "$TMP/out" | grep -q "REDUCE_VE" ||
	fail "1.5.34 leaf 6 does not name REDUCE_VE"

# --vmm qemu: QEMU drops what the module cannot give and warns like QEMU.
run 0 "$CERTIFY" check --platform tdx --config embedded:tdx-example \
	--host "$HOST" --vmm qemu
out_has "vmm qemu"

# -o writes the whole output to a file, nothing to stdout.
run 0 "$CERTIFY" check --platform tdx --config embedded:tdx-example \
	--host "$HOST" -o "$TMP/report.txt"
out_empty
grep -q "^outcome: accepted-with-changes" "$TMP/report.txt" ||
	fail "-o file lacks the outcome"

# Bad input: file:line and exit 3, no output file.
printf 'tdx.xfam = 0x3\ntdx.attributes = banana\n' >"$TMP/bad.cfg"
run 3 "$CERTIFY" check --platform tdx --config "$TMP/bad.cfg" \
	-o "$TMP/never.txt"
err_has "$TMP/bad.cfg:2: "
[ ! -e "$TMP/never.txt" ] || fail "partial output written"
printf 'tdx.migratable = 2\n' >"$TMP/bad2.cfg"
run 3 "$CERTIFY" check --platform tdx --config "$TMP/bad2.cfg"
err_has "$TMP/bad2.cfg:1: "
printf 'tdx.colour = 1\n' >"$TMP/bad3.cfg"
run 3 "$CERTIFY" check --platform tdx --config "$TMP/bad3.cfg"
err_has "$TMP/bad3.cfg:1: "
run 3 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--rules no-such-rules
run 3 "$CERTIFY" check --platform tdx --config "$TMP/no-such.cfg"
printf 'ruleset broken\n' >"$TMP/broken.rules"
run 3 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--rules "$TMP/broken.rules"
err_has "$TMP/broken.rules:1: "

# Usage errors: exit 2.
run 2 "$CERTIFY" check --config "$TMP/x2apic.cfg"
run 2 "$CERTIFY" check --platform vax --config "$TMP/x2apic.cfg"
err_has "unknown platform 'vax'"
run 2 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" --vmm bochs
run 2 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" --kvm old
run 2 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" --format xml
run 2 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" extra
run 0 "$CERTIFY" check --help
out_has "usage: certify check"
done_ok
