"""What the Python check programs of test/shell/clients.sh share: ok / not ok
lines with a closing summary line, and the SQL types psql saw."""
import csv
import sys


class Checks:
    """Prints "ok - ..." / "not ok - ..." and, at the end, "NAME: N passed, M failed"."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok - {what}")
        else:
            self.failed += 1
            print(f"not ok - {what}" + (f": {detail}" if detail else ""))

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def published_sql_types(expected):
    """{view: {column: SQL type}} of every published view, in column order (EXPECTED/types.csv)."""
    sql_types = {}
    with open(f"{expected}/types.csv", newline="") as f:
        for view, column, sql_type in csv.reader(f):
            sql_types.setdefault(view, {})[column] = sql_type
    return sql_types
