"""The resident kiosk and poor ratings (差评整改): a level of 2 or 1 asks the reasons (one or more, "other" needs
the resident's words), and a code whose poor rating was rectified asks the resident to grade the rectification,
which closes the case.

The hall is the test hall (a temporary data file, a clock fixed at Monday 09:00)."""

from __future__ import annotations

from kiosk.ratings import RATINGS
from kiosk.requests import REQUESTS
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
        await press(pilot, "enter", "enter")  # no words: refused beside the comment
        assert screen_name(app) == "RateCommentScreen"
        assert "请写明具体情况" in shown(app)
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
        assert "1   满意" in text and "2   基本满意" in text and "3   不满意" in text
        await press(pilot, "2")
        assert screen_name(app) == "DoneScreen" and "感谢您的评价" in shown(app)
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
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = follow_up["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen"  # graded: nothing more to rate here
    [request] = records(hall, REQUESTS)
    assert request["case"]["grade"]["grade"] == "satisfied"


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
