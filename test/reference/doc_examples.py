"""Run the psql-session examples of Markdown pages and compare their output.

An example is a fenced block line starting with "=# ": the statement goes on
over the following lines up to the one that ends with ";" (or with "\\gx",
psql's expanded display, or "\\gexec"; a psql meta-command such as
"\\set VERBOSITY terse" is one line), and the lines after it, up to a blank
line, the next "=# " or the end of the block, are the output psql gives
(aligned format, no footer; notices and errors where psql prints them).
Each page's examples run in one psql session, in order, so a later example
may use what an earlier one made.

Each page runs in a database of its own, made for it from the template given
first (both extensions created, the template's settings) and dropped after
it; a page holding "<!-- doc examples: empty database -->" gets one without
the extensions (it creates what it uses), and a page holding
"<!-- doc examples: demo data -->" runs in the database given with
--demo-database (the demo's data, demo/10-12), which is not dropped. Roles
are the cluster's: every role a page leaves behind is dropped after it, so
that pages cannot disturb one another or a second run.

Strict: a fenced block that holds SQL must be made of "=# " examples or be
marked as a fragment, with the line "<!-- doc examples: fragment -->" right
before its fence (a template with placeholders, a statement for another
server). A block holds SQL when its info string is sql or psql and a line
that is not blank or a "--" comment is outside the examples, or when it has
no info string and a line outside the examples starts like a statement
(SELECT, WITH, CREATE, ...). Such a block is a "not ok" line naming the page
and the line of its fence.

Prints one "ok - ..." or "not ok - ..." line per example and per unrun
block, then "doc examples: S statements ran, F blocks are fragments" and a
closing "doc examples: N passed, M failed".
"""
import re
import subprocess
import sys

FRAGMENT_MARKER = "<!-- doc examples: fragment -->"
DEMO_MARKER = "<!-- doc examples: demo data -->"
EMPTY_MARKER = "<!-- doc examples: empty database -->"
SQL_INFO = {"sql", "psql", "pgsql", "postgresql", "plpgsql"}
STATEMENT_START = re.compile(
    r"^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|GRANT|REVOKE|SET|RESET|"
    r"EXPLAIN|TABLE|VALUES|COMMENT|BEGIN|COMMIT|ROLLBACK|CALL|DO|TRUNCATE|ANALYZE|VACUUM|"
    r"REFRESH|COPY|EXEC|REASSIGN|SECURITY|LOCK|PREPARE|EXECUTE|\\copy|\\c|\\set|\\i)\b")


def statement_done(statement):
    if statement[0].startswith("\\"):
        return True
    return statement[-1].rstrip().endswith((";", "\\gx", "\\gexec"))


def blocks(lines):
    """Each fenced block: (fence line index, info string, body line indexes, fragment)."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            fence, info = i, lines[i][3:].strip()
            fragment = fence > 0 and lines[fence - 1].strip() == FRAGMENT_MARKER
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(i)
                i += 1
            yield fence, info, body, fragment
        i += 1


def examples(lines, body):
    """The examples of one block: (line number, statement, expected output), and
    the indexes of the block's lines they take up."""
    found, used = [], set()
    k = 0
    while k < len(body):
        i = body[k]
        if not lines[i].startswith("=# "):
            k += 1
            continue
        start = i + 1
        statement = [lines[i][3:]]
        used.add(i)
        while not statement_done(statement):
            k += 1
            if k >= len(body):
                raise SystemExit(f"{start}: statement not ended (';', '\\gx' or '\\gexec')")
            line = lines[body[k]]
            used.add(body[k])
            statement.append(line[3:] if line.startswith("   ") else line)
        output = []
        k += 1
        while k < len(body) and lines[body[k]].strip() and not lines[body[k]].startswith("=# "):
            output.append(lines[body[k]].rstrip())
            used.add(body[k])
            k += 1
        found.append((start, "\n".join(statement), output))
    return found, used


def holds_sql(info, text_lines):
    language = info.split()[0].lower() if info else ""
    if language in SQL_INFO:
        return any(l.strip() and not l.strip().startswith("--") for l in text_lines)
    if language == "":
        return any(STATEMENT_START.match(l) for l in text_lines)
    return False


def psql(database, *args, **kwargs):
    return subprocess.run(["psql", "-X", "-q", "-d", database, *args],
                          capture_output=True, text=True, **kwargs)


def query(database, sql):
    result = psql(database, "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql)
    if result.returncode:
        raise SystemExit(f"{sql}: {result.stderr.strip()}")
    return [l for l in result.stdout.split("\n") if l]


def run(database, statements):
    """Each statement's output, from one psql session (aligned, no footer)."""
    marker = "-- iapt_ews doc example --"
    script = "".join(f"\\echo '{marker}'\n{s}\n" for s in statements)
    result = subprocess.run(
        ["psql", "-X", "-q", "-d", database, "-P", "footer=off", "-P", "pager=off"],
        input=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    chunks = result.stdout.split(marker + "\n")[1:]
    return [[l.rstrip() for l in c.rstrip("\n").split("\n") if l.strip()] for c in chunks]


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text):
    return "'" + text.replace("'", "''") + "'"


def make_database(name, template, empty):
    """A database for one page, with the template's settings."""
    settings = query("postgres", "SELECT unnest(setconfig) FROM pg_db_role_setting s "
                     "JOIN pg_database d ON d.oid = s.setdatabase "
                     f"WHERE d.datname = {quote_literal(template)} AND s.setrole = 0")
    drop_database(name)
    query("postgres", f"CREATE DATABASE {quote_ident(name)} TEMPLATE "
          + ("template0" if empty else quote_ident(template)))
    for setting in settings:
        key, value = setting.split("=", 1)
        # As stored: a list such as search_path is its elements, quoted as needed.
        query("postgres", f"ALTER DATABASE {quote_ident(name)} SET {quote_ident(key)} = {value}")


def drop_database(name):
    query("postgres", f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")


def roles():
    return set(query("postgres", "SELECT rolname FROM pg_roles"))


def drop_roles(names, database):
    """Drop the roles a page made (what they own in the page's database first)."""
    for name in sorted(names):
        if database is not None:
            query(database, f"DROP OWNED BY {quote_ident(name)}")
        query("postgres", f"DROP ROLE {quote_ident(name)}")


def main():
    args = sys.argv[1:]
    demo_database = None
    if "--demo-database" in args:
        i = args.index("--demo-database")
        demo_database = args[i + 1]
        del args[i:i + 2]
    static = "--static" in args  # only look for unrun SQL, run nothing
    if static:
        args.remove("--static")
    template, pages = args[0], args[1:]
    passed = failed = statements_run = fragments = 0
    for number, page in enumerate(pages):
        text = open(page, encoding="utf-8").read()
        lines = text.split("\n")
        found = []
        for fence, info, body, fragment in blocks(lines):
            if fragment:
                fragments += 1
                continue
            block_examples, used = examples(lines, body)
            found.extend(block_examples)
            rest = [lines[i] for i in body if i not in used]
            if holds_sql(info, rest):
                failed += 1
                print(f"not ok - {page}:{fence + 1}: a block holds SQL that is not run: write it as"
                      f" psql examples ('=# ' and the output) or mark it '{FRAGMENT_MARKER}'")
        for i, line in enumerate(lines):
            if line.strip() == FRAGMENT_MARKER and not (
                    i + 1 < len(lines) and lines[i + 1].startswith("```")):
                failed += 1
                print(f"not ok - {page}:{i + 1}: a fragment mark not right before a fence")
        if not found or static:
            statements_run += 0 if static else len(found)
            continue
        if DEMO_MARKER in text:
            if demo_database is None:
                print(f"not ok - {page}: needs the demo data (--demo-database)")
                failed += 1
                continue
            page_database, own_database = demo_database, False
        else:
            page_database, own_database = f"{template}_{number}", True
            make_database(page_database, template, EMPTY_MARKER in text)
        roles_before = roles()
        outputs = run(page_database, [s for _, s, _ in found])
        statements_run += len(found)
        for (line, statement, expected), actual in zip(found, outputs + [[]] * len(found)):
            label = f"{page}:{line}"
            if actual == [l for l in expected if l.strip()]:
                passed += 1
                print(f"ok - {label}")
            else:
                failed += 1
                print(f"not ok - {label}: the page shows")
                print("\n".join("    " + l for l in expected))
                print("  psql gives")
                print("\n".join("    " + l for l in actual))
        if own_database:
            drop_database(page_database)
        left = roles() - roles_before
        if left:
            drop_roles(left, None if own_database else page_database)
    print(f"doc examples: {statements_run} statements ran, {fragments} blocks are fragments")
    print(f"doc examples: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
