"""The domain never imports Textual: the CLI, the screens and the tests share it, and it must stay light."""

import subprocess
import sys
from pathlib import Path

import kiosk

DOMAIN_MODULES = sorted(
    [f"kiosk.{path.stem}" for path in Path(kiosk.__file__).parent.glob("*.py")
     if path.stem not in ("__init__", "__main__", "app")]
    + ["kiosk.cli"] + [f"kiosk.cli.{path.stem}" for path in (Path(kiosk.__file__).parent / "cli").glob("*.py")
                       if path.stem != "__init__"]
)


def test_domain_modules_are_found():
    assert {"kiosk.store", "kiosk.queue", "kiosk.booking", "kiosk.cli"} <= set(DOMAIN_MODULES)


def test_domain_does_not_load_textual():
    script = "import sys\n" + "".join(f"import {name}\n" for name in DOMAIN_MODULES) + (
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
