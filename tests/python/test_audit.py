"""The audit trail through the Python API (docs/audit.md): the wrappers convert and raise;
the rules themselves are tested in C++ (tests/cpp/audit/test_audit.cpp)."""
from __future__ import annotations

import sqlite3

import pytest

import clientele


def test_changes_are_recorded_from_python(db):
    c = db.create_customer(external_id="Z1", given_name="伟", family_name="张", phones=["13812345678"])
    db.update_customer(c, {"notes": "call after six"})
    entries = db.audit(customer="Z1")
    assert [e["action"] for e in entries] == ["customer.update", "customer.create"]
    assert entries[0]["layer"] == "python" and entries[0]["user"] == "admin"
    assert entries[0]["detail"]["changes"]["notes"] == {"before": None, "after": "call after six"}
    frame = entries.to_pandas()
    assert list(frame["action"]) == ["customer.update", "customer.create"]
    assert str(frame["at"].dtype).startswith("datetime64")
    assert len(db.audit(action="customer.", limit=1)) == 1
    with pytest.raises(clientele.InvalidInputError):
        db.audit(limit=0)


def test_verify_finds_an_edit_and_prune_follows_the_setting(db, db_path):
    db.create_customer(external_id="A1", given_name="Ann")
    v = db.audit_verify()
    assert v["ok"] and v["entries"] == 2
    assert db.audit_verify(v["last_id"], v["head_hash"])["ok"]
    con = sqlite3.connect(db_path)
    con.execute("UPDATE audit_log SET layer = 'c' WHERE id = 2")
    con.commit()
    con.close()
    bad = db.audit_verify()
    assert not bad["ok"] and any("entry 2 was edited" in p for p in bad["problems"])
    assert db.audit_prune("2100-01-01") == 0
    db.set_setting("audit.retention_days", "10")
    assert db.audit_prune("2100-01-01") == 3


def test_erased_customers_keep_the_fact_not_the_data(db):
    c = db.create_customer(external_id="E1", given_name="Eve", notes="secret")
    db.update_customer(c, {"notes": "still secret"})
    db.delete_customer("E1")
    entries = db.audit(customer=c["id"])
    assert [e["action"] for e in entries] == ["customer.delete", "customer.update", "customer.create"]
    assert entries[1]["redacted"] is True and entries[1]["detail"] is None
    assert db.audit_verify()["ok"]
