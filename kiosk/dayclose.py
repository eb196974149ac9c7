"""Days: which day the hall is running, when a day is over, and what happens to its records then.

**The running day and the clock.** Every write reads "now" inside the store's lock and is admitted by
:func:`admit` before it changes anything. The rules (the machine's clock can be wrong for a moment, be set
wrong by hand, or step when it is corrected; a training clock, ``--now``, jumps by design):

* A closed day is never written into: a write stamped on or before the last closed day is refused, naming the
  machine's clock as the likely fault. On a live hall, so is a write stamped more than :data:`TOLERANCE`
  before the newest write the hall has accepted (a clock that stepped back).
* A write stamped on a later day than the running day closes the earlier days only on evidence that the new
  day is real. Every write records the clock's :class:`~kiosk.clock.Reading` (the boot and the kernel's
  boot-time clock, which nobody can set). If the last write was made in the same boot, the wall clock must have
  moved as far as the boot-time clock since then (within :data:`TOLERANCE`, or :data:`DRIFT` of the gap for an
  overnight correction): then the day is real and closes at once. If it moved further, the clock jumped (one
  command stamped a day ahead, a mistaken setting): the write is refused and nothing closes, so the running day
  carries on as if it had not happened. After a restart the two readings cannot be compared: the write is kept
  as a record of its own day without closing anything, and the earlier days close on the first write at least
  :data:`CONFIRM` later (by the boot-time clock) whose wall clock still agrees; a write on the running day in
  between cancels that evidence.
* On a training copy (``kiosk init --training``, ``kiosk demo``) a simulated clock may stand anywhere in the
  running day, but a day changes only through ``kiosk archive``, which closes the days before its clock's day.
* ``kiosk archive`` (the nightly run) closes the days before today; on a live hall it is refused when its own
  clock contradicts the last write (``--force`` overrides, for a clock that really was wrong until now).
* Refused means unwritten: a day closes inside a successful write (in the same transaction) or in
  ``kiosk archive``, never in a refused one.

Closing a day

* expires tickets still waiting or called (and turns their appointments into no-shows),
* marks appointments never checked in as no-shows,
* closes requests resolved more than a week ago,
* moves the day's tickets, calls, appointments, ratings and audit entries, and ended requests, into the archive,
  and removes them from the hot file, which is what keeps issuing a ticket as fast after a year as on the first
  day. Staff accounts and the store's meta never move: they are not records of a day.

The archive is written first (only once the whole transaction has succeeded) and merged by key, so a crash
between the two steps only repeats the move; the archive's ``closed.json`` then says how far closing got.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from kiosk import audit, booking, outbox, queue, ratings, rectification, requests
from kiosk.clock import Reading
from kiosk.context import Context, parse_stamp
from kiosk.errors import Refused
from kiosk.store import Tx

#: Meta keys: the running day, the last closed day, the newest accepted write and the first sighting of a day
#: that could not yet be confirmed.
OPEN_DAY = "open_day"
CLOSED_THROUGH = "closed_through"
LAST_WRITE = "last_write"
PENDING_DAY = "pending_day"

#: How far two readings of the same clock may disagree before the clock counts as having jumped.
TOLERANCE = timedelta(minutes=2)
#: Share of a long gap by which the clock may have been corrected overnight and still count as agreeing.
DRIFT = 0.10
#: After a restart, how long writes must agree on a new day before the earlier days close.
CONFIRM = timedelta(minutes=5)


def needs_closing(tx: Tx, ctx: Context) -> bool:
    """Whether days before today may still sit in the hot file."""
    return bool(tx.meta(OPEN_DAY) != ctx.today.isoformat())


def closed_through(tx: Tx) -> date | None:
    """The last closed day: the later of what the hot file and the archive say (a backup put back or a crash
    after the archive was written can leave the hot file behind)."""
    known = [date.fromisoformat(d) for d in (tx.meta(CLOSED_THROUGH),) if d]
    marker = tx.archive.closed_through()
    if marker is not None:
        known.append(marker)
    return max(known, default=None)


def _mark(now: datetime, reading: Reading) -> dict[str, Any]:
    return {"at": now.isoformat(timespec="seconds"), "elapsed": reading.elapsed, "boot": reading.boot}


def agrees(mark: dict[str, Any] | None, reading: Reading, now: datetime) -> bool | None:
    """Whether the wall clock moved as far as the boot-time clock since ``mark`` was recorded: None when the
    two cannot be compared (another boot, an unknown boot, nothing recorded)."""
    if not mark or mark.get("boot") is None or mark.get("boot") != reading.boot:
        return None
    passed = timedelta(seconds=reading.elapsed - float(mark["elapsed"]))
    predicted = parse_stamp(mark["at"]) + passed
    allowed = max(TOLERANCE, abs(passed) * DRIFT)
    return abs(now - predicted) <= allowed


def _decide(tx: Tx, ctx: Context, reading: Reading, training: bool) -> tuple[str, Refused | None]:
    """What a write stamped ``ctx.now`` meets, without changing anything: ``("same", None)`` on the running day,
    ``("close", None)`` on a real new day, ``("new-pending"|"pending", None)`` on a new day that cannot be
    confirmed yet, ``("confirmed", None)`` when such a day has now been confirmed, or ``("refuse", Refused)``."""
    today = ctx.today
    now = ctx.stamp[:16].replace("T", " ")
    closed = closed_through(tx)
    if closed is not None and today <= closed:
        return "refuse", Refused("clock.day_closed", now=now, day=closed.isoformat())
    last = tx.meta(LAST_WRITE)
    if not training and last and ctx.now < parse_stamp(last["at"]) - TOLERANCE:
        return "refuse", Refused("clock.behind", now=now, newest=last["at"][:16].replace("T", " "))
    running = tx.meta(OPEN_DAY)
    if running is not None and today.isoformat() < running:
        return "refuse", Refused("clock.behind", now=now, newest=running)
    if running is None or today.isoformat() == running:
        return "same", None
    if training:  # a later day than the running one
        return "refuse", Refused("clock.training_day", now=now, day=running)
    verdict = agrees(last, reading, ctx.now)
    if verdict is False:
        return "refuse", Refused("clock.ahead", now=now, day=running, last=last["at"][:16].replace("T", " "))
    if verdict is True:
        return "close", None
    pending = tx.meta(PENDING_DAY)
    seen = bool(pending and pending.get("day") == today.isoformat() and agrees(pending, reading, ctx.now))
    if seen and reading.elapsed - float(pending["elapsed"]) >= CONFIRM.total_seconds():
        return "confirmed", None
    return ("pending" if seen else "new-pending"), None


def admit(tx: Tx, ctx: Context, reading: Reading, *, training: bool = False) -> None:
    """Admit a write stamped ``ctx.now`` (see the module docstring), closing earlier days when the evidence says
    the day changed; raise :class:`Refused` (``clock.*``) when the clock contradicts the hall. Call first in
    every write transaction, before the action changes anything."""
    outcome, refusal = _decide(tx, ctx, reading, training)
    if refusal is not None:
        raise refusal
    last = tx.meta(LAST_WRITE)
    if outcome == "same":
        if tx.meta(OPEN_DAY) is None:
            tx.set_meta(OPEN_DAY, ctx.today.isoformat())
        _note(tx, ctx, reading, last)
    elif outcome in ("close", "confirmed"):
        close_days(tx, ctx)
        _note(tx, ctx, reading, last)
    elif outcome == "new-pending":  # kept as a record of its own day; nothing closes yet
        tx.set_meta(PENDING_DAY, dict(_mark(ctx.now, reading), day=ctx.today.isoformat()))


def clock_problem(tx: Tx, ctx: Context, reading: Reading, *, training: bool = False) -> str | None:
    """For a read (a snapshot): the ``clock.*`` refusal a write at this instant would meet, or None. A screen
    whose clock contradicts the hall says it is out of service instead of showing an empty hall of the wrong
    day."""
    refusal = _decide(tx, ctx, reading, training)[1]
    return refusal.key if refusal is not None else None


def _note(tx: Tx, ctx: Context, reading: Reading, last: dict[str, Any] | None) -> None:
    """Record this write as the newest on the running day (the evidence the next write is checked against)."""
    if last is None or ctx.now >= parse_stamp(last["at"]) or last.get("boot") != reading.boot:
        tx.set_meta(LAST_WRITE, _mark(ctx.now, reading))
    if tx.meta(PENDING_DAY) is not None:
        tx.set_meta(PENDING_DAY, None)  # the running day is alive: an unconfirmed later day was not real


def settle(tx: Tx, ctx: Context, reading: Reading) -> dict[str, int]:
    """Close every day before today and make today the running day, with this write as the newest: for a file
    whose history was just made (``kiosk demo``), where every earlier day is over by construction."""
    moved = close_days(tx, ctx) if needs_closing(tx, ctx) else {}
    _note(tx, ctx, reading, tx.meta(LAST_WRITE))
    return moved


def archive_run(
    tx: Tx, ctx: Context, reading: Reading, *, training: bool = False, force: bool = False
) -> dict[str, int]:
    """``kiosk archive``: close every day before today, unless this clock contradicts the hall's last write
    (on a live hall, without ``force``). Returns how many records of each table moved."""
    closed = closed_through(tx)
    if closed is not None and ctx.today <= closed:
        raise Refused("clock.day_closed", now=ctx.stamp[:16].replace("T", " "), day=closed.isoformat())
    running = tx.meta(OPEN_DAY)
    if running is None or ctx.today.isoformat() <= running:
        if running is not None and ctx.today.isoformat() < running and not force:
            raise Refused("clock.behind", now=ctx.stamp[:16].replace("T", " "), newest=running)
        return {}
    last = tx.meta(LAST_WRITE)
    if not training and not force and agrees(last, reading, ctx.now) is False:
        raise Refused(
            "clock.archive_ahead",
            now=ctx.stamp[:16].replace("T", " "),
            day=running,
            last=last["at"][:16].replace("T", " "),
        )
    moved = close_days(tx, ctx)
    tx.set_meta(LAST_WRITE, _mark(ctx.now, reading))
    tx.set_meta(PENDING_DAY, None)
    return moved


def close_days(tx: Tx, ctx: Context) -> dict[str, int]:
    """Close every day before today; return how many records of each table moved to the archive."""
    today = ctx.today.isoformat()
    # Records of several tables on their way to the archive (stored as they are: the archive is untyped).
    moving: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    past_days = sorted(
        {
            doc["day"]
            for table in (queue.TICKETS, booking.APPOINTMENTS, queue.CALLS, audit.AUDIT)
            for doc in tx.records(table)
            if doc["day"] < today
        }
    )
    for day in past_days:
        moving[day][queue.TICKETS] = queue.expire_day(tx, ctx, day)
        moving[day][booking.APPOINTMENTS] = booking.close_day(tx, ctx, day)
        moving[day][queue.CALLS] = [doc for doc in tx.records(queue.CALLS) if doc["day"] == day]
        moving[day][audit.AUDIT] = [doc for doc in tx.records(audit.AUDIT) if doc["day"] == day]
    for rating in tx.records(ratings.RATINGS):
        if rating["at"][:10] < today:
            moving[rating["at"][:10]][ratings.RATINGS].append(rating)
    # Text messages done with (sent, failed, suppressed) go with the day they were written on; one still waiting
    # (a reminder held through quiet hours) stays until it is done.
    # A message of a closed day still waiting whose moment has passed (no sender ran: a "near" or "called" of a day
    # now over, news past its day) will never go: it is suppressed as expired and moves too.
    for message in tx.records(outbox.MESSAGES):
        if message["day"] >= today:
            continue
        expires = message["expires_at"]
        if message["status"] == outbox.PENDING and (expires is None or expires <= ctx.stamp):
            message = outbox.suppress(tx, ctx, message, outbox.EXPIRED)
        if message["status"] in outbox.FINAL:
            moving[message["day"]][outbox.MESSAGES].append(message)
    requests.auto_close(tx, ctx)
    rectification.close_ungraded(tx, ctx)
    for record in tx.records(requests.REQUESTS):
        last_change = record["history"][-1]["at"][:10]
        if record["status"] in requests.ENDED and last_change < today:
            moving[last_change][requests.REQUESTS].append(record)
    moved: dict[str, int] = defaultdict(int)
    for day in sorted(moving):
        tables = {table: records for table, records in moving[day].items() if records}
        if tables:
            tx.archive.add(date.fromisoformat(day), tables)  # written when the transaction commits
        for table, records in tables.items():
            moved[table] += tx.remove(table, [r["key"] for r in records])
    last_closed = ctx.today - timedelta(days=1)
    if (through := closed_through(tx)) is None or through < last_closed:
        tx.set_meta(CLOSED_THROUGH, last_closed.isoformat())
        tx.archive.mark_closed(last_closed)
    tx.set_meta(OPEN_DAY, today)
    return dict(moved)
