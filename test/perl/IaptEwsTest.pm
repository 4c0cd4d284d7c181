# What the Perl TAP tests (test/t/*.pl) share. Each test makes its own
# servers with PostgreSQL::Test::Cluster; these helpers make sure those
# servers are the relocated install of tools/with_pg.sh (the one with this
# tree's build of iapt_ews in it), started in the same environment as that
# server (make test-asan preloads the sanitizer runtime there), and that
# their logs show no crash.
package IaptEwsTest;

use strict;
use warnings;

use Cwd qw(abs_path);
use Exporter qw(import);
use File::Basename qw(dirname);
use IPC::Run;
use Test::More;

our @EXPORT = qw(top_dir iapt_node create_iapt_database run_or_die
  logs_show_no_crash differing_lines);

# PostgreSQL::Test::Cluster runs initdb, pg_ctl, psql, pg_dump and pgbench
# by name from the PATH: the relocated install must come first, or the
# servers would be the system's, without this build of the extension.
BEGIN
{
    my $bindir = $ENV{IAPT_PG_BINDIR};
    if (!defined $bindir || !-x "$bindir/postgres")
    {
        print "Bail out! IAPT_PG_BINDIR does not name a server: "
          . "run the Perl tests through tools/with_pg.sh (tools/run_tests.sh)\n";
        exit 255;
    }
    $ENV{PATH} = "$bindir:$ENV{PATH}" unless $ENV{PATH} =~ /^\Q$bindir\E:/;
}

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;

# The same as tools/with_pg.sh's.
my $crash_pattern = $ENV{IAPT_CRASH_PATTERN}
  // 'terminated by signal|PANIC|was terminated|terminating any other active server processes|runtime error:|AddressSanitizer|LeakSanitizer';

# The top of the work tree (the test files read its SQL and control files).
sub top_dir
{
    return abs_path(dirname(__FILE__) . '/../..');
}

# IAPT_SERVER_ENV: "VAR=value" words for the servers' environment, split on
# blanks as tools/with_pg.sh's `env ${IAPT_SERVER_ENV}` does.
sub server_env
{
    my %env;
    foreach my $word (split ' ', $ENV{IAPT_SERVER_ENV} // '')
    {
        my ($name, $value) = split /=/, $word, 2;
        die "IAPT_SERVER_ENV: \"$word\" is not VAR=value\n" unless defined $value;
        $env{$name} = $value;
    }
    return %env;
}

# A started server of this build, set up as tools/with_pg.sh sets up its
# own (UTF8, C locale, the same memory and parallel settings); $extra_conf
# is appended to postgresql.conf after them.
sub iapt_node
{
    my ($name, $extra_conf) = @_;
    my $node = PostgreSQL::Test::Cluster->new($name);
    $node->init(extra => [ '-E', 'UTF8', '--locale=C' ]);
    $node->append_conf('postgresql.conf', <<'EOF');
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
work_mem = 64MB
maintenance_work_mem = 512MB
EOF
    $node->append_conf('postgresql.conf', $extra_conf) if defined $extra_conf;
    {
        # pg_ctl passes its environment on to the postmaster and backends.
        local %ENV = (%ENV, server_env());
        $node->start;
    }
    return $node;
}

# Database $dbname with iapt_ews, PostGIS and iapt_ews_postgis in it (as
# tools/new_database.sh makes on the tools/with_pg.sh server).
sub create_iapt_database
{
    my ($node, $dbname) = @_;
    $node->safe_psql('postgres', qq{CREATE DATABASE "$dbname"});
    $node->safe_psql($dbname,
        "SET client_min_messages = warning; CREATE EXTENSION iapt_ews_postgis CASCADE");
    return;
}

# Run a program (pg_dump, pg_restore); die with its standard error if it
# fails: a step of the set-up, not a check.
sub run_or_die
{
    my @command = @_;
    my ($out, $err) = ('', '');
    IPC::Run::run(\@command, '>', \$out, '2>', \$err)
      or die "@command failed: $err\n";
    return $out;
}

# For the diagnostics of a failed comparison of two long texts: up to 20
# lines of each that the other lacks ("- " expected, "+ " got), not both
# texts whole.
sub differing_lines
{
    my ($expected, $got) = @_;
    my @expected = split /\n/, $expected;
    my @got      = split /\n/, $got;
    my %in_expected = map { $_ => 1 } @expected;
    my %in_got      = map { $_ => 1 } @got;
    my @missing = map { "- $_" } grep { !$in_got{$_} } @expected;
    my @extra   = map { "+ $_" } grep { !$in_expected{$_} } @got;
    return join "\n", @missing[ 0 .. ($#missing < 19 ? $#missing : 19) ],
      @extra[ 0 .. ($#extra < 19 ? $#extra : 19) ];
}

# One check a node: its log shows no crashed backend and no sanitizer
# report (tools/with_pg.sh does the same for its own server).
sub logs_show_no_crash
{
    foreach my $node (@_)
    {
        my @hits = grep { /$crash_pattern/ }
          split /\n/, slurp_file($node->logfile);
        ok(!@hits, 'the log of server ' . $node->name . ' shows no crash')
          or diag(join "\n", @hits[ 0 .. ($#hits < 20 ? $#hits : 19) ]);
    }
    return;
}

1;
