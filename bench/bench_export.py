"""How long the nightly export and the manager's report take on a month and on a year of a busy hall's history,
and what an export running beside the counters does to them.

History comes from :func:`kiosk.demo.generate` (the same generator as ``kiosk demo``), ending on Sunday
2026-11-29; the benchmark runs at 21:00 on Monday 2026-11-30, the time of the nightly run. Generating a year
takes about 45 s, so each history is kept under ``bench/out/`` (ignored by git) and reused by later runs with
the same days and seed; ``--fresh`` makes it again.

For each history (30 and 365 days):

* ``nightly``: the nightly export itself (``kiosk export appointments``: tomorrow, one day, CSV);
* ``export csv|jsonl|ics``: :func:`kiosk.export.export_appointments` of the history's last 30 days, and on a
  year's history of the whole year too (364 days), durable (the file and its manifest fsynced), each
  repetition on a new :class:`~kiosk.hall.Hall`, as a new ``kiosk`` process would be: nothing cached between
  repetitions but what the operating system caches;
* ``report``: :func:`kiosk.report.build` of the same days;
* ``CLI`` seconds: the same, once, as a whole ``python -m kiosk`` process (interpreter start and imports
  included).

Then, on the year: a kiosk issuing tickets (``Hall.issue_ticket``, durable) alone, and again while another
process exports the year as iCalendar in a loop: the export takes no lock, so the kiosk should not notice.

Run: ``python bench/bench_export.py [--reps 5] [--sizes 30,365] [--fresh]``. A benchmark that prints tables,
not a test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import REPO, config, print_table, summary

from kiosk import demo, export, report
from kiosk.clock import FixedClock
from kiosk.hall import Hall

#: The nightly run the benchmark stands at, and the last day of history (the Sunday before).
NIGHT = "2026-11-30T21:00:00"
LAST_DAY = date(2026, 11, 29)
CACHE = REPO / "bench" / "out"


def night(cfg: Any) -> datetime:
    return datetime.fromisoformat(NIGHT).replace(tzinfo=cfg.timezone)


def history(days: int, seed: int, fresh: bool) -> Path:
    """The data file of ``days`` days of history ending :data:`LAST_DAY`, generated once and then reused."""
    folder = CACHE / f"export-history-{days}d-seed{seed}-{LAST_DAY.isoformat()}"
    done = folder / "generated.json"
    if done.exists() and not fresh:
        return folder / "hall.json"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cfg = config()
    hall = Hall.open(cfg, clock=FixedClock(night(cfg)), data_path=str(folder / "hall.json"), durable=False, create=True)
    began = time.perf_counter()
    counts = demo.generate(hall, days, seed=seed)
    done.write_text(json.dumps({"counts": counts, "seconds": round(time.perf_counter() - began, 1)}))
    return folder / "hall.json"


def open_hall(path: Path) -> Hall:
    cfg = config()
    return Hall.open(cfg, clock=FixedClock(night(cfg)), data_path=str(path), durable=True, check=False)


def timed(action: Any, reps: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(reps):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return times, result


def cli_seconds(data: Path, out: Path, *argv: str) -> float:
    env = dict(os.environ, KIOSK_CONFIG=str(REPO / "kiosk.toml"), KIOSK_DATA=str(data), KIOSK_NOW=NIGHT)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kiosk", *argv, "--quiet"]
        if argv[0] == "export"
        else [sys.executable, "-m", "kiosk", *argv, "--json"],
        env=env,
        check=True,
        cwd=out,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


# --------------------------------------------------------------------------------------------- beside a kiosk


def exporter(path: str, out: str, first_iso: str, last_iso: str, stop: Any, count: Any, niceness: int) -> None:
    """Export the span as iCalendar again and again until told to stop (``out`` empty: spin the CPU instead,
    touching no file, to tell CPU contention from anything the export itself does)."""
    os.nice(niceness)
    first, last = date.fromisoformat(first_iso), date.fromisoformat(last_iso)
    hall = open_hall(Path(path))
    while not stop.is_set():
        if out:
            export.export_appointments(hall, first, last, fmt="ics", out=f"{out}/")
        else:
            spun = time.perf_counter()
            while time.perf_counter() - spun < 1.0:
                pass
        with count.get_lock():
            count.value += 1


def kiosk_latencies(path: Path, tickets: int) -> list[float]:
    """Issue ``tickets`` walk-in tickets one after another at Tuesday 09:30 and time each."""
    cfg = config()
    clock = FixedClock(datetime(2026, 12, 1, 9, 30, tzinfo=cfg.timezone))
    hall = Hall.open(cfg, clock=clock, data_path=str(path), durable=True)
    hall.close_days()  # the day's first write closes the days before it: not what is being timed
    services = [s.id for s in cfg.services if s.walk_in]
    counters = {s: next(c.id for c in cfg.counters if s in c.services) for s in services}
    times = []
    for n in range(tickets):
        service = services[n % len(services)]
        began = time.perf_counter()
        hall.issue_ticket(service)
        times.append(time.perf_counter() - began)
        # Serve it, so that the queue (and with it the wait estimate) stays as on a steady morning.
        hall.call_next(counters[service])
        clock.advance(seconds=20)
        hall.finish(counters[service])
    return times


BESIDE = (
    ("kiosk alone", None, 0),
    ("beside a process spinning the CPU (control)", "spin", 0),
    ("beside the year exported as ics, again and again", "export", 0),
    ("the same, the export at nice 10", "export", 10),
)


def beside_a_kiosk(data: Path, scratch: Path, first: date, last: date, tickets: int) -> list[list[Any]]:
    rows = []
    for label, neighbour, niceness in BESIDE:
        copy = scratch / "beside"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(data.parent, copy)
        context = multiprocessing.get_context("spawn")
        stop, count = context.Event(), context.Value("i", 0)
        worker = None
        if neighbour:
            (copy / "exports").mkdir()
            out = str(copy / "exports") if neighbour == "export" else ""
            worker = context.Process(
                target=exporter,
                args=(str(copy / "hall.json"), out, first.isoformat(), last.isoformat(), stop, count, niceness),
            )
            worker.start()
            while count.value == 0:  # the neighbour is up and has done one round: it runs from here on
                time.sleep(0.05)
        latencies = kiosk_latencies(copy / "hall.json", tickets)
        if worker is not None:
            stop.set()
            worker.join()
        median, p90 = summary(latencies)
        rows.append([label, tickets, median, p90, max(latencies) * 1000, count.value if neighbour == "export" else ""])
        shutil.rmtree(copy, ignore_errors=True)
    return rows


# --------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30,365", help="days of history, comma-separated (default 30,365)")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions of each export (default 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tickets", type=int, default=200, help="tickets the kiosk issues beside each neighbour")
    parser.add_argument("--fresh", action="store_true", help="generate the histories again")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sizes.split(",")]

    generated, timings = [], []
    scratch = CACHE / "export-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    year: tuple[Path, date, date] | None = None
    for days in sizes:
        data = history(days, args.seed, args.fresh)
        facts = json.loads((data.parent / "generated.json").read_text())
        hall = open_hall(data)
        generated.append(
            [
                days,
                facts["seconds"],
                *(facts["counts"][t] for t in demo.TABLES),
                round(data.stat().st_size / 1024, 1),
                len(hall.store.archive.days()),
            ]
        )
        out = scratch / f"{days}d"
        out.mkdir()
        tomorrow = date(2026, 12, 1)
        times, result = timed(
            lambda: export.export_appointments(open_hall(data), tomorrow, tomorrow, out=f"{out}/"), args.reps
        )
        cli = cli_seconds(data, out, "export", "appointments", "--out", f"{out}/cli/")
        timings.append(
            [
                days,
                "nightly: tomorrow, csv",
                1,
                result.manifest["rows"],
                round(result.manifest["bytes"] / 1024, 1),
                *_seconds(times),
                f"{cli:.3f}",
            ]
        )
        # The last month of the history, and on a year's history the whole year (364 days to the Sunday).
        for span in [n for n in (30, 364) if n <= days]:
            first = LAST_DAY - timedelta(days=span - 1)
            for fmt in export.FORMATS:
                times, result = timed(
                    lambda fmt=fmt: export.export_appointments(
                        open_hall(data), first, LAST_DAY, fmt=fmt, out=f"{out}/"
                    ),
                    args.reps,
                )
                cli = cli_seconds(
                    data,
                    out,
                    "export",
                    "appointments",
                    "--from",
                    first.isoformat(),
                    "--to",
                    LAST_DAY.isoformat(),
                    "--format",
                    fmt,
                    "--out",
                    f"{out}/cli/",
                )
                timings.append(
                    [
                        days,
                        f"export {fmt}",
                        span,
                        result.manifest["rows"],
                        round(result.manifest["bytes"] / 1024, 1),
                        *_seconds(times),
                        f"{cli:.3f}",
                    ]
                )
            times, figures = timed(lambda: report.build(open_hall(data), first, LAST_DAY), args.reps)
            cli = cli_seconds(data, out, "report", "--from", first.isoformat(), "--to", LAST_DAY.isoformat())
            timings.append(
                [days, "report", span, figures["tickets"]["total"]["issued"], "", *_seconds(times), f"{cli:.3f}"]
            )
        if days >= 365:
            year = (data, LAST_DAY - timedelta(days=363), LAST_DAY)

    print_table(
        "Demo history (cached under bench/out/)",
        ["history days", "generate s", *demo.TABLES, "hot-file KB", "archived days"],
        generated,
    )
    print_table(
        "Export and report, in process (a new Hall each repetition) and as a whole kiosk command",
        ["history days", "what", "days", "rows / tickets", "file KB", "median s", "min s", "max s", "CLI s"],
        timings,
    )
    if year is not None:
        rows = beside_a_kiosk(year[0], scratch, year[1], year[2], args.tickets)
        print_table(
            "A kiosk issuing tickets beside the export (durable, each ticket then called and finished)",
            ["kiosk", "tickets", "issue median ms", "p90 ms", "max ms", "exports done meanwhile"],
            rows,
        )
    shutil.rmtree(scratch, ignore_errors=True)


def _seconds(times: list[float]) -> list[str]:
    """Median, fastest and slowest, in seconds to the millisecond."""
    ordered = sorted(times)
    return [f"{ordered[len(ordered) // 2]:.3f}", f"{ordered[0]:.3f}", f"{ordered[-1]:.3f}"]


if __name__ == "__main__":
    main()
