# zona: build/zona and everything around it. `make run` and `make test` are all a newcomer needs.
VERSION   := 0.1.0
CC        ?= gcc
CLANG     ?= clang
BUILD     ?= build
PKGS      := libmicrohttpd jansson sqlite3 libpq libsodium liboath libqrencode xlsxwriter libzip expat \
             pangocairo cairo libmagic libcurl
WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla -Wimplicit-fallthrough
HARDEN    := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
OPT       ?= -O2 -g
ifdef CI
WERROR    := -Werror
endif
DEPS_OK   := $(shell scripts/deps.sh build >&2 && echo yes)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CFLAGS    += -std=c17 -D_GNU_SOURCE $(WARN) $(WERROR) $(OPT) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) \
             -DZONA_VERSION='"$(VERSION)"' -MMD -MP
LDFLAGS   += -pie -Wl,-z,relro,-z,now
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC   := $(sort $(wildcard src/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
EMBED     := $(sort $(shell find templates static data sql -type f ! -name '*~' 2>/dev/null))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
HTTP_SRC  := $(sort $(wildcard tests/http/test_*.c))
SUPPORT   := tests/support/client.c
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all run test bench bench-bins fuzz san lint format format-check clean deps unit-bins http-bins
all: $(BUILD)/zona

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gen/embed.c: $(BUILD)/tools/embed $(EMBED) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(EMBED)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HARDEN) -c -o $@ $<

$(BUILD)/obj/gen/embed.o: $(BUILD)/gen/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-overlength-strings $(HARDEN) -c -o $@ $<

$(BUILD)/libzona.a: $(LIB_OBJ) $(BUILD)/obj/gen/embed.o
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/zona: $(BUILD)/obj/src/main.o $(BUILD)/libzona.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# --- tests ---------------------------------------------------------------------------------------
TEST_LIBS := $(PKG_LIBS) -lcmocka
$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libzona.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes $(HARDEN) $(LDFLAGS) -o $@ $< $(BUILD)/libzona.a $(TEST_LIBS)

$(BUILD)/tests/http/%: tests/http/%.c $(SUPPORT) tests/support/client.h $(BUILD)/libzona.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -Wno-missing-prototypes $(HARDEN) $(LDFLAGS) -o $@ $< $(SUPPORT) $(BUILD)/libzona.a $(TEST_LIBS)

unit-bins: $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
http-bins: $(HTTP_SRC:tests/http/%.c=$(BUILD)/tests/http/%)

test:
	@scripts/deps.sh build test
	@$(MAKE) --no-print-directory all unit-bins http-bins
	@tests/run.sh

# The sanitizer build: the same sources, another folder.
san:
	@$(MAKE) --no-print-directory BUILD=build/san OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" HARDEN="-fPIE" all unit-bins http-bins

# --- fuzzing ------------------------------------------------------------------------------------
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
# The parsers and what they stand on; not the server loop, auth or the domain parts.
FUZZ_LIB_SRC := $(filter-out src/http/server.c,$(filter src/core/% src/db/% src/http/% src/web/%,$(LIB_SRC))) src/org/org_calc.c \
                src/lke/lke_framework.c src/lke/lke_calc.c $(wildcard src/report/*.c) $(wildcard src/lke/lke_xlsx*.c) \
                src/survey/survey_instrument.c src/survey/survey_csv.c src/survey/survey_calc.c src/survey/survey_read.c \
                src/org/cal_calc.c src/complaint/complaint_calc.c src/wbs/wbs_calc.c src/grat/grat_calc.c src/grat/grat_flow.c
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRC) $(BUILD)/gen/embed.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRC) $(BUILD)/gen/embed.c $(PKG_LIBS)
$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libzona.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes -o $@ $< tests/fuzz/replay.c $(BUILD)/libzona.a $(PKG_LIBS)
fuzz-bins: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%) $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz-replay/%)
FUZZ_TIME ?= 60
fuzz:
	@scripts/deps.sh build test
	@$(MAKE) --no-print-directory fuzz-bins
	@tests/fuzz/run.sh $(FUZZ_TIME)

# --- benchmarks ---------------------------------------------------------------------------------
$(BUILD)/bench/%: bench/%.c $(BUILD)/libzona.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes $(HARDEN) $(LDFLAGS) -o $@ $< $(BUILD)/libzona.a $(PKG_LIBS)
bench-bins: $(BUILD)/bench/lke_seed $(BUILD)/bench/lke_score $(BUILD)/bench/survey_seed

bench:
	@scripts/deps.sh build bench
	@$(MAKE) --no-print-directory all bench-bins
	@bench/run.sh

# --- running ------------------------------------------------------------------------------------
run: all
	@ZONA_DEMO=1 $(BUILD)/zona demo
	@echo "zona: open http://$${ZONA_LISTEN:-127.0.0.1:8080}/"
	@ZONA_DEMO=1 exec $(BUILD)/zona serve

# --- hygiene ------------------------------------------------------------------------------------
C_FILES := $(shell find src tests tools bench -name '*.c' -o -name '*.h' 2>/dev/null)
format:
	clang-format -i $(C_FILES)
format-check:
	clang-format --dry-run -Werror $(C_FILES)
lint: $(BUILD)/gen/embed.c
	$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -fanalyzer -fsyntax-only $(LIB_SRC) src/main.c
	clang-tidy --quiet -checks='clang-analyzer-*,bugprone-*,cert-*,misc-*,performance-*,portability-*,-bugprone-easily-swappable-parameters,-readability-magic-numbers' $(LIB_SRC) src/main.c -- -std=c17 -D_GNU_SOURCE -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
	cppcheck --quiet --enable=warning,portability --error-exitcode=1 -Isrc --library=tests/jansson.cfg \
	  $(LIB_SRC) src/main.c

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
