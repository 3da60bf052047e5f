#!/bin/sh
# certify/cli/cmd_diff.c: `certify diff A B` lists what changed between two
# signed reports (README "Signed reports"): exit 0 when they agree, 1 when
# they differ, 2 for usage, 3 for a file that is not a valid report (or,
# with --pubkey, one its key did not sign).
. tests/e2e/lib.sh
HOST=embedded:intel-xeon-6788p
CHECK="check --platform tdx --config embedded:tdx-example --host $HOST"
PY=/usr/bin/python3
umask 077

openssl genpkey -algorithm ED25519 -out "$TMP/ed.pem" 2>/dev/null ||
	fail "openssl genpkey ED25519"
openssl pkey -in "$TMP/ed.pem" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$TMP/other.pem" 2>/dev/null
openssl pkey -in "$TMP/other.pem" -pubout -out "$TMP/other.pub" 2>/dev/null
run 0 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" -o "$TMP/r.cose"
run 0 "$CERTIFY" $CHECK --sign "$TMP/ed.pem" -o "$TMP/z1.cose"

# diff: the same config under two TDX module versions.
run 1 "$CERTIFY" $CHECK --rules tdx-1.5.34 --sign "$TMP/ed.pem" \
	-o "$TMP/old.cose"
run 1 "$CERTIFY" diff "$TMP/r.cose" "$TMP/old.cose"
out_has "rule set: tdx-2.0.18 -> tdx-1.5.34"
out_has "outcome: accepted-with-changes -> rejected"
out_has "status code: 0x0 -> 0xc000010000000045"
out_has "0x00000007.0x1.eax[21] amx_fp16: dropped 0 -> rejected 0"
run 0 "$CERTIFY" diff "$TMP/r.cose" "$TMP/z1.cose"
out_has "no differences"
run 3 "$CERTIFY" diff "$TMP/r.cose" "$TMP/ed.pub"
run 2 "$CERTIFY" diff "$TMP/r.cose"

run 0 "$CERTIFY" diff "$TMP/r.cose" "$TMP/z1.cose" --pubkey "$TMP/ed.pub"
run 3 "$CERTIFY" diff "$TMP/r.cose" "$TMP/z1.cose" --pubkey "$TMP/other.pub"
run 3 "$CERTIFY" diff "$TMP/r.cose" "$TMP/nonexistent.cose"
run 0 "$CERTIFY" diff "$TMP/r.cose" "$TMP/z1.cose" -o "$TMP/d.txt"
grep -q "no differences" "$TMP/d.txt" || fail "diff -o wrote no result"
done_ok
