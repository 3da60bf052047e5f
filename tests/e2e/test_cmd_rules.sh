#!/bin/sh
# certify/cli/cmd_rules.c: list, show and diff the embedded rule sets and
# rule-set files.  Expected differences: research/tdx.md and the tables in
# ../shared/data/tdx/ (1.5.06 -> 1.5.34: leaves 6 and 0x80000006 are in the
# table; 1.EDX MCE/MTRR/MCA become allow-direct).
. tests/e2e/lib.sh

# list: NAME PLATFORM SOURCE, one per embedded rule set, oldest first.
run 0 "$CERTIFY" rules list
for v in 1.0.00 1.0.3 1.5.01 1.5.05 1.5.06 1.5.34 2.0.18; do
	grep -q "^tdx-$v  *tdx  *[^ ]*tdx-module@[0-9a-f]\{40\} " "$TMP/out" ||
		fail "rules list lacks tdx-$v with its source commit"
done
[ "$(awk '{ print $1 }' "$TMP/out" | grep -c '^tdx-')" -eq 7 ] ||
	fail "expected 7 TDX rule sets"
grep -q '^tdx-2.0.18 .*intel/tdx-module@e69a4391305e993a7c646eb5eee15f2c47a649c4' \
	"$TMP/out" || fail "2.0.18's source commit"

# show: the embedded bytes, which are the committed file's bytes.
run 0 "$CERTIFY" rules show tdx-1.5.06
if [ -f models/tdx/tdx-1.5.06.rules ]; then
	cmp -s "$TMP/out" models/tdx/tdx-1.5.06.rules ||
		fail "rules show differs from models/tdx/tdx-1.5.06.rules"
fi
out_has "ruleset tdx-1.5.06"
out_has "platform tdx"
cp "$TMP/out" "$TMP/copy.rules"
# A file is shown too (a name with '/' or '.' is a file).
run 0 "$CERTIFY" rules show "$TMP/copy.rules"
cmp -s "$TMP/out" "$TMP/copy.rules" || fail "file not shown as read"

# diff 1.5.06 -> 1.5.34.
run 0 "$CERTIFY" rules diff tdx-1.5.06 tdx-1.5.34
out_has "tdx-1.5.06 -> tdx-1.5.34"
out_has "0x00000006 -: faulting (#VE) -> in the table (stops raising #VE once the guest sets TD_CTLS.REDUCE_VE)"
out_has "0x80000006 -: faulting (#VE) -> in the table (stops raising #VE)"
out_has "0x00000001 - edx[7] mce: native+verified1 -> allow-direct+verified1"
out_has "0x00000001 - edx[12] mtrr: native+verified1 -> allow-direct+verified1"
out_has "0x00000001 - edx[14] mca: native+verified1 -> allow-direct+verified1"
out_has "config_flags_fixed0: 0xf -> 0x9f"
# Backwards: the same changes, reversed.
run 0 "$CERTIFY" rules diff tdx-1.5.34 tdx-1.5.06
out_has "0x00000001 - edx[7] mce: allow-direct+verified1 -> native+verified1"
# Equal rule sets.
run 0 "$CERTIFY" rules diff tdx-1.5.06 "$TMP/copy.rules"
out_has "no differences"

# Errors: unknown names (exit 3), bad files with file:line (exit 3), rule
# sets of another platform (exit 2: they cannot be compared), usage (2).
run 3 "$CERTIFY" rules show tdx-9.9.9
err_has "tdx-9.9.9: no such rule set or file"
run 3 "$CERTIFY" rules diff tdx-1.5.06 tdx-9.9.9
sed 's/^platform tdx$/platform vax/' "$TMP/copy.rules" >"$TMP/vax.rules"
run 3 "$CERTIFY" rules show "$TMP/vax.rules"
line=$(grep -n '^platform vax$' "$TMP/vax.rules" | cut -d: -f1)
err_has "$TMP/vax.rules:$line: unknown platform 'vax'"
sed "s/^\\(bits 0x00000001 - ecx 3\\) .*/\\1 sideways/" "$TMP/copy.rules" \
	>"$TMP/badclass.rules"
cmp -s "$TMP/badclass.rules" "$TMP/copy.rules" && fail "sed did not edit"
run 3 "$CERTIFY" rules show "$TMP/badclass.rules"
err_has "$TMP/badclass.rules:"
printf 'ruleset x\nplatform tdx\nversion 1\n' >"$TMP/nosource.rules"
run 3 "$CERTIFY" rules show "$TMP/nosource.rules"
err_has "'source'"
run 3 "$CERTIFY" rules show "$TMP/none.rules"
run 2 "$CERTIFY" rules
run 2 "$CERTIFY" rules frobnicate
run 2 "$CERTIFY" rules diff tdx-1.5.06
run 0 "$CERTIFY" rules --help
out_has "usage: certify rules list"
done_ok
