"""The ``kiosk`` command: every action of the hall from a shell, for scripts, training and the hall's IT person.

``kiosk [--config PATH] [--data PATH] [--now ISO] [--lang zh-Hans|en] COMMAND [--json]``

* The config is ``--config``, else ``$KIOSK_CONFIG``, else the first of ``./kiosk.toml``,
  ``$XDG_CONFIG_HOME/hall-kiosk/kiosk.toml`` (default ``~/.config/hall-kiosk/kiosk.toml``) and
  ``/etc/hall-kiosk/kiosk.toml`` that exists (:func:`kiosk.config.find_config`); ``kiosk init --write-config PATH``
  writes a starting one. The data file is ``--data``, else ``$KIOSK_DATA``, else ``hall.data`` of the config
  (relative to the config file).
* ``--version`` prints the version; every line meant for a person is in ``--lang`` (:mod:`kiosk.i18n`).
* A reader that stops early (``kiosk overview | head -1``) is no error: exit status 0, nothing on stderr.
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
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import audit, validation
from kiosk.cli.cases import add_case_commands
from kiosk.cli.common import (
    PROG,
    UsageError,
    _export_options,
    _global_options,
    _Parser,
    _span_options,
    os_user,
    version,
)
from kiosk.cli.counters import (
    cmd_call,
    cmd_counter,
    cmd_finish,
    cmd_no_show,
    cmd_recall,
    cmd_request_update,
    cmd_request_visit,
    cmd_requests,
    cmd_transfer,
)
from kiosk.cli.devices import cmd_print
from kiosk.cli.faces import cmd_announce, cmd_board, cmd_pad, cmd_run, cmd_serve, cmd_staff
from kiosk.cli.files import (
    cmd_archive,
    cmd_backups,
    cmd_check,
    cmd_checkpoint,
    cmd_demo,
    cmd_init,
    cmd_training_copy,
    cmd_write_config,
)
from kiosk.cli.notify import add_notify_commands
from kiosk.cli.reports import cmd_export_appointments, cmd_export_evaluations, cmd_overview, cmd_report
from kiosk.cli.residents import (
    cmd_book,
    cmd_cancel,
    cmd_checkin,
    cmd_rate,
    cmd_request,
    cmd_reschedule,
    cmd_slots,
    cmd_status,
    cmd_ticket,
)
from kiosk.cli.staff import (
    cmd_audit,
    cmd_staff_active,
    cmd_staff_add,
    cmd_staff_list,
    cmd_staff_pin,
)
from kiosk.clock import RunningClock
from kiosk.config import LANGUAGES, find_config, load_config
from kiosk.errors import InvalidInput, KioskError
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.queue import OUTCOMES
from kiosk.requests import STATUSES

__all__ = ["build_parser", "main", "os_user"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(prog=PROG, description="Hall Kiosk: queue, booking and resident services.")
    _global_options(parser, top=True)
    parser.add_argument("--version", action="store_true", help="print the version of Hall Kiosk and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Callable[[Hall, argparse.Namespace], None], help_text: str, *, json_output: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        if json_output:
            sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.set_defaults(handler=handler)
        return sub

    sub = command("ticket", cmd_ticket, "issue a walk-in ticket for SERVICE")
    sub.add_argument("service")
    sub.add_argument("--priority", action="store_true", help="elderly, disabled, pregnant or with an infant")
    sub.add_argument("--phone", help="a mobile number to text when the turn is near and when called (consent)")
    for name, handler, text in (
        ("call", cmd_call, "call the next ticket at COUNTER"),
        ("recall", cmd_recall, "recall the ticket COUNTER is serving"),
        ("no-show", cmd_no_show, "mark the ticket COUNTER called as not present"),
    ):
        sub = command(name, handler, text)
        sub.add_argument("counter")
        sub.add_argument("--staff", help="staff id")
        if name == "recall":
            sub.add_argument(
                "--no-show",
                action="store_true",
                help="once the ticket has been recalled queue.max_recalls times, mark it a no-show (refused otherwise)",
            )
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
    sub.add_argument("--notify", action="store_true", help="the resident agreed to texts about this booking")
    for name, handler, text in (
        ("cancel", cmd_cancel, "cancel an appointment"),
        ("checkin", cmd_checkin, "check in for today's appointment"),
        ("reschedule", cmd_reschedule, "move an appointment to another slot"),
    ):
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
    sub.add_argument("--notify", action="store_true", help="the resident agreed to texts as the request moves on")
    sub = command("request-visit", cmd_request_visit, "set when staff will visit for request CODE (texted if agreed)")
    sub.add_argument("code")
    sub.add_argument("--at", required=True, metavar="'YYYY-MM-DD HH:MM'")
    sub.add_argument("--staff", required=True)
    sub = command("request-update", cmd_request_update, "move a request along its lifecycle, or add a note")
    sub.add_argument("code")
    sub.add_argument("status", choices=[s for s in STATUSES if s != "submitted"] + ["note"])
    sub.add_argument("--staff", required=True)
    sub.add_argument(
        "--note",
        help="a rejection reason or a resolution is shown to the resident; any other note is internal unless --visible",
    )
    sub.add_argument(
        "--visible",
        action="store_true",
        help="with 'note': the resident sees this note when checking the code (default: internal)",
    )
    sub.add_argument("--assignee")
    sub = command("requests", cmd_requests, "list live service requests")
    sub.add_argument("--status", choices=STATUSES)
    sub.add_argument("--category")
    sub.add_argument("--overdue", action="store_true")
    case = commands.add_parser(
        "case",
        help="poor ratings handled to the end (差评整改): list, show, and each step of a case",
        description="Poor ratings handled to the end (差评整改): list the cases, show one, and take its steps.",
    )
    _global_options(case, top=False)
    add_case_commands(case, _Parser, lambda step: _global_options(step, top=False))
    notify = commands.add_parser(
        "notify",
        help="text messages to residents: run the sender, nightly reminders, the outbox, resend, stop",
        description="Text messages to residents: run the sender, write the nightly reminders, list the outbox, resend,"
        " stop by code, take a reply, check the gateway, preview the messages.",
    )
    _global_options(notify, top=False)
    add_notify_commands(notify, _Parser, lambda step: _global_options(step, top=False))
    sub = command("status", cmd_status, "show a ticket, appointment or request by CODE")
    sub.add_argument("code")
    sub = command("rate", cmd_rate, "rate a service: LEVEL 5 (very satisfied) .. 1 (very dissatisfied)")
    sub.add_argument("code")
    sub.add_argument("level")
    sub.add_argument("--comment")
    sub.add_argument(
        "--phone",
        help="where a follow-up (level 2 or 1) should call back; default: the phone of the appointment or request"
        " rated, and without either nobody can call back",
    )
    sub.add_argument(
        "--reason",
        action="append",
        default=[],
        metavar="ID",
        help="why a level of 2 or 1 (repeatable): an id of [ratings] reasons in kiosk.toml (slow, attitude, unclear,"
        " runs, rules, facilities, other); a level of 2 or 1 needs a reason or --comment",
    )
    sub.add_argument(
        "--indicator",
        action="append",
        default=[],
        metavar="NAME=LEVEL",
        help="an indicator besides the overall level, 1..5 (repeatable): efficiency, competence, attitude",
    )
    sub.add_argument(
        "--channel",
        choices=("kiosk", "qr", "staff", "other"),
        default="other",
        help="where the rating was given (default other); staff: written down by a clerk, who gives --staff",
    )
    sub.add_argument("--staff", metavar="ID", help="with --channel staff: the clerk who wrote it down")
    sub.add_argument(
        "--notify",
        action="store_true",
        help="with a level of 2 or 1: text the resident when the call-back is scheduled",
    )
    terminal_help = "start with the profile of terminal ID in [[terminals]] of kiosk.toml (language, counter, printer)"
    sub = command("run", cmd_run, "start the resident kiosk (the default when no command is given)", json_output=False)
    sub.add_argument("--terminal", metavar="ID", help=terminal_help)
    sub = command(
        "board",
        cmd_board,
        "start the display board (calls, queues, open or closed, clock) for a wall screen",
        json_output=False,
    )
    sub.add_argument("--terminal", metavar="ID", help=terminal_help)
    sub = command(
        "serve",
        cmd_serve,
        "serve every terminal of kiosk.toml to browsers, each at /t/ID (see the README's 'Every face in a browser')",
        json_output=False,
    )
    sub.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine)")
    sub.add_argument("--port", type=int, default=8080, help="the port (default 8080)")
    sub.add_argument(
        "--index-allow",
        action="append",
        default=[],
        metavar="NET",
        help="a client address or network that may see the list of terminals at / (repeatable; the server's own"
        " machine always may)",
    )
    sub.add_argument("--font-size", type=int, default=16, help="the terminals' font size in pixels (default 16)")
    # Its --lang is the languages spoken (kiosk --lang en announce still sets the language of its messages).
    sub = commands.add_parser(
        "announce",
        help="speak each call as it is made: a chime, then the call in Chinese and English",
        description="Speak each call once, in call order, as it is made: a chime, then the call in the languages of"
        " [announce] in kiosk.toml. Calls made before it started are not spoken.",
        conflict_handler="resolve",
    )
    _global_options(sub, top=False)
    sub.add_argument("--once", action="store_true", help="speak today's latest call (or a sample) and stop")
    sub.add_argument("--player", metavar="CMD", help="the command that plays a WAV file (default [announce] player)")
    sub.add_argument(
        "--lang",
        dest="announce_langs",
        metavar="zh,en",
        help="the languages to speak, in order (default [announce] languages); put --lang before the command for"
        " the language of messages",
    )
    sub.add_argument("--terminal", metavar="ID", help="start with the profile of announcer ID in [[terminals]]")
    sub.set_defaults(handler=cmd_announce)
    sub = command("staff", cmd_staff, "start the counter console (staff sign in with id and PIN)", json_output=False)
    sub.add_argument("--counter", metavar="ID", help="fix this terminal to one counter (default: pick at sign-in)")
    sub.add_argument("--terminal", metavar="ID", help=terminal_help)
    sub = command(
        "pad",
        cmd_pad,
        "start a counter's rating pad: after each service there it asks the resident to rate it",
        json_output=False,
    )
    sub.add_argument("--counter", metavar="ID", help="the counter the pad stands at (or give --terminal)")
    sub.add_argument("--terminal", metavar="ID", help="start with the profile of pad ID in [[terminals]] (its counter)")
    sub = command("print", cmd_print, "print the slip of a ticket, appointment or request CODE again (audited)")
    sub.add_argument("code")
    sub.add_argument(
        "--terminal", metavar="ID", help="the terminal whose printer prints it (default: the only one with a printer)"
    )
    sub.add_argument("--preview", action="store_true", help="show on this terminal what would print; print nothing")
    sub.add_argument("--staff", help="staff id (recorded in the audit log)")
    command("overview", cmd_overview, "the hall now: open or closed, queues and counters")
    sub = command("check", cmd_check, "verify the config, the data file, the archive, its index and the backups")
    sub.add_argument(
        "--repair",
        action="store_true",
        help="rebuild damaged archive day files from the backups, and the index from the day files",
    )
    # Checks the data file itself: opening the hall must not read it first (nor create it).
    sub.set_defaults(check_data=False)
    command(
        "checkpoint",
        cmd_checkpoint,
        "fold the journal into the data file now (then a plain TinyDB or JSON reader of it sees every record)",
    )
    sub = command("archive", cmd_archive, "close past days and move them to the archive (run nightly)")
    sub.add_argument(
        "--force", action="store_true", help="close even when this machine's clock disagrees with the hall's last write"
    )
    sub = command("init", cmd_init, "create a new hall's data file (refused where one, its archive or backups exist)")
    sub.add_argument("--training", action="store_true", help="a training copy, where --now may set any time")
    sub.add_argument(
        "--write-config",
        metavar="PATH",
        help="instead, write the bundled starting kiosk.toml to PATH (a file, or a folder), never over "
        "an existing file; no data file is made",
    )
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
    for name, text in (
        ("staff-disable", "disable staff account ID (signs it out everywhere)"),
        ("staff-enable", "enable staff account ID again"),
    ):
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

    from kiosk.evaluations import FORMATS as EVALUATION_FORMATS
    from kiosk.export import FORMATS
    from kiosk.report import BUCKETS

    export = command(
        "export", cmd_export_appointments, "write records out for the hall's other systems", json_output=False
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", parser_class=_Parser, required=True)
    sub = kinds.add_parser(
        "appointments",
        help="every appointment of a day or range, with its status",
        description="Export every appointment of a day or a range, whatever its status, to a "
        "file with a manifest beside it.",
    )
    _export_options(sub, "tomorrow", FORMATS, "names and phone numbers masked (default) or in full")
    # Read-only: no lock is taken and the data file is neither created nor checked whole.
    sub.set_defaults(handler=cmd_export_appointments, check_data=False)
    sub = kinds.add_parser(
        "evaluations",
        help="every rating given on a day or range, as the provincial 好差评 evaluation record",
        description="Export the evaluation record (好差评) of every rating given on a day or a range, with its "
        "case and rectification, to a file with a manifest beside it.",
    )
    _export_options(sub, "yesterday", EVALUATION_FORMATS, "phone numbers masked (default) or in full")
    sub.set_defaults(handler=cmd_export_evaluations, check_data=False)
    sub = command(
        "report", cmd_report, "the hall's figures for a day or a range (queues, appointments, requests, ratings)"
    )
    _span_options(sub, "today")
    sub.add_argument(
        "--bucket",
        type=int,
        choices=BUCKETS,
        default=60,
        help="minutes per period of the waits-through-the-day chart (default 60)",
    )
    sub.set_defaults(check_data=False)
    return parser


def _setting(value: str | None, variable: str) -> str | None:
    return value if value else os.environ.get(variable) or None


def open_hall(args: argparse.Namespace) -> Hall:
    """The config, clock and data file that the options and environment name."""
    config = load_config(find_config(args.config))
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
    return Hall.open(
        config,
        clock=clock,
        data_path=str(Path(data).absolute()) if data else None,
        check=getattr(args, "check_data", True),
        create=getattr(args, "create", False),
        training=getattr(args, "training", False),
    )


#: Messages about a field that do not name it themselves (a screen shows them beside the field): the CLI says
#: which argument they are about.
_FIELD_MESSAGES = frozenset({"input.required", "input.too_long", "input.too_short", "input.bad_characters"})


#: Arguments that may span lines (their newlines and tabs are the domain's to judge), and the options whose
#: ``dest`` differs from their name.
_MULTILINE = frozenset({"description"})


_OPTION_NAMES = {"first": "from", "last": "to", "announce_langs": "lang"}

#: The positional arguments' names (``dest``), which a message shows in capitals rather than as ``--option``.
_POSITIONAL = frozenset({"service", "counter", "code", "category", "status", "state", "level", "id", "path", "grade"})


def _argument(field: str) -> str:
    """How a field is typed on the command line: ``--note``, ``--phone-last4``, ``--from``, or ``CODE``."""
    if field in _POSITIONAL:
        return field.upper()
    return "--" + _OPTION_NAMES.get(field, field).replace("_", "-")


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
        if args.version:
            sys.stdout.write(f"{PROG} {version()}\n")
            sys.stdout.flush()
            return 0
        # Screens default to the hall's language (from kiosk.toml); the CLI's messages default to English.
        args.screen_lang = args.lang or (lang if "KIOSK_LANG" in os.environ and lang in LANGUAGES else None)
        lang = args.lang or (lang if lang in LANGUAGES else "en")
        args.lang = lang
        _check_values(args)
        if getattr(args, "write_config", None):
            cmd_write_config(args)  # before any config is looked for: there may be none yet
            sys.stdout.flush()
            return 0
        hall = open_hall(args)
        handler = getattr(args, "handler", cmd_run)
        handler(hall, args)
        sys.stdout.flush()  # here, so that a closed pipe is met inside the try below
        return 0
    except UsageError as exc:
        _say(str(exc))
        return 2
    except KioskError as exc:
        if exc.field and exc.key == "input.required":
            _say(translate(lang, "cli.field_required", option=_argument(exc.field)))
        else:
            field = f"{_argument(exc.field)}: " if exc.field and exc.key in _FIELD_MESSAGES else ""
            _say(field + exc.message(lang))
        return exc.exit_status
    except KeyboardInterrupt:
        _say(translate(lang, "cli.interrupted"))
        return 130
    except BrokenPipeError:
        # The reader stopped early (``kiosk overview | head -1``): what it wanted was written, which is success.
        # Point stdout at /dev/null so that the interpreter's own flush at exit does not fail a second time.
        _quiet_stdout()
        return 0
    except OSError as exc:
        name = validation.shown(exc.filename, limit=200) if exc.filename else ""
        _say(f"{exc.strerror or exc}: {name}".rstrip(": "))
        return 2 if exc.errno == errno.ENAMETOOLONG else 1  # a path too long is bad input, not a failure
    except Exception as exc:  # a bug: still one line, never a traceback, unless KIOSK_DEBUG asks for it
        if os.environ.get("KIOSK_DEBUG"):
            raise
        _say(translate(lang, "cli.internal_error", error=f"{type(exc).__name__}: {validation.shown(exc, limit=200)}"))
        return 1


def _quiet_stdout() -> None:
    """Replace the file behind stdout with /dev/null (its buffer may still hold bytes for a closed pipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout replaced by a test, or already closed
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
