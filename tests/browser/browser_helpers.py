"""Helpers of the real-browser tests of ``kiosk serve`` (see conftest.py): the server runs as its own process on a training copy of a hall, and
headless Chromium, driven by Debian's ``chromium-driver`` through selenium, opens its pages.

The terminal's text is read from the page itself (xterm.js's buffer, through the terminal object the page script
keeps), not from a screenshot. Every wait polls with a deadline; nothing sleeps a fixed time.

Screenshots of each face at a portrait kiosk size (1080x1920) and a landscape one (1920x1080) are saved under
``$KIOSK_SCREENSHOTS`` (default: a temporary folder, printed) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: The training clock of the served hall: a Monday morning, the hall open for walk-ins.
NOW = "2026-11-23T09:30"

#: The terminal's text, line by line, from the page (empty until the terminal exists).
SCREEN_TEXT = """
const element = document.getElementById('terminal');
const terminal = element && element.textualTerminal;
if (!terminal) { return ''; }
const buffer = terminal.terminal.buffer.active;
const lines = [];
for (let i = 0; i < buffer.length; i++) { lines.push(buffer.getLine(i).translateToString(true)); }
return lines.join('\\n');
"""


def wait_for(check: Callable[[], Any], timeout: float = 30.0, what: str = "the page") -> Any:
    """Poll ``check`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    pytest.fail(f"{what}: not seen within {timeout} s (last: {str(last)[:500]!r})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def outside_address() -> str | None:
    """An address of this machine that is not loopback (what another device on the network looks like to the
    server when a browser here connects to it), or None when the machine has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else str(address)


def kiosk(*args: str, data: Path, config: Path, now: str | None = NOW) -> str:
    """Run the kiosk CLI on the served hall; its stdout (fails the test on a non-zero exit)."""
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "--data", str(data)]
    if now:
        command += ["--now", now]
    done = subprocess.run([*command, *args], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


class Served:
    """A ``kiosk serve`` process on a training hall of its own."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        allow: dict[str, str] | None = None,
        sound: tuple[str, ...] = (),
        printers: dict[str, int] | None = None,
    ) -> None:
        self.folder = folder
        self.data = folder / "hall.json"
        self.config = folder / "kiosk.toml"
        text = (REPO / "kiosk.toml").read_text(encoding="utf-8")
        for terminal, address in (allow or {}).items():
            marker = f'id = "{terminal}"\n'
            assert marker in text
            text = text.replace(marker, f'{marker}allow = ["{address}"]\n', 1)
        for terminal, port in (printers or {}).items():
            marker = f'id = "{terminal}"\n'
            printer = f'printer = {{ connection = "network", host = "127.0.0.1", port = {port} }}\n'
            text = text.replace(marker, marker + printer, 1)
        for terminal in sound:
            marker = f'id = "{terminal}"\n'
            text = text.replace(marker, f"{marker}sound = {{ enabled = true }}\n", 1)
        self.config.write_text(text, encoding="utf-8")  # --data names the hall's file on every command
        kiosk("demo", "--days", "1", data=self.data, config=self.config)
        self.port = free_port()
        self.host = host
        self.log = open(folder / "serve.log", "w+b")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(self.config), "--data", str(self.data), "--now", NOW]
            + ["serve", "--host", host, "--port", str(self.port)],
            cwd=REPO,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._listening, 30, "kiosk serve listening")

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            self.log.seek(0)
            pytest.fail(f"kiosk serve ended: {self.log.read().decode(errors='replace')[-2000:]}")
        with socket.socket() as probe:
            return probe.connect_ex((self.host, self.port)) == 0

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def cli(self, *args: str) -> str:
        """The CLI on the served hall, at the served clock's start (the CLI's clock does not run between calls)."""
        return kiosk(*args, data=self.data, config=self.config, now=None if "--now" in args else NOW)

    def faces(self, terminal: str) -> list[int]:
        """The process ids of the faces started for ``terminal``."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    argv = (entry / "cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                if b"--terminal" in argv and terminal.encode() in argv and b"serve" not in argv:
                    found.append(int(entry.name))
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Page:
    """One headless Chromium window on a page of the server."""

    def __init__(self, width: int = 1280, height: int = 800) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        options = Options()
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--window-size={width},{height}",
            "--autoplay-policy=no-user-gesture-required",
        ):
            options.add_argument(argument)
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary:
            options.binary_location = binary
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))

    def open(self, url: str) -> Page:
        self.driver.get(url)
        return self

    def text(self) -> str:
        return str(self.driver.execute_script(SCREEN_TEXT) or "")

    def wait_text(self, wanted: str, timeout: float = 30.0) -> str:
        seen = [""]

        def check() -> str | None:
            seen[0] = self.text()
            return seen[0] if wanted in seen[0] else None

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := check():
                return found
            time.sleep(0.1)
        shown = "\n".join(line.rstrip() for line in seen[0].splitlines() if line.strip())
        pytest.fail(f"{wanted!r} not on the page within {timeout} s; it shows:\n{shown[:3000]}")

    def keys(self, keys: str) -> None:
        """Type into the terminal, as a keyboard would."""
        from selenium.webdriver.common.action_chains import ActionChains

        # xterm.js reads the keyboard through its hidden textarea: focus the terminal (as a tap on the screen
        # does), then type.
        self.driver.execute_script("document.getElementById('terminal').textualTerminal.terminal.focus();")
        ActionChains(self.driver).send_keys(keys).perform()

    def notice(self) -> str:
        """The page's own notice (taken over, reconnecting), empty when none is shown."""
        return str(
            self.driver.execute_script(
                "return document.body.classList.contains('-notice') ? "
                "document.getElementById('notice-text').textContent : '';"
            )
        )

    def screenshot(self, name: str) -> Path:
        folder = Path(os.environ.get("KIOSK_SCREENSHOTS") or Path(tempfile.gettempdir()) / "kiosk-screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def close(self) -> None:
        """Close the window (once; again does nothing)."""
        if self.driver is not None:
            self.driver.quit()
            self.driver = None
