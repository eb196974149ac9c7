"""What the domain tests share: the days they run on and small ways to set the clock and read the store."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import Refused
from kiosk.hall import Hall

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


def at(clock: FixedClock, hhmm: str, day: date = MONDAY) -> datetime:
    """Set the clock to ``day`` at ``hhmm`` (hall time) and return the instant."""
    clock.set(datetime.combine(day, time.fromisoformat(hhmm)))
    return clock.now()


def hot(hall: Hall, table: str) -> list[dict[str, Any]]:
    """The records of ``table`` in the hot data file as committed."""
    with hall.store.snapshot() as tx:
        return tx.records(table)


def refusal(call, *args, **kwargs) -> Refused:
    """The :class:`Refused` that ``call(*args, **kwargs)`` raises (the test fails when it raises none)."""
    with pytest.raises(Refused) as info:
        call(*args, **kwargs)
    return info.value
