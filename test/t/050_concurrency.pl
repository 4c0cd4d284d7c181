# 16 clients call classify, the aggregates and access_scores at once for a
# bounded time (pgbench, test/concurrency/*.sql): no errors, no deadlocks,
# no crash, and the answers afterwards equal those computed before by a
# single client.
use strict;
use warnings;

use IaptEwsTest;
use IPC::Run;
use Test::More;

my $top = top_dir();
# 16 sessions logging every statement would only slow the server down.
my $node = iapt_node('main', 'log_statement = none');
create_iapt_database($node, 'iapt_ews_conc');
$node->safe_psql('iapt_ews_conc', <<'SQL');
CREATE SCHEMA iapt_ews_conc;
CREATE TABLE iapt_ews_conc.outcomes AS
SELECT i AS id, i % 7 AS service,
       iapt_ews.classify((i * 7) % 28, (i * 13) % 28, 'gad7', (i * 3) % 22, (i * 5) % 22, i % 9, i % 11 <> 0) AS o
FROM generate_series(1, 20000) i;
CREATE TABLE iapt_ews_conc.scores AS
SELECT i / 4 AS pathway_id, timestamptz '2025-01-01' + (i % 4) * interval '7 days' AS recorded_at, (i % 28)::numeric AS score
FROM generate_series(1, 4000) i;
CREATE TABLE iapt_ews_conc.staff AS
SELECT i % 7 AS service, (ARRAY['ea', 'hit', 'pwp'])[1 + i % 3] AS role, (i % 10 + 1) / 10.0 AS wte
FROM generate_series(1, 700) i;
CREATE TABLE iapt_ews_conc.areas AS
SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(500000 + (i % 40) * 500, 180000 + (i / 40) * 500), 27700) AS geom, 1000 AS pop
FROM generate_series(0, 1599) i;
CREATE TABLE iapt_ews_conc.sites AS
SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint(501000 + (i % 5) * 4000, 181000 + (i / 5) * 4000), 27700) AS geom
FROM generate_series(0, 24) i;
SQL

my $checksum = <<'SQL';
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT service || ':' || iapt_ews.outcome_summary(o)::text AS x FROM iapt_ews_conc.outcomes GROUP BY service
  UNION ALL SELECT (SELECT iapt_ews.ea_ratio(role, wte)::text FROM iapt_ews_conc.staff)
  UNION ALL SELECT (SELECT sum(e2sfca)::numeric(20, 12)::text FROM iapt_ews.access_scores(
      'SELECT id, geom, pop AS population FROM iapt_ews_conc.areas', 'SELECT id, geom, 1 AS capacity FROM iapt_ews_conc.sites', 3000))) s
SQL
my $before = $node->safe_psql('iapt_ews_conc', $checksum);

# pgbench: 16 sessions on 2 threads for 8 s, three classify scripts to one
# of aggregates. Its output and errors are kept together, as its log.
my $log = '';
my $status;
eval {
    IPC::Run::run(
        [
            'pgbench', '-n', '-c', '16', '-j', '2', '-T', '8',
            '-h', $node->host, '-p', $node->port,
            '-f', "$top/test/concurrency/classify.sql\@3",
            '-f', "$top/test/concurrency/aggregates.sql\@1",
            'iapt_ews_conc'
        ],
        '>', \$log, '2>&1',
        IPC::Run::timeout(120));
    $status = $? >> 8;
    1;
} or $log .= "\npgbench did not finish: $@";
my $after = $node->safe_psql('iapt_ews_conc', $checksum);
note(join "\n", grep { /number of (transactions actually processed|failed transactions)|tps/ } split /\n/, $log);

is($status, 0, 'pgbench ran 16 clients for 8 s and exited with 0')
  or diag(join "\n", grep { defined } (split /\n/, $log)[ 0 .. 29 ]);
unlike($log, qr/error|deadlock|terminat/i, 'pgbench reported no error, deadlock or lost session');
like($log, qr/number of transactions actually processed: [1-9]/, 'transactions were processed');
ok($before ne '' && $after eq $before,
    'answers after the load equal those before (one client)')
  or diag("before: $before\nafter: $after");

logs_show_no_crash($node);

done_testing();
