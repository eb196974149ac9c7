"""The manager's figures at the counter console: the same figures as ``kiosk report`` (both come from
:meth:`kiosk.hall.Hall.report`), drawn here as the command line draws them, with the chart of waits through the
day first, as wide as the screen allows.

``d``: today, the last 7 days, the last 30 or yesterday; ``b``: 60, 30 or 15 minutes per bar; ``m``: median or
90th percentile waits. Reading a month of history takes a moment: it runs in a worker. A report left open does not
rerun on every commit: only on a change to a table it reads (:data:`kiosk.ui_contract.REPORT_TABLES`), at most once
per :attr:`ReportScreen.REFRESH_SECONDS` and once per ten times what the last read took
(:attr:`screens.live.LiveScreen.COST_FACTOR`); a report of closed days only (yesterday) depends on no commit of
today, and reruns only when the day turns.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.records import StaffSession
from kiosk.ui_contract import APPOINTMENT_STATUSES, LEVELS, REPORT_TABLES, display_code, name_of, wait_chart
from screens.console.base import ConsoleScreen
from screens.widgets import Say, binding

#: The spans ``d`` cycles through: (days, days before today the span ends): today, the last 7 and 30 days, and
#: yesterday (a closed day).
SPANS = ((1, 0), (7, 0), (30, 0), (1, 1))
#: Bucket sizes ``b`` cycles through, in minutes.
BUCKETS = (60, 30, 15)
#: Columns the chart keeps for the time, the figure and the count beside its bars.
CHART_MARGIN = 26
#: Widest first column of the report's tables (a service's or category's name), in terminal cells.
LABEL_CELLS = 20


class ReportScreen(ConsoleScreen):
    """The report for today (or the last 7 or 30 days), chart first."""

    VIEW = "report"
    BINDINGS = [
        binding("d", "span", "key.console.days"),
        binding("b", "bucket", "key.console.bucket"),
        binding("m", "measure", "key.console.measure"),
    ]

    #: A report that includes today reruns after commits elsewhere at most this often (its figures are a
    #: manager's overview, not a live queue).
    REFRESH_SECONDS = 30.0

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        self.days, self.ends_before = SPANS[0]
        #: The day the figures shown were read on (None before the first read).
        self.read_on: date | None = None
        self.bucket = BUCKETS[0]
        self.measure = "median"

    def compose_body(self) -> ComposeResult:
        """The chart, then the tables, scrolling."""
        with VerticalScroll(id="report-body", can_focus=True):
            yield Say(self._chart_words, id="report-chart")
            yield Say(self._table_words, id="report-tables")

    def on_mount(self) -> None:
        """Scroll by keyboard at once."""
        self.query_one("#report-body").focus()

    def read(self) -> dict[str, Any]:
        """The figures of the span (history read lock-free)."""
        last = self.hall.now().date() - timedelta(days=self.ends_before)
        return self.hall.report(last - timedelta(days=self.days - 1), last, bucket_minutes=self.bucket)

    # -- when to read again

    def reads(self) -> frozenset[str] | None:
        """The report's tables while the span includes today; nothing a commit today writes for closed days."""
        return frozenset(REPORT_TABLES) if self.ends_before == 0 else frozenset()

    def follows_clock(self) -> bool:
        """A span with today follows the clock ("as of", waits so far); closed days follow only the day's turn."""
        return self.ends_before == 0 or self.read_on != self.hall.now().date()

    def action_span(self) -> None:
        """Today, the last 7 days, the last 30, yesterday."""
        self.days, self.ends_before = SPANS[(SPANS.index((self.days, self.ends_before)) + 1) % len(SPANS)]
        self._read_again()

    def action_bucket(self) -> None:
        """60, 30 or 15 minutes per bar."""
        self.bucket = BUCKETS[(BUCKETS.index(self.bucket) + 1) % len(BUCKETS)]
        self._read_again()

    def _read_again(self) -> None:
        """Other days or bars: a month takes a moment to read, so say so until it is shown."""
        self.notice("ui.one_moment")
        self.reload()

    def show(self, data: dict[str, Any]) -> None:
        """Fresh figures (and no more "one moment")."""
        self.read_on = date.fromisoformat(data["to"]) + timedelta(days=self.ends_before)
        self.notice(None)
        super().show(data)

    def action_measure(self) -> None:
        """Median or 90th-percentile waits in the chart."""
        self.measure = "p90" if self.measure == "median" else "median"
        self.query_one("#report-chart", Say).retranslate()

    def _chart_words(self, app: Any) -> RenderableType:
        figures = self.data
        if figures is None:
            return app.t("ui.one_moment")
        span = figures["from"] if figures["from"] == figures["to"] else f"{figures['from']} – {figures['to']}"
        title = Text(app.t("report.title", hall=app.word(app.config.name), span=span), style="bold")
        title.append("\n" + app.t("report.as_of", as_of=figures["as_of"][:16].replace("T", " ")), style="dim")
        heading = Text(
            app.t("console.rep.chart", measure=app.t(f"console.rep.{self.measure}"), bucket=self.bucket), style="bold"
        )
        series = figures["waits_by_hour"]["series"]
        width = max(10, min(60, self.size.width - CHART_MARGIN))
        if any(entry["called"] for entry in series):
            chart = Text(
                "\n".join(wait_chart(series, width=width, value=self.measure, unit=app.t("report.minutes_unit")))
            )
        else:
            chart = Text(app.t("console.rep.no_calls"), style="dim")
        return Group(title, Text(""), heading, chart, Text(""))

    def _table_words(self, app: Any) -> RenderableType:
        figures = self.data
        if figures is None:
            return ""
        # The title, "as of" and the chart are drawn above (the chart at the screen's width).
        # The width inside the scrolling body once its scrollbar shows (a padding column and two for the bar).
        return Group(*figure_tables(app, figures, width=self.size.width - 4))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def figure_tables(app: Any, figures: dict[str, Any], width: int = 76) -> list[RenderableType]:
    """The report's tables, in the app's language, as ``kiosk report`` prints them: tickets, times, waits by
    kind, appointments, requests, ratings (by level, service and counter), follow-ups; each fitted to ``width``
    cells."""
    say = app.t

    def num(value: Any) -> str:
        return say("report.none") if value is None else f"{value}"

    def percent(value: float | None) -> str:
        return say("report.none") if value is None else f"{value * 100:.1f}%"

    def name(kind: str, ident: str) -> str:
        return name_of(app.config, app.lang, kind, ident)

    def table(title: str, *columns: str, numeric: bool = True) -> Table:
        # Light rules and one space between columns, so that the widest table (tickets: eight figures a row)
        # fits 80 columns in either language: figures never wrap, headers may take two lines, and the first
        # column (a service's or category's name) is cut with "…" rather than wrapped over several lines.
        made = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,  # its column divider is a space: no padding needed
            padding=(0, 0),
            pad_edge=False,
            show_edge=False,
        )
        # When the headers do not fit on one line, each figure's column is as narrow as its header's longest word
        # (the header wraps between words, never inside one; room for 5 digits); the name gets what is left, up
        # to LABEL_CELLS.
        figures_ = columns[1:]
        tight = LABEL_CELLS + sum(cell_len(c) + 1 for c in figures_) > width
        widths = [
            max(5, *(cell_len(word) for word in column.split())) if tight else cell_len(column) for column in figures_
        ]
        room = width - sum(widths) - len(widths)
        for n, column in enumerate(columns):
            if n == 0:
                made.add_column(column, no_wrap=True, overflow="ellipsis", max_width=max(8, min(LABEL_CELLS, room)))
            elif tight:
                made.add_column(column, justify="right" if numeric else "left", width=widths[n - 1])
            else:
                made.add_column(column, justify="right" if numeric else "left")
        return made

    out: list[RenderableType] = []
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
    for level in LEVELS:
        count = rating_total["levels"][str(level.value)]
        levels.add_row(
            f"{level.value} {level.zh_hans if app.lang == 'zh-Hans' else level.en}",
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
            *(str(level.value) for level in LEVELS),
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
                *(str(row["levels"][str(level.value)]) for level in LEVELS),
                **style,
            )
        out.append(per)

    out += _satisfaction_tables(figures, say, name, percent, table)

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
                display_code(item["code"]),
                display_code(item["subject"]),
                str(item["level"]),
                item["rated_at"][:16].replace("T", " "),
                (item["due_at"] or "")[:16].replace("T", " "),
                say(f"report.follow_up.{item['state']}"),
                style=colour,
            )
        out.append(items)
    return out


def _satisfaction_tables(
    figures: dict[str, Any], say: Any, name: Any, percent: Any, table: Any
) -> list[RenderableType]:
    """The satisfaction figures (好差评): the satisfaction and rating rates, and the poor ratings with their cases in
    total and by service, counter and clerk (what ``kiosk report`` prints, in this view's tables)."""
    satisfaction, rate, poor = figures["satisfaction"], figures["rating_rate"], figures["poor_ratings"]
    total = poor["total"]
    out: list[RenderableType] = [
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
        Text(say("figures.poor_title"), style="bold"),
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
        ),
    ]
    grades = list(total["grades"])
    for kind, key in (("service", "services"), ("counter", "counters"), ("clerk", "clerks")):
        if not poor[key]:
            continue
        per = table(
            "",
            say("figures.col.clerk") if kind == "clerk" else say(f"report.{kind}"),
            say("figures.col.poor"),
            say("figures.col.called_on_time"),
            say("figures.col.rectified_on_time"),
            *(say(f"figures.grade.{grade}") for grade in grades),
        )
        for row in poor[key]:
            label = (
                (f"{row['id']} {row['name']}" if row.get("name") else row["id"])
                if kind == "clerk"
                else name(row["kind"], row["id"])
            )
            per.add_row(
                label,
                str(row["total"]),
                str(row["called_back_on_time"]),
                str(row["rectified_on_time"]),
                *(str(row["grades"].get(grade, 0)) for grade in grades),
            )
        out.append(per)
    return out
