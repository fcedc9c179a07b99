"""Privacy requests through the Python API (docs/privacy.md): the wrappers convert and
raise; the rules themselves are tested in C++ (tests/cpp/store/test_privacy.cpp)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import clientele


def _zhang(db):
    return db.create_customer(
        external_id="Z1", given_name="伟", family_name="张", emails=["zhang.wei@example.com"],
        phones=["13812345678"], consent={"sms": "granted"}, custom={"wechat_id": "wxid_z"})


def test_anonymize_returns_the_pseudonymous_record(db):
    c = _zhang(db)
    a = db.anonymize(c)
    assert a["status"] == "anonymized" and a["id"] == c["id"]
    assert "given_name" not in a and a["emails"] == [] and a["custom"] == {}
    assert db.find_customer("Z1") is None


def test_subject_export_writes_the_files(db, tmp_path):
    c = _zhang(db)
    db.add_points(c, 5, "welcome")
    db.add_follow_up("Z1", dt.date.today(), "call back", note="prefers evenings")
    out = db.subject_export("Z1", tmp_path / "req")
    assert [p.rsplit("/", 1)[1] for p in out["files"]] == [
        "subject.json", "profile.csv", "interactions.csv", "points.csv", "reminders.csv", "cases.csv"]
    assert out["points_entries"] == 1 and out["reminders"] == 1 and out["cases"] == 0
    doc = json.loads((tmp_path / "req" / "subject.json").read_text(encoding="utf-8"))
    assert doc["customer"]["id"] == c["id"]
    assert doc["reminders"][0]["note"] == "prefers evenings"
    assert "prefers evenings" in (tmp_path / "req" / "reminders.csv").read_text(encoding="utf-8-sig")
    with pytest.raises(clientele.ConflictError):
        db.subject_export("Z1", tmp_path / "req")


def test_apply_retention_dry_run_then_apply(db):
    db.create_customer(external_id="P1", given_name="P", created_at="2015-01-01T00:00:00Z")
    listed = db.apply_retention("2026-12-01", prospect_days=30)
    # Created today (updated_at is now), so nothing is old enough yet.
    assert len(listed) == 0
    with pytest.raises(TypeError):
        db.apply_retention("2026-12-01", prospect_days="30")
    with pytest.raises(clientele.InvalidInputError):
        db.apply_retention("not a date", prospect_days=30)


def test_marketing_lists_and_exports_need_consent(db):
    _zhang(db)
    db.create_customer(external_id="L1", given_name="娜", family_name="李", consent={"sms": "denied"})
    assert [c["external_id"] for c in db.list_customers(consented="sms").items] == ["Z1"]
    assert db.count_customers(consented="email") == 0
    text = db.export(consented="sms")
    assert "Z1" in text and "L1" not in text
    with pytest.raises(clientele.InvalidInputError):
        db.list_customers(consented="fax")


def test_privacy_is_for_admins(team, tmp_path):
    with team.open("alice") as sales:
        with pytest.raises(clientele.PermissionDeniedError):
            sales.anonymize(team.alice_c)
        with pytest.raises(clientele.PermissionDeniedError):
            sales.subject_export(team.alice_c, tmp_path / "out")
        with pytest.raises(clientele.PermissionDeniedError):
            sales.apply_retention("2026-12-01", prospect_days=30)
        assert sales.get_customer(team.alice_c["id"])["given_name"] == "Annabel"
