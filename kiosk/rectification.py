"""Poor ratings handled to the end (差评整改): every rating of 不满意 (2) or 非常不满意 (1) becomes a case.

The case lives on the follow-up request the rating opened (:func:`kiosk.requests.open_follow_up`), under its
``case`` field (:class:`~kiosk.records.Case`), so the resident follows it by that request's code as before, and it
goes to the archive with the request once it has ended. Its steps, each by a staff account and audited by the
facade:

``open`` -> ``assigned`` (to a clerk: :func:`assign`) -> ``called_back`` (回访: the outcome of the call, and
whether it reached the resident: :func:`call_back`) -> ``rectified`` (整改: what was done: :func:`rectify`) ->
``closed`` once the resident grades the fix (满意 / 基本满意 / 不满意: :func:`grade`, at a kiosk by code or
written down by a clerk who called), or by itself ``ratings.grade_days`` days after the rectification without a
grade (:func:`close_ungraded`, run with the day-close).

Deadlines are in working days (holidays and 调休 makeup workdays counted by :mod:`kiosk.hours`): the call back
within ``ratings.call_back_days`` of the rating, the rectification within ``ratings.follow_up_days`` (the
request's ``due_at``). A case past a deadline with its step not done is overdue (:func:`overdue_steps`).

Appeal (申诉): a clerk who thinks the rating wrong or malicious appeals it with a reason (:func:`appeal`); the case
waits (``appealed``) until a staff account that is neither the clerk rated nor the appellant reviews it
(:func:`review`). Upheld: the rating is marked ``appeal = "upheld"`` (it leaves the satisfaction figures) and the
case closes; rejected: the case goes on from the stage it was in. One appeal per case; the review is kept.

Nobody may press a resident over a rating: the clerk rated may not be assigned the case, call the resident back,
write down their grade or review the appeal.

The request's status follows the case (open: submitted, assigned: assigned, called back: in progress, rectified:
resolved, closed: closed), and each step is written in its history; the rectification is written for the
resident (they read it by code). The generic request steps (:func:`kiosk.requests.advance`) refuse a request that
has a case.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from kiosk import ratings, requests, validation
from kiosk.context import Context, event, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import Case, CaseGrade, Rating, Request
from kiosk.store import Tx

OPEN, ASSIGNED, CALLED_BACK, RECTIFIED, APPEALED, CLOSED = (
    "open",
    "assigned",
    "called_back",
    "rectified",
    "appealed",
    "closed",
)
STAGES = (OPEN, ASSIGNED, CALLED_BACK, RECTIFIED, APPEALED, CLOSED)
#: The stage each step needs, and the one it leads to.
STEPS = {
    "assign": ((OPEN, ASSIGNED), ASSIGNED),
    "call_back": ((ASSIGNED,), CALLED_BACK),
    "rectify": ((CALLED_BACK,), RECTIFIED),
    "grade": ((RECTIFIED,), CLOSED),
}
#: The request status that goes with each stage (an appealed case keeps the status it had).
REQUEST_STATUS = {
    OPEN: requests.SUBMITTED,
    ASSIGNED: requests.ASSIGNED,
    CALLED_BACK: requests.IN_PROGRESS,
    RECTIFIED: requests.RESOLVED,
    CLOSED: requests.CLOSED,
}
#: The resident's grades of a rectification, best first, with their names.
GRADES = (
    ("satisfied", "满意", "Satisfied"),
    ("fairly-satisfied", "基本满意", "Fairly satisfied"),
    ("dissatisfied", "不满意", "Dissatisfied"),
)
GRADE_IDS = tuple(grade for grade, _, _ in GRADES)
#: Where a grade comes from: a kiosk (the resident, by code) or a clerk who called and wrote it down.
GRADE_CHANNELS = ("kiosk", "staff")
#: The outcomes of a review.
UPHELD, REJECTED = "upheld", "rejected"
#: How a case ended.
GRADED, UNGRADED, APPEAL_UPHELD = "graded", "ungraded", "appeal_upheld"


def new_case(ctx: Context, rating: Rating, follow_up: Request) -> Case:
    """The case a poor ``rating`` opens on its ``follow_up`` request, with its two deadlines."""
    return {
        "rating": rating["key"],
        "subject": rating["subject"],
        "level": rating["level"],
        "clerk": rating.get("clerk"),
        "stage": OPEN,
        "resume": None,
        # Without a phone nobody can call back: no call-back deadline runs (the step may still be recorded).
        "call_back_due": stamp(ctx.hours.add_working_days(ctx.now, ctx.config.ratings.call_back_days))
        if follow_up["phone"]
        else None,
        "rectify_due": follow_up["due_at"],
        "called_back": None,
        "reached": None,
        "rectified": None,
        "grade": None,
        "appeal": None,
        "review": None,
        "closed_as": None,
    }


def find(tx: Tx, code: str) -> Request:
    """The live follow-up request with a case that ``code`` names: the request's own code, or the code that was
    rated (the resident's ticket, appointment or request)."""
    code = validation.code(code)
    record = tx.get(requests.REQUESTS, code)
    if record is None or "case" not in record:
        key = f"rating:{code}"
        rating = ratings.find_rating(tx, key)
        follow_up = rating["follow_up"] if rating else None
        record = tx.get(requests.REQUESTS, follow_up) if follow_up else None
    if record is None or "case" not in record:
        ended = tx.archive.find(requests.REQUESTS, code)
        if ended is not None and "case" in ended:
            raise Refused("case.ended", field="code")
        raise NotFound("case.not_found", field="code")
    return record


def _case(record: Request) -> Case:
    """A copy of ``record``'s case, to change and save."""
    return cast(Case, dict(record["case"]))


def _staff(tx: Tx, staff: str, field: str = "staff") -> str:
    """A staff id (a case step is always somebody's). As for requests (:mod:`kiosk.requests`), the id need not
    have an account: a case may be assigned to a grid worker who has none; who may act for whom is the facade's
    check (:func:`kiosk.staff.attribute`)."""
    return validation.staff_id(staff, field=field)


def _not_the_clerk(case: Case, staff: str, field: str = "staff") -> None:
    if case["clerk"] and staff == case["clerk"]:
        raise Refused("case.clerk_rated", field=field, staff=staff)


def _text(text: str, field: str) -> str:
    return validation.text_block(text, field, maximum=validation.NOTE_MAX)


def _step(case: Case, step: str) -> None:
    needs, _ = STEPS[step]
    if case["stage"] not in needs:
        raise Refused("case.bad_step", field="step", step=step, stage=case["stage"])


def _save(
    tx: Tx, ctx: Context, record: Request, case: Case, *, staff: str | None, note: str, visible: bool = False
) -> Request:
    """Write ``case`` back on its request, the request's status following the stage, with a history entry."""
    changes: dict[str, Any] = {"case": case}
    status = REQUEST_STATUS.get(case["stage"], record["status"])
    changes["status"] = status
    if status == requests.RESOLVED and record["status"] != requests.RESOLVED:
        changes["resolved_at"] = ctx.stamp
    if case["stage"] == ASSIGNED:
        changes["assignee"] = record["assignee"]
    changes["history"] = record["history"] + [
        event(ctx, f"case_{case['stage']}", status=status, staff=staff, note=note, visible=True if visible else None)
    ]
    return tx.update(requests.REQUESTS, record["key"], changes)


def _may_work(tx: Tx, record: Request, staff: str) -> None:
    """Only the assignee works an assigned case, while their account is active (else any clerk may)."""
    holder = requests.owner(tx, record)
    if holder is not None and holder != staff:
        raise Refused("request.not_yours", field="staff", staff=staff, assignee=holder, by="")


def assign(tx: Tx, ctx: Context, code: str, *, staff: str, assignee: str) -> Request:
    """Assign the case to ``assignee`` (not the clerk rated), or reassign it before the call back."""
    record = find(tx, code)
    case = _case(record)
    _step(case, "assign")
    staff = _staff(tx, staff)
    _not_the_clerk(case, staff)  # nor choose who handles it
    assignee = _staff(tx, assignee, field="assignee")
    _not_the_clerk(case, assignee, field="assignee")
    case["stage"] = ASSIGNED
    return _save(tx, ctx, cast(Request, dict(record, assignee=assignee)), case, staff=staff, note=assignee)


def call_back(tx: Tx, ctx: Context, code: str, *, staff: str, outcome: str, reached: bool = True) -> Request:
    """Record the call back (回访): what the resident said (``outcome``), and whether the call reached them."""
    record = find(tx, code)
    case = _case(record)
    _step(case, "call_back")
    staff = _staff(tx, staff)
    _not_the_clerk(case, staff)
    _may_work(tx, record, staff)
    text = _text(outcome, "outcome")
    case["called_back"] = {"at": ctx.stamp, "by": staff, "text": text}
    case["reached"] = bool(reached)
    case["stage"] = CALLED_BACK
    return _save(tx, ctx, record, case, staff=staff, note=text)


def rectify(tx: Tx, ctx: Context, code: str, *, staff: str, action: str) -> Request:
    """Record the rectification (整改): what was done; the resident reads it by code and is asked to grade it."""
    record = find(tx, code)
    case = _case(record)
    _step(case, "rectify")
    staff = _staff(tx, staff)
    _may_work(tx, record, staff)
    text = _text(action, "action")
    case["rectified"] = {"at": ctx.stamp, "by": staff, "text": text}
    case["stage"] = RECTIFIED
    return _save(tx, ctx, record, case, staff=staff, note=text, visible=True)


#: A grade's number runs the way a rating's level does, higher is better (3 满意, 2 基本满意, 1 不满意), so that a
#: resident who has just rated never reads "1" as the best.
GRADE_NUMBERS = {"satisfied": 3, "fairly-satisfied": 2, "dissatisfied": 1}


def parse_grade(text: str) -> str:
    """A grade from its id, number (3 = satisfied, 2 = fairly satisfied, 1 = dissatisfied) or Chinese or
    English name."""
    wanted = str(text).strip().lower()
    for grade, zh, en in GRADES:
        if wanted in (grade, str(GRADE_NUMBERS[grade]), zh, en.lower()):
            return grade
    raise InvalidInput("case.bad_grade", field="grade", value=str(text)[:20])


def grade(tx: Tx, ctx: Context, code: str, value: str, *, channel: str = "kiosk", staff: str | None = None) -> Request:
    """The resident's grade of the rectification, which closes the case. At a kiosk (``channel="kiosk"``) the
    resident gives it by code; a clerk who called writes it down (``channel="staff"``, ``staff`` not the clerk
    rated)."""
    chosen = parse_grade(value)
    if channel not in GRADE_CHANNELS:
        raise InvalidInput("case.bad_channel", field="channel", channel=channel)
    record = find(tx, code)
    case = _case(record)
    _step(case, "grade")
    by: str | None = None
    if channel == "staff":
        if not staff:
            raise InvalidInput("case.staff_missing", field="staff")
        by = _staff(tx, staff)
        _not_the_clerk(case, by)
    given: CaseGrade = {"at": ctx.stamp, "grade": chosen, "channel": channel, "by": by}
    case["grade"] = given
    case["stage"] = CLOSED
    case["closed_as"] = GRADED
    return _save(tx, ctx, record, case, staff=by, note=chosen)


def appeal(tx: Tx, ctx: Context, code: str, *, staff: str, reason: str) -> Request:
    """Appeal the rating (申诉) as wrong or malicious, with ``reason``: the case waits for a review. Once per case,
    and only while it is open (before the resident's grade)."""
    record = find(tx, code)
    case = _case(record)
    if case["appeal"] is not None:
        raise Refused("case.appealed_once", field="code")
    if case["stage"] in (APPEALED, CLOSED):
        raise Refused("case.bad_step", field="step", step="appeal", stage=case["stage"])
    staff = _staff(tx, staff)
    text = _text(reason, "reason")
    case["appeal"] = {"at": ctx.stamp, "by": staff, "text": text}
    case["resume"] = case["stage"]
    case["stage"] = APPEALED
    return _save(tx, ctx, record, case, staff=staff, note=text)


def review(tx: Tx, ctx: Context, code: str, *, staff: str, upheld: bool, reason: str) -> Request:
    """Review an appeal, by a staff account other than the clerk rated and the appellant. Upheld: the rating no
    longer counts (``appeal = "upheld"``) and the case closes; rejected: the case goes on where it was."""
    record = find(tx, code)
    case = _case(record)
    appealed = case["appeal"]
    if case["stage"] != APPEALED or appealed is None:
        raise Refused("case.bad_step", field="step", step="review", stage=case["stage"])
    staff = _staff(tx, staff)
    _not_the_clerk(case, staff)
    if staff == appealed["by"]:
        raise Refused("case.own_appeal", field="staff", staff=staff)
    text = _text(reason, "reason")
    case["review"] = {"at": ctx.stamp, "by": staff, "outcome": UPHELD if upheld else REJECTED, "text": text}
    if upheld:
        case["stage"] = CLOSED
        case["closed_as"] = APPEAL_UPHELD
        if tx.get(ratings.RATINGS, case["rating"]) is not None:
            tx.update(ratings.RATINGS, case["rating"], {"appeal": UPHELD})
    else:
        case["stage"] = case["resume"] or OPEN
    case["resume"] = None
    return _save(tx, ctx, record, case, staff=staff, note=text)


def close_ungraded(tx: Tx, ctx: Context) -> list[Request]:
    """Close the cases rectified more than ``ratings.grade_days`` ago that the resident never graded."""
    limit = stamp(ctx.now - timedelta(days=ctx.config.ratings.grade_days))
    closed = []
    for record in tx.records(requests.REQUESTS):
        case = record.get("case")
        if case and case["stage"] == RECTIFIED and case["rectified"] and case["rectified"]["at"] <= limit:
            ended = _case(record)
            ended["stage"] = CLOSED
            ended["closed_as"] = UNGRADED
            closed.append(_save(tx, ctx, record, ended, staff="system", note=UNGRADED))
    return closed


def overdue_steps(ctx: Context, case: Case) -> list[str]:
    """The steps of ``case`` past their deadline and not done: ``call_back`` and/or ``rectify``."""
    now = ctx.stamp
    late: list[str] = []
    if case["stage"] == CLOSED:
        return late
    due = case["call_back_due"]
    if case["called_back"] is None and due is not None and due < now:
        late.append("call_back")
    if case["rectified"] is None and case["rectify_due"] < now:
        late.append("rectify")
    return late


def next_steps(case: Case) -> list[str]:
    """The steps ``case`` may take next (``appeal`` and ``review`` included when they apply)."""
    found = [step for step, (needs, _) in STEPS.items() if case["stage"] in needs]
    if case["stage"] == APPEALED:
        found.append("review")
    elif case["stage"] != CLOSED and case["appeal"] is None:
        found.append("appeal")
    return found


#: The steps the clerk rated never takes on their own case (nobody may press a resident over a rating); they may
#: rectify what the assignee left to anyone, and appeal.
NOT_FOR_THE_CLERK = ("assign", "call_back", "grade", "review")
#: The steps that are the assignee's work while the case is assigned to an active account (:func:`_may_work`).
ASSIGNEES_WORK = ("call_back", "rectify")


def steps_for(tx: Tx, record: Request, staff: str) -> list[str]:
    """The steps of :func:`next_steps` that ``staff`` may take on ``record``'s case: none the clerk rated may
    never take (:data:`NOT_FOR_THE_CLERK`), not the review of one's own appeal, and the assignee's work only for
    the assignee. The same rules the steps enforce, said beforehand so a face can grey out what would be refused."""
    case = record["case"]
    holder = requests.owner(tx, record)
    appeal = case["appeal"]
    found = []
    for step in next_steps(case):
        if case["clerk"] and staff == case["clerk"] and step in NOT_FOR_THE_CLERK:
            continue
        if step == "review" and appeal is not None and staff == appeal["by"]:
            continue
        if step in ASSIGNEES_WORK and holder is not None and holder != staff:
            continue
        found.append(step)
    return found


def on_time(case: Case) -> dict[str, bool | None]:
    """Whether the call back and the rectification were done by their deadlines (None: not done)."""
    called, fixed = case["called_back"], case["rectified"]
    return {
        "call_back": (called["at"] <= case["call_back_due"]) if called and case["call_back_due"] else None,
        "rectify": fixed["at"] <= case["rectify_due"] if fixed else None,
    }


def cases(tx: Tx) -> list[Request]:
    """Every live follow-up request with a case, oldest first."""
    return sorted(
        (r for r in tx.records(requests.REQUESTS) if "case" in r), key=lambda r: (r["submitted_at"], r["key"])
    )


__all__ = [
    "APPEALED",
    "ASSIGNED",
    "CALLED_BACK",
    "CLOSED",
    "GRADES",
    "OPEN",
    "RECTIFIED",
    "appeal",
    "assign",
    "call_back",
    "cases",
    "close_ungraded",
    "find",
    "grade",
    "new_case",
    "next_steps",
    "steps_for",
    "on_time",
    "overdue_steps",
    "rectify",
    "review",
]
