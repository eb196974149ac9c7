"""Slips on paper: a :class:`~kiosk.slips.Slip` rendered to ESC/POS bytes, sent to the terminal's printer, and
those bytes read back as a text preview.

* :func:`render` builds the bytes with python-escpos (the library FQM uses; its ``Dummy`` printer collects
  commands) for layout, sizes, the printer-drawn QR code (``GS ( k``) and the cut. Chinese text is encoded here,
  not by python-escpos: thermal printers sold in China print GB18030 in their Chinese mode, which no code page
  of python-escpos covers. A line with any non-ASCII character is sent as ``FS &`` (enter Chinese mode), the
  GB18030 bytes, ``FS .`` (leave it); an ASCII line as plain bytes.
* :func:`send` opens the profile's connection (raw TCP, USB, serial or a device file), asks the paper sensor
  first (``DLE EOT 4``, when the profile's ``check_status`` allows: a printer that is off, out of paper or
  never answers is a fault before a slip is lost in it), writes the bytes and closes; every step is bounded by
  the profile's ``timeout_seconds``. Any failure is a :class:`PrinterFault` with a reason a resident's screen,
  the console and ``kiosk check`` can say.
* :func:`decode` and :func:`preview` read our own bytes back: lines with their size and alignment, the QR
  payload as ``[QR: CODE]``, the cut. ``kiosk print CODE --preview`` shows it; the tests assert on it.

python-escpos (and Pillow, qrcode, PyYAML behind it: half a second) is imported only inside these functions,
so a kiosk without a printer never loads it (``kiosk run`` starts as fast as before).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import terminal_cells
from kiosk.slips import Slip
from kiosk.terminals import PrinterProfile

__all__ = ["PrinterFault", "Decoded", "cells", "decode", "preview", "render", "send", "warm_up", "wrap"]

ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"
#: Enter and leave the Chinese character mode of printers sold in China (GB18030 text between the two).
CHINESE_ON, CHINESE_OFF = FS + b"&", FS + b"."
#: Ask the paper roll sensor (real-time status 4); the answer's bits 5 and 6 set mean the paper is out.
PAPER_STATUS = DLE + EOT + b"\x04"
PAPER_OUT_BITS = 0x60
#: The QR code's module size in dots (6: about 2.5 cm across for a 9-character code, easy for a scanner).
QR_SIZE = 6
#: Fault reasons (catalog ``print.fault.<reason>``).
REASONS = ("unreachable", "no_answer", "out_of_paper", "not_installed", "error")


class PrinterFault(Exception):
    """A print that did not happen: ``reason`` is one of :data:`REASONS`, ``detail`` the library's words."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def warm_up() -> None:
    """Import python-escpos now (half a second, once per process), so that the first slip does not pay for it.
    A terminal with a printer calls it in the background at start; without python-escpos it does nothing."""
    try:
        import escpos.printer  # noqa: F401
    except ImportError:
        pass


def _encode(text: str) -> bytes:
    """A line's words as the printer takes them: ASCII as it is; anything else in Chinese mode, GB18030."""
    if text.isascii():
        return text.encode("ascii")
    return CHINESE_ON + text.encode("gb18030", errors="replace") + CHINESE_OFF


# --------------------------------------------------------------------------------------------------------------
# Wrapping: a line cut where the printer would cut it mid-word is cut here first
# --------------------------------------------------------------------------------------------------------------

#: Characters a printed line may not start with (closing punctuation: simple kinsoku, 禁则).
NO_LINE_START = frozenset("。，、．,.：:；;！!？?）)」』”’》〉】〕…～%")
#: Characters a printed line may not end with (opening punctuation).
NO_LINE_END = frozenset("（(「『“‘《〈【〔")


def cells(text: str) -> int:
    """How many columns ``text`` takes on the printer: an ASCII character one, any other two (in the Chinese mode
    every GB18030 character is printed full width: Chinese characters, their punctuation, ``·``)."""
    return sum(1 if ord(char) < 128 else 2 for char in text)


def _tokens(text: str) -> list[tuple[bool, str]]:
    """``text`` as the pieces a line may break between, each with whether a space stood before it: a run of
    ASCII characters (an English word, a number, a code) stays whole; every other character is a piece of its
    own (Chinese breaks between any two characters)."""
    tokens: list[tuple[bool, str]] = []
    space = False
    word = ""
    for char in text:
        if char == " ":
            if word:
                tokens.append((space, word))
                word, space = "", False
            space = True
        elif ord(char) < 128:
            word += char
        else:
            if word:
                tokens.append((space, word))
                word, space = "", False
            tokens.append((space, char))
            space = False
    if word:
        tokens.append((space, word))
    return tokens


def _width(tokens: list[tuple[bool, str]]) -> int:
    return sum(cells(token) + (1 if space and n else 0) for n, (space, token) in enumerate(tokens))


def _join(tokens: list[tuple[bool, str]]) -> str:
    return "".join((" " if space and n else "") + token for n, (space, token) in enumerate(tokens))


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` printer columns (:func:`cells`): English broken between words (a word
    longer than a line is cut), Chinese between characters, never starting a line with closing punctuation
    (。，、）」…) nor ending one with opening punctuation (（「“…): the character before moves down with it. An empty
    text is one empty line."""
    width = max(1, width)
    pieces: list[tuple[bool, str]] = []
    for space, token in _tokens(text):
        while cells(token) > width:  # a word longer than a line: cut it
            cut = width if token.isascii() else max(1, width // 2)
            pieces.append((space, token[:cut]))
            token, space = token[cut:], False
        pieces.append((space, token))
    lines: list[list[tuple[bool, str]]] = []
    current: list[tuple[bool, str]] = []
    for piece in pieces:
        if not current or _width(current + [piece]) <= width:
            current.append(piece)
            continue
        carry = [piece]
        kept = list(current)
        while carry[0][1][0] in NO_LINE_START and len(kept) > 1:
            carry.insert(0, kept.pop())
        while kept[-1][1][-1] in NO_LINE_END and len(kept) > 1:
            carry.insert(0, kept.pop())
        if _width(carry) > width:  # the rule cannot be kept here: break plainly
            kept, carry = current, [piece]
        lines.append(kept)
        current = carry
    lines.append(current)
    return [_join(line) for line in lines]


def render(slip: Slip, *, columns: int = 32) -> bytes:
    """The ESC/POS bytes of ``slip`` for a printer of ``columns`` characters a line: initialise, each line with
    its size, weight and alignment, wrapped to the paper (:func:`wrap`; a double-size line to half the columns),
    the QR code drawn by the printer, a feed and a full cut."""
    try:
        from escpos.printer import Dummy
    except ImportError as exc:
        raise PrinterFault("not_installed", str(exc)) from None
    out = Dummy()
    out._raw(ESC + b"@")
    for line in slip.lines:
        out.set(align="center" if line.center else "left")
        if line.kind == "rule":
            out.set(normal_textsize=True, bold=False)
            out._raw(b"-" * columns + LF)
        elif line.kind == "qr":
            out.qr(line.text, native=True, size=QR_SIZE)
        else:
            double = line.size == "double"
            if double:
                out.set(double_width=True, double_height=True, bold=line.bold)
            else:
                out.set(normal_textsize=True, bold=line.bold)
            for text in wrap(line.text, columns // 2 if double else columns):
                out._raw(_encode(text) + LF)
    out.set(align="left", normal_textsize=True, bold=False)
    out.cut()
    return bytes(out.output)


# --------------------------------------------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------------------------------------------


def _connection(profile: PrinterProfile) -> Any:
    """The python-escpos printer object for ``profile`` (not yet open)."""
    try:
        from escpos import printer
    except ImportError as exc:
        raise PrinterFault("not_installed", str(exc)) from None
    timeout = profile.timeout_seconds
    if profile.connection == "network":
        return printer.Network(profile.host or "", port=profile.port, timeout=timeout)
    if profile.connection == "usb":
        return printer.Usb(profile.vendor_id, profile.product_id, timeout=int(timeout * 1000))
    if profile.connection == "serial":
        return printer.Serial(profile.device or "", baudrate=profile.baudrate, timeout=timeout)
    return printer.File(profile.device or "")


def send(profile: PrinterProfile, data: bytes) -> None:
    """Write ``data`` to the printer of ``profile``; :class:`PrinterFault` when it cannot be done (nothing is
    retried: the caller records the fault, and staff reprint)."""
    device = _connection(profile)
    try:
        try:
            device.open()
        except OSError as exc:
            raise PrinterFault("unreachable", str(exc)) from None
        except Exception as exc:  # python-escpos's DeviceNotFoundError and the USB and serial libraries' own
            raise PrinterFault("unreachable", " ".join(str(exc).split())) from None
        if profile.check_status and profile.connection != "file":  # a device file cannot answer
            try:
                status = device.query_status(PAPER_STATUS)
            except (socket.timeout, TimeoutError):
                raise PrinterFault("no_answer") from None
            if not status:
                raise PrinterFault("no_answer")
            if status[0] & PAPER_OUT_BITS == PAPER_OUT_BITS:
                raise PrinterFault("out_of_paper")
        try:
            device._raw(data)
        except (socket.timeout, TimeoutError):
            raise PrinterFault("no_answer") from None
    except PrinterFault:
        raise
    except OSError as exc:
        raise PrinterFault("unreachable", str(exc)) from None
    except Exception as exc:  # whatever else a driver raises must not reach the kiosk as a traceback
        raise PrinterFault("error", f"{type(exc).__name__}: {exc}") from None
    finally:
        try:
            device.close()
        except Exception:  # noqa: BLE001  (closing a broken connection may fail too; the fault is already said)
            pass


# --------------------------------------------------------------------------------------------------------------
# Reading our bytes back
# --------------------------------------------------------------------------------------------------------------


@dataclass
class DecodedLine:
    """One printed line as read back from the bytes."""

    text: str = ""
    double: bool = False
    bold: bool = False
    center: bool = False
    chinese: bool = False
    """Sent in the Chinese mode (GB18030)."""


@dataclass
class Decoded:
    """What a run of our ESC/POS bytes prints: its lines, the QR payloads, and whether it ends with a cut."""

    lines: list[DecodedLine] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)
    cut: bool = False
    #: The order of things: ``("line", DecodedLine)``, ``("qr", payload)``, ``("cut", "")``.
    items: list[tuple[str, Any]] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every printed line's words."""
        return [line.text for line in self.lines]


#: Commands with one parameter byte that the decoder skips (codepage, underline, font, feed handled apart).
_ONE_BYTE = {b"t", b"-", b"M", b"G", b"{", b"3", b"J", b"p"}


def decode(data: bytes) -> Decoded:
    """Read ESC/POS bytes as :func:`render` writes them (the tests' fake printer and ``--preview`` use it)."""
    result = Decoded()
    double = bold = center = chinese = False
    pending = bytearray()
    pending_chinese = False
    qr_data = ""
    i = 0

    def flush() -> None:
        nonlocal pending, pending_chinese
        text = pending.decode("gb18030", errors="replace")
        line = DecodedLine(text, double, bold, center, pending_chinese)
        result.lines.append(line)
        result.items.append(("line", line))
        pending = bytearray()
        pending_chinese = False

    while i < len(data):
        byte = data[i : i + 1]
        nxt = data[i + 1 : i + 2]
        if byte == ESC:
            if nxt == b"@":
                double = bold = center = False
                i += 2
            elif nxt == b"!":
                double = bool(data[i + 2] & 0x30)
                i += 3
            elif nxt == b"E":
                bold = bool(data[i + 2])
                i += 3
            elif nxt == b"a":
                center = data[i + 2] == 1
                i += 3
            elif nxt == b"d":
                i += 3
            elif nxt in _ONE_BYTE:
                i += 3
            else:
                i += 2
        elif byte == GS:
            if nxt == b"!":
                double = bool(data[i + 2] & 0x11)
                i += 3
            elif nxt == b"(" and data[i + 2 : i + 3] == b"k":
                length = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5 : i + 5 + length]
                if body[:2] == b"1P":
                    qr_data = body[3:].decode("utf-8", errors="replace")
                elif body[:2] == b"1Q":
                    result.qr.append(qr_data)
                    result.items.append(("qr", qr_data))
                i += 5 + length
            elif nxt == b"V":
                mode = data[i + 2]
                i += 4 if mode in (65, 66) else 3
                result.cut = True
                result.items.append(("cut", ""))
            else:
                i += 3
        elif byte == FS:
            if nxt == b"&":
                chinese = pending_chinese = True
            elif nxt == b".":
                chinese = False
            i += 3 if nxt == b"!" else 2
        elif byte == DLE:
            i += 3
        elif byte == LF:
            flush()
            i += 1
        else:
            pending += byte
            pending_chinese = pending_chinese or chinese
            i += 1
    if pending:
        flush()
    return result


def preview(data: bytes, *, columns: int = 32) -> str:
    """What ``data`` would print, as text ``columns`` wide: double-size lines spread out (``A 0 0 1``), centred
    lines centred, long lines wrapped by :func:`wrap` as :func:`render` wraps them for the paper (the lines of our
    own bytes already are), the QR code as ``[QR: payload]`` and the cut as a line of scissors."""
    out = ["+" + "-" * columns + "+"]
    for kind, item in decode(data).items:
        if kind == "line":
            for piece in wrap(item.text, columns // 2 if item.double else columns):
                text = " ".join(piece) if item.double else piece
                if item.center:
                    text = " " * (max(0, columns - terminal_cells(text)) // 2) + text
                out.append("|" + text + " " * max(0, columns - terminal_cells(text)) + "|")
        elif kind == "qr":
            text = f"[QR: {item}]"
            pad = max(0, columns - len(text))
            out.append("|" + " " * (pad // 2) + text + " " * (pad - pad // 2) + "|")
        else:
            out.append("+" + "- ✂ " * (columns // 4) + "-" * (columns % 4) + "+")
    return "\n".join(out)
