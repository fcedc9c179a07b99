"""Issue 14, "API edges", "records" and "errors": the store's analytics take the options the
column functions take, every listing returns Records (pandas, polars, Arrow, iteration,
explicit paging), dry runs carry the documented keys, and errors are the builtins Python
users catch. Each test failed on the main of 2026-12-04 (64d7d2d) unless it says otherwise."""
from __future__ import annotations

import builtins
import copy
import pickle
import sys
import warnings

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import clientele

AS_OF = "2024-06-01"


@pytest.fixture
def shop(db):
    """Customers A (4 purchases in the year), B (2), C (1, long ago), P (none)."""
    for ref in "ABCP":
        db.create_customer(given_name=ref, family_name="Test", external_id=ref)
    purchases = {"A": ["2024-01-10", "2024-02-10", "2024-03-10", "2024-05-10"],
                 "B": ["2024-04-01", "2024-05-01"], "C": ["2022-01-01"]}
    db.add_interactions([{"customer_external_id": ref, "kind": "purchase", "occurred_at": f"{day}T10:00:00Z",
                          "amount_minor": 1000} for ref, days in purchases.items() for day in days])
    return db


def _stages(frame):
    return dict(zip(frame["customer_id"], frame["stage"].astype(str)))


# ---- the store's analytics take the column functions' options ----------------------------

def test_store_lifecycle_takes_the_rule_options(shop):
    default = _stages(shop.lifecycle(AS_OF))
    assert default["A"] == "loyal" and default["B"] == "repeat" and default["C"] == "churned"
    relaxed = _stages(shop.lifecycle(AS_OF, loyal_purchases=2, churned_days=1000))
    assert relaxed["B"] == "loyal" and relaxed["C"] == "at_risk" and relaxed["P"] == "prospect"
    # The same rule as the column function on the same purchases.
    rows = shop.list_interactions(limit=100).to_pandas()
    ids = dict(zip((c["id"] for c in shop.iter_customers()), (c["external_id"] for c in shop.iter_customers())))
    data = pd.DataFrame({"customer_id": rows["customer_id"].map(ids), "timestamp": rows["occurred_at"],
                         "amount": rows["amount_minor"] / 100})
    columns = _stages(clientele.lifecycle(data, AS_OF, loyal_purchases=2, churned_days=1000))
    assert {k: v for k, v in relaxed.items() if k != "P"} == columns
    with pytest.raises(TypeError, match="loyal_purchase"):
        shop.lifecycle(AS_OF, loyal_purchase=2)


def test_store_rfm_takes_custom_segments(shop):
    segments = [("recent", 4, 5, 1, 5), ("lapsed", 1, 3, 1, 5)]
    got = shop.rfm(AS_OF, segments=segments)
    assert set(got["segment"].astype(str)) <= {"recent", "lapsed"}
    assert list(got["segment"].cat.categories) == ["recent", "lapsed"]
    assert dict(zip(got["customer_id"], got["segment"].astype(str)))["C"] == "lapsed"
    as_dicts = shop.rfm(AS_OF, segments=[{"name": n, "r": (a, b), "f": (c, d)} for n, a, b, c, d in segments])
    pd.testing.assert_frame_equal(got, as_dicts)


# ---- merges: dry runs --------------------------------------------------------------------

@pytest.fixture
def twins(db):
    a = db.create_customer(given_name="伟", family_name="张", external_id="T1",
                           emails=[{"address": "zw@example.com"}], phones=[{"number": "+8613812345678"}])
    b = db.create_customer(given_name="伟", family_name="张", external_id="T2",
                           emails=[{"address": "zw@example.com"}], phones=[{"number": "+8613812345678"}])
    return a, b


def test_merge_clusters_dry_run_writes_nothing_and_carries_merge_id(db, twins):
    before = db.list_customers().to_pandas()
    outcomes = db.merge_clusters([{"ids": ["T1", "T2"], "score": 0.99}], threshold=0.9, dry_run=True)
    assert isinstance(outcomes, clientele.Records)
    assert outcomes[0]["action"] == "merged" and outcomes[0]["merge_id"] is None
    pd.testing.assert_frame_equal(db.list_customers().to_pandas(), before)
    assert len(db.merges()) == 0
    applied = db.merge_clusters([["T1", "T2"]], threshold=0.9)
    assert applied[0]["merge_id"] and db.merges()[0]["id"] == applied[0]["merge_id"]
    assert applied.to_pandas()["action"].tolist() == ["merged"]


def test_dry_run_merge_has_the_documented_keys(db, twins):
    r = db.merge(["T1", "T2"], dry_run=True)
    assert {"merge_id", "dry_run", "survivor", "merged", "moved"} <= set(r)
    assert r["merge_id"] is None and r["dry_run"] is True
    assert db.merge(["T1", "T2"])["merge_id"]


# ---- every listing is Records ------------------------------------------------------------

def test_list_customers_pages_explicitly(db):
    db.create_customers([{"given_name": f"C{i}", "external_id": f"E{i:03}"} for i in range(250)])
    page = db.list_customers()
    assert len(page) == 100 and page.has_more and page.next_cursor
    assert "next_page" in repr(page)
    # A frame of one page is never silently taken for all of them.
    with pytest.warns(clientele.IncompleteListingWarning, match="first 100"):
        page.to_pandas()
    seen = list(page)
    while page.has_more:
        page = page.next_page()
        seen += page
    assert len(seen) == 250 and len({c["id"] for c in seen}) == 250
    assert not page.has_more and page.next_cursor is None and len(page) == 50
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(page.to_pandas()) == 50  # the last page: no warning
    assert page.next_page() == []
    # after= is the same cursor; the old name Page is Records.
    second = db.list_customers(limit=100, after=db.list_customers().next_cursor)
    assert [c["id"] for c in second] == [c["id"] for c in seen[100:200]]
    assert clientele.Page is clientele.Records and second.items is second
    # A page pickles and copies as its rows, kind and cursor (not the open database).
    again = pickle.loads(pickle.dumps(second))
    assert again == second and again.kind == "customer" and again.next_cursor == second.next_cursor
    assert copy.deepcopy(second) == second
    with pytest.raises(RuntimeError, match="after=next_cursor"):
        again.next_page()


def test_iter_customers_converts_to_frames(db):
    db.create_customers([{"given_name": f"C{i}", "external_id": f"E{i:03}"} for i in range(30)])
    frame = db.iter_customers(page_size=7).to_pandas()
    assert len(frame) == 30 and frame["external_id"].is_unique
    assert str(frame["created_at"].dtype) == "datetime64[ns, UTC]"
    assert db.iter_customers(page_size=7).to_polars().height == 30
    assert db.iter_customers(page_size=7).to_arrow().num_rows == 30
    it = db.iter_customers(page_size=7)
    assert next(it)["external_id"] == "E000" and len(it.to_records()) == 29
    assert len(db.iter_interactions().to_pandas()) == 0


def test_every_listing_returns_records_with_frames(db, twins):
    db.add_interaction(customer_external_id="T1", kind="purchase", occurred_at="2024-01-01T00:00:00Z",
                       amount_minor=100)
    db.add_points("T1", 50, "welcome")
    listings = {
        "list_customers": db.list_customers(),
        "search_customers": db.search_customers("张"),
        "iter_customers": db.iter_customers().to_records(),
        "find_by_email": db.find_by_email("zw@example.com"),
        "list_interactions": db.list_interactions(),
        "iter_interactions": db.iter_interactions().to_records(),
        "points_history": db.points_history("T1"),
        "audit": db.audit(),
        "find_duplicates": db.find_duplicates({"given_name": "伟", "family_name": "张",
                                               "emails": [{"address": "zw@example.com"}]}),
        "list_users": db.list_users(),
    }
    db.merge(["T1", "T2"])
    listings["merges"] = db.merges()
    for name, records in listings.items():
        assert isinstance(records, clientele.Records), name
        assert len(records) > 0 and isinstance(next(iter(records)), dict), name
        frame = records.to_pandas()
        assert isinstance(frame, pd.DataFrame) and len(frame) == len(records), name
        assert isinstance(records.to_polars(), pl.DataFrame) and records.to_polars().height == len(records), name
        assert isinstance(records.to_arrow(), pa.Table) and records.to_arrow().num_rows == len(records), name
    customers = listings["list_customers"]
    assert customers.to_polars().schema["created_at"] == pl.Datetime("ns", "UTC")
    assert customers.to_arrow().schema.field("created_at").type == pa.timestamp("ns", tz="UTC")
    assert customers.to_polars()["tags"].dtype == pl.List(pl.String)
    duplicates = listings["find_duplicates"].to_pandas()
    assert {"id", "score"} <= set(duplicates.columns) and duplicates["score"].iloc[0] > 0.9


def test_short_listings_page_too(db):
    db.create_customers([{"given_name": "王", "family_name": f"芳{i}", "external_id": f"W{i}"} for i in range(5)])
    for i in range(5):
        db.add_points("W0", 10 + i, "visit")
    for first, listing in ((db.search_customers("王", limit=2), "search"),
                           (db.points_history("W0", limit=2), "points"),
                           (db.audit(action="customer.", limit=2), "audit")):
        assert len(first) == 2 and first.has_more, listing
        rows = list(first)
        page = first
        while page.has_more:
            page = page.next_page()
            rows += page
        assert len(rows) == 5, listing
        assert len({repr(r) for r in rows}) == 5, listing
    assert [e["points"] for e in db.points_history("W0", limit=2, after="2")] == [12, 11]
    with pytest.raises(clientele.InvalidInputError, match="after"):
        db.search_customers("王", after="not-a-cursor")


def test_polars_and_arrow_are_needed_only_when_asked_for(db, monkeypatch):
    db.create_customer(given_name="A")
    records = db.list_customers()
    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"clientele\[polars\]"):
        records.to_polars()
    with pytest.raises(ImportError, match=r"clientele\[arrow\]"):
        records.to_arrow()
    assert len(records.to_pandas()) == 1


# ---- explain_pair takes ids and records --------------------------------------------------

def _people(n=3000):
    return pd.DataFrame({"id": [f"C{i}" for i in range(n)], "name": ["Zhang Wei"] * n,
                         "email": [f"zw{i % 1500}@example.com" for i in range(n)]})


def test_explain_pair_takes_ids_records_or_positions():
    people = _people()
    by_position = clientele.explain_pair(people, 1, 1501)
    by_id = clientele.explain_pair(people, "C1", "C1501")
    assert by_id == by_position and by_id["a"] == 1 and by_id["b"] == 1501
    record = people.iloc[1].to_dict()
    as_record = clientele.explain_pair(people, record, "C1501")  # compared as an extra row
    assert {as_record["a"], as_record["b"]} == {len(people), 1501}
    levels = lambda e: [(f["field"], f["level"]) for f in e["fields"]]  # noqa: E731
    assert levels(as_record) == levels(by_position)
    pair = clientele.explain_pair(None, {"name": "Li Na", "email": "ln@example.com"},
                                  {"name": "Li Na", "email": "LN@example.com"})
    assert pair["probability"] > 0.9
    indexed = people.set_index("id")
    assert clientele.explain_pair(indexed, "C1", "C1501")["weight"] == by_position["weight"]


def test_explain_pair_with_an_unknown_id_is_short_and_clear():
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.explain_pair(_people(), "C1", "C999999")
    assert isinstance(e.value, ValueError) and e.value.field == "b"
    assert "C999999" in str(e.value) and "'id'" in str(e.value) and len(str(e.value)) < 300


# ---- errors are the builtins Python users catch (passed on 64d7d2d: kept as a guard) -------

def test_errors_subclass_the_builtins(tmp_path, db):
    assert issubclass(clientele.InvalidInputError, ValueError)
    assert issubclass(clientele.NotFoundError, LookupError)
    assert issubclass(clientele.MissingFileError, FileNotFoundError)
    assert issubclass(clientele.StorageError, OSError)
    assert issubclass(clientele.PermissionDeniedError, PermissionError)
    db.add_user(username="vera", display_name="Vera", role="viewer")
    viewer = clientele.Database(db.path, user="vera")
    sales = pd.DataFrame({"customer_id": [1], "timestamp": ["05/01/2024"], "amount": [1.0]})
    cases = [
        (ValueError, lambda: db.create_customer(emails=[{"address": "not an email"}])),
        (ValueError, lambda: db.list_customers(limit=0)),
        (ValueError, lambda: clientele.rfm(sales, AS_OF)),
        (ValueError, lambda: db.lifecycle("not a date")),
        (LookupError, lambda: db.get_customer("no-such-customer")),
        (FileNotFoundError, lambda: db.import_csv(tmp_path / "missing.csv")),
        (FileNotFoundError, lambda: clientele.dedupe(tmp_path / "missing.csv")),
        (PermissionError, lambda: viewer.create_customer(given_name="X")),
        (PermissionError, lambda: viewer.audit()),
        (OSError, lambda: db.export(tmp_path / "no" / "such" / "dir.csv")),
    ]
    for expected, call in cases:
        with pytest.raises(expected) as e:
            call()
        assert isinstance(e.value, clientele.Error), (expected, e.value)
    viewer.close()
    with pytest.raises(OSError) as e:
        viewer.list_customers()
    assert isinstance(e.value, clientele.StorageError)
    assert not issubclass(clientele.Error, getattr(builtins, "ValueError"))  # only where it fits
