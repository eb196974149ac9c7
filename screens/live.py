"""Live data: the one path by which a screen shows the hall as it is now, whoever changed it.

Every terminal (kiosks, counters, the board, the command line) writes the one shared data file, so what a screen
shows can change under it at any moment. The path, end to end:

1. **The app watches** (:class:`HallWatcher`, a thread of its own, so that no look blocks the event loop): every
   ``watch_seconds`` one ``stat`` of the data file (:meth:`kiosk.hall.Hall.version`) and a look at the hall's
   clock. Only when the file was committed to does it ask the hall what changed
   (:meth:`kiosk.hall.Hall.changed_since`: the tables and records written, or None for "everything"); only then,
   or when the hall's clock turned a minute (open or closed, minutes waited and overdue requests follow the clock
   alone), does it post :class:`HallChanged`, through the app, to every screen of the stack.
2. **The screen decides** (:class:`LiveScreen`): a screen reads its view again only when the change touches a
   table it reads (:meth:`LiveScreen.reads`; the meta table, written by every commit, is nobody's), or the minute
   turned and its view follows the clock (:attr:`LiveScreen.CLOCK`), and its last read does not already cover
   it. A screen covered by another (unless it keeps watching while covered,
   :attr:`LiveScreen.LIVE_WHEN_COVERED`) only notes that it is behind, and reads when it comes back on top; on
   mount it reads at once.
3. **One read at a time, in a thread** (:meth:`LiveScreen.reload`): a single exclusive thread worker calls the
   screen's :meth:`~LiveScreen.read` (store I/O allowed there, widgets not) and posts the typed result back,
   :class:`LiveScreen.ViewRead` or :class:`LiveScreen.ReadFailed`. A change while a read is under way asks for
   exactly one more read after it; a view that is costly to read is read again at most once per
   :attr:`LiveScreen.COST_FACTOR` times its last read took.
4. **The screen shows** (:meth:`LiveScreen.show`, on the event loop), or says politely that the data cannot be
   read now (:meth:`LiveScreen.read_failed`: the last data stays up) and tries again on the next change, or
   after one more tick of the watcher. What it shows, each widget updates only if its own part changed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.message import Message
from textual.timer import Timer

from kiosk.errors import KioskError, StoreError
from kiosk.ui_contract import META_TABLE
from screens.base import HallScreen
from screens.widgets import Say, Words, in_sight

if TYPE_CHECKING:
    from kiosk.hall import Hall

log = logging.getLogger("kiosk.screens.live")


#: What changed in the hall: table name -> keys of the records written or removed; None: "everything" (it cannot
#: be told). See :meth:`kiosk.hall.Hall.changed_since`.
Changes = Mapping[str, frozenset[str]] | None


@dataclass
class HallChanged(Message, bubble=False):
    """The hall changed since the watcher's last look: the data file was committed to (``version``), or the hall's
    clock turned a minute (``minute``, ``YYYY-MM-DDTHH:MM``). Posted by the app for its watcher."""

    #: The data file's version token now, or None when it cannot be read (missing, being replaced).
    version: str | None
    #: The hall clock's minute now.
    minute: str
    #: What changed between the watcher's previous look (``since``) and this one: tables and the keys of their
    #: records written or removed (empty when only the minute turned); None: "everything".
    changes: Changes = None
    #: The data file's version at the watcher's previous look: a screen that did not hear of that one missed a
    #: change, and takes this one for "everything".
    since: str | None = None


class HallWatcher:
    """The app's one watcher, in a thread: looks at the data file (one ``stat``) and the hall's clock every
    ``seconds`` (or at once when poked, :meth:`poke`), asks the hall what a commit changed, and hands each change to
    ``tell`` (from the thread: ``tell`` must be thread-safe, such as ``post_message``). Nothing when nothing
    changed."""

    def __init__(self, hall: Hall, seconds: float, tell: Any, state: tuple[str | None, str]) -> None:
        self.hall = hall
        self.seconds = seconds
        self.tell = tell
        #: The hall as last seen: the data file's version and the clock's minute.
        self.state = state
        #: Looks done so far (a test waits for the next one).
        self.looks = 0
        self._poke = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hall-watch", daemon=True)

    def start(self) -> None:
        """Start looking."""
        self._thread.start()

    def stop(self) -> None:
        """Stop looking (the thread ends within a moment)."""
        self._stop.set()
        self._poke.set()

    def poke(self) -> None:
        """Look now rather than at the next tick."""
        self._poke.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._poke.wait(self.seconds)
            self._poke.clear()
            if self._stop.is_set():
                return
            try:
                self.look()
            except Exception:  # a bug: logged, and the next tick looks again
                log.exception("the hall watcher's look failed")
            self.looks += 1

    def look(self) -> None:
        """One look: stat, and when the file changed, what changed; tell it, if anything did."""
        try:
            version: str | None = self.hall.version()
        except (KioskError, OSError):  # missing or being replaced: the screens' reads say what is wrong
            version = None
        minute = self.hall.now().isoformat()[:16]
        since, _ = self.state
        if (version, minute) == self.state:
            return
        changes: Changes = {}
        if version != since:
            changes = None
            if version is not None and since is not None:
                try:
                    changes = self.hall.changed_since(since)
                except (KioskError, OSError):
                    changes = None
        self.state = (version, minute)
        self.tell(version, minute, changes, since)


def trouble_words(error: BaseException) -> Words:
    """What a resident or clerk reads when a view cannot be read: the domain's own message for a refusal (a
    request that is gone), otherwise a polite "try again shortly" (a store failure, or a bug, which is logged);
    never a path or a traceback. In the language shown, also after F2."""
    if isinstance(error, KioskError) and not isinstance(error, StoreError):
        return lambda app: error.message(app.lang)
    return lambda app: app.t("ui.store_trouble")


class LiveScreen(HallScreen):
    """A screen that shows the hall as it is now: subclasses read their view in :meth:`read` (in a worker
    thread) and put it on screen in :meth:`show` (on the event loop). See the module docstring for the path."""

    #: Keep reading while another screen is on top (the counter screen notices a lost session; the board keeps
    #: announcing under the staff prompt).
    LIVE_WHEN_COVERED: ClassVar[bool] = False
    #: A view is read again at most once per this many times its last read took, however busy the hall: a costly
    #: view (a month of ratings, a report) then keeps its worker to about a tenth of a core.
    COST_FACTOR: ClassVar[float] = 10.0
    #: The tables the view reads (:mod:`kiosk.ui_contract` names them); None: it may read any. A change to
    #: none of them does not make the screen read (:meth:`reads` may say it per state of the screen).
    READS: ClassVar[frozenset[str] | None] = None
    #: The view follows the hall's clock (open or closed, minutes waited): a new minute makes it read again.
    CLOCK: ClassVar[bool] = True
    #: Changes made elsewhere make the view read again at most once per this many seconds (0: at each one), unless
    #: :meth:`urgent`. A view that nobody acts on the instant it changes (the kiosk's home, a report, the board's
    #: queue lengths) says more: on a busy day it then reads and draws a few times a minute instead of at every
    #: commit. Its own actions, and coming back on top, read at once.
    REFRESH_SECONDS: ClassVar[float] = 0.0

    @dataclass
    class ViewRead(Message, bubble=False):
        """A read finished (posted from the worker thread)."""

        #: What :meth:`LiveScreen.read` returned.
        data: Any
        #: The data file's version the data shows (the snapshot's own when it says, else the one stat'ed just
        #: before the read), and the hall clock's minute when the read began.
        version: str | None
        minute: str
        #: How long the read took.
        seconds: float

    @dataclass
    class ReadFailed(Message, bubble=False):
        """A read failed (posted from the worker thread); ``error`` is the domain's or a bug's."""

        error: BaseException

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What the last read returned (None until the first read).
        self.data: Any = None
        #: True while the view cannot be read: the last data stays up, with a polite line.
        self.trouble = False
        #: How long the last read took (in its worker thread).
        self.read_seconds = 0.0
        #: The data file's version of what is shown (None until the first read).
        self.shown_version: str | None = None
        # The hall (version, minute) the latest read started is sure to include: a HallChanged equal to it
        # needs no read.
        self._covered: tuple[str | None, str] | None = None
        # The one loading flag, and the one further read asked for while it is up.
        self._reading = False
        self._again = False
        self._read_ended = 0.0
        self._read_started = float("-inf")
        self._later: Timer | None = None
        self._later_at = 0.0
        # The latest hall (version, minute) this screen heard of, and whether a change it did not read yet
        # concerns it (a covered screen reads when it is back on top).
        self._known: tuple[str | None, str] | None = None
        self._behind = False

    # -- when to read

    def on_mount(self) -> None:
        """The first read (unless one is already under way)."""
        if self._covered is None and not self._reading:
            self.reload()

    def reads(self) -> frozenset[str] | None:
        """The tables the view reads now (:attr:`READS` unless a screen says otherwise); None: any."""
        return self.READS

    def follows_clock(self) -> bool:
        """Whether a new minute changes the view now (:attr:`CLOCK` unless a screen says otherwise)."""
        return self.CLOCK

    def urgent(self, changes: Changes) -> bool:
        """Whether ``changes`` (None: everything) must be shown at once, whatever :attr:`REFRESH_SECONDS` (a call
        on the board); none are unless a screen says so. An urgent change read now takes the others waiting along."""
        return False

    def concerns(self, changes: Changes) -> bool:
        """Whether ``changes`` (None: everything) touch what this view reads. The meta table alone never does:
        every commit writes it."""
        if changes is None:
            return True
        tables = {name for name, _ in changes.items() if name != META_TABLE}
        reads = self.reads()
        return bool(tables) if reads is None else not tables.isdisjoint(reads)

    def on_hall_changed(self, event: HallChanged) -> None:
        """The app's watcher saw a change: read again when it concerns this view and the last read does not
        already cover it (covered by another screen, only note it)."""
        missed = self._known is None or self._known[0] != event.since
        self._known = (event.version, event.minute)
        changes = None if missed else event.changes
        covered = self._covered
        if not self.trouble and covered is not None:
            if (event.version, event.minute) == covered:
                return
            changed = event.version != covered[0] and self.concerns(changes)
            if not changed and not (event.minute != covered[1] and self.follows_clock()):
                return
        if self.in_sight or self.LIVE_WHEN_COVERED:
            self.reload(change=True, urgent=event.version != (covered or (None,))[0] and self.urgent(changes))
        else:
            self._behind = True

    @property
    def in_sight(self) -> bool:
        """On top, or just under a modal box (seen around it)."""
        return in_sight(self)

    def on_screen_resume(self) -> None:
        """Back on top: catch up with what changed while covered (or while another mode was shown), and with a
        change seen just before that still waits for :meth:`min_interval` (the screen is looked at afresh: what it
        shows must be now), and have the watcher look now."""
        self.kiosk.watch_hall()
        deferred = self._later is not None
        if self.trouble or self._covered is None or self._behind or deferred or self._known != self.kiosk.hall_state:
            self.reload()

    def forget_shown(self) -> None:
        """Make the next change, or coming back on top, read afresh."""
        self._covered = None

    # -- reading

    def reload(self, *, change: bool = False, urgent: bool = False) -> None:
        """Read the view again: now, or as soon as the read under way ends (one more read however many changes
        came meanwhile), or once a costly view's cool-down is over (for a ``change`` seen by the watcher that is
        not ``urgent``, also :meth:`min_interval` after the last read began)."""
        if not self.is_attached:
            return
        if self._reading:
            self._again = True
            return
        ready = self._read_ended + self.read_seconds * self.COST_FACTOR
        if change and not urgent:
            ready = max(ready, self._read_started + self.min_interval())
        wait = ready - time.monotonic()
        if wait > 0:
            # Read when the cool-down ends, or sooner if already due sooner (a retry after a failure may be set for
            # a whole tick of the watcher later, and a change seen meanwhile need not wait for it).
            if self._later is None or self._later_at > ready:
                if self._later is not None:
                    self._later.stop()
                self._later = self.set_timer(wait, self._cooled_down, name="live-later")
                self._later_at = ready
            return
        if self._later is not None:
            self._later.stop()
            self._later = None
        self._reading, self._again, self._behind = True, False, False
        self._covered = self._known = self.kiosk.hall_state
        self._read_started = time.monotonic()
        self._read_view()

    def min_interval(self) -> float:
        """Seconds at least between the starts of two reads that changes elsewhere caused: :attr:`REFRESH_SECONDS`."""
        return self.REFRESH_SECONDS

    def _cooled_down(self) -> None:
        self._later = None
        self.reload()

    @work(thread=True, exclusive=True, group="live-read", exit_on_error=False)
    def _read_view(self) -> None:
        """The worker: stat, read, and post the result back (only ``post_message`` is safe from a thread)."""
        started = time.monotonic()
        minute = self.hall.now().isoformat()[:16]
        try:
            version = self.hall.version()
            data = self.read()
        except Exception as error:  # said politely on screen; a bug is logged, once per trouble
            if not isinstance(error, KioskError) and not self.trouble:
                log.exception("live read failed")
            self.post_message(self.ReadFailed(error))
        else:
            own = data.get("version") if isinstance(data, dict) else None
            self.post_message(self.ViewRead(data, own or version, minute, time.monotonic() - started))

    def read(self) -> Any:
        """This screen's view (runs in a worker thread: store I/O is allowed here, widgets are not)."""
        return None

    def on_live_screen_view_read(self, message: ViewRead) -> None:
        """Fresh data: show it, take any apology away, and read once more if a change came meanwhile."""
        self._read_done(message.seconds)
        if not self._again and message.version is not None:
            self._covered = (message.version, message.minute)
        self.took(message.data, message.version)
        if self._again:
            self.reload()

    def on_live_screen_read_failed(self, message: ReadFailed) -> None:
        """The read failed: the last data stays up with a polite line; try again on the next change, or after one
        more tick of the watcher."""
        self._read_done(None)
        if not self.is_attached:
            return
        self.trouble = True
        self.read_failed(message.error)
        if self._again:
            self.reload()
        elif self._later is None:
            self._later = self.set_timer(self.kiosk.watch_seconds, self._cooled_down, name="live-retry")
            self._later_at = time.monotonic() + self.kiosk.watch_seconds

    def _read_done(self, seconds: float | None) -> None:
        self._reading = False
        self._read_ended = time.monotonic()
        if seconds is not None:
            self.read_seconds = seconds

    def took(self, data: Any, version: str | None) -> None:
        """Put data read now on screen (also for data read right after an action, in the action's worker)."""
        if not self.is_attached:
            return
        self.data, self.shown_version = data, version
        if self.trouble:
            self.trouble = False
            self.read_recovered()
        self.show(data)

    # -- what subclasses show

    def show(self, data: Any) -> None:
        """Put freshly read data on screen (override)."""

    def read_failed(self, error: BaseException) -> None:
        """Say on the notice line, politely and in the language shown, that the data cannot be read now (the
        board overrides this: it has no notice line)."""
        for line in self.query("#notice").results(Say):
            line.say(trouble_words(error))
            line.set_class(True, "-error")

    def read_recovered(self) -> None:
        """The data can be read again: take the apology away."""
        for line in self.query("#notice").results(Say):
            line.say(None)
            line.set_class(False, "-error")
