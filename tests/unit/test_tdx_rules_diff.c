// SPDX-License-Identifier: MIT
/*
 * certify rules diff for TDX (tdx/tdx_rules_diff.c), against the version
 * deltas of research/tdx.md §2.7: from 1.5.06 to 1.5.34 leaves 6 and
 * 0x80000006 stop faulting, 0x18.0-8 and 0x19 become configurable, and
 * 1.EDX MCE/MTRR/MCA become allow-direct.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "tdx/tdx_rules_diff.h"

static char *diff(const char *a, const char *b)
{
	struct strbuf out = STRBUF_INIT;
	struct ruleset ra, rb;
	struct diag d;
	char *text;

	if (ruleset_load_embedded(a, &ra, &d) ||
	    ruleset_load_embedded(b, &rb, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(tdx_rules_diff(&ra, &rb, &out, &d), 0);
	text = strdup(strbuf_str(&out));
	strbuf_release(&out);
	ruleset_release(&ra);
	ruleset_release(&rb);
	return text;
}

static void has(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("missing \"%s\"", what);
}

static void test_1506_to_1534(void **state)
{
	char *t = diff("tdx-1.5.06", "tdx-1.5.34");

	(void)state;
	has(t, "tdx-1.5.06 -> tdx-1.5.34\n");
	/* td_cpuid.c: leaf 6 still faults until REDUCE_VE (§2.6). */
	has(t, "    0x00000006 -: faulting (#VE) -> in the table "
	       "(stops raising #VE once the guest sets TD_CTLS.REDUCE_VE)\n");
	has(t, "    0x80000006 -: faulting (#VE) -> in the table "
	       "(stops raising #VE)\n");
	has(t, "  + 0x00000018 0x00: not in the table -> configurable "
	       "(TD_PARAMS slot 19)\n");
	has(t, "    0x00000019 -: in the table -> configurable "
	       "(TD_PARAMS slot 18)\n");
	has(t, "  0x00000001 - edx[7] mce: native+verified1 -> "
	       "allow-direct+verified1\n");
	has(t, "  0x00000001 - edx[12] mtrr: native+verified1 -> "
	       "allow-direct+verified1\n");
	has(t, "  0x00000001 - edx[14] mca: native+verified1 -> "
	       "allow-direct+verified1\n");
	has(t, "  + FEATURE_PARAVIRT_CTLS: ");
	has(t, "  config_flags_fixed0: 0xf -> 0x9f\n");
	free(t);
}

/* §2.7: 2.0.18 adds the AMX gate on 7.1.EAX[21] (XFAM 17, 18). */
static void test_1534_to_2018(void **state)
{
	char *t = diff("tdx-1.5.34", "tdx-2.0.18");
	const char *line, *next;

	(void)state;
	has(t, "  + 0x00000007 0x01 eax 0x00200000 cleared unless XFAM[17]\n");
	has(t, "  + 0x00000007 0x01 eax 0x00200000 cleared unless XFAM[18]\n");
	free(t);
	/* A rule set compared with itself: no section at all. */
	t = diff("tdx-2.0.18", "tdx-2.0.18");
	assert_string_equal(t, "tdx-2.0.18 -> tdx-2.0.18\nno differences\n");
	free(t);
	/* Only sections with changes are printed: every title line
	 * (unindented, ending in ':') is followed by an indented line. */
	t = diff("tdx-1.5.34", "tdx-2.0.18");
	for (line = strchr(t, '\n') + 1; *line; line = next + 1) {
		next = strchr(line, '\n');
		assert_non_null(next);
		if (line[0] != ' ') {
			assert_int_equal(next[-1], ':');
			assert_int_equal(next[1], ' ');
		}
	}
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_1506_to_1534),
		cmocka_unit_test(test_1534_to_2018),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
