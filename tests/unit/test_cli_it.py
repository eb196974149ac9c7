"""What the hall's IT person meets: the version, finding the config after a plain install, every line in the
chosen language, one JSON shape per record kind (as the README documents it), a closed pipe, and the pins."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.cli.common import APPOINTMENT_FIELDS, RATING_FIELDS, REQUEST_FIELDS, TICKET_FIELDS
from kiosk.config import config_candidates, find_config, load_config
from tests.unit.test_cli import REPO, cli_environment, run, run_json

CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")


@pytest.fixture
def env(tmp_path, monkeypatch):
    return cli_environment(tmp_path, monkeypatch)


def add_staff(capsys, monkeypatch, staff_id: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("480316\n"))
    run_json(capsys, "staff-add", staff_id, "--name", "王芳")


# --- the version ------------------------------------------------------------------------------------------------


def test_version_option_and_check_say_the_installed_version(env, capsys):
    from importlib.metadata import version

    status, out, err = run(capsys, "--version")
    assert (status, out, err) == (0, f"kiosk {version('hall-kiosk')}\n", "")
    assert run_json(capsys, "check")["version"] == version("hall-kiosk")
    _, text, _ = run(capsys, "check")
    assert text.splitlines()[0] == f"Hall Kiosk {version('hall-kiosk')}"


# --- finding the config -----------------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Another folder, no $KIOSK_CONFIG, an empty user config folder: as after a plain ``pip install``."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("KIOSK_DATA", str(tmp_path / "hall.json"))
    return tmp_path


def test_a_missing_config_says_where_it_looked_and_how_to_give_one(elsewhere, capsys):
    status, out, err = run(capsys, "overview")
    assert status == 2 and out == "" and err.count("\n") == 1
    for place in (
        str(elsewhere / "work" / "kiosk.toml"),
        str(elsewhere / "xdg" / "hall-kiosk" / "kiosk.toml"),
        "/etc/hall-kiosk/kiosk.toml",
        "--config",
        "$KIOSK_CONFIG",
        "kiosk init --write-config",
    ):
        assert place in err, place
    status, _, err = run(capsys, "--lang", "zh-Hans", "overview")
    assert status == 2 and "找不到 kiosk.toml" in err


def test_the_usual_places_in_order(elsewhere, monkeypatch):
    user = elsewhere / "xdg" / "hall-kiosk" / "kiosk.toml"
    here = elsewhere / "work" / "kiosk.toml"
    assert [path for _, path in config_candidates()] == [here, user, Path("/etc/hall-kiosk/kiosk.toml")]
    assert [path for _, path in config_candidates("given.toml")] == [Path("given.toml")]
    monkeypatch.setenv("KIOSK_CONFIG", "/x/env.toml")
    assert [path for _, path in config_candidates()] == [Path("/x/env.toml")], "a named file is the only candidate"
    monkeypatch.delenv("KIOSK_CONFIG")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert config_candidates()[1][1] == Path.home() / ".config" / "hall-kiosk" / "kiosk.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(elsewhere / "xdg"))
    user.parent.mkdir(parents=True)
    user.write_bytes((REPO / "kiosk.toml").read_bytes())
    assert find_config() == user
    here.write_bytes(user.read_bytes())
    assert find_config() == here, "./kiosk.toml comes before the user's folder"


def test_write_config_gives_a_working_hall_and_never_overwrites(elsewhere, capsys):
    folder = elsewhere / "xdg" / "hall-kiosk"
    status, out, err = run(capsys, "init", "--write-config", f"{folder}/")
    written = folder / "kiosk.toml"
    assert status == 0 and err == "" and str(written) in out
    assert written.read_bytes() == (REPO / "kiosk.toml").read_bytes()
    assert run_json(capsys, "init", "--training")["created"] == str(elsewhere / "hall.json")
    assert run_json(capsys, "check")["config"] == str(written), "found in the user's config folder"
    written.write_text("# edited by the hall\n" + written.read_text(encoding="utf-8"), encoding="utf-8")
    before = written.read_bytes()
    for target in (str(written), str(folder)):
        status, out, err = run(capsys, "init", "--write-config", target)
        assert status == 2 and out == "" and "already exists" in err and err.count("\n") == 1
    assert written.read_bytes() == before


def test_the_shipped_starting_config_is_the_bundled_one():
    assert (REPO / "kiosk" / "kiosk.toml").read_bytes() == (REPO / "kiosk.toml").read_bytes(), (
        "kiosk/kiosk.toml (package data) is a copy of ./kiosk.toml: copy it again after editing"
    )


# --- every line in the chosen language -----------------------------------------------------------------------------

#: Words of the English lines that must not appear in a zh-Hans session.
ENGLISH = re.compile(
    r"\b(Counter|Ticket|Code|issued|estimated|Booked|Appointment|Request|Checked|Thank|Created|"
    r"Archived|Restored|Note|now|called|finished|waiting|moved|cancelled|status|rating|History|"
    r"outcome|service|counter=|nothing)\b"
)


def test_every_success_line_follows_lang(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "w01")
    lines: list[str] = []

    def zh(*argv: str) -> str:
        status, out, err = run(capsys, "--lang", "zh-Hans", *argv)
        assert status == 0, (argv, err)
        lines.append(out)
        return out

    for _ in range(3):
        zh("ticket", "general")
    zh("call", "6")
    zh("--now", "2026-11-23T09:01", "recall", "6")  # a recall waits queue.recall_interval_seconds
    zh("finish", "6", "--outcome", "referred")
    zh("call", "6")
    zh("transfer", "6", "household")
    zh("call", "6")
    zh("no-show", "6")
    zh("call", "6")
    zh("finish", "6")
    zh("call", "6")  # nobody waiting
    zh("counter", "6", "pause")
    zh("ticket", "general", "--priority")
    booked = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-23",
        "--time",
        "18:00",
        "--name",
        "张三",
        "--phone",
        "13812345678",
    )
    zh("book", "household", "--date", "2026-11-24", "--time", "18:00", "--name", "李四", "--phone", "13812345679")
    zh("reschedule", booked["code"], "--phone-last4", "5678", "--date", "2026-11-23", "--time", "18:20")
    zh("slots", "household", "--date", "2026-11-24")
    filed = run_json(
        capsys, "request", "repair", "--description", "楼道灯坏了", "--phone", "13900001111", "--address", "3栋"
    )
    zh("request", "repair", "--description", "路灯不亮了", "--phone", "13900001112", "--address", "5栋")
    zh("request-update", filed["code"], "accepted", "--staff", "w01")
    zh("request-update", filed["code"], "note", "--staff", "w01", "--note", "明天上门", "--visible")
    zh("request-update", filed["code"], "assigned", "--staff", "w01", "--assignee", "w01")
    zh("request-update", filed["code"], "in_progress", "--staff", "w01")
    zh("request-update", filed["code"], "resolved", "--staff", "w01", "--note", "已修好")
    zh("requests")
    zh("rate", filed["code"], "1", "--reason", "slow")
    zh("status", filed["code"])
    zh("cancel", booked["code"], "--phone-last4", "5678")
    zh("status", booked["code"])
    zh("backups")
    zh("--now", "2026-11-24T09:00", "archive")
    for out in lines:
        assert re.search(r"[\u4e00-\u9fff]", out), out
        assert not ENGLISH.search(out), out


def test_status_prints_names_and_slip_codes_never_internal_values(env, capsys):
    ticket = run_json(capsys, "ticket", "general")
    run_json(capsys, "call", "6")
    run_json(capsys, "finish", "6")
    follow = run_json(capsys, "rate", ticket["code"], "1", "--reason", "slow")["follow_up"]
    for lang, name, served in (("en", "General enquiries", "served"), ("zh-Hans", "综合咨询", "办结")):
        _, out, _ = run(capsys, "--lang", lang, "status", ticket["code"])
        assert ticket["code"] in out and name in out and served in out and "=" not in out, out
        _, out, _ = run(capsys, "--lang", lang, "status", follow)
        assert follow in out and "rating:" not in out and "=" not in out and "category" not in out, out


def test_a_missing_option_is_named(env, capsys, monkeypatch):
    add_staff(capsys, monkeypatch, "w01")
    code = run_json(
        capsys, "request", "repair", "--description", "楼道灯坏了", "--phone", "13900001111", "--address", "3栋"
    )["code"]
    before = env.read_bytes()
    status, out, err = run(capsys, "request-update", code, "rejected", "--staff", "w01")
    assert (status, out, err) == (2, "", "kiosk: --note is required here.\n")
    status, _, err = run(capsys, "--lang", "zh-Hans", "request-update", code, "rejected", "--staff", "w01")
    assert status == 2 and "--note" in err
    assert env.read_bytes() == before


# --- one JSON shape per record kind, as the README documents it --------------------------------------------------------


def documented_shapes() -> dict[str, tuple[str, ...]]:
    """The README's table "What --json prints": record kind -> its fields."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### What `--json` prints", 1)[1].split("\n## ", 1)[0]
    shapes = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in ("ticket", "appointment", "request", "rating"):
            shapes[cells[0]] = tuple(re.findall(r"`([a-z_]+)`", cells[1]))
    return shapes


def test_the_readme_documents_the_shapes_the_code_prints():
    assert documented_shapes() == {
        "ticket": TICKET_FIELDS,
        "appointment": APPOINTMENT_FIELDS,
        "request": REQUEST_FIELDS,
        "rating": RATING_FIELDS,
    }


def test_every_command_prints_a_record_kind_in_its_documented_shape(env, capsys, monkeypatch, tmp_path):
    shapes = documented_shapes()
    found: dict[str, list[tuple[str, dict]]] = {kind: [] for kind in shapes}

    def saw(kind: str, command: str, record: dict) -> None:
        assert list(sorted(record)) == sorted(shapes[kind]), (command, kind, sorted(record))
        found[kind].append((command, record))

    add_staff(capsys, monkeypatch, "w01")
    saw("ticket", "ticket", run_json(capsys, "ticket", "general"))
    run_json(capsys, "ticket", "general")
    for argv in (
        ["call", "6"],
        ["--now", "2026-11-23T09:01", "recall", "6"],
        ["no-show", "6"],
        ["call", "6"],
        ["transfer", "6", "household"],
        ["call", "3"],
        ["finish", "3"],
    ):
        result = run_json(capsys, *argv)
        assert set(result) == {"counter", "ticket"}
        saw("ticket", argv[0], result["ticket"])
    booked = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-23",
        "--time",
        "09:50",
        "--name",
        "张三",
        "--phone",
        "13812345678",
    )
    saw("appointment", "book", booked)
    saw(
        "appointment",
        "reschedule",
        run_json(
            capsys, "reschedule", booked["code"], "--phone-last4", "5678", "--date", "2026-11-23", "--time", "10:10"
        ),
    )
    checked = run_json(capsys, "--now", "2026-11-23T10:05", "checkin", booked["code"], "--phone-last4", "5678")
    assert set(checked) == {"ticket", "appointment"}
    saw("ticket", "checkin", checked["ticket"])
    saw("appointment", "checkin", checked["appointment"])
    other = run_json(
        capsys,
        "book",
        "household",
        "--date",
        "2026-11-24",
        "--time",
        "09:10",
        "--name",
        "李四",
        "--phone",
        "13812345679",
    )
    saw("appointment", "cancel", run_json(capsys, "cancel", other["code"], "--phone-last4", "5679"))
    filed = run_json(
        capsys, "request", "repair", "--description", "楼道灯坏了", "--phone", "13900001111", "--address", "3栋"
    )
    saw("request", "request", filed)
    saw("request", "request-update", run_json(capsys, "request-update", filed["code"], "accepted", "--staff", "w01"))
    noted = run_json(capsys, "request-update", filed["code"], "note", "--staff", "w01", "--note", "x")
    assert noted.pop("note_visible") is False
    saw("request", "request-update note", noted)
    for record in run_json(capsys, "requests")["requests"]:
        saw("request", "requests", record)
    served = run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1")
    run_json(capsys, "finish", "1")
    saw("rating", "rate", run_json(capsys, "rate", served["code"], "5"))
    out = tmp_path / "export.jsonl"
    run(capsys, "export", "appointments", "--date", "2026-11-24", "--format", "jsonl", "--out", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    saw("appointment", "export", rows[0])

    # The same thing is written the same way everywhere: codes as on the slip, the day as `date`, HH:MM times.
    for kind, seen in found.items():
        for command, record in seen:
            for key in ("code", "subject"):
                if key in record:
                    assert CODE.match(record[key]), (command, record)
            if "date" in record:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"]), (command, record)
    assert rows[0] == next(r for c, r in found["appointment"] if c == "cancel"), (
        "an appointment in the CLI is the export's row"
    )
    for _, record in found["appointment"]:
        assert re.fullmatch(r"\d{2}:\d{2}", record["start"]) and re.fullmatch(r"\d{2}:\d{2}", record["end"])
    status = run_json(capsys, "status", booked["code"])
    assert status["code"] == booked["code"] and status["record"]["code"] == booked["code"]
    assert status["record"]["date"] == "2026-11-23" and "day" not in status["record"]
    assert status["record"]["service_name"] == "Household registration & ID"


# --- a closed pipe ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["overview"], ["audit"], ["overview", "--json"]])
def test_a_reader_that_stops_early_is_no_error(env, argv):
    process = subprocess.Popen([sys.executable, "-m", "kiosk", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert err == b""


def test_head_one_of_a_long_output(env, tmp_path):
    result = subprocess.run(
        f"set -o pipefail; {sys.executable} -m kiosk overview | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "COLUMNS": "40"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("\n") == 1


# --- pins ------------------------------------------------------------------------------------------------------------


def test_pins_and_the_test_timeout():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    dependencies = project["project"]["dependencies"]
    assert "rich>=14.2" in dependencies, "Textual 8.2.8 needs Rich 14.2"
    assert any(re.fullmatch(r"icalendar>=[\d.]+,<\d+", d) for d in dependencies), "the ics bytes need a bounded major"
    test_extra = " ".join(project["project"]["optional-dependencies"]["test"])
    assert "pytest-timeout" in test_extra and "chinesecalendar" in test_extra
    assert project["tool"]["pytest"]["ini_options"]["timeout"] > 0
    assert "kiosk.toml" in project["tool"]["setuptools"]["package-data"]["kiosk"]
    assert load_config(REPO / "kiosk" / "kiosk.toml").services, "the shipped config loads"
