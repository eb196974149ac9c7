"""Sign-in at the counter console: staff id, PIN, counter.

Keyboard path: the id, Enter, the PIN, Enter, then the counter's digit (or Enter on the counter last used here).
When the console is fixed to one counter (``kiosk staff --counter 3``), Enter on the PIN signs in.

The PIN is checked by :meth:`kiosk.hall.Hall.sign_in` in a worker thread (scrypt takes about 100 ms on purpose).
A wrong PIN, an unknown or disabled id and a locked id get the same message next to the PIN: the console never
tells which ids exist or are locked. This is the bottom screen of the ``staff`` mode; the counter screen opens
above it and every way a session ends comes back here, saying why.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.records import Overview, StaffSession
from screens.base import KioskScreen
from screens.console.base import STATE_STYLE, ConsoleFooter, counter_words
from screens.widgets import Choice, ChoiceGrid, Field, FormInput, KeysFooter, Option, Say, Words


class SignInScreen(KioskScreen):
    """Staff id, PIN and counter; opens the counter screen."""

    STAFF_FACING = True

    CSS_PATH = "console.tcss"

    TITLE_KEY = "console.sign_in.title"
    CAN_GO_BACK = False
    AUTO_FOCUS = "#input-staff"

    def __init__(self, counter: str | None = None) -> None:
        super().__init__()
        #: The counter this terminal is fixed to (``kiosk staff --counter``), or None to pick one.
        self.fixed_counter = counter
        #: The counter signed in at last on this terminal: Enter on its choice signs in there again.
        self.last_counter: str | None = None
        self.states: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """As every screen, with the console's compact footer."""
        for widget in super().compose():
            yield ConsoleFooter() if isinstance(widget, KeysFooter) else widget

    def compose_body(self) -> ComposeResult:
        """The two fields and the counters."""
        self.fixed_counter = self.fixed_counter or getattr(self.kiosk, "console_counter", None)
        yield Field("staff", "console.sign_in.staff", FormInput(max_length=20))
        yield Field("pin", "console.sign_in.pin", FormInput(max_length=12, password=True))
        if self.fixed_counter:
            fixed = self.fixed_counter
            yield Say(
                lambda app: app.t("console.sign_in.fixed", counter=counter_words(app, fixed)),
                classes="lead",
                id="counter-line",
            )
        else:
            yield Say("console.sign_in.counter", classes="field-label", id="counter-line")
            yield ChoiceGrid(self._options(), columns=1, id="counters")
        yield Say("console.sign_in.hint", classes="hint")

    def _options(self) -> list[Option]:
        options = []
        for counter in self.kiosk.config.counters:

            def label(app: Any, c: Any = counter) -> Text:
                text = Text(app.word(c.name), style="bold")
                state = self.states.get(c.id)
                if state:
                    text.append("  " + app.t(f"console.state.{state}"), style=STATE_STYLE.get(state, ""))
                text.append(
                    "  " + app.t("ui.list_separator").join(app.word(app.config.service(s).name) for s in c.services),
                    style="dim",
                )
                return text

            options.append(Option(counter.id, label))
        return options

    def on_mount(self) -> None:
        """Show which counters are open (a snapshot read, off the event loop)."""
        self.load_states()

    def on_screen_resume(self) -> None:
        """Back from a session: counters' states again."""
        self.load_states()

    def load_states(self) -> None:
        """Read the counters' states for the choices."""
        if self.fixed_counter:
            return
        # Only a nicety: the choices work without it, so a failure says nothing and signing in never waits.
        self.run_domain(self.hall.overview, self._states_loaded, lambda error: None, group="states", quiet=True)

    def _states_loaded(self, overview: Overview) -> None:
        self.states = {c["id"]: c["state"] for c in overview["counters"]}
        for choice in self.query("Choice"):
            choice.refresh(layout=True)

    # -- signing in

    def field_entered(self, field: Widget) -> bool:
        """Enter on the id goes to the PIN; Enter on the PIN signs in or goes to the counters. Called as the
        field takes the key (see :class:`~screens.widgets.KeysInOrder`): the focus has moved before the next
        key of a fast typist or a badge scanner is taken."""
        if field.id == "input-staff":
            self.set_focus(self.query_one("#input-pin", Input))
        elif self.fixed_counter:
            self.sign_in(self.fixed_counter)
        else:
            self.focus_counter()
        return True

    def focus_counter(self) -> None:
        """The counters, with the last one used here under the cursor."""
        grid = self.query_one("#counters", ChoiceGrid)
        choices = list(grid.query(Choice))
        chosen = next((c for c in choices if c.option.value == self.last_counter), choices[0] if choices else None)
        if chosen is not None:
            self.set_focus(chosen)
        self.notice("console.sign_in.pick_counter")

    @on(ChoiceGrid.Picked, "#counters")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """A counter picked: sign in there (or first ask for what is still missing)."""
        self.sign_in(str(event.option.value))

    def sign_in(self, counter: str) -> None:
        """Check the id and PIN and open the counter (off the event loop)."""
        if self.busy:
            return
        staff = self.query_one("#input-staff", Input).value.strip()
        pin = self.query_one("#input-pin", Input).value
        if not staff:
            self.query_one("#field-staff", Field).show_error("console.sign_in.staff_missing")
            self.set_focus(self.query_one("#input-staff", Input))
            return
        self.run_domain(lambda: self.hall.sign_in(staff, pin, counter), self._signed_in, self._refused)

    def _refused(self, error: BaseException) -> None:
        pin = self.query_one("#input-pin", Input)
        with pin.prevent(Input.Changed):  # emptying the PIN is not typing: it must not clear the message
            pin.value = ""
        self.show_error(error)  # next to the id or the PIN when it is about one of them (it focuses that field)
        if not (isinstance(error, KioskError) and error.field in ("staff", "pin")):
            self.set_focus(self.query_one("#input-pin", Input))

    def _signed_in(self, session: StaffSession) -> None:
        self.last_counter = session["counter"]
        self.query_one("#input-pin", Input).value = ""
        self.notice(None)
        self.kiosk.go("console-counter", session)

    def session_ended(self, words: Words) -> None:
        """A session ended (signed out, taken over...): say so, and be ready for the next sign-in."""
        for name in ("staff", "pin"):
            field = self.query_one(f"#input-{name}", Input)
            with field.prevent(Input.Changed):
                field.value = ""
            self.query_one(f"#field-{name}", Field).show_error(None)
        self.notice(words)
        self.call_after_refresh(self.query_one("#input-staff", Input).focus)  # once this screen is current again
