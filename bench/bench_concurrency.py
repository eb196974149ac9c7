"""Several processes issuing tickets on one data file at once: throughput, latency, and no duplicate or gap.

Each worker is a separate process (``spawn``: nothing shared but the files) with its own :class:`Hall` on the
same durable data file, a fixed clock at 09:30 on a working Monday, and the walk-in services in turn (each
worker starting at a different one, so they contend for the same numbers). A ticket is issued through
``Hall.write`` with :func:`kiosk.queue.new_ticket`: the same transaction as ``Hall.issue_ticket`` (lock, load,
wait estimate, numbering, fresh code, durable commit) without the opening-hours and past-closing checks, because
400 residents waiting at one instant are more than a day's counters could serve and the real rule would refuse
most of them.

Afterwards the file is checked: as many tickets as were issued, every ticket number used once, and for every
letter the numbers run 1..n without a gap.

Run: ``python bench/bench_concurrency.py [--procs 4] [--tickets 100] [--days 0]``. This is a benchmark that
prints a table, not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import bench_morning, config, print_table, summary

from kiosk import demo, queue
from kiosk.clock import FixedClock
from kiosk.hall import Hall


def worker(path: str, morning_iso: str, index: int, count: int, barrier: Any, results: Any) -> None:
    """Issue ``count`` tickets as fast as possible once every worker is ready; report timings and keys."""
    from datetime import datetime

    cfg = config()
    hall = Hall.open(cfg, clock=FixedClock(datetime.fromisoformat(morning_iso)), data_path=path, durable=True)
    services = [s for s in cfg.services if s.walk_in]
    latencies, keys = [], []
    barrier.wait()
    started = time.perf_counter()
    for n in range(count):
        service = services[(index + n) % len(services)]
        began = time.perf_counter()
        ticket = hall.write(lambda tx, ctx: queue.new_ticket(tx, ctx, service))
        latencies.append(time.perf_counter() - began)
        keys.append(ticket["key"])
    results.put((index, started, time.perf_counter(), latencies, keys))


def run(path: Path, morning: Any, procs: int, count: int) -> dict[str, Any]:
    """Start ``procs`` workers on ``path`` and gather what they did."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(procs)
    results = context.Queue()
    workers = [
        context.Process(target=worker, args=(str(path), morning.isoformat(), i, count, barrier, results))
        for i in range(procs)
    ]
    for process in workers:
        process.start()
    reports = [results.get(timeout=600) for _ in workers]
    for process in workers:
        process.join()
        if process.exitcode:
            raise SystemExit(f"worker {process.pid} failed with exit code {process.exitcode}")
    latencies = [s for report in reports for s in report[3]]
    keys = [k for report in reports for k in report[4]]
    wall = max(r[2] for r in reports) - min(r[1] for r in reports)
    return {"wall": wall, "latencies": latencies, "keys": keys, "verdict": verify(path, morning, keys)}


def verify(path: Path, morning: Any, keys: list[str]) -> str:
    """ "ok" when the file holds exactly the issued tickets, each number once and no gap per letter."""
    hall = Hall.open(config(), clock=FixedClock(morning), data_path=str(path), durable=False)
    day = morning.date().isoformat()
    with hall.store.snapshot() as tx:
        tickets = tx.find(queue.TICKETS, lambda doc: doc["day"] == day)
    problems = []
    stored = [t["key"] for t in tickets]
    if len(keys) != len(set(keys)):
        problems.append(f"{len(keys) - len(set(keys))} numbers handed out twice")
    if sorted(stored) != sorted(keys):
        problems.append(f"{len(stored)} tickets in the file for {len(keys)} issued")
    if len({t["code"] for t in tickets}) != len(tickets):
        problems.append("duplicate codes")
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for ticket in tickets:
        by_prefix[ticket["prefix"]].append(ticket["seq"])
    for prefix, seqs in sorted(by_prefix.items()):
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            problems.append(f"{prefix}: numbers not 1..{len(seqs)}")
    return "ok: no duplicate, no gap" if not problems else "FAILED: " + "; ".join(problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procs", type=int, default=4, help="concurrent processes (default 4)")
    parser.add_argument("--tickets", type=int, default=100, help="tickets per process (default 100)")
    parser.add_argument("--days", type=int, default=0, help="days of demo history in the file first (default 0)")
    args = parser.parse_args()
    cfg = config()
    morning = bench_morning(cfg)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kiosk-concurrency-") as folder:
        template = Path(folder) / "template"
        hall = Hall.open(cfg, clock=FixedClock(morning), data_path=str(template / "hall.json"), durable=True)
        demo.generate(hall, args.days)
        hall.close_days()
        hot_kb = hall.store.path.stat().st_size / 1024
        total = args.procs * args.tickets
        for procs in sorted({1, args.procs}):
            copy = Path(folder) / f"run-{procs}"
            shutil.copytree(template, copy)
            outcome = run(copy / "hall.json", morning, procs, total // procs)
            median, p90 = summary(outcome["latencies"])
            rows.append(
                [
                    procs,
                    total // procs,
                    args.days,
                    f"{hot_kb:.1f}",
                    len(outcome["keys"]),
                    f"{outcome['wall']:.2f}",
                    f"{len(outcome['keys']) / outcome['wall']:.0f}",
                    median,
                    p90,
                    max(outcome["latencies"]) * 1000,
                    outcome["verdict"],
                ]
            )
    print(f"Issuing on one durable data file at {morning:%A %Y-%m-%d %H:%M}; the 1-process row is the baseline.")
    print_table(
        "Concurrent issuing",
        [
            "processes",
            "tickets each",
            "history days",
            "hot-file KB",
            "issued",
            "wall s",
            "tickets/s",
            "median ms",
            "p90 ms",
            "max ms",
            "verification",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
