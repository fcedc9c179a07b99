"""clientele.cohorts / repeat_purchases / revenue_by and the Database methods: the numbers of
the hand-computed example (docs/analytics.md, "Cohorts"), the same as a pandas groupby
reference on random data, the input rules of rfm (times, currencies), native results, and
the errors for bad arguments."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clientele

ROWS = [  # customer, time (UTC), amount
    (1, "2024-01-05T10:00:00Z", 100.00), (1, "2024-01-20T10:00:00Z", 50.00), (1, "2024-03-10T10:00:00Z", 30.00),
    (2, "2024-01-15T10:00:00Z", 200.00), (2, "2024-02-01T10:00:00Z", -50.00),
    (3, "2024-02-10T10:00:00Z", 70.00), (3, "2024-02-25T10:00:00Z", 10.00), (3, "2024-03-01T10:00:00Z", 20.00),
    (4, "2024-02-05T10:00:00Z", -10.00),
    (5, "2024-01-31T23:59:59Z", 40.00), (5, "2024-04-02T10:00:00Z", 99.00),
    (6, "2023-12-20T10:00:00Z", -5.00), (6, "2024-03-31T12:00:00Z", 15.00),
]
AS_OF = "2024-03-31"


@pytest.fixture
def example() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["customer_id", "timestamp", "amount"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return frame


def _month(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_cohorts_hand_computed(example):
    t = clientele.cohorts(example, AS_OF)
    assert list(t.columns) == ["cohort", "period", "cohort_customers", "customers", "revenue", "retention"]
    assert str(t["cohort"].dtype) == "datetime64[ns, UTC]"
    assert list(t["cohort"]) == [_month("2024-01-01")] * 3 + [_month("2024-02-01")] * 2 + [_month("2024-03-01")]
    assert t["period"].tolist() == [0, 1, 2, 0, 1, 0]
    assert t["cohort_customers"].tolist() == [3, 3, 3, 1, 1, 1]
    assert t["customers"].tolist() == [3, 0, 1, 1, 1, 1]
    assert t["revenue"].tolist() == [390.0, -50.0, 30.0, 80.0, 20.0, 15.0]
    assert t["retention"].tolist() == pytest.approx([1, 0, 1 / 3, 1, 1, 1])
    later = clientele.cohorts(example, AS_OF, start="2024-02-15")
    assert later["revenue"].tolist() == [80.0, 20.0, 15.0]


def test_cohorts_take_rfm_inputs(example):
    # tz-aware times are converted to UTC: 07:00 on Feb 1 in Shanghai is still January.
    shifted = example.copy()
    shifted.loc[9, "timestamp"] = pd.Timestamp("2024-02-01T07:59:59+08:00")
    assert clientele.cohorts(shifted, AS_OF)["revenue"].tolist()[0] == 390.0
    # Text ids, epoch milliseconds with time_unit, amounts as text.
    text = pd.DataFrame({"customer_id": [f"C{c}" for c, _, _ in ROWS],
                         "timestamp": example["timestamp"].dt.as_unit("ms").astype("int64"),
                         "amount": [f"{a:.2f}" for _, _, a in ROWS]})
    pd.testing.assert_frame_equal(clientele.cohorts(text, AS_OF, time_unit="ms"), clientele.cohorts(example, AS_OF))
    with pytest.raises(clientele.InvalidInputError, match="unit"):
        clientele.cohorts(text, AS_OF)
    # Mixed currencies are refused unless one is chosen.
    priced = example.assign(currency=["CNY"] * 12 + ["USD"])
    with pytest.raises(clientele.InvalidInputError, match="currencies") as e:
        clientele.repeat_purchases(priced, AS_OF)
    assert e.value.field == "currency" and e.value.row == 13
    assert clientele.cohorts(priced, AS_OF, currency="CNY")["cohort"].nunique() == 2
    mixed = example.assign(customer_id=[1, "1", 2, "C3"] + [5] * 9)
    with pytest.raises(clientele.InvalidInputError, match="mixed types"):
        clientele.revenue_by(mixed, AS_OF)


def test_native_results(example):
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    want = clientele.cohorts(example, AS_OF)
    got = clientele.cohorts(pl.from_pandas(example).lazy(), AS_OF)
    assert isinstance(got, pl.DataFrame)
    assert got["revenue"].to_list() == want["revenue"].tolist()
    arrow = clientele.revenue_by(pa.Table.from_pandas(example), AS_OF, by="tier")
    assert isinstance(arrow, pa.Table) and arrow.schema.field("value_tier").type.ordered
    r = clientele.repeat_purchases(pl.from_pandas(example), AS_OF)
    assert isinstance(r.by_cohort, pl.DataFrame) and r.gap_buckets["bucket"].dtype == pl.Enum(list(clientele.GAP_BUCKETS))
    assert isinstance(clientele.cohorts(example, AS_OF, output="polars"), pl.DataFrame)


def test_repeat_purchases_hand_computed(example):
    r = clientele.repeat_purchases(example, AS_OF)
    assert r.by_cohort["customers"].tolist() == [3, 1, 1]
    assert r.by_cohort["repeat_customers"].tolist() == [1, 1, 0]
    assert (r.customers, r.repeat_customers, r.repeat_rate) == (5, 2, pytest.approx(0.4))
    assert r.gaps == 4  # 15 and 50 days (1), 15 and 5 days (3)
    assert (r.gap_mean_days, r.gap_median_days, r.gap_p90_days) == pytest.approx((21.25, 15.0, 39.5))
    assert r.gap_buckets["bucket"].astype(str).tolist() == ["0-7", "8-14", "15-30", "31-60", "61-90", "91-180",
                                                            "181-365", "366+"]
    assert r.gap_buckets["gaps"].tolist() == [1, 0, 2, 1, 0, 0, 0, 0]
    once = clientele.repeat_purchases(example[example["customer_id"] == 2], AS_OF)
    assert once.gaps == 0 and math.isnan(once.gap_median_days)


def test_revenue_by_stage_hand_computed(example):
    g = clientele.revenue_by(example, AS_OF, by="stage")
    assert list(g.columns) == ["month", "stage", "customers", "active_customers", "revenue"]
    assert g["stage"].cat.ordered and list(g["stage"].cat.categories) == list(clientele.LIFECYCLE_STAGES)
    jan = g[g["month"] == _month("2024-01-01")].set_index("stage")
    assert jan.loc["new", "revenue"] == 240.0 and jan.loc["new", "customers"] == 2
    assert jan.loc["repeat", "revenue"] == 150.0 and jan.loc["prospect", "customers"] == 1
    assert g.groupby("month")["revenue"].sum().tolist() == [-5.0, 390.0, 20.0, 65.0]


def test_bad_arguments(example):
    with pytest.raises(clientele.InvalidInputError, match="segment, tier, stage") as e:
        clientele.revenue_by(example, AS_OF, by="region")
    assert e.value.field == "by" and isinstance(e.value, ValueError)
    with pytest.raises(clientele.InvalidInputError, match="monthly") as e:
        clientele.revenue_by(example, AS_OF, freq="W")
    assert e.value.field == "freq"
    with pytest.raises(clientele.InvalidInputError, match="after as_of"):
        clientele.cohorts(example, AS_OF, start="2024-04-01")
    with pytest.raises(TypeError, match="unknown lifecycle option"):
        clientele.revenue_by(example, AS_OF, by="stage", churn_days=30)


# ---- the pandas groupby reference --------------------------------------------------------


def _months(times: pd.Series) -> pd.Series:
    """Months since January 1970 of UTC datetimes."""
    return (times.dt.year - 1970) * 12 + times.dt.month - 1


def reference_cohorts(frame: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The rules of docs/analytics.md written with pandas groupby, over non-empty cells."""
    t = frame[frame["timestamp"] < pd.Timestamp(as_of, tz="UTC") + pd.Timedelta(days=1)].copy()
    t["month"] = _months(t["timestamp"])
    t["cents"] = (t["amount"] * 100).round().astype("int64")
    first = t[t["cents"] >= 0].groupby("customer_id")["month"].min()
    t["cohort"] = t["customer_id"].map(first)
    t = t[t["cohort"].notna()].astype({"cohort": "int64"})
    t["period"] = t["month"] - t["cohort"]
    t = t[t["period"] >= 0]
    buyers = t[t["cents"] >= 0].groupby(["cohort", "period"])["customer_id"].nunique().rename("customers")
    revenue = t.groupby(["cohort", "period"])["cents"].sum().rename("cents")
    out = pd.concat([buyers, revenue], axis=1).fillna(0).reset_index()
    out["cohort_customers"] = out["cohort"].map(first.value_counts())
    return out.astype({"customers": "int64", "cents": "int64"})


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_cohorts_match_pandas_groupby(seed, n):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2022-11-01", tz="UTC").value
    frame = pd.DataFrame({
        "customer_id": rng.integers(0, max(1, n // 4), n),
        "timestamp": pd.to_datetime(start + rng.integers(0, 600 * 86400 * 10**9, n), utc=True),
        "amount": rng.integers(-3000, 10000, n) / 100,
    })
    as_of = "2024-02-29"
    got = clientele.cohorts(frame, as_of)
    want = reference_cohorts(frame, as_of)
    cells = got.assign(cents=(got["revenue"] * 100).round().astype("int64"), cohort=_months(got["cohort"]))
    merged = cells.merge(want, on=["cohort", "period"], how="left", suffixes=("", "_ref"))
    missing = merged["customers_ref"].isna()
    # Cells the reference lacks had no row: nothing bought, nothing paid.
    assert (merged.loc[missing, "customers"] == 0).all() and (merged.loc[missing, "cents"] == 0).all()
    both = merged[~missing]
    assert (both["customers"] == both["customers_ref"]).all()
    assert (both["cents"] == both["cents_ref"]).all()
    assert (both["cohort_customers"] == both["cohort_customers_ref"]).all()
    assert len(both) == len(want)
    # Gaps between purchases against Series.quantile.
    r = clientele.repeat_purchases(frame, as_of)
    p = frame[(frame["amount"] >= 0) & (frame["timestamp"] < pd.Timestamp("2024-03-01", tz="UTC"))]
    days = (p["timestamp"].dt.as_unit("s").astype("int64") // 86400).rename("day")
    gaps = pd.concat([p["customer_id"], days], axis=1).sort_values(["customer_id", "day"]) \
        .groupby("customer_id")["day"].diff().dropna()
    assert r.gaps == len(gaps)
    if len(gaps):
        assert r.gap_median_days == pytest.approx(gaps.quantile(0.5))
        assert r.gap_p90_days == pytest.approx(gaps.quantile(0.9))
        assert r.gap_mean_days == pytest.approx(gaps.mean())
    counts = p.groupby("customer_id").size()
    assert r.repeat_customers == int((counts >= 2).sum()) and r.customers == len(counts)


# ---- over the store ----------------------------------------------------------------------


def test_store_methods(tmp_path, example):
    path = tmp_path / "c.db"
    with clientele.Database(path, create=True) as db:
        db.add_user(username="alice", display_name="Alice", role="sales")
        db.create_customers([{"kind": "person", "given_name": f"C{c}", "external_id": f"C{c}",
                              **({"owner": "alice"} if c % 2 else {})} for c in range(1, 7)])
        db.add_interactions([{"customer_external_id": f"C{c}", "kind": "refund" if a < 0 else "purchase",
                              "occurred_at": t, "amount_minor": round(a * 100)} for c, t, a in ROWS])
        pd.testing.assert_frame_equal(db.cohorts(AS_OF), clientele.cohorts(example, AS_OF))
        assert db.repeat_purchases(AS_OF).gap_p90_days == pytest.approx(39.5)
        pd.testing.assert_frame_equal(db.revenue_by(AS_OF, by="stage"), clientele.revenue_by(example, AS_OF, by="stage"))
        with pytest.raises(clientele.InvalidInputError, match="segment, tier, stage"):
            db.revenue_by(AS_OF, by="regions")
    with clientele.Database(path, user="alice") as db:
        mine = example[example["customer_id"] % 2 == 1]
        pd.testing.assert_frame_equal(db.cohorts(AS_OF), clientele.cohorts(mine, AS_OF))
        assert db.repeat_purchases(AS_OF).customers == 3  # 1, 3 and 5
