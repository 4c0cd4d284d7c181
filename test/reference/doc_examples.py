"""Run the psql-session examples of Markdown pages and compare their output.

An example is a fenced block line starting with "=# ": the statement goes on
over the following lines up to the one that ends with ";" (or with "\\gx",
psql's expanded display), and the lines after it, up to a blank line, the
next "=# " or the end of the block, are the output psql gives (aligned
format, no footer). Each page's examples run in one session, in order, so a
later example may use what an earlier one made.

A page holding the line "<!-- doc examples: demo data -->" runs in the
database given with --demo-database (the demo's data, demo/10-12); the
others in the fresh database given first.

Prints one "ok - ..." or "not ok - ..." line per example and a closing
"doc examples: N passed, M failed" line.
"""
import subprocess
import sys


def examples(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    in_block = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_block = not in_block
            i += 1
            continue
        if in_block and line.startswith("=# "):
            start = i + 1
            statement = [line[3:]]
            while not statement[-1].rstrip().endswith((";", "\\gx")):
                i += 1
                statement.append(lines[i][3:] if lines[i].startswith("   ") else lines[i])
            output = []
            i += 1
            while i < len(lines) and lines[i].strip() and not lines[i].startswith("=# ") \
                    and not lines[i].startswith("```"):
                output.append(lines[i].rstrip())
                i += 1
            yield start, "\n".join(statement), output
            continue
        i += 1


def run(database, statements):
    """Each statement's output, from one psql session (aligned, no footer)."""
    marker = "-- iapt_ews doc example --"
    script = "".join(f"\\echo '{marker}'\n{s}\n" for s in statements)
    result = subprocess.run(
        ["psql", "-X", "-q", "-d", database, "-P", "footer=off", "-P", "pager=off"],
        input=script, capture_output=True, text=True)
    text = result.stdout + result.stderr
    chunks = text.split(marker + "\n")[1:]
    return [[l.rstrip() for l in c.rstrip("\n").split("\n") if l.strip()] for c in chunks]


DEMO_MARKER = "<!-- doc examples: demo data -->"


def main():
    args = sys.argv[1:]
    demo_database = None
    if "--demo-database" in args:
        i = args.index("--demo-database")
        demo_database = args[i + 1]
        del args[i:i + 2]
    database, pages = args[0], args[1:]
    passed = failed = 0
    for page in pages:
        found = list(examples(page))
        if not found:
            continue
        page_database = database
        if DEMO_MARKER in open(page, encoding="utf-8").read():
            if demo_database is None:
                print(f"not ok - {page}: needs the demo data (--demo-database)")
                failed += 1
                continue
            page_database = demo_database
        outputs = run(page_database, [s for _, s, _ in found])
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
    print(f"doc examples: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
