#!/usr/bin/env bash
# The key metrics' statement files are what their templates and the metric
# catalogue give (tools/metric_statements.py, sql/model/key_metrics/): an
# edit of metrics.csv or a template without the files written again fails
# here, and so does a catalogue row the writer refuses. `make` writes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
passed=0
python3 tools/metric_statements.py --check
echo "ok - the key metrics' statement files are current"; passed=$((passed + 1))
# The writer refuses a row it cannot use, naming it (a copy of the folder,
# so the tree is left as it is).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tools" "$scratch/sql/model/key_metrics"
cp tools/metric_statements.py tools/assemble_sql.py "$scratch/tools/"
cp sql/model/key_metrics/*.sql.in sql/model/key_metrics/*.csv "$scratch/sql/model/key_metrics/"
echo 'count_bad,,count,nowhere,count(*),,,,suppress,A count of no part' >> "$scratch/sql/model/key_metrics/metrics.csv"
if out=$(python3 "$scratch/tools/metric_statements.py" 2>&1); then
  echo "not ok - a count of an unknown part was written"; exit 1
fi
case "$out" in
  *"metrics.csv, count_bad: a count needs a part"*) echo "ok - a count of an unknown part is refused, naming it"; passed=$((passed + 1)) ;;
  *) echo "not ok - unexpected refusal: $out"; exit 1 ;;
esac
# A new measure is one row: it reaches the cells, the report, the
# published view and their comments.
sed -i '$d' "$scratch/sql/model/key_metrics/metrics.csv"
echo 'count_ended,,count,event,count(*) FILTER (WHERE kind = '"'"'ended'"'"'),,,,suppress,Referrals ended in the month' >> "$scratch/sql/model/key_metrics/metrics.csv"
python3 "$scratch/tools/metric_statements.py"
for f in 333-key_metrics_cells.sql 334-key_metrics.sql 335-key_metrics_published.sql; do
  n=$(grep -c "count_ended" "$scratch/sql/model/key_metrics/$f")
  [ "$n" -ge 2 ] || { echo "not ok - $f names the new measure $n times"; exit 1; }
done
grep -q "iapt_ews.suppress(count_ended) AS shown_count_ended" "$scratch/sql/model/key_metrics/335-key_metrics_published.sql"
grep -q "published_count_ended AS count_ended" "$scratch/sql/model/key_metrics/335-key_metrics_published.sql"
grep -q "COMMENT ON COLUMN key_metrics_published.count_ended IS 'Referrals ended in the month; suppressed, and withheld where" \
  "$scratch/sql/model/key_metrics/335-key_metrics_published.sql"
echo "ok - a new row of metrics.csv reaches key_metrics_cells, key_metrics, key_metrics_published and their comments"
passed=$((passed + 1))
echo "metric statements: $passed passed, 0 failed"
