"""``kiosk export appointments`` and ``kiosk report`` from the command line: defaults, output, exit statuses,
one-line errors, no file after a failure, what --out may replace, and a progress bar only for a person at a
terminal."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
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
    for day, at, name, phone in (
        ("2026-11-24", "18:00", "张三", "13812345678"),
        ("2026-11-24", "09:10", "李四", "13912345678"),
        ("2026-11-25", "09:10", "王五", "13712345678"),
    ):
        made.append(
            run_json(capsys, "book", "household", "--date", day, "--time", at, "--name", name, "--phone", phone)["code"]
        )
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
    result = run_json(
        capsys,
        "export",
        "appointments",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-25",
        "--format",
        "jsonl",
        "--contact",
        "full",
        "--out",
        f"{tmp_path}/exports/",
    )
    path = Path(result["path"])
    assert path == tmp_path / "exports" / "appointments-2026-11-23_2026-11-25.jsonl"
    assert result["manifest_path"] == f"{path}.manifest.json"
    assert result["rows"] == 3 and result["contact"] == "full"
    assert result["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [json.loads(line)["name"] for line in path.read_text("utf-8").splitlines()] == ["李四", "张三", "王五"]


def test_export_quiet_prints_nothing_and_date_words_work(booked, capsys, tmp_path):
    status, out, err = run(
        capsys,
        "export",
        "appointments",
        "--date",
        "today",
        "--out",
        f"{tmp_path}/x/",
        "--quiet",
        "--format",
        "ics",
        "--no-bom",
    )
    assert (status, out, err) == (0, "", "")
    assert (tmp_path / "x" / "appointments-2026-11-23.ics").exists()


def test_export_in_chinese(booked, capsys, tmp_path):
    status, out, _ = run(capsys, "--lang", "zh-Hans", "export", "appointments", "--out", f"{tmp_path}/x.csv")
    assert status == 0 and out.startswith("已导出 2026-11-24 的 2 条预约到 ")
    assert "户籍与证件" in (tmp_path / "x.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
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
    ],
)
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


# --- what --out may replace ---------------------------------------------------------------------------------


@pytest.fixture
def archived(booked, env, capsys) -> Path:
    """The data file with its lock, a backup and an archive: Monday and Tuesday closed on Thursday morning."""
    status, _, err = run(capsys, "--now", "2026-11-26T09:00", "archive")
    assert status == 0, err
    assert (env.with_name("hall-archive") / "2026" / "2026-11-24.json").is_file()
    assert env.with_name("hall.json.lock").is_file() and backup_of(env).is_file()
    return env


def backup_of(data: Path) -> Path:
    return sorted(data.with_name("hall-backups").glob("hall-*.json"))[-1]


def tree(folder: Path) -> dict[str, object]:
    """Every entry under ``folder`` (hidden ones included) with its bytes, or what it is: to show that nothing
    was written, replaced or left behind."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_dir():
            found[name] = "folder"
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "special"
    return found


def refused(capsys, tmp_path: Path, data: Path, *argv: str) -> str:
    """Run the export with ``argv``; assert it is refused (exit 2, one line on stderr, nothing on stdout) and
    that nothing under ``tmp_path`` changed, the data file included. Returns the error line."""
    before, data_before = tree(tmp_path), data.read_bytes()
    status, out, err = run(capsys, "export", "appointments", *argv)
    assert (status, out) == (2, ""), err
    assert err.count("\n") == 1 and err.startswith("kiosk: ") and "Traceback" not in err
    assert data.read_bytes() == data_before
    assert tree(tmp_path) == before
    return err


STORE_FILES = {
    "the data file": (lambda d: str(d), "the hall's data file"),
    "its lock": (lambda d: f"{d}.lock", "the data file's lock"),
    "a backup": (lambda d: str(backup_of(d)), "backups folder"),
    "the backups folder": (lambda d: f"{d.with_name('hall-backups')}/", "backups folder"),
    "a new folder in the backups": (lambda d: f"{d.with_name('hall-backups')}/nightly/", "backups folder"),
    "an archive day file": (lambda d: str(d.with_name("hall-archive") / "2026" / "2026-11-24.json"), "archive"),
    "an archive index file": (lambda d: str(next(d.with_name("hall-archive").glob("index/*.json"))), "archive"),
    "a new year in the archive": (lambda d: f"{d.with_name('hall-archive')}/2027/", "archive"),
    "a kept .bad copy": (lambda d: f"{d}.20261125T101010.bad", "copy of the data file"),
    "a temporary sibling": (lambda d: str(d.with_name(".hall.json.tmp-4242-beef")), "copy of the data file"),
}


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("what", list(STORE_FILES))
def test_out_at_one_of_the_data_files_is_refused_even_with_force(archived, capsys, tmp_path, what, force):
    out, expected = STORE_FILES[what]
    err = refused(capsys, tmp_path, archived, "--out", out(archived), *(["--force"] if force else []))
    assert expected in err and "not even with --force" in err and "Choose another --out" in err


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_symbolic_link_to_the_data_file_is_refused(archived, capsys, tmp_path, force):
    (tmp_path / "latest.csv").symlink_to(archived)
    err = refused(capsys, tmp_path, archived, "--out", str(tmp_path / "latest.csv"), *(["--force"] if force else []))
    assert f"latest.csv is, or leads to, the hall's data file {archived}" in err


def test_a_folder_linked_to_the_backups_or_the_archive_is_refused(archived, capsys, tmp_path):
    (tmp_path / "exports").symlink_to(archived.with_name("hall-backups"))
    assert "backups folder" in refused(capsys, tmp_path, archived, "--out", f"{tmp_path}/exports/")
    (tmp_path / "days").symlink_to(archived.with_name("hall-archive") / "2026")
    err = refused(capsys, tmp_path, archived, "--out", f"{tmp_path}/days/2026-11-24.json", "--force")
    assert "archive" in err


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_hard_link_to_the_data_file_or_a_backup_is_refused(archived, capsys, tmp_path, force):
    os.link(archived, tmp_path / "copy.csv")
    err = refused(capsys, tmp_path, archived, "--out", str(tmp_path / "copy.csv"), *(["--force"] if force else []))
    assert "the hall's data file" in err
    os.link(backup_of(archived), tmp_path / "old.csv")
    err = refused(capsys, tmp_path, archived, "--out", str(tmp_path / "old.csv"), *(["--force"] if force else []))
    assert "backups folder" in err


def test_the_refusal_is_in_the_residents_language(archived, capsys, tmp_path):
    err = refused(capsys, tmp_path, archived, "--lang", "zh-Hans", "--out", str(archived))
    assert f"就是（或指向）大厅的数据文件 {archived}" in err and "--force 也不行" in err


def test_an_unrelated_file_is_refused_then_replaced_with_force(archived, capsys, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("kept by someone else\n", "utf-8")
    err = refused(capsys, tmp_path, archived, "--out", str(notes))
    assert f"{notes} already exists and is not one of our exports" in err
    assert "Choose another --out, or add --force to replace it." in err
    result = run_json(capsys, "export", "appointments", "--out", str(notes), "--force")
    manifest = json.loads(Path(result["manifest_path"]).read_text("utf-8"))
    assert manifest["sha256"] == hashlib.sha256(notes.read_bytes()).hexdigest() and manifest["rows"] == 2
    # Now it is ours: the next run replaces it without --force.
    assert run(capsys, "export", "appointments", "--out", str(notes))[0] == 0


def test_an_earlier_export_under_the_dated_name_is_replaced(archived, capsys, tmp_path):
    first = run_json(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/", "--date", "2026-11-24")
    # In full, the export is logged, which writes at the hall's clock (Thursday, after the archive run).
    again = run_json(
        capsys,
        "--now",
        "2026-11-26T09:05",
        "export",
        "appointments",
        "--out",
        f"{tmp_path}/exports/",
        "--contact",
        "full",
        "--date",
        "2026-11-24",
    )
    assert again["path"] == first["path"] and again["sha256"] != first["sha256"]
    assert hashlib.sha256(Path(again["path"]).read_bytes()).hexdigest() == again["sha256"]
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [
        "appointments-2026-11-24.csv",
        "appointments-2026-11-24.csv.manifest.json",
    ]


def test_an_earlier_export_edited_since_is_refused(archived, capsys, tmp_path):
    path = Path(run_json(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/")["path"])
    path.write_bytes(path.read_bytes().replace(b"household", b"HOUSEHOLD"))  # same size, other bytes
    err = refused(capsys, tmp_path, archived, "--out", f"{tmp_path}/exports/")
    assert f"{path} is an earlier export that has been changed since" in err and "--force" in err
    assert run(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/", "--force")[0] == 0


def test_a_file_whose_manifest_is_missing_or_not_ours_is_refused(archived, capsys, tmp_path):
    path = Path(run_json(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/")["path"])
    manifest = path.with_name(path.name + ".manifest.json")
    manifest.unlink()
    assert "not one of our exports" in refused(capsys, tmp_path, archived, "--out", str(path))
    manifest.write_text('{"file": "appointments-2026-11-24.csv"}', "utf-8")  # no layout: not written by us
    assert "not one of our exports" in refused(capsys, tmp_path, archived, "--out", str(path))


def test_a_foreign_file_at_the_manifests_name_is_refused(archived, capsys, tmp_path):
    taken = tmp_path / "x.csv.manifest.json"
    taken.write_text("someone's notes\n", "utf-8")
    err = refused(capsys, tmp_path, archived, "--out", str(tmp_path / "x.csv"))
    assert f"{taken} already exists and is not a manifest written by an export" in err
    assert run(capsys, "export", "appointments", "--out", str(tmp_path / "x.csv"), "--force")[0] == 0


def test_a_file_left_without_its_manifest_by_a_crash_is_still_ours(archived, capsys, tmp_path):
    path = Path(run_json(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/")["path"])
    manifest = path.with_name(path.name + ".manifest.json")
    # A run killed between renaming the file and its manifest leaves the manifest under its temporary name.
    manifest.rename(path.with_name(f".{manifest.name}.tmp-4242-dead"))
    assert run(capsys, "export", "appointments", "--out", f"{tmp_path}/exports/")[0] == 0
    assert manifest.is_file()


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_folder_a_fifo_or_a_link_at_the_target_is_refused(archived, capsys, tmp_path, force):
    extra = ["--force"] if force else []
    (tmp_path / "exports" / "appointments-2026-11-24.csv").mkdir(parents=True)
    err = refused(capsys, tmp_path, archived, "--out", f"{tmp_path}/exports/", *extra)
    assert "appointments-2026-11-24.csv is a folder" in err
    os.mkfifo(tmp_path / "pipe.csv")
    assert "is not a regular file" in refused(capsys, tmp_path, archived, "--out", str(tmp_path / "pipe.csv"), *extra)
    (tmp_path / "notes.txt").write_text("mine\n", "utf-8")
    (tmp_path / "latest.csv").symlink_to(tmp_path / "notes.txt")
    assert "is a symbolic link" in refused(capsys, tmp_path, archived, "--out", str(tmp_path / "latest.csv"), *extra)


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
    assert {
        "from",
        "to",
        "as_of",
        "tickets",
        "waits_by_hour",
        "appointments",
        "requests",
        "ratings",
        "follow_ups",
    } <= figures.keys()
    assert figures["from"] == figures["to"] == "2026-11-23"
    assert figures["tickets"]["total"]["issued"] == 1
    tomorrow = run_json(capsys, "report", "--date", "tomorrow")
    assert tomorrow["appointments"]["total"] == {
        "total": 2,
        "booked": 2,
        "checked_in": 0,
        "attended": 0,
        "cancelled": 0,
        "no_show": 0,
        "staggered": 1,
        "staggered_share": 0.5,
    }


def test_report_tables_in_either_language(booked, capsys):
    status, out, err = run(capsys, "report", "--from", "2026-11-23", "--to", "2026-11-25")
    assert status == 0 and err == ""
    for heading in (
        "Sunshine Community Service Hall: report for 2026-11-23 – 2026-11-25",
        "Tickets",
        "Appointments",
        "Staggered-hours share: 33.3% of 3 appointments.",
        "Service requests",
        "Ratings",
        "Follow-ups of dissatisfied ratings",
    ):
        assert heading in out
    status, out, _ = run(capsys, "--lang", "zh-Hans", "report", "--date", "2026-11-24")
    assert status == 0 and "阳光社区便民服务大厅 运行报表 2026-11-24" in out and "错时服务占比" in out


def test_the_nightly_commands_in_the_readme_parse(capsys):
    import shlex

    from kiosk.cli import build_parser

    text = (REPO / "README.md").read_text("utf-8")
    nightly = text[text.index("### Nightly export") : text.index("## Configuration")]
    commands = []
    for line in (line for line in nightly.splitlines() if ".venv/bin/kiosk" in line and "`" not in line):
        for part in line.replace("ExecStart=", " && ").split("&&"):
            words = shlex.split(part.replace(">/dev/null", ""))
            if words and words[0].endswith(".venv/bin/kiosk"):
                commands.append(words[1:])
            elif len(words) > 3 and words[:3] == ["nice", "-n", "10"]:
                commands.append(words[4:])
    assert len(commands) == 6, commands  # archive, export and the reminders, in the crontab and in the service
    assert [argv[-2:] for argv in commands].count(["notify", "remind"]) == 2
    for argv in commands:
        args = build_parser().parse_args(argv)
        assert args.command in ("archive", "export", "notify")
        if args.command == "export":
            assert (args.out, args.quiet, args.date) == ("/var/lib/hall-kiosk/exports/", True, None)


def test_force_never_replaces_any_halls_files_or_a_manifest(archived, capsys, tmp_path):
    other = tmp_path / "other" / "t2.json"
    assert main(["--data", str(other), "init", "--training"]) == 0
    capsys.readouterr()
    kept = tmp_path / "other" / "t2.json.20261202T080000.000000.ab12.bad"
    kept.write_bytes(other.read_bytes())
    loose = tmp_path / "loose-copy.json"  # a hall's data file copied somewhere, nothing beside it
    loose.write_bytes(other.read_bytes())
    for target in (other, kept, loose, Path(str(other) + ".lock")):
        before = target.read_bytes()
        status, _, err = run(capsys, "export", "appointments", "--out", str(target), "--force")
        assert status == 2 and err.count("\n") == 1 and "Hall Kiosk" in err, target
        assert target.read_bytes() == before
    made = Path(run_json(capsys, "export", "appointments", "--out", f"{tmp_path}/e/")["path"])
    manifest = made.with_name(made.name + ".manifest.json")
    before = manifest.read_bytes()
    status, _, err = run(capsys, "export", "appointments", "--out", str(manifest), "--force")
    assert status == 2 and "manifest" in err and manifest.read_bytes() == before


def test_out_dash_is_refused_not_written_as_a_file_named_dash(booked, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "export", "appointments", "--out", "-")
    assert status == 2 and out == "" and err.count("\n") == 1 and "standard output" in err
    assert not (tmp_path / "-").exists()
