"""Closing a day: records leave the hot file for the archive, exactly once, and the hot file stays small."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at, hot

from kiosk.clock import FixedClock
from kiosk.hall import Hall

DAY_TABLES = ("tickets", "calls", "appointments", "ratings", "audit")


def archived(hall: Hall, day: date, table: str) -> list[dict[str, Any]]:
    return list(hall.store.archive.read_day(day).get(table, {}).values())


def busy_monday(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    """A Monday with something in every table: served, waiting and called tickets, calls, a rating, an
    appointment missed today, one for later in the week, an ended request and an open one."""
    served = hall.issue_ticket("social-security")
    waiting = hall.issue_ticket("household")
    hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=8)
    hall.finish("1")
    hall.rate(served["code"], 5)
    hall.call_next("1")  # A002 is still at the counter when the day ends
    missed = hall.book("elderly", MONDAY, time(15, 0), "张三", "13812345678")
    later = hall.book("elderly", date(2026, 11, 26), time(15, 0), "李四", "13912345678")
    rejected = hall.file_request("other", "询问办事流程", "13812345678")["code"]
    hall.advance_request(rejected, "rejected", staff="s01", note="重复")
    still_open = hall.file_request("other", "询问老年卡办理", "13812345678")["code"]
    return {
        "served": served,
        "waiting": waiting,
        "missed": missed,
        "later": later,
        "rejected": rejected,
        "open": still_open,
    }


def test_closing_moves_the_days_records_to_the_archive(hall: Hall, clock: FixedClock) -> None:
    monday = busy_monday(hall, clock)
    at(clock, "08:00", TUESDAY)
    moved = hall.close_days()
    # The audit log moves with its day: two calls, a finish and a request step.
    assert moved == {"tickets": 3, "calls": 2, "appointments": 1, "ratings": 1, "requests": 1, "audit": 4}
    for table in DAY_TABLES:
        assert [r for r in hot(hall, table) if r.get("day", r.get("at", ""))[:10] == "2026-11-23"] == []
    assert [a["code"] for a in hot(hall, "appointments")] == [monday["later"]["code"]]
    assert [r["code"] for r in hot(hall, "requests")] == [monday["open"]]
    tickets = {t["number"]: t for t in archived(hall, MONDAY, "tickets")}
    assert {n: t["status"] for n, t in tickets.items()} == {"A001": "done", "A002": "expired", "B001": "expired"}
    assert [c["number"] for c in sorted(archived(hall, MONDAY, "calls"), key=lambda c: c["seq"])] == ["A001", "A002"]
    assert [(a["code"], a["status"]) for a in archived(hall, MONDAY, "appointments")] == [
        (monday["missed"]["code"], "no_show")
    ]
    assert [r["subject"] for r in archived(hall, MONDAY, "ratings")] == [monday["served"]["code"]]
    assert [r["code"] for r in archived(hall, MONDAY, "requests")] == [monday["rejected"]]
    assert [e["action"] for e in sorted(archived(hall, MONDAY, "audit"), key=lambda e: e["seq"])] == [
        "call",
        "finish",
        "call",
        "request_status",
    ]
    assert hall.store.archive.days() == [MONDAY]


def test_a_counter_left_serving_at_closing_starts_the_next_day_free(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("social-security")
    assert hall.call_next("1")["key"] == "2026-11-24/A001"


def test_the_first_write_of_a_day_closes_earlier_days_without_being_asked(hall: Hall, clock: FixedClock) -> None:
    busy_monday(hall, clock)
    at(clock, "09:00", date(2026, 11, 26))  # Thursday: nothing happened Tuesday or Wednesday
    hall.file_request("other", "询问办事流程", "13812345678")
    assert hot(hall, "tickets") == []
    assert len(archived(hall, MONDAY, "tickets")) == 3
    assert hall.close_days() == {}  # nothing left to move


class Crash(Exception):
    """Stands for the process dying after the archive was written, before the hot file was."""


def test_a_close_interrupted_after_the_archive_write_is_redone_without_duplicates(
    hall: Hall, clock: FixedClock
) -> None:
    """The archive is written just before the hot file; a crash between the two repeats the move, identically."""
    monday = busy_monday(hall, clock)
    at(clock, "09:00", TUESDAY)

    def crash(line: bytes) -> None:  # the machine stops after the archive write, before the hot file's record
        raise Crash

    append = hall.store._append
    hall.store._append = crash  # type: ignore[method-assign]
    with pytest.raises(Crash):
        hall.close_days()
    hall.store._append = append  # type: ignore[method-assign]
    hall.store._forget()
    # The archive got Monday; the hot file, never committed, still holds it too.
    assert len(archived(hall, MONDAY, "tickets")) == 3
    assert len(hot(hall, "tickets")) == 3
    assert {t["status"] for t in hot(hall, "tickets")} == {"done", "waiting", "called"}

    hall.issue_ticket("social-security")  # the next write closes Monday again
    tickets = archived(hall, MONDAY, "tickets")
    assert sorted(t["key"] for t in tickets) == ["2026-11-23/A001", "2026-11-23/A002", "2026-11-23/B001"]
    for table, count in {"calls": 2, "appointments": 1, "ratings": 1, "requests": 1, "audit": 4}.items():
        records = archived(hall, MONDAY, table)
        assert len(records) == count == len({r["key"] for r in records}), table
    expired = next(t for t in tickets if t["number"] == "B001")
    assert [h["event"] for h in expired["history"]] == ["issued", "expired"]
    assert [t["key"] for t in hot(hall, "tickets")] == ["2026-11-24/A001"]
    assert hall.status(monday["waiting"]["code"])["record"]["status"] == "expired"
    assert hall.status(monday["missed"]["code"])["record"]["status"] == "no_show"


def working_days(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_the_hot_file_holds_only_today_after_many_days(hall: Hall, clock: FixedClock) -> None:
    services = ["social-security", "household", "civil-affairs", "employment", "elderly", "general"]
    sizes = []
    days = working_days(MONDAY, 20)
    for day in days:
        at(clock, "08:30", day)
        for n in range(30):
            hall.issue_ticket(services[n % len(services)])
        for counter in ("1", "3", "5"):  # a few served each day, so calls pile up too
            hall.call_next(counter)
            clock.advance(minutes=5)
            hall.finish(counter)
        sizes.append(hall.store.path.stat().st_size)
    today = days[-1].isoformat()
    counts = {table: len(hot(hall, table)) for table in DAY_TABLES}
    assert counts == {"tickets": 30, "calls": 3, "appointments": 0, "ratings": 0, "audit": 6}
    assert all(t["day"] == today for t in hot(hall, "tickets"))
    assert hall.store.archive.days() == days[:-1]
    assert all(len(archived(hall, day, "tickets")) == 30 for day in days[:-1])
    assert max(sizes[1:]) < 1.1 * min(sizes[1:])  # the hot file does not grow with history
