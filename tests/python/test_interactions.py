"""Interactions: adding, reading, listing, counting."""
from __future__ import annotations

import datetime as dt

import pytest

import clientele


@pytest.fixture
def customer(db):
    return db.create_customer(given_name="Client", external_id="C-1")


def test_add_and_get_round_trip(db, customer):
    i = db.add_interaction(customer_id=customer["id"], kind="purchase",
                           occurred_at=dt.datetime(2024, 3, 1, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                           channel="store", direction="inbound", amount_minor=129900,
                           currency="CNY", subject="买了一双鞋", custom={"sku": "X-1", "qty": 2},
                           external_id="ORDER-991")
    assert i["occurred_at"] == "2024-03-01T10:00:00Z"
    assert i["customer_id"] == customer["id"]
    assert i["customer_external_id"] == "C-1"
    assert i["owner"] == "admin"  # defaults to the current user
    assert db.get_interaction(i["id"]) == i
    assert db.get_interaction("ORDER-991") == i


def test_customer_given_by_external_id_or_record(db, customer):
    a = db.add_interaction(customer_external_id="C-1", kind="note", occurred_at="2024-01-01")
    b = db.add_interaction(customer=customer, kind="note", occurred_at="2024-01-02")
    assert a["customer_id"] == b["customer_id"] == customer["id"]


def test_refunds_are_stored_negative(db, customer):
    r = db.add_interaction(customer_id=customer["id"], kind="refund", occurred_at="2024-01-01",
                           amount_minor=500, currency="CNY")
    assert r["amount_minor"] == -500


@pytest.mark.parametrize("fields, field", [
    ({"kind": "purchase"}, "amount_minor"),
    ({"kind": "purchase", "amount_minor": -1}, "amount_minor"),
    ({"kind": "call", "csat": 6}, "csat"),
    ({"kind": "call", "nps": 11}, "nps"),
    ({"kind": "teleport"}, "kind"),
    ({"kind": "purchase", "amount_minor": 10, "currency": "RMB!"}, "currency"),
    ({"kind": "call", "occurred_at": "2024-02-30T00:00:00Z"}, "occurred_at"),
])
def test_invalid_interactions_name_the_field_and_write_nothing(db, db_path, state, customer, fields, field):
    record = {"customer_id": customer["id"], "occurred_at": "2024-01-01T00:00:00Z", **fields}
    before = state(db_path)
    with pytest.raises(clientele.InvalidInputError) as err:
        db.add_interaction(record)
    assert err.value.field == field, str(err.value)
    assert state(db_path) == before


def test_unknown_customer_is_not_found(db, db_path, state, customer):
    before = state(db_path)
    with pytest.raises(clientele.NotFoundError):
        db.add_interaction(customer_external_id="NOPE", kind="note", occurred_at="2024-01-01")
    assert state(db_path) == before


def test_list_filter_count_and_pages(db, customer):
    other = db.create_customer(given_name="Other")
    base = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    db.add_interactions(
        [{"customer_id": customer["id"], "kind": "call" if n % 2 else "email",
          "occurred_at": base + dt.timedelta(hours=n)} for n in range(30)]
        + [{"customer_id": other["id"], "kind": "call", "occurred_at": base}])
    assert db.count_interactions() == 31
    assert db.count_interactions(customer=customer) == 30
    assert db.count_interactions(customer="C-1", kind="call") == 15
    assert db.count_interactions(customer="C-1", from_=base + dt.timedelta(hours=10),
                                 to=base + dt.timedelta(hours=20)) == 10
    listed = list(db.iter_interactions(customer=customer["id"], page_size=7))
    assert len(listed) == 30
    times = [i["occurred_at"] for i in listed]
    assert times == sorted(times)  # ordered by occurred_at
    first = db.list_interactions(customer="C-1", limit=12)
    assert len(first) == 12 and first.next_cursor
    second = db.list_interactions(customer="C-1", limit=12, after=first.next_cursor)
    assert not {i["id"] for i in first} & {i["id"] for i in second}


def test_bulk_add_names_the_row_and_adds_nothing(db, db_path, state, customer):
    before = state(db_path)
    records = [{"customer_id": customer["id"], "kind": "note", "occurred_at": "2024-01-01"}] * 3
    records.append({"customer_id": customer["id"], "kind": "call", "occurred_at": "2024-01-01", "csat": 9})
    with pytest.raises(clientele.InvalidInputError) as err:
        db.add_interactions(records)
    assert (err.value.row, err.value.field) == (4, "csat")
    assert state(db_path) == before
