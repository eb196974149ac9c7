"""File a service request: category, description (multi-line, with a visible length limit), phone, address, a
preferred time (evenings and weekends offered), confirm; the tracking code and the deadline to keep."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from kiosk.errors import KioskError
from kiosk.records import Request
from kiosk.ui_contract import DESCRIPTION_MAX, mask_phone
from screens.base import KioskScreen
from screens.resident.result import DoneScreen, texts_line
from screens.widgets import ChoiceGrid, Field, FormInput, FormTextArea, MaskedInput, Option, Say, Words
from screens.words import category_words, when_words


@dataclass(frozen=True)
class RequestDraft:
    """The request as typed so far."""

    category: str
    description: str = ""
    phone: str = ""
    address: str = ""
    preferred: str | None = None
    preferred_kind: str | None = None
    #: The answer to "text me as it moves on": None when not asked (the hall does not text, or not this phone).
    notify: bool | None = None


class RequestCategoryScreen(KioskScreen):
    """Step 1: what kind of request."""

    TITLE_KEY = "request.pick_category"
    AUTO_FOCUS = "Choice"

    def compose_body(self) -> ComposeResult:
        """The hall's categories with their answer deadline."""
        yield ChoiceGrid(
            [
                Option(
                    c.id,
                    lambda app, c=c: app.word(c.name),
                    lambda app, c=c: app.t("request.deadline_days", days=c.deadline_days),
                )
                for c in self.kiosk.config.categories
            ],
            id="categories",
        )

    @on(ChoiceGrid.Picked, "#categories")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the details."""
        self.app.push_screen(RequestFormScreen(RequestDraft(category=event.option.value)))


class RequestFormScreen(KioskScreen):
    """Step 2: description, phone and address, each checked here so a mistake is shown next to its field."""

    TITLE_KEY = "request.details"
    AUTO_FOCUS = "#input-description"

    def __init__(self, draft: RequestDraft) -> None:
        super().__init__()
        self.draft = draft

    @property
    def needs_address(self) -> bool:
        """Whether this category needs an address (a repair does)."""
        return self.kiosk.config.category(self.draft.category).needs_address

    def compose_body(self) -> ComposeResult:
        """Category, the three fields, next."""
        yield Say(lambda app: category_words(app, self.draft.category), classes="lead")
        area = FormTextArea(soft_wrap=True, show_line_numbers=False, id="input-description")
        yield Say("request.description", classes="field-label")
        yield area
        yield Say(self._count_words, id="description-count", classes="field-hint")
        yield Say(None, id="description-error", classes="field-error")
        yield Field("phone", "request.phone", MaskedInput(max_length=20, mask=lambda v: self.hall.masked("phone", v)))
        yield Field(
            "address",
            "request.address_required" if self.needs_address else "request.address",
            FormInput(max_length=120),
        )
        yield ChoiceGrid([Option("next", lambda app: app.t("ui.next"))], columns=1, id="next")

    def _count_words(self, app: Any) -> str:
        count = len(self.query_one("#input-description", TextArea).text.strip()) if self.is_mounted else 0
        return app.t("request.count", count=count, limit=DESCRIPTION_MAX)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Count the characters as they are typed; stop at the limit."""
        area = event.text_area
        if len(area.text) > DESCRIPTION_MAX:
            area.load_text(area.text[:DESCRIPTION_MAX])
            area.move_cursor(area.document.end)
            self.app.bell()
        self.query_one("#description-count", Say).retranslate()
        self._description_error(None)

    def _description_error(self, error: KioskError | None) -> None:
        line = self.query_one("#description-error", Say)
        line.say((lambda app: error.resident_message(app.lang)) if error else None)
        line.display = error is not None

    def field_entered(self, field: Any) -> bool:
        """Enter in a field checks the whole form (:meth:`next_step`) rather than moving to the next field."""
        return False

    @on(Input.Submitted)
    def submitted(self) -> None:
        """Enter in a field goes on."""
        self.next_step()

    @on(ChoiceGrid.Picked, "#next")
    def next_step(self) -> None:
        """Check each field (the facade's rules, no store) and go on to the preferred time."""
        typed = {
            "description": self.query_one("#input-description", TextArea).text,
            "phone": self.query_one("#input-phone", Input).value,
            "address": self.query_one("#input-address", Input).value,
        }
        values: dict[str, str] = {}
        first_bad = None
        for name, value in typed.items():
            try:
                values[name] = self.hall.check_field(name, value, category=self.draft.category)
            except KioskError as error:
                first_bad = first_bad or name
                if name == "description":
                    self._description_error(error)
                else:
                    self.query_one(f"#field-{name}", Field).show_error(
                        lambda app, e=error: e.resident_message(app.lang)
                    )
        if first_bad:
            self.set_focus(self.query_one(f"#input-{first_bad}"))
            return
        draft = replace(self.draft, description=values["description"], phone=values["phone"], address=values["address"])
        self.app.push_screen(RequestTimeScreen(draft))


class RequestTimeScreen(KioskScreen):
    """Step 3: when a visit or call back suits: evenings and weekends offered, or no preference."""

    TITLE_KEY = "request.pick_time"
    AUTO_FOCUS = "Choice"

    def __init__(self, draft: RequestDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        """No preference, then the times."""
        choices = self.hall.preferred_times()
        options = [Option(None, lambda app: app.t("request.no_preference"))]
        options += [
            Option(
                choice,
                lambda app, c=choice: when_words(app, c["at"]),
                lambda app, c=choice: app.t(f"request.kind.{c['kind']}"),
            )
            for choice in choices
        ]
        yield ChoiceGrid(options, id="times")

    @on(ChoiceGrid.Picked, "#times")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the summary; first, when the hall texts about requests and the phone is a mobile, whether to."""
        choice = event.option.value
        draft = replace(
            self.draft, preferred=choice["at"] if choice else None, preferred_kind=choice["kind"] if choice else None
        )
        if self.hall.texts_offered("request", draft.phone):
            self.kiosk.go(
                "notify-consent",
                "notify.offer_request",
                draft.phone,
                then=lambda answer: self._confirm(replace(draft, notify=answer)) if answer is not None else None,
            )
        else:
            self._confirm(draft)

    def _confirm(self, draft: RequestDraft) -> None:
        self.app.push_screen(RequestConfirmScreen(draft))


class RequestConfirmScreen(KioskScreen):
    """Step 4: the whole request (phone masked) and a confirm target."""

    TITLE_KEY = "request.confirm_title"
    AUTO_FOCUS = "Choice"

    def __init__(self, draft: RequestDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        """Summary and confirm."""
        draft = self.draft
        yield Say(lambda app: category_words(app, draft.category), classes="lead")
        yield Say(lambda app: draft.description, classes="summary")
        yield Say(lambda app: app.t("request.summary_phone", phone=mask_phone(draft.phone)))
        if draft.address:
            yield Say(lambda app: app.t("request.summary_address", address=draft.address))
        yield Say(
            lambda app: app.t(
                "request.summary_time",
                when=when_words(app, draft.preferred) if draft.preferred else app.t("request.no_preference"),
            )
        )
        if draft.notify is not None:
            yield Say(
                lambda app: (
                    app.t("notify.summary_yes", phone=mask_phone(draft.phone))
                    if draft.notify
                    else app.t("notify.summary_no")
                )
            )
        yield ChoiceGrid([Option("file", lambda app: app.t("request.confirm"))], columns=1, id="confirm")

    @on(ChoiceGrid.Picked, "#confirm")
    def file(self) -> None:
        """File it (off the event loop)."""
        if self.busy:
            return
        d, lang = self.draft, self.kiosk.lang
        self.run_domain(
            lambda: self.hall.file_request(
                d.category,
                d.description,
                d.phone,
                address=d.address or None,
                preferred_time=d.preferred,
                notify=bool(d.notify),
                lang=lang,
            ),
            self._filed,
        )

    def _filed(self, record: Request) -> None:
        lines: list[str | Words] = [
            lambda app: app.t("request.done_deadline", when=when_words(app, record["due_at"])),
        ]
        if self.kiosk.config.notify.enabled:
            lines.append(lambda app: texts_line(app, record))
        lines.append("request.done_track")
        self.app.switch_screen(DoneScreen("request.done", code=record["code"], lines=lines, printed=True))
