#!/usr/bin/env python3
"""Deduplication quality: clientele vs splink vs the email/phone join, on every set.

Sets: the four FEBRL sets (CRM fields only, see dedupe_eval.febrl_to_customers) and
three multilingual sets from scripts/generate_dedupe_set.py (fixed seeds): the default
mix of hard negatives, the same with names in one `name` column only, and one with fewer
hard negatives. Pairwise precision, recall and F1; wall time of the whole run (clientele:
the CLI process end to end; splink: preparation, training, prediction and clustering, run
with the interpreter of .venv-bench, pinned by requirements-bench.txt). Thresholds were
fixed before looking at labels: clientele's default 0.9, splink's clusters at 0.9 too.
With --seeds, each multilingual set is also generated from each of those seeds and the
median precision, recall and F1 of clientele and of the email/phone join are reported (one
seed can flatter or wrong a method by a few hundred pairs).

    python benchmarks/dedupe_quality.py --cli build/bin/clientele [--seeds 1,2,3,13] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "build", "python"))
import dedupe_eval as ev  # noqa: E402

# name: (seed of the main table, further arguments of scripts/generate_dedupe_set.py)
MULTILINGUAL = {
    "multilingual (hard negatives)": (7, []),
    "multilingual (name column only)": (11, ["--name-only"]),
    "multilingual (few hard negatives)": (5, ["--household-rate", "0.01", "--namesake-rate", "0.02"]),
}


def generate(workdir: str, name: str, seed: int):
    """Writes one multilingual set; returns the paths of its customers and truth."""
    out = os.path.join(workdir, name.split()[1].strip("(") + f"_{seed}")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate_dedupe_set.py"), "--out", out,
                    "--seed", str(seed), *MULTILINGUAL[name][1]], check=True)
    return os.path.join(out, "customers.csv"), os.path.join(out, "truth.csv")


def sets(workdir: str):
    for name, files in ev.FEBRL_SETS.items():
        c, t = os.path.join(workdir, f"{name}.csv"), os.path.join(workdir, f"{name}_truth.csv")
        n = ev.febrl_to_customers(files, c, t)
        yield name, c, t, n
    for name, (seed, _) in MULTILINGUAL.items():
        yield name, *generate(workdir, name, seed), 10000


SPLINK_VERSION = next(line.split("==")[1].strip() for line in open(os.path.join(ROOT, "requirements-bench.txt"))
                      if line.startswith("splink=="))


def run_splink(python: str, csv_path: str, work: str):
    """splink on one set in its own venv (benchmarks/dedupe_splink.py): ({id: cluster}, seconds
    of its preparation, training, prediction and clustering)."""
    out = os.path.join(work, "splink.csv")
    r = subprocess.run([python, os.path.join(HERE, "dedupe_splink.py"), csv_path, out], check=True,
                       capture_output=True, text=True)
    return ev.read_clusters(out), float(r.stdout.strip().splitlines()[-1])


def fmt(q):
    return f"{q['precision']:.3f} | {q['recall']:.3f} | {q['f1']:.3f}"


def seed_medians(cli: str, workdir: str, seeds: list[int]) -> str:
    """A table of median quality over `seeds` per multilingual set, F1 of each seed beside."""
    rows = []
    for name in MULTILINGUAL:
        runs = {"clientele": [], "email/phone join": []}
        for seed in seeds:
            csv_path, truth_path = generate(workdir, name, seed)
            truth = ev.read_clusters(truth_path, "id", "entity_id")
            out = os.path.join(workdir, "out.csv")
            ev.run_clientele(cli, csv_path, out)
            runs["clientele"].append(ev.quality(ev.read_clusters(out), truth))
            if "email" in open(csv_path, encoding="utf-8").readline():
                runs["email/phone join"].append(ev.quality(ev.contact_join_baseline(csv_path), truth))
        for n, (method, qs) in enumerate((m, q) for m, q in runs.items() if q):
            median = {k: statistics.median(q[k] for q in qs) for k in ("precision", "recall", "f1")}
            each = " / ".join(f"{q['f1']:.3f}" for q in qs)
            line = f"| {name if n == 0 else ''} | {method} | {fmt(median)} | {each} |"
            rows.append(line)
            print(line, flush=True)
    return (f"Median over seeds {', '.join(map(str, seeds))} (10,000 records each):\n\n"
            "| set | method | precision | recall | F1 | F1 per seed |\n"
            "|---|---|---:|---:|---:|---|\n" + "\n".join(rows) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "bin", "clientele"))
    ap.add_argument("--write", help="replace the bench:dedupe-quality section of this markdown file")
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--splink-python", default=os.path.join(ROOT, ".venv-bench", "bin", "python"),
                    help="interpreter with splink (scripts/setup.sh --bench makes .venv-bench)")
    ap.add_argument("--seeds", help="comma-separated seeds for the median table of the multilingual sets")
    args = ap.parse_args()
    if not args.no_splink and not os.path.exists(args.splink_python):
        ap.error(f"{args.splink_python} not found: run scripts/setup.sh --bench, or pass --no-splink")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, csv_path, truth_path, n in sets(work):
            truth = ev.read_clusters(truth_path, "id", "entity_id")
            out = os.path.join(work, "out.csv")
            secs = ev.run_clientele(args.cli, csv_path, out)
            q = ev.quality(ev.read_clusters(out), truth)
            line = f"| {name} | {n:,} | clientele | {fmt(q)} | {secs:.2f} |"
            rows.append(line)
            print(line, flush=True)
            if not args.no_splink:
                assign, ssecs = run_splink(args.splink_python, csv_path, work)
                line = f"| | | splink {SPLINK_VERSION} | {fmt(ev.quality(assign, truth))} | {ssecs:.2f} |"
                rows.append(line)
                print(line, flush=True)
            if "email" in open(csv_path, encoding="utf-8").readline():
                line = f"| | | email/phone join | {fmt(ev.quality(ev.contact_join_baseline(csv_path), truth))} | |"
                rows.append(line)
                print(line, flush=True)
        medians = seed_medians(args.cli, work, [int(x) for x in args.seeds.split(",")]) if args.seeds else ""
    table = ("| set | records | method | precision | recall | F1 | time (s) |\n"
             "|---|---:|---|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n")
    if medians:
        table += "\n" + medians
    if args.write:
        ev.write_section(args.write, "dedupe-quality", table,
                         "\n## Deduplication quality\n\nProduced by `benchmarks/dedupe_quality.py` (same machine, "
                         "same run, 2 cores). Pairwise precision/recall/F1; no per-set tuning.\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
