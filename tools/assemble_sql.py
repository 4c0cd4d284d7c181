#!/usr/bin/env python3
"""Assembles an extension's install script from its fragments.

    tools/assemble_sql.py FRAGMENT... > iapt_ews--X.Y.sql

Each fragment is copied as it is, but for a line

    -- @model_statements <topic>

which becomes the topic's catalogue function iapt_ews.model_objects_<topic>(),
built from the statement files sql/model/<topic>/NNN-<object>[-policy].sql.
Each statement file starts with a header of "-- key: value" lines (step,
object, kind, layer, reads; when, for a variant; stored, for a report stored
for every provider and filtered per caller), then the SQL the builders run (docs/reporting.md,
"The statement files"). The SQL lives in files an editor, a linter or psql
can read; only this script puts it into a string.
"""
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r'^-- @model_statements ([a-z_]+)\s*$')
# A type ordered as the integer it is stored as: its comparison, hash and
# sort support from sql/templates/integer_ordered_type.sql.
ORDERED_TYPE = re.compile(r'^-- @integer_ordered_type ([a-z_.]+) (int4|int8) ([a-z_ ]+?) \| (.+?)\s*$')
HEADER = re.compile(r'^-- (step|object|kind|layer|reads|when|stored): ?(.*)$')
# when: the condition of one variant of an object (its other statements name
# theirs): "<relation> present" or "<relation> absent".
WHEN = re.compile(r'^[a-z_][a-z0-9_]* (present|absent)$')
# stored: the relation's rows are stored by a binding (bind_data_set's
# default): key=value pairs separated by ";". index=<the indexes, separated
# by ",", each a column or columns joined by "+">. A report is stored for
# every provider and filtered per caller: filter=<expression of the stored
# row's provider> (required for a report, refused for a bound relation,
# which is stored whole) and, for referral_outcome,
# earlier_providers=<column worked out again per caller>.
STORED_KEYS = ('filter', 'index', 'earlier_providers')
REQUIRED = ('step', 'object', 'kind', 'layer', 'reads')
KINDS = ('table', 'view', 'policy')
LAYERS = ('patient_tables', 'reference_tables', 'row_security', 'binding_tables', 'bound_relations', 'reports')
QUOTE = '$ddl$'


def fail(path, message):
    sys.exit('%s: %s' % (path, message))


def read_statement(path):
    """The header fields and the SQL of one statement file."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)
    fields = {}
    body_start = 0
    for body_start, line in enumerate(lines):
        match = HEADER.match(line)
        if not match:
            break
        fields[match.group(1)] = match.group(2).strip()
    else:
        body_start = len(lines)
    missing = [k for k in REQUIRED if k not in fields]
    if missing:
        fail(path, 'header lacks ' + ', '.join(missing))
    if not fields['step'].isdigit():
        fail(path, 'step %r is not a number' % fields['step'])
    if fields['kind'] not in KINDS:
        fail(path, 'kind %r is not one of %s' % (fields['kind'], ', '.join(KINDS)))
    if fields['layer'] not in LAYERS:
        fail(path, 'layer %r is not one of %s' % (fields['layer'], ', '.join(LAYERS)))
    expected_name = '%03d-%s%s.sql' % (int(fields['step']), fields['object'],
                                       '-policy' if fields['kind'] == 'policy' else '')
    if os.path.basename(path) != expected_name:
        fail(path, 'should be named %s after its header' % expected_name)
    body = ''.join(lines[body_start:])
    if QUOTE in body:
        fail(path, 'holds %s, which quotes the statement' % QUOTE)
    fields['reads'] = [r.strip() for r in fields['reads'].split(',') if r.strip()]
    if 'when' in fields and not WHEN.match(fields['when']):
        fail(path, 'when %r is not "<relation> present" or "<relation> absent"' % fields['when'])
    storage = {}
    for pair in fields.get('stored', '').split(';'):
        if not pair.strip():
            continue
        key, _, value = pair.partition('=')
        if key.strip() not in STORED_KEYS or not value.strip():
            fail(path, 'stored %r: expected key=value pairs of %s' % (pair.strip(), ', '.join(STORED_KEYS)))
        storage[key.strip()] = ([[c.strip() for c in index.split('+')] for index in value.split(',')]
                                if key.strip() == 'index' else value.strip())
    if storage and fields['layer'] == 'reports' and 'filter' not in storage:
        fail(path, 'stored needs filter=<provider expression> for a report')
    if storage and fields['layer'] == 'bound_relations' and set(storage) != {'index'}:
        fail(path, 'stored: a bound relation is stored whole: index=... only')
    if storage and fields['layer'] not in ('reports', 'bound_relations'):
        fail(path, 'stored: only a report or a bound relation is stored')
    fields['storage'] = storage
    fields['sql'] = body
    return fields


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def catalogue_function(topic):
    folder = os.path.join(TOP, 'sql', 'model', topic)
    if not os.path.isdir(folder):
        sys.exit('no statement folder sql/model/%s' % topic)
    statements = [read_statement(os.path.join(folder, name))
                  for name in sorted(os.listdir(folder)) if name.endswith('.sql')]
    rows = []
    for s in sorted(statements, key=lambda s: int(s['step'])):
        reads = '{' + ','.join(s['reads']) + '}'
        when = literal(s['when']) if 'when' in s else 'NULL::text'
        storage = literal(json.dumps(s['storage'], sort_keys=True)) + '::jsonb' if s['storage'] else 'NULL::jsonb'
        rows.append('(%s, %s, %s, %s, %s::text[], %s, %s, %s\n%s%s)' % (
            s['step'], literal(s['object']), literal(s['kind']), literal(s['layer']),
            literal(reads), when, storage, QUOTE, s['sql'], QUOTE))
    return ('CREATE FUNCTION iapt_ews.model_objects_%(t)s()\n'
            'RETURNS SETOF iapt_ews.model_statement\n'
            'LANGUAGE sql IMMUTABLE PARALLEL SAFE\n'
            'SET search_path = pg_catalog, pg_temp\n'
            'AS $function$\nVALUES\n%(rows)s\n$function$;\n'
            "COMMENT ON FUNCTION iapt_ews.model_objects_%(t)s() IS\n"
            "'Internal: the data model''s %(t)s statements, one file each in sql/model/%(t)s/ "
            "(assembled at build time); read them through iapt_ews.data_model';\n"
            % {'t': topic, 'rows': ',\n'.join(rows)})


def integer_ordered_type(type_name, integer_kind, noun, order):
    with open(os.path.join(TOP, 'sql', 'templates', 'integer_ordered_type.sql'), encoding='utf-8') as f:
        template = ''.join(line for line in f if not line.startswith('-- '))
    return (template.replace('{type}', type_name).replace('{int}', integer_kind)
            .replace('{noun}', noun).replace('{order}', order.replace("'", "''")))


def main(fragments):
    out = sys.stdout
    for path in fragments:
        with open(path, encoding='utf-8') as f:
            for line in f:
                match = MARKER.match(line)
                ordered = ORDERED_TYPE.match(line)
                if match:
                    out.write(catalogue_function(match.group(1)))
                elif ordered:
                    out.write(integer_ordered_type(*ordered.groups()))
                else:
                    out.write(line)


if __name__ == '__main__':
    main(sys.argv[1:])
