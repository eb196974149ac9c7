"""What a counter does, from a shell: call, recall, no-show, transfer, finish, open or close a counter; and working through service requests."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk import codes
from kiosk.cli.common import _emit, _minute, _request_json, _safe, _staff, os_user
from kiosk.errors import InvalidInput, NotFound
from kiosk.hall import Hall


def _counter_result(args: argparse.Namespace, verb: str, ticket: Mapping[str, Any] | None, counter: str) -> None:
    data = {"counter": counter, "ticket": ticket["number"] if ticket else None,
            "service": ticket["service"] if ticket else None, "status": ticket["status"] if ticket else None,
            "code": ticket["code"] if ticket else None}
    if ticket is None:
        text = f"Counter {counter}: nobody is waiting."
    else:
        text = f"Counter {counter}: {verb} {ticket['number']} ({ticket['service']}), now {ticket['status']}."
    _emit(args, data, text)


def cmd_call(hall: Hall, args: argparse.Namespace) -> None:
    """Call the next ticket at a counter."""
    _counter_result(args, "called", hall.call_next(args.counter, staff=_staff(hall, args), os_user=os_user()), args.counter)


def cmd_finish(hall: Hall, args: argparse.Namespace) -> None:
    """Finish the ticket a counter serves."""
    ticket = hall.finish(args.counter, outcome=args.outcome, staff=_staff(hall, args), note=args.note,
                         os_user=os_user())
    _counter_result(args, "finished", ticket, args.counter)


def cmd_recall(hall: Hall, args: argparse.Namespace) -> None:
    """Recall the ticket a counter serves."""
    ticket = hall.recall(args.counter, staff=_staff(hall, args), os_user=os_user())
    _counter_result(args, "recalled" if ticket["status"] == "called" else "gave up on", ticket, args.counter)


def cmd_no_show(hall: Hall, args: argparse.Namespace) -> None:
    """Mark the called resident as not present."""
    _counter_result(args, "marked no-show", hall.no_show(args.counter, staff=_staff(hall, args), os_user=os_user()), args.counter)


def cmd_transfer(hall: Hall, args: argparse.Namespace) -> None:
    """Send the served resident to another service."""
    ticket = hall.transfer(args.counter, args.service, staff=_staff(hall, args), os_user=os_user())
    _counter_result(args, f"transferred to {args.service}:", ticket, args.counter)


def cmd_counter(hall: Hall, args: argparse.Namespace) -> None:
    """Open, pause or close a counter."""
    wanted = {"open": "open", "pause": "paused", "close": "closed"}[args.state]
    state = hall.set_counter(args.counter, wanted, staff=_staff(hall, args), os_user=os_user())
    _emit(args, {"counter": args.counter, "state": state["state"]}, f"Counter {args.counter} is {state['state']}.")


def cmd_request_update(hall: Hall, args: argparse.Namespace) -> None:
    """Move a request along its lifecycle, or add a note."""
    if args.visible and args.status != "note":
        raise InvalidInput("request.visible_note_only", field="visible")
    staff = hall.staff_member(args.staff)["id"]  # --staff is required here: a request step is always someone's
    if args.status == "note":
        record = hall.note_request(args.code, staff=staff, note=args.note or "", visible=args.visible,
                                   os_user=os_user())
        audience = "the resident sees it" if args.visible else "internal: staff only"
        _emit(args, dict(_request_json(record), note_visible=args.visible),
              f"Note added to request {codes.display(record['code'])} ({audience}).")
        return
    record = hall.advance_request(args.code, args.status, staff=staff, note=args.note or "", os_user=os_user(),
                                  assignee=args.assignee)
    _emit(args, _request_json(record), f"Request {codes.display(record['code'])} is {record['status']}.")


def cmd_requests(hall: Hall, args: argparse.Namespace) -> None:
    """List live service requests."""
    from kiosk import requests as request_rules

    if args.category is not None and args.category not in {c.id for c in hall.config.categories}:
        raise NotFound("request.unknown_category", field="category", category=args.category,
                       known=", ".join(c.id for c in hall.config.categories))

    def action(tx: Any, ctx: Any) -> Sequence[Mapping[str, Any]]:
        return request_rules.listing(tx, ctx, status=args.status, category=args.category, only_overdue=args.overdue)
    found = hall.read(action)

    def render() -> None:
        if not found:
            print("No requests match.")
        for record in _safe(found):
            origin = record.get("origin")
            what = record["description"] or (
                f"rating {origin['level']} of {codes.display(origin['subject'])}" if origin else "")
            print(f"{codes.display(record['code'])}  {record['status']:<11} {record['category']:<12} "
                  f"due {_minute(record['due_at'])}  {what[:40]}")
    _emit(args, {"requests": [_request_json(r) for r in found]}, render)
