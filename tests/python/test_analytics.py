"""clientele.rfm / clientele.lifecycle against a plain pandas reference of the rules of
issue 5 (docs/analytics.md), written here independently of the C++ core, plus the input
forms (DataFrame, numpy, pyarrow, polars; int and text ids; datetime, numeric, text
times; float, int and decimal amounts) and their errors."""
from __future__ import annotations

import datetime as dt
import decimal
import threading

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import clientele  # noqa: E402

SETTINGS = settings(max_examples=80, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
DAY = 86400
AS_OF = 20000  # a day number: 2024-10-04
AS_OF_TEXT = str(dt.date(1970, 1, 1) + dt.timedelta(days=AS_OF))


# ---- the reference ----------------------------------------------------------------------

def segment_of(r: int, f: int) -> str:
    if r == 5 and f >= 4:
        return "champions"
    if r in (3, 4) and f >= 4:
        return "loyal_customers"
    if r in (4, 5) and f in (2, 3):
        return "potential_loyalists"
    if r == 5 and f == 1:
        return "new_customers"
    if r == 4 and f == 1:
        return "promising"
    if r == 3 and f == 3:
        return "need_attention"
    if r == 3 and f in (1, 2):
        return "about_to_sleep"
    if r in (1, 2) and f == 5:
        return "cant_lose"
    if r in (1, 2) and f in (3, 4):
        return "at_risk"
    return "hibernating"


def reference_rfm(df: pd.DataFrame, as_of: int, bins: int) -> pd.DataFrame:
    """df: customer_id, timestamp (Unix seconds), cents."""
    d = df.assign(day=df["timestamp"] // DAY)
    d = d[d["day"] <= as_of]
    purchases = d[d["cents"] >= 0]
    out = pd.DataFrame({
        "frequency": purchases.groupby("customer_id").size(),
        "last": purchases.groupby("customer_id")["day"].max(),
    })
    out["monetary_cents"] = d.groupby("customer_id")["cents"].sum().reindex(out.index)
    out["recency_days"] = as_of - out["last"]
    n = len(out)
    rank_r = out["recency_days"].rank(method="min", ascending=False).astype(int)
    rank_f = out["frequency"].rank(method="min").astype(int)
    rank_m = out["monetary_cents"].rank(method="min").astype(int)
    out["r"] = 1 + (bins * (rank_r - 1)) // n
    out["f"] = 1 + (bins * (rank_f - 1)) // n
    out["m"] = 1 + (bins * (rank_m - 1)) // n
    out["rfm"] = out["r"].astype(str) + out["f"].astype(str) + out["m"].astype(str)
    out["segment"] = [segment_of(r, f) if bins == 5 else None for r, f in zip(out["r"], out["f"])]
    p = (rank_m - 1) / n
    out["value_tier"] = np.where(p >= 0.8, "high", np.where(p >= 0.5, "medium", "low"))
    return out.sort_index()


def reference_stage(days: list[int], t: int) -> str:
    """The stage on day t of a customer with these purchase days."""
    ds = sorted(x for x in days if x <= t)
    if not ds:
        return "prospect"
    d = t - ds[-1]
    if d > 365:
        return "churned"
    if d > 180:
        return "at_risk"
    if len(ds) >= 2 and ds[-1] - ds[-2] > 365:
        return "reactivated"
    if len(ds) == 1:
        return "new"
    if sum(1 for x in ds if t - x <= 364) >= 4:
        return "loyal"
    return "repeat"


def reference_lifecycle(df: pd.DataFrame, as_of: int, known: list[int]) -> pd.DataFrame:
    d = df.assign(day=df["timestamp"] // DAY)
    rows = []
    for c in sorted(set(d["customer_id"]) | set(known)):
        days = d[(d["customer_id"] == c) & (d["cents"] >= 0) & (d["day"] <= as_of)]["day"].tolist()
        stage = reference_stage(days, as_of)
        since = None
        if stage != "prospect":
            since = as_of  # walk back one day at a time while the stage holds
            while since > min(days) and reference_stage(days, since - 1) == stage:
                since -= 1
        rows.append((c, stage, since))
    return pd.DataFrame(rows, columns=["customer_id", "stage", "since"]).set_index("customer_id")


# ---- data -------------------------------------------------------------------------------

@st.composite
def transactions(draw, max_customers=25, max_rows=150):
    n_customers = draw(st.integers(1, max_customers))
    n_rows = draw(st.integers(1, max_rows))
    # Few distinct values: heavy ties in recency, frequency and money.
    span = draw(st.sampled_from([3, 40, 900]))
    amounts = draw(st.lists(st.integers(-3000, 5000), min_size=1, max_size=6)) + [0]
    rows = draw(st.lists(st.tuples(st.integers(0, n_customers - 1),
                                   st.integers(-span, 3),  # a few rows after as_of
                                   st.integers(0, DAY - 1),
                                   st.sampled_from(amounts)),
                         min_size=n_rows, max_size=n_rows))
    return pd.DataFrame({
        "customer_id": np.array([r[0] * 7 + 3 for r in rows], dtype=np.int64),
        "timestamp": np.array([(AS_OF + r[1]) * DAY + r[2] for r in rows], dtype=np.int64),
        "cents": np.array([r[3] for r in rows], dtype=np.int64),
    })


def as_input(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": df["customer_id"],
                         "timestamp": pd.to_datetime(df["timestamp"], unit="s"),
                         "amount": df["cents"] / 100})


def check_rfm(got: pd.DataFrame, want: pd.DataFrame) -> None:
    got = got.set_index("customer_id")
    assert list(got.index) == list(want.index)
    for col in ["recency_days", "frequency", "r", "f", "m"]:
        assert got[col].astype(int).tolist() == want[col].astype(int).tolist(), col
    assert np.rint(got["monetary"].to_numpy() * 100).astype(np.int64).tolist() == want["monetary_cents"].tolist()
    assert got["rfm"].astype(str).tolist() == want["rfm"].tolist()
    assert [None if pd.isna(s) else s for s in got["segment"]] == want["segment"].tolist()
    assert got["value_tier"].astype(str).tolist() == want["value_tier"].tolist()


# ---- properties -------------------------------------------------------------------------

@SETTINGS
@given(transactions(), st.integers(2, 10))
def test_rfm_matches_the_reference(df, bins):
    want = reference_rfm(df, AS_OF, bins)
    got = clientele.rfm(as_input(df), as_of=AS_OF_TEXT, bins=bins)
    check_rfm(got, want)


@SETTINGS
@given(transactions(), st.randoms(use_true_random=False))
def test_rfm_does_not_depend_on_row_order(df, rnd):
    order = list(range(len(df)))
    rnd.shuffle(order)
    a = clientele.rfm(as_input(df), as_of=AS_OF_TEXT)
    b = clientele.rfm(as_input(df.iloc[order].reset_index(drop=True)), as_of=AS_OF_TEXT)
    pd.testing.assert_frame_equal(a, b)


@SETTINGS
@given(transactions(max_customers=12, max_rows=60), st.lists(st.integers(100, 105), max_size=3))
def test_lifecycle_matches_the_reference(df, known):
    # Stages change over years: stretch the days so every rule is reached.
    df = df.assign(timestamp=AS_OF * DAY - (AS_OF * DAY - df["timestamp"]) * 3)
    want = reference_lifecycle(df, AS_OF, known)
    got = clientele.lifecycle(as_input(df), as_of=AS_OF_TEXT, customers=known).set_index("customer_id")
    assert list(got.index) == list(want.index)
    assert got["stage"].astype(str).tolist() == want["stage"].tolist()
    since = [None if pd.isna(s) else (s - pd.Timestamp("1970-01-01", tz="UTC")).days for s in got["stage_since"]]
    assert since == [None if pd.isna(x) else int(x) for x in want["since"]]


def test_rfm_one_customer_and_all_equal():
    one = pd.DataFrame({"customer_id": [5, 5], "timestamp": [AS_OF * DAY, AS_OF * DAY - DAY], "cents": [100, 100]})
    got = clientele.rfm(as_input(one), as_of=AS_OF_TEXT)
    assert got["rfm"].tolist() == ["111"] and got["recency_days"].tolist() == [0]
    equal = pd.DataFrame({"customer_id": range(6), "timestamp": [AS_OF * DAY] * 6, "cents": [999] * 6})
    got = clientele.rfm(as_input(equal), as_of=AS_OF_TEXT, bins=10)
    assert set(got["rfm"].astype(str)) == {"111"} and set(got["value_tier"].astype(str)) == {"low"}


# ---- input forms ------------------------------------------------------------------------

SAMPLE = pd.DataFrame({
    "customer_id": ["b", "a", "b", "c", "d"],
    "timestamp": pd.to_datetime(["2024-10-01T23:30:00Z", "2024-09-01T00:00:00Z", "2024-10-04T12:00:00Z",
                                 "2024-10-05T00:00:00Z", "2024-08-01T00:00:00Z"]),
    "amount": [19.99, 5.10, -2.50, 100.0, 0.0],
})


def test_text_ids_datetime_and_float_amounts():
    got = clientele.rfm(SAMPLE, as_of="2024-10-04")
    assert got["customer_id"].tolist() == ["a", "b", "d"]
    assert got["recency_days"].tolist() == [33, 3, 64]
    assert got["monetary"].tolist() == [5.10, 17.49, 0.0]
    assert got["frequency"].tolist() == [1, 1, 1]


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "numpy", "seconds", "text_times", "decimal", "dict_of_arrow"])
def test_every_input_form_gives_the_same_result(kind):
    want = clientele.rfm(SAMPLE, as_of="2024-10-04")
    data = SAMPLE
    if kind == "pyarrow":
        pa = pytest.importorskip("pyarrow")
        data = pa.Table.from_pandas(SAMPLE)
    elif kind == "polars":
        pl = pytest.importorskip("polars")
        data = pl.from_pandas(SAMPLE)
    elif kind == "numpy":
        data = {c: SAMPLE[c].to_numpy() for c in SAMPLE}
    elif kind == "seconds":
        data = SAMPLE.assign(timestamp=(SAMPLE["timestamp"] - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1))
    elif kind == "text_times":
        data = SAMPLE.assign(timestamp=["2024-10-02T07:30:00+08:00", "2024-09-01", "2024-10-04 12:00:00",
                                        "2024-10-05T00:00:00Z", "2024-08-01"])
    elif kind == "decimal":
        pa = pytest.importorskip("pyarrow")
        data = pa.table({"customer_id": SAMPLE["customer_id"], "timestamp": SAMPLE["timestamp"],
                         "amount": pa.array([decimal.Decimal(str(x)) for x in SAMPLE["amount"]],
                                            type=pa.decimal128(12, 3))})
    elif kind == "dict_of_arrow":
        data = SAMPLE.assign(amount=[decimal.Decimal(str(x)) for x in SAMPLE["amount"]])
    unit = "s" if kind == "seconds" else None  # a number is a time only with its unit
    got = clientele.rfm(data, as_of="2024-10-04", time_unit=unit, output="pandas")
    if kind in ("pyarrow", "polars"):  # the ids come back in the input library's text type
        got["customer_id"] = got["customer_id"].astype(want["customer_id"].dtype)
    pd.testing.assert_frame_equal(got, want)


def test_renamed_columns_and_zero_copy_numeric_input():
    data = pd.DataFrame({"cust": np.array([1, 2, 2], dtype=np.int64),
                         "t": np.array([0, DAY, 2 * DAY], dtype=np.int64),
                         "amt": np.array([1, 2, 3], dtype=np.int64)})
    got = clientele.rfm(data, as_of="1970-01-03", customer="cust", timestamp="t", amount="amt", time_unit="s")
    assert got["monetary"].tolist() == [1.0, 5.0]  # integer amounts are whole units


@pytest.mark.parametrize("change, field, row", [
    ({"amount": [19.999, 5.10, -2.50, 100.0, 0.0]}, "amount", 1),
    ({"amount": [19.99, np.nan, -2.50, 100.0, 0.0]}, "amount", 2),
    ({"customer_id": ["b", None, "b", "c", "d"]}, "customer_id", 2),
    ({"timestamp": ["2024-10-01", "2024-10-02", "soon", "2024-10-01", "2024-10-01"]}, "timestamp", 3),
])
def test_bad_input_names_field_and_row(change, field, row):
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(SAMPLE.assign(**change), as_of="2024-10-04")
    assert e.value.field == field
    assert e.value.row == row


def test_bad_options():
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(SAMPLE, as_of="2024-10-04", bins=11)
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(SAMPLE, as_of="2024-02-30")
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(SAMPLE.drop(columns="amount"), as_of="2024-10-04")


def test_lifecycle_history_transitions_and_new_vs_returning():
    df = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 3],
                       "timestamp": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01",
                                                    "2024-01-10", "2022-01-01"]),
                       "amount": [10, 10, 10, 10, 5, 5]})
    h = clientele.stage_history(df, "2024-01-31")
    one = h[h["customer_id"] == 1]
    assert one["stage"].astype(str).tolist() == ["new", "repeat", "loyal", "at_risk"]
    assert one["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-01", "2023-02-01", "2023-04-01", "2023-09-29"]
    assert str(one["date"].dtype) == "datetime64[ns, UTC]"
    m = clientele.stage_transitions(df, "2023-12-31", "2024-01-31", customers=[9])
    assert m.loc["prospect", "new"] == 1 and m.loc["prospect", "prospect"] == 1
    assert m.loc["churned", "churned"] == 1 and m.loc["at_risk", "at_risk"] == 1
    nr = clientele.new_vs_returning(df, "2023-03-01", "2024-01-31")
    assert nr.set_index("customer_id")["kind"].astype(str).to_dict() == {1: "returning", 2: "new"}


def test_rfm_releases_the_gil():
    n = 3_000_000
    rng = np.random.default_rng(1)
    data = {"customer_id": rng.integers(0, 300_000, n), "timestamp": rng.integers(0, 400 * DAY, n),
            "amount": rng.integers(-10, 1000, n)}
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        before = len(ticks)
        clientele.rfm(data, as_of="1971-01-01", time_unit="s", threads=1)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert during > 3


# ---- the store path ---------------------------------------------------------------------

def test_store_rfm_and_lifecycle_match_the_column_path(tmp_path):
    rng = np.random.default_rng(5)
    n = 400
    ids = [f"K{i:02d}" for i in rng.integers(0, 40, n)]
    seconds = (AS_OF - rng.integers(-3, 700, n)) * DAY + rng.integers(0, DAY, n)
    cents = rng.choice([-1250, 0, 999, 999, 5000, 12345], n)
    frame = pd.DataFrame({"customer_id": ids, "timestamp": pd.to_datetime(seconds, unit="s"), "amount": cents / 100})
    owners = {f"K{i:02d}": ("alice" if i % 2 else "bob") for i in range(45)}  # K40..K44: no rows
    with clientele.Database(tmp_path / "s.db", create=True) as db:
        db.add_user(username="alice", display_name="Alice", role="sales")
        db.add_user(username="bob", display_name="Bob", role="sales")
        db.create_customers([{"kind": "person", "given_name": k, "external_id": k, "owner": o}
                             for k, o in owners.items()])
        db.add_interactions([{"customer_external_id": c, "kind": "refund" if a < 0 else "purchase",
                              "occurred_at": pd.Timestamp(int(t), unit="s", tz="UTC").isoformat(), "amount_minor": int(a)}
                             for c, t, a in zip(ids, seconds, cents)])
        want = clientele.rfm(frame, as_of=AS_OF_TEXT)
        got = db.rfm(AS_OF_TEXT)
        pd.testing.assert_frame_equal(got, want, check_dtype=False, check_categorical=False)
        stages = db.lifecycle(AS_OF_TEXT)
        want_stages = clientele.lifecycle(frame, as_of=AS_OF_TEXT, customers=list(owners))
        pd.testing.assert_frame_equal(stages, want_stages, check_dtype=False, check_categorical=False)
        assert (stages.set_index("customer_id").loc["K43", "stage"]) == "prospect"
    with clientele.Database(tmp_path / "s.db", user="alice") as db:
        mine = db.rfm(AS_OF_TEXT)
        alice_frame = frame[frame["customer_id"].map(owners) == "alice"]
        pd.testing.assert_frame_equal(mine, clientele.rfm(alice_frame, as_of=AS_OF_TEXT),
                                      check_dtype=False, check_categorical=False)
        assert set(db.lifecycle(AS_OF_TEXT)["customer_id"]) == {k for k, o in owners.items() if o == "alice"}


# ---- the CLI path gives the same ----------------------------------------------------------

def test_cli_csv_and_db_paths_match_python(tmp_path):
    import os
    import subprocess

    cli = os.environ.get("CLIENTELE_CLI")
    if not cli:
        pytest.skip("CLIENTELE_CLI is not set (run through ctest)")
    rng = np.random.default_rng(9)
    n = 3000
    ids = np.array([f"U{i:03d}" for i in rng.integers(0, 300, n)])
    seconds = (AS_OF - rng.integers(-5, 1500, n)) * DAY + rng.integers(0, DAY, n)
    cents = rng.choice([-999, 0, 1, 250, 250, 10_000, 123_456], n)
    frame = pd.DataFrame({"customer_id": ids, "timestamp": pd.to_datetime(seconds, unit="s", utc=True),
                          "amount": cents / 100})
    csv = tmp_path / "tx.csv"
    pd.DataFrame({"customer_id": ids,
                  "timestamp": frame["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "amount": [f"{c / 100:.2f}" for c in cents]}).to_csv(csv, index=False)
    known = tmp_path / "known.csv"
    pd.DataFrame({"customer_id": ["U000", "Z1"]}).to_csv(known, index=False)

    def run(*args):
        out = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, check=True).stdout
        import io
        return pd.read_csv(io.StringIO(out), dtype={"customer_id": str, "rfm": str, "segment": str},
                           keep_default_na=False)

    want = clientele.rfm(frame, as_of=AS_OF_TEXT)
    got = run("rfm", csv, "--as-of", AS_OF_TEXT)
    assert got["customer_id"].tolist() == want["customer_id"].tolist()
    for col in ["recency_days", "frequency", "r", "f", "m"]:
        assert got[col].tolist() == want[col].astype(int).tolist(), col
    assert got["monetary"].round(2).tolist() == want["monetary"].round(2).tolist()
    for col in ["rfm", "segment", "value_tier"]:
        assert got[col].tolist() == want[col].astype(str).tolist(), col

    stages = run("lifecycle", csv, "--as-of", AS_OF_TEXT, "--customers", known)
    want_stages = clientele.lifecycle(frame, as_of=AS_OF_TEXT, customers=["U000", "Z1"])
    assert stages["customer_id"].tolist() == want_stages["customer_id"].tolist()
    assert stages["stage"].tolist() == want_stages["stage"].astype(str).tolist()
    assert stages["stage_since"].tolist() == [
        "" if pd.isna(s) else s.strftime("%Y-%m-%d") for s in want_stages["stage_since"]]

    db_path = tmp_path / "s.db"
    with clientele.Database(db_path, create=True) as db:
        db.create_customers([{"kind": "person", "given_name": k, "external_id": k} for k in sorted(set(ids))])
        db.add_interactions([{"customer_external_id": c, "kind": "refund" if a < 0 else "purchase",
                              "occurred_at": pd.Timestamp(int(t), unit="s", tz="UTC").isoformat(),
                              "amount_minor": int(a)} for c, t, a in zip(ids, seconds, cents)])
    from_db = run("rfm", "--db", db_path, "--as-of", AS_OF_TEXT)
    pd.testing.assert_frame_equal(from_db, got)


def test_no_scored_customers_gives_empty_frames():
    empty = pd.DataFrame({"customer_id": np.array([], dtype=np.int64),
                          "timestamp": np.array([], dtype="datetime64[ns]"), "amount": np.array([], dtype=float)})
    got = clientele.rfm(empty, as_of="2024-01-01")
    assert len(got) == 0 and list(got.columns)[:4] == ["customer_id", "recency_days", "frequency", "monetary"]
    only_refund_and_future = pd.DataFrame({"customer_id": ["a", "b"], "timestamp": ["2023-01-01", "2025-01-01"],
                                           "amount": [-1.0, 5.0]})
    assert len(clientele.rfm(only_refund_and_future, as_of="2024-01-01")) == 0
    stages = clientele.lifecycle(only_refund_and_future, as_of="2024-01-01", customers=["c"])
    assert stages["stage"].astype(str).tolist() == ["prospect"] * 3


def test_float_amounts_become_exact_cents_at_every_magnitude():
    # Prices as floats (19.99 is not exactly representable) must come back as exact cents,
    # on both sides of the fast rounding path's 2**51 limit.
    rng = np.random.default_rng(5)
    cents = np.concatenate([rng.integers(-10**6, 10**6, 5000), rng.integers(-10**15, 10**15, 5000),
                            np.array([0, 1, -1, 10**15, -10**15])])
    got = clientele._core.amounts_from_floats(cents / 100.0, "", "amount")
    assert got.dtype == np.int64
    assert (got == cents).all()
    assert clientele._core.amounts_from_floats(np.array([0.1 + 0.2, 1e-9, -0.07]), "", "amount").tolist() == [30, 0, -7]
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele._core.amounts_from_floats(np.array([1.0, 0.125]), "", "amount")  # a third decimal
    assert e.value.row == 2
