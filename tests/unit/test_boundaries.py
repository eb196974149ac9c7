"""The domain never loads Textual or Rich, and the command line loads Textual only to start a face.

Import-linter contracts in ``pyproject.toml`` (run by ``.ci/run``) forbid the imports; this test checks what is
actually *loaded*, which also catches an import smuggled in through a dependency. Run in a fresh interpreter.
"""

import subprocess
import sys
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).parent

#: Every module of the domain: all of ``kiosk`` but the CLI (its presentation) and ``__main__``.
DOMAIN_MODULES = sorted(
    "kiosk." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if "cli" not in path.relative_to(PACKAGE).parts and path.stem != "__main__"
)
CLI_MODULES = sorted(f"kiosk.cli.{path.stem}" for path in (PACKAGE / "cli").glob("*.py") if path.stem != "__init__")


def loaded_after_importing(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` that a fresh interpreter has loaded after importing ``modules``."""
    script = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + (f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))\n")
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


def test_domain_modules_are_found():
    assert {"kiosk.store", "kiosk.queue", "kiosk.booking", "kiosk.hall", "kiosk.catalog.queue"} <= set(DOMAIN_MODULES)
    assert "kiosk.app" not in DOMAIN_MODULES and not any(name.startswith("kiosk.cli") for name in DOMAIN_MODULES)


def test_the_domain_loads_neither_textual_nor_rich():
    assert loaded_after_importing(DOMAIN_MODULES, ("textual", "rich")) == []


def test_the_command_line_loads_textual_only_to_start_a_face():
    assert loaded_after_importing(["kiosk.cli", *CLI_MODULES], ("textual",)) == []
