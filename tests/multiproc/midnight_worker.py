"""A terminal whose wall clock is read from a file the test controls, for the midnight race.

Usage: ``midnight_worker.py CONFIG DATA CLOCK_FILE``. Prints ``ready``, waits for a line on stdin, files one
service request (a write that the hall takes at any hour) and prints it as one JSON line.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from kiosk.clock import Reading
from kiosk.config import load_config
from kiosk.hall import Hall


class FileClock:
    """The instant written in a file, read afresh at every call: the test moves time while this process waits."""

    simulated = False

    def __init__(self, path: str, tz) -> None:
        self.path = Path(path)
        self.tz = tz

    def now(self) -> datetime:
        return datetime.fromisoformat(self.path.read_text().strip()).replace(tzinfo=self.tz)

    def reading(self) -> Reading:
        return Reading(boot="fixed", elapsed=self.now().timestamp())  # agrees with the test's FixedClock


def main(config_path: str, data: str, clock_file: str) -> None:
    config = load_config(config_path)
    hall = Hall.open(config, clock=FileClock(clock_file, config.timezone), data_path=data)
    print("ready", flush=True)
    sys.stdin.readline()
    record = hall.file_request("hardship", "夜间咨询低保申请", "13812345678")
    print(json.dumps({"submitted_at": record["submitted_at"], "code": record["code"]}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
