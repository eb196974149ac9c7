"""What a code reveals to whoever holds it (kiosk.disclosure), asserted on the serialised status of every kind."""

from __future__ import annotations

import json
from datetime import time

import pytest
from domain_helpers import TUESDAY, at

from kiosk import requests
from kiosk.clock import FixedClock
from kiosk.errors import NotFound
from kiosk.hall import Hall

#: Chosen so that none of its parts can turn up in a code (codes have no 0 or 1) or in a timestamp by chance.
PHONE = "13957861170"
PHONE_PARTS = ("139", "5786", "1170", PHONE)
NAME = "欧阳娜娜"
ADDRESS = "阳光小区3栋2单元501"
DESCRIPTION = "家中独居老人行动不便，需要上门"
INTERNAL = "内部：该户曾多次投诉"
VISIBLE = "已联系物业，明天上午上门"


def serialised(hall: Hall, code: str) -> str:
    """The status of ``code`` as the CLI's --json writes it (and as the kiosk gets it)."""
    return json.dumps(hall.status(code), ensure_ascii=False)


def assert_no_phone_and_no_name(text: str) -> None:
    for part in PHONE_PARTS:
        assert part not in text, f"phone digits {part!r} in {text}"
    assert "*" not in text, "not even a masked phone or name"
    assert "phone" not in text and "name" not in text
    assert NAME[0] not in text, "not even the name's initial"


def filed_request(hall: Hall) -> str:
    code = hall.file_request("home-visit", DESCRIPTION, PHONE, address=ADDRESS, preferred_time="2026-11-25T19:00")[
        "code"
    ]
    hall.advance_request(code, "accepted", staff="s01", note="内部：先核实身份")
    hall.advance_request(code, "assigned", staff="s01", assignee="wg-li")
    hall.note_request(code, staff="s02", note=INTERNAL)
    hall.note_request(code, staff="s02", note=VISIBLE, visible=True)
    return code


def test_a_request_by_code_shows_no_phone_address_description_staff_or_internal_note(hall: Hall) -> None:
    code = filed_request(hall)
    text = serialised(hall, code)
    assert_no_phone_and_no_name(text)
    for private in (
        ADDRESS,
        DESCRIPTION,
        INTERNAL,
        "先核实身份",
        "s01",
        "s02",
        "wg-li",
        "2026-11-25T19:00",
        "preferred",
        "assignee",
        "staff",
    ):
        assert private not in text, private
    assert VISIBLE in text, "a note written for the resident is theirs to read"
    record = hall.status(code)["record"]
    assert [h["event"] for h in record["history"]] == ["submitted", "accepted", "assigned", "note"]
    assert record["category"] == "home-visit" and record["status"] == "assigned"


def test_a_rejection_reason_and_a_resolution_are_shown(hall: Hall) -> None:
    rejected = filed_request(hall)
    hall.advance_request(rejected, "rejected", staff="s01", note="不属于本中心受理范围")
    text = serialised(hall, rejected)
    assert "不属于本中心受理范围" in text and INTERNAL not in text
    assert hall.status(rejected)["record"]["reason"] == "不属于本中心受理范围"
    resolved = hall.file_request("other", "询问办事流程", PHONE)["code"]
    for step in ("accepted",):
        hall.advance_request(resolved, step, staff="s01")
    hall.advance_request(resolved, "assigned", staff="s01", assignee="wg-li")
    hall.advance_request(resolved, "in_progress", staff="wg-li", note="内部：上门前先电话")
    hall.advance_request(resolved, "resolved", staff="wg-li", note="已当面解答")
    text = serialised(hall, resolved)
    assert "已当面解答" in text and "上门前先电话" not in text and "询问办事流程" not in text
    assert_no_phone_and_no_name(text)


def test_a_note_without_an_audience_is_internal() -> None:
    assert requests.note_visible({"at": "x", "event": "note", "note": "旧备注"}) is False
    assert requests.note_visible({"at": "x", "event": "note", "note": "给居民", "visible": True}) is True
    assert requests.note_visible({"at": "x", "event": "accepted", "note": "步骤备注"}) is False
    assert requests.note_visible({"at": "x", "event": "resolved", "note": "已解决"}) is True
    assert requests.note_visible({"at": "x", "event": "closed", "note": "auto_close"}) is False


def test_an_appointment_by_code_shows_its_service_and_day_but_not_its_time_or_owner(
    hall: Hall, clock: FixedClock
) -> None:
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    moved = hall.reschedule(booked["code"], "1170", TUESDAY, time(18, 20))
    text = serialised(hall, moved["code"])
    assert_no_phone_and_no_name(text)
    assert "10:30" not in text and "18:20" not in text and "staggered" not in text
    record = hall.status(moved["code"])["record"]
    assert (record["service"], record["day"], record["status"]) == ("household", "2026-11-24", "booked")
    assert record["history"][-1] == {"at": "2026-11-23T09:00:00+08:00", "event": "rescheduled", "day": "2026-11-24"}

    # With the last four digits, its owner sees the time and the masked name; still no phone digit.
    owned = hall.appointment(moved["code"], "1170")
    assert owned["start"].endswith("T18:20:00+08:00") and owned["staggered"] is True and owned["name"] == "欧***"
    assert owned["history"][-1]["slot"].endswith("T18:20:00+08:00")
    assert not any(part in json.dumps(owned) for part in PHONE_PARTS)
    with pytest.raises(NotFound):
        hall.appointment(moved["code"], "1234")


def test_a_checked_in_appointment_and_its_ticket_hide_the_link_and_the_priority(hall: Hall, clock: FixedClock) -> None:
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    at(clock, "10:25", TUESDAY)
    ticket = hall.check_in(booked["code"], "1170")["ticket"]
    appointment_text = serialised(hall, booked["code"])
    assert_no_phone_and_no_name(appointment_text)
    assert ticket["number"] not in appointment_text, "a stranger could watch the board for that number"
    ticket_text = serialised(hall, ticket["code"])
    assert booked["code"] not in ticket_text and "appointment" not in ticket_text
    assert_no_phone_and_no_name(ticket_text)


def test_a_ticket_by_code_shows_number_place_counter_and_outcome_but_no_staff_or_note(hall: Hall) -> None:
    priority = hall.issue_ticket("social-security", priority=True)
    waiting = hall.issue_ticket("social-security")
    status = hall.status(waiting["code"])
    assert status["position"] == 1 and status["record"]["number"] == waiting["number"]
    hall.call_next("1", staff="s01")
    hall.finish("1", outcome="documents_missing", staff="s01", note="内部：材料疑似伪造")
    text = serialised(hall, priority["code"])
    record = hall.status(priority["code"])["record"]
    assert record["outcome"] == "documents_missing" and record["counter"] == "1"
    assert [h["event"] for h in record["history"]] == ["issued", "called", "finished"]
    assert "priority" not in text and "s01" not in text and "材料疑似伪造" not in text


def test_a_follow_up_says_so_without_naming_the_rating_or_the_code_it_came_from(hall: Hall, clock: FixedClock) -> None:
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    hall.finish("1")
    follow_up = hall.rate(ticket["code"], 1, "态度很差")["follow_up"]
    text = serialised(hall, follow_up)
    assert ticket["code"] not in text and "态度很差" not in text and "rating" not in text
    assert hall.status(follow_up)["record"]["follow_up"] is True


def test_a_phone_a_clerk_typed_into_a_visible_note_or_a_reason_keeps_only_its_last_four_digits() -> None:
    from kiosk.disclosure import mask_numbers

    assert mask_numbers("已处理，请回电 13812345678 或 010-12345678") == "已处理，请回电 *******5678 或 *******5678"
    assert mask_numbers("3栋2单元 602 室, 2026-11-24 前") == "3栋2单元 602 室, 2026-11-24 前"
