"""``kiosk export appointments`` and ``kiosk report`` from the command line: defaults, output, exit statuses,
one-line errors, no file after a failure, and a progress bar only for a person at a terminal."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from kiosk import export
from kiosk.cli import main
from tests.unit.test_cli import REPO, cli_environment, run, run_json  # one copy of the CLI helpers



@pytest.fixture
def env(tmp_path, monkeypatch):
    """The CLI tests' environment, with a terminal wide enough for the report's tables."""
    monkeypatch.setenv("COLUMNS", "160")
    return cli_environment(tmp_path, monkeypatch)




@pytest.fixture
def booked(env, capsys) -> list[str]:
    """Two appointments for Tuesday 2026-11-24 (one in the evening window) and one for Wednesday."""
    made = []
    for day, at, name, phone in (("2026-11-24", "18:00", "张三", "13812345678"),
                                 ("2026-11-24", "09:10", "李四", "13912345678"),
                                 ("2026-11-25", "09:10", "王五", "13712345678")):
        made.append(run_json(capsys, "book", "household", "--date", day, "--time", at, "--name", name,
                             "--phone", phone)["code"])
    return made


def test_export_defaults_to_tomorrow_as_csv_in_the_current_folder(booked, capsys, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    status, out, err = run(capsys, "export", "appointments")
    assert status == 0 and err == ""
    path = work / "appointments-2026-11-24.csv"
    assert out == f"Exported 2026-11-24: 2 appointment(s) to {path}.\n"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcode,") and path.read_bytes().count(b"\r\n") == 3
    assert (work / "appointments-2026-11-24.csv.manifest.json").exists()


def test_export_json_prints_the_manifest_and_where_it_went(booked, capsys, tmp_path):
    result = run_json(capsys, "export", "appointments", "--from", "2026-11-23", "--to", "2026-11-25",
                      "--format", "jsonl", "--contact", "full", "--out", f"{tmp_path}/exports/")
    path = Path(result["path"])
    assert path == tmp_path / "exports" / "appointments-2026-11-23_2026-11-25.jsonl"
    assert result["manifest_path"] == f"{path}.manifest.json"
    assert result["rows"] == 3 and result["contact"] == "full"
    assert result["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [json.loads(line)["name"] for line in path.read_text("utf-8").splitlines()] == ["李四", "张三", "王五"]


def test_export_quiet_prints_nothing_and_date_words_work(booked, capsys, tmp_path):
    status, out, err = run(capsys, "export", "appointments", "--date", "today", "--out", f"{tmp_path}/x/",
                           "--quiet", "--format", "ics", "--no-bom")
    assert (status, out, err) == (0, "", "")
    assert (tmp_path / "x" / "appointments-2026-11-23.ics").exists()


def test_export_in_chinese(booked, capsys, tmp_path):
    status, out, _ = run(capsys, "--lang", "zh-Hans", "export", "appointments", "--out", f"{tmp_path}/x.csv")
    assert status == 0 and out.startswith("已导出 2026-11-24 的 2 条预约到 ")
    assert "户籍与证件" in (tmp_path / "x.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(("argv", "expected"), [
    (["export", "appointments", "--date", "2026-11-24", "--from", "2026-11-20"], "not both"),
    (["export", "appointments", "--from", "2026-11-20"], "go together"),
    (["export", "appointments", "--to", "2026-11-20"], "go together"),
    (["export", "appointments", "--from", "2026-11-25", "--to", "2026-11-24"], "--from 2026-11-25 is after"),
    (["export", "appointments", "--date", "24/11/2026"], "YYYY-MM-DD"),
    (["export", "appointments", "--format", "xlsx"], "invalid choice"),
    (["export", "appointments", "--contact", "half"], "invalid choice"),
    (["export"], "required: WHAT"),
    (["export", "tickets"], "invalid choice"),
    (["export", "appointments", "--out", "/no/such/folder/x.csv"], "/no/such/folder does not exist"),
    (["report", "--bucket", "7"], "invalid choice"),
    (["report", "--from", "2026-11-01"], "go together"),
    (["report", "--date", "someday"], "YYYY-MM-DD"),
])
def test_bad_arguments_are_one_line_exit_2_and_write_nothing(booked, capsys, tmp_path, env, argv, expected):
    before = env.read_bytes()
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert env.read_bytes() == before
    assert not list(tmp_path.glob("appointments-*")) and not list(Path.cwd().glob("appointments-*"))


class _FullDisk(io.FileIO):
    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_export_is_one_line_exit_1_and_leaves_no_file(booked, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "open", lambda path, mode: _FullDisk(path, mode), raising=False)
    out_dir = tmp_path / "exports"
    status, out, err = run(capsys, "export", "appointments", "--out", f"{out_dir}/")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "No space left on device" in err and "No file was left behind" in err
    assert list(out_dir.iterdir()) == []


def test_export_and_report_never_create_or_change_the_data_file(env, capsys, tmp_path):
    env.unlink()
    status, _, err = run(capsys, "export", "appointments", "--out", f"{tmp_path}/x/")
    assert status == 1 and "does not exist" in err and err.count("\n") == 1
    assert not env.exists()
    status, _, err = run(capsys, "report")
    assert status == 1 and "does not exist" in err
    assert not env.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal(booked, capsys, tmp_path, monkeypatch):
    status, _, err = run(capsys, "export", "appointments", "--out", f"{tmp_path}/a/")
    assert status == 0 and err == ""  # stderr is not a terminal here: silent, as under cron
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["export", "appointments", "--out", f"{tmp_path}/b/"]) == 0
    assert "Reading archived days" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["export", "appointments", "--out", f"{tmp_path}/c/", "--quiet"]) == 0
    assert main(["report", "--json"]) == 0
    assert quiet.getvalue() == ""
    capsys.readouterr()


def test_report_json_is_one_object_with_every_section(booked, capsys):
    run_json(capsys, "ticket", "general")
    figures = run_json(capsys, "report")
    assert {"from", "to", "as_of", "tickets", "waits_by_hour", "appointments", "requests", "ratings",
            "follow_ups"} <= figures.keys()
    assert figures["from"] == figures["to"] == "2026-11-23"
    assert figures["tickets"]["total"]["issued"] == 1
    tomorrow = run_json(capsys, "report", "--date", "tomorrow")
    assert tomorrow["appointments"]["total"] == {"total": 2, "booked": 2, "checked_in": 0, "attended": 0,
                                                 "cancelled": 0, "no_show": 0, "staggered": 1,
                                                 "staggered_share": 0.5}


def test_report_tables_in_either_language(booked, capsys):
    status, out, err = run(capsys, "report", "--from", "2026-11-23", "--to", "2026-11-25")
    assert status == 0 and err == ""
    for heading in ("Sunshine Community Service Hall: report for 2026-11-23 – 2026-11-25", "Tickets",
                    "Appointments", "Staggered-hours share: 33.3% of 3 appointments.", "Service requests",
                    "Ratings", "Follow-ups of dissatisfied ratings"):
        assert heading in out
    status, out, _ = run(capsys, "--lang", "zh-Hans", "report", "--date", "2026-11-24")
    assert status == 0 and "阳光社区便民服务大厅 运行报表 2026-11-24" in out and "错时服务占比" in out


def test_the_nightly_commands_in_the_readme_parse(capsys):
    import shlex

    from kiosk.cli import build_parser

    text = (REPO / "README.md").read_text("utf-8")
    nightly = text[text.index("### Nightly export"):text.index("## Configuration")]
    commands = []
    for line in (line for line in nightly.splitlines() if ".venv/bin/kiosk" in line and "`" not in line):
        for part in line.replace("ExecStart=", " && ").split("&&"):
            words = shlex.split(part.replace(">/dev/null", ""))
            if words and words[0].endswith(".venv/bin/kiosk"):
                commands.append(words[1:])
            elif len(words) > 3 and words[:3] == ["nice", "-n", "10"]:
                commands.append(words[4:])
    assert len(commands) == 4, commands  # archive and export, in the crontab and in the service
    for argv in commands:
        args = build_parser().parse_args(argv)
        assert args.command in ("archive", "export")
        if args.command == "export":
            assert (args.out, args.quiet, args.date) == ("/var/lib/hall-kiosk/exports/", True, None)
