"""The console's queue lines, laid out by hand, draw what the Rich table of one row drew before them."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from screens.console.queue_line import QueueLine, header_line

HEADERS = ("Service", "Waiting", "Longest", "Appts", "Next")


def table(widths: tuple[int, ...], *, header: bool) -> Table:
    """The table the console drew each line with."""
    made = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold", show_header=header)
    made.add_column(HEADERS[0], ratio=1, no_wrap=True, overflow="ellipsis", min_width=8)
    for name, width in zip(HEADERS[1:4], widths[:3]):
        made.add_column(name, justify="right", no_wrap=True, width=width)
    made.add_column(HEADERS[4], no_wrap=True, overflow="ellipsis", width=widths[3])
    return made


def drawn(renderable: RenderableType, width: int) -> list[Segment]:
    """What is drawn, a style per run of cells (no style and an empty one alike)."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    return list(Segment.simplify(Segment(s.text, s.style or Style()) for s in console.render(renderable)))


def a_row() -> tuple[Text | str, ...]:
    name = Text.assemble(("A ", "bold"), "社保医保 Social security and medical insurance")
    numbers = Text()
    numbers.append("A012", style="bold red")
    numbers.append("◆", style="bold cyan")
    numbers.append(" A013 A014 A015 A016 A017 ", style="bold")
    numbers.append("…", style="dim")
    return (name, "12", "35 min", "3", numbers)


@pytest.mark.parametrize("width", [60, 78, 80, 118, 160])
@pytest.mark.parametrize("widths", [(7, 7, 5, 12), (3, 10, 5, 20)])
def test_a_line_is_what_the_table_drew(width: int, widths: tuple[int, ...]) -> None:
    assert drawn(header_line(HEADERS, widths), width) == drawn(table(widths, header=True), width)
    row = table(widths, header=False)
    row.add_row(*a_row())
    assert drawn(QueueLine(a_row(), widths), width) == drawn(row, width)


def test_too_narrow_a_line_cuts_the_next_numbers_first_and_never_overflows() -> None:
    lines = drawn(QueueLine(a_row(), (7, 7, 5, 30)), 50)
    text = "".join(segment.text for segment in lines).rstrip("\n")
    assert cell_len(text) == 50
    assert "12" in text and "35 min" in text and text.rstrip().endswith("…")
