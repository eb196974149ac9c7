"""Text messages: what they cost a counter's call, and how long a resident waits from the call to the gateway.

1. **The call with texts on and off.** A durable training hall with 30 residents waiting (a third of them left a
   phone); counter 1 calls and finishes, 100 times, alternately with ``[notify]`` on (the file gateway: every
   call writes the "called" text and may write "3 ahead" texts) and off (``gateway = "none"``), each with its own
   fresh queue. Median and p90 in ms of call + finish.
2. **From a call to the gateway's request.** ``kiosk notify run`` runs as its own process on the data file,
   sending through the webhook gateway to a fake gateway on 127.0.0.1 that records when each request arrives.
   This process issues tickets with phones and calls them; each call is timed from its commit (the call returned)
   to the gateway's receipt of its "called" text (wall clock; one machine), at a random moment of the sender's
   poll. The baseline beside it is the same
   HTTP request made by a bare thread: the floor of any sender.

Run: ``python bench/bench_notify.py [N]`` (N calls per row, default 100).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from _common import REPO, bench_morning, config, print_table, summary

from kiosk.clock import FixedClock  # noqa: E402
from kiosk.hall import Hall  # noqa: E402

SERVICE = "social-security"
SECRET = "bench-secret"


def fresh_hall(folder: Path, notify: bool) -> Hall:
    cfg = config()
    rules = dataclasses.replace(cfg.notify, gateway="file" if notify else "none", file=folder / "outbox.jsonl")
    cfg = dataclasses.replace(cfg, notify=rules)
    clock = FixedClock(bench_morning(cfg))
    return Hall.open(cfg, clock=clock, data_path=str(folder / "hall.json"), create=True, training=True)


def call_cost(calls: int) -> list[list[object]]:
    """Call + finish at counter 1 with texts on and off, alternating."""
    timings: dict[bool, list[float]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        halls = {on: fresh_hall(Path(tmp) / ("on" if on else "off"), on) for on in (True, False)}
        for on, hall in halls.items():
            (Path(tmp) / ("on" if on else "off")).mkdir(exist_ok=True)
        for hall in halls.values():
            for counter in ("1", "2", "6"):  # social security's counters: the wait estimate counts them all
                hall.set_counter(counter, "open")
        for index in range(calls):
            for on in (True, False) if index % 2 == 0 else (False, True):
                hall = halls[on]
                clock = hall.clock
                assert isinstance(clock, FixedClock)
                if index % 30 == 0:  # a fresh queue of 30, every third with a phone
                    for n in range(30):
                        phone = f"139{index:04d}{n:04d}" if on and n % 3 == 0 else None
                        hall.issue_ticket(SERVICE, phone=phone)
                clock.advance(seconds=20)
                started = time.perf_counter()
                hall.call_next("1")
                hall.finish("1")
                timings[on].append(time.perf_counter() - started)
    rows = []
    for on in (False, True):
        median, p90 = summary(timings[on])
        rows.append(["texts off (baseline)" if not on else "texts on", len(timings[on]), f"{median:.2f}", f"{p90:.2f}"])
    return rows


class Receiver(BaseHTTPRequestHandler):
    """The fake gateway: notes when each message arrived, by key."""

    arrived: dict[str, float] = {}

    def do_POST(self) -> None:  # noqa: N802 -- http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = json.loads(body)["key"]
        Receiver.arrived.setdefault(key, time.time())
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "1"}')

    def log_message(self, *args: object) -> None:
        pass


def delay(calls: int) -> list[list[object]]:
    """From a call's commit to the gateway's receipt of its text, with the sender a separate process."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/send"
    floor = []
    for n in range(calls):
        body = json.dumps({"key": f"floor/{n}"}).encode()
        started = time.time()
        urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10).read()
        floor.append(Receiver.arrived[f"floor/{n}"] - started)
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        toml = (REPO / "kiosk.toml").read_text(encoding="utf-8")
        toml = toml.replace('gateway = "file"', f'gateway = "webhook"\nwebhook_url = "{url}"')
        (folder / "kiosk.toml").write_text(toml, encoding="utf-8")
        from kiosk.config import load_config

        cfg = load_config(folder / "kiosk.toml")
        start = bench_morning(cfg)
        hall = Hall.open(cfg, clock=FixedClock(start), data_path=str(folder / "hall.json"), create=True, training=True)
        hall.set_counter("1", "open")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(PYTHONPATH=str(REPO), KIOSK_SMS_WEBHOOK_SECRET=SECRET)
        now = start.strftime("%Y-%m-%dT%H:%M")
        sender = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(folder / "kiosk.toml"), "--data",
             str(folder / "hall.json"), "--now", now, "notify", "run", "--live-gateway"],
            env=env, stderr=open(folder / "sender.log", "w"),
        )  # fmt: skip
        try:
            time.sleep(1.5)  # the sender's start-up (imports), not part of any delay measured
            for n in range(calls):
                # This hall's clock stands at the start; the sender's runs on from it, so what is written here is
                # always due for it.
                ticket = hall.issue_ticket(SERVICE, phone=f"1390000{n:04d}")
                # Calls come at any moment of the sender's poll, not just after its last round ended.
                time.sleep(random.uniform(0, 0.3))
                called = hall.call_next("1")
                committed = time.time()
                assert called is not None and called["key"] == ticket["key"]
                key = f"called/{ticket['key']}/1"
                deadline = committed + 30
                while key not in Receiver.arrived and time.time() < deadline:
                    time.sleep(0.0005)
                if key not in Receiver.arrived:
                    raise SystemExit("the sender sent nothing:\n" + (folder / "sender.log").read_text())
                measured.append(Receiver.arrived[key] - committed)
                hall.finish("1")
        finally:
            sender.terminate()
            sender.wait(30)
            server.shutdown()
    rows = []
    for name, values in (("bare HTTP request (floor)", floor), ("call -> gateway, kiosk notify run", measured)):
        median, p90 = summary(values)
        rows.append([name, len(values), f"{median:.1f}", f"{p90:.1f}"])
    return rows


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print_table(
        "Call + finish at a counter, 30 waiting, a third with phones (ms)",
        ["", "calls", "median", "p90"],
        call_cost(calls),
    )
    print_table("From a call to the gateway's request (ms)", ["", "calls", "median", "p90"], delay(calls))


if __name__ == "__main__":
    main()
