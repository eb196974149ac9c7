"""Slowing down guessing at one terminal: growing waits after repeated wrong codes or wrong last-four digits.

A code and the phone's last four digits are all that stand between a stranger and someone's appointment
(cancel, move, check in, see its time). Codes carry a check character and six random characters (see
:mod:`kiosk.codes`), but the last four digits are only ten thousand possibilities, and a lost slip gives the
code. So each kiosk terminal keeps one :class:`Throttle` in its app process, shared by the screens that take a
code or digits (check by code, cancel or move, check in, rate by code):

* a **miss** is a code that is malformed or unknown, or a code and last four digits that do not match
  (:func:`is_miss`: ``input.code_invalid``, ``code.not_found``, ``appointment.not_found``,
  ``request.not_found``);
* the first :data:`FREE_MISSES` misses in a row cost nothing (residents mistype);
* each further miss makes the terminal wait before the next try: :data:`FIRST_WAIT_SECONDS`, then twice as long
  after each further miss, up to :data:`MAX_WAIT_SECONDS`. A try during the wait is not sent to the hall at
  all; the screen says how many seconds are left;
* the count is forgotten only after :data:`FORGET_AFTER_SECONDS` without a miss. A successful look-up does
  *not* reset it: otherwise a stranger could alternate their own valid code with guesses. The idle reset that
  sends the screen home does not either, for the same reason.

At most one guess every two minutes once the waits have grown: the 10,000 last-four combinations of one code
would take about two weeks at one terminal, while a resident who mistypes three times waits five seconds.

The terminal's throttle is in memory (one per app process, not in the data file): it slows down the terminal
someone is standing at, without letting a stranger lock out a resident's code at every kiosk. Time comes from
an injectable ``now`` (monotonic seconds by default), so tests move time instead of sleeping.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

#: Misses in a row that cost no wait.
FREE_MISSES = 3
#: The wait after the first miss beyond the free ones; it doubles with every further miss.
FIRST_WAIT_SECONDS = 5.0
#: The longest wait between two tries.
MAX_WAIT_SECONDS = 120.0
#: Misses are forgotten after this long without another.
FORGET_AFTER_SECONDS = 15 * 60.0
#: Refusals that mean a wrong code, or a code and last four digits that do not belong together.
MISSES = frozenset({"input.code_invalid", "code.not_found", "appointment.not_found", "request.not_found"})


def is_miss(error: BaseException) -> bool:
    """Whether ``error`` (a refusal from the hall) is a wrong code or wrong digits, counted by the throttle."""
    return getattr(error, "key", None) in MISSES


def wait_after(misses: int) -> float:
    """Seconds to wait after ``misses`` misses in a row: 0 for the free ones, then 5, 10, 20, 40, 80, 120, 120..."""
    beyond = misses - FREE_MISSES
    if beyond <= 0:
        return 0.0
    factor: int = 2 ** min(beyond - 1, 32)
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * factor)


class Throttle:
    """The misses of one terminal and the wait they impose (see the module's docstring for the rule)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.misses = 0
        self._last_miss: float | None = None
        self._until = 0.0

    def _forget_if_quiet(self) -> None:
        if self._last_miss is not None and self._now() - self._last_miss >= FORGET_AFTER_SECONDS:
            self.misses, self._last_miss, self._until = 0, None, 0.0

    def wait_left(self) -> int:
        """Whole seconds (rounded up) before this terminal may try again; 0 when it may try now."""
        self._forget_if_quiet()
        return max(0, math.ceil(self._until - self._now()))

    def missed(self) -> int:
        """Count a miss now; returns the seconds to wait before the next try (0 while misses are free)."""
        self._forget_if_quiet()
        self.misses += 1
        now = self._now()
        self._last_miss = now
        wait = wait_after(self.misses)
        self._until = now + wait
        return math.ceil(wait)

    def outcome(self, error: BaseException | None) -> int:
        """Note how a try ended (``error`` None: it worked); returns the wait now due (0 for none)."""
        if error is not None and is_miss(error):
            return self.missed()
        return self.wait_left()
