"""The edges of a resident's day: tickets issued ahead of opening, walk-ins left when the walk-in hours end, late
check-in as kiosk.toml describes it, booking days where a service is not offered, and what cannot be rated.

The clock starts at Monday 2026-11-23 09:00 (conftest); the bundled kiosk.toml opens 08:30-12:00 and 14:00-17:30 on
weekdays, takes appointments only from 18:00 to 20:30, and issues tickets 30 minutes before a session opens.
"""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path

import pytest
from domain_helpers import MONDAY, at, hot, refusal

from kiosk.clock import FixedClock
from kiosk.config import parse_config
from kiosk.errors import ConfigError
from kiosk.hall import Hall

REPO = Path(__file__).resolve().parents[2]
PHONE = "13812345678"
SATURDAY = date(2026, 11, 28)


def ticket_status(hall: Hall, code: str) -> str:
    return str(hall.status(code)["record"]["status"])


# --- tickets before opening ------------------------------------------------------------------------------------


def test_the_bundled_config_issues_tickets_half_an_hour_ahead(hall: Hall) -> None:
    assert hall.config.queue.early_ticket_minutes == 30


@pytest.mark.parametrize("value", [-1, 241, "30"])
def test_a_bad_early_ticket_minutes_is_named(value: object) -> None:
    data = tomllib.loads((REPO / "kiosk.toml").read_text(encoding="utf-8"))
    data["queue"]["early_ticket_minutes"] = value
    with pytest.raises(ConfigError) as error:
        parse_config(data, REPO / "kiosk.toml")
    assert error.value.params["text"].startswith("queue.early_ticket_minutes"), error.value.params["text"]


def test_at_0815_a_ticket_is_issued_for_the_morning_with_the_wait_counted_from_the_opening(
    hall: Hall, clock: FixedClock
) -> None:
    at(clock, "08:15")
    state = hall.overview()
    assert state["walk_in"] is False and state["early_tickets"]["start"].endswith("08:30:00+08:00")
    first = hall.issue_ticket("social-security")
    second = hall.issue_ticket("social-security")
    assert first["issued_at"].startswith("2026-11-23T08:15")
    assert first["wait_since"].startswith("2026-11-23T08:30")  # the wait counts from the opening
    assert first["wait_min"] == 0  # first in line: called as the counters open, not in 15 minutes
    assert second["wait_max"] < 30
    assert hall.status(first["code"])["record"]["session_start"].startswith("2026-11-23T08:30")
    at(clock, "08:30")
    assert hall.call_next("1")["number"] == "A001"  # taken first, called first
    assert hall.call_next("2")["number"] == "A002"


def test_a_ticket_taken_while_open_has_no_session_start(hall: Hall) -> None:
    ticket = hall.issue_ticket("social-security")
    assert ticket["wait_since"] == ticket["issued_at"]
    assert hall.status(ticket["code"])["record"]["session_start"] is None


def test_earlier_than_the_configured_minutes_is_still_refused(hall: Hall, clock: FixedClock) -> None:
    at(clock, "07:59")
    assert refusal(hall.issue_ticket, "social-security").key == "ticket.closed"
    assert hall.overview()["early_tickets"] is None
    assert hot(hall, "tickets") == []


def test_over_lunch_tickets_for_the_afternoon_are_issued_from_1330(hall: Hall, clock: FixedClock) -> None:
    at(clock, "12:30")
    assert refusal(hall.issue_ticket, "social-security").key == "ticket.closed"
    at(clock, "13:30")
    ticket = hall.issue_ticket("social-security")
    assert ticket["wait_since"].startswith("2026-11-23T14:00")


def test_no_early_tickets_for_an_appointments_only_window(hall: Hall, clock: FixedClock) -> None:
    at(clock, "17:45")  # the evening window (18:00) takes no walk-ins
    assert refusal(hall.issue_ticket, "social-security").key == "ticket.closed"


def test_no_early_tickets_for_a_window_the_service_is_kept_out_of(hall: Hall, clock: FixedClock) -> None:
    at(clock, "08:45", SATURDAY)  # Saturday window opens at 09:00; civil affairs is not offered in it
    assert refusal(hall.issue_ticket, "civil-affairs").key == "ticket.not_in_window"
    assert hall.issue_ticket("social-security")["wait_since"].startswith("2026-11-28T09:00")


def test_zero_turns_early_tickets_off(tmp_path: Path, clock: FixedClock) -> None:
    data = tomllib.loads((REPO / "kiosk.toml").read_text(encoding="utf-8"))
    data["queue"]["early_ticket_minutes"] = 0
    hall = Hall.open(
        parse_config(data, REPO / "kiosk.toml"),
        clock=clock,
        data_path=str(tmp_path / "h.json"),
        durable=False,
        create=True,
    )
    at(clock, "08:25")
    assert refusal(hall.issue_ticket, "social-security").key == "ticket.closed"


# --- walk-ins left when the walk-in hours end ------------------------------------------------------------------


def test_a_morning_walk_in_never_called_is_not_called_in_the_evening_window(hall: Hall, clock: FixedClock) -> None:
    at(clock, "10:00")
    ticket = hall.issue_ticket("social-security")
    at(clock, "19:05")
    assert ticket_status(hall, ticket["code"]) == "expired"  # a reader is told before anything is written
    # ... and every view agrees before then: nobody is counted as waiting for social security any more.
    social = next(s for s in hall.overview()["services"] if s["id"] == "social-security")
    assert social["waiting"] == 0
    assert hall.call_next("1") is None
    stored = next(t for t in hot(hall, "tickets") if t["code"] == ticket["code"])
    assert stored["status"] == "expired" and stored["history"][-1]["reason"] == "walk_in_ended"
    record = hall.status(ticket["code"])["record"]
    assert record["expired_because"] == "walk_in_ended"
    assert record["history"][-1] == {"at": stored["history"][-1]["at"], "event": "expired", "reason": "walk_in_ended"}


def test_walk_ins_left_at_closing_are_served_while_a_counter_stays_open(hall: Hall, clock: FixedClock) -> None:
    at(clock, "17:00")
    hall.set_counter("1", "open")
    first = hall.issue_ticket("social-security")
    second = hall.issue_ticket("social-security")
    at(clock, "17:40")  # past the walk-in hours, counter 1 still open: still served
    assert hall.call_next("1")["number"] == first["number"]
    hall.finish("1")
    assert ticket_status(hall, second["code"]) == "waiting"
    hall.set_counter("1", "closed")
    # counters 2 and 6 also serve social security but never opened today: nobody is left to call it
    assert ticket_status(hall, second["code"]) == "expired"
    assert hall.status(second["code"])["record"]["expired_because"] == "walk_in_ended"


def test_a_morning_ticket_still_waiting_at_lunch_is_served_in_the_afternoon(hall: Hall, clock: FixedClock) -> None:
    ticket = hall.issue_ticket("social-security")
    at(clock, "12:30")
    hall.set_counter("1", "closed")
    assert ticket_status(hall, ticket["code"]) == "waiting"
    at(clock, "14:00")
    assert hall.call_next("1")["number"] == ticket["number"]


def test_appointment_tickets_are_not_expired_with_the_walk_ins(hall: Hall, clock: FixedClock) -> None:
    at(clock, "09:00")
    appointment = hall.book("social-security", MONDAY, time(18, 30), "张三", PHONE)
    at(clock, "18:20")
    ticket = hall.check_in(appointment["code"], PHONE[-4:])["ticket"]
    at(clock, "18:30")
    assert hall.call_next("1")["number"] == ticket["number"]


def test_a_ticket_left_when_the_day_closes_says_so(hall: Hall, clock: FixedClock) -> None:
    ticket = hall.issue_ticket("social-security")
    at(clock, "09:00", date(2026, 11, 24))
    hall.issue_ticket("general")  # the next day's first write closes Monday
    assert hall.status(ticket["code"])["record"]["expired_because"] == "day_closed"


# --- late check-in, as kiosk.toml says ---------------------------------------------------------------------------


def test_late_check_in_joins_the_normal_queue_and_is_not_a_no_show(hall: Hall, clock: FixedClock) -> None:
    """kiosk.toml: within checkin_late_minutes an appointment ticket; later that day the normal queue (late,
    not a no-show); only an appointment never checked in that day is a no-show."""
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三", PHONE)
    on_time = hall.book("social-security", MONDAY, time(10, 15), "李四", "13912345678")
    at(clock, "10:30")  # 15 minutes after 10:15: still on time
    assert hall.check_in(on_time["code"], "5678")["ticket"]["kind"] == "appointment"
    late = hall.check_in(appointment["code"], PHONE[-4:])  # 30 minutes after 10:00
    assert late["ticket"]["kind"] == "late_appointment" and late["appointment"]["late"] is True
    assert late["appointment"]["status"] == "checked_in"
    text = (REPO / "kiosk.toml").read_text(encoding="utf-8")
    comment = text.split("checkin_late_minutes =")[0].rsplit("checkin_early_minutes", 1)[1]
    assert "normal queue" in comment and "not as a no-show" in comment and "排普通队" in comment


# --- booking days ------------------------------------------------------------------------------------------------


def test_a_day_the_service_is_not_offered_says_so_rather_than_fully_booked(hall: Hall) -> None:
    days = {day["date"]: day for day in hall.booking_days("civil-affairs")}
    saturday = days[SATURDAY.isoformat()]
    assert saturday["state"] == "not_offered" and saturday["closed"] is False
    assert saturday["reason"] == {"zh-Hans": "当天不办理此项业务", "en": "not offered this day"}
    assert days["2026-11-29"]["state"] == "closed"  # Sunday: the hall is closed
    assert days["2026-11-24"]["state"] == "open"
    social = {day["date"]: day for day in hall.booking_days("social-security")}
    assert social[SATURDAY.isoformat()]["state"] == "open"


def test_a_full_day_and_a_day_that_is_over_are_told_apart(hall: Hall, clock: FixedClock) -> None:
    at(clock, "17:10")  # the last civil-affairs slot (17:00) has begun: nothing left to book today
    today = hall.booking_days("civil-affairs")[0]
    assert today["state"] == "over" and today["remaining"] == 0
    for slot in hall.slots("civil-affairs", date(2026, 11, 24)):
        for n in range(slot["remaining"]):
            hall.book(
                "civil-affairs",
                date(2026, 11, 24),
                time.fromisoformat(slot["time"]),
                "王五",
                f"1380000{n:02d}{slot['time'][:2]}",
            )
    assert hall.booking_days("civil-affairs")[1]["state"] == "full"


# --- what cannot be rated ----------------------------------------------------------------------------------------


def test_an_expired_or_cancelled_record_says_it_ended_unserved(hall: Hall, clock: FixedClock) -> None:
    appointment = hall.book("social-security", MONDAY, time(15, 0), "张三", PHONE)
    hall.cancel(appointment["code"], PHONE[-4:])
    assert refusal(hall.rate, appointment["code"], 5).key == "rating.ended_unserved"
    ticket = hall.issue_ticket("social-security")
    at(clock, "19:00")
    hall.call_next("1")
    assert refusal(hall.rate, ticket["code"], 5).key == "rating.ended_unserved"
