"""Every action on residents' data or staff accounts names its actor: the signed-in clerk for counter actions,
the operating-system user for the command line's admin commands, and a ``--staff`` given on the command line is
recorded as such, never as a proven sign-in."""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest
from test_cli import MONDAY_MORNING, add_staff, cli_environment, run, run_json

from kiosk.cli import main, os_user
from kiosk.clock import FixedClock
from kiosk.hall import Hall


@pytest.fixture
def env(tmp_path, monkeypatch):
    return cli_environment(tmp_path, monkeypatch)


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    from kiosk import staff

    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


def log(capsys) -> list[dict]:
    return run_json(capsys, "audit")["audit"]


def test_staff_account_commands_record_the_operating_system_user(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "s01", "王芳")
    monkeypatch.setattr(sys, "stdin", io.StringIO("592047\n"))
    run_json(capsys, "staff-pin", "s01")
    run_json(capsys, "staff-disable", "s01")
    run_json(capsys, "staff-enable", "s01")
    entries = [
        e for e in log(capsys) if e["action"] in ("staff_added", "pin_changed", "staff_disabled", "staff_enabled")
    ]
    assert [e["action"] for e in entries] == ["staff_added", "pin_changed", "staff_disabled", "staff_enabled"]
    assert all(e["detail"]["os_user"] == os_user() for e in entries)


def test_a_counter_action_without_staff_is_the_signed_in_clerks(env, capsys, monkeypatch, hall_config):
    add_staff(capsys, monkeypatch, "s06", "刘洋")
    clock = FixedClock(datetime.fromisoformat(MONDAY_MORNING).replace(tzinfo=hall_config.timezone))
    console = Hall.open(hall_config, clock=clock, data_path=str(env), durable=False)
    console.sign_in("s06", "480316", "6")
    run_json(capsys, "ticket", "general")
    run_json(capsys, "counter", "6", "open")
    run_json(capsys, "call", "6")
    run_json(capsys, "finish", "6")  # no --staff, from a shell, while s06 is signed in at counter 6
    finish = [e for e in log(capsys) if e["action"] == "finish"][-1]
    assert finish["staff"] == "s06"
    assert finish["detail"]["os_user"] == os_user() and finish["detail"]["staff_proof"] == "signed_in"


def test_a_staff_id_typed_on_the_command_line_is_recorded_as_given_not_proven(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "s06", "刘洋")
    run_json(capsys, "ticket", "general")
    run_json(capsys, "counter", "6", "open", "--staff", "s06")
    run_json(capsys, "call", "6", "--staff", "s06")
    call = [e for e in log(capsys) if e["action"] == "call"][-1]
    assert call["staff"] == "s06"
    assert call["detail"]["staff_proof"] == "command_line" and call["detail"]["os_user"] == os_user()


def test_request_updates_from_the_command_line_name_the_os_user(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "w01", "王芳")
    code = run_json(
        capsys,
        "request",
        "repair",
        "--description",
        "楼道灯坏了，晚上很黑",
        "--phone",
        "13900001111",
        "--address",
        "3栋2单元",
    )["code"]
    run_json(capsys, "request-update", code, "accepted", "--staff", "w01")
    run_json(capsys, "request-update", code, "note", "--staff", "w01", "--note", "已联系物业")
    entries = [e for e in log(capsys) if e["action"] in ("request_status", "request_note")]
    assert len(entries) == 2
    assert all(e["detail"]["os_user"] == os_user() and e["detail"]["staff_proof"] == "command_line" for e in entries)


def test_a_full_contact_export_is_logged_and_private(env, capsys, tmp_path):
    run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-24",
        "--time",
        "09:10",
        "--name",
        "张三",
        "--phone",
        "13812345678",
    )
    old = os.umask(0)
    try:
        masked = json.loads(run(capsys, "export", "appointments", "--out", f"{tmp_path}/m/", "--json")[1])
        full = json.loads(
            run(capsys, "export", "appointments", "--out", f"{tmp_path}/f/", "--contact", "full", "--json")[1]
        )
    finally:
        os.umask(old)
    for made in (masked, full):
        assert Path(made["path"]).stat().st_mode & 0o777 == 0o600
        assert Path(made["manifest_path"]).stat().st_mode & 0o777 == 0o600
    exports = [e for e in log(capsys) if e["action"] == "export"]
    assert len(exports) == 1, "only the export with names and phones in full is logged"
    assert exports[0]["detail"]["os_user"] == os_user() and exports[0]["detail"]["rows"] == 1
    assert exports[0]["detail"]["path"] == full["path"]


def test_restore_and_archive_name_the_os_user(env, capsys):
    run_json(capsys, "ticket", "general")
    run_json(capsys, "--now", "2026-11-24T09:00", "archive")
    archive = [e for e in run_json(capsys, "--now", "2026-11-24T09:00", "audit")["audit"] if e["action"] == "archive"]
    assert archive and archive[0]["detail"]["os_user"] == os_user()
    assert main(["--now", "2026-11-24T09:00", "backups"]) == 0
