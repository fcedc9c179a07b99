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
echo "== loyalty points (docs/loyalty.md): 1 point per yuan of CNY purchases, lots lapsing after 24 months, set"
echo "   before the import so that importing the purchases earns them"
cat > "$work/earn.json" <<'JSON'
{"earn": {"currency": "CNY", "points_per_unit": 1}, "expiry": {"months": 24}}
JSON
$clt loyalty rules "$db" --set "$work/earn.json"

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
$clt rfm --db "$db" --as-of 2026-10-31 --currency CNY --out "$work/rfm.csv"
echo "segment counts ($(($(wc -l < "$work/rfm.csv") - 1)) scored customers):"
tail -n +2 "$work/rfm.csv" | awk -F, '{ n[$9]++ } END { for (s in n) printf "  %-20s %5d\n", s, n[s] }' | sort -k2,2nr
echo "value tiers:"
tail -n +2 "$work/rfm.csv" | awk -F, '{ n[$10]++ } END { for (s in n) printf "  %-20s %5d\n", s, n[s] }' | sort -k2,2nr
echo "stage counts (the lifecycle funnel):"
$clt funnel --db "$db" --as-of 2026-10-31 --currency CNY
echo "where the customers of 2026-07-31 are three months later:"
$clt transitions --db "$db" --from 2026-07-31 --to 2026-10-31 --currency CNY
echo "buyers of August to October, new or returning:"
$clt new-vs-returning --db "$db" --from 2026-08-01 --to 2026-10-31 --summary --currency CNY

echo
echo "== service cases (docs/service.md): a case for each complaint the sample still has open"
.venv/bin/python - "$data/interactions.jsonl" <<'PY' | while IFS=$'\t' read -r ref status answered; do
import datetime as dt, json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    i = json.loads(line)
    if i["kind"] == "complaint" and i.get("complaint_status") in ("open", "in_progress"):
        at = dt.datetime.fromisoformat(i["occurred_at"].replace("Z", "+00:00")) + dt.timedelta(hours=2)
        print("\t".join([i["external_id"], i["complaint_status"], at.strftime("%Y-%m-%dT%H:%M:%SZ")]))
PY
  id=$($clt case open "$db" --interaction "$ref" --json | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  if [ "$status" = in_progress ]; then $clt case update "$db" "$id" --status in_progress --at "$answered" >/dev/null; fi
done
echo "open cases past their deadline at 2026-10-31 (SLA in business hours, Mon-Fri 09:00-18:00 +08:00):"
$clt case list "$db" --overdue --as-of 2026-10-31T16:00:00Z --limit 10
echo "escalated to the manager of each owner's team:"
$clt case escalate "$db" --as-of 2026-10-31T16:00:00Z --json \
  | .venv/bin/python -c 'import collections, json, sys; print(dict(collections.Counter(c["escalated_to"] for c in json.load(sys.stdin))))'
echo "surveys and cases of 2026 (service-report; its 'all', 'month' and 'owner' tables):"
$clt service-report "$db" --from 2026-01-01 --to 2026-11-01 --currency CNY | sed -n '/^all$/,/^channel$/{/^channel$/!p}'

echo "== membership levels (docs/loyalty.md), the earning rules kept: 12-month CNY spend, 普通 / 银卡 / 金卡 / 钻石, reviewed each 1 January"
cat > "$work/levels.json" <<'JSON'
{"earn": {"currency": "CNY", "points_per_unit": 1}, "expiry": {"months": 24},
 "levels": {"basis": "spend", "window_months": 12, "review": "01-01",
            "tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 300000},
                      {"name": "金卡", "min": 1000000}, {"name": "钻石", "min": 3000000}]}}
JSON
$clt loyalty rules "$db" --set "$work/levels.json"
levels_summary() {  # FILE: the --json changes of `loyalty levels`, counted and the first few listed
  .venv/bin/python - "$1" <<'PY'
import collections, json, sys
changes = json.load(open(sys.argv[1], encoding="utf-8"))
moves = collections.Counter((c["from"] or "(none)") + " -> " + c["to"] for c in changes)
print("  " + "; ".join(f"{k}: {n}" for k, n in sorted(moves.items())) if moves else "  (nobody moved)")
for c in changes[:6]:
    spend = c["basis_value"] / 100
    print(f"  {c['customer_id'][:8]}  {c['from'] or '(none)'} -> {c['to']}  (12-month spend {spend:,.2f} CNY)")
PY
}
echo "levels given at 2025-10-31:"
$clt loyalty levels "$db" --as-of 2025-10-31 --json > "$work/levels-2025.json"
levels_summary "$work/levels-2025.json"
echo "who moved by 2026-10-31 (upgrades at once, downgrades after the 2026-01-01 review):"
$clt loyalty levels "$db" --as-of 2026-10-31 --json > "$work/levels-2026.json"
levels_summary "$work/levels-2026.json"
first=$(.venv/bin/python -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m[0]["customer_id"] if m else "")' "$work/levels-2026.json")
if [[ -n "$first" ]]; then
  echo "the first of them, its level history:"
  $clt loyalty level-history "$db" "$first"
fi
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
echo "== care reminders (docs/reminders.md): sales user li.na's for the week from 2026-10-31"
CLIENTELE_USER=li.na $clt reminders "$db" --as-of 2026-10-31 --horizon 7d > "$work/reminders.txt"
head -n 12 "$work/reminders.txt"
echo "... $(($(wc -l < "$work/reminders.txt") - 1)) reminders in all; by kind:"
CLIENTELE_USER=li.na $clt reminders "$db" --as-of 2026-10-31 --horizon 7d --csv |
  tail -n +2 | cut -d, -f3 | sort | uniq -c | sort -rn

echo "== points whose lots lapsed by 2026-10-31, written off (the report's points liability counts the rest)"
$clt loyalty expire "$db" --as-of 2026-10-31T00:00:00Z

echo "== the HTML report of the sample (docs/report.md), kept after the demo"
report_dir="${REPORT_DIR:-build/demo}"
mkdir -p "$report_dir"
$clt report "$db" --as-of 2026-10-31 --from 2026-08-01 --currency CNY --out "$report_dir/report.zh-CN.html" >/dev/null
$clt report "$db" --as-of 2026-10-31 --from 2026-08-01 --currency CNY --lang en --out "$report_dir/report.en.html" >/dev/null
echo "report: $(cd "$report_dir" && pwd)/report.zh-CN.html (English: report.en.html)"
