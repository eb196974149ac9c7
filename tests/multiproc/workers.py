"""Worker processes for the multi-process store tests: ``python workers.py COMMAND ARG...``.

Each worker is a separate interpreter that uses only :mod:`kiosk.store` (the domain is not needed to race on
one file). The racing commands print ``ready``, wait for a line on stdin so that all of them start together,
do their work and print one JSON line of what they did. Between two transactions they pause for up to two milliseconds,
as a clerk or a kiosk would: the store's lock is taken by polling, so a process looping without a pause takes
it straight back and the others hardly ever interleave. ``writer`` prints each key only after the transaction
that stored it has returned, and runs until it is killed.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from kiosk.store import Store


def _store(path: str, durable: str) -> Store:
    return Store(Path(path), durable=durable == "durable", lock_timeout_seconds=60)


def _think() -> None:
    """Pause briefly outside the lock (the time a real caller spends between two transactions)."""
    time.sleep(_rng.uniform(0, 0.002))


_rng = random.Random(os.getpid())


def _wait_for_go() -> None:
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("no go signal")


def _report(**facts: object) -> None:
    print(json.dumps({"pid": os.getpid(), **facts}), flush=True)


def counter(path: str, durable: str, day: str, count: str) -> None:
    """Take the next ticket number of ``day`` ``count`` times: read the highest, insert one more."""
    store = _store(path, durable)
    _wait_for_go()
    taken = []
    for _ in range(int(count)):
        with store.transaction() as tx:
            seq = max((doc["seq"] for doc in tx.find("tickets", lambda doc: doc["day"] == day)), default=0) + 1
            tx.insert("tickets", {"key": f"{day}/{seq:04d}", "day": day, "seq": seq, "pid": os.getpid()})
        taken.append(seq)
        _think()
    _report(seqs=taken)


def capacity(path: str, durable: str, slots: str, limit: str) -> None:
    """Try to book each of ``slots`` (comma-separated, taken in an order of this worker's own) once, if fewer
    than ``limit`` bookings hold it."""
    store = _store(path, durable)
    order = slots.split(",")
    _rng.shuffle(order)
    _wait_for_go()
    won = []
    for slot in order:
        with store.transaction() as tx:
            if len(tx.find("appointments", lambda doc: doc["slot"] == slot)) < int(limit):
                tx.insert("appointments", {"key": f"{slot}/{os.getpid()}", "slot": slot, "pid": os.getpid()})
                won.append(slot)
        _think()
    _report(won=won)


def claim(path: str, durable: str, who: str) -> None:
    """Claim the oldest unclaimed item, again and again, until none is left."""
    store = _store(path, durable)
    _wait_for_go()
    claimed = []
    while True:
        with store.transaction() as tx:
            free = tx.find("items", lambda doc: doc["claimed_by"] is None)
            if not free:
                break
            oldest = min(free, key=lambda doc: doc["n"])
            tx.update("items", oldest["key"], {"claimed_by": who})
        claimed.append(oldest["key"])
        _think()
    _report(claimed=claimed)


def writer(path: str, durable: str, run: str, fold_every: str = "0") -> None:
    """Append records forever, acknowledging each key on stdout once its transaction has returned.
    ``fold_every`` > 0 folds the journal into the data file after that many records (so a kill lands in
    checkpoints too); 0 keeps the store's own policy."""
    store = _store(path, durable)
    if int(fold_every) > 0:
        store.checkpoint_records = int(fold_every)
    store.open()
    n = 0
    while True:
        key = f"{int(run):03d}/{n:05d}"
        with store.transaction() as tx:
            tx.insert("log", {"key": key, "run": int(run), "n": n})
        sys.stdout.write(key + "\n")
        sys.stdout.flush()
        n += 1


COMMANDS = {"counter": counter, "capacity": capacity, "claim": claim, "writer": writer}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
