"""Closing a day: what happens to the day's records once it is over, and how they leave the hot file.

No cron is needed: the first write of a new day closes every earlier day still in the hot file (the nightly
export's ``kiosk archive`` does the same ahead of time). Closing a day

* expires tickets still waiting or called (and turns their appointments into no-shows),
* marks appointments never checked in as no-shows,
* closes requests resolved more than a week ago,
* moves the day's tickets, calls, appointments, ratings and audit entries, and ended requests, into the archive,
  and removes them from the hot file, which is what keeps issuing a ticket as fast after a year as on the first
  day. Staff accounts and the store's meta never move: they are not records of a day.

The archive is written first and merged by key, so a crash between the two steps only repeats the move.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from kiosk import audit, booking, queue, ratings, requests
from kiosk.context import Context
from kiosk.store import Tx

OPEN_DAY = "open_day"


def needs_closing(tx: Tx, ctx: Context) -> bool:
    """Whether days before today may still sit in the hot file."""
    return tx.meta(OPEN_DAY) != ctx.today.isoformat()


def close_days(tx: Tx, ctx: Context) -> dict[str, int]:
    """Close every day before today; return how many records of each table moved to the archive."""
    today = ctx.today.isoformat()
    moving: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    past_days = sorted({doc["day"] for table in (queue.TICKETS, booking.APPOINTMENTS, queue.CALLS, audit.AUDIT)
                        for doc in tx.records(table) if doc["day"] < today})
    for day in past_days:
        moving[day][queue.TICKETS] = queue.expire_day(tx, ctx, day)
        moving[day][booking.APPOINTMENTS] = booking.close_day(tx, ctx, day)
        moving[day][queue.CALLS] = tx.find(queue.CALLS, lambda doc, d=day: doc["day"] == d)
        moving[day][audit.AUDIT] = tx.find(audit.AUDIT, lambda doc, d=day: doc["day"] == d)
    for rating in tx.records(ratings.RATINGS):
        if rating["at"][:10] < today:
            moving[rating["at"][:10]][ratings.RATINGS].append(rating)
    requests.auto_close(tx, ctx)
    for record in tx.records(requests.REQUESTS):
        last_change = record["history"][-1]["at"][:10]
        if record["status"] in requests.ENDED and last_change < today:
            moving[last_change][requests.REQUESTS].append(record)
    moved: dict[str, int] = defaultdict(int)
    for day in sorted(moving):
        tables = moving[day]
        tx.archive.add(date.fromisoformat(day), dict(tables))
        for table, records in tables.items():
            moved[table] += tx.remove(table, [r["key"] for r in records])
    tx.set_meta(OPEN_DAY, today)
    return dict(moved)
