"""The hall's calendar: when it is open, and for what.

Pure functions of the configuration and the dates asked about: nothing here reads the clock or touches the
store, so the queue, booking and request modules (and their tests) can ask about any instant.

A date's opening is decided in this order:

1. A holiday or closure date has no opening at all, staggered windows included.
2. Otherwise the date behaves as its *effective weekday*: its own weekday, or for a 调休 makeup workday the
   weekday it is worked as. It gets that weekday's regular hours (walk-ins and bookings) plus every staggered
   window that runs on that weekday. So a Saturday keeps its Saturday-morning window, while a Saturday worked
   as a Friday gets Friday's hours and Friday's evening window instead.

Configuration validation guarantees that the periods of one date never overlap, so an instant belongs to at
most one period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.clock import ensure_aware
from kiosk.config import HallConfig, Text

__all__ = ["HallHours", "OpenPeriod"]


@dataclass(frozen=True)
class OpenPeriod:
    """One span of opening on one date, ``start`` inclusive, ``end`` exclusive, both aware in hall time."""

    start: datetime
    """When it opens."""
    end: datetime
    """When it closes (the first instant no longer inside it)."""
    staggered: bool
    """True for a staggered-hours window, False for regular hours."""
    walk_in: bool
    """Whether walk-in tickets are taken."""
    booking: bool
    """Whether appointments can be booked into it."""
    window_id: str | None
    """The :class:`kiosk.config.Window` id for a staggered window, ``None`` for regular hours."""

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end

    @property
    def minutes(self) -> float:
        """Its length in minutes."""
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class _Template:
    """A period before it is placed on a date."""

    start: time
    end: time
    staggered: bool
    walk_in: bool
    booking: bool
    window_id: str | None


class HallHours:
    """Answers calendar questions for one :class:`HallConfig`: working days, opening periods, open-time sums.

    Instants passed in may be naive (read as hall time) or aware in any zone (converted to hall time).
    """

    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.tz = config.timezone
        # Per effective weekday, the day's periods as times; placed on a date by periods().
        self._templates: dict[int, tuple[_Template, ...]] = {}
        for weekday in range(7):
            templates = [
                _Template(period.start, period.end, False, True, True, None)
                for period in config.regular_hours.get(weekday, ())
            ]
            templates += [
                _Template(window.start, window.end, True, window.walk_in, window.booking, window.id)
                for window in config.windows
                if weekday in window.days
            ]
            self._templates[weekday] = tuple(sorted(templates, key=lambda template: template.start))
        # periods() is asked about the same few dates over and over by the queue's estimates.
        self._cache: dict[date, tuple[OpenPeriod, ...]] = {}

    # ----------------------------------------------------------------------------------------------------------
    # Dates

    def is_closed_date(self, d: date) -> bool:
        """True on a holiday or closure date (no opening at all, windows included)."""
        return d in self.config.holidays or d in self.config.closures

    def is_working_day(self, d: date) -> bool:
        """True for Monday-Friday that is not a holiday or closure, and for a makeup workday (unless closed).

        This is the calendar sense used to count deadlines; whether the hall has hours that day is
        :meth:`periods`' business.
        """
        if self.is_closed_date(d):
            return False
        return d.weekday() < 5 or d in self.config.makeup_workdays

    def closed_reason(self, d: date) -> Text | None:
        """The holiday's name or the closure's reason for ``d``; ``None`` when ``d`` is neither."""
        return self.config.holidays.get(d) or self.config.closures.get(d)

    def effective_weekday(self, d: date) -> int | None:
        """The weekday whose hours ``d`` keeps (0 = Monday): a makeup workday's stand-in, else ``d.weekday()``;
        ``None`` on a holiday or closure date."""
        if self.is_closed_date(d):
            return None
        return self.config.makeup_workdays.get(d, d.weekday())

    # ----------------------------------------------------------------------------------------------------------
    # Periods

    def periods(self, d: date) -> list[OpenPeriod]:
        """All opening periods on ``d``, regular and staggered, sorted by start; ``[]`` when closed."""
        cached = self._cache.get(d)
        if cached is None:
            weekday = self.effective_weekday(d)
            templates = self._templates[weekday] if weekday is not None else ()
            cached = tuple(
                OpenPeriod(
                    start=datetime.combine(d, template.start, tzinfo=self.tz),
                    end=datetime.combine(d, template.end, tzinfo=self.tz),
                    staggered=template.staggered,
                    walk_in=template.walk_in,
                    booking=template.booking,
                    window_id=template.window_id,
                )
                for template in templates
            )
            self._cache[d] = cached
        return list(cached)

    def _kind(self, d: date, walk_in: bool) -> list[OpenPeriod]:
        """``d``'s periods taking walk-ins (``walk_in=True``) or all of them (``walk_in=False``)."""
        return [period for period in self.periods(d) if period.walk_in or not walk_in]

    def period_at(self, instant: datetime, *, walk_in: bool = True) -> OpenPeriod | None:
        """The period containing ``instant`` (start inclusive, end exclusive), or ``None`` when closed then.

        ``walk_in=True`` considers only periods that take walk-ins; ``walk_in=False`` considers every period.
        """
        instant = ensure_aware(instant, self.tz)
        for period in self._kind(instant.date(), walk_in):
            if instant in period:
                return period
        return None

    def next_opening(self, instant: datetime, *, walk_in: bool = True, within_days: int = 60) -> OpenPeriod | None:
        """The period of the kind containing ``instant``, else the first one starting after it, looking at most
        ``within_days`` dates ahead; ``None`` if there is none in that range."""
        instant = ensure_aware(instant, self.tz)
        day = instant.date()
        for offset in range(within_days + 1):
            for period in self._kind(day + timedelta(days=offset), walk_in):
                if instant < period.end:
                    return period
        return None

    def advance(self, start: datetime, minutes: float, *, walk_in: bool = True) -> datetime | None:
        """The instant reached after ``minutes`` of open time from ``start``, counting only that same date's
        periods of the kind (gaps such as lunch are skipped); ``None`` when the date's periods run out first.

        From inside a gap, counting begins at the next period that day. Work never carries over to another
        date, because a ticket not served by closing is not served tomorrow either.
        """
        if minutes < 0:
            raise ValueError(f"minutes must not be negative, got {minutes}")
        start = ensure_aware(start, self.tz)
        remaining = timedelta(minutes=minutes)
        for period in self._kind(start.date(), walk_in):
            if period.end <= start:
                continue
            begin = max(start, period.start)
            available = period.end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        return None

    # ----------------------------------------------------------------------------------------------------------
    # Working days

    def add_working_days(self, instant: datetime, n: int) -> datetime:
        """The same clock time ``n`` working days after ``instant`` (before it for negative ``n``).

        Counting starts with the day after ``instant``'s date, so from a Saturday one working day is Monday.
        """
        instant = ensure_aware(instant, self.tz)
        step = 1 if n >= 0 else -1
        day = instant.date()
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        # combine() rather than replace() so the UTC offset is recomputed for the new date (DST zones).
        return datetime.combine(day, instant.time(), tzinfo=self.tz)

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Working days ``d`` with ``a``'s date < ``d`` <= ``b``'s date; negative when ``b`` is before ``a``.

        The inverse of :meth:`add_working_days` when ``b`` falls on a working day.
        """
        first = ensure_aware(a, self.tz).date()
        last = ensure_aware(b, self.tz).date()
        if last < first:
            return -self.working_days_between(b, a)
        return sum(
            1 for offset in range(1, (last - first).days + 1) if self.is_working_day(first + timedelta(days=offset))
        )
