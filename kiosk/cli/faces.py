"""The full-screen faces (Textual, imported only here so that every other command starts quickly): the resident kiosk, the display board, the counter console."""

from __future__ import annotations

import argparse

from kiosk.hall import Hall


def cmd_run(hall: Hall, args: argparse.Namespace) -> None:
    """Start the resident kiosk full-screen (Textual is imported only here, so the other commands stay quick)."""
    from screens.app import make_app

    make_app(hall.config, hall.store, hall.clock, mode="kiosk", lang=getattr(args, "screen_lang", None)).run()


def cmd_board(hall: Hall, args: argparse.Namespace) -> None:
    """Start the display board full-screen: calls, queues, open or closed and the clock, for a wall screen."""
    from screens.app import make_app

    make_app(hall.config, hall.store, hall.clock, mode="board", lang=getattr(args, "screen_lang", None)).run()


def cmd_staff(hall: Hall, args: argparse.Namespace) -> None:
    """Start the counter console: staff sign in with id and PIN at their counter (Textual imported only here)."""
    from screens.app import make_app

    if args.counter is not None:
        hall.session(args.counter)  # an unknown counter is refused here, in one line, before the screen starts
    make_app(
        hall.config, hall.store, hall.clock, mode="staff", lang=getattr(args, "screen_lang", None), counter=args.counter
    ).run()
