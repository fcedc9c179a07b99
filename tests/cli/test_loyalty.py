"""`clientele loyalty ...` and the loyalty additions to `clientele points ...` end to end
(docs/loyalty.md): rules from a file, their refusals, earning on `interaction add` and
`import`, lots, expiry, past balance, levels, level history and voids."""
import json
import sqlite3

EXIT_INVALID, EXIT_NOT_FOUND, EXIT_DENIED = 3, 4, 6

RULES = {
    "earn": {"currency": "CNY", "points_per_unit": 1},
    "multipliers": {"tags": {"vip": 2}},
    "expiry": {"months": 12},
    "levels": {"tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 100000}]},
}


def rows(path, sql):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_rules_set_show_and_refuse(cli, ok, team_db, tmp_path):
    db, _ = team_db
    assert ok("loyalty", "rules", db) == {}
    good = tmp_path / "rules.json"
    good.write_text(json.dumps(RULES, ensure_ascii=False), encoding="utf-8")
    assert ok("loyalty", "rules", db, "--set", good) == RULES
    bad = tmp_path / "bad.json"
    bad.write_text('{"birthday_month": {"multiplier": -2}}', encoding="utf-8")
    r = cli("loyalty", "rules", db, "--set", bad)
    assert r.code == EXIT_INVALID and "birthday_month.multiplier" in r.err
    r = cli("loyalty", "rules", db, "--set", "-", stdin='{"expiry": {"months": 0}}')
    assert r.code == EXIT_INVALID and "expiry.months" in r.err
    r = cli("loyalty", "rules", db, "--set", good, user="li.na")
    assert r.code == EXIT_DENIED
    assert ok("loyalty", "rules", db) == RULES
    r = cli("loyalty", "rules", db)
    assert r.code == 0 and json.loads(r.out) == RULES


def test_earning_lots_expiry_and_balance_at(cli, ok, team_db, tmp_path):
    db, _ = team_db
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES, ensure_ascii=False), encoding="utf-8")
    ok("loyalty", "rules", db, "--set", rules)
    # C-LI has the tag vip: 120.50 yuan × 2, rounded down once at the end -> 241.
    ok("interaction", "add", db, "--customer", "C-LI", "--kind", "purchase", "--amount", "120.50",
       "--at", "2025-02-01T00:00:00Z")
    assert ok("points", "balance", db, "C-LI")["balance"] == 241
    orders = tmp_path / "orders.csv"
    orders.write_text("external_id,customer_id,timestamp,amount\nO1,C-SUN,2025-02-01T00:00:00Z,1500.00\n",
                      encoding="utf-8")
    for _ in range(2):
        assert cli("import", db, orders, "--type", "interactions").code == 0
        assert ok("points", "balance", db, "C-SUN")["balance"] == 1500
    ok("points", "redeem", db, "C-LI", "41", "--at", "2025-03-01T00:00:00Z")
    lots = ok("points", "lots", db, "C-LI")
    assert [(lot["points"], lot["remaining"], lot["expires_at"]) for lot in lots] == \
        [(241, 200, "2026-02-01T00:00:00Z")]
    text = cli("points", "lots", db, "C-LI")
    assert text.code == 0 and "REMAINING" in text.out and "200" in text.out
    assert ok("loyalty", "expire", db, "--as-of", "2026-03-01") == {"customers": 2, "entries": 2, "points": 1700}
    assert ok("loyalty", "expire", db, "--as-of", "2026-03-01")["entries"] == 0
    assert ok("points", "balance", db, "C-LI", "--at", "2025-12-31")["balance"] == 200
    assert ok("points", "balance", db, "C-LI")["balance"] == 0
    r = cli("points", "balance", db, "C-LI", "--at", "someday")
    assert r.code == EXIT_INVALID and "--at" in r.err


def test_levels_show_who_moved(cli, ok, team_db, tmp_path):
    db, c = team_db
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES, ensure_ascii=False), encoding="utf-8")
    ok("loyalty", "rules", db, "--set", rules)
    ok("interaction", "add", db, "--customer", "C-WANG", "--kind", "purchase", "--amount", "1000",
       "--at", "2025-05-01T00:00:00Z")
    text = cli("loyalty", "levels", db, "--as-of", "2025-06-01")
    assert text.code == 0 and "王芳芳" in text.out and "银卡" in text.out and "CUSTOMER" in text.out
    assert ok("loyalty", "levels", db, "--as-of", "2025-06-01") == []
    history = ok("loyalty", "level-history", db, "C-WANG")
    assert history == [{"customer_id": c["wang"]["id"], "from": "", "to": "银卡", "at": "2025-06-01T00:00:00Z",
                        "basis_value": 100000}]
    assert ok("customer", "show", db, "C-WANG")["membership_level"] == "银卡"


def test_void_once_and_unknown_entries(cli, ok, team_db):
    db, _ = team_db
    e = ok("points", "add", db, "C-LI", "30")
    v = ok("points", "void", db, str(e["id"]), "--reason", "keyed twice")
    assert v["voids"] == e["id"] and v["points"] == -30 and v["reason"] == "keyed twice"
    before = rows(db, "SELECT * FROM customer_points")
    r = cli("points", "void", db, str(e["id"]))
    assert r.code == EXIT_INVALID and "voided already" in r.err
    r = cli("points", "void", db, "99999")
    assert r.code == EXIT_NOT_FOUND
    assert rows(db, "SELECT * FROM customer_points") == before


def test_points_liability_in_stats_and_balance_in_export(cli, ok, team_db, tmp_path):
    import datetime as dt
    db, _ = team_db
    good = tmp_path / "rules.json"
    good.write_text('{"expiry": {"months": 12}}', encoding="utf-8")
    ok("loyalty", "rules", db, "--set", good)
    now = dt.datetime.now(dt.timezone.utc)
    ok("points", "add", db, "C-LI", "100", "--at", (now - dt.timedelta(days=360)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    ok("points", "add", db, "C-SUN", "50")
    stats = ok("stats", db)
    assert (stats["points_outstanding"], stats["points_expiring_30d"]) == (150, 100)
    text = cli("stats", db).out
    assert "points outstanding" in text and "expiring in 30 days" in text
    out = tmp_path / "c.csv"
    cli("export", db, "--out", out)
    header, *lines = out.read_text(encoding="utf-8").splitlines()
    column = header.split(",").index("points_balance")
    assert sorted(int(line.split(",")[column]) for line in lines if "C-LI" in line or "C-SUN" in line) == [50, 100]
