"""A counter's rating pad and its clerk in two processes on one data file: the clerk's finish in one process makes
the pad in the other ask within a second, and the resident's answer on the pad lands in the store as a pad rating
of that clerk, read back by a third hall on the file.

The pad runs here under Pilot with its real watcher (a look every 0.25 s); the clerk is ``hall_worker.py
finish_one``, which calls the next resident and finishes them as the console would.
"""

from __future__ import annotations

import time

import pytest

from kiosk.ratings import RATINGS
from screens.app import make_app
from screens.pad import PadScreen
from tests.multiproc.test_console_processes import DEADLINE, OtherProcess
from tests.multiproc.test_hall_processes import open_hall
from tests.ui.conftest import press, settle

pytestmark = pytest.mark.multiproc

PIN = "246813"


async def test_a_finish_in_another_process_asks_at_the_pad_and_the_rating_lands_with_the_clerk(tmp_path):
    data = tmp_path / "hall.json"
    hall = open_hall(data)
    hall.add_staff("s01", "王芳", PIN)
    hall.sign_in("s01", PIN, "1")
    hall.issue_ticket("social-security")
    app = make_app(hall.config, hall.store, hall.clock, mode="pad", counter="1", idle_check_seconds=600)
    clerk = OtherProcess(data, "finish_one", "1", "s01")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PadScreen) and screen.step == "idle" and screen.started

            finished = await clerk.run()
            assert finished["finished"] == "A001"
            while screen.step != "level" and time.time() - finished["committed_at"] < DEADLINE + 1:
                await pilot.pause(0.01)
            took = time.time() - finished["committed_at"]
            assert screen.step == "level", f"the pad did not ask within {took:.2f} s"
            assert took < DEADLINE, f"the finish in the other process reached the pad after {took:.2f} s"
            assert screen.asking is not None and screen.asking["code"] == finished["code"]

            await press(pilot, "4")
            assert screen.step == "thanks"
    finally:
        clerk.close()
    with open_hall(data).store.snapshot() as tx:  # another hall on the file: what every process reads
        rating = tx.get(RATINGS, f"rating:{finished['code']}")
    assert rating is not None
    assert (rating["level"], rating["channel"], rating["clerk"], rating["counter"]) == (4, "pad", "s01", "1")
