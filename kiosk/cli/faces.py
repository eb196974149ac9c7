"""The faces that keep running: the full-screen ones (Textual, imported only here so that every other command starts quickly): the resident kiosk, the display board, the counter console, a counter's rating pad; and the hall's voice, ``kiosk announce``."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import re
import shlex
import signal
import sys
import threading
from typing import TYPE_CHECKING

from kiosk import terminals
from kiosk.cli.common import _emit
from kiosk.clock import SystemClock
from kiosk.config import ANNOUNCE_LANGUAGES
from kiosk.errors import DeviceError, InvalidInput
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.records import CallItem
from kiosk.terminals import Terminal

if TYPE_CHECKING:
    from kiosk.voice import Spoken


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


def _served_sound(terminal: Terminal | None) -> Terminal | None:
    """Under ``kiosk serve`` (``$KIOSK_WEB_SOUND`` names the server's folder for it) a board's calls are handed
    to the server, which plays them on the board's page, instead of to this machine's loudspeaker."""
    folder = os.environ.get("KIOSK_WEB_SOUND")
    if terminal is None or not folder or not terminal.sound.enabled:
        return terminal
    player = shlex.join([sys.executable, "-m", "kiosk.cli.web.spool", folder])
    return dataclasses.replace(terminal, sound=dataclasses.replace(terminal.sound, player=player))


def cmd_board(hall: Hall, args: argparse.Namespace) -> None:
    """Start the display board full-screen: calls, queues, open or closed and the clock, for a wall screen."""
    terminal = _served_sound(_terminal(hall, args, "board"))
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


def cmd_pad(hall: Hall, args: argparse.Namespace) -> None:
    """Start a counter's rating pad (评价器): after each service finished at the counter it asks the resident to
    rate it. The counter comes from ``--counter`` or the ``pad`` profile of ``--terminal``; without either, or
    for a counter the hall does not have, one line and no screen."""
    terminal = _terminal(hall, args, "pad")
    counter = args.counter
    if terminal is not None and terminal.counter is not None:
        if counter is not None and counter != terminal.counter:
            raise InvalidInput(
                "terminal.counter_conflict", field="counter", value=terminal.id, counter=terminal.counter
            )
        counter = terminal.counter
    if counter is None:
        raise InvalidInput("pad.counter_missing", field="counter")
    hall.pad_view(counter)  # an unknown counter is refused here, in one line, before the screen starts
    from screens.app import make_app

    make_app(
        hall.config,
        hall.store,
        hall.clock,
        mode="pad",
        lang=_language(args, terminal),
        counter=counter,
        terminal=terminal,
    ).run()


def _announce_languages(value: str | None) -> tuple[str, ...] | None:
    """``--lang zh,en`` as the languages to speak (``zh-Hans`` is taken for ``zh``); None: the config's."""
    if value is None:
        return None
    langs = tuple("zh" if part.strip() == "zh-Hans" else part.strip() for part in value.split(","))
    if not langs or any(lang not in ANNOUNCE_LANGUAGES for lang in langs) or len(set(langs)) != len(langs):
        raise InvalidInput("announce.bad_languages", field="announce_langs", value=value)
    return langs


def _spoken_line(lang: str, entry: Spoken) -> str:
    """One line for a call spoken: its number, counter and what was said (or that only the bell rang)."""
    said = entry.announcement
    sentences = " / ".join(s.text for s in said.sentences) if not entry.bell else translate(lang, "announce.bell")
    key = "announce.spoken_recall" if said.recall else "announce.spoken"
    return translate(lang, key, number=said.number, counter=said.counter, sentences=sentences)


def cmd_announce(hall: Hall, args: argparse.Namespace) -> None:
    """Speak each call as it is made (chime, then the call in each language), until stopped; with ``--once``,
    speak the latest call of today (a sample call before the first) and stop, to try the speakers."""
    from kiosk.voice import Announcer, Player, SoundError

    rules = hall.config.announce
    terminal = _terminal(hall, args, "announcer")
    if args.player is not None and not args.player.strip():
        raise InvalidInput("announce.bad_player", field="player", value=args.player)
    # --player first, then the profile's speakers (``sound.player``), then [announce] player.
    profile_player = terminal.sound.player if terminal is not None and terminal.sound.enabled else None
    try:
        player = Player(args.player or profile_player or rules.player, rules.player_timeout_seconds)
    except ValueError:  # an unclosed quote
        raise InvalidInput("announce.bad_player", field="player", value=args.player) from None
    languages = _announce_languages(args.announce_langs)

    def spoken(entry: Spoken) -> None:
        _emit(args, {}, _spoken_line(args.lang, entry))
        if entry.problem and not args.once:
            # The announcer goes on: the next call may play. Said on stderr, where a service's log keeps it.
            print(
                translate(args.lang, "announce.problem", number=entry.announcement.number, problem=entry.problem),
                file=sys.stderr,
            )
        sys.stdout.flush()

    announcer = Announcer(hall, rules, languages=languages, player=player, on_spoken=spoken)
    try:
        if not announcer.silent and not player.available():
            raise InvalidInput("announce.player_missing", field="player", value=player.argv[0] if player.argv else "")
        for note in announcer.notes:
            print(translate(args.lang, "announce.note", note=note), file=sys.stderr)
        if args.once:
            entry = announcer.say_call(_latest_call(hall, args))
            if entry.problem:
                raise SoundError("announce.failed", problem=entry.problem)
            return
        _emit(args, {}, translate(args.lang, "announce.started", voices=announcer.describe()))
        sys.stdout.flush()
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: stop.set())  # systemd's stop: end as cleanly as Ctrl+C
        announcer.start()
        try:
            while not stop.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
    finally:
        announcer.stop()


def _latest_call(hall: Hall, args: argparse.Namespace) -> CallItem:
    """Today's latest call, or a sample (the first service's first number at the first counter)."""
    recent = hall.board_view(last=1)["recent"]
    if recent:
        return recent[0]
    _emit(args, {}, translate(args.lang, "announce.sample"))
    config = hall.config
    return {
        "id": 0,
        "day": hall.now().date().isoformat(),
        "seq": 0,
        "at": hall.now().isoformat(),
        "number": f"{config.services[0].prefix}001",
        "service": config.services[0].id,
        "counter": config.counters[0].id,
        "recall": False,
    }


def cmd_serve(hall: Hall, args: argparse.Namespace) -> None:
    """Serve every terminal profile of kiosk.toml to browsers (``kiosk serve``): see :mod:`kiosk.cli.web.server`."""
    served = [t for t in hall.config.terminals if t.mode != "announcer"]
    if not served:
        raise InvalidInput("serve.no_terminals", field="terminal")
    for entry in args.index_allow:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise InvalidInput("serve.bad_network", field="index_allow", value=entry) from None
    if not re.fullmatch(r"[A-Za-z0-9.:-]{1,253}", args.host):
        raise InvalidInput("serve.bad_host", field="host", value=args.host[:40])
    if not 1 <= args.port <= 65535:
        raise InvalidInput("serve.bad_port", field="port", value=str(args.port))
    try:
        from kiosk.cli.web.server import HallServer, face_command, serve
    except ImportError:
        raise InvalidInput("serve.no_textual_serve", field="command") from None

    clock = hall.clock
    training = not isinstance(clock, SystemClock)
    data = str(hall.store.path) if getattr(args, "data_given", False) else None
    server = HallServer(
        hall.config,
        lambda terminal: face_command(
            terminal,
            config_path=hall.config.source,
            data_path=data,
            now=(lambda: clock.now().isoformat(timespec="seconds")) if training else None,
        ),
        index_allow=tuple(args.index_allow),
        font_size=max(8, min(args.font_size, 64)),
    )

    def ready(url: str) -> None:
        print(translate(args.lang, "serve.listening", count=len(server.terminals), url=url), flush=True)

    try:
        serve(server, args.host, args.port, ready=ready)
    except OSError as error:  # the port is taken, the address is not this machine's, the name is unknown
        raise DeviceError(
            "serve.cannot_listen", field="host", host=args.host, port=args.port, reason=error.strerror or str(error)
        ) from None
