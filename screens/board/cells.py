"""The serving counters as a grid of cells: one cell per counter serving a ticket, the one being announced marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

if TYPE_CHECKING:
    pass
from screens.board.digits import BigNumber


class CallCell(Vertical):
    """One counter serving now: ticket and counter in large digits, the counter's name below."""

    #: What the cell shows (set by the board, which draws it again only when that changes), or None.
    shown: tuple[str, str, tuple[str, ...]] | None = None

    def compose(self) -> ComposeResult:
        """Digits, arrow, digits; then the name."""
        with Horizontal(classes="call-digits"):
            yield BigNumber("", classes="call-number")
            yield BigNumber("→", classes="call-arrow")
            yield BigNumber("", classes="call-counter")
        yield Static("", classes="call-name")

    def set_scale(self, scale: int) -> None:
        """Large digits at ``scale``."""
        for number in self.query(BigNumber):
            number.set_scale(scale)

    def show(self, number: str, counter: str, name: str | Text) -> None:
        """Show this call."""
        self.query_one(".call-number", BigNumber).update(number)
        self.query_one(".call-counter", BigNumber).update(counter)
        self.query_one(".call-name", Static).update(name)
        if not self.display:
            self.display = True


class CallGrid(Grid):
    """The counters serving now, as many columns as the width allows."""

    #: Columns one cell takes, gutter included (set by the board with the digits' scale).
    cell_width = 24

    def on_resize(self, event: Resize) -> None:
        """Re-flow the columns to the new width."""
        self.reflow(event.size.width)

    def reflow(self, width: int) -> None:
        """As many columns as fit in ``width``."""
        self.styles.grid_size_columns = max(1, (width + 2) // self.cell_width)
