"""The counter console (`kiosk staff`) driven by keys: sign-in with the lockout, every counter action, the views
of appointments, requests, ratings and the report, and changes made at other terminals showing up by themselves.

The hall is the test hall (a temporary data file, a clock fixed at Monday 09:00); "another terminal" is a second
:class:`Hall` on the same file, so every change reaches the console the way it would in the hall: through the
file, seen by the console's poll.
"""

from __future__ import annotations

import io
import re
import time
from datetime import time as clock_time
from datetime import timedelta
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from kiosk import report
from kiosk.hall import Hall
from kiosk.queue import TICKETS
from tests.ui.conftest import looked, screen_name, settle, shown

PIN = "246813"
WRONG = "135792"


@pytest.fixture
def staffed(hall: Hall) -> Hall:
    """The test hall with two clerks (the PIN is hashed for real: about 0.1 s each)."""
    hall.add_staff("s01", "王芳", PIN)
    hall.add_staff("s06", "杨磊", PIN)
    return hall


@pytest.fixture
def other(staffed: Hall, clock: Any) -> Hall:
    """Another terminal on the same data file (a kiosk, another counter)."""
    return Hall.open(staffed.config, clock=clock, data_path=str(staffed.store.path), durable=False)


@pytest.fixture
def console(make_app, staffed):
    """The app started as a counter console."""

    def build(lang: str = "zh-Hans", **options: Any):
        return make_app(lang, mode="staff", **options)

    return build


async def sign_in(pilot, staff: str = "s01", pin: str = PIN, counter: str = "1", *, by_keys: bool = False) -> None:
    """Sign in at ``counter``: typed as a clerk does (the id, Enter, the PIN, Enter, the counter's digit) with
    ``by_keys``, else filled in and picked directly (quicker; the keys are tested once)."""
    await settle(pilot)
    screen = pilot.app.screen
    for name in ("staff", "pin"):
        screen.query_one(f"#input-{name}").value = ""
    screen.query_one("#input-staff").focus()
    if by_keys:
        await press(pilot, *staff, "enter", *pin, "enter", counter)
        return
    screen.query_one("#input-staff").value = staff
    screen.query_one("#input-pin").value = pin
    screen.sign_in(counter)
    await settle(pilot)


async def press(pilot, *keys: str) -> None:
    """Press keys; after each, let the screen react and any domain call finish (one round: lighter than the
    resident tests' settle, which the many keys of a clerk's day make slow)."""
    for key in keys:
        await pilot.press(key)
        for _ in range(2):  # a key may start a domain call, whose answer may read the view again
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot, condition, seconds: float = 2.0) -> float:
    """Wait (on real time: the console polls the data file) until ``condition()`` holds; the seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        await pilot.pause(0.02)
    return time.monotonic() - start


def ticket(hall: Hall, number: str) -> dict[str, Any]:
    with hall.store.snapshot() as tx:
        return next(t for t in tx.records(TICKETS) if t["number"] == number)


def actions(hall: Hall) -> list[tuple[str, str | None, str | None]]:
    """Today's audit log as (action, staff, counter)."""
    return [(e["action"], e["staff"], e["counter"]) for e in hall.audit_log(limit=None)]


def footer(app) -> dict[str, bool]:
    """The keys the footer shows now: action -> enabled."""
    return {b.binding.action: b.enabled for b in app.screen.active_bindings.values() if b.binding.show}


# --------------------------------------------------------------------------------------------- sign-in


async def test_sign_in_with_the_right_pin_opens_the_counter(console, staffed):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_name(app) == "SignInScreen"
        text = shown(app)
        assert "窗口工作台：登录" in text and "1号窗口" in text and "6号综合窗口" in text
        await sign_in(pilot, by_keys=True)
        assert screen_name(app) == "CounterScreen"
        text = shown(app)
        assert "1号窗口 · 王芳" in text and "开放" in text and "今日本窗口已办 0 人" in text
        assert staffed.session("1")["staff"] == "s01"
        assert ("sign_in", "s01", "1") in actions(staffed)
        assert PIN not in str(staffed.audit_log(limit=None))


async def test_a_clock_the_hall_contradicts_is_told_to_the_clerk_as_it_is(console, staffed, clock):
    """At the console a refusal of the machine's clock is shown as it is, what to tell the IT person, rather than
    the resident's "please ask a member of staff" (the clerk is the member of staff); nothing is written. The same
    refusal at a resident screen still reads "please ask a member of staff"."""
    clock.set(clock.now().replace(hour=11))
    staffed.issue_ticket("social-security")  # the hall's newest record: 11:00
    clock.set(clock.now().replace(hour=9))  # this machine's clock: two hours behind it
    written = len(staffed.audit_log(limit=None))
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, by_keys=True)
        assert screen_name(app) == "SignInScreen"
        text = " ".join(shown(app).split())
        assert "earlier than the hall's newest record" in text and "set the clock right" in text
        assert "ask a member of staff" not in text
        await pilot.press("f2")
        await settle(pilot)
        assert "早于大厅最新记录" in " ".join(shown(app).split())
    assert staffed.session("1") is None and len(staffed.audit_log(limit=None)) == written


async def test_the_same_clock_refusal_at_a_resident_kiosk_asks_for_staff(make_app, staffed, clock):
    """A resident is not shown the clock's details (or commands to run): "please ask a member of staff". The home
    screen says so first, instead of "open now" and a refusal at the last step."""
    clock.set(clock.now().replace(hour=11))
    staffed.issue_ticket("social-security")
    clock.set(clock.now().replace(hour=9))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = " ".join(shown(app).split())
        assert "Out of service: this terminal cannot take requests just now" in home and "Open now" not in home
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("1")  # social security
        await settle(pilot)
        await pilot.press("1")  # a standard ticket
        await settle(pilot)
        text = " ".join(shown(app).split())
        assert "cannot take requests just now" in text and "clock" not in text


async def test_a_wrong_pin_is_refused_next_to_the_pin(console, staffed):
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, pin=WRONG, by_keys=True)
        assert screen_name(app) == "SignInScreen"
        assert "Wrong staff id or PIN" in shown(app)
        assert app.screen.query_one("#input-pin").value == ""
        assert staffed.session("1") is None
        assert [s["failures"] for s in staffed.list_staff() if s["id"] == "s01"] == [1]
        assert ("sign_in_failed", "s01", "1") in actions(staffed)
        # an unknown id gets exactly the same answer
        app.screen.query_one("#input-staff").value = "nobody"
        app.screen.query_one("#input-pin").value = PIN
        app.screen.sign_in("1")
        await settle(pilot)
        assert "Wrong staff id or PIN" in shown(app)


async def test_five_wrong_pins_lock_the_id_for_five_minutes(console, staffed, clock):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(5):
            app.screen.query_one("#input-staff").value = "s01"
            app.screen.query_one("#input-pin").value = WRONG
            app.screen.sign_in("1")
            await settle(pilot)
        [account] = [s for s in staffed.list_staff() if s["id"] == "s01"]
        assert account["locked"] is True
        # locked: the right PIN gets the same refusal, and the console does not say the id is locked
        await sign_in(pilot)
        assert screen_name(app) == "SignInScreen"
        text = shown(app)
        assert "工号或密码错误" in text and "锁定" in text  # the general rule, said every time
        assert ("sign_in_locked", "s01", "1") in actions(staffed)
        clock.advance(minutes=5, seconds=1)
        await sign_in(pilot)
        assert screen_name(app) == "CounterScreen"


async def test_the_console_fixed_to_a_counter_signs_in_on_enter(console, staffed):
    app = console("en", counter="6")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Counter: Counter 6 (general)" in shown(app)
        await press(pilot, *"s06", "enter", *PIN, "enter")
        assert screen_name(app) == "CounterScreen"
        assert staffed.session("6")["staff"] == "s06"


# --------------------------------------------------------------------------------------------- the counter


async def test_counter_screen_shows_queues_and_greys_out_what_cannot_apply(console, staffed, other):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        keys = footer(app)
        assert keys["call"] is False  # nobody waits
        assert not any(keys[a] for a in ("recall", "no_show", "transfer", "finish"))
        assert keys["pause"] is True and "resume" not in keys and keys["sign_out"] is True
        assert "本窗口的业务暂无人等候" in shown(app)
        other.issue_ticket("social-security")
        other.issue_ticket("social-security", priority=True)
        await until(pilot, lambda: "A002★" in shown(app))
        text = shown(app)
        assert "下一位： A002" in text and "A 社保医保" in text
        assert footer(app)["call"] is True


def footer_keys(app) -> dict[str, object]:
    """The footer's key widgets on screen: action -> GreyableKey."""
    return {key.action: key for key in app.screen.query("FooterKey")}


async def test_the_footer_greys_and_lights_keys_in_place_as_the_hall_changes(console, staffed, other):
    """A commit that only changes which keys apply puts the footer's keys right where they are (no new key
    widgets); the keys drawn always say what the screen allows."""
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        before = footer_keys(app)
        assert before["call"].greyed  # nobody waits
        other.issue_ticket("social-security")
        await until(pilot, lambda: not footer_keys(app)["call"].greyed)
        after = footer_keys(app)
        assert all(after[action] is key for action, key in before.items())  # the same widgets
        for action, key in after.items():  # greyed exactly where the screen says the key does not apply
            assert key.greyed is (footer(app).get(action) is False), action
        await press(pilot, "c")
        await until(pilot, lambda: not footer_keys(app)["finish"].greyed)
        assert footer_keys(app)["call"] is before["call"]
        assert footer_keys(app)["sign_out"].greyed  # serving: cannot sign out
        for action, key in footer_keys(app).items():  # and each key is drawn dim exactly while greyed
            assert bool(key.render().get_style_at_offset(app.console, 1).dim) is key.greyed, action


async def test_what_concerns_the_counter_shows_at_once_and_the_rest_within_its_bound(
    console, staffed, other, monkeypatch
):
    """A ticket of one of this counter's services, or anything done at this counter, shows at once; what another
    counter did with other services (the whole hall's count served today) waits for the bound, or for the next
    change that concerns this counter."""
    from screens.console.counter import CounterScreen

    monkeypatch.setattr(CounterScreen, "REFRESH_SECONDS", 600.0)  # the bound never passes within this test
    other.issue_ticket("household")
    other.call_next("3")  # B001 at counter 3, which serves household (counter 1 does not)
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert "全厅已办 0 人" in shown(app)
        other.finish("3")  # another counter, another service: waits
        await looked(pilot)
        assert "全厅已办 0 人" in shown(app)
        other.issue_ticket("social-security")  # a ticket for this counter: at once, the count with it
        await looked(pilot)
        assert "A001" in shown(app) and "全厅已办 1 人" in shown(app)
        other.issue_ticket("household")
        await looked(pilot)
        assert "B002" not in shown(app)  # not a queue this counter shows: nothing to wait for anyway
        other.set_counter("1", "paused")  # this counter's own record: at once
        await looked(pilot)
        assert "暂停" in shown(app)


async def test_call_recall_and_finish(console, staffed, other, clock):
    for _ in range(2):
        other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c")
        assert "已叫号 A001" in shown(app) and "正在办理" in app.screen.query_one("#serving").border_title
        assert ticket(staffed, "A001")["status"] == "called"
        keys = footer(app)
        assert keys["call"] and keys["finish"] and keys["sign_out"] is False
        assert keys["pause"] is False  # a counter serving someone cannot pause
        # a recall waits the hall's interval after the call: greyed, and the panel says from when
        assert keys["recall"] is False and "09:00:30 起可重呼" in shown(app)
        await press(pilot, "r")
        assert ticket(staffed, "A001")["recalls"] == 0
        clock.advance(seconds=30)
        await until(pilot, lambda: footer(app)["recall"] is True and "起可重呼" not in shown(app))
        await press(pilot, "r")
        assert "已重呼 1/3" in shown(app) and ticket(staffed, "A001")["recalls"] == 1
        await press(pilot, "f")
        assert screen_name(app) == "OutcomeModal"
        await press(pilot, "1")
        assert screen_name(app) == "CounterScreen"
        assert "A001 已办结：已办结" in shown(app) and "今日本窗口已办 1 人" in shown(app)
        done = ticket(staffed, "A001")
        assert done["status"] == "done" and done["outcome"] == "completed"
        assert [a for a in actions(staffed) if a[0] in ("call", "recall", "finish")] == [
            ("call", "s01", "1"),
            ("recall", "s01", "1"),
            ("finish", "s01", "1"),
        ]


async def test_calling_while_serving_asks_to_finish_first(console, staffed, other):
    for _ in range(3):
        other.issue_ticket("social-security")
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "c")
        assert screen_name(app) == "ChoiceModal"
        assert "Still serving A001" in shown(app)
        await press(pilot, "1")
        assert "A001 finished; called A002." in shown(app)
        assert ticket(staffed, "A001")["status"] == "done" and ticket(staffed, "A002")["status"] == "called"
        # the other way: choose the outcome (with a note), then call
        await press(pilot, "c", "2")
        assert screen_name(app) == "OutcomeModal"
        await press(pilot, "2", *"ID card", "enter")
        assert "A002 finished; called A003." in shown(app)
        finished = ticket(staffed, "A002")
        assert finished["outcome"] == "documents_missing" and finished["history"][-1]["note"] == "ID card"
        # Escape in the question calls nobody
        await press(pilot, "c", "escape")
        assert screen_name(app) == "CounterScreen" and ticket(staffed, "A003")["status"] == "called"


async def test_finishing_first_when_nobody_waits_finishes_and_calls_nobody(console, staffed, other):
    other.issue_ticket("social-security")
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "c", "1")
        assert "A001 finished; nobody else is waiting." in shown(app)
        assert ticket(staffed, "A001")["status"] == "done"
        # finish and call were one transaction, each with its entry, under the signed-in clerk
        assert actions(staffed)[-3:] == [("call", "s01", "1"), ("finish", "s01", "1"), ("call", "s01", "1")]
        assert staffed.audit_log(limit=1)[0]["detail"] == {"empty": True}


async def test_no_show_asks_once_then_frees_the_counter(console, staffed, other):
    other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "n")
        assert "此操作不能撤销" in shown(app)
        await press(pilot, "1")
        assert "A001 已记为过号" in shown(app) and "过号 1" in shown(app)
        assert ticket(staffed, "A001")["status"] == "no_show"
        assert ("no_show", "s01", "1") in actions(staffed)
        assert footer(app)["no_show"] is False


async def test_a_recall_past_the_limit_asks_before_making_a_no_show(console, staffed, other, clock):
    other.issue_ticket("social-security")
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c")
        for n in (1, 2, 3):
            clock.advance(seconds=30)
            await until(pilot, lambda: footer(app)["recall"] is True)
            await press(pilot, "r")
            assert f"Recalled A001 ({n}/3)." in shown(app)
        assert "recalled 3/3" in shown(app) and "recall again from 09:02:00" in shown(app)
        clock.advance(seconds=30)
        await until(pilot, lambda: "r: no-show (asks first)" in shown(app))
        assert footer(app)["recall"] is True
        # the fourth recall asks, as n does; Escape keeps the resident called
        await press(pilot, "r")
        assert screen_name(app) == "ChoiceModal" and "Recalled 3 times: A001" in shown(app)
        assert "This cannot be undone." in shown(app)
        await press(pilot, "escape")
        assert screen_name(app) == "CounterScreen" and ticket(staffed, "A001")["status"] == "called"
        await press(pilot, "r", "1")
        assert "A001 was recalled 3 times without coming: marked as a no-show." in shown(app)
        assert ticket(staffed, "A001")["status"] == "no_show"
        assert staffed.audit_log(limit=1)[0]["detail"]["reason"] == "recalls_exhausted"


async def test_transfer_keeps_the_place_in_the_other_queue(console, staffed, other):
    other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "t")
        text = shown(app)
        assert "转办 A001" in text and "B  户籍与证件" in text and "A  社保医保" not in text
        await press(pilot, "1")
        assert "A001 已转至户籍与证件" in shown(app)
        moved = ticket(staffed, "A001")
        assert moved["service"] == "household" and moved["status"] == "waiting"
        assert ("transfer", "s01", "1") in actions(staffed)


async def test_finish_with_an_outcome_and_a_note(console, staffed, other):
    other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "f", "3")
        assert "已转介他处：内部备注（选填，居民看不到）" in shown(app)
        await press(pilot, *"区医保中心", "enter")
        assert "A001 已办结：已转介他处" in shown(app)
        done = ticket(staffed, "A001")
        assert done["outcome"] == "referred" and done["history"][-1]["note"] == "区医保中心"


async def test_pause_and_resume(console, staffed, other):
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "p")
        assert "Counter paused" in shown(app) and "Paused: press p to resume." in shown(app)
        assert other.overview()["counters"][0]["state"] == "paused"
        keys = footer(app)
        assert keys["resume"] is True and "pause" not in keys
        await press(pilot, "p")
        assert "Counter open again." in shown(app)
        assert other.overview()["counters"][0]["state"] == "open"
        assert [a[0] for a in actions(staffed)].count("counter_state") == 2


async def test_sign_out_closes_the_counter_and_is_refused_while_serving(console, staffed, other):
    other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c", "o")
        assert screen_name(app) == "CounterScreen"  # greyed out while serving: nothing happens
        await press(pilot, "f", "1", "o")
        assert screen_name(app) == "SignInScreen"
        assert "王芳 已于 09:00 从1号窗口签退" in shown(app)
        assert staffed.session("1") is None
        assert other.overview()["counters"][0]["state"] == "closed"
        assert actions(staffed)[-1] == ("sign_out", "s01", "1")


async def test_someone_signing_in_at_the_counter_ends_this_session(console, staffed, other):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        other.sign_in("s06", PIN, "1")
        await until(pilot, lambda: "s06 已在1号窗口登录，您在该窗口的登录已结束" in shown(app))
        assert screen_name(app) == "SignInScreen" and len(app.screen_stack) == 1


async def test_a_ticket_issued_at_a_kiosk_shows_up_within_a_second(console, staffed, other):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "a")  # even from another view: the counter screen keeps watching
        await press(pilot, "w")
        other.issue_ticket("social-security")
        took = await until(pilot, lambda: "A001" in shown(app), seconds=1.0)
        assert took < 1.0
        other.call_next("6")
        await until(pilot, lambda: "A001" not in shown(app), seconds=1.0)


async def test_language_switch_on_the_counter_screen(console, staffed, other):
    other.issue_ticket("social-security")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "c")
        assert "正在办理" in app.screen.query_one("#serving").border_title
        await press(pilot, "f2")
        text = shown(app)
        assert "Called 09:00" in text and "Social security" in text
        # At 80 columns the English tabs leave room for the clerk's name only (the counter too where it fits).
        assert str(app.screen.query_one("#console-who").content) == "王芳"
        assert app.screen.query_one("#serving").border_title == "Now serving"


# --------------------------------------------------------------------------------------------- the views


async def test_appointments_of_today_and_tomorrow(console, staffed, other, clock):
    today = clock.now().date()
    checked = other.book("social-security", today, clock_time(9, 30), "张三", "13812345678")
    other.book("social-security", today + timedelta(days=1), clock_time(10, 0), "李四", "13912345678")
    other.book("household", today, clock_time(10, 10), "王五", "13712345678")
    other.check_in(checked["code"], "5678")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "a")
        assert screen_name(app) == "AppointmentsScreen"
        text = shown(app)
        assert "今天 11-23" in text and "明天 11-24" in text
        assert "张*" in text and "138****5678" in text and "已签到 A001 等候中" in text
        assert "李*" in text and "未签到" in text
        assert "王*" not in text  # household is not counter 1's service
        assert "13812345678" not in text and "张三" not in text
        await press(pilot, "s")
        assert "王*" in shown(app) and "全厅的预约" in shown(app)


async def test_requests_list_filter_open_and_move_along(console, staffed, other):
    first = other.file_request("repair", "楼道灯坏了，晚上很黑", "13812345678", address="幸福路1号")
    other.file_request("suggestion", "希望增加周末服务时间", "13912345678")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "q")
        assert screen_name(app) == "RequestsScreen"
        text = shown(app)
        assert "共 2 件" in text
        table = app.screen.query_one("#requests")
        assert table.row_count == 2
        await press(pilot, "k", "k")  # category: home visit, then repair
        assert "类别：报修" in shown(app) and table.row_count == 1
        await press(pilot, "enter")
        assert screen_name(app) == "RequestScreen"
        text = shown(app)
        assert "楼道灯坏了" in text and "13812345678" in text and "幸福路1号" in text and "办理记录" in text
        # accept, with an optional note left empty
        await press(pilot, "m", "1", "enter")
        assert other.request_detail(first["code"])["status"] == "accepted"
        # assign to s06, picked from the staff accounts
        await press(pilot, "m", "1")
        assert "s06  杨磊" in shown(app)
        await press(pilot, "2")
        detail = other.request_detail(first["code"])
        assert detail["status"] == "assigned" and detail["assignee"] == "s06"
        # now it is s06's to move on; s01, who assigned it, may only reassign it
        assert "谁可推进" in shown(app) and "仅承办人 s06；派单人 s01 可改派" in shown(app)
        await press(pilot, "m")
        options = shown(app)
        assert "派单" in options and "开始处理" not in options and "驳回" not in options
        await press(pilot, "1", "1")  # reassign, to s01 (taken back)
        assert other.request_detail(first["code"])["assignee"] == "s01"
        assert "仅承办人 s01" in shown(app) and "可改派" not in shown(app)
        # a note: internal unless chosen otherwise
        await press(pilot, "n", *"已联系物业", "enter")
        assert "已添加内部备注" in shown(app) and "[内部] 已联系物业" in shown(app)
        # reject: a reason is required
        await press(pilot, "m")
        options = shown(app)
        assert "开始处理" in options and "驳回" in options
        await press(pilot, "3" if "3   驳回" in options else "2")
        await press(pilot, "enter")
        assert "此项必须填写" in shown(app)
        await press(pilot, *"属物业维修范围", "enter")
        detail = other.request_detail(first["code"])
        assert detail["status"] == "rejected" and detail["reason"] == "属物业维修范围"
        assert [e["staff"] for e in detail["history"][1:]] == ["s01"] * 5
        assert [a for a in actions(staffed) if a[0].startswith("request")] == [
            ("request_status", "s01", "1"),
            ("request_status", "s01", "1"),
            ("request_status", "s01", "1"),
            ("request_note", "s01", "1"),
            ("request_status", "s01", "1"),
        ]
        assert "驳回" in shown(app) and footer(app)["step"] is False
        await press(pilot, "escape")
        assert screen_name(app) == "RequestsScreen"


async def test_a_request_assigned_to_another_clerk_greys_the_step_and_says_who_may_act(console, staffed, other):
    code = other.file_request("repair", "楼道灯坏了，晚上很黑", "13812345678", address="幸福路1号")["code"]
    other.advance_request(code, "accepted", staff="s01")
    other.advance_request(code, "assigned", staff="s01", assignee="s01")
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, staff="s06", counter="6")
        await press(pilot, "q", "enter")
        assert screen_name(app) == "RequestScreen"
        text = shown(app)
        assert "Who may act" in text and "only s01, the assignee" in text and "not you: add a note (n)" in text
        keys = footer(app)
        assert keys["step"] is False and keys["note"] is True
        await press(pilot, "m")
        assert screen_name(app) == "RequestScreen" and other.request_detail(code)["status"] == "assigned"
        await press(pilot, "n", *"Resident called again", "enter")
        assert other.request_detail(code)["history"][-1]["staff"] == "s06"


async def test_requests_overdue_filter(console, staffed, other, clock):
    late = other.file_request("repair", "路灯不亮已经三天", "13812345678", address="幸福路2号")
    clock.advance(days=7)
    app = console("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "q", "d")
        assert "Overdue: only overdue" in shown(app)
        table = app.screen.query_one("#requests")
        assert table.row_count == 1 and late["code"] in [str(k.value) for k in table.rows]
        await press(pilot, "w", "q")  # back to the counter and to the list again: filters kept
        assert screen_name(app) == "RequestsScreen" and "Overdue: only overdue" in shown(app)


async def test_ratings_show_once_submitted_with_their_follow_up(console, staffed, other):
    served = other.issue_ticket("social-security")
    other.call_next("1")
    other.finish("1")
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "v")
        assert screen_name(app) == "RatingsScreen"
        assert "这段时间没有收到评价" in shown(app)
        rating = other.rate(served["code"], 1, "等了太久")
        follow_up = rating["follow_up"]
        await until(pilot, lambda: "等了太久" in shown(app), seconds=1.0)
        text = shown(app)
        # The follow-up is a poor rating's case (差评整改): its stage is shown, not the request's status.
        assert "1 非常不满意" in text and f"{follow_up[:4]}-{follow_up[4:]} 整改 待分派" in text
        assert "共 1 条" in text and "回访 1 件" in text


async def test_report_shows_the_figures_of_kiosk_report(console, staffed, other, clock):
    for _ in range(3):
        other.issue_ticket("social-security")
    clock.advance(minutes=12)
    for _ in range(2):
        other.call_next("1")
        other.finish("1")
    app = console("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await press(pilot, "g")
        assert screen_name(app) == "ReportScreen"
        figures = report.build(staffed, clock.now().date(), clock.now().date())
        text = shown(app)
        assert "Waits through the day (median, 60-minute bars" in text
        assert figures["tickets"]["total"]["served"] == 2
        for line in report.wait_chart(figures["waits_by_hour"]["series"], width=10):
            assert line[:5] in text
        assert "09:00 " in text and "12.0 min  (2)" in text
        # the same tables as the CLI's
        totals = [line for line in text.splitlines() if line.lstrip("│┃ ").startswith("Total")]
        assert any("3" in line and "2" in line for line in totals)
        # the satisfaction figures too (nothing rated yet: no rate, and the two served counted)
        assert "Satisfaction rate" in text and "(0 of 0 rated 5 to 3" in text
        assert "Rating rate" in text and "0 rated of 2 served" in text
        await press(pilot, "m")
        assert "90th percentile" in shown(app)
        await press(pilot, "b")
        assert "30-minute bars" in shown(app)


def rendered(widget: Any, width: int) -> list[str]:
    """The lines of a Say widget's content drawn ``width`` cells wide, as the terminal shows them."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
async def test_report_and_ratings_fit_80x24_in_both_languages(console, staffed, other, clock, lang):
    for _ in range(3):
        other.issue_ticket("social-security")
    clock.advance(minutes=12)
    other.call_next("1")
    served = other.finish("1")
    comment = "等了很久才叫到号，希望高峰时段多开一个窗口，谢谢"
    other.rate(served["code"], 2, comment)
    app = console(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "g")
        body = app.screen.query_one("#report-body")
        width = body.scrollable_content_region.width
        assert body.show_vertical_scrollbar and width <= 77
        lines = rendered(app.screen.query_one("#report-tables"), width)
        assert all(cell_len(line) <= width for line in lines)
        # every row of figures on one line: each table's total row carries all of its figures
        total = "Total" if lang == "en" else "合计"
        totals = [line.split() for line in lines if line.startswith(total)]
        assert [len(row) for row in totals[:3]] == [8, 5, 8]  # tickets, times, appointments
        assert totals[0][1:] == ["3", "1", "0", "0", "2", "0", "0"]
        # headers wrap between words, never inside one
        header_words = "Issued Served Expired Recalls Transfers Attended Cancelled Staggered".split()
        if lang == "en":
            assert all(word in "\n".join(lines) for word in header_words)
        # only a name (the first column, at most 20 cells) may be cut short
        assert all(cell_len(line[: line.index("…")]) < 20 for line in lines if "…" in line)
        await press(pilot, "v")
        lines = rendered(app.screen.query_one("#ratings"), app.screen.query_one("#ratings-body").size.width)
        text = "\n".join(lines)
        name = "Social security & medical insurance" if lang == "en" else "社保医保"
        assert any(line.endswith(name) for line in lines), "the service's name is not cut"
        assert f"“{comment}”" in text.replace("\n", "").replace(" ", "") or comment[:10] in text
        assert "…" not in text
        follow_up = next(line for line in lines if "↳" in line)
        assert ("Case To assign" if lang == "en" else "整改 待分派") in follow_up  # a poor rating's case


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
async def test_the_report_s_chart_keeps_each_bar_on_its_line_at_80_columns(console, staffed, other, clock, lang):
    for _ in range(12):
        other.issue_ticket("social-security")
    clock.advance(minutes=170)  # long waits (three digits and a decimal) and ten calls in one bar: the widest lines
    for _ in range(10):
        other.call_next("1")
        other.finish("1")
    app = console(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await press(pilot, "g")
        for keys in ((), ("b",), ("b",), ("m",)):  # 60, 30 and 15-minute bars, then the 90th percentile
            await press(pilot, *keys)
            series = app.screen.data["waits_by_hour"]["series"]
            body = app.screen.query_one("#report-body")
            lines = rendered(app.screen.query_one("#report-chart"), body.scrollable_content_region.width)
            bars = [line for line in lines if re.match(r"\d\d:\d\d ", line)]
            # one line a bucket, each ending with its count: "(10)" never wraps onto a line of its own
            assert len(bars) == len(series) and all(line.endswith(")") for line in bars), lines
            assert any("(10)" in line for line in bars)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
async def test_the_state_line_fits_80_columns_in_the_evening_with_the_figures_in_plain_text(
    console, staffed, clock, lang
):
    clock.set(clock.now().replace(hour=19, minute=0))  # a weekday evening: appointments only
    app = console(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        state = app.screen.query_one("#counter-state")
        line = state.content
        assert ("Appointments only now." if lang == "en" else "仅接待预约") in line.plain
        assert state.size.height == 1 and cell_len(line.plain) <= state.size.width, line.plain
        # the mark, the counter's state and the hall's are tinted; the figures between them are not
        figures = line.plain.index("Served" if lang == "en" else "今日")
        assert line.get_style_at_offset(app.console, figures).color is None
        assert line.get_style_at_offset(app.console, 0).color is not None


async def test_views_switch_by_their_keys_and_escape_returns_to_the_counter(console, staffed):
    app = console()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        for key, name in (
            ("a", "AppointmentsScreen"),
            ("q", "RequestsScreen"),
            ("v", "RatingsScreen"),
            ("g", "ReportScreen"),
            ("w", "CounterScreen"),
            ("g", "ReportScreen"),
        ):
            await press(pilot, key)
            assert screen_name(app) == name
        await press(pilot, "escape")
        assert screen_name(app) == "CounterScreen"
        assert len(app.screen_stack) == 2


async def test_leaving_the_console_by_the_staff_key_signs_the_clerk_out(console, staffed):
    app = console("zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert staffed.session("1") is not None
        await pilot.press("f12")
        await settle(pilot)
        app.screen.query_one("#input-staff").value = "s01"
        app.screen.query_one("#input-pin").value = PIN
        app.screen.query_one("#input-pin").focus()
        await pilot.press("enter")
        await settle(pilot)
        kiosk = [o.value for o in app.screen.query_one("#sign-in").page_options()].index("kiosk") + 1
        await pilot.press(str(kiosk))
        await settle(pilot)
        assert app.current_mode == "kiosk" and screen_name(app) == "HomeScreen"
    assert staffed.session("1") is None
    assert [a for a, *_ in actions(staffed)][-1] == "sign_out"


async def test_a_note_is_written_internal_or_for_the_resident_and_the_history_says_which(console, staffed, other):
    code = other.file_request("repair", "楼道灯坏了，晚上很黑", "13812345678", address="幸福路1号")["code"]
    app = console()
    async with app.run_test(size=(80, 30)) as pilot:
        await sign_in(pilot)
        await press(pilot, "q", "enter")
        assert screen_name(app) == "RequestScreen"
        await press(pilot, "n")
        assert screen_name(app) == "NoteModal"
        text = shown(app)
        assert "● 内部：仅工作人员" in text and "○ 居民也可看到" in text and "备注（内部，仅工作人员可见）" in text
        await press(pilot, "f3")  # the resident will read this one
        text = shown(app)
        assert "○ 内部：仅工作人员" in text and "● 居民也可看到" in text and "备注（居民可见）" in text
        await press(pilot, *"明天上午上门", "enter")
        assert screen_name(app) == "RequestScreen" and "已添加备注，居民可见" in shown(app)
        # the other way of choosing: Tab to the choices, then a digit
        await press(pilot, "n", "f3", "f3", "tab")
        await press(pilot, "1")  # internal
        await press(pilot, *"该户曾多次投诉", "enter")
        text = shown(app)
        assert "[居民可见] 明天上午上门" in text and "[内部] 该户曾多次投诉" in text
        notes = [(e["note"], e["visible"]) for e in other.request_detail(code)["history"] if e["event"] == "note"]
        assert notes == [("明天上午上门", True), ("该户曾多次投诉", False)]
        public = other.status(code)["record"]["history"]
        assert [e.get("note") for e in public if e["event"] == "note"] == ["明天上午上门"]
