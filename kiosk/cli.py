"""The ``kiosk`` command: every action of the hall from a shell, for scripts, training and the hall's IT person.

``kiosk [--config PATH] [--data PATH] [--now ISO] [--lang zh-Hans|en] COMMAND [--json]``

* The config is ``--config``, else ``$KIOSK_CONFIG``, else ``./kiosk.toml``; the data file is ``--data``, else
  ``$KIOSK_DATA``, else ``hall.data`` of the config (relative to the config file).
* ``--now`` (or ``$KIOSK_NOW``) starts the clock at that instant and lets it run on.
* ``--json`` prints exactly one JSON object on stdout.
* Exit status: 0 done; 2 bad input or refused by the hall's rules (one line on stderr, nothing written);
  1 the data file or the machine failed (one line on stderr saying how to recover).
* Input is checked at the edge: an argument that is not valid UTF-8 (or holds a NUL) is refused before parsing,
  a date or ``--now`` outside 2000-01-01..2100-12-31 is refused, and free text is checked by the domain
  (:mod:`kiosk.validation`). An error quotes input on one line, escaped and cut short; whatever the CLI prints
  from records passes :func:`kiosk.validation.for_terminal` first.
"""

from __future__ import annotations

import argparse
import ast
import errno
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

from kiosk import audit, codes, queue, validation
from kiosk.clock import RunningClock
from kiosk.config import LANGUAGES, load_config
from kiosk.errors import InvalidInput, KioskError, NotFound, StoreError
from kiosk.hall import Hall
from kiosk.names import name_of
from kiosk.i18n import translate
from kiosk.queue import OUTCOMES
from kiosk.requests import STATUSES
from kiosk.staff import PIN_MAX, PIN_MIN

PROG = "kiosk"


class UsageError(Exception):
    """A command line that does not parse: exit status 2, one line on stderr."""


#: A Python string literal as argparse's messages quote a value (``invalid choice: 'x'``).
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'" r'|"(?:[^"\\]|\\.)*"')


def _one_line(message: str) -> str:
    """An argparse message made safe: each quoted value re-quoted with :func:`kiosk.validation.quote` (escaped,
    cut at 40 characters), and every other word escaped and cut the same way (argparse shows some values as
    typed, e.g. ``ambiguous option: --st=...``)."""
    def plain(text: str) -> str:
        return " ".join(validation.shown(word) for word in text.split(" "))

    def requote(match: re.Match[str]) -> str:
        try:
            value = ast.literal_eval(match.group())
        except (ValueError, SyntaxError):
            return plain(match.group())
        return validation.quote(value) if isinstance(value, str) else plain(match.group())
    pieces, start = [], 0
    for match in _QUOTED.finditer(message):
        pieces += [plain(message[start:match.start()]), requote(match)]
        start = match.end()
    return "".join(pieces + [plain(message[start:])])


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line instead of usage plus a message, quoting what was
    typed on that line only (escaped and cut short)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{_one_line(message)} (see '{self.prog} --help')")

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:  # argparse would print them as typed
            shown = ", ".join(validation.quote(arg) for arg in extra[:3]) + (", …" if len(extra) > 3 else "")
            raise UsageError(f"unrecognized arguments: {shown} (see '{self.prog} --help')")
        return parsed


# --------------------------------------------------------------------------------------------- output


#: What JSON leaves as it is but a terminal may act on: C1 controls, line separators, bidi marks and overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str | Callable[[], None]) -> None:
    """Print ``data`` as one JSON object with ``--json``, else the human text (or call the renderer).

    Both are safe on a terminal: the JSON escapes every control and bidi character (``\\u001b``, ``\\u202e``:
    the same JSON value), and each line of the text passes :func:`kiosk.validation.for_terminal`. A renderer
    makes what it prints from records safe itself (:func:`_safe`)."""
    if getattr(args, "json", False):
        dumped = json.dumps(data, ensure_ascii=False, sort_keys=True)
        sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped) + "\n")
    elif callable(text):
        text()
    else:
        sys.stdout.write("\n".join(_safe(line) for line in text.rstrip("\n").split("\n")) + "\n")


def _safe(value: Any) -> Any:
    """Text from records (or from what was typed) as it may be printed: see :func:`kiosk.validation.for_terminal`."""
    return validation.for_terminal(value)


def _minute(stamp: str) -> str:
    """A stored instant as shown to people: ``2026-11-23 09:15``."""
    return stamp[:16].replace("T", " ")


def _ticket_json(ticket: dict[str, Any]) -> dict[str, Any]:
    return {key: ticket[key] for key in
            ("number", "service", "code", "status", "issued_at", "wait_min", "wait_max", "priority", "kind")}


# --------------------------------------------------------------------------------------------- commands


def cmd_ticket(hall: Hall, args: argparse.Namespace) -> None:
    """Issue a walk-in ticket."""
    ticket = hall.issue_ticket(args.service, priority=args.priority)
    name = name_of(hall.config, args.lang, "service", ticket["service"])
    _emit(args, _ticket_json(ticket),
          f"Ticket {ticket['number']}  {name}\nCode {codes.display(ticket['code'])}  "
          f"issued {ticket['issued_at']}  estimated wait {ticket['wait_min']}-{ticket['wait_max']} min"
          + ("  (priority)" if ticket["priority"] else ""))


def _counter_result(args: argparse.Namespace, verb: str, ticket: dict[str, Any] | None, counter: str) -> None:
    data = {"counter": counter, "ticket": ticket["number"] if ticket else None,
            "service": ticket["service"] if ticket else None, "status": ticket["status"] if ticket else None,
            "code": ticket["code"] if ticket else None}
    if ticket is None:
        text = f"Counter {counter}: nobody is waiting."
    else:
        text = f"Counter {counter}: {verb} {ticket['number']} ({ticket['service']}), now {ticket['status']}."
    _emit(args, data, text)


def _staff(hall: Hall, args: argparse.Namespace) -> str | None:
    """The ``--staff`` given, checked against the staff accounts: from the command line an action is recorded
    in the audit log under an id only when that id is an active account (``kiosk staff-add``)."""
    if not getattr(args, "staff", None):
        return None
    return hall.staff_member(args.staff)["id"]


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


def _appointment_json(appointment: dict[str, Any]) -> dict[str, Any]:
    data = {key: appointment[key] for key in ("code", "service", "day", "start", "end", "staggered", "status")}
    data.update(name=validation.mask_name(appointment["name"]), phone=validation.mask_phone(appointment["phone"]))
    return data


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


def _request_json(record: dict[str, Any]) -> dict[str, Any]:
    data = {key: record[key] for key in ("code", "category", "status", "submitted_at", "due_at", "assignee")}
    data["phone"] = validation.mask_phone(record.get("phone"))
    return data


def cmd_request(hall: Hall, args: argparse.Namespace) -> None:
    """File a service request."""
    record = hall.file_request(args.category, args.description, args.phone, address=args.address,
                               preferred_time=args.preferred)
    _emit(args, _request_json(record),
          f"Request filed. Tracking code {codes.display(record['code'])}; we will respond by "
          f"{_minute(record['due_at'])}.")


def cmd_request_update(hall: Hall, args: argparse.Namespace) -> None:
    """Move a request along its lifecycle, or add a note."""
    if args.visible and args.status != "note":
        raise InvalidInput("request.visible_note_only", field="visible")
    staff = _staff(hall, args)
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

    def action(tx: Any, ctx: Any) -> list[dict[str, Any]]:
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


def cmd_overview(hall: Hall, args: argparse.Namespace) -> None:
    """The hall now: open or closed, queues and counters (the status view)."""
    overview = hall.overview()
    _emit(args, overview, lambda: _render_overview(hall, _safe(overview), args.lang))


def _render_overview(hall: Hall, overview: dict[str, Any], lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    def say(key: str, **params: Any) -> str:
        return translate(lang, key, **params)

    def when(period: dict[str, Any] | None) -> str:
        return _minute(period["start"]) if period else say("view.none")

    console = Console()
    config = hall.config
    if overview["walk_in"]:
        state = say("view.open")
    elif overview["open"]:
        state = say("view.extended", end=overview["period"]["end"][11:16])
    elif overview["closed_reason"]:
        state = say("view.closed_because", reason=overview["closed_reason"][lang])
    else:
        state = say("view.closed")
    console.print(f"[bold]{config.name.get(lang)}[/bold]  {_minute(overview['now'])}  [bold]{state}[/bold]")
    if overview.get("clock_problem"):  # the figures below are of the wrong day: say why first
        console.print(f"[bold red]{_safe(translate(lang, 'clock.overview_warning'))}[/bold red]")
    if overview["open"] and not overview["walk_in"]:
        console.print(say("view.next_walk_in", walk_in=when(overview["next_walk_in"])))
    elif not overview["open"]:
        console.print(say("view.next", walk_in=when(overview["next_walk_in"]), booking=when(overview["next_opening"])))
    table = Table(say("view.service"), say("view.waiting"), say("view.longest"), say("view.estimate"),
                  say("view.numbers"))
    for service in overview["services"]:
        estimate = say("view.range", low=service["wait_min"], high=service["wait_max"]) if overview["walk_in"] else "-"
        table.add_row(name_of(config, lang, "service", service["id"]), str(service["waiting"]),
                      say("view.minutes", n=service["longest_wait_min"]), estimate, " ".join(service["next"]))
    console.print(table)
    counters = Table(say("view.counter"), say("view.state"), say("view.serving"))
    for counter in overview["counters"]:
        counters.add_row(name_of(config, lang, "counter", counter["id"]), say(f"term.{counter['state']}"),
                         counter["serving"] or "")
    console.print(counters)


def cmd_run(hall: Hall, args: argparse.Namespace) -> None:
    """Start the resident kiosk full-screen (Textual is imported only here, so the other commands stay quick)."""
    from kiosk.app import HallApp

    HallApp(hall, mode="kiosk", lang=getattr(args, "screen_lang", None)).run()


def cmd_board(hall: Hall, args: argparse.Namespace) -> None:
    """Start the display board full-screen: calls, queues, open or closed and the clock, for a wall screen."""
    from kiosk.app import HallApp

    HallApp(hall, mode="board", lang=getattr(args, "screen_lang", None)).run()


def cmd_staff(hall: Hall, args: argparse.Namespace) -> None:
    """Start the counter console: staff sign in with id and PIN at their counter (Textual imported only here)."""
    from kiosk.app import HallApp

    if args.counter is not None:
        hall.session(args.counter)  # an unknown counter is refused here, in one line, before the screen starts
    HallApp(hall, mode="staff", lang=getattr(args, "screen_lang", None), counter=args.counter).run()


def cmd_check(hall: Hall, args: argparse.Namespace) -> None:
    """Verify the config and every data file (hot file, archive, index, backups); with ``--repair`` rebuild the
    archive files that can be rebuilt. Exit status 1 while any error remains.

    The hall is opened without reading its data file (``check_data=False``), so that a file that cannot be read
    is reported like any other damage instead of stopping the check.
    """
    from kiosk import integrity

    lang = args.lang
    report = integrity.check(hall.store)
    notes: list[integrity.Note] = []
    if args.repair:
        notes = integrity.repair(hall.store, hall.config, hall.clock.now(), report)
        report = integrity.check(hall.store)
    data: dict[str, Any] = {
        "config": str(hall.config.source), "services": len(hall.config.services),
        "counters": len(hall.config.counters), "path": str(hall.store.path), "bytes": report.size,
        "records": report.records, "backups": report.backups, "archived_days": report.archived_days,
        "ok": not report.errors, "errors": len(report.errors), "warnings": len(report.warnings),
        "findings": [finding.as_dict(lang) for finding in report.findings],
    }
    if args.repair:
        data["repaired"] = [note.as_dict(lang) for note in notes]

    def show() -> None:
        lines = [translate(lang, "check.config_ok", config=data["config"], services=data["services"],
                           counters=data["counters"])]
        if report.records is not None:
            lines.append(translate(lang, "check.data", path=data["path"], bytes=report.size,
                                   records=", ".join(f"{n} {t}" for t, n in sorted(report.records.items()))))
        lines.append(translate(lang, "check.files", backups=len(report.backups), days=report.archived_days))
        if args.repair:
            lines += [note.text(lang) for note in notes] or [translate(lang, "check.repair_nothing")]
            lines.append(translate(lang, "check.after_repair"))
        for finding in report.findings:
            text = finding.as_dict(lang)
            where = text["file"] + (f" [{finding.record}]" if finding.record else "")
            lines.append(translate(lang, "check.line", severity=translate(lang, f"check.{finding.severity}"),
                                   where=where, problem=text["problem"], fix=text["fix"]))
        if report.errors:
            lines.append(translate(lang, "check.problems", errors=len(report.errors),
                                   warnings=len(report.warnings)))
        elif report.warnings:
            lines.append(translate(lang, "check.ok_warnings", warnings=len(report.warnings)))
        else:
            lines.append(translate(lang, "check.ok"))
        sys.stdout.write("\n".join(_safe(lines)) + "\n")

    _emit(args, data, show)
    if report.errors:
        raise StoreError("check.failed", errors=len(report.errors))


def os_user() -> str:
    """The operating-system user running this command, as the audit log records admin actions."""
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"uid {os.geteuid()}"


def cmd_init(hall: Hall, args: argparse.Namespace) -> None:
    """Create a new hall's data file (done by :func:`open_hall`, which refuses where one exists)."""
    mode = "training copy" if args.training else "live hall (real clock)"
    _emit(args, {"created": str(hall.store.path), "training": args.training},
          f"Created {hall.store.path} for a {mode}. Start the kiosk with: kiosk --data {hall.store.path}"
          if args.data_given else f"Created {hall.store.path} for a {mode}.")


def cmd_training_copy(hall: Hall, args: argparse.Namespace) -> None:
    """Copy this hall (data file and archive) to PATH as a training copy where --now may be used."""
    target = Hall.store_for(hall.config, str(Path(args.path).absolute()))
    hall.store.copy_for_training(target)
    _emit(args, {"copied": str(target.path), "training": True},
          f"Training copy made at {target.path}. Use it with: kiosk --data {target.path} --now YYYY-MM-DDTHH:MM")


def cmd_archive(hall: Hall, args: argparse.Namespace) -> None:
    """Close every day before today and move it to the archive."""
    moved = hall.close_days(force=args.force, actor=os_user())
    _emit(args, {"moved": moved}, "Archived: " + (", ".join(f"{n} {t}" for t, n in sorted(moved.items())) or "nothing"))


def cmd_demo(hall: Hall, args: argparse.Namespace) -> None:
    """Fill the data file with days of realistic history through the real domain."""
    from kiosk import demo

    if args.days < 0 or args.days > 3660:
        raise InvalidInput("demo.days", field="days")  # checked again before anything is made: see open_hall
    counts = demo.generate(hall, args.days, seed=args.seed)
    staff_ids = demo.add_staff(hall)
    _emit(args, {"days": args.days, "counts": counts, "staff": staff_ids, "pin": demo.DEMO_PIN},
          f"Generated {args.days} days of history: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
          + "\n" + translate(args.lang, "staff.demo", ids=", ".join(staff_ids), pin=demo.DEMO_PIN))


def cmd_backups(hall: Hall, args: argparse.Namespace) -> None:
    """List the backups of the data file, or restore one."""
    backups = hall.store.backups()
    if not backups and not hall.store.path.exists():
        raise hall.store.missing_error()  # no hall here at all: most likely a mistyped path
    if args.restore:
        done = hall.restore_backup(args.restore, actor=os_user())
        dropped = ", ".join(f"{n} {t}" for t, n in sorted(done["dropped"].items()))
        lines = [f"Restored {done['restored']}."]
        if done["kept"]:
            lines.append(f"The replaced file was kept as {done['kept']}.")
        if dropped:
            lines.append(f"Left out, because their days are closed and archived: {dropped}.")
        if done["audit_kept"] is None and done["kept"] is None:
            lines.append("There was no data file to replace.")
        elif done["audit_kept"] is None:
            lines.append("The replaced file could not be read: audit entries written since the backup are lost.")
        elif done["audit_kept"]:
            lines.append(f"Kept {done['audit_kept']} audit entries written since the backup.")
        _emit(args, done, "\n".join(lines))
        return
    details = [hall.store.describe_backup(b) for b in backups]

    def render() -> None:
        if not details:
            print("No backups yet.")
            return
        rows = [["backup", "taken", "bytes", "tickets", "appointments", "requests", "staff"]]
        for d in details:
            counts = d["records"]
            rows.append([d["name"], d["taken"][:16].replace("T", " "), str(d["bytes"])] + (
                [str(counts.get(t, 0)) for t in ("tickets", "appointments", "requests", "staff")]
                if counts is not None else ["damaged", "", "", ""]))
        print(_safe(_columns(rows)))
    _emit(args, {"backups": [b.name for b in backups], "details": details}, render)


def _read_pin(args: argparse.Namespace) -> str:
    """A new PIN: typed twice without echo at a terminal, else the first line of standard input (for scripts:
    ``printf '%s\\n' "$PIN" | kiosk staff-pin s01``). Never an argument, which ``ps`` and shell history would
    show."""
    if sys.stdin.isatty():
        first = getpass.getpass(translate(args.lang, "staff.prompt_pin"))
        if getpass.getpass(translate(args.lang, "staff.prompt_repeat")) != first:
            raise InvalidInput("staff.pin_mismatch", field="pin")
        return first
    try:
        return sys.stdin.readline().rstrip("\r\n")
    except UnicodeDecodeError:  # bytes that are not text cannot be a PIN: the same refusal as a malformed one
        raise InvalidInput("staff.pin_format", field="pin", minimum=PIN_MIN, maximum=PIN_MAX) from None


def _staff_line(account: dict[str, Any], lang: str) -> list[str]:
    if not account["active"]:
        state = translate(lang, "staff.state_disabled")
    elif account["locked"]:
        state = translate(lang, "staff.state_locked", until=_minute(account["locked_until"])[11:])
    else:
        state = translate(lang, "staff.state_active")
    return [account["id"], account["name"], state, account["counter"] or "",
            _minute(account["last_sign_in"]) if account["last_sign_in"] else ""]


def _columns(rows: list[list[str]]) -> str:
    """Rows as left-aligned columns (CJK characters count double, as terminals show them), every cell made safe
    to print (:func:`_safe`: a staff name or an audit detail is shown, never acted on by the terminal)."""
    import unicodedata

    rows = _safe(rows)

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    widths = [max(width(row[n]) for row in rows) for n in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (widths[n] - width(cell)) for n, cell in enumerate(row)).rstrip()
                     for row in rows)


def cmd_staff_add(hall: Hall, args: argparse.Namespace) -> None:
    """Add a staff account; the PIN is read without echo (or from standard input)."""
    account = hall.add_staff(args.id, args.name, _read_pin(args), os_user=os_user())
    _emit(args, account, translate(args.lang, "staff.added", staff=account["id"], name=account["name"]))


def cmd_staff_pin(hall: Hall, args: argparse.Namespace) -> None:
    """Set a new PIN for a staff account (this also lifts a lockout)."""
    account = hall.set_pin(args.id, _read_pin(args), os_user=os_user())
    _emit(args, account, translate(args.lang, "staff.pin_set", staff=account["id"]))


def cmd_staff_active(hall: Hall, args: argparse.Namespace) -> None:
    """Enable or disable a staff account."""
    active = args.command == "staff-enable"
    account = hall.set_staff_active(args.id, active, os_user=os_user())
    _emit(args, account, translate(args.lang, "staff.enabled" if active else "staff.disabled_now",
                                   staff=account["id"]))


def cmd_staff_list(hall: Hall, args: argparse.Namespace) -> None:
    """List the staff accounts."""
    accounts = hall.list_staff()

    def render() -> None:
        if not accounts:
            print(translate(args.lang, "staff.none"))
            return
        header = [translate(args.lang, f"staff.col_{name}") for name in ("id", "name", "state", "counter", "last")]
        print(_columns([header] + [_staff_line(a, args.lang) for a in accounts]))
    _emit(args, {"staff": accounts}, render)


def cmd_audit(hall: Hall, args: argparse.Namespace) -> None:
    """Show the audit log of a day."""
    day = validation.day(args.date) if args.date else None
    if args.limit < 1:
        raise InvalidInput("audit.bad_limit", field="limit")
    if args.staff is not None:
        validation.staff_id(args.staff)  # a filter, but a malformed id is a mistake worth saying
    if args.counter is not None:
        queue.find_counter(hall.context(), args.counter)
    entries = hall.audit_log(day=day, staff=args.staff, counter=args.counter, action=args.action, limit=args.limit)

    def render() -> None:
        if not entries:
            print(translate(args.lang, "audit.none"))
            return
        rows = [[translate(args.lang, f"audit.col_{name}")
                 for name in ("at", "staff", "counter", "action", "ticket", "detail")]]
        for entry in entries:
            detail = ", ".join(f"{key}={value}" for key, value in entry["detail"].items())
            rows.append([entry["at"][11:19], entry["staff"] or "-", entry["counter"] or "-",
                         translate(args.lang, f"audit.action_{entry['action']}"),
                         entry["ticket"] or (codes.display(entry["subject"]) if entry["subject"] else ""), detail])
        print(_columns(rows))
    _emit(args, {"audit": entries}, render)

# --------------------------------------------------------------------------------------------- export and report


def _day_option(hall: Hall, text: str, field: str) -> date:
    """A day given on the command line: ``YYYY-MM-DD``, or ``today``, ``tomorrow`` or ``yesterday`` (hall time)."""
    words = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if text.strip().lower() in words:
        return hall.now().date() + timedelta(days=words[text.strip().lower()])
    return validation.day(text, field)


def _span(hall: Hall, args: argparse.Namespace, *, default_offset: int) -> tuple[date, date]:
    """The days ``--date`` or ``--from``/``--to`` name; ``default_offset`` days from today when neither is given."""
    if args.date and (args.first or args.last):
        raise InvalidInput("range.conflict", field="date")
    if args.date:
        day = _day_option(hall, args.date, "date")
        return day, day
    if args.first or args.last:
        if not (args.first and args.last):
            raise InvalidInput("range.incomplete", field="from" if not args.first else "to")
        first, last = _day_option(hall, args.first, "from"), _day_option(hall, args.last, "to")
        if last < first:
            raise InvalidInput("range.reversed", field="to", first=first.isoformat(), last=last.isoformat())
        return first, last
    day = hall.now().date() + timedelta(days=default_offset)
    return day, day


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr while archived days are read, only for a person at a terminal: never with
    ``--json`` or ``--quiet``, and never when stderr is not a terminal (cron, pipes, tests)."""
    if getattr(args, "json", False) or getattr(args, "quiet", False) or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(translate(args.lang, "export.progress"), total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def cmd_export_appointments(hall: Hall, args: argparse.Namespace) -> None:
    """Export the appointments of a day or a range to CSV, JSON Lines or iCalendar, with a manifest."""
    from kiosk import export

    first, last = _span(hall, args, default_offset=1)
    with _progress(args) as progress:
        result = export.export_appointments(hall, first, last, fmt=args.format, out=args.out, contact=args.contact,
                                            bom=not args.no_bom, lang=args.lang, progress=progress,
                                            force=args.force)
    if args.contact == "full":
        # Names and phones in full leave the hall's files: who took them, and which, goes in the audit log. An
        # export that cannot be logged is not left behind.
        try:
            hall.log_export(os_user=os_user(), detail={"path": str(result.path), "rows": result.manifest["rows"],
                                                       "first": first.isoformat(), "last": last.isoformat(),
                                                       "contact": "full"})
        except BaseException:
            result.path.unlink(missing_ok=True)
            result.manifest_path.unlink(missing_ok=True)
            raise
    if args.quiet and not args.json:
        return
    span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    _emit(args, dict(result.manifest, path=str(result.path), manifest_path=str(result.manifest_path)),
          translate(args.lang, "export.done", rows=result.manifest["rows"], span=span, path=str(result.path)))


def cmd_report(hall: Hall, args: argparse.Namespace) -> None:
    """The hall's figures for a day or a range: Rich tables, or one JSON object with ``--json``."""
    from kiosk import report

    first, last = _span(hall, args, default_offset=0)
    with _progress(args) as progress:
        figures = report.build(hall, first, last, bucket_minutes=args.bucket, progress=progress)

    def render() -> None:
        from rich.console import Console

        console = Console()
        for renderable in report.renderables(_safe(figures), hall.config, args.lang):
            console.print(renderable)
    _emit(args, figures, render)


def _span_options(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--date", metavar="D", help=f"YYYY-MM-DD, today, tomorrow or yesterday (default {default})")
    parser.add_argument("--from", dest="first", metavar="D", help="first day of a range (with --to)")
    parser.add_argument("--to", dest="last", metavar="D", help="last day of a range, inclusive (with --from)")


# --------------------------------------------------------------------------------------------- parser


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before or after the command; after it they override (hence SUPPRESS there)."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", default=default, metavar="PATH", help="kiosk.toml to use")
    parser.add_argument("--data", default=default, metavar="PATH", help="data file to use")
    parser.add_argument("--now", default=default, metavar="ISO-TIME",
                        help="start the clock at this instant, e.g. 2026-11-23T09:15")
    parser.add_argument("--lang", default=default, choices=LANGUAGES, help="language of messages")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(prog=PROG, description="Hall Kiosk: queue, booking and resident services.")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Callable[[Hall, argparse.Namespace], None], help_text: str,
                *, json_output: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        if json_output:
            sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.set_defaults(handler=handler)
        return sub

    sub = command("ticket", cmd_ticket, "issue a walk-in ticket for SERVICE")
    sub.add_argument("service")
    sub.add_argument("--priority", action="store_true", help="elderly, disabled, pregnant or with an infant")
    for name, handler, text in (("call", cmd_call, "call the next ticket at COUNTER"),
                                ("recall", cmd_recall, "recall the ticket COUNTER is serving"),
                                ("no-show", cmd_no_show, "mark the ticket COUNTER called as not present")):
        sub = command(name, handler, text)
        sub.add_argument("counter")
        sub.add_argument("--staff", help="staff id")
    sub = command("finish", cmd_finish, "finish the ticket COUNTER is serving")
    sub.add_argument("counter")
    sub.add_argument("--outcome", default="completed", choices=OUTCOMES)
    sub.add_argument("--note")
    sub.add_argument("--staff")
    sub = command("transfer", cmd_transfer, "send the resident at COUNTER to SERVICE, keeping their place")
    sub.add_argument("counter")
    sub.add_argument("service")
    sub.add_argument("--staff")
    sub = command("counter", cmd_counter, "open, pause or close COUNTER")
    sub.add_argument("counter")
    sub.add_argument("state", choices=("open", "pause", "close"))
    sub.add_argument("--staff")
    sub = command("slots", cmd_slots, "list SERVICE's appointment slots on a day")
    sub.add_argument("service")
    sub.add_argument("--date", help="YYYY-MM-DD (default today)")
    sub = command("book", cmd_book, "book an appointment")
    sub.add_argument("service")
    sub.add_argument("--date", required=True, help="YYYY-MM-DD")
    sub.add_argument("--time", required=True, help="HH:MM, a slot start")
    sub.add_argument("--name", required=True)
    sub.add_argument("--phone", required=True)
    for name, handler, text in (("cancel", cmd_cancel, "cancel an appointment"),
                                ("checkin", cmd_checkin, "check in for today's appointment"),
                                ("reschedule", cmd_reschedule, "move an appointment to another slot")):
        sub = command(name, handler, text)
        sub.add_argument("code")
        sub.add_argument("--phone-last4", required=True, metavar="NNNN")
        if name == "reschedule":
            sub.add_argument("--date", required=True)
            sub.add_argument("--time", required=True)
    sub = command("request", cmd_request, "file a service request")
    sub.add_argument("category")
    sub.add_argument("--description", required=True)
    sub.add_argument("--phone", required=True)
    sub.add_argument("--address")
    sub.add_argument("--preferred", metavar="ISO-TIME", help="preferred visit time, evenings and weekends allowed")
    sub = command("request-update", cmd_request_update, "move a request along its lifecycle, or add a note")
    sub.add_argument("code")
    sub.add_argument("status", choices=[s for s in STATUSES if s != "submitted"] + ["note"])
    sub.add_argument("--staff", required=True)
    sub.add_argument("--note", help="a rejection reason or a resolution is shown to the resident; any other note is "
                                    "internal unless --visible")
    sub.add_argument("--visible", action="store_true",
                     help="with 'note': the resident sees this note when checking the code (default: internal)")
    sub.add_argument("--assignee")
    sub = command("requests", cmd_requests, "list live service requests")
    sub.add_argument("--status", choices=STATUSES)
    sub.add_argument("--category")
    sub.add_argument("--overdue", action="store_true")
    sub = command("status", cmd_status, "show a ticket, appointment or request by CODE")
    sub.add_argument("code")
    sub = command("rate", cmd_rate, "rate a service: LEVEL 5 (very satisfied) .. 1 (very dissatisfied)")
    sub.add_argument("code")
    sub.add_argument("level")
    sub.add_argument("--comment")
    command("run", cmd_run, "start the resident kiosk (the default when no command is given)", json_output=False)
    command("board", cmd_board, "start the display board (calls, queues, open or closed, clock) for a wall screen",
            json_output=False)
    sub = command("staff", cmd_staff, "start the counter console (staff sign in with id and PIN)", json_output=False)
    sub.add_argument("--counter", metavar="ID", help="fix this terminal to one counter (default: pick at sign-in)")
    command("overview", cmd_overview, "the hall now: open or closed, queues and counters")
    sub = command("check", cmd_check, "verify the config, the data file, the archive, its index and the backups")
    sub.add_argument("--repair", action="store_true",
                     help="rebuild damaged archive day files from the backups, and the index from the day files")
    # Checks the data file itself: opening the hall must not read it first (nor create it).
    sub.set_defaults(check_data=False)
    sub = command("archive", cmd_archive, "close past days and move them to the archive (run nightly)")
    sub.add_argument("--force", action="store_true",
                     help="close even when this machine's clock disagrees with the hall's last write")
    sub = command("init", cmd_init, "create a new hall's data file (refused where one, its archive or backups "
                                    "exist)")
    sub.add_argument("--training", action="store_true", help="a training copy, where --now may set any time")
    sub.set_defaults(create=True)
    sub = command("training-copy", cmd_training_copy, "copy this hall to PATH as a training copy for --now")
    sub.add_argument("path")
    sub = command("demo", cmd_demo, "make a new training data file with N days of realistic history")
    sub.add_argument("--days", type=int, default=30)
    sub.add_argument("--seed", type=int, default=7)
    sub.set_defaults(create=True, training=True)
    sub = command("staff-add", cmd_staff_add, "add a staff account ID; the PIN is asked twice (or read from stdin)")
    sub.add_argument("id")
    sub.add_argument("--name", required=True)
    command("staff-list", cmd_staff_list, "list staff accounts, their locks and where they are signed in")
    sub = command("staff-pin", cmd_staff_pin, "set a new PIN for staff account ID (also lifts a lockout)")
    sub.add_argument("id")
    for name, text in (("staff-disable", "disable staff account ID (signs it out everywhere)"),
                       ("staff-enable", "enable staff account ID again")):
        sub = command(name, cmd_staff_active, text)
        sub.add_argument("id")
    sub = command("audit", cmd_audit, "show the audit log of a day: sign-ins and every counter and request action")
    sub.add_argument("--date", help="YYYY-MM-DD (default today)")
    sub.add_argument("--staff")
    sub.add_argument("--counter")
    sub.add_argument("--action", choices=audit.ACTIONS)
    sub.add_argument("--limit", type=int, default=200, help="show the last N entries (default 200)")
    sub = command("backups", cmd_backups, "list backups of the data file, or restore one")
    sub.add_argument("--restore", metavar="NAME")
    # The way back from an unreadable data file must not start by reading it.
    sub.set_defaults(check_data=False)

    from kiosk.export import CONTACT_MODES, FORMATS
    from kiosk.report import BUCKETS

    export = command("export", cmd_export_appointments, "write records out for the hall's other systems", json_output=False)
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", parser_class=_Parser, required=True)
    sub = kinds.add_parser("appointments", help="every appointment of a day or range, with its status",
                           description="Export every appointment of a day or a range, whatever its status, to a "
                                       "file with a manifest beside it.")
    _global_options(sub, top=False)
    _span_options(sub, "tomorrow")
    sub.add_argument("--format", choices=FORMATS, default="csv", help="default csv")
    sub.add_argument("--out", metavar="PATH",
                     help="a file, or a folder (ending in /) where a dated name is chosen; default the current folder")
    sub.add_argument("--contact", choices=CONTACT_MODES, default="masked",
                     help="names and phone numbers masked (default) or in full")
    sub.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark, for machines")
    sub.add_argument("--force", action="store_true",
                     help="replace an existing file that is not one of our exports (never the data file, its lock, "
                          "backups or archive)")
    sub.add_argument("--quiet", action="store_true", help="print nothing on success (for cron)")
    sub.add_argument("--json", action="store_true", help="print the manifest and paths as one JSON object")
    # Read-only: no lock is taken and the data file is neither created nor checked whole.
    sub.set_defaults(handler=cmd_export_appointments, check_data=False)
    sub = command("report", cmd_report, "the hall's figures for a day or a range (queues, appointments, requests, "
                                        "ratings)")
    _span_options(sub, "today")
    sub.add_argument("--bucket", type=int, choices=BUCKETS, default=60,
                     help="minutes per period of the waits-through-the-day chart (default 60)")
    sub.set_defaults(check_data=False)
    return parser


def _setting(value: str | None, variable: str) -> str | None:
    return value if value else os.environ.get(variable) or None


def open_hall(args: argparse.Namespace) -> Hall:
    """The config, clock and data file that the options and environment name."""
    config = load_config(_setting(args.config, "KIOSK_CONFIG") or "kiosk.toml")
    now = _setting(args.now, "KIOSK_NOW")
    clock = None
    if now:
        try:
            clock = RunningClock(validation.instant(now, config.timezone), config.timezone)
        except InvalidInput as exc:
            raise UsageError(f"--now: {exc.message(args.lang)}") from None
    data = _setting(args.data, "KIOSK_DATA")
    args.data_given = bool(data)
    if getattr(args, "command", None) == "demo" and not 0 <= args.days <= 3660:
        raise InvalidInput("demo.days", field="days")  # before the new file is made
    return Hall.open(config, clock=clock, data_path=str(Path(data).absolute()) if data else None,
                     check=getattr(args, "check_data", True), create=getattr(args, "create", False),
                     training=getattr(args, "training", False))


#: Messages about a field that do not name it themselves (a screen shows them beside the field): the CLI says
#: which argument they are about.
_FIELD_MESSAGES = frozenset({"input.required", "input.too_long", "input.too_short", "input.bad_characters"})
#: Arguments that may span lines (their newlines and tabs are the domain's to judge), and the options whose
#: ``dest`` differs from their name.
_MULTILINE = frozenset({"description"})
_OPTION_NAMES = {"first": "from", "last": "to"}


def _check_arguments(argv: Sequence[str], lang: str) -> None:
    """Refuse, before parsing, an argument that is not text: bytes that are not UTF-8 (which Python hands over
    as lone surrogates) or a NUL. Nothing in the hall can take them, and a message could not show them."""
    for position, arg in enumerate(argv, start=1):
        if validation.undecodable(arg):
            raise UsageError(translate(lang, "input.bad_argument", position=position, value=validation.quote(arg)))


def _check_values(args: argparse.Namespace) -> None:
    """Refuse a control character in any argument (a newline only in a multi-line one) before the hall is
    opened: no id, filter, path or date needs one. Free text is checked again by the domain, with its limits."""
    for dest, value in vars(args).items():
        if isinstance(value, str) and any(validation.unsafe(char, multiline=dest in _MULTILINE) for char in value):
            option = _OPTION_NAMES.get(dest, dest)
            raise InvalidInput("input.argument_controls", field=option, option=option, value=value)


def _say(text: str) -> None:
    """One line on stderr, whatever the text holds: controls escaped (see :func:`kiosk.validation.shown`), and
    never longer than 1,000 characters."""
    print(f"{PROG}: {validation.shown(text, limit=1000)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used as the console script's)."""
    lang = os.environ.get("KIOSK_LANG", "en")
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        _check_arguments(argv, lang if lang in LANGUAGES else "en")
        args = build_parser().parse_args(argv)
        # Screens default to the hall's language (from kiosk.toml); the CLI's messages default to English.
        args.screen_lang = args.lang or (lang if "KIOSK_LANG" in os.environ and lang in LANGUAGES else None)
        lang = args.lang or (lang if lang in LANGUAGES else "en")
        args.lang = lang
        _check_values(args)
        hall = open_hall(args)
        handler = getattr(args, "handler", cmd_run)
        handler(hall, args)
        return 0
    except UsageError as exc:
        _say(str(exc))
        return 2
    except KioskError as exc:
        field = f"{exc.field}: " if exc.field and exc.key in _FIELD_MESSAGES else ""
        _say(field + exc.message(lang))
        return exc.exit_status
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:
        name = validation.shown(exc.filename, limit=200) if exc.filename else ""
        _say(f"{exc.strerror or exc}: {name}".rstrip(": "))
        return 2 if exc.errno == errno.ENAMETOOLONG else 1  # a path too long is bad input, not a failure
    except Exception as exc:  # a bug: still one line, never a traceback, unless KIOSK_DEBUG asks for it
        if os.environ.get("KIOSK_DEBUG"):
            raise
        _say(f"internal error ({type(exc).__name__}: {validation.shown(exc, limit=200)}); "
             "set KIOSK_DEBUG=1 for details")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
