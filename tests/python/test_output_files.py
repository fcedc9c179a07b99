"""Python: an export or an errors file never overwrites the open database (the core's
output rule; the CLI and C ABI suites check their own doors)."""
from __future__ import annotations

import hashlib

import pytest

import clientele


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_and_errors_refuse_the_database(db, db_path, tmp_path):
    db.create_customer(family_name="张", given_name="伟", external_id="A1")
    bad = tmp_path / "in.csv"
    bad.write_text("external_id,email\nB1,not-an-email\n", encoding="utf-8")
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    for target in (db_path, link, str(db_path) + "-wal", str(db_path) + "-shm"):
        before = digest(db_path)
        for fmt in ("csv", "jsonl"):
            with pytest.raises(clientele.InvalidInputError, match="database"):
                db.export(target, format=fmt)
        with pytest.raises(clientele.InvalidInputError, match="database"):
            db.import_csv(bad, skip_invalid=True, errors=target)
        assert digest(db_path) == before
    assert db.count_customers() == 1
    assert db.export(tmp_path / "out.csv") == 1
