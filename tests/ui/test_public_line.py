"""The month's public satisfaction line (政务公开) on the display board and the kiosk's home: there from the first
read, saying so when nothing has been rated this month, and following a rating made elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.hall import Hall
from screens.live import LiveScreen
from tests.ui.conftest import looked, settle, shown
from tests.ui.test_board import board_app, text_of  # noqa: F401  (the board's fixture)


@pytest.fixture(autouse=True)
def reads_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change is read at once: the live screens' cool-down after a costly read runs on the machine's real time,
    which a busy machine stretches past the tests' waits."""
    monkeypatch.setattr(LiveScreen, "COST_FACTOR", 0.0)


def rate_a_walk_in(hall: Hall, level: int, comment: str = "") -> None:
    """Serve a walk-in at counter 6 and rate it ``level`` (another terminal's doing, for the screens)."""
    code = hall.issue_ticket("general")["code"]
    hall.call_next("6")
    hall.finish("6")
    hall.rate(code, level, comment)


async def test_the_board_shows_the_line_and_follows_a_rating(board_app: Any, hall: Hall) -> None:  # noqa: F811
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Short enough for 80 columns in both languages; the figures are not: they take turns, Chinese first
        assert text_of(app, "#board-public") == "本月暂无评价   No ratings yet this month"
        rate_a_walk_in(hall, 5)
        rate_a_walk_in(hall, 2, "等太久")
        await looked(pilot)
        assert text_of(app, "#board-public") == "本月满意率 50% · 差评 1 件，已整改 0 件"
        screen = app.screen
        for _ in range(app.config.board.alternate_seconds):
            screen.tick()  # type: ignore[attr-defined]
        assert text_of(app, "#board-public") == "This month 50% satisfied · 1 poor, 0 rectified"
        # nothing else was pushed off: the last service's waiting line is still on screen
        assert "综合咨询" in text_of(app, "#board-waiting")


async def test_a_wide_board_shows_both_languages_at_once(board_app: Any, hall: Hall) -> None:  # noqa: F811
    rate_a_walk_in(hall, 4)
    app = board_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert text_of(app, "#board-public") == (
            "本月满意率 100% · 差评 0 件，已整改 0 件   This month 100% satisfied · 0 poor, 0 rectified"
        )


async def test_home_shows_the_line_in_the_residents_language(make_app: Any, hall: Hall) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert "本月暂无评价" in shown(app)
        rate_a_walk_in(hall, 3)
        await looked(pilot)
        assert "本月满意率 100% · 差评 0 件，已整改 0 件" in shown(app)
        await pilot.press("f2")
        await settle(pilot)
        assert "This month 100% satisfied · 0 poor, 0 rectified" in shown(app)
