"""The one source of "now".

Every rule that depends on time asks a :class:`Clock`, never ``datetime.now()``, so tests pin time exactly and
``--now`` lets a trainer run the whole product at any hour. Every instant is timezone-aware in the hall's
timezone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Reading:
    """What a write records about the clock that stamped it, so that a later write can tell a real change of
    day from a clock that is wrong for a moment (see :mod:`kiosk.dayclose`).

    ``elapsed`` is seconds on a clock that only runs forward and that nobody sets (the kernel's boot-time clock,
    which keeps counting through suspend); it can be compared only between readings with the same ``boot``.
    """

    boot: str | None
    elapsed: float


class Clock(Protocol):
    """Anything that can tell the current instant, aware, in the hall's timezone."""

    tz: tzinfo
    #: True for a clock that does not follow the machine's (``--now``): refused on a live hall's data file.
    simulated: bool

    def now(self) -> datetime:
        """The current instant."""
        ...

    def reading(self) -> Reading:
        """The boot and the elapsed seconds that go with :meth:`now`."""
        ...


@cache
def boot_id() -> str | None:
    """This boot of the machine (Linux's random boot id), or None where the system does not tell."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def machine_reading() -> Reading:
    """The machine's boot and its boot-time clock (monotonic, counting suspend; plain monotonic elsewhere)."""
    source = getattr(time, "CLOCK_BOOTTIME", None)
    elapsed = time.clock_gettime(source) if source is not None else time.monotonic()
    return Reading(boot=boot_id(), elapsed=elapsed)


class SystemClock:
    """The real wall clock, in the hall's timezone."""

    simulated = False

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        """The wall-clock instant now."""
        return datetime.now(self.tz)

    def reading(self) -> Reading:
        """The machine's reading (see :func:`machine_reading`)."""
        return machine_reading()


class RunningClock:
    """Starts at a chosen instant and runs on in real time (what ``--now`` gives).

    The offset is taken against the monotonic clock, so a wall-clock change on the machine does not jump it.
    """

    simulated = True

    def __init__(self, start: datetime, tz: tzinfo) -> None:
        self.tz = tz
        self._start = ensure_aware(start, tz)
        self._started = time.monotonic()

    def now(self) -> datetime:
        """The start instant plus the real time elapsed since this clock was made."""
        return self._start + timedelta(seconds=time.monotonic() - self._started)

    def reading(self) -> Reading:
        """The machine's reading: a training clock runs in real time from its start."""
        return machine_reading()


class FixedClock:
    """A clock that stands still until told to move: for tests and the demo generator.

    :meth:`set` and :meth:`advance` move time itself, so its :meth:`reading` moves with it (every FixedClock
    shares one ``boot``, and its elapsed seconds are the instant's timestamp: fixed clocks always agree with each
    other). :meth:`step` moves only the wall clock, as a machine whose clock is set wrong: what the day rules
    must see through.
    """

    simulated = False

    def __init__(self, start: datetime, tz: tzinfo | None = None, *, boot: str = "fixed") -> None:
        zone = tz or start.tzinfo
        if zone is None:
            raise ValueError("FixedClock needs a timezone")
        self.tz: tzinfo = zone
        self._now = ensure_aware(start, self.tz)
        self._elapsed = self._now.timestamp()
        self.boot = boot

    def now(self) -> datetime:
        """The instant this clock was last set to."""
        return self._now

    def reading(self) -> Reading:
        """The elapsed seconds follow :meth:`set` and :meth:`advance`, not :meth:`step`."""
        return Reading(boot=self.boot, elapsed=self._elapsed)

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` (naive instants are taken in the clock's timezone)."""
        new = ensure_aware(instant, self.tz)
        self._elapsed += (new - self._now).total_seconds()
        self._now = new

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)`` and return the new instant."""
        self.set(self._now + timedelta(**delta))
        return self._now

    def step(self, instant: datetime) -> None:
        """Set the wall clock to ``instant`` while real time stands still (a clock set wrong, or put right)."""
        self._now = ensure_aware(instant, self.tz)


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
