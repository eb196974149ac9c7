"""The hall as one object: each resident or clerk action is one method, one transaction, one result.

The CLI, the Textual screens and the tests all go through :class:`Hall`, so a rule lives in exactly one place:
the domain modules (:mod:`kiosk.queue`, :mod:`kiosk.booking`, :mod:`kiosk.requests`, :mod:`kiosk.ratings`).
Methods return plain JSON-ready dicts and raise :class:`~kiosk.errors.KioskError` subclasses for refusals;
a refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from kiosk import booking, codes, dayclose, queue, ratings, requests, validation
from kiosk.clock import Clock, SystemClock
from kiosk.config import HallConfig
from kiosk.context import Context, stamp
from kiosk.errors import Refused
from kiosk.hours import HallHours, OpenPeriod
from kiosk.store import Store, Tx

T = TypeVar("T")


def period_dict(period: OpenPeriod | None) -> dict[str, Any] | None:
    """An open period as JSON-ready data."""
    if period is None:
        return None
    return {"start": stamp(period.start), "end": stamp(period.end), "staggered": period.staggered,
            "walk_in": period.walk_in, "booking": period.booking, "window": period.window_id}


class Hall:
    """Config, calendar, clock and store, with every action of the product as a method."""

    def __init__(self, config: HallConfig, store: Store, clock: Clock | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock or SystemClock(config.timezone)
        self.hours = HallHours(config)

    @classmethod
    def open(cls, config: HallConfig, *, clock: Clock | None = None, data_path: str | None = None,
             durable: bool = True, check: bool = True) -> Hall:
        """Open the hall on its data file (``data_path`` overrides the config's), creating the file if new.

        ``check=False`` leaves the data file alone (not created, not read): for recovering from backups when
        the file itself cannot be read.
        """
        rules = config.store
        store = Store(data_path or config.data_path, backups_keep=rules.backups_keep,
                      backup_interval_minutes=rules.backup_interval_minutes,
                      lock_timeout_seconds=rules.lock_timeout_seconds, durable=durable)
        if check:
            store.open()
        return cls(config, store, clock)

    # -- plumbing

    def context(self) -> Context:
        """A context at the clock's current instant."""
        return Context(self.config, self.hours, self.clock.now())

    def write(self, action: Callable[[Tx, Context], T]) -> T:
        """Run ``action`` in one transaction, closing earlier days first when a new day has begun."""
        ctx = self.context()
        with self.store.snapshot() as tx:
            stale = dayclose.needs_closing(tx, ctx)
        if stale:
            with self.store.transaction() as tx:
                if dayclose.needs_closing(tx, ctx):
                    dayclose.close_days(tx, ctx)
        with self.store.transaction() as tx:
            return action(tx, ctx)

    def read(self, action: Callable[[Tx, Context], T]) -> T:
        """Run ``action`` on a consistent snapshot, without taking the lock."""
        ctx = self.context()
        with self.store.snapshot() as tx:
            return action(tx, ctx)

    def close_days(self) -> dict[str, int]:
        """Close and archive every day before today now (what the nightly run calls)."""
        with self.store.transaction() as tx:
            return dayclose.close_days(tx, self.context())

    # -- residents

    def issue_ticket(self, service: str, *, priority: bool = False) -> dict[str, Any]:
        """A walk-in ticket, or :class:`Refused` whose ``data`` holds the next opening and bookable slots."""
        try:
            return self.write(lambda tx, ctx: queue.issue_walk_in(tx, ctx, service, priority=priority))
        except Refused as refusal:
            if isinstance(refusal.data, dict) and queue.find_service(self.context(), service).booking:
                refusal.data["slots"] = self.read(
                    lambda tx, ctx: [s.as_dict() for s in booking.next_open_slots(tx, ctx, service)])
            raise

    def slots(self, service: str, day: date | None = None) -> list[dict[str, Any]]:
        """Every slot of ``service`` on ``day`` (default today) with its remaining places and whether it can be
        booked now."""
        def action(tx: Tx, ctx: Context) -> list[dict[str, Any]]:
            chosen = day or ctx.today
            svc = booking.bookable_service(ctx, service)
            bookable = {s.start for s in booking.open_slots(tx, ctx, service, chosen)}
            return [dict(s.as_dict(), bookable=s.start in bookable) for s in booking.day_slots(tx, ctx, svc, chosen)]
        return self.read(action)

    def booking_days(self, service: str) -> list[dict[str, Any]]:
        """The days of the booking horizon: open places per day, closed days with their reason."""
        def action(tx: Tx, ctx: Context) -> list[dict[str, Any]]:
            booking.bookable_service(ctx, service)
            days = []
            for offset in range(ctx.config.booking.horizon_days + 1):
                day = ctx.today + timedelta(days=offset)
                closed = ctx.hours.closed_reason(day)
                free = booking.open_slots(tx, ctx, service, day)
                days.append({"date": day.isoformat(), "closed": closed is not None,
                             "reason": {"zh-Hans": closed.zh_hans, "en": closed.en} if closed else None,
                             "remaining": sum(s.remaining for s in free),
                             "staggered": any(s.staggered for s in free)})
            return days
        return self.read(action)

    def book(self, service: str, day: date, at: time, name: str, phone: str) -> dict[str, Any]:
        """Book an appointment; the result carries its confirmation code."""
        return self.write(lambda tx, ctx: booking.book(tx, ctx, service, day, at, name, phone))

    def appointment(self, code: str, last4: str) -> dict[str, Any]:
        """The live appointment ``code`` when the phone ends in ``last4``, read without changing anything: a
        kiosk proves the appointment is the resident's before offering to cancel or move it."""
        return self.read(lambda tx, ctx: booking.owned(tx, code, last4))

    def cancel(self, code: str, last4: str) -> dict[str, Any]:
        """Cancel an appointment by code and the phone's last four digits."""
        return self.write(lambda tx, ctx: booking.cancel(tx, ctx, code, last4))

    def reschedule(self, code: str, last4: str, day: date, at: time) -> dict[str, Any]:
        """Move an appointment to another slot, keeping its code."""
        return self.write(lambda tx, ctx: booking.reschedule(tx, ctx, code, last4, day, at))

    def check_in(self, code: str, last4: str) -> dict[str, Any]:
        """Check in; returns ``{"appointment": ..., "ticket": ...}``."""
        appointment, ticket = self.write(lambda tx, ctx: booking.check_in(tx, ctx, code, last4))
        return {"appointment": appointment, "ticket": ticket}

    def file_request(self, category: str, description: str, phone: str, *, address: str | None = None,
                     preferred_time: str | None = None) -> dict[str, Any]:
        """File a service request; the result carries its tracking code and due time."""
        return self.write(lambda tx, ctx: requests.file_request(
            tx, ctx, category, description, phone, address=address, preferred_time=preferred_time))

    def rate(self, code: str, level: str | int, comment: str = "") -> dict[str, Any]:
        """Rate a finished ticket, attended appointment or resolved request."""
        return self.write(lambda tx, ctx: ratings.rate(tx, ctx, code, level, comment))

    def status(self, code: str) -> dict[str, Any]:
        """What a code stands for, with its history: ``{"kind", "record", "position"?, "rated"}``."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> dict[str, Any]:
            kind, record = ratings.subject(tx, canonical)
            result = {"kind": kind, "code": canonical, "display": codes.display(canonical), "record": record,
                      "rated": ratings.already_rated(tx, canonical)}
            if kind == "ticket" and record["status"] == queue.WAITING and record["day"] == ctx.today.isoformat():
                result["position"] = queue.position(tx, ctx, record)
            if kind == "request":
                result["overdue"] = requests.is_overdue(ctx, record)
            return result
        return self.read(action)

    # -- counters

    def call_next(self, counter: str, *, staff: str | None = None) -> dict[str, Any] | None:
        """Call the next ticket at ``counter`` (None when nobody waits for its services)."""
        return self.write(lambda tx, ctx: queue.call_next(tx, ctx, counter, staff=staff))

    def recall(self, counter: str, *, staff: str | None = None) -> dict[str, Any]:
        """Call the served ticket again (past the recall limit it becomes a no-show)."""
        return self.write(lambda tx, ctx: queue.recall(tx, ctx, counter, staff=staff))

    def no_show(self, counter: str, *, staff: str | None = None) -> dict[str, Any]:
        """The called resident did not come."""
        return self.write(lambda tx, ctx: queue.no_show(tx, ctx, counter, staff=staff))

    def transfer(self, counter: str, service: str, *, staff: str | None = None) -> dict[str, Any]:
        """Send the served resident to another service, keeping their place."""
        return self.write(lambda tx, ctx: queue.transfer(tx, ctx, counter, service, staff=staff))

    def finish(self, counter: str, *, outcome: str = "completed", staff: str | None = None,
               note: str | None = None) -> dict[str, Any]:
        """The served resident is done."""
        return self.write(lambda tx, ctx: queue.finish(tx, ctx, counter, outcome=outcome, staff=staff, note=note))

    def set_counter(self, counter: str, state: str, *, staff: str | None = None) -> dict[str, Any]:
        """Open, pause or close a counter."""
        return self.write(lambda tx, ctx: queue.set_counter(tx, ctx, counter, state, staff=staff))

    # -- requests, for staff

    def advance_request(self, code: str, status: str, *, staff: str, note: str = "",
                        assignee: str | None = None) -> dict[str, Any]:
        """Move a request along its lifecycle."""
        canonical = validation.code(code)
        return self.write(lambda tx, ctx: requests.advance(tx, ctx, canonical, status, staff=staff, note=note,
                                                           assignee=assignee))

    def note_request(self, code: str, *, staff: str, note: str) -> dict[str, Any]:
        """Add a note to a request."""
        canonical = validation.code(code)
        return self.write(lambda tx, ctx: requests.add_note(tx, ctx, canonical, staff=staff, note=note))

    def overdue_requests(self) -> list[dict[str, Any]]:
        """Open requests past their due time."""
        return self.read(requests.overdue)

    # -- the hall at a glance

    def overview(self) -> dict[str, Any]:
        """Open or closed now, the next opening, waiting per service with estimates, and the counters."""
        def action(tx: Tx, ctx: Context) -> dict[str, Any]:
            period = ctx.hours.period_at(ctx.now, walk_in=False)
            walk_in = ctx.hours.period_at(ctx.now, walk_in=True)
            summary = queue.waiting_summary(tx, ctx)
            services = []
            for service in ctx.config.services:
                estimate = queue.estimate_wait(tx, ctx, service, ahead=summary[service.id]["waiting"])
                services.append(dict(summary[service.id], id=service.id, prefix=service.prefix,
                                     wait_min=estimate.low, wait_max=estimate.high))
            counters = []
            for counter in ctx.config.counters:
                state = queue.counter_state(tx, ctx, counter.id)
                ticket = tx.get(queue.TICKETS, state["serving"]) if state["serving"] else None
                counters.append({"id": counter.id, "state": state["state"],
                                 "serving": ticket["number"] if ticket else None})
            return {
                "now": ctx.stamp,
                "open": period is not None,
                "walk_in": walk_in is not None,
                "period": period_dict(period),
                "next_opening": period_dict(ctx.hours.next_opening(ctx.now, walk_in=False)),
                "next_walk_in": period_dict(ctx.hours.next_opening(ctx.now, walk_in=True)),
                "closed_reason": (lambda r: {"zh-Hans": r.zh_hans, "en": r.en} if r else None)(
                    ctx.hours.closed_reason(ctx.today)),
                "services": services,
                "counters": counters,
            }
        return self.read(action)

    def now(self) -> datetime:
        """The clock's current instant."""
        return self.clock.now()
