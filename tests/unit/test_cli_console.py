"""``kiosk staff``: starts the app as a counter console, optionally fixed to one counter (checked first)."""

from __future__ import annotations

from screens.app import HallApp
from tests.unit import test_cli
from tests.unit.test_cli import run

env = test_cli.env  # the fixture: config, a temporary data file and the clock, from the environment


def test_staff_starts_the_console_fixed_to_a_counter(env, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(HallApp, "run", lambda self: started.append((self.start_mode, self.console_counter, self.lang)))
    code, _, _ = run(capsys, "--lang", "zh-Hans", "staff", "--counter", "3")
    assert code == 0 and started == [("staff", "3", "zh-Hans")]
    code, _, _ = run(capsys, "staff")
    assert code == 0 and started[-1][:2] == ("staff", None)


def test_staff_with_an_unknown_counter_is_refused_before_the_screen(env, capsys, monkeypatch):
    monkeypatch.setattr(HallApp, "run", lambda self: (_ for _ in ()).throw(AssertionError("started")))
    code, out, err = run(capsys, "staff", "--counter", "9")
    assert code == 2 and out == "" and "There is no counter '9'" in err
