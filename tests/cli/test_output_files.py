"""No output path destroys the database: export, rfm/lifecycle/stage commands, dedupe and
import --errors refuse the open database (also through a link, ./x, or its -wal/-shm), and
every output file is written to a temporary file and renamed, so a failure leaves none."""
import hashlib
import os
import sqlite3

import pytest


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_db_paths(db):
    """Names of the database (and its companions) a user might type."""
    link = db.parent / "link.db"
    link.symlink_to(db)
    return [str(db), str(link), os.path.join(str(db.parent), ".", db.name),
            str(db) + "-wal", str(db) + "-shm", str(db) + "-journal"]


COMMANDS = [
    lambda db, out: ["export", db, "--out", out],
    lambda db, out: ["export", db, "--out", out, "--format", "jsonl"],
    lambda db, out: ["export", db, "--type", "interactions", "--out", out],
    lambda db, out: ["rfm", "--db", db, "--as-of", "2024-06-01", "--out", out],
    lambda db, out: ["lifecycle", "--db", db, "--as-of", "2024-06-01", "--out", out],
    lambda db, out: ["funnel", "--db", db, "--as-of", "2024-06-01", "--out", out],
    lambda db, out: ["dedupe", "--db", db, "--out", out],
    lambda db, out: ["dedupe", "--db", db, "--apply", "--out", out],
    lambda db, out: ["dedupe", "--db", db, "--review", out],
]


@pytest.mark.parametrize("command", range(len(COMMANDS)))
def test_outputs_refuse_the_database(cli, shop, ok, command):
    # A1's twin: a dedupe --apply that got as far as merging would merge them.
    ok("customer", "add", shop, "--family-name", "张", "--given-name", "伟", "--phone", "13900000001",
       "--external-id", "A3")
    paths = same_db_paths(shop)
    for out in paths:
        before = digest(shop)
        r = cli(*COMMANDS[command](shop, out))
        assert r.code == 3, r
        assert "database" in r.err and "nothing was written" in r.err, r
        assert digest(shop) == before, out
    assert not os.path.exists(str(shop) + "-journal")
    # Still a whole store, with all three customers (dedupe --apply merged nothing).
    assert len(ok("customer", "list", shop, "--all")) == 3


def test_import_errors_file_refuses_the_database(cli, shop, ok, tmp_path):
    bad = tmp_path / "in.csv"
    bad.write_text("external_id,email\nB1,not-an-email\nB2,b2@example.com\n", encoding="utf-8")
    for out in same_db_paths(shop):
        before = digest(shop)
        r = cli("import", shop, bad, "--skip-invalid", "--errors", out)
        assert r.code == 3, r
        assert digest(shop) == before
    assert len(ok("customer", "list", shop, "--all")) == 2
    # A real errors file still works.
    r = cli("import", shop, bad, "--skip-invalid", "--errors", tmp_path / "rejected.csv")
    assert r.code == 0, r
    assert "not-an-email" in (tmp_path / "rejected.csv").read_text(encoding="utf-8")


def test_a_failed_output_leaves_the_old_file_and_no_temporary(cli, shop, tmp_path):
    out = tmp_path / "customers.csv"
    out.write_text("previous\n", encoding="utf-8")
    # A damaged record makes the export fail after it has begun: the old file stays.
    con = sqlite3.connect(shop)
    con.execute("UPDATE customers SET card = '{broken' WHERE external_id = 'A2'")
    con.commit()
    con.close()
    r = cli("export", shop, "--out", out)
    assert r.code == 8, r
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    r = cli("rfm", "--db", shop, "--as-of", "2024-06-01", "--out", out)
    assert r.code == 0, r
    assert out.read_text(encoding="utf-8").startswith("customer_id,")
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
