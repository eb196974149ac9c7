"""``kiosk case``: a poor rating handled to the end from a shell (list, show, and each step), the rules the domain
keeps (the clerk rated may not act, a reviewer is not the appellant), and refusals as one line in ``--lang``.

The hall is a fresh training copy at Monday 09:00 (:func:`tests.unit.test_cli.cli_environment`) with three staff
accounts; ``w01`` serves the ticket that is rated 1, so ``w01`` is the clerk rated."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.unit.test_cli import cli_environment, run, run_json

PIN = "480316"


def add_staff(staff: str, name: str) -> None:
    stdin, sys.stdin = sys.stdin, io.StringIO(PIN + "\n")
    try:
        assert main(["staff-add", staff, "--name", name, "--json"]) == 0
    finally:
        sys.stdin = stdin


@pytest.fixture
def case(tmp_path, monkeypatch, capsys) -> dict:
    """A ticket served by w01 and rated 1 ("slow"): its follow-up's code is the case's; w02 and w03 exist too."""
    monkeypatch.chdir(tmp_path)
    data = cli_environment(tmp_path, monkeypatch)
    for staff, name in (("w01", "王芳"), ("w02", "李强"), ("w03", "赵敏")):
        add_staff(staff, name)
    capsys.readouterr()
    ticket = run_json(capsys, "ticket", "social-security")
    run_json(capsys, "call", "1", "--staff", "w01")
    run_json(capsys, "finish", "1", "--staff", "w01")
    rating = run_json(capsys, "rate", ticket["code"], "1", "--reason", "slow", "--phone", "13912345678")
    other = run_json(capsys, "ticket", "social-security")
    return {"code": rating["follow_up"], "ticket": ticket["code"], "other": other["code"], "data": data}


def refused(capsys, data: Path, *argv: str) -> str:
    """``argv`` is refused: exit 2, one line on stderr, nothing on stdout, the data file unchanged."""
    before = data.read_bytes()
    status, out, err = run(capsys, *argv)
    assert status == 2, (argv, status, err)
    assert out == "" and err.count("\n") == 1 and err.startswith("kiosk: "), err
    assert data.read_bytes() == before
    return err


def test_the_list_shows_the_open_case_with_its_deadlines_and_show_finds_it_by_either_code(case, capsys):
    listed = run_json(capsys, "case", "list")["cases"]
    assert [c["code"] for c in listed] == [case["code"]]
    item = listed[0]
    assert item["subject"] == case["ticket"] and item["clerk"] == "w01" and item["level"] == 1
    assert item["stage"] == "open" and item["reasons"] == ["slow"] and item["service"] == "social-security"
    assert item["call_back_due"] < item["rectify_due"]
    assert item["next_steps"] == ["assign", "appeal"]
    status, out, err = run(capsys, "case", "list")
    assert status == 0 and case["code"] in out and "w01" in out and "To assign" in out
    status, out, _ = run(capsys, "--lang", "zh-Hans", "case", "list")
    assert "待分派" in out and "被评人" in out
    by_ticket = run_json(capsys, "case", "show", case["ticket"])["case"]
    assert by_ticket["code"] == case["code"]
    status, out, _ = run(capsys, "case", "show", case["code"])
    assert status == 0 and "Slow service or a long wait" in out and "Clerk rated: w01" in out
    assert run_json(capsys, "case", "list", "--overdue")["cases"] == []


def test_every_step_to_the_residents_grade_closes_the_case(case, capsys):
    code = case["code"]
    after = run_json(capsys, "case", "assign", code, "--assignee", "w02", "--staff", "w03")["case"]
    assert after["stage"] == "assigned" and after["assignee"] == "w02"
    after = run_json(capsys, "case", "call-back", code, "--outcome", "等了四十分钟", "--staff", "w02")["case"]
    assert after["stage"] == "called_back" and after["case"]["reached"] is True
    after = run_json(capsys, "case", "rectify", code, "--action", "已增开窗口", "--staff", "w02")["case"]
    assert after["stage"] == "rectified" and after["case"]["rectified"]["text"] == "已增开窗口"
    status, out, _ = run(capsys, "status", code)
    assert "已增开窗口" in out  # the rectification is written for the resident
    status, out, err = run(capsys, "case", "grade", code, "2")  # the resident's own grade (no --staff)
    assert status == 0, err
    assert "Resident's grade" in out and "Closed" in out
    shown = run_json(capsys, "case", "show", code)["case"]
    assert shown["stage"] == "closed" and shown["case"]["grade"]["grade"] == "fairly-satisfied"
    assert shown["case"]["grade"]["channel"] == "kiosk"
    assert run_json(capsys, "case", "list")["cases"] == []
    assert [c["code"] for c in run_json(capsys, "case", "list", "--all")["cases"]] == [code]
    steps = [e for e in run_json(capsys, "audit", "--action", "case_step")["audit"]]
    assert [(e["staff"], e["detail"]["step"]) for e in steps] == [
        ("w03", "assign"),
        ("w02", "call_back"),
        ("w02", "rectify"),
        (None, "grade"),
    ]


def test_a_call_that_did_not_reach_and_a_grade_written_down_by_staff(case, capsys):
    code = case["code"]
    run_json(capsys, "case", "assign", code, "--assignee", "w02", "--staff", "w02")
    after = run_json(capsys, "case", "call-back", code, "--outcome", "无人接听", "--not-reached", "--staff", "w02")
    assert after["case"]["case"]["reached"] is False
    run_json(capsys, "case", "rectify", code, "--action", "调整排班", "--staff", "w02")
    after = run_json(capsys, "case", "grade", code, "满意", "--staff", "w03")["case"]
    assert after["case"]["grade"] | {"at": None} == {
        "at": None,
        "grade": "satisfied",
        "channel": "staff",
        "by": "w03",
    }


def test_the_clerk_rated_may_not_handle_the_case(case, capsys):
    code, data = case["code"], case["data"]
    err = refused(capsys, data, "case", "assign", code, "--assignee", "w01", "--staff", "w02")
    assert "w01 is the clerk who was rated" in err
    run_json(capsys, "case", "assign", code, "--assignee", "w02", "--staff", "w02")
    err = refused(capsys, data, "--lang", "zh-Hans", "case", "call-back", code, "--outcome", "好", "--staff", "w01")
    assert "被评价人" in err
    run_json(capsys, "case", "call-back", code, "--outcome", "好", "--staff", "w02")
    run_json(capsys, "case", "rectify", code, "--action", "整改", "--staff", "w02")
    err = refused(capsys, data, "case", "grade", code, "1", "--staff", "w01")
    assert "clerk who was rated" in err


def test_an_appeal_is_reviewed_by_another_account_and_an_upheld_one_closes_the_case(case, capsys):
    code, data = case["code"], case["data"]
    after = run_json(capsys, "case", "appeal", code, "--reason", "该群众未在本窗口办理", "--staff", "w01")["case"]
    assert after["stage"] == "appealed" and after["next_steps"] == ["review"]
    err = refused(capsys, data, "case", "review", code, "--uphold", "--reason", "属实", "--staff", "w01")
    assert "clerk who was rated" in err
    refused(capsys, data, "case", "appeal", code, "--reason", "再次", "--staff", "w02")
    after = run_json(capsys, "case", "review", code, "--uphold", "--reason", "核实属实", "--staff", "w02")["case"]
    assert after["stage"] == "closed" and after["case"]["closed_as"] == "appeal_upheld"
    assert after["case"]["review"]["by"] == "w02" and after["case"]["review"]["outcome"] == "upheld"


def test_a_rejected_appeal_goes_on_where_it_was_and_the_appellant_may_not_review(case, capsys):
    code, data = case["code"], case["data"]
    run_json(capsys, "case", "assign", code, "--assignee", "w02", "--staff", "w03")
    run_json(capsys, "case", "appeal", code, "--reason", "评价有误", "--staff", "w03")
    err = refused(capsys, data, "case", "review", code, "--reject", "--reason", "不成立", "--staff", "w03")
    assert "w03 made the appeal" in err
    after = run_json(capsys, "case", "review", code, "--reject", "--reason", "不成立", "--staff", "w02")["case"]
    assert after["stage"] == "assigned" and after["case"]["review"]["outcome"] == "rejected"
    assert "appeal" not in after["next_steps"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["case", "show", "{other}"], "No open case"),
        (["case", "show", "ZZZZ"], "not valid"),
        (["case", "call-back", "{code}", "--outcome", "x", "--staff", "w02"], "cannot be taken now"),
        (["case", "grade", "{code}", "4"], "not '4'"),
        (["case", "assign", "{code}", "--assignee", "w02", "--staff", "nobody"], ""),
        (["case", "appeal", "{code}", "--reason", "", "--staff", "w02"], "--reason"),
        (["case", "review", "{code}", "--reason", "x", "--staff", "w02"], "--uphold"),
        (["case", "assign", "{code}", "--staff", "w02"], "--assignee"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_writes_nothing(case, capsys, argv, said):
    err = refused(capsys, case["data"], *[part.format(**case) for part in argv])
    assert said in err


def test_a_refusal_is_said_in_the_language_asked(case, capsys):
    err = refused(capsys, case["data"], "--lang", "zh-Hans", "case", "grade", case["code"], "5")
    assert "满意" in err and "rectification" not in err
