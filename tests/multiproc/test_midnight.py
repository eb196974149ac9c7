"""The midnight race, with real processes: a write that reads the clock before 00:00 and waits for the lock while
another process closes the day must not land in the closed day. "Now" is read inside the lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from kiosk import dayclose
from kiosk.clock import FixedClock
from kiosk.config import load_config
from kiosk.hall import Hall

pytestmark = pytest.mark.multiproc

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "kiosk.toml"
WORKER = Path(__file__).with_name("midnight_worker.py")


def lock_waiters(lock_path: Path) -> int:
    """How many processes are queued for the flock on ``lock_path`` (the kernel lists waiters with '->')."""
    inode = os.stat(lock_path).st_ino
    lines = Path("/proc/locks").read_text().splitlines()
    return sum(1 for line in lines if "->" in line and line.split()[-3].endswith(f":{inode}"))


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks to see a waiting writer")
def test_a_write_that_waited_over_midnight_is_stamped_when_it_happens(tmp_path: Path) -> None:
    config = load_config(CONFIG)
    data = tmp_path / "hall.json"
    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=config.timezone))
    hall = Hall.open(config, clock=clock, data_path=str(data), create=True)
    hall.issue_ticket("general")  # Monday's record
    wall = tmp_path / "wall"
    wall.write_text("2026-11-23T23:59:59")
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(CONFIG), str(data), str(wall)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert worker.stdout.readline().strip() == "ready"
        with hall.store.transaction() as tx:  # the writer held inside the lock: the nightly close
            worker.stdin.write("go\n")
            worker.stdin.flush()
            deadline = time.monotonic() + 30
            while lock_waiters(hall.store.lock_path) == 0:  # the worker is queued behind us, clock at 23:59:59
                assert time.monotonic() < deadline, "the worker never reached the lock"
                assert worker.poll() is None, worker.stderr.read()
                time.sleep(0.01)
            clock.set(datetime(2026, 11, 24, 0, 0, 10, tzinfo=config.timezone))
            wall.write_text("2026-11-24T00:00:30")  # time passes while the worker waits
            dayclose.archive_run(tx, hall.context(), clock.reading())
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
    finally:
        if worker.poll() is None:
            worker.kill()
    written = json.loads(out.strip().splitlines()[-1])
    assert written["submitted_at"].startswith("2026-11-24T00:00:30"), "stamped when it got the lock, not before"
    archived = json.loads(hall.store.archive.day_path(datetime(2026, 11, 23).date()).read_bytes())
    assert [t["number"] for t in archived["tickets"].values()] == ["F001"]
    assert "requests" not in archived, "nothing was written into the closed day"
