"""Fixtures for the multi-process store tests: worker processes read through pipes, always with a deadline.

Nothing here sleeps to "let things settle": the tests synchronise on lines the workers print (``ready``, each
acknowledged key, a final report) and on process exit, and every wait has a timeout so that a hung worker
fails its test instead of hanging the run. Workers still running at teardown are killed.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).with_name("workers.py")


class Worker:
    """One ``workers.py`` process, its stdout read line by line with deadlines."""

    def __init__(self, *args: str) -> None:
        self.args = args
        self._stderr = tempfile.TemporaryFile()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKERS), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        self._buffer = b""
        self._eof = False

    def read_line(self, timeout: float) -> str | None:
        """The next complete line, or None at end of output (a partial last line is not a line)."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buffer:
            if self._eof:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.fail(f"no line within {timeout} s")
            poller = select.poll()  # not select(): a long run may hold descriptors numbered past 1024
            poller.register(fd, select.POLLIN)
            if poller.poll(remaining * 1000):
                chunk = os.read(fd, 65536)
                self._buffer += chunk
                self._eof = not chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def expect(self, wanted: str, timeout: float = 30) -> None:
        line = self.read_line(timeout)
        if line != wanted:
            self.fail(f"expected {wanted!r}, got {line!r}")

    def go(self) -> None:
        """Release a worker waiting at its start gate."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.close()

    def report(self, timeout: float = 60) -> dict[str, Any]:
        """The worker's final JSON line, after it has exited cleanly."""
        line = self.read_line(timeout)
        if line is None:
            self.fail("ended without a report")
        self.wait(timeout)
        if self.proc.returncode != 0:
            self.fail(f"exited with {self.proc.returncode}")
        return json.loads(line)

    def drain(self, timeout: float = 10) -> list[str]:
        """Every complete line still in the pipe, up to end of output (call once the worker has ended)."""
        lines = []
        while (line := self.read_line(timeout)) is not None:
            lines.append(line)
        return lines

    def wait(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.fail(f"still running after {timeout} s")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def fail(self, what: str) -> NoReturn:
        self.kill()
        pytest.fail(f"worker {' '.join(self.args[:1])} (pid {self.proc.pid}): {what}\n{self.stderr()}")

    def close(self) -> None:
        self.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        self._stderr.close()


@pytest.fixture
def start_worker() -> Iterator[Callable[..., Worker]]:
    """Start ``workers.py`` with the given arguments; every worker started is killed and reaped at teardown."""
    started: list[Worker] = []

    def start(*args: str) -> Worker:
        worker = Worker(*args)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.close()


@pytest.fixture
def race(start_worker: Callable[..., Worker]) -> Callable[[list[tuple[str, ...]]], list[dict[str, Any]]]:
    """Start one worker per argument tuple, release them together once all are ready, return their reports."""

    def run(jobs: list[tuple[str, ...]]) -> list[dict[str, Any]]:
        workers = [start_worker(*args) for args in jobs]
        for worker in workers:
            worker.expect("ready")
        for worker in workers:
            worker.go()
        return [worker.report() for worker in workers]

    return run
