"""The cases a resident must never get stuck in, each walked in both languages: walk-ins refused, a slot taken
meanwhile, a wrong code, the idle reset and the lock-down. Expected words come from the catalog, so each case
checks the screen speaks the language chosen."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kiosk.codes import display, new_code
from kiosk.i18n import translate
from tests.ui.conftest import press, screen_name, settle, shown

LANGS = ["zh-Hans", "en"]


@pytest.mark.parametrize("lang", LANGS)
async def test_refusal_offers_slots(make_app, hall, clock, lang):
    clock.set(datetime(2026, 11, 23, 21, 0, tzinfo=clock.now().tzinfo))
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "2", "1")
        assert screen_name(app) == "RefusedScreen"
        text = shown(app)
        assert translate(lang, "refused.title") in text and translate(lang, "refused.offer") in text
        tomorrow = translate(lang, "ui.tomorrow")
        assert tomorrow[:1].upper() + tomorrow[1:] in text  # a day word that starts a choice's label is capitalised


@pytest.mark.parametrize("lang", LANGS)
async def test_slot_taken_meanwhile(make_app, hall, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "2", "2", "1", "1")  # household, tomorrow, morning, 08:30
        for n in range(3):
            hall.book("household", date(2026, 11, 24), time(8, 30), "李四", f"1391234567{n}")
        app.screen.query_one("#input-name").value = "Wang"
        app.screen.query_one("#input-phone").value = "13812345678"
        app.screen.query_one("#input-phone").focus()
        await press(pilot, "enter", "enter")  # the phone, then no texts (the default)
        assert screen_name(app) == "BookSlotScreen"
        assert translate(lang, "book.slot_gone") in shown(app)
        assert translate(lang, "book.slot_full_short") in shown(app)


@pytest.mark.parametrize("lang", LANGS)
async def test_wrong_code(make_app, hall, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        good = new_code("T")
        typo = good[:3] + ("B" if good[3] != "B" else "C") + good[4:]  # one wrong character: caught
        app.screen.query_one("#input-code").value = display(typo)
        await press(pilot, "enter")
        assert screen_name(app) == "CodeScreen" and translate(lang, "input.code_invalid") in shown(app)
        app.screen.query_one("#input-code").value = display(new_code("T"))  # well formed, unknown
        await press(pilot, "enter")
        assert screen_name(app) == "CodeScreen" and translate(lang, "code.not_found") in shown(app)


@pytest.mark.parametrize("lang", LANGS)
async def test_idle_reset(make_app, hall, clock, lang):
    app = make_app(lang, idle_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4", "1")
        app.screen.query_one("#input-phone").value = "13812345678"
        clock.advance(seconds=31)
        app.reset_if_idle()
        await settle(pilot)
        assert screen_name(app) == "HomeScreen" and translate("zh-Hans", "home.ticket") in shown(app)


@pytest.mark.parametrize("lang", LANGS)
async def test_cannot_quit(make_app, hall, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+q", "ctrl+c", "ctrl+p")
        assert app.is_running and screen_name(app) == "HomeScreen"
        assert translate(lang, "home.ticket") in shown(app)
