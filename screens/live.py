"""Live data: the one path by which a screen shows the hall as it is now, whoever changed it.

Every terminal (kiosks, counters, the board, the command line) writes the one shared data file, so what a screen
shows can change under it at any moment. The path, end to end:

1. **The app watches** (:meth:`screens.app.HallApp.watch_hall`): every ``watch_seconds`` one ``stat`` of the data
   file (:meth:`kiosk.hall.Hall.version`, microseconds, on the event loop) and a look at the hall's clock. Only
   when the file was committed to, or the hall's clock turned a minute (open or closed, minutes waited and
   overdue requests follow the clock alone), does it post :class:`HallChanged` to the screen on top, and to the
   screens below it that keep watching while covered (:attr:`LiveScreen.LIVE_WHEN_COVERED`).
2. **The screen decides** (:class:`LiveScreen`): when the change is one its last read does not already cover, it
   reads its view again; on mount, and when it comes back on top, it catches up the same way.
3. **One read at a time, in a thread** (:meth:`LiveScreen.reload`): a single exclusive thread worker calls the
   screen's :meth:`~LiveScreen.read` (store I/O allowed there, widgets not) and posts the typed result back,
   :class:`LiveScreen.ViewRead` or :class:`LiveScreen.ReadFailed`. A change while a read is under way asks for
   exactly one more read after it; a view that is costly to read is read again at most once per
   :attr:`LiveScreen.COST_FACTOR` times its last read took.
4. **The screen shows** (:meth:`LiveScreen.show`, on the event loop), or says politely that the data cannot be
   read now (:meth:`LiveScreen.read_failed`: the last data stays up) and tries again on the next change, or
   after one more tick of the watcher.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.message import Message
from textual.timer import Timer

from kiosk.errors import KioskError, StoreError
from screens.base import HallScreen
from screens.widgets import Say, Words

log = logging.getLogger("kiosk.screens.live")


@dataclass
class HallChanged(Message, bubble=False):
    """The hall changed since the watcher's last tick: the data file was committed to (``version``), or the
    hall's clock turned a minute (``minute``, ``YYYY-MM-DDTHH:MM``). Posted by the app's watcher."""

    #: The data file's version token now, or None when it cannot be read (missing, being replaced).
    version: str | None
    #: The hall clock's minute now.
    minute: str


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
        self._later: Timer | None = None

    # -- when to read

    def on_mount(self) -> None:
        """The first read (unless one is already under way)."""
        if self._covered is None and not self._reading:
            self.reload()

    def on_hall_changed(self, event: HallChanged) -> None:
        """The app's watcher saw a change: read again unless the last read already covers it."""
        if self.trouble or (event.version, event.minute) != self._covered:
            self.reload()

    def on_screen_resume(self) -> None:
        """Back on top: catch up with whatever changed while covered (the watcher tells only the top screen)."""
        self.kiosk.watch_hall()
        if self.trouble or self.kiosk.hall_state != self._covered:
            self.reload()

    def forget_shown(self) -> None:
        """Make the next change, or coming back on top, read afresh."""
        self._covered = None

    # -- reading

    def reload(self) -> None:
        """Read the view again: now, or as soon as the read under way ends (one more read however many changes
        came meanwhile), or once a costly view's cool-down is over."""
        if not self.is_attached:
            return
        if self._reading:
            self._again = True
            return
        wait = self._read_ended + self.read_seconds * self.COST_FACTOR - time.monotonic()
        if wait > 0:
            if self._later is None:
                self._later = self.set_timer(wait, self._cooled_down, name="live-later")
            return
        if self._later is not None:
            self._later.stop()
            self._later = None
        self._reading, self._again = True, False
        self._covered = self.kiosk.hall_state
        self._read_view()

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
