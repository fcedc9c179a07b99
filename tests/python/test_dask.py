"""clientele.dask on a distributed LocalCluster (2 worker processes): every result equals the
single-machine one on the same rows, exactly — ties, customers whose rows start in several
partitions, refunds, rows after as_of, text and integer ids (docs/scale.md)."""
from __future__ import annotations

import os
import pathlib

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import clientele  # noqa: E402
import clientele.dask as cd  # noqa: E402

AS_OF = "2024-06-30"


@pytest.fixture(scope="module")
def client():
    # Worker processes import clientele from where this process found it (build/python).
    package_root = str(pathlib.Path(clientele.__file__).resolve().parents[1])
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = package_root + (os.pathsep + old if old else "")
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as c:
            yield c
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def _sales(seed: int = 7, customers: int = 300, rows: int = 2500, text_ids: bool = False) -> pd.DataFrame:
    """Few distinct days and amounts, so R, F and M have many ties; refunds; rows after as_of;
    some customers with only refunds."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, customers, rows)
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 30, rows) * 31, unit="D")
    amount = rng.choice([5.0, 10.0, 10.0, 25.5, 99.99, -5.0], rows)
    frame = pd.DataFrame({"customer_id": ids, "timestamp": days, "amount": amount})
    refunds_only = pd.DataFrame({"customer_id": [customers + 1, customers + 1],
                                 "timestamp": pd.to_datetime(["2023-03-01", "2023-04-01"]), "amount": [-3.0, -4.0]})
    frame = pd.concat([frame, refunds_only], ignore_index=True).sample(frac=1.0, random_state=seed)
    if text_ids:
        frame["customer_id"] = "C" + frame["customer_id"].astype(str)
    return frame.reset_index(drop=True)


def _partitions(frame: pd.DataFrame, n: int = 6):
    ddf = dd.from_pandas(frame, npartitions=n, sort=False)
    return ddf, ddf.compute()  # the same rows as the single machine sees them (Dask's dtypes)


def _straddling(ddf) -> int:
    """How many customers have rows in more than one input partition."""
    import dask

    seen = [set(p["customer_id"].tolist()) for p in dask.compute(*ddf.to_delayed())]
    everyone = set().union(*seen)
    return sum(1 for c in everyone if sum(c in s for s in seen) > 1)


@pytest.mark.parametrize("text_ids", [False, True])
def test_rfm_equals_single_machine_with_ties_and_straddling_customers(client, text_ids):
    ddf, whole = _partitions(_sales(text_ids=text_ids))
    assert _straddling(ddf) > 100
    expected = clientele.rfm(whole, AS_OF)
    got = cd.rfm(ddf, AS_OF)
    assert expected["monetary"].duplicated().sum() > 50 and expected["recency_days"].duplicated().sum() > 50
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert len(got) == whole.loc[whole["amount"] >= 0, "customer_id"].nunique()


def test_rfm_options_bins_tiers_segments(client):
    ddf, whole = _partitions(_sales(seed=11))
    rules = [("best", 3, 4, 3, 4), ("rest", 1, 4, 1, 4)]
    for kwargs in ({"bins": 4, "high_tier": 0.9, "medium_tier": 0.3}, {"bins": 10}):
        pd.testing.assert_frame_equal(cd.rfm(ddf, AS_OF, **kwargs), clientele.rfm(whole, AS_OF, **kwargs),
                                      check_exact=True)
    custom = [{"name": "top", "r": (4, 5), "f": (4, 5)}, {"name": "other", "r": (1, 5), "f": (1, 5)}]
    got = cd.rfm(ddf, AS_OF, segments=custom)
    pd.testing.assert_frame_equal(got, clientele.rfm(whole, AS_OF, segments=custom), check_exact=True)
    assert set(got["segment"].astype(str)) == {"top", "other"}
    with pytest.raises(clientele.InvalidInputError):
        cd.rfm(ddf, AS_OF, bins=4, segments=rules, high_tier=0.2, medium_tier=0.5)


def test_lifecycle_history_transitions_recurrence_cohorts(client):
    ddf, whole = _partitions(_sales(seed=3, text_ids=True))
    known = ["C1", "C5", "Z-no-purchases", "A-no-purchases"]
    pd.testing.assert_frame_equal(cd.lifecycle(ddf, AS_OF, customers=known, churned_days=200),
                                  clientele.lifecycle(whole, AS_OF, customers=known, churned_days=200),
                                  check_exact=True)
    pd.testing.assert_frame_equal(cd.stage_history(ddf, AS_OF), clientele.stage_history(whole, AS_OF),
                                  check_exact=True)
    got = cd.stage_transitions(ddf, "2023-06-30", AS_OF, customers=known)
    pd.testing.assert_frame_equal(got, clientele.stage_transitions(whole, "2023-06-30", AS_OF, customers=known))
    assert got.loc["prospect", "prospect"] >= 2
    pd.testing.assert_frame_equal(cd.new_vs_returning(ddf, "2024-01-01", AS_OF),
                                  clientele.new_vs_returning(whole, "2024-01-01", AS_OF), check_exact=True)
    for start in (None, "2023-01-01"):
        pd.testing.assert_frame_equal(cd.cohorts(ddf, AS_OF, start=start),
                                      clientele.cohorts(whole, AS_OF, start=start), check_exact=True)


def test_integer_ids_lifecycle_with_known_and_parquet_input(client, tmp_path):
    ddf, whole = _partitions(_sales(seed=5))
    known = np.array([1, 2, 10_000, 10_001])
    pd.testing.assert_frame_equal(cd.lifecycle(ddf, AS_OF, customers=known),
                                  clientele.lifecycle(whole, AS_OF, customers=known), check_exact=True)
    folder = tmp_path / "sales"
    ddf.to_parquet(folder)
    pd.testing.assert_frame_equal(cd.rfm(str(folder), AS_OF), clientele.rfm(whole, AS_OF), check_exact=True)


def test_currencies_are_checked_over_all_partitions(client):
    frame = _sales(seed=9).sort_values("customer_id").reset_index(drop=True)
    frame["currency"] = np.where(frame.index < len(frame) // 2, "EUR", "USD")
    ddf = dd.from_pandas(frame, npartitions=4, sort=False)
    with pytest.raises(clientele.InvalidInputError, match="several currencies"):
        cd.rfm(ddf, AS_OF)
    pd.testing.assert_frame_equal(cd.rfm(ddf, AS_OF, currency="usd"),
                                  clientele.rfm(ddf.compute(), AS_OF, currency="usd"), check_exact=True)


def test_refuses_what_is_not_a_dask_frame(client):
    with pytest.raises(TypeError):
        cd.rfm(pd.DataFrame({"customer_id": [1], "timestamp": ["2024-01-01"], "amount": [1.0]}), AS_OF)
    ddf, _ = _partitions(_sales())
    with pytest.raises(clientele.InvalidInputError, match="no column 'when'"):
        cd.rfm(ddf, AS_OF, timestamp="when")


def test_the_dask_extra_installs_what_clientele_dask_needs():
    # `pip install clientele[dask]`: the extra names dask[dataframe], distributed and pyarrow
    # (dd.read_parquet, the p2p shuffle), in versions the pinned test environment satisfies;
    # the runtime dependencies stay numpy and pandas.
    tomllib = pytest.importorskip("tomllib")
    requirements = pytest.importorskip("packaging.requirements")
    from importlib.metadata import version

    project = tomllib.loads((pathlib.Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    extra = [requirements.Requirement(r) for r in project["optional-dependencies"]["dask"]]
    assert {r.name for r in extra} == {"dask", "distributed", "pyarrow"}
    assert "dataframe" in next(r for r in extra if r.name == "dask").extras
    for r in extra:
        assert r.specifier.contains(version(r.name), prereleases=True), (r, version(r.name))
    assert sorted(requirements.Requirement(r).name for r in project["dependencies"]) == ["numpy", "pandas"]
