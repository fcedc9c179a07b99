"""Backups through Python: conversion of arguments, manifests and errors (the rules are
tested against the core in tests/cpp/backup)."""
import pytest

import clientele
from conftest import snapshot


def test_backup_restore_round_trip_with_a_passphrase(db, db_path, tmp_path):
    db.create_customer(given_name="伟", family_name="张", emails=[{"address": "zhang.wei@example.com"}])
    manifest = db.backup(tmp_path / "b.cltbak", passphrase="s3cret")
    assert manifest["customers"] == 1
    assert manifest["protection"] == "passphrase"
    assert clientele.verify_backup(tmp_path / "b.cltbak", passphrase="s3cret")["checksum"] == manifest["checksum"]
    restored = clientele.restore(tmp_path / "b.cltbak", tmp_path / "back.db", passphrase="s3cret")
    assert restored["checksum"] == manifest["checksum"]
    db.close()
    assert snapshot(tmp_path / "back.db") == snapshot(db_path)


def test_errors_are_typed_and_nothing_is_written(db, tmp_path):
    key = tmp_path / "key"
    key.write_bytes(b"k" * 32)
    db.backup(str(tmp_path / "b.cltbak"), key_file=key)
    other = tmp_path / "other"
    other.write_bytes(b"o" * 32)
    with pytest.raises(clientele.PermissionDeniedError):
        clientele.restore(tmp_path / "b.cltbak", tmp_path / "back.db", key_file=other)
    assert not (tmp_path / "back.db").exists()
    (tmp_path / "existing.db").write_bytes(b"precious")
    with pytest.raises(clientele.ConflictError):
        clientele.restore(tmp_path / "b.cltbak", tmp_path / "existing.db", key_file=key)
    assert (tmp_path / "existing.db").read_bytes() == b"precious"
    with pytest.raises(clientele.CorruptDataError, match="erasures"):  # not a database: nothing to carry over
        clientele.restore(tmp_path / "b.cltbak", tmp_path / "existing.db", key_file=key, force=True)
    assert (tmp_path / "existing.db").read_bytes() == b"precious"
    clientele.restore(tmp_path / "b.cltbak", tmp_path / "existing.db", key_file=key, force=True, ignore_erasures=True)
    damaged = bytearray((tmp_path / "b.cltbak").read_bytes())
    damaged[-5] ^= 1
    (tmp_path / "bad.cltbak").write_bytes(bytes(damaged))
    with pytest.raises(clientele.CorruptDataError):
        clientele.verify_backup(tmp_path / "bad.cltbak", key_file=key)
    with pytest.raises(clientele.InvalidInputError):
        db.backup(tmp_path / "c.cltbak", passphrase="p", key_file=key)


def test_a_restore_erases_again_who_was_erased_after_the_backup(db, db_path, tmp_path):
    gone = db.create_customer(given_name="芳", family_name="王", emails=[{"address": "wang.fang@example.com"}])
    kept = db.create_customer(given_name="Bo", family_name="Chen", emails=[{"address": "bo.chen@example.com"}])
    db.backup(tmp_path / "b.cltbak")
    db.delete_customer(gone["id"])
    m = clientele.restore(tmp_path / "b.cltbak", tmp_path / "new.db", erasures_from=db_path)
    assert m["erasures_reapplied"] == 1 and m["erasures_left"] == []
    back = clientele.Database(tmp_path / "new.db")
    with pytest.raises(clientele.NotFoundError):
        back.get_customer(gone["id"])
    assert back.get_customer(kept["id"])["emails"][0]["address"] == "bo.chen@example.com"
    back.close()
    with pytest.raises(clientele.StorageError):
        clientele.restore(tmp_path / "b.cltbak", tmp_path / "other.db", erasures_from=tmp_path / "missing.db")
    assert not (tmp_path / "other.db").exists()
