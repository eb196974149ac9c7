"""How quickly the resident kiosk answers, driven headless by Textual's Pilot on 30 days of demo history.

Measures (median and 90th percentile over N runs): start to a home screen showing the queues; one whole
walk-in ticket flow (home -> service -> standard -> slip) and one booking flow (home -> service -> day -> part
-> slot -> name/phone -> code), keypress to screen; a language switch with five screens on the stack; and the
home refresh (the lock-free overview read, off the event loop). Run: ``python bench/bench_kiosk.py [N]``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from _common import bench_morning, config, summary  # noqa: F401  (sets sys.path)

from kiosk.app import HallApp
from kiosk.clock import FixedClock
from kiosk.demo import generate
from kiosk.hall import Hall


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def run(hall: Hall, runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"start to home": [], "ticket flow": [], "booking flow": [],
                                       "language switch (5 screens)": [], "home refresh": []}
    for n in range(runs):
        app = HallApp(hall, lang="zh-Hans", slip_seconds=600, refresh_seconds=600, idle_check_seconds=600)
        started = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            timings["start to home"].append(time.perf_counter() - started)
            home = app.screen
            t = time.perf_counter()
            home.load()
            await settle(pilot)
            timings["home refresh"].append(time.perf_counter() - t)
            t = time.perf_counter()
            for key in ("1", "1", "1"):
                await pilot.press(key)
                await settle(pilot)
            assert type(app.screen).__name__ == "SlipScreen"
            timings["ticket flow"].append(time.perf_counter() - t)
            await pilot.press("enter")
            await settle(pilot)
            t = time.perf_counter()
            for key in ("2", "1", "3", "1"):
                await pilot.press(key)
                await settle(pilot)
            free = next(i for i, o in enumerate(app.screen.query_one("#slots").visible(), 1) if o.enabled)
            await pilot.press(str(free))
            await settle(pilot)
            app.screen.query_one("#input-name").value = "张三"
            app.screen.query_one("#input-phone").value = f"138{n:08d}"
            app.screen.query_one("#input-phone").focus()
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "DoneScreen", type(app.screen).__name__
            timings["booking flow"].append(time.perf_counter() - t)
            await pilot.press("enter")
            await settle(pilot)
            for key in ("2", "1", "3", "1"):
                await pilot.press(key)
                await settle(pilot)
            t = time.perf_counter()
            await pilot.press("f2")
            await settle(pilot)
            timings["language switch (5 screens)"].append(time.perf_counter() - t)
    return timings


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cfg = config()
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(bench_morning(cfg), cfg.timezone)
        hall = Hall.open(cfg, clock=clock, data_path=str(Path(folder) / "hall.json"), durable=True)
        generate(hall, 30)
        timings = asyncio.run(run(hall, runs))
    print(f"Resident kiosk, headless at 80x24, 30 days of demo history, {runs} runs (ms)")
    print(f"{'step':<30} {'median':>8} {'p90':>8}")
    for name, seconds in timings.items():
        median, p90 = summary(seconds)
        print(f"{name:<30} {median:8.1f} {p90:8.1f}")


if __name__ == "__main__":
    main()
