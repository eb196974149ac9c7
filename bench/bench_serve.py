"""What ``kiosk serve`` costs a hall's server, and how fast a key in a page reaches the screen.

A training hall (``kiosk demo --days 1``) with a hall's worth of terminal profiles (4 kiosks, 6 counter consoles
and a board) is served by ``kiosk serve`` on 127.0.0.1. Each terminal is connected the way its browser page is
(textual-serve's websocket protocol: ``stdin``, ``resize`` and ``ping`` messages in, terminal output out), by a
client in this script rather than 11 Chromium windows, so that the figures are the server's: the server process
and the 11 face processes it starts, summed from ``/proc`` (resident memory; CPU time over the measuring window).

1. Start-up: every page connects; the time until each face's first screen.
2. Steady state, for ``--seconds`` (default 60): the CLI issues, calls and finishes tickets at about 3 commits a
   second, as a busy hall does; the server's and faces' CPU over the window, as a share of one core.
3. Key to screen: on one kiosk page, ``1`` (home -> the services) and Escape (back home), ``--keys`` times each;
   the time from sending the key until the first terminal output that follows it (the face's redraw).

Baseline in the same run: a bare Textual app served the same way (one process), for the start-up and the memory of
one face.

Run: ``python bench/bench_serve.py [--seconds 60] [--keys 40]`` (needs the ``serve`` extra). Prints tables; not a
test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, print_table, summary

NOW = "2026-11-23T09:30"
KIOSKS, CONSOLES = ("K1", "K2", "K3", "K4"), ("C1", "C2", "C3", "C4", "C5", "C6")
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def hall_config(folder: Path) -> Path:
    """The bundled kiosk.toml with the benchmark's terminals in place of its own."""
    text = (REPO / "kiosk.toml").read_text(encoding="utf-8")
    text = text[: text.index("[[terminals]]")]
    for kiosk in KIOSKS:
        text += f'[[terminals]]\nid = "{kiosk}"\nmode = "kiosk"\n\n'
    for n, console in enumerate(CONSOLES, start=1):
        text += f'[[terminals]]\nid = "{console}"\nmode = "staff"\ncounter = "{n}"\n\n'
    text += '[[terminals]]\nid = "HALL"\nmode = "board"\n'
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def usage(pids: list[int]) -> tuple[float, float]:
    """CPU seconds used so far and resident MB now, summed over ``pids``."""
    cpu = rss = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / TICK
        rss += int(fields[21]) * PAGE / 1e6
    return cpu, rss


class Page:
    """One terminal connected as its browser page is."""

    def __init__(self, terminal: str) -> None:
        self.terminal = terminal
        self.first_output: float | None = None
        self.output_at: list[float] = []
        self.websocket = None

    async def connect(self, session, port: int) -> None:
        self.websocket = await session.ws_connect(f"http://127.0.0.1:{port}/t/{self.terminal}/ws?width=120&height=36")
        await self.websocket.send_str(json.dumps(["resize", {"width": 120, "height": 36}]))
        asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            now = time.perf_counter()
            if self.first_output is None:
                self.first_output = now
            self.output_at.append(now)

    async def key(self, key: str) -> float:
        """Send ``key``; the seconds until the next output."""
        count = len(self.output_at)
        sent = time.perf_counter()
        await self.websocket.send_str(json.dumps(["stdin", key]))
        while len(self.output_at) == count:
            await asyncio.sleep(0.001)
        return self.output_at[count] - sent


def open_hall(config: Path, data: Path):  # noqa: ANN201  (kiosk.hall.Hall)
    """The served hall, opened in this process on a clock running from the benchmark's morning."""
    from kiosk.clock import RunningClock
    from kiosk.config import load_config
    from kiosk.hall import Hall
    from kiosk.validation import instant

    cfg = load_config(config)
    return Hall.open(cfg, clock=RunningClock(instant(NOW, cfg.timezone), cfg.timezone), data_path=str(data))


def cli(config: Path, data: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--data", str(data), "--now", NOW, *args],
        cwd=REPO,
        capture_output=True,
        check=False,
    )


async def measure(config: Path, data: Path, seconds: float, keys: int) -> dict[str, object]:
    import aiohttp

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--data", str(data), "--now", NOW]
        + ["serve", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            await asyncio.sleep(0.05)
        base_cpu, base_rss = usage(tree(server.pid))
        pages = [Page(t) for t in (*KIOSKS, *CONSOLES, "HALL")]
        async with aiohttp.ClientSession() as session:
            began = time.perf_counter()
            for page in pages:
                await page.connect(session, port)
            while any(p.first_output is None for p in pages):
                await asyncio.sleep(0.01)
            # Settled: every face drew its first screen; give the last ones their first full frame.
            first = sorted(p.first_output - began for p in pages)
            await asyncio.sleep(3)
            pids = tree(server.pid)
            cpu0, rss = usage(pids)
            window = time.perf_counter()
            commits = 0
            hall = open_hall(config, data)
            hall.set_counter("1", "open", staff="s01")
            while time.perf_counter() - window < seconds:
                tick = time.perf_counter()
                # Another process of the hall (a console, the CLI) writes: the served faces follow the journal.
                await asyncio.to_thread(hall.issue_ticket, "social-security")
                await asyncio.to_thread(hall.call_next, "1", staff="s01")
                await asyncio.to_thread(hall.finish, "1", staff="s01")
                commits += 3
                await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))
            elapsed = time.perf_counter() - window
            cpu1, _ = usage(tree(server.pid))
            kiosk = pages[0]
            timings: list[float] = []
            for _ in range(keys):
                timings.append(await kiosk.key("1"))
                await asyncio.sleep(0.3)
                timings.append(await kiosk.key("\x1b"))
                await asyncio.sleep(0.3)
            for page in pages:
                await page.websocket.close()
        return {
            "processes": len(pids),
            "rss_mb": rss,
            "server_rss_mb": base_rss,
            "cpu_share": (cpu1 - cpu0) / elapsed,
            "commits_per_second": commits / elapsed,
            "first_screen": summary(first),
            "last_first_screen_s": first[-1],
            "key": summary(timings),
            "keys": len(timings),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


async def bare_textual(runs: int = 5) -> tuple[tuple[float, float], float]:
    """The baseline: a bare Textual app (``App().run()``) started through the same driver, ``runs`` times; the
    start to first screen (median, p90 ms) and its resident memory once drawn (MB)."""
    from textual_serve.app_service import AppService
    from textual_serve.download_manager import DownloadManager

    command = f"{sys.executable} -c 'from textual.app import App; App().run()'"
    times, memory = [], []
    for _ in range(runs):
        drawn = asyncio.Event()

        async def output(_data: object, drawn: asyncio.Event = drawn) -> None:
            drawn.set()

        async def closed() -> None:
            return None

        service = AppService(
            command, write_bytes=output, write_str=output, close=closed, download_manager=DownloadManager()
        )
        began = time.perf_counter()
        await service.start(120, 36)
        await drawn.wait()
        times.append(time.perf_counter() - began)
        await asyncio.sleep(1)
        assert service._process is not None
        memory.append(usage(tree(service._process.pid))[1])
        await service.stop()
    return summary(times), sorted(memory)[len(memory) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        config = hall_config(folder)
        data = folder / "hall.json"
        cli(config, data, "demo", "--days", "1")
        result = asyncio.run(measure(config, data, args.seconds, args.keys))
        (bare_median, bare_p90), bare_rss = asyncio.run(bare_textual())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    first_median, first_p90 = result["first_screen"]  # type: ignore[misc]
    key_median, key_p90 = result["key"]  # type: ignore[misc]
    print_table(
        "kiosk serve with 4 kiosks, 6 consoles and a board connected",
        ["measure", "value"],
        [
            ["processes (server + faces)", result["processes"]],
            ["resident memory, all, MB", f"{result['rss_mb']:.0f}"],
            ["resident memory, server alone before any page, MB", f"{result['server_rss_mb']:.0f}"],
            ["CPU, share of one core, at ~3 commits/s", f"{result['cpu_share'] * 100:.1f} %"],
            ["commits per second", f"{result['commits_per_second']:.2f}"],
            ["page connect to first screen, median / p90 ms", f"{first_median:.0f} / {first_p90:.0f}"],
            ["all 11 faces up after, s", f"{result['last_first_screen_s']:.1f}"],
            [f"key to screen change, median / p90 ms ({result['keys']} keys)", f"{key_median:.1f} / {key_p90:.1f}"],
            [
                "baseline: bare Textual app, start to first screen, median / p90 ms",
                f"{bare_median:.0f} / {bare_p90:.0f}",
            ],
            ["baseline: bare Textual app, resident memory, MB", f"{bare_rss:.0f}"],
        ],
    )


if __name__ == "__main__":
    main()
