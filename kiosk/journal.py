"""The journal beside the data file: one line per committed transaction, appended and ``fsync``-ed under the lock.

The TinyDB data file is the checkpoint: a whole, readable state. Every transaction after it is one line of the
journal (``hall.json.journal`` beside ``hall.json``), so a write costs what its own changes cost, however big the
day has grown. A checkpoint folds the journal into a new data file and starts a new journal.

The format, one JSON object per line, each ending with a CRC-32 of the line written before it::

    {"journal":"9f3c…","follows":["41aa…",812],"crc":"1a2b3c4d"}              the header: first line
    {"seq":1,"tables":{"tickets":{"17":{…record…}},"_meta":{"1":{…}}},"crc":"…"}   a transaction
    {"seq":2,"tables":{"tickets":{"17":null}},"crc":"…"}                           null: the record was removed

* ``journal`` is this journal's token; the data file's meta names the journal that continues it (key
  ``journal``). A journal whose token is not the one the data file names is stale (already folded, or the data
  file was restored) and is never replayed.
* ``follows`` names the journal and the last ``seq`` the checkpoint folded (None for a new hall or a restore), so a
  process that had read exactly that far can carry on without reading the new data file at all.
* A record holds every record its transaction wrote, whole, by TinyDB document id, so replaying it is a plain
  replace. The ``crc`` is over the bytes of the line with ``,"crc":"…"`` left out: a line cut short by a crash or
  damaged on disk fails it.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.fileformat import COMPACT_JSON, META_TABLE

#: What a journal's name adds to the data file's.
SUFFIX = ".journal"

#: The key of the data file's meta record that names the journal continuing it.
TOKEN_META = "journal"

# ,"crc":"01234567"} closes every line (before its newline): 18 bytes.
_CRC_OPEN = b',"crc":"'
_CRC_LEN = len(_CRC_OPEN) + 8 + 2

#: One transaction's changes: table -> TinyDB document id -> the record as it now stands, or None if removed.
Changes = dict[str, dict[str, dict[str, Any] | None]]


def encode_line(record: dict[str, Any]) -> bytes:
    """One journal line (with its newline) for ``record``: compact UTF-8 JSON closed by its CRC-32."""
    body = COMPACT_JSON.encode(record).encode("utf-8")
    return body[:-1] + _CRC_OPEN + b"%08x" % zlib.crc32(body) + b'"}\n'


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The record of one line (without its newline), or None when its checksum or JSON is wrong."""
    if len(line) <= _CRC_LEN or not line.endswith(b'"}') or line[-_CRC_LEN : -_CRC_LEN + len(_CRC_OPEN)] != _CRC_OPEN:
        return None
    body = line[:-_CRC_LEN] + b"}"
    if b"%08x" % zlib.crc32(body) != line[-10:-2]:
        return None
    try:
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def header(token: str, follows: tuple[str, int] | None) -> bytes:
    """The first line of a new journal."""
    return encode_line({"journal": token, "follows": list(follows) if follows else None})


def entry(seq: int, changes: Changes) -> bytes:
    """The line of transaction ``seq``."""
    return encode_line({"seq": seq, "tables": changes})


@dataclass
class Tail:
    """What reading a journal from an offset found."""

    #: The journal's token and what its checkpoint folded (only when the read started at 0).
    token: str | None = None
    follows: tuple[str, int] | None = None
    #: The transactions read, in order: (seq, changes, offset just after its line).
    entries: list[tuple[int, Changes, int]] = field(default_factory=list)
    #: The offset just after the last whole, valid line read.
    end: int = 0
    #: Bytes after ``end`` that are not a whole valid line: a write under way (readers), or one a crash cut short
    #: (a writer holding the lock knows nobody is writing).
    rest: bytes = b""
    #: Lines that fail their checksum but are followed by valid ones: damage, not a write cut short.
    damaged: list[int] = field(default_factory=list)
    #: Records after the first damaged line (not applied by a reader; ``kiosk check --repair`` keeps them).
    after_damage: list[tuple[int, Changes, int]] = field(default_factory=list)


def read(handle: BinaryIO, offset: int) -> Tail:
    """Read the journal open as ``handle`` from ``offset`` (0: from its header)."""
    handle.seek(offset)
    data = handle.read()
    tail = Tail(end=offset)
    position = 0
    pending_bad: list[int] = []
    while True:
        cut = data.find(b"\n", position)
        if cut < 0:
            break
        line = data[position:cut]
        record = decode_line(line)
        at = offset + position
        position = cut + 1
        if record is None:
            pending_bad.append(at)
            continue
        if pending_bad:  # a bad line followed by a good one: damage in the middle
            tail.damaged += pending_bad
            pending_bad = []
        if at == 0 and "journal" in record:
            tail.token = str(record["journal"])
            follows = record.get("follows")
            tail.follows = (str(follows[0]), int(follows[1])) if follows else None
        elif "seq" in record and isinstance(record.get("tables"), dict):
            if tail.damaged:
                tail.after_damage.append((int(record["seq"]), record["tables"], offset + position))
                continue
            tail.entries.append((int(record["seq"]), record["tables"], offset + position))
        else:
            tail.damaged.append(at)
            continue
        if not tail.damaged:
            tail.end = offset + position
    tail.rest = data[tail.end - offset :] if not tail.damaged else b""
    return tail


@dataclass
class Replay:
    """What :func:`replay` found in a journal beside a data file (for ``kiosk check``)."""

    #: Whether there is a journal file at all.
    present: bool = False
    #: Records applied (the journal continues the data file).
    applied: int = 0
    #: Records of a journal that does not continue the data file (never replayed).
    stale: int = 0
    #: Offsets of damaged records followed by valid ones.
    damaged: list[int] = field(default_factory=list)
    #: Bytes after the last whole record: a write under way, or one a crash cut short.
    torn: int = 0


def apply_to(tables: dict[str, dict[str, Any]], changes: Changes) -> None:
    """Apply one record's changes to TinyDB-shaped ``tables``, in place."""
    for name, docs in changes.items():
        table = tables.setdefault(name, {})
        for doc_id, doc in docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc


def token_of(tables: dict[str, Any]) -> str | None:
    """The journal a data file's tables name as the one continuing them (None: a file from before journals)."""
    meta = tables.get(META_TABLE, {})
    record = meta.get("1") if isinstance(meta, dict) else None
    token = record.get(TOKEN_META) if isinstance(record, dict) else None
    return str(token) if token is not None else None


def replay(tables: dict[str, dict[str, Any]], path: Path) -> Replay:
    """Apply to ``tables`` (the data file's, in place) the journal at ``path`` when it is the one they name (see
    :func:`token_of`); say what was found. Raises ``OSError`` when the journal cannot be read."""
    token = token_of(tables)
    found = Replay()
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return found
    with handle:
        tail = read(handle, 0)
    found.present = True
    found.damaged, found.torn = tail.damaged, len(tail.rest)
    if tail.token is None or tail.token != token:
        found.stale = len(tail.entries) + len(tail.after_damage)
        return found
    for _, changes, _ in tail.entries:
        apply_to(tables, changes)
    found.applied = len(tail.entries)
    return found
