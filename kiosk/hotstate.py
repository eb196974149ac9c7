"""The hot file's records as a process holds them in memory, and their indexes.

A process reads the data file once and then only the journal records it has not seen (:mod:`kiosk.store`).
A transaction writes in place through a :class:`Draft`, which keeps an undo log: a refused transaction is rolled
back, record by record. The store changes the state only while it holds its lock, and snapshots read it under
that lock, so a reader never sees half a transaction, and a commit costs what its own records cost.

Indexes answer the questions the hot path asks on a busy day without a scan: the record with a business key,
the records whose fields hold given values (``status`` = waiting, a ``code``), how many there are, the highest
``seq`` among them. Each is built on its first use and then kept up to date by every write.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.fileformat import META_TABLE, parse_table

#: An index's key: the names of the fields it is on, sorted.
Fields = tuple[str, ...]


def _value(doc: dict[str, Any], fields: Fields) -> Any:
    value = tuple(map(doc.get, fields))
    try:
        hash(value)
    except TypeError:  # a list or a dict in an indexed field: kept apart, matched by a scan
        return _UNHASHABLE
    return value


_UNHASHABLE = object()

#: Buckets whose tails a table keeps at most (one per service and day for the service time): more are dropped.
_TAILS_KEPT = 256


class Tail:
    """The newest records of an index's bucket as :meth:`Table.tail` keeps them, oldest first, at most as many as
    asked for: their document ids and, beside them, their plucked values. Two deques rather than one of pairs, so
    that handing the values out copies pointers without reading each record (on a busy day those records are
    spread over memory: reading them is most of what they cost)."""

    __slots__ = ("ids", "values")

    def __init__(self, newest: list[tuple[str, tuple[Any, ...]]], last: int) -> None:
        self.ids: deque[str] = deque((doc_id for doc_id, _ in newest), maxlen=last)
        self.values: deque[tuple[Any, ...]] = deque((values for _, values in newest), maxlen=last)

    def append(self, doc_id: str, values: tuple[Any, ...]) -> None:
        """A record that joined the bucket: the newest (the oldest kept drops out when the tail is full)."""
        self.ids.append(doc_id)
        self.values.append(values)

    def replace(self, doc_id: str, values: tuple[Any, ...]) -> None:
        """A kept record replaced in place: its new values, in its place (a record not kept: nothing)."""
        for n, kept_id in enumerate(self.ids):
            if kept_id == doc_id:
                self.values[n] = values
                return


class Table:
    """One table: TinyDB document id -> record, the business-key index, and field indexes built on first use.

    Records are replaced, never changed in place, so a record handed out stays as it was."""

    __slots__ = ("_by_key", "_next_id", "docs", "indexes", "maxima", "tails")

    def __init__(self, docs: dict[str, dict[str, Any]]) -> None:
        self.docs = docs
        self._by_key: dict[Any, str] | None = None
        self._next_id: int | None = None
        #: fields -> value -> document ids (a dict used as an ordered set: document-id order, as TinyDB's).
        self.indexes: dict[Fields, dict[Any, dict[str, None]]] = {}
        #: (fields, value, of) -> the highest ``of`` among those records (None: none has one).
        self.maxima: dict[tuple[Fields, Any, str], Any] = {}
        #: (fields, value) -> (plucked fields, how many) -> the newest records of that bucket (see :meth:`tail`).
        self.tails: dict[tuple[Fields, Any], dict[tuple[Fields, int], Tail]] = {}

    # -- reading

    def by_key(self) -> dict[Any, str]:
        """Business key -> document id."""
        if self._by_key is None:
            self._by_key = {doc.get("key"): doc_id for doc_id, doc in self.docs.items() if doc.get("key") is not None}
        return self._by_key

    def get(self, key: str) -> dict[str, Any] | None:
        """The record whose business key is ``key``."""
        doc_id = self.by_key().get(key)
        return self.docs[doc_id] if doc_id is not None else None

    def index(self, fields: Fields) -> dict[Any, dict[str, None]]:
        """The index on ``fields``, built now if this is its first use."""
        index = self.indexes.get(fields)
        if index is None:
            index = {}
            for doc_id in self.docs:
                index.setdefault(_value(self.docs[doc_id], fields), {})[doc_id] = None
            self.indexes[fields] = index
        return index

    def where(self, equals: dict[str, Any], *, last: int | None = None) -> Iterator[dict[str, Any]]:
        """Records whose fields equal ``equals`` (only the ``last`` ones when given), in the order they came to
        match: for records read from the data file that is the file's order; a record written later comes after
        them (a ticket that was just served is the newest of the served). Callers that need an order sort."""
        fields = tuple(sorted(equals))
        value = tuple(equals[f] for f in fields)
        try:
            bucket = self.index(fields).get(value, {})
        except TypeError:  # looking for an unhashable value: scan
            yield from (doc for doc in self.docs.values() if all(doc.get(f) == v for f, v in equals.items()))
            return
        if not last:
            for doc_id in list(bucket):  # a copy: the caller may write while iterating
                yield self.docs[doc_id]
            return
        # The newest ``last`` from the end (dicts keep insertion order and iterate backwards): a cost that does
        # not grow with the day.
        newest = list(itertools.islice(reversed(bucket), last))
        for doc_id in reversed(newest):
            yield self.docs[doc_id]

    def tail(self, equals: dict[str, Any], fields: Fields, last: int) -> list[tuple[Any, ...]]:
        """The values of ``fields`` of the newest ``last`` records matching ``equals``, oldest first (what
        :meth:`where` with ``last`` gives, plucked). Kept up to date by every write once asked for: a figure taken
        from the newest records (the median service time, asked at every ticket) then costs a copy of the list, not a
        look at each record, on a busy day as on a quiet one. The values are the same tuples from one ask to the
        next while their records stay unchanged (what :func:`kiosk.queue.service_minutes` relies on to compute
        only what is new)."""
        keys = tuple(sorted(equals))
        value = tuple(equals[f] for f in keys)
        try:
            hash(value)
        except TypeError:  # an unhashable value has no index: scan
            return [tuple(map(doc.get, fields)) for doc in self.where(equals, last=last)]
        kept = self.tails.get((keys, value), {}).get((fields, last))
        if kept is None:
            if len(self.tails) > _TAILS_KEPT:  # yesterday's buckets and the like: asked again, found again
                self.tails.clear()
            bucket = self.index(keys).get(value, {})
            newest = list(itertools.islice(reversed(bucket), last))
            kept = Tail([(i, tuple(map(self.docs[i].get, fields))) for i in reversed(newest)], last)
            self.tails.setdefault((keys, value), {})[(fields, last)] = kept
        return list(kept.values)

    def count(self, equals: dict[str, Any]) -> int:
        """How many records have fields equal to ``equals``."""
        fields = tuple(sorted(equals))
        return len(self.index(fields).get(tuple(equals[f] for f in fields), {}))

    def highest(self, of: str, equals: dict[str, Any]) -> Any:
        """The highest value of field ``of`` among the records matching ``equals`` (None when none has one)."""
        fields = tuple(sorted(equals))
        value = tuple(equals[f] for f in fields)
        slot = (fields, value, of)
        if slot not in self.maxima:
            found = [doc[of] for doc in self.where(equals) if doc.get(of) is not None]
            self.maxima[slot] = max(found, default=None)
        return self.maxima[slot]

    # -- writing (copies only)

    def next_id(self) -> str:
        """A document id no record of this table has."""
        if self._next_id is None:
            self._next_id = max((int(i) for i in self.docs), default=0) + 1
        doc_id = self._next_id
        self._next_id += 1
        return str(doc_id)

    def put(self, doc_id: str, doc: dict[str, Any] | None) -> dict[str, Any] | None:
        """Make ``doc`` the record ``doc_id`` (None: remove it); keep the indexes true. Returns the record it
        replaced."""
        old = self.docs.get(doc_id)
        if doc is None:
            self.docs.pop(doc_id, None)
        else:
            self.docs[doc_id] = doc
            if self._next_id is not None and int(doc_id) >= self._next_id:
                self._next_id = int(doc_id) + 1
        if self._by_key is not None:
            old_key = old.get("key") if old is not None else None
            new_key = doc.get("key") if doc is not None else None
            if old_key != new_key and old_key is not None and self._by_key.get(old_key) == doc_id:
                del self._by_key[old_key]
            if new_key is not None:
                self._by_key[new_key] = doc_id
        for fields, index in self.indexes.items():
            was = _value(old, fields) if old is not None else None
            now = _value(doc, fields) if doc is not None else None
            if old is not None and (doc is None or was != now):
                bucket = self._bucket(fields, index, was)
                bucket.pop(doc_id, None)
                if not bucket:
                    del index[was]
            if doc is not None and (old is None or was != now):
                self._bucket(fields, index, now)[doc_id] = None
            if self.tails:
                self._update_tails(fields, doc_id, old, doc, was, now)
        if self.maxima:
            self._update_maxima(old, doc)
        return old

    def _bucket(self, fields: Fields, index: dict[Any, dict[str, None]], value: Any) -> dict[str, None]:
        return index.setdefault(value, {})

    def _update_tails(
        self, fields: Fields, doc_id: str, old: dict[str, Any] | None, doc: dict[str, Any] | None, was: Any, now: Any
    ) -> None:
        """Keep the tails of the buckets a write touched true: a record that joins a bucket joins its end (as it does
        the bucket's order), one replaced in place is replaced in its tail; one that leaves drops the bucket's
        tails, found again when next asked (a record before the tail comes back into it)."""
        if old is not None and (doc is None or was != now):
            self.tails.pop((fields, was), None)
        kept = self.tails.get((fields, now)) if doc is not None else None
        if not kept or doc is None:
            return
        joined = old is None or was != now
        for (plucked, _), tail in kept.items():
            values = tuple(map(doc.get, plucked))
            if joined:
                tail.append(doc_id, values)
            else:
                tail.replace(doc_id, values)

    def _update_maxima(self, old: dict[str, Any] | None, doc: dict[str, Any] | None) -> None:
        for slot in list(self.maxima):
            fields, value, of = slot
            if old is not None and _value(old, fields) == value and old.get(of) is not None:
                if old.get(of) == self.maxima[slot] and (doc is None or doc.get(of) != old.get(of)):
                    del self.maxima[slot]  # the highest went: found again on the next ask
                    continue
            if doc is not None and _value(doc, fields) == value and doc.get(of) is not None:
                best = self.maxima[slot]
                if best is None or doc[of] > best:
                    self.maxima[slot] = doc[of]


class HotState:
    """Every table of the hot file at one committed point, each parsed when first used.

    ``fragments`` are the tables as read from the data file, still encoded; ``source`` names that file in
    errors. Published states are shared by snapshots; :meth:`draft` gives a transaction its own."""

    def __init__(self, fragments: dict[str, bytes], source: Path, tables: dict[str, Table] | None = None) -> None:
        self._fragments = dict(fragments)
        self._order = list(fragments)
        self.source = source
        self._tables: dict[str, Table] = dict(tables or {})
        for name in self._tables:
            if name not in self._order:
                self._order.append(name)

    def names(self) -> list[str]:
        """Every table's name, in file order."""
        return list(self._order)

    def table(self, name: str) -> Table | None:
        """The table ``name`` (parsed now if needed), or None when the file has no such table."""
        found = self._tables.get(name)
        if found is None:
            fragment = self._fragments.get(name)
            if fragment is None:  # no such table, or another thread parsed it just now
                return self._tables.get(name)
            found = Table(parse_table(fragment, self.source, name))
            # Two threads may both parse it: each gets an equal table, and the first one stays.
            found = self._tables.setdefault(name, found)
            self._fragments.pop(name, None)
        return found

    def parse_all(self) -> None:
        """Parse every table still encoded (checks the whole file)."""
        for name in list(self._fragments):
            self.table(name)

    def encoded(self, name: str) -> bytes | None:
        """Table ``name`` as the data file held it, when it has not been parsed (written back as it was)."""
        return self._fragments.get(name)

    def draft(self) -> Draft:
        """A transaction's private working copy."""
        return Draft(self)

    def copied_tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every table as TinyDB lays it out, each record a copy (for a caller that keeps or changes them)."""
        return {name: {i: dict(d) for i, d in docs.items()} for name, docs in self.tables().items()}

    def tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every table as TinyDB lays it out (document id -> record). Records are shared: do not change them."""
        return {name: table.docs for name in self._order if (table := self.table(name)) is not None}


class Draft:
    """A transaction's writes, made in place on the process's state with an undo log: :meth:`rollback` puts every
    record back as it was (a refused or failed transaction), :meth:`changes` is the journal record of a commit.

    The state is changed only while the store's lock is held, and snapshots read it under the same lock, so no
    reader ever sees a transaction half-done; records handed to callers are copies. Writing in place keeps a
    commit's cost to its own records, however big the day has grown (copying tables would cost what the day
    holds)."""

    def __init__(self, base: HotState) -> None:
        self.base = base
        self._undo: list[tuple[str, str, dict[str, Any] | None]] = []
        self._created: list[str] = []
        #: table -> document ids written or removed by this transaction, in order.
        self.written: dict[str, dict[str, None]] = {}
        #: table -> business keys written or removed (the meta table's records have none).
        self.keys: dict[str, set[str]] = {}

    def table(self, name: str) -> Table | None:
        """The table as this transaction sees it."""
        return self.base.table(name)

    def writable(self, name: str) -> Table:
        """The table ``name``, created empty when the hall has no such table yet."""
        table = self.base.table(name)
        if table is None:
            table = Table({})
            self.base._tables[name] = table
            self.base._order.append(name)
            self._created.append(name)
        return table

    def put(self, name: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Write (or with None, remove) one record."""
        old = self.writable(name).put(doc_id, doc)
        self._undo.append((name, doc_id, old))
        self.written.setdefault(name, {})[doc_id] = None
        keys = self.keys.setdefault(name, set())
        for record in (old, doc):
            if record is not None and record.get("key") is not None and name != META_TABLE:
                keys.add(record["key"])

    def before(self, name: str) -> dict[str, dict[str, Any] | None]:
        """Document id -> the record as it was before this transaction first wrote it (None: it is new), for each
        record of table ``name`` this transaction wrote."""
        first: dict[str, dict[str, Any] | None] = {}
        for table, doc_id, old in self._undo:
            if table == name and doc_id not in first:
                first[doc_id] = old
        return first

    def changes(self) -> dict[str, dict[str, dict[str, Any] | None]]:
        """What this transaction wrote, as a journal record holds it."""
        return {
            name: {doc_id: self.base._tables[name].docs.get(doc_id) for doc_id in ids}
            for name, ids in self.written.items()
        }

    def rollback(self) -> None:
        """Undo every write of this transaction, newest first."""
        for name, doc_id, old in reversed(self._undo):
            self.base._tables[name].put(doc_id, old)
        for name in self._created:
            self.base._tables.pop(name, None)
            self.base._order.remove(name)
        self._undo.clear()
        self._created.clear()
        self.written.clear()
        self.keys.clear()


def apply(state: HotState, changes: dict[str, dict[str, dict[str, Any] | None]]) -> dict[str, set[str]]:
    """Apply a journal record (from another process, or replayed at start-up) to ``state``, in place; returns the
    business keys it wrote, per table."""
    draft = state.draft()
    for name, docs in changes.items():
        for doc_id, doc in docs.items():
            draft.put(name, doc_id, doc)
    return {name: draft.keys.get(name, set()) for name in changes}
