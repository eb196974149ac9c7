"""A separate process acting on the hall through the real domain, for the multi-process tests.

Usage: ``hall_worker.py CONFIG DATA NOW ACTION [ARGS...]``. It prints ``ready``, waits for a line on stdin (so
that every worker starts at once), does its work and prints one JSON line with what it achieved (``call``: one
line per call, see below; ``call_one COUNTER``: one call, reported like the other actions; ``finish_one COUNTER
STAFF``: the next resident called and finished there by a clerk).
"""

from __future__ import annotations

import json
import sys
import time as walltime
from datetime import date, time

from kiosk.clock import FixedClock, parse_instant
from kiosk.config import load_config
from kiosk.errors import KioskError
from kiosk.hall import Hall


def main(config_path: str, data: str, now: str, action: str, *args: str) -> None:
    config = load_config(config_path)
    hall = Hall.open(config, clock=FixedClock(parse_instant(now, config.timezone)), data_path=data)
    print("ready", flush=True)
    sys.stdin.readline()
    result: dict[str, object] = {}
    if action == "issue":
        service, count = args[0], int(args[1])
        result["numbers"] = [hall.issue_ticket(service)["number"] for _ in range(count)]
    elif action == "book":
        service, day, at, phone = args
        try:
            result["code"] = hall.book(service, date.fromisoformat(day), time.fromisoformat(at), "李四", phone)["code"]
        except KioskError as refusal:
            result["refused"] = refusal.key
    elif action == "serve":
        counter = args[0]
        served = []
        while (ticket := hall.call_next(counter)) is not None:
            served.append(ticket["number"])
            hall.finish(counter)
        result["served"] = served
    elif action == "call":
        # One call per counter given; before each call after the first, wait for another line on stdin, so the
        # test can watch each call reach the board. Each call is reported as it is committed, with the wall
        # clock at that moment (processes on one machine share it) for measuring how long the board took.
        # "call --together 1 2 3" makes the calls back to back instead.
        together = args[0] == "--together"
        counters = args[1:] if together else args
        for index, counter in enumerate(counters):
            if index and not together:
                sys.stdin.readline()
            ticket = hall.call_next(counter)
            print(
                json.dumps(
                    {"counter": counter, "number": ticket["number"] if ticket else None, "committed": walltime.time()}
                ),
                flush=True,
            )
        return
    elif action == "call_one":
        ticket = hall.call_next(args[0])
        result["called"] = ticket["number"] if ticket else None
    elif action == "finish_one":
        # A clerk signed in at COUNTER (as STAFF) calls the next resident and finishes them, as the console does.
        counter, staff = args
        hall.call_next(counter, staff=staff)
        finished = hall.finish(counter, staff=staff)
        result["finished"], result["code"] = finished["number"], finished["code"]
    # The wall-clock time the work was committed, for measuring how soon other processes see it.
    result["committed_at"] = walltime.time()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
