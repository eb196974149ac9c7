"""What a resident does, from a shell: tickets, slots, bookings and their changes, check-in, requests, status by code, ratings."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from kiosk import codes, validation
from kiosk.cli.common import (
    _appointment_json,
    _emit,
    _minute,
    _rating_json,
    _request_json,
    _safe,
    _slip,
    _ticket_json,
    _wait,
    os_user,
)
from kiosk.config import HallConfig
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.names import name_of
from kiosk.ratings import LEVELS, ON_RECORD
from kiosk.ui_contract import session_start


def cmd_ticket(hall: Hall, args: argparse.Namespace) -> None:
    """Issue a walk-in ticket."""
    ticket = hall.issue_ticket(args.service, priority=args.priority, phone=args.phone, lang=args.lang)
    ahead = hall.status(ticket["code"]).get("position", 0)
    lang = args.lang
    name = name_of(hall.config, lang, "service", ticket["service"])
    _emit(
        args,
        _ticket_json(ticket, hall.config, lang),
        translate(lang, "cli.ticket", number=ticket["number"], service=name)
        + "\n"
        + translate(
            lang,
            "cli.ticket_details",
            code=codes.display(ticket["code"]),
            issued=_minute(ticket["issued_at"]),
            ahead=ahead,
            wait=_wait(lang, ticket),
        )
        + ("  " + translate(lang, "cli.priority") if ticket["priority"] else "")
        + (
            "\n" + translate(lang, "cli.session_starts", time=opens.strftime("%H:%M"))
            if (opens := session_start(ticket))
            else ""
        ),
    )


def cmd_slots(hall: Hall, args: argparse.Namespace) -> None:
    """List a service's slots on a day."""
    day = validation.day(args.date) if args.date else None
    slots = hall.slots(args.service, day)
    shown = day or hall.now().date()
    lang = args.lang
    # Why a day has no slots (a holiday, a day the service is not offered), as the kiosk says it.
    day_info = (
        None if slots else next((d for d in hall.booking_days(args.service) if d["date"] == shown.isoformat()), None)
    )
    reason = day_info["reason"] if day_info else None
    why = reason.get(lang) or reason.get("en") if reason else None

    def render() -> None:
        if not slots:
            print(
                translate(
                    lang,
                    "cli.no_slots_because" if why else "cli.no_slots",
                    service=name_of(hall.config, lang, "service", args.service),
                    date=shown.isoformat(),
                    reason=why,
                )
            )
        for slot in slots:
            mark = "  " + translate(lang, "cli.slot_staggered") if slot["staggered"] else ""
            state = (
                translate(lang, "cli.slot_free", remaining=slot["remaining"], capacity=slot["capacity"])
                if slot["bookable"]
                else translate(lang, "cli.slot_closed")
            )
            print(f"{slot['date']} {slot['time']}-{slot['end']}  {state}{mark}")

    _emit(
        args,
        {
            "service": args.service,
            "service_name": name_of(hall.config, lang, "service", args.service),
            "date": shown.isoformat(),
            "slots": slots,
            "day_state": day_info["state"] if day_info else None,
            "reason": why,
        },
        render,
    )


def cmd_book(hall: Hall, args: argparse.Namespace) -> None:
    """Book an appointment."""
    appointment = hall.book(
        args.service,
        validation.day(args.date),
        validation.clock_time(args.time),
        args.name,
        args.phone,
        notify=args.notify,
        lang=args.lang,
    )
    row = _appointment_json(appointment, hall.config, args.lang)
    _emit(
        args,
        row,
        translate(
            args.lang, "cli.booked", service=row["service_name"], date=row["date"], time=row["start"], code=row["code"]
        ),
    )


def cmd_cancel(hall: Hall, args: argparse.Namespace) -> None:
    """Cancel an appointment."""
    row = _appointment_json(hall.cancel(args.code, args.phone_last4), hall.config, args.lang)
    _emit(args, row, translate(args.lang, "cli.cancelled", code=row["code"]))


def cmd_reschedule(hall: Hall, args: argparse.Namespace) -> None:
    """Move an appointment to another slot."""
    appointment = hall.reschedule(
        args.code, args.phone_last4, validation.day(args.date), validation.clock_time(args.time)
    )
    row = _appointment_json(appointment, hall.config, args.lang)
    _emit(args, row, translate(args.lang, "cli.moved", code=row["code"], date=row["date"], time=row["start"]))


def cmd_checkin(hall: Hall, args: argparse.Namespace) -> None:
    """Check in for an appointment and get a ticket: ``{"ticket", "appointment"}``, each in its one shape."""
    result = hall.check_in(args.code, args.phone_last4)
    ticket = result["ticket"]
    data = {
        "ticket": _ticket_json(ticket, hall.config, args.lang),
        "appointment": _appointment_json(result["appointment"], hall.config, args.lang),
    }
    key = "cli.checked_in_late" if result["appointment"]["late"] else "cli.checked_in"
    _emit(args, data, translate(args.lang, key, number=ticket["number"], wait=_wait(args.lang, ticket)))


def cmd_request(hall: Hall, args: argparse.Namespace) -> None:
    """File a service request."""
    record = hall.file_request(
        args.category,
        args.description,
        args.phone,
        address=args.address,
        preferred_time=args.preferred,
        notify=args.notify,
        lang=args.lang,
    )
    _emit(
        args,
        _request_json(record, hall.config, args.lang),
        translate(args.lang, "cli.request_filed", code=codes.display(record["code"]), due=_minute(record["due_at"])),
    )


def _public_status(result: Mapping[str, Any], config: HallConfig, lang: str) -> dict[str, Any]:
    """:meth:`Hall.status` in the CLI's shapes: codes as on the slip, ``date`` for the day, names beside ids.
    Only the public fields (:mod:`kiosk.disclosure`); ``display`` stays for scripts written before."""
    record = dict(result["record"])
    record["code"] = _slip(record["code"])
    if "day" in record:
        record["date"] = record.pop("day")
    if record.get("service"):
        record["service_name"] = name_of(config, lang, "service", record["service"])
    if record.get("category"):
        record["category_name"] = name_of(config, lang, "category", record["category"])
    record["status_name"] = translate(lang, f"term.{record['status']}")
    return dict(result, code=_slip(result["code"]), record=record)


def _event_detail(entry: dict[str, Any], config: HallConfig, lang: str) -> str:
    """The public details of a history entry in words (as the kiosk's "check by code" shows them)."""
    name = entry["event"]
    parts = []
    if name in ("called", "recalled") and entry.get("counter"):
        parts.append(translate(lang, "lookup.at_counter", counter=entry["counter"]))
    if name == "transferred" and entry.get("service"):
        parts.append(translate(lang, "lookup.to_service", service=name_of(config, lang, "service", entry["service"])))
    if name == "rescheduled" and entry.get("day"):
        parts.append(translate(lang, "lookup.new_slot", when=entry["day"]))
    if name == "finished" and entry.get("outcome"):
        parts.append(translate(lang, "cli.outcome", outcome=translate(lang, f"console.outcome.{entry['outcome']}")))
    if name == "expired" and entry.get("reason") == "walk_in_ended":
        parts.append(translate(lang, "lookup.expired_short"))
    if entry.get("note") and entry["note"] != "auto_close":
        parts.append(str(entry["note"]))
    return ", ".join(parts)


def _ticket_end_lines(record: Mapping[str, Any], config: HallConfig, lang: str) -> list[str]:
    """How a ticket ended, when the resident has something to do about it (as the kiosk's "check by code" says
    it): why it expired, or, when the documents were incomplete, the service's list of documents."""
    lines = []
    why = record.get("expired_because")
    if why:
        lines.append(translate(lang, f"lookup.expired.{why}"))
    if record.get("outcome") == "documents_missing":
        lines.append(translate(lang, "lookup.outcome.documents_missing"))
        try:
            documents = config.service(record["service"]).documents
        except KeyError:
            documents = ()
        if documents:
            separator = translate(lang, "ui.list_separator")
            lines.append(
                translate(lang, "lookup.documents_needed", documents=separator.join(d.get(lang) for d in documents))
            )
    return lines


def cmd_status(hall: Hall, args: argparse.Namespace) -> None:
    """Show a ticket, appointment or request by code, as anyone holding the code may see it (no phone digit, no
    name, no appointment time, no internal note: :mod:`kiosk.disclosure`), with its history, in ``--lang``."""
    lang, config = args.lang, hall.config
    result = _public_status(hall.status(args.code), config, lang)
    record = _safe(result["record"])

    def render() -> None:
        kind = result["kind"]
        common = {
            "kind": translate(lang, f"term.{kind}").capitalize(),
            "code": result["code"],
            "status": record["status_name"],
        }
        if kind == "ticket":
            print(
                translate(
                    lang,
                    "cli.status_ticket",
                    number=record.get("number"),
                    service=record.get("service_name"),
                    date=record.get("date"),
                    **common,
                )
            )
        elif kind == "appointment":
            print(
                translate(
                    lang,
                    "cli.status_appointment",
                    service=record.get("service_name"),
                    date=record.get("date"),
                    **common,
                )
            )
        else:
            print(
                translate(
                    lang,
                    "cli.status_request",
                    category=record.get("category_name"),
                    due=_minute(record["due_at"]) if record.get("due_at") else "-",
                    **common,
                )
            )
        if record.get("session_start") and record["status"] == "waiting":
            print(translate(lang, "slip.session_starts", time=record["session_start"][11:16]))
        if "position" in result:
            print(translate(lang, "cli.position", ahead=result["position"]))
        for line in _ticket_end_lines(record, config, lang):
            print(line)
        if result.get("overdue"):
            print(translate(lang, "lookup.overdue"))
        if record.get("reason"):
            print(translate(lang, "lookup.reason", reason=record["reason"]))
        for entry in record["history"]:
            detail = _event_detail(entry, config, lang)
            print(
                f"  {_minute(entry['at'])}  {translate(lang, 'event.' + entry['event'])}"
                + (f"  {detail}" if detail else "")
            )
        if result["rated"]:
            print(translate(lang, "cli.rated"))

    _emit(args, result, render)


def _level_words(lang: str, value: int) -> str:
    """A rating level with its number, as every face shows it: "5 非常满意" / "5 Very satisfied"."""
    level = next(lv for lv in LEVELS if lv.value == value)
    return f"{level.value} {level.zh_hans if lang == 'zh-Hans' else level.en}"


def cmd_rate(hall: Hall, args: argparse.Namespace) -> None:
    """Rate a service."""
    indicators: dict[str, str] = {}
    for given in args.indicator:
        name, _, level = given.partition("=")
        indicators[name.strip()] = level.strip()
    rating = hall.rate(
        args.code,
        args.level,
        args.comment or "",
        args.phone or "",
        channel=args.channel,
        reasons=args.reason,
        indicators=indicators,
        staff=args.staff,
        os_user=os_user() if args.channel == "staff" else None,
        notify=args.notify,
        lang=args.lang,
    )
    data = _rating_json(rating)
    text = translate(args.lang, "cli.rate_thanks", code=data["subject"], level=_level_words(args.lang, data["level"]))
    if data["follow_up"]:
        text += " " + translate(args.lang, "cli.follow_up_opened", code=data["follow_up"])
        text += " " + (
            translate(
                args.lang,
                "cli.follow_up_call",
                phone=translate(args.lang, "rate.phone_on_record")
                if data["call_back"] == ON_RECORD
                else data["call_back"],
            )
            if data["call_back"]
            else translate(args.lang, "cli.follow_up_no_phone")
        )
    _emit(args, data, text)
