"""The one source of "now".

Every rule that depends on time asks a :class:`Clock`, never ``datetime.now()``, so tests pin time exactly and
``--now`` lets a trainer run the whole product at any hour. Every instant is timezone-aware in the hall's
timezone.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current instant, aware, in the hall's timezone."""

    tz: tzinfo

    def now(self) -> datetime:
        """The current instant."""
        ...


class SystemClock:
    """The real wall clock, in the hall's timezone."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        """The wall-clock instant now."""
        return datetime.now(self.tz)


class RunningClock:
    """Starts at a chosen instant and runs on in real time (what ``--now`` gives).

    The offset is taken against the monotonic clock, so a wall-clock change on the machine does not jump it.
    """

    def __init__(self, start: datetime, tz: tzinfo) -> None:
        self.tz = tz
        self._start = ensure_aware(start, tz)
        self._started = time.monotonic()

    def now(self) -> datetime:
        """The start instant plus the real time elapsed since this clock was made."""
        return self._start + timedelta(seconds=time.monotonic() - self._started)


class FixedClock:
    """A clock that stands still until told to move: for tests and the demo generator."""

    def __init__(self, start: datetime, tz: tzinfo | None = None) -> None:
        self.tz = tz or start.tzinfo
        if self.tz is None:
            raise ValueError("FixedClock needs a timezone")
        self._now = ensure_aware(start, self.tz)

    def now(self) -> datetime:
        """The instant this clock was last set to."""
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` (naive instants are taken in the clock's timezone)."""
        self._now = ensure_aware(instant, self.tz)

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)`` and return the new instant."""
        self._now = self._now + timedelta(**delta)
        return self._now


def ensure_aware(instant: datetime, tz: tzinfo) -> datetime:
    """``instant`` in ``tz``: a naive instant is read as local hall time, an aware one is converted."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=tz)
    return instant.astimezone(tz)


def parse_instant(text: str, tz: tzinfo) -> datetime:
    """Parse an ISO-8601 instant such as ``2026-11-23T09:15`` (hall time unless an offset is given).

    Raises ``ValueError`` with a readable message when ``text`` is not an ISO instant.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"expected an ISO time such as 2026-11-23T09:15, got {text!r}") from None
    return ensure_aware(value, tz)
