"""clientele backup / backup verify / restore, end to end, and kill -9 during a backup."""
import os
import signal
import sqlite3
import subprocess
import time

from conftest import CLI


def dump(path):
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def fill(cli, db, n):
    for i in range(n):
        assert cli("customer", "add", db, "--family-name", "王", "--given-name", f"n{i}",
                   "--external-id", f"E-{i}").code == 0


def test_backup_restore_verify(cli, ok, db, tmp_path):
    fill(cli, db, 3)
    pw = tmp_path / "pw"
    pw.write_text("correct horse\n")
    m = ok("backup", db, "--out", tmp_path / "b.cltbak", "--passphrase-file", pw)
    assert m["customers"] == 3 and m["protection"] == "passphrase"
    r = cli("backup", "verify", tmp_path / "b.cltbak", "--passphrase-file", pw)
    assert r.code == 0 and "intact" in r.out and "encrypted (passphrase)" in r.out, r
    # The environment variable names the passphrase file too.
    assert ok("restore", tmp_path / "b.cltbak", "--out", tmp_path / "back.db",
              env={"CLIENTELE_BACKUP_PASSPHRASE_FILE": str(pw)})["customers"] == 3
    assert dump(tmp_path / "back.db") == dump(db)


def test_refusals_exit_codes_and_nothing_written(cli, db, tmp_path):
    fill(cli, db, 1)
    r = cli("backup", db, "--out", tmp_path / "b.cltbak")
    assert r.code == 0 and "NOT encrypted" in r.out, r
    wrong = tmp_path / "wrong"
    wrong.write_text("nope")
    pw = tmp_path / "pw"
    pw.write_text("right")
    assert cli("backup", db, "--out", tmp_path / "e.cltbak", "--passphrase-file", pw).code == 0
    r = cli("restore", tmp_path / "e.cltbak", "--out", tmp_path / "back.db", "--passphrase-file", wrong)
    assert r.code == 6 and "wrong passphrase" in r.err, r
    assert not (tmp_path / "back.db").exists()
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"precious")
    r = cli("restore", tmp_path / "b.cltbak", "--out", existing)
    assert r.code == 5 and existing.read_bytes() == b"precious", r
    # Not a database: the erasures to carry over cannot be read, so nothing is replaced
    # until the operator says to go on without them.
    r = cli("restore", tmp_path / "b.cltbak", "--out", existing, "--force")
    assert r.code == 8 and "--ignore-erasures" not in r.err and "ignore_erasures" in r.err, r
    assert existing.read_bytes() == b"precious"
    assert cli("restore", tmp_path / "b.cltbak", "--out", existing, "--force", "--ignore-erasures").code == 0
    assert dump(existing) == dump(db)
    data = bytearray((tmp_path / "b.cltbak").read_bytes())
    data[len(data) // 2] ^= 0x40
    (tmp_path / "bad.cltbak").write_bytes(bytes(data))
    assert cli("backup", "verify", tmp_path / "bad.cltbak").code == 8
    assert cli("backup", db, "--out", db).code == 3  # never over the database itself
    assert cli("backup", db).code == 2


def test_rotation_by_folder(cli, db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    # Old backups from earlier days; the new one is today's.
    for name in ("clientele-20200101T000000Z.cltbak", "clientele-20200102T000000Z.cltbak", "notes.txt"):
        (folder / name).write_text("x")
    r = cli("backup", db, "--dir", folder, "--keep-daily", "2", "--keep-weekly", "0")
    assert r.code == 0, r
    names = sorted(p.name for p in folder.iterdir())
    assert "clientele-20200101T000000Z.cltbak" not in names
    assert "clientele-20200102T000000Z.cltbak" in names and "notes.txt" in names
    assert len([n for n in names if n.endswith(".cltbak")]) == 2


def test_kill_9_during_backup_leaves_database_and_previous_backup(cli, db, tmp_path):
    fill(cli, db, 30)
    out = tmp_path / "b.cltbak"
    pw = tmp_path / "pw"
    pw.write_text("pass")
    assert cli("backup", db, "--out", out, "--passphrase-file", pw).code == 0
    previous = out.read_bytes()
    before = dump(db)
    env = {k: v for k, v in os.environ.items() if k != "CLIENTELE_USER"}
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2):
        p = subprocess.Popen([CLI, "backup", str(db), "--out", str(out), "--passphrase-file", str(pw)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if out.read_bytes() != previous:  # the backup finished before the kill: a new complete file
            assert cli("backup", "verify", out, "--passphrase-file", pw).code == 0
            previous = out.read_bytes()
        assert dump(db) == before
        assert cli("backup", "verify", out, "--passphrase-file", pw).code == 0


def test_restore_erases_again_whoever_was_erased_after_the_backup(cli, ok, db, tmp_path):
    fill(cli, db, 3)
    assert cli("backup", db, "--out", tmp_path / "b.cltbak").code == 0
    assert cli("customer", "delete", db, "E-0").code == 0
    assert cli("anonymize", db, "E-1").code == 0
    r = cli("restore", tmp_path / "b.cltbak", "--out", db, "--force")
    assert r.code == 0 and "erasures re-applied: 2" in r.out, r
    assert cli("customer", "show", db, "E-0").code != 0
    assert cli("customer", "show", db, "E-1").code != 0  # anonymizing drops the external id too
    assert cli("customer", "show", db, "E-2").code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM customers WHERE given_name IN ('n0', 'n1')").fetchone()[0] == 0
    # To a new file, the register comes from --erasures-from; --json says what was done.
    m = ok("restore", tmp_path / "b.cltbak", "--out", tmp_path / "new.db", "--erasures-from", db)
    assert m["erasures_reapplied"] == 2 and m["erasures_left"] == [], m
