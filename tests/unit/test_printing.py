"""Printed slips: the bytes a fake ESC/POS network printer receives, read back (number, service, GB18030 Chinese,
QR payload, cut), masking on paper, dead printers recorded as faults, reprints audited."""

from __future__ import annotations

import time as timer
from datetime import time
from pathlib import Path

import pytest
from domain_helpers import TUESDAY, at
from fake_printer import FakePrinter, refused_port

from kiosk import codes, printing
from kiosk.printing import CHINESE_OFF, CHINESE_ON
from kiosk.slips import Line, Slip
from kiosk.terminals import PrinterProfile

NAME, PHONE = "张三丰", "13812345678"


@pytest.fixture
def ticket(hall, clock):
    at(clock, "09:30")
    hall.set_counter("1", "open")
    hall.issue_ticket("social-security")  # one ahead
    return hall.issue_ticket("social-security")


def test_ticket_slip_in_chinese(hall, ticket, printer):
    outcome = hall.print_slip(ticket["code"], printer.profile(), terminal="K1", lang="zh-Hans")
    assert outcome == {"code": outcome["code"], "terminal": "K1", "ok": True, "reason": None, "detail": None}
    raw = printer.wait_for_jobs(1)[0]
    slip = printer.decoded()
    number = next(line for line in slip.lines if line.text == "A002")
    assert number.double and number.center
    # the service in GB18030 inside the Chinese mode, exactly as a printer sold in China takes it
    assert CHINESE_ON + "社保医保".encode("gb18030") + CHINESE_OFF in raw
    texts = slip.texts()
    assert "阳光社区便民服务大厅" in texts
    assert "取号时间：2026-11-23 09:30" in texts
    assert "前面还有 1 人" in texts
    assert any(text.startswith("预计等候：") and "分钟" in text for text in texts)
    assert "请备齐以下材料（一次告知）：" in texts and "· 居民身份证" in texts and "· 社会保障卡" in texts
    display = outcome["code"]
    assert "-" in display and any(line.text == display and line.double for line in slip.lines)
    assert slip.qr == [display]  # the QR payload is the code as shown, for the kiosk's code fields
    assert slip.cut and slip.items[-1] == ("cut", "")
    assert [kind for kind, _ in slip.items].index("qr") < len(slip.items) - 1


def test_ticket_slip_in_english_has_no_chinese_mode(hall, ticket, printer):
    hall.print_slip(ticket["code"], printer.profile(), terminal="K1", lang="en")
    raw = printer.wait_for_jobs(1)[0]
    texts = printer.decoded().texts()
    # the service's name is longer than the paper's 32 columns: wrapped between words
    assert ["Social security & medical", "insurance"] == texts[4:6] and "1 ahead of you" in texts
    assert "- Resident ID card" in texts
    assert CHINESE_ON not in raw


def test_booking_slip_is_masked(hall, clock, printer):
    at(clock, "09:30")
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    hall.print_slip(booked["code"], printer.profile(), terminal="K1", lang="zh-Hans")
    printer.wait_for_jobs(1)
    slip, raw = printer.decoded(), printer.jobs[0]
    texts = slip.texts()
    assert "2026-11-24" in texts and "10:30-10:50" in texts
    assert "预约人：张**" in texts
    assert any("取消或改约" in text for text in texts)
    assert "· 户口簿" in texts
    assert slip.qr == [codes.display(booked["code"])] and slip.cut
    for secret in (NAME, PHONE, PHONE[-4:], PHONE[:3]):
        assert secret.encode("gb18030") not in raw


def test_request_receipt(hall, clock, printer):
    at(clock, "09:30")
    filed = hall.file_request("repair", "楼道灯不亮，请来修理", PHONE, address="幸福路 8 号 3 单元")
    hall.print_slip(filed["code"], printer.profile(), terminal="K1", lang="zh-Hans")
    printer.wait_for_jobs(1)
    slip, raw = printer.decoded(), printer.jobs[0]
    texts = slip.texts()
    assert "诉求回执" in texts and "报修" in texts
    assert f"答复期限：{filed['due_at'][:10]} {filed['due_at'][11:16]} 前" in texts
    assert slip.qr == [codes.display(filed["code"])] and slip.cut
    for secret in ("楼道灯", "幸福路", PHONE[-4:]):
        assert secret.encode("gb18030") not in raw


def test_a_refused_connection_is_a_fault_recorded_and_the_ticket_stays(hall, ticket, clock):
    dead = PrinterProfile(connection="network", host="127.0.0.1", port=refused_port(), timeout_seconds=0.5)
    outcome = hall.print_slip(ticket["code"], dead, terminal="K1", lang="en")
    assert not outcome["ok"] and outcome["reason"] == "unreachable"
    assert hall.status(ticket["code"])["record"]["status"] == "waiting"
    (fault,) = hall.device_faults()
    assert (
        fault["terminal"] == "K1" and fault["reason"] == "unreachable" and fault["since"].startswith("2026-11-23T09:30")
    )
    assert fault["where"] == f"network 127.0.0.1:{dead.port}"
    assert hall.overview()["device_faults"] == [fault]


def test_a_printer_that_never_answers_is_a_fault_within_its_timeout(hall, ticket):
    silent = FakePrinter("silent")
    try:
        started = timer.monotonic()
        outcome = hall.print_slip(ticket["code"], silent.profile(timeout_seconds=0.3), terminal="K1", lang="en")
        assert timer.monotonic() - started < 2.0
    finally:
        silent.stop()
    assert outcome["reason"] == "no_answer"
    assert [f["reason"] for f in hall.device_faults()] == ["no_answer"]


def test_out_of_paper_sends_no_slip_and_recovery_clears_the_fault(hall, ticket, printer):
    empty = FakePrinter("no_paper")
    try:
        outcome = hall.print_slip(ticket["code"], empty.profile(), terminal="K1", lang="en")
        assert empty.wait_for_jobs(1) == [b""]  # asked the sensor, then sent nothing
    finally:
        empty.stop()
    assert outcome["reason"] == "out_of_paper"
    assert hall.device_faults()[0]["reason"] == "out_of_paper"
    fixed = printer.profile()
    assert hall.print_slip(ticket["code"], fixed, terminal="K1", lang="en")["ok"]
    assert hall.device_faults() == []
    (state,) = hall.device_states()
    assert state["state"] == "ok" and state["last_fault"] is not None


def test_a_working_printer_writes_nothing_per_slip(hall, ticket, printer):
    profile = printer.profile()
    hall.print_slip(ticket["code"], profile, terminal="K1", lang="en")
    version = hall.version()
    hall.print_slip(ticket["code"], profile, terminal="K1", lang="en")
    printer.wait_for_jobs(2)
    assert hall.version() == version


def test_reprint_prints_and_is_audited(hall, ticket, printer):
    outcome = hall.reprint(ticket["code"], printer.profile(), terminal="C1", lang="en", staff=None, os_user="root")
    assert outcome["ok"]
    printer.wait_for_jobs(1)
    assert printer.decoded().qr == [outcome["code"]]
    entry = hall.audit_log(action="reprint")[-1]
    assert entry["subject"] == ticket["code"]
    assert entry["detail"] == {"terminal": "C1", "printed": True, "os_user": "root"}


def test_a_reprint_is_marked_and_says_the_place_and_wait_of_now(hall, ticket, clock, printer):
    first = hall.slip(ticket["code"], "en")
    assert not any("REPRINT" in line.text for line in first.lines) and "1 ahead of you" in [
        line.text for line in first.lines
    ]
    hall.call_next("1")  # the ticket before this one is called: nobody is ahead any more
    at(clock, "09:45")
    hall.reprint(ticket["code"], printer.profile(), terminal="C1", lang="en")
    printer.wait_for_jobs(1)
    texts = printer.decoded().texts()
    assert texts[2] == "REPRINT 2026-11-23 09:45"
    assert "Nobody ahead of you" in texts and "1 ahead of you" not in texts
    assert any(text.startswith("Estimated wait:") for text in texts)
    assert any(text.startswith("Taken at 2026-11-23 09:30") for text in texts)


def test_a_reprint_of_a_ticket_no_longer_waiting_says_no_place_nor_wait(hall, ticket, clock, printer):
    hall.call_next("1")
    hall.set_counter("2", "open")
    called = hall.call_next("2")  # the ticket's turn: called, no longer waiting
    assert called["code"] == ticket["code"]
    at(clock, "09:50")
    hall.reprint(ticket["code"], printer.profile(), terminal="C1", lang="zh-Hans")
    printer.wait_for_jobs(1)
    texts = printer.decoded().texts()
    assert texts[2] == "补打 2026-11-23 09:50"
    assert not any(text.startswith(("前面", "预计等候")) for text in texts)
    assert "A002" in texts and printer.decoded().qr == [codes.display(ticket["code"])]


def test_booking_and_request_reprints_are_marked(hall, clock, printer):
    at(clock, "09:30")
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    filed = hall.file_request("repair", "楼道灯不亮，请来修理", PHONE, address="幸福路 8 号 3 单元")
    for code in (booked["code"], filed["code"]):
        texts = [line.text for line in hall.slip(code, "zh-Hans", reprint=True).lines]
        assert texts[2] == "补打 2026-11-23 09:30"


def test_preview_reads_the_bytes_back(hall, ticket):
    text = hall.preview_slip(ticket["code"], "zh-Hans")
    assert "A 0 0 2" in text  # double size: spread out
    assert f"[QR: {hall.status(ticket['code'])['display']}]" in text
    assert "✂" in text.splitlines()[-1]
    assert "社保医保" in text


def _printed_lines(data: bytes) -> list[printing.DecodedLine]:
    return [line for line in printing.decode(data).lines]


def test_english_lines_wrap_between_words_on_the_paper(hall, clock):
    at(clock, "09:30")
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    slip = hall.slip(booked["code"], "en")
    for columns in (32, 48):
        lines = _printed_lines(printing.render(slip, columns=columns))
        for line in lines:
            assert printing.cells(line.text) <= (columns // 2 if line.double else columns), line
        words = " ".join(line.text for line in lines).split()
        # every word of every line of the slip is printed whole (none cut at the paper's edge)
        for source in slip.lines:
            if source.kind == "text":
                for word in source.text.split():
                    assert word in words, (columns, word)
    cancel = [line.text for line in _printed_lines(printing.render(slip, columns=32))]
    start = next(n for n, text in enumerate(cancel) if text.startswith("To cancel"))
    assert cancel[start : start + 4] == [
        "To cancel or move it: at a",
        "kiosk, 'Check / cancel / change",
        "by code', then this code and",
        "your phone's last 4 digits.",
    ]


def test_a_word_longer_than_the_line_is_cut_and_double_lines_wrap_to_half():
    assert printing.wrap("a Supercalifragilistic b", 10) == ["a", "Supercalif", "ragilistic", "b"]
    assert printing.wrap("", 32) == [""]
    slip = Slip("ticket", "X", "en", (Line("ABCDEFGHIJKLMNOPQRSTUV", size="double"),))
    texts = [(line.text, line.double) for line in _printed_lines(printing.render(slip, columns=32))]
    assert texts == [("ABCDEFGHIJKLMNOP", True), ("QRSTUV", True)]


def test_chinese_lines_wrap_by_width_and_keep_punctuation_off_the_wrong_end(hall, clock):
    at(clock, "09:30")
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    for columns in (20, 24, 32):
        data = printing.render(hall.slip(booked["code"], "zh-Hans"), columns=columns)
        lines = _printed_lines(data)
        for line in lines:
            assert printing.cells(line.text) <= (columns // 2 if line.double else columns), (columns, line)
        for before, after in zip(lines, lines[1:]):
            if after.text:
                assert after.text[0] not in printing.NO_LINE_START, (columns, before.text, after.text)
            if before.text:
                assert before.text[-1] not in printing.NO_LINE_END, (columns, before.text, after.text)
    # a Chinese character is two columns: 16 of them fill a 32-column line; the comma never starts the next
    assert printing.wrap("在自助终端扫码或输入查询码，可查询进度、评价服务。", 32) == [
        "在自助终端扫码或输入查询码，可查",
        "询进度、评价服务。",
    ]
    assert printing.wrap("一二三四五六七八九十一二三四五六，七八", 32) == ["一二三四五六七八九十一二三四五", "六，七八"]
    assert printing.wrap("一二三四五六七八九十一二三四五“查询”", 32) == ["一二三四五六七八九十一二三四五", "“查询”"]


def test_the_preview_shows_the_lines_as_they_print(hall, clock):
    at(clock, "09:30")
    booked = hall.book("household", TUESDAY, time(10, 30), NAME, PHONE)
    text = hall.preview_slip(booked["code"], "en", columns=32)
    assert "|To cancel or move it: at a      |" in text
    assert "|your phone's last 4 digits.     |" in text


def test_render_without_python_escpos_is_a_fault(monkeypatch, hall, ticket):
    import builtins

    real_import = builtins.__import__

    def no_escpos(name, *args, **kwargs):
        if name.startswith("escpos"):
            raise ImportError("No module named 'escpos'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_escpos)
    with pytest.raises(printing.PrinterFault) as caught:
        printing.render(hall.slip(ticket["code"], "en"))
    assert caught.value.reason == "not_installed"


def test_a_kiosk_without_a_printer_never_loads_python_escpos():
    import subprocess
    import sys

    code = (
        "import sys, kiosk.cli, kiosk.hall, screens.app\n"
        "from kiosk.config import load_config\n"
        "load_config('kiosk.toml')\n"
        "print(any(name.split('.')[0] in ('escpos', 'PIL', 'qrcode') for name in sys.modules))"
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo)
    assert done.stdout.strip() == "False"
