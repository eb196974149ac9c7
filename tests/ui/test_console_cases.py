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
        assert display(rated["code"]) in text and "11-24!" in text


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
        # the resident's grade, told on the phone and written down
        await pick(pilot, "e", "1")
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


async def test_the_clerk_rated_is_refused_with_a_friendly_line(console, hall, rated):
    code = rated["code"]
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s01", counter="1")
        assert "被评价人不得作为经办人" in shown(app)
        await pick(pilot, "h")
        await pick(pilot, "1")  # s01 itself: greyed, cannot be picked
        assert "ChoiceModal" == screen_name(app)
        await pick(pilot, "escape")
    hall.assign_case(code, "s02", staff="s06")
    hall.call_back_case(code, "已联系", staff="s02")
    hall.rectify_case(code, "已整改", staff="s02")
    async with console().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await open_case(pilot, code, staff="s01", counter="1")
        await pick(pilot, "e", "1")  # the clerk rated writes down the resident's grade: refused
        assert screen_name(app) == "CaseScreen"
        assert "s01 是被评价人，不能经办该差评" in shown(app)
        assert case_of(hall, code)["stage"] == "rectified"


async def test_an_appeal_by_the_clerk_rated_is_reviewed_by_another_account(console, hall, rated):
    code = rated["code"]
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, code, staff="s01", counter="1")
        await pick(pilot, "p")
        await write(pilot, "The resident was served at another counter")
        assert case_of(hall, code)["stage"] == "appealed"
        assert "Appealed" in shown(app)
        await pick(pilot, "y", "1")  # the clerk rated reviewing: refused
        await write(pilot, "fine")
        assert "s01 is the clerk who was rated" in shown(app) and case_of(hall, code)["review"] is None
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
        await pick(pilot, "y", "2")
        await write(pilot, "不成立")
        assert "s02 是申诉人，须由其他工作人员复核" in shown(app)
        assert case_of(hall, code)["stage"] == "appealed"


async def test_the_ratings_view_shows_the_case_stage(console, hall, rated):
    hall.assign_case(rated["code"], "s02", staff="s06")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s06", counter="1")
        await press(pilot, "v")
        text = shown(app)
        assert f"{display(rated['code'])} 整改 已分派" in text
