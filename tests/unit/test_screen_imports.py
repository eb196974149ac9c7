"""Screens reach the domain only through the facade: no screen imports a rule module.

The screens collect input, make one call on :class:`kiosk.hall.Hall` and show the result (STYLE.md, "Domain
first, UI thin"). This test parses every module under ``screens/`` with :mod:`ast`, at the top level and inside
functions, classes and ``if TYPE_CHECKING:`` blocks alike, and fails on any import of a ``kiosk`` module outside
the allowed list below. (Import-linter contracts may say the same in CI later; this keeps it true meanwhile.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCREENS = Path(__file__).resolve().parents[2] / "screens"

#: The kiosk modules a screen may import, and why.
ALLOWED = {
    "kiosk.hall": "the facade: every action and read model",
    "kiosk.records": "the types of the records and read models the facade returns (TypedDicts: no rule in them)",
    "kiosk.errors": "the refusals the facade raises, to show them beside their field",
    "kiosk.config": "the typed config (services, categories, counters, texts) the screens label choices with",
    "kiosk.terminals": "the typed terminal profile (kiosk.toml [[terminals]]) a face starts with: no rule in it",
    "kiosk.ui_contract": "the constants and display helpers the facade exposes for the UI",
    "kiosk.i18n": "the message catalog",
    "kiosk.clock": "the clock type the app factory takes (the tests give it a fixed one)",
}
#: Allowed only for type annotations (inside ``if TYPE_CHECKING:``).
TYPING_ONLY = {
    "kiosk.store": "the store type the app factory takes",
    "kiosk.voice": "the announcer and spoken-call types Hall.announcer returns (a board with speakers)",
}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def kiosk_imports(source: str) -> list[tuple[int, str, bool]]:
    """Every import of a ``kiosk`` module in ``source``, wherever it sits: ``(line, module, typing_only)``.
    ``from kiosk import queue`` names ``kiosk.queue``; ``import kiosk`` names ``kiosk`` itself."""
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, typing_only)
            return
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name, typing_only)
                for alias in node.names
                if alias.name == "kiosk" or alias.name.startswith("kiosk.")
            )
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            if node.module == "kiosk":
                found.extend((node.lineno, f"kiosk.{alias.name}", typing_only) for alias in node.names)
            elif node.module.startswith("kiosk."):
                found.append((node.lineno, node.module, typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(source), False)
    return found


def violations(source: str) -> list[str]:
    """The imports in ``source`` that break the rule, as ``line: module``."""
    bad = []
    for line, module, typing_only in kiosk_imports(source):
        if module in ALLOWED or (typing_only and module in TYPING_ONLY):
            continue
        bad.append(f"{line}: {module}" + (" (outside TYPE_CHECKING)" if module in TYPING_ONLY else ""))
    return bad


SCREEN_FILES = sorted(SCREENS.rglob("*.py"))


def test_screen_modules_are_found() -> None:
    names = {path.name for path in SCREEN_FILES}
    assert {"app.py", "counter.py", "rate.py", "request.py", "booking.py", "words.py", "screen.py"} <= names


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(SCREENS)))
def test_screens_import_only_the_facade_and_its_contract(path: Path) -> None:
    bad = violations(path.read_text(encoding="utf-8"))
    assert not bad, f"{path.relative_to(SCREENS.parent)} imports rule modules: {', '.join(bad)}"


def test_the_check_sees_imports_everywhere() -> None:
    source = (
        "from kiosk import queue, hall\n"
        "import kiosk.validation as v\n"
        "from kiosk.errors import KioskError\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from kiosk.store import Store\n"
        "    from kiosk.queue import Ticket\n"
        "class S:\n"
        "    def f(self):\n"
        "        from kiosk.ratings import LEVELS\n"
        "        def g():\n"
        "            from kiosk.store import Store\n"
    )
    assert violations(source) == [
        "1: kiosk.queue",
        "2: kiosk.validation",
        "7: kiosk.queue",
        "10: kiosk.ratings",
        "12: kiosk.store (outside TYPE_CHECKING)",
    ]
