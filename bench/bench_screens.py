"""What a commit costs the screens that show it: the counter console and the display board, each running headless
(``app.run_test()``) in a process of its own on a data file with 1,500 tickets issued that day, while this process
commits through a second :class:`~kiosk.hall.Hall` on the same file (issue, call, finish, in turn). Also what the
kiosk's home screen costs while nothing happens.

CPU is the child process's own (``utime + stime`` from ``/proc/<pid>/stat``: every thread, the event loop and
the read workers alike), read before and after the commits, minus an idle control of the same length measured in
the same child just before (the clock ticking, the watcher looking). The baseline is a bare Textual app in the same
kind of process: a ``Static`` per line of a screen of the same size, all updated after each commit (it notices a
commit the way the app does, one ``stat`` every 0.25 s), which is what "repaint the whole screen" costs at the
least. Run: ``python bench/bench_screens.py [--commits 40] [--gap 0.5] [--idle 30]``. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import bench_morning, config, print_table

from kiosk import demo, queue
from kiosk.clock import FixedClock
from kiosk.hall import Hall

#: Tickets issued on the benchmark day before the timed commits, and how many of them are still waiting.
TICKETS = 1500
WAITING = 150
#: The console's counter (its clerk is the demo account s01) and the counter the other commits happen at.
CONSOLE_COUNTER, OTHER_COUNTER = "1", "4"
#: Terminal sizes: a clerk's terminal and a wall screen.
SIZES = {"console": (120, 36), "board": (160, 48), "home": (80, 24), "baseline-console": (120, 36)}
#: Targets: CPU per commit (ms) in a running console and board; the kiosk home idle (% of a core).
TARGETS = {"console": 8.0, "board": 5.0, "home": 0.5}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------------------------- the data file


def fill(path: str, at: datetime, days: int) -> None:
    """A hall with ``days`` days of demo history and, on ``at``'s day, 1,500 tickets issued from 09:00 on, all
    but 150 served by the six counters."""
    cfg = config()
    start = at.replace(hour=9, minute=0)
    clock = FixedClock(start)
    hall = Hall.open(cfg, clock=clock, data_path=path, durable=False, create=True)
    demo.generate(hall, days)
    demo.add_staff(hall)
    hall.close_days()
    walk_ins = [s for s in cfg.services if s.walk_in]
    counters = [c.id for c in cfg.counters]
    batch = 50
    step = (at - start) / (TICKETS // batch)
    served = 0
    for n in range(0, TICKETS, batch):
        clock.set(start + step * (n // batch))

        def issue(tx: Any, ctx: Any, n: int = n) -> None:
            for k in range(batch):
                queue.new_ticket(tx, ctx, walk_ins[(n + k) % len(walk_ins)])

        hall.write(issue)
        goal = (n + batch) * (TICKETS - WAITING) // TICKETS

        def serve(tx: Any, ctx: Any) -> int:
            done = 0
            while served + done < goal:
                progressed = False
                for counter in counters:
                    if served + done >= goal:
                        break
                    if queue.call_next(tx, ctx, counter) is not None:
                        queue.finish(tx, ctx, counter)
                        done += 1
                        progressed = True
                if not progressed:
                    break
            return done

        served += hall.write(serve)
    clock.set(at)
    hall.set_counter(OTHER_COUNTER, "open")


def commit(writer: Hall, n: int) -> None:
    """The ``n``-th timed commit: issue a ticket (for the console's service, then another), call, finish."""
    kind = n % 4
    if kind == 0:
        writer.write(lambda tx, ctx: queue.new_ticket(tx, ctx, ctx.config.service("social-security")))
    elif kind == 1:
        writer.write(lambda tx, ctx: queue.new_ticket(tx, ctx, ctx.config.service("household")))
    elif kind == 2:
        writer.call_next(OTHER_COUNTER)
    else:
        writer.finish(OTHER_COUNTER)


# --------------------------------------------------------------------------------------------- the child


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User plus system CPU so far of every thread of ``pid`` (ended ones included), and of its main thread (the
    event loop)."""
    found = []
    for stat in (Path(f"/proc/{pid}/stat"), Path(f"/proc/{pid}/task/{pid}/stat")):
        fields = stat.read_text().rsplit(")", 1)[1].split()
        found.append((int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return found[0], found[1]


async def child(mode: str, path: str, now: str) -> None:
    """Run one face headless until stdin closes; say "ready" once it shows its data."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from screens.app import make_app

    cfg = config()
    clock = FixedClock(datetime.fromisoformat(now))
    # Stop when stdin closes, woken by the thread that reads it: no polling, whose wake-ups (20 a second) cost the
    # idle kiosk more than the kiosk itself.
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
    if mode.startswith("baseline"):
        width, height = SIZES[mode]
        hall = Hall.open(cfg, clock=clock, data_path=path, durable=False)

        class Baseline(App[None]):
            """A Static per line, every one updated when the file changed (one stat per 0.25 s, as the app)."""

            def compose(self) -> ComposeResult:
                for _ in range(height):
                    yield Static("")

            def on_mount(self) -> None:
                self.seen = ""
                self.updates = 0
                self.set_interval(0.25, self.look)

            def look(self) -> None:
                version = hall.version()
                if version != self.seen:
                    self.seen = version
                    self.updates += 1
                    for n, line in enumerate(self.query(Static)):
                        line.update(f"{n:3d} {self.updates:5d} {version} " + "x" * (width - 60))

        app: Any = Baseline()
        ready = lambda: app.updates > 0  # noqa: E731
    else:
        hall = Hall.open(cfg, clock=clock, data_path=path, durable=False)
        face = {"console": "staff", "board": "board", "home": "kiosk"}[mode]
        app = make_app(cfg, hall.store, clock, mode=face, lang="zh-Hans", idle_check_seconds=3600)
        if mode == "console":
            session = hall.sign_in("s01", demo.DEMO_PIN, CONSOLE_COUNTER)
            ready = lambda: type(app.screen).__name__ == "CounterScreen" and app.screen.data is not None  # noqa: E731
        elif mode == "board":
            ready = lambda: getattr(app.screen, "view", None) is not None  # noqa: E731
        else:
            ready = lambda: getattr(app.screen, "overview", None) is not None  # noqa: E731
    async with app.run_test(size=SIZES[mode]) as pilot:
        if mode == "console":
            await pilot.pause()
            app.go("console-counter", session)
        while not ready():
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        print("ready", flush=True)
        await stop.wait()


# --------------------------------------------------------------------------------------------- the parent


class Face:
    """One face running in a child process."""

    def __init__(self, mode: str, path: str, now: datetime) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--child", mode, "--data", path, "--now", now.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"{mode} did not start")

    def cpu(self) -> tuple[float, float]:
        return cpu_seconds(self.process.pid)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(10)


def per_commit(
    mode: str, path: str, now: datetime, writer: Hall, commits: int, gap: float, first: int
) -> tuple[float, float]:
    """Milliseconds of the child's CPU per commit, less its idle CPU over as long: the whole process, and its
    event loop alone (the rest is the read workers and the watcher)."""
    face = Face(mode, path, now)
    try:
        time.sleep(1.0)  # settle: the first reads' garbage, the first ticks
        began, idle_start = time.monotonic(), face.cpu()
        time.sleep(commits * gap)
        idle_end = face.cpu()
        idle_seconds = time.monotonic() - began
        began, start = time.monotonic(), face.cpu()
        for n in range(commits):
            commit(writer, first + n)
            time.sleep(max(0.0, began + (n + 1) * gap - time.monotonic()))
        time.sleep(gap)  # the last commit's read and repaint
        end = face.cpu()
        busy_seconds = time.monotonic() - began
    finally:
        face.close()
    share = busy_seconds / idle_seconds
    return tuple(  # type: ignore[return-value]
        max(0.0, (end[k] - start[k]) - (idle_end[k] - idle_start[k]) * share) * 1000 / commits for k in (0, 1)
    )


def idle_share(path: str, now: datetime, seconds: float) -> float:
    """Per cent of a core the kiosk home takes while nothing happens."""
    face = Face("home", path, now)
    try:
        time.sleep(2.0)
        began, start = time.monotonic(), face.cpu()
        time.sleep(seconds)
        return (face.cpu()[0] - start[0]) / (time.monotonic() - began) * 100
    finally:
        face.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=40, help="timed commits per face (default 40)")
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between commits (default 0.5)")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of the home's idle measurement")
    parser.add_argument("--days", type=int, default=3, help="days of demo history before the day (default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(child(args.child, args.data, args.now))
        return
    cfg = config()
    at = bench_morning(cfg).replace(hour=15, minute=0)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-screens-") as folder:
        path = str(Path(folder) / "hall.json")
        fill(path, at, args.days)
        writer = Hall.open(cfg, clock=FixedClock(at), data_path=path, durable=False)
        kb = Path(path).stat().st_size / 1024
        print(
            f"{at:%A %Y-%m-%d %H:%M}: {TICKETS} tickets issued today, {WAITING} waiting; hot file {kb:.0f} KB; "
            f"{args.commits} commits {args.gap} s apart (issue, issue, call, finish), at counter {OTHER_COUNTER}; "
            f"the console is signed in at counter {CONSOLE_COUNTER}."
        )
        rows: list[list[object]] = []
        first = 0
        for mode in ("baseline-console", "console", "board"):
            whole, loop = per_commit(mode, path, at, writer, args.commits, args.gap, first)
            first += args.commits
            target = TARGETS.get(mode)
            rows.append(
                [mode, "CPU ms per commit", whole, loop, whole - loop, "" if target is None else f"<= {target:.1f}"]
            )
        share = idle_share(path, at, args.idle)
        rows.append(["home", f"% of a core, idle {args.idle:.0f} s", share, "", "", f"<= {TARGETS['home']:.1f}"])
        print_table(
            "Screens: CPU per commit, and idle",
            ["face", "measure", "whole process", "event loop", "workers", "target"],
            rows,
        )


if __name__ == "__main__":
    main()
