"""Evaluation records out to the provincial 好差评 system (``kiosk export evaluations``): one row per rating given
in the chosen days, CSV or JSON Lines, with a manifest, written like the appointments export (:mod:`kiosk.export`:
what may be replaced, atomic write, no wall clock in the bytes, so a re-run on the same data gives the same file).

Records come from :mod:`kiosk.history` (no lock; archived days included): the ratings of the days, the requests
from the first day on (the follow-ups with their rectification cases), and, for what a rating names (its
ticket, appointment or request: status, phone), the tickets and appointments of the ``ratings.window_days``
before the span as well; anything older is looked up by code.

The rows (:data:`COLUMNS`, the same fields in CSV and JSON Lines; a list is ``a;b`` in a CSV cell)::

    project_no            办件编号: the code rated, as printed (A7KX-M2Q9)
    subject_kind          ticket | appointment | request
    item, item_name       the service id and name, or the request category's (事项)
    applied_at            when it was applied for (ticket issued, appointment booked, request filed)
    handled_at            when it was handled (ticket finished, request resolved)
    case_status           the ticket's, appointment's or request's status now (done, attended, resolved, ...)
    office_code           [ratings] office_code; office_name the hall's name; region_code [ratings] region_code
    applicant_type        always "person" (自然人): residents rate, companies do not here
    applicant_phone       masked (138****5678) unless contact="full"; empty when anonymous
    anonymous             true when no phone ties the rating to a person
    channel, channel_name pad | kiosk | qr | staff | other (empty for a rating older than channels)
    counter               the counter that served
    clerk, clerk_name     the staff id evaluated and their name from the staff accounts
    level, level_name     1..5 and its name (非常满意 .. 非常不满意)
    efficiency, competence, attitude   the indicators 1..5, empty when not given
    reasons, reason_names the reason ids of a poor rating and their names (lists)
    comment               the resident's words
    rated_at              when it was rated
    recorded_by           the clerk who wrote down a rating given by phone or on paper
    appeal_upheld         true when an upheld appeal took it out of the figures
    follow_up             the follow-up request's code (a poor rating's case), as printed
    case_stage            open | assigned | called_back | rectified | appealed | closed
    called_back_on_time, rectified_on_time   true / false once done, empty before
    grade, grade_name     the resident's grade of the rectification (satisfied | fairly-satisfied | dissatisfied)
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from kiosk import booking, codes, figures, queue, ratings, rectification, requests, validation
from kiosk.config import HallConfig
from kiosk.errors import KioskError
from kiosk.export import ExportResult, csv_chunks, jsonl_chunks, manifest_head, prepare, write_export
from kiosk.history import Progress, load
from kiosk.i18n import translate
from kiosk.names import name_of
from kiosk.staff import STAFF

if TYPE_CHECKING:
    from kiosk.hall import Hall
    from kiosk.records import Case, Subject

FORMATS = ("csv", "jsonl")
#: What every applicant is in these records: a natural person (自然人), not a legal person.
APPLICANT_TYPE = "person"
COLUMNS = (
    "project_no",
    "subject_kind",
    "item",
    "item_name",
    "applied_at",
    "handled_at",
    "case_status",
    "office_code",
    "office_name",
    "region_code",
    "applicant_type",
    "applicant_phone",
    "anonymous",
    "channel",
    "channel_name",
    "counter",
    "clerk",
    "clerk_name",
    "level",
    "level_name",
    *ratings.INDICATORS,
    "reasons",
    "reason_names",
    "comment",
    "rated_at",
    "recorded_by",
    "appeal_upheld",
    "follow_up",
    "case_stage",
    "called_back_on_time",
    "rectified_on_time",
    "grade",
    "grade_name",
)


class Subjects:
    """The tickets, appointments and requests ratings name, by code: those loaded with the span, and any other
    looked up by code (an older record, archived) through ``find``."""

    def __init__(self, loaded: Iterable[Mapping[str, Any]], find: Callable[[str, str], Any]) -> None:
        self._by_code: dict[str, Mapping[str, Any]] = {}
        for record in loaded:
            if record.get("code"):
                self._by_code[str(record["code"])] = record
        self._find = find

    def get(self, kind: str, code: str | None) -> Mapping[str, Any] | None:
        """The record of ``kind`` with ``code``, or None."""
        if not code:
            return None
        if code not in self._by_code:
            found = self._find(kind, code)
            if found is None:
                return None
            self._by_code[code] = found
        return self._by_code[code]


def _phone(
    rating: Mapping[str, Any], record: Mapping[str, Any] | None, follow_up: Mapping[str, Any] | None, subjects: Subjects
) -> str | None:
    """The phone behind a rating: the one given with it (kept on its follow-up), else the one on record (an
    appointment's or request's, a ticket's appointment's)."""
    if follow_up and follow_up.get("phone"):
        return str(follow_up["phone"])
    if record is None:
        return None
    if rating.get("subject_kind") == "ticket":
        appointment = subjects.get("appointment", record.get("appointment"))
        return str(appointment["phone"]) if appointment and appointment.get("phone") else None
    return str(record["phone"]) if record.get("phone") else None


def _level_name(level: int, lang: str) -> str:
    found = next((item for item in ratings.LEVELS if item.value == level), None)
    if found is None:
        return str(level)
    return found.zh_hans if lang == "zh-Hans" else found.en


def _grade_name(grade: str | None, lang: str) -> str | None:
    for ident, zh, en in rectification.GRADES:
        if ident == grade:
            return zh if lang == "zh-Hans" else en
    return grade


def evaluation_rows(
    rating_records: Iterable[Mapping[str, Any]],
    follow_ups: Mapping[str, Mapping[str, Any]],
    subjects: Subjects,
    staff_names: Mapping[str, str],
    config: HallConfig,
    *,
    contact: str = "masked",
    lang: str = "en",
) -> list[dict[str, Any]]:
    """One row per rating (see the module docstring), in the order given."""
    reason_names = {reason.id: reason.name.get(lang) for reason in config.ratings.reasons}
    rows = []
    for rating in rating_records:
        kind = str(rating.get("subject_kind") or codes.kind_of(rating["subject"]))
        record = subjects.get(kind, rating["subject"])
        follow_up = follow_ups.get(rating["follow_up"]) if rating.get("follow_up") else None
        case = figures.case_of(rating, follow_ups)
        phone = _phone(rating, record, follow_up, subjects)
        anonymous = bool(rating.get("anonymous", phone is None))
        shown_phone = "" if anonymous or not phone else (phone if contact == "full" else validation.mask_phone(phone))
        if rating.get("service"):
            item, item_name = rating["service"], name_of(config, lang, "service", rating["service"])
        else:
            category = rating.get("category") or (record or {}).get("category")
            item, item_name = category, name_of(config, lang, "category", category)
        # An older rating did not record when its case was applied for: its record says.
        applied = rating.get("applied_at") or (ratings.applied_at(kind, cast("Subject", record)) if record else None)
        timely = rectification.on_time(cast("Case", case)) if case else {"call_back": None, "rectify": None}
        grade = case["grade"]["grade"] if case and case.get("grade") else None
        channel = rating.get("channel") or ""
        clerk = rating.get("clerk")
        indicators = rating.get("indicators") or {}
        reasons = list(rating.get("reasons") or [])
        row: dict[str, Any] = {
            "project_no": codes.display(rating["subject"]),
            "subject_kind": kind,
            "item": item,
            "item_name": item_name,
            "applied_at": applied,
            "handled_at": rating.get("handled_at"),
            "case_status": record.get("status") if record else None,
            "office_code": config.ratings.office_code,
            "office_name": config.name.get(lang),
            "region_code": config.ratings.region_code,
            "applicant_type": APPLICANT_TYPE,
            "applicant_phone": shown_phone,
            "anonymous": anonymous,
            "channel": channel,
            "channel_name": translate(lang, f"figures.channel.{channel}") if channel in ratings.CHANNELS else "",
            "counter": rating.get("counter"),
            "clerk": clerk,
            "clerk_name": staff_names.get(clerk) if clerk else None,
            "level": int(rating["level"]),
            "level_name": _level_name(int(rating["level"]), lang),
            **{name: indicators.get(name) for name in ratings.INDICATORS},
            "reasons": reasons,
            "reason_names": [reason_names.get(r, r) for r in reasons],
            "comment": rating.get("comment") or "",
            "rated_at": rating["at"],
            "recorded_by": rating.get("recorded_by"),
            "appeal_upheld": figures.excluded(rating, follow_ups),
            "follow_up": codes.display(rating["follow_up"]) if rating.get("follow_up") else None,
            "case_stage": case.get("stage") if case else None,
            "called_back_on_time": timely["call_back"],
            "rectified_on_time": timely["rectify"],
            "grade": grade,
            "grade_name": _grade_name(grade, lang),
        }
        rows.append(row)
    return rows


def export_evaluations(
    hall: Hall,
    first: date,
    last: date,
    *,
    fmt: str = "csv",
    out: str | os.PathLike[str] | None = None,
    contact: str = "masked",
    bom: bool = True,
    lang: str = "en",
    progress: Progress | None = None,
    force: bool = False,
) -> ExportResult:
    """Export every rating given on the days ``first`` to ``last`` from ``hall`` to ``out`` in ``fmt`` (csv or
    jsonl), with a manifest; see the module docstring. ``force`` as for the appointments export."""
    path = prepare(
        "evaluations", first, last, fmt=fmt, contact=contact, out=out, store=hall.store, force=force, formats=FORMATS
    )
    config = hall.config
    today = hall.now().date()
    history = load(hall.store, first, last, [ratings.RATINGS, requests.REQUESTS], today=today, progress=progress)
    # What the ratings name was served at most window_days before they were given: load those days too.
    before = first - timedelta(days=config.ratings.window_days + 1)
    served = load(hall.store, before, last, [queue.TICKETS, booking.APPOINTMENTS, requests.REQUESTS], today=today)
    rating_records = sorted(history.table(ratings.RATINGS), key=lambda r: (r["at"], r["key"]))
    request_records = history.table(requests.REQUESTS)
    follow_ups = {r["code"]: r for r in request_records}

    def find(kind: str, code: str) -> Any:
        def look(tx: Any, ctx: Any) -> Any:
            try:
                return ratings.subject(tx, code)[1]
            except KioskError:
                return None

        return hall.read(look)

    subjects = Subjects(
        [*served.table(queue.TICKETS), *served.table(booking.APPOINTMENTS), *served.table(requests.REQUESTS)],
        find,
    )
    staff_names = hall.read(lambda tx, ctx: {str(a["id"]): str(a["name"]) for a in tx.records(STAFF)})
    rows = evaluation_rows(rating_records, follow_ups, subjects, staff_names, config, contact=contact, lang=lang)
    chunks: Callable[[], Iterator[bytes]] = {
        "csv": lambda: csv_chunks(rows, bom=bom, columns=COLUMNS),
        "jsonl": lambda: jsonl_chunks(rows, columns=COLUMNS),
    }[fmt]
    changes = [r["at"] for r in rating_records]
    for rating in rating_records:
        request = follow_ups.get(rating["follow_up"]) if rating.get("follow_up") else None
        changes += [entry["at"] for entry in (request or {}).get("history", ())]
    manifest: dict[str, Any] = {
        **manifest_head("evaluations", first, last, fmt=fmt, contact=contact, lang=lang, rows=len(rows), config=config),
        "levels": {str(level): n for level, n in sorted(Counter(r["level"] for r in rows).items())},
        "office_code": config.ratings.office_code,
        "region_code": config.ratings.region_code,
        # The data's own time, not the clock's: the latest rating or step of a case among those exported.
        "data_as_of": max(changes, default=None),
        "columns": list(COLUMNS),
    }
    if fmt == "csv":
        manifest["bom"] = bom
    return write_export(path, chunks(), manifest, durable=hall.store.durable, access=hall.store.access)
