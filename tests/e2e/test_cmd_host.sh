#!/bin/sh
# certify/cli/cmd_host.c: this machine's CPUID as a config that certify
# reads back.
. tests/e2e/lib.sh

run 0 "$CERTIFY" host
out_has "# certify host: CPUID of this machine, logical CPU"
out_has "0x00000000 0x00: eax=0x"
out_has "0x80000000 0x00: eax=0x"
cp "$TMP/out" "$TMP/host.cfg"

# The output is a config: show and convert read it; converting it gives the
# same CPUID lines.
run 0 "$CERTIFY" cpuid show "$TMP/host.cfg"
out_has "vendor: "
run 0 "$CERTIFY" cpuid convert "$TMP/host.cfg" --to config
grep -v '^#' "$TMP/host.cfg" >"$TMP/a"
grep -v '^#' "$TMP/out" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" || fail "host config does not convert to itself"

# -o writes the file whole.
run 0 "$CERTIFY" host -o "$TMP/written.cfg"
out_empty
grep -q '^0x00000001 0x00: ' "$TMP/written.cfg" || fail "-o file lacks leaf 1"

run 2 "$CERTIFY" host extra
err_has "unexpected argument 'extra'"
run 4 "$CERTIFY" host -o "$TMP/no/such/dir/x.cfg"
err_has "cannot create a temporary file"
done_ok
