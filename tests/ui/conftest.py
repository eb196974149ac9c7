"""Fixtures for driving the real app with Pilot: a hall on a temporary file, a fixed clock, helpers that read
what the screen shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from kiosk.hall import Hall
from screens.app import HallApp
from screens.app import make_app as build_app
from screens.widgets import Choice


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ from run to run: the one-line fields' and the request form's
    multi-line description's (a TextArea)."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)


@pytest.fixture(autouse=True)
def _cheap_pin_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """PINs hashed and checked with a cheap scrypt: the production cost (about 0.1 s a hash, on purpose) is the
    domain's to test (tests/unit/test_staff.py); a screen test only needs a right PIN to pass and a wrong one to
    fail. A record keeps its own parameters, so a hall made before (``kiosk demo``) still signs in."""
    from kiosk import staff

    monkeypatch.setattr(staff, "SCRYPT_PARAMS", {"n": 2**4, "r": 1, "p": 1, "dklen": 32})


@pytest.fixture(autouse=True)
def _quick_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for "idle" by sleeping 20 ms at a time until the process used under 1 ms of CPU in one sleep:
    each key pressed costs at least 40 ms, and each :func:`settle` 80 ms more, though the app is idle long before.
    The same test at a tenth of the grain (2 ms, idle under 0.1 ms of CPU) waits a tenth as long. What a test
    waits for (the screen's messages, the domain's workers, the hall watcher's look) it still waits for
    explicitly (:func:`settle`, :func:`looked`)."""
    from textual import _wait

    monkeypatch.setattr(_wait, "SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr(_wait, "SLEEP_IDLE", 0.0001)


@pytest.fixture(autouse=True)
def _reads_without_cool_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """A live screen waits after a costly read (:attr:`screens.live.LiveScreen.COST_FACTOR` times its length) on
    the machine's real time, which a busy machine stretches past the tests' waits: the tests read a change at
    once. The test of the cool-down itself sets the factor back."""
    from screens.board import BoardScreen
    from screens.console.counter import CounterScreen
    from screens.live import LiveScreen
    from screens.resident.home import HomeScreen

    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)
    # Likewise the bounds on reads for changes elsewhere of home, the board and the counter screen (the tests of
    # the bounds set them back).
    for screen in (HomeScreen, BoardScreen, CounterScreen):
        monkeypatch.setattr(screen, "REFRESH_SECONDS", 0.0)


@pytest.fixture
def make_app(hall: Hall) -> Callable[..., HallApp]:
    """Build the kiosk app on the test hall (language and timings overridable)."""

    def build(lang: str = "zh-Hans", **options: Any) -> HallApp:
        options.setdefault("slip_seconds", 600)  # a slip never goes home by itself during a test
        options.setdefault("idle_check_seconds", 600)
        app = build_app(hall.config, hall.store, hall.clock, lang=lang, **options)
        # The factory's Hall is on the same config, store and clock; the test's own object takes its place so that
        # a test can stand in for one of its methods (a slow or failing store).
        app.hall = hall
        return app

    return build


class HeldTimer:
    """What ``set_interval`` returns, for a timer the test fires by hand."""

    def stop(self) -> None:
        """Nothing runs by itself."""

    def pause(self) -> None:
        """Nothing runs by itself."""

    def resume(self) -> None:
        """Nothing runs by itself."""


@pytest.fixture
def held_timers(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], None]]:
    """The end screens' countdown timers, held by the test: none fires by itself; calling each of them once is one
    interval gone by (a screen that started two countdowns would step twice). Textual's own timers run as usual."""
    started: list[Callable[[], None]] = []
    from screens.resident.result import EndScreen

    real = EndScreen.set_interval

    def set_interval(self, interval, callback=None, **options):
        if callback is None or getattr(callback, "__name__", "") != "_count_down":
            return real(self, interval, callback, **options)
        started.append(callback)
        return HeldTimer()

    monkeypatch.setattr(EndScreen, "set_interval", set_interval)
    return started


async def tick(pilot, timers: list[Callable[[], None]]) -> None:
    """One second: every timer the screens started fires once."""
    for timer in list(timers):
        timer()
    await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    """Let screens mount, domain workers finish and their results show."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def looked(pilot: Pilot[Any], *, then_settle: bool = True) -> None:
    """Have the app's watcher (a thread) look at the hall now, wait until it has, let the change it found reach
    the screens and (``then_settle``) the reads it set off finish and show."""
    app: HallApp = pilot.app  # type: ignore[assignment]
    watcher = app.watcher
    assert watcher is not None
    done = watcher.looks
    app.watch_hall()
    while watcher.looks <= done:
        await pilot.pause(0.002)
    await pilot.pause()
    if then_settle:
        await settle(pilot)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys, settling after each (each may start a domain call or open a screen)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused field."""
    await pilot.press(*list(text))
    await pilot.pause()


def _plain(renderable: Any) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"), color_system=None)
    console.print(renderable)
    return console.export_text()


def shown(app: HallApp) -> str:
    """All the text on the current screen, in widget order (digits, choices and static text)."""
    parts = []
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        if isinstance(widget, Digits):
            parts.append(widget.value)
        elif isinstance(widget, Choice):
            parts.append(widget.render().plain)  # type: ignore[union-attr]
        elif isinstance(widget, Static):
            parts.append(_plain(widget.content))
        elif hasattr(widget, "plain_text"):  # the board's widgets that draw their own lines
            parts.append(widget.plain_text())
    return "\n".join(parts)


def screen_name(app: HallApp) -> str:
    """The current screen's class name."""
    return type(app.screen).__name__


def footer(app: HallApp) -> str:
    """The footer's key descriptions on the current screen."""
    return " ".join(f"{key.key_display} {key.description}" for key in app.screen.query("FooterKey"))
