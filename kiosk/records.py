"""The typed records of the hall and the read models that cross the :class:`~kiosk.hall.Hall` facade.

Records are stored as plain JSON objects in the TinyDB file (and its archive day files), so they are
:class:`~typing.TypedDict` types, not classes: a record read from the store *is* one of these dicts, and a
result handed to a screen or printed with ``--json`` is one too. Instants are stamps (ISO 8601 strings to the
second with the hall's offset, see :func:`kiosk.context.stamp`), days are ISO dates, and bilingual texts are
:class:`TextDict` (``{"zh-Hans": ..., "en": ...}``).

A field marked ``NotRequired`` may be missing from a stored record (written before the field existed, or set
only in some states); every other field is always present, ``None`` included where its type allows.
:data:`kiosk.integrity.REQUIRED` lists, per table, the fields the integrity check insists on; keep the two
consistent.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# Bilingual text and history ---------------------------------------------------------------------------------

TextDict = TypedDict("TextDict", {"zh-Hans": str, "en": str})
"""A bilingual text as JSON: ``{"zh-Hans": ..., "en": ...}`` (see :func:`kiosk.views.text`)."""


class Event(TypedDict):
    """One entry of a record's ``history``: when, what, and whatever details apply
    (:func:`kiosk.context.event` leaves out the details that are None or empty)."""

    at: str
    event: str
    counter: NotRequired[str]
    staff: NotRequired[str]
    service: NotRequired[str]
    priority: NotRequired[bool]
    appointment: NotRequired[str]
    note: NotRequired[str]
    outcome: NotRequired[str]
    #: A request's status after the step.
    status: NotRequired[str]
    #: A request note the resident reads by code (see :func:`kiosk.requests.note_visible`).
    visible: NotRequired[bool]
    assignee: NotRequired[str]
    #: The rating key a follow-up request was opened by.
    rating: NotRequired[str]
    #: An appointment's slot start (booked, rescheduled).
    slot: NotRequired[str]
    #: The ticket number an appointment's check-in or end refers to.
    ticket: NotRequired[str]
    #: A moved appointment's previous slot start.
    was: NotRequired[str]
    #: An appointment checked in after its window.
    late: NotRequired[bool]


# Tickets, counters, calls (kiosk.queue) ---------------------------------------------------------------------


class Ticket(TypedDict):
    """A ticket (table ``tickets``, business key ``"<day>/<number>"``), walk-in or from an appointment."""

    key: str
    day: str
    #: ``"A007"``: the prefix and the day's sequence number.
    number: str
    prefix: str
    seq: int
    code: str
    #: The service it waits for now (a transfer changes it); ``origin_service`` is where it started.
    service: str
    origin_service: str
    #: ``"walk_in"`` | ``"appointment"`` | ``"late_appointment"``
    kind: str
    #: The appointment's code, or None for a walk-in.
    appointment: str | None
    priority: bool
    issued_at: str
    #: What "longest wait" is measured from (an appointment's slot start when checked in early).
    wait_since: str
    #: ``"waiting"`` | ``"called"`` | ``"done"`` | ``"no_show"`` | ``"expired"``
    status: str
    counter: str | None
    called_at: str | None
    first_called_at: str | None
    finished_at: str | None
    outcome: str | None
    recalls: int
    #: The estimated wait in minutes when issued; None when it was unknown (no counter open, see
    #: ``wait_unknown``).
    wait_min: int | None
    wait_max: int | None
    #: Why the wait was unknown when issued (:data:`kiosk.queue.COUNTERS_CLOSED` / ``COUNTERS_PAUSED``), and when
    #: the counters were to open, if known. Absent from tickets issued before this was recorded.
    wait_unknown: NotRequired[str | None]
    counters_open_at: NotRequired[str | None]
    #: A mobile number the resident left at the kiosk to be texted (never shown unmasked), their consent to
    #: texts, and the language they read (absent when no phone was left).
    phone: NotRequired[str]
    notify: NotRequired[bool]
    lang: NotRequired[str]
    history: list[Event]


class StaffSession(TypedDict):
    """A clerk signed in at a counter, kept in the counter's record of the day (see :mod:`kiosk.staff`)."""

    id: str
    staff: str
    name: NotRequired[str]
    counter: str
    started: str


class CounterState(TypedDict):
    """A counter's state (table ``counters``, key = the counter id). A state left from an earlier ``day``
    counts as closed (:func:`kiosk.queue.counter_state`)."""

    key: str
    #: ``"open"`` | ``"paused"`` | ``"closed"``
    state: str
    #: The key of the ticket being served, or None.
    serving: str | None
    day: str
    staff: NotRequired[str | None]
    session: NotRequired[StaffSession | None]


class Call(TypedDict):
    """One call or recall, in order, for the display board (table ``calls``, key ``"<day>/call/<n>"``)."""

    key: str
    #: Increasing across days, never reused.
    id: int
    day: str
    #: Per day, from 1.
    seq: int
    at: str
    #: The ticket's key.
    ticket: str
    number: str
    service: str
    counter: str
    recall: bool


class FinishAndCall(TypedDict):
    """A counter's finish-then-call in one step (:meth:`kiosk.hall.Hall.finish_and_call_next`): the ticket just
    finished, and the one called next (None when nobody waits)."""

    finished: Ticket
    called: Ticket | None


# Appointments (kiosk.booking) --------------------------------------------------------------------------------


class Appointment(TypedDict):
    """A booked appointment (table ``appointments``, key = its code)."""

    key: str
    code: str
    service: str
    day: str
    #: The slot's start and end instants.
    start: str
    end: str
    staggered: bool
    window: str | None
    name: str
    phone: str
    #: ``"booked"`` | ``"checked_in"`` | ``"attended"`` | ``"cancelled"`` | ``"no_show"``
    status: str
    booked_at: str
    #: The ticket's key once checked in.
    ticket: str | None
    #: Checked in after the window.
    late: bool
    #: Whether the resident agreed to texts about it, and in which language (absent on older records: no).
    notify: NotRequired[bool]
    lang: NotRequired[str]
    history: list[Event]


class Slot(TypedDict):
    """An appointment slot as JSON (:meth:`kiosk.booking.Slot.as_dict`)."""

    service: str
    date: str
    #: ``HH:MM``
    time: str
    end: str
    staggered: bool
    window: str | None
    capacity: int
    remaining: int


class BookableSlot(Slot):
    """A slot of :meth:`kiosk.hall.Hall.slots`: whether it can be booked now."""

    bookable: bool


class BookingDay(TypedDict):
    """A day of the booking horizon (:meth:`kiosk.hall.Hall.booking_days`)."""

    date: str
    #: ``"open"`` | ``"full"`` | ``"closed"`` | ``"not_offered"`` | ``"over"`` (see :func:`kiosk.views.booking_days`)
    state: str
    closed: bool
    reason: TextDict | None
    remaining: int
    staggered: bool


class CheckIn(TypedDict):
    """What a check-in returns: the appointment and the ticket it was given."""

    appointment: Appointment
    ticket: Ticket


# Service requests (kiosk.requests) --------------------------------------------------------------------------


class RequestOrigin(TypedDict):
    """Where a follow-up request came from: the rating, the rated code and its level."""

    rating: str
    subject: str
    level: int


class Request(TypedDict):
    """A service request (table ``requests``, key = the tracking code); lifecycle in :mod:`kiosk.requests`."""

    key: str
    code: str
    category: str
    description: str
    phone: str | None
    address: str | None
    preferred_time: str | None
    status: str
    submitted_at: str
    due_at: str
    assignee: str | None
    resolved_at: str | None
    reason: str | None
    origin: RequestOrigin | None
    history: list[Event]
    #: For the follow-up of a poor rating: its rectification case (:mod:`kiosk.rectification`).
    case: NotRequired[Case]
    #: Whether the resident agreed to texts as it moves on, and in which language (absent on older records: no).
    notify: NotRequired[bool]
    lang: NotRequired[str]
    #: When staff will visit (``kiosk request visit``), once set.
    visit_at: NotRequired[str]


class CaseStep(TypedDict):
    """One done step of a rectification case: when, by whom, and what was said (outcome, action or reason)."""

    at: str
    by: str | None
    text: str


class CaseGrade(TypedDict):
    """The resident's grade of a rectification: ``satisfied`` (满意), ``fairly-satisfied`` (基本满意) or
    ``dissatisfied`` (不满意); given at a kiosk (``by`` None) or written down by a clerk who called."""

    at: str
    grade: str
    channel: str
    by: str | None


class CaseReview(TypedDict):
    """The review of an appeal, by a staff account other than the clerk rated and the appellant."""

    at: str
    by: str
    outcome: str
    text: str


class Case(TypedDict):
    """A poor rating handled to the end (整改), kept on its follow-up request: the steps done so far, the
    deadlines, and an appeal with its review. ``stage`` is ``open``, ``assigned``, ``called_back``, ``rectified``,
    ``appealed`` or ``closed`` (see :mod:`kiosk.rectification`)."""

    rating: str
    subject: str
    level: int
    clerk: str | None
    stage: str
    #: The stage an appeal interrupted (resumed when the appeal is rejected), else None.
    resume: str | None
    #: None when no phone is on record: nobody can call back, so no call-back deadline runs.
    call_back_due: str | None
    rectify_due: str
    called_back: CaseStep | None
    #: Whether the call reached the resident.
    reached: bool | None
    rectified: CaseStep | None
    grade: CaseGrade | None
    appeal: CaseStep | None
    review: CaseReview | None
    #: How it ended: ``graded``, ``ungraded`` (no grade in ``grade_days``) or ``appeal_upheld``; None while open.
    closed_as: str | None


class PreferredChoice(TypedDict):
    """A preferred visit time offered when filing a request (:func:`kiosk.requests.preferred_choices`)."""

    at: str
    #: ``"evening"`` | ``"weekend"`` | ``"daytime"``
    kind: str


# Ratings (kiosk.ratings) ------------------------------------------------------------------------------------


class Rating(TypedDict):
    """A rating (table ``ratings``, key ``"rating:<subject code>"``)."""

    key: str
    #: The rated ticket, appointment or request code, and which of the three.
    subject: str
    subject_kind: str
    #: 1..5, 5 best; ``label`` is its slug.
    level: int
    label: str
    comment: str
    at: str
    service: str | None
    counter: str | None
    category: NotRequired[str | None]
    #: The code of the follow-up request a low rating opened.
    follow_up: str | None
    #: The phone (masked) that follow-up will call back on; None when nobody can call back (no phone was given
    #: and none is on record). Absent from ratings made before this was recorded.
    call_back: NotRequired[str | None]
    # The evaluation record's fields (好差评): absent from ratings made before they were recorded.
    #: Where it was given: ``pad`` (the counter's rating pad), ``kiosk``, ``qr`` (the slip's QR code), ``staff``
    #: (written down by a clerk from a call or a paper form) or ``other`` (the command line).
    channel: NotRequired[str]
    #: The staff id of the clerk evaluated (who finished the ticket or resolved the request), None when unknown.
    clerk: NotRequired[str | None]
    #: Reason ids from ``[ratings] reasons`` (one at least, or a comment, for a level of 2 or 1).
    reasons: NotRequired[list[str]]
    #: The indicators besides the overall level, each 1..5 when given: ``efficiency`` (服务效率),
    #: ``competence`` (服务水平), ``attitude`` (服务态度).
    indicators: NotRequired[dict[str, int]]
    #: When the case was applied for (ticket issued, appointment booked, request filed) and handled.
    applied_at: NotRequired[str | None]
    handled_at: NotRequired[str | None]
    #: True when no phone ties the rating to a person (nobody can be called back).
    anonymous: NotRequired[bool]
    #: The staff id who wrote the rating down (channel ``staff``), else None.
    recorded_by: NotRequired[str | None]
    #: ``"upheld"`` once an appeal against the rating was upheld on review: it no longer counts in the figures.
    appeal: NotRequired[str | None]


class PadState(TypedDict):
    """What the rating pad of a counter asks now (table ``pads``, key = the counter id): the last service done
    at the counter, until it is rated, times out or the next one replaces it."""

    key: str
    counter: str
    #: The code of the ticket or request to rate, its kind, and what the pad shows of it (number or code).
    code: str
    kind: str
    shown: str
    service: str | None
    category: str | None
    #: The clerk who did the service (staff id) and when the pad started asking.
    clerk: str | None
    asked_at: str
    expires_at: str
    #: ``"pending"``, ``"rated"`` or ``"not_rated"`` (timed out, or replaced by the next resident's).
    outcome: str
    ended_at: str | None
    level: int | None
    #: When the resident last answered a step (chose a level, a reason): a question being answered is not
    #: replaced by the next resident's, which waits in ``next_code`` (the code) until this one ends.
    touched_at: NotRequired[str | None]
    next_code: NotRequired[str | None]


class CaseItem(TypedDict):
    """A poor rating's case as the console and the CLI list it (:func:`kiosk.views.case_items`)."""

    #: The follow-up request's code (the case's), the code rated and its kind.
    code: str
    subject: str
    level: int
    #: When it was rated, the service or category, the counter, and the clerk rated (staff id).
    rated_at: str
    service: str | None
    category: str | None
    counter: str | None
    clerk: str | None
    #: What the resident said: reason ids and comment.
    reasons: list[str]
    comment: str
    #: Whether a phone is on record to call back (never the digits here).
    can_call: bool
    assignee: str | None
    case: Case
    #: Steps past their deadline and not done (``call_back``, ``rectify``), and the steps possible now.
    overdue: list[str]
    next_steps: list[str]
    #: Of ``next_steps``, those the clerk who asked may take (:func:`kiosk.rectification.steps_for`; all of them
    #: when no clerk was named).
    my_steps: list[str]
    #: Whether the call back and the rectification met their deadlines (None: not done yet).
    on_time: dict[str, bool | None]


class PadClerk(TypedDict):
    """The clerk a pad shows: staff id and name."""

    id: str
    name: str


class PadView(TypedDict):
    """What a counter's rating pad shows (:func:`kiosk.ratings.pad_view`)."""

    now: str
    version: str
    counter: str
    #: The clerk signed in at the counter now (shown while idle), else None.
    clerk: PadClerk | None
    #: The pending question, with the clerk who served (``ask_clerk``), or None (idle).
    ask: PadState | None
    ask_clerk: PadClerk | None
    #: Seconds left before the pad records "not rated" (0 when no question).
    seconds_left: int
    indicators: bool
    #: ``[(id, zh, en), ...]`` the reasons offered for 2 and 1.
    reasons: list[tuple[str, str, str]]


class GradeAsk(TypedDict):
    """A rectified case as the resident is asked to grade it at a kiosk
    (:func:`kiosk.disclosure.rectification_to_grade`): the follow-up's code, the code rated, and what was done."""

    code: str
    display: str
    subject: str
    subject_display: str
    rectified_at: str
    #: The rectification as written for the resident (digits of a phone masked).
    action: str


class FollowUpContact(TypedDict):
    """Before rating (:meth:`kiosk.hall.Hall.rating_contact`): whether the level opens a follow-up, and the phone
    on record it would call (masked), or None when there is none to call."""

    follow_up: bool
    phone: str | None


# Staff and audit (kiosk.staff, kiosk.audit) -----------------------------------------------------------------


class PinRecord(TypedDict):
    """A PIN as stored: a salted scrypt hash with its parameters."""

    algorithm: str
    salt: str
    params: dict[str, int]
    hash: str


class StaffAccount(TypedDict):
    """A staff account (table ``staff``, key = the staff id)."""

    key: str
    id: str
    name: str
    active: bool
    created: str
    pin: PinRecord
    pin_changed: NotRequired[str | None]
    failures: NotRequired[int]
    locked_until: NotRequired[str | None]
    last_failure: NotRequired[str | None]
    last_sign_in: NotRequired[str | None]


class StaffPublic(TypedDict):
    """An account as it may be shown (never the PIN hash): :func:`kiosk.staff.public`."""

    id: str
    name: str
    active: bool
    created: str
    pin_changed: str | None
    last_sign_in: str | None
    failures: int
    locked: bool
    locked_until: str | None
    #: Where signed in today, or None.
    counter: str | None


class SignInOutcome(TypedDict):
    """The outcome of recording a PIN check (:func:`kiosk.staff.conclude_sign_in`)."""

    ok: NotRequired[bool]
    #: The account changed while the PIN was checked: check again.
    retry: NotRequired[bool]
    account: NotRequired[StaffPublic]
    session: NotRequired[StaffSession]


class SignOut(TypedDict):
    """What signing out returns (:func:`kiosk.staff.sign_out`)."""

    staff: str
    counter: str
    signed_out: bool
    started: str | None
    ended: str


class AuditEntry(TypedDict):
    """One audit log entry (table ``audit``, key ``"<day>/audit/<seq>"``); actions in :mod:`kiosk.audit`."""

    key: str
    day: str
    seq: int
    at: str
    staff: str | None
    counter: str | None
    action: str
    #: The ticket's number (``"A007"``), or None.
    ticket: str | None
    #: The ticket or request code, never under ``code`` (the archive indexes ``code``).
    subject: str | None
    detail: dict[str, Any]


# Read models (kiosk.views, kiosk.disclosure) ----------------------------------------------------------------


class Period(TypedDict):
    """An open period as JSON (:func:`kiosk.views.period_dict`)."""

    start: str
    end: str
    staggered: bool
    walk_in: bool
    booking: bool
    window: str | None


class HallState(TypedDict):
    """Open or closed now, and why, and when it next opens (:func:`kiosk.views.hall_state`)."""

    open: bool
    walk_in: bool
    #: Walk-ins are not taken yet, but tickets for this coming session are (``queue.early_ticket_minutes``).
    early_tickets: Period | None
    period: Period | None
    next_opening: Period | None
    next_walk_in: Period | None
    closed_reason: TextDict | None


class WaitingSummary(TypedDict):
    """Per service: how many wait, the longest wait, the next numbers (:func:`kiosk.queue.waiting_summary`)."""

    waiting: int
    longest_wait_min: int
    next: list[str]


class ServiceOverview(WaitingSummary):
    """A service in the overview, with its estimated wait for a new ticket."""

    id: str
    prefix: str
    #: None when no counter calling the service is open (``wait_unknown`` says why, ``counters_open_at`` when the
    #: next session begins if the hall is not in one now).
    wait_min: int | None
    wait_max: int | None
    wait_unknown: str | None
    counters_open_at: str | None
    #: Not offered in the extended-hours session going on now (a walk-in ticket would be refused), and the next
    #: regular session, when it is offered again (None when it is offered now).
    outside_window: bool
    offered_from: Period | None


class CounterOverview(TypedDict):
    """A counter in the overview."""

    id: str
    state: str
    serving: str | None


class Overview(HallState):
    """The hall at a glance (:meth:`kiosk.hall.Hall.overview`)."""

    now: str
    services: list[ServiceOverview]
    counters: list[CounterOverview]
    #: The ``clock.*`` refusal this terminal's writes would meet (its clock contradicts the hall), or None: filled
    #: in by :meth:`kiosk.hall.Hall.overview` (:func:`kiosk.dayclose.clock_problem`); the view knows no clock.
    clock_problem: str | None
    #: Devices whose last use failed (printers out of paper, off, not answering): filled in by
    #: :meth:`kiosk.hall.Hall.overview` from :mod:`kiosk.devices`.
    device_faults: list[DeviceState]
    #: This month's public satisfaction figures (政务公开), filled in by :meth:`kiosk.hall.Hall.overview`.
    public: NotRequired[PublicFigures]


class PublicFigures(TypedDict):
    """This month's satisfaction figures as the hall makes them public (政务公开): the board and the kiosk's
    home show them in one line (:func:`kiosk.figures.public_figures`)."""

    #: The month, ``YYYY-MM``, and the day they count through (today).
    month: str
    through: str
    #: Ratings given this month that count (an appeal upheld removes one), and those of level 5 to 3.
    rated: int
    satisfied: int
    #: ``satisfied / rated`` (0..1), None when nothing was rated this month.
    rate: float | None
    #: Poor ratings (2 and 1) this month, and how many of them were handled (rectified, or closed).
    poor: int
    handled: int


# Devices (kiosk.devices) ------------------------------------------------------------------------------------


class DeviceState(TypedDict):
    """A terminal's device as its last uses left it (table ``devices``, key ``"<terminal>/<device>"``); written
    when its state changes (ok -> fault, fault -> ok, another fault), not on every slip."""

    key: str
    terminal: str
    #: ``"printer"``
    device: str
    #: ``"ok"`` | ``"fault"``
    state: str
    #: When it entered this state.
    since: str
    #: The fault (:data:`kiosk.printing.REASONS`), or None while ok.
    reason: str | None
    #: The driver's own words about the fault ("[Errno 111] Connection refused"), or None.
    detail: str | None
    #: Where the device is (``network 10.0.0.21:9100``).
    where: str
    last_ok: str | None
    last_fault: str | None


class PrintOutcome(TypedDict):
    """What became of one slip sent to a printer (:meth:`kiosk.hall.Hall.print_slip`)."""

    code: str
    terminal: str
    ok: bool
    #: Why it did not print (:data:`kiosk.printing.REASONS`), or None.
    reason: str | None
    detail: str | None


class QueueItem(TypedDict):
    """A waiting ticket as a counter's queue shows it."""

    number: str
    service: str
    kind: str
    appointment: bool
    late: bool
    slot: str | None
    priority: bool
    urgent: bool
    #: Waited the fairness cap (``queue.max_wait_minutes``) or more (:func:`kiosk.queue.past_wait_cap`).
    past_wait_cap: bool
    transferred: bool
    issued_at: str
    waited_min: int


class ServingItem(TypedDict):
    """The ticket a counter is serving, with what the clerk needs to greet the resident (name masked)."""

    number: str
    service: str
    origin_service: str
    code: str
    display: str
    kind: str
    appointment: bool
    appointment_code: str | None
    name: str | None
    slot: str | None
    priority: bool
    issued_at: str
    called_at: str | None
    first_called_at: str | None
    recalls: int
    max_recalls: int
    #: When a recall is possible (``queue.recall_interval_seconds`` after the last call or recall).
    recall_from: str
    #: Whether the next recall would make the ticket a no-show (the recall limit is reached: the console asks).
    recall_gives_up: bool
    waited_min: int
    serving_min: int


class CounterQueue(TypedDict):
    """One service's queue at a counter."""

    service: str
    name: TextDict
    prefix: str
    waiting: int
    longest_wait_min: int
    appointments: int
    priority: int
    next: list[QueueItem]


class CounterInfo(TypedDict):
    """The counter itself in :class:`CounterView`."""

    id: str
    name: TextDict
    state: str
    services: list[str]
    session: StaffSession | None


class HallOpen(TypedDict, total=False):
    """The part of :class:`HallState` the counter console shows."""

    open: bool
    walk_in: bool


class ServedToday(TypedDict):
    """Tickets served today, at the counter and in the hall, and the counter's no-shows."""

    counter: int
    hall: int
    counter_no_show: int


class CounterView(TypedDict):
    """The counter console's main view (:func:`kiosk.views.counter_view`)."""

    now: str
    version: str | None
    counter: CounterInfo
    hall: HallOpen
    serving: ServingItem | None
    next: QueueItem | None
    queues: list[CounterQueue]
    served_today: ServedToday


class AppointmentItem(TypedDict):
    """An appointment as the console's list shows it (name and phone masked)."""

    code: str
    display: str
    service: str
    date: str
    time: str
    end: str
    start: str
    staggered: bool
    status: str
    overdue: bool
    name: str
    phone: str
    checked_in_at: str | None
    late: bool
    ticket: str | None
    ticket_status: str | None


class AppointmentsDay(TypedDict):
    """One day of :class:`AppointmentsView`: its appointments by slot and counts per status (and
    ``overdue``)."""

    date: str
    appointments: list[AppointmentItem]
    counts: dict[str, int]
    closed_reason: TextDict | None


class AppointmentsView(TypedDict):
    """Appointments of a few days (:func:`kiosk.views.appointments_view`)."""

    now: str
    version: str | None
    days: list[AppointmentsDay]


class RequestLast(TypedDict):
    """The last step of a request in lists."""

    at: str | None
    event: str | None
    staff: str | None


class RequestItem(TypedDict):
    """A request as the console's list shows it (phone masked, description shortened)."""

    code: str
    display: str
    category: str
    category_name: TextDict
    status: str
    submitted_at: str
    due_at: str
    overdue: bool
    due_in_min: int
    assignee: str | None
    summary: str
    phone: str | None
    address: str | None
    preferred_time: str | None
    follow_up: bool
    origin: RequestOrigin | None
    last: RequestLast


class RequestFilters(TypedDict):
    """The filters a :class:`RequestsView` was made with."""

    status: str | None
    category: str | None
    overdue: bool


class RequestCounts(TypedDict):
    """Counts over all live requests."""

    total: int
    overdue: int
    by_status: dict[str, int]


class RequestsView(TypedDict):
    """Live requests, filtered, with counts (:func:`kiosk.views.requests_view`)."""

    now: str
    version: str | None
    filters: RequestFilters
    requests: list[RequestItem]
    counts: RequestCounts


class FollowUpItem(TypedDict):
    """The follow-up request a rating opened, as the ratings view shows it."""

    code: str
    display: str
    status: str | None
    due_at: str | None
    overdue: bool
    within_deadline: bool | None
    resolved_at: str | None
    assignee: str | None
    #: The stage of the rectification case on it (:mod:`kiosk.rectification`), None for a follow-up without one,
    #: and its steps past their deadline.
    case_stage: str | None
    case_overdue: list[str]
    #: How the case ended (``appeal_upheld``: the rating no longer counts), None while open or without one.
    case_closed_as: str | None


class LevelItem(TypedDict):
    """A rating level: its number, slug and names."""

    level: int
    label: str
    level_name: TextDict


class RatingItem(LevelItem):
    """A rating as the console shows it, with its follow-up."""

    subject: str
    display: str
    subject_kind: str
    comment: str
    at: str
    service: str | None
    counter: str | None
    category: str | None
    follow_up: FollowUpItem | None
    #: Whether an appeal against it was upheld (申诉成立): shown, but left out of the figures.
    appeal_upheld: bool


class RequestMovers(TypedDict):
    """Who may move a request on (:func:`kiosk.requests.movers`)."""

    kind: str
    assignee: str | None
    reassign_by: str | None


class RequestDetail(RequestItem):
    """One request with its whole history and the steps staff may take next (:func:`kiosk.views.request_detail`);
    ``contact`` is the phone in full, for calling back."""

    version: str | None
    description: str
    contact: str | None
    reason: str | None
    resolved_at: str | None
    archived: bool
    #: The steps the clerk asking may take (every next step when no clerk is named).
    next: list[str]
    #: Every next step, whoever takes it.
    all_next: list[str]
    movers: RequestMovers
    can_note: bool
    history: list[Event]
    rating: RatingItem | None
    origin_rating: RatingItem | None
    #: Whether the resident agreed to texts about it (and has not stopped them).
    notify: bool
    #: When staff will visit (:meth:`kiosk.hall.Hall.schedule_visit`), once set.
    visit_at: str | None
    #: The texts about it, newest first, phones masked.
    messages: list[MessageLine]


class RatingsSummary(TypedDict):
    """Counts and average of a :class:`RatingsView`: ``count``, ``average`` and ``by_level`` leave out the ratings
    whose appeal was upheld (``appeals_upheld`` counts them)."""

    count: int
    average: float | None
    by_level: dict[str, int]
    appeals_upheld: int
    follow_ups: int
    follow_ups_overdue: int


RatingsView = TypedDict(
    "RatingsView",
    {
        "now": str,
        "version": str | None,
        "from": str,
        "to": str,
        "ratings": list[RatingItem],
        "summary": RatingsSummary,
    },
)
"""Ratings of the last days with their follow-ups (:func:`kiosk.views.ratings_view`)."""


class CallItem(TypedDict):
    """One call as the board shows it (no names)."""

    id: int
    day: str
    seq: int
    at: str
    number: str
    service: str
    counter: str
    recall: bool


class RecentCall(CallItem):
    """One ticket called at one counter, as the board's recent calls list it: its latest call (``id``, ``at``,
    ``recall``) and how many of its calls there were recalls, so that recalling a ticket does not push other
    calls off the list."""

    recalls: int


class PausedCounter(TypedDict):
    """A counter paused today, on the board (residents see it is not calling)."""

    counter: str
    counter_name: TextDict


class CurrentCall(TypedDict):
    """What a counter is serving, on the board."""

    counter: str
    counter_name: TextDict
    number: str
    service: str
    called_at: str | None
    recalls: int
    call_id: int


class BoardWaiting(TypedDict):
    """A service's queue on the board."""

    service: str
    prefix: str
    name: TextDict
    waiting: int


class BoardView(TypedDict):
    """What the display board shows (:func:`kiosk.views.board_view`)."""

    now: str
    version: str | None
    name: TextDict
    hall: HallState
    current: list[CurrentCall]
    paused: list[PausedCounter]
    recent: list[RecentCall]
    new: list[CallItem]
    last_call_id: int
    waiting: list[BoardWaiting]
    #: This month's public satisfaction figures, filled in by :meth:`kiosk.hall.Hall.board_view`.
    public: NotRequired[PublicFigures]


#: What a code names (:func:`kiosk.ratings.subject`): which of the three is said by its kind, beside it.
Subject = Ticket | Appointment | Request

#: A record as its code reveals it (:func:`kiosk.disclosure.public_record`): the public fields of its kind, its
#: ``code``, its public ``history`` (and for a request ``follow_up``; for its owner, the slot and masked name).
#: The fields differ by kind, so it stays a plain dict.
PublicRecord = dict[str, Any]


class Status(TypedDict):
    """What a code stands for, as anyone holding it may see it (:func:`kiosk.disclosure.by_code`)."""

    #: ``"ticket"`` | ``"appointment"`` | ``"request"``
    kind: str
    code: str
    display: str
    record: PublicRecord
    rated: bool
    #: A ticket waiting today: how many stand before it.
    position: NotRequired[int]
    #: A request: whether it is past its due time.
    overdue: NotRequired[bool]


class RestoreFacts(TypedDict):
    """What reconciling a restored backup did (:func:`kiosk.recovery.reconcile`): the last closed day, the
    records dropped per table (already archived), and how many audit entries of open days were carried over."""

    closed_through: str | None
    dropped: dict[str, int]
    audit_kept: int | None


class RestoreSummary(TypedDict, total=False):
    """What putting a backup back did (:meth:`kiosk.hall.Hall.restore_backup`): the backup's name, where the
    replaced data file was kept, and the :class:`RestoreFacts` (each key is set as the restore goes)."""

    restored: str
    kept: str | None
    closed_through: str | None
    dropped: dict[str, int]
    audit_kept: int | None


# Text messages (kiosk.outbox, kiosk.notices) -------------------------------------------------------------------


class Message(TypedDict):
    """One text message to a resident (table ``messages``, key = the event's idempotency key, e.g.
    ``near/2026-11-23/A007``): written in the transaction of the action that caused it, delivered by
    ``kiosk notify`` (see :mod:`kiosk.outbox` for its states)."""

    key: str
    #: One of :data:`kiosk.config.NOTIFY_EVENTS`.
    event: str
    #: The hall day it was written on (the per-phone daily cap counts by it; day close archives by it).
    day: str
    #: The full number, for the gateway only: every list, log and export masks it.
    phone: str
    #: ``zh-Hans`` | ``en``
    lang: str
    #: What it is about: ``ticket`` | ``appointment`` | ``request``, and that record's key and code (named ``ref``,
    #: not ``code``: the archive indexes codes, and a message must never answer a lookup of its subject's).
    kind: str
    subject: str
    ref: str
    #: The template's parameters (never a name, never the phone).
    params: dict[str, str]
    #: ``"called"`` goes out in quiet hours too.
    urgent: bool
    created_at: str
    #: Not sent before this instant (quiet hours, a retry's back-off).
    next_at: str
    #: Not sent after this instant: suppressed as expired (None: only its subject's state decides).
    expires_at: str | None
    #: ``pending`` | ``sending`` | ``sent`` | ``failed`` | ``suppressed``
    status: str
    attempts: int
    #: The sender holding it while it is being sent, and until when (a sender killed mid-send leaves it).
    claimed_by: str | None
    claimed_until: str | None
    sent_at: str | None
    #: The gateway's id for the sent message (Alibaba Cloud's BizId).
    gateway_id: str | None
    #: Why it failed (the gateway's code and words) or was suppressed (``opted_out``, ``cap``, ``stale`` ...).
    reason: str | None
    #: For a resend: the message it repeats, and the clerk who asked.
    resend_of: NotRequired[str]
    staff: NotRequired[str]
    history: list[Event]


class MessageLine(TypedDict):
    """A message as lists show it (:meth:`kiosk.hall.Hall.messages`): the phone masked, the text as sent."""

    key: str
    event: str
    kind: str
    ref: str
    phone: str
    lang: str
    text: str
    status: str
    reason: str | None
    attempts: int
    created_at: str
    sent_at: str | None
    resend_of: str | None


class OutgoingMessage(TypedDict):
    """A claimed message as a gateway sends it (:meth:`kiosk.hall.Hall.claim_messages`): the full phone, the
    template code and parameters, the text for gateways that send words, and the key the gateway dedupes on."""

    key: str
    event: str
    phone: str
    lang: str
    template: str
    params: dict[str, str]
    text: str
    sign_name: str
    attempt: int


__all__ = [
    "OutgoingMessage",
    "MessageLine",
    "Message",
    "DeviceState",
    "PrintOutcome",
    "Appointment",
    "AppointmentItem",
    "AppointmentsDay",
    "AppointmentsView",
    "AuditEntry",
    "BoardView",
    "BoardWaiting",
    "BookableSlot",
    "BookingDay",
    "Call",
    "CallItem",
    "CheckIn",
    "CounterInfo",
    "CounterOverview",
    "CounterQueue",
    "CounterState",
    "CounterView",
    "CurrentCall",
    "Event",
    "FinishAndCall",
    "FollowUpItem",
    "HallOpen",
    "HallState",
    "LevelItem",
    "Overview",
    "Period",
    "PinRecord",
    "PreferredChoice",
    "PublicRecord",
    "QueueItem",
    "Rating",
    "RatingItem",
    "RatingsSummary",
    "RatingsView",
    "Request",
    "RequestCounts",
    "RequestDetail",
    "RequestFilters",
    "RequestItem",
    "RequestLast",
    "RequestOrigin",
    "RequestsView",
    "RestoreFacts",
    "RestoreSummary",
    "ServedToday",
    "ServiceOverview",
    "ServingItem",
    "SignInOutcome",
    "SignOut",
    "Slot",
    "StaffAccount",
    "StaffPublic",
    "StaffSession",
    "Status",
    "Subject",
    "TextDict",
    "Ticket",
    "WaitingSummary",
]
