#!/usr/bin/env python3
"""Writes the map of the data model into docs/reporting.md.

    tools/model_map.py           rewrite the map between its markers
    tools/model_map.py --check   exit 1 if the page's map is not current

The map is one row per statement file of sql/model/ (what tools/assemble_sql.py
reads): its step, the object it makes, the kind and layer, what it reads, its
variant condition or storage, and the file, so that for any report a reader
finds which file makes it and what it reads.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assemble_sql  # noqa: E402

TOP = assemble_sql.TOP
PAGE = os.path.join(TOP, 'docs', 'reporting.md')
BEGIN = '<!-- model map: begin (tools/model_map.py writes it) -->\n'
END = '<!-- model map: end -->\n'


def statements():
    model = os.path.join(TOP, 'sql', 'model')
    for topic in sorted(os.listdir(model)):
        for name in sorted(os.listdir(os.path.join(model, topic))):
            if name.endswith('.sql'):
                path = os.path.join(model, topic, name)
                yield topic, os.path.relpath(path, TOP), assemble_sql.read_statement(path)


def table():
    rows = ['| step | object | kind | layer | reads | variant or storage | file |',
            '|---:|---|---|---|---|---|---|']
    for topic, path, s in sorted(statements(), key=lambda t: int(t[2]['step'])):
        notes = []
        if 'when' in s:
            notes.append('when ' + s['when'])
        if 'filter' in s['storage']:
            notes.append('stored for every provider, filtered on `%s`' % s['storage']['filter'])
        elif s['storage']:
            notes.append('stored whole, indexed on %s' % ', '.join(
                '`%s`' % '+'.join(index) for index in s['storage']['index']))
        reads = ', '.join('`%s`' % r for r in s['reads']) or '-'
        rows.append('| %s | `%s` | %s | %s | %s | %s | [%s](../%s) |' % (
            s['step'], s['object'], s['kind'], s['layer'], reads, '; '.join(notes) or '',
            path[len('sql/model/'):], path))
    return '\n'.join(rows) + '\n'


def main(check):
    text = open(PAGE, encoding='utf-8').read()
    if BEGIN not in text or END not in text:
        sys.exit('%s has no model map markers' % os.path.relpath(PAGE, TOP))
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    written = head + BEGIN + table() + END + tail
    if written != text:
        if check:
            sys.exit('the model map of docs/reporting.md is not current: run tools/model_map.py')
        with open(PAGE, 'w', encoding='utf-8') as f:
            f.write(written)


if __name__ == '__main__':
    main('--check' in sys.argv[1:])
