"""Property: whatever residents and counters do, in whatever order, over several days, every service's numbers
for a day run 001, 002, ... with no gap and no repeat, and a new day starts again at 001."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.clock import FixedClock
from kiosk.config import load_config
from kiosk.errors import KioskError
from kiosk.hall import Hall

CONFIG = load_config(Path(__file__).resolve().parents[2] / "kiosk.toml")
SERVICES = ["social-security", "household", "general"]
COUNTERS = ["1", "3", "6"]

actions = st.lists(
    st.one_of(
        st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.booleans()),
        st.tuples(st.just("call"), st.sampled_from(COUNTERS), st.just(False)),
        st.tuples(st.just("finish"), st.sampled_from(COUNTERS), st.just(False)),
        st.tuples(st.just("transfer"), st.sampled_from(COUNTERS), st.just(False)),
        st.tuples(st.just("next_day"), st.just(""), st.just(False)),
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_numbers_are_contiguous_per_service_per_day(steps):
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=CONFIG.timezone))
    with tempfile.TemporaryDirectory() as folder:
        hall = Hall.open(CONFIG, clock=clock, data_path=str(Path(folder) / "hall.json"), durable=False, create=True)
        issued: dict[tuple[str, str], list[int]] = {}
        for action, target, flag in steps:
            try:
                if action == "issue":
                    ticket = hall.issue_ticket(target, priority=flag)
                    issued.setdefault((ticket["day"], ticket["prefix"]), []).append(ticket["seq"])
                elif action == "call":
                    hall.call_next(target)
                elif action == "finish":
                    hall.finish(target)
                elif action == "transfer":
                    hall.transfer(target, "general")
                else:
                    clock.advance(days=1)
                    while not hall.hours.is_working_day(clock.now().date()):
                        clock.advance(days=1)
            except KioskError:
                pass  # refusals (counter idle, same service) write nothing and are part of the game
            clock.advance(minutes=1)
        for (day, prefix), seqs in issued.items():
            assert seqs == list(range(1, len(seqs) + 1)), (day, prefix)
        with hall.store.snapshot() as tx:
            live = [(t["day"], t["prefix"], t["seq"]) for t in tx.records("tickets")]
        archived = [
            (t["day"], t["prefix"], t["seq"])
            for t in hall.store.archive.records("tickets", datetime(2026, 1, 1).date(), datetime(2027, 12, 31).date())
        ]
        stored = sorted(live + archived)
        expected = sorted((day, prefix, seq) for (day, prefix), seqs in issued.items() for seq in seqs)
        assert stored == expected, "every issued ticket is kept exactly once, live or archived"
