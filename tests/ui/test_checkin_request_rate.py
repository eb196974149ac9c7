"""Check-in (early, on time, late, wrong code), filing a service request, and rating a service."""

from __future__ import annotations

from datetime import date, datetime, time

from kiosk.queue import TICKETS
from kiosk.ratings import RATINGS
from kiosk.requests import REQUESTS
from tests.ui.conftest import press, screen_name, settle, shown


def records(hall, table):
    with hall.store.snapshot() as tx:
        return tx.records(table)


async def check_in(pilot, code, last4):
    await press(pilot, "3")
    pilot.app.screen.query_one("#input-code").value = code
    pilot.app.screen.query_one("#input-phone_last4").value = last4
    pilot.app.screen.query_one("#input-phone_last4").focus()
    await press(pilot, "enter")


async def test_check_in_early_on_time_and_late(make_app, hall, clock):
    tz = clock.now().tzinfo
    on_time = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    late = hall.book("household", date(2026, 11, 23), time(10, 10), "李四", "13912345678")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await check_in(pilot, on_time["code"], "5678")  # 09:00: too early
        assert screen_name(app) == "DoneScreen"
        assert "您来早了" in shown(app) and "09:30" in shown(app)
        assert records(hall, TICKETS) == []
        await press(pilot, "enter")
        clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=tz))
        await check_in(pilot, on_time["code"], "5678")
        assert screen_name(app) == "SlipScreen"
        [ticket] = records(hall, TICKETS)
        assert ticket["kind"] == "appointment" and ticket["number"] in shown(app)
        assert "签到成功" in shown(app)
        await press(pilot, "enter")
        clock.set(datetime(2026, 11, 23, 10, 40, tzinfo=tz))
        await check_in(pilot, late["code"], "5678")
        assert screen_name(app) == "SlipScreen"
        assert "您已迟到，已为您排入普通队列" in shown(app)
        assert {t["kind"] for t in records(hall, TICKETS)} == {"appointment", "late_appointment"}


async def test_wrong_code_and_wrong_digits_are_said_next_to_the_field(make_app, hall):
    booked = hall.book("social-security", date(2026, 11, 24), time(10, 0), "张三", "13812345678")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await check_in(pilot, "ABCD", "5678")
        assert screen_name(app) == "CheckInScreen"
        assert "That code is not valid" in shown(app)
        app.screen.query_one("#input-code").value = booked["code"]
        app.screen.query_one("#input-phone_last4").value = "1111"
        app.screen.query_one("#input-phone_last4").focus()
        await press(pilot, "enter")
        assert screen_name(app) == "CheckInScreen"
        assert "Check" in shown(app) and records(hall, TICKETS) == []
        app.screen.query_one("#input-phone_last4").value = "5678"
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen" and "another day" in shown(app)


async def test_file_a_repair_request_with_address_and_evening_time(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert screen_name(app) == "RequestCategoryScreen"
        categories = [o.value for o in app.screen.query_one("#categories").page_options()]
        await press(pilot, str(categories.index("repair") + 1))
        assert screen_name(app) == "RequestFormScreen"
        assert "已输入 0 / 500 字" in shown(app)
        area = app.screen.query_one("#input-description")
        area.load_text("楼道灯坏了\n晚上很黑，老人上下楼不安全")
        await settle(pilot)
        assert "已输入 19 / 500 字" in shown(app)
        app.screen.query_one("#input-phone").value = "138 1234 5678"
        app.screen.query_one("#input-phone").focus()
        await press(pilot, "enter")
        assert screen_name(app) == "RequestFormScreen"  # the address is needed for a repair
        assert "此项为必填" in shown(app) or "必填" in shown(app)
        app.screen.query_one("#input-address").value = "阳光小区3栋2单元"
        app.screen.query_one("#input-address").focus()
        await press(pilot, "enter")
        assert screen_name(app) == "RequestTimeScreen"
        options = app.screen.query_one("#times").page_options()
        evening = next(n for n, o in enumerate(options, start=1) if o.value and o.value["kind"] == "evening")
        await press(pilot, str(evening), "enter")  # the time, then no texts (the default)
        assert screen_name(app) == "RequestConfirmScreen"
        text = shown(app)
        assert "138****5678" in text and "19:00" in text
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        [request] = records(hall, REQUESTS)
        assert request["category"] == "repair" and request["address"] == "阳光小区3栋2单元"
        assert request["preferred_time"].endswith("19:00:00+08:00")
        assert f"{request['code'][:4]}-{request['code'][4:]}" in shown(app)


async def test_description_too_short_is_refused_in_place(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4", "1")
        app.screen.query_one("#input-description").load_text("hi")
        app.screen.query_one("#input-phone").value = "13812345678"
        app.screen.query_one("#input-phone").focus()
        await press(pilot, "enter")
        assert screen_name(app) == "RequestFormScreen"
        assert "Too short" in shown(app)
        assert records(hall, REQUESTS) == []


def served_ticket(hall, clock):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=5)
    hall.finish("1")
    return ticket


async def test_rate_unsatisfied_opens_a_follow_up_and_says_so(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateLevelScreen"
        text = shown(app)
        # One scale everywhere, as on the command line: each level picked by its own number, best first.
        for line in (" 5   非常满意", " 4   满意", " 3   基本满意", " 2   不满意", " 1   非常不满意"):
            assert line in text
        await press(pilot, "2")  # 不满意: why, as a resident answers
        assert screen_name(app) == "RateReasonsScreen"
        await press(pilot, "1", "8")  # 办事效率低, then 下一步
        assert screen_name(app) == "RateCommentScreen"
        text = shown(app)
        assert "2 不满意" in text and "原因：办事效率低，等候时间长" in text
        # A walk-in ticket has no phone behind it: one is asked for, optional, saying what happens without it.
        assert "回访电话（选填）" in text and "不留电话，工作人员将无法就此回访您" in text
        app.screen.query_one("#input-comment").value = "等太久"
        app.screen.query_one("#input-comment").focus()
        await press(pilot, "enter")  # on to the phone
        assert app.focused is app.screen.query_one("#input-phone")
        await pilot.press(*"13912345678")
        await press(pilot, "enter", "enter")  # the phone, then no texts about the call-back (the default)
        assert screen_name(app) == "DoneScreen"
        [rating] = records(hall, RATINGS)
        assert rating["level"] == 2 and rating["comment"] == "等太久"
        [follow_up] = records(hall, REQUESTS)
        assert rating["follow_up"] == follow_up["code"] and follow_up["phone"] == "13912345678"
        text = shown(app)
        # the call back's own deadline ([ratings] call_back_days), and the rectification's, each for what it is
        assert "工作人员将在 1 个工作日内致电 139****5678 回访您" in text
        assert "大厅将在 15 个工作日内核查并整改" in text
        assert f"{follow_up['code'][:4]}-{follow_up['code'][4:]}" in text


async def test_rate_satisfied_and_not_twice(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter", "5")  # key 5 is 5 Very satisfied, as `kiosk rate CODE 5`
        assert "5 Very satisfied" in shown(app)
        assert "call" not in shown(app).lower()  # no follow-up: no phone asked
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen" and "Thank you for your rating" in shown(app)
        assert [r["level"] for r in records(hall, RATINGS)] == [5]
        assert records(hall, REQUESTS) == []
        await press(pilot, "enter", "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen" and "already been rated" in shown(app)


async def test_a_waiting_ticket_cannot_be_rated_yet_and_its_status_shows_the_queue(make_app, hall):
    first = hall.issue_ticket("social-security")
    second = hall.issue_ticket("social-security")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = second["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "RateCodeScreen" and "once the service is finished" in shown(app)
        await press(pilot, "escape", "5")
        app.screen.query_one("#input-code").value = second["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "A002" in text and "1 ahead of you" in text and "ticket taken" in text
        assert first["number"] not in text


async def test_check_in_slip_says_how_many_are_ahead(make_app, hall, clock):
    appointment = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    hall.set_counter("1", "open")
    walk_in = hall.issue_ticket("social-security")
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=clock.now().tzinfo))
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await check_in(pilot, appointment["code"], "5678")
        assert screen_name(app) == "SlipScreen"
        ticket = next(t for t in records(hall, TICKETS) if t["kind"] == "appointment")
        ahead = hall.status(ticket["code"])["position"]
        assert ahead == 1 and hall.status(walk_in["code"])["position"] == 0
        assert f"前面还有 {ahead} 人 · 预计等候：约" in shown(app)


async def test_rate_very_dissatisfied_without_a_phone_promises_no_call(make_app, hall, clock):
    ticket = served_ticket(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter", "1")
        assert screen_name(app) == "RateReasonsScreen"  # a level of 2 or 1 asks why, as a resident answers
        await press(pilot, "1", "8")  # "slow", then continue
        assert "1 Very dissatisfied" in shown(app) and "Phone for a call back (optional)" in shown(app)
        await press(pilot, "enter", "enter")  # no comment, no phone
        assert screen_name(app) == "DoneScreen"
        text = shown(app)
        assert "nobody can call you back" in text and "will call you" not in text
    [rating] = records(hall, RATINGS)
    [follow_up] = records(hall, REQUESTS)
    assert rating["level"] == 1 and rating["call_back"] is None and follow_up["phone"] is None
    assert rating["reasons"] == ["slow"]


async def test_rate_an_appointments_ticket_calls_the_phone_it_was_booked_with(make_app, hall, clock):
    tz = clock.now().tzinfo
    appointment = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=tz))
    ticket = hall.check_in(appointment["code"], "5678")["ticket"]
    hall.call_next("1")
    clock.advance(minutes=10)
    hall.finish("1")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter", "1", "2", "8")  # very dissatisfied; why: "attitude"; continue
        text = shown(app)
        assert "1 非常不满意" in text and "工作人员将致电您办理时留下的电话回访您" in text.replace(" ", "")
        assert "5678" not in text  # the last four prove the appointment: never shown to whoever holds the ticket
        assert not app.screen.query("#input-phone")  # known: not asked again
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen" and "您办理时留下的电话" in shown(app) and "5678" not in shown(app)
    [follow_up] = records(hall, REQUESTS)
    assert follow_up["phone"] == "13812345678"
