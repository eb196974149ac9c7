"""Poor ratings handled to the end (差评整改) at the counter console: the open cases, and one case with its steps.

The list (``z`` from any view) shows every open case, oldest first: the follow-up's code, the level, what was rated
and at which counter, the clerk rated, the stage, the two deadlines (call back, rectify) in red with "!" once
passed with their step not done, and the assignee; ``d`` shows only the overdue ones. Enter opens a case
(:class:`CaseScreen`): what was rated and why, the deadlines, each step done so far, and the steps that may be
taken now as keys (assign, call back, rectify, the resident's grade, appeal, review). Each step is one call on
:class:`~kiosk.hall.Hall` under the signed-in clerk; who may not act (the clerk rated, the appellant reviewing
their own appeal, anyone but the assignee) is the domain's rule (:mod:`kiosk.rectification`): the case read for
this clerk names the steps they may take (``my_steps``), the others' keys are greyed and left out of "可办理", and
a refusal all the same (the case changed meanwhile) is said on the notice line."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from kiosk.records import CaseItem, StaffPublic, StaffSession
from kiosk.ui_contract import CASE_GRADE_NUMBERS, CASE_GRADES, LEVELS, RATINGS, REQUESTS, STAFF, display_code
from screens.console.base import ConsoleScreen, counter_words
from screens.console.modals import ChoiceModal, TextModal
from screens.console.request import LEVEL_STYLE
from screens.console.requests import cursor_key, fit
from screens.widgets import Option, Say, binding
from screens.words import category_words, service_name, when_words

#: Stage styles in the list and the detail.
STAGE_STYLE = {
    "open": "bold",
    "assigned": "cyan",
    "called_back": "yellow",
    "rectified": "green",
    "appealed": "magenta",
    "closed": "dim",
}
#: The list's columns.
COLUMNS = ("code", "level", "rated", "clerk", "stage", "call_back_due", "rectify_due", "assignee")
#: The step keys of a case: (step, key, action), in the order the footer shows them.
STEP_KEYS = (
    ("assign", "h", "assign"),
    ("call_back", "c", "call_back"),
    ("rectify", "r", "rectify"),
    ("grade", "e", "grade"),
    ("appeal", "p", "appeal"),
    ("review", "y", "review"),
)


def stage_words(app: Any, stage: str) -> Text:
    """A case's stage in words, coloured."""
    return Text(app.t(f"case.stage.{stage}"), style=STAGE_STYLE.get(stage, ""))


def deadline_words(app: Any, due: str | None, late: bool, *, short: bool = True) -> Text:
    """A deadline ("11-25 17:30"), red and marked once passed with its step not done; "-" when none runs (no
    phone to call back on)."""
    if due is None:
        return Text("-", style="dim")
    text = Text(due[5:16].replace("T", " "))
    if late:
        text.stylize("bold red")
        text.append("!" if short else " " + app.t("console.case.late"), style="bold red")
    return text


def rated_words(app: Any, item: CaseItem) -> str:
    """What was rated: the service (with its counter) or the request's category, else the code rated."""
    if item["service"]:
        what = service_name(app, item["service"])
        return f"{item['counter']} · {what}" if item["counter"] else what
    if item["category"]:
        return category_words(app, item["category"])
    return display_code(item["subject"])


class CasesScreen(ConsoleScreen):
    """The open cases of poor ratings, optionally only the overdue ones."""

    VIEW = "cases"
    #: The cases live on follow-up requests; what was rated is read from the ratings.
    READS = frozenset({REQUESTS, RATINGS})
    TITLE_KEY = "console.case.title"
    AUTO_FOCUS = "#cases"
    BINDINGS = [binding("d", "overdue_filter", "key.console.filter_overdue")]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        self.overdue_only = False

    def compose_body(self) -> ComposeResult:
        """The filter and counts, then the list."""
        yield Say(self._filter_words, id="cases-filters")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)

    def read(self) -> list[CaseItem]:
        """The open cases (or the overdue ones)."""
        return self.hall.cases(overdue_only=self.overdue_only)

    def action_overdue_filter(self) -> None:
        """Only the overdue cases, or all open ones."""
        self.overdue_only = not self.overdue_only
        self.query_one("#cases-filters", Say).retranslate()
        self.reload()

    def _filter_words(self, app: Any) -> Text:
        text = Text(
            app.t(
                "console.case.filters",
                which=app.t("console.case.overdue_only" if self.overdue_only else "console.case.open_only"),
            ),
            no_wrap=True,
            overflow="ellipsis",
        )
        if self.data is not None:
            rules = self.kiosk.config.ratings
            text.append(
                "\n"
                + app.t(
                    "console.case.counts",
                    shown=len(self.data),
                    overdue=sum(1 for item in self.data if item["overdue"]),
                    call_days=rules.call_back_days,
                    fix_days=rules.follow_up_days,
                ),
                style="dim",
            )
        return text

    def show(self, data: list[CaseItem]) -> None:
        """Rebuild the rows, keeping the cursor on the same case."""
        self._fill(data)
        super().show(data)

    def retranslate(self) -> None:
        """Headers and words in the new language."""
        if self.data is not None:
            self._fill(self.data)

    def _fill(self, data: list[CaseItem]) -> None:
        app: Any = self.app
        table = self.query_one("#cases", DataTable)
        keep = cursor_key(table)
        table.clear(columns=True)
        for key in COLUMNS:
            label = app.t("console.col.code") if key == "code" else app.t(f"console.case.col.{key}")
            table.add_column(label, key=key)
        for item in data:
            case = item["case"]
            table.add_row(
                display_code(item["code"]),
                Text(str(item["level"]), style=LEVEL_STYLE.get(item["level"], "")),
                fit(rated_words(app, item), 12),
                fit(item["clerk"] or "-", 8),
                stage_words(app, case["stage"]),
                deadline_words(app, case["call_back_due"], "call_back" in item["overdue"]),
                deadline_words(app, case["rectify_due"], "rectify" in item["overdue"]),
                fit(item["assignee"] or "", 8),
                key=item["code"],
            )
        if keep is not None and keep in {item["code"] for item in data}:
            table.move_cursor(row=table.get_row_index(keep))
        if not data:
            self.notice("console.case.none_overdue" if self.overdue_only else "console.case.none")
        else:
            self.notice(None)

    @on(DataTable.RowSelected, "#cases")
    def open_case(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the case, with its steps."""
        if event.row_key.value:
            self.kiosk.go("console-case", self.session, str(event.row_key.value))


class CaseScreen(ConsoleScreen):
    """One case: what was rated and why, the deadlines, the steps done, and a key for each step possible now."""

    VIEW = "cases"
    SUBSCREEN = True
    #: The case (on its request), the rating, and the staff accounts an assignment picks from.
    READS = frozenset({REQUESTS, RATINGS, STAFF})
    BINDINGS = [binding(key, action, f"key.case.{step}") for step, key, action in STEP_KEYS]

    def __init__(self, session: StaffSession, code: str) -> None:
        super().__init__(session)
        self.code = code

    def compose_body(self) -> ComposeResult:
        """The case's facts and steps, scrolling."""
        with VerticalScroll(id="case-body", can_focus=True):
            yield Say(self._facts, id="case-facts")

    def on_mount(self) -> None:
        """Scroll by keyboard at once."""
        self.query_one("#case-body").focus()

    def read(self) -> CaseItem:
        """The case as it stands, with the steps this clerk may take."""
        return self.hall.case(self.code, staff=self.staff)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A step's key works only when this clerk may take the step now (greyed otherwise): the case's stage
        allows it, and the domain lets this clerk take it (the clerk rated never assigns, calls back, writes down
        the grade or reviews)."""
        steps = {name: step for step, _, name in STEP_KEYS}
        if action in steps:
            return True if self.data and steps[action] in self.data["my_steps"] else None
        return super().check_action(action, parameters)

    # -- what is shown

    def _facts(self, app: Any) -> RenderableType:
        item: CaseItem | None = self.data
        if item is None:
            return app.t("ui.one_moment")
        case = item["case"]
        head = Text()
        head.append(f" {display_code(item['code'])} ", style="bold reverse")
        head.append("  ")
        head.append_text(stage_words(app, case["stage"]))
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column(ratio=1)

        def fact(key: str, value: Any) -> None:
            if value:
                facts.add_row(app.t(f"console.case.fact.{key}"), value)

        level = next(lv for lv in LEVELS if lv.value == item["level"])
        name = level.zh_hans if app.lang == "zh-Hans" else level.en
        rated = Text(f"{level.value} {name}", style=LEVEL_STYLE.get(item["level"], ""))
        where = service_name(app, item["service"]) if item["service"] else rated_words(app, item)
        if item["counter"]:
            where = f"{counter_words(app, item['counter'])} {where}"
        rated.append(f" · {display_code(item['subject'])} · {where} · {when_words(app, item['rated_at'])}")
        fact("rated", rated)
        reasons = [self._reason(app, reason) for reason in item["reasons"]]
        if item["comment"]:
            reasons.append(app.t("console.quoted", text=item["comment"]))
        fact("reasons", "; ".join(reasons))
        fact("clerk", item["clerk"])
        if not item["can_call"]:
            fact("contact", Text(app.t("console.case.fact.no_phone"), style="yellow"))
        fact("call_back_due", self._deadline(app, item, "call_back", case["call_back_due"]))
        fact("rectify_due", self._deadline(app, item, "rectify", case["rectify_due"]))
        fact("assignee", item["assignee"])
        for step in ("called_back", "rectified", "appeal"):
            done = case[step]  # type: ignore[literal-required]
            if done:
                line = Text(app.t("console.case.by", when=when_words(app, done["at"]), staff=done["by"] or ""))
                if step == "called_back":
                    reached = "console.case.reached" if case["reached"] else "console.case.not_reached"
                    line.append(" · " + app.t(reached))
                line.append(" · " + done["text"])
                fact(step, line)
        grade = case["grade"]
        if grade:
            how = (
                app.t("console.case.via_staff", staff=grade["by"])
                if grade["channel"] == "staff"
                else app.t("console.case.via_kiosk")
            )
            fact("grade", f"{app.t('case.grade.' + grade['grade'])} · {when_words(app, grade['at'])} · {how}")
        review = case["review"]
        if review:
            line = Text(app.t(f"case.review.{review['outcome']}"), style="bold")
            line.append(" · " + app.t("console.case.by", when=when_words(app, review["at"]), staff=review["by"]))
            fact("review", line.append(" · " + review["text"]))
        if case["closed_as"]:
            fact("closed", app.t(f"case.closed_as.{case['closed_as']}"))
        steps = ", ".join(app.t(f"case.step.{step}") for step in item["my_steps"])
        fact("next", Text(steps, style="cyan") if steps else None)
        if item["clerk"] == self.staff and item["next_steps"]:
            facts.add_row("", Text(app.t("console.case.fact.not_clerk"), style="bold yellow"))
        return Group(head, facts)

    def _reason(self, app: Any, reason: str) -> str:
        for rule in self.kiosk.config.ratings.reasons:
            if rule.id == reason:
                return app.word(rule.name)
        return reason

    def _deadline(self, app: Any, item: CaseItem, step: str, due: str | None) -> Text:
        text = deadline_words(app, due, step in item["overdue"], short=False)
        met = item["on_time"].get(step)
        if met is not None:
            text.append(
                " " + app.t("console.case.done_on_time" if met else "console.case.done_late"),
                style="green" if met else "red",
            )
        return text

    # -- acting: each step asks what it needs, then makes one facade call under this clerk

    def _display(self) -> str:
        return display_code(self.code)

    def _step(self, step: str, call: Any) -> None:
        self.act(
            call,
            lambda record: self.notice(
                lambda app: app.t(
                    "console.case.stepped",
                    code=self._display(),
                    step=app.t(f"case.step.{step}"),
                    stage=app.t(f"case.stage.{record['case']['stage']}"),
                )
            ),
        )

    def action_assign(self) -> None:
        """Pick the assignee among the active accounts (the clerk rated is shown but cannot be picked)."""
        self.run_domain(self.hall.list_staff, self._pick_assignee, self.refused)

    def _pick_assignee(self, accounts: list[StaffPublic]) -> None:
        clerk = self.data["clerk"] if self.data else None
        options = [
            Option(
                a["id"],
                lambda app, a=a: f"{a['id']}  {a['name']}",
                (lambda app: app.t("console.case.fact.clerk")) if a["id"] == clerk else None,
                enabled=a["id"] != clerk,
            )
            for a in accounts
            if a["active"]
        ]
        lead = (
            (lambda app: app.t("console.case.assignee_lead", clerk=clerk))
            if clerk
            else "console.case.assignee_lead_any"
        )
        self.app.push_screen(
            ChoiceModal("case.step.assign", options, lead=lead, columns=2),
            lambda who: self._assign(str(who)) if who else None,
        )

    def _assign(self, assignee: str) -> None:
        self._step(
            "assign",
            lambda: self.hall.assign_case(self.code, assignee, staff=self.staff, counter=self.counter),
        )

    def action_call_back(self) -> None:
        """Whether the call reached the resident, then what they said."""
        options = [
            Option(True, lambda app: app.t("console.case.reached_yes")),
            Option(False, lambda app: app.t("console.case.reached_no")),
        ]
        self.app.push_screen(
            ChoiceModal("case.step.call_back", options, lead="console.case.reached_lead"),
            lambda reached: self._ask_outcome(bool(reached)) if reached is not None else None,
        )

    def _ask_outcome(self, reached: bool) -> None:
        self.app.push_screen(
            TextModal("case.step.call_back", "console.case.outcome_label", required=True),
            lambda outcome: self._call_back(outcome, reached) if outcome else None,
        )

    def _call_back(self, outcome: str, reached: bool) -> None:
        self._step(
            "call_back",
            lambda: self.hall.call_back_case(
                self.code, outcome, reached=reached, staff=self.staff, counter=self.counter
            ),
        )

    def action_rectify(self) -> None:
        """What was done to put it right (the resident reads it by code)."""
        self.app.push_screen(
            TextModal("case.step.rectify", "console.case.action_label", required=True),
            lambda action: self._rectify(action) if action else None,
        )

    def _rectify(self, action: str) -> None:
        self._step("rectify", lambda: self.hall.rectify_case(self.code, action, staff=self.staff, counter=self.counter))

    def action_grade(self) -> None:
        """The resident's grade, told on the phone and written down by this clerk."""
        options = [
            Option(grade, lambda app, g=grade: app.t(f"case.grade.{g}"), number=CASE_GRADE_NUMBERS[grade])
            for grade in CASE_GRADES
        ]
        self.app.push_screen(
            ChoiceModal("case.step.grade", options, lead="console.case.grade_lead"),
            lambda grade: self._grade(str(grade)) if grade else None,
        )

    def _grade(self, grade: str) -> None:
        self._step("grade", lambda: self.hall.grade_case(self.code, grade, staff=self.staff, counter=self.counter))

    def action_appeal(self) -> None:
        """Appeal the rating as wrong or malicious, with a reason; another account reviews it."""
        self.app.push_screen(
            TextModal("case.step.appeal", "console.case.reason_label", required=True),
            lambda reason: self._appeal(reason) if reason else None,
        )

    def _appeal(self, reason: str) -> None:
        self._step("appeal", lambda: self.hall.appeal_case(self.code, reason, staff=self.staff, counter=self.counter))

    def action_review(self) -> None:
        """Uphold or reject the appeal, then the reason."""
        appeal = self.data["case"]["appeal"] if self.data else None
        options = [
            Option(True, lambda app: app.t("console.case.uphold")),
            Option(False, lambda app: app.t("console.case.reject")),
        ]
        lead = lambda app: app.t("console.case.review_lead", reason=appeal["text"] if appeal else "")  # noqa: E731
        self.app.push_screen(
            ChoiceModal("case.step.review", options, lead=lead),
            lambda upheld: self._ask_review_reason(bool(upheld)) if upheld is not None else None,
        )

    def _ask_review_reason(self, upheld: bool) -> None:
        self.app.push_screen(
            TextModal("case.step.review", "console.case.reason_label", required=True),
            lambda reason: self._review(upheld, reason) if reason else None,
        )

    def _review(self, upheld: bool, reason: str) -> None:
        self._step(
            "review",
            lambda: self.hall.review_case(
                self.code, upheld=upheld, reason=reason, staff=self.staff, counter=self.counter
            ),
        )


__all__ = ["CaseScreen", "CasesScreen"]
