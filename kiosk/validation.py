"""Checks and normal forms for what residents and clerks type, and the masks used to show it back.

Each checker returns the value in its normal form or raises :class:`~kiosk.errors.InvalidInput` whose ``field``
names the input, so a screen can put the message beside it. Nothing is written before these pass.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

from kiosk import codes
from kiosk.errors import InvalidInput

NAME_MAX = 30
DESCRIPTION_MAX = 500
DESCRIPTION_MIN = 5
ADDRESS_MAX = 120
NOTE_MAX = 300
COMMENT_MAX = 300
STAFF_ID_MAX = 20

# Mainland China mobile numbers: 11 digits starting 13-19. A +86 / 0086 prefix and spaces or dashes are allowed.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # [0-9], not \d: \d also matches full-width and other scripts' digits
_PHONE_PREFIX = re.compile(r"^(\+?86|0086)")
_PHONE_NOISE = re.compile(r"[\s\-()]")
# A name: letters of any script (CJK included), with spaces, middle dots (阿依古丽·买买提), hyphens, apostrophes.
_NAME_EXTRA = set(" ·•-'’.")


def _no_controls(text: str, *, allow_newlines: bool) -> bool:
    for char in text:
        if char in "\n\t" and allow_newlines:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return False
    return True


def phone(text: str, field: str = "phone") -> str:
    """A mainland mobile number as 11 digits."""
    # NFKC turns what a Chinese input method types in full-width mode (１３８, ＋８６) into ASCII.
    raw = _PHONE_PREFIX.sub("", _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", text or "").strip()))
    if not raw:
        raise InvalidInput("input.phone_missing", field=field)
    if not _MOBILE.fullmatch(raw):
        raise InvalidInput("input.phone_invalid", field=field)
    return raw


def phone_last4(text: str, field: str = "phone_last4") -> str:
    """Exactly four digits: the end of the phone number an appointment was booked with."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise InvalidInput("input.last4_invalid", field=field)
    return raw


def name(text: str, field: str = "name") -> str:
    """A person's name: 1 to 30 letters, spaces folded."""
    value = " ".join((text or "").split())
    if not value:
        raise InvalidInput("input.name_missing", field=field)
    if len(value) > NAME_MAX:
        raise InvalidInput("input.too_long", field=field, limit=NAME_MAX)
    if not all(char.isalpha() or char in _NAME_EXTRA for char in value) or not any(c.isalpha() for c in value):
        raise InvalidInput("input.name_invalid", field=field)
    return value


def text_block(text: str, field: str, *, minimum: int = 0, maximum: int, required: bool = True) -> str:
    """Free text (a description, a note): trimmed, within ``minimum``..``maximum`` characters, no control codes."""
    value = (text or "").replace("\r\n", "\n").strip()
    if not value:
        if required:
            raise InvalidInput("input.required", field=field)
        return ""
    if len(value) > maximum:
        raise InvalidInput("input.too_long", field=field, limit=maximum)
    if len(value) < minimum:
        raise InvalidInput("input.too_short", field=field, minimum=minimum)
    if not _no_controls(value, allow_newlines=True):
        raise InvalidInput("input.bad_characters", field=field)
    return value


def description(text: str, field: str = "description") -> str:
    """A service request's description."""
    return text_block(text, field, minimum=DESCRIPTION_MIN, maximum=DESCRIPTION_MAX)


def address(text: str | None, field: str = "address", *, required: bool = False) -> str:
    """A street address, optional unless ``required``."""
    value = text_block(text or "", field, maximum=ADDRESS_MAX, required=required)
    if "\n" in value:
        raise InvalidInput("input.bad_characters", field=field)
    return value


def day(text: str, field: str = "date") -> date:
    """A calendar date written ``YYYY-MM-DD``."""
    raw = (text or "").strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("input.date_invalid", field=field, value=(text or "")[:20]) from None


def clock_time(text: str, field: str = "time") -> time:
    """A time of day written ``HH:MM``."""
    raw = (text or "").strip()
    if not re.fullmatch(r"\d{1,2}:\d{2}", raw):
        raise InvalidInput("input.time_invalid", field=field, value=raw[:20])
    hours, minutes = (int(part) for part in raw.split(":"))
    if hours > 23 or minutes > 59:
        raise InvalidInput("input.time_invalid", field=field, value=raw)
    return time(hours, minutes)


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
    canonical = codes.normalize(raw)
    if canonical is None:
        raise InvalidInput("input.code_invalid", field=field)
    return canonical


def mask_phone(number: str | None) -> str:
    """``13812345678`` -> ``138****5678``."""
    if not number:
        return ""
    return number[:3] + "****" + number[-4:] if len(number) >= 8 else "****"


def mask_name(full_name: str | None) -> str:
    """Keep the first character of each word: ``张三`` -> ``张*``, ``John Smith`` -> ``J*** S****``."""
    if not full_name:
        return ""
    words = full_name.split()
    if len(words) == 1 and not full_name.isascii():
        return full_name[0] + "*" * max(1, len(full_name) - 1)
    return " ".join(word[0] + "*" * max(1, len(word) - 1) for word in words)
