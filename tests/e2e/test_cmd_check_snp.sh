#!/bin/sh
# certify/cli/cmd_check.c: `certify check --platform snp`, on a config or a
# raw CPUID page, its exit status, --write-corrected and the JSON
# corrections.  Expected values: research/snp.md §2 (the page: count u32,
# reserved1 u32, reserved2 u64, then 48-byte entries eax_in u32, ecx_in u32,
# xcr0_in u64, xss_in u64, eax..edx u32, reserved u64; little-endian),
# §3 (the firmware rules, INVALID_PARAM 0x16, the corrected page written
# back, nothing written back on a bad header), §5 (QEMU), §6 (guest) and
# models/snp/snp-genoa-1.55.25.rules.
. tests/e2e/lib.sh
RULES=snp-genoa-1.55.25

# mkpage OUT [count=N] [size=N] FN,SUB,XCR0,XSS,EAX,EBX,ECX,EDX[,RESERVED]...
# writes a CPUID page with struct.pack: count defaults to the entries
# given, size to 4096.
mkpage() {
	python3 - "$@" <<'PY' || fail "mkpage $*"
import struct, sys
out, count, size, entries = sys.argv[1], None, 4096, []
for a in sys.argv[2:]:
    if a.startswith("count="):
        count = int(a[6:], 0)
    elif a.startswith("size="):
        size = int(a[5:], 0)
    else:
        v = [int(x, 16) for x in a.split(",")]
        entries.append(v + [0] * (9 - len(v)))
buf = struct.pack("<IIQ", len(entries) if count is None else count, 0, 0)
for e in entries:
    buf += struct.pack("<IIQQIIIIQ", *e)
assert len(buf) <= 4096
buf += bytes(4096 - len(buf))
open(out, "wb").write(buf[:size] + bytes(max(0, size - 4096)))
PY
}

# A page the firmware and the guest take (the rules of
# snp-genoa-1.55.25): 0x0 EAX 0x10 (le 0x10); 0x1 Genoa FMS, CLFLUSH
# EBX[15:8] = 8; 0x80000000 EAX 0x8000001F (le 0x80000028, and the
# guest's minimum); 0x8000001F SEV|SEV-ES|SNP (0x1A within 0x030fffff), C-bit
# EBX 0x33.
V=68747541,444d4163,69746e65
E_L0="0,0,0,0,10,$V"
E_L1="1,0,0,0,a10f11,800,0,0"
E_E0="80000000,0,0,0,8000001f,$V"
E_E1F="8000001f,0,0,0,1a,33,0,0"
mkpage "$TMP/good.page" "$E_L0" "$E_L1" "$E_E0" "$E_E1F"
[ "$(wc -c <"$TMP/good.page")" -eq 4096 ] || fail "mkpage size"

run 0 "$CERTIFY" check --platform snp --page "$TMP/good.page"
out_has "platform snp, rule set $RULES"
out_has "outcome: accepted"
out_has "status: 0x0 SUCCESS (sev-firmware)"
out_has "page_entries=4"

# The same as a config.
cat >"$TMP/good.cfg" <<'CFG'
0x00000000 0x00: eax=0x00000010 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ecx=0x00000000 edx=0x00000000
0x80000000 0x00: eax=0x8000001f ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x8000001f 0x00: eax=0x0000001a ebx=0x00000033 ecx=0x00000000 edx=0x00000000
CFG
run 0 "$CERTIFY" check --platform snp --config "$TMP/good.cfg"
out_has "outcome: accepted"
# --rules by name, explicitly.
run 0 "$CERTIFY" check --platform snp --config "$TMP/good.cfg" --rules "$RULES"

# Rejected by the firmware: CLFLUSH 0 (field-exact 15:8 = 8 -> 0x800) and
# 7.0.EDX SPEC_CTRL|FSRM (mask 0x10000010 fails; the firmware ANDs with the
# inverted mask, 0x04000000, then mbz 0xefffffef clears it: 0).  Exit 1.
cat >"$TMP/bad.cfg" <<'CFG'
snp.policy = 0x30000
0x00000000 0x00: eax=0x00000010 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x00000001 0x00: eax=0x00a10f11 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
0x00000007 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00000000 edx=0x04000010
0x80000000 0x00: eax=0x8000001f ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x8000001f 0x00: eax=0x0000001a ebx=0x00000033 ecx=0x00000000 edx=0x00000000
CFG
run 1 "$CERTIFY" check --platform snp --config "$TMP/bad.cfg"
out_has "outcome: rejected"
out_has "status: 0x16 INVALID_PARAM (sev-firmware)"
out_has "corrections (sev-firmware writes back"
out_has "   1: 0x00000001 0x00 ebx: 0x00000000 -> 0x00000800"
out_has "   2: 0x00000007 0x00 edx: 0x04000010 -> 0x04000000"
out_has "   2: 0x00000007 0x00 edx: 0x04000000 -> 0x00000000"
grep -q '^rejected  *0x00000001\.ebx\[11\]' "$TMP/out" ||
	fail "1.EBX[11] not reported rejected"

# JSON: the status code as a hex string, the corrections with their fields.
run 1 "$CERTIFY" check --platform snp --config "$TMP/bad.cfg" --format json
python3 - "$TMP/out" <<'PY' || fail "JSON corrections"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["platform"] == "snp" and d["outcome"] == "rejected", d["outcome"]
s = d["status"]
assert s["code"] == "0x16", s
assert s["name"] == "INVALID_PARAM" and s["layer"] == "sev-firmware", s
assert d["ruleset"]["name"] == "snp-genoa-1.55.25", d["ruleset"]
c = d["corrections"]
assert len(c) == 3, c
keys = {"index", "leaf", "subleaf", "xcr0_in", "xss_in", "field",
        "provided", "corrected", "layer", "rule", "source", "note"}
h8 = re.compile(r"^0x[0-9a-f]{8}$")
h16 = re.compile(r"^0x[0-9a-f]{16}$")
for x in c:
    assert set(x) == keys, sorted(x)
    assert isinstance(x["index"], int), x
    for k in ("leaf", "subleaf", "provided", "corrected"):
        assert h8.match(x[k]), (k, x)
    for k in ("xcr0_in", "xss_in"):
        assert h16.match(x[k]), (k, x)
    assert x["field"] in ("eax", "ebx", "ecx", "edx", "reserved"), x
    assert x["layer"] == "sev-firmware", x
    for k in ("rule", "source", "note"):
        assert isinstance(x[k], str) and x[k], (k, x)
want = [(1, "0x00000001", "ebx", "0x00000000", "0x00000800",
         "FN00000001_CUSTOM"),
        (2, "0x00000007", "edx", "0x04000010", "0x04000000",
         "FN00000007_x00_CUSTOM"),
        (2, "0x00000007", "edx", "0x04000000", "0x00000000",
         "FN00000007_x00_CUSTOM")]
got = [(x["index"], x["leaf"], x["field"], x["provided"], x["corrected"],
        x["rule"]) for x in c]
assert got == want, got
f = [x for x in d["findings"] if x["leaf"] == "0x00000001" and
     x["reg"] == "ebx" and x["bit"] == 11]
assert len(f) == 1 and f[0]["verdict"] == "rejected", f
assert f[0]["requested"] == 0 and f[0]["final"] == 1, f
PY

# --write-corrected for a config: a config of what the firmware wrote back
# (the directive kept) that is then accepted.  The report still goes to
# stdout and the exit status is the check's.
run 1 "$CERTIFY" check --platform snp --config "$TMP/bad.cfg" \
	--write-corrected "$TMP/fixed.cfg"
out_has "outcome: rejected"
[ -f "$TMP/fixed.cfg" ] || fail "no corrected config"
grep -q '^snp.policy = 0x30000' "$TMP/fixed.cfg" || fail "directive lost"
grep -q '^0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ' "$TMP/fixed.cfg" ||
	fail "1.EBX not corrected in the config"
grep -q '^0x00000007 0x00: .* edx=0x00000000' "$TMP/fixed.cfg" ||
	fail "7.0.EDX not corrected in the config"
run 0 "$CERTIFY" check --platform snp --config "$TMP/fixed.cfg"
out_has "outcome: accepted"
out_has "status: 0x0 SUCCESS (sev-firmware)"

# --write-corrected for a page.  Entry 3: the 7.0.EDX quirk; entry 4, a
# checked leaf (0x80000001) with its reserved field 5: a failure with no
# visible change, which the written page clears.
mkpage "$TMP/bad.page" "$E_L0" "$E_L1" "7,0,0,0,0,0,0,4000010" \
	"80000001,0,0,0,a10f11,0,0,0,5" "$E_E0" "$E_E1F"
run 1 "$CERTIFY" check --platform snp --page "$TMP/bad.page" \
	--write-corrected "$TMP/fixed.page"
out_has "status: 0x16 INVALID_PARAM (sev-firmware)"
R5=0x0000000000000005
out_has "   3: 0x80000001 0x00 reserved: $R5 -> $R5"
[ "$(wc -c <"$TMP/fixed.page")" -eq 4096 ] || fail "corrected page size"
python3 - "$TMP/bad.page" "$TMP/fixed.page" <<'PY' || fail "corrected page"
import struct, sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
def ent(p, i):
    return struct.unpack_from("<IIQQIIIIQ", p, 16 + 48 * i)
assert struct.unpack_from("<IIQ", b, 0) == (6, 0, 0)
for i in range(6):
    x, y = list(ent(a, i)), list(ent(b, i))
    if i == 2:
        x[7] = 0          # 7.0.EDX
    if i == 3:
        x[8] = 0          # reserved
    assert x == y, (i, x, y)
assert a[16 + 48 * 6:] == b[16 + 48 * 6:]
PY
# It is what the firmware takes, and taking it changes nothing.
run 0 "$CERTIFY" check --platform snp --page "$TMP/fixed.page" \
	--write-corrected "$TMP/again.page"
out_has "outcome: accepted"
cmp -s "$TMP/fixed.page" "$TMP/again.page" || fail "not idempotent"

# Nothing written back: count 65 (> 64) -> INVALID_PARAM with the page
# untouched (§2).  --write-corrected says why, exits 1, writes no file.
mkpage "$TMP/count65.page" count=65 "$E_L0" "$E_L1" "$E_E0" "$E_E1F"
run 1 "$CERTIFY" check --platform snp --page "$TMP/count65.page"
out_has "status: 0x16 INVALID_PARAM (sev-firmware)"
run 1 "$CERTIFY" check --platform snp --page "$TMP/count65.page" \
	--write-corrected "$TMP/never.page"
err_has "--write-corrected: "
err_has "writes nothing back"
[ ! -e "$TMP/never.page" ] || fail "a page written although none came back"

# The guest's view: SEV-ES|SNP without SEV (0x18) passes the firmware's
# mask but the Linux guest terminates (GHCB_SEV_ES_GEN_REQ, 0x100).
mkpage "$TMP/nosev.page" "$E_L0" "$E_L1" "$E_E0" "8000001f,0,0,0,18,33,0,0"
run 1 "$CERTIFY" check --platform snp --page "$TMP/nosev.page"
out_has "status: 0x100 GHCB_SEV_ES_GEN_REQ at leaf 0x8000001f (guest)"

# --vmm qemu builds the page from the config (§5): on the embedded Genoa
# host, whose C-bit is 51, the QEMU page of the host's own CPUID passes.
run 0 "$CERTIFY" check --platform snp --config embedded:amd-epyc-9334 \
	--host embedded:amd-epyc-9334 --vmm qemu
out_has "vmm qemu"
out_has "status: 0x0 SUCCESS (sev-firmware)"
# reduced-phys-bits 0: QEMU refuses it, no page.
printf 'snp.reduced_phys_bits = 0\n' >"$TMP/rpb0.cfg"
cat "$TMP/good.cfg" >>"$TMP/rpb0.cfg"
run 1 "$CERTIFY" check --platform snp --config "$TMP/rpb0.cfg" --vmm qemu
out_has "EINVAL (vmm)"
out_has "reduced_phys_bits"
run 1 "$CERTIFY" check --platform snp --config "$TMP/rpb0.cfg" --vmm qemu \
	--write-corrected "$TMP/never.cfg"
err_has "no CPUID page was built"
[ ! -e "$TMP/never.cfg" ] || fail "a config written although QEMU stopped"
# KVM refuses a policy without bit 17.
printf 'snp.policy = 0x10000\n' >"$TMP/policy.cfg"
cat "$TMP/good.cfg" >>"$TMP/policy.cfg"
run 1 "$CERTIFY" check --platform snp --config "$TMP/policy.cfg"
out_has "EINVAL (kvm)"

# Bad input: exit 3.
# A page that is not 4096 bytes.
mkpage "$TMP/short.page" size=100 "$E_L0"
run 3 "$CERTIFY" check --platform snp --page "$TMP/short.page"
err_has "a CPUID page is 4096 bytes"
mkpage "$TMP/long.page" size=4097 "$E_L0"
run 3 "$CERTIFY" check --platform snp --page "$TMP/long.page"
err_has "a CPUID page is 4096 bytes"
run 3 "$CERTIFY" check --platform snp --page "$TMP/short.page" \
	--write-corrected "$TMP/never2.page"
[ ! -e "$TMP/never2.page" ] || fail "output written for bad input"
run 3 "$CERTIFY" check --platform snp --page "$TMP/no-such.page"
# A bad snp.* directive, at its line.
printf '# c\nsnp.cbitpos = 64\n' >"$TMP/cbit.cfg"
cat "$TMP/good.cfg" >>"$TMP/cbit.cfg"
run 3 "$CERTIFY" check --platform snp --config "$TMP/cbit.cfg"
err_has "$TMP/cbit.cfg:2: snp.cbitpos"
err_has "must be 0 to 63"
printf 'snp.reduced_phys_bits = 64\n' >"$TMP/rpb.cfg"
cat "$TMP/good.cfg" >>"$TMP/rpb.cfg"
run 3 "$CERTIFY" check --platform snp --config "$TMP/rpb.cfg"
err_has "$TMP/rpb.cfg:1: snp.reduced_phys_bits"
printf '\n\nsnp.policy = banana\n' >"$TMP/banana.cfg"
cat "$TMP/good.cfg" >>"$TMP/banana.cfg"
run 3 "$CERTIFY" check --platform snp --config "$TMP/banana.cfg"
err_has "$TMP/banana.cfg:3: "
err_has "snp.policy"
printf 'snp.colour = 1\n' >"$TMP/colour.cfg"
cat "$TMP/good.cfg" >>"$TMP/colour.cfg"
run 3 "$CERTIFY" check --platform snp --config "$TMP/colour.cfg"
err_has "$TMP/colour.cfg:1: "
err_has "snp.colour"
# A TDX rule set is not an SNP one.
run 3 "$CERTIFY" check --platform snp --config "$TMP/good.cfg" \
	--rules tdx-2.0.18
err_has "not snp"

# Usage errors: exit 2.
run 2 "$CERTIFY" check --platform snp --page "$TMP/good.page" --vmm qemu
run 2 "$CERTIFY" check --platform tdx --page "$TMP/good.page"
run 2 "$CERTIFY" check --platform snp --page "$TMP/good.page" \
	--config "$TMP/good.cfg"
run 2 "$CERTIFY" check --platform tdx --config "$TMP/good.cfg" \
	--write-corrected "$TMP/never3"
[ ! -e "$TMP/never3" ] || fail "output written on a usage error"
run 2 "$CERTIFY" check --platform snp
run 2 "$CERTIFY" check --platform snp --config "$TMP/good.cfg" --vmm bochs

# The rule set: listed, and shown as the committed file.
run 0 "$CERTIFY" rules list
SRC="amd/AMD-ASPFW@3ca6650dd35d878b3fcbe5c7f58b145eed042bbf"
SRC="$SRC fw/psp_bl_uapps/sev_uapp/src/cpuid_lookup.c"
grep -q "^$RULES  *snp  *$SRC\$" "$TMP/out" ||
	fail "rules list lacks '$RULES  snp' with its source"
run 0 "$CERTIFY" rules show "$RULES"
cmp -s "$TMP/out" "models/snp/$RULES.rules" ||
	fail "rules show differs from models/snp/$RULES.rules"
done_ok
