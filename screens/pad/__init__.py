"""The counter's rating pad (评价器, ``kiosk pad --counter N``): a small screen facing the resident across the
counter that asks them to rate the service they just had.

* :mod:`screens.pad.screen`: the pad screen (idle, the question, the reasons for a poor rating, the indicators,
  the thanks) and its stylesheet ``pad.tcss``.
"""

from __future__ import annotations

from screens.pad.screen import PadScreen

__all__ = ["PadScreen"]
