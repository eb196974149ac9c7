"""The facade methods the screens need so that they import no rule module: finishing and calling in one
transaction, the report's figures, the opening periods of a day, the preferred visit times, checking and
masking a form field, the fairness cap in the counter's read model, the follow-up in a rating's result.

The clock starts at Monday 2026-11-23 09:00 (conftest).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from domain_helpers import MONDAY, at, hot, refusal

from kiosk import queue, requests, staff
from kiosk.clock import FixedClock
from kiosk.errors import InvalidInput, KioskError, Refused
from kiosk.hall import Hall

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


def audit_log(hall: Hall) -> list[tuple[Any, ...]]:
    entries = sorted(hot(hall, "audit"), key=lambda e: e["seq"])
    return [(e["action"], e["staff"], e["counter"], e["ticket"], e["detail"]) for e in entries]


# --- finish and call next, one transaction ---------------------------------------------------------------------


def test_finish_and_call_next_does_both_with_an_audit_entry_each(hall: Hall) -> None:
    first = hall.issue_ticket("social-security")
    second = hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    version = hall.version()

    result = hall.finish_and_call_next("1", outcome="documents_missing", note="缺户口簿", staff="s01")

    assert result["finished"]["code"] == first["code"] and result["finished"]["status"] == "done"
    assert result["finished"]["outcome"] == "documents_missing"
    assert result["called"]["code"] == second["code"] and result["called"]["status"] == "called"
    assert hall.counter_view("1")["serving"]["number"] == "A002"
    assert audit_log(hall)[1:] == [
        (
            "finish",
            "s01",
            "1",
            "A001",
            {"outcome": "documents_missing", "note": "缺户口簿", "service": "social-security"},
        ),
        ("call", "s01", "1", "A002", {"service": "social-security"}),
    ]
    # The same entries as finish() then call_next() would write, in one commit.
    assert hall.version() != version


def test_finish_and_call_next_commits_once(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    transactions = []
    real = hall.store.transaction

    def counted() -> Any:
        transactions.append(1)
        return real()

    monkeypatch.setattr(hall.store, "transaction", counted)
    hall.finish_and_call_next("1", staff="s01")
    assert len(transactions) == 1


def test_when_nobody_waits_the_finish_still_happens_and_nobody_is_called(hall: Hall) -> None:
    only = hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")

    result = hall.finish_and_call_next("1", staff="s01")

    assert result["finished"]["code"] == only["code"] and result["called"] is None
    view = hall.counter_view("1")
    assert view["serving"] is None and view["served_today"]["counter"] == 1
    assert [entry[0] for entry in audit_log(hall)] == ["call", "finish", "call"]
    assert audit_log(hall)[-1] == ("call", "s01", "1", None, {"empty": True})


@pytest.mark.parametrize(
    "what, kwargs",
    [
        ("a bad outcome", {"outcome": "great"}),
        ("an unknown counter", {"counter": "99"}),
        ("a malformed staff id", {"staff": "s 01"}),
    ],
)
def test_a_refused_finish_and_call_writes_nothing(hall: Hall, what: str, kwargs: dict[str, Any]) -> None:
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    before = (hot(hall, "tickets"), hot(hall, "audit"), hot(hall, "calls"), hall.version())

    with pytest.raises(KioskError):
        hall.finish_and_call_next(**{"counter": "1", "staff": "s01", **kwargs})

    assert (hot(hall, "tickets"), hot(hall, "audit"), hot(hall, "calls"), hall.version()) == before, what


def test_a_refused_call_leaves_the_finish_unwritten(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    before = (hot(hall, "tickets"), hot(hall, "audit"), hot(hall, "calls"), hall.version())

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise Refused("counter.busy", counter="1", number="A001")

    monkeypatch.setattr(queue, "call_next", refuse)

    assert refusal(hall.finish_and_call_next, "1", staff="s01").key == "counter.busy"
    assert (hot(hall, "tickets"), hot(hall, "audit"), hot(hall, "calls"), hall.version()) == before
    assert hall.counter_view("1")["serving"]["number"] == "A001"


def test_finish_and_call_next_is_refused_when_nobody_is_served(hall: Hall) -> None:
    hall.issue_ticket("social-security")
    version = hall.version()
    assert refusal(hall.finish_and_call_next, "1", staff="s01").key == "counter.idle"
    assert hall.version() == version and hot(hall, "audit") == []


def test_finish_and_call_next_at_a_signed_in_counter_is_the_clerks(hall: Hall) -> None:
    hall.add_staff("s02", "李强", "480316")
    hall.sign_in("s02", "480316", "1")
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s02")
    assert refusal(hall.finish_and_call_next, "1", staff="s09").key
    result = hall.finish_and_call_next("1", staff="s02")
    assert result["called"]["number"] == "A002"
    assert [e[:2] for e in audit_log(hall)[-2:]] == [("finish", "s02"), ("call", "s02")]


# --- the report's figures ----------------------------------------------------------------------------------------


def test_report_gives_the_figures_of_the_span_today_by_default(hall: Hall, clock: FixedClock) -> None:
    from kiosk import report

    for _ in range(3):
        hall.issue_ticket("social-security")
    clock.advance(minutes=12)
    for _ in range(2):
        hall.call_next("1")
        hall.finish("1")
    figures = hall.report()
    assert figures == report.build(hall, MONDAY, MONDAY)
    assert figures["from"] == figures["to"] == "2026-11-23" and figures["tickets"]["total"]["served"] == 2
    assert hall.report(date(2026, 11, 17), MONDAY, bucket_minutes=30)["days"] == 7
    series = hall.report(bucket_minutes=15)["waits_by_hour"]["series"]
    assert series[1]["start"] == "08:45"


# --- the opening periods of a day, the preferred visit times ---------------------------------------------------


def test_open_periods_of_a_day(hall: Hall) -> None:
    periods = hall.open_periods(date(2026, 11, 28))  # a Saturday: staggered hours, appointments only
    assert periods and all(p["staggered"] for p in periods)
    assert [p["start"][11:16] for p in hall.open_periods(MONDAY)] == sorted(
        p["start"][11:16] for p in hall.open_periods(MONDAY)
    )
    assert set(hall.open_periods(MONDAY)[0]) == {"start", "end", "staggered", "walk_in", "booking", "window"}
    assert hall.open_periods(date(2026, 11, 29)) == []  # a Sunday


def test_preferred_times_are_the_rules_choices_now(hall: Hall, clock: FixedClock) -> None:
    times = hall.preferred_times()
    assert times == requests.preferred_choices(hall.context())
    assert {t["kind"] for t in times} == {"evening", "weekend", "daytime"}
    # Each passes the filing rules.
    record = hall.file_request("suggestion", "More chairs, please", PHONE, preferred_time=times[0]["at"])
    assert record["preferred_time"] == times[0]["at"]


# --- form fields ------------------------------------------------------------------------------------------------


def test_check_field_gives_the_normal_form_or_the_fields_error(hall: Hall) -> None:
    assert hall.check_field("phone", "+86 138-1234-5678") == PHONE
    assert hall.check_field("name", "  张   三 ") == "张 三"
    assert hall.check_field("description", "  Leaking tap  ") == "Leaking tap"
    assert hall.check_field("phone_last4", "５６７８") == "5678"
    for field, value in (
        ("phone", "12345"),
        ("name", ""),
        ("description", "tap"),
        ("phone_last4", "56"),
        ("address", "x" * 500),
    ):
        with pytest.raises(InvalidInput) as info:
            hall.check_field(field, value)
        assert info.value.field == field
    with pytest.raises(ValueError):
        hall.check_field("pin", "1234")


def test_an_address_is_required_when_the_request_category_needs_one(hall: Hall) -> None:
    assert hall.check_field("address", "") == ""
    assert hall.check_field("address", "", category="suggestion") == ""
    with pytest.raises(InvalidInput) as info:
        hall.check_field("address", "", category="repair")
    assert info.value.field == "address"
    assert hall.check_field("address", " 1 Main St ", category="repair") == "1 Main St"


def test_masked_shows_a_valid_value_masked_and_nothing_else(hall: Hall) -> None:
    assert hall.masked("phone", "138 1234 5678") == "138****5678"
    assert hall.masked("phone", "1381234") is None
    assert hall.masked("name", "张三") == "张*"
    assert hall.masked("name", "") is None


# --- read models and results carry what the screens used to work out -----------------------------------------


def test_the_counter_view_marks_who_waited_past_the_fairness_cap(hall: Hall, clock: FixedClock) -> None:
    cap = hall.config.queue.max_wait_minutes
    hall.issue_ticket("social-security")
    clock.advance(minutes=10)
    hall.issue_ticket("social-security", priority=True)
    clock.advance(minutes=cap - 10 - 1)
    items = hall.counter_view("1")["queues"][0]["next"]
    assert [(i["number"], i["past_wait_cap"], i["urgent"]) for i in items] == [
        ("A002", False, True),
        ("A001", False, False),
    ]
    clock.advance(minutes=1)
    items = hall.counter_view("1")["queues"][0]["next"]
    assert [(i["number"], i["past_wait_cap"], i["urgent"]) for i in items] == [
        ("A001", True, True),
        ("A002", False, True),
    ]


def test_a_ratings_result_says_whether_a_follow_up_was_opened(hall: Hall, clock: FixedClock) -> None:
    codes = []
    for _ in range(2):
        codes.append(hall.issue_ticket("social-security")["code"])
    for _ in range(2):
        hall.call_next("1")
        hall.finish("1")
    at(clock, "10:00")
    assert hall.rate(codes[0], 3)["follow_up"] is None
    follow_up = hall.rate(codes[1], 2, "slow")["follow_up"]
    assert follow_up and hall.status(follow_up)["kind"] == "request"
