"""The command line at the edges of a resident's day: a ticket issued ahead of opening says when the session
starts; the status of a walk-in expired at the end of the walk-in hours says why; documents missing says what to
bring."""

from __future__ import annotations

import pytest

from tests.unit.test_cli import cli_environment, run, run_json


@pytest.fixture
def env(tmp_path, monkeypatch):
    return cli_environment(tmp_path, monkeypatch)


def test_a_ticket_before_opening_says_when_the_session_starts(env, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_NOW", "2026-11-23T08:15")
    ticket = run_json(capsys, "ticket", "social-security")
    assert ticket["session_start"] == "08:30" and ticket["wait_min"] == 0
    status, out, _ = run(capsys, "ticket", "social-security")
    assert status == 0 and "the session starts at 08:30" in out
    status, out, _ = run(capsys, "--lang", "zh-Hans", "status", ticket["code"])
    assert status == 0 and "本场 08:30 开始办理" in out


def test_a_ticket_taken_while_open_has_no_session_start(env, capsys):
    assert run_json(capsys, "ticket", "social-security")["session_start"] is None


def test_the_status_of_a_walk_in_expired_at_the_end_of_the_walk_in_hours_says_why(env, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_NOW", "2026-11-23T10:00")
    code = run_json(capsys, "ticket", "social-security")["code"]
    monkeypatch.setenv("KIOSK_NOW", "2026-11-23T19:05")
    status, out, _ = run(capsys, "status", code)
    assert status == 0 and "expired" in out and "Walk-in hours ended" in out and "book an appointment" in out
    assert run_json(capsys, "call", "1")["ticket"] is None  # never called in the appointments-only evening
    result = run_json(capsys, "status", code)
    assert result["record"]["expired_because"] == "walk_in_ended"
    assert result["record"]["history"][-1]["reason"] == "walk_in_ended"
    status, out, _ = run(capsys, "--lang", "zh-Hans", "status", code)
    assert "现场办理时间已结束" in out


def test_the_status_of_documents_missing_lists_the_documents(env, capsys):
    code = run_json(capsys, "ticket", "civil-affairs")["code"]
    run_json(capsys, "call", "4")
    run_json(capsys, "finish", "4", "--outcome", "documents_missing")
    status, out, _ = run(capsys, "status", code)
    assert status == 0 and "Documents incomplete" in out and "Proof of household income" in out
