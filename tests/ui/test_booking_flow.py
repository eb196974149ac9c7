"""Booking at the kiosk: service, day, slot, name and phone, the code; a slot filling up meanwhile; closed days;
moving and cancelling by code."""

from __future__ import annotations

from datetime import date, datetime, time

from kiosk.booking import APPOINTMENTS
from tests.ui.conftest import press, screen_name, settle, shown


def appointments(hall):
    with hall.store.snapshot() as tx:
        return tx.records(APPOINTMENTS)


async def fill_contact(pilot, name="张三", phone="13812345678"):
    screen = pilot.app.screen
    screen.query_one("#input-name").value = name
    screen.query_one("#input-phone").value = phone
    screen.query_one("#input-phone").focus()
    await press(pilot, "enter")
    if screen_name(pilot.app) == "ConsentScreen":  # a mobile: asked about texts first (Enter: no, the default)
        await press(pilot, "enter")


async def test_book_by_keys_shows_the_code_and_stores_the_appointment(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2")  # book
        assert screen_name(app) == "BookServiceScreen"
        await press(pilot, "1")  # social security
        assert screen_name(app) == "BookDayScreen"
        text = shown(app)
        assert "今天" in text and "明天" in text and "余" in text
        await press(pilot, "2")  # tomorrow
        assert screen_name(app) == "BookSlotScreen"
        text = shown(app)  # a long day is offered by part of the day first
        assert "上午 08:30–12:00" in text and "下午 14:00–17:30" in text
        assert "晚间 18:00–20:30（错时服务，仅限预约）" in text
        await press(pilot, "1")  # morning
        assert "08:30–08:45" in shown(app)
        await press(pilot, "1")  # first slot
        assert screen_name(app) == "BookContactScreen"
        await fill_contact(pilot)
        assert screen_name(app) == "DoneScreen"
        [appointment] = appointments(hall)
        assert appointment["day"] == "2026-11-24" and appointment["start"].startswith("2026-11-24T08:30")
        text = shown(app)
        assert f"{appointment['code'][:4]}-{appointment['code'][4:]}" in text
        assert "张*" in text and "138****5678" in text and "13812345678" not in text


async def test_bad_name_and_phone_get_a_message_next_to_the_field(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2", "1", "1")
        await fill_contact(pilot, name="Li Lei", phone="12345")
        assert screen_name(app) == "BookContactScreen"
        assert "a landline with its area code" in shown(app)
        assert app.focused is app.screen.query_one("#input-phone")
        assert appointments(hall) == []


async def test_a_slot_taken_meanwhile_says_so_and_offers_the_rest(make_app, hall):
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2", "1", "1")
        assert screen_name(app) == "BookContactScreen"
        # Another kiosk takes the last four places of 08:30 while this resident types.
        for n in range(4):
            hall.book("social-security", date(2026, 11, 24), time(8, 30), "李四", f"1391234567{n}")
        await fill_contact(pilot)
        assert screen_name(app) == "BookSlotScreen"
        text = shown(app)
        assert "该时段刚刚约满" in text
        assert "已约满" in text  # 08:30 now shown full, not pickable
        await press(pilot, "1")
        assert screen_name(app) == "BookSlotScreen" and "该项暂不可选" in shown(app)
        await press(pilot, "2")  # 08:45 is still free
        await fill_contact(pilot)
        assert screen_name(app) == "DoneScreen"
        assert len(appointments(hall)) == 5


async def test_holidays_and_closures_are_shown_closed_and_cannot_be_picked(make_app, hall, clock):
    clock.set(datetime(2026, 12, 28, 9, 0, tzinfo=clock.now().tzinfo))
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1")
        text = shown(app)
        assert "不开放" in text and "元旦" in text
        grid = app.screen.query_one("#days")
        closed = [n for n, option in enumerate(grid.page_options(), start=1) if not option.enabled]
        assert closed
        await press(pilot, str(closed[0]))
        assert screen_name(app) == "BookDayScreen" and "该项暂不可选" in shown(app)


async def test_evening_slots_are_marked_as_staggered_hours(make_app, hall):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "1", "2")
        assert "Evening 18:00–20:30 (extended hours, by appointment)" in shown(app)
        await press(pilot, "3")
        text = shown(app)
        assert "tomorrow · Evening 18:00–20:30 (extended hours, by appointment)" in text
        assert "18:00–18:15  4 places left" in text
        assert "14:00" not in text


async def test_move_and_cancel_an_appointment_by_code(make_app, hall):
    booked = hall.book("household", date(2026, 11, 24), time(8, 50), "王五", "13912345678")
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        app.screen.query_one("#input-code").value = booked["code"]
        await press(pilot, "enter")
        assert screen_name(app) == "StatusScreen"
        text = shown(app)
        assert "已预约" in text and "王" not in text and "5678" not in text and "08:50" not in text
        await press(pilot, "2")  # change the time
        assert screen_name(app) == "OwnerScreen"
        app.screen.query_one("#input-phone_last4").value = "0000"
        await press(pilot, "enter")
        assert screen_name(app) == "OwnerScreen" and "预约" in shown(app)
        app.screen.query_one("#input-phone_last4").value = "5678"
        await press(pilot, "enter")
        assert screen_name(app) == "BookDayScreen"
        await press(pilot, "3")  # the day after tomorrow
        await press(pilot, "1", "1")  # morning, first slot
        assert screen_name(app) == "MoveConfirmScreen"
        await press(pilot, "1")
        assert screen_name(app) == "DoneScreen"
        [moved] = appointments(hall)
        assert moved["code"] == booked["code"] and moved["day"] == "2026-11-25"
        await press(pilot, "enter")
        # and cancel it
        await press(pilot, "5")
        app.screen.query_one("#input-code").value = booked["code"]
        await press(pilot, "enter", "1")
        app.screen.query_one("#input-phone_last4").value = "5678"
        await press(pilot, "enter")
        assert screen_name(app) == "DoneScreen" and "预约已取消" in shown(app)
        [cancelled] = appointments(hall)
        assert cancelled["status"] == "cancelled"


async def test_documents_to_bring_once_the_service_is_picked_and_on_the_confirmation(make_app, hall):
    """一次告知: civil affairs needs income proof and a bank card; the resident is told once the service is picked
    (before choosing a day) and on the confirmation, as the walk-in ticket does."""
    app = make_app("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "3")  # book, civil affairs
        assert screen_name(app) == "BookDayScreen"
        assert "请携带：居民身份证、户口簿、家庭收入证明、本人银行卡" in shown(app)
        await press(pilot, "2", "1", "1")  # tomorrow, morning, first slot
        assert screen_name(app) == "BookContactScreen"
        await fill_contact(pilot)
        assert screen_name(app) == "DoneScreen"
        text = shown(app)
        assert "请携带：居民身份证、户口簿、家庭收入证明、本人银行卡" in text
    [appointment] = appointments(hall)
    assert appointment["service"] == "civil-affairs"
