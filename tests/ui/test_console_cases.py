"""Poor ratings handled to the end (差评整改) at the counter console: the list of cases (``z``), the overdue
filter, a case's steps as keys (assign, call back, rectify, the resident's grade, appeal, review), each one facade
call under the signed-in clerk, and the domain's refusals said on the notice line (the clerk rated acting, the
appellant reviewing their own appeal).

The hall is the test hall (a fixed clock at Monday 09:00). s01 serves the ticket that is rated 1, so s01 is the
clerk rated; s06 and s02 handle the case."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.hall import Hall
from kiosk.requests import REQUESTS
from tests.ui.conftest import screen_name, settle, shown
from tests.ui.test_console import PIN, press, sign_in


@pytest.fixture
def rated(hall: Hall, clock: Any) -> dict[str, Any]:
    """Clerks s01, s06, s02; a ticket served by s01 at counter 1 and rated 1 ("slow"); s01 signed out again."""
    for staff, name in (("s01", "王芳"), ("s06", "杨磊"), ("s02", "李强")):
        hall.add_staff(staff, name, PIN)
    session = hall.sign_in("s01", PIN, "1")
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    clock.advance(minutes=5)
    hall.finish("1", staff="s01")
    hall.sign_out(session)
    rating = hall.rate(ticket["code"], 1, reasons=["slow"], phone="13912345678")
    return {"code": rating["follow_up"], "ticket": ticket["code"]}


def case_of(hall: Hall, code: str) -> dict[str, Any]:
    with hall.store.snapshot() as tx:
        return tx.get(REQUESTS, code)["case"]


def listed(app) -> str:
    """The cases list's rows as text, one line each (a DataTable is not a Static: shown() leaves it out)."""
    table = app.screen.query_one("#cases")
    rows = [table.get_row_at(n) for n in range(table.row_count)]
    return "\n".join(" ".join(getattr(cell, "plain", str(cell)) for cell in row) for row in rows)


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@pytest.fixture
def console(make_app):
    def build(lang: str = "zh-Hans"):
        return make_app(lang, mode="staff")

    return build


async def open_case(pilot, code: str, staff: str = "s06", counter: str = "2") -> None:
    """Sign in, open the cases view (z) and the case (Enter on its row)."""
    await sign_in(pilot, staff, counter=counter)
    await press(pilot, "z")
    assert screen_name(pilot.app) == "CasesScreen"
    table = pilot.app.screen.query_one("#cases")
    table.move_cursor(row=table.get_row_index(code))
    await press(pilot, "enter")
    assert screen_name(pilot.app) == "CaseScreen"


async def pick(pilot, *keys: str) -> None:
    await press(pilot, *keys)
    await settle(pilot)


async def write(pilot, text: str) -> None:
    """Type into the focused field of a box and press Enter."""
    pilot.app.screen.focused.value = text
    await pick(pilot, "enter")


async def test_the_list_shows_the_case_with_its_deadlines_and_the_overdue_filter(console, hall, rated, clock):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s06", counter="2")
        await press(pilot, "z")
        assert "差评整改" in shown(app) and "显示 1 件 · 逾期 0 件" in shown(app)
        text = listed(app)
        assert display(rated["code"]) in text and "s01" in text and "待分派" in text and "1 · 社保" in text
        await press(pilot, "d")
        assert "仅逾期的整改件" in shown(app) and "没有逾期的整改件。" in shown(app)
    # Thursday: past the call back deadline (1 working day); the rating is in the archive by now.
    clock.advance(days=3)
    async with console().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await sign_in(pilot, "s06", counter="2")
        await press(pilot, "z", "d")
        assert "逾期 1 件" in shown(app)
        text = listed(app)
        assert display(rated["code"]) in text and "11-24 09:05!" in text  # the deadline with its hour


async def test_every_step_from_assign_to_the_residents_grade(console, hall, rated):
    code = rated["code"]
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code)
        text = shown(app)
        assert "办事效率低" in text and "被评价人" in text and "分派, 申诉" in text
        # assign: the clerk rated is shown but cannot be picked
        await pick(pilot, "h")
        assert "不能是被评价人 s01" in shown(app)
        assert " 1   s01  王芳  被评价人" in shown(app) and " 3   s06  杨磊" in shown(app)
        await pick(pilot, "3")  # s06 (s01 first, greyed)
        assert case_of(hall, code)["stage"] == "assigned" and hall.case(code)["assignee"] == "s06"
        assert "已记录“分派”，当前环节：已分派" in shown(app)
        # call back: reached, then what was said
        await pick(pilot, "c", "1")
        assert "群众反映的情况" in shown(app), shown(app)
        await write(pilot, "等了四十分钟")
        case = case_of(hall, code)
        assert case["stage"] == "called_back" and case["reached"] is True and case["called_back"]["by"] == "s06"
        # rectify
        await pick(pilot, "r")
        await write(pilot, "已增开窗口")
        assert case_of(hall, code)["rectified"]["text"] == "已增开窗口"
        assert "整改情况" in shown(app) and "已增开窗口" in shown(app)
        # the resident's grade, told on the phone and written down: numbered as the levels, 3 满意 first
        await pick(pilot, "e")
        assert " 3   满意\n 2   基本满意\n 1   不满意" in shown(app)
        await pick(pilot, "3")
        case = case_of(hall, code)
        assert case["stage"] == "closed" and case["grade"]["grade"] == "satisfied" and case["grade"]["by"] == "s06"
        assert "已办结" in shown(app) and "群众已评价" in shown(app)
    steps = [e["detail"]["step"] for e in hall.audit_log(limit=None) if e["action"] == "case_step"]
    assert steps == ["assign", "call_back", "rectify", "grade"]


async def test_a_call_that_did_not_reach_the_resident(console, hall, rated):
    hall.assign_case(rated["code"], "s06", staff="s02")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, rated["code"])
        await pick(pilot, "c", "2")
        await write(pilot, "无人接听")
        assert case_of(hall, rated["code"])["reached"] is False
        assert "未联系上" in shown(app)


def steps_line(app, label: str = "可办理") -> str:
    """The case's "steps possible" line: what follows its label."""
    line = next((line for line in shown(app).splitlines() if line.strip().startswith(label)), "")
    return line.strip().removeprefix(label).strip()


def keys_enabled(app) -> dict[str, bool]:
    """The case's step keys and whether each is live (greyed: False)."""
    steps = ("assign", "call_back", "rectify", "grade", "appeal", "review")
    return {step: app.screen.check_action(step, ()) is True for step in steps}


async def test_the_clerk_rated_sees_the_steps_they_may_not_take_greyed(console, hall, rated):
    code = rated["code"]
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s01", counter="1")
        text = shown(app)
        assert "被评价人不得作为经办人" in text
        assert steps_line(app) == "申诉"  # only what s01 may take
        assert keys_enabled(app) == {
            "assign": False,
            "call_back": False,
            "rectify": False,
            "grade": False,
            "appeal": True,
            "review": False,
        }
        await pick(pilot, "h")  # greyed: nothing opens, nothing recorded
        assert screen_name(app) == "CaseScreen" and case_of(hall, code)["stage"] == "open"
    hall.assign_case(code, "s02", staff="s06")
    hall.call_back_case(code, "已联系", staff="s02")
    hall.rectify_case(code, "已整改", staff="s02")
    async with console().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await open_case(pilot, code, staff="s01", counter="1")
        assert keys_enabled(app)["grade"] is False and steps_line(app) == "申诉"  # still their own appeal
        await pick(pilot, "e", "3")  # the clerk rated cannot write down the resident's grade: the key is greyed
        assert screen_name(app) == "CaseScreen"
        assert case_of(hall, code)["stage"] == "rectified"
    # another clerk sees the grade live
    async with console().run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s06")
        assert keys_enabled(pilot.app)["grade"] is True and steps_line(pilot.app) == "代录整改评价, 申诉"


async def test_a_refusal_all_the_same_is_said_with_a_friendly_line(console, hall, rated):
    """The domain stays the backstop: a step that became impossible after the case was read is refused."""
    code = rated["code"]
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s06")
        hall.assign_case(code, "s02", staff="s02")  # meanwhile, elsewhere: now s02's work
        hall.call_back_case(code, "已联系", staff="s02")
        screen = app.screen
        screen.data = dict(screen.data, my_steps=["rectify"])  # the view not yet read again
        await pick(pilot, "r")
        await write(pilot, "已整改")
        assert screen_name(app) == "CaseScreen" and "只有 s02 可以推进" in shown(app)
        assert case_of(hall, code)["stage"] == "called_back"


async def test_an_appeal_by_the_clerk_rated_is_reviewed_by_another_account(console, hall, rated):
    code = rated["code"]
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s01", counter="1")
        await pick(pilot, "p")
        await write(pilot, "The resident was served at another counter")
        assert case_of(hall, code)["stage"] == "appealed"
        assert "Appealed" in shown(app)
        assert keys_enabled(app)["review"] is False  # the clerk rated (and appellant) may not review it
        await pick(pilot, "y")
        assert screen_name(app) == "CaseScreen" and case_of(hall, code)["review"] is None
    hall.sign_out("s01", "1")
    async with console("en").run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await open_case(pilot, code, staff="s06")
        assert "The appeal: The resident was served" not in shown(app)
        await pick(pilot, "y")
        assert "The appeal: The resident was served at another counter" in shown(app)
        await pick(pilot, "1")
        await write(pilot, "Checked the call log: true")
        case = case_of(hall, code)
        assert case["stage"] == "closed" and case["closed_as"] == "appeal_upheld" and case["review"]["by"] == "s06"
        assert "appeal upheld" in shown(app)


async def test_the_appellant_may_not_review_their_own_appeal(console, hall, rated):
    code = rated["code"]
    hall.appeal_case(code, "评价有误", staff="s02")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s02", counter="3")
        assert keys_enabled(app)["review"] is False and steps_line(app) == ""
        await pick(pilot, "y")
        assert screen_name(app) == "CaseScreen" and case_of(hall, code)["stage"] == "appealed"


async def test_the_ratings_view_shows_the_case_stage(console, hall, rated):
    hall.assign_case(rated["code"], "s02", staff="s06")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s06", counter="1")
        await press(pilot, "v")
        text = shown(app)
        assert f"{display(rated['code'])} 整改 已分派" in text


async def test_the_ratings_view_marks_an_upheld_appeal_and_leaves_it_out_of_the_figures(console, hall, rated, clock):
    hall.appeal_case(rated["code"], "评价有误", staff="s01")
    hall.review_case(rated["code"], upheld=True, reason="核实：群众在其他窗口办理", staff="s06")
    ticket = hall.issue_ticket("social-security")  # and one that counts: served at counter 1 and rated 5
    hall.call_next("1")
    clock.advance(minutes=5)
    hall.finish("1")
    hall.rate(ticket["code"], 5)
    view = hall.ratings_view()
    assert [r["appeal_upheld"] for r in view["ratings"]] == [False, True]
    summary = view["summary"]
    assert (summary["count"], summary["average"], summary["appeals_upheld"]) == (1, 5.0, 1)
    assert summary["by_level"] == {"5": 1, "4": 0, "3": 0, "2": 0, "1": 0}
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s06", counter="1")
        await press(pilot, "v")
        text = shown(app)
        assert "共 1 条，平均 5.0 分" in text and "1:0 2:0 3:0 4:0 5:1" in text
        assert "另有 1 条评价申诉成立，不计入以上统计" in text
        lines = text.splitlines()
        rated_line = next(n for n, line in enumerate(lines) if "1 非常不满意" in line)
        assert lines[rated_line + 1].strip() == "申诉成立"  # marked under its level
        summary_box = app.screen.query_one("#ratings-summary")
        assert summary_box.region.height >= 3 and summary_box.region.right <= 80  # its own line at 80 columns
        await press(pilot, "f2")
        text = shown(app)
        assert "1 ratings, average 5.0" in text and "appeal upheld" in text and "whose appeal was upheld" in text
