# Helpers for the end-to-end tests of the certify program.
# Each test script sources this, runs `certify`, and checks exit status and
# output.  $CERTIFY is the program under test (tests/run sets it).
set -u
: "${CERTIFY:?set CERTIFY to the certify binary}"
: "${CERTIFY_TESTDATA:=tests/data}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
checks=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# run STATUS CMD...: runs CMD with stdout in $TMP/out, stderr in $TMP/err and
# fails unless it exits with STATUS.
run() {
	want=$1
	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	checks=$((checks + 1))
	[ "$got" -eq "$want" ] ||
		fail "'$*' exited $got, expected $want; stderr: $(cat "$TMP/err")"
}

# out_has TEXT / err_has TEXT / out_lacks TEXT: fixed-string checks.
out_has() {
	grep -qF -- "$1" "$TMP/out" || fail "stdout lacks '$1': $(head -c 2000 "$TMP/out")"
}
err_is() {
	[ "$(cat "$TMP/err")" = "$1" ] || fail "stderr is '$(cat "$TMP/err")', expected '$1'"
}
err_has() {
	grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1': $(cat "$TMP/err")"
}
out_empty() {
	[ ! -s "$TMP/out" ] || fail "stdout not empty: $(head -c 500 "$TMP/out")"
}

done_ok() {
	echo "ok: $checks checks"
}
