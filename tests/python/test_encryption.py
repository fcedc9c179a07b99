"""Encryption at rest through Python: the passphrase / key arguments, the typed error for a
wrong key, clientele.rekey and the backup's database key (the rules are tested against the
core in tests/cpp/store/test_encryption.cpp)."""
import pytest

import clientele

KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
SECRETS = [b"Quaxley", b"Vorpent", b"xq.unique@example.org", b"13912345678"]


def leaked(*paths):
    data = b"".join(p.read_bytes() for p in paths if p.exists())
    return [s for s in SECRETS if s in data]


def add_secret(db):
    db.create_customer(family_name="Quaxley", given_name="Vorpent", external_id="C1",
                       emails=[{"address": "xq.unique@example.org"}], phones=[{"number": "+86 139 1234 5678"}])


def test_an_encrypted_store_holds_no_clear_data_in_file_or_wal(tmp_path):
    path = tmp_path / "s.db"
    wal = tmp_path / "s.db-wal"
    with clientele.Database(path, create=True, passphrase="correct horse") as db:
        add_secret(db)
        assert wal.stat().st_size > 0
        assert leaked(path, wal) == []
    assert leaked(path, wal) == []
    with clientele.Database(path, passphrase="correct horse") as db:
        assert db.get_customer("C1")["family_name"] == "Quaxley"


def test_wrong_key_is_permission_denied_and_writes_nothing(tmp_path):
    path = tmp_path / "s.db"
    with clientele.Database(path, create=True, key=bytes.fromhex(KEY)) as db:
        add_secret(db)
    before = path.read_bytes()
    with pytest.raises(clientele.PermissionDeniedError, match="wrong key"):
        clientele.Database(path, passphrase="nope")
    with pytest.raises(clientele.CorruptDataError, match="encrypted"):
        clientele.Database(path)
    with pytest.raises(clientele.InvalidInputError):
        clientele.Database(path, key="not hex")
    assert path.read_bytes() == before
    with clientele.Database(path, key=KEY) as db:  # the same key as hex digits
        assert db.get_customer("C1")["given_name"] == "Vorpent"


def test_rekey_round_trip(tmp_path):
    path = tmp_path / "s.db"
    with clientele.Database(path, create=True) as db:
        add_secret(db)
    assert leaked(path) != []
    clientele.rekey(path, new_passphrase="one")
    assert leaked(path) == []
    clientele.rekey(path, passphrase="one", new_key=KEY)
    with pytest.raises(clientele.PermissionDeniedError):
        clientele.rekey(path, passphrase="one", new_passphrase="two")
    with clientele.Database(path, key=KEY) as db:
        assert db.get_customer("C1")["family_name"] == "Quaxley"
    clientele.rekey(path, key=KEY)
    with clientele.Database(path) as db:
        assert db.get_customer("C1")["family_name"] == "Quaxley"


def test_backup_of_an_encrypted_store_restores_with_its_key(tmp_path):
    path = tmp_path / "s.db"
    with clientele.Database(path, create=True, passphrase="pw") as db:
        add_secret(db)
        manifest = db.backup(tmp_path / "b.cltbak")
    assert manifest["database_encrypted"] is True
    assert leaked(tmp_path / "b.cltbak") == []
    with pytest.raises(clientele.PermissionDeniedError):
        clientele.restore(tmp_path / "b.cltbak", tmp_path / "back.db")
    assert not (tmp_path / "back.db").exists()
    assert clientele.verify_backup(tmp_path / "b.cltbak", db_passphrase="pw")["customers"] == 1
    clientele.restore(tmp_path / "b.cltbak", tmp_path / "back.db", db_passphrase="pw")
    with clientele.Database(tmp_path / "back.db", passphrase="pw") as db:
        assert db.get_customer("C1")["family_name"] == "Quaxley"


def test_the_credential_policy_of_an_encrypted_file_is_read_with_its_key(tmp_path):
    path = tmp_path / "s.db"
    clientele.Database(path, create=True, passphrase="correct horse").close()
    assert clientele.read_auth_policy(path, passphrase="correct horse") == {
        "required": False, "trusted_host_allowed": False, "os_user_allowed": False}
    with pytest.raises(clientele.PermissionDeniedError, match="wrong key"):
        clientele.read_auth_policy(path, passphrase="nope")
    with pytest.raises(clientele.CorruptDataError):
        clientele.read_auth_policy(path)
