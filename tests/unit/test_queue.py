"""The walk-in queue through the Hall facade: numbering, calling order, counters, wait estimates, refusals.

The clock starts at Monday 2026-11-23 09:00 (conftest). Counters and services come from the bundled kiosk.toml:
counter 1 calls social-security (A); 2 social-security + elderly (E); 5 employment (D); 6 general (F) plus A, B, D.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at, hot, refusal

from kiosk.clock import FixedClock
from kiosk.config import HallConfig, parse_config
from kiosk.errors import ConfigError, InvalidInput, NotFound, Refused
from kiosk.hall import Hall


def service_summary(hall: Hall, service: str) -> dict[str, Any]:
    return next(s for s in hall.overview()["services"] if s["id"] == service)


# --- numbering -------------------------------------------------------------------------------------------------


def test_numbers_run_per_service_per_day(hall: Hall) -> None:
    numbers = [
        hall.issue_ticket(s)["number"]
        for s in ("social-security", "social-security", "household", "social-security", "household")
    ]
    assert numbers == ["A001", "A002", "B001", "A003", "B002"]
    stored = {t["key"]: t for t in hot(hall, "tickets")}
    assert set(stored) == {f"2026-11-23/{n}" for n in numbers}
    assert all(t["status"] == "waiting" and t["day"] == "2026-11-23" for t in stored.values())
    assert len({t["code"] for t in stored.values()}) == 5


def test_numbering_restarts_the_next_day_and_the_previous_day_is_archived(hall: Hall, clock: FixedClock) -> None:
    monday = [hall.issue_ticket("social-security")["code"] for _ in range(2)] + [hall.issue_ticket("household")["code"]]
    at(clock, "09:00", TUESDAY)  # no cron, no close call: the first write of the day does it
    ticket = hall.issue_ticket("social-security")
    assert ticket["number"] == "A001"
    assert ticket["key"] == "2026-11-24/A001"
    assert [t["key"] for t in hot(hall, "tickets")] == ["2026-11-24/A001"]
    archived = hall.store.archive.read_day(MONDAY)["tickets"]
    assert sorted(t["number"] for t in archived.values()) == ["A001", "A002", "B001"]
    assert {t["status"] for t in archived.values()} == {"expired"}
    for code in monday:
        assert hall.status(code)["record"]["day"] == "2026-11-23"


# --- calling order ---------------------------------------------------------------------------------------------


def test_a_priority_ticket_is_called_before_earlier_normal_tickets(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    at(clock, "09:05")
    hall.issue_ticket("social-security", priority=True)
    at(clock, "09:10")
    assert hall.call_next("1")["number"] == "A002"
    hall.finish("1")
    assert hall.call_next("1")["number"] == "A001"


def test_a_checked_in_appointment_is_called_first_once_its_slot_has_begun(hall: Hall, clock: FixedClock) -> None:
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三", "13812345678")
    at(clock, "09:40")
    hall.issue_ticket("social-security")
    at(clock, "09:50")
    appointment_ticket = hall.check_in(appointment["code"], "5678")["ticket"]
    at(clock, "10:00")
    assert hall.call_next("1")["number"] == appointment_ticket["number"]


def test_the_longest_wait_is_called_first_across_a_counters_services(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("elderly")
    at(clock, "09:05")
    hall.issue_ticket("social-security")
    at(clock, "09:10")
    hall.issue_ticket("elderly")
    at(clock, "09:20")
    called = []
    for _ in range(3):
        called.append(hall.call_next("2")["number"])
        hall.finish("2")
    assert called == ["E001", "A001", "E002"]


@pytest.mark.parametrize(("first_waited", "called_first"), [(44, "A002"), (45, "A001"), (60, "A001")])
def test_fairness_cap_a_long_wait_beats_newer_priority_tickets(
    hall: Hall, clock: FixedClock, first_waited: int, called_first: str
) -> None:
    """max_wait_minutes = 45: from then on the normal ticket is as urgent as priority, and it waited longer."""
    hall.issue_ticket("social-security")  # A001, normal, 09:00
    clock.advance(minutes=first_waited - 1)
    hall.issue_ticket("social-security", priority=True)  # A002
    clock.advance(minutes=1)
    assert hall.call_next("1")["number"] == called_first


def test_calling_while_serving_is_refused(hall: Hall) -> None:
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1")
    error = refusal(hall.call_next, "1")
    assert error.key == "counter.busy"
    assert error.params["number"] == "A001"
    assert [t["status"] for t in sorted(hot(hall, "tickets"), key=lambda t: t["seq"])] == ["called", "waiting"]


def test_calling_on_an_empty_queue_returns_none_and_opens_the_counter(hall: Hall) -> None:
    hall.issue_ticket("household")  # counter 1 does not call household
    assert hall.call_next("1", staff="s01") is None
    counter = next(c for c in hall.overview()["counters"] if c["id"] == "1")
    assert counter == {"id": "1", "state": "open", "serving": None}
    assert len(hot(hall, "calls")) == 0


def test_unknown_counter_and_service_are_not_found(hall: Hall) -> None:
    with pytest.raises(NotFound) as info:
        hall.call_next("9")
    assert info.value.key == "counter.unknown"
    with pytest.raises(NotFound) as info:
        hall.issue_ticket("passport")
    assert info.value.key == "service.unknown"


# --- at the counter --------------------------------------------------------------------------------------------


def test_recall_up_to_max_recalls_then_only_a_confirmed_no_show(
    hall: Hall, hall_config: HallConfig, clock: FixedClock
) -> None:
    limit = hall_config.queue.max_recalls
    hall.issue_ticket("social-security")
    hall.call_next("1")
    for n in range(1, limit + 1):
        clock.advance(seconds=hall_config.queue.recall_interval_seconds)
        ticket = hall.recall("1")
        assert ticket["status"] == "called"
        assert ticket["recalls"] == n
    clock.advance(seconds=hall_config.queue.recall_interval_seconds)
    # The recall past the limit does not quietly make a no-show: it is refused, saying how to mark one.
    error = refusal(hall.recall, "1")
    assert error.key == "ticket.recalls_exhausted"
    assert "no-show" in error.message("en") and "过号" in error.message("zh-Hans")
    assert hot(hall, "tickets")[0]["status"] == "called"
    ticket = hall.recall("1", give_up=True)
    assert ticket["status"] == "no_show"
    assert hot(hall, "tickets")[0]["status"] == "no_show"
    assert hot(hall, "tickets")[0]["history"][-1]["note"] == "recalls_exhausted"
    calls = sorted(hot(hall, "calls"), key=lambda c: c["seq"])
    assert [c["recall"] for c in calls] == [False] + [True] * limit
    assert refusal(hall.recall, "1").key == "counter.idle"


def test_give_up_before_the_limit_is_an_ordinary_recall(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=1)
    ticket = hall.recall("1", give_up=True)
    assert (ticket["status"], ticket["recalls"]) == ("called", 1)


def test_a_recall_waits_the_configured_interval_after_the_last_call(
    hall: Hall, hall_config: HallConfig, clock: FixedClock
) -> None:
    interval = hall_config.queue.recall_interval_seconds
    assert interval == 30  # the bundled kiosk.toml
    hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(seconds=4)
    error = refusal(hall.recall, "1")
    assert error.key == "ticket.recall_too_soon"
    assert error.params["seconds"] == interval - 4 and error.data == {"seconds": interval - 4}
    assert "26 s" in error.message("en") and "26 秒" in error.message("zh-Hans")
    assert [c["recall"] for c in hot(hall, "calls")] == [False]  # nothing written
    clock.advance(seconds=interval - 4)
    assert hall.recall("1")["recalls"] == 1
    # counted again from the recall
    clock.advance(seconds=interval - 1)
    assert refusal(hall.recall, "1").params["seconds"] == 1
    clock.advance(seconds=1)
    assert hall.recall("1")["recalls"] == 2


def test_recall_interval_is_read_and_checked_from_kiosk_toml(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "kiosk.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    data["queue"]["recall_interval_seconds"] = 0
    assert parse_config(data, source).queue.recall_interval_seconds == 0
    del data["queue"]["recall_interval_seconds"]
    assert parse_config(data, source).queue.recall_interval_seconds == 30
    for bad in (-1, 601, "30", 1.5):
        data["queue"]["recall_interval_seconds"] = bad
        with pytest.raises(ConfigError) as info:
            parse_config(data, source)
        assert "queue.recall_interval_seconds" in str(info.value)


def test_no_show_ends_the_ticket_and_frees_the_counter(hall: Hall) -> None:
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.call_next("1")
    assert hall.no_show("1", staff="s01")["status"] == "no_show"
    assert hall.call_next("1")["number"] == "A002"
    statuses = {t["number"]: t["status"] for t in hot(hall, "tickets")}
    assert statuses == {"A001": "no_show", "A002": "called"}


def test_transfer_keeps_the_number_and_the_place(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")  # A001 at 09:00
    at(clock, "09:05")
    hall.issue_ticket("employment")  # D001
    at(clock, "09:10")
    hall.issue_ticket("employment")  # D002
    hall.call_next("1")
    at(clock, "09:15")
    moved = hall.transfer("1", "employment", staff="s01")
    assert (moved["number"], moved["service"], moved["status"]) == ("A001", "employment", "waiting")
    assert hall.call_next("1") is None  # counter 1 is free again and A001 is no longer in its queue
    assert hall.call_next("5")["number"] == "A001"
    hall.finish("5")
    assert hall.call_next("5")["number"] == "D001"


def test_transfer_to_the_same_service_is_refused(hall: Hall) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    assert refusal(hall.transfer, "1", "social-security").key == "ticket.same_service"


def test_finish_records_the_outcome_and_refuses_an_unknown_one(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    with pytest.raises(InvalidInput) as info:
        hall.finish("1", outcome="lost")
    assert info.value.key == "ticket.bad_outcome"
    assert hot(hall, "tickets")[0]["status"] == "called"
    clock.advance(minutes=7)
    done = hall.finish("1", outcome="documents_missing", staff="s01", note="缺户口簿")
    stored = hot(hall, "tickets")[0]
    assert stored["status"] == done["status"] == "done"
    assert stored["outcome"] == "documents_missing"
    assert stored["finished_at"] == "2026-11-23T09:07:00+08:00"
    assert stored["history"][-1] == {
        "at": "2026-11-23T09:07:00+08:00",
        "event": "finished",
        "counter": "1",
        "staff": "s01",
        "outcome": "documents_missing",
        "note": "缺户口簿",
    }


def test_finish_on_an_idle_counter_is_refused(hall: Hall) -> None:
    assert refusal(hall.finish, "1").key == "counter.idle"


@pytest.mark.parametrize("state", ["paused", "closed"])
def test_pause_or_close_while_serving_is_refused(hall: Hall, state: str) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    assert refusal(hall.set_counter, "1", state).key == "counter.finish_first"
    hall.finish("1")
    assert hall.set_counter("1", state)["state"] == state


def test_a_bad_counter_state_is_invalid(hall: Hall) -> None:
    with pytest.raises(InvalidInput) as info:
        hall.set_counter("1", "asleep")
    assert info.value.key == "counter.bad_state"


# --- wait estimates --------------------------------------------------------------------------------------------


def test_the_estimate_grows_with_the_tickets_ahead(hall: Hall) -> None:
    hall.set_counter("1", "open")
    tickets = [hall.issue_ticket("social-security") for _ in range(6)]
    highs = [t["wait_max"] for t in tickets]
    lows = [t["wait_min"] for t in tickets]
    assert highs == sorted(highs) and len(set(highs)) == len(highs)
    assert lows == sorted(lows) and lows[-1] > lows[0]
    assert all(t["wait_min"] < t["wait_max"] for t in tickets)


def test_the_estimate_shrinks_with_more_open_counters(hall: Hall) -> None:
    for _ in range(6):
        hall.issue_ticket("social-security")
    estimates = []
    for counter in ("1", "2", "6"):  # the three counters calling social-security
        hall.set_counter(counter, "open")
        summary = service_summary(hall, "social-security")
        estimates.append((summary["wait_min"], summary["wait_max"]))
    assert estimates[0][1] > estimates[1][1] > estimates[2][1]
    assert estimates[0][0] > estimates[1][0] > estimates[2][0]


def test_the_estimate_learns_service_time_from_todays_served_tickets(
    hall: Hall, clock: FixedClock, hall_config: HallConfig
) -> None:
    """After learn_min_samples served tickets the measured time (20 min here) replaces avg_minutes (8)."""
    assert hall_config.queue.learn_min_samples == 3
    avg = hall_config.service("social-security").avg_minutes
    hall.set_counter("1", "open")  # the only open counter for the service: one counter's capacity

    def serve_one() -> None:
        hall.call_next("1")
        clock.advance(minutes=20)
        hall.finish("1")

    for _ in range(2):
        hall.issue_ticket("social-security")
        serve_one()
    for _ in range(3):
        hall.issue_ticket("social-security")
    before = service_summary(hall, "social-security")  # 3 waiting, only 2 samples: still avg_minutes
    assert before["waiting"] == 3
    assert before["wait_min"] <= 3 * avg <= before["wait_max"] < 3 * 20
    serve_one()  # the third sample
    after = service_summary(hall, "social-security")
    assert after["waiting"] == 2
    assert after["wait_min"] <= 2 * 20 <= after["wait_max"]
    assert after["wait_min"] > 2 * avg


def test_the_queue_length_counted_from_the_index_is_the_waiting_list_s(hall: Hall, clock: FixedClock) -> None:
    """``waiting_count`` (what an issue counts) agrees with ``waiting`` by day, service and status, in the walk-in
    hours and after them, when walk-ins whose session is over no longer wait."""
    from kiosk import queue

    def both(service: str) -> tuple[int, int]:
        return hall.read(
            lambda tx, ctx: (queue.waiting_count(tx, ctx, service), len(queue.waiting(tx, ctx, {service})))
        )

    for _ in range(3):
        hall.issue_ticket("social-security")
    hall.issue_ticket("civil-affairs")
    assert both("social-security") == (3, 3) and both("civil-affairs") == (1, 1)
    hall.set_counter("1", "open")
    hall.call_next("1")
    assert both("social-security") == (2, 2), "a called ticket no longer waits"
    at(clock, "18:40")  # the appointments-only evening: the day's walk-ins are over
    assert both("social-security") == (0, 0)


def test_a_wait_that_spans_lunch_includes_the_break(hall: Hall, clock: FixedClock) -> None:
    at(clock, "11:50")
    hall.set_counter("1", "open")
    for _ in range(10):
        hall.issue_ticket("social-security")
    ticket = hall.issue_ticket("social-security")
    # Ten minutes of morning, then the 12:00-14:00 break, before the expected call in the afternoon.
    assert ticket["wait_min"] >= 10 + 120
    assert ticket["wait_max"] > ticket["wait_min"]
    assert hall.status(ticket["code"])["position"] == 10


def test_no_wait_is_promised_while_no_counter_calls_the_service(hall: Hall) -> None:
    """09:00, open for walk-ins, but no clerk has opened a counter for social security: no minutes."""
    ticket = hall.issue_ticket("social-security")
    assert (ticket["wait_min"], ticket["wait_max"]) == (None, None)
    assert ticket["wait_unknown"] == "counters_closed"
    assert ticket["counters_open_at"] is None  # in a session already: when a clerk comes is not known
    assert [t["wait_unknown"] for t in hot(hall, "tickets")] == ["counters_closed"]
    summary = service_summary(hall, "social-security")
    assert (summary["wait_min"], summary["wait_max"], summary["wait_unknown"]) == (None, None, "counters_closed")
    hall.set_counter("5", "open")  # employment only: social security still has nobody
    assert service_summary(hall, "social-security")["wait_unknown"] == "counters_closed"
    assert service_summary(hall, "employment")["wait_unknown"] is None
    hall.set_counter("1", "open")
    summary = service_summary(hall, "social-security")
    assert summary["wait_unknown"] is None and 0 <= summary["wait_min"] < summary["wait_max"]
    second = hall.issue_ticket("social-security")
    assert second["wait_unknown"] is None and second["wait_min"] < second["wait_max"]


def test_paused_counters_and_the_next_session_are_said(hall: Hall, clock: FixedClock) -> None:
    for counter in ("1", "2", "6"):
        hall.set_counter(counter, "paused")
    assert service_summary(hall, "social-security")["wait_unknown"] == "counters_paused"
    at(clock, "12:30")  # the lunch break: the counters open with the afternoon session
    summary = service_summary(hall, "household")
    assert summary["wait_min"] is None and summary["wait_unknown"] == "counters_paused"
    summary = service_summary(hall, "elderly")
    assert summary["wait_unknown"] in ("counters_closed", "counters_paused")
    assert summary["counters_open_at"] == "2026-11-23T14:00:00+08:00"


def test_status_shows_the_position_in_the_calling_order(hall: Hall, clock: FixedClock) -> None:
    first = hall.issue_ticket("social-security")
    clock.advance(minutes=1)
    second = hall.issue_ticket("social-security")
    clock.advance(minutes=1)
    urgent = hall.issue_ticket("social-security", priority=True)
    assert [hall.status(t["code"])["position"] for t in (urgent, first, second)] == [0, 1, 2]
    assert hall.status(urgent["code"])["kind"] == "ticket"


# --- walk-in refusals ------------------------------------------------------------------------------------------


def assert_refused_until(hall: Hall, key: str, opens: str) -> Refused:
    """Issuing a social-security ticket is refused with ``key``, naming the next opening; nothing is written."""
    error = refusal(hall.issue_ticket, "social-security")
    assert error.key == key
    assert error.params["opens"] == opens
    assert error.data["next_opening"].start.strftime("%Y-%m-%d %H:%M") == opens
    assert opens[-5:] in error.message("en") and opens[-5:] in error.message("zh-Hans")
    assert error.data["slots"], "a refusal offers bookable slots"
    assert all(slot["remaining"] > 0 and slot["service"] == "social-security" for slot in error.data["slots"])
    return error


def test_walk_in_before_opening_is_refused_naming_the_opening(hall: Hall, clock: FixedClock) -> None:
    at(clock, "07:59")  # tickets for the morning are issued from 08:00 (queue.early_ticket_minutes = 30)
    error = assert_refused_until(hall, "ticket.closed", "2026-11-23 08:30")
    assert error.data["slots"][0]["date"] == "2026-11-23"
    assert hot(hall, "tickets") == []
    at(clock, "08:30")
    assert hall.issue_ticket("social-security")["number"] == "A001"


def test_walk_in_at_lunch_is_refused_until_the_afternoon(hall: Hall, clock: FixedClock) -> None:
    at(clock, "12:30")
    assert_refused_until(hall, "ticket.closed", "2026-11-23 14:00")


def test_walk_in_on_sunday_is_refused(hall: Hall, clock: FixedClock) -> None:
    at(clock, "10:00", date(2026, 11, 22))
    assert_refused_until(hall, "ticket.closed", "2026-11-23 08:30")


def test_walk_in_on_a_holiday_is_refused(hall: Hall, clock: FixedClock) -> None:
    at(clock, "10:00", date(2026, 10, 1))  # National Day, a Thursday; closed to 2026-10-07
    assert_refused_until(hall, "ticket.closed", "2026-10-08 08:30")


def test_walk_in_in_the_evening_window_is_refused_but_booking_is_offered(hall: Hall, clock: FixedClock) -> None:
    at(clock, "18:30")
    error = assert_refused_until(hall, "ticket.closed", "2026-11-24 08:30")
    first = error.data["slots"][0]
    assert (first["date"], first["time"], first["staggered"]) == ("2026-11-23", "19:00", True)


def test_saturday_window_takes_walk_ins_but_not_for_a_regular_hours_only_service(hall: Hall, clock: FixedClock) -> None:
    at(clock, "10:00", date(2026, 11, 28))
    assert hall.issue_ticket("social-security")["number"] == "A001"
    error = refusal(hall.issue_ticket, "civil-affairs")
    assert error.key == "ticket.not_in_window"
    assert error.params["opens"] == "2026-11-30 08:30"


def test_walk_in_is_refused_when_the_wait_would_run_past_closing(hall: Hall, clock: FixedClock) -> None:
    at(clock, "17:20")
    issued = []
    with pytest.raises(Refused) as info:
        for _ in range(30):
            issued.append(hall.issue_ticket("social-security"))
    error = info.value
    assert 1 <= len(issued) < 30
    assert error.key == "ticket.past_closing"
    assert error.params["opens"] == "2026-11-24 08:30"
    assert error.data["next_opening"].start == datetime(2026, 11, 24, 8, 30, tzinfo=clock.tz)
    assert error.data["slots"]
    assert len(hot(hall, "tickets")) == len(issued)


def test_general_enquiries_refusal_offers_no_slots(hall: Hall, clock: FixedClock) -> None:
    at(clock, "07:45")
    error = refusal(hall.issue_ticket, "general")
    # General enquiries take no appointments: the refusal must not say "or book one instead".
    assert error.key == "ticket.closed_walk_in_only"
    assert "slots" not in error.data
    assert "book" not in error.message("en") and "预约" not in error.message("zh-Hans")
    assert "08:30" in error.message("en")


@pytest.fixture
def booking_only_hall(tmp_path: Path, clock: FixedClock) -> Hall:
    """The bundled config with household registration made appointment-only."""
    source = Path(__file__).resolve().parents[2] / "kiosk.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    next(s for s in data["services"] if s["id"] == "household")["walk_in"] = False
    config = parse_config(data, source)
    return Hall.open(config, clock=clock, data_path=str(tmp_path / "hall.json"), durable=False, create=True)


def test_a_booking_only_service_refuses_walk_ins_and_offers_slots(booking_only_hall: Hall) -> None:
    error = refusal(booking_only_hall.issue_ticket, "household")
    assert error.key == "ticket.booking_only"
    assert error.data["slots"]
    assert all(slot["service"] == "household" for slot in error.data["slots"])
    assert hot(booking_only_hall, "tickets") == []
    assert booking_only_hall.issue_ticket("social-security")["number"] == "A001"


def test_places_in_the_queue_follow_the_order_residents_will_be_called_in(hall: Hall, clock: FixedClock) -> None:
    """An appointment checked in before its slot is called ahead of walk-ins once the slot begins: its slip and a
    walk-in's count say so already, not the order of this minute."""
    at(clock, "07:30")
    appointment = hall.book("social-security", MONDAY, time(8, 30), "张三", "13812345678")
    at(clock, "08:15")
    walk_in = hall.issue_ticket("social-security")  # issued ahead of the opening
    at(clock, "08:20")
    checked_in = hall.check_in(appointment["code"], "5678")["ticket"]
    assert hall.status(checked_in["code"])["position"] == 0
    assert hall.status(walk_in["code"])["position"] == 1
    at(clock, "08:30")
    hall.set_counter("1", "open")
    assert hall.call_next("1")["code"] == checked_in["code"]


def test_the_service_time_kept_between_issues_is_always_the_median_of_the_newest_served(
    hall: Hall, clock: FixedClock, hall_config: HallConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``service_minutes`` keeps its sample between calls and computes only the tickets served since; whatever
    happened in between (more served than the sample holds, another process serving, a second hall in the same
    process with the same service and day, a refused action), it equals the median of the newest
    ``LEARN_FROM_LAST`` served tickets read from the records themselves."""
    import random
    import statistics
    from datetime import timedelta

    from kiosk import queue
    from kiosk.context import parse_stamp, stamp

    monkeypatch.setattr(queue, "LEARN_FROM_LAST", 8)  # a small sample: tickets leave it at most steps
    rng = random.Random(11)
    other = Hall.open(hall_config, clock=clock, data_path=hall.store.path.as_posix(), durable=False)  # a 2nd process
    twin = Hall.open(hall_config, clock=clock, data_path=str(tmp_path / "twin.json"), durable=False, create=True)
    service = hall_config.service("social-security")

    def kept(h: Hall) -> float:
        return h.read(lambda tx, ctx: queue.service_minutes(tx, ctx, service))

    def truth(h: Hall) -> float:
        def median(tx: Any, ctx: Any) -> float:
            served = tx.where(queue.TICKETS, day=ctx.today.isoformat(), service=service.id, status="done")
            newest = list(served)[-queue.LEARN_FROM_LAST :]
            minutes = [queue._served_minutes((t["called_at"], t["finished_at"])) for t in newest]
            if len(minutes) < ctx.config.queue.learn_min_samples:
                return float(service.avg_minutes)
            return max(1.0, statistics.median(minutes))

        return h.read(median)

    for h in (hall, other, twin):
        h.set_counter("1", "open")
    for step in range(80):  # a minute or two apart, to stay within the morning
        h = rng.choice([hall, hall, other, twin])
        h.issue_ticket(service.id)
        h.call_next("1")
        clock.advance(seconds=rng.randint(60, 130))
        h.finish("1")
        if step % 25 == 0:
            with pytest.raises(Refused):
                h.finish("1")  # nothing to finish: refused, nothing written
        if step % 10 == 5:  # a served ticket in the sample corrected in place (its finish moved a minute)
            with h.store.transaction() as tx:
                served = tx.where(queue.TICKETS, last=3, status="done")
                if served:
                    ticket = rng.choice(served)
                    later = parse_stamp(ticket["finished_at"]) + timedelta(minutes=1)
                    tx.update(queue.TICKETS, ticket["key"], {"finished_at": stamp(later)})
        for each in (hall, other, twin):
            assert kept(each) == truth(each), f"step {step}"
