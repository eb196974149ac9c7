"""Every word a screen shows comes from the catalog, complete in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kiosk import outbox
from kiosk.config import NOTIFY_EVENTS
from kiosk.i18n import EN, ZH
from kiosk.requests import DAYTIME_VISIT, EVENING_VISIT, STATUSES, WEEKEND_VISIT
from screens.resident.home import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "screens").rglob("*.py"))  # every face, the app included
FAMILIES = {key.split(".")[0] for key in EN}


def literal_keys() -> set[str]:
    """String literals in the screens that look like catalog keys (a known family, dotted)."""
    found = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Pieces of f-strings are keys built from data, checked by built_keys() where they are the kiosk's.
        pieces = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces:
                text = node.value
                if text.endswith((".tcss", ".py", ".json", ".toml")):
                    continue  # file names, not messages
                if "." in text and " " not in text and text.split(".")[0] in FAMILIES and text[-1] != ".":
                    found.add(text)
    return found


def built_keys() -> set[str]:
    """The keys screens build from data (f-strings)."""
    events = {
        "issued",
        "called",
        "recalled",
        "no_show",
        "finished",
        "transferred",
        "expired",
        "booked",
        "cancelled",
        "rescheduled",
        "checked_in",
        "attended",
        "note",
        *STATUSES,
    }
    return (
        {f"ui.weekday.{n}" for n in range(1, 8)}
        | {f"ui.month.{n}" for n in range(1, 13)}
        | {f"home.{a}" for a in ACTIONS}
        | {f"home.{a}.detail" for a in ACTIONS}
        | {f"event.{e}" for e in events}
        | {f"request.kind.{k}" for k in (EVENING_VISIT, WEEKEND_VISIT, DAYTIME_VISIT)}
        | {f"book.part.{p}" for p in ("morning", "afternoon", "evening")}
        | {
            f"term.{s}"
            for s in (
                *STATUSES,
                "waiting",
                "called",
                "done",
                "no_show",
                "expired",
                "booked",
                "checked_in",
                "attended",
                "cancelled",
                "ticket",
                "appointment",
                "request",
            )
        }
        | {f"staff_prompt.mode.{m}" for m in ("staff", "board", "kiosk")}
        # the text log: what a text is about, its status, and why it was not sent (kiosk.outbox's own reasons)
        | {f"notify.event.{e}" for e in NOTIFY_EVENTS}
        | {f"notify.status.{s}" for s in outbox.STATUSES}
        | {
            f"console.msg.reason.{r}"
            for r in (
                outbox.OPTED_OUT,
                outbox.CAP,
                outbox.QUIET,
                outbox.STOPPED,
                outbox.STALE,
                outbox.EXPIRED,
                outbox.NOT_MOBILE,
                outbox.INTERRUPTED,
            )
        }
        | {"event.visit"}
    )


def test_the_scan_finds_the_screens_keys():
    keys = literal_keys()
    assert {"home.open", "book.slot_gone", "ui.one_moment", "key.back"} <= keys
    assert len(keys) > 100


@pytest.mark.parametrize("key", sorted(literal_keys() | built_keys()))
def test_every_screen_key_is_in_both_languages(key):
    assert key in EN, f"{key} missing in English"
    assert key in ZH, f"{key} missing in Chinese"
    assert EN[key].strip() and ZH[key].strip()
