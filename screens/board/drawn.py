"""Widgets of the board that draw their own lines, and the helpers they draw with.

Textual draws again every widget that overlaps a change, each at a cost of its own, so the parts of the board that
change at nearly every commit are single widgets that put their lines together themselves."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.events import Resize
from textual.strip import Strip
from textual.widget import Widget


class Drawn(Widget):
    """A widget drawn whole by :meth:`draw` (all its lines at once, on the first line asked for after a change), and
    drawn again only after a refresh (a change of its own, a new size, new colours)."""

    _lines: list[Strip] | None = None

    def draw(self) -> list[Strip]:
        """Every line of the widget's content (override)."""
        return []

    def refresh(self, *regions: Any, **kwargs: Any) -> Any:
        """Textual's, and the widget is drawn afresh."""
        self._lines = None
        return super().refresh(*regions, **kwargs)

    def on_resize(self, event: Resize) -> None:
        """A new size: drawn afresh."""
        self._lines = None

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the drawing."""
        if self._lines is None:
            self._lines = self.draw()
        try:
            return self._lines[y]
        except IndexError:
            return Strip.blank(self.content_size.width, self.rich_style)


def theme_colour(widget: Widget, name: str, fallback: str) -> Color:
    """The app theme's colour ``name`` (``warning``, ``background``), or ``fallback`` where the theme has none."""
    return Color.parse(widget.app.theme_variables.get(name, fallback))


def fitted(segments: list[Segment], width: int, style: Style, align: str = "left") -> list[Segment]:
    """``segments`` exactly ``width`` columns wide: cut, or filled with ``style``'s blanks on the right (or, for
    ``align="right"``, on the left). Segments, not a ``Strip``: a line is put together from a few of these, and a
    strip made for each part costs more than the drawing itself."""
    room = width - Segment.get_line_length(segments)
    if room > 0 and align == "right":
        return [Segment(" " * room, style), *segments]
    if room:
        return Segment.adjust_line_length(segments, width, style)
    return segments


def placed(segments: list[Segment], width: int, style: Style, align: str = "left") -> Strip:
    """``segments`` as a line exactly ``width`` columns wide (see :func:`fitted`)."""
    return Strip(fitted(segments, width, style, align), width)


def text_segments(text: Text, console: Console, style: Style) -> list[Segment]:
    """One line of ``text`` as segments on ``style`` (its own style and spans over it)."""
    return list(Segment.apply_style(text.render(console, end=""), style + console.get_style(text.style)))
