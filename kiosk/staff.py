"""Staff accounts, PINs, lockout and counter sessions.

Records: table ``staff`` holds :class:`~kiosk.records.StaffAccount` (key = the staff id), its ``pin`` a
:class:`~kiosk.records.PinRecord`.

PINs
    6 to 8 digits (full-width digits are folded to ASCII). With the lockout below an attacker gets at most 288
    guesses a day per id: a 4-digit PIN would fall in about a month, a 6-digit one takes about ten years. PINs
    that are guessed first are refused: one digit repeated or a short block repeated (``000000``, ``121212``,
    ``123123``), consecutive digits up or down (``123456``, ``987654``, ``789012``), a few keypad patterns
    (``147258``, ``159357``...), and the digits of the staff id itself.

Hashing
    A PIN is stored only as a salted scrypt hash (:func:`hashlib.scrypt`, n=2**15, r=8, p=1: 32 MiB and about
    80 ms per hash on the reference machine), with its parameters, so they can be raised later: a sign-in with
    an older record re-hashes the PIN with the current ones. Hashes are compared with
    :func:`hmac.compare_digest`. The PIN itself is never written anywhere, the audit log included.

Lockout
    Five wrong PINs in a row lock the id for five minutes on the hall's clock. The count lives in the store, so
    it holds across terminals and processes; a successful sign-in resets it, a new PIN clears it, and tries made
    while locked are refused without even checking the PIN (so they cannot confirm a guess) and do not extend
    the lock.

No enumeration
    A sign-in with an unknown or disabled id, with a wrong PIN, or on a locked id runs the same scrypt and fails
    with the same message (``staff.sign_in_failed``), so nobody at a console can learn which ids exist or are
    locked. Unknown ids leave no staff record (only an audit entry). ``kiosk staff-list`` shows locks.

Sessions
    A successful sign-in opens a session at the counter (kept in the counter's record of the day, so sessions
    end with the day): ``{id, staff, name, counter, started}``. One counter has one signed-in clerk: a sign-in at
    a counter someone else holds takes it over (both recorded in the audit log), and a clerk signed in elsewhere
    is moved (refused while still serving a resident there). While a counter is held, counter actions naming a
    different staff id are refused (``staff.counter_taken``), so a console that was taken over cannot act.
    Signing in opens the counter; signing out closes it and is refused while a resident is being served.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast, overload

from kiosk import audit, queue, validation
from kiosk.context import Context, parse_stamp, stamp
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.records import CounterState, PinRecord, SignInOutcome, SignOut, StaffAccount, StaffPublic, StaffSession
from kiosk.store import TableName, Tx

STAFF: TableName[StaffAccount] = TableName("staff")
PIN_MIN, PIN_MAX = 6, 8
MAX_FAILURES = 5
LOCK_MINUTES = 5
#: scrypt cost for new hashes; records keep their own parameters.
SCRYPT_PARAMS = {"n": 2**15, "r": 8, "p": 1, "dklen": 32}
SALT_BYTES = 16
#: Keypad and habit patterns guessed right after repeats and runs.
WEAK_PINS = frozenset(
    {
        "112233",
        "123321",
        "147258",
        "159357",
        "147852",
        "258369",
        "789456",
        "456123",
        "131415",
        "778899",
        "11223344",
        "12344321",
        "14725836",
        "15935728",
    }
)
#: The hash an unknown or disabled id is checked against: random, so no PIN matches it.
_DUMMY_HASH = secrets.token_hex(32)


# --------------------------------------------------------------------------------------------- PINs


def _fold(pin: str) -> str:
    return unicodedata.normalize("NFKC", pin or "").strip()


def check_pin(pin: str, *, staff_id: str | None = None) -> str:
    """A new PIN in normal form (ASCII digits), or :class:`InvalidInput` saying what is wrong with it."""
    value = _fold(pin)
    if not value:
        raise InvalidInput("staff.pin_missing", field="pin")
    if not (value.isascii() and value.isdigit() and PIN_MIN <= len(value) <= PIN_MAX):
        raise InvalidInput("staff.pin_format", field="pin", minimum=PIN_MIN, maximum=PIN_MAX)
    if _weak(value) or (staff_id and value in staff_id):
        raise InvalidInput("staff.pin_weak", field="pin")
    return value


def _weak(pin: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    repeated = any(
        len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in range(1, len(pin) // 2 + 1)
    )
    return repeated or steps in ({1}, {9}) or pin in WEAK_PINS


def hash_pin(pin: str, params: dict[str, int] | None = None) -> PinRecord:
    """A fresh salted hash record of ``pin``: ``{algorithm, salt, params, hash}`` (salt and hash in hex)."""
    chosen = dict(params or SCRYPT_PARAMS)
    salt = os.urandom(SALT_BYTES)
    return {
        "algorithm": "scrypt",
        "salt": salt.hex(),
        "params": chosen,
        "hash": _scrypt(_fold(pin), salt, chosen).hex(),
    }


def _scrypt(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    n, r, p = params["n"], params["r"], params["p"]
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=params["dklen"], maxmem=2 * 128 * r * n * p + 1024 * 1024
    )


def verify_pin(pin: str, record: PinRecord | None) -> bool:
    """Whether ``pin`` matches the hash ``record``. With no record it costs the same and answers False."""
    chosen: Mapping[str, Any]
    if record is not None and record.get("algorithm") == "scrypt":
        chosen = record
    else:  # an unknown or disabled id costs one scrypt with today's parameters, like any other sign-in
        chosen = {"salt": "00" * SALT_BYTES, "params": dict(SCRYPT_PARAMS, dklen=32), "hash": _DUMMY_HASH}
    derived = _scrypt(_fold(pin), bytes.fromhex(chosen["salt"]), chosen["params"])
    return hmac.compare_digest(derived, bytes.fromhex(chosen["hash"])) and chosen is record


def needs_rehash(record: PinRecord) -> bool:
    """Whether ``record`` was made with other parameters than today's (then a sign-in re-hashes the PIN)."""
    return record.get("algorithm") != "scrypt" or record.get("params") != SCRYPT_PARAMS


# --------------------------------------------------------------------------------------------- accounts


def get(tx: Tx, staff_id: str) -> StaffAccount | None:
    """The account ``staff_id``, or None."""
    return tx.get(STAFF, staff_id)


def existing(tx: Tx, staff_id: str) -> StaffAccount:
    """The account ``staff_id``, or :class:`NotFound` (for managing accounts, not for signing in)."""
    account = get(tx, staff_id)
    if account is None:
        raise NotFound("staff.unknown", field="staff", staff=staff_id)
    return account


def locked_until(ctx: Context, account: StaffAccount) -> datetime | None:
    """When the account's lock ends, or None when it is not locked now."""
    until = account.get("locked_until")
    if until and parse_stamp(until) > ctx.now:
        return parse_stamp(until)
    return None


def add(
    tx: Tx, ctx: Context, staff_id: str, name: str, pin_record: PinRecord, *, os_user: str | None = None
) -> StaffAccount:
    """Create the account (id and name already checked, PIN already hashed); refused when the id is taken.
    ``os_user``: the operating-system user who did it (the CLI's admin commands), for the audit log."""
    if get(tx, staff_id) is not None:
        raise Refused("staff.exists", field="staff", staff=staff_id)
    account: StaffAccount = {
        "key": staff_id,
        "id": staff_id,
        "name": name,
        "active": True,
        "created": ctx.stamp,
        "pin": pin_record,
        "pin_changed": ctx.stamp,
        "failures": 0,
        "locked_until": None,
        "last_failure": None,
        "last_sign_in": None,
    }
    tx.insert(STAFF, account)
    audit.record(tx, ctx, "staff_added", subject=None, detail={"id": staff_id, "name": name, "os_user": os_user})
    return account


def change_pin(
    tx: Tx, ctx: Context, staff_id: str, pin_record: PinRecord, *, os_user: str | None = None
) -> StaffAccount:
    """Give the account a new PIN hash; this also lifts a lock and clears the failure count."""
    was = existing(tx, staff_id)
    account = tx.update(
        STAFF, staff_id, {"pin": pin_record, "pin_changed": ctx.stamp, "failures": 0, "locked_until": None}
    )
    audit.record(
        tx,
        ctx,
        "pin_changed",
        detail={"id": staff_id, "os_user": os_user, "lock_lifted": bool(locked_until(ctx, was)) or None},
    )
    return account


def set_active(tx: Tx, ctx: Context, staff_id: str, active: bool, *, os_user: str | None = None) -> StaffAccount:
    """Enable or disable an account. A disabled account cannot sign in or act, and is signed out everywhere."""
    existing(tx, staff_id)
    if not active:
        for state in _sessions(tx, ctx):
            if _held(state)["staff"] == staff_id:
                _end_session(tx, ctx, state, reason="disabled")
    account = tx.update(STAFF, staff_id, {"active": active})
    audit.record(tx, ctx, "staff_enabled" if active else "staff_disabled", detail={"id": staff_id, "os_user": os_user})
    return account


def public(ctx: Context, account: StaffAccount, counter: str | None = None) -> StaffPublic:
    """What may be shown about an account (never its PIN hash)."""
    until = locked_until(ctx, account)
    return {
        "id": account["id"],
        "name": account["name"],
        "active": account["active"],
        "created": account["created"],
        "pin_changed": account.get("pin_changed"),
        "last_sign_in": account.get("last_sign_in"),
        "failures": account.get("failures", 0),
        "locked": until is not None,
        "locked_until": stamp(until) if until else None,
        "counter": counter,
    }


def listing(tx: Tx, ctx: Context) -> list[StaffPublic]:
    """Every account, by id, with the counter it is signed in at today (if any)."""
    where = {_held(state)["staff"]: state["key"] for state in _sessions(tx, ctx)}
    return [
        public(ctx, account, where.get(account["id"])) for account in sorted(tx.records(STAFF), key=lambda a: a["id"])
    ]


# --------------------------------------------------------------------------------------------- sessions


def _sessions(tx: Tx, ctx: Context) -> list[CounterState]:
    """Today's counter records that hold a session."""
    day = ctx.today.isoformat()
    return [state for state in tx.records(queue.COUNTERS) if state.get("day") == day and state.get("session")]


def _held(state: CounterState) -> StaffSession:
    """The session of a counter record known to hold one (from :func:`_sessions`, or checked by the caller)."""
    return cast(StaffSession, state.get("session"))


def session_at(tx: Tx, ctx: Context, counter_id: str) -> StaffSession | None:
    """The session open at ``counter_id`` today, or None."""
    return queue.counter_state(tx, ctx, counter_id).get("session")


def _save(tx: Tx, state: CounterState) -> None:
    if tx.get(queue.COUNTERS, state["key"]) is None:
        tx.insert(queue.COUNTERS, state)
    else:
        tx.update(queue.COUNTERS, state["key"], state)


def _end_session(tx: Tx, ctx: Context, state: CounterState, *, reason: str, by: str | None = None) -> None:
    """Close the session held in counter record ``state`` and the counter with it."""
    session = _held(state)
    state.update({"state": "closed", "staff": None, "session": None})
    _save(tx, state)
    audit.record(
        tx,
        ctx,
        "sign_out",
        staff=session["staff"],
        counter=state["key"],
        detail={"reason": reason, "by": by, "session": session["id"], "started": session["started"]},
    )


def conclude_sign_in(
    tx: Tx,
    ctx: Context,
    staff_id: str,
    counter_id: str | None,
    verified: PinRecord | None,
    matched: bool,
    rehashed: PinRecord | None = None,
    *,
    count_failure: bool = True,
) -> SignInOutcome:
    """Second half of a sign-in, in one transaction, once the PIN has been checked outside the lock.

    ``verified`` is the hash record the PIN was checked against (None for an unknown or disabled id) and
    ``matched`` the result. Returns ``{"retry": True}`` when the account changed in between (check again),
    ``{"ok": False}`` for a failure (counted, and audited), or ``{"ok": True, "session": ...}``.

    With ``counter_id`` None it is the kiosk's staff key: the same PIN rules, lockout and audit, but no counter
    session; success returns ``{"ok": True, "account": ...}``.

    ``count_failure=False`` audits a wrong PIN without counting it towards the lockout: for the staff key of a
    public terminal (kiosk, board), which throttles its own tries instead, so that anyone passing by cannot lock
    a clerk out of the console. A locked id is refused there too.

    An unknown id is audited without its text (only its length): what was typed as an id may be a PIN typed
    into the wrong field.
    """
    counter = queue.find_counter(ctx, counter_id) if counter_id else None
    where = counter.id if counter else None
    account = get(tx, staff_id)
    current = account["pin"] if account is not None and account["active"] else None
    if current != verified:
        return {"retry": True}
    if account is None:
        audit.record(tx, ctx, "sign_in_failed", counter=where, detail={"reason": "unknown", "id_length": len(staff_id)})
        return {"ok": False}
    if not account["active"]:
        audit.record(tx, ctx, "sign_in_failed", staff=staff_id, counter=where, detail={"reason": "disabled"})
        return {"ok": False}
    until = locked_until(ctx, account)
    if until is not None:
        audit.record(tx, ctx, "sign_in_locked", staff=staff_id, counter=where, detail={"locked_until": stamp(until)})
        return {"ok": False}
    if not matched and not count_failure:
        audit.record(
            tx, ctx, "sign_in_failed", staff=staff_id, counter=where, detail={"reason": "pin", "counted": False}
        )
        return {"ok": False}
    if not matched:
        failures = account.get("failures", 0) + 1
        changes: dict[str, Any] = {"failures": failures, "last_failure": ctx.stamp}
        if failures >= MAX_FAILURES:
            changes.update({"failures": 0, "locked_until": stamp(ctx.now + timedelta(minutes=LOCK_MINUTES))})
        tx.update(STAFF, staff_id, changes)
        audit.record(
            tx,
            ctx,
            "sign_in_failed",
            staff=staff_id,
            counter=where,
            detail={"reason": "pin", "failures": failures, "locked_until": changes.get("locked_until")},
        )
        return {"ok": False}
    if counter is None:
        tx.update(STAFF, staff_id, {"failures": 0, "locked_until": None, **({"pin": rehashed} if rehashed else {})})
        audit.record(tx, ctx, "staff_key", staff=staff_id, detail={"terminal": "kiosk"})
        return {"ok": True, "account": public(ctx, get(tx, staff_id) or account)}
    return {"ok": True, "session": _open_session(tx, ctx, account, counter.id, rehashed)}


def _open_session(
    tx: Tx, ctx: Context, account: StaffAccount, counter_id: str, rehashed: PinRecord | None
) -> StaffSession:
    staff_id = account["id"]
    moved_from = None
    for state in _sessions(tx, ctx):
        if _held(state)["staff"] == staff_id and state["key"] != counter_id:
            if state["serving"]:
                raise Refused("counter.finish_first", counter=state["key"])
            _end_session(tx, ctx, state, reason="moved", by=staff_id)
            moved_from = state["key"]
    state = queue.counter_state(tx, ctx, counter_id)
    holder = state.get("session")
    if holder is not None and holder["staff"] != staff_id:
        _end_session(tx, ctx, state, reason="taken_over", by=staff_id)
        state = queue.counter_state(tx, ctx, counter_id)
    session: StaffSession = {
        "id": secrets.token_hex(6),
        "staff": staff_id,
        "name": account["name"],
        "counter": counter_id,
        "started": ctx.stamp,
    }
    state.update({"state": "open", "staff": staff_id, "session": session})
    _save(tx, state)
    changes: dict[str, Any] = {"failures": 0, "locked_until": None, "last_sign_in": ctx.stamp}
    if rehashed is not None:
        changes["pin"] = rehashed
    tx.update(STAFF, staff_id, changes)
    audit.record(
        tx,
        ctx,
        "sign_in",
        staff=staff_id,
        counter=counter_id,
        detail={
            "session": session["id"],
            "took_over": holder["staff"] if holder and holder["staff"] != staff_id else None,
            "moved_from": moved_from,
            "rehashed": True if rehashed else None,
        },
    )
    return session


def sign_out(tx: Tx, ctx: Context, staff_id: str, counter_id: str, session_id: str | None = None) -> SignOut:
    """End ``staff_id``'s session at ``counter_id`` (only session ``session_id`` when given) and close the
    counter; refused while a resident is being served. Signing out of a session that has already ended (taken
    over, moved, day closed) changes nothing but is still recorded."""
    counter = queue.find_counter(ctx, counter_id)
    state = queue.counter_state(tx, ctx, counter.id)
    holder = state.get("session")
    mine = holder is not None and holder["staff"] == staff_id and session_id in (None, holder["id"])
    if mine:
        if state["serving"]:
            raise Refused("counter.finish_first", counter=counter.id)
        _end_session(tx, ctx, state, reason="signed_out")
    else:
        audit.record(
            tx,
            ctx,
            "sign_out",
            staff=staff_id,
            counter=counter.id,
            detail={"reason": "not_signed_in", "session": session_id},
        )
    return {
        "staff": staff_id,
        "counter": counter.id,
        "signed_out": mine,
        "started": holder["started"] if mine and holder else None,
        "ended": ctx.stamp,
    }


@overload
def authorize(tx: Tx, ctx: Context, staff: str, counter_id: str | None = None) -> str: ...
@overload
def authorize(tx: Tx, ctx: Context, staff: str | None, counter_id: str | None = None) -> str | None: ...


def authorize(tx: Tx, ctx: Context, staff: str | None, counter_id: str | None = None) -> str | None:
    """The staff id an action is done under, checked: well formed, not a disabled account, and not acting at a
    counter where someone else is signed in. None (no staff given) is allowed: scripts and the IT person."""
    if staff is None:
        return None
    staff = validation.staff_id(staff)
    account = get(tx, staff)
    if account is not None and not account["active"]:
        raise Refused("staff.disabled", field="staff", staff=staff)
    if counter_id is not None:
        holder = queue.counter_state(tx, ctx, counter_id).get("session")
        if holder is not None and holder["staff"] != staff:
            raise Refused("staff.counter_taken", field="staff", counter=counter_id, holder=holder["staff"])
    return staff


@overload
def attribute(
    tx: Tx, ctx: Context, staff: str, counter_id: str | None, os_user: str | None
) -> tuple[str, dict[str, Any]]: ...
@overload
def attribute(
    tx: Tx, ctx: Context, staff: str | None, counter_id: str | None, os_user: str | None
) -> tuple[str | None, dict[str, Any]]: ...


def attribute(
    tx: Tx, ctx: Context, staff: str | None, counter_id: str | None, os_user: str | None
) -> tuple[str | None, dict[str, Any]]:
    """Whom an action is recorded under, and how that is known: ``(staff id or None, audit detail)``.

    From a signed-in counter console (``os_user`` None) the session is the proof: ``staff`` is its clerk. From
    the command line (``os_user`` is the operating-system user) nothing proves who typed ``--staff``: at a
    counter where a clerk is signed in, the action is that clerk's (a different ``--staff`` is refused), with or
    without ``--staff``; elsewhere the id given is recorded as given on the command line by that user
    (``staff_proof: command_line``), never as a sign-in.
    """
    actor = authorize(tx, ctx, staff, counter_id)
    if os_user is None:
        return actor, {}
    holder = queue.counter_state(tx, ctx, counter_id).get("session") if counter_id is not None else None
    if holder is not None:
        return holder["staff"], {"os_user": os_user, "staff_proof": "signed_in"}
    return actor, {"os_user": os_user, "staff_proof": "command_line" if actor else None}


# --------------------------------------------------------------------------------------------- staff key throttle


class TerminalThrottle:
    """Growing delays between wrong PINs at one terminal's staff key (F12 at a kiosk or a board).

    After the first two failures in a row there is no wait; after the third the next try waits 2 s, then 4, 8,
    16... up to :data:`LOCK_MINUTES` (so at worst a terminal gets a try every five minutes, no more than the
    account lockout allows a console). A correct PIN starts again from nothing.

    These failures are *not* counted in the data file towards the account's lockout: that count is shared by
    every terminal, so at a public kiosk anyone who knows or guesses a staff id could lock that clerk out of the
    counter console, five tries every five minutes, all day. The throttle is kept in the terminal's own process
    instead: it slows down whoever is guessing *here* and nobody anywhere else. It need not survive a restart:
    only staff can end the kiosk or board program (through this same prompt), so a resident cannot reset it.
    Times come from the hall's clock (tests move a fixed clock instead of sleeping).
    """

    FREE_FAILURES = 2
    FIRST_DELAY_SECONDS = 2
    MAX_DELAY_SECONDS = LOCK_MINUTES * 60

    def __init__(self) -> None:
        self.failures = 0
        self.last_failure: datetime | None = None
        self._lock = threading.Lock()  # the PIN is checked in a worker thread

    def delay(self) -> float:
        """Seconds the next try must wait after the last failure (0, 0, 2, 4, 8, ... capped)."""
        if self.failures <= self.FREE_FAILURES:
            return 0.0
        exponent = min(self.failures - self.FREE_FAILURES - 1, 32)
        return float(min(self.FIRST_DELAY_SECONDS * 2**exponent, self.MAX_DELAY_SECONDS))

    def wait(self, now: datetime) -> int:
        """Whole seconds to wait before the next try at ``now`` (0: try now)."""
        with self._lock:
            if self.last_failure is None:
                return 0
            left = (self.last_failure - now).total_seconds() + self.delay()
            return max(0, math.ceil(left))

    def failed(self, now: datetime) -> None:
        """A wrong id or PIN at ``now``."""
        with self._lock:
            self.failures += 1
            self.last_failure = now

    def succeeded(self) -> None:
        """A correct PIN: no more waiting."""
        with self._lock:
            self.failures = 0
            self.last_failure = None
