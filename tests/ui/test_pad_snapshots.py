"""Snapshots of the counter's rating pad at 80x24: idle with the clerk on duty, and asking after a finish (the
clock is fixed, so the countdown and the top bar's clock are stable).

Regenerate after a deliberate change of look with ``pytest tests/ui/test_pad_snapshots.py --snapshot-update`` and
review the SVGs in ``tests/ui/__snapshots__``."""

from __future__ import annotations

import pytest

from kiosk.hall import Hall
from screens.app import make_app
from tests.ui.conftest import settle

PIN = "246813"


@pytest.fixture
def staffed(hall: Hall) -> Hall:
    """A clerk signed in at counter 1, whose pad has started."""
    hall.add_staff("s01", "王芳", PIN)
    hall.sign_in("s01", PIN, "1")
    hall.pad_started("1")
    return hall


def pad_app(hall: Hall):
    app = make_app(
        hall.config, hall.store, hall.clock, mode="pad", counter="1", idle_check_seconds=600, watch_seconds=600
    )
    app.hall = hall
    return app


def test_pad_idle(snap_compare, staffed):
    assert snap_compare(pad_app(staffed), terminal_size=(80, 24), run_before=settle)


def test_pad_asking(snap_compare, staffed):
    staffed.issue_ticket("social-security")
    staffed.call_next("1", staff="s01")
    staffed.finish("1", staff="s01")
    assert snap_compare(pad_app(staffed), terminal_size=(80, 24), run_before=settle)
