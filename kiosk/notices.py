"""Which actions text a resident, and what the message says: the events of ``[notify]`` found in what a
transaction wrote, consent, the evening reminders, and whether a waiting message is still wanted.

The facade calls :func:`after_write` at the end of every write, inside the same transaction, so a message is
written with the action that caused it or not at all (a refused action rolls both back). Events are read from
the records the transaction changed, whichever command, screen or face made the change:

* ``near``: a consenting waiting ticket stands ``notify.near_ahead`` or fewer from the front of its service's
  calling order (:func:`kiosk.queue.expected_order`); once per ticket;
* ``called``: a consenting ticket is called at a counter (a recall at the same counter is not texted again; a
  call at another counter after a transfer is);
* ``booked``, ``moved``, ``cancelled``: an appointment whose resident consented is made, moved or cancelled;
* ``reminder``: the evening before, for tomorrow's appointments (:func:`queue_reminders`, run by the nightly job);
* ``request``: a consenting request is accepted, assigned, resolved or rejected (with the reason); ``visit``: its
  visit time is set; ``call_back``: a poor rating's follow-up opens with a call-back deadline.

Consent is a record's ``notify`` flag with its ``phone`` and ``lang``: a ticket gets them when the resident
leaves a mobile number at the kiosk, an appointment or request when the resident says yes to messages. Stopping
clears the flag (by code at the kiosk) or opts the phone out (a reply keyword, :func:`kiosk.outbox.reply`).
No message names a resident or shows their phone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from kiosk import booking, codes, outbox, queue, ratings, requests, validation
from kiosk.config import HallConfig
from kiosk.context import Context, parse_stamp
from kiosk.errors import KioskError
from kiosk.i18n import translate
from kiosk.records import Message, OutgoingMessage
from kiosk.store import Tx

#: A confirmation, a change or a request update not sent within a day is no longer news: suppressed "expired".
NEWS_HOURS = 24
#: No reminder for an appointment booked this recently: its confirmation has just gone.
REMINDER_AFTER_BOOKING_HOURS = 6
#: The longest a parameter may be (gateways limit a template variable; Alibaba Cloud to 35 characters).
PARAM_MAX = 35


#: The events a resident agrees to by kind of record: what leaving a phone for a ticket, or a yes when booking or
#: filing a request, is a yes to (see :func:`offered`).
EVENTS_BY_KIND: dict[str, tuple[str, ...]] = {
    "ticket": ("near", "called"),
    "appointment": ("booked", "moved", "cancelled", "reminder"),
    "request": ("request", "visit"),
    # a poor rating's follow-up: its call-back scheduled, and a visit if one is arranged (a case's steps are not
    # texted as a request's statuses are)
    "rating": ("call_back", "visit"),
}


def offered(config: HallConfig, kind: str, phone: str | None = None) -> tuple[str, ...]:
    """The events of ``kind`` (ticket, appointment, request, rating) the hall texts about, so the kiosk offers them: none
    while ``[notify]`` is off, and none to ``phone`` (when given, in its normal form) if it cannot take a text (a
    landline). Empty: ask nothing."""
    if phone is not None and not outbox.is_mobile(phone):
        return ()
    return tuple(event for event in EVENTS_BY_KIND[kind] if config.notify.sends(event))


def consented(record: Any) -> bool:
    """Whether the resident behind ``record`` (a ticket, appointment or request) agreed to messages."""
    return bool(record.get("notify")) and bool(record.get("phone"))


def _lang(ctx: Context, record: Any) -> str:
    return str(record.get("lang") or ctx.config.language)


def _short(text: str) -> str:
    return text if len(text) <= PARAM_MAX else text[: PARAM_MAX - 1] + "…"


def _service(ctx: Context, service_id: str, lang: str) -> str:
    try:
        return _short(ctx.config.service(service_id).name.get(lang))
    except KeyError:
        return service_id


def _when(instant: str) -> str:
    return parse_stamp(instant).strftime("%m-%d %H:%M") if instant else ""


def _news_until(ctx: Context) -> datetime:
    return ctx.now + timedelta(hours=NEWS_HOURS)


def after_write(tx: Tx, ctx: Context) -> None:
    """Write the messages the transaction's changes call for (nothing when ``[notify]`` is off)."""
    if not ctx.config.notify.enabled:
        return
    _tickets(tx, ctx)
    _appointments(tx, ctx)
    _requests(tx, ctx)


# ------------------------------------------------------------------------------------------------ tickets


def _tickets(tx: Tx, ctx: Context) -> None:
    rules = ctx.config.notify
    services: set[str] = set()
    for before, after in tx.changed(queue.TICKETS):
        if after is None:
            continue
        if before is None or any(before.get(f) != after.get(f) for f in ("status", "service", "notify")):
            services.add(after["service"])
        called_now = after["status"] == queue.CALLED and (
            before is None or before["status"] != queue.CALLED or before.get("counter") != after.get("counter")
        )
        if called_now and consented(after) and rules.sends("called"):
            lang = _lang(ctx, after)
            try:
                counter = ctx.config.counter(after["counter"]).name.get(lang)
            except KeyError:
                counter = str(after["counter"])
            _enqueue(
                tx,
                ctx,
                f"called/{after['key']}/{after['counter']}",
                "called",
                after,
                "ticket",
                after["code"],
                {"number": after["number"], "counter": _short(counter)},
            )
    if rules.sends("near"):
        for service in sorted(services):
            _near(tx, ctx, service)


def _near(tx: Tx, ctx: Context, service: str) -> None:
    """Text each consenting ticket of ``service`` that now stands ``near_ahead`` or fewer from the front."""
    day = ctx.today.isoformat()
    if not tx.count(queue.TICKETS, day=day, service=service, status=queue.WAITING, notify=True):
        return  # nobody in this queue asked (the common case: one index lookup)
    order = queue.expected_order(tx, ctx, service)
    for ahead, ticket in enumerate(order[: ctx.config.notify.near_ahead + 1]):
        if consented(ticket):
            lang = _lang(ctx, ticket)
            params = {"number": ticket["number"], "ahead": str(ahead), "service": _service(ctx, service, lang)}
            _enqueue(tx, ctx, f"near/{ticket['key']}", "near", ticket, "ticket", ticket["code"], params)


# ------------------------------------------------------------------------------------------- appointments


def _appointments(tx: Tx, ctx: Context) -> None:
    rules = ctx.config.notify
    for before, after in tx.changed(booking.APPOINTMENTS):
        if after is None or not consented(after):
            continue
        lang = _lang(ctx, after)
        params = {
            "code": codes.display(after["code"]),
            "service": _service(ctx, after["service"], lang),
            "time": _when(after["start"]),
        }
        if after["status"] == booking.BOOKED and (before is None or not consented(before)):
            event, key = "booked", f"booked/{after['code']}"
        elif before is not None and before["start"] != after["start"] and after["status"] == booking.BOOKED:
            event, key = "moved", f"moved/{after['code']}/{after['start']}"
        elif before is not None and before["status"] != after["status"] and after["status"] == booking.CANCELLED:
            event, key = "cancelled", f"cancelled/{after['code']}"
        else:
            continue
        if rules.sends(event):
            _enqueue(tx, ctx, key, event, after, "appointment", after["code"], params, _news_until(ctx))


def queue_reminders(tx: Tx, ctx: Context) -> int:
    """Write the evening-before reminder of each consenting appointment booked for tomorrow (the nightly job runs
    this; running it twice writes nothing twice). Returns how many were written."""
    if not ctx.config.notify.sends("reminder"):
        return 0
    tomorrow = (ctx.today + timedelta(days=1)).isoformat()
    recent = ctx.now - timedelta(hours=REMINDER_AFTER_BOOKING_HOURS)
    written = 0
    for appointment in tx.where(booking.APPOINTMENTS, day=tomorrow, status=booking.BOOKED):
        if not consented(appointment) or parse_stamp(appointment["booked_at"]) > recent:
            continue
        lang = _lang(ctx, appointment)
        params = {
            "code": codes.display(appointment["code"]),
            "service": _service(ctx, appointment["service"], lang),
            "time": parse_stamp(appointment["start"]).strftime("%H:%M"),
        }
        key = f"reminder/{appointment['code']}/{appointment['start']}"
        written += bool(
            _enqueue(
                tx, ctx, key, "reminder", appointment, "appointment", appointment["code"], params,
                parse_stamp(appointment["start"]),
            )
        )  # fmt: skip
    return written


# ----------------------------------------------------------------------------------------------- requests


def _requests(tx: Tx, ctx: Context) -> None:
    rules = ctx.config.notify
    for before, after in tx.changed(requests.REQUESTS):
        if after is None or not consented(after):
            continue
        lang = _lang(ctx, after)
        code = after["code"]
        shown = codes.display(code)
        case = after.get("case")
        if before is None:
            if case and case.get("call_back_due") and rules.sends("call_back"):
                params = {"code": shown, "by": _when(case["call_back_due"])}
                _enqueue(tx, ctx, f"call_back/{code}", "call_back", after, "request", code, params, _news_until(ctx))
            continue
        status = after["status"]
        if not case and status != before["status"] and rules.sends("request") and status in (
            requests.ACCEPTED, requests.ASSIGNED, requests.RESOLVED, requests.REJECTED,
        ):  # fmt: skip
            reason = ""
            if status == requests.REJECTED and after.get("reason"):
                reason = translate(lang, "sms.reason", reason=_short(str(after["reason"])))
            params = {"code": shown, "status": translate(lang, f"sms.status.{status}"), "reason": reason}
            key = f"request/{code}/{status}/{len(after['history'])}"
            _enqueue(tx, ctx, key, "request", after, "request", code, params, _news_until(ctx))
        visit = after.get("visit_at")
        if visit and visit != before.get("visit_at") and rules.sends("visit"):
            params = {"code": shown, "time": _when(visit)}
            _enqueue(tx, ctx, f"visit/{code}/{visit}", "visit", after, "request", code, params, _news_until(ctx))


# ------------------------------------------------------------------------------------------------ plumbing


def _enqueue(
    tx: Tx,
    ctx: Context,
    key: str,
    event: str,
    record: Any,
    kind: str,
    ref: str,
    params: dict[str, str],
    expires_at: datetime | None = None,
) -> Message | None:
    return outbox.enqueue(
        tx,
        ctx,
        key=key,
        event_id=event,
        phone=record["phone"],
        lang=_lang(ctx, record),
        kind=kind,
        subject=record["key"],
        ref=ref,
        params=params,
        expires_at=expires_at,
    )


def subject_days(tx: Tx, ctx: Context, code: str) -> list[str]:
    """The closed days on which texts about ``code`` may have been written (archived with those days): each day
    its record changed, and for an appointment the evening before it (the reminder). Empty for an unknown code."""
    try:
        kind, found = ratings.subject(tx, code)
    except KioskError:
        return []
    record: dict[str, Any] = dict(found)
    days = {str(entry["at"])[:10] for entry in record.get("history", [])}
    if kind == "appointment":
        days.add((date.fromisoformat(record["day"]) - timedelta(days=1)).isoformat())
    today = ctx.today.isoformat()
    return sorted(day for day in days if day < today)


def why_not(tx: Tx, ctx: Context, message: Message) -> str | None:
    """Why a due message should no longer go (:data:`kiosk.outbox.WhyNot`): its resident stopped messages
    ("stopped"), or its moment passed ("stale": the ticket was called or ended before "your turn is near" went, the
    call is over, the appointment is no longer booked). None: send it."""
    tables: dict[str, str] = {
        "ticket": queue.TICKETS,
        "appointment": booking.APPOINTMENTS,
        "request": requests.REQUESTS,
    }
    table = tables[message["kind"]]
    subject = tx.get(table, message["subject"])
    if subject is None:
        return outbox.STALE if message["kind"] != "request" else None  # a request archived after it ended
    if not consented(subject):
        return outbox.STOPPED
    if "resend_of" in message:
        return None  # a clerk asked for it again: only consent decides
    event = message["event"]
    if event == "near" and subject["status"] != queue.WAITING:
        return outbox.STALE
    if event == "called" and subject["status"] != queue.CALLED:
        return outbox.STALE
    if event == "reminder" and (subject["status"] != booking.BOOKED or parse_stamp(subject["start"]) <= ctx.now):
        return outbox.STALE
    # News overtaken by later news: a confirmation or a move of an appointment since moved again or cancelled, a
    # cancellation since booked again, a visit time since changed. The later text says what holds now.
    if event in ("booked", "moved") and (
        subject["status"] != booking.BOOKED or message["params"].get("time") != _when(subject["start"])
    ):
        return outbox.STALE
    if event == "cancelled" and subject["status"] != booking.CANCELLED:
        return outbox.STALE
    if event == "visit" and message["params"].get("time") != _when(subject.get("visit_at") or ""):
        return outbox.STALE
    return None


def text(config: HallConfig, message: Message | OutgoingMessage) -> str:
    """The words of ``message`` as the file outbox and the webhook send them (the signature aside), ending with
    how to stop."""
    lang = message["lang"]
    return translate(lang, f"sms.{message['event']}", **message["params"]) + translate(lang, "sms.stop_line")


def outgoing(config: HallConfig, message: Message) -> OutgoingMessage:
    """A claimed message as a gateway needs it: full phone, template code and parameters, text, signature."""
    rules = config.notify
    return {
        "key": message["key"],
        "event": message["event"],
        "phone": message["phone"],
        "lang": message["lang"],
        "template": rules.template(message["event"], message["lang"]),
        "params": dict(message["params"]),
        "text": text(config, message),
        "sign_name": rules.sign_name or config.name.get("zh-Hans"),
        "attempt": message["attempts"],
    }


def line(config: HallConfig, message: Message) -> dict[str, Any]:
    """``message`` as lists show it (:class:`~kiosk.records.MessageLine`): the phone masked."""
    return {
        "key": message["key"],
        "event": message["event"],
        "kind": message["kind"],
        "ref": message["ref"],
        "phone": validation.mask_phone(message["phone"]),
        "lang": message["lang"],
        "text": text(config, message),
        "status": message["status"],
        "reason": message["reason"],
        "attempts": message["attempts"],
        "created_at": message["created_at"],
        "sent_at": message["sent_at"],
        "resend_of": message.get("resend_of"),
    }
