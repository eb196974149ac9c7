"""What a printer costs the resident: the time from the key that takes a ticket to the slip on screen, with no
printer (the kiosk as before), with a working printer and with a dead one (connection refused).

Headless with Textual's Pilot on a fresh training hall; each ticket is timed from the key press until the
SlipScreen is mounted showing the number (polled every millisecond), which is what the resident waits for. The
printing itself runs after that, in the app's worker; each round waits for it to end (untimed) before the next
ticket, so that one slip's printing never overlaps the next measurement. The three kinds of terminal take
turns, ticket by ticket, so a busy machine slows all three alike. The working printer is a fake ESC/POS printer
on 127.0.0.1 (tests/fake_printer.py) that reads every byte and answers the paper sensor.

Run: ``python bench/bench_print.py [N]`` (N tickets per kind, default 40).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, bench_morning, config, print_table, summary

sys.path.insert(0, str(REPO / "tests"))

from fake_printer import FakePrinter, refused_port  # noqa: E402

from kiosk.clock import FixedClock  # noqa: E402
from kiosk.hall import Hall  # noqa: E402
from kiosk.terminals import PrinterProfile, Terminal  # noqa: E402
from screens.app import HallApp, make_app  # noqa: E402


async def ticket(app: HallApp, pilot) -> float:
    """From home: service 1, standard ticket; the seconds from the last key to the slip on screen."""
    for key in ("1", "1"):
        await pilot.press(key)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    started = time.perf_counter()
    await pilot.press("1")
    while not (type(app.screen).__name__ == "SlipScreen" and app.screen.is_mounted and app.screen.query("#number")):
        if time.perf_counter() - started > 10:
            raise TimeoutError(f"no slip: the kiosk shows {type(app.screen).__name__}")
        await asyncio.sleep(0.001)
    took = time.perf_counter() - started
    await app.workers.wait_for_complete()  # the printing (untimed)
    await pilot.pause()
    await pilot.press("escape")  # home
    await pilot.pause()
    await app.workers.wait_for_complete()
    # Serve it at once, so the queue never grows past closing time (a refusal instead of a slip).
    app.hall.call_next("1")
    app.hall.finish("1")
    return took


async def block(hall: Hall, terminal: Terminal | None, count: int, into: list[float]) -> None:
    """``count`` tickets at a kiosk started with ``terminal``'s profile."""
    app = make_app(hall.config, hall.store, hall.clock, terminal=terminal, slip_seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(count):
            into.append(await ticket(app, pilot))


async def measure(
    hall: Hall, kinds: dict[str, Terminal | None], runs: int, per_block: int = 10
) -> dict[str, list[float]]:
    """Blocks of ``per_block`` tickets, the kinds taking turns, until each has ``runs``. The order of the kinds
    turns by one each round, so each kind takes each place in a round equally often: a fixed order measured the
    kind that ran first in a round about 15 ms faster than the others, a terminal with a profile and no printer
    included (whatever the place costs: the previous kiosk's clean-up, the collector), and that was read as the
    printer's cost."""
    times: dict[str, list[float]] = {name: [] for name in kinds}
    order = list(kinds)
    while any(len(seconds) < runs for seconds in times.values()):
        for name in order:
            if len(times[name]) < runs:
                await block(hall, kinds[name], min(per_block, runs - len(times[name])), times[name])
        order = order[1:] + order[:1]
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    cfg = config()
    working = FakePrinter()
    try:
        with tempfile.TemporaryDirectory() as folder:
            clock = FixedClock(bench_morning(cfg))
            # fsync off: the disk is shared with other work, and what is compared here is the kiosk, not the disk
            hall = Hall.open(
                cfg, clock=clock, data_path=str(Path(folder) / "hall.json"), create=True, training=True, durable=False
            )
            hall.set_counter("1", "open")
            dead = PrinterProfile(connection="network", host="127.0.0.1", port=refused_port(), timeout_seconds=1.0)
            kinds = {
                "no printer": None,
                "profile without printer": Terminal(id="K3", mode="kiosk"),
                "working printer": Terminal(id="K1", mode="kiosk", printer=working.profile(timeout_seconds=3.0)),
                "dead printer": Terminal(id="K2", mode="kiosk", printer=dead),
            }
            times = asyncio.run(measure(hall, kinds, runs))
            printed = len(working.jobs)
    finally:
        working.stop()
    base = summary(times["no printer"])
    rows = []
    for name, seconds in times.items():
        median, p90 = summary(seconds)
        rows.append([name, len(seconds), median, p90, median - base[0], p90 - base[1]])
    print_table(
        f"Key to ticket slip on screen, ms ({runs} tickets each; {printed} slips printed by the fake printer)",
        ["terminal", "n", "median", "p90", "median vs none", "p90 vs none"],
        rows,
    )


if __name__ == "__main__":
    main()
