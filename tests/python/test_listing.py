"""Listings, pages, iteration, counts, filters and DataFrames."""
from __future__ import annotations

import datetime as dt

import pytest

import clientele

pd = pytest.importorskip("pandas")


@pytest.fixture
def filled(db):
    """25 customers: every third tagged "gold", the first five companies, created a day apart
    from 2024-01-01."""
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    records = []
    for i in range(25):
        record = {"given_name": f"Person{i:02d}", "external_id": f"P-{i:02d}",
                  "created_at": start + dt.timedelta(days=i)}
        if i % 3 == 0:
            record["tags"] = ["gold"]
        if i < 5:
            record = {"kind": "company", "company_name": f"Company{i:02d}",
                      "external_id": f"P-{i:02d}", "created_at": start + dt.timedelta(days=i)}
        records.append(record)
    db.create_customers(records)
    return db


def test_pages_cover_everything_once(filled):
    seen = []
    after = None
    sizes = []
    while True:
        page = filled.list_customers(limit=10, after=after)
        assert isinstance(page, clientele.Page)
        assert isinstance(page.items, clientele.Records)
        sizes.append(len(page))
        seen += [c["id"] for c in page]
        if page.next_cursor is None:
            assert not page.has_more
            break
        after = page.next_cursor
    assert sizes == [10, 10, 5]
    assert len(seen) == len(set(seen)) == 25


def test_a_full_last_page_has_no_cursor_or_an_empty_next(filled):
    page = filled.list_customers(limit=25)
    if page.next_cursor is not None:
        assert filled.list_customers(limit=25, after=page.next_cursor).items == []


def test_iter_and_count_agree_with_filters(filled):
    assert len(list(filled.iter_customers(page_size=7))) == 25
    assert filled.count_customers() == 25
    gold = list(filled.iter_customers(tag="gold", page_size=2))
    assert len(gold) == filled.count_customers(tag="gold") == 7  # 6, 9, ..., 24 and 0,3 are companies
    assert {c["kind"] for c in filled.iter_customers(kind="company")} == {"company"}
    assert filled.count_customers(kind="company") == 5
    # half-open ranges, given as strings, dates or datetimes
    assert filled.count_customers(created_from="2024-01-03", created_to="2024-01-06") == 3
    assert filled.count_customers(created_from=dt.date(2024, 1, 3), created_to=dt.date(2024, 1, 6)) == 3
    assert filled.count_customers(
        created_from=dt.datetime(2024, 1, 3, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))) == 23
    assert filled.count_customers(status="archived") == 0


def test_bad_filters_are_invalid_input(filled):
    with pytest.raises(clientele.InvalidInputError) as err:
        filled.count_customers(kind="robot")
    assert err.value.field == "kind"
    with pytest.raises(clientele.InvalidInputError) as err:
        filled.list_customers(created_from="last tuesday")
    assert err.value.field == "created_from"
    with pytest.raises(clientele.InvalidInputError):
        filled.list_customers(limit=0)
    with pytest.raises(clientele.InvalidInputError):
        filled.list_customers(after="garbage-cursor")


def test_customers_to_pandas_columns_and_dtypes(filled):
    filled.add_tags("P-06", ["silver"])
    filled.update_customer("P-07", {"birthday": "1990-02-03",
                                    "custom": {"shoe_size": 42, "sizes": [1, 2]},
                                    "emails": [{"address": "p7@example.com"}]}, 1)
    frame = filled.list_customers(limit=100).to_pandas()
    assert len(frame) == 25
    assert list(frame.columns[:6]) == ["id", "external_id", "kind", "display_name", "given_name",
                                       "family_name"]
    for column in ("created_at", "updated_at", "last_verified_at"):
        assert str(frame[column].dtype) == "datetime64[ns, UTC]", column
    assert frame["version"].dtype == "int64"
    assert frame["created_at"].min() == pd.Timestamp("2024-01-01T00:00:00Z")
    assert frame["last_verified_at"].isna().all()
    row = frame.set_index("external_id").loc["P-07"]
    assert row["birthday"] == dt.date(1990, 2, 3)
    assert row["custom"] == {"shoe_size": 42, "sizes": [1, 2]}
    assert row["emails"][0]["normalized"] == "p7@example.com"
    assert isinstance(frame.set_index("external_id").loc["P-06", "tags"], list)
    assert sorted(frame.set_index("external_id").loc["P-06", "tags"]) == ["gold", "silver"]
    # nothing missing in the nested columns: an empty list or dict where a record has none
    assert all(isinstance(v, list) for v in frame["phones"])
    assert all(isinstance(v, dict) for v in frame["consent"])


def test_empty_listing_still_has_typed_columns(db):
    frame = db.list_customers().to_pandas()
    assert len(frame) == 0
    assert "display_name" in frame.columns and "created_at" in frame.columns
    assert str(frame["created_at"].dtype) == "datetime64[ns, UTC]"
    assert db.find_by_email("nobody@example.com").to_pandas().shape == (0, frame.shape[1])


def test_interactions_and_users_to_pandas(db):
    c = db.create_customer(given_name="Buyer")
    db.add_interactions([
        {"customer_id": c["id"], "kind": "purchase", "occurred_at": "2024-03-01T10:00:00Z",
         "amount_minor": 129900, "currency": "CNY"},
        {"customer_id": c["id"], "kind": "call", "occurred_at": "2024-03-02T10:00:00Z", "csat": 4},
    ])
    frame = db.list_interactions().to_pandas()
    assert list(frame["kind"]) == ["purchase", "call"]
    assert str(frame["occurred_at"].dtype) == "datetime64[ns, UTC]"
    assert str(frame["amount_minor"].dtype) == "Int64"
    assert frame["amount_minor"].iloc[0] == 129900 and pd.isna(frame["amount_minor"].iloc[1])
    assert frame["csat"].iloc[1] == 4
    users = db.list_users().to_pandas()
    assert list(users.columns) == ["username", "display_name", "role", "team", "active", "created_at"]
    assert users["active"].dtype == bool
    assert str(users["created_at"].dtype) == "datetime64[ns, UTC]"


def test_records_slices_stay_records(filled):
    records = filled.list_customers(limit=10).items
    part = records[2:5]
    assert isinstance(part, clientele.Records) and part.kind == "customer" and len(part) == 3
    assert isinstance(records[0], dict)
