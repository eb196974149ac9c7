"""``kiosk check``: every kind of damage named with the fix that works for it, repairs, and no write without one."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk import integrity
from kiosk.hall import Hall
from kiosk.store import SCHEMA_VERSION, Store
from tests.unit.domain_helpers import MONDAY, TUESDAY, at
from tests.unit.test_cli import cli_environment, run

WEDNESDAY = date(2026, 11, 25)


# --------------------------------------------------------------------------------------------- helpers


def edit(path: Path, change) -> None:
    """Rewrite a JSON file after ``change(data)`` changed it in place."""
    if path.with_name(path.name + ".journal").exists():  # a hall's data file: fold its journal in first
        Store(path, backup_interval_minutes=10**9).checkpoint()
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def truncate(path: Path) -> None:
    payload = path.read_bytes()
    path.write_bytes(payload[: len(payload) * 2 // 3])


def private(folder: Path) -> None:
    """What ``umask 077`` would have given: no file or folder open to other users."""
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def errors(hall: Hall) -> list[integrity.Finding]:
    return integrity.check(hall.store).errors


def only(found: list[integrity.Finding]) -> integrity.Finding:
    assert len(found) == 1, [(f.path.name, f.record, f.problem) for f in found]
    return found[0]


def text(finding: integrity.Finding) -> dict[str, Any]:
    return finding.as_dict("en")


def backup_now(hall: Hall, stamp: str = "20261123T120000") -> Path:
    """Keep the hot file as a backup, named as the store names its hourly backups."""
    hall.store.checkpoint()  # the data file alone then holds the whole hall
    hall.store.backups_dir.mkdir(exist_ok=True)
    target = hall.store.backups_dir / f"{hall.store.path.stem}-{stamp}.json"
    shutil.copy2(hall.store.path, target)
    return target


def archived_monday(hall: Hall, clock, *, with_backup: bool = False) -> dict[str, Any]:
    """A Monday with two tickets (one served), closed into the archive on Tuesday; returns the served one."""
    at(clock, "09:00", MONDAY)
    served = hall.issue_ticket("general")
    waiting = hall.issue_ticket("general")
    hall.call_next("6")
    hall.finish("6")
    if with_backup:
        backup_now(hall)
    at(clock, "09:00", TUESDAY)
    hall.close_days()
    return {"served": served, "waiting": waiting}


@pytest.fixture
def day_file(hall: Hall) -> Path:
    return hall.store.archive.day_path(MONDAY)


# --------------------------------------------------------------------------------------------- the hot file


def test_a_clean_hall_has_no_findings(hall, clock, tmp_path):
    archived_monday(hall, clock, with_backup=True)
    hall.issue_ticket("general")
    private(tmp_path)
    assert integrity.check(hall.store).findings == []


def test_a_record_without_day_is_an_error_naming_the_record_and_a_clean_backup(hall, clock):
    ticket = hall.issue_ticket("general")
    shutil.rmtree(hall.store.backups_dir)  # the store's own, taken by the wall clock
    backup = backup_now(hall)
    edit(hall.store.path, lambda data: next(iter(data["tickets"].values())).pop("day"))
    finding = only(errors(hall))
    assert finding.path == hall.store.path and finding.record == f"{MONDAY}/{ticket['number']}"
    assert finding.problem == "integrity.field_missing" and finding.params["field"] == "day"
    assert f"kiosk backups --restore {backup.name}" in text(finding)["fix"]


def test_a_field_of_the_wrong_type_is_an_error(hall):
    hall.issue_ticket("general")
    shutil.rmtree(hall.store.backups_dir)
    edit(hall.store.path, lambda data: next(iter(data["tickets"].values())).update(seq="1"))
    finding = only(errors(hall))
    assert finding.problem == "integrity.field_type" and finding.params["field"] == "seq"
    assert "expected integer" in text(finding)["problem"]
    assert "no backup checks clean" in text(finding)["fix"]


def test_two_records_with_one_key_are_an_error(hall):
    hall.issue_ticket("general")

    def duplicate(data):
        data["tickets"]["2"] = dict(data["tickets"]["1"])

    edit(hall.store.path, duplicate)
    finding = only(errors(hall))
    assert finding.problem == "integrity.duplicate_key" and finding.params["count"] == 2


def test_a_file_with_a_newer_schema_says_a_newer_hall_kiosk_wrote_it(hall):
    edit(hall.store.path, lambda data: data["_meta"]["1"].update(schema=SCHEMA_VERSION + 1, clock="training"))
    finding = only(errors(hall))
    assert "written by a newer Hall Kiosk" in text(finding)["problem"]
    assert "do not restore an older backup" in text(finding)["fix"]


def test_repair_leaves_the_archive_of_a_newer_hall_kiosk_alone(hall, clock, day_file):
    archived_monday(hall, clock)
    truncate(day_file)
    edit(hall.store.path, lambda data: data["_meta"]["1"].update(schema=SCHEMA_VERSION + 1))
    before = day_file.read_bytes()
    notes = integrity.repair(hall.store, hall.config, clock.now(), integrity.check(hall.store))
    assert [n.key for n in notes] == ["integrity.repair_refused"] and day_file.read_bytes() == before


def test_unknown_meta_keys_tables_and_archive_files_are_tolerated(hall, clock, tmp_path):
    archived_monday(hall, clock)
    edit(hall.store.path, lambda data: data["_meta"]["1"].update(closed_through="2026-11-23", future_key=[1]))
    edit(hall.store.path, lambda data: data.update(newer_table={"1": {"anything": True}}))
    (hall.store.archive.root / "closed.json").write_text('{"through": "2026-11-23"}', encoding="utf-8")
    (hall.store.archive.root / "2026" / "notes.txt").write_text("hello", encoding="utf-8")
    private(tmp_path)
    assert integrity.check(hall.store).findings == []


# --------------------------------------------------------------------------------------------- the archive


def test_a_truncated_day_file_is_an_error_whose_fix_is_never_the_hot_file(hall, clock, day_file):
    archived_monday(hall, clock)
    truncate(day_file)
    finding = only(errors(hall))
    assert finding.path == day_file and finding.problem == "integrity.not_json"
    fix = text(finding)["fix"]
    assert "hall's own file backup" in fix and "--restore" not in fix


def test_a_truncated_day_file_held_by_a_backup_is_repaired_from_it(hall, clock, day_file):
    tickets = archived_monday(hall, clock, with_backup=True)
    truncate(day_file)
    finding = only(errors(hall))
    assert "kiosk check --repair" in text(finding)["fix"] and "hall-20261123T120000.json" in text(finding)["fix"]
    report = integrity.check(hall.store)
    notes = integrity.repair(hall.store, hall.config, clock.now(), report)
    assert [n.key for n in notes if n.done][0] == "integrity.repaired_day"
    assert integrity.check(hall.store).errors == []
    rebuilt = {doc["number"]: doc for doc in hall.store.archive.read_day(MONDAY)["tickets"].values()}
    assert rebuilt[tickets["served"]["number"]]["status"] == "done"
    # Closed as the nightly run closes a day: the ticket never called is expired, not waiting.
    assert rebuilt[tickets["waiting"]["number"]]["status"] == "expired"
    asides = list(day_file.parent.glob(f"{day_file.name}{integrity.DAMAGED_MARKER}*"))
    assert len(asides) == 1 and asides[0].stat().st_size > 0
    assert hall.status(tickets["served"]["code"])["record"]["status"] == "done"


def test_a_day_file_no_backup_holds_keeps_what_can_be_read_and_says_what_was_lost(hall, clock, day_file):
    archived_monday(hall, clock)
    truncate(day_file)
    notes = integrity.repair(hall.store, hall.config, clock.now(), integrity.check(hall.store))
    said = [n.text("en") for n in notes]
    assert any("records after the damage are lost" in line for line in said), said
    assert errors(hall) == []


def test_a_record_of_another_day_in_a_day_file_is_an_error(hall, clock, day_file):
    archived_monday(hall, clock)
    edit(day_file, lambda data: next(iter(data["tickets"].values())).update(day=str(WEDNESDAY)))
    finding = only(errors(hall))
    assert finding.problem == "integrity.wrong_day" and finding.path == day_file


def test_a_truncated_index_shard_is_an_error_and_repair_rebuilds_it(hall, clock):
    tickets = archived_monday(hall, clock)
    shard = hall.store.archive._index_path(tickets["served"]["code"])
    before = json.loads(shard.read_bytes())
    truncate(shard)
    finding = only(errors(hall))
    assert finding.path == shard and "kiosk check --repair" in text(finding)["fix"]
    notes = integrity.repair(hall.store, hall.config, clock.now(), integrity.check(hall.store))
    assert [n.key for n in notes] == ["integrity.repaired_index"]
    assert json.loads(shard.read_bytes()) == before
    assert errors(hall) == []


def test_an_index_entry_pointing_at_the_wrong_day_is_an_error(hall, clock):
    tickets = archived_monday(hall, clock)
    code = tickets["served"]["code"]
    shard = hall.store.archive._index_path(code)
    edit(shard, lambda entries: entries.update({code: str(WEDNESDAY)}))
    finding = only(errors(hall))
    assert finding.path == shard and finding.record == code and finding.problem == "integrity.index_wrong_day"
    assert f"the file of {MONDAY} holds it" in text(finding)["problem"]
    misfiled = "T" + ("Q" if shard.stem != "Q" else "R") + "ZZZZZZ"
    edit(shard, lambda entries: entries.update({misfiled: str(MONDAY)}))
    report = integrity.check(hall.store)
    assert [(f.record, f.problem) for f in report.errors] == [(code, "integrity.index_wrong_day")]
    assert (misfiled, "integrity.index_wrong_shard") in {(f.record, f.problem) for f in report.warnings}


def test_a_code_missing_from_the_index_is_an_error(hall, clock):
    tickets = archived_monday(hall, clock)
    code = tickets["served"]["code"]
    edit(hall.store.archive._index_path(code), lambda entries: entries.pop(code))
    finding = only(errors(hall))
    assert finding.problem == "integrity.index_missing" and code in finding.params["codes"]


def test_a_damaged_backup_is_a_warning(hall, clock, tmp_path):
    hall.issue_ticket("general")
    truncate(backup_now(hall))
    private(tmp_path)
    report = integrity.check(hall.store)
    assert report.errors == [] and [f.problem for f in report.warnings] == ["integrity.not_json"]


def test_files_open_to_other_users_are_warnings(hall, clock, tmp_path):
    archived_monday(hall, clock)
    private(tmp_path)
    os.chmod(hall.store.path, 0o644)
    os.chmod(hall.store.archive.day_path(MONDAY), 0o640)
    report = integrity.check(hall.store)
    assert report.errors == []
    assert {(f.path, f.problem) for f in report.warnings} == {
        (hall.store.path, "integrity.private"),
        (hall.store.archive.root, "integrity.private_folder"),
    }


# --------------------------------------------------------------------------------------------- the command


@pytest.fixture
def env(tmp_path, monkeypatch):
    return cli_environment(tmp_path, monkeypatch)


def test_check_of_a_clean_file_says_ok_and_exits_0(env, capsys):
    assert run(capsys, "ticket", "general")[0] == 0
    private(env.parent)
    status, out, err = run(capsys, "check")
    assert status == 0, err
    assert out.strip().endswith("Check: OK.") and err == ""


def test_check_reports_an_unreadable_hot_file_instead_of_failing_to_open_it(env, capsys):
    assert run(capsys, "ticket", "general")[0] == 0
    env.write_text('{"tickets": {', encoding="utf-8")
    status, out, err = run(capsys, "check", "--json")
    assert status == 1 and err.count("\n") == 1 and "kiosk check found 1 errors" in err
    report = json.loads(out)
    errors_ = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["file"], f["code"]) for f in errors_] == [(str(env), "integrity.not_json")]
    assert {"file", "severity", "problem", "fix"} <= errors_[0].keys()
    assert "kiosk backups --restore" in errors_[0]["fix"]


def test_check_exits_0_with_warnings_and_prints_them(env, capsys):
    assert run(capsys, "ticket", "general")[0] == 0
    private(env.parent)
    os.chmod(env, 0o644)
    status, out, _ = run(capsys, "check")
    assert status == 0 and "WARNING" in out and "chmod go-rwx" in out


def test_check_never_writes_without_repair(env, capsys):
    assert run(capsys, "ticket", "general")[0] == 0
    assert run(capsys, "--now", "2026-11-24T09:00", "archive")[0] == 0  # a training copy moves on by archive
    assert run(capsys, "--now", "2026-11-24T09:00", "ticket", "general")[0] == 0
    day_file = next(env.parent.glob("hall-archive/2026/*.json"))
    truncate(day_file)
    shard = next(env.parent.glob("hall-archive/index/*.json"))
    truncate(shard)
    before = files(env.parent)
    status, out, _ = run(capsys, "check")
    assert status == 1 and str(day_file) in out and str(shard) in out
    assert files(env.parent) == before
    (env.parent / "hall.json.lock").unlink()
    env.unlink()
    before = files(env.parent)
    assert run(capsys, "check")[0] == 1
    assert files(env.parent) == before, "a missing data file or lock is reported, not created"


def test_check_repair_rebuilds_the_index_and_exits_0(env, capsys):
    assert run(capsys, "ticket", "general")[0] == 0
    assert run(capsys, "--now", "2026-11-24T09:00", "archive")[0] == 0  # a training copy moves on by archive
    assert run(capsys, "--now", "2026-11-24T09:00", "ticket", "general")[0] == 0
    shard = next(env.parent.glob("hall-archive/index/*.json"))
    truncate(shard)
    private(env.parent)
    status, out, err = run(capsys, "check", "--repair", "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["ok"] and report["findings"] == []
    assert [note["code"] for note in report["repaired"]] == ["integrity.repaired_index"]
    assert oct(shard.stat().st_mode & 0o777) == oct(0o600), "the repaired file stays private"
