"""The data file's format: a JSON object of TinyDB tables written one table a line, so that a transaction can
parse only the tables it uses (:class:`LazyTables`) and write the others back byte for byte; the schema version
that refuses a file from a newer Hall Kiosk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.errors import StoreError

#: Version of the record layout; bumped when records change shape.
SCHEMA_VERSION = 1


META_TABLE = "_meta"


Tables = dict[str, dict[str, dict[str, Any]]]


def _table_line(name: str, table: bytes) -> bytes:
    return json.dumps(name).encode("utf-8") + b":" + table


#: Compact JSON with CJK kept readable, as the store writes it (tables and journal lines): made once, since
#: ``json.dumps`` with these options makes an encoder at every call.
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_table(table: dict[str, Any]) -> bytes:
    """One table as stored: compact UTF-8 JSON, CJK kept readable, never a raw newline (JSON escapes them)."""
    return COMPACT_JSON.encode(table).encode("utf-8")


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

    def get(self, name: str, default: Any = None) -> Any:
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
        return {
            name: self._fragments[name] if name in self._fragments else encode_table(dict.__getitem__(self, name))
            for name in self._order
        }


def _check_schema(meta: dict[str, Any], source: Path) -> None:
    """Refuse a file written by a newer Hall Kiosk: its records may mean what this version cannot know, and
    rewriting it would silently drop what it does not understand."""
    found = (meta.get("1") or {}).get("schema", SCHEMA_VERSION)
    if not isinstance(found, int) or found > SCHEMA_VERSION:
        raise StoreError("store.newer_schema", path=str(source), found=found, known=SCHEMA_VERSION)
