"""The journal under the data file: one checksummed line per transaction, checkpoints that fold it, readers that
read only what is new, and what a crash or damage at each step leaves behind."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB

from kiosk import integrity, journal
from kiosk.errors import StoreError
from kiosk.store import Store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    Store(tmp_path / "hall.json", durable=False).create()
    return tmp_path / "hall.json"


def add(store: Store, *keys: str) -> None:
    with store.transaction() as tx:
        for key in keys:
            tx.insert("log", {"key": key})


def keys(store: Store) -> list[str]:
    with store.snapshot() as snap:
        return [r["key"] for r in snap.records("log")]


def lines(store: Store) -> list[bytes]:
    return store.journal_path.read_bytes().splitlines(keepends=True)


# --------------------------------------------------------------------------------------------- the format


def test_a_line_carries_its_checksum_and_any_changed_byte_fails_it() -> None:
    line = journal.entry(7, {"tickets": {"3": {"key": "d/A001", "name": "张三"}}, "log": {"4": None}})
    assert line.endswith(b'"}\n') and "张三".encode() in line, "one line, CJK readable"
    assert journal.decode_line(line[:-1]) == {
        "seq": 7,
        "tables": {"tickets": {"3": {"key": "d/A001", "name": "张三"}}, "log": {"4": None}},
    }
    for at in range(len(line) - 1):
        damaged = line[:at] + bytes([line[at] ^ 0x01]) + line[at + 1 : -1]
        assert journal.decode_line(damaged) is None, at
    assert journal.decode_line(line[:-5]) is None


def test_a_write_costs_one_appended_line_and_the_data_file_is_untouched(path: Path) -> None:
    store = Store(path, durable=False, backup_interval_minutes=10**9)
    data_file = path.read_bytes()
    add(store, "a")
    size = store.journal_path.stat().st_size
    add(store, "b")
    grown = store.journal_path.stat().st_size - size
    assert path.read_bytes() == data_file
    assert 0 < grown < 400, "the record and the meta stamp, nothing else"
    assert [json.loads(raw)["seq"] for raw in lines(store)[1:]] == [1, 2]


# --------------------------------------------------------------------------------------------- readers


def test_another_process_reads_only_the_new_records(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer, reader = Store(path, durable=False), Store(path, durable=False)
    add(writer, "a")
    assert keys(reader) == ["a"]
    reads: list[int] = []
    real = journal.read
    monkeypatch.setattr(journal, "read", lambda handle, offset: reads.append(offset) or real(handle, offset))
    loads: list[int] = []
    monkeypatch.setattr(reader, "_load_checkpoint", lambda **kw: loads.append(1))
    add(writer, "b", "c")
    assert keys(reader) == ["a", "b", "c"]
    assert reads == [reader.journal_path.stat().st_size - len(lines(reader)[-1])], "from where it stopped"
    assert loads == [], "the data file was not read again"


def test_a_reader_follows_a_fold_without_reading_the_data_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer, reader = Store(path, durable=False), Store(path, durable=False)
    add(writer, "a")
    assert keys(reader) == ["a"]
    add(writer, "b")
    writer.checkpoint()  # the reader had not seen b: it reads it from the old journal it still holds open
    add(writer, "c")
    monkeypatch.setattr(reader, "_load_checkpoint", lambda **kw: pytest.fail("read the data file again"))
    assert keys(reader) == ["a", "b", "c"]


def test_changed_since_names_the_tables_and_keys_written(path: Path) -> None:
    writer, reader = Store(path, durable=False), Store(path, durable=False)
    add(writer, "a")
    with reader.snapshot() as snap:
        seen = snap.version
    assert reader.changed_since(seen) == {}
    add(writer, "b")
    with writer.transaction() as tx:
        tx.insert("tickets", {"key": "d/A001"})
        tx.set_meta("note", 1)
    changed = reader.changed_since(seen)
    assert changed is not None
    assert changed["log"] == {"b"} and changed["tickets"] == {"d/A001"} and changed["_meta"] == frozenset()
    assert reader.changed_since("not a version") is None, "unknown: everything"
    with reader.snapshot() as snap:
        assert reader.changed_since(snap.version) == {}
        assert snap.version == reader.version(), "a state read to the end has the files' version"


def test_a_snapshot_keeps_its_state_while_another_thread_commits(path: Path) -> None:
    store = Store(path, durable=False)
    add(store, "a")
    committed = threading.Event()

    def write() -> None:
        add(store, "b")
        committed.set()

    with store.snapshot() as before:
        writer = threading.Thread(target=write)
        writer.start()
        assert not committed.wait(0.2), "the commit waits for the snapshot to end"
        assert before.records("log") == [{"key": "a"}] and before.where("log", key="b") == []
    writer.join(5)
    assert committed.is_set() and keys(store) == ["a", "b"]


def test_a_refused_transaction_leaves_no_line_and_no_trace_in_memory(path: Path) -> None:
    store = Store(path, durable=False)
    add(store, "a")
    journal_before = store.journal_path.read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("log", {"key": "b"})
            tx.update("log", "a", {"x": 1})
            raise RuntimeError("refused")
    assert store.journal_path.read_bytes() == journal_before
    with store.snapshot() as snap:
        assert snap.records("log") == [{"key": "a"}] and snap.where("log", key="b") == []


# --------------------------------------------------------------------------------------------- checkpoints


def test_a_checkpoint_folds_the_journal_so_tinydb_alone_reads_every_record(path: Path) -> None:
    store = Store(path, durable=False)
    add(store, "a", "b")
    with store.transaction() as tx:
        tx.remove("log", ["a"])
    assert store.checkpoint() == 2
    with TinyDB(path, access_mode="r") as plain:
        assert plain.table("log").all() == [{"key": "b"}]
    header = journal.decode_line(lines(store)[0][:-1])
    assert header is not None and len(lines(store)) == 1
    assert json.loads(path.read_bytes())["_meta"]["1"]["journal"] == header["journal"], "the data file names it"


def test_the_store_folds_by_itself_when_the_journal_outgrows_the_data_file(path: Path) -> None:
    store = Store(path, durable=False, checkpoint_min_bytes=2000, backup_interval_minutes=10**9)
    for n in range(40):
        add(store, f"k{n:03d}")
        assert store.journal_path.stat().st_size < max(2000, path.stat().st_size) + 400
    assert len(json.loads(path.read_bytes())["log"]) >= 20, "folded at least once"
    assert keys(Store(path)) == [f"k{n:03d}" for n in range(40)]


def test_closing_a_day_folds_at_once(path: Path) -> None:
    store = Store(path, durable=False, backup_interval_minutes=10**9)
    add(store, "a")
    with store.transaction() as tx:
        tx.before_commit(lambda: None)  # what a day close does: an archive write
        tx.insert("log", {"key": "b"})
    assert len(lines(store)) == 1
    assert sorted(d["key"] for d in json.loads(path.read_bytes())["log"].values()) == ["a", "b"]


def test_a_crash_between_the_new_data_file_and_the_new_journal_replays_nothing_twice(path: Path) -> None:
    store = Store(path, durable=False, backup_interval_minutes=10**9)
    add(store, "a", "b")
    old_journal = store.journal_path.read_bytes()
    store.checkpoint()
    store.journal_path.write_bytes(old_journal)  # as if the machine stopped before the new journal's rename
    reader = Store(path, durable=False)
    assert keys(reader) == ["a", "b"], "the old journal is not the data file's: never replayed"
    add(reader, "c")  # the next writer starts the data file's own journal
    assert keys(Store(path)) == ["a", "b", "c"]
    assert not list(path.parent.glob("hall.json.journal.*.stale")), "it was folded: nothing to keep"


def test_a_file_from_before_journals_gets_one_on_its_first_write(tmp_path: Path) -> None:
    path = tmp_path / "hall.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema": 1}}, "log": {"1": {"key": "old"}}}), encoding="utf-8")
    store = Store(path, durable=False)
    assert keys(store) == ["old"]
    add(store, "new")
    assert store.journal_path.exists()
    assert keys(Store(path)) == ["old", "new"]


# --------------------------------------------------------------------------------------------- damage


def test_a_torn_last_record_is_ignored_by_readers_then_cut_off_and_kept_by_the_next_writer(path: Path) -> None:
    store = Store(path, durable=False)
    add(store, "a")
    whole = store.journal_path.read_bytes()
    torn = journal.entry(2, {"log": {"9": {"key": "half"}}})[:-9]
    store.journal_path.write_bytes(whole + torn)  # a crash mid-append
    assert keys(Store(path)) == ["a"], "never half-applied"
    findings = integrity.check(Store(path)).findings
    assert [f.problem for f in findings if f.path == store.journal_path] == ["integrity.journal_torn"]

    add(Store(path, durable=False), "b")
    assert keys(Store(path)) == ["a", "b"]
    kept = list(path.parent.glob("hall.json.journal.*.torn"))
    assert len(kept) == 1 and kept[0].read_bytes() == torn
    assert [f.problem for f in integrity.check(Store(path)).findings] == ["integrity.journal_kept"]


def test_damage_inside_the_journal_is_refused_reported_and_repaired(path: Path) -> None:
    store = Store(path, durable=False, backup_interval_minutes=10**9)
    add(store, "a")
    add(store, "b")
    add(store, "c")
    raw = lines(store)
    raw[2] = raw[2].replace(b'"b"', b'"B"')  # bit rot in the middle: the record of b fails its checksum
    store.journal_path.write_bytes(b"".join(raw))
    with pytest.raises(StoreError) as refused:
        keys(Store(path))
    assert refused.value.key == "store.journal_damaged"
    report = integrity.check(Store(path))
    assert [f.problem for f in report.errors] == ["integrity.journal_damaged"]

    applied, skipped, kept = Store(path, durable=False).repair_journal()
    assert (applied, skipped) == (2, 1) and kept.exists()
    assert keys(Store(path)) == ["a", "c"], "every whole record kept"
    assert not integrity.check(Store(path)).errors
