"""The loyalty points ledger from Python (docs/points.md): add/redeem/expire/record, balance,
history as records and a DataFrame, errors, roles, and merge/unmerge carrying the entries."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

import clientele


def ledger(path) -> list:
    """(id, customer_id, kind, points) of every entry, read behind the library's back."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id, customer_id, kind, points FROM customer_points ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.fixture
def pair(db):
    db.add_user({"username": "li.na", "role": "sales", "team": "east"})
    db.add_user({"username": "tom", "role": "sales", "team": "west"})
    db.add_user({"username": "vic", "role": "viewer"})
    a = db.create_customer(family_name="张", given_name="伟", external_id="C1", owner="li.na",
                           emails=[{"address": "zhang.wei@example.com"}])
    b = db.create_customer(family_name="张", given_name="伟", external_id="C2", owner="li.na",
                           emails=[{"address": "Zhang.Wei@Example.com"}])
    return a, b


def test_add_redeem_expire_and_balance(db, pair):
    a, _ = pair
    assert db.points_balance(a) == 0
    earned = db.add_points(a, 120, "order 1042", reference="O-1042", at="2024-03-01T10:00:00Z")
    assert earned["kind"] == "earn" and earned["points"] == 120 and earned["created_by"] == "admin"
    assert earned["customer_id"] == a["id"] and earned["at"] == "2024-03-01T10:00:00Z"
    assert earned["reference"] == "O-1042"
    redeemed = db.redeem_points("C1", 50, at=dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc))
    assert redeemed["kind"] == "redeem" and redeemed["points"] == -50  # stored negative
    assert db.expire_points(a, 20, at="2024-05-01T00:00:00Z")["points"] == -20
    assert db.record_points(a, kind="adjust", points=-5, reason="typo", at="2024-05-02T00:00:00Z")["points"] == -5
    assert db.record_points(a, {"kind": "adjust", "points": 5})["at"] > "2025"
    assert db.points_balance("C1") == 50


def test_history_records_and_dataframe(db, pair):
    a, _ = pair
    db.add_points(a, 10, at="2024-01-01T00:00:00Z")
    db.add_points(a, 20, at="2024-02-01T00:00:00Z")
    db.redeem_points(a, 5, at="2024-03-01T00:00:00Z")
    history = db.points_history(a)
    assert isinstance(history, clientele.Records)
    assert [e["points"] for e in history] == [-5, 20, 10]  # newest first
    assert [e["points"] for e in db.points_history(a, kind="earn")] == [20, 10]
    assert [e["points"] for e in db.points_history(a, from_="2024-01-15T00:00:00Z", to=dt.date(2024, 3, 1))] == [20]
    assert len(db.points_history(a, limit=1)) == 1
    pd = pytest.importorskip("pandas")
    frame = history.to_pandas()
    assert list(frame.columns)[:4] == ["id", "customer_id", "kind", "points"]
    assert frame["points"].sum() == db.points_balance(a)
    assert pd.api.types.is_datetime64_any_dtype(frame["at"])


def test_bad_input_is_refused_and_changes_nothing(db, db_path, pair):
    a, _ = pair
    db.add_points(a, 30)
    before = ledger(db_path)
    with pytest.raises(clientele.InvalidInputError) as e:
        db.redeem_points(a, 31)
    assert e.value.field == "points" and "balance 30" in str(e.value)
    for bad in ({"kind": "redeem", "points": 5}, {"kind": "earn", "points": -5}, {"kind": "earn", "points": 0},
                {"kind": "adjust", "points": -31}):
        with pytest.raises(clientele.InvalidInputError) as e:
            db.record_points(a, bad)
        assert e.value.field == "points"
    with pytest.raises(clientele.InvalidInputError) as e:
        db.record_points(a, kind="gift", points=1)
    assert e.value.field == "kind"
    with pytest.raises(clientele.InvalidInputError):
        db.record_points(a, kind="earn")
    with pytest.raises(clientele.InvalidInputError) as e:
        db.redeem_points(a, -5)  # the amount is positive; the sign comes from the kind
    assert e.value.field == "points"
    with pytest.raises(TypeError):
        db.add_points(a, 1.5)  # type: ignore[arg-type]
    with pytest.raises(clientele.NotFoundError):
        db.add_points("nobody", 1)
    with pytest.raises(clientele.InvalidInputError):
        db.points_history(a, limit=0)
    assert ledger(db_path) == before


def test_roles(db, db_path, pair):
    a, _ = pair
    db.add_points(a, 10)
    with clientele.Database(db_path, "li.na") as li:
        assert li.add_points("C1", 5)["created_by"] == "li.na"
    with clientele.Database(db_path, "tom") as tom:
        with pytest.raises(clientele.NotFoundError):
            tom.points_balance("C1")
        with pytest.raises(clientele.NotFoundError):
            tom.add_points("C1", 5)
    with clientele.Database(db_path, "vic") as vic:
        assert vic.points_balance("C1") == 15
        with pytest.raises(clientele.PermissionDeniedError):
            vic.add_points("C1", 5)
    assert db.points_balance(a) == 15


def test_merge_moves_points_and_unmerge_restores_them(db, db_path, pair):
    a, b = pair
    db.add_points(a, 100)
    db.add_points(b, 70)
    db.redeem_points(b, 20)
    before = ledger(db_path)
    preview = db.merge([a, b], survivor=a, dry_run=True)
    assert sorted(m["value"]["points"] for m in preview["moved"] if m["kind"] == "points") == [-20, 70]
    assert ledger(db_path) == before
    db.merge([a, b], survivor=a)
    assert db.points_balance(a) == 150 and db.points_balance("C2") == 150
    db.redeem_points(a, 140)
    with pytest.raises(clientele.ConflictError, match="points balance of -40"):
        db.unmerge(a)
    assert db.points_balance(a) == 10 and db.merges()[0]["status"] == "applied"
    db.record_points(a, kind="adjust", points=40, reason="goodwill")
    db.unmerge(a)
    assert db.points_balance(a) == 0 and db.points_balance(b) == 50
    assert ledger(db_path)[: len(before)] == before
