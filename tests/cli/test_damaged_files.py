"""Damaged files: `clientele check` finds what is wrong (exit 0 clean, 8 when anything is
found), a file cut short refuses every write with exit 8, a damaged stored value is corrupt
data (8) rather than invalid input (3), and `export --skip-damaged` leaves damaged records
out and names them."""
import os
import sqlite3


def raw(db, sql):
    con = sqlite3.connect(db)
    con.executescript(sql)
    con.commit()
    con.close()


def test_check_a_whole_store(cli, shop):
    r = cli("check", shop)
    assert r.code == 0, r
    assert r.out.rstrip().endswith("ok")
    r = cli("check", shop, "--json")
    assert r.code == 0, r
    report = r.json()
    assert report["ok"] is True and report["problems"] == [] and report["customers"] == 2
    assert cli("check", shop, "--quick").code == 0


def test_check_finds_damage_and_exits_8(cli, shop):
    raw(shop, "UPDATE customer_emails SET address = 'x@example.com';"
              "DELETE FROM customer_search WHERE rowid = (SELECT id FROM customers WHERE external_id = 'A1');")
    r = cli("check", shop, "--json")
    assert r.code == 8, r
    report = r.json()
    assert report["ok"] is False
    checks = {p["check"] for p in report["problems"]}
    assert {"cards", "search"} <= checks
    assert any("A2" in p["subject"] for p in report["problems"] if p["check"] == "cards")
    r = cli("check", shop)
    assert r.code == 8 and "cards:" in r.out and "problem" in r.err, r


def test_a_file_cut_short_refuses_writes(cli, shop, tmp_path):
    assert not os.path.exists(str(shop) + "-wal")
    size = shop.stat().st_size
    os.truncate(shop, size - 1000)
    csv = tmp_path / "in.csv"
    csv.write_text("external_id,name\nB1,Bo\n", encoding="utf-8")
    for args in (["customer", "add", shop, "--name", "Wang", "--external-id", "N1"],
                 ["customer", "update", shop, "A1", "--set", "notes=x"],
                 ["points", "add", shop, "A1", "5"],
                 ["interaction", "add", shop, "--customer", "A1", "--kind", "call", "--at", "2024-02-01T00:00:00Z"],
                 ["import", shop, csv],
                 ["user", "add", shop, "li", "--role", "sales"]):
        r = cli(*args)
        assert r.code == 8, r
        assert "damaged" in r.err, r
    assert shop.stat().st_size == size - 1000
    r = cli("check", shop, "--json", "--quick")
    assert r.code == 8, r
    assert any(p["check"] == "file" for p in r.json()["problems"])


def test_a_damaged_enum_is_corrupt_data_not_invalid_input(cli, shop):
    raw(shop, "PRAGMA ignore_check_constraints = ON; UPDATE customers SET kind = 'robot' WHERE external_id = 'A2';")
    r = cli("customer", "show", shop, "A2")
    assert r.code == 8, r
    assert "damaged" in r.err and "kind" in r.err, r


def test_export_skip_damaged(cli, shop, tmp_path):
    raw(shop, "UPDATE customers SET card = '{broken' WHERE external_id = 'A2'")
    out = tmp_path / "out.csv"
    r = cli("export", shop, "--out", out)
    assert r.code == 8, r
    assert not out.exists()
    r = cli("export", shop, "--out", out, "--skip-damaged")
    assert r.code == 0, r
    assert "A2" in r.err and "skipped" in r.err, r
    text = out.read_text(encoding="utf-8")
    assert "A1" in text and "A2" not in text
    r = cli("export", shop, "--out", out, "--skip-damaged", "--json")
    assert r.code == 0, r
    result = r.json()
    assert result["exported"] == 1 and len(result["skipped"]) == 1 and "A2" in result["skipped"][0]["record"]
    r = cli("export", shop, "--skip-damaged", "--format", "jsonl")  # to stdout: the list on stderr
    assert r.code == 0 and "A1" in r.out and "A2" not in r.out and "A2" in r.err, r
