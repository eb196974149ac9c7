"""Appointments through the Hall facade: slots, capacity, booking rules, cancel/reschedule, check-in, no-shows.

The clock starts at Monday 2026-11-23 09:00. Social-security (A) has 15-minute slots of 4 places; civil-affairs
(C) 30-minute slots of 2 and no staggered-hours slots; general enquiries take no bookings.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at, hot, refusal
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.clock import FixedClock
from kiosk.config import HallConfig, load_config
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.hall import Hall

SATURDAY = date(2026, 11, 28)
SUNDAY = date(2026, 11, 29)
TEN = time(10, 0)
PHONES = ["13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006"]


def stored(hall: Hall, code: str) -> dict[str, Any]:
    with hall.store.snapshot() as tx:
        record = tx.get("appointments", code)
    assert record is not None
    return record


def book(
    hall: Hall, phone: str = "13812345678", day: date = MONDAY, at_: time = TEN, service: str = "social-security"
) -> dict[str, Any]:
    return hall.book(service, day, at_, "张三", phone)


def remaining(hall: Hall, day: date, hhmm: str, service: str = "social-security") -> int:
    return next(s["remaining"] for s in hall.slots(service, day) if s["time"] == hhmm)


# --- slots -----------------------------------------------------------------------------------------------------


def test_weekday_slots_come_from_regular_hours_and_the_evening_window(hall: Hall) -> None:
    slots = hall.slots("social-security", MONDAY)
    regular = [s["time"] for s in slots if not s["staggered"]]
    evening = [s for s in slots if s["staggered"]]
    quarter_hours = lambda first, count: [  # noqa: E731
        (datetime.combine(MONDAY, time.fromisoformat(first)) + timedelta(minutes=15 * n)).strftime("%H:%M")
        for n in range(count)
    ]
    assert regular == quarter_hours("08:30", 14) + quarter_hours("14:00", 14)
    assert [s["time"] for s in evening] == quarter_hours("18:00", 10)
    assert {s["window"] for s in evening} == {"weekday-evenings"}
    assert all(s["capacity"] == 4 and s["remaining"] == 4 for s in slots)
    assert [s["end"] for s in slots][:2] == ["08:45", "09:00"]


def test_slots_already_begun_or_inside_the_lead_time_are_not_bookable(hall: Hall) -> None:
    bookable = {s["time"]: s["bookable"] for s in hall.slots("social-security", MONDAY)}
    assert not bookable["08:30"] and not bookable["09:15"]
    assert bookable["09:30"] and bookable["20:15"]


def test_a_regular_hours_only_service_has_no_staggered_slots(hall: Hall) -> None:
    slots = hall.slots("civil-affairs", MONDAY)
    assert len(slots) == 14 and not any(s["staggered"] for s in slots)
    assert hall.slots("civil-affairs", SATURDAY) == []


def test_saturday_slots_are_the_staggered_morning_window(hall: Hall) -> None:
    slots = hall.slots("social-security", SATURDAY)
    assert [s["time"] for s in slots][0::11] == ["09:00", "11:45"] and len(slots) == 12
    assert all(s["staggered"] and s["window"] == "saturday-morning" for s in slots)


@pytest.mark.parametrize("day", [SUNDAY, date(2026, 12, 30), date(2027, 1, 1), date(2026, 10, 3)])
def test_no_slots_on_sundays_closures_and_holidays(hall: Hall, day: date) -> None:
    assert hall.slots("social-security", day) == []


def test_booking_days_show_closed_days_with_their_reason(hall: Hall, clock: FixedClock) -> None:
    at(clock, "09:00", date(2026, 12, 25))
    days = {d["date"]: d for d in hall.booking_days("social-security")}
    assert days["2026-12-30"]["closed"] and days["2026-12-30"]["remaining"] == 0
    assert days["2026-12-30"]["reason"]["en"] == "Year-end system maintenance"
    assert days["2026-12-26"]["staggered"] and days["2026-12-26"]["remaining"] == 12 * 4  # a Saturday
    # A Sunday has no hours: closed too, with a reason a resident can read.
    assert days["2026-12-27"]["remaining"] == 0 and days["2026-12-27"]["closed"]
    assert days["2026-12-27"]["reason"] == {"zh-Hans": "休息日", "en": "no service hours"}


def test_a_service_without_booking_is_refused(hall: Hall) -> None:
    error = refusal(book, hall, service="general")
    assert error.key == "booking.not_offered"
    assert refusal(hall.slots, "general").key == "booking.not_offered"


# --- booking rules ---------------------------------------------------------------------------------------------


def test_booking_returns_a_code_and_takes_a_place(hall: Hall) -> None:
    appointment = book(hall, phone="+86 138-1234-5678")
    record = stored(hall, appointment["code"])
    assert record["status"] == "booked"
    assert record["phone"] == "13812345678"
    assert record["start"] == "2026-11-23T10:00:00+08:00" and record["end"] == "2026-11-23T10:15:00+08:00"
    assert hall.status(appointment["code"])["kind"] == "appointment"
    assert remaining(hall, MONDAY, "10:00") == 3


def test_capacity_is_never_exceeded(hall: Hall) -> None:
    for phone in PHONES[:4]:
        book(hall, phone)
    error = refusal(book, hall, PHONES[4])
    assert error.key == "booking.slot_full"
    choices = error.data["remaining"]
    assert choices and "10:00" not in {c["time"] for c in choices}
    assert all(c["date"] == "2026-11-23" and c["remaining"] > 0 for c in choices)
    assert len(hot(hall, "appointments")) == 4
    assert remaining(hall, MONDAY, "10:00") == 0


def test_the_lead_time_is_enforced(hall: Hall, hall_config: HallConfig) -> None:
    assert hall_config.booking.lead_minutes == 30
    error = refusal(book, hall, at_=time(9, 15))
    assert error.key == "booking.too_soon"
    assert error.params == {"minutes": 30}
    assert book(hall, at_=time(9, 30))["status"] == "booked"


def test_the_horizon_is_enforced(hall: Hall) -> None:
    assert book(hall, day=date(2026, 12, 7))["day"] == "2026-12-07"  # 14 days ahead
    error = refusal(book, hall, day=date(2026, 12, 8))
    assert error.key == "booking.beyond_horizon"
    with pytest.raises(InvalidInput) as info:
        book(hall, day=date(2026, 11, 20))
    assert info.value.key == "booking.past_date"


def test_a_closed_day_and_a_time_that_is_not_a_slot_are_refused(hall: Hall, clock: FixedClock) -> None:
    assert refusal(book, hall, at_=time(10, 5)).key == "booking.no_such_slot"
    assert refusal(book, hall, at_=time(12, 30)).key == "booking.no_such_slot"
    assert refusal(book, hall, day=SUNDAY).key == "booking.no_such_slot"
    assert refusal(book, hall, day=SATURDAY, at_=time(9, 0), service="civil-affairs").key == "booking.no_such_slot"
    at(clock, "09:00", date(2026, 12, 25))
    error = refusal(book, hall, day=date(2026, 12, 30))
    assert error.key == "booking.closed_day"
    assert error.params["reason_en"] == "Year-end system maintenance"
    assert hot(hall, "appointments") == []


def test_the_per_phone_daily_cap(hall: Hall) -> None:
    first = book(hall, at_=TEN)
    book(hall, phone="138 1234 5678", at_=time(10, 15))
    error = refusal(book, hall, at_=time(10, 30))
    assert error.key == "booking.phone_cap"
    assert error.params == {"limit": 2}
    assert book(hall, day=TUESDAY)["day"] == "2026-11-24"  # another day is fine
    hall.cancel(first["code"], "5678")
    assert book(hall, at_=time(10, 30))["status"] == "booked"  # a cancelled one no longer counts


def test_cancel_frees_the_place(hall: Hall) -> None:
    booked = [book(hall, phone) for phone in PHONES[:4]]
    cancelled = hall.cancel(booked[0]["code"], PHONES[0][-4:])
    assert cancelled["status"] == "cancelled"
    assert stored(hall, booked[0]["code"])["status"] == "cancelled"
    assert remaining(hall, MONDAY, "10:00") == 1
    assert book(hall, PHONES[4])["status"] == "booked"
    assert refusal(hall.cancel, booked[0]["code"], PHONES[0][-4:]).key == "appointment.wrong_state"


def test_cancel_after_the_slot_began_is_refused(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "10:00")
    assert refusal(hall.cancel, appointment["code"], "5678").key == "appointment.started"
    assert stored(hall, appointment["code"])["status"] == "booked"


@pytest.mark.parametrize("action", ["cancel", "reschedule"])
def test_code_and_last4_must_both_match_and_a_mismatch_says_nothing_more(hall: Hall, action: str) -> None:
    appointment = book(hall)
    other = book(hall, phone="13900000000", at_=time(11, 0))
    call = getattr(hall, action)
    extra = (TUESDAY, TEN) if action == "reschedule" else ()
    errors = []
    for code, last4 in [(appointment["code"], "0000"), (other["code"], "5678")]:
        with pytest.raises(NotFound) as info:
            call(code, last4, *extra)
        errors.append(info.value)
    assert {(e.key, e.field, str(e), tuple(e.params.items())) for e in errors} == {
        ("appointment.not_found", "code", str(errors[0]), ())
    }
    assert stored(hall, appointment["code"])["status"] == "booked"
    assert stored(hall, appointment["code"])["day"] == "2026-11-23"


def test_reschedule_keeps_the_code_and_moves_the_place(hall: Hall) -> None:
    appointment = book(hall)
    moved = hall.reschedule(appointment["code"], "5678", TUESDAY, time(14, 30))
    assert moved["code"] == appointment["code"]
    record = stored(hall, appointment["code"])
    assert (record["day"], record["start"], record["status"]) == ("2026-11-24", "2026-11-24T14:30:00+08:00", "booked")
    assert remaining(hall, MONDAY, "10:00") == 4
    assert remaining(hall, TUESDAY, "14:30") == 3
    assert refusal(hall.reschedule, appointment["code"], "5678", TUESDAY, time(14, 30)).key == "booking.same_slot"


def test_reschedule_into_an_evening_slot_is_marked_staggered(hall: Hall) -> None:
    appointment = book(hall)
    hall.reschedule(appointment["code"], "5678", MONDAY, time(19, 0))
    record = stored(hall, appointment["code"])
    assert record["staggered"] and record["window"] == "weekday-evenings"


def test_reschedule_is_all_or_nothing_when_the_new_slot_is_full(hall: Hall) -> None:
    appointment = book(hall)
    for phone in PHONES[:4]:
        book(hall, phone, day=TUESDAY)
    before = stored(hall, appointment["code"])
    error = refusal(hall.reschedule, appointment["code"], "5678", TUESDAY, TEN)
    assert error.key == "booking.slot_full"
    assert error.data["remaining"] and all(c["date"] == "2026-11-24" for c in error.data["remaining"])
    assert stored(hall, appointment["code"]) == before
    assert remaining(hall, MONDAY, "10:00") == 3
    assert remaining(hall, TUESDAY, "10:00") == 0


# --- check-in --------------------------------------------------------------------------------------------------


def test_check_in_too_early_names_the_time_it_opens(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "09:29")
    error = refusal(hall.check_in, appointment["code"], "5678")
    assert error.key == "checkin.too_early"
    assert error.params == {"opens": "09:30", "time": "10:00"}
    assert "09:30" in error.message("zh-Hans")
    assert hot(hall, "tickets") == []
    assert stored(hall, appointment["code"])["status"] == "booked"


def test_check_in_on_time_gives_an_appointment_ticket(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "09:30")
    result = hall.check_in(appointment["code"], "5678")
    ticket = result["ticket"]
    assert ticket["kind"] == "appointment" and ticket["appointment"] == appointment["code"]
    assert ticket["number"] == "A001" and ticket["status"] == "waiting"
    record = stored(hall, appointment["code"])
    assert record["status"] == "checked_in" and record["ticket"] == ticket["key"] and not record["late"]
    assert refusal(hall.check_in, appointment["code"], "5678").key == "appointment.wrong_state"


def test_an_appointment_is_called_ahead_of_walk_ins_once_its_slot_starts_not_before(
    hall: Hall, clock: FixedClock
) -> None:
    appointment = book(hall)
    at(clock, "09:40")
    first_walk_in = hall.issue_ticket("social-security")
    at(clock, "09:41")
    second_walk_in = hall.issue_ticket("social-security")
    at(clock, "09:45")
    appointment_ticket = hall.check_in(appointment["code"], "5678")["ticket"]
    at(clock, "09:50")
    assert hall.call_next("1")["number"] == first_walk_in["number"]  # the slot has not begun
    hall.finish("1")
    at(clock, "10:00")
    assert hall.call_next("1")["number"] == appointment_ticket["number"]  # now it has
    hall.finish("1")
    assert hall.call_next("1")["number"] == second_walk_in["number"]


def test_check_in_at_the_end_of_the_grace_period_is_still_on_time(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "10:15")
    assert hall.check_in(appointment["code"], "5678")["ticket"]["kind"] == "appointment"


def test_late_check_in_joins_the_normal_queue(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "10:10")
    walk_in = hall.issue_ticket("social-security")
    at(clock, "10:16")
    result = hall.check_in(appointment["code"], "5678")
    assert result["ticket"]["kind"] == "late_appointment"
    assert result["appointment"]["late"] is True
    assert stored(hall, appointment["code"])["late"] is True
    assert hall.call_next("1")["number"] == walk_in["number"]
    hall.finish("1")
    assert hall.call_next("1")["number"] == result["ticket"]["number"]


def test_late_check_in_while_the_hall_is_closed_is_missed(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall, at_=time(11, 45))
    at(clock, "12:30")
    assert refusal(hall.check_in, appointment["code"], "5678").key == "checkin.missed"


def test_late_check_in_in_the_evening_window_only_for_services_offered_there(hall: Hall, clock: FixedClock) -> None:
    social = book(hall, at_=time(17, 15))
    civil = book(hall, phone="13900000000", at_=time(17, 0), service="civil-affairs")  # regular hours only
    at(clock, "18:10")
    assert hall.check_in(social["code"], "5678")["ticket"]["kind"] == "late_appointment"
    assert refusal(hall.check_in, civil["code"], "0000").key == "checkin.missed"
    assert stored(hall, civil["code"])["status"] == "booked"
    assert [t["service"] for t in hot(hall, "tickets")] == ["social-security"]


def test_check_in_on_the_wrong_day_is_refused(hall: Hall, clock: FixedClock) -> None:
    tomorrow = book(hall, day=TUESDAY)
    today = book(hall, phone="13900000000", at_=time(11, 0))
    error = refusal(hall.check_in, tomorrow["code"], "5678")
    assert error.key == "checkin.wrong_day_future"
    assert error.params == {"date": "2026-11-24", "time": "10:00"}
    at(clock, "10:45", TUESDAY)
    assert hall.check_in(tomorrow["code"], "5678")["ticket"]["day"] == "2026-11-24"
    # Yesterday's appointment has been closed and archived: it is over.
    assert refusal(hall.check_in, today["code"], "0000").key == "appointment.past"


def test_finishing_the_appointments_ticket_marks_it_attended(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "09:55")
    hall.check_in(appointment["code"], "5678")
    at(clock, "10:00")
    hall.call_next("1")
    hall.finish("1")
    assert stored(hall, appointment["code"])["status"] == "attended"
    assert hall.status(appointment["code"])["record"]["status"] == "attended"


def test_a_no_show_at_the_counter_marks_the_appointment_no_show(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "09:55")
    hall.check_in(appointment["code"], "5678")
    at(clock, "10:00")
    hall.call_next("1")
    hall.no_show("1")
    assert stored(hall, appointment["code"])["status"] == "no_show"


def test_appointments_never_checked_in_become_no_shows_when_the_day_closes(hall: Hall, clock: FixedClock) -> None:
    missed = book(hall)
    future = book(hall, phone="13900000000", day=date(2026, 11, 26))
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("household")  # any write closes Monday
    assert [a["code"] for a in hot(hall, "appointments")] == [future["code"]]
    archived = hall.store.archive.find("appointments", missed["code"])
    assert archived is not None and archived["status"] == "no_show"
    assert hall.status(missed["code"])["record"]["status"] == "no_show"
    assert stored(hall, future["code"])["status"] == "booked"


def test_a_checked_in_appointment_whose_ticket_expires_becomes_a_no_show(hall: Hall, clock: FixedClock) -> None:
    appointment = book(hall)
    at(clock, "09:55")
    hall.check_in(appointment["code"], "5678")
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("household")
    assert hall.status(appointment["code"])["record"]["status"] == "no_show"


# --- capacity as a property ------------------------------------------------------------------------------------

#: Hypothesis runs many examples per test call, so each example opens its own hall rather than a fixture's.
PROPERTY_CONFIG = load_config(Path(__file__).resolve().parents[2] / "kiosk.toml")
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(0, len(PHONES) - 1)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
        st.tuples(st.just("move_in"), st.integers(0, len(PHONES) - 1)),
    ),
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(operations=OPERATIONS)
def test_no_sequence_of_book_cancel_and_move_overfills_a_slot(operations: list[tuple[str, int]]) -> None:
    config = PROPERTY_CONFIG
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=config.timezone))
        hall = Hall.open(config, clock=clock, data_path=str(Path(folder) / "hall.json"), durable=False, create=True)
        capacity = config.service("social-security").slot_capacity
        booked: list[tuple[str, str]] = []
        for name, n in operations:
            try:
                if name == "book":
                    booked.append((hall.book("social-security", MONDAY, TEN, "李四", PHONES[n])["code"], PHONES[n]))
                elif name == "move_in":
                    other = hall.book("social-security", MONDAY, time(11, 0), "李四", PHONES[n])
                    hall.reschedule(other["code"], PHONES[n][-4:], MONDAY, TEN)
                    booked.append((other["code"], PHONES[n]))
                elif booked:
                    code, phone = booked.pop(n % len(booked))
                    hall.cancel(code, phone[-4:])
            except Refused as error:
                assert error.key in ("booking.slot_full", "booking.phone_cap")
            holding = [
                a
                for a in hot(hall, "appointments")
                if a["start"] == "2026-11-23T10:00:00+08:00" and a["status"] != "cancelled"
            ]
            assert len(holding) <= capacity
            assert remaining(hall, MONDAY, "10:00") == capacity - len(holding)
