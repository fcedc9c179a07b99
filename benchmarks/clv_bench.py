#!/usr/bin/env python3
"""CLV benchmark: clientele.clv (summary + BG/NBD fit + Gamma-Gamma fit + P(alive),
expected purchases and CLV per customer) vs lifetimes 0.11.3 doing the same, on the same
generated transactions in the same run. lifetimes runs in its own venv (it needs an older
pandas/numpy/scipy: benchmarks/requirements-clv-reference.txt) through a subprocess.
Medians of --repeat runs; prints a Markdown table. Not run in CI.

    PYTHONPATH=build/python .venv/bin/python benchmarks/clv_bench.py \
        --customers 1000000 --lifetimes-customers 100000 --lifetimes-python /work/venv-clv/bin/python

Data: each customer a first purchase in the two years before as_of, then Poisson(9)
repeat purchases (10 transactions a customer on average) spread up to as_of, a quarter of
customers stopping early; amounts lognormal with 2 decimals.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

AS_OF = "2026-10-31"
AS_OF_DAY = int((np.datetime64(AS_OF) - np.datetime64("1970-01-01")).astype(int))
HORIZON_MONTHS = 12
T_DAYS = 90

LIFETIMES_SCRIPT = r"""
import json, sys, time
import numpy as np, pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
d = np.load(sys.argv[1])
df = pd.DataFrame({"customer": d["customer"], "date": d["day"].astype("datetime64[D]"), "amount": d["cents"] / 100})
times = {}
t0 = time.perf_counter()
s = summary_data_from_transaction_data(df, "customer", "date", monetary_value_col="amount",
                                       observation_period_end=sys.argv[2], freq="D")
t1 = time.perf_counter()
bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
t2 = time.perf_counter()
rep = s[s["frequency"] > 0]
gg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
t3 = time.perf_counter()
alive = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
e = bg.conditional_expected_number_of_purchases_up_to_time(int(sys.argv[3]), s["frequency"], s["recency"], s["T"])
clv = gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=int(sys.argv[4]),
                                 discount_rate=0.01, freq="D")
t4 = time.perf_counter()
print(json.dumps({"summary": t1 - t0, "bgnbd": t2 - t1, "gamma_gamma": t3 - t2, "predict": t4 - t3, "total": t4 - t0,
                  "params": {**bg.params_.to_dict(), **gg.params_.to_dict()}, "customers": len(s)}))
"""


def make_data(customers: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Customers as BG/NBD and Gamma-Gamma draw them: rates Gamma(1, 1/12 a day), drop-out
    Beta(1, 12) after each purchase, first purchases over the two years before as_of,
    per-customer mean spend Gamma-distributed; about 10 transactions a customer."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[np.ndarray]] = {"customer": [], "day": [], "cents": []}
    k = 120
    for begin in range(0, customers, 100_000):
        n = min(100_000, customers - begin)
        age = rng.integers(0, 730, n).astype(float)
        rate = rng.gamma(1.0, 1 / 12, n)
        leave = rng.beta(1, 12, n)
        spend = 500 + rng.gamma(2.0, 1500, n)
        gaps = rng.exponential(1.0, (n, k)) / rate[:, None]
        gaps[:, 0] = 0
        times = np.cumsum(gaps, axis=1)
        alive = np.cumsum(rng.random((n, k)) < leave[:, None], axis=1)
        keep = (times <= age[:, None]) & ((alive == 0) | (np.arange(k) == 0) | (np.roll(alive, 1, axis=1) == 0))
        keep[:, 0] = True
        rows, cols = np.nonzero(keep)
        out["customer"].append(begin + rows.astype(np.int64))
        out["day"].append((AS_OF_DAY - age[rows] + times[rows, cols]).astype(np.int64))
        out["cents"].append(1 + np.rint(rng.exponential(spend[rows])).astype(np.int64))
    data = {key: np.concatenate(v) for key, v in out.items()}
    order = rng.permutation(len(data["customer"]))
    return {key: v[order] for key, v in data.items()}


def run_clientele(data: dict[str, np.ndarray]) -> dict[str, float]:
    import pandas as pd

    import clientele.clv as clv

    frame = pd.DataFrame({"customer_id": data["customer"], "timestamp": data["day"].astype("datetime64[D]")
                          .astype("datetime64[s]"), "amount": data["cents"] / 100})
    t0 = time.perf_counter()
    s = clv.summary(frame, as_of=AS_OF)
    t1 = time.perf_counter()
    bg = clv.fit_bgnbd(s)
    t2 = time.perf_counter()
    gg = clv.fit_gamma_gamma(s)
    t3 = time.perf_counter()
    clv.predict(s, bg, gg, t=T_DAYS, horizon_months=HORIZON_MONTHS)
    t4 = time.perf_counter()
    return {"summary": t1 - t0, "bgnbd": t2 - t1, "gamma_gamma": t3 - t2, "predict": t4 - t3, "total": t4 - t0,
            "params": {**bg.params, **gg.params}, "customers": len(s)}


def run_lifetimes(python: str, data: dict[str, np.ndarray]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tx.npz")
        np.savez(path, **data)
        out = subprocess.run([python, "-c", LIFETIMES_SCRIPT, path, AS_OF, str(T_DAYS), str(HORIZON_MONTHS)],
                             check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def medians(runs: list[dict]) -> dict:
    out = {k: statistics.median(r[k] for r in runs) for k in ("summary", "bgnbd", "gamma_gamma", "predict", "total")}
    out["params"] = runs[0]["params"]
    out["customers"] = runs[0]["customers"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--lifetimes-customers", type=int, default=100_000)
    ap.add_argument("--lifetimes-python", default="/work/venv-clv/bin/python")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print("load before:", os.getloadavg(), file=sys.stderr)
    sizes = sorted({a.lifetimes_customers, a.customers})
    results = {}
    for n in sizes:
        data = make_data(n)
        rows = len(data["customer"])
        ours = medians([run_clientele(data) for _ in range(a.repeat)])
        theirs = None
        if n <= a.lifetimes_customers:
            theirs = medians([run_lifetimes(a.lifetimes_python, data) for _ in range(a.repeat)])
        results[n] = (rows, ours, theirs)
        print(f"{n} customers, {rows} rows: clientele {ours}", file=sys.stderr)
        if theirs:
            print(f"   lifetimes {theirs}", file=sys.stderr)
    print("load after:", os.getloadavg(), file=sys.stderr)
    print("| customers | transactions | step | clientele (s) | lifetimes (s) | ratio |")
    print("|---:|---:|---|---:|---:|---:|")
    for n, (rows, ours, theirs) in results.items():
        for step in ("summary", "bgnbd", "gamma_gamma", "predict", "total"):
            t = f"{theirs[step]:.3f}" if theirs else "not run"
            ratio = f"{theirs[step] / ours[step]:.0f}×" if theirs else ""
            print(f"| {n:,} | {rows:,} | {step} | {ours[step]:.3f} | {t} | {ratio} |")
    for n, (rows, ours, theirs) in results.items():
        if theirs:
            diffs = {k: abs(ours["params"][k] / theirs["params"][k] - 1) for k in theirs["params"]}
            print(f"\nParameters at {n:,} customers, largest relative difference from lifetimes: "
                  f"{max(diffs.values()):.1e}")


if __name__ == "__main__":
    main()
