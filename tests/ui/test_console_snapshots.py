"""Snapshots of the counter console at 80x24, in both languages: what a clerk sees while serving a resident, with
a queue that has an appointment, a priority ticket and a transferred one. Codes are drawn from a seeded random
source here (they come from :mod:`secrets` in the hall), so the pictures do not change from run to run."""

from __future__ import annotations

import random
from datetime import time

import pytest

from kiosk import codes
from tests.ui.conftest import settle

PIN = "246813"


class SeededBytes:
    """``secrets.token_bytes`` from a seeded random source: each byte the index of a character picked with
    ``random.choice``, so the codes are those these pictures were first drawn with (one pick per character)."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def token_bytes(self, n: int) -> bytes:
        """``n`` bytes, each below the alphabet's length (none refused)."""
        return bytes(codes.ALPHABET.index(self._random.choice(codes.ALPHABET)) for _ in range(n))


@pytest.fixture
def busy_hall(hall, monkeypatch):
    """Counter 2 at 09:00 with A001 to call, then a checked-in appointment, a priority and a transferred ticket."""
    monkeypatch.setattr(codes, "secrets", SeededBytes(20261123))
    hall.add_staff("s02", "李强", PIN)
    hall.issue_ticket("social-security")
    hall.issue_ticket("elderly", priority=True)
    appointment = hall.book("social-security", hall.now().date(), time(9, 30), "张三", "13812345678")
    hall.check_in(appointment["code"], "5678")
    hall.issue_ticket("household")
    hall.call_next("3")
    hall.transfer("3", "social-security")
    hall.issue_ticket("social-security")
    return hall


async def serving(pilot) -> None:
    """Sign in at counter 2 and call the first resident."""
    await settle(pilot)
    pilot.app.screen.query_one("#input-staff").value = "s02"
    pilot.app.screen.query_one("#input-pin").value = PIN
    pilot.app.screen.sign_in("2")
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_counter_screen_serving(snap_compare, make_app, busy_hall, lang):
    app = make_app(lang, mode="staff")
    assert snap_compare(app, terminal_size=(80, 24), run_before=serving)


def test_sign_in_screen(snap_compare, make_app, busy_hall):
    app = make_app("en", mode="staff")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.fixture
def cases_hall(busy_hall):
    """Two services by s01 at counter 1 rated 1 and 2 (reasons given): two cases, one assigned to s02."""
    busy_hall.add_staff("s01", "王芳", PIN)
    session = busy_hall.sign_in("s01", PIN, "1")
    rated = []
    for _ in range(2):
        ticket = busy_hall.call_next("1", staff="s01")
        busy_hall.finish("1", staff="s01")
        rated.append(ticket)
    busy_hall.sign_out(session)
    first = busy_hall.rate(rated[0]["code"], 1, reasons=["slow", "attitude"])
    busy_hall.rate(rated[1]["code"], 2, "窗口说明不清楚", reasons=["unclear"])
    busy_hall.assign_case(first["follow_up"], "s02", staff="s02")
    return busy_hall


async def case_list(pilot) -> None:
    """Sign in at counter 2 and open the cases of poor ratings."""
    await settle(pilot)
    pilot.app.screen.query_one("#input-staff").value = "s02"
    pilot.app.screen.query_one("#input-pin").value = PIN
    pilot.app.screen.sign_in("2")
    await settle(pilot)
    await pilot.press("z")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_case_list(snap_compare, make_app, cases_hall, lang):
    app = make_app(lang, mode="staff")
    assert snap_compare(app, terminal_size=(80, 24), run_before=case_list)
