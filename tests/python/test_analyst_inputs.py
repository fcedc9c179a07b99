"""Issue 14, "Found": every input an analyst passes is read exactly or refused with an error
naming the column and the first bad row, and the results behave like pandas objects
(docs/python.md, "Input rules" and "Result types"). Each test failed on the main of
2026-12-04 (c1d07a6)."""
from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import clientele

AS_OF = "2024-03-01"


def _frame(ids, times, amounts, **more):
    return pd.DataFrame({"customer_id": ids, "timestamp": times, "amount": amounts, **more})


# ---- times --------------------------------------------------------------------------------

def _store_with_customer(db):
    db.create_customer(given_name="A", external_id="A")


def test_import_dataframe_converts_tz_aware_times_to_utc(db):
    _store_with_customer(db)
    shanghai = pd.to_datetime(["2026-03-01 10:00", "2026-03-02 23:30"]).tz_localize("Asia/Shanghai")
    db.import_dataframe(pd.DataFrame({"customer_external_id": ["A", "A"], "kind": ["call", "call"],
                                      "occurred_at": shanghai}), "interactions")
    # Python datetimes with different offsets in one object column, and a naive one (UTC).
    mixed = [dt.datetime(2026, 3, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
             dt.datetime(2026, 3, 4, 10, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
             dt.datetime(2026, 3, 5, 10)]
    db.import_dataframe(pd.DataFrame({"customer_external_id": ["A"] * 3, "kind": ["call"] * 3,
                                      "occurred_at": pd.Series(mixed, dtype=object)}), "interactions")
    got = sorted(i["occurred_at"] for i in db.iter_interactions())
    assert got == ["2026-03-01T02:00:00Z", "2026-03-02T15:30:00Z", "2026-03-03T02:00:00Z",
                   "2026-03-04T15:00:00Z", "2026-03-05T10:00:00Z"]


def test_import_polars_tz_aware_times_and_lazy_frames(db):
    pl = pytest.importorskip("polars")
    _store_with_customer(db)
    frame = pl.DataFrame({"customer_external_id": ["A"], "kind": ["call"],
                          "occurred_at": [dt.datetime(2026, 3, 1, 10)]}).with_columns(
        pl.col("occurred_at").dt.replace_time_zone("Asia/Shanghai"))
    db.import_dataframe(frame.lazy(), "interactions")
    assert [i["occurred_at"] for i in db.iter_interactions()] == ["2026-03-01T02:00:00Z"]


def test_numeric_times_need_a_unit():
    # 20240105 and epoch milliseconds taken as seconds land in 1970 or the far future.
    data = _frame([1, 2], np.array([20240105, 20240106]), [1.0, 2.0])
    for call in (clientele.rfm, clientele.lifecycle):
        with pytest.raises(clientele.InvalidInputError) as e:
            call(data, AS_OF)
        assert e.value.field == "timestamp" and e.value.row == 1
        assert "unit" in e.value.reason
    ms = int(pd.Timestamp("2024-02-20", tz="UTC").timestamp() * 1000)
    got = clientele.rfm(_frame([1], np.array([ms]), [5.0]), AS_OF, time_unit="ms")
    assert got["recency_days"].tolist() == [10]
    with pytest.raises(clientele.InvalidInputError) as e:  # ms read as seconds: after 9999
        clientele.rfm(_frame([1, 2], np.array([1_700_000_000, ms]), [1.0, 1.0]), AS_OF, time_unit="s")
    assert e.value.row == 2


def test_text_dates_follow_one_rule_for_the_whole_column():
    data = _frame([1, 2], ["01/02/2024", "13/02/2024"], [1.0, 2.0])
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(data, AS_OF)
    assert e.value.field == "timestamp" and e.value.row == 1
    got = clientele.rfm(data, AS_OF, date_order="day-first")  # 1 Feb and 13 Feb
    assert got["recency_days"].tolist() == [29, 17]
    with pytest.raises(clientele.InvalidInputError) as e:  # no 13th month
        clientele.rfm(data, AS_OF, date_order="month-first")
    assert e.value.row == 2


def test_mixed_type_ids_are_refused():
    data = _frame([1, "1", 2, "C3"], pd.to_datetime(["2024-01-01"] * 4, utc=True), [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(data, AS_OF)
    assert e.value.field == "customer_id" and e.value.row == 2


# ---- currencies and amounts ---------------------------------------------------------------

def test_rfm_refuses_mixed_currencies_unless_one_is_chosen():
    data = _frame(["a", "b", "c"], pd.to_datetime(["2024-02-01"] * 3, utc=True), [100.0, 100.0, 5000.0],
                  currency=["CNY", "CNY", "JPY"])
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(data, AS_OF)
    assert e.value.field == "currency" and e.value.row == 3
    cny = clientele.rfm(data, AS_OF, currency="CNY")
    assert cny["customer_id"].tolist() == ["a", "b"] and cny["monetary"].tolist() == [100.0, 100.0]
    jpy = clientele.rfm(data, AS_OF, currency="JPY")
    assert jpy["customer_id"].tolist() == ["c"] and jpy["monetary"].tolist() == [5000.0]
    # JPY has no minor unit: a fraction of a yen is refused.
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(data.assign(amount=[1.0, 1.0, 0.5]), AS_OF, currency="JPY")
    # A column under another name.
    renamed = data.rename(columns={"currency": "cur"})
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(renamed, AS_OF, currency_column="cur")
    assert len(clientele.rfm(renamed, AS_OF, currency_column="cur", currency="cny")) == 2


def test_store_rfm_with_several_currencies_needs_a_choice(db):
    for ref in ("A", "B"):
        db.create_customer(given_name=ref, external_id=ref)
    db.add_interaction(customer_external_id="A", kind="purchase", occurred_at="2024-02-01T00:00:00Z",
                       amount_minor=1000, currency="USD")
    # Only USD in the store although CNY is the default: USD is scored, not nothing.
    assert db.rfm(AS_OF)["customer_id"].tolist() == ["A"]
    assert db.lifecycle(AS_OF).set_index("customer_id")["stage"].astype(str).to_dict() == {"A": "new", "B": "prospect"}
    db.add_interaction(customer_external_id="B", kind="purchase", occurred_at="2024-02-01T00:00:00Z",
                       amount_minor=1000, currency="CNY")
    for call in (lambda: db.rfm(AS_OF), lambda: db.lifecycle(AS_OF), lambda: db.new_vs_returning(AS_OF, AS_OF)):
        with pytest.raises(clientele.InvalidInputError) as e:
            call()
        assert e.value.field == "currency" and "CNY, USD" in str(e.value)
    assert db.rfm(AS_OF, currency="USD")["customer_id"].tolist() == ["A"]
    assert db.rfm(AS_OF, currency="CNY")["customer_id"].tolist() == ["B"]


def test_store_amounts_are_read_in_the_counted_currency(db):
    # A yen store (no minor unit): 1,800 yen is 1800.0, not 18.00 as when every store amount
    # was read as hundredths without currency=.
    db.create_customer(given_name="Aki", external_id="J1")
    for minor in (1500, 300):
        db.add_interaction(customer_external_id="J1", kind="purchase", occurred_at="2024-02-01T00:00:00Z",
                           amount_minor=minor, currency="JPY")
    assert db.rfm(AS_OF)["monetary"].tolist() == [1800.0]
    assert db.rfm(AS_OF, currency="JPY")["monetary"].tolist() == [1800.0]
    assert db.cohorts(AS_OF)["revenue"].iloc[0] == 1800.0
    assert db.revenue_by(AS_OF, by="stage")["revenue"].sum() == 1800.0
    assert db.analytics_currency() == "JPY"


def test_float_amounts_follow_one_rule_in_import_and_rfm(db):
    _store_with_customer(db)
    frame = pd.DataFrame({"customer_external_id": ["A", "A"], "kind": ["purchase", "purchase"],
                          "occurred_at": ["2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z"],
                          "amount": [0.1 + 0.2, 19.99]})
    db.import_dataframe(frame, "interactions")
    assert sorted(i["amount_minor"] for i in db.iter_interactions()) == [30, 1999]
    got = clientele.rfm(_frame([1, 1], pd.to_datetime(["2024-02-01"] * 2, utc=True), [0.1 + 0.2, 19.99]), AS_OF)
    assert got["monetary"].tolist() == [20.29]
    # Real extra decimals are refused by both, naming the row, at any magnitude.
    with pytest.raises(clientele.InvalidInputError) as e:
        db.import_dataframe(frame.assign(amount=[1.0, 19.995]), "interactions")
    assert e.value.row == 3 and e.value.field == "amount"
    for amounts in ([1.0, 19.995], [1.0, 12345678.901]):
        with pytest.raises(clientele.InvalidInputError) as e:
            clientele.rfm(_frame([1, 2], pd.to_datetime(["2024-02-01"] * 2, utc=True), amounts), AS_OF)
        assert e.value.row == 2 and e.value.field == "amount"


# ---- result types -------------------------------------------------------------------------

def _scores(ids):
    n = len(ids)
    times = pd.to_datetime("2024-01-01", utc=True) + pd.to_timedelta(np.arange(n) * 7, unit="D")
    return _frame(ids, times, np.arange(1, n + 1) * 10.0)


def test_rfm_result_types():
    got = clientele.rfm(_scores(np.arange(10, dtype=np.int32)), AS_OF)
    assert got["customer_id"].dtype == np.int32
    for col in "rfm":
        assert got[col].dtype == np.int8
    assert (got["f"] - got["r"]).min() < 0  # signed: 1 - 5 is -4, not 252
    tiers = got["value_tier"]
    assert tiers.cat.ordered and list(tiers.cat.categories) == ["low", "medium", "high"]
    assert (tiers > "low").any() and (tiers > "low").sum() == (tiers != "low").sum()
    codes = got["rfm"]
    assert codes.cat.ordered and len(codes.cat.categories) == codes.nunique()
    assert list(codes.cat.categories) == sorted(codes.cat.categories)
    segments = got["segment"]
    assert segments.cat.ordered and segments.cat.categories[0] == "champions"


def test_text_ids_keep_their_dtype():
    ids = pd.Series([f"c{i}" for i in range(6)], dtype="string[pyarrow]")
    got = clientele.rfm(_scores(ids), AS_OF)
    assert got["customer_id"].dtype == ids.dtype
    assert got["customer_id"].tolist() == ids.tolist()
    stages = clientele.lifecycle(_scores(ids), AS_OF, customers=["zz"])
    assert stages["customer_id"].dtype == ids.dtype


def test_stages_are_ordered_and_dates_are_utc(db):
    got = clientele.lifecycle(_scores([1, 2, 3]), AS_OF, customers=[9])
    stage = got["stage"]
    assert stage.cat.ordered and tuple(stage.cat.categories) == clientele.LIFECYCLE_STAGES
    assert str(got["stage_since"].dtype) == "datetime64[ns, UTC]"
    history = clientele.stage_history(_scores([1, 2, 3]), AS_OF)
    assert str(history["date"].dtype) == "datetime64[ns, UTC]"
    # Comparable with the store's frames, which are UTC-aware too.
    _store_with_customer(db)
    db.add_interaction(customer_external_id="A", kind="purchase", occurred_at="2024-02-01T10:00:00Z",
                       amount_minor=100)
    since = db.lifecycle(AS_OF)["stage_since"]
    occurred = db.list_interactions().to_pandas()["occurred_at"]
    assert str(since.dtype) == "datetime64[ns, UTC]"
    assert (since.iloc[0] <= occurred.iloc[0]) and (occurred.iloc[0] - since.iloc[0]) == pd.Timedelta(hours=10)


# ---- errors -------------------------------------------------------------------------------

def test_missing_files_are_file_not_found_errors(tmp_path, db):
    missing = tmp_path / "missing.csv"
    calls = [lambda: clientele.dedupe(str(missing)), lambda: clientele.dedupe(missing),
             lambda: db.import_csv(missing), lambda: clientele.Database(tmp_path / "missing.db"),
             lambda: clientele.verify_backup(tmp_path / "missing.bak")]
    for call in calls:
        with pytest.raises(FileNotFoundError) as e:
            call()
        assert isinstance(e.value, clientele.NotFoundError) and isinstance(e.value, OSError)
        assert "missing" in str(e.value) and "missing" in e.value.filename
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is clientele.MissingFileError and again.filename == e.value.filename


def test_dedupe_reads_an_existing_csv_path(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nZhang Wei,zw@example.com\nZhang Wei,ZW@example.com\nLi Na,ln@example.com\n",
                    encoding="utf-8")
    clusters = clientele.dedupe(path)
    assert clusters[0] == clusters[1] != clusters[2]


def test_storage_and_permission_errors_are_os_errors(tmp_path, db):
    with pytest.raises(OSError) as e:
        db.export(tmp_path / "no" / "such" / "dir.csv")
    assert isinstance(e.value, clientele.StorageError)
    db.add_user(username="vera", display_name="Vera", role="viewer")
    with clientele.Database(db.path, user="vera") as viewer:
        with pytest.raises(PermissionError) as e:
            viewer.create_customer(given_name="X")
    assert isinstance(e.value, clientele.PermissionDeniedError)
    assert pickle.loads(pickle.dumps(e.value)).code == clientele.ErrorCode.PERMISSION_DENIED


# ---- native results -----------------------------------------------------------------------

def test_polars_in_polars_out_lazy_and_categorical_ids():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"customer_id": ["b", "a", "b"],
                          "timestamp": [dt.datetime(2024, 2, 1), dt.datetime(2024, 2, 2), dt.datetime(2024, 2, 3)],
                          "amount": [10.0, 20.0, 30.0]}).with_columns(pl.col("customer_id").cast(pl.Categorical))
    for data in (frame, frame.lazy()):
        got = clientele.rfm(data, AS_OF)
        assert isinstance(got, pl.DataFrame)
        assert got["customer_id"].to_list() == ["a", "b"]
        assert got["monetary"].to_list() == [20.0, 40.0]
        assert got["value_tier"].dtype == pl.Enum(["low", "medium", "high"])
        # The same values as the pandas result, missing ones (no segment without 5 bins) too.
        ref = clientele.rfm(data, AS_OF, output="pandas")
        assert got["value_tier"].to_list() == ref["value_tier"].astype(str).tolist()
        assert got["segment"].to_list() == ref["segment"].astype(object).tolist()
        assert got["r"].dtype == pl.Int8
    three = clientele.rfm(frame, AS_OF, bins=3)
    assert three["segment"].null_count() == len(three) and three["value_tier"].null_count() == 0
    stages = clientele.lifecycle(frame.lazy(), AS_OF)
    assert isinstance(stages, pl.DataFrame)
    assert stages["stage_since"].dtype == pl.Datetime("ns", "UTC")
    assert isinstance(clientele.rfm(frame, AS_OF, output="pandas"), pd.DataFrame)


def test_pyarrow_in_pyarrow_out():
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"customer_id": pa.array([1, 2], pa.int32()),
                      "timestamp": pa.array([dt.datetime(2024, 2, 1), dt.datetime(2024, 2, 2)], pa.timestamp("s", "UTC")),
                      "amount": [1.5, 2.0]})
    got = clientele.rfm(table, AS_OF)
    assert isinstance(got, pa.Table)
    assert got.column("customer_id").type == pa.int32()
    assert isinstance(clientele.rfm(_scores([1, 2]), AS_OF, output="pyarrow"), pa.Table)
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(table, AS_OF, output="excel")


def test_a_date_format_applies_to_the_whole_column(db):
    data = _frame([1, 2], ["01/02/2024", "13/02/2024"], [1.0, 2.0])
    got = clientele.rfm(data, AS_OF, date_format="%d/%m/%Y")
    assert got["recency_days"].tolist() == [29, 17]
    with pytest.raises(clientele.InvalidInputError) as e:  # one cell in another form
        clientele.rfm(_frame([1, 2], ["01/02/2024", "2024-02-13"], [1.0, 2.0]), AS_OF, date_format="%d/%m/%Y")
    assert e.value.row == 2 and e.value.field == "timestamp"
    numbers = clientele.rfm(_frame([1], np.array([20240220]), [1.0]), AS_OF, date_format="%Y%m%d")
    assert numbers["recency_days"].tolist() == [10]
    _store_with_customer(db)
    db.import_dataframe(pd.DataFrame({"customer_external_id": ["A"], "kind": ["call"], "occurred_at": ["05.01.2024"]}),
                        "interactions", date_format="%d.%m.%Y", time_zone="+08:00")
    assert [i["occurred_at"] for i in db.iter_interactions()] == ["2024-01-04T16:00:00Z"]


def test_text_among_datetimes_is_not_guessed():
    times = pd.Series([dt.datetime(2024, 2, 1), "01/02/2024"], dtype=object)
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(_frame([1, 2], times, [1.0, 2.0]), AS_OF)
    assert e.value.field == "timestamp" and e.value.row == 2
    aware = pd.Series([dt.datetime(2024, 2, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                       dt.datetime(2024, 2, 1, 1)], dtype=object)
    got = clientele.lifecycle(_frame([1, 2], aware, [1.0, 2.0]), AS_OF)
    assert got["stage_since"].tolist() == [pd.Timestamp("2024-02-01", tz="UTC")] * 2
