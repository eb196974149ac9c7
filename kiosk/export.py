"""Appointments out to the hall's other systems: CSV for spreadsheets, JSON Lines for machines, iCalendar for
calendar programs.

Every appointment whose slot falls in the chosen days is one row (or one event), whatever its status: booked,
checked in, attended, cancelled or no-show. Records come from :mod:`kiosk.history`, so the export takes no lock
and shows a day not yet closed as closing it will leave it.

The rows (:data:`COLUMNS`, the same fields in CSV and JSON Lines)::

    code           the confirmation code as printed on the slip, A7KX-M2Q9
    date           the slot's day, YYYY-MM-DD
    start, end     the slot, HH:MM in the hall's timezone
    service        the service id; service_name its name in the export's language
    window         the staggered-hours window id, empty in regular hours
    staggered      true for a staggered-hours (evening, Saturday) slot
    status         booked | checked_in | attended | cancelled | no_show; status_name in the export's language
    name, phone    masked (张*, 138****5678) unless contact="full"
    booked_at      when it was booked (ISO 8601 with the hall's offset)
    checked_in_at  when the resident checked in, if they did
    ticket         the ticket number check-in gave (E002), if any
    late           true when the resident checked in after the slot's check-in window

Files are safe to hand on: written to a temporary file beside the target, flushed to disk and renamed over it,
with a manifest beside it (``<file>.manifest.json``: range, rows, bytes, SHA-256) written the same way; an
export that fails leaves neither, and any earlier file of that name untouched. Nothing in a file or its manifest
comes from the wall clock, so the same data always gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import booking, codes, validation
from kiosk.config import HallConfig
from kiosk.context import parse_stamp
from kiosk.errors import InvalidInput, KioskError
from kiosk.history import Progress, load
from kiosk.i18n import translate
from kiosk.store import TMP_MARKER

if TYPE_CHECKING:
    from kiosk.hall import Hall

FORMATS = ("csv", "jsonl", "ics")
CONTACT_MODES = ("masked", "full")
COLUMNS = ("code", "date", "start", "end", "service", "service_name", "window", "staggered", "status",
           "status_name", "name", "phone", "booked_at", "checked_in_at", "ticket", "late")
STATUSES = (booking.BOOKED, booking.CHECKED_IN, booking.ATTENDED, booking.CANCELLED, booking.NO_SHOW)
MANIFEST_SUFFIX = ".manifest.json"
#: Version of the manifest's and the rows' layout; bumped when a field changes meaning or goes away.
LAYOUT_VERSION = 1
#: The right-hand side of every event's UID: ``appointment-<code>@hall-kiosk``.
UID_DOMAIN = "hall-kiosk"
#: Spreadsheet programs read a cell starting with one of these as a formula (OWASP "CSV injection"); such a
#: cell gets a leading apostrophe. The full-width forms are what a Chinese input method types, and cost nothing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: A temporary file of an export older than this was left by a crashed run and is removed by the next one.
STALE_TEMP_SECONDS = 3600
CHUNK = 1 << 16


class ExportError(KioskError):
    """The export could not be written (disk full, no permission). Nothing was left behind: exit status 1."""

    exit_status = 1


@dataclass(frozen=True)
class ExportResult:
    """Where an export went and what its manifest says."""

    path: Path
    manifest_path: Path
    manifest: dict[str, Any]


# --------------------------------------------------------------------------------------------- where to


def file_name(kind: str, first: date, last: date, fmt: str) -> str:
    """The dated file name chosen when ``--out`` is a folder: ``appointments-2026-11-24.csv``, or
    ``appointments-2026-11-01_2026-11-30.csv`` for a range."""
    span = first.isoformat() if first == last else f"{first.isoformat()}_{last.isoformat()}"
    return f"{kind}-{span}.{fmt}"


def resolve_out(out: str | os.PathLike[str] | None, name: str) -> Path:
    """The file to write: ``name`` in the current folder when ``out`` is None; ``name`` inside ``out`` when it
    is a folder (created when ``out`` ends with a slash, as in a nightly job's first run); else ``out`` itself,
    whose folder must exist."""
    if out is None:
        return Path.cwd() / name
    text = os.fspath(out)
    path = Path(text).expanduser()
    if path.is_dir() or text.endswith(("/", os.sep)):
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError("export.write_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        return path.absolute() / name
    if not path.parent.is_dir():
        raise InvalidInput("export.no_folder", field="out", path=str(path.parent))
    return path.absolute()


# --------------------------------------------------------------------------------------------- rows


def appointment_rows(records: Iterable[dict[str, Any]], config: HallConfig, *, contact: str = "masked",
                     lang: str = "en") -> list[dict[str, Any]]:
    """One row per appointment record (see the module docstring), in the order given."""
    rows = []
    for record in records:
        start = parse_stamp(record["start"]).astimezone(config.timezone)
        end = parse_stamp(record["end"]).astimezone(config.timezone)
        checked_in = next((e for e in record.get("history", ()) if e.get("event") == "checked_in"), None)
        name, phone = record.get("name") or "", record.get("phone") or ""
        if contact != "full":
            name, phone = validation.mask_name(name), validation.mask_phone(phone)
        status = record["status"]
        rows.append({
            "code": codes.display(record["code"]),
            "date": record["day"],
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
            "service": record["service"],
            "service_name": _service_name(config, record["service"], lang),
            "window": record.get("window") or None,
            "staggered": bool(record.get("staggered")),
            "status": status,
            "status_name": translate(lang, f"export.status.{status}"),
            "name": name,
            "phone": phone,
            "booked_at": record.get("booked_at"),
            "checked_in_at": checked_in["at"] if checked_in else None,
            "ticket": record["ticket"].rsplit("/", 1)[-1] if record.get("ticket") else None,
            "late": bool(record.get("late")),
        })
    return rows


def _service_name(config: HallConfig, service_id: str, lang: str) -> str:
    try:
        return config.service(service_id).name.get(lang)
    except KeyError:  # a service since removed from kiosk.toml: its id is all there is
        return service_id


def _window_name(config: HallConfig, window_id: str | None, lang: str) -> str:
    window = next((w for w in config.windows if w.id == window_id), None)
    return window.name.get(lang) if window else (window_id or "")


# --------------------------------------------------------------------------------------------- formats


def neutralise(cell: str) -> str:
    """A CSV cell that a spreadsheet cannot take for a formula: one starting with ``= + - @``, a tab or a
    carriage return gets a leading apostrophe, which spreadsheets show as text and do not display."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def csv_line(values: Iterable[Any]) -> bytes:
    """One CSV record (RFC 4180: quoted when needed, CRLF line end), every cell neutralised, as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_csv_cell(value) for value in values])
    return buffer.getvalue().encode("utf-8")


def csv_chunks(rows: Iterable[dict[str, Any]], *, bom: bool = True) -> Iterator[bytes]:
    """The CSV file: a UTF-8 byte-order mark (so spreadsheet programs in a Chinese locale do not read the file
    as GBK), the header, then one line per row."""
    yield (b"\xef\xbb\xbf" if bom else b"") + csv_line(COLUMNS)
    for row in rows:
        yield csv_line(row[column] for column in COLUMNS)


def jsonl_line(row: dict[str, Any]) -> bytes:
    """One JSON object on one line, the fields in :data:`COLUMNS` order, CJK as UTF-8."""
    return json.dumps({column: row[column] for column in COLUMNS}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8") + b"\n"


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The JSON Lines file: one object per row."""
    for row in rows:
        yield jsonl_line(row)


def _utc(stamp_text: str) -> datetime:
    return parse_stamp(stamp_text).astimezone(timezone.utc)


def ics_event(record: dict[str, Any], row: dict[str, Any], config: HallConfig, *, lang: str) -> Any:
    """One VEVENT for an appointment.

    Stable across runs: the UID comes from the code, DTSTAMP and LAST-MODIFIED from the record's last change,
    CREATED from its booking, SEQUENCE counts the changes a calendar must apply (reschedules, a cancellation).
    """
    from icalendar import Event

    history = record.get("history") or [{"at": record["booked_at"], "event": "booked"}]
    event = Event()
    event.add("uid", f"appointment-{record['code']}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(history[-1]["at"]))
    event.add("created", _utc(record["booked_at"]))
    event.add("last-modified", _utc(history[-1]["at"]))
    event.add("sequence", sum(1 for e in history if e.get("event") in ("rescheduled", booking.CANCELLED)))
    event.add("dtstart", parse_stamp(record["start"]).astimezone(config.timezone))
    event.add("dtend", parse_stamp(record["end"]).astimezone(config.timezone))
    event.add("summary", f"{row['service_name']} · {row['name']}" if row["name"] else row["service_name"])
    event.add("location", config.name.get(lang))
    lines = [f"{translate(lang, 'export.label.code')}: {row['code']}",
             f"{translate(lang, 'export.label.status')}: {row['status_name']}"]
    if row["phone"]:
        lines.append(f"{translate(lang, 'export.label.phone')}: {row['phone']}")
    if row["staggered"]:
        lines.append(f"{translate(lang, 'export.label.window')}: {_window_name(config, row['window'], lang)}")
    if row["ticket"]:
        lines.append(f"{translate(lang, 'export.label.ticket')}: {row['ticket']}")
    event.add("description", "\n".join(lines))
    event.add("categories", [row["service_name"]])
    cancelled = row["status"] == booking.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A cancelled appointment stays in the file (other systems must learn of it) but blocks no one's time.
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("x-hall-code", row["code"])
    event.add("x-hall-service", row["service"])
    event.add("x-hall-status", row["status"])
    event.add("x-hall-staggered", "TRUE" if row["staggered"] else "FALSE")
    return event


def ics_chunks(records: list[dict[str, Any]], rows: list[dict[str, Any]], config: HallConfig, first: date,
               last: date, *, lang: str = "en") -> Iterator[bytes]:
    """The iCalendar file (RFC 5545, written by the ``icalendar`` library): the hall's VTIMEZONE, then one
    VEVENT per appointment, times in the hall's timezone."""
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Hall Kiosk//Appointments export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    calendar.add("x-wr-calname", translate(lang, "export.calendar_name", hall=config.name.get(lang), span=span))
    calendar.add("x-wr-timezone", config.timezone_name)
    # Always present, events or not: it is what every DTSTART refers to, and a VCALENDAR needs a component.
    # Bounded by the export's days, so it lists only the rules those days need.
    calendar.add_component(Timezone.from_tzid(config.timezone_name, first_date=first - timedelta(days=1),
                                              last_date=last + timedelta(days=2)))
    for record, row in zip(records, rows):
        calendar.add_component(ics_event(record, row, config, lang=lang))
    payload = calendar.to_ical()
    for offset in range(0, len(payload), CHUNK):
        yield payload[offset:offset + CHUNK]


# --------------------------------------------------------------------------------------------- writing


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}")


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files a crashed (killed) export of ``path`` left behind. Only old ones: a young one may
    belong to an export running right now."""
    limit = time.time() - STALE_TEMP_SECONDS
    for pattern in (f".{path.name}{TMP_MARKER}*", f".{path.name}{MANIFEST_SUFFIX}{TMP_MARKER}*"):
        for leftover in path.parent.glob(pattern):
            try:
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()
            except OSError:
                continue


def _write_temp(temp: Path, chunks: Iterable[bytes], *, durable: bool) -> tuple[str, int]:
    """Write ``chunks`` to the new file ``temp``; return its SHA-256 and size. The caller removes it on error."""
    digest, size = hashlib.sha256(), 0
    with open(temp, "xb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        handle.flush()
        if durable:
            os.fsync(handle.fileno())
    return digest.hexdigest(), size


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as written: indented, keys sorted, CJK as UTF-8, a final newline."""
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def write_export(path: Path, chunks: Iterable[bytes], manifest: dict[str, Any], *,
                 durable: bool = True) -> ExportResult:
    """Write the file and its manifest (given ``manifest`` plus ``file``, ``bytes`` and ``sha256``), atomically.

    Both are written in full to temporary files in the target folder and flushed before either is renamed into
    place, so a failure at any point (an exception from ``chunks``, a full disk) leaves the old files, or none,
    and no temporary file. Raises :class:`ExportError` for a failure of the machine.
    """
    manifest_path = path.with_name(path.name + MANIFEST_SUFFIX)
    _remove_stale_temps(path)
    data_temp, manifest_temp = _temp_path(path), _temp_path(manifest_path)
    try:
        sha256, size = _write_temp(data_temp, chunks, durable=durable)
        manifest = dict(manifest, file=path.name, bytes=size, sha256=sha256)
        _write_temp(manifest_temp, [manifest_bytes(manifest)], durable=durable)
        # The data file first: a manifest never describes a file that is not there yet.
        os.replace(data_temp, path)
        os.replace(manifest_temp, manifest_path)
        if durable:
            _fsync_dir(path.parent)
    except BaseException as exc:
        data_temp.unlink(missing_ok=True)
        manifest_temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError("export.write_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        raise
    return ExportResult(path=path, manifest_path=manifest_path, manifest=manifest)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("hall-kiosk")
    except Exception:  # running from a checkout that was never installed
        return "unknown"


# --------------------------------------------------------------------------------------------- the export


def check_options(first: date, last: date, fmt: str, contact: str) -> None:
    """Refuse a reversed range, an unknown format or an unknown contact mode (:class:`InvalidInput`)."""
    if last < first:
        raise InvalidInput("range.reversed", field="to", first=first.isoformat(), last=last.isoformat())
    if fmt not in FORMATS:
        raise InvalidInput("export.bad_format", field="format", value=fmt, known=", ".join(FORMATS))
    if contact not in CONTACT_MODES:
        raise InvalidInput("export.bad_contact", field="contact", value=contact, known=", ".join(CONTACT_MODES))


def export_appointments(hall: Hall, first: date, last: date, *, fmt: str = "csv",
                        out: str | os.PathLike[str] | None = None, contact: str = "masked", bom: bool = True,
                        lang: str = "en", progress: Progress | None = None) -> ExportResult:
    """Export every appointment of the days ``first`` to ``last`` from ``hall`` (a :class:`~kiosk.hall.Hall`)
    to ``out`` in ``fmt``; see the module docstring. Returns where it went and its manifest."""
    check_options(first, last, fmt, contact)
    path = resolve_out(out, file_name("appointments", first, last, fmt))
    config = hall.config
    history = load(hall.store, first, last, [booking.APPOINTMENTS], today=hall.now().date(), progress=progress)
    records = sorted(history.table(booking.APPOINTMENTS), key=lambda r: (r["start"], r["service"], r["code"]))
    rows = appointment_rows(records, config, contact=contact, lang=lang)
    chunks: Callable[[], Iterator[bytes]] = {
        "csv": lambda: csv_chunks(rows, bom=bom),
        "jsonl": lambda: jsonl_chunks(rows),
        "ics": lambda: ics_chunks(records, rows, config, first, last, lang=lang),
    }[fmt]
    changes = [entry["at"] for record in records for entry in record.get("history", ())]
    manifest = {
        "export": "appointments",
        "layout": LAYOUT_VERSION,
        "generator": f"hall-kiosk {_version()}",
        "format": fmt,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "timezone": config.timezone_name,
        "contact": contact,
        "lang": lang,
        "rows": len(rows),
        "statuses": {status: n for status, n in sorted(Counter(r["status"] for r in rows).items())},
        # The data's own time, not the clock's: the latest change among the exported records.
        "data_as_of": max(changes, default=None),
    }
    if fmt == "csv":
        manifest["bom"] = bom
    if fmt in ("csv", "jsonl"):
        manifest["columns"] = list(COLUMNS)
    return write_export(path, chunks(), manifest, durable=hall.store.durable)
