# Long computations stop when asked: access_scores and best_new_sites are
# cancelled by statement_timeout with SQLSTATE 57014, promptly, and the
# server stays up. Two phases are tested: reading rows (800,000 areas, most of
# the time goes on reading them) and the computation itself (20,000 areas and
# sites that a light call reads in a fraction of the timeout, with a catchment
# that makes the distance loops run for many seconds). And memory: past
# iapt_ews.max_input_memory a call stops with 54000.
use strict;
use warnings;

use IaptEwsTest;
use Test::More;
use Time::HiRes qw(time);

my $node = iapt_node('main');
create_iapt_database($node, 'iapt_ews_limits');

# One psql session: $setting, then $call, with the SQLSTATE in the error
# text; psql is stopped after 20 s whatever happens. Returns what psql
# printed (output and errors) and the milliseconds it took.
sub timed
{
    my ($setting, $call) = @_;
    my ($out, $err, $timed_out) = ('', '', 0);
    my $start = time;
    $node->psql(
        'iapt_ews_limits', "$setting;\n$call",
        stdout       => \$out,
        stderr       => \$err,
        timeout      => 20,
        timed_out    => \$timed_out,
        extra_params => [ '-v', 'VERBOSITY=verbose' ]);
    my $elapsed_ms = int((time - $start) * 1000);
    $err .= "\n(stopped after 20 s)" if $timed_out;
    return ("$out\n$err", $elapsed_ms);
}
my $timeout = "SET statement_timeout = '1500ms'";

my $areas = q{SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint((i % 2000) * 100, (i / 2000) * 100), 27700) AS geom, 1 AS population FROM generate_series(1, 800000) i};
my $sites = q{SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint((i % 300) * 600, (i / 300) * 600), 27700) AS geom, 1 AS capacity FROM generate_series(1, 60000) i};
my %reading = (
    access_scores =>
      "SELECT count(*) FROM iapt_ews.access_scores(\$\$$areas\$\$, \$\$$sites\$\$, 50000)",
    best_new_sites =>
      "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$areas\$\$, \$\$SELECT 'X' AS id, "
      . "ST_SetSRID(ST_MakePoint(0, 0), 27700) AS geom, 1 AS capacity\$\$, \$\$$sites\$\$, 50)");
foreach my $name (sort keys %reading)
{
    my ($out, $ms) = timed($timeout, $reading{$name});
    like($out, qr/57014/, "$name on 800,000 areas is cancelled by statement_timeout (57014)");
    cmp_ok($ms, '<', 10000, "$name on 800,000 areas stops within 10 s (took $ms ms)");
}

# Inside the computation: the light call reads the same rows and does
# almost nothing with them, so once it finishes within the timeout, a
# heavy call that is cancelled only at the timeout was cancelled in its
# loops.
my $grid_areas = q{SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint((i % 200) * 50, (i / 200) * 50), 27700) AS geom, 1 AS population FROM generate_series(1, 20000) i};
my $grid_sites = q{SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint((i % 200) * 50 + 25, (i / 200) * 50 + 25), 27700) AS geom, 1 AS capacity FROM generate_series(1, 20000) i};
my $one_site = q{SELECT 'X' AS id, ST_SetSRID(ST_MakePoint(0, 0), 27700) AS geom, 1 AS capacity};
sub in_computation
{
    my ($name, $light, $heavy) = @_;
    my ($light_out, $light_ms) = timed($timeout, $light);
    # Not cancelled: reading the rows takes less than the timeout (no
    # tighter bound in milliseconds: tests do not time a shared machine).
    unlike($light_out, qr/ERROR/, "$name reads 20,000 rows within the 1.5 s timeout when there is little to compute (took $light_ms ms)");
    my ($out, $ms) = timed($timeout, $heavy);
    like($out, qr/57014/, "$name is cancelled inside its computation (57014)");
    cmp_ok($ms, '>=', 1450, "$name is cancelled at the 1.5 s timeout, not before (took $ms ms)");
    cmp_ok($ms, '<', 10000, "$name is cancelled within 10 s (took $ms ms)");
    return;
}
in_computation('access_scores',
    "SELECT count(*) FROM iapt_ews.access_scores(\$\$$grid_areas\$\$, \$\$$grid_sites\$\$, 1)",
    "SELECT count(*) FROM iapt_ews.access_scores(\$\$$grid_areas\$\$, \$\$$grid_sites\$\$, 100000)");
in_computation('best_new_sites',
    "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$grid_areas\$\$, \$\$$one_site\$\$, \$\$$one_site\$\$, 1)",
    "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$grid_areas\$\$, \$\$$one_site\$\$, \$\$$grid_sites\$\$, 3)");

# Memory: the points a call holds are bounded by iapt_ews.max_input_memory;
# past it the call stops with 54000 at once instead of growing the backend.
my ($out, $ms) = timed("SET iapt_ews.max_input_memory = '16MB'",
    "SELECT count(*) FROM iapt_ews.access_scores(\$\$$areas\$\$, \$\$$sites\$\$, 50000)");
like($out, qr/54000: areas_sql returned more rows than iapt_ews\.max_input_memory allows/,
    'access_scores on 800,000 areas stops at iapt_ews.max_input_memory = 16MB with 54000');
cmp_ok($ms, '<', 10000, "access_scores stops at iapt_ews.max_input_memory within 10 s (took $ms ms)");
is($node->safe_psql('iapt_ews_limits', 'SELECT 1'), '1', 'the server is still up');

logs_show_no_crash($node);

done_testing();
