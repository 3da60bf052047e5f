#!/bin/sh
# certify/cli/cmd_verify.c and `check --sign` (show and diff: their own
# scripts):
# signed reports from the command line, checked by certify itself and by
# tests/interop/verify_report.py (Debian python3-cbor2 and
# python3-cryptography, run with /usr/bin/python3, research/reports.md §4).
# Keys are made with `openssl genpkey` as the README says.
. tests/e2e/lib.sh
HOST=embedded:intel-xeon-6788p
CHECK="check --platform tdx --config embedded:tdx-example --host $HOST"
PY=/usr/bin/python3
VERIFY=tests/interop/verify_report.py
umask 077

openssl genpkey -algorithm ED25519 -out "$TMP/ed.pem" 2>/dev/null ||
	fail "openssl genpkey ED25519"
openssl pkey -in "$TMP/ed.pem" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
	-out "$TMP/ec.pem" 2>/dev/null || fail "openssl genpkey P-384"
openssl pkey -in "$TMP/ec.pem" -pubout -out "$TMP/ec.pub" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$TMP/other.pem" 2>/dev/null
openssl pkey -in "$TMP/other.pem" -pubout -out "$TMP/other.pub" 2>/dev/null

# Sign: the report goes to -o, the rendering to standard output; the exit
# status is the check's (accepted with changes: 0).
run 0 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" -o "$TMP/r.cose"
out_has "outcome: accepted-with-changes"
[ -s "$TMP/r.cose" ] || fail "no report written"
# A tagged COSE_Sign1 starts with 0xD2 0x84 (tag 18, array of 4).
[ "$(od -An -tx1 -N2 "$TMP/r.cose" | tr -d ' ')" = d284 ] ||
	fail "not a tagged COSE_Sign1"
ls -a "$TMP" | grep -q '\.tmp' && fail "a temporary file was left behind"

# kid = SHA-256 of the public key's DER SubjectPublicKeyInfo.
kid=$(openssl pkey -pubin -in "$TMP/ed.pub" -outform DER | sha256sum |
      cut -d' ' -f1)

run 0 "$CERTIFY" verify "$TMP/r.cose" --pubkey "$TMP/ed.pub"
out_has "valid: EdDSA signature by key $kid; platform tdx, rule set tdx-2.0.18, outcome accepted-with-changes (certified)"
run 0 "$CERTIFY" verify "$TMP/r.cose" --pubkey "$TMP/ed.pub" --reproduce
out_has "reproduced: this certify"
run 0 "$PY" "$VERIFY" "$TMP/r.cose" "$TMP/ed.pub"
out_has "valid: tdx tdx-2.0.18, outcome accepted-with-changes"

# Tampered: a byte changed in the payload, or the wrong key.
cp "$TMP/r.cose" "$TMP/bad.cose"
printf '\001' | dd of="$TMP/bad.cose" bs=1 seek=5000 conv=notrunc \
	2>/dev/null
cmp -s "$TMP/r.cose" "$TMP/bad.cose" && fail "tampering changed nothing"
run 1 "$CERTIFY" verify "$TMP/bad.cose" --pubkey "$TMP/ed.pub"
out_has "invalid"
run 1 "$PY" "$VERIFY" "$TMP/bad.cose" "$TMP/ed.pub"
run 1 "$CERTIFY" verify "$TMP/r.cose" --pubkey "$TMP/other.pub"
out_has "invalid"
run 1 "$PY" "$VERIFY" "$TMP/r.cose" "$TMP/other.pub"
# A P-384 key for an EdDSA report: the algorithm does not fit the key.
run 1 "$CERTIFY" verify "$TMP/r.cose" --pubkey "$TMP/ec.pub"
run 1 "$CERTIFY" verify "$TMP/ed.pub" --pubkey "$TMP/ed.pub"
run 2 "$CERTIFY" verify "$TMP/r.cose"
run 3 "$CERTIFY" verify "$TMP/r.cose" --pubkey "$TMP/nonexistent.pub"

# ES384: the payload is reproducible, the signature (OpenSSL 3.0) is not.
run 0 "$CERTIFY" $CHECK --sign "$TMP/ec.pem" -o "$TMP/e1.cose"
run 0 "$CERTIFY" $CHECK --sign "$TMP/ec.pem" -o "$TMP/e2.cose"
run 0 "$CERTIFY" verify "$TMP/e1.cose" --pubkey "$TMP/ec.pub" --reproduce
out_has "valid: ES384 signature"
run 0 "$PY" "$VERIFY" "$TMP/e2.cose" "$TMP/ec.pub"
"$PY" - "$TMP/e1.cose" "$TMP/e2.cose" <<'PY' || fail "ES384 payloads differ"
import sys, cbor2
a, b = (cbor2.loads(open(f, 'rb').read()).value for f in sys.argv[1:])
assert a[2] == b[2], 'payloads differ'
assert a[3] != b[3], 'ES384 signatures should be randomized on OpenSSL 3.0'
PY
# Other algorithm identifiers (RFC 9864) on request.
run 0 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" --alg Ed25519 -o "$TMP/f.cose"
run 0 "$CERTIFY" verify "$TMP/f.cose" --pubkey "$TMP/ed.pub"
out_has "valid: Ed25519 signature"
run 0 "$PY" "$VERIFY" "$TMP/f.cose" "$TMP/ed.pub"
run 0 "$CERTIFY" $CHECK --sign "$TMP/ec.pem" --alg -51 -o "$TMP/g.cose"
run 0 "$PY" "$VERIFY" "$TMP/g.cose" "$TMP/ec.pub"
run 2 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" --alg ES384 -o "$TMP/h.cose"
[ ! -e "$TMP/h.cose" ] || fail "a report was written for a bad --alg"
run 2 "$CERTIFY" $CHECK --sign "$TMP/ed.pem"
run 2 "$CERTIFY" $CHECK --alg EdDSA -o "$TMP/i.txt"

# Reproducible: same inputs and key, same bytes, whatever the time zone,
# locale, working directory; iat only with SOURCE_DATE_EPOCH.
here=$(pwd)
run 0 env TZ=UTC LANG=C "$CERTIFY" $CHECK --sign "$TMP/ed.pem" \
	-o "$TMP/z1.cose"
mkdir "$TMP/elsewhere"
(cd "$TMP/elsewhere" && TZ=Asia/Kolkata LC_ALL=C.UTF-8 \
	"$here/$CERTIFY" $CHECK --sign "$TMP/ed.pem" -o "$TMP/z2.cose") >/dev/null ||
	fail "check from another directory"
cmp -s "$TMP/z1.cose" "$TMP/z2.cose" || fail "reports differ across TZ/LANG/cwd"
cmp -s "$TMP/z1.cose" "$TMP/r.cose" || fail "reports differ between runs"
run 0 env SOURCE_DATE_EPOCH=1700000000 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" \
	-o "$TMP/t1.cose"
run 0 env SOURCE_DATE_EPOCH=1700000000 TZ=America/New_York "$CERTIFY" $CHECK \
	--sign "$TMP/ed.pem" -o "$TMP/t2.cose"
cmp -s "$TMP/t1.cose" "$TMP/t2.cose" || fail "SOURCE_DATE_EPOCH reports differ"
cmp -s "$TMP/t1.cose" "$TMP/r.cose" && fail "iat not recorded"
"$PY" - "$TMP/t1.cose" <<'PY' || fail "iat"
import sys, cbor2
body = cbor2.loads(cbor2.loads(open(sys.argv[1], 'rb').read()).value[2])
assert body[6] == 1700000000, body.get(6)
PY
run 0 "$CERTIFY" verify "$TMP/t1.cose" --pubkey "$TMP/ed.pub" --reproduce
run 2 env SOURCE_DATE_EPOCH=yesterday "$CERTIFY" $CHECK --sign "$TMP/ed.pem" \
	-o "$TMP/t3.cose"
[ ! -e "$TMP/t3.cose" ] || fail "a report was written with a bad date"

# A key others can read works, with a warning.
cp "$TMP/ed.pem" "$TMP/loose.pem"
chmod 644 "$TMP/loose.pem"
run 0 "$CERTIFY" $CHECK --sign "$TMP/loose.pem" -o "$TMP/l.cose"
err_has "readable by group or others"

# A rejected check still makes a report, and exits 1.
printf '0x00000001 0x00: eax=0x0 ebx=0x0 ecx=0x00200000 edx=0x0\n0x80000008 0x00: eax=0x00340000 ebx=0x0 ecx=0x0 edx=0x0\n' >"$TMP/x2apic.cfg"
run 1 "$CERTIFY" check --platform tdx --config "$TMP/x2apic.cfg" \
	--host "$HOST" --sign "$TMP/ed.pem" -o "$TMP/rej.cose"
run 0 "$CERTIFY" verify "$TMP/rej.cose" --pubkey "$TMP/ed.pub" --reproduce
out_has "outcome rejected (not certified)"

# A rule-set file travels in the report, and reproduces.
"$CERTIFY" rules show tdx-1.5.34 >"$TMP/my.rules"
run 1 "$CERTIFY" $CHECK --rules "$TMP/my.rules" --sign "$TMP/ed.pem" \
	-o "$TMP/rf.cose"
run 0 "$CERTIFY" verify "$TMP/rf.cose" --pubkey "$TMP/ed.pub" --reproduce
out_has "reproduced"

# SNP reports too, from a page.
run 0 "$CERTIFY" check --platform snp --vmm qemu --config embedded:amd-epyc-9334 \
	--host embedded:amd-epyc-9334 --sign "$TMP/ed.pem" -o "$TMP/snp.cose"
run 0 "$CERTIFY" verify "$TMP/snp.cose" --pubkey "$TMP/ed.pub" --reproduce
run 0 "$PY" "$VERIFY" "$TMP/snp.cose" "$TMP/ed.pub"

# Atomic writes: a report that cannot be written leaves nothing.
run 4 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" -o "$TMP/no/such/dir/r.cose"
[ ! -e "$TMP/no" ] || fail "a directory appeared"
done_ok
