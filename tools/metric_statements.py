#!/usr/bin/env python3
"""Writes the key-metrics statements from the metric catalogue.

    tools/metric_statements.py           write sql/model/key_metrics/NNN-*.sql
    tools/metric_statements.py --check   exit 1 if a written file is not current

Each measure of the key metrics is one row of sql/model/key_metrics/metrics.csv:
its column name, NHS England's name, its kind (count, rate, mean, median, or
cell for a count the cells keep for another measure), the part of the cells
that counts it (event, open, appointment) and its aggregate there, the
numerator and denominator of a rate or mean, when it is shown (by_intensity:
only where the schema has care_activity), its disclosure rule (suppress,
rate, withheld_below_5_finished) and its description. The statements that
use them are written by hand as NNN-<object>.sql.in, with a line

    -- @metrics <section>

where the catalogue's columns go. This writes NNN-<object>.sql beside each,
an ordinary statement file (tools/assemble_sql.py) that runs on its own in
psql; adding a measure is one row of the catalogue (docs/reporting.md).
"""
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assemble_sql  # noqa: E402  (the statement header is its)

TOP = assemble_sql.TOP
FOLDER = os.path.join(TOP, 'sql', 'model', 'key_metrics')
CATALOGUE = os.path.join(FOLDER, 'metrics.csv')
# "-- @metrics <section> [<part>] [,]": the trailing comma when the list
# goes on after the section's items.
MARKER = re.compile(r'^(\s*)-- @metrics ([a-z_]+)(?: ([a-z_]+))?( ,)?\s*$')
# "-- @metrics_catalogue <file>": the template reads another catalogue of
# the folder than metrics.csv.
CATALOGUE_LINE = re.compile(r'^-- @metrics_catalogue ([a-z_]+\.csv)\s*$')
KINDS = ('count', 'rate', 'mean', 'median', 'cell')
PARTS = ('event', 'open', 'appointment')
RULES = ('suppress', 'rate', 'withheld_below_5_finished')
PUBLISHED_SUFFIX = {
    'suppress': '; suppressed, and withheld where a sum across the levels would give a withheld count back',
    'rate': '; from the published counts, withheld with them, a fraction to 4 decimals',
    'withheld_below_5_finished': '; withheld below 5 finished courses, 1 decimal',
}


def read_catalogue(path=CATALOGUE):
    with open(path, newline='', encoding='utf-8') as f:
        measures = list(csv.DictReader(f))
    names = set()
    for m in measures:
        where = '%s, %s' % (os.path.basename(path), m['name'])
        if not re.match(r'^[a-z][a-z0-9_]*$', m['name']) or m['name'] in names:
            sys.exit('%s: the name must be a new lower-case identifier' % where)
        names.add(m['name'])
        if m['kind'] not in KINDS:
            sys.exit('%s: kind %r is not one of %s' % (where, m['kind'], ', '.join(KINDS)))
        # A catalogue whose counts come ready counted (repeat_referrals)
        # leaves part and aggregate empty; the key metrics' cells need both.
        if m['kind'] in ('count', 'cell') and (m['part'] or m['cell']) and \
                (m['part'] not in PARTS or not m['cell']):
            sys.exit('%s: a count needs a part (%s) and its aggregate' % (where, ', '.join(PARTS)))
        if m['kind'] in ('rate', 'mean') and not (m['numerator'] and m['denominator']):
            sys.exit('%s: a %s needs a numerator and a denominator' % (where, m['kind']))
        if m['kind'] != 'cell' and m['published'] not in RULES:
            sys.exit('%s: disclosure rule %r is not one of %s' % (where, m['published'], ', '.join(RULES)))
        if m['shown'] not in ('', 'by_intensity'):
            sys.exit('%s: shown %r is not empty or by_intensity' % (where, m['shown']))
    return measures


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


def report_comment(m):
    return m['description'] + (' (%s)' % m['nhs_name'] if m['nhs_name'] else '')


def section(measures, name, argument, view):
    """The lines of one section, without the separator or indentation."""
    cell_columns = [m for m in measures if m['kind'] in ('count', 'cell')]
    reported = [m for m in measures if m['kind'] != 'cell']
    if name == 'part_counts':          # a part's aggregates, in the cells
        return ['%s AS %s' % (m['cell'], m['name']) for m in cell_columns if m['part'] == argument], ','
    if name == 'part_row':             # a part's row of every cell column
        return [m['name'] if m['part'] == argument else 'NULL::bigint AS %s' % m['name']
                for m in cell_columns], ','
    if name == 'cell_sums':            # the cells' columns, summed per cell
        return ['coalesce(sum(%s), 0)::bigint AS %s' % (m['name'], m['name']) for m in cell_columns], ','
    if name == 'cell_comments':
        return ['COMMENT ON COLUMN key_metrics_cells.%s IS %s;' % (
            m['name'], quoted(m['description'] if m['kind'] == 'cell' else report_comment(m)))
            for m in cell_columns], ''
    if name == 'level_sums':           # the cells added up to a level
        lines = ['coalesce(sum(c.%s), 0)::bigint AS %s' % (m['name'], m['name'])
                 for m in measures if m['kind'] == 'count']
        lines += ['sum(c.%s) / nullif(sum(c.%s), 0) AS %s' % (m['numerator'], m['denominator'], m['name'])
                  for m in measures if m['kind'] == 'mean']
        return lines, ','
    if name == 'report_columns':
        lines = []
        for m in reported:
            if m['kind'] == 'rate':
                lines.append('nullif(%s, 0)::float8 / nullif(%s, 0) AS %s'
                             % (m['numerator'], m['denominator'], m['name']))
            elif m['shown'] == 'by_intensity':
                lines.append('CASE WHEN by_intensity THEN %s END AS %s' % (m['name'], m['name']))
            else:
                lines.append(m['name'])
        return lines, ','
    if name == 'report_comments':
        return ['COMMENT ON COLUMN key_metrics.%s IS %s;' % (m['name'], quoted(report_comment(m)))
                for m in reported], ''
    suppressed = [m for m in reported if m['published'] == 'suppress']
    if name == 'shown_counts':         # each count as suppress() publishes it
        return ['iapt_ews.suppress(%s) AS shown_%s' % (m['name'], m['name']) for m in suppressed], ','
    if name == 'sum_window_clause':    # the sums across the levels, as windows
        return ['WINDOW by_month AS (PARTITION BY month), by_level AS (PARTITION BY month, level),',
                'by_provider AS (PARTITION BY month, provider_code),',
                'by_provider_level AS (PARTITION BY month, level, provider_code),',
                'by_region AS (PARTITION BY month, region_code),',
                'by_region_level AS (PARTITION BY month, level, region_code)'], ''
    if name == 'sum_windows':          # what a reader knows of each sum's parts
        lines = []
        for m in suppressed:
            x = 'shown_' + m['name']
            for total, total_level, parts in (('national', 'national', 'by_level'),
                                              ('provider', 'provider', 'by_provider_level'),
                                              ('region', 'region', 'by_region_level')):
                window = {'national': 'by_month', 'provider': 'by_provider', 'region': 'by_region'}[total]
                lines += ["max(%s) FILTER (WHERE level = '%s') OVER %s AS %s_%s" % (x, total_level, window, total, m['name']),
                          'count(*) FILTER (WHERE %s IS NULL) OVER %s AS %s_withheld_%s' % (x, parts, total, m['name']),
                          'sum(%s + 2) OVER %s AS %s_high_%s' % (x, parts, total, m['name']),
                          'min(%s) OVER %s AS %s_smallest_%s' % (x, parts, total, m['name'])]
        return lines, ','
    if name == 'published_counts':     # secondary suppression, sum by sum
        # The level (an iapt_ews.report_level) is compared as its name: the
        # builders' path has no iapt_ews, and an IN list of levels would be
        # a report_level array cast to text[], which a dump gives back as
        # another expression (test/t/020_reporting_dump.pl).
        lines = []
        for m in suppressed:
            x = m['name']
            part = 'shown_' + x
            for total, levels in (('national', "'region', 'icb', 'sub_icb', 'provider'"),
                                  ('provider', "'service'"), ('region', "'icb', 'sub_icb'")):
                part = ('iapt_ews.suppress_part(%s, CASE WHEN level::text IN (%s) THEN %s_%s END, '
                        '%s_withheld_%s, %s_high_%s::bigint, %s_smallest_%s)'
                        % (part, levels, total, x, total, x, total, x, total, x))
            lines.append('%s AS published_%s' % (part, x))
        return lines, ','
    if name == 'published_columns':
        counts = {m['name'] for m in suppressed}
        lines = []
        for m in reported:
            if m['published'] == 'suppress':
                lines.append('published_%s AS %s' % (m['name'], m['name']))
            elif m['published'] == 'rate':
                # Withheld with a count it reads that the secondary rule
                # withheld: shown, it would give that count back.
                read = [c for c in re.findall(r'[a-z_][a-z0-9_]*', m['numerator'] + ' ' + m['denominator'])
                        if c in counts]
                withheld = ' OR '.join('(published_%s IS NULL AND shown_%s IS NOT NULL)' % (c, c) for c in read)
                lines.append('CASE WHEN %s THEN NULL ELSE round(iapt_ews.published_rate(%s, %s)::numeric, 4) END AS %s'
                             % (withheld, m['numerator'], m['denominator'], m['name']))
            else:
                lines.append('CASE WHEN count_finished_course_treatment >= 5 THEN round(%s::numeric, 1) END AS %s'
                             % (m['name'], m['name']))
        return lines, ','
    if name == 'published_comments':
        return ['COMMENT ON COLUMN %s.%s IS %s;' % (
            view, m['name'], quoted(report_comment(m) + PUBLISHED_SUFFIX[m['published']])) for m in reported], ''
    sys.exit('unknown section %r' % name)


def expand(template_path):
    """The statement file: the template with each marker's section written
    out, one item a line at the marker's indentation, and a note after the
    header saying where it comes from."""
    name = os.path.basename(template_path)
    with open(template_path, encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)
    view = next(l.split(':', 1)[1].strip() for l in lines if l.startswith('-- object:'))
    catalogue = 'metrics.csv'
    for line in lines:
        match = CATALOGUE_LINE.match(line)
        if match:
            catalogue = match.group(1)
    measures = read_catalogue(os.path.join(os.path.dirname(template_path), catalogue))
    out = []
    for line in lines:
        if CATALOGUE_LINE.match(line):
            continue
        match = MARKER.match(line)
        if not match:
            out.append(line)
            continue
        indent, section_name, argument, more = match.groups()
        items, separator = section(measures, section_name, argument, view)
        for k, item in enumerate(items):
            last = k == len(items) - 1
            out.append(indent + item + (separator if not last or more else '') + '\n')
    header_end = 0
    while header_end < len(out) and assemble_sql.HEADER.match(out[header_end]):
        header_end += 1
    note = ('-- Written by tools/metric_statements.py from %s and %s:\n'
            '-- edit those, not this file.\n' % (name, catalogue))
    return ''.join(out[:header_end]) + note + ''.join(out[header_end:])


def main(check):
    read_catalogue()   # checked even when no template reads it
    stale = []
    for name in sorted(os.listdir(FOLDER)):
        if not name.endswith('.sql.in'):
            continue
        target = os.path.join(FOLDER, name[:-len('.in')])
        text = expand(os.path.join(FOLDER, name))
        current = open(target, encoding='utf-8').read() if os.path.exists(target) else None
        if current != text:
            if check:
                stale.append(os.path.relpath(target, TOP))
            else:
                with open(target, 'w', encoding='utf-8') as f:
                    f.write(text)
    if stale:
        sys.exit('not written from the catalogue (run tools/metric_statements.py): ' + ', '.join(stale))


if __name__ == '__main__':
    main('--check' in sys.argv[1:])
