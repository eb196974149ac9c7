"""The records of a span of days, for exports and reports: read without the store's lock, as they end up.

A day's records live in one of two places: the hot file while the day is open (and until the first write of a
later day, or ``kiosk archive``, closes it), then the day's archive file. :func:`load` reads both without ever
taking the store's lock, so an export or a report never makes a kiosk or a counter wait:

* the hot file through :meth:`~kiosk.store.Store.snapshot` (one committed state, no lock);
* the archive's day files directly (they are written atomically, so any open sees a whole file). Day files are
  written one table a line, so only the tables asked for are parsed: a year of appointments costs a year of
  appointments, not a year of tickets.

The hot file is read *before* the archive. A day closed between the two reads then shows up in both (the
records are merged by key, the archived copy winning: it is the later, closed state) instead of in neither.

Days before today that are still in the hot file have not been closed yet. Their records are returned *as the
day close will leave them* (:func:`settle`: tickets still waiting or called expire, appointments never served
become no-shows), so an export or a report of yesterday says the same before and after ``kiosk archive``.

Which archive file holds a record (see :mod:`kiosk.dayclose`): tickets, calls and appointments sit under their
``day``; ratings under the day they were given; requests under the day they ended, which may be long after
they were filed, so for requests every archived day from ``first`` on is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from kiosk import booking, queue, ratings, requests
from kiosk.store import Store, decode, parse_table, split_tables

#: Tables whose records are archived under their own day (``day``, or the date of ``at`` for ratings).
DAY_TABLES = (queue.TICKETS, queue.CALLS, booking.APPOINTMENTS, ratings.RATINGS)
#: Tables :func:`load` knows how to place in time.
TABLES = (*DAY_TABLES, requests.REQUESTS)

#: ``progress(done, total)``: archived day files read so far, out of how many.
Progress = Callable[[int, int], None]


@dataclass
class History:
    """Records of the days ``first`` to ``last`` (requests: every one that may concern them), final states."""

    first: date
    last: date
    today: date
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Archived day files that were read.
    archived_days: list[date] = field(default_factory=list)

    def table(self, name: str) -> list[dict[str, Any]]:
        """The records of table ``name`` (empty when it was not loaded or holds nothing), sorted by key."""
        return self.records.get(name, [])


def record_day(table: str, record: dict[str, Any]) -> str:
    """The ISO day a record of a day table belongs to (the day it is archived under)."""
    if table == ratings.RATINGS:
        return cast(str, record["at"][:10])
    return cast(str, record["day"])


def settle(table: str, record: dict[str, Any], today: date) -> dict[str, Any]:
    """``record`` as closing its day will leave it, when that day is before ``today`` (else unchanged).

    Mirrors :func:`kiosk.queue.expire_day` and :func:`kiosk.booking.close_day`: a ticket still waiting or called
    expires; an appointment still booked was missed, and one checked in whose ticket then expires ends as a
    no-show too. Returns a changed copy, never changes ``record``.
    """
    if table not in (queue.TICKETS, booking.APPOINTMENTS) or record["day"] >= today.isoformat():
        return record
    if table == queue.TICKETS and record["status"] in (queue.WAITING, queue.CALLED):
        return dict(record, status=queue.EXPIRED)
    if table == booking.APPOINTMENTS and record["status"] in (booking.BOOKED, booking.CHECKED_IN):
        return dict(record, status=booking.NO_SHOW)
    return record


def load(
    store: Store, first: date, last: date, tables: Iterable[str], *, today: date, progress: Progress | None = None
) -> History:
    """The records of ``tables`` for the days ``first`` to ``last`` inclusive, from the hot file and the archive.

    Takes no lock. Day tables give the records of those days; ``requests`` gives every request filed, changed
    or ended from ``first`` on (open ones included), for the caller to filter by its own rule.
    """
    wanted = tuple(dict.fromkeys(tables))
    unknown = [name for name in wanted if name not in TABLES]
    if unknown:
        raise ValueError(f"history.load does not know table(s) {unknown}")
    lo, hi = first.isoformat(), last.isoformat()
    merged: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in wanted}

    # 1. The hot file, first (see the module's docstring for why the order matters).
    with store.snapshot() as tx:
        for name in wanted:
            for record in tx.records(name):
                if name in DAY_TABLES and not lo <= record_day(name, record) <= hi:
                    continue
                merged[name][record["key"]] = settle(name, record, today)

    # 2. The archive's day files: those of the span for day tables, and every later one too for requests.
    day_tables = [name for name in wanted if name in DAY_TABLES]
    reading: list[tuple[date, list[str]]] = []
    for day in store.archive.days():
        names = (day_tables if first <= day <= last else []) + (
            [requests.REQUESTS] if requests.REQUESTS in wanted and day >= first else []
        )
        if names:
            reading.append((day, names))
    for done, (day, names) in enumerate(reading, start=1):
        for name, table in read_archived(store.archive.day_path(day), names).items():
            for record in table.values():
                merged[name][record["key"]] = record
        if progress is not None:
            progress(done, len(reading))
    if progress is not None and not reading:
        progress(0, 0)

    return History(
        first=first,
        last=last,
        today=today,
        records={name: [merged[name][key] for key in sorted(merged[name])] for name in wanted},
        archived_days=[day for day, _ in reading],
    )


def read_archived(path: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The tables ``names`` of one archived day file, parsing only those (all of them for an older layout)."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:  # the day was listed, then removed by hand: nothing to read
        return {}
    fragments = split_tables(payload)
    if fragments is None:
        tables = decode(payload, path)
        return {name: tables[name] for name in names if name in tables}
    return {name: parse_table(fragments[name], path, name) for name in names if name in fragments}
