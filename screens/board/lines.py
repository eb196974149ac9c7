"""A list on the board (the recent calls, the queues) as lines of text, each drawn again only when it changed."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from screens.board.drawn import placed, text_segments


class TextLines(Widget):
    """Lines of text, one per row, cut with an ellipsis where too long. New lines draw again only the rows that
    changed (a ticket taken: one queue's row), where a ``Static`` would draw the whole list and measure it again."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._texts: list[Text] = []
        # The style the rows are drawn on (worked out from every ancestor: once, not per row), until the colours
        # change. The rows themselves are kept by Textual, which asks again only for those refreshed.
        self._style: Style | None = None

    @property
    def content(self) -> Text:
        """The lines shown now, as one text."""
        return Text("\n").join(self._texts)

    def plain_text(self) -> str:
        """The lines shown now, as plain text."""
        return self.content.plain

    def update(self, content: Text | str) -> None:
        """Show ``content``, a line per row: only the rows whose text changed are drawn again, and the screen is laid
        out again only when the number of lines changed."""
        text = content if isinstance(content, Text) else Text(content)
        texts = list(text.split("\n", allow_blank=True)) if text.plain else []
        if len(texts) != len(self._texts):
            self._texts = texts
            self.refresh(layout=True)
            return
        changed = [y for y, (old, new) in enumerate(zip(self._texts, texts)) if old != new]
        self._texts = texts
        if changed:
            width = self.content_size.width
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """A row per line."""
        return len(self._texts)

    def refresh(self, *regions: Any, **kwargs: Any) -> Any:
        """Textual's; without ``regions`` (new colours among what may have changed) the style is worked out again."""
        if not regions:
            self._style = None
        return super().refresh(*regions, **kwargs)

    def render_line(self, y: int) -> Strip:
        """Row ``y``: its line, cut to the width."""
        if self._style is None:
            self._style = self.rich_style
        width, style = self.content_size.width, self._style
        if y >= len(self._texts):
            return Strip.blank(width, style)
        line = self._texts[y].copy()
        line.truncate(width, overflow="ellipsis")
        return placed(text_segments(line, self.app.console, style), width, style)
