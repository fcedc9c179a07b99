"""`clientele merge`, `clientele unmerge` and `clientele merges` end to end (docs/merge.md)."""
import sqlite3

import pytest

EXIT_USAGE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_CONFLICT, EXIT_DENIED = 2, 3, 4, 5, 6


def dump(path):
    """Every row but the merge lineage and the audit trail (which record every change, an
    undo included), to see that a failure changed nothing."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('merges', 'merge_members', 'audit_log', 'audit_state') "
            "ORDER BY name")]
        rows = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}
        rows["search"] = sorted(map(repr, con.execute("SELECT rowid, doc FROM customer_search")))
        return rows
    finally:
        con.close()


@pytest.fixture
def dup_db(team_db, ok):
    """team_db plus a second record of 李雷 (li.na's), typed differently, with an order."""
    db, customers = team_db
    customers["li2"] = ok("customer", "add", db, "--name", "李雷", "--phone", "+86 139 0000 0001",
                          "--email", "Li.Lei@Example.com", "--email", "lilei@qq.com", "--city", "上海",
                          "--owner", "li.na", "--external-id", "WX-LI")
    ok("interaction", "add", db, "--customer", "WX-LI", "--kind", "purchase", "--amount", "99.00",
       "--at", "2024-03-01T10:00:00Z")
    return db, customers


def test_dry_run_shows_everything_and_writes_nothing(cli, ok, dup_db):
    db, c = dup_db
    before = dump(db)
    r = cli("merge", db, "C-LI", "WX-LI", "--survivor", "C-LI", "--dry-run")
    assert r.code == 0, r
    assert "dry run: nothing was written" in r.out
    assert c["li"]["id"] in r.out and c["li2"]["id"] in r.out
    for moved in ("lilei@qq.com", "上海", "interaction", "already on the survivor"):
        assert moved in r.out
    assert dump(db) == before
    # --json carries the documented keys: merge_id is null, since nothing was written.
    r = ok("merge", db, "C-LI", "WX-LI", "--survivor", "C-LI", "--dry-run")
    assert r["dry_run"] is True and "merge_id" in r and r["merge_id"] is None
    assert dump(db) == before


def test_merge_and_unmerge_json(ok, dup_db):
    db, c = dup_db
    before = dump(db)
    r = ok("merge", db, "C-LI", "WX-LI", "--rule", "name=survivor")
    assert r["dry_run"] is False and r["survivor"]["id"] in (c["li"]["id"], c["li2"]["id"])
    survivor = r["survivor"]
    assert sorted(e["address"] for e in survivor["emails"])[-1] == "lilei@qq.com"
    assert len(survivor["phones"]) == 1
    assert ok("customer", "show", db, "WX-LI")["id"] == survivor["id"]
    [m] = ok("merges", db)
    assert m["id"] == r["merge_id"] and m["status"] == "applied"
    assert ok("merges", db, "--customer", "C-LI")[0]["id"] == r["merge_id"]
    undone = ok("unmerge", db, r["merge_id"])
    assert undone["status"] == "undone"
    assert dump(db) == before
    assert ok("merges", db, "--status", "undone")[0]["id"] == r["merge_id"]


@pytest.mark.parametrize("args, code, message", [
    (["C-LI", "nobody"], EXIT_NOT_FOUND, "nobody"),
    (["C-LI", "C-LI"], EXIT_INVALID, "merged with itself"),
    (["C-LI"], EXIT_INVALID, "at least two"),
    (["C-LI", "WX-LI", "--rule", "shoe=survivor"], EXIT_INVALID, "rules.shoe"),
    (["C-LI", "WX-LI", "--rule", "name=loudest"], EXIT_INVALID, "loudest"),
    (["C-LI", "WX-LI", "--rule", "name"], EXIT_USAGE, "--rule"),
])
def test_bad_merges_change_nothing(cli, dup_db, args, code, message):
    db, _ = dup_db
    before = dump(db)
    r = cli("merge", db, *args)
    assert r.code == code, r
    assert message in r.err and r.err.startswith("clientele: error:") and r.err.count("\n") == 1
    assert dump(db) == before


def test_unmerge_of_a_customer_never_merged(cli, dup_db):
    db, _ = dup_db
    before = dump(db)
    r = cli("unmerge", db, "C-LI")
    assert r.code == EXIT_NOT_FOUND and "was not merged" in r.err, r
    r = cli("unmerge", db, "no-such-thing")
    assert r.code == EXIT_NOT_FOUND, r
    assert dump(db) == before


def test_roles_and_already_merged(cli, ok, dup_db):
    db, c = dup_db
    before = dump(db)
    r = cli("merge", db, "C-LI", "WX-LI", user="kan.kan")
    assert r.code == EXIT_DENIED, r
    r = cli("merge", db, "C-LI", "C-WANG", user="li.na")  # wang.fang's customer: not hers
    assert r.code == EXIT_NOT_FOUND, r
    assert dump(db) == before
    merged = ok("merge", db, "C-LI", "WX-LI", "--survivor", "C-LI", user="li.na")
    state = dump(db)
    r = cli("merge", db, "WX-LI", "C-WANG")
    assert r.code == EXIT_CONFLICT and "already merged" in r.err, r
    assert dump(db) == state
    assert ok("unmerge", db, "WX-LI", user="li.na")["id"] == merged["merge_id"]
    r = cli("unmerge", db, merged["merge_id"])
    assert r.code == EXIT_CONFLICT and "already undone" in r.err, r
    assert dump(db) == before


def test_help_names_the_options(cli):
    r = cli("merge", "--help")
    assert r.code == 0
    for option in ("--survivor", "--dry-run", "--rule", "--json"):
        assert option in r.out
