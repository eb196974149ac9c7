"""What the kiosk and the console need of text messages besides the actions themselves: which events a resident is
offered texts about (none while messages are off, none to a landline), and a request's detail with its consent,
its visit time and its texts.

The clock starts at Monday 2026-11-23 09:00 (conftest); the bundled kiosk.toml has ``[notify] gateway = "file"``.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time

from kiosk import staff
from kiosk.config import HallConfig
from kiosk.hall import Hall

MOBILE = "13812345678"
LANDLINE = "010-62345678"


def test_the_offer_follows_the_events_the_hall_sends(hall: Hall) -> None:
    assert hall.texts_offered("ticket") == ("near", "called")
    assert hall.texts_offered("appointment", MOBILE) == ("booked", "moved", "cancelled", "reminder")
    assert hall.texts_offered("request", " 138 1234 5678 ") == ("request", "visit")  # as typed: normalised first
    assert hall.texts_offered("rating", MOBILE) == ("call_back", "visit")  # a poor rating's follow-up


def test_no_offer_to_a_landline_or_to_what_is_not_a_phone(hall: Hall) -> None:
    assert hall.texts_offered("appointment", LANDLINE) == ()
    assert hall.texts_offered("request", "12") == ()


def test_no_offer_while_messages_are_off_or_for_events_turned_off(hall: Hall, hall_config: HallConfig) -> None:
    rules = hall_config.notify
    hall.config = dataclasses.replace(hall_config, notify=dataclasses.replace(rules, gateway="none"))
    assert hall.texts_offered("ticket") == () and hall.texts_offered("appointment", MOBILE) == ()
    hall.config = dataclasses.replace(hall_config, notify=dataclasses.replace(rules, events=("called", "visit")))
    assert hall.texts_offered("ticket") == ("called",)
    assert hall.texts_offered("appointment", MOBILE) == ()
    assert hall.texts_offered("request", MOBILE) == ("visit",)
    assert hall.texts_offered("rating", LANDLINE) == ()


def test_a_request_detail_says_consent_visit_and_its_texts_newest_first(hall: Hall, monkeypatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})
    hall.add_staff("s01", "王芳", "246813")
    record = hall.file_request("repair", "楼道灯坏了", MOBILE, address="3号楼2单元", notify=True, lang="en")
    code = record["code"]
    hall.advance_request(code, "accepted", staff="s01")
    hall.schedule_visit(code, "2026-11-24 10:00", staff="s01")

    detail = hall.request_detail(code, staff="s01")

    assert detail["notify"] is True and detail["visit_at"] == "2026-11-24T10:00:00+08:00"
    assert [m["event"] for m in detail["messages"]] == ["visit", "request"]
    assert detail["messages"][0]["phone"] == "138****5678" and detail["messages"][0]["lang"] == "en"
    assert all(m["ref"] == code for m in detail["messages"])

    hall.stop_messages(code, "5678")
    assert hall.request_detail(code)["notify"] is False
    # The visit and the resend of a text are audited (under the clerk).
    actions = [entry["action"] for entry in hall.audit_log()]
    assert "request_visit" in actions


def test_a_request_without_consent_has_no_texts(hall: Hall) -> None:
    code = hall.file_request("repair", "楼道灯坏了", MOBILE, address="3号楼2单元")["code"]
    detail = hall.request_detail(code)
    assert detail["notify"] is False and detail["messages"] == [] and detail["visit_at"] is None


def test_booking_with_consent_is_offered_and_texts_its_confirmation(hall: Hall) -> None:
    assert hall.texts_offered("appointment", MOBILE)
    appointment = hall.book("household", date(2026, 11, 25), time(9, 10), "张三", MOBILE, notify=True, lang="zh-Hans")
    assert appointment["notify"] is True
    assert [m["event"] for m in hall.messages(ref=appointment["code"])] == ["booked"]


def test_a_clerk_resends_a_text_once_it_was_tried_and_it_is_audited(hall: Hall, monkeypatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})
    hall.add_staff("s01", "王芳", "246813")
    hall.set_counter("1", "open")
    ticket = hall.issue_ticket("social-security", phone=MOBILE, lang="zh-Hans")
    hall.call_next("1")
    [called] = [m for m in hall.messages(ref=ticket["code"]) if m["event"] == "called"]
    [claimed] = hall.claim_messages("test", idempotent=True, lease_seconds=60)
    hall.message_outcome(claimed["key"], sender="test", outcome="sent")

    again = hall.resend_message(called["key"], staff="s01", counter="1")

    assert again["key"] == called["key"] + "/resend1" and again["resend_of"] == called["key"]
    [entry] = [e for e in hall.audit_log() if e["action"] == "message_resent"]
    assert entry["staff"] == "s01"
    assert entry["subject"] == ticket["code"] and entry["detail"]["message"] == called["key"]
