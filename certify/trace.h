/* SPDX-License-Identifier: MIT */
/*
 * The per-bit account a pipeline keeps while it runs: for every bit it
 * touches, the rule class, the layer and rule that decided it, the rule's
 * source and a note.  Notes have a strength:
 *
 *   NOTE_CLASS   the rule that governs the bit; the value passed through
 *   NOTE_CHANGE  the layer changed the value it was given
 *   NOTE_FINAL   the verdict is settled: runtime, untrusted
 *   NOTE_REJECT  the request makes launch fail; nothing overrides it
 *
 * A note never replaces a stronger one; an equal one replaces it, so the
 * last layer that changed a bit speaks for it.  At the end the notes become
 * findings (check.h), one per bit or one per multi-bit field of the feature
 * table, and the verdict of every bit whose note is not final is decided by
 * comparing what the user requested with what the guest sees: the layers
 * in between may have changed it back and forth.
 */
#ifndef CERTIFY_TRACE_H
#define CERTIFY_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "cpuid_set.h"

enum note_strength {
	NOTE_CLASS = 1,
	NOTE_CHANGE = 2,
	NOTE_FINAL = 3,
	NOTE_REJECT = 4,
};

struct bit_note {
	bool set;
	enum note_strength strength;
	enum verdict verdict;		/* used as is only when final */
	bool host_value;		/* the value is the host's: native */
	const char *class;
	const char *layer;
	const char *rule;
	const char *source;
	const char *note;
};

struct trace_entry {
	struct cpuid_entry key;		/* leaf, sub-leaf, xcr0/xss only */
	struct bit_note bits[CPUID_NR_REGS][32];
};

struct trace {
	struct trace_entry *entries;
	size_t n;
	size_t cap;
	bool failed;
};

void trace_init(struct trace *t);
void trace_release(struct trace *t);
/* Notes @n for the bits of @mask in register @reg of the entry @key. */
void trace_note(struct trace *t, const struct cpuid_entry *key,
		unsigned int reg, uint32_t mask, const struct bit_note *n);
/* The note of one bit, or NULL. */
const struct bit_note *trace_get(const struct trace *t,
				 const struct cpuid_entry *key,
				 unsigned int reg, unsigned int bit);
/*
 * Words for a finding whose note has none: called with the verdict decided.
 */
typedef const char *(*trace_explain_fn)(const struct finding *f, void *ctx);

/*
 * Makes the findings of @r: every bit of every entry of @requested, of @r's
 * final set and of the trace.  Requested values come from @requested
 * (absent: the finding has none, and 0 is what is compared), final values
 * from r->final.  Unless a note is final, the verdict is: native when the
 * final value is unknown or the host's, as-configured when it equals the
 * request, dropped when a requested 1 became 0, forced otherwise.
 */
int trace_to_findings(const struct trace *t,
		      const struct cpuid_set *requested,
		      struct check_result *r, trace_explain_fn explain,
		      void *ctx);

#endif
