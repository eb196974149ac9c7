"""The staff key's prompt: a staff id and PIN; then quit the kiosk, or switch this terminal to another mode.

Residents cannot leave the kiosk any other way (ctrl+c, ctrl+q and the command palette are disabled)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from kiosk.errors import KioskError
from screens.base import KioskScreen
from screens.widgets import ChoiceGrid, Field, FormInput, KeysFooter, Option, Say, binding


class StaffPrompt(KioskScreen, ModalScreen[str | None]):
    """Staff id and PIN, then what to do with this terminal. Dismisses with "quit", a mode name, or None."""

    STAFF_FACING = True

    BINDINGS = [binding("escape", "back", "key.cancel")]
    AUTO_FOCUS = "#input-staff"
    #: Once signed in, how long the quit and switch choices stay without a choice being made: a clerk called
    #: away must not leave "quit" on a public screen until the kiosk's idle reset (a minute) comes round.
    CHOICES_SECONDS = 15.0

    def compose(self) -> ComposeResult:
        """A box over the resident's screen."""
        with Vertical(id="staff-box"):
            yield Say("staff_prompt.title", classes="title")
            yield Field("staff", "staff_prompt.staff", FormInput(max_length=20))
            yield Field("pin", "staff_prompt.pin", FormInput(max_length=12, password=True))
            yield ChoiceGrid([Option("sign_in", lambda app: app.t("staff_prompt.sign_in"))], columns=1, id="sign-in")
            yield Say(None, id="notice")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape always closes the prompt."""
        if action == "back":
            return True
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Escape closes the prompt at once, even while the PIN is being checked: staff who change their mind
        (or a burst that ends in Escape) must not leave the quit and switch choices behind for a passer-by."""
        if self.is_attached and self.app.screen is self:
            self.dismiss(None)

    @property
    def closed(self) -> bool:
        """Whether the prompt has been closed (an answer arriving now is not shown)."""
        return not self.is_attached or self not in self.app.screen_stack

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter on the PIN (or on the id, with the PIN typed) signs in; Enter on the id alone has already moved
        on to the PIN (:meth:`~screens.base.KioskScreen.field_entered`)."""
        self.enter_in_field(event.input, self.sign_in)

    def sign_in(self) -> None:
        """Check the PIN (slow hash: off the event loop). The app throttles wrong tries at this terminal."""
        if self.busy:
            return
        staff = self.query_one("#input-staff", Input).value
        pin = self.query_one("#input-pin", Input).value
        self.run_domain(lambda: self.kiosk.verify_staff(staff, pin), self._verified, self._refused)

    def _refused(self, error: BaseException) -> None:
        if self.closed:
            return
        pin = self.query_one("#input-pin", Input)
        with pin.prevent(Input.Changed):  # emptying the PIN is not typing: it must not take the message away
            pin.value = ""
        if isinstance(error, KioskError) and error.field in ("staff", "pin"):
            self.show_error(error)  # next to its field, which gets the focus
        elif isinstance(error, KioskError):
            self.notice(self.error_words(error), error=True)
            self.set_focus(pin)
        else:
            self.show_error(error)

    async def _verified(self, staff: Any) -> None:
        if self.closed:
            return  # closed while the PIN was checked: offer nothing
        modes = [
            mode for mode in ("staff", "board", "kiosk") if mode in self.app.MODES and mode != self.app.current_mode
        ]
        options = [Option("quit", lambda app: app.t("staff_prompt.quit"))]
        options += [Option(mode, lambda app, m=mode: app.t(f"staff_prompt.mode.{m}")) for mode in modes]
        for field in self.query(Field):
            field.display = False
        grid = self.query_one("#sign-in", ChoiceGrid)
        await grid.set_options(options)
        grid.focus_first()
        self.expiry = self.set_timer(self.CHOICES_SECONDS, self.expire)

    def expire(self) -> None:
        """The choices were left unused: close the prompt, so the resident's screen shows no staff action."""
        if not self.closed:
            self.dismiss(None)

    @on(ChoiceGrid.Picked, "#sign-in")
    def chosen(self, event: ChoiceGrid.Picked) -> None:
        """Sign in; once signed in, quit or switch (the app acts on the answer)."""
        if event.option.value == "sign_in":
            self.sign_in()
        else:
            self.dismiss(event.option.value)
