EXTENSION   = iapt_ews
EXTVERSION  = $(shell grep default_version $(EXTENSION).control | sed -e "s/default_version[[:space:]]*=[[:space:]]*'\([^']*\)'/\1/")

MODULE_big  = $(EXTENSION)
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
PG_CPPFLAGS = -Isrc -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers

# The install script of the current version is assembled from one fragment per
# topic (sql/install/NN-topic.sql), so each topic keeps its SQL beside its C.
# Released versions are frozen: once X.Y ships, iapt_ews--X.Y.sql is committed
# and later changes go into iapt_ews--X.Y--X.Z.sql (see DEVELOPER.md).
INSTALL_FRAGMENTS = $(sort $(wildcard sql/install/*.sql))
EXTENSION_SCRIPT  = $(EXTENSION)--$(EXTVERSION).sql
DATA        = $(EXTENSION_SCRIPT) $(filter-out $(EXTENSION_SCRIPT),$(wildcard $(EXTENSION)--*.sql))
DOCS       := $(wildcard docs/*.md)
EXTRA_CLEAN = $(EXTENSION_SCRIPT) test/regress/results test/regress/regression.diffs test/regress/regression.out

# Tests by kind (DEVELOPER.md): pg_regress in test/regress/{sql,expected},
# pgTAP in test/tap/, multi-session and multi-server checks in test/shell/.
# sql/ holds only the install fragments. `setup` runs first (it creates the extension).
REGRESS      = setup $(filter-out setup,$(sort $(notdir $(basename $(wildcard test/regress/sql/*.sql)))))
REGRESS_OPTS = --inputdir=test/regress --outputdir=test/regress

# PostgreSQL 15 is the supported server; its pg_config wins over whatever
# other pg_config is first on PATH.
PG_CONFIG ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PGXS := $(wildcard $(shell $(PG_CONFIG) --pgxs 2>/dev/null))
ifneq ($(PGXS),)
include $(PGXS)
else
# A fresh machine has no PGXS yet: `make test` / `make demo` install it
# (target deps) and then run make again, which then finds it.
all installcheck install:
	@echo "PostgreSQL server development files are missing: run 'make deps' (or 'make test')" >&2; exit 1
endif

$(EXTENSION_SCRIPT): $(INSTALL_FRAGMENTS) $(EXTENSION).control
	cat $(INSTALL_FRAGMENTS) > $@

all: $(EXTENSION_SCRIPT)

$(OBJS): $(wildcard src/*.h)

# ---------------------------------------------------------------------------
# The two set-up commands of the README, and the benchmark. Each installs what
# is missing (Debian packages), builds, and works on a private throwaway
# server (tools/with_pg.sh) that it stops before it returns.
# ---------------------------------------------------------------------------
.PHONY: deps test test-asan run-test-asan test-valgrind fuzz run-fuzz libfuzz libfuzz-coverage demo bench serve stop run-test run-demo run-bench run-serve test-regress

deps:
	@tools/install_deps.sh

# After deps, a fresh make: this one parsed the Makefile before PGXS existed.
# make test runs the suite twice: as built, then built under AddressSanitizer
# and UndefinedBehaviorSanitizer in a server with the runtime preloaded.
test: deps
	@$(MAKE) --no-print-directory all run-test run-test-asan
demo: deps
	@$(MAKE) --no-print-directory all run-demo
bench: deps
	@$(MAKE) --no-print-directory all run-bench

# `make serve`: the demo database on a loopback port for Metabase or psql
# (read-only role; prints the connection settings); `make stop` stops it.
serve: deps
	@$(MAKE) --no-print-directory all run-serve
run-serve:
	@PG_CONFIG=$(PG_CONFIG) tools/serve.sh start
stop:
	@tools/serve.sh stop

run-test:
	@PG_CONFIG=$(PG_CONFIG) tools/with_pg.sh tools/run_tests.sh
run-demo:
	@PG_CONFIG=$(PG_CONFIG) tools/with_pg.sh demo/run.sh
run-bench:
	@PG_CONFIG=$(PG_CONFIG) tools/with_pg.sh bench/run.sh

# The whole suite with the extension built under AddressSanitizer and
# UndefinedBehaviorSanitizer (tools/test_asan.sh).
test-asan: deps
	@$(MAKE) --no-print-directory run-test-asan
run-test-asan:
	@echo "== the whole suite again, under AddressSanitizer and UndefinedBehaviorSanitizer"
	@PG_CONFIG=$(PG_CONFIG) tools/test_asan.sh

# The regression suite with the server under valgrind memcheck (slow).
test-valgrind: deps
	@$(MAKE) --no-print-directory all
	@PG_CONFIG=$(PG_CONFIG) tools/test_valgrind.sh

# The fuzzers for longer: the SQL-level one with 20 seeds of 100 calls per
# function, and libFuzzer on the parsers for 5 minutes a target (make test
# runs a short round of each: test/shell/fuzz_sql.sh, test/shell/libfuzzer.sh).
fuzz: deps
	@$(MAKE) --no-print-directory all run-fuzz libfuzz
libfuzz: deps
	@LIBFUZZ_SECONDS=$${LIBFUZZ_SECONDS:-300} tools/libfuzz.sh
# Which lines of the parsers the committed corpus reaches (llvm-cov).
libfuzz-coverage: deps
	@tools/libfuzz_coverage.sh
run-fuzz:
	@PG_CONFIG=$(PG_CONFIG) tools/with_pg.sh bash -c 'for seed in $$(seq 1 20); do FUZZ_SEED=$$seed FUZZ_CALLS=100 test/shell/fuzz_sql.sh || exit 1; done'

# Used by tools/run_tests.sh, against the server it was given.
test-regress:
	@$(MAKE) --no-print-directory installcheck
