"""Text messages at the resident kiosk (issue 17), consent first: a ticket's slip offers "短信提醒 / Text me" and
takes a mobile number; booking and filing a request ask once whether to text (no by default) when the phone is a
mobile; the look-up of a code stops its texts. The counter console's side is in test_notify_console.py.

The hall is the test hall (a temporary data file, a clock fixed at Monday 09:00) on the bundled kiosk.toml, whose
``[notify] gateway = "file"`` turns texts on. Every flow asserts on the screen and on the store.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

from kiosk.booking import APPOINTMENTS
from kiosk.hall import Hall
from kiosk.outbox import MESSAGES
from kiosk.queue import TICKETS
from kiosk.requests import REQUESTS
from tests.ui.conftest import footer, press, screen_name, settle, shown, tick
from tests.ui.test_bursts import burst
from tests.ui.test_console import PIN

MOBILE = "13912340001"
LANDLINE = "01062345678"


def records(hall: Hall, table: str) -> list[dict[str, Any]]:
    with hall.store.snapshot() as tx:
        return tx.records(table)


def messages_about(hall: Hall, key: str) -> list[dict[str, Any]]:
    """The stored messages about the record ``key`` (a ticket's key, an appointment's or request's code)."""
    return sorted((m for m in records(hall, MESSAGES) if m["subject"] == key), key=lambda m: m["key"])


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def texts_off(hall: Hall) -> None:
    """``[notify] gateway = "none"``: the hall sends no texts (set before the app is built)."""
    hall.config = dataclasses.replace(hall.config, notify=dataclasses.replace(hall.config.notify, gateway="none"))


async def take_ticket(pilot) -> None:
    """Home, 1 (take a ticket), the first service, a standard ticket: the slip."""
    await settle(pilot)
    await press(pilot, "1", "1", "1")
    assert screen_name(pilot.app) == "SlipScreen"


# -- a ticket's slip: "Text me"


async def test_the_slip_offers_texts_and_a_scanned_phone_lands_in_order(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await take_ticket(pilot)
        text = shown(app)
        assert "短信提醒  快到您时发短信通知" in text and "按 1 短信提醒，按其他键完成" in text
        assert "1 短信提醒" in footer(app)
        # "1", the number and Enter in one burst, as a fast typist or a scanner sends them
        await burst(pilot, "1", *MOBILE, "enter")
        assert screen_name(app) == "DoneScreen"
        text = shown(app)
        assert "短信提醒已设置" in text and "将向 139****0001 发送叫号提醒" in text and MOBILE not in text
    [ticket] = records(hall, TICKETS)
    assert ticket["notify"] is True and ticket["phone"] == MOBILE and ticket["lang"] == "zh-Hans"
    assert display(ticket["code"]) in text
    # Nobody ahead: "your turn is near" is written at once, in the resident's language.
    [near] = messages_about(hall, ticket["key"])
    assert near["event"] == "near" and near["status"] == "pending" and near["lang"] == "zh-Hans"


async def test_the_phone_screen_says_what_is_sent_and_echoes_the_number_masked(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await take_ticket(pilot)
        await press(pilot, "1")
        assert screen_name(app) == "TextMeScreen"
        text = shown(app)
        assert "we text you when 3 are ahead of you and when you are called. Nothing else." in text
        assert "Ticket A001 · Social security" in text
        await burst(pilot, *MOBILE)
        assert "Texts will go to 139****0001." in shown(app)
        app.screen.query_one("#input-phone").value = LANDLINE
        await settle(pilot)
        assert "Texts go to a mobile number (11 digits from 1), not a landline." in shown(app)
        await press(pilot, "enter")  # refused beside the field; nothing is written
        assert screen_name(app) == "TextMeScreen"
        assert app.focused is app.screen.query_one("#input-phone")
    [ticket] = records(hall, TICKETS)
    assert not ticket.get("notify") and not ticket.get("phone") and records(hall, MESSAGES) == []


async def test_a_ticket_called_meanwhile_is_told_in_words(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await take_ticket(pilot)
        await press(pilot, "1")
        hall.call_next("1")  # a counter calls it while the resident types
        await burst(pilot, *MOBILE, "enter")
        assert screen_name(app) == "TextMeScreen"
        assert "A001号已不在等候中，无需提醒。" in shown(app)
    [ticket] = records(hall, TICKETS)
    assert not ticket.get("notify") and records(hall, MESSAGES) == []


async def test_the_slip_waits_while_the_phone_is_typed_and_escape_goes_back_to_it(make_app, hall, held_timers):
    app = make_app("en", slip_seconds=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await take_ticket(pilot)
        slip = app.screen
        await press(pilot, "1")
        for _ in range(5):  # the slip's countdown ticks past its end under the phone screen
            await tick(pilot, held_timers)
        await settle(pilot)
        assert screen_name(app) == "TextMeScreen"
        await press(pilot, "escape")
        assert app.screen is slip and "Back to the start in 3 s." in shown(app)  # the countdown starts again
        await press(pilot, "2")  # any other key finishes
        assert screen_name(app) == "HomeScreen"


async def test_no_offer_when_the_hall_sends_no_texts(make_app, hall):
    texts_off(hall)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await take_ticket(pilot)
        assert "短信提醒" not in shown(app) and "短信提醒" not in footer(app)
        assert "触摸屏幕或按任意键完成" in shown(app)
        await press(pilot, "1")  # any key finishes, 1 too
        assert screen_name(app) == "HomeScreen"


# -- booking and filing a request: yes or no, once


async def book_to_contact(pilot) -> None:
    await settle(pilot)
    await press(pilot, "2", "1", "2", "1", "1")  # book, social security, tomorrow, morning, 08:30
    assert screen_name(pilot.app) == "BookContactScreen"


async def fill_contact(pilot, name: str, phone: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#input-name").value = name
    screen.query_one("#input-phone").value = phone
    screen.query_one("#input-phone").focus()
    await press(pilot, "enter")


async def test_booking_asks_once_and_yes_texts_the_confirmation(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await book_to_contact(pilot)
        await fill_contact(pilot, "Li Lei", "138 1234 5678")
        assert screen_name(app) == "ConsentScreen"
        text = shown(app)
        assert "Text me about this booking (confirmation, changes, a reminder the evening before)?" in text
        assert "1   Yes, text 138****5678" in text and "2   No, thank you" in text
        assert app.focused is list(app.screen.query("Choice"))[-1]  # no is the default
        assert records(hall, APPOINTMENTS) == []  # nothing booked while asking
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        assert "We will text 138****5678 about it. Reply TD to stop." in shown(app)
    [appointment] = records(hall, APPOINTMENTS)
    assert appointment["notify"] is True and appointment["lang"] == "en"
    [booked] = messages_about(hall, appointment["code"])
    assert booked["event"] == "booked" and booked["phone"] == "13812345678" and booked["lang"] == "en"


async def test_booking_enter_says_no_and_escape_goes_back_to_the_form(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await book_to_contact(pilot)
        await fill_contact(pilot, "张三", "13812345678")
        assert screen_name(app) == "ConsentScreen"
        await press(pilot, "escape")  # back to name and phone, nothing booked
        assert screen_name(app) == "BookContactScreen" and records(hall, APPOINTMENTS) == []
        await press(pilot, "enter")  # the phone field still focused: asks again
        assert screen_name(app) == "ConsentScreen"
        await press(pilot, "enter")  # Enter on the default: no
        assert screen_name(app) == "DoneScreen" and "不发送短信通知。" in shown(app)
    [appointment] = records(hall, APPOINTMENTS)
    assert appointment["notify"] is False and records(hall, MESSAGES) == []


async def test_a_landline_is_not_asked_and_a_bad_name_is_said_before_asking(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await book_to_contact(pilot)
        await fill_contact(pilot, "张三3", "13812345678")
        assert screen_name(app) == "BookContactScreen" and "姓名只能包含" in shown(app)
        await fill_contact(pilot, "张三", LANDLINE)
        assert screen_name(app) == "DoneScreen" and "不发送短信通知。" in shown(app)
    [appointment] = records(hall, APPOINTMENTS)
    assert appointment["notify"] is False and appointment["phone"] == LANDLINE


async def file_to_time(pilot, phone: str) -> None:
    """Home, 4 (a request), the repair category, its form filled: the preferred time."""
    app = pilot.app
    await settle(pilot)
    await press(pilot, "4")
    categories = [o.value for o in app.screen.query_one("#categories").page_options()]
    await press(pilot, str(categories.index("repair") + 1))
    app.screen.query_one("#input-description").load_text("楼道灯坏了，晚上很黑")
    app.screen.query_one("#input-phone").value = phone
    app.screen.query_one("#input-address").value = "阳光小区3栋2单元"
    app.screen.query_one("#input-address").focus()
    await press(pilot, "enter")
    assert screen_name(app) == "RequestTimeScreen"


async def test_a_request_asks_once_and_the_summary_and_confirmation_say_it(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await file_to_time(pilot, "13700001111")
        await press(pilot, "1")  # no preference
        assert screen_name(app) == "ConsentScreen"
        assert "是否以短信通知您本诉求的进展（受理、分派、上门时间、办结）？" in shown(app)
        await press(pilot, "1")
        assert screen_name(app) == "RequestConfirmScreen"
        assert "短信通知：是（137****1111）" in shown(app)
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        assert "将向 137****1111 发送短信通知，回复 TD 可退订。" in shown(app)
    [request] = records(hall, REQUESTS)
    assert request["notify"] is True and request["lang"] == "zh-Hans"
    hall.add_staff("s01", "王芳", PIN)
    hall.advance_request(request["code"], "accepted", staff="s01")
    [accepted] = messages_about(hall, request["code"])
    assert accepted["event"] == "request" and accepted["params"]["status"] == "已受理"


async def test_a_request_from_a_landline_is_not_asked(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await file_to_time(pilot, LANDLINE)
        await press(pilot, "1")
        assert screen_name(app) == "RequestConfirmScreen" and "Texts:" not in shown(app)
        await press(pilot, "1")
        assert "No text messages will be sent." in shown(app)
    [request] = records(hall, REQUESTS)
    assert request["notify"] is False


async def test_a_poor_rating_with_a_mobile_asks_whether_to_text_the_call_back(make_app, hall, clock):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=5)
    hall.finish("1")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter", "2", "1", "8")  # not satisfied, slow, continue
        assert screen_name(app) == "RateCommentScreen"
        app.screen.query_one("#input-phone").value = MOBILE
        app.screen.query_one("#input-phone").focus()
        await press(pilot, "enter")
        assert screen_name(app) == "ConsentScreen" and "Text me when the call-back is arranged?" in shown(app)
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        assert "We will text 139****0001 when it is arranged. Reply TD to stop." in shown(app)
    [follow_up] = records(hall, REQUESTS)
    assert follow_up["notify"] is True and follow_up["lang"] == "en" and follow_up["phone"] == MOBILE
    [call_back] = messages_about(hall, follow_up["code"])
    assert call_back["event"] == "call_back" and call_back["lang"] == "en"


# -- stopping texts by code


async def look_up(pilot, code: str) -> None:
    await settle(pilot)
    await press(pilot, "5")
    pilot.app.screen.query_one("#input-code").value = code
    await press(pilot, "enter")
    assert screen_name(pilot.app) == "StatusScreen"


def pick_number(app, value: str) -> str:
    """The digit of the look-up's action ``value``."""
    options = app.screen.query_one("#actions").page_options()
    return str(next(n for n, option in enumerate(options, start=1) if option.value == value))


async def test_a_ticket_stops_its_texts_by_its_code_alone(make_app, hall):
    ticket = hall.issue_ticket("social-security", phone=MOBILE, lang="zh-Hans")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await look_up(pilot, ticket["code"])
        assert "停止短信通知" in shown(app)
        await press(pilot, pick_number(app, "stop_texts"))
        assert screen_name(app) == "DoneScreen"
        assert "短信已停止" in shown(app) and f"已停止发送关于 {display(ticket['code'])} 的短信。" in shown(app)
    [stored] = records(hall, TICKETS)
    assert stored["notify"] is False
    [near] = messages_about(hall, ticket["key"])
    assert near["status"] == "suppressed" and near["reason"] == "stopped"


async def test_an_appointment_stops_its_texts_after_the_last_four_digits(make_app, hall):
    appointment = hall.book("social-security", date(2026, 11, 24), time(8, 30), "Li Lei", MOBILE, notify=True)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await look_up(pilot, appointment["code"])
        await press(pilot, pick_number(app, "stop_texts"))
        assert screen_name(app) == "OwnerScreen" and "Stop the texts" in shown(app)
        app.screen.query_one("#input-phone_last4").value = "9999"
        await press(pilot, "enter")  # wrong digits: the same answer as an unknown code, nothing stopped
        assert screen_name(app) == "OwnerScreen"
        assert messages_about(hall, appointment["code"])[0]["status"] == "pending"
        app.screen.query_one("#input-phone_last4").value = MOBILE[-4:]
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen"
        assert f"No more texts about {display(appointment['code'])}." in shown(app)
    [stored] = records(hall, APPOINTMENTS)
    assert stored["notify"] is False
    [booked] = messages_about(hall, appointment["code"])
    assert booked["status"] == "suppressed" and booked["reason"] == "stopped"


async def test_a_request_stops_its_texts_after_the_last_four_digits(make_app, hall):
    request = hall.file_request("repair", "楼道灯坏了", MOBILE, address="3栋", notify=True, lang="zh-Hans")
    hall.add_staff("s01", "王芳", PIN)
    hall.advance_request(request["code"], "accepted", staff="s01")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await look_up(pilot, request["code"])
        await press(pilot, pick_number(app, "stop_texts"))
        assert screen_name(app) == "OwnerScreen" and "诉求 · 报修" in shown(app)
        app.screen.query_one("#input-phone_last4").value = MOBILE[-4:]
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen"
    [stored] = records(hall, REQUESTS)
    assert stored["notify"] is False
    [accepted] = messages_about(hall, request["code"])
    assert accepted["status"] == "suppressed" and accepted["reason"] == "stopped"


async def test_no_stop_offered_when_the_hall_sends_no_texts(make_app, hall):
    texts_off(hall)
    ticket = hall.issue_ticket("social-security")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await look_up(pilot, ticket["code"])
        assert "停止短信通知" not in shown(app)
