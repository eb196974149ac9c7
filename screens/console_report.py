"""The manager's figures at the counter console: the same figures as ``kiosk report`` (both come from
:func:`kiosk.report.build` and are drawn by :func:`kiosk.report.renderables`), with the chart of waits through
the day first, as wide as the screen allows.

``d``: today, the last 7 days or the last 30; ``b``: 60, 30 or 15 minutes per bar; ``m``: median or 90th
percentile waits. Reading a month of history takes a moment: it runs in a worker, and however busy the hall is
it is read again at most once per ten times what the last read took (see :data:`screens.console_base.COST_FACTOR`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk import report
from kiosk.records import StaffSession
from screens.console_base import ConsoleScreen
from screens.widgets import Say, binding

#: The spans ``d`` cycles through, in days ending today.
SPANS = (1, 7, 30)
#: Bucket sizes ``b`` cycles through, in minutes.
BUCKETS = (60, 30, 15)
#: Columns the chart keeps for the time, the figure and the count beside its bars.
CHART_MARGIN = 26


class ReportScreen(ConsoleScreen):
    """The report for today (or the last 7 or 30 days), chart first."""

    VIEW = "report"
    BINDINGS = [
        binding("d", "span", "key.console.days"),
        binding("b", "bucket", "key.console.bucket"),
        binding("m", "measure", "key.console.measure"),
    ]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        self.days = SPANS[0]
        self.bucket = BUCKETS[0]
        self.measure = "median"

    def compose_body(self) -> ComposeResult:
        """The chart, then the tables, scrolling."""
        with VerticalScroll(id="report-body", can_focus=True):
            yield Say(self._chart_words, id="report-chart")
            yield Say(self._table_words, id="report-tables")

    def on_mount(self) -> None:
        """Scroll by keyboard at once."""
        super().on_mount()
        self.query_one("#report-body").focus()

    def read(self) -> dict[str, Any]:
        """The figures of the span (history read lock-free)."""
        today = self.hall.now().date()
        return report.build(self.hall, today - timedelta(days=self.days - 1), today, bucket_minutes=self.bucket)

    def action_span(self) -> None:
        """Today, the last 7 days, the last 30."""
        self.days = SPANS[(SPANS.index(self.days) + 1) % len(SPANS)]
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
        title.append("  " + app.t("report.as_of", as_of=figures["as_of"][:16].replace("T", " ")), style="dim")
        heading = Text(app.t("console.rep.chart", measure=app.t(f"console.rep.{self.measure}"),
                             bucket=self.bucket), style="bold")
        series = figures["waits_by_hour"]["series"]
        width = max(10, min(60, self.size.width - CHART_MARGIN))
        if any(entry["called"] for entry in series):
            chart = Text("\n".join(report.wait_chart(series, width=width, value=self.measure,
                                                     unit=app.t("report.minutes_unit"))))
        else:
            chart = Text(app.t("console.rep.no_calls"), style="dim")
        return Group(title, Text(""), heading, chart, Text(""))

    def _table_words(self, app: Any) -> RenderableType:
        figures = self.data
        if figures is None:
            return ""
        parts = report.renderables(figures, app.config, app.lang)[2:]  # the title and "as of" are shown above
        # The chart is drawn above at the screen's width: leave out the report's own fixed-width copy of it.
        heading = app.t("report.waits_chart")
        for index, part in enumerate(parts):
            if isinstance(part, Text) and part.plain == heading:
                del parts[index:index + 2]
                break
        return Group(*parts)
