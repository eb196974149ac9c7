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

What an export may replace (:func:`check_target`, before anything is read or written; a refusal is
:class:`~kiosk.errors.Refused`, exit status 2):

* Never the data files, not even with ``force``: the data file, its lock, anything in its backups folder or its
  archive, and its ``.bad`` and temporary siblings. The target and its manifest's path are compared after
  following symbolic links, and an existing target with more than one hard link is compared by inode with each
  of those files, so no second name for them gets through.
* Never a folder, a symbolic link, a device, a FIFO or a socket: only a regular file is ever replaced.
* An existing regular file only when it is *ours*: ``<file>.manifest.json`` beside it is a regular file holding
  a JSON object with our ``layout`` field, whose ``file`` is the file's name and whose ``bytes`` and ``sha256``
  match the file's current bytes. A file we wrote whose run was interrupted between its renames (see below) is
  matched the same way by the temporary manifest that run left beside it (``.<file>.manifest.json.tmp-*``).
  Anything else was written by someone else, or changed since we wrote it, and is replaced only with ``force``.
  An existing ``<file>.manifest.json`` that is not a manifest of ours is likewise replaced only with ``force``.

At no instant does a manifest on disk describe bytes other than its file's. Both new files are complete and
flushed before any rename; then the old manifest is moved aside (to a temporary name), then the new file is
renamed into place, then its manifest, the folder flushed to disk after each step so that the disk cannot keep a
later step without an earlier one. A crash between those steps leaves a file without ``<file>.manifest.json``,
which a consumer must take as not ready (the next run recognises it by the temporary manifest left beside it).
An export that fails before the file's rename puts the old manifest back; one that fails after it (in practice
never: a rename in a folder where the previous one just worked) removes what it renamed, manifest first, so a
failure the program sees leaves no file without its manifest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import booking, codes, validation
from kiosk.config import HallConfig
from kiosk.context import parse_stamp
from kiosk.errors import InvalidInput, KioskError, Refused
from kiosk.history import Progress, load
from kiosk.i18n import translate
from kiosk.store import PRIVATE, TMP_MARKER, FileAccess

if TYPE_CHECKING:
    from kiosk.hall import Hall
    from kiosk.store import Store

FORMATS = ("csv", "jsonl", "ics")
CONTACT_MODES = ("masked", "full")
COLUMNS = (
    "code",
    "date",
    "start",
    "end",
    "service",
    "service_name",
    "window",
    "staggered",
    "status",
    "status_name",
    "name",
    "phone",
    "booked_at",
    "checked_in_at",
    "ticket",
    "late",
)
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
#: A manifest is a few hundred bytes; a "manifest" larger than this is not ours and is not read whole.
MANIFEST_MAX_BYTES = 1 << 20


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
    is a folder (an existing one, or one ending with a slash, which :func:`make_folder` creates, as in a nightly
    job's first run); else ``out`` itself, whose folder must exist. Creates nothing: the target is checked
    (:func:`check_target`) before any folder is made for it."""
    if out is None:
        return Path.cwd() / name
    text = os.fspath(out)
    if text == "-":  # "standard output" by habit: an export is a file with its manifest, never a stream
        raise InvalidInput("export.no_stdout", field="out")
    path = Path(text).expanduser()
    if path.is_dir() or text.endswith(("/", os.sep)):
        return path.absolute() / name
    if not path.parent.is_dir():
        raise InvalidInput("export.no_folder", field="out", path=str(path.parent))
    return path.absolute()


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents if missing (``--out`` ending in a slash); :class:`ExportError` if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError("export.write_failed", path=str(folder), reason=exc.strerror or str(exc)) from None


def manifest_path_of(path: Path) -> Path:
    """Where the manifest of the export ``path`` goes: ``<file>.manifest.json`` beside it."""
    return path.with_name(path.name + MANIFEST_SUFFIX)


# --------------------------------------------------------------------------------------------- what may be replaced


def check_target(path: Path, store: Store, *, force: bool = False) -> None:
    """Refuse (:class:`~kiosk.errors.Refused`) to write the export ``path`` and its manifest where the module
    docstring says an export must not: the data files of ``store`` (whatever ``force`` says), anything but a
    regular file, and an existing file that is not ours unless ``force``. Writes nothing."""
    manifest_path = manifest_path_of(path)
    if path.name.endswith(MANIFEST_SUFFIX):  # a manifest is written beside its export, never as one
        raise Refused("export.refused_manifest_name", field="out", path=str(path))
    for candidate in (path, manifest_path):
        _refuse_store_file(candidate, store)
        _refuse_any_hall_file(candidate)
    for candidate in (path, manifest_path):
        _refuse_non_regular(candidate)
    if force:
        return
    if _exists(path):
        verdict = _ownership(path)
        if verdict == "changed":
            raise Refused("export.refused_changed", field="out", path=str(path))
        if verdict != "ours":
            raise Refused("export.refused_not_ours", field="out", path=str(path))
    if _exists(manifest_path) and _read_manifest(manifest_path) is None:
        raise Refused("export.refused_manifest", field="out", path=str(manifest_path))


#: Where a hall's data file declares itself: its meta table with the record layout's version.
_HALL_MARK = b'"_meta":{"1":{'


def _refuse_any_hall_file(candidate: Path) -> None:
    """Refuse, even with ``--force``, what belongs to *any* hall, not just this one (a training copy, the live
    hall beside it, another hall's folder): a lock, a kept ``.bad`` copy, a temporary file of the store, a
    manifest given as the export itself, and a data file (a JSON file whose meta table says so, or one with its
    lock or archive beside it). A mistyped ``--out`` in a nightly job run on the wrong hall must not destroy it."""
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        resolved = candidate.absolute()
    name = resolved.name
    hall_like = name.endswith((".lock", ".bad")) or TMP_MARKER in name or ".damaged-" in name
    if not hall_like and _exists(resolved) and stat.S_ISREG(os.stat(resolved).st_mode):
        beside = (resolved.with_name(name + ".lock"), resolved.with_name(resolved.stem + "-archive"))
        hall_like = any(_exists(p) for p in beside) or _HALL_MARK in _head(resolved)
    if hall_like:
        raise Refused("export.refused_hall_file", field="out", path=str(candidate))


def _head(path: Path, size: int = 1 << 16) -> bytes:
    """The start of a file, without whitespace (where a data file's meta table is, whatever its layout)."""
    try:
        with open(path, "rb") as handle:
            return b"".join(handle.read(size).split())
    except OSError:
        return b""


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _refuse_store_file(candidate: Path, store: Store) -> None:
    """Refuse ``candidate`` when it is, or leads to (symbolic links, hard links), one of the store's files."""
    data, shown = store.path, candidate
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links: leads nowhere, and is refused as a link
        resolved = candidate.absolute()
    if resolved in (data.resolve(), data.absolute()):
        raise Refused("export.refused_data", field="out", path=str(shown), target=str(data))
    if resolved == store.lock_path.resolve():
        raise Refused("export.refused_lock", field="out", path=str(shown), target=str(store.lock_path))
    if _inside(resolved, store.backups_dir):
        raise Refused("export.refused_backup", field="out", path=str(shown), target=str(store.backups_dir))
    if _inside(resolved, store.archive.root):
        raise Refused("export.refused_archive", field="out", path=str(shown), target=str(store.archive.root))
    if any(resolved.parent == home and _is_data_sibling(resolved.name, name) for home, name in _data_homes(store)):
        raise Refused("export.refused_sibling", field="out", path=str(shown), target=str(data))
    # Another name for one of those files: only a file with more than one link can be one, so the common case
    # (a new name, or an earlier export) costs one stat and no walk of the backups and the archive.
    try:
        info = os.stat(candidate)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode) or info.st_nlink < 2:
        return
    identity = (info.st_dev, info.st_ino)
    if identity == _identity(data):
        raise Refused("export.refused_data", field="out", path=str(shown), target=str(data))
    if identity == _identity(store.lock_path):
        raise Refused("export.refused_lock", field="out", path=str(shown), target=str(store.lock_path))
    if any(identity == _identity(f) for f in _files_under(store.backups_dir)):
        raise Refused("export.refused_backup", field="out", path=str(shown), target=str(store.backups_dir))
    if any(identity == _identity(f) for f in _files_under(store.archive.root)):
        raise Refused("export.refused_archive", field="out", path=str(shown), target=str(store.archive.root))
    siblings = (f for home, name in _data_homes(store) for f in _listing(home) if _is_data_sibling(f.name, name))
    if any(identity == _identity(f) for f in siblings):
        raise Refused("export.refused_sibling", field="out", path=str(shown), target=str(data))


def _inside(resolved: Path, folder: Path) -> bool:
    home = folder.resolve()
    return resolved == home or home in resolved.parents


def _data_homes(store: Store) -> set[tuple[Path, str]]:
    """The folders and names beside which the data file's siblings lie: the path as configured, and where a
    symbolic link there leads."""
    data = store.path
    return {(data.absolute().parent.resolve(), data.name), (data.resolve().parent, data.resolve().name)}


def _is_data_sibling(name: str, data_name: str) -> bool:
    """A copy of the data file kept after a failed read or restore (``hall.json.<stamp>.bad``), or a store
    writer's temporary file (``.hall.json.tmp-*``)."""
    return (name.startswith(f"{data_name}.") and name.endswith(".bad")) or name.startswith(f".{data_name}{TMP_MARKER}")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _files_under(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from (p for p in folder.rglob("*") if not p.is_dir())


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _refuse_non_regular(candidate: Path) -> None:
    """Refuse an existing ``candidate`` that is not a regular file: replacing a folder fails, and replacing a
    symbolic link or a device is never what was meant (``--out /dev/stdout`` as root would replace the device)."""
    try:
        mode = os.lstat(candidate).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError("export.write_failed", path=str(candidate), reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise Refused("export.refused_folder", field="out", path=str(candidate))
    if stat.S_ISLNK(mode):
        raise Refused("export.refused_link", field="out", path=str(candidate))
    if not stat.S_ISREG(mode):
        raise Refused("export.refused_special", field="out", path=str(candidate))


def _read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` if it is a regular file holding one of ours (a JSON object with our ``layout``
    field and a ``file`` name), else None."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_MAX_BYTES:
            return None
        manifest = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not (
        isinstance(manifest, dict) and isinstance(manifest.get("layout"), int) and isinstance(manifest.get("file"), str)
    ):
        return None
    return manifest


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _ownership(path: Path) -> str:
    """``ours`` when a manifest of ours beside ``path`` describes its current bytes (see the module
    docstring); ``changed`` when one names it but its bytes differ; else ``foreign``."""
    manifest_path = manifest_path_of(path)
    # The temporary manifests of an interrupted run of ours: the new one (the crash came after the file's
    # rename) or the old one moved aside (it came before). Either describes the file if the file is ours.
    leftovers = sorted(path.parent.glob(f".{manifest_path.name}{TMP_MARKER}*"))
    manifests = [m for m in map(_read_manifest, [manifest_path, *leftovers]) if m and m["file"] == path.name]
    if not manifests:
        return "foreign"
    size = os.lstat(path).st_size
    candidates = [m for m in manifests if m.get("bytes") == size]
    if candidates:
        try:
            sha256 = _sha256_of(path)
        except OSError as exc:
            raise ExportError("export.write_failed", path=str(path), reason=exc.strerror or str(exc)) from None
        if any(m.get("sha256") == sha256 for m in candidates):
            return "ours"
    return "changed"


# --------------------------------------------------------------------------------------------- rows


def appointment_rows(
    records: Iterable[dict[str, Any]], config: HallConfig, *, contact: str = "masked", lang: str = "en"
) -> list[dict[str, Any]]:
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
        rows.append(
            {
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
            }
        )
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
    if isinstance(value, list):  # several ids or names in one cell (an evaluation's reasons): "slow;attitude"
        return neutralise(";".join(str(item) for item in value))
    return neutralise(str(value))


def csv_line(values: Iterable[Any]) -> bytes:
    """One CSV record (RFC 4180: quoted when needed, CRLF line end), every cell neutralised, as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_csv_cell(value) for value in values])
    return buffer.getvalue().encode("utf-8")


def csv_chunks(
    rows: Iterable[dict[str, Any]], *, bom: bool = True, columns: Sequence[str] = COLUMNS
) -> Iterator[bytes]:
    """The CSV file: a UTF-8 byte-order mark (so spreadsheet programs in a Chinese locale do not read the file
    as GBK), the header, then one line per row (``columns``: the appointments' unless another export says)."""
    yield (b"\xef\xbb\xbf" if bom else b"") + csv_line(columns)
    for row in rows:
        yield csv_line(row[column] for column in columns)


def jsonl_line(row: dict[str, Any], columns: Sequence[str] = COLUMNS) -> bytes:
    """One JSON object on one line, the fields in ``columns`` order, CJK as UTF-8."""
    return (
        json.dumps({column: row[column] for column in columns}, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )
        + b"\n"
    )


def jsonl_chunks(rows: Iterable[dict[str, Any]], *, columns: Sequence[str] = COLUMNS) -> Iterator[bytes]:
    """The JSON Lines file: one object per row."""
    for row in rows:
        yield jsonl_line(row, columns)


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
    lines = [
        f"{translate(lang, 'export.label.code')}: {row['code']}",
        f"{translate(lang, 'export.label.status')}: {row['status_name']}",
    ]
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


def ics_chunks(
    records: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    config: HallConfig,
    first: date,
    last: date,
    *,
    lang: str = "en",
) -> Iterator[bytes]:
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
    calendar.add_component(
        Timezone.from_tzid(
            config.timezone_name, first_date=first - timedelta(days=1), last_date=last + timedelta(days=2)
        )
    )
    for record, row in zip(records, rows):
        calendar.add_component(ics_event(record, row, config, lang=lang))
    payload = calendar.to_ical()
    for offset in range(0, len(payload), CHUNK):
        yield payload[offset : offset + CHUNK]


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


def _write_temp(temp: Path, chunks: Iterable[bytes], *, durable: bool, access: FileAccess = PRIVATE) -> tuple[str, int]:
    """Write ``chunks`` to the new file ``temp`` (private, or as ``access`` says, whatever the umask: an export
    holds residents' names and phones); return its SHA-256 and size. The caller removes it on error."""
    digest, size = hashlib.sha256(), 0
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, access.file_mode)
    try:
        access.apply_fd(fd)
    except BaseException:
        os.close(fd)
        raise
    with open(fd, "wb") as handle:
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


def write_export(
    path: Path, chunks: Iterable[bytes], manifest: dict[str, Any], *, durable: bool = True, access: FileAccess = PRIVATE
) -> ExportResult:
    """Write the file and its manifest (given ``manifest`` plus ``file``, ``bytes`` and ``sha256``), atomically.

    Both are written in full to temporary files in the target folder and flushed before either is renamed into
    place, so a failure while writing (an exception from ``chunks``, a full disk) leaves the old files, or none,
    and no temporary file. The renames keep every manifest on disk true to its file (module docstring): the old
    manifest moves aside first, then the file is renamed into place, then its manifest. Raises
    :class:`ExportError` for a failure of the machine.
    """
    manifest_path = manifest_path_of(path)
    _remove_stale_temps(path)
    data_temp, manifest_temp = _temp_path(path), _temp_path(manifest_path)
    # A temporary name, so that a crash leaves it for the next run to recognise and then clear as stale.
    aside = _temp_path(manifest_path)
    placed = 0  # how many of the two new files have been renamed into place
    try:
        sha256, size = _write_temp(data_temp, chunks, durable=durable, access=access)
        manifest = dict(manifest, file=path.name, bytes=size, sha256=sha256)
        _write_temp(manifest_temp, [manifest_bytes(manifest)], durable=durable, access=access)
        try:
            os.rename(manifest_path, aside)
        except FileNotFoundError:
            pass
        else:
            if durable:
                # The old manifest must be gone on disk before the new bytes are there, not merely in memory.
                _fsync_dir(path.parent)
        os.replace(data_temp, path)
        placed = 1
        if durable:
            # Likewise the new bytes before their manifest: without this the disk may keep the later rename only.
            _fsync_dir(path.parent)
        os.replace(manifest_temp, manifest_path)
        placed = 2
        aside.unlink(missing_ok=True)
        if durable:
            _fsync_dir(path.parent)
    except BaseException as exc:
        data_temp.unlink(missing_ok=True)
        manifest_temp.unlink(missing_ok=True)
        if placed:
            # The old file is already replaced and the new one is not known to be on disk with its manifest:
            # nothing of this run stays, the manifest going first so that it never outlives its file.
            if placed == 2:
                manifest_path.unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            aside.unlink(missing_ok=True)
        elif os.path.lexists(aside):
            # The old file was never replaced: its own manifest still describes it.
            try:
                os.replace(aside, manifest_path)
            except OSError:
                pass  # the old file stays without its manifest (not ready); the aside copy still vouches for it
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


def check_options(first: date, last: date, fmt: str, contact: str, formats: Sequence[str] = FORMATS) -> None:
    """Refuse a reversed range, a format not in ``formats`` or an unknown contact mode (:class:`InvalidInput`)."""
    if last < first:
        raise InvalidInput("range.reversed", field="to", first=first.isoformat(), last=last.isoformat())
    if fmt not in formats:
        raise InvalidInput("export.bad_format", field="format", value=fmt, known=", ".join(formats))
    if contact not in CONTACT_MODES:
        raise InvalidInput("export.bad_contact", field="contact", value=contact, known=", ".join(CONTACT_MODES))


def prepare(
    kind: str,
    first: date,
    last: date,
    *,
    fmt: str,
    contact: str,
    out: str | os.PathLike[str] | None,
    store: Store,
    force: bool,
    formats: Sequence[str] = FORMATS,
) -> Path:
    """Where an export of ``kind`` goes, once its options are checked (:func:`check_options`) and its target may
    be written (:func:`check_target`), with its folder made: what every export does before it reads anything."""
    check_options(first, last, fmt, contact, formats)
    path = resolve_out(out, file_name(kind, first, last, fmt))
    check_target(path, store, force=force)
    make_folder(path.parent)
    return path


def manifest_head(
    kind: str, first: date, last: date, *, fmt: str, contact: str, lang: str, rows: int, config: HallConfig
) -> dict[str, Any]:
    """The fields every export's manifest starts with: what it is, its layout and maker, the format, the span
    and the hall's timezone, the contact mode, the language and the number of rows."""
    return {
        "export": kind,
        "layout": LAYOUT_VERSION,
        "generator": f"hall-kiosk {_version()}",
        "format": fmt,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "timezone": config.timezone_name,
        "contact": contact,
        "lang": lang,
        "rows": rows,
    }


def export_appointments(
    hall: Hall,
    first: date,
    last: date,
    *,
    fmt: str = "csv",
    out: str | os.PathLike[str] | None = None,
    contact: str = "masked",
    bom: bool = True,
    lang: str = "en",
    progress: Progress | None = None,
    force: bool = False,
) -> ExportResult:
    """Export every appointment of the days ``first`` to ``last`` from ``hall`` (a :class:`~kiosk.hall.Hall`)
    to ``out`` in ``fmt``; see the module docstring. ``force`` lets it replace an existing regular file that is
    not one of our exports (never one of the data files). Returns where it went and its manifest."""
    path = prepare("appointments", first, last, fmt=fmt, contact=contact, out=out, store=hall.store, force=force)
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
        **manifest_head(
            "appointments", first, last, fmt=fmt, contact=contact, lang=lang, rows=len(rows), config=config
        ),
        "statuses": {status: n for status, n in sorted(Counter(r["status"] for r in rows).items())},
        # The data's own time, not the clock's: the latest change among the exported records.
        "data_as_of": max(changes, default=None),
    }
    if fmt == "csv":
        manifest["bom"] = bom
    if fmt in ("csv", "jsonl"):
        manifest["columns"] = list(COLUMNS)
    return write_export(path, chunks(), manifest, durable=hall.store.durable, access=hall.store.access)
