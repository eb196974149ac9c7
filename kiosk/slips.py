"""What a printed slip says: a ticket slip, a booking slip, a request receipt, as structured lines.

Pure: a record (as stored) and the hall's config in, a :class:`Slip` out; no printer, no bytes, no I/O.
:mod:`kiosk.printing` turns a slip into ESC/POS bytes (and those bytes back into a text preview).

What each slip holds (the issue that asked for paper slips, and what Chinese halls print):

* **Ticket**: the hall's name, the number in double size, the service, when it was taken, how many stand ahead
  and the estimated wait (or why it is not known), when the session starts for a ticket issued before the
  opening, the documents to bring (一次告知: everything at once, so nobody comes back twice), the code in large
  print and a QR code whose payload is the code as shown (``AQ46-WYFT``), which a scanner types into any
  kiosk's "check by code" or "rate" field, then a cut.
* **Appointment**: the code, the service, the day and time of the slot, the documents, when check-in opens, how
  to cancel or move it; the masked name (``张*``) so a family with two bookings tells them apart.
* **Request**: the tracking code, the category, when it was filed and when the answer is due.

Paper is masked as screens are: no phone digit and no full name (:func:`kiosk.validation.mask_name`), never a
request's description or address (the receipt may be lost like any slip: :mod:`kiosk.disclosure`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kiosk import codes, validation
from kiosk.config import HallConfig
from kiosk.i18n import translate

__all__ = ["Line", "Slip", "for_record", "request_slip", "ticket_slip", "appointment_slip"]

#: The sizes of text: ``normal``, or ``double`` (double width and height: the number and the code).
SIZES = ("normal", "double")


@dataclass(frozen=True)
class Line:
    """One element of a slip, top to bottom."""

    text: str = ""
    """The words (for a ``qr`` line: its payload)."""
    size: str = "normal"
    """One of :data:`SIZES`."""
    center: bool = False
    """Centred on the paper (else left-aligned)."""
    bold: bool = False
    """Emphasised."""
    kind: str = "text"
    """``text``, ``rule`` (a line across the paper) or ``qr``."""


@dataclass(frozen=True)
class Slip:
    """A slip to print: its lines in order; the renderer feeds and cuts after the last."""

    kind: str
    """``ticket``, ``appointment`` or ``request``."""
    code: str
    """The code as printed (``AQ46-WYFT``): also the QR code's payload."""
    lang: str
    """The language it is worded in."""
    lines: tuple[Line, ...]


def _stamp(value: str) -> str:
    """``2026-11-23 09:30`` from a stored ISO instant (hall time)."""
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


def _head(config: HallConfig, lang: str, title_key: str) -> list[Line]:
    return [
        Line(config.name.get(lang), center=True, bold=True),
        Line(translate(lang, title_key), center=True),
        Line(kind="rule"),
    ]


def _documents(config: HallConfig, lang: str, service_id: str) -> list[Line]:
    service = config.services_by_id.get(service_id)
    if service is None or not service.documents:
        return [Line(translate(lang, "print.no_documents"))]
    return [Line(translate(lang, "print.documents"), bold=True)] + [
        Line(translate(lang, "print.document_item", document=document.get(lang))) for document in service.documents
    ]


def _code_and_qr(lang: str, code: str, hint_key: str) -> list[Line]:
    shown = codes.display(code)
    return [
        Line(kind="rule"),
        Line(translate(lang, "print.code_label"), center=True),
        Line(shown, size="double", center=True, bold=True),
        Line(shown, kind="qr", center=True),
        Line(translate(lang, hint_key), center=True),
    ]


def _name(config: HallConfig, lang: str, table: str, item_id: str) -> str:
    found: Any = (config.services_by_id if table == "service" else config.categories_by_id).get(item_id)
    return str(found.name.get(lang)) if found is not None else item_id


def ticket_slip(config: HallConfig, ticket: Mapping[str, Any], lang: str, *, ahead: int | None = None) -> Slip:
    """The slip of a queue ticket; ``ahead``: how many stand before it in the calling order (None: not said)."""
    lines = _head(config, lang, "print.ticket_title")
    lines.append(Line(ticket["number"], size="double", center=True, bold=True))
    service = _name(config, lang, "service", ticket["service"])
    lines.append(Line(service, center=True, bold=True))
    if ticket.get("priority"):
        lines.append(Line(translate(lang, "print.priority"), center=True))
    lines.append(Line(translate(lang, "print.taken_at", time=_stamp(ticket["issued_at"]))))
    opens = ticket.get("wait_since") if ticket.get("kind") == "walk_in" else None
    if opens and opens > ticket["issued_at"]:
        lines.append(Line(translate(lang, "print.session_starts", time=opens[11:16])))
    if ahead is not None:
        lines.append(
            Line(translate(lang, "print.ahead", ahead=ahead) if ahead else translate(lang, "print.none_ahead"))
        )
    if ticket.get("wait_unknown"):
        lines.append(Line(translate(lang, "print.wait_unknown", why=translate(lang, f"wait.{ticket['wait_unknown']}"))))
    elif ticket.get("wait_min") is not None:
        lines.append(Line(translate(lang, "print.wait", low=ticket["wait_min"], high=ticket["wait_max"])))
    lines += _documents(config, lang, ticket["service"])
    lines += _code_and_qr(lang, ticket["code"], "print.ticket_hint")
    return Slip("ticket", codes.display(ticket["code"]), lang, tuple(lines))


def appointment_slip(config: HallConfig, appointment: Mapping[str, Any], lang: str) -> Slip:
    """The slip of a booked appointment: code, service, day and time, documents, check-in and how to cancel."""
    lines = _head(config, lang, "print.appointment_title")
    lines.append(Line(_name(config, lang, "service", appointment["service"]), center=True, bold=True))
    start, end = appointment["start"], appointment["end"]
    lines.append(Line(start[:10], size="double", center=True, bold=True))
    lines.append(Line(f"{start[11:16]}-{end[11:16]}", size="double", center=True, bold=True))
    lines.append(Line(translate(lang, "print.booked_for", name=validation.mask_name(appointment.get("name")))))
    lines.append(Line(translate(lang, "print.checkin", minutes=config.booking.checkin_early_minutes)))
    lines += _documents(config, lang, appointment["service"])
    lines.append(Line(translate(lang, "print.how_to_cancel")))
    lines += _code_and_qr(lang, appointment["code"], "print.appointment_hint")
    return Slip("appointment", codes.display(appointment["code"]), lang, tuple(lines))


def request_slip(config: HallConfig, request: Mapping[str, Any], lang: str) -> Slip:
    """The receipt of a service request: tracking code, category, when filed and when the answer is due."""
    lines = _head(config, lang, "print.request_title")
    lines.append(Line(_name(config, lang, "category", request["category"]), center=True, bold=True))
    lines.append(Line(translate(lang, "print.filed_at", time=_stamp(request["submitted_at"]))))
    lines.append(Line(translate(lang, "print.due", time=_stamp(request["due_at"])), bold=True))
    lines += _code_and_qr(lang, request["code"], "print.request_hint")
    return Slip("request", codes.display(request["code"]), lang, tuple(lines))


def for_record(
    config: HallConfig,
    kind: str,
    record: Mapping[str, Any],
    lang: str,
    *,
    ahead: int | None = None,
    reprinted_at: str | None = None,
) -> Slip:
    """The slip of a ``kind`` record (``ticket``, ``appointment`` or ``request``); ``reprinted_at`` (a stored
    instant) marks it as printed again then (补打 / REPRINT, under the title)."""
    if kind == "ticket":
        slip = ticket_slip(config, record, lang, ahead=ahead)
    elif kind == "appointment":
        slip = appointment_slip(config, record, lang)
    elif kind == "request":
        slip = request_slip(config, record, lang)
    else:
        raise ValueError(f"no slip for a {kind!r}")
    if reprinted_at is None:
        return slip
    mark = Line(translate(lang, "print.reprinted", time=_stamp(reprinted_at)), center=True, bold=True)
    return replace(slip, lines=slip.lines[:2] + (mark,) + slip.lines[2:])
