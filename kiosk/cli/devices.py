"""The terminals' devices from the command line: ``kiosk print CODE`` reprints a slip (or previews it)."""

from __future__ import annotations

import argparse

from kiosk.cli.common import _emit, os_user
from kiosk.errors import DeviceError, InvalidInput
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.terminals import Terminal


def _printer_terminal(hall: Hall, terminal_id: str | None) -> Terminal:
    """The terminal whose printer ``--terminal`` names; without it, the only terminal with a printer."""
    with_printer = [t for t in hall.config.terminals if t.printer is not None]
    if terminal_id is None:
        if len(with_printer) == 1:
            return with_printer[0]
        known = ", ".join(t.id for t in with_printer) or "-"
        raise InvalidInput("print.no_terminal", field="terminal", known=known)
    try:
        terminal = hall.config.terminal(terminal_id)
    except KeyError:
        known = ", ".join(t.id for t in hall.config.terminals) or "-"
        raise InvalidInput("terminal.unknown", field="terminal", value=terminal_id, known=known) from None
    if terminal.printer is None:
        raise InvalidInput("print.no_printer", field="terminal", terminal=terminal_id)
    return terminal


def cmd_print(hall: Hall, args: argparse.Namespace) -> None:
    """Print the slip of a ticket, appointment or request again (audited), or show it with ``--preview``."""
    lang = args.lang
    if args.preview:
        columns = 32
        if args.terminal is not None:
            printer = _printer_terminal(hall, args.terminal).printer
            columns = printer.columns if printer else columns
        text = hall.preview_slip(args.code, lang, columns=columns)
        _emit(args, {"code": hall.slip(args.code, lang).code, "preview": text}, text)
        return
    terminal = _printer_terminal(hall, args.terminal)
    if args.staff is not None:
        hall.staff_member(args.staff)  # an unknown or disabled id is refused before anything prints
    assert terminal.printer is not None
    outcome = hall.reprint(
        args.code, terminal.printer, terminal=terminal.id, lang=lang, staff=args.staff, os_user=os_user()
    )
    if not outcome["ok"]:
        reason = translate(lang, f"print.fault.{outcome['reason']}")
        raise DeviceError("print.failed", terminal=terminal.id, reason=reason, code=outcome["code"])
    _emit(args, dict(outcome), translate(lang, "print.done", code=outcome["code"], terminal=terminal.id))
