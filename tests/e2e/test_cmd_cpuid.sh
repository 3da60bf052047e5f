#!/bin/sh
# certify/cli/cmd_cpuid.c: show and convert on the fixtures, standard input,
# and the bad-input contract (file:line, exit 3, no output).
. tests/e2e/lib.sh
D=$CERTIFY_TESTDATA

run 0 "$CERTIFY" cpuid show "$D/aida64/local-2cpu.txt"
out_has "source: $D/aida64/local-2cpu.txt (aida64, CPU 0)"
out_has "signature: 0x00b00f21 (family 0x1a, model 0x2, stepping 1)"
run 0 "$CERTIFY" cpuid show --cpu 1 "$D/cpuid-r/local-2cpu.txt"
out_has "(cpuid -r, CPU 1)"
out_has "  ebx 0x01020800 brand_id=0 clflush_size=8 n_logical_cpu=2 local_apic_id=1"

# Standard input, and --from to force a format.
run 0 sh -c "\"$CERTIFY\" cpuid show - < \"$D/libvirt/local.xml\""
out_has "source: <stdin> (libvirt)"
run 3 sh -c "\"$CERTIFY\" cpuid show --from config - < \"$D/libvirt/local.xml\""
err_has "<stdin>:1: unrecognised line"

# convert: the same set from every format.
run 0 "$CERTIFY" cpuid convert "$D/cpuid-r/local-2cpu.txt" --to config
grep -v '^#' "$TMP/out" >"$TMP/from-cpuid-r"
run 0 "$CERTIFY" cpuid convert "$D/aida64/local-2cpu.txt" --to config -o "$TMP/from-aida"
out_empty
grep -v '^#' "$TMP/from-aida" >"$TMP/from-aida.body"
cmp -s "$TMP/from-cpuid-r" "$TMP/from-aida.body" || fail "aida64 and cpuid -r convert differently"
run 0 "$CERTIFY" cpuid convert "$D/libvirt/local.xml" --to config
grep -v '^#' "$TMP/out" >"$TMP/from-libvirt"
cmp -s "$TMP/from-cpuid-r" "$TMP/from-libvirt" || fail "libvirt and cpuid -r convert differently"
# Converting a converted config changes nothing but the comment.
run 0 "$CERTIFY" cpuid convert "$TMP/from-aida" --to config
grep -v '^#' "$TMP/out" >"$TMP/again"
cmp -s "$TMP/from-cpuid-r" "$TMP/again" || fail "convert is not stable"

# Usage errors: exit 2.
run 2 "$CERTIFY" cpuid
run 2 "$CERTIFY" cpuid dance x
run 2 "$CERTIFY" cpuid convert "$D/libvirt/local.xml"
err_has "convert needs --to config"
run 2 "$CERTIFY" cpuid convert "$D/libvirt/local.xml" --to json
run 2 "$CERTIFY" cpuid show
err_has "no DUMP given"
run 2 "$CERTIFY" cpuid show --cpu x "$D/libvirt/local.xml"
run 2 "$CERTIFY" cpuid show --from xml "$D/libvirt/local.xml"

# Bad input: file:line, exit 3, nothing on stdout, no output file.
printf '0x00000001 0x00: eax=0x1 ebx=0x2\n' >"$TMP/trunc.cfg"
run 3 "$CERTIFY" cpuid convert "$TMP/trunc.cfg" --to config -o "$TMP/never.cfg"
err_is "$TMP/trunc.cfg:1: truncated line: expected 'ecx=0x...'"
out_empty
[ ! -e "$TMP/never.cfg" ] || fail "a failed convert wrote its output"
: >"$TMP/empty.cfg"
run 3 "$CERTIFY" cpuid show "$TMP/empty.cfg"
err_is "$TMP/empty.cfg:1: empty file"
out_empty
head -c 3000 /dev/urandom >"$TMP/garbage.bin" 2>/dev/null ||
	printf '\001\002\003\377' >"$TMP/garbage.bin"
printf '\000' >>"$TMP/garbage.bin"
run 3 "$CERTIFY" cpuid show "$TMP/garbage.bin"
err_has "$TMP/garbage.bin:"
out_empty
run 3 "$CERTIFY" cpuid show "$TMP/does-not-exist"
err_is "$TMP/does-not-exist: cannot open: No such file or directory"
run 3 "$CERTIFY" cpuid show --cpu 7 "$D/aida64/local-2cpu.txt"
err_is "$D/aida64/local-2cpu.txt: no 'CPUID Registers / Logical CPU #7' section"
done_ok
