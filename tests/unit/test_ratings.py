"""Satisfaction ratings through the Hall facade: levels, what can be rated and when, follow-ups for poor ratings.

The clock starts at Monday 2026-11-23 09:00; ratings.window_days = 30 and ratings.follow_up_days = 15.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at, hot, refusal

from kiosk import ratings
from kiosk.clock import FixedClock
from kiosk.errors import InvalidInput
from kiosk.hall import Hall
from kiosk.ratings import ON_RECORD

PHONE = "13812345678"


def served_ticket(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    """A social-security ticket issued now, called at counter 1 and finished ten minutes later."""
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    clock.advance(minutes=10)
    hall.finish("1", staff="s01")
    return ticket


def attended_appointment(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三", PHONE)
    at(clock, "09:50")
    hall.check_in(appointment["code"], PHONE[-4:])
    at(clock, "10:00")
    hall.call_next("1")
    at(clock, "10:10")
    hall.finish("1")
    return appointment


def resolved_request(hall: Hall) -> dict[str, Any]:
    request = hall.file_request("repair", "楼道灯坏了，晚上很黑", PHONE, address="阳光路8号")
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(request["code"], status, staff="s01", assignee="w02")
    return request


# --- levels ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        (5, 5),
        ("5", 5),
        ("very-satisfied", 5),
        ("非常满意", 5),
        ("Very satisfied", 5),
        (4, 4),
        ("satisfied", 4),
        ("满意", 4),
        (3, 3),
        ("fairly-satisfied", 3),
        ("基本满意", 3),
        (2, 2),
        ("dissatisfied", 2),
        ("不满意", 2),
        (1, 1),
        (" 1 ", 1),
        ("very-dissatisfied", 1),
        ("非常不满意", 1),
        ("VERY-DISSATISFIED", 1),
    ],
)
def test_five_levels_by_number_slug_or_name(typed: str | int, value: int) -> None:
    assert ratings.parse_level(typed).value == value


@pytest.mark.parametrize("typed", [0, 6, "good", "", "满", "5星"])
def test_anything_else_is_not_a_level(typed: str | int) -> None:
    with pytest.raises(InvalidInput) as info:
        ratings.parse_level(typed)
    assert info.value.key == "rating.bad_level"


def test_there_are_exactly_five_distinct_levels() -> None:
    assert sorted(level.value for level in ratings.LEVELS) == [1, 2, 3, 4, 5]
    assert len({level.slug for level in ratings.LEVELS}) == len({level.zh_hans for level in ratings.LEVELS}) == 5


# --- what can be rated -----------------------------------------------------------------------------------------


def test_rating_a_finished_ticket(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    assert hall.status(ticket["code"])["rated"] is False
    rating = hall.rate(ticket["code"], "非常满意", "办事很快")
    assert (rating["level"], rating["label"], rating["follow_up"]) == (5, "very-satisfied", None)
    [stored] = hot(hall, "ratings")
    assert stored["subject"] == ticket["code"] and stored["subject_kind"] == "ticket"
    assert (stored["service"], stored["counter"], stored["comment"]) == ("social-security", "1", "办事很快")
    assert stored["at"] == "2026-11-23T09:10:00+08:00"
    assert hall.status(ticket["code"])["rated"] is True


def test_rating_an_attended_appointment(hall: Hall, clock: FixedClock) -> None:
    appointment = attended_appointment(hall, clock)
    rating = hall.rate(appointment["code"], 4)
    assert rating["subject_kind"] == "appointment" and rating["service"] == "social-security"
    assert hall.status(appointment["code"])["rated"] is True


def test_rating_a_resolved_request(hall: Hall) -> None:
    request = resolved_request(hall)
    rating = hall.rate(request["code"], "satisfied")
    assert (rating["subject_kind"], rating["category"]) == ("request", "repair")
    assert hall.status(request["code"])["rated"] is True


def test_nothing_can_be_rated_before_it_was_served(hall: Hall, clock: FixedClock) -> None:
    waiting = hall.issue_ticket("social-security")
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三", PHONE)
    request = hall.file_request("complaint", "窗口工作人员态度不好", PHONE)
    for code, kind in [(waiting["code"], "ticket"), (appointment["code"], "appointment"), (request["code"], "request")]:
        error = refusal(hall.rate, code, 5)
        assert error.key == "rating.not_served"
        assert error.params == {"kind": kind}
    hall.call_next("1")
    assert refusal(hall.rate, waiting["code"], 5).key == "rating.not_served"  # called, not yet finished
    hall.no_show("1")
    assert refusal(hall.rate, waiting["code"], 5).key == "rating.no_show"  # never served, and never will be
    assert hot(hall, "ratings") == []


def test_a_service_is_rated_once(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    hall.rate(ticket["code"], 5)
    error = refusal(hall.rate, ticket["code"], 1)
    assert error.key == "rating.already"
    assert [r["level"] for r in hot(hall, "ratings")] == [5]
    assert hot(hall, "requests") == []


def test_a_service_is_rated_once_even_after_its_day_was_archived(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    hall.rate(ticket["code"], 5)
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("household")  # closes and archives Monday, the ticket and its rating with it
    assert hot(hall, "ratings") == []
    assert refusal(hall.rate, ticket["code"], 2).key == "rating.already"
    assert hall.status(ticket["code"])["rated"] is True


def test_an_archived_service_can_still_be_rated_the_first_time(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("household")
    assert hall.rate(ticket["code"], 4)["subject"] == ticket["code"]
    assert refusal(hall.rate, ticket["code"], 4).key == "rating.already"


def test_ratings_close_after_the_window(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)  # finished Monday 23 Nov 09:10
    late = served_ticket(hall, clock)  # finished 09:20
    at(clock, "09:10", date(2026, 12, 23))  # exactly 30 days after the first
    assert hall.rate(ticket["code"], 5)["level"] == 5
    at(clock, "09:21", date(2026, 12, 23))  # 30 days and a minute after the second
    error = refusal(hall.rate, late["code"], 5)
    assert error.key == "rating.too_late"
    assert error.params == {"days": 30}


# --- follow-ups ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [2, 1])
def test_a_poor_rating_opens_a_follow_up_due_in_fifteen_working_days(hall: Hall, clock: FixedClock, level: int) -> None:
    appointment = attended_appointment(hall, clock)  # finished 10:10
    clock.advance(minutes=5)
    rating = hall.rate(appointment["code"], level, "等了很久")
    [follow_up] = hot(hall, "requests")
    assert rating["follow_up"] == follow_up["code"]
    assert hot(hall, "ratings")[0]["follow_up"] == follow_up["code"]
    assert follow_up["category"] == "follow-up"
    assert follow_up["status"] == "submitted"
    assert follow_up["phone"] == PHONE  # so someone can call the resident back
    assert follow_up["description"] == "等了很久"
    assert follow_up["origin"] == {
        "rating": f"rating:{appointment['code']}",
        "subject": appointment["code"],
        "level": level,
    }
    # 15 working days from Monday 23 Nov: 24-27 Nov, 30 Nov-4 Dec, 7-11 Dec, 14 Dec.
    assert follow_up["due_at"] == "2026-12-14T10:15:00+08:00"
    assert hall.status(follow_up["code"])["kind"] == "request"


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_fair_or_better_rating_opens_no_follow_up(hall: Hall, clock: FixedClock, level: int) -> None:
    ticket = served_ticket(hall, clock)
    assert hall.rate(ticket["code"], level)["follow_up"] is None
    assert hot(hall, "requests") == []


def test_a_poor_rating_of_a_request_follows_up_with_the_requests_phone(hall: Hall) -> None:
    request = resolved_request(hall)
    rating = hall.rate(request["code"], "非常不满意", reasons=["slow"])
    follow_up = hall.request_detail(rating["follow_up"])
    assert follow_up["contact"] == PHONE
    assert follow_up["origin"]["subject"] == request["code"]
    assert hall.status(rating["follow_up"])["record"]["follow_up"] is True


# --- who is called back ----------------------------------------------------------------------------------------


def test_a_poor_rating_of_an_appointments_ticket_calls_the_appointments_phone(hall: Hall, clock: FixedClock) -> None:
    """The ticket came from a checked-in appointment: its phone is the one to call back, not an empty one; and none
    of its digits reach whoever holds the ticket's code (the last four prove the appointment is theirs)."""
    appointment = attended_appointment(hall, clock)
    [ticket] = hot(hall, "tickets")
    assert hall.rating_contact(ticket["code"], 1) == {"follow_up": True, "phone": ON_RECORD}
    rating = hall.rate(ticket["code"], 1, reasons=["attitude"])
    assert rating["call_back"] == ON_RECORD and "5678" not in str(rating)
    [follow_up] = hot(hall, "requests")
    assert follow_up["phone"] == PHONE
    assert hot(hall, "ratings")[0]["call_back"] == ON_RECORD
    # One visit, one rating (一次一评): its appointment's code cannot be rated again.
    assert refusal(hall.rate, appointment["code"], 1).key == "rating.already"


def test_a_walk_in_has_no_phone_on_record_and_may_give_one(hall: Hall, clock: FixedClock) -> None:
    first = served_ticket(hall, clock)
    assert hall.rating_contact(first["code"], 2) == {"follow_up": True, "phone": None}
    assert hall.rating_contact(first["code"], 3) == {"follow_up": False, "phone": None}
    rating = hall.rate(first["code"], 2, "等太久", phone="１３９ 1234 5678")  # full-width, spaced: normalised
    assert rating["call_back"] == "139****5678"
    assert hall.request_detail(rating["follow_up"])["contact"] == "13912345678"
    second = served_ticket(hall, clock)
    # No phone given, none on record: opened, but nobody can call back.
    rating = hall.rate(second["code"], 1, reasons=["slow"])
    assert rating["follow_up"] is not None and rating["call_back"] is None
    assert hall.request_detail(rating["follow_up"])["contact"] is None


def test_a_phone_given_with_the_rating_takes_the_place_of_the_one_on_record(hall: Hall) -> None:
    request = resolved_request(hall)
    rating = hall.rate(request["code"], 1, phone="13700001111", reasons=["slow"])
    assert rating["call_back"] == "137****1111"
    assert hall.request_detail(rating["follow_up"])["contact"] == "13700001111"


def test_a_bad_phone_refuses_the_rating_and_writes_nothing(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], 1, phone="12")
    assert info.value.field == "phone"
    assert hot(hall, "ratings") == [] and hot(hall, "requests") == []


def test_a_good_rating_keeps_no_phone(hall: Hall, clock: FixedClock) -> None:
    ticket = served_ticket(hall, clock)
    rating = hall.rate(ticket["code"], 5, phone="13912345678")
    assert rating["follow_up"] is None and rating["call_back"] is None
