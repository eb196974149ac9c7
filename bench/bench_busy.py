"""A busy day against a quiet one: issue, call and book at the start of a day and after 3,000 tickets, on a year
of history, and the bytes a whole 3,000-ticket day writes, beside SQLite doing the same transactions.

The history (365 days by :func:`kiosk.demo.generate`, ending Sunday 2026-11-29) is generated once and kept under
``bench/out/`` (ignored by git), keyed by the days, the seed and a hash of the ``kiosk`` package's source, so a
checkout with another store or other rules makes its own. Each run works on copies of it in a temporary folder
beside it (on the same disk). Four stores run, each in a process of its own: a durable
:class:`~kiosk.hall.Hall` (every commit flushed to disk) and SQLite, each once "quiet" (at the start of Monday
2026-11-30) and once "busy" (after that day's tickets), each on a :class:`~kiosk.clock.FixedClock` stepping
through the day's walk-in hours:

1. the busy stores alone: bookings (``Hall.book``, distinct slots and phones spread over the horizon), then the
   day: 3,000 tickets, each ``Hall.issue_ticket``, ``Hall.call_next`` at a counter serving it, then
   ``Hall.finish``; every call timed, and the process's ``/proc/self/io`` (``wchar``: bytes handed to
   ``write``; ``write_bytes``: bytes of page cache this process dirtied, what goes to the disk), CPU seconds
   (``os.times``) and wall time taken around the whole day. Whatever the store writes for those commits counts,
   whatever its files are called (data file, journal, checkpoints, backups);
2. then the four take turns, ten actions at a time: the quiet stores book and the busy ones book again, then the
   quiet ones take the day's first tickets while the busy ones take more. So the start of the day and the end of
   it are timed side by side, and a slow spell of a shared machine weighs on both ends of the ratio alike.

SQLite (stdlib, WAL, ``synchronous=FULL``, loaded with every record of the same history) runs the same plan with
the transactions of ``bench_store.py``, and its bytes are counted the same way (WAL checkpoints included). The
disk's floor (a journal-sized line appended and ``fdatasync``'ed, what no durable commit can beat) is measured
before and after the runs and printed with them.

Targets (issue "A busy day costs what a quiet one does"): issue, call and book median <= 1 ms and within 3x
SQLite, at the start of the day and after 3,000 tickets, the ratio of the two medians <= 1.2; bytes written per
ticket (issue + call + finish, checkpoints included) <= 20 KB over the day.

Run: ``python bench/bench_busy.py`` (365 days, 3,000 tickets, 200 repetitions) or ``--quick`` (30 days, 500
tickets, 50 repetitions); ``--fresh`` generates the history again. A benchmark that prints tables, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import REPO, config, print_table, summary, walk_in_instants
from bench_store import (
    booking_plan,
    build_sqlite,
    sqlite_book,
    sqlite_call,
    sqlite_finish,
    sqlite_issue,
    walk_in_plan,
)

from kiosk import demo
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.hall import Hall

#: The benchmark day (a working Monday) and the last day of history (the Sunday before).
DAY = date(2026, 11, 30)
LAST_DAY = DAY - timedelta(days=1)
CACHE = REPO / "bench" / "out"
WARMUP = 5
#: How many actions a store does in one turn when the four take turns (see :func:`run`): enough that all but the
#: first of a turn find their process's memory as a running kiosk's would, few enough (about 30 ms a turn) that a
#: slow spell of the machine falls on every store alike.
BURST = 40
#: Stop issuing this long before a walk-in period ends: a resident still waiting would be told "past closing".
MARGIN = timedelta(minutes=30)
#: The targets.
MEDIAN_MS, TIMES_SQLITE, BUSY_RATIO, KB_PER_TICKET = 1.0, 3.0, 1.2, 20.0


# --------------------------------------------------------------------------------------------- history


def source_hash() -> str:
    """A short hash of the ``kiosk`` package's Python source: a cached history is reused only by the same code."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def history(cfg: HallConfig, days: int, seed: int, fresh: bool) -> tuple[Path, dict[str, Any]]:
    """The folder of ``days`` days of history ending :data:`LAST_DAY`, generated once and then reused."""
    prefix = f"busy-history-{days}d-seed{seed}-{LAST_DAY.isoformat()}-"
    folder = CACHE / f"{prefix}{source_hash()}"
    done = folder / "generated.json"
    if done.exists() and not fresh:
        return folder / "data", {**json.loads(done.read_text()), "cached": True}
    for stale in CACHE.glob(f"{prefix}*"):  # an earlier checkout's: of no further use
        shutil.rmtree(stale, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    before = datetime.combine(DAY, datetime.min.time(), tzinfo=cfg.timezone) + timedelta(hours=7)
    hall = Hall.open(
        cfg, clock=FixedClock(before), data_path=str(folder / "data" / "hall.json"), durable=False, create=True
    )
    began = time.perf_counter()
    counts = demo.generate(hall, days, seed=seed)
    facts = {"counts": counts, "seconds": round(time.perf_counter() - began, 1)}
    done.write_text(json.dumps(facts))
    return folder / "data", {**facts, "cached": False}


# --------------------------------------------------------------------------------------------- the plan


def instants(cfg: HallConfig, steps: int) -> list[datetime]:
    """``steps`` instants evenly spread over the benchmark day's walk-in hours (each period's last
    :data:`MARGIN` left out)."""
    return walk_in_instants(cfg, DAY, steps, MARGIN)


class Io:
    """The process's write counters (``/proc/self/io``), CPU seconds and wall time at one moment."""

    FIELDS = ("wchar", "write_bytes", "cancelled", "cpu", "wall")

    def __init__(self) -> None:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        self.wchar = int(fields["wchar"])
        self.write_bytes = int(fields["write_bytes"])
        self.cancelled = int(fields["cancelled_write_bytes"])
        times = os.times()
        self.cpu = times.user + times.system
        self.wall = time.perf_counter()

    def counters(self) -> dict[str, float]:
        """The counters as a plain dict (what a worker process sends back)."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def since(self, start: Io) -> dict[str, float]:
        """What was spent from ``start`` to this moment."""
        return spent(start.counters(), self.counters())


def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """The counters' growth from ``before`` to ``after``."""
    return {name: after[name] - before[name] for name in Io.FIELDS}


def disk_floor(folder: Path, size: int = 1500, reps: int = 300) -> tuple[float, float]:
    """Median and p90 ms of what no durable store on this disk can beat: appending one journal-sized line
    (``size`` bytes) to a file and ``fdatasync``-ing it, measured in the same run (the disk's speed moves with the
    load of the machine it shares)."""
    path = folder / "floor.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    line = b"x" * (size - 1) + b"\n"
    times = []
    try:
        for _ in range(reps):
            began = time.perf_counter()
            os.write(fd, line)
            os.fdatasync(fd)
            times.append(time.perf_counter() - began)
    finally:
        os.close(fd)
        path.unlink()
    return summary(times)


def timed(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


class Plan:
    """What every store does, step by step, as plain data (it goes to the worker processes): the walk-in
    (service, counter) of each ticket, the bookings' (service, day, time, phone), and the instant of each step."""

    def __init__(self, cfg: HallConfig, hall: Hall, tickets: int, reps: int) -> None:
        self.tickets, self.reps = tickets, reps
        n = WARMUP + reps
        self.walk_ins = walk_in_plan(cfg, tickets + n)
        self.bookings = booking_plan(hall, 2 * n)
        # A busy store's steps: n bookings, the day's tickets, n more bookings, n more tickets.
        self.at = instants(cfg, 3 * n + tickets)
        self.bands = {tickets * k // 6 for k in range(1, 7)} - {0}  # the day in sixths


def serve(conn: Any, kind: str, path: str, plan: Plan) -> None:
    """A worker process: one store (``kind`` "hall", durable, or "sqlite") on ``path``, doing what the pipe asks,
    one step at a time, and answering with how long each action took (see :class:`Worker`)."""
    cfg = config()
    step = 0
    if kind == "hall":
        clock = FixedClock(plan.at[0])
        hall = Hall.open(cfg, clock=clock, data_path=path, durable=True)
        hall.close_days()  # nothing to close (the history was settled), but keep any such work out of the timings
        tick: Callable[[datetime], None] = clock.set
        ops: dict[str, Callable[..., Any]] = {
            "issue": hall.issue_ticket,
            "call": lambda counter: hall.call_next(counter, staff="bench"),
            "finish": lambda counter: hall.finish(counter, staff="bench"),
            "book": lambda service, day, at, phone: hall.book(service, day, at, "测试居民", phone),
        }
    else:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")  # per connection; WAL is the database's own
        tick, ops = sqlite_ops(cfg, db, plan.at[0])

    def book(i: int) -> float:
        nonlocal step
        tick(plan.at[step])
        step += 1
        return timed(lambda: ops["book"](*plan.bookings[i]))

    def ticket(i: int) -> tuple[float, float, float]:
        nonlocal step
        tick(plan.at[step])
        step += 1
        service, counter = plan.walk_ins[i]
        return (
            timed(lambda: ops["issue"](service)),
            timed(lambda: ops["call"](counter)),
            timed(lambda: ops["finish"](counter)),
        )

    def day(count: int) -> dict[str, Any]:
        times: dict[str, list[float]] = {"issue": [], "call": [], "finish": []}
        start = Io()
        bands = [(0, start.counters())]
        for i in range(count):
            for op, took in zip(("issue", "call", "finish"), ticket(i)):
                times[op].append(took)
            if i + 1 in plan.bands:
                bands.append((i + 1, Io().counters()))
        return {"times": times, "bands": bands, "day": Io().since(start)}

    while True:
        order, *args = conn.recv()
        try:
            if order == "quit":
                break
            if order == "books":
                conn.send([book(i) for i in range(*args)])
            elif order == "tickets":
                conn.send([ticket(i) for i in range(*args)])
            else:
                conn.send({"book": book, "day": day}[order](*args))
        except Exception as exc:  # told to the parent, which stops the run with it
            conn.send(RuntimeError(f"{kind} worker, {order}{tuple(args)}: {exc!r}"))
    conn.close()


def sqlite_ops(
    cfg: HallConfig, db: Any, start: datetime
) -> tuple[Callable[[datetime], None], dict[str, Callable[..., Any]]]:
    """The SQLite transactions of ``bench_store.py``, on the worker's clock."""
    now = [start]

    def tick(instant: datetime) -> None:
        now[0] = instant

    def issue(service_id: str) -> None:
        service = cfg.service(service_id)
        sqlite_issue(db, service.id, service.prefix, now[0])

    def call(counter_id: str) -> None:
        counter = cfg.counter(counter_id)
        sqlite_call(db, counter.id, counter.services, now[0])

    def book(service_id: str, day: Any, at: Any, phone: str) -> None:
        slot = datetime.combine(day, at, tzinfo=cfg.timezone)
        sqlite_book(db, cfg, cfg.service(service_id), slot, phone, now[0])

    return tick, {
        "issue": issue,
        "call": call,
        "finish": lambda counter: sqlite_finish(db, counter, now[0]),
        "book": book,
    }


class Worker:
    """A store in a process of its own (spawned: nothing shared but the files, as a kiosk's), driven over a pipe.

    The quiet store (at the start of its day) and the busy one (after the day's tickets) run side by side and take
    turns action by action, with the SQLite pair likewise, so a slow spell of a shared machine weighs on both ends
    of the ratio alike; and each measures in its own process, with only its own day in memory."""

    def __init__(self, context: Any, kind: str, path: Path, plan: Plan) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=serve, args=(theirs, kind, str(path), plan), daemon=True)
        self.process.start()
        theirs.close()
        self.times: dict[str, list[float]] = {"issue": [], "call": [], "finish": [], "book": []}

    def ask(self, order: str, *args: Any) -> Any:
        """Send one order and wait for its answer (an error in the worker is raised here)."""
        self.conn.send((order, *args))
        answer = self.conn.recv()
        if isinstance(answer, Exception):
            raise answer
        return answer

    def book(self, first: int, count: int) -> None:
        """Book the plan's bookings ``first`` to ``first + count - 1``, each timed."""
        self.times["book"] += self.ask("books", first, first + count)

    def ticket(self, first: int, count: int) -> None:
        """Issue, call and finish the plan's tickets ``first`` to ``first + count - 1``, each action timed."""
        for took in self.ask("tickets", first, first + count):
            for op, seconds in zip(("issue", "call", "finish"), took):
                self.times[op].append(seconds)

    def stop(self) -> None:
        self.conn.send(("quit",))
        self.process.join()


def run(context: Any, paths: dict[str, tuple[str, Path]], plan: Plan) -> dict[str, Any]:
    """The plan on four stores: the Hall and SQLite, each once at the start of a day ("quiet") and once after the
    day's tickets ("busy"). The busy ones first book and run their day alone; then all four take turns: the
    quiet ones book and the busy ones book again, then the quiet ones take their first tickets while the busy
    ones take more. Returns each store's timings, and the busy ones' day."""
    n = WARMUP + plan.reps
    workers = {name: Worker(context, kind, path, plan) for name, (kind, path) in paths.items()}
    try:
        days = {}
        for name in ("hall-busy", "sqlite-busy"):
            for i in range(n):
                workers[name].ask("book", i)  # as the quiet ones will: the day's first bookings
            days[name] = workers[name].ask("day", plan.tickets)
        for i in range(0, n, BURST):
            count = min(BURST, n - i)
            for name, first in (("hall-quiet", i), ("hall-busy", n + i), ("sqlite-quiet", i), ("sqlite-busy", n + i)):
                workers[name].book(first, count)
        for i in range(0, n, BURST):
            count = min(BURST, n - i)
            for name, first in (("hall-quiet", i), ("hall-busy", plan.tickets + i)):
                workers[name].ticket(first, count)
            for name, first in (("sqlite-quiet", i), ("sqlite-busy", plan.tickets + i)):
                workers[name].ticket(first, count)
    finally:
        for worker in workers.values():
            worker.stop()
    return {"times": {name: w.times for name, w in workers.items()}, "days": days}


def measured(values: list[float]) -> list[float]:
    """The timed repetitions (the first :data:`WARMUP` of each store's series are warm-up)."""
    return values[WARMUP:]


# --------------------------------------------------------------------------------------------- tables


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def latency_tables(result: dict[str, Any], plan: Plan) -> None:
    tickets, n = plan.tickets, WARMUP + plan.reps
    times = result["times"]
    rows: list[list[object]] = []
    ratios: list[list[object]] = []
    for op in ("issue", "call", "book", "finish"):
        medians = []
        for end in ("quiet", "busy"):
            when = f"0-{n}" if end == "quiet" else f"{tickets}-{tickets + n}"
            if op == "book":
                when = "0" if end == "quiet" else str(tickets)
            median, p90 = summary(measured(times[f"hall-{end}"][op]))
            lite_median, lite_p90 = summary(measured(times[f"sqlite-{end}"][op]))
            medians.append(median)
            times_sqlite = median / lite_median
            targeted = op != "finish"
            rows.append(
                [
                    op,
                    when,
                    median,
                    p90,
                    lite_median,
                    lite_p90,
                    f"{times_sqlite:.1f}",
                    verdict(median <= MEDIAN_MS) if targeted else "-",
                    verdict(times_sqlite <= TIMES_SQLITE) if targeted else "-",
                ]
            )
        lite_ratio = summary(measured(times["sqlite-busy"][op]))[0] / summary(measured(times["sqlite-quiet"][op]))[0]
        ratio = medians[1] / medians[0]
        ratios.append(
            [
                op,
                medians[0],
                medians[1],
                f"{ratio:.2f}",
                f"{lite_ratio:.2f}",
                verdict(ratio <= BUSY_RATIO) if op != "finish" else "-",
            ]
        )
    print_table(
        "One transaction each, durable: at the start of the day and after the day's tickets",
        [
            "operation",
            "tickets that day",
            "median ms",
            "p90 ms",
            "SQLite median ms",
            "SQLite p90 ms",
            "x SQLite",
            f"median <= {MEDIAN_MS:g} ms",
            f"<= {TIMES_SQLITE:g}x SQLite",
        ],
        rows,
    )
    print_table(
        f"A busy day against a quiet one: median after {tickets} tickets / median at the start",
        [
            "operation",
            "start median ms",
            f"after {tickets} median ms",
            "ratio",
            "SQLite ratio",
            f"ratio <= {BUSY_RATIO:g}",
        ],
        ratios,
    )


def day_tables(result: dict[str, Any], plan: Plan) -> None:
    tiny, lite = result["days"]["hall-busy"], result["days"]["sqlite-busy"]
    rows = []
    for name, got in (("Hall", tiny), ("SQLite", lite)):
        day = got["day"]
        wchar, disk = day["wchar"] / plan.tickets / 1024, day["write_bytes"] / plan.tickets / 1024
        rows.append(
            [
                name,
                plan.tickets,
                f"{day['wall']:.1f}",
                f"{day['cpu']:.1f}",
                f"{wchar:.1f}",
                f"{disk:.1f}",
                f"{day['write_bytes'] / 1024**2:.1f}",
                f"{day['cancelled'] / 1024**2:.1f}",
                verdict(max(wchar, disk) <= KB_PER_TICKET) if got is tiny else "",
            ]
        )
    print_table(
        f"A whole day of {plan.tickets} tickets, each issued, called and finished (durable)",
        [
            "store",
            "tickets",
            "wall s",
            "CPU s",
            "wchar KB/ticket",
            "write_bytes KB/ticket",
            "write_bytes MB",
            "cancelled MB",
            f"<= {KB_PER_TICKET:g} KB/ticket",
        ],
        rows,
    )
    rows = []
    for (first, before), (last, after), (_, lite_before), (_, lite_after) in zip(
        tiny["bands"], tiny["bands"][1:], lite["bands"], lite["bands"][1:]
    ):
        n = last - first
        used, lite_used = spent(before, after), spent(lite_before, lite_after)
        rows.append(
            [
                f"{first + 1}-{last}",
                *(summary(tiny["times"][op][first:last])[0] for op in ("issue", "call", "finish")),
                f"{used['write_bytes'] / n / 1024:.1f}",
                f"{used['cpu'] / n * 1000:.1f}",
                *(summary(lite["times"][op][first:last])[0] for op in ("issue", "call", "finish")),
                f"{lite_used['write_bytes'] / n / 1024:.1f}",
            ]
        )
    print_table(
        "Through the day: medians per stretch of tickets",
        [
            "tickets",
            "issue ms",
            "call ms",
            "finish ms",
            "write_bytes KB/ticket",
            "CPU ms/ticket",
            "SQLite issue ms",
            "call ms",
            "finish ms",
            "write_bytes KB/ticket",
        ],
        rows,
    )


# --------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="30 days of history, 500 tickets, 50 repetitions")
    parser.add_argument("--days", type=int, help="days of history (default 365, 30 with --quick)")
    parser.add_argument("--tickets", type=int, help="tickets in the day (default 3000, 500 with --quick)")
    parser.add_argument("--reps", type=int, help="timed repetitions at each end (default 200, 50 with --quick)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="generate the history again")
    args = parser.parse_args()
    days = args.days if args.days is not None else (30 if args.quick else 365)
    tickets = args.tickets or (500 if args.quick else 3000)
    reps = args.reps or (50 if args.quick else 200)
    cfg = config()
    began = time.perf_counter()
    source, facts = history(cfg, days, args.seed, args.fresh)
    got = time.perf_counter() - began
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="busy-run-", dir=CACHE) as folder:
        paths: dict[str, tuple[str, Path]] = {}
        for end in ("quiet", "busy"):
            shutil.copytree(source, Path(folder) / end)
            paths[f"hall-{end}"] = ("hall", Path(folder) / end / "hall.json")
        hall = Hall.open(cfg, clock=FixedClock(instants(cfg, 1)[0]), data_path=str(paths["hall-quiet"][1]))
        hot_kb = hall.store.path.stat().st_size / 1024
        archived = len(hall.store.archive.days())
        plan = Plan(cfg, hall, tickets, reps)
        filled = time.perf_counter()
        db, rows = build_sqlite(Path(folder) / "quiet.sqlite", hall)
        fill = time.perf_counter() - filled
        db.close()  # its WAL folded in: one file to copy
        shutil.copyfile(Path(folder) / "quiet.sqlite", Path(folder) / "busy.sqlite")
        paths.update({f"sqlite-{end}": ("sqlite", Path(folder) / f"{end}.sqlite") for end in ("quiet", "busy")})
        del hall
        floor_before = disk_floor(Path(folder))
        result = run(multiprocessing.get_context("spawn"), paths, plan)
        floor_after = disk_floor(Path(folder))
    counts = facts["counts"]
    print(
        f"Benchmark day {DAY:%A %Y-%m-%d} ({cfg.timezone_name}), walk-in hours from {plan.at[0]:%H:%M}, "
        f"one step every {(plan.at[1] - plan.at[0]).total_seconds():.1f} simulated seconds; {reps} timed "
        f"repetitions after {WARMUP} warm-up ones; durable (fsync) on. Folder {CACHE}."
    )
    print(
        "The disk's floor, an fdatasync'ed append of a 1.5 KB line, before and after the runs: "
        f"median {floor_before[0]:.2f} / {floor_after[0]:.2f} ms, p90 {floor_before[1]:.2f} / {floor_after[1]:.2f} ms."
    )
    print_table(
        "History",
        [
            "history days",
            "generate s",
            "from cache",
            *demo.TABLES,
            "hot-file KB",
            "archived days",
            "SQLite rows",
            "SQLite fill s",
        ],
        [
            [
                days,
                f"{facts['seconds']:.1f}" if not facts["cached"] else f"{got:.1f} (made in {facts['seconds']:.0f})",
                "yes" if facts["cached"] else "no",
                *counts.values(),
                f"{hot_kb:.1f}",
                archived,
                sum(rows.values()),
                f"{fill:.1f}",
            ]
        ],
    )
    latency_tables(result, plan)
    day_tables(result, plan)


if __name__ == "__main__":
    main()
