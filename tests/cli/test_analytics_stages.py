"""clientele funnel / stage-history / transitions / new-vs-returning, and --json for rfm and
lifecycle: exact values on a small hand-computed file, the same answers from --db with
roles, and bad input named by file, line and field (or option)."""
import json

import pytest

# Default rules (at_risk after 180 days, churned after 365). Up to 1971-02-05 (day 400):
#   c1 buys 1970-04-11 (day 100) and 1970-04-21 (110): new, repeat, at_risk 1970-10-19 (291);
#   c2 buys 1970-10-28 (300), refund 1970-12-17 (a refund moves no stage): new;
#   c3 buys 1970-01-11 (10): new, at_risk 1970-07-11 (191), churned 1971-01-12 (376);
#   c4 buys only 1971-05-16, after as_of: a prospect.
TRANSACTIONS = """customer_id,timestamp,amount,note
c1,1970-04-11T00:00:05Z,10.00,
c1,1970-04-21,20.00,"x, y"
c2,1970-10-28,5.00,
c2,1970-12-17,-5.00,refund
c3,1970-01-11T01:00:00Z,7.00,
c4,1971-05-16,9.00,future
"""

HISTORY = """customer_id,date,stage
c1,1970-04-11,new
c1,1970-04-21,repeat
c1,1970-10-19,at_risk
c2,1970-10-28,new
c3,1970-01-11,new
c3,1970-07-11,at_risk
c3,1971-01-12,churned
"""

STAGES = ["prospect", "new", "repeat", "loyal", "at_risk", "churned", "reactivated"]


@pytest.fixture
def tx(tmp_path):
    p = tmp_path / "tx.csv"
    p.write_text(TRANSACTIONS, encoding="utf-8")
    return p


def run_ok(cli, *args, **kw):
    r = cli(*args, **kw)
    assert r.code == 0 and r.err == "", r
    return r


def test_stage_history_csv_and_json(cli, tx, tmp_path):
    assert run_ok(cli, "stage-history", tx, "--as-of", "1971-02-05").out == HISTORY
    rows = json.loads(run_ok(cli, "stage-history", tx, "--as-of", "1971-02-05", "--json").out)
    assert [(r["customer_id"], r["date"], r["stage"]) for r in rows] == [
        tuple(line.split(",")) for line in HISTORY.splitlines()[1:]]
    # An earlier as_of cuts the history; --out writes the same text to a file.
    out = tmp_path / "h.csv"
    run_ok(cli, "stage-history", tx, "--as-of", "1970-07-20", "--out", out)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "customer_id,date,stage", "c1,1970-04-11,new", "c1,1970-04-21,repeat",
        "c3,1970-01-11,new", "c3,1970-07-11,at_risk"]


def test_transitions_table_and_json(cli, tx, tmp_path):
    known = tmp_path / "customers.csv"
    known.write_text("customer_id\nc9\n", encoding="utf-8")
    r = run_ok(cli, "transitions", tx, "--from", "1970-07-20", "--to", "1971-02-05", "--customers", known)
    lines = r.out.splitlines()
    assert "1970-07-20" in lines[0] and "1971-02-05" in lines[0]
    assert lines[1].split() == ["from", "\\", "to", *STAGES, "total"]
    table = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in lines[2:]}
    assert table["prospect"] == [2, 1, 0, 0, 0, 0, 0, 3]  # c4 and c9 stay; c2 buys
    assert table["repeat"] == [0, 0, 0, 0, 1, 0, 0, 1]  # c1
    assert table["at_risk"] == [0, 0, 0, 0, 0, 1, 0, 1]  # c3
    assert table["total"] == [2, 1, 0, 0, 1, 1, 0, 5]
    j = json.loads(run_ok(cli, "transitions", tx, "--from", "1970-07-20", "--to", "1971-02-05",
                          "--customers", known, "--json").out)
    assert j["stages"] == STAGES and j["from"] == "1970-07-20" and j["to"] == "1971-02-05"
    assert j["matrix"][0][:2] == [2, 1] and j["matrix"][2][4] == 1 and j["matrix"][4][5] == 1
    assert sum(map(sum, j["matrix"])) == 5


def test_funnel_bars_in_stage_order(cli, tx):
    r = run_ok(cli, "funnel", tx, "--as-of", "1971-02-05")
    lines = r.out.splitlines()
    assert [line.split()[0] for line in lines] == ["stage", *STAGES, "total"]
    rows = {line.split()[0]: line for line in lines[1:]}
    # c4 prospect, c2 new, c1 at_risk, c3 churned: a quarter each, full-length bars.
    for stage in ("prospect", "new", "at_risk", "churned"):
        assert rows[stage].split()[1:3] == ["1", "25.0%"], rows[stage]
        assert rows[stage].count("\u2588") == 40
    assert rows["loyal"].split()[1:] == ["0", "0.0%"]  # no bar at all
    assert rows["total"].split()[1:] == ["4", "100.0%"]
    assert all(line == line.rstrip() for line in lines)
    j = json.loads(run_ok(cli, "funnel", tx, "--as-of", "1971-02-05", "--json").out)
    assert j["customers"] == 4 and j["as_of"] == "1971-02-05"
    assert [s["stage"] for s in j["stages"]] == STAGES
    assert [s["customers"] for s in j["stages"]] == [1, 1, 0, 0, 1, 1, 0]
    assert j["stages"][0]["share"] == pytest.approx(0.25)


def test_funnel_bar_lengths_scale(cli, tmp_path):
    p = tmp_path / "f.csv"
    rows = [f"n{i},2024-01-01,1" for i in range(3)] + ["r1,2023-01-01,1", "r1,2023-02-01,1"]
    p.write_text("customer_id,timestamp,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = run_ok(cli, "funnel", p, "--as-of", "2024-01-10").out
    bars = {line.split()[0]: line.count("\u2588") for line in out.splitlines()[1:]}
    assert bars["new"] == 40 and bars["at_risk"] == 13  # 1 of 3 -> a third of the width
    assert "75.0%" in out and "25.0%" in out


def test_new_vs_returning(cli, tx):
    args = ("new-vs-returning", tx, "--from", "1970-04-16", "--to", "1970-11-02")
    assert run_ok(cli, *args).out == "customer_id,kind\nc1,returning\nc2,new\n"
    j = json.loads(run_ok(cli, *args, "--json").out)
    assert (j["new"], j["returning"]) == (1, 1)
    assert j["customers"] == [{"customer_id": "c1", "kind": "returning"}, {"customer_id": "c2", "kind": "new"}]
    summary = run_ok(cli, *args, "--summary").out.splitlines()
    assert [line.split()[:3] for line in summary[1:]] == [
        ["new", "1", "50.0%"], ["returning", "1", "50.0%"], ["total", "2", "100.0%"]]
    # A period with no purchase: a header only.
    assert run_ok(cli, "new-vs-returning", tx, "--from", "1972-01-01", "--to", "1972-12-31").out == \
        "customer_id,kind\n"


def test_rfm_and_lifecycle_json_match_csv(cli, tx):
    csv_rows = run_ok(cli, "rfm", tx, "--as-of", "1971-02-05").out.splitlines()
    rows = json.loads(run_ok(cli, "rfm", tx, "--as-of", "1971-02-05", "--json").out)
    header = csv_rows[0].split(",")
    assert len(rows) == len(csv_rows) - 1 == 3
    for line, row in zip(csv_rows[1:], rows):
        cells = dict(zip(header, line.split(",")))
        assert row["customer_id"] == cells["customer_id"]
        assert row["rfm"] == cells["rfm"]
        assert f"{row['monetary_minor'] / 100:.2f}" == cells["monetary"]
        assert (row["segment"] or "") == cells["segment"]
        assert row["value_tier"] == cells["value_tier"]
    assert rows[0]["monetary_minor"] == 3000 and rows[0]["recency_days"] == 290
    stages = json.loads(run_ok(cli, "lifecycle", tx, "--as-of", "1971-02-05", "--json").out)
    assert stages == [
        {"customer_id": "c1", "stage": "at_risk", "stage_since": "1970-10-19"},
        {"customer_id": "c2", "stage": "new", "stage_since": "1970-10-28"},
        {"customer_id": "c3", "stage": "churned", "stage_since": "1971-01-12"},
        {"customer_id": "c4", "stage": "prospect", "stage_since": None},
    ]


@pytest.mark.parametrize("command", [
    ("funnel", "--as-of", "1971-02-05"),
    ("stage-history", "--as-of", "1971-02-05"),
    ("transitions", "--from", "1970-07-20", "--to", "1971-02-05"),
    ("new-vs-returning", "--from", "1970-04-16", "--to", "1970-11-02"),
])
@pytest.mark.parametrize("line, field", [
    ("c1,2024-13-01,1.00", "timestamp"),
    ("c1,2024-01-01,1.005", "amount"),
    (",2024-01-01,1.00", "customer_id"),
])
def test_bad_rows_name_file_line_and_field(cli, tmp_path, command, line, field):
    p = tmp_path / "bad.csv"
    p.write_text(f"customer_id,timestamp,amount\nc0,2024-01-01,1.00\n{line}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    r = cli(command[0], p, *command[1:], "--out", out)
    assert r.code == 3, r
    assert "bad.csv:3" in r.err and field in r.err, r
    assert not out.exists()


def test_bad_dates_and_usage(cli, tx, db):
    r = cli("transitions", tx, "--from", "1971-02-06", "--to", "1971-02-05")
    assert r.code == 3 and "--from" in r.err and "1971-02-06" in r.err, r
    r = cli("new-vs-returning", tx, "--from", "1970-01-01", "--to", "1970-02-30")
    assert r.code == 3 and "--to" in r.err and "1970-02-30" in r.err, r
    r = cli("new-vs-returning", tx, "--from", "1970-03-01", "--to", "1970-02-01")
    assert r.code == 3 and "--from" in r.err, r
    r = cli("funnel", tx, "--as-of", "yesterday")
    assert r.code == 3 and "--as-of" in r.err, r
    assert cli("funnel", tx).code == 2  # --as-of is required
    assert cli("transitions", tx, "--from", "1970-01-01").code == 2
    assert cli("stage-history", "--as-of", "1970-01-01").code == 2  # no input
    assert cli("funnel", tx, "--db", db, "--as-of", "1970-01-01").code == 2  # both inputs
    r = cli("stage-history", "--db", db, "--as-of", "1970-01-01", "--customers", tx)
    assert r.code == 2, r  # --customers goes with a file (and stage-history takes none)
    r = cli("funnel", "--db", db, "--as-of", "1970-01-01", "--customers", tx)
    assert r.code == 2 and "--customers" in r.err, r
    r = cli("funnel", tx.parent / "missing.csv", "--as-of", "1970-01-01")
    assert r.code == 3 and "missing.csv" in r.err, r


@pytest.fixture
def shop(cli, team_db):
    """team_db with purchases: li's customer twice (new then repeat), sun's once."""
    path, customers = team_db
    for name, day in [("li", "2024-01-10"), ("li", "2024-03-01"), ("sun", "2023-01-01"), ("sun", "2024-05-01")]:
        r = cli("interaction", "add", path, "--customer", customers[name]["id"], "--kind", "purchase",
                "--at", f"{day}T10:00:00Z", "--amount", "12.34")
        assert r.code == 0, r
    return path


def test_db_respects_roles(cli, shop):
    mine = run_ok(cli, "stage-history", "--db", shop, "--as-of", "2024-06-01", user="li.na").out
    assert mine == "customer_id,date,stage\nC-LI,2024-01-10,new\nC-LI,2024-03-01,repeat\n"
    everyone = run_ok(cli, "stage-history", "--db", shop, "--as-of", "2024-06-01").out.splitlines()
    assert "C-SUN,2024-05-01,reactivated" in everyone and len(everyone) == 1 + 2 + 4  # sun: new, at_risk, churned, reactivated

    j = json.loads(run_ok(cli, "transitions", "--db", shop, "--from", "2024-02-01", "--to", "2024-06-01",
                          "--json", user="li.na").out)
    assert sum(map(sum, j["matrix"])) == 1 and j["matrix"][1][2] == 1  # only C-LI: new -> repeat
    j = json.loads(run_ok(cli, "transitions", "--db", shop, "--from", "2024-02-01", "--to", "2024-06-01",
                          "--json").out)
    assert sum(map(sum, j["matrix"])) == 3 and j["matrix"][5][6] == 1 and j["matrix"][0][0] == 1

    j = json.loads(run_ok(cli, "new-vs-returning", "--db", shop, "--from", "2024-02-01", "--to", "2024-06-01",
                          "--json", user="li.na").out)
    assert j["customers"] == [{"customer_id": "C-LI", "kind": "returning"}]
    j = json.loads(run_ok(cli, "funnel", "--db", shop, "--as-of", "2024-06-01", "--json", user="li.na").out)
    assert j["customers"] == 1 and j["stages"][2]["customers"] == 1
    j = json.loads(run_ok(cli, "funnel", "--db", shop, "--as-of", "2024-06-01", "--json").out)
    assert [s["customers"] for s in j["stages"]] == [1, 0, 1, 0, 0, 0, 1]  # wang has no purchase

    r = cli("funnel", "--db", shop, "--as-of", "2024-06-01", "--currency", "USD", "--json")
    assert r.code == 0 and json.loads(r.out)["stages"][0]["customers"] == 3, r  # no USD purchases


def test_db_with_several_currencies_needs_a_choice(cli, shop, team_db):
    # One USD purchase next to the CNY ones: amounts are never added up across currencies,
    # and no currency is picked silently (which would score only some customers).
    _, customers = team_db
    r = cli("interaction", "add", shop, "--customer", customers["li"]["id"], "--kind", "purchase",
            "--at", "2024-04-01T10:00:00Z", "--amount", "5.00", "--currency", "USD")
    assert r.code == 0, r
    for command in (["rfm", "--as-of", "2024-06-01"], ["funnel", "--as-of", "2024-06-01"],
                    ["new-vs-returning", "--from", "2024-01-01", "--to", "2024-06-01"]):
        r = cli(command[0], "--db", shop, *command[1:])
        assert r.code == 3 and "currency" in r.err and "CNY, USD" in r.err, r
    usd = run_ok(cli, "rfm", "--db", shop, "--as-of", "2024-06-01", "--currency", "USD").out.splitlines()
    assert len(usd) == 2 and usd[1].startswith("C-LI,") and ",5.00," in usd[1]
    cny = run_ok(cli, "rfm", "--db", shop, "--as-of", "2024-06-01", "--currency", "CNY").out.splitlines()
    assert len(cny) == 3


def test_date_format_reads_the_whole_column(cli, tmp_path):
    p = tmp_path / "dmy.csv"
    p.write_text("customer_id,timestamp,amount\nc1,01/02/2024,1.00\nc2,13/02/2024,2.00\n", encoding="utf-8")
    r = cli("rfm", p, "--as-of", "2024-03-01")
    assert r.code == 3 and "dmy.csv" in r.err, r  # day and month either way round
    out = run_ok(cli, "rfm", p, "--as-of", "2024-03-01", "--date-format", "%d/%m/%Y").out.splitlines()
    assert [line.split(",")[:2] for line in out[1:]] == [["c1", "29"], ["c2", "17"]]
    r = cli("rfm", p, "--as-of", "2024-03-01", "--date-format", "%m/%d/%Y")
    assert r.code == 3 and "dmy.csv:3" in r.err, r  # month 13


def test_lifecycle_rule_options(cli, tx, shop):
    # at_risk after 100 days, churned after 200: c1 (last 1970-04-21, day 110) goes at_risk on
    # day 211 and churned on day 311; c3 (day 10) on days 111 and 211; c2 (day 300) stays new.
    out = run_ok(cli, "stage-history", tx, "--as-of", "1971-02-05", "--at-risk-days", "100",
                 "--churned-days", "200").out
    assert out == ("customer_id,date,stage\nc1,1970-04-11,new\nc1,1970-04-21,repeat\nc1,1970-07-31,at_risk\n"
                   "c1,1970-11-08,churned\nc2,1970-10-28,new\nc3,1970-01-11,new\nc3,1970-04-22,at_risk\n"
                   "c3,1970-07-31,churned\n")
    # Two purchases in the window make c1 loyal instead of repeat.
    assert "c1,repeat,1970-04-21" in run_ok(cli, "lifecycle", tx, "--as-of", "1970-05-01").out
    assert "c1,loyal,1970-04-21" in run_ok(cli, "lifecycle", tx, "--as-of", "1970-05-01",
                                            "--loyal-purchases", "2").out
    j = json.loads(run_ok(cli, "funnel", tx, "--as-of", "1970-05-01", "--loyal-purchases", "2", "--json").out)
    assert [s["customers"] for s in j["stages"]] == [2, 1, 0, 1, 0, 0, 0]
    j = json.loads(run_ok(cli, "transitions", tx, "--from", "1970-04-15", "--to", "1970-05-01",
                          "--loyal-purchases", "2", "--json").out)
    assert j["matrix"][1][3] == 1  # c1: new -> loyal
    # Over a store: C-SUN (2023-01-01, then 2024-05-01) is reactivated after a 365-day gap,
    # repeat when the gap may be 500 days.
    default = run_ok(cli, "lifecycle", "--db", shop, "--as-of", "2024-06-01").out
    assert "C-SUN,reactivated,2024-05-01" in default
    longer = run_ok(cli, "lifecycle", "--db", shop, "--as-of", "2024-06-01", "--reactivated-gap-days", "500").out
    assert "C-SUN,repeat,2024-05-01" in longer
    r = cli("lifecycle", tx, "--as-of", "1970-05-01", "--churned-days", "-1")
    assert r.code == 3 and "negative" in r.err and r.out == "", r
