"""The shared data file: transactions, snapshots, refusal of unreadable files, leftovers, backups, archive.

Plain pytest on ``tmp_path``; the races between real processes are in ``tests/multiproc``. A second
:class:`Store` on the same path stands in for another process: it shares nothing with the first but the files.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

import kiosk.store as store_module
from kiosk.errors import Refused, StoreError
from kiosk.store import Archive, Store


class Boom(Exception):
    """Raised inside a transaction to abandon it."""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "hall.json"


@pytest.fixture
def store(path: Path) -> Store:
    opened = Store(path, durable=False)
    opened.create()
    opened.open()
    return opened


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the lock sidecar, which any opener may create) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


# --------------------------------------------------------------------------------------------- opening


def test_create_makes_a_readable_private_file_and_open_never_creates(path: Path) -> None:
    with pytest.raises(StoreError) as missing:
        Store(path, durable=False).open()
    assert missing.value.key == "store.missing"
    assert not path.parent.joinpath(path.name + ".lock").exists()  # a missing file leaves no trace either
    Store(path, durable=False).create()
    assert Store(path, durable=False).open() == []
    assert isinstance(json.loads(path.read_bytes()), dict)
    with Store(path).snapshot() as snap:
        assert snap.meta("schema") == store_module.SCHEMA_VERSION
        assert snap.meta("clock") == "real"
    with pytest.raises(Refused) as again:
        Store(path, durable=False).create()
    assert again.value.key == "store.exists"


def test_open_keeps_an_existing_file(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "2026-11-21/A001"})
    before = path.read_bytes()
    Store(path, durable=False).open()
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b'{"tickets": {"1": {"key": "2026-11-21/A0', id="truncated-json"),
        pytest.param(bytes(range(256)) * 4, id="garbage-bytes"),
        pytest.param(b'[{"key": "2026-11-21/A001"}]', id="json-list"),
        pytest.param(b"", id="empty"),
        pytest.param(b'{"tickets": [1, 2]}', id="table-not-a-mapping"),
    ],
)
def test_open_refuses_an_unreadable_file_and_leaves_it_alone(tmp_path: Path, path: Path, payload: bytes) -> None:
    path.write_bytes(payload)
    before = listing(tmp_path)
    with pytest.raises(StoreError) as raised:
        Store(path, durable=False).open()
    assert raised.value.key == "store.unreadable"
    assert raised.value.params["path"] == str(path)
    assert listing(tmp_path) == before  # byte-identical, nothing created beside it (no empty store, no backup)
    # A transaction refuses too: nothing ever starts empty over the file.
    with pytest.raises(StoreError) as raised_again:
        with Store(path, durable=False).transaction():
            pass
    assert raised_again.value.key == "store.unreadable"
    assert listing(tmp_path) == before


def test_open_removes_crash_leftovers(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "2026-11-21/A001"})
    store.archive.add(date(2026, 11, 20), {"tickets": [{"key": "2026-11-20/A001", "code": "QX7K"}]})
    before = path.read_bytes()
    leftovers = [
        path.with_name(f".{path.name}.tmp-123-abcd"),
        path.with_name(f".{path.name}.tmp-99999-0f0f0f0f"),
        store.archive.day_path(date(2026, 11, 21)).with_name(".2026-11-21.json.tmp-123-abcd"),
        store.archive.root / "index" / ".X.json.tmp-123-abcd",
    ]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_bytes(b'{"half": ')
    unrelated = path.with_name("notes.txt")
    unrelated.write_text("keep me")

    removed = Store(path, durable=False).open()

    assert sorted(removed) == sorted(leftovers)
    assert not any(leftover.exists() for leftover in leftovers)
    assert unrelated.read_text() == "keep me"
    assert path.read_bytes() == before


# --------------------------------------------------------------------------------------------- transactions


def test_transaction_commits_and_snapshot_sees_it(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "2026-11-21/A001", "status": "waiting"})
        tx.insert("tickets", {"key": "2026-11-21/A002", "status": "waiting"})
    with store.transaction() as tx:
        assert tx.update("tickets", "2026-11-21/A001", {"status": "called"})["status"] == "called"
        assert tx.remove("tickets", ["2026-11-21/A002"]) == 1

    with store.snapshot() as snap:
        assert snap.readonly
        assert snap.records("tickets") == [{"key": "2026-11-21/A001", "status": "called"}]
        assert snap.get("tickets", "2026-11-21/A002") is None
    # Another opener (another process) sees it from the data file and its journal ...
    assert list(Store(path).tables()["tickets"].values()) == [{"key": "2026-11-21/A001", "status": "called"}]
    # ... and after a checkpoint, a plain TinyDB open of the data file shows every record.
    store.checkpoint()
    with TinyDB(path, access_mode="r") as plain:
        assert plain.table("tickets").all() == [{"key": "2026-11-21/A001", "status": "called"}]


def test_transaction_without_changes_does_not_rewrite(store: Store, path: Path) -> None:
    inode = path.stat().st_ino
    with store.transaction() as tx:
        assert tx.records("tickets") == []
    assert path.stat().st_ino == inode


def test_exception_in_transaction_writes_nothing_and_leaves_no_trace(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001", "status": "waiting"})
    before = path.read_bytes()

    with pytest.raises(Boom):
        with store.transaction() as tx:
            tx.update("tickets", "A001", {"status": "called"})  # changes a cached record in place
            tx.insert("tickets", {"key": "A002", "status": "waiting"})
            tx.set_meta("last_closed", "2026-11-20")
            raise Boom

    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp-*"))
    with store.transaction() as tx:
        assert tx.records("tickets") == [{"key": "A001", "status": "waiting"}]
        assert tx.meta("last_closed") is None
    with store.snapshot() as snap:
        assert snap.records("tickets") == [{"key": "A001", "status": "waiting"}]


def test_snapshot_keeps_its_view_while_a_transaction_runs(store: Store) -> None:
    """A snapshot is the last *committed* state: an abandoned change never shows in it (a commit by another
    thread waits for it: see test_journal)."""
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001", "status": "waiting"})
    with store.snapshot() as snap:
        with pytest.raises(Boom):
            with store.transaction() as tx:
                tx.update("tickets", "A001", {"status": "called"})
                raise Boom
        assert snap.get("tickets", "A001") == {"key": "A001", "status": "waiting"}
        assert snap.where("tickets", status="called") == [], "the indexes were put back too"
    with store.transaction() as tx:
        tx.update("tickets", "A001", {"status": "served"})
        tx.insert("tickets", {"key": "A002", "status": "waiting"})
    with store.snapshot() as snap:
        assert [r["status"] for r in snap.records("tickets")] == ["served", "waiting"]


def test_insert_of_a_duplicate_key_raises(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001"})
    with pytest.raises(ValueError, match="already holds A001"):
        with store.transaction() as tx:
            tx.insert("tickets", {"key": "A001"})
    with pytest.raises(ValueError, match="no business key"):
        with store.transaction() as tx:
            tx.insert("tickets", {"status": "waiting"})
    with store.snapshot() as snap:
        assert snap.records("tickets") == [{"key": "A001"}]


def test_keys_are_per_table(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "X1"})
        tx.insert("requests", {"key": "X1"})
    with store.snapshot() as snap:
        assert snap.get("tickets", "X1") == snap.get("requests", "X1") == {"key": "X1"}


def test_update_of_an_unknown_key_raises(store: Store) -> None:
    with pytest.raises(KeyError):
        with store.transaction() as tx:
            tx.update("tickets", "nope", {"status": "called"})


def test_snapshot_refuses_writes_and_they_leave_no_trace(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001", "status": "waiting"})
    before, journal_before = path.read_bytes(), store.journal_path.read_bytes()
    attempts = [
        lambda snap: snap.insert("tickets", {"key": "A002"}),
        lambda snap: snap.update("tickets", "A001", {"status": "called"}),
        lambda snap: snap.remove("tickets", ["A001"]),
        lambda snap: snap.set_meta("last_closed", "2026-11-20"),
        lambda snap: snap.insert_many("tickets", [{"key": "A003"}]),
        lambda snap: snap.before_commit(lambda: None),
    ]
    for attempt in attempts:
        with store.snapshot() as snap:
            with pytest.raises(StoreError) as raised:
                attempt(snap)
            assert raised.value.key == "store.readonly"
            assert snap.records("tickets") == [{"key": "A001", "status": "waiting"}]
    assert path.read_bytes() == before and journal_before == store.journal_path.read_bytes()
    with store.transaction() as tx:
        assert tx.records("tickets") == [{"key": "A001", "status": "waiting"}]
        assert tx.meta("last_closed") is None


def test_queries_by_tinydb_query_predicate_and_index(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001", "n": 1, "status": "waiting", "day": "d1"})
        tx.insert_many("tickets", [{"key": "A002", "n": 2, "status": "done", "day": "d1"}])
        tx.insert("tickets", {"key": "A003", "n": 3, "status": "waiting", "day": "d2"})
    with store.snapshot() as snap:
        assert [doc["key"] for doc in snap.find("tickets", Query().n >= 2)] == ["A002", "A003"]
        assert snap.find("tickets", lambda doc: doc["n"] == 1)[0]["key"] == "A001"
        assert [doc["key"] for doc in snap.where("tickets", status="waiting")] == ["A001", "A003"]
        assert [doc["key"] for doc in snap.where("tickets", status="waiting", day="d2")] == ["A003"]
        assert snap.count("tickets", day="d1") == 2 and snap.highest("tickets", "n", day="d1") == 2
    with store.transaction() as tx:
        # The indexes follow every write, inside the transaction and after it.
        tx.update("tickets", "A001", {"status": "called"})
        tx.insert("tickets", {"key": "A004", "n": 9, "status": "waiting", "day": "d1"})
        tx.remove("tickets", ["A003"])
        assert [doc["key"] for doc in tx.where("tickets", status="waiting")] == ["A004"]
        assert tx.highest("tickets", "n", day="d1") == 9
        assert tx.count("tickets", day="d2") == 0
    with store.snapshot() as snap:
        assert [doc["key"] for doc in snap.where("tickets", status="waiting")] == ["A004"]
        assert snap.highest("tickets", "n", day="d1") == 9
    with Store(store.path).snapshot() as other:  # another process, reading the journal
        assert [doc["key"] for doc in other.where("tickets", status="called")] == ["A001"]
        assert other.highest("tickets", "n", day="d1") == 9


def test_the_newest_records_plucked_follow_every_write_and_rollback(store: Store) -> None:
    """``pluck(..., last=N)`` keeps the newest records of a bucket between asks: after joins, in-place updates,
    records leaving and coming back, a refused transaction and another process's writes, it always equals what the
    records themselves say."""
    import random

    rng = random.Random(7)

    def truth(tx: object, status: str) -> list[tuple[object, ...]]:
        return [(d["key"], d["n"]) for d in tx.where("tickets", last=3, status=status)]  # type: ignore[attr-defined]

    with store.transaction() as tx:
        for n in range(6):
            tx.insert("tickets", {"key": f"T{n}", "n": n, "status": "done"})
    for step in range(60):
        try:
            with store.transaction() as tx:
                assert tx.pluck("tickets", ("key", "n"), last=3, status="done") == truth(tx, "done")
                key = f"T{rng.randrange(8)}"
                if tx.get("tickets", key) is None:
                    tx.insert("tickets", {"key": key, "n": step, "status": "done"})
                elif rng.random() < 0.5:
                    tx.update("tickets", key, {"n": step})  # in place: its values change, not its place
                else:
                    tx.update("tickets", key, {"status": rng.choice(["done", "waiting"])})
                assert tx.pluck("tickets", ("key", "n"), last=3, status="done") == truth(tx, "done")
                assert tx.pluck("tickets", ("key", "n"), last=3, status="waiting") == truth(tx, "waiting")
                if step % 4 == 0:
                    raise Boom  # rolled back: the kept newest records go back too
        except Boom:
            pass
        with store.snapshot() as snap:
            assert snap.pluck("tickets", ("key", "n"), last=3, status="done") == truth(snap, "done")
    with Store(store.path).snapshot() as other, store.snapshot() as snap:
        assert other.pluck("tickets", ("key", "n"), last=3, status="done") == truth(snap, "done")


# --------------------------------------------------------------------------------------------- two openers


def test_second_store_sees_writes_even_with_a_warm_cache(path: Path) -> None:
    """Two Store objects on one path share nothing but the file, like two processes.

    Each round warms the second opener's cache, lets the first commit once or twice (same-sized records, so
    only the file's identity tells the states apart), and checks the second reads the newest state.
    """
    first = Store(path, durable=False)
    first.create()
    first.open()
    second = Store(path, durable=False)
    with first.transaction() as tx:
        tx.insert("counter", {"key": "c", "n": 100})
    expected = 100
    for round_ in range(60):
        with second.snapshot() as snap:
            assert snap.get("counter", "c")["n"] == expected
        for _ in range(1 + round_ % 2):
            with first.transaction() as tx:
                tx.update("counter", "c", {"n": tx.get("counter", "c")["n"] + 1})
            expected += 1
        with second.transaction() as tx:
            assert tx.get("counter", "c")["n"] == expected
            tx.update("counter", "c", {"n": expected + 1})
        expected += 1
        with first.snapshot() as snap:
            assert snap.get("counter", "c")["n"] == expected


def test_second_store_sees_a_restore(store: Store, path: Path) -> None:
    reader = Store(path, durable=False)
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001"})
    store.checkpoint()
    snapshot_copy = path.with_name("copy.json")
    snapshot_copy.write_bytes(path.read_bytes())
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A002"})
    with reader.snapshot() as snap:
        assert len(snap.records("tickets")) == 2
    store.restore(snapshot_copy)
    with reader.snapshot() as snap:
        assert snap.records("tickets") == [{"key": "A001"}]


# --------------------------------------------------------------------------------------------- backups


class FakeTime:
    """Stands in for the ``time`` module inside kiosk.store; ``now`` moves only when a test says so.

    Backup names have a one-second resolution, so each commit that should leave a backup advances the clock.
    """

    def __init__(self) -> None:
        self.now = time.time()
        self.monotonic = time.monotonic
        self.sleep = time.sleep

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(store_module, "time", fake)
    return fake


def test_backups_rotate_newest_first_as_whole_files(path: Path, clock: FakeTime) -> None:
    store = Store(path, backups_keep=3, backup_interval_minutes=0, durable=False)
    store.create()
    store.open()
    for n in range(1, 7):
        clock.now += 1.5
        with store.transaction() as tx:
            tx.insert("tickets", {"key": f"A{n:03d}"})
        newest = store.backups()[0]
        assert newest.stat().st_ino != path.stat().st_ino  # a file of its own, never a link to the data file

    backups = store.backups()
    assert len(backups) == 3
    assert backups == sorted(backups, key=lambda p: p.stat().st_mtime, reverse=True)
    # Newest first, each the whole hall just before a commit (a fold: no journal needed to read it).
    held = [sorted(json.loads(p.read_bytes()).get("tickets", {}).values(), key=str) for p in backups]
    assert [[t["key"] for t in tickets] for tickets in held] == [
        [f"A{n:03d}" for n in range(1, last)] for last in (6, 5, 4)
    ]
    assert store.stat()["backups"] == [p.name for p in backups]


def test_backups_respect_the_interval(path: Path) -> None:
    store = Store(path, backups_keep=5, backup_interval_minutes=60, durable=False)
    store.create()
    store.open()
    for n in range(5):
        with store.transaction() as tx:
            tx.insert("tickets", {"key": f"A{n:03d}"})
    assert len(store.backups()) == 1  # the first commit backs up; the next are within the hour
    assert Store(path, backup_interval_minutes=60).backups() == store.backups()


def test_restore_puts_a_backup_back_and_keeps_the_bad_file(path: Path, clock: FakeTime) -> None:
    store = Store(path, backups_keep=5, backup_interval_minutes=0, durable=False)
    store.create()
    store.open()
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001"})
    clock.now += 1.5
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A002"})
    backup = store.backups()[0]  # taken just before A002
    good = backup.read_bytes()
    path.write_bytes(b'{"tickets": {"1": {"key": "A0')  # damaged in place, by hand or by a disk fault
    with pytest.raises(StoreError):
        Store(path).open()

    store.restore(backup)

    assert [t["key"] for t in json.loads(path.read_bytes())["tickets"].values()] == ["A001"]
    assert backup.read_bytes() == good
    bad = list(path.parent.glob(f"{path.name}.2*.bad"))
    assert len(bad) == 1 and bad[0].read_bytes() == b'{"tickets": {"1": {"key": "A0'
    kept_journal = list(path.parent.glob(f"{store.journal_path.name}.*.bad"))
    assert len(kept_journal) == 1 and b"A002" in kept_journal[0].read_bytes(), "the journal's records are kept too"
    Store(path).open()
    with store.transaction() as tx:
        assert [r["key"] for r in tx.records("tickets")] == ["A001"]


def test_restore_refuses_an_unreadable_backup(store: Store, path: Path) -> None:
    broken = path.with_name("broken.json")
    broken.write_bytes(b"[]")
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        store.restore(broken)
    assert raised.value.key == "store.unreadable"
    assert path.read_bytes() == before


def test_restore_that_fails_midway_never_leaves_the_store_without_its_file(
    store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise the next open() would start an empty store while the data sits in the ``.bad`` file."""
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "A001"})
    backup = path.with_name("backup.json")
    backup.write_bytes(b"{}")
    before = path.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "write_atomic", crash)
    with pytest.raises(OSError):
        store.restore(backup)
    monkeypatch.undo()
    assert path.read_bytes() == before
    Store(path).open()
    with Store(path).snapshot() as snap:
        assert snap.records("tickets") == [{"key": "A001"}]


# --------------------------------------------------------------------------------------------- archive


def ticket(day: date, n: int, **fields: object) -> dict[str, object]:
    return {"key": f"{day.isoformat()}/A{n:03d}", "day": day.isoformat(), **fields}


def test_archive_add_merges_by_key(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive", durable=False)
    day = date(2026, 11, 20)
    first = [ticket(day, 1, status="served"), ticket(day, 2, status="waiting")]
    archive.add(day, {"tickets": first})
    archive.add(day, {"tickets": first})  # a day moved twice (crash between archiving and trimming)
    archive.add(
        day,
        {
            "tickets": [ticket(day, 2, status="no-show"), ticket(day, 3, status="served")],
            "requests": [{"key": "R1", "code": "RQ5Z"}],
        },
    )

    tables = archive.read_day(day)
    assert sorted(tables) == ["requests", "tickets"]
    keys = [doc["key"] for doc in tables["tickets"].values()]
    assert keys == ["2026-11-20/A001", "2026-11-20/A002", "2026-11-20/A003"]
    assert tables["tickets"]["2"]["status"] == "no-show"  # the later copy wins
    assert archive.read_day(date(2026, 11, 19)) == {}


def test_archive_refuses_a_different_record_on_a_closed_day(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive", durable=False)
    day = date(2026, 11, 20)
    archive.add(day, {"tickets": [ticket(day, 1, status="done")]})
    archive.mark_closed(day)
    archive.add(day, {"tickets": [ticket(day, 1, status="done")]})  # the same record again: harmless

    with pytest.raises(StoreError) as refused:
        archive.add(day, {"tickets": [ticket(day, 1, status="waiting")]})
    assert refused.value.key == "archive.conflict"
    assert "2026-11-20/A001" in str(refused.value)
    assert archive.read_day(day)["tickets"]["1"]["status"] == "done"


def test_archive_locate_and_find_by_code(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive", durable=False)
    archive.add(date(2026, 11, 19), {"appointments": [{"key": "B7QK", "code": "B7QK", "name": "Li"}]})
    archive.add(
        date(2026, 11, 20),
        {
            "appointments": [{"key": "C7MX", "code": "C7MX", "name": "Wang"}],
            "requests": [{"key": "R2", "code": "RB7Q"}],
        },
    )
    archive.add(date(2026, 11, 20), {"appointments": [{"key": "C7MX", "code": "C7MX", "name": "Wang"}]})

    assert archive.locate("B7QK") == date(2026, 11, 19)
    assert archive.locate("C7MX") == date(2026, 11, 20)
    assert archive.locate("ZZZZ") is None
    assert archive.find("appointments", "C7MX") == {"key": "C7MX", "code": "C7MX", "name": "Wang"}
    assert archive.find("requests", "RB7Q") == {"key": "R2", "code": "RB7Q"}
    assert archive.find("requests", "C7MX") is None  # right day, wrong table
    assert archive.find("appointments", "ZZZZ") is None
    # Another reader (another process) sees the same index.
    assert Archive(tmp_path / "archive").locate("B7QK") == date(2026, 11, 19)


def test_archive_days_and_records_by_range(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive", durable=False)
    assert archive.days() == []
    assert list(archive.records("tickets", date(2026, 1, 1), date(2026, 12, 31))) == []
    days = [date(2026, 12, 31), date(2026, 11, 20), date(2027, 1, 2), date(2026, 11, 21)]
    for n, day in enumerate(days, start=1):
        archive.add(day, {"tickets": [ticket(day, n), ticket(day, n + 10)]})
    (archive.root / "2026" / "notes.json").write_text("{}")  # not a day: ignored

    assert archive.days() == sorted(days)
    in_range = list(archive.records("tickets", date(2026, 11, 21), date(2026, 12, 31)))
    assert [doc["key"] for doc in in_range] == [
        "2026-11-21/A004",
        "2026-11-21/A014",
        "2026-12-31/A001",
        "2026-12-31/A011",
    ]
    assert list(archive.records("requests", date(2026, 1, 1), date(2027, 12, 31))) == []
    one_day = list(archive.records("tickets", date(2027, 1, 2), date(2027, 1, 2)))
    assert [doc["key"] for doc in one_day] == ["2027-01-02/A003", "2027-01-02/A013"]


def test_store_archive_lives_beside_the_data_file(store: Store, path: Path) -> None:
    with store.transaction() as tx:
        tx.archive.add(date(2026, 11, 20), {"tickets": [ticket(date(2026, 11, 20), 1)]})
    assert store.archive.day_path(date(2026, 11, 20)) == path.parent / "hall-archive" / "2026" / "2026-11-20.json"
    assert store.stat()["archived_days"] == 1
    assert os.path.exists(store.archive.day_path(date(2026, 11, 20)))


# --- one table a line: tables parsed only when used -------------------------------------------------------------


def test_the_file_is_plain_json_one_table_a_line(tmp_path):
    store = Store(tmp_path / "hall.json", durable=False)
    store.create()
    store.open()
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "d/A001", "note": "第一行\nsecond line, with a comma"})
        tx.insert("appointments", {"key": "AX", "name": "张三"})
    store.checkpoint()
    payload = (tmp_path / "hall.json").read_bytes()
    assert json.loads(payload)["tickets"]["1"]["note"] == "第一行\nsecond line, with a comma"
    assert payload.count(b"\n") == 1 + 3 + 1, "an opening line, one line per table, a closing line"


def test_an_untouched_table_is_written_back_byte_for_byte(tmp_path):
    store = Store(tmp_path / "hall.json", durable=False)
    store.create()
    store.open()
    with store.transaction() as tx:
        tx.insert("appointments", {"key": "AX", "name": "张三", "n": 1.5})
    store.checkpoint()
    before = store_module.split_tables((tmp_path / "hall.json").read_bytes())["appointments"]
    fresh = Store(tmp_path / "hall.json", durable=False)
    with fresh.transaction() as tx:
        tx.insert("tickets", {"key": "d/A001"})
        assert tx._base.encoded("appointments") is not None, "appointments were never parsed"
    fresh.checkpoint()
    after = store_module.split_tables((tmp_path / "hall.json").read_bytes())["appointments"]
    assert after == before


def test_a_file_in_another_json_layout_is_read_and_rewritten(tmp_path):
    path = tmp_path / "hall.json"
    path.write_text(json.dumps({"tickets": {"1": {"key": "d/A001"}}}, indent=2), encoding="utf-8")
    store = Store(path, durable=False)
    store.open()
    with store.transaction() as tx:
        assert tx.get("tickets", "d/A001") is not None
        tx.insert("tickets", {"key": "d/A002"})
    assert store_module.split_tables(path.read_bytes()) is not None
    with store.snapshot() as tx:
        assert {r["key"] for r in tx.records("tickets")} == {"d/A001", "d/A002"}


def test_a_damaged_table_line_is_refused_at_open(tmp_path):
    path = tmp_path / "hall.json"
    store = Store(path, durable=False)
    store.create()
    store.open()
    with store.transaction() as tx:
        tx.insert("appointments", {"key": "AX"})
    store.checkpoint()
    damaged = path.read_bytes().replace(b'"key":"AX"', b'"key":"AX"]')
    path.write_bytes(damaged)
    with pytest.raises(StoreError) as refused:
        Store(path, durable=False).open()
    assert refused.value.key == "store.unreadable" and "appointments" in refused.value.params["reason"]
    assert path.read_bytes() == damaged


def test_a_lock_held_too_long_gives_store_busy_and_the_late_lock_is_let_go(tmp_path):
    import fcntl

    store = Store(tmp_path / "hall.json", durable=False, lock_timeout_seconds=0.2)
    store.create()
    store.open()
    holder = os.open(store.lock_path, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another open file: conflicts like another process would
    try:
        with pytest.raises(StoreError) as refused:
            with store.transaction():
                pass
        assert refused.value.key == "store.busy"
    finally:
        os.close(holder)  # the abandoned waiter now gets the lock and must hand it straight back
    with store.transaction() as tx:
        tx.insert("tickets", {"key": "d/A001"})
    with store.snapshot() as tx:
        assert tx.get("tickets", "d/A001") is not None


def test_index_shards_never_differ_only_by_case(tmp_path: Path) -> None:
    """A rating's key 'rating:…' and a code with an 'A' would otherwise share a name on a disk that ignores case."""
    archive = store_module.Archive(tmp_path / "archive", durable=False)
    archive.add(
        date(2026, 11, 23),
        {
            "tickets": [{"key": "2026-11-23/A001", "code": "QAX7K2MN"}],
            "ratings": [{"key": "rating:QAX7K2MN", "subject": "QAX7K2MN"}],
        },
    )
    names = sorted(p.name for p in (tmp_path / "archive" / "index").iterdir())
    assert len({n.lower() for n in names}) == len(names), names
    assert archive.locate("QAX7K2MN") == archive.locate("rating:QAX7K2MN") == date(2026, 11, 23)


def test_an_index_written_before_shards_were_case_safe_is_still_read(tmp_path: Path) -> None:
    archive = store_module.Archive(tmp_path / "archive", durable=False)
    (tmp_path / "archive" / "index").mkdir(parents=True)
    (tmp_path / "archive" / "index" / "a.json").write_text('{"rating:QAX7K2MN": "2026-11-23"}')
    assert archive.locate("rating:QAX7K2MN") == date(2026, 11, 23)
