"""How quickly the resident kiosk answers a key, driven headless by Textual's Pilot on 30 days of demo history.

Each step is timed from the key press until the next screen is up with its data shown (its domain call done,
polled every millisecond), so the figure is what a resident waits, not test-harness settling. Also: start to a
home screen showing the queues, and a language switch with five screens on the stack. Run:
``python bench/bench_kiosk.py [N]`` (N runs, default 10).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_morning, config, print_table, summary

from kiosk.clock import FixedClock
from kiosk.demo import generate
from kiosk.hall import Hall
from screens.app import HallApp, make_app


async def until(app: HallApp, ready: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait (polling every millisecond) until ``ready()`` holds and no worker is running."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if ready() and not any(w.is_running for w in app.workers):
            return
        await asyncio.sleep(0.001)
    raise TimeoutError("the kiosk did not get there")


def on(app: HallApp, name: str) -> Callable[[], bool]:
    return lambda: type(app.screen).__name__ == name and app.screen.is_mounted


async def step(pilot, key: str, ready: Callable[[], bool], into: list[float]) -> None:
    started = time.perf_counter()
    await pilot.press(key)
    await until(pilot.app, ready)
    into.append(time.perf_counter() - started)


async def run(hall: Hall, runs: int) -> dict[str, list[float]]:
    t: dict[str, list[float]] = {
        name: []
        for name in (
            "start to home with queues",
            "a key that does nothing (harness)",
            "home -> services (reads queues)",
            "service -> documents",
            "standard -> ticket slip (writes)",
            "service -> days (reads 15 days)",
            "day -> parts of day",
            "part -> slots",
            "Enter -> booked (writes)",
            "language switch, 5 screens",
        )
    }
    for n in range(runs):
        app = make_app(hall.config, hall.store, hall.clock, lang="zh-Hans", slip_seconds=600, idle_check_seconds=600)
        started = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            await until(app, lambda: type(app.screen).__name__ == "HomeScreen" and app.screen.overview is not None)
            t["start to home with queues"].append(time.perf_counter() - started)
            home = app.screen
            await step(pilot, "9", lambda: app.screen is home, t["a key that does nothing (harness)"])
            await step(pilot, "1", on(app, "TicketServiceScreen"), t["home -> services (reads queues)"])
            await step(pilot, "1", on(app, "TicketConfirmScreen"), t["service -> documents"])
            await step(pilot, "1", on(app, "SlipScreen"), t["standard -> ticket slip (writes)"])
            await pilot.press("enter")
            await until(app, lambda: app.screen is home)
            await pilot.press("2")
            await until(app, on(app, "BookServiceScreen"))
            await step(
                pilot,
                "1",
                lambda: on(app, "BookDayScreen")() and bool(app.screen.query_one("#days").options),
                t["service -> days (reads 15 days)"],
            )
            await step(
                pilot,
                "3",
                lambda: on(app, "BookSlotScreen")() and bool(app.screen.query_one("#slots").options),
                t["day -> parts of day"],
            )
            await step(
                pilot,
                "1",
                lambda: (
                    on(app, "BookSlotScreen")()
                    and app.screen.part is not None
                    and bool(app.screen.query_one("#slots").options)
                ),
                t["part -> slots"],
            )
            free = next(i for i, o in enumerate(app.screen.query_one("#slots").visible(), 1) if o.enabled)
            await pilot.press(str(free))
            await until(app, on(app, "BookContactScreen"))
            app.screen.query_one("#input-name").value = "张三"
            app.screen.query_one("#input-phone").value = f"138{n:08d}"
            app.screen.query_one("#input-phone").focus()
            await step(pilot, "enter", on(app, "DoneScreen"), t["Enter -> booked (writes)"])
            await pilot.press("enter")
            await until(app, lambda: app.screen is home)
            for key, name in (("2", "BookServiceScreen"), ("1", "BookDayScreen"), ("3", "BookSlotScreen")):
                await pilot.press(key)
                await until(app, on(app, name))
            started = time.perf_counter()
            await pilot.press("f2")
            await until(app, lambda: app.lang == "en")
            await pilot.pause()
            t["language switch, 5 screens"].append(time.perf_counter() - started)
    return t


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cfg = config()
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(bench_morning(cfg), cfg.timezone)
        hall = Hall.open(cfg, clock=clock, data_path=str(Path(folder) / "hall.json"), durable=True, create=True)
        generate(hall, 30)
        timings = asyncio.run(run(hall, runs))
    rows = [[name, *(f"{v:.1f}" for v in summary(seconds))] for name, seconds in timings.items()]
    print_table(
        f"Resident kiosk, headless 80x24, 30 days of demo history, durable writes, {runs} runs (ms)",
        ["key -> screen shown", "median", "p90"],
        rows,
    )


if __name__ == "__main__":
    main()
