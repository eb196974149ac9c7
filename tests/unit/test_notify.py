"""Text messages to residents, in the domain: consent first, one message per event written in the action's own
transaction (a refused action leaves none), quiet hours, the daily cap, stopping, retries with back-off, a sender
killed mid-send, resend, and the day's close (see kiosk/notices.py and kiosk/outbox.py)."""

from __future__ import annotations

import copy
import dataclasses
import threading
import time as _time
from datetime import date, time

import pytest

from kiosk import outbox, recovery
from kiosk.config import check_gateway_settings, parse_notify
from kiosk.errors import ConfigError, InvalidInput, KioskError, NotFound, Refused
from kiosk.gateways import Outcome
from kiosk.hall import Hall
from kiosk.sender import Sender
from tests.unit.domain_helpers import MONDAY, TUESDAY, at, hot

PHONE = "13812345678"
SERVICE = "social-security"


def keys(hall: Hall) -> list[str]:
    """Every message's key, oldest first."""
    return [m["key"] for m in sorted(hot(hall, outbox.MESSAGES), key=lambda m: m["created_at"])]


def message(hall: Hall, key: str) -> dict:
    found = [m for m in hot(hall, outbox.MESSAGES) if m["key"] == key]
    assert found, f"no message {key}: {keys(hall)}"
    return found[0]


def deliver(hall: Hall, sender: str = "s1", outcome: str = "sent", *, idempotent: bool = True) -> list[str]:
    """One sender round with a gateway that answers ``outcome`` to everything: the keys it was handed."""
    claimed = hall.claim_messages(sender, idempotent=idempotent, lease_seconds=60)
    for m in claimed:
        hall.message_outcome(m["key"], sender=sender, outcome=outcome, reason=None if outcome == "sent" else "x")
    return [m["key"] for m in claimed]


@pytest.fixture
def queue_of_five(hall: Hall, clock) -> Hall:
    """Counter 1 open and five residents waiting for social security."""
    at(clock, "09:00")
    hall.set_counter("1", "open")
    for _ in range(5):
        hall.issue_ticket(SERVICE)
    return hall


# -- consent ---------------------------------------------------------------------------------------------------


def test_no_consent_no_message(queue_of_five: Hall, clock):
    hall = queue_of_five
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", "13900001111")  # a phone, but no yes to messages
    hall.file_request("repair", "楼道灯坏了很久了", "13900002222", address="3栋")
    for _ in range(5):
        hall.call_next("1")
        hall.finish("1")
    assert keys(hall) == []


def test_a_landline_or_a_bad_number_is_refused_for_a_ticket_and_nothing_is_issued(queue_of_five: Hall):
    hall = queue_of_five
    with pytest.raises(InvalidInput) as landline:
        hall.issue_ticket(SERVICE, phone="01012345678")
    assert landline.value.key == "notify.not_mobile"
    with pytest.raises(InvalidInput):
        hall.issue_ticket(SERVICE, phone="12")
    assert len([t for t in hot(hall, "tickets") if t["status"] == "waiting"]) == 5  # neither was issued


def test_a_phone_left_for_a_called_ticket_is_refused(queue_of_five: Hall):
    hall = queue_of_five
    first = hall.call_next("1")
    assert first is not None
    with pytest.raises(Refused) as refused:
        hall.leave_phone(first["code"], PHONE)
    assert refused.value.key == "notify.ticket_not_waiting"
    assert keys(hall) == []


def test_texts_off_offers_nothing(queue_of_five: Hall):
    hall = queue_of_five
    hall.config = dataclasses.replace(hall.config, notify=dataclasses.replace(hall.config.notify, gateway="none"))
    with pytest.raises(Refused) as refused:
        hall.issue_ticket(SERVICE, phone=PHONE)
    assert refused.value.key == "notify.off"
    booked = hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    assert booked["notify"] is False and keys(hall) == []


# -- the queue ----------------------------------------------------------------------------------------------------


def test_near_is_sent_once_when_three_stand_ahead_and_called_once_per_counter(queue_of_five: Hall, clock):
    hall = queue_of_five
    mine = hall.issue_ticket(SERVICE, phone=PHONE, lang="zh-Hans")  # A006, five ahead
    assert keys(hall) == []
    hall.call_next("1")  # four ahead
    assert keys(hall) == []
    hall.finish("1")
    hall.call_next("1")  # three ahead
    assert keys(hall) == [f"near/{mine['key']}"]
    near = message(hall, f"near/{mine['key']}")
    assert near["params"] == {"number": "A006", "ahead": "3", "service": "社保医保"}
    assert near["phone"] == PHONE and near["lang"] == "zh-Hans" and near["status"] == "pending"
    for _ in range(3):
        hall.finish("1")
        hall.call_next("1")  # two, one, none ahead: still one "near"
    assert keys(hall) == [f"near/{mine['key']}"]
    hall.finish("1")
    hall.call_next("1")  # A006 called
    called = f"called/{mine['key']}/1"
    assert keys(hall)[-1] == called
    assert (
        message(hall, called)["params"] == {"number": "A006", "counter": "1号窗口"} and message(hall, called)["urgent"]
    )
    clock.advance(seconds=60)
    hall.recall("1")  # a recall at the same counter texts nothing more
    assert keys(hall).count(called) == 1 and len(keys(hall)) == 2
    hall.transfer("1", "elderly")  # sent on to elderly, called at counter 2: a new call, a new text
    hall.set_counter("2", "open")
    again = hall.call_next("2")
    assert again is not None and again["number"] == "A006"
    assert keys(hall)[-1] == f"called/{mine['key']}/2"


def test_a_refused_call_leaves_no_message(queue_of_five: Hall):
    hall = queue_of_five
    hall.issue_ticket(SERVICE, phone=PHONE)
    for _ in range(2):
        hall.call_next("1")
        hall.finish("1")
    hall.call_next("1")
    before = keys(hall)
    with pytest.raises(Refused):
        hall.call_next("1")  # still serving: refused, and the transaction with its messages rolled back
    assert keys(hall) == before


def test_a_near_message_is_stale_once_the_ticket_is_called(queue_of_five: Hall):
    hall = queue_of_five
    mine = hall.issue_ticket(SERVICE, phone=PHONE)
    for _ in range(5):
        hall.call_next("1")
        hall.finish("1")
    hall.call_next("1")  # the sender was down: "near" never went, and now it is A006's call
    delivered = deliver(hall)
    assert delivered == [f"called/{mine['key']}/1"]
    assert message(hall, f"near/{mine['key']}")["status"] == "suppressed"
    assert message(hall, f"near/{mine['key']}")["reason"] == "stale"


# -- appointments and requests --------------------------------------------------------------------------------------


def test_a_booking_is_confirmed_moved_cancelled_and_reminded_once(hall: Hall, clock):
    at(clock, "10:00")
    booked = hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True, lang="en")
    code = booked["code"]
    assert keys(hall) == [f"booked/{code}"]
    assert message(hall, f"booked/{code}")["params"]["time"] == "11-24 09:00"
    assert "张" not in str(message(hall, f"booked/{code}")["params"])  # no name in a text
    hall.reschedule(code, "5678", TUESDAY, time(10, 0))
    assert keys(hall)[-1] == f"moved/{code}/2026-11-24T10:00:00+08:00"
    at(clock, "21:30")
    assert hall.queue_reminders() == 1
    assert hall.queue_reminders() == 0  # the nightly job run twice writes nothing twice
    reminder = f"reminder/{code}/2026-11-24T10:00:00+08:00"
    assert message(hall, reminder)["params"]["time"] == "10:00"
    hall.cancel(code, "5678")
    assert keys(hall)[-1] == f"cancelled/{code}"
    # Quiet from 22:00: only "called" may go now; the rest waits for 08:00. The reminder of a cancelled
    # appointment is stale at once.
    at(clock, "22:00")
    assert deliver(hall) == []
    assert message(hall, reminder)["status"] == "suppressed" and message(hall, reminder)["reason"] == "stale"
    # The booking and its move are overtaken: the resident is not told a time that no longer holds.
    assert message(hall, f"booked/{code}")["reason"] == "stale"
    assert message(hall, f"moved/{code}/2026-11-24T10:00:00+08:00")["reason"] == "stale"
    at(clock, "08:00", TUESDAY)
    assert deliver(hall) == [f"cancelled/{code}"]


def test_a_reminder_is_not_written_for_a_booking_made_this_evening(hall: Hall, clock):
    at(clock, "20:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    at(clock, "21:30")
    assert hall.queue_reminders() == 0  # the confirmation has just gone


def test_a_refused_booking_leaves_no_message(hall: Hall, clock):
    at(clock, "10:00")
    with pytest.raises(KioskError):
        hall.book(SERVICE, TUESDAY, time(9, 7), "张三", PHONE, notify=True)  # not a slot start
    assert keys(hall) == []


def test_request_steps_and_the_visit_are_texted(hall: Hall, clock):
    at(clock, "10:00")
    hall.add_staff("w01", "王芳", "246813")
    filed = hall.file_request("repair", "楼道灯坏了很久了", PHONE, address="3栋", notify=True, lang="zh-Hans")
    code = filed["code"]
    assert keys(hall) == []  # filing is confirmed on screen and slip, not by text
    hall.advance_request(code, "accepted", staff="w01")
    hall.advance_request(code, "assigned", staff="w01", assignee="w01")
    hall.schedule_visit(code, "2026-11-24 19:00", staff="w01")
    with pytest.raises(InvalidInput):
        hall.schedule_visit(code, "yesterday", staff="w01")
    hall.advance_request(code, "rejected", staff="w01", note="不属于本社区管辖范围，请联系物业")
    events = [message(hall, k) for k in keys(hall)]
    assert [m["event"] for m in events] == ["request", "request", "visit", "request"]
    assert events[0]["params"]["status"] == "已受理"
    assert events[2]["params"]["time"] == "11-24 19:00"
    assert "不属于本社区管辖范围" in events[3]["params"]["reason"]


def test_a_poor_rating_with_consent_is_told_when_the_call_back_is_due(hall: Hall, clock):
    at(clock, "09:00")
    hall.set_counter("1", "open")
    hall.issue_ticket(SERVICE)
    hall.call_next("1")
    done = hall.finish("1")
    rating = hall.rate(done["code"], 1, "等了很久", PHONE, reasons=["slow"], notify=True, lang="zh-Hans")
    follow_up = rating["follow_up"]
    assert keys(hall) == [f"call_back/{follow_up}"]
    assert message(hall, f"call_back/{follow_up}")["params"]["by"] == "11-24 09:00"


# -- delivery ---------------------------------------------------------------------------------------------------


def test_called_goes_in_quiet_hours_and_the_rest_waits_until_they_end(hall: Hall, clock):
    at(clock, "18:00")
    hall.book(SERVICE, TUESDAY, time(18, 30), "张三", PHONE, notify=True)
    at(clock, "22:00")
    assert deliver(hall) == []
    held = message(hall, keys(hall)[0])
    assert held["status"] == "pending" and held["next_at"] == "2026-11-24T08:00:00+08:00"
    at(clock, "07:59", TUESDAY)
    assert deliver(hall) == []
    at(clock, "08:00", TUESDAY)
    assert deliver(hall) == [held["key"]]


def test_the_daily_cap_suppresses_the_eleventh_message(hall: Hall, clock):
    at(clock, "10:00")
    hall.add_staff("w01", "王芳", "246813")
    for _ in range(11):
        filed = hall.file_request("repair", "楼道灯坏了很久了", PHONE, address="3栋", notify=True)
        hall.advance_request(filed["code"], "accepted", staff="w01")
    delivered = deliver(hall) + deliver(hall)
    assert len(delivered) == 10
    capped = [m for m in hot(hall, outbox.MESSAGES) if m["status"] == "suppressed"]
    assert len(capped) == 1 and capped[0]["reason"] == "cap"


def test_a_stop_keyword_and_a_stop_by_code_suppress_and_prevent(hall: Hall, clock):
    at(clock, "10:00")
    first = hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    assert hall.notify_reply(PHONE, "退订") and not hall.notify_reply(PHONE, "谢谢")
    assert message(hall, f"booked/{first['code']}")["reason"] == "opted_out"
    second = hall.book(SERVICE, TUESDAY, time(10, 0), "张三", PHONE, notify=True)
    assert second["notify"] is False and deliver(hall) == []  # no consent taken for a number that opted out
    assert hall.notify_reply(PHONE, "kt")  # the owner takes it back: texts go again
    third = hall.book(SERVICE, date(2026, 11, 25), time(10, 0), "张三", PHONE, notify=True)
    assert deliver(hall) == [f"booked/{third['code']}"]
    other = hall.book(SERVICE, TUESDAY, time(11, 0), "李四", "13900001111", notify=True)
    with pytest.raises(NotFound):
        hall.stop_messages(other["code"], "0000")  # the wrong last four: as if the code were unknown
    assert hall.stop_messages(other["code"], "1111") == 1
    hall.reschedule(other["code"], "1111", TUESDAY, time(11, 15))
    assert [m["reason"] for m in hot(hall, outbox.MESSAGES) if m["subject"] == other["key"]] == ["stopped"]


def test_a_throttled_send_is_retried_with_a_growing_back_off_then_failed(hall: Hall, clock):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    key = keys(hall)[0]
    waits = []
    for _ in range(hall.config.notify.retries):
        assert deliver(hall, outcome="retry") == [key]
        record = message(hall, key)
        assert record["status"] == "pending"
        waits.append(record["history"][-1]["wait"])
        clock.set(outbox.parse_stamp(record["next_at"]))
    assert waits == [30, 60, 120, 240, 480]
    assert deliver(hall, outcome="retry") == [key]
    assert message(hall, key)["status"] == "failed"


def test_two_senders_never_hold_the_same_message(hall: Hall, clock):
    at(clock, "10:00")
    for minute, phone in ((0, PHONE), (15, "13900001111"), (30, "13900002222")):
        hall.book(SERVICE, TUESDAY, time(9, minute), "张三", phone, notify=True)
    first = hall.claim_messages("a", idempotent=True, lease_seconds=60, limit=2)
    second = hall.claim_messages("b", idempotent=True, lease_seconds=60)
    assert len(first) == 2 and len(second) == 1
    assert not {m["key"] for m in first} & {m["key"] for m in second}
    assert hall.message_outcome(first[0]["key"], sender="b", outcome="sent") is None  # not b's to report


@pytest.mark.parametrize("idempotent, after", [(True, "sent"), (False, "failed")])
def test_a_sender_killed_mid_send_is_retried_only_through_a_gateway_that_dedupes(hall: Hall, clock, idempotent, after):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    key = keys(hall)[0]
    assert [m["key"] for m in hall.claim_messages("dead", idempotent=idempotent, lease_seconds=60)] == [key]
    # "dead" never reports. Until its lease ends nobody else touches the message ...
    assert deliver(hall, "live", idempotent=idempotent) == []
    clock.advance(seconds=61)
    delivered = deliver(hall, "live", idempotent=idempotent)
    assert delivered == ([key] if idempotent else [])
    record = message(hall, key)
    assert record["status"] == after
    if not idempotent:
        assert record["reason"] == "interrupted"  # it may have gone: at most once wins
    assert hall.message_outcome(key, sender="dead", outcome="sent") is None  # a late report changes nothing


def test_an_idle_sender_writes_nothing(hall: Hall, clock):
    at(clock, "10:00")
    version = hall.version()
    assert not hall.outbox_due()
    assert hall.version() == version


def test_a_resend_is_a_new_message_refused_while_the_first_has_not_gone(hall: Hall, clock):
    at(clock, "10:00")
    hall.add_staff("w01", "王芳", "246813")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    key = keys(hall)[0]
    with pytest.raises(Refused):
        hall.resend_message(key, staff="w01")
    deliver(hall)
    line = hall.resend_message(key, staff="w01")
    assert line["key"] == f"{key}/resend1" and line["resend_of"] == key and line["phone"] == "138****5678"
    assert deliver(hall) == [f"{key}/resend1"]
    assert hall.audit_log(action="message_resent")[0]["staff"] == "w01"


def test_lists_mask_the_phone_and_say_the_words(hall: Hall, clock):
    at(clock, "10:00")
    booked = hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True, lang="zh-Hans")
    lines = hall.messages(booked["code"])
    assert len(lines) == 1 and lines[0]["phone"] == "138****5678"
    assert lines[0]["text"].startswith("您已预约社保医保，时间11-24 09:00") and PHONE not in str(lines)


def test_done_messages_move_to_the_archive_with_their_day_and_waiting_ones_stay(hall: Hall, clock):
    at(clock, "18:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    deliver(hall)
    at(clock, "22:10")
    hall.book(SERVICE, TUESDAY, time(10, 0), "张三", PHONE, notify=True)
    assert deliver(hall) == []  # quiet hours: held until 08:00
    at(clock, "08:10", TUESDAY)
    hall.issue_ticket(SERVICE)  # the first write of Tuesday closes Monday
    left = hot(hall, outbox.MESSAGES)
    assert [m["status"] for m in left] == ["pending"]
    archived = hall.store.archive.read_day(MONDAY)
    assert [m["status"] for m in archived[outbox.MESSAGES].values()] == ["sent"]


def test_a_restore_keeps_the_outbox_and_the_stop_keywords_as_they_are_now(hall: Hall, clock):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    backup = copy.deepcopy(hall.store.tables())  # the state an hourly backup held: the confirmation waiting
    deliver(hall)
    hall.notify_reply("13900001111", "TD")
    tables, _ = recovery.reconcile(
        backup, hall.store.tables(), hall.store.archive, hall.context(), actor="it", backup="hall.json.bak"
    )
    assert [m["status"] for m in tables[outbox.MESSAGES].values()] == ["sent"]  # not sent a second time
    assert [o["key"] for o in tables[outbox.OPTOUTS].values()] == ["13900001111"]


# -- the sender and the settings --------------------------------------------------------------------------------


class FakeGateway:
    """A gateway that records what it was handed and answers from a script (``sent`` once the script runs out)."""

    name = "fake"

    def __init__(self, *answers: Outcome, idempotent: bool = True) -> None:
        self.answers = list(answers)
        self.idempotent = idempotent
        self.sent: list[dict] = []

    def send(self, message):
        self.sent.append(dict(message))
        if self.answers:
            answer = self.answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return Outcome("sent", gateway_id=f"id-{len(self.sent)}")


def test_the_sender_hands_the_gateway_the_template_and_records_each_outcome(hall: Hall, clock):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True, lang="zh-Hans")
    hall.book(SERVICE, TUESDAY, time(9, 15), "李四", "13900001111", notify=True, lang="en")
    rules = dataclasses.replace(
        hall.config.notify, sign_name="阳光社区", templates={"booked": {"zh": "SMS_1", "en": "SMS_2"}}
    )
    hall.config = dataclasses.replace(hall.config, notify=rules)
    gateway = FakeGateway(Outcome("failed", reason="isv.MOBILE_NUMBER_ILLEGAL: bad number"))
    counts = Sender(hall, gateway, name="t").run_once()
    assert counts == {"failed": 1, "sent": 1, "claimed": 2}
    first, second = gateway.sent
    assert (first["template"], first["sign_name"], first["phone"]) == ("SMS_1", "阳光社区", PHONE)
    assert second["template"] == "SMS_2" and second["params"]["service"].startswith("Social security")
    statuses = {m["phone"]: (m["status"], m["reason"], m["gateway_id"]) for m in hot(hall, outbox.MESSAGES)}
    assert statuses == {
        PHONE: ("failed", "isv.MOBILE_NUMBER_ILLEGAL: bad number", None),
        "13900001111": ("sent", None, "id-2"),
    }
    assert Sender(hall, gateway, name="t").run_once() == {}  # nothing due: no claim, no write


def test_an_adapter_that_raises_is_a_retry_not_a_dead_sender(hall: Hall, clock):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    counts = Sender(hall, FakeGateway(RuntimeError("bug")), name="t").run_once()
    assert counts["pending"] == 1
    assert hot(hall, outbox.MESSAGES)[0]["reason"] == "RuntimeError"


def test_the_sender_loop_wakes_on_a_change_and_stops_when_told(hall: Hall, clock):
    at(clock, "10:00")
    gateway = FakeGateway()
    stop = threading.Event()
    worker = threading.Thread(target=Sender(hall, gateway, name="t").run, args=(stop,), kwargs={"poll_seconds": 0.01})
    worker.start()
    try:
        hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
        deadline = _time.monotonic() + 10
        while not gateway.sent and _time.monotonic() < deadline:
            _time.sleep(0.01)
        assert [m["event"] for m in gateway.sent] == ["booked"]
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()


@pytest.mark.parametrize(
    "notify, problem",
    [
        ({"access_key_secret": "x"}, "secrets never go in kiosk.toml"),
        ({"gateway": "file"}, "notify.file"),
        ({"gateway": "webhook"}, "notify.webhook_url"),
        ({"gateway": "webhook", "webhook_url": "http://example.com/x"}, "notify.webhook_url"),
        ({"gateway": "aliyun", "templates": {"near": {"zh": "SMS_1"}}}, "notify.sign_name"),
        ({"gateway": "aliyun", "sign_name": "阳光社区", "events": ["near", "called"], "templates": {"near": {"zh": "SMS_1"}}},
         "notify.templates.called.zh"),
        ({"quiet_hours": "22:00"}, "notify.quiet_hours"),
        ({"events": ["near", "sms"]}, "notify.events[1]"),
        ({"near_ahead": 0}, "notify.near_ahead"),
    ],
)  # fmt: skip
def test_bad_notify_settings_are_refused_naming_the_key(tmp_path, notify, problem):
    with pytest.raises(ConfigError) as refused:
        # The file's shape is checked on load; what the gateway needs, when the sender starts (so a mistake there
        # stops the texts, not the hall).
        check_gateway_settings(parse_notify(notify, tmp_path / "kiosk.toml"))
    assert problem in str(refused.value)


def test_quiet_hours_may_cross_midnight_or_not(hall: Hall):
    rules = parse_notify({"quiet_hours": "12:00-14:00"}, hall.config.source)
    noon = hall.now().replace(hour=12, minute=30)
    assert outbox.in_quiet_hours(rules, noon) and not outbox.in_quiet_hours(rules, noon.replace(hour=14))
    night = parse_notify({}, hall.config.source)
    assert outbox.in_quiet_hours(night, noon.replace(hour=23)) and outbox.in_quiet_hours(night, noon.replace(hour=7))
    assert not outbox.in_quiet_hours(night, noon.replace(hour=8))


def test_a_day_closed_with_no_sender_running_expires_what_can_no_longer_go(queue_of_five: Hall, clock):
    hall = queue_of_five
    mine = hall.issue_ticket(SERVICE, phone=PHONE)
    for _ in range(5):
        hall.call_next("1")
        hall.finish("1")
    at(clock, "16:00")
    hall.book(SERVICE, date(2026, 11, 25), time(9, 0), "张三", PHONE, notify=True)  # news until Tuesday 16:00
    at(clock, "08:30", TUESDAY)
    hall.issue_ticket(SERVICE)  # closes Monday: nobody ever sent Monday's texts
    left = {m["key"]: m["status"] for m in hot(hall, outbox.MESSAGES)}
    assert all(not key.startswith(("near/", "called/")) for key in left)
    assert list(left.values()) == ["pending"]  # the booking's confirmation may still go today
    archived = hall.store.archive.read_day(MONDAY)[outbox.MESSAGES].values()
    assert {(m["key"], m["reason"]) for m in archived} == {(f"near/{mine['key']}", "expired")}


def test_the_log_of_a_code_finds_its_texts_in_the_archive_after_the_day_closed(hall: Hall, clock):
    at(clock, "10:00")
    booked = hall.book(SERVICE, date(2026, 11, 25), time(9, 0), "张三", PHONE, notify=True)
    deliver(hall)
    at(clock, "21:30", TUESDAY)
    hall.queue_reminders()  # closes Monday; the reminder is written on Tuesday
    deliver(hall)
    at(clock, "08:10", date(2026, 11, 25))
    hall.issue_ticket(SERVICE)  # closes Tuesday
    assert hot(hall, outbox.MESSAGES) == []
    assert [line["event"] for line in hall.messages(booked["code"])] == ["reminder", "booked"]  # newest first


def test_a_checked_in_appointment_that_agreed_to_texts_is_texted_when_called(hall: Hall, clock):
    at(clock, "08:00")
    booked = hall.book(SERVICE, MONDAY, time(9, 0), "张三", PHONE, notify=True, lang="zh-Hans")
    plain = hall.book(SERVICE, MONDAY, time(9, 0), "李四", "13900001111")
    at(clock, "08:50")
    hall.set_counter("1", "open")
    texted = hall.check_in(booked["code"], "5678")["ticket"]
    quiet = hall.check_in(plain["code"], "1111")["ticket"]
    assert texted.get("notify") is True and "notify" not in quiet
    at(clock, "09:00")
    hall.call_next("1")
    hall.finish("1")
    hall.call_next("1")
    called = {m["subject"] for m in hot(hall, outbox.MESSAGES) if m["event"] == "called"}
    assert called == {texted["key"]}


def test_a_gateway_quoting_the_number_back_is_masked_and_its_words_kept_as_given(hall: Hall, clock):
    at(clock, "10:00")
    hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    claimed = hall.claim_messages("s", idempotent=True, lease_seconds=60)
    words = '{"error": "invalid mobile 13812345678", "code": null}'
    line = hall.message_outcome(claimed[0]["key"], sender="s", outcome="failed", reason=words)
    assert line is not None and line["reason"] == '{"error": "invalid mobile *******5678", "code": null}'


def test_a_number_that_replied_td_is_told_so_when_left_again(queue_of_five: Hall):
    hall = queue_of_five
    hall.notify_reply(PHONE, "回TD退订")
    with pytest.raises(Refused) as refused:
        hall.issue_ticket(SERVICE, phone=PHONE)
    assert refused.value.key == "notify.opted_out"
    booked = hall.book(SERVICE, TUESDAY, time(9, 0), "张三", PHONE, notify=True)
    assert booked["notify"] is False  # the confirmation says no texts will come
