"""The shared TinyDB data file: transactions under an inter-process lock, durable atomic writes, backups, archive.

Kiosks, counter consoles, the display board and the nightly export are separate processes using one data file.
TinyDB as shipped is unsafe for that (its JSONStorage rewrites the file in place, and its ids and query cache go
stale across processes), so every access here goes through one of two doors:

* :meth:`Store.transaction` takes an exclusive ``flock`` on a sidecar lock file, reads the current file, hands
  the caller a fresh :class:`~tinydb.TinyDB` over that data in memory, and on success writes the result once:
  to a temporary file, ``fsync``, ``os.replace`` over the data file, ``fsync`` of the folder. A crash at any
  instant leaves the old file or the new one, never a mix. An exception inside the block discards everything.
* :meth:`Store.snapshot` reads without a lock: because writers only ever *rename* complete files into place,
  any open of the data file sees one whole committed state.

Records are identified by their business key (field ``key``: ``2026-11-21/A001`` for a ticket, the code for an
appointment or request), never by TinyDB document ids, which are renumbered freely.

The hot file holds only what is still live (today, future appointments, open requests). Closed days move to
:class:`Archive` day files, which exports and reports read, so that a year of history costs nothing when a
ticket is issued. Recent states of the hot file are kept as hard links in a backups folder.

The store is four modules: this one (the :class:`Store`, its transactions and snapshots), :mod:`kiosk.durable`
(files a crash cannot break, and their access), :mod:`kiosk.fileformat` (the file's tables and schema) and
:mod:`kiosk.archive` (closed days and their index). Import them all from here.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import secrets
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar, cast, overload

from tinydb.queries import QueryLike

from kiosk import journal
from kiosk.archive import Archive, PendingArchive, index_shard
from kiosk.durable import PRIVATE, TMP_MARKER, FileAccess, remove_leftovers, write_atomic
from kiosk.errors import Refused, StoreError
from kiosk.fileformat import (
    META_TABLE,
    SCHEMA_VERSION,
    LazyTables,
    Tables,
    _check_schema,
    decode,
    encode,
    encode_table,
    join_tables,
    parse_table,
    split_tables,
)
from kiosk.hotstate import Draft, HotState, Table
from kiosk.hotstate import apply as apply_changes

#: What this module offers, its own and what it re-exports from the modules it was split into (the store's
#: files: :mod:`kiosk.durable`, :mod:`kiosk.fileformat`, :mod:`kiosk.archive`), so ``kiosk.store`` stays the
#: one place to import the store from.
__all__ = [
    "CLOCK_META",
    "CLOCK_REAL",
    "CLOCK_TRAINING",
    "META_TABLE",
    "PRIVATE",
    "SCHEMA_VERSION",
    "TMP_MARKER",
    "Archive",
    "FileAccess",
    "LazyTables",
    "PendingArchive",
    "Store",
    "TableName",
    "Tables",
    "Tx",
    "decode",
    "encode",
    "encode_table",
    "index_shard",
    "join_tables",
    "parse_table",
    "remove_leftovers",
    "split_tables",
    "write_atomic",
]


#: The meta key that says whether a data file is a live hall or a training copy, and its two values.
CLOCK_META = "clock"


CLOCK_REAL = "real"


CLOCK_TRAINING = "training"


log = logging.getLogger("kiosk.store")


R = TypeVar("R")


class TableName(str, Generic[R]):
    """A table's name, typed with the shape of its records (:mod:`kiosk.records`):
    ``TICKETS: TableName[Ticket] = TableName("tickets")``. At run time it is a plain ``str``; the type lets
    :class:`Tx` and the archive hand back ``Ticket`` records from ``TICKETS`` without a cast at every read.
    A plain ``str`` table name still works and gives the raw dicts (``Any``), as TinyDB stores them."""

    __slots__ = ()


class Tx:
    """One transaction (or read-only snapshot) over the hot file, addressed by business keys.

    Both read the hall as this process holds it in memory, brought up to date with the journal; a transaction
    writes in place through a :class:`~kiosk.hotstate.Draft`, undone if the block fails. Records handed out are
    copies: change them through :meth:`update`.
    """

    def __init__(self, state: HotState, archive: Archive, *, readonly: bool, version: str | None = None) -> None:
        self._base = state
        self._draft: Draft | None = None if readonly else state.draft()
        self._version = version
        #: Writes to other files (the archive) that must happen only if the transaction commits, just before it.
        self._before_commit: list[Callable[[], None]] = []
        # In a transaction the archive is written only when the transaction commits (see PendingArchive).
        self.archive: Archive | PendingArchive = archive if readonly else PendingArchive(archive, self)

    @property
    def readonly(self) -> bool:
        """True for a snapshot: any write raises."""
        return self._draft is None

    @property
    def version(self) -> str | None:
        """For a snapshot, the :meth:`Store.version` of the committed state it shows (None in a transaction)."""
        return self._version

    @property
    def dirty(self) -> bool:
        """True once the transaction wrote something (a record, or a pending write to another file)."""
        return bool(self._before_commit) or (self._draft is not None and bool(self._draft.written))

    def before_commit(self, write: Callable[[], None]) -> None:
        """Run ``write`` (to another file, such as an archive day) only when this transaction commits, after the
        block ended cleanly and before the hot file's journal record is written: a refused or failed action writes
        nothing anywhere, and a crash after ``write`` leaves the hot file as it was, so the move is simply
        repeated."""
        self._writable()
        self._before_commit.append(write)

    def changed(self, table: str) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        """(before, after) of each record of ``table`` this transaction wrote so far, in the order first written:
        before is None for a new record, after is None for a removed one. Copies; empty for a snapshot."""
        if self._draft is None or table not in self._draft.written:
            return []
        current = self._draft.table(table)
        docs = current.docs if current is not None else {}
        return [
            (dict(old) if old is not None else None, dict(docs[doc_id]) if doc_id in docs else None)
            for doc_id, old in self._draft.before(table).items()
        ]

    def _writable(self) -> Draft:
        if self._draft is None:
            raise StoreError("store.readonly")
        return self._draft

    def _table(self, table: str) -> Table | None:
        return self._draft.table(table) if self._draft is not None else self._base.table(table)

    def _docs(self, table: str) -> Iterable[dict[str, Any]]:
        found = self._table(table)
        return found.docs.values() if found is not None else ()

    @overload
    def records(self, table: TableName[R]) -> list[R]: ...
    @overload
    def records(self, table: str) -> list[Any]: ...

    def records(self, table: str) -> list[Any]:
        """Every record of ``table``, as plain dicts (copies: change them through :meth:`update`)."""
        return [dict(doc) for doc in self._docs(table)]

    def find(self, table: TableName[R], cond: QueryLike | Callable[[R], bool]) -> list[R]:
        """Records of ``table`` matching a TinyDB query or a plain predicate (typed by the table: a lambda's
        argument is the table's record type). A scan: for equality on fields, :meth:`where` uses an index."""
        match: Callable[[Any], bool] = cond
        return [cast(R, dict(doc)) for doc in self._docs(table) if match(doc)]

    @overload
    def where(self, table: TableName[R], last: int | None = None, **equals: Any) -> list[R]: ...
    @overload
    def where(self, table: str, last: int | None = None, **equals: Any) -> list[Any]: ...

    def where(self, table: str, last: int | None = None, **equals: Any) -> list[Any]:
        """Records of ``table`` whose fields equal ``equals`` (``where(TICKETS, status="waiting")``), from an
        index kept up to date by every write (no scan of the table): in the order they came to match (see
        :meth:`kiosk.hotstate.Table.where`), only the ``last`` ones when given."""
        found = self._table(table)
        if found is None:
            return []
        return [dict(doc) for doc in found.where(equals, last=last)]

    def pluck(
        self, table: str, fields: tuple[str, ...], last: int | None = None, **equals: Any
    ) -> list[tuple[Any, ...]]:
        """The values of ``fields`` of the records :meth:`where` would give, as tuples: for a figure computed
        from many records (a median), without copying them."""
        found = self._table(table)
        if found is None:
            return []
        if last:
            return found.tail(equals, fields, last)  # kept up to date by every write
        return [tuple(map(doc.get, fields)) for doc in found.where(equals, last=last)]

    def count(self, table: str, **equals: Any) -> int:
        """How many records of ``table`` have fields equal to ``equals`` (from the index)."""
        found = self._table(table)
        return found.count(equals) if found is not None else 0

    def highest(self, table: str, field: str, **equals: Any) -> Any:
        """The highest value of ``field`` among the records of ``table`` matching ``equals`` (None when there is
        none), kept by the index: the next number of a day is ``(highest or 0) + 1`` without a scan."""
        found = self._table(table)
        return found.highest(field, equals) if found is not None else None

    @overload
    def get(self, table: TableName[R], key: str) -> R | None: ...
    @overload
    def get(self, table: str, key: str) -> Any: ...

    def get(self, table: str, key: str) -> Any:
        """The record of ``table`` whose business key is ``key``, or None."""
        found = self._table(table)
        doc = found.get(key) if found is not None else None
        return dict(doc) if doc is not None else None

    @overload
    def insert(self, table: TableName[R], record: R) -> None: ...
    @overload
    def insert(self, table: str, record: Mapping[str, Any]) -> None: ...

    def insert(self, table: str, record: Any) -> None:
        """Add ``record`` (which must carry a ``key`` not yet used in ``table``)."""
        draft = self._writable()
        key = record.get("key")
        if not key:
            raise ValueError(f"record for {table} has no business key")
        target = draft.writable(table)
        if target.get(key) is not None:
            raise ValueError(f"{table} already holds {key}")
        draft.put(table, target.next_id(), dict(record))

    def insert_many(self, table: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Add several records at once (keys are trusted unique: used by archive moves and the demo)."""
        draft = self._writable()
        target = draft.writable(table)
        for record in records:
            draft.put(table, target.next_id(), dict(record))

    @overload
    def update(self, table: TableName[R], key: str, fields: Mapping[str, Any]) -> R: ...
    @overload
    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> Any: ...

    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> Any:
        """Change fields of the record ``key``; return the record as it now stands."""
        draft = self._writable()
        target = draft.writable(table)
        doc_id = target.by_key().get(key)
        if doc_id is None:
            raise KeyError(f"{table} has no {key}")
        # A new record replaces the old: a copy handed out earlier, or the undo log, still holds the old one.
        changed = {**target.docs[doc_id], **fields}
        draft.put(table, doc_id, changed)
        return dict(changed)

    def remove(self, table: str, keys: Iterable[str]) -> int:
        """Delete the records whose keys are in ``keys``; return how many went."""
        draft = self._writable()
        wanted = set(keys)
        found = self._table(table)
        if found is None:
            return 0
        ids = [doc_id for key in wanted if (doc_id := found.by_key().get(key)) is not None]
        for doc_id in ids:
            draft.put(table, doc_id, None)
        return len(ids)

    def meta(self, name: str, default: Any = None) -> Any:
        """A value from the store's own bookkeeping (schema version, last closed day)."""
        found = self._table(META_TABLE)
        doc = found.docs.get("1") if found is not None else None
        return (doc or {}).get(name, default)

    def set_meta(self, name: str, value: Any) -> None:
        """Record ``value`` under ``name`` in the store's bookkeeping."""
        draft = self._writable()
        found = draft.table(META_TABLE)
        doc = dict((found.docs.get("1") if found is not None else None) or {})
        doc[name] = value
        draft.put(META_TABLE, "1", doc)


def _version(identity: tuple[int, int, int, int]) -> str:
    return "-".join(str(part) for part in identity)


#: The data file's meta keys that tie it to its journal: the token of the journal that continues it, and the
#: journal and record a fold took in (see :mod:`kiosk.journal`).
JOURNAL_META = journal.TOKEN_META
FOLDED_META = "folded"

#: What a journal record cut short by a crash is kept as, beside the journal (``kiosk check`` reports it).
TORN_SUFFIX = ".torn"

#: While waiting for the lock, how often to read the journal records other processes commit meanwhile: the lock
#: holder then finds only the last few still unread (measured with 10 processes issuing at once on 2 cores:
#: reading the other nine's records under the lock was a third of each transaction's time there).
CATCH_UP_SECONDS = 0.010

#: Changes remembered for :meth:`Store.changed_since`: enough for any screen that looks every second or so.
CHANGES_KEPT = 512


class Store:
    """The hot data file and its journal, its lock, its backups and its archive.

    ``durable=False`` skips the ``fsync`` calls (atomicity is kept): for throw-away test data only. ``access``
    says who may read the files (owner only by default). A checkpoint (the journal folded into the data file) is
    written when the journal has grown as big as the data file (and at least ``checkpoint_min_bytes``), after
    ``checkpoint_records`` records, when a day closes, when a backup is due, and on :meth:`checkpoint`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        backups_keep: int = 24,
        backup_interval_minutes: float = 60,
        lock_timeout_seconds: float = 10.0,
        durable: bool = True,
        access: FileAccess = PRIVATE,
        checkpoint_min_bytes: int = 1 << 20,
        checkpoint_records: int = 20_000,
    ) -> None:
        self.path = Path(path).absolute()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.journal_path = self.path.with_name(self.path.name + journal.SUFFIX)
        self.backups_dir = self.path.with_name(self.path.stem + "-backups")
        self.backups_keep = backups_keep
        self.backup_interval = backup_interval_minutes * 60
        self.lock_timeout = lock_timeout_seconds
        self.durable = durable
        self.access = access
        self.checkpoint_min_bytes = checkpoint_min_bytes
        self.checkpoint_records = checkpoint_records
        self.archive = Archive(self.path.with_name(self.path.stem + "-archive"), durable=durable, access=access)
        # Threads of one process share this lock; flock then orders the processes.
        self._thread_lock = threading.RLock()
        self._last_backup: float | None = None
        # What this process holds of the hall (see _refresh): the state in memory, the data file it was read
        # from (kept open, so that its inode cannot be reused by a later file that would pass for it), the journal
        # that continues it (open too) and how far it was read.
        self._state: HotState | None = None
        self._ck_handle: BinaryIO | None = None
        self._ck_identity: tuple[int, int, int, int] | None = None
        self._ck_token: str | None = None
        self._ck_folded: tuple[str, int] | None = None
        self._j_handle: BinaryIO | None = None
        self._j_append: BinaryIO | None = None
        self._j_ino: int | None = None
        self._j_token: str | None = None
        self._seq = 0
        self._offset = 0
        self._stale: journal.Tail | None = None
        self._records_since_fold = 0
        self._version = ""
        # (version after, table -> business keys written) of the last records applied, for changed_since.
        self._changes: deque[tuple[str, dict[str, frozenset[str]]]] = deque(maxlen=CHANGES_KEPT)

    # -- creating, opening and checking

    def create(self, *, clock: str = CLOCK_REAL) -> None:
        """Make a new hall's data file and its journal, on purpose (``kiosk init``, ``kiosk demo``).

        Refused (:class:`StoreError` ``store.exists``) where the data file, its archive or its backups already
        exist: a hall with a history is never started again empty. ``clock`` records whether the hall runs on
        the real clock (``"real"``) or is a training copy where ``--now`` may set any time (``"training"``).
        """
        found = [str(p) for p in (self.path, self.archive.root, self.backups_dir) if p.exists()]
        if found:
            raise Refused("store.exists", path=str(self.path), found=", ".join(found))
        try:
            self.access.folder(self.path.parent) if not self.path.parent.exists() else None
            with self._locked():
                if self.path.exists():  # another process made it while we waited
                    raise Refused("store.exists", path=str(self.path), found=str(self.path))
                self._write_new({META_TABLE: {"1": {"schema": SCHEMA_VERSION, CLOCK_META: clock}}})
        except OSError as exc:
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None

    def _write_new(self, tables: Tables) -> None:
        """Replace the data file with ``tables`` and start its journal afresh (create, restore, training copy).
        Call with the lock held. The journal is written second: until then the old one, which the new data file
        does not name, is stale and never replayed."""
        token = secrets.token_hex(8)
        meta = dict(tables.get(META_TABLE, {}).get("1", {}))
        meta[JOURNAL_META], meta[FOLDED_META] = token, None
        write_atomic(self.path, encode({**tables, META_TABLE: {"1": meta}}), durable=self.durable, access=self.access)
        write_atomic(self.journal_path, journal.header(token, None), durable=self.durable, access=self.access)
        self._forget()

    def open(self) -> list[Path]:
        """Check that the data file is there and whole, and remove what a crashed writer left behind.

        Never creates anything (a missing file is :meth:`missing_error`, which says what is beside it and how
        to restore) and never waits for writers: the leftovers are removed only when the lock is free at once
        and the folder is writable, so a read works on a read-only mount and beside a stuck writer. Returns
        the leftover files removed. Raises :class:`StoreError` (saying how to recover) when the file or its
        journal cannot be read or was written by a newer Hall Kiosk; it is never replaced by an empty one.
        """
        if not self.path.exists():
            raise self.missing_error()
        removed = self._remove_leftovers_if_free()
        with self._thread_lock:
            self._refresh(locked=False)
            assert self._state is not None
            self._state.parse_all()  # refuse now, not mid-shift, a file that is damaged
        return removed

    def missing_error(self) -> StoreError:
        """The refusal for a data file that is not there, saying what is beside it and how to get it back."""
        backups = self.backups()
        hint: dict[str, Any]
        if backups:
            hint_key, hint = "store.hint_backups", {"newest": backups[0].name, "count": len(backups)}
        elif self.archive.root.exists():
            hint_key, hint = "store.hint_archive", {"archive": str(self.archive.root)}
        else:
            hint_key, hint = "store.hint_new", {}
        return StoreError("store.missing", path=str(self.path), hint_key=hint_key, **hint)

    def clock_mode(self) -> str:
        """``"real"`` for a live hall, ``"training"`` for a copy that a simulated clock (``--now``) may use.

        A file made before this was recorded counts as live."""
        with self.snapshot() as tx:
            return str(tx.meta(CLOCK_META, CLOCK_REAL))

    def _remove_leftovers_if_free(self) -> list[Path]:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, self.access.file_mode)
        except OSError:
            return []  # a read-only mount or folder: nothing can be cleaned, and nothing needs to be
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return []  # a writer is at work: its temporary file is not debris
        try:
            # The data file's, its journal's and a torn record's kept-aside copy: all named after the data file.
            removed = remove_leftovers(self.path.parent, self.path.name + "*")
            if self.backups_dir.exists():
                removed += remove_leftovers(self.backups_dir, "*")
            if self.archive.root.exists():
                # Day files sit in year folders and the code index in its own folder: look in every one.
                for folder in [self.archive.root, *(p for p in self.archive.root.rglob("*") if p.is_dir())]:
                    removed += remove_leftovers(folder, "*")
            return removed
        except OSError:
            return []
        finally:
            os.close(fd)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """An exclusive read-modify-write: the block's changes are one journal record, written when it ends
        cleanly; an exception inside the block (or a failed write) undoes them in memory too."""
        with self._locked():
            self._refresh(locked=True)
            assert self._state is not None
            tx = Tx(self._state, self.archive, readonly=False)
            try:
                yield tx
                if tx.dirty:
                    self._commit(tx)
            except BaseException:
                assert tx._draft is not None
                tx._draft.rollback()  # the state in memory is as it was: nothing was acknowledged
                raise

    @contextmanager
    def snapshot(self) -> Iterator[Tx]:
        """A consistent read-only view of the last committed state, taken without waiting for other processes:
        this process's state, brought up to date with the journal records it had not read. It holds this
        process's thread lock while the block runs (a transaction of another thread of this process waits for it:
        keep the block to reading), since transactions change the state in place."""
        with self._thread_lock:
            self._refresh(locked=False)
            assert self._state is not None
            yield Tx(self._state, self.archive, readonly=True, version=self._version)

    def version(self) -> str:
        """A token that changes with every commit, by anyone, read with two ``stat`` calls (nothing is opened).

        For screens that poll: refresh when it differs from the ``version`` of the snapshot last shown
        (:attr:`Tx.version`). Every commit appends to the journal (its size grows) and every fold renames a new
        data file and a new journal into place; while this process holds the files it last read open, their
        inodes cannot be reused by later ones, so an unchanged token means unchanged files.
        """
        identity = self._identity()
        if identity is None:
            raise self.missing_error()
        try:
            st = os.stat(self.journal_path)
            journal_part = f"{st.st_ino}-{st.st_size}"
        except FileNotFoundError:
            journal_part = "none"
        return f"{_version(identity)}/{journal_part}"

    def changed_since(self, version: str | None) -> dict[str, frozenset[str]] | None:
        """What changed since the state whose version (:attr:`Tx.version`, :meth:`version`) was ``version``:
        table -> business keys written or removed (the meta table with no keys). None when that cannot be told
        (an unknown or too old version, a data file read afresh): treat it as "everything". Catches up first
        (reads the journal's new records: small I/O, keep it off an event loop)."""
        with self._thread_lock:
            self._refresh(locked=False)
            if version == self._version:
                return {}
            versions = [end for end, _ in self._changes]
            if version not in versions:
                return None
            merged: dict[str, set[str]] = {}
            for _, keys in list(self._changes)[versions.index(version) + 1 :]:
                for table, found in keys.items():
                    merged.setdefault(table, set()).update(found)
            return {table: frozenset(found) for table, found in merged.items()}

    def stat(self) -> dict[str, Any]:
        """Facts about the files for ``kiosk check``: sizes, record counts, backups, archived days."""
        with self.snapshot() as tx:
            counts = {name: len(docs) for name, docs in tx._base.tables().items() if name != META_TABLE}
        try:
            journal_bytes = self.journal_path.stat().st_size
        except OSError:
            journal_bytes = 0
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            "journal_bytes": journal_bytes,
            "records": counts,
            "backups": [p.name for p in self.backups()],
            "archived_days": len(self.archive.days()),
        }

    def tables(self) -> Tables:
        """Every table of the hall as it stands (data file and journal), as TinyDB lays it out: copies."""
        with self.snapshot() as tx:
            return tx._base.copied_tables()

    def describe_backup(self, backup: Path) -> dict[str, Any]:
        """What a backup holds, to choose one before restoring: ``{name, bytes, taken, records}`` (records per
        table, ``None`` when the backup cannot be read)."""
        st = backup.stat()
        try:
            tables = decode(backup.read_bytes(), backup)
            records: dict[str, int] | None = {name: len(docs) for name, docs in tables.items() if name != META_TABLE}
        except (StoreError, OSError):
            records = None
        return {
            "name": backup.name,
            "bytes": st.st_size,
            "records": records,
            "taken": datetime.fromtimestamp(st.st_mtime).astimezone().isoformat(timespec="seconds"),
        }

    def backups(self) -> list[Path]:
        """Backups of the hot file, newest first."""
        if not self.backups_dir.exists():
            return []
        return sorted(self.backups_dir.glob(f"{self.path.stem}-*.json"), reverse=True)

    def restore(self, backup: Path, reconcile: Callable[[Tables, Tables | None], Tables] | None = None) -> Path | None:
        """Put ``backup`` back as the data file (with a new, empty journal); return where the replaced file was
        kept (None if there was none).

        ``reconcile(restored, current)`` may change the backup's tables before they are written: it gets the
        current hall's tables too (data file and journal; None when they cannot be read) so that closed days and
        today's audit log are not silently lost (see :mod:`kiosk.recovery`). The replaced data file is kept
        beside it under a name that never collides (``hall.json.<time>.<random>.bad``), its journal likewise.
        """
        restored = decode(Path(backup).read_bytes(), Path(backup))
        _check_schema(restored.get(META_TABLE, {}), Path(backup))
        with self._locked():
            kept: Path | None = None
            current: Tables | None = None
            if self.path.exists():
                try:
                    self._refresh(locked=True)
                    assert self._state is not None
                    current = self._state.copied_tables()
                except (StoreError, OSError):
                    current = None
                # Linked, not moved: until the backup replaces it the data file stays in place, so a crash here
                # never leaves the store without a file.
                kept = self._keep_aside(self.path, "bad")
                if self._journal_holds_records():
                    self._keep_aside(self.journal_path, "bad")
            if reconcile is not None:
                restored = reconcile(restored, current)
            self._write_new(restored)
        return kept

    def repair_journal(self) -> tuple[int, int, Path]:
        """A damaged journal (a record failing its checksum with valid ones after it): fold every whole record
        into a new data file, keep the journal aside (``.bad``) and start a new one. Returns how many records
        were kept, how many lines were skipped and where the journal was kept (``kiosk check --repair``)."""
        with self._locked():
            payload = self.path.read_bytes()
            tables = decode(payload, self.path)
            _check_schema(tables.get(META_TABLE, {}), self.path)
            with open(self.journal_path, "rb") as handle:
                tail = journal.read(handle, 0)
            applied = 0
            if tail.token is not None and tail.token == journal.token_of(tables):
                for _, changes, _ in sorted(tail.entries + tail.after_damage, key=lambda e: e[0]):
                    journal.apply_to(tables, changes)
                    applied += 1
            kept = self._keep_aside(self.journal_path, "bad")
            self._write_new(tables)
        return applied, len(tail.damaged), kept

    def _journal_holds_records(self) -> bool:
        """Whether the journal holds anything past its header (worth keeping aside when it is replaced)."""
        try:
            with open(self.journal_path, "rb") as handle:
                first = handle.readline()
                return bool(handle.read(1)) or not first.endswith(b"\n")
        except OSError:
            return False

    def copy_for_training(self, target: Store) -> None:
        """Copy this hall (hot file and archive, as one consistent state) to ``target`` as a training copy, where
        a simulated clock (``--now``) may be used. Refused where ``target`` already has files."""
        found = [str(p) for p in (target.path, target.archive.root, target.backups_dir) if p.exists()]
        if found:
            raise Refused("store.exists", path=str(target.path), found=", ".join(found))
        with self._locked():
            self._refresh(locked=True)
            assert self._state is not None
            tables = self._state.copied_tables()
            target.access.folder(target.path.parent) if not target.path.parent.exists() else None
            if self.archive.root.exists():
                for source in sorted(self.archive.root.rglob("*")):
                    if source.is_file() and TMP_MARKER not in source.name:
                        copy = target.archive.root / source.relative_to(self.archive.root)
                        target.access.folder(copy.parent)
                        write_atomic(copy, source.read_bytes(), durable=target.durable, access=target.access)
        meta = dict(tables.get(META_TABLE, {}).get("1", {}))
        meta[CLOCK_META] = CLOCK_TRAINING
        tables[META_TABLE] = {"1": meta}
        with target._locked():
            target._write_new(tables)

    def _keep_aside(self, source: Path, suffix: str) -> Path:
        """Link ``source`` to a new name beside it that no earlier one has (time to the microsecond and a random
        part; ``os.link`` refuses an existing name, so even a clash is retried, never overwritten)."""
        while True:
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S.%f")
            target = source.with_name(f"{source.name}.{stamp}.{secrets.token_hex(2)}.{suffix}")
            try:
                os.link(source, target)
                return target
            except FileExistsError:
                continue
            except OSError:
                if target.exists():
                    continue
                shutil.copy2(source, target)
                return target

    # -- internals

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, self.access.file_mode)
                if os.fstat(fd).st_mode & 0o777 != self.access.file_mode:
                    self.access.apply_fd(fd)
            except OSError as exc:
                raise StoreError("store.io", path=str(self.lock_path), reason=exc.strerror or str(exc)) from None
            try:
                self._acquire(fd)
                yield
            finally:
                os.close(fd)  # closing the descriptor releases the flock

    def _acquire(self, fd: int) -> None:
        """Take the exclusive lock, waiting at most ``lock_timeout``.

        When the lock is busy the wait is a *blocking* ``flock``, queued in the kernel and woken as soon as the
        holder lets go; polling instead would let a busy process take the lock again and again before a poller
        looked (measured: single waits of over a second with four processes issuing back to back). The blocking
        call runs in a helper thread so that the wait can time out; it works on a duplicate of ``fd``, which
        shares its lock. If the wait is given up and the lock arrives later, the helper releases it at once.
        While it waits, this thread reads the records the others commit (every :data:`CATCH_UP_SECONDS`), so
        that little is left to read once the lock is held.
        """
        if self._state is None:
            self._catch_up()  # a process's first read of the data file, the longest, made before taking the lock
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
        # Busy: read what the others committed while their holder works, so that what is read under the lock is
        # only what is committed from now on (a free lock is read under at once: nothing to gain there).
        self._catch_up()
        waiter_fd = os.dup(fd)
        decided = threading.Lock()
        outcome: list[BaseException | None] = []
        abandoned = False

        def wait() -> None:
            try:
                fcntl.flock(waiter_fd, fcntl.LOCK_EX)
                error: BaseException | None = None
            except OSError as exc:
                error = exc
            with decided:
                if abandoned and error is None:
                    fcntl.flock(waiter_fd, fcntl.LOCK_UN)
                outcome.append(error)
            os.close(waiter_fd)  # fd still holds the lock (flock locks belong to the shared open file)

        waiter = threading.Thread(target=wait, name="store-lock-wait", daemon=True)
        waiter.start()
        deadline = time.monotonic() + self.lock_timeout
        while (left := deadline - time.monotonic()) > 0:
            waiter.join(min(left, CATCH_UP_SECONDS))
            if not waiter.is_alive():
                break
            self._catch_up()
        with decided:
            if not outcome:
                abandoned = True
                raise StoreError("store.busy", path=str(self.path), seconds=self.lock_timeout)
        if outcome[0] is not None:
            raise outcome[0]

    def _catch_up(self) -> None:
        """Read what other processes committed, without the lock (as a snapshot does); any trouble is left for
        the read under the lock to report."""
        with contextlib.suppress(StoreError, OSError):
            self._refresh(locked=False)

    def _identity(self) -> tuple[int, int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    # -- following the files: the checkpoint, then the journal's new records

    def _refresh(self, *, locked: bool) -> None:
        """Bring this process's state up to the files: read only the journal records not yet seen, the data file
        only when it was rewritten other than by a fold this state already holds. ``locked``: the caller holds the
        store's lock, so bytes after the last whole record are a write that a crash cut short, not one under way:
        they are cut off and kept aside (see :meth:`_discard_torn`)."""
        checkpoint = self._identity()
        if checkpoint is None:
            raise self.missing_error()
        if self._state is None or checkpoint != self._ck_identity:
            if self._state is None or not self._follow_fold(checkpoint, locked=locked):
                self._load_checkpoint(locked=locked)
            return
        self._read_journal(locked=locked)

    def _load_checkpoint(self, *, locked: bool) -> None:
        """Read the data file afresh (tables kept encoded until used), then the journal that continues it."""
        self._forget()
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            raise self.missing_error() from None
        except OSError as exc:
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
        with contextlib.ExitStack() as on_error:
            on_error.callback(handle.close)
            try:
                payload = handle.read()
            except OSError as exc:
                raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
            fragments = split_tables(payload)
            if fragments is None:  # another layout (an older or hand-made file): parse it whole, once
                fragments = {name: encode_table(table) for name, table in decode(payload, self.path).items()}
            meta = parse_table(fragments[META_TABLE], self.path, META_TABLE) if META_TABLE in fragments else {}
            _check_schema(meta, self.path)
            on_error.pop_all()
        st = os.fstat(handle.fileno())
        self._ck_handle = handle
        self._ck_identity = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        doc = meta.get("1", {}) if isinstance(meta.get("1"), dict) else {}
        self._ck_token = journal.token_of({META_TABLE: meta})
        folded = doc.get(FOLDED_META)
        self._ck_folded = (str(folded[0]), int(folded[1])) if isinstance(folded, list) and len(folded) == 2 else None
        self._state = HotState(fragments, self.path)
        self._changes.clear()
        self._read_journal(locked=locked)
        self._changes.clear()  # a reload tells nothing about what changed before it: only "everything"
        self._version = self._state_version()
        self._changes.append((self._version, {}))  # ... but what changes after it is told from here

    def _read_journal(self, *, locked: bool) -> None:
        """Apply the journal records not yet seen (the journal that continues the data file; any other is stale)."""
        try:
            st = os.stat(self.journal_path)
        except FileNotFoundError:
            if self._j_ino is not None:  # the journal went away under us (by hand): only the data file is left
                self._j_ino, self._j_token, self._offset = None, None, 0
                self._close_journal()
                self._version = self._state_version()
            return
        except OSError as exc:
            raise StoreError("store.io", path=str(self.journal_path), reason=exc.strerror or str(exc)) from None
        if st.st_ino != self._j_ino:
            if self._j_token is not None:  # a new journal with no new data file: a restore by hand; read afresh
                self._load_checkpoint(locked=locked)
                return
            self._open_journal(st.st_ino, locked=locked)
        elif self._j_token is not None and st.st_size != self._offset:
            if st.st_size < self._offset:  # cut shorter than what was read: nothing but a repair does that
                self._load_checkpoint(locked=locked)
                return
            assert self._j_handle is not None
            self._apply_tail(journal.read(self._j_handle, self._offset), locked=locked)

    def _open_journal(self, inode: int, *, locked: bool) -> None:
        self._close_journal()
        try:
            handle = open(self.journal_path, "rb")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError("store.io", path=str(self.journal_path), reason=exc.strerror or str(exc)) from None
        if os.fstat(handle.fileno()).st_ino != inode:  # replaced between the stat and the open: look again
            handle.close()
            self._read_journal(locked=locked)
            return
        tail = journal.read(handle, 0)
        self._j_handle, self._j_ino = handle, inode
        if tail.token is None or tail.token != self._ck_token:
            # Stale: folded into the data file already, or written for another one (a restore). Never replayed;
            # the next write replaces it (see _ensure_journal).
            self._j_token, self._offset = None, os.fstat(handle.fileno()).st_size
            self._stale = tail
            return
        self._j_token, self._seq, self._offset, self._stale = tail.token, 0, 0, None
        self._apply_tail(tail, locked=locked)

    def _apply_tail(self, tail: journal.Tail, *, locked: bool) -> None:
        """Apply whole, valid records read from the journal; refuse a damaged one, never half-apply anything."""
        if tail.damaged:
            raise StoreError("store.journal_damaged", path=str(self.journal_path), offset=tail.damaged[0])
        assert self._state is not None
        for seq, changes, end in tail.entries:
            keys = apply_changes(self._state, changes)
            self._seq, self._offset = seq, end
            self._note_change(keys, end=self._state_version())
        self._offset = tail.end
        if tail.rest and locked:
            self._discard_torn(tail)
        self._version = self._state_version()

    def _discard_torn(self, tail: journal.Tail) -> None:
        """A record a crash cut short (only the lock holder can tell: nobody else is writing): cut it off, so
        the next record follows a whole one, and keep its bytes aside beside the journal, where ``kiosk check``
        reports it. It was never acknowledged: its transaction did not happen."""
        aside = self.journal_path.with_name(
            f"{self.journal_path.name}.{datetime.now():%Y%m%dT%H%M%S}.{secrets.token_hex(2)}{TORN_SUFFIX}"
        )
        write_atomic(aside, tail.rest, durable=self.durable, access=self.access)
        fd = os.open(self.journal_path, os.O_WRONLY)
        try:
            os.ftruncate(fd, tail.end)
            if self.durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        log.warning(
            "journal %s: %d bytes of a write cut short were discarded, kept in %s",
            self.journal_path,
            len(tail.rest),
            aside,
        )

    def _follow_fold(self, checkpoint: tuple[int, int, int, int], *, locked: bool) -> bool:
        """The data file was rewritten: when it is the fold of exactly what this process holds (the new journal
        says it follows our journal at our last record), carry on with the new journal without reading the data
        file. False when a full read is needed."""
        if self._j_handle is None or self._j_token is None:
            return False
        old = journal.read(self._j_handle, self._offset)  # the records the fold took in that we had not read
        if old.damaged:
            return False
        try:
            handle = open(self.journal_path, "rb")
        except OSError:
            return False
        new = journal.read(handle, 0)
        last = old.entries[-1][0] if old.entries else self._seq
        if new.token is None or new.follows != (self._j_token, last):
            handle.close()
            return False
        try:
            ck_handle = open(self.path, "rb")
        except OSError:
            handle.close()
            return False
        st = os.fstat(ck_handle.fileno())
        if (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) != checkpoint:
            ck_handle.close()  # rewritten again meanwhile
            handle.close()
            return False
        self._apply_tail(old, locked=False)
        if self._ck_handle is not None:
            self._ck_handle.close()
        self._close_journal()
        self._ck_handle, self._ck_identity, self._ck_token = ck_handle, checkpoint, new.token
        self._j_handle, self._j_ino, self._j_token = handle, os.fstat(handle.fileno()).st_ino, new.token
        self._seq, self._offset = 0, 0
        self._apply_tail(new, locked=locked)
        self._version = self._state_version()
        return True

    def _note_change(self, keys: dict[str, set[str]], end: str) -> None:
        self._changes.append((end, {t: frozenset(k) for t, k in keys.items()}))

    def _state_version(self) -> str:
        assert self._ck_identity is not None
        journal_part = f"{self._j_ino}-{self._offset}" if self._j_ino is not None else "none"
        return f"{_version(self._ck_identity)}/{journal_part}"

    # -- writing

    def _commit(self, tx: Tx) -> None:
        """Write the transaction: its journal record, appended and synced; a checkpoint when one is due."""
        assert tx._draft is not None and self._state is not None
        for write in tx._before_commit:
            write()
        folding = bool(tx._before_commit)  # a day closed (the archive written): fold at once
        changes = tx._draft.changes()
        if changes and (self._j_token is None or self._backup_due()):
            # Fold the hall as it was before this write (a backup keeps that state; a hall without a journal of
            # its own gets one): take the write back, fold, and make it again, record for record.
            tx._draft.rollback()
            self._ensure_journal()
            if self._backup_due():
                self._checkpoint()
            for name, docs in changes.items():  # through the draft again, so a failure below still undoes it
                for doc_id, doc in docs.items():
                    tx._draft.put(name, doc_id, doc)
        if changes:
            line = journal.entry(self._seq + 1, changes)
            self._append(line)
            self._seq += 1
            self._offset += len(line)
            self._version = self._state_version()
            self._note_change(tx._draft.keys, end=self._version)
            self._records_since_fold += 1
        if folding or self._fold_due():
            self._checkpoint()

    def _append(self, line: bytes) -> None:
        fd = self._append_fd()
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            if self.durable:
                os.fdatasync(fd)
        except OSError as exc:
            # Not written, or not surely on disk: take it back, so no reader applies what was not acknowledged.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._offset)
            raise StoreError("store.io", path=str(self.journal_path), reason=exc.strerror or str(exc)) from None

    def _append_fd(self) -> int:
        """The descriptor this process appends to the journal through: opened on the first commit to this
        journal and kept until the journal changes (:meth:`_close_journal`), which saves an open, a check and a
        close on every commit."""
        if self._j_append is None:
            try:
                fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND)  # never creates one
            except OSError as exc:
                raise StoreError("store.io", path=str(self.journal_path), reason=exc.strerror or str(exc)) from None
            # A file object rather than the bare descriptor: it is closed with the store if nobody closes it.
            handle = os.fdopen(fd, "ab", buffering=0)
            if os.fstat(fd).st_ino != self._j_ino:
                handle.close()
                raise StoreError("store.io", path=str(self.journal_path), reason="replaced while locked")
            self._j_append = handle
        return self._j_append.fileno()

    def _ensure_journal(self) -> None:
        """Make sure the data file has its journal to append to: a hall from before journals, or a journal left
        stale by a fold or a restore, gets a fold now (a stale journal that holds anything the data file does not
        is kept aside and reported first)."""
        if self._j_token is not None:
            return
        stale = self._stale
        if stale is not None and stale.token is not None:
            last = max((e[0] for e in stale.entries + stale.after_damage), default=0)
            folded = self._ck_folded is not None and stale.token == self._ck_folded[0] and last <= self._ck_folded[1]
            if not folded and (stale.entries or stale.after_damage):
                kept = self._keep_aside(self.journal_path, "stale")
                log.warning("journal %s does not continue %s: kept as %s", self.journal_path, self.path, kept)
        self._checkpoint()

    def _fold_due(self) -> bool:
        """Fold when the journal holds as many bytes as the data file (so folding never writes more than twice
        what the journal did, and a start-up never replays more than it reads) and at least
        :attr:`checkpoint_min_bytes`, or after :attr:`checkpoint_records` records."""
        assert self._ck_identity is not None
        size = max(self.checkpoint_min_bytes, self._ck_identity[1])
        return self._offset >= size or self._records_since_fold >= self.checkpoint_records

    def checkpoint(self) -> int:
        """Fold the journal into the data file now (``kiosk checkpoint``): afterwards a plain TinyDB open of the
        data file shows every record. Returns how many journal records were folded."""
        with self._locked():
            self._refresh(locked=True)
            folded = self._seq if self._j_token is not None else 0
            self._checkpoint()
            return folded

    def _checkpoint(self) -> None:
        """Write the current state as the new data file (temporary file, ``fsync``, rename), then start a new
        journal whose header says which records it folded. A crash between the two leaves the new data file
        and the old journal, which the data file no longer names: stale, never replayed (it was folded)."""
        assert self._state is not None
        token = secrets.token_hex(8)
        folded = (self._j_token, self._seq) if self._j_token is not None else None
        payload = self._encode_state(token, folded)
        header = journal.header(token, folded)
        try:
            write_atomic(self.path, payload, durable=self.durable, access=self.access)
            if self._backup_due():
                self._take_backup(payload)
            write_atomic(self.journal_path, header, durable=self.durable, access=self.access)
        except OSError as exc:
            self._forget()
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
        self._forget_files()
        self._ck_handle = open(self.path, "rb")  # ours: the lock is still held
        st = os.fstat(self._ck_handle.fileno())
        self._ck_identity = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        self._ck_token, self._ck_folded = token, folded
        self._j_handle = open(self.journal_path, "rb")
        self._j_ino, self._j_token = os.fstat(self._j_handle.fileno()).st_ino, token
        self._seq, self._offset, self._stale = 0, len(header), None
        self._records_since_fold = 0
        self._version = self._state_version()
        self._changes.append((self._version, {}))

    def _encode_state(self, token: str, folded: tuple[str, int] | None) -> bytes:
        assert self._state is not None
        fragments: dict[str, bytes] = {}
        for name in self._state.names():
            if name == META_TABLE:
                table = self._state.table(name)
                doc = dict((table.docs.get("1") if table is not None else None) or {})
                doc[JOURNAL_META], doc[FOLDED_META] = token, list(folded) if folded else None
                fragments[name] = encode_table({"1": doc})
                continue
            encoded = self._state.encoded(name)
            if encoded is None:
                table = self._state.table(name)
                encoded = encode_table(table.docs if table is not None else {})
            fragments[name] = encoded
        return join_tables(fragments)

    def _forget_files(self) -> None:
        if self._ck_handle is not None:
            self._ck_handle.close()
            self._ck_handle = None
        self._close_journal()

    def _close_journal(self) -> None:
        if self._j_handle is not None:
            self._j_handle.close()
            self._j_handle = None
        if self._j_append is not None:
            self._j_append.close()
            self._j_append = None

    def _forget(self) -> None:
        """Drop what this process holds: the next read starts from the files."""
        self._forget_files()
        self._state, self._ck_identity, self._ck_token, self._ck_folded = None, None, None, None
        self._j_ino, self._j_token, self._seq, self._offset, self._stale = None, None, 0, 0, None
        self._changes.clear()

    # -- backups

    def _backup_due(self) -> bool:
        """Whether the newest backup is old enough for another. Backups that claim a time in the future (written
        while the clock was ahead) never stop the rotation: they do not count as recent."""
        now = time.time()
        if self._last_backup is None or self._last_backup > now:
            self._last_backup = max((m for m in (_mtime(p) for p in self.backups()) if m <= now), default=0.0)
        return now - self._last_backup >= self.backup_interval

    def _take_backup(self, payload: bytes) -> None:
        """Keep the state just folded as a backup: a whole data file, written as a file of its own (not a link to
        the data file, which would share its blocks and its fate)."""
        now = time.time()
        self.access.folder(self.backups_dir)
        stamp = datetime.fromtimestamp(now).strftime("%Y%m%dT%H%M%S")
        target = self.backups_dir / f"{self.path.stem}-{stamp}.json"
        if not target.exists():
            write_atomic(target, payload, durable=self.durable, access=self.access)
            os.utime(target, (now, now))
        self._last_backup = now
        self._rotate_backups(now)

    def _rotate_backups(self, now: float) -> None:
        """Keep the ``backups_keep`` newest backups: future-dated ones go first, then the oldest."""
        backups = self.backups()
        future = [p for p in backups if _mtime(p) > now + 60]
        current = [p for p in backups if p not in future]
        going_first = future + current[::-1]
        for old in going_first[: max(0, len(backups) - self.backups_keep)]:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
