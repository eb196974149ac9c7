"""The read models of the counter console and the display board, and the cheap change check screens poll.

The clock starts at Monday 2026-11-23 09:00 (conftest). Counter 1 calls social-security (A), counter 2
social-security + elderly (E), counter 3 household (B), counter 6 general (F) plus A, B and D.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from domain_helpers import MONDAY, TUESDAY, at

from kiosk import staff
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.hall import Hall

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


# --- the counter -----------------------------------------------------------------------------------------------


def test_counter_view_of_an_idle_counter(hall: Hall) -> None:
    view = hall.counter_view("2")
    assert view["counter"] == {
        "id": "2",
        "name": {"zh-Hans": "2号窗口", "en": "Counter 2"},
        "state": "closed",
        "services": ["social-security", "elderly"],
        "session": None,
    }
    assert view["serving"] is None and view["next"] is None
    assert [(q["service"], q["waiting"], q["next"]) for q in view["queues"]] == [
        ("social-security", 0, []),
        ("elderly", 0, []),
    ]
    assert view["served_today"] == {"counter": 0, "hall": 0, "counter_no_show": 0}
    assert view["hall"] == {"open": True, "walk_in": True}
    assert view["version"] == hall.version()
    with pytest.raises(NotFound):
        hall.counter_view("99")


def test_counter_view_queues_in_calling_order_with_appointments_and_priority_marked(
    hall: Hall, clock: FixedClock
) -> None:
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三丰", PHONE)
    at(clock, "09:30")
    hall.issue_ticket("social-security")  # A001
    at(clock, "09:40")
    hall.issue_ticket("elderly")  # E001
    hall.issue_ticket("social-security", priority=True)  # A002, priority
    ticket = hall.check_in(appointment["code"], PHONE[-4:])["ticket"]  # A003, waits from its 10:00 slot
    at(clock, "10:05")
    view = hall.counter_view("2")
    social, elderly = view["queues"]
    # Priority and the appointment whose slot has begun come before the walk-in who came earlier.
    assert [t["number"] for t in social["next"]] == ["A002", "A003", "A001"]
    a002, a003, a001 = social["next"]
    assert (a002["priority"], a002["urgent"], a002["appointment"]) == (True, True, False)
    assert (a003["appointment"], a003["slot"], a003["urgent"], a003["waited_min"]) == (True, "10:00", True, 5)
    assert (a001["urgent"], a001["waited_min"], a001["appointment"]) == (False, 35, False)
    assert (social["waiting"], social["longest_wait_min"], social["appointments"], social["priority"]) == (3, 35, 1, 1)
    assert [t["number"] for t in elderly["next"]] == ["E001"]
    assert view["next"]["number"] == "A002", "what call_next would call"
    assert hall.call_next("2")["number"] == "A002"
    hall.finish("2")
    assert hall.call_next("2")["number"] == ticket["number"]
    serving = hall.counter_view("2")["serving"]
    assert serving["number"] == "A003" and serving["appointment"] is True
    assert (
        serving["name"] == "张**" and serving["slot"] == "10:00" and serving["appointment_code"] == appointment["code"]
    )
    assert "张三丰" not in json.dumps(hall.counter_view("2"), ensure_ascii=False), "names only masked"


def test_counter_view_shows_the_served_ticket_session_and_counts(hall: Hall, clock: FixedClock) -> None:
    hall.add_staff("s01", "王芳", "480316")
    session = hall.sign_in("s01", "480316", "1")
    for _ in range(4):
        hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    clock.advance(minutes=6)
    hall.finish("1", staff="s01")
    hall.call_next("2")
    hall.finish("2")
    hall.call_next("1", staff="s01")
    hall.no_show("1", staff="s01")
    hall.call_next("1", staff="s01")
    clock.advance(minutes=2)
    hall.recall("1", staff="s01")
    clock.advance(minutes=1)
    view = hall.counter_view("1")
    assert view["counter"]["session"] == session and view["counter"]["state"] == "open"
    serving = view["serving"]
    assert (serving["number"], serving["recalls"], serving["max_recalls"]) == ("A004", 1, 3)
    assert (serving["waited_min"], serving["serving_min"], serving["name"]) == (6, 1, None)
    assert serving["called_at"] == "2026-11-23T09:08:00+08:00"
    assert serving["first_called_at"] == "2026-11-23T09:06:00+08:00"
    assert view["served_today"] == {"counter": 1, "hall": 2, "counter_no_show": 1}


# --- appointments ----------------------------------------------------------------------------------------------


def test_appointments_of_today_and_tomorrow_with_their_state(hall: Hall, clock: FixedClock) -> None:
    early = hall.book("social-security", MONDAY, time(9, 30), "张三", PHONE)
    checked = hall.book("household", MONDAY, time(10, 10), "李四", "13912345678")
    cancelled = hall.book("elderly", MONDAY, time(15, 0), "王五", "13712345678")
    tomorrow = hall.book("household", TUESDAY, time(18, 0), "赵六", "13612345678")
    hall.cancel(cancelled["code"], "5678")
    at(clock, "09:50")
    hall.check_in(checked["code"], "5678")
    view = hall.appointments_view()
    today, tuesday = view["days"]
    assert (today["date"], tuesday["date"]) == ("2026-11-23", "2026-11-24")
    items = {a["code"]: a for a in today["appointments"]}
    assert [a["code"] for a in today["appointments"]] == [early["code"], checked["code"], cancelled["code"]]
    assert (items[early["code"]]["status"], items[early["code"]]["overdue"]) == ("booked", True)
    came = items[checked["code"]]
    assert (came["status"], came["ticket"], came["ticket_status"], came["checked_in_at"]) == (
        "checked_in",
        "B001",
        "waiting",
        "2026-11-23T09:50:00+08:00",
    )
    assert (came["name"], came["phone"], came["time"], came["end"]) == ("李*", "139****5678", "10:10", "10:30")
    assert items[cancelled["code"]]["status"] == "cancelled"
    assert today["counts"] == {"booked": 1, "checked_in": 1, "attended": 0, "no_show": 0, "cancelled": 1, "overdue": 1}
    assert [(a["code"], a["staggered"], a["overdue"]) for a in tuesday["appointments"]] == [
        (tomorrow["code"], True, False)
    ]
    only = hall.appointments_view(services=["elderly"])["days"][0]["appointments"]
    assert [a["code"] for a in only] == [cancelled["code"]]


def test_a_past_day_is_read_from_the_archive(hall: Hall, clock: FixedClock) -> None:
    missed = hall.book("social-security", MONDAY, time(10, 0), "张三", PHONE)
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("general")  # closes Monday
    [item] = hall.appointments_view(MONDAY, days=1)["days"][0]["appointments"]
    assert (item["code"], item["status"]) == (missed["code"], "no_show")
    with pytest.raises(InvalidInput):
        hall.appointments_view(days=0)


# --- requests and ratings --------------------------------------------------------------------------------------


def test_requests_view_filters_and_counts(hall: Hall, clock: FixedClock) -> None:
    repair = hall.file_request("repair", "楼道灯坏了，晚上很黑", PHONE, address="3栋2单元")["code"]
    at(clock, "10:00")
    idea = hall.file_request("suggestion", "建议增加周日服务时间", PHONE)["code"]
    hall.advance_request(idea, "accepted", staff="s01")
    view = hall.requests_view()
    assert [r["code"] for r in view["requests"]] == [repair, idea]
    first = view["requests"][0]
    assert (first["phone"], first["summary"], first["address"], first["overdue"]) == (
        "138****5678",
        "楼道灯坏了，晚上很黑",
        "3栋2单元",
        False,
    )
    assert first["category_name"] == {"zh-Hans": "报修", "en": "Repair report"}
    assert first["last"] == {"at": "2026-11-23T09:00:00+08:00", "event": "submitted", "staff": None}
    assert view["counts"]["total"] == 2 and view["counts"]["by_status"]["accepted"] == 1
    assert [r["code"] for r in hall.requests_view(status="accepted")["requests"]] == [idea]
    assert [r["code"] for r in hall.requests_view(category="repair")["requests"]] == [repair]
    at(clock, "09:00", date(2026, 11, 27))  # three working days later: the repair is overdue
    overdue = hall.requests_view(overdue=True)
    assert [r["code"] for r in overdue["requests"]] == [repair] and overdue["counts"]["overdue"] == 1
    assert overdue["requests"][0]["due_in_min"] < 0
    assert hall.requests_view(category="follow-up")["requests"] == []
    with pytest.raises(InvalidInput):
        hall.requests_view(status="lost")
    with pytest.raises(NotFound):
        hall.requests_view(category="tax")


def test_request_detail_has_the_whole_history_and_the_next_steps(hall: Hall) -> None:
    code = hall.file_request("home-visit", "独居老人需要上门办理认证", PHONE, address="5栋1单元")["code"]
    hall.advance_request(code, "accepted", staff="s01", note="已受理")
    hall.note_request(code, staff="s02", note="已电话联系")
    detail = hall.request_detail(code.lower())
    assert [h["event"] for h in detail["history"]] == ["submitted", "accepted", "note"]
    assert detail["history"][1] == {
        "at": "2026-11-23T09:00:00+08:00",
        "event": "accepted",
        "status": "accepted",
        "staff": "s01",
        "note": "已受理",
        "visible": False,
    }
    assert detail["history"][2]["visible"] is False, "a note is internal unless marked for the resident"
    assert (detail["next"], detail["can_note"], detail["archived"]) == (["assigned", "rejected"], True, False)
    assert (detail["contact"], detail["phone"]) == (PHONE, "138****5678"), "staff call the resident back"
    assert detail["description"] == "独居老人需要上门办理认证" and detail["rating"] is None
    hall.advance_request(code, "rejected", staff="s01", note="重复")
    ended = hall.request_detail(code)
    assert (ended["next"], ended["can_note"], ended["reason"]) == ([], False, "重复")
    assert ended["history"][-1]["visible"] is True, "a rejection reason is the resident's"


def served(hall: Hall, clock: FixedClock, counter: str = "1") -> dict:
    ticket = hall.issue_ticket("social-security")
    hall.call_next(counter)
    clock.advance(minutes=5)
    hall.finish(counter)
    return ticket


def test_ratings_view_shows_ratings_with_their_follow_ups(hall: Hall, clock: FixedClock) -> None:
    assert hall.ratings_view()["ratings"] == [], "nothing to see before a rating is submitted"
    happy = served(hall, clock)
    unhappy = served(hall, clock, counter="2")
    hall.rate(happy["code"], 5, "很快")
    clock.advance(minutes=1)
    poor = hall.rate(unhappy["code"], 1, "等太久")
    view = hall.ratings_view()
    assert [r["subject"] for r in view["ratings"]] == [unhappy["code"], happy["code"]]  # newest first
    worst = view["ratings"][0]
    assert (worst["level"], worst["label"], worst["comment"], worst["counter"]) == (
        1,
        "very-dissatisfied",
        "等太久",
        "2",
    )
    assert worst["level_name"] == {"zh-Hans": "非常不满意", "en": "Very dissatisfied"}
    follow = worst["follow_up"]
    assert (follow["code"], follow["status"], follow["overdue"], follow["within_deadline"]) == (
        poor["follow_up"],
        "submitted",
        False,
        True,
    )
    assert view["ratings"][1]["follow_up"] is None
    assert view["summary"] == {
        "count": 2,
        "average": 3.0,
        "by_level": {"5": 1, "4": 0, "3": 0, "2": 0, "1": 1},
        "follow_ups": 1,
        "follow_ups_overdue": 0,
        "appeals_upheld": 0,
    }
    assert [r["appeal_upheld"] for r in view["ratings"]] == [False, False]
    assert [r["level"] for r in hall.ratings_view(max_level=2)["ratings"]] == [1]
    assert [r["counter"] for r in hall.ratings_view(counter="1")["ratings"]] == ["1"]
    detail = hall.request_detail(poor["follow_up"])
    assert detail["origin_rating"]["subject"] == unhappy["code"] and detail["follow_up"] is True


def test_a_follow_up_past_its_deadline_is_flagged_and_archived_ratings_are_included(
    hall: Hall, clock: FixedClock
) -> None:
    ticket = served(hall, clock)
    follow_up = hall.rate(ticket["code"], 2, reasons=["slow"])["follow_up"]
    at(clock, "09:00", date(2026, 12, 16))  # past the 15 working days
    hall.issue_ticket("general")  # closes the earlier days: the rating is archived now
    view = hall.ratings_view(days=30)
    [rating] = view["ratings"]
    assert rating["subject"] == ticket["code"]
    assert (rating["follow_up"]["code"], rating["follow_up"]["overdue"], rating["follow_up"]["within_deadline"]) == (
        follow_up,
        True,
        False,
    )
    assert hall.ratings_view(days=7)["ratings"] == []
    with pytest.raises(InvalidInput):
        hall.ratings_view(days=0)


# --- the board -------------------------------------------------------------------------------------------------


def test_board_shows_current_and_recent_calls_without_names(hall: Hall, clock: FixedClock) -> None:
    appointment = hall.book("household", MONDAY, time(10, 10), "欧阳娜娜", PHONE)
    for service in ("social-security", "social-security", "household", "general"):
        hall.issue_ticket(service)
    at(clock, "09:45")
    hall.check_in(appointment["code"], PHONE[-4:])
    hall.call_next("1")
    hall.call_next("3")
    clock.advance(minutes=1)
    hall.recall("1")
    board = hall.board_view(last=2)
    assert [(c["counter"], c["number"], c["recalls"]) for c in board["current"]] == [("1", "A001", 1), ("3", "B001", 0)]
    assert [(c["number"], c["counter"], c["recall"]) for c in board["recent"]] == [
        ("A001", "1", True),
        ("B001", "3", False),
    ]
    assert board["current"][0]["call_id"] == board["recent"][0]["id"] == board["last_call_id"] == 3
    waiting = {w["service"]: w for w in board["waiting"]}
    assert waiting["social-security"]["waiting"] == 1 and "next" not in waiting["social-security"]  # counts only
    assert (waiting["household"]["waiting"], waiting["general"]["waiting"]) == (1, 1)
    assert board["hall"]["open"] is True and board["name"]["en"] == "Sunshine Community Service Hall"
    text = json.dumps(board, ensure_ascii=False)
    assert "欧阳" not in text and "欧*" not in text, "the board shows no name, not even masked"
    assert board["new"] == [], "without since there is nothing to announce"


def test_every_call_after_since_is_returned_none_lost(hall: Hall) -> None:
    for _ in range(3):
        hall.issue_ticket("social-security")
    hall.issue_ticket("household")
    seen = hall.board_view()["last_call_id"]
    assert seen == 0
    hall.call_next("1")  # three calls in quick succession, between two polls
    hall.call_next("2")
    hall.call_next("3")
    board = hall.board_view(last=1, since=seen)
    assert [(c["id"], c["number"], c["counter"]) for c in board["new"]] == [
        (1, "A001", "1"),
        (2, "A002", "2"),
        (3, "B001", "3"),
    ]
    assert len(board["recent"]) == 1, "recent is capped, new is not"
    assert hall.board_view(since=board["last_call_id"])["new"] == []


def test_board_lists_each_ticket_once_per_counter_with_its_recalls_and_the_paused_counters(
    hall: Hall, clock: FixedClock
) -> None:
    issue = ["social-security", "social-security", "household", "household", "employment"]
    for service in issue:
        hall.issue_ticket(service)
    hall.call_next("1")  # A001
    hall.call_next("3")  # B001
    for _ in range(3):
        clock.advance(seconds=30)
        hall.recall("1")
    hall.finish("3")
    hall.call_next("3")  # B002
    hall.set_counter("5", "paused")
    board = hall.board_view(last=2)
    recent = [(c["number"], c["counter"], c["recalls"], c["at"][11:19]) for c in board["recent"]]
    # B002 is newest; A001's three recalls are one line (its latest call), so B001 is not pushed off by them
    assert recent == [("B002", "3", 0, "09:01:30"), ("A001", "1", 3, "09:01:30")]
    assert [(c["number"], c["recalls"]) for c in hall.board_view(last=6)["recent"]] == [
        ("B002", 0),
        ("A001", 3),
        ("B001", 0),
    ]
    assert board["paused"] == [{"counter": "5", "counter_name": {"zh-Hans": "5号窗口", "en": "Counter 5"}}]
    hall.set_counter("5", "open")
    assert hall.board_view()["paused"] == []
    # every call, recalls included, is still announced once
    assert [c["recall"] for c in hall.board_view(since=0)["new"]] == [False, False, True, True, True, False]


def test_call_ids_keep_growing_across_days(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    clock.advance(minutes=1)
    hall.recall("1")
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("social-security")
    hall.call_next("1")
    board = hall.board_view(since=2)
    assert [(c["id"], c["day"], c["seq"]) for c in board["new"]] == [(3, "2026-11-24", 1)]
    assert [c["id"] for c in board["recent"]] == [3], "yesterday's calls are gone with their day"


def test_board_default_recent_count_comes_from_the_config(hall: Hall) -> None:
    assert hall.config.board.recent_calls == 6
    for _ in range(8):
        hall.issue_ticket("general")
    for _ in range(8):
        hall.call_next("6")
        hall.finish("6")
    assert len(hall.board_view()["recent"]) == 6


def test_board_when_closed_says_why_and_when_it_opens(hall: Hall, clock: FixedClock) -> None:
    at(clock, "10:00", date(2027, 1, 1))
    state = hall.board_view()["hall"]
    assert state["open"] is False and state["closed_reason"] == {"zh-Hans": "元旦", "en": "New Year's Day"}
    # The whole New Year long weekend is closed, its Saturday-morning window included.
    assert state["next_walk_in"]["start"] == "2027-01-04T08:30:00+08:00"


# --- the change check ------------------------------------------------------------------------------------------


def test_version_changes_with_any_terminals_write_and_only_then(
    hall_config: HallConfig, clock: FixedClock, tmp_path: Path
) -> None:
    path = str(tmp_path / "hall.json")
    board = Hall.open(hall_config, clock=clock, data_path=path, durable=False, create=True)
    kiosk = Hall.open(hall_config, clock=clock, data_path=path, durable=False)
    shown = board.board_view()["version"]
    assert board.version() == shown
    board.board_view()
    board.counter_view("1")
    assert board.version() == shown, "reading changes nothing"
    kiosk.issue_ticket("general")
    assert board.version() != shown
    fresh = board.board_view()
    assert fresh["version"] == board.version() and fresh["waiting"][-1]["waiting"] == 1
    kiosk.call_next("6")
    assert board.version() != fresh["version"]
    assert [c["number"] for c in board.board_view(since=fresh["last_call_id"])["new"]] == ["F001"]


def test_the_overview_says_which_services_the_extended_hours_leave_out(hall_config: HallConfig, tmp_path: Path) -> None:
    """On Saturday morning (extended hours, 错时) a service kept out of them (civil affairs: ``staggered = false``)
    is marked in the overview, with the next regular session, when it is offered again; the others are not. On a
    weekday morning nothing is marked."""
    from datetime import datetime

    saturday = FixedClock(datetime(2026, 11, 28, 9, 30, tzinfo=hall_config.timezone))
    hall = Hall.open(hall_config, clock=saturday, data_path=str(tmp_path / "sat.json"), durable=False, create=True)
    services = {s["id"]: s for s in hall.overview()["services"]}
    assert services["civil-affairs"]["outside_window"] is True
    offered = services["civil-affairs"]["offered_from"]
    assert offered is not None and offered["start"] == "2026-11-30T08:30:00+08:00" and not offered["staggered"]
    assert services["social-security"]["outside_window"] is False
    assert services["social-security"]["offered_from"] is None
    with pytest.raises(Refused) as refused:  # what the mark foretells: the ticket itself is refused
        hall.issue_ticket("civil-affairs")
    assert refused.value.key == "ticket.not_in_window"

    monday = FixedClock(datetime(2026, 11, 23, 9, 30, tzinfo=hall_config.timezone))
    weekday = Hall.open(hall_config, clock=monday, data_path=str(tmp_path / "mon.json"), durable=False, create=True)
    assert not any(s["outside_window"] or s["offered_from"] for s in weekday.overview()["services"])
