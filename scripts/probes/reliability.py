#!/usr/bin/env python3
"""Reliability probes: what an unlucky operator does to a store, repeated a bounded number of
times (docs/reliability.md).

  kill -9 during import       the store is unchanged or fully imported, integrity_check ok,
                              the audit trail verifies; again on an encrypted store (read
                              back only through clientele, which holds the key)
  kill -9 during dedupe apply the store is unchanged or fully cleaned; a re-run then equals
                              one clean run
  kill -9 during backup       the store is unchanged, and the backup file is the previous one
                              or a new one that verifies (never a part)
  concurrent writers          two processes writing at once: no write lost
  damaged files               truncated or with flipped bytes: no crash (a signal, a hang),
                              an error that says what is wrong

Usage: reliability.py --cli build/bin/clientele [--trials N] [--seed S] [--work DIR]
(or CLIENTELE_CLI in the environment). Prints one line per probe and exits 1 on a failure.
Standard library only; the sample comes from scripts/generate_sample.py.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds any one command may take before it counts as a hang


class Probe:
    def __init__(self, cli: str, work: Path, rng: random.Random, key: Path | None = None):
        self.cli = cli
        self.work = work
        self.rng = rng
        self.failures: list[str] = []
        # An encrypted store's key, handed to every command; such a file is read back only
        # through clientele (sqlite3 cannot read it).
        self.key = key
        self.env = {**os.environ, "CLIENTELE_DB_KEY_FILE": str(key)} if key else None

    # ---- helpers -------------------------------------------------------------------------
    def run(self, *args, check=True, timeout=TIMEOUT) -> subprocess.CompletedProcess:
        # errors="replace": a damaged file's text is not always UTF-8.
        proc = subprocess.run([self.cli, *map(str, args), "--user", "admin"], capture_output=True, text=True,
                              errors="replace", timeout=timeout, env=self.env)
        if check and proc.returncode != 0:
            raise RuntimeError(f"clientele {' '.join(map(str, args))} -> {proc.returncode}: {proc.stderr.strip()}")
        return proc

    def fail(self, what: str) -> None:
        self.failures.append(what)

    def store(self, name: str, sample: Path, customers: bool = True) -> Path:
        db = self.work / name
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        self.run("init", db, "--admin", "admin")
        for line in (sample / "users.jsonl").read_text(encoding="utf-8").splitlines():
            u = json.loads(line)
            self.run("user", "add", db, u["username"], "--role", u["role"], "--team", u.get("team") or "")
        if customers:
            self.run("import", db, sample / "customers.jsonl", "--format", "jsonl")
        return db

    def copy(self, src: Path, name: str) -> Path:
        dst = self.work / name
        for suffix in ("-wal", "-shm"):
            Path(str(dst) + suffix).unlink(missing_ok=True)
        shutil.copyfile(src, dst)
        return dst

    def killed(self, args, after: float, db: Path | None = None, progress: str = "", at_least: int = 0) -> None:
        """Runs clientele with args and kills it with SIGKILL after `after` seconds, or as soon
        as the `progress` query on `db` (read from outside) reaches `at_least`: a kill in the
        middle of the writing, which a random time mostly misses when reading comes first."""
        proc = subprocess.Popen([self.cli, *map(str, args), "--user", "admin"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=self.env)
        deadline = time.monotonic() + after
        watcher = sqlite3.connect(db, timeout=0.05) if progress else None
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                if watcher is not None:
                    try:
                        if watcher.execute(progress).fetchone()[0] >= at_least:
                            break
                    except sqlite3.OperationalError:
                        pass  # busy or locked for a moment
                time.sleep(0.001)
        finally:
            if watcher is not None:
                watcher.close()
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    @staticmethod
    def scalar(db: Path, sql: str):
        con = sqlite3.connect(db)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    def timed(self, *args) -> float:
        started = time.monotonic()
        self.run(*args)
        return time.monotonic() - started

    def count(self, db: Path, sql: str) -> int:
        """`sql` (a count of customers) on db: through sqlite3, or for an encrypted store the
        number of customers `clientele stats` gives."""
        if self.key is None:
            return self.scalar(db, sql)
        if sql != "SELECT count(*) FROM customers":
            raise ValueError(f"an encrypted store is counted through clientele stats, not {sql!r}")
        return json.loads(self.run("stats", db, "--json").stdout)["customers"]

    def intact(self, db: Path) -> bool:
        if self.key is None:
            return self.scalar(db, "PRAGMA integrity_check") == "ok"
        return self.run("check", db, check=False).returncode == 0  # its first checks: the file, integrity

    def all_or_nothing(self, db: Path, trial: str, count_sql: str, full: int, outcomes: dict) -> None:
        """After a kill: integrity_check ok, the audit trail's chain whole (its entries go with
        their changes), and `count_sql` gives 0 (unchanged) or `full` (done)."""
        if not self.intact(db):
            self.fail(f"{trial}: integrity_check failed")
        verified = self.run("audit", "verify", db, check=False)
        if verified.returncode != 0:
            self.fail(f"{trial}: the audit trail fails verification: {verified.stdout.strip()} {verified.stderr.strip()}")
        n = self.count(db, count_sql)
        if n in (0, full):
            outcomes["unchanged" if n == 0 else "done"] += 1
        else:
            self.fail(f"{trial}: half done ({n} of {full} by {count_sql!r})")

    # ---- probes --------------------------------------------------------------------------
    def kill_during_import(self, sample: Path, trials: int) -> str:
        empty = self.store("import-empty.db", sample, customers=False)
        rows = sum(1 for _ in (sample / "customers.jsonl").open(encoding="utf-8"))
        took = self.timed("import", self.copy(empty, "import-clean.db"), sample / "customers.jsonl", "--format", "jsonl")
        outcomes = {"unchanged": 0, "done": 0}
        for t in range(trials):
            db = self.copy(empty, f"import-{t}.db")
            # Odd trials: once the first rows can be seen (a commit per row would show them);
            # an encrypted store cannot be watched from outside, so at a random time.
            watch = t % 2 == 1 and self.key is None
            self.killed(["import", db, sample / "customers.jsonl", "--format", "jsonl"],
                        took * (3 if watch else self.rng.uniform(0.1, 0.9)), db,
                        "SELECT count(*) FROM customers" if watch else "", 1)
            self.all_or_nothing(db, f"import trial {t}", "SELECT count(*) FROM customers", rows, outcomes)
        what = "import into an encrypted store" if self.key else "import"
        return f"kill -9 during {what}: {trials} trials, {outcomes}"

    def kill_during_apply(self, sample: Path, trials: int) -> str:
        base = self.store("apply-base.db", sample)
        clean = self.copy(base, "apply-clean.db")
        took = self.timed("dedupe", "--db", clean, "--apply", "--out", os.devnull)
        merged = self.scalar(clean, "SELECT count(*) FROM customers WHERE status = 'merged'")
        outcomes = {"unchanged": 0, "done": 0}
        for t in range(trials):
            db = self.copy(base, f"apply-{t}.db")
            # Odd trials: once some merges can be seen (a commit per cluster would show them).
            self.killed(["dedupe", "--db", db, "--apply", "--out", os.devnull],
                        took * (self.rng.uniform(0.1, 0.95) if t % 2 == 0 else 3), db,
                        "" if t % 2 == 0 else "SELECT count(*) FROM merges", self.rng.randint(1, max(1, merged // 2)))
            self.all_or_nothing(db, f"apply trial {t}", "SELECT count(*) FROM customers WHERE status = 'merged'",
                                merged, outcomes)
            self.run("dedupe", "--db", db, "--apply", "--out", os.devnull)
            if self.scalar(db, "SELECT count(*) FROM customers WHERE status = 'merged'") != merged:
                self.fail(f"apply trial {t}: the re-run did not end where one clean run ends")
        return f"kill -9 during dedupe apply: {trials} trials, {outcomes}, {merged} merged by a clean run"

    def kill_during_backup(self, sample: Path, trials: int) -> str:
        db = self.store("backup-base.db", sample)
        out = self.work / "backup.cltbak"
        key = self.work / "backup.key"
        key.write_bytes(bytes(self.rng.randrange(256) for _ in range(32)))
        took = self.timed("backup", db, "--out", out, "--key-file", key)
        dump = "SELECT count(*) || '/' || total(length(card)) FROM customers"
        before = self.scalar(db, dump)
        outcomes = {"previous": 0, "new": 0, "left temporary files": 0}
        for t in range(trials):
            previous = out.read_bytes()
            self.killed(["backup", db, "--out", out, "--key-file", key], took * self.rng.uniform(0.05, 1.2))
            if self.scalar(db, "PRAGMA integrity_check") != "ok" or self.scalar(db, dump) != before:
                self.fail(f"backup trial {t}: the database changed")
            if out.read_bytes() == previous:
                outcomes["previous"] += 1
            else:
                outcomes["new"] += 1
            if self.run("backup", "verify", out, "--key-file", key, check=False).returncode != 0:
                self.fail(f"backup trial {t}: the backup file does not verify")
            # A kill cannot clean up after itself: its temporary file stays until a later
            # backup finds it idle (docs/backup.md). Counted, not a failure.
            outcomes["left temporary files"] = sum(1 for p in self.work.iterdir() if p.name.startswith(".backup.cltbak."))
        return f"kill -9 during backup: {trials} trials, {outcomes}"

    def concurrent_writers(self, sample: Path, rounds: int) -> str:
        db = self.store("writers.db", sample, customers=False)
        per_file = 50
        files = []
        for w in range(2):
            for r in range(rounds):
                f = self.work / f"writer-{w}-{r}.csv"
                f.write_text("external_id,given_name,family_name,phone\n" + "".join(
                    f"W{w}-{r}-{i},Writer{w},Round{r},+86 139{w}{r:03d}{i:04d}\n" for i in range(per_file)),
                    encoding="utf-8")
                files.append((w, f))
        errors: list[str] = []

        def writer(w: int) -> None:
            for k, (owner, f) in enumerate(files):
                if owner != w:
                    continue
                p = self.run("import", db, f, check=False)
                if p.returncode != 0:
                    errors.append(f"writer {w} import {f.name}: exit {p.returncode}: {p.stderr.strip()}")
                p = self.run("customer", "add", db, "--name", f"Single {w}-{k}", "--external-id", f"S{w}-{k}",
                             check=False)
                if p.returncode != 0:
                    errors.append(f"writer {w} add: exit {p.returncode}: {p.stderr.strip()}")

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for e in errors:
            self.fail(f"concurrent writers: {e}")
        expected = 2 * rounds * (per_file + 1)
        n = self.scalar(db, "SELECT count(*) FROM customers")
        if n != expected:
            self.fail(f"concurrent writers: {n} customers stored, {expected} written ({expected - n} lost)")
        return f"concurrent writers: 2 processes, {expected} writes, {n} stored"

    def damaged_files(self, sample: Path, trials: int) -> str:
        good = self.store("damage-good.db", sample)
        size = good.stat().st_size
        crashes = 0
        exits: dict[int, int] = {}
        commands = [("stats", "{db}"), ("customer", "list", "{db}", "--all"), ("export", "{db}", "--out", "{out}"),
                    ("customer", "add", "{db}", "--name", "After Damage"), ("dedupe", "--db", "{db}", "--out", "{out}")]
        for t in range(trials):
            db = self.copy(good, f"damaged-{t}.db")
            if t % 2 == 0:
                cut = self.rng.choice([1000, 4096, size // 3, size // 2])
                with open(db, "r+b") as f:
                    f.truncate(max(size - cut, 0))
            else:
                with open(db, "r+b") as f:
                    for _ in range(self.rng.randint(1, 16)):
                        # Past the 100-byte header most of the time, into it now and then.
                        f.seek(self.rng.randrange(0 if self.rng.random() < 0.2 else 100, size))
                        f.write(bytes([self.rng.randrange(256)]))
            for cmd in commands:
                args = [a.format(db=db, out=self.work / f"damaged-{t}.out") for a in cmd]
                try:
                    p = self.run(*args, check=False)
                except subprocess.TimeoutExpired:
                    self.fail(f"damaged trial {t}: {' '.join(cmd[:2])} hung")
                    continue
                exits[p.returncode] = exits.get(p.returncode, 0) + 1
                if p.returncode < 0:
                    crashes += 1
                    self.fail(f"damaged trial {t}: {' '.join(cmd[:2])} died of signal {-p.returncode}")
                elif p.returncode != 0 and not p.stderr.strip():
                    self.fail(f"damaged trial {t}: {' '.join(cmd[:2])} failed with exit {p.returncode} and no message")
        return f"damaged files: {trials} files x {len(commands)} commands, {crashes} crashes, exit codes {exits}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.environ.get("CLIENTELE_CLI"), help="the clientele binary")
    ap.add_argument("--trials", type=int, default=5, help="trials per probe (default 5)")
    ap.add_argument("--customers", type=int, default=1500, help="customers in the sample (default 1500)")
    ap.add_argument("--seed", type=int, default=13, help="seed of the kill times and damage (default 13)")
    ap.add_argument("--work", type=Path, help="keep the stores here (default: a temporary folder)")
    args = ap.parse_args()
    if not args.cli:
        ap.error("give --cli or set CLIENTELE_CLI")
    work = args.work or Path(tempfile.mkdtemp(prefix="clientele-probes-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sample = work / "sample"
        subprocess.run([sys.executable, str(REPO / "scripts" / "generate_sample.py"), "--customers",
                        str(args.customers), "--interactions", "100", "--out", str(sample)], check=True,
                       capture_output=True)
        probe = Probe(args.cli, work, random.Random(args.seed))
        key = work / "store.key"
        key.write_bytes(os.urandom(32))
        (work / "encrypted").mkdir(exist_ok=True)
        encrypted = Probe(args.cli, work / "encrypted", random.Random(args.seed), key=key)
        for step in (lambda: probe.kill_during_import(sample, args.trials),
                     lambda: encrypted.kill_during_import(sample, args.trials),
                     lambda: probe.kill_during_apply(sample, args.trials),
                     lambda: probe.kill_during_backup(sample, args.trials),
                     lambda: probe.concurrent_writers(sample, max(1, args.trials // 2)),
                     lambda: probe.damaged_files(sample, 2 * args.trials)):
            started = time.monotonic()
            print(f"{step()} ({time.monotonic() - started:.1f} s)", flush=True)
        failures = probe.failures + encrypted.failures
        for f in failures:
            print("FAILED:", f)
        return 1 if failures else 0
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
