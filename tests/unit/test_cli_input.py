"""Bad input at the command line's edge: every refusal is exit status 2, one line on stderr (escaped, cut short),
no traceback, and not one byte of the data file changed; whatever is printed from records is safe on a terminal.

The fuzz test at the end feeds hostile values (long text, NUL, newline, ESC sequences, bidi overrides, emoji,
full-width digits, undecodable bytes, far-off dates) to every argument of every command.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from kiosk import validation
from kiosk.cli import build_parser, main
from kiosk.store import Store
from tests.unit.test_cli import cli_environment, run, run_json

PIN = "480316"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """The CLI on a fresh training copy at Monday 09:00 (see :func:`tests.unit.test_cli.cli_environment`)."""
    monkeypatch.chdir(tmp_path)
    return cli_environment(tmp_path, monkeypatch)


def refused(capsys, data: Path, *argv: str) -> str:
    """Run ``argv``; assert it is refused as bad input without writing, and return the one line on stderr."""
    before = data.read_bytes()
    status, out, err = run(capsys, *argv)
    assert status == 2, (argv, status, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kiosk: "), err
    assert "internal error" not in err and "Traceback" not in err
    assert data.read_bytes() == before
    return err


def serving(capsys, counter: str = "1") -> dict:
    """A social-security ticket called at ``counter``."""
    run_json(capsys, "ticket", "social-security")
    return run_json(capsys, "call", counter)


# --- the cases of the issue -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--date", "9999-12-31"],
        ["report", "--from", "1999-12-31", "--to", "2026-11-23"],
        ["export", "appointments", "--date", "0001-01-01"],
        ["audit", "--date", "2101-01-01"],
        ["slots", "household", "--date", "9999-12-31"],
        ["--now", "0001-01-01", "ticket", "general"],
        [
            "--now",
            "9999-12-31",
            "book",
            "household",
            "--date",
            "2026-11-24",
            "--time",
            "18:00",
            "--name",
            "张三",
            "--phone",
            "13812345678",
        ],
        ["book", "household", "--date", "9999-12-31", "--time", "18:00", "--name", "张三", "--phone", "13812345678"],
        ["--now", "9999-12-31T23:59-12:00", "overview"],
        [
            "request",
            "repair",
            "--description",
            "楼道灯坏了",
            "--phone",
            "13900001111",
            "--address",
            "3栋",
            "--preferred",
            "9999-12-31T23:59-12:00",
        ],
    ],
)
def test_a_date_or_now_outside_2000_to_2100_is_refused_in_one_line(env, capsys, argv):
    run_json(capsys, "ticket", "general")
    err = refused(capsys, env, *argv)
    assert "2000-01-01" in err and "2100-12-31" in err


def test_now_from_the_environment_is_held_to_the_same_range(env, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_NOW", "9999-12-31T10:00")
    assert "2100-12-31" in refused(capsys, env, "ticket", "general")


@pytest.mark.parametrize(
    "argv",
    [
        ["finish", "1", "--note", "\udcff"],
        ["export", "appointments", "--out", "exports/\udcff.csv"],
        ["ticket", "gen\udce9ral"],
        ["--now", "2026-11-23T09:00\udcff", "overview"],
        ["finish", "1", "--note", "a\x00b"],
    ],
)
def test_an_argument_that_is_not_text_is_refused_before_parsing(env, capsys, argv):
    serving(capsys)
    err = refused(capsys, env, *argv)
    assert "is not valid text" in err
    assert f"Argument {next(n for n, a in enumerate(argv, 1) if validation.undecodable(a))}" in err
    assert "\\x" in err and "\udcff" not in err
    assert not Path("exports").exists()


def test_an_undecodable_argument_from_a_real_command_line(env, tmp_path):
    """The bytes reach Python as surrogate escapes, exactly as a shell passes them."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "finish", "1", "--note", b"\xff".decode("utf-8", "surrogateescape")],
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"'\\xff'" in result.stderr


@pytest.mark.parametrize(
    ("argv", "echoed"),
    [
        (["ticket", "gen\neral"], "'gen\\neral'"),
        (["slots", "household", "--date", "2026\n-11-24"], "'2026\\n-11-24'"),
        (["counter", "1", "op\nen"], "'op\\nen'"),
        (["--lang", "e\nn", "ticket", "general"], "'e\\nn'"),
    ],
)
def test_a_newline_in_a_bad_value_is_escaped_not_echoed(env, capsys, argv, echoed):
    err = refused(capsys, env, *argv)
    assert echoed in err


def test_a_long_bad_value_is_quoted_in_40_characters(env, capsys):
    long = "x" * 100_000
    for argv in (
        ["counter", "1", long],
        ["ticket", "general", long],
        ["rate", "A7KXM2Q9", "5", "--bogus", long],
        ["audit", "--action", long],
    ):
        err = refused(capsys, env, *argv)
        assert len(err) < 600 and "x" * 41 not in err, err
        assert "x" * 40 + "'…" in err or "x" * 40 + "…" in err, err


def test_argparse_messages_are_one_line_for_every_kind_of_input(env, capsys):
    for value in ("\x1b[2J", "\u202eevil", "it's\n", "x" * 5000):
        for argv in (
            ["counter", "1", value],
            ["ticket", "general", value],
            ["audit", "--limit", value],
            ["finish", "1", "--outcome", value],
        ):
            err = refused(capsys, env, *argv)
            assert "\x1b" not in err and "\u202e" not in err


def test_a_finish_note_is_checked(env, capsys):
    serving(capsys)
    assert "note: Too long: at most 300 characters" in refused(capsys, env, "finish", "1", "--note", "n" * 1_000_000)
    for bad in ("\x1b[2Jcleared", "two\nlines", "\u202eoverride", "bell\x07", "csi\x9b2J"):
        err = refused(capsys, env, "finish", "1", "--note", bad)
        assert err.startswith("kiosk: note: '") and "holds a control character" in err
    assert "'\\x1b[2Jcleared'" in refused(capsys, env, "finish", "1", "--note", "\x1b[2Jcleared")
    assert env.stat().st_size < 100_000, "nothing large reached the hot file"
    done = run_json(capsys, "finish", "1", "--note", "  材料齐全 👍  ")
    assert done["ticket"]["status"] == "done"
    entry = run_json(capsys, "audit", "--action", "finish")["audit"][-1]
    assert entry["detail"]["note"].strip() == "材料齐全 👍"


def test_control_characters_are_refused_in_ids_filters_and_paths_too(env, capsys):
    for argv in (
        ["audit", "--staff", "w\x1b01"],
        ["requests", "--category", "re\x07pair"],
        ["export", "appointments", "--out", "a\nb.csv"],
        ["--data", "hall\x1b.json", "overview"],
        ["backups", "--restore", "x\x9b2J"],
    ):
        err = refused(capsys, env, *argv)
        assert "holds a control character" in err
    assert not Path("a\nb.csv").exists()


def test_unknown_filters_are_said(env, capsys):
    assert "no request category 'tax'" in refused(capsys, env, "requests", "--category", "tax")
    assert "no counter '99'" in refused(capsys, env, "audit", "--counter", "99")


def test_a_description_may_span_lines_and_hold_emoji_and_is_listed_on_one_line(env, capsys):
    filed = run_json(
        capsys,
        "request",
        "repair",
        "--description",
        "楼道灯坏了\n三楼东侧 👨‍👩‍👧",
        "--phone",
        "13900001111",
        "--address",
        "3栋",
    )
    status, out, _ = run(capsys, "requests")
    assert status == 0
    line = next(line for line in out.splitlines() if filed["code"][:4] in line)
    assert "楼道灯坏了\\n三楼东侧" in line
    assert "description: '楼道灯\\x1b[2J坏了' holds a control character" in refused(
        capsys,
        env,
        "request",
        "repair",
        "--description",
        "楼道灯\x1b[2J坏了",
        "--phone",
        "13900001111",
        "--address",
        "3栋",
    )


def test_full_width_dates_and_times_from_an_input_method_are_read(env, capsys):
    booked = run_json(
        capsys,
        "--now",
        "２０２６-11-23T09:00",
        "book",
        "household",
        "--date",
        "２０２６－１１－２４",
        "--time",
        "１８:００",
        "--name",
        "张三",
        "--phone",
        "13812345678",
    )
    assert (booked["date"], booked["start"]) == ("2026-11-24", "18:00")


# --- what is printed from records ---------------------------------------------------------------------------------


def hostile_records(hall_path: Path) -> None:
    """Put hostile text straight into the records, as an older version or a hand edit could have left it."""
    Store(hall_path, backup_interval_minutes=10**9).checkpoint()  # the data file then holds every record
    data = json.loads(hall_path.read_text(encoding="utf-8"))
    for table in data.values():
        if not isinstance(table, dict):
            continue
        for record in table.values():
            if not isinstance(record, dict):
                continue
            if "detail" in record and isinstance(record["detail"], dict):
                record["detail"]["note"] = "\x1b[2Jgone\r\nfake line\x9b31m\u202e"
            if "description" in record:
                record["description"] = "\x1b]0;title\x07desc\nsecond"
            if "name" in record and "pin" in record:
                record["name"] = "王\x1b[31m芳"
            for entry in record.get("history", []):
                entry["note"] = "\x1b[2Jhistory\nline"
    hall_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_text_from_records_is_neutralised_before_it_reaches_the_terminal(env, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PIN + "\n"))
    run_json(capsys, "staff-add", "w01", "--name", "王芳")
    serving(capsys)
    run_json(capsys, "finish", "1", "--note", "好", "--staff", "w01")
    filed = run_json(
        capsys, "request", "repair", "--description", "楼道灯坏了", "--phone", "13900001111", "--address", "3栋"
    )
    run_json(capsys, "request-update", filed["code"], "note", "--staff", "w01", "--note", "明天", "--visible")
    hostile_records(env)
    for argv in (
        ["audit"],
        ["status", filed["code"]],
        ["requests"],
        ["staff-list"],
        ["overview"],
        ["report"],
        ["check"],
        ["audit", "--json"],
        ["status", filed["code"], "--json"],
    ):
        status, out, err = run(capsys, *argv)
        assert status in (0, 1), (argv, err)
        assert not any(validation.unsafe(char, multiline=True) for char in out), (argv, out)
        for line in out.splitlines():
            assert not line.startswith(("fake line", "second", "line")), (argv, out)
    _, out, _ = run(capsys, "audit")
    assert "\\x1b[2Jgone\\r\\nfake line\\x9b31m\\u202e" in out


# --- the fuzz test: every argument of every command -----------------------------------------------------------

LONG = "x" * 5000
#: (name, value): hostile or merely unusual values.
VALUES = [
    ("long", LONG),
    ("medium", "長" * 400),
    ("nul", "a\x00b"),
    ("newline", "ab\ncd"),
    ("esc", "\x1b[2J\x1b[31m"),
    ("bidi", "\u202eab"),
    ("c1", "a\x9bb"),
    ("emoji", "好👨‍👩‍👧"),
    ("fullwidth", "１２３４"),
    ("surrogate", "a\udcffb"),
    ("far_future", "9999-12-31"),
    ("far_past", "0001-01-01"),
    ("empty", ""),
    ("big_number", "9" * 30),
]
#: Values no argument may take: refused with exit status 2 wherever they are given.
ALWAYS_REFUSED = {"long", "nul", "esc", "bidi", "c1", "surrogate"}


def fuzz_cases() -> list[tuple[str, list[str], int, str]]:
    """(command, argv, index of the argument replaced, kind of that argument) for every value argument of every
    command, and ``--now`` for every command."""
    apt, req, done, case = "{appointment}", "{request}", "{done}", "{case}"
    table: dict[str, tuple[list[str], dict[int, str]]] = {
        "ticket": (["ticket", "social-security", "--priority", "--phone", "13812345678"], {1: "id", 4: "id"}),
        "call": (["call", "2", "--staff", "w01"], {1: "id", 3: "id"}),
        "recall": (["recall", "1", "--staff", "w01"], {1: "id", 3: "id"}),
        "no-show": (["no-show", "1", "--staff", "w01"], {1: "id", 3: "id"}),
        "finish": (
            ["finish", "1", "--outcome", "other", "--note", "好", "--staff", "w01"],
            {1: "id", 3: "id", 5: "text", 7: "id"},
        ),
        "transfer": (["transfer", "1", "elderly", "--staff", "w01"], {1: "id", 2: "id", 4: "id"}),
        "counter": (["counter", "3", "pause", "--staff", "w01"], {1: "id", 2: "id", 4: "id"}),
        "slots": (["slots", "household", "--date", "2026-11-24"], {1: "id", 3: "date"}),
        "book": (
            [
                "book",
                "household",
                "--date",
                "2026-11-24",
                "--time",
                "18:00",
                "--name",
                "李四",
                "--phone",
                "13912345678",
            ],
            {1: "id", 3: "date", 5: "time", 7: "name", 9: "id"},
        ),
        "cancel": (["cancel", apt, "--phone-last4", "5678"], {1: "id", 3: "id"}),
        "checkin": (["checkin", apt, "--phone-last4", "5678"], {1: "id", 3: "id"}),
        "reschedule": (
            ["reschedule", apt, "--phone-last4", "5678", "--date", "2026-11-25", "--time", "18:00"],
            {1: "id", 3: "id", 5: "date", 7: "time"},
        ),
        "request": (
            [
                "request",
                "repair",
                "--description",
                "楼道灯坏了很久",
                "--phone",
                "13900001111",
                "--address",
                "3栋2单元",
                "--preferred",
                "2026-11-24T19:00",
            ],
            {1: "id", 3: "multiline", 5: "id", 7: "text", 9: "date"},
        ),
        "request-update": (
            ["request-update", req, "assigned", "--staff", "w01", "--assignee", "w01", "--note", "派单"],
            {1: "id", 2: "id", 4: "id", 6: "id", 8: "text"},
        ),
        "requests": (["requests", "--status", "accepted", "--category", "repair"], {2: "id", 4: "id"}),
        "status": (["status", req], {1: "id"}),
        "rate": (
            ["rate", done, "1", "--comment", "很好", "--phone", "13912345678"],
            {1: "id", 2: "id", 4: "text", 6: "id"},
        ),
        "run": (["run", "--terminal", "K1"], {2: "id"}),
        "board": (["board", "--terminal", "HALL"], {2: "id"}),
        "serve": (
            ["serve", "--host", "127.0.0.1", "--port", "8080", "--index-allow", "10.0.0.0/8", "--font-size", "20"],
            {2: "id", 4: "id", 6: "id", 8: "id"},
        ),
        "announce": (
            ["announce", "--once", "--player", "true", "--lang", "zh,en", "--terminal", "VOICE"],
            {3: "id", 5: "id", 7: "id"},
        ),
        "staff": (["staff", "--counter", "1", "--terminal", "C1"], {2: "id", 4: "id"}),
        "pad": (["pad", "--counter", "1", "--terminal", "P1"], {2: "id", 4: "id"}),
        "print": (["print", done, "--preview", "--terminal", "K1", "--staff", "w01"], {1: "id", 4: "id", 6: "id"}),
        "overview": (
            ["overview", "--lang", "en", "--config", "{config}", "--data", "{data}"],
            {2: "id", 4: "path", 6: "path"},
        ),
        "check": (["check"], {}),
        "archive": (["archive"], {}),
        "checkpoint": (["checkpoint"], {}),
        "init": (["init", "--training"], {}),
        "training-copy": (["training-copy", "copy/hall.json"], {1: "path"}),
        "demo": (["demo", "--days", "1", "--seed", "7"], {2: "id", 4: "id"}),
        "staff-add": (["staff-add", "w02", "--name", "李强"], {1: "id", 3: "name"}),
        "staff-list": (["staff-list"], {}),
        "staff-pin": (["staff-pin", "w01"], {1: "id"}),
        "staff-disable": (["staff-disable", "w01"], {1: "id"}),
        "staff-enable": (["staff-enable", "w01"], {1: "id"}),
        "audit": (
            ["audit", "--date", "2026-11-23", "--staff", "w01", "--counter", "1", "--action", "call", "--limit", "10"],
            {2: "date", 4: "id", 6: "id", 8: "id", 10: "id"},
        ),
        "backups": (["backups", "--restore", "{backup}"], {2: "id"}),
        "export": (
            [
                "export",
                "appointments",
                "--from",
                "2026-11-24",
                "--to",
                "2026-11-25",
                "--format",
                "csv",
                "--out",
                "exports/",
                "--contact",
                "masked",
            ],
            {3: "date", 5: "date", 7: "id", 9: "path", 11: "id"},
        ),
        "report": (["report", "--date", "2026-11-23", "--bucket", "30"], {2: "date", 4: "id"}),
        "request-visit": (
            ["request-visit", req, "--at", "2026-11-24 19:00", "--staff", "w01"],
            {1: "id", 3: "text", 5: "id"},
        ),
        # text messages: one entry per step
        "notify": (
            ["notify", "list", "--code", req, "--status", "sent", "--last", "5", "--text"],
            {3: "id", 5: "id", 7: "id"},
        ),
        "notify run": (["notify", "run", "--once"], {}),
        "notify remind": (["notify", "remind"], {}),
        "notify resend": (["notify", "resend", "near/2026-11-23/A001", "--staff", "w01"], {2: "id", 4: "id"}),
        "notify stop": (["notify", "stop", apt, "--phone-last4", "5678"], {2: "id", 4: "id"}),
        "notify reply": (["notify", "reply", "13912345678", "TD"], {2: "id", 3: "text"}),
        "notify check": (["notify", "check"], {}),
        "notify preview": (["notify", "preview"], {}),
        # a poor rating's case: one entry per step (the command is "case", the step its first argument)
        "case": (["case", "list", "--overdue", "--all"], {1: "id"}),
        "case show": (["case", "show", case], {2: "id"}),
        "case assign": (["case", "assign", case, "--assignee", "w01", "--staff", "w01"], {2: "id", 4: "id", 6: "id"}),
        "case call-back": (
            ["case", "call-back", case, "--outcome", "等了很久", "--not-reached", "--staff", "w01"],
            {2: "id", 4: "text", 6: "id"},
        ),
        "case rectify": (
            ["case", "rectify", case, "--action", "已整改", "--staff", "w01"],
            {2: "id", 4: "text", 6: "id"},
        ),
        "case grade": (["case", "grade", case, "2", "--staff", "w01"], {2: "id", 3: "id", 5: "id"}),
        "case appeal": (
            ["case", "appeal", case, "--reason", "评价有误", "--staff", "w01"],
            {2: "id", 4: "text", 6: "id"},
        ),
        "case review": (
            ["case", "review", case, "--reject", "--reason", "不成立", "--staff", "w01"],
            {2: "id", 5: "text", 7: "id"},
        ),
    }
    commands = {name for name in build_parser()._subparsers._group_actions[0].choices}  # type: ignore[union-attr]
    fuzzed = {name.split()[0] for name in table}
    assert commands == fuzzed, f"every command is fuzzed: {commands ^ fuzzed}"
    cases = []
    for name, (argv, slots) in table.items():
        for index, kind in {**slots, len(argv) + 1: "now"}.items():
            full = argv + ["--now", "2026-11-23T09:00"] if kind == "now" else argv
            cases.append((name, full, index, kind))
    return cases


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A hall with a staff account, a resident at counter 1, a finished ticket, an appointment, an accepted
    request and a poor rating's case (another finished ticket rated 1): what the commands act on, made once and
    copied for each case."""
    folder = tmp_path_factory.mktemp("fuzz-template")
    monkeypatch = pytest.MonkeyPatch()
    try:
        monkeypatch.chdir(folder)
        cli_environment(folder, monkeypatch)
        stdin, sys.stdin = sys.stdin, io.StringIO(PIN + "\n")
        try:
            assert main(["staff-add", "w01", "--name", "王芳", "--json"]) == 0
        finally:
            sys.stdin = stdin
        facts = {}
        for argv in (
            ["ticket", "social-security"],
            ["call", "1"],
            ["finish", "1"],  # rated 1 below: a poor rating's case
            ["ticket", "social-security"],
            ["call", "1"],
            ["finish", "1"],
            ["ticket", "social-security"],
            ["call", "1"],
        ):
            assert main([*argv, "--json"]) == 0
        capture = io.StringIO()
        stdout, sys.stdout = sys.stdout, capture
        try:
            assert main(["audit", "--action", "finish", "--json"]) == 0
            assert (
                main(
                    [
                        "book",
                        "household",
                        "--date",
                        "2026-11-24",
                        "--time",
                        "18:00",
                        "--name",
                        "张三",
                        "--phone",
                        "13812345678",
                        "--json",
                    ]
                )
                == 0
            )
            assert (
                main(
                    [
                        "request",
                        "repair",
                        "--description",
                        "楼道灯坏了",
                        "--phone",
                        "13900001111",
                        "--address",
                        "3栋",
                        "--json",
                    ]
                )
                == 0
            )
        finally:
            sys.stdout = stdout
        lines = capture.getvalue().splitlines()
        audit, appointment, request = (json.loads(line) for line in lines[:3])
        first, done = (entry["subject"] for entry in audit["audit"][-2:])
        capture = io.StringIO()
        stdout, sys.stdout = sys.stdout, capture
        try:
            assert main(["rate", first, "1", "--reason", "slow", "--json"]) == 0
        finally:
            sys.stdout = stdout
        rating = json.loads(capture.getvalue())
        facts = {
            "done": done,
            "appointment": appointment["code"],
            "request": request["code"],
            "case": rating["follow_up"],
        }
        assert main(["request-update", facts["request"], "accepted", "--staff", "w01"]) == 0
        (folder / "facts.json").write_text(json.dumps(facts))
    finally:
        monkeypatch.undo()
    return folder


@pytest.mark.parametrize(
    ("command", "argv", "index", "kind"),
    [pytest.param(*case, id=f"{case[0]}-{case[2]}-{case[3]}") for case in fuzz_cases()],
)
def test_fuzz_every_argument_of_every_command(prepared, tmp_path, monkeypatch, capsys, command, argv, index, kind):
    folder = tmp_path / "hall"
    shutil.copytree(prepared, folder)
    monkeypatch.chdir(folder)
    data = folder / "hall.json"
    monkeypatch.setenv("KIOSK_CONFIG", str(Path(__file__).resolve().parents[2] / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA", str(data))
    monkeypatch.setenv("KIOSK_NOW", "2026-11-23T09:30")
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    import screens.app

    monkeypatch.setattr(screens.app.HallApp, "run", lambda self, *a, **k: None)  # run, board, staff: no screen
    import kiosk.cli.web.server

    monkeypatch.setattr(kiosk.cli.web.server, "serve", lambda *a, **k: None)  # serve: no server
    backups = sorted((folder / "hall-backups").iterdir()) if (folder / "hall-backups").exists() else []
    facts = json.loads((folder / "facts.json").read_text()) | {
        "config": str(Path(__file__).resolve().parents[2] / "kiosk.toml"),
        "data": str(data),
        "backup": backups[0].name if backups else "none",
    }
    base = [part.format(**facts) if part.startswith("{") else part for part in argv]
    original = data.read_bytes()
    for name, value in VALUES:
        data.write_bytes(original)  # every value meets the same hall, whatever the one before did
        before = original
        monkeypatch.setattr(sys, "stdin", io.StringIO(PIN + "\n"))
        case = list(base)
        case[index] = value
        status = main(case)
        out, err = capsys.readouterr()
        where = f"{command} {kind} argument {index} = {name}: {err!r}"
        assert "internal error" not in err and "Traceback" not in err, where
        # 1: a path that names no data file (a missing data file is the store's failure, as everywhere)
        assert status in ((0, 1, 2) if kind == "path" else (0, 2)), where
        assert not any(validation.unsafe(char, multiline=True) for char in out + err), where
        if status:
            assert err.count("\n") == 1 and err.startswith("kiosk: ") and len(err) < 600, where
            assert out == "", where
            assert data.read_bytes() == before, f"a refusal wrote to the data file: {where}"
        else:
            assert err == "", where
        if (
            name in ALWAYS_REFUSED
            or (name == "newline" and kind not in ("multiline",))
            or (name.startswith("far_") and kind in ("date", "now"))
        ):
            assert status == 2, f"expected a refusal: {where}"


def test_a_pin_piped_in_as_bytes_that_are_not_text_is_refused_in_one_line(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "hall.json"
    env = {"KIOSK_DATA": str(data), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    config = str(Path(__file__).resolve().parents[2] / "kiosk.toml")
    assert subprocess.run([sys.executable, "-m", "kiosk", "--config", config, "init"], env=env).returncode == 0
    before = data.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", config, "staff-add", "s01", "--name", "王芳"],
        input=b"\xff\xfe24\n",
        capture_output=True,
        env=env,
    )
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1 and b"internal" not in done.stderr
    assert data.read_bytes() == before
