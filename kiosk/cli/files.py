"""The hall's files: making a hall (``init``, ``demo``, ``training-copy``), checking and repairing them, the nightly archive, backups and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.common import _columns, _emit, _safe, os_user
from kiosk.errors import InvalidInput, StoreError
from kiosk.hall import Hall
from kiosk.i18n import translate


def cmd_check(hall: Hall, args: argparse.Namespace) -> None:
    """Verify the config and every data file (hot file, archive, index, backups); with ``--repair`` rebuild the
    archive files that can be rebuilt. Exit status 1 while any error remains.

    The hall is opened without reading its data file (``check_data=False``), so that a file that cannot be read
    is reported like any other damage instead of stopping the check.
    """
    from kiosk import integrity

    lang = args.lang
    report = integrity.check(hall.store)
    notes: list[integrity.Note] = []
    if args.repair:
        notes = integrity.repair(hall.store, hall.config, hall.clock.now(), report)
        report = integrity.check(hall.store)
    data: dict[str, Any] = {
        "config": str(hall.config.source), "services": len(hall.config.services),
        "counters": len(hall.config.counters), "path": str(hall.store.path), "bytes": report.size,
        "records": report.records, "backups": report.backups, "archived_days": report.archived_days,
        "ok": not report.errors, "errors": len(report.errors), "warnings": len(report.warnings),
        "findings": [finding.as_dict(lang) for finding in report.findings],
    }
    if args.repair:
        data["repaired"] = [note.as_dict(lang) for note in notes]

    def show() -> None:
        lines = [translate(lang, "check.config_ok", config=data["config"], services=data["services"],
                           counters=data["counters"])]
        if report.records is not None:
            lines.append(translate(lang, "check.data", path=data["path"], bytes=report.size,
                                   records=", ".join(f"{n} {t}" for t, n in sorted(report.records.items()))))
        lines.append(translate(lang, "check.files", backups=len(report.backups), days=report.archived_days))
        if args.repair:
            lines += [note.text(lang) for note in notes] or [translate(lang, "check.repair_nothing")]
            lines.append(translate(lang, "check.after_repair"))
        for finding in report.findings:
            text = finding.as_dict(lang)
            where = text["file"] + (f" [{finding.record}]" if finding.record else "")
            lines.append(translate(lang, "check.line", severity=translate(lang, f"check.{finding.severity}"),
                                   where=where, problem=text["problem"], fix=text["fix"]))
        if report.errors:
            lines.append(translate(lang, "check.problems", errors=len(report.errors),
                                   warnings=len(report.warnings)))
        elif report.warnings:
            lines.append(translate(lang, "check.ok_warnings", warnings=len(report.warnings)))
        else:
            lines.append(translate(lang, "check.ok"))
        sys.stdout.write("\n".join(_safe(lines)) + "\n")

    _emit(args, data, show)
    if report.errors:
        raise StoreError("check.failed", errors=len(report.errors))


def cmd_init(hall: Hall, args: argparse.Namespace) -> None:
    """Create a new hall's data file (done by :func:`open_hall`, which refuses where one exists)."""
    mode = "training copy" if args.training else "live hall (real clock)"
    _emit(args, {"created": str(hall.store.path), "training": args.training},
          f"Created {hall.store.path} for a {mode}. Start the kiosk with: kiosk --data {hall.store.path}"
          if args.data_given else f"Created {hall.store.path} for a {mode}.")


def cmd_training_copy(hall: Hall, args: argparse.Namespace) -> None:
    """Copy this hall (data file and archive) to PATH as a training copy where --now may be used."""
    target = Hall.store_for(hall.config, str(Path(args.path).absolute()))
    hall.store.copy_for_training(target)
    _emit(args, {"copied": str(target.path), "training": True},
          f"Training copy made at {target.path}. Use it with: kiosk --data {target.path} --now YYYY-MM-DDTHH:MM")


def cmd_archive(hall: Hall, args: argparse.Namespace) -> None:
    """Close every day before today and move it to the archive."""
    moved = hall.close_days(force=args.force, actor=os_user())
    _emit(args, {"moved": moved}, "Archived: " + (", ".join(f"{n} {t}" for t, n in sorted(moved.items())) or "nothing"))


def cmd_demo(hall: Hall, args: argparse.Namespace) -> None:
    """Fill the data file with days of realistic history through the real domain."""
    from kiosk import demo

    if args.days < 0 or args.days > 3660:
        raise InvalidInput("demo.days", field="days")  # checked again before anything is made: see open_hall
    counts = demo.generate(hall, args.days, seed=args.seed)
    staff_ids = demo.add_staff(hall)
    _emit(args, {"days": args.days, "counts": counts, "staff": staff_ids, "pin": demo.DEMO_PIN},
          f"Generated {args.days} days of history: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
          + "\n" + translate(args.lang, "staff.demo", ids=", ".join(staff_ids), pin=demo.DEMO_PIN))


def cmd_backups(hall: Hall, args: argparse.Namespace) -> None:
    """List the backups of the data file, or restore one."""
    backups = hall.store.backups()
    if not backups and not hall.store.path.exists():
        raise hall.store.missing_error()  # no hall here at all: most likely a mistyped path
    if args.restore:
        done = hall.restore_backup(args.restore, actor=os_user())
        dropped = ", ".join(f"{n} {t}" for t, n in sorted(done["dropped"].items()))
        lines = [f"Restored {done['restored']}."]
        if done["kept"]:
            lines.append(f"The replaced file was kept as {done['kept']}.")
        if dropped:
            lines.append(f"Left out, because their days are closed and archived: {dropped}.")
        if done["audit_kept"] is None and done["kept"] is None:
            lines.append("There was no data file to replace.")
        elif done["audit_kept"] is None:
            lines.append("The replaced file could not be read: audit entries written since the backup are lost.")
        elif done["audit_kept"]:
            lines.append(f"Kept {done['audit_kept']} audit entries written since the backup.")
        _emit(args, done, "\n".join(lines))
        return
    details = [hall.store.describe_backup(b) for b in backups]

    def render() -> None:
        if not details:
            print("No backups yet.")
            return
        rows = [["backup", "taken", "bytes", "tickets", "appointments", "requests", "staff"]]
        for d in details:
            counts = d["records"]
            rows.append([d["name"], d["taken"][:16].replace("T", " "), str(d["bytes"])] + (
                [str(counts.get(t, 0)) for t in ("tickets", "appointments", "requests", "staff")]
                if counts is not None else ["damaged", "", "", ""]))
        print(_safe(_columns(rows)))
    _emit(args, {"backups": [b.name for b in backups], "details": details}, render)
