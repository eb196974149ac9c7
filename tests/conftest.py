"""Shared pytest fixtures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import HallConfig, load_config
from kiosk.hall import Hall

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def hall_config() -> HallConfig:
    """The bundled ``kiosk.toml`` at the repository root, loaded and validated (a fresh object per test)."""
    return load_config(REPO / "kiosk.toml")


# --- the domain under a fixed clock ----------------------------------------------------------------------------

#: Monday 2026-11-23 09:00, hall time: a regular working morning, half an hour after opening.
MONDAY_MORNING = (2026, 11, 23, 9, 0)


@pytest.fixture
def clock(hall_config: HallConfig) -> FixedClock:
    """A clock standing at Monday 2026-11-23 09:00 in the hall's timezone; tests move it with set()/advance()."""
    return FixedClock(datetime(*MONDAY_MORNING, tzinfo=hall_config.timezone))


@pytest.fixture
def hall(hall_config: HallConfig, clock: FixedClock, tmp_path: Path) -> Hall:
    """A hall on a fresh temporary data file, driven by ``clock`` (fsync off: throw-away data)."""
    return Hall.open(hall_config, clock=clock, data_path=str(tmp_path / "hall.json"), durable=False, create=True)


# --- a fake ESC/POS network printer (tests/fake_printer.py) ----------------------------------------------------


@pytest.fixture
def printer():
    """A fake network printer with paper, recording each slip's bytes; stopped after the test."""
    from fake_printer import FakePrinter

    fake = FakePrinter()
    yield fake
    fake.stop()
