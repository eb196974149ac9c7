"""One line of the counter console's queue table (its header, or one service's row), laid out by hand.

The console used to draw each line as a Rich table of one row. A table measures every cell of every column each
time it is drawn, or measured for its height, and a busy hall has the console draw some line of its queues at
nearly every commit: this renderable puts the same line together from the widths it is given, at the width it is
drawn at, and draws exactly what the table drew (the console's snapshots hold it to that)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

#: The narrowest the name column is (it takes what the other columns leave).
NAME_MIN_WIDTH = 8


@dataclass(frozen=True)
class QueueLine:
    """``cells``: the name, then four cells of the fixed ``widths`` (waiting, longest wait and appointments right
    aligned, the next numbers left aligned and cut with an ellipsis). Every cell has a column of space on each
    side; the name's column takes the rest of the line (at least :data:`NAME_MIN_WIDTH`), cut with an ellipsis.
    ``style`` is laid over every cell, its spaces included (the header's bold)."""

    cells: Sequence[Text | str]
    widths: Sequence[int]
    style: str = ""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as it is given."""
        return Measurement(options.max_width, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """The line, ``options.max_width`` wide (or as wide as its fixed columns, when that is more)."""
        width = options.max_width
        widths = list(self.widths)
        name_width = width - sum(widths) - 2 * len(widths) - 2
        if name_width < NAME_MIN_WIDTH:
            # Too narrow for every column whole: the next numbers (cut with an ellipsis) give way first, then the
            # line is cut at the edge.
            widths[-1] = max(1, widths[-1] - (NAME_MIN_WIDTH - name_width))
            name_width = NAME_MIN_WIDTH
        base = console.get_style(self.style) if self.style else Style()
        aligns = ("left", "right", "right", "right", "left")
        line: list[Segment] = []
        for cell, room, align in zip(self.cells, (name_width, *widths), aligns):
            text = Text(cell) if isinstance(cell, str) else cell.copy()
            text.no_wrap, text.overflow = True, "ellipsis"
            text.truncate(room, overflow="ellipsis")
            gap = room - cell_len(text.plain)
            pad = Segment(" ", base)
            line.append(pad)
            if align == "right" and gap > 0:
                line.append(Segment(" " * gap, base))
            line.extend(Segment.apply_style(text.render(console, end=""), base))
            if align == "left" and gap > 0:
                line.append(Segment(" " * gap, base))
            line.append(pad)
        yield from Segment.simplify(
            Segment.adjust_line_length(line, width, base) if Segment.get_line_length(line) > width else line
        )
        yield Segment.line()


def header_line(headers: Sequence[str], widths: Sequence[int]) -> QueueLine:
    """The queue table's header: the columns' names, bold."""
    return QueueLine(tuple(headers), tuple(widths), style="bold")
