"""Exporting appointments: every row and field against the store in CSV, JSON Lines and iCalendar; formula
injection; byte-identical re-runs; atomic files and manifests; nothing left behind by a failure.

The scenario: on Monday 2026-11-23 residents book seven appointments for Tuesday (one of them then cancelled,
one name starting with '-', one record hand-edited into a formula), and on Tuesday one is attended and one
checked in. The clock stands at Tuesday 12:00 unless a test moves it.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import time as wall
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from domain_helpers import MONDAY, TUESDAY, at

from kiosk import codes, export
from kiosk.clock import FixedClock
from kiosk.errors import InvalidInput
from kiosk.hall import Hall

WEDNESDAY = date(2026, 11, 25)
SHANGHAI = ZoneInfo("Asia/Shanghai")
FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")'


def book(hall: Hall, service: str, hhmm: str, name: str, phone: str) -> str:
    return hall.book(service, TUESDAY, time.fromisoformat(hhmm), name, phone)["code"]


@pytest.fixture
def tuesday(hall: Hall, clock: FixedClock) -> dict[str, str]:
    """Seven appointments for Tuesday, by role -> code; the clock left at Tuesday 12:00."""
    made = {
        "attended": book(hall, "social-security", "08:30", "赵六", "13800000004"),
        "missed": book(hall, "elderly", "08:30", "-王五", "13800000003"),
        "cancelled": book(hall, "household", "09:10", "李四", "13800000002"),
        "injected": book(hall, "elderly", "09:30", "钱七", "13800000007"),
        "booked": book(hall, "social-security", "10:00", "张三", "13800000001"),
        "checked_in": book(hall, "employment", "11:30", "孙八", "13800000005"),
        "evening": book(hall, "household", "18:00", "Anna Müller", "13800000006"),
    }
    hall.cancel(made["cancelled"], "0002")
    # Data that never went through the kiosk's checks (an old version, a hand edit): the export must still be
    # safe to open in a spreadsheet.
    with hall.store.transaction() as tx:
        tx.update("appointments", made["injected"], {"name": FORMULA_NAME, "phone": "+8613800000007"})
    at(clock, "08:05", TUESDAY)
    hall.check_in(made["attended"], "0004")
    at(clock, "08:30", TUESDAY)
    hall.call_next("1")
    at(clock, "08:41", TUESDAY)
    hall.finish("1")
    at(clock, "11:25", TUESDAY)
    hall.check_in(made["checked_in"], "0005")
    at(clock, "12:00", TUESDAY)
    return made


def stored(hall: Hall) -> dict[str, dict[str, Any]]:
    """Every appointment in the hot file and the archive, by code."""
    with hall.store.snapshot() as tx:
        records = {r["code"]: r for r in tx.records("appointments")}
    for day in hall.store.archive.days():
        records.update({r["code"]: r for r in hall.store.archive.read_day(day).get("appointments", {}).values()})
    return records


def run_export(
    hall: Hall, out: Path, fmt: str = "csv", first: date = TUESDAY, last: date | None = None, **options: Any
) -> export.ExportResult:
    return export.export_appointments(hall, first, last or first, fmt=fmt, out=out, **options)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {codes.normalize(row["code"]): row for row in rows}


#: What the rows must say of each appointment at Tuesday 12:00 (masked contact, English names).
EXPECTED = {
    "attended": {
        "start": "08:30",
        "end": "08:45",
        "service": "social-security",
        "status": "attended",
        "status_name": "attended",
        "name": "赵*",
        "phone": "138****0004",
        "checked_in_at": "2026-11-24T08:05:00+08:00",
        "ticket": "A001",
        "staggered": False,
        "window": None,
        "service_name": "Social security & medical insurance",
    },
    "missed": {
        "start": "08:30",
        "end": "08:50",
        "service": "elderly",
        "status": "booked",
        "name": "-**",
        "phone": "138****0003",
        "checked_in_at": None,
        "ticket": None,
    },
    "cancelled": {
        "start": "09:10",
        "end": "09:30",
        "service": "household",
        "status": "cancelled",
        "status_name": "cancelled",
        "name": "李*",
        "phone": "138****0002",
    },
    "injected": {
        "start": "09:30",
        "end": "09:50",
        "status": "booked",
        "name": "=" + "*" * (len(FORMULA_NAME) - 1),
        "phone": "+86****0007",
    },
    "booked": {"start": "10:00", "end": "10:15", "status": "booked", "name": "张*", "phone": "138****0001"},
    "checked_in": {
        "start": "11:30",
        "end": "11:50",
        "service": "employment",
        "status": "checked_in",
        "status_name": "checked in",
        "checked_in_at": "2026-11-24T11:25:00+08:00",
        "ticket": "D001",
        "late": False,
    },
    "evening": {
        "start": "18:00",
        "end": "18:20",
        "status": "booked",
        "staggered": True,
        "window": "weekday-evenings",
        "name": "A*** M*****",
        "phone": "138****0006",
    },
}


def csv_text(value: Any) -> str:
    """How a value of :data:`EXPECTED` reads back from the CSV (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- CSV ---------------------------------------------------------------------------------------------------------


def test_csv_has_every_appointment_of_the_day_with_every_field(hall, tuesday, tmp_path):
    result = run_export(hall, f"{tmp_path}/out/")
    assert result.path == tmp_path / "out" / "appointments-2026-11-24.csv"
    rows = read_csv(result.path)
    assert list(rows[0]) == list(export.COLUMNS)
    records = stored(hall)
    assert sorted(codes.normalize(r["code"]) for r in rows) == sorted(tuesday.values()) == sorted(records)
    found = by_code(rows)
    for role, code in tuesday.items():
        row, record = found[code], records[code]
        assert row["code"] == codes.display(code)
        assert row["date"] == record["day"] == "2026-11-24"
        assert row["booked_at"] == record["booked_at"] == "2026-11-23T09:00:00+08:00"
        assert row["service"] == record["service"]
        assert row["status"] == record["status"]
        for column, value in EXPECTED[role].items():
            assert export.neutralise(csv_text(value)) == row[column], (role, column)
    # Ordered by slot start, then service.
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_csv_is_utf8_with_a_byte_order_mark_unless_told_otherwise(hall, tuesday, tmp_path):
    with_bom = run_export(hall, tmp_path / "a.csv").path.read_bytes()
    without = run_export(hall, tmp_path / "b.csv", bom=False).path.read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbfcode,date,")
    assert without.startswith(b"code,date,")
    assert with_bom[3:] == without
    assert "赵*".encode("utf-8") in without and b"\r\n" in without  # UTF-8, RFC 4180 line ends


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(hall, tuesday, tmp_path):
    found = by_code(read_csv(run_export(hall, tmp_path / "full.csv", contact="full").path))
    injected, missed = found[tuesday["injected"]], found[tuesday["missed"]]
    assert injected["name"] == "'" + FORMULA_NAME
    assert injected["phone"] == "'+8613800000007"
    assert missed["name"] == "'-王五"  # a name the kiosk accepts, starting with '-'
    assert found[tuesday["booked"]]["name"] == "张三" and found[tuesday["booked"]]["phone"] == "13800000001"
    for row in found.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.parametrize("cell", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠x"])
def test_neutralise_disarms_every_formula_start(cell):
    assert export.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["张三", "138****5678", "2026-11-24", "09:30", "", "a=b", "'quoted"])
def test_neutralise_leaves_ordinary_cells_alone(cell):
    assert export.neutralise(cell) == cell


# --- JSON Lines --------------------------------------------------------------------------------------------------


def test_jsonl_is_one_object_per_line_with_native_types(hall, tuesday, tmp_path):
    payload = run_export(hall, tmp_path / "x.jsonl", fmt="jsonl", contact="full").path.read_bytes()
    assert payload.endswith(b"\n") and not payload.startswith(b"\xef\xbb\xbf")
    lines = payload.decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(tuesday)
    records = stored(hall)
    rows = [json.loads(line) for line in lines]
    for row in rows:
        assert list(row) == list(export.COLUMNS)
        record = records[codes.normalize(row["code"])]
        assert row["name"] == record["name"] and row["phone"] == record["phone"]  # full, and not neutralised
        assert row["staggered"] is record["staggered"] and row["late"] is record["late"]
        assert row["booked_at"] == record["booked_at"]
    found = by_code(rows)
    for role, code in tuesday.items():
        for column, value in EXPECTED[role].items():
            if column not in ("name", "phone"):
                assert found[code][column] == value, (role, column)
    assert found[tuesday["injected"]]["name"] == FORMULA_NAME
    assert found[tuesday["evening"]]["name"] == "Anna Müller"


# --- iCalendar ---------------------------------------------------------------------------------------------------


def test_ics_is_one_event_per_appointment_in_the_halls_timezone(hall, tuesday, tmp_path):
    payload = run_export(hall, tmp_path / "x.ics", fmt="ics").path.read_bytes()
    calendar = icalendar.Calendar.from_ical(payload)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert calendar.get_missing_tzids() == set()
    events = calendar.walk("VEVENT")
    records = stored(hall)
    assert len(events) == len(tuesday) == len(records)
    by_uid = {str(e["UID"]): e for e in events}
    for role, code in tuesday.items():
        event, record = by_uid[f"appointment-{code}@hall-kiosk"], records[code]
        start = event.decoded("DTSTART")
        assert start == datetime.fromisoformat(record["start"]) and start.tzinfo.key == "Asia/Shanghai"
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert event.decoded("DTEND") == datetime.fromisoformat(record["end"])
        assert event.decoded("DTSTAMP") == datetime.fromisoformat(record["history"][-1]["at"])
        assert event.decoded("CREATED") == datetime.fromisoformat(record["booked_at"])
        assert str(event["X-HALL-STATUS"]) == record["status"]
        assert str(event["X-HALL-CODE"]) == codes.display(code)
        assert str(event["X-HALL-STAGGERED"]) == ("TRUE" if record["staggered"] else "FALSE")
        assert str(event["STATUS"]) == ("CANCELLED" if role == "cancelled" else "CONFIRMED")
        assert codes.display(code) in str(event["DESCRIPTION"])
    attended = by_uid[f"appointment-{tuesday['attended']}@hall-kiosk"]
    assert str(attended["SUMMARY"]) == "Social security & medical insurance · 赵*"
    assert "Ticket: A001" in str(attended["DESCRIPTION"]) and "138****0004" in str(attended["DESCRIPTION"])
    evening = by_uid[f"appointment-{tuesday['evening']}@hall-kiosk"]
    assert "Staggered hours: Weekday evening service" in str(evening["DESCRIPTION"])
    cancelled = by_uid[f"appointment-{tuesday['cancelled']}@hall-kiosk"]
    assert int(cancelled["SEQUENCE"]) == 1 and str(cancelled["TRANSP"]) == "TRANSPARENT"
    assert str(by_uid[f"appointment-{tuesday['injected']}@hall-kiosk"]["SUMMARY"]).endswith(
        "· " + EXPECTED["injected"]["name"]
    )


def test_ics_lines_follow_rfc_5545(hall, tuesday, tmp_path):
    payload = run_export(hall, tmp_path / "x.ics", fmt="ics", lang="zh-Hans", contact="full").path.read_bytes()
    assert payload.startswith(b"BEGIN:VCALENDAR\r\n") and payload.endswith(b"END:VCALENDAR\r\n")
    lines = payload.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75  # octets: folding never cuts a line longer
    unfolded = payload.replace(b"\r\n ", b"").decode("utf-8")  # every fold falls between whole characters
    assert "SUMMARY:户籍与证件 · Anna Müller" in unfolded
    assert "DESCRIPTION:预约码: " in unfolded and "\\n状态: 已预约" in unfolded
    for event in icalendar.Calendar.from_ical(payload).walk("VEVENT"):
        assert event.get("UID") and event.get("DTSTAMP") and event.get("DTSTART")


def test_ics_without_appointments_is_still_a_valid_calendar(hall, tmp_path):
    payload = run_export(hall, tmp_path / "x.ics", fmt="ics", first=date(2026, 12, 1)).path.read_bytes()
    calendar = icalendar.Calendar.from_ical(payload)
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1  # RFC 5545: a calendar holds at least one component


# --- identical bytes, settled statuses, ranges -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_running_the_export_twice_gives_identical_bytes(hall, tuesday, tmp_path, clock, fmt):
    first = run_export(hall, f"{tmp_path}/one/", fmt=fmt)
    clock.advance(minutes=30)  # the clock moves on; the data does not
    second = run_export(hall, f"{tmp_path}/two/", fmt=fmt)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.manifest_path.read_bytes() == second.manifest_path.read_bytes()


def test_a_day_not_yet_closed_is_exported_as_closing_it_will_leave_it(hall, tuesday, tmp_path, clock):
    at(clock, "09:00", WEDNESDAY)  # Tuesday is over, but nothing has closed it yet
    before = run_export(hall, f"{tmp_path}/before/")
    statuses = {code: row["status"] for code, row in by_code(read_csv(before.path)).items()}
    assert statuses == {
        tuesday["attended"]: "attended",
        tuesday["cancelled"]: "cancelled",
        tuesday["missed"]: "no_show",
        tuesday["injected"]: "no_show",
        tuesday["booked"]: "no_show",
        tuesday["checked_in"]: "no_show",
        tuesday["evening"]: "no_show",
    }
    assert before.manifest["statuses"] == {"attended": 1, "cancelled": 1, "no_show": 5}
    hall.close_days()
    after = run_export(hall, f"{tmp_path}/after/")
    assert TUESDAY in hall.store.archive.days() and stored(hall)[tuesday["missed"]]["status"] == "no_show"
    assert after.path.read_bytes() == before.path.read_bytes()
    jsonl = [run_export(hall, tmp_path / name, fmt="jsonl").path.read_bytes() for name in ("j1/", "j2/")]
    assert jsonl[0] == jsonl[1]


def test_a_range_reads_archived_and_live_days_together(hall, tuesday, tmp_path, clock):
    at(clock, "09:00", WEDNESDAY)
    hall.close_days()  # Tuesday goes to the archive
    later = hall.book("household", date(2026, 11, 30), time(9, 10), "周九", "13800000009")["code"]
    result = run_export(hall, f"{tmp_path}/out/", fmt="jsonl", first=MONDAY, last=date(2026, 11, 30))
    assert result.path.name == "appointments-2026-11-23_2026-11-30.jsonl"
    codes_out = [codes.normalize(json.loads(line)["code"]) for line in result.path.read_text("utf-8").splitlines()]
    assert sorted(codes_out) == sorted([*tuesday.values(), later])
    assert codes_out[-1] == later
    assert result.manifest["rows"] == 8 and result.manifest["from"] == "2026-11-23"


def test_a_record_both_archived_and_still_in_the_hot_file_is_exported_once_as_archived(hall, tuesday, tmp_path):
    # What a crash between writing the archive and trimming the hot file leaves: the archived copy is final.
    with hall.store.snapshot() as tx:
        record = tx.get("appointments", tuesday["booked"])
    hall.store.archive.add(TUESDAY, {"appointments": [dict(record, status="no_show")]})
    rows = read_csv(run_export(hall, f"{tmp_path}/out/").path)
    assert len(rows) == len(tuesday)
    assert by_code(rows)[tuesday["booked"]]["status"] == "no_show"


# --- manifest and files ------------------------------------------------------------------------------------------


def test_the_manifest_describes_the_file(hall, tuesday, tmp_path):
    result = run_export(hall, f"{tmp_path}/out/", fmt="jsonl")
    assert result.manifest_path == result.path.with_name("appointments-2026-11-24.jsonl.manifest.json")
    manifest = json.loads(result.manifest_path.read_text("utf-8"))
    payload = result.path.read_bytes()
    assert manifest == result.manifest
    assert manifest["file"] == result.path.name
    assert manifest["sha256"] == hashlib.sha256(payload).hexdigest()
    assert manifest["bytes"] == len(payload)
    assert manifest["rows"] == len(tuesday) == payload.count(b"\n")
    assert (manifest["from"], manifest["to"], manifest["format"]) == ("2026-11-24", "2026-11-24", "jsonl")
    assert manifest["statuses"] == {"attended": 1, "booked": 4, "cancelled": 1, "checked_in": 1}
    assert manifest["timezone"] == "Asia/Shanghai" and manifest["contact"] == "masked"
    assert manifest["columns"] == list(export.COLUMNS)
    assert manifest["data_as_of"] == "2026-11-24T11:25:00+08:00"  # the latest change, not the clock


def test_out_may_be_a_file_an_existing_folder_or_a_new_folder(hall, tuesday, tmp_path, monkeypatch):
    named = run_export(hall, tmp_path / "mine.csv")
    assert named.path == tmp_path / "mine.csv" and named.manifest_path == tmp_path / "mine.csv.manifest.json"
    (tmp_path / "there").mkdir()
    assert run_export(hall, tmp_path / "there").path == tmp_path / "there" / "appointments-2026-11-24.csv"
    assert run_export(hall, f"{tmp_path}/new/deep/").path.parent == tmp_path / "new" / "deep"
    monkeypatch.chdir(tmp_path / "there")
    assert export.export_appointments(hall, TUESDAY, TUESDAY, fmt="ics").path == (
        tmp_path / "there" / "appointments-2026-11-24.ics"
    )
    with pytest.raises(InvalidInput) as refused:
        run_export(hall, tmp_path / "missing" / "x.csv")
    assert refused.value.key == "export.no_folder"


def test_bad_options_are_refused_before_anything_is_written(hall, tmp_path):
    out = f"{tmp_path}/out/"  # a folder that resolving --out would create
    for call, key in (
        (lambda: run_export(hall, out, first=TUESDAY, last=MONDAY), "range.reversed"),
        (lambda: run_export(hall, out, fmt="xlsx"), "export.bad_format"),
        (lambda: run_export(hall, out, contact="some"), "export.bad_contact"),
    ):
        with pytest.raises(InvalidInput) as refused:
            call()
        assert refused.value.key == key
    assert not (tmp_path / "out").exists()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_failure_mid_export_leaves_no_file(hall, tuesday, tmp_path, monkeypatch, fmt):
    out = tmp_path / "out"
    out.mkdir()
    real = export.csv_line if fmt == "csv" else export.jsonl_line
    written = []

    def failing(row, *columns):  # jsonl_line also takes the export's columns
        if len(written) == 3:  # the header and two rows made it into the temporary file
            raise RuntimeError("the machine fell over")
        written.append(row)
        return real(row, *columns)

    monkeypatch.setattr(export, "csv_line" if fmt == "csv" else "jsonl_line", failing)
    with pytest.raises(RuntimeError):
        run_export(hall, out, fmt=fmt)
    assert len(written) == 3
    assert leftovers(out) == []


def test_a_failed_rerun_keeps_the_previous_file_and_manifest(hall, tuesday, tmp_path, monkeypatch):
    good = run_export(hall, f"{tmp_path}/out/")
    before = (good.path.read_bytes(), good.manifest_path.read_bytes())
    calls = []
    real = export.csv_line

    def failing(row):
        calls.append(row)
        if len(calls) > 4:
            raise RuntimeError("bug")
        return real(row)

    monkeypatch.setattr(export, "csv_line", failing)
    with pytest.raises(RuntimeError):
        run_export(hall, f"{tmp_path}/out/")
    assert (good.path.read_bytes(), good.manifest_path.read_bytes()) == before
    assert leftovers(tmp_path / "out") == [good.path.name, good.manifest_path.name]


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after ``room`` bytes."""

    room = 600

    def write(self, data):
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


def test_a_full_disk_is_an_export_error_and_leaves_no_file(hall, tuesday, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "open", lambda path, mode: _FullDisk(path, mode), raising=False)
    with pytest.raises(export.ExportError) as failed:
        run_export(hall, f"{tmp_path}/out/", fmt="ics")
    assert failed.value.exit_status == 1 and failed.value.key == "export.write_failed"
    assert "No space left on device" in failed.value.message("en")
    assert leftovers(tmp_path / "out") == []


def test_temporary_files_of_a_killed_export_are_cleared_by_the_next_one(hall, tuesday, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / ".appointments-2026-11-24.csv.tmp-999-dead"
    young = out / ".appointments-2026-11-24.csv.tmp-998-busy"
    old.write_bytes(b"half")
    young.write_bytes(b"half")
    hours_ago = wall.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    run_export(hall, f"{out}/")
    assert not old.exists() and young.exists()  # a young one may belong to an export running now


def manifest_true_to_its_file(path: Path) -> bool:
    """No manifest, or one whose file is there with the bytes it describes: never a manifest for other bytes."""
    manifest_path = export.manifest_path_of(path)
    if not manifest_path.exists():
        return True
    manifest = json.loads(manifest_path.read_bytes())
    return path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == manifest["sha256"]


class Renames:
    """Every rename the export makes, each followed by a check that every manifest in the folder is true to
    its file; a rename onto a name in ``fail`` raises instead, as a failing disk would."""

    def __init__(self) -> None:
        self.done: list[tuple[str, str]] = []
        self.fail: set[str] = set()

    def watch(self, real):
        def rename(src, dst):
            if Path(dst).name in self.fail:
                raise OSError(errno.EIO, "Input/output error")
            real(src, dst)
            self.done.append((Path(src).name, Path(dst).name))
            folder = Path(dst).parent
            for manifest in folder.glob(f"*{export.MANIFEST_SUFFIX}"):
                target = manifest.with_name(manifest.name.removesuffix(export.MANIFEST_SUFFIX))
                assert manifest_true_to_its_file(target), f"after renaming {src} to {dst}"

        return rename


@pytest.fixture
def renames(monkeypatch) -> Renames:
    watcher = Renames()
    monkeypatch.setattr(export.os, "rename", watcher.watch(os.rename))
    monkeypatch.setattr(export.os, "replace", watcher.watch(os.replace))
    return watcher


def test_a_rerun_never_leaves_a_manifest_describing_other_bytes(hall, tuesday, tmp_path, renames):
    out = tmp_path / "out"
    out.mkdir()
    first = run_export(hall, out / "x.csv")
    renames.done.clear()
    second = run_export(hall, out / "x.csv", contact="full")
    assert first.manifest["sha256"] != second.manifest["sha256"]
    # The old manifest goes aside first, then the file, then its manifest, each checked in turn by the fixture.
    aside = renames.done[0][1]
    assert renames.done[0] == ("x.csv.manifest.json", aside) and aside.startswith(".x.csv.manifest.json.tmp-")
    assert [dst for _, dst in renames.done[1:]] == ["x.csv", "x.csv.manifest.json"]
    assert manifest_true_to_its_file(second.path) and leftovers(out) == ["x.csv", "x.csv.manifest.json"]


def test_a_failed_file_rename_puts_the_old_manifest_back(hall, tuesday, tmp_path, renames):
    out = tmp_path / "out"
    out.mkdir()
    first = run_export(hall, out / "x.csv")
    before = (first.path.read_bytes(), first.manifest_path.read_bytes())
    renames.fail.add("x.csv")
    with pytest.raises(export.ExportError) as failed:
        run_export(hall, out / "x.csv", contact="full")
    assert "Input/output error" in failed.value.message("en")
    assert (first.path.read_bytes(), first.manifest_path.read_bytes()) == before
    assert leftovers(out) == ["x.csv", "x.csv.manifest.json"]


def test_a_failed_manifest_rename_leaves_no_file_without_its_manifest(hall, tuesday, tmp_path, renames):
    out = tmp_path / "out"
    out.mkdir()
    run_export(hall, out / "x.csv")
    renames.fail.add("x.csv.manifest.json")
    with pytest.raises(export.ExportError):
        run_export(hall, out / "x.csv", contact="full")
    assert leftovers(out) == []


def test_contact_in_full_and_names_in_chinese(hall, tuesday, tmp_path):
    rows = by_code(read_csv(run_export(hall, tmp_path / "x.csv", contact="full", lang="zh-Hans").path))
    attended = rows[tuesday["attended"]]
    assert (attended["name"], attended["phone"]) == ("赵六", "13800000004")
    assert (attended["service_name"], attended["status_name"]) == ("社保医保", "已办理")
    assert rows[tuesday["checked_in"]]["status_name"] == "已签到"
    assert rows[tuesday["cancelled"]]["status_name"] == "已取消"


def test_the_export_takes_no_lock(hall, tuesday, tmp_path, monkeypatch):
    def no_lock(*args, **kwargs):
        raise AssertionError("the export took the store's lock")

    monkeypatch.setattr(hall.store, "_locked", no_lock)
    assert run_export(hall, tmp_path / "x.csv").manifest["rows"] == len(tuesday)


def test_each_row_is_built_from_its_record_alone(hall_config):
    record = {
        "code": "A7KXM2Q9",
        "day": "2026-11-24",
        "start": "2026-11-24T18:00:00+08:00",
        "end": "2026-11-24T18:20:00+08:00",
        "service": "retired-service",
        "staggered": True,
        "window": "weekday-evenings",
        "name": "欧阳娜娜",
        "phone": "13912345678",
        "status": "no_show",
        "booked_at": "2026-11-20T10:00:00+08:00",
        "ticket": None,
        "late": False,
        "history": [{"at": "2026-11-20T10:00:00+08:00", "event": "booked"}],
    }
    [row] = export.appointment_rows([record], hall_config, lang="zh-Hans")
    assert row == {
        "code": "A7KX-M2Q9",
        "date": "2026-11-24",
        "start": "18:00",
        "end": "18:20",
        "service": "retired-service",
        "service_name": "retired-service",
        "window": "weekday-evenings",
        "staggered": True,
        "status": "no_show",
        "status_name": "爽约",
        "name": "欧***",
        "phone": "139****5678",
        "booked_at": "2026-11-20T10:00:00+08:00",
        "checked_in_at": None,
        "ticket": None,
        "late": False,
    }


def test_file_names(hall_config):
    assert export.file_name("appointments", TUESDAY, TUESDAY, "csv") == "appointments-2026-11-24.csv"
    assert export.file_name("appointments", MONDAY, TUESDAY + timedelta(days=6), "ics") == (
        "appointments-2026-11-23_2026-11-30.ics"
    )
