"""Take a ticket: pick a service (waiting count and estimated wait shown), see the documents to bring, say whether
priority applies, and get the ticket slip. When walk-ins are refused, say why and offer the next slots."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from textual import on
from textual.app import ComposeResult

from kiosk.errors import KioskError, Refused
from kiosk.records import Overview, ServiceOverview, Ticket
from screens.base import KioskScreen
from screens.resident.result import SlipScreen
from screens.widgets import ChoiceGrid, Option, Say
from screens.words import day_words, documents_words, estimate_words, start_words

#: A refusal of a walk-in ticket -> what the refusal page says instead of the refusal's own words (a stamp, and
#: "book instead" said twice once the times to book follow).
_REFUSED_WORDS = {
    "ticket.closed": "refused.closed",
    "ticket.closed_walk_in_only": "refused.closed",
    "ticket.past_closing": "refused.past_closing",
    "ticket.past_closing_walk_in_only": "refused.past_closing",
    "ticket.not_in_window": "ticket.outside_window_walk_in_only",  # as the list of services says it
}


class TicketServiceScreen(KioskScreen):
    """Step 1: which service."""

    TITLE_KEY = "ticket.pick_service"
    AUTO_FOCUS = "Choice"

    def __init__(self) -> None:
        super().__init__()
        #: The services' queues as last read (what a pick that is not possible now is explained from).
        self._queues: dict[str, ServiceOverview] = {}

    def compose_body(self) -> ComposeResult:
        """The services with their queues (filled in once read)."""
        yield ChoiceGrid(self._options(None), id="services")

    def on_mount(self) -> None:
        """Read the queues."""
        self.run_domain(self.hall.overview, self._loaded)

    async def _loaded(self, overview: Overview) -> None:
        await self.query_one("#services", ChoiceGrid).set_options(self._options(overview))
        self.focus_first_choice()
        if not overview["walk_in"] and not overview.get("early_tickets"):
            # Said before the resident picks anything (in the evening window, say), not after three steps.
            nxt = overview["next_walk_in"]
            # Not the refusal's "opens at {opens}" (a stamp there): said with the day, "from tomorrow 08:30".
            self.notice(lambda app: app.t("ticket.walk_ins_closed", when=start_words(app, nxt)), error=True)

    def _options(self, overview: Overview | None) -> list[Option]:
        queues = {s["id"]: s for s in overview["services"]} if overview else {}
        self._queues = queues
        options = []
        for service in self.kiosk.config.services:
            queue = queues.get(service.id)

            def detail(app: Any, queue: ServiceOverview | None = queue, walk_in: bool = service.walk_in) -> str:
                if not walk_in:
                    return app.t("home.by_appointment")
                if queue is None:
                    return ""
                if queue.get("outside_window"):
                    return app.t("ticket.outside_window.short", when=start_words(app, queue.get("offered_from")))
                text = app.t("home.waiting", n=queue["waiting"])
                wait = estimate_words(app, queue)
                return f"{text} · {wait}" if wait else text

            options.append(
                Option(
                    service.id,
                    lambda app, s=service: f"{s.prefix}  {app.word(s.name)}",
                    detail,
                    # Shown but not pickable: by appointment only, or kept out of the extended hours going on now
                    # (said at once, rather than refused after the resident has also picked the kind of ticket).
                    enabled=service.walk_in and not (queue and queue.get("outside_window")),
                )
            )
        return options

    def on_choice_grid_unavailable(self, event: ChoiceGrid.Unavailable) -> None:
        """A service that cannot be picked now: say why, and when it can (instead of the base screen's "pick
        another")."""
        event.prevent_default()
        queue = self._queues.get(event.option.value)
        service = self.kiosk.config.service(event.option.value)
        if queue is not None and queue.get("outside_window"):
            when = queue.get("offered_from")
            key = "ticket.outside_window" if service.booking else "ticket.outside_window_walk_in_only"
            self.notice(lambda app: app.t(key, when=start_words(app, when)), error=True)
        elif not service.walk_in:
            self.notice(lambda app: app.t("ticket.booking_only"), error=True)
        else:
            self.notice("ui.unavailable", error=True)

    @on(ChoiceGrid.Picked, "#services")
    def picked(self, event: ChoiceGrid.Picked) -> None:
        """On to documents and priority."""
        self.app.push_screen(TicketConfirmScreen(event.option.value))


class TicketConfirmScreen(KioskScreen):
    """Step 2: the documents to bring; standard or priority; the pick issues the ticket."""

    TITLE_KEY = "ticket.confirm"
    AUTO_FOCUS = "Choice"

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def compose_body(self) -> ComposeResult:
        """Service, documents, the two kinds of ticket."""
        config = self.kiosk.config.service(self.service)
        yield Say(lambda app: app.t("ticket.service", service=app.word(config.name)), classes="lead")
        yield Say(lambda app: documents_words(app, self.service, none="ticket.no_documents"), classes="documents")
        yield ChoiceGrid(
            [
                Option(False, lambda app: app.t("ticket.standard"), lambda app: app.t("ticket.standard.detail")),
                Option(True, lambda app: app.t("ticket.priority"), lambda app: app.t("ticket.priority.detail")),
            ],
            columns=1,
            id="kind",
        )

    @on(ChoiceGrid.Picked, "#kind")
    def issue(self, event: ChoiceGrid.Picked) -> None:
        """Issue the ticket (off the event loop)."""
        if self.busy:
            return
        priority = bool(event.option.value)
        self.run_domain(lambda: self.hall.issue_ticket(self.service, priority=priority), self._issued, self._refused)

    def _issued(self, ticket: Ticket) -> None:
        self.app.switch_screen(SlipScreen(ticket))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, Refused) and isinstance(error.data, dict):
            self.app.switch_screen(RefusedScreen(self.service, error))
        else:
            self.show_error(error)


class RefusedScreen(KioskScreen):
    """Walk-ins are not taken now: why, when the hall opens again, and the next slots to book instead."""

    TITLE_KEY = "refused.title"
    AUTO_FOCUS = "Choice"

    def __init__(self, service: str, refusal: KioskError) -> None:
        super().__init__()
        self.service = service
        self.refusal = refusal

    def compose_body(self) -> ComposeResult:
        """Reason, next opening, slots."""
        data = self.refusal.data if isinstance(self.refusal.data, dict) else {}
        yield Say(self._reason, classes="lead -warning")
        slots = data.get("slots") or []
        if slots:
            yield Say("refused.offer", classes="hint")
            yield ChoiceGrid(slot_options(slots), columns=1, id="slots")
        elif not self.kiosk.config.service(self.service).booking:
            yield Say("refused.walk_in_only", classes="hint")
        else:
            yield Say("refused.no_slots", classes="hint")

    def _reason(self, app: Any) -> str:
        """Why no ticket, and from when walk-in tickets are taken again, with the day ("tomorrow 08:30")."""
        data = self.refusal.data if isinstance(self.refusal.data, dict) else {}
        key = _REFUSED_WORDS.get(self.refusal.key)
        when = start_words(app, data.get("next_opening"))
        if key is None or not when:
            return self.refusal.resident_message(app.lang)
        return str(app.t(key, when=when))

    @on(ChoiceGrid.Picked, "#slots")
    def book(self, event: ChoiceGrid.Picked) -> None:
        """Book the slot picked: straight to name and phone."""
        slot = event.option.value
        self.kiosk.go(
            "book-contact",
            service=self.service,
            day=date.fromisoformat(slot["date"]),
            at=time.fromisoformat(slot["time"]),
            end=slot["end"],
            staggered=slot["staggered"],
        )


def slot_label(app: Any, slot: dict[str, Any]) -> str:
    """ "明天 08:30–09:00", tagged when it is in staggered (extended) hours."""
    text = app.t(
        "ui.period",
        when=app.t("ui.day_time", day=day_words(app, date.fromisoformat(slot["date"])), time=slot["time"]),
        end=slot["end"],
    )
    if slot.get("staggered"):
        text += app.t("ui.staggered_booking_tag")
    return text


def slot_options(slots: list[dict[str, Any]]) -> list[Option]:
    """Slots from several days as options, with the places left."""
    return [
        Option(
            slot,
            lambda app, s=slot: slot_label(app, s),
            lambda app, s=slot: app.t("book.places_left", n=s["remaining"]),
        )
        for slot in slots
    ]
