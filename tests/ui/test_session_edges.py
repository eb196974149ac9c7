"""What the kiosk says at the edges of a resident's day: a ticket issued ahead of opening, a walk-in expired when
the walk-in hours ended, a day a service is not offered, a cancelled code, a no-show that cannot be rated, and a
visit closed because documents were missing."""

from __future__ import annotations

from datetime import date, datetime, time

from tests.ui.conftest import press, screen_name, settle, shown


def at(clock, hhmm: str, day: date = date(2026, 11, 23)) -> None:
    clock.set(datetime.combine(day, time.fromisoformat(hhmm), tzinfo=clock.now().tzinfo))


async def look_up(pilot, key: str, code: str) -> None:
    await press(pilot, key)
    pilot.app.screen.query_one("#input-code").value = code
    await press(pilot, "enter")


async def test_at_0815_home_and_the_slip_say_the_session_starts_at_0830(make_app, hall, clock):
    at(clock, "08:15")
    for lang, home_words, slip_words in (
        ("zh-Hans", "现已开始取号，08:30 开始办理", "本场 08:30 开始办理"),
        ("en", "session starting at 08:30", "the session starts at 08:30"),
    ):
        app = make_app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert home_words in shown(app)
            await press(pilot, "1", "1", "1")
            assert screen_name(app) == "SlipScreen"
            assert slip_words in shown(app)


async def test_an_expired_walk_in_says_why_and_offers_a_booking(make_app, hall, clock):
    at(clock, "10:00")
    ticket = hall.issue_ticket("social-security")
    at(clock, "19:05")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await look_up(pilot, "5", ticket["code"])
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "expired" in text and "Walk-in hours ended" in text and "Rate" not in text
        await press(pilot, "1")  # book an appointment
        assert screen_name(app) == "BookDayScreen"


async def test_the_booking_screen_says_not_offered_on_saturday_for_civil_affairs(make_app, hall):
    for lang, words in (("en", "not offered this day"), ("zh-Hans", "当天不办理此项业务")):
        app = make_app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "2", "3")  # book; civil affairs
            assert screen_name(app) == "BookDayScreen"
            text = shown(app)
            assert words in text
            assert "fully booked" not in text and "已约满" not in text


async def test_cancelling_shows_no_code_to_keep(make_app, hall):
    booked = hall.book("household", date(2026, 11, 24), time(8, 50), "王五", "13912345678")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await look_up(pilot, "5", booked["code"])
        await press(pilot, "1")
        app.screen.query_one("#input-phone_last4").value = "5678"
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen"
        text = shown(app)
        assert "预约已取消" in text
        assert "拍照" not in text and booked["code"][:4] not in text


async def test_a_no_show_is_not_promised_a_rating(make_app, hall):
    ticket = hall.issue_ticket("social-security")
    hall.call_next("1")
    hall.no_show("1")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await look_up(pilot, "6", ticket["code"])
        assert screen_name(app) == "RateCodeScreen"
        text = shown(app)
        assert "once the service is finished" not in text
        assert "nobody came to the counter" in text


async def test_documents_missing_says_what_it_means_and_lists_the_documents(make_app, hall):
    ticket = hall.issue_ticket("civil-affairs")
    hall.call_next("4")
    hall.finish("4", outcome="documents_missing", note="内部：材料疑似伪造")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await look_up(pilot, "5", ticket["code"])
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "材料不全：本次未能办结" in text
        assert "未办结：材料不全" in text and "已办结" not in text  # the status line does not say "done"
        assert "本事项所需材料：居民身份证" in text and "家庭收入证明" in text
        assert "疑似伪造" not in text  # the clerk's note stays private
