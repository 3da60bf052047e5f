#!/bin/sh
# certify/cli/cmd_show.c: `certify show REPORT` renders a signed report
# (README "Signed reports"): every format; the signature is checked only
# with --pubkey and the rendering says whether it was; exit 1 for what is
# not a valid report, 2 for usage, 3 for a key file that cannot be read,
# 4 for an output that cannot be written (and then no file).
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
kid=$(openssl pkey -pubin -in "$TMP/ed.pub" -outform DER | sha256sum |
      cut -d' ' -f1)
cp "$TMP/r.cose" "$TMP/bad.cose"
printf '\001' | dd of="$TMP/bad.cose" bs=1 seek=5000 conv=notrunc \
	2>/dev/null

# show: every format, from the signed file; the signature is only checked
# with --pubkey.
for f in text json md html junit sarif; do
	run 0 "$CERTIFY" show "$TMP/r.cose" --format "$f" -o "$TMP/show.$f"
	[ -s "$TMP/show.$f" ] || fail "show --format $f wrote nothing"
done
run 0 "$CERTIFY" show "$TMP/r.cose"
out_has "NOT verified"
run 0 "$CERTIFY" show "$TMP/r.cose" --pubkey "$TMP/ed.pub"
out_has "verified"
run 1 "$CERTIFY" show "$TMP/r.cose" --pubkey "$TMP/other.pub"
run 1 "$CERTIFY" show "$TMP/bad.cose" --pubkey "$TMP/ed.pub"
run 1 "$CERTIFY" show "$TMP/ed.pub"
run 2 "$CERTIFY" show "$TMP/r.cose" --format xml
# The JSON rendering of a report is the check's JSON: the report adds
# only who signed it.
run 0 "$CERTIFY" $CHECK --format json
cp "$TMP/out" "$TMP/check.json"
run 0 "$CERTIFY" show "$TMP/r.cose" --format json
"$PY" - "$TMP/check.json" "$TMP/out" "$kid" <<'PY' || fail "show JSON"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a['report']['signature'] is None
sig = b['report'].pop('signature')
assert sig == {'alg': 'EdDSA', 'kid': sys.argv[3], 'verified': False}, sig
a['report'].pop('signature')
assert a == b, 'check and show JSON differ'
PY

run 3 "$CERTIFY" show "$TMP/r.cose" --pubkey "$TMP/nonexistent.pub"
run 2 "$CERTIFY" show
run 1 "$CERTIFY" show "$TMP/nonexistent.cose"
run 4 "$CERTIFY" show "$TMP/r.cose" -o "$TMP/no/such/dir/r.txt"
[ ! -e "$TMP/no" ] || fail "a directory appeared"
done_ok
