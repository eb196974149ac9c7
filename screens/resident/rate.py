"""Rate a service: the code from the slip, one of five levels, an optional comment; a thank-you that says what
happens next (an unsatisfied rating is followed up, with the follow-up's tracking code). The code is looked up
through :class:`~screens.resident.lookup.CodeScreen`, so wrong codes count towards this terminal's throttle."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.records import Rating, Status
from kiosk.ui_contract import LEVELS
from screens.base import KioskScreen
from screens.resident.lookup import RATABLE, CodeScreen
from screens.resident.result import DoneScreen
from screens.widgets import ChoiceGrid, Field, FormInput, Option, Say
from screens.words import capital, category_words, service_name

LEVEL_STYLE = {5: "bold green", 4: "green", 3: "yellow", 2: "red", 1: "bold red"}


def subject_words(app: Any, status: Status) -> str:
    """What is being rated: "号票 A012 · 社保业务" / "Request · Repair"."""
    record = status["record"]
    if status["kind"] == "request":
        what = category_words(app, record["category"])
    else:
        what = service_name(app, record["service"])
    number = record.get("number") or status["display"]
    return f"{capital(app.t('term.' + status['kind']))} {number} · {what}"


class RateCodeScreen(CodeScreen):
    """The code of the ticket, appointment or request to rate."""

    TITLE_KEY = "rate.title"

    def found(self, status: Status) -> None:
        """Only a finished, not yet rated service goes on to the levels."""
        record = status["record"]
        field = self.query_one("#field-code", Field)
        if status["rated"]:
            field.show_error(lambda app: app.t("rating.already"))
        elif record["status"] not in RATABLE or record.get("follow_up"):
            field.show_error(lambda app: app.t("rate.not_yet"))
        else:
            self.app.push_screen(RateLevelScreen(status))


class RateLevelScreen(KioskScreen):
    """The five levels, best first."""

    TITLE_KEY = "rate.pick_level"
    AUTO_FOCUS = "Choice"

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status

    def compose_body(self) -> ComposeResult:
        """What is rated, then the levels."""
        yield Say(lambda app: subject_words(app, self.status), classes="lead")
        # Colour, not star glyphs: stars are East Asian "ambiguous" width and misalign on some CJK terminals.
        yield ChoiceGrid(
            [
                Option(
                    level.value,
                    lambda app, lv=level: Text(
                        lv.zh_hans if app.lang == "zh-Hans" else lv.en, style=LEVEL_STYLE[lv.value]
                    ),
                )
                for level in LEVELS
            ],
            columns=1,
            id="levels",
        )

    @on(ChoiceGrid.Picked, "#levels")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the comment."""
        self.app.push_screen(RateCommentScreen(self.status, event.option.value))


class RateCommentScreen(KioskScreen):
    """An optional comment; Enter sends the rating (with or without one)."""

    TITLE_KEY = "rate.comment_title"
    AUTO_FOCUS = "#input-comment"

    def __init__(self, status: Status, level: int) -> None:
        super().__init__()
        self.status = status
        self.level = level

    def compose_body(self) -> ComposeResult:
        """The level chosen, the comment, send."""
        level = next(lv for lv in LEVELS if lv.value == self.level)
        yield Say(
            lambda app: f"{subject_words(app, self.status)} · {level.zh_hans if app.lang == 'zh-Hans' else level.en}",
            classes="lead",
        )
        yield Field("comment", "rate.comment", FormInput(max_length=200), hint="rate.comment_hint")
        yield ChoiceGrid([Option("send", lambda app: app.t("rate.send"))], columns=1, id="send")

    @on(Input.Submitted)
    @on(ChoiceGrid.Picked, "#send")
    def send(self) -> None:
        """Send the rating (off the event loop)."""
        if self.busy:
            return
        comment = self.query_one("#input-comment", Input).value
        code = self.status["code"]
        self.run_domain(lambda: self.hall.rate(code, self.level, comment), self._rated, self._refused)

    def _rated(self, rating: Rating) -> None:
        """Thanks; and when the rating opened a follow-up (the domain decides), its code and when to expect it."""
        if rating.get("follow_up"):
            days = self.kiosk.config.ratings.follow_up_days
            lines: list[Any] = [lambda app: app.t("rate.follow_up", days=days), "rate.follow_up_code"]
            self.app.switch_screen(DoneScreen("rate.thanks_sorry", code=rating["follow_up"], lines=lines))
        else:
            self.app.switch_screen(DoneScreen("rate.thanks", lines=["rate.thanks_note"]))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, KioskError) and error.field == "code":
            self.notice(lambda app: error.resident_message(app.lang), error=True)
        else:
            self.show_error(error)
