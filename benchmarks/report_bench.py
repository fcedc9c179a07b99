"""The HTML report at scale: render time and file size of `clientele report` on a store of
N customers and M purchases, against the time of `clientele funnel --db` on the same store
(one read of the same rows and one analytics pass: the floor the report builds on), medians
of --repeat runs, load stated.

The store is made by `clientele init`, then filled with SQL behind the library's back
(customers, a phone or email for some, purchases spread over three years), because importing
ten million interactions through the library would take most of the time budget and the
report reads the store, whatever wrote it. Prints a Markdown section for docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import resource
import pathlib
import sqlite3
import statistics
import subprocess
import time


def build(cli: str, path: pathlib.Path, customers: int, purchases: int) -> None:
    if path.exists():
        return
    subprocess.run([cli, "init", str(path)], check=True, capture_output=True)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    start = 1_672_531_200  # 2023-01-01
    with con:
        con.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO customers (id, uuid, external_id, kind, display_name, created_at, updated_at, "
            "last_verified_at) SELECT i, randomblob(16), 'C' || i, 'person', '客户' || i, ?, ?, "
            "CASE WHEN i % 3 = 0 THEN NULL ELSE ? - (i % 900) * 86400 END FROM n",
            (customers, start, start, start + 3 * 365 * 86400))
        con.execute("INSERT INTO customer_phones (customer_id, position, number, e164, label, is_primary) "
                    "SELECT id, 0, '1380000' || id, '+86138' || id, 'mobile', 1 FROM customers WHERE id % 2 = 0")
        # Each purchase: a customer skewed toward low ids (a few buy often), a day in three
        # years, an amount of 1.00 .. 2,000.00 CNY. The interactions' own indexes are made
        # after the rows (a sort each, instead of ten million random inserts into each).
        indexes = [sql for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL")]
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' "
                                   "AND sql IS NOT NULL").fetchall():
            con.execute(f"DROP INDEX {name}")
        con.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO interactions (uuid, customer_id, kind, occurred_at, amount_minor, currency, created_at) "
            "SELECT randomblob(16), 1 + (abs(random()) % ?) * (abs(random()) % 1000) / 1000, 'purchase', "
            "? + abs(random()) % (3 * 365 * 86400), 100 + abs(random()) % 199900, 'CNY', ? FROM n",
            (purchases, customers, start, start))
        for sql in indexes:
            con.execute(sql)
    con.close()


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run: on a machine other jobs share,
    the CPU time is the figure that says what the program costs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build/bin/clientele")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--purchases", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", help="docs/benchmarks.md: replace its report section with the result")
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "clientele-bench"))
    a = ap.parse_args()
    where = pathlib.Path(a.dir)
    where.mkdir(parents=True, exist_ok=True)
    db = where / f"report-{a.customers}-{a.purchases}.db"
    reused = db.exists()
    t = time.perf_counter()
    build(a.cli, db, a.customers, a.purchases)
    made = time.perf_counter() - t
    out = where / "report.html"
    load_before = os.getloadavg()
    report = [timed([a.cli, "report", str(db), "--as-of", "2025-12-31", "--from", "2025-10-01", "--out", str(out)])
              for _ in range(a.repeat)]
    funnel = [timed([a.cli, "funnel", "--db", str(db), "--as-of", "2025-12-31"]) for _ in range(a.repeat)]
    load_after = os.getloadavg()
    size = out.stat().st_size
    r, f = statistics.median(w for w, _ in report), statistics.median(w for w, _ in funnel)
    rc, fc = statistics.median(c for _, c in report), statistics.median(c for _, c in funnel)
    text = io.StringIO()

    def print(line: str = "") -> None:  # noqa: A001  (the section goes to stdout and, with --write, the doc)
        text.write(line + "\n")
    print(f"### Report of {a.customers:,} customers / {a.purchases:,} purchases\n")
    print(f"Store {'reused from an earlier run' if reused else f'made in {made:.0f} s'} (SQL, see benchmarks/report_bench.py); {db.stat().st_size / 2**20:,.0f} MiB. "
          f"Medians of {a.repeat} runs; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(2 cores, other builds running).\n")
    print("| what | median wall s | runs (wall) | median CPU s | ratio to funnel (wall) |")
    print("|---|---:|---|---:|---:|")
    print(f"| `clientele report` | {r:.2f} | {', '.join(f'{w:.2f}' for w, _ in report)} | {rc:.2f} | {r / f:.2f} |")
    print(f"| `clientele funnel --db` (baseline: one read + one pass) | {f:.2f} | "
          f"{', '.join(f'{w:.2f}' for w, _ in funnel)} | {fc:.2f} | 1.00 |")
    print(f"\nReport size: {size:,} bytes ({size / 2**20:.2f} MiB; target < 2 MiB). Target < 10 s: "
          f"{'met' if r < 10 else 'not met'} at this scale (wall clock, under the load above).")
    section = text.getvalue()
    __builtins__.print(section, end="")
    if a.write:
        doc = pathlib.Path(a.write)
        begin, end = "<!-- bench:report:begin -->", "<!-- bench:report:end -->"
        old = doc.read_text(encoding="utf-8")
        block = f"{begin}\n{section}{end}"
        new = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, old, flags=re.S) \
            if begin in old else old.rstrip("\n") + "\n\n## Report\n\n" + block + "\n"
        doc.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
