"""The state of the terminals' devices (slip printers), shared through the data file.

A kiosk's printer fails where nobody at the kiosk can fix it, so its fault is written where the staff look: the
counter console's printer line, ``kiosk overview`` and ``kiosk check`` read it from here.

Records: table ``devices`` holds :class:`~kiosk.records.DeviceState` (key ``"<terminal>/<device>"``). A record
is written only when the state changes (ok -> fault, fault -> ok, or another fault), so a working printer
costs the hall no write per slip; ``since`` says when the state began. Devices are not day records: they stay
in the hot file across days (the day-close moves nothing of them).
"""

from __future__ import annotations

from kiosk.context import Context
from kiosk.records import DeviceState
from kiosk.store import TableName, Tx

DEVICES: TableName[DeviceState] = TableName("devices")
#: What ``state`` may be.
STATES = ("ok", "fault")


def note(
    tx: Tx,
    ctx: Context,
    terminal: str,
    device: str,
    *,
    where: str,
    reason: str | None = None,
    detail: str | None = None,
) -> DeviceState | None:
    """Record that ``device`` of ``terminal`` just worked (``reason`` None) or failed (``reason``); returns the
    record written, or None when it was already in that state (nothing written)."""
    key = f"{terminal}/{device}"
    state = "ok" if reason is None else "fault"
    old = tx.get(DEVICES, key)
    if old is not None and old["state"] == state and old["reason"] == reason and old["where"] == where:
        return None
    record: DeviceState = {
        "key": key,
        "terminal": terminal,
        "device": device,
        "state": state,
        "since": ctx.stamp,
        "reason": reason,
        "detail": detail,
        "where": where,
        "last_ok": ctx.stamp if state == "ok" else (old["last_ok"] if old else None),
        "last_fault": ctx.stamp if state == "fault" else (old["last_fault"] if old else None),
    }
    if old is None:
        tx.insert(DEVICES, record)
    else:
        tx.update(DEVICES, key, record)
    return record


def faults(tx: Tx) -> list[DeviceState]:
    """Every device whose last use failed, by terminal."""
    return sorted((d for d in tx.records(DEVICES) if d["state"] == "fault"), key=lambda d: d["key"])


def states(tx: Tx) -> list[DeviceState]:
    """Every device's state, by terminal."""
    return sorted(tx.records(DEVICES), key=lambda d: d["key"])
