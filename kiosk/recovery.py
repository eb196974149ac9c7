"""Putting a backup back without undoing what happened since: closed days stay closed, the audit log keeps today.

A backup is a state of the hot file from up to a day ago (``kiosk backups``). Written back as it is, it would
bring back days that were closed since (their tickets waiting again, their appointments not yet no-shows, which
the next close would archive a second time and differently), and it would drop every audit entry written since,
the record of who did what. :func:`reconcile` makes the backup agree with the hall as it stands:

* **Closed days are not brought back.** The last closed day is the latest of what the archive, the backup and
  the current file say. The backup's tickets, appointments, calls and audit entries of a closed day, its ratings
  made on a closed day and any request the archive already holds are dropped (the archive has their final
  state), and the restored file keeps the newer day bookkeeping, so no write can reopen a closed day.
* **Texts already sent stay sent.** The current file's outbox and stop keywords are kept whole: a message the
  backup holds as waiting but which went since is not sent again, and a number that opted out stays out.
* **Today's audit log is kept.** Entries of open days that the current file holds and the backup does not are
  carried over (re-numbered after the backup's if a number is taken), and the restore itself is one more entry,
  with its actor (``detail.os_user``, the operating-system user) and what was dropped and kept.
* **Staff accounts stay as they are now**: a backup never re-enables a disabled account or brings back an old
  PIN. Board call ids keep increasing.

When the current file cannot be read (the usual reason to restore), only the archive is reconciled and the
summary says the audit entries since the backup could not be kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk import audit, booking, dayclose, outbox, queue, ratings, requests
from kiosk.context import Context
from kiosk.errors import Refused
from kiosk.records import RestoreFacts
from kiosk.staff import STAFF
from kiosk.store import CLOCK_META, CLOCK_TRAINING, META_TABLE, Archive, Tables

#: Tables whose records carry the ``day`` they belong to.
DAY_TABLES = (queue.TICKETS, booking.APPOINTMENTS, queue.CALLS, audit.AUDIT)


def _meta(tables: Tables | None) -> dict[str, Any]:
    if not tables:
        return {}
    return dict(tables.get(META_TABLE, {}).get("1", {}))


def _renumber(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(n): doc for n, doc in enumerate(table.values(), start=1)}


def reconcile(
    restored: Tables, current: Tables | None, archive: Archive, ctx: Context, *, actor: str, backup: str
) -> tuple[Tables, RestoreFacts]:
    """The tables to write for a restore of ``restored`` over ``current`` (None when unreadable or missing), and
    a summary: ``{closed_through, dropped: {table: n}, audit_kept: n | None}``."""
    meta, now_meta = _meta(restored), _meta(current)
    marks = [archive.closed_through()] + [
        date.fromisoformat(m[dayclose.CLOSED_THROUGH]) for m in (meta, now_meta) if m.get(dayclose.CLOSED_THROUGH)
    ]
    through = max((d for d in marks if d is not None), default=None)
    dropped: dict[str, int] = {}
    tables: Tables = {name: dict(table) for name, table in restored.items()}

    def drop(name: str, gone: Any) -> None:
        table = tables.get(name, {})
        kept = {doc_id: doc for doc_id, doc in table.items() if not gone(doc)}
        if len(kept) != len(table):
            dropped[name] = len(table) - len(kept)
            tables[name] = _renumber(kept)

    if through is not None:
        last = through.isoformat()
        for name in DAY_TABLES:
            drop(name, lambda doc: str(doc.get("day", "")) <= last)
        drop(ratings.RATINGS, lambda doc: str(doc.get("at", ""))[:10] <= last)
        drop(requests.REQUESTS, lambda doc: archive.locate(str(doc.get("code", ""))) is not None)
        meta[dayclose.CLOSED_THROUGH] = last
        if str(meta.get(dayclose.OPEN_DAY) or "") <= last:
            meta[dayclose.OPEN_DAY] = now_meta.get(dayclose.OPEN_DAY) or ctx.today.isoformat()

    # The restore is a write like any other: never into a closed day, and on a training copy never on a later day
    # than the copy is on (its clock is whatever --now says; without it, the machine's).
    if through is not None and ctx.today <= through:
        raise Refused("clock.day_closed", now=ctx.stamp[:16].replace("T", " "), day=through.isoformat())
    running = meta.get(dayclose.OPEN_DAY)
    if meta.get(CLOCK_META) == CLOCK_TRAINING and running and ctx.today.isoformat() > running:
        raise Refused("clock.training_day", now=ctx.stamp[:16].replace("T", " "), day=running)

    # The newest accepted write and the board's call ids only ever move forward.
    for key in (dayclose.LAST_WRITE,):
        if now_meta.get(key) and (not meta.get(key) or now_meta[key]["at"] > meta[key]["at"]):
            meta[key] = now_meta[key]
    if now_meta.get(queue.LAST_CALL_ID):
        meta[queue.LAST_CALL_ID] = max(int(meta.get(queue.LAST_CALL_ID, 0)), int(now_meta[queue.LAST_CALL_ID]))
    meta[dayclose.PENDING_DAY] = None

    audit_kept: int | None = None
    if through is not None:
        drop(outbox.MESSAGES, lambda doc: str(doc.get("day", "")) <= through.isoformat())
    if current is not None:
        if STAFF in current:
            tables[STAFF] = dict(current[STAFF])
        # A text that went cannot be unsent: the outbox and the stop keywords stay as the current file has them,
        # so a restore never sends a message a second time nor texts a number that opted out.
        for kept_table in (str(outbox.MESSAGES), str(outbox.OPTOUTS)):
            if kept_table in current:
                tables[kept_table] = dict(current[kept_table])
        audit_kept = _carry_audit(tables, current, through)
    _append_restore_entry(tables, ctx, actor=actor, backup=backup, dropped=dropped, audit_kept=audit_kept)
    tables[META_TABLE] = {"1": meta}
    return tables, {
        "closed_through": through.isoformat() if through else None,
        "dropped": dropped,
        "audit_kept": audit_kept,
    }


def _carry_audit(tables: Tables, current: Tables, through: date | None) -> int:
    """Copy the current file's audit entries of open days that the restored tables lack; return how many."""
    log = dict(tables.get(audit.AUDIT, {}))
    by_key = {doc["key"]: doc for doc in log.values()}
    carried = 0
    for entry in sorted(current.get(audit.AUDIT, {}).values(), key=lambda e: (e.get("day", ""), e.get("seq", 0))):
        if through is not None and str(entry.get("day", "")) <= through.isoformat():
            continue
        known = by_key.get(entry["key"])
        if known == entry:
            continue
        if known is not None:  # the number is taken by a different entry in the backup: give it the next one
            seq = _next_seq(by_key.values(), entry["day"])
            entry = dict(entry, seq=seq, key=f"{entry['day']}/audit/{seq}")
        by_key[entry["key"]] = entry
        carried += 1
    tables[audit.AUDIT] = _renumber({str(n): doc for n, doc in enumerate(by_key.values(), start=1)})
    return carried


def _next_seq(entries: Any, day: str) -> int:
    return max((int(e.get("seq", 0)) for e in entries if e.get("day") == day), default=0) + 1


def _append_restore_entry(
    tables: Tables, ctx: Context, *, actor: str, backup: str, dropped: dict[str, int], audit_kept: int | None
) -> None:
    """The restore's own audit entry (built as :func:`kiosk.audit.record` builds one)."""
    log = tables.setdefault(audit.AUDIT, {})
    day = ctx.today.isoformat()
    seq = _next_seq(log.values(), day)
    entry = {
        "key": f"{day}/audit/{seq}",
        "day": day,
        "seq": seq,
        "at": ctx.stamp,
        "staff": None,
        "counter": None,
        "action": "restore",
        "ticket": None,
        "subject": None,
        "detail": {
            k: v
            for k, v in {
                "os_user": actor,
                "backup": backup,
                "dropped": dropped or None,
                "audit_kept": audit_kept,
            }.items()
            if v is not None
        },
    }
    log[str(len(log) + 1)] = entry
