"""Every field that takes a code (check by code, check-in, rate by code, cancel or move by code): empty whenever
its screen is shown again, a refused code is replaced by the next scan rather than appended to, and codes typed
in full width by a Chinese input method, and landline numbers, are taken like any other."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from tests.ui.conftest import press, screen_name, settle, shown, type_text

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def slip(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def wide(text: str) -> str:
    """``text`` as typed in full-width mode: ``ＡＥＹ６－８ＧＰＧ``."""
    return "".join(FULL_WIDTH.get(char, char) for char in text)


def code_value(app) -> str:
    return app.screen.query_one("#input-code").value


def book_and_arrive(hall, clock):
    """An appointment at 10:00 today, and the clock at 09:50: check-in is open."""
    booked = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=clock.now().tzinfo))
    return booked


async def scan(pilot, code: str) -> None:
    """A badge scanner: the code and Enter in one burst."""
    await pilot.press(*code, "enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("action", "code_screen", "next_screen"),
    [("5", "CodeScreen", "StatusScreen"), ("6", "RateCodeScreen", "RateLevelScreen")],
)
async def test_a_code_field_is_empty_when_its_screen_is_shown_again(make_app, hall, action, code_screen, next_screen):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    hall.finish("1")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, action)
        await scan(pilot, slip(ticket["code"]))
        assert screen_name(app) == next_screen
        await press(pilot, "escape")
        assert screen_name(app) == code_screen
        assert code_value(app) == "" and app.focused is app.screen.query_one("#input-code")
        await scan(pilot, ticket["code"].lower())  # the next scan is the whole field, not appended to the last
        assert screen_name(app) == next_screen


async def test_cancel_and_move_come_back_to_an_empty_code_field(make_app, hall):
    booked = hall.book("social-security", date(2026, 11, 24), time(10, 0), "张三", "13812345678")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        for choice in ("1", "2"):  # cancel, move: the digits first
            await scan(pilot, slip(booked["code"]))
            await press(pilot, choice)
            assert screen_name(app) == "OwnerScreen"
            await press(pilot, "escape", "escape")
            assert screen_name(app) == "CodeScreen" and code_value(app) == ""


async def test_check_in_code_is_empty_when_shown_again(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await type_text(pilot, "AEY6-8GPG")
        await press(pilot, "f12")
        assert screen_name(app) == "StaffPrompt"
        await press(pilot, "escape")
        assert screen_name(app) == "CheckInScreen" and code_value(app) == ""


@pytest.mark.parametrize("action", ["5", "6", "3"])
async def test_after_a_refused_code_the_next_scan_replaces_it(make_app, hall, clock, action):
    booked = book_and_arrive(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, action)
        await scan(pilot, "AEY6-8GPX")  # a wrong check character
        if action == "3":
            await press(pilot, "up")  # check-in moved on to the digits; the code is refused once they are in
            await pilot.press(*"5678", "enter")
            await settle(pilot)
        assert "That code is not valid" in shown(app)
        assert app.focused is app.screen.query_one("#input-code")
        await pilot.press(*slip(booked["code"]))
        await pilot.pause()
        assert code_value(app) == slip(booked["code"])


async def test_wrong_last_four_digits_are_replaced_by_the_next_four(make_app, hall, clock):
    booked = book_and_arrive(hall, clock)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await scan(pilot, slip(booked["code"]))
        await scan(pilot, "1234")
        assert screen_name(app) == "CheckInScreen" and "No appointment matches" in shown(app)
        await scan(pilot, slip(booked["code"]))  # scanned again: replaces the code, not appended to it
        assert code_value(app) == slip(booked["code"])
        await pilot.press("tab", *"5678", "enter")  # the digits field selects what it holds: retyped whole
        await settle(pilot)
        assert screen_name(app) == "SlipScreen"


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_full_width_codes_and_digits_check_in(make_app, hall, clock, lang):
    booked = book_and_arrive(hall, clock)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await scan(pilot, wide(slip(booked["code"])))
        await scan(pilot, wide("5678"))
        assert screen_name(app) == "SlipScreen"


async def test_a_landline_books_an_appointment_at_the_kiosk(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2", "1", "1")
        assert screen_name(app) == "BookContactScreen"
        await pilot.press(*"Wang Wei", "enter", *"010-1234 5678", "enter")
        await settle(pilot)
        assert screen_name(app) == "DoneScreen"
        assert "010-****5678" in shown(app) and "12345678" not in shown(app)
