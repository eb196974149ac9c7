"""The kiosk's check-by-code shows only the public view of a code (no phone digit, no internal note), the time
only after the last four digits, and slows down a terminal after repeated wrong codes or digits."""

from __future__ import annotations

from datetime import date, time

from kiosk.codes import display, new_code
from kiosk.throttle import Throttle
from tests.ui.conftest import press, screen_name, settle, shown

PHONE = "13957861170"
PHONE_PARTS = ("139", "5786", "1170", "****")


class Ticking:
    """A time source for the throttle that moves only when told."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


async def look_up(pilot, code: str) -> None:
    pilot.app.screen.query_one("#input-code").value = code
    await press(pilot, "enter")


async def test_lookup_of_a_request_shows_no_phone_digit_no_address_and_no_internal_note(make_app, hall):
    code = hall.file_request("repair", "楼道灯坏了，晚上很黑", PHONE, address="阳光小区3栋2单元")["code"]
    hall.advance_request(code, "accepted", staff="s01")
    hall.note_request(code, staff="s01", note="内部：该户曾多次投诉")
    hall.note_request(code, staff="s01", note="明天上午物业上门", visible=True)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await look_up(pilot, display(code))
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "报修" in text and "受理" in text and "明天上午物业上门" in text
        for private in (*PHONE_PARTS, "多次投诉", "楼道灯坏了", "阳光小区", "s01"):
            assert private not in text, private


async def test_an_appointment_shows_its_day_and_its_time_only_after_the_last_four_digits(make_app, hall):
    booked = hall.book("household", date(2026, 11, 24), time(10, 30), "欧阳娜娜", PHONE)
    app = make_app("en")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await look_up(pilot, booked["code"])
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "tomorrow" in text and "booked" in text and "10:30" not in text and "欧" not in text
        assert not any(part in text for part in PHONE_PARTS)
        await press(pilot, "3")  # show the time
        assert screen_name(app) == "OwnerScreen" and "10:30" not in shown(app)
        app.screen.query_one("#input-phone_last4").value = "1170"
        await press(pilot, "enter")
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "10:30" in text and "欧***" in text and not any(part in text for part in PHONE_PARTS)
        await press(pilot, "escape")
        assert screen_name(app) == "StatusScreen" and "10:30" not in shown(app)


async def test_repeated_wrong_codes_make_this_terminal_wait_longer_each_time(make_app, hall):
    ticking = Ticking()
    app = make_app("en", throttle=Throttle(now=ticking))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        for _ in range(3):  # three misses are free
            await look_up(pilot, display(new_code("T")))
            assert "No ticket, appointment or request has that code" in shown(app)
            assert "Please wait" not in shown(app)
        await look_up(pilot, display(new_code("T")))
        assert "Please wait 5 seconds" in shown(app)
        ticket = hall.issue_ticket("social-security")
        await look_up(pilot, ticket["code"])  # even a good code waits: nothing is looked up
        assert screen_name(app) == "CodeScreen" and "Please wait 5 seconds" in shown(app)
        ticking.now += 3
        await look_up(pilot, ticket["code"])
        assert screen_name(app) == "CodeScreen" and "Please wait 2 seconds" in shown(app)
        ticking.now += 2
        await look_up(pilot, display(new_code("A")))
        assert "Please wait 10 seconds" in shown(app), "the next miss doubles the wait"
        ticking.now += 10
        await look_up(pilot, ticket["code"])
        assert screen_name(app) == "StatusScreen"
        await press(pilot, "escape")
        await look_up(pilot, display(new_code("R")))
        assert "Please wait 20 seconds" in shown(app), "a good code in between does not wipe the count"


async def test_wrong_last_four_digits_at_check_in_and_cancel_count_on_the_same_terminal(make_app, hall, clock):
    ticking = Ticking()
    booked = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", PHONE)
    app = make_app("en", throttle=Throttle(now=ticking))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        for digits in ("0000", "1111", "2222"):
            app.screen.query_one("#input-code").value = booked["code"]
            app.screen.query_one("#input-phone_last4").value = digits
            app.screen.query_one("#input-phone_last4").focus()
            await press(pilot, "enter")
            assert screen_name(app) == "CheckInScreen" and "Please wait" not in shown(app)
        await press(pilot, "escape", "5")
        await look_up(pilot, booked["code"])
        await press(pilot, "1")  # cancel: the digits first
        assert screen_name(app) == "OwnerScreen"
        app.screen.query_one("#input-phone_last4").value = "3333"
        await press(pilot, "enter")
        assert screen_name(app) == "OwnerScreen" and "Please wait 5 seconds" in shown(app)
        app.screen.query_one("#input-phone_last4").value = "1170"
        await press(pilot, "enter")
        assert screen_name(app) == "OwnerScreen", "the right digits wait too"
        ticking.now += 5
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen"
