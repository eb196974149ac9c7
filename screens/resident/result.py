"""The end of a flow: a ticket slip in large digits, or a confirmation with the code to keep. Either returns home
on any key or touch, or by itself after ``slip_seconds``, so the next resident always finds the home screen. The
one exception: while the hall texts residents, ``1`` (or a touch on it) on a slip asks for a phone to text
(:mod:`screens.resident.notify`), and the countdown waits while that step is open.

On a terminal with a printer (``--terminal`` with a ``printer`` in its profile) the slip is printed too: only
once it is on screen, in the app's own worker thread (:meth:`~screens.app.HallApp.print_slip`), so the resident
never waits on paper; a line says it is printing, then to take the slip, or that the printer is not working and
to note the number."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center

from kiosk.records import PrintOutcome, Ticket
from kiosk.ui_contract import display_code, mask_phone, session_start
from screens.base import KioskScreen
from screens.board.digits import BigNumber, glyph_height, glyph_width
from screens.widgets import ChoiceGrid, Option, Say, Words, binding
from screens.words import documents_words, estimate_words, service_name, time_words, unknown_wait_words

DIGITS_CHARACTERS = set(" 0123456789+-^x:ABCDEF")
#: The scales the slip's number may grow to (the board's pixel font), largest first, and the rows the rest of the
#: slip keeps (top bar, title, service, wait, code, note, documents, notice, footer): at 80x24 it stays at
#: Textual's 3x3 digits, at 200x60 it grows as the board's does.
SLIP_SCALES = (6, 4, 3, 2, 1)
SLIP_OTHER_ROWS = 21


def slip_scale(number: str, width: int, height: int) -> int:
    """The largest scale at which ``number`` fits a ``width`` x ``height`` terminal beside the slip's lines."""
    for scale in SLIP_SCALES:
        if glyph_height(scale) + SLIP_OTHER_ROWS <= height and glyph_width(number, scale) + 4 <= width:
            return scale
    return 0


class EndScreen(KioskScreen):
    """A screen that goes home on any key, click or touch, or after a while; it counts the seconds down."""

    CAN_GO_BACK = False
    BINDINGS = [binding("enter", "home", "key.home"), binding("escape", "home", show=False)]
    #: Seconds between two steps of the countdown.
    TICK_SECONDS = 1.0

    #: What the notice line says while counting down (with ``{seconds}``).
    returning = "ui.returning"
    #: Keys that do not go home: the language and the staff keys, and a screen's own (the slip's "text me").
    KEPT_KEYS: frozenset[str] = frozenset({"f2", "f12", "f9"})

    def on_mount(self) -> None:
        """Start the countdown (one timer). Textual runs the ``on_mount`` of every class in the screen's MRO, so a
        subclass's own ``on_mount`` must not call this one again: that started a second timer and the countdown
        ran twice as fast as it said."""
        self.left = int(self.kiosk.slip_seconds)
        self.set_interval(self.TICK_SECONDS, self._count_down, name="countdown")
        self.notice(self.returning, seconds=self.left)

    def _count_down(self) -> None:
        if not self.is_current:
            return  # a step opened from here (the slip's phone) is the resident's now: no going home under it
        self.left -= 1
        if self.left <= 0:
            self.kiosk.go_home()
        else:
            self.notice(self.returning, seconds=self.left)

    def on_screen_resume(self) -> None:
        """Back from a step opened from here: the countdown starts again, in full."""
        if hasattr(self, "left"):
            self.left = int(self.kiosk.slip_seconds)
            self.notice(self.returning, seconds=self.left)

    def kept_keys(self) -> frozenset[str]:
        """The keys that do not go home here."""
        return self.KEPT_KEYS

    def on_key(self, event: events.Key) -> None:
        """Any key returns home (F2 still switches language)."""
        if event.key not in self.kept_keys():
            event.stop()
            self.kiosk.go_home()

    def on_click(self) -> None:
        """A touch anywhere returns home."""
        self.kiosk.go_home()

    def action_home(self) -> None:
        """Home."""
        self.kiosk.go_home()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No choices and no step back here: any key goes home."""
        return action not in ("pick", "back", "next_field", "confirm")

    # -- the paper copy

    #: The code printed once the screen is shown (None: nothing to print).
    print_code: str | None = None

    def print_line(self) -> ComposeResult:
        """The printer's line (empty until printing starts; nothing without a printer)."""
        if self.kiosk.printer is not None and self.print_code:
            yield Say(None, id="print-line", classes="slip-note")

    def start_printing(self) -> None:
        """Once the slip is drawn, print it beside the screen (never before: the screen must not wait)."""
        if self.kiosk.printer is None or not self.print_code:
            return
        code = self.print_code

        def begin() -> None:
            # The line appears once the slip is drawn: said at mount, it laid the screen out again before the
            # number first showed (about 10 ms of the resident's wait, measured by bench/bench_print.py).
            self.query_one("#print-line", Say).say("print.printing")
            self.kiosk.print_slip(code, self.kiosk.lang, self.printed)

        self.call_after_refresh(begin)

    def printed(self, outcome: PrintOutcome) -> None:
        """What became of the paper: take it, or the printer is not working (note the number)."""
        #: The outcome, for tests and for whoever looks at the screen's state.
        self.print_outcome = outcome
        if not self.is_attached:
            return  # the resident already went home; the fault is recorded all the same
        line = self.query_one("#print-line", Say)
        line.say("print.printed" if outcome["ok"] else "print.resident_fault")
        line.set_class(not outcome["ok"], "-error")


class SlipScreen(EndScreen):
    """A queue ticket: the number in large digits, the service, the time, how many are ahead, the estimated wait
    (or why it is not known: no counter open) and the code. When the hall texts waiting residents, ``1`` (or a
    touch on "短信提醒 / Text me") asks for a mobile number (:class:`~screens.resident.notify.TextMeScreen`)."""

    TITLE_KEY = "slip.title"
    #: Nothing focused: Enter goes home; the offer of texts is taken by its key or a touch, never by Enter.
    AUTO_FOCUS = ""
    BINDINGS = [binding("1", "text_me", "key.text_me")]

    def __init__(self, ticket: Ticket, *, note: str | Words | None = None, **params: Any) -> None:
        super().__init__()
        self.ticket = ticket
        self.print_code = ticket["code"]
        self._note = note
        self._note_params = params
        #: How many stand before this ticket in the calling order (read once the slip is shown).
        self.ahead: int | None = None
        #: The events this ticket may be texted about (none: no offer); set as the slip is composed.
        self.texts: tuple[str, ...] = ()

    def compose_body(self) -> ComposeResult:
        """Number, service and time, wait, code, the offer of texts, documents."""
        if self.ticket.get("status") == "waiting" and not self.ticket.get("notify"):
            self.texts = self.hall.texts_offered("ticket")  # the hall's rule; reads nothing
        if self.texts:
            self.returning = "notify.slip_returning"
        number = self.ticket["number"]
        with Center():
            if set(number) <= DIGITS_CHARACTERS:
                yield BigNumber(number, id="number")
            else:
                yield Say(lambda app: Text(number, style="bold"), id="number")
        yield Say(self._service_line, classes="slip-line")
        opens = session_start(self.ticket)
        if opens is not None:
            yield Say(lambda app: app.t("slip.session_starts", time=time_words(opens)), classes="slip-line", id="opens")
        yield Say(self._wait_line, id="slip-wait", classes="slip-line")
        yield Say(lambda app: app.t("slip.code", code=display_code(self.ticket["code"])), classes="slip-code")
        if self._note:
            yield Say(self._note, classes="slip-note", **self._note_params)
        yield from self.print_line()
        if self.texts:
            with Center():
                yield ChoiceGrid(
                    [
                        Option(
                            "text_me", lambda app: app.t("notify.text_me"), lambda app: app.t("notify.text_me_detail")
                        )
                    ],
                    columns=1,
                    id="text-me",
                )
        yield Say(self._documents, classes="slip-line dim")

    def on_mount(self) -> None:
        """Read how many are ahead (the calling order is the domain's); print. (:meth:`EndScreen.on_mount`, which
        Textual runs after this one, starts the countdown.)"""
        self.start_printing()
        if self.ticket.get("status") == "waiting":
            # Quiet: a nicety beside the slip, so keys are not held for it and a failure leaves the line out.
            self.run_domain(lambda: self.hall.status(self.ticket["code"]), self._placed, lambda _: None, quiet=True)

    def _placed(self, status: Any) -> None:
        self.ahead = status.get("position")
        self.query_one("#slip-wait", Say).retranslate()

    def _wait_line(self, app: Any) -> str:
        """ "前面还有 3 人 · 预计等候：约 5–10 分钟", or the wait's "unknown" and why."""
        parts = []
        if self.ahead is not None:
            parts.append(app.t("slip.ahead", ahead=self.ahead) if self.ahead else app.t("slip.none_ahead"))
        why = unknown_wait_words(app, self.ticket)
        wait = estimate_words(app, self.ticket)
        if why:
            parts.append(app.t("slip.wait_unknown", why=why))
        elif wait:
            parts.append(app.t("slip.wait", wait=wait))
        return " · ".join(parts)

    def kept_keys(self) -> frozenset[str]:
        """``1`` asks for the phone when texts are offered; any other key goes home."""
        return self.KEPT_KEYS | {"1"} if self.texts else self.KEPT_KEYS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Text me" only when texts are offered (and the footer says so only then)."""
        if action == "text_me":
            return bool(self.texts)
        return super().check_action(action, parameters)

    def action_text_me(self) -> None:
        """The phone for this ticket's texts."""
        if self.texts:
            self.kiosk.go("text-me", self.ticket, self.texts)

    @on(ChoiceGrid.Picked, "#text-me")
    def text_me_picked(self) -> None:
        """A touch or Enter on "Text me"."""
        self.action_text_me()

    def on_resize(self, event: events.Resize) -> None:
        """The number as large as the terminal allows, as on the board."""
        for number in self.query("#number").results(BigNumber):
            number.set_scale(slip_scale(number.value, event.size.width, event.size.height))

    def _service_line(self, app: Any) -> str:
        words = app.t(
            "slip.service", service=service_name(app, self.ticket["service"]), time=time_words(self.ticket["issued_at"])
        )
        if self.ticket.get("priority"):
            words += app.t("slip.priority")
        if self.ticket.get("kind") == "appointment":
            words += app.t("slip.appointment")
        return words

    def _documents(self, app: Any) -> str:
        return documents_words(app, self.ticket["service"], "slip.documents")


class DoneScreen(EndScreen):
    """A confirmation: a headline, the code to keep (large), and lines saying what happens next."""

    def __init__(
        self,
        headline: str | Words,
        *,
        code: str | None = None,
        lines: list[str | Words] | None = None,
        tone: str = "ok",
        printed: bool = False,
        **params: Any,
    ) -> None:
        super().__init__()
        #: A booking or request confirmation prints its slip on a terminal with a printer (``printed``).
        self.print_code = code if printed else None
        self._headline = headline
        self._params = params
        self.code = code
        self.lines = lines or []
        self.tone = tone

    def compose_body(self) -> ComposeResult:
        """Headline, code, lines."""
        yield Say(self._headline, classes=f"done-headline -{self.tone}", **self._params)
        if self.code:
            yield Say("done.code_label", classes="slip-line")
            yield Say(lambda app: Text(display_code(self.code or ""), style="bold"), classes="done-code")
        for line in self.lines:
            yield Say(line, classes="slip-line")
        yield from self.print_line()

    def on_mount(self) -> None:
        """Print (:meth:`EndScreen.on_mount`, which Textual runs after this one, starts the countdown)."""
        self.start_printing()


def texts_line(app: Any, record: Any) -> str:
    """A confirmation's line about texts (a booking's, a request's): they will come to the masked phone, or none
    will."""
    if record.get("notify"):
        return str(app.t("notify.will_text", phone=mask_phone(record.get("phone"))))
    return str(app.t("notify.no_texts"))
