"""Read models for the screens: the status overview, the counter console and the display board.

Each function reads one consistent snapshot (``tx`` from :meth:`kiosk.hall.Hall.read`, no lock taken) and
returns plain JSON-ready dicts, so a screen renders them without touching the store or deciding a rule. The
shapes are documented on :class:`kiosk.hall.Hall`'s methods that call them.

Privacy: residents' names and phone numbers appear only masked (``张*``, ``138****5678``), except a request's
``contact`` in :func:`request_detail`, which staff need to call the resident back. The board shows no name,
not even masked.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any, cast

from kiosk import booking, codes, notices, outbox, queue, ratings, rectification, requests, validation
from kiosk.config import Text
from kiosk.context import Context, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound
from kiosk.hours import OpenPeriod
from kiosk.records import (
    Appointment,
    AppointmentItem,
    AppointmentsDay,
    AppointmentsView,
    BoardView,
    BoardWaiting,
    BookingDay,
    Call,
    CallItem,
    CaseItem,
    CounterOverview,
    CounterQueue,
    CounterView,
    CurrentCall,
    FollowUpItem,
    HallState,
    LevelItem,
    MessageLine,
    Overview,
    PausedCounter,
    Period,
    QueueItem,
    Rating,
    RatingItem,
    RatingsView,
    RecentCall,
    Request,
    RequestDetail,
    RequestItem,
    RequestsView,
    ServiceOverview,
    ServingItem,
    TextDict,
    Ticket,
)
from kiosk.store import Tx

#: How many next numbers a counter's queue shows.
NEXT_SHOWN = 5
#: Longest summary of a request in lists.
SUMMARY_LENGTH = 60
#: Why a day without any opening hours (and no holiday or closure) is closed.
REST_DAY = Text(zh_hans="休息日", en="no service hours")
#: Why a day the hall is open cannot be booked for a service that is not offered in that day's hours.
NOT_OFFERED = Text(zh_hans="当天不办理此项业务", en="not offered this day")


def text(value: Text) -> TextDict:
    """A bilingual text as JSON: ``{"zh-Hans": ..., "en": ...}``."""
    return {"zh-Hans": value.zh_hans, "en": value.en}


def period_dict(period: OpenPeriod | None) -> Period | None:
    """An open period as JSON-ready data."""
    if period is None:
        return None
    return {
        "start": stamp(period.start),
        "end": stamp(period.end),
        "staggered": period.staggered,
        "walk_in": period.walk_in,
        "booking": period.booking,
        "window": period.window_id,
    }


def _minutes(ctx: Context, since: str | None) -> int:
    """Whole minutes from the stamp ``since`` to now (0 for the future or None)."""
    if not since:
        return 0
    return max(0, int((ctx.now - parse_stamp(since)).total_seconds() // 60))


# --------------------------------------------------------------------------------------------- the hall


def hall_state(tx: Tx, ctx: Context) -> HallState:
    """Open or closed now, and why, and when it next opens (part of the overview and the board)."""
    period = ctx.hours.period_at(ctx.now, walk_in=False)
    walk_in = ctx.hours.period_at(ctx.now, walk_in=True)
    reason = ctx.hours.closed_reason(ctx.today)
    return {
        "open": period is not None,
        "walk_in": walk_in is not None,
        "early_tickets": period_dict(queue.early_session(ctx)) if walk_in is None else None,
        "period": period_dict(period),
        "next_opening": period_dict(ctx.hours.next_opening(ctx.now, walk_in=False)),
        "next_walk_in": period_dict(ctx.hours.next_opening(ctx.now, walk_in=True)),
        "closed_reason": {"zh-Hans": reason.zh_hans, "en": reason.en} if reason else None,
    }


def overview(tx: Tx, ctx: Context) -> Overview:
    """Open or closed now, the next opening, waiting per service with estimates, and the counters."""
    summary = queue.waiting_summary(tx, ctx)
    session = queue.walk_in_session(ctx)
    services: list[ServiceOverview] = []
    for service in ctx.config.services:
        estimate = queue.estimate_wait(tx, ctx, service, ahead=summary[service.id]["waiting"])
        services.append(
            {
                **summary[service.id],
                "id": service.id,
                "prefix": service.prefix,
                "wait_min": estimate.shown[0],
                "wait_max": estimate.shown[1],
                "wait_unknown": estimate.unknown,
                "counters_open_at": stamp(estimate.counters_open_at) if estimate.counters_open_at else None,
                "outside_window": (outside := queue.outside_window(service, session)),
                "offered_from": period_dict(queue.next_regular_session(ctx)) if outside else None,
            }
        )
    counters: list[CounterOverview] = []
    for counter in ctx.config.counters:
        state = queue.counter_state(tx, ctx, counter.id)
        ticket = tx.get(queue.TICKETS, state["serving"]) if state["serving"] else None
        counters.append({"id": counter.id, "state": state["state"], "serving": ticket["number"] if ticket else None})
    # A dict first: mypy cannot tell that the spread hall state leaves ``public`` (the facade's) unset.
    overview = {
        "now": ctx.stamp,
        **hall_state(tx, ctx),
        "services": services,
        "counters": counters,
        "clock_problem": None,
        "device_faults": [],
    }  # the terminal's clock is the facade's to judge (Hall.overview)
    return cast(Overview, overview)


# --------------------------------------------------------------------------------------------- the counter


def _appointment(tx: Tx, code: str | None) -> Appointment | None:
    return tx.get(booking.APPOINTMENTS, code) if code else None


def _slot(appointment: Appointment | None) -> str | None:
    return appointment["start"][11:16] if appointment else None


def queue_item(tx: Tx, ctx: Context, ticket: Ticket) -> QueueItem:
    """A waiting ticket as a counter's queue shows it."""
    appointment = _appointment(tx, ticket.get("appointment"))
    return {
        "number": ticket["number"],
        "service": ticket["service"],
        "kind": ticket["kind"],
        "appointment": ticket["kind"] != "walk_in",
        "late": ticket["kind"] == "late_appointment",
        "slot": _slot(appointment),
        "priority": ticket["priority"],
        "urgent": queue.call_order_key(ctx, ticket)[0] == 0,
        # Waited the fairness cap (``queue.max_wait_minutes``) or more: the console shows the number in red.
        "past_wait_cap": queue.past_wait_cap(ctx, ticket),
        "transferred": ticket["origin_service"] != ticket["service"],
        "issued_at": ticket["issued_at"],
        "waited_min": _minutes(ctx, ticket["wait_since"]),
    }


def serving_item(tx: Tx, ctx: Context, ticket: Ticket) -> ServingItem:
    """The ticket a counter is serving, with what the clerk needs to greet the resident."""
    appointment = _appointment(tx, ticket.get("appointment"))
    return {
        "number": ticket["number"],
        "service": ticket["service"],
        "origin_service": ticket["origin_service"],
        "code": ticket["code"],
        "display": codes.display(ticket["code"]),
        "kind": ticket["kind"],
        "appointment": ticket["kind"] != "walk_in",
        "appointment_code": ticket.get("appointment"),
        "name": validation.mask_name(appointment["name"]) if appointment else None,
        "slot": _slot(appointment),
        "priority": ticket["priority"],
        "issued_at": ticket["issued_at"],
        "called_at": ticket["called_at"],
        "first_called_at": ticket["first_called_at"],
        "recalls": ticket["recalls"],
        "max_recalls": ctx.config.queue.max_recalls,
        "recall_from": stamp(queue.recall_ready_at(ctx, ticket)),
        "recall_gives_up": ticket["recalls"] >= ctx.config.queue.max_recalls,
        "waited_min": max(
            0,
            int(
                (
                    parse_stamp(ticket["first_called_at"] or ctx.stamp) - parse_stamp(ticket["wait_since"])
                ).total_seconds()
                // 60
            ),
        ),
        "serving_min": _minutes(ctx, ticket["called_at"]),
    }


def counter_view(tx: Tx, ctx: Context, counter_id: str) -> CounterView:
    """Everything the counter console shows about its own counter."""
    counter = queue.find_counter(ctx, counter_id)
    state = queue.counter_state(tx, ctx, counter.id)
    day = ctx.today.isoformat()
    # From the store's indexes: the one ticket served, the waiting ones of this counter's services, and counts
    # (a console reads this after every commit that touches tickets; copying the whole day's tickets cost it
    # 5 ms and more on a busy day).
    serving = tx.get(queue.TICKETS, state["serving"]) if state["serving"] else None
    if serving is not None and serving["day"] != day:
        serving = None
    mine = sorted(
        (
            t
            for service in counter.services
            for t in tx.where(queue.TICKETS, day=day, service=service, status=queue.WAITING)
        ),
        key=lambda t: queue.call_order_key(ctx, t),
    )
    queues: list[CounterQueue] = []
    for service_id in counter.services:
        service = ctx.config.service(service_id)
        waiting = [t for t in mine if t["service"] == service_id]
        queues.append(
            {
                "service": service_id,
                "name": text(service.name),
                "prefix": service.prefix,
                "waiting": len(waiting),
                "longest_wait_min": max((_minutes(ctx, t["wait_since"]) for t in waiting), default=0),
                "appointments": sum(1 for t in waiting if t["kind"] != "walk_in"),
                "priority": sum(1 for t in waiting if t["priority"]),
                "next": [queue_item(tx, ctx, t) for t in waiting[:NEXT_SHOWN]],
            }
        )
    hall = hall_state(tx, ctx)
    return {
        "now": ctx.stamp,
        "version": tx.version,
        "counter": {
            "id": counter.id,
            "name": text(counter.name),
            "state": state["state"],
            "services": list(counter.services),
            "session": state.get("session"),
        },
        "hall": {"open": hall["open"], "walk_in": hall["walk_in"]},
        "serving": serving_item(tx, ctx, serving) if serving else None,
        "next": queue_item(tx, ctx, mine[0]) if mine else None,
        "queues": queues,
        "served_today": {
            "counter": tx.count(queue.TICKETS, day=day, status=queue.DONE, counter=counter.id),
            "hall": tx.count(queue.TICKETS, day=day, status=queue.DONE),
            "counter_no_show": tx.count(queue.TICKETS, day=day, status=queue.NO_SHOW, counter=counter.id),
        },
    }


# --------------------------------------------------------------------------------------------- appointments


def _day_appointments(tx: Tx, ctx: Context, day: date) -> list[Appointment]:
    iso = day.isoformat()
    live = tx.where(booking.APPOINTMENTS, day=iso)
    if day >= ctx.today:
        return live
    archived = {a["key"]: cast(Appointment, a) for a in tx.archive.read_day(day).get(booking.APPOINTMENTS, {}).values()}
    archived.update({a["key"]: a for a in live})
    return list(archived.values())


def appointment_item(tx: Tx, ctx: Context, appointment: Appointment, tickets: dict[str, Ticket]) -> AppointmentItem:
    """An appointment as the console's list shows it (name and phone masked)."""
    start = parse_stamp(appointment["start"])
    ticket = tickets.get(ticket_key) if (ticket_key := appointment.get("ticket")) else None
    checked_in = next((e["at"] for e in appointment["history"] if e["event"] == "checked_in"), None)
    late_limit = start + timedelta(minutes=ctx.config.booking.checkin_late_minutes)
    return {
        "code": appointment["code"],
        "display": codes.display(appointment["code"]),
        "service": appointment["service"],
        "date": appointment["day"],
        "time": appointment["start"][11:16],
        "end": appointment["end"][11:16],
        "start": appointment["start"],
        "staggered": appointment["staggered"],
        "status": appointment["status"],
        "overdue": appointment["status"] == booking.BOOKED and ctx.now > late_limit,
        "name": validation.mask_name(appointment["name"]),
        "phone": validation.mask_phone(appointment["phone"]),
        "checked_in_at": checked_in,
        "late": appointment.get("late", False),
        "ticket": ticket["number"] if ticket else None,
        "ticket_status": ticket["status"] if ticket else None,
    }


def appointments_view(
    tx: Tx, ctx: Context, day: date | None = None, *, days: int = 2, services: list[str] | None = None
) -> AppointmentsView:
    """Appointments of ``days`` days from ``day`` (default today), by slot, with counts per status."""
    first = day or ctx.today
    wanted = set(services) if services else None
    if wanted:
        for service_id in wanted:
            queue.find_service(ctx, service_id)
    tickets = {t["key"]: t for t in tx.records(queue.TICKETS)}
    result: list[AppointmentsDay] = []
    for offset in range(days):
        current = first + timedelta(days=offset)
        found = [a for a in _day_appointments(tx, ctx, current) if wanted is None or a["service"] in wanted]
        found.sort(key=lambda a: (a["start"], a["service"], a["code"]))
        items = [appointment_item(tx, ctx, a, tickets) for a in found]
        counts: dict[str, int] = {
            status: 0
            for status in (booking.BOOKED, booking.CHECKED_IN, booking.ATTENDED, booking.NO_SHOW, booking.CANCELLED)
        }
        for item in items:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        counts["overdue"] = sum(1 for item in items if item["overdue"])
        result.append(
            {
                "date": current.isoformat(),
                "appointments": items,
                "counts": counts,
                "closed_reason": (lambda r: text(r) if r else None)(ctx.hours.closed_reason(current)),
            }
        )
    return {"now": ctx.stamp, "version": tx.version, "days": result}


# --------------------------------------------------------------------------------------------- booking


def booking_days(tx: Tx, ctx: Context, service: str) -> list[BookingDay]:
    """The days of ``service``'s booking horizon, today first: ``{date, state, closed, reason, remaining,
    staggered}`` (open places per day; a closed day with its reason: a holiday, a closure, or no hours that day).

    ``state`` says why a day cannot be picked: ``"closed"`` (the hall is), ``"not_offered"`` (the hall is open
    but not for this service, such as a service kept out of the Saturday window), ``"over"`` (today, and its
    last slot is too soon to book), ``"full"`` (every place taken), else ``"open"``."""
    svc = booking.bookable_service(ctx, service)
    days: list[BookingDay] = []
    for offset in range(ctx.config.booking.horizon_days + 1):
        day = ctx.today + timedelta(days=offset)
        closed = ctx.hours.closed_reason(day)
        if closed is None and not any(p.booking for p in ctx.hours.periods(day)):
            closed = REST_DAY  # no hours that day (a Sunday): closed too, and said so
        free = booking.open_slots(tx, ctx, service, day)
        state = "open"
        reason = closed
        if closed is not None:
            state = "closed"
        elif not free:
            slots = booking.day_slots(tx, ctx, svc, day)
            if not slots:
                state, reason = "not_offered", NOT_OFFERED
            elif any(s.remaining > 0 for s in slots):
                state = "over"  # places left, but only in slots too soon (or past) to book
            else:
                state = "full"
        days.append(
            {
                "date": day.isoformat(),
                "state": state,
                "closed": closed is not None,
                "reason": text(reason) if reason else None,
                "remaining": sum(s.remaining for s in free),
                "staggered": any(s.staggered for s in free),
            }
        )
    return days


# --------------------------------------------------------------------------------------------- requests


def _category_name(ctx: Context, category: str) -> TextDict:
    try:
        return text(requests.category_name(ctx.config, category))
    except KeyError:
        return {"zh-Hans": category, "en": category}


def _summary(record: Request) -> str:
    origin = record.get("origin")
    what = record["description"] or (f"{origin['level']} / {codes.display(origin['subject'])}" if origin else "")
    first_line = what.splitlines()[0] if what else ""
    return first_line if len(first_line) <= SUMMARY_LENGTH else first_line[: SUMMARY_LENGTH - 1] + "…"


def request_item(ctx: Context, record: Request) -> RequestItem:
    """A request as the console's list shows it (phone masked, description shortened)."""
    last = record["history"][-1]
    return {
        "code": record["code"],
        "display": codes.display(record["code"]),
        "category": record["category"],
        "category_name": _category_name(ctx, record["category"]),
        "status": record["status"],
        "submitted_at": record["submitted_at"],
        "due_at": record["due_at"],
        "overdue": requests.is_overdue(ctx, record),
        "due_in_min": int((parse_stamp(record["due_at"]) - ctx.now).total_seconds() // 60),
        "assignee": record["assignee"],
        "summary": _summary(record),
        "phone": validation.mask_phone(record["phone"]),
        "address": record["address"],
        "preferred_time": record["preferred_time"],
        "follow_up": record["category"] == requests.FOLLOW_UP,
        "origin": record.get("origin"),
        "last": {"at": last.get("at"), "event": last.get("event"), "staff": last.get("staff")},
    }


def _check_filters(ctx: Context, status: str | None, category: str | None) -> None:
    if status is not None and status not in requests.STATUSES:
        raise InvalidInput("request.bad_status", field="status", status=status)
    if category is not None and category != requests.FOLLOW_UP:
        try:
            ctx.config.category(category)
        except KeyError:
            raise NotFound(
                "request.unknown_category",
                field="category",
                category=category,
                known=", ".join([c.id for c in ctx.config.categories] + [requests.FOLLOW_UP]),
            ) from None


def requests_view(
    tx: Tx, ctx: Context, *, status: str | None = None, category: str | None = None, overdue: bool = False
) -> RequestsView:
    """Live requests filtered as :func:`kiosk.requests.listing`, with counts over all live requests."""
    _check_filters(ctx, status, category)
    found = requests.listing(tx, ctx, status=status, category=category, only_overdue=overdue)
    everything = tx.records(requests.REQUESTS)
    by_status = {name: 0 for name in requests.STATUSES}
    for record in everything:
        by_status[record["status"]] = by_status.get(record["status"], 0) + 1
    return {
        "now": ctx.stamp,
        "version": tx.version,
        "filters": {"status": status, "category": category, "overdue": overdue},
        "requests": [request_item(ctx, r) for r in found],
        "counts": {
            "total": len(everything),
            "overdue": sum(1 for r in everything if requests.is_overdue(ctx, r)),
            "by_status": by_status,
        },
    }


def _rating_of(tx: Tx, subject_code: str) -> Rating | None:
    """The rating of ``subject_code``, live or archived."""
    key = f"rating:{subject_code}"
    found = tx.get(ratings.RATINGS, key)
    if found is not None:
        return found
    day = tx.archive.locate(key)
    if day is None:
        return None
    return next(
        (cast(Rating, r) for r in tx.archive.read_day(day).get(ratings.RATINGS, {}).values() if r["key"] == key), None
    )


def _level(value: int) -> LevelItem:
    level = next(lv for lv in ratings.LEVELS if lv.value == value)
    return {"level": level.value, "label": level.slug, "level_name": {"zh-Hans": level.zh_hans, "en": level.en}}


def request_detail(tx: Tx, ctx: Context, code: str, staff: str | None = None) -> RequestDetail:
    """One request, live or archived, with its whole history (each note marked ``visible``: whether the resident
    reads it by code, see :func:`kiosk.requests.note_visible`), what staff can do with it next (``next``: what
    clerk ``staff`` may do, see :func:`kiosk.requests.may_move`) and who may move it on."""
    record = requests.get(tx, code)
    live = tx.get(requests.REQUESTS, code) is not None
    every = list(requests.next_steps(record)) if live else []
    allowed = requests.steps_for(tx, record, staff) if live and staff is not None else every
    rating = _rating_of(tx, code)
    origin = record.get("origin")
    origin_rating = _rating_of(tx, origin["subject"]) if origin else None
    return {
        **request_item(ctx, record),
        "version": tx.version,
        "description": record["description"],
        "contact": record["phone"],
        "reason": record["reason"],
        "resolved_at": record["resolved_at"],
        "archived": not live,
        "next": allowed,
        "all_next": every,
        "movers": requests.movers(tx, record),
        "can_note": live and record["status"] not in requests.ENDED,
        # Each entry with a note says who may read it (the resident by code, or staff only).
        "history": [
            {**entry, "visible": requests.note_visible(entry)} if entry.get("note") else {**entry}
            for entry in record["history"]
        ],
        "rating": _rating_item(tx, ctx, rating) if rating else None,
        "origin_rating": _rating_item(tx, ctx, origin_rating) if origin_rating else None,
        "notify": notices.consented(record),
        "visit_at": record.get("visit_at"),
        # The texts about it, newest first (phones masked): what the resident was told, and when.
        "messages": [
            cast(MessageLine, notices.line(ctx.config, message))
            for message in reversed(outbox.about(tx, code, notices.subject_days(tx, ctx, code)))
        ],
    }


# --------------------------------------------------------------------------------------------- ratings


def _follow_up_item(tx: Tx, ctx: Context, code: str) -> FollowUpItem:
    try:
        record = requests.get(tx, code)
    except NotFound:
        return {
            "code": code,
            "display": codes.display(code),
            "status": None,
            "due_at": None,
            "overdue": False,
            "within_deadline": None,
            "resolved_at": None,
            "assignee": None,
            "case_stage": None,
            "case_overdue": [],
            "case_closed_as": None,
        }
    resolved = record["resolved_at"]
    if record["status"] == requests.REJECTED:
        within = None
    elif resolved:
        within = resolved <= record["due_at"]
    else:
        within = parse_stamp(record["due_at"]) >= ctx.now
    return {
        "code": code,
        "display": codes.display(code),
        "status": record["status"],
        "due_at": record["due_at"],
        "overdue": requests.is_overdue(ctx, record),
        "within_deadline": within,
        "resolved_at": resolved,
        "assignee": record["assignee"],
        "case_stage": record["case"]["stage"] if "case" in record else None,
        "case_overdue": rectification.overdue_steps(ctx, record["case"]) if "case" in record else [],
        "case_closed_as": record["case"]["closed_as"] if "case" in record else None,
    }


def _rating_item(tx: Tx, ctx: Context, rating: Rating) -> RatingItem:
    item: RatingItem = {
        **_level(rating["level"]),
        "subject": rating["subject"],
        "display": codes.display(rating["subject"]),
        "subject_kind": rating["subject_kind"],
        "comment": rating["comment"],
        "at": rating["at"],
        "service": rating.get("service"),
        "counter": rating.get("counter"),
        "category": rating.get("category"),
        "follow_up": None,
        "appeal_upheld": rating.get("appeal") == rectification.UPHELD,
    }
    if follow_up := rating.get("follow_up"):
        opened = item["follow_up"] = _follow_up_item(tx, ctx, follow_up)
        # A rating archived before the review kept no mark of it: its case says how it ended.
        if opened["case_closed_as"] == rectification.APPEAL_UPHELD:
            item["appeal_upheld"] = True
    return item


def case_item(tx: Tx, ctx: Context, record: Request, staff: str | None = None) -> CaseItem:
    """One case of a poor rating (on its follow-up ``record``) as the console and the CLI list it; ``staff``: the
    clerk looking, whose steps (``my_steps``) leave out what they may not take (all of ``next_steps`` without)."""
    case = record["case"]
    rating = ratings.find_rating(tx, case["rating"])
    fields = cast(dict[str, Any], rating or {})
    return {
        "code": record["code"],
        "subject": case["subject"],
        "level": case["level"],
        "rated_at": record["submitted_at"],
        "service": fields.get("service"),
        "category": fields.get("category"),
        "counter": fields.get("counter"),
        "clerk": case["clerk"],
        "reasons": list(fields.get("reasons") or []),
        "comment": str(fields.get("comment") or ""),
        "can_call": bool(record["phone"]),
        "assignee": record["assignee"],
        "case": case,
        "overdue": rectification.overdue_steps(ctx, case),
        "next_steps": rectification.next_steps(case),
        "my_steps": rectification.steps_for(tx, record, staff) if staff else rectification.next_steps(case),
        "on_time": rectification.on_time(case),
    }


def case_items(tx: Tx, ctx: Context, *, overdue_only: bool = False, include_closed: bool = False) -> list[CaseItem]:
    """The live cases of poor ratings, oldest first: open ones (and closed ones not yet archived when
    ``include_closed``), or only those with an overdue step."""
    items = [case_item(tx, ctx, record) for record in rectification.cases(tx)]
    if not include_closed:
        items = [item for item in items if item["case"]["stage"] != rectification.CLOSED]
    if overdue_only:
        items = [item for item in items if item["overdue"]]
    return items


def ratings_view(
    tx: Tx,
    ctx: Context,
    *,
    days: int = 7,
    counter: str | None = None,
    service: str | None = None,
    max_level: int | None = None,
) -> RatingsView:
    """Ratings submitted in the last ``days`` days (today included), newest first, filtered by counter, service
    and level (``max_level=2`` gives the dissatisfied ones), each with the follow-up request it opened."""
    if days < 1 or days > 366:
        raise InvalidInput("staff.days_range", field="days", maximum=366)
    if counter is not None:
        queue.find_counter(ctx, counter)
    if service is not None:
        queue.find_service(ctx, service)
    first = ctx.today - timedelta(days=days - 1)
    found = {
        r["key"]: cast(Rating, r)
        for day in tx.archive.days()
        if first <= day < ctx.today
        for r in tx.archive.read_day(day).get(ratings.RATINGS, {}).values()
    }
    found.update({r["key"]: r for r in tx.records(ratings.RATINGS)})
    chosen = [
        r
        for r in found.values()
        if r["at"][:10] >= first.isoformat()
        and (counter is None or r.get("counter") == counter)
        and (service is None or r.get("service") == service)
        and (max_level is None or r["level"] <= max_level)
    ]
    chosen.sort(key=lambda r: r["at"], reverse=True)
    items = [_rating_item(tx, ctx, r) for r in chosen]
    # A rating whose appeal was upheld is listed (marked) but no longer counts, as in the hall's figures.
    counted = [item for item in items if not item["appeal_upheld"]]
    by_level = {str(level.value): 0 for level in ratings.LEVELS}
    for item in counted:
        by_level[str(item["level"])] += 1
    follow_ups = [item["follow_up"] for item in items if item["follow_up"]]
    return {
        "now": ctx.stamp,
        "version": tx.version,
        "from": first.isoformat(),
        "to": ctx.today.isoformat(),
        "ratings": items,
        "summary": {
            "count": len(counted),
            "average": round(sum(i["level"] for i in counted) / len(counted), 2) if counted else None,
            "by_level": by_level,
            "appeals_upheld": len(items) - len(counted),
            "follow_ups": len(follow_ups),
            "follow_ups_overdue": sum(1 for f in follow_ups if f["overdue"]),
        },
    }


# --------------------------------------------------------------------------------------------- the board


def call_item(call: Call) -> CallItem:
    """One call as the board shows it (no names: the board is seen by the whole hall)."""
    return {
        "id": call.get("id", 0),
        "day": call["day"],
        "seq": call["seq"],
        "at": call["at"],
        "number": call["number"],
        "service": call["service"],
        "counter": call["counter"],
        "recall": call["recall"],
    }


def recent_calls(tx: Tx, day: str, calls: list[Call], last: int) -> list[RecentCall]:
    """The last ``last`` tickets called, newest first, one line per ticket and counter: its latest call (from
    ``calls``, the newest of the day in calling order, :func:`_newest_calls`), with how many of its calls there
    were recalls (counted from all of that ticket's calls of the day: the window may begin after its first)."""
    latest: dict[tuple[str, str], Call] = {}
    for call in reversed(calls):
        if len(latest) >= last:
            break
        latest.setdefault((call["ticket"], call["counter"]), call)
    recent: list[RecentCall] = []
    for (ticket, counter), call in latest.items():
        its = tx.pluck(queue.CALLS, ("counter", "recall"), day=day, ticket=ticket)
        recent.append({**call_item(call), "recalls": sum(1 for at, recall in its if at == counter and recall)})
    return recent


def _newest_calls(tx: Tx, day: str, places: int, since: int | None) -> list[Call]:
    """The newest of ``day``'s calls, in calling order: at least those of the last ``places`` tickets called (one
    place per ticket and counter) and every call after ``since``; all of them when the day has no more.

    Read from the end of the store's index (calls are added in the order of their ids), doubling the window until
    it holds what is asked: the board reads this after every commit, and copying a busy day's thousand calls and
    more each time was most of its cost."""
    total = tx.count(queue.CALLS, day=day)
    window = max(32, 4 * places)
    while True:
        calls = sorted(tx.where(queue.CALLS, last=window, day=day), key=lambda c: (c.get("id", 0), c["seq"]))
        if len(calls) >= total:
            return calls
        enough = len({(c["ticket"], c["counter"]) for c in calls}) >= places
        if enough and (since is None or calls[0].get("id", 0) <= since):
            return calls
        window *= 2


def board_view(tx: Tx, ctx: Context, *, last: int = 8, since: int | None = None) -> BoardView:
    """What the display board shows: current calls, paused counters, the last ``last`` tickets called (one line
    each, see :func:`recent_calls`), every call after ``since``, waiting per service, and the hall's state."""
    day = ctx.today.isoformat()
    calls = _newest_calls(tx, day, last, since)
    current: list[CurrentCall] = []
    paused: list[PausedCounter] = []
    for counter in ctx.config.counters:
        state = queue.counter_state(tx, ctx, counter.id)
        if state["state"] == "paused":
            paused.append({"counter": counter.id, "counter_name": text(counter.name)})
        ticket = tx.get(queue.TICKETS, state["serving"]) if state["serving"] else None
        if ticket is None:
            continue
        latest = tx.where(queue.CALLS, last=1, day=day, ticket=ticket["key"])
        current.append(
            {
                "counter": counter.id,
                "counter_name": text(counter.name),
                "number": ticket["number"],
                "service": ticket["service"],
                "called_at": ticket["called_at"],
                "recalls": ticket["recalls"],
                "call_id": latest[0].get("id", 0) if latest else 0,
            }
        )
    current.sort(key=lambda c: c["call_id"], reverse=True)
    # How many wait for each service: counted in one pass (the board shows no order, so nothing is sorted).
    counts = Counter(ticket["service"] for ticket in queue.waiting(tx, ctx))
    waiting: list[BoardWaiting] = [
        {"service": s.id, "prefix": s.prefix, "name": text(s.name), "waiting": counts[s.id]}
        for s in ctx.config.services
    ]
    return {
        "now": ctx.stamp,
        "version": tx.version,
        "name": text(ctx.config.name),
        "hall": hall_state(tx, ctx),
        "current": current,
        "paused": paused,
        "recent": recent_calls(tx, day, calls, last),
        "new": [call_item(c) for c in calls if since is not None and c.get("id", 0) > since],
        "last_call_id": int(tx.meta(queue.LAST_CALL_ID, 0)),
        "waiting": waiting,
    }
