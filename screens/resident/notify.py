"""Text messages at the resident kiosk, asked for before anything is sent (consent first):

* **A ticket's phone** (:class:`TextMeScreen`, from the slip's "短信提醒 / Text me"): one line of what will be sent
  (when ``notify.near_ahead`` stand ahead, when called: the events the hall sends), the mobile number (echoed
  masked under the field once whole; a landline said at once), Enter leaves it
  (:meth:`~kiosk.hall.Hall.leave_phone`).
* **Yes or no to texts** about a booking or a request (:class:`ConsentScreen`): asked once, after the phone was
  typed, only when the hall sends such texts and the phone is a mobile (:meth:`~kiosk.hall.Hall.texts_offered`);
  "no" is the default (focused, so Enter says no). It returns True or False (None: Escape, back to the form).
* **Stopping the texts** about a code, from its look-up (:mod:`screens.resident.lookup`):
  :meth:`~kiosk.hall.Hall.stop_messages`, a ticket by its code, an appointment or a request after the phone's last
  four digits (:class:`~screens.resident.lookup.OwnerScreen`, as cancel does); :func:`show_stopped` confirms.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.records import Ticket
from kiosk.ui_contract import display_code, mask_phone
from screens.base import KioskScreen
from screens.resident.result import DoneScreen
from screens.widgets import ChoiceGrid, Field, MaskedInput, Option, Say
from screens.words import service_name


def offer_words(app: Any, events: tuple[str, ...]) -> str:
    """What leaving a phone for a ticket gets the resident, as the hall sends it: the turn near, the call, or
    both."""
    ahead = app.config.notify.near_ahead
    if "near" in events and "called" in events:
        return str(app.t("notify.offer", ahead=ahead))
    return str(app.t("notify.offer_near" if "near" in events else "notify.offer_called", ahead=ahead))


class TextMeScreen(KioskScreen):
    """A ticket's mobile number, texted when its turn is near and when it is called."""

    TITLE_KEY = "notify.title"
    AUTO_FOCUS = "#input-phone"

    def __init__(self, ticket: Ticket, events: tuple[str, ...]) -> None:
        super().__init__()
        self.ticket = ticket
        #: The events the hall texts a ticket about (:meth:`~kiosk.hall.Hall.texts_offered`).
        self.events = events

    def compose_body(self) -> ComposeResult:
        """The ticket, what will be sent, the phone, the confirm target."""
        ticket = self.ticket
        yield Say(
            lambda app: app.t(
                "notify.ticket_line", number=ticket["number"], service=service_name(app, ticket["service"])
            ),
            classes="lead",
        )
        yield Say(lambda app: offer_words(app, self.events), classes="hint")
        yield Field(
            "phone",
            "notify.phone",
            MaskedInput(max_length=20, mask=lambda v: self.hall.masked("phone", v)),
            hint="notify.phone_hint",
        )
        yield Say(None, id="phone-echo", classes="field-hint")
        yield ChoiceGrid([Option("go", lambda app: app.t("notify.confirm"))], columns=1, id="confirm")

    @on(Input.Changed, "#input-phone")
    def echo(self, event: Input.Changed) -> None:
        """Under the field, the number masked as soon as it is a whole one (as the confirmation will show it); a
        landline is said beside the field at once (texts need a mobile), not only after Enter."""
        masked = self.hall.masked("phone", event.value)
        mobile = bool(masked) and bool(self.hall.texts_offered("ticket", event.value))
        echo = self.query_one("#phone-echo", Say)
        echo.say((lambda app: app.t("notify.echo", phone=masked)) if mobile else None)
        if masked and not mobile:
            self.query_one("#field-phone", Field).show_error("notify.not_mobile")

    @on(Input.Submitted)
    @on(ChoiceGrid.Picked, "#confirm")
    def leave(self) -> None:
        """Leave the number (off the event loop); a landline or a ticket no longer waiting is said in words."""
        if self.busy:
            return
        phone = self.query_one("#input-phone", Input).value
        code, lang = self.ticket["code"], self.kiosk.lang
        self.run_domain(lambda: self.hall.leave_phone(code, phone, lang), self._left)

    def _left(self, ticket: Ticket) -> None:
        phone = mask_phone(ticket.get("phone"))
        self.app.switch_screen(
            DoneScreen(
                "notify.left_title",
                code=ticket["code"],
                lines=[
                    lambda app: app.t(
                        "notify.ticket_line", number=ticket["number"], service=service_name(app, ticket["service"])
                    ),
                    lambda app: app.t("notify.left", phone=phone),
                ],
            )
        )


class ConsentScreen(KioskScreen):
    """Yes or no to texts about the booking or request being made (``question``: the catalog key that asks);
    returns the answer, None on Escape."""

    TITLE_KEY = "notify.consent_title"
    AUTO_FOCUS = "Choice"

    def __init__(self, question: str, phone: str) -> None:
        super().__init__()
        self.question = question
        #: The phone as typed; shown masked.
        self.phone = phone

    def compose_body(self) -> ComposeResult:
        """The question, yes and no (no focused), how to stop later."""
        masked = self.hall.masked("phone", self.phone) or ""
        yield Say(self.question, classes="lead")
        yield ChoiceGrid(
            [
                Option(True, lambda app: app.t("notify.consent_yes", phone=masked)),
                Option(False, lambda app: app.t("notify.consent_no"), lambda app: app.t("notify.consent_default")),
            ],
            columns=1,
            id="consent",
        )
        yield Say("notify.consent_hint", classes="hint")

    def on_screen_resume(self) -> None:
        """The default is no: the keyboard starts on it, so Enter alone says no."""
        choices = list(self.query("#consent Choice"))
        if choices:
            self.set_focus(choices[-1])

    @on(ChoiceGrid.Picked, "#consent")
    def answered(self, event: ChoiceGrid.Picked) -> None:
        """Yes or no."""
        self.dismiss(bool(event.option.value))


def show_stopped(app: Any, code: str) -> None:
    """In place of the screen on top: the confirmation that texts about ``code`` stopped. (Returns nothing: a
    callback that handed back ``switch_screen``'s awaitable would have the replaced screen wait on it for ever.)"""
    app.switch_screen(
        DoneScreen(
            "notify.stopped_title",
            lines=[lambda app: app.t("notify.stopped", code=display_code(code)), "notify.stopped_note"],
        )
    )
