"""The hall's files: making a hall (``init``, ``demo``, ``training-copy``), checking and repairing them, the nightly archive, backups and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.common import _columns, _counts, _emit, _safe, os_user, version
from kiosk.errors import InvalidInput, KioskError, StoreError
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
    provisional = sorted(day.isoformat() for day in hall.config.provisional_days)
    data: dict[str, Any] = {
        "version": version(),
        "provisional_days": provisional,
        "config": str(hall.config.source),
        "services": len(hall.config.services),
        "counters": len(hall.config.counters),
        "path": str(hall.store.path),
        "bytes": report.size,
        "records": report.records,
        "backups": report.backups,
        "archived_days": report.archived_days,
        "ok": not report.errors,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "findings": [finding.as_dict(lang) for finding in report.findings],
    }
    if args.repair:
        data["repaired"] = [note.as_dict(lang) for note in notes]
    data["device_faults"] = faults = _device_faults(hall)

    def show() -> None:
        lines = [
            translate(lang, "cli.version", version=data["version"]),
            translate(
                lang, "check.config_ok", config=data["config"], services=data["services"], counters=data["counters"]
            ),
        ]
        if provisional:
            lines.append(
                translate(
                    lang, "cli.provisional", count=len(provisional), days=f"{provisional[0]} .. {provisional[-1]}"
                )
            )
        if report.records is not None:
            lines.append(
                translate(
                    lang, "check.data", path=data["path"], bytes=report.size, records=_counts(lang, report.records)
                )
            )
        lines.append(translate(lang, "check.files", backups=len(report.backups), days=report.archived_days))
        if args.repair:
            lines += [note.text(lang) for note in notes] or [translate(lang, "check.repair_nothing")]
            lines.append(translate(lang, "check.after_repair"))
        for finding in report.findings:
            text = finding.as_dict(lang)
            where = text["file"] + (f" [{finding.record}]" if finding.record else "")
            lines.append(
                translate(
                    lang,
                    "check.line",
                    severity=translate(lang, f"check.{finding.severity}"),
                    where=where,
                    problem=text["problem"],
                    fix=text["fix"],
                )
            )
        for fault in faults:
            lines.append(
                translate(
                    lang,
                    "print.check_fault",
                    terminal=fault["terminal"],
                    where=fault["where"],
                    reason=translate(lang, f"print.fault.{fault['reason']}"),
                    time=fault["since"][:16].replace("T", " "),
                    detail=translate(lang, "print.check_fault_detail", detail=fault["detail"])
                    if fault.get("detail")
                    else "",
                )
            )
        # A printer fault is a warning like the data's own (the summary counts it; the exit status stays 0).
        warnings = len(report.warnings) + len(faults)
        if report.errors:
            lines.append(translate(lang, "check.problems", errors=len(report.errors), warnings=warnings))
        elif warnings == 1:
            lines.append(translate(lang, "check.ok_warning"))
        elif warnings:
            lines.append(translate(lang, "check.ok_warnings", warnings=warnings))
        else:
            lines.append(translate(lang, "check.ok"))
        sys.stdout.write("\n".join(_safe(lines)) + "\n")

    _emit(args, data, show)
    if report.errors:
        raise StoreError("check.failed", errors=len(report.errors))


def _device_faults(hall: Hall) -> list[Any]:
    """The terminals' devices whose last use failed (warnings: the data is fine, a printer is not); none when the
    data file cannot be read (the findings above say why)."""
    try:
        return list(hall.device_faults())
    except (KioskError, OSError, ValueError):
        return []


def cmd_init(hall: Hall, args: argparse.Namespace) -> None:
    """Create a new hall's data file (done by :func:`open_hall`, which refuses where one exists)."""
    lang = args.lang
    text = translate(lang, "cli.created_training" if args.training else "cli.created_live", path=hall.store.path)
    if args.data_given:
        text += " " + translate(lang, "cli.start_with", path=hall.store.path)
    _emit(args, {"created": str(hall.store.path), "training": args.training}, text)


def cmd_write_config(args: argparse.Namespace) -> None:
    """``kiosk init --write-config PATH``: write the bundled kiosk.toml to PATH (a file, or a folder for
    ``kiosk.toml``), never over an existing file; no config is read and no data file is made."""
    from kiosk.config import write_starting_config

    try:
        written = write_starting_config(args.write_config)
    except FileExistsError as exc:
        raise InvalidInput("cli.config_exists", field="write_config", path=exc.filename or args.write_config) from None
    _emit(args, {"config": str(written)}, translate(args.lang, "cli.config_written", path=written))


def cmd_training_copy(hall: Hall, args: argparse.Namespace) -> None:
    """Copy this hall (data file and archive) to PATH as a training copy where --now may be used."""
    target = Hall.store_for(hall.config, str(Path(args.path).absolute()))
    hall.store.copy_for_training(target)
    _emit(
        args,
        {"copied": str(target.path), "training": True},
        translate(args.lang, "cli.training_copy", path=target.path),
    )


def cmd_checkpoint(hall: Hall, args: argparse.Namespace) -> None:
    """Fold the journal into the data file now (the store does it by itself too: see :class:`kiosk.store.Store`)."""
    folded = hall.checkpoint()
    _emit(args, folded, translate(args.lang, "cli.checkpointed", **folded))


def cmd_archive(hall: Hall, args: argparse.Namespace) -> None:
    """Close every day before today and move it to the archive."""
    moved = hall.close_days(force=args.force, actor=os_user())
    _emit(args, {"moved": moved}, translate(args.lang, "cli.archived", counts=_counts(args.lang, moved)))


def cmd_demo(hall: Hall, args: argparse.Namespace) -> None:
    """Fill the data file with days of realistic history through the real domain."""
    from kiosk import demo

    if args.days < 0 or args.days > 3660:
        raise InvalidInput("demo.days", field="days")  # checked again before anything is made: see open_hall
    counts = demo.generate(hall, args.days, seed=args.seed)
    staff_ids = demo.add_staff(hall)
    _emit(
        args,
        {"days": args.days, "counts": counts, "staff": staff_ids, "pin": demo.DEMO_PIN},
        translate(args.lang, "cli.demo_generated", days=args.days, counts=_counts(args.lang, counts))
        + "\n"
        + translate(args.lang, "staff.demo", ids=", ".join(staff_ids), pin=demo.DEMO_PIN),
    )


def cmd_backups(hall: Hall, args: argparse.Namespace) -> None:
    """List the backups of the data file, or restore one."""
    backups = hall.store.backups()
    if not backups and not hall.store.path.exists():
        raise hall.store.missing_error()  # no hall here at all: most likely a mistyped path
    lang = args.lang
    if args.restore:
        done = hall.restore_backup(args.restore, actor=os_user())
        lines = [translate(lang, "cli.restored", name=done["restored"])]
        if done["kept"]:
            lines.append(translate(lang, "cli.restore_kept", name=done["kept"]))
        if done["dropped"]:
            lines.append(translate(lang, "cli.restore_dropped", counts=_counts(lang, done["dropped"])))
        if done["audit_kept"] is None and done["kept"] is None:
            lines.append(translate(lang, "cli.restore_nothing_replaced"))
        elif done["audit_kept"] is None:
            lines.append(translate(lang, "cli.restore_audit_lost"))
        elif done["audit_kept"]:
            lines.append(translate(lang, "cli.restore_audit_kept", count=done["audit_kept"]))
        _emit(args, done, "\n".join(lines))
        return
    details = [hall.store.describe_backup(b) for b in backups]
    tables = ("tickets", "appointments", "requests", "staff")

    def render() -> None:
        if not details:
            print(translate(lang, "cli.no_backups"))
            return
        rows = [
            [translate(lang, f"cli.col_{c}") for c in ("backup", "taken", "bytes")]
            + [translate(lang, f"cli.table.{t}") for t in tables]
        ]
        for d in details:
            counts = d["records"]
            rows.append(
                [d["name"], d["taken"][:16].replace("T", " "), str(d["bytes"])]
                + (
                    [str(counts.get(t, 0)) for t in tables]
                    if counts is not None
                    else [translate(lang, "cli.damaged"), "", "", ""]
                )
            )
        print(_safe(_columns(rows)))

    _emit(args, {"backups": [b.name for b in backups], "details": details}, render)
