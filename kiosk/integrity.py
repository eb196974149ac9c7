"""``kiosk check``: every file of the store verified, one finding per problem, and the repairs that are safe.

What is checked (reading files directly, never through :meth:`Store.open`, so that a hot file that cannot be
read is reported instead of stopping the check):

* the **hot file**: it parses; every table is a table of records; every record of a known table has the fields
  its domain module writes, with their types (:data:`REQUIRED`, :data:`OPTIONAL`, :data:`ALLOWED`); business
  keys are unique within a table; ``_meta`` record ``"1"`` holds an int ``schema`` no newer than
  :data:`~kiosk.store.SCHEMA_VERSION` (other meta keys are tolerated, and typed when known);
* each **archive day file** ``<archive>/YYYY/YYYY-MM-DD.json``: the same, plus every record that has a ``day``
  belongs to the file's day;
* each **index shard** ``<archive>/index/*.json``: an object code -> ISO day whose entries name a day file that
  holds the code, and no code held by a day file missing from its shard;
* each **backup**: it parses and its records are well formed (a damaged backup is a warning: nothing reads it
  until someone restores it);
* **privacy**: the hot file, its lock, backups and archive files must not be open to other users.

Unknown tables, unknown meta keys and other files in the archive root (``closed.json`` and the like) are
tolerated: a newer part of the program may write them.

Each :class:`Finding` names the file (and the record) and carries the fix that works for *that* damage: the
hot file comes back from ``kiosk backups --restore``; archive files come back through :func:`repair`
(``kiosk check --repair``), never by restoring the hot file, which holds no closed day.

:func:`repair` runs under the store's exclusive lock (:func:`exclusive_lock`): it rebuilds damaged day files
from what the backups and the hot file still hold of that day, closed the way the nightly run closes a day
(:func:`kiosk.dayclose.close_days` on a scratch store), then rebuilds the index from the day files. Findings and
repair notes are catalog keys with parameters (:mod:`kiosk.i18n`); the CLI renders them.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from kiosk import audit, booking, dayclose, devices, journal, queue, ratings, requests, staff
from kiosk.config import HallConfig
from kiosk.context import Context
from kiosk.errors import StoreError
from kiosk.hours import HallHours
from kiosk.store import META_TABLE, SCHEMA_VERSION, TORN_SUFFIX, Store, encode, index_shard, write_atomic

ERROR, WARNING = "error", "warning"
#: Record problems reported per file before the rest are summed up in one line (a systematic fault would
#: otherwise bury everything else under thousands of identical lines).
MAX_RECORD_FINDINGS = 20
DAY_FILE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.json$")
#: What a damaged file is renamed to before it is replaced: unique per run, and never ``*.json``, so that no
#: reader takes it for a day file or a shard.
DAMAGED_MARKER = ".damaged-"

# --------------------------------------------------------------------------------------------- record shapes
#
# Kinds: "str", "int", "bool", "num" (int or float), "list", "dict", "day" (ISO date), "stamp" (ISO instant),
# "history" (a non-empty list of events, each with an "at" instant: day-close reads the last one), "session"
# (a counter's signed-in clerk, see kiosk.staff). A trailing "?" allows None. Fields are those the domain
# modules write when they create a record (the TypedDicts of kiosk/records.py type them: a field required here
# is a required key there, and a field of OPTIONAL is NotRequired there); records may carry more.

REQUIRED: dict[str, dict[str, str]] = {
    queue.TICKETS: {
        "key": "str",
        "day": "day",
        "number": "str",
        "prefix": "str",
        "seq": "int",
        "code": "str",
        "service": "str",
        "origin_service": "str",
        "kind": "str",
        "appointment": "str?",
        "priority": "bool",
        "issued_at": "stamp",
        "wait_since": "stamp",
        "status": "str",
        "counter": "str?",
        "called_at": "stamp?",
        "first_called_at": "stamp?",
        "finished_at": "stamp?",
        "outcome": "str?",
        "recalls": "int",
        "wait_min": "num?",
        "wait_max": "num?",
        "history": "history",
    },
    queue.COUNTERS: {"key": "str", "state": "str", "serving": "str?", "day": "day"},
    queue.CALLS: {
        "key": "str",
        "id": "int",
        "day": "day",
        "seq": "int",
        "at": "stamp",
        "ticket": "str",
        "number": "str",
        "service": "str",
        "counter": "str",
        "recall": "bool",
    },
    booking.APPOINTMENTS: {
        "key": "str",
        "code": "str",
        "service": "str",
        "day": "day",
        "start": "stamp",
        "end": "stamp",
        "staggered": "bool",
        "window": "str?",
        "name": "str",
        "phone": "str",
        "status": "str",
        "booked_at": "stamp",
        "ticket": "str?",
        "late": "bool",
        "history": "history",
    },
    requests.REQUESTS: {
        "key": "str",
        "code": "str",
        "category": "str",
        "description": "str",
        "phone": "str?",
        "address": "str?",
        "preferred_time": "str?",
        "status": "str",
        "submitted_at": "stamp",
        "due_at": "stamp",
        "assignee": "str?",
        "resolved_at": "stamp?",
        "reason": "str?",
        "origin": "dict?",
        "history": "history",
    },
    ratings.RATINGS: {
        "key": "str",
        "subject": "str",
        "subject_kind": "str",
        "level": "int",
        "label": "str",
        "comment": "str",
        "at": "stamp",
        "service": "str?",
        "counter": "str?",
        "follow_up": "str?",
    },
    audit.AUDIT: {
        "key": "str",
        "day": "day",
        "seq": "int",
        "at": "stamp",
        "staff": "str?",
        "counter": "str?",
        "action": "str",
        "ticket": "str?",
        "subject": "str?",
        "detail": "dict",
    },
    staff.STAFF: {"key": "str", "id": "str", "name": "str", "active": "bool", "created": "stamp", "pin": "dict"},
    devices.DEVICES: {
        "key": "str",
        "terminal": "str",
        "device": "str",
        "state": "str",
        "since": "stamp",
        "reason": "str?",
        "detail": "str?",
        "where": "str",
        "last_ok": "stamp?",
        "last_fault": "stamp?",
    },
    ratings.PADS: {
        "key": "str",
        "counter": "str",
        "code": "str",
        "kind": "str",
        "asked_at": "stamp",
        "expires_at": "stamp",
        "outcome": "str",
    },
}
#: Fields checked only when present (read with ``.get`` by the domain, or added to records after they exist).
OPTIONAL: dict[str, dict[str, str]] = {
    queue.COUNTERS: {"staff": "str?", "session": "session?"},
    ratings.RATINGS: {
        "category": "str?",
        "channel": "str",
        "clerk": "str?",
        "applied_at": "stamp?",
        "handled_at": "stamp?",
        "anonymous": "bool",
        "recorded_by": "str?",
        "appeal": "str?",
    },
    requests.REQUESTS: {"case": "dict"},
    ratings.PADS: {"touched_at": "stamp?", "next_code": "str?"},
    staff.STAFF: {
        "pin_changed": "stamp?",
        "failures": "int",
        "locked_until": "stamp?",
        "last_failure": "stamp?",
        "last_sign_in": "stamp?",
    },
}
#: Fields whose value must be one of a few: the domain branches on them and knows no other.
ALLOWED: dict[tuple[str, str], tuple[Any, ...]] = {
    (queue.TICKETS, "status"): (queue.WAITING, queue.CALLED, queue.DONE, queue.NO_SHOW, queue.EXPIRED),
    (queue.COUNTERS, "state"): ("open", "paused", "closed"),
    (booking.APPOINTMENTS, "status"): (
        booking.BOOKED,
        booking.CHECKED_IN,
        booking.ATTENDED,
        booking.CANCELLED,
        booking.NO_SHOW,
    ),
    (requests.REQUESTS, "status"): requests.STATUSES,
    (ratings.RATINGS, "level"): tuple(level.value for level in ratings.LEVELS),
    (devices.DEVICES, "state"): devices.STATES,
    (ratings.PADS, "outcome"): (ratings.IDLE, ratings.PENDING, ratings.RATED, ratings.NOT_RATED),
}
#: The store's own bookkeeping, record "1" of ``_meta``: ``schema`` is required; the others are typed when
#: present, and unknown names are left alone.
META_REQUIRED = {"schema": "int"}
META_OPTIONAL = {dayclose.OPEN_DAY: "day?", queue.LAST_CALL_ID: "int", "clock": "str", "closed_through": "day?"}
#: Tables a day file may hold (what day-close moves); others are tolerated and not checked.
ARCHIVED_TABLES = (queue.TICKETS, queue.CALLS, booking.APPOINTMENTS, audit.AUDIT, ratings.RATINGS, requests.REQUESTS)
#: Problems with a file's layout, as opposed to its records.
LAYOUT = ("integrity.not_json", "integrity.not_tables", "integrity.not_a_table")
SESSION_FIELDS = {"id": "str", "staff": "str", "counter": "str", "started": "stamp"}


def _fits(kind: str, value: Any) -> bool:
    """Whether ``value`` is of the shape ``kind`` names (see the kinds above)."""
    if kind.endswith("?"):
        return value is None or _fits(kind[:-1], value)
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "num":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "dict":
        return isinstance(value, dict)
    if kind == "day":
        return isinstance(value, str) and _parses(date.fromisoformat, value) and len(value) == 10
    if kind == "stamp":
        return isinstance(value, str) and _parses(datetime.fromisoformat, value)
    if kind == "history":
        return (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(entry, dict) and _fits("stamp", entry.get("at")) for entry in value)
        )
    if kind == "session":
        return isinstance(value, dict) and all(_fits(k, value.get(name)) for name, k in SESSION_FIELDS.items())
    raise ValueError(f"unknown field kind {kind!r}")


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


#: How a finding names a kind: JSON's own words, the same in both languages.
KIND_WORDS = {
    "str": "string",
    "int": "integer",
    "num": "number",
    "bool": "boolean",
    "list": "array",
    "dict": "object",
    "day": "date YYYY-MM-DD",
    "stamp": "ISO 8601 time",
    "history": "non-empty array of events with 'at'",
    "session": "object {id, staff, counter, started}",
}


def _kind_words(kind: str) -> str:
    return KIND_WORDS[kind[:-1]] + " | null" if kind.endswith("?") else KIND_WORDS[kind]


def _described(value: Any) -> str:
    """A short, safe description of a bad value for a finding (never a resident's whole phone number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"text '{value[:12]}…'" if len(value) > 12 else f"text '{value}'"
    return type(value).__name__ if isinstance(value, (list, dict)) else repr(value)


def record_problems(table: str, doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """What is wrong with one record of ``table``, as ``(problem key, params)`` pairs; empty when well formed.

    Tables without a known shape are not checked (a newer program may add tables).
    """
    problems: list[tuple[str, dict[str, Any]]] = []
    for name, kind in REQUIRED.get(table, {}).items():
        if name not in doc:
            problems.append(("integrity.field_missing", {"field": name, "expected": _kind_words(kind)}))
        elif not _fits(kind, doc[name]):
            problems.append(
                ("integrity.field_type", {"field": name, "expected": _kind_words(kind), "found": _described(doc[name])})
            )
    for name, kind in OPTIONAL.get(table, {}).items():
        if name in doc and not _fits(kind, doc[name]):
            problems.append(
                ("integrity.field_type", {"field": name, "expected": _kind_words(kind), "found": _described(doc[name])})
            )
    for (where, name), allowed in ALLOWED.items():
        if (
            where == table
            and name in doc
            and _fits(REQUIRED[table].get(name, "str"), doc[name])
            and doc[name] not in allowed
        ):
            problems.append(
                (
                    "integrity.field_type",
                    {"field": name, "found": _described(doc[name]), "expected": " | ".join(str(v) for v in allowed)},
                )
            )
    return problems


def well_formed(table: str, doc: Any) -> bool:
    """Whether ``doc`` is a record of ``table`` with every field the domain needs."""
    return isinstance(doc, dict) and not record_problems(table, doc)


def _label(doc_id: str, doc: Any) -> str:
    """How a finding names a record: its business key, else its document id in the file."""
    if isinstance(doc, dict) and isinstance(doc.get("key"), str) and doc["key"]:
        return cast(str, doc["key"])
    return f"#{doc_id}"


# --------------------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One problem: the file (and record) it is in, how bad it is, what is wrong and the fix for it.

    ``problem`` and ``fix`` are catalog keys filled from ``params``; ``severity`` is :data:`ERROR` (the hall
    cannot rely on the file: ``kiosk check`` exits 1) or :data:`WARNING`.
    """

    severity: str
    path: Path
    problem: str
    fix: str
    record: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self, lang: str) -> dict[str, Any]:
        """The finding as ``--json`` prints it, its sentences in ``lang``."""
        from kiosk.i18n import translate

        params = {"file": str(self.path), **self.params}
        return {
            "file": str(self.path),
            "record": self.record,
            "severity": self.severity,
            "code": self.problem,
            "problem": translate(lang, self.problem, **params),
            "fix": translate(lang, self.fix, **params),
        }


@dataclass
class Report:
    """Everything ``kiosk check`` found, plus the facts it prints when all is well."""

    findings: list[Finding] = field(default_factory=list)
    #: Record counts per table of the hot file (None when it could not be read).
    records: dict[str, int] | None = None
    size: int | None = None
    backups: list[str] = field(default_factory=list)
    archived_days: int = 0

    @property
    def errors(self) -> list[Finding]:
        """The findings that make the check fail."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings worth attention that do not make the check fail."""
        return [f for f in self.findings if f.severity == WARNING]


@dataclass
class _Scan:
    """What reading one store file gave: its tables (None when unusable) and its findings."""

    tables: dict[str, dict[str, Any]] | None
    findings: list[Finding]


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, exc.strerror or str(exc)


def _scan_tables(
    path: Path, payload: bytes, severity: str, fix: str, fix_params: dict[str, Any], *, day: str | None = None
) -> _Scan:
    """Check a store file's layout and every record; ``day`` (for a day file) is the day its records must have."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _Scan(
            None, [Finding(severity, path, "integrity.not_json", fix, None, {**fix_params, "reason": str(exc)})]
        )
    return _scan_data(path, data, severity, fix, fix_params, day=day)


def _scan_data(
    path: Path, data: Any, severity: str, fix: str, fix_params: dict[str, Any], *, day: str | None = None
) -> _Scan:
    """Check a store file's parsed content, as :func:`_scan_tables` does."""
    found: list[Finding] = []

    def add(problem: str, record: str | None = None, **params: Any) -> None:
        found.append(Finding(severity, path, problem, fix, record, {**fix_params, **params}))

    if not isinstance(data, dict):
        add("integrity.not_tables")
        return _Scan(None, found)
    usable: dict[str, dict[str, Any]] = {}
    record_findings = 0
    for table, docs in data.items():
        if not isinstance(docs, dict) or not all(isinstance(doc, dict) for doc in docs.values()):
            add("integrity.not_a_table", table=table)
            continue
        usable[table] = docs
        keys: dict[str, int] = {}
        for doc_id, doc in docs.items():
            problems = list(record_problems(table, doc)) if table != META_TABLE else []
            if day is not None and isinstance(doc.get("day"), str) and doc["day"] != day and _fits("day", doc["day"]):
                problems.append(("integrity.wrong_day", {"found": doc["day"], "day": day}))
            for problem, params in problems:
                record_findings += 1
                if record_findings <= MAX_RECORD_FINDINGS:
                    add(problem, _label(doc_id, doc), table=table, **params)
            if table != META_TABLE and isinstance(doc.get("key"), str):
                keys[doc["key"]] = keys.get(doc["key"], 0) + 1
        for key, count in keys.items():
            if count > 1:
                add("integrity.duplicate_key", key, table=table, count=count)
    if record_findings > MAX_RECORD_FINDINGS:
        add("integrity.more", count=record_findings - MAX_RECORD_FINDINGS)
    return _Scan(usable, found)


def _scan_hot(store: Store, payload: bytes, fix: str, fix_params: dict[str, Any]) -> tuple[_Scan, list[Finding]]:
    """Check the hall's data: the data file with its journal's records applied (the hall as every process reads
    it), and the journal itself."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        not_json = Finding(ERROR, store.path, "integrity.not_json", fix, None, {**fix_params, "reason": str(exc)})
        return _Scan(None, [not_json]), []
    findings: list[Finding] = []
    if isinstance(data, dict) and all(isinstance(t, dict) for t in data.values()):
        try:
            found = journal.replay(data, store.journal_path)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            findings.append(
                Finding(
                    ERROR,
                    store.journal_path,
                    "integrity.unreadable",
                    "integrity.fix.permissions",
                    None,
                    {"reason": reason},
                )
            )
        else:
            findings += _journal_findings(store, found)
    findings += [
        Finding(WARNING, kept, "integrity.journal_kept", "integrity.fix.journal_kept", None, {"bytes": _size(kept)})
        for kept in sorted(store.journal_path.parent.glob(f"{store.journal_path.name}.*"))
        if kept.name.endswith((TORN_SUFFIX, ".stale"))
    ]
    return _scan_data(store.path, data, ERROR, fix, fix_params), findings


def _journal_findings(store: Store, found: journal.Replay) -> list[Finding]:
    path = store.journal_path
    findings = []
    if found.damaged:
        findings.append(
            Finding(
                ERROR,
                path,
                "integrity.journal_damaged",
                "integrity.fix.journal_repair",
                None,
                {"offset": found.damaged[0], "count": len(found.damaged)},
            )
        )
    if found.torn:
        findings.append(
            Finding(WARNING, path, "integrity.journal_torn", "integrity.fix.journal_torn", None, {"bytes": found.torn})
        )
    if found.stale:
        findings.append(
            Finding(
                WARNING, path, "integrity.journal_stale", "integrity.fix.journal_stale", None, {"count": found.stale}
            )
        )
    return findings


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _schema_findings(
    path: Path, tables: dict[str, dict[str, Any]], severity: str, fix: str, fix_params: dict[str, Any]
) -> list[Finding]:
    """The ``_meta`` record of a hot file (or a backup of one): a schema number this program can read."""
    meta = tables.get(META_TABLE, {}).get("1")
    if not isinstance(meta, dict) or "schema" not in meta:
        return [Finding(severity, path, "integrity.no_schema", fix, META_TABLE, dict(fix_params))]
    found = []
    for name, kind in [*META_REQUIRED.items(), *META_OPTIONAL.items()]:
        if name in meta and not _fits(kind, meta[name]):
            found.append(
                Finding(
                    severity,
                    path,
                    "integrity.field_type",
                    fix,
                    META_TABLE,
                    {
                        **fix_params,
                        "table": META_TABLE,
                        "field": name,
                        "expected": _kind_words(kind),
                        "found": _described(meta[name]),
                    },
                )
            )
    schema = meta["schema"]
    if _fits("int", schema) and schema > SCHEMA_VERSION:
        # Another fix entirely: restoring a backup would throw away what the newer program wrote.
        found.append(
            Finding(
                severity,
                path,
                "integrity.newer_schema",
                "integrity.fix.upgrade",
                META_TABLE,
                {"found": schema, "supported": SCHEMA_VERSION},
            )
        )
    return found


# --------------------------------------------------------------------------------------------- which records
# belong to a day (the rules of kiosk.dayclose)


def day_of(table: str, doc: Any) -> str | None:
    """The day whose close moves ``doc`` into that day's file, or None (not a record of a day, still open, or
    not well formed).

    Tickets, calls, appointments and audit entries by their ``day``; ratings by the day of ``at``; ended
    requests by the day of their last history entry.
    """
    if table not in ARCHIVED_TABLES or not well_formed(table, doc):
        return None
    if table == ratings.RATINGS:
        return str(doc["at"][:10])
    if table == requests.REQUESTS:
        return str(doc["history"][-1]["at"][:10]) if doc["status"] in requests.ENDED else None
    return str(doc["day"])


def records_of_day(tables: dict[str, dict[str, Any]], day: str) -> dict[str, list[dict[str, Any]]]:
    """The well-formed records of ``tables`` that closing ``day`` moves into its day file (see :func:`day_of`)."""
    picked: dict[str, list[dict[str, Any]]] = {}
    for table in ARCHIVED_TABLES:
        for doc in tables.get(table, {}).values():
            if day_of(table, doc) == day:
                picked.setdefault(table, []).append(doc)
    return picked


def days_held(tables: dict[str, dict[str, Any]]) -> set[str]:
    """Every day of which ``tables`` (a hot file or a backup) hold records."""
    return {
        day
        for table in ARCHIVED_TABLES
        for doc in tables.get(table, {}).values()
        if (day := day_of(table, doc)) is not None
    }


def _indexed_codes(doc: dict[str, Any]) -> list[str]:
    """The codes :meth:`Archive.add` indexes for a record: its code and a key that is a code too."""
    return [
        ident for ident in (doc.get("code"), doc.get("key")) if isinstance(ident, str) and ident and "/" not in ident
    ]


def _shard_name(code: str) -> str:
    return index_shard(code)


# --------------------------------------------------------------------------------------------- the check


def _hot_fix(clean_backup: str | None) -> tuple[str, dict[str, Any]]:
    if clean_backup:
        return "integrity.fix.hot_restore", {"name": clean_backup}
    return "integrity.fix.hot_no_backup", {}


def _privacy(paths: list[Path], where: Path, severity: str = WARNING) -> list[Finding]:
    """One warning for files among ``paths`` that other users may open (one per folder, not per file)."""
    open_to_others = []
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            open_to_others.append((path, mode))
    if not open_to_others:
        return []
    first, mode = open_to_others[0]
    if where.is_dir():
        return [
            Finding(
                severity,
                where,
                "integrity.private_folder",
                "integrity.fix.private_folder",
                None,
                {"count": len(open_to_others), "example": first.name, "mode": f"{mode:o}"},
            )
        ]
    return [Finding(severity, first, "integrity.private", "integrity.fix.private", None, {"mode": f"{mode:o}"})]


def day_files(root: Path) -> list[tuple[Path, str]]:
    """Every archive day file ``root/YYYY/YYYY-MM-DD.json`` with its ISO day, oldest first.

    Names that merely look like one (``2026-02-30.json``) are included, so that the check can report them.
    """
    found = []
    for path in root.glob("[0-9][0-9][0-9][0-9]/*.json") if root.exists() else []:
        if DAY_FILE.match(path.name) and path.is_file():
            found.append((path, path.stem))
    return sorted(found, key=lambda item: item[1])


def check(store: Store) -> Report:
    """Check every file of ``store`` (read only: nothing is created, locked or written)."""
    report = Report()
    archive_root = store.archive.root

    # Backups first: the hot file's fix names the newest clean one, and a damaged day file's fix names the
    # backups that still hold its day.
    backup_days: list[tuple[str, set[str]]] = []  # newest first: a backup's name, the days it holds
    clean_backup = None
    for backup in store.backups():
        report.backups.append(backup.name)
        payload, reason = _read(backup)
        if reason == "missing":
            continue  # pruned by a writer since the listing: not damage
        if payload is None:
            report.findings.append(
                Finding(WARNING, backup, "integrity.unreadable", "integrity.fix.permissions", None, {"reason": reason})
            )
            continue
        scan = _scan_tables(backup, payload, WARNING, "integrity.fix.backup", {})
        if scan.tables is not None:
            scan.findings += _schema_findings(backup, scan.tables, WARNING, "integrity.fix.backup", {})
        if scan.findings:
            # One line per backup: its first problem says enough to know it must not be restored.
            report.findings.append(scan.findings[0])
        elif clean_backup is None:
            clean_backup = backup.name
        if scan.tables is not None:
            backup_days.append((backup.name, days_held(scan.tables)))

    # The hot file.
    fix, fix_params = _hot_fix(clean_backup)
    payload, reason = _read(store.path)
    hot_days: set[str] = set()
    if payload is None:
        if reason == "missing":
            report.findings.append(Finding(ERROR, store.path, "integrity.missing", "integrity.fix.hot_missing"))
        else:
            report.findings.append(
                Finding(
                    ERROR, store.path, "integrity.unreadable", "integrity.fix.permissions", None, {"reason": reason}
                )
            )
    else:
        report.size = len(payload)
        scan, journal_findings = _scan_hot(store, payload, fix, fix_params)
        report.findings += scan.findings + journal_findings
        if scan.tables is not None:
            schema = _schema_findings(store.path, scan.tables, ERROR, fix, fix_params)
            if any(f.problem == "integrity.newer_schema" for f in schema):
                # Its records have a shape this program does not know: judging them would only mislead.
                report.findings = [f for f in report.findings if f.path != store.path or f.problem in LAYOUT]
            else:
                hot_days = days_held(scan.tables)
            report.findings += schema
            report.records = {name: len(docs) for name, docs in scan.tables.items() if name != META_TABLE}

    # Archive day files.
    held: dict[str, str] = {}  # code -> newest day whose file holds it (what Archive.add leaves in the index)
    holds: dict[str, set[str]] = {}  # day -> codes its file holds
    unreadable_days: set[str] = set()
    days = day_files(archive_root)
    report.archived_days = len(days)
    for path, day in days:
        sources = [name for name, held_days in backup_days if day in held_days]
        if day in hot_days:
            sources.append(store.path.name)
        day_params: dict[str, Any] = {"day": day, "sources": ", ".join(sources)}
        day_fix = "integrity.fix.day_repair" if sources else "integrity.fix.day_restore"
        if not _parses(date.fromisoformat, day):
            report.findings.append(Finding(WARNING, path, "integrity.not_a_day", "integrity.fix.not_a_day"))
            continue
        if path.parent.name != day[:4]:
            report.findings.append(
                Finding(
                    WARNING,
                    path,
                    "integrity.wrong_year",
                    "integrity.fix.wrong_year",
                    None,
                    {"expected": str(store.archive.day_path(date.fromisoformat(day)))},
                )
            )
            continue
        payload, reason = _read(path)
        if payload is None:
            unreadable_days.add(day)
            report.findings.append(
                Finding(ERROR, path, "integrity.unreadable", "integrity.fix.permissions", None, {"reason": reason})
            )
            continue
        scan = _scan_tables(path, payload, ERROR, day_fix, day_params, day=day)
        report.findings += scan.findings
        if scan.tables is None:
            unreadable_days.add(day)
            continue
        codes = holds.setdefault(day, set())
        for table, docs in scan.tables.items():
            for doc in docs.values():
                for code in _indexed_codes(doc):
                    codes.add(code)
                    held[code] = day

    # The index.
    index_dir = archive_root / "index"
    shards = sorted(index_dir.glob("*.json")) if index_dir.is_dir() else []
    indexed: dict[str, set[str]] = {}  # shard name -> codes it holds
    for shard in shards:
        payload, reason = _read(shard)
        entries = None
        if payload is not None:
            try:
                entries = json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                reason = str(exc)
        if entries is None:
            report.findings.append(
                Finding(ERROR, shard, "integrity.not_json", "integrity.fix.index", None, {"reason": reason})
            )
            continue
        if not isinstance(entries, dict) or not all(isinstance(c, str) and _fits("day", d) for c, d in entries.items()):
            report.findings.append(Finding(ERROR, shard, "integrity.index_shape", "integrity.fix.index"))
            continue
        indexed[shard.name] = set(entries)
        for code, day in entries.items():
            if _shard_name(code) != shard.name:
                report.findings.append(
                    Finding(
                        WARNING,
                        shard,
                        "integrity.index_wrong_shard",
                        "integrity.fix.index",
                        code,
                        {"expected": _shard_name(code)},
                    )
                )
            elif day in unreadable_days:
                continue  # cannot tell; the day file's own finding says what to do
            elif code not in holds.get(day, set()):
                actual = held.get(code)
                report.findings.append(
                    Finding(
                        ERROR,
                        shard,
                        "integrity.index_wrong_day" if actual else "integrity.index_nowhere",
                        "integrity.fix.index",
                        code,
                        {"day": day, "actual": actual},
                    )
                )
    missing: dict[str, list[str]] = {}
    for code in sorted(held):
        if code not in indexed.get(_shard_name(code), set()):
            missing.setdefault(_shard_name(code), []).append(code)
    for name, lacking in sorted(missing.items()):
        shard = index_dir / name
        if shard.exists() and name not in indexed:
            continue  # a damaged shard: already reported
        # Day close writes the day file before the index: a code seen a moment ago may be indexed by now.
        still = set(lacking) - set(_entries_or_empty(shard))
        if still:
            report.findings.append(
                Finding(
                    ERROR,
                    shard,
                    "integrity.index_missing",
                    "integrity.fix.index",
                    None,
                    {"count": len(still), "codes": ", ".join(sorted(still)[:3])},
                )
            )

    # Privacy: the files hold residents' names and phone numbers.
    report.findings += _privacy([store.path], store.path)
    if store.journal_path.exists():
        report.findings += _privacy([store.journal_path], store.journal_path)
    report.findings += _privacy([store.lock_path], store.lock_path)
    report.findings += _privacy(list(store.backups()), store.backups_dir)
    report.findings += _privacy([p for p, _ in days] + shards, archive_root)
    return report


def _entries_or_empty(shard: Path) -> dict[str, str]:
    try:
        entries = json.loads(shard.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return entries if isinstance(entries, dict) else {}


# --------------------------------------------------------------------------------------------- repair


@contextmanager
def exclusive_lock(lock_path: Path, timeout: float) -> Iterator[None]:
    """Hold the store's exclusive lock (the one every writer takes) for the block, waiting at most ``timeout``.

    Polls instead of queueing a blocking ``flock`` (as :class:`Store` does): a repair is rare and run by hand,
    so losing the race to a busy kiosk for a moment costs nothing.
    """
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError("store.io", path=str(lock_path), reason=exc.strerror or str(exc)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreError("store.busy", path=str(lock_path), seconds=timeout) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass(frozen=True)
class Note:
    """One line of what :func:`repair` did or could not do: a catalog key and its parameters."""

    key: str
    params: dict[str, Any]
    done: bool = True

    def text(self, lang: str) -> str:
        """The note in ``lang``."""
        from kiosk.i18n import translate

        params = dict(self.params)
        if isinstance(params.get("sources"), list):
            # The files a day was rebuilt from, and what could still be read of the damaged one.
            parts = list(params["sources"])
            if params.get("salvaged"):
                parts.append(translate(lang, "integrity.source_damaged", count=params["salvaged"]))
            params["sources"] = ", ".join(parts)
        return translate(lang, self.key, **params)

    def as_dict(self, lang: str) -> dict[str, Any]:
        """The note as ``--json`` prints it."""
        return {
            "done": self.done,
            "code": self.key,
            "text": self.text(lang),
            **{k: v for k, v in self.params.items() if k != "salvaged"},
        }


def _set_aside(path: Path) -> Path:
    """Keep ``path`` under a name no other run can take (time in ns and random), as a hard link or a copy."""
    while True:
        aside = path.with_name(f"{path.name}{DAMAGED_MARKER}{time.time_ns()}-{secrets.token_hex(4)}")
        try:
            os.link(path, aside)
            return aside
        except FileExistsError:
            continue
        except OSError:
            try:
                fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "wb") as out:
                out.write(path.read_bytes())
                out.flush()
                os.fsync(out.fileno())
            return aside


def salvage(payload: bytes) -> tuple[dict[str, dict[str, Any]], bool]:
    """The tables and records that can still be read from a damaged store file, and whether it parsed whole.

    Store files are written one table a line (:func:`kiosk.store.join_tables`), so a file cut short or garbled
    in one place still holds the other tables whole, and the records of the damaged table up to the damage.
    """
    try:
        data = json.loads(payload.decode("utf-8"))
        if isinstance(data, dict):
            return {name: docs for name, docs in data.items() if isinstance(docs, dict)}, True
    except (UnicodeDecodeError, json.JSONDecodeError):
        pass
    text = payload.decode("utf-8", errors="replace")
    body = text[2:] if text.startswith("{\n") else text
    tables: dict[str, dict[str, Any]] = {}
    for line in body.split(",\n"):
        name, docs = _salvage_table(line)
        if name is not None and docs:
            tables[name] = docs
    return tables, False


def _salvage_table(line: str) -> tuple[str | None, dict[str, Any]]:
    """``"name":{"1":{...},"2":{...}`` read record by record, up to the first one that does not parse."""
    decoder = json.JSONDecoder()
    try:
        name, pos = decoder.raw_decode(line, 0)
    except json.JSONDecodeError:
        return None, {}
    if not isinstance(name, str) or line[pos : pos + 2] != ":{":
        return None, {}
    pos += 2
    docs: dict[str, Any] = {}
    try:
        while pos < len(line) and line[pos] != "}":
            doc_id, pos = decoder.raw_decode(line, pos)
            if line[pos : pos + 1] != ":":
                break
            doc, pos = decoder.raw_decode(line, pos + 1)
            docs[str(doc_id)] = doc
            if line[pos : pos + 1] == ",":
                pos += 1
    except json.JSONDecodeError:
        pass  # the damage: what came before it is kept
    return name, docs


def _write_keeping_mode(path: Path, payload: bytes, durable: bool) -> None:
    """:func:`write_atomic`, then give the new file the mode of the one it replaced (a repair must not open to
    other users a file that was private)."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    write_atomic(path, payload, durable=durable)
    if mode is not None:
        os.chmod(path, mode)


def _readable_tables(path: Path) -> dict[str, dict[str, Any]] | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return None
    return data


def _close_in_scratch(
    config: HallConfig, now: datetime, day: str, picked: dict[str, list[dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """Records of ``day`` taken from backups, closed as the nightly run closes a day (waiting tickets expire,
    appointments never checked in become no-shows), on a throw-away store; returns the day file's tables."""
    the_day = date.fromisoformat(day)
    if now.date() <= the_day:  # training clocks: the close must happen after the day
        now = datetime.combine(the_day + timedelta(days=1), datetime.min.time(), tzinfo=config.timezone)
    with tempfile.TemporaryDirectory(prefix="kiosk-repair-") as scratch:
        store = Store(Path(scratch) / "scratch.json", durable=False)
        store.create()
        with store.transaction() as tx:
            for table, records in picked.items():
                tx.insert_many(table, [dict(r) for r in records])
            tx.set_meta(dayclose.OPEN_DAY, day)
        with store.transaction() as tx:
            dayclose.close_days(tx, Context(config, HallHours(config), now))
        return store.archive.read_day(the_day)


def _rebuild_day(store: Store, config: HallConfig, now: datetime, path: Path, day: str) -> list[Note]:
    """Rebuild one damaged day file; the damaged one is kept aside. Returns what was done."""
    sources: list[tuple[str, dict[str, dict[str, Any]]]] = []
    for backup in reversed(store.backups()):  # oldest first: newer states win the merge below
        tables = _readable_tables(backup)
        if tables is not None:
            sources.append((backup.name, tables))
    hot = _readable_tables(store.path)
    if hot is not None:
        try:
            journal.replay(hot, store.journal_path)
        except OSError:
            pass  # the data file alone, then: what the journal adds to a closed day is little
        sources.append((store.path.name, hot))
    merged: dict[str, dict[str, dict[str, Any]]] = {}
    used = []
    for name, tables in sources:
        picked = records_of_day(tables, day)
        if picked:
            used.append(name)
        for table, found in picked.items():
            merged.setdefault(table, {}).update({r["key"]: r for r in found})
    rebuilt: dict[str, dict[str, Any]] = {}
    if merged:
        rebuilt = _close_in_scratch(config, now, day, {t: list(r.values()) for t, r in merged.items()})
    by_key = {table: {doc["key"]: doc for doc in docs.values()} for table, docs in rebuilt.items()}

    # What the damaged file still holds is the day as it was closed: it wins over the backups' older states.
    payload, _ = _read(path)
    salvaged = 0
    unusable: list[tuple[str, Any]] = []
    elsewhere: dict[str, dict[str, list[dict[str, Any]]]] = {}
    readable, whole = salvage(payload or b"")
    for table, docs in readable.items():
        for doc in docs.values():
            if table not in REQUIRED and isinstance(doc, dict) and isinstance(doc.get("key"), str):
                by_key.setdefault(table, {})[doc["key"]] = doc  # a table this program does not know: keep as is
                salvaged += 1
            elif not well_formed(table, doc):
                unusable.append((table, doc))
            elif "day" in doc and doc["day"] != day:
                elsewhere.setdefault(doc["day"], {}).setdefault(table, []).append(doc)
            else:
                by_key.setdefault(table, {})[doc["key"]] = doc
                salvaged += 1
    # A broken record is lost only when no backup gave a sound copy of it.
    lost = sum(1 for table, doc in unusable if not (isinstance(doc, dict) and doc.get("key") in by_key.get(table, {})))
    records = sum(len(docs) for docs in by_key.values())
    if not records:
        return [Note("integrity.repair_day_failed", {"file": str(path), "day": day}, done=False)]
    aside = _set_aside(path)
    tables = {table: {str(n): doc for n, doc in enumerate(docs.values(), start=1)} for table, docs in by_key.items()}
    _write_keeping_mode(path, encode(tables), store.durable)
    notes = [
        Note(
            "integrity.repaired_day",
            {"file": str(path), "count": records, "aside": aside.name, "sources": used, "salvaged": salvaged},
        )
    ]
    if not whole:
        # How much came after the damage is unknown: say so rather than let the next check's OK hide it.
        notes.append(Note("integrity.repair_partial", {"file": str(path), "aside": aside.name}, done=False))
    if lost:
        notes.append(Note("integrity.repair_lost", {"file": str(path), "count": lost, "aside": aside.name}, done=False))
    for other, moved in sorted(elsewhere.items()):
        notes.append(_move_to_day(store, other, moved, path))
    return notes


def _move_to_day(store: Store, day: str, moved: dict[str, list[dict[str, Any]]], source: Path) -> Note:
    """Merge records found in the wrong day file into their own (records already there are kept)."""
    target = store.archive.day_path(date.fromisoformat(day))
    count = sum(len(docs) for docs in moved.values())
    current: dict[str, dict[str, Any]] = {}
    if target.exists():
        read = _readable_tables(target)
        if read is None:
            return Note(
                "integrity.repair_not_moved", {"file": str(source), "count": count, "target": str(target)}, done=False
            )
        current = read
    for table, docs in moved.items():
        by_key = {doc.get("key"): doc for doc in current.get(table, {}).values()}
        for doc in docs:
            by_key.setdefault(doc["key"], doc)
        current[table] = {str(n): doc for n, doc in enumerate(by_key.values(), start=1)}
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_keeping_mode(target, encode(current), store.durable)
    return Note("integrity.repair_moved", {"file": str(source), "count": count, "target": str(target)})


def _rebuild_index(store: Store) -> list[Note]:
    """Write every index shard that differs from what the day files hold (later days win, as in day close)."""
    root = store.archive.root
    wanted: dict[str, dict[str, str]] = {}
    unreadable: set[str] = set()
    for path, day in day_files(root):
        tables = _readable_tables(path) if _parses(date.fromisoformat, day) and path.parent.name == day[:4] else None
        if tables is None:
            unreadable.add(day)
            continue
        for docs in tables.values():
            for doc in docs.values():
                for code in _indexed_codes(doc) if isinstance(doc, dict) else []:
                    wanted.setdefault(_shard_name(code), {})[code] = day
    index_dir = root / "index"
    rewritten = []
    existing = sorted(index_dir.glob("*.json")) if index_dir.is_dir() else []
    for name in sorted(set(wanted) | {p.name for p in existing}):
        shard = index_dir / name
        entries = dict(wanted.get(name, {}))
        current = _entries_or_empty(shard)
        # Entries pointing into a day file that cannot be read cannot be checked: keep them rather than lose them.
        for code, day in current.items():
            if isinstance(day, str) and day in unreadable and code not in entries and _shard_name(code) == name:
                entries[code] = day
        if shard.exists() and _is_json(shard) and current == entries:
            continue  # already right: a repair of a sound index writes nothing
        index_dir.mkdir(parents=True, exist_ok=True)
        _write_keeping_mode(shard, json.dumps(entries, separators=(",", ":")).encode(), store.durable)
        rewritten.append(name)
    if not rewritten:
        return []
    return [
        Note(
            "integrity.repaired_index", {"file": str(index_dir), "count": len(rewritten), "files": ", ".join(rewritten)}
        )
    ]


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return True


def repair(store: Store, config: HallConfig, now: datetime, report: Report) -> list[Note]:
    """Repair what ``report`` found in the archive, under the store's exclusive lock; return what was done.

    Damaged day files are rebuilt (the damaged file kept aside as ``<name>.damaged-<ns>-<random>``), records
    found in another day's file go to their own, then every index shard is made to match the day files. The
    hot file and backups are never changed here: the findings say how to restore those.
    """
    if any(f.problem == "integrity.newer_schema" and f.path == store.path for f in report.errors):
        # Its archive may hold records of shapes this program does not know: rebuilding would lose them.
        return [Note("integrity.repair_refused", {"file": str(store.path)}, done=False)]
    damaged_days = {}
    for finding in report.errors:
        match = DAY_FILE.match(finding.path.name)
        if match and finding.path.parent.parent == store.archive.root and finding.path.parent.name != "index":
            damaged_days[finding.path] = finding.path.stem
    notes: list[Note] = []
    if any(f.problem == "integrity.journal_damaged" for f in report.errors):
        applied, skipped, kept = store.repair_journal()
        notes.append(Note("integrity.journal_repaired", {"applied": applied, "skipped": skipped, "kept": str(kept)}))
    with exclusive_lock(store.lock_path, store.lock_timeout):
        for path, day in sorted(damaged_days.items(), key=lambda item: item[1]):
            notes += _rebuild_day(store, config, now, path, day)
        notes += _rebuild_index(store)
    return notes
