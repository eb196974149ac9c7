"""``kiosk announce`` as its own process while another process calls tickets (as counter consoles or ``kiosk call``
would): each call made after it started is saved once as a WAV by the player command, in call order; a call made
before it started is not; SIGTERM ends it cleanly.

The announcer says when it is following (its first line); the test then waits on the files it saves, with a
deadline, never a fixed sleep.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.clock import FixedClock, parse_instant
from kiosk.config import load_config
from kiosk.hall import Hall

pytestmark = pytest.mark.multiproc

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "kiosk.toml"
WORKER = Path(__file__).with_name("hall_worker.py")
SAVER = REPO / "tests" / "save_wav.py"
NOW = "2026-11-23T09:00"


def wait_for_files(folder: Path, count: int, process: subprocess.Popen[str], timeout: float = 30) -> list[Path]:
    """The saved files once there are ``count`` of them (fails on the deadline, or if the announcer died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.wav")) if folder.exists() else []
        if len(files) >= count:
            return files
        if process.poll() is not None:
            pytest.fail(f"the announcer ended with {process.returncode}")
        time.sleep(0.02)  # polling, bounded by the deadline
    pytest.fail(f"{count} files not saved in time: {folder}")


def test_calls_from_another_process_are_each_spoken_once_in_order(tmp_path):
    data = tmp_path / "hall.json"
    config = load_config(CONFIG)
    hall = Hall.open(
        config,
        clock=FixedClock(parse_instant(NOW, config.timezone)),
        data_path=str(data),
        create=True,
        training=True,
    )
    for service in ("social-security", "household", "civil-affairs", "employment", "general", "social-security"):
        hall.issue_ticket(service)
    earlier = hall.call_next("1")
    assert earlier is not None
    # Clips keep the test the same with or without espeak-ng (tests/unit/test_voice.py covers espeak).
    clips = tmp_path / "clips"
    from tests.unit.test_voice import make_clips

    make_clips(clips, hall, config.announce)
    toml = tmp_path / "kiosk.toml"
    toml.write_text(
        CONFIG.read_text(encoding="utf-8").replace('# clips = "sounds"', f'clips = "{clips}"'), encoding="utf-8"
    )
    out = tmp_path / "saved"
    env = {**os.environ, "PYTHONPATH": str(REPO), "KIOSK_CONFIG": str(toml), "KIOSK_DATA": str(data)}
    env.pop("KIOSK_LANG", None)
    announcer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--now",
            NOW,
            "announce",
            "--player",
            shlex.join([sys.executable, str(SAVER), str(out)]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert announcer.stdout is not None
        assert announcer.stdout.readline().startswith("Announcing each call"), announcer.stderr.read()  # type: ignore[union-attr]
        caller = subprocess.run(
            [sys.executable, str(WORKER), str(CONFIG), str(data), NOW, "call", "--together", "3", "4", "5", "6", "2"],
            input="go\n",
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            cwd=REPO,
            timeout=60,
        )
        assert caller.returncode == 0, caller.stderr
        numbers = [json.loads(line)["number"] for line in caller.stdout.splitlines()[1:]]  # after "ready"
        assert len(numbers) == 5
        files = wait_for_files(out, 5, announcer)
        announcer.send_signal(signal.SIGTERM)
        stdout, stderr = announcer.communicate(timeout=20)
    finally:
        if announcer.poll() is None:
            announcer.kill()
            announcer.communicate()
    assert announcer.returncode == 0 and stderr == "", stderr
    spoken = [line.split(" → ")[0] for line in stdout.splitlines()]
    assert spoken == numbers, stdout
    assert earlier["number"] not in spoken
    assert len(sorted(out.glob("*.wav"))) == 5 == len(files)
