"""Python checks of test/shell/clients.sh: runs the python blocks of
docs/clients.md (SNIPPET), then reads every published view with their
read_published and checks each column's pandas type and every value against
what psql read (EXPECTED/<view>.csv, SQL types in EXPECTED/types.csv).

Usage: pandas_check.py SNIPPET EXPECTED_DIR"""
import contextlib
import csv
import datetime
import io
import sys

from checks import Checks, published_sql_types  # test/clients/checks.py

snippet_path, expected = sys.argv[1:3]

checks = Checks("python")
check = checks.check

docs = {}
printed = io.StringIO()
try:
    with contextlib.redirect_stdout(printed):
        exec(compile(open(snippet_path).read(), "docs/clients.md (python)", "exec"), docs)
    check(True, "python: the snippets of docs/clients.md run")
except Exception as e:  # the snippet failing is the test failing
    check(False, "python: the snippets of docs/clients.md run", repr(e))
    checks.finish()

import pandas as pd  # noqa: E402  (the snippet imported it; its version is Debian's)
import psycopg  # noqa: E402

conn, read_published = docs["conn"], docs["read_published"]

# The custom type's round trip, values worked from docs/recovery.md: PHQ-9
# 18 -> 7 and GAD-7 12 -> 5 over 6 sessions, ended.
check(docs["outcome"] == "finished, phq9 18->7, gad7 12->5",
      "python: iapt_ews.classify(...)::text reads as the outcome text", repr(docs["outcome"]))
check(docs["same"] == docs["outcome"], "python: the text goes back through iapt_ews.outcome's input unchanged",
      f"{docs['same']!r} against {docs['outcome']!r}")
raw = conn.execute("SELECT iapt_ews.classify(18, 7, 'gad7', 12, 5, 6, true)").fetchone()[0]
check(raw == docs["outcome"], "python: psycopg reads the type itself, uncast, as the same text", repr(raw))
try:
    conn.execute("SELECT %s::iapt_ews.outcome", ["finished, phq9 18-"]).fetchone()
    check(False, "python: a malformed outcome is refused", "it was accepted")
except psycopg.Error as e:
    check(e.sqlstate == "22P02", "python: a malformed outcome is refused with SQLSTATE 22P02", str(e.sqlstate))
conn.rollback()

# The levels: a parameter matched in any case, one that is no level refused
# with the levels in the hint (the docs' snippet); psycopg reads the column
# itself, uncast, as text.
check(docs.get("icb", 0) > 0 and docs.get("icb") == docs.get("also_icb"),
      "python: level = %s with 'ICB' reads the icb rows", f"{docs.get('icb')!r} against {docs.get('also_icb')!r}")
check(str(docs.get("not_a_level", "")).startswith("The levels are national, region, icb, sub_icb, provider and service"),
      "python: level = %s with 'ICBs' is refused (22P02) with the levels in the hint", repr(docs.get("not_a_level")))
raw = conn.execute("SELECT level FROM talking_therapies.key_metrics_published ORDER BY level LIMIT 1").fetchone()[0]
check(raw == "national", "python: psycopg reads report_level as its name, national first", repr(raw))

# The role reads nothing but the published views.
for relation in ("referral", "service_month_metrics"):
    try:
        conn.execute(f"SELECT count(*) FROM talking_therapies.{relation}").fetchone()
        check(False, f"python: the role cannot read {relation}", "it could")
    except psycopg.Error as e:
        check(e.sqlstate == "42501", f"python: the role cannot read {relation} (42501)", str(e.sqlstate))
    conn.rollback()

sql_types = published_sql_types(expected)

# What an analyst expects of each SQL type in pandas: nullable integers (a
# withheld count is <NA>, the column stays integer), floats, strings,
# booleans and real dates.
EXPECTED_DTYPE = {"bigint": "Int64", "integer": "Int64", "numeric": "Float64",
                  "double precision": "Float64", "text": "string", "report_level": "string",
                  "boolean": "boolean", "date": "datetime64[ns]"}


def cell(value, sql_type):
    """A frame's value, or psql's CSV text, as one comparable value."""
    if value is None or value is pd.NA or (isinstance(value, str) and value == "" and sql_type != "text"):
        return None
    if isinstance(value, float) and value != value:
        return None
    if sql_type in ("bigint", "integer"):
        return int(value)
    if sql_type in ("numeric", "double precision"):
        return float(value)
    if sql_type == "boolean":
        return value in (True, "t")
    if sql_type == "date":
        if isinstance(value, str):
            return datetime.date.fromisoformat(value)
        return value.date() if isinstance(value, datetime.datetime) else value
    return str(value) if value != "" else None


for view, types in sorted(sql_types.items()):
    frame = read_published(conn, view)
    wrong = [f"{c} {types[c]} as {frame[c].dtype}" for c in frame.columns
             if str(frame[c].dtype) != EXPECTED_DTYPE[types[c]]]
    check(list(frame.columns) == list(types) and not wrong,
          f"{view}: read_published gives each column the pandas type of its SQL type", "; ".join(wrong))
    with open(f"{expected}/{view}.csv", newline="") as f:
        want = sorted((tuple(cell(v, types[c]) for v, c in zip(r, types)) for r in list(csv.reader(f))[1:]),
                      key=repr)
    got = sorted((tuple(cell(v, types[c]) for v, c in zip(r, types))
                  for r in frame.astype(object).itertuples(index=False)), key=repr)
    check(got == want, f"{view}: the {len(want)} rows in pandas equal psql's",
          f"first differences {[(g, w) for g, w in zip(got, want) if g != w][:2]}")
    counts = [c for c in frame.columns if types[c] == "bigint"]
    if counts:
        check(bool(frame[counts].notna().any().any()), f"{view}: not every count is withheld")

checks.finish()
