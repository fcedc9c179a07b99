"""Encrypted databases from the command line: init with a key file or a passphrase file
(option or environment, never the secret itself), a wrong key's exit code with nothing
written, rekey, and backup/restore of an encrypted database."""

SECRETS = [b"Quaxley", b"Vorpent", b"xq.unique@example.org"]


def leaked(*paths):
    data = b"".join(p.read_bytes() for p in paths if p.exists())
    return [s for s in SECRETS if s in data]


def add(cli, db, *key):
    r = cli("customer", "add", db, "--family-name", "Quaxley", "--given-name", "Vorpent",
            "--email", "xq.unique@example.org", "--external-id", "C1", *key)
    assert r.code == 0, r


def test_init_with_a_passphrase_file_encrypts_and_a_wrong_one_is_refused(cli, ok, tmp_path):
    db = tmp_path / "s.db"
    pw = tmp_path / "pw"
    pw.write_text("correct horse\n")
    env = {"CLIENTELE_DB_PASSPHRASE_FILE": str(pw)}
    assert cli("init", db, env=env).code == 0
    add(cli, db, "--db-passphrase-file", pw)
    assert leaked(db, tmp_path / "s.db-wal") == []
    assert ok("customer", "show", db, "C1", env=env)["family_name"] == "Quaxley"

    before = db.read_bytes()
    bad = tmp_path / "bad"
    bad.write_text("wrong horse\n")
    r = cli("customer", "show", db, "C1", "--db-passphrase-file", bad)
    assert r.code == 6 and "wrong key" in r.err, r  # permission denied
    r = cli("customer", "show", db, "C1")
    assert r.code != 0 and "encrypted" in r.err, r
    assert db.read_bytes() == before


def test_rekey_with_key_files_and_back_to_plain(cli, ok, tmp_path):
    db = tmp_path / "s.db"
    assert cli("init", db).code == 0
    add(cli, db)
    assert leaked(db, tmp_path / "s.db-wal") != []
    key = tmp_path / "key"
    key.write_text("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n")
    r = cli("rekey", db, "--new-key-file", key)
    assert r.code == 0, r
    assert leaked(db) == []
    assert ok("customer", "show", db, "C1", "--db-key-file", key)["given_name"] == "Vorpent"
    r = cli("rekey", db, "--decrypt", "--db-key-file", key)
    assert r.code == 0, r
    assert ok("customer", "show", db, "C1")["given_name"] == "Vorpent"
    assert cli("rekey", db).code == 2  # no new key named: usage


def test_backup_and_restore_of_an_encrypted_database(cli, ok, tmp_path):
    db = tmp_path / "s.db"
    key = tmp_path / "key"
    key.write_bytes(bytes(range(32)))
    assert cli("init", db, "--db-key-file", key).code == 0
    add(cli, db, "--db-key-file", key)
    m = ok("backup", db, "--out", tmp_path / "b.cltbak", "--db-key-file", key)
    assert m["database_encrypted"] is True
    assert leaked(tmp_path / "b.cltbak") == []
    r = cli("restore", tmp_path / "b.cltbak", "--out", tmp_path / "back.db")
    assert r.code == 6, r  # permission denied: the database inside needs its key
    assert not (tmp_path / "back.db").exists()
    ok("restore", tmp_path / "b.cltbak", "--out", tmp_path / "back.db", "--db-key-file", key)
    assert ok("customer", "show", tmp_path / "back.db", "C1", "--db-key-file", key)["family_name"] == "Quaxley"
