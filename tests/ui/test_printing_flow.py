"""The kiosk with a printer in its profile: the slip is on screen at once and prints beside it; a printer that
fails leaves the ticket issued, says so in the resident's language, and shows on the counter console, whose
reprint key prints the slip again (audited)."""

from __future__ import annotations

from datetime import time

from fake_printer import FakePrinter, refused_port

from kiosk.queue import TICKETS
from kiosk.terminals import PrinterProfile, Terminal
from screens.resident.result import DoneScreen
from tests.ui.conftest import looked, press, screen_name, settle, shown, type_text
from tests.ui.test_console import console, other, sign_in, staffed  # noqa: F401  (fixtures)


def kiosk_with(printer: PrinterProfile | None) -> Terminal:
    return Terminal(id="K1", mode="kiosk", printer=printer)


def tickets(hall):
    with hall.store.snapshot() as tx:
        return tx.records(TICKETS)


async def test_the_slip_prints_after_it_is_shown(make_app, hall, printer):
    hall.set_counter("1", "open")
    app = make_app("zh-Hans", terminal=kiosk_with(printer.profile()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
        [ticket] = tickets(hall)
        display = f"{ticket['code'][:4]}-{ticket['code'][4:]}"
        assert "A001" in shown(app)
        printer.wait_for_jobs(1)
        await settle(pilot)
        assert "凭条已打印，请取走。" in shown(app)
        slip = printer.decoded()
        assert slip.qr == [display] and slip.cut
        assert any(line.text == "A001" and line.double for line in slip.lines)
        assert "社保医保" in slip.texts()
        assert hall.device_states()[0]["state"] == "ok"


async def test_a_dead_printer_never_stops_the_ticket(make_app, hall):
    dead = PrinterProfile(connection="network", host="127.0.0.1", port=refused_port(), timeout_seconds=0.5)
    app = make_app("zh-Hans", terminal=kiosk_with(dead))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
        await settle(pilot)
        text = shown(app)
        assert "A001" in text and "打印机暂时无法打印，请记下您的号码和查询码。" in text
        assert app.screen.query_one("#print-line").has_class("-error")
        await press(pilot, "f2")
        assert "The printer is not working: please note your number and code." in shown(app)
    assert [t["number"] for t in tickets(hall)] == ["A001"]
    (fault,) = hall.device_faults()
    assert fault["terminal"] == "K1" and fault["reason"] == "unreachable"


async def test_the_slip_is_on_screen_while_a_hung_printer_is_still_being_waited_for(make_app, hall):
    hung = FakePrinter("silent")
    try:
        app = make_app("en", terminal=kiosk_with(hung.profile(timeout_seconds=2.0)))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("1")
            for _ in range(50):  # the slip comes from the ticket's worker, not from the printer's
                await pilot.pause(0.01)
                if screen_name(app) == "SlipScreen" and "Printing your slip" in shown(app):
                    break
            assert screen_name(app) == "SlipScreen" and "A001" in shown(app)
            assert "Printing your slip" in shown(app)
            assert hall.device_faults() == []  # the printer's verdict is not in yet
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert "The printer is not working" in shown(app)
        assert hall.device_faults()[0]["reason"] == "no_answer"
    finally:
        hung.stop()


async def test_without_a_printer_nothing_prints_and_no_line_shows(make_app, hall):
    app = make_app("zh-Hans", terminal=kiosk_with(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen"
        assert not app.screen.query("#print-line")
    assert hall.device_states() == []


async def test_without_a_printer_the_confirmation_keeps_its_note_your_code_hint(make_app, hall):
    """K2 has no printer: the booking confirmation still says to note the code down (as before printing existed)
    and no printer line shows; the ticket slip shows its code with what it is for."""
    booked = hall.book("household", hall.now().date().replace(day=24), time(10, 30), "张三", "13812345678")
    app = make_app("en", terminal=Terminal(id="K2", mode="kiosk", language="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(DoneScreen("book.done", code=booked["code"], printed=True))
        await settle(pilot)
        assert "Your code (please note it down or take a photo):" in shown(app)
        assert not app.screen.query("#print-line")
        app.set_language("zh-Hans")
        await settle(pilot)
        assert "您的编码（请记下或拍照保存）：" in shown(app)
        app.pop_screen()
        await settle(pilot)
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "SlipScreen" and not app.screen.query("#print-line")
        assert "（可查询排队进度、评价服务）" in shown(app)


async def test_booking_confirmation_prints_its_slip(make_app, hall, printer):
    app = make_app("zh-Hans", terminal=kiosk_with(printer.profile()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        booked = hall.book("household", hall.now().date().replace(day=24), time(10, 30), "张三", "13812345678")
        # the confirmation the booking flow ends on (the flow itself is tests/ui/test_booking_flow.py's)
        app.push_screen(DoneScreen("book.done", code=booked["code"], printed=True))
        await settle(pilot)
        printer.wait_for_jobs(1)
        await settle(pilot)
        assert "凭条已打印，请取走。" in shown(app)
        assert printer.decoded().qr == [f"{booked['code'][:4]}-{booked['code'][4:]}"]


async def test_console_shows_the_fault_and_reprints(console, staffed, other, printer):  # noqa: F811
    app = console("zh-Hans", terminal=Terminal(id="C1", mode="staff", counter="1", printer=printer.profile()))
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert screen_name(app) == "CounterScreen"
        line = app.screen.query_one("#printer-faults")
        assert not line.display
        other.note_device("K1", "printer", where="network 10.0.0.9:9100", reason="out_of_paper")
        await looked(pilot)
        assert line.display and "K1 的打印机缺纸（自 09:00 起）" in shown(app)
        app.set_language("en")
        await settle(pilot)
        assert "The printer of K1 is out of paper (since 09:00)" in shown(app)
        app.set_language("zh-Hans")
        await settle(pilot)
        ticket = other.issue_ticket("social-security")
        await press(pilot, "e")
        await type_text(pilot, ticket["code"])
        await press(pilot, "enter")
        printer.wait_for_jobs(1)
        await settle(pilot)
        display = f"{ticket['code'][:4]}-{ticket['code'][4:]}"
        assert printer.decoded().qr == [display]
        assert f"已在 C1 打印 {display} 的凭条。" in shown(app)
        other.note_device("K1", "printer", where="network 10.0.0.9:9100")
        await looked(pilot)
        assert not line.display
    entry = staffed.audit_log(action="reprint")[-1]
    assert entry["staff"] == "s01" and entry["counter"] == "1" and entry["subject"] == ticket["code"]
    assert entry["detail"]["printed"] is True
