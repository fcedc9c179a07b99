#!/usr/bin/env bash
# The main job on the bundled sample: create a customer database, bring in the sample's
# users, customers and interactions with the CLI, and show what is in it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh >/dev/null

clt=build/bin/clientele
data=examples/data
work=$(mktemp -d)
db="$work/demo.db"
trap 'rm -rf "$work"' EXIT

echo "== clientele init $db"
$clt init "$db"

echo "== users"
.venv/bin/python - "$data/users.jsonl" <<'PY' | while IFS=$'\t' read -r name role team display; do
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    u = json.loads(line)
    print("\t".join([u["username"], u["role"], u.get("team", ""), u.get("display_name", u["username"])]))
PY
  $clt user add "$db" "$name" --role "$role" --team "$team" --display-name "$display" >/dev/null
done
$clt user list "$db"

echo
echo "== import $(wc -l < "$data/customers.jsonl") customers and $(wc -l < "$data/interactions.jsonl") interactions"
time $clt import "$db" "$data/customers.jsonl" --type customers
time $clt import "$db" "$data/interactions.jsonl" --type interactions

echo
echo "== export to CSV (what a spreadsheet opens), and import it again: nothing changes"
$clt export "$db" --type customers --format csv --out "$work/customers.csv"
$clt export "$db" --type interactions --format csv --out "$work/interactions.csv"
head -c 400 "$work/customers.csv"; echo " ..."
$clt import "$db" "$work/customers.csv" --type customers
$clt import "$db" "$work/interactions.csv" --type interactions

echo
echo "== what is in it"
$clt stats "$db"

echo
echo "== the first customers"
$clt customer list "$db" --limit 8

echo
echo "== search: 张伟, then 'smith'"
$clt customer search "$db" 张伟 --limit 5
$clt customer search "$db" smith --limit 5

echo
echo "== as sales user li.na (sees only her own customers)"
CLIENTELE_USER=li.na $clt stats "$db"

echo
echo "== analytics at 2026-10-31 (docs/analytics.md): RFM segments and lifecycle stages (CNY purchases)"
$clt rfm --db "$db" --as-of 2026-10-31 --out "$work/rfm.csv"
echo "segment counts ($(($(wc -l < "$work/rfm.csv") - 1)) scored customers):"
tail -n +2 "$work/rfm.csv" | awk -F, '{ n[$9]++ } END { for (s in n) printf "  %-20s %5d\n", s, n[s] }' | sort -k2,2nr
echo "value tiers:"
tail -n +2 "$work/rfm.csv" | awk -F, '{ n[$10]++ } END { for (s in n) printf "  %-20s %5d\n", s, n[s] }' | sort -k2,2nr
echo "stage counts (the lifecycle funnel):"
$clt funnel --db "$db" --as-of 2026-10-31
echo "where the customers of 2026-07-31 are three months later:"
$clt transitions --db "$db" --from 2026-07-31 --to 2026-10-31
echo "buyers of August to October, new or returning:"
$clt new-vs-returning --db "$db" --from 2026-08-01 --to 2026-10-31 --summary

echo
echo "== merge two records of one person (examples/data/truth.csv: C000041 and C000484 are both E000041)"
$clt merge "$db" C000041 C000484 --survivor C000041 --dry-run
$clt merge "$db" C000041 C000484 --survivor C000041 >/dev/null
$clt customer show "$db" C000484   # the merged record's id now leads to the survivor
$clt merges "$db"

echo
echo "== and undo it: both records exactly as they were"
$clt unmerge "$db" C000484
$clt customer list "$db" --limit 3 --status merged

echo
echo "== the HTML report of the sample (docs/report.md), kept after the demo"
report_dir="${REPORT_DIR:-build/demo}"
mkdir -p "$report_dir"
$clt report "$db" --as-of 2026-10-31 --from 2026-08-01 --currency CNY --out "$report_dir/report.zh-CN.html" >/dev/null
$clt report "$db" --as-of 2026-10-31 --from 2026-08-01 --currency CNY --lang en --out "$report_dir/report.en.html" >/dev/null
echo "report: $(cd "$report_dir" && pwd)/report.zh-CN.html (English: report.en.html)"
