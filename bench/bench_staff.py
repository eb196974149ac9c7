"""The counter console and the board: PIN hashing and sign-in cost, and the read models on a history.

First table: what one PIN costs with the production scrypt parameters (hash when an account is made or its PIN
changed, verify at every sign-in), and a whole ``Hall.sign_in`` (snapshot, scrypt outside the lock, one
transaction) for a right PIN, a wrong PIN and an unknown id. The last two should match: that is what keeps ids
from being enumerated by timing.

Second table: each view the console and the board poll, on a data file holding ``--days`` days of demo history
(``kiosk.demo.generate``) plus a busy morning (120 tickets, 60 of them called). "warm" reads a file this
process has already read (nothing changed since); "cold" reads right after another ``Hall`` on the same file
committed a change (a ticket issued), which is what a screen meets after every action elsewhere in the hall:
(tickets are written with :func:`kiosk.queue.new_ticket`, as in ``bench_concurrency.py``, without the
past-closing rule that would refuse hundreds of residents at one instant)
the file must be read again and the tables the view needs parsed. ``version`` is the poll itself (one
``stat``).

Run: ``python bench/bench_staff.py [--days 30] [--reps 50]``. This is a benchmark that prints a table, not a
test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import bench_morning, config, print_table, summary

from kiosk import demo, queue, staff
from kiosk.clock import FixedClock
from kiosk.errors import Refused
from kiosk.hall import Hall

PIN = "480316"


def timed(action: Callable[[], Any], reps: int, before: Callable[[], Any] | None = None) -> list[float]:
    """Wall time of ``action`` ``reps`` times (``before`` runs untimed ahead of each)."""
    found = []
    for _ in range(reps):
        if before is not None:
            before()
        began = time.perf_counter()
        action()
        found.append(time.perf_counter() - began)
    return found


def issue(hall: Hall, service: str) -> None:
    """A walk-in ticket without the opening-hours and past-closing checks."""
    hall.write(lambda tx, ctx: queue.new_ticket(tx, ctx, ctx.config.service(service)))


def refused(action: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        try:
            action()
        except Refused:
            pass

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--reps", type=int, default=50)
    args = parser.parse_args()
    cfg = config()
    morning = bench_morning(cfg)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-staff-") as folder:
        path = str(Path(folder) / "hall.json")
        clock = FixedClock(morning)
        hall = Hall.open(cfg, clock=clock, data_path=path, durable=True)
        demo.generate(hall, args.days)
        hall.add_staff("b01", "王芳", PIN)
        services = [s.id for s in cfg.services if s.walk_in]
        for n in range(120):
            issue(hall, services[n % len(services)])
        for n in range(60):
            counter = cfg.counters[n % len(cfg.counters)].id
            hall.call_next(counter)
            if n < 54:
                hall.finish(counter)
        hot_kb = Path(path).stat().st_size / 1024

        record = staff.hash_pin(PIN)
        # Interleaved, so that a busy moment of the machine weighs on the three alike; the right PIN after each
        # wrong one resets the count, so b01 never locks.
        attempts: dict[str, list[float]] = {"right": [], "wrong": [], "unknown": []}
        for _ in range(args.reps // 2):
            attempts["wrong"] += timed(refused(lambda: hall.sign_in("b01", "739146", "2")), 1)
            attempts["unknown"] += timed(refused(lambda: hall.sign_in("nobody", "739146", "2")), 1)
            attempts["right"] += timed(lambda: hall.sign_in("b01", PIN, "1"), 1)
        pins = [
            ["hash a new PIN", *summary(timed(lambda: staff.hash_pin(PIN), args.reps // 2))],
            ["verify a PIN", *summary(timed(lambda: staff.verify_pin(PIN, record), args.reps // 2))],
            ["sign_in, right PIN", *summary(attempts["right"])],
            ["sign_in, wrong PIN", *summary(attempts["wrong"])],
            ["sign_in, unknown id", *summary(attempts["unknown"])],
        ]
        print_table(
            f"PIN and sign-in, scrypt {staff.SCRYPT_PARAMS}, durable store", ["operation", "median ms", "p90 ms"], pins
        )

        writer = Hall.open(cfg, clock=clock, data_path=path, durable=True)
        code = hall.requests_view()["requests"][0]["code"]
        views: dict[str, Callable[[], Any]] = {
            "version": hall.version,
            "counter_view('6')": lambda: hall.counter_view("6"),
            "board_view(since=0)": lambda: hall.board_view(since=0),
            "appointments_view()": hall.appointments_view,
            "requests_view()": hall.requests_view,
            "request_detail(code)": lambda: hall.request_detail(code),
            "ratings_view(days=7)": lambda: hall.ratings_view(days=7),
            "ratings_view(days=30)": lambda: hall.ratings_view(days=30),
            "overview()": hall.overview,
        }
        rows = []
        for name, view in views.items():
            warm = timed(view, args.reps, before=view)
            cold = timed(view, args.reps, before=lambda: issue(writer, "general"))
            rows.append([name, *summary(warm), *summary(cold)])
        print_table(
            f"Views on {args.days} days of history, hot file {hot_kb:.0f} KB, "
            f"{len(hall.store.archive.days())} archived days",
            ["view", "warm median ms", "p90 ms", "cold median ms", "p90 ms"],
            rows,
        )


if __name__ == "__main__":
    main()
