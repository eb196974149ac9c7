"""Staff accounts (added, PIN set, disabled, listed) and the audit log."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Mapping
from typing import Any

from kiosk import codes, queue, validation
from kiosk.cli.common import _columns, _emit, _minute, os_user
from kiosk.errors import InvalidInput
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.staff import PIN_MAX, PIN_MIN


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


def _staff_line(account: Mapping[str, Any], lang: str) -> list[str]:
    if not account["active"]:
        state = translate(lang, "staff.state_disabled")
    elif account["locked"]:
        state = translate(lang, "staff.state_locked", until=_minute(account["locked_until"])[11:])
    else:
        state = translate(lang, "staff.state_active")
    return [
        account["id"],
        account["name"],
        state,
        account["counter"] or "",
        _minute(account["last_sign_in"]) if account["last_sign_in"] else "",
    ]


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
    _emit(args, account, translate(args.lang, "staff.enabled" if active else "staff.disabled_now", staff=account["id"]))


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
        rows = [
            [
                translate(args.lang, f"audit.col_{name}")
                for name in ("at", "staff", "counter", "action", "ticket", "detail")
            ]
        ]
        for entry in entries:
            detail = ", ".join(f"{key}={value}" for key, value in entry["detail"].items())
            rows.append(
                [
                    entry["at"][11:19],
                    entry["staff"] or "-",
                    entry["counter"] or "-",
                    translate(args.lang, f"audit.action_{entry['action']}"),
                    entry["ticket"] or (codes.display(entry["subject"]) if entry["subject"] else ""),
                    detail,
                ]
            )
        print(_columns(rows))

    # Codes as on the slip, like every other command's JSON.
    _emit(
        args,
        {"audit": [dict(e, subject=codes.display(e["subject"]) if e["subject"] else None) for e in entries]},
        render,
    )
