"""`clientele points ...` end to end (docs/points.md): earn, redeem, expire, adjust, balance,
history, the exit codes of refusals, roles, and merge/unmerge carrying the entries."""
import sqlite3

EXIT_USAGE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_CONFLICT, EXIT_DENIED = 2, 3, 4, 5, 6


def ledger(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT * FROM customer_points ORDER BY id").fetchall()
    finally:
        con.close()


def test_add_redeem_expire_adjust_balance_history(ok, cli, team_db):
    db, c = team_db
    e = ok("points", "add", db, "C-LI", "120", "--reason", "order 1042", "--reference", "O-1042",
           "--at", "2024-03-01T10:00:00Z")
    assert e["kind"] == "earn" and e["points"] == 120 and e["customer_id"] == c["li"]["id"]
    assert e["reason"] == "order 1042" and e["reference"] == "O-1042" and e["at"] == "2024-03-01T10:00:00Z"
    assert ok("points", "redeem", db, "C-LI", "50", "--at", "2024-04-01T00:00:00Z")["points"] == -50
    assert ok("points", "expire", db, "C-LI", "20", "--at", "2024-05-01T00:00:00Z")["points"] == -20
    assert ok("points", "adjust", db, "C-LI", "-5", "--at", "2024-05-02T00:00:00Z")["points"] == -5
    assert ok("points", "adjust", db, "C-LI", "-5")["points"] == -5  # a negative number is not an option
    assert ok("points", "balance", db, "C-LI") == {"customer": c["li"]["id"], "balance": 40}
    r = cli("points", "balance", db, "C-LI")
    assert r.code == 0 and r.out == "40\n"
    history = ok("points", "history", db, "C-LI")
    assert [h["points"] for h in history] == [-5, -5, -20, -50, 120]
    assert [h["points"] for h in ok("points", "history", db, "C-LI", "--kind", "earn")] == [120]
    assert len(ok("points", "history", db, "C-LI", "--limit", "2")) == 2
    assert ok("points", "history", db, "C-LI", "--from", "2024-04-01T00:00:00Z", "--to", "2024-05-01T00:00:00Z") \
        == [history[3]]
    text = cli("points", "history", db, "C-LI")
    assert text.code == 0 and "order 1042" in text.out and "+120" in text.out and "KIND" in text.out
    r = cli("points", "redeem", db, "C-LI", "10")
    assert r.code == 0 and "balance 30" in r.out


def test_refusals_exit_codes_and_nothing_changes(cli, ok, team_db):
    db, _ = team_db
    ok("points", "add", db, "C-LI", "30")
    before = ledger(db)
    r = cli("points", "redeem", db, "C-LI", "31")
    assert r.code == EXIT_INVALID and "balance 30" in r.err and r.out == ""
    assert cli("points", "redeem", db, "C-LI", "0").code == EXIT_INVALID
    assert cli("points", "add", db, "C-LI", "ten").code == EXIT_INVALID
    assert cli("points", "adjust", db, "C-LI", "-31").code == EXIT_INVALID
    assert cli("points", "add", db, "C-LI", "5", "--at", "yesterday").code == EXIT_INVALID
    assert cli("points", "history", db, "C-LI", "--kind", "gift").code == EXIT_INVALID
    assert cli("points", "add", db, "NOBODY", "5").code == EXIT_NOT_FOUND
    assert cli("points", "add", db, "C-LI").code == EXIT_USAGE
    assert cli("points", "balance", db, "C-LI", user="sun.li").code == EXIT_NOT_FOUND  # not his customer
    assert cli("points", "add", db, "C-LI", "5", user="kan.kan").code == EXIT_DENIED  # viewer
    assert ledger(db) == before
    assert ok("points", "add", db, "C-LI", "5", user="li.na")["created_by"] == "li.na"


def test_merge_carries_points_and_unmerge_is_refused_when_they_were_spent(cli, ok, team_db):
    db, c = team_db
    ok("customer", "add", db, "--name", "李雷", "--phone", "+86 139 0000 0001", "--owner", "li.na",
       "--external-id", "WX-LI")
    ok("points", "add", db, "C-LI", "10")
    ok("points", "add", db, "WX-LI", "90")
    dry = cli("merge", db, "C-LI", "WX-LI", "--survivor", "C-LI", "--dry-run")
    assert dry.code == 0 and "points" in dry.out and "earn 90" in dry.out
    ok("merge", db, "C-LI", "WX-LI", "--survivor", "C-LI")
    assert ok("points", "balance", db, "C-LI")["balance"] == 100
    ok("points", "redeem", db, "C-LI", "60")
    before = ledger(db)
    r = cli("unmerge", db, "C-LI")
    assert r.code == EXIT_CONFLICT and "points balance of -50" in r.err
    assert ledger(db) == before
    ok("points", "adjust", db, "C-LI", "50")
    ok("unmerge", db, "C-LI")
    assert ok("points", "balance", db, "C-LI")["balance"] == 0
    assert ok("points", "balance", db, "WX-LI")["balance"] == 90
