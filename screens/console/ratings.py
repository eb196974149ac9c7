"""Ratings received, at the counter console: newest first, with the follow-up request each dissatisfied one
opened and where that follow-up stands against its deadline (for a poor rating's case, 差评整改, its stage and any
step past its deadline; the cases themselves are the ``z`` view, :mod:`screens.console.cases`).

A rating shows up here once the resident has submitted it (the view reads only stored ratings), within a
second of being submitted at any kiosk. A rating whose appeal was upheld (申诉成立) is listed, marked so, and left out
of the count, the average and the levels' counts (:func:`kiosk.views.ratings_view` says which). ``s``: this counter's ratings or the whole hall's (requests are rated
without a counter); ``l``: dissatisfied ones only; ``d``: the last 7, 30 or 1 day(s)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.records import RatingsView, StaffSession
from kiosk.ui_contract import FOLLOW_UP_AT, LEVELS, RATINGS, REQUESTS
from screens.console.base import ConsoleScreen, counter_words
from screens.console.cases import stage_words
from screens.console.request import LEVEL_STYLE
from screens.widgets import Say, binding
from screens.words import category_words, service_name, status_words

#: The spans ``d`` cycles through, in days.
SPANS = (7, 30, 1)


def follow_up_words(app: Any, follow_up: dict[str, Any] | None) -> Text:
    """ "R7KX-M2Q9 处理中 · 12月14日前" in red when overdue, green when met; for a poor rating's case its stage
    ("R7KX-M2Q9 整改 已回访"), with the steps past their deadline in red."""
    if follow_up is None:
        return Text("")
    text = Text(follow_up["display"] + " ")
    if follow_up.get("case_stage"):
        # A poor rating's case (差评整改): its stage says more than the request's status; "z" lists the cases.
        text.append(app.t("console.rat.case") + " ").append_text(stage_words(app, follow_up["case_stage"]))
        if follow_up.get("case_overdue"):
            late = ", ".join(app.t(f"case.step.{step}") for step in follow_up["case_overdue"])
            text.append(f" {app.t('console.case.late')}: {late}", style="bold red")
        return text
    if follow_up["status"] is None:
        return text.append(app.t("console.rat.follow_up_missing"), style="dim")
    text.append(status_words(app, follow_up["status"]))
    if follow_up["overdue"]:
        text.append(" " + app.t("console.req.overdue_mark"), style="bold red")
    elif follow_up["within_deadline"] is True and follow_up["resolved_at"]:
        text.append(" " + app.t("console.rat.met"), style="green")
    elif follow_up["within_deadline"] is False:
        text.append(" " + app.t("console.rat.late"), style="red")
    elif follow_up["due_at"]:
        text.append(" " + app.t("console.rat.due", when=follow_up["due_at"][5:10]), style="dim")
    return text


class RatingsScreen(ConsoleScreen):
    """Ratings received and their follow-ups."""

    VIEW = "ratings"
    #: Ratings and the follow-up requests they opened.
    READS = frozenset({RATINGS, REQUESTS})
    BINDINGS = [
        binding("s", "scope", "key.console.scope"),
        binding("l", "low", "key.console.dissatisfied"),
        binding("d", "span", "key.console.days"),
    ]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        self.whole_hall = False
        self.low_only = False
        self.days = SPANS[0]

    def compose_body(self) -> ComposeResult:
        """Filters and summary, then the list."""
        yield Say(self._summary_words, id="ratings-summary")
        with VerticalScroll(id="ratings-body", can_focus=True):
            yield Say(self._words, id="ratings")

    def on_mount(self) -> None:
        """Scroll by keyboard at once."""
        self.query_one("#ratings-body").focus()

    def read(self) -> RatingsView:
        """Ratings of the span, of this counter or all, all levels or the dissatisfied ones."""
        return self.hall.ratings_view(
            days=self.days,
            counter=None if self.whole_hall else self.counter,
            max_level=FOLLOW_UP_AT if self.low_only else None,
        )

    def _refilter(self) -> None:
        self.query_one("#ratings-summary", Say).retranslate()
        self.reload()

    def action_scope(self) -> None:
        """This counter <-> the whole hall."""
        self.whole_hall = not self.whole_hall
        self._refilter()

    def action_low(self) -> None:
        """Dissatisfied only <-> every level."""
        self.low_only = not self.low_only
        self._refilter()

    def action_span(self) -> None:
        """7, 30, 1 day(s)."""
        self.days = SPANS[(SPANS.index(self.days) + 1) % len(SPANS)]
        self._refilter()

    def _summary_words(self, app: Any) -> Text:
        scope = app.t("console.rat.scope_hall") if self.whole_hall else counter_words(app, self.counter)
        text = Text(
            app.t(
                "console.rat.filters",
                days=self.days,
                scope=scope,
                levels=app.t("console.rat.low_only" if self.low_only else "console.rat.all_levels"),
            ),
            no_wrap=True,
            overflow="ellipsis",
        )
        data = self.data
        if data is not None:
            summary = data["summary"]
            text.append("\n")
            text.append(
                app.t(
                    "console.rat.summary",
                    count=summary["count"],
                    average=summary["average"] if summary["average"] is not None else "-",
                    follow_ups=summary["follow_ups"],
                    overdue=summary["follow_ups_overdue"],
                )
            )
            text.append("  ")
            for level in reversed(LEVELS):
                text.append(f"{level.value}:", style=LEVEL_STYLE.get(level.value, ""))
                text.append(f"{summary['by_level'][str(level.value)]} ")
            if summary["appeals_upheld"]:
                # A line of its own: the counts' line is full at 80 columns.
                text.append("\n" + app.t("console.rat.upheld_left_out", n=summary["appeals_upheld"]), style="magenta")
        return text

    def _words(self, app: Any) -> RenderableType:
        data = self.data
        if data is None:
            return app.t("ui.one_moment")
        if not data["ratings"]:
            return Text(app.t("console.rat.none"), style="dim")
        # One line per rating (time, level, what was rated), then its comment and the follow-up it opened on lines
        # of their own, under what was rated: at 80 columns nothing is cut, and a long comment wraps.
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold")
        table.add_column(app.t("console.col.time"), no_wrap=True)
        table.add_column(app.t("console.col.level"), no_wrap=True)
        table.add_column(app.t("console.col.subject") + " · " + app.t("console.col.comment"), ratio=1, overflow="fold")
        for rating in data["ratings"]:
            level = Text(
                f"{rating['level']} {app.word(rating['level_name'])}", style=LEVEL_STYLE.get(rating["level"], "")
            )
            if rating["appeal_upheld"]:
                # Listed, so the clerk sees what became of it, but struck from the figures above.
                level.stylize("strike dim")
                level.append("\n" + app.t("console.rat.appeal_upheld"), style="bold magenta")
            if rating["subject_kind"] == "request":
                subject = category_words(app, rating["category"]) if rating.get("category") else rating["display"]
            else:
                subject = service_name(app, rating["service"]) if rating.get("service") else rating["display"]
                if rating.get("counter") and self.whole_hall:
                    subject = f"{rating['counter']} · {subject}"  # the counter's id, as on the board
            table.add_row(rating["at"][5:16].replace("T", " "), level, Text(subject, no_wrap=True, overflow="ellipsis"))
            if rating["comment"]:
                table.add_row("", "", Text(app.t("console.quoted", text=rating["comment"]), style="italic"))
            if rating["follow_up"]:
                follow_up = Text(app.t("console.rat.follow_up") + " ", style="dim")
                table.add_row("", "", follow_up.append_text(follow_up_words(app, rating["follow_up"])))
        return Group(table)
