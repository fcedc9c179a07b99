"""Input that must neither crash the interpreter nor lose data (issue 13), through the
Python package: deep JSON, integers beyond 64 bits, points overflow, encodings, the CSV
formula guard (docs/limits.md, docs/import-export.md)."""
from __future__ import annotations

import sqlite3

import pytest

import clientele

LIMIT = 64  # docs/limits.md


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def nested(levels: int):
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_import_jsonl_with_deep_nesting_is_refused_not_a_crash(db, tmp_path):
    f = tmp_path / "deep.jsonl"
    # 100,000 levels used to kill the interpreter (stack overflow in the core).
    f.write_text('{"display_name": "深", "custom": {"x": ' + deep(100_000) + "}}\n")
    with pytest.raises(clientele.ImportFailedError) as e:
        db.import_jsonl(f)
    assert "nested deeper than" in e.value.report["errors"][0]["reason"]
    assert db.count_customers() == 0


def test_dicts_nested_too_deep_are_refused_naming_the_field(db):
    with pytest.raises(clientele.InvalidInputError) as e:
        db.create_customer(display_name="深", custom={"x": nested(10_000)})
    assert e.value.field.startswith("custom.x[0]") and "nested deeper than" in str(e.value)
    # A custom object of exactly the limit is data like any other (the object is level 1).
    c = db.create_customer(display_name="ok", custom={"x": nested(LIMIT - 1)})
    assert db.get_customer(c["id"])["custom"] == {"x": nested(LIMIT - 1)}
    with pytest.raises(clientele.InvalidInputError):
        db.create_customer(display_name="one more", custom={"x": nested(LIMIT)})


def test_a_record_stored_too_deep_is_corrupt_data_naming_it(db, db_path):
    c = db.create_customer(display_name="old", external_id="OLD")
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE customers SET custom = ? WHERE external_id = 'OLD'", ('{"x":' + deep(20_000) + "}",))
    con.close()
    with pytest.raises(clientele.CorruptDataError, match=c["id"]):
        db.get_customer("OLD")
    with pytest.raises(clientele.CorruptDataError, match=c["id"]):
        db.export(format="jsonl")


def test_amounts_beyond_64_bits_or_the_bound_are_refused(db):
    db.create_customer(display_name="buyer", external_id="B1")
    base = {"customer": "B1", "kind": "purchase", "occurred_at": "2024-01-01T00:00:00Z"}
    for amount in (2**64 - 1, 2**63, 10**15 + 1, 2**70):
        with pytest.raises(clientele.InvalidInputError) as e:
            db.add_interaction(base, amount_minor=amount)
        assert e.value.field == "amount_minor", amount
    assert db.add_interaction(base, amount_minor=10**15)["amount_minor"] == 10**15
    assert db.count_interactions() == 1


def test_points_that_would_overflow_leave_no_row(db):
    c = db.create_customer(display_name="points", external_id="P1")
    db.add_points(c, 2**63 - 1)
    with pytest.raises(clientele.InvalidInputError) as e:
        db.add_points(c, 1)
    assert e.value.field == "points"
    assert len(db.points_history(c)) == 1
    assert db.points_balance(c) == 2**63 - 1


def test_utf8_forced_to_gb18030_is_refused_unless_forced(db, tmp_path):
    f = tmp_path / "utf8.csv"
    f.write_bytes("external_id,name\nU1,张伟\n".encode("utf-8"))
    with pytest.raises(clientele.ImportFailedError) as e:
        db.import_csv(f, encoding="gb18030")
    assert "mojibake" in e.value.report["errors"][0]["reason"]
    assert db.count_customers() == 0
    db.import_csv(f, encoding="gb18030", force_encoding=True)
    assert db.count_customers() == 1


def test_csv_export_guards_formulas_with_an_opt_out(db, tmp_path):
    db.create_customer(display_name='=HYPERLINK("http://evil","x")', external_id="F1", notes="-1")
    guarded = db.export()
    assert "\"'=HYPERLINK(" in guarded and ",-1," in guarded
    raw = db.export(formula_guard=False)
    assert '"=HYPERLINK(' in raw and "'=" not in raw
    out = tmp_path / "c.csv"
    assert db.export(out) == 1
    with clientele.Database(tmp_path / "fresh.db", create=True) as fresh:
        fresh.import_csv(out)
        assert fresh.get_customer("F1")["display_name"] == '=HYPERLINK("http://evil","x")'
