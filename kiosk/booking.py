"""Appointments: slots and their capacity, booking, cancelling, moving, checking in, and no-shows.

Slots come from the calendar (:mod:`kiosk.hours`): each open period that takes bookings on a day is cut into the
service's ``slot_minutes``, each with ``slot_capacity`` places. Staggered-hours windows (weekday evenings,
Saturday mornings) give slots marked ``staggered``.

Records: table ``appointments`` holds :class:`~kiosk.records.Appointment` (key = the appointment's code).

Capacity counts every appointment that holds its place: booked, checked in, attended and no-show (a no-show
took a place that someone else could have had). A cancelled one frees its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk import queue, validation
from kiosk.config import Service
from kiosk.context import Context, event, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import Appointment, Ticket
from kiosk.records import Slot as SlotDict
from kiosk.store import TableName, Tx

APPOINTMENTS: TableName[Appointment] = TableName("appointments")
BOOKED, CHECKED_IN, ATTENDED, CANCELLED, NO_SHOW = "booked", "checked_in", "attended", "cancelled", "no_show"
HOLDS_PLACE = (BOOKED, CHECKED_IN, ATTENDED, NO_SHOW)
ACTIVE = (BOOKED, CHECKED_IN)


@dataclass(frozen=True)
class Slot:
    """One bookable slot of a service: when, whether it is a staggered-hours slot, and its places."""

    service: str
    start: datetime
    end: datetime
    staggered: bool
    window: str | None
    capacity: int
    taken: int

    @property
    def remaining(self) -> int:
        """Places still free."""
        return max(0, self.capacity - self.taken)

    def as_dict(self) -> SlotDict:
        """The slot as JSON-ready data."""
        return {
            "service": self.service,
            "date": self.start.date().isoformat(),
            "time": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
            "staggered": self.staggered,
            "window": self.window,
            "capacity": self.capacity,
            "remaining": self.remaining,
        }


def bookable_service(ctx: Context, service_id: str) -> Service:
    """The service, refused when it takes no appointments."""
    service = queue.find_service(ctx, service_id)
    if not service.booking:
        raise Refused("booking.not_offered", field="service", service=service.id)
    return service


def _taken(tx: Tx, service_id: str, day: date, *, exclude: str | None = None) -> dict[str, int]:
    """Places held per slot start (ISO) for a service on a day."""
    held: dict[str, int] = {}
    iso_day = day.isoformat()
    for appt in tx.where(APPOINTMENTS, day=iso_day, service=service_id):
        if appt["status"] in HOLDS_PLACE and appt["key"] != exclude:
            held[appt["start"]] = held.get(appt["start"], 0) + 1
    return held


def day_slots(tx: Tx, ctx: Context, service: Service, day: date, *, exclude: str | None = None) -> list[Slot]:
    """Every slot of ``service`` on ``day`` with its places, whether or not it can still be booked now."""
    # Held places by the slot's instant, not its written stamp: writing each slot's stamp to look it up cost more
    # than the rest of a booking (the same instants compare equal whatever their time zone object).
    held = {parse_stamp(start): places for start, places in _taken(tx, service.id, day, exclude=exclude).items()}
    step = timedelta(minutes=service.slot_minutes)
    slots = []
    for period in ctx.hours.periods(day):
        if not period.booking or (period.staggered and not service.staggered):
            continue
        start = period.start
        while start + step <= period.end:
            slots.append(
                Slot(
                    service.id,
                    start,
                    start + step,
                    period.staggered,
                    period.window_id,
                    service.slot_capacity,
                    held.get(start, 0),
                )
            )
            start += step
    return slots


def open_slots(tx: Tx, ctx: Context, service_id: str, day: date, *, exclude: str | None = None) -> list[Slot]:
    """Slots of ``day`` a resident may book now: within the horizon, past the lead time, with a place left."""
    service = bookable_service(ctx, service_id)
    if not _within_horizon(ctx, day):
        return []
    earliest = ctx.now + timedelta(minutes=ctx.config.booking.lead_minutes)
    return [s for s in day_slots(tx, ctx, service, day, exclude=exclude) if s.start >= earliest and s.remaining > 0]


def _within_horizon(ctx: Context, day: date) -> bool:
    return ctx.today <= day <= ctx.today + timedelta(days=ctx.config.booking.horizon_days)


def next_open_slots(tx: Tx, ctx: Context, service_id: str, *, limit: int = 5) -> list[Slot]:
    """The first ``limit`` bookable slots from now on (offered when a walk-in is refused)."""
    found: list[Slot] = []
    for offset in range(ctx.config.booking.horizon_days + 1):
        found += open_slots(tx, ctx, service_id, ctx.today + timedelta(days=offset))
        if len(found) >= limit:
            break
    return found[:limit]


def _find_slot(tx: Tx, ctx: Context, service: Service, day: date, at: time, *, exclude: str | None = None) -> Slot:
    """The slot starting at ``at`` on ``day``, checked against the booking rules (not yet against places)."""
    if day < ctx.today:
        raise InvalidInput("booking.past_date", field="date", date=day.isoformat())
    if not _within_horizon(ctx, day):
        raise Refused("booking.beyond_horizon", field="date", days=ctx.config.booking.horizon_days)
    closed = ctx.hours.closed_reason(day)
    if closed is not None:
        raise Refused(
            "booking.closed_day", field="date", date=day.isoformat(), reason_zh=closed.zh_hans, reason_en=closed.en
        )
    wanted = datetime.combine(day, at, tzinfo=ctx.config.timezone)
    slot = next((s for s in day_slots(tx, ctx, service, day, exclude=exclude) if s.start == wanted), None)
    if slot is None:
        raise Refused("booking.no_such_slot", field="time", date=day.isoformat(), time=at.strftime("%H:%M"))
    if slot.start < ctx.now + timedelta(minutes=ctx.config.booking.lead_minutes):
        raise Refused("booking.too_soon", field="time", minutes=ctx.config.booking.lead_minutes)
    return slot


def _full(tx: Tx, ctx: Context, service: Service, day: date, exclude: str | None = None) -> Refused:
    remaining = [s.as_dict() for s in open_slots(tx, ctx, service.id, day, exclude=exclude)]
    return Refused("booking.slot_full", field="time", data={"remaining": remaining})


def _check_phone_cap(tx: Tx, ctx: Context, phone: str, day: date, *, exclude: str | None = None) -> None:
    iso_day = day.isoformat()
    mine = [
        d for d in tx.where(APPOINTMENTS, day=iso_day, phone=phone) if d["status"] in ACTIVE and d["key"] != exclude
    ]
    if len(mine) >= ctx.config.booking.per_phone_per_day:
        raise Refused("booking.phone_cap", field="phone", limit=ctx.config.booking.per_phone_per_day)


def book(tx: Tx, ctx: Context, service_id: str, day: date, at: time, name: str, phone: str) -> Appointment:
    """Book the slot at ``at`` on ``day``; never past its capacity, the lead time, the horizon or the per-phone
    daily cap. Returns the appointment with its confirmation code."""
    service = bookable_service(ctx, service_id)
    name = validation.name(name)
    phone = validation.phone(phone)
    slot = _find_slot(tx, ctx, service, day, at)
    if slot.remaining <= 0:
        raise _full(tx, ctx, service, day)
    _check_phone_cap(tx, ctx, phone, day)
    code = queue.unused_code(tx, "A", APPOINTMENTS)
    appointment: Appointment = {
        "key": code,
        "code": code,
        "service": service.id,
        "day": day.isoformat(),
        "start": stamp(slot.start),
        "end": stamp(slot.end),
        "staggered": slot.staggered,
        "window": slot.window,
        "name": name,
        "phone": phone,
        "status": BOOKED,
        "booked_at": ctx.stamp,
        "ticket": None,
        "late": False,
        "history": [event(ctx, "booked", slot=stamp(slot.start))],
    }
    tx.insert(APPOINTMENTS, appointment)
    return appointment


def owned(tx: Tx, code: str, last4: str) -> Appointment:
    """The live appointment ``code`` when the phone ends in ``last4``; one message for both mismatches, so a
    stranger learns nothing about which part was wrong."""
    code = validation.code(code)
    last4 = validation.phone_last4(last4)
    appointment = tx.get(APPOINTMENTS, code)
    if appointment is None:
        archived = tx.archive.find(APPOINTMENTS, code)
        if archived is not None and archived["phone"].endswith(last4):
            raise Refused("appointment.past", field="code", code=code)
        raise NotFound("appointment.not_found", field="code")
    if not appointment["phone"].endswith(last4):
        raise NotFound("appointment.not_found", field="code")
    return appointment


def cancel(tx: Tx, ctx: Context, code: str, last4: str) -> Appointment:
    """Cancel a booked appointment whose slot has not begun; its place is freed at once."""
    appointment = owned(tx, code, last4)
    _must_be_changeable(ctx, appointment)
    appointment.update({"status": CANCELLED, "history": appointment["history"] + [event(ctx, "cancelled")]})
    return tx.update(APPOINTMENTS, appointment["key"], appointment)


def _must_be_changeable(ctx: Context, appointment: Appointment) -> None:
    if appointment["status"] != BOOKED:
        raise Refused("appointment.wrong_state", field="code", status=appointment["status"])
    if parse_stamp(appointment["start"]) <= ctx.now:
        raise Refused("appointment.started", field="code")


def reschedule(tx: Tx, ctx: Context, code: str, last4: str, day: date, at: time) -> Appointment:
    """Move a booked appointment to another slot of the same service, keeping its code. All-or-nothing: when the
    new slot is refused, the old booking stands."""
    appointment = owned(tx, code, last4)
    _must_be_changeable(ctx, appointment)
    service = bookable_service(ctx, appointment["service"])
    slot = _find_slot(tx, ctx, service, day, at, exclude=appointment["key"])
    if stamp(slot.start) == appointment["start"]:
        raise Refused("booking.same_slot", field="time")
    if slot.remaining <= 0:
        raise _full(tx, ctx, service, day, exclude=appointment["key"])
    _check_phone_cap(tx, ctx, appointment["phone"], day, exclude=appointment["key"])
    appointment.update(
        {
            "day": day.isoformat(),
            "start": stamp(slot.start),
            "end": stamp(slot.end),
            "staggered": slot.staggered,
            "window": slot.window,
            "history": appointment["history"]
            + [event(ctx, "rescheduled", slot=stamp(slot.start), was=appointment["start"])],
        }
    )
    return tx.update(APPOINTMENTS, appointment["key"], appointment)


def check_in(tx: Tx, ctx: Context, code: str, last4: str) -> tuple[Appointment, Ticket]:
    """Check in for today's appointment and get a ticket.

    From ``checkin_early_minutes`` before the slot to ``checkin_late_minutes`` after it, the ticket is an
    appointment ticket, called ahead of walk-ins from the slot's start. Later on the same day, while the hall is
    open, the resident joins the normal queue (``late`` is set). Earlier is refused with the time check-in opens.
    Returns ``(appointment, ticket)``.
    """
    appointment = owned(tx, code, last4)
    if appointment["status"] != BOOKED:
        raise Refused("appointment.wrong_state", field="code", status=appointment["status"])
    start = parse_stamp(appointment["start"])
    rules = ctx.config.booking
    if start.date() != ctx.today:
        key = "checkin.wrong_day_future" if start.date() > ctx.today else "checkin.wrong_day_past"
        raise Refused(key, field="code", date=start.date().isoformat(), time=start.strftime("%H:%M"))
    opens = start - timedelta(minutes=rules.checkin_early_minutes)
    if ctx.now < opens:
        raise Refused("checkin.too_early", field="code", opens=opens.strftime("%H:%M"), time=start.strftime("%H:%M"))
    service = queue.find_service(ctx, appointment["service"])
    late = ctx.now > start + timedelta(minutes=rules.checkin_late_minutes)
    if late:
        period = ctx.hours.period_at(ctx.now, walk_in=False)
        # A service kept out of staggered-hours windows is not served in one, late arrivals included.
        if period is None or (period.staggered and not service.staggered):
            raise Refused("checkin.missed", field="code", time=start.strftime("%H:%M"))
        ticket = queue.new_ticket(
            tx,
            ctx,
            service,
            kind="late_appointment",
            appointment=appointment["code"],
            estimate=queue.estimate_wait(
                tx, ctx, service, walk_in=False, ahead=queue.ahead_of_new(tx, ctx, service, priority=False)
            ),
        )
    else:
        ahead = sum(
            1
            for t in queue.waiting(tx, ctx, {service.id})
            if t["kind"] == "appointment" and t["wait_since"] <= stamp(max(start, ctx.now))
        )
        wait_from = max(start, ctx.now)
        estimate = queue.estimate_wait(tx, ctx, service, ahead=ahead, walk_in=False, start=wait_from)
        ticket = queue.new_ticket(
            tx,
            ctx,
            service,
            kind="appointment",
            appointment=appointment["code"],
            wait_since=wait_from,
            estimate=estimate,
        )
    appointment.update(
        {
            "status": CHECKED_IN,
            "ticket": ticket["key"],
            "late": late,
            "history": appointment["history"] + [event(ctx, "checked_in", ticket=ticket["number"], late=late or None)],
        }
    )
    tx.update(APPOINTMENTS, appointment["key"], appointment)
    return appointment, ticket


def ticket_ended(tx: Tx, ctx: Context, ticket: Ticket) -> None:
    """Carry the end of an appointment's ticket over to the appointment: served means attended."""
    appointment = tx.get(APPOINTMENTS, ticket["appointment"]) if ticket["appointment"] else None
    if appointment is None or appointment["status"] != CHECKED_IN:
        return
    status = ATTENDED if ticket["status"] == queue.DONE else NO_SHOW
    appointment.update(
        {"status": status, "history": appointment["history"] + [event(ctx, status, ticket=ticket["number"])]}
    )
    tx.update(APPOINTMENTS, appointment["key"], appointment)


def close_day(tx: Tx, ctx: Context, day: str) -> list[Appointment]:
    """End of ``day``: appointments never checked in become no-shows. Returns the day's appointments."""
    final = []
    for appointment in tx.where(APPOINTMENTS, day=day):
        if appointment["status"] == BOOKED:
            appointment.update({"status": NO_SHOW, "history": appointment["history"] + [event(ctx, "no_show")]})
            tx.update(APPOINTMENTS, appointment["key"], appointment)
        final.append(appointment)
    return final
