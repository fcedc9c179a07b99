"""Python: a sales user's answers about a customer they cannot see are those about an
unknown one (same exception class, same message with the reference substituted), and a
create whose key a hidden customer holds names neither the key nor "exists"."""
from __future__ import annotations

import uuid

import pytest

import clientele

UNKNOWN_UUID = str(uuid.UUID(int=0x1234_5678_9ABC_4DEF_8123_456789ABCDEF))

CALLS = {
    "get_customer": lambda db, ref: db.get_customer(ref),
    "update_customer": lambda db, ref: db.update_customer(ref, {"notes": "x"}, expected_version=1),
    "archive_customer": lambda db, ref: db.archive_customer(ref),
    "delete_customer": lambda db, ref: db.delete_customer(ref),
    "add_tags": lambda db, ref: db.add_tags(ref, "x"),
    "tags": lambda db, ref: db.tags(ref),
    "add_points": lambda db, ref: db.add_points(ref, 5),
    "points_balance": lambda db, ref: db.points_balance(ref),
    "points_history": lambda db, ref: db.points_history(ref),
    "add_interaction": lambda db, ref: db.add_interaction(customer=ref, kind="call", occurred_at="2024-01-01T00:00:00Z"),
    "merge": lambda db, ref: db.merge([ref, "MINE-1"]),
    "unmerge": lambda db, ref: db.unmerge(ref),
    "merges": lambda db, ref: db.merges(customer=ref),
    "explain": lambda db, ref: db.explain(ref, "MINE-1"),
}


def answer(db, call, ref):
    try:
        return "ok", repr(CALLS[call](db, ref)).replace(ref, "<REF>")
    except clientele.Error as e:
        return type(e).__name__, str(e).replace(ref, "<REF>")


@pytest.fixture
def sales(db_path):
    with clientele.Database(db_path, create=True) as admin:
        admin.add_user(username="s1", role="sales")
        admin.add_user(username="s2", role="sales")
        hidden = admin.create_customer(family_name="Sun", external_id="S2-1", owner="s2")
        admin.create_customer(family_name="Li", external_id="MINE-1", owner="s1")
    with clientele.Database(db_path, user="s1") as db:
        yield db, str(hidden["id"])


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_hidden_customer_answers_like_an_unknown_one(sales, call):
    db, hidden_uuid = sales
    hidden = answer(db, call, "S2-1")
    assert hidden[0] != "ok", hidden
    assert hidden == answer(db, call, "S2-9")
    assert answer(db, call, hidden_uuid) == answer(db, call, UNKNOWN_UUID)
    assert db.find_customer("S2-1") is None


def test_a_create_whose_key_is_hidden_names_nothing(sales):
    db, _ = sales
    with pytest.raises(clientele.ConflictError) as hidden:
        db.create_customer(family_name="X", external_id="S2-1")
    assert "exist" not in str(hidden.value) and "S2-1" not in str(hidden.value)
    with pytest.raises(clientele.ConflictError, match="already exists"):
        db.create_customer(family_name="X", external_id="MINE-1")
