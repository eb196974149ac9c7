"""kiosk.hours against the bundled kiosk.toml (Asia/Shanghai).

Dates used: 2026-11-23 is a Monday, 2026-11-27 a Friday, 2026-11-28 a Saturday; 2026-12-30 is a closure;
2027-10-01..07 is National Day; 2027-02-20 is a Saturday worked as a Friday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import HallConfig
from kiosk.hours import HallHours

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, clock: str) -> datetime:
    """An aware hall-time instant from ``"2026-11-23", "08:30"``."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=TZ)


def spans(periods: list) -> list[str]:
    """Periods as "HH:MM-HH:MM" strings, for readable assertions."""
    return [f"{p.start:%H:%M}-{p.end:%H:%M}" for p in periods]


@pytest.fixture
def hours(hall_config: HallConfig) -> HallHours:
    """HallHours over the bundled config."""
    return HallHours(hall_config)


# --- days ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-11-23", True),  # Monday
        ("2026-11-27", True),  # Friday
        ("2026-11-28", False),  # Saturday
        ("2026-11-29", False),  # Sunday
        ("2027-10-01", False),  # National Day, a Friday
        ("2027-10-04", False),  # National Day, a Monday
        ("2026-12-30", False),  # closure, a Wednesday
        ("2027-02-20", True),  # makeup workday, a Saturday
        ("2027-10-09", True),  # makeup workday, a Saturday
    ],
)
def test_is_working_day(hours: HallHours, day: str, working: bool) -> None:
    assert hours.is_working_day(date.fromisoformat(day)) is working


def test_closed_reason(hours: HallHours) -> None:
    assert hours.closed_reason(date(2027, 10, 2)).get("en") == "National Day"
    assert hours.closed_reason(date(2027, 1, 1)).get("zh-Hans") == "元旦"
    assert hours.closed_reason(date(2026, 12, 30)).get("en") == "Year-end system maintenance"
    assert hours.closed_reason(date(2026, 11, 23)) is None
    assert hours.closed_reason(date(2026, 11, 28)) is None  # an ordinary weekend is not a "closure"


# --- periods ---------------------------------------------------------------------------------------------------


def test_weekday_has_regular_hours_and_evening_window(hours: HallHours) -> None:
    periods = hours.periods(date(2026, 11, 23))
    assert spans(periods) == ["08:30-12:00", "14:00-17:30", "18:00-20:30"]
    morning, _, evening = periods
    assert (morning.staggered, morning.walk_in, morning.booking, morning.window_id) == (False, True, True, None)
    assert (evening.staggered, evening.walk_in, evening.booking) == (True, False, True)
    assert evening.window_id == "weekday-evenings"
    assert morning.start == at("2026-11-23", "08:30") and morning.start.tzinfo == TZ


def test_saturday_has_only_the_saturday_window(hours: HallHours) -> None:
    (period,) = hours.periods(date(2026, 11, 28))
    assert spans([period]) == ["09:00-12:00"]
    assert (period.window_id, period.walk_in, period.booking, period.staggered) == (
        "saturday-morning", True, True, True
    )  # fmt: skip
    assert hours.periods(date(2026, 11, 29)) == []  # Sunday


@pytest.mark.parametrize(
    "day",
    [
        "2027-10-04",  # holiday on a Monday: no regular hours, no evening window
        "2027-10-02",  # holiday on a Saturday: no Saturday window
        "2026-12-30",  # closure on a Wednesday
    ],
)
def test_nothing_opens_on_holidays_and_closures(hours: HallHours, day: str) -> None:
    assert hours.periods(date.fromisoformat(day)) == []


def test_makeup_saturday_keeps_the_hours_of_the_weekday_it_stands_for(hours: HallHours) -> None:
    periods = hours.periods(date(2027, 2, 20))  # Saturday worked as Friday
    assert spans(periods) == ["08:30-12:00", "14:00-17:30", "18:00-20:30"]
    assert "saturday-morning" not in [p.window_id for p in periods]


def test_period_at_boundaries(hours: HallHours) -> None:
    day = "2026-11-23"
    assert hours.period_at(at(day, "08:29:59")) is None
    assert hours.period_at(at(day, "08:30")).start == at(day, "08:30")  # start inclusive
    assert hours.period_at(at(day, "11:59:59")).end == at(day, "12:00")
    assert hours.period_at(at(day, "12:00")) is None  # end exclusive
    assert hours.period_at(at(day, "14:00")).start == at(day, "14:00")
    assert hours.period_at(at(day, "17:30")) is None


def test_period_at_evening_window_depends_on_kind(hours: HallHours) -> None:
    evening = at("2026-11-23", "18:30")
    assert hours.period_at(evening) is None  # takes no walk-ins
    assert hours.period_at(evening, walk_in=False).window_id == "weekday-evenings"


def test_period_at_accepts_naive_and_foreign_instants(hours: HallHours) -> None:
    assert hours.period_at(datetime(2026, 11, 23, 9, 0)) is not None  # naive: read as hall time
    # 01:00 UTC is 09:00 in Shanghai.
    assert hours.period_at(datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)) is not None
    assert hours.period_at(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)) is None  # 18:00: evening only


# --- next_opening ----------------------------------------------------------------------------------------------


def test_next_opening_from_friday_night_is_saturday_morning(hours: HallHours) -> None:
    period = hours.next_opening(at("2026-11-27", "21:00"))
    assert period.start == at("2026-11-28", "09:00") and period.window_id == "saturday-morning"


def test_next_opening_from_saturday_noon_is_monday(hours: HallHours) -> None:
    assert hours.next_opening(at("2026-11-28", "12:30")).start == at("2026-11-30", "08:30")
    assert hours.next_opening(at("2026-11-28", "12:30"), within_days=1) is None  # Sunday has nothing


def test_next_opening_kind_matters_after_regular_hours(hours: HallHours) -> None:
    after_close = at("2026-11-23", "17:45")
    assert hours.next_opening(after_close).start == at("2026-11-24", "08:30")
    evening = hours.next_opening(after_close, walk_in=False)
    assert evening.start == at("2026-11-23", "18:00") and evening.window_id == "weekday-evenings"


def test_next_opening_returns_the_period_containing_the_instant(hours: HallHours) -> None:
    assert hours.next_opening(at("2026-11-23", "10:00")).start == at("2026-11-23", "08:30")
    assert hours.next_opening(at("2026-11-23", "12:00")).start == at("2026-11-23", "14:00")


def test_next_opening_skips_a_holiday_week(hours: HallHours) -> None:
    # From the evening before National Day: Oct 1-7 closed (Saturday window included), Oct 8 Friday opens.
    assert hours.next_opening(at("2027-09-30", "18:00")).start == at("2027-10-08", "08:30")


# --- advance ---------------------------------------------------------------------------------------------------


def test_advance_within_a_period(hours: HallHours) -> None:
    assert hours.advance(at("2026-11-23", "09:00"), 25) == at("2026-11-23", "09:25")


def test_advance_skips_lunch(hours: HallHours) -> None:
    assert hours.advance(at("2026-11-23", "11:50"), 20) == at("2026-11-23", "14:10")


def test_advance_from_a_gap_starts_at_the_next_period(hours: HallHours) -> None:
    assert hours.advance(at("2026-11-23", "12:30"), 10) == at("2026-11-23", "14:10")
    assert hours.advance(at("2026-11-23", "07:00"), 0) == at("2026-11-23", "08:30")


def test_advance_to_closing_exactly_and_past_it(hours: HallHours) -> None:
    assert hours.advance(at("2026-11-23", "17:00"), 30) == at("2026-11-23", "17:30")
    assert hours.advance(at("2026-11-23", "17:00"), 31) is None
    assert hours.advance(at("2026-11-23", "17:00"), 31, walk_in=False) == at("2026-11-23", "18:01")
    assert hours.advance(at("2026-11-23", "20:00"), 60, walk_in=False) is None
    assert hours.advance(at("2026-11-29", "10:00"), 1) is None  # Sunday: nothing to walk through


def test_advance_rejects_negative_minutes(hours: HallHours) -> None:
    with pytest.raises(ValueError):
        hours.advance(at("2026-11-23", "09:00"), -1)


# --- working days ----------------------------------------------------------------------------------------------


def test_add_working_days_across_a_weekend(hours: HallHours) -> None:
    assert hours.add_working_days(at("2026-11-27", "10:15"), 1) == at("2026-11-30", "10:15")
    assert hours.add_working_days(at("2026-11-28", "10:15"), 1) == at("2026-11-30", "10:15")  # from Saturday
    assert hours.add_working_days(at("2026-11-30", "10:15"), -1) == at("2026-11-27", "10:15")
    assert hours.add_working_days(at("2026-11-27", "10:15"), 0) == at("2026-11-27", "10:15")


def test_add_working_days_across_holiday_closure_and_makeup_day(hours: HallHours) -> None:
    assert hours.add_working_days(at("2027-09-30", "09:00"), 1) == at("2027-10-08", "09:00")
    assert hours.add_working_days(at("2027-09-30", "09:00"), 2) == at("2027-10-09", "09:00")  # makeup Saturday
    assert hours.add_working_days(at("2026-12-29", "16:00"), 1) == at("2026-12-31", "16:00")  # 12-30 closed


def test_working_days_between(hours: HallHours) -> None:
    assert hours.working_days_between(at("2026-11-27", "09:00"), at("2026-11-30", "09:00")) == 1
    assert hours.working_days_between(at("2027-09-30", "09:00"), at("2027-10-09", "09:00")) == 2
    assert hours.working_days_between(at("2026-11-30", "09:00"), at("2026-11-27", "09:00")) == -1


# The config fixture is never modified, so sharing it across generated examples is safe.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
)
def test_working_days_between_inverts_add_working_days(hall_config: HallConfig, start: date, n: int) -> None:
    hours = HallHours(hall_config)
    instant = datetime.combine(start, time(10), tzinfo=TZ)
    later = hours.add_working_days(instant, n)
    assert hours.working_days_between(instant, later) == n
    assert n == 0 or hours.is_working_day(later.date())


# The config fixture is never modified, so sharing it across generated examples is safe.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.datetimes(min_value=datetime(2026, 11, 23), max_value=datetime(2026, 11, 29, 23, 59)),
    first=st.integers(min_value=0, max_value=600),
    second=st.integers(min_value=1, max_value=600),
    walk_in=st.booleans(),
)
def test_advance_composes(hall_config: HallConfig, start: datetime, first: int, second: int, walk_in: bool) -> None:
    hours = HallHours(hall_config)
    halfway = hours.advance(start, first, walk_in=walk_in)
    whole = hours.advance(start, first + second, walk_in=walk_in)
    if halfway is None:
        assert whole is None
    else:
        assert hours.advance(halfway, second, walk_in=walk_in) == whole
        assert halfway - start.replace(tzinfo=TZ) >= timedelta(minutes=first)
