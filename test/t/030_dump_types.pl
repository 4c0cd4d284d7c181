# Dump and restore of data typed with every base type of the extension
# (found in pg_type, so new types are covered): pg_dump in custom and in
# plain format, restored into fresh databases, and binary COPY out and in;
# every row must come back identical.
use strict;
use warnings;

use IaptEwsTest;
use IPC::Run;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = iapt_node('main');
create_iapt_database($node, 'iapt_types_src');
$node->safe_psql('iapt_types_src', <<'SQL');
CREATE TABLE typed AS
SELECT i,
       iapt_ews.classify(i % 28, (i * 7) % 28, (ARRAY['gad7', 'mi_alone', 'pdss'])[1 + i % 3],
                         CASE i % 3 WHEN 1 THEN 1 + (i % 401) / 100.0 ELSE i % 21 END,
                         CASE WHEN i % 5 = 0 THEN NULL WHEN i % 3 = 1 THEN 1 + ((i * 3) % 401) / 100.0 ELSE (i * 3) % 21 END,
                         i % 6, i % 4 <> 0) AS outcome,
       (SELECT iapt_ews.pair_scores(timestamptz '2025-01-01' + k * interval '1 day', (i + k) % 28)
        FROM generate_series(0, i % 4) k) AS pair,
       ((i % 30) / 10.0 || ':' || (i % 90) / 10.0)::iapt_ews.staff_ratio AS ratio,
       (ARRAY['national', 'Region', 'ICB', 'Sub-ICB', 'provider', 'SERVICE'])[1 + i % 6]::iapt_ews.report_level AS level,
       (SELECT iapt_ews.ols_fit(k * (i % 7) + sin(k), (ARRAY[k::float8, cos(i * k)])[1:1 + i % 2])
        FROM generate_series(1, i % 5) k) AS fit
FROM generate_series(1, 3000) i;
SQL

# Every base type of the extension must have a column here.
my $missing = $node->safe_psql('iapt_types_src', <<'SQL');
SELECT string_agg(t.typname, ', ') FROM pg_type t
WHERE t.typnamespace = 'iapt_ews'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = 'typed'::regclass AND a.atttypid = t.oid)
SQL
is($missing, '', 'a column for every base type of the extension');

my $fingerprint =
  "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY i)) FROM %s t";
my $before = $node->safe_psql('iapt_types_src', sprintf $fingerprint, 'typed');

# The restores' own errors do not stop the test: the rows that came back
# are what is checked (and the errors are in the test's log).
my $dir = PostgreSQL::Test::Utils::tempdir();
run_or_die('pg_dump', '-Fc', '-f', "$dir/typed.custom", '-d', $node->connstr('iapt_types_src'));
run_or_die('pg_dump', '-Fp', '-f', "$dir/typed.sql", '-d', $node->connstr('iapt_types_src'));
$node->safe_psql('postgres', 'CREATE DATABASE iapt_types_custom');
$node->safe_psql('postgres', 'CREATE DATABASE iapt_types_plain');
IPC::Run::run([ 'pg_restore', '-d', $node->connstr('iapt_types_custom'), "$dir/typed.custom" ]);
IPC::Run::run([ 'psql', '-X', '-q', '-d', $node->connstr('iapt_types_plain'), '-f', "$dir/typed.sql" ],
    '>', '/dev/null');
is($node->safe_psql('iapt_types_custom', sprintf $fingerprint, 'typed'),
    $before, 'pg_dump -Fc / pg_restore keeps every row');
is($node->safe_psql('iapt_types_plain', sprintf $fingerprint, 'typed'),
    $before, 'pg_dump -Fp / psql keeps every row');

# The server writes and reads the file: it runs as the same user as this test.
$node->safe_psql('iapt_types_src', <<"SQL");
COPY typed TO '$dir/typed.bin' (FORMAT binary);
CREATE TABLE typed_copy (LIKE typed);
COPY typed_copy FROM '$dir/typed.bin' (FORMAT binary);
SQL
is($node->safe_psql('iapt_types_src', sprintf $fingerprint, 'typed_copy'),
    $before, 'binary COPY out and in keeps every row');

logs_show_no_crash($node);

done_testing();
