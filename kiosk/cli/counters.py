"""What a counter does, from a shell: call, recall, no-show, transfer, finish, open or close a counter; and working through service requests."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk import codes
from kiosk.cli.common import _columns, _emit, _minute, _request_json, _safe, _staff, _ticket_json, os_user
from kiosk.errors import InvalidInput, NotFound
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.names import name_of


def _counter_result(
    hall: Hall,
    args: argparse.Namespace,
    key: str,
    ticket: Mapping[str, Any] | None,
    counter: str,
    *,
    service: str | None = None,
) -> None:
    """What a counter command did: ``{"counter", "ticket"}`` with the ticket in its one shape (null when nobody
    was waiting), or one line in ``--lang``."""
    lang = args.lang
    data = {"counter": counter, "ticket": _ticket_json(ticket, hall.config, lang) if ticket else None}
    if ticket is None:
        text = translate(lang, "cli.counter_empty", counter=counter)
    else:
        text = translate(
            lang,
            key,
            counter=counter,
            number=ticket["number"],
            service=name_of(hall.config, lang, "service", service or ticket["service"]),
            status=translate(lang, f"term.{ticket['status']}"),
        )
    _emit(args, data, text)


def cmd_call(hall: Hall, args: argparse.Namespace) -> None:
    """Call the next ticket at a counter."""
    ticket = hall.call_next(args.counter, staff=_staff(hall, args), os_user=os_user())
    _counter_result(hall, args, "cli.counter_called", ticket, args.counter)


def cmd_finish(hall: Hall, args: argparse.Namespace) -> None:
    """Finish the ticket a counter serves."""
    ticket = hall.finish(
        args.counter, outcome=args.outcome, staff=_staff(hall, args), note=args.note, os_user=os_user()
    )
    _counter_result(hall, args, "cli.counter_finished", ticket, args.counter)


def cmd_recall(hall: Hall, args: argparse.Namespace) -> None:
    """Recall the ticket a counter serves; past the recall limit only with ``--no-show``, which marks it a no-show."""
    ticket = hall.recall(args.counter, staff=_staff(hall, args), os_user=os_user(), give_up=args.no_show)
    key = "cli.counter_recalled" if ticket["status"] == "called" else "cli.counter_gave_up"
    _counter_result(hall, args, key, ticket, args.counter)


def cmd_no_show(hall: Hall, args: argparse.Namespace) -> None:
    """Mark the called resident as not present."""
    ticket = hall.no_show(args.counter, staff=_staff(hall, args), os_user=os_user())
    _counter_result(hall, args, "cli.counter_no_show", ticket, args.counter)


def cmd_transfer(hall: Hall, args: argparse.Namespace) -> None:
    """Send the served resident to another service."""
    ticket = hall.transfer(args.counter, args.service, staff=_staff(hall, args), os_user=os_user())
    _counter_result(hall, args, "cli.counter_transferred", ticket, args.counter, service=args.service)


def cmd_counter(hall: Hall, args: argparse.Namespace) -> None:
    """Open, pause or close a counter."""
    wanted = {"open": "open", "pause": "paused", "close": "closed"}[args.state]
    state = hall.set_counter(args.counter, wanted, staff=_staff(hall, args), os_user=os_user())
    _emit(
        args,
        {"counter": args.counter, "state": state["state"]},
        translate(
            args.lang, "cli.counter_state", counter=args.counter, state=translate(args.lang, f"term.{state['state']}")
        ),
    )


def cmd_request_update(hall: Hall, args: argparse.Namespace) -> None:
    """Move a request along its lifecycle, or add a note."""
    if args.visible and args.status != "note":
        raise InvalidInput("request.visible_note_only", field="visible")
    staff = hall.staff_member(args.staff)["id"]  # --staff is required here: a request step is always someone's
    lang = args.lang
    if args.status == "note":
        record = hall.note_request(
            args.code, staff=staff, note=args.note or "", visible=args.visible, os_user=os_user()
        )
        audience = translate(lang, "cli.audience_visible" if args.visible else "cli.audience_internal")
        _emit(
            args,
            dict(_request_json(record, hall.config, lang), note_visible=args.visible),
            translate(lang, "cli.note_added", code=codes.display(record["code"]), audience=audience),
        )
        return
    record = hall.advance_request(
        args.code, args.status, staff=staff, note=args.note or "", os_user=os_user(), assignee=args.assignee
    )
    _emit(
        args,
        _request_json(record, hall.config, lang),
        translate(lang, "cli.request_now", code=codes.display(record["code"]), status=record["status"]),
    )


def cmd_request_visit(hall: Hall, args: argparse.Namespace) -> None:
    """Set when staff will visit for a request (texted to the resident if they agreed; the code shows only that a visit was arranged)."""
    staff = hall.staff_member(args.staff)["id"]
    record = hall.schedule_visit(args.code, args.at, staff=staff, os_user=os_user())
    _emit(
        args,
        dict(_request_json(record, hall.config, args.lang), visit_at=record.get("visit_at")),
        translate(
            args.lang,
            "cli.request_visit",
            code=codes.display(record["code"]),
            time=_minute(record.get("visit_at") or ""),
        ),
    )


def cmd_requests(hall: Hall, args: argparse.Namespace) -> None:
    """List live service requests."""
    from kiosk import requests as request_rules

    if args.category is not None and args.category not in {c.id for c in hall.config.categories}:
        raise NotFound(
            "request.unknown_category",
            field="category",
            category=args.category,
            known=", ".join(c.id for c in hall.config.categories),
        )

    def action(tx: Any, ctx: Any) -> Sequence[Mapping[str, Any]]:
        return request_rules.listing(tx, ctx, status=args.status, category=args.category, only_overdue=args.overdue)

    found = hall.read(action)
    lang = args.lang

    def render() -> None:
        if not found:
            print(translate(lang, "cli.requests_none"))
            return
        rows = []
        for record in _safe(found):
            origin = record.get("origin")
            what = record["description"] or (
                translate(lang, "cli.rating_origin", level=origin["level"], code=codes.display(origin["subject"]))
                if origin
                else ""
            )
            rows.append(
                [
                    codes.display(record["code"]),
                    translate(lang, f"term.{record['status']}"),
                    name_of(hall.config, lang, "category", record["category"]),
                    translate(lang, "cli.request_due", due=_minute(record["due_at"])),
                    what[:40],
                ]
            )
        print(_columns(rows))

    _emit(args, {"requests": [_request_json(r, hall.config, lang) for r in found]}, render)
