"""`clientele audit [verify | prune]` end to end (docs/audit.md): what the trail lists for
changes made through the CLI, how verify reports an edited or cut trail (exit 8) and an
anchor, retention, and who may read it."""
import sqlite3

EXIT_INVALID, EXIT_DENIED, EXIT_CORRUPT = 3, 6, 8


def _edit(db, sql):
    con = sqlite3.connect(db)
    try:
        con.execute(sql)
        con.commit()
    finally:
        con.close()


def test_changes_are_listed_with_who_and_what(cli, ok, db):
    ok("user", "add", db, "li.na", "--role", "sales")
    c = ok("customer", "add", db, "--name", "张伟", "--phone", "13812345678", "--external-id", "Z1",
           "--owner", "li.na")
    ok("customer", "update", db, "Z1", "--set", "notes=prefers WeChat", user="li.na")
    [e] = ok("audit", db, "--customer", "Z1", "--action", "customer.update")
    assert e["user"] == "li.na" and e["layer"] == "cli" and e["customer"] == c["id"]
    assert e["detail"]["changes"]["notes"] == {"before": None, "after": "prefers WeChat"}
    assert [x["action"] for x in ok("audit", db, "--by", "admin", "--action", "user.")] == ["user.create"]
    text = cli("audit", db, "--customer", "Z1")
    assert text.code == 0 and "customer.create" in text.out and "2 entries" in text.out
    # The trail is an admin's to read.
    r = cli("audit", db, user="li.na")
    assert r.code == EXIT_DENIED, r


def test_verify_reports_an_edited_or_cut_trail_and_checks_an_anchor(cli, ok, db):
    for n in range(3):
        ok("customer", "add", db, "--name", f"N{n}", "--external-id", f"X{n}")
    v = ok("audit", "verify", db)
    assert v["ok"] is True and v["entries"] == 4 and v["problems"] == []
    anchor = f"{v['last_id']}:{v['head_hash']}"
    assert ok("audit", "verify", db, "--anchor", anchor)["ok"] is True
    r = cli("audit", "verify", db, "--anchor", "3:abc")
    assert r.code == 2 or r.code == EXIT_INVALID, r

    _edit(db, "UPDATE audit_log SET target = 'someone else' WHERE id = 2")
    r = cli("audit", "verify", db)
    assert r.code == EXIT_CORRUPT, r
    assert "entry 2 was edited" in r.out and "fails verification" in r.err
    _edit(db, "UPDATE audit_log SET target = '' WHERE id = 2")
    assert cli("audit", "verify", db).code == 0

    _edit(db, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    r = cli("audit", "verify", db, "--json")
    assert r.code == EXIT_CORRUPT, r
    assert any("missing from the end" in p for p in r.json()["problems"])


def test_prune_follows_the_retention_setting(cli, ok, db):
    ok("customer", "add", db, "--name", "N", "--external-id", "X")
    assert ok("audit", "prune", db, "--as-of", "2100-01-01")["removed"] == 0
    assert ok("audit", "set", db, "retention_days", "30")["value"] == "30"
    assert ok("audit", "prune", db, "--as-of", "2100-01-01")["removed"] == 3  # create, add, set
    v = ok("audit", "verify", db)
    assert v["ok"] is True and v["pruned_through"] == 3 and v["entries"] == 1
    assert [e["action"] for e in ok("audit", db)] == ["audit.prune"]
    r = cli("audit", "set", db, "retention_days", "soon")
    assert r.code == EXIT_INVALID, r
