#!/bin/sh
# certify/cli/cli_io.c: reading inputs and writing outputs for every
# subcommand: whole outputs only, errors as file:line, exit codes.
. tests/e2e/lib.sh
D=$CERTIFY_TESTDATA

# An output that cannot be written is an environment error (4), and the old
# file stays as it was.
echo "old" >"$TMP/keep.cfg"
chmod 0500 "$TMP"
if [ "$(id -u)" -ne 0 ]; then
	run 4 "$CERTIFY" cpuid convert "$D/libvirt/local.xml" --to config -o "$TMP/keep.cfg"
	[ "$(cat "$TMP/keep.cfg")" = old ] || fail "failed write changed the file"
fi
chmod 0700 "$TMP"
run 4 "$CERTIFY" cpuid convert "$D/libvirt/local.xml" --to config -o /proc/version
[ "$(cat "$TMP/keep.cfg")" = old ] || fail "keep.cfg changed"

# Directories are not inputs.
run 3 "$CERTIFY" cpuid show "$D"
err_is "$D: cannot read: Is a directory"

# An error on the last line of a long input still names the line.
{
	cat "$D/cpuid-r/local-2cpu.txt"
	printf '   0x00000000 0x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n'
} >"$TMP/dup.txt"
run 3 "$CERTIFY" cpuid show --cpu 1 "$TMP/dup.txt"
err_is "$TMP/dup.txt:41: duplicate entry for leaf 0x00000000 sub-leaf 0x0 (first at line 22)"
done_ok
