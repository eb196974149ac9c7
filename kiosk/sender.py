"""``kiosk notify run``: the process that delivers the outbox through the hall's gateway.

Each round it asks the hall (a lock-free read) whether anything is due; only then does it claim messages (one
transaction: :meth:`kiosk.hall.Hall.claim_messages`), sends each through the gateway *outside* the store's lock
(a slow gateway never holds up a kiosk), and records each outcome (:meth:`kiosk.hall.Hall.message_outcome`). It
wakes as soon as the data file changes (a call, a booking: one ``stat`` every ``poll_seconds``) and at least every
``idle_seconds`` for messages whose time has come (quiet hours ending, a retry's back-off).

Any number of senders may run on one data file (the claims never overlap); a sender killed mid-send leaves its
messages to the outbox's recovery once its lease ends (see :mod:`kiosk.outbox`). Logs name messages by key and
phones masked, never a full number.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from typing import TYPE_CHECKING

from kiosk import validation
from kiosk.errors import KioskError
from kiosk.gateways import RETRY, Gateway, Outcome

if TYPE_CHECKING:
    from kiosk.hall import Hall

log = logging.getLogger("kiosk.notify")

#: Messages claimed in one transaction.
BATCH = 10


def sender_name() -> str:
    """This process's name in the claims it holds: host, process id and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Sender:
    """Delivers the hall's due messages through ``gateway`` (see the module)."""

    def __init__(self, hall: Hall, gateway: Gateway, *, name: str | None = None) -> None:
        self.hall = hall
        self.gateway = gateway
        self.name = name or sender_name()
        # Long enough for a send that takes the whole gateway timeout, twice, with margin: a live sender's claim
        # must never run out under it (another sender would then recover the message).
        self.lease_seconds = hall.config.notify.timeout_seconds * 2 + 30

    def run_once(self) -> Counter[str]:
        """One round: claim what is due, send it, record each outcome. Returns how many went each way."""
        counts: Counter[str] = Counter()
        if not self.hall.outbox_due():
            return counts
        claimed = self.hall.claim_messages(
            self.name, idempotent=self.gateway.idempotent, lease_seconds=self.lease_seconds, limit=BATCH
        )
        for message in claimed:
            try:
                outcome = self.gateway.send(message)
            except Exception as error:  # noqa: BLE001 -- an adapter's bug must not stop the hall's texts
                log.exception("gateway %s raised on %s", self.gateway.name, message["key"])
                outcome = Outcome(RETRY, reason=f"{error.__class__.__name__}")
            recorded = self.hall.message_outcome(
                message["key"],
                sender=self.name,
                outcome=outcome.status,
                reason=outcome.reason,
                gateway_id=outcome.gateway_id,
            )
            status = recorded["status"] if recorded is not None else "lost_lease"
            counts[status] += 1
            log.info(
                "%s %s to %s via %s%s",
                status,
                message["key"],
                validation.mask_phone(message["phone"]),
                self.gateway.name,
                f" ({outcome.reason})" if outcome.reason else "",
            )
        counts["claimed"] += len(claimed)
        return counts

    def run(self, stop: threading.Event, *, poll_seconds: float = 0.05, idle_seconds: float = 5.0) -> None:
        """Deliver until ``stop`` is set: a round whenever the data file changed, and every ``idle_seconds``."""
        seen: str | None = None
        next_round = 0.0
        while not stop.is_set():
            try:
                version = self.hall.version()
                if version != seen or time.monotonic() >= next_round:
                    counts = self.run_once()
                    seen = self.hall.version()  # our own writes are not news
                    next_round = time.monotonic() + idle_seconds
                    if counts["claimed"] >= BATCH:
                        continue  # more may be due: no wait
            except KioskError as error:
                # The data file busy or briefly unreadable: say so once a round and try again.
                log.warning("notify: %s", error)
                next_round = 0.0
            stop.wait(poll_seconds)
