"""The counter console's small boxes that ask one thing and return it: a choice (transfer target, a request's
next step, the assignee), an outcome with an optional note, a line of text (a reason, a step's note), or a
request's note with its audience (internal or resident-visible).

Each is a :class:`~screens.console.base.ConsoleModal`: ``push_screen(box, callback)`` and the callback gets the
value, or None when the clerk pressed Escape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.ui_contract import NOTE_MAX, OUTCOMES
from screens.console.base import ConsoleModal
from screens.widgets import Choice, ChoiceGrid, Field, FormInput, Option, Say, Words, binding


class ChoiceModal(ConsoleModal):
    """Numbered choices; a digit, Enter or a click returns the value picked."""

    AUTO_FOCUS = "Choice"

    def __init__(
        self, title: str | Words, options: Sequence[Option], *, lead: str | Words | None = None, columns: int = 1
    ) -> None:
        super().__init__(title)
        self.options = list(options)
        self.lead = lead
        self.columns = columns

    def compose_body(self) -> ComposeResult:
        """The lead line, if any, and the choices."""
        if self.lead:
            yield Say(self.lead, classes="lead")
        yield ChoiceGrid(self.options, columns=self.columns, id="choices")

    @on(ChoiceGrid.Picked, "#choices")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """Return the value picked."""
        self.dismiss(event.option.value)


class TextModal(ConsoleModal):
    """One line of text (a note, a reason). Enter returns it; a required one cannot be left empty."""

    AUTO_FOCUS = "#input-text"

    def __init__(
        self,
        title: str | Words,
        label: str | Words,
        *,
        required: bool = False,
        value: str = "",
        max_length: int = NOTE_MAX,
        lead: str | Words | None = None,
    ) -> None:
        super().__init__(title)
        self.label = label
        self.required = required
        self.value = value
        self.max_length = max_length
        self.lead = lead

    def compose_body(self) -> ComposeResult:
        """The lead line, if any, and the field."""
        if self.lead:
            yield Say(self.lead, classes="lead")
        hint = "console.enter_required" if self.required else "console.enter_optional"
        yield Field("text", self.label, FormInput(value=self.value, max_length=self.max_length), hint=hint)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Return the text (stripped); refuse an empty one when it is required."""
        text = event.value.strip()
        if self.required and not text:
            self.query_one(Field).show_error("console.text_required")
            return
        self.dismiss(text)


class NoteModal(ConsoleModal):
    """A note on a service request and who may read it: internal (staff only, the default) or the resident too
    (shown when they check the request's code). F3, or Tab to the two choices and a digit, a click or Enter,
    switches; Enter in the field returns ``(note, visible)``."""

    AUTO_FOCUS = "#input-text"
    BINDINGS = [binding("f3", "toggle_audience", "key.console.audience", priority=True)]

    def __init__(self) -> None:
        super().__init__("console.req.add_note")
        #: Whether the resident will read the note; internal unless the clerk chooses otherwise.
        self.for_resident = False

    def compose_body(self) -> ComposeResult:
        """Who reads it (two choices, the chosen one marked), then the note."""
        yield Say("console.req.audience_lead", classes="lead")
        yield ChoiceGrid(
            [Option(False, lambda app: self._mark(app, False)), Option(True, lambda app: self._mark(app, True))],
            columns=2,
            id="audience",
        )
        yield Field(
            "text",
            lambda app: app.t(
                "console.req.note_label_visible" if self.for_resident else "console.req.note_label_internal"
            ),
            Input(max_length=NOTE_MAX),
            hint="console.enter_required",
        )

    def _mark(self, app: Any, visible: bool) -> str:
        label = app.t("console.req.audience_visible" if visible else "console.req.audience_internal")
        return ("● " if self.for_resident == visible else "○ ") + label

    def _show(self) -> None:
        for choice in self.query(Choice):
            choice.refresh()
        for say in self.query_one(Field).query(Say):
            say.retranslate()

    @on(ChoiceGrid.Picked, "#audience")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """Choose who reads the note; back to the note."""
        self.for_resident = bool(event.option.value)
        self._show()
        self.query_one(Field).input.focus()

    def action_toggle_audience(self) -> None:
        """F3: internal <-> resident-visible."""
        self.for_resident = not self.for_resident
        self._show()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Return ``(note, visible)``; an empty note is refused."""
        text = event.value.strip()
        if not text:
            self.query_one(Field).show_error("console.text_required")
            return
        self.dismiss((text, self.for_resident))


class OutcomeModal(ConsoleModal):
    """How the service ended: "completed" returns at once; any other outcome asks for an optional note first.
    Returns ``(outcome, note or None)``."""

    AUTO_FOCUS = "Choice"

    def __init__(self, number: str) -> None:
        super().__init__(lambda app: app.t("console.finish.title", number=number))
        self.outcome: str | None = None

    def compose_body(self) -> ComposeResult:
        """The outcomes; the note field appears once an outcome other than "completed" is picked."""
        yield ChoiceGrid(
            [Option(outcome, lambda app, o=outcome: app.t(f"console.outcome.{o}")) for outcome in OUTCOMES],
            columns=1,
            id="outcomes",
        )
        field = Field(
            "note",
            lambda app: app.t("console.finish.note", outcome=app.t(f"console.outcome.{self.outcome}")),
            FormInput(max_length=NOTE_MAX),
            hint="console.enter_optional",
        )
        field.display = False
        yield field

    @on(ChoiceGrid.Picked, "#outcomes")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """Completed: done. Anything else: a note, then Enter."""
        if event.option.value == "completed":
            self.dismiss(("completed", None))
            return
        self.outcome = str(event.option.value)
        self.query_one("#outcomes").display = False
        field = self.query_one(Field)
        field.display = True
        for say in field.query(Say):
            say.retranslate()
        field.input.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Finish with the outcome and the note (empty: no note)."""
        self.dismiss((self.outcome, event.value.strip() or None))


def service_options(app: Any, exclude: str | None = None) -> list[Option]:
    """Every service of the hall but ``exclude``, as choices (for a transfer)."""
    return [
        Option(service.id, lambda a, s=service: f"{s.prefix}  {a.word(s.name)}")
        for service in app.config.services
        if service.id != exclude
    ]
