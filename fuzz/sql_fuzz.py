#!/usr/bin/env python3
"""SQL-level fuzzer for iapt_ews.

Finds every function and aggregate of schema iapt_ews in pg_proc, and writes
an SQL script that calls each with random, mutated and extreme arguments
(strings from fuzz/corpus with truncations, bit flips, repeats, control
characters and unicode; numbers such as NaN, +-Infinity, 1e131071, -0;
NULLs), each call wrapped so that a clean error passes and an internal
error (SQLSTATE class XX) fails. The input and binary receive functions of
the extension's types get random strings and random bytes (through COPY
BINARY). The functions that make schemas and tables (MODEL_BUILDERS) get
well-formed calls of their own instead of random ones. Run it with psql
against a database with the extension; the test harness also fails on any
crashed backend in the server log.

    python3 fuzz/sql_fuzz.py --seed 1 --calls 20 | psql -v ON_ERROR_STOP=1 -d DB

Standard library only.
"""
import argparse
import os
import random
import subprocess
import sys

EXTREME_NUMERIC = ["'NaN'", "'Infinity'", "'-Infinity'", "1e131071", "-1e131071", "-0", "0",
                   "1e-16383", "0.000000001", "99999999999999999999", "-1", "1", "2.3", "27", "28",
                   "3.0300", "2147483647", "-2147483648", "9223372036854775807", "0.005"]
EXTREME_INT = ["0", "1", "-1", "2", "2147483647", "-2147483648", "12", "28"]
EXTREME_FLOAT = ["'NaN'::float8", "'Infinity'::float8", "'-Infinity'::float8", "0::float8", "-0::float8",
                 "1e308::float8", "-1e308::float8", "5e-324::float8", "0.5::float8", "1::float8", "5000::float8"]
FUZZED_TYPES = ("outcome", "score_pair", "staff_ratio", "ols_result", "report_level")
EXTREME_TS = ["'infinity'::timestamptz", "'-infinity'::timestamptz", "'4713-01-01 BC'::timestamptz",
              "'294276-12-31'::timestamptz", "'2025-01-01'::timestamptz", "now()"]


# Functions that create schemas, tables, policies and views (70-model.sql).
# Random arguments would leave a schema behind per call; they get the
# well-formed calls of model_builder_calls() instead, and the run fails if
# any other schema was made.
MODEL_BUILDERS = ("create_data_model", "complete_data_model", "bind_data_set", "create_reporting_views",
                  "run_model_statements", "check_model_schema")

def expect_error(stmt, sqlstate):
    """A call that must fail with this SQLSTATE (and nothing else)."""
    body = stmt.replace("$f$", "")
    return ("DO $f$ BEGIN " + body + "; RAISE EXCEPTION 'expected SQLSTATE %s from: %%', %s; "
            "EXCEPTION WHEN SQLSTATE '%s' THEN NULL; END $f$;"
            % (sqlstate, sql_string(body), sqlstate))


def model_builder_calls(rng, corpus, calls):
    """The builders with well-formed arguments: a model in fuzz_model, the
    reporting views over its tables in fuzz_views, the refusals, and random
    schema names that name no schema (nothing may be created)."""
    out = ["SELECT count(*) > 20 AS model_made FROM iapt_ews.create_data_model('fuzz_model');",
           expect_error("PERFORM iapt_ews.create_data_model('fuzz_model')", "42P07"),
           "SELECT count(*) AS nothing_missing FROM iapt_ews.complete_data_model('fuzz_model');",
           "CREATE SCHEMA fuzz_views;",
           "SELECT count(*) > 5 AS views_made FROM iapt_ews.create_reporting_views('fuzz_views', "
           "'fuzz_model.referral', 'fuzz_model.care_contact', 'fuzz_model.assessment_score');",
           expect_error("PERFORM iapt_ews.create_reporting_views('fuzz_views', 'fuzz_model.referral', "
                        "'fuzz_model.care_contact', 'fuzz_model.assessment_score')", "42P07"),
           expect_error("PERFORM iapt_ews.create_data_model(NULL)", "22004"),
           expect_error("PERFORM iapt_ews.complete_data_model(NULL)", "22004")]
    for _ in range(calls):
        missing = sql_string("fuzz_missing_" + str(rng.randrange(1000)))
        out.append(expect_error("PERFORM iapt_ews.complete_data_model(%s)" % missing, "3F000"))
        out.append(guarded("PERFORM iapt_ews.check_model_schema(%s, ARRAY[%s, %s])"
                           % (missing, random_text(rng, corpus), random_text(rng, corpus))))
        out.append(guarded("PERFORM iapt_ews.check_model_schema('fuzz_model', ARRAY[%s])" % random_text(rng, corpus)))
        # Options: every builder refuses an unknown key alike (22023), and
        # a key it takes with a value of another JSON type.
        unknown = sql_string('{"fuzz_option_%d": %s}' % (rng.randrange(1000), rng.choice(['1', 'null', '"x"', '[]', '{}'])))
        for call in ("create_data_model(%s, %s)" % (missing, unknown),
                     "complete_data_model('fuzz_model', %s)" % unknown,
                     "bind_data_set(%s, 'fuzz_model', %s)" % (missing, unknown),
                     "create_reporting_views(%s, 'fuzz_model.referral', 'fuzz_model.care_contact', "
                     "'fuzz_model.assessment_score', %s)" % (missing, unknown),
                     "bind_data_set(%s, 'fuzz_model', %s)"
                     % (missing, sql_string('{"%s": "%s"}' % (rng.choice(['tables', 'materialize', 'trusted_owners']),
                                                            rng.randrange(1000)))),
                     "create_reporting_views(%s, 'fuzz_model.referral', 'fuzz_model.care_contact', "
                     "'fuzz_model.assessment_score', %s)"
                     % (missing, sql_string('{"%s": %d}' % (rng.choice(['columns', 'treatment_appointment_types']),
                                                          rng.randrange(1000))))):
            out.append(expect_error("PERFORM iapt_ews." + call, "22023"))
    out.append("DO $f$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname LIKE 'fuzz%' "
               "AND nspname NOT IN ('fuzz_model', 'fuzz_views')) THEN "
               "RAISE EXCEPTION 'the builders made a schema they were not asked for'; END IF; END $f$;")
    return out


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def mutate(rng, s):
    choice = rng.randrange(9)
    if choice == 0 and s:
        return s[:rng.randrange(len(s))]
    if choice == 1 and s:
        i = rng.randrange(len(s))
        return s[:i] + chr(rng.randrange(1, 256)) + s[i + 1:]
    if choice == 2:
        return s * rng.randrange(2, 200)
    if choice == 3:
        return s + "".join(chr(rng.randrange(1, 0x2FF)) for _ in range(rng.randrange(1, 20)))
    if choice == 4 and s:
        i = rng.randrange(len(s))
        return s[:i] + s[i:][::-1]
    if choice == 5:
        return "".join(rng.choice("0123456789.:->@?, ()scoreZ") for _ in range(rng.randrange(0, 60)))
    if choice == 6:
        return "9" * rng.randrange(1, 400) + s
    if choice == 7:
        return s.replace(" ", "")
    return s


def random_text(rng, corpus):
    return sql_string(mutate(rng, rng.choice(corpus)))


def value_for(rng, typ, corpus):
    if rng.random() < 0.1:
        return "NULL::" + typ
    if typ == "numeric":
        return rng.choice(EXTREME_NUMERIC + [str(rng.uniform(-200, 200))]) + "::numeric"
    if typ in ("integer", "bigint", "smallint"):
        return rng.choice(EXTREME_INT + [str(rng.randrange(-100, 100))]) + "::" + typ
    if typ in ("double precision",):
        return rng.choice(EXTREME_FLOAT)
    if typ == "boolean":
        return rng.choice(["true", "false"])
    if typ == "timestamp with time zone":
        return rng.choice(EXTREME_TS)
    if typ == "text":
        return random_text(rng, corpus) + "::text"
    if typ == "integer[]":
        n = rng.choice([0, 1, 4, 5, 5, 5, 6])
        return "ARRAY[" + ",".join(rng.choice(EXTREME_INT + ["9", "8", "NULL"]) for _ in range(n)) + "]::integer[]"
    if typ == "double precision[]":
        n = rng.choice([0, 1, 2, 2, 3, 33])
        return "ARRAY[" + ",".join(rng.choice(EXTREME_FLOAT + ["NULL", "2::float8"]) for _ in range(n)) + "]::float8[]"
    if typ == "name":
        return sql_string("fuzz_" + str(rng.randrange(1000))) + "::name"
    if typ.startswith("iapt_ews.") or typ in FUZZED_TYPES:
        t = typ if typ.startswith("iapt_ews.") else "iapt_ews." + typ
        return random_text(rng, corpus) + "::" + t
    return None


def guarded(stmt):
    body = stmt.replace("$f$", "")
    return ("DO $f$ BEGIN " + body + "; EXCEPTION WHEN OTHERS THEN "
            "IF SQLSTATE LIKE 'XX%' THEN RAISE; END IF; END $f$;")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--calls", type=int, default=20, help="random calls per function")
    ap.add_argument("--bytes", type=int, default=30, help="random byte strings per type")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "corpus", "literals.txt"), encoding="utf-8") as f:
        corpus = [line.rstrip("\n") for line in f if line.strip()]

    query = ("SELECT p.oid::regprocedure, p.prokind, p.proname, "
             "array_to_string(ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t), '|') "
             "FROM pg_proc p WHERE p.pronamespace = 'iapt_ews'::regnamespace ORDER BY 1")
    rows = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-c", query], check=True,
                          capture_output=True, text=True).stdout.splitlines()
    out = ["\\set VERBOSITY terse", "SET client_min_messages = warning;", "SET statement_timeout = '20s';"]
    functions = 0
    for row in rows:
        signature, kind, name, argtypes = row.split("\t")
        types = argtypes.split("|") if argtypes else []
        if any(t in ("internal", "cstring") for t in types) or name.endswith(("_in", "_recv")):
            continue
        if name in MODEL_BUILDERS:
            continue   # they make schemas and tables: called well-formed below
        functions += 1
        for _ in range(args.calls):
            values = [value_for(rng, t, corpus) for t in types]
            if any(v is None for v in values):
                break
            if kind == "a":
                out.append(guarded("PERFORM iapt_ews.%s(%s) FROM generate_series(1, 3)" % (name, ", ".join(values))))
            else:
                out.append(guarded("PERFORM iapt_ews.%s(%s)" % (name, ", ".join(values))))
    # Type input from random strings, binary receive from random bytes.
    out.append("CREATE TEMP TABLE fuzz_bytes (b bytea);")
    for typ in FUZZED_TYPES:
        out.append("CREATE TEMP TABLE fuzz_%s (v iapt_ews.%s);" % (typ, typ))
        for _ in range(args.calls * 5):
            out.append(guarded("PERFORM %s::iapt_ews.%s" % (random_text(rng, corpus), typ)))
        for _ in range(args.bytes):
            n = rng.choice([0, 1, 7, 8, 9, 15, 16, 17, 39, 40, 41, rng.randrange(0, 100)])
            hexs = "".join("%02x" % rng.randrange(256) for _ in range(n))
            out.append(guarded(
                "EXECUTE format('COPY (SELECT %%L::bytea) TO %%L (FORMAT binary)', '\\x%s', "
                "current_setting('data_directory') || '/fuzz.bin'); "
                "EXECUTE format('COPY fuzz_%s FROM %%L (FORMAT binary)', current_setting('data_directory') || '/fuzz.bin')"
                % (hexs, typ)))
    out.extend(model_builder_calls(rng, corpus, args.calls))
    out.append("SELECT 'fuzzed %d functions and aggregates, %d types and the model builders, seed %d' AS done;"
               % (functions, len(FUZZED_TYPES), args.seed))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
