"""The audit log: one entry per staff action, committed with the action or not at all, archived with its day.

The clock starts at Monday 2026-11-23 09:00 (conftest).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at, hot

from kiosk import audit, staff
from kiosk.clock import FixedClock
from kiosk.errors import KioskError
from kiosk.hall import Hall

PIN = "480316"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


def log(hall: Hall) -> list[dict[str, Any]]:
    return sorted(hot(hall, "audit"), key=lambda e: e["seq"])


def last(hall: Hall) -> dict[str, Any]:
    return log(hall)[-1]


def brief(entry: dict[str, Any]) -> tuple[Any, ...]:
    return entry["action"], entry["staff"], entry["counter"], entry["ticket"], entry["detail"]


def test_each_counter_action_leaves_one_entry(hall: Hall, clock: FixedClock) -> None:
    first = hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    assert hot(hall, "audit") == [], "issuing a ticket is a resident's action, not a staff one"

    hall.call_next("1", staff="s01")
    entry = last(hall)
    assert entry == {
        "key": "2026-11-23/audit/1",
        "day": "2026-11-23",
        "seq": 1,
        "at": "2026-11-23T09:00:00+08:00",
        "staff": "s01",
        "counter": "1",
        "action": "call",
        "ticket": "A001",
        "subject": first["code"],
        "detail": {"service": "social-security"},
    }
    at(clock, "09:02")
    hall.recall("1", staff="s01")
    assert brief(last(hall)) == ("recall", "s01", "1", "A001", {"recalls": 1})
    hall.no_show("1", staff="s01")
    assert brief(last(hall)) == ("no_show", "s01", "1", "A001", {"recalls": 1})
    hall.call_next("1", staff="s01")
    hall.transfer("1", "household", staff="s01")
    assert brief(last(hall)) == ("transfer", "s01", "1", "A002", {"from": "social-security", "to": "household"})
    hall.call_next("1", staff="s01")
    hall.finish("1", outcome="documents_missing", note="缺户口簿", staff="s01")
    assert brief(last(hall)) == (
        "finish",
        "s01",
        "1",
        "A003",
        {"outcome": "documents_missing", "note": "缺户口簿", "service": "social-security"},
    )
    hall.set_counter("1", "paused", staff="s01")
    assert brief(last(hall)) == ("counter_state", "s01", "1", None, {"state": "paused", "was": "open"})
    hall.call_next("1", staff="s01")
    assert brief(last(hall)) == ("call", "s01", "1", None, {"empty": True})
    assert [e["seq"] for e in log(hall)] == list(range(1, 10))


def test_a_confirmed_recall_past_the_limit_is_logged_as_the_no_show_it_becomes(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1")
    for _ in range(hall.config.queue.max_recalls):
        clock.advance(minutes=1)
        hall.recall("1")
    clock.advance(minutes=1)
    hall.recall("1", give_up=True)
    entry = last(hall)
    assert brief(entry) == ("no_show", None, "1", "A001", {"reason": "recalls_exhausted", "recalls": 3})


def test_request_steps_and_notes_are_logged(hall: Hall) -> None:
    code = hall.file_request("repair", "楼道灯坏了，晚上很黑", "13900001111", address="3栋2单元")["code"]
    hall.advance_request(code, "accepted", staff="s01", counter="6")
    hall.advance_request(code, "assigned", staff="s01", assignee="wg-li")
    hall.note_request(code, staff="s02", note="已电话联系居民")
    entries = [(e["action"], e["staff"], e["counter"], e["subject"], e["detail"]) for e in log(hall)]
    assert entries == [
        ("request_status", "s01", "6", code, {"from": "submitted", "to": "accepted"}),
        ("request_status", "s01", None, code, {"from": "accepted", "to": "assigned", "assignee": "wg-li"}),
        ("request_note", "s02", None, code, {"note": "已电话联系居民"}),
    ]


REFUSED = [
    ("call while serving", lambda h: h.call_next("1", staff="s01")),
    ("finish with a bad outcome", lambda h: h.finish("1", outcome="great", staff="s01")),
    ("transfer to the same service", lambda h: h.transfer("1", "social-security", staff="s01")),
    ("pause while serving", lambda h: h.set_counter("1", "paused", staff="s01")),
    ("act at a counter someone else holds", lambda h: h.call_next("3", staff="s01")),
    ("recall at an idle counter", lambda h: h.recall("5", staff="s01")),
    ("an unknown counter", lambda h: h.call_next("99", staff="s01")),
    ("a malformed staff id", lambda h: h.finish("1", staff="s 01")),
    (
        "a request step out of order",
        lambda h: h.advance_request(h.requests_view()["requests"][0]["code"], "resolved", staff="s01"),
    ),
    ("a sign-out while serving", lambda h: h.sign_out("s02", "3")),
]


@pytest.mark.parametrize(("what", "action"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_action_writes_no_entry_and_nothing_else(hall: Hall, what: str, action) -> None:
    hall.add_staff("s02", "李强", PIN)
    hall.sign_in("s02", PIN, "3")
    hall.issue_ticket("social-security")
    hall.issue_ticket("household")
    hall.call_next("1", staff="s01")
    hall.call_next("3", staff="s02")
    hall.file_request("other", "询问办事流程", "13812345678")
    before = hall.store.path.read_bytes()
    with pytest.raises(KioskError):
        action(hall)
    assert hall.store.path.read_bytes() == before


def test_the_entry_is_written_in_the_transaction_of_its_action(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    hall.issue_ticket("social-security")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the log cannot be written")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        hall.call_next("1", staff="s01")
    assert hot(hall, "tickets")[0]["status"] == "waiting", "an action whose entry fails is not done either"
    assert hot(hall, "calls") == []


def test_sign_ins_and_account_changes_are_logged_without_the_pin(hall: Hall) -> None:
    hall.add_staff("s01", "王芳", PIN)
    hall.set_pin("s01", "592047")
    with pytest.raises(KioskError):
        hall.sign_in("s01", PIN, "1")
    with pytest.raises(KioskError):
        hall.sign_in("ghost", PIN, "2")
    session = hall.sign_in("s01", "592047", "1")
    hall.sign_out(session)
    entries = [(e["action"], e["staff"], e["counter"], e["detail"].get("reason")) for e in log(hall)]
    assert entries == [
        ("staff_added", None, None, None),
        ("pin_changed", None, None, None),
        ("sign_in_failed", "s01", "1", "pin"),
        ("sign_in_failed", None, "2", "unknown"),
        ("sign_in", "s01", "1", None),
        ("sign_out", "s01", "1", "signed_out"),
    ]
    assert all(PIN not in str(e) and "592047" not in str(e) for e in log(hall))


def test_entries_never_carry_a_code_field_that_the_archive_would_index(hall: Hall) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    hall.finish("1", staff="s01")
    assert all("code" not in entry for entry in log(hall))


def test_the_log_moves_to_the_archive_with_its_day_and_stays_readable(hall: Hall, clock: FixedClock) -> None:
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    hall.finish("1", staff="s01")
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("household")
    hall.call_next("3", staff="s03")
    assert [e["day"] for e in log(hall)] == ["2026-11-24"], "Monday's entries left the hot file"
    archived = hall.store.archive.read_day(MONDAY)["audit"]
    assert sorted(e["action"] for e in archived.values()) == ["call", "finish"]
    monday = hall.audit_log(day=MONDAY)
    assert [(e["action"], e["staff"]) for e in monday] == [("call", "s01"), ("finish", "s01")]
    assert [e["action"] for e in hall.audit_log()] == ["call"]
    assert hall.audit_log(day=date(2026, 11, 20)) == []


def test_the_log_can_be_filtered(hall: Hall) -> None:
    for counter, staff_id in (("1", "s01"), ("3", "s03"), ("1", "s01")):
        hall.call_next(counter, staff=staff_id)
    hall.set_counter("5", "open", staff="s05")
    assert len(hall.audit_log()) == 4
    assert [e["counter"] for e in hall.audit_log(staff="s01")] == ["1", "1"]
    assert [e["staff"] for e in hall.audit_log(counter="3")] == ["s03"]
    assert [e["staff"] for e in hall.audit_log(action="counter_state")] == ["s05"]
    assert [e["seq"] for e in hall.audit_log(limit=2)] == [3, 4]
    with pytest.raises(KioskError) as info:
        hall.audit_log(action="dance")
    assert info.value.key == "audit.bad_action"


def test_an_unclosed_earlier_day_is_read_from_the_hot_file(hall: Hall, clock: FixedClock) -> None:
    hall.call_next("1", staff="s01")
    at(clock, "09:00", TUESDAY)  # no write yet today: Monday is still in the hot file
    assert [e["staff"] for e in hall.audit_log(day=MONDAY)] == ["s01"]
