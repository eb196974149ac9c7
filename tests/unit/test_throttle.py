"""The per-terminal wait after repeated wrong codes or digits (kiosk.throttle), on an injected time source."""

from __future__ import annotations

from kiosk import throttle
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.throttle import Throttle


class Ticking:
    """A time source that moves only when told (seconds, like time.monotonic)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_waits_grow_after_the_free_misses_and_are_capped() -> None:
    assert [throttle.wait_after(n) for n in range(1, 11)] == [0, 0, 0, 5, 10, 20, 40, 80, 120, 120]


def test_a_terminal_waits_longer_after_each_miss_and_may_try_again_when_the_wait_is_over() -> None:
    clock = Ticking()
    guard = Throttle(now=clock)
    miss = NotFound("appointment.not_found", field="code")
    assert [guard.outcome(miss) for _ in range(3)] == [0, 0, 0], "residents mistype: three misses are free"
    assert guard.wait_left() == 0
    assert guard.outcome(miss) == 5
    assert guard.wait_left() == 5
    clock.now += 4.2
    assert guard.wait_left() == 1, "rounded up, never 0 while a wait is left"
    clock.now += 0.8
    assert guard.wait_left() == 0
    assert guard.outcome(NotFound("code.not_found", field="code")) == 10
    clock.now += 10
    assert guard.outcome(InvalidInput("input.code_invalid", field="code")) == 20
    clock.now += 20
    waits = [guard.outcome(miss) for _ in range(4)]
    assert waits == [40, 80, 120, 120]


def test_a_success_or_another_refusal_does_not_wipe_the_count() -> None:
    clock = Ticking()
    guard = Throttle(now=clock)
    for _ in range(4):
        guard.missed()
    clock.now += 5
    assert guard.outcome(None) == 0, "a code that worked"
    assert guard.outcome(Refused("checkin.too_early", field="code")) == 0, "not a wrong code"
    assert guard.misses == 4
    assert guard.outcome(NotFound("appointment.not_found", field="code")) == 10, "the count went on"


def test_misses_are_forgotten_after_a_quiet_quarter_of_an_hour() -> None:
    clock = Ticking()
    guard = Throttle(now=clock)
    for _ in range(5):
        guard.missed()
    clock.now += throttle.FORGET_AFTER_SECONDS
    assert guard.wait_left() == 0 and guard.misses == 0
    assert guard.missed() == 0


def test_which_refusals_are_misses() -> None:
    assert throttle.is_miss(NotFound("code.not_found", field="code"))
    assert throttle.is_miss(NotFound("appointment.not_found", field="code"))
    assert throttle.is_miss(InvalidInput("input.code_invalid", field="code"))
    assert not throttle.is_miss(InvalidInput("input.last4_invalid", field="phone_last4"))
    assert not throttle.is_miss(Refused("appointment.past", field="code"))
    assert not throttle.is_miss(ValueError("a bug"))
