"""RFM over N transactions in Parquet with clientele.dask on a LocalCluster of 1 and 2
workers: wall time and peak memory per worker (docs/benchmarks.md, "Dask"). Not in CI.

    # the data (never committed): N rows in files of --rows-per-file, ~N/20 customers
    .venv/bin/python benchmarks/dask_bench.py generate --rows 10000000 --out /tmp/clt-dask
    # the runs: each worker count on a fresh cluster, medians of --repeat
    PYTHONPATH=build/python .venv/bin/python benchmarks/dask_bench.py run --data /tmp/clt-dask --workers 1 2

Peak memory is each worker process's peak resident set (ru_maxrss) at the end of the run,
so it covers reading, the shuffle and the core's work; a fresh cluster per run. With
--check the result is compared with clientele.rfm over the whole data in memory (only for
data that fits); --single times clientele.rfm over the same files in one process.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

AS_OF = "2024-12-31"


def generate(rows: int, out: pathlib.Path, rows_per_file: int, seed: int) -> None:
    """Order lines of ~rows/20 customers over two years: integer ids, second timestamps,
    amounts in cents as floats with two decimals, 3% refunds. Files are independent
    (each its own seed), so customers straddle every file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    customers = max(rows // 20, 1)
    start = int(pd.Timestamp("2023-01-01").timestamp())
    for i, first in enumerate(range(0, rows, rows_per_file)):
        n = min(rows_per_file, rows - first)
        rng = np.random.default_rng(seed + i)
        cents = rng.integers(100, 50_000, n)
        cents[rng.random(n) < 0.03] *= -1
        table = pa.table({
            "customer_id": rng.integers(1, customers + 1, n, dtype=np.int64),
            "timestamp": pa.array(rng.integers(start, start + 2 * 365 * 86400, n), pa.timestamp("s")),
            "amount": cents / 100.0,
        })
        pq.write_table(table, out / f"part-{i:04d}.parquet", row_group_size=1_000_000)
    print(f"{rows:,} rows, {customers:,} customers in {out} "
          f"({sum(f.stat().st_size for f in out.glob('*.parquet')) / 2**20:.0f} MiB)")


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_once(data: pathlib.Path, workers: int, memory_limit: str, shuffle: str | None) -> tuple[float, list[float], int]:
    import dask
    import distributed

    import clientele.dask as cd

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=memory_limit, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        client.wait_for_workers(workers)
        # Dask's own setting: p2p (its default on a cluster) or tasks.
        with dask.config.set({"dataframe.shuffle.method": shuffle} if shuffle else {}):
            t0 = time.perf_counter()
            result = cd.rfm(str(data), AS_OF)
            seconds = time.perf_counter() - t0
        peaks = sorted(client.run(_peak_rss_mib).values())
    return seconds, peaks, len(result)


def single_machine(data: pathlib.Path) -> None:
    """clientele.rfm over the same files in this process (a pyarrow Dataset, every row in
    memory): the reference the cluster is compared with."""
    import pyarrow.dataset as ds

    import clientele

    t0 = time.perf_counter()
    customers = clientele.rfm(ds.dataset(str(data)), AS_OF).num_rows
    print(f"single machine (clientele.rfm over a Dataset): {time.perf_counter() - t0:.1f} s, "
          f"peak RSS {_peak_rss_mib():.0f} MiB, {customers:,} customers", flush=True)


def run(data: pathlib.Path, worker_counts: list[int], repeat: int, memory_limit: str, check: bool,
        shuffle: str | None) -> None:
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    rows = sum(__import__("pyarrow.parquet").parquet.read_metadata(f).num_rows for f in data.glob("*.parquet"))
    print(f"{rows:,} rows in {len(list(data.glob('*.parquet')))} files, shuffle {shuffle or 'Dask default'}; "
          f"before: {load}")
    medians = {}
    for workers in worker_counts:
        times, peaks = [], []
        for _ in range(repeat):
            seconds, peak, customers = run_once(data, workers, memory_limit, shuffle)
            times.append(seconds)
            peaks.append(max(peak))
            print(f"  {workers} worker(s): {seconds:.1f} s, peak RSS per worker {', '.join(f'{p:.0f}' for p in peak)} "
                  f"MiB, {customers:,} customers", flush=True)
        medians[workers] = statistics.median(times)
        print(f"{workers} worker(s): median {medians[workers]:.1f} s of {repeat}, "
              f"peak RSS per worker (max over runs) {max(peaks):.0f} MiB")
    if 1 in medians and 2 in medians:
        print(f"scaling 1 -> 2 workers: {medians[1] / medians[2]:.2f}x")
    print("after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if check:
        import dask
        import dask.dataframe as dd

        import clientele
        import clientele.dask as cd

        with dask.config.set(scheduler="synchronous"):
            got = cd.rfm(str(data), AS_OF)
        pd.testing.assert_frame_equal(got, clientele.rfm(dd.read_parquet(str(data)).compute(), AS_OF),
                                      check_exact=True)
        print("check: equal to clientele.rfm over the whole data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--rows", type=int, default=10_000_000)
    g.add_argument("--rows-per-file", type=int, default=5_000_000)
    g.add_argument("--out", type=pathlib.Path, required=True)
    g.add_argument("--seed", type=int, default=18)
    r = sub.add_parser("run")
    r.add_argument("--data", type=pathlib.Path, required=True)
    r.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    r.add_argument("--repeat", type=int, default=3)
    r.add_argument("--memory-limit", default="6GiB", help="per worker (Dask spills to disk above it)")
    r.add_argument("--check", action="store_true")
    r.add_argument("--shuffle", choices=["p2p", "tasks"], help="Dask's shuffle method (default: Dask's, p2p)")
    r.add_argument("--single", action="store_true", help="only clientele.rfm in this process, for reference")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.rows, args.out, args.rows_per_file, args.seed)
    else:
        os.environ.setdefault("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
        if args.single:
            single_machine(args.data)
        else:
            run(args.data, args.workers, args.repeat, args.memory_limit, args.check, args.shuffle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
