"""The hall's data survives the people who run it, through the command line: a new hall only on purpose, a
missing file refused with the way back, training clocks kept off a live hall, safe restores, rotating backups,
newer files refused, and reads that never wait for a writer (also on a read-only mount), and the machine's own
clock set wrong (with faketime)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.store import Store

REPO = Path(__file__).resolve().parents[2]
CONFIG = str(REPO / "kiosk.toml")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["--config", CONFIG, *argv])
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in ("KIOSK_DATA", "KIOSK_NOW", "KIOSK_CONFIG", "KIOSK_LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def training(tmp_path, capsys) -> Path:
    data = tmp_path / "hall.json"
    ok(capsys, "--data", str(data), "init", "--training")
    return data


# --- a new hall is made on purpose ------------------------------------------------------------------------------


def test_a_mistyped_data_path_creates_nothing_and_says_what_it_looked_for(tmp_path, capsys) -> None:
    missing = tmp_path / "no" / "such" / "hall.json"
    status, out, err = run(capsys, "--data", str(missing), "ticket", "general")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert str(missing) in err and "kiosk init" in err
    assert not (tmp_path / "no").exists(), "no folder, file or lock is made"
    for command in (["overview"], ["status", "QX7K"], ["check"], ["report"], ["backups"]):
        status, _, err = run(capsys, "--data", str(missing), *command)
        assert status == 1 and err.count("\n") == 1, command
    assert not (tmp_path / "no").exists()


def test_a_missing_hot_file_beside_its_backups_points_to_the_restore(training, tmp_path, capsys) -> None:
    now = ["--data", str(training), "--now", "2026-11-23T09:00"]
    ok(capsys, *now, "ticket", "general")
    backups = ok(capsys, "--data", str(training), "backups")["backups"]
    assert backups
    moved = training.with_name("moved.json")
    training.rename(moved)
    status, _, err = run(capsys, *now, "ticket", "general")
    assert status == 1 and "backups --restore" in err and backups[0] in err
    assert not training.exists()
    status, _, err = run(capsys, "--data", str(training), "init")
    assert status == 2 and "files are already there" in err, "init never starts an empty hall over its backups"
    assert not training.exists()


def test_init_makes_a_private_live_file_and_refuses_a_second_time(tmp_path, capsys) -> None:
    data = tmp_path / "hall" / "hall.json"
    old = os.umask(0)
    try:
        made = ok(capsys, "--data", str(data), "init")
    finally:
        os.umask(old)
    assert made == {"created": str(data), "training": False}
    assert data.stat().st_mode & 0o777 == 0o600
    status, _, err = run(capsys, "--data", str(data), "init")
    assert status == 2 and err.count("\n") == 1


def test_files_stay_private_across_rewrites_whatever_the_umask(training, capsys) -> None:
    old = os.umask(0)
    try:
        now = ["--data", str(training), "--now", "2026-11-23T09:00"]
        ok(capsys, *now, "ticket", "general")
        ok(capsys, *now, "counter", "1", "open")
        ok(capsys, *now, "call", "1")
        ok(capsys, "--data", str(training), "--now", "2026-11-24T09:00", "archive")
    finally:
        os.umask(old)
    folder = training.parent
    for path in folder.rglob("*"):
        wanted = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == wanted, path


# --- training clocks never touch a live hall --------------------------------------------------------------------


def test_now_on_a_live_hall_is_refused_and_a_training_copy_takes_it(tmp_path, capsys) -> None:
    live = tmp_path / "hall.json"
    ok(capsys, "--data", str(live), "init")
    before = tree(tmp_path)
    status, _, err = run(capsys, "--data", str(live), "--now", "2027-01-01T10:00", "ticket", "general")
    assert status == 2 and "training-copy" in err and err.count("\n") == 1
    assert tree(tmp_path) == before
    copy = tmp_path / "training" / "t.json"
    ok(capsys, "--data", str(live), "training-copy", str(copy))
    ticket = ok(capsys, "--data", str(copy), "--now", "2026-11-23T09:30", "ticket", "general")
    assert ticket["issued_at"].startswith("2026-11-23T09:30")
    assert tree(tmp_path / "training") and live.read_bytes() == before["hall.json"]


def test_a_training_clock_a_month_ahead_turns_no_booking_into_a_no_show(training, capsys) -> None:
    now = ["--data", str(training), "--now", "2026-11-23T09:00"]
    code = ok(
        capsys,
        *now,
        "book",
        "household",
        "--date",
        "2026-11-30",
        "--time",
        "09:50",
        "--name",
        "张三",
        "--phone",
        "13812345678",
    )["code"]
    status, _, err = run(capsys, "--data", str(training), "--now", "2027-01-01T10:00", "ticket", "general")
    assert status == 2 and "kiosk archive" in err
    assert ok(capsys, *now, "status", code)["record"]["status"] == "booked"


# --- restore -----------------------------------------------------------------------------------------------------


def _backup_now(data: Path) -> str:
    """Keep the data file as a backup, named as the store names them (the hourly backup, taken now)."""
    Store(data).checkpoint()  # the data file alone then holds the whole hall
    folder = data.with_name(data.stem + "-backups")
    folder.mkdir(exist_ok=True)
    name = f"{data.stem}-{time.strftime('%Y%m%dT%H%M%S')}-test.json"
    shutil.copy2(data, folder / name)
    return name


def test_restoring_a_backup_from_before_the_close_keeps_the_closed_day(training, capsys) -> None:
    monday = ["--data", str(training), "--now", "2026-11-23T10:00"]
    ok(capsys, *monday, "counter", "1", "open")
    for _ in range(2):
        ok(capsys, *monday, "ticket", "social-security")
        ok(capsys, *monday, "call", "1")
        ok(capsys, *monday, "finish", "1")
    backup = _backup_now(training)  # Monday, before the close
    tuesday = ["--data", str(training), "--now", "2026-11-24T09:00"]
    ok(capsys, *tuesday, "archive")
    ok(capsys, *tuesday, "counter", "2", "open")  # one of Tuesday's audit entries
    report = ok(capsys, *tuesday, "report", "--date", "2026-11-23")["tickets"]["total"]
    assert (report["served"], report["expired"]) == (2, 0)

    done = ok(capsys, "--data", str(training), "--now", "2026-11-24T09:05", "backups", "--restore", backup)
    assert done["dropped"]["tickets"] == 2 and done["closed_through"] == "2026-11-23"
    assert done["audit_kept"] >= 2  # the archive run and the counter opened on Tuesday
    report = ok(capsys, *tuesday, "report", "--date", "2026-11-23")["tickets"]["total"]
    assert (report["served"], report["expired"]) == (2, 0), "Monday's figures survive the restore"
    log = ok(capsys, "--data", str(training), "--now", "2026-11-24T09:06", "audit")["audit"]
    actions = [e["action"] for e in log]
    assert actions[-1] == "restore" and "archive" in actions and "counter_state" in actions
    assert log[-1]["detail"]["os_user"] and log[-1]["detail"]["backup"] == backup
    # Monday stays closed: nothing can be written into it again.
    status, _, err = run(capsys, "--data", str(training), "--now", "2026-11-23T11:00", "ticket", "general")
    assert status == 2 and "closed" in err


def test_two_restores_within_a_second_keep_both_replaced_files(training, capsys) -> None:
    now = ["--data", str(training), "--now", "2026-11-23T09:00"]
    ok(capsys, *now, "ticket", "general")
    backup = _backup_now(training)
    first = ok(capsys, *now, "backups", "--restore", backup)["kept"]
    second = ok(capsys, *now, "backups", "--restore", backup)["kept"]
    assert first != second
    assert (training.parent / first).exists() and (training.parent / second).exists()


def test_backups_keep_rotating_when_one_claims_a_future_time(tmp_path) -> None:
    from kiosk.store import Store

    store = Store(tmp_path / "hall.json", backups_keep=3, backup_interval_minutes=60, durable=False)
    store.create()
    store.backups_dir.mkdir()
    stamps = {
        "hall-20261101T080000.json": time.time() - 3 * 3600,
        "hall-20261101T090000.json": time.time() - 2 * 3600,
        "hall-20991231T235959.json": time.time() + 86400 * 365,
    }  # written while the clock was years ahead
    for name, at in stamps.items():
        (store.backups_dir / name).write_bytes(store.path.read_bytes())
        os.utime(store.backups_dir / name, (at, at))
    with store.transaction() as tx:
        tx.insert("items", {"key": "k1"})
    names = [p.name for p in store.backups()]
    assert len(names) == 3, names
    assert "hall-20991231T235959.json" not in names, "the future-dated backup goes first"
    assert "hall-20261101T090000.json" in names and any(
        n.startswith("hall-2026120") or n > "hall-2026110" for n in names if n not in stamps
    )


# --- a newer file, and reads that never wait ---------------------------------------------------------------------


def test_a_file_from_a_newer_version_is_refused_by_every_command(training, capsys) -> None:
    tables = json.loads(training.read_bytes())
    tables["_meta"]["1"]["schema"] = 99
    training.write_text(json.dumps(tables), encoding="utf-8")
    before = training.read_bytes()
    for command in (["ticket", "general"], ["overview"], ["status", "QX7K"], ["report"]):
        status, _, err = run(capsys, "--data", str(training), "--now", "2026-11-23T09:00", *command)
        assert status == 1 and "newer" in err and err.count("\n") == 1, command
    assert training.read_bytes() == before


def test_reads_do_not_wait_for_a_writer_stuck_in_its_transaction(training, capsys) -> None:
    now = ["--data", str(training), "--now", "2026-11-23T09:00"]
    code = ok(capsys, *now, "ticket", "general")["code"]
    lock = os.open(str(training) + ".lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a writer holding the lock
    try:
        started = time.monotonic()
        assert ok(capsys, *now, "status", code)["record"]["status"] == "waiting"
        assert ok(capsys, *now, "overview")["services"]
        ok(capsys, *now, "report")
        assert time.monotonic() - started < 5, "reads took the lock"
    finally:
        os.close(lock)


def _kiosk(*argv: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "kiosk", "--config", CONFIG, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(REPO)},
        timeout=120,
    )


@pytest.mark.skipif(
    shutil.which("unshare") is None and not os.environ.get("CI"),
    reason="needs util-linux unshare for a read-only bind mount",
)
def test_reads_work_on_a_read_only_mount(training, tmp_path, capsys) -> None:
    now = ["--now", "2026-11-23T09:00"]
    code = ok(capsys, "--data", str(training), *now, "ticket", "general")["code"]
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (
        f"mount --bind -o ro {training.parent} {mount} && "
        f"{sys.executable} -m kiosk --config {CONFIG} --data {mount / training.name} {' '.join(now)} "
        f"status {code} --json && "
        f"{sys.executable} -m kiosk --config {CONFIG} --data {mount / training.name} {' '.join(now)} overview"
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    if "Operation not permitted" in done.stderr and "mount" in done.stderr:
        pytest.skip("this machine does not allow a private mount namespace")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["record"]["status"] == "waiting"


# --- the machine's own clock, set wrong (faketime) ----------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("faketime") is None and not os.environ.get("CI"), reason="needs faketime (installed by .ci/run)"
)
def test_a_machine_clock_a_day_ahead_for_one_command_closes_nothing(tmp_path) -> None:
    data = str(tmp_path / "hall.json")
    # The wall clock is faked; the machine's running time (boot-time clock) is not, as with a real wrong clock.
    fake = {"DONT_FAKE_MONOTONIC": "1", "TZ": "UTC"}  # stamps below are UTC: 02:00 is 10:00 in the hall

    def at(stamp: str, *argv: str) -> subprocess.CompletedProcess:
        return _kiosk("--data", data, *argv, env=fake, prefix=("faketime", stamp))

    assert at("2026-11-23 02:00:00", "init").returncode == 0
    first = at("2026-11-23 02:00:00", "ticket", "general")
    assert first.stdout.startswith("Ticket F001"), first.stderr
    before = Path(data).read_bytes()
    stray = at("2026-11-24 01:00:00", "ticket", "general")
    assert stray.returncode == 2 and "clock" in stray.stderr and stray.stderr.count("\n") == 1
    assert Path(data).read_bytes() == before
    assert not (tmp_path / "hall-archive").exists()
    assert at("2026-11-23 02:00:05", "ticket", "general").stdout.startswith("Ticket F002"), "numbering goes on"


def test_a_restore_is_refused_into_a_closed_day_and_on_a_later_day_of_a_training_copy(training, capsys) -> None:
    now = ["--data", str(training), "--now", "2026-11-23T09:00"]
    ok(capsys, *now, "ticket", "general")
    backup = _backup_now(training)
    ok(capsys, "--data", str(training), "--now", "2026-11-24T09:00", "archive")
    before = training.read_bytes()
    # Back on Monday (closed): a restore would write its audit entry into the closed day.
    status, _, err = run(capsys, *now, "backups", "--restore", backup)
    assert status == 2 and "closed" in err and err.count("\n") == 1
    # A later day than the training copy is on: only 'kiosk archive' moves it on.
    status, _, err = run(capsys, "--data", str(training), "--now", "2026-11-26T09:00", "backups", "--restore", backup)
    assert status == 2 and "kiosk archive" in err
    assert training.read_bytes() == before
    done = ok(capsys, "--data", str(training), "--now", "2026-11-24T09:10", "backups", "--restore", backup)
    assert done["restored"] == backup


def test_a_conflict_in_a_closed_day_is_reported_in_one_line(tmp_path) -> None:
    from datetime import date

    from kiosk.errors import StoreError
    from kiosk.store import Archive

    archive = Archive(tmp_path / "a", durable=False)
    archive.add(date(2026, 11, 23), {"audit": [{"key": "2026-11-23/audit/1", "day": "2026-11-23", "n": 1}]})
    archive.mark_closed(date(2026, 11, 23))
    with pytest.raises(StoreError) as raised:
        archive.add(date(2026, 11, 23), {"audit": [{"key": "2026-11-23/audit/1", "day": "2026-11-23", "n": 2}]})
    assert raised.value.key == "archive.conflict" and "2026-11-23/audit/1" in raised.value.message("en")


def test_backups_are_listed_with_what_they_hold(training, capsys) -> None:
    ok(capsys, "--data", str(training), "--now", "2026-11-23T09:00", "ticket", "general")
    details = ok(capsys, "--data", str(training), "backups")["details"]
    assert details and set(details[0]) == {"name", "bytes", "taken", "records"}
    status, out, _ = run(capsys, "--data", str(training), "backups")
    assert status == 0 and "tickets" in out.splitlines()[0]
