"""The audit log: who did what, at which counter, when.

Every staff sign-in (successful, failed or refused while locked), sign-out and every counter or service-request
action done through :class:`~kiosk.hall.Hall` appends one entry, *inside the transaction of the action it
records*: the action and its entry are committed together or not at all, so a refused action leaves no entry
and no entry describes an action that did not happen.

Records: table ``audit`` holds :class:`~kiosk.records.AuditEntry` (business key ``"<day>/audit/<seq>"``; ``seq``
counts 1, 2, ... per day).

The code is kept under ``subject``, never ``code``: the archive indexes a record's ``code`` to find the day
file that holds it, and an audit entry must not redirect that lookup away from the ticket or request itself.

Entries of a day move to that day's archive file when the day closes, like the day's calls (see
:mod:`kiosk.dayclose`), so the hot file holds only today's log; :func:`entries` reads both.

Actions (``action``): ``sign_in``, ``sign_in_failed``, ``sign_in_locked``, ``sign_out``, ``call``, ``recall``,
``no_show``, ``transfer``, ``finish``, ``counter_state``, ``request_status``, ``request_note``, ``staff_added``,
``pin_changed``, ``staff_disabled``, ``staff_enabled``, ``staff_key``, ``restore`` (a backup put back),
``archive`` (days closed by ``kiosk archive``), ``export`` (an export with names and phones in full),
``reprint`` (a slip printed again by staff: the console's key or ``kiosk print``, with the terminal and whether it
printed).

Who did it: ``staff`` is a clerk proven by a sign-in (the counter console's session, or the clerk signed in at the
counter a command-line action was made at). An action from the command line also carries ``detail.os_user``, the
operating-system user who ran it, and ``detail.staff_proof``: ``signed_in`` (the counter's session), or
``command_line`` when ``staff`` is only the ``--staff`` id that user typed, which nothing proves. The CLI's admin
commands (staff accounts, restore, archive, full-contact export) record ``detail.os_user``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from kiosk.context import Context
from kiosk.records import AuditEntry
from kiosk.store import TableName, Tx

AUDIT: TableName[AuditEntry] = TableName("audit")
ACTIONS = (
    "sign_in", "sign_in_failed", "sign_in_locked", "sign_out", "call", "recall", "no_show", "transfer", "finish",
    "counter_state", "request_status", "request_note", "staff_added", "pin_changed", "staff_disabled",
    "staff_enabled", "staff_key", "restore", "archive", "export", "reprint", "rating_not_rated", "rating_recorded",
    "case_step", "request_visit", "message_resent",
)  # fmt: skip


def record(
    tx: Tx,
    ctx: Context,
    action: str,
    *,
    staff: str | None = None,
    counter: str | None = None,
    ticket: str | None = None,
    subject: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to today's log in the open transaction ``tx`` and return it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    day = ctx.today.isoformat()
    seq = (tx.highest(AUDIT, "seq", day=day) or 0) + 1  # from the store's index: no scan of a busy day
    entry: AuditEntry = {
        "key": f"{day}/audit/{seq}",
        "day": day,
        "seq": seq,
        "at": ctx.stamp,
        "staff": staff,
        "counter": counter,
        "action": action,
        "ticket": ticket,
        "subject": subject,
        "detail": {k: v for k, v in (detail or {}).items() if v is not None},
    }
    tx.insert(AUDIT, entry)
    return entry


def entries(
    tx: Tx,
    ctx: Context,
    *,
    day: date | None = None,
    staff: str | None = None,
    counter: str | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries of ``day`` (default today; an archived day is read from its day file), oldest first, filtered by
    staff, counter and action, keeping the last ``limit`` when given."""
    chosen = day or ctx.today
    if chosen == ctx.today:
        found = tx.records(AUDIT)
    else:
        found = cast(list[AuditEntry], list(tx.archive.read_day(chosen).get(AUDIT, {}).values()))
        # A day not yet closed (the hall saw no write since) is still in the hot file.
        found += tx.where(AUDIT, day=chosen.isoformat())
    iso = chosen.isoformat()
    # By key: a crash between writing a day file and trimming the hot file may leave an entry in both.
    unique = {e["key"]: e for e in found if e["day"] == iso}
    found = sorted(
        (
            e
            for e in unique.values()
            if (staff is None or e["staff"] == staff)
            and (counter is None or e["counter"] == counter)
            and (action is None or e["action"] == action)
        ),
        key=lambda e: e["seq"],
    )
    if limit is not None:
        found = found[-limit:] if limit > 0 else []
    return found
