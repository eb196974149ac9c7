"""The message catalog: both languages complete, every key the code raises present, translate never raising."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.errors import InvalidInput, NotFound, Refused

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
ERRORS = {"Refused", "NotFound", "InvalidInput", "StoreError"}
#: Keywords of KioskError that are not message parameters.
NOT_PARAMS = {"field", "data"}


@dataclass(frozen=True)
class Raise:
    """One ``Refused("key", ...)``-style construction found in the source."""

    where: str
    key: str
    params: frozenset[str] | None  # None when the call passes **kwargs, so its parameters are unknown


def _keys(node: ast.expr) -> list[str]:
    """The message keys a first argument can evaluate to: a literal, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def _assigned_keys(tree: ast.AST) -> dict[str, list[str]]:
    """``key = "a" if c else "b"`` assignments, for raises that pass a variable."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            keys = _keys(node.value)
            if keys and all("." in key for key in keys):
                found.setdefault(node.targets[0].id, []).extend(keys)
    return found


def raised() -> list[Raise]:
    found = []
    for path in sorted(KIOSK.rglob("*.py")):  # the CLI package too
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        variables = _assigned_keys(tree)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS and node.args
            ):
                continue
            first = node.args[0]
            keys = _keys(first) or (variables.get(first.id, []) if isinstance(first, ast.Name) else [])
            assert keys, f"{path.name}:{node.lineno}: cannot tell which message key {node.func.id} raises"
            spread = any(kw.arg is None for kw in node.keywords)
            params = None if spread else frozenset(kw.arg for kw in node.keywords if kw.arg not in NOT_PARAMS)
            found += [Raise(f"{path.name}:{node.lineno}", key, params) for key in keys]
    return found


RAISED = raised()


def test_the_source_scan_finds_the_raises() -> None:
    keys = {r.key for r in RAISED}
    # A sample from several modules, including keys passed through a variable: the scan itself works.
    assert {
        "booking.slot_full",
        "ticket.closed",
        "checkin.wrong_day_future",
        "checkin.wrong_day_past",
        "rating.already",
        "request.bad_transition",
        "input.phone_invalid",
        "store.busy",
    } <= keys


def test_both_languages_have_the_same_keys() -> None:
    assert set(i18n.EN) - set(i18n.ZH) == set()
    assert set(i18n.ZH) - set(i18n.EN) == set()
    assert set(i18n.CATALOG) == set(i18n.LANGUAGES)


@pytest.mark.parametrize("key", sorted(i18n.EN))
def test_both_languages_use_the_same_placeholders(key: str) -> None:
    assert i18n.placeholders(i18n.EN[key]) == i18n.placeholders(i18n.ZH[key])
    assert i18n.EN[key].strip() and i18n.ZH[key].strip()


@pytest.mark.parametrize("raise_", RAISED, ids=lambda r: f"{r.where}:{r.key}")
def test_every_raised_key_is_in_the_catalog_with_its_parameters(raise_: Raise) -> None:
    assert raise_.key in i18n.EN, f"{raise_.where} raises {raise_.key!r}, which the catalog lacks"
    if raise_.params is not None:
        missing = i18n.placeholders(i18n.EN[raise_.key]) - raise_.params
        assert not missing, f"{raise_.where} raises {raise_.key!r} without {sorted(missing)}"


def test_translate_fills_parameters_in_both_languages() -> None:
    assert i18n.translate("en", "booking.too_soon", minutes=30) == (
        "Appointments must be booked at least 30 minutes ahead."
    )
    assert i18n.translate("zh-Hans", "booking.too_soon", minutes=30) == "请至少提前 30 分钟预约。"


def test_translate_never_raises_on_a_missing_parameter() -> None:
    assert i18n.translate("en", "counter.busy", counter="3") == (
        "Counter 3 is still serving {number}: finish, transfer or mark a no-show first."
    )
    assert "{opens}" in i18n.translate("zh-Hans", "ticket.closed")


def test_translate_ignores_extra_parameters_and_falls_back() -> None:
    assert i18n.translate("en", "rating.already", unused=1) == i18n.EN["rating.already"]
    assert i18n.translate("fr", "rating.already") == i18n.EN["rating.already"]  # unknown language: English
    assert i18n.translate("en", "no.such.key") == "no.such.key"  # unknown key: shown as itself


def test_errors_render_their_message_in_either_language() -> None:
    error = Refused("checkin.too_early", opens="09:30", time="10:00")
    assert (
        error.message("en")
        == str(error)
        == ("Too early to check in: check-in opens at 09:30 for your 10:00 appointment.")
    )
    assert "09:30" in error.message("zh-Hans") and "10:00" in error.message("zh-Hans")
    assert NotFound("appointment.not_found").message("zh-Hans") == i18n.ZH["appointment.not_found"]
    assert InvalidInput("input.too_long", limit=30).message("zh-Hans") == "内容过长：最多 30 个字。"


def test_every_audit_action_has_a_name_in_both_languages():
    """``kiosk audit`` names each entry's action from the catalog (a missing key printed ``audit.action_reprint``)."""
    from kiosk import audit

    for action in audit.ACTIONS:
        for lang in ("en", "zh-Hans"):
            name = i18n.translate(lang, f"audit.action_{action}")
            assert name and not name.startswith("audit."), (lang, action)
    assert i18n.translate("en", "audit.action_reprint") == "slip reprinted"
    assert i18n.translate("zh-Hans", "audit.action_reprint") == "补打凭条"


#: The sentences a printer fault's reason is slotted into, with the other words they take.
FAULT_MESSAGES = {
    "print.console_fault": {"terminal": "K1", "time": "09:40"},
    "print.check_fault": {"terminal": "K1", "where": "network 10.0.0.9:9100", "time": "2026-11-23 09:40", "detail": ""},
    "print.failed": {"terminal": "K1", "code": "AQ46-WYFT"},
}


@pytest.mark.parametrize("message", sorted(FAULT_MESSAGES))
@pytest.mark.parametrize("reason", ["unreachable", "no_answer", "out_of_paper", "not_installed", "error"])
def test_every_printer_fault_reads_as_a_sentence_in_each_message(message, reason):
    """The reason carries its verb ("is out of paper", "cannot be reached", "does not answer"), so no message has a
    grammar hole where it goes ("The printer of K1 out of paper")."""
    from kiosk.printing import REASONS

    assert reason in REASONS
    params = FAULT_MESSAGES[message]
    english = i18n.translate("en", message, reason=i18n.translate("en", f"print.fault.{reason}"), **params)
    assert re.search(r"[Pp]rinter of (terminal )?K1 (\([^)]*\) )?(is|cannot|does|has) ", english), english
    assert "{" not in english and "  " not in english
    chinese = i18n.translate("zh-Hans", message, reason=i18n.translate("zh-Hans", f"print.fault.{reason}"), **params)
    reason_zh = i18n.translate("zh-Hans", f"print.fault.{reason}")
    assert "的打印机" in chinese and reason_zh in chinese and "{" not in chinese
    assert re.search(r"[A-Za-z]", reason_zh.split("（")[0]) is None  # the Chinese reason is worded in Chinese
    if message == "print.console_fault":
        assert english.endswith("(since 09:40)") and chinese.endswith("（自 09:40 起）")


def test_out_of_paper_in_english_exactly():
    reason = i18n.translate("en", "print.fault.out_of_paper")
    assert (
        i18n.translate("en", "print.console_fault", terminal="K1", reason=reason, time="09:40")
        == "The printer of K1 is out of paper (since 09:40)"
    )
    assert (
        i18n.translate("en", "print.failed", terminal="K1", reason=reason, code="AQ46-WYFT")
        == "The printer of K1 is out of paper: the slip of AQ46-WYFT was not printed."
    )
