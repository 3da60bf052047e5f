# Turns models/cpuid-leaves.txt into the X-macro list that certify/leaves.c
# builds its table from.  A malformed line stops the build with file:line.
function fail(msg) {
	printf("%s:%d: %s\n", FILENAME, FNR, msg) > "/dev/stderr"
	failed = 1
	exit 1
}
function cstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\?/, "\\?", s)
	return "\"" s "\""
}
BEGIN {
	print "/* Generated from models/cpuid-leaves.txt by scripts/leaves-to-c.awk. */"
	print "/* X(leaf, indexed, title) */"
	print "#define CPUID_LEAF_TABLE(X) \\"
	n = 0; prev = ""
}
/^[ \t]*(#|$)/ { next }
{
	if (NF < 4)
		fail("expected 4 columns, got " NF)
	if ($1 !~ /^0x[0-9a-f]+$/ || length($1) != 10)
		fail("bad leaf '" $1 "'")
	if ($2 != "yes" && $2 != "no")
		fail("indexed must be yes or no")
	if (($1 "") <= prev)
		fail("leaves must be sorted and unique")
	prev = $1 ""
	title = $0
	for (i = 1; i <= 3; i++)
		sub(/^[ \t]*[^ \t]+/, "", title)
	sub(/^[ \t]+/, "", title)
	row[n++] = sprintf("\tX(%su, %s, %s)", $1, $2 == "yes" ? "true" : "false", cstr(title))
}
END {
	if (failed)
		exit 1
	for (i = 0; i < n; i++)
		print row[i] (i < n - 1 ? " \\" : "")
	print ""
}
