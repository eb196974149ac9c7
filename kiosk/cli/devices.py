"""The terminals' devices from the command line: ``kiosk print CODE`` reprints a slip (or previews it)."""

from __future__ import annotations

import argparse

from kiosk.cli.common import _emit, os_user
from kiosk.errors import DeviceError, InvalidInput
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.terminals import Terminal, reprint_terminal


def _printer_terminal(hall: Hall, terminal_id: str | None) -> Terminal | None:
    """The terminal whose printer reprints for ``--terminal`` (:func:`kiosk.terminals.reprint_terminal`, the rule
    the console's reprint key follows): that terminal's own printer, else the first terminal in kiosk.toml with
    one; None when no terminal has a printer. An unknown id is refused."""
    own = None
    if terminal_id is not None:
        try:
            own = hall.config.terminal(terminal_id)
        except KeyError:
            known = ", ".join(t.id for t in hall.config.terminals) or "-"
            raise InvalidInput("terminal.unknown", field="terminal", value=terminal_id, known=known) from None
    return reprint_terminal(hall.config.terminals, own)


def cmd_print(hall: Hall, args: argparse.Namespace) -> None:
    """Print the slip of a ticket, appointment or request again (audited), or show it with ``--preview``."""
    lang = args.lang
    if args.staff is not None:
        hall.staff_member(args.staff)  # an unknown or disabled id is refused first, preview or not
    if args.preview:
        chosen = _printer_terminal(hall, args.terminal)
        columns = chosen.printer.columns if chosen is not None and chosen.printer is not None else 32
        text = hall.preview_slip(args.code, lang, columns=columns, reprint=True)  # what kiosk print would print
        _emit(args, {"code": hall.slip(args.code, lang).code, "preview": text}, text)
        return
    terminal = _printer_terminal(hall, args.terminal)
    if terminal is None:
        raise InvalidInput("print.no_printer_in_hall", field="terminal")
    assert terminal.printer is not None
    outcome = hall.reprint(
        args.code, terminal.printer, terminal=terminal.id, lang=lang, staff=args.staff, os_user=os_user()
    )
    if not outcome["ok"]:
        reason = translate(lang, f"print.fault.{outcome['reason']}")
        raise DeviceError("print.failed", terminal=terminal.id, reason=reason, code=outcome["code"])
    _emit(args, dict(outcome), translate(lang, "print.done", code=outcome["code"], terminal=terminal.id))
