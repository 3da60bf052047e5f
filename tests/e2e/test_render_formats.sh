#!/bin/sh
# reports/render_*.c through `certify check --format md|html|junit|sarif`
# (and the report additions to text and json): each rendering of real
# checks (TDX accepted with changes and rejected, SNP through QEMU) is
# parsed by a reader that does not share certify's code: Python's
# xml.etree for JUnit (research/reports.md §5.1), json for SARIF 2.1.0
# (§5.2), html.parser for the HTML page; and is the same bytes twice.
. tests/e2e/lib.sh
HOST=embedded:intel-xeon-6788p
TDX_OK="--platform tdx --config embedded:tdx-example --host $HOST"
SNP_OK="--platform snp --vmm qemu --config embedded:amd-epyc-9334 --host embedded:amd-epyc-9334"

# x2APIC (1.ECX[21]) is not configurable: the module rejects the request.
cat >"$TMP/x2apic.cfg" <<'CFG'
0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00200000 edx=0x00000000
0x80000008 0x00: eax=0x00340000 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
CFG
TDX_BAD="--platform tdx --config $TMP/x2apic.cfg --host $HOST"

# Leaf 0 EAX above 0x10: the SEV firmware corrects the page and fails.
cat >"$TMP/snp-bad.cfg" <<'CFG'
0x00000000 0x00: eax=0x00000020 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x00000001 0x00: eax=0x00a10f11 ebx=0x00000800 ecx=0x00000000 edx=0x00000000
0x80000000 0x00: eax=0x8000001f ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
0x8000001f 0x00: eax=0x0000001a ebx=0x00000033 ecx=0x00000000 edx=0x00000000
CFG
SNP_BAD="--platform snp --config $TMP/snp-bad.cfg"

cat >"$TMP/check.py" <<'PY'
import sys, json, re, hashlib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

kind, path, want = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, "rb").read()
text = data.decode("utf-8")          # every rendering is UTF-8
VERDICTS = {"as-configured", "forced", "dropped", "rejected", "native",
            "runtime", "untrusted"}

def junit():
    root = ET.fromstring(data)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    ts = suites[0]
    assert re.fullmatch(r"certify/(tdx|snp)/[^/]+", ts.get("name")), ts.get("name")
    cases = ts.findall("testcase")
    fails = ts.findall("testcase/failure")
    for a in ("tests", "failures", "errors", "skipped", "time"):
        assert ts.get(a) is not None, a
    assert int(ts.get("tests")) == len(cases) == int(root.get("tests"))
    assert int(ts.get("failures")) == len(fails) == int(root.get("failures"))
    assert ts.get("errors") == "0" and ts.get("time") == "0"
    assert ts.get("timestamp") is None and ts.get("hostname") is None
    assert cases[0].get("name") == "outcome"
    names = set()
    for c in cases:
        assert c.get("classname") and c.get("time") == "0"
        key = (c.get("classname"), c.get("name"))
        assert key not in names, key          # GitLab keeps only the first
        names.add(key)
        for f in c.findall("failure"):
            assert f.get("type") and f.get("message") is not None
    outcome_failed = cases[0].find("failure") is not None
    assert outcome_failed == (want == "rejected"), (outcome_failed, want)
    rejected = [c for c in cases[1:] if c.find("failure") is not None]
    if want == "rejected":
        assert rejected, "no rejected finding fails"
    return len(cases), len(fails)

def sarif():
    d = json.loads(text)
    assert d["version"] == "2.1.0"
    assert d["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(d["runs"]) == 1
    run = d["runs"][0]
    drv = run["tool"]["driver"]
    assert drv["name"] == "certify" and drv["version"]
    ids = [r["id"] for r in drv["rules"]]
    assert ids == sorted(set(ids)), "rules unique and sorted"
    for r in drv["rules"]:
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("note", "warning", "error")
    arts = run["artifacts"]
    for a in arts:
        assert re.fullmatch(r"[0-9a-f]{64}", a["hashes"]["sha-256"])
        assert re.fullmatch(r"[A-Za-z0-9._~%-]+", a["location"]["uri"])
    fps = set()
    for res in run["results"]:
        assert res["ruleId"] in ids, res["ruleId"]
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("note", "warning", "error")
        assert res["message"]["text"]
        fp = res["partialFingerprints"]["certifyFinding/v1"]
        assert re.fullmatch(r"[0-9a-f]{64}", fp) and fp not in fps
        fps.add(fp)
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert arts[loc["index"]]["location"]["uri"] == loc["uri"]
        assert "analysisTarget" in arts[loc["index"]]["roles"]
        if res["ruleId"] != "certify/outcome":
            p = res["properties"]
            want_level = {"rejected": "error", "forced": "warning",
                          "dropped": "warning", "runtime": "note",
                          "untrusted": "note"}[p["verdict"]]
            assert res["level"] == want_level
            sub = "-" if p["subleaf"] is None else p["subleaf"]
            s = "%s|%s|%s|%s|%d" % (res["ruleId"], p["leaf"], sub,
                                    p["reg"], p["bit"])
            if int(p["xcr0_in"], 16) or int(p["xss_in"], 16):
                s += "|%s|%s" % (hex(int(p["xcr0_in"], 16)),
                                 hex(int(p["xss_in"], 16)))
            assert hashlib.sha256(s.encode()).hexdigest() == fp, s
    outcome = [r for r in run["results"] if r["ruleId"] == "certify/outcome"]
    assert len(outcome) == (want == "rejected")
    assert run["properties"]["outcome"] == want
    return len(drv["rules"]), len(run["results"])

class Page(HTMLParser):
    VOID = {"meta", "br"}
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.rows, self.row, self.titled = [], 0, None, 0
        self.legend, self.cls = set(), {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "action", "srcset", "data"):
            assert k not in a, (tag, k, a[k])
        assert tag not in ("script", "link", "iframe", "img", "object",
                           "embed", "base"), tag
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "tr" and a.get("class") == "reg":
            self.row = 0
        if tag == "td" and self.row is not None:
            self.row += 1
            assert a.get("title"), "grid cell without title"
            v = a["class"].split()[0]
            assert v[2:] in VERDICTS | {"none"}, v
            self.cls[v] = self.cls.get(v, 0) + 1
        if tag == "span" and a.get("class", "").startswith("v-"):
            self.legend.add(a["class"][2:])
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()
        if tag == "tr" and self.row is not None:
            assert self.row == 32, self.row
            self.rows += 1
            self.row = None

def html():
    assert text.startswith("<!DOCTYPE html>\n")
    assert "url(" not in text and "@import" not in text
    p = Page()
    p.feed(text)
    p.close()
    assert not p.stack, p.stack
    assert p.rows and p.rows % 4 == 0
    assert p.legend == VERDICTS | {"none"}, p.legend
    if want == "rejected":
        assert "v-rejected" in p.cls, p.cls
    elif want == "accepted-with-changes":
        assert "v-forced" in p.cls or "v-dropped" in p.cls, p.cls
    return p.rows, sum(p.cls.values())

def md():
    lines = text.split("\n")
    assert re.fullmatch(r"## certify: (tdx|snp), rule set \S+: (ACCEPTED|ACCEPTED WITH CHANGES|REJECTED) \((certified|not certified[^)]*)\)", lines[0]), lines[0]
    assert {"rejected": "REJECTED", "accepted-with-changes": "ACCEPTED WITH CHANGES"}.get(want, "ACCEPTED") + " (" in lines[0]
    cols = None
    rows = 0
    for l in lines:
        if not l.startswith("|"):
            cols = None
            continue
        n = len(re.findall(r"(?<!\\)\|", l))
        if cols is None:
            cols = n
        assert n == cols, (n, cols, l)
        rows += 1
    assert "### Findings" in text and "### Inputs" in text
    assert re.search(r"\| config \| [^|]+ \| \d+ \| `[0-9a-f]{64}` \|", text)
    return rows, 0

n = {"junit": junit, "sarif": sarif, "html": html, "md": md}[kind]()
print(kind, want, n)
PY

# check CASE WANT-STATUS WANT-OUTCOME FORMAT: renders, validates, and
# renders again: the same bytes.
check() {
	args=$1 status=$2 outcome=$3 fmt=$4
	# shellcheck disable=SC2086
	run "$status" "$CERTIFY" check $args --format "$fmt"
	[ -s "$TMP/out" ] || fail "$fmt: nothing written"
	cp "$TMP/out" "$TMP/first.$fmt"
	python3 "$TMP/check.py" "$fmt" "$TMP/first.$fmt" "$outcome" >"$TMP/py" 2>&1 ||
		fail "$fmt ($args): $(cat "$TMP/py")"
	# shellcheck disable=SC2086
	LC_ALL=C run "$status" "$CERTIFY" check $args --format "$fmt"
	cmp -s "$TMP/out" "$TMP/first.$fmt" || fail "$fmt: not deterministic"
}

for fmt in md html junit sarif; do
	check "$TDX_OK" 0 accepted-with-changes "$fmt"
	check "$TDX_BAD" 1 rejected "$fmt"
	check "$SNP_OK" 0 accepted-with-changes "$fmt"
	check "$SNP_BAD" 1 rejected "$fmt"
done

# --strict: the outcome test case fails, SARIF has the outcome error.
run 1 "$CERTIFY" check $TDX_OK --strict --format junit
out_has '<failure type="accepted-with-changes" message="accepted-with-changes: 0x0 TDX_SUCCESS (tdx-module); not certified: strict">'
run 1 "$CERTIFY" check $TDX_OK --strict --format sarif
out_has '"ruleId": "certify/outcome"'
run 1 "$CERTIFY" check $TDX_OK --strict --format md
out_has ': ACCEPTED WITH CHANGES (not certified: strict)'

# What the renderings say about the rejected request.
run 1 "$CERTIFY" check $TDX_BAD --format md
out_has '## certify: tdx, rule set tdx-2.0.18: REJECTED (not certified)'
out_has '| rejected | `0x00000001 ecx[21]` | x2apic | 1 | 1 | native+verified1 |'
out_has '| config | x2apic.cfg | '
run 1 "$CERTIFY" check $TDX_BAD --format junit
out_has '<testcase classname="tdx-2.0.18" name="0x00000001 ecx[21] x2apic" time="0">'
run 1 "$CERTIFY" check $TDX_BAD --format sarif
out_has '"uri": "x2apic.cfg"'
run 1 "$CERTIFY" check $TDX_BAD --format html
out_has '<td class="o-rejected">rejected (not certified)</td>'
out_has '<td class="v-rejected" title="0x00000001 ecx[21] x2apic: 1 -&gt; 1, rejected, native+verified1, tdx-module '

# certify check predicts from the model: each rendering says so, with no
# platform fact (those come from certify probe, on hardware).
run 1 "$CERTIFY" check $TDX_BAD
out_has "certify check: platform tdx, rule set tdx-2.0.18"
grep -q "observed on hardware" "$TMP/out" && fail "text: a model's result observed"
run 1 "$CERTIFY" check $TDX_BAD --format md
out_has '- Observed: model'
grep -q -- '- Fact: ' "$TMP/out" && fail "md: a model's result has facts"
run 1 "$CERTIFY" check $TDX_BAD --format html
out_has '<tr><th>Observed</th><td>model</td></tr>'
grep -q '<th>Fact</th>' "$TMP/out" && fail "html: a model's result has facts"
run 1 "$CERTIFY" check $TDX_BAD --format junit
out_has '<property name="observed" value="model"/>'
grep -q 'name="fact\.' "$TMP/out" && fail "junit: a model's result has facts"
run 1 "$CERTIFY" check $TDX_BAD --format sarif
python3 - "$TMP/out" <<'PY' || fail "SARIF observed"
import json, sys
p = json.load(open(sys.argv[1]))["runs"][0]["properties"]
assert p["observed"] == "model" and p["facts"] == {}, p
PY

# The corrected page entry, in Markdown and HTML.
run 1 "$CERTIFY" check $SNP_BAD --format md
out_has '| 0 | `0x00000000 0x00` | eax | `0x00000020` | `0x00000010` | lookup\_table\[0\].eax |'
run 1 "$CERTIFY" check $SNP_BAD --format html
out_has '<tr><td>0</td><td><code>0x00000000 0x00</code></td><td>eax</td><td><code>0x00000020</code></td><td><code>0x00000010</code></td><td>lookup_table[0].eax</td>'

# Text and JSON carry what the report records.
run 1 "$CERTIFY" check $TDX_BAD
out_has "outcome: rejected"
out_has "report:"
out_has "  input: config x2apic.cfg sha256 $(sha256sum <"$TMP/x2apic.cfg" | cut -d' ' -f1) ($(wc -c <"$TMP/x2apic.cfg" | tr -d ' ') bytes)"
run 1 "$CERTIFY" check $TDX_BAD --format json
python3 - "$TMP/out" "$TMP/x2apic.cfg" <<'PY' || fail "JSON report object"
import json, sys, hashlib
d = json.load(open(sys.argv[1]))
rep = d["report"]
assert list(d)[-1] == "report" and d["format"] == "certify-check/2"
# certify check predicts: observed "model", no facts, right after "kvm".
keys = list(d)
assert keys[keys.index("kvm") + 1:keys.index("kvm") + 3] == \
    ["observed", "facts"], keys
assert d["observed"] == "model" and d["facts"] == {}, (d["observed"],
                                                        d["facts"])
assert rep["tool"] == "certify" and rep["version"]
assert len(rep["ruleset_sha256"]) == 64
cfg = open(sys.argv[2], "rb").read()
ins = {i["role"]: i for i in rep["inputs"]}
assert ins["config"] == {"role": "config", "name": "x2apic.cfg",
    "sha256": hashlib.sha256(cfg).hexdigest(), "size": len(cfg)}, ins
assert rep["iat"] is None and rep["signature"] is None
PY
SOURCE_DATE_EPOCH=1700000000 run 1 "$CERTIFY" check $TDX_BAD --format json
out_has '"iat": 1700000000,'
SOURCE_DATE_EPOCH=1700000000 run 1 "$CERTIFY" check $TDX_BAD
out_has "  iat: 1700000000 (2023-11-14T22:13:20Z)"

run 2 "$CERTIFY" check $TDX_OK --format xml
out_empty
done_ok
