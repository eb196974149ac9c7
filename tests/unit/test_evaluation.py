"""好差评 as the rules ask, through the Hall facade: the evaluation record, a reason for every poor rating, one
rating per case across channels, the counter's rating pad, and the rectification case of a poor rating (steps,
deadlines in working days, who may not act, appeal and review).

The clock starts at Monday 2026-11-23 09:00 (bundled kiosk.toml: ratings.follow_up_days = 15, call_back_days = 1,
pad_seconds = 30, grade_days = 7).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from domain_helpers import MONDAY, at, hot, refusal

from kiosk import audit, ratings, rectification
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.errors import InvalidInput
from kiosk.hall import Hall

PHONE = "13812345678"


def served(hall: Hall, clock: FixedClock, *, counter: str = "1", clerk: str = "s01") -> dict[str, Any]:
    """A ticket served at ``counter`` by ``clerk`` for ten minutes."""
    service = {"1": "social-security", "3": "household"}[counter]
    ticket = hall.issue_ticket(service)
    hall.call_next(counter, staff=clerk)
    clock.advance(minutes=10)
    hall.finish(counter, staff=clerk)
    return ticket


def poor_case(hall: Hall, clock: FixedClock, **rate: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ticket served by s01 at counter 1 and rated 1 with a reason: ``(rating, case item)``."""
    ticket = served(hall, clock)
    rating = hall.rate(ticket["code"], 1, "等了一个小时", reasons=["slow"], **rate)
    return rating, hall.case(rating["follow_up"])


def audit_actions(hall: Hall, action: str) -> list[dict[str, Any]]:
    return [e for e in hot(hall, audit.AUDIT) if e["action"] == action]


# --- the evaluation record ---------------------------------------------------------------------------------------


def test_the_record_carries_the_case_the_channel_the_clerk_and_the_times(hall: Hall, clock: FixedClock) -> None:
    ticket = served(hall, clock)
    rating = hall.rate(ticket["code"], 4, indicators={"efficiency": 5, "attitude": "3"})
    stored = next(r for r in hot(hall, "ratings") if r["subject"] == ticket["code"])
    assert stored == rating
    assert rating["channel"] == "kiosk" and rating["clerk"] == "s01" and rating["counter"] == "1"
    assert rating["applied_at"] == ticket["issued_at"]
    finished = next(t for t in hot(hall, "tickets") if t["code"] == ticket["code"])
    assert rating["handled_at"] == finished["finished_at"]
    assert rating["indicators"] == {"efficiency": 5, "attitude": 3}
    assert rating["reasons"] == [] and rating["anonymous"] is True and rating["recorded_by"] is None


def test_a_rating_with_a_phone_on_record_is_not_anonymous(hall: Hall, clock: FixedClock) -> None:
    request = hall.file_request("repair", "楼道灯坏了，晚上很黑", PHONE, address="阳光路8号")
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(request["code"], status, staff="w01", assignee="w02")
    rating = hall.rate(request["code"], 5)
    assert rating["anonymous"] is False and rating["clerk"] == "w01"  # who resolved it
    assert rating["applied_at"] == request["submitted_at"]


@pytest.mark.parametrize(
    ("indicators", "key"),
    [({"speed": 5}, "rating.bad_indicator"), ({"attitude": 9}, "rating.bad_level")],
)
def test_indicators_are_named_and_one_to_five(hall: Hall, clock: FixedClock, indicators, key) -> None:
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], 5, indicators=indicators)
    assert info.value.key == key
    assert hot(hall, "ratings") == []


# --- a reason for every poor rating ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [2, 1])
def test_a_poor_rating_without_a_reason_is_refused_and_writes_nothing(hall: Hall, clock: FixedClock, level) -> None:
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], level)
    assert info.value.key == "rating.reason_required"
    assert hot(hall, "ratings") == [] and hot(hall, "requests") == []


def test_a_reason_from_the_list_or_the_residents_words_will_do(hall: Hall, clock: FixedClock) -> None:
    listed = hall.rate(served(hall, clock)["code"], 2, reasons=["unclear", "slow", "slow"])
    assert listed["reasons"] == ["slow", "unclear"]  # the configured order, once each
    written = hall.rate(served(hall, clock)["code"], 1, "材料讲了三次都不一样")
    assert written["reasons"] == [] and written["comment"] == "材料讲了三次都不一样"
    assert listed["follow_up"] and written["follow_up"]


def test_other_needs_the_residents_words(hall: Hall, clock: FixedClock) -> None:
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], 1, reasons=["other"])
    assert info.value.key == "rating.other_needs_words"
    assert hall.rate(ticket["code"], 1, "叫号声音太小", reasons=["other"])["reasons"] == ["other"]


def test_unknown_reasons_and_reasons_for_good_levels_are_refused(hall: Hall, clock: FixedClock) -> None:
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], 1, reasons=["rude-guard"])
    assert info.value.key == "rating.bad_reason" and "slow" in str(info.value)
    with pytest.raises(InvalidInput) as info:
        hall.rate(ticket["code"], 4, reasons=["slow"])
    assert info.value.key == "rating.reasons_for_low"


def test_the_reasons_come_from_kiosk_toml(hall_config: HallConfig, clock: FixedClock, tmp_path: Path) -> None:
    custom = dataclasses.replace(
        hall_config,
        ratings=dataclasses.replace(
            hall_config.ratings,
            reasons=(dataclasses.replace(hall_config.ratings.reasons[0], id="queue"),),
        ),
    )
    hall = Hall.open(custom, clock=clock, data_path=str(tmp_path / "h.json"), durable=False, create=True)
    assert [r[0] for r in hall.rating_reasons()] == ["queue"]
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput):
        hall.rate(ticket["code"], 1, reasons=["slow"])
    assert hall.rate(ticket["code"], 1, reasons=["queue"])["reasons"] == ["queue"]


# --- one rating per case, across channels ------------------------------------------------------------------------


def test_one_rating_per_ticket_whatever_the_channel(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    ticket = served(hall, clock)
    hall.rate_at_pad("1", ticket["code"], 5)
    for channel in ("kiosk", "qr", "other"):
        assert refusal(hall.rate, ticket["code"], 4, channel=channel).key == "rating.already"
    assert len(hot(hall, "ratings")) == 1


def test_a_rating_at_the_kiosk_stops_the_pad_asking(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    ticket = served(hall, clock)
    assert hall.pad_view("1")["ask"]["code"] == ticket["code"]
    hall.rate(ticket["code"], 5, channel="qr")
    assert hall.pad_view("1")["ask"] is None
    assert refusal(hall.rate_at_pad, "1", ticket["code"], 4).key == "pad.not_asking"


def test_an_unknown_channel_is_refused(hall: Hall, clock: FixedClock) -> None:
    with pytest.raises(InvalidInput) as info:
        hall.rate(served(hall, clock)["code"], 5, channel="wechat")
    assert info.value.key == "rating.bad_channel"


def test_a_clerk_writes_a_rating_down_but_never_their_own(hall: Hall, clock: FixedClock) -> None:
    ticket = served(hall, clock)
    with pytest.raises(InvalidInput):
        hall.rate(ticket["code"], 5, channel="staff")  # who wrote it down?
    assert refusal(hall.rate, ticket["code"], 5, channel="staff", staff="s01").key == "rating.own_service"
    rating = hall.rate(ticket["code"], 5, channel="staff", staff="s02")
    assert rating["recorded_by"] == "s02" and rating["clerk"] == "s01"
    [entry] = audit_actions(hall, "rating_recorded")
    assert entry["staff"] == "s02" and entry["subject"] == ticket["code"]


# --- the counter's rating pad -----------------------------------------------------------------------------------


def test_a_counter_without_a_pad_asks_nothing(hall: Hall, clock: FixedClock) -> None:
    served(hall, clock)
    assert hot(hall, ratings.PADS) == []
    assert audit_actions(hall, "rating_not_rated") == []


def test_the_pad_asks_the_resident_just_served_and_shows_the_clerk(hall: Hall, clock: FixedClock) -> None:
    hall.add_staff("s01", "王芳", "246813")
    hall.pad_started("1")
    assert hall.pad_view("1")["clerk"] is None  # nobody signed in at counter 1 yet
    hall.sign_in("s01", "246813", counter="1")
    idle = hall.pad_view("1")
    assert idle["ask"] is None and idle["seconds_left"] == 0 and idle["clerk"] == {"id": "s01", "name": "王芳"}
    ticket = served(hall, clock)
    view = hall.pad_view("1")
    assert view["ask"]["code"] == ticket["code"] and view["ask"]["shown"] == ticket["number"]
    assert view["ask_clerk"] == {"id": "s01", "name": "王芳"}
    assert view["seconds_left"] == 30
    assert [r[0] for r in view["reasons"]][:2] == ["slow", "attitude"]
    rating = hall.rate_at_pad("1", ticket["code"], 1, reasons=["attitude"])
    assert rating["channel"] == "pad" and rating["clerk"] == "s01" and rating["follow_up"]
    pad = hot(hall, ratings.PADS)[0]
    assert pad["outcome"] == "rated" and pad["level"] == 1
    assert hall.pad_view("1")["ask"] is None


def test_the_pad_gives_up_after_its_time_and_records_not_rated(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    ticket = served(hall, clock)
    clock.advance(seconds=29)
    assert hall.pad_view("1")["seconds_left"] == 1
    clock.advance(seconds=1)
    assert hall.pad_view("1")["ask"] is None  # past its time: the pad is idle again
    hall.pad_timeout("1", ticket["code"])
    assert hot(hall, ratings.PADS)[0]["outcome"] == "not_rated"
    assert hot(hall, "ratings") == []  # never a default level
    [entry] = audit_actions(hall, "rating_not_rated")
    assert entry["subject"] == ticket["code"] and entry["detail"]["reason"] == "timeout"
    assert entry["detail"]["clerk"] == "s01"
    assert hall.rate(ticket["code"], 5)["channel"] == "kiosk"  # still free to rate elsewhere


def test_the_next_resident_replaces_an_unanswered_question(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    first = served(hall, clock)
    second = served(hall, clock)
    assert hall.pad_view("1")["ask"]["code"] == second["code"]
    [entry] = audit_actions(hall, "rating_not_rated")
    assert entry["subject"] == first["code"] and entry["detail"]["reason"] == "replaced"
    assert refusal(hall.rate_at_pad, "1", first["code"], 5).key == "pad.not_asking"


def test_a_request_resolved_at_a_counter_asks_that_counters_pad(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("3")
    request = hall.file_request("repair", "楼道灯坏了，晚上很黑", PHONE, address="阳光路8号")
    for status in ("accepted", "assigned", "in_progress"):
        hall.advance_request(request["code"], status, staff="s03", assignee="s03")
    hall.advance_request(request["code"], "resolved", staff="s03", counter="3", note="已修好")
    ask = hall.pad_view("3")["ask"]
    assert ask["code"] == request["code"] and ask["kind"] == "request" and ask["clerk"] == "s03"


def test_a_visit_already_rated_is_not_asked_again(hall: Hall, clock: FixedClock) -> None:
    appointment = hall.book("social-security", MONDAY, time(10, 0), "张三", PHONE)
    at(clock, "09:50")
    hall.check_in(appointment["code"], PHONE[-4:])
    hall.call_next("1", staff="s01")
    hall.pad_started("1")
    hall.finish("1", staff="s01")
    ask = hall.pad_view("1")["ask"]
    hall.rate(appointment["code"], 5)  # the appointment's code: the same visit (一次一评)
    assert ask["kind"] == "ticket" and hall.pad_view("1")["ask"] is None  # the pad asked about its ticket
    assert refusal(hall.rate, ask["code"], 5).key == "rating.already"


# --- the rectification case -----------------------------------------------------------------------------------


def test_a_poor_rating_opens_a_case_with_deadlines_in_working_days(hall_config: HallConfig, tmp_path: Path) -> None:
    """Rated Wednesday 2026-09-30: 国庆 closes 10-01..10-07, Saturday 10-10 is a 调休 workday. Five working days
    are 10-08, 10-09, 10-10, 10-12 and 10-13; one is 10-08."""
    config = dataclasses.replace(hall_config, ratings=dataclasses.replace(hall_config.ratings, follow_up_days=5))
    clock = FixedClock(datetime(2026, 9, 30, 9, 0, tzinfo=config.timezone))
    hall = Hall.open(config, clock=clock, data_path=str(tmp_path / "h.json"), durable=False, create=True)
    _, item = poor_case(hall, clock, phone="13912345678")
    case = item["case"]
    assert case["stage"] == "open" and case["level"] == 1 and case["clerk"] == "s01"
    assert case["call_back_due"].startswith("2026-10-08T09:10")
    assert case["rectify_due"].startswith("2026-10-13T09:10")
    assert item["next_steps"] == ["assign", "appeal"] and item["overdue"] == []


def test_the_steps_go_in_order_and_the_request_follows(hall: Hall, clock: FixedClock) -> None:
    rating, item = poor_case(hall, clock)
    code = item["code"]
    assert refusal(hall.call_back_case, code, "已联系", staff="zx-liu").key == "case.bad_step"
    assert refusal(hall.rectify_case, code, "已整改", staff="zx-liu").key == "case.bad_step"
    assert refusal(hall.grade_case, code, "satisfied").key == "case.bad_step"
    assert hall.assign_case(code, "zx-liu", staff="zx-wang")["status"] == "assigned"
    # By the rated ticket's code as well as the follow-up's.
    assert hall.call_back_case(rating["subject"], "居民说等了很久", staff="zx-liu")["status"] == "in_progress"
    fixed = hall.rectify_case(code, "增开了下午的社保窗口", staff="zx-liu")
    assert fixed["status"] == "resolved" and fixed["case"]["stage"] == "rectified"
    assert hall.rating_action(rating["subject"]) == "grade" and hall.rating_action(code) == "grade"
    done = hall.grade_case(code, "基本满意")
    assert done["status"] == "closed" and done["case"]["closed_as"] == "graded"
    assert done["case"]["grade"]["grade"] == "fairly-satisfied" and done["case"]["grade"]["channel"] == "kiosk"
    steps = [e["detail"]["step"] for e in audit_actions(hall, "case_step")]
    assert steps == ["assign", "call_back", "rectify", "grade"]
    assert hall.rating_action(code) == "rate"  # graded: nothing more to ask


def test_generic_request_steps_are_refused_for_a_case(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    assert refusal(hall.advance_request, item["code"], "accepted", staff="zx-wang").key == "request.has_case"


def test_the_clerk_rated_may_not_handle_the_case(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    code = item["code"]
    assert refusal(hall.assign_case, code, "s01", staff="zx-wang").key == "case.clerk_rated"
    hall.assign_case(code, "zx-liu", staff="zx-wang")
    assert refusal(hall.call_back_case, code, "好", staff="s01").key in ("case.clerk_rated", "request.not_yours")
    hall.call_back_case(code, "居民说明了情况", staff="zx-liu", reached=False)
    assert hall.case(code)["case"]["reached"] is False
    hall.rectify_case(code, "已培训窗口人员", staff="zx-liu")
    assert refusal(hall.grade_case, code, "satisfied", staff="s01").key == "case.clerk_rated"
    graded = hall.grade_case(code, "3", staff="zx-wang")
    assert graded["case"]["grade"] == {
        "at": graded["case"]["grade"]["at"],
        "grade": "satisfied",
        "channel": "staff",
        "by": "zx-wang",
    }


def test_only_the_assignee_works_an_assigned_case(hall: Hall, clock: FixedClock) -> None:
    hall.add_staff("zx-liu", "刘晓红", "246813")
    _, item = poor_case(hall, clock)
    hall.assign_case(item["code"], "zx-liu", staff="zx-wang")
    assert refusal(hall.call_back_case, item["code"], "好", staff="zx-huang").key == "request.not_yours"


def test_an_appeal_is_reviewed_by_someone_else_and_upheld_takes_the_rating_out(hall: Hall, clock: FixedClock) -> None:
    rating, item = poor_case(hall, clock)
    code = item["code"]
    hall.assign_case(code, "zx-liu", staff="zx-wang")
    appealed = hall.appeal_case(code, "居民因政策不满恶意差评，有录像", staff="s01")
    assert appealed["case"]["stage"] == "appealed" and appealed["case"]["resume"] == "assigned"
    assert refusal(hall.appeal_case, code, "再申诉", staff="s01").key == "case.appealed_once"
    assert refusal(hall.call_back_case, code, "好", staff="zx-liu").key == "case.bad_step"
    assert refusal(hall.review_case, code, upheld=True, reason="同意", staff="s01").key == "case.clerk_rated"
    reviewed = hall.review_case(code, upheld=True, reason="录像属实，撤销差评", staff="zx-huang")
    assert reviewed["status"] == "closed" and reviewed["case"]["closed_as"] == "appeal_upheld"
    assert reviewed["case"]["review"]["by"] == "zx-huang" and reviewed["case"]["review"]["outcome"] == "upheld"
    stored = next(r for r in hot(hall, "ratings") if r["key"] == rating["key"])
    assert stored["appeal"] == "upheld"


def test_the_appellant_may_not_review_and_a_rejected_appeal_goes_on(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    code = item["code"]
    hall.appeal_case(code, "不属实", staff="zx-wang")
    assert refusal(hall.review_case, code, upheld=False, reason="驳回", staff="zx-wang").key == "case.own_appeal"
    reviewed = hall.review_case(code, upheld=False, reason="证据不足，继续整改", staff="zx-huang")
    assert reviewed["case"]["stage"] == "open" and reviewed["case"]["review"]["outcome"] == "rejected"
    assert reviewed["status"] == "submitted"
    assert hall.assign_case(code, "zx-liu", staff="zx-wang")["case"]["stage"] == "assigned"


def test_overdue_steps_are_listed_and_on_time_is_kept(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock, phone="13912345678")
    code = item["code"]
    at(clock, "09:00", MONDAY.replace(day=25))  # Wednesday: the call back (due Tuesday) is late
    listed = hall.cases(overdue_only=True)
    assert [c["code"] for c in listed] == [code] and listed[0]["overdue"] == ["call_back"]
    hall.assign_case(code, "zx-liu", staff="zx-wang")
    hall.call_back_case(code, "已回访", staff="zx-liu")
    hall.rectify_case(code, "已整改", staff="zx-liu")
    assert hall.case(code)["on_time"] == {"call_back": False, "rectify": True}
    assert hall.cases(overdue_only=True) == []


def test_a_rectification_nobody_grades_closes_after_grade_days(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    code = item["code"]
    hall.assign_case(code, "zx-liu", staff="zx-wang")
    hall.call_back_case(code, "已回访", staff="zx-liu")
    hall.rectify_case(code, "已整改", staff="zx-liu")
    at(clock, "09:00", MONDAY.replace(day=29))  # six days later: still waiting for the resident
    hall.close_days()
    assert hall.case(code)["case"]["stage"] == "rectified"
    at(clock, "10:00", MONDAY.replace(day=30))  # seven days after: the day's close finds it ungraded
    hall.close_days()
    closed = hall.case(code)["case"]
    assert closed["stage"] == "closed" and closed["closed_as"] == "ungraded" and closed["grade"] is None
    at(clock, "09:00", date(2026, 12, 1))  # and the next close archives it with its last day
    hall.close_days()
    assert refusal(hall.case, code).key == "case.ended"
    assert hall.rating_action(code) == "rate"


def test_rectification_steps_need_words(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    hall.assign_case(item["code"], "zx-liu", staff="zx-wang")
    with pytest.raises(InvalidInput):
        hall.call_back_case(item["code"], "   ", staff="zx-liu")
    with pytest.raises(InvalidInput):
        hall.grade_case(item["code"], "very good")
    assert rectification.parse_grade("不满意") == "dissatisfied"


# --- what a first trial found --------------------------------------------------------------------------------


def test_a_question_being_answered_keeps_the_next_one_waiting_its_turn(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    first = hall.issue_ticket("social-security")
    second = hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    hall.finish("1", staff="s01")
    hall.pad_touch("1", first["code"])
    hall.call_next("1", staff="s01")
    clock.advance(seconds=10)
    hall.finish("1", staff="s01")  # the clerk serves the next resident while the first is still answering
    assert hall.pad_view("1")["ask"]["code"] == first["code"]
    assert audit_actions(hall, "rating_not_rated") == []
    hall.rate_at_pad("1", first["code"], 1, reasons=["slow"])
    assert hall.pad_view("1")["ask"]["code"] == second["code"]  # now its turn
    hall.pad_timeout("1", second["code"])
    [entry] = audit_actions(hall, "rating_not_rated")
    assert entry["subject"] == second["code"] and entry["detail"]["reason"] == "timeout"


def test_a_touch_gives_the_resident_their_time_again(hall: Hall, clock: FixedClock) -> None:
    hall.pad_started("1")
    ticket = served(hall, clock)
    clock.advance(seconds=25)
    hall.pad_touch("1", ticket["code"])
    clock.advance(seconds=25)
    assert hall.pad_view("1")["ask"]["code"] == ticket["code"] and hall.pad_view("1")["seconds_left"] == 5
    clock.advance(seconds=6)
    assert refusal(hall.pad_touch, "1", ticket["code"]).key == "pad.not_asking"


def test_the_clerk_rated_neither_assigns_nor_writes_on_the_case(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)
    assert refusal(hall.assign_case, item["code"], "zx-liu", staff="s01").key == "case.clerk_rated"
    assert refusal(hall.note_request, item["code"], staff="s01", note="他是故意的").key == "case.clerk_rated"
    assert hall.note_request(item["code"], staff="zx-wang", note="已了解")["history"][-1]["note"] == "已了解"


def test_without_a_phone_no_call_back_deadline_runs(hall: Hall, clock: FixedClock) -> None:
    _, item = poor_case(hall, clock)  # a walk-in: no phone given, none on record
    assert item["case"]["call_back_due"] is None and item["can_call"] is False
    at(clock, "09:00", MONDAY.replace(day=26))
    assert hall.case(item["code"])["overdue"] == []
    with_phone = hall.rate(served(hall, clock)["code"], 2, reasons=["slow"], phone="13912345678")
    assert hall.case(with_phone["follow_up"])["case"]["call_back_due"] is not None


def test_grades_are_numbered_as_levels_are_higher_is_better() -> None:
    assert [rectification.parse_grade(n) for n in ("3", "2", "1")] == ["satisfied", "fairly-satisfied", "dissatisfied"]
