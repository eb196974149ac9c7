"""The display board: calls with their counters, recent calls, queues, open or closed and the clock, in both
languages; new calls shown once the app's watcher saw them, flashed, rung once each, none lost; no names, ever.

The board's timers and the app's watcher are slowed to ten minutes here (see ``board_app``) and the tests drive
them by hand: ``looked(pilot)`` has the watcher look at once, as its tick would, ``advance()`` what the end of a call's turn
in the banner calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from typing import Any

import pytest
from textual.color import Color

from kiosk.config import BoardRules
from kiosk.hall import Hall
from screens.app import HallApp, make_app
from screens.board import Banner, BoardScreen, CallCell, CallGrid
from screens.live import LiveScreen
from tests.ui.conftest import looked, settle, shown

SLOW = 600.0


@pytest.fixture(autouse=True)
def _slow_board_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turns in the banner happen when a test says so (the clock is fixed, so ticking changes nothing)."""
    for name in ("HOLD_SECONDS", "BUSY_HOLD_SECONDS"):
        monkeypatch.setattr(BoardScreen, name, SLOW)


@pytest.fixture
def board_app(hall: Hall) -> Callable[..., HallApp]:
    """The app in board mode, its bell counted in ``app.bells``; ``bilingual=`` etc. change ``[board]``."""

    def build(lang: str = "zh-Hans", **board: Any) -> HallApp:
        target = hall
        if board:
            rules = replace(BoardRules(), **board)
            target = Hall(replace(hall.config, board=rules), hall.store, hall.clock)
        app = make_app(
            target.config,
            target.store,
            target.clock,
            mode="board",
            lang=lang,
            idle_check_seconds=SLOW,
            watch_seconds=SLOW,
        )
        app.bells = 0  # type: ignore[attr-defined]

        def bell() -> None:
            app.bells += 1  # type: ignore[attr-defined]

        app.bell = bell  # type: ignore[method-assign]
        return app

    return build


def board(app: HallApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


async def refresh(pilot: Any) -> None:
    """What the watcher's tick does, then let the read finish and show."""
    await looked(pilot)


def banner(app: HallApp) -> tuple[str, str]:
    """The ticket and the counter in the banner's large digits."""
    shown = board(app).query_one(Banner)
    return shown.number, shown.counter


def serving(app: HallApp) -> list[tuple[str, str]]:
    """(ticket, counter) of each serving-counter cell shown, in order."""
    return [(cell.number, cell.counter) for cell in board(app).query(CallCell) if cell.shown is not None]


def text_of(app: HallApp, selector: str) -> str:
    from tests.ui.conftest import _plain

    rendered = _plain(board(app).query_one(selector).content)  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in rendered.rstrip().splitlines())


def every_turn_over(screen: BoardScreen) -> None:
    """End the banner's turns, each call's waiting for its own, as their timers would."""
    while screen.pending or screen.flashing:
        screen.advance()


def issue(hall: Hall, *services: str) -> None:
    for service in services:
        hall.issue_ticket(service)


async def test_side_by_side_shows_calls_counters_recent_queues_state_and_clock(board_app, hall, clock):
    issue(hall, "social-security", "social-security", "social-security", "household", "employment")
    hall.call_next("1")  # A001
    hall.call_next("3")  # B001
    for _ in range(2):
        clock.advance(seconds=30)
        hall.recall("1")  # A001 again
    hall.set_counter("5", "paused")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        # the hall, open or closed, and the clock: both languages at once
        assert "阳光社区便民服务大厅   Sunshine Community Service Hall" in text
        assert "2026-11-23 周一 Mon 09:01" in text
        assert "● 办理中 · 至 12:00   Open until 12:00" in text
        # every counter serving now, each in its own cell in the counters' order, in large digits with its name
        assert serving(app) == [("A001", "1"), ("B001", "3")]
        names = [cell.name_text.plain for cell in board(app).query(CallCell) if cell.shown]
        assert names == ["1号窗口 Counter 1", "3号窗口 Counter 3"]
        # the last call is up in the banner, steady: it was made before the board started, so no bell
        assert banner(app) == ("A001", "1")
        assert "再次呼叫：请 A001 号到 1号窗口办理\nA001 again, please go to Counter 1" in text
        assert not board(app).query_one(Banner).lit and app.bells == 0
        # recent calls, newest first, one line per ticket and counter with its recalls counted (↻2)
        recent = text_of(app, "#board-recent").splitlines()
        assert recent == ["09:01 A001 → 1 ↻2", "09:00 B001 → 3"]
        # a paused counter says so, in both languages
        assert text_of(app, "#board-paused") == "⏸ 5号窗口 暂停   Counter 5 paused"
        # waiting per service
        assert "最近叫号   Recent calls" in text and "等候人数   Waiting" in text
        waiting = text_of(app, "#board-waiting").splitlines()
        assert waiting[0].startswith("A 社保医保 Social secu") and waiting[0].endswith(" 2")
        assert waiting[1].startswith("B 户籍与证件") and waiting[1].endswith(" 0")
        assert waiting[3].startswith("D 就业服务") and waiting[3].endswith(" 1")


async def test_alternate_shows_one_language_at_a_time(board_app, hall):
    issue(hall, "social-security")
    hall.call_next("1")
    app = board_app(bilingual="alternate", alternate_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        assert "阳光社区便民服务大厅" in text and "Sunshine" not in text
        assert "正在办理" in text and "Now serving" not in text
        assert "2026-11-23 周一 09:00" in text and "● 办理中 · 至 12:00" in text
        assert "请 A001 号到 1号窗口办理" in text and "please go to" not in text
        assert text_of(app, "#board-waiting").splitlines()[0].endswith(" 0 人")
        board(app).switch_language()  # what the alternate timer does
        await settle(pilot)
        text = shown(app)
        assert "Sunshine Community Service Hall" in text and "阳光社区" not in text
        assert "Now serving" in text and "Recent calls" in text and "Waiting" in text and "正在办理" not in text
        assert "2026-11-23 Mon 09:00" in text and "● Open until 12:00" in text
        assert "Number A001, please go to Counter 1" in text and "Counter 1" in text
        assert serving(app) == [("A001", "1")]  # digits need no language
        board(app).switch_language()
        await settle(pilot)
        assert "正在办理" in shown(app)


async def test_a_state_line_too_long_for_both_languages_takes_turns(board_app, hall, clock):
    """On an 80-column board in the evening both languages of "extended hours until 20:30, appointments only" do
    not fit on the state line: it shows one at a time, taking turns with the public line, rather than cutting the
    English short; a wall screen shows both at once."""
    clock.set(clock.now().replace(hour=18, minute=50))
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(app, "#board-state") == "◐ 错时服务至 20:30 · 仅接待预约"
        for _ in range(app.config.board.alternate_seconds):
            board(app).tick()
        await settle(pilot)
        assert text_of(app, "#board-state") == "◐ Extended hours until 20:30: appointments only"
        for _ in range(app.config.board.alternate_seconds):
            board(app).tick()
        await settle(pilot)
        assert text_of(app, "#board-state") == "◐ 错时服务至 20:30 · 仅接待预约"
    app = board_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert (
            text_of(app, "#board-state")
            == "◐ 错时服务至 20:30 · 仅接待预约   Extended hours until 20:30: appointments only"
        )


async def test_a_call_made_while_the_board_runs_shows_once_seen_flashing_with_one_bell(board_app, hall, clock):
    issue(hall, "social-security", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert banner(app) == (f"{hall.now():%H:%M}", "")  # no call yet today: the time, large
        assert "暂无叫号\nNo calls yet" in shown(app) and serving(app) == []
        await refresh(pilot)  # nothing changed: nothing new
        assert app.bells == 0
        hall.call_next("3")
        await refresh(pilot)
        assert banner(app) == ("B001", "3")
        assert serving(app) == [("B001", "3")]
        assert text_of(app, "#board-recent") == "09:00 B001 → 3"
        assert text_of(app, "#board-waiting").splitlines()[1].endswith(" 0")
        banner_box = board(app).query_one(Banner)
        assert banner_box.lit and app.bells == 1
        assert [cell.announcing for cell in board(app).query(CallCell)][:4] == [
            False,
            False,
            True,
            False,
        ]  # counter 3's
        await refresh(pilot)  # the same version again: not announced twice
        assert app.bells == 1
        board(app).advance()  # its turn is over: it stays up, steady
        await settle(pilot)
        assert banner(app) == ("B001", "3") and not banner_box.lit and app.bells == 1
        # a recall is a new call too: announced again, but the recent list keeps one line for B001 at 3
        clock.advance(seconds=30)
        hall.recall("3")
        await refresh(pilot)
        assert app.bells == 2 and banner_box.lit
        assert "再次呼叫：请 B001 号到 3号窗口办理" in shown(app)
        assert text_of(app, "#board-recent") == "09:00 B001 → 3 ↻1"
        assert not board(app).query_one("#board-paused").display


async def test_once_the_counter_has_finished_the_banner_stops_asking_for_that_number(board_app, hall):
    issue(hall, "social-security", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hall.call_next("3")
        await refresh(pilot)
        board(app).advance()  # its turn is over: it stays up, steady, while B001 is served at 3
        await settle(pilot)
        assert banner(app) == ("B001", "3")
        hall.finish("3")
        await refresh(pilot)
        assert banner(app) == (f"{hall.now():%H:%M}", ""), "no longer 'B001, go to counter 3'"
        assert serving(app) == []
        assert "暂无窗口叫号" in shown(app) and "暂无叫号\n" not in shown(app)  # calls were made: not "no calls yet"


async def test_once_the_call_in_the_banner_is_finished_the_newest_call_still_served_takes_its_place(board_app, hall):
    """Found by a fresh-eyes trial: the banner said "no counter is calling now" while the grid showed counters
    serving."""
    issue(hall, "social-security", "household", "employment")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for counter in ("1", "5", "3"):
            hall.call_next(counter)
        await refresh(pilot)
        screen = board(app)
        every_turn_over(screen)
        await settle(pilot)
        assert banner(app) == ("B001", "3")
        bells = app.bells
        hall.finish("3")
        await refresh(pilot)
        assert banner(app) == ("D001", "5") and not screen.flashing  # the newest still served, steady
        assert app.bells == bells  # not announced again
        assert serving(app) == [("A001", "1"), ("D001", "5")] and "暂无窗口叫号" not in shown(app)
        hall.finish("5")
        hall.finish("1")
        await refresh(pilot)
        assert banner(app) == (f"{hall.now():%H:%M}", "") and "暂无窗口叫号" in shown(app)


async def test_a_call_finished_during_its_turn_leaves_the_banner_when_the_turn_ends(board_app, hall):
    """Found by a fresh-eyes trial: a call finished while it was still lit stayed in the banner until the minute
    turned, asking the resident to go to a counter that no longer served them."""
    issue(hall, "social-security", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hall.call_next("1")
        await refresh(pilot)
        screen = board(app)
        every_turn_over(screen)
        hall.call_next("3")  # B001 at 3, lit for its turn
        await refresh(pilot)
        assert banner(app) == ("B001", "3") and screen.flashing
        hall.finish("3")  # finished during its turn
        await refresh(pilot)
        assert serving(app) == [("A001", "1")]
        assert banner(app) == ("B001", "3")  # its turn is not cut short
        screen.advance()  # the turn ends, with no read after it
        await settle(pilot)
        assert banner(app) == ("A001", "1") and not screen.flashing


async def test_a_call_finished_while_it_waited_for_its_turn_gets_none(board_app, hall):
    """Found by a fresh-eyes trial: a call already finished still took a lit turn, asking the resident to go to a
    counter whose cell was already empty."""
    issue(hall, "social-security", "social-security", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for counter in ("1", "2", "3"):
            hall.call_next(counter)
        await refresh(pilot)
        screen = board(app)
        assert banner(app) == ("A001", "1") and len(screen.pending) == 2
        assert "+2 more" in shown(app)
        hall.finish("2")  # A002 is done before its turn
        await refresh(pilot)
        bells = app.bells
        screen.advance()
        await settle(pilot)
        assert banner(app) == ("B001", "3") and screen.flashing and app.bells == bells + 1
        assert not screen.pending and "+1 more" not in shown(app)


async def test_the_banner_falls_back_to_a_call_older_than_the_recent_list(board_app, hall):
    """Counters serving since before the last six calls still count: the banner never says nobody is called while
    the grid shows counters serving."""
    issue(hall, "household", *["social-security"] * 8)
    hall.call_next("3")  # B001 at 3, called first and still served
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        for _ in range(8):  # eight residents called and finished at counter 1: B001 leaves the recent list
            hall.call_next("1")
            hall.finish("1")
        await refresh(pilot)
        every_turn_over(screen)
        await settle(pilot)
        assert all(call["number"] != "B001" for call in screen.view["recent"])
        assert serving(app) == [("B001", "3")]
        assert banner(app) == ("B001", "3") and "暂无窗口叫号" not in shown(app)


async def test_three_calls_together_are_each_shown_and_announced_in_turn_none_lost(board_app, hall):
    issue(hall, "social-security", "household", "civil-affairs", "employment")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for counter in ("1", "3", "4"):
            hall.call_next(counter)
        await refresh(pilot)
        # all three are up at once in the grid and the recent list
        assert serving(app) == [("A001", "1"), ("B001", "3"), ("C001", "4")]
        assert [line.split()[1] for line in text_of(app, "#board-recent").splitlines()] == ["C001", "B001", "A001"]
        # the banner takes them in the order they were called, one bell each
        announced = [banner(app)]
        assert "另有 2 个新叫号   +2 more" in shown(app) and app.bells == 1
        for _ in range(2):
            board(app).advance()
            await settle(pilot)
            announced.append(banner(app))
        assert announced == [("A001", "1"), ("B001", "3"), ("C001", "4")]
        assert app.bells == 3 and "新叫号" not in shown(app)
        board(app).advance()
        await settle(pilot)
        assert app.bells == 3 and banner(app) == ("C001", "4")


async def test_a_call_made_during_a_read_is_neither_lost_nor_announced_twice(board_app, hall):
    issue(hall, "social-security", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hall.call_next("1")
        await looked(pilot, then_settle=False)  # a read starts ...
        hall.call_next("3")  # ... and a call lands before or after it read the file
        await looked(pilot)  # while the read runs, a change asks for one more read after it
        await refresh(pilot)  # whatever the first read missed, this one gets
        await refresh(pilot)
        assert serving(app) == [("A001", "1"), ("B001", "3")]
        board(app).advance()
        await settle(pilot)
        board(app).advance()
        await settle(pilot)
        assert app.bells == 2 and banner(app) == ("B001", "3")


async def test_names_never_appear(board_app, hall, clock):
    appointment = hall.book("household", clock.now().date(), time(9, 30), "张三丰", "13812345678")
    hall.check_in(appointment["code"], "5678")
    issue(hall, "social-security")
    app = board_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        hall.call_next("3")
        await refresh(pilot)
        assert banner(app) == ("B001", "3")
        screen = app.export_screenshot()
        for seen in (shown(app), screen):
            assert "张" not in seen and "三丰" not in seen and "5678" not in seen
            assert appointment["code"] not in seen


async def test_closed_hall_says_so_and_when_it_opens(board_app, hall, clock):
    clock.set(datetime(2026, 11, 22, 10, 0))  # a Sunday
    app = board_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        assert "○ 休息中 · 下次开放 明天 08:30–12:00   Closed · Opens tomorrow 08:30–12:00" in text
        assert serving(app) == []


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("when", "mark"),
    [(datetime(2026, 11, 23, 9, 0), "●"), (datetime(2026, 11, 23, 19, 0), "◐"), (datetime(2026, 11, 22, 10, 0), "○")],
)
async def test_the_state_line_reads_well_on_the_top_bar_open_for_appointments_or_closed(
    board_app, hall, clock, when, mark
):
    clock.set(when)
    app = board_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        board(app).trouble = True  # the warning too
        board(app).render_view()
        line = board(app)._state(board(app).voices())
        assert line.plain.startswith(mark) and "⚠" in line.plain
        background = Color.parse(app.theme_variables["primary-background"])
        text = Color.parse(app.theme_variables["foreground"])
        for span in line.spans:
            style = line.get_style_at_offset(app.console, span.start)
            colour = Color.from_rich_color(style.color) if style.color else text
            piece = line.plain[span.start : span.end]
            # the mark and the warning in a tint of their own, the words in the bar's text; each at least 4.4:1
            assert contrast(colour, background) >= 4.4, (piece, colour.hex, background.hex)
            if mark in piece or "⚠" in piece:
                assert style.color is not None, piece
            else:
                assert style.color is None, piece  # the words are not in the mark's colour


async def test_open_or_closed_follows_the_clock_without_any_write(board_app, hall, clock, monkeypatch):
    # A read right after the first one: no cool-down (its length is the machine's real time, not the clock's).
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)
    clock.set(datetime(2026, 11, 23, 8, 29))
    app = board_app("en", bilingual="alternate", alternate_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "○ 休息中" in shown(app)
        clock.set(datetime(2026, 11, 23, 8, 30))
        board(app).tick()  # the clock only: the watcher sees the new minute, and the board reads again
        await refresh(pilot)
        assert "● 办理中 · 至 12:00" in shown(app)


async def test_unreadable_data_keeps_the_last_state_up_and_says_so(board_app, hall):
    issue(hall, "social-security")
    hall.call_next("1")
    good = hall.store.path.read_bytes()
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hall.store.path.write_bytes(b"{not json")
        await refresh(pilot)
        assert board(app).trouble
        assert "数据暂时无法读取" in text_of(app, "#board-state")
        assert serving(app) == [("A001", "1")]
        hall.store.path.write_bytes(good)
        await refresh(pilot)  # read now, or at the end of the short cool-down after the failed read
        for _ in range(200):
            if not board(app).trouble:
                break
            await pilot.pause(0.01)
            await settle(pilot)
        assert not board(app).trouble and "数据暂时无法读取" not in shown(app)


async def test_calls_missed_in_another_mode_are_not_replayed(board_app, hall):
    issue(hall, "social-security", "social-security", "household", "household")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        hall.call_next("1")
        hall.call_next("3")
        await refresh(pilot)
        assert app.bells == 1 and banner(app) == ("A001", "1") and screen.flashing and len(screen.pending) == 1
        await app.switch_mode("kiosk")
        await settle(pilot)  # off the wall: what waited its turn is dropped, and its turn never rings
        screen.advance()
        assert app.bells == 1 and not screen.pending and not screen.flashing
        hall.finish("3")
        hall.finish("1")
        hall.call_next("3")
        hall.call_next("1")
        await looked(pilot)  # not on the wall: the board is not told, nothing is read, nothing rings
        await app.switch_mode("board")
        await refresh(pilot)
        assert app.bells == 1 and serving(app) == [("A002", "1"), ("B002", "3")]
        assert banner(app) == ("A002", "1") and not board(app).flashing  # the latest call, steady


async def test_the_board_cannot_be_closed_by_a_passer_by(board_app, hall, clock):
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("ctrl+c", "ctrl+q", "ctrl+p", "escape", "q", "1"):
            await pilot.press(key)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, BoardScreen)
        screen = board(app)
        await pilot.press("f12")
        await settle(pilot)
        assert type(app.screen).__name__ == "StaffPrompt"
        # left open by a passer-by, the prompt closes by itself once nobody touches a key for a while
        screen.tick()
        assert type(app.screen).__name__ == "StaffPrompt"
        clock.advance(seconds=app.idle_seconds)
        screen.tick()
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.parametrize(("size", "banner_scale"), [((80, 24), 0), ((120, 34), 2), ((200, 60), 4)])
async def test_larger_terminals_get_larger_digits(board_app, hall, size, banner_scale):
    issue(hall, "social-security")
    hall.call_next("1")
    app = board_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert board(app).banner_scale == banner_scale
        number = board(app).query_one(Banner)
        assert number.number == "A001" and number.content_size.height == (
            3 if banner_scale == 0 else 7 * banner_scale // 2
        )
        assert serving(app) == [("A001", "1")]


def test_snapshot_80x24(board_app, hall, snap_compare):
    issue(hall, "social-security", "social-security", "household", "elderly", "employment", "general")
    for counter in ("1", "3", "2", "6"):
        hall.call_next(counter)
    app = board_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


async def test_a_new_day_starts_with_a_clean_board(board_app, hall, clock):
    issue(hall, "social-security")
    hall.call_next("1")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert banner(app) == ("A001", "1")
        clock.set(datetime(2026, 11, 24, 8, 30))
        board(app).tick()  # a new minute (and day): read again
        await refresh(pilot)
        assert banner(app) == ("08:30", "") and serving(app) == []
        assert "暂无叫号\nNo calls yet" in shown(app) and "2026-11-24 周二 Tue 08:30" in shown(app)
        hall.issue_ticket("household")
        hall.call_next("3")
        await refresh(pilot)
        assert banner(app) == ("B001", "3") and app.bells == 1


def test_kiosk_board_starts_the_app_in_board_mode(monkeypatch, tmp_path):
    from kiosk.cli import main

    started = []
    monkeypatch.setattr(HallApp, "run", lambda self: started.append((self.start_mode, self.lang)))
    assert main(["--data", str(tmp_path / "hall.json"), "init"]) == 0
    assert main(["--data", str(tmp_path / "hall.json"), "--lang", "en", "board"]) == 0
    assert started == [("board", "en")]


async def test_a_call_lights_the_banner_for_its_turn_and_puts_it_out_after(board_app, hall):
    issue(hall, "social-security")
    app = board_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = board(app)
        shown = screen.query_one(Banner)

        def behind_the_glyphs() -> set[Any]:
            """The background colours under whatever the banner shows (digits and words)."""
            lines = [shown.render_line(y) for y in range(shown.content_size.height)]
            return {segment.style.bgcolor for line in lines for segment in line if segment.text.strip()}

        plain = behind_the_glyphs()
        warning = Color.parse(app.theme_variables["warning"]).rich_color
        hall.call_next("1")
        await refresh(pilot)
        # Lit: the digits and words on the theme's warning colour, steadily (no timer blinks it)
        assert screen.flashing and screen.lit and shown.lit
        assert behind_the_glyphs() == {warning} and warning not in plain
        assert not [timer for timer in screen._timers if timer.name == "board-blink"]
        screen.advance()  # its turn is over
        await settle(pilot)
        assert not screen.flashing and not screen.lit and not shown.lit
        assert behind_the_glyphs() == plain
        assert banner(app) == ("A001", "1")  # still shown, steady


async def test_a_ticket_taken_or_a_finish_waits_for_the_board_s_bound_and_a_call_does_not(
    board_app, hall, clock, monkeypatch
):
    """A ticket taken, a finish or a pause shows within :attr:`BoardScreen.REFRESH_SECONDS`, or with the next call
    if that comes sooner; a call and a recall show at once, whatever the bound."""
    monkeypatch.setattr(BoardScreen, "REFRESH_SECONDS", SLOW)  # the bound never passes within this test
    issue(hall, "household")
    app = board_app()

    def waiting_b() -> int:  # the second service's line ends with how many wait: "B 户籍与证件  2 人"
        return int(re.findall(r"\d+", text_of(app, "#board-waiting").splitlines()[1])[-1])

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert waiting_b() == 1
        issue(hall, "household")  # a ticket taken: waits for the bound
        await refresh(pilot)
        assert waiting_b() == 1
        hall.call_next("3")  # a call: at once, and the ticket taken before it with it
        await refresh(pilot)
        assert banner(app) == ("B001", "3") and waiting_b() == 1  # two taken, one called
        issue(hall, "household", "household")
        await refresh(pilot)
        assert waiting_b() == 1
        hall.finish("3")  # a finish waits for the bound too: B001 still in counter 3's cell
        await refresh(pilot)
        assert waiting_b() == 1 and serving(app) == [("B001", "3")]
        board(app).advance()  # B001's turn in the banner is over
        clock.advance(seconds=30)
        hall.call_next("3")  # the next call: at once, with all that waited
        await refresh(pilot)
        assert banner(app) == ("B002", "3") and serving(app) == [("B002", "3")] and waiting_b() == 2
        board(app).advance()
        clock.advance(seconds=30)
        hall.recall("3")  # a recall: at once
        await refresh(pilot)
        assert "再次呼叫：请 B002 号到 3号窗口办理" in shown(app)


async def test_each_counter_has_its_own_cell_whoever_calls_and_whenever_the_board_starts(board_app, hall, clock):
    """The grid never reshuffles: each counter's cell is in the counters' order, showing its ticket while it serves
    and its name, dimmed, while it serves nobody; a board started later shows the same grid."""
    issue(hall, "social-security", "social-security", "household", "household", "civil-affairs", "employment")
    hall.call_next("3")  # B001
    clock.advance(seconds=30)
    hall.call_next("1")  # A001: the newest call
    app = board_app(bilingual="alternate")  # one language at a time: the hall's, Chinese
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cells = list(board(app).query(CallCell))

        def in_cells() -> list[str]:
            return [f"{c.shown[0]}→{c.shown[1]}" if c.shown else c.name_text.plain for c in cells]

        assert in_cells() == ["A001→1", "2号窗口", "B001→3", "4号窗口", "5号窗口", "6号综合窗口"]
        hall.call_next("4")  # C001 in counter 4's cell
        await refresh(pilot)
        assert in_cells()[:4] == ["A001→1", "2号窗口", "B001→3", "C001→4"]
        hall.finish("3")  # its cell shows its name again, the others stay
        await refresh(pilot)
        assert in_cells()[:4] == ["A001→1", "2号窗口", "3号窗口", "C001→4"]
        hall.finish("1")
        hall.call_next("1")  # the next number at counter 1: in counter 1's cell
        hall.call_next("5")
        await refresh(pilot)
        assert in_cells()[:5] == ["A002→1", "2号窗口", "3号窗口", "C001→4", "D001→5"]
        cell_of_4 = cells[3]
        assert cell_of_4.shown == ("C001", "4", ("zh-Hans",))  # counter 4 kept its ticket through calls elsewhere


async def test_a_screen_too_small_for_every_counter_shows_those_serving_first(board_app, hall, clock):
    """When fewer cells fit than there are counters, a counter serving is never below the edge: those serving take
    the first cells, in the counters' order, and the rest are empty."""
    issue(hall, "household", "employment")
    hall.call_next("5")  # D001
    hall.call_next("3")  # B001
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        screen.cells_seen = 2  # as if only two cells fitted
        screen._render_current()
        await settle(pilot)
        assert [c.shown[:2] if c.shown else None for c in screen.query(CallCell)] == [
            ("B001", "3"),
            ("D001", "5"),
            None,
            None,
            None,
            None,
        ]
        assert [c.name_text.plain for c in screen.query(CallCell)][2:] == ["", "", "", ""]


async def test_paused_counters_lines_never_push_a_serving_counter_below_the_edge(board_app, hall):
    """Found by a fresh-eyes trial: at 80x24 four paused counters' lines took the rows of the grid's last cells, and
    counter 6's ticket lost its last row and its name. Those serving now come first whenever the cells do not all
    fit above the paused lines."""
    issue(hall, "general")
    for counter in ("2", "3", "4", "5"):
        hall.set_counter(counter, "paused")
    hall.call_next("6")
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert "Counter 5 paused" in text_of(app, "#board-paused")
        cells = list(screen.query(CallCell))
        assert cells[0].shown is not None and cells[0].shown[:2] == ("F001", "6")
        grid, paused = screen.query_one(CallGrid).region, screen.query_one("#board-paused").region
        assert cells[0].region.bottom <= min(grid.bottom, paused.y)  # whole, above the paused lines


async def test_the_banner_wraps_a_long_sentence_rather_than_cutting_off_the_counter(board_app, hall):
    """Found by a fresh-eyes trial: at 120 columns "Number B002, please go to Counte…" lost the counter. With large
    digits the banner has rows to spare, and a long sentence takes two."""
    issue(hall, "general")
    hall.call_next("6")
    app = board_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = board(app).query_one(Banner)
        assert board(app).banner_scale == 2
        text = " ".join(shown.render_line(y).text for y in range(shown.content_size.height))
        text = text.translate(str.maketrans("", "", "█▀▄"))  # the large digits' half blocks
        assert "Number F001, please go to Counter 6 (general)" in " ".join(text.split()) and "…" not in text
