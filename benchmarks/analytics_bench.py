#!/usr/bin/env python3
"""RFM benchmark: clientele.rfm vs a plain pandas implementation vs DuckDB SQL (window
ranks), on the same generated transactions in the same run; peak extra memory of
clientele.rfm; the CLI on a CSV vs pandas read_csv + the pandas implementation; and how
the times scale with the row count. Writes a Markdown body (the tables) to --out.

    PYTHONPATH=build/python python benchmarks/analytics_bench.py --rows 10000000 \
        --scaling 1000000,10000000,50000000 --cli build/bin/clientele --out /tmp/body.md

Data: `rows` transactions over rows/10 customers (int64 ids), datetime64[ns] times over
three years before as_of (1% after it), float amounts with 2 decimals, 5% refunds.
Nothing is committed: the CSV goes to --tmp.
"""
from __future__ import annotations

import argparse
import gc
import os
import pathlib
import subprocess
import sys
import time

import numpy as np
import pandas as pd

AS_OF = "2026-10-31"
AS_OF_DAY = (pd.Timestamp(AS_OF) - pd.Timestamp("1970-01-01")).days
DAY_NS = 86400 * 10**9


def make_frame(rows: int, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    customers = max(1, rows // 10)
    end = (AS_OF_DAY + 1) * DAY_NS
    span = 3 * 365 * DAY_NS
    times = end - rng.integers(-span // 100, span, rows)  # about 1% after as_of
    cents = np.rint(rng.lognormal(8.5, 1.0, rows)).astype(np.int64)
    cents[rng.random(rows) < 0.05] *= -1
    return pd.DataFrame({
        "customer_id": rng.integers(0, customers, rows).astype(np.int64),
        "timestamp": times.astype("datetime64[ns]"),
        "amount": cents / 100.0,
    })


# ---- the baselines ------------------------------------------------------------------------

SEGMENTS = [  # (name, r_min, r_max, f_min, f_max), first match wins
    ("champions", 5, 5, 4, 5), ("loyal_customers", 3, 4, 4, 5), ("potential_loyalists", 4, 5, 2, 3),
    ("new_customers", 5, 5, 1, 1), ("promising", 4, 4, 1, 1), ("need_attention", 3, 3, 3, 3),
    ("about_to_sleep", 3, 3, 1, 2), ("cant_lose", 1, 2, 5, 5), ("at_risk", 1, 2, 3, 4), ("hibernating", 1, 2, 1, 2),
]


def pandas_rfm(df: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """The rules in plain, vectorized pandas (what an analyst would write)."""
    day = df["timestamp"].to_numpy().view(np.int64) // DAY_NS
    cents = np.rint(df["amount"].to_numpy() * 100).astype(np.int64)
    t = pd.DataFrame({"customer_id": df["customer_id"].to_numpy(), "day": day, "cents": cents})
    t = t[t["day"] <= AS_OF_DAY]
    purchase = t["cents"] >= 0
    t["purchase"] = purchase.astype(np.int64)
    t["purchase_day"] = t["day"].where(purchase)
    g = t.groupby("customer_id").agg(frequency=("purchase", "sum"), last=("purchase_day", "max"),
                                     monetary=("cents", "sum"))
    g = g[g["frequency"] > 0]
    n = len(g)
    g["recency_days"] = AS_OF_DAY - g["last"].astype(np.int64)
    rank_r = g["recency_days"].rank(method="min", ascending=False).to_numpy(np.int64)
    rank_f = g["frequency"].rank(method="min").to_numpy(np.int64)
    rank_m = g["monetary"].rank(method="min").to_numpy(np.int64)
    g["r"] = 1 + bins * (rank_r - 1) // n
    g["f"] = 1 + bins * (rank_f - 1) // n
    g["m"] = 1 + bins * (rank_m - 1) // n
    g["rfm"] = g["r"].astype(str) + g["f"].astype(str) + g["m"].astype(str)
    conditions = [(g["r"].between(a, b) & g["f"].between(c, d)) for _, a, b, c, d in SEGMENTS]
    g["segment"] = np.select(conditions, [s[0] for s in SEGMENTS], default="")
    p = (rank_m - 1) / n
    g["value_tier"] = np.where(p >= 0.8, "high", np.where(p >= 0.5, "medium", "low"))
    g["monetary"] = g["monetary"] / 100
    return g.reset_index()[["customer_id", "recency_days", "frequency", "monetary", "r", "f", "m", "rfm",
                            "segment", "value_tier"]]


def duckdb_sql(bins: int = 5) -> str:
    segment = " ".join(f"WHEN r BETWEEN {a} AND {b} AND f BETWEEN {c} AND {d} THEN '{name}'"
                       for name, a, b, c, d in SEGMENTS)
    return f"""
WITH t AS (
  SELECT customer_id, CAST(floor(epoch_ns(timestamp) / {DAY_NS}) AS BIGINT) AS day,
         CAST(round(amount * 100) AS BIGINT) AS cents FROM tx),
agg AS (
  SELECT customer_id, count(*) FILTER (WHERE cents >= 0) AS frequency,
         max(day) FILTER (WHERE cents >= 0) AS last_day, sum(cents) AS monetary
  FROM t WHERE day <= {AS_OF_DAY} GROUP BY customer_id HAVING count(*) FILTER (WHERE cents >= 0) > 0),
ranked AS (
  SELECT *, rank() OVER (ORDER BY last_day) AS rr, rank() OVER (ORDER BY frequency) AS rf,
         rank() OVER (ORDER BY monetary) AS rm, count(*) OVER () AS n FROM agg),
scored AS (
  SELECT customer_id, {AS_OF_DAY} - last_day AS recency_days, frequency, monetary / 100.0 AS monetary,
         1 + ({bins} * (rr - 1)) // n AS r, 1 + ({bins} * (rf - 1)) // n AS f, 1 + ({bins} * (rm - 1)) // n AS m,
         (rm - 1) / n AS p FROM ranked)
SELECT customer_id, recency_days, frequency, monetary, r, f, m, concat(r, f, m) AS rfm,
       CASE {segment} ELSE '' END AS segment,
       CASE WHEN p >= 0.8 THEN 'high' WHEN p >= 0.5 THEN 'medium' ELSE 'low' END AS value_tier
FROM scored ORDER BY customer_id"""


def polars_rfm(frame, bins: int = 5):
    """The rules as polars expressions (lazy, one query), from and to a polars DataFrame."""
    import polars as pl

    cents = (pl.col("amount") * 100).round().cast(pl.Int64)
    bought = pl.col("cents") >= 0
    g = (frame.lazy()
         .select("customer_id", pl.col("timestamp").dt.epoch("d").cast(pl.Int64).alias("day"), cents.alias("cents"))
         .filter(pl.col("day") <= AS_OF_DAY)
         .group_by("customer_id")
         .agg(frequency=bought.sum(), last=pl.col("day").filter(bought).max(), monetary=pl.col("cents").sum())
         .filter(pl.col("frequency") > 0))
    n = pl.len()
    score = [(1 + bins * (pl.col(c).rank("min").cast(pl.Int64) - 1) // n).alias(k)
             for c, k in (("last", "r"), ("frequency", "f"), ("monetary", "m"))]
    segment = pl.lit("")
    for name, a, b, c, d in reversed(SEGMENTS):
        segment = pl.when(pl.col("r").is_between(a, b) & pl.col("f").is_between(c, d)).then(pl.lit(name)).otherwise(segment)
    p = (pl.col("monetary").rank("min").cast(pl.Int64) - 1) / n
    return (g.with_columns(*score, p.alias("p"), (AS_OF_DAY - pl.col("last")).alias("recency_days"))
            .with_columns(pl.concat_str("r", "f", "m").alias("rfm"), segment.alias("segment"),
                          pl.when(pl.col("p") >= 0.8).then(pl.lit("high")).when(pl.col("p") >= 0.5)
                          .then(pl.lit("medium")).otherwise(pl.lit("low")).alias("value_tier"),
                          pl.col("monetary") / 100)
            .select("customer_id", "recency_days", "frequency", "monetary", "r", "f", "m", "rfm", "segment",
                    "value_tier")
            .sort("customer_id")
            .collect())


def floor_pass(df: pd.DataFrame, floor: str, tmp: str, repeat: int) -> float:
    """Median seconds of clientele_bench_rfm_floor (benchmarks/rfm_floor.cpp) over the same
    rows: one streaming pass updating each customer's count, spend and last day."""
    base = pathlib.Path(tmp) / f"clientele-bench-floor-{os.getpid()}"
    cols = {"ids": df["customer_id"].to_numpy(np.int64),
            "days": df["timestamp"].to_numpy().view(np.int64) // DAY_NS,
            "cents": np.rint(df["amount"].to_numpy() * 100).astype(np.int64)}
    paths = []
    for name, col in cols.items():
        path = base.with_suffix("." + name)
        np.ascontiguousarray(col).tofile(path)
        paths.append(str(path))
    try:
        out = subprocess.run([floor, *paths, str(len(df)), str(int(cols["ids"].max()) + 1), str(AS_OF_DAY),
                              str(repeat)], check=True, capture_output=True, text=True).stdout.split()
    finally:
        for path in paths:
            pathlib.Path(path).unlink(missing_ok=True)
    return float(out[0])


def polars_from_csv(path: pathlib.Path):
    import polars as pl

    return polars_rfm(pl.read_csv(path, try_parse_dates=True))


def duckdb_from_csv(path: pathlib.Path):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    con.execute(f"CREATE VIEW tx AS SELECT * FROM read_csv('{path}')")
    out = con.execute(duckdb_sql()).df()
    con.close()
    return out


# ---- cohorts: the baselines ---------------------------------------------------------------

END_NS = (AS_OF_DAY + 1) * DAY_NS  # rows at or after this instant are after as_of


def pandas_cohorts(df: pd.DataFrame) -> pd.DataFrame:
    """Cohorts in idiomatic pandas: one groupby to (customer, month) cells, the first
    purchase month per customer, then a groupby to (cohort, period)."""
    t = df[df["timestamp"].to_numpy().view(np.int64) < END_NS]
    month = t["timestamp"].to_numpy().astype("datetime64[M]").astype(np.int64)
    cells = pd.DataFrame({"customer_id": t["customer_id"].to_numpy(), "month": month,
                          "cents": np.rint(t["amount"].to_numpy() * 100).astype(np.int64),
                          "bought": t["amount"].to_numpy() >= 0})
    cells = cells.groupby(["customer_id", "month"], sort=False).agg(cents=("cents", "sum"), bought=("bought", "any"))
    cells = cells.reset_index()
    first = cells.loc[cells["bought"]].groupby("customer_id")["month"].min()
    cells["cohort"] = cells["customer_id"].map(first)
    cells = cells[cells["cohort"].notna()]
    cells["cohort"] = cells["cohort"].astype(np.int64)
    cells = cells[cells["month"] >= cells["cohort"]]
    cells["period"] = cells["month"] - cells["cohort"]
    out = cells.groupby(["cohort", "period"]).agg(customers=("bought", "sum"), revenue=("cents", "sum")).reset_index()
    sizes = first.value_counts().rename("cohort_customers")
    out = out.join(sizes, on="cohort")
    out["retention"] = out["customers"] / out["cohort_customers"]
    return out


def polars_cohorts(frame):
    """Cohorts as polars expressions (lazy): cells by (customer, month), the first purchase
    month by a window over the customer, then (cohort, period)."""
    import polars as pl

    ts = pl.col("timestamp")
    month = (ts.dt.year().cast(pl.Int64) - 1970) * 12 + ts.dt.month().cast(pl.Int64) - 1
    cells = (frame.lazy()
             .filter(ts.dt.epoch("ns") < END_NS)
             .group_by("customer_id", month.alias("month"))
             .agg(cents=(pl.col("amount") * 100).round().cast(pl.Int64).sum(), bought=(pl.col("amount") >= 0).any())
             .with_columns(cohort=pl.col("month").filter(pl.col("bought")).min().over("customer_id"))
             .filter(pl.col("cohort").is_not_null() & (pl.col("month") >= pl.col("cohort"))))
    grid = (cells.group_by("cohort", (pl.col("month") - pl.col("cohort")).alias("period"))
            .agg(customers=pl.col("bought").sum().cast(pl.Int64), revenue=pl.col("cents").sum())
            .with_columns(cohort_customers=pl.col("customers").filter(pl.col("period") == 0).max().over("cohort")))
    return (grid.with_columns(retention=pl.col("customers") / pl.col("cohort_customers"))
            .sort("cohort", "period").collect())


def duckdb_cohorts_sql() -> str:
    return f"""
WITH t AS (
  SELECT customer_id, (year(timestamp) - 1970) * 12 + month(timestamp) - 1 AS month,
         CAST(round(amount * 100) AS BIGINT) AS cents
  FROM tx WHERE timestamp < TIMESTAMP '{(pd.Timestamp(AS_OF) + pd.Timedelta(days=1)).date()}'),
cells AS (
  SELECT customer_id, month, sum(cents) AS cents, bool_or(cents >= 0) AS bought FROM t GROUP BY customer_id, month),
c AS (
  SELECT *, min(month) FILTER (WHERE bought) OVER (PARTITION BY customer_id) AS cohort FROM cells),
grid AS (
  SELECT cohort, month - cohort AS period, count(*) FILTER (WHERE bought) AS customers, sum(cents) AS revenue
  FROM c WHERE cohort IS NOT NULL AND month >= cohort GROUP BY cohort, period)
SELECT cohort, period, max(customers) FILTER (WHERE period = 0) OVER (PARTITION BY cohort) AS cohort_customers,
       customers, revenue, customers / cohort_customers AS retention
FROM grid ORDER BY cohort, period"""


def run_clientele_cohorts(df):
    import clientele

    return clientele.cohorts(df, as_of=AS_OF)


def same_cohorts(clt: pd.DataFrame, other: pd.DataFrame) -> bool:
    """The cells both have: clientele writes every (cohort, period) up to as_of, the
    baselines only those with a row."""
    months = clt["cohort"].dt.tz_localize(None).to_numpy().astype("datetime64[M]").astype(np.int64)
    left = pd.DataFrame({"cohort": months, "period": clt["period"].to_numpy(),
                         "customers": clt["customers"].to_numpy(),
                         "cents": np.rint(clt["revenue"].to_numpy() * 100).astype(np.int64),
                         "cohort_customers": clt["cohort_customers"].to_numpy()})
    right = other[["cohort", "period", "customers", "revenue", "cohort_customers"]].astype(np.int64)
    right = right.rename(columns={"revenue": "cents"})
    merged = left.merge(right, on=["cohort", "period"], how="outer", suffixes=("", "_b"), indicator=True)
    only_left = merged[merged["_merge"] == "left_only"]
    both = merged[merged["_merge"] == "both"]
    return bool((merged["_merge"] != "right_only").all() and
                ((only_left["customers"] == 0) & (only_left["cents"] == 0)).all() and
                (both["customers"] == both["customers_b"]).all() and (both["cents"] == both["cents_b"]).all() and
                (both["cohort_customers"] == both["cohort_customers_b"]).all())


def median_of(repeat: int, fn):
    """Median wall time of `repeat` runs (CPU time of the median run to CPU["s"]) and the result."""
    runs, result = [], None
    for _ in range(repeat):
        gc.collect()
        cpu0, start = cpu_now(), time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - start, cpu_now() - cpu0))
    runs.sort()
    wall, CPU["s"] = runs[len(runs) // 2]
    return wall, result


def cohorts_section(df: pd.DataFrame, repeat: int, say) -> None:
    import duckdb

    load = os.getloadavg()
    t_clt, res_clt = median_of(repeat, lambda: run_clientele_cohorts(df))
    c_clt = CPU["s"]
    t_duck, res_duck = median_of(repeat, lambda: run_duckdb(df, duckdb_cohorts_sql()))
    c_duck = CPU["s"]
    t_pd, res_pd = median_of(repeat, lambda: pandas_cohorts(df))
    c_pd = CPU["s"]
    import polars as pl

    frame_pl = pl.from_pandas(df)
    t_pl, res_pl = median_of(repeat, lambda: polars_cohorts(frame_pl))
    c_pl = CPU["s"]
    del frame_pl
    agree = same_cohorts(res_clt, res_pd) and same_cohorts(res_clt, res_duck) and \
        same_cohorts(res_clt, res_pl.to_pandas())
    say(f"### Cohorts of {len(df):,} transactions in memory ({int(res_clt.loc[res_clt['period'] == 0, 'cohort_customers'].sum()):,} "
        f"customers in {res_clt['cohort'].nunique()} monthly cohorts)\n")
    say(f"From a pandas DataFrame (int64 ids, datetime64[ns], float amounts) to a pandas DataFrame of cohort, "
        f"period, cohort_customers, customers, revenue, retention. Median of {repeat} runs each; load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) on {os.cpu_count()} cores when the section "
        f"started. DuckDB {duckdb.__version__} (`threads = {os.cpu_count()}`, the DataFrame registered without a "
        f"copy, `.df()`), pandas {pd.__version__} (one groupby to (customer, month) cells, then to (cohort, "
        f"period): `pandas_cohorts`), polars {pl.__version__} expressions in one lazy query from a polars "
        f"DataFrame (`polars_cohorts`). All four gave the same cells: **{'yes' if agree else 'NO'}**.\n")
    say("| implementation | wall (s) | clientele is faster by (wall) | CPU (s) | by CPU | target (wall) |")
    say("|---|---:|---:|---:|---:|---|")
    say(f"| `clientele.cohorts(df, as_of=...)` | {fmt(t_clt)} | | {fmt(c_clt)} | | |")
    say(f"| pandas groupby (`pandas_cohorts`) | {fmt(t_pd)} | **{t_pd / t_clt:.1f}×** | {fmt(c_pd)} | "
        f"{c_pd / c_clt:.1f}× | ≥ 10× {'met' if t_pd / t_clt >= 10 else 'NOT met'} |")
    say(f"| DuckDB SQL: GROUP BY (customer, month) + window min (`duckdb_cohorts_sql`) | {fmt(t_duck)} | "
        f"**{t_duck / t_clt:.2f}×** | {fmt(c_duck)} | {c_duck / c_clt:.1f}× | > 1× {'met' if t_duck > t_clt else 'NOT met'} |")
    say(f"| polars expressions (`polars_cohorts`) | {fmt(t_pl)} | **{t_pl / t_clt:.2f}×** | {fmt(c_pl)} | "
        f"{c_pl / c_clt:.1f}× | > 1× {'met' if t_pl > t_clt else 'NOT met'} |")
    say("")


def polars_section(df: pd.DataFrame, repeat: int, say) -> None:
    """pandas in / pandas out against polars in / polars out for the same calls on the same
    data, alternating which goes first: what the polars path adds (target < 10%)."""
    import polars as pl

    load = os.getloadavg()
    frame = pl.from_pandas(df)
    calls = [("rfm", run_clientele), ("cohorts", run_clientele_cohorts)]
    say(f"### polars in / polars out against pandas in / pandas out ({len(df):,} transactions)\n")
    say(f"The same generated data as a pandas DataFrame and as a polars {pl.__version__} DataFrame "
        f"(`pl.from_pandas`, made before timing); each call {repeat} times per library, alternating which "
        f"goes first; medians. Load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) "
        f"on {os.cpu_count()} cores when the section started.\n")
    say("| call | pandas (s) | polars (s) | polars adds | target |")
    say("|---|---:|---:|---:|---|")
    for name, call in calls:
        runs: dict[str, list[float]] = {"pandas": [], "polars": []}
        for k in range(repeat):
            order = [("pandas", df), ("polars", frame)]
            for kind, data in order if k % 2 == 0 else order[::-1]:
                gc.collect()
                start = time.perf_counter()
                result = call(data)
                runs[kind].append(time.perf_counter() - start)
                if kind == "polars" and not isinstance(result, pl.DataFrame):
                    raise SystemExit(f"{name}: polars in did not give polars out")
        t_pd, t_pl = (sorted(runs[k])[len(runs[k]) // 2] for k in ("pandas", "polars"))
        added = t_pl / t_pd - 1
        say(f"| `clientele.{name}` | {t_pd:.3f} | {t_pl:.3f} | {added * 100:+.1f}% | < 10% "
            f"{'met' if added < 0.10 else 'NOT met'} |")
    say("")


# ---- measuring ----------------------------------------------------------------------------

CPU = {"s": 0.0}  # CPU seconds (user + system, all threads, child processes too) of the best run


def cpu_now() -> float:
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_clientele(df):
    import clientele

    return clientele.rfm(df, as_of=AS_OF)


def run_duckdb(df, sql: str | None = None):
    """`sql` (RFM by default) over the DataFrame registered as `tx` without a copy."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    con.register("tx", df)
    out = con.execute(sql or duckdb_sql()).df()
    con.close()
    return out


def same_scores(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    cols = ["customer_id", "recency_days", "frequency", "r", "f", "m"]
    left = a[cols].astype(np.int64).reset_index(drop=True)
    right = b[cols].astype(np.int64).reset_index(drop=True)
    return left.equals(right) and np.allclose(a["monetary"].to_numpy(), b["monetary"].to_numpy()) and \
        list(a["segment"].astype(str)) == list(b["segment"].astype(str)) and \
        list(a["value_tier"].astype(str)) == list(b["value_tier"].astype(str))


def status_kib(key: str) -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def memory_child(rows: int) -> None:
    """In a fresh process: peak RSS added by one clientele.rfm call, in bytes."""
    df = make_frame(rows)
    input_bytes = sum(df[c].to_numpy().nbytes for c in df)
    import clientele  # noqa: F401  (load the module before the baseline)

    gc.collect()
    import ctypes

    ctypes.CDLL("libc.so.6").malloc_trim(0)  # hand freed heap back, so new use shows in RSS
    base = status_kib("VmRSS")
    pathlib.Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
    result = run_clientele(df)
    peak = status_kib("VmHWM")
    del result
    print(input_bytes, (peak - base) * 1024)


def memory(rows: int) -> tuple[int, int]:
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(rows)], capture_output=True, text=True,
                         check=True, env=os.environ).stdout.split()
    return int(out[0]), int(out[1])


def write_csv(df: pd.DataFrame, path: pathlib.Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Floats are written in their shortest form ("123.45", "5.1", "100"): decimal text.
    table = pa.table({
        "customer_id": pa.array(df["customer_id"].to_numpy()),
        "timestamp": pa.array(df["timestamp"].to_numpy().astype("datetime64[s]")).cast(pa.timestamp("s", tz="UTC")),
        "amount": pa.array(df["amount"].to_numpy()),
    })
    pacsv.write_csv(table, path)


def pandas_from_csv(path: pathlib.Path) -> pd.DataFrame:
    df = pd.read_csv(path, engine="pyarrow")
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601").dt.tz_localize(None)
    return pandas_rfm(df)


def fmt(seconds: float) -> str:
    return f"{seconds:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--scaling", default="1000000,10000000,50000000")
    ap.add_argument("--pandas-max", type=int, default=10_000_000, help="largest size the pandas baseline runs at")
    ap.add_argument("--cli", default="")
    ap.add_argument("--tmp", default=os.environ.get("TMPDIR", "/tmp"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per implementation (the median is reported)")
    ap.add_argument("--floor", default="", help="clientele_bench_rfm_floor, for the streaming-pass floor")
    ap.add_argument("--out", default="-")
    ap.add_argument("--memory-child", type=int, default=0)
    ap.add_argument("--cohort-repeat", type=int, default=3, help="runs per implementation for cohorts (median)")
    ap.add_argument("--skip-cohorts", action="store_true")
    ap.add_argument("--only-cohorts", action="store_true", help="run the cohorts comparison alone")
    ap.add_argument("--only-polars", action="store_true", help="run the polars vs pandas in/out comparison alone")
    ap.add_argument("--polars-repeat", type=int, default=5, help="runs per library for --only-polars (median)")
    args = ap.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    lines: list[str] = []
    say = lines.append
    cores = os.cpu_count()
    say(f"Load average when the run started: {os.getloadavg()[0]:.1f} on {cores} cores (other work on the "
        f"machine slows wall times; CPU time is user + system of every thread, child processes included).\n")

    # ---- main comparison
    df = make_frame(args.rows)
    if args.only_cohorts:
        cohorts_section(df, args.cohort_repeat, say)
        write_out(lines, args.out)
        return
    if args.only_polars:
        polars_section(df, args.polars_repeat, say)
        write_out(lines, args.out)
        return
    import duckdb
    import polars as pl

    frame_pl = pl.from_pandas(df)
    t_clt, res_clt = median_of(args.repeat, lambda: run_clientele(df))
    c_clt = CPU["s"]
    t_duck, res_duck = median_of(args.repeat, lambda: run_duckdb(df))
    c_duck = CPU["s"]
    t_pl, res_pl = median_of(args.repeat, lambda: polars_rfm(frame_pl))
    c_pl = CPU["s"]
    t_pd, res_pd = median_of(args.repeat, lambda: pandas_rfm(df))
    c_pd = CPU["s"]
    agree = same_scores(res_clt, res_pd) and same_scores(res_clt, res_duck) and same_scores(res_clt, res_pl.to_pandas())
    t_floor = floor_pass(df, args.floor, args.tmp, args.repeat) if args.floor else None
    in_bytes, extra = memory(args.rows)
    n_customers = len(res_clt)
    del res_clt, res_duck, res_pd, res_pl, frame_pl

    say(f"### RFM of {args.rows:,} transactions in memory ({n_customers:,} scored customers)\n")
    say(f"From each library's own in-memory frame (int64 ids, datetime64[ns], float amounts) to a frame of "
        f"customer_id, recency_days, frequency, monetary, r, f, m, rfm, segment, value_tier. Median of "
        f"{args.repeat} runs each: clientele from a pandas DataFrame; DuckDB {duckdb.__version__} SQL "
        f"(`threads = {cores}`, the pandas DataFrame registered without a copy, result fetched with `.df()`); "
        f"polars {pl.__version__} expressions in one lazy query from a polars DataFrame to a polars DataFrame; "
        f"pandas {pd.__version__} groupby + `rank(method=\"min\")`. All four gave the same scores: "
        f"**{'yes' if agree else 'NO'}**.\n")
    say("| implementation | wall (s) | clientele is faster by (wall) | CPU (s) | by CPU | target (wall) |")
    say("|---|---:|---:|---:|---:|---|")
    say(f"| `clientele.rfm(df, as_of=...)` | {fmt(t_clt)} | | {fmt(c_clt)} | | |")
    for name, t, c in (("polars expressions (`polars_rfm` in the script)", t_pl, c_pl),
                       ("DuckDB SQL: GROUP BY + rank() OVER windows (`duckdb_sql`)", t_duck, c_duck),
                       ("pandas: groupby + rank(method='min') (`pandas_rfm`)", t_pd, c_pd)):
        say(f"| {name} | {fmt(t)} | **{t / t_clt:.2f}×** | {fmt(c)} | {c / c_clt:.1f}× | "
            f"> 1× {'met' if t > t_clt else 'NOT met'} |")
    if t_floor is not None:
        say(f"| floor: one streaming pass updating count, spend, last day per customer (`rfm_floor.cpp`, C++) | "
            f"{t_floor:.3f} | clientele / floor = **{t_clt / t_floor:.2f}×** | | | within 2× "
            f"{'met' if t_clt <= 2 * t_floor else 'NOT met'} |")
    say("")
    say(f"Peak extra memory of one `clientele.rfm` call (VmHWM after resetting it, minus VmRSS before, in "
        f"a fresh process): {extra / 2**20:,.0f} MiB for input columns of {in_bytes / 2**20:,.0f} MiB = "
        f"**{extra / in_bytes:.2f}×** the input (target < 2×: {'met' if extra < 2 * in_bytes else 'NOT met'}). "
        f"It includes the float amounts converted to int64 cents (one column) and the result.\n")

    if not args.skip_cohorts:
        cohorts_section(df, args.cohort_repeat, say)
    # ---- CLI
    if args.cli:
        csv = pathlib.Path(args.tmp) / f"clientele-bench-tx-{args.rows}.csv"
        write_csv(df, csv)
        size = csv.stat().st_size
        out_csv = pathlib.Path(args.tmp) / "clientele-bench-rfm.csv"
        t_cli, _ = median_of(args.repeat, lambda: subprocess.run(
            [args.cli, "rfm", str(csv), "--as-of", AS_OF, "--out", str(out_csv)], check=True))
        c_cli = CPU["s"]
        rows_csv = []
        for name, fn in (("polars `read_csv(try_parse_dates=True)` + `polars_rfm`", polars_from_csv),
                         ("DuckDB `read_csv` + `duckdb_sql`", duckdb_from_csv),
                         ("pandas `read_csv(engine=\"pyarrow\")` + `to_datetime(format=\"ISO8601\")` + `pandas_rfm`",
                          pandas_from_csv)):
            t, _ = median_of(args.repeat, lambda: fn(csv))
            rows_csv.append((name, t, CPU["s"]))
        say(f"### CLI on a {args.rows:,}-row CSV ({size / 2**20:,.0f} MiB)\n")
        say("`customer_id,timestamp,amount` with ISO 8601 times (`2025-03-01 10:00:00Z`) and decimal amounts; "
            f"median of {args.repeat} runs each. The CLI writes its result to a CSV file; the peers keep theirs "
            "in memory.\n")
        say("| path | wall (s) | CLI is faster by (wall) | CPU (s) | by CPU | target (wall) |")
        say("|---|---:|---:|---:|---:|---|")
        say(f"| `clientele rfm FILE.csv --as-of ... --out OUT.csv` | {fmt(t_cli)} | | {fmt(c_cli)} | | |")
        for name, t, c in rows_csv:
            say(f"| {name} | {fmt(t)} | **{t / t_cli:.2f}×** | {fmt(c)} | {c / c_cli:.1f}× | "
                f"> 1× {'met' if t > t_cli else 'NOT met'} |")
        say("")
        csv.unlink()
        out_csv.unlink(missing_ok=True)
    del df
    gc.collect()

    # ---- scaling
    sizes = [int(s) for s in args.scaling.split(",") if s]
    if sizes:
        say("### Scaling (rows; customers = rows / 10)\n")
        say(f"Median of {args.repeat} runs each (one run at more than 10,000,000 rows).\n")
        say("| rows | clientele (s) | rows/s | polars (s) | polars / clientele | DuckDB (s) | DuckDB / clientele | "
            "pandas (s) | pandas / clientele |")
        say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        import polars as pl

        for rows in sizes:
            frame = make_frame(rows)
            reps = args.repeat if rows <= 10_000_000 else 1
            tc, _ = median_of(reps, lambda: run_clientele(frame))
            frame_pl = pl.from_pandas(frame)
            tl, _ = median_of(reps, lambda: polars_rfm(frame_pl))
            del frame_pl
            td, _ = median_of(reps, lambda: run_duckdb(frame))
            if rows <= args.pandas_max:
                tp, _ = median_of(reps, lambda: pandas_rfm(frame))
                pcol = f"{fmt(tp)} | {tp / tc:.1f}×"
            else:
                pcol = "— | —"
            say(f"| {rows:,} | {fmt(tc)} | {rows / tc / 1e6:.0f} M | {fmt(tl)} | {tl / tc:.2f}× | {fmt(td)} | "
                f"{td / tc:.2f}× | {pcol} |")
            del frame
            gc.collect()
        say("")

    write_out(lines, args.out)


def write_out(lines: list[str], out: str) -> None:
    text = "\n".join(lines) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        pathlib.Path(out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
