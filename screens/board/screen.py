"""The display board (``kiosk board``): a wall screen read from across the hall.

It shows the call being announced (large digits, lit up for its turn, with the bell), every counter serving now (ticket
and counter in large digits, each counter in its own cell), the counters paused, the last few tickets called (one line per
ticket and counter, with its recalls counted: ``B001 → 3 ↻2``), how many wait for each service, whether the hall
is open, and the clock; in Chinese and English side by side, or alternating (``[board]`` in ``kiosk.toml``).

How it keeps up with the counters, which are other processes writing the shared data file:

* it is live data (:mod:`screens.live`): the app's watcher looks at the data file (one ``stat``) a few times a
  second, and only when another terminal committed something (or the clock turned a minute: open or closed
  follows it) does the board re-read :meth:`Hall.board_view` in a thread worker, also under the staff prompt;
* it keeps the id of the last call it has seen (:attr:`BoardScreen.cursor`) and asks for every call after it,
  so calls made close together (or while a read was under way) each reach the announcement queue: none is lost,
  none is announced twice;
* queued calls are announced one at a time, each held :attr:`BoardScreen.HOLD_SECONDS` (less while others
  wait), lit up, with one ring of the terminal bell per call. The grid and the recent list show every new
  call at once; only the banner takes turns.

A terminal whose profile has speakers (``sound = { enabled = true }``) also speaks each call, in step with the
banner: the board follows the calls itself (one cursor for the banner and the voice) and hands the call now in the
banner to its :class:`~kiosk.voice.Announcer`, whose own thread makes the sound and plays it. That call's turn then
lasts until its sentence has been spoken (and at least the usual hold), or at most the player's timeout longer, so
a stuck player never freezes the banner; the next call waits for its turn, so a burst is spoken once per call, in
order. The announcer is built in a worker thread (choosing the voices reads the clips folder), started when the
board mounts or comes back on the wall, and stopped when it leaves the wall or unmounts.

The board shows ticket numbers, services and counters, never a resident's name (the read model has none).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from kiosk.records import BoardView
from kiosk.ui_contract import CALLS, COUNTERS, RATINGS, REQUESTS, TICKETS
from screens.live import Changes, LiveScreen
from screens.widgets import BlankColumn, BlankRow, show_content
from screens.words import period_words, public_words, time_words

if TYPE_CHECKING:
    from kiosk.records import CallItem
    from kiosk.voice import Announcer, Spoken
    from screens.app import HallApp
from screens.board.banner import Banner
from screens.board.cells import CallCell, CallGrid
from screens.board.digits import glyph_height, glyph_width
from screens.board.lines import TextLines
from screens.board.voice import Voice

#: How a ticket number and a counter look at their widest, for fitting them to the terminal.
SAMPLE_NUMBER = "A000"


#: Columns the banner keeps for its words beside the large digits.
BANNER_WORDS = 44


#: Narrowest and widest the side panel (recent calls, waiting per service) may be.
SIDE_MIN, SIDE_MAX = 28, 64

#: The state line's marks (open, appointments only, closed) and its trouble warning: light tints, 4.4:1 to 8:1 on
#: the top bar's dark background, readable from across a hall (the terminal's green and red drew about 2:1 and 1:1
#: there). The words beside a mark are in the bar's own light text, not in the mark's colour.
STATE_OPEN, STATE_EXTENDED, STATE_CLOSED, TROUBLE = "#87ff87", "#ffd75f", "#ff8787", "#ffafaf"


def _stop_off_loop(announcer: Announcer) -> None:
    """Stop ``announcer`` in a thread of its own: stopping joins its speaking thread, which may be in the middle of
    making a sound, and the event loop must not wait for that."""
    threading.Thread(target=announcer.stop, name="announce-stop", daemon=True).start()


class BoardScreen(LiveScreen):
    """The display board. No keys of its own: F12 (the app's staff key) is the only way off it."""

    #: The screen itself draws nothing but its background (see :class:`~screens.widgets.BlankRow`).
    BLANK = True

    CSS_PATH = "./board.tcss"  # beside this module (written so that no scan takes it for a catalog key)

    #: Calls keep coming in, and turns in the banner keep ringing, under the staff prompt.
    LIVE_WHEN_COVERED = True
    #: Calls, the tickets being served and waiting, the counters' states; and the ratings and requests behind
    #: the month's public satisfaction line.
    READS = frozenset({CALLS, TICKETS, COUNTERS, RATINGS, REQUESTS})
    #: A call and a recall show at once; anything else (a ticket taken at a kiosk, a finish, a pause) within two
    #: seconds, with the next call if one comes sooner. On a busy day a ticket is taken and a resident finished
    #: between nearly every two calls, and each read and drawing of the board costs: so the board reads at each
    #: call and every two seconds at most, rather than at every commit of the hall.
    REFRESH_SECONDS = 2.0
    #: How long each new call holds the banner, lit up; and how long while more calls wait their turn.
    HOLD_SECONDS = 4.0
    BUSY_HOLD_SECONDS = 2.5

    def __init__(self) -> None:
        super().__init__()
        #: The last board view read (None until the first read).
        self.view: dict[str, Any] | None = None
        #: The id of the last call seen: the next read asks for every call after it.
        self.cursor: int | None = None
        #: Calls waiting for their turn in the banner, oldest first.
        self.pending: deque[dict[str, Any]] = deque()
        #: How many calls waited for their turn when the call in the banner took it: the banner says so ("2 more")
        #: from then on, rather than count each call as it arrives, which drew the whole banner again for each
        #: (the call in the banner gives way sooner anyway, and the next one says how many are left).
        self._more = 0
        #: The call in the banner (the last one announced), or None.
        self.announcing: dict[str, Any] | None = None
        #: Index into the languages when alternating.
        self.phase = 0
        self._voices: tuple[Any, list[Voice]] | None = None
        self._away = False
        self._hold: Timer | None = None
        self._hold_until = 0.0
        #: The scale of the banner's and the serving counters' digits (0: Textual's 3x3 digits).
        self.banner_scale = 0
        self.cell_scale = 0
        # What each widget shows now, as the part of the view it was drawn from (see :meth:`_put`).
        self._parts: dict[str, Any] = {}
        self._cells: list[CallCell] | None = None
        #: How many of the counters' cells the grid shows whole at this size (set by :meth:`fit`; all until then),
        #: before the lines of paused counters below it take their rows (:meth:`_cells_shown`).
        self.cells_seen = 1 << 16
        # The grid's columns, the rows it and the paused lines share, and the rows a cell takes (set by :meth:`fit`).
        self._grid: tuple[int, int, int] | None = None
        #: The voice speaking the calls (a terminal with speakers, once built), or None.
        self.announcer: Announcer | None = None
        # True from asking for a voice until it is stopped (or failed to start); calls put in the banner while it is
        # being built wait in ``_unfed``. Each start takes a new token, so that a voice built for a board that has
        # left the wall meanwhile is stopped rather than used.
        self._voice_wanted = False
        self._voice_token = 0
        self._unfed: list[dict[str, Any]] = []
        # The id of the call in the banner whose sentence its turn waits for, or None.
        self._awaiting: int | None = None
        # Seconds ticked, and the public line's turn of languages (when both do not fit on its one line).
        self._ticks = 0
        self._public_turn = 0

    @dataclass
    class VoiceReady(Message, bubble=False):
        """The announcer built in a worker thread (None: it could not be built), for the start ``token``."""

        token: int
        announcer: Announcer | None

    @dataclass
    class Spoke(Message, bubble=False):
        """The voice has spoken (or given up on) the call ``call_id`` (posted from the speaking thread)."""

        call_id: int

    # -- layout

    def compose(self) -> ComposeResult:
        """Header (name, clock, open or closed), the banner, then serving counters beside recent calls and
        queues."""
        with BlankColumn(id="board-top"):
            with BlankRow(id="board-heading"):
                yield Static("", id="board-name")
                yield Static("", id="board-clock")
            yield Static("", id="board-state")
        yield Banner(id="board-banner")
        with BlankRow(id="board-main"):
            with BlankColumn(id="board-left"):
                yield Static("", id="serving-title", classes="board-title")
                yield Static("", id="board-none")
                with CallGrid(id="board-current"):
                    for _ in self.kiosk.config.counters:
                        yield CallCell(classes="call-cell")
                yield Static("", id="board-paused")
            with Vertical(id="board-side"):
                yield Static("", id="recent-title", classes="board-title")
                yield TextLines(id="board-recent")
                yield Static("", id="waiting-title", classes="board-title")
                yield TextLines(id="board-waiting")
        yield Static("", id="board-public")

    def on_mount(self) -> None:
        """Draw, start ticking and (when so configured) alternating languages; the first read follows
        (:meth:`LiveScreen.on_mount`)."""
        self.fit(self.app.size.width, self.app.size.height)
        self.render_board()
        self.set_interval(1.0, self.tick, name="board-clock")
        rules = self.kiosk.config.board
        if rules.bilingual == "alternate":
            self.set_interval(rules.alternate_seconds, self.switch_language, name="board-alternate")
        self.start_voice()

    def on_unmount(self) -> None:
        """Silence: the voice stops."""
        self.stop_voice()

    def on_resize(self, event: Resize) -> None:
        """A new terminal size: the largest digits that fit, and the lists laid out again in their new width."""
        self.fit(event.size.width, event.size.height)
        self.call_after_refresh(self.render_view)

    def fit(self, width: int, height: int) -> None:
        """Pick the digits' scale for the banner, then for the serving counters, to fill ``width`` x ``height``
        (a wall screen with a large terminal gets large digits; 80x24 gets Textual's 3x3 ones)."""
        config = self.kiosk.config
        sample = f"{SAMPLE_NUMBER}→" + "0" * max(len(counter.id) for counter in config.counters)
        side = min(SIDE_MAX, max(SIDE_MIN, width * 36 // 100))
        # The side lists (recent calls, waiting per service, titles) need this many rows below the banner.
        below = max(config.board.recent_calls + len(config.services) + 3, 12)
        # The heading takes two rows, and the public satisfaction line one at the bottom.
        banner = next(
            (
                scale
                for scale in (6, 4, 2)
                if 2 + glyph_height(scale) + 2 + below + 1 <= height
                and glyph_width(sample, scale) + BANNER_WORDS + 4 <= width
            ),
            0,
        )
        # The heading, the banner, the title and the nobody-called line, and the public line.
        left_height = height - 2 - (glyph_height(banner) + 2) - 2 - 1
        cell = 0
        for scale in (2, 1):
            columns = (width - side) // (glyph_width(sample, scale) + 4)
            if columns and -(-len(config.counters) // columns) * (glyph_height(scale) + 1) <= left_height:
                cell = scale
                break
        # A cell takes its digits, the arrow's padding and a gutter; the side panel gets what no further column
        # of cells could use (room for the services' names).
        cell_width = glyph_width(sample, cell) + 4
        columns = max(1, min(len(config.counters), (width - side) // cell_width))
        side = min(SIDE_MAX, max(SIDE_MIN, width - columns * cell_width))
        self.query_one("#board-side").styles.width = side
        # One row per service, always: a fixed height spares measuring the table again after each new figure.
        self.query_one("#board-waiting").styles.height = len(config.services)
        # The banner's parts keep their widths whatever they show (a ticket, the time, nothing), so that a call or
        # the end of one draws the banner again without laying the screen out.
        counter_width = max(len(counter.id) for counter in config.counters)
        self.query_one(Banner).set_scale(
            banner,
            max(glyph_width(SAMPLE_NUMBER, banner), glyph_width("00:00", banner)),
            glyph_width("0" * counter_width, banner),
        )
        for call_cell in self.query(CallCell):
            call_cell.set_scale(cell, glyph_width(SAMPLE_NUMBER, cell), glyph_width("0" * counter_width, cell))
        grid = self.query_one(CallGrid)
        grid.cell_width = cell_width
        grid.reflow(width - side - 2)
        self.banner_scale, self.cell_scale = banner, cell
        # How many cells the grid shows whole: every counter's, or (a large hall on a small screen) fewer.
        self.cells_seen = columns * max(1, left_height // (glyph_height(cell) + 1))
        self._grid = (columns, left_height, glyph_height(cell) + 1)
        self._render_current()

    # -- reading the hall

    def on_screen_suspend(self) -> None:
        """Off the wall (the terminal switched to another mode; a staff prompt on top is not that): nothing waits
        its turn, nothing rings."""
        if self not in self.app.screen_stack and not self._away:
            self._away = True
            self.pending.clear()
            self._more = 0
            self.stop_voice()
            self.advance()

    def on_screen_resume(self) -> None:
        """Back on the wall after another mode: start afresh rather than replay every call missed meanwhile (the
        read follows, :meth:`LiveScreen.on_screen_resume`)."""
        if self._away:
            self._away = False
            self.cursor, self.announcing = None, None
            self.forget_shown()
            self.start_voice()  # a new one: a stopped player stays stopped

    def urgent(self, changes: Changes) -> bool:
        """A call or a recall, or a change that cannot be told: shown at once."""
        return changes is None or CALLS in changes

    def read(self) -> BoardView:
        """The board view, with every call after the last one seen (:attr:`cursor`)."""
        return self.hall.board_view(since=self.cursor)

    def read_failed(self, error: BaseException) -> None:
        """ "Data unavailable", marked on the state line: the last state stays up."""
        self.render_board()

    def show(self, view: dict[str, Any]) -> None:
        """A fresh view: new calls join the announcement queue, once each, in calling order."""
        if self._away:
            return  # read just before the terminal left board mode: the return reads afresh
        self.view = view
        if self.announcing is not None and self.announcing["day"] != view["now"][:10] and not self.pending:
            self.announcing = None  # a new day: yesterday's last call leaves the banner to the clock
        if self.cursor is None:
            # The first read: what was called before the board started is shown, not announced.
            self.cursor = view["last_call_id"]
            if self.announcing is None and view["recent"]:
                self.announcing = view["recent"][0]
        else:
            fresh = [call for call in view["new"] if call["id"] > self.cursor]
            self.pending.extend(fresh)
            self.cursor = max([self.cursor, view["last_call_id"], *(call["id"] for call in fresh)])
        self._settle_banner()
        self.render_view()
        if self.pending:
            if self._hold is None:
                self.advance()
            elif self._hold_until - time.monotonic() > self.BUSY_HOLD_SECONDS:
                # Others are waiting now: the call in the banner gives way sooner than it would alone (once its
                # sentence has been spoken, when a voice speaks it).
                self._hold_until += self.BUSY_HOLD_SECONDS - self.HOLD_SECONDS
                if self._awaiting is None:
                    self._end_turn_at(self._hold_until)

    def _settle_banner(self) -> bool:
        """Once the banner's turn is over (and none waits for its turn), a call the counter no longer serves
        (finished, no-show, transferred) leaves the banner: it must not keep asking the resident to go there while
        the grid says otherwise. The newest call still being served takes its place, steady (a banner saying nobody
        is called while the grid shows counters serving would contradict it), also one older than the recent list
        shows; with none, the clock. True when the banner's call changed."""
        view = self.view
        if view is None or self.announcing is None or self._hold is not None or self.pending:
            return False
        if self._served(self.announcing):
            return False
        self.announcing = self._newest_served(view)
        return True

    def _served(self, call: dict[str, Any]) -> bool:
        """Whether the last read shows ``call``'s ticket still served at its counter."""
        current = self.view["current"] if self.view else []
        return any((c["number"], c["counter"]) == (call["number"], call["counter"]) for c in current)

    @staticmethod
    def _newest_served(view: dict[str, Any]) -> dict[str, Any] | None:
        """The newest call still being served (the grid lists them newest first), as the recent calls list it, or
        made from its cell when it is older than the recent list reaches."""
        if not view["current"]:
            return None
        newest = view["current"][0]
        for call in view["recent"]:
            if (call["number"], call["counter"]) == (newest["number"], newest["counter"]):
                return dict(call)
        return {
            "id": newest["call_id"],
            "day": view["now"][:10],
            "seq": 0,
            "at": newest["called_at"] or view["now"],
            "number": newest["number"],
            "service": newest["service"],
            "counter": newest["counter"],
            "recall": newest["recalls"] > 0,
        }

    def tick(self) -> None:
        """Every second: the clock (a new minute's read comes from the app's watcher), and the public line's turn
        of languages when both do not fit side by side."""
        self.render_clock()
        self._ticks += 1
        if self._ticks % self.kiosk.config.board.alternate_seconds == 0:
            self._public_turn += 1
            self._render_public()
            self._render_state()
        if self.announcing is None:
            self.render_banner()  # the large time shown before the day's first call
        self._close_forgotten_prompt()

    def _close_forgotten_prompt(self) -> None:
        """The staff prompt (F12) covers the board: once nobody has touched a key for the kiosk's
        ``idle_seconds``, close it, so that a passer-by pressing F12 cannot hide the board for good."""
        if self.app.screen is self or self not in self.app.screen_stack:
            return
        if (self.hall.now() - self.kiosk.last_activity).total_seconds() >= self.kiosk.idle_seconds:
            while self.app.screen is not self:
                self.app.pop_screen()

    # -- announcing

    def advance(self) -> None:
        """Put the next waiting call in the banner, flashing, and ring the bell once for it; with none waiting,
        leave the last one up, steady."""
        if self._hold is not None:
            self._hold.stop()
            self._hold = None
        self._awaiting = None
        # A call its counter no longer serves (finished or passed while it waited for its turn) gets no turn: a lit
        # "go to counter 2" for someone who has left would contradict the grid (a fresh-eyes trial).
        while self.pending and not self._served(self.pending[0]):
            self.pending.popleft()
        if not self.pending:
            self._more = 0
            # The turn is over: a call finished during it leaves the banner now, not at the next read.
            if self._settle_banner():
                self._render_current()
            self._flash(False)
            return
        self.announcing = self.pending.popleft()
        self._more = sum(1 for call in self.pending if self._served(call))
        self.app.bell()
        self._flash(True)
        self.render_banner()
        hold = self.HOLD_SECONDS if not self.pending else self.BUSY_HOLD_SECONDS
        self._hold_until = time.monotonic() + hold
        if self._voice_wanted:
            # With a voice the turn lasts until it has spoken this call (:meth:`on_board_screen_spoke`), and at
            # least ``hold``; at most the player's timeout longer, should the sound never end.
            self._awaiting = self.announcing["id"]
            self._say(self.announcing)
            self._hold = self.set_timer(hold + self.speech_limit, self.advance, name="board-hold")
        else:
            self._hold = self.set_timer(hold, self.advance, name="board-hold")

    def _end_turn_at(self, when: float) -> None:
        """End the banner's turn at ``when`` (``time.monotonic()``), or at once if that has passed (a timer of no
        time at all is not one Textual can run)."""
        if self._hold is not None:
            self._hold.stop()
            self._hold = None
        delay = when - time.monotonic()
        if delay <= 0:
            self.advance()
        else:
            self._hold = self.set_timer(delay, self.advance, name="board-hold")

    # -- speaking

    @property
    def speech_limit(self) -> float:
        """How much longer than its hold a call's turn may wait for its sentence: ``[announce]
        player_timeout_seconds``, after which the player would have been stopped anyway."""
        return float(self.kiosk.config.announce.player_timeout_seconds)

    def start_voice(self) -> None:
        """With speakers in this terminal's profile, build an announcer in a worker thread (choosing voices reads
        files) and start its speaking thread; the board feeds it the calls (:meth:`_say`), not its own follower."""
        if not self.kiosk.sound or self._voice_wanted:
            return
        self._voice_wanted = True
        self._voice_token += 1
        token, factory = self._voice_token, self.kiosk.announcer_factory

        def spoken(entry: Spoken) -> None:  # the speaking thread: only post_message is safe here
            self.post_message(self.Spoke(entry.announcement.call_id))

        def build() -> None:
            try:
                announcer = factory(spoken)
                announcer.start_speaking()
            except Exception:  # no voice, but the banner keeps its turns
                self.log.error("the board's voice could not start")
                self.post_message(self.VoiceReady(token, None))
                raise
            self.post_message(self.VoiceReady(token, announcer))

        self.run_worker(build, thread=True, group="board-voice", exit_on_error=False)

    def stop_voice(self) -> None:
        """Stop speaking: what plays now is cut short, calls not yet spoken are dropped. The announcer's threads are
        joined off the event loop (a voice may take a moment to notice)."""
        self._voice_wanted = False
        self._voice_token += 1
        self._unfed.clear()
        self._awaiting = None
        announcer, self.announcer = self.announcer, None
        if announcer is not None:
            _stop_off_loop(announcer)

    def _say(self, call: dict[str, Any]) -> None:
        """Hand ``call`` to the voice (it waits, in order, while the voice is being built)."""
        if self.announcer is not None:
            self.announcer.feed([cast("CallItem", call)])
        else:
            self._unfed.append(call)

    def on_board_screen_voice_ready(self, event: VoiceReady) -> None:
        """The voice is built: the calls already in their turn are spoken now. One built for an earlier start (the
        board left the wall meanwhile) is stopped; none at all means turns without a voice."""
        if event.token != self._voice_token:
            if event.announcer is not None:
                _stop_off_loop(event.announcer)
            return
        if event.announcer is None:
            self._voice_wanted = False
            self._unfed.clear()
            if self._awaiting is not None:
                self._awaiting = None
                self._end_turn_at(self._hold_until)
            return
        self.announcer = event.announcer
        self.announcer.feed(cast("list[CallItem]", self._unfed))
        self._unfed.clear()

    def on_board_screen_spoke(self, event: Spoke) -> None:
        """The voice has spoken a call: if it is the one the banner's turn waits for, the turn ends once its usual
        hold has passed."""
        if event.call_id == self._awaiting:
            self._awaiting = None
            self._end_turn_at(self._hold_until)

    def _flash(self, on: bool) -> None:
        """Light (or put out) the call in the banner for its turn: the border turns to the warning colour, and the
        digits and words show in the theme's background colour on its warning colour, steadily until the turn ends.

        It used to blink every half second; each blink drew the whole banner again (10 ms and more on a 160x48
        board, eight a call, most of what a call cost the board), so the banner is now lit once for its turn
        instead: a large bright block the moment the bell rings, which is what draws the eye across the hall."""
        self.find("#board-banner", Banner).light(on)
        self.render_banner()
        if on:
            self._render_current()  # the new call's cell marked (the mark stays after the turn: only the banner changes)

    @property
    def flashing(self) -> bool:
        """True while the call in the banner is new (its turn has not ended): the banner is lit."""
        return self.find("#board-banner", Banner).lit

    #: The banner's digits and words are lit now (a call's turn): the same as :attr:`flashing`.
    lit = flashing

    # -- languages

    def voices(self) -> list[Voice]:
        """The languages shown now: both side by side, or the current one when alternating. (Made once per turn of
        the languages: the board asks for them some fifty times a commit.)"""
        key = (self.phase, self.kiosk.config.language, self.kiosk.config.board.bilingual)
        if self._voices is not None and self._voices[0] == key:
            return self._voices[1]
        langs = [
            self.kiosk.config.language,
            *(lang for lang in ("zh-Hans", "en") if lang != self.kiosk.config.language),
        ]
        if self.kiosk.config.board.bilingual == "alternate":
            langs = [langs[self.phase % len(langs)]]
        voices = [Voice(self.kiosk, lang) for lang in langs]
        self._voices = (key, voices)
        return voices

    def switch_language(self) -> None:
        """Alternate: the other language now."""
        self.phase += 1
        self.render_board()

    def _both(self, say: Callable[..., str], sep: str = "   ", voices: list[Voice] | None = None) -> str:
        """What ``say`` says in each language shown (or in ``voices``), side by side, each different text once."""
        return sep.join(dict.fromkeys(say(v) for v in (voices if voices is not None else self.voices())))

    # -- drawing

    def render_board(self) -> None:
        """Draw everything from the last view, in the languages shown now."""
        self._parts.clear()
        self.render_view()

    def render_view(self) -> None:
        """Draw what changed since the last drawing: each widget only when its own part of the view (or the
        languages shown) changed, so a commit that moved one queue redraws that figure and nothing else."""
        langs = tuple(v.lang for v in self.voices())
        view = self.view or {}
        self._put("#board-name", langs, lambda: self._both(lambda v: v.word(self.kiosk.config.name)))
        self.render_clock()
        self._render_state()
        self.render_banner()
        self._put("#serving-title", langs, lambda: self._both(lambda v: v.t("board.serving")))
        self._put("#recent-title", langs, lambda: self._both(lambda v: v.t("board.recent")))
        self._put("#waiting-title", langs, lambda: self._both(lambda v: v.t("board.waiting")))
        self._render_current()
        self._put("#board-recent", (langs, view.get("recent")), self._recent)
        waiting = [(s["service"], s["prefix"], s["waiting"]) for s in view.get("waiting", [])]
        width = self.find("#board-waiting", Widget).content_size.width
        self._put("#board-waiting", (langs, waiting, width), lambda: self._waiting(width))
        self._render_public()

    def _render_state(self) -> None:
        """Open or closed, and until when, under the hall's name (an 80-column board in the evening takes turns:
        "Extended hours until 20:30: appointments only" was cut after the Chinese)."""
        room = self.find("#board-state", Widget).content_size.width or self.app.size.width - 2
        self._one_line("#board-state", ((self.view or {}).get("hall"), self.trouble), room, self._state)

    def _render_public(self) -> None:
        """This month's satisfaction line (政务公开) at the bottom."""
        public = (self.view or {}).get("public")
        self._one_line(
            "#board-public",
            public,
            self.app.size.width - 2,
            lambda voices: Text(self._both(lambda v: public_words(v, public), voices=voices)),
        )

    def _one_line(self, selector: str, part: Any, room: int, line: Callable[[list[Voice]], Text]) -> None:
        """Put in ``selector`` the line ``line(voices)`` makes: in every language shown when it fits in ``room``
        columns, else one language at a time, taking turns every ``alternate_seconds`` (an 80-column board). Made
        again only when ``part`` (what it says), the languages, the room or the turn changed; drawn again only when
        the line itself changed (a new turn when both languages fit changes nothing)."""
        voices = self.voices()
        shown = (part, tuple(v.lang for v in voices), room, self._public_turn)
        if self._parts.get(f"{selector}-from") == shown:
            return
        self._parts[f"{selector}-from"] = shown
        text = line(voices)
        if text.cell_len > room and len(voices) > 1:
            text = line([voices[self._public_turn % len(voices)]])
        self._put(selector, text, lambda: text)

    def _put(self, selector: str, part: Any, content: Callable[[], Any], widget: Static | None = None) -> None:
        """Draw ``content()`` in the widget ``selector`` only when ``part`` (what it is drawn from) changed."""
        if selector in self._parts and self._parts[selector] == part:
            return
        self._parts[selector] = part
        target = widget or self.find(selector, Widget)
        if isinstance(target, TextLines):
            target.update(content())  # the rows that changed, alone
        else:
            show_content(cast(Static, target), content())

    def render_clock(self) -> None:
        """Date, weekday and time (hours and minutes: a wall clock, drawn again once a minute rather than every second)."""
        now = self.hall.now()

        def text() -> str:
            weekdays = " ".join(dict.fromkeys(v.t(f"ui.weekday.{now.isoweekday()}") for v in self.voices()))
            return f"{now:%Y-%m-%d} {weekdays} {now:%H:%M}"

        # Drawn from the minute and the languages: the words are made only when one of them changed.
        self._put("#board-clock", (now.isoformat(timespec="minutes"), tuple(v.lang for v in self.voices())), text)

    def _state(self, voices: list[Voice]) -> Text:
        """The state line in ``voices``' languages, side by side."""
        view = self.view
        if view is None:
            return Text("")
        hall = view["hall"]

        def both(say: Callable[[Voice], str]) -> str:
            return self._both(say, voices=voices)

        if hall["open"] and hall["walk_in"]:
            text = Text.assemble(("● ", f"bold {STATE_OPEN}"))
            text.append(both(lambda v: v.t("board.open", end=time_words(hall["period"]["end"]))), style="bold")
        elif hall["open"]:
            text = Text.assemble(("◐ ", f"bold {STATE_EXTENDED}"))
            text.append(both(lambda v: v.t("board.extended", end=time_words(hall["period"]["end"]))), style="bold")
        else:

            def closed(v: Voice) -> str:
                reason = hall["closed_reason"]
                state = v.t("board.closed_because", reason=v.word(reason)) if reason else v.t("board.closed")
                return (
                    state
                    + " · "
                    + v.t("board.next_opening", when=period_words(cast("HallApp", v), hall["next_opening"]))
                )

            text = Text.assemble(("○ ", f"bold {STATE_CLOSED}"))
            text.append(both(closed), style="bold")
        if self.trouble:
            text.append("   ⚠ " + both(lambda v: v.t("board.trouble")), style=f"bold {TROUBLE}")
        return text

    def _counter_name(self, v: Voice, counter_id: str) -> str:
        try:
            return v.word(self.kiosk.config.counter(counter_id).name)
        except KeyError:
            return counter_id

    def render_banner(self) -> None:
        """The call being announced (or the last one), or the time before the first call of the day."""
        banner = self.find("#board-banner", Banner)
        call = self.announcing
        langs = tuple(v.lang for v in self.voices())
        if call is None:
            banner.show(f"{self.hall.now():%H:%M}")
            # Before the day's first call "no calls yet"; after it (the last one finished) nobody is being called.
            called = bool(self.view and self.view["recent"])
            self._words(
                (langs, called),
                lambda: Text(self._both(lambda v: v.t("board.none_serving" if called else "board.no_calls"), "\n")),
            )
            return
        banner.show(call["number"], call["counter"])
        key = "board.recalling" if call.get("recall") else "board.calling"

        def said() -> Text:
            text = Text(
                self._both(
                    lambda v: v.t(key, number=call["number"], counter=self._counter_name(v, call["counter"])), "\n"
                ),
                style="bold",
            )
            if self._more:
                text.append("\n" + self._both(lambda v: v.t("board.more", n=self._more)), style="italic")
            return text

        self._words((langs, key, call["number"], call["counter"], self._more), said)

    def _words(self, part: Any, words: Callable[[], Text]) -> None:
        """Put ``words()`` in the banner when ``part`` (what they are made from) changed."""
        if self._parts.get("#banner-words") != part:
            self._parts["#banner-words"] = part
            self.find("#board-banner", Banner).say(words())

    def _render_current(self) -> None:
        """The counters' cells: one per counter, in the order of ``kiosk.toml``, always in the same place. A counter
        serving shows its ticket there; one serving nobody shows only its name, dimmed. So a call or a finish draws
        the one cell it changed; every board of the hall, started whenever, shows the same grid; and a resident
        looking for counter 3 always finds it in the same place. (When the screen is too small for every counter's
        cell, the counters serving take the first cells, in the counters' order.) A cell is emptied rather than hidden, and the line
        saying that nobody is called is emptied rather than hidden, so that nothing lays the screen out again (a
        layout of a 160x48 board costs some 18 ms)."""
        current = self.view["current"] if self.view else []
        if self._cells is None:
            self._cells = list(self.query(CallCell))  # one per counter, composed once
        langs = tuple(v.lang for v in self.voices())
        serving = {call["counter"]: call for call in current}
        counters: list[Any] = list(self.kiosk.config.counters)
        if len(counters) > self._cells_shown():
            # Not every counter's cell fits: those serving come first, in the counters' order, and nobody's name
            # fills the rest (a serving counter must never be below the edge of the screen).
            counters = [c for c in counters if c.id in serving] + [None] * len(counters)
        for cell, counter in zip(self._cells, counters):
            call = serving.get(counter.id) if counter is not None else None
            if call is None and counter is None:
                if cell.shown is not None or cell.idle != ():
                    cell.clear()
                    cell.shown, cell.idle = None, ()
                cell.announce(False)
                continue
            if call is None:
                if cell.shown is not None or cell.idle != langs:
                    cell.clear(Text(self._both(lambda v, c=counter: v.word(c.name), " "), style="dim"))
                    cell.shown, cell.idle = None, langs
                cell.announce(False)
                continue
            if cell.shown != (call["number"], call["counter"], langs):
                cell.show(call["number"], call["counter"], self._both(lambda v, c=call: v.word(c["counter_name"]), " "))
                cell.shown, cell.idle = (call["number"], call["counter"], langs), None
            # The cell of the call in the banner is marked, as long as that call is in the banner (its turn and after):
            # the end of a turn then draws the banner alone.
            cell.announce(self.announcing is not None and call["call_id"] == self.announcing.get("id"))
        nobody = self.view is not None and not current
        self._put(
            "#board-none", (langs, nobody), lambda: self._both(lambda v: v.t("board.none_serving")) if nobody else ""
        )
        self._render_paused()

    def _cells_shown(self) -> int:
        """How many cells the grid shows whole now: the line of each paused counter, below the grid, takes a row."""
        if self._grid is None:
            return self.cells_seen
        columns, rows, cell_rows = self._grid
        paused = len(self.view.get("paused", [])) if self.view else 0
        return min(self.cells_seen, columns * max(1, (rows - paused) // cell_rows))

    def _render_paused(self) -> None:
        """Counters paused now, one line each: residents waiting for them see why nobody is called there."""
        paused = self.view.get("paused", []) if self.view else []
        widget = self.find("#board-paused", Static)
        if widget.display != bool(paused):
            widget.display = bool(paused)
        self._put(
            "#board-paused",
            (tuple(v.lang for v in self.voices()), [counter["counter"] for counter in paused]),
            lambda: Text(
                "\n".join(
                    "⏸ " + self._both(lambda v, c=counter: v.t("board.paused", counter=v.word(c["counter_name"])))
                    for counter in paused
                )
            ),
            widget,
        )

    # The two lists are laid out here, in columns of plain lines, rather than as Rich tables: a table measures every
    # cell of every column each time it is drawn, and these two are drawn again at nearly every commit.

    def _recent(self) -> Text:
        if self.view is None:
            return Text("")
        if not self.view["recent"]:
            return Text(self._both(lambda v: v.t("board.no_calls"), "\n"), style="dim")
        rows = []
        for call in self.view["recent"]:
            # One line per ticket and counter: its latest call, and how often it was recalled (↻2).
            recalls = call.get("recalls", 1 if call["recall"] else 0)
            where = f"→ {call['counter']}" + (f" ↻{recalls}" if recalls else "")
            rows.append((call["at"][11:16], call["number"], where))
        number_width = max(cell_len(number) for _, number, _ in rows)
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, (at, number, where) in enumerate(rows):
            if n:
                text.append("\n")
            text.append(at, style="dim")
            text.append(" " + number + " " * (number_width - cell_len(number)) + " ", style="bold")
            text.append(where)
        return text

    def _waiting(self, width: int) -> Text:
        """One line per service: its letter, its name (cut short with an ellipsis) and, flush right in ``width``
        columns, how many wait."""
        if self.view is None:
            return Text("")
        voices = self.voices()
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, service in enumerate(self.view["waiting"]):
            count = service["waiting"]
            # Side by side the title says what the figure is; alone, a language may add its word ("3 人").
            figure = voices[0].t("board.people", n=count) if len(voices) == 1 else str(count)
            name = Text(self._both(lambda v, s=service: v.word(s["name"]), " "), no_wrap=True)
            room = width - cell_len(service["prefix"]) - cell_len(figure) - 2
            if room > 0:
                name.truncate(room, overflow="ellipsis", pad=True)
            if n:
                text.append("\n")
            text.append(service["prefix"], style="bold")
            text.append(" ")
            text.append_text(name)
            text.append(" ")
            text.append(figure, style="bold" if count else "dim")
        return text
