"""The counters as a grid of cells, one per counter in a fixed place: its ticket while it serves, the one whose
call is in the banner marked.

A cell is one widget that draws its own lines (large digits, arrow, counter, and the counter's name below), rather than
a container of five: Textual draws every widget that overlaps a change, each at a cost of its own, and a board of six
counters drew some thirty of them at each call or finish."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import Grid
from textual.events import Resize
from textual.strip import Strip

from screens.board.digits import glyph_height, glyph_rows, glyph_width
from screens.board.drawn import Drawn, fitted, placed, text_segments, theme_colour


class CallCell(Drawn):
    """One counter's place on the board: while it serves, its ticket and its id in large digits with an arrow
    between; below, the counter's name (dimmed while it serves nobody). Drawn once per change, line by line."""

    COMPONENT_CLASSES = {"call-cell--number", "call-cell--arrow", "call-cell--counter", "call-cell--name"}

    #: What the cell shows (set by the board, which draws it again only when that changes), or None.
    shown: tuple[str, str, tuple[str, ...]] | None = None
    #: The languages its counter's name is shown in while it serves nobody (None while it shows a call).
    idle: tuple[str, ...] | None = None
    #: Its call is the one in the banner now: the cell is drawn on the warning colour (a quarter of
    #: it over the cell's own background), by the cell itself rather than by a CSS class, whose styling of the cell
    #: cost more than drawing it.
    announcing = False

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        #: The ticket, the counter and the name shown now ("" and "" while it serves nobody).
        self.number = ""
        self.counter = ""
        self.name_text = Text("")
        #: The digits' scale, and the columns the ticket's and the counter's digits take (the widest there may be).
        self.scale = 0
        self.number_width = glyph_width("A000", 0)
        self.counter_width = 3

    def set_scale(self, scale: int, number_width: int, counter_width: int) -> None:
        """Large digits at ``scale``, the ticket's and the counter's as wide as the widest there may be: a cell
        then keeps its size whatever it shows, and a new number draws the cell alone (no layout)."""
        if (scale, number_width, counter_width) != (self.scale, self.number_width, self.counter_width):
            self.scale, self.number_width, self.counter_width = scale, number_width, counter_width
            self.refresh(layout=True)

    def show(self, number: str, counter: str, name: str | Text) -> None:
        """Show this call."""
        self._set(number, counter, name)

    def clear(self, name: str | Text = "") -> None:
        """Show no call, only ``name`` (the cell keeps its place and size)."""
        self._set("", "", name)

    def _set(self, number: str, counter: str, name: str | Text) -> None:
        words = name if isinstance(name, Text) else Text(name)
        if (number, counter, words) != (self.number, self.counter, self.name_text):
            self.number, self.counter, self.name_text = number, counter, words
            self.refresh()

    def announce(self, on: bool) -> None:
        """Mark the cell as the one whose call is in the banner now, or no longer."""
        if on != self.announcing:
            self.announcing = on
            self.refresh()

    def plain_text(self) -> str:
        """What the cell says, as text: ticket, arrow, counter and name, a line each."""
        return "\n".join([self.number, "→" if self.number else "", self.counter, self.name_text.plain])

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """The digits and the name's line."""
        return glyph_height(self.scale) + 1

    def draw(self) -> list[Strip]:
        """Every line, from what it shows now."""
        width = self.size.width
        blank = self.rich_style
        number_style, arrow_style, counter_style, name_style = (
            self.get_component_rich_style(f"call-cell--{part}") for part in ("number", "arrow", "counter", "name")
        )
        if self.announcing:
            warning = theme_colour(self, "warning", "yellow").multiply_alpha(0.25)
            behind = Style(bgcolor=(self.background_colors[1] + warning).rich_color)
            blank, number_style, arrow_style, counter_style = (
                style + behind for style in (blank, number_style, arrow_style, counter_style)
            )
            # The counter's name in the cell's own text colour, not muted: muted on the tint read at about 2.5:1 on
            # a 256-colour terminal (a fresh-eyes trial), and it is what the resident called looks for.
            name_style = blank + Style(color=theme_colour(self, "foreground", "white").rich_color)
        arrow_width = glyph_width("→", self.scale)
        parts = (
            (glyph_rows(self.number, self.scale, number_style), self.number_width, number_style),
            (glyph_rows("→" if self.number else "", self.scale, arrow_style), arrow_width, arrow_style),
            (glyph_rows(self.counter, self.scale, counter_style), self.counter_width, counter_style),
        )
        gap = Segment(" ", blank)
        lines = []
        for row in range(glyph_height(self.scale)):
            number, arrow, counter = (fitted(rows[row], room, style) for rows, room, style in parts)
            # The arrow keeps a column of space on either side.
            lines.append(placed([*number, gap, *arrow, gap, *counter], width, blank))
        name = self.name_text.copy()
        name.truncate(width, overflow="ellipsis")
        lines.append(placed(text_segments(name, self.app.console, name_style), width, blank))
        return lines


class CallGrid(Grid):
    """The counters serving now, as many columns as the width allows."""

    #: It draws nothing of its own, only its cells: Textual fills it with blanks rather than drawing it line by line.
    BLANK = True

    #: Columns one cell takes, gutter included (set by the board with the digits' scale).
    cell_width = 24

    def on_resize(self, event: Resize) -> None:
        """Re-flow the columns to the new width."""
        self.reflow(event.size.width)

    def reflow(self, width: int) -> None:
        """As many columns as fit in ``width``."""
        self.styles.grid_size_columns = max(1, (width + 2) // self.cell_width)
