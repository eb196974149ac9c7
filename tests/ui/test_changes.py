"""Screens that read and repaint only what a change concerns: the watcher hands each screen what changed
(:meth:`kiosk.hall.Hall.changed_since`, stood in for here: the store's own answer comes with its journal), a
screen reads only when a change touches a table it reads or the minute turns for a view that follows the clock,
a heavy report reruns at a bounded rate (not at all for closed days), and each widget updates only when its own
part of the view changed."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from textual.geometry import Region

from kiosk.hall import Hall
from kiosk.ui_contract import APPOINTMENTS, META_TABLE, STAFF, TICKETS
from screens.board import Banner, CallCell
from screens.console.report import ReportScreen
from screens.live import LiveScreen
from screens.widgets import TopBar
from tests.ui.conftest import _plain, looked, settle, shown
from tests.ui.test_console import PIN, press, sign_in


@pytest.fixture(autouse=True)
def _no_cool_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """A read right after another is not put off here (tested in test_live.py): each change reads at once."""
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)


@pytest.fixture
def staffed(hall: Hall) -> Hall:
    """The test hall with a clerk."""
    hall.add_staff("s01", "王芳", PIN)
    return hall


@pytest.fixture
def other(hall: Hall, clock: Any) -> Hall:
    """Another terminal on the same data file."""
    return Hall.open(hall.config, clock=clock, data_path=str(hall.store.path), durable=False)


@pytest.fixture
def console(make_app: Any, staffed: Hall) -> Any:
    """The app started as a counter console."""
    return lambda lang="zh-Hans", **options: make_app(lang, mode="staff", **options)


class Changes:
    """Stands in for :meth:`Hall.changed_since` on the app's hall: answers what the test says changed next."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, hall: Hall) -> None:
        self.next: dict[str, frozenset[str]] | None = None
        self.asked: list[str | None] = []
        monkeypatch.setattr(hall, "changed_since", self.changed_since)

    def changed_since(self, version: str | None) -> dict[str, frozenset[str]] | None:
        self.asked.append(version)
        return self.next


def counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.<name>`` (a hall's method, a screen's read) from now on."""
    calls: list[int] = []
    real = getattr(owner, name)

    def count(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, count)
    return calls


# --------------------------------------------------------------------------------------------- what makes a read


async def test_home_reads_only_for_changes_to_the_tables_it_shows(make_app, hall, other, monkeypatch):
    changes = Changes(monkeypatch, hall)
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = counted(monkeypatch, hall, "overview")
        # (A request may be a poor rating's case, which the month's public line counts: home reads requests.)
        changes.next = {APPOINTMENTS: frozenset({"A1"}), META_TABLE: frozenset()}
        other.book("social-security", date(2026, 11, 24), time(10, 30), "张三", "13800138000")
        await looked(pilot)
        assert changes.asked and reads == []  # an appointment booked for tomorrow: nothing home shows
        changes.next = {META_TABLE: frozenset()}  # every commit writes the meta table: alone it reads nothing
        other.add_staff("s09", "李明", "480316")
        await looked(pilot)
        assert reads == []
        changes.next = {TICKETS: frozenset({"x"}), META_TABLE: frozenset()}
        other.issue_ticket("social-security")
        await looked(pilot)
        assert len(reads) == 1 and "1 waiting" in shown(app)


async def test_a_change_that_cannot_be_told_is_everything(make_app, hall, other, monkeypatch):
    Changes(monkeypatch, hall)  # answers None: an unknown version, a restore
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = counted(monkeypatch, hall, "overview")
        other.add_staff("s09", "李明", "480316")
        await looked(pilot)
        assert len(reads) == 1


async def test_the_minute_turning_reads_a_view_that_follows_the_clock(make_app, hall, clock, monkeypatch):
    Changes(monkeypatch, hall)
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = counted(monkeypatch, hall, "overview")
        await looked(pilot)
        assert reads == []  # nothing changed, the same minute
        clock.advance(seconds=60)
        await looked(pilot)
        assert len(reads) == 1


async def test_the_counter_screen_skips_changes_it_does_not_show(console, staffed, other, monkeypatch):
    changes = Changes(monkeypatch, staffed)
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        reads = counted(monkeypatch, staffed, "counter_view")
        changes.next = {STAFF: frozenset({"s09"}), META_TABLE: frozenset()}
        other.add_staff("s09", "李明", "480316")
        await looked(pilot)
        assert reads == []
        changes.next = {TICKETS: frozenset({"x"}), META_TABLE: frozenset()}
        other.issue_ticket("social-security")
        await looked(pilot)
        assert len(reads) == 1 and "A001" in shown(app)


async def test_a_covered_screen_reads_once_back_on_top_and_only_if_a_change_concerned_it(
    make_app, hall, other, monkeypatch
):
    changes = Changes(monkeypatch, hall)
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = counted(monkeypatch, app.screen, "read")  # home's own reads (the services list reads too)
        await pilot.press("1")  # take a ticket: the list of services covers home
        await settle(pilot)
        changes.next = {APPOINTMENTS: frozenset({"A1"}), META_TABLE: frozenset()}
        other.book("social-security", date(2026, 11, 24), time(10, 30), "张三", "13800138000")
        await looked(pilot)
        await pilot.press("escape")
        await looked(pilot)
        assert reads == []  # back on top: what changed meanwhile was nothing home shows
        await pilot.press("1")
        await settle(pilot)
        changes.next = {TICKETS: frozenset({"x"}), META_TABLE: frozenset()}
        other.issue_ticket("social-security")
        await looked(pilot)
        assert reads == [], type(app.screen).__name__  # covered: noted, not read
        await pilot.press("escape")
        await looked(pilot)
        assert len(reads) == 1 and "1 waiting" in shown(app)


# --------------------------------------------------------------------------------------------- the report


async def test_a_report_of_closed_days_does_not_rerun_on_a_commit(console, staffed, other, monkeypatch):
    changes = Changes(monkeypatch, staffed)
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await press(pilot, "g", "d", "d", "d")  # today, 7 days, 30 days, yesterday
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.data["from"] == screen.data["to"]
        yesterday = screen.data["to"]
        assert yesterday < staffed.now().date().isoformat() and yesterday in shown(app)
        reports = counted(monkeypatch, staffed, "report")
        changes.next = {TICKETS: frozenset({"x"}), META_TABLE: frozenset()}
        for _ in range(3):
            other.issue_ticket("social-security")
            await looked(pilot)
        changes.next = None  # even "everything": nothing of a closed day changes today
        other.issue_ticket("household")
        await looked(pilot)
        assert reports == []


async def test_a_report_with_today_reruns_at_most_once_per_its_interval(console, staffed, other, monkeypatch):
    changes = Changes(monkeypatch, staffed)
    monkeypatch.setattr(ReportScreen, "REFRESH_SECONDS", 600.0)
    monkeypatch.setattr(ReportScreen, "COST_FACTOR", 0.0)  # a key reads at once, however long the last read took
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await press(pilot, "g")
        reports = counted(monkeypatch, staffed, "report")
        changes.next = {TICKETS: frozenset({"x"}), META_TABLE: frozenset()}
        for _ in range(3):
            other.issue_ticket("social-security")
            await looked(pilot)
        assert reports == []  # within the interval of the first read: not yet
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen._later is not None  # one rerun waits for its turn
        await press(pilot, "d")  # the clerk's own key reads at once
        assert len(reports) == 1


async def test_home_back_from_idling_reads_nothing_when_nothing_changed(make_app, hall, monkeypatch):
    app = make_app("en", watch_seconds=0.02)  # the real watcher, ticking fast
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = counted(monkeypatch, app.screen, "read")
        for _ in range(5):
            await looked(pilot)
        app.go_home()  # what the idle reset does
        await settle(pilot)
        assert reads == [] and "Open now" in shown(app)


# --------------------------------------------------------------------------------------------- what is redrawn


def updates(monkeypatch: pytest.MonkeyPatch, widgets: dict[str, Any]) -> dict[str, list[Any]]:
    """Record each ``update`` of these widgets (by name) from now on."""
    calls: dict[str, list[Any]] = {name: [] for name in widgets}
    for name, widget in widgets.items():
        real = widget.update

        def update(*args: Any, _real: Any = real, _calls: list[Any] = calls[name], **kwargs: Any) -> Any:
            _calls.append(args)
            return _real(*args, **kwargs)

        monkeypatch.setattr(widget, "update", update)
    return calls


async def test_a_commit_to_one_service_redraws_only_that_services_row(console, staffed, other, monkeypatch):
    other.issue_ticket("social-security")
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, counter="2")  # social security and elderly services
        screen = app.screen
        names = ("#counter-state", "#serving", "#queues .queue-header", "#queue-social-security", "#queue-elderly")
        widgets = {name: screen.query_one(name) for name in names}
        widgets["legend"] = screen.query_one("#queues .queue-legend")
        before = {name: widget.content for name, widget in widgets.items()}
        calls = updates(monkeypatch, widgets)
        other.issue_ticket("elderly")
        await looked(pilot)
        assert screen.data["queues"][1]["waiting"] == 1  # read and shown
        assert calls["#queue-elderly"] and "E001" in shown(app)
        unchanged = [name for name in widgets if name != "#queue-elderly"]
        assert {name: calls[name] for name in unchanged} == {name: [] for name in unchanged}
        assert all(widgets[name].content is before[name] for name in unchanged)
        calls["#queue-elderly"].clear()
        other.file_request("repair", "门口路灯坏了三天了", "13800138000", address="3栋")  # nothing of this counter's
        await looked(pilot)
        assert all(not found for found in calls.values())


async def test_the_board_redraws_only_the_parts_a_commit_changed(make_app, hall, other, monkeypatch):
    other.issue_ticket("social-security")
    other.call_next("1")
    app = make_app("en", mode="board", watch_seconds=600.0, idle_check_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        names = ("#board-state", "#board-recent", "#board-waiting", "#board-paused")
        widgets: dict[str, Any] = {name: screen.query_one(name) for name in names}
        before = {name: widget.content for name, widget in widgets.items()}
        calls = updates(monkeypatch, widgets)
        # The banner and the counters' cells draw their own lines: record every time one is drawn again.
        drawn: dict[str, list[Any]] = {}
        for name, widget in [
            ("banner", screen.query_one(Banner)),
            *((f"cell {n}", cell) for n, cell in enumerate(screen.query(CallCell))),
        ]:
            drawn[name] = []
            real = widget.refresh

            def refresh(*args: Any, _real: Any = real, _drawn: list[Any] = drawn[name], **kwargs: Any) -> Any:
                _drawn.append(args)
                return _real(*args, **kwargs)

            monkeypatch.setattr(widget, "refresh", refresh)
        rows = []
        real_rows = widgets["#board-waiting"].refresh
        monkeypatch.setattr(
            widgets["#board-waiting"], "refresh", lambda *a, **k: (rows.append(a), real_rows(*a, **k))[1]
        )
        other.issue_ticket("household")
        await looked(pilot)
        household = next(s for s in screen.view["waiting"] if s["service"] == "household")
        assert household["waiting"] == 1 and calls["#board-waiting"]
        assert rows == [(Region(0, 1, rows[0][0].width, 1),)]  # household's row alone (the second service)
        unchanged = [name for name in widgets if name != "#board-waiting"]
        assert {name: calls[name] for name in unchanged} == {name: [] for name in unchanged}
        assert all(widgets[name].content == before[name] for name in unchanged)
        assert drawn == {name: [] for name in drawn}


async def test_home_redraws_nothing_for_a_commit_that_changes_nothing_it_shows(make_app, hall, other, monkeypatch):
    other.issue_ticket("social-security")
    other.call_next("1")
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        reads = counted(monkeypatch, screen, "read")
        calls = updates(monkeypatch, {"state": screen.query_one("#hall-state"), "queues": screen.query_one("#queues")})
        other.finish("1")  # the ticket served is done: tickets and counters changed, no figure home shows
        await looked(pilot)
        assert len(reads) == 1 and calls == {"state": [], "queues": []}
        other.issue_ticket("household")
        await looked(pilot)
        assert len(reads) == 2 and calls["queues"] and calls["state"] == []


# --------------------------------------------------------------------------------------------- the clock, covered screens


def layouts(monkeypatch: pytest.MonkeyPatch, widget: Any) -> list[int]:
    """Count the refreshes of ``widget`` that lay the screen out again, from now on."""
    found: list[int] = []
    real = widget.refresh

    def refresh(*args: Any, layout: bool = False, **kwargs: Any) -> Any:
        if layout:
            found.append(1)
        return real(*args, layout=layout, **kwargs)

    monkeypatch.setattr(widget, "refresh", refresh)
    return found


async def test_the_clock_is_drawn_again_only_when_the_time_it_shows_changed(make_app, hall, clock, monkeypatch):
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(TopBar)
        calls = updates(monkeypatch, {"clock": bar.query_one("#clock")})
        laid_out = layouts(monkeypatch, bar.query_one("#clock"))
        for _ in range(3):  # ticks while the hall's clock shows the same minute: nothing drawn
            clock.advance(seconds=10)
            bar.tick()
        await settle(pilot)
        assert calls["clock"] == []
        clock.advance(seconds=30)  # 09:01:00
        bar.tick()
        await settle(pilot)
        assert len(calls["clock"]) == 1 and "09:01" in shown(app)
        assert laid_out == []  # the same width as before: drawn where it stands, no layout of the screen


async def test_a_covered_screen_keeps_still_and_catches_up_when_back(make_app, hall, clock, monkeypatch):
    app = make_app("en", watch_seconds=600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        home_clock = home.query_one(TopBar)
        calls = updates(monkeypatch, {"clock": home_clock.query_one("#clock")})
        await press(pilot, "1")  # the ticket flow covers home
        assert app.screen is not home and not home.is_current
        clock.advance(minutes=5)
        home_clock.tick()
        await settle(pilot)
        assert calls["clock"] == []  # covered: not drawn
        await press(pilot, "escape")
        assert app.screen is home and home.is_current
        assert calls["clock"] and "09:05" in shown(app)  # back on top: the time now, at once


async def test_a_commit_never_repaints_the_whole_console(console, staffed, other, monkeypatch):
    from textual._compositor import Compositor

    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, counter="2")
        full: list[int] = []
        real = Compositor.render_full_update

        def render_full_update(self: Any, *args: Any, **kwargs: Any) -> Any:
            full.append(1)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Compositor, "render_full_update", render_full_update)
        for service in ("elderly", "household", "social-security"):
            other.issue_ticket(service)
            await looked(pilot)
        # The sign-in screen under the counter screen heard of each commit too: it must not have made the screen
        # on top repaint all of itself (Textual's way with the screen under the top one).
        assert "E001" in shown(app) and full == []


async def test_the_serving_panel_changing_form_lays_nothing_out(console, staffed, other, monkeypatch):
    """Serving someone (three lines) and serving nobody ("next: ..." in two) take the panel's same rows: a finish
    seen apart from the next call moves nothing else on the screen."""
    for _ in range(2):
        other.issue_ticket("social-security")
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, counter="1")
        serving = app.screen.query_one("#serving")
        other.call_next("1")
        await looked(pilot)
        assert "A001" in _plain(serving.content) and "Called 09:00" in _plain(serving.content)
        laid_out = layouts(monkeypatch, serving)
        other.finish("1")
        await looked(pilot)
        assert "Next: A002" in _plain(serving.content) and "Called" not in _plain(serving.content)
        other.call_next("1")
        await looked(pilot)
        assert "A002" in _plain(serving.content) and "Called 09:00" in _plain(serving.content)
        assert laid_out == []


async def test_the_queue_columns_do_not_move_as_the_list_of_next_numbers_shortens(console, staffed, other):
    """Found by a fresh-eyes trial: the columns moved sideways with the longest list of next numbers."""
    for _ in range(6):
        other.issue_ticket("social-security")
    app = console("en", watch_seconds=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, counter="1")
        header = app.screen.query_one("#queues .queue-header")
        row = app.screen.query_one("#queue-social-security")
        wide = _plain(header.content)
        assert "A005 …" in _plain(row.content)  # five next numbers and more
        for _ in range(5):
            other.call_next("2")
            other.finish("2")
        await looked(pilot)
        assert "A006" in _plain(row.content) and "A005" not in _plain(row.content)
        assert _plain(header.content) == wide  # the header's columns where they were
