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
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from kiosk.errors import StoreError

#: Version of the record layout; bumped when records change shape.
SCHEMA_VERSION = 1
META_TABLE = "_meta"
TMP_MARKER = ".tmp-"

Tables = dict[str, dict[str, dict[str, Any]]]


# --------------------------------------------------------------------------------------------- file helpers


def _fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (the directory entry itself must reach the disk)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes, *, durable: bool = True, before_replace: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves either the old content or the new, whole.

    The temporary file sits in the same folder (a rename is atomic only within one filesystem) and carries
    :data:`TMP_MARKER` in its name so that :func:`remove_leftovers` can find it after a crash.
    ``before_replace`` runs after the new content is on disk and before it replaces the old (used to keep the
    old file as a backup).
    """
    tmp = path.with_name(f".{path.name}{TMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(path.parent)


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """Delete temporary files that a crashed writer of ``folder/name`` left behind; return what was removed.

    Only call this while holding the store's exclusive lock: a live writer keeps its temporary file only while
    it holds that lock, so anything found then is debris.
    """
    removed = []
    for leftover in folder.glob(f".{name}{TMP_MARKER}*"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _table_line(name: str, table: bytes) -> bytes:
    return json.dumps(name).encode("utf-8") + b":" + table


def encode_table(table: dict[str, Any]) -> bytes:
    """One table as stored: compact UTF-8 JSON, CJK kept readable, never a raw newline (JSON escapes them)."""
    return json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def join_tables(fragments: dict[str, bytes]) -> bytes:
    """A store file from its encoded tables: a JSON object (so TinyDB and any JSON tool read it as usual)
    written one table a line, which lets :func:`split_tables` find each table without parsing the others."""
    return b"{\n" + b",\n".join(_table_line(name, frag) for name, frag in fragments.items()) + b"\n}\n"


def encode(tables: Tables) -> bytes:
    """Serialise tables the way every file of the store is written."""
    return join_tables({name: encode_table(table) for name, table in tables.items()})


def split_tables(payload: bytes) -> dict[str, bytes] | None:
    """The encoded tables of a file written by :func:`join_tables`, unparsed; None for any other layout."""
    if not (payload.startswith(b"{\n") and payload.endswith(b"\n}\n")):
        return None
    body = payload[2:-3]
    fragments: dict[str, bytes] = {}
    # A JSON string cannot hold a raw newline, so ",\n" only ever separates tables.
    for line in body.split(b",\n") if body else []:
        cut = line.find(b'":')
        if not line.startswith(b'"') or cut < 1:
            return None
        try:
            name = json.loads(line[: cut + 1])
        except ValueError:
            return None
        fragments[name] = line[cut + 2 :]
    return fragments


def _unreadable(source: Path, reason: str) -> StoreError:
    return StoreError("store.unreadable", path=str(source), reason=reason)


def parse_table(fragment: bytes, source: Path, name: str) -> dict[str, Any]:
    """Parse one encoded table and check its shape (records keyed by id)."""
    try:
        table = json.loads(fragment.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(source, f"table {name} is not valid JSON ({exc})") from None
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise _unreadable(source, f"table {name} is not a table of records")
    return table


def decode(payload: bytes, source: Path) -> Tables:
    """Parse and shape-check a whole store file; raise :class:`StoreError` naming the file when it is not one."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(source, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
    ):
        raise _unreadable(source, "not a table of records")
    return data


class LazyTables(dict[str, dict[str, Any]]):
    """The tables of one transaction or snapshot, each parsed only when first used.

    A ticket issue touches the tickets and counters, not the weeks of future appointments or the open
    requests: those stay as the bytes read from the file and are written back unchanged. That is what keeps a
    transaction's cost independent of how much else the hot file holds. ``memo`` (snapshots only) shares the
    parsed tables of one committed state between snapshots.
    """

    def __init__(self, fragments: dict[str, bytes], source: Path, memo: dict[str, dict[str, Any]] | None = None):
        super().__init__()
        self._fragments = dict(fragments)
        self._order = list(fragments)
        self._source = source
        self._memo = memo

    def _parse(self, name: str) -> dict[str, Any]:
        fragment = self._fragments.pop(name)
        if self._memo is not None and name in self._memo:
            table = self._memo[name]
        else:
            table = parse_table(fragment, self._source, name)
            if self._memo is not None:
                self._memo[name] = table
        dict.__setitem__(self, name, table)
        return table

    def parse_all(self) -> None:
        """Parse every table still in bytes (checks the whole file)."""
        for name in list(self._fragments):
            self._parse(name)

    def __missing__(self, name: str) -> dict[str, Any]:
        if name in self._fragments:
            return self._parse(name)
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[name]
        except KeyError:
            return default

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self._fragments.pop(name, None)
        if name not in self._order:
            self._order.append(name)
        dict.__setitem__(self, name, table)

    def __delitem__(self, name: str) -> None:
        if name in self._fragments:
            del self._fragments[name]
        else:
            dict.__delitem__(self, name)
        self._order.remove(name)

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._fragments

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self._order)

    def items(self) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        return [(name, self[name]) for name in self._order]

    def values(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [self[name] for name in self._order]

    def fragments(self) -> dict[str, bytes]:
        """Every table encoded: the untouched ones exactly as they were read, the parsed ones afresh."""
        return {name: self._fragments[name] if name in self._fragments else encode_table(dict.__getitem__(self, name))
                for name in self._order}


# --------------------------------------------------------------------------------------------- transactions


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


class Tx:
    """One transaction (or read-only snapshot) over the hot file, addressed by business keys.

    ``db`` is a fresh :class:`~tinydb.TinyDB` for this transaction only, so no document id or query cache
    outlives it. The helpers below cover what the domain needs; ``table()`` gives TinyDB's own API.
    """

    def __init__(self, state: _TxState, archive: Archive) -> None:
        self._state = state
        self.archive = archive
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

    def table(self, name: str) -> Table:
        """TinyDB's table ``name`` within this transaction."""
        return self.db.table(name, cache_size=0)

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every record of ``table``, as plain dicts (copies: change them through :meth:`update`)."""
        return [dict(doc) for doc in self._raw(table).values()]

    def find(self, table: str, cond: QueryLike | Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Records of ``table`` matching a TinyDB query or a plain predicate."""
        return [dict(doc) for doc in self._raw(table).values() if cond(doc)]

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """The record of ``table`` whose business key is ``key``, or None."""
        for doc in self._raw(table).values():
            if doc.get("key") == key:
                return dict(doc)
        return None

    def insert(self, table: str, record: dict[str, Any]) -> None:
        """Add ``record`` (which must carry a ``key`` not yet used in ``table``)."""
        key = record.get("key")
        if not key:
            raise ValueError(f"record for {table} has no business key")
        if self.get(table, key) is not None:
            raise ValueError(f"{table} already holds {key}")
        self.table(table).insert(record)

    def insert_many(self, table: str, records: Iterable[dict[str, Any]]) -> None:
        """Add several records at once (keys are trusted unique: used by archive moves and the demo)."""
        self.table(table).insert_multiple(list(records))

    def update(self, table: str, key: str, fields: dict[str, Any]) -> dict[str, Any]:
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
        """Record ``value`` under ``name`` in the store's bookkeeping."""
        meta_table = self.table(META_TABLE)
        if meta_table.contains(doc_id=1):
            meta_table.update({name: value}, doc_ids=[1])
        else:
            meta_table.insert({name: value})

    def _raw(self, table: str) -> dict[str, dict[str, Any]]:
        return self._state.tables.get(table, {})


# --------------------------------------------------------------------------------------------- the store


def _version(identity: tuple[int, int, int, int]) -> str:
    return "-".join(str(part) for part in identity)


class Store:
    """The hot data file, its lock, its backups and its archive.

    ``durable=False`` skips the ``fsync`` calls (atomicity is kept): for throw-away test data only.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        backups_keep: int = 24,
        backup_interval_minutes: float = 60,
        lock_timeout_seconds: float = 10.0,
        durable: bool = True,
    ) -> None:
        self.path = Path(path).absolute()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backups_dir = self.path.with_name(self.path.stem + "-backups")
        self.backups_keep = backups_keep
        self.backup_interval = backup_interval_minutes * 60
        self.lock_timeout = lock_timeout_seconds
        self.durable = durable
        self.archive = Archive(self.path.with_name(self.path.stem + "-archive"), durable=durable)
        # Threads of one process share this lock; flock then orders the processes.
        self._thread_lock = threading.RLock()
        # The file as last read or written by this process, keyed by its identity: its tables still encoded
        # (each transaction parses privately what it uses), the tables parsed so far for snapshots, and an open
        # handle on it (see _remember).
        self._cache: tuple[tuple[int, int, int, int], dict[str, bytes], dict[str, dict[str, Any]]] | None = None
        self._pinned: BinaryIO | None = None
        self._last_backup: float | None = None

    # -- opening and checking

    def open(self) -> list[Path]:
        """Make the data file ready: create it if absent, remove crash leftovers, refuse an unreadable file.

        Returns the leftover files removed. Raises :class:`StoreError` (saying how to recover) when the file
        exists but cannot be read; it is never replaced by an empty one.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("store.io", path=str(self.path), reason=exc.strerror or str(exc)) from None
        with self._locked():
            removed = remove_leftovers(self.path.parent, self.path.name)
            if self.archive.root.exists():
                # Day files sit in year folders and the code index in its own folder: look in every one.
                for folder in [self.archive.root, *(p for p in self.archive.root.rglob("*") if p.is_dir())]:
                    removed += remove_leftovers(folder, "*")
            if self.path.exists():
                fragments, _ = self._load()
                LazyTables(fragments, self.path).parse_all()  # refuse now, not mid-shift, a file that is damaged
            else:
                tables: Tables = {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}}
                write_atomic(self.path, encode(tables), durable=self.durable)
        return removed

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
                self._commit(state.tables)

    @contextmanager
    def snapshot(self) -> Iterator[Tx]:
        """A consistent read-only view of the last committed state, taken without waiting for writers."""
        with self._thread_lock:
            fragments, memo = self._load()
            version = _version(self._cache[0]) if self._cache is not None else None
        yield Tx(_TxState(tables=LazyTables(fragments, self.path, memo), readonly=True, version=version),
                 self.archive)

    def version(self) -> str:
        """A token that changes with every commit, by anyone, read with one ``stat`` (the file is not opened).

        For screens that poll: refresh when it differs from the ``version`` of the snapshot last shown
        (:attr:`Tx.version`). Every commit renames a new file into place, so the token (inode, size and
        timestamps) changes; and while this process holds the snapshot it last read, that file's inode cannot
        be reused by a later one, so an unchanged token means an unchanged file.
        """
        identity = self._identity()
        if identity is None:
            raise StoreError("store.missing", path=str(self.path))
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

    def backups(self) -> list[Path]:
        """Backups of the hot file, newest first."""
        if not self.backups_dir.exists():
            return []
        return sorted(self.backups_dir.glob(f"{self.path.stem}-*.json"), reverse=True)

    def restore(self, backup: Path) -> None:
        """Put ``backup`` back as the data file (the current file, if any, is kept beside it as ``.bad``)."""
        payload = Path(backup).read_bytes()
        decode(payload, Path(backup))
        with self._locked():
            if self.path.exists():
                # Linked, not moved: until the backup replaces it the data file stays in place, so a crash here
                # never leaves the store without a file (open() would then start an empty one).
                stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
                bad = self.path.with_name(f"{self.path.name}.{stamp}.bad")
                bad.unlink(missing_ok=True)
                try:
                    os.link(self.path, bad)
                except OSError:
                    shutil.copy2(self.path, bad)
            write_atomic(self.path, payload, durable=self.durable)
            self._forget()

    # -- internals

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
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
            raise StoreError("store.missing", path=str(self.path))
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
            on_error.pop_all()  # read and valid: the handle stays open in the cache
        self._remember(handle, fragments, memo)
        return fragments, memo

    def _commit(self, tables: LazyTables) -> None:
        fragments = tables.fragments()
        payload = join_tables(fragments)
        try:
            write_atomic(self.path, payload, durable=self.durable, before_replace=self._backup_if_due)
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

        A hard link costs no copy: after the rename the old inode lives on under the backup's name.
        """
        now = time.time()
        if self._last_backup is None:
            newest = self.backups()
            self._last_backup = newest[0].stat().st_mtime if newest else 0.0
        if now - self._last_backup < self.backup_interval or not self.path.exists():
            return
        self.backups_dir.mkdir(exist_ok=True)
        stamp = datetime.fromtimestamp(now).strftime("%Y%m%dT%H%M%S")
        target = self.backups_dir / f"{self.path.stem}-{stamp}.json"
        if not target.exists():
            try:
                os.link(self.path, target)
            except OSError:
                shutil.copy2(self.path, target)
            os.utime(target, (now, now))
        self._last_backup = now
        for old in self.backups()[self.backups_keep :]:
            old.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------- the archive


class Archive:
    """Closed days, one file per day (``YYYY/YYYY-MM-DD.json``, TinyDB's layout), plus a code index.

    Files are written atomically and merged by business key, so moving a day twice (after a crash between
    writing the archive and trimming the hot file) never duplicates a record. Readers need no lock.
    """

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root = root
        self.durable = durable
        self._index_cache: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}

    def day_path(self, day: date) -> Path:
        """Where the records of ``day`` are kept."""
        return self.root / f"{day.year:04d}" / f"{day.isoformat()}.json"

    def days(self) -> list[date]:
        """Every archived day, oldest first."""
        if not self.root.exists():
            return []
        found = []
        for path in self.root.glob("[0-9][0-9][0-9][0-9]/*.json"):
            try:
                found.append(date.fromisoformat(path.stem))
            except ValueError:
                continue
        return sorted(found)

    def read_day(self, day: date) -> Tables:
        """The archived tables of ``day`` (empty when nothing was archived for it)."""
        path = self.day_path(day)
        try:
            payload = path.read_bytes()
        except FileNotFoundError:
            return {}
        return decode(payload, path)

    def records(self, table: str, first: date, last: date) -> Iterator[dict[str, Any]]:
        """Archived records of ``table`` for the days ``first`` to ``last`` inclusive, day by day."""
        for day in self.days():
            if first <= day <= last:
                yield from self.read_day(day).get(table, {}).values()

    def add(self, day: date, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Merge ``tables`` (table -> records carrying ``key``) into the file of ``day`` and index their codes.

        Call only under the store's exclusive lock (the store's day-close does), so that two processes never
        merge the same day file at once.
        """
        path = self.day_path(day)
        path.parent.mkdir(parents=True, exist_ok=True)
        current = self.read_day(day)
        index_entries: dict[str, str] = {}
        for table, records in tables.items():
            by_key = {doc["key"]: doc for doc in current.get(table, {}).values()}
            for record in records:
                by_key[record["key"]] = record
                # Codes, and keys that are codes too ("rating:<code>"), are looked up later; "<day>/A001" never is.
                for ident in (record.get("code"), record["key"]):
                    if ident and "/" not in ident:
                        index_entries[ident] = day.isoformat()
            current[table] = {str(n): doc for n, doc in enumerate(by_key.values(), start=1)}
        write_atomic(path, encode(current), durable=self.durable)
        self._index(index_entries)

    def locate(self, code: str) -> date | None:
        """The archived day whose file holds the record with ``code``, if any."""
        day = self._read_index(self._index_path(code)).get(code)
        return date.fromisoformat(day) if day else None

    def find(self, table: str, code: str) -> dict[str, Any] | None:
        """The archived record of ``table`` with ``code``, or None."""
        day = self.locate(code)
        if day is None:
            return None
        for doc in self.read_day(day).get(table, {}).values():
            if doc.get("code") == code:
                return doc
        return None

    # The index is split by the code's second character (the first random one) so that each shard stays small.
    def _index_path(self, code: str) -> Path:
        shard = code[1] if len(code) > 1 else "_"
        return self.root / "index" / f"{shard}.json"

    def _read_index(self, path: Path) -> dict[str, str]:
        try:
            st = path.stat()
        except FileNotFoundError:
            return {}
        identity = (st.st_ino, st.st_mtime_ns)
        cached = self._index_cache.get(path)
        if cached and cached[0] == identity:
            return cached[1]
        entries = json.loads(path.read_bytes().decode("utf-8"))
        self._index_cache[path] = (identity, entries)
        return entries

    def _index(self, entries: dict[str, str]) -> None:
        by_shard: dict[Path, dict[str, str]] = {}
        for code, day in entries.items():
            by_shard.setdefault(self._index_path(code), {})[code] = day
        for path, new in by_shard.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            merged = dict(self._read_index(path))
            merged.update(new)
            write_atomic(path, json.dumps(merged, separators=(",", ":")).encode(), durable=self.durable)
            # Remember what was just written (under the store's lock, so the file is ours): without this the
            # next locate() parses the whole shard back from disk, once per shard after every day's close.
            st = path.stat()
            self._index_cache[path] = ((st.st_ino, st.st_mtime_ns), merged)
