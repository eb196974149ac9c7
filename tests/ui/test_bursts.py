"""Keys sent in one burst (a badge scanner, a paste, a fast typist): every form takes them as if typed slowly.

Each burst is handed to the app all at once, with no pause between its keys: the way a scanner's keys reach it.
Also the staff key's prompt (F12): wrong tries are slowed down per terminal instead of locking the account, it
says when the id or PIN is wrong, and the staff choices never outlive the prompt.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from typing import Any

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from kiosk.errors import KioskError
from kiosk.hall import Hall
from kiosk.queue import TICKETS
from kiosk.requests import REQUESTS
from tests.ui.conftest import press, screen_name, settle, shown

PIN = "246813"
WRONG = "135792"
QUIT = "退出本机程序"
QUIT_EN = "Quit the program on this terminal"


def records(hall: Hall, table: str) -> list[dict[str, Any]]:
    with hall.store.snapshot() as tx:
        return tx.records(table)


def value(app: Any, name: str) -> str:
    return app.screen.query_one(f"#input-{name}").value


@pytest.fixture
def staffed(hall: Hall) -> Hall:
    """The test hall with one clerk."""
    hall.add_staff("s01", "王芳", PIN)
    return hall


async def burst(pilot: Any, *keys: str) -> None:
    """All the keys at once, as the terminal driver hands over what a scanner or a paste sends; then let the
    screens and the domain calls catch up.

    Not ``pilot.press``: that waits for the app to be idle after every key, which is slow typing and hides the
    very reordering these tests are about. This is the same key-building code as Pilot's, without the waits.
    """
    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


# -- the staff key's prompt (F12)


async def test_a_scanned_id_and_pin_at_the_staff_key_sign_in(make_app, staffed):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *PIN, "enter")
        assert QUIT in shown(app)
        assert value(app, "staff") == "s01" and PIN not in shown(app)
    log = staffed.audit_log()
    assert [e["action"] for e in log][-1:] == ["staff_key"]
    assert not [e for e in log if e["action"] == "sign_in_failed"]
    assert all(PIN not in str(e) for e in log)


async def test_the_prompt_says_a_wrong_id_and_never_audits_its_text(make_app, staffed):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s0124681", "enter", *PIN, "enter")  # the id ran into the PIN
        assert screen_name(app) == "StaffPrompt"
        assert "Wrong staff id or PIN." in shown(app)  # said, and still said once the PIN is gone
        assert value(app, "pin") == ""
        await burst(pilot, *"1")  # typing again takes the complaint away
        assert "Wrong staff id or PIN." not in shown(app)
    [failed] = [e for e in staffed.audit_log() if e["action"] == "sign_in_failed"]
    assert failed["staff"] is None and failed["detail"] == {"reason": "unknown", "id_length": 8}
    assert "s0124681" not in str(failed)


async def test_wrong_pins_at_the_kiosk_slow_down_this_terminal_and_never_lock_the_account(make_app, staffed, clock):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *WRONG, "enter")
        for _ in range(3):  # 0 s, 0 s, then a wait of 2 s
            assert "Wrong staff id or PIN." in shown(app)
            assert value(app, "staff") == "s01" and value(app, "pin") == ""
            await burst(pilot, *WRONG, "enter")
        assert "try again in 2 s" in shown(app)
        clock.advance(seconds=1)
        await burst(pilot, *PIN, "enter")  # refused unchecked, even the right PIN
        assert "try again in 1 s" in shown(app) and QUIT_EN not in shown(app)
        for wait in (2, 4, 8, 16, 32):  # 3 failures so far: waits grow
            clock.advance(seconds=wait)
            await burst(pilot, *WRONG, "enter")
            assert "Wrong staff id or PIN." in shown(app)
            await burst(pilot, *WRONG, "enter")
            assert f"try again in {wait * 2} s" in shown(app)
        assert app.staff_key_throttle.failures == 8
        [account] = staffed.list_staff()
        assert not account["locked"] and account["failures"] == 0  # the console is not locked
        clock.advance(seconds=64)
        await burst(pilot, *PIN, "enter")
        assert QUIT_EN in shown(app)
        assert app.staff_key_throttle.failures == 0
    failed = [e for e in staffed.audit_log() if e["action"] == "sign_in_failed"]
    assert len(failed) == 8 and all(e["detail"]["counted"] is False for e in failed)
    staffed.sign_in("s01", PIN, "1")  # the clerk still signs in at the console


async def test_the_console_sign_in_still_locks_the_account(make_app, staffed):
    app = make_app("en", mode="staff")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(5):
            await burst(pilot, *"s01", "enter", *WRONG, "enter", "1")
            assert screen_name(app) == "SignInScreen"
            app.screen.query_one("#input-staff").value = ""
            app.screen.set_focus(app.screen.query_one("#input-staff"))
        [account] = staffed.list_staff()
        assert account["locked"]
    with pytest.raises(KioskError):
        staffed.sign_in("s01", PIN, "1")


async def test_the_board_prompt_does_not_lock_the_account_either(make_app, staffed):
    app = make_app("en", mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *WRONG, "enter")
        for _ in range(5):
            await burst(pilot, *WRONG, "enter")
        [account] = staffed.list_staff()
        assert not account["locked"] and account["failures"] == 0
        assert "try again in" in shown(app)


async def test_the_staff_choices_go_with_the_prompt(make_app, staffed):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *PIN, "enter")
        assert QUIT in shown(app)
        await burst(pilot, "escape")  # cancelled once signed in
        assert screen_name(app) == "HomeScreen" and QUIT not in shown(app)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *PIN, "enter", "escape")  # cancelled while the PIN is checked
        assert screen_name(app) == "HomeScreen" and QUIT not in shown(app)
        assert len(app.screen_stack) == 1 and app.is_running


async def test_the_staff_choices_close_by_themselves_when_left_unused(make_app, staffed):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await burst(pilot, *"s01", "enter", *PIN, "enter")
        prompt = app.screen
        assert QUIT in shown(app)
        # A clerk called away: the timer closes the choices well before the kiosk's idle reset.
        assert prompt.expiry._interval == prompt.CHOICES_SECONDS < app.hall.config.idle_seconds
        prompt.expire()  # what the timer calls
        await settle(pilot)
        assert screen_name(app) == "HomeScreen" and QUIT not in shown(app)


# -- the counter console's sign-in


async def test_a_scanned_badge_and_pin_sign_in_at_the_console(make_app, staffed):
    app = make_app("en", mode="staff")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, *"s01", "enter", *PIN, "enter", "1")
        assert screen_name(app) == "CounterScreen"
    assert staffed.session("1")["staff"] == "s01"
    assert [e["action"] for e in staffed.audit_log()][-1] == "sign_in"
    assert all(PIN not in str(e) for e in staffed.audit_log())


# -- the resident's forms


@pytest.fixture
def booked(hall: Hall, clock: Any) -> dict[str, Any]:
    """An appointment at 10:00 today, the clock at 09:50: check-in is open."""
    appointment = hall.book("social-security", date(2026, 11, 23), time(10, 0), "张三", "13812345678")
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=clock.now().tzinfo))
    return appointment


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_check_in_with_code_and_last_four_in_one_burst(make_app, hall, booked, between):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await burst(pilot, *booked["code"], between, *"5678", "enter")
        assert screen_name(app) == "SlipScreen"
    [ticket] = records(hall, TICKETS)
    assert ticket["appointment"] == booked["code"]


async def test_a_wrong_burst_at_check_in_keeps_each_field_apart(make_app, hall, booked):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await burst(pilot, *booked["code"], "tab", *"1111", "enter")
        assert screen_name(app) == "CheckInScreen"
        assert value(app, "code") == booked["code"] and value(app, "phone_last4") == "1111"
        assert records(hall, TICKETS) == []


async def test_booking_contact_name_tab_phone_enter(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2", "1", "1")
        assert screen_name(app) == "BookContactScreen"
        # the second Enter waits for the question about texts, and answers it (no, the default)
        await burst(pilot, *"王五", "tab", *"13900001111", "enter", "enter")
        assert screen_name(app) == "DoneScreen"
        assert "13900001111" not in shown(app)
    [appointment] = [a for a in records(hall, "appointments")]
    assert appointment["name"] == "王五" and appointment["phone"] == "13900001111"


async def test_request_form_in_one_burst(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        categories = [o.value for o in app.screen.query_one("#categories").page_options()]
        await press(pilot, str(categories.index("repair") + 1))
        assert screen_name(app) == "RequestFormScreen"
        await burst(pilot, *"楼道灯坏了很久", "tab", *"13812345678", "tab", *"阳光小区3栋", "enter")
        assert screen_name(app) == "RequestTimeScreen"
        draft = app.screen.draft
        assert (draft.description, draft.phone, draft.address) == ("楼道灯坏了很久", "13812345678", "阳光小区3栋")


async def test_look_up_a_scanned_code_and_come_back_to_an_empty_field(make_app, hall):
    ticket = hall.issue_ticket("social-security")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await burst(pilot, *ticket["code"], "enter")
        assert screen_name(app) == "StatusScreen"
        await burst(pilot, "escape")
        assert screen_name(app) == "CodeScreen" and value(app, "code") == ""


async def test_rate_a_scanned_code(make_app, hall, clock):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=5)
    hall.finish("1")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        await burst(pilot, *ticket["code"], "enter")
        assert screen_name(app) == "RateLevelScreen"
        await burst(pilot, "5")  # 5 非常满意 (the level's own number)
        await burst(pilot, *"很好", "enter")
        assert screen_name(app) == "DoneScreen"


async def test_backspace_in_a_burst_deletes_what_was_typed_before_it(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await burst(pilot, *"AB", "backspace", *"CD")
        assert value(app, "code") == "ACD"
        assert records(hall, REQUESTS) == []


async def test_keys_typed_ahead_of_a_refusal_are_dropped_not_applied_to_what_it_offers(make_app, hall, clock):
    """In the evening (appointments only) "1 1 1 1" in one burst: take a ticket, the first service, a standard
    ticket, and a fourth key. The ticket is refused and the refusal page offers slots to book; the fourth key was
    typed for a ticket, not for a slot, so it is dropped (the bell rings) and the resident sees the refusal. Before,
    it picked the first slot and opened the booking form."""
    clock.set(clock.now().replace(hour=18, minute=55))
    app = make_app("en")
    rang: list[int] = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "1", "1", "1")
        await settle(pilot)
        assert "No walk-in tickets now" in shown(app)
        assert "name and phone" not in shown(app).lower()
        assert rang
    assert records(hall, TICKETS) == []
