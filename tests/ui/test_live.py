"""The one live-data path (:mod:`screens.live`): the app's watcher tells the screen on top only when the hall
changed; home reads only then; one read at a time, one more for changes during it; a failed read says so politely
and recovers by itself; screens reach one another by name.

"Another terminal" is a second :class:`Hall` on the same data file, so every change reaches the app the way it
would in the hall: through the file."""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import screens
from kiosk.errors import StoreError
from kiosk.hall import Hall
from screens.console.base import VIEWS
from screens.live import HallChanged, LiveScreen
from screens.resident.home import HomeScreen
from tests.ui.conftest import looked, press, screen_name, settle, shown

SLOW = 600.0


@pytest.fixture
def other(hall: Hall, clock: Any) -> Hall:
    """Another terminal on the same data file."""
    return Hall.open(hall.config, clock=clock, data_path=str(hall.store.path), durable=False)


def count_reads(monkeypatch: pytest.MonkeyPatch, hall: Hall) -> list[float]:
    """Every read of the home screen's view from now on (one entry per ``hall.overview`` call)."""
    reads: list[float] = []
    real = hall.overview

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(time.monotonic())
        return real(*args, **kwargs)

    monkeypatch.setattr(hall, "overview", counted)
    return reads


async def until(pilot: Any, condition: Any, seconds: float = 2.0) -> None:
    """Wait on real time (the watcher's own timer runs) until ``condition()`` holds."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        await pilot.pause(0.02)


async def test_the_watcher_posts_only_when_the_file_changed(make_app, hall, other, clock):
    app = make_app("en", watch_seconds=SLOW)  # the test ticks the watcher by hand
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        posted: list[HallChanged] = []
        home = app.screen
        real_post = home.post_message

        def post(message: Any) -> bool:
            if isinstance(message, HallChanged):
                posted.append(message)
            return real_post(message)

        home.post_message = post  # type: ignore[method-assign]
        for _ in range(5):
            await looked(pilot, then_settle=False)
        assert posted == []  # nothing changed: nothing posted, however often it looks
        other.issue_ticket("social-security")
        for _ in range(5):
            await looked(pilot, then_settle=False)
        assert [m.version for m in posted] == [hall.version()]  # one write: one message, once
        clock.advance(seconds=60)
        await looked(pilot, then_settle=False)
        await looked(pilot, then_settle=False)
        assert len(posted) == 2 and posted[1].minute == "2026-11-23T09:01"  # the clock turned a minute
        await settle(pilot)
        assert "1 waiting" in shown(app)


async def test_home_reads_again_only_when_the_hall_changed_or_the_minute_turned(
    make_app, hall, other, clock, monkeypatch
):
    reads = count_reads(monkeypatch, hall)
    app = make_app("en", watch_seconds=0.02)  # the real watcher, ticking fast
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(reads) == 1  # the first read
        await pilot.pause(0.4)  # about twenty ticks, nothing changed
        assert len(reads) == 1
        other.issue_ticket("social-security")
        await until(pilot, lambda: "1 waiting" in shown(app))
        assert len(reads) == 2
        await pilot.pause(0.3)
        assert len(reads) == 2
        clock.set(clock.now().replace(hour=12, minute=0))  # closing time: open or closed follows the clock
        await until(pilot, lambda: "Closed now" in shown(app) or "Extended" in shown(app))
        assert len(reads) == 3


async def test_home_catches_up_on_what_changed_while_it_was_covered(make_app, hall, other, monkeypatch):
    app = make_app("en", watch_seconds=SLOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = count_reads(monkeypatch, hall)
        await press(pilot, "f12")  # the staff prompt covers home
        assert screen_name(app) == "StaffPrompt"
        other.issue_ticket("social-security")
        await press(pilot, "escape")  # back on top: the watcher looks at once
        await until(pilot, lambda: "1 waiting" in shown(app))
        assert screen_name(app) == "HomeScreen"
        assert len(reads) == 1
        await press(pilot, "f12", "escape")  # covered and back, nothing changed: nothing read
        assert len(reads) == 1


async def test_one_read_at_a_time_and_one_more_for_changes_during_it(make_app, hall, other, monkeypatch):
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)  # the held read must not count as a costly view
    app = make_app("en", watch_seconds=SLOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        release = threading.Event()
        running, most, reads = [0], [0], [0]
        real = hall.overview

        def slow() -> Any:
            running[0] += 1
            most[0] = max(most[0], running[0])
            reads[0] += 1
            release.wait(5)
            try:
                return real()
            finally:
                running[0] -= 1

        monkeypatch.setattr(hall, "overview", slow)
        other.issue_ticket("social-security")
        await looked(pilot, then_settle=False)
        await until(pilot, lambda: reads[0] == 1)  # a read is under way, held
        for service in ("household", "employment", "general"):  # three changes while it is held
            other.issue_ticket(service)
            await looked(pilot, then_settle=False)
        assert reads[0] == 1
        release.set()
        await settle(pilot)
        assert reads[0] == 2 and most[0] == 1  # exactly one more read, never two at once
        assert sum(service["waiting"] for service in app.screen.overview["services"]) == 4  # the last read saw all


async def test_a_failed_read_says_so_politely_keeps_the_figures_and_recovers_by_itself(
    make_app, hall, other, monkeypatch
):
    real = hall.overview
    app = make_app("en", watch_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Open now" in shown(app)
        failures = [0]

        def broken() -> Any:
            failures[0] += 1
            raise StoreError("store.busy", path="hall.json", seconds=10)

        monkeypatch.setattr(hall, "overview", broken)
        other.issue_ticket("social-security")
        await until(pilot, lambda: "the system is busy" in shown(app))
        text = shown(app)
        assert "Open now" in text and "hall.json" not in text  # the last figures stay up; no path, no traceback
        await until(pilot, lambda: failures[0] >= 2)  # it tries again on the next tick, with no further change
        monkeypatch.setattr(hall, "overview", real)
        await until(pilot, lambda: "the system is busy" not in shown(app))
        assert "1 waiting" in shown(app)


async def test_a_bug_in_a_read_gets_the_polite_line_never_a_traceback(make_app, hall, other, monkeypatch):
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)  # the read after the change at once, on a busy machine too
    app = make_app("zh-Hans", watch_seconds=SLOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(hall, "overview", lambda: 1 / 0)
        other.issue_ticket("social-security")
        await looked(pilot)
        assert "系统繁忙" in shown(app) and "ZeroDivisionError" not in shown(app)
        await press(pilot, "f2")  # the apology follows the language
        assert "the system is busy" in shown(app)


def test_screens_reach_one_another_by_name_not_by_import_inside_functions():
    """No import inside a function in the screens or the app: the cycles those imports broke are gone."""
    sources = sorted(Path(screens.__file__).parent.rglob("*.py"))  # every face and the app
    inside = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside += [
                    f"{source.name}:{sub.lineno}"
                    for sub in ast.walk(node)
                    if isinstance(sub, (ast.Import, ast.ImportFrom))
                ]
    assert inside == []
    assert {"home", "ticket", "book", "checkin", "request", "lookup", "rate", "sign-in", "board"} <= set(screens.ROUTES)


async def test_a_costly_view_is_read_again_only_after_its_cool_down(make_app, hall, other, monkeypatch):
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 10.0)
    app = make_app("en", watch_seconds=SLOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        real = hall.overview
        reads: list[float] = []

        def costly() -> Any:
            time.sleep(0.05)  # a read of 0.05 s: at most one per half second
            reads.append(time.monotonic())
            return real()

        monkeypatch.setattr(hall, "overview", costly)
        other.issue_ticket("social-security")
        await looked(pilot, then_settle=False)
        await until(pilot, lambda: len(reads) == 1)
        await settle(pilot)
        for service in ("household", "employment"):  # changes during the cool-down: one read after it
            other.issue_ticket(service)
            await looked(pilot)
        assert len(reads) == 1
        await until(pilot, lambda: len(reads) == 2)
        assert reads[1] - reads[0] >= 0.45
        await pilot.pause(0.8)
        await settle(pilot)
        assert len(reads) == 2 and "1 waiting" in shown(app)


async def test_home_follows_a_busy_hall_at_most_once_per_its_refresh_seconds(make_app, hall, other, monkeypatch):
    """Commits elsewhere in quick succession: the first after a quiet spell shows at once, the rest together once
    the bound has passed; coming back on top reads at once whatever the bound, a change seen just before and
    still waiting for the bound included."""
    bound = 1.5
    monkeypatch.setattr(HomeScreen, "REFRESH_SECONDS", bound)
    app = make_app("en", watch_seconds=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(bound + 0.1)  # a quiet spell longer than the bound
        reads = count_reads(monkeypatch, hall)
        other.issue_ticket("social-security")
        await until(pilot, lambda: "1 waiting" in shown(app), seconds=bound * 0.8)  # at once, not after the bound
        for _ in range(3):  # three more within the bound: none shows yet
            other.issue_ticket("social-security")
            await pilot.pause(0.05)
        assert len(reads) == 1 and "1 waiting" in shown(app)
        await until(pilot, lambda: "4 waiting" in shown(app), seconds=bound + 2)
        assert len(reads) == 2 and reads[1] - reads[0] >= bound - 0.05  # all three in one read, after the bound
        other.issue_ticket("household")
        await looked(pilot, then_settle=False)  # seen while on top: its read waits for the bound...
        assert len(reads) == 2
        await press(pilot, "f12", "escape")  # ...but covered and back on top, it reads now
        await until(pilot, lambda: len(reads) == 3, seconds=bound * 0.8)


def test_every_name_a_screen_goes_to_is_a_route():
    """``app.go("name")`` with a name that no screen answers to would fail only when a resident got there."""
    names = {f"console-{name}" for name, _, _ in VIEWS if name != "counter"} | {"console-counter"}
    for source in Path(screens.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "go"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    assert names - set(screens.ROUTES) == set()
