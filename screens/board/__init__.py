"""The display board (`kiosk board`): the calls in large digits, the serving counters, recent calls, queues, open
or closed and the clock; bilingual; each new call announced in turn.

* :mod:`screens.board.screen`: the board screen and its announcement queue;
* :mod:`screens.board.digits`: the pixel font and the large-number widget;
* :mod:`screens.board.cells`: the serving counters' grid;
* :mod:`screens.board.voice`: its words in either language at once.
"""

from __future__ import annotations

from screens.board.cells import CallCell, CallGrid
from screens.board.digits import BigNumber, glyph_height, glyph_width
from screens.board.screen import BoardScreen
from screens.board.voice import Voice

__all__ = ["BigNumber", "BoardScreen", "CallCell", "CallGrid", "Voice", "glyph_height", "glyph_width"]
