"""The name of a service, counter or request category in one language, for every place that prints one."""

from __future__ import annotations

from kiosk.config import HallConfig
from kiosk.requests import category_name


def name_of(config: HallConfig, lang: str, kind: str, ident: str | None) -> str:
    """``kind`` is "service", "counter" or "category"; the id itself when the config no longer knows it (an
    archived record may name a service since removed), "" for None."""
    if ident is None:
        return ""
    try:
        if kind == "service":
            return config.service(ident).name.get(lang)
        if kind == "counter":
            return config.counter(ident).name.get(lang)
        return category_name(config, ident).get(lang)
    except KeyError:
        return ident
