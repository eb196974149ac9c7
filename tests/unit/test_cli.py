"""The ``kiosk`` command: JSON output, exit statuses, one-line errors, and nothing written on bad input."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.store import Store

REPO = Path(__file__).resolve().parents[2]
MONDAY_MORNING = "2026-11-23T09:00"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A kiosk environment on the bundled config with a fresh data file; returns the data path."""
    return cli_environment(tmp_path, monkeypatch)


def cli_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the bundled config, a fresh data file and Monday morning (shared by the CLI tests)."""
    data = tmp_path / "hall.json"
    monkeypatch.setenv("KIOSK_CONFIG", str(REPO / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA", str(data))
    monkeypatch.setenv("KIOSK_NOW", MONDAY_MORNING)
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    # A training copy: these tests set the clock with KIOSK_NOW, which a live hall's file refuses.
    assert main(["init", "--training"]) == 0
    return data


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    assert out.count("\n") == 1, "exactly one JSON object on one line"
    return json.loads(out)


def test_ticket_json_has_the_documented_fields(env, capsys):
    ticket = run_json(capsys, "ticket", "social-security")
    assert {"number", "service", "code", "status", "issued_at", "wait_min", "wait_max"} <= ticket.keys()
    assert ticket["number"] == "A001"
    assert ticket["status"] == "waiting"
    assert ticket["issued_at"].startswith("2026-11-23T09:00")
    # No counter is open yet: no minutes, and why.
    assert (ticket["wait_min"], ticket["wait_max"], ticket["wait_unknown"]) == (None, None, "counters_closed")
    assert run_json(capsys, "counter", "1", "open")
    second = run_json(capsys, "ticket", "social-security")
    assert second["number"] == "A002"
    assert second["wait_unknown"] is None and second["wait_min"] < second["wait_max"]


def test_ticket_text_says_who_is_ahead_and_why_no_wait_is_given(env, capsys):
    status, out, _ = run(capsys, "--lang", "zh-Hans", "ticket", "social-security")
    assert status == 0
    assert "前面还有 0 人" in out and "预计等候：暂无法估计，暂无窗口办理" in out
    run(capsys, "counter", "1", "open")
    status, out, _ = run(capsys, "ticket", "social-security")
    assert "1 ahead" in out and re.search(r"estimated wait \d+-\d+ min", out)
    assert "unknown" not in out


def test_call_finish_and_empty_queue(env, capsys):
    run_json(capsys, "ticket", "household", "--priority")
    called = run_json(capsys, "call", "3")
    assert called["ticket"]["number"] == "B001"
    status, _, err = run(capsys, "call", "3")
    assert status == 2 and "still serving B001" in err and err.count("\n") == 1
    assert run_json(capsys, "finish", "3", "--outcome", "completed")["ticket"]["status"] == "done"
    assert run_json(capsys, "call", "3")["ticket"] is None


def test_recall_past_the_limit_is_refused_unless_no_show_confirms_it(env, capsys):
    run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1")
    status, _, err = run(capsys, "--now", "2026-11-23T09:01", "recall", "1", "--no-show")
    assert status == 0, "before the limit --no-show is an ordinary recall"
    for minute in (2, 3):
        assert run_json(capsys, "--now", f"2026-11-23T09:0{minute}", "recall", "1")["ticket"]["status"] == "called"
    status, _, err = run(capsys, "--now", "2026-11-23T09:04", "recall", "1")
    assert status == 2 and "recalled 3 times" in err and "--no-show" in err and err.count("\n") == 1
    gave_up = run_json(capsys, "--now", "2026-11-23T09:04", "recall", "1", "--no-show")
    assert gave_up["ticket"]["status"] == "no_show"


def test_recall_no_show_and_transfer(env, capsys):
    run_json(capsys, "ticket", "social-security")
    run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1")
    status, _, err = run(capsys, "recall", "1")
    assert status == 2 and "can be recalled in 30 s" in err and err.count("\n") == 1
    assert run_json(capsys, "--now", "2026-11-23T09:01", "recall", "1")["ticket"]["status"] == "called"
    assert run_json(capsys, "no-show", "1")["ticket"]["status"] == "no_show"
    run_json(capsys, "call", "1")
    moved = run_json(capsys, "transfer", "1", "household")
    assert moved["counter"] == "1"
    assert {key: moved["ticket"][key] for key in ("number", "service", "status")} == {
        "number": "A002",
        "service": "household",
        "status": "waiting",
    }
    assert run_json(capsys, "call", "3")["ticket"]["number"] == "A002"


def test_booking_cancel_and_status(env, capsys):
    slots = run_json(capsys, "slots", "household", "--date", "2026-11-24")["slots"]
    assert any(s["staggered"] for s in slots), "weekday evening slots are offered"
    booked = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-24",
        "--time",
        "18:00",
        "--name",
        "张三",
        "--phone",
        "138 1234 5678",
    )
    assert booked["name"] == "张*" and booked["phone"] == "138****5678"
    status = run_json(capsys, "status", booked["code"])
    assert status["kind"] == "appointment" and status["record"]["date"] == "2026-11-24"
    assert "phone" not in status["record"] and "name" not in status["record"]
    wrong, _, err = run(capsys, "cancel", booked["code"], "--phone-last4", "0000")
    assert wrong == 2 and "No appointment matches" in err
    assert run_json(capsys, "cancel", booked["code"], "--phone-last4", "5678")["status"] == "cancelled"


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def full_width(text: str) -> str:
    """``text`` as a Chinese input method types it in full-width mode: ``ＡＥＹ６－８ＧＰＧ``."""
    return "".join(FULL_WIDTH.get(char, char) for char in text)


def test_a_landline_books_and_full_width_codes_and_digits_work_on_the_command_line(env, capsys):
    booked = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-24",
        "--time",
        "18:00",
        "--name",
        "王老伯",
        "--phone",
        "０１０－１２３４ ５６７８",
    )
    assert booked["phone"] == "010-****5678"
    wide = full_width(booked["code"][:4] + "-" + booked["code"][4:])
    assert run_json(capsys, "status", wide)["kind"] == "appointment"
    assert run_json(capsys, "status", wide.lower().replace("－", "——"))["kind"] == "appointment"
    assert run_json(capsys, "cancel", wide, "--phone-last4", "５６７８")["status"] == "cancelled"


def add_staff(capsys, monkeypatch, staff_id: str, name: str, pin: str = "480316") -> dict:
    """``kiosk staff-add`` with the PIN on standard input, as a script would give it."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))
    return run_json(capsys, "staff-add", staff_id, "--name", name)


def test_request_lifecycle_and_rating(env, capsys, monkeypatch):
    # --staff must name an account: the audit log records who did each step.
    add_staff(capsys, monkeypatch, "w01", "王芳")
    add_staff(capsys, monkeypatch, "m07", "李强")
    filed = run_json(
        capsys,
        "request",
        "repair",
        "--description",
        "楼道灯坏了，晚上很黑",
        "--phone",
        "13900001111",
        "--address",
        "3栋2单元",
    )
    code = filed["code"]
    for step in ("accepted",):
        run_json(capsys, "request-update", code, step, "--staff", "w01")
    run_json(capsys, "request-update", code, "assigned", "--staff", "w01", "--assignee", "m07")
    run_json(capsys, "request-update", code, "in_progress", "--staff", "m07")
    run_json(capsys, "request-update", code, "resolved", "--staff", "m07", "--note", "换了灯泡")
    rating = run_json(capsys, "rate", code, "不满意", "--comment", "等了三天")
    assert rating["level"] == 2 and rating["follow_up"]
    again, _, err = run(capsys, "rate", code, "5")
    assert again == 2 and "already been rated" in err


def test_rate_takes_a_phone_for_the_call_back_and_says_who_will_be_called(env, capsys):
    """5 = very satisfied ... 1 = very dissatisfied, as at the kiosk; a walk-in has no phone on record."""
    run(capsys, "ticket", "social-security")
    first = run_json(capsys, "call", "1")["ticket"]["code"]
    run(capsys, "finish", "1")
    status, out, _ = run(capsys, "--lang", "zh-Hans", "rate", first, "1", "--reason", "slow")
    assert status == 0 and "1 非常不满意" in out and "没有留下电话，工作人员无法回访" in out
    run(capsys, "ticket", "social-security")
    second = run_json(capsys, "call", "1")["ticket"]["code"]
    run(capsys, "finish", "1")
    rating = run_json(capsys, "rate", second, "2", "--phone", "13912345678", "--reason", "attitude")
    assert rating["level"] == 2 and rating["label"] == "dissatisfied"
    assert rating["follow_up"] and rating["call_back"] == "139****5678"
    run(capsys, "ticket", "social-security")
    third = run_json(capsys, "call", "1")["ticket"]["code"]
    run(capsys, "finish", "1")
    status, out, _ = run(capsys, "rate", third, "5")
    assert "5 Very satisfied" in out and "call" not in out


def test_status_by_code_shows_no_phone_digit_no_time_and_no_internal_note(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "w01", "王芳")
    booked = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-24",
        "--time",
        "18:00",
        "--name",
        "张三",
        "--phone",
        "139 5786 1170",
    )
    filed = run_json(
        capsys, "request", "repair", "--description", "楼道灯坏了", "--phone", "13957861170", "--address", "3栋2单元"
    )
    code = filed["code"]
    noted = run_json(capsys, "request-update", code, "note", "--staff", "w01", "--note", "内部：该户曾多次投诉")
    assert noted["note_visible"] is False, "a note is internal by default"
    status, out, _ = run(capsys, "request-update", code, "note", "--staff", "w01", "--note", "明天上门", "--visible")
    assert status == 0 and "the resident sees it" in out
    refused, _, err = run(capsys, "request-update", code, "accepted", "--staff", "w01", "--visible")
    assert refused == 2 and "--visible is for a note only" in err
    for argv in (["status", booked["code"]], ["status", code]):
        _, text, _ = run(capsys, *argv)
        _, as_json, _ = run(capsys, *argv, "--json")
        for out in (text, as_json):
            for private in ("139", "5786", "1170", "*", "张", "18:00", "楼道灯坏了", "3栋2单元", "多次投诉", "w01"):
                assert private not in out, (argv, private, out)
    _, text, _ = run(capsys, "status", code)
    assert "明天上门" in text and "note" in text
    _, text, _ = run(capsys, "status", booked["code"])
    assert text.startswith(f"Appointment {booked['code']}  Household registration & ID on 2026-11-24")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ticket", "tax"], "There is no service 'tax'"),
        (
            ["book", "household", "--date", "2026-11-24", "--time", "18:00", "--name", "张三", "--phone", "12345"],
            "mobile number",
        ),
        (
            [
                "book",
                "household",
                "--date",
                "24/11/2026",
                "--time",
                "18:00",
                "--name",
                "张三",
                "--phone",
                "13812345678",
            ],
            "YYYY-MM-DD",
        ),
        (
            [
                "book",
                "household",
                "--date",
                "2026-11-24",
                "--time",
                "18:07",
                "--name",
                "张三",
                "--phone",
                "13812345678",
            ],
            "no appointment slot",
        ),
        (["status", "hello"], "code is not valid"),
        (["rate", "A7KXM2Q9", "9"], "code is not valid"),
        (["finish", "1", "--outcome", "great"], "invalid choice"),
        (["request", "repair", "--description", "灯坏了灯坏了", "--phone", "13900001111"], "required"),
        (["frobnicate"], "invalid choice"),
        (["--now", "yesterday", "ticket", "general"], "--now"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(env, capsys, argv, expected):
    run_json(capsys, "ticket", "general")  # make the data file exist, then freeze its bytes
    before = env.read_bytes()
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and expected in err
    assert "Traceback" not in err
    assert env.read_bytes() == before


def test_refusal_when_closed_names_the_next_opening(env, capsys):
    status, _, err = run(capsys, "--now", "2026-11-23T21:00", "ticket", "general")
    assert status == 2 and "2026-11-24 08:30" in err


def test_messages_in_chinese(env, capsys):
    status, _, err = run(capsys, "--lang", "zh-Hans", "ticket", "tax")
    assert status == 2 and "没有“tax”这项业务" in err


def test_global_options_also_after_the_command(env, capsys, tmp_path):
    other = tmp_path / "other.json"
    env.unlink()
    run_json(capsys, "init", "--training", "--data", str(other))
    ticket = run_json(capsys, "ticket", "general", "--data", str(other), "--now", "2026-11-28T09:30")
    assert ticket["issued_at"].startswith("2026-11-28T09:30")
    assert other.exists() and not env.exists()


def test_bad_config_stops_before_touching_data(env, capsys, tmp_path, monkeypatch):
    broken = tmp_path / "kiosk.toml"
    broken.write_text(
        (REPO / "kiosk.toml").read_text(encoding="utf-8").replace('prefix = "A"', 'prefix = "AA"'), encoding="utf-8"
    )
    monkeypatch.setenv("KIOSK_CONFIG", str(broken))
    before = env.read_bytes()
    status, _, err = run(capsys, "ticket", "general")
    assert status == 2 and "prefix" in err and err.count("\n") == 1
    assert env.read_bytes() == before


def test_unreadable_data_file_is_refused_with_recovery_advice(env, capsys):
    env.write_text('{"tickets": {"1": {"key": "x"', encoding="utf-8")
    before = env.read_bytes()
    status, _, err = run(capsys, "ticket", "general")
    assert status == 1
    assert "cannot be read" in err and "kiosk backups" in err
    assert env.read_bytes() == before


def test_check_and_archive(env, capsys):
    run_json(capsys, "ticket", "general")
    facts = run_json(capsys, "check")
    assert facts["records"]["tickets"] == 1
    moved = run_json(capsys, "--now", "2026-11-24T09:00", "archive")["moved"]
    assert moved["tickets"] == 1
    assert run_json(capsys, "check")["archived_days"] == 1


def test_console_script_never_prints_a_traceback(env):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "book",
            "household",
            "--date",
            "2026-02-30",
            "--time",
            "18:00",
            "--name",
            "张三",
            "--phone",
            "13812345678",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("kiosk:") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("now", "lang", "expected"),
    [
        ("2026-11-23T10:00", "en", "OPEN: walk-ins welcome"),
        ("2026-11-23T10:00", "zh-Hans", "营业中：可现场取号"),
        ("2026-11-23T19:00", "en", "EXTENDED HOURS until 20:30: appointments only"),
        ("2026-11-23T19:00", "zh-Hans", "下次现场取号：2026-11-24 08:30"),
        ("2027-01-01T10:00", "zh-Hans", "休息中（元旦）"),
        ("2026-11-22T10:00", "en", "Walk-ins next: 2026-11-23 08:30"),
    ],
)
def test_status_view_says_open_extended_or_closed_in_the_chosen_language(env, capsys, monkeypatch, now, lang, expected):
    monkeypatch.setenv("COLUMNS", "120")
    status, out, err = run(capsys, "overview", "--lang", lang, "--now", now)
    assert status == 0, err
    assert expected in out


def test_an_unreadable_data_file_can_be_restored_from_a_backup_as_the_message_says(env, capsys):
    run_json(capsys, "ticket", "general")
    env.write_text('{"tickets": {', encoding="utf-8")
    status, _, err = run(capsys, "ticket", "general")
    assert status == 1 and "kiosk backups" in err
    backups = run_json(capsys, "backups")["backups"]
    assert backups, "the first write left a backup"
    kept = json.loads((env.parent / "hall-backups" / backups[0]).read_bytes())
    restored = run_json(capsys, "backups", "--restore", backups[0])
    assert restored["restored"] == backups[0] and restored["kept"].endswith(".bad")
    assert restored["audit_kept"] is None, "the unreadable file's audit entries cannot be carried over"
    now = Store(env).tables()
    assert now.get("tickets", {}) == kept.get("tickets", {})
    assert [e["action"] for e in now["audit"].values()] == ["restore"]
    assert now["audit"]["1"]["detail"]["os_user"]
    assert [p.read_text(encoding="utf-8") for p in env.parent.glob("hall.json.2*.bad")] == ['{"tickets": {'], (
        "the unreadable file is kept beside it"
    )
    assert run_json(capsys, "ticket", "general")["status"] == "waiting", "the hall works again"


def test_demo_refuses_a_data_file_that_already_holds_records(env, capsys):
    run_json(capsys, "ticket", "general")
    before = env.read_bytes()
    status, _, err = run(capsys, "demo", "--days", "2")
    assert status == 2 and "files are already there" in err and err.count("\n") == 1
    assert env.read_bytes() == before


# --- staff accounts and the audit log --------------------------------------------------------------------------


@pytest.fixture
def cheap_scrypt(monkeypatch):
    from kiosk import staff

    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


def test_staff_add_reads_the_pin_from_stdin_and_never_shows_it(env, capsys, monkeypatch, cheap_scrypt):
    account = add_staff(capsys, monkeypatch, "s01", "王芳", pin="592047")
    assert account == {
        "id": "s01",
        "name": "王芳",
        "active": True,
        "created": "2026-11-23T09:00:00+08:00",
        "pin_changed": "2026-11-23T09:00:00+08:00",
        "last_sign_in": None,
        "failures": 0,
        "locked": False,
        "locked_until": None,
        "counter": None,
    }
    assert b"592047" not in env.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("739146\n"))
    status, out, err = run(capsys, "staff-add", "s02", "--name", "李强")
    assert status == 0 and out == "Staff account s02 (李强) added.\n" and "739146" not in out + err


def test_staff_add_asks_twice_without_echo_at_a_terminal(env, capsys, monkeypatch, cheap_scrypt):
    import getpass

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    typed = iter(["592047", "592047", "592047", "592048"])
    prompts: list[str] = []
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or next(typed))
    assert run_json(capsys, "staff-add", "s01", "--name", "王芳")["id"] == "s01"
    assert prompts == ["New PIN: ", "Repeat the PIN: "]
    before = env.read_bytes()
    status, out, err = run(capsys, "staff-pin", "s01")
    assert status == 2 and out == "" and err == "kiosk: The two PINs are not the same; nothing was changed.\n"
    assert env.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "stdin", "expected"),
    [
        (["staff-add", "s01", "--name", "王芳"], "123456\n", "too easy to guess"),
        (["staff-add", "s01", "--name", "王芳"], "12ab56\n", "A PIN is 6 to 8 digits"),
        (["staff-add", "s01", "--name", "王芳"], "", "Please enter the PIN"),
        (["staff-add", "s 01", "--name", "王芳"], "592047\n", "A staff id is 1 to 20"),
        (["staff-add", "w01", "--name", "李强"], "592047\n", "already a staff account 'w01'"),
        (["staff-pin", "s09"], "592047\n", "no staff account 's09'"),
        (["staff-disable", "s09"], "", "no staff account 's09'"),
        (["call", "1", "--staff", "s09"], "", "no staff account 's09'"),
        (["request-update", "R7KXM2Q9", "accepted", "--staff", "s09"], "", "no staff account 's09'"),
        (["audit", "--limit", "0"], "", "--limit must be at least 1"),
        (["audit", "--action", "dance"], "", "invalid choice"),
        (["audit", "--date", "2026-13-01"], "", "YYYY-MM-DD"),
    ],
)
def test_bad_staff_input_is_one_line_exit_2_and_writes_nothing(
    env, capsys, monkeypatch, cheap_scrypt, argv, stdin, expected
):
    add_staff(capsys, monkeypatch, "w01", "王芳", pin="592047")
    run_json(capsys, "ticket", "social-security")
    before = env.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and expected in err, err
    assert env.read_bytes() == before


def test_staff_list_pin_and_disable(env, capsys, monkeypatch, cheap_scrypt):
    assert run(capsys, "staff-list") == (
        0,
        "No staff accounts yet. Add one with 'kiosk staff-add ID --name NAME'.\n",
        "",
    )
    add_staff(capsys, monkeypatch, "s02", "李强")
    add_staff(capsys, monkeypatch, "s01", "王芳")
    monkeypatch.setattr(sys, "stdin", io.StringIO("592047\n"))
    assert run(capsys, "staff-pin", "s01")[1] == "New PIN set for s01.\n"
    assert run_json(capsys, "staff-disable", "s02")["active"] is False
    listed = run_json(capsys, "staff-list")["staff"]
    assert [(a["id"], a["active"]) for a in listed] == [("s01", True), ("s02", False)]
    assert all("pin" not in a for a in listed)
    status, out, _ = run(capsys, "--lang", "zh-Hans", "staff-list")
    assert status == 0 and out.splitlines()[0].split() == ["工号", "姓名", "状态", "登录窗口", "上次登录"]
    assert "已停用" in out.splitlines()[2]
    status, _, err = run(capsys, "call", "1", "--staff", "s02")
    assert status == 2 and "disabled" in err
    assert run_json(capsys, "staff-enable", "s02")["active"] is True


def test_counter_commands_with_staff_are_in_the_audit_log(env, capsys, monkeypatch, cheap_scrypt):
    add_staff(capsys, monkeypatch, "s01", "王芳")
    ticket = run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1", "--staff", "s01")
    run_json(capsys, "--now", "2026-11-23T09:07", "finish", "1", "--staff", "s01", "--note", "办结")
    run_json(capsys, "counter", "1", "pause")
    entries = run_json(capsys, "audit")["audit"]
    assert [(e["action"], e["staff"], e["counter"], e["ticket"]) for e in entries] == [
        ("staff_added", None, None, None),
        ("call", "s01", "1", "A001"),
        ("finish", "s01", "1", "A001"),
        ("counter_state", None, "1", None),
    ]
    assert entries[1]["subject"] == ticket["code"]
    assert [e["action"] for e in run_json(capsys, "audit", "--staff", "s01", "--limit", "1")["audit"]] == ["finish"]
    assert [e["action"] for e in run_json(capsys, "audit", "--counter", "1", "--action", "call")["audit"]] == ["call"]
    status, out, _ = run(capsys, "audit", "--staff", "s01")
    lines = out.splitlines()
    assert status == 0 and lines[0].split() == ["Time", "Staff", "Counter", "Action", "Ticket/code", "Detail"]
    assert lines[2].split()[:5] == ["09:07:00", "s01", "1", "finished", "A001"] and "note=办结" in lines[2]


def test_audit_of_an_archived_day(env, capsys):
    run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1")
    run_json(capsys, "--now", "2026-11-24T09:00", "archive")
    entries = run_json(capsys, "--now", "2026-11-24T09:00", "audit", "--date", "2026-11-23")["audit"]
    assert [(e["day"], e["action"]) for e in entries] == [("2026-11-23", "call")]
    tuesday = run_json(capsys, "--now", "2026-11-24T09:00", "audit")["audit"]
    assert [(e["action"], sorted(e["detail"])) for e in tuesday] == [("archive", ["moved", "os_user"])]


def test_demo_creates_staff_accounts_with_the_documented_pin(env, capsys, cheap_scrypt, hall_config):
    from kiosk import demo
    from kiosk.clock import FixedClock
    from kiosk.hall import Hall

    env.unlink()  # demo makes its own new file
    result = run_json(capsys, "demo", "--days", "3")  # Friday to Sunday
    assert result["staff"] == ["s01", "s02", "s03", "s04", "s05", "s06", "zx-wang", "zx-liu", "zx-huang"]
    assert result["pin"] == demo.DEMO_PIN and result["counts"]["tickets"] > 0
    assert demo.DEMO_PIN.encode() not in env.read_bytes()
    clock = FixedClock(datetime.fromisoformat(MONDAY_MORNING).replace(tzinfo=hall_config.timezone))
    hall = Hall.open(hall_config, clock=clock, data_path=str(env), durable=False)
    assert hall.sign_in("s03", demo.DEMO_PIN, "3")["name"] == "张敏"


def test_slots_on_a_day_the_service_is_not_offered_say_why(env, capsys):
    found = run_json(capsys, "slots", "civil-affairs", "--date", "2026-11-28")  # a Saturday: not offered
    assert found["slots"] == [] and found["day_state"] == "not_offered" and found["reason"] == "not offered this day"
    status, out, _ = run(capsys, "slots", "civil-affairs", "--date", "2026-11-28")
    assert status == 0 and "not offered this day" in out


def test_counts_of_records_are_said_with_one_and_many() -> None:
    """What the archive and check say they moved or found: "1 ticket", "2 calls" (it said "1 tickets")."""
    from kiosk.cli.common import _counts
    from kiosk.i18n import translate

    assert _counts("en", {"tickets": 1, "calls": 2, "audit": 1}) == "1 audit entry, 2 calls, 1 ticket"
    assert _counts("en", {}) == translate("en", "cli.nothing")
    assert _counts("zh-Hans", {"tickets": 1, "calls": 2}) == "2 叫号, 1 号票"
