"""List the SQL written inside string literals of the install fragments.

The reporting layer's statements live as files under sql/model/ (issue
#24): a statement in a string is seen by no editor or linter and cannot be
run or EXPLAINed alone. What may stay in a string is a statement of one
line that a builder fills in with format() (a relation name, a SELECT list
made by warehouse_select_list). This lists every literal of
sql/install/*.sql and sql/postgis/*.sql, inside a function body or not, that
spans more than one line and reads as SQL (a SELECT, INSERT, UPDATE,
DELETE, CREATE, ALTER or WITH ... AS), one "file:line" per line, and exits 1
when there is any. JSON constants and comments are not SQL and pass.
"""
import glob
import re
import sys

SQL = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW|FUNCTION|INDEX|MATERIALIZED)|ALTER\s+(TABLE|VIEW)|WITH\s+\w+\s+AS)\b", re.I)
DOLLAR = re.compile(r"\$([A-Za-z_]*)\$")


def literals(text, start, end, depth, found):
    """Scan text[start:end]: at depth 0 a dollar-quoted literal is a body,
    scanned in turn; every other literal is a candidate."""
    i = start
    while i < end:
        if text.startswith('--', i):
            i = text.find('\n', i)
            i = end if i < 0 else i
            continue
        if text.startswith('/*', i):
            j = text.find('*/', i)
            i = end if j < 0 else j + 2
            continue
        c = text[i]
        if c == "'":
            j = i + 1
            while j < end:
                if text[j] == "'":
                    if text.startswith("''", j):
                        j += 2
                        continue
                    break
                j += 1
            found.append((i, text[i + 1:j]))
            i = j + 1
            continue
        m = DOLLAR.match(text, i) if c == '$' else None
        if m:
            close = text.find(m.group(0), m.end(), end)
            close = end if close < 0 else close
            if depth == 0:
                literals(text, m.end(), close, 1, found)
            else:
                found.append((i, text[m.end():close]))
            i = close + len(m.group(0))
            continue
        i += 1


def main():
    problems = []
    for path in sorted(glob.glob('sql/install/*.sql') + glob.glob('sql/postgis/*.sql')):
        text = open(path, encoding='utf-8').read()
        found = []
        literals(text, 0, len(text), 0, found)
        for offset, body in found:
            if '\n' in body.strip() and SQL.search(body):
                problems.append('%s:%d' % (path, text.count('\n', 0, offset) + 1))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
