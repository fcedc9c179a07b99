"""Python: db.check() reports damage, a file cut short refuses writes with
CorruptDataError, a damaged stored value is CorruptDataError, and export(skip_damaged=True)
leaves damaged records out and lists them."""
from __future__ import annotations

import os
import sqlite3

import pytest

import clientele


@pytest.fixture
def shop(db_path):
    with clientele.Database(db_path, create=True) as db:
        db.create_customer(family_name="张", given_name="伟", external_id="A1")
        db.create_customer(family_name="李", given_name="娜", external_id="A2", emails=[{"address": "ln@example.com"}])
    return db_path


def raw(path, sql):
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.commit()
    con.close()


def test_check_clean_and_damaged(shop):
    with clientele.Database(shop) as db:
        report = db.check()
        assert report["ok"] is True and report["problems"] == [] and report["customers"] == 2
        assert "records" not in db.check(quick=True)["checks"]
    raw(shop, "UPDATE customer_emails SET address = 'x@example.com'")
    with clientele.Database(shop) as db:
        report = db.check()
        assert report["ok"] is False
        assert [p["check"] for p in report["problems"]] == ["cards"]
        assert "A2" in report["problems"][0]["subject"]


def test_a_file_cut_short_refuses_writes(shop):
    os.truncate(shop, shop.stat().st_size - 1000)
    with clientele.Database(shop) as db:
        with pytest.raises(clientele.CorruptDataError, match="damaged"):
            db.create_customer(family_name="王")
        assert any(p["check"] == "file" for p in db.check(quick=True)["problems"])


def test_damaged_values_and_export_skip_damaged(shop, tmp_path):
    raw(shop, "PRAGMA ignore_check_constraints = ON; UPDATE customers SET gender = 'x' WHERE external_id = 'A2';")
    with clientele.Database(shop) as db:
        with pytest.raises(clientele.CorruptDataError):
            db.get_customer("A2")
        with pytest.raises(clientele.CorruptDataError):
            db.export(tmp_path / "all.csv")
        damaged: list = []
        assert db.export(tmp_path / "kept.csv", skip_damaged=True, damaged=damaged) == 1
        assert len(damaged) == 1 and "A2" in damaged[0]["record"] and "gender" in damaged[0]["reason"]
        assert "A2" not in (tmp_path / "kept.csv").read_text(encoding="utf-8")
