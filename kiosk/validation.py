"""Checks and normal forms for what residents and clerks type, and the masks used to show it back.

Each checker returns the value in its normal form or raises :class:`~kiosk.errors.InvalidInput` whose ``field``
names the input, so a screen can put the message beside it. Nothing is written before these pass.

The limits every face gets, because the domain calls these checkers (the CLI and the screens only pass text on):

* Free text has a length limit (:data:`NAME_MAX`, :data:`DESCRIPTION_MAX`, :data:`ADDRESS_MAX`, :data:`NOTE_MAX`,
  :data:`COMMENT_MAX`, :data:`STAFF_ID_MAX`) and refuses control characters (:func:`unsafe`: C0 and C1 controls
  such as NUL and ESC, bidi overrides and other format characters, lone surrogates, private and unassigned code
  points, line and paragraph separators). Only a multi-line field (a request's description) takes newlines and
  tabs; names, addresses, notes, reasons and comments are one line. Emoji are allowed where free text is.
* Every date and instant falls within :data:`EARLIEST` .. :data:`LATEST` (2000-01-01 .. 2100-12-31), so date
  arithmetic never overflows; full-width digits from a Chinese input method are read as ASCII digits.

The other way round, :func:`for_terminal` neutralises what a record holds before it is printed to a terminal, and
:func:`quote` / :func:`shown` put typed input into a one-line error message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from kiosk import codes
from kiosk.errors import InvalidInput

NAME_MAX = 30
DESCRIPTION_MAX = 500
DESCRIPTION_MIN = 5
ADDRESS_MAX = 120
NOTE_MAX = 300
COMMENT_MAX = 300
STAFF_ID_MAX = 20
#: The first and last day any date, time or ``--now`` may fall on: far enough for any real use, near enough that
#: adding a booking horizon or a day never leaves what ``datetime`` can hold.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
#: How many characters of a typed value an error message quotes (then an ellipsis).
QUOTE_MAX = 40

# Mainland China mobile numbers: 11 digits starting 13-19. A +86 / 0086 prefix and spaces or dashes are allowed.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # [0-9], not \d: \d also matches full-width and other scripts' digits
# Mainland landlines with their area code (trunk 0 first): 010 and 020-029 take an 8-digit local number, the
# 4-digit area codes (0311, 0571, 0991...) a 7- or 8-digit one; a local number never starts with 0.
_LANDLINE = re.compile(r"0(?:10|2[0-9])[1-9][0-9]{7}|0[3-9][0-9]{2}[1-9][0-9]{6,7}")
_PHONE_PREFIX = re.compile(r"^(\+?86|0086)")
_PHONE_NOISE = re.compile(r"[\s\-()]")
# A name: letters of any script (CJK included), with spaces, middle dots (阿依古丽·买买提), hyphens, apostrophes.
_NAME_EXTRA = set(" ·•-'’.")


#: Format characters that real text needs: the zero-width non-joiner and joiner (emoji sequences such as 👨‍👩‍👧,
#: Indic and Arabic scripts). Every other format character (bidi overrides, zero-width space, BOM...) is refused.
_JOINERS = frozenset("\u200c\u200d")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def unsafe(char: str, *, multiline: bool = False) -> bool:
    """Whether ``char`` may not be stored in free text nor printed to a terminal as it is: a C0 or C1 control
    (NUL, ESC, DEL, CSI...), a format character other than the joiners (bidi overrides and isolates), a lone
    surrogate (undecodable bytes), a private or unassigned code point, a line or paragraph separator. A newline
    and a tab are safe only in a ``multiline`` field."""
    if char in "\n\t":
        return not multiline
    if char in _JOINERS:
        return False
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _no_controls(text: str, *, allow_newlines: bool) -> bool:
    return not any(unsafe(char, multiline=allow_newlines) for char in text)


def undecodable(text: str) -> bool:
    """Whether ``text`` holds a surrogate: bytes that were not valid UTF-8 (Python's ``surrogateescape`` of
    ``sys.argv``) or a NUL, which no real command line can carry. Such an argument is refused whole."""
    return "\0" in text or any("\ud800" <= char <= "\udfff" for char in text)


def _escape(char: str) -> str:
    """``char`` written as a visible escape: ``\\n``, ``\\x1b``, ``\\u202e``; an undecodable byte as ``\\xff``."""
    code_point = ord(char)
    if 0xDC80 <= code_point <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code_point - 0xDC00:02x}"
    if char in "\n\t\r":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}[char]
    if code_point < 0x100:
        return f"\\x{code_point:02x}"
    return f"\\u{code_point:04x}" if code_point < 0x10000 else f"\\U{code_point:08x}"


def _visible(text: str) -> str:
    return "".join(_escape(char) if unsafe(char) else char for char in text)


def shown(value: Any, limit: int | None = QUOTE_MAX) -> str:
    """``value`` as text for one line of a message: controls, newlines and the like escaped (:func:`unsafe`), and
    cut to ``limit`` characters with an ellipsis (``None``: never cut). Backslashes are left alone, so escaping
    twice changes nothing."""
    text = str(value)
    if limit is not None and len(text) > limit:
        return _visible(text[:limit]) + "…"
    return _visible(text)


def quote(value: Any, limit: int = QUOTE_MAX) -> str:
    """Typed input quoted for an error message, repr-like and on one line: ``'2026\\n-11-24'``; input longer than
    ``limit`` characters is cut, with an ellipsis after the closing quote."""
    text = str(value)
    cut = len(text) > limit
    return f"'{_visible(text[:limit])}'" + ("…" if cut else "")


def for_terminal(value: Any) -> Any:
    """What a record holds, made safe to print to a terminal: in every string (through lists, tuples and dicts,
    keys included) each character :func:`unsafe` in one line is replaced by its visible escape, so an ESC sequence
    in a note shows as ``\\x1b[2J`` instead of clearing the screen, and a newline cannot start a fake line."""
    if isinstance(value, str):
        return _visible(value)
    if isinstance(value, Mapping):
        return {for_terminal(key): for_terminal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [for_terminal(item) for item in value]
    if isinstance(value, tuple):
        return tuple(for_terminal(item) for item in value)
    return value


def phone(text: str, field: str = "phone") -> str:
    """A mainland phone number as its digits: a mobile (11 digits, ``13812345678``) or a landline with its area
    code (``01012345678`` from ``010-12345678``, ``(0571) 8765 4321`` or ``+86 10 1234 5678``), so that residents
    without a mobile can book too. Either way its last four digits prove an appointment is theirs."""
    # codes.fold turns what a Chinese input method types in full-width mode (１３８, ＋８６, －) into ASCII.
    cleaned = _PHONE_NOISE.sub("", codes.fold(text or "").strip())
    raw = _PHONE_PREFIX.sub("", cleaned)
    if not raw:
        raise InvalidInput("input.phone_missing", field=field)
    if raw != cleaned and not _MOBILE.fullmatch(raw) and _LANDLINE.fullmatch("0" + raw):
        raw = "0" + raw  # +86 10 1234 5678: written as dialled from abroad, a landline drops its trunk 0
    if not (_MOBILE.fullmatch(raw) or _LANDLINE.fullmatch(raw)):
        raise InvalidInput("input.phone_invalid", field=field)
    return raw


def landline_area(number: str) -> str:
    """The area code of a landline in normal form (``010`` of ``01012345678``), or ``""`` for a mobile."""
    if not number.startswith("0"):
        return ""
    return number[:3] if number[1] in "12" else number[:4]


def phone_last4(text: str, field: str = "phone_last4") -> str:
    """Exactly four digits: the end of the phone number an appointment was booked with."""
    raw = "".join(codes.fold(text or "").split())  # ４ ５ ６ ７ typed with spaces is still 4567
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise InvalidInput("input.last4_invalid", field=field)
    return raw


def name(text: str, field: str = "name") -> str:
    """A person's name: 1 to 30 letters, spaces folded (a control character, a tab or a newline is refused)."""
    if not _no_controls(text or "", allow_newlines=False):
        raise InvalidInput("input.name_invalid", field=field)
    value = " ".join((text or "").split())
    if not value:
        raise InvalidInput("input.name_missing", field=field)
    if len(value) > NAME_MAX:
        raise InvalidInput("input.too_long", field=field, limit=NAME_MAX)
    if not all(char.isalpha() or char in _NAME_EXTRA for char in value) or not any(c.isalpha() for c in value):
        raise InvalidInput("input.name_invalid", field=field)
    return value


def text_block(
    text: str, field: str, *, minimum: int = 0, maximum: int, required: bool = True, multiline: bool = False
) -> str:
    """Free text (a description, a note, a reason, a comment): trimmed, within ``minimum``..``maximum``
    characters, nothing :func:`unsafe`; newlines (and tabs) only when ``multiline``."""
    value = (text or "").replace("\r\n", "\n").strip()
    if not value:
        if required:
            raise InvalidInput("input.required", field=field)
        return ""
    if len(value) > maximum:
        raise InvalidInput("input.too_long", field=field, limit=maximum)
    if len(value) < minimum:
        raise InvalidInput("input.too_short", field=field, minimum=minimum)
    if not _no_controls(value, allow_newlines=multiline):
        raise InvalidInput("input.bad_characters", field=field)
    return value


def description(text: str, field: str = "description") -> str:
    """A service request's description: the one free text that may span lines."""
    return text_block(text, field, minimum=DESCRIPTION_MIN, maximum=DESCRIPTION_MAX, multiline=True)


def address(text: str | None, field: str = "address", *, required: bool = False) -> str:
    """A street address on one line, optional unless ``required``."""
    return text_block(text or "", field, maximum=ADDRESS_MAX, required=required)


def _digits(text: str | None) -> str:
    """``text`` trimmed, full-width digits and punctuation (from a Chinese input method) folded to ASCII."""
    return unicodedata.normalize("NFKC", text or "").strip()


def in_range(value: date, field: str = "date", text: str | None = None) -> date:
    """``value`` when it falls within :data:`EARLIEST` .. :data:`LATEST`, else :class:`InvalidInput`."""
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(
            "input.date_range",
            field=field,
            value=value.isoformat() if text is None else text,
            first=EARLIEST.isoformat(),
            last=LATEST.isoformat(),
        )
    return value


def day(text: str, field: str = "date") -> date:
    """A calendar date written ``YYYY-MM-DD``, from 2000-01-01 to 2100-12-31."""
    raw = _digits(text)
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):  # [0-9]: \d also matches other scripts' digits
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("input.date_invalid", field=field, value=text or "") from None
    return in_range(value, field, text)


def clock_time(text: str, field: str = "time") -> time:
    """A time of day written ``HH:MM``."""
    raw = _digits(text)
    if not re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", raw):
        raise InvalidInput("input.time_invalid", field=field, value=text or "")
    hours, minutes = (int(part) for part in raw.split(":"))
    if hours > 23 or minutes > 59:
        raise InvalidInput("input.time_invalid", field=field, value=raw)
    return time(hours, minutes)


def instant(text: str, tz: tzinfo, field: str = "now") -> datetime:
    """An ISO-8601 instant such as ``2026-11-23T09:15`` (hall time unless an offset is given), aware in ``tz``,
    on a day from 2000-01-01 to 2100-12-31 both as written and in hall time."""
    raw = _digits(text)
    try:
        if not raw or not raw.isascii() or not raw[:1].isdigit():
            raise ValueError(raw)
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("input.instant_invalid", field=field, value=text or "") from None
    in_range(value.date(), field, text)  # first as written: converting a far-off instant could overflow
    value = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    in_range(value.date(), field, text)
    return value


def staff_id(text: str, field: str = "staff") -> str:
    """A staff id: 1 to 20 letters, digits, ``-``, ``_`` or ``.`` (full-width input folded to ASCII, case kept)."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value or len(value) > STAFF_ID_MAX or not all(c.isalnum() or c in "-_." for c in value):
        raise InvalidInput("input.staff_invalid", field=field)
    return value


def code(text: str, field: str = "code") -> str:
    """A code in canonical form; says whether it is malformed or fails its check character."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput("input.code_missing", field=field)
    canonical = codes.normalize(raw)  # folds a full-width code from an input method (codes.fold)
    if canonical is None:
        raise InvalidInput("input.code_invalid", field=field)
    return canonical


def mask_phone(number: str | None) -> str:
    """``13812345678`` -> ``138****5678``; a landline keeps its area code: ``01012345678`` -> ``010-****5678``."""
    if not number:
        return ""
    if len(number) < 8:
        return "****"
    area = landline_area(number)
    if area:
        return f"{area}-****{number[-4:]}"
    return number[:3] + "****" + number[-4:]


def mask_name(full_name: str | None) -> str:
    """Keep the first character of each word: ``张三`` -> ``张*``, ``John Smith`` -> ``J*** S****``."""
    if not full_name:
        return ""
    words = full_name.split()
    if len(words) == 1 and not full_name.isascii():
        return full_name[0] + "*" * max(1, len(full_name) - 1)
    return " ".join(word[0] + "*" * max(1, len(word) - 1) for word in words)
