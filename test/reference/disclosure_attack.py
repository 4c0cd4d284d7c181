#!/usr/bin/env python3
"""Try to give back withheld counts from the _published views
(test/shell/disclosure_attack.sh; docs/reporting.md, "Disclosure control").

An attacker reads every <report>_published view of a bound schema. For every
count cell, what it shows bounds the true count:

  published r        the count is in [r - 2, r + 2] (and at least 5)
  withheld (NULL)    the count is in [0, 4] (the attacker is granted to know
                     which withheld cells are small); a cell withheld by the
                     secondary rule (its true count is 5 or more) looks the
                     same as a small one, and is in [0, inf)

The published counts are also tied by sums (England = the sum of its
regions, of its providers; a provider = the sum of its services; a total =
the sum of its categories; the deciles add up to all areas; ...). Each sum
is checked on the true counts (the unpublished reports) and used only where
it holds. For every withheld non-zero cell tied by some sum, linear
programming (scipy.optimize.linprog) gives the least and the greatest value
it can take under all the bounds and sums; it must not be pinned to one
whole number.

Statistics beside the counts (differences with their intervals and
p-values, observed/expected, SII, RII) are attacked by enumeration: every
combination of counts the published (rounded) counts allow is tried, and
those that reproduce the published statistic kept. No count may come out
exactly (the rounding withholds the exact count too).

Usage: disclosure_attack.py DATABASE SCHEMA
Prints TAP-like "ok" / "not ok" lines; exits 1 when any check fails.
"""
import csv
import io
import itertools
import math
import subprocess
import sys
from collections import defaultdict

from scipy.optimize import linprog
from scipy.sparse import coo_matrix

DB, SCHEMA = sys.argv[1], sys.argv[2]
# The level of the key-metrics, equality, repeat-referral and employment
# views is an iapt_ews.report_level, a key like text (its name as text).
KEY_TYPES = ('text', 'date', 'boolean', 'character varying', 'report_level', 'iapt_ews.report_level')
INT_TYPES = ('bigint', 'integer', 'smallint')


def query(sql):
    out = subprocess.run(['psql', '-X', '-q', '--csv', '-v', 'ON_ERROR_STOP=1', '-d', DB, '-c', sql],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], rows[1:]


def suppress(n):
    return None if n < 5 else int(math.floor(n / 5 + 0.5)) * 5


def published_interval(r):
    return max(r - 2, 5), r + 2


passed = failed = 0


def check(ok, name):
    global passed, failed
    if ok:
        passed += 1
        print('ok - ' + name)
    else:
        failed += 1
        print('not ok - ' + name)


# --- read every published view and its report -------------------------------
_, views = query(f"""SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = '{SCHEMA}' AND c.relkind = 'v' AND c.relname LIKE '%\\_published'
                     AND to_regclass(format('%I.%I', n.nspname, left(c.relname, -10))) IS NOT NULL
                     ORDER BY 1""")
views = [v[0] for v in views]
check(len(views) >= 10, f'{len(views)} published views to attack')

# A published view that is not its report row for row: the true counts.
BASES = {
    'workshop_polls_published': f"""SELECT p.service_id, p.topic,
        date_trunc('month', p.starts_at AT TIME ZONE 'Europe/London')::date AS month,
        count(*) AS sessions, sum(p.poll_responses)::bigint AS poll_responses
        FROM {SCHEMA}.workshop_polls p GROUP BY 1, 2, 3""",
}
# Published counts that are not columns of the report: their true values.
DERIVED = {
    'service_month_metrics_published': {'recovery_denominator': 'finished_treatment - not_at_caseness'},
    'equality_metrics_published': {'recovery_denominator': 'count_finished_course_treatment - count_not_at_caseness'},
}
data = {}      # view -> dict(keys, counts, pub{key: row}, true{key: row}, cols)
for view in views:
    base = view[:-len('_published')]
    _, cols = query(f"""SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
                        WHERE a.attrelid = '{SCHEMA}.{view}'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                        ORDER BY a.attnum""")
    _, base_cols = query(f"""SELECT a.attname FROM pg_attribute a
                             WHERE a.attrelid = '{SCHEMA}.{base}'::regclass AND a.attnum > 0 AND NOT a.attisdropped""")
    base_cols = {c[0] for c in base_cols}
    keys = [c for c, t in cols if t in KEY_TYPES and c in base_cols] + \
           [c for c, t in cols if c == 'imd_decile']
    ints = [c for c, t in cols if t in INT_TYPES and c in base_cols and c not in keys]
    derived = DERIVED.get(view, {})
    ints += [c for c, t in cols if c in derived]
    if view in BASES:
        keys = [c for c, t in cols if t in KEY_TYPES]
        ints = [c for c, t in cols if t in INT_TYPES]
    sel = ', '.join(f'"{c}"' for c in keys + ints)
    tsel = ', '.join(f'{derived[c]} AS "{c}"' if c in derived else f'"{c}"' for c in keys + ints)
    _, prow = query(f'SELECT {sel} FROM {SCHEMA}.{view}')
    _, trow = query(f'SELECT {tsel} FROM ({BASES.get(view, f"SELECT * FROM {SCHEMA}.{base}")}) t')
    _, allp = query(f'SELECT * FROM {SCHEMA}.{view}')
    allcols = [c for c, _ in cols]
    nk = len(keys)

    def conv(row):
        k = tuple(row[:nk])
        v = [None if x == '' else int(x) for x in row[nk:]]
        return k, dict(zip(ints, v))
    pub = dict(conv(r) for r in prow)
    true = dict(conv(r) for r in trow)
    full = {}
    key_idx = [allcols.index(k) for k in keys]
    for r in allp:
        full[tuple(r[i] for i in key_idx)] = dict(zip(allcols, r))
    unique = len(pub) == len(prow) and len(true) == len(trow) and set(pub) == set(true)
    check(unique, f'{view}: rows matched with {base} on ({", ".join(keys)})')
    if not unique:
        continue
    # A count column: what it shows is suppress() of the true count, or
    # nothing (withheld by the secondary rule).
    counts = [c for c in ints
              if any(true[k][c] is not None for k in true)
              and all(true[k][c] is None and pub[k][c] is None
                      or true[k][c] is not None and pub[k][c] in (None, suppress(true[k][c])) for k in true)
              and any(pub[k][c] != true[k][c] for k in true)]
    secondary = sum(1 for k in true for c in counts if pub[k][c] is None and (true[k][c] or 0) >= 5)
    if secondary:
        print(f'# {view}: {secondary} cells withheld by the secondary rule')
    data[view] = dict(keys=keys, counts=counts, pub=pub, true=true, full=full)

# --- the sums an attacker knows (each checked on the true counts) ------------
identities = []   # (description, target var, [part vars]); var = (view, key, column)


def add_identity(desc, target, parts):
    identities.append((desc, target, parts))


def level_identities(view, split_cols=()):
    d = data.get(view)
    if not d or 'level' not in d['keys']:
        return
    ki = {c: i for i, c in enumerate(d['keys'])}
    groups = defaultdict(list)   # (month, split...) -> keys
    for k in d['pub']:
        groups[(k[ki['month']],) + tuple(k[ki[c]] for c in split_cols)].append(k)
    for g, ks in groups.items():
        by_level = defaultdict(list)
        for k in ks:
            by_level[k[ki['level']]].append(k)
        for col in d['counts']:
            for nat in by_level.get('national', []):
                for level, parts in by_level.items():
                    if level != 'national':
                        add_identity(f'{view} {col}: national = sum of {level}',
                                     (view, nat, col), [(view, p, col) for p in parts])
            if 'provider_code' in ki:
                for prov in by_level.get('provider', []):
                    parts = [k for k in by_level.get('service', []) if k[ki['provider_code']] == prov[ki['provider_code']]]
                    if parts:
                        add_identity(f'{view} {col}: provider = sum of its services',
                                     (view, prov, col), [(view, p, col) for p in parts])
            if 'region_code' in ki:
                for reg in by_level.get('region', []):
                    for level in ('icb', 'sub_icb'):
                        parts = [k for k in by_level.get(level, []) if k[ki['region_code']] == reg[ki['organisation_code']]]
                        if parts:
                            add_identity(f'{view} {col}: region = sum of its {level}',
                                         (view, reg, col), [(view, p, col) for p in parts])


level_identities('key_metrics_published')
level_identities('repeat_referrals_published')
level_identities('equality_metrics_published', ('split_type', 'split_value'))

# equality_metrics: the categories of a split add up to the organisation's
# key_metrics row.
if 'equality_metrics_published' in data and 'key_metrics_published' in data:
    e, km = data['equality_metrics_published'], data['key_metrics_published']
    ei = {c: i for i, c in enumerate(e['keys'])}
    ki = {c: i for i, c in enumerate(km['keys'])}
    kmrow = {}
    for k in km['pub']:
        kmrow[(k[ki['month']], k[ki['level']], k[ki['organisation_code']])] = k
    groups = defaultdict(list)
    for k in e['pub']:
        groups[(k[ei['month']], k[ei['level']], k[ei['organisation_code']], k[ei['split_type']])].append(k)
    for (m, lv, org, st), ks in groups.items():
        t = kmrow.get((m, lv, org))
        if t is None:
            continue
        for col in e['counts']:
            if col in km['counts']:
                add_identity(f'equality_metrics_published {col}: the {st} categories = key_metrics_published',
                             ('key_metrics_published', t, col), [('equality_metrics_published', p, col) for p in ks])

# Sums within a row.
row_sums = {
    'service_month_metrics_published': [('finished_treatment', ['not_at_caseness', 'recovery_denominator'])],
    'equality_metrics_published': [('count_finished_course_treatment', ['count_not_at_caseness', 'recovery_denominator'])],
    'repeat_referrals_published': [('repeat_referrals', ['days_91_or_fewer', 'days_92_to_182', 'days_183_to_273', 'days_over_273'])],
    'employment_benefits_published': [('finished_with_record', ['first_benefit_received', 'first_no_benefit', 'first_benefit_unknown']),
                                      ('finished_with_first_and_last', ['last_benefit_received', 'last_no_benefit', 'last_benefit_unknown'])],
    'workshop_fill_published': [('booked', ['attended'])],
}
for view, sums in row_sums.items():
    d = data.get(view)
    if not d:
        continue
    for target, parts in sums:
        if target in d['counts'] and all(p in d['counts'] for p in parts):
            for k in d['pub']:
                add_identity(f'{view}: {target} = {" + ".join(parts)}', (view, k, target), [(view, k, p) for p in parts])

# The deciles add up to all areas; the small areas of a decile to the decile.
if 'access_by_decile_published' in data:
    a = data['access_by_decile_published']
    total = [k for k in a['pub'] if k[0] == '']
    deciles = [k for k in a['pub'] if k[0] != '']
    for t in total:
        add_identity('access_by_decile_published referrals: all areas = sum of deciles',
                     ('access_by_decile_published', t, 'referrals'),
                     [('access_by_decile_published', k, 'referrals') for k in deciles])
    if 'area_access_published' in data:
        ar = data['area_access_published']
        ai = ar['keys'].index('imd_decile')
        for dk in deciles:
            parts = [('area_access_published', k, 'referrals') for k in ar['pub'] if k[ai] == dk[0]]
            add_identity('area_access_published referrals: the areas of a decile = access_by_decile_published',
                         ('access_by_decile_published', dk, 'referrals'), parts)


def true_value(var):
    view, key, col = var
    v = data[view]['true'][key][col]
    return v


def pub_value(var):
    view, key, col = var
    return data[view]['pub'][key][col]


kept, dropped = [], defaultdict(int)
for desc, t, parts in identities:
    try:
        ok = all(true_value(v) is not None for v in [t] + parts) and true_value(t) == sum(true_value(p) for p in parts)
    except KeyError:
        ok = False
    (kept.append((desc, t, parts)) if ok else None)
    if not ok:
        dropped[desc.split(':')[0] + ':' + desc.split(':')[1]] += 1
print(f'# {len(kept)} sums hold on the true counts ({len(identities) - len(kept)} candidates do not)')
check(len(kept) > 0, 'the attacker has sums to work with')

# --- linear bounds on every withheld cell -------------------------------------
parent = {}


def find(x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


for _, t, parts in kept:
    for p in parts:
        parent[find(p)] = find(t)
components = defaultdict(list)
for i, (_, t, parts) in enumerate(kept):
    components[find(t)].append(i)


def bounds(var):
    p = pub_value(var)
    if p is not None:
        return published_interval(p)
    # A small withheld count is in [0, 4]; one withheld by the secondary
    # rule looks the same to a reader, and can be anything from 0 up.
    return (0, 4) if true_value(var) < 5 else (0, None)


recovered = defaultdict(list)
attacked = defaultdict(int)
for root, ids in components.items():
    vs = sorted({v for i in ids for v in [kept[i][1]] + kept[i][2]})
    targets = [v for v in vs if pub_value(v) is None and true_value(v) > 0]
    if not targets:
        continue
    idx = {v: j for j, v in enumerate(vs)}
    rows, cols_, vals = [], [], []
    for r, i in enumerate(ids):
        _, t, parts = kept[i]
        rows.append(r); cols_.append(idx[t]); vals.append(1.0)
        for p in parts:
            rows.append(r); cols_.append(idx[p]); vals.append(-1.0)
    A = coo_matrix((vals, (rows, cols_)), shape=(len(ids), len(vs))).tocsr()
    b = [0.0] * len(ids)
    bnds = [bounds(v) for v in vs]
    for v in targets:
        attacked[v[0]] += 1
        truth = true_value(v)
        c = [0.0] * len(vs)
        # The true count is always possible: it is pinned only when nothing
        # below it is (the least value first) and nothing above it.
        c[idx[v]] = 1.0
        lo = linprog(c, A_eq=A, b_eq=b, bounds=bnds, method='highs')
        if lo.status != 0:
            recovered[v[0]].append(f'{v}: no solution ({lo.message})')
            continue
        if math.ceil(lo.fun - 1e-6) < truth:
            continue
        c[idx[v]] = -1.0
        hi = linprog(c, A_eq=A, b_eq=b, bounds=bnds, method='highs')
        if hi.status != 0:
            recovered[v[0]].append(f'{v}: no solution ({hi.message})')
            continue
        if math.floor(-hi.fun + 1e-6) <= truth:
            recovered[v[0]].append(f'{v[1]} {v[2]} = {truth}')
for view in data:
    msgs = recovered.get(view, [])
    for m in msgs[:5]:
        print(f'#   {view}: {m}')
    check(not msgs, f'{view}: no withheld non-zero count given back by the sums '
                    f'({attacked.get(view, 0)} attacked, {len(msgs)} recovered)')

# --- statistics beside the counts --------------------------------------------
Z = 1.959963984540054


def wilson(x, n):
    p = x / n
    a = 2 * n * p + Z * Z
    bb = Z * math.sqrt(Z * Z + 4 * n * p * (1 - p))
    c = 2 * (n + Z * Z)
    return (a - bb) / c, (a + bb) / c


def compare(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    p = (x1 + x2) / (n1 + n2)
    v = p * (1 - p) * (1 / n1 + 1 / n2)
    pv = 1.0 if v == 0 else math.erfc(abs(d) / math.sqrt(v) / math.sqrt(2))
    return d, lo, hi, pv


def near(x, shown, places):
    return abs(x - float(shown)) <= 0.5 * 10 ** -places + 1e-9


view = 'employment_support_clinical_outcomes_published'
if view in data:
    d = data[view]
    comparisons = [('recovery', 'supported_recovered', 'supported_recovery_denominator', 'other_recovered', 'other_recovery_denominator'),
                   ('reliable_recovery', 'supported_reliably_recovered', 'supported_recovery_denominator', 'other_reliably_recovered', 'other_recovery_denominator'),
                   ('reliable_improvement', 'supported_reliably_improved', 'supported_finished', 'other_reliably_improved', 'other_finished')]
    shown = pinned = 0
    examples = []
    for k, row in d['full'].items():
        for name, *cols in comparisons:
            if row[name + '_difference'] == '':
                continue
            shown += 1
            ranges = [range(published_interval(int(row[c]))[0], published_interval(int(row[c]))[1] + 1) for c in cols]
            fits = []
            for x1, n1, x2, n2 in itertools.product(*ranges):
                if x1 > n1 or x2 > n2:
                    continue
                dd, lo, hi, pv = compare(x1, n1, x2, n2)
                if (near(dd, row[name + '_difference'], 2) and near(lo, row[name + '_ci_low'], 2)
                        and near(hi, row[name + '_ci_high'], 2) and near(pv, row[name + '_p_value'], 3)):
                    fits.append((x1, n1, x2, n2))
            # Given back: the statistic leaves one value, the true one, where
            # that is not the published one (a statistic of the published
            # counts always leaves the published counts among its fits).
            exact = [c for j, c in enumerate(cols)
                     if len({f[j] for f in fits}) == 1 and fits[0][j] == d['true'][k][c] != int(row[c])]
            if exact:
                pinned += 1
                if len(examples) < 3:
                    examples.append(f'{k} {name}: {exact} exact among {len(fits)} fits, true '
                                    f'{[d["true"][k][c] for c in cols]}')
    for e in examples:
        print(f'#   {view}: {e}')
    check(pinned == 0, f'{view}: no count given back exactly by a difference, its interval and p-value '
                       f'({shown} shown, {pinned} giving counts back)')

view = 'access_by_decile_published'
if view in data:
    d = data[view]
    full = d['full']
    tot = [r for k, r in full.items() if k[0] == '']
    decs = [r for k, r in full.items() if k[0] != '']
    pinned, shown, examples = 0, 0, []
    if tot and tot[0]['referrals'] != '':
        T = published_interval(int(tot[0]['referrals']))
        P = int(tot[0]['population'])
        for r in decs:
            if r['observed_expected'] == '' or r['referrals'] == '':
                continue
            shown += 1
            R = published_interval(int(r['referrals']))
            pop = int(r['population'])
            fits = [(x, t) for x in range(R[0], R[1] + 1) for t in range(T[0], T[1] + 1)
                    if near(x / (t * pop / P), r['observed_expected'], 3)]
            truth = d['true'][tuple(r[c] for c in d['keys'])]['referrals']
            if len({f[0] for f in fits}) == 1 and fits[0][0] == truth != int(r['referrals']):
                pinned += 1
                examples.append(f'decile {r["imd_decile"]}: referrals = {fits[0][0]}')
    for e in examples[:3]:
        print(f'#   {view}: {e}')
    check(pinned == 0, f'{view}: no decile count given back exactly by observed/expected ({shown} shown, {pinned} giving counts back)')
    # SII and RII: a function of the published rates only.
    sii, rii = (tot[0]['sii_referrals_per_100k'], tot[0]['rii_referrals']) if tot else ('', '')
    rows = sorted(decs, key=lambda r: int(r['imd_decile']))
    if sii != '':
        ok = all(r['referrals'] != '' for r in rows)
        if ok:
            pops = [int(r['population']) for r in rows]
            rates = [100000 * int(r['referrals']) / p for r, p in zip(rows, pops)]
            tp, cum, ridits = sum(pops), 0, []
            for p in pops:
                ridits.append((cum + p / 2) / tp)
                cum += p
            mx = sum(w * x for w, x in zip(pops, ridits)) / tp
            my = sum(w * y for w, y in zip(pops, rates)) / tp
            slope = sum(w * (x - mx) * (y - my) for w, x, y in zip(pops, ridits, rates)) / \
                sum(w * (x - mx) ** 2 for w, x in zip(pops, ridits))
            ok = near(slope, sii, 1) and near(slope / my, rii, 3)
            if not ok:
                print(f'#   {view}: published SII {sii}, RII {rii}; from the published counts {slope:.1f}, {slope / my:.3f}')
        check(ok, f'{view}: the SII and RII follow from the published counts (withheld with any decile)')
    else:
        check(True, f'{view}: the SII and RII withheld')

print(f'disclosure attack: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
