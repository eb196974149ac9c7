"""Ratings of the service a resident got: five levels, once per ticket, appointment or request.

A rating of 不满意 (dissatisfied) or worse opens a follow-up request automatically, due in
``ratings.follow_up_days`` working days, so that somebody calls the resident back: on the phone given with the
rating, else the phone of the appointment or request behind it (a ticket from a checked-in appointment counts).
Without either the follow-up is still opened (the hall reviews it; the resident follows it by code), and the
resident is told that nobody can call back (:func:`follow_up_contact`).

The scale is the same on every face: 5 = 非常满意 (very satisfied) ... 1 = 非常不满意 (very dissatisfied), each
level shown with its number (the kiosk's key for a level is its number).

Records: table ``ratings`` holds :class:`~kiosk.records.Rating` (key = ``"rating:<subject code>"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from kiosk import booking, codes, queue, requests, validation
from kiosk.context import Context, parse_stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import Appointment, FollowUpContact, Rating, Request, Subject, Ticket
from kiosk.store import TableName, Tx

RATINGS: TableName[Rating] = TableName("ratings")


@dataclass(frozen=True)
class Level:
    """One of the five levels: its number (5 best), its slug and its names."""

    value: int
    slug: str
    zh_hans: str
    en: str


LEVELS = (
    Level(5, "very-satisfied", "非常满意", "Very satisfied"),
    Level(4, "satisfied", "满意", "Satisfied"),
    Level(3, "fairly-satisfied", "基本满意", "Fairly satisfied"),
    Level(2, "dissatisfied", "不满意", "Dissatisfied"),
    Level(1, "very-dissatisfied", "非常不满意", "Very dissatisfied"),
)
#: Levels at or below this open a follow-up request.
FOLLOW_UP_AT = 2


def parse_level(text: str | int) -> Level:
    """A level from its number (1-5), slug or Chinese or English name."""
    wanted = str(text).strip().lower()
    for level in LEVELS:
        if wanted in (str(level.value), level.slug, level.zh_hans, level.en.lower()):
            return level
    raise InvalidInput("rating.bad_level", field="level", value=str(text)[:20])


def subject(tx: Tx, code: str) -> tuple[str, Subject]:
    """The ticket, appointment or request a code names, live or archived, as ``(kind, record)``."""
    kind = codes.kind_of(code)
    record: Subject | None
    if kind == "ticket":
        record = queue.ticket_by_code(tx, code)
    elif kind == "appointment":
        record = tx.get(booking.APPOINTMENTS, code) or tx.archive.find(booking.APPOINTMENTS, code)
    else:
        record = tx.get(requests.REQUESTS, code) or tx.archive.find(requests.REQUESTS, code)
    if record is None:
        raise NotFound("code.not_found", field="code")
    return kind, record


def _served_at(kind: str, record: Subject) -> str | None:
    """When the service being rated ended, or None when it has not (yet) been delivered."""
    if kind == "ticket":
        ticket = cast(Ticket, record)
        return ticket["finished_at"] if ticket["status"] == queue.DONE else None
    if kind == "appointment":
        appointment = cast(Appointment, record)
        return appointment["end"] if appointment["status"] == booking.ATTENDED else None
    request = cast(Request, record)
    if request["status"] in (requests.RESOLVED, requests.CLOSED):
        return request["resolved_at"]
    return None


#: Statuses in which a record ended without a service, so it will never be ratable.
NEVER_SERVED = {queue.EXPIRED, booking.CANCELLED, booking.NO_SHOW, requests.REJECTED}


def not_ratable_because(kind: str, status: str) -> str:
    """The message key saying why a record in ``status`` cannot be rated: a no-show ticket
    (``rating.no_show``), one that ended unserved (``rating.ended_unserved``), or not yet
    (``rating.not_served``)."""
    if kind == "ticket" and status == queue.NO_SHOW:
        return "rating.no_show"
    if status in NEVER_SERVED:
        return "rating.ended_unserved"
    return "rating.not_served"


def phone_on_record(tx: Tx, kind: str, record: Subject) -> str | None:
    """The phone behind a rated service: an appointment's or a request's, or, for a ticket, its appointment's."""
    fields: Mapping[str, Any] = record
    if kind == "ticket":
        code = fields.get("appointment")
        if not code:
            return None
        appointment = tx.get(booking.APPOINTMENTS, code) or tx.archive.find(booking.APPOINTMENTS, code)
        return appointment["phone"] if appointment else None
    phone = fields.get("phone")
    return str(phone) if phone else None


#: What ``call_back`` and a contact's ``phone`` say when the call back goes to the phone already on record (the
#: booking's or the request's): never its digits, since a slip's code must not reveal the last four that prove
#: ownership of the appointment; the faces say "the phone you gave when booking".
ON_RECORD = "on_record"


def _linked_codes(tx: Tx, kind: str, record: Subject) -> list[str]:
    """The other codes of the same visit: a ticket's appointment, an appointment's ticket (one visit, one
    rating: 一次一评)."""
    fields: Mapping[str, Any] = record
    if kind == "ticket" and fields.get("appointment"):
        return [str(fields["appointment"])]
    if kind == "appointment" and fields.get("ticket"):
        key = str(fields["ticket"])
        ticket = tx.get(queue.TICKETS, key)
        return [ticket["code"]] if ticket else []
    return []


def follow_up_contact(tx: Tx, code: str, level: str | int) -> FollowUpContact:
    """What a resident is told before rating ``code`` at ``level``: whether the rating opens a follow-up, and the
    phone it would call back on (:data:`ON_RECORD`, never digits), None when no phone is on record (then the kiosk
    asks for one)."""
    code = validation.code(code)
    chosen = parse_level(level)
    kind, record = subject(tx, code)
    phone = phone_on_record(tx, kind, record)
    return {"follow_up": chosen.value <= FOLLOW_UP_AT, "phone": ON_RECORD if phone else None}


def already_rated(tx: Tx, code: str) -> bool:
    """Whether ``code`` has been rated, today or on an archived day."""
    key = f"rating:{code}"
    return tx.get(RATINGS, key) is not None or tx.archive.locate(key) is not None


def rate(tx: Tx, ctx: Context, code: str, level: str | int, comment: str = "", phone: str = "") -> Rating:
    """Rate the service behind ``code``; returns the rating (with ``follow_up`` set when one was opened, and
    ``call_back``: the masked phone the resident gave now, :data:`ON_RECORD` for the one on record (its digits are
    never shown to whoever holds the code), or None when there is none).

    ``phone`` (optional) is where the resident wants to be called back; it is used only by a follow-up, and
    without it the phone on record is (:func:`phone_on_record`).
    """
    code = validation.code(code)
    chosen = parse_level(level)
    comment = validation.text_block(comment, "comment", maximum=validation.COMMENT_MAX, required=False)
    given = validation.phone(phone) if (phone or "").strip() else None
    kind, record = subject(tx, code)
    fields: Mapping[str, Any] = record  # a ticket, an appointment and a request hold different fields
    served_at = _served_at(kind, record)
    if served_at is None:
        why = not_ratable_because(kind, record["status"])
        raise Refused(
            "rating.no_show"
            if why == "rating.no_show"
            else "rating.ended_unserved"
            if why == "rating.ended_unserved"
            else "rating.not_served",
            field="code",
            kind=kind,
        )
    if ctx.now - parse_stamp(served_at) > timedelta(days=ctx.config.ratings.window_days):
        raise Refused("rating.too_late", field="code", days=ctx.config.ratings.window_days)
    if already_rated(tx, code) or any(already_rated(tx, other) for other in _linked_codes(tx, kind, record)):
        raise Refused("rating.already", field="code")
    rating: Rating = {
        "key": f"rating:{code}",
        "subject": code,
        "subject_kind": kind,
        "level": chosen.value,
        "label": chosen.slug,
        "comment": comment,
        "at": ctx.stamp,
        "service": fields.get("service"),
        "counter": fields.get("counter"),
        "category": fields.get("category"),
        "follow_up": None,
        "call_back": None,
    }
    if chosen.value <= FOLLOW_UP_AT:
        call = given or phone_on_record(tx, kind, record)
        follow_up = requests.open_follow_up(tx, ctx, rating=rating, phone=call)
        rating["follow_up"] = follow_up["code"]
        rating["call_back"] = validation.mask_phone(given) if given else (ON_RECORD if call else None)
    tx.insert(RATINGS, rating)
    return rating
