"""Home: the hall's name, the clock, open or closed now (and when it next opens), the queues, and the six things
a resident can do here.

The figures are live data (:mod:`screens.live`): read when home is shown, and again only when a commit changed the
tickets or the counters (or the ratings and requests behind the month's public satisfaction line), or the hall's
clock turned a minute (open or closed follows the clock); never on a timer, and on a busy day at most once per
:attr:`HomeScreen.REFRESH_SECONDS`.
The clock in the top bar ticks by itself."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult

from kiosk.records import Overview
from kiosk.ui_contract import COUNTERS, RATINGS, REQUESTS, TICKETS
from screens.base import KioskScreen
from screens.live import LiveScreen
from screens.widgets import Choice, ChoiceGrid, Option, Say
from screens.words import period_words, public_words, start_words, time_words, unknown_wait_words

#: The actions, in the order they are numbered on screen.
ACTIONS = ("ticket", "book", "checkin", "request", "lookup", "rate")


class HomeScreen(LiveScreen, KioskScreen):
    """The screen the kiosk always comes back to."""

    CAN_GO_BACK = False
    AUTO_FOCUS = "Choice"
    #: Waiting per service and its estimate read tickets and the counters' states; the month's public
    #: satisfaction line reads the ratings and the requests (their cases).
    READS = frozenset({TICKETS, COUNTERS, RATINGS, REQUESTS})
    #: The queues a resident glances at before taking a ticket follow the hall within three seconds (the old
    #: timer's period, now only when something changed), not at every commit: four kiosks of a busy hall would
    #: otherwise each read and draw three times a second.
    REFRESH_SECONDS = 3.0

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        #: What "Take a ticket" says under it was last drawn from (see :meth:`_detail`).
        self._ticket_state: Any = None

    def compose_body(self) -> ComposeResult:
        """Open/closed, the queues, the actions."""
        yield Say(self._state_words, id="hall-state")
        yield Say(self._queue_words, id="queues")
        yield Say(self._public_words, id="public-figures")
        yield ChoiceGrid(
            [
                Option(action, lambda app, a=action: app.t(f"home.{a}"), lambda app, a=action: self._detail(app, a))
                for action in ACTIONS
            ],
            stacked=True,
            id="actions",
        )

    def read(self) -> Overview:
        """The overview: open or closed, the queues (a lock-free snapshot read, in the live worker)."""
        return self.hall.overview()

    def show(self, overview: Overview) -> None:
        """Fresh figures: the state line and the queues are drawn again only when what they show changed (an
        estimate home does not show, or a counter's serving number, changes nothing here)."""
        self.overview = overview
        day = overview["now"][:10]
        services = tuple(
            (s["id"], s["waiting"], s["wait_unknown"], s["counters_open_at"]) for s in overview["services"]
        )
        state = {k: v for k, v in overview.items() if k not in ("now", "services", "counters")}
        unknown = tuple((s["id"], s["wait_unknown"], s["counters_open_at"]) for s in overview["services"])
        self.query_one("#hall-state", Say).follow((day, state, unknown if overview["walk_in"] else None))
        self.query_one("#queues", Say).follow((day, overview["walk_in"], services))
        self.query_one("#public-figures", Say).follow(overview.get("public"))
        ticket_state = (overview["walk_in"], overview.get("early_tickets"), overview["next_walk_in"])
        if ticket_state != self._ticket_state:
            self._ticket_state = ticket_state
            for choice in self.query(Choice):
                if choice.option.value == "ticket":
                    choice.refresh(layout=True)  # its words are made at each drawing (see _detail)

    def reset(self) -> None:
        """Back home after idling: first action focused. The figures are already fresh (home follows every change
        that concerns it, and catches up on coming back on top); only a read that failed is tried again."""
        self.notice(None)
        if self.trouble:
            self.reload()
        self.focus_first_choice()

    # -- what is shown

    def _detail(self, app: Any, action: str) -> str:
        """The line under an action. Under "Take a ticket", while no walk-in tickets are taken (the evening window,
        a weekend, a closed day): from when they are again ("Walk-ins from tomorrow 08:30"), rather than "Queue for
        a service now" and a refusal three steps later."""
        overview = self.overview
        if action == "ticket" and overview is not None and not overview["walk_in"]:
            nxt = overview["next_walk_in"]
            if overview.get("early_tickets") is None and nxt is not None:
                return str(app.t("home.ticket.detail_later", when=start_words(app, nxt)))
        return str(app.t(f"home.{action}.detail"))

    def _state_words(self, app: Any) -> Text:
        overview = self.overview
        if overview is None:
            return Text(app.t("ui.one_moment"))
        if overview.get("clock_problem"):
            # This terminal's clock contradicts the hall: every write would be refused, and the figures below are
            # of the wrong day. Say so first, rather than "open now" and a refusal at the last step.
            return Text("○ " + app.t("home.out_of_service"), style="bold red")
        period = overview["period"]  # set exactly when the hall is open now
        if period is not None and overview["walk_in"]:
            text = Text("● ", style="bold green")
            text.append(app.t("home.open", end=time_words(period["end"])), style="bold")
            if self._common_unknown_wait(app):  # said once here rather than on every service's line
                text.append("  " + app.t("home.no_counter_open"), style="yellow")
            return text
        early = overview.get("early_tickets")
        if early is not None:
            text = Text("● ", style="bold green")
            text.append(app.t("home.early_tickets", start=time_words(early["start"])), style="bold")
            return text
        if period is not None:
            text = Text("● ", style="bold yellow")
            text.append(app.t("home.extended", end=time_words(period["end"])), style="bold")
            text.append("\n" + app.t("home.next_walk_in", when=start_words(app, overview["next_walk_in"])))
            return text
        text = Text("○ ", style="bold red")
        reason = overview["closed_reason"]
        text.append(
            app.t("home.closed_because", reason=app.word(reason)) if reason else app.t("home.closed"), style="bold"
        )
        text.append("\n" + app.t("home.next_opening", when=period_words(app, overview["next_opening"])))
        nxt, walk = overview["next_opening"], overview["next_walk_in"]
        if nxt and walk and nxt["start"] != walk["start"]:
            text.append("  " + app.t("home.next_walk_in", when=start_words(app, walk)))
        return text

    def _public_words(self, app: Any) -> Text:
        """This month's satisfaction figures, as the hall makes them public (政务公开), in the resident's language."""
        return Text(public_words(app, self.overview.get("public") if self.overview else None), style="dim")

    def _common_unknown_wait(self, app: Any) -> str:
        """Why no wait can be estimated, when it is the same for every walk-in service (no counter open yet), else
        empty."""
        overview = self.overview
        if overview is None or not overview["walk_in"]:
            return ""
        whys = {unknown_wait_words(app, s) for s in overview["services"] if app.config.service(s["id"]).walk_in}
        return whys.pop() if len(whys) == 1 else ""

    def _queue_words(self, app: Any) -> Table | str:
        overview = self.overview
        if overview is None:
            return ""
        table = Table.grid(padding=(0, 2), expand=True)
        for _ in range(2):
            table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        cells = []
        for service in overview["services"]:
            # The count comes first so it survives when a long (English) name is cut to the column.
            name = app.word(app.config.service(service["id"]).name)
            line = Text.assemble((f"{service['prefix']} ", "bold"))
            if not app.config.service(service["id"]).walk_in:
                line.append(app.t("home.by_appointment"), style="bold")
            else:
                line.append(app.t("home.waiting", n=service["waiting"]), style="bold")
                # Open for walk-ins but nobody at a counter for it: say so (closed, home says when it opens).
                why = unknown_wait_words(app, service) if overview["walk_in"] else ""
                if why and not self._common_unknown_wait(app):
                    line.append(" · " + why, style="yellow")
            line.append("  " + name, style="dim")
            cells.append(line)
        for row in range(0, len(cells), 2):
            table.add_row(*cells[row : row + 2], *([""] * (2 - len(cells[row : row + 2]))))
        return table

    # -- what the resident does

    @on(ChoiceGrid.Picked, "#actions")
    def start(self, event: ChoiceGrid.Picked) -> None:
        """Open the flow the resident picked (each action is the name of its first screen)."""
        self.notice(None)
        self.kiosk.go(event.option.value)
