"""Tickets: numbering, wait estimates, calling order, and what a counter does with the ticket it serves.

Every function takes the open transaction ``tx`` and the operation's :class:`~kiosk.context.Context`; the
:class:`~kiosk.hall.Hall` facade opens one transaction per resident or clerk action.

Records: table ``tickets`` holds :class:`~kiosk.records.Ticket` (business key ``"<day>/<number>"``), table
``counters`` :class:`~kiosk.records.CounterState` (key = counter id; a state left from an earlier day counts as
closed), table ``calls`` :class:`~kiosk.records.Call` (every call and recall in order, for the display board).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from kiosk import codes, validation
from kiosk.config import Counter, Service
from kiosk.context import Context, event, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.hours import OpenPeriod
from kiosk.records import Call, CounterState, Ticket, WaitingSummary
from kiosk.store import TableName, Tx

TICKETS: TableName[Ticket] = TableName("tickets")
COUNTERS: TableName[CounterState] = TableName("counters")
CALLS: TableName[Call] = TableName("calls")
#: Meta entry holding the id of the last call made (see ``_log_call``).
LAST_CALL_ID = "last_call_id"

MAX_NUMBER = 999
OUTCOMES = ("completed", "documents_missing", "referred", "other")
WAITING, CALLED, DONE, NO_SHOW, EXPIRED = "waiting", "called", "done", "no_show", "expired"
#: How far the estimate's range reaches either side of the expected wait.
LOW_FACTOR, HIGH_FACTOR = 0.75, 1.25


# --------------------------------------------------------------------------------------------- lookups


def find_service(ctx: Context, service_id: str) -> Service:
    """The configured service ``service_id``, or :class:`NotFound`."""
    try:
        return ctx.config.service(service_id)
    except KeyError:
        raise NotFound(
            "service.unknown", field="service", service=service_id, known=", ".join(s.id for s in ctx.config.services)
        ) from None


def find_counter(ctx: Context, counter_id: str) -> Counter:
    """The configured counter ``counter_id``, or :class:`NotFound`."""
    try:
        return ctx.config.counter(counter_id)
    except KeyError:
        raise NotFound(
            "counter.unknown", field="counter", counter=counter_id, known=", ".join(c.id for c in ctx.config.counters)
        ) from None


def today_tickets(tx: Tx, ctx: Context) -> list[Ticket]:
    """Every ticket of the operation's day."""
    return tx.where(TICKETS, day=ctx.today.isoformat())


def waiting(tx: Tx, ctx: Context, service_ids: set[str] | None = None) -> list[Ticket]:
    """Today's waiting tickets, optionally only of ``service_ids``; a walk-in whose session is over
    (:func:`session_over`) no longer counts, even before a write has recorded its expiry, so that every view
    (home, the board, the console, the overview) agrees with what checking its code says."""
    found = _waiting_recorded(tx, ctx, service_ids)
    end = walk_in_hours_end(ctx)
    if end is None or ctx.now < end:
        return found  # during the walk-in hours (the common case) nothing more to check
    return [t for t in found if not session_over(tx, ctx, t)]


def waiting_count(tx: Tx, ctx: Context, service_id: str) -> int:
    """How many of today's tickets wait for ``service_id``: ``len(waiting(tx, ctx, {service_id}))``, counted from
    the store's index during the walk-in hours (no record is copied however long the queue is)."""
    end = walk_in_hours_end(ctx)
    if end is None or ctx.now < end:
        return tx.count(TICKETS, day=ctx.today.isoformat(), service=service_id, status=WAITING)
    return len(waiting(tx, ctx, {service_id}))


def _waiting_recorded(tx: Tx, ctx: Context, service_ids: set[str] | None = None) -> list[Ticket]:
    """Today's tickets whose stored status is waiting."""
    # From the store's index on status: the few waiting tickets, however many the day has served.
    day = ctx.today.isoformat()
    return [
        t
        for t in tx.where(TICKETS, status=WAITING)
        if t["day"] == day and (service_ids is None or t["service"] in service_ids)
    ]


def counter_state(tx: Tx, ctx: Context, counter_id: str) -> CounterState:
    """The counter's record for today; a counter not yet touched today is closed and serves no one."""
    record = tx.get(COUNTERS, counter_id)
    if record is None or record.get("day") != ctx.today.isoformat():
        # "session": None too, so that saving this over an earlier day's record also clears that day's sign-in.
        return {
            "key": counter_id,
            "state": "closed",
            "serving": None,
            "day": ctx.today.isoformat(),
            "staff": None,
            "session": None,
        }
    return record


def _save_counter(tx: Tx, record: CounterState) -> None:
    if tx.get(COUNTERS, record["key"]) is None:
        tx.insert(COUNTERS, record)
    else:
        tx.update(COUNTERS, record["key"], record)


# --------------------------------------------------------------------------------------------- estimates


#: How many of today's most recently issued served tickets the service time is learnt from.
LEARN_FROM_LAST = 60

#: How many services' samples :func:`service_minutes` keeps between calls (one per service and day in use).
_PACES_KEPT = 64


def _served_minutes(row: tuple[Any, ...]) -> float | None:
    """Minutes from a ticket's call to its finish (None for a record missing either stamp)."""
    called, finished = row
    if not called or not finished:
        return None
    return (parse_stamp(finished) - parse_stamp(called)).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class _Pace:
    """One service's sample as :func:`service_minutes` last read it: the (call, finish) stamps of its tickets,
    oldest first, and their minutes, sorted.

    Between two tickets issued the sample usually gains a ticket served and, once full, loses its oldest; its
    rows stay the same objects while their records do (:meth:`kiosk.hotstate.Table.tail`). So the next call
    compares the rows (by identity first: without reading them) and moves the one or two that changed in or out
    of the sorted minutes. Reading all sixty rows and their stamps at every ticket cost more than the rest of the
    wait estimate on a busy day, whose records are spread over memory (bench/README.md)."""

    rows: tuple[tuple[Any, ...], ...]
    ordered: list[float]

    @staticmethod
    def of(rows: tuple[tuple[Any, ...], ...]) -> _Pace:
        """The sample for ``rows``, computed afresh."""
        return _Pace(rows, sorted(m for m in map(_served_minutes, rows) if m is not None))

    def follow(self, rows: tuple[tuple[Any, ...], ...]) -> _Pace:
        """The sample for ``rows``, the service's newest rows now: from this one when they are its rows with one
        more at the end (the oldest dropped or not), afresh otherwise."""
        if rows == self.rows:
            return self
        if not rows or not self.rows or rows[:-1] not in (self.rows, self.rows[1:]):
            return _Pace.of(rows)
        ordered = list(self.ordered)
        if len(rows) == len(self.rows):  # full: the oldest left
            gone = _served_minutes(self.rows[0])
            if gone is not None:
                del ordered[bisect.bisect_left(ordered, gone)]
        new = _served_minutes(rows[-1])
        if new is not None:
            bisect.insort(ordered, new)
        return _Pace(rows, ordered)


_NO_PACE = _Pace((), [])
#: (day, service id) -> its sample as last read (see :class:`_Pace`); a new object at each change, never changed
#: in place, so a reader in another thread sees one whole sample or the other.
_PACES: dict[tuple[str, str], _Pace] = {}


def service_minutes(tx: Tx, ctx: Context, service: Service) -> float:
    """Minutes one resident takes at a counter for ``service``: the median of today's served tickets (the last
    :data:`LEARN_FROM_LAST` of them: the pace of now, and a cost that does not grow with the day) once there are
    enough of them (``queue.learn_min_samples``), the configured average before that."""
    day = ctx.today.isoformat()
    rows = tuple(
        tx.pluck(TICKETS, ("called_at", "finished_at"), last=LEARN_FROM_LAST, day=day, service=service.id, status=DONE)
    )
    key = (day, service.id)
    pace = _PACES.get(key, _NO_PACE).follow(rows)
    if len(_PACES) >= _PACES_KEPT and key not in _PACES:
        _PACES.clear()
    _PACES[key] = pace
    ordered = pace.ordered
    if len(ordered) < ctx.config.queue.learn_min_samples or not ordered:
        return float(service.avg_minutes)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return max(1.0, median)


def counter_capacity(tx: Tx, ctx: Context, service: Service) -> tuple[float, int, str | None]:
    """How many counters' worth of effort ``service`` gets now, how many of them are busy, and why none calls it
    now (:func:`_why_closed`), from one look at each counter's state.

    A counter that serves several services with people waiting splits its effort between them. Before any
    counter for the service has opened today, every counter configured for it is assumed to open.
    """
    counters = [c for c in ctx.config.counters if service.id in c.services]
    shared = {s for c in counters for s in c.services} - {service.id}
    pending = {s for s in shared if waiting_count(tx, ctx, s)} | {service.id}
    states = {c.id: counter_state(tx, ctx, c.id) for c in counters}
    active = [c for c in counters if states[c.id]["state"] == "open"] or counters
    capacity = sum(1 / max(1, len([s for s in c.services if s in pending])) for c in active)
    busy = sum(1 for c in active if states[c.id]["serving"])
    return capacity, busy, _why_closed([state["state"] for state in states.values()])


#: Why a wait cannot be estimated: no counter that calls the service is open (none opened yet, or all closed),
#: or those that are open for the day are all paused.
COUNTERS_CLOSED, COUNTERS_PAUSED = "counters_closed", "counters_paused"


@dataclass(frozen=True)
class WaitEstimate:
    """An estimated wait: the range in minutes of clock time, and the expected call time.

    ``unknown`` (:data:`COUNTERS_CLOSED` or :data:`COUNTERS_PAUSED`) says that no counter calling the service is
    open now, so the range is a guess nobody will meet: a resident is told why instead of the minutes (which the
    domain still uses, to refuse a wait that runs past closing). ``counters_open_at`` is when the hall's next
    session begins when it is not in one now (the counters open then), else None (not known).
    """

    low: int
    high: int
    expected_call: datetime | None
    unknown: str | None = None
    counters_open_at: datetime | None = None

    @property
    def shown(self) -> tuple[int | None, int | None]:
        """The range as a resident is told it: ``(None, None)`` when the wait is unknown."""
        return (None, None) if self.unknown else (self.low, self.high)


def _why_closed(states: list[str]) -> str | None:
    """Why no counter calls a service now, from the states of the counters that call it: :data:`COUNTERS_PAUSED`
    when some are paused, else :data:`COUNTERS_CLOSED`; None when at least one of them is open."""
    if "open" in states:
        return None
    return COUNTERS_PAUSED if "paused" in states else COUNTERS_CLOSED


def _counters_open_at(ctx: Context, *, walk_in: bool) -> datetime | None:
    """The start of the hall's next session when it is not in one now (counters open then), else None."""
    if ctx.hours.period_at(ctx.now, walk_in=walk_in) is not None:
        return None
    period = ctx.hours.next_opening(ctx.now, walk_in=walk_in)
    return period.start if period is not None else None


def estimate_wait(
    tx: Tx, ctx: Context, service: Service, *, ahead: int, walk_in: bool = True, start: datetime | None = None
) -> WaitEstimate:
    """Estimate the wait of a resident with ``ahead`` tickets before them.

    Expected working minutes = ahead x service time / counter capacity, plus half a service time when every
    counter is busy. The range is 0.75x to 1.25x that, plus one service slot at the top, then walked through the
    day's open periods, so a wait that spans the lunch break says so. ``start`` (default now) is when the wait
    begins to count, such as an appointment's slot; the minutes returned are always counted from now.
    ``expected_call`` is None when the day's opening hours run out first. When no counter calling the service is
    open, the estimate is marked ``unknown`` (see :class:`WaitEstimate`).
    """
    begin = max(start or ctx.now, ctx.now)
    minutes_each = service_minutes(tx, ctx, service)
    capacity, busy, unknown = counter_capacity(tx, ctx, service)
    expected = ahead * minutes_each / capacity
    if busy >= capacity:
        expected += minutes_each / 2
    low = expected * LOW_FACTOR
    high = expected * HIGH_FACTOR + minutes_each / capacity
    hours = ctx.hours

    # Fractional minutes: the range is rounded outwards below (floor for the low end, ceil for the high end).
    def clock_minutes(work_minutes: float) -> float | None:
        reached = hours.advance(begin, work_minutes, walk_in=walk_in)
        if reached is None:
            return None
        return max(0.0, (reached - ctx.now).total_seconds() / 60)

    expected_call = hours.advance(begin, expected, walk_in=walk_in)
    low_clock = clock_minutes(low)
    high_clock = clock_minutes(high)
    # Past closing the range is still worth showing (to staff); count it in plain minutes.
    low_value = math.floor(low_clock if low_clock is not None else low)
    high_value = math.ceil(high_clock if high_clock is not None else high)
    return WaitEstimate(
        low=low_value,
        high=max(high_value, low_value + 1),
        expected_call=expected_call,
        unknown=unknown,
        counters_open_at=_counters_open_at(ctx, walk_in=walk_in) if unknown else None,
    )


# --------------------------------------------------------------------------------------------- issuing


def _next_seq(tx: Tx, ctx: Context, prefix: str) -> int:
    """The next number for ``prefix`` today: one more than the highest issued, so no gap and no repeat."""
    day = ctx.today.isoformat()
    return int(tx.highest(TICKETS, "seq", day=day, prefix=prefix) or 0) + 1


def unused_code(tx: Tx, kind: str, table: TableName[Any]) -> str:
    """A fresh code not held by any live or archived record (collisions are rare; retry when one happens)."""
    while True:
        candidate = codes.new_code(kind)
        if not tx.count(table, code=candidate) and tx.archive.locate(candidate) is None:
            return candidate


def ahead_of_new(tx: Tx, ctx: Context, service: Service, *, priority: bool) -> int:
    """How many waiting tickets would be called before a new one of ``service``."""
    if not priority:
        return waiting_count(tx, ctx, service.id)
    queue = waiting(tx, ctx, {service.id})
    # A priority ticket goes behind everything already urgent (due appointments, priority, past the fairness cap).
    return sum(1 for t in queue if call_order_key(ctx, t)[0] == 0)


def new_ticket(
    tx: Tx,
    ctx: Context,
    service: Service,
    *,
    kind: str = "walk_in",
    priority: bool = False,
    appointment: str | None = None,
    wait_since: datetime | None = None,
    estimate: WaitEstimate | None = None,
) -> Ticket:
    """Write a new waiting ticket for ``service`` (rules already checked by the caller) and return it."""
    seq = _next_seq(tx, ctx, service.prefix)
    if seq > MAX_NUMBER:
        raise Refused("ticket.sold_out", service=service.id)
    if estimate is None:
        estimate = estimate_wait(
            tx, ctx, service, ahead=ahead_of_new(tx, ctx, service, priority=priority), walk_in=kind == "walk_in"
        )
    number = f"{service.prefix}{seq:03d}"
    ticket: Ticket = {
        "key": f"{ctx.today.isoformat()}/{number}",
        "day": ctx.today.isoformat(),
        "number": number,
        "prefix": service.prefix,
        "seq": seq,
        "code": unused_code(tx, "T", TICKETS),
        "service": service.id,
        "origin_service": service.id,
        "kind": kind,
        "appointment": appointment,
        "priority": priority,
        "issued_at": ctx.stamp,
        "wait_since": stamp(wait_since or ctx.now),
        "status": WAITING,
        "counter": None,
        "called_at": None,
        "first_called_at": None,
        "finished_at": None,
        "outcome": None,
        "recalls": 0,
        "wait_min": estimate.shown[0],
        "wait_max": estimate.shown[1],
        "wait_unknown": estimate.unknown,
        "counters_open_at": stamp(estimate.counters_open_at) if estimate.counters_open_at else None,
        "history": [event(ctx, "issued", service=service.id, priority=priority or None, appointment=appointment)],
    }
    tx.insert(TICKETS, ticket)
    return ticket


def issue_walk_in(tx: Tx, ctx: Context, service_id: str, *, priority: bool = False) -> Ticket:
    """Issue a walk-in ticket, or refuse when walk-ins are not taken now or the wait would run past closing.

    A refusal is :class:`Refused` with ``data["next_opening"]`` (an :class:`~kiosk.hours.OpenPeriod` or None)
    so the caller can say when the hall opens and offer a booking.
    """
    service = find_service(ctx, service_id)
    hours = ctx.hours
    if not service.walk_in:
        raise Refused("ticket.booking_only", service=service.id, data={"next_opening": None})
    # A service that takes no appointments must not be told "or book one instead".
    closed = "ticket.closed" if service.booking else "ticket.closed_walk_in_only"
    past_closing = "ticket.past_closing" if service.booking else "ticket.past_closing_walk_in_only"
    period = walk_in_session(ctx)
    if period is None:
        next_open = hours.next_opening(ctx.now, walk_in=True)
        raise Refused(closed, opens=_when(next_open), data={"next_opening": next_open})
    if outside_window(service, period):
        next_open = next_regular_session(ctx)
        raise Refused(
            "ticket.not_in_window", service=service.id, opens=_when(next_open), data={"next_opening": next_open}
        )
    # Before the session opens, the wait counts from the opening (and the calling order from then too).
    opens = period.start if period.start > ctx.now else None
    ahead = ahead_of_new(tx, ctx, service, priority=priority)
    estimate = estimate_wait(tx, ctx, service, ahead=ahead, start=opens)
    if estimate.expected_call is None:
        next_open = hours.next_opening(_end_of_day(ctx), walk_in=True)
        raise Refused(past_closing, service=service.id, opens=_when(next_open), data={"next_opening": next_open})
    if opens is not None:
        before = (opens - ctx.now).total_seconds() / 60
        low = max(0, math.floor(estimate.low - before))
        estimate = WaitEstimate(low, max(low + 1, math.ceil(estimate.high - before)), estimate.expected_call)
    return new_ticket(tx, ctx, service, priority=priority, estimate=estimate, wait_since=opens)


def early_session(ctx: Context) -> OpenPeriod | None:
    """The walk-in session of today opening within ``queue.early_ticket_minutes`` from now (the morning before
    the doors open, the afternoon during the lunch break), whose tickets are already issued; None otherwise."""
    minutes = ctx.config.queue.early_ticket_minutes
    if minutes <= 0:
        return None
    coming = ctx.hours.next_opening(ctx.now, walk_in=True, within_days=0)
    if coming is None or coming.start <= ctx.now or coming.start.date() != ctx.today:
        return None
    if (coming.start - ctx.now).total_seconds() > minutes * 60:
        return None
    return coming


def session_start(ticket: Mapping[str, Any]) -> datetime | None:
    """When the session a ticket was issued ahead of opens (its wait counts from then): None for a ticket issued
    while its session was open, or for an appointment's ticket."""
    if ticket.get("kind") != "walk_in":
        return None
    opens = parse_stamp(ticket["wait_since"])
    return opens if opens > parse_stamp(ticket["issued_at"]) else None


def expired_because(ticket: Mapping[str, Any]) -> str | None:
    """Why an expired ticket expired: :data:`WALK_IN_ENDED` (the day's walk-in hours ended before its call and
    the counters closed), ``"day_closed"`` (still waiting or called when the day was closed), else None."""
    if ticket.get("status") != EXPIRED:
        return None
    for entry in reversed(ticket.get("history", [])):
        if entry.get("event") == "expired":
            return str(entry.get("reason") or "day_closed")
    return "day_closed"


def _end_of_day(ctx: Context) -> datetime:
    return datetime.combine(ctx.today, datetime.max.time(), tzinfo=ctx.config.timezone)


def walk_in_session(ctx: Context) -> OpenPeriod | None:
    """The walk-in session going on now, or about to open with its tickets already issued; None otherwise."""
    return ctx.hours.period_at(ctx.now, walk_in=True) or early_session(ctx)


def outside_window(service: Service, session: OpenPeriod | None) -> bool:
    """Whether ``service`` takes walk-ins in general but not in ``session`` (:func:`walk_in_session`), an
    extended-hours (错时) session it is kept out of: its ticket is refused with ``ticket.not_in_window``, and a
    kiosk says so before the resident picks it."""
    return bool(service.walk_in and session is not None and session.staggered and not service.staggered)


def next_regular_session(ctx: Context) -> OpenPeriod | None:
    """The next walk-in session that is not extended hours (when a service kept out of them is offered again)."""
    probe = ctx.now
    for _ in range(60):
        period = ctx.hours.next_opening(probe, walk_in=True)
        if period is None or not period.staggered:
            return period
        probe = period.end
    return None


def _when(period: OpenPeriod | None) -> str:
    """``2026-11-23 08:30`` for a refusal message, or an empty string when no opening is known."""
    return period.start.strftime("%Y-%m-%d %H:%M") if period is not None else ""


def position(tx: Tx, ctx: Context, ticket: Ticket) -> int:
    """How many waiting tickets of the ticket's service stand before it in the calling order."""
    if ticket["status"] != WAITING:
        return 0
    queue = expected_order(tx, ctx, ticket["service"])
    return next((n for n, t in enumerate(queue) if t["key"] == ticket["key"]), 0)


def expected_order(tx: Tx, ctx: Context, service_id: str) -> list[Ticket]:
    """The waiting tickets of ``service_id`` in the order they will be called (what :func:`position` counts in,
    and what a "your turn is near" message is sent by)."""
    queue = waiting(tx, ctx, {service_id})
    # An appointment checked in early joins the urgent class when its slot begins (at most the check-in window
    # away): count as if that had happened, so that its slip ("called ahead of walk-ins") and a walk-in's count
    # say the order the residents will actually be called in, not the order of this minute.
    due = max((parse_stamp(t["wait_since"]) for t in queue if t["kind"] == "appointment"), default=ctx.now)
    then = replace(ctx, now=max(ctx.now, due))
    queue.sort(key=lambda t: call_order_key(then, t))
    return queue


def wait_now(tx: Tx, ctx: Context, ticket: Ticket) -> tuple[int, WaitEstimate]:
    """How many stand before a waiting ``ticket`` now and its wait estimated now (a reprinted slip says these,
    not the figures of when it was issued)."""
    ahead = position(tx, ctx, ticket)
    service = find_service(ctx, ticket["service"])
    walk_in = ticket["kind"] == "walk_in"
    since = parse_stamp(ticket["wait_since"])
    return ahead, estimate_wait(tx, ctx, service, ahead=ahead, walk_in=walk_in, start=since)


# --------------------------------------------------------------------------------------------- calling


def call_order_key(ctx: Context, ticket: Ticket) -> tuple[int, float, int]:
    """Sort key of the calling order: smaller is called first.

    First come the urgent: checked-in appointments whose slot has begun, priority residents, and anyone who has
    waited ``queue.max_wait_minutes`` or more (the fairness cap, so a stream of urgent tickets cannot keep a
    resident waiting for ever). Within each class, the longest wait comes first, whatever the service, which is
    what makes a counter serving several services fair between them. An appointment checked in early waits
    from its slot start, so it does not jump ahead before its time.
    """
    waited = (ctx.now - parse_stamp(ticket["wait_since"])).total_seconds()
    due_appointment = ticket["kind"] == "appointment" and waited >= 0
    capped = waited >= ctx.config.queue.max_wait_minutes * 60  # past_wait_cap, without reading the time again
    urgent = due_appointment or ticket["priority"] or capped
    return (0 if urgent else 1, -waited, ticket["seq"])


def past_wait_cap(ctx: Context, ticket: Ticket) -> bool:
    """Whether ``ticket`` has waited ``queue.max_wait_minutes`` or more (the fairness cap of
    :func:`call_order_key`)."""
    waited = (ctx.now - parse_stamp(ticket["wait_since"])).total_seconds()
    return waited >= ctx.config.queue.max_wait_minutes * 60


# --------------------------------------------------------------------------------------------- end of the walk-in hours

#: The reason recorded on a walk-in ticket that expired because the day's walk-in hours ended before its call.
WALK_IN_ENDED = "walk_in_ended"


def walk_in_hours_end(ctx: Context) -> datetime | None:
    """When today's last period taking walk-ins ends (17:30 on a weekday); None on a day without walk-ins."""
    ends = [period.end for period in ctx.hours.periods(ctx.today) if period.walk_in]
    return max(ends, default=None)


def _in_walk_in_hours(ctx: Context) -> bool:
    """Whether today's walk-in hours are still on: no walk-in session can be over yet."""
    end = walk_in_hours_end(ctx)
    return end is not None and ctx.now < end


def session_over(tx: Tx, ctx: Context, ticket: Ticket) -> bool:
    """Whether a walk-in ticket still waiting has outlived its session.

    Walk-in tickets still waiting when the day's walk-in hours end are served for as long as a counter for their
    service stays open (the residents are already in the hall), but never in an appointments-only window (the
    weekday evening): once every such counter has closed, or such a window has begun, they are over. Appointment
    and late check-in tickets are not affected.
    """
    if ticket["status"] != WAITING or ticket["kind"] != "walk_in" or ticket["day"] != ctx.today.isoformat():
        return False
    if _in_walk_in_hours(ctx):
        return False
    if ctx.hours.period_at(ctx.now, walk_in=False) is not None:
        return True  # the walk-in hours are over, so any period running now takes appointments only
    return all(
        counter_state(tx, ctx, counter.id)["state"] == "closed"
        for counter in ctx.config.counters
        if ticket["service"] in counter.services
    )


def expire_ended_sessions(tx: Tx, ctx: Context) -> list[Ticket]:
    """Expire today's walk-in tickets whose session is over (:func:`session_over`), recording why; returns them."""
    if _in_walk_in_hours(ctx):
        return []  # no session is over (session_over): no waiting ticket is copied to find that out
    expired = []
    for ticket in _waiting_recorded(tx, ctx):
        if session_over(tx, ctx, ticket):
            ticket.update(
                {
                    "status": EXPIRED,
                    "history": ticket["history"] + [event(ctx, "expired", reason=WALK_IN_ENDED)],
                }
            )
            tx.update(TICKETS, ticket["key"], ticket)
            expired.append(ticket)
    return expired


# --------------------------------------------------------------------------------------------- calling (continued)


def call_next(tx: Tx, ctx: Context, counter_id: str, *, staff: str | None = None) -> Ticket | None:
    """Call the next ticket for the counter, or return None when nobody waits for its services.

    Refused while the counter still serves a ticket. A closed or paused counter that calls is evidently
    staffed, so it is opened.
    """
    counter = find_counter(ctx, counter_id)
    state = counter_state(tx, ctx, counter.id)
    if state["serving"]:
        serving = tx.get(TICKETS, state["serving"])
        raise Refused("counter.busy", counter=counter.id, number=serving["number"] if serving else "?")
    state.update({"state": "open", "staff": staff or state.get("staff")})
    expire_ended_sessions(tx, ctx)
    queue = sorted(waiting(tx, ctx, set(counter.services)), key=lambda t: call_order_key(ctx, t))
    if not queue:
        _save_counter(tx, state)
        return None
    ticket = queue[0]
    ticket.update(
        {
            "status": CALLED,
            "counter": counter.id,
            "called_at": ctx.stamp,
            "first_called_at": ticket["first_called_at"] or ctx.stamp,
            "history": ticket["history"] + [event(ctx, "called", counter=counter.id, staff=staff)],
        }
    )
    tx.update(TICKETS, ticket["key"], ticket)
    state["serving"] = ticket["key"]
    _save_counter(tx, state)
    _log_call(tx, ctx, ticket, counter.id, recall=False)
    return ticket


def _log_call(tx: Tx, ctx: Context, ticket: Ticket, counter_id: str, *, recall: bool) -> None:
    day = ctx.today.isoformat()
    seq = tx.count(CALLS, day=day) + 1
    # ``id`` never repeats and only grows, across days too (kept in the store's meta, which is never archived):
    # a board remembers the last id it showed and shows every call above it, however many came at once.
    call_id = int(tx.meta(LAST_CALL_ID, 0)) + 1
    tx.set_meta(LAST_CALL_ID, call_id)
    tx.insert(
        CALLS,
        {
            "key": f"{day}/call/{seq}",
            "id": call_id,
            "day": day,
            "seq": seq,
            "at": ctx.stamp,
            "ticket": ticket["key"],
            "number": ticket["number"],
            "service": ticket["service"],
            "counter": counter_id,
            "recall": recall,
        },
    )


def serving(tx: Tx, ctx: Context, counter_id: str) -> Ticket:
    """The ticket the counter is serving, or :class:`Refused` when it serves none."""
    counter = find_counter(ctx, counter_id)
    state = counter_state(tx, ctx, counter.id)
    ticket = tx.get(TICKETS, state["serving"]) if state["serving"] else None
    if ticket is None:
        raise Refused("counter.idle", counter=counter.id)
    return ticket


def _release(tx: Tx, ctx: Context, counter_id: str) -> None:
    state = counter_state(tx, ctx, counter_id)
    state["serving"] = None
    _save_counter(tx, state)


def recall_ready_at(ctx: Context, ticket: Ticket) -> datetime:
    """When the served ``ticket`` may be recalled: ``queue.recall_interval_seconds`` after its last call or
    recall (the resident needs the time to hear it and walk over)."""
    last = parse_stamp(ticket["called_at"] or ctx.stamp)
    return min(last, ctx.now) + timedelta(seconds=ctx.config.queue.recall_interval_seconds)


def recall(tx: Tx, ctx: Context, counter_id: str, *, staff: str | None = None, give_up: bool = False) -> Ticket:
    """Call the served ticket again.

    Refused (``ticket.recall_too_soon``, with the seconds left) until ``queue.recall_interval_seconds`` have
    passed since its last call or recall. Once it has been recalled ``queue.max_recalls`` times, the next recall
    is refused (``ticket.recalls_exhausted``) unless ``give_up`` says the clerk confirmed it: then the ticket is a
    no-show, as :func:`no_show` makes it. A ticket never becomes a no-show without the clerk asking for it.
    """
    ticket = serving(tx, ctx, counter_id)
    left = math.ceil((recall_ready_at(ctx, ticket) - ctx.now).total_seconds())
    if left > 0:
        raise Refused("ticket.recall_too_soon", number=ticket["number"], seconds=left, data={"seconds": left})
    if ticket["recalls"] >= ctx.config.queue.max_recalls:
        if not give_up:
            raise Refused("ticket.recalls_exhausted", number=ticket["number"], max=ctx.config.queue.max_recalls)
        return no_show(tx, ctx, counter_id, staff=staff, note="recalls_exhausted")
    ticket.update(
        {
            "recalls": ticket["recalls"] + 1,
            "called_at": ctx.stamp,
            "history": ticket["history"] + [event(ctx, "recalled", counter=counter_id, staff=staff)],
        }
    )
    tx.update(TICKETS, ticket["key"], ticket)
    _log_call(tx, ctx, ticket, counter_id, recall=True)
    return ticket


def no_show(tx: Tx, ctx: Context, counter_id: str, *, staff: str | None = None, note: str | None = None) -> Ticket:
    """The called resident did not come: the ticket ends as a no-show and the counter is free."""
    from kiosk import booking  # booking imports this module

    ticket = serving(tx, ctx, counter_id)
    ticket.update(
        {
            "status": NO_SHOW,
            "finished_at": ctx.stamp,
            "history": ticket["history"] + [event(ctx, "no_show", counter=counter_id, staff=staff, note=note)],
        }
    )
    tx.update(TICKETS, ticket["key"], ticket)
    _release(tx, ctx, counter_id)
    if ticket["appointment"]:
        booking.ticket_ended(tx, ctx, ticket)
    return ticket


def finish(
    tx: Tx,
    ctx: Context,
    counter_id: str,
    *,
    outcome: str = "completed",
    staff: str | None = None,
    note: str | None = None,
) -> Ticket:
    """The served resident is done, with ``outcome`` (one of :data:`OUTCOMES`)."""
    from kiosk import booking

    if outcome not in OUTCOMES:
        raise InvalidInput("ticket.bad_outcome", field="outcome", outcome=outcome, known=", ".join(OUTCOMES))
    note = validation.text_block(note or "", "note", maximum=validation.NOTE_MAX, required=False) or None
    ticket = serving(tx, ctx, counter_id)
    ticket.update(
        {
            "status": DONE,
            "finished_at": ctx.stamp,
            "outcome": outcome,
            "history": ticket["history"]
            + [event(ctx, "finished", counter=counter_id, staff=staff, outcome=outcome, note=note)],
        }
    )
    tx.update(TICKETS, ticket["key"], ticket)
    _release(tx, ctx, counter_id)
    if ticket["appointment"]:
        booking.ticket_ended(tx, ctx, ticket)
    return ticket


def transfer(tx: Tx, ctx: Context, counter_id: str, service_id: str, *, staff: str | None = None) -> Ticket:
    """Send the served resident to another service. The ticket keeps its number and its place: it waits again
    from the time it first started waiting, so it is not sent to the back of the new queue."""
    service = find_service(ctx, service_id)
    ticket = serving(tx, ctx, counter_id)
    if ticket["service"] == service.id:
        raise Refused("ticket.same_service", service=service.id)
    ticket.update(
        {
            "status": WAITING,
            "service": service.id,
            "counter": None,
            "called_at": None,
            "recalls": 0,
            "history": ticket["history"]
            + [event(ctx, "transferred", counter=counter_id, staff=staff, service=service.id)],
        }
    )
    tx.update(TICKETS, ticket["key"], ticket)
    _release(tx, ctx, counter_id)
    return ticket


def set_counter(tx: Tx, ctx: Context, counter_id: str, state_name: str, *, staff: str | None = None) -> CounterState:
    """Open, pause or close a counter. Pausing or closing while a ticket is served is refused: finish first."""
    if state_name not in ("open", "paused", "closed"):
        raise InvalidInput("counter.bad_state", field="state", state=state_name)
    counter = find_counter(ctx, counter_id)
    state = counter_state(tx, ctx, counter.id)
    if state_name != "open" and state["serving"]:
        raise Refused("counter.finish_first", counter=counter.id)
    state.update({"state": state_name, "staff": staff if state_name == "open" else state.get("staff")})
    _save_counter(tx, state)
    expire_ended_sessions(tx, ctx)  # closing the last counter after the walk-in hours ends their queue
    return state


def expire_day(tx: Tx, ctx: Context, day: str) -> list[Ticket]:
    """End of ``day``: tickets still waiting or called become expired and counters stop serving them.

    Returns every ticket of the day, in its final state.
    """
    from kiosk import booking

    final = []
    for ticket in tx.where(TICKETS, day=day):
        if ticket["status"] in (WAITING, CALLED):
            ticket.update({"status": EXPIRED, "history": ticket["history"] + [event(ctx, "expired")]})
            tx.update(TICKETS, ticket["key"], ticket)
            if ticket["appointment"]:
                booking.ticket_ended(tx, ctx, ticket)
        final.append(ticket)
    for state in tx.records(COUNTERS):
        if state.get("day") == day:
            tx.update(COUNTERS, state["key"], {"serving": None, "state": "closed"})
    return final


def waiting_summary(tx: Tx, ctx: Context) -> dict[str, WaitingSummary]:
    """Per service: how many wait, the longest wait in minutes, and the next numbers in calling order."""
    summary: dict[str, WaitingSummary] = {}
    # One key per ticket (the key holds minus the wait in seconds), then one pass that groups them by service.
    keyed = sorted(((call_order_key(ctx, t), t) for t in waiting(tx, ctx)), key=lambda pair: pair[0])
    by_service: dict[str, list[tuple[tuple[int, float, int], Ticket]]] = {}
    for pair in keyed:
        by_service.setdefault(pair[1]["service"], []).append(pair)
    for service in ctx.config.services:
        mine = by_service.get(service.id, [])
        longest = max((-key[1] / 60 for key, _ in mine), default=0)
        summary[service.id] = {
            "waiting": len(mine),
            "longest_wait_min": max(0, round(longest)),
            "next": [t["number"] for _, t in mine[:5]],
        }
    return summary


def ticket_by_code(tx: Tx, code: str) -> Ticket | None:
    """The live ticket holding ``code``, or the archived one, or None."""
    found = tx.where(TICKETS, code=code)
    if found:
        return found[0]
    return tx.archive.find(TICKETS, code)


__all__ = [
    "OUTCOMES",
    "call_next",
    "call_order_key",
    "early_session",
    "estimate_wait",
    "expire_ended_sessions",
    "expired_because",
    "finish",
    "issue_walk_in",
    "new_ticket",
    "no_show",
    "past_wait_cap",
    "recall",
    "session_over",
    "session_start",
    "recall_ready_at",
    "set_counter",
    "transfer",
    "waiting",
    "waiting_summary",
]
