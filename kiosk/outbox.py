"""The outbox: text messages to residents, written in the transaction of the action that caused them, and their
delivery's bookkeeping (claim, outcome, retry, suppression, resend).

A message's life::

    pending --claim--> sending --sent-----------------------------> sent
       ^                  |----retry (throttled, network) --> pending (later, with back-off)
       |                  |----failed (the gateway refused) -------> failed
       |                  '----lease ran out (sender killed) --> pending (the gateway dedupes by key)
       |                                                     or failed "interrupted" (it does not)
       '--- quiet hours move ``next_at`` on;  anything unwanted by then ----------> suppressed (with why)

Why each promise holds:

* **No message for a refused action.** :func:`enqueue` writes into the action's own transaction: a refusal
  rolls the message back with everything else.
* **At most once per event.** The record's key *is* the event ("near/<ticket>", "called/<ticket>/<counter>",
  "reminder/<code>/<slot>"), and :func:`enqueue` writes nothing for a key it already holds. Claiming happens
  under the store's lock, so two senders never hold the same message; a sender killed mid-send leaves the message
  ``sending`` until its lease ends, and then only a gateway that dedupes by the key (the webhook's
  ``Idempotency-Key``, the file outbox) is asked again; otherwise the message is marked failed
  ("interrupted") rather than risk a second text.
* **Quiet hours, caps, consent.** Checked when the message is claimed, so a message waiting through the night is
  judged by the morning's facts: only ``called`` (urgent) goes out in quiet hours; a phone gets at most
  ``notify.daily_cap`` a day; a subject whose resident stopped messages, a phone that replied the stop keyword,
  and a message whose moment has passed (:mod:`kiosk.notices` says which) are suppressed, each with its reason.

Records: table ``messages`` (:class:`~kiosk.records.Message`), table ``sms_optouts`` (key = the phone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, cast

from kiosk import disclosure, validation
from kiosk.config import NotifyRules
from kiosk.context import Context, event, parse_stamp, stamp
from kiosk.errors import NotFound, Refused
from kiosk.records import Message
from kiosk.store import TableName, Tx

MESSAGES: TableName[Message] = TableName("messages")
OPTOUTS: TableName[dict[str, Any]] = TableName("sms_optouts")
PENDING, SENDING, SENT, FAILED, SUPPRESSED = "pending", "sending", "sent", "failed", "suppressed"
STATUSES = (PENDING, SENDING, SENT, FAILED, SUPPRESSED)
#: A message in one of these states is done: day close archives it.
FINAL = (SENT, FAILED, SUPPRESSED)
#: Events sent in quiet hours too.
URGENT_EVENTS = ("called",)
#: Why a message was suppressed or failed without the gateway saying so.
OPTED_OUT, CAP, QUIET, STOPPED, STALE, EXPIRED, NOT_MOBILE, INTERRUPTED = (
    "opted_out",
    "cap",
    "quiet_hours",
    "stopped",
    "stale",
    "expired",
    "not_mobile",
    "interrupted",
)
#: Every reason the outbox itself gives (any other reason is a gateway's own words).
REASONS = (OPTED_OUT, CAP, QUIET, STOPPED, STALE, EXPIRED, NOT_MOBILE, INTERRUPTED)
#: Replies that stop every message to the phone (what the gateway forwards; 回复TD退订 is the usual wording).
STOP_KEYWORDS = ("TD", "T", "N", "STOP", "UNSUBSCRIBE", "退订", "取消")
#: Replies that take a stop back: texts to the number resume (those suppressed meanwhile are not sent).
START_KEYWORDS = ("KT", "START", "开通")
#: The longest reason kept from a gateway's words.
REASON_MAX = 300
#: The longest reply taken (a text message is at most a few hundred characters).
REPLY_MAX = 500
#: The longest wait between two tries, whatever the back-off has grown to.
MAX_BACKOFF_SECONDS = 3600

#: What :func:`claim` asks :mod:`kiosk.notices` about each due message: the reason it is no longer wanted
#: (the resident stopped messages, its moment passed), or None to send it.
WhyNot = Callable[[Tx, Context, Message], str | None]


def is_mobile(phone: str | None) -> bool:
    """Whether ``phone`` can receive a text: a mainland mobile number (11 digits from 1), not a landline."""
    return phone is not None and len(phone) == 11 and phone.startswith("1") and phone.isdigit()


def enqueue(
    tx: Tx,
    ctx: Context,
    *,
    key: str,
    event_id: str,
    phone: str,
    lang: str,
    kind: str,
    subject: str,
    ref: str,
    params: dict[str, str],
    expires_at: datetime | None = None,
) -> Message | None:
    """Write the message of event ``key`` (None when that event already has one: at most one per event). A number
    that cannot take a text is recorded as suppressed ("not_mobile"), so the console shows why nothing came."""
    if tx.get(MESSAGES, key) is not None:
        return None
    record: Message = {
        "key": key,
        "event": event_id,
        "day": ctx.today.isoformat(),
        "phone": phone,
        "lang": lang,
        "kind": kind,
        "subject": subject,
        "ref": ref,
        "params": params,
        "urgent": event_id in URGENT_EVENTS,
        "created_at": ctx.stamp,
        "next_at": ctx.stamp,
        "expires_at": stamp(expires_at) if expires_at is not None else None,
        "status": PENDING,
        "attempts": 0,
        "claimed_by": None,
        "claimed_until": None,
        "sent_at": None,
        "gateway_id": None,
        "reason": None,
        "history": [event(ctx, "queued")],
    }
    if not is_mobile(phone):
        record["status"], record["reason"] = SUPPRESSED, NOT_MOBILE
    tx.insert(MESSAGES, record)
    return record


def in_quiet_hours(rules: NotifyRules, now: datetime) -> bool:
    """Whether ``now`` falls in ``notify.quiet_hours`` (a span that may cross midnight)."""
    moment = now.timetz().replace(tzinfo=None)
    start, end = rules.quiet_start, rules.quiet_end
    return start <= moment < end if start < end else moment >= start or moment < end


def quiet_end(rules: NotifyRules, now: datetime) -> datetime:
    """The first instant after ``now`` at which quiet hours end."""
    end = now.replace(hour=rules.quiet_end.hour, minute=rules.quiet_end.minute, second=0, microsecond=0)
    return end if end > now else end + timedelta(days=1)


def _finish(tx: Tx, ctx: Context, message: Message, status: str, reason: str | None, **fields: Any) -> Message:
    changes: dict[str, Any] = {"status": status, "reason": reason, "claimed_by": None, "claimed_until": None}
    changes.update(fields)
    changes["history"] = message["history"] + [event(ctx, status, reason=reason)]
    return tx.update(MESSAGES, message["key"], changes)


def suppress(tx: Tx, ctx: Context, message: Message, reason: str) -> Message:
    """Mark ``message`` as never to be sent, and why."""
    return _finish(tx, ctx, message, SUPPRESSED, reason)


def sent_today(tx: Tx, ctx: Context, phone: str) -> int:
    """How many messages ``phone`` was sent (or is being sent) today: what the daily cap counts."""
    day = ctx.today.isoformat()
    return tx.count(MESSAGES, day=day, phone=phone, status=SENT) + tx.count(
        MESSAGES, day=day, phone=phone, status=SENDING
    )


def _lease_ended(ctx: Context, message: Message) -> bool:
    until = message["claimed_until"]
    return until is None or parse_stamp(until) <= ctx.now


def _due(ctx: Context, message: Message) -> bool:
    return parse_stamp(message["next_at"]) <= ctx.now


def anything_due(tx: Tx, ctx: Context) -> bool:
    """Whether :func:`claim` would find work now: a message due, or one left mid-send past its lease. A read: a
    sender asks it first, so an idle sender writes nothing."""
    return any(_due(ctx, m) for m in tx.where(MESSAGES, status=PENDING)) or any(
        _lease_ended(ctx, m) for m in tx.where(MESSAGES, status=SENDING)
    )


def recover(tx: Tx, ctx: Context, *, idempotent: bool) -> list[Message]:
    """Messages left ``sending`` by a sender whose lease ran out (killed mid-send): back to pending when the gateway
    dedupes by key (asking again cannot send twice), else failed "interrupted" (it may or may not have gone: at
    most once wins). Returns them as they now stand."""
    recovered = []
    for message in tx.where(MESSAGES, status=SENDING):
        if not _lease_ended(ctx, message):
            continue
        if idempotent:
            changes: dict[str, Any] = {"status": PENDING, "claimed_by": None, "claimed_until": None}
            changes["history"] = message["history"] + [event(ctx, "lease_ended", retry=True)]
            recovered.append(tx.update(MESSAGES, message["key"], changes))
        else:
            recovered.append(_finish(tx, ctx, message, FAILED, INTERRUPTED))
    return recovered


def claim(
    tx: Tx,
    ctx: Context,
    *,
    sender: str,
    lease_seconds: float,
    idempotent: bool,
    why_not: WhyNot,
    limit: int = 10,
) -> list[Message]:
    """Take up to ``limit`` due messages for ``sender`` (status ``sending`` until :func:`complete`), oldest first,
    after recovering abandoned ones (:func:`recover`) and suppressing, or putting off to the end of quiet hours,
    those that must not go now. Runs in one transaction: two senders never take the same message."""
    rules = ctx.config.notify
    recover(tx, ctx, idempotent=idempotent)
    due = [m for m in tx.where(MESSAGES, status=PENDING) if _due(ctx, m)]
    due.sort(key=lambda m: (m["next_at"], m["created_at"]))
    claimed: list[Message] = []
    for message in due:
        if len(claimed) >= limit:
            break
        expires = message["expires_at"]
        reason = why_not(tx, ctx, message)
        if reason is None and opted_out(tx, message["phone"]):
            reason = OPTED_OUT
        if reason is None and expires is not None and parse_stamp(expires) <= ctx.now:
            reason = EXPIRED
        if reason is not None:
            suppress(tx, ctx, message, reason)
            continue
        if not message["urgent"] and in_quiet_hours(rules, ctx.now):
            wake = quiet_end(rules, ctx.now)
            if expires is not None and parse_stamp(expires) <= wake:
                suppress(tx, ctx, message, QUIET)
            else:
                history = message["history"] + [event(ctx, "quiet_hours", until=stamp(wake))]
                tx.update(MESSAGES, message["key"], {"next_at": stamp(wake), "history": history})
            continue
        if sent_today(tx, ctx, message["phone"]) >= rules.daily_cap:
            suppress(tx, ctx, message, CAP)
            continue
        claimed.append(
            tx.update(
                MESSAGES,
                message["key"],
                {
                    "status": SENDING,
                    "attempts": message["attempts"] + 1,
                    "claimed_by": sender,
                    "claimed_until": stamp(ctx.now + timedelta(seconds=lease_seconds)),
                },
            )
        )
    return claimed


def complete(
    tx: Tx,
    ctx: Context,
    key: str,
    *,
    sender: str,
    outcome: str,
    reason: str | None = None,
    gateway_id: str | None = None,
) -> Message | None:
    """Record what the gateway said of a message ``sender`` claimed: ``sent``; ``retry`` (throttled, a network
    fault: tried again after a growing back-off, until ``notify.retries`` are spent, then failed); ``failed`` (the
    gateway refused it, ``reason`` says why). None when the message is no longer this sender's (its lease ran out
    and it was recovered): nothing is changed."""
    message = tx.get(MESSAGES, key)
    if message is None or message["status"] != SENDING or message["claimed_by"] != sender:
        return None
    rules = ctx.config.notify
    if reason:
        # A gateway may quote the number back ("invalid mobile 13500004444"): logs and lists never show it whole,
        # masked as free text shown by code is.
        reason = disclosure.mask_numbers(reason)[:REASON_MAX]
    if outcome == SENT:
        return _finish(tx, ctx, message, SENT, None, sent_at=ctx.stamp, gateway_id=gateway_id)
    if outcome == "retry" and message["attempts"] <= rules.retries:
        wait = min(rules.retry_seconds * 2 ** (message["attempts"] - 1), MAX_BACKOFF_SECONDS)
        changes: dict[str, Any] = {
            "status": PENDING,
            "reason": reason,
            "claimed_by": None,
            "claimed_until": None,
            "next_at": stamp(ctx.now + timedelta(seconds=wait)),
        }
        changes["history"] = message["history"] + [event(ctx, "retry", reason=reason, wait=wait)]
        return tx.update(MESSAGES, key, changes)
    return _finish(tx, ctx, message, FAILED, reason or "failed")


def stop_subject(tx: Tx, ctx: Context, kind: str, subject: str) -> int:
    """Suppress every message about ``subject`` not yet sent (the resident stopped messages); returns how many."""
    stopped = 0
    for message in tx.where(MESSAGES, subject=subject, kind=kind):
        if message["status"] in (PENDING,):
            suppress(tx, ctx, message, STOPPED)
            stopped += 1
    return stopped


def reply(tx: Tx, ctx: Context, phone: str, text: str) -> bool:
    """A reply the gateway forwarded from ``phone``: a stop keyword opts the number out of every message (its
    pending ones are suppressed), a start keyword takes it back (only the number's owner can send either);
    returns whether it was one of them."""
    phone = validation.phone(phone)
    text = validation.text_block(text, "text", maximum=REPLY_MAX, multiline=True)
    word = text.strip().upper().removeprefix("回").removesuffix("退订").strip() or text.strip().upper()
    if word in START_KEYWORDS:
        tx.remove(OPTOUTS, [phone])
        return True
    if word not in STOP_KEYWORDS and text.strip().upper() not in STOP_KEYWORDS:
        return False
    if tx.get(OPTOUTS, phone) is None:
        tx.insert(OPTOUTS, {"key": phone, "at": ctx.stamp, "keyword": text.strip()[:20]})
    for message in tx.where(MESSAGES, phone=phone, status=PENDING):
        suppress(tx, ctx, message, OPTED_OUT)
    return True


def opted_out(tx: Tx, phone: str) -> bool:
    """Whether ``phone`` replied the stop keyword."""
    return tx.get(OPTOUTS, phone) is not None


def resend(tx: Tx, ctx: Context, key: str, *, staff: str) -> Message:
    """A clerk's resend of message ``key``: a new message with the same words, its own key (``<key>/resend<n>``),
    sent like any other (consent, stop keyword, quiet hours and the cap still apply). Refused while the original
    has not been tried yet."""
    original = tx.get(MESSAGES, key)
    if original is None:
        raise NotFound("notify.no_message", field="message")
    if original["status"] in (PENDING, SENDING):
        raise Refused("notify.not_yet_sent", field="message")
    if opted_out(tx, original["phone"]) or original["reason"] in (OPTED_OUT, STOPPED):
        raise Refused("notify.resend_stopped", field="message")
    number = 1 + sum(1 for m in tx.where(MESSAGES, resend_of=original["key"]))
    record = enqueue(
        tx,
        ctx,
        key=f"{original['key']}/resend{number}",
        event_id=original["event"],
        phone=original["phone"],
        lang=original["lang"],
        kind=original["kind"],
        subject=original["subject"],
        ref=original["ref"],
        params=original["params"],
    )
    assert record is not None  # a fresh key
    return tx.update(MESSAGES, record["key"], {"resend_of": original["key"], "staff": staff})


def about(tx: Tx, ref: str, days: Iterable[str] = ()) -> list[Message]:
    """Every message about the ticket, appointment or request ``ref`` (its code), oldest first: the hot file's, and
    those archived with the closed ``days`` given (the days its subject changed on, where its texts were written:
    the archive has no index of messages)."""
    found = {m["key"]: m for m in tx.where(MESSAGES, ref=ref)}
    for day in sorted(set(days)):
        for message in tx.archive.read_day(date.fromisoformat(day)).get(MESSAGES, {}).values():
            if message.get("ref") == ref:
                found.setdefault(message["key"], cast(Message, message))
    return sorted(found.values(), key=lambda m: m["created_at"])
