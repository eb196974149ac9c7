"""The board speaking one language: the words of a call and of the hall's state in either language at once, through the app's own translation helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.config import Text as ConfigText

if TYPE_CHECKING:
    from kiosk.config import HallConfig
    from kiosk.hall import Hall
    from screens.app import HallApp


@dataclass(frozen=True)
class Voice:
    """The app speaking one language: what :mod:`screens.words` helpers need (``t``, ``word``, ``hall``,
    ``config``), so the board can say the same thing in both languages at once without switching the app's. The
    words are the app's own (:meth:`HallApp.t_in`, :meth:`HallApp.word_in`), in this voice's language."""

    app: HallApp
    lang: str

    @property
    def hall(self) -> Hall:
        """The hall (for "today" and "tomorrow")."""
        return self.app.hall

    @property
    def config(self) -> HallConfig:
        """The hall's config (for its timezone)."""
        return self.app.config

    def t(self, key: str, **params: Any) -> str:
        """The catalog message ``key`` in this language."""
        return self.app.t_in(self.lang, key, **params)

    def word(self, text: ConfigText | dict[str, str] | None) -> str:
        """A bilingual config or data text in this language."""
        return self.app.word_in(self.lang, text)
