"""``kiosk export evaluations``: the evaluation record (好差评) of every rating of the days, in JSON Lines and CSV,
each field checked against the store; phones masked unless ``--contact full`` (audited); archived days included;
a re-run gives the same bytes; bad dates are one line on stderr and a non-zero exit."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from evaluation_scenario import monday_of_ratings

from kiosk import codes
from kiosk.cli import main
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.evaluations import COLUMNS
from kiosk.hall import Hall
from tests.conftest import REPO

MONDAY = "2026-11-23"


@pytest.fixture
def made(hall_config: HallConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The Monday of ratings on a training copy (the command line sets its clock), the CLI pointed at it and at
    Monday noon."""
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=hall_config.timezone))
    data = tmp_path / "hall.json"
    hall = Hall.open(hall_config, clock=clock, data_path=str(data), durable=False, create=True, training=True)
    codes_made = monday_of_ratings(hall, clock)
    monkeypatch.setenv("KIOSK_CONFIG", str(REPO / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA", str(data))
    monkeypatch.setenv("KIOSK_NOW", "2026-11-23T12:00")
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    return dict(codes_made, hall=hall, clock=clock, data=data)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def export(capsys, out: Path, *options: str, fmt: str = "jsonl") -> Path:
    status, _, err = run(
        capsys, "export", "evaluations", "--date", MONDAY, "--format", fmt, "--out", str(out), *options
    )
    assert status == 0, err
    return out


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def stored(hall: Hall) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ratings (by subject code) and requests (by code) as the store holds them."""
    with hall.store.snapshot() as tx:
        ratings = {r["subject"]: r for r in tx.records("ratings")}
        requests = {r["code"]: r for r in tx.records("requests")}
    return ratings, requests


def test_every_field_of_every_rating_against_the_store(made, capsys, tmp_path):
    rows = jsonl(export(capsys, tmp_path / "e.jsonl"))
    ratings, requests = stored(made["hall"])
    assert [row["project_no"] for row in rows] == [
        codes.display(made[k]) for k in ("A001", "B001", "appointment", "R1")
    ]
    assert all(list(row) == list(COLUMNS) for row in rows)
    for row in rows:
        rating = ratings[row["project_no"].replace("-", "")]
        case = requests[rating["follow_up"]]["case"] if rating["follow_up"] else None
        assert row["subject_kind"] == rating["subject_kind"]
        assert row["level"] == rating["level"] and row["rated_at"] == rating["at"]
        assert row["applied_at"] == rating["applied_at"] and row["handled_at"] == rating["handled_at"]
        assert row["channel"] == rating["channel"] and row["clerk"] == rating["clerk"]
        assert row["counter"] == rating["counter"] and row["comment"] == rating["comment"]
        assert row["reasons"] == rating["reasons"] and row["anonymous"] == rating["anonymous"]
        assert row["recorded_by"] == rating["recorded_by"]
        assert {k: row[k] for k in ("efficiency", "competence", "attitude") if row[k]} == rating["indicators"]
        assert (row["office_name"], row["office_code"], row["region_code"]) == (
            "Sunshine Community Service Hall",
            "",
            "",
        )
        assert row["applicant_type"] == "person"
        assert row["follow_up"] == (codes.display(rating["follow_up"]) if rating["follow_up"] else None)
        assert row["case_stage"] == (case["stage"] if case else None)
    a001, b001, appointment, request = rows
    assert (a001["item"], a001["item_name"], a001["case_status"]) == (
        "social-security",
        "Social security & medical insurance",
        "done",
    )
    assert (a001["clerk_name"], a001["level_name"], a001["channel_name"]) == ("王芳", "Very satisfied", "kiosk")
    assert (a001["efficiency"], a001["competence"], a001["attitude"]) == (5, 4, 5)
    assert a001["applicant_phone"] == "" and a001["anonymous"] is True  # a walk-in gave no phone
    assert (b001["level"], b001["reasons"], b001["reason_names"]) == (
        1,
        ["attitude"],
        ["Unfriendly or impatient staff"],
    )
    assert b001["appeal_upheld"] is True and b001["case_stage"] == "closed"
    assert b001["applicant_phone"] == "139****0002"  # the phone given with the rating
    assert (appointment["subject_kind"], appointment["case_status"], appointment["clerk"]) == (
        "appointment",
        "attended",
        "w01",
    )
    assert appointment["applicant_phone"] == "138****0001" and appointment["channel"] == "qr"
    assert (appointment["called_back_on_time"], appointment["rectified_on_time"]) == (True, True)
    assert (appointment["grade"], appointment["grade_name"], appointment["appeal_upheld"]) == (
        "satisfied",
        "Satisfied",
        False,
    )
    assert (request["item"], request["item_name"], request["case_status"]) == ("repair", "Repair report", "resolved")
    assert (request["channel"], request["recorded_by"], request["clerk_name"]) == ("staff", "w03", "李强")
    assert request["applicant_phone"] == "138****0005" and request["grade"] is None


def test_csv_holds_the_same_values(made, capsys, tmp_path):
    rows = jsonl(export(capsys, tmp_path / "e.jsonl"))
    path = export(capsys, tmp_path / "e.csv", fmt="csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfproject_no,") and raw.count(b"\r\n") == 5
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == len(rows)

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return ";".join(value)
        return str(value)

    for line, row in zip(table, rows):
        assert line == {column: cell(row[column]) for column in COLUMNS}


def test_contact_full_gives_the_digits_and_is_audited(made, capsys, tmp_path):
    rows = jsonl(export(capsys, tmp_path / "e.jsonl", "--contact", "full"))
    assert [row["applicant_phone"] for row in rows] == ["", "13900000002", "13800000001", "13800000005"]
    entries = [e for e in made["hall"].audit_log(day=date(2026, 11, 23)) if e["action"] == "export"]
    assert entries and entries[-1]["detail"]["export"] == "evaluations" and entries[-1]["detail"]["rows"] == 4
    masked = jsonl(export(capsys, tmp_path / "m.jsonl"))
    assert [row["applicant_phone"] for row in masked] == ["", "139****0002", "138****0001", "138****0005"]


def test_a_rerun_is_byte_identical_and_the_manifest_says_what_it_holds(made, capsys, tmp_path):
    first = export(capsys, tmp_path / "e.csv", fmt="csv").read_bytes()
    manifest = json.loads((tmp_path / "e.csv.manifest.json").read_text("utf-8"))
    assert export(capsys, tmp_path / "e.csv", fmt="csv").read_bytes() == first
    assert manifest["export"] == "evaluations" and manifest["rows"] == 4 and manifest["columns"] == list(COLUMNS)
    assert manifest["levels"] == {"1": 1, "2": 1, "3": 1, "5": 1}


def test_archived_days_are_exported_as_before(made, capsys, tmp_path, monkeypatch):
    before = export(capsys, tmp_path / "before.jsonl").read_bytes()
    made["clock"].set(datetime(2026, 11, 24, 9, 0, tzinfo=made["hall"].config.timezone))
    assert made["hall"].close_days()
    assert made["hall"].store.archive.days() == [date(2026, 11, 23)]
    monkeypatch.setenv("KIOSK_NOW", "2026-11-24T09:00")
    assert export(capsys, tmp_path / "after.jsonl").read_bytes() == before
    # with no --date: yesterday, the closed day
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    status, out, _ = run(capsys, "export", "evaluations")
    assert status == 0 and out.startswith("Exported 2026-11-23: 4 evaluation record(s) to ")
    assert (work / "evaluations-2026-11-23.csv").exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--date", "23/11/2026"], "YYYY-MM-DD"),
        (["--from", "2026-11-25", "--to", "2026-11-24"], "--from 2026-11-25 is after"),
        (["--from", "2026-11-20"], "go together"),
        (["--format", "ics"], "invalid choice"),
        (["--contact", "half"], "invalid choice"),
    ],
)
def test_bad_options_are_one_line_on_stderr_and_a_non_zero_exit(made, capsys, tmp_path, argv, expected):
    status, out, err = run(capsys, "export", "evaluations", *argv, "--out", str(tmp_path / "x.csv"))
    assert status != 0 and out == ""
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()
