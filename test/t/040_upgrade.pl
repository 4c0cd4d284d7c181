# Upgrades: install the oldest version of iapt_ews and of its companion
# iapt_ews_postgis that ships an install script, ALTER EXTENSION ... UPDATE
# through every <extension>--A--B.sql to the default version, and compare
# every object with a fresh install of the default versions
# (test/upgrade/catalog.sql; both extensions live in schema iapt_ews). With
# one version only there is nothing to update: the two upgrade checks are
# skipped, saying so.
use strict;
use warnings;

use File::Basename qw(basename);
use IaptEwsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $top        = top_dir();
my @extensions = ('iapt_ews', 'iapt_ews_postgis');

sub default_version
{
    my ($extension) = @_;
    my ($version) = slurp_file("$top/$extension.control") =~ /^default_version\s*=\s*'([^']*)'/m;
    return $version;
}

# Version numbers compared part by part, as numbers (as sort -V would).
sub by_version
{
    my @a = split /\./, $a;
    my @b = split /\./, $b;
    while (@a || @b)
    {
        my $order = (shift(@a) // 0) <=> (shift(@b) // 0);
        return $order if $order;
    }
    return 0;
}

my $steps = 0;
my %oldest;
foreach my $extension (@extensions)
{
    my @scripts = map { basename($_) } glob("$top/$extension--*.sql");
    $steps += grep { /^\Q$extension\E--.*--/ } @scripts;
    my @versions = sort by_version
      map { /^\Q$extension\E--(.*)\.sql$/ ? $1 : () }
      grep { !/^\Q$extension\E--.*--/ } @scripts;
    $oldest{$extension} = $versions[0];
}
my $current         = default_version('iapt_ews');
my $current_postgis = default_version('iapt_ews_postgis');

my $node    = iapt_node('main');
my $catalog = slurp_file("$top/test/upgrade/catalog.sql");
create_iapt_database($node, 'iapt_ews_fresh');
my $fresh   = $node->safe_psql('iapt_ews_fresh', $catalog);
my $objects = () = $fresh =~ /^/mg;
# Else the comparison below would hold whatever the update did.
cmp_ok($objects, '>', 0, "the catalogue of a fresh install lists its objects ($objects)");

SKIP:
{
    skip "version $current is the only version of @extensions: nothing to upgrade", 2
      if $steps == 0;

    $node->safe_psql('postgres', 'CREATE DATABASE iapt_ews_updated');
    $node->safe_psql('iapt_ews_updated', <<"SQL");
SET client_min_messages = warning;
CREATE EXTENSION iapt_ews VERSION '$oldest{iapt_ews}' CASCADE;
CREATE EXTENSION iapt_ews_postgis VERSION '$oldest{iapt_ews_postgis}' CASCADE;
ALTER EXTENSION iapt_ews UPDATE;
ALTER EXTENSION iapt_ews_postgis UPDATE;
SQL
    my $updated = $node->safe_psql('iapt_ews_updated', $catalog);
    is( $node->safe_psql(
            'iapt_ews_updated',
            "SELECT string_agg(extversion, ' ' ORDER BY extname) FROM pg_extension "
              . "WHERE extname IN ('iapt_ews', 'iapt_ews_postgis')"),
        "$current $current_postgis",
        "updated from $oldest{iapt_ews} and $oldest{iapt_ews_postgis} "
          . "to $current and $current_postgis through $steps scripts");
    ok($fresh eq $updated, "the updated install equals a fresh one ($objects objects)")
      or diag(differing_lines($fresh, $updated));
}

logs_show_no_crash($node);

done_testing();
