"""The resident kiosk and poor ratings (差评整改): a level of 2 or 1 asks the reasons (one or more, "other" needs
the resident's words), and a code whose poor rating was rectified asks the resident to grade the rectification,
which closes the case.

The hall is the test hall (a temporary data file, a clock fixed at Monday 09:00)."""

from __future__ import annotations

import pytest

from kiosk.ratings import RATINGS
from kiosk.requests import REQUESTS
from screens.widgets import Choice
from tests.ui.conftest import press, screen_name, settle, shown


def records(hall, table):
    with hall.store.snapshot() as tx:
        return tx.records(table)


def served_ticket(hall, clock):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=5)
    hall.finish("1")
    return ticket


async def rate_code(pilot, code: str, level: str) -> None:
    await settle(pilot)
    await press(pilot, "6")
    pilot.app.screen.query_one("#input-code").value = code
    await press(pilot, "enter", level)


async def test_a_poor_rating_asks_the_reasons_and_sends_them(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await rate_code(pilot, ticket["code"], "2")
        assert screen_name(app) == "RateReasonsScreen"
        text = shown(app)
        assert "1   ○ Slow service or a long wait" in text and "7   ○ Other (please say what)" in text
        assert "8   Continue" in text
        await press(pilot, "8")  # nothing chosen yet
        assert screen_name(app) == "RateReasonsScreen" and "Choose at least one reason." in shown(app)
        await press(pilot, "1", "2", "1", "3")  # slow on, attitude on, slow off, unclear on
        text = shown(app)
        assert "○ Slow service" in text and "● Unfriendly or impatient staff" in text and "● Not told clearly" in text
        await press(pilot, "8")
        assert screen_name(app) == "RateCommentScreen"
        assert "Reasons: Unfriendly or impatient staff" in shown(app)
        app.screen.query_one("#input-comment").focus()
        await press(pilot, "enter", "enter")  # no comment (the reasons say why), no phone
        assert screen_name(app) == "DoneScreen"
    [rating] = records(hall, RATINGS)
    assert rating["level"] == 2 and rating["reasons"] == ["attitude", "unclear"] and rating["comment"] == ""


async def test_other_needs_the_residents_words(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await rate_code(pilot, ticket["code"], "1")
        await press(pilot, "7", "8")  # 其他, then 下一步
        assert screen_name(app) == "RateCommentScreen"
        assert "您选择了“其他”，请写明具体情况（必填）" in shown(app)
        app.screen.query_one("#input-comment").focus()
        assert "具体情况（必填）" in shown(app) and "意见建议（选填）" not in shown(app)  # labelled required
        await press(pilot, "enter")  # no words: said at once, beside the comment, rather than moving on
        assert app.focused is app.screen.query_one("#input-comment")
        assert "您选择了“其他”，请写明具体情况。" in shown(app)
        await press(pilot, "enter")  # again: still said, nothing sent
        assert screen_name(app) == "RateCommentScreen"
        assert records(hall, RATINGS) == []
        app.screen.query_one("#input-comment").value = "叫号屏不显示"
        app.screen.query_one("#input-comment").focus()
        await press(pilot, "enter", "enter")
        assert screen_name(app) == "DoneScreen"
    [rating] = records(hall, RATINGS)
    assert rating["reasons"] == ["other"] and rating["comment"] == "叫号屏不显示"


def rectified_case(hall, clock) -> tuple[dict, dict]:
    """A ticket rated 1 whose case was assigned, called back and rectified: (ticket, follow-up request)."""
    hall.add_staff("s02", "李强", "246813")
    ticket = served_ticket(hall, clock)
    rating = hall.rate(ticket["code"], 1, reasons=["slow"])
    code = rating["follow_up"]
    hall.assign_case(code, "s02", staff="s02")
    hall.call_back_case(code, "等了四十分钟", staff="s02")
    hall.rectify_case(code, "已增开一个社保窗口，请致电13812345678咨询", staff="s02")
    [follow_up] = records(hall, REQUESTS)
    return ticket, follow_up


async def test_the_code_rated_asks_the_grade_of_the_rectification_which_closes_the_case(make_app, hall, clock):
    ticket, follow_up = rectified_case(hall, clock)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "GradeScreen"
        text = shown(app)
        assert "请评价整改结果" in text and "整改情况：已增开一个社保窗口" in text
        assert "13812345678" not in text and "*******5678" in text  # digits in a note are masked, as by code
        # numbered as the levels, higher is better, the best first
        assert "3   满意\n 2   基本满意\n 1   不满意" in text
        await press(pilot, "2")
        assert screen_name(app) == "DoneScreen" and "感谢您的评价" in shown(app) and "该整改件已办结" in shown(app)
    [request] = records(hall, REQUESTS)
    case = request["case"]
    assert case["stage"] == "closed" and case["closed_as"] == "graded"
    assert case["grade"]["grade"] == "fairly-satisfied" and case["grade"]["channel"] == "kiosk"
    assert request["status"] == "closed"


async def test_the_follow_up_code_asks_the_grade_too_and_only_once(make_app, hall, clock):
    _, follow_up = rectified_case(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = follow_up["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "GradeScreen" and "How was it put right?" in shown(app)
        await press(pilot, "3")
        assert screen_name(app) == "DoneScreen"
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = follow_up["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen"  # graded: nothing more to rate here
        assert "This follow-up has ended: there is nothing more to rate." in shown(app)
    [request] = records(hall, REQUESTS)
    assert request["case"]["grade"]["grade"] == "satisfied"


async def test_a_dissatisfied_grade_is_told_what_becomes_of_it(make_app, hall, clock):
    _, follow_up = rectified_case(hall, clock)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = follow_up["code"]
        await press(pilot, "enter", "1")
        assert screen_name(app) == "DoneScreen"
        text = shown(app)
        # what the hall does, truthfully: recorded and counted; no call or second rectification is promised
        assert "您的评价已如实记录，并计入大厅的整改统计" in text and "该整改件已办结" not in text
    [request] = records(hall, REQUESTS)
    assert request["case"]["grade"]["grade"] == "dissatisfied" and request["case"]["stage"] == "closed"


@pytest.mark.parametrize(
    ("steps", "zh", "en"),
    [
        ((), "当前环节：待分派", "now: To assign"),
        (("assign",), "当前环节：已分派", "now: Assigned"),
        (("assign", "call_back"), "当前环节：已回访", "now: Called back"),
    ],
)
async def test_a_follow_up_code_not_yet_rectified_says_it_is_being_handled(make_app, hall, clock, steps, zh, en):
    ticket = served_ticket(hall, clock)
    code = hall.rate(ticket["code"], 1, reasons=["slow"], phone="13912345678")["follow_up"]
    hall.add_staff("s02", "李强", "246813")
    if "assign" in steps:
        hall.assign_case(code, "s02", staff="s02")
    if "call_back" in steps:
        hall.call_back_case(code, "等了很久", staff="s02")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = code
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen"
        text = shown(app)
        assert "您反映的问题正在处理中" in text and zh in text and "服务办结后才可以评价" not in text
        await press(pilot, "f2")
        assert f"Your feedback is still being handled ({en})" in shown(app)
    [request] = records(hall, REQUESTS)
    assert "grade" not in request["case"] or request["case"]["grade"] is None


async def test_a_case_not_yet_rectified_is_not_graded(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    hall.rate(ticket["code"], 2, comment="太慢")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen"
        assert "already" in shown(app)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_the_reasons_fit_80x24_with_their_title_and_continue(make_app, hall, clock, lang):
    ticket = served_ticket(hall, clock)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await rate_code(pilot, ticket["code"], "1")
        assert screen_name(app) == "RateReasonsScreen"
        screen = app.screen
        page = screen.query_one("#page")
        assert page.max_scroll_y == 0  # nothing scrolled off: title, instruction, every reason and "continue"
        title = screen.query_one(".title")
        assert title.region.y >= 1 and title.region.height >= 1
        assert screen.query_one("#reasons-lead").region.height >= 1
        for choice in screen.query(Choice):
            assert choice.region.area and choice.region.bottom <= 24 - 2, choice.region  # above notice and keys
        continue_ = [c for c in screen.query(Choice) if c.number == 8]
        assert continue_ and continue_[0].region.area
