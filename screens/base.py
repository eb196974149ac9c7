"""What every resident screen shares: the top bar, the footer of working keys, the digit and Escape keys, a
notice line, and running domain calls off the event loop with a friendly answer whatever happens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from kiosk.errors import KioskError, StoreError
from screens.typeahead import typeahead_of
from screens.widgets import ChoiceGrid, Field, KeysFooter, Page, Say, TopBar, Words, binding, in_sight

if TYPE_CHECKING:
    from kiosk.hall import Hall
    from screens.app import HallApp

T = TypeVar("T")
W = TypeVar("W", bound=Widget)
log = logging.getLogger("kiosk.screens")

#: After this long a domain call shows "one moment" rather than leave the screen looking frozen.
BUSY_AFTER_SECONDS = 0.3


class HallScreen(Screen[Any]):
    """Any screen of the app (kiosk, console, board): typed access to the app and the hall."""

    _parts_found: dict[str, Widget] | None = None

    @property
    def kiosk(self) -> HallApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def hall(self) -> Hall:
        """The hall every action goes through."""
        return self.kiosk.hall

    @property
    def is_current(self) -> bool:
        """Whether this screen can be seen: on top, or just under a modal box (seen around it).

        Textual counts the screen just under the top one as seen whatever covers it (in case the top one is
        see-through), and such a screen, once it had anything to draw, asks the screen on top to repaint all of
        itself after every message it handles: a sign-in screen under the counter screen, told of each commit, cost
        the console a whole-screen repaint per commit. Every screen of ours covers the whole terminal unless it is
        a modal box, so a covered screen draws nothing until it is back (Textual lays it out and draws it afresh
        then)."""
        return in_sight(self)

    def find(self, selector: str, expect: type[W]) -> W:
        """The screen's widget ``selector``, looked up once and kept: a screen that draws some of its widgets at
        nearly every commit of the hall would otherwise walk its whole tree of widgets for each (a tenth of what a
        busy console took). Looked up again once the widget kept has left the screen."""
        if self._parts_found is None:
            self._parts_found = {}
        found = self._parts_found.get(selector)
        if found is None or not found.is_attached:
            found = self._parts_found[selector] = self.query_one(selector, expect)
        return cast(W, found)


class KioskScreen(HallScreen):
    """A resident screen: subclasses yield their body from :meth:`compose_body`."""

    BINDINGS = [
        binding("escape", "back", "key.back"),
        binding("enter", "confirm", "key.confirm"),
        binding("tab", "next_field", "key.next_field"),
        binding("1", "pick(1)", "key.choose", key_display="1-9"),
        *(binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        binding("0", "pick(0)", show=False),
        binding("f2", "app.toggle_language", "key.language"),
    ]

    #: Small terminals get compact choices (``-short``: one row of text, no frame) and one column (``-narrow``),
    #: so that every choice and the page turn fit on screen down to 60x20 (``kiosk.tcss``).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    #: The screen's title, a catalog key.
    TITLE_KEY = ""
    #: False on the home screen: Escape has nowhere to go back to.
    CAN_GO_BACK = True
    #: The screen may hold choices or fields, which the digits, Tab and Enter work on. False for one that never does
    #: (the counter screen): its keys are then greyed without a walk through its widgets for each of those eleven
    #: keys, which a console did each time a commit greyed or lit a key.
    HOLDS_CHOICES: ClassVar[bool] = True
    #: Read by staff (the counter console, its sign-in, the staff prompt): a refusal is shown as it is, the clock's
    #: included ("this training copy is on 2026-11-23 ..."), for the clerk to act on or tell the IT person. A
    #: resident is told "please ask a member of staff" instead (:meth:`KioskError.resident_message`).
    STAFF_FACING: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self._busy_timer: Timer | None = None
        self._busy_shown = False
        self.busy = False

    def compose(self) -> ComposeResult:
        """Top bar, title, the screen's body, the notice line and the footer."""
        yield TopBar()
        with Page(id="page"):
            if self.TITLE_KEY:
                yield Say(self.TITLE_KEY, classes="title")
            yield from self.compose_body()
        yield Say(None, id="notice")
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        """The widgets of this screen (override)."""
        yield from ()

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only where there is a step to go back to; digits only where there are choices."""
        if action == "back":
            return self.CAN_GO_BACK
        if action in ("pick", "next_field", "confirm") and not self.HOLDS_CHOICES:
            return False
        if action == "pick":
            return bool(self.query(ChoiceGrid))
        if action == "next_field":
            return bool(self.query(Field))
        if action == "confirm":
            return bool(self.query(ChoiceGrid) or self.query(Field))
        return True

    def action_confirm(self) -> None:
        """Enter where no field or choice took it: the screen's confirm (or only) choice."""
        grids = [grid for grid in self.query(ChoiceGrid) if grid.display]
        if grids and len(grids[-1].page_options()) == 1:
            grids[-1].pick(1)

    def field_entered(self, field: Widget) -> bool:
        """Enter in a form field (:class:`~screens.widgets.FormInput`), called as the field takes the key, in
        order with the keys typed around it: on to the next field still empty, at once, and True; False when
        every later field is filled (then the field submits: ``Input.Submitted``)."""
        inputs = [f.input for f in self.query(Field) if f.display]
        later = inputs[inputs.index(field) + 1 :] if field in inputs else []
        empty = next((i for i in later if not i.value), None)
        if empty is None:
            return False
        self.set_focus(empty)
        return True

    def enter_in_field(self, field: Widget, submit: Callable[[], Any]) -> None:
        """Enter in a text field: on to the next field still empty, or ``submit`` when all are filled."""
        if not self.field_entered(field):
            submit()

    def on_screen_resume(self) -> None:
        """Back on this screen from a later step: the clock says the time now (it kept still while covered), and
        fields that hold a code are empty again."""
        for bar in self.query(TopBar):
            bar.tick()
        for field in self.query(Field):
            if field.forget_on_return and field.input.value:
                with field.input.prevent(Input.Changed):
                    field.input.value = ""

    def action_next_field(self) -> None:
        """Tab: the next field or choice."""
        self.focus_next()

    def action_back(self) -> None:
        """One step back."""
        if self.CAN_GO_BACK and not self.busy:
            self.dismiss(None)

    def action_pick(self, number: int) -> None:
        """A digit picks the choice with that number on this screen."""
        grids = [grid for grid in self.query(ChoiceGrid) if grid.display]
        if not grids or not grids[0].pick(number):
            self.app.bell()

    def on_choice_grid_unavailable(self, event: ChoiceGrid.Unavailable) -> None:
        """A closed day or a full slot was picked: say so, pick nothing."""
        self.notice("ui.unavailable")

    # -- messages

    def notice(self, words: str | Words | None, *, error: bool = False, **params: Any) -> None:
        """Say something on the notice line (None clears it)."""
        line = self.query_one("#notice", Say)
        line.say(words, **params)
        line.set_class(error, "-error")

    def show_error(self, error: BaseException) -> None:
        """A refusal next to its field when the screen has that field, otherwise on the notice line."""
        if isinstance(error, KioskError):
            field = getattr(error, "field", None)
            message = self.error_words(error)
            fields = [f for f in self.query(Field) if f.field_name == field] if field else []
            if fields:
                fields[0].show_error(message)
                self.set_focus(fields[0].input)  # at once: keys typed from now on belong there
                self.notice(None)
            elif isinstance(error, StoreError):
                self.notice("ui.store_trouble", error=True)
            else:
                self.notice(message, error=True)
        else:
            self.notice("ui.internal_error", error=True)

    def error_words(self, error: KioskError) -> Words:
        """What this screen says of ``error``: its whole message to staff, its resident form to a resident (see
        :attr:`STAFF_FACING`)."""
        if self.STAFF_FACING:
            return lambda app: error.message(app.lang)
        return lambda app: error.resident_message(app.lang)

    # -- domain calls, off the event loop

    def run_domain(
        self,
        call: Callable[[], T],
        done: Callable[[T], Any],
        failed: Callable[[BaseException], Any] | None = None,
        *,
        group: str = "domain",
        quiet: bool = False,
    ) -> None:
        """Run ``call`` (a hall method: store I/O) in a thread; then ``done(result)`` or ``failed(error)`` on
        the event loop. The one wrapper for a domain call from a screen (live views read through
        :class:`~screens.live.LiveScreen`). A store that answers slowly shows "one moment" instead of a frozen
        screen, and the screen is busy meanwhile (Escape waits); a ``quiet`` call (a nicety read beside the
        resident's work) does neither, and its bug is ``failed``'s too."""
        if not quiet:
            self.busy = True
            hold = typeahead_of(self.app)
            if hold is not None:  # keys typed from now on wait for the result (screens/typeahead.py)
                hold.changing()
            if self._busy_timer is not None:
                self._busy_timer.stop()
            self._busy_timer = self.set_timer(BUSY_AFTER_SECONDS, self._show_busy)
        on_error = failed or self.show_error
        on_bug = on_error if quiet else self.show_error

        def work() -> None:
            try:
                result = call()
            except KioskError as error:
                self.app.call_from_thread(self._finished, on_error, error, quiet, True)
            except Exception as error:  # a bug: logged, and the resident gets a polite line, never a traceback
                log.exception("domain call failed")
                self.app.call_from_thread(self._finished, on_bug, error, quiet, True)
            else:
                self.app.call_from_thread(self._finished, done, result, quiet)

        self.run_worker(work, thread=True, group=group, exclusive=True, exit_on_error=False)

    def _show_busy(self) -> None:
        if self.busy:
            self.notice("ui.one_moment")
            self._busy_shown = True

    def _finished(self, then: Callable[[Any], Any], value: Any, quiet: bool = False, failed: bool = False) -> None:
        if not quiet:
            self.busy = False
            if self._busy_timer is not None:
                self._busy_timer.stop()
                self._busy_timer = None
            if self._busy_shown:  # take "one moment" away, but leave any other message standing
                self._busy_shown = False
                self.notice(None)
        # call_later awaits coroutine callbacks (those that recompose a choice grid) and runs plain ones.
        self.call_later(then, value)
        hold = typeahead_of(self.app)
        if hold is not None and not quiet:  # the held keys go on once the result is shown ...
            if failed:
                hold.refused()  # ... unless it was a refusal: they were typed for what did not happen
            hold.settle()

    def reset(self) -> None:
        """Forget what was typed (the home screen refreshes instead)."""

    def focus_first_choice(self) -> None:
        """Keyboard focus on the first choice, if any."""
        for grid in self.query(ChoiceGrid):
            grid.focus_first()
            return


def field_values(screen: Widget) -> dict[str, str]:
    """The values typed in each field of ``screen``, by field name."""
    return {field.field_name: field.input.value for field in screen.query(Field)}
