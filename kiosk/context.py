"""What every domain rule is evaluated against: the hall's config, its calendar, and one fixed "now".

A domain operation reads the clock once, at the start, and uses that instant throughout, so one transaction
never sees time move under it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from kiosk.config import HallConfig
from kiosk.hours import HallHours
from kiosk.records import Event


@dataclass(frozen=True)
class Context:
    """The config, the calendar and the instant an operation runs at."""

    config: HallConfig
    hours: HallHours
    now: datetime

    @property
    def today(self) -> date:
        """The hall's calendar date at ``now``."""
        return self.now.date()

    @property
    def stamp(self) -> str:
        """``now`` as stored in records: ISO 8601 to the second, with the hall's offset."""
        return stamp(self.now)

    def at(self, day: date, hhmm: str) -> datetime:
        """``day`` at a ``HH:MM`` time, in the hall's timezone."""
        hour, minute = (int(part) for part in hhmm.split(":"))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.config.timezone)


def stamp(instant: datetime) -> str:
    """How instants are written into records: comparable as strings because the offset is always the hall's."""
    return instant.isoformat(timespec="seconds")


@functools.lru_cache(maxsize=16384)
def parse_stamp(text: str) -> datetime:
    """Read back an instant written by :func:`stamp`. Cached: the same stamps are read again and again (every
    waiting ticket's, for each view and each call), and an instant never changes."""
    return datetime.fromisoformat(text)


def event(ctx: Context, name: str, **details: object) -> Event:
    """One entry of a record's history: when, what, and whatever else applies (counter, staff, note)."""
    entry: dict[str, object] = {"at": ctx.stamp, "event": name}
    entry.update({key: value for key, value in details.items() if value not in (None, "")})
    return cast(Event, entry)
