"""Large digits for a wall screen: a pixel font drawn with half blocks at any scale, and the widget that shows a ticket or counter number in it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.align import Align, AlignMethod
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Digits

if TYPE_CHECKING:
    pass


#: The arrow in 3x3 form, like Textual's digits.
ARROW_3X3 = ("   ", "━━▶", "   ")

#: A 5x7 pixel font for large terminals, where Textual's 3x3 digits would look small: drawn with half blocks,
#: ``scale`` columns by ``scale`` half-rows per pixel (a terminal cell is about twice as tall as it is wide).
#: Zero is slashed so that it cannot be taken for the letter O.
FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
    ":": (".....", "..#..", "..#..", ".....", "..#..", "..#..", "....."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "→": (".....", "..#..", "...#.", "#####", "...#.", "..#..", "....."),
    " ": (".....", ".....", ".....", ".....", ".....", ".....", "....."),
}


FONT_ROWS = 7


#: Half blocks by (top pixel, bottom pixel).
HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def glyph_height(scale: int) -> int:
    """Rows a line of large characters takes at ``scale`` (0: Textual's 3x3 digits)."""
    return 3 if scale <= 0 else -(-FONT_ROWS * scale // 2)


def glyph_width(text: str, scale: int) -> int:
    """Columns ``text`` takes at ``scale``."""
    if scale <= 0 or not all(ch in FONT for ch in text):
        return sum(3 if ch in DIGITS or ch == "→" else len(ch) + 1 for ch in text)
    return max(0, len(text) * 6 * scale - scale)  # a one-pixel gap between characters


class _Glyphs:
    """Large characters: Textual's 3x3 digits at scale 0 (a character without a 3x3 form is drawn bold on the
    middle row, rather than small on the bottom one), or :data:`FONT` at scale 1 and up."""

    def __init__(self, text: str, style: Style, scale: int = 0) -> None:
        self.text = text
        self.style = style
        self.scale = scale if all(ch in FONT for ch in text) else 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._pixels() if self.scale > 0 else self._small()
        for line in lines:
            yield from line
            yield Segment.line()

    def _small(self) -> list[list[Segment]]:
        glyphs = DIGITS3X3_BOLD if self.style.bold else DIGITS3X3
        rows: list[list[Segment]] = [[], [], []]
        for ch in self.text:
            if ch in DIGITS:
                at = DIGITS.index(ch) * 3
                for row in range(3):
                    rows[row].append(Segment(glyphs[at + row].ljust(3), self.style))
            elif ch == "→":
                for row in range(3):
                    rows[row].append(Segment(ARROW_3X3[row], self.style))
            else:
                blank = Segment(" " * (len(ch) + 1), self.style)
                rows[0].append(blank)
                rows[1].append(Segment(ch + " ", self.style + Style(bold=True)))
                rows[2].append(blank)
        return rows

    def _pixels(self) -> list[list[Segment]]:
        return [[Segment(line, self.style)] for line in pixel_lines(self.text, self.scale)]


def glyph_rows(text: str, scale: int, style: Style) -> list[list[Segment]]:
    """The rows of ``text`` in large characters at ``scale``, as :class:`BigNumber` draws them: one list of segments
    per row, :func:`glyph_height` rows (``glyph_width`` columns each)."""
    glyphs = _Glyphs(text, style, scale)
    return glyphs._pixels() if glyphs.scale > 0 else glyphs._small()


@lru_cache(maxsize=256)
def pixel_lines(text: str, scale: int) -> tuple[str, ...]:
    """The rows of half blocks that draw ``text`` in :data:`FONT` at ``scale`` (cached: a board draws the same
    few numbers again and again, each blink of a call included)."""
    bitmap: list[list[bool]] = []
    for row in range(FONT_ROWS):
        pixels: list[bool] = []
        for index, ch in enumerate(text):
            if index:
                pixels.extend([False] * scale)
            for bit in FONT[ch][row]:
                pixels.extend([bit == "#"] * scale)
        bitmap.extend([pixels] * scale)
    if len(bitmap) % 2:
        bitmap.append([False] * len(bitmap[0]))
    return tuple(
        "".join(HALF[top, bottom] for top, bottom in zip(bitmap[y], bitmap[y + 1])) for y in range(0, len(bitmap), 2)
    )


#: Drawings of large characters as lines on screen, shared by every :class:`BigNumber` (a few numbers at a few
#: sizes and colours; the oldest go first).
_DRAWINGS: dict[tuple[Any, ...], list[Strip]] = {}
_DRAWINGS_KEPT = 64


class BigNumber(Digits):
    """A ticket number or a counter id in large characters, whatever its characters; :attr:`scale` 0 uses
    Textual's 3x3 digits, 1 and up the larger :data:`FONT` (set by the board from the terminal's size)."""

    def __init__(self, value: str = "", *, scale: int = 0, id: str | None = None, classes: str | None = None) -> None:
        self._drawing: list[Strip] | None = None
        super().__init__(value, id=id, classes=classes)
        self.scale = scale

    def render(self) -> Any:
        """The glyphs, aligned as the CSS says."""
        align = self.styles.text_align
        method: AlignMethod = align if align in ("left", "center", "right") else "left"  # type: ignore[assignment]
        return Align(_Glyphs(self.value, self.rich_style, self.scale), method, self.rich_style)

    def render_line(self, y: int) -> Strip:
        """One line of the glyphs, from a cache of whole drawings by text, scale, size, colours and alignment:
        a call's number is drawn once, and again only when it changes (a blink swaps the colours between two
        drawings kept here, instead of laying the glyphs out afresh each time)."""
        if self._dirty_regions or self._drawing is None:
            width, height = self.size
            style = self.visual_style
            key = (self.value, self.scale, width, height, style, self.styles.text_align)
            drawing = _DRAWINGS.get(key)
            if drawing is None:
                drawing = Visual.to_strips(self, self._render(), width, height, style)
                if len(_DRAWINGS) >= _DRAWINGS_KEPT:
                    _DRAWINGS.pop(next(iter(_DRAWINGS)))
                _DRAWINGS[key] = drawing
            self._drawing = drawing
            self._dirty_regions.clear()
        try:
            return self._drawing[y]
        except IndexError:
            return Strip.blank(self.size.width, self.visual_style.rich_style)

    def refresh(self, *regions: Any, **kwargs: Any) -> Any:
        """Textual's, and the next line drawn looks its drawing up again."""
        self._drawing = None
        return super().refresh(*regions, **kwargs)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        """The width of the glyphs."""
        return glyph_width(self.value, self.scale)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """The height of the glyphs."""
        return glyph_height(self.scale if all(ch in FONT for ch in self.value) else 0)

    def update(self, value: str) -> None:
        """Show ``value``; the screen is laid out again only when the glyphs' size changes (A001 to A002 is the
        same size: only this widget is drawn again), and not for a width the board fixed."""
        if value != self.value:
            size = (self._glyph_size(self.value), self._glyph_size(value))
            # Not Digits.update: it lays the screen out whenever the number of characters changes (an empty serving
            # cell given a number, 09:00 giving way to A001), whatever the size on screen.
            self._value = value
            # A width the board fixed (a serving cell's) stays what it is, whatever the glyphs.
            resized = size[0][1] != size[1][1] or (
                size[0][0] != size[1][0] and (self.styles.width is None or self.styles.width.is_auto)
            )
            self.refresh(layout=resized)

    def _glyph_size(self, value: str) -> tuple[int, int]:
        return glyph_width(value, self.scale), glyph_height(self.scale if all(ch in FONT for ch in value) else 0)

    def set_scale(self, scale: int) -> None:
        """Draw at ``scale`` from now on."""
        if scale != self.scale:
            self.scale = scale
            self.refresh(layout=True)
