"""What every command shares: the one-line errors and their parser, output (one JSON object or text made safe for a terminal), day options, and who is acting (the operating-system user, ``--staff``)."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, NoReturn

from kiosk import codes, validation
from kiosk.config import LANGUAGES, HallConfig
from kiosk.errors import InvalidInput
from kiosk.export import COLUMNS
from kiosk.hall import Hall
from kiosk.i18n import terminal_cells, translate
from kiosk.names import name_of
from kiosk.ui_contract import session_start

PROG = "kiosk"


class UsageError(Exception):
    """A command line that does not parse: exit status 2, one line on stderr."""


#: A Python string literal as argparse's messages quote a value (``invalid choice: 'x'``).
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'" r'|"(?:[^"\\]|\\.)*"')


def add_step(
    steps: Any, options: Callable[[argparse.ArgumentParser], None], name: str, handler: Any, help_text: str
) -> argparse.ArgumentParser:
    """One step of a command group (``kiosk case assign``, ``kiosk notify run``) on the group's ``steps``
    sub-parsers: the global options (``options``), ``--json``, and its handler."""
    sub: argparse.ArgumentParser = steps.add_parser(name, help=help_text, description=help_text)
    options(sub)
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    sub.set_defaults(handler=handler)
    return sub


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
        pieces += [plain(message[start : match.start()]), requote(match)]
        start = match.end()
    return "".join(pieces + [plain(message[start:])])


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line instead of usage plus a message, quoting what was
    typed on that line only (escaped and cut short)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{_one_line(message)} (see '{self.prog} --help')")

    def parse_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> argparse.Namespace:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:  # argparse would print them as typed
            shown = ", ".join(validation.quote(arg) for arg in extra[:3]) + (", …" if len(extra) > 3 else "")
            raise UsageError(f"unrecognized arguments: {shown} (see '{self.prog} --help')")
        return parsed


#: What JSON leaves as it is but a terminal may act on: C1 controls, line separators, bidi marks and overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _emit(args: argparse.Namespace, data: Mapping[str, Any], text: str | Callable[[], None]) -> None:
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


# ------------------------------------------------------------------------------------------ the JSON shapes
# One shape per record kind, whichever command prints it (README, "What --json prints"): codes as on the slip
# (``AQ46-WYFT``, which every command also takes back), days as ``date``, an appointment's times as ``HH:MM`` in
# hall time beside its ``date`` (the export's row: :func:`kiosk.export.appointment_rows`), ids beside their names
# in the ``--lang`` language.

#: The fields of each record kind in ``--json`` (a test checks every command against these).
TICKET_FIELDS = (
    "code",
    "number",
    "date",
    "service",
    "service_name",
    "status",
    "status_name",
    "kind",
    "priority",
    "issued_at",
    "wait_min",
    "wait_max",
    "wait_unknown",
    "counters_open_at",
    "session_start",
    "counter",
)
#: An appointment is the export's row (one shape for the CLI and the files the hall's other systems read).
APPOINTMENT_FIELDS = COLUMNS
REQUEST_FIELDS = (
    "code",
    "category",
    "category_name",
    "status",
    "status_name",
    "submitted_at",
    "due_at",
    "assignee",
    "phone",
)
RATING_FIELDS = ("subject", "level", "label", "at", "follow_up", "call_back")


def _slip(code: str | None) -> str | None:
    """A stored code as printed on a slip (``AQ46-WYFT``); None stays None."""
    return codes.display(code) if code else None


def _ticket_json(ticket: Mapping[str, Any], config: HallConfig, lang: str) -> dict[str, Any]:
    """A ticket as every command prints it (:data:`TICKET_FIELDS`)."""
    return {
        "code": _slip(ticket["code"]),
        "number": ticket["number"],
        "date": ticket["day"],
        "service": ticket["service"],
        "service_name": name_of(config, lang, "service", ticket["service"]),
        "status": ticket["status"],
        "status_name": translate(lang, f"term.{ticket['status']}"),
        "kind": ticket["kind"],
        "priority": ticket["priority"],
        "issued_at": ticket["issued_at"],
        "wait_min": ticket.get("wait_min"),
        "wait_max": ticket.get("wait_max"),
        "session_start": (lambda opens: opens.strftime("%H:%M") if opens else None)(session_start(ticket)),
        "wait_unknown": ticket.get("wait_unknown"),
        "counters_open_at": ticket.get("counters_open_at"),
        "counter": ticket.get("counter"),
    }


def _wait(lang: str, record: Mapping[str, Any]) -> str:
    """A ticket's or a service's estimated wait in words: "estimated wait 5-10 min", or "estimated wait
    unknown: counters open at 2026-11-24 08:30" when no counter calling it is open (the domain's
    ``wait_unknown``)."""
    reason = record.get("wait_unknown")
    if not reason:
        return translate(lang, "cli.wait", low=record.get("wait_min"), high=record.get("wait_max"))
    opens_at = record.get("counters_open_at")
    if opens_at:  # between sessions: the counters open with the next one
        why = translate(lang, "wait.counters_closed_at", when=_minute(opens_at))
    else:
        why = translate(lang, f"wait.{reason}")
    return translate(lang, "cli.wait_unknown", why=why)


def _staff(hall: Hall, args: argparse.Namespace) -> str | None:
    """The ``--staff`` given, checked against the staff accounts: from the command line an action is recorded
    in the audit log under an id only when that id is an active account (``kiosk staff-add``)."""
    if not getattr(args, "staff", None):
        return None
    return hall.staff_member(args.staff)["id"]


def _appointment_json(appointment: Mapping[str, Any], config: HallConfig, lang: str) -> dict[str, Any]:
    """An appointment as every command prints it: the export's row, name and phone masked
    (:data:`APPOINTMENT_FIELDS`)."""
    from kiosk.export import appointment_rows

    return appointment_rows([dict(appointment)], config, contact="masked", lang=lang)[0]


def _request_json(record: Mapping[str, Any], config: HallConfig, lang: str) -> dict[str, Any]:
    """A service request as every command prints it, phone masked (:data:`REQUEST_FIELDS`)."""
    return {
        "code": _slip(record["code"]),
        "category": record["category"],
        "category_name": name_of(config, lang, "category", record["category"]),
        "status": record["status"],
        "status_name": translate(lang, f"term.{record['status']}"),
        "submitted_at": record["submitted_at"],
        "due_at": record["due_at"],
        "assignee": record.get("assignee"),
        "phone": validation.mask_phone(record.get("phone")),
    }


def _rating_json(rating: Mapping[str, Any]) -> dict[str, Any]:
    """A rating as ``rate`` prints it (:data:`RATING_FIELDS`)."""
    return {
        "subject": _slip(rating["subject"]),
        "level": rating["level"],
        "label": rating["label"],
        "at": rating["at"],
        "follow_up": _slip(rating["follow_up"]),
        "call_back": rating.get("call_back"),
    }


def version() -> str:
    """This Hall Kiosk's version, as installed (``unknown`` when run from a source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("hall-kiosk")
    except PackageNotFoundError:
        return "unknown"


def os_user() -> str:
    """The operating-system user running this command, as the audit log records admin actions."""
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"uid {os.geteuid()}"


def _columns(rows: list[list[str]]) -> str:
    """Rows as left-aligned columns (CJK characters count double, as terminals show them), every cell made safe
    to print (:func:`_safe`: a staff name or an audit detail is shown, never acted on by the terminal)."""
    rows = _safe(rows)
    widths = [max(terminal_cells(row[n]) for row in rows) for n in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell + " " * (widths[n] - terminal_cells(cell)) for n, cell in enumerate(row)).rstrip()
        for row in rows
    )


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

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bar:
        task = bar.add_task(translate(args.lang, "export.progress"), total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _span_options(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--date", metavar="D", help=f"YYYY-MM-DD, today, tomorrow or yesterday (default {default})")
    parser.add_argument("--from", dest="first", metavar="D", help="first day of a range (with --to)")
    parser.add_argument("--to", dest="last", metavar="D", help="last day of a range, inclusive (with --from)")


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before or after the command; after it they override (hence SUPPRESS there)."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", default=default, metavar="PATH", help="kiosk.toml to use")
    parser.add_argument("--data", default=default, metavar="PATH", help="data file to use")
    parser.add_argument(
        "--now", default=default, metavar="ISO-TIME", help="start the clock at this instant, e.g. 2026-11-23T09:15"
    )
    parser.add_argument("--lang", default=default, choices=LANGUAGES, help="language of messages")


def _export_options(parser: argparse.ArgumentParser, default_day: str, formats: Sequence[str], contact: str) -> None:
    """The options every ``kiosk export`` kind takes: the common ones, the span (``default_day`` when none is
    given), the format (one of ``formats``), where to write, contact details masked or in full (``contact``: its
    help), the byte-order mark, replacing a foreign file, and what to print."""
    from kiosk.export import CONTACT_MODES

    _global_options(parser, top=False)
    _span_options(parser, default_day)
    parser.add_argument("--format", choices=formats, default="csv", help="default csv")
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="a file, or a folder (ending in /) where a dated name is chosen; default the current folder",
    )
    parser.add_argument("--contact", choices=CONTACT_MODES, default="masked", help=contact)
    parser.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark, for machines")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file that is not one of our exports (never the data file, its lock, "
        "backups or archive)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing on success (for cron)")
    parser.add_argument("--json", action="store_true", help="print the manifest and paths as one JSON object")


def _counts(lang: str, counts: dict[str, int]) -> str:
    """``{"tickets": 1, "calls": 2}`` as people read it, in ``lang``: ``2 calls, 1 ticket`` (``nothing`` when
    empty)."""
    from kiosk.i18n import CATALOG

    def table(name: str, n: int) -> str:
        key = f"cli.table.{name}.one" if n == 1 and f"cli.table.{name}.one" in CATALOG["en"] else f"cli.table.{name}"
        return translate(lang, key) if key in CATALOG["en"] else name

    return ", ".join(f"{n} {table(t, n)}" for t, n in sorted(counts.items())) or translate(lang, "cli.nothing")


def _console() -> Any:
    """A Rich console on stdout for the tables, which reports a closed pipe (``kiosk overview | head -1``) as
    :class:`BrokenPipeError`, so that :func:`kiosk.cli.main` ends with status 0 as for every other command; Rich
    itself would exit with status 1."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _PipeConsole()
