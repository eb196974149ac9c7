"""The resident screens at the sizes a hall's terminals come in: every choice (and the page turn) on screen at
60x20, the slip's number as large as the terminal allows, English labels that start with a capital."""

from __future__ import annotations

from datetime import date, time

import pytest

from screens.board.digits import BigNumber
from screens.widgets import Choice
from tests.ui.conftest import press, screen_name, settle, shown

LANGS = ["zh-Hans", "en"]


def all_on_screen(app) -> list[str]:
    """The choices of the current screen that are not wholly inside the terminal (none, when all fit)."""
    width, height = app.size
    off = []
    for choice in app.screen.query(Choice):
        region = choice.region
        if region.height == 0 or region.bottom > height - 2 or region.right > width:  # the notice and footer below
            off.append(choice.render().plain)
    return off


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "keys",
    [(), ("1",), ("2",), ("2", "1"), ("4",)],
    ids=["home", "ticket-services", "book-services", "book-days-with-page-turn", "request-categories"],
)
async def test_every_choice_is_on_screen_at_60x20(make_app, hall, lang, keys):
    hall.issue_ticket("social-security")
    app = make_app(lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        choices = list(app.screen.query(Choice))
        assert choices and all_on_screen(app) == []
        if keys == ("2", "1"):
            assert any(choice.number == 0 for choice in choices), "the page turn is there, and on screen"


@pytest.mark.parametrize("lang", LANGS)
async def test_rate_levels_fit_at_60x20(make_app, hall, lang):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    hall.finish("1")
    app = make_app(lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        await pilot.press(*ticket["code"], "enter")
        await settle(pilot)
        assert screen_name(app) == "RateLevelScreen"
        assert len(app.screen.query(Choice)) == 5 and all_on_screen(app) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_home_choices_have_two_even_lines(make_app, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        heights = {choice.region.height for choice in app.screen.query(Choice)}
        assert heights == {4}, "a label line and a detail line in a frame, for every home choice"
        for choice in app.screen.query(Choice):
            assert len(choice.render().plain.split("\n")) == 2


@pytest.mark.parametrize(("size", "smallest", "largest"), [((80, 24), 0, 0), ((100, 30), 1, 2), ((200, 60), 4, 6)])
async def test_the_slip_number_grows_with_the_terminal(make_app, size, smallest, largest):
    app = make_app("en")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "enter")
        assert screen_name(app) == "SlipScreen"
        number = app.screen.query_one("#number", BigNumber)
        assert smallest <= number.scale <= largest
        assert number.region.right <= size[0] and number.region.height >= 3


async def test_english_labels_and_lines_start_with_a_capital(make_app, hall):
    booked = hall.book("social-security", date(2026, 11, 24), time(10, 0), "Li Lei", "13812345678")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1")
        labels = [choice.render().plain for choice in app.screen.query(Choice)]
        assert labels[0].split()[1] == "Today" and labels[1].split()[1] == "Tomorrow"
        await press(pilot, "escape", "escape", "5")
        await pilot.press(*booked["code"], "enter")
        await settle(pilot)
        text = shown(app)
        assert "Appointment  " in text and "● Today" in text
        assert "appointment  " not in text and "● today" not in text
