"""Taking a ticket at the kiosk: home, service, documents and priority, the slip; refusal with slots offered."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from kiosk.queue import TICKETS
from screens.resident.result import DoneScreen
from tests.ui.conftest import press, screen_name, settle, shown, tick


def tickets(hall):
    with hall.store.snapshot() as tx:
        return tx.records(TICKETS)


async def test_home_shows_hall_state_queues_and_actions(make_app, hall):
    hall.issue_ticket("social-security")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        assert "阳光社区便民服务大厅" in text
        assert "2026-11-23 周一 09:00" in text
        assert "正在办理：现场取号至 12:00" in text
        # Open for walk-ins, but no clerk at any counter yet: said once, not an estimate per service.
        assert "正在办理：现场取号至 12:00。  暂无窗口开放，开放后开始叫号。" in text
        assert "A 等候 1 人  社保医保" in text
        for action in ("现场取号", "预约办理", "预约签到", "诉求服务", "凭码查询", "服务评价"):
            assert action in text


async def test_standard_ticket_by_keys_in_chinese(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        assert screen_name(app) == "TicketServiceScreen"
        assert "社保医保" in shown(app) and "等候 0 人" in shown(app)
        await press(pilot, "1")
        text = shown(app)
        assert "请携带：居民身份证" in text
        await press(pilot, "1")
        assert screen_name(app) == "SlipScreen"
        [ticket] = tickets(hall)
        text = shown(app)
        assert ticket["number"] == "A001" and ticket["priority"] is False
        assert "A001" in text and "社保医保 · 09:00 取号" in text
        assert f"{ticket['code'][:4]}-{ticket['code'][4:]}" in text
        # any key goes home, and home shows the new ticket waiting
        await press(pilot, "x")
        assert screen_name(app) == "HomeScreen"
        assert "等候 1 人" in shown(app)


async def test_priority_ticket_in_english_by_mouse(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#actions Choice")
        await settle(pilot)
        await press(pilot, "2")  # household registration
        assert "Please bring:" in shown(app)
        await press(pilot, "2")
        text = shown(app)
        [ticket] = tickets(hall)
        assert ticket["number"] == "B001" and ticket["priority"] is True
        assert "B001" in text and "priority" in text and "Estimated wait" in text


async def test_walk_in_refused_in_the_evening_offers_slots_and_books_one(make_app, hall, clock):
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=clock.now().tzinfo))
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "错时服务至 20:30：仅接待预约" in shown(app)
        assert "现场取号：明天 08:30 起。" in shown(app)  # the session's first minute after "from", not its range
        assert "明天 08:30 起可取号" in shown(app)  # under "现场取号", not "立即排队办理业务"
        assert "立即排队办理业务" not in shown(app)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "RefusedScreen"
        text = shown(app)
        assert "现在不能现场取号" in text and "您可以改为预约以下时段" in text
        # From when, with the day; "book instead" said once, by the times that follow (not "下次开放时间：2026-11-24")
        assert "现在不接待现场取号。现场取号：明天 08:30 起。" in text and "2026-11-24" not in text
        assert "您也可以预约办理" not in text
        assert tickets(hall) == []
        await press(pilot, "1")
        assert screen_name(app) == "BookContactScreen"
        app.screen.query_one("#input-name").value = "张三"
        app.screen.query_one("#input-phone").value = "13812345678"
        app.screen.query_one("#input-phone").focus()
        await press(pilot, "enter", "enter")  # the phone, then no texts (the default)
        assert screen_name(app) == "DoneScreen"
        with hall.store.snapshot() as tx:
            [appointment] = tx.records("appointments")
        assert appointment["name"] == "张三" and appointment["service"] == "social-security"
        assert f"{appointment['code'][:4]}-{appointment['code'][4:]}" in shown(app)


async def test_holiday_home_says_closed_and_when_it_opens(make_app, hall, clock):
    clock.set(datetime(2027, 1, 1, 10, 0, tzinfo=clock.now().tzinfo))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(app)
        assert "Closed today" in text and "New Year" in text
        assert "Opens next:" in text


async def test_slip_returns_home_by_itself(make_app, hall):
    app = make_app("zh-Hans", slip_seconds=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
        for _ in range(100):  # the countdown runs on real time: wait for it, up to 5 s
            if screen_name(app) == "HomeScreen":
                break
            await pilot.pause(0.05)
        assert screen_name(app) == "HomeScreen"


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_the_slip_counts_down_one_second_a_second(make_app, hall, held_timers, lang):
    app = make_app(lang, slip_seconds=20)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
        said = "{} 秒后自动返回首页" if lang == "zh-Hans" else "Back to the start in {} s."
        assert said.format(20) in shown(app)
        for n in range(1, 4):
            await tick(pilot, held_timers)
            assert said.format(20 - n) in shown(app), n
        assert len(held_timers) == 1
        for _ in range(17):
            await tick(pilot, held_timers)
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"


async def test_booking_and_request_confirmations_count_down_one_second_a_second(make_app, hall, held_timers):
    booked = hall.book("household", hall.now().date().replace(day=24), time(10, 30), "张三", "13812345678")
    app = make_app("zh-Hans", slip_seconds=20)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for headline in ("book.done", "request.done"):
            held_timers.clear()
            app.push_screen(DoneScreen(headline, code=booked["code"], printed=True))
            await settle(pilot)
            for n in range(1, 6):
                await tick(pilot, held_timers)
            assert "15 秒后自动返回首页" in shown(app)
            assert len(held_timers) == 1
            app.pop_screen()
            await settle(pilot)


async def test_a_walk_in_only_service_refused_says_so_without_offering_a_booking(make_app, hall, clock):
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=clock.now().tzinfo))
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "6", "1")  # general enquiries, standard
        assert screen_name(app) == "RefusedScreen"
        text = shown(app)
        assert "该业务只需现场取号，无需预约" in text and "预约办理" not in text
        assert not app.screen.query("#slots")


async def test_slip_says_how_many_are_ahead_and_that_counters_are_not_open(make_app, hall):
    """No counter open: the slip, the service list and home say so instead of minutes; the slip says who is
    ahead."""
    hall.issue_ticket("social-security")
    hall.issue_ticket("social-security")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        assert "等候 2 人 · 暂无窗口办理" in shown(app)
        assert "分钟" not in shown(app).split("社保医保")[1].split("\n")[0]
        await press(pilot, "1", "1")
        assert screen_name(app) == "SlipScreen"
        text = shown(app)
        assert "A003" in text
        assert "前面还有 2 人 · 预计等候：暂无法估计，暂无窗口办理" in text
        assert "分钟" not in text
    stored = next(t for t in tickets(hall) if t["number"] == "A003")
    assert (stored["wait_min"], stored["wait_max"], stored["wait_unknown"]) == (None, None, "counters_closed")


async def test_slip_with_a_counter_open_gives_minutes_in_english(make_app, hall):
    hall.set_counter("3", "open")  # household
    hall.issue_ticket("household")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "no counter open for it now" in shown(app)  # other services have nobody at a counter
        await press(pilot, "1")
        services = shown(app)
        assert "1 waiting · about" in services and "0 waiting · no counter open for it now" in services
        await press(pilot, "2", "1")
        text = shown(app)
        assert "B002" in text
        assert "1 ahead of you · Estimated wait: about" in text and "min" in text
    [stored] = [t for t in tickets(hall) if t["number"] == "B002"]
    assert stored["wait_unknown"] is None and stored["wait_min"] < stored["wait_max"]


@pytest.mark.parametrize(
    ("issued", "opens", "chinese", "english"),
    [
        # Between today's sessions: the time alone.
        ("12:30", "2026-11-23T14:00", "窗口 14:00 开放", "counters open at 14:00"),
        # Another day: said with the day ("counters open tomorrow 08:30", not "at tomorrow 08:30").
        ("17:50", "2026-11-24T08:30", "窗口 明天 08:30 开放", "counters open tomorrow 08:30"),
    ],
)
async def test_slip_of_an_unknown_wait_says_when_counters_open(make_app, hall, clock, issued, opens, chinese, english):
    """A ticket whose wait was unknown because no counter was open says when the counters open (the domain records
    it: ``counters_open_at``), in both languages."""
    from screens.resident.result import SlipScreen

    hour, minute = (int(part) for part in issued.split(":"))
    clock.set(datetime(2026, 11, 23, hour, minute, tzinfo=clock.now().tzinfo))
    slip = {
        "number": "A009",
        "service": "social-security",
        "issued_at": f"2026-11-23T{issued}:00+08:00",
        "code": "T7KXM2Q9",
        "status": "done",  # not waiting: the slip reads no position
        "wait_min": None,
        "wait_max": None,
        "wait_unknown": "counters_closed",
        "counters_open_at": f"{opens}:00+08:00",
    }
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SlipScreen(slip))
        await settle(pilot)
        assert f"预计等候：暂无法估计，{chinese}" in shown(app)
        await press(pilot, "f2")
        assert f"Estimated wait: unknown, {english}" in shown(app)


async def test_in_the_evening_window_the_service_list_says_at_once_that_walk_ins_are_closed(make_app, hall, clock):
    clock.set(clock.now().replace(hour=19, minute=5))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        await settle(pilot)
        assert screen_name(app) == "TicketServiceScreen"
        assert "not taking walk-in residents now" in shown(app)
        assert "Walk-in tickets from tomorrow 08:30" in shown(app)  # with the day: not "opens at tomorrow"
        await press(pilot, "f2")
        assert "现场取号：明天 08:30" in shown(app)


async def test_on_saturday_a_service_kept_out_of_extended_hours_says_so_before_it_is_picked(make_app, hall, clock):
    """Saturday morning is extended hours (错时), which civil affairs is kept out of: the service list says so under
    it, and picking it tells when it is offered again, at once, instead of refusing the ticket after the resident
    has also picked its kind. Nothing is written."""
    clock.set(datetime(2026, 11, 28, 9, 30, tzinfo=clock.now().tzinfo))
    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        await settle(pilot)
        assert "not offered now · from Mon 30 Nov 08:30" in " ".join(shown(app).split())
        await press(pilot, "3")  # C, civil affairs
        await settle(pilot)
        assert screen_name(app) == "TicketServiceScreen"
        text = " ".join(shown(app).split())
        assert "not offered at this time. Walk-in tickets for it from Mon 30 Nov 08:30;" in text
        assert "cannot be chosen" not in text
        await press(pilot, "f2")
        assert "该业务本时段不办理。现场取号：11月30日 周一 08:30 起" in shown(app)
        await press(pilot, "1")  # social security is offered on Saturday: on to its documents
        await settle(pilot)
        assert screen_name(app) == "TicketConfirmScreen"
    assert hall.overview()["services"][2]["waiting"] == 0 and not hall.read(lambda tx, ctx: tx.records("tickets"))
