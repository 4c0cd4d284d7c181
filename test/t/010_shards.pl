# Sharding by provider with postgres_fdw: two shard servers hold the
# providers' referrals; the coordinator sees them as foreign partitions of
# one table (test/shards/coordinator.sql). With partitionwise aggregation and
# the server option `extensions 'iapt_ews'`, per-provider aggregates run on
# the shards, and the answers equal those of the same rows on one server.
use strict;
use warnings;

use IaptEwsTest;
use Test::More;

# Providers (ODS codes of real NHS trusts) and the shard that holds each.
my %providers_of = (shard1 => [ 'RAT', 'RRP' ], shard2 => [ 'RWK', 'TAH' ]);

my %shard;
foreach my $name (sort keys %providers_of)
{
    my $node = iapt_node($name, 'max_parallel_workers_per_gather = 0');
    $node->safe_psql('postgres',
        'SET client_min_messages = warning; CREATE EXTENSION iapt_ews CASCADE');
    foreach my $provider (@{ $providers_of{$name} })
    {
        my $suffix = lc $provider;
        $node->safe_psql('postgres', <<"SQL");
CREATE TABLE referral_$suffix (provider text NOT NULL CHECK (provider = '$provider'),
    pathway_id bigint PRIMARY KEY, phq9_first numeric, phq9_last numeric,
    anxiety_measure text, anxiety_first numeric, anxiety_last numeric,
    treatment_sessions integer, ended boolean);
CREATE TABLE workforce_$suffix (provider text NOT NULL CHECK (provider = '$provider'),
    service_id text, role text, wte numeric);
SQL
    }
    $shard{$name} = $node;
}

my $coordinator = iapt_node('coordinator');
my $user = $coordinator->safe_psql('postgres', 'SELECT current_user');
$coordinator->safe_psql(
    'postgres',
    PostgreSQL::Test::Utils::slurp_file(top_dir() . '/test/shards/coordinator.sql'),
    timeout      => 300,
    extra_params => [
        '-v', 'sock1=' . $shard{shard1}->host, '-v', 'port1=' . $shard{shard1}->port,
        '-v', 'sock2=' . $shard{shard2}->host, '-v', 'port2=' . $shard{shard2}->port,
        '-v', "user=$user"
    ]);

# Every query runs with partitionwise aggregation, as an analyst would set it.
sub coordinator_query
{
    my ($sql) = @_;
    return $coordinator->safe_psql('postgres',
        "SET enable_partitionwise_aggregate = on;\n$sql");
}

is(coordinator_query('SELECT count(*) FROM referral'),
    '40000', '40000 referrals on the shards');

my $classify = 'iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, '
  . 'anxiety_first, anxiety_last, treatment_sessions, ended)';
my %queries = (
    'recovery_rate' =>
      "SELECT provider, iapt_ews.recovery_rate($classify) AS v FROM referral GROUP BY provider",
    'four rates' =>
      "SELECT provider, iapt_ews.recovery_rate($classify) AS r, "
      . "iapt_ews.reliable_recovery_rate($classify) AS rr, "
      . "iapt_ews.reliable_improvement_rate($classify) AS ri, "
      . "iapt_ews.reliable_deterioration_rate($classify) AS rd FROM referral GROUP BY provider",
    'ea_ratio' =>
      'SELECT provider, iapt_ews.ea_ratio(role, wte) AS v FROM workforce GROUP BY provider',
    'outcome_summary' =>
      "SELECT provider, iapt_ews.outcome_summary($classify) AS v FROM referral GROUP BY provider"
);

# The plan: every provider's aggregate is a Foreign Scan whose remote SQL
# calls the extension's aggregates on the shard; nothing is aggregated on
# the coordinator.
foreach my $name (sort keys %queries)
{
    my $plan = coordinator_query("EXPLAIN (VERBOSE, COSTS OFF) $queries{$name}");
    note("$name:\n$plan") if $name eq 'outcome_summary';
    my $foreign_scans = () = $plan =~ /Foreign Scan/g;
    is($foreign_scans, 4, "$name: 4 foreign scans, one a provider");
    like($plan, qr/Relations: Aggregate on/, "$name: the foreign scans aggregate");
    like($plan, qr/Remote SQL: SELECT provider, iapt_ews\./,
        "$name: the remote SQL calls the extension's aggregates");
    unlike($plan, qr/Partial|HashAggregate|GroupAggregate/,
        "$name: nothing is aggregated on the coordinator");
}

# The answers equal those of the same rows on one server (rows sorted by
# provider; each query as its plan was checked above).
sub sorted_rows
{
    return join "\n", sort split /\n/, coordinator_query($_[0]);
}
is(coordinator_query('SELECT count(*) FROM referral_local'),
    '40000', 'the single-server copy holds the same 40000 referrals');
(my $local_summary = $queries{outcome_summary}) =~ s/FROM referral /FROM referral_local /;
is(sorted_rows($queries{outcome_summary}), sorted_rows($local_summary),
    'outcome_summary per provider equals the single-server answer');

my $rates = 'SELECT array_agg(provider || \':\' || round(r::numeric, 12) || \',\' || round(rr::numeric, 12) '
  . '|| \',\' || round(ri::numeric, 12) || \',\' || round(rd::numeric, 12) ORDER BY provider) '
  . 'FROM (SELECT provider, iapt_ews.recovery_rate(o) AS r, iapt_ews.reliable_recovery_rate(o) AS rr, '
  . 'iapt_ews.reliable_improvement_rate(o) AS ri, iapt_ews.reliable_deterioration_rate(o) AS rd '
  . "FROM %s, LATERAL $classify o GROUP BY provider) s";
is(coordinator_query(sprintf $rates, 'referral'),
    coordinator_query(sprintf $rates, 'referral_local'),
    'the four rates per provider equal the single-server answer');

my $ea_ratio = 'SELECT array_agg(provider || \' \' || r::text ORDER BY provider) '
  . 'FROM (SELECT provider, iapt_ews.ea_ratio(role, wte) r FROM %s GROUP BY provider) s';
is(coordinator_query('SELECT count(*) FROM workforce'),
    '4000', '4000 workforce rows on the shards');
is(coordinator_query(sprintf $ea_ratio, 'workforce'),
    coordinator_query(sprintf $ea_ratio, 'workforce_local'),
    'ea_ratio per provider equals the single-server answer');

# A national total across shards cannot be pushed down whole (PostgreSQL 15's
# postgres_fdw ships no partial aggregates), but it is still exact.
my $national = "SELECT iapt_ews.outcome_summary($classify)::text FROM %s";
is(coordinator_query(sprintf $national, 'referral'),
    coordinator_query(sprintf $national, 'referral_local'),
    'the national total over all shards equals the single-server answer');

logs_show_no_crash($coordinator, $shard{shard1}, $shard{shard2});

done_testing();
