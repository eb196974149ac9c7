"""The hall as one object: each resident or clerk action is one method, one transaction, one result.

The CLI, the Textual screens and the tests all go through :class:`Hall`, so a rule lives in exactly one place:
the domain modules (:mod:`kiosk.queue`, :mod:`kiosk.booking`, :mod:`kiosk.requests`, :mod:`kiosk.ratings`,
:mod:`kiosk.staff`). Methods return plain JSON-ready dicts and raise :class:`~kiosk.errors.KioskError`
subclasses for refusals; a refusal writes nothing (a failed sign-in is the one deliberate exception: its count
and audit entry are committed before the refusal is raised, or the lockout could not work).

Staff actions (counters, requests, sign-in and sign-out, accounts) write their :mod:`kiosk.audit` entry in
their own transaction. The ``*_view`` methods and :meth:`Hall.version` serve the counter console and the
display board from lock-free snapshots (see :mod:`kiosk.views`).

The Textual screens import no rule module: what they need is a method here (checking a form field, the report's
figures, finishing and calling in one go) or a constant or display helper of :mod:`kiosk.ui_contract`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar, cast

from kiosk import (
    audit,
    booking,
    codes,
    dayclose,
    devices,
    disclosure,
    figures,
    notices,
    outbox,
    printing,
    queue,
    ratings,
    recovery,
    rectification,
    report,
    requests,
    slips,
    validation,
    views,
)
from kiosk import staff as staff_rules
from kiosk.clock import Clock, SystemClock
from kiosk.config import HallConfig
from kiosk.context import Context
from kiosk.errors import InvalidInput, KioskError, NotFound, Refused, StoreError
from kiosk.history import Progress
from kiosk.hours import HallHours
from kiosk.records import (
    Appointment,
    AppointmentsView,
    AuditEntry,
    BoardView,
    BookableSlot,
    BookingDay,
    CaseItem,
    CheckIn,
    CounterState,
    CounterView,
    DeviceState,
    FinishAndCall,
    FollowUpContact,
    GradeAsk,
    MessageLine,
    OutgoingMessage,
    Overview,
    PadState,
    PadView,
    Period,
    PreferredChoice,
    PrintOutcome,
    PublicFigures,
    PublicRecord,
    Rating,
    RatingsView,
    Request,
    RequestDetail,
    RequestsView,
    RestoreSummary,
    SignInOutcome,
    SignOut,
    StaffPublic,
    StaffSession,
    Status,
    Ticket,
)
from kiosk.store import CLOCK_META, CLOCK_REAL, CLOCK_TRAINING, FileAccess, Store, Tx
from kiosk.terminals import PrinterProfile
from kiosk.views import period_dict

if TYPE_CHECKING:
    from kiosk.voice import Announcer, Spoken

__all__ = ["Hall", "period_dict"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The checks :meth:`Hall.check_field` applies to a resident's form fields (``address`` apart: it depends on
#: the request category).
FORM_FIELDS: dict[str, Callable[[str], str]] = {
    "description": validation.description,
    "phone": validation.phone,
    "name": validation.name,
    "phone_last4": validation.phone_last4,
    "code": validation.code,
}
#: How :meth:`Hall.masked` shows a valid value of a masked field.
MASKS: dict[str, Callable[[str], str]] = {"phone": validation.mask_phone, "name": validation.mask_name}
#: How often a sign-in checks the PIN again when the account changed while it was being checked.
SIGN_IN_ATTEMPTS = 3


class Hall:
    """Config, calendar, clock and store, with every action of the product as a method."""

    def __init__(self, config: HallConfig, store: Store, clock: Clock | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock or SystemClock(config.timezone)
        self.hours = HallHours(config)
        # This month's public figures, kept between calls: the board and every kiosk's home ask on each refresh.
        self._public = figures.PublicFiguresCache()

    @classmethod
    def open(
        cls,
        config: HallConfig,
        *,
        clock: Clock | None = None,
        data_path: str | None = None,
        durable: bool = True,
        check: bool = True,
        create: bool = False,
        training: bool = False,
    ) -> Hall:
        """Open the hall on its data file (``data_path`` overrides the config's).

        The file must exist (a missing one is refused, saying what is beside it and how to restore), unless
        ``create`` asks for a new hall (``kiosk init``; ``training`` makes it a training copy), which is refused
        where a data file, archive or backups exist. A simulated clock (``--now``) is refused on a live hall's
        file. ``check=False`` leaves the data file alone (not read): for recovering from backups when the file
        itself cannot be read, and for read-only commands that read lazily.
        """
        store = cls.store_for(config, data_path, durable=durable)
        if create:
            store.create(clock=CLOCK_TRAINING if training else CLOCK_REAL)
        if check or create:
            store.open()
        hall = cls(config, store, clock)
        if hall.clock.simulated and store.path.exists():
            try:
                mode = store.clock_mode()
            except StoreError:
                mode = None  # unreadable: the command says so itself (and may be the restore that mends it)
            if mode not in (CLOCK_TRAINING, None):
                raise Refused("clock.training_on_live", path=str(store.path))
        return hall

    @staticmethod
    def store_for(config: HallConfig, data_path: str | None = None, *, durable: bool = True) -> Store:
        """The store of ``config``'s data file (or ``data_path``), with the config's backup, lock and file-access
        rules; opens nothing."""
        rules = config.store
        try:
            access = FileAccess.for_group(rules.group)
        except KeyError:
            raise InvalidInput("store.unknown_group", field="group", group=rules.group) from None
        return Store(
            data_path or config.data_path,
            backups_keep=rules.backups_keep,
            backup_interval_minutes=rules.backup_interval_minutes,
            lock_timeout_seconds=rules.lock_timeout_seconds,
            durable=durable,
            access=access,
        )

    # -- plumbing

    def context(self) -> Context:
        """A context at the clock's current instant."""
        return Context(self.config, self.hours, self.clock.now())

    def write(self, action: Callable[[Tx, Context], T]) -> T:
        """Run ``action`` in one transaction. "Now" is read inside the store's lock (so a write that waited for
        the lock is stamped when it happens), and :func:`kiosk.dayclose.admit` checks it against the hall's days
        first: it may close earlier days in the same transaction, or refuse, in which case nothing is written."""
        with self.store.transaction() as tx:
            ctx = self.context()
            dayclose.admit(tx, ctx, self.clock.reading(), training=self._training(tx))
            result = action(tx, ctx)
            notices.after_write(tx, ctx)  # the texts this action calls for, in its own transaction
            return result

    def read(self, action: Callable[[Tx, Context], T]) -> T:
        """Run ``action`` on a consistent snapshot, without taking the lock."""
        ctx = self.context()
        with self.store.snapshot() as tx:
            return action(tx, ctx)

    @staticmethod
    def _training(tx: Tx) -> bool:
        return bool(tx.meta(CLOCK_META, CLOCK_REAL) == CLOCK_TRAINING)

    def close_days(self, *, force: bool = False, actor: str | None = None) -> dict[str, int]:
        """Close and archive every day before today now (what the nightly run calls); see
        :func:`kiosk.dayclose.archive_run` for when the clock is not believed. When days closed, the audit log
        records it under ``actor`` (the operating-system user of ``kiosk archive``)."""
        with self.store.transaction() as tx:
            ctx = self.context()
            moved = dayclose.archive_run(tx, ctx, self.clock.reading(), training=self._training(tx), force=force)
            if moved:
                audit.record(tx, ctx, "archive", detail={"os_user": actor, "moved": moved, "forced": force or None})
            return moved

    def restore_backup(self, name: str, *, actor: str) -> RestoreSummary:
        """Put the backup ``name`` back as the data file, reconciled with the archive and today's audit log (see
        :mod:`kiosk.recovery`), and record the restore in the audit log under ``actor``. Returns what was done:
        ``{restored, kept, dropped, audit_kept}``."""
        chosen = next((b for b in self.store.backups() if b.name == name or str(b) == name), None)
        if chosen is None:
            raise InvalidInput("store.no_backup", field="backup", name=name)
        summary: RestoreSummary = {"restored": chosen.name}  # the facts are added once reconciled

        def reconcile(restored: Any, current: Any) -> Any:
            tables, facts = recovery.reconcile(
                restored, current, self.store.archive, self.context(), actor=actor, backup=chosen.name
            )
            summary.update(cast(RestoreSummary, facts))
            return tables

        kept = self.store.restore(chosen, reconcile)
        summary["kept"] = kept.name if kept else None
        return summary

    # -- residents

    def issue_ticket(
        self, service: str, *, priority: bool = False, phone: str | None = None, lang: str | None = None
    ) -> Ticket:
        """A walk-in ticket, or :class:`Refused` whose ``data`` holds the next opening and bookable slots.
        ``phone``: a mobile number the resident left to be texted when their turn is near and when called
        (consent; see :meth:`leave_phone`), in ``lang``."""

        def action(tx: Tx, ctx: Context) -> Ticket:
            ticket = queue.issue_walk_in(tx, ctx, service, priority=priority)
            return _consent_ticket(tx, ctx, ticket, phone, lang) if phone else ticket

        try:
            return self.write(action)
        except Refused as refusal:
            if isinstance(refusal.data, dict) and queue.find_service(self.context(), service).booking:
                refusal.data["slots"] = self.read(
                    lambda tx, ctx: [s.as_dict() for s in booking.next_open_slots(tx, ctx, service)]
                )
            raise

    def slots(self, service: str, day: date | None = None) -> list[BookableSlot]:
        """Every slot of ``service`` on ``day`` (default today) with its remaining places and whether it can be
        booked now."""

        def action(tx: Tx, ctx: Context) -> list[BookableSlot]:
            chosen = day or ctx.today
            svc = booking.bookable_service(ctx, service)
            bookable = {s.start for s in booking.open_slots(tx, ctx, service, chosen)}
            return [{**s.as_dict(), "bookable": s.start in bookable} for s in booking.day_slots(tx, ctx, svc, chosen)]

        return self.read(action)

    def booking_days(self, service: str) -> list[BookingDay]:
        """The days of the booking horizon: open places per day, closed days with their reason (see
        :func:`kiosk.views.booking_days`)."""
        return self.read(lambda tx, ctx: views.booking_days(tx, ctx, service))

    def open_periods(self, day: date) -> list[Period]:
        """The hall's opening periods on ``day``, regular and staggered, by start (``[]`` when closed), each as
        :func:`kiosk.views.period_dict` gives it: ``{start, end, staggered, walk_in, booking, window}``."""
        return [period for period in map(period_dict, self.hours.periods(day)) if period is not None]

    def preferred_times(self) -> list[PreferredChoice]:
        """The preferred visit or call-back times a resident filing a request is offered, soonest first:
        ``{"at": stamp, "kind": "evening" | "weekend" | "daytime"}`` (see :func:`kiosk.requests.preferred_choices`)."""
        return requests.preferred_choices(self.context())

    def check_field(self, field: str, value: str, *, category: str | None = None) -> str:
        """``value`` typed into a resident's form field, in its normal form, or :class:`InvalidInput` naming the
        field, checked by the same rule the action applies (nothing is read or written): a screen puts the
        message beside the field before making the call. ``field`` is one of :data:`FORM_FIELDS`; an address is
        required when ``category`` (a request category) needs one."""
        if field == "address":
            required = category is not None and self.config.category(category).needs_address
            return validation.address(value, required=required)
        check = FORM_FIELDS.get(field)
        if check is None:
            raise ValueError(f"unknown form field {field!r}; known: {', '.join(sorted(FORM_FIELDS))}, address")
        return check(value)

    def masked(self, field: str, value: str) -> str | None:
        """How a masked field (``phone``, ``name``) shows what was typed once it is valid (``138****5678``,
        ``张*``); None while it is not (the field then shows it as typed)."""
        mask = MASKS[field]
        try:
            return mask(self.check_field(field, value))
        except InvalidInput:
            return None

    def book(
        self,
        service: str,
        day: date,
        at: time,
        name: str,
        phone: str,
        *,
        notify: bool = False,
        lang: str | None = None,
    ) -> Appointment:
        """Book an appointment; the result carries its confirmation code. ``notify``: the resident agreed to texts
        about it (confirmation, changes, the evening-before reminder) in ``lang``."""

        def action(tx: Tx, ctx: Context) -> Appointment:
            record = booking.book(tx, ctx, service, day, at, name, phone)
            return cast(Appointment, _consent(tx, ctx, booking.APPOINTMENTS, record, notify, lang))

        return self.write(action)

    def appointment(self, code: str, last4: str) -> PublicRecord:
        """The live appointment ``code`` when the phone ends in ``last4``, read without changing anything, as its
        owner sees it (:func:`kiosk.disclosure.owner_appointment`: the slot's time, the masked name): a kiosk
        proves the appointment is the resident's before showing its time or offering to move it."""
        return self.read(lambda tx, ctx: disclosure.owner_appointment(booking.owned(tx, code, last4)))

    def cancel(self, code: str, last4: str) -> Appointment:
        """Cancel an appointment by code and the phone's last four digits."""
        return self.write(lambda tx, ctx: booking.cancel(tx, ctx, code, last4))

    def reschedule(self, code: str, last4: str, day: date, at: time) -> Appointment:
        """Move an appointment to another slot, keeping its code."""
        return self.write(lambda tx, ctx: booking.reschedule(tx, ctx, code, last4, day, at))

    def check_in(self, code: str, last4: str) -> CheckIn:
        """Check in; returns ``{"appointment": ..., "ticket": ...}``. A resident who agreed to texts about the
        booking is texted when the ticket's turn is near and when it is called, as if they had left the phone."""

        def action(tx: Tx, ctx: Context) -> tuple[Appointment, Ticket]:
            appointment, ticket = booking.check_in(tx, ctx, code, last4)
            if notices.consented(appointment) and ticket["status"] == queue.WAITING:
                consent = {"phone": appointment["phone"], "notify": True, "lang": appointment.get("lang")}
                ticket = tx.update(queue.TICKETS, ticket["key"], consent)
            return appointment, ticket

        appointment, ticket = self.write(action)
        return {"appointment": appointment, "ticket": ticket}

    def file_request(
        self,
        category: str,
        description: str,
        phone: str,
        *,
        address: str | None = None,
        preferred_time: str | None = None,
        notify: bool = False,
        lang: str | None = None,
    ) -> Request:
        """File a service request; the result carries its tracking code and due time. ``notify``: the resident
        agreed to texts as it moves on, in ``lang``."""

        def action(tx: Tx, ctx: Context) -> Request:
            record = requests.file_request(
                tx, ctx, category, description, phone, address=address, preferred_time=preferred_time
            )
            return cast(Request, _consent(tx, ctx, requests.REQUESTS, record, notify, lang))

        return self.write(action)

    def rate(
        self,
        code: str,
        level: str | int,
        comment: str = "",
        phone: str = "",
        *,
        channel: str = "kiosk",
        reasons: list[str] | tuple[str, ...] = (),
        indicators: dict[str, Any] | None = None,
        staff: str | None = None,
        os_user: str | None = None,
        notify: bool = False,
        lang: str | None = None,
    ) -> Rating:
        """Rate a finished ticket, attended appointment or resolved request (level 5 = very satisfied ... 1 =
        very dissatisfied); a level of 2 or 1 needs ``reasons`` (ids of ``[ratings] reasons``) or a comment.
        ``phone``: where a follow-up should call back (optional; the phone of the appointment or request behind
        the rating otherwise). The result's ``call_back`` is the phone a follow-up will call, masked, or None
        when nobody can call back. ``channel`` is where it was given (:data:`kiosk.ratings.CHANNELS`); a clerk
        writing a resident's rating down uses ``"staff"`` with their ``staff`` id (audited). ``notify``: the
        resident agreed to be texted when the call-back is scheduled (and as the follow-up moves on), in ``lang``."""

        def action(tx: Tx, ctx: Context) -> Rating:
            recorder = staff
            how: dict[str, Any] = {}
            if channel == "staff" and staff:
                recorder, how = staff_rules.attribute(tx, ctx, staff, None, os_user)
            rating = ratings.rate(
                tx,
                ctx,
                code,
                level,
                comment,
                phone,
                channel=channel,
                reasons=reasons,
                indicators=indicators,
                recorded_by=recorder,
            )
            follow_up_code = rating.get("follow_up")
            if follow_up_code and notify:
                follow_up = tx.get(requests.REQUESTS, follow_up_code)
                if follow_up is not None:
                    _consent(tx, ctx, requests.REQUESTS, follow_up, notify, lang)
            if channel == "staff":
                audit.record(
                    tx,
                    ctx,
                    "rating_recorded",
                    staff=recorder,
                    subject=rating["subject"],
                    detail={"level": rating["level"], **how},
                )
            return rating

        return self.write(action)

    def rating_reasons(self) -> list[tuple[str, str, str]]:
        """The reasons a poor rating may give, as ``(id, 中文, English)`` in ``[ratings] reasons`` order."""
        return [(r.id, r.name.zh_hans, r.name.en) for r in self.config.ratings.reasons]

    def rating_action(self, code: str) -> str:
        """What a kiosk's "rate" asks of a resident holding ``code``: ``"grade"`` when the poor rating behind it
        was rectified and waits for their grade (the code of the rated service or of its follow-up), else
        ``"rate"``."""

        def look(tx: Tx, ctx: Context) -> str:
            try:
                record = rectification.find(tx, code)
            except KioskError:
                return "rate"
            return "grade" if record["case"]["stage"] == rectification.RECTIFIED else "rate"

        return self.read(look)

    def grade_ask(self, code: str) -> GradeAsk | None:
        """What a kiosk shows a resident asked to grade the rectification of the case ``code`` names (when
        :meth:`rating_action` says ``"grade"``): the codes and what was done, as a code may reveal it
        (:func:`kiosk.disclosure.rectification_to_grade`); None when no case of that code waits for a grade."""
        canonical = validation.code(code)
        return self.read(lambda tx, ctx: disclosure.rectification_to_grade(tx, canonical))

    # -- the rating pad at a counter

    def pad_started(self, counter: str) -> PadState:
        """A rating pad started at ``counter``: from now on each service finished there asks it."""
        return self.write(lambda tx, ctx: ratings.pad_started(tx, ctx, counter))

    def pad_view(self, counter: str) -> PadView:
        """What ``counter``'s rating pad shows: the clerk signed in, and the resident's question if one waits."""
        return self.read(lambda tx, ctx: ratings.pad_view(tx, ctx, counter))

    def rate_at_pad(
        self,
        counter: str,
        code: str,
        level: str | int,
        *,
        reasons: list[str] | tuple[str, ...] = (),
        comment: str = "",
        indicators: dict[str, Any] | None = None,
    ) -> Rating:
        """The resident's rating on ``counter``'s pad, of the service it asks about (``code``)."""
        return self.write(
            lambda tx, ctx: ratings.rate_at_pad(
                tx, ctx, counter, code, level, reasons=reasons, comment=comment, indicators=indicators
            )
        )

    def pad_touch(self, counter: str, code: str) -> PadState:
        """The resident is answering the pad's question about ``code`` (chose a level or a reason): it is kept
        from the next resident's question, and its time starts again."""
        return self.write(lambda tx, ctx: ratings.pad_touch(tx, ctx, counter, code))

    def pad_timeout(self, counter: str, code: str) -> PadState | None:
        """The pad's question about ``code`` went unanswered: recorded as not rated (never as a level)."""
        return self.write(lambda tx, ctx: ratings.end_pad_question(tx, ctx, counter, reason="timeout", code=code))

    # -- rectification of poor ratings (差评整改)

    def _case_step(
        self,
        step: str,
        code: str,
        staff: str | None,
        counter: str | None,
        os_user: str | None,
        act: Callable[[Tx, Context, str | None], Request],
    ) -> Request:
        """Take one step of a case under the actor :func:`kiosk.staff.attribute` names, audited as ``case_step``."""

        def action(tx: Tx, ctx: Context) -> Request:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user) if staff else (None, {})
            record = act(tx, ctx, actor)
            case = record["case"]
            audit.record(
                tx,
                ctx,
                "case_step",
                staff=actor,
                counter=counter,
                subject=record["code"],
                detail={
                    "step": step,
                    "stage": case["stage"],
                    "rated": case["subject"],
                    "note": record["history"][-1].get("note"),
                    **how,
                },
            )
            return record

        return self.write(action)

    def assign_case(
        self, code: str, assignee: str, *, staff: str, counter: str | None = None, os_user: str | None = None
    ) -> Request:
        """Assign a poor rating's case to ``assignee`` (never the clerk rated)."""
        return self._case_step(
            "assign",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.assign(tx, ctx, code, staff=actor or staff, assignee=assignee),
        )

    def call_back_case(
        self,
        code: str,
        outcome: str,
        *,
        reached: bool = True,
        staff: str,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> Request:
        """Record the call back (回访) of a case: what the resident said, and whether the call reached them."""
        return self._case_step(
            "call_back",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.call_back(
                tx, ctx, code, staff=actor or staff, outcome=outcome, reached=reached
            ),
        )

    def rectify_case(
        self, code: str, action: str, *, staff: str, counter: str | None = None, os_user: str | None = None
    ) -> Request:
        """Record what was done to put it right (整改); the resident is then asked to grade it."""
        return self._case_step(
            "rectify",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.rectify(tx, ctx, code, staff=actor or staff, action=action),
        )

    def grade_case(
        self,
        code: str,
        grade: str,
        *,
        staff: str | None = None,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> Request:
        """The resident's grade of the rectification (satisfied / fairly-satisfied / dissatisfied), which closes
        the case: given at a kiosk (no ``staff``), or written down by the clerk ``staff`` who called."""
        channel = "staff" if staff else "kiosk"
        return self._case_step(
            "grade",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.grade(tx, ctx, code, grade, channel=channel, staff=actor),
        )

    def appeal_case(
        self, code: str, reason: str, *, staff: str, counter: str | None = None, os_user: str | None = None
    ) -> Request:
        """Appeal a poor rating as wrong or malicious (申诉): another staff account reviews it."""
        return self._case_step(
            "appeal",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.appeal(tx, ctx, code, staff=actor or staff, reason=reason),
        )

    def review_case(
        self,
        code: str,
        *,
        upheld: bool,
        reason: str,
        staff: str,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> Request:
        """Review an appeal (not by the clerk rated nor the appellant): upheld, the rating leaves the figures and
        the case closes; rejected, the case goes on."""
        return self._case_step(
            "review",
            code,
            staff,
            counter,
            os_user,
            lambda tx, ctx, actor: rectification.review(
                tx, ctx, code, staff=actor or staff, upheld=upheld, reason=reason
            ),
        )

    def cases(self, *, overdue_only: bool = False, include_closed: bool = False) -> list[CaseItem]:
        """The cases of poor ratings, oldest first, each with its overdue steps and next steps (the console's and
        the CLI's list)."""
        return self.read(
            lambda tx, ctx: views.case_items(tx, ctx, overdue_only=overdue_only, include_closed=include_closed)
        )

    def case(self, code: str, *, staff: str | None = None) -> CaseItem:
        """One case, by its follow-up code or the code that was rated; with ``staff``, the steps that clerk may
        take (``my_steps``: the clerk rated never assigns, calls back, writes down the grade or reviews)."""
        return self.read(lambda tx, ctx: views.case_item(tx, ctx, rectification.find(tx, code), staff))

    def rating_contact(self, code: str, level: str | int) -> FollowUpContact:
        """Before rating ``code`` at ``level``: whether a follow-up would be opened, and the phone on record it
        would call back on (masked; None: ask the resident for one, saying that without it nobody can call)."""
        return self.read(lambda tx, ctx: ratings.follow_up_contact(tx, code, level))

    def status(self, code: str) -> Status:
        """What a code stands for, as anyone holding it may see it (no phone digit, no name, no appointment time,
        no request description or address, no internal note: see :mod:`kiosk.disclosure`): ``{"kind", "code",
        "display", "record", "position"?, "overdue"?, "rated"}``."""
        canonical = validation.code(code)
        return self.read(lambda tx, ctx: disclosure.by_code(tx, ctx, canonical))

    # -- counters
    #
    # Each action runs in one transaction with its audit entry (see kiosk.audit). ``staff`` is checked by
    # kiosk.staff.authorize: well formed, not a disabled account, and not someone other than the clerk signed
    # in at that counter. Without ``staff`` (scripts, the IT person) the entry records no staff id.

    def _audited(
        self,
        counter: str,
        staff: str | None,
        act: Callable[[Tx, Context, str | None], T],
        entry: Callable[[T], tuple[str, Ticket | None, dict[str, Any]]],
        os_user: str | None = None,
    ) -> T:
        """Run ``act`` at ``counter`` and record ``entry(result)`` = (action, ticket, detail) with it, under the
        actor :func:`kiosk.staff.attribute` names (``os_user``: the command line's operating-system user)."""

        def action(tx: Tx, ctx: Context) -> T:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            result = act(tx, ctx, actor)
            _record(tx, ctx, entry(result), actor=actor, counter=counter, how=how)
            return result

        return self.write(action)

    def call_next(self, counter: str, *, staff: str | None = None, os_user: str | None = None) -> Ticket | None:
        """Call the next ticket at ``counter`` (None when nobody waits for its services). ``os_user`` (the
        command line's operating-system user) marks an action not made from a signed-in console, here and in the
        other counter actions."""
        return self._audited(
            counter,
            staff,
            lambda tx, ctx, actor: queue.call_next(tx, ctx, counter, staff=actor),
            _call_entry,
            os_user,
        )

    def recall(
        self, counter: str, *, staff: str | None = None, os_user: str | None = None, give_up: bool = False
    ) -> Ticket:
        """Call the served ticket again, once ``queue.recall_interval_seconds`` have passed since its last call
        (sooner is refused with the seconds left). Past the recall limit it is refused, unless ``give_up`` (the
        clerk confirmed): then the ticket becomes a no-show (see :func:`kiosk.queue.recall`)."""

        def entry(ticket: Ticket) -> tuple[str, Ticket, dict[str, Any]]:
            if ticket["status"] == queue.NO_SHOW:
                return "no_show", ticket, {"reason": "recalls_exhausted", "recalls": ticket["recalls"]}
            return "recall", ticket, {"recalls": ticket["recalls"]}

        return self._audited(
            counter,
            staff,
            lambda tx, ctx, actor: queue.recall(tx, ctx, counter, staff=actor, give_up=give_up),
            entry,
            os_user,
        )

    def no_show(self, counter: str, *, staff: str | None = None, os_user: str | None = None) -> Ticket:
        """The called resident did not come."""
        return self._audited(
            counter,
            staff,
            lambda tx, ctx, actor: queue.no_show(tx, ctx, counter, staff=actor),
            lambda t: ("no_show", t, {"recalls": t["recalls"]}),
            os_user,
        )

    def transfer(self, counter: str, service: str, *, staff: str | None = None, os_user: str | None = None) -> Ticket:
        """Send the served resident to another service, keeping their place."""
        before: dict[str, Any] = {}

        def act(tx: Tx, ctx: Context, actor: str | None) -> Ticket:
            serving = queue.counter_state(tx, ctx, counter)["serving"]
            ticket = tx.get(queue.TICKETS, serving) if serving else None
            before["service"] = ticket["service"] if ticket else None
            return queue.transfer(tx, ctx, counter, service, staff=actor)

        return self._audited(
            counter, staff, act, lambda t: ("transfer", t, {"from": before["service"], "to": t["service"]}), os_user
        )

    def finish(
        self,
        counter: str,
        *,
        outcome: str = "completed",
        staff: str | None = None,
        note: str | None = None,
        os_user: str | None = None,
    ) -> Ticket:
        """The served resident is done."""
        return self._audited(
            counter,
            staff,
            lambda tx, ctx, actor: _finish_and_ask(tx, ctx, counter, outcome=outcome, staff=actor, note=note),
            _finish_entry,
            os_user,
        )

    def finish_and_call_next(
        self,
        counter: str,
        *,
        outcome: str = "completed",
        staff: str | None = None,
        note: str | None = None,
        os_user: str | None = None,
    ) -> FinishAndCall:
        """Finish the served resident and call the next, in one transaction with an audit entry for each (what
        :meth:`finish` and then :meth:`call_next` record): ``{"finished": ticket, "called": ticket or None}``.

        When nobody waits, the finish still happens and ``called`` is None (the call is audited as empty, as
        :meth:`call_next` does). A refusal of either step (nobody being served, a bad outcome or note, a clerk
        not signed in here) writes nothing: the resident is still being served, as before the call.
        """

        def action(tx: Tx, ctx: Context) -> FinishAndCall:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            finished = _finish_and_ask(tx, ctx, counter, outcome=outcome, staff=actor, note=note)
            _record(tx, ctx, _finish_entry(finished), actor=actor, counter=counter, how=how)
            called = queue.call_next(tx, ctx, counter, staff=actor)
            _record(tx, ctx, _call_entry(called), actor=actor, counter=counter, how=how)
            return {"finished": finished, "called": called}

        return self.write(action)

    def set_counter(
        self, counter: str, state: str, *, staff: str | None = None, os_user: str | None = None
    ) -> CounterState:
        """Open, pause or close a counter."""
        before: dict[str, Any] = {}

        def act(tx: Tx, ctx: Context, actor: str | None) -> CounterState:
            before["state"] = queue.counter_state(tx, ctx, counter)["state"]
            return queue.set_counter(tx, ctx, counter, state, staff=actor)

        return self._audited(
            counter,
            staff,
            act,
            lambda s: ("counter_state", None, {"state": s["state"], "was": before["state"]}),
            os_user,
        )

    # -- staff accounts, sign-in and sessions

    def add_staff(self, staff_id: str, name: str, pin: str, *, os_user: str | None = None) -> StaffPublic:
        """Create a staff account. Returns the account as :meth:`list_staff` shows it (never the PIN hash).
        ``os_user``: who did it (the operating-system user of the CLI), for the audit log; likewise below."""
        staff_id = validation.staff_id(staff_id)
        name = validation.name(name)
        record = staff_rules.hash_pin(staff_rules.check_pin(pin, staff_id=staff_id))  # ~80 ms, outside the lock
        return self.write(
            lambda tx, ctx: staff_rules.public(ctx, staff_rules.add(tx, ctx, staff_id, name, record, os_user=os_user))
        )

    def set_pin(self, staff_id: str, pin: str, *, os_user: str | None = None) -> StaffPublic:
        """Give an account a new PIN (this also lifts a lockout)."""
        staff_id = validation.staff_id(staff_id)
        record = staff_rules.hash_pin(staff_rules.check_pin(pin, staff_id=staff_id))
        return self.write(
            lambda tx, ctx: staff_rules.public(ctx, staff_rules.change_pin(tx, ctx, staff_id, record, os_user=os_user))
        )

    def set_staff_active(self, staff_id: str, active: bool, *, os_user: str | None = None) -> StaffPublic:
        """Enable or disable an account (disabling signs it out everywhere)."""
        staff_id = validation.staff_id(staff_id)
        return self.write(
            lambda tx, ctx: staff_rules.public(ctx, staff_rules.set_active(tx, ctx, staff_id, active, os_user=os_user))
        )

    def log_export(self, *, os_user: str, detail: dict[str, Any]) -> AuditEntry:
        """Record in the audit log an export that holds residents' names and phone numbers in full."""
        return self.write(lambda tx, ctx: audit.record(tx, ctx, "export", detail={**detail, "os_user": os_user}))

    def list_staff(self) -> list[StaffPublic]:
        """Every account: ``{id, name, active, created, pin_changed, last_sign_in, failures, locked,
        locked_until, counter}`` (``counter``: where signed in today, or None)."""
        return self.read(staff_rules.listing)

    def staff_member(self, staff_id: str) -> StaffPublic:
        """One active account as :meth:`list_staff` shows it; :class:`~kiosk.errors.NotFound` when unknown and
        :class:`Refused` when disabled (what the CLI checks ``--staff`` against)."""
        staff_id = validation.staff_id(staff_id)

        def action(tx: Tx, ctx: Context) -> StaffPublic:
            account = staff_rules.existing(tx, staff_id)
            if not account["active"]:
                raise Refused("staff.disabled", field="staff", staff=staff_id)
            return staff_rules.public(ctx, account)

        return self.read(action)

    def verify_staff(self, staff_id: str, pin: str, *, count_failure: bool = True) -> StaffPublic:
        """Check a staff id and PIN without opening a counter (the kiosk's staff key); returns the account.

        Same rules as :meth:`sign_in`: the same lockout, the same single refusal, an audit entry either way.
        With ``count_failure=False`` a wrong PIN is audited but not counted towards the account's lockout (a
        public terminal's staff key throttles its own tries instead; a locked id is still refused).
        """
        return self._check_pin(validation.staff_id(staff_id), pin, None, count_failure=count_failure)["account"]

    def _check_pin(self, staff_id: str, pin: str, counter: str | None, *, count_failure: bool = True) -> SignInOutcome:
        """Check the PIN against a snapshot outside the store's lock (scrypt takes ~80 ms, which would hold up
        every other terminal), then record the outcome in one transaction that checks the account did not change
        meanwhile (else check again)."""
        if not (pin or "").strip():
            raise InvalidInput("staff.pin_missing", field="pin")
        for _ in range(SIGN_IN_ATTEMPTS):
            account = self.read(lambda tx, ctx: staff_rules.get(tx, staff_id))
            verified = account["pin"] if account is not None and account["active"] else None
            matched = staff_rules.verify_pin(pin, verified)
            rehashed = (
                staff_rules.hash_pin(pin)
                if matched and verified is not None and staff_rules.needs_rehash(verified)
                else None
            )
            outcome = self.write(
                lambda tx, ctx: staff_rules.conclude_sign_in(
                    tx, ctx, staff_id, counter, verified, matched, rehashed, count_failure=count_failure
                )
            )
            if not outcome.get("retry"):
                break
        if not outcome.get("ok"):
            raise Refused(
                "staff.sign_in_failed", field="pin", tries=staff_rules.MAX_FAILURES, minutes=staff_rules.LOCK_MINUTES
            )
        return outcome

    def sign_in(self, staff_id: str, pin: str, counter: str) -> StaffSession:
        """Sign ``staff_id`` in at ``counter``; returns the session ``{id, staff, name, counter, started}``.

        A wrong PIN, an unknown or disabled id and a locked id all fail alike, after the same work, with
        :class:`Refused` ``staff.sign_in_failed`` (see :mod:`kiosk.staff`). The PIN is checked against a snapshot
        outside the store's lock (scrypt takes ~80 ms, which would hold up every other terminal); the outcome is
        then recorded in one transaction that checks the account did not change meanwhile.
        """
        staff_id = validation.staff_id(staff_id)
        queue.find_counter(self.context(), counter)
        return self._check_pin(staff_id, pin, counter)["session"]

    def sign_out(self, session: StaffSession | str, counter: str | None = None) -> SignOut:
        """End a session: pass the session dict :meth:`sign_in` returned, or a staff id and its counter.

        Returns ``{staff, counter, signed_out, started, ended}``; ``signed_out`` is False when the session had
        already ended (taken over at the counter, moved, or the day closed), which is not an error. Refused
        (``counter.finish_first``) while the counter is serving a resident.
        """
        counter_id: str | None
        session_id: str | None
        if isinstance(session, dict):
            staff_id, counter_id, session_id = session["staff"], counter or session["counter"], session["id"]
        else:
            staff_id, counter_id, session_id = validation.staff_id(session), counter, None
        if counter_id is None:
            raise InvalidInput("staff.counter_missing", field="counter")
        return self.write(lambda tx, ctx: staff_rules.sign_out(tx, ctx, staff_id, counter_id, session_id))

    def session(self, counter: str) -> StaffSession | None:
        """The session open at ``counter`` today, or None."""

        def action(tx: Tx, ctx: Context) -> StaffSession | None:
            queue.find_counter(ctx, counter)
            return staff_rules.session_at(tx, ctx, counter)

        return self.read(action)

    def audit_log(
        self,
        *,
        day: date | None = None,
        staff: str | None = None,
        counter: str | None = None,
        action: str | None = None,
        limit: int | None = 100,
    ) -> list[AuditEntry]:
        """Audit entries of ``day`` (default today), oldest first, the last ``limit`` of them: ``{key, day, seq,
        at, staff, counter, action, ticket, subject, detail}``."""
        if action is not None and action not in audit.ACTIONS:
            raise InvalidInput("audit.bad_action", field="action", action=action, known=", ".join(audit.ACTIONS))
        return self.read(
            lambda tx, ctx: audit.entries(tx, ctx, day=day, staff=staff, counter=counter, action=action, limit=limit)
        )

    # -- requests, for staff

    def advance_request(
        self,
        code: str,
        status: str,
        *,
        staff: str,
        note: str = "",
        assignee: str | None = None,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> Request:
        """Move a request along its lifecycle (``counter``: where the clerk works, for the audit log; ``os_user``:
        the CLI's operating-system user, when the staff id was only given on the command line)."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> Request:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            was = tx.get(requests.REQUESTS, canonical)
            record = requests.advance(tx, ctx, canonical, status, staff=actor, note=note, assignee=assignee)
            if status == requests.RESOLVED and counter is not None:
                ratings.ask_at_counter(tx, ctx, counter, canonical)  # resolved at a counter: its pad asks
            audit.record(
                tx,
                ctx,
                "request_status",
                staff=actor,
                counter=counter,
                subject=canonical,
                detail={
                    "from": was["status"] if was else None,
                    "to": record["status"],
                    "assignee": record["assignee"] if status == requests.ASSIGNED else None,
                    "note": record["history"][-1].get("note"),
                    "visible": requests.note_visible(record["history"][-1]) or None,
                    **how,
                },
            )
            return record

        return self.write(action)

    def note_request(
        self,
        code: str,
        *,
        staff: str,
        note: str,
        visible: bool = False,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> Request:
        """Add a note to a request: internal (staff only) unless ``visible``, when the resident reads it by code."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> Request:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            record = requests.add_note(tx, ctx, canonical, staff=actor, note=note, visible=visible)
            audit.record(
                tx,
                ctx,
                "request_note",
                staff=actor,
                counter=counter,
                subject=canonical,
                detail={"note": record["history"][-1]["note"], "visible": visible or None, **how},
            )
            return record

        return self.write(action)

    def overdue_requests(self) -> list[Request]:
        """Open requests past their due time."""
        return self.read(requests.overdue)

    # -- the hall at a glance, the counter console and the board (snapshots: no lock taken)

    def overview(self) -> Overview:
        """Open or closed now, the next opening, waiting per service with estimates, and the counters; and
        ``clock_problem``: the ``clock.*`` refusal this terminal's writes would meet (its clock contradicts the
        hall), or None."""

        def action(tx: Tx, ctx: Context) -> Overview:
            result = views.overview(tx, ctx)
            result["clock_problem"] = dayclose.clock_problem(tx, ctx, self.clock.reading(), training=self._training(tx))
            result["device_faults"] = devices.faults(tx)
            return result

        result = self.read(action)
        result["public"] = self.public_figures()
        return result

    def public_figures(self) -> PublicFigures:
        """This month's satisfaction figures as the hall makes them public (政务公开): satisfaction rate, ratings,
        poor ratings and how many were handled (see :mod:`kiosk.figures`). Cheap: counted again only when a
        commit touched the ratings or the requests, or the day turned; an archived day's file is read once."""
        return figures.public_figures(self._public, self.store, self.now().astimezone(self.config.timezone))

    def report(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        bucket_minutes: int = 60,
        progress: Progress | None = None,
    ) -> dict[str, Any]:
        """The manager's figures of the days ``first`` to ``last`` (default: today; ``first`` defaults to
        ``last``), as of now, read without the lock (see :mod:`kiosk.report` for what each figure means).
        JSON-ready data only: the command line and the counter console each draw it their own way.
        ``bucket_minutes`` is one of :data:`kiosk.report.BUCKETS`."""
        last = last or self.now().date()
        return report.build(self, first or last, last, bucket_minutes=bucket_minutes, progress=progress)

    def version(self) -> str:
        """A token that changes with every commit by any terminal, read with two ``stat`` calls (microseconds):
        poll it and refresh a view when it differs from that view's ``version``."""
        return self.store.version()

    def changed_since(self, version: str | None) -> dict[str, frozenset[str]] | None:
        """What changed in the hall since the state whose :meth:`version` was ``version``: table name -> business
        keys of the records written or removed (the meta table appears as "_meta" with no keys). None when that
        cannot be told (an unknown or too old version, a restore, a checkpoint that was not a fold): treat it as
        "everything". Brings this process's copy of the hall up to date (reads the journal's new records: small
        I/O), so call it off the event loop."""
        return self.store.changed_since(version)

    def checkpoint(self) -> dict[str, Any]:
        """Fold the journal into the data file now (``kiosk checkpoint``); returns the data file's path and size
        and how many journal records were folded."""
        folded = self.store.checkpoint()
        return {"path": str(self.store.path), "bytes": self.store.path.stat().st_size, "records": folded}

    def counter_view(self, counter: str) -> CounterView:
        """The counter console's main view (see :func:`kiosk.views.counter_view`)."""
        return self.read(lambda tx, ctx: views.counter_view(tx, ctx, counter))

    def appointments_view(
        self, day: date | None = None, *, days: int = 2, services: list[str] | None = None
    ) -> AppointmentsView:
        """Appointments of ``day`` (default today) and the following days, ``days`` in all."""
        if not 1 <= days <= 31:
            raise InvalidInput("staff.days_range", field="days", maximum=31)
        return self.read(lambda tx, ctx: views.appointments_view(tx, ctx, day, days=days, services=services))

    def requests_view(
        self, *, status: str | None = None, category: str | None = None, overdue: bool = False
    ) -> RequestsView:
        """Live service requests, filtered, with counts."""
        return self.read(
            lambda tx, ctx: views.requests_view(tx, ctx, status=status, category=category, overdue=overdue)
        )

    def request_detail(self, code: str, *, staff: str | None = None) -> RequestDetail:
        """One request with its full history, the steps staff may take next (those clerk ``staff`` may take, when
        given: see :func:`kiosk.requests.may_move`) and who may move it on."""
        canonical = validation.code(code)
        return self.read(lambda tx, ctx: views.request_detail(tx, ctx, canonical, staff))

    def ratings_view(
        self, *, days: int = 7, counter: str | None = None, service: str | None = None, max_level: int | None = None
    ) -> RatingsView:
        """Ratings submitted in the last ``days`` days with the follow-ups they opened."""
        return self.read(
            lambda tx, ctx: views.ratings_view(
                tx, ctx, days=days, counter=counter, service=service, max_level=max_level
            )
        )

    def board_view(self, *, last: int | None = None, since: int | None = None) -> BoardView:
        """The display board: current calls, paused counters, the last ``last`` tickets called (default
        ``board.recent_calls``; one line per ticket and counter with its recalls counted), every call after id
        ``since``, waiting per service, and the hall's state."""
        count = self.config.board.recent_calls if last is None else last
        view = self.read(lambda tx, ctx: views.board_view(tx, ctx, last=count, since=since))
        view["public"] = self.public_figures()
        return view

    def now(self) -> datetime:
        """The clock's current instant."""
        return self.clock.now()

    # -- text messages (kiosk.notices: which events; kiosk.outbox: their delivery)

    def leave_phone(self, code: str, phone: str, lang: str | None = None) -> Ticket:
        """A resident leaves a mobile number for the waiting ticket ``code``: it is texted when its turn is near
        and when it is called (the consent, in ``lang``)."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> Ticket:
            ticket = _live_ticket(tx, canonical)
            if ticket is None:
                raise NotFound("code.not_found", field="code")
            return _consent_ticket(tx, ctx, ticket, phone, lang)

        return self.write(action)

    def texts_offered(self, kind: str, phone: str | None = None) -> tuple[str, ...]:
        """The events a resident is offered texts about for a ``kind`` (``ticket``, ``appointment``, ``request``, or
        ``rating``: a poor rating's follow-up): those the hall sends, and none when ``phone`` (as typed, when given)
        cannot take a text (a landline, or not a phone number at all). Empty: the kiosk asks nothing. Reads
        nothing."""
        number = None
        if phone is not None:
            try:
                number = validation.phone(phone)
            except InvalidInput:
                return ()
        return notices.offered(self.config, kind, number)

    def stop_messages(self, code: str, last4: str | None = None) -> int:
        """Stop every text about ``code``: a ticket by its code alone, an appointment or request with its phone's
        last four digits (as any change by code needs). Returns how many waiting messages were dropped."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> int:
            kind = codes.kind_of(canonical)
            record: Any
            table: str
            if kind == "ticket":
                table, record = queue.TICKETS, _live_ticket(tx, canonical)
            else:
                digits = validation.phone_last4(last4 or "")
                table = booking.APPOINTMENTS if kind == "appointment" else requests.REQUESTS
                record = tx.get(table, canonical)
                if record is not None and not (record.get("phone") or "").endswith(digits):
                    record = None  # the same answer as an unknown code: a stranger learns nothing
            if record is None:
                raise NotFound("code.not_found", field="code")
            if record.get("notify"):
                tx.update(table, record["key"], {"notify": False})
            return outbox.stop_subject(tx, ctx, kind, record["key"])

        return self.write(action)

    def notify_reply(self, phone: str, text: str) -> bool:
        """A reply the gateway forwarded: a stop keyword (TD, 退订, STOP ...) opts ``phone`` out of every
        message. Returns whether it was one."""
        return self.write(lambda tx, ctx: outbox.reply(tx, ctx, phone, text))

    def queue_reminders(self) -> int:
        """Write the evening-before reminders of tomorrow's appointments (the nightly job); how many are new."""
        return self.write(notices.queue_reminders)

    def outbox_due(self) -> bool:
        """Whether any message is due to be sent now, or was left mid-send past its lease (a lock-free read: the
        sender asks this before it claims, so an idle sender writes nothing)."""

        return self.read(outbox.anything_due)

    def claim_messages(
        self, sender: str, *, idempotent: bool, lease_seconds: float, limit: int = 10
    ) -> list[OutgoingMessage]:
        """For the sender ``sender``: the messages due now, taken for it alone until it reports each outcome
        (:meth:`message_outcome`) or the lease ends (see :mod:`kiosk.outbox`)."""

        def action(tx: Tx, ctx: Context) -> list[OutgoingMessage]:
            claimed = outbox.claim(
                tx,
                ctx,
                sender=sender,
                lease_seconds=lease_seconds,
                idempotent=idempotent,
                why_not=notices.why_not,
                limit=limit,
            )
            return [notices.outgoing(self.config, message) for message in claimed]

        return self.write(action)

    def message_outcome(
        self, key: str, *, sender: str, outcome: str, reason: str | None = None, gateway_id: str | None = None
    ) -> MessageLine | None:
        """Record what the gateway said of a claimed message: ``sent``, ``retry`` or ``failed`` (with ``reason``).
        None when the message was no longer ``sender``'s."""

        def action(tx: Tx, ctx: Context) -> MessageLine | None:
            done = outbox.complete(tx, ctx, key, sender=sender, outcome=outcome, reason=reason, gateway_id=gateway_id)
            return cast(MessageLine, notices.line(self.config, done)) if done is not None else None

        return self.write(action)

    def messages(self, ref: str | None = None, *, status: str | None = None, last: int = 200) -> list[MessageLine]:
        """The messages about ticket, appointment or request ``ref`` (its code), or the latest ``last`` of all,
        optionally of one ``status``; newest first, phones masked."""

        def action(tx: Tx, ctx: Context) -> list[MessageLine]:
            if ref:
                code = validation.code(ref)
                found = outbox.about(tx, code, notices.subject_days(tx, ctx, code))
                if status:
                    found = [m for m in found if m["status"] == status]
            else:
                found = tx.where(outbox.MESSAGES, status=status) if status else tx.records(outbox.MESSAGES)
                found = sorted(found, key=lambda m: m["created_at"])
            return [cast(MessageLine, notices.line(self.config, m)) for m in reversed(found[-last:])]

        return self.read(action)

    def resend_message(
        self, key: str, *, staff: str, counter: str | None = None, os_user: str | None = None
    ) -> MessageLine:
        """A clerk sends a message again (a new message with the same words; consent and the stop keyword still
        apply), audited."""

        def action(tx: Tx, ctx: Context) -> MessageLine:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            message = outbox.resend(tx, ctx, key, staff=actor or staff)
            audit.record(
                tx, ctx, "message_resent", staff=actor, counter=counter, subject=message["ref"],
                detail={"message": key, **how},
            )  # fmt: skip
            return cast(MessageLine, notices.line(self.config, message))

        return self.write(action)

    def schedule_visit(
        self, code: str, when: str, *, staff: str, counter: str | None = None, os_user: str | None = None
    ) -> Request:
        """Set the time staff will visit for request ``code`` (``YYYY-MM-DD HH:MM``): texted to the resident when
        they agreed to messages, shown on the console; the code alone shows only that a visit was arranged (when a
        home is visited is not a stranger's business, as an appointment's time is not). Audited."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> Request:
            actor, how = staff_rules.attribute(tx, ctx, staff, counter, os_user)
            record = requests.schedule_visit(tx, ctx, canonical, when, staff=actor or staff)
            audit.record(
                tx, ctx, "request_visit", staff=actor, counter=counter, subject=canonical,
                detail={"visit_at": record.get("visit_at"), **how},
            )  # fmt: skip
            return record

        return self.write(action)

    # -- printed slips (kiosk.slips, kiosk.printing) and the terminals' devices (kiosk.devices)

    def slip(self, code: str, lang: str, *, reprint: bool = False) -> slips.Slip:
        """The slip of the ticket, appointment or request ``code``, worded in ``lang`` and masked like a screen (see
        :mod:`kiosk.slips`); a waiting ticket's slip says how many stand ahead of it now.

        A ``reprint`` is marked so (补打 / REPRINT, with the time), and says what is true now: a waiting ticket's
        place and wait estimated again (:func:`kiosk.queue.wait_now`), nothing of either for a ticket no longer
        waiting (called, served, gone)."""
        canonical = validation.code(code)

        def action(tx: Tx, ctx: Context) -> slips.Slip:
            kind, record = ratings.subject(tx, canonical)
            ahead = None
            if kind == "ticket":
                ticket = cast(Ticket, record)
                if ticket["status"] == queue.WAITING and ticket["day"] == ctx.today.isoformat():
                    if reprint:
                        ahead, estimate = queue.wait_now(tx, ctx, ticket)
                        low, high = estimate.shown
                        record = {**ticket, "wait_min": low, "wait_max": high, "wait_unknown": estimate.unknown}
                    else:
                        ahead = queue.position(tx, ctx, ticket)
                elif reprint:
                    record = {**ticket, "wait_min": None, "wait_max": None, "wait_unknown": None}
            reprinted_at = ctx.stamp if reprint else None
            return slips.for_record(self.config, kind, record, lang, ahead=ahead, reprinted_at=reprinted_at)

        return self.read(action)

    @staticmethod
    def prepare_printing() -> None:
        """Load the printer library now (half a second, once per process) so that the first slip does not wait
        for it: a terminal with a printer calls it at start, in the background."""
        printing.warm_up()

    def preview_slip(self, code: str, lang: str, *, columns: int = 32, reprint: bool = False) -> str:
        """What the slip of ``code`` would print, as text (``kiosk print CODE --preview``, which previews the
        ``reprint``): the ESC/POS bytes :mod:`kiosk.printing` renders, read back."""
        slip = self.slip(code, lang, reprint=reprint)
        return printing.preview(printing.render(slip, columns=columns), columns=columns)

    def announcer(self, player_command: str | None, on_spoken: Callable[[Spoken], None]) -> Announcer:
        """An announcer for a terminal's speakers (a board with ``sound`` in its profile): ``[announce]``'s
        voices, played by ``player_command`` (else ``[announce] player``). Its bell does nothing: the board rings
        its own, once per call. Choosing voices looks for clips and espeak-ng: call it off the event loop. The sound
        code is loaded only here, by a terminal with speakers."""
        from kiosk.voice import Announcer, Player

        rules = self.config.announce
        player = Player(player_command or rules.player, rules.player_timeout_seconds)
        return Announcer(self, rules, player=player, bell=lambda: None, on_spoken=on_spoken)

    def print_slip(
        self, code: str, printer: PrinterProfile, *, terminal: str, lang: str, reprint: bool = False
    ) -> PrintOutcome:
        """Print the slip of ``code`` on ``printer`` (the profile of terminal ``terminal``) and record how the
        printer did (:mod:`kiosk.devices`: a write only when its state changes). Blocks for at most about the
        profile's ``timeout_seconds`` per step, so call it off the event loop, after the slip is on screen. A
        printer fault is returned (``ok`` false, with its ``reason``), never raised: a slip that did not print
        must never undo or hide the ticket. An unknown code raises :class:`~kiosk.errors.NotFound`. A ``reprint``
        is marked so on the paper (see :meth:`slip`)."""
        slip = self.slip(code, lang, reprint=reprint)
        outcome: PrintOutcome = {"code": slip.code, "terminal": terminal, "ok": True, "reason": None, "detail": None}
        try:
            printing.send(printer, printing.render(slip, columns=printer.columns))
        except printing.PrinterFault as fault:
            outcome["ok"], outcome["reason"], outcome["detail"] = False, fault.reason, fault.detail or None
        try:
            self.note_device(
                terminal, "printer", where=printer.describe(), reason=outcome["reason"], detail=outcome["detail"]
            )
        except KioskError as error:  # the store refused (its clock, its lock): the slip's fate is still told
            log.warning("printer state of %s not recorded: %s", terminal, error.message())
        return outcome

    def reprint(
        self,
        code: str,
        printer: PrinterProfile,
        *,
        terminal: str,
        lang: str,
        staff: str | None = None,
        counter: str | None = None,
        os_user: str | None = None,
    ) -> PrintOutcome:
        """Print the slip of ``code`` again for a resident who lost it or whose slip did not print (the console's
        reprint key, ``kiosk print``), and record it in the audit log (``reprint``, with the terminal and whether
        it printed) under ``staff`` (the console's clerk) or ``os_user`` (the command line's). ``lang``: the
        language of whoever asks (the console's, ``kiosk print --lang``): the language a slip was first printed in
        is not stored with the record."""
        outcome = self.print_slip(code, printer, terminal=terminal, lang=lang, reprint=True)
        detail = {"terminal": terminal, "printed": outcome["ok"], "reason": outcome["reason"], "os_user": os_user}
        self.write(
            lambda tx, ctx: audit.record(
                tx, ctx, "reprint", staff=staff, counter=counter, subject=validation.code(code), detail=detail
            )
        )
        return outcome

    def note_device(
        self, terminal: str, device: str, *, where: str, reason: str | None = None, detail: str | None = None
    ) -> DeviceState | None:
        """Record that a device of ``terminal`` worked (``reason`` None) or failed; written only when its state
        changed (see :mod:`kiosk.devices`). Returns the record written, or None."""
        state = "ok" if reason is None else "fault"
        known = self.read(lambda tx, ctx: tx.get(devices.DEVICES, f"{terminal}/{device}"))
        if known is not None and (known["state"], known["reason"], known["where"]) == (state, reason, where):
            return None  # no change: a working printer costs no write (nor the lock) per slip
        return self.write(
            lambda tx, ctx: devices.note(tx, ctx, terminal, device, where=where, reason=reason, detail=detail)
        )

    def device_faults(self) -> list[DeviceState]:
        """Every terminal device whose last use failed (a lock-free snapshot read): the console's printer line."""
        return self.read(lambda tx, ctx: devices.faults(tx))

    def device_states(self) -> list[DeviceState]:
        """Every terminal device's last known state (``kiosk check``)."""
        return self.read(lambda tx, ctx: devices.states(tx))


# --------------------------------------------------------------------------------------------- counter audit entries

#: What a counter action's audit entry holds: (action, the ticket concerned or None, detail).
AuditEntryParts = tuple[str, Ticket | None, dict[str, Any]]


def _finish_and_ask(tx: Tx, ctx: Context, counter: str, *, outcome: str, staff: str | None, note: str | None) -> Ticket:
    """Finish the resident served at ``counter``; the counter's rating pad, if it has one, asks them to rate."""
    ticket = queue.finish(tx, ctx, counter, outcome=outcome, staff=staff, note=note)
    ratings.ask_at_counter(tx, ctx, counter, ticket["code"])
    return ticket


def _record(
    tx: Tx, ctx: Context, parts: AuditEntryParts, *, actor: str | None, counter: str, how: dict[str, Any]
) -> None:
    """Write one counter action's audit entry (``how``: who acted and how that is known)."""
    name, ticket, detail = parts
    audit.record(
        tx,
        ctx,
        name,
        staff=actor,
        counter=counter,
        ticket=ticket["number"] if ticket else None,
        subject=ticket["code"] if ticket else None,
        detail={**detail, **how},
    )


def _call_entry(ticket: Ticket | None) -> AuditEntryParts:
    """A call's entry (an empty call when nobody waited)."""
    return "call", ticket, {"service": ticket["service"]} if ticket else {"empty": True}


def _finish_entry(ticket: Ticket) -> AuditEntryParts:
    """A finish's entry, with the note as the ticket's history holds it (checked and trimmed), not as typed."""
    return (
        "finish",
        ticket,
        {"outcome": ticket["outcome"], "note": ticket["history"][-1].get("note"), "service": ticket["service"]},
    )


def _live_ticket(tx: Tx, code: str) -> Ticket | None:
    """The ticket of the hot file holding ``code`` (canonical), or None: an archived ticket takes no consent."""
    if codes.kind_of(code) != "ticket":
        return None
    found = tx.where(queue.TICKETS, code=code)
    return found[0] if found else None


def _consent_ticket(tx: Tx, ctx: Context, ticket: Ticket, phone: str | None, lang: str | None) -> Ticket:
    """Record a resident's mobile number and consent on a waiting ticket of today."""
    if not ctx.config.notify.enabled:
        raise Refused("notify.off")
    number = validation.phone(phone or "")
    if not outbox.is_mobile(number):
        raise InvalidInput("notify.not_mobile", field="phone")
    if outbox.opted_out(tx, number):
        raise Refused("notify.opted_out", field="phone")
    if ticket["status"] != queue.WAITING or ticket["day"] != ctx.today.isoformat():
        raise Refused("notify.ticket_not_waiting", field="code", number=ticket["number"])
    changes = {"phone": number, "notify": True, "lang": lang or ctx.config.language}
    return tx.update(queue.TICKETS, ticket["key"], changes)


def _consent(tx: Tx, ctx: Context, table: str, record: Any, notify: bool, lang: str | None) -> Any:
    """Record whether the resident behind a new appointment or request agreed to texts (only to a mobile number,
    and only when the hall sends any)."""
    phone = record.get("phone")
    agreed = notify and ctx.config.notify.enabled and outbox.is_mobile(phone) and not outbox.opted_out(tx, phone)
    return tx.update(table, record["key"], {"notify": agreed, "lang": lang or ctx.config.language})
