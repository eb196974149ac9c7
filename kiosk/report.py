"""The hall's figures for a day or a span of days, for the manager: queues, appointments, requests, ratings.

:func:`build` reads the span through :mod:`kiosk.history` (no lock, so kiosks and counters never wait for a
report) and :func:`figures` turns the records into plain JSON-ready data, which the CLI shows as Rich tables (:mod:`kiosk.cli.reports`: the domain draws nothing)
(``kiosk report``), prints as JSON (``--json``), and the counter console's report view renders as it likes.
:func:`wait_chart` draws the waits through the day as text bars for either.

What the figures mean (minutes are decimal, rounded to one place; a summary of no values is ``None``):

* **tickets**, per service and in total. ``issued`` counts tickets by the service they were issued for;
  ``served`` (finished), ``no_show``, ``expired`` (still waiting at the end of their day) and ``waiting``
  (waiting or at a counter now, today only) by the service they ended in; ``recalls`` and ``transfers`` (sent
  on to another service) by the service the ticket was in at the time. ``wait`` is from when the resident
  started waiting (an appointment: its slot's start, or check-in if later) to the first call, by the service
  the ticket was issued for; ``service_time`` from the last call to the finish, by the service that finished
  it. ``by_kind`` splits the waits into walk-ins, appointments, and late appointments.
* **waits_by_hour**: the tickets first called in each hour (or ``bucket_minutes``) of the day, all days of
  the span together, with their median and 90th-percentile wait, from the hall's earliest opening to its
  latest closing in the span.
* **appointments** whose slot falls in the span, by status, and how many were in staggered-hours windows
  (``staggered_share``: of all of them, cancelled ones included).
* **requests**: ``opened`` (filed in the span), ``resolved`` (resolved in the span; ``resolved_late`` past
  their due time), ``rejected`` (in the span), and, at ``as_of`` (the end of the span, or now when the span
  reaches today), ``open`` and ``overdue`` (open past their due time), per category; ``median_resolve_hours``
  from filing to resolution of those resolved in the span.
* **ratings** given in the span by level (5 非常满意 .. 1 非常不满意), per service and per counter, with averages.
* **satisfaction**, **rating_rate** and **poor_ratings** (好差评): the satisfaction rate (levels 5 to 3 over all
  rated, an upheld appeal excluded), the rating rate (ratings given over services delivered: tickets served,
  appointments through their ticket, requests resolved) and the poor ratings with their cases (called back and
  rectified on time, graded and how) in total, by service, by counter and by clerk: see :mod:`kiosk.figures`.
* **follow_ups**: the requests that dissatisfied ratings of the span opened, each with its state at
  ``as_of``: ``met`` (resolved by its due time), ``late`` (resolved after it), ``open`` (not yet due),
  ``overdue`` (past due, unresolved) or ``rejected``.

Percentiles interpolate linearly between the nearest ranks (what spreadsheets' PERCENTILE.INC does): the
median of 2, 4, 6, 9 is 5, its 90th percentile 8.1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from kiosk import booking, queue, ratings, requests
from kiosk import figures as satisfaction
from kiosk.config import HallConfig
from kiosk.context import parse_stamp, stamp
from kiosk.history import History, Progress, load
from kiosk.hours import HallHours
from kiosk.i18n import terminal_cells
from kiosk.staff import STAFF

if TYPE_CHECKING:
    from kiosk.hall import Hall

TABLES = (queue.TICKETS, booking.APPOINTMENTS, ratings.RATINGS, requests.REQUESTS)
BUCKETS = (15, 30, 60)
TICKET_KINDS = ("walk_in", "appointment", "late_appointment")
APPOINTMENT_STATUSES = (booking.BOOKED, booking.CHECKED_IN, booking.ATTENDED, booking.CANCELLED, booking.NO_SHOW)
FOLLOW_UP_STATES = ("met", "late", "open", "overdue", "rejected", "missing")
#: The eighths of a character cell that :func:`wait_chart` draws bars with.
EIGHTHS = " ▏▎▍▌▋▊▉"


# --------------------------------------------------------------------------------------------- numbers


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` (0..1) percentile of ``values``, interpolated between the nearest ranks; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Sequence[float]) -> dict[str, Any]:
    """``{"n", "median", "p90"}`` of minutes, rounded to a tenth (None when there are no values)."""
    return {"n": len(values), "median": _round(percentile(values, 0.5)), "p90": _round(percentile(values, 0.9))}


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def _minutes(start: str, end: str) -> float:
    return (parse_stamp(end) - parse_stamp(start)).total_seconds() / 60


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _ordered(known: Iterable[str], seen: Iterable[str | None]) -> list[str]:
    """The configured ids in config order, then any other id met in the records (since removed from the
    config), sorted."""
    known = list(known)
    extra = sorted({ident for ident in seen if ident and ident not in known})
    return known + extra


# --------------------------------------------------------------------------------------------- the report


def build(
    hall: Hall, first: date, last: date, *, bucket_minutes: int = 60, progress: Progress | None = None
) -> dict[str, Any]:
    """The figures of the days ``first`` to ``last`` from ``hall``'s data file, as of now."""
    now = hall.now()
    history = load(hall.store, first, last, TABLES, today=now.date(), progress=progress)
    names = hall.read(lambda tx, ctx: {str(a["id"]): str(a["name"]) for a in tx.records(STAFF)})
    return figures(history, hall.config, hall.hours, now=now, bucket_minutes=bucket_minutes, staff_names=names)


def figures(
    history: History,
    config: HallConfig,
    hours: HallHours,
    *,
    now: datetime,
    bucket_minutes: int = 60,
    staff_names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Every figure of the report from loaded records (see the module docstring); JSON-ready."""
    if bucket_minutes not in BUCKETS:
        raise ValueError(f"bucket_minutes must be one of {BUCKETS}, got {bucket_minutes}")
    end = datetime.combine(history.last + timedelta(days=1), time(0), tzinfo=config.timezone)
    as_of = stamp(min(now.astimezone(config.timezone), end))
    tickets = history.table(queue.TICKETS)
    result: dict[str, Any] = {
        "from": history.first.isoformat(),
        "to": history.last.isoformat(),
        "days": (history.last - history.first).days + 1,
        "as_of": as_of,
        "tickets": ticket_figures(tickets, config),
        "waits_by_hour": waits_by_hour(tickets, config, hours, history.first, history.last, bucket_minutes),
        "appointments": appointment_figures(history.table(booking.APPOINTMENTS), config),
        "requests": request_figures(history.table(requests.REQUESTS), config, history.first, history.last, as_of),
        "ratings": rating_figures(history.table(ratings.RATINGS), config),
        "follow_ups": follow_up_figures(history.table(ratings.RATINGS), history.table(requests.REQUESTS), as_of),
    }
    evaluation = satisfaction.satisfaction_figures(
        history.table(ratings.RATINGS),
        history.table(requests.REQUESTS),
        tickets,
        first=history.first,
        last=history.last,
        as_of=as_of,
        staff_names=staff_names,
    )
    result["satisfaction"] = evaluation["satisfaction"]
    result["rating_rate"] = evaluation["rating_rate"]
    result["poor_ratings"] = evaluation["poor"]
    return result


# --------------------------------------------------------------------------------------------- tickets


class _TicketTally:
    def __init__(self) -> None:
        self.issued = self.served = self.no_show = self.expired = self.waiting = 0
        self.recalls = self.transfers = 0
        self.waits: list[float] = []
        self.service_times: list[float] = []

    def as_dict(self) -> dict[str, Any]:
        return {
            "issued": self.issued,
            "served": self.served,
            "no_show": self.no_show,
            "expired": self.expired,
            "waiting": self.waiting,
            "recalls": self.recalls,
            "transfers": self.transfers,
            "wait": summary(self.waits),
            "service_time": summary(self.service_times),
        }


def ticket_wait(ticket: dict[str, Any]) -> float | None:
    """Minutes from when the ticket started waiting to its first call (None if never called; never negative:
    an appointment checked in early may be called a little before its slot)."""
    if not ticket.get("first_called_at"):
        return None
    return max(0.0, _minutes(ticket["wait_since"], ticket["first_called_at"]))


def ticket_figures(tickets: Iterable[dict[str, Any]], config: HallConfig) -> dict[str, Any]:
    """Tickets issued, served, missed and recalled, waits and service times, per service and in total."""
    tallies: dict[str, _TicketTally] = defaultdict(_TicketTally)
    total = _TicketTally()
    by_kind: dict[str, list[float]] = {kind: [] for kind in TICKET_KINDS}
    for ticket in tickets:
        origin = ticket.get("origin_service") or ticket["service"]
        final = ticket["service"]
        for tally in (tallies[origin], total):
            tally.issued += 1
        status = ticket["status"]
        field = {
            queue.DONE: "served",
            queue.NO_SHOW: "no_show",
            queue.EXPIRED: "expired",
            queue.WAITING: "waiting",
            queue.CALLED: "waiting",
        }.get(status)
        if field:
            for tally in (tallies[final], total):
                setattr(tally, field, getattr(tally, field) + 1)
        current = origin
        for entry in ticket.get("history", ()):
            if entry.get("event") == "recalled":
                tallies[current].recalls += 1
                total.recalls += 1
            elif entry.get("event") == "transferred":
                tallies[current].transfers += 1
                total.transfers += 1
                current = entry.get("service", current)
        wait = ticket_wait(ticket)
        if wait is not None:
            # The first call always happens in the service the ticket was issued for: a transfer needs a call.
            tallies[origin].waits.append(wait)
            total.waits.append(wait)
            by_kind.setdefault(ticket.get("kind", "walk_in"), []).append(wait)
        if status == queue.DONE and ticket.get("called_at") and ticket.get("finished_at"):
            minutes = max(0.0, _minutes(ticket["called_at"], ticket["finished_at"]))
            tallies[final].service_times.append(minutes)
            total.service_times.append(minutes)
    services = _ordered((s.id for s in config.services), tallies)
    return {
        "services": [dict(tallies[sid].as_dict(), service=sid) for sid in services],
        "total": total.as_dict(),
        "by_kind": {kind: summary(waits) for kind, waits in by_kind.items()},
    }


def waits_by_hour(
    tickets: Iterable[dict[str, Any]],
    config: HallConfig,
    hours: HallHours,
    first: date,
    last: date,
    bucket_minutes: int = 60,
) -> dict[str, Any]:
    """Tickets first called in each ``bucket_minutes`` of the day (all days together) and their waits.

    The series runs from the bucket of the hall's earliest opening in the span to that of its latest closing,
    with empty buckets kept (``called`` 0, waits None) so that a chart's time axis has no holes.
    """
    waits: dict[int, list[float]] = defaultdict(list)
    for ticket in tickets:
        wait = ticket_wait(ticket)
        if wait is None:
            continue
        called = parse_stamp(ticket["first_called_at"]).astimezone(config.timezone)
        waits[(called.hour * 60 + called.minute) // bucket_minutes].append(wait)
    opening: list[int] = []
    day = first
    while day <= last:
        for period in hours.periods(day):
            opening.append((period.start.hour * 60 + period.start.minute) // bucket_minutes)
            end_minute = period.end.hour * 60 + period.end.minute
            opening.append(max(0, math.ceil(end_minute / bucket_minutes) - 1))
        day += timedelta(days=1)
    used = opening + list(waits)
    series = []
    if used:
        for bucket in range(min(used), max(used) + 1):
            start = bucket * bucket_minutes
            stop = start + bucket_minutes
            values = waits.get(bucket, [])
            series.append(
                {
                    "start": f"{start // 60:02d}:{start % 60:02d}",
                    "end": f"{stop // 60 % 24:02d}:{stop % 60:02d}",
                    "called": len(values),
                    "median": _round(percentile(values, 0.5)),
                    "p90": _round(percentile(values, 0.9)),
                }
            )
    return {"bucket_minutes": bucket_minutes, "series": series}


# --------------------------------------------------------------------------------------------- appointments


def _appointment_tally() -> dict[str, Any]:
    return {"total": 0, **{status: 0 for status in APPOINTMENT_STATUSES}, "staggered": 0}


def appointment_figures(appointments: Iterable[dict[str, Any]], config: HallConfig) -> dict[str, Any]:
    """Appointments of the span by status and service, and the staggered-hours share."""
    tallies: dict[str, dict[str, Any]] = defaultdict(_appointment_tally)
    total = _appointment_tally()
    for appointment in appointments:
        for tally in (tallies[appointment["service"]], total):
            tally["total"] += 1
            tally[appointment["status"]] = tally.get(appointment["status"], 0) + 1
            tally["staggered"] += 1 if appointment.get("staggered") else 0
    services = _ordered((s.id for s in config.services if s.booking), tallies)
    rows = [
        dict(tallies[sid], service=sid, staggered_share=_share(tallies[sid]["staggered"], tallies[sid]["total"]))
        for sid in services
    ]
    return {"services": rows, "total": dict(total, staggered_share=_share(total["staggered"], total["total"]))}


# --------------------------------------------------------------------------------------------- requests


def status_at(record: dict[str, Any], instant: str) -> str | None:
    """The request's status at the stored instant ``instant`` (None if it was not yet filed), from its history."""
    status = None
    for entry in record.get("history", ()):
        if entry["at"] > instant:
            break
        status = entry.get("status", status)
    return status


def _request_tally() -> dict[str, Any]:
    return {"opened": 0, "resolved": 0, "resolved_late": 0, "rejected": 0, "open": 0, "overdue": 0, "resolve_hours": []}


def request_figures(
    records: Iterable[dict[str, Any]], config: HallConfig, first: date, last: date, as_of: str
) -> dict[str, Any]:
    """Requests opened, resolved, rejected, open and overdue, per category, with the median time to resolve."""
    lo, hi = first.isoformat(), last.isoformat()
    tallies: dict[str, dict[str, Any]] = defaultdict(_request_tally)
    total = _request_tally()
    for record in records:
        counted = (tallies[record["category"]], total)
        if lo <= record["submitted_at"][:10] <= hi:
            _add(counted, "opened")
        resolved_at = record.get("resolved_at")
        if resolved_at and lo <= resolved_at[:10] <= hi and resolved_at <= as_of:
            _add(counted, "resolved")
            if resolved_at > record["due_at"]:
                _add(counted, "resolved_late")
            hours = _minutes(record["submitted_at"], resolved_at) / 60
            for tally in counted:
                tally["resolve_hours"].append(hours)
        rejected = next((e["at"] for e in record.get("history", ()) if e.get("status") == requests.REJECTED), None)
        if rejected and lo <= rejected[:10] <= hi and rejected <= as_of:
            _add(counted, "rejected")
        if status_at(record, as_of) in requests.OPEN_STATUSES:
            _add(counted, "open")
            if record["due_at"] < as_of:
                _add(counted, "overdue")
    categories = _ordered([c.id for c in config.categories] + [requests.FOLLOW_UP], tallies)
    return {
        "categories": [dict(_finish_request_tally(tallies[cid]), category=cid) for cid in categories],
        "total": _finish_request_tally(total),
    }


def _add(tallies: Iterable[dict[str, Any]], field: str) -> None:
    for tally in tallies:
        tally[field] += 1


def _finish_request_tally(tally: dict[str, Any]) -> dict[str, Any]:
    done = {key: value for key, value in tally.items() if key != "resolve_hours"}
    done["median_resolve_hours"] = _round(percentile(tally["resolve_hours"], 0.5))
    return done


# --------------------------------------------------------------------------------------------- ratings


def _rating_tally() -> dict[str, Any]:
    return {"total": 0, "levels": {str(level.value): 0 for level in ratings.LEVELS}, "sum": 0}


def _finish_rating_tally(tally: dict[str, Any]) -> dict[str, Any]:
    return {
        "total": tally["total"],
        "levels": tally["levels"],
        "average": round(tally["sum"] / tally["total"], 2) if tally["total"] else None,
    }


def rating_figures(records: Iterable[dict[str, Any]], config: HallConfig) -> dict[str, Any]:
    """Ratings of the span by level, in total, per service and per counter."""
    total = _rating_tally()
    services: dict[str, dict[str, Any]] = defaultdict(_rating_tally)
    counters: dict[str, dict[str, Any]] = defaultdict(_rating_tally)
    subjects = {"ticket": 0, "appointment": 0, "request": 0}
    for rating in records:
        level = int(rating["level"])
        subjects[rating.get("subject_kind", "ticket")] = subjects.get(rating.get("subject_kind", "ticket"), 0) + 1
        targets = [total]
        if rating.get("service"):
            targets.append(services[rating["service"]])
        if rating.get("counter"):
            targets.append(counters[rating["counter"]])
        for tally in targets:
            tally["total"] += 1
            tally["sum"] += level
            tally["levels"][str(level)] = tally["levels"].get(str(level), 0) + 1
    return {
        "total": _finish_rating_tally(total),
        "subjects": subjects,
        "services": [
            dict(_finish_rating_tally(services[sid]), service=sid)
            for sid in _ordered((s.id for s in config.services), services)
        ],
        "counters": [
            dict(_finish_rating_tally(counters[cid]), counter=cid)
            for cid in _ordered((c.id for c in config.counters), counters)
        ],
    }


def follow_up_state(request: dict[str, Any] | None, as_of: str) -> str:
    """Where a follow-up request stands at ``as_of`` against its due time (one of :data:`FOLLOW_UP_STATES`)."""
    if request is None:
        return "missing"
    status = status_at(request, as_of)
    resolved_at = request.get("resolved_at")
    if status in (requests.RESOLVED, requests.CLOSED) and resolved_at and resolved_at <= as_of:
        return "met" if resolved_at <= request["due_at"] else "late"
    if status == requests.REJECTED:
        return "rejected"
    return "overdue" if request["due_at"] < as_of else "open"


def follow_up_figures(
    rating_records: Iterable[dict[str, Any]], request_records: Iterable[dict[str, Any]], as_of: str
) -> dict[str, Any]:
    """The follow-ups that the span's dissatisfied ratings opened, each with its state at ``as_of``."""
    by_code = {record["code"]: record for record in request_records}
    items = []
    for rating in sorted(rating_records, key=lambda r: (r["at"], r["key"])):
        if not rating.get("follow_up"):
            continue
        request = by_code.get(rating["follow_up"])
        state = follow_up_state(request, as_of)
        resolved_at = request.get("resolved_at") if request else None
        items.append(
            {
                "code": rating["follow_up"],
                "rated_at": rating["at"],
                "subject": rating["subject"],
                "level": rating["level"],
                "service": rating.get("service"),
                "counter": rating.get("counter"),
                "status": status_at(request, as_of) if request else None,
                "due_at": request["due_at"] if request else None,
                "resolved_at": resolved_at if resolved_at and resolved_at <= as_of else None,
                "state": state,
                "within_deadline": {"met": True, "open": True, "late": False, "overdue": False}.get(state),
            }
        )
    counts = {state: sum(1 for item in items if item["state"] == state) for state in FOLLOW_UP_STATES}
    return {"total": len(items), **counts, "items": items}


# --------------------------------------------------------------------------------------------- the chart


def wait_chart(
    series: Sequence[dict[str, Any]], *, width: int = 40, value: str = "median", unit: str = "min"
) -> list[str]:
    """The waits through the day as text bars, one line per bucket: ``09:00 ██████▍    16.5 min  (40)``.

    ``value`` picks ``"median"`` or ``"p90"``; bars are scaled to the largest value; a bucket without calls
    shows ``-``. Plain strings, so the CLI prints them and a Textual ``Static`` shows them alike.
    """
    top = max((entry[value] for entry in series if entry[value] is not None), default=0)
    number_width = max((len(f"{entry[value]:.1f}") for entry in series if entry[value] is not None), default=1)
    count_width = max((len(str(entry["called"])) for entry in series), default=1)
    lines = []
    for entry in series:
        amount = entry[value]
        if amount is None:
            bar, figure = "", "-".rjust(number_width) + " " * (len(unit) + 1)
        else:
            bar = _bar(amount / top * width if top else 0.0)
            figure = f"{amount:.1f}".rjust(number_width) + f" {unit}"
        lines.append(f"{entry['start']} {bar.ljust(width)} {figure}  ({str(entry['called']).rjust(count_width)})")
    return lines


def fitted_chart(
    series: Sequence[dict[str, Any]], room: int, *, value: str = "median", unit: str = "min", widest: int = 40
) -> list[str]:
    """:func:`wait_chart` in ``room`` cells: the bars get what the time, the figure, its unit ("min", or the wider
    "分钟") and the count leave of a line, measured on the lines themselves (a line one cell too long wraps and
    breaks the chart), at least 10 cells and at most ``widest``."""
    beside = max((terminal_cells(line) for line in wait_chart(series, width=0, value=value, unit=unit)), default=0)
    return wait_chart(series, width=max(10, min(widest, room - beside)), value=value, unit=unit)


def _bar(cells: float) -> str:
    """A bar ``cells`` character cells long, to an eighth of a cell; anything above zero shows at least ▏."""
    eighths = max(1, round(cells * 8)) if cells > 0 else 0
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")
