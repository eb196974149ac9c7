"""The report laid out in words: which tables and lines ``kiosk report`` prints and the console's report view
shows, with their titles, columns and rows, decided once for both faces.

:func:`kiosk.report.figures` gives the numbers; :func:`blocks` turns them into :class:`Line` and :class:`Grid`
values in one language (plain data, no Rich: the domain draws nothing). Each face then draws them its own way:
the CLI as Rich tables as wide as they need (:mod:`kiosk.cli.reports`), the console as tables fitted to its
screen (:mod:`screens.console.report`). So a column or a row added to the report appears in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk import codes
from kiosk.config import HallConfig
from kiosk.i18n import terminal_cells, translate
from kiosk.names import name_of
from kiosk.ratings import LEVELS
from kiosk.report import APPOINTMENT_STATUSES, fitted_chart


@dataclass(frozen=True)
class Line:
    """A line of text: a heading (``bold``) or a summary."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Row:
    """One row of a :class:`Grid`: its cells as shown; ``total`` (drawn bold, a rule below it) or ``late`` (past
    its deadline, drawn in red)."""

    cells: tuple[str, ...]
    total: bool = False
    late: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: its title ("" for one that continues the table above), its column headers, its rows. The first
    column names the row; the others are figures, right-aligned when ``numeric``."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: bool = True


Block = Line | Grid


@dataclass(frozen=True)
class Fit:
    """How a :class:`Grid` fits a width: the most cells its first column (a name) may take, cut with "…" beyond
    that; and, when its headers do not fit on one line, the width of each figure's column (``None``: as wide as
    their headers)."""

    label: int
    figures: tuple[int, ...] | None


def fit(grid: Grid, width: int, *, label_cells: int = 20) -> Fit:
    """Fit ``grid`` to ``width`` cells with one cell between columns: figures never wrap and headers wrap only
    between words (each figure's column then as wide as its header's longest word, room for 5 digits); the name
    gets what is left, at most ``label_cells``, at least 8. The widest table (tickets: eight figures a row) fits 80
    columns in either language."""
    figures = grid.columns[1:]
    tight = label_cells + sum(terminal_cells(column) + 1 for column in figures) > width
    widths = [
        max(5, *(terminal_cells(word) for word in column.split())) if tight else terminal_cells(column)
        for column in figures
    ]
    room = width - sum(widths) - len(widths)
    return Fit(label=max(8, min(label_cells, room)), figures=tuple(widths) if tight else None)


def heading(figures: dict[str, Any], config: HallConfig, lang: str) -> tuple[str, str]:
    """The report's title (the hall and the span) and its "as of" line."""
    span = figures["from"] if figures["from"] == figures["to"] else f"{figures['from']} – {figures['to']}"
    return (
        translate(lang, "report.title", hall=config.name.get(lang), span=span),
        translate(lang, "report.as_of", as_of=figures["as_of"][:16].replace("T", " ")),
    )


def blocks(
    figures: dict[str, Any], config: HallConfig, lang: str, *, chart_room: int | None = None, graded: bool = True
) -> list[Block]:
    """The report's tables and lines in ``lang``: tickets and their times, waits by kind, (with ``chart_room``,
    the waits through the day as bars fitted to that many cells), appointments, requests, ratings by level, service and counter,
    satisfaction and the poor ratings' cases (with a column of graded cases when ``graded``), and follow-ups."""
    words = _Words(config, lang)
    out: list[Block] = []
    out += _tickets(figures, words)
    series = figures["waits_by_hour"]["series"]
    if chart_room is not None and series:
        out.append(Line(words.say("report.waits_chart"), bold=True))
        out.append(Line("\n".join(fitted_chart(series, chart_room, unit=words.say("report.minutes_unit")))))
    out += _appointments(figures, words)
    out.append(_requests(figures, words))
    out += _ratings(figures, words)
    out += _satisfaction(figures, words, graded=graded)
    out += _follow_ups(figures, words)
    return out


class _Words:
    """How the report says things in one language: messages, figures, shares and names."""

    def __init__(self, config: HallConfig, lang: str) -> None:
        self.config = config
        self.lang = lang

    def say(self, key: str, **params: Any) -> str:
        return translate(self.lang, key, **params)

    def num(self, value: Any) -> str:
        """A figure, or the word for none."""
        return self.say("report.none") if value is None else f"{value}"

    def percent(self, value: float | None) -> str:
        """A share as a percentage to one place, or the word for none."""
        return self.say("report.none") if value is None else f"{value * 100:.1f}%"

    def name(self, kind: str, ident: str) -> str:
        """A service's, counter's or category's name."""
        return name_of(self.config, self.lang, kind, ident)


def _total_row(label: str, cells: list[str]) -> Row:
    return Row((label, *cells), total=True)


def _tickets(figures: dict[str, Any], w: _Words) -> list[Block]:
    counted = ("issued", "served", "no_show", "expired", "waiting", "recalls", "transfers")
    rows: list[tuple[str, Any, bool]] = [
        (w.name("service", row["service"]), row, False) for row in figures["tickets"]["services"]
    ]
    rows.append((w.say("report.total"), figures["tickets"]["total"], True))
    counts = Grid(
        w.say("report.tickets"),
        (w.say("report.service"), *(w.say(f"report.{key}") for key in counted)),
        tuple(Row((label, *(str(row[k]) for k in counted)), total=total) for label, row, total in rows),
    )
    times = Grid(
        w.say("report.times"),
        tuple(
            w.say(key)
            for key in (
                "report.service",
                "report.wait_median",
                "report.wait_p90",
                "report.service_median",
                "report.service_p90",
            )
        ),
        tuple(
            Row(
                (
                    label,
                    w.num(row["wait"]["median"]),
                    w.num(row["wait"]["p90"]),
                    w.num(row["service_time"]["median"]),
                    w.num(row["service_time"]["p90"]),
                ),
                total=total,
            )
            for label, row, total in rows
        ),
    )
    kinds = Grid(
        "",
        (w.say("report.kind"), w.say("report.called"), w.say("report.wait_median"), w.say("report.wait_p90")),
        tuple(
            Row((w.say(f"report.kind.{kind}"), str(waits["n"]), w.num(waits["median"]), w.num(waits["p90"])))
            for kind, waits in figures["tickets"]["by_kind"].items()
        ),
    )
    return [counts, times, kinds]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _appointments(figures: dict[str, Any], w: _Words) -> list[Block]:
    statuses = APPOINTMENT_STATUSES
    total = figures["appointments"]["total"]

    def cells(row: dict[str, Any]) -> list[str]:
        return [str(row["total"]), *(str(row[s]) for s in statuses), str(row["staggered"])]

    grid = Grid(
        w.say("report.appointments"),
        (
            w.say("report.service"),
            w.say("report.appointments_total"),
            *(_capital(w.say(f"export.status.{s}")) for s in statuses),
            w.say("report.staggered"),
        ),
        (
            *(Row((w.name("service", row["service"]), *cells(row))) for row in figures["appointments"]["services"]),
            _total_row(w.say("report.total"), cells(total)),
        ),
    )
    share = w.say("report.staggered_share", share=w.percent(total["staggered_share"]), total=total["total"])
    return [grid, Line(share)]


def _requests(figures: dict[str, Any], w: _Words) -> Grid:
    counted = ("opened", "resolved", "resolved_late", "rejected", "open", "overdue")

    def cells(row: dict[str, Any]) -> list[str]:
        return [*(str(row[k]) for k in counted), w.num(row["median_resolve_hours"])]

    return Grid(
        w.say("report.requests"),
        (w.say("report.category"), *(w.say(f"report.{k}") for k in counted), w.say("report.median_resolve")),
        (
            *(Row((w.name("category", row["category"]), *cells(row))) for row in figures["requests"]["categories"]),
            _total_row(w.say("report.total"), cells(figures["requests"]["total"])),
        ),
    )


def _ratings(figures: dict[str, Any], w: _Words) -> list[Block]:
    total = figures["ratings"]["total"]

    def share(count: int) -> str:
        return w.percent(count / total["total"] if total["total"] else None)

    levels = Grid(
        w.say("report.ratings"),
        (w.say("report.level"), w.say("report.count"), w.say("report.share")),
        (
            *(
                Row(
                    (
                        f"{level.value} {level.zh_hans if w.lang == 'zh-Hans' else level.en}",
                        str(total["levels"][str(level.value)]),
                        share(total["levels"][str(level.value)]),
                    )
                )
                for level in LEVELS
            ),
            _total_row(w.say("report.total"), [str(total["total"]), w.percent(1.0 if total["total"] else None)]),
        ),
    )
    out: list[Block] = [levels]

    def cells(row: dict[str, Any]) -> list[str]:
        return [str(row["total"]), w.num(row["average"]), *(str(row["levels"][str(level.value)]) for level in LEVELS)]

    for kind, key in (("service", "services"), ("counter", "counters")):
        rows = [Row((w.name(kind, row[kind]), *cells(row))) for row in figures["ratings"][key]]
        if kind == "service":  # every rating, those of requests included, is in the total
            rows.append(_total_row(w.say("report.total"), cells(total)))
        out.append(
            Grid(
                "",
                (
                    w.say(f"report.{kind}"),
                    w.say("report.count"),
                    w.say("report.average"),
                    *(str(level.value) for level in LEVELS),
                ),
                tuple(rows),
            )
        )
    return out


def _satisfaction(figures: dict[str, Any], w: _Words, *, graded: bool) -> list[Block]:
    """The satisfaction figures (好差评): the satisfaction and rating rates, then the poor ratings and their cases
    in total, by service, by counter and by clerk."""
    satisfaction, rate, poor = figures["satisfaction"], figures["rating_rate"], figures["poor_ratings"]
    total = poor["total"]
    out: list[Block] = [
        Line(
            w.say(
                "figures.satisfaction",
                rate=w.percent(satisfaction["rate"]),
                satisfied=satisfaction["satisfied"],
                rated=satisfaction["rated"],
                upheld=satisfaction["appeals_upheld"],
            ),
            bold=True,
        ),
        Line(
            w.say(
                "figures.rating_rate",
                rate=w.percent(rate["rate"]),
                rated=rate["rated"],
                served=rate["served"],
                tickets=rate["served_detail"]["tickets"],
                requests=rate["served_detail"]["requests"],
            )
        ),
        Line(w.say("figures.poor_title"), bold=True),
        Line(
            w.say(
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
        ),
    ]
    grades = list(total["grades"])
    counted = ["total", "called_back_on_time", "rectified_on_time", *(["graded"] if graded else [])]
    headers = ["figures.col.poor", "figures.col.called_on_time", "figures.col.rectified_on_time"]
    headers += ["figures.col.graded"] if graded else []
    for kind, key in (("service", "services"), ("counter", "counters"), ("clerk", "clerks")):
        if not poor[key]:
            continue
        rows = []
        for row in poor[key]:
            if kind == "clerk":
                label = f"{row['id']} {row['name']}" if row.get("name") else row["id"]
            else:
                label = w.name(row["kind"], row["id"])
            rows.append(
                Row((label, *(str(row[k]) for k in counted), *(str(row["grades"].get(grade, 0)) for grade in grades)))
            )
        out.append(
            Grid(
                "",
                (
                    w.say("figures.col.clerk") if kind == "clerk" else w.say(f"report.{kind}"),
                    *(w.say(h) for h in headers),
                    *(w.say(f"figures.grade.{grade}") for grade in grades),
                ),
                tuple(rows),
            )
        )
    return out


def _follow_ups(figures: dict[str, Any], w: _Words) -> list[Block]:
    follow = figures["follow_ups"]
    out: list[Block] = [
        Line(w.say("report.follow_ups"), bold=True),
        Line(
            w.say(
                "report.follow_up_summary",
                total=follow["total"],
                met=follow["met"],
                late=follow["late"],
                open=follow["open"],
                overdue=follow["overdue"],
            )
        ),
    ]
    if follow["items"]:
        out.append(
            Grid(
                "",
                tuple(w.say(f"report.{key}") for key in ("code", "subject", "level", "rated_at", "due", "state")),
                tuple(
                    Row(
                        (
                            codes.display(item["code"]),
                            codes.display(item["subject"]),
                            str(item["level"]),
                            item["rated_at"][:16].replace("T", " "),
                            (item["due_at"] or "")[:16].replace("T", " "),
                            w.say(f"report.follow_up.{item['state']}"),
                        ),
                        late=item["within_deadline"] is False,
                    )
                    for item in follow["items"]
                ),
                numeric=False,
            )
        )
    return out
