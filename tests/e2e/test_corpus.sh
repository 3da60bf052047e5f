#!/bin/sh
# Every `cpuid -r`, AIDA64 and libvirt dump of the shared corpus shows and
# converts, and the converted config shows the same decoded leaves.
# Skipped with a note when ../shared (or $CERTIFY_CORPUS) is absent.
. tests/e2e/lib.sh
DIR=${CERTIFY_CORPUS:-../shared/corpus}/cpuid-dumps
if [ ! -d "$DIR" ]; then
	echo "note: $DIR absent: corpus tests skipped"
	exit 0
fi

n=0
for f in "$DIR"/*-aida64.txt "$DIR"/*-cpudata.xml "$DIR"/*-cpuid-r.txt; do
	[ -f "$f" ] || continue
	run 0 "$CERTIFY" cpuid show "$f"
	out_has "vendor: "
	out_has "signature: 0x"
	sed -n '/^$/,$p' "$TMP/out" >"$TMP/show-dump"
	run 0 "$CERTIFY" cpuid convert "$f" --to config -o "$TMP/conv.cfg"
	run 0 "$CERTIFY" cpuid show "$TMP/conv.cfg"
	sed -n '/^$/,$p' "$TMP/out" >"$TMP/show-conv"
	cmp -s "$TMP/show-dump" "$TMP/show-conv" ||
		fail "$f: the converted config decodes differently"
	n=$((n + 1))
done
[ "$n" -ge 14 ] || fail "expected at least 14 corpus dumps, found $n"
echo "note: $n corpus dumps shown and converted"
done_ok
