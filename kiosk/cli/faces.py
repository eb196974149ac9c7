"""The full-screen faces (Textual, imported only here so that every other command starts quickly): the resident kiosk, the display board, the counter console."""

from __future__ import annotations

import argparse

from kiosk import terminals
from kiosk.errors import InvalidInput
from kiosk.hall import Hall
from kiosk.terminals import Terminal


def _terminal(hall: Hall, args: argparse.Namespace, mode: str) -> Terminal | None:
    """The profile ``--terminal`` names for this face (None without it), refused in one line before any screen
    starts when it is unknown or of another mode."""
    return terminals.select(hall.config.terminals, getattr(args, "terminal", None), mode)


def _language(args: argparse.Namespace, terminal: Terminal | None) -> str | None:
    """``--lang`` (or ``$KIOSK_LANG``) first, then the profile's language, else the hall's (None)."""
    return getattr(args, "screen_lang", None) or (terminal.language if terminal else None)


def cmd_run(hall: Hall, args: argparse.Namespace) -> None:
    """Start the resident kiosk full-screen (Textual is imported only here, so the other commands stay quick)."""
    terminal = _terminal(hall, args, "kiosk")
    from screens.app import make_app

    make_app(hall.config, hall.store, hall.clock, mode="kiosk", lang=_language(args, terminal), terminal=terminal).run()


def cmd_board(hall: Hall, args: argparse.Namespace) -> None:
    """Start the display board full-screen: calls, queues, open or closed and the clock, for a wall screen."""
    terminal = _terminal(hall, args, "board")
    from screens.app import make_app

    make_app(hall.config, hall.store, hall.clock, mode="board", lang=_language(args, terminal), terminal=terminal).run()


def cmd_staff(hall: Hall, args: argparse.Namespace) -> None:
    """Start the counter console: staff sign in with id and PIN at their counter (Textual imported only here)."""
    terminal = _terminal(hall, args, "staff")
    counter = args.counter
    if terminal is not None and terminal.counter is not None:
        if counter is not None and counter != terminal.counter:
            raise InvalidInput(
                "terminal.counter_conflict", field="counter", value=terminal.id, counter=terminal.counter
            )
        counter = terminal.counter
    if counter is not None:
        hall.session(counter)  # an unknown counter is refused here, in one line, before the screen starts
    from screens.app import make_app

    make_app(
        hall.config,
        hall.store,
        hall.clock,
        mode="staff",
        lang=_language(args, terminal),
        counter=counter,
        terminal=terminal,
    ).run()
