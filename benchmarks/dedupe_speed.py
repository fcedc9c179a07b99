#!/usr/bin/env python3
"""Deduplication speed: `clientele dedupe FILE.csv` end to end (read, normalize, block,
compare, train, cluster, write) at 10k, 100k and 1M records of the multilingual
generator, with peak memory (max RSS) and the phase times the library reports under
CLIENTELE_DEDUPE_TRACE. Baseline in the same run: the email/phone join
(dedupe_eval.contact_join_baseline, Python + clientele's normalizers) on the same file.
Targets: 1M records under 2 minutes and 4 GB on 2 cores.

    python benchmarks/dedupe_speed.py [--sizes 10000,100000,1000000] [--write docs/benchmarks.md]

Inputs are generated once into --data-dir (default $TMPDIR/clientele-dedupe-speed).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "build", "python"))
import dedupe_eval as ev  # noqa: E402


def dataset(data_dir: str, n: int) -> str:
    out = os.path.join(data_dir, str(n))
    path = os.path.join(out, "customers.csv")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate_dedupe_set.py"), "--records",
                        str(n), "--seed", str(n), "--out", out], check=True)
    return path


def run_cli(cli: str, path: str, threads: int):
    out = path + ".clusters.csv"
    env = dict(os.environ, CLIENTELE_DEDUPE_TRACE="1")
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", cli, "dedupe", path, "--out", out, "--threads", str(threads)],
                       capture_output=True, text=True, env=env, check=True)
    secs = time.perf_counter() - t0
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    phases = dict((m.group(1), float(m.group(2))) for m in re.finditer(r"dedupe (\w+) ([\d.]+) s", p.stderr))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", p.stderr).group(1))
    return secs, rss_kb / 1024 / 1024, phases, user


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "bin", "clientele"))
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default=os.path.join(tempfile.gettempdir(), "clientele-dedupe-speed"))
    ap.add_argument("--write")
    args = ap.parse_args()
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        path = dataset(args.data_dir, n)
        secs, gib, phases, user = run_cli(args.cli, path, args.threads)
        t0 = time.perf_counter()
        ev.contact_join_baseline(path)
        base = time.perf_counter() - t0
        ph = ", ".join(f"{k} {v:.1f}" for k, v in phases.items())
        line = (f"| {n:,} | {secs:.1f} | {user:.1f} | {gib:.2f} | {base:.1f} | {secs / base:.2f} | {ph} |")
        rows.append(line)
        print(line, flush=True)
    table = ("| records | clientele dedupe (s, wall) | CPU user (s) | peak memory (GiB) | email/phone join (s) "
             "| ratio | phases (s) |\n|---:|---:|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n")
    if args.write:
        ev.write_section(args.write, "dedupe-speed",
                         f"## Deduplication speed\n\nProduced by `benchmarks/dedupe_speed.py` ({args.threads} "
                         "threads, the generator's multilingual records). Wall time of the CLI end to end (CSV "
                         "in, clusters out) against the email/phone join in Python on the same file in the same "
                         "run.\n\n" + table, "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
