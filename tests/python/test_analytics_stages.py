"""db.stage_history / db.stage_transitions / db.new_vs_returning: the store path gives what
the column path gives on the same rows, a sales user sees only their own customers, and
bad arguments raise the documented errors."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import clientele

DAY = 86400
AS_OF = 20000  # 2024-10-04
AS_OF_TEXT = str(dt.date(1970, 1, 1) + dt.timedelta(days=AS_OF))
START_TEXT = str(dt.date(1970, 1, 1) + dt.timedelta(days=AS_OF - 200))


@pytest.fixture
def shop(tmp_path):
    """A store whose rows are also in a DataFrame; K40..K44 have no rows at all."""
    rng = np.random.default_rng(11)
    n = 300
    ids = [f"K{i:02d}" for i in rng.integers(0, 40, n)]
    seconds = (AS_OF - rng.integers(-3, 900, n)) * DAY + rng.integers(0, DAY, n)
    cents = rng.choice([-700, 0, 999, 5000], n)
    frame = pd.DataFrame({"customer_id": ids, "timestamp": pd.to_datetime(seconds, unit="s"), "amount": cents / 100})
    owners = {f"K{i:02d}": ("alice" if i % 2 else "bob") for i in range(45)}
    path = tmp_path / "s.db"
    with clientele.Database(path, create=True) as db:
        db.add_user(username="alice", display_name="Alice", role="sales")
        db.add_user(username="bob", display_name="Bob", role="sales")
        db.create_customers([{"kind": "person", "given_name": k, "external_id": k, "owner": o}
                             for k, o in owners.items()])
        db.add_interactions([{"customer_external_id": c, "kind": "refund" if a < 0 else "purchase",
                              "occurred_at": pd.Timestamp(int(t), unit="s", tz="UTC").isoformat(),
                              "amount_minor": int(a)}
                             for c, t, a in zip(ids, seconds, cents)])
    return path, frame, owners


def _same(got, want):
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True),
                                  check_dtype=False, check_categorical=False)


def test_store_matches_columns(shop):
    path, frame, owners = shop
    with clientele.Database(path) as db:
        history = db.stage_history(AS_OF_TEXT)
        assert len(history) > 40
        _same(history, clientele.stage_history(frame, as_of=AS_OF_TEXT))
        matrix = db.stage_transitions(START_TEXT, AS_OF_TEXT)
        assert list(matrix.index) == list(clientele.LIFECYCLE_STAGES) == list(matrix.columns)
        assert int(matrix.to_numpy().sum()) == len(owners)  # prospects included
        pd.testing.assert_frame_equal(
            matrix, clientele.stage_transitions(frame, START_TEXT, AS_OF_TEXT, customers=list(owners)))
        recurrence = db.new_vs_returning(START_TEXT, AS_OF_TEXT)
        assert set(recurrence["kind"]) <= {"new", "returning"} and len(recurrence) > 0
        _same(recurrence, clientele.new_vs_returning(frame, START_TEXT, AS_OF_TEXT))
        # Options reach the core: with churn after 30 days most history rows change.
        short = db.stage_history(AS_OF_TEXT, churned_days=30, at_risk_days=10)
        _same(short, clientele.stage_history(frame, as_of=AS_OF_TEXT, churned_days=30, at_risk_days=10))
        assert not short.equals(history)


def test_sales_user_sees_only_own_customers(shop):
    path, frame, owners = shop
    mine = {k for k, o in owners.items() if o == "alice"}
    alice_frame = frame[frame["customer_id"].isin(mine)]
    with clientele.Database(path, user="alice") as db:
        history = db.stage_history(AS_OF_TEXT)
        assert set(history["customer_id"]) <= mine and len(history) > 0
        _same(history, clientele.stage_history(alice_frame, as_of=AS_OF_TEXT))
        matrix = db.stage_transitions(START_TEXT, AS_OF_TEXT)
        assert int(matrix.to_numpy().sum()) == len(mine)
        pd.testing.assert_frame_equal(
            matrix, clientele.stage_transitions(alice_frame, START_TEXT, AS_OF_TEXT, customers=sorted(mine)))
        recurrence = db.new_vs_returning(START_TEXT, AS_OF_TEXT)
        assert set(recurrence["customer_id"]) <= mine
        _same(recurrence, clientele.new_vs_returning(alice_frame, START_TEXT, AS_OF_TEXT))


def test_hand_computed_values(db):
    db.create_customer(given_name="A", external_id="A")
    db.create_customer(given_name="B", external_id="B")
    for when in ["2024-01-10", "2024-03-01"]:
        db.add_interaction(customer_external_id="A", kind="purchase", occurred_at=f"{when}T10:00:00Z",
                           amount_minor=1000)
    history = db.stage_history("2024-12-01")
    assert list(history.itertuples(index=False, name=None)) == [
        ("A", pd.Timestamp("2024-01-10", tz="UTC"), "new"),
        ("A", pd.Timestamp("2024-03-01", tz="UTC"), "repeat"),
        ("A", pd.Timestamp("2024-08-29", tz="UTC"), "at_risk"),  # 2024-03-01 + 181 days
    ]
    matrix = db.stage_transitions("2024-02-01", "2024-12-01")
    assert matrix.loc["new", "at_risk"] == 1 and matrix.loc["prospect", "prospect"] == 1
    assert int(matrix.to_numpy().sum()) == 2
    kinds = db.new_vs_returning("2024-01-01", "2024-01-31")
    assert kinds.to_dict("records") == [{"customer_id": "A", "kind": "new"}]
    assert db.new_vs_returning("2024-02-01", "2024-12-01")["kind"].tolist() == ["returning"]
    assert len(db.new_vs_returning("2024-02-01", "2024-12-01", currency="USD")) == 0


def test_bad_arguments(db):
    with pytest.raises(clientele.InvalidInputError) as e:
        db.stage_history("2024-02-30")
    assert e.value.field == "as_of"
    with pytest.raises(clientele.InvalidInputError) as e:
        db.stage_transitions("2024-03-01", "2024-02-01")
    assert e.value.field == "from"
    with pytest.raises(clientele.InvalidInputError):
        db.new_vs_returning("2024-03-01", "2024-02-01")
    with pytest.raises(clientele.InvalidInputError) as e:
        db.new_vs_returning("2024-01-01", "someday")
    assert e.value.field == "end"
    with pytest.raises(TypeError, match="churn_days"):
        db.stage_history("2024-01-01", churn_days=3)
    with pytest.raises(clientele.InvalidInputError):
        db.stage_history("2024-01-01", churned_days=-1)
