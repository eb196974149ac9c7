"""Rate a service: the code from the slip, one of five levels (5 非常满意 ... 1 非常不满意, the key is the level's
number, as on the command line); for a level that opens a follow-up (2 or 1) the reasons (one or more of
``[ratings] reasons``, numbered; "other" needs the resident's words in the comment); an optional comment; for a
level that opens a follow-up, the phone it will call (the one on record, or an optional one typed here: without it
nobody can call back; a mobile typed here is asked once whether to text when the call-back is arranged, while the
hall sends such texts); a thank-you that says what happens next (an unsatisfied rating is followed up, with the
follow-up's tracking code). The code is looked up through :class:`~screens.resident.lookup.CodeScreen`, so wrong
codes count towards this terminal's throttle.

The same code (the follow-up's, or the one rated) once the poor rating was rectified (差评整改) asks instead for the
resident's grade of the rectification (:class:`GradeScreen`: 3 满意, 2 基本满意, 1 不满意, numbered as the
levels are, higher is better), showing what was done,
which closes the case. A follow-up's code whose case is still being handled says so, with its stage."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.config import OTHER_REASON
from kiosk.errors import KioskError
from kiosk.records import FollowUpContact, GradeAsk, Rating, Request, Status
from kiosk.ui_contract import CASE_GRADE_NUMBERS, CASE_GRADES, LEVELS, ON_RECORD, not_ratable_because
from screens.base import KioskScreen
from screens.resident.lookup import RATABLE, CodeScreen
from screens.resident.result import DoneScreen
from screens.widgets import Choice, ChoiceGrid, Field, FormInput, MaskedInput, Option, Say
from screens.words import capital, category_words, service_name

LEVEL_STYLE = {5: "bold green", 4: "green", 3: "yellow", 2: "red", 1: "bold red"}


def level_words(app: Any, value: int) -> str:
    """A level with its number, as on every face: "5 非常满意" / "5 Very satisfied"."""
    level = next(lv for lv in LEVELS if lv.value == value)
    return f"{level.value} {level.zh_hans if app.lang == 'zh-Hans' else level.en}"


def subject_words(app: Any, status: Status) -> str:
    """What is being rated: "号票 A012 · 社保业务" / "Request · Repair"."""
    record = status["record"]
    if status["kind"] == "request":
        what = category_words(app, record["category"])
    else:
        what = service_name(app, record["service"])
    number = record.get("number") or status["display"]
    return f"{capital(app.t('term.' + status['kind']))} {number} · {what}"


def phone_words(app: Any, phone: str) -> str:
    """The call-back phone as shown: the one typed now (masked), or "the phone you gave when booking" (never the
    digits of the one on record)."""
    return app.t("rate.phone_on_record") if phone == ON_RECORD else phone


#: The stages of a case a resident is told by name; an appeal is not the resident's business (it says "being
#: handled" without a stage, as :mod:`kiosk.disclosure` keeps appeals from a code's holder).
TOLD_STAGES = ("open", "assigned", "called_back", "rectified")


def case_stage(status: Status) -> str:
    """The stage of the case on a follow-up's code, as its public history tells it: the last case step written
    (``case_assigned`` ...), else ``open`` (none yet)."""
    for entry in reversed(status["record"].get("history") or []):
        name = str(entry.get("event", ""))
        if name.startswith("case_"):
            return name.removeprefix("case_")
    return "open"


class RateCodeScreen(CodeScreen):
    """The code of the ticket, appointment or request to rate."""

    TITLE_KEY = "rate.title"

    def found(self, status: Status) -> None:
        """Only a finished, not yet rated service goes on to the levels; a rated one (or its follow-up) whose poor
        rating was rectified asks for the resident's grade instead (the domain says whether one waits)."""
        record = status["record"]
        field = self.query_one("#field-code", Field)
        if status["rated"] or record.get("follow_up"):
            code = status["code"]
            self.run_domain(lambda: self.hall.grade_ask(code), lambda ask: self._grade_or_say(status, ask))
        elif record["status"] not in RATABLE:
            # Say why: a no-show or an expired ticket will never be finished, so "once finished" would mislead.
            key = not_ratable_because(status["kind"], record["status"])
            field.show_error(lambda app: app.t("rate.not_yet" if key == "rating.not_served" else key))
        else:
            self.app.push_screen(RateLevelScreen(status))

    def _grade_or_say(self, status: Status, ask: GradeAsk | None) -> None:
        """A rectification waits for this resident's grade: ask it; otherwise say why there is nothing to rate."""
        if ask is not None:
            self.app.push_screen(GradeScreen(ask))
            return
        field = self.query_one("#field-code", Field)
        if status["rated"]:
            field.show_error(lambda app: app.t("rating.already"))
        elif status["record"].get("follow_up"):
            # A follow-up's code, its case not yet put right (or already ended): "once finished" would mislead.
            stage = case_stage(status)
            if stage == "closed":
                field.show_error(lambda app: app.t("rate.case_closed"))
            elif stage in TOLD_STAGES:
                field.show_error(lambda app: app.t("rate.case_in_hand", stage=app.t(f"case.stage.{stage}")))
            else:
                field.show_error(lambda app: app.t("rate.case_in_hand_no_stage"))
        else:
            field.show_error(lambda app: app.t("rate.not_yet"))


class RateLevelScreen(KioskScreen):
    """The five levels, best first, each picked by its own number (5 = 非常满意 ... 1 = 非常不满意)."""

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
                    number=level.value,
                )
                for level in LEVELS
            ],
            columns=1,
            id="levels",
        )

    @on(ChoiceGrid.Picked, "#levels")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the comment, once the domain has said whether this level is followed up and on which phone."""
        if self.busy:
            return
        level: int = event.option.value
        code = self.status["code"]
        self.run_domain(lambda: self.hall.rating_contact(code, level), lambda contact: self._next(level, contact))

    def _next(self, level: int, contact: FollowUpContact) -> None:
        """A level that opens a follow-up asks why first; any other goes on to the comment."""
        if contact["follow_up"]:
            self.app.push_screen(RateReasonsScreen(self.status, level, contact))
        else:
            self.app.push_screen(RateCommentScreen(self.status, level, contact))


class RateReasonsScreen(KioskScreen):
    """Why a level of 2 or 1: the hall's reasons (``[ratings] reasons``), numbered, each digit choosing or
    unchoosing one, more than one allowed; the last choice goes on to the comment once at least one is chosen."""

    TITLE_KEY = "rate.reasons_title"
    AUTO_FOCUS = "Choice"
    #: The value of the choice that goes on.
    NEXT = "next"

    def __init__(self, status: Status, level: int, contact: FollowUpContact) -> None:
        super().__init__()
        self.status = status
        self.level = level
        self.contact = contact
        #: The reasons chosen, in the order the hall lists them.
        self.chosen: list[str] = []

    def compose_body(self) -> ComposeResult:
        """What is rated and the level, how to choose, the reasons and "continue"."""
        yield Say(lambda app: f"{subject_words(app, self.status)} · {level_words(app, self.level)}", classes="lead")
        reasons = self.hall.rating_reasons()
        follow = len(reasons) + 1 if len(reasons) < 9 else 0
        yield Say(
            lambda app: app.t("rate.reasons_lead", next=f"{follow} {app.t('rate.reasons_next')}".strip()),
            classes="hint",
            id="reasons-lead",
        )
        options = [
            Option(reason, lambda app, zh=zh, en=en, r=reason: self._mark(app, r, zh if app.lang == "zh-Hans" else en))
            for reason, zh, en in reasons
        ]
        options.append(Option(self.NEXT, lambda app: Text(app.t("rate.reasons_next"), style="bold")))
        # Two columns, as on the pad: seven reasons and "continue" in one column did not fit 24 rows.
        yield ChoiceGrid(options, columns=2, id="reasons")

    def _mark(self, app: Any, reason: str, name: str) -> str:
        return ("● " if reason in self.chosen else "○ ") + name

    @on(ChoiceGrid.Picked, "#reasons")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """A reason: chosen or unchosen. "Continue": on to the comment, once a reason is chosen."""
        value = str(event.option.value)
        if value != self.NEXT:
            order = [reason for reason, _, _ in self.hall.rating_reasons()]
            wanted = set(self.chosen) ^ {value}
            self.chosen = [reason for reason in order if reason in wanted]
            for choice in self.query(Choice):
                choice.refresh()
            self.notice(None)
        elif not self.chosen:
            self.notice("rate.reasons_none_yet", error=True)
        else:
            self.app.push_screen(RateCommentScreen(self.status, self.level, self.contact, self.chosen))


class RateCommentScreen(KioskScreen):
    """An optional comment and, when the level opens a follow-up and no phone is on record, an optional phone
    (saying that without one nobody can call back); Enter sends the rating."""

    TITLE_KEY = "rate.comment_title"
    AUTO_FOCUS = "#input-comment"

    def __init__(
        self, status: Status, level: int, contact: FollowUpContact | None = None, reasons: list[str] | None = None
    ) -> None:
        super().__init__()
        self.status = status
        self.level = level
        self.contact: FollowUpContact = contact or {"follow_up": False, "phone": None}
        #: Whether the resident agreed to texts about the follow-up (asked once a mobile is typed for the call-back).
        self.texts_agreed = False
        #: The reasons chosen for a level of 2 or 1 (ids of ``[ratings] reasons``).
        self.reasons = list(reasons or [])

    def compose_body(self) -> ComposeResult:
        """The level chosen, the comment, the phone for a call back (or the one on record), send."""
        yield Say(lambda app: f"{subject_words(app, self.status)} · {level_words(app, self.level)}", classes="lead")
        if self.reasons:
            yield Say(lambda app: app.t("rate.reasons_chosen", reasons=self._reason_words(app)), classes="hint")
        asks_phone = self.contact["follow_up"] and not self.contact["phone"]
        hint = "rate.comment_hint_next" if asks_phone else "rate.comment_hint"
        label = "rate.comment"
        if self.words_required:
            hint, label = "rate.comment_other", "rate.comment_required"  # the domain refuses "other" without words
        yield Field("comment", label, FormInput(max_length=200), hint=hint)
        if self.contact["follow_up"]:
            known = self.contact["phone"]
            if known:
                yield Say(lambda app: app.t("rate.phone_known", phone=phone_words(app, known)), classes="hint")
            else:
                yield Field(
                    "phone",
                    "rate.phone",
                    MaskedInput(max_length=20, mask=lambda v: self.hall.masked("phone", v), type="text"),
                    hint="rate.phone_hint",
                )
        yield ChoiceGrid([Option("send", lambda app: app.t("rate.send"))], columns=1, id="send")

    @property
    def words_required(self) -> bool:
        """Whether the comment is required: "other" was among the reasons (the domain refuses it without words)."""
        return OTHER_REASON in self.reasons

    def field_entered(self, field: Any) -> bool:
        """Enter in an empty comment that "other" requires says so, rather than moving on to the phone."""
        if field is self.query_one("#input-comment", Input) and self.words_required and not field.value.strip():
            self.query_one("#field-comment", Field).show_error("rating.other_needs_words")
            return True
        return super().field_entered(field)

    def _reason_words(self, app: Any) -> str:
        names = {reason: zh if app.lang == "zh-Hans" else en for reason, zh, en in self.hall.rating_reasons()}
        return app.t("ui.list_separator").join(names.get(reason, reason) for reason in self.reasons)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter in the comment goes to an empty phone field; otherwise it sends."""
        self.enter_in_field(event.input, self.send)

    @on(ChoiceGrid.Picked, "#send")
    def send(self) -> None:
        """Send the rating (off the event loop); a mistyped phone is said next to its field."""
        if self.busy:
            return
        comment = self.query_one("#input-comment", Input).value
        phones = self.query("#input-phone")
        phone = phones.first(Input).value if phones else ""
        if phone and self.hall.texts_offered("rating", phone):
            # A phone typed for the call-back, a mobile: whether to text when it is arranged (once; no by default).
            self.kiosk.go(
                "notify-consent",
                "notify.offer_call_back",
                phone,
                then=lambda answer: self._rate(comment, phone, answer) if answer is not None else None,
            )
        else:
            self._rate(comment, phone, False)

    def _rate(self, comment: str, phone: str, notify: bool) -> None:
        code, reasons, lang = self.status["code"], list(self.reasons), self.kiosk.lang
        self.texts_agreed = notify
        self.run_domain(
            lambda: self.hall.rate(code, self.level, comment, phone, reasons=reasons, notify=notify, lang=lang),
            self._rated,
            self._refused,
        )

    def _rated(self, rating: Rating) -> None:
        """Thanks; and when the rating opened a follow-up (the domain decides), its code and when to expect a
        call, or that nobody can call without a phone."""
        if rating.get("follow_up"):
            # Two deadlines, each said for what it is: the call back (``[ratings] call_back_days``) and putting it
            # right (``follow_up_days``, the follow-up's answer date); without a phone only the second runs.
            rules = self.kiosk.config.ratings
            call_days, fix_days = rules.call_back_days, rules.follow_up_days
            phone = rating.get("call_back")
            lines: list[Any] = [
                (lambda app: app.t("rate.follow_up", days=call_days, phone=phone_words(app, phone)))
                if phone
                else "rate.follow_up_no_phone",
                lambda app: app.t("rate.follow_up_fix", days=fix_days),
                "rate.follow_up_code",
            ]
            if self.texts_agreed and phone:
                lines.insert(1, lambda app: app.t("notify.will_text_call_back", phone=phone_words(app, phone)))
            self.app.switch_screen(DoneScreen("rate.thanks_sorry", code=rating["follow_up"], lines=lines))
        else:
            self.app.switch_screen(DoneScreen("rate.thanks", lines=["rate.thanks_note"]))

    def _refused(self, error: BaseException) -> None:
        """A refusal about the code on the notice line; any other next to its field."""
        if isinstance(error, KioskError) and error.field == "code":
            self.notice(lambda app: error.resident_message(app.lang), error=True)
        else:
            self.show_error(error)


class GradeScreen(KioskScreen):
    """The resident's grade of the rectification of their poor rating: what was done, then 3 满意, 2 基本满意,
    1 不满意 (numbered as the levels, higher is better; the best first); the grade closes the case."""

    TITLE_KEY = "grade.title"
    AUTO_FOCUS = "Choice"

    def __init__(self, ask: GradeAsk) -> None:
        super().__init__()
        self.ask = ask

    def compose_body(self) -> ComposeResult:
        """The codes, what was done, the three grades."""
        yield Say(lambda app: app.t("grade.lead", subject=self.ask["subject_display"]), classes="lead")
        yield Say(lambda app: app.t("grade.what_was_done", action=self.ask["action"]), id="grade-action")
        yield ChoiceGrid(
            [
                Option(grade, lambda app, g=grade: app.t(f"case.grade.{g}"), number=CASE_GRADE_NUMBERS[grade])
                for grade in CASE_GRADES
            ],
            columns=1,
            id="grades",
        )

    @on(ChoiceGrid.Picked, "#grades")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """Send the grade (no staff: the resident at a kiosk), then thanks."""
        if self.busy:
            return
        grade, code = str(event.option.value), self.ask["code"]
        self.run_domain(lambda: self.hall.grade_case(code, grade), self._graded)

    def _graded(self, record: Request) -> None:
        """Thanks, and what becomes of the grade: a dissatisfied one is recorded and shows in the hall's figures
        (nothing more is promised: the case is closed)."""
        given = record["case"]["grade"]
        note = "grade.thanks_dissatisfied_note" if given and given["grade"] == "dissatisfied" else "grade.thanks_note"
        self.app.switch_screen(DoneScreen("grade.thanks", lines=[note]))
