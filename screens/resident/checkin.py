"""Check in for an appointment: the code and the phone's last four digits. On time gives a ticket slip; early
says when check-in opens; late joins the normal queue (said on the slip) or, when that is no longer possible,
says so and offers booking again. A wrong code or wrong digits count towards this terminal's throttle
(:mod:`screens.resident.throttled`): repeated misses make the next try wait."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.records import CheckIn
from screens.base import KioskScreen
from screens.resident.result import DoneScreen, SlipScreen
from screens.resident.throttled import run_guarded
from screens.widgets import ChoiceGrid, Field, FormInput, MaskedInput, Option

#: Refusals that are an outcome of the visit (a screen of their own), not a typing mistake.
OUTCOMES = {
    "checkin.too_early": "checkin.early_title",
    "checkin.missed": "checkin.missed_title",
    "checkin.wrong_day_future": "checkin.wrong_day_title",
    "checkin.wrong_day_past": "checkin.missed_title",
    "appointment.wrong_state": "checkin.wrong_state_title",
    "appointment.past": "checkin.missed_title",
}


class CheckInScreen(KioskScreen):
    """Code and last four digits; Enter checks in."""

    TITLE_KEY = "checkin.title"
    AUTO_FOCUS = "#input-code"

    def compose_body(self) -> ComposeResult:
        """Two fields and the confirm target."""
        yield Field("code", "checkin.code", FormInput(max_length=12), hint="checkin.code_hint", forget_on_return=True)
        yield Field(
            "phone_last4",
            "checkin.last4",
            MaskedInput(max_length=4, mask=lambda v: "****" if len(v) == 4 else None),
            retype=True,
        )
        yield ChoiceGrid([Option("go", lambda app: app.t("checkin.confirm"))], columns=1, id="confirm")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter on the code goes to the digits; Enter on the digits checks in."""
        self.enter_in_field(event.input, self.check_in)

    @on(ChoiceGrid.Picked, "#confirm")
    def check_in(self) -> None:
        """Check in (off the event loop)."""
        if self.busy:
            return
        code = self.query_one("#input-code", Input).value
        last4 = self.query_one("#input-phone_last4", Input).value
        run_guarded(self, lambda: self.hall.check_in(code, last4), self._checked_in, self._refused)

    def _checked_in(self, result: CheckIn) -> None:
        appointment, ticket = result["appointment"], result["ticket"]
        note = "checkin.late_note" if appointment.get("late") else "checkin.on_time_note"
        self.app.switch_screen(SlipScreen(ticket, note=note))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, KioskError) and error.key in OUTCOMES:
            lines: list[Any] = [lambda app: error.resident_message(app.lang)]
            if error.key in ("checkin.missed", "checkin.wrong_day_past", "appointment.past"):
                lines.append("checkin.book_again")
            self.app.switch_screen(DoneScreen(OUTCOMES[error.key], lines=lines, tone="warning"))
        else:
            self.show_error(error)
