"""The counter screen: who is being served, the queues of this counter's services, today's count, and the keys
that move the queue (call, recall, no-show, transfer, finish, pause/resume, sign out).

Each key is one domain call in a worker thread followed by a fresh read of :meth:`kiosk.hall.Hall.counter_view`;
the footer greys out what cannot apply now (no recall while serving nobody, no sign-out while serving someone).
Calling while someone is still being served asks to finish them first, then finishes and calls in one
transaction (:meth:`~kiosk.hall.Hall.finish_and_call_next`). Recall is greyed until the hall's recall interval
has passed since the last call (the serving panel says from when), and past the recall limit it asks before the
ticket becomes a no-show, as ``n`` does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult

from kiosk.errors import KioskError
from kiosk.records import CounterView, SignOut, Ticket
from kiosk.ui_contract import APPOINTMENTS, COUNTERS, TICKETS
from screens.console.base import STATE_STYLE, STATE_TINTS, ConsoleScreen, counter_words
from screens.console.devices import PrinterFaults, reprint_printer
from screens.console.modals import ChoiceModal, OutcomeModal, TextModal, service_options
from screens.console.queue_line import QueueLine, header_line
from screens.live import Changes, HallChanged
from screens.widgets import BlankColumn, Option, Say, binding
from screens.words import service_name, time_words

#: The narrowest the column of next numbers is.
NEXT_MIN_WIDTH = 12


def queue_mark(item: dict[str, Any]) -> tuple[str, str]:
    """The mark after a waiting number and its style: a checked-in appointment (◆, late ◇), priority (★),
    transferred in (»)."""
    if item["appointment"]:
        return ("◇", "cyan") if item["late"] else ("◆", "bold cyan")
    if item["priority"]:
        return "★", "bold yellow"
    if item["transferred"]:
        return "»", "magenta"
    return "", ""


class CounterScreen(ConsoleScreen):
    """The clerk's main screen at their counter."""

    VIEW = "counter"
    CAN_GO_BACK = False
    HOLDS_CHOICES = False
    #: The screen draws nothing but its background (see :class:`~screens.widgets.BlankRow`).
    BLANK = True
    LIVE_WHEN_COVERED = True
    #: Tickets, the counters' states and sessions, and the appointments behind checked-in tickets.
    READS = frozenset({TICKETS, COUNTERS, APPOINTMENTS})
    #: What concerns this counter (its own state, session and resident; a ticket of one of its services taken,
    #: called or moved) shows at once; what other counters did with other services (the whole hall's count served
    #: today) within two seconds, or with the next change that concerns this counter. Six consoles would otherwise
    #: each read and draw at every commit of the hall.
    REFRESH_SECONDS = 2.0
    BINDINGS = [
        binding("c", "call", "key.console.call"),
        binding("r", "recall", "key.console.recall"),
        binding("n", "no_show", "key.console.no_show"),
        binding("t", "transfer", "key.console.transfer"),
        binding("f", "finish", "key.console.finish"),
        binding("p", "pause", "key.console.pause"),
        binding("p", "resume", "key.console.resume"),
        binding("o", "sign_out", "key.console.sign_out"),
        binding("e", "reprint", "key.console.reprint"),
    ]

    def on_mount(self) -> None:
        """A look at the clock every second: recall comes back once its interval is over (Textual also runs
        :meth:`LiveScreen.on_mount`, the first read)."""
        self._recall_was_ready: bool | None = None
        self._keys_shown: tuple[Any, ...] | None = None
        self._widths: tuple[Any, tuple[int, ...]] | None = None
        self._widest: dict[str, tuple[int, ...]] = {}
        self.set_interval(1.0, self._recall_tick, name="recall-ready")

    def _recall_ready(self) -> bool:
        """Whether the resident being served may be recalled now (the read model says from when)."""
        serving = self.serving
        return serving is not None and self.hall.now() >= datetime.fromisoformat(serving["recall_from"])

    def _recall_tick(self) -> None:
        ready = self._recall_ready()
        if ready != self._recall_was_ready:
            self._recall_was_ready = ready
            self._keys_shown = self._keys_state()
            self.refresh_bindings()
            self._follow_serving()

    def compose_body(self) -> ComposeResult:
        """State line, the resident being served, the queues: a header, a row per service of this counter (each
        drawn again only when its service's queue changed) and the legend."""
        yield Say(self._state_words, id="counter-state")
        yield PrinterFaults()
        yield Say(self._serving_words, id="serving")
        with BlankColumn(id="queues"):
            yield Say(self._queue_header, classes="queue-header")
            for service in self._services():
                yield Say(lambda app, s=service: self._queue_row(app, s), id=f"queue-{service}", classes="queue-row")
            yield Say(self._legend, classes="queue-legend")

    def _services(self) -> tuple[str, ...]:
        try:
            return tuple(self.kiosk.config.counter(self.counter).services)
        except KeyError:
            return ()

    def urgent(self, changes: Changes) -> bool:
        """This counter's record written, or a ticket of one of its services (told by the letters of its number, in
        its key: ``2026-12-07/A001``), or a change that cannot be told."""
        if changes is None or self.counter in changes.get(COUNTERS, ()):
            return True
        letters = self._prefixes()
        return any(key.rpartition("/")[2].rstrip("0123456789") in letters for key in changes.get(TICKETS, ()))

    def _prefixes(self) -> frozenset[str]:
        """The ticket letters of this counter's services."""
        config = self.kiosk.config
        return frozenset(config.service(s).prefix for s in self._services() if s in config.services_by_id)

    def read(self) -> CounterView:
        """This counter's view (a lock-free snapshot read)."""
        return self.hall.counter_view(self.counter)

    def show(self, data: dict[str, Any]) -> None:
        """Fresh data; or, when the session is no longer this clerk's, back to sign-in. Each part of the screen
        (state line, serving panel, each service's row) is drawn again only when its own part of the view
        changed, and the keys only when what they depend on did."""
        session = data["counter"]["session"]
        if session is None or session.get("id") != self.session["id"]:
            holder = session["staff"] if session and session["staff"] != self.staff else None
            if holder:
                self.end_session(
                    lambda app: app.t("console.taken_over", counter=counter_words(app, self.counter), holder=holder)
                )
            else:
                self.end_session(lambda app: app.t("console.session_ended", counter=counter_words(app, self.counter)))
            return
        self._title_serving(data)
        self.find("#counter-state", Say).follow(
            (data["counter"]["state"], data["served_today"], data["hall"]["open"], data["hall"]["walk_in"])
        )
        self._follow_serving()
        widths = self._queue_widths(self.app)
        self.find("#queues .queue-header", Say).follow(widths)
        rows = {q["service"]: q for q in data["queues"]}
        for service in self._services():
            self.find(f"#queue-{service}", Say).follow((widths, rows.get(service)))
        self.find("#queues .queue-legend", Say).follow(True)
        keys = self._keys_state()
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()

    def _follow_serving(self) -> None:
        data = self.data
        self.find("#serving", Say).follow(
            (data["serving"], data["next"], data["counter"]["state"], self._recall_ready()) if data else None
        )

    def _keys_state(self) -> tuple[Any, ...]:
        """What the keys' greying depends on (:meth:`check_action`)."""
        data = self.data
        if data is None:
            return ()
        return (
            data["serving"] is not None,
            data["counter"]["state"],
            sum(q["waiting"] for q in data["queues"]) > 0,
            self._recall_ready(),
        )

    def _title_serving(self, data: dict[str, Any]) -> None:
        serving = self.find("#serving", Say)
        title = self.kiosk.t("console.serving_title" if data["serving"] else "console.idle_title")
        if serving.border_title != title:
            serving.border_title = title  # type: ignore[assignment]

    def retranslate(self) -> None:
        """The panel's title in the new language (the words themselves are Say widgets)."""
        if self.data is not None:
            self._title_serving(self.data)

    # -- what is shown

    def _state_words(self, app: Any) -> Text:
        data = self.data
        if data is None:
            return Text(app.t("ui.one_moment"))
        state = data["counter"]["state"]
        served = data["served_today"]
        # Assembled, not Text("● ", style=...): that style would be the whole line's, the figures' words included.
        text = Text.assemble(
            ("● ", STATE_STYLE.get(state, "")), (app.t(f"console.state.{state}"), STATE_STYLE.get(state, ""))
        )
        text.append(
            "  "
            + app.t(
                "console.served_today",
                counter=served["counter"],
                no_show=served["counter_no_show"],
                hall=served["hall"],
            )
        )
        if not data["hall"]["open"]:
            text.append("  " + app.t("console.hall_closed"), style=f"bold {STATE_TINTS['closed']}")
        elif not data["hall"]["walk_in"]:
            text.append("  " + app.t("console.hall_appointments_only"), style=STATE_TINTS["paused"])
        return text

    def _serving_words(self, app: Any) -> Text | str:
        data = self.data
        if data is None:
            return ""
        serving = data["serving"]
        if serving is None:
            return self._idle_words(app, data)
        text = Text()
        text.append(f" {serving['number']} ", style="bold reverse")
        text.append("  " + service_name(app, serving["service"]), style="bold")
        if serving["appointment"]:
            tag = "console.tag.late_appointment" if serving["kind"] == "late_appointment" else "console.tag.appointment"
            text.append("  " + app.t(tag, slot=serving["slot"] or "", name=serving["name"] or ""), style="cyan")
        if serving["priority"]:
            text.append("  " + app.t("console.tag.priority"), style="bold yellow")
        if serving["origin_service"] != serving["service"]:
            text.append(
                "  " + app.t("console.tag.transferred", service=service_name(app, serving["origin_service"])),
                style="magenta",
            )
        text.append("\n")
        text.append(
            app.t(
                "console.serving_facts",
                called=time_words(serving["called_at"]),
                serving=serving["serving_min"],
                waited=serving["waited_min"],
            )
        )
        if serving["recalls"]:
            text.append(
                "  " + app.t("console.recalls", n=serving["recalls"], max=serving["max_recalls"]), style="bold yellow"
            )
        text.append("\n")
        text.append(app.t("console.serving_code", code=serving["display"]), style="dim")
        if not self._recall_ready():
            text.append("  " + app.t("console.recall_from", time=serving["recall_from"][11:19]), style="yellow")
        elif serving["recall_gives_up"]:
            text.append("  " + app.t("console.recall_gives_up"), style="yellow")
        return text

    def _idle_words(self, app: Any, data: dict[str, Any]) -> Text:
        state = data["counter"]["state"]
        text = Text()
        if state != "open":
            text.append(app.t(f"console.idle.{state}"), style=STATE_STYLE.get(state, ""))
            text.append("\n")
        nxt = data["next"]
        if nxt is None:
            text.append(app.t("console.idle.nobody"))
        else:
            text.append(app.t("console.idle.next"))
            text.append(f" {nxt['number']} ", style="bold reverse")
            text.append("  " + service_name(app, nxt["service"]))
            mark, style = queue_mark(nxt)
            if nxt["appointment"]:
                text.append("  " + app.t("console.tag.slot", slot=nxt["slot"] or ""), style=style)
            elif mark:
                text.append(" " + mark, style=style)
            text.append("  " + app.t("console.waited", minutes=nxt["waited_min"]))
            text.append("\n" + app.t("console.idle.press_call"), style="dim")
        return text

    def _queue_cells(self, app: Any, q: dict[str, Any]) -> tuple[Text, str, str, str, Text]:
        """One service's row: name, waiting, longest wait, appointments, the next numbers."""
        numbers = Text()
        for item in q["next"]:
            mark, style = queue_mark(item)
            numbers.append(item["number"], style="bold red" if item["past_wait_cap"] else "bold")
            numbers.append(mark, style=style)
            numbers.append(" ")
        if q["waiting"] > len(q["next"]):
            numbers.append("…", style="dim")
        longest = app.t("console.minutes", n=q["longest_wait_min"]) if q["waiting"] else "-"
        return (
            Text.assemble((q["prefix"] + " ", "bold"), app.word(q["name"])),
            str(q["waiting"]),
            longest,
            str(q["appointments"]),
            numbers,
        )

    def _queue_headers(self, app: Any) -> tuple[str, ...]:
        return tuple(app.t(f"console.col.{name}") for name in ("service", "waiting", "longest", "appointments", "next"))

    def _queue_widths(self, app: Any) -> tuple[int, ...]:
        """The widths of the columns after the name, as one table of every row would give them (and at least as wide
        as they were before): the rows are drawn one by one, and line up."""
        data = self.data
        key = (id(data), app.lang)
        if self._widths is not None and self._widths[0] == key:
            return self._widths[1]
        headers = self._queue_headers(app)
        rows = [self._queue_cells(app, q) for q in data["queues"]] if data else []
        widths = tuple(
            max([cell_len(headers[column]), *(cell_len(str(row[column])) for row in rows)]) for column in range(1, 5)
        )
        widths = (*widths[:3], max(widths[3], NEXT_MIN_WIDTH))
        # A column never narrows while the console runs (in a language): the columns then stay where they are as
        # the queues come and go, instead of moving sideways with the longest list of next numbers.
        widest = self._widest.get(app.lang, widths)
        widths = tuple(max(now, before) for now, before in zip(widths, widest))
        self._widest[app.lang] = widths
        self._widths = (key, widths)
        return widths

    def _queue_header(self, app: Any) -> QueueLine | str:
        if self.data is None:
            return ""
        return header_line(self._queue_headers(app), self._queue_widths(app))

    def _queue_row(self, app: Any, service: str) -> QueueLine | str:
        data = self.data
        q = next((q for q in data["queues"] if q["service"] == service), None) if data else None
        if q is None:
            return ""
        return QueueLine(self._queue_cells(app, q), self._queue_widths(app))

    def _legend(self, app: Any) -> Group | str:
        if self.data is None:
            return ""
        # In a Group, Rich draws it (cut short with "…" on one line); a bare Text would be wrapped by Textual.
        return Group(Text(app.t("console.legend"), style="dim", no_wrap=True, overflow="ellipsis"))

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what cannot apply now; show pause or resume, whichever the counter's state calls for; reprint
        only where the hall has a printer."""
        if action == "reprint":
            return reprint_printer(self.kiosk) is not None
        if action in ("call", "recall", "no_show", "transfer", "finish", "pause", "resume", "sign_out"):
            data = self.data
            if data is None:
                return False if action == "resume" else None
            serving = data["serving"] is not None
            state = data["counter"]["state"]
            waiting = sum(q["waiting"] for q in data["queues"])
            if action == "call":
                return True if serving or waiting else None
            if action == "recall":
                return True if self._recall_ready() else None
            if action in ("no_show", "transfer", "finish"):
                return True if serving else None
            if action == "pause":
                return False if state != "open" else (None if serving else True)
            if action == "resume":
                return False if state == "open" else True
            if action == "sign_out":
                return None if serving else True
        return super().check_action(action, parameters)

    @property
    def serving(self) -> dict[str, Any] | None:
        """The ticket being served, as last read."""
        return self.data["serving"] if self.data else None

    def action_call(self) -> None:
        """Call the next resident; while still serving someone, offer to finish first."""
        serving = self.serving
        if serving is None:
            self.act(lambda: self.hall.call_next(self.counter, staff=self.staff), self._called)
            return
        number = serving["number"]
        options = [
            Option("completed", lambda app: app.t("console.finish_first.completed", number=number)),
            Option("choose", lambda app: app.t("console.finish_first.choose")),
        ]
        self.app.push_screen(
            ChoiceModal(
                lambda app: app.t("console.finish_first.title", number=number),
                options,
                lead="console.finish_first.lead",
            ),
            self._finish_first,
        )

    def _finish_first(self, choice: str | None) -> None:
        if choice == "completed":
            self._finish_and_call(("completed", None))
        elif choice == "choose" and self.serving is not None:
            self.app.push_screen(OutcomeModal(self.serving["number"]), self._finish_and_call)

    def _finish_and_call(self, result: tuple[str, str | None] | None) -> None:
        if result is None:
            return
        outcome, note = result
        self.act(
            lambda: self.hall.finish_and_call_next(self.counter, outcome=outcome, staff=self.staff, note=note),
            lambda both: self._called(both["called"], finished=both["finished"]),
        )

    def _called(self, ticket: Ticket | None, finished: Ticket | None = None) -> None:
        if finished is None:
            if ticket is None:
                self.notice("console.nobody_waiting")
            else:
                self.notice("console.called", number=ticket["number"])
        elif ticket is None:
            self.notice("console.finished_nobody", number=finished["number"])
        else:
            self.notice("console.finished_called", number=finished["number"], next=ticket["number"])

    def action_recall(self) -> None:
        """Call the resident being served again; past the limit, ask before they become a no-show."""
        serving = self.serving
        if serving is None:
            return
        if not serving["recall_gives_up"]:
            self.act(lambda: self.hall.recall(self.counter, staff=self.staff), self._recalled)
            return
        number, limit = serving["number"], serving["max_recalls"]
        self.app.push_screen(
            ChoiceModal(
                lambda app: app.t("console.recall_limit.title", number=number, max=limit),
                [Option(True, lambda app: app.t("console.no_show.confirm", number=number))],
                lead="console.recall_limit.lead",
            ),
            self._recall_gave_up,
        )

    def _recall_gave_up(self, sure: bool | None) -> None:
        if sure:
            self.act(lambda: self.hall.recall(self.counter, staff=self.staff, give_up=True), self._recalled)

    def _recalled(self, ticket: dict[str, Any]) -> None:
        if ticket["status"] == "no_show":
            self.notice("console.recall_no_show", number=ticket["number"], n=ticket["recalls"])
        else:
            self.notice(
                "console.recalled",
                number=ticket["number"],
                n=ticket["recalls"],
                max=self.kiosk.config.queue.max_recalls,
            )

    def action_no_show(self) -> None:
        """The resident called did not come (asks once: it cannot be undone)."""
        serving = self.serving
        if serving is None:
            return
        number = serving["number"]
        self.app.push_screen(
            ChoiceModal(
                lambda app: app.t("console.no_show.title", number=number),
                [Option(True, lambda app: app.t("console.no_show.confirm", number=number))],
                lead="console.no_show.lead",
            ),
            self._no_show_confirmed,
        )

    def _no_show_confirmed(self, sure: bool | None) -> None:
        if sure:
            self.act(
                lambda: self.hall.no_show(self.counter, staff=self.staff),
                lambda t: self.notice("console.no_show_done", number=t["number"]),
            )

    def action_transfer(self) -> None:
        """Send the resident to another service, keeping their place in the queue."""
        serving = self.serving
        if serving is None:
            return
        number = serving["number"]
        self.app.push_screen(
            ChoiceModal(
                lambda app: app.t("console.transfer.title", number=number),
                service_options(self.app, exclude=serving["service"]),
                lead="console.transfer.lead",
            ),
            self._transfer_to,
        )

    def _transfer_to(self, service: str | None) -> None:
        if service:
            self.act(
                lambda: self.hall.transfer(self.counter, service, staff=self.staff),
                lambda t: self.notice(
                    lambda app: app.t(
                        "console.transferred", number=t["number"], service=service_name(app, t["service"])
                    )
                ),
            )

    def action_finish(self) -> None:
        """Finish with an outcome (and, for anything but "completed", an optional note)."""
        serving = self.serving
        if serving is None:
            return
        self.app.push_screen(OutcomeModal(serving["number"]), self._finish_with)

    def _finish_with(self, result: tuple[str, str | None] | None) -> None:
        if result is None:
            return
        outcome, note = result
        self.act(
            lambda: self.hall.finish(self.counter, outcome=outcome, staff=self.staff, note=note),
            lambda t: self.notice(
                lambda app: app.t(
                    "console.finished_as", number=t["number"], outcome=app.t(f"console.outcome.{outcome}")
                )
            ),
        )

    def action_pause(self) -> None:
        """Pause the counter: it calls nobody until resumed (the board and kiosks see it paused)."""
        self.act(
            lambda: self.hall.set_counter(self.counter, "paused", staff=self.staff),
            lambda s: self.notice("console.paused"),
        )

    def action_resume(self) -> None:
        """Open the counter again."""
        self.act(
            lambda: self.hall.set_counter(self.counter, "open", staff=self.staff),
            lambda s: self.notice("console.resumed"),
        )

    def action_sign_out(self) -> None:
        """Sign out: the counter closes and the console returns to sign-in."""
        if self.busy:
            return
        self.run_domain(lambda: self.hall.sign_out(self.session), self._signed_out, self.refused)

    def _signed_out(self, result: SignOut) -> None:
        self.end_session(
            lambda app: app.t(
                "console.signed_out",
                name=self.session["name"],
                counter=counter_words(app, self.counter),
                time=time_words(result["ended"]),
            )
        )

    def refused(self, error: BaseException, then: Any = None) -> None:
        """``counter.busy`` (someone at another terminal... or a stale screen) offers to finish first."""
        if isinstance(error, KioskError) and error.key == "counter.busy":
            self.reload()
        super().refused(error, then)

    # -- printers (screens/console/devices.py): the faults line, and reprinting a slip

    @on(HallChanged)
    def _devices_changed(self, event: HallChanged) -> None:
        """The printer line reads again when a commit touched the devices (beside the view's own reading)."""
        self.find("#printer-faults", PrinterFaults).hall_changed(event.changes)

    def action_reprint(self) -> None:
        """Print a resident's slip again (the code typed), on this console's printer or a kiosk's; audited."""
        if self.busy:
            return
        if reprint_printer(self.kiosk) is None:
            self.notice("print.console_no_printer", error=True)
            return
        self.app.push_screen(
            TextModal("print.reprint_title", "print.reprint_label", required=True, max_length=20), self._reprint
        )

    def _reprint(self, code: str | None) -> None:
        chosen = reprint_printer(self.kiosk)
        if not code or chosen is None:
            return
        terminal, printer = chosen
        self.run_domain(
            lambda: self.hall.reprint(
                code, printer, terminal=terminal.id, lang=self.kiosk.lang, staff=self.staff, counter=self.counter
            ),
            self._reprinted,
        )

    def _reprinted(self, outcome: Any) -> None:
        if outcome["ok"]:
            self.notice("print.done", code=outcome["code"], terminal=outcome["terminal"])
        else:
            self.notice(
                lambda app: app.t(
                    "print.failed",
                    terminal=outcome["terminal"],
                    code=outcome["code"],
                    reason=app.t(f"print.fault.{outcome['reason']}"),
                ),
                error=True,
            )
