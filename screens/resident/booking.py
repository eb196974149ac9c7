"""Book an appointment: service, day (places left, staggered hours marked, holidays shown closed), slot, name and
phone, then the confirmation code. The same day and slot steps move an existing appointment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.records import Appointment, BookableSlot, BookingDay
from kiosk.ui_contract import mask_name, mask_phone
from screens.base import KioskScreen
from screens.resident.result import DoneScreen, texts_line
from screens.resident.ticket import slot_label
from screens.widgets import ChoiceGrid, Field, MaskedInput, Option, Say, Words
from screens.words import day_words, documents_words, service_name, time_words, when_words

#: Refusals that mean "this slot is gone": back to the slot list, refreshed, with the remaining choices.
SLOT_GONE = {"booking.slot_full", "booking.too_soon", "booking.no_such_slot", "booking.closed_day"}


@dataclass(frozen=True)
class Draft:
    """What the resident has chosen so far."""

    service: str
    day: date | None = None
    at: time | None = None
    end: str | None = None
    staggered: bool = False
    #: When moving an appointment: its record and the phone digits that proved it is theirs.
    moving: dict[str, Any] | None = None
    last4: str | None = None

    def slot(self) -> tuple[date, time]:
        """The chosen day and time. The contact and move screens open only once a slot is picked, so a draft
        without one is a fault in the flow: it fails here, in the worker (the resident sees the error message
        and nothing is booked), rather than as a None deep in the booking rules."""
        if self.day is None or self.at is None:
            raise ValueError("no slot chosen yet")
        return self.day, self.at


def draft_words(app: Any, draft: Draft) -> str:
    """ "社保业务 · 明天 08:30–09:00（延时服务）"."""
    text = service_name(app, draft.service)
    if draft.day and draft.at:
        slot = {
            "date": draft.day.isoformat(),
            "time": draft.at.strftime("%H:%M"),
            "end": draft.end,
            "staggered": draft.staggered,
        }
        text += " · " + slot_label(app, slot)
    return text


class BookServiceScreen(KioskScreen):
    """Step 1: which service (those that take appointments)."""

    TITLE_KEY = "book.pick_service"
    AUTO_FOCUS = "Choice"

    def compose_body(self) -> ComposeResult:
        """Bookable services."""
        services = [s for s in self.kiosk.config.services if s.booking]
        yield ChoiceGrid(
            [
                Option(
                    s.id,
                    lambda app, s=s: f"{s.prefix}  {app.word(s.name)}",
                    lambda app, s=s: app.t("book.slot_length", minutes=s.slot_minutes),
                )
                for s in services
            ],
            id="services",
        )

    @on(ChoiceGrid.Picked, "#services")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the day."""
        self.app.push_screen(BookDayScreen(Draft(service=event.option.value)))


class BookDayScreen(KioskScreen):
    """Step 2: the service picked with the documents to bring (一次告知, as the walk-in ticket says them once the
    service is picked), then the days ahead with their places left; closed days shown with the reason, not
    pickable."""

    TITLE_KEY = "book.pick_day"
    AUTO_FOCUS = "Choice"

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        """The draft so far, the documents, then the days."""
        yield Say(lambda app: draft_words(app, self.draft), classes="lead")
        yield Say(lambda app: documents_words(app, self.draft.service, none="ticket.no_documents"), classes="hint")
        yield ChoiceGrid([], id="days")

    def on_mount(self) -> None:
        """Read the days."""
        self.load()

    def on_screen_resume(self) -> None:
        """Places may have changed while the resident looked at a day."""
        self.load()

    def load(self) -> None:
        """Read the booking horizon of the service."""
        self.run_domain(lambda: self.hall.booking_days(self.draft.service), self._loaded)

    async def _loaded(self, days: list[BookingDay]) -> None:
        options = [
            Option(
                day,
                lambda app, d=day: day_words(app, date.fromisoformat(d["date"])),
                lambda app, d=day: self._detail(app, d),
                enabled=not day["closed"] and day["remaining"] > 0,
            )
            for day in days
        ]
        await self.query_one("#days", ChoiceGrid).set_options(options)
        self.focus_first_choice()

    @staticmethod
    def _detail(app: Any, day: dict[str, Any]) -> str:
        if day["closed"]:
            return app.t("book.day_closed", reason=app.word(day["reason"]))
        if day.get("state") == "not_offered":
            return app.t("book.day_not_offered")
        if day.get("state") == "over":
            return app.t("book.day_over")
        if day["remaining"] <= 0:
            return app.t("book.day_full")
        # Which slots are in staggered hours is said on the slot list; the day list stays one line a day.
        return app.t("book.places_left", n=day["remaining"])

    @on(ChoiceGrid.Picked, "#days")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to the slots of that day."""
        chosen = date.fromisoformat(event.option.value["date"])
        self.app.push_screen(BookSlotScreen(replace(self.draft, day=chosen)))


class BookSlotScreen(KioskScreen):
    """Step 3: the day's slots with places left; staggered-hours slots marked; full ones shown, not pickable.

    A long day (more than nine slots) is first offered by part of day (morning, afternoon, evening), so a
    resident never pages through forty slots: the part picked opens the same screen narrowed to it.
    """

    TITLE_KEY = "book.pick_slot"
    AUTO_FOCUS = "Choice"

    def __init__(self, draft: Draft, part: dict[str, Any] | None = None) -> None:
        super().__init__()
        if draft.day is None:  # opened only from a picked day (DayScreen) or part of a day (this screen)
            raise ValueError("the slot screen needs the chosen day")
        self.draft = draft
        self.day: date = draft.day
        #: ``{"start": "HH:MM", "end": "HH:MM", "staggered": bool}`` when narrowed to one part of the day.
        self.part = part

    def compose_body(self) -> ComposeResult:
        """The draft so far, then the slots."""
        yield Say(self._lead, classes="lead")
        yield ChoiceGrid([], id="slots")

    def _lead(self, app: Any) -> str:
        text = app.t("book.on_day", service=service_name(app, self.draft.service), day=day_words(app, self.day))
        if self.part:
            text += " · " + part_words(app, self.part)
        return text

    def on_mount(self) -> None:
        """Read the slots."""
        self.load()

    def load(self) -> None:
        """Read the day's slots (a slot may have filled meanwhile)."""
        self.run_domain(lambda: self.hall.slots(self.draft.service, self.day), self._loaded)

    async def _loaded(self, slots: list[BookableSlot]) -> None:
        current = (
            self.draft.moving["start"][11:16]
            if self.draft.moving and self.draft.moving["day"] == self.day.isoformat()
            else None
        )
        # Slots already past (or too soon to book) are left out; full ones stay, greyed, so the day reads whole.
        shown = [s for s in slots if s["bookable"] or s["remaining"] <= 0]
        if self.part is not None:
            shown = [s for s in shown if self.part["start"] <= s["time"] < self.part["end"]]
        elif len(shown) > 9:
            await self._offer_parts(shown)
            return
        # Inside a staggered part the lead already says so; a whole-day list tags each staggered slot.
        tag = self.part is None
        options = [
            Option(
                s,
                lambda app, s=s: (
                    f"{s['time']}–{s['end']}" + (app.t("ui.staggered_booking_tag") if s["staggered"] and tag else "")
                ),
                lambda app, s=s: self._detail(app, s, current),
                enabled=s["bookable"] and s["remaining"] > 0 and s["time"] != current,
            )
            for s in shown
        ]
        await self.query_one("#slots", ChoiceGrid).set_options(options)
        if not options:
            self.notice("book.no_slots_left", error=True)
        self.focus_first_choice()

    @staticmethod
    def _detail(app: Any, slot: dict[str, Any], current: str | None) -> str:
        if slot["time"] == current:
            return app.t("book.current_slot")
        if slot["remaining"] <= 0:
            return app.t("book.slot_full_short")
        return app.t("book.places_left", n=slot["remaining"])

    async def _offer_parts(self, slots: list[BookableSlot]) -> None:
        parts = []
        for period in self.hall.open_periods(self.day):
            start, end = time_words(period["start"]), time_words(period["end"])
            inside = [s for s in slots if start <= s["time"] < end]
            if inside:
                part = {"start": start, "end": end, "staggered": period["staggered"]}
                parts.append(
                    Option(
                        {"part": part},
                        lambda app, p=part: part_words(app, p),
                        lambda app, n=sum(s["remaining"] for s in inside if s["bookable"]): (
                            app.t("book.places_left", n=n) if n else app.t("book.day_full")
                        ),
                        enabled=any(s["bookable"] and s["remaining"] > 0 for s in inside),
                    )
                )
        grid = self.query_one("#slots", ChoiceGrid)
        grid.columns = 1  # three long labels read better one under another
        await grid.set_options(parts)
        self.focus_first_choice()

    @on(ChoiceGrid.Picked, "#slots")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to name and phone, or to confirming the move (or, from a part of the day, to its slots)."""
        if "part" in event.option.value:
            self.app.push_screen(BookSlotScreen(self.draft, event.option.value["part"]))
            return
        slot = event.option.value
        draft = replace(self.draft, at=time.fromisoformat(slot["time"]), end=slot["end"], staggered=slot["staggered"])
        screen = MoveConfirmScreen(draft) if draft.moving else BookContactScreen(draft)
        self.app.push_screen(screen, self._after)

    def _after(self, outcome: Any) -> None:
        if outcome == "slot_gone":
            self.notice("book.slot_gone", error=True)
            self.load()


def part_words(app: Any, part: dict[str, Any]) -> str:
    """ "上午 08:30–12:00", "晚间 18:00–20:30（错时服务，仅限预约）"."""
    hour = int(part["start"][:2])
    name = "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    text = app.t(f"book.part.{name}", start=part["start"], end=part["end"])
    return text + (app.t("ui.staggered_booking_tag") if part["staggered"] else "")


class BookContactScreen(KioskScreen):
    """Step 4: name and phone (masked once typed); Enter books."""

    TITLE_KEY = "book.contact"
    AUTO_FOCUS = "#input-name"

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        """The slot, the two fields, the confirm target."""
        yield Say(lambda app: draft_words(app, self.draft), classes="lead")
        yield Field("name", "book.name", MaskedInput(max_length=30, mask=lambda v: self.hall.masked("name", v)))
        yield Field(
            "phone",
            "book.phone",
            MaskedInput(max_length=20, mask=lambda v: self.hall.masked("phone", v), type="text"),
            hint="book.phone_hint",
        )
        yield ChoiceGrid([Option("book", lambda app: app.t("book.confirm"))], columns=1, id="confirm")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter on the name goes to the phone; Enter on the phone books."""
        self.enter_in_field(event.input, self.book)

    @on(ChoiceGrid.Picked, "#confirm")
    def confirm(self) -> None:
        """The big confirm target."""
        self.book()

    def book(self) -> None:
        """Book (off the event loop); field errors show next to the field. When the hall texts about bookings and
        the phone is a mobile, ask first whether to (once; no is the default)."""
        if self.busy:
            return
        name = self.query_one("#input-name", Input).value
        phone = self.query_one("#input-phone", Input).value
        try:
            for field, value in (("name", name), ("phone", phone)):
                self.hall.check_field(field, value)  # the booking's own rules, so a mistake is said before asking
        except KioskError as error:
            self.show_error(error)
            return
        if self.hall.texts_offered("appointment", phone):
            self.kiosk.go(
                "notify-consent",
                "notify.offer_booking",
                phone,
                then=lambda answer: self._book(name, phone, answer) if answer is not None else None,
            )
        else:
            self._book(name, phone, False)

    def _book(self, name: str, phone: str, notify: bool) -> None:
        draft, lang = self.draft, self.kiosk.lang
        self.run_domain(
            lambda: self.hall.book(draft.service, *draft.slot(), name, phone, notify=notify, lang=lang),
            self._booked,
            self._refused,
        )

    def _booked(self, appointment: Appointment) -> None:
        lines: list[str | Words] = [
            lambda app: draft_words(app, self.draft),
            lambda app: app.t(
                "book.done_who", name=mask_name(appointment["name"]), phone=mask_phone(appointment["phone"])
            ),
        ]
        if self.kiosk.config.notify.enabled:
            lines.append(lambda app: texts_line(app, appointment))
        lines += ["book.done_checkin", lambda app: documents_words(app, appointment["service"])]
        self.app.switch_screen(DoneScreen("book.done", code=appointment["code"], lines=lines, printed=True))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, KioskError) and error.key in SLOT_GONE:
            self.dismiss("slot_gone")
        else:
            self.show_error(error)


class MoveConfirmScreen(KioskScreen):
    """Moving an appointment: the old slot, the new one, and a confirm target."""

    TITLE_KEY = "move.title"
    AUTO_FOCUS = "Choice"

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        """Was, will be, confirm."""
        moving = self.draft.moving or {}
        yield Say(lambda app: app.t("move.from", when=when_words(app, moving.get("start"))), classes="lead")
        yield Say(lambda app: app.t("move.to", slot=draft_words(app, self.draft)), classes="lead")
        yield ChoiceGrid([Option("move", lambda app: app.t("move.confirm"))], columns=1, id="confirm")

    @on(ChoiceGrid.Picked, "#confirm")
    def move(self) -> None:
        """Move it (off the event loop)."""
        if self.busy:
            return
        draft = self.draft
        code = (draft.moving or {})["code"]
        self.run_domain(
            lambda: self.hall.reschedule(code, draft.last4 or "", *draft.slot()), self._moved, self._refused
        )

    def _moved(self, appointment: Appointment) -> None:
        lines: list[str | Words] = [lambda app: draft_words(app, self.draft)]
        if appointment.get("notify"):  # the resident agreed to texts when booking: the move is texted too
            lines.append(lambda app: texts_line(app, appointment))
        lines += ["book.done_checkin", lambda app: documents_words(app, appointment["service"])]
        self.app.switch_screen(DoneScreen("move.done", code=appointment["code"], lines=lines, printed=True))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, KioskError) and error.key in SLOT_GONE:
            self.dismiss("slot_gone")
        else:
            self.show_error(error)
