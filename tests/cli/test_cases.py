"""`clientele case ...` and `clientele service-report` end to end (docs/service.md): open,
update, show with history, list (overdue), escalate, the SLA policy from a file, the exit
codes of refusals with nothing changed, roles, and the report as tables and JSON."""
import sqlite3

EXIT_INVALID, EXIT_NOT_FOUND, EXIT_CONFLICT, EXIT_DENIED = 3, 4, 5, 6


def rows(path, sql):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_case_workflow(ok, cli, team_db):
    db, c = team_db
    # Tuesday 09:00 at +08:00, high: first response 4h, resolution 16h of business time.
    k = ok("case", "open", db, "--customer", "C-LI", "--priority", "high", "--subject", "late delivery",
           "--channel", "phone", "--at", "2026-12-01T01:00:00Z")
    assert k["id"] == 1 and k["customer_id"] == c["li"]["id"] and k["assignee"] == "li.na"
    assert k["first_response_due"] == "2026-12-01T05:00:00Z" and k["resolution_due"] == "2026-12-02T08:00:00Z"
    k = ok("case", "update", db, "1", "--status", "in_progress", "--at", "2026-12-01T02:00:00Z", "--note", "called")
    assert k["first_responded_at"] == "2026-12-01T02:00:00Z"
    shown = cli("case", "show", db, "1")
    assert shown.code == 0 and "late delivery" in shown.out and "called" in shown.out and "in_progress" in shown.out
    assert [h["action"] for h in ok("case", "show", db, "1")["history"]] == ["open", "status"]
    # Overdue at Wednesday 17:00 local: the resolution deadline (16:00) has passed.
    assert [x["id"] for x in ok("case", "list", db, "--overdue", "--as-of", "2026-12-02T09:00:00Z")] == [1]
    assert ok("case", "list", db, "--overdue", "--as-of", "2026-12-02T07:00:00Z") == []
    text = cli("case", "list", db, "--overdue", "--as-of", "2026-12-02T09:00:00Z")
    assert text.code == 0 and "late delivery" in text.out and "BREACHED" in text.out
    escalated = ok("case", "escalate", db, "--as-of", "2026-12-02T09:00:00Z")
    assert [(x["id"], x["escalated_to"]) for x in escalated] == [(1, "zhao.lei")]
    assert ok("case", "escalate", db, "--as-of", "2026-12-02T09:00:00Z") == []
    ok("case", "update", db, "1", "--status", "resolved", "--at", "2026-12-02T10:00:00Z")
    assert rows(db, "SELECT complaint_status FROM interactions WHERE kind = 'complaint'") == [("resolved",)]


def test_refusals_exit_codes_and_nothing_changes(cli, ok, team_db, tmp_path):
    db, _ = team_db
    ok("case", "open", db, "--customer", "C-LI", "--at", "2026-12-01T01:00:00Z")
    before = rows(db, "SELECT * FROM cases"), rows(db, "SELECT * FROM case_events"), rows(db, "SELECT * FROM interactions")
    r = cli("case", "update", db, "1", "--status", "closed")
    assert r.code == EXIT_INVALID and "status" in r.err and "in_progress" in r.err and r.out == ""
    assert cli("case", "update", db, "1", "--due", "2020-01-01").code == EXIT_INVALID
    assert cli("case", "update", db, "7", "--note", "x").code == EXIT_NOT_FOUND
    assert cli("case", "update", db, "seven", "--note", "x").code == EXIT_INVALID
    assert cli("case", "show", db, "7").code == EXIT_NOT_FOUND
    assert cli("case", "open", db, "--customer", "C-LI", "--due", "2020-01-01").code == EXIT_INVALID
    assert cli("case", "open", db, "--customer", "nobody").code == EXIT_NOT_FOUND
    r = cli("case", "open", db, "--customer", "C-LI", "--at", "2999-01-01T00:00:00Z")
    assert r.code == EXIT_INVALID and "at" in r.err and "in the future" in r.err
    sla = tmp_path / "sla.json"
    sla.write_text('{"hours": "18:00-09:00"}')
    r = cli("case", "sla", db, "--set", sla)
    assert r.code == EXIT_INVALID and "hours" in r.err and "sla.json" in r.err
    complaint = rows(db, "SELECT lower(hex(uuid)) FROM interactions")[0][0]
    uuid = "-".join([complaint[:8], complaint[8:12], complaint[12:16], complaint[16:20], complaint[20:]])
    assert cli("case", "open", db, "--interaction", uuid).code == EXIT_CONFLICT
    assert (rows(db, "SELECT * FROM cases"), rows(db, "SELECT * FROM case_events"),
            rows(db, "SELECT * FROM interactions")) == before
    sla.write_text('{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "hours": "00:00-24:00"}')
    assert ok("case", "sla", db, "--set", sla)["hours"] == "00:00-24:00"


def test_roles(cli, ok, team_db):
    db, _ = team_db
    ok("case", "open", db, "--customer", "C-LI")
    ok("case", "open", db, "--customer", "C-SUN")
    assert len(ok("case", "list", db, user="li.na")) == 1
    assert len(ok("case", "list", db, user="zhao.lei")) == 1
    assert len(ok("case", "list", db, user="kan.kan")) == 2
    assert cli("case", "show", db, "2", user="li.na").code == EXIT_NOT_FOUND
    assert cli("case", "update", db, "1", "--note", "x", user="kan.kan").code == EXIT_DENIED
    assert cli("case", "sla", db, "--set", "-", user="li.na", stdin="{}").code == EXIT_DENIED


def test_service_report(cli, ok, team_db):
    db, _ = team_db
    for customer, when, extra in [("C-LI", "2026-11-03T00:00:00Z", ["--nps", "10", "--csat", "5"]),
                                  ("C-LI", "2026-11-04T00:00:00Z", ["--nps", "3"]),
                                  ("C-SUN", "2026-12-02T00:00:00Z", [])]:
        ok("interaction", "add", db, "--customer", customer, "--kind", "survey", "--at", when, "--channel", "wechat", *extra)
    ok("case", "open", db, "--customer", "C-LI", "--at", "2026-12-01T01:00:00Z")
    report = ok("service-report", db, "--from", "2026-11-01", "--to", "2027-01-01")
    first = report["rows"][0]
    assert (first["dimension"], first["group"]) == ("all", "all")
    assert (first["surveys"], first["answered"], first["nps"], first["csat_mean"]) == (3, 2, 0.0, 5.0)
    assert first["complaints"] == 1 and first["first_response_median_hours"] is None
    text = cli("service-report", db, "--from", "2026-11-01", "--to", "2027-01-01")
    assert text.code == 0 and "NPS" in text.out and "owner" in text.out and "2026-11" in text.out
    assert cli("service-report", db, "--from", "2027-01-01", "--to", "2026-11-01").code == EXIT_INVALID
