"""The counter's rating pad (`kiosk pad`) driven by keys: idle with the clerk signed in, the question after a
service finished at its counter, the levels, the reasons a poor rating needs ("other" with words), the
indicators when the hall asks them, the timeout (recorded as not rated), a question rated at a kiosk meanwhile or
replaced by the next resident's, a refusal said in the resident's language, both languages, and the sizes.

The finishes come through the test's own :class:`Hall` on the pad's data file, as the console in another process
would: the pad sees them when its watcher looks (``looked``; the watcher's own tick is slowed to ten minutes). The
countdown and the thank-you follow the fixed clock: the test moves it and calls the pad's once-a-second
:meth:`~screens.pad.PadScreen.tick` itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from kiosk.hall import Hall
from kiosk.ratings import PADS, RATINGS
from screens.app import HallApp
from screens.app import make_app as build_app
from screens.pad import PadScreen
from screens.widgets import Choice
from tests.ui.conftest import _plain, looked, press, settle

PIN = "246813"
SLOW = 600.0


@pytest.fixture(autouse=True)
def _reads_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change the watcher saw is read at once, not after the live screens' cool-down (a multiple of the last
    read's time, on the real clock), so that ``looked`` leaves the pad showing it."""
    monkeypatch.setattr(PadScreen, "COST_FACTOR", 0.0)


@pytest.fixture
def staffed(hall: Hall) -> Hall:
    """The test hall with a clerk signed in at counter 1 (the PIN is hashed for real: about 0.1 s)."""
    hall.add_staff("s01", "王芳", PIN)
    hall.sign_in("s01", PIN, "1")
    return hall


def pad_app(hall: Hall, lang: str = "zh-Hans", *, indicators: bool = False, counter: str = "1") -> HallApp:
    """The app as counter ``counter``'s pad on the test hall; ``indicators`` turns ``[ratings] indicators`` on."""
    target = hall
    if indicators:
        config = replace(hall.config, ratings=replace(hall.config.ratings, indicators=True))
        target = Hall(config, hall.store, hall.clock)
    app = build_app(
        target.config,
        target.store,
        target.clock,
        mode="pad",
        counter=counter,
        lang=lang,
        idle_check_seconds=SLOW,
        watch_seconds=SLOW,
    )
    app.hall = target
    return app


def shown(app: HallApp) -> str:
    """The text on the pad now, read as :func:`tests.ui.conftest.shown` reads it, leaving out what sits in a hidden
    part (the pad shows and hides its idle part, its question's steps and its thanks rather than opening
    screens)."""
    parts = []
    for widget in app.screen.query("*"):
        if not widget.display or any(not parent.display for parent in widget.ancestors if isinstance(parent, Widget)):
            continue
        if isinstance(widget, Choice):
            parts.append(widget.render().plain)  # type: ignore[union-attr]
        elif isinstance(widget, Static):
            parts.append(_plain(widget.content))
    return "\n".join(parts)


def footer_keys(app: HallApp) -> list[str]:
    """The keys the footer shows for the digits (``1-5``), none when no digit picks."""
    return [key.key_display for key in app.screen.query(FooterKey) if key.action.startswith("pick(")]


def pad(app: HallApp) -> PadScreen:
    screen = app.screen
    assert isinstance(screen, PadScreen)
    return screen


def serve(hall: Hall, counter: str = "1", service: str = "social-security", staff: str | None = "s01") -> str:
    """A resident served and finished at ``counter``: the finished ticket's code."""
    hall.issue_ticket(service)
    hall.call_next(counter, staff=staff)
    return hall.finish(counter, staff=staff)["code"]


def stored(hall: Hall, code: str) -> dict[str, Any] | None:
    with hall.store.snapshot() as tx:
        return tx.get(RATINGS, f"rating:{code}")


def pad_record(hall: Hall, counter: str = "1") -> dict[str, Any]:
    with hall.store.snapshot() as tx:
        record = tx.get(PADS, counter)
    assert record is not None
    return record


async def asked(pilot: Any, hall: Hall, **serving: Any) -> str:
    """Finish a resident at the counter and let the pad see it: the code asked about."""
    code = serve(hall, **serving)
    await looked(pilot)
    assert pad(pilot.app).step == "level"
    return code


async def tick_after(pilot: Any, clock: Any, seconds: float) -> None:
    """Move the hall's clock on and let the pad's once-a-second check run, and what it started finish."""
    clock.advance(seconds=seconds)
    pad(pilot.app).tick()
    await settle(pilot)


# --------------------------------------------------------------------------------------------- idle


async def test_idle_shows_the_counter_and_the_clerk_signed_in(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        assert "1号窗口" in text and "为您服务：王芳（工号 s01）" in text
        assert "办事结束后，请在此对我们的服务进行评价。" in text and "请对本次服务进行评价" not in text
        assert pad_record(staffed)["outcome"] == "idle"  # the pad started at the counter: it will be asked
        await press(pilot, "f2")
        text = shown(app)
        assert "Counter 1" in text and "Serving you: 王芳 (staff no. s01)" in text
        assert "please rate our service on this pad" in text
        await press(pilot, "5")  # nothing to rate: a digit does nothing
        assert pad(app).step == "idle"


async def test_idle_says_when_nobody_is_signed_in_and_follows_a_sign_in(hall):
    hall.add_staff("s06", "杨磊", PIN)
    app = pad_app(hall, counter="3")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "3号窗口" in shown(app) and "本窗口暂无工作人员登录。" in shown(app)
        hall.sign_in("s06", PIN, "3")
        await looked(pilot)
        assert "为您服务：杨磊（工号 s06）" in shown(app)


# --------------------------------------------------------------------------------------------- the question


async def test_a_finish_at_the_counter_asks_and_the_level_is_stored_with_the_clerk(staffed, clock):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        text = shown(app)
        assert "请对本次服务进行评价" in text and "号票 A001 · 社保医保" in text
        assert "办理人员：王芳（工号 s01）" in text and "剩余 30 秒" in text
        assert all(f"{n}   {name}" in text for n, name in ((5, "非常满意"), (3, "基本满意"), (1, "非常不满意")))
        await tick_after(pilot, clock, 4)
        assert "剩余 26 秒" in shown(app)
        await press(pilot, "4")
        rating = stored(staffed, code)
        assert rating is not None
        assert (rating["level"], rating["channel"], rating["clerk"], rating["counter"]) == (4, "pad", "s01", "1")
        assert rating["reasons"] == [] and rating["indicators"] == {} and rating["follow_up"] is None
        assert pad(app).step == "thanks" and "感谢您的评价！" in shown(app)
        assert pad_record(staffed)["outcome"] == "rated"
        await looked(pilot)  # the pad's own rating, seen by its watcher, asks nothing again
        assert pad(app).step == "thanks"
        await tick_after(pilot, clock, PadScreen.THANKS_SECONDS)
        assert pad(app).step == "idle" and "请在此对我们的服务进行评价" in shown(app)


async def test_a_click_picks_a_level(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        very = next(c for c in pad(app).query("#pad-levels Choice").results(Choice) if c.number == 5)
        await pilot.click(very)
        await settle(pilot)
        rating = stored(staffed, code)
        assert rating is not None and rating["level"] == 5


async def test_a_poor_rating_needs_a_reason(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "2")
        assert pad(app).step == "reasons"
        text = shown(app)
        assert "请选择不满意的原因" in text and "[ ] 办事效率低，等候时间长" in text and "其他（请写明）" in text
        await press(pilot, "enter")  # confirm with no reason: said, nothing sent
        assert "请告诉我们原因：选择一项原因或写几句话。" in shown(app)
        assert pad(app).step == "reasons" and stored(staffed, code) is None
        await press(pilot, "1", "3", "3")  # slow; unclear, then unclear again: unchosen
        assert "[x] 办事效率低，等候时间长" in shown(app) and "[ ] 告知不清" in shown(app)
        await press(pilot, "8")  # the confirm choice, by its number
        rating = stored(staffed, code)
        assert rating is not None
        assert (rating["level"], rating["reasons"], rating["channel"], rating["clerk"]) == (2, ["slow"], "pad", "s01")
        assert rating["follow_up"]  # a poor rating opens its case, as from any channel
        assert "深表歉意" in shown(app)


async def test_other_needs_the_residents_words(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "1", "7", "enter")
        assert pad(app).step == "words" and "请用几句话写明具体情况" in shown(app)
        await press(pilot, "enter")  # no words
        assert "您选择了“其他”，请写明具体情况。" in shown(app) and stored(staffed, code) is None
        await press(pilot, "escape")  # back to the reasons: "other" still chosen
        assert pad(app).step == "reasons" and "[x] 其他（请写明）" in shown(app)
        await press(pilot, "enter")
        await pilot.press(*"窗口一直没人")
        await press(pilot, "enter")
        rating = stored(staffed, code)
        assert rating is not None
        assert (rating["level"], rating["reasons"], rating["comment"]) == (1, ["other"], "窗口一直没人")


async def test_the_indicators_when_the_hall_asks_them(staffed):
    app = pad_app(staffed, indicators=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "5")
        assert pad(app).step == "indicator" and "服务效率（1/3）" in shown(app) and "6   跳过" in shown(app)
        await press(pilot, "3", "escape")  # back to efficiency, to change it
        assert "服务效率（1/3）" in shown(app)
        await press(pilot, "4")
        assert "服务水平（2/3）" in shown(app)
        await press(pilot, "6")  # competence skipped
        assert "服务态度（3/3）" in shown(app) and stored(staffed, code) is None
        await press(pilot, "5")
        rating = stored(staffed, code)
        assert rating is not None
        assert rating["level"] == 5 and rating["indicators"] == {"efficiency": 4, "attitude": 5}


async def test_indicators_after_the_reasons_of_a_poor_rating(staffed):
    app = pad_app(staffed, "en", indicators=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "2", "2", "enter")
        assert "Efficiency (1 of 3)" in shown(app)
        await press(pilot, "6", "6", "1")
        rating = stored(staffed, code)
        assert rating is not None
        assert (rating["level"], rating["reasons"], rating["indicators"]) == (2, ["attitude"], {"attitude": 1})


# --------------------------------------------------------------------------------------------- ends without an answer


async def test_no_answer_in_time_is_recorded_as_not_rated(staffed, clock):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "2")  # half-way through: still not an answer
        await tick_after(pilot, clock, 29)
        assert pad(app).step == "reasons" and "剩余 1 秒" in shown(app)
        await tick_after(pilot, clock, 1)
        assert pad(app).step == "idle" and "请对本次服务进行评价" not in shown(app)
        assert stored(staffed, code) is None  # never a default level
        record = pad_record(staffed)
        assert (record["outcome"], record["code"], record["level"]) == ("not_rated", code, None)
        entries = staffed.audit_log(action="rating_not_rated")
        assert [(e["subject"], e["counter"], e["detail"]["reason"]) for e in entries] == [(code, "1", "timeout")]


async def test_a_rating_at_a_kiosk_meanwhile_sends_the_pad_idle(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "2")
        staffed.rate(code, 5)  # the resident rated at the kiosk by the door instead
        await looked(pilot)
        assert pad(app).step == "idle" and "请对本次服务进行评价" not in shown(app)
        rating = stored(staffed, code)
        assert rating is not None and rating["channel"] == "kiosk"
        assert pad_record(staffed)["outcome"] == "rated"


async def test_the_next_residents_question_replaces_one_unanswered(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = await asked(pilot, staffed)
        await press(pilot, "f2")  # the first resident switched to English and wandered off without an answer
        second = await asked(pilot, staffed)
        assert pad(app).step == "level" and "号票 A002" in shown(app)  # the next resident, in Chinese again
        entries = staffed.audit_log(action="rating_not_rated")
        assert [(e["subject"], e["detail"]["reason"]) for e in entries] == [(first, "replaced")]
        await press(pilot, "5")
        assert stored(staffed, first) is None
        rating = stored(staffed, second)
        assert rating is not None and rating["level"] == 5


async def test_a_question_being_answered_is_kept_from_the_next_residents(staffed, clock):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = await asked(pilot, staffed)
        await press(pilot, "1")  # a level: the resident is answering
        assert pad_record(staffed)["touched_at"] is not None
        await tick_after(pilot, clock, 20)
        await press(pilot, "1")  # a reason: a touch again, the countdown starts again
        assert "[x] 办事效率低，等候时间长" in shown(app) and "剩余 30 秒" in shown(app)
        second = serve(staffed)  # the clerk finishes the next resident meanwhile
        await looked(pilot)
        assert pad(app).step == "reasons" and "号票 A001" in shown(app)  # still the first resident's question
        record = pad_record(staffed)
        assert (record["code"], record["outcome"], record["next_code"]) == (first, "pending", second)
        await press(pilot, "8")  # confirm: sent
        rating = stored(staffed, first)
        assert rating is not None and (rating["level"], rating["reasons"]) == (1, ["slow"])
        assert pad(app).step == "thanks"  # the first resident reads their thanks and follow-up code first
        await looked(pilot)
        assert pad(app).step == "thanks"
        await tick_after(pilot, clock, PadScreen.FOLLOW_UP_THANKS_SECONDS)
        assert pad(app).step == "level" and "号票 A002" in shown(app)  # then the next resident's question
        await press(pilot, "5")
        rating = stored(staffed, second)
        assert rating is not None and rating["level"] == 5
        assert staffed.audit_log(action="rating_not_rated") == []  # nobody's question was dropped


async def test_a_touch_refused_means_the_question_is_gone(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        await press(pilot, "2")
        staffed.rate(code, 4)  # rated at a kiosk, and the pad has not looked yet
        await press(pilot, "3")  # a reason: the touch is refused (pad.not_asking)
        assert pad(app).step == "idle" and "请对本次服务进行评价" not in shown(app)
        rating = stored(staffed, code)
        assert rating is not None and (rating["level"], rating["channel"]) == (4, "kiosk")


async def test_a_poor_ratings_thanks_shows_the_follow_up_code_to_track(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert footer_keys(app) == []  # idle: no digit does anything
        code = await asked(pilot, staffed)
        assert "1-5" in footer_keys(app) and "1-9" not in footer_keys(app)  # only the levels' digits
        await press(pilot, "2")
        assert "1-8" in footer_keys(app)  # seven reasons and confirm
        await press(pilot, "1", "8")
        rating = stored(staffed, code)
        assert rating is not None and rating["follow_up"]
        display = f"{rating['follow_up'][:4]}-{rating['follow_up'][4:]}"
        text = shown(app)
        assert f"您的回访编号： {display}" in text and "凭此编号可在自助终端查询处理进度。" in text
        assert "深表歉意" in text and footer_keys(app) == []
        await press(pilot, "f2")
        assert f"Your follow-up code: {display}" in shown(app) and "at a self-service kiosk" in shown(app)


async def test_a_good_ratings_thanks_has_no_follow_up_code(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await asked(pilot, staffed)
        await press(pilot, "4")
        assert pad(app).step == "thanks" and "感谢您的评价！" in shown(app) and "回访编号" not in shown(app)


async def test_a_question_closes_the_staff_prompt_left_open(staffed):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")  # someone pressed the staff key and left
        assert type(app.screen).__name__ == "StaffPrompt"
        code = serve(staffed)
        await looked(pilot)
        assert pad(app).step == "level"  # the resident comes first: the prompt is gone
        await press(pilot, "4")  # their digit rates, rather than going into the staff id
        rating = stored(staffed, code)
        assert rating is not None and rating["level"] == 4


async def test_the_staff_prompt_closes_after_the_idle_time(staffed, clock):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await pilot.press(*"s01")
        screen = app.screen_stack[0]
        assert isinstance(screen, PadScreen) and type(app.screen).__name__ == "StaffPrompt"
        clock.advance(seconds=app.idle_seconds - 1)
        screen.tick()
        await settle(pilot)
        assert type(app.screen).__name__ == "StaffPrompt"  # not yet
        clock.advance(seconds=1)
        screen.tick()
        await settle(pilot)
        assert app.screen is screen and screen.step == "idle"


async def test_a_refusal_is_said_in_the_residents_language(staffed):
    app = pad_app(staffed, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        staffed.rate(code, 4)  # rated elsewhere, and the pad has not looked yet
        await press(pilot, "5")
        assert pad(app).step == "idle"
        assert "The pad no longer asks about this service" in shown(app) and "Traceback" not in shown(app)
        rating = stored(staffed, code)
        assert rating is not None and rating["level"] == 4


async def test_a_store_failure_is_a_polite_line_and_the_resident_may_try_again(staffed, monkeypatch):
    app = pad_app(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        code = await asked(pilot, staffed)
        real = staffed.rate_at_pad

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(staffed, "rate_at_pad", broken)
        await press(pilot, "4")
        assert pad(app).step == "level" and "抱歉，出现了问题" in shown(app) and "disk" not in shown(app)
        monkeypatch.setattr(staffed, "rate_at_pad", real)
        await press(pilot, "4")
        rating = stored(staffed, code)
        assert rating is not None and rating["level"] == 4


# --------------------------------------------------------------------------------------------- languages and sizes


async def test_the_question_in_english(staffed):
    app = pad_app(staffed, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await asked(pilot, staffed)
        text = shown(app)
        assert "How was your service?" in text and "Ticket A001 · Social security" in text
        assert "Served by 王芳 (staff no. s01)" in text and "30 s left" in text and "5   Very satisfied" in text
        await press(pilot, "1", "enter")
        assert "Please tell us why: choose a reason or write a few words." in shown(app)
        await press(pilot, "f2")
        assert "请告诉我们原因" in shown(app)  # the notice, like every step, in the other language at once
        assert "很抱歉。请选择不满意的原因" in shown(app) and "[ ] 服务态度不好" in shown(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_every_step_fits_the_screen(staffed, size, lang):
    app = pad_app(staffed, lang, indicators=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await asked(pilot, staffed)
        width, height = size
        # the levels; the reasons; "other"'s words; back, "slow" instead of "other": the first indicator
        for keys, step in (
            ((), "level"),
            (("2",), "reasons"),
            (("7", "enter"), "words"),
            (("escape", "7", "1", "enter"), "indicator"),
        ):
            await press(pilot, *keys)
            assert pad(app).step == step
            seen = [choice.region for choice in pad(app).query(Choice) if choice.region.area]
            assert seen, step
            for region in seen:  # every choice whole on screen, above the keys' line
                assert region.bottom <= height - 1 and region.right <= width, (step, region)
