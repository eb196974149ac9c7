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
from typing import Any, Literal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.records import StaffSession
from kiosk.ui_contract import REPORT_TABLES, ReportGrid, fitted_chart, report_blocks, report_fit, report_heading
from screens.console.base import ConsoleScreen
from screens.widgets import Say, binding

#: The spans ``d`` cycles through: (days, days before today the span ends): today, the last 7 and 30 days, and
#: yesterday (a closed day).
SPANS = ((1, 0), (7, 0), (30, 0), (1, 1))
#: Bucket sizes ``b`` cycles through, in minutes.
BUCKETS = (60, 30, 15)
#: Columns the chart leaves free beside its lines: the scrolling body's padding and scrollbar, and a spare one.
CHART_MARGIN = 5
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
        words, as_of = report_heading(figures, app.config, app.lang)
        title = Text(words, style="bold")
        title.append("\n" + as_of, style="dim")
        heading = Text(
            app.t("console.rep.chart", measure=app.t(f"console.rep.{self.measure}"), bucket=self.bucket), style="bold"
        )
        series = figures["waits_by_hour"]["series"]
        unit = app.t("report.minutes_unit")
        if any(entry["called"] for entry in series):
            room = self.size.width - CHART_MARGIN
            chart = Text("\n".join(fitted_chart(series, room, value=self.measure, unit=unit, widest=60)))
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


def figure_tables(app: Any, figures: dict[str, Any], width: int = 76) -> list[RenderableType]:
    """The report's tables and lines as ``kiosk report`` prints them (:func:`kiosk.ui_contract.report_blocks`:
    tickets, times, waits by kind, appointments, requests, ratings, satisfaction and the poor ratings' cases,
    follow-ups), in the app's language, each table fitted to ``width`` cells. The poor ratings leave out the
    column of graded cases, which would not fit 80 columns beside the grades."""

    def table(grid: ReportGrid) -> Table:
        # Light rules and one space between columns (report_fit: figures never wrap, headers may take two lines,
        # the name is cut with "…" rather than wrapped over several lines).
        made = Table(
            title=grid.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,  # its column divider is a space: no padding needed
            padding=(0, 0),
            pad_edge=False,
            show_edge=False,
        )
        fitted = report_fit(grid, width, label_cells=LABEL_CELLS)
        for n, column in enumerate(grid.columns):
            if n == 0:
                made.add_column(column, no_wrap=True, overflow="ellipsis", max_width=fitted.label)
            else:
                justify: Literal["left", "right"] = "right" if grid.numeric else "left"
                made.add_column(column, justify=justify, width=fitted.figures[n - 1] if fitted.figures else None)
        for row in grid.rows:
            made.add_row(*row.cells, style="bold" if row.total else "red" if row.late else None, end_section=row.total)
        return made

    out: list[RenderableType] = []
    for block in report_blocks(figures, app.config, app.lang, graded=False):
        if isinstance(block, ReportGrid):
            out.append(table(block))
        else:
            out.append(Text(block.text, style="bold" if block.bold else ""))
    return out
