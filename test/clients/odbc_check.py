"""ODBC checks of test/shell/clients.sh, through pyodbc and the data source of
docs/clients.md: the catalogue functions (SQLTables, SQLColumns) list every
published view with plain ODBC types, and every value read through the driver
equals what psql read (EXPECTED/<view>.csv, SQL types in EXPECTED/types.csv).

Usage: odbc_check.py DSN USER PASSWORD EXPECTED_DIR"""
import csv
import decimal
import sys

import pyodbc

from checks import Checks, published_sql_types  # test/clients/checks.py

dsn, user, password, expected = sys.argv[1:5]

checks = Checks("odbc")
check = checks.check

# The SQL type of every column of every published view, as psql saw it.
sql_types = published_sql_types(expected)
views = sorted(sql_types)

# Plain ODBC types (ODBC 3 codes) for each PostgreSQL type. Text must arrive
# as the Unicode driver's SQL_WVARCHAR: not as a long text (SQL Server makes
# it ntext, which it cannot sort or compare) nor as an unknown type.
SQL_WVARCHAR, SQL_NUMERIC, SQL_INTEGER, SQL_BIGINT = -9, 2, 4, -5
SQL_FLOAT, SQL_DOUBLE, SQL_TYPE_DATE, SQL_BIT = 6, 8, 91, -7
ODBC_TYPE = {
    "text": {SQL_WVARCHAR},
    # The levels (iapt_ews.report_level): the driver does not know the type
    # and describes it as text, which its values are.
    "report_level": {SQL_WVARCHAR},
    "integer": {SQL_INTEGER},
    "bigint": {SQL_BIGINT},
    "numeric": {SQL_NUMERIC},
    "double precision": {SQL_FLOAT, SQL_DOUBLE},
    "date": {SQL_TYPE_DATE},
    "boolean": {SQL_BIT},
}

conn = pyodbc.connect(f"DSN={dsn};UID={user};PWD={password}", autocommit=True)
cur = conn.cursor()

listed = {r.table_name for r in cur.tables(schema="talking_therapies", tableType="VIEW")}
missing = [v for v in views if v not in listed]
check(not missing, f"SQLTables lists all {len(views)} published views", f"missing {missing}")


def as_psql_text(value):
    """A value fetched through ODBC written as psql writes it in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


for view in views:
    columns = list(cur.columns(table=view, schema="talking_therapies"))
    names = [c.column_name for c in columns]
    check(names == list(sql_types[view]), f"{view}: SQLColumns lists its columns in order",
          f"{names} against {list(sql_types[view])}")
    wrong = [f"{c.column_name} {sql_types[view].get(c.column_name)} as {c.type_name} ({c.data_type})"
             for c in columns
             if c.data_type not in ODBC_TYPE.get(sql_types[view].get(c.column_name, "?"), set())]
    check(not wrong, f"{view}: every column has the plain ODBC type of its SQL type", "; ".join(wrong))
    sizes = {c.column_size for c in columns if c.data_type == SQL_WVARCHAR}
    check(sizes <= {4000}, f"{view}: text columns declare the data source's MaxVarcharSize (4000)", str(sizes))
    rates = [c.column_name for c in columns
             if (c.column_name.endswith("_rate"))
             and c.data_type != SQL_NUMERIC]
    check(not rates, f"{view}: rates are SQL_NUMERIC", ", ".join(rates))

    with open(f"{expected}/{view}.csv", newline="") as f:
        want = sorted(tuple(r) for r in list(csv.reader(f))[1:])
    rows = cur.execute(f'SELECT * FROM talking_therapies."{view}"').fetchall()
    got = sorted(tuple(as_psql_text(v) for v in r) for r in rows)
    check(len(rows) > 0, f"{view}: has rows to check")
    diff = [(g, w) for g, w in zip(got, want) if g != w][:2]
    check(got == want, f"{view}: the {len(want)} rows read through ODBC equal psql's",
          f"{len(got)} rows, first differences {diff}")

    # Declared sizes: no text longer than its column size, no value with more
    # decimals than its scale (a client that trusts them would cut it off).
    cut = []
    for i, c in enumerate(columns):
        for r in rows:
            v = r[i]
            if isinstance(v, str) and c.column_size is not None and len(v) > c.column_size:
                cut.append(f"{c.column_name} {v!r} longer than {c.column_size}")
            if isinstance(v, decimal.Decimal) and c.decimal_digits is not None \
                    and -v.as_tuple().exponent > c.decimal_digits:
                cut.append(f"{c.column_name} {v} has more than {c.decimal_digits} decimals")
    check(not cut, f"{view}: no value exceeds its declared size or scale", "; ".join(cut[:3]))

# A level in a query matches in any case, through report_level's input (the
# role's search_path has iapt_ews on it); a name that is no level is an
# error, not an empty result.
counts = [cur.execute("SELECT count(*) FROM talking_therapies.key_metrics_published WHERE level = '%s'" % level)
          .fetchone()[0] for level in ("Sub-ICB", "sub_icb")]
check(counts[0] > 0 and counts[0] == counts[1], "ODBC: level = 'Sub-ICB' reads the sub_icb rows", str(counts))
try:
    cur.execute("SELECT count(*) FROM talking_therapies.key_metrics_published WHERE level = 'Sub-ICBs'").fetchall()
    check(False, "ODBC: level = 'Sub-ICBs' is refused", "it was accepted")
except pyodbc.Error as e:
    # psqlODBC passes on the SQLSTATE and the message, not the hint.
    check(e.args[0] == "22P02" and 'report_level: "Sub-ICBs"' in str(e),
          "ODBC: level = 'Sub-ICBs' is refused (22P02, naming the value)", str(e))

# The role reads nothing but the published views.
try:
    cur.execute("SELECT count(*) FROM talking_therapies.referral").fetchall()
    check(False, "ODBC: the role cannot read the referral table", "it could")
except pyodbc.Error as e:
    check("permission denied" in str(e), "ODBC: the role cannot read the referral table", str(e))

checks.finish()
