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

from kiosk import booking, codes, queue, rectification, requests, validation
from kiosk import staff as staff_rules
from kiosk.config import OTHER_REASON
from kiosk.context import Context, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import Appointment, FollowUpContact, PadClerk, PadState, PadView, Rating, Request, Subject, Ticket
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


def find_rating(tx: Tx, key: str) -> Rating | None:
    """The rating stored under ``key`` (``rating:<code>``), live or archived. (``tx.archive.find`` looks records up
    by their ``code``, which a rating has not: the archive's index knows its key.)"""
    found = tx.get(RATINGS, key)
    if found is not None:
        return found
    day = tx.archive.locate(key)
    if day is None:
        return None
    return next((cast(Rating, r) for r in tx.archive.read_day(day).get(RATINGS, {}).values() if r["key"] == key), None)


def already_rated(tx: Tx, code: str) -> bool:
    """Whether ``code`` has been rated, today or on an archived day."""
    key = f"rating:{code}"
    return tx.get(RATINGS, key) is not None or tx.archive.locate(key) is not None


#: Where a rating may come from (the evaluation record's channel): the counter's rating pad, a kiosk, the QR code
#: of a slip, a clerk writing down what a resident said on the phone or on paper, anything else (the command line).
CHANNELS = ("pad", "kiosk", "qr", "staff", "other")
#: The indicators besides the overall level (整体满意度 is the level itself): 服务效率, 服务水平, 服务态度.
INDICATORS = ("efficiency", "competence", "attitude")


def clerk_of(tx: Tx, kind: str, record: Subject) -> str | None:
    """The clerk evaluated: who finished the ticket (an appointment's: its ticket's), or who resolved the
    request; None when nobody signed in did it."""
    fields: Mapping[str, Any] = record
    if kind == "appointment":
        key = fields.get("ticket")
        ticket = (tx.get(queue.TICKETS, str(key)) or tx.archive.find(queue.TICKETS, str(key))) if key else None
        if ticket is None:
            return None
        fields = ticket
    wanted = "finished" if kind in ("ticket", "appointment") else requests.RESOLVED
    for entry in reversed(fields.get("history") or []):
        if entry.get("event") == wanted:
            staff = entry.get("staff")
            return str(staff) if staff and staff not in ("system", "cli") else None
    return None


def applied_at(kind: str, record: Subject) -> str | None:
    """When the case was applied for: the ticket issued, the appointment booked, the request filed."""
    fields: Mapping[str, Any] = record
    return cast(str | None, fields.get({"ticket": "issued_at", "appointment": "booked_at"}.get(kind, "submitted_at")))


def reason_ids(ctx: Context, given: list[str] | tuple[str, ...]) -> list[str]:
    """The reason ids given, checked against ``[ratings] reasons``, in the configured order, without repeats."""
    known = [reason.id for reason in ctx.config.ratings.reasons]
    wanted = {str(r).strip().lower() for r in given if str(r).strip()}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InvalidInput("rating.bad_reason", field="reasons", value=unknown[0][:20], known=", ".join(known))
    return [r for r in known if r in wanted]


def indicator_levels(given: Mapping[str, Any] | None) -> dict[str, int]:
    """The indicators given (each 1..5), by :data:`INDICATORS` name."""
    found: dict[str, int] = {}
    for name, value in (given or {}).items():
        if name not in INDICATORS:
            raise InvalidInput("rating.bad_indicator", field="indicators", value=str(name)[:20])
        found[name] = parse_level(value).value
    return found


def rate(
    tx: Tx,
    ctx: Context,
    code: str,
    level: str | int,
    comment: str = "",
    phone: str = "",
    *,
    channel: str = "kiosk",
    reasons: list[str] | tuple[str, ...] = (),
    indicators: Mapping[str, Any] | None = None,
    recorded_by: str | None = None,
) -> Rating:
    """Rate the service behind ``code``; returns the evaluation record (with ``follow_up`` set when one was
    opened, and ``call_back``: the masked phone the resident gave now, :data:`ON_RECORD` for the one on record
    (its digits are never shown to whoever holds the code), or None when there is none).

    One rating per visit or case (一次一评), whatever the channel (:data:`CHANNELS`). A level of 2 or 1 must carry
    a reason: one of ``[ratings] reasons`` or a comment (the reason ``other`` needs the comment); reasons are only
    for those levels. ``indicators`` are the optional :data:`INDICATORS`. A rating written down by a clerk
    (``channel="staff"``) names them in ``recorded_by``, who may not be the clerk evaluated.

    ``phone`` (optional) is where the resident wants to be called back; it is used only by a follow-up, and
    without it the phone on record is (:func:`phone_on_record`).
    """
    code = validation.code(code)
    chosen = parse_level(level)
    comment = validation.text_block(comment, "comment", maximum=validation.COMMENT_MAX, required=False)
    given = validation.phone(phone) if (phone or "").strip() else None
    if channel not in CHANNELS:
        raise InvalidInput("rating.bad_channel", field="channel", channel=str(channel)[:20], known=", ".join(CHANNELS))
    chosen_reasons = reason_ids(ctx, list(reasons))
    levels = indicator_levels(indicators)
    if chosen_reasons and chosen.value > FOLLOW_UP_AT:
        raise InvalidInput("rating.reasons_for_low", field="reasons")
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
    # Checked once the service is known to be ratable: "already rated" says more than "give a reason".
    if chosen.value <= FOLLOW_UP_AT and not chosen_reasons and not comment:
        raise InvalidInput("rating.reason_required", field="reasons")
    if OTHER_REASON in chosen_reasons and not comment:
        raise InvalidInput("rating.other_needs_words", field="comment")
    clerk = clerk_of(tx, kind, record)
    if channel == "staff":
        if not recorded_by:
            raise InvalidInput("rating.recorder_missing", field="staff")
        recorded_by = validation.staff_id(recorded_by)  # a disabled account is refused by the facade (authorize)
        if clerk and recorded_by == clerk:
            raise Refused("rating.own_service", field="staff", staff=recorded_by)
    else:
        recorded_by = None
    on_record = phone_on_record(tx, kind, record)
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
        "channel": channel,
        "clerk": clerk,
        "reasons": chosen_reasons,
        "indicators": levels,
        "applied_at": applied_at(kind, record),
        "handled_at": served_at,
        "anonymous": not (given or on_record),
        "recorded_by": recorded_by,
        "appeal": None,
    }
    if kind == "appointment" and not rating["counter"]:
        linked = _linked_codes(tx, kind, record)
        ticket = queue.ticket_by_code(tx, linked[0]) if linked else None
        rating["counter"] = ticket["counter"] if ticket else None
    if chosen.value <= FOLLOW_UP_AT:
        call = given or on_record
        follow_up = requests.open_follow_up(tx, ctx, rating=rating, phone=call)
        case = rectification.new_case(ctx, rating, follow_up)
        tx.update(requests.REQUESTS, follow_up["key"], {"case": case})
        rating["follow_up"] = follow_up["code"]
        rating["call_back"] = validation.mask_phone(given) if given else (ON_RECORD if call else None)
    tx.insert(RATINGS, rating)
    for rated in (code, *_linked_codes(tx, kind, record)):  # the visit's other code may be the pad's question
        pad_rated(tx, ctx, rated, chosen.value)
    return rating


# --------------------------------------------------------------------------------------------- the rating pad

#: The pads' table: one record per counter (what its pad asks now); not a day record, it stays in the hot file.
PADS: TableName[PadState] = TableName("pads")
IDLE, PENDING, RATED, NOT_RATED = "idle", "pending", "rated", "not_rated"


def pad_started(tx: Tx, ctx: Context, counter: str) -> PadState:
    """A pad started at ``counter``: from now on the counter's finished services ask it (a counter whose pad
    never started asks nothing and records nothing). Returns the counter's pad record."""
    queue.find_counter(ctx, counter)
    state = tx.get(PADS, counter)
    if state is not None:
        return state
    idle: PadState = {
        "key": counter,
        "counter": counter,
        "code": "",
        "kind": "",
        "shown": "",
        "service": None,
        "category": None,
        "clerk": None,
        "asked_at": ctx.stamp,
        "expires_at": ctx.stamp,
        "outcome": IDLE,
        "ended_at": None,
        "level": None,
    }
    tx.insert(PADS, idle)
    return idle


def ask_at_counter(tx: Tx, ctx: Context, counter: str, code: str) -> PadState | None:
    """Ask the resident just served at ``counter`` to rate ``code`` on the counter's pad: the pad's question
    until it is answered, it times out (``ratings.pad_seconds``) or the counter's next one replaces it (the
    replaced one is recorded as not rated). Nothing is asked for a code that cannot be rated (not served, or
    already rated at another channel), nor at a counter whose pad never started (:func:`pad_started`); returns
    the question, or None."""
    if tx.get(PADS, counter) is None:
        return None
    kind, record = subject(tx, code)
    fields: Mapping[str, Any] = record
    if _served_at(kind, record) is None or already_rated(tx, code):
        return None
    if any(already_rated(tx, other) for other in _linked_codes(tx, kind, record)):
        return None
    end_pad_question(tx, ctx, counter, reason="replaced")
    state: PadState = {
        "key": counter,
        "counter": counter,
        "code": code,
        "kind": kind,
        "shown": str(fields.get("number") or code),
        "service": fields.get("service"),
        "category": fields.get("category"),
        "clerk": clerk_of(tx, kind, record),
        "asked_at": ctx.stamp,
        "expires_at": stamp(ctx.now + timedelta(seconds=ctx.config.ratings.pad_seconds)),
        "outcome": PENDING,
        "ended_at": None,
        "level": None,
    }
    tx.update(PADS, counter, state)
    return state


def end_pad_question(tx: Tx, ctx: Context, counter: str, *, reason: str, code: str | None = None) -> PadState | None:
    """Record the pending question of ``counter``'s pad (``code``'s, when given) as not rated (``reason``:
    ``timeout`` or ``replaced``), with an audit entry; returns it, or None when nothing was pending."""
    from kiosk import audit  # the audit log imports nothing of ratings; kept local like the facade's use

    state = tx.get(PADS, counter)
    if state is None or state["outcome"] != PENDING or (code is not None and state["code"] != code):
        return None
    state = tx.update(PADS, counter, {"outcome": NOT_RATED, "ended_at": ctx.stamp})
    audit.record(
        tx,
        ctx,
        "rating_not_rated",
        counter=counter,
        subject=state["code"],
        detail={"reason": reason, "clerk": state["clerk"], "asked_at": state["asked_at"]},
    )
    return state


def pad_rated(tx: Tx, ctx: Context, code: str, level: int) -> None:
    """Mark a pad's pending question for ``code`` (or a code of the same visit) answered, from whatever channel
    the rating came: the pad stops asking."""
    for state in tx.records(PADS):
        if state["outcome"] == PENDING and state["code"] == code:
            tx.update(PADS, state["key"], {"outcome": RATED, "ended_at": ctx.stamp, "level": level})


def pad_question(tx: Tx, ctx: Context, counter: str) -> PadState | None:
    """The pending question of ``counter``'s pad, or None (none, or past its time)."""
    state = tx.get(PADS, counter)
    if state is None or state["outcome"] != PENDING or state["expires_at"] <= ctx.stamp:
        return None
    return state


def pad_view(tx: Tx, ctx: Context, counter: str) -> PadView:
    """What ``counter``'s pad shows: the clerk signed in there, and the question pending, if any."""
    queue.find_counter(ctx, counter)
    signed_in = queue.counter_state(tx, ctx, counter).get("staff")
    question = pad_question(tx, ctx, counter)
    left = int((parse_stamp(question["expires_at"]) - ctx.now).total_seconds()) if question else 0
    return {
        "now": ctx.stamp,
        "version": tx.version or "",
        "counter": counter,
        "clerk": _clerk(tx, signed_in),
        "ask": question,
        "ask_clerk": _clerk(tx, question["clerk"]) if question else None,
        "seconds_left": max(0, left),
        "indicators": ctx.config.ratings.indicators,
        "reasons": [(r.id, r.name.zh_hans, r.name.en) for r in ctx.config.ratings.reasons],
    }


def _clerk(tx: Tx, staff_id: str | None) -> PadClerk | None:
    account = staff_rules.get(tx, staff_id) if staff_id else None
    return {"id": account["id"], "name": account["name"]} if account else None


def rate_at_pad(
    tx: Tx,
    ctx: Context,
    counter: str,
    code: str,
    level: str | int,
    *,
    reasons: list[str] | tuple[str, ...] = (),
    comment: str = "",
    indicators: Mapping[str, Any] | None = None,
) -> Rating:
    """The resident's answer on ``counter``'s pad to the question about ``code``: a rating through the pad
    channel. Refused when the pad no longer asks about ``code`` (answered elsewhere, or replaced)."""
    state = tx.get(PADS, counter)
    if state is None or state["code"] != code or state["outcome"] != PENDING:
        raise Refused("pad.not_asking", field="code")
    return rate(tx, ctx, code, level, comment, channel="pad", reasons=reasons, indicators=indicators)
