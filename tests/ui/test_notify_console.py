"""Text messages at the counter console (issue 17): the text log (``x``) lists the latest texts or one code's,
sends one again after a confirm (a refusal said while it was not tried yet), and fits 80 columns in both
languages; a request shows its texts and its visit time, which ``h`` sets (and texts when the resident agreed).

The hall is the test hall (a temporary data file, a clock fixed at Monday 09:00) on the bundled kiosk.toml, whose
``[notify] gateway = "file"`` turns texts on. Every flow asserts on the screen and on the store.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from kiosk.hall import Hall
from kiosk.requests import REQUESTS
from tests.ui.conftest import footer, press, screen_name, settle, shown
from tests.ui.test_bursts import burst
from tests.ui.test_console import PIN, sign_in
from tests.ui.test_notify_screens import MOBILE, display, messages_about, records


@pytest.fixture
def console(make_app, hall):
    hall.add_staff("s01", "王芳", PIN)

    def build(lang: str = "zh-Hans"):
        return make_app(lang, mode="staff")

    return build


def listed(app) -> list[str]:
    table = app.screen.query_one("#messages")
    rows = [table.get_row_at(n) for n in range(table.row_count)]
    return [" ".join(getattr(cell, "plain", str(cell)) for cell in row) for row in rows]


def sent(hall: Hall) -> None:
    """A sender claims every due text and the gateway takes them all."""
    for message in hall.claim_messages("test", idempotent=True, lease_seconds=60, limit=50):
        hall.message_outcome(message["key"], sender="test", outcome="sent")


async def test_the_text_log_lists_filters_and_resends(console, hall):
    first = hall.issue_ticket("social-security", phone=MOBILE, lang="en")
    sent(hall)
    second = hall.issue_ticket("social-security", phone="13912340002", lang="zh-Hans")  # pending
    app = console("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s01", counter="1")
        await press(pilot, "x")
        assert screen_name(app) == "MessagesScreen"
        assert "最新短信 · 显示 2 条 · 待发送 1 · 发送失败 0" in shown(app)
        rows = listed(app)
        assert rows[0].startswith("11-23 09:00 即将叫号") and display(second["code"]) in rows[0] and "待发送" in rows[0]
        assert display(first["code"]) in rows[1] and "139****0001 已发送" in rows[1]
        assert "您的A002号（社保医保）前面还有1位" in shown(app)  # the words of the text under the cursor
        # The pending one is refused: it will go by itself.
        await press(pilot, "r")
        assert "重发这条短信？" in shown(app)
        await press(pilot, "1")
        assert "这条短信尚未发送，系统会自动发送。" in shown(app)
        # Filter by the first ticket's code, and send its text again.
        await press(pilot, "f")
        await burst(pilot, *first["code"].lower(), "enter")
        assert f"{display(first['code'])} 的短信 · 显示 1 条" in shown(app)
        assert app.screen.query_one("#input-code").value == display(first["code"])
        await press(pilot, "r", "1")
        assert f"已重新发送到 139****0001（{display(first['code'])}）。" in shown(app)
        assert "即将叫号·重发" in listed(app)[0]
        # A bad code is said, and the list stays as it was.
        await press(pilot, "f")
        await burst(pilot, *"zz", "enter")
        assert "编码无效" in shown(app) or "无效" in shown(app)
        assert len(listed(app)) == 2
    [near, again] = messages_about(hall, first["key"])
    assert again["key"] == near["key"] + "/resend1" and again["resend_of"] == near["key"]
    assert again["status"] == "pending" and again["staff"] == "s01"
    [entry] = [e for e in hall.audit_log() if e["action"] == "message_resent"]
    assert entry["staff"] == "s01" and entry["counter"] == "1" and entry["subject"] == first["code"]


async def test_the_text_log_in_english_with_reasons(console, hall):
    ticket = hall.issue_ticket("social-security", phone=MOBILE, lang="en")
    hall.stop_messages(ticket["code"])
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s01", counter="1")
        await press(pilot, "x")
        [row] = listed(app)
        assert "turn near" in row and "not sent" in row and "stopped by code" in row
        assert "waiting 0 · failed 0" in shown(app)
        assert "Reply TD to stop.  stopped by code" in shown(app)  # the words, and why it was not sent, in full
        assert "r Resend" in footer(app) and "f Code filter" in footer(app)


async def test_the_tabs_fit_80_columns_in_both_languages(console, hall):
    for lang in ("zh-Hans", "en"):
        app = console(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in(pilot, "s01", counter="1")
            await press(pilot, "x")
            tabs = app.screen.query_one("#console-tabs")
            words = tabs.content.plain
            assert ("x 短信" if lang == "zh-Hans" else "x Texts") in words
            assert cell_len(words) <= tabs.region.width <= 80  # every tab whole, none cut
            who = str(app.screen.query_one("#console-who").content)
            # The clerk's counter too where it fits; in English only the name does, until the terminal is wider.
            assert who == ("1号窗口 · 王芳" if lang == "zh-Hans" else "王芳")
            await pilot.resize_terminal(100, 24)
            await settle(pilot)
            assert str(app.screen.query_one("#console-who").content) == (
                "1号窗口 · 王芳" if lang == "zh-Hans" else "Counter 1 · 王芳"
            )


async def test_a_request_shows_its_texts_and_a_visit_is_set_and_texted(console, hall):
    request = hall.file_request("repair", "楼道灯坏了", MOBILE, address="3栋", notify=True, lang="zh-Hans")
    hall.advance_request(request["code"], "accepted", staff="s01")
    sent(hall)
    app = console("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "s01", counter="1")
        await press(pilot, "q")
        table = app.screen.query_one("#requests")
        table.move_cursor(row=table.get_row_index(request["code"]))
        await press(pilot, "enter")
        assert screen_name(app) == "RequestScreen"
        text = shown(app)
        assert "短信通知     已同意 · 已发 1 条" in text and "短信记录" in text
        assert "诉求进展  139****0001  已发送" in text
        await press(pilot, "h")
        assert "安排上门" in shown(app)
        app.screen.query_one("#input-text").value = "2026-11-24 10:00"
        await press(pilot, "enter")
        text = shown(app)
        assert "已安排上门：明天 10:00" in text and "上门时间     明天 10:00" in text
        assert "上门时间  139****0001  待发送" in text
    stored = records(hall, REQUESTS)[0]
    assert stored["visit_at"] == "2026-11-24T10:00:00+08:00"
    visit = [m for m in messages_about(hall, request["code"]) if m["event"] == "visit"]
    assert len(visit) == 1 and visit[0]["params"]["time"] == "11-24 10:00"
