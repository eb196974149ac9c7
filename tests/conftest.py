"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import HallConfig, load_config

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def hall_config() -> HallConfig:
    """The bundled ``kiosk.toml`` at the repository root, loaded and validated (a fresh object per test)."""
    return load_config(REPO / "kiosk.toml")
