"""The rating pad of one counter (``kiosk pad --counter N``, or a ``pad`` profile in ``[[terminals]]``).

It faces the resident across the counter. What it shows, and when:

* **Idle**: the counter, the clerk signed in there now (name and staff id, 工号) or that nobody is, and a line
  inviting residents to rate the service once it is done.
* **The question**: when the clerk finishes a ticket or resolves a request at this counter (another process: the
  console or ``kiosk finish``), the hall records a question on the counter's pad record (table ``pads``); this
  screen is live data (:mod:`screens.live`), so it reads :meth:`~kiosk.hall.Hall.pad_view` again within a moment
  and asks "How was your service?" with the number served, the service and the clerk who served, and the five
  levels (5 非常满意 ... 1 非常不满意; the key is the level's number, a click or a touch picks it too), under a
  countdown of ``[ratings] pad_seconds``.
* **A rating of 2 or 1** asks why: one or more of ``[ratings] reasons``, then confirm; ``other`` asks for the
  resident's own words. **Indicators** (``[ratings] indicators = true``): efficiency, competence and attitude,
  1..5 each, each skippable. Then one facade call, :meth:`~kiosk.hall.Hall.rate_at_pad`, and a thank-you for
  :attr:`PadScreen.THANKS_SECONDS` (for a rating of 2 or 1, with the follow-up's code to track it at a kiosk, for
  :attr:`PadScreen.FOLLOW_UP_THANKS_SECONDS`). The next resident's question, asked meanwhile, waits for the end of
  the thank-you.
* **Each answer** (a level, a reason chosen or unchosen, words typed, an indicator) is a touch,
  :meth:`~kiosk.hall.Hall.pad_touch`: the question is kept from the next resident's (that one waits its turn) and
  its time starts again.
* **No answer in time**: :meth:`~kiosk.hall.Hall.pad_timeout` records the question as not rated (never as a
  level) and the pad goes idle. A question that leaves the pad's view (rated at a kiosk meanwhile, or replaced by
  the next resident's before it was touched) is followed at once.
* **The staff prompt** (F12) opened on the pad gives way to a question (the resident comes first), and closes by
  itself once nobody has touched a key for the kiosk's ``idle_seconds``.

The countdown and the thank-you follow the hall's clock (:meth:`~kiosk.hall.Hall.now`), checked once a second
(:meth:`PadScreen.tick`), so tests drive them with a fixed clock. Every rule (whether a level needs a reason,
whether the question still stands, what "not rated" means) is the domain's; the screen only walks the resident
through the steps and says the domain's answers in the resident's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Input

from kiosk.config import OTHER_REASON
from kiosk.errors import KioskError
from kiosk.records import PadState, PadView, Rating
from kiosk.ui_contract import (
    COMMENT_MAX,
    COUNTERS,
    FOLLOW_UP_AT,
    INDICATORS,
    LEVELS,
    PADS,
    STAFF,
    display_code,
    parse_stamp,
)
from screens.base import KioskScreen
from screens.live import LiveScreen
from screens.widgets import Choice, ChoiceGrid, Field, FormInput, KeysFooter, Option, Say, TopBar
from screens.words import capital, category_words, service_name

#: The steps of the pad: idle, the four steps of answering a question, and the thank-you.
IDLE, LEVEL, REASONS, WORDS, INDICATOR, THANKS = "idle", "level", "reasons", "words", "indicator", "thanks"
#: The steps during which a question is open (the countdown runs).
ANSWERING = (LEVEL, REASONS, WORDS, INDICATOR)
#: The grid (or field) shown at each answering step; every other one is hidden, so a digit picks from it alone.
STEP_PARTS = {
    LEVEL: ("#pad-levels",),
    REASONS: ("#pad-reasons",),
    WORDS: ("#field-comment", "#pad-send"),
    INDICATOR: ("#pad-indicator",),
}
PARTS = ("#pad-levels", "#pad-reasons", "#field-comment", "#pad-send", "#pad-indicator")

#: Colour, not star glyphs: stars are East Asian "ambiguous" width and misalign on some CJK terminals.
LEVEL_STYLE = {5: "bold green", 4: "green", 3: "yellow", 2: "red", 1: "bold red"}
#: The catalog key naming each indicator (:data:`kiosk.ui_contract.INDICATORS`).
INDICATOR_KEYS = {
    "efficiency": "pad.indicator.efficiency",
    "competence": "pad.indicator.competence",
    "attitude": "pad.indicator.attitude",
}
#: The value of the "skip" choice of an indicator, and its key (after the five levels).
SKIP = "skip"
SKIP_NUMBER = 6
#: The value of the "confirm" choice under the reasons.
CONFIRM = "confirm"


def level_name(app: Any, value: int) -> str:
    """A level's name in the language shown: "非常满意" / "Very satisfied"."""
    level = next(lv for lv in LEVELS if lv.value == value)
    return level.zh_hans if app.lang == "zh-Hans" else level.en


class PadScreen(LiveScreen, KioskScreen):
    """The rating pad of one counter; see the module docstring for what it shows and when."""

    CSS_PATH = "pad.tcss"
    #: Nothing is focused for the resident: a highlighted level would look chosen already. The digits, a click or
    #: a touch pick; the words field takes the focus when it is shown.
    AUTO_FOCUS = None
    #: The counter's pad record (the question), the counter's state (who is signed in) and the staff (names).
    READS = frozenset({PADS, COUNTERS, STAFF})
    #: How long the thank-you stays, by the hall's clock; with a follow-up's code, long enough to note it down.
    THANKS_SECONDS: ClassVar[float] = 5.0
    FOLLOW_UP_THANKS_SECONDS: ClassVar[float] = 15.0
    #: Words typed touch the question at most this often (by the hall's clock): each touch is a write.
    TOUCH_TYPING_SECONDS: ClassVar[float] = 5.0
    #: The pad reads its question while the staff prompt covers it, to close the prompt when one comes.
    LIVE_WHEN_COVERED = True

    def __init__(self, counter: str | None = None) -> None:
        super().__init__()
        self._counter = counter
        #: The last pad view read (None until the first read).
        self.view: PadView | None = None
        #: Where the resident is: one of :data:`IDLE`, :data:`ANSWERING`, :data:`THANKS`.
        self.step = IDLE
        #: The question being answered (None while idle or thanking), and the ones ended here (answered or timed
        #: out), by ``(code, asked_at)``: a view read just before an answer must not ask it again.
        self.asking: PadState | None = None
        self.ended: set[tuple[str, str]] = set()
        #: The answer so far: the level, the reasons chosen, the resident's words, the indicators given.
        self.level: int | None = None
        self.chosen: set[str] = set()
        self.comment = ""
        self.indicators: dict[str, int] = {}
        self.indicator_index = 0
        #: The reasons offered, as the view gave them: ``[(id, 中文, English), ...]``.
        self.reasons: list[tuple[str, str, str]] = []
        #: The follow-up the last rating opened (the thank-you says sorry and shows its code), and when the
        #: thank-you ends.
        self.follow_up: str | None = None
        self.thanks_until: datetime | None = None
        #: When words typed last touched the question (None: not yet for this question).
        self.typed_touch: datetime | None = None
        #: Whether :meth:`~kiosk.hall.Hall.pad_started` went through (tried again each tick until it does).
        self.started = False
        self._starting = False

    @property
    def counter(self) -> str:
        """The counter this pad stands at (given, else the app's ``counter``)."""
        return str(self._counter or self.kiosk.counter)

    # -- layout

    def compose(self) -> ComposeResult:
        """Top bar; the counter and the countdown; idle, the question's steps or the thanks; notice; keys."""
        yield TopBar()
        with Vertical(id="page"):
            with Horizontal(id="pad-head"):
                yield Say(self._counter_words, id="pad-counter")
                yield Say(self._countdown_words, id="pad-countdown")
            with Vertical(id="pad-idle"):
                yield Say(self._clerk_words, id="pad-clerk")
                with Center():  # the frame alone, in the middle (align centres the children as one block)
                    yield Say("pad.invite", id="pad-invite")
                yield Say("pad.invite_note", id="pad-invite-note")
            with Vertical(id="pad-ask"):
                yield Say("pad.ask", classes="title", id="pad-title")
                yield Say(self._served_words, classes="lead", id="pad-served")
                yield Say(self._step_words, id="pad-step")
                yield ChoiceGrid(self._level_options(), columns=1, id="pad-levels")
                yield ChoiceGrid([], id="pad-reasons")
                yield Field("comment", "pad.other_field", FormInput(max_length=COMMENT_MAX), hint="pad.other_hint")
                yield ChoiceGrid([Option("send", lambda app: app.t("pad.send"))], columns=1, id="pad-send")
                yield ChoiceGrid(self._indicator_options(), id="pad-indicator")
            with Vertical(id="pad-thanks"):
                with Center():
                    yield Say(self._thanks_words, id="pad-thanks-words")
                yield Say(self._follow_up_words, id="pad-follow-up")
        yield Say(None, id="notice")
        yield KeysFooter()

    def _level_options(self) -> list[Option]:
        return [
            Option(
                level.value,
                lambda app, lv=level: Text(level_name(app, lv.value), style=LEVEL_STYLE[lv.value]),
                number=level.value,
            )
            for level in LEVELS
        ]

    def _indicator_options(self) -> list[Option]:
        levels = [
            Option(level.value, lambda app, lv=level: level_name(app, lv.value), number=level.value) for level in LEVELS
        ]
        return [*levels, Option(SKIP, lambda app: app.t("pad.skip"), number=SKIP_NUMBER)]

    def _reason_options(self) -> list[Option]:
        def label(app: Any, reason: tuple[str, str, str]) -> Text:
            reason_id, zh, en = reason
            picked = reason_id in self.chosen
            return Text(
                ("[x] " if picked else "[ ] ") + (zh if app.lang == "zh-Hans" else en), style="bold" if picked else ""
            )

        options = [Option(reason[0], lambda app, r=reason: label(app, r)) for reason in self.reasons]
        return [*options, Option(CONFIRM, lambda app: Text(app.t("pad.confirm"), style="bold"))]

    def on_mount(self) -> None:
        """Idle; start the pad at the counter (a write, in a worker) and tick once a second; the first read
        follows (:meth:`LiveScreen.on_mount`)."""
        self.set_step(IDLE)
        self.set_interval(1.0, self.tick, name="pad-tick")
        self.start_pad()

    def start_pad(self) -> None:
        """Tell the hall a pad stands at this counter (:meth:`~kiosk.hall.Hall.pad_started`): from now on its
        finished services ask here. Tried again on the next tick if the store cannot be written now."""
        if self.started or self._starting:
            return
        self._starting = True
        counter = self.counter
        self.run_domain(
            lambda: self.hall.pad_started(counter), self._started, self._start_failed, group="pad-start", quiet=True
        )

    def _started(self, _state: Any) -> None:
        self._starting, self.started = False, True

    def _start_failed(self, error: BaseException) -> None:
        self._starting = False
        self.show_error(error)

    # -- live data

    def read(self) -> PadView:
        """The pad's view: the clerk signed in, the question if one waits (in the live worker)."""
        return self.hall.pad_view(self.counter)

    def show(self, view: PadView) -> None:
        """A fresh view: the clerk line; a new question is asked at once; a question that left the view (rated
        elsewhere, or past its time) ends here too."""
        self.view = view
        if view["reasons"] != self.reasons:
            self.reasons = list(view["reasons"])
            grid = self.query_one("#pad-reasons", ChoiceGrid)
            grid.options, grid.page = self._reason_options(), 0
            grid.refresh(recompose=True)
        self.query_one("#pad-clerk", Say).follow(view["clerk"])
        ask = view["ask"]
        if ask is not None and (ask["code"], ask["asked_at"]) not in self.ended:
            if self.asking is not None and (ask["code"], ask["asked_at"]) == (
                self.asking["code"],
                self.asking["asked_at"],
            ):
                self.asking = ask  # the same question, its time perhaps started again by a touch
            elif self.step != THANKS:
                # The next resident's question waits for the thank-you (its follow-up code) to end: tick asks it.
                self.start_question(ask)
            return
        if self.asking is not None and not self.busy:
            # Gone from the view: rated at a kiosk meanwhile, or its time is up (then it is recorded as not rated).
            if self.seconds_left() <= 0:
                self.time_out()
            else:
                self.end_question()

    # -- the question

    def start_question(self, ask: PadState) -> None:
        """Ask about ``ask``: a fresh answer, the levels. A question that replaces one being answered is the next
        resident's: back to the hall's language for them."""
        if self.asking is not None:
            self.kiosk.set_language(self.kiosk.home_language)
        self.close_staff_prompt()  # the resident comes first
        self.asking = ask
        self.level, self.chosen, self.comment, self.indicators, self.indicator_index = None, set(), "", {}, 0
        self.typed_touch = None
        field = self.query_one("#field-comment", Field)
        with field.input.prevent(Input.Changed):
            field.input.value = ""
        field.show_error(None)
        self.query_one("#pad-served", Say).follow((ask["code"], ask["asked_at"], self.view and self.view["ask_clerk"]))
        self._refresh_reasons()
        self.set_step(LEVEL)

    def seconds_left(self, now: datetime | None = None) -> int:
        """Whole seconds before the question is past its time, by the hall's clock (0 when none)."""
        if self.asking is None:
            return 0
        left = (parse_stamp(self.asking["expires_at"]) - (now or self.hall.now())).total_seconds()
        return max(0, int(left))

    def tick(self) -> None:
        """Once a second: the countdown (and the timeout when it runs out), the end of the thank-you, and
        starting the pad if that failed before."""
        if not self.started:
            self.start_pad()
        now = self.hall.now()
        if (now - self.kiosk.last_activity).total_seconds() >= self.kiosk.idle_seconds:
            self.close_staff_prompt()  # left open: a passer-by must not find it, nor the next resident type in it
        if self.step == THANKS and self.thanks_until is not None and now >= self.thanks_until:
            self.go_idle()
            if self.view is not None:
                self.show(self.view)  # a question asked during the thank-you: now
        elif self.step in ANSWERING and self.asking is not None and not self.busy:
            left = self.seconds_left(now)
            self.query_one("#pad-countdown", Say).follow(left)
            if left <= 0:
                self.time_out()

    def close_staff_prompt(self) -> None:
        """Close what covers the pad (the staff prompt, F12), so that the resident's keys reach the question."""
        if self not in self.app.screen_stack:
            return
        while self.app.screen is not self:
            self.app.pop_screen()

    def touch(self) -> None:
        """The resident answered a step: tell the hall (:meth:`~kiosk.hall.Hall.pad_touch`, a write in a worker),
        which keeps the question from the next resident's and starts its time again. A refusal means the question
        is gone (rated elsewhere, past its time): the pad goes idle, as for a vanished question."""
        if self.asking is None:
            return
        counter, asked = self.counter, self.asking
        self.run_domain(
            lambda: self.hall.pad_touch(counter, asked["code"]),
            lambda state: self._touched(asked, state),
            lambda error: self._touch_refused(asked, error),
            group="pad-touch",
            quiet=True,
        )

    def _is_asking(self, asked: PadState) -> bool:
        current = self.asking
        return current is not None and (current["code"], current["asked_at"]) == (asked["code"], asked["asked_at"])

    def _touched(self, asked: PadState, state: PadState) -> None:
        if self._is_asking(asked) and self.asking is not None:
            self.asking = {**self.asking, "expires_at": state["expires_at"]}
            self.query_one("#pad-countdown", Say).follow((self.step, self.seconds_left()))

    def _touch_refused(self, asked: PadState, error: BaseException) -> None:
        """The touch was refused: the question is gone (unless it was answered here meanwhile, or it is a bug)."""
        if not isinstance(error, KioskError) or error.key != "pad.not_asking":
            return  # the store could not be written: the answer itself will say so, or the timeout will
        if self._is_asking(asked) and self.step in ANSWERING and not self.busy:
            self.end_question()
            self.reload()

    def time_out(self) -> None:
        """No answer in time: the pad goes idle, and the hall records the question as not rated (never as a
        level)."""
        if self.asking is None:
            return
        code, counter = self.asking["code"], self.counter
        self.end_question()
        self.run_domain(
            lambda: self.hall.pad_timeout(counter, code),
            lambda _state: None,
            self.show_error,
            group="pad-timeout",
            quiet=True,
        )

    def end_question(self) -> None:
        """The question is over here (answered, timed out, or gone): idle, in the hall's language."""
        if self.asking is not None:
            self.ended.add((self.asking["code"], self.asking["asked_at"]))
        self.asking = None
        self.go_idle()

    def go_idle(self) -> None:
        """Back to idle, in the hall's language, for the next resident."""
        self.thanks_until = None
        self.follow_up = None
        self.set_step(IDLE)
        self.kiosk.set_language(self.kiosk.home_language)

    def set_step(self, step: str) -> None:
        """Show ``step``: its part of the screen, its grid alone (so a digit picks from it), its keys."""
        self.step = step
        self.query_one("#pad-idle").display = step == IDLE
        self.query_one("#pad-ask").display = step in ANSWERING
        self.query_one("#pad-thanks").display = step == THANKS
        shown = STEP_PARTS.get(step, ())
        for part in PARTS:
            self.query_one(part).display = part in shown
        self.query_one("#pad-countdown", Say).follow((step in ANSWERING, self.seconds_left()))
        self.query_one("#pad-thanks-words", Say).follow((step, self.follow_up))
        follow_up = self.query_one("#pad-follow-up", Say)
        follow_up.follow((step, self.follow_up))
        follow_up.display = step == THANKS and self.follow_up is not None
        step_words = self.query_one("#pad-step", Say)
        step_words.follow((step, self.indicator_index))
        step_words.display = step in (REASONS, WORDS, INDICATOR)
        if step == WORDS:
            self.set_focus(self.query_one("#input-comment", Input))
        else:
            self.set_focus(None)
        self.notice(None)
        self.refresh_bindings()

    # -- what the resident does

    @on(ChoiceGrid.Picked, "#pad-levels")
    def level_picked(self, event: ChoiceGrid.Picked) -> None:
        """A level: 2 or 1 ask why; otherwise on to the indicators, or send."""
        if self.busy or self.step != LEVEL:
            return
        self.level = int(event.option.value)
        if self.level <= FOLLOW_UP_AT or (self.view is not None and self.view["indicators"]):
            self.touch()  # more steps follow (a level that sends at once needs no touch: the rating ends it)
        if self.level <= FOLLOW_UP_AT:
            self.set_step(REASONS)
        else:
            self.chosen.clear()
            self.after_reasons()

    @on(ChoiceGrid.Picked, "#pad-reasons")
    def reason_picked(self, event: ChoiceGrid.Picked) -> None:
        """A reason is chosen or unchosen; "confirm" goes on."""
        if self.busy or self.step != REASONS:
            return
        value = str(event.option.value)
        if value == CONFIRM:
            self.confirm_reasons()
            return
        self.chosen.symmetric_difference_update({value})
        self.touch()
        self.notice(None)
        self._refresh_reasons()

    def _refresh_reasons(self) -> None:
        for choice in self.query_one("#pad-reasons", ChoiceGrid).query(Choice):
            choice.refresh()

    def confirm_reasons(self) -> None:
        """The reasons are chosen: "other" asks for words; none at all is said, as the hall would refuse it."""
        if not self.chosen:
            self.notice("rating.reason_required", error=True)
            return
        if OTHER_REASON in self.chosen:
            self.set_step(WORDS)
            return
        self.after_reasons()

    @on(Input.Changed, "#input-comment")
    def words_typed(self) -> None:
        """Words typed are an answer too: a touch, at most once per :attr:`TOUCH_TYPING_SECONDS`."""
        if self.step != WORDS:
            return
        now = self.hall.now()
        if self.typed_touch is None or (now - self.typed_touch).total_seconds() >= self.TOUCH_TYPING_SECONDS:
            self.typed_touch = now
            self.touch()

    @on(Input.Submitted, "#input-comment")
    @on(ChoiceGrid.Picked, "#pad-send")
    def words_done(self) -> None:
        """The resident's words for "other": on to the indicators, or send."""
        if self.busy or self.step != WORDS:
            return
        field = self.query_one("#field-comment", Field)
        words = field.input.value.strip()
        if not words:
            field.show_error("rating.other_needs_words")
            return
        self.comment = words
        self.after_reasons()

    def after_reasons(self) -> None:
        """The indicators when the hall asks them, else send."""
        if self.view is not None and self.view["indicators"]:
            self.indicator_index = 0
            self.set_step(INDICATOR)
        else:
            self.send()

    @on(ChoiceGrid.Picked, "#pad-indicator")
    def indicator_picked(self, event: ChoiceGrid.Picked) -> None:
        """One indicator rated or skipped; after the last, send."""
        if self.busy or self.step != INDICATOR:
            return
        name = INDICATORS[self.indicator_index]
        last = self.indicator_index + 1 >= len(INDICATORS)
        if not last:
            self.touch()  # the last one sends at once: the rating ends the question
        if event.option.value == SKIP:
            self.indicators.pop(name, None)
        else:
            self.indicators[name] = int(event.option.value)
        if last:
            self.send()
        else:
            self.indicator_index += 1
            self.set_step(INDICATOR)

    def send(self) -> None:
        """The answer, in one facade call (:meth:`~kiosk.hall.Hall.rate_at_pad`), off the event loop."""
        if self.asking is None or self.level is None:
            return
        counter, code, level = self.counter, self.asking["code"], self.level
        low = level <= FOLLOW_UP_AT
        reasons = [reason_id for reason_id, _, _ in self.reasons if low and reason_id in self.chosen]
        comment = self.comment if OTHER_REASON in reasons else ""
        indicators = dict(self.indicators) or None
        self.run_domain(
            lambda: self.hall.rate_at_pad(
                counter, code, level, reasons=reasons, comment=comment, indicators=indicators
            ),
            self._rated,
            self._refused,
        )

    def _rated(self, rating: Rating) -> None:
        """Thanks, for a few seconds; when the rating opened a follow-up, sorry, and its code to track it."""
        self.follow_up = rating.get("follow_up") or None
        if self.asking is not None:
            self.ended.add((self.asking["code"], self.asking["asked_at"]))
        self.asking = None
        seconds = self.FOLLOW_UP_THANKS_SECONDS if self.follow_up else self.THANKS_SECONDS
        self.thanks_until = self.hall.now() + timedelta(seconds=seconds)
        self.set_step(THANKS)

    def _refused(self, error: BaseException) -> None:
        """The hall refused: said in the resident's language, at the step it is about. A question that no longer
        stands (rated elsewhere, replaced) ends here."""
        if not isinstance(error, KioskError):
            self.show_error(error)  # a bug or the store: a polite line, the resident may try again
            return
        message = lambda app: error.resident_message(app.lang)  # noqa: E731
        if error.key == "pad.not_asking" or error.field == "code":
            # Said in the language the resident read the question in: going idle brings back the hall's.
            said = error.resident_message(self.kiosk.lang)
            self.end_question()
            self.notice(lambda app: said, error=True)
            self.reload()
        elif error.field == "reasons":
            self.set_step(REASONS)
            self.notice(message, error=True)
        elif error.field == "comment" and OTHER_REASON in self.chosen:
            self.set_step(WORDS)
            self.query_one("#field-comment", Field).show_error(message)
        else:
            self.show_error(error)

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Digits only while a grid is shown; Escape one step back while answering past the levels; Enter where
        it confirms; Tab never (one field at most)."""
        if action == "back":
            return self.step in (REASONS, WORDS, INDICATOR)
        if action == "pick":
            return self.step in (LEVEL, REASONS, INDICATOR)
        if action == "confirm":
            return self.step in (REASONS, WORDS)
        if action == "next_field":
            return False
        return super().check_action(action, parameters)

    def action_pick(self, number: int) -> None:
        """A digit picks from the grid of this step."""
        if self.step in (LEVEL, REASONS, INDICATOR):
            super().action_pick(number)

    def action_confirm(self) -> None:
        """Enter: confirm the reasons, or send the words."""
        if self.step == REASONS:
            self.confirm_reasons()
        elif self.step == WORDS:
            self.words_done()

    def action_back(self) -> None:
        """One step back: words to reasons, reasons to levels, an indicator to the one before (or to where the
        resident came from)."""
        if self.busy:
            return
        if self.step == WORDS:
            self.set_step(REASONS)
        elif self.step == REASONS:
            self.set_step(LEVEL)
        elif self.step == INDICATOR and self.indicator_index > 0:
            self.indicator_index -= 1
            self.set_step(INDICATOR)
        elif self.step == INDICATOR:
            low = self.level is not None and self.level <= FOLLOW_UP_AT
            self.set_step(REASONS if low else LEVEL)

    def reset(self) -> None:
        """Nothing to forget on a pad's own reset: each question starts afresh."""

    # -- what is shown

    def _counter_words(self, app: Any) -> str:
        try:
            return str(app.word(app.config.counter(self.counter).name))
        except KeyError:
            return self.counter

    def _countdown_words(self, app: Any) -> str:
        if self.step not in ANSWERING or self.asking is None:
            return ""
        return str(app.t("pad.seconds_left", seconds=self.seconds_left()))

    def _clerk_words(self, app: Any) -> RenderableType:
        clerk = self.view["clerk"] if self.view else None
        if clerk is None:
            return Text(app.t("pad.no_clerk") if self.view else "", style="dim")
        return Text(app.t("pad.clerk", name=clerk["name"], staff=clerk["id"]), style="bold")

    def _served_words(self, app: Any) -> RenderableType:
        ask = self.asking
        if ask is None:
            return ""
        if ask["kind"] == "request" and ask["category"]:
            what = category_words(app, ask["category"])
        else:
            what = service_name(app, ask["service"]) if ask["service"] else ""
        kind = capital(app.t(f"term.{ask['kind']}"))
        text = Text(app.t("pad.served", what=kind, number=ask["shown"], service=what), style="bold")
        clerk = self.view["ask_clerk"] if self.view else None
        if clerk is not None:
            text.append("\n" + app.t("pad.served_by", name=clerk["name"], staff=clerk["id"]), style="")
        return text

    def _step_words(self, app: Any) -> str:
        if self.step == REASONS:
            return str(app.t("pad.reasons_title"))
        if self.step == WORDS:
            return str(app.t("pad.other_title"))
        if self.step == INDICATOR:
            name = INDICATORS[self.indicator_index]
            return str(
                app.t(
                    "pad.indicator_title",
                    indicator=app.t(INDICATOR_KEYS[name]),
                    n=self.indicator_index + 1,
                    of=len(INDICATORS),
                )
            )
        return ""

    def _thanks_words(self, app: Any) -> str:
        return str(app.t("pad.thanks_sorry" if self.follow_up else "pad.thanks"))

    def _follow_up_words(self, app: Any) -> RenderableType:
        if self.follow_up is None:
            return ""
        text = Text(app.t("pad.follow_up_code") + " ")
        text.append(display_code(self.follow_up), style="bold reverse")
        return text.append("\n" + app.t("pad.follow_up_track"), style="")

    def pick_keys(self) -> str:
        """The digits that pick at this step, for the footer ("1-5" for the levels, not the kiosk's "1-9")."""
        grids = {LEVEL: "#pad-levels", REASONS: "#pad-reasons", INDICATOR: "#pad-indicator"}
        if self.step not in grids:
            return "1-9"
        count = len(self.query_one(grids[self.step], ChoiceGrid).page_options())
        return f"1-{count}" if count > 1 else "1"
