"""``kiosk pad``: starts the app as a counter's rating pad, at ``--counter`` or at its profile's counter; without a
counter, at a counter the hall does not have, or with a profile of another mode: one line on stderr, no screen."""

from __future__ import annotations

import pytest

from screens.app import HallApp
from tests.unit import test_cli
from tests.unit.test_cli import run

env = test_cli.env  # the fixture: config, a temporary data file and the clock, from the environment


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[HallApp]:
    """The apps the command started (their run is replaced: no screen in these tests)."""
    apps: list[HallApp] = []
    monkeypatch.setattr(HallApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_pad_starts_at_its_counter(env, capsys, started):
    assert run(capsys, "--lang", "zh-Hans", "pad", "--counter", "3")[0] == 0
    assert run(capsys, "pad", "--terminal", "P1")[0] == 0
    assert run(capsys, "pad", "--terminal", "P1", "--counter", "1")[0] == 0  # the profile's own counter again
    by_option, by_profile, both = started
    assert (by_option.start_mode, by_option.counter, by_option.lang) == ("pad", "3", "zh-Hans")
    assert (by_profile.start_mode, by_profile.counter, by_profile.terminal.id) == ("pad", "1", "P1")
    assert both.counter == "1"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["pad"],
            "A rating pad stands at one counter: give --counter ID, or --terminal ID of a pad in [[terminals]].",
        ),
        (["pad", "--counter", "9"], "There is no counter '9'. Counters: 1, 2, 3, 4, 5, 6."),
        (["pad", "--counter", ""], "There is no counter ''. Counters: 1, 2, 3, 4, 5, 6."),
        (["pad", "--terminal", "P9"], "There is no terminal 'P9' in [[terminals]] of this kind. Terminals: P1."),
        (["pad", "--terminal", "C1"], "Terminal 'C1' has mode 'staff': start it with 'kiosk staff --terminal C1'."),
        (["staff", "--terminal", "P1"], "Terminal 'P1' has mode 'pad': start it with 'kiosk pad --terminal P1'."),
        (
            ["pad", "--terminal", "P1", "--counter", "3"],
            "Terminal 'P1' is fixed to counter 1; leave out --counter, or give the same one.",
        ),
    ],
)
def test_pad_argument_errors_are_one_line_and_start_nothing(env, capsys, started, argv, message):
    status, out, err = run(capsys, *argv)
    assert (status, out, err) == (2, "", f"kiosk: {message}\n")
    assert started == []


def test_pad_messages_in_chinese(env, capsys, started):
    status, _, err = run(capsys, "--lang", "zh-Hans", "pad")
    assert status == 2 and err.count("\n") == 1 and "评价器须对应一个窗口" in err
