"""Type-ahead across screens (:mod:`screens.typeahead`): keys of one burst that cross a screen change or a domain
call apply, in order, to whatever the keys before them led to, as if the resident had waited for each screen.

Bursts are sent as in ``test_bursts.py``: every key handed to the driver at once, no pause between them.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time
from typing import Any

import pytest

from kiosk.queue import TICKETS
from screens.typeahead import HOLD_SECONDS
from tests.ui.conftest import press, screen_name, settle, shown
from tests.ui.test_bursts import burst, records, value


@pytest.fixture
def booked(hall: Any, clock: Any) -> dict[str, Any]:
    """An appointment at 10:00 today, the clock at 09:50: check-in is open."""
    appointment = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=clock.now().tzinfo))
    return appointment


def stack(app: Any) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_home_check_in_code_and_digits_in_one_burst(make_app, hall, booked):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "3", *booked["code"], "enter", *"5678", "enter")
        assert screen_name(app) == "SlipScreen"
        assert stack(app) == ["HomeScreen", "SlipScreen"]  # no rating screen anywhere
        assert not app.typeahead.held and not app.typeahead.pending
    [ticket] = records(hall, TICKETS)  # one ticket, the check-in's
    assert ticket["appointment"] == booked["code"]
    [appointment] = records(hall, "appointments")
    assert appointment["status"] == "checked_in"


async def test_a_digit_typed_after_the_home_choice_goes_into_the_code(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "3", *"AB6C")  # the 6 is not "rate a service"
        assert stack(app) == ["HomeScreen", "CheckInScreen"]
        assert value(app, "code") == "AB6C"
    assert records(hall, TICKETS) == []


async def test_check_by_code_then_the_time_in_one_burst(make_app, hall, booked):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await burst(pilot, *booked["code"], "enter", "3", *"5678", "enter")
        assert screen_name(app) == "StatusScreen" and app.screen.proven
        assert "10:00" in shown(app)
        await burst(pilot, "escape", "escape")
        assert screen_name(app) == "CodeScreen" and value(app, "code") == ""


async def test_the_whole_look_up_from_home_in_one_burst(make_app, hall, booked):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "5", *booked["code"], "enter", "3", *"5678", "enter")
        assert stack(app) == ["HomeScreen", "CodeScreen", "StatusScreen", "StatusScreen"]  # public, then proven
        assert app.screen.proven and "10:00" in shown(app)


async def test_one_one_one_takes_one_ticket_of_the_first_service(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
    [ticket] = records(hall, TICKETS)
    assert ticket["service"] == hall.config.services[0].id and ticket["kind"] == "walk_in"


async def test_escape_drops_what_was_typed_ahead_and_goes_back_from_where_the_keys_led(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "3", *"AB12", "escape", "5", *"XY")
        assert stack(app) == ["HomeScreen", "CodeScreen"]
        assert value(app, "code") == "XY"


# -- a call that never returns


@pytest.fixture
def stuck(hall: Any, monkeypatch: pytest.MonkeyPatch):
    """Check-in calls that hang until the test lets them go."""
    gate = threading.Event()
    real = hall.check_in

    def check_in(*args: Any, **kwargs: Any) -> Any:
        gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(hall, "check_in", check_in)
    yield gate
    gate.set()


async def send(pilot: Any, *keys: str) -> None:
    """A burst, then let the screens catch up, without waiting for the (stuck) workers."""
    app = pilot.app
    workers = app.workers.wait_for_complete
    app.workers.wait_for_complete = _no_wait  # burst() settles on the workers; a stuck one never completes
    try:
        await burst(pilot, *keys)
    finally:
        app.workers.wait_for_complete = workers
    for _ in range(3):
        await pilot.pause()


async def _no_wait(*args: Any) -> None:
    return None


def ring_counter(app: Any) -> list[int]:
    rings = [0]

    def bell() -> None:
        rings[0] += 1

    app.bell = bell
    return rings


async def test_the_hold_is_bounded_when_a_call_never_returns(make_app, hall, booked, clock, stuck):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rings = ring_counter(app)
        await press(pilot, "3")
        await send(pilot, *booked["code"], "enter", *"5678", "enter", "1", "2")
        assert screen_name(app) == "CheckInScreen" and app.screen.busy
        assert [k.key for k in app.typeahead.held] == ["1", "2"] and rings == [0]
        clock.advance(seconds=HOLD_SECONDS + 1)
        await send(pilot, "4")
        assert not app.typeahead.held and rings == [1]  # dropped, with the bell
        await send(pilot, "5", "6")
        assert not app.typeahead.held and rings == [3]  # and so is each key until the answer
        assert value(app, "phone_last4") == "5678"  # nothing reached the old fields
        stuck.set()
        await settle(pilot)
        assert screen_name(app) == "SlipScreen"  # no dropped key sent it home
        assert not app.typeahead.pending and not app.typeahead.overrun
        await burst(pilot, "enter")  # the keyboard works again
        assert screen_name(app) == "HomeScreen"
    assert len(records(hall, TICKETS)) == 1


async def test_held_keys_older_than_the_bound_are_not_replayed(make_app, hall, booked, clock, stuck):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rings = ring_counter(app)
        await press(pilot, "3")
        await send(pilot, *booked["code"], "enter", *"5678", "enter", "enter")
        clock.advance(seconds=HOLD_SECONDS + 1)
        stuck.set()  # the answer, but only after the bound
        await settle(pilot)
        assert screen_name(app) == "SlipScreen" and rings == [1]


async def test_the_staff_key_is_never_held(make_app, hall, booked, stuck):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await send(pilot, *booked["code"], "enter", *"5678", "enter", "1", "2")
        assert app.screen.busy and len(app.typeahead.held) == 2
        await send(pilot, "f12", *"s01")
        assert screen_name(app) == "StaffPrompt"
        assert value(app, "staff") == "s01"  # the resident's keys were dropped
        stuck.set()


async def test_f2_is_never_held(make_app, hall, booked, stuck):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        # (2, not 1: on a slip 1 asks for a phone to text when texts are on)
        await send(pilot, *booked["code"], "enter", *"5678", "enter", "2", "f2")
        assert app.lang == "zh-Hans" and [k.key for k in app.typeahead.held] == ["2"]
        stuck.set()
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"  # the held 2 left the slip, in order
    assert len(records(hall, TICKETS)) == 1
