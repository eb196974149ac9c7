"""The calendar in kiosk.toml against the published schedules (the ``chinesecalendar`` package, a test dependency):
every year the package covers must match it day for day, and every later entry must say it is provisional."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from kiosk.config import HallConfig, parse_config
from kiosk.errors import ConfigError

chinese_calendar = pytest.importorskip("chinese_calendar")
from chinese_calendar import constants  # noqa: E402


def covered_years() -> set[int]:
    """The years whose State Council schedule the installed package holds."""
    return {day.year for day in constants.holidays} | {day.year for day in constants.workdays}


def test_the_calendar_matches_the_published_schedule_for_every_year_the_package_covers(hall_config: HallConfig) -> None:
    ours = {day.year for day in hall_config.holidays} | {day.year for day in hall_config.makeup_workdays}
    checked = sorted(ours & covered_years())
    assert checked, "at least one year of kiosk.toml can be checked"
    for year in checked:
        holidays = {day for day in constants.holidays if day.year == year}
        assert {day for day in hall_config.holidays if day.year == year} == holidays, year
        makeup = {day for day in constants.workdays if day.year == year}
        assert {day for day in hall_config.makeup_workdays if day.year == year} == makeup, year
        assert not {day for day in hall_config.provisional_days if day.year == year}, (
            f"{year} is published: drop provisional"
        )


def test_every_year_the_package_does_not_cover_is_marked_provisional(hall_config: HallConfig) -> None:
    known = covered_years()
    for day in list(hall_config.holidays) + list(hall_config.makeup_workdays):
        if day.year not in known:
            assert day in hall_config.provisional_days, f"{day} is not published yet: mark it provisional = true"


def test_2027_closes_new_years_eve_and_whole_long_weekends(hall_config: HallConfig) -> None:
    assert date(2027, 2, 5) in hall_config.holidays, "除夕 is a statutory holiday since the 2025 revision"
    for first, last in ((date(2027, 1, 1), date(2027, 1, 3)), (date(2027, 4, 3), date(2027, 4, 5))):
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        assert all(day in hall_config.holidays for day in days), days
    for day in (date(2027, 1, 2), date(2027, 4, 3)):
        assert day.weekday() == 5, "these are the Saturdays whose windows used to stay open"


def _config_with(entry: dict[str, Any], key: str = "holidays") -> HallConfig:
    import tomllib
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "kiosk.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    data["calendar"] = {key: [entry]}
    return parse_config(data, source)


def test_provisional_is_validated() -> None:
    config = _config_with({"date": date(2028, 1, 1), "zh": "元旦", "en": "New Year", "provisional": True})
    assert config.provisional_days == frozenset({date(2028, 1, 1)})
    assert _config_with({"date": date(2028, 1, 1), "zh": "元旦", "en": "New Year"}).provisional_days == frozenset()
    with pytest.raises(ConfigError, match=r"calendar.holidays\[0\].provisional: expected true or false, got"):
        _config_with({"date": date(2028, 1, 1), "zh": "元旦", "en": "New Year", "provisional": "yes"})
    with pytest.raises(ConfigError, match=r"calendar.closures\[0\].provisional"):
        _config_with({"date": date(2028, 3, 1), "zh": "维护", "en": "Maintenance", "provisional": True}, "closures")
    makeup = _config_with({"date": date(2028, 1, 8), "works_as": "fri", "provisional": True}, "makeup_workdays")
    assert makeup.provisional_days == frozenset({date(2028, 1, 8)})
