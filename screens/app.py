"""The Textual application: a thin shell that holds the hall, the language and the terminal's mode.

Everything a resident sees is a screen in :mod:`screens`; every rule is in the domain (:class:`kiosk.hall.Hall`).
The app adds only what is the same on every screen:

* the language (``lang``), switched at once on every screen of the stack;
* the idle reset: after ``idle_seconds`` without a key or touch, any screen returns home and forgets what was
  typed;
* the lock-down: ctrl+c, ctrl+q and the command palette do nothing, so a resident cannot leave the kiosk; the
  staff key opens a PIN prompt through which staff may quit or switch the terminal to another mode;
* the one watcher of the shared data file (:class:`~screens.live.HallWatcher`, a thread), which tells the screens
  what changed in the hall (:mod:`screens.live` describes the whole live-data path);
* navigation by name (:meth:`HallApp.go`): screens open one another through :data:`screens.ROUTES`, never by
  importing one another;
* the terminal's profile (``--terminal``: :class:`kiosk.terminals.Terminal`): its language, and its slip printer,
  which :meth:`HallApp.print_slip` drives in a worker thread of its own, so no screen ever waits on paper; and its
  speakers (``sound``), for which :meth:`HallApp.make_announcer` builds the board's
  :class:`~kiosk.voice.Announcer` (the board speaks its calls in step with its banner).

This is the only module of :mod:`kiosk` that imports Textual (a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from kiosk.clock import Clock
from kiosk.config import HallConfig, Text
from kiosk.errors import KioskError, Refused
from kiosk.hall import Hall
from kiosk.i18n import LANGUAGES, translate
from kiosk.records import PrintOutcome, StaffSession
from kiosk.terminals import PrinterProfile, Terminal
from kiosk.ui_contract import TerminalThrottle, Throttle

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.voice import Announcer, Spoken
from screens import ROUTES, StaffPrompt
from screens.live import Changes, HallChanged, HallWatcher
from screens.theme import HIGH_CONTRAST
from screens.typeahead import TypeAhead

#: The keys that open the staff prompt. Not shown in the resident's footer; staff learn them from the README. F12
#: at a terminal; in a browser F12 opens the developer tools unless policy turns them off, so F9, which no browser
#: takes for itself, does the same everywhere.
STAFF_KEY = "f12"
STAFF_KEYS = (STAFF_KEY, "f9")

#: Themes: the config's ``theme`` picks one. High contrast is for low-vision residents and glare on the screen.
THEMES = {"default": "textual-dark", "high-contrast": "hall-high-contrast"}


class HallApp(App[None]):
    """The kiosk application: ``MODES`` are the resident kiosk, the counter console, the display board and a
    counter's rating pad."""

    TITLE = "Hall Kiosk"
    CSS_PATH = "kiosk.tcss"
    MODES = {"kiosk": ROUTES["home"], "staff": ROUTES["sign-in"], "board": ROUTES["board"], "pad": ROUTES["pad"]}
    #: How often the watcher checks the data file (one ``stat``) and the hall's clock.
    WATCH_SECONDS = 0.25
    ENABLE_COMMAND_PALETTE = False
    # Residents must not be able to leave: these replace Textual's quit and copy bindings with a polite no-op.
    BINDINGS = [
        Binding("ctrl+q", "blocked", show=False, priority=True),
        Binding("ctrl+c", "blocked", show=False, priority=True),
        Binding("ctrl+p", "blocked", show=False, priority=True),
        Binding(",".join(STAFF_KEYS), "staff_prompt", show=False, priority=True),
    ]

    def __init__(
        self,
        hall: Hall,
        *,
        mode: str = "kiosk",
        lang: str | None = None,
        idle_seconds: float | None = None,
        idle_check_seconds: float = 1.0,
        slip_seconds: float = 20.0,
        watch_seconds: float | None = None,
        counter: str | None = None,
        throttle: Throttle | None = None,
        terminal: Terminal | None = None,
    ) -> None:
        super().__init__()
        self.hall = hall
        self.config: HallConfig = hall.config
        #: This terminal's profile (``--terminal``), or None: a face as it always was.
        self.terminal = terminal
        #: The language the kiosk returns to when idle: the profile's, else the hall's.
        self.home_language = (terminal.language if terminal else None) or hall.config.language
        self.start_mode = mode
        self.idle_seconds = float(idle_seconds if idle_seconds is not None else hall.config.idle_seconds)
        self.idle_check_seconds = idle_check_seconds
        #: How long a ticket or confirmation slip stays before the screen returns home.
        self.slip_seconds = slip_seconds
        #: How often the watcher looks at the data file and the clock (:meth:`watch_hall`).
        self.watch_seconds = watch_seconds if watch_seconds is not None else self.WATCH_SECONDS
        #: The hall as the watcher last told it: the data file's version (None: unreadable) and the clock's minute.
        self.hall_state: tuple[str | None, str] = (None, "")
        self.watcher: HallWatcher | None = None
        self._lang = lang if lang in LANGUAGES else self.home_language
        self.last_activity: datetime = hall.now()
        #: The counter a staff console is fixed to (``kiosk staff --counter``), or None: the clerk picks one.
        self.console_counter = counter
        #: The counter this terminal stands at: the console's fixed one, or the rating pad's (``kiosk pad``).
        self.counter = counter
        #: This terminal's waits after wrong codes or digits (:mod:`kiosk.throttle`); kept for the app's life.
        self.throttle = throttle or Throttle()
        #: Wrong tries at this terminal's staff key (F12), slowed down here rather than locking the account.
        self.staff_key_throttle = TerminalThrottle()
        #: Keys typed before the outcome of an earlier key is on screen wait here (:mod:`screens.typeahead`).
        self.typeahead = TypeAhead(self, hall.now, staff_keys=STAFF_KEYS)
        #: Builds an announcer for this terminal's speakers, given what to call as each call has been spoken (from
        #: the speaking thread): :meth:`make_announcer`, unless a test puts its own voices and player in its place.
        #: Called in a worker thread (choosing voices reads files).
        self.announcer_factory: Callable[[Callable[[Spoken], None]], Announcer] = self.make_announcer

    # -- language

    @property
    def lang(self) -> str:
        """The language every screen shows now ("zh-Hans" or "en")."""
        return self._lang

    def t(self, key: str, **params: Any) -> str:
        """The catalog message ``key`` in the current language."""
        return self.t_in(self._lang, key, **params)

    def word(self, text: Text | dict[str, str] | None) -> str:
        """A bilingual config or data text (a :class:`Text` or ``{"zh-Hans": .., "en": ..}``) in the current
        language."""
        return self.word_in(self._lang, text)

    @staticmethod
    def t_in(lang: str, key: str, **params: Any) -> str:
        """The catalog message ``key`` in ``lang``, whatever the current language (the board says both)."""
        return translate(lang, key, **params)

    @staticmethod
    def word_in(lang: str, text: Text | dict[str, str] | None) -> str:
        """A bilingual config or data text in ``lang`` (the first one it has when it lacks ``lang``)."""
        if text is None:
            return ""
        if isinstance(text, Text):
            return text.get(lang)
        return text.get(lang) or next(iter(text.values()), "")

    def set_language(self, lang: str) -> None:
        """Switch every word on every screen of the stack, the footer's keys included, at once."""
        if lang not in LANGUAGES or lang == self._lang:
            return
        self._lang = lang
        for screen in self.screen_stack:
            for node in [screen, *screen.query("*")]:
                retranslate = getattr(node, "retranslate", None)
                if callable(retranslate):
                    retranslate()
            screen.refresh_bindings()

    def action_toggle_language(self) -> None:
        """简体中文 <-> English."""
        self.set_language("en" if self._lang == "zh-Hans" else "zh-Hans")
        self.touch()

    # -- lifecycle

    def on_mount(self) -> None:
        """Pick the theme, start on the mode asked for, and start watching the hall and for idleness."""
        self.register_theme(HIGH_CONTRAST)
        self.theme = THEMES.get(self.config.theme, "textual-dark")
        self.hall_state = self._look()  # where the watcher starts from: one stat, once
        self.watcher = HallWatcher(self.hall, self.watch_seconds, self._tell, self.hall_state)
        self.watcher.start()
        self.switch_mode(self.start_mode)
        self.set_interval(self.idle_check_seconds, self.reset_if_idle)
        if self.printer is not None:
            # The printer library takes half a second to import: once, now, beside the home screen, rather than
            # on the first resident's slip. A terminal without a printer never loads it.
            self.run_worker(self.hall.prepare_printing, thread=True, group="print", exit_on_error=False)

    def on_unmount(self) -> None:
        """Stop watching."""
        if self.watcher is not None:
            self.watcher.stop()

    # -- the terminal's printer

    @property
    def printer(self) -> PrinterProfile | None:
        """The slip printer of this terminal's profile, if it has one."""
        return self.terminal.printer if self.terminal is not None else None

    def print_slip(self, code: str, lang: str, done: Any) -> None:
        """Print the slip of ``code`` in ``lang`` on this terminal's printer, in a worker thread of the app (it
        outlives the slip screen: a resident may go home before the paper is out); then ``done(outcome)`` on the
        event loop with the :class:`~kiosk.records.PrintOutcome` (a fault comes as ``ok`` false, never raised).
        Nothing happens without a printer."""
        printer, terminal = self.printer, self.terminal
        if printer is None or terminal is None:
            return

        def work() -> None:
            try:
                outcome: PrintOutcome = self.hall.print_slip(code, printer, terminal=terminal.id, lang=lang)
            except Exception as error:  # noqa: BLE001  (an unknown code, a store failure: said as a fault)
                self.log.error(f"printing {code} failed: {error!r}")
                outcome = {"code": code, "terminal": terminal.id, "ok": False, "reason": "error", "detail": None}
            self.call_from_thread(done, outcome)

        self.run_worker(work, thread=True, group="print", exit_on_error=False)

    # -- the terminal's speakers

    @property
    def sound(self) -> bool:
        """True when this terminal's profile turns its speakers on (``sound = { enabled = true }``)."""
        return self.terminal is not None and self.terminal.sound.enabled

    def make_announcer(self, on_spoken: Callable[[Spoken], None]) -> Announcer:
        """An announcer for this terminal's speakers: ``[announce]``'s voices, played by the profile's
        ``sound.player`` (else ``[announce] player``). Its bell does nothing: the board rings the app's bell itself,
        once per call, as it always has. Runs in a worker thread (choosing voices looks for clips and espeak-ng)."""
        profile = self.terminal.sound.player if self.terminal is not None else None
        return self.hall.announcer(profile, on_spoken)

    # -- live data

    def _look(self) -> tuple[str | None, str]:
        try:
            version: str | None = self.hall.version()
        except (KioskError, OSError):  # missing or being replaced: the screens' reads say what is wrong
            version = None
        return version, self.hall.now().isoformat()[:16]

    def watch_hall(self) -> None:
        """Have the watcher look now rather than at its next tick (a screen back on top catches up so); what it
        finds comes as :class:`~screens.live.HallChanged` a moment later."""
        if self.watcher is not None:
            self.watcher.poke()

    def _tell(self, version: str | None, minute: str, changes: Changes, since: str | None) -> None:
        """From the watcher's thread: a change, handed to the event loop (``post_message`` is thread-safe)."""
        self.post_message(HallChanged(version, minute, changes, since))

    def on_hall_changed(self, event: HallChanged) -> None:
        """The watcher saw a commit, or the clock turned a minute: note it, and tell every screen of the stack;
        each reads again only if the change concerns it (:class:`~screens.live.LiveScreen`)."""
        self._changed(event.version, event.minute, event.changes, event.since)

    def _changed(self, version: str | None, minute: str, changes: Changes, since: str | None) -> None:
        """The hall changed (the watcher saw a commit, or the clock turned a minute): tell every screen of the
        stack; each reads again only if the change concerns it (:class:`~screens.live.LiveScreen`)."""
        self.hall_state = (version, minute)
        for screen in self.screen_stack:
            screen.post_message(HallChanged(version, minute, changes, since))

    # -- navigation

    def go(self, name: str, *args: Any, replace: bool = False, then: Any = None, **kwargs: Any) -> None:
        """Open the screen named ``name`` in :data:`screens.ROUTES`, built from ``args`` and ``kwargs``: on top of
        this one, or in its place with ``replace``; ``then`` gets the value it is dismissed with."""
        screen = ROUTES[name](*args, **kwargs)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen, then)

    async def on_event(self, event: events.Event) -> None:
        """Every key, click or touch counts as activity for the idle reset (seen here, before any widget). A key
        typed before the outcome of an earlier one is on screen waits for it (:mod:`screens.typeahead`)."""
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.touch()
        typed = isinstance(event, events.Key) and not event.is_forwarded
        if typed and self.typeahead.take(event):  # type: ignore[arg-type]
            return
        await super().on_event(event)
        if typed:
            self.typeahead.forwarded(event)  # type: ignore[arg-type]

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Textual's, but keys typed from now on wait for the new screen (:mod:`screens.typeahead`)."""
        self.typeahead.changing()
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, screen: Screen[Any] | str) -> Any:
        """Textual's, but keys typed from now on wait for the new screen (:mod:`screens.typeahead`)."""
        self.typeahead.changing()
        return super().switch_screen(screen)

    def pop_screen(self) -> Any:
        """Textual's, but keys typed from now on wait for the screen below (:mod:`screens.typeahead`)."""
        self.typeahead.changing()
        return super().pop_screen()

    def touch(self) -> None:
        """Note activity now."""
        self.last_activity = self.hall.now()

    def reset_if_idle(self) -> None:
        """Return home when nobody has touched the kiosk for ``idle_seconds``."""
        if self.current_mode != "kiosk":
            return  # a counter console or a board is not a resident's session
        idle = (self.hall.now() - self.last_activity).total_seconds()
        if idle >= self.idle_seconds and (len(self.screen_stack) > 1 or self._lang != self.home_language):
            self.go_home()
            # The next resident starts in the terminal's language (its profile's, else kiosk.toml ``language``).
            self.set_language(self.home_language)

    def go_home(self) -> None:
        """Close every screen above home; what was typed on them is gone with them."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        home = self.screen_stack[0]
        reset = getattr(home, "reset", None)
        if callable(reset):
            reset()
        self.touch()

    # -- lock-down

    def action_blocked(self) -> None:
        """Quit, copy and the command palette are not for residents."""
        self.bell()

    def action_staff_prompt(self) -> None:
        """Open the staff PIN prompt; on success staff choose to quit or switch this terminal's mode."""
        if isinstance(self.screen, StaffPrompt):
            return
        self.go("staff-prompt", then=self._staff_choice)

    def _staff_choice(self, choice: str | None) -> None:
        if choice is None:
            return
        session = self.console_session()
        if session is not None:
            # Leaving the counter console signs its clerk out first (and closes the counter), off the loop.
            self.run_worker(lambda: self._leave_console(session, choice), thread=True, exit_on_error=False)
        else:
            self._carry_out(choice)

    def console_session(self) -> StaffSession | None:
        """The clerk's session of the counter console in this app, if one is open."""
        # Only the current mode: leaving the console (below) always signs out, so no other mode keeps one.
        for screen in self.screen_stack:
            session = getattr(screen, "session", None)
            if isinstance(session, dict) and "staff" in session and "counter" in session:
                return cast(StaffSession, session)
        return None

    def _leave_console(self, session: StaffSession, choice: str) -> None:
        try:
            self.hall.sign_out(session)
        except KioskError as error:  # still serving someone: stay, and say why
            self.call_from_thread(self.notify, error.message(self._lang), severity="error")
            return
        except Exception as error:  # noqa: BLE001  (a store failure: stay; never a traceback)
            self.call_from_thread(self.notify, translate(self._lang, "ui.store_trouble"), severity="error")
            self.log.error(f"sign-out failed: {error!r}")
            return
        self.call_from_thread(self._carry_out, choice)

    def _carry_out(self, choice: str) -> None:
        if choice == "quit":
            self.exit()
        elif choice in self.MODES and choice != self.current_mode:
            self.switch_mode(choice)

    def verify_staff(self, staff_id: str, pin: str) -> Any:
        """Check a staff id and PIN at this terminal's staff key (raises a :class:`KioskError` when wrong). Runs
        in a worker thread: scrypt is deliberately slow.

        Wrong tries are throttled here, per terminal (:class:`~kiosk.staff.TerminalThrottle`), and not counted
        towards the account's lockout, so that nobody at a public kiosk or board can lock a clerk out of the
        console; they are still audited. A try while throttled is refused without checking the PIN."""
        wait = self.staff_key_throttle.wait(self.hall.now())
        if wait:
            raise Refused("staff_prompt.wait", field="pin", seconds=wait)
        if not self.hall.list_staff():
            # A fresh install: say how to make the first account rather than "wrong PIN" for ever.
            raise Refused("staff_prompt.no_accounts")
        try:
            account = self.hall.verify_staff(staff_id, pin, count_failure=False)
        except KioskError as error:
            if error.key == "staff.sign_in_failed":
                self.staff_key_throttle.failed(self.hall.now())
                raise Refused("staff_prompt.wrong", field="pin") from None
            raise
        self.staff_key_throttle.succeeded()
        return account

    def base_screen(self) -> Screen[Any]:
        """The bottom screen of the current mode (home, for the kiosk)."""
        return self.screen_stack[0]


def make_app(config: HallConfig, store: Store, clock: Clock | None = None, **options: Any) -> HallApp:
    """The app for ``config`` on ``store`` with ``clock``: what the CLI runs and what the tests drive."""
    hall = Hall(config, store, clock)
    return HallApp(hall, **options)
