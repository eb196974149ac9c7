"""Several processes issuing tickets on one data file at once: throughput, latency, and no duplicate or gap.

Each worker is a separate process (``spawn``: nothing shared but the files) with its own :class:`Hall` on the
same durable data file, a fixed clock at 09:30 on a working Monday, and the walk-in services in turn (each
worker starting at a different one, so they contend for the same numbers). A ticket is issued through
``Hall.write`` with :func:`kiosk.queue.new_ticket`: the same transaction as ``Hall.issue_ticket`` (lock, load,
wait estimate, numbering, fresh code, durable commit) without the opening-hours and past-closing checks, because
400 residents waiting at one instant are more than a day's counters could serve and the real rule would refuse
most of them.

With ``--prefill N`` the file first holds ``N`` tickets of that day, each issued, called and finished through
the facade (``Hall.issue_ticket``, ``Hall.call_next``, ``Hall.finish``, not durable, to fill fast) at instants
spread over the morning's walk-in hours; the workers then issue at the instant after the last of them. The target
of issue "A busy day costs what a quiet one does" is p90 <= 30 ms for 10 processes on a 1,500-ticket file.

Each process issues its tickets in one of two ways: *back to back* (as fast as it can, each process looping
on its own), and *in bursts* (every process issues one ticket at the same instant, a barrier before each: ten
residents pressing at ten kiosks at once, again and again). Back to back, a process that has just released the
lock often takes it again before a waiter the kernel woke gets to run, so some waits last many turns; in bursts
each process issues once per turn, as kiosks do, and the waits show what the lock's queue costs.

Afterwards the file is checked: as many new tickets as were issued, every ticket number used once, and for every
letter the numbers run 1..n without a gap (the prefilled ones included).

Beside them (unless ``--no-sqlite``), as many processes do the same with SQLite: a WAL database with
``synchronous=FULL`` holding the same records (history and prefill), each process issuing with ``BEGIN
IMMEDIATE``, ``SELECT max(seq)`` for the day and letter, ``INSERT``, ``COMMIT`` (waiting for the write lock
through SQLite's busy handler, up to 60 s).

Run: ``python bench/bench_concurrency.py [--procs 4] [--tickets 100] [--days 0] [--prefill 0]``, e.g.
``--procs 10 --tickets 30 --prefill 1500`` for the target. This is a benchmark that prints a table, not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from _common import bench_morning, config, print_table, summary, walk_in_instants
from bench_store import build_sqlite, sqlite_issue, walk_in_plan

from kiosk import demo, queue
from kiosk.clock import FixedClock
from kiosk.hall import Hall

#: The target for 10 processes on a file holding 1,500 tickets of the day.
TARGET_P90_MS = 30.0


def worker(path: str, morning_iso: str, index: int, count: int, barrier: Any, results: Any, bursts: bool) -> None:
    """Issue ``count`` tickets once every worker is ready, back to back or (``bursts``) each at the same instant
    as every other worker's (a barrier before each); report timings and keys."""
    from datetime import datetime

    cfg = config()
    hall = Hall.open(cfg, clock=FixedClock(datetime.fromisoformat(morning_iso)), data_path=path, durable=True)
    services = [s for s in cfg.services if s.walk_in]
    hall.overview()  # a kiosk that has been showing its home screen, as the hall's are, has read the file
    results.put(
        issue_in_turn(
            index,
            count,
            services,
            barrier,
            bursts,
            lambda s: hall.write(lambda tx, ctx: queue.new_ticket(tx, ctx, s))["key"],
        )
    )


def issue_in_turn(
    index: int, count: int, services: list[Any], barrier: Any, bursts: bool, issue: Callable[[Any], str]
) -> tuple[int, float, float, list[float], list[str]]:
    """Issue ``count`` tickets with ``issue(service)`` (the services in turn from ``index``) once every worker is at
    the barrier, back to back or (``bursts``) each at the barrier again; (index, start, end, latencies, keys)."""
    latencies, keys = [], []
    barrier.wait()
    started = time.perf_counter()
    for n in range(count):
        service = services[(index + n) % len(services)]
        if bursts and n:
            barrier.wait()
        began = time.perf_counter()
        key = issue(service)
        latencies.append(time.perf_counter() - began)
        keys.append(key)
    return (index, started, time.perf_counter(), latencies, keys)


def sqlite_worker(
    path: str, morning_iso: str, index: int, count: int, barrier: Any, results: Any, bursts: bool
) -> None:
    """The same as :func:`worker` on the SQLite database: one issue transaction per ticket."""
    import sqlite3
    from datetime import datetime

    cfg = config()
    now = datetime.fromisoformat(morning_iso)
    db = sqlite3.connect(path, isolation_level=None, timeout=60)
    services = [s for s in cfg.services if s.walk_in]

    def issue(service: Any) -> str:
        sqlite_issue(db, service.id, service.prefix, now)
        return str(service.prefix)

    outcome = issue_in_turn(index, count, services, barrier, bursts, issue)
    db.close()
    results.put(outcome)


def run(
    path: Path, morning: Any, procs: int, count: int, target: Any = worker, *, bursts: bool = False
) -> dict[str, Any]:
    """Start ``procs`` workers on ``path`` and gather what they did."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(procs)
    results = context.Queue()
    workers = [
        context.Process(target=target, args=(str(path), morning.isoformat(), i, count, barrier, results, bursts))
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
    return {"wall": wall, "latencies": latencies, "keys": keys}


def day_tickets(path: Path, morning: Any) -> list[dict[str, Any]]:
    """The tickets of the benchmark day in the data file."""
    hall = Hall.open(config(), clock=FixedClock(morning), data_path=str(path), durable=False)
    day = morning.date().isoformat()
    with hall.store.snapshot() as tx:
        return tx.find(queue.TICKETS, lambda doc: doc["day"] == day)


def verify(path: Path, morning: Any, keys: list[str], before: set[str]) -> str:
    """ "ok" when the file holds exactly the issued tickets besides the ``before`` ones, each number once and no
    gap per letter."""
    tickets = day_tickets(path, morning)
    problems = []
    stored = [t["key"] for t in tickets if t["key"] not in before]
    if len(keys) != len(set(keys)):
        problems.append(f"{len(keys) - len(set(keys))} numbers handed out twice")
    if len(tickets) != len(before) + len(stored) or sorted(stored) != sorted(keys):
        problems.append(f"{len(stored)} new tickets in the file for {len(keys)} issued")
    if len({t["code"] for t in tickets}) != len(tickets):
        problems.append("duplicate codes")
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for ticket in tickets:
        by_prefix[ticket["prefix"]].append(ticket["seq"])
    for prefix, seqs in sorted(by_prefix.items()):
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            problems.append(f"{prefix}: numbers not 1..{len(seqs)}")
    return "ok" if not problems else "FAILED: " + "; ".join(problems)


def verify_sqlite(path: Path, morning: Any, issued: int, before: int) -> str:
    """The same checks on the SQLite database."""
    import sqlite3

    db = sqlite3.connect(path)
    day = morning.date().isoformat()
    rows = db.execute("SELECT prefix, seq FROM tickets WHERE day = ?", (day,)).fetchall()
    db.close()
    problems = []
    if len(rows) != before + issued:
        problems.append(f"{len(rows) - before} new tickets in the database for {issued} issued")
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for prefix, seq in rows:
        by_prefix[prefix].append(seq)
    for prefix, seqs in sorted(by_prefix.items()):
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            problems.append(f"{prefix}: numbers not 1..{len(seqs)}")
    return "ok" if not problems else "FAILED: " + "; ".join(problems)


def prefill(path: Path, morning: Any, count: int) -> Any:
    """Issue, call and finish ``count`` tickets of ``morning``'s day through the facade (not durable), spread over
    the day's walk-in hours; returns the instant the workers then issue at (a minute after the last)."""
    cfg = config()
    at = walk_in_instants(cfg, morning.date(), count)
    clock = FixedClock(at[0])
    hall = Hall.open(cfg, clock=clock, data_path=str(path), durable=False)
    for instant, (service, counter) in zip(at, walk_in_plan(cfg, count)):
        clock.set(instant)
        hall.issue_ticket(service)
        hall.call_next(counter, staff="bench")
        hall.finish(counter, staff="bench")
    return at[-1] + timedelta(minutes=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procs", type=int, default=4, help="concurrent processes (default 4)")
    parser.add_argument("--tickets", type=int, default=100, help="tickets per process (default 100)")
    parser.add_argument("--days", type=int, default=0, help="days of demo history in the file first (default 0)")
    parser.add_argument("--prefill", type=int, default=0, help="tickets of the day in the file first (default 0)")
    parser.add_argument("--no-sqlite", action="store_true", help="leave out the SQLite rows")
    args = parser.parse_args()
    cfg = config()
    morning = bench_morning(cfg)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kiosk-concurrency-") as folder:
        template = Path(folder) / "template"
        began = time.perf_counter()
        # With a prefill the day's tickets start at its opening, so the file's last write must not be later.
        start = walk_in_instants(cfg, morning.date(), 1)[0] if args.prefill else morning
        hall = Hall.open(cfg, clock=FixedClock(start), data_path=str(template / "hall.json"), durable=True, create=True)
        demo.generate(hall, args.days)
        hall.close_days()
        if args.prefill:
            morning = prefill(template / "hall.json", morning, args.prefill)
        prepared = time.perf_counter() - began
        before = {t["key"] for t in day_tickets(template / "hall.json", morning)}
        hot_kb = hall.store.path.stat().st_size / 1024
        sqlite_path = None
        if not args.no_sqlite:
            sqlite_path = Path(folder) / "hall.sqlite"
            db, _ = build_sqlite(
                sqlite_path, Hall.open(cfg, clock=FixedClock(morning), data_path=str(template / "hall.json"))
            )
            db.close()
        total = args.procs * args.tickets
        patterns = [(1, False), (args.procs, False), (args.procs, True)] if args.procs > 1 else [(1, False)]
        for procs, bursts in patterns:
            name = f"run-{procs}{'-bursts' if bursts else ''}"
            copy = Path(folder) / name
            shutil.copytree(template, copy)
            outcome = run(copy / "hall.json", morning, procs, total // procs, bursts=bursts)
            verdict = verify(copy / "hall.json", morning, outcome["keys"], before)
            rows.append(row("Hall", procs, bursts, total, args, hot_kb, outcome, verdict, target=procs > 1))
            if sqlite_path is not None:
                copy = Path(folder) / f"{name}.sqlite"
                shutil.copy(sqlite_path, copy)
                outcome = run(copy, morning, procs, total // procs, sqlite_worker, bursts=bursts)
                verdict = verify_sqlite(copy, morning, len(outcome["keys"]), len(before))
                rows.append(row("SQLite", procs, bursts, total, args, None, outcome, verdict, target=False))
    print(
        f"Issuing on one durable data file at {morning:%A %Y-%m-%d %H:%M}, {len(before)} tickets of the day in it "
        f"(prepared in {prepared:.0f} s); the 1-process rows are the baseline. Target: p90 <= {TARGET_P90_MS:g} ms "
        "for 10 processes on a file holding 1,500 tickets of the day."
    )
    print_table(
        "Concurrent issuing",
        [
            "store",
            "processes",
            "issuing",
            "tickets each",
            "history days",
            "tickets before",
            "hot-file KB",
            "issued",
            "wall s",
            "tickets/s",
            "median ms",
            "p90 ms",
            "max ms",
            f"p90 <= {TARGET_P90_MS:g} ms",
            "verification",
        ],
        rows,
    )


def row(
    store: str,
    procs: int,
    bursts: bool,
    total: int,
    args: Any,
    hot_kb: float | None,
    outcome: dict[str, Any],
    verdict: str,
    *,
    target: bool,
) -> list[object]:
    median, p90 = summary(outcome["latencies"])
    return [
        store,
        procs,
        "in bursts" if bursts else "back to back",
        total // procs,
        args.days,
        args.prefill,
        f"{hot_kb:.1f}" if hot_kb is not None else "",
        len(outcome["keys"]),
        f"{outcome['wall']:.2f}",
        f"{len(outcome['keys']) / outcome['wall']:.0f}",
        median,
        p90,
        max(outcome["latencies"]) * 1000,
        ("PASS" if p90 <= TARGET_P90_MS else "FAIL") if target else "",
        verdict,
    ]


if __name__ == "__main__":
    main()
