"""The console's printer line and reprint key: what the counter staff need of the hall's slip printers.

A kiosk's printer fails where no clerk stands, so the counter screen carries one small line naming every printer
whose last slip failed (:class:`PrinterFaults`, hidden while all is well); it reads the devices again only when a
commit touched them (the app's watcher says which tables changed). The reprint key prints a slip again for a
resident whose slip did not come out, or was lost (:func:`reprint_printer` picks the printer).
"""

from __future__ import annotations

from typing import Any

from kiosk.records import DeviceState
from kiosk.terminals import PrinterProfile, Terminal, reprint_terminal
from screens.widgets import Say

#: The table the devices' states live in (kiosk.devices), as the watcher names it in its changes.
DEVICES_TABLE = "devices"


class PrinterFaults(Say):
    """One line: "The printer of K1 is out of paper (since 09:40) · ...", or nothing (hidden) while every printer works."""

    DEFAULT_CSS = "PrinterFaults { height: auto; color: $error; text-style: bold; }"

    def __init__(self) -> None:
        super().__init__(self._words, id="printer-faults")
        #: The faults last read.
        self.faults: list[DeviceState] = []

    def on_mount(self) -> None:
        """Hidden until a fault is read; read now."""
        self.display = False
        self.reload()

    def hall_changed(self, changes: Any) -> None:
        """The hall changed: read again when the change touched the devices (None: anything may have)."""
        if changes is None or DEVICES_TABLE in changes:
            self.reload()

    def reload(self) -> None:
        """Read the faults in a worker thread (a lock-free snapshot: no store lock, no wait)."""
        hall = self.app.hall  # type: ignore[attr-defined]

        def work() -> None:
            try:
                faults = hall.device_faults()
            except Exception:  # noqa: BLE001  (an unreadable store: the screen's own read says so)
                return
            self.app.call_from_thread(self._took, faults)

        self.run_worker(work, thread=True, group="printer-faults", exclusive=True, exit_on_error=False)

    def _took(self, faults: list[DeviceState]) -> None:
        if faults == self.faults and self.display == bool(faults):
            return
        self.faults = faults
        self.display = bool(faults)
        self.retranslate()

    def _words(self, app: Any) -> str:
        return " · ".join(
            app.t(
                "print.console_fault",
                terminal=fault["terminal"],
                reason=app.t(f"print.fault.{fault['reason']}"),
                time=fault["since"][11:16],
            )
            for fault in self.faults
        )


def reprint_printer(app: Any) -> tuple[Terminal, PrinterProfile] | None:
    """The printer a console reprints on (:func:`kiosk.terminals.reprint_terminal`, the rule ``kiosk print``
    follows too): its own terminal's (``kiosk staff --terminal C3`` with a printer), else the first terminal in
    kiosk.toml that has one (a kiosk in the hall); None when the hall has no printer."""
    terminal = reprint_terminal(app.config.terminals, app.terminal)
    if terminal is None or terminal.printer is None:
        return None
    return terminal, terminal.printer
