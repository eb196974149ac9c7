"""``--terminal`` for the faces and ``kiosk print``: one-line refusals, the preview, printing and reprinting
through a fake network printer, and a dead printer's fault in ``kiosk overview`` and ``kiosk check``."""

from __future__ import annotations

import re

import pytest
from fake_printer import refused_port

from tests.unit.test_cli import REPO, cli_environment, run, run_json


@pytest.fixture
def env(tmp_path, monkeypatch, capsys):
    """The bundled config (no printer attached) on a fresh training data file, Monday morning."""
    data = cli_environment(tmp_path, monkeypatch)
    capsys.readouterr()
    return data


@pytest.fixture
def started(monkeypatch):
    """What each face was started with (the app's run is replaced: no screen in these tests)."""
    import screens.app

    apps: list = []
    monkeypatch.setattr(screens.app.HallApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def config_with_printer(tmp_path, monkeypatch, port: int) -> None:
    """The bundled config, with K1's printer at ``port`` on 127.0.0.1."""
    text = (REPO / "kiosk.toml").read_text(encoding="utf-8")
    printer = f'printer = {{ connection = "network", host = "127.0.0.1", port = {port}, timeout_seconds = 0.5 }}'
    text = text.replace('id = "K1"\nmode = "kiosk"\n', f'id = "K1"\nmode = "kiosk"\n{printer}\n', 1)
    text = text.replace('data = "data/hall.json"', f'data = "{tmp_path / "hall.json"}"')
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--terminal", "K9"], "There is no terminal 'K9' in [[terminals]] of this kind. Terminals: K1, K2."),
        (["run", "--terminal", "C1"], "Terminal 'C1' has mode 'staff': start it with 'kiosk staff --terminal C1'."),
        (["board", "--terminal", "K1"], "Terminal 'K1' has mode 'kiosk': start it with 'kiosk run --terminal K1'."),
        (
            ["staff", "--terminal", "HALL"],
            "Terminal 'HALL' has mode 'board': start it with 'kiosk board --terminal HALL'.",
        ),
        (
            ["staff", "--terminal", "VOICE"],
            "Terminal 'VOICE' has mode 'announcer': start it with 'kiosk announce --terminal VOICE'.",
        ),
        (
            ["staff", "--terminal", "C1", "--counter", "3"],
            "Terminal 'C1' is fixed to counter 1; leave out --counter, or give the same one.",
        ),
        (["print", "X", "--terminal", "C1"], "No terminal in kiosk.toml has a printer; --preview shows the slip."),
        (["print", "X"], "No terminal in kiosk.toml has a printer; --preview shows the slip."),
        (
            ["print", "X", "--terminal", "C9"],
            "There is no terminal 'C9' in [[terminals]] of this kind. Terminals: K1, K2, C1, C3, HALL, VOICE, P1.",
        ),
    ],
)
def test_terminal_refusals_are_one_line(env, capsys, started, argv, message):
    status, out, err = run(capsys, *argv)
    assert (status, out, err) == (2, "", f"kiosk: {message}\n")
    assert started == []


def test_faces_start_with_their_profile(env, capsys, started):
    assert run(capsys, "run", "--terminal", "K2")[0] == 0
    assert run(capsys, "staff", "--terminal", "C3")[0] == 0
    assert run(capsys, "board", "--terminal", "HALL")[0] == 0
    assert run(capsys, "run")[0] == 0
    kiosk, console, board, plain = started
    assert kiosk.terminal.id == "K2" and kiosk.lang == "en" and kiosk.home_language == "en"
    assert console.console_counter == "3" and console.lang == "zh-Hans"
    assert board.terminal.id == "HALL"
    assert plain.terminal is None and plain.lang == "zh-Hans" and plain.printer is None
    # --lang still wins over the profile's language
    assert run(capsys, "run", "--terminal", "K2", "--lang", "zh-Hans")[0] == 0
    assert started[-1].lang == "zh-Hans"


def test_print_preview(env, capsys):
    ticket = run_json(capsys, "ticket", "social-security")
    status, out, err = run(capsys, "--lang", "zh-Hans", "print", ticket["code"], "--preview")
    assert status == 0, err
    assert "社保医保" in out and "A 0 0 1" in out and f"[QR: {ticket['code']}]" in out and "✂" in out
    assert "补打 2026-11-23 09:00" in out  # it previews what kiosk print prints: a reprint, in --lang
    shown = run_json(capsys, "print", ticket["code"].replace("-", ""), "--preview")
    assert shown["code"] == ticket["code"] and "Queue ticket" in shown["preview"]


def test_print_reprints_on_the_terminals_printer_and_audits(tmp_path, monkeypatch, capsys, printer):
    cli_environment(tmp_path, monkeypatch)
    capsys.readouterr()
    config_with_printer(tmp_path, monkeypatch, printer.port)
    ticket = run_json(capsys, "ticket", "social-security")
    outcome = run_json(capsys, "print", ticket["code"])  # K1 is the only terminal with a printer
    assert outcome == {"code": ticket["code"], "terminal": "K1", "ok": True, "reason": None, "detail": None}
    printer.wait_for_jobs(1)
    assert printer.decoded().qr == [ticket["code"]]
    entries = run_json(capsys, "audit", "--action", "reprint")["audit"]
    assert entries[-1]["subject"] == ticket["code"]
    assert entries[-1]["detail"]["terminal"] == "K1" and entries[-1]["detail"]["printed"] is True
    for lang, name in (("en", "slip reprinted"), ("zh-Hans", "补打凭条")):
        status, out, err = run(capsys, "--lang", lang, "audit", "--action", "reprint")
        assert status == 0 and name in out and "audit.action_" not in out, err


def test_a_dead_printer_fails_in_one_line_and_shows_in_overview_and_check(tmp_path, monkeypatch, capsys):
    cli_environment(tmp_path, monkeypatch)
    capsys.readouterr()
    config_with_printer(tmp_path, monkeypatch, refused_port())
    ticket = run_json(capsys, "ticket", "social-security")
    status, out, err = run(capsys, "print", ticket["code"], "--terminal", "K1")
    assert status == 1 and out == ""
    assert (
        err
        == f"kiosk: The printer of K1 cannot be reached (off or unplugged?): the slip of {ticket['code']} was not printed.\n"
    )
    assert run_json(capsys, "status", ticket["code"])["record"]["status"] == "waiting"
    status, out, _ = run(capsys, "overview")
    assert "Printers not working:" in out and re.search(
        r"The printer of K1 cannot be reached \(off or unplugged\?\) \(since 2026-11-23\s+09:00\)", out
    )
    assert run_json(capsys, "overview")["device_faults"][0]["reason"] == "unreachable"
    status, out, _ = run(capsys, "check")
    assert status == 0  # a printer fault is a warning: the data is fine
    assert re.search(r"warning: the printer of terminal K1 \(network 127\.0\.0\.1:\d+\) cannot be reached", out)
    assert run_json(capsys, "check")["device_faults"][0]["terminal"] == "K1"


def test_out_of_paper_reads_as_a_sentence_in_print_overview_and_check(tmp_path, monkeypatch, capsys):
    from fake_printer import FakePrinter

    empty = FakePrinter("no_paper")
    try:
        cli_environment(tmp_path, monkeypatch)
        capsys.readouterr()
        config_with_printer(tmp_path, monkeypatch, empty.port)
        ticket = run_json(capsys, "ticket", "social-security")
        status, out, err = run(capsys, "print", ticket["code"], "--terminal", "K1")
        assert (status, out) == (1, "")
        assert err == f"kiosk: The printer of K1 is out of paper: the slip of {ticket['code']} was not printed.\n"
        status, out, _ = run(capsys, "overview")
        assert re.search(r"  The printer of K1 is out of paper \(since 2026-11-23\s+09:00\)\n", out)
        status, out, _ = run(capsys, "check")
        assert (
            f"warning: the printer of terminal K1 (network 127.0.0.1:{empty.port}) is out of paper"
            " (since 2026-11-23 09:00). Fix: check its power, paper and cable;"
            " 'kiosk print CODE --terminal K1' reprints a slip.\n" in out
        )
        assert status == 0 and out.endswith("Check: OK, with 1 warning.\n") and "Check: OK.\n" not in out
        status, out, _ = run(capsys, "--lang", "zh-Hans", "check")
        assert f"警告：终端 K1 的打印机（network 127.0.0.1:{empty.port}）缺纸（自 2026-11-23 09:00 起）。" in out
        assert status == 0 and out.endswith("检查：正常，有 1 条警告。\n")
    finally:
        empty.stop()


def test_a_terminal_without_a_printer_reprints_on_the_first_that_has_one(tmp_path, monkeypatch, capsys, printer):
    """The console's rule (kiosk.terminals.reprint_terminal): C1 has no printer, so K1's prints, as the console
    of C1 does with its ``e`` key."""
    from kiosk.terminals import PrinterProfile, Terminal, reprint_terminal

    cli_environment(tmp_path, monkeypatch)
    capsys.readouterr()
    config_with_printer(tmp_path, monkeypatch, printer.port)
    ticket = run_json(capsys, "ticket", "social-security")
    outcome = run_json(capsys, "print", ticket["code"], "--terminal", "C1")
    assert outcome["ok"] and outcome["terminal"] == "K1"
    printer.wait_for_jobs(1)
    assert printer.decoded().qr == [ticket["code"]]
    # the rule itself: own printer first, else the first terminal with one, else none
    paper = PrinterProfile(connection="file", device="/dev/null")
    k1, k2 = Terminal("K1", "kiosk"), Terminal("K2", "kiosk", printer=paper)
    c1, c3 = Terminal("C1", "staff"), Terminal("C3", "staff", printer=paper)
    assert reprint_terminal((k1, k2, c1, c3), c1) is k2
    assert reprint_terminal((k1, k2, c1, c3), c3) is c3
    assert reprint_terminal((k1, k2, c1, c3), None) is k2
    assert reprint_terminal((k1, c1), c1) is None
