"""Today's and tomorrow's appointments at the counter console: who has checked in (and their ticket), who is
still expected, who is past the check-in limit, who did not come. Names and phones are masked.

By default the appointments of this counter's services; ``s`` shows the whole hall's."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.records import AppointmentsView, StaffSession
from kiosk.ui_contract import APPOINTMENTS, TICKETS
from screens.console.base import ConsoleScreen
from screens.widgets import Say, binding
from screens.words import day_words, service_name

#: Status of an appointment as the list shows it: (catalog key, style).
STATUS_STYLE = {"checked_in": "bold cyan", "attended": "green", "booked": "", "no_show": "red", "cancelled": "dim"}
#: The counts in a day's heading, in order.
COUNTED = ("booked", "checked_in", "attended", "no_show", "cancelled")


def appointment_status(app: Any, item: dict[str, Any]) -> Text:
    """ "已签到 · 等候 A013", "逾时未到", "未签到"..."""
    status = item["status"]
    if status == "booked" and item["overdue"]:
        return Text(app.t("console.appt.overdue"), style="bold red")
    text = Text(app.t(f"console.appt.{status}"), style=STATUS_STYLE.get(status, ""))
    if status == "checked_in" and item["ticket"]:
        ticket_status = item["ticket_status"] or "waiting"
        text.append(" " + app.t(f"console.appt.ticket_{ticket_status}", number=item["ticket"]))
    if item["late"]:
        text.append(" " + app.t("console.appt.late"), style="yellow")
    return text


class AppointmentsScreen(ConsoleScreen):
    """Appointments of today and tomorrow."""

    VIEW = "appointments"
    #: Appointments, and the tickets they became at check-in.
    READS = frozenset({APPOINTMENTS, TICKETS})
    BINDINGS = [binding("s", "scope", "key.console.scope")]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        #: The whole hall's appointments (True) or this counter's services' only.
        self.whole_hall = False

    def compose_body(self) -> ComposeResult:
        """A scrolling list, one table per day."""
        yield Say(self._scope_words, id="appointments-scope")
        with VerticalScroll(id="appointments-body", can_focus=True):
            yield Say(self._words, id="appointments")

    def on_mount(self) -> None:
        """Scrolling by keyboard works at once."""
        self.query_one("#appointments-body").focus()

    def read(self) -> AppointmentsView:
        """Two days from today, this counter's services or all."""
        services = None if self.whole_hall else list(self.kiosk.config.counter(self.counter).services)
        return self.hall.appointments_view(days=2, services=services)

    def action_scope(self) -> None:
        """This counter's services <-> the whole hall."""
        self.whole_hall = not self.whole_hall
        self.query_one("#appointments-scope", Say).retranslate()
        self.reload()

    def _scope_words(self, app: Any) -> str:
        return app.t("console.appt.scope_hall" if self.whole_hall else "console.appt.scope_counter")

    def _words(self, app: Any) -> RenderableType:
        data = self.data
        if data is None:
            return app.t("ui.one_moment")
        parts: list[RenderableType] = []
        for day in data["days"]:
            when = date.fromisoformat(day["date"])
            name = day_words(app, when)
            heading = Text(
                f"{name[:1].upper()}{name[1:]} {day['date'][5:]}", style="bold", no_wrap=True, overflow="ellipsis"
            )
            if day["closed_reason"]:
                heading.append("  " + app.t("console.appt.closed", reason=app.word(day["closed_reason"])), style="red")
            counts = day["counts"]
            heading.append(
                "  "
                + app.t(
                    "console.appt.counts", **{k: counts.get(k, 0) for k in COUNTED}, overdue=counts.get("overdue", 0)
                ),
                style="dim",
            )
            parts.append(heading)
            if not day["appointments"]:
                parts.append(Text(app.t("console.appt.none"), style="dim"))
            else:
                parts.append(self._table(app, day["appointments"]))
            parts.append(Text(""))
        return Group(*parts)

    def _table(self, app: Any, items: list[dict[str, Any]]) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold")
        table.add_column(app.t("console.col.time"), no_wrap=True)
        table.add_column(app.t("console.col.code"), no_wrap=True)
        table.add_column(app.t("console.col.service"), ratio=1, no_wrap=True, overflow="ellipsis", min_width=6)
        table.add_column(app.t("console.col.name"), no_wrap=True, overflow="ellipsis", max_width=12)
        table.add_column(app.t("console.col.phone"), no_wrap=True)
        table.add_column(app.t("console.col.status"), ratio=1, no_wrap=True, overflow="ellipsis", min_width=8)
        for item in items:
            time_text = Text(
                item["time"] + ("*" if item["staggered"] else ""), style="dim" if item["status"] == "cancelled" else ""
            )
            table.add_row(
                time_text,
                item["display"],
                service_name(app, item["service"]),
                item["name"],
                item["phone"],
                appointment_status(app, item),
            )
        return table
