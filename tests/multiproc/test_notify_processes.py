"""Text messages across processes on one data file: a ticket taken with a phone at a kiosk process, calls made by a
console process, and ``kiosk notify run`` in a third delivering "3 ahead" and then "called", in that order, once
each (the file gateway: one JSON line per message).

Every step is a real ``kiosk`` command in its own process; waits are on the outbox file with a deadline, never a
fixed sleep.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk.clock import FixedClock, parse_instant
from kiosk.config import load_config
from kiosk.hall import Hall

pytestmark = pytest.mark.multiproc

REPO = Path(__file__).resolve().parents[2]
MONDAY = "2026-11-23T09:00"
DEADLINE = 20.0


def kiosk(
    folder: Path, *args: str, check: bool = True, now: str = MONDAY, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """One ``kiosk`` command on the hall in ``folder`` (its own kiosk.toml, a training data file)."""
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "--config",
        str(folder / "kiosk.toml"),
        "--data",
        str(folder / "hall.json"),
    ]
    done = subprocess.run(
        [*command, "--now", now, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**_env(), **(env or {})},
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def outbox_lines(path: Path) -> list[dict]:
    """The messages the file gateway has written so far."""
    if not path.exists():
        return []
    return [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row.strip()]


def wait_for(path: Path, count: int) -> list[dict]:
    """The outbox once it holds ``count`` messages (fails past the deadline)."""
    started = time.monotonic()
    while len(lines := outbox_lines(path)) < count:
        assert time.monotonic() - started < DEADLINE, f"only {len(lines)} of {count} messages after {DEADLINE} s"
        time.sleep(0.05)
    return lines


@pytest.fixture
def hall_folder(tmp_path: Path) -> Path:
    """A hall in ``tmp_path``: the bundled kiosk.toml (a training copy's file gateway writes hall.json.sms-outbox.jsonl) and
    a training data file, so every process may run the same simulated clock."""
    shutil.copy(REPO / "kiosk.toml", tmp_path / "kiosk.toml")
    config = load_config(tmp_path / "kiosk.toml")
    Hall.open(
        config,
        clock=FixedClock(parse_instant(MONDAY, config.timezone)),
        data_path=str(tmp_path / "hall.json"),
        create=True,
        training=True,
    )
    return tmp_path


def test_a_kiosk_ticket_is_texted_three_ahead_then_called_by_a_console_in_another_process(hall_folder: Path):
    outbox = hall_folder / "hall.json.sms-outbox.jsonl"  # a training copy's texts stay beside its data file
    kiosk(hall_folder, "counter", "1", "open")
    for _ in range(5):
        kiosk(hall_folder, "ticket", "social-security")
    mine = json.loads(kiosk(hall_folder, "ticket", "social-security", "--phone", "13812345678", "--json").stdout)
    assert mine["number"] == "A006"
    sender = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(hall_folder / "kiosk.toml"), "--data",
         str(hall_folder / "hall.json"), "--now", MONDAY, "notify", "run"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )  # fmt: skip
    try:
        # Five stand ahead: nothing is due yet.
        for served in range(2):
            kiosk(hall_folder, "call", "1")
            kiosk(hall_folder, "finish", "1")
        called = json.loads(kiosk(hall_folder, "call", "1", "--json").stdout)  # A003: its call needs no text
        assert called["ticket"]["number"] == "A003"
        near = wait_for(outbox, 1)[0]
        assert near["key"] == "near/2026-11-23/A006" and near["params"]["ahead"] == "3"
        for _ in range(3):  # A003 done; A004 and A005 called and done
            kiosk(hall_folder, "finish", "1")
            kiosk(hall_folder, "call", "1")
        lines = wait_for(outbox, 2)
        assert [line["key"].split("/")[0] for line in lines] == ["near", "called"]
        assert lines[1]["params"]["number"] == "A006" and lines[1]["phone"] == "13812345678"
        assert "1" in lines[1]["params"]["counter"]
        # Once each: the sender's next rounds write nothing more, and the outbox says sent for both.
        kiosk(hall_folder, "recall", "1", check=False)
        listed = json.loads(kiosk(hall_folder, "notify", "list", "--json").stdout)["messages"]
        started = time.monotonic()
        while any(m["status"] != "sent" for m in listed) and time.monotonic() - started < DEADLINE:
            time.sleep(0.05)
            listed = json.loads(kiosk(hall_folder, "notify", "list", "--json").stdout)["messages"]
        assert sorted((m["event"], m["status"], m["phone"]) for m in listed) == [
            ("called", "sent", "138****5678"),
            ("near", "sent", "138****5678"),
        ]
        assert len(outbox_lines(outbox)) == 2
    finally:
        sender.terminate()
        _, errors = sender.communicate(timeout=30)
    assert sender.returncode == 0, errors
    assert "13812345678" not in errors  # the log masks phones


class HoldingGateway(BaseHTTPRequestHandler):
    """A webhook gateway that dedupes by ``Idempotency-Key`` like a real one, and can hold a request open (so the
    sender that made it can be killed mid-send)."""

    received: list[str] = []
    delivered: list[str] = []
    hold = threading.Event()
    holding = threading.Event()
    released = threading.Event()
    held: str | None = None

    def do_POST(self) -> None:  # noqa: N802 -- http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = self.headers["Idempotency-Key"]
        assert json.loads(body)["key"] == key
        HoldingGateway.received.append(key)
        if key not in HoldingGateway.delivered:
            HoldingGateway.delivered.append(key)  # taken: the gateway texts it once, whatever happens next
        if HoldingGateway.hold.is_set() and HoldingGateway.held in (None, key):
            HoldingGateway.held = key  # only the first message is held: any other goes through
            HoldingGateway.holding.set()
            HoldingGateway.released.wait(DEADLINE)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "gw-1"}')
        except OSError:
            pass  # the sender was killed while we held it

    def log_message(self, *args: object) -> None:
        pass


def test_two_senders_and_a_kill_mid_send_deliver_each_message_exactly_once(hall_folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), HoldingGateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    toml = (hall_folder / "kiosk.toml").read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    (hall_folder / "kiosk.toml").write_text(
        toml.replace('gateway = "file"', f'gateway = "webhook"\nwebhook_url = "{url}"'), encoding="utf-8"
    )
    secret = {"KIOSK_SMS_WEBHOOK_SECRET": "test-secret"}
    kiosk(hall_folder, "counter", "1", "open")
    mine = json.loads(kiosk(hall_folder, "ticket", "social-security", "--phone", "13812345678", "--json").stdout)
    kiosk(hall_folder, "call", "1")  # "called" is due ("near", written at the issue, is stale now)
    HoldingGateway.hold.set()
    first = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(hall_folder / "kiosk.toml"), "--data",
         str(hall_folder / "hall.json"), "--now", MONDAY, "notify", "run", "--live-gateway"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**_env(), **secret},
    )  # fmt: skip
    try:
        assert HoldingGateway.holding.wait(DEADLINE), "the first sender never reached the gateway"
        held = HoldingGateway.received[0]
        # A second sender now finds nothing to take: the held message is the first sender's until its lease ends.
        second = kiosk(hall_folder, "notify", "run", "--once", "--live-gateway", "--json", env=secret)
        assert json.loads(second.stdout)["claimed"] <= 1 and HoldingGateway.received.count(held) == 1
        first.kill()  # kill -9 mid-send
        first.wait(10)
    finally:
        HoldingGateway.hold.clear()
        HoldingGateway.released.set()
        if first.poll() is None:
            first.kill()
    # After the lease (twice the timeout + 30 s), a sender retries it: the gateway dedupes by key.
    later = "2026-11-23T09:05"
    for _ in range(3):
        kiosk(hall_folder, "notify", "run", "--once", "--live-gateway", now=later, env=secret)
    listed = json.loads(kiosk(hall_folder, "notify", "list", "--json", now=later).stdout)["messages"]
    # "Your turn is near" (written when the ticket was issued, nobody ahead) is stale: the ticket was called first.
    assert sorted((m["event"], m["status"], m["reason"]) for m in listed) == [
        ("called", "sent", None),
        ("near", "suppressed", "stale"),
    ]
    assert HoldingGateway.delivered == [f"called/{hall_day(mine)}/A001/1"]
    assert HoldingGateway.received.count(held) == 2  # asked twice, delivered once
    server.shutdown()


def hall_day(ticket: dict) -> str:
    return ticket["date"]
