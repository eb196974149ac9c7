"""The hall at a glance and its figures: ``overview``, ``report`` and the appointments export, with their presentation (Rich tables)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any

from kiosk import report_layout as layout
from kiosk.cli.common import _console, _emit, _minute, _progress, _safe, _span, os_user
from kiosk.config import HallConfig
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.names import name_of

#: Widest a name in the report's tables may be (the longest service's, "Social security & medical insurance"):
#: narrower only when the terminal leaves less room.
LABEL_CELLS = 36


def cmd_overview(hall: Hall, args: argparse.Namespace) -> None:
    """The hall now: open or closed, queues and counters (the status view)."""
    overview = hall.overview()
    _emit(args, overview, lambda: _render_overview(hall, _safe(overview), args.lang))


def _render_overview(hall: Hall, overview: Mapping[str, Any], lang: str) -> None:
    from rich.table import Table

    def say(key: str, **params: Any) -> str:
        return translate(lang, key, **params)

    def when(period: Mapping[str, Any] | None) -> str:
        return _minute(period["start"]) if period else say("view.none")

    console = _console()
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
    table = Table(
        say("view.service"), say("view.waiting"), say("view.longest"), say("view.estimate"), say("view.numbers")
    )
    for service in overview["services"]:
        estimate = "-"
        if overview["walk_in"]:
            estimate = (
                say(f"wait.{service['wait_unknown']}")
                if service["wait_unknown"]
                else say("view.range", low=service["wait_min"], high=service["wait_max"])
            )
        table.add_row(
            name_of(config, lang, "service", service["id"]),
            str(service["waiting"]),
            say("view.minutes", n=service["longest_wait_min"]),
            estimate,
            " ".join(service["next"]),
        )
    console.print(table)
    counters = Table(say("view.counter"), say("view.state"), say("view.serving"))
    for counter in overview["counters"]:
        counters.add_row(
            name_of(config, lang, "counter", counter["id"]), say(f"term.{counter['state']}"), counter["serving"] or ""
        )
    console.print(counters)
    faults = overview.get("device_faults") or []
    if faults:
        console.print(f"[bold red]{_safe(say('print.overview_faults'))}[/bold red]")
        for fault in faults:
            line = say(
                "print.console_fault",
                terminal=fault["terminal"],
                reason=say(f"print.fault.{fault['reason']}"),
                time=_minute(fault["since"]),
            )
            console.print(f"  {_safe(line)}", markup=False)


def cmd_export_appointments(hall: Hall, args: argparse.Namespace) -> None:
    """Export the appointments of a day or a range to CSV, JSON Lines or iCalendar, with a manifest (default:
    tomorrow)."""
    from kiosk import export

    _export(hall, args, export.export_appointments, default_offset=1, done_key="export.done")


def cmd_export_evaluations(hall: Hall, args: argparse.Namespace) -> None:
    """Export the evaluation records (好差评) of the ratings given on a day or a range to CSV or JSON Lines, with
    a manifest (default: yesterday, a closed day)."""
    from kiosk import evaluations

    _export(
        hall,
        args,
        evaluations.export_evaluations,
        default_offset=-1,
        done_key="figures.export_done",
        kind="evaluations",
    )


def _export(
    hall: Hall,
    args: argparse.Namespace,
    run: Callable[..., Any],
    *,
    default_offset: int,
    done_key: str,
    kind: str | None = None,
) -> None:
    """Run an export (``run``) over the span the arguments give (``default_offset`` days from today when they
    give none) with their options, then audit it and say where it went (:func:`_finish_export`)."""
    first, last = _span(hall, args, default_offset=default_offset)
    with _progress(args) as progress:
        result = run(
            hall,
            first,
            last,
            fmt=args.format,
            out=args.out,
            contact=args.contact,
            bom=not args.no_bom,
            lang=args.lang,
            progress=progress,
            force=args.force,
        )
    _finish_export(hall, args, result, first, last, done_key, kind=kind)


def _finish_export(
    hall: Hall, args: argparse.Namespace, result: Any, first: Any, last: Any, done_key: str, *, kind: str | None = None
) -> None:
    """Audit an export with contact details in full (removing it if that cannot be logged), then say where it
    went."""
    if args.contact == "full":
        # Names and phones in full leave the hall's files: who took them, and which, goes in the audit log. An
        # export that cannot be logged is not left behind.
        detail = {
            "path": str(result.path),
            "rows": result.manifest["rows"],
            "first": first.isoformat(),
            "last": last.isoformat(),
            "contact": "full",
        }
        if kind:
            detail["export"] = kind
        try:
            hall.log_export(os_user=os_user(), detail=detail)
        except BaseException:
            result.path.unlink(missing_ok=True)
            result.manifest_path.unlink(missing_ok=True)
            raise
    if args.quiet and not args.json:
        return
    span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    _emit(
        args,
        dict(result.manifest, path=str(result.path), manifest_path=str(result.manifest_path)),
        translate(args.lang, done_key, rows=result.manifest["rows"], span=span, path=str(result.path)),
    )


def cmd_report(hall: Hall, args: argparse.Namespace) -> None:
    """The hall's figures for a day or a range: Rich tables, or one JSON object with ``--json``."""
    from kiosk import report

    first, last = _span(hall, args, default_offset=0)
    with _progress(args) as progress:
        figures = report.build(hall, first, last, bucket_minutes=args.bucket, progress=progress)

    def render() -> None:
        console = _console()
        for renderable in renderables(_safe(figures), hall.config, args.lang, width=console.width):
            console.print(renderable)

    _emit(args, figures, render)


# --------------------------------------------------------------------------------------------- the report as Rich tables
# (presentation: the figures come from kiosk.report and their layout from kiosk.report_layout, which hold no Rich)


def renderables(figures: dict[str, Any], config: HallConfig, lang: str = "en", width: int = 120) -> list[Any]:
    """The report as Rich renderables, in ``lang``, for the CLI: its title, then the tables and lines that
    :func:`kiosk.report_layout.blocks` lays out (the console's report view shows the same), each table fitted to
    ``width`` cells as the console fits its own (:func:`kiosk.report_layout.fit`), with the waits through the day
    as bars at most 40 cells wide (:func:`kiosk.report.fitted_chart`)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def table(grid: layout.Grid) -> Table:
        made = Table(
            title=grid.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,  # one space between columns: eight figures a row fit 80 columns
            padding=(0, 0),
            pad_edge=False,
            show_edge=False,
        )
        fitted = layout.fit(grid, width, label_cells=LABEL_CELLS)
        for n, column in enumerate(grid.columns):
            if n == 0:
                made.add_column(column, no_wrap=True, overflow="ellipsis", max_width=fitted.label)
            else:
                made.add_column(
                    column,
                    justify="right" if grid.numeric else "left",
                    width=fitted.figures[n - 1] if fitted.figures else None,
                )
        for row in grid.rows:
            made.add_row(*row.cells, style="bold" if row.total else "red" if row.late else None, end_section=row.total)
        return made

    title, as_of = layout.heading(figures, config, lang)
    out: list[Any] = [Text(title, style="bold"), Text(as_of)]
    for block in layout.blocks(figures, config, lang, chart_room=width):
        if isinstance(block, layout.Grid):
            if block.title:
                out.append(Text(""))  # a blank line before each titled table: the tables have no frame
            out.append(table(block))
        else:
            if block.bold:
                out.append(Text(""))
            out.append(Text(block.text, style="bold" if block.bold else ""))
    return out
