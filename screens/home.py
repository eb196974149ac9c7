"""Home: the hall's name, the clock, open or closed now (and when it next opens), the queues, and the six things
a resident can do here."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult

from kiosk.records import Overview
from screens.base import KioskScreen
from screens.widgets import ChoiceGrid, Option, Say
from screens.words import period_words, time_words

#: The actions, in the order they are numbered on screen.
ACTIONS = ("ticket", "book", "checkin", "request", "lookup", "rate")


class HomeScreen(KioskScreen):
    """The screen the kiosk always comes back to."""

    CAN_GO_BACK = False
    AUTO_FOCUS = "Choice"

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        self._trouble_shown = False

    def compose_body(self) -> ComposeResult:
        """Open/closed, the queues, the actions."""
        yield Say(self._state_words, id="hall-state")
        yield Say(self._queue_words, id="queues")
        yield ChoiceGrid([Option(action, lambda app, a=action: app.t(f"home.{a}"),
                                 lambda app, a=action: app.t(f"home.{a}.detail")) for action in ACTIONS],
                         id="actions")

    def on_mount(self) -> None:
        """Read the hall now and again every few seconds (a lock-free snapshot read, off the event loop)."""
        self.load()
        self.set_interval(self.kiosk.refresh_seconds, self.load)

    def on_screen_resume(self) -> None:
        """Fresh figures whenever the resident comes back home."""
        self.load()

    def load(self) -> None:
        """Re-read the overview."""
        self.run_domain(self.hall.overview, self._loaded, self._load_failed, group="overview")

    def _loaded(self, overview: Overview) -> None:
        if self._trouble_shown:  # the store answers again: take the apology away
            self._trouble_shown = False
            self.notice(None)
        self.overview = overview
        self.query_one("#hall-state", Say).retranslate()
        self.query_one("#queues", Say).retranslate()

    def _load_failed(self, error: BaseException) -> None:
        self._trouble_shown = True
        self.show_error(error)

    def reset(self) -> None:
        """Back home after idling: fresh figures, first action focused."""
        self.notice(None)
        self.load()
        self.focus_first_choice()

    # -- what is shown

    def _state_words(self, app: Any) -> Text:
        overview = self.overview
        if overview is None:
            return Text(app.t("ui.one_moment"))
        period = overview["period"]  # set exactly when the hall is open now
        if period is not None and overview["walk_in"]:
            text = Text("● ", style="bold green")
            text.append(app.t("home.open", end=time_words(period["end"])), style="bold")
            return text
        if period is not None:
            text = Text("● ", style="bold yellow")
            text.append(app.t("home.extended", end=time_words(period["end"])), style="bold")
            text.append("\n" + app.t("home.next_walk_in", when=period_words(app, overview["next_walk_in"])))
            return text
        text = Text("○ ", style="bold red")
        reason = overview["closed_reason"]
        text.append(app.t("home.closed_because", reason=app.word(reason)) if reason else app.t("home.closed"),
                    style="bold")
        text.append("\n" + app.t("home.next_opening", when=period_words(app, overview["next_opening"])))
        nxt, walk = overview["next_opening"], overview["next_walk_in"]
        if nxt and walk and nxt["start"] != walk["start"]:
            text.append("  " + app.t("home.next_walk_in", when=period_words(app, walk)))
        return text

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
            line.append("  " + name, style="dim")
            cells.append(line)
        for row in range(0, len(cells), 2):
            table.add_row(*cells[row:row + 2], *([""] * (2 - len(cells[row:row + 2]))))
        return table

    # -- what the resident does

    @on(ChoiceGrid.Picked, "#actions")
    def start(self, event: ChoiceGrid.Picked) -> None:
        """Open the flow the resident picked."""
        from screens import first_screen
        self.notice(None)
        self.app.push_screen(first_screen(event.option.value))
