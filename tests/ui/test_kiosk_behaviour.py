"""What holds on every screen: the language switch, the idle reset, the lock-down with its staff key, masking,
friendly messages when the store is slow or failing, and the theme."""

from __future__ import annotations

import threading

from kiosk import cli
from kiosk.errors import StoreError
from screens.app import HallApp
from tests.ui.conftest import footer, press, screen_name, settle, shown


async def test_language_switch_changes_every_word_on_every_screen_at_once(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1")
        assert "普通号" in shown(app) and "返回" in footer(app)
        await press(pilot, "f2")
        text = shown(app)
        assert "Standard ticket" in text and "Please bring:" in text and "Mon 2026-11-23" in text
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("中文", ""))
        assert "Back" in footer(app) and "返回" not in footer(app)
        await press(pilot, "escape")  # the screen below switched too
        assert "Social security" in shown(app) and "waiting" in shown(app)
        await pilot.click("#language")
        await settle(pilot)
        assert "社保医保" in shown(app)


async def test_idle_returns_home_forgets_what_was_typed_and_restores_the_language(make_app, hall, clock):
    app = make_app("zh-Hans", idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "2", "1", "2", "1", "1")
        app.screen.query_one("#input-name").value = "Li Lei"
        clock.advance(seconds=59)
        app.reset_if_idle()
        await settle(pilot)
        assert screen_name(app) == "BookContactScreen"
        clock.advance(seconds=2)
        app.reset_if_idle()
        await settle(pilot)
        assert screen_name(app) == "HomeScreen" and len(app.screen_stack) == 1
        assert app.lang == "zh-Hans" and "现场取号" in shown(app)
        await press(pilot, "2", "1", "2", "1", "1")
        assert app.screen.query_one("#input-name").value == ""


async def test_idle_timer_fires_by_itself(make_app, hall, clock):
    app = make_app("en", idle_seconds=60, idle_check_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        clock.advance(seconds=61)
        for _ in range(100):
            if screen_name(app) == "HomeScreen":
                break
            await pilot.pause(0.02)
        assert screen_name(app) == "HomeScreen"


async def test_residents_cannot_quit_or_open_the_command_palette(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        for key in ("ctrl+c", "ctrl+q", "ctrl+p", "escape", "escape", "ctrl+q"):
            await press(pilot, key)
        assert app.is_running and screen_name(app) == "HomeScreen"
        assert app.return_code is None


async def test_staff_key_needs_a_valid_pin_and_then_may_quit(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        assert screen_name(app) == "StaffPrompt"
        app.screen.query_one("#input-staff").value = "s01"
        app.screen.query_one("#input-pin").value = "246813"
        app.screen.query_one("#input-pin").focus()
        await press(pilot, "enter")
        assert "尚无工作人员账号" in shown(app)  # a fresh install says what to do
        hall.add_staff("s01", "王芳", "246813")
        app.screen.query_one("#input-pin").value = "111111"
        await press(pilot, "enter")
        assert screen_name(app) == "StaffPrompt" and app.is_running
        assert app.screen.query_one("#input-pin").value == ""  # a wrong PIN is not kept on screen
        app.screen.query_one("#input-pin").value = "246813"
        await press(pilot, "enter")
        assert "退出本机程序" in shown(app)
        await press(pilot, "1")
    assert app.return_code == 0
    audit = hall.audit_log(staff="s01")
    assert [e["action"] for e in audit] == ["sign_in_failed", "staff_key"]


async def test_f9_opens_the_staff_prompt_too_for_a_browser_keeps_f12(make_app, hall):
    """In a browser (kiosk serve) F12 opens the developer tools unless policy turns them off: F9 does the same as
    F12 everywhere, on the home screen and in the middle of a flow."""
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f9")
        assert screen_name(app) == "StaffPrompt"
        await press(pilot, "escape", "1", "f9")
        assert screen_name(app) == "StaffPrompt" and app.is_running


async def test_escape_closes_the_staff_prompt(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12", "escape")
        assert screen_name(app) == "HomeScreen" and app.is_running


async def test_phone_and_name_are_masked_once_typed(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2", "1", "1")
        name, phone = app.screen.query_one("#input-name"), app.screen.query_one("#input-phone")
        name.value = "张三丰"
        phone.value = "13812345678"
        phone.focus()
        await settle(pilot)
        assert name._value.plain == "张**"  # not focused: masked
        assert phone._value.plain == "13812345678"  # being typed: as typed
        name.focus()
        await settle(pilot)
        assert phone._value.plain == "138****5678"
        assert "13812345678" not in shown(app)


async def test_a_slow_store_shows_one_moment_not_a_frozen_screen(make_app, hall, monkeypatch):
    release = threading.Event()
    real = hall.issue_ticket

    def slow(*args, **kwargs):
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(hall, "issue_ticket", slow)
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1")
        await pilot.press("1")
        for _ in range(100):  # the event loop keeps running while the store is held
            if "请稍候" in shown(app):
                break
            await pilot.pause(0.02)
        assert "请稍候" in shown(app) and screen_name(app) == "TicketConfirmScreen"
        release.set()
        await settle(pilot)
        assert screen_name(app) == "SlipScreen"


async def test_a_failing_store_gets_a_polite_line_never_a_traceback(make_app, hall, monkeypatch):
    def broken(*args, **kwargs):
        raise StoreError("store.busy", path="hall.json", seconds=10)

    monkeypatch.setattr(hall, "issue_ticket", broken)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "TicketConfirmScreen"
        assert "the system is busy" in shown(app) and "hall.json" not in shown(app)
        monkeypatch.setattr(hall, "issue_ticket", lambda *a, **k: 1 / 0)
        await press(pilot, "1")
        assert "something went wrong" in shown(app) and "ZeroDivisionError" not in shown(app)


async def test_high_contrast_theme_from_the_config(make_app, hall, monkeypatch):
    from dataclasses import replace

    hall.config = replace(hall.config, theme="high-contrast")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "hall-high-contrast"


def test_kiosk_without_a_command_starts_the_resident_kiosk(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(HallApp, "run", lambda self: started.append((self.start_mode, self.lang)))
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    assert cli.main(["--config", "kiosk.toml", "--data", str(tmp_path / "h.json"), "init"]) == 0
    assert cli.main(["--config", "kiosk.toml", "--data", str(tmp_path / "h.json")]) == 0
    assert cli.main(["run", "--config", "kiosk.toml", "--data", str(tmp_path / "h.json"), "--lang", "en"]) == 0
    assert started == [("kiosk", "zh-Hans"), ("kiosk", "en")]


async def test_home_says_when_the_store_fails_and_recovers_by_itself(make_app, hall, monkeypatch):
    real = hall.overview
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(
            hall, "overview", lambda: (_ for _ in ()).throw(StoreError("store.busy", path="x", seconds=10))
        )
        app.screen.reload()
        await settle(pilot)
        assert "the system is busy" in shown(app)
        monkeypatch.setattr(hall, "overview", real)
        app.screen.reload()  # read now, or (a read just failed) when the retry after it comes, within a tick
        for _ in range(200):
            await settle(pilot)
            if "the system is busy" not in shown(app):
                break
            await pilot.pause(0.01)
        assert "the system is busy" not in shown(app) and "Open now" in shown(app)


def test_the_page_key_says_where_it_leads_on_the_last_page():
    from screens.widgets import ChoiceGrid, Option

    grid = ChoiceGrid([Option(n, str(n)) for n in range(12)])

    class Words:
        def t(self, key: str, **params: object) -> str:
            return f"{key} {params['page']}/{params['pages']}"

    assert grid._more_label(Words()) == "ui.more 1/2"
    grid.page = 1
    assert grid._more_label(Words()) == "ui.more_first 2/2"
