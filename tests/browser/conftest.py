"""Fixtures of the real-browser tests of ``kiosk serve``: a served training hall per module, and headless Chromium
windows (see browser_helpers.py for how they run)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_helpers import Page, Served


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """A server on a fresh training hall, shared by a module's tests."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-browser-"))
    server = Served(folder)
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[Callable[..., Page]]:
    """Opens headless Chromium windows (``browser(width, height)``), all closed after the test."""
    pages: list[Page] = []

    def open_page(width: int = 1280, height: int = 800) -> Page:
        pages.append(Page(width, height))
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()
