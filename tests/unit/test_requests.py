"""Service requests through the Hall facade: filing, due dates in working days, lifecycle, overdue, auto-close.

Categories from the bundled kiosk.toml: repair 3 working days (address needed), home-visit 5 (address needed),
hardship 10, suggestion 15. The clock starts at Monday 2026-11-23 09:00.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from domain_helpers import at, hot, refusal

from kiosk import codes
from kiosk.clock import FixedClock
from kiosk.errors import InvalidInput, NotFound
from kiosk.hall import Hall

ADDRESS = "阳光路8号3单元502"
PHONE = "13812345678"


def file(hall: Hall, category: str = "repair", **kwargs: Any) -> dict[str, Any]:
    if category in ("repair", "home-visit"):
        kwargs.setdefault("address", ADDRESS)
    return hall.file_request(category, "楼道灯坏了，晚上很黑", PHONE, **kwargs)


def invalid(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value


# --- filing ----------------------------------------------------------------------------------------------------


def test_filing_returns_a_tracking_code_and_stores_the_request(hall: Hall) -> None:
    request = file(hall, "repair", preferred_time="2026-11-25T19:30")
    assert codes.kind_of(request["code"]) == "request"
    [record] = hot(hall, "requests")
    assert record["code"] == request["code"]
    assert (record["status"], record["category"], record["phone"], record["address"]) == (
        "submitted",
        "repair",
        PHONE,
        ADDRESS,
    )
    assert record["preferred_time"] == "2026-11-25T19:30:00+08:00"
    assert record["submitted_at"] == "2026-11-23T09:00:00+08:00"
    assert record["history"] == [{"at": "2026-11-23T09:00:00+08:00", "event": "submitted", "status": "submitted"}]


@pytest.mark.parametrize(
    ("filed", "category", "due"),
    [
        ("2026-11-23T09:00", "repair", "2026-11-26T09:00"),  # Monday + 3 working days
        ("2026-11-27T16:45", "repair", "2026-12-02T16:45"),  # from a Friday: the weekend does not count
        ("2026-11-28T10:00", "home-visit", "2026-12-04T10:00"),  # filed on a Saturday: Monday is day 1
        ("2026-11-23T09:00", "suggestion", "2026-12-14T09:00"),  # 15 working days
        ("2026-09-24T15:00", "repair", "2026-09-30T15:00"),  # Mid-Autumn Festival 09-25..27 skipped
        ("2026-09-24T15:00", "hardship", "2026-10-15T15:00"),  # National Day skipped, makeup Saturday 10-10 counts
    ],
)
def test_the_due_time_counts_working_days(hall: Hall, clock: FixedClock, filed: str, category: str, due: str) -> None:
    clock.set(datetime.fromisoformat(filed))
    request = file(hall, category)
    assert request["due_at"] == f"{due}:00+08:00"
    assert hot(hall, "requests")[0]["due_at"] == request["due_at"]


@pytest.mark.parametrize("category", ["repair", "home-visit"])
def test_an_address_is_required_where_someone_will_go(hall: Hall, category: str) -> None:
    error = invalid(hall.file_request, category, "楼道灯坏了，晚上很黑", PHONE)
    assert (error.key, error.field) == ("input.required", "address")
    assert hot(hall, "requests") == []


def test_an_address_is_optional_for_other_categories(hall: Hall) -> None:
    assert hall.file_request("complaint", "窗口工作人员态度不好", PHONE)["address"] == ""


def test_filing_checks_category_description_and_phone(hall: Hall) -> None:
    with pytest.raises(NotFound) as info:
        hall.file_request("noise", "楼上装修太吵了", PHONE)
    assert info.value.key == "request.unknown_category"
    assert invalid(hall.file_request, "complaint", "太吵", PHONE).key == "input.too_short"
    assert invalid(hall.file_request, "complaint", "楼上装修太吵了", "010-1234").key == "input.phone_invalid"
    assert hot(hall, "requests") == []


@pytest.mark.parametrize(
    "preferred",
    [
        "2026-11-25T19:30",  # a weekday evening
        "2026-11-28T10:00",  # a Saturday
        "2026-11-29T20:59",  # a Sunday evening, last minute
        "2026-11-24T08:00",  # earliest hour
    ],
)
def test_evenings_and_weekends_are_allowed_as_preferred_times(hall: Hall, preferred: str) -> None:
    assert file(hall, "home-visit", preferred_time=preferred)["preferred_time"] == f"{preferred}:00+08:00"


@pytest.mark.parametrize(
    ("preferred", "key"),
    [
        ("2026-11-25T21:00", "request.preferred_hours"),
        ("2026-11-25T07:30", "request.preferred_hours"),
        ("2026-11-26T02:00", "request.preferred_hours"),
        ("2026-11-20T10:00", "request.preferred_range"),  # in the past
        ("2026-11-23T08:59", "request.preferred_range"),  # a minute ago
        ("2027-03-01T10:00", "request.preferred_range"),  # beyond 60 days
        ("next tuesday", "request.preferred_invalid"),
    ],
)
def test_out_of_hours_or_past_preferred_times_are_refused(hall: Hall, preferred: str, key: str) -> None:
    error = invalid(file, hall, "home-visit", preferred_time=preferred)
    assert (error.key, error.field) == (key, "preferred_time")
    assert hot(hall, "requests") == []


# --- lifecycle -------------------------------------------------------------------------------------------------


def test_the_full_lifecycle_is_recorded_step_by_step(hall: Hall, clock: FixedClock) -> None:
    code = file(hall)["code"]
    steps = [
        ("accepted", "s01", "已受理", None),
        ("assigned", "s01", "派给物业", "w02"),
        ("assigned", "s02", "改派", "w03"),
        ("in_progress", "w03", "已上门查看", None),
        ("resolved", "w03", "已更换灯泡", None),
        ("closed", "s01", "", None),
    ]
    for n, (status, staff, note, assignee) in enumerate(steps, start=1):
        clock.advance(minutes=10)
        record = hall.advance_request(code, status, staff=staff, note=note, assignee=assignee)
        assert record["status"] == status
    record = hot(hall, "requests")[0]
    assert record["assignee"] == "w03"
    assert record["resolved_at"] == "2026-11-23T09:50:00+08:00"
    history = record["history"][1:]
    assert [h["event"] for h in history] == [s[0] for s in steps]
    assert [h["at"][11:16] for h in history] == ["09:10", "09:20", "09:30", "09:40", "09:50", "10:00"]
    assert [h["staff"] for h in history] == [s[1] for s in steps]
    assert [h.get("note", "") for h in history] == [s[2] for s in steps]
    assert [h.get("assignee") for h in history] == [s[3] for s in steps]
    # By code, the resident sees every step and the resolution, but no staff id and no internal step note.
    assert hall.status(code)["record"]["history"] == [
        {"at": record["history"][0]["at"], "event": "submitted", "status": "submitted"},
        *({"at": h["at"], "event": h["event"], "status": h["status"]} for h in history[:4]),
        {"at": "2026-11-23T09:50:00+08:00", "event": "resolved", "status": "resolved", "note": "已更换灯泡"},
        {"at": "2026-11-23T10:00:00+08:00", "event": "closed", "status": "closed"},
    ]


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ([], "in_progress"),
        ([], "resolved"),
        ([], "closed"),
        (["accepted"], "resolved"),
        (["accepted"], "accepted"),
        (["accepted", "assigned"], "closed"),
        (["accepted", "assigned", "in_progress", "resolved"], "rejected"),
        (["accepted", "assigned", "in_progress", "resolved", "closed"], "in_progress"),
    ],
)
def test_illegal_transitions_are_refused(hall: Hall, path: list[str], wanted: str) -> None:
    code = file(hall)["code"]
    for status in path:
        hall.advance_request(code, status, staff="s01", assignee="w02" if status == "assigned" else None)
    before = hot(hall, "requests")[0]
    error = refusal(hall.advance_request, code, wanted, staff="s01", note="理由")
    assert error.key == "request.bad_transition"
    assert error.params == {"current": before["status"], "wanted": wanted}
    assert hot(hall, "requests")[0] == before


@pytest.mark.parametrize("wanted", ["submitted", "archived", ""])
def test_a_status_outside_the_lifecycle_is_invalid(hall: Hall, wanted: str) -> None:
    code = file(hall)["code"]
    assert invalid(hall.advance_request, code, wanted, staff="s01").key == "request.bad_status"


def test_assigning_needs_an_assignee_and_steps_need_a_staff_id(hall: Hall) -> None:
    code = file(hall)["code"]
    hall.advance_request(code, "accepted", staff="s01")
    assert invalid(hall.advance_request, code, "assigned", staff="s01").key == "request.assignee_missing"
    assert invalid(hall.advance_request, code, "assigned", staff="", assignee="w02").key == "input.staff_invalid"
    assert invalid(hall.advance_request, code, "assigned", staff="s 01", assignee="w02").key == "input.staff_invalid"
    assert hot(hall, "requests")[0]["status"] == "accepted"


@pytest.mark.parametrize("path", [[], ["accepted"], ["accepted", "assigned"], ["accepted", "assigned", "in_progress"]])
def test_rejecting_needs_a_reason_from_any_open_status(hall: Hall, path: list[str]) -> None:
    code = file(hall)["code"]
    for status in path:
        hall.advance_request(code, status, staff="s01", assignee="w02" if status == "assigned" else None)
    error = invalid(hall.advance_request, code, "rejected", staff="s01", note="  ")
    assert (error.key, error.field) == ("input.required", "note")
    record = hall.advance_request(code, "rejected", staff="s01", note="不属于本大厅职责")
    assert (record["status"], record["reason"]) == ("rejected", "不属于本大厅职责")
    assert record["history"][-1]["note"] == "不属于本大厅职责"


@pytest.fixture
def clerks(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Hall:
    """The test hall with clerks s01, s02, s03 (cheap PIN hashing: these tests are about requests)."""
    from kiosk import staff

    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})
    for staff_id in ("s01", "s02", "s03"):
        hall.add_staff(staff_id, "王芳", "480316")
    return hall


def test_before_assignment_any_clerk_moves_a_request_then_only_its_assignee(clerks: Hall) -> None:
    hall = clerks
    code = file(hall)["code"]
    hall.advance_request(code, "accepted", staff="s02")
    hall.advance_request(code, "assigned", staff="s01", assignee="s02")
    # another clerk may neither start, resolve nor reject it, nor reassign it; a note is fine
    for status, note in (("in_progress", ""), ("rejected", "不受理"), ("assigned", "")):
        error = refusal(hall.advance_request, code, status, staff="s03", note=note, assignee="s03")
        assert (error.key, error.field) == ("request.not_yours_reassign", "staff")
        assert "only s02 may move it on" in error.message("en") and "s01, who assigned it" in error.message("en")
        assert "派单人 s01 可以改派" in error.message("zh-Hans")
    assert hot(hall, "requests")[0]["status"] == "assigned"
    hall.note_request(code, staff="s03", note="居民来电催办")
    # the clerk who assigned it may reassign it (not do the work)
    assert refusal(hall.advance_request, code, "in_progress", staff="s01").key == "request.not_yours_reassign"
    hall.advance_request(code, "in_progress", staff="s02")
    hall.advance_request(code, "assigned", staff="s01", assignee="s03")  # taken back while in progress
    assert refusal(hall.advance_request, code, "in_progress", staff="s02").key == "request.not_yours_reassign"
    # the assignee who assigned it to themselves: one name in the message
    hall.advance_request(code, "assigned", staff="s03", assignee="s03")
    error = refusal(hall.advance_request, code, "in_progress", staff="s02")
    assert error.key == "request.not_yours" and "only s03 may move it on" in error.message("en")
    hall.advance_request(code, "in_progress", staff="s03")
    hall.advance_request(code, "resolved", staff="s03", note="已修好")
    # a resolved request may be closed by any clerk
    assert hall.advance_request(code, "closed", staff="s02")["status"] == "closed"


def test_a_request_assigned_outside_the_console_or_to_a_disabled_account_is_anyones(clerks: Hall) -> None:
    hall = clerks
    outside = file(hall)["code"]
    hall.advance_request(outside, "accepted", staff="s01")
    hall.advance_request(outside, "assigned", staff="s01", assignee="wg-li")  # a grid worker: no account
    assert hall.request_detail(outside, staff="s02")["movers"] == {
        "kind": "anyone_for",
        "assignee": "wg-li",
        "reassign_by": None,
    }
    assert hall.advance_request(outside, "in_progress", staff="s02")["status"] == "in_progress"
    away = file(hall)["code"]
    hall.advance_request(away, "accepted", staff="s01")
    hall.advance_request(away, "assigned", staff="s01", assignee="s02")
    assert refusal(hall.advance_request, away, "in_progress", staff="s03").key == "request.not_yours_reassign"
    hall.set_staff_active("s02", False)
    assert hall.advance_request(away, "assigned", staff="s03", assignee="s03")["assignee"] == "s03"


def test_the_detail_says_who_may_act_and_offers_each_clerk_only_their_steps(clerks: Hall) -> None:
    hall = clerks
    code = file(hall)["code"]
    assert hall.request_detail(code, staff="s03")["movers"]["kind"] == "anyone"
    hall.advance_request(code, "accepted", staff="s01")
    hall.advance_request(code, "assigned", staff="s01", assignee="s02")
    mine = hall.request_detail(code, staff="s02")
    assert mine["next"] == mine["all_next"] == ["assigned", "in_progress", "rejected"]
    assert mine["movers"] == {"kind": "assignee", "assignee": "s02", "reassign_by": "s01"}
    assert hall.request_detail(code, staff="s01")["next"] == ["assigned"]
    assert hall.request_detail(code, staff="s03")["next"] == []
    assert hall.request_detail(code)["next"] == ["assigned", "in_progress", "rejected"]


def test_notes_are_added_to_the_history_until_the_request_ends(hall: Hall, clock: FixedClock) -> None:
    code = file(hall)["code"]
    hall.advance_request(code, "accepted", staff="s01")
    clock.advance(minutes=5)
    record = hall.note_request(code, staff="s02", note="已电话联系居民")
    assert record["status"] == "accepted"
    assert record["history"][-1] == {
        "at": "2026-11-23T09:05:00+08:00",
        "event": "note",
        "status": "accepted",
        "staff": "s02",
        "note": "已电话联系居民",
    }
    assert invalid(hall.note_request, code, staff="s02", note="").key == "input.required"
    hall.advance_request(code, "rejected", staff="s01", note="重复诉求")
    assert refusal(hall.note_request, code, staff="s02", note="补充").key == "request.ended"


def test_an_unknown_request_is_not_found(hall: Hall) -> None:
    with pytest.raises(NotFound) as info:
        hall.advance_request(codes.new_code("R"), "accepted", staff="s01")
    assert info.value.key == "request.not_found"
    with pytest.raises(NotFound) as info:
        hall.status(codes.new_code("R"))
    assert info.value.key == "code.not_found"


# --- overdue and day close -------------------------------------------------------------------------------------


def test_overdue_lists_open_requests_past_their_due_time_most_overdue_first(hall: Hall, clock: FixedClock) -> None:
    repair = file(hall, "repair")  # due Thu 26th 09:00
    complaint = file(hall, "complaint")  # due Mon 30th 09:00
    resolved = file(hall, "repair")
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(resolved["code"], status, staff="s01", assignee="w02")
    file(hall, "suggestion")  # due 14 Dec
    at(clock, "09:00", date(2026, 11, 26))
    assert hall.overdue_requests() == []  # due now is not yet late
    assert hall.status(repair["code"])["overdue"] is False
    at(clock, "09:01", date(2026, 11, 26))
    assert [r["code"] for r in hall.overdue_requests()] == [repair["code"]]
    at(clock, "10:00", date(2026, 12, 1))
    assert [r["code"] for r in hall.overdue_requests()] == [repair["code"], complaint["code"]]
    assert hall.status(complaint["code"])["overdue"] is True
    assert hall.status(resolved["code"])["overdue"] is False


def resolve(hall: Hall, code: str) -> None:
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(code, status, staff="s01", assignee="w02")


def test_a_resolved_request_closes_itself_seven_days_later_at_day_close(hall: Hall, clock: FixedClock) -> None:
    code = file(hall)["code"]
    resolve(hall, code)
    at(clock, "09:00", date(2026, 11, 29))
    hall.file_request("other", "询问办事流程", PHONE)
    assert hall.status(code)["record"]["status"] == "resolved"
    at(clock, "09:00", date(2026, 11, 30))
    hall.file_request("other", "询问办事流程", PHONE)  # the first write of the day closes earlier days
    assert hall.status(code)["record"]["status"] == "closed"
    record = hall.request_detail(code)
    assert record["history"][-1] == {
        "at": "2026-11-30T09:00:00+08:00",
        "event": "closed",
        "status": "closed",
        "staff": "system",
        "note": "auto_close",
        "visible": False,
    }


def test_a_request_resolved_less_than_seven_days_ago_stays_open_to_objection(hall: Hall, clock: FixedClock) -> None:
    code = file(hall)["code"]
    resolve(hall, code)
    at(clock, "08:59", date(2026, 11, 30))
    hall.close_days()
    assert hall.status(code)["record"]["status"] == "resolved"


def test_ended_requests_are_archived_and_still_found_by_status(hall: Hall, clock: FixedClock) -> None:
    rejected = file(hall)["code"]
    hall.advance_request(rejected, "rejected", staff="s01", note="非本社区地址")
    still_open = file(hall)["code"]
    at(clock, "09:00", date(2026, 11, 24))
    hall.file_request("other", "询问办事流程", PHONE)
    live = {r["code"] for r in hot(hall, "requests")}
    assert rejected not in live and still_open in live
    found = hall.status(rejected)
    assert found["kind"] == "request"
    assert found["record"]["status"] == "rejected"
    assert found["record"]["reason"] == "非本社区地址"
    assert [h["event"] for h in found["record"]["history"]] == ["submitted", "rejected"]
    assert found["overdue"] is False
    # Staff acting on it are told it has ended, not that it does not exist.
    assert refusal(hall.note_request, rejected, staff="s01", note="补充说明").key == "request.ended"
    assert refusal(hall.advance_request, rejected, "closed", staff="s01").key == "request.ended"
