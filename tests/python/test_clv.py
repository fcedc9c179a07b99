"""clientele.clv (docs/clv.md): lifetimes' figures on its CDNOW data (fixtures written by
benchmarks/clv_reference.py, so lifetimes is not needed here), the summary's rules and its
inputs and outputs as for rfm, db.clv() over the store with roles, and the errors."""

import json
import pathlib

import numpy as np
import pandas as pd
import pytest

import clientele
import clientele.clv as clv

DATA = pathlib.Path(__file__).parents[1] / "data" / "clv"
DAY = 86400


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(DATA / "cdnow_summary.csv")


@pytest.fixture(scope="module")
def reference():
    return json.loads((DATA / "cdnow_lifetimes_fit.json").read_text())


def test_bgnbd_and_gamma_gamma_fits_agree_with_lifetimes(cdnow, reference):
    bg = clv.fit_bgnbd(cdnow)
    for name, want in reference["bgnbd"].items():
        assert bg.params[name] == pytest.approx(want, rel=1e-3)
        assert bg.standard_errors[name] == pytest.approx(reference["bgnbd_se"][name], rel=1e-2)
    assert bg.log_likelihood == pytest.approx(-9582.4, abs=0.1)  # Fader, Hardie & Lee (2005)
    gg = clv.fit_gamma_gamma(cdnow)
    for name, want in reference["gamma_gamma"].items():
        assert gg.params[name] == pytest.approx(want, rel=1e-3)
        assert gg.standard_errors[name] == pytest.approx(reference["gamma_gamma_se"][name], rel=1e-2)
    assert gg.frequency_monetary_correlation == pytest.approx(reference["correlation_frequency_monetary"])
    assert list(bg.parameters()["parameter"]) == ["r", "alpha", "a", "b"]


def test_predictions_agree_with_lifetimes_per_customer(cdnow, reference):
    bg = clv.BgNbdModel(reference["bgnbd"], {}, 0.0, 0, 0, "W")
    gg = clv.GammaGammaModel(reference["gamma_gamma"], {}, 0.0, 0, 0, 0.0)
    want = pd.read_csv(DATA / "cdnow_lifetimes_predictions.csv")
    got = clv.predict(cdnow, bg, gg, t=39, horizon_months=12, discount_rate=0.01, period="W")
    np.testing.assert_allclose(got["p_alive"], want["p_alive"], rtol=1e-6)
    np.testing.assert_allclose(got["expected_purchases"], want["expected_purchases_39"], rtol=1e-6)
    np.testing.assert_allclose(bg.expected_purchases(cdnow, 1), want["expected_purchases_1"], rtol=1e-6)
    np.testing.assert_allclose(got["expected_value"], want["expected_average_value"], rtol=1e-6)
    np.testing.assert_allclose(got["clv"], want["clv_12"], rtol=1e-6)
    assert list(got.columns[:5]) == list(cdnow.columns)


def test_polars_and_arrow_summaries_in_and_out(cdnow):
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    bg = clv.fit_bgnbd(cdnow)
    assert clv.fit_bgnbd(pl.from_pandas(cdnow)).params == pytest.approx(bg.params)
    assert clv.fit_bgnbd(pa.Table.from_pandas(cdnow)).params == pytest.approx(bg.params)
    out = clv.predict(pl.from_pandas(cdnow), bg, t=10, period="W")
    assert isinstance(out, pl.DataFrame) and "p_alive" in out.columns


def _sales():
    """Rows of docs/clv.md's example: two purchases on day 0 are one."""
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "A", "B", "C"],
        "timestamp": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 17:00", "2024-01-04", "2024-01-11",
                                     "2024-01-06", "2024-02-01"], format="mixed"),
        "amount": [5.0, 7.0, 10.0, 20.0, 3.0, 8.0],
    })


def test_summary_rules_and_input_kinds():
    s = clv.summary(_sales(), as_of="2024-01-21")
    assert list(s["customer_id"]) == ["A", "B"]  # C bought after as_of
    assert list(s["frequency"]) == [2, 0]
    assert list(s["recency"]) == [10, 0]
    assert list(s["T"]) == [20, 15]
    assert list(s["monetary_value"]) == [15.0, 0.0]
    assert s.attrs["period"] == "D"
    weeks = clv.summary(_sales(), as_of="2024-01-21", period="W")
    assert list(weeks["frequency"]) == [1, 0]  # 2024-01-01 was a Monday: weeks of the 1st and the 8th
    assert list(weeks["T"]) == [2, 2]  # B bought in the first week too
    pl = pytest.importorskip("polars")
    out = clv.summary(pl.from_pandas(_sales()), as_of="2024-01-21")
    assert isinstance(out, pl.DataFrame)
    assert out["frequency"].to_list() == [2, 0]


def test_calibration_and_holdout():
    s = clv.summary(_sales(), as_of="2024-01-31", calibration_end="2024-01-05")
    assert list(s["customer_id"]) == ["A"]
    assert s.loc[0, "frequency"] == 1 and s.loc[0, "T"] == 4
    assert s.loc[0, "frequency_holdout"] == 1 and s.loc[0, "monetary_value_holdout"] == 20.0
    assert s.loc[0, "duration_holdout"] == 26


def _store_frame(n_customers=120, seed=3):
    """Customers as BG/NBD and Gamma-Gamma draw them (on identified parameters)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        day, rate, leave = float(rng.integers(0, 200)), rng.exponential(1 / 30), rng.beta(1, 3)
        spend = 500 + rng.exponential(3000)
        while day < 730:
            rows.append((f"K{c:03d}", 19000 + int(day), 1 + int(rng.exponential(spend))))
            if rng.random() < leave:
                break
            day += rng.exponential(1 / rate)
    return pd.DataFrame(rows, columns=["customer_id", "day", "cents"])


def test_db_clv_matches_the_columns_and_is_role_filtered(tmp_path):
    rows = _store_frame()
    frame = pd.DataFrame({"customer_id": rows["customer_id"], "timestamp": pd.to_datetime(rows["day"] * DAY, unit="s"),
                          "amount": rows["cents"] / 100})
    as_of = "2023-12-31"
    owners = {k: ("alice" if int(k[1:]) % 2 else "bob") for k in rows["customer_id"].unique()}
    with clientele.Database(tmp_path / "s.db", create=True) as db:
        db.add_user(username="alice", display_name="Alice", role="sales")
        db.add_user(username="bob", display_name="Bob", role="sales")
        db.create_customers([{"kind": "person", "given_name": k, "external_id": k, "owner": o} for k, o in owners.items()])
        db.add_interactions([{"customer_external_id": c, "kind": "purchase",
                              "occurred_at": pd.Timestamp(int(d) * DAY, unit="s", tz="UTC").isoformat(),
                              "amount_minor": int(a)} for c, d, a in zip(rows["customer_id"], rows["day"], rows["cents"])])
        result = db.clv(as_of, 90)
        s = clv.summary(frame, as_of=as_of)
        bg, gg = clv.fit_bgnbd(s), clv.fit_gamma_gamma(s)
        want = clv.predict(s, bg, gg, t=90, horizon_months=3)
        got = result.customers
        assert list(got["customer_id"]) == list(want["customer_id"])
        for col in ["frequency", "recency", "T", "monetary_value", "p_alive", "expected_purchases", "expected_value",
                    "clv"]:
            np.testing.assert_allclose(got[col], want[col], rtol=1e-9, err_msg=col)
        assert result.bgnbd.params == pytest.approx(bg.params, rel=1e-9)
        assert result.gamma_gamma.params == pytest.approx(gg.params, rel=1e-9)
        assert set(result.parameters["parameter"]) == {"r", "alpha", "a", "b", "p", "q", "v"}
    with clientele.Database(tmp_path / "s.db", user="alice") as db:
        mine = db.clv(as_of, 90, min_repeat_customers=5).customers
        assert set(mine["customer_id"]) == {k for k, o in owners.items() if o == "alice"}


def test_bad_input_is_an_error_not_nan(cdnow):
    with pytest.raises(clientele.InvalidInputError) as e:
        clv.fit_bgnbd(cdnow.head(3))
    assert e.value.field == "frequency"
    same_day = pd.DataFrame({"frequency": [1.0] * 20, "recency": [0.0] * 20, "T": [0.0] * 20})
    with pytest.raises(clientele.InvalidInputError) as e:
        clv.fit_bgnbd(same_day)
    assert e.value.field == "T"
    spend = cdnow.copy()
    spend.loc[spend["frequency"] > 0, "monetary_value"] = spend["monetary_value"] - 1e6
    with pytest.raises(clientele.InvalidInputError) as e:
        clv.fit_gamma_gamma(spend)
    assert e.value.field == "monetary_value"
    bad = cdnow.copy()
    bad.loc[0, "recency"] = 1e9
    with pytest.raises(clientele.InvalidInputError, match="row 1"):
        clv.fit_bgnbd(bad)
    with pytest.raises(clientele.InvalidInputError):
        clv.summary(_sales(), as_of="2024-01-21", period="fortnight")
