"""What the benchmarks share: the repository's config, the benchmark day, timing summaries and table printing."""

from __future__ import annotations

import statistics
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as `python bench/x.py` from a checkout without installing
    sys.path.insert(0, str(REPO))

from kiosk.config import HallConfig, load_config  # noqa: E402
from kiosk.hours import HallHours  # noqa: E402


def config() -> HallConfig:
    """The bundled ``kiosk.toml``."""
    return load_config(REPO / "kiosk.toml")


def bench_morning(cfg: HallConfig, after: date | None = None) -> datetime:
    """09:30 on the first Monday on or after ``after`` (default today) when the hall takes walk-ins then."""
    hours = HallHours(cfg)
    day = after or datetime.now(cfg.timezone).date()
    while True:
        instant = datetime.combine(day, time(9, 30), tzinfo=cfg.timezone)
        if day.weekday() == 0 and hours.period_at(instant, walk_in=True) is not None:
            return instant
        day += timedelta(days=1)


def walk_in_instants(
    cfg: HallConfig, day: date, steps: int, margin: timedelta = timedelta(minutes=30)
) -> list[datetime]:
    """``steps`` instants evenly spread over ``day``'s walk-in hours, leaving out the last ``margin`` of each
    period (a resident issued a ticket then would be told the wait runs past closing)."""
    periods = [p for p in HallHours(cfg).periods(day) if p.walk_in and p.end - margin > p.start]
    spans = [(p.start, p.end - margin) for p in periods]
    if not spans:
        raise SystemExit(f"{day} takes no walk-ins")
    step = sum((end - start).total_seconds() for start, end in spans) / steps
    found: list[datetime] = []
    for start, end in spans:
        at = start
        while at < end and len(found) < steps:
            found.append(at)
            at += timedelta(seconds=step)
    while len(found) < steps:  # rounding
        found.append(found[-1])
    return found


def summary(seconds: list[float]) -> tuple[float, float]:
    """Median and 90th percentile, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) < 2:
        return (ms[0], ms[0]) if ms else (float("nan"), float("nan"))
    return statistics.median(ms), statistics.quantiles(ms, n=10, method="inclusive")[8]


def print_table(title: str, columns: list[str], rows: list[list[object]]) -> None:
    """A table with rich when it is installed, else as aligned plain text."""
    cells = [[_cell(value) for value in row] for row in rows]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(c), *(len(r[i]) for r in cells)) if cells else len(c) for i, c in enumerate(columns)]
        print(title)
        print("  ".join(c.rjust(w) for c, w in zip(columns, widths)))
        for row in cells:
            print("  ".join(v.rjust(w) for v, w in zip(row, widths)))
        print()
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right")
    for row in cells:
        table.add_row(*row)
    Console(width=max(150, Console().width)).print(table)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
