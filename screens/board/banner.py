"""The board's banner: the call being announced in large digits (ticket, arrow, counter) with its words beside them,
or the time before the day's first call; lit up for a call's turn.

One widget that draws its own lines, rather than a row of four: a call draws the banner once, and the parts keep their
widths whatever they show (a ticket, the time, nothing), so nothing is laid out again."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from screens.board.digits import glyph_height, glyph_rows, glyph_width
from screens.board.drawn import Drawn, fitted, placed, text_segments, theme_colour

#: Lines the words take (the call in each language, and how many calls wait), and the columns before them.
WORDS_LINES, WORDS_INDENT = 3, 3


class Banner(Drawn):
    """Ticket, arrow and counter in large digits, right of them up to three lines of words; all
    of it in the theme's background colour on its warning colour while :attr:`lit`."""

    COMPONENT_CLASSES = {"banner--digits", "banner--arrow"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The ticket (or the time), the counter ("" for none) and the words shown now.
        self.number = ""
        self.counter = ""
        self.words = Text("")
        #: The digits' scale and the columns the ticket's and the counter's digits take (the widest there may be).
        self.scale = 0
        self.number_width = glyph_width("A000", 0)
        self.counter_width = 3
        #: Lit up for a call's turn.
        self.lit = False

    def set_scale(self, scale: int, number_width: int, counter_width: int) -> None:
        """Digits at ``scale``, the ticket's ``number_width`` and the counter's ``counter_width`` columns wide."""
        if (scale, number_width, counter_width) != (self.scale, self.number_width, self.counter_width):
            self.scale, self.number_width, self.counter_width = scale, number_width, counter_width
            self.refresh(layout=True)

    def show(self, number: str, counter: str = "") -> None:
        """Show ``number`` (a ticket, or the time) and ``counter`` ("" for none: no arrow either)."""
        if (number, counter) != (self.number, self.counter):
            self.number, self.counter = number, counter
            self.refresh()

    def say(self, words: Text) -> None:
        """Put ``words`` beside the digits (one line each, cut with an ellipsis where too long)."""
        if words != self.words:
            self.words = words
            self.refresh()

    def light(self, on: bool) -> None:
        """Light the digits and words up for a call's turn, and turn the border to the warning colour; or put their
        colours back. (The border is set on the widget, not by a class: a class has the stylesheet style the widget
        afresh, which cost more than drawing it.)"""
        if on != self.lit:
            self.lit = on
            self.styles.border = (
                ("tall", theme_colour(self, "warning", "yellow")) if on else None
            )  # None: back to the stylesheet's border
            self.refresh()

    def plain_text(self) -> str:
        """What the banner says, as text: ticket, arrow, counter and words, a line each."""
        return "\n".join([self.number, "→" if self.counter else "", self.counter, self.words.plain])

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """The digits, or the words where they are taller."""
        return max(glyph_height(self.scale), WORDS_LINES)

    def _styles(self) -> tuple[Style, Style, Style]:
        """The digits', the arrow's and the words' styles: the CSS's, or lit."""
        if self.lit:
            glyphs = theme_colour(self, "background", "black").rich_color
            behind = theme_colour(self, "warning", "yellow").rich_color
            words = Style(color=glyphs, bgcolor=behind)
            return words + Style(bold=True), words + Style(bold=True), words
        return (
            self.get_component_rich_style("banner--digits"),
            self.get_component_rich_style("banner--arrow"),
            self.rich_style,
        )

    def _words_lines(self, width: int, height: int) -> list[Text]:
        """The words as lines ``width`` columns wide: each sentence wrapped when the banner has the rows for it (with
        larger digits it has more than its three lines of words), else each on one line, cut with an ellipsis (a
        sentence cut short on a wide wall screen lost the counter, the part that matters most)."""
        wrapped = list(self.words.wrap(self.app.console, width, overflow="ellipsis"))
        if len(wrapped) <= height:
            return wrapped
        lines = list(self.words.split("\n"))[:height]
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        return lines

    def draw(self) -> list[Strip]:
        """Every line, from what it shows now."""
        width, height = self.content_size.width, self.get_content_height(None, None, 0)
        blank = self.rich_style
        digits, arrow, said = self._styles()
        pad = Segment(" ", arrow)
        arrow_rows = [[pad, *row, pad] for row in glyph_rows("→" if self.counter else "", self.scale, arrow)]
        words_width = max(0, width - self.number_width - (glyph_width("→", self.scale) + 2) - self.counter_width)
        words_rows = [
            [Segment(" " * WORDS_INDENT, said), *text_segments(words, self.app.console, said)]
            for words in self._words_lines(max(1, words_width - WORDS_INDENT), height)
        ]
        words_rows += [[] for _ in range(WORDS_LINES - len(words_rows))]
        # Each part: its rows, its width, the style its blanks take, its alignment.
        parts = [
            (glyph_rows(self.number, self.scale, digits), self.number_width, digits, "right"),
            (arrow_rows, glyph_width("→", self.scale) + 2, arrow, "left"),
            (glyph_rows(self.counter, self.scale, digits), self.counter_width, digits, "left"),
            (words_rows, words_width, said, "left"),
        ]
        lines = []
        for y in range(height):
            row: list[Segment] = []
            for n, (rows, room, style, align) in enumerate(parts):
                top = (height - len(rows)) // 2 if n < 3 else 0  # the digits centred top to bottom, the words on top
                if top <= y < top + len(rows):
                    row += fitted(rows[y - top], room, style, align)
                else:
                    row.append(Segment(" " * room, blank))
            lines.append(placed(row, width, blank))
        return lines
