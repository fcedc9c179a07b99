"""clientele cohorts / repeat / revenue-by: exact values on the hand-computed example of
docs/analytics.md ("Cohorts"), --json, the same answers from --db with roles and currencies,
and bad input named by option or field."""
import json

import pytest

from test_analytics_stages import run_ok, shop  # noqa: F401  (the store fixture of the stage commands)

EXAMPLE = """customer_id,timestamp,amount
1,2024-01-05T10:00:00Z,100.00
1,2024-01-20T10:00:00Z,50.00
1,2024-03-10T10:00:00Z,30.00
2,2024-01-15T10:00:00Z,200.00
2,2024-02-01T10:00:00Z,-50.00
3,2024-02-10T10:00:00Z,70.00
3,2024-02-25T10:00:00Z,10.00
3,2024-03-01T10:00:00Z,20.00
4,2024-02-05T10:00:00Z,-10.00
5,2024-01-31T23:59:59Z,40.00
5,2024-04-02T10:00:00Z,99.00
6,2023-12-20T10:00:00Z,-5.00
6,2024-03-31T12:00:00Z,15.00
"""

COHORTS = """cohort,period,cohort_customers,customers,revenue,retention
2024-01,0,3,3,390.00,1
2024-01,1,3,0,-50.00,0
2024-01,2,3,1,30.00,0.333333
2024-02,0,1,1,80.00,1
2024-02,1,1,1,20.00,1
2024-03,0,1,1,15.00,1
"""

REPEAT = """cohort,customers,repeat_customers,repeat_rate,gaps,gap_mean_days,gap_median_days,gap_p90_days
2024-01,3,1,0.333333,,,,
2024-02,1,1,1,,,,
2024-03,1,0,0,,,,
all,5,2,0.4,4,21.25,15,39.5
"""


@pytest.fixture
def example(tmp_path):
    p = tmp_path / "example.csv"
    p.write_text(EXAMPLE, encoding="utf-8")
    return p


def test_cohorts_csv_and_json(cli, example, tmp_path):
    assert run_ok(cli, "cohorts", example, "--as-of", "2024-03-31").out == COHORTS
    rows = json.loads(run_ok(cli, "cohorts", example, "--as-of", "2024-03-31", "--json").out)
    assert rows[1] == {"cohort": "2024-01", "period": 1, "cohort_customers": 3, "customers": 0,
                       "revenue": -50.0, "revenue_minor": -5000, "retention": 0.0}
    later = run_ok(cli, "cohorts", example, "--as-of", "2024-03-31", "--from", "2024-02-15").out
    assert later.splitlines()[1:] == COHORTS.splitlines()[4:]
    out = tmp_path / "cohorts.csv"
    run_ok(cli, "cohorts", example, "--as-of", "2024-03-31", "--out", out)
    assert out.read_text(encoding="utf-8") == COHORTS


def test_repeat_csv_gaps_and_json(cli, example):
    assert run_ok(cli, "repeat", example, "--as-of", "2024-03-31").out == REPEAT
    gaps = run_ok(cli, "repeat", example, "--as-of", "2024-03-31", "--gaps").out
    assert gaps == "bucket,gaps\n0-7,1\n8-14,0\n15-30,2\n31-60,1\n61-90,0\n91-180,0\n181-365,0\n366+,0\n"
    j = json.loads(run_ok(cli, "repeat", example, "--as-of", "2024-03-31", "--json").out)
    assert (j["customers"], j["repeat_customers"], j["repeat_rate"]) == (5, 2, 0.4)
    assert j["gaps"]["count"] == 4 and j["gaps"]["p90_days"] == pytest.approx(39.5)
    assert j["gaps"]["buckets"][2] == {"bucket": "15-30", "gaps": 2}
    # Before anyone bought twice there is no gap to average: null, not 0.
    j = json.loads(run_ok(cli, "repeat", example, "--as-of", "2024-01-10", "--json").out)
    assert j["gaps"]["count"] == 0 and j["gaps"]["median_days"] is None


def test_revenue_by(cli, example):
    stage = run_ok(cli, "revenue-by", example, "--as-of", "2024-03-31", "--by", "stage").out.splitlines()
    assert stage[0] == "month,stage,customers,active_customers,revenue"
    assert len(stage) == 1 + 4 * 7  # December to March, seven stages
    assert "2024-01,new,2,2,240.00" in stage and "2024-01,repeat,1,1,150.00" in stage
    assert "2024-02,prospect,2,0,-10.00" in stage and "2024-03,new,3,1,15.00" in stage
    tier = json.loads(run_ok(cli, "revenue-by", example, "--as-of", "2024-03-31", "--by", "tier", "--json").out)
    jan = {r["value_tier"]: r for r in tier if r["month"] == "2024-01"}
    assert jan["low"]["revenue_minor"] == 19000 and jan["medium"]["revenue_minor"] == 20000
    segment = run_ok(cli, "revenue-by", example, "--as-of", "2024-03-31").out.splitlines()
    assert segment[0] == "month,segment,customers,active_customers,revenue" and len(segment) == 1 + 4 * 11


def test_bad_input(cli, example):
    r = cli("revenue-by", example, "--as-of", "2024-03-31", "--by", "region")
    assert r.code == 3 and "by" in r.err and "segment, tier, stage" in r.err, r
    r = cli("cohorts", example, "--as-of", "2024-03-31", "--from", "2024-04-01")
    assert r.code == 3 and "--from" in r.err, r
    r = cli("cohorts", example, "--as-of", "31/03/2024")
    assert r.code == 3 and "--as-of" in r.err, r
    r = cli("cohorts", example)
    assert r.code == 2, r  # --as-of is required
    bad = example.parent / "bad.csv"
    bad.write_text("customer_id,timestamp,amount\n1,2024-01-05,12.345\n", encoding="utf-8")
    r = cli("repeat", bad, "--as-of", "2024-03-31")
    assert r.code == 3 and "bad.csv" in r.err and "amount" in r.err, r


def test_db_respects_roles_and_currencies(cli, shop, team_db):  # noqa: F811
    mine = run_ok(cli, "cohorts", "--db", shop, "--as-of", "2024-06-01", user="li.na").out.splitlines()
    # C-LI: first purchase January 2024, again in March; six periods to June.
    assert mine[1] == "2024-01,0,1,1,12.34,1" and mine[3] == "2024-01,2,1,1,12.34,1" and len(mine) == 1 + 6
    everyone = run_ok(cli, "cohorts", "--db", shop, "--as-of", "2024-06-01").out.splitlines()
    assert everyone[1].startswith("2023-01,0,1,1,12.34")
    j = json.loads(run_ok(cli, "repeat", "--db", shop, "--as-of", "2024-06-01", "--json", user="li.na").out)
    assert j["customers"] == 1 and j["gaps"]["count"] == 1 and j["gaps"]["median_days"] == 51
    _, customers = team_db
    r = cli("interaction", "add", shop, "--customer", customers["li"]["id"], "--kind", "purchase",
            "--at", "2024-04-01T10:00:00Z", "--amount", "5.00", "--currency", "USD")
    assert r.code == 0, r
    for command in ("cohorts", "repeat", "revenue-by"):
        r = cli(command, "--db", shop, "--as-of", "2024-06-01")
        assert r.code == 3 and "CNY, USD" in r.err, r
    usd = run_ok(cli, "cohorts", "--db", shop, "--as-of", "2024-06-01", "--currency", "USD").out.splitlines()
    assert usd[1] == "2024-04,0,1,1,5.00,1"
