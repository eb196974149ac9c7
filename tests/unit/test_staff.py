"""Staff accounts: PIN rules and hashing, sign-in, lockout, sessions at counters, and who may act where.

The clock starts at Monday 2026-11-23 09:00 (conftest). Most tests run scrypt with cheap parameters (the
``cheap_scrypt`` fixture) so the suite stays fast; the production parameters are checked on their own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from domain_helpers import TUESDAY, at, hot, refusal

from kiosk import staff
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.hall import Hall

PIN = "480316"
CHEAP = {"n": 2**4, "r": 1, "p": 1, "dklen": 32}


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", CHEAP)


@pytest.fixture
def clerk(hall: Hall) -> dict[str, Any]:
    """One account, s01 (王芳), with :data:`PIN`."""
    return hall.add_staff("s01", "王芳", PIN)


def failed(hall: Hall, staff_id: str, pin: str, counter: str = "1") -> Refused:
    error = refusal(hall.sign_in, staff_id, pin, counter)
    assert error.key == "staff.sign_in_failed"
    return error


def invalid(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value


# --- PIN rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["480316", "90210755", "２４６８１３"])
def test_good_pins_are_accepted_in_normal_form(pin: str) -> None:
    assert staff.check_pin(pin).isdigit() and staff.check_pin(pin).isascii()


@pytest.mark.parametrize(
    ("pin", "key"),
    [
        ("", "staff.pin_missing"),
        ("  ", "staff.pin_missing"),
        ("48031", "staff.pin_format"),
        ("480316123", "staff.pin_format"),
        ("48O316", "staff.pin_format"),
        ("4803 16", "staff.pin_format"),
        ("000000", "staff.pin_weak"),
        ("121212", "staff.pin_weak"),
        ("123123", "staff.pin_weak"),
        ("12341234", "staff.pin_weak"),
        ("123456", "staff.pin_weak"),
        ("987654", "staff.pin_weak"),
        ("789012", "staff.pin_weak"),
        ("147258", "staff.pin_weak"),
    ],
)
def test_weak_or_malformed_pins_are_refused(pin: str, key: str) -> None:
    assert invalid(staff.check_pin, pin).key == key


def test_a_pin_inside_the_staff_id_is_refused() -> None:
    assert invalid(staff.check_pin, "480316", staff_id="w480316").key == "staff.pin_weak"
    assert staff.check_pin("480316", staff_id="s01") == "480316"


# --- hashing ---------------------------------------------------------------------------------------------------


def test_production_parameters_are_a_slow_salted_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real parameters, not the cheap ones
    assert staff.SCRYPT_PARAMS["n"] >= 2**14 and staff.SCRYPT_PARAMS["r"] >= 8
    record = staff.hash_pin(PIN)
    assert record["algorithm"] == "scrypt" and record["params"] == staff.SCRYPT_PARAMS
    assert len(bytes.fromhex(record["salt"])) == staff.SALT_BYTES
    assert staff.verify_pin(PIN, record) and not staff.verify_pin("480317", record)


def test_the_same_pin_gets_a_different_salt_and_hash_for_each_account(hall: Hall) -> None:
    hall.add_staff("s01", "王芳", PIN)
    hall.add_staff("s02", "李强", PIN)
    first, second = (a["pin"] for a in hot(hall, "staff"))
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert staff.verify_pin(PIN, first) and staff.verify_pin(PIN, second)


def test_no_pin_is_stored_in_plain_anywhere_in_the_data_file(hall: Hall, clerk: dict[str, Any]) -> None:
    failed(hall, "s01", "739146")
    hall.sign_in("s01", PIN, "1")
    hall.set_pin("s01", "592047")
    data = hall.store.path.read_bytes()
    for pin in (PIN, "739146", "592047"):
        assert pin.encode() not in data
    assert "pin" not in clerk  # nor in what the facade hands out
    assert all("pin" not in account for account in hall.list_staff())


def test_full_width_digits_sign_in_like_ascii_ones(hall: Hall, clerk: dict[str, Any]) -> None:
    assert hall.sign_in("ｓ01", "４８０３１６", "1")["staff"] == "s01"


def test_an_outdated_hash_is_replaced_at_the_next_sign_in(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    hall.add_staff("s01", "王芳", PIN)
    old = hot(hall, "staff")[0]["pin"]
    monkeypatch.setattr(staff, "SCRYPT_PARAMS", dict(CHEAP, n=2**5))
    hall.sign_in("s01", PIN, "1")
    new = hot(hall, "staff")[0]["pin"]
    assert new["params"]["n"] == 2**5 and new["salt"] != old["salt"]
    assert staff.verify_pin(PIN, new)


# --- accounts --------------------------------------------------------------------------------------------------


def test_adding_an_account_checks_id_name_and_pin_and_refuses_a_taken_id(hall: Hall, clerk: dict[str, Any]) -> None:
    assert clerk == {
        "id": "s01",
        "name": "王芳",
        "active": True,
        "created": "2026-11-23T09:00:00+08:00",
        "pin_changed": "2026-11-23T09:00:00+08:00",
        "last_sign_in": None,
        "failures": 0,
        "locked": False,
        "locked_until": None,
        "counter": None,
    }
    assert refusal(hall.add_staff, "s01", "李强", "592047").key == "staff.exists"
    assert invalid(hall.add_staff, "s 02", "李强", "592047").key == "input.staff_invalid"
    assert invalid(hall.add_staff, "s02", "", "592047").key == "input.name_missing"
    assert invalid(hall.add_staff, "s02", "李强", "111111").key == "staff.pin_weak"
    assert [a["id"] for a in hot(hall, "staff")] == ["s01"]


def test_set_pin_needs_a_known_account_and_replaces_the_old_pin(hall: Hall, clerk: dict[str, Any]) -> None:
    with pytest.raises(NotFound):
        hall.set_pin("s09", "592047")
    hall.set_pin("s01", "592047")
    failed(hall, "s01", PIN)
    assert hall.sign_in("s01", "592047", "1")["staff"] == "s01"


def test_list_staff_shows_locks_and_where_each_is_signed_in(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.add_staff("a02", "李强", "592047")
    hall.sign_in("s01", PIN, "3")
    listed = {a["id"]: a for a in hall.list_staff()}
    assert list(listed) == ["a02", "s01"]
    assert listed["s01"]["counter"] == "3" and listed["s01"]["last_sign_in"] == "2026-11-23T09:00:00+08:00"
    assert listed["a02"]["counter"] is None


# --- sign-in and lockout ---------------------------------------------------------------------------------------


def test_sign_in_opens_a_session_and_the_counter(hall: Hall, clerk: dict[str, Any]) -> None:
    session = hall.sign_in("s01", PIN, "1")
    assert session == {
        "id": session["id"],
        "staff": "s01",
        "name": "王芳",
        "counter": "1",
        "started": "2026-11-23T09:00:00+08:00",
    }
    assert hall.session("1") == session
    assert next(c for c in hall.overview()["counters"] if c["id"] == "1")["state"] == "open"


def test_sign_in_checks_the_counter_and_the_input(hall: Hall, clerk: dict[str, Any]) -> None:
    with pytest.raises(NotFound) as info:
        hall.sign_in("s01", PIN, "99")
    assert info.value.key == "counter.unknown"
    assert invalid(hall.sign_in, "s01", "", "1").key == "staff.pin_missing"
    assert invalid(hall.sign_in, "s 01", PIN, "1").key == "input.staff_invalid"
    assert hot(hall, "audit")[-1]["action"] == "staff_added"  # none of these is an attempt worth recording


def test_wrong_pin_unknown_id_and_disabled_id_fail_alike(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.add_staff("s02", "李强", "592047")
    hall.set_staff_active("s02", False)
    errors = [failed(hall, "s01", "739146"), failed(hall, "nobody", PIN), failed(hall, "s02", "592047")]
    assert len({(e.key, e.field, tuple(sorted(e.params.items())), e.message("en")) for e in errors}) == 1
    assert errors[0].message("en") == (
        "Wrong staff id or PIN. After 5 wrong PINs in a row an id is locked for 5 minutes."
    )
    assert {a["id"] for a in hot(hall, "staff")} == {"s01", "s02"}, "an unknown id leaves no account behind"


def test_every_failure_costs_one_scrypt_with_the_same_parameters(
    hall: Hall, clerk: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int, int]] = []
    real = staff._scrypt

    def spy(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
        calls.append((params["n"], params["r"], params["p"]))
        return real(pin, salt, params)

    monkeypatch.setattr(staff, "_scrypt", spy)
    for staff_id in ("s01", "nobody"):
        failed(hall, staff_id, "739146")
    for _ in range(4):
        failed(hall, "s01", "739146")  # the fifth wrong PIN in a row locks s01
    failed(hall, "s01", PIN)  # locked: the right PIN fails too, after the same work
    expected = (CHEAP["n"], CHEAP["r"], CHEAP["p"])
    assert calls == [expected] * 7


def test_five_wrong_pins_lock_the_id_for_five_minutes(hall: Hall, clerk: dict[str, Any], clock: FixedClock) -> None:
    for n in range(4):
        failed(hall, "s01", "739146")
        assert hot(hall, "staff")[0]["failures"] == n + 1
    at(clock, "09:01")
    failed(hall, "s01", "739146")
    account = hot(hall, "staff")[0]
    assert account["locked_until"] == "2026-11-23T09:06:00+08:00" and account["failures"] == 0
    assert hall.list_staff()[0]["locked"] is True
    at(clock, "09:05:59")
    failed(hall, "s01", PIN)  # still locked: even the right PIN is refused
    assert hot(hall, "staff")[0]["locked_until"] == "2026-11-23T09:06:00+08:00", "tries while locked do not extend it"
    at(clock, "09:06")
    assert hall.sign_in("s01", PIN, "1")["staff"] == "s01"
    assert hall.list_staff()[0]["locked"] is False
    actions = [e["action"] for e in hot(hall, "audit") if e["action"].startswith("sign_in")]
    assert actions == ["sign_in_failed"] * 5 + ["sign_in_locked", "sign_in"]


def test_a_right_pin_resets_the_count(hall: Hall, clerk: dict[str, Any]) -> None:
    for _ in range(4):
        failed(hall, "s01", "739146")
    hall.sign_in("s01", PIN, "1")
    assert hot(hall, "staff")[0]["failures"] == 0
    for _ in range(4):
        failed(hall, "s01", "739146")
    assert hot(hall, "staff")[0]["locked_until"] is None


def test_a_new_pin_lifts_a_lock(hall: Hall, clerk: dict[str, Any]) -> None:
    for _ in range(5):
        failed(hall, "s01", "739146")
    hall.set_pin("s01", "592047")
    assert hall.sign_in("s01", "592047", "1")["staff"] == "s01"


def test_the_count_is_shared_by_every_terminal_on_the_data_file(
    hall_config: HallConfig, clock: FixedClock, tmp_path: Path
) -> None:
    path = str(tmp_path / "hall.json")
    first, second = (
        Hall.open(hall_config, clock=clock, data_path=path, durable=False, create=n == 0) for n in range(2)
    )
    first.add_staff("s01", "王芳", PIN)
    for hall in (first, second, first, second):
        failed(hall, "s01", "739146")
    failed(second, "s01", "739146", counter="3")
    failed(first, "s01", PIN)  # locked by tries made at two terminals
    clock.advance(minutes=5)
    assert second.sign_in("s01", PIN, "2")["counter"] == "2"


def test_a_pin_changed_while_it_was_being_checked_is_checked_again(
    hall: Hall, clerk: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = staff.verify_pin
    changed: list[bool] = []

    def racing(pin: str, record: dict[str, Any] | None) -> bool:
        if not changed:  # another terminal sets a new PIN between the check and the transaction
            changed.append(True)
            other = Hall(hall.config, hall.store, hall.clock)
            other.set_pin("s01", "592047")
        return real(pin, record)

    monkeypatch.setattr(staff, "verify_pin", racing)
    failed(hall, "s01", PIN)  # checked again, against the new PIN
    assert hot(hall, "staff")[0]["failures"] == 1


# --- sessions --------------------------------------------------------------------------------------------------


def test_a_sign_in_at_a_held_counter_takes_it_over(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.add_staff("s02", "李强", "592047")
    first = hall.sign_in("s01", PIN, "1")
    second = hall.sign_in("s02", "592047", "1")
    assert hall.session("1") == second
    ended = hall.sign_out(first)
    assert ended["signed_out"] is False and hall.session("1") == second, "the old console cannot sign s02 out"
    entries = [
        (e["action"], e["staff"], e["detail"].get("reason"), e["detail"].get("took_over"))
        for e in hot(hall, "audit")
        if e["action"] in ("sign_in", "sign_out")
    ]
    assert entries == [
        ("sign_in", "s01", None, None),
        ("sign_out", "s01", "taken_over", None),
        ("sign_in", "s02", None, "s01"),
        ("sign_out", "s01", "not_signed_in", None),
    ]


def test_signing_in_elsewhere_moves_the_clerk(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.sign_in("s01", PIN, "1")
    hall.sign_in("s01", PIN, "3")
    assert hall.session("1") is None and hall.session("3")["staff"] == "s01"
    counters = {c["id"]: c["state"] for c in hall.overview()["counters"]}
    assert counters["1"] == "closed" and counters["3"] == "open"


def test_moving_while_serving_is_refused(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.sign_in("s01", PIN, "1")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    assert refusal(hall.sign_in, "s01", PIN, "3").key == "counter.finish_first"
    assert hall.session("1")["staff"] == "s01" and hall.session("3") is None


def test_sign_out_closes_the_counter_but_not_while_serving(hall: Hall, clerk: dict[str, Any]) -> None:
    session = hall.sign_in("s01", PIN, "1")
    hall.issue_ticket("social-security")
    hall.call_next("1", staff="s01")
    assert refusal(hall.sign_out, session).key == "counter.finish_first"
    hall.finish("1", staff="s01")
    result = hall.sign_out(session)
    assert result == {
        "staff": "s01",
        "counter": "1",
        "signed_out": True,
        "started": session["started"],
        "ended": "2026-11-23T09:00:00+08:00",
    }
    assert hall.session("1") is None
    assert next(c for c in hall.overview()["counters"] if c["id"] == "1")["state"] == "closed"


def test_sign_out_by_staff_id_and_counter(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.sign_in("s01", PIN, "4")
    assert hall.sign_out("s01", "4")["signed_out"] is True
    assert invalid(hall.sign_out, "s01").key == "staff.counter_missing"


def test_sessions_end_with_the_day(hall: Hall, clerk: dict[str, Any], clock: FixedClock) -> None:
    hall.sign_in("s01", PIN, "1")
    at(clock, "09:00", TUESDAY)
    hall.set_counter("1", "open")  # Tuesday's first record for counter 1 replaces Monday's
    assert hall.session("1") is None
    assert hall.list_staff()[0]["counter"] is None


# --- who may act where -----------------------------------------------------------------------------------------


def test_only_the_signed_in_clerk_acts_at_a_held_counter(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.add_staff("s02", "李强", "592047")
    hall.sign_in("s01", PIN, "1")
    hall.issue_ticket("social-security")
    error = refusal(hall.call_next, "1", staff="s02")
    assert error.key == "staff.counter_taken" and error.params == {"counter": "1", "holder": "s01"}
    assert hall.call_next("1", staff="s01")["number"] == "A001"
    assert refusal(hall.finish, "1", staff="s02").key == "staff.counter_taken"
    assert refusal(hall.set_counter, "1", "paused", staff="s02").key == "staff.counter_taken"
    assert hall.finish("1")["status"] == "done", "without a staff id (the IT person) the action is allowed"


def test_a_disabled_account_cannot_act_and_is_signed_out(hall: Hall, clerk: dict[str, Any]) -> None:
    hall.sign_in("s01", PIN, "1")
    hall.set_staff_active("s01", False)
    assert hall.session("1") is None
    hall.issue_ticket("social-security")
    assert refusal(hall.call_next, "1", staff="s01").key == "staff.disabled"
    assert refusal(hall.staff_member, "s01").key == "staff.disabled"
    hall.set_staff_active("s01", True)
    assert hall.staff_member("s01")["active"] is True


def test_ids_without_an_account_may_still_act_in_the_domain(hall: Hall) -> None:
    # Scripts, the demo history and field workers' ids in request histories need no account; the CLI and the
    # console are where accounts are required.
    hall.issue_ticket("social-security")
    assert hall.call_next("1", staff="s09")["number"] == "A001"
    with pytest.raises(NotFound):
        hall.staff_member("s09")


def test_sign_in_happens_at_the_fixed_instant_of_the_clock(
    hall: Hall, clerk: dict[str, Any], clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 23, 14, 5, 30))
    assert hall.sign_in("s01", PIN, "1")["started"] == "2026-11-23T14:05:30+08:00"
