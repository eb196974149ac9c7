"""What a resident does, from a shell: tickets, slots, bookings and their changes, check-in, requests, status by code, ratings."""

from __future__ import annotations

import argparse

from kiosk import codes, validation
from kiosk.cli.common import (
    _appointment_json,
    _emit,
    _minute,
    _request_json,
    _safe,
    _ticket_json,
)
from kiosk.hall import Hall
from kiosk.names import name_of


def cmd_ticket(hall: Hall, args: argparse.Namespace) -> None:
    """Issue a walk-in ticket."""
    ticket = hall.issue_ticket(args.service, priority=args.priority)
    name = name_of(hall.config, args.lang, "service", ticket["service"])
    _emit(args, _ticket_json(ticket),
          f"Ticket {ticket['number']}  {name}\nCode {codes.display(ticket['code'])}  "
          f"issued {ticket['issued_at']}  estimated wait {ticket['wait_min']}-{ticket['wait_max']} min"
          + ("  (priority)" if ticket["priority"] else ""))


def cmd_slots(hall: Hall, args: argparse.Namespace) -> None:
    """List a service's slots on a day."""
    day = validation.day(args.date) if args.date else None
    slots = hall.slots(args.service, day)
    shown = day or hall.now().date()

    def render() -> None:
        if not slots:
            print(f"No appointment slots for {args.service} on {shown.isoformat()}.")
        for slot in slots:
            mark = " evening/weekend" if slot["staggered"] else ""
            state = f"{slot['remaining']}/{slot['capacity']} free" if slot["bookable"] else "not bookable now"
            print(f"{slot['date']} {slot['time']}-{slot['end']}  {state}{mark}")
    _emit(args, {"service": args.service, "date": shown.isoformat(), "slots": slots}, render)


def cmd_book(hall: Hall, args: argparse.Namespace) -> None:
    """Book an appointment."""
    appointment = hall.book(args.service, validation.day(args.date), validation.clock_time(args.time),
                            args.name, args.phone)
    _emit(args, _appointment_json(appointment),
          f"Booked {appointment['service']} on {_minute(appointment['start'])}. "
          f"Confirmation code {codes.display(appointment['code'])}: keep it to check in, cancel or reschedule.")


def cmd_cancel(hall: Hall, args: argparse.Namespace) -> None:
    """Cancel an appointment."""
    appointment = hall.cancel(args.code, args.phone_last4)
    _emit(args, _appointment_json(appointment), f"Appointment {codes.display(appointment['code'])} cancelled.")


def cmd_reschedule(hall: Hall, args: argparse.Namespace) -> None:
    """Move an appointment to another slot."""
    appointment = hall.reschedule(args.code, args.phone_last4, validation.day(args.date),
                                  validation.clock_time(args.time))
    _emit(args, _appointment_json(appointment),
          f"Appointment {codes.display(appointment['code'])} moved to {_minute(appointment['start'])}.")


def cmd_checkin(hall: Hall, args: argparse.Namespace) -> None:
    """Check in for an appointment and get a ticket."""
    result = hall.check_in(args.code, args.phone_last4)
    ticket = result["ticket"]
    late = result["appointment"]["late"]
    data = dict(_ticket_json(ticket), appointment=result["appointment"]["code"], late=late)
    _emit(args, data, f"Checked in{' late: joining the normal queue' if late else ''}. Ticket {ticket['number']}, "
                      f"estimated wait {ticket['wait_min']}-{ticket['wait_max']} min.")


def cmd_request(hall: Hall, args: argparse.Namespace) -> None:
    """File a service request."""
    record = hall.file_request(args.category, args.description, args.phone, address=args.address,
                               preferred_time=args.preferred)
    _emit(args, _request_json(record),
          f"Request filed. Tracking code {codes.display(record['code'])}; we will respond by "
          f"{_minute(record['due_at'])}.")


def cmd_status(hall: Hall, args: argparse.Namespace) -> None:
    """Show a ticket, appointment or request by code, as anyone holding the code may see it (no phone digit, no
    name, no appointment time, no internal note: :mod:`kiosk.disclosure`), with its history."""
    result = hall.status(args.code)
    record = _safe(result["record"])

    def render() -> None:
        what = {"ticket": f"{record.get('number')} {record.get('service')}",
                "appointment": f"{record.get('service')} on {record.get('day')}",
                "request": record.get("category")}[result["kind"]]
        print(f"{result['kind'].capitalize()} {result['display']}  {what}  status: {record['status']}")
        if "position" in result:
            print(f"{result['position']} ahead in the queue")
        for entry in record["history"]:
            details = ", ".join(f"{k}={v}" for k, v in entry.items() if k not in ("at", "event"))
            print(f"  {_minute(entry['at'])}  {entry['event']}{'  ' + details if details else ''}")
        if result["rated"]:
            print("Rated: yes")
    _emit(args, result, render)


def cmd_rate(hall: Hall, args: argparse.Namespace) -> None:
    """Rate a service."""
    rating = hall.rate(args.code, args.level, args.comment or "")
    follow = f" A follow-up request {codes.display(rating['follow_up'])} was opened." if rating["follow_up"] else ""
    _emit(args, {key: rating[key] for key in ("subject", "level", "label", "at", "follow_up")},
          f"Thank you for rating {codes.display(rating['subject'])}.{follow}")
