"""Snapshots of the main resident screens at 80x24 in both languages (the clock is fixed, so they are stable).

Regenerate after a deliberate change of look with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and
review the SVGs in ``tests/ui/__snapshots__``."""

from __future__ import annotations

import pytest

from tests.ui.conftest import press, settle

LANGS = ["zh-Hans", "en"]


def _steps(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, *keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare, make_app, hall, lang):
    hall.issue_ticket("social-security")
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_steps())


@pytest.mark.parametrize("lang", LANGS)
def test_home_at_60x20(snap_compare, make_app, hall, lang):
    """The smallest terminal a kiosk runs on: every choice on screen, compact, each with its two even lines."""
    hall.issue_ticket("social-security")
    assert snap_compare(make_app(lang), terminal_size=(60, 20), run_before=_steps())


@pytest.mark.parametrize("lang", LANGS)
def test_ticket_services(snap_compare, make_app, lang):
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_steps("1"))


@pytest.mark.parametrize("lang", LANGS)
def test_booking_days(snap_compare, make_app, lang):
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_steps("2", "1"))


@pytest.mark.parametrize("lang", LANGS)
def test_check_in(snap_compare, make_app, lang):
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_steps("3"))


@pytest.mark.parametrize("lang", LANGS)
def test_request_form(snap_compare, make_app, lang):
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_steps("4", "1"))


@pytest.mark.parametrize("lang", LANGS)
def test_rate_levels(snap_compare, make_app, hall, clock, lang):
    ticket = hall.issue_ticket("household")
    hall.call_next("3")
    hall.finish("3")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "6")
        pilot.app.screen.query_one("#input-code").value = ticket["code"]
        await press(pilot, "enter")

    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=run_before)
