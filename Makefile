# Two extensions from one library: iapt_ews needs nothing but PostgreSQL;
# iapt_ews_postgis (requires iapt_ews and postgis) adds travel distance,
# access scores and the access reports, as h3 and h3_postgis do.
EXTENSION   = iapt_ews iapt_ews_postgis
EXTVERSION  = $(shell grep default_version iapt_ews.control | sed -e "s/default_version[[:space:]]*=[[:space:]]*'\([^']*\)'/\1/")

MODULE_big  = iapt_ews
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
# Hidden by default: only what src/export.h marks is exported (the library
# loads beside PostGIS). Warnings are errors in CI (CI=true), so a newer
# compiler's new warning does not stop someone else's build.
PG_CPPFLAGS = -Isrc -fvisibility=hidden -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifdef CI
PG_CPPFLAGS += -Werror
endif

# The install script of the current version is assembled from one fragment per
# topic (sql/install/NN-topic.sql), so each topic keeps its SQL beside its C.
# Released versions are frozen: once X.Y ships, iapt_ews--X.Y.sql is committed
# and later changes go into iapt_ews--X.Y--X.Z.sql (see DEVELOPER.md).
# The data model's statements are files too, one a statement
# (sql/model/<topic>/NNN-<object>.sql); tools/assemble_sql.py builds each
# topic's catalogue function from them where a fragment names the topic.
INSTALL_FRAGMENTS = $(sort $(wildcard sql/install/*.sql))
POSTGIS_FRAGMENTS = $(sort $(wildcard sql/postgis/*.sql))
MODEL_STATEMENTS  = $(sort $(wildcard sql/model/*/*.sql))
EXTENSION_SCRIPT  = iapt_ews--$(EXTVERSION).sql
POSTGIS_SCRIPT    = iapt_ews_postgis--$(EXTVERSION).sql
SCRIPTS_BUILT = $(EXTENSION_SCRIPT) $(POSTGIS_SCRIPT)
DATA        = $(SCRIPTS_BUILT) $(filter-out $(SCRIPTS_BUILT),$(wildcard iapt_ews--*.sql iapt_ews_postgis--*.sql))
DOCS       := $(wildcard docs/*.md)
EXTRA_CLEAN = $(SCRIPTS_BUILT)

# Tests by kind (DEVELOPER.md): pg_regress in sql/<name>.sql and expected/,
# pg_regress's own layout (as hll and pg_cron),
# pgTAP in test/tap/, multi-session, multi-server and dump/restore checks as
# Perl TAP tests in test/t/ (PostgreSQL::Test::Cluster, run by prove),
# checks that drive external programs in test/shell/ (tools/run_tests.sh).
# sql/install/, sql/postgis/ and sql/model/ beside them hold what the
# extensions are built from. `setup` runs first (it creates the extension).
REGRESS      = setup $(filter-out setup,$(sort $(notdir $(basename $(wildcard sql/*.sql)))))

# The pg_config on PATH, as PGXS expects; Debian's PostgreSQL 15 (the version
# tested) only when there is none.
PG_CONFIG ?= $(firstword $(shell command -v pg_config 2>/dev/null) $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PGXS := $(wildcard $(shell $(PG_CONFIG) --pgxs 2>/dev/null))
ifneq ($(PGXS),)
include $(PGXS)
else
# A fresh machine has no PGXS yet: `make test` / `make demo` install it
# (targets test-deps, deps) and then run make again, which then finds it.
all installcheck install:
	@echo "PostgreSQL server development files are missing: run 'make deps' (or 'make test', which installs them too)" >&2; exit 1
endif

# The key metrics' statements are written from their templates and the
# metric catalogue (tools/metric_statements.py); the written files are
# committed, so that each runs on its own in psql, and a test checks they
# are current.
METRIC_TEMPLATES  = $(wildcard sql/model/key_metrics/*.sql.in)
$(METRIC_TEMPLATES:.sql.in=.sql): %.sql: %.sql.in $(wildcard sql/model/key_metrics/*.csv) tools/metric_statements.py tools/assemble_sql.py
	@echo "  SQL     $@"
	@python3 tools/metric_statements.py

$(EXTENSION_SCRIPT): $(INSTALL_FRAGMENTS) $(MODEL_STATEMENTS) sql/templates/integer_ordered_type.sql tools/assemble_sql.py iapt_ews.control
	@echo "  SQL     $@"
	@python3 tools/assemble_sql.py $(INSTALL_FRAGMENTS) > $@.tmp && mv $@.tmp $@
$(POSTGIS_SCRIPT): $(POSTGIS_FRAGMENTS) $(MODEL_STATEMENTS) tools/assemble_sql.py iapt_ews_postgis.control
	@echo "  SQL     $@"
	@python3 tools/assemble_sql.py $(POSTGIS_FRAGMENTS) > $@.tmp && mv $@.tmp $@

all: $(SCRIPTS_BUILT)

# One line a file instead of the compiler's command lines (V=1 shows them).
ifndef V
%.o : %.c
	@echo "  CC      $<"
	@$(COMPILE.c) -o $@ $<
%.bc : %.c
	@echo "  BC      $<"
	@$(COMPILE.c.bc) -o $@ $<
endif

$(OBJS): $(wildcard src/*.h)

# ---------------------------------------------------------------------------
# The two set-up commands of the README, and the benchmark. Each installs what
# is missing (Debian packages), builds, and works on a private throwaway
# server (tools/with_pg.sh) that it stops before it returns.
# ---------------------------------------------------------------------------
readme:
	@python3 tools/object_table.py

.PHONY: readme deps test-deps deb test test-asan run-test-asan test-valgrind fuzz run-fuzz libfuzz libfuzz-coverage demo bench serve stop run-test run-demo run-bench run-serve test-regress

# deps: what building and running need (make, demo, serve, bench);
# test-deps: that and the tools the tests drive (pgTAP, IPC::Run, a JDK,
# Chromium, clang, the ODBC, Python and R clients; tools/install_deps.sh).
deps:
	@tools/install_deps.sh
test-deps:
	@tools/install_deps.sh test

# After deps, a fresh make: this one parsed the Makefile before PGXS existed.
# make test runs the suite twice: as built, then built under AddressSanitizer
# and UndefinedBehaviorSanitizer in a server with the runtime preloaded.
test: test-deps
	@$(MAKE) --no-print-directory all run-test run-test-asan
demo: deps
	@$(MAKE) --no-print-directory all run-demo
bench: deps
	@$(MAKE) --no-print-directory all run-bench

# `make serve`: the demo database on a loopback port for Metabase or psql
# (read-only roles: iapt_reader, the published views only, for BI tools;
# iapt_analyst, the patient-level reports too; prints the connection
# settings); `make stop` stops it.
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
test-asan: test-deps
	@$(MAKE) --no-print-directory run-test-asan
run-test-asan:
	@echo "== the whole suite again, under AddressSanitizer and UndefinedBehaviorSanitizer"
	@PG_CONFIG=$(PG_CONFIG) tools/test_asan.sh

# The regression suite with the server under valgrind memcheck (slow).
test-valgrind: test-deps
	@$(MAKE) --no-print-directory all
	@PG_CONFIG=$(PG_CONFIG) tools/test_valgrind.sh

# The fuzzers for longer: the SQL-level one with 20 seeds of 100 calls per
# function, and libFuzzer on the parsers for 5 minutes a target (make test
# runs a short round of each: test/shell/fuzz_sql.sh, test/shell/libfuzzer.sh).
fuzz: test-deps
	@$(MAKE) --no-print-directory all run-fuzz libfuzz
libfuzz: test-deps
	@LIBFUZZ_SECONDS=$${LIBFUZZ_SECONDS:-300} tools/libfuzz.sh
# Which lines of the parsers the committed corpus reaches (llvm-cov).
libfuzz-coverage: test-deps
	@tools/libfuzz_coverage.sh
run-fuzz:
	@PG_CONFIG=$(PG_CONFIG) tools/with_pg.sh bash -c 'for seed in $$(seq 1 20); do FUZZ_SEED=$$seed FUZZ_CALLS=100 test/shell/fuzz_sql.sh || exit 1; done'

# The Debian package postgresql-15-iapt-ews (debian/, built with pg_buildext
# as PGDG builds extensions) in build/deb/, from a copy of the tree
# (tools/build_deb.sh); installs the packaging tools first when missing.
deb:
	@tools/install_deps.sh deb
	@tools/build_deb.sh

# Used by tools/run_tests.sh, against the server it was given.
test-regress:
	@$(MAKE) --no-print-directory installcheck
