"""Type-ahead: keys typed before the outcome of an earlier key is on screen wait for it, then apply in order.

The rule: a key applies to whatever the keys typed before it led to, as if the resident had waited for each
screen. While the outcome of a key is not yet on screen, later keys are *held* here, in order, and handed to the
new focus once it is. The outcome of a key is not on screen while

* the key has not yet been fully handled: a key that is not typed text (a digit on a choice, Enter, Tab,
  Escape...) runs a binding, whose messages open a screen or start a call a few message hops later;
* the current screen is changing: a push, switch or pop was asked for and the new screen has not yet mounted
  and set its focus (whatever asked: a key, a click, the idle reset);
* the screen on top is ``busy``: a domain call (:meth:`screens.base.KioskScreen.run_domain`) is in flight.

"On screen" is checked by sending waves of callbacks through the app and every widget of the screen on top (each
runs once everything queued before it there has been handled) until two waves in a row end with the screen
mounted, no message left in any queue, and no call in flight (the second wave waits for a widget that was still
handling a message when the first ended). Keys already queued on the old focus when a change is asked
for (forwarded before it) are moved into the hold first, ahead of the keys held since.

Typed text (a printable key, Backspace, Delete, the arrows, Home and End in a form's text field) goes on at
once when nothing is held: it never changes the screen, and :class:`~screens.widgets.KeysInOrder` keeps it in
order with the field's own Enter and Tab. Held keys are replayed through the app one at a time, exactly as if
they had just been typed, so a replayed key that is not typed text holds the rest behind it in turn.

Keys that are never held:

* the staff key (F12) goes on at once and drops what is held: the staff prompt takes the terminal, and a
  resident's keys must not land in the staff id;
* F2 goes on at once: it switches the language of every screen, whichever is on top;
* A domain call that ends in a refusal or an error drops the keys held behind it (:meth:`TypeAhead.refused`):
  they were typed for what was expected to follow, and the resident must first see what happened instead.
* Escape drops the keys held before it (they were typed for a screen the resident wants to leave); it is then
  held like any key, so it goes back one step from wherever the earlier keys led, except while a call is in
  flight: then it goes to the screen at once, which decides (the staff prompt closes, a resident screen waits
  for its call).

The hold is bounded, so that a call that never returns cannot swallow the keyboard: at most :data:`HOLD_KEYS`
keys, for at most :data:`HOLD_SECONDS` on the hall's clock (injectable in tests). Past either, the held keys are
dropped and the bell rings; so is every further key (Escape and F2 excepted, which go to the screen) until the
outcome is on screen.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events
from textual.message_pump import MessagePump

from screens.widgets import KeysInOrder, take_queued_keys

log = logging.getLogger("kiosk.screens.typeahead")

#: At most this many keys are held: more than the longest burst a form takes after a focus move (a 500-character
#: description with its phone and address), so that only a flood is ever dropped.
HOLD_KEYS = 640
#: Keys are held at most this long (hall clock): past it, a screen that has not shown its outcome is stuck.
HOLD_SECONDS = 3.0
#: Keys a text field handles itself, besides printable ones: they never change the screen or the focus.
EDIT_KEYS = frozenset({"backspace", "delete", "left", "right", "home", "end"})
#: A screen whose widgets never stop posting messages is taken as settled after this many waves.
MAX_WAVES = 200


class TypeAhead:
    """The app's one type-ahead hold (see the module docstring for the rule). The app passes every key it reads
    to :meth:`take` before forwarding it and to :meth:`forwarded` after; it calls :meth:`changing` when a screen
    change is asked for; a screen calls :meth:`changing` when a domain call starts and :meth:`settle` when its
    result is shown."""

    def __init__(
        self,
        app: Any,
        now: Callable[[], datetime],
        *,
        staff_keys: tuple[str, ...] = ("f12",),
        max_keys: int = HOLD_KEYS,
        max_seconds: float = HOLD_SECONDS,
    ) -> None:
        self.app = app
        self.now = now
        self.staff_keys = staff_keys
        self.max_keys = max_keys
        self.max_seconds = max_seconds
        #: The keys held, oldest first.
        self.held: deque[events.Key] = deque()
        #: When the oldest key held now was held (None: nothing held).
        self.since: datetime | None = None
        #: True while the outcome of a key (or of a screen change, or a call) is not yet on screen.
        self.pending = False
        #: True once the bound was passed: keys are dropped until the outcome is on screen.
        self.overrun = False
        self._released: events.Key | None = None
        self._wave = 0
        self._waves = 0
        self._clean = 0

    # -- the app's keys

    def take(self, event: events.Key) -> bool:
        """A key the app has just read: True when it is held or dropped here (the app must not forward it)."""
        if event is self._released:
            self._released = None
            return False
        key = event.key
        if key in self.staff_keys:
            self._drop()
            return False
        if key == "f2":
            return False
        if key == "escape":
            self._drop()
            if self._busy():
                return False
        if not (self.pending or self.held or self._released is not None):
            return False
        if self.overrun or self._too_old() or len(self.held) >= self.max_keys:
            self._overrun()
            return key != "escape"
        self._hold(event)
        return True

    def forwarded(self, event: events.Key) -> None:
        """The app has forwarded ``event`` to the focus: typed text goes on; any other key holds the next ones
        until its outcome is on screen."""
        if event.key in self.staff_keys or event.key == "f2":
            return
        if self._is_text(event):
            self._release()
            return
        self.pending = True
        self.settle()

    # -- the screens' hooks

    def changing(self) -> None:
        """A screen change or a domain call was asked for: hold keys until its outcome is on screen, starting with
        those already queued on the old focus behind the key that asked."""
        focused = self.app.focused if self.app.screen_stack else None  # none before the first screen
        queued: list[events.Key] = []
        node = focused
        while isinstance(node, MessagePump) and node is not self.app:
            queued[:0] = take_queued_keys(node)  # an outer widget's keys are older: they went through first
            node = getattr(node, "parent", None)
        if queued:
            if self.since is None:
                self.since = self.now()
            self.held.extendleft(reversed([events.Key(k.key, k.character) for k in queued]))
        self.pending = True
        self.app.call_later(self.settle)  # once the change asked for has been made

    def settle(self) -> None:
        """Look (again) whether the outcome is on screen; replay the held keys once it is."""
        if not self.pending:
            self._release()
            return
        self._wave += 1
        wave = self._wave
        pumps = [self.app, *self.app.screen.walk_children(with_self=True)]
        left = 0

        def landed() -> None:
            nonlocal left
            left -= 1
            if left == 0 and wave == self._wave:
                self._look()

        for pump in pumps:
            if pump.call_later(landed):
                left += 1
        if not left:
            self.app.call_later(self._look)

    def refused(self) -> None:
        """A domain call ended in a refusal or an error: the keys held behind it were typed for what the resident
        expected to follow, which did not happen, so they are dropped (the bell rings if there were any). A burst
        "1 1 1 1" in the evening must not pick the first slot the refusal offers instead of the ticket asked for."""
        if self.held:
            self._drop()
            self.app.bell()

    # -- inside

    def _look(self) -> None:
        screen = self.app.screen
        if self._busy():
            return  # the screen calls settle() when its call's result is shown
        self._waves += 1
        self._clean = self._clean + 1 if screen.is_mounted and self._quiet(screen) else 0
        if self._waves < MAX_WAVES and self._clean < 2:
            self.settle()
            return
        if self._clean < 2:
            log.warning("type-ahead: %s never settled; replaying the held keys", screen)
        self._waves = self._clean = 0
        self.pending = False
        self.overrun = False
        self._release()

    def _quiet(self, screen: Any) -> bool:
        """No message waiting in the queue of the app or of any widget of ``screen``."""
        return all(
            pump._message_queue.empty() and pump._pending_message is None
            for pump in (self.app, *screen.walk_children(with_self=True))
        )

    def _release(self) -> None:
        """Replay the oldest held key through the app, as if just typed (the rest wait for its outcome)."""
        if self.pending or self._released is not None or not self.held:
            return
        if self._too_old():
            self._overrun()
            return
        key = self.held.popleft()
        if not self.held:
            self.since = None
        self._released = events.Key(key.key, key.character)
        if not self.app.post_message(self._released):  # the app is closing: nothing more will come
            self._released = None

    def _hold(self, event: events.Key) -> None:
        if self.since is None:
            self.since = self.now()
        self.held.append(events.Key(event.key, event.character))

    def _drop(self) -> None:
        self.held.clear()
        self.since = None

    def _overrun(self) -> None:
        """Past the bound: drop what is held, ring, and look again (a lost look must not hold for ever)."""
        self._drop()
        self.overrun = True
        self.app.bell()
        if self.pending:
            self._waves = self._clean = 0
            self.settle()

    def _too_old(self) -> bool:
        return self.since is not None and (self.now() - self.since).total_seconds() > self.max_seconds

    def _busy(self) -> bool:
        return bool(getattr(self.app.screen, "busy", False))

    def _is_text(self, event: events.Key) -> bool:
        focused = self.app.focused
        if not isinstance(focused, KeysInOrder):
            return False
        return event.is_printable or event.key in EDIT_KEYS or event.key in focused.TEXT_KEYS


def typeahead_of(app: Any) -> TypeAhead | None:
    """The app's hold (None in an app without one)."""
    hold = getattr(app, "typeahead", None)
    return hold if isinstance(hold, TypeAhead) else None
