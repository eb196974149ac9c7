"""The message catalog: every sentence Hall Kiosk shows, in 简体中文 and English.

Messages are looked up by key and filled with ``str.format`` placeholders. A test checks that both languages
hold exactly the same keys and placeholders, so a missing translation fails CI rather than reaching a resident.
"""

from __future__ import annotations

import string
import unicodedata
from typing import Any

from kiosk.catalog import FEATURES
from kiosk.config import LANGUAGES as LANGUAGES  # noqa: F401  (re-exported: the languages the catalog must cover)


def _join() -> tuple[dict[str, str], dict[str, str]]:
    """One catalog per language from the feature modules (a key defined twice is a bug: refuse it)."""
    english: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for feature in FEATURES:
        for key, (en, zh) in feature.MESSAGES.items():
            if key in english:
                raise ValueError(f"message {key!r} is defined twice (in {feature.__name__})")
            english[key], chinese[key] = en, zh
    return english, chinese


#: The English and Chinese catalogs, joined from :mod:`kiosk.catalog`.
EN, ZH = _join()

CATALOG: dict[str, dict[str, str]] = {"en": EN, "zh-Hans": ZH}
#: Parameters whose values are terms of the catalog rather than text to show as given.
TERM_PARAMS = ("status", "current", "wanted", "kind")


class _Lenient(dict[str, Any]):
    """Leaves an unknown placeholder visible instead of failing: a message must never crash a screen."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(lang: str, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown), filled with ``params``.

    An unknown key is returned as itself, so a gap shows up plainly instead of raising.
    """
    messages = CATALOG.get(lang, EN)
    template = messages.get(key) or EN.get(key) or key
    for name in TERM_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and f"term.{value}" in messages:
            params[name] = messages[f"term.{value}"]
    return string.Formatter().vformat(template, (), _Lenient(params))


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses (for the catalog's completeness test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def terminal_cells(text: str) -> int:
    """How many columns ``text`` takes on a terminal: two for a wide (CJK) character, one for any other (what
    aligns the CLI's columns, fits the report's tables and boxes a slip's preview)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
