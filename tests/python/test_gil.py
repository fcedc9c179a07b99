"""Store calls release the GIL: other Python threads run while one waits in C++."""
from __future__ import annotations

import sys
import threading
import time

import pytest

import clientele


def test_a_blocked_call_lets_the_thread_that_unblocks_it_run(db_path):
    """Connection A holds the write lock; a thread's create_customer on connection B waits for
    it inside SQLite (busy timeout 5 s). The main thread then commits A. If B's call held the
    GIL, the main thread could not run until B gave up, and B would fail with StorageError
    (database is locked) after the full timeout."""
    a = clientele.Database(db_path, create=True)
    b = clientele.Database(db_path)
    outcome = {}

    def write_on_b():
        start = time.monotonic()
        try:
            outcome["customer"] = b.create_customer(given_name="Waited")
        except clientele.Error as error:  # pragma: no cover - the failure being tested for
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - start

    with a.transaction():
        a.create_customer(given_name="Holder")
        worker = threading.Thread(target=write_on_b)
        worker.start()
        time.sleep(0.5)  # the worker is now waiting on the lock, inside C++
        assert worker.is_alive()
        assert "customer" not in outcome
    # leaving the block committed A, which this thread could only do because B's call
    # released the GIL
    worker.join(10)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["customer"]["given_name"] == "Waited"
    assert outcome["seconds"] < 4
    assert a.count_customers() == 2
    a.close()
    b.close()


def test_python_keeps_running_during_a_long_bulk_call(db):
    """A thread counts while the main thread inserts customers in one call. With the GIL held
    for the whole call the counter could not advance between the call's start and end."""
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        n = 2000
        while True:
            records = [{"given_name": f"Bulk{i}", "emails": [{"address": f"b{i}@example.com"}],
                        "phones": [{"number": f"1390000{i:04d}"}]} for i in range(n)]
            stamps: list[float] = []
            stop = threading.Event()

            def count():
                while not stop.is_set():
                    stamps.append(time.perf_counter())

            counter = threading.Thread(target=count)
            counter.start()
            time.sleep(0.05)
            start = time.perf_counter()
            db.create_customers(records)
            end = time.perf_counter()
            stop.set()
            counter.join()
            duration = end - start
            if duration >= 0.5 or n >= 128000:
                break
            n *= 4  # make the call long enough to measure
        inside = [t for t in stamps if start < t < end]
        gaps = [b - a for a, b in zip([start] + inside, inside + [end])]
        # The counter ran all through the call. Converting the records to and from Python
        # holds the GIL (a gap of a fraction of the call); holding it for the store work too
        # would make one gap of nearly the whole call.
        assert len(inside) > 100, (len(inside), duration)
        assert max(gaps) < duration / 2, (max(gaps), duration)
    finally:
        sys.setswitchinterval(old_interval)


def test_threads_sharing_one_database_take_turns(db):
    """Calls from several threads on one Database are serialized, not interleaved."""
    errors = []

    def work(k):
        try:
            for i in range(50):
                c = db.create_customer(given_name=f"T{k}-{i}")
                db.add_tags(c["id"], [f"t{k}"])
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.count_customers() == 200
    assert db.all_tags() == {f"t{k}": 50 for k in range(4)}
