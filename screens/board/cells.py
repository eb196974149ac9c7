"""The counters as a grid of cells, one per counter in a fixed place: its ticket while it serves, the one being announced
marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

if TYPE_CHECKING:
    pass
from screens.board.digits import BigNumber, glyph_width
from screens.widgets import show_content


class CallCell(Vertical):
    """One counter serving now: ticket and counter in large digits, the counter's name below."""

    #: What the cell shows (set by the board, which draws it again only when that changes), or None.
    shown: tuple[str, str, tuple[str, ...]] | None = None
    #: The languages its counter's name is shown in while it serves nobody (None while it shows a call).
    idle: tuple[str, ...] | None = None
    _found: tuple[BigNumber, BigNumber, BigNumber, Static] | None = None

    def compose(self) -> ComposeResult:
        """Digits, arrow, digits; then the name."""
        with Horizontal(classes="call-digits"):
            yield BigNumber("", classes="call-number")
            yield BigNumber("", classes="call-arrow")
            yield BigNumber("", classes="call-counter")
        yield Static("", classes="call-name")

    def set_scale(self, scale: int, number_width: int, counter_width: int) -> None:
        """Large digits at ``scale``, the ticket's and the counter's as wide as the widest there may be: a cell
        then keeps its size whatever it shows, and a new number draws the cell alone (no layout)."""
        for number in self.query(BigNumber):
            number.set_scale(scale)
        self.query_one(".call-number", BigNumber).styles.width = number_width
        self.query_one(".call-arrow", BigNumber).styles.width = glyph_width("→", scale) + 2  # and its padding
        self.query_one(".call-counter", BigNumber).styles.width = counter_width

    def _parts(self) -> tuple[BigNumber, BigNumber, BigNumber, Static]:
        """The cell's digits, arrow, counter and name (looked up once: a call draws them again)."""
        if self._found is None:
            self._found = (
                self.query_one(".call-number", BigNumber),
                self.query_one(".call-arrow", BigNumber),
                self.query_one(".call-counter", BigNumber),
                self.query_one(".call-name", Static),
            )
        return self._found

    def show(self, number: str, counter: str, name: str | Text) -> None:
        """Show this call."""
        digits, arrow, desk, words = self._parts()
        digits.update(number)
        arrow.update("→")
        desk.update(counter)
        show_content(words, name)

    def clear(self, name: str | Text = "") -> None:
        """Show no call, only ``name`` (the cell keeps its place and size)."""
        digits, arrow, desk, words = self._parts()
        for part in (digits, arrow, desk):
            part.update("")
        show_content(words, name)


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
