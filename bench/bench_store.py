"""How fast the hot path is with 0, 30 and 365 days of history: TinyDB store versus the same work in SQLite.

For each history size a temporary data file (durable: every commit is fsynced) is filled by
:func:`kiosk.demo.generate`, with history ending the Sunday before a Monday; then at 09:30 that Monday:

* issue:  ``Hall.issue_ticket`` (one transaction: rules, wait estimate, numbering, a fresh code, commit);
* call:   ``Hall.call_next`` at a counter serving that service (the call alone is timed) ...
* finish: ... then ``Hall.finish`` (timed separately), so the queue stays short as on a steady morning;
* book:   ``Hall.book`` on distinct slots and phones spread over the whole horizon (no slot fills up).

Beside each, SQLite (stdlib, a file in WAL mode with ``synchronous=FULL``, holding every record of the same
history in indexed tables, since SQLite needs no archive) runs the equivalent transaction:
``BEGIN IMMEDIATE``; the one or two indexed reads the rule needs; the INSERT or UPDATE; ``COMMIT``.

Run: ``python bench/bench_store.py [--quick] [--reps N] [--sizes 0,30,365]``. This is a benchmark that prints
tables, not a test.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from _common import bench_morning, config, print_table, summary

from kiosk import booking, demo, queue
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.context import stamp
from kiosk.hall import Hall

WARMUP = 5
STEP = timedelta(seconds=15)


# --------------------------------------------------------------------------------------------- the plan


def counter_for(cfg: HallConfig, service_id: str) -> str:
    """A counter serving ``service_id``, preferring one that serves nothing else."""
    serving = [c for c in cfg.counters if service_id in c.services]
    return min(serving, key=lambda c: len(c.services)).id


def walk_in_plan(cfg: HallConfig, n: int) -> list[tuple[str, str]]:
    """``n`` (service, counter) pairs, the walk-in services in turn."""
    services = [s.id for s in cfg.services if s.walk_in]
    return [(services[i % len(services)], counter_for(cfg, services[i % len(services)])) for i in range(n)]


def booking_plan(hall: Hall, n: int) -> list[tuple[str, Any, Any, str]]:
    """``n`` bookable (service, day, time, phone) spread evenly over every open slot of the horizon."""

    def candidates(tx: Any, ctx: Any) -> list[tuple[str, Any, Any]]:
        found = []
        for offset in range(1, ctx.config.booking.horizon_days + 1):
            day = ctx.today + timedelta(days=offset)
            for service in ctx.config.services:
                if service.booking:
                    found += [(service.id, day, s.start.time()) for s in booking.open_slots(tx, ctx, service.id, day)]
        return found

    slots = hall.read(candidates)
    if len(slots) < n:
        raise SystemExit(f"only {len(slots)} open slots in the horizon, cannot book {n} distinct ones")
    picked = [slots[i * len(slots) // n] for i in range(n)]
    return [(service, day, at, f"139{i:08d}") for i, (service, day, at) in enumerate(picked)]


# --------------------------------------------------------------------------------------------- TinyDB


def run_tinydb(
    hall: Hall,
    clock: FixedClock,
    start: datetime,
    walk_ins: list[tuple[str, str]],
    bookings: list[tuple[str, Any, Any, str]],
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"issue": [], "call": [], "finish": [], "book": []}
    for i, (service, counter) in enumerate(walk_ins):
        clock.set(start + i * STEP)
        times["issue"].append(timed(lambda: hall.issue_ticket(service)))
        times["call"].append(timed(lambda: hall.call_next(counter, staff="bench")))
        times["finish"].append(timed(lambda: hall.finish(counter, staff="bench")))
    for i, (service, day, at, phone) in enumerate(bookings):
        clock.set(start + (len(walk_ins) + i) * STEP)
        times["book"].append(timed(lambda: hall.book(service, day, at, "测试居民", phone)))
    return {op: values[WARMUP:] for op, values in times.items()}


def timed(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


# --------------------------------------------------------------------------------------------- SQLite

SCHEMA = """
CREATE TABLE tickets (key TEXT PRIMARY KEY, day TEXT, prefix TEXT, seq INTEGER, code TEXT UNIQUE, service TEXT,
                      status TEXT, priority INTEGER, wait_since TEXT, counter TEXT, doc TEXT);
CREATE INDEX tickets_number ON tickets (day, prefix, seq);
CREATE INDEX tickets_queue ON tickets (day, status, service);
CREATE TABLE calls (key TEXT PRIMARY KEY, day TEXT, doc TEXT);
CREATE TABLE appointments (key TEXT PRIMARY KEY, service TEXT, day TEXT, start TEXT, phone TEXT, status TEXT,
                           doc TEXT);
CREATE INDEX appointments_slot ON appointments (service, start);
CREATE INDEX appointments_phone ON appointments (day, phone);
CREATE TABLE requests (key TEXT PRIMARY KEY, status TEXT, doc TEXT);
CREATE TABLE ratings (key TEXT PRIMARY KEY, at TEXT, doc TEXT);
"""
HOLDS = tuple(booking.HOLDS_PLACE)
ACTIVE = tuple(booking.ACTIVE)


def build_sqlite(path: Path, hall: Hall) -> tuple[sqlite3.Connection, dict[str, int]]:
    """A WAL database holding every record of the hall's history (hot file and archive)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    sources = [hall.store.archive.read_day(day) for day in hall.store.archive.days()]
    with hall.store.snapshot() as tx:
        sources.append({table: dict(enumerate(tx.records(table))) for table in demo.TABLES})
    rows = {table: 0 for table in demo.TABLES}
    db.execute("BEGIN")
    for tables in sources:
        for table, docs in tables.items():
            if table not in rows:
                continue
            records = list(docs.values())
            rows[table] += len(records)
            db.executemany(*_insert_rows(table, records))
    db.execute("COMMIT")
    return db, rows


def _insert_rows(table: str, records: list[dict[str, Any]]) -> tuple[str, list[tuple[Any, ...]]]:
    dump = lambda r: json.dumps(r, ensure_ascii=False)  # noqa: E731
    if table == queue.TICKETS:
        return (
            "INSERT INTO tickets VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    r["key"],
                    r["day"],
                    r["prefix"],
                    r["seq"],
                    r["code"],
                    r["service"],
                    r["status"],
                    r["priority"],
                    r["wait_since"],
                    r["counter"],
                    dump(r),
                )
                for r in records
            ],
        )
    if table == booking.APPOINTMENTS:
        return (
            "INSERT INTO appointments VALUES (?,?,?,?,?,?,?)",
            [(r["key"], r["service"], r["day"], r["start"], r["phone"], r["status"], dump(r)) for r in records],
        )
    if table == queue.CALLS:
        return "INSERT INTO calls VALUES (?,?,?)", [(r["key"], r["day"], dump(r)) for r in records]
    if table == "requests":
        return "INSERT INTO requests VALUES (?,?,?)", [(r["key"], r["status"], dump(r)) for r in records]
    return "INSERT INTO ratings VALUES (?,?,?)", [(r["key"], r["at"], dump(r)) for r in records]


def run_sqlite(
    db: sqlite3.Connection,
    cfg: HallConfig,
    start: datetime,
    walk_ins: list[tuple[str, str]],
    bookings: list[tuple[str, Any, Any, str]],
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"issue": [], "call": [], "finish": [], "book": []}
    for i, (service_id, counter_id) in enumerate(walk_ins):
        now = start + i * STEP
        service, counter = cfg.service(service_id), cfg.counter(counter_id)
        times["issue"].append(timed(lambda: sqlite_issue(db, service.id, service.prefix, now)))
        times["call"].append(timed(lambda: sqlite_call(db, counter.id, counter.services, now)))
        times["finish"].append(timed(lambda: sqlite_finish(db, counter.id, now)))
    for i, (service_id, day, at, phone) in enumerate(bookings):
        now = start + (len(walk_ins) + i) * STEP
        service = cfg.service(service_id)
        slot = datetime.combine(day, at, tzinfo=cfg.timezone)
        times["book"].append(timed(lambda: sqlite_book(db, cfg, service, slot, phone, now)))
    return {op: values[WARMUP:] for op, values in times.items()}


def sqlite_issue(db: sqlite3.Connection, service: str, prefix: str, now: datetime) -> None:
    day = now.date().isoformat()
    db.execute("BEGIN IMMEDIATE")
    (last,) = db.execute(
        "SELECT coalesce(max(seq), 0) FROM tickets WHERE day = ? AND prefix = ?", (day, prefix)
    ).fetchone()
    seq = last + 1
    number = f"{prefix}{seq:03d}"
    record = {
        "key": f"{day}/{number}",
        "day": day,
        "number": number,
        "prefix": prefix,
        "seq": seq,
        "code": f"T{day}{number}",
        "service": service,
        "origin_service": service,
        "kind": "walk_in",
        "appointment": None,
        "priority": False,
        "issued_at": stamp(now),
        "wait_since": stamp(now),
        "status": "waiting",
        "counter": None,
        "called_at": None,
        "first_called_at": None,
        "finished_at": None,
        "outcome": None,
        "recalls": 0,
        "wait_min": 0,
        "wait_max": 5,
        "history": [{"at": stamp(now), "event": "issued", "service": service}],
    }
    db.execute(
        "INSERT INTO tickets VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            record["key"],
            day,
            prefix,
            seq,
            record["code"],
            service,
            "waiting",
            0,
            stamp(now),
            None,
            json.dumps(record, ensure_ascii=False),
        ),
    )
    db.execute("COMMIT")


def sqlite_call(db: sqlite3.Connection, counter: str, services: tuple[str, ...], now: datetime) -> None:
    day = now.date().isoformat()
    db.execute("BEGIN IMMEDIATE")
    marks = ",".join("?" * len(services))
    row = db.execute(
        f"SELECT key FROM tickets WHERE day = ? AND status = 'waiting' AND service IN ({marks}) "
        "ORDER BY priority DESC, wait_since, seq LIMIT 1",
        (day, *services),
    ).fetchone()
    if row is not None:
        db.execute("UPDATE tickets SET status = 'called', counter = ? WHERE key = ?", (counter, row[0]))
    db.execute("COMMIT")


def sqlite_finish(db: sqlite3.Connection, counter: str, now: datetime) -> None:
    db.execute("BEGIN IMMEDIATE")
    db.execute(
        "UPDATE tickets SET status = 'done' WHERE day = ? AND status = 'called' AND counter = ?",
        (now.date().isoformat(), counter),
    )
    db.execute("COMMIT")


def sqlite_book(
    db: sqlite3.Connection, cfg: HallConfig, service: Any, slot: datetime, phone: str, now: datetime
) -> None:
    db.execute("BEGIN IMMEDIATE")
    held = ",".join("?" * len(HOLDS))
    (taken,) = db.execute(
        f"SELECT count(*) FROM appointments WHERE service = ? AND start = ? AND status IN ({held})",
        (service.id, stamp(slot), *HOLDS),
    ).fetchone()
    active = ",".join("?" * len(ACTIVE))
    (mine,) = db.execute(
        f"SELECT count(*) FROM appointments WHERE day = ? AND phone = ? AND status IN ({active})",
        (slot.date().isoformat(), phone, *ACTIVE),
    ).fetchone()
    if taken >= service.slot_capacity or mine >= cfg.booking.per_phone_per_day:
        db.execute("ROLLBACK")
        raise RuntimeError("the benchmark plan should never fill a slot or hit the phone cap")
    code = f"A{phone}{stamp(slot)}"
    record = {
        "key": code,
        "code": code,
        "service": service.id,
        "day": slot.date().isoformat(),
        "start": stamp(slot),
        "end": stamp(slot + timedelta(minutes=service.slot_minutes)),
        "staggered": False,
        "window": None,
        "name": "测试居民",
        "phone": phone,
        "status": "booked",
        "booked_at": stamp(now),
        "ticket": None,
        "late": False,
        "history": [{"at": stamp(now), "event": "booked", "slot": stamp(slot)}],
    }
    db.execute(
        "INSERT INTO appointments VALUES (?,?,?,?,?,?,?)",
        (code, service.id, record["day"], record["start"], phone, "booked", json.dumps(record, ensure_ascii=False)),
    )
    db.execute("COMMIT")


# --------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 repetitions, 0 and 30 days only")
    parser.add_argument("--reps", type=int, help="repetitions per operation (default 200, 50 with --quick)")
    parser.add_argument("--sizes", help="comma-separated history sizes in days (default 0,30,365)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reps = args.reps or (50 if args.quick else 200)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([0, 30] if args.quick else [0, 30, 365])
    cfg = config()
    morning = bench_morning(cfg)
    print(
        f"Benchmark day {morning:%A %Y-%m-%d %H:%M} ({cfg.timezone_name}); {reps} timed repetitions "
        f"after {WARMUP} warm-up ones; durable fsync on."
    )
    results: list[list[object]] = []
    setups: list[list[object]] = []
    for days in sizes:
        with tempfile.TemporaryDirectory(prefix=f"kiosk-bench-{days}d-") as folder:
            clock = FixedClock(morning)
            hall = Hall.open(cfg, clock=clock, data_path=str(Path(folder) / "hall.json"), durable=True, create=True)
            began = time.perf_counter()
            counts = demo.generate(hall, days, seed=args.seed)
            generation = time.perf_counter() - began
            hall.close_days()  # the Monday's first write closes Sunday; keep it out of the timings
            hot_kb = hall.store.path.stat().st_size / 1024
            archived = len(hall.store.archive.days())
            walk_ins = walk_in_plan(cfg, WARMUP + reps)
            bookings = booking_plan(hall, WARMUP + reps)
            began = time.perf_counter()
            db, rows = build_sqlite(Path(folder) / "hall.sqlite", hall)
            fill = time.perf_counter() - began
            tiny = run_tinydb(hall, clock, morning, walk_ins, bookings)
            lite = run_sqlite(db, cfg, morning, walk_ins, bookings)
            db.close()
            for op in ("issue", "call", "finish", "book"):
                results.append([op, days, f"{hot_kb:.1f}", archived, *summary(tiny[op]), *summary(lite[op])])
            setups.append(
                [
                    days,
                    f"{generation:.1f}",
                    *counts.values(),
                    f"{hot_kb:.1f}",
                    archived,
                    sum(rows.values()),
                    f"{fill:.1f}",
                ]
            )
    results.sort(key=lambda r: (["issue", "call", "finish", "book"].index(r[0]), r[1]))
    print_table(
        "Demo history per size",
        ["history days", "generate s", *demo.TABLES, "hot-file KB", "archived days", "SQLite rows", "SQLite fill s"],
        setups,
    )
    print_table(
        "Hot path: one transaction each, durable",
        [
            "operation",
            "history days",
            "hot-file KB",
            "archived days",
            "TinyDB median ms",
            "p90 ms",
            "SQLite median ms",
            "p90 ms",
        ],
        results,
    )


if __name__ == "__main__":
    main()
