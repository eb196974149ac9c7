"""Closed days, one file a day, and the index that says where each code went; a transaction's view of it
(:class:`PendingArchive`), written only when the transaction commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from kiosk.durable import PRIVATE, FileAccess, write_atomic
from kiosk.errors import StoreError
from kiosk.fileformat import Tables, decode, encode

if TYPE_CHECKING:
    from kiosk.store import R, TableName, Tx


def index_shard(code: str) -> str:
    """The index file that says where ``code`` is archived: one per second character of the code (the first
    random one), so each stays small. A lower-case character gets a ``_`` prefix: a data folder copied to a disk
    that ignores case (exFAT, macOS, Windows) must not merge ``a.json`` into ``A.json``."""
    shard = code[1] if len(code) > 1 else "_"
    return f"_{shard}.json" if shard.islower() else f"{shard}.json"


class PendingArchive:
    """A transaction's view of the archive: what the transaction adds (a day's close) is held here, seen by the
    transaction's own reads at once (a record moved off the hot file is still found by code), and written to the
    day files only when the transaction commits, just before the hot file. A refused or failed action thus
    writes nothing anywhere."""

    def __init__(self, base: Archive, tx: Tx) -> None:
        self._base = base
        self._tx = tx
        self._days: dict[date, dict[str, list[dict[str, Any]]]] = {}
        self._mark: date | None = None
        self.root = base.root

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)

    def _flush(self) -> None:
        for day, tables in self._days.items():
            self._base.add(day, tables)
        if self._mark is not None:
            self._base.mark_closed(self._mark)

    def _pending(self) -> None:
        if not self._days and self._mark is None:
            self._tx.before_commit(self._flush)

    def add(self, day: date, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Merge ``tables`` into ``day`` when the transaction commits (see :meth:`Archive.add`)."""
        self._pending()
        held = self._days.setdefault(day, {})
        for table, records in tables.items():
            held.setdefault(table, []).extend(dict(r) for r in records)

    def mark_closed(self, day: date) -> None:
        """Record the close through ``day`` when the transaction commits."""
        self._pending()
        self._mark = max(day, self._mark) if self._mark else day

    def closed_through(self) -> date | None:
        """The archive's last closed day, counting this transaction's close."""
        known = self._base.closed_through()
        return max((d for d in (known, self._mark) if d is not None), default=None)

    def days(self) -> list[date]:
        """Archived days, with those this transaction adds."""
        return sorted(set(self._base.days()) | set(self._days))

    def read_day(self, day: date) -> Tables:
        """The day's archived tables with this transaction's additions merged by key."""
        tables = self._base.read_day(day)
        for table, records in self._days.get(day, {}).items():
            by_key = {doc["key"]: doc for doc in tables.get(table, {}).values()}
            by_key.update({r["key"]: r for r in records})
            tables[table] = {str(n): doc for n, doc in enumerate(by_key.values(), start=1)}
        return tables

    @overload
    def records(self, table: TableName[R], first: date, last: date) -> Iterator[R]: ...
    @overload
    def records(self, table: str, first: date, last: date) -> Iterator[Any]: ...

    def records(self, table: str, first: date, last: date) -> Iterator[Any]:
        """Archived records of ``table`` for ``first`` to ``last``, this transaction's included."""
        for day in self.days():
            if first <= day <= last:
                yield from self.read_day(day).get(table, {}).values()

    def locate(self, code: str) -> date | None:
        """The day whose archive holds ``code``, this transaction's additions first."""
        for day, tables in self._days.items():
            for records in tables.values():
                if any(r.get("code") == code or r.get("key") == code for r in records):
                    return day
        return self._base.locate(code)

    @overload
    def find(self, table: TableName[R], code: str) -> R | None: ...
    @overload
    def find(self, table: str, code: str) -> Any: ...

    def find(self, table: str, code: str) -> Any:
        """The archived record of ``table`` with ``code``, this transaction's additions first."""
        for tables in self._days.values():
            for record in tables.get(table, []):
                if record.get("code") == code:
                    return record
        return self._base.find(table, code)


class Archive:
    """Closed days, one file per day (``YYYY/YYYY-MM-DD.json``, TinyDB's layout), plus a code index.

    Files are written atomically and merged by business key, so moving a day twice (after a crash between
    writing the archive and trimming the hot file) never duplicates a record. ``closed.json`` records the last
    day whose close completed: the records of such a day are final, and a different record under one of their
    keys is refused (:class:`StoreError` ``archive.conflict``), never merged over them. Readers need no lock.
    """

    MARKER = "closed.json"

    def __init__(self, root: Path, *, durable: bool = True, access: FileAccess = PRIVATE) -> None:
        self.root = root
        self.durable = durable
        self.access = access
        self._index_cache: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}
        self._shard_paths: dict[str, Path] = {}
        self._marker_cache: tuple[tuple[int, int], date | None] | None = None
        self._marker_path = self.root / self.MARKER  # asked at every write: built once

    def closed_through(self) -> date | None:
        """The last day whose close completed (None before the first close)."""
        path = self._marker_path
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        identity = (st.st_ino, st.st_mtime_ns)
        if self._marker_cache is None or self._marker_cache[0] != identity:
            try:
                value = date.fromisoformat(json.loads(path.read_bytes())["through"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise StoreError("store.unreadable", path=str(path), reason=str(exc)) from None
            self._marker_cache = (identity, value)
        return self._marker_cache[1]

    def mark_closed(self, day: date) -> None:
        """Record that every day up to ``day`` is closed (call under the store's lock, after the day files)."""
        known = self.closed_through()
        if known is not None and known >= day:
            return
        self.access.folder(self.root)
        write_atomic(
            self.root / self.MARKER,
            json.dumps({"through": day.isoformat()}).encode(),
            durable=self.durable,
            access=self.access,
        )

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

    @overload
    def records(self, table: TableName[R], first: date, last: date) -> Iterator[R]: ...
    @overload
    def records(self, table: str, first: date, last: date) -> Iterator[Any]: ...

    def records(self, table: str, first: date, last: date) -> Iterator[Any]:
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
        self.access.folder(self.root)
        self.access.folder(path.parent)
        current = self.read_day(day)
        closed = self.closed_through()
        final = closed is not None and day <= closed
        index_entries: dict[str, str] = {}
        for table, records in tables.items():
            by_key = {doc["key"]: doc for doc in current.get(table, {}).values()}
            for record in records:
                known = by_key.get(record["key"])
                if final and known is not None and known != record:
                    # A closed day's record is final: a different one under its key is a late or repeated write
                    # (a clock that stepped back, an old backup put back), never a correction.
                    raise StoreError("archive.conflict", path=str(path), table=table, record=record["key"])
                by_key[record["key"]] = record
                # Codes, and keys that are codes too ("rating:<code>"), are looked up later; "<day>/A001" never is.
                for ident in (record.get("code"), record["key"]):
                    if ident and "/" not in ident:
                        index_entries[ident] = day.isoformat()
            current[table] = {str(n): doc for n, doc in enumerate(by_key.values(), start=1)}
        write_atomic(path, encode(current), durable=self.durable, access=self.access)
        self._index(index_entries)

    def locate(self, code: str) -> date | None:
        """The archived day whose file holds the record with ``code``, if any."""
        day = self._read_index(self._index_path(code)).get(code)
        if day is None and len(code) > 1 and code[1].islower():  # written before shards were case-safe
            day = self._read_index(self._shard_path(f"{code[1]}.json")).get(code)
        return date.fromisoformat(day) if day else None

    @overload
    def find(self, table: TableName[R], code: str) -> R | None: ...
    @overload
    def find(self, table: str, code: str) -> Any: ...

    def find(self, table: str, code: str) -> Any:
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
        return self._shard_path(index_shard(code))

    def _shard_path(self, name: str) -> Path:
        path = self._shard_paths.get(name)
        if path is None:  # built once per shard: a code is looked up at every ticket and booking
            path = self._shard_paths[name] = self.root / "index" / name
        return path

    def _read_index(self, path: Path) -> dict[str, str]:
        try:
            st = path.stat()
        except FileNotFoundError:
            return {}
        identity = (st.st_ino, st.st_mtime_ns)
        cached = self._index_cache.get(path)
        if cached and cached[0] == identity:
            return cached[1]
        entries: dict[str, str] = json.loads(path.read_bytes().decode("utf-8"))
        self._index_cache[path] = (identity, entries)
        return entries

    def _index(self, entries: dict[str, str]) -> None:
        by_shard: dict[Path, dict[str, str]] = {}
        for code, day in entries.items():
            by_shard.setdefault(self._index_path(code), {})[code] = day
        for path, new in by_shard.items():
            self.access.folder(path.parent)
            merged = dict(self._read_index(path))
            merged.update(new)
            write_atomic(
                path, json.dumps(merged, separators=(",", ":")).encode(), durable=self.durable, access=self.access
            )
            # Remember what was just written (under the store's lock, so the file is ours): without this the
            # next locate() parses the whole shard back from disk, once per shard after every day's close.
            st = path.stat()
            self._index_cache[path] = ((st.st_ino, st.st_mtime_ns), merged)
