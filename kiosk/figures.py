"""Satisfaction figures (好差评): the report's satisfaction and rating rates and its poor-rating figures, and the
month's public figures (政务公开) that the board and the kiosk's home show in one line.

What counts, everywhere:

* A rating **counts** unless an appeal against it was upheld: the rating says ``appeal = "upheld"``, or (a rating
  already archived when the appeal was upheld is not written again) its follow-up request's case ended
  ``closed_as = "appeal_upheld"`` (:func:`excluded`).
* **Satisfaction rate**: ratings of level 5, 4 or 3 over all ratings that count; None when none does.
* **Rating rate**: ratings given over services delivered in the span: tickets served (an attended appointment
  is served through its ticket, so it is counted once) and requests resolved (satisfaction follow-ups are not a
  service, and are left out of both sides). A rating may be given up to ``ratings.window_days`` after its
  service, so a span's rate can exceed 1 at its start and lag at its end; over a month it evens out.
* **Poor ratings** (2 and 1) that count, with their rectification cases (:mod:`kiosk.rectification`): called
  back on time, rectified on time, graded (满意 / 基本满意 / 不满意) or not, by service, by counter and by clerk.
* **Handled** (the public line): a poor rating whose case is rectified or closed (an older follow-up without a
  case: resolved or closed).

:func:`public_figures` counts this month through today from the hot file and the archive's day files.
:class:`PublicFiguresCache` makes it cheap enough to call on every refresh of a board or a kiosk's home: an
archived day's file is read once (its part is kept while the file is unchanged), and nothing at all is read again
until a commit touched the ratings or the requests, or the day turned.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kiosk import queue, ratings, rectification, requests
from kiosk.history import read_archived
from kiosk.records import PublicFigures
from kiosk.store import Store

#: Levels at or above this count as satisfied (5 非常满意, 4 满意, 3 基本满意).
SATISFIED_FROM = 3
#: Case stages that count as handled on the public line.
HANDLED_STAGES = (rectification.RECTIFIED, rectification.CLOSED)
#: The tables whose changes can move the public figures.
PUBLIC_TABLES = frozenset({str(ratings.RATINGS), str(requests.REQUESTS)})


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def case_of(rating: Mapping[str, Any], follow_ups: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """The rectification case of ``rating`` (on its follow-up request, found by code in ``follow_ups``), or
    None: no follow-up, a follow-up not at hand, or one opened before cases were kept."""
    code = rating.get("follow_up")
    request = follow_ups.get(code) if code else None
    case = request.get("case") if request else None
    return dict(case) if case else None


def excluded(rating: Mapping[str, Any], follow_ups: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether an upheld appeal took ``rating`` out of the figures (see the module docstring)."""
    if rating.get("appeal") == rectification.UPHELD:
        return True
    case = case_of(rating, follow_ups)
    return bool(case and case.get("closed_as") == rectification.APPEAL_UPHELD)


def handled(rating: Mapping[str, Any], follow_ups: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether a poor rating was handled: its case rectified or closed (an older follow-up without a case:
    resolved or closed)."""
    case = case_of(rating, follow_ups)
    if case is not None:
        return case.get("stage") in HANDLED_STAGES
    code = rating.get("follow_up")
    request = follow_ups.get(code) if code else None
    return bool(request and request.get("status") in (requests.RESOLVED, requests.CLOSED))


# --------------------------------------------------------------------------------------------- the report


def _poor_tally() -> dict[str, Any]:
    return {
        "total": 0,
        "called_back": 0,
        "called_back_on_time": 0,
        # Not called back and past the call-back deadline at the report's end (a case without a phone has none).
        "call_back_missed": 0,
        "rectified": 0,
        "rectified_on_time": 0,
        "graded": 0,
        "grades": {grade: 0 for grade in rectification.GRADE_IDS},
        "ungraded": 0,
        "appealed": 0,
    }


def _count_poor(tally: dict[str, Any], case: Mapping[str, Any] | None, as_of: str) -> None:
    """Add one poor rating and what its case did by ``as_of`` to ``tally``."""
    tally["total"] += 1
    if case is None:
        return
    called, fixed, grade = case.get("called_back"), case.get("rectified"), case.get("grade")
    due = case.get("call_back_due")
    if called and called["at"] <= as_of:
        tally["called_back"] += 1
        tally["called_back_on_time"] += due is None or called["at"] <= due  # no phone: no deadline to miss
    elif due is not None and due < as_of and case.get("closed_as") != rectification.APPEAL_UPHELD:
        tally["call_back_missed"] += 1
    if fixed and fixed["at"] <= as_of:
        tally["rectified"] += 1
        tally["rectified_on_time"] += fixed["at"] <= case["rectify_due"]
    if grade and grade["at"] <= as_of:
        tally["graded"] += 1
        tally["grades"][grade["grade"]] = tally["grades"].get(grade["grade"], 0) + 1
    elif case.get("closed_as") == rectification.UNGRADED:
        tally["ungraded"] += 1
    if case.get("appeal"):
        tally["appealed"] += 1


def _served(
    tickets: Iterable[Mapping[str, Any]], request_records: Iterable[Mapping[str, Any]], lo: str, hi: str, as_of: str
) -> dict[str, int]:
    """Services delivered in the span: tickets finished (appointments through their ticket) and requests resolved
    (follow-ups left out)."""
    served_tickets = sum(1 for t in tickets if t.get("status") == queue.DONE)
    resolved = 0
    for record in request_records:
        at = record.get("resolved_at")
        if record.get("category") != requests.FOLLOW_UP and at and lo <= at[:10] <= hi and at <= as_of:
            resolved += 1
    return {"tickets": served_tickets, "requests": resolved, "total": served_tickets + resolved}


def satisfaction_figures(
    rating_records: Iterable[Mapping[str, Any]],
    request_records: Iterable[Mapping[str, Any]],
    tickets: Iterable[Mapping[str, Any]],
    *,
    first: date,
    last: date,
    as_of: str,
    staff_names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The report's satisfaction figures of the span (see the module docstring), JSON-ready:
    ``satisfaction`` (rated, satisfied, rate, appeals upheld), ``rating_rate`` (rated, served, rate) and ``poor``
    (the total tally, then ``services``, ``counters`` and ``clerks``, each a list of tallies with its ``id`` and
    ``kind``: ``service``, or ``category`` for a request's; a clerk with their ``name`` from ``staff_names``)."""
    requests_list = list(request_records)
    follow_ups = {r["code"]: r for r in requests_list if r.get("category") == requests.FOLLOW_UP or "case" in r}
    lo, hi = first.isoformat(), last.isoformat()
    given = satisfied = counted = upheld = 0
    poor = _poor_tally()
    per: dict[str, dict[str, dict[str, Any]]] = {"service": {}, "counter": {}, "clerk": {}}
    for rating in sorted(rating_records, key=lambda r: (r["at"], r["key"])):
        given += 1
        if excluded(rating, follow_ups):
            upheld += 1
            continue
        counted += 1
        level = int(rating["level"])
        satisfied += level >= SATISFIED_FROM
        if level > ratings.FOLLOW_UP_AT:
            continue
        case = case_of(rating, follow_ups)
        _count_poor(poor, case, as_of)
        # A request has no service: its category stands in for it (named as a category).
        item = ("service", rating["service"]) if rating.get("service") else ("category", rating.get("category"))
        where = {
            "service": item,
            "counter": ("counter", rating.get("counter")),
            "clerk": ("clerk", rating.get("clerk")),
        }
        for kind, (item_kind, ident) in where.items():
            if ident:
                tally = per[kind].setdefault(f"{item_kind}:{ident}", dict(_poor_tally(), kind=item_kind, id=ident))
                _count_poor(tally, case, as_of)
    served = _served(tickets, requests_list, lo, hi, as_of)
    names = staff_names or {}
    return {
        "satisfaction": {
            "rated": counted,
            "satisfied": satisfied,
            "rate": _share(satisfied, counted),
            "appeals_upheld": upheld,
        },
        "rating_rate": {
            "rated": given,
            "served": served["total"],
            "served_detail": served,
            "rate": _share(given, served["total"]),
        },
        "poor": {
            "total": poor,
            "services": [per["service"][k] for k in sorted(per["service"])],
            "counters": [per["counter"][k] for k in sorted(per["counter"])],
            "clerks": [dict(per["clerk"][k], name=names.get(per["clerk"][k]["id"])) for k in sorted(per["clerk"])],
        },
    }


# --------------------------------------------------------------------------------------------- the public line


@dataclass(frozen=True)
class _DayPart:
    """What one archived day adds to the month: its ratings (the fields the public line needs) and its follow-up
    requests (status and case)."""

    ratings: dict[str, dict[str, Any]]
    follow_ups: dict[str, dict[str, Any]]


def _slim_rating(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in ("key", "at", "level", "follow_up", "appeal")}


def _slim_request(record: Mapping[str, Any]) -> dict[str, Any]:
    case = record.get("case")
    slim: dict[str, Any] = {"code": record["code"], "status": record.get("status")}
    if case:
        slim["case"] = {"stage": case.get("stage"), "closed_as": case.get("closed_as")}
    return slim


def _is_follow_up(record: Mapping[str, Any]) -> bool:
    return record.get("category") == requests.FOLLOW_UP or "case" in record


def count_public(
    rating_records: Iterable[Mapping[str, Any]],
    follow_ups: Mapping[str, Mapping[str, Any]],
    *,
    month: str,
    through: str,
) -> PublicFigures:
    """The public figures from this month's ratings and the follow-up requests by code."""
    rated = satisfied = poor = done = 0
    for rating in rating_records:
        if excluded(rating, follow_ups):
            continue
        rated += 1
        level = int(rating["level"])
        satisfied += level >= SATISFIED_FROM
        if level <= ratings.FOLLOW_UP_AT:
            poor += 1
            done += handled(rating, follow_ups)
    return {
        "month": month,
        "through": through,
        "rated": rated,
        "satisfied": satisfied,
        "rate": _share(satisfied, rated),
        "poor": poor,
        "handled": done,
    }


@dataclass
class PublicFiguresCache:
    """The public figures of one hall, kept between calls (one per :class:`~kiosk.hall.Hall`; thread-safe).

    ``days`` holds each archived day's part under the identity of its file (inode, size, modification time): a
    day file is written once when its day closes, so a part is read once. ``result`` is the last answer, for the
    store ``version`` and the day it was counted for: while no commit touched the ratings or the requests (asked
    of :meth:`~kiosk.store.Store.changed_since`) and the day is the same, it is the answer.
    """

    days: dict[date, tuple[tuple[int, int, int], _DayPart]] = field(default_factory=dict)
    result: PublicFigures | None = None
    version: str | None = None
    today: date | None = None
    #: How many times the figures were counted (tests see that an unrelated commit costs no count).
    counts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store, today: date) -> PublicFigures:
        """This month's public figures through ``today``, counted again only when they may have changed."""
        with self._lock:
            try:
                version: str | None = store.version()
            except Exception:  # a missing file: count afresh (the snapshot read says what is wrong)
                version = None
            if self.result is not None and self.today == today and version is not None:
                if version == self.version:
                    return self.result
                changes = store.changed_since(self.version) if self.version is not None else None
                if changes is not None and PUBLIC_TABLES.isdisjoint(changes):
                    self.version = version
                    return self.result
            self.result = self._count(store, today)
            self.version, self.today = version, today
            self.counts += 1
            return self.result

    def _count(self, store: Store, today: date) -> PublicFigures:
        start = today.replace(day=1)
        lo, hi = start.isoformat(), today.isoformat()
        rating_records: dict[str, dict[str, Any]] = {}
        follow_ups: dict[str, dict[str, Any]] = {}
        # The hot file first, then the archive, whose copy wins (as kiosk.history reads them): a day closed
        # between the two reads is then counted once, as closed.
        with store.snapshot() as tx:
            for record in tx.records(ratings.RATINGS):
                if lo <= record["at"][:10] <= hi:
                    rating_records[record["key"]] = _slim_rating(record)
            for request in tx.records(requests.REQUESTS):
                if _is_follow_up(request):
                    follow_ups[request["code"]] = _slim_request(request)
        day = start
        while day <= today:
            part = self._day_part(store, day)
            if part is not None:
                rating_records.update(part.ratings)
                follow_ups.update(part.follow_ups)
            day += timedelta(days=1)
        return count_public(rating_records.values(), follow_ups, month=start.isoformat()[:7], through=today.isoformat())

    def _day_part(self, store: Store, day: date) -> _DayPart | None:
        """The part of an archived ``day`` (None when the day has no file), read once per version of its file."""
        path = store.archive.day_path(day)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            self.days.pop(day, None)
            return None
        identity = (info.st_ino, info.st_size, info.st_mtime_ns)
        known = self.days.get(day)
        if known is not None and known[0] == identity:
            return known[1]
        tables = read_archived(path, [str(ratings.RATINGS), str(requests.REQUESTS)])
        part = _DayPart(
            ratings={
                r["key"]: _slim_rating(r)
                for r in tables.get(str(ratings.RATINGS), {}).values()
                if r["at"][:10] >= day.replace(day=1).isoformat()
            },
            follow_ups={
                r["code"]: _slim_request(r) for r in tables.get(str(requests.REQUESTS), {}).values() if _is_follow_up(r)
            },
        )
        self.days[day] = (identity, part)
        return part


def public_figures(cache: PublicFiguresCache, store: Store, now: datetime) -> PublicFigures:
    """This month's public figures through the day of ``now`` (the hall's timezone), from ``cache``."""
    return cache.get(store, now.date())
