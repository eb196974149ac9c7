"""The hall at a glance and its figures: ``overview``, ``report`` and the appointments export, with their presentation (Rich tables)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from kiosk import codes, ratings
from kiosk.cli.common import _console, _emit, _minute, _progress, _safe, _span, os_user
from kiosk.config import HallConfig
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.names import name_of
from kiosk.report import APPOINTMENT_STATUSES, _share, wait_chart


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
    """Export the appointments of a day or a range to CSV, JSON Lines or iCalendar, with a manifest."""
    from kiosk import export

    first, last = _span(hall, args, default_offset=1)
    with _progress(args) as progress:
        result = export.export_appointments(
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
    _finish_export(hall, args, result, first, last, "export.done")


def cmd_export_evaluations(hall: Hall, args: argparse.Namespace) -> None:
    """Export the evaluation records (好差评) of the ratings given on a day or a range to CSV or JSON Lines, with
    a manifest (default: yesterday, a closed day)."""
    from kiosk import evaluations

    first, last = _span(hall, args, default_offset=-1)
    with _progress(args) as progress:
        result = evaluations.export_evaluations(
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
    _finish_export(hall, args, result, first, last, "figures.export_done", kind="evaluations")


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
        for renderable in renderables(_safe(figures), hall.config, args.lang):
            console.print(renderable)

    _emit(args, figures, render)


# --------------------------------------------------------------------------------------------- the report as Rich tables
# (presentation: the figures come from kiosk.report, which holds no Rich; the console draws its own)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def renderables(figures: dict[str, Any], config: HallConfig, lang: str = "en") -> list[Any]:
    """The report as Rich renderables (a title, tables, the wait chart), in ``lang``, for the CLI; a Textual
    view can show them in ``Static`` widgets or draw its own from the same figures."""
    from rich.table import Table
    from rich.text import Text

    from kiosk.i18n import translate
    from kiosk.names import name_of

    def say(key: str, **params: Any) -> str:
        return translate(lang, key, **params)

    def num(value: Any, suffix: str = "") -> str:
        return say("report.none") if value is None else f"{value}{suffix}"

    def percent(value: float | None) -> str:
        return say("report.none") if value is None else f"{value * 100:.1f}%"

    def name(kind: str, ident: str) -> str:
        return name_of(config, lang, kind, ident)

    def table(title: str, *columns: str, numeric: bool = True) -> Table:
        made = Table(title=title, title_justify="left", title_style="bold")
        for n, column in enumerate(columns):
            made.add_column(column, justify="right" if numeric and n else "left")
        return made

    span = figures["from"] if figures["from"] == figures["to"] else f"{figures['from']} – {figures['to']}"
    out: list[Any] = [
        Text(say("report.title", hall=config.name.get(lang), span=span), style="bold"),
        Text(say("report.as_of", as_of=figures["as_of"][:16].replace("T", " "))),
    ]

    counts = table(
        say("report.tickets"),
        say("report.service"),
        say("report.issued"),
        say("report.served"),
        say("report.no_show"),
        say("report.expired"),
        say("report.waiting"),
        say("report.recalls"),
        say("report.transfers"),
    )
    times = table(
        say("report.times"),
        say("report.service"),
        say("report.wait_median"),
        say("report.wait_p90"),
        say("report.service_median"),
        say("report.service_p90"),
    )
    ticket_rows: list[tuple[str, Any, dict[str, Any]]] = [
        (name("service", row["service"]), row, {}) for row in figures["tickets"]["services"]
    ]
    ticket_rows.append((say("report.total"), figures["tickets"]["total"], {"style": "bold", "end_section": True}))
    for label, row, style in ticket_rows:
        counts.add_row(
            label,
            *(str(row[k]) for k in ("issued", "served", "no_show", "expired", "waiting", "recalls", "transfers")),
            **style,
        )
        times.add_row(
            label,
            num(row["wait"]["median"]),
            num(row["wait"]["p90"]),
            num(row["service_time"]["median"]),
            num(row["service_time"]["p90"]),
            **style,
        )
    out += [counts, times]

    kinds = table("", say("report.kind"), say("report.called"), say("report.wait_median"), say("report.wait_p90"))
    for kind, waits in figures["tickets"]["by_kind"].items():
        kinds.add_row(say(f"report.kind.{kind}"), str(waits["n"]), num(waits["median"]), num(waits["p90"]))
    out.append(kinds)

    series = figures["waits_by_hour"]["series"]
    if series:
        out.append(Text(say("report.waits_chart"), style="bold"))
        out.append(Text("\n".join(wait_chart(series, width=40, unit=say("report.minutes_unit")))))

    statuses = APPOINTMENT_STATUSES
    appointments = table(
        say("report.appointments"),
        say("report.service"),
        say("report.appointments_total"),
        *(_capital(say(f"export.status.{s}")) for s in statuses),
        say("report.staggered"),
    )
    for row in figures["appointments"]["services"]:
        appointments.add_row(
            name("service", row["service"]), str(row["total"]), *(str(row[s]) for s in statuses), str(row["staggered"])
        )
    total = figures["appointments"]["total"]
    appointments.add_row(
        say("report.total"),
        str(total["total"]),
        *(str(total[s]) for s in statuses),
        str(total["staggered"]),
        style="bold",
        end_section=True,
    )
    out.append(appointments)
    out.append(Text(say("report.staggered_share", share=percent(total["staggered_share"]), total=total["total"])))

    request_table = table(
        say("report.requests"),
        say("report.category"),
        say("report.opened"),
        say("report.resolved"),
        say("report.resolved_late"),
        say("report.rejected"),
        say("report.open"),
        say("report.overdue"),
        say("report.median_resolve"),
    )

    def request_row(label: str, row: dict[str, Any], **style: Any) -> None:
        request_table.add_row(
            label,
            *(str(row[k]) for k in ("opened", "resolved", "resolved_late", "rejected", "open", "overdue")),
            num(row["median_resolve_hours"]),
            **style,
        )

    for row in figures["requests"]["categories"]:
        request_row(name("category", row["category"]), row)
    request_row(say("report.total"), figures["requests"]["total"], style="bold", end_section=True)
    out.append(request_table)

    rating_total = figures["ratings"]["total"]
    levels = table(say("report.ratings"), say("report.level"), say("report.count"), say("report.share"))
    for level in ratings.LEVELS:
        count = rating_total["levels"][str(level.value)]
        levels.add_row(
            f"{level.value} {level.zh_hans if lang == 'zh-Hans' else level.en}",
            str(count),
            percent(_share(count, rating_total["total"])),
        )
    levels.add_row(
        say("report.total"),
        str(rating_total["total"]),
        percent(1.0 if rating_total["total"] else None),
        style="bold",
        end_section=True,
    )
    out.append(levels)
    for kind, key in (("service", "services"), ("counter", "counters")):
        per = table(
            "",
            say(f"report.{kind}"),
            say("report.count"),
            say("report.average"),
            *(str(level.value) for level in ratings.LEVELS),
        )
        rows: list[tuple[str, Any, dict[str, Any]]] = [
            (name(kind, row[kind]), row, {}) for row in figures["ratings"][key]
        ]
        if kind == "service":  # every rating, those of requests included, is in the total
            rows.append((say("report.total"), rating_total, {"style": "bold", "end_section": True}))
        for label, row, style in rows:
            per.add_row(
                label,
                str(row["total"]),
                num(row["average"]),
                *(str(row["levels"][str(level.value)]) for level in ratings.LEVELS),
                **style,
            )
        out.append(per)

    out += satisfaction_renderables(figures, say, name, percent, table)

    follow = figures["follow_ups"]
    out.append(Text(say("report.follow_ups"), style="bold"))
    out.append(
        Text(
            say(
                "report.follow_up_summary",
                total=follow["total"],
                met=follow["met"],
                late=follow["late"],
                open=follow["open"],
                overdue=follow["overdue"],
            )
        )
    )
    if follow["items"]:
        items = table(
            "",
            say("report.code"),
            say("report.subject"),
            say("report.level"),
            say("report.rated_at"),
            say("report.due"),
            say("report.state"),
            numeric=False,
        )
        for item in follow["items"]:
            colour = "red" if item["within_deadline"] is False else ""
            items.add_row(
                codes.display(item["code"]),
                codes.display(item["subject"]),
                str(item["level"]),
                item["rated_at"][:16].replace("T", " "),
                (item["due_at"] or "")[:16].replace("T", " "),
                say(f"report.follow_up.{item['state']}"),
                style=colour,
            )
        out.append(items)
    return out


def satisfaction_renderables(figures: dict[str, Any], say: Any, name: Any, percent: Any, table: Any) -> list[Any]:
    """The report's satisfaction figures (好差评): the satisfaction and rating rates, then the poor ratings and
    their rectification in total, by service, by counter and by clerk."""
    from rich.text import Text

    satisfaction, rate, poor = figures["satisfaction"], figures["rating_rate"], figures["poor_ratings"]
    out: list[Any] = [
        Text(
            say(
                "figures.satisfaction",
                rate=percent(satisfaction["rate"]),
                satisfied=satisfaction["satisfied"],
                rated=satisfaction["rated"],
                upheld=satisfaction["appeals_upheld"],
            ),
            style="bold",
        ),
        Text(
            say(
                "figures.rating_rate",
                rate=percent(rate["rate"]),
                rated=rate["rated"],
                served=rate["served"],
                tickets=rate["served_detail"]["tickets"],
                requests=rate["served_detail"]["requests"],
            )
        ),
    ]
    total = poor["total"]
    out.append(Text(say("figures.poor_title"), style="bold"))
    out.append(
        Text(
            say(
                "figures.poor_summary",
                total=total["total"],
                called=total["called_back"],
                called_on_time=total["called_back_on_time"],
                missed=total["call_back_missed"],
                rectified=total["rectified"],
                rectified_on_time=total["rectified_on_time"],
                graded=total["graded"],
                ungraded=total["ungraded"],
            )
        )
    )
    grades = [grade for grade in total["grades"]]
    for kind, key in (("service", "services"), ("counter", "counters"), ("clerk", "clerks")):
        if not poor[key]:
            continue
        per = table(
            "",
            say("figures.col.clerk") if kind == "clerk" else say(f"report.{kind}"),
            say("figures.col.poor"),
            say("figures.col.called_on_time"),
            say("figures.col.rectified_on_time"),
            say("figures.col.graded"),
            *(say(f"figures.grade.{grade}") for grade in grades),
        )
        for row in poor[key]:
            if kind == "clerk":
                label = f"{row['id']} {row['name']}" if row.get("name") else row["id"]
            else:
                label = name(row["kind"], row["id"])
            per.add_row(
                label,
                str(row["total"]),
                str(row["called_back_on_time"]),
                str(row["rectified_on_time"]),
                str(row["graded"]),
                *(str(row["grades"].get(grade, 0)) for grade in grades),
            )
        out.append(per)
    return out
