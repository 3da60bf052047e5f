# certify: predicts what the TDX module, the SEV-SNP firmware and KVM do with
# a confidential VM's CPUID configuration.  See README.md.
#
# Targets: all (default), check, demo, fuzz, bench, install, clean.
# Variables: CC, CFLAGS, LDFLAGS, PREFIX, DESTDIR, B (build directory),
# SAN_CC (compiler of the sanitizer pass of `make check`), FUZZ_SECONDS.

VERSION := 0.1.0

PREFIX ?= /usr/local
DESTDIR ?=
CFLAGS ?= -O2 -g
LDFLAGS ?=
B ?= build
PKG_CONFIG ?= pkg-config
AWK ?= awk
SAN_CC ?= clang
SAN_CFLAGS ?= -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	      -fno-omit-frame-pointer
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
# The shared research corpus, used by tests when it is present.
CERTIFY_CORPUS ?= $(abspath ../shared/corpus)

# Quiet build lines as in the kernel; V=1 shows the commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n'
endif

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	    -Wmissing-prototypes -Wpointer-arith -Wvla -Wformat=2
ALL_CPPFLAGS := -std=gnu11 -D_GNU_SOURCE -DCERTIFY_VERSION='"$(VERSION)"' \
		-I$(B)/gen -I. $(CPPFLAGS)
ALL_CFLAGS := $(WARNINGS) $(CFLAGS)

# Dependencies come from pkg-config; quietly empty before scripts/deps ran.
PKGS := openssl libcbor
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

LIB_SRCS := $(sort $(wildcard certify/*.c kvm/*.c tdx/*.c snp/*.c reports/*.c))
CLI_SRCS := $(sort $(wildcard certify/cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_SUPPORT := tests/unit/testlib.c $(sort $(wildcard tests/unit/fake_*.c))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRCS := $(sort $(wildcard tests/bench/bench_*.c))

LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(B)/obj/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
BENCH_BINS := $(BENCH_SRCS:tests/bench/%.c=$(B)/bench/%)
GEN := $(B)/gen/cpuid_features_gen.h $(B)/gen/cpuid_leaves_gen.h
RULE_FILES := $(sort $(wildcard models/*/*.rules))
INPUT_FILES := $(sort $(wildcard models/examples/*.cfg models/hosts/*.cfg))
GEN_SRCS := $(B)/gen/embedded_rules.c $(B)/gen/embedded_inputs.c
GEN_OBJS := $(GEN_SRCS:$(B)/gen/%.c=$(B)/obj/gen/%.o)

LIB := $(B)/libcertify.a
PROG := $(B)/certify
# The program's commands without main(), for the unit tests of certify/cli.
CLI_LIB := $(B)/libcertify-cli.a

.PHONY: all check test demo fuzz fuzz-build bench install clean \
	deps-build deps-test deps-fuzz
.DELETE_ON_ERROR:

all: $(PROG) $(LIB)

$(B)/gen/cpuid_features_gen.h: models/cpuid-features.txt scripts/features-to-c.awk
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)$(AWK) -f scripts/features-to-c.awk models/cpuid-features.txt > $@.tmp
	$(Q)mv $@.tmp $@

$(B)/gen/cpuid_leaves_gen.h: models/cpuid-leaves.txt scripts/leaves-to-c.awk
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)$(AWK) -f scripts/leaves-to-c.awk models/cpuid-leaves.txt > $@.tmp
	$(Q)mv $@.tmp $@

$(B)/gen/embedded_rules.c: $(RULE_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	$(say) EMBED $@
	$(Q)scripts/embed.sh $@ embedded_rulesets $(RULE_FILES)

$(B)/gen/embedded_inputs.c: $(INPUT_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	$(say) EMBED $@
	$(Q)scripts/embed.sh $@ embedded_inputs $(INPUT_FILES)

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.c | $(GEN)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS) $(GEN_OBJS)
	@mkdir -p $(@D)
	$(say) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(CLI_LIB): $(filter-out $(B)/obj/certify/cli/main.o,$(CLI_OBJS))
	@mkdir -p $(@D)
	$(say) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(PROG): $(CLI_OBJS) $(LIB)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(PKG_LIBS)

$(B)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(CLI_LIB) $(LIB) | $(GEN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(CMOCKA_CFLAGS) $(ALL_CFLAGS) \
		$(LDFLAGS) -o $@ $< $(TEST_SUPPORT) $(CLI_LIB) $(LIB) \
		$(CMOCKA_LIBS) $(PKG_LIBS)

$(B)/bench/%: tests/bench/%.c $(LIB) | $(GEN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) \
		$(PKG_LIBS)

$(B)/fuzz/%: tests/fuzz/%.c $(LIB) | $(GEN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) \
		-o $@ $< $(LIB) $(PKG_LIBS)

deps-build:
	@scripts/deps build
deps-test:
	@scripts/deps test
deps-fuzz:
	@scripts/deps fuzz

# One pass of the whole suite with the current CC and CFLAGS.
test: $(PROG) $(TEST_BINS)
	CERTIFY_CORPUS=$(CERTIFY_CORPUS) tests/run $(B)

# The suite twice: as built normally, and with clang under AddressSanitizer
# (with LeakSanitizer) and UndefinedBehaviorSanitizer.
check: deps-test
	$(MAKE) test
	$(MAKE) B=$(B)/san CC=$(SAN_CC) CFLAGS="$(SAN_CFLAGS)" \
		LDFLAGS="$(SAN_CFLAGS)" test

# The main job on embedded defaults: an example TD request checked against
# the newest TDX module on an embedded reference host, then the CPUID page
# QEMU builds for an SNP guest with `-cpu host` on an embedded Genoa host,
# checked against the Genoa SEV firmware, then a plain KVM guest's table
# through mainline KVM.
demo: deps-build $(PROG)
	@echo '$$ certify check --platform tdx --config embedded:tdx-example --host embedded:intel-xeon-6788p'
	@$(PROG) check --platform tdx --config embedded:tdx-example \
		--host embedded:intel-xeon-6788p
	@echo
	@echo '$$ certify check --platform snp --vmm qemu --config embedded:amd-epyc-9334 --host embedded:amd-epyc-9334'
	@$(PROG) check --platform snp --vmm qemu \
		--config embedded:amd-epyc-9334 --host embedded:amd-epyc-9334
	@echo
	@echo '$$ certify check --platform kvm --config embedded:amd-epyc-9334'
	@$(PROG) check --platform kvm --config embedded:amd-epyc-9334

fuzz-build: $(FUZZ_BINS)

# Every reader's fuzz target, each for FUZZ_SECONDS, from the test fixtures
# as seeds (copied, so that fuzzing never writes into the source tree).
fuzz: deps-fuzz
	$(MAKE) B=$(B)/fuzzing CC=$(FUZZ_CC) \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
		fuzz-build
	tests/fuzz/run $(B)/fuzzing $(FUZZ_SECONDS)

bench: deps-build $(BENCH_BINS)
	@for b in $(BENCH_BINS); do CERTIFY_CORPUS=$(CERTIFY_CORPUS) $$b || exit 1; done

install: $(PROG) $(LIB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include/certify
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/certify
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libcertify.a
	install -m 644 certify/*.h $(GEN) $(DESTDIR)$(PREFIX)/include/certify/
	install -d $(DESTDIR)$(PREFIX)/include/certify/tdx \
		$(DESTDIR)$(PREFIX)/include/certify/snp \
		$(DESTDIR)$(PREFIX)/include/certify/reports
	install -m 644 tdx/*.h $(DESTDIR)$(PREFIX)/include/certify/tdx/
	install -m 644 snp/*.h $(DESTDIR)$(PREFIX)/include/certify/snp/
	install -m 644 reports/*.h $(DESTDIR)$(PREFIX)/include/certify/reports/

clean:
	rm -rf $(B)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
