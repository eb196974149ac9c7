"""The counter console sees what other processes do within a second: a call made at another counter (another
process) leaves this counter's queue, and a ticket issued at a kiosk (another process) joins it, without any key
pressed at the console. The console polls the data file's version every 0.3 s and reads its view in a worker."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screens.app import make_app
from tests.multiproc.test_hall_processes import CONFIG, MONDAY, WORKER, open_hall
from tests.ui.conftest import settle, shown

pytestmark = pytest.mark.multiproc

PIN = "246813"
#: What "within one second" allows, measured from the other process's commit to the console showing it.
DEADLINE = 1.0


class OtherProcess:
    """``hall_worker.py`` doing one action on the same data file when told to."""

    def __init__(self, data: Path, *job: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(CONFIG), str(data), MONDAY, *job],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    async def line(self) -> str:
        """The worker's next line, read in a thread so that the console's event loop keeps running."""
        assert self.proc.stdout is not None
        return (await asyncio.wait_for(asyncio.to_thread(self.proc.stdout.readline), 60)).strip()

    async def run(self) -> dict:
        """Wait until it is ready, let it act, and return its report (with ``committed_at``, wall clock)."""
        assert await self.line() == "ready", self.proc.stderr.read() if self.proc.stderr else ""
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        return json.loads(await self.line())

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


async def seen_after(pilot, condition, committed_at: float) -> float:
    """Seconds from the other process's commit until ``condition()`` holds on screen (fails past the deadline)."""
    while not condition():
        if time.time() - committed_at > DEADLINE + 1:
            break
        await pilot.pause(0.01)
    return time.time() - committed_at


async def test_a_call_and_a_ticket_from_other_processes_show_within_a_second(tmp_path):
    data = tmp_path / "hall.json"
    hall = open_hall(data)
    hall.add_staff("s01", "王芳", PIN)
    for _ in range(3):
        hall.issue_ticket("social-security")
    app = make_app(hall.config, hall.store, hall.clock, mode="staff", lang="en", idle_check_seconds=600)
    caller = OtherProcess(data, "call_one", "6")
    kiosk = OtherProcess(data, "issue", "social-security", "1")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.screen.query_one("#input-staff").value = "s01"
            app.screen.query_one("#input-pin").value = PIN
            app.screen.sign_in("1")
            await settle(pilot)
            assert "A001" in shown(app) and "A004" not in shown(app)

            called = await caller.run()
            assert called["called"] == "A001"
            took = await seen_after(pilot, lambda: "A001" not in shown(app), called["committed_at"])
            assert took < DEADLINE, f"the call at counter 6 showed at counter 1 after {took:.2f} s"
            assert "A002" in shown(app)

            issued = await kiosk.run()
            assert issued["numbers"] == ["A004"]
            took = await seen_after(pilot, lambda: "A004" in shown(app), issued["committed_at"])
            assert took < DEADLINE, f"the kiosk's ticket showed at counter 1 after {took:.2f} s"
    finally:
        caller.close()
        kiosk.close()
