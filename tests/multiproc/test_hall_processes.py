"""Several processes using the real hall on one data file: no duplicate, no gap, no overbooking, no lost write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import load_config
from kiosk.hall import Hall

pytestmark = pytest.mark.multiproc

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "kiosk.toml"
WORKER = Path(__file__).with_name("hall_worker.py")
MONDAY = "2026-11-23T09:00"
TIMEOUT = 120


def run_together(data: Path, jobs: list[list[str]], now: str = MONDAY) -> list[dict]:
    """Start one worker per job, release them all at once, and collect their JSON results."""
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(CONFIG), str(data), now, *job],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = []
        for worker in workers:
            out, err = worker.communicate(timeout=TIMEOUT)
            assert worker.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()


def open_hall(data: Path, now: str = MONDAY) -> Hall:
    config = load_config(CONFIG)
    from kiosk.clock import parse_instant

    return Hall.open(
        config, clock=FixedClock(parse_instant(now, config.timezone)), data_path=str(data), create=not data.exists()
    )


def test_concurrent_ticket_issue_gives_no_duplicate_and_no_gap(tmp_path):
    data = tmp_path / "hall.json"
    open_hall(data)
    results = run_together(data, [["issue", "social-security", "25"] for _ in range(4)])
    numbers = [n for result in results for n in result["numbers"]]
    assert len(numbers) == 100
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 101)]
    with open_hall(data).store.snapshot() as tx:
        stored = sorted(t["number"] for t in tx.records("tickets"))
    assert stored == sorted(numbers), "every acknowledged ticket is in the file, and nothing else"


def test_racing_for_the_last_places_of_a_slot_never_overbooks(tmp_path):
    data = tmp_path / "hall.json"
    hall = open_hall(data)
    capacity = hall.config.service("household").slot_capacity
    phones = [f"1391234{n:04d}" for n in range(capacity + 5)]
    results = run_together(data, [["book", "household", "2026-11-24", "18:00", phone] for phone in phones])
    booked = [r["code"] for r in results if "code" in r]
    refused = [r["refused"] for r in results if "refused" in r]
    assert len(booked) == capacity
    assert refused == ["booking.slot_full"] * 5
    slot = next(s for s in hall.slots("household", hall.now().date().replace(day=24)) if s["time"] == "18:00")
    assert slot["remaining"] == 0


def test_two_counters_calling_never_get_the_same_ticket(tmp_path):
    data = tmp_path / "hall.json"
    hall = open_hall(data)
    issued = [hall.issue_ticket("social-security")["number"] for _ in range(60)]
    results = run_together(data, [["serve", "1"], ["serve", "6"], ["serve", "2"]])
    served = [n for result in results for n in result["served"]]
    assert len(served) == len(set(served)), "no ticket was handed to two counters"
    assert sorted(served) == sorted(issued), "every ticket was served"
    with hall.store.snapshot() as tx:
        calls = [c["number"] for c in tx.records("calls")]
    assert sorted(calls) == sorted(issued), "one call recorded per ticket, none lost"
