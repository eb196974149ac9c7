"""Domain calls that take a code or the phone's last four digits, slowed down after repeated misses.

The screens that take a code (check by code, rate by code) or a code and the last four digits (check in, cancel
or move) send those calls through :func:`run_guarded` instead of ``run_domain``. It asks this terminal's
:class:`~kiosk.throttle.Throttle` (one per app, ``app.throttle``) first: during a wait the call is not made at
all and the notice line says how many seconds are left; after a miss the throttle counts it and, once the free
misses are used up, the notice says how long to wait. The rule itself (what counts as a miss, how the waits
grow) is in :mod:`kiosk.throttle`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from screens.base import KioskScreen
from screens.widgets import Field

T = TypeVar("T")


def say_wait(screen: KioskScreen, seconds: int) -> None:
    """Say on the notice line how long this terminal must wait before the next try; the code or digits not
    tried are selected, so that the next try replaces them."""
    screen.notice(lambda app: app.t("throttle.wait", seconds=seconds), error=True)
    for field in screen.query(Field):
        if field.retype and field.input.value:
            field.input.select_all()


def run_guarded(
    screen: KioskScreen,
    call: Callable[[], T],
    done: Callable[[T], Any],
    failed: Callable[[BaseException], Any] | None = None,
) -> None:
    """``screen.run_domain(call, done, failed)`` unless this terminal must wait; counts misses as they come."""
    throttle = screen.kiosk.throttle
    wait = throttle.wait_left()
    if wait:
        say_wait(screen, wait)
        return

    def refused(error: BaseException) -> None:
        wait = throttle.outcome(error)
        (failed or screen.show_error)(error)
        if wait:
            say_wait(screen, wait)

    screen.run_domain(call, done, refused)
