"""Terminal profiles: what each screen of the hall is, and which devices hang off it (``[[terminals]]``).

A hall runs several faces on several machines: kiosks by the door, a console at each counter, a board on the
wall, and (later) an announcer driving the speakers. ``[[terminals]]`` in ``kiosk.toml`` names each one with an
``id`` and says what it is (``mode``), which counter a console serves, which language it starts in, and what is
attached to it: a receipt ``printer`` and a ``sound`` output. ``kiosk run --terminal K1`` (``staff``, ``board``,
``pad`` likewise) starts a face with its profile; without ``--terminal`` every face behaves as it always has.

This module holds the typed profile (read and validated by :mod:`kiosk.config`, which names the key of any
mistake) and :func:`select`, the one rule for starting a face with a profile. It imports nothing heavy: the
printer library is loaded by :mod:`kiosk.printing`, and only when a profile has a printer.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from kiosk.errors import InvalidInput

__all__ = [
    "CONNECTIONS",
    "COUNTER_MODES",
    "MODES",
    "PrinterProfile",
    "SoundProfile",
    "Terminal",
    "client_allowed",
    "select",
]

#: What a terminal may be: the resident kiosk, a counter console, the display board, the speakers' announcer, or a
#: counter's rating pad (评价器, facing the resident across the counter).
MODES = ("kiosk", "staff", "board", "announcer", "pad")
#: How a printer is reached: raw TCP (the common Ethernet thermal printer, port 9100), USB, a serial line, or a
#: device file (``/dev/usb/lp0``).
CONNECTIONS = ("network", "usb", "serial", "file")
#: The command that starts each mode, for the message when a profile is started by the wrong one.
COMMANDS = {"kiosk": "run", "staff": "staff", "board": "board", "announcer": "announce", "pad": "pad"}
#: The modes that stand at one counter: a console may be fixed to one (``counter`` optional), a rating pad always is
#: (``counter`` required).
COUNTER_MODES = ("staff", "pad")


@dataclass(frozen=True)
class PrinterProfile:
    """A receipt printer (ESC/POS) attached to a terminal, and how to reach it."""

    connection: str
    """One of :data:`CONNECTIONS`."""
    host: str | None = None
    """``network``: the printer's host name or address."""
    port: int = 9100
    """``network``: the raw TCP port (9100 on nearly every Ethernet thermal printer)."""
    vendor_id: int | None = None
    """``usb``: the USB vendor id (``0x0416`` in the toml is fine)."""
    product_id: int | None = None
    """``usb``: the USB product id."""
    device: str | None = None
    """``serial``: the serial device (``/dev/ttyUSB0``); ``file``: the device file (``/dev/usb/lp0``)."""
    baudrate: int = 9600
    """``serial``: the line speed."""
    timeout_seconds: float = 3.0
    """The longest one print may take (connect, status, send) before it counts as a fault. The kiosk never waits
    for it: printing runs beside the screen."""
    columns: int = 32
    """Characters per line in the normal font: 32 on 58 mm paper, 48 on 80 mm (the preview's width)."""
    check_status: bool = True
    """Ask the paper sensor (``DLE EOT 4``) before each slip, so that a printer out of paper, off or not answering
    is a fault at once; false for a printer that never answers status requests (a device file never does)."""

    def describe(self) -> str:
        """Where the printer is, for messages: ``network 10.0.0.21:9100``, ``usb 0416:5011``, ``file /dev/usb/lp0``."""
        if self.connection == "network":
            return f"network {self.host}:{self.port}"
        if self.connection == "usb":
            return f"usb {self.vendor_id or 0:04x}:{self.product_id or 0:04x}"
        return f"{self.connection} {self.device}"


@dataclass(frozen=True)
class SoundProfile:
    """The speakers of a terminal (read by the announcer; parsed and validated here so a typo stops the load)."""

    enabled: bool = False
    """Whether this terminal plays sound at all."""
    player: str | None = None
    """The command that plays a WAV file (``aplay``, ``paplay``, ``pw-play``), given the file as its last
    argument; None: the announcer's own choice."""


@dataclass(frozen=True)
class Terminal:
    """One terminal of the hall (``[[terminals]]``): its id, what it is, and what is attached to it."""

    id: str
    """What ``--terminal`` names, and what the devices' fault records are filed under (``K1``, ``C3``)."""
    mode: str
    """One of :data:`MODES`."""
    counter: str | None = None
    """``staff``: the counter the console is fixed to (like ``kiosk staff --counter``), None: picked at sign-in;
    ``pad``: the counter whose rating pad this is (required)."""
    language: str | None = None
    """The language the face starts in and returns to when idle; None: the hall's ``language``."""
    printer: PrinterProfile | None = None
    """The slip printer, if any."""
    sound: SoundProfile = SoundProfile()
    """The speakers (off unless ``sound.enabled``)."""
    allow: tuple[str, ...] = ()
    """``kiosk serve``: the client addresses (``192.168.1.21``) or networks (``192.168.1.0/24``) whose browsers may
    open this terminal's page; the server's own machine (loopback) always may. Empty: only the server's machine."""


def client_allowed(terminal: Terminal, address: str | None) -> bool:
    """Whether a browser at ``address`` may open ``terminal``'s page under ``kiosk serve``: the server's own
    machine (loopback) always, else only an address inside one of the profile's ``allow`` entries. An address
    that cannot be read (None, a Unix socket) is refused."""
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped is not None:
        client = client.ipv4_mapped  # ::ffff:192.168.1.21 from a dual-stack socket
    if client.is_loopback:
        return True
    return any(client in ipaddress.ip_network(entry, strict=False) for entry in terminal.allow)


def select(terminals: tuple[Terminal, ...], terminal_id: str | None, mode: str) -> Terminal | None:
    """The profile ``--terminal terminal_id`` names for a face started in ``mode`` (None without ``--terminal``).

    Refused with one line (:class:`InvalidInput`, exit status 2) when no terminal has that id (the message lists
    those that exist) or when the terminal is of another mode (the message says which command starts it)."""
    if terminal_id is None:
        return None
    for terminal in terminals:
        if terminal.id == terminal_id:
            if terminal.mode != mode:
                raise InvalidInput(
                    "terminal.wrong_mode",
                    field="terminal",
                    value=terminal_id,
                    mode=terminal.mode,
                    command=COMMANDS[terminal.mode],
                )
            return terminal
    known = ", ".join(t.id for t in terminals if t.mode == mode) or "-"
    raise InvalidInput("terminal.unknown", field="terminal", value=terminal_id, known=known)


def reprint_terminal(terminals: tuple[Terminal, ...], own: Terminal | None) -> Terminal | None:
    """The terminal whose printer reprints a slip asked for at ``own`` (the console's ``e`` key, ``kiosk print
    --terminal``): its own printer when it has one, else the first terminal in kiosk.toml that has one (a kiosk in
    the hall); the same without a terminal. None when no terminal has a printer."""
    if own is not None and own.printer is not None:
        return own
    return next((terminal for terminal in terminals if terminal.printer is not None), None)
