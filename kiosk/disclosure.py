"""What a code tells whoever holds it: the public view of a ticket, appointment or request, and the little more
that the phone's last four digits unlock.

A code is printed on a slip, and slips get lost: left on a chair, thrown in the bin by the door, photographed
over a shoulder. So a code is treated as something a stranger may have, and :func:`by_code` (behind
:meth:`kiosk.hall.Hall.status`, so behind ``kiosk status`` in text and ``--json`` and the kiosk's "check by
code") shows only what a resident needs to recognise their own record and to know what to do next. Every field
is listed here on purpose (a whitelist): a field added to a record later stays private until someone decides
otherwise in this module.

What a code reveals, for all three kinds: the kind, the code, the status, whether it was rated, and a history of
what happened (event and time; never a staff id, never an assignee, never a staff note unless it was written
for the resident).

* **Ticket**: its number, service and day, the position in the queue while waiting, the counter it was called
  to, transfers to another service, and how the service ended (completed, documents missing, referred). A
  ticket carries no personal data, and its number is on the slip and the public board already. Also: when the
  session it was issued ahead of opens (``session_start``) and why an expired ticket expired
  (``expired_because``: the walk-in hours ended, or the day closed). Not shown: priority (it would say the
  holder is elderly, disabled or pregnant), the clerk's outcome note (it may be internal: "documents look
  forged"; a resident told "documents missing" is shown the service's documents list instead), and the
  appointment a check-in ticket came from.
* **Appointment**: its service and **day**, never the time of day: the time says when a particular person will
  stand at the counter, and is not needed to recognise the booking (the resident booked it and has the slip).
  For the same reason it does not say whether the slot is in the evening hours, and a check-in does not show
  the ticket number it gave (a stranger could watch the board for it). Not shown: the name, not even its
  initial, and **no digit of the phone**: the last four digits are the proof of ownership for cancelling,
  moving and checking in, so they are asked, never shown.
* **Request**: its category, when it was filed, when the answer is due, whether it is overdue, whether it is a
  satisfaction follow-up, the rejection reason, and the notes written for the resident (the resolution, and
  notes staff marked resident-visible: :func:`kiosk.requests.note_visible`). Not shown: the description (it
  may say anything about the household), the address, the preferred visit time (when someone will be at
  home), the phone, the assignee, the rating a follow-up came from, and internal notes.

With the code **and** the phone's last four digits (:meth:`kiosk.hall.Hall.appointment`), an appointment's
owner also sees :func:`owner_appointment`: the time and end of the slot, whether it is in the extended hours,
the masked name (``张*``), and the ticket number of a check-in. Still no phone digits: the owner typed them.
Repeated wrong codes and digits at a kiosk are slowed down there (:mod:`kiosk.throttle`).

A poor rating's case (:mod:`kiosk.rectification`) waiting for the resident's grade shows, by the follow-up's code
or the code that was rated, :func:`rectification_to_grade`: the two codes and what was done to put it right (the
rectification is written for the resident), with digits masked as in any note. Never the clerk rated, the
assignee, the call back's notes or an appeal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from kiosk import codes, queue, ratings, rectification, requests, validation
from kiosk.context import Context
from kiosk.errors import KioskError
from kiosk.records import Appointment, Event, GradeAsk, PublicRecord, Request, Status, Ticket
from kiosk.store import Tx

#: The fields of each kind's record that anyone holding its code may see.
PUBLIC_FIELDS = {
    "ticket": ("number", "service", "day", "status", "counter", "outcome"),
    "appointment": ("service", "day", "status"),
    "request": ("category", "status", "submitted_at", "due_at", "resolved_at", "reason"),
}
#: The details of a history entry anyone holding the code may see, by kind (``at`` and ``event`` always).
PUBLIC_EVENT_DETAILS = {
    "ticket": ("counter", "service", "outcome", "reason"),
    "appointment": (),
    "request": ("status",),
}
#: What an appointment's owner sees besides the public view, once the phone's last four digits match.
OWNER_FIELDS = ("start", "end", "staggered")


def by_code(tx: Tx, ctx: Context, code: str) -> Status:
    """What ``code`` (canonical) stands for, as anyone holding it may see it.

    ``{"kind", "code", "display", "record", "rated", "position"? (a ticket waiting today), "overdue"? (a
    request)}`` where ``record`` is :func:`public_record`. Raises :class:`~kiosk.errors.NotFound` for an
    unknown code.
    """
    kind, record = ratings.subject(tx, code)
    if kind == "ticket" and queue.session_over(tx, ctx, cast(Ticket, record)):
        # Expired at the next write (a call, a counter closing); a reader is told so already.
        ended: dict[str, Any] = {"at": ctx.stamp, "event": "expired", "reason": queue.WALK_IN_ENDED}
        record = cast(Ticket, dict(record, status=queue.EXPIRED, history=[*record["history"], ended]))
    result: Status = {
        "kind": kind,
        "code": code,
        "display": codes.display(code),
        "record": public_record(kind, record),
        "rated": ratings.already_rated(tx, code),
    }
    if kind == "ticket" and record["status"] == queue.WAITING and cast(Ticket, record)["day"] == ctx.today.isoformat():
        result["position"] = queue.position(tx, ctx, cast(Ticket, record))
    if kind == "request":
        result["overdue"] = requests.is_overdue(ctx, cast(Request, record))
    return result


#: A run of digits long enough to be a phone number (or an id number) inside free text a clerk wrote.
_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(\d[\d -]{5,}\d)(?!\d)")


def mask_numbers(text: str) -> str:
    """Free text as a code may reveal it: any run of 7 or more digits (a phone a clerk typed into a resolution or
    a visible note: "请回电 13812345678") keeps only its last four digits (``*******5678``); no proof of ownership
    or personal number leaks through the words staff chose."""

    def hide(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) < 7 or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", match.group(1).strip()):
            return match.group(1)  # too short for a phone, or a date such as 2026-11-24
        return "*" * (len(digits) - 4) + digits[-4:]

    return _NUMBER_IN_TEXT.sub(hide, text)


def public_record(kind: str, record: Mapping[str, Any]) -> PublicRecord:
    """The fields of ``record`` (a ``kind`` record as stored) that its code reveals, with its public history."""
    public: PublicRecord = {key: record.get(key) for key in PUBLIC_FIELDS[kind]}
    if isinstance(public.get("reason"), str):
        public["reason"] = mask_numbers(public["reason"])
    public["code"] = record["code"]
    if kind == "request":
        public["follow_up"] = record["category"] == requests.FOLLOW_UP
    if kind == "ticket":
        ticket = cast(Ticket, record)
        opens = queue.session_start(ticket)
        public["session_start"] = opens.isoformat(timespec="seconds") if opens else None
        public["expired_because"] = queue.expired_because(ticket)
    public["history"] = public_history(kind, record.get("history", []))
    return public


def public_history(kind: str, history: list[Event]) -> list[dict[str, Any]]:
    """The history entries as the code reveals them: event and time, the public details of ``kind``, and for a
    request the notes written for the resident (an internal note's entry is left out altogether: even that
    staff wrote something is not the stranger's business)."""
    shown = []
    for entry in history:
        if kind == "request" and entry["event"] == "note" and not requests.note_visible(entry):
            continue
        public: dict[str, Any] = {"at": entry["at"], "event": entry["event"]}
        public.update({key: entry.get(key) for key in PUBLIC_EVENT_DETAILS[kind] if entry.get(key) is not None})
        if kind == "appointment" and entry.get("slot"):
            public["day"] = str(entry["slot"])[:10]  # a move says to which day, not to which time
        if kind == "request" and entry.get("note") and requests.note_visible(entry):
            public["note"] = mask_numbers(str(entry["note"]))
        if isinstance(public.get("reason"), str):
            public["reason"] = mask_numbers(public["reason"])
        shown.append(public)
    return shown


def owner_appointment(record: Appointment) -> PublicRecord:
    """An appointment as its owner sees it once the phone's last four digits matched: the public view, the
    slot's time, the masked name, and each event's slot and ticket number (still no phone digit)."""
    owned = public_record("appointment", record)
    owned.update({key: record.get(key) for key in OWNER_FIELDS})
    owned["name"] = validation.mask_name(record.get("name"))
    owned["history"] = [
        dict(public, **{key: entry[key] for key in ("slot", "ticket") if entry.get(key)})
        for public, entry in zip(owned["history"], record.get("history", []), strict=True)
    ]
    return owned


def rectification_to_grade(tx: Tx, code: str) -> GradeAsk | None:
    """What a resident holding ``code`` (the follow-up's, or the code they rated) is shown when asked to grade a
    rectification: the codes and what was done (digits masked). None when no case of that code waits for a grade
    (then the kiosk's "rate" rates as usual: :meth:`kiosk.hall.Hall.rating_action` says ``"rate"``)."""
    try:
        record = rectification.find(tx, code)
    except KioskError:
        return None
    case = record["case"]
    done = case["rectified"]
    if case["stage"] != rectification.RECTIFIED or done is None:
        return None
    return {
        "code": record["code"],
        "display": codes.display(record["code"]),
        "subject": case["subject"],
        "subject_display": codes.display(case["subject"]),
        "rectified_at": done["at"],
        "action": mask_numbers(done["text"]),
    }
