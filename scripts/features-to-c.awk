# Turns models/cpuid-features.txt into a C header: one CPUID_FEATURE_<id> or
# CPUID_FIELD_<id> value per line of the data, and the X-macro list that
# certify/feature_table.c builds its table from.  A malformed line stops the build
# with file:line.
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
	regs["eax"] = "CPUID_REG_EAX"; regs["ebx"] = "CPUID_REG_EBX"
	regs["ecx"] = "CPUID_REG_ECX"; regs["edx"] = "CPUID_REG_EDX"
	print "/* Generated from models/cpuid-features.txt by scripts/features-to-c.awk. */"
	print "#ifndef CERTIFY_CPUID_FEATURES_GEN_H"
	print "#define CERTIFY_CPUID_FEATURES_GEN_H"
	print ""
	n = 0
}
/^[ \t]*(#|$)/ { next }
{
	if (NF < 9)
		fail("expected 9 columns, got " NF)
	id = $1; leaf = $2; sub_ = $3; reg = $4; bits = $5
	if (id !~ /^[A-Z0-9_]+$/)
		fail("bad id '" id "'")
	if (id in seen)
		fail("duplicate id '" id "'")
	seen[id] = 1
	if (leaf !~ /^0x[0-9a-f]+$/ || length(leaf) != 10)
		fail("bad leaf '" leaf "'")
	if (sub_ ~ /^[0-9]+$/) {
		first = sub_; last = sub_
	} else if (sub_ ~ /^[0-9]+-[0-9]+$/) {
		split(sub_, r, "-"); first = r[1]; last = r[2]
	} else {
		fail("bad sub-leaf '" sub_ "'")
	}
	if (!(reg in regs))
		fail("bad register '" reg "'")
	if (bits ~ /^[0-9]+$/) {
		hi = bits; lo = bits
	} else if (bits ~ /^[0-9]+:[0-9]+$/) {
		split(bits, r, ":"); hi = r[1]; lo = r[2]
	} else {
		fail("bad bits '" bits "'")
	}
	if (hi + 0 > 31 || lo + 0 > hi + 0)
		fail("bits out of range '" bits "'")
	desc = $0
	for (i = 1; i <= 8; i++)
		sub(/^[ \t]*[^ \t]+/, "", desc)
	sub(/^[ \t]+/, "", desc)
	width = hi - lo + 1
	kind = width == 1 ? "FEATURE" : "FIELD"
	printf("#define CPUID_%s_%s CPUID_FIELD(%su, %du, %s, %d, %d)\n",
	       kind, id, leaf, first, regs[reg], lo, width)
	row[n++] = sprintf("\tX(%s, %su, %du, %du, %s, %d, %d, %s, %s, %s, %s)",
			   id, leaf, first, last, regs[reg], lo, width,
			   cstr($6), cstr($7 == "-" ? "" : $7),
			   cstr($8 == "-" ? "" : $8), cstr(desc))
}
END {
	if (failed)
		exit 1
	if (n == 0) {
		printf("%s: no features\n", FILENAME) > "/dev/stderr"
		exit 1
	}
	print ""
	print "/* X(id, leaf, subleaf_first, subleaf_last, reg, bit, width, name, db_name, qemu_name, description) */"
	print "#define CPUID_FEATURE_TABLE(X) \\"
	for (i = 0; i < n; i++)
		print row[i] (i < n - 1 ? " \\" : "")
	print ""
	print "#endif"
}
