"""Check by code: a ticket, appointment or request with its history as a timeline; a booked appointment can be
cancelled or moved to another slot from here, or its time shown (each after the phone's last four digits), and a
finished service rated. While the hall sends texts, any code can stop its texts (an appointment or a request after
the phone's last four digits).

A code may be in a stranger's hands, so the screen shows what :meth:`~kiosk.hall.Hall.status` gives for it (the
public view of :mod:`kiosk.disclosure`: no phone digit, no name, no appointment time, only the notes written for
the resident); the appointment's time and the masked name come only from
:meth:`~kiosk.hall.Hall.appointment`, after the last four digits. Looking up codes and proving digits go through
this terminal's throttle (:mod:`screens.resident.throttled`): repeated misses make the next try wait."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.records import Appointment, Status
from screens.base import KioskScreen
from screens.resident.notify import show_stopped
from screens.resident.result import DoneScreen, texts_line
from screens.resident.throttled import run_guarded
from screens.widgets import ChoiceGrid, Field, FormInput, MaskedInput, Option, Say, Words
from screens.words import capital, category_words, day_words, service_name, status_words, time_words, when_words

#: Statuses after which a service can be rated.
RATABLE = {"done", "attended", "resolved", "closed"}


class CodeScreen(KioskScreen):
    """Type a code from a slip; Enter looks it up. Subclasses decide what happens with what is found."""

    TITLE_KEY = "lookup.title"
    AUTO_FOCUS = "#input-code"

    def compose_body(self) -> ComposeResult:
        """The code field and the confirm target."""
        yield Field("code", "lookup.code", FormInput(max_length=12), hint="checkin.code_hint", forget_on_return=True)
        yield ChoiceGrid([Option("go", lambda app: app.t("lookup.confirm"))], columns=1, id="confirm")

    @on(Input.Submitted)
    @on(ChoiceGrid.Picked, "#confirm")
    def look_up(self) -> None:
        """Look the code up (off the event loop)."""
        if self.busy:
            return
        code = self.query_one("#input-code", Input).value
        run_guarded(self, lambda: self.hall.status(code), self.found)

    def found(self, status: Status) -> None:
        """Show what the code stands for."""
        self.app.push_screen(StatusScreen(status))


class StatusScreen(KioskScreen):
    """What a code stands for, its history, and what can be done with it now. ``status`` is what
    :meth:`~kiosk.hall.Hall.status` returned; after the last four digits its ``record`` is the owner's view of the
    appointment (:meth:`~kiosk.hall.Hall.appointment`), which has the slot's ``start``."""

    TITLE_KEY = "lookup.status_title"
    AUTO_FOCUS = "Choice"

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status
        self.proven = "start" in status["record"]

    def compose_body(self) -> ComposeResult:
        """Facts, timeline, actions."""
        yield Say(self._facts, id="facts")
        yield Say(self._timeline, id="timeline")
        actions = self._actions()
        if actions:
            yield ChoiceGrid(actions, id="actions")

    def _actions(self) -> list[Option]:
        record, kind = self.status["record"], self.status["kind"]
        actions = []
        if kind == "appointment" and record["status"] == "booked":
            actions.append(Option("cancel", lambda app: app.t("lookup.cancel")))
            actions.append(Option("move", lambda app: app.t("lookup.move")))
        if kind == "appointment" and record["status"] in ("booked", "checked_in") and not self.proven:
            actions.append(Option("details", lambda app: app.t("lookup.details")))
        if not self.status["rated"] and record["status"] in RATABLE and not record.get("follow_up"):
            actions.append(Option("rate", lambda app: app.t("lookup.rate")))
        if kind == "ticket" and record.get("expired_because") and self._bookable(record.get("service")):
            actions.append(Option("book", lambda app: app.t("lookup.book_instead")))
        if self.kiosk.config.notify.enabled:
            # Offered whether or not texts were asked for: what a code reveals does not say (kiosk.disclosure).
            actions.append(Option("stop_texts", lambda app: app.t("notify.stop")))
        return actions

    def _bookable(self, service: str | None) -> bool:
        try:
            return service is not None and self.kiosk.config.service(service).booking
        except KeyError:
            return False

    def _facts(self, app: Any) -> Group:
        status, record = self.status, self.status["record"]
        kind = status["kind"]
        head = Text.assemble(
            (capital(app.t(f"term.{kind}")) + "  ", "bold"),
            (status["display"], "bold"),
            "   ",
            (
                # A visit that ended for want of documents is not "done" to the resident: say what it is.
                app.t("lookup.status.documents_missing")
                if record.get("outcome") == "documents_missing"
                else status_words(app, record["status"]),
                "reverse bold",
            ),
        )
        lines: list[Any] = [head]
        if kind == "ticket":
            lines.append(
                app.t(
                    "lookup.ticket_line",
                    number=record["number"],
                    service=service_name(app, record["service"]),
                    day=record["day"],
                )
            )
            if record.get("session_start") and record["status"] == "waiting":
                lines.append(app.t("slip.session_starts", time=time_words(record["session_start"])))
            if "position" in status:
                lines.append(app.t("lookup.position", ahead=status["position"]))
            if record["status"] == "called" and record.get("counter"):
                lines.append(Text(app.t("lookup.go_to_counter", counter=record["counter"]), style="bold"))
            lines += self._ticket_end(app, record)
        elif kind == "appointment" and self.proven:
            lines.append(
                app.t(
                    "lookup.appointment_line",
                    service=service_name(app, record["service"]),
                    when=when_words(app, record["start"]),
                    end=time_words(record["end"]),
                )
            )
            if record.get("staggered"):
                lines[-1] += app.t("ui.staggered_booking_tag")
            lines.append(app.t("lookup.owner_name", name=record["name"]))
        elif kind == "appointment":
            lines.append(appointment_day_line(app, record))
            if record["status"] in ("booked", "checked_in"):
                lines.append(Text(app.t("lookup.time_hidden"), style="dim"))
        else:
            lines.append(
                app.t(
                    "lookup.request_line",
                    category=category_words(app, record["category"]),
                    due=when_words(app, record["due_at"]),
                )
            )
            if status.get("overdue"):
                lines.append(Text(app.t("lookup.overdue"), style="bold red"))
            if record.get("reason"):
                lines.append(app.t("lookup.reason", reason=record["reason"]))
        return Group(*lines)

    def _ticket_end(self, app: Any, record: dict[str, Any]) -> list[Any]:
        """How a ticket ended, when the resident has something to do about it: why it expired (and that a
        booking is offered), or, when the documents were incomplete, the service's list of documents."""
        lines: list[Any] = []
        why = record.get("expired_because")
        if why:
            lines.append(Text(app.t(f"lookup.expired.{why}"), style="bold"))
        if record.get("outcome") == "documents_missing":
            lines.append(Text(app.t("lookup.outcome.documents_missing"), style="bold"))
            try:
                documents = app.config.service(record["service"]).documents
            except KeyError:
                documents = ()
            if documents:
                lines.append(
                    app.t(
                        "lookup.documents_needed",
                        documents=app.t("ui.list_separator").join(app.word(d) for d in documents),
                    )
                )
        return lines

    def _timeline(self, app: Any) -> Group:
        lines: list[Any] = [Text(app.t("lookup.history"), style="bold underline")]
        for entry in self.status["record"].get("history", []):
            line = Text.assemble(
                ("● ", "cyan"), (capital(when_words(app, entry["at"])) + "  ", "dim"), app.t(f"event.{entry['event']}")
            )
            detail = self._detail(app, entry)
            if detail:
                line.append("  " + detail, style="dim")
            lines.append(line)
        return Group(*lines)

    @staticmethod
    def _detail(app: Any, entry: dict[str, Any]) -> str:
        name = entry["event"]
        if name in ("called", "recalled") and entry.get("counter"):
            return app.t("lookup.at_counter", counter=entry["counter"])
        if name == "expired" and entry.get("reason") == "walk_in_ended":
            return app.t("lookup.expired_short")
        if name == "transferred" and entry.get("service"):
            return app.t("lookup.to_service", service=service_name(app, entry["service"]))
        if name == "rescheduled" and entry.get("slot"):
            return app.t("lookup.new_slot", when=when_words(app, entry["slot"]))
        if name == "rescheduled" and entry.get("day"):
            return app.t("lookup.new_slot", when=day_words(app, date.fromisoformat(entry["day"])))
        if name == "checked_in" and entry.get("ticket"):
            return app.t("lookup.ticket_number", number=entry["ticket"])
        if name in ("note", "rejected", "resolved") and entry.get("note") and entry.get("note") != "auto_close":
            return str(entry["note"])[:80]
        return ""

    @on(ChoiceGrid.Picked, "#actions")
    def act(self, event: ChoiceGrid.Picked) -> None:
        """Cancel, move or show the time (after the last four digits), or rate."""
        action = event.option.value
        if action == "rate":
            self.kiosk.go("rate-level", self.status)
        elif action == "book":
            self.kiosk.go("book-day", service=self.status["record"]["service"])
        elif action == "stop_texts" and self.status["kind"] == "ticket":
            # A ticket's code alone stops its texts (it is the slip in hand); the others ask the phone's digits.
            code = self.status["code"]
            self.run_domain(lambda: self.hall.stop_messages(code), lambda _: show_stopped(self.app, code))
        else:
            self.app.push_screen(OwnerScreen(self.status, action))


def appointment_day_line(app: Any, record: dict[str, Any]) -> str:
    """ "户籍业务 · 明天": an appointment's service and day, as anyone holding its code sees it (no time)."""
    return app.t(
        "lookup.appointment_day_line",
        service=service_name(app, record["service"]),
        day=day_words(app, date.fromisoformat(record["day"])),
    )


class OwnerScreen(KioskScreen):
    """The phone's last four digits, proving the appointment is theirs, before a cancel, a move or its time."""

    TITLE_KEY = "lookup.owner_title"
    AUTO_FOCUS = "#input-phone_last4"

    def __init__(self, status: Status, action: str) -> None:
        super().__init__()
        self.status = status
        self.action = action

    def compose_body(self) -> ComposeResult:
        """What is about to happen, the digits, confirm."""
        record = self.status["record"]
        if self.status["kind"] == "request":  # only to stop its texts
            yield Say(
                lambda app: app.t("notify.request_line", category=category_words(app, record["category"])),
                classes="lead",
            )
        else:
            yield Say(lambda app: appointment_day_line(app, record), classes="lead")
        yield Field(
            "phone_last4",
            "checkin.last4",
            MaskedInput(max_length=4, mask=lambda v: "****" if len(v) == 4 else None),
            retype=True,
        )
        label = {
            "cancel": "lookup.confirm_cancel",
            "move": "lookup.choose_new_slot",
            "stop_texts": "notify.stop_confirm",
        }.get(self.action, "lookup.show_details")
        yield ChoiceGrid([Option("go", lambda app: app.t(label))], columns=1, id="confirm")

    @on(Input.Submitted)
    @on(ChoiceGrid.Picked, "#confirm")
    def go(self) -> None:
        """Cancel now, or check the digits and go on to the new day and slot, or to the appointment's time."""
        if self.busy:
            return
        code = self.status["code"]
        last4 = self.query_one("#input-phone_last4", Input).value
        if self.action == "cancel":
            run_guarded(self, lambda: self.hall.cancel(code, last4), self._cancelled)
        elif self.action == "stop_texts":
            run_guarded(self, lambda: self.hall.stop_messages(code, last4), lambda _: show_stopped(self.app, code))
        elif self.action == "move":
            run_guarded(self, lambda: self.hall.appointment(code, last4), lambda record: self._move(record, last4))
        else:
            run_guarded(self, lambda: self.hall.appointment(code, last4), self._details)

    def _details(self, appointment: dict[str, Any]) -> None:
        """The owner's view in place of the digits: Escape goes back to the public one."""
        self.app.switch_screen(StatusScreen({**self.status, "record": appointment}))

    def _cancelled(self, appointment: Appointment) -> None:
        # No code here: a cancelled appointment's code is of no further use, so nobody is asked to keep it.
        lines: list[str | Words] = ["lookup.cancelled_note"]
        if appointment.get("notify"):  # the resident agreed to texts: the cancellation is texted too
            lines.append(lambda app: texts_line(app, appointment))
        self.app.switch_screen(DoneScreen("lookup.cancelled", lines=lines))

    def _move(self, appointment: dict[str, Any], last4: str) -> None:
        try:
            digits = self.hall.check_field("phone_last4", last4)
        except KioskError as error:  # cannot happen after a successful read; kept for a clear message anyway
            self.show_error(error)
            return
        self.kiosk.go("book-day", service=appointment["service"], moving=appointment, last4=digits)
