"""A fake ESC/POS network printer for the tests: a TCP server on 127.0.0.1 (an ephemeral port) in a thread that
records the bytes of each connection (one slip each) and answers the paper sensor's status request as a real
Epson-compatible printer does.

``mode``: ``ok`` (paper present), ``no_paper`` (the sensor says the roll is out), ``silent`` (accepts the
connection but never reads or answers, like a printer that hangs). :func:`refused_port` gives a port where
nothing listens (connection refused).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import replace

from kiosk.printing import PAPER_STATUS, Decoded, decode
from kiosk.terminals import PrinterProfile

#: The answers to ``DLE EOT 4``: paper present (bits 1 and 4, always set) and paper out (bits 5 and 6 too).
PAPER_OK, PAPER_OUT = b"\x12", b"\x72"


class FakePrinter:
    """The server: ``jobs`` holds the bytes of each connection once it closed (status requests removed)."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.jobs: list[bytes] = []
        self.connections = 0
        self._done = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._open: list[socket.socket] = []
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def profile(self, **changes: object) -> PrinterProfile:
        """A network printer profile pointing at this server (short timeout: the tests wait for faults)."""
        base = PrinterProfile(connection="network", host="127.0.0.1", port=self.port, timeout_seconds=0.5)
        return replace(base, **changes)  # type: ignore[arg-type]

    def _serve(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            if self.mode == "silent":
                continue  # never read, never answer; the connection stays open until stop()
            threading.Thread(target=self._job, args=(conn,), daemon=True).start()

    def _job(self, conn: socket.socket) -> None:
        received = bytearray()
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                received += chunk
                while PAPER_STATUS in received:
                    received = received.replace(PAPER_STATUS, b"", 1)
                    conn.sendall(PAPER_OUT if self.mode == "no_paper" else PAPER_OK)
        with self._done:
            self.jobs.append(bytes(received))
            self._done.notify_all()

    def wait_for_jobs(self, count: int = 1, timeout: float = 10.0) -> list[bytes]:
        """The jobs once ``count`` have arrived (fails the test after ``timeout`` seconds)."""
        with self._done:
            if not self._done.wait_for(lambda: len(self.jobs) >= count, timeout):
                raise AssertionError(f"the fake printer got {len(self.jobs)} job(s), expected {count}")
            return list(self.jobs)

    def decoded(self, index: int = -1) -> Decoded:
        """Job ``index`` read back."""
        return decode(self.jobs[index])

    def stop(self) -> None:
        """Close the server and every connection."""
        self._stopping = True
        self._server.close()
        for conn in self._open:
            try:
                conn.close()
            except OSError:
                pass


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])
