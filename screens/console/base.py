"""What every screen of the counter console (``kiosk staff``) shares once a clerk is signed in.

* The clerk's session (``{id, staff, name, counter, started}`` from :meth:`kiosk.hall.Hall.sign_in`): every
  action is done under ``session["staff"]`` at ``session["counter"]``.
* A line of view tabs under the top bar (counter, appointments, requests, ratings, cases of poor ratings, report,
  texts to residents), each one key away
  from any view.
* Live data without blocking (:mod:`screens.live`): the app's watcher looks at the data file (one ``stat``) and
  the clock a few times a second, and only when another terminal (or this one) has committed something, or the
  clock turned a minute (minutes waited, overdue requests), does the screen read its view again, in a thread
  worker. A kiosk issuing a ticket or another counter's call so shows up here within about half a second.
* The end of a session, whoever ends it (signed out here, someone signing in at this counter, the same clerk
  signing in at another, an account disabled, the day closing): every screen above sign-in closes and sign-in
  says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from kiosk.errors import KioskError
from kiosk.records import StaffSession
from screens.base import KioskScreen
from screens.live import LiveScreen
from screens.widgets import KeysFooter, KeySpec, Say, TopBar, Words, binding

#: Counter states and how they are shown: light tints of green, amber and red (the hall's state too), readable on
#: the console's dark background (the terminal's red drew under 2:1 there); the words beside them stay in the
#: screen's own text.
STATE_TINTS = {"open": "#5fd75f", "paused": "#ffd75f", "closed": "#ff8787"}
STATE_STYLE = {
    "open": f"bold {STATE_TINTS['open']}",
    "paused": f"bold {STATE_TINTS['paused']}",
    "closed": STATE_TINTS["closed"],
}

#: The console's views: (name, key, catalog key of its tab label), in tab order.
VIEWS = (
    ("counter", "w", "console.tab.counter"),
    ("appointments", "a", "console.tab.appointments"),
    ("requests", "q", "console.tab.requests"),
    ("ratings", "v", "console.tab.ratings"),
    ("cases", "z", "console.tab.cases"),
    ("report", "g", "console.tab.report"),
    ("messages", "x", "console.tab.messages"),
)


class ConsoleFooter(KeysFooter):
    """The keys footer, compact: a clerk's screen has many keys and they must fit in 80 columns."""

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer.compact, True)
        self.set_class(True, "-compact")

    def retranslate(self) -> None:
        """Describe the keys again, recomposing from the footer's own message queue: ``data_bind`` in
        :meth:`compose` needs the footer as the active message pump, which ``call_after_refresh`` does not give
        for a footer on a screen below the current one (that raised ReactiveError on F2)."""
        if self.is_attached:
            self.call_later(self.recompose)

    def order(self, specs: list[KeySpec]) -> list[KeySpec]:
        """The keys of this screen first, the language key last (it is the same everywhere)."""
        return sorted(specs, key=lambda spec: spec.action == "app.toggle_language")


def counter_words(app: Any, counter_id: str) -> str:
    """A counter's name from the config ("3号窗口" / "Counter 3"), or its id."""
    try:
        return app.word(app.config.counter(counter_id).name)
    except KeyError:
        return counter_id


class ConsoleScreen(LiveScreen, KioskScreen):
    """A signed-in console screen: subclasses name their ``VIEW``, read their data in :meth:`read` (called in a
    worker thread) and show it in :meth:`show` (on the event loop); see :class:`~screens.live.LiveScreen`."""

    STAFF_FACING = True

    CSS_PATH = "console.tcss"

    BINDINGS = [binding(key, f"view('{name}')", show=False) for name, key, _ in VIEWS]

    #: Which tab this screen is (one of :data:`VIEWS`), or "" for a screen without a tab of its own.
    VIEW = ""
    #: A screen opened from a view (a request from the list) rather than a view itself.
    SUBSCREEN = False

    def __init__(self, session: StaffSession) -> None:
        super().__init__()
        self.session = session
        #: What :meth:`read` last returned: each screen's own read model (kiosk.records), hence Any here.
        self.data: Any = None

    @property
    def counter(self) -> str:
        """The counter this clerk is signed in at."""
        return str(self.session["counter"])

    @property
    def staff(self) -> str:
        """The clerk's staff id (every action is done under it)."""
        return str(self.session["staff"])

    # -- layout

    def compose(self) -> ComposeResult:
        """Top bar, the tabs and who is signed in where, the body, the notice line and the keys."""
        yield TopBar()
        with Horizontal(id="console-bar"):
            yield Say(self._tab_words, id="console-tabs")
            yield Say(self._who_words, id="console-who")
        with Vertical(id="page"):
            if self.TITLE_KEY:
                yield Say(self.TITLE_KEY, classes="title")
            yield from self.compose_body()
        yield Say(None, id="notice")
        yield ConsoleFooter()

    def _tab_words(self, app: Any) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for name, key, label in VIEWS:
            style = "bold reverse" if name == self.VIEW else ""
            text.append(f" {key} ", style="bold " + style if style else "bold")
            text.append(app.t(label) + " ", style=style)
        return text

    def _who_words(self, app: Any) -> str:
        """ "1号窗口 · 王芳"; only the clerk's name where the tabs leave too little room (80 columns in English)."""
        who = app.t(
            "console.who", counter=counter_words(app, self.counter), name=self.session["name"], staff=self.staff
        )
        room = app.size.width - cell_len(self._tab_words(app).plain) - 2  # the padding either side
        return str(who) if cell_len(who) <= room else str(self.session["name"])

    def on_resize(self) -> None:
        """A new width may give the clerk's counter room again, or take it."""
        for who in self.query("#console-who").results(Say):
            who.retranslate()

    # -- keys

    def action_view(self, name: str) -> None:
        """Open another view (the counter view is always the one underneath the others)."""
        if self.busy:
            return
        if name == self.VIEW:
            if self.SUBSCREEN:  # the request opened from the list: its tab key goes back to the list
                self.app.pop_screen()
            return
        stack = self.app.screen_stack
        counter_screen = next((s for s in stack if getattr(s, "VIEW", None) == "counter"), None)
        if name == "counter":
            while self.app.screen is not counter_screen and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            return
        if self.VIEW == "counter":
            self.kiosk.go(f"console-{name}", self.session)
        else:
            # Views replace one another above the counter screen; a request opened from the list goes too.
            while len(self.app.screen_stack) > 2 and self.app.screen_stack[-2] is not counter_screen:
                self.app.pop_screen()
            self.kiosk.go(f"console-{name}", self.session, replace=True)

    def action_back(self) -> None:
        """Escape: from a view back to the counter (or from a request back to the list)."""
        if not self.busy and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- live data

    def show(self, data: Any) -> None:
        """Put freshly read data (also in :attr:`data`) on screen: subclasses add theirs, then call this. The
        view's words are in the page (the top bar, tabs and notice line do not follow the data)."""
        for say in self.query("#page Say").results(Say):
            say.retranslate()
        self.refresh_bindings()

    # -- acting

    def act(
        self, call: Callable[[], Any], done: Callable[[Any], Any], refused: Callable[[BaseException], Any] | None = None
    ) -> None:
        """Run one domain action off the event loop, then read this screen's data again at once, in the same
        worker (the watcher would see the change too, a moment later). ``done`` gets the action's result."""
        if self.busy:
            self.app.bell()
            return

        def work() -> tuple[Any, Any, str | None]:
            result = call()
            version = self.hall.version()
            return result, self.read(), version

        def finished(outcome: tuple[Any, Any, str | None]) -> Any:
            result, data, version = outcome
            self.took(data, data.get("version") or version)
            return done(result)

        self.run_domain(work, finished, lambda error: self.refused(error, refused))

    def refused(self, error: BaseException, then: Callable[[BaseException], Any] | None = None) -> None:
        """A refusal: a session taken over ends here; anything else is said on the notice line (or ``then``)."""
        if isinstance(error, KioskError) and error.key == "staff.counter_taken":
            self.end_session(
                lambda app: app.t(
                    "console.taken_over",
                    counter=counter_words(app, self.counter),
                    holder=error.params.get("holder", ""),
                )
            )
        elif then is not None:
            then(error)
        else:
            self.show_error(error)

    def end_session(self, words: Words) -> None:
        """The session is over: close every console screen and show sign-in (the console's base screen) with
        ``words``."""
        app = self.kiosk
        while len(app.screen_stack) > 1:
            app.pop_screen()
        session_ended = getattr(app.base_screen(), "session_ended", None)
        if callable(session_ended):
            session_ended(words)


class ConsoleModal(KioskScreen, ModalScreen[Any]):
    """A small box over a console screen that returns a value (``dismiss``); Escape cancels with None."""

    STAFF_FACING = True

    CSS_PATH = "console.tcss"

    BINDINGS = [binding("escape", "back", "key.cancel")]
    #: The box's title, a catalog key or words.
    TITLE_WORDS: str | Words = ""

    def __init__(self, title: str | Words | None = None) -> None:
        super().__init__()
        self._title = title if title is not None else self.TITLE_WORDS

    def compose(self) -> ComposeResult:
        """The box: title, body, notice; the keys below."""
        with Vertical(classes="console-box"):
            yield Say(self._title, classes="title")
            yield from self.compose_body()
            yield Say(None, id="notice")
        yield ConsoleFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape always cancels."""
        if action == "back":
            return True
        return super().check_action(action, parameters)
