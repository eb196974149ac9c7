"""The display board (`kiosk board`): the calls in large digits, the serving counters, recent calls, queues, open
or closed and the clock; bilingual; each new call announced in turn.

* :mod:`screens.board.screen`: the board screen and its announcement queue;
* :mod:`screens.board.digits`: the pixel font, the large-number widget, and large characters as rows of segments;
* :mod:`screens.board.drawn`: the widgets that draw their own lines, and the helpers they draw with;
* :mod:`screens.board.banner`: the call being announced, in large digits with its words;
* :mod:`screens.board.cells`: the counters' grid, a cell per counter;
* :mod:`screens.board.lines`: the recent calls and the queues, as lines drawn again one by one;
* :mod:`screens.board.voice`: its words in either language at once.
"""

from __future__ import annotations

from screens.board.banner import Banner
from screens.board.cells import CallCell, CallGrid
from screens.board.digits import BigNumber, glyph_height, glyph_width
from screens.board.lines import TextLines
from screens.board.screen import BoardScreen
from screens.board.voice import Voice

__all__ = [
    "Banner",
    "BigNumber",
    "BoardScreen",
    "CallCell",
    "CallGrid",
    "TextLines",
    "Voice",
    "glyph_height",
    "glyph_width",
]
