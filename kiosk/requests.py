"""Service requests (home visit, repair, hardship help, suggestion, complaint, follow-up) and their lifecycle.

Lifecycle::

    submitted -> accepted -> assigned -> in_progress -> resolved -> closed
         \\___________\\___________\\____________\\-> rejected (with a reason)

An assigned or in-progress request may be reassigned; a note may be added at any step before the request ends.
Every step records its time, the staff id and a note.

Who may move a request (:func:`may_move`, checked by :func:`advance`; the console greys what a clerk may not do
and says who may):

* before it is assigned (submitted, accepted), any clerk: the desk triages, accepts, assigns or rejects;
* once assigned to a clerk with an active staff account, that assignee (start, resolve, reject, hand over by
  reassigning); the clerk who assigned it may also reassign it (to take it back when the assignee is away);
* once assigned to someone without an active account (a grid or property worker outside the console, or an
  account since disabled), any clerk records its steps for them;
* a resolved request, any clerk may close (the resident confirmed; it closes itself a week later anyway);
* a note, any clerk, until the request ends. The due time
is the category's deadline in working days from submission; a request not yet resolved past its due time is
overdue.

Notes have an audience. A note added on its own is internal (staff only) unless the clerk marks it
resident-visible when writing it (``visible: true`` in its history entry); a rejection reason and a resolution
are always written for the resident; every other step's note, and any entry written before notes had an
audience, is internal. :func:`note_visible` is the rule; the resident's view by code
(:mod:`kiosk.disclosure`) shows only those notes, and never a staff id.

Records: table ``requests`` holds :class:`~kiosk.records.Request` (key = the tracking code).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kiosk import queue, validation
from kiosk import staff as staff_rules
from kiosk.config import HallConfig, Text
from kiosk.context import Context, event, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import Event, PreferredChoice, Rating, Request, RequestMovers, RequestOrigin
from kiosk.store import TableName, Tx

REQUESTS: TableName[Request] = TableName("requests")
SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED = (
    "submitted",
    "accepted",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "rejected",
)
STATUSES = (SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED)
OPEN_STATUSES = (SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS)
ENDED = (CLOSED, REJECTED)
#: Where each status may go next (besides "rejected" from any open status).
NEXT = {
    SUBMITTED: (ACCEPTED,),
    ACCEPTED: (ASSIGNED,),
    ASSIGNED: (ASSIGNED, IN_PROGRESS),
    IN_PROGRESS: (ASSIGNED, RESOLVED),
    RESOLVED: (CLOSED,),
}
#: The category a dissatisfied rating opens; built in, so every hall has it whatever its kiosk.toml lists.
FOLLOW_UP = "follow-up"
FOLLOW_UP_NAME = Text(zh_hans="满意度回访", en="Satisfaction follow-up")
#: How far ahead a preferred visit time may be.
PREFERRED_HORIZON_DAYS = 60
#: Visits are offered from 08:00 to 21:00, every day of the week (evenings and weekends included).
VISIT_FIRST_HOUR, VISIT_LAST_HOUR = 8, 21
#: A resolved request closes by itself this many days later unless staff close it first.
AUTO_CLOSE_DAYS = 7
#: Steps whose note is written for the resident: the rejection reason and the resolution.
RESIDENT_NOTE_STEPS = (RESOLVED, REJECTED)


def note_visible(entry: Event) -> bool:
    """Whether the resident may read the note of history ``entry``: a rejection reason or a resolution, or a note
    staff marked resident-visible. Anything else (other steps' notes, older notes without a mark) is internal."""
    if not entry.get("note") or entry.get("note") == "auto_close":
        return False
    return entry["event"] in RESIDENT_NOTE_STEPS or entry.get("visible") is True


def category_name(config: HallConfig, category_id: str) -> Text:
    """The bilingual name of a category, the built-in follow-up category included (KeyError when unknown)."""
    if category_id == FOLLOW_UP:
        return FOLLOW_UP_NAME
    return config.category(category_id).name


def _preferred(ctx: Context, text: str | None) -> str | None:
    if not text:
        return None
    try:
        wanted = validation.instant(text, ctx.config.timezone, "preferred_time")
    except InvalidInput as error:
        if error.key != "input.instant_invalid":
            raise  # a day out of range says so
        raise InvalidInput("request.preferred_invalid", field="preferred_time", value=text) from None
    if wanted <= ctx.now or wanted > ctx.now + timedelta(days=PREFERRED_HORIZON_DAYS):
        raise InvalidInput("request.preferred_range", field="preferred_time", days=PREFERRED_HORIZON_DAYS)
    if not VISIT_FIRST_HOUR <= wanted.hour < VISIT_LAST_HOUR:
        raise InvalidInput(
            "request.preferred_hours",
            field="preferred_time",
            first=f"{VISIT_FIRST_HOUR:02d}:00",
            last=f"{VISIT_LAST_HOUR:02d}:00",
        )
    return stamp(wanted)


#: The visit times a kiosk offers: weekday evenings and weekend mornings, for residents who work by day.
EVENING_VISIT, WEEKEND_VISIT, DAYTIME_VISIT = "evening", "weekend", "daytime"


def preferred_choices(ctx: Context, *, evenings: int = 3, weekends: int = 2) -> list[PreferredChoice]:
    """Preferred visit times to offer: the next ``evenings`` evenings at 19:00 (Monday to Friday), the next
    ``weekends`` weekend mornings at 10:00, and the next working day at 10:00, soonest first.

    Each is ``{"at": stamp, "kind": "evening" | "weekend" | "daytime"}`` and passes :func:`file_request`'s rules
    (within 08:00-21:00 and :data:`PREFERRED_HORIZON_DAYS`).
    """
    tz = ctx.config.timezone
    choices: list[PreferredChoice] = []
    found = {EVENING_VISIT: 0, WEEKEND_VISIT: 0, DAYTIME_VISIT: 0}
    wanted = {EVENING_VISIT: evenings, WEEKEND_VISIT: weekends, DAYTIME_VISIT: 1}
    day = ctx.today
    for _ in range(PREFERRED_HORIZON_DAYS):
        day += timedelta(days=1)
        if day.isoweekday() >= 6:
            slots = [(WEEKEND_VISIT, 10)]
        else:
            slots = [(EVENING_VISIT, 19)]
            if ctx.hours.is_working_day(day):
                slots.insert(0, (DAYTIME_VISIT, 10))
        for kind, hour in slots:
            if found[kind] < wanted[kind]:
                found[kind] += 1
                choices.append({"at": stamp(datetime(day.year, day.month, day.day, hour, tzinfo=tz)), "kind": kind})
        if found == wanted:
            break
    return choices


def file_request(
    tx: Tx,
    ctx: Context,
    category_id: str,
    description: str,
    phone: str,
    *,
    address: str | None = None,
    preferred_time: str | None = None,
) -> Request:
    """File a request; returns it with its tracking code and due time."""
    try:
        category = ctx.config.category(category_id)
    except KeyError:
        raise NotFound(
            "request.unknown_category",
            field="category",
            category=category_id,
            known=", ".join(c.id for c in ctx.config.categories),
        ) from None
    description = validation.description(description)
    phone = validation.phone(phone)
    address = validation.address(address, required=category.needs_address)
    preferred = _preferred(ctx, preferred_time)
    return _insert(tx, ctx, category.id, category.deadline_days, description, phone, address, preferred, None)


def open_follow_up(tx: Tx, ctx: Context, *, rating: Rating, phone: str | None) -> Request:
    """The request a dissatisfied rating opens, due in ``ratings.follow_up_days`` working days."""
    origin: RequestOrigin = {"rating": rating["key"], "subject": rating["subject"], "level": rating["level"]}
    return _insert(
        tx, ctx, FOLLOW_UP, ctx.config.ratings.follow_up_days, rating.get("comment") or "", phone, "", None, origin
    )


def _insert(
    tx: Tx,
    ctx: Context,
    category: str,
    deadline_days: int,
    description: str,
    phone: str | None,
    address: str | None,
    preferred: str | None,
    origin: RequestOrigin | None,
) -> Request:
    code = queue.unused_code(tx, "R", REQUESTS)
    record: Request = {
        "key": code,
        "code": code,
        "category": category,
        "description": description,
        "phone": phone,
        "address": address,
        "preferred_time": preferred,
        "status": SUBMITTED,
        "submitted_at": ctx.stamp,
        "due_at": stamp(ctx.hours.add_working_days(ctx.now, deadline_days)),
        "assignee": None,
        "resolved_at": None,
        "reason": None,
        "origin": origin,
        "history": [event(ctx, "submitted", status=SUBMITTED, rating=origin["rating"] if origin else None)],
    }
    tx.insert(REQUESTS, record)
    return record


def get(tx: Tx, code: str) -> Request:
    """The live or archived request with ``code``."""
    record = tx.get(REQUESTS, code) or tx.archive.find(REQUESTS, code)
    if record is None:
        raise NotFound("request.not_found", field="code")
    return record


def advance(
    tx: Tx, ctx: Context, code: str, status: str, *, staff: str, note: str = "", assignee: str | None = None
) -> Request:
    """Move a request to ``status`` along its lifecycle, recording who did it and why.

    ``rejected`` needs the reason in ``note``; ``assigned`` needs ``assignee``.
    """
    if status not in STATUSES or status == SUBMITTED:
        raise InvalidInput("request.bad_status", field="status", status=status)
    staff = _staff_id(staff)
    note = validation.text_block(note, "note", maximum=validation.NOTE_MAX, required=status == REJECTED)
    record = _live(tx, code)
    current = record["status"]
    if "case" in record:  # a poor rating's follow-up moves by the case's steps (kiosk.rectification)
        raise Refused("request.has_case", field="status")
    if status not in next_steps(record):
        raise Refused("request.bad_transition", field="status", current=current, wanted=status)
    if not may_move(tx, record, staff, status):
        holder = owner(tx, record)
        by = assigned_by(record)
        raise Refused(
            "request.not_yours" if by in (None, holder) else "request.not_yours_reassign",
            field="staff",
            staff=staff,
            assignee=holder or "",
            by=by or "",
        )
    changes: dict[str, Any] = {"status": status}
    if status == ASSIGNED:
        if not assignee:
            raise InvalidInput("request.assignee_missing", field="assignee")
        changes["assignee"] = _staff_id(assignee, field="assignee")
    if status == RESOLVED:
        changes["resolved_at"] = ctx.stamp
    if status == REJECTED:
        changes["reason"] = note
    changes["history"] = record["history"] + [
        event(
            ctx,
            status,
            status=status,
            staff=staff,
            note=note,
            assignee=changes.get("assignee"),
            visible=True if note and status in RESIDENT_NOTE_STEPS else None,
        )
    ]
    return tx.update(REQUESTS, code, changes)


def schedule_visit(tx: Tx, ctx: Context, code: str, when: str, *, staff: str) -> Request:
    """Set when staff will visit for the open request ``code`` (``YYYY-MM-DD HH:MM``, in the hall's zone, after
    now and within :data:`PREFERRED_HORIZON_DAYS`); checking the code shows that a visit was arranged, not when."""
    staff = _staff_id(staff)
    record = _live(tx, code)
    if record["status"] not in OPEN_STATUSES:
        raise Refused("request.bad_transition", field="status", current=record["status"], wanted="visit")
    try:
        instant = datetime.strptime(when.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=ctx.config.timezone)
    except ValueError:
        raise InvalidInput("notify.bad_when", field="when", days=PREFERRED_HORIZON_DAYS) from None
    if not ctx.now < instant <= ctx.now + timedelta(days=PREFERRED_HORIZON_DAYS):
        raise InvalidInput("notify.bad_when", field="when", days=PREFERRED_HORIZON_DAYS)
    visit = stamp(instant)
    history = record["history"] + [event(ctx, "visit", status=record["status"], staff=staff, visit_at=visit)]
    return tx.update(REQUESTS, code, {"visit_at": visit, "history": history})


def next_steps(record: Request) -> tuple[str, ...]:
    """The statuses ``record`` may move to next, whoever asks."""
    current = record["status"]
    return NEXT.get(current, ()) + ((REJECTED,) if current in OPEN_STATUSES else ())


def assigned_by(record: Request) -> str | None:
    """The staff id that made the current assignment (the last ``assigned`` step), or None."""
    return next((e.get("staff") for e in reversed(record["history"]) if e["event"] == ASSIGNED), None)


def _has_account(tx: Tx, staff_id: str | None) -> bool:
    account = staff_rules.get(tx, staff_id) if staff_id else None
    return account is not None and bool(account["active"])


def owner(tx: Tx, record: Request) -> str | None:
    """The clerk whose work the request is now: its assignee, while assigned or in progress to an active staff
    account; None when any clerk may move it (see the module's rules)."""
    if record["status"] in (ASSIGNED, IN_PROGRESS) and _has_account(tx, record["assignee"]):
        return record["assignee"]
    return None


def may_move(tx: Tx, record: Request, staff: str, status: str) -> bool:
    """Whether clerk ``staff`` may move ``record`` to ``status`` (a step of :func:`next_steps`)."""
    holder = owner(tx, record)
    if holder is None or staff == holder:
        return True
    return status == ASSIGNED and staff == assigned_by(record)


def movers(tx: Tx, record: Request) -> RequestMovers:
    """Who may move ``record`` on, for saying it on screen: ``kind`` is ``"assignee"`` (only ``assignee``, and
    ``reassign_by`` may reassign), ``"anyone_for"`` (any clerk, recording for the assignee who has no account),
    ``"anyone"`` (any clerk) or ``"nobody"`` (it has ended)."""
    holder = owner(tx, record)
    by = assigned_by(record)
    if holder is not None:
        return {"kind": "assignee", "assignee": holder, "reassign_by": by if by != holder else None}
    if not next_steps(record):
        return {"kind": "nobody", "assignee": record["assignee"], "reassign_by": None}
    if record["status"] in (ASSIGNED, IN_PROGRESS):
        return {"kind": "anyone_for", "assignee": record["assignee"], "reassign_by": None}
    return {"kind": "anyone", "assignee": record["assignee"], "reassign_by": None}


def steps_for(tx: Tx, record: Request, staff: str) -> list[str]:
    """The next steps clerk ``staff`` may take with ``record``."""
    return [status for status in next_steps(record) if may_move(tx, record, staff, status)]


def add_note(tx: Tx, ctx: Context, code: str, *, staff: str, note: str, visible: bool = False) -> Request:
    """Add a note to a request that has not ended: internal unless ``visible`` (the resident then reads it by
    code)."""
    staff = _staff_id(staff)
    note = validation.text_block(note, "note", maximum=validation.NOTE_MAX)
    record = _live(tx, code)
    if record["status"] in ENDED:
        raise Refused("request.ended", field="code", status=record["status"])
    case = record.get("case")
    if case and case["clerk"] and staff == case["clerk"]:
        # Nobody may press a resident over a rating: the clerk rated writes nothing on the case, to them or not.
        raise Refused("case.clerk_rated", field="staff", staff=staff)
    history = record["history"] + [
        event(ctx, "note", status=record["status"], staff=staff, note=note, visible=True if visible else None)
    ]
    return tx.update(REQUESTS, code, {"history": history})


def _live(tx: Tx, code: str) -> Request:
    """The request ``code`` in the hot file. One moved to the archive has ended (only ended requests are moved),
    and saying so is truer than "not found" for a code that :func:`get` and the resident's status still show."""
    record = tx.get(REQUESTS, code)
    if record is None:
        archived = get(tx, code)  # NotFound when it is in neither place
        raise Refused("request.ended", field="code", status=archived["status"])
    return record


def _staff_id(text: str, field: str = "staff") -> str:
    return validation.staff_id(text, field)


def is_overdue(ctx: Context, record: Request) -> bool:
    """Not yet resolved and past its due time."""
    return record["status"] in OPEN_STATUSES and parse_stamp(record["due_at"]) < ctx.now


def overdue(tx: Tx, ctx: Context) -> list[Request]:
    """Open requests past their due time, the most overdue first."""
    late = [r for r in tx.records(REQUESTS) if is_overdue(ctx, r)]
    return sorted(late, key=lambda r: r["due_at"])


def listing(
    tx: Tx, ctx: Context, *, status: str | None = None, category: str | None = None, only_overdue: bool = False
) -> list[Request]:
    """Live requests filtered by status, category and overdue, oldest first."""
    found = [
        r
        for r in tx.records(REQUESTS)
        if (status is None or r["status"] == status)
        and (category is None or r["category"] == category)
        and (not only_overdue or is_overdue(ctx, r))
    ]
    # Overdue work is read most-overdue first; everything else in the order it came in.
    return sorted(found, key=lambda r: r["due_at"] if only_overdue else r["submitted_at"])


def auto_close(tx: Tx, ctx: Context) -> list[Request]:
    """Close requests resolved more than :data:`AUTO_CLOSE_DAYS` ago (the resident had time to object)."""
    closed = []
    limit = stamp(ctx.now - timedelta(days=AUTO_CLOSE_DAYS))
    for record in tx.records(REQUESTS):
        if "case" in record:
            continue  # a rectification waits for the resident's grade (kiosk.rectification.close_ungraded)
        if record["status"] == RESOLVED and record["resolved_at"] and record["resolved_at"] <= limit:
            history = record["history"] + [event(ctx, CLOSED, status=CLOSED, staff="system", note="auto_close")]
            closed.append(tx.update(REQUESTS, record["key"], {"status": CLOSED, "history": history}))
    return closed
