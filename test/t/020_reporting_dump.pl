# pg_dump / pg_restore of a database holding a data model (made by
# iapt_ews.create_data_model in schema talking_therapies, owned by a role of
# its own, with iapt_ews_postgis for the access views): every table of the
# model comes back with every row, including a column a DBA added to a model
# table; the row-level security policies, the views (definitions, options,
# grants), and the provider_access mapping come back, and the views give an
# analyst mapped to one provider the same figures, of that provider only.
# Tables and views are found in the catalogue, so new ones are covered.
use strict;
use warnings;

use IaptEwsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = iapt_node('main');
create_iapt_database($node, 'iapt_dump_src');
$node->safe_psql('postgres', 'CREATE DATABASE iapt_dump_dst');
$node->safe_psql('iapt_dump_src', <<'SQL');
SET client_min_messages = warning;
-- The model belongs to the role that made it; an analyst sees provider RXA.
CREATE ROLE dump_model_owner;
CREATE ROLE dump_analyst_rxa;
GRANT CREATE ON DATABASE iapt_dump_src TO dump_model_owner;
GRANT USAGE ON SCHEMA iapt_ews TO dump_model_owner;
SET ROLE dump_model_owner;
SELECT count(*) AS model_objects FROM iapt_ews.create_data_model('talking_therapies') \gset
SET search_path = talking_therapies;
INSERT INTO area VALUES ('E01000001', 'City of London 001A', 532151, 181655, 1465, 9),
                        ('E01000002', 'City of London 001B', 532443, 181265, 1280, 10);
INSERT INTO site VALUES ('SITE1', 'S1', 'Main clinic', 531000, 181000), ('SITE2', 'S2', 'East clinic', 534000, 181500);
INSERT INTO travel_cost VALUES ('E01000001', 'SITE1', 12.5), ('E01000002', 'SITE2', 8);
INSERT INTO workforce VALUES ('S1', '2025-01-01', 'ea', 1.5), ('S1', '2025-01-01', 'hit', 6), ('S1', '2025-01-01', 'pwp', 5.2);
INSERT INTO organisation (org_code, org_type, org_name, parent_code) VALUES ('RXA', 'provider', 'Provider A', 'QWE'),
                                                                            ('QWE', 'icb', 'An ICB', 'Y56');
INSERT INTO provider_access VALUES ('dump_analyst_rxa', 'RXA');
-- Referrals of two providers; the new referral columns filled.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code,
                      provisional_diagnosis, lsoa_code, commissioner_code, age_at_referral, gender, gender_identity,
                      ethnic_category, source_of_referral)
SELECT 'R' || i, 'P' || (i % 7), CASE WHEN i % 4 = 0 THEN 'RXB' ELSE 'RXA' END, 'S' || (1 + i % 2),
       date '2025-01-01' + i, date '2025-03-01' + i, '46', 'F41.1', 'E0100000' || (1 + i % 2),
       '15F', 18 + i, (ARRAY['1', '2', '9', 'X'])[1 + i % 4], '1', (ARRAY['A', 'B', 'H', 'N'])[1 + i % 4], 'B1'
FROM generate_series(1, 24) i;
INSERT INTO care_contact SELECT 'R' || i || '-' || k, 'R' || i, timestamptz '2025-01-25 10:00+00' + k * interval '7 days',
       true, 'treatment', '01'
FROM generate_series(1, 24) i, generate_series(1, 3) k;
INSERT INTO care_contact SELECT 'R' || i || '-ES', 'R' || i, timestamptz '2025-01-30 11:00+00', true, 'employment_support', '02'
FROM generate_series(3, 24, 3) i;
INSERT INTO care_activity SELECT 'R' || i || '-ES', '1098051000000103' FROM generate_series(3, 24, 3) i;
INSERT INTO assessment_score SELECT 'R' || i, m, timestamptz '2025-01-25 10:00+00' + k * interval '14 days', (i * k) % 20
FROM generate_series(1, 24) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k;
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence)
VALUES ('R3', '2025-01-26 10:00+00', '01', 'Y'), ('R3', '2025-03-01 10:00+00', '01', 'N');
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked, attended)
VALUES ('G1', 'S1', 'sleep', '2025-02-01 18:00+00', 15, 'online', 12, 10);
INSERT INTO waiting_list_entry VALUES ('W1', 'R1', 'S1', 'sleep', '2025-01-15', '2025-01-20', '2025-02-01', NULL);
-- A column a DBA added to a model table, with a value.
ALTER TABLE referral ADD COLUMN local_team text;
UPDATE referral SET local_team = 'team ' || service_id WHERE pathway_id <> 'R1';
GRANT USAGE ON SCHEMA talking_therapies TO dump_analyst_rxa;
GRANT SELECT ON referral_outcome, service_month_metrics_published, key_metrics_published,
                employment_support_outcomes_published, area_access_published, area_point, site_point TO dump_analyst_rxa;
SQL

# Every table and view of the schema: row count and a hash of its rows.
my $contents = <<'SQL';
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, %L ORDER BY t::text), %L)) FROM %s t',
              c.relname || ' (' || c.relkind::text || ')', E'\n', '', c.oid::regclass)
FROM pg_class c
WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind IN ('r', 'v')
ORDER BY c.relname \gexec
SQL
# The model's shape: columns, owners, grants, options, row security,
# policies, view definitions, the mapping, and what the analyst sees.
my $shape = <<'SQL';
SELECT 'relation', c.relname, c.relkind, c.relowner::regrole, c.relacl, c.reloptions, c.relrowsecurity,
       (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
        FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
FROM pg_class c WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind IN ('r', 'v')
ORDER BY c.relname;
SELECT 'policy', tablename, policyname, permissive, roles, cmd, qual, with_check
FROM pg_policies WHERE schemaname = 'talking_therapies' ORDER BY tablename, policyname;
-- A restored view may print a cast's implicit column name in a later
-- UNION branch as an alias ('open'::text AS text): the same view. Such
-- aliases are left out here; the columns' names and types are compared above.
SELECT 'view', c.relname, regexp_replace(pg_get_viewdef(c.oid), '(::[a-z0-9_ ]+) AS [a-z0-9_]+', '\1', 'g')
FROM pg_class c WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind = 'v' ORDER BY c.relname;
SELECT 'mapping', grantee::text, provider_code FROM talking_therapies.provider_access ORDER BY 2, 3;
SET ROLE dump_analyst_rxa;
SELECT 'analyst', 'providers', string_agg(DISTINCT provider_code, ',') FROM talking_therapies.referral_outcome;
SELECT 'analyst', 'referral_outcome', count(*), md5(string_agg(t::text, E'\n' ORDER BY t::text)) FROM talking_therapies.referral_outcome t;
SELECT 'analyst', 'service_month_metrics_published', count(*), md5(string_agg(t::text, E'\n' ORDER BY t::text)) FROM talking_therapies.service_month_metrics_published t;
SELECT 'analyst', 'area_access_published', count(*), md5(string_agg(t::text, E'\n' ORDER BY t::text)) FROM talking_therapies.area_access_published t;
SQL
sub model_text
{
    my ($dbname) = @_;
    return $node->safe_psql($dbname, $contents) . "\n" . $node->safe_psql($dbname, $shape);
}

my $dump = PostgreSQL::Test::Utils::tempdir() . '/dump';
run_or_die('pg_dump', '-Fc', '-d', $node->connstr('iapt_dump_src'), '-f', $dump);
run_or_die('pg_restore', '--exit-on-error', '-d', $node->connstr('iapt_dump_dst'), $dump);
my $before = model_text('iapt_dump_src');
my $after  = model_text('iapt_dump_dst');
my @before = split /\n/, $before;
sub first_line
{
    my ($pattern) = @_;
    my ($line) = grep { /$pattern/ } @before;
    return $line // '';
}
my $dba_column = 'SELECT count(local_team) FROM talking_therapies.referral';

# The source first: the checks below must be able to fail.
is(scalar(grep { /^[a-z_]+ \(r\)\|[1-9]/ } @before),
    14, 'the model has its 14 tables, each with rows');
like(first_line(qr/^relation\|referral\|r\|/),
    qr/local_team text/, "the DBA's column is in the source");
is($node->safe_psql('iapt_dump_src', $dba_column),
    '23', "the DBA's column has its values in the source");
is(scalar(grep { /^policy\|/ } @before),
    6, 'the source has the policies of the six patient tables');
is(first_line(qr/^analyst\|providers\|/),
    'analyst|providers|RXA', 'the analyst sees provider RXA only');
like(first_line(qr/^analyst\|referral_outcome\|/),
    qr/\|18\|/, "the analyst sees RXA's 18 referrals");
like($before, qr/^area_access \(v\)\|2\|/m,
    'the access views are there (iapt_ews_postgis)');

ok($before eq $after,
    'after pg_dump / pg_restore every table, row, column, grant, policy, view and mapping is the same ('
      . scalar(@before) . ' lines compared)')
  or diag(differing_lines($before, $after));
is($node->safe_psql('iapt_dump_dst', $dba_column),
    '23', "the DBA's column came back with its values");
note('rows compared (r table, v view): '
      . join ' ', map { s/^([a-z_]+) \((.)\)\|(\d+)\|.*/$1($2)=$3/r }
      grep { /^[a-z_]+ \([rv]\)\|/ } @before);

logs_show_no_crash($node);

done_testing();
