"""The day survives any clock: a stray write stamped a day ahead closes nothing, closed days are never written,
a clock that stepped back is refused, and after a restart a new day is believed only once writes agree on it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from domain_helpers import MONDAY, TUESDAY, hot, refusal

from kiosk import dayclose
from kiosk.clock import FixedClock
from kiosk.config import HallConfig
from kiosk.errors import Refused
from kiosk.hall import Hall

BOOT = "boot-1"


def clock_at(config: HallConfig, day: date, hhmm: str, boot: str = BOOT) -> FixedClock:
    return FixedClock(datetime.combine(day, time.fromisoformat(hhmm), tzinfo=config.timezone), boot=boot)


def terminal(config: HallConfig, path: Path, clock: FixedClock) -> Hall:
    """Another process on the same data file with its own clock."""
    return Hall.open(config, clock=clock, data_path=str(path), durable=False)


@pytest.fixture
def monday_10(hall_config: HallConfig, tmp_path: Path) -> tuple[Hall, FixedClock, dict]:
    """Monday 10:00: A001 called at counter 1, A002 and A003 waiting, an appointment at 09:50 booked earlier."""
    clock = clock_at(hall_config, MONDAY, "09:00")
    hall = Hall.open(hall_config, clock=clock, data_path=str(tmp_path / "hall.json"), durable=False, create=True)
    booked = hall.book("household", MONDAY, time(9, 50), "张三", "13812345678")
    for _ in range(3):
        hall.issue_ticket("social-security")
    clock.set(datetime.combine(MONDAY, time(10, 0), tzinfo=hall_config.timezone))
    hall.set_counter("1", "open")
    assert hall.call_next("1")["number"] == "A001"
    return hall, clock, booked


def test_one_command_stamped_a_day_ahead_closes_nothing_and_writes_nothing(monday_10, hall_config) -> None:
    hall, clock, booked = monday_10
    before = hall.store.path.read_bytes()
    # A second process on the same machine (same boot), whose wall clock is a day ahead for a moment.
    stray_clock = clock_at(hall_config, MONDAY, "10:00")
    stray_clock.step(datetime.combine(TUESDAY, time(9, 0), tzinfo=hall_config.timezone))
    stray = terminal(hall_config, hall.store.path, stray_clock)
    error = refusal(stray.issue_ticket, "general")
    assert error.key == "clock.ahead" and "clock" in error.message("en")
    assert hall.store.path.read_bytes() == before, "refused means unwritten"
    assert not hall.store.archive.days()
    # A refused action stamped a day ahead (a ticket outside hours would be refused anyway) writes nothing either.
    stray_clock.step(datetime.combine(TUESDAY, time(23, 0), tzinfo=hall_config.timezone))
    assert refusal(stray.issue_ticket, "general").key == "clock.ahead"
    assert hall.store.path.read_bytes() == before

    # Back on Monday, the day carries on as if nothing had happened.
    clock.advance(minutes=5)
    assert hall.finish("1")["number"] == "A001"
    assert hall.call_next("1")["number"] == "A002"
    assert hall.issue_ticket("social-security")["number"] == "A004"
    checked = hall.check_in(booked["code"], "5678")
    assert checked["ticket"]["kind"] == "appointment"


def test_a_day_ahead_after_a_restart_is_kept_on_its_own_day_and_confirmed_later(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    # After a reboot the readings cannot be compared: the write is kept as Tuesday's, Monday is not closed.
    rebooted = clock_at(hall_config, TUESDAY, "09:00", boot="boot-2")
    tuesday = terminal(hall_config, hall.store.path, rebooted)
    first = tuesday.issue_ticket("general")
    assert first["key"].startswith(TUESDAY.isoformat())
    assert not hall.store.archive.days(), "one write from a later date closes nothing"
    assert {t["day"] for t in hot(hall, "tickets")} == {MONDAY.isoformat(), TUESDAY.isoformat()}
    # Writes that agree on Tuesday for five minutes of the machine's running time make the new day real.
    rebooted.advance(minutes=6)
    tuesday.issue_ticket("general")
    assert hall.store.archive.days() == [MONDAY]
    assert {t["day"] for t in hot(hall, "tickets")} == {TUESDAY.isoformat()}
    assert sorted(t["number"][1:] for t in hot(hall, "tickets")) == ["001", "002"]


def test_a_write_on_the_running_day_cancels_an_unconfirmed_new_day(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    stray = terminal(hall_config, hall.store.path, clock_at(hall_config, TUESDAY, "09:00", boot="boot-2"))
    stray.issue_ticket("general")
    clock.advance(minutes=1)
    hall.issue_ticket("general")  # Monday is alive: the sighting of Tuesday was not real
    with hall.store.snapshot() as tx:
        assert tx.meta(dayclose.PENDING_DAY) is None


def test_a_real_night_closes_the_day_at_the_first_write(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    clock.set(datetime.combine(TUESDAY, time(8, 45), tzinfo=hall_config.timezone))  # time really passed
    assert hall.issue_ticket("general")["number"].endswith("001")
    assert hall.store.archive.days() == [MONDAY]
    assert hall.store.archive.closed_through() == MONDAY


def test_a_closed_day_is_never_written_into(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    clock.set(datetime.combine(TUESDAY, time(8, 45), tzinfo=hall_config.timezone))
    hall.issue_ticket("general")
    archived = hall.store.archive.day_path(MONDAY).read_bytes()
    hot_before = hall.store.path.read_bytes()
    # A write stamped 23:59:59 on Monday (the clock stepped back, or it was read before the close).
    late = clock_at(hall_config, TUESDAY, "08:46")
    late.step(datetime.combine(MONDAY, time(23, 59, 59), tzinfo=hall_config.timezone))
    error = refusal(
        terminal(hall_config, hall.store.path, late).file_request, "repair", "灯坏了", "13812345678", address="3号楼"
    )
    assert error.key == "clock.day_closed"
    assert hall.store.archive.day_path(MONDAY).read_bytes() == archived
    assert hall.store.path.read_bytes() == hot_before


def test_a_clock_that_stepped_back_within_the_day_is_refused(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    behind = clock_at(hall_config, MONDAY, "10:00")
    behind.step(datetime.combine(MONDAY, time(9, 30), tzinfo=hall_config.timezone))
    assert refusal(terminal(hall_config, hall.store.path, behind).issue_ticket, "general").key == "clock.behind"
    # Within the tolerance (two processes reading the clock a moment apart) it is fine.
    behind.step(datetime.combine(MONDAY, time(9, 59), tzinfo=hall_config.timezone))
    assert terminal(hall_config, hall.store.path, behind).issue_ticket("general")["number"].endswith("001")


def test_the_nightly_archive_refuses_a_contradicted_clock_unless_forced(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    wrong = clock_at(hall_config, MONDAY, "10:00")
    wrong.step(datetime.combine(TUESDAY, time(0, 30), tzinfo=hall_config.timezone))
    nightly = terminal(hall_config, hall.store.path, wrong)
    assert refusal(nightly.close_days).key == "clock.archive_ahead"
    assert not hall.store.archive.days()
    assert nightly.close_days(force=True, actor="it")["tickets"] == 3
    assert hall.store.archive.closed_through() == MONDAY


def test_a_training_copy_changes_day_only_through_archive(hall_config: HallConfig, tmp_path: Path) -> None:
    clock = clock_at(hall_config, MONDAY, "10:00")
    hall = Hall.open(
        hall_config, clock=clock, data_path=str(tmp_path / "t.json"), durable=False, create=True, training=True
    )
    hall.issue_ticket("general")
    clock.set(datetime.combine(MONDAY, time(9, 0), tzinfo=hall_config.timezone))
    hall.issue_ticket("general")  # a trainer may go back within the running day
    clock.set(datetime.combine(TUESDAY, time(9, 0), tzinfo=hall_config.timezone))
    assert refusal(hall.issue_ticket, "general").key == "clock.training_day"
    assert hall.close_days(actor="trainer")["tickets"] == 2
    assert hall.issue_ticket("general")["number"].endswith("001")


def test_refusals_of_the_day_rules_say_the_clock_is_the_likely_fault(monday_10, hall_config) -> None:
    for key in ("clock.ahead", "clock.behind", "clock.day_closed", "clock.archive_ahead"):
        message = Refused(
            key, now="2026-11-24 09:00", day="2026-11-23", last="2026-11-23 10:00", newest="2026-11-23 10:00"
        ).message("en")
        assert "clock" in message and "{" not in message, key
    assert "时钟" in Refused("clock.ahead", now="x", day="y", last="z").message("zh-Hans")
    # And the constants the docstring promises.
    assert dayclose.TOLERANCE == timedelta(minutes=2) and dayclose.CONFIRM == timedelta(minutes=5)


def test_a_terminal_whose_clock_contradicts_the_hall_says_so_when_it_reads(monday_10, hall_config) -> None:
    hall, clock, _ = monday_10
    assert hall.overview()["clock_problem"] is None
    wrong = clock_at(hall_config, MONDAY, "10:00")
    wrong.step(datetime.combine(TUESDAY, time(9, 0), tzinfo=hall_config.timezone))
    seen = terminal(hall_config, hall.store.path, wrong).overview()
    assert seen["clock_problem"] == "clock.ahead"
    error = Refused("clock.ahead", now="x", day="y", last="z")
    assert "kiosk archive" in error.message("en") and "kiosk" not in error.resident_message("en")
    assert "工作人员" in error.resident_message("zh-Hans")
