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
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar, cast, overload

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

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


R = TypeVar("R")


class TableName(str, Generic[R]):
    """A table's name, typed with the shape of its records (:mod:`kiosk.records`):
    ``TICKETS: TableName[Ticket] = TableName("tickets")``. At run time it is a plain ``str``; the type lets
    :class:`Tx` and the archive hand back ``Ticket`` records from ``TICKETS`` without a cast at every read.
    A plain ``str`` table name still works and gives the raw dicts (``Any``), as TinyDB stores them."""

    __slots__ = ()


class _MemoryStorage(Storage):
    """TinyDB storage over the tables of one transaction, held in memory until the transaction commits."""

    def __init__(self, state: _TxState) -> None:
        self._state = state

    def read(self) -> Tables:
        # A snapshot's tables are the store's cache, shared: hand out a copy of the outer mapping so that even
        # TinyDB's drop_table cannot change them before write() refuses.
        return dict(self._state.tables) if self._state.readonly else self._state.tables

    def write(self, data: Tables) -> None:
        if self._state.readonly:
            raise StoreError("store.readonly")
        if data is not self._state.tables:  # TinyDB hands back the mapping it read; anything else is new
            self._state.tables = LazyTables({}, Path("."))
            for name, table in data.items():
                self._state.tables[name] = table
        self._state.dirty = True


class _ReadOnlyTable(Table):
    """A snapshot's table: every TinyDB write is refused before it changes a record (records are shared)."""

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        raise StoreError("store.readonly")


@dataclass
class _TxState:
    tables: LazyTables
    readonly: bool
    dirty: bool = False
    version: str | None = None
    #: Writes to other files (the archive) that must happen only if the transaction commits, just before it does.
    before_commit: list[Callable[[], None]] = field(default_factory=list)


class Tx:
    """One transaction (or read-only snapshot) over the hot file, addressed by business keys.

    ``db`` is a fresh :class:`~tinydb.TinyDB` for this transaction only, so no document id or query cache
    outlives it. The helpers below cover what the domain needs; ``table()`` gives TinyDB's own API.
    """

    def __init__(self, state: _TxState, archive: Archive) -> None:
        self._state = state
        # In a transaction the archive is written only when the transaction commits (see PendingArchive).
        self.archive: Archive | PendingArchive = archive if state.readonly else PendingArchive(archive, self)
        self.db = TinyDB(storage=_MemoryStorage, state=state)
        if state.readonly:
            self.db.table_class = _ReadOnlyTable

    @property
    def readonly(self) -> bool:
        """True for a snapshot: any write raises."""
        return self._state.readonly

    @property
    def version(self) -> str | None:
        """For a snapshot, the :meth:`Store.version` of the committed state it shows (None in a transaction)."""
        return self._state.version

    def before_commit(self, write: Callable[[], None]) -> None:
        """Run ``write`` (to another file, such as an archive day) only when this transaction commits, after the
        block ended cleanly and before the hot file is replaced: a refused or failed action writes nothing
        anywhere, and a crash after ``write`` leaves the hot file as it was, so the move is simply repeated."""
        if self.readonly:
            raise StoreError("store.readonly")
        self._state.before_commit.append(write)
        self._state.dirty = True

    def table(self, name: str) -> Table:
        """TinyDB's table ``name`` within this transaction."""
        return self.db.table(name, cache_size=0)

    @overload
    def records(self, table: TableName[R]) -> list[R]: ...
    @overload
    def records(self, table: str) -> list[Any]: ...

    def records(self, table: str) -> list[Any]:
        """Every record of ``table``, as plain dicts (copies: change them through :meth:`update`)."""
        return [dict(doc) for doc in self._raw(table).values()]

    def find(self, table: TableName[R], cond: QueryLike | Callable[[R], bool]) -> list[R]:
        """Records of ``table`` matching a TinyDB query or a plain predicate (typed by the table: a lambda's
        argument is the table's record type)."""
        match: Callable[[Any], bool] = cond
        return [cast(R, dict(doc)) for doc in self._raw(table).values() if match(doc)]

    @overload
    def get(self, table: TableName[R], key: str) -> R | None: ...
    @overload
    def get(self, table: str, key: str) -> Any: ...

    def get(self, table: str, key: str) -> Any:
        """The record of ``table`` whose business key is ``key``, or None."""
        for doc in self._raw(table).values():
            if doc.get("key") == key:
                return dict(doc)
        return None

    @overload
    def insert(self, table: TableName[R], record: R) -> None: ...
    @overload
    def insert(self, table: str, record: Mapping[str, Any]) -> None: ...

    def insert(self, table: str, record: Any) -> None:
        """Add ``record`` (which must carry a ``key`` not yet used in ``table``)."""
        key = record.get("key")
        if not key:
            raise ValueError(f"record for {table} has no business key")
        if self.get(table, key) is not None:
            raise ValueError(f"{table} already holds {key}")
        self.table(table).insert(record)

    def insert_many(self, table: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Add several records at once (keys are trusted unique: used by archive moves and the demo)."""
        self.table(table).insert_multiple(list(records))

    @overload
    def update(self, table: TableName[R], key: str, fields: Mapping[str, Any]) -> R: ...
    @overload
    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> Any: ...

    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> Any:
        """Change fields of the record ``key``; return the record as it now stands."""
        if self.readonly:
            raise StoreError("store.readonly")
        # In place on the transaction's private tables, as TinyDB's own update does, but without its rebuilding
        # the whole table twice per call (a third of the time of a simulated busy day went there).
        found = [doc for doc in self._raw(table).values() if doc.get("key") == key]
        if not found:
            raise KeyError(f"{table} has no {key}")
        for doc in found:
            doc.update(fields)
        self._state.dirty = True
        return dict(found[0])

    def remove(self, table: str, keys: Iterable[str]) -> int:
        """Delete the records whose keys are in ``keys``; return how many went."""
        wanted = set(keys)
        ids = [int(doc_id) for doc_id, doc in self._raw(table).items() if doc.get("key") in wanted]
        if ids:
            self.table(table).remove(doc_ids=ids)
        return len(ids)

    def meta(self, name: str, default: Any = None) -> Any:
        """A value from the store's own bookkeeping (schema version, last closed day)."""
        return self._raw(META_TABLE).get("1", {}).get(name, default)

    def set_meta(self, name: str, value: Any) -> None:
        """Record ``value`` under ``name`` in the store's bookkeeping (written on every commit: in place on the
        transaction's private copy, without TinyDB's table rebuild)."""
        if self.readonly:
            raise StoreError("store.readonly")
        tables = self._state.tables
        if META_TABLE not in tables:
            tables[META_TABLE] = {}
        tables[META_TABLE].setdefault("1", {})[name] = value
        self._state.dirty = True

    def _raw(self, table: str) -> dict[str, dict[str, Any]]:
        raw: dict[str, dict[str, Any]] = self._state.tables.get(table, {})
        return raw


def _version(identity: tuple[int, int, int, int]) -> str:
    return "-".join(str(part) for part in identity)


class Store:
    """The hot data file, its lock, its backups and its archive.

    ``durable=False`` skips the ``fsync`` calls (atomicity is kept): for throw-away test data only. ``access``
    says who may read the files (owner only by default).
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
    ) -> None:
        self.path = Path(path).absolute()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backups_dir = self.path.with_name(self.path.stem + "-backups")
        self.backups_keep = backups_keep
        self.backup_interval = backup_interval_minutes * 60
        self.lock_timeout = lock_timeout_seconds
        self.durable = durable
        self.access = access
        self.archive = Archive(self.path.with_name(self.path.stem + "-archive"), durable=durable, access=access)
        # Threads of one process share this lock; flock then orders the processes.
        self._thread_lock = threading.RLock()
        # The file as last read or written by this process, keyed by its identity: its tables still encoded
        # (each transaction parses privately what it uses), the tables parsed so far for snapshots, and an open
        # handle on it (see _remember).
        self._cache: tuple[tuple[int, int, int, int], dict[str, bytes], dict[str, dict[str, Any]]] | None = None
        self._pinned: BinaryIO | None = None
        self._last_backup: float | None = None

    # -- creating, opening and checking

    def create(self, *, clock: str = CLOCK_REAL) -> None:
        """Make a new hall's data file, on purpose (``kiosk init``, ``kiosk demo``).

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
                tables: Tables = {META_TABLE: {"1": {"schema": SCHEMA_VERSION, CLOCK_META: clock}}}
                write_atomic(self.path, encode(tables), durable=self.durable, access=self.access)
        except OSError as exc:
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None

    def open(self) -> list[Path]:
        """Check that the data file is there and whole, and remove what a crashed writer left behind.

        Never creates anything (a missing file is :meth:`missing_error`, which says what is beside it and how
        to restore) and never waits for writers: the leftovers are removed only when the lock is free at once
        and the folder is writable, so a read works on a read-only mount and beside a stuck writer. Returns
        the leftover files removed. Raises :class:`StoreError` (saying how to recover) when the file cannot be
        read or was written by a newer Hall Kiosk; it is never replaced by an empty one.
        """
        if not self.path.exists():
            raise self.missing_error()
        removed = self._remove_leftovers_if_free()
        fragments, _ = self._load()
        LazyTables(fragments, self.path).parse_all()  # refuse now, not mid-shift, a file that is damaged
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
            removed = remove_leftovers(self.path.parent, self.path.name)
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
        """An exclusive read-modify-write: the block's changes are written atomically when it ends cleanly."""
        with self._locked():
            fragments, _ = self._load()
            # TinyDB changes records in place: each table is parsed privately for this transaction, so that the
            # cache, and any snapshot holding it, only ever shows committed states.
            state = _TxState(tables=LazyTables(fragments, self.path), readonly=False)
            try:
                yield Tx(state, self.archive)
            except BaseException:
                self._forget()
                raise
            if state.dirty:
                for write in state.before_commit:
                    write()
                self._commit(state.tables)

    @contextmanager
    def snapshot(self) -> Iterator[Tx]:
        """A consistent read-only view of the last committed state, taken without waiting for writers."""
        with self._thread_lock:
            fragments, memo = self._load()
            version = _version(self._cache[0]) if self._cache is not None else None
        yield Tx(_TxState(tables=LazyTables(fragments, self.path, memo), readonly=True, version=version), self.archive)

    def version(self) -> str:
        """A token that changes with every commit, by anyone, read with one ``stat`` (the file is not opened).

        For screens that poll: refresh when it differs from the ``version`` of the snapshot last shown
        (:attr:`Tx.version`). Every commit renames a new file into place, so the token (inode, size and
        timestamps) changes; and while this process holds the snapshot it last read, that file's inode cannot
        be reused by a later one, so an unchanged token means an unchanged file.
        """
        identity = self._identity()
        if identity is None:
            raise self.missing_error()
        return _version(identity)

    def stat(self) -> dict[str, Any]:
        """Facts about the files for ``kiosk check``: sizes, record counts, backups, archived days."""
        with self.snapshot() as tx:
            counts = {name: len(docs) for name, docs in tx._state.tables.items() if name != META_TABLE}
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            "records": counts,
            "backups": [p.name for p in self.backups()],
            "archived_days": len(self.archive.days()),
        }

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
        """Put ``backup`` back as the data file; return where the replaced file was kept (None if there was none).

        ``reconcile(restored, current)`` may change the backup's tables before they are written: it gets the
        current file's tables too (None when that file is missing or cannot be read) so that closed days and
        today's audit log are not silently lost (see :mod:`kiosk.recovery`). The replaced file is kept beside the
        data file under a name that never collides (``hall.json.<time>.<random>.bad``).
        """
        payload = Path(backup).read_bytes()
        restored = decode(payload, Path(backup))
        _check_schema(restored.get(META_TABLE, {}), Path(backup))
        with self._locked():
            kept: Path | None = None
            current: Tables | None = None
            if self.path.exists():
                try:
                    current = decode(self.path.read_bytes(), self.path)
                except (StoreError, OSError):
                    current = None
                # Linked, not moved: until the backup replaces it the data file stays in place, so a crash here
                # never leaves the store without a file.
                kept = self._keep_aside(self.path, "bad")
            if reconcile is not None:
                payload = encode(reconcile(restored, current))
            write_atomic(self.path, payload, durable=self.durable, access=self.access)
            self._forget()
        return kept

    def copy_for_training(self, target: Store) -> None:
        """Copy this hall (hot file and archive, as one consistent state) to ``target`` as a training copy, where
        a simulated clock (``--now``) may be used. Refused where ``target`` already has files."""
        found = [str(p) for p in (target.path, target.archive.root, target.backups_dir) if p.exists()]
        if found:
            raise Refused("store.exists", path=str(target.path), found=", ".join(found))
        with self._locked():
            tables = decode(self.path.read_bytes(), self.path)
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
            write_atomic(target.path, encode(tables), durable=target.durable, access=target.access)

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
        """
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
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
        waiter.join(self.lock_timeout)
        with decided:
            if not outcome:
                abandoned = True
                raise StoreError("store.busy", path=str(self.path), seconds=self.lock_timeout)
        if outcome[0] is not None:
            raise outcome[0]

    def _identity(self) -> tuple[int, int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def _load(self) -> tuple[dict[str, bytes], dict[str, dict[str, Any]]]:
        """The current file's encoded tables and the snapshot memo, from the cache while the file is unchanged."""
        identity = self._identity()
        if identity is None:
            raise self.missing_error()
        if self._cache is not None and self._cache[0] == identity:
            return self._cache[1], self._cache[2]
        try:
            handle = open(self.path, "rb")
        except OSError as exc:
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
        with contextlib.ExitStack() as on_error:
            on_error.callback(handle.close)
            try:
                payload = handle.read()
            except OSError as exc:
                raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
            fragments = split_tables(payload)
            memo: dict[str, dict[str, Any]] = {}
            if fragments is None:  # another layout (an older or hand-made file): parse it whole, once
                memo = decode(payload, self.path)
                fragments = {name: encode_table(table) for name, table in memo.items()}
            if META_TABLE in fragments:
                _check_schema(
                    memo.get(META_TABLE) or parse_table(fragments[META_TABLE], self.path, META_TABLE), self.path
                )
            on_error.pop_all()  # read and valid: the handle stays open in the cache
        self._remember(handle, fragments, memo)
        return fragments, memo

    def _commit(self, tables: LazyTables) -> None:
        fragments = tables.fragments()
        payload = join_tables(fragments)
        try:
            write_atomic(
                self.path, payload, durable=self.durable, before_replace=self._backup_if_due, access=self.access
            )
            handle = open(self.path, "rb")  # ours: the lock is still held
        except OSError as exc:
            self._forget()
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
        self._remember(handle, fragments, {})

    def _remember(self, handle: BinaryIO, fragments: dict[str, bytes], memo: dict[str, dict[str, Any]]) -> None:
        """Cache the file open as ``handle`` and keep that handle open.

        While it is open its inode cannot be freed, so no later file can get the same inode number: without
        that, a file written after two quick commits elsewhere could reuse the number, and with the same size
        and a coarse (per-tick) timestamp it would pass for the cached one.
        """
        st = os.fstat(handle.fileno())
        self._forget()
        self._cache = ((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns), fragments, memo)
        self._pinned = handle

    def _forget(self) -> None:
        self._cache = None
        if self._pinned is not None:
            self._pinned.close()
            self._pinned = None

    def _backup_if_due(self) -> None:
        """Keep the about-to-be-replaced file as a backup when the newest backup is old enough.

        A hard link costs no copy: after the rename the old inode lives on under the backup's name. Backups that
        claim a time in the future (written while the clock was ahead) never stop the rotation: they do not
        count as recent, and they are the first to go once enough real ones exist.
        """
        now = time.time()
        if self._last_backup is None or self._last_backup > now:
            self._last_backup = max((m for m in (_mtime(p) for p in self.backups()) if m <= now), default=0.0)
        if now - self._last_backup < self.backup_interval or not self.path.exists():
            return
        self.access.folder(self.backups_dir)
        stamp = datetime.fromtimestamp(now).strftime("%Y%m%dT%H%M%S")
        target = self.backups_dir / f"{self.path.stem}-{stamp}.json"
        if not target.exists():
            try:
                os.link(self.path, target)
            except OSError:
                shutil.copy2(self.path, target)
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
