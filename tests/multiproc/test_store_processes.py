"""Real processes against one data file: numbering, capacity, claiming, and SIGKILL at random instants.

The workers (``workers.py``) are separate interpreters released together from a start gate, so their
transactions genuinely contend for the lock; the tests then check the file for what the store promises:
no duplicate and no gap, no overbooking, no double claim, and after any kill a readable file holding every
acknowledged write.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from tinydb import TinyDB

from kiosk.store import TMP_MARKER, Store

pytestmark = pytest.mark.multiproc

DAY = "2026-11-21"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    Store(tmp_path / "hall.json").create()
    return tmp_path / "hall.json"


def _data_file_token(path: Path) -> str | None:
    """The journal the data file names as its continuation."""
    return json.loads(path.read_bytes())["_meta"]["1"].get("journal")


def _journal_token(path: Path) -> str | None:
    """The token in the journal's header (None: no journal)."""
    journal = path.with_name(path.name + ".journal")
    if not journal.exists():
        return None
    return json.loads(journal.read_bytes().split(b"\n", 1)[0]).get("journal")


def records(path: Path, table: str) -> list[dict]:
    """The records of ``table`` as a fresh opener reads them (also proves the file parses)."""
    json.loads(path.read_bytes())
    with Store(path).snapshot() as snap:
        return snap.records(table)


def test_numbering_has_no_duplicate_and_no_gap(path: Path, race) -> None:
    with Store(path).transaction() as tx:  # the day before, to be ignored when numbering DAY
        tx.insert_many("tickets", [{"key": f"2026-11-20/{n:04d}", "day": "2026-11-20", "seq": n} for n in (1, 2, 3)])

    reports = race([("counter", str(path), "durable", DAY, "40")] * 6)

    taken = [seq for report in reports for seq in report["seqs"]]
    assert all(len(report["seqs"]) == 40 for report in reports)
    assert sorted(taken) == list(range(1, 241))
    today = [doc for doc in records(path, "tickets") if doc["day"] == DAY]
    assert len(today) == 240
    assert sorted(doc["seq"] for doc in today) == list(range(1, 241))
    assert len({doc["key"] for doc in today}) == 240
    # Each worker's record of what it took agrees with the file.
    assert {(doc["pid"], doc["seq"]) for doc in today} == {(r["pid"], s) for r in reports for s in r["seqs"]}
    owners = [doc["pid"] for doc in sorted(today, key=lambda doc: doc["seq"])]
    interleaved = sum(a != b for a, b in zip(owners, owners[1:]))
    print(f"numbering: 6 processes x 40, seqs 1..240 exact, {interleaved} hand-overs between processes")


def test_capacity_is_never_exceeded(path: Path, race) -> None:
    slots = [f"{DAY}T{9 + n // 2:02d}:{30 * (n % 2):02d}" for n in range(10)]

    reports = race([("capacity", str(path), "durable", ",".join(slots), "3")] * 8)

    booked = Counter(doc["slot"] for doc in records(path, "appointments"))
    won = Counter(slot for report in reports for slot in report["won"])
    assert booked == won == Counter({slot: 3 for slot in slots})
    winners = Counter(len(report["won"]) for report in reports)
    print(f"capacity: 8 processes x 10 slots of 3, {sum(won.values())} bookings, winners per process {dict(winners)}")


@pytest.mark.parametrize("processes", [2, 3])
def test_every_item_is_claimed_exactly_once(path: Path, race, processes: int) -> None:
    with Store(path).transaction() as tx:
        tx.insert_many("items", [{"key": f"item-{n:03d}", "n": n, "claimed_by": None} for n in range(100)])

    reports = race([("claim", str(path), "durable", f"w{i}") for i in range(processes)])

    claims = [key for report in reports for key in report["claimed"]]
    assert len(claims) == len(set(claims)) == 100
    by_worker = {f"w{i}": report["claimed"] for i, report in enumerate(reports)}
    for who, keys in by_worker.items():
        assert keys == sorted(keys)  # each took the oldest then free, so its own claims only move forward
    on_file = {doc["key"]: doc["claimed_by"] for doc in records(path, "items")}
    assert on_file == {key: who for who, keys in by_worker.items() for key in keys}
    print(f"claim: {processes} processes, 100 items, claims per process {[len(k) for k in by_worker.values()]}")


def test_sigkill_at_random_instants_never_loses_an_acknowledged_write(
    path: Path, start_worker, record_property
) -> None:
    rng = random.Random(20261121)
    kills = 120
    started = time.monotonic()
    acknowledged: set[str] = set()
    readable = leftovers_cleaned = unacknowledged_commits = between_fold_files = torn_discarded = 0

    for run in range(kills):
        # Every other writer folds the journal into the data file after each 2 records, so that about half the
        # kills land while a checkpoint is written (temporary file, fsync, rename, then the new journal).
        writer = start_worker("writer", str(path), "durable", str(run), "2" if run % 2 else "0")
        # Let it acknowledge a random number of writes, then kill it a random moment later: the kill lands
        # anywhere in the next transaction (reading, writing the temporary file, fsync, rename, printing).
        for _ in range(rng.randint(1, 6)):
            key = writer.read_line(timeout=30)
            assert key is not None, writer.stderr()
            acknowledged.add(key)
        time.sleep(rng.uniform(0, 0.004))  # fault injection, not waiting for anything
        writer.proc.send_signal(signal.SIGKILL)
        assert writer.wait(timeout=10) == -signal.SIGKILL
        acknowledged.update(writer.drain())  # printed before the kill, not yet read

        debris = sorted(path.parent.glob(f".{path.name}*{TMP_MARKER}*"))
        between_fold_files += _journal_token(path) != _data_file_token(path)  # killed between the two renames
        removed = Store(path).open()
        assert sorted(removed) == debris
        assert not list(path.parent.glob(f".*{TMP_MARKER}*"))
        leftovers_cleaned += bool(debris)
        log = records(path, "log")
        stored = {doc["key"] for doc in log}
        assert len(stored) == len(log), f"kill {run}: a record doubled"
        readable += 1
        missing = acknowledged - stored
        assert not missing, f"kill {run}: acknowledged but lost: {sorted(missing)}"
        this_run = {key for key in stored if key.startswith(f"{run:03d}/")}
        extra = this_run - acknowledged
        assert len(extra) <= 1  # at most the one transaction that committed just before the kill
        unacknowledged_commits += len(extra)

        if run % 10 == 9:  # a writer's first transaction cuts off what a kill left half-written
            with Store(path).transaction() as tx:
                tx.set_meta("checked", run)
            torn_discarded = len(list(path.parent.glob(f"{path.name}.journal.*.torn")))

    # After the last kill: a checkpoint, and then a plain TinyDB open of the data file shows every record.
    Store(path).checkpoint()
    with TinyDB(path, access_mode="r") as plain:
        on_file = [doc["key"] for doc in plain.table("log").all()]
    assert len(on_file) == len(set(on_file)) and acknowledged <= set(on_file)

    elapsed = time.monotonic() - started
    summary = (
        f"crash test: {kills} kills, {readable} readable, 0 lost acknowledged ({len(acknowledged)} acknowledged), "
        f"0 doubled, {leftovers_cleaned} mid-write leftovers cleaned, {between_fold_files} between a checkpoint's "
        f"data file and its journal, {torn_discarded} torn records discarded, {unacknowledged_commits} "
        f"committed-unacknowledged, {elapsed:.1f} s"
    )
    print(summary)
    record_property("crash_test", summary)
    assert readable == kills
